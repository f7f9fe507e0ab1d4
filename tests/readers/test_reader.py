"""Reading one workbook: values found by key, every problem located by file › sheet › cell."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from pathlib import Path

from openpyxl import load_workbook

from conftest import minimal_form
from reportgen.contract import schema
from reportgen.contract.roster import CommitteeId, Level, committee_of
from reportgen.readers.workbook import read_workbook
from reportgen.writers.xlsx.forms import Formula, Identity, save_bytes, set_value

CASES = schema.CASES.title  # "6 ສະຖິຕິຄະດີ"


def codes(sub) -> list[str]:
    return [i.code for i in sub.issues]


def test_reads_example_values_by_key(example_inputs: Path):
    sub = read_workbook(example_inputs / "LA-XA.xlsx")
    assert sub.issues == []
    assert sub.level == "province" and sub.province == "LA-XA" and sub.year == 2019
    assert sub.sample is True
    assert isinstance(sub.counts["cases.received.total"], int)
    assert sub.lists["achievements"] and sub.lists["achievements"][0].get("area") in {a.key for a in schema.AREAS}


def test_district_name_resolves_to_its_code(example_inputs: Path):
    sub = read_workbook(example_inputs / "LA-XA-0801.xlsx")
    assert sub.district == "0801"
    assert committee_of(sub) == CommitteeId(Level.DISTRICT, "LA-XA", "0801")


def test_text_in_count_cell_is_located_and_bilingual(write_form):
    path = write_form(edit=lambda wb: set_value(wb, "cases", "received", "total", "ສິບ"))
    sub = read_workbook(path)
    assert [i.format() for i in sub.issues] == [
        f"LA-XA.xlsx › {CASES} › E5: ຕ້ອງໃສ່ຈຳນວນເຕັມ ບໍ່ຕິດລົບ, ແຕ່ໃນຫ້ອງນີ້ມີຂໍ້ຄວາມ \"ສິບ\" / "
        "must be a whole number ≥ 0, found the text \"ສິບ\" [ຂໍ້ຜິດພາດ / error]\n"
        "    → ໃສ່ຕົວເລກ ເຊັ່ນ 0, 1, 12 (ປະວ່າງໄວ້ຖ້າບໍ່ຮູ້) / enter a number such as 0, 1, 12 (leave empty if unknown)"
    ]


def test_negative_decimal_and_date_in_count_cells(write_form):
    def edit(wb):
        set_value(wb, "cases", "received", "total", -2)
        set_value(wb, "cases", "investigated", "total", 2.5)
        set_value(wb, "cases", "to_prosecutor", "total", dt.date(2019, 5, 1))
    sub = read_workbook(write_form(edit=edit))
    assert codes(sub) == ["number.negative", "number.decimal", "number.type"]
    assert [i.where.cell for i in sub.issues] == ["E5", "E6", "E7"]


def test_empty_count_is_not_reported_and_zero_is_zero(write_form):
    sub = read_workbook(write_form(edit=lambda wb: set_value(wb, "cases", "to_prosecutor", "total", 0)))
    assert sub.counts["cases.to_prosecutor.total"] == 0
    assert sub.counts["cases.court_decided.total"] is None


def test_numbers_typed_as_text_and_lao_digits_are_accepted(write_form):
    def edit(wb):
        set_value(wb, "cases", "received", "total", "12")
        set_value(wb, "cases", "investigated", "total", "໕")
    sub = read_workbook(write_form(edit=edit))
    assert sub.issues == []
    assert sub.counts["cases.received.total"] == 12 and sub.counts["cases.investigated.total"] == 5


def test_unknown_province_suggests_closest(write_form):
    sub = read_workbook(write_form(edit=lambda wb: set_value(wb, "submission", "province", "value", "ໄຊຍະບູລີີ")))
    assert codes(sub) == ["province.unknown"]
    assert "ໄຊຍະບູລີ" in sub.issues[0].lo and "unknown province" in sub.issues[0].en
    assert sub.issues[0].where.cell == "E6"


def test_old_spelling_of_province_is_accepted(write_form):
    ident = Identity("province", 2019, "LA-LP")
    sub = read_workbook(write_form("LA-LP.xlsx", ident, edit=lambda wb: set_value(
        wb, "submission", "province", "value", "ຫລວງພະບາງ")))
    assert sub.issues == [] and sub.province == "LA-LP"


def test_missing_sheet_is_named(write_form):
    def edit(wb):
        del wb[schema.VICTIMS.title]
    sub = read_workbook(write_form(edit=edit))
    assert codes(sub) == ["sheet.missing"]
    assert sub.issues[0].format().startswith(f"LA-XA.xlsx › {schema.VICTIMS.title}: ບໍ່ພົບແຜ່ນງານ")


def test_renamed_and_reordered_sheets_are_still_found_by_key(write_form):
    def edit(wb):
        ws = wb[CASES]
        ws.title = "Cases (edited)"
        wb.move_sheet(ws, offset=-5)
    sub = read_workbook(write_form(edit=edit))
    assert sub.issues == []
    assert sub.counts["cases.received.total"] == 4
    assert sub.refs["cases.received.total"].sheet == "Cases (edited)"


def test_tampered_column_key_is_recognised(write_form):
    def edit(wb):
        wb[CASES].cell(1, 5).value = "totl"
    sub = read_workbook(write_form(edit=edit))
    assert set(codes(sub)) == {"form.tampered"}
    assert any("totl" in i.en for i in sub.issues)


def test_outdated_form_version_is_refused(write_form):
    def edit(wb):
        meta = wb[schema.META_SHEET]
        for row in meta.iter_rows():
            if row[0].value == "schema_version":
                row[1].value = 0
    sub = read_workbook(write_form(edit=edit))
    assert codes(sub) == ["form.version"]


def test_formula_without_cached_value_is_an_error(write_form):
    path = write_form(edit=lambda wb: set_value(wb, "cases", "received", "total", Formula("=2+3")))
    sub = read_workbook(path)  # openpyxl stores formulas without results, like scripts do
    assert codes(sub) == ["formula.uncached"]
    assert sub.issues[0].where.cell == "E5"


def test_formula_with_cached_value_is_read(write_form, tmp_path: Path):
    path = write_form(edit=lambda wb: set_value(wb, "cases", "received", "total", Formula("=2+3")))
    data = path.read_bytes()
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        for info in src.infolist():
            body = src.read(info.filename)
            if info.filename.startswith("xl/worksheets/"):
                body = body.replace(b"<f>2+3</f><v></v>", b"<f>2+3</f><v>5</v>").replace(b"<f>2+3</f></c>", b"<f>2+3</f><v>5</v></c>")
            z.writestr(info, body)
    path.write_bytes(out.getvalue())
    sub = read_workbook(path)
    assert sub.issues == [] and sub.counts["cases.received.total"] == 5


def test_not_an_excel_file(tmp_path: Path):
    p = tmp_path / "report.xlsx"
    p.write_text("name,cases\nA,3\n", encoding="utf-8")
    sub = read_workbook(p)
    assert [i.format() for i in sub.issues] == [
        "report.xlsx: ບໍ່ແມ່ນໄຟລ໌ Excel (.xlsx) / not an Excel workbook (.xlsx) [ຂໍ້ຜິດພາດ / error]\n"
        "    → ເປີດໄຟລ໌ໃນ Excel ຫຼື LibreOffice ແລ້ວບັນທຶກເປັນ Excel Workbook (.xlsx) / "
        "open it in Excel or LibreOffice and save it as Excel Workbook (.xlsx)"
    ]


def test_truncated_and_legacy_files(tmp_path: Path, write_form):
    good = write_form().read_bytes()
    (tmp_path / "cut.xlsx").write_bytes(good[: len(good) // 2])
    (tmp_path / "old.xlsx").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600)
    assert codes(read_workbook(tmp_path / "cut.xlsx")) == ["file.damaged"]
    assert codes(read_workbook(tmp_path / "old.xlsx")) == ["file.xls"]


def test_a_plain_workbook_is_not_a_form(tmp_path: Path):
    from openpyxl import Workbook

    p = tmp_path / "plain.xlsx"
    Workbook().save(p)
    assert codes(read_workbook(p)) == ["form.not_reportgen"]


def test_merged_cells_in_data_area(write_form):
    sub = read_workbook(write_form(edit=lambda wb: wb[CASES].merge_cells("E5:F5")))
    assert codes(sub) == ["cells.merged"]


def test_data_typed_outside_the_form_is_reported(write_form):
    def edit(wb):
        wb[CASES].cell(40, 5).value = 99
    sub = read_workbook(write_form(edit=edit))
    assert codes(sub) == ["data.outside"] and sub.issues[0].where.cell == "E40" and not sub.issues[0].is_error


def test_reading_never_modifies_the_file(write_form):
    path = write_form(edit=lambda wb: set_value(wb, "cases", "received", "total", "x"))
    before = path.read_bytes()
    read_workbook(path)
    assert path.read_bytes() == before


def test_list_rows_need_their_required_columns(write_form):
    from reportgen.writers.xlsx.forms import set_item

    sub = read_workbook(write_form(edit=lambda wb: set_item(wb, "achievements", 1, {"quantity": 3})))
    assert sorted(codes(sub)) == ["value.required", "value.required"]
    assert sorted(i.where.cell for i in sub.issues) == ["C7", "D7"]


def test_form_saved_again_by_openpyxl_keeps_working(write_form, tmp_path: Path):
    path = write_form()
    wb = load_workbook(path)
    out = tmp_path / "resaved.xlsx"
    out.write_bytes(save_bytes(wb))
    assert read_workbook(out).issues == []


def test_grouped_thousands_are_read_and_implausible_numbers_refused(write_form):
    def edit(wb):
        set_value(wb, "cases", "received", "total", "1.200")
        set_value(wb, "cases", "investigated", "total", 10**20)
        set_value(wb, "cases", "fines", "total", "50,000,000")
    sub = read_workbook(write_form(edit=edit))
    assert sub.counts["cases.received.total"] == 1200 and sub.counts["cases.fines.total"] == 50_000_000
    assert codes(sub) == ["number.too_large"] and sub.issues[0].where.cell == "E6"


def test_formula_in_a_required_cell_gives_one_message(write_form):
    from reportgen.writers.xlsx.forms import set_item

    def edit(wb):
        set_item(wb, "achievements", 1, {"area": "ການປ້ອງກັນ ແລະ ການໂຄສະນາສຶກສາອົບຮົມ"})
        wb[schema.ACHIEVEMENTS.title]["D7"] = "=A1"  # a formula typed straight into the cell
    sub = read_workbook(write_form(edit=edit))
    assert codes(sub) == ["formula.uncached"]


def _with_core(path: Path, core: bytes | None, rels_target: str = "docProps/core.xml") -> None:
    """Rewrite the workbook at `path` with another core-properties part (None: without one)."""
    src = zipfile.ZipFile(io.BytesIO(path.read_bytes()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            body = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                if core is None:
                    continue
                dst.writestr(rels_target, core)
                continue
            if info.filename == "_rels/.rels":
                body = body.replace(b'Target="docProps/core.xml"', f'Target="/{rels_target}"'.encode())
            dst.writestr(info, body)
    path.write_bytes(out.getvalue())


_CORE = ('<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
         'xmlns:dcterms="http://purl.org/dc/terms/">{}</cp:coreProperties>')
_FILE_TIME = dt.datetime(2020, 1, 20, 3, 4, 5, tzinfo=dt.UTC)


def _saved(path: Path, core: str | None, rels_target: str = "docProps/core.xml"):
    import os

    path.write_bytes(save_bytes(minimal_form(Identity("province", 2019, "LA-XA"))))
    _with_core(path, None if core is None else _CORE.format(core).encode(), rels_target)
    os.utime(path, (_FILE_TIME.timestamp(), _FILE_TIME.timestamp()))
    sub = read_workbook(path)
    return sub.saved, sub.saved_from


def test_the_date_saved_is_the_workbooks_own_else_the_files(write_form):
    path = write_form()
    excel = "<dcterms:modified>2020-01-15T08:30:00Z</dcterms:modified>"
    assert _saved(path, excel) == (dt.datetime(2020, 1, 15, 8, 30, tzinfo=dt.UTC), "workbook")
    # LibreOffice writes nanoseconds; a time with its offset is the same moment in UTC
    assert _saved(path, "<dcterms:modified>2020-01-15T15:30:00.123456789+07:00</dcterms:modified>")[0] == \
        dt.datetime(2020, 1, 15, 8, 30, 0, 123456, tzinfo=dt.UTC)
    assert _saved(path, excel, "docProps/elsewhere.xml") == (dt.datetime(2020, 1, 15, 8, 30, tzinfo=dt.UTC),
                                                              "workbook")  # the part the relationships name
    for missing in (None, "", "<dcterms:modified>soon</dcterms:modified>",
                    "<dcterms:modified>1900-01-01T00:00:00Z</dcterms:modified>"):
        assert _saved(path, missing) == (_FILE_TIME, "file"), missing
    assert not [i for i in read_workbook(path).issues if i.is_error]  # it reads as well without properties


def test_a_file_that_is_not_a_workbook_has_the_files_date(tmp_path: Path):
    path = tmp_path / "notes.xlsx"
    path.write_text("not a workbook", encoding="utf-8")
    sub = read_workbook(path)
    assert sub.saved_from == "file" and sub.saved is not None and sub.issues
