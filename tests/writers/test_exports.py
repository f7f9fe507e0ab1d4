"""The data export: every typed value in data.xlsx with its source, the aggregated figures in data.json."""

from __future__ import annotations

import datetime as dt
import io
import json
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from openpyxl import load_workbook
from openpyxl.utils.cell import column_index_from_string, coordinate_from_string, range_boundaries

from conftest import minimal_form
from reportgen.aggregate import aggregate
from reportgen.contract import schema
from reportgen.contract.figures import CELL_FIGURES, FIGURES, cell_value
from reportgen.contract.schema import Kind
from reportgen.model.submission import CellRef, Submission, warning
from reportgen.readers.workbook import read_workbook
from reportgen.writers.xlsx.data import ABOUT_TITLE, COMMITTEES_TITLE, write_data_json, write_data_xlsx
from reportgen.writers.xlsx.forms import Identity, save_bytes, set_item, set_none, set_value

PHONE = "+856 20 5555 1234"
PREPARED = dt.date(2020, 1, 15)


def _province(wb) -> None:
    set_value(wb, "submission", "prepared_phone", "value", PHONE)
    set_value(wb, "submission", "prepared_name", "value", "ບົວສອນ ສຸລິຍະ")
    set_value(wb, "submission", "date_prepared", "value", PREPARED)
    set_value(wb, "victims", "sexual", "women", 7)
    set_value(wb, "victims", "sexual", "foreign", 0)
    set_value(wb, "victim_places", "other", "total", 2)
    set_value(wb, "victim_places", "other", "name", "=1+1")
    set_item(wb, "achievements", 1, {"area": "ການຮ່ວມມືສາກົນ", "description": "=1+1", "quantity": 3, "unit": "ຄັ້ງ"})
    set_item(wb, "training", 0, {"topic": "ການສືບສວນ", "target_group": "ຕຳຫຼວດ", "participants_total": 25})
    set_item(wb, "lessons", 0, {"lesson": "ປະສານງານຢ່າງໃກ້ຊິດ"})


def _district(wb) -> None:
    set_value(wb, "cases", "received", "total", 6)
    set_none(wb, "cooperation")
    set_value(wb, "submission", "prepared_phone", "value", "020 2222 3333")


@pytest.fixture
def subs(write_form, tmp_path: Path) -> list[Submission]:
    province = minimal_form(Identity("province", 2019, "LA-XA"))  # its empty lists left unanswered: silence
    _province(province)
    (tmp_path / "inputs" / "LA-XA.xlsx").write_bytes(save_bytes(province))
    paths = [tmp_path / "inputs" / "LA-XA.xlsx",
             write_form("LA-XA-0801.xlsx", Identity("district", 2019, "LA-XA", "0801"), edit=_district)]
    out = [read_workbook(p, f"inputs/{p.name}") for p in paths]
    assert [i for s in out for i in s.issues if i.is_error] == []
    return out


def _table(wb, title: str) -> list[dict[str, object]]:
    """The rows of one data sheet as dicts keyed by the English header (row 2); also the cells, by header."""
    ws = wb[title]
    header = [c.value for c in ws[2]]
    assert len(set(header)) == len(header), f"{title}: headers must be unique"
    return [dict(zip(header, row, strict=True)) for row in ws.iter_rows(min_row=3)]


def _values(rows: list[dict]) -> list[dict[str, object]]:
    return [{k: c.value for k, c in r.items()} for r in rows]


def _one(rows: list[dict], **where) -> dict:
    found = [r for r in rows if all(r[k] == v for k, v in where.items())]
    assert len(found) == 1, (where, len(found))
    return found[0]


def _inside(cell: str, span: str) -> bool:
    col, row = coordinate_from_string(cell)
    c0, r0, c1, r1 = range_boundaries(span)
    return c0 <= column_index_from_string(col) <= c1 and r0 <= row <= r1


def _expected(value, kind: Kind, choices: str | None):
    if kind is Kind.CHOICE and choices:
        return schema.option_label(choices, value)
    if isinstance(value, dt.date):
        return dt.datetime.combine(value, dt.time())
    return value


def test_every_typed_value_is_in_data_xlsx_at_its_place_with_its_source(subs):
    wb = load_workbook(io.BytesIO(write_data_xlsx(subs, 2019)))
    committees = _values(_table(wb, COMMITTEES_TITLE))
    assert len(committees) == 2
    typed = 0
    for sub in subs:
        row = _one(committees, file=sub.file)
        for r in schema.SUBMISSION.rows:
            value = sub.info.get(r.key)
            assert row[r.en] == (None if value in (None, "") else _expected(value, r.kind, r.choices)), r.key
        assert row["province code (ISO)"] == "LA-XA"
        assert row["source"] == f"{sub.file} › {schema.SUBMISSION.title} › E5:E21"
        for key, value in [*sub.counts.items(), *sub.texts.items()]:
            if value is None or value == "":
                continue
            typed += 1
            sheet_key, row_key, col_key = key.split(".")
            sheet = schema.SHEETS_BY_KEY[sheet_key]
            row = _one(_values(_table(wb, sheet.title)), file=sub.file, key=f"{sheet_key}.{row_key}")
            assert row[sheet.column(col_key).en] == value, key
            assert row["source"].startswith(f"{sub.file} › {sheet.title} › ")
            assert _inside(sub.refs[key].cell, row["cell or row"]), (key, row["cell or row"])
        for sheet_key, items in sub.lists.items():
            sheet = schema.SHEETS_BY_KEY[sheet_key]
            rows = _values(_table(wb, sheet.title))
            for item in items:
                row = _one(rows, file=sub.file, **{"cell or row": item.ref.cell})
                assert row["source"] == str(item.ref)
                for c in sheet.columns:
                    value = item.get(c.key)
                    assert row[c.en] == (None if value in (None, "") else _expected(value, c.kind, c.choices)), c.key
    # nothing invented either: the form sheets hold exactly the values typed, no 0 for an empty cell
    shown = 0
    for sheet in schema.SHEETS:
        if sheet.form and sheet is not schema.SUBMISSION:
            for row in _values(_table(wb, sheet.title)):
                shown += sum(row[c.en] is not None for c in sheet.columns)
    assert typed > 10 and shown == typed


def test_form_rows_name_their_cells(subs):
    wb = load_workbook(io.BytesIO(write_data_xlsx(subs, 2019)))
    row = _one(_values(_table(wb, schema.VICTIMS.title)), file="inputs/LA-XA.xlsx", key="victims.sexual")
    assert subs[0].refs["victims.sexual.women"].cell == "E5"
    assert row["cell or row"] == "E5:I5"
    assert row["source"] == "inputs/LA-XA.xlsx › 7 ຜູ້ຖືກເຄາະຮ້າຍ › E5:I5"
    assert (row["level"], row["province"], row["item (Lao)"]) == ("ລະດັບແຂວງ / ນະຄອນຫຼວງ", "ໄຊຍະບູລີ", "ຂູດຮີດທາງເພດ")
    places = _one(_values(_table(wb, schema.VICTIM_PLACES.title)), file="inputs/LA-XA.xlsx", key="victim_places.other")
    assert places["cell or row"] == "E10:F10"


def test_nothing_to_report_is_a_row_with_its_cell_and_silence_is_no_row(subs):
    assert subs[1].none["cooperation"] and not subs[0].none.get("cooperation") and not subs[0].lists["cooperation"]
    wb = load_workbook(io.BytesIO(write_data_xlsx(subs, 2019)))
    rows = _values(_table(wb, schema.COOPERATION.title))
    assert [r["file"] for r in rows] == ["inputs/LA-XA-0801.xlsx"]  # the province neither listed nor answered
    ref = subs[1].refs["cooperation.none"]
    assert rows[0][schema.NONE_EN] == "ແມ່ນ" and rows[0]["source"] == str(ref) and ref.cell
    assert all(rows[0][c.en] is None for c in schema.COOPERATION.columns)
    items = _values(_table(wb, schema.ACHIEVEMENTS.title))
    assert items and all(r[schema.NONE_EN] is None for r in items)


def test_an_empty_count_stays_empty_and_zero_stays_zero(subs):
    district, province = subs[1], subs[0]
    assert district.counts["victims.sexual.women"] is None and province.counts["victims.sexual.foreign"] == 0
    wb = load_workbook(io.BytesIO(write_data_xlsx(subs, 2019)))
    rows = _table(wb, schema.VICTIMS.title)
    empty = _one(rows, **{"file": _cell("inputs/LA-XA-0801.xlsx"), "key": _cell("victims.sexual")})
    assert empty["women aged 18 or over"].value is None and empty["women aged 18 or over"].data_type == "n"
    assert all(empty[c.en].value is None for c in schema.VICTIMS.columns)
    zero = _one(rows, **{"file": _cell("inputs/LA-XA.xlsx"), "key": _cell("victims.sexual")})
    assert zero["of whom foreign nationals"].value == 0 and zero["girls under 18"].value is None


class _cell:  # noqa: N801 - compares a cell by its value, for _one
    def __init__(self, value):
        self.value = value

    def __eq__(self, other):
        return getattr(other, "value", other) == self.value


def test_text_that_looks_like_a_formula_stays_text(subs):
    data = write_data_xlsx(subs, 2019)
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        sheets = [n for n in z.namelist() if n.startswith("xl/worksheets/")]
        assert len(sheets) == len(schema.SHEETS) + 1
        assert not any(b"<f>" in z.read(n) or b"<f " in z.read(n) for n in sheets)
    wb = load_workbook(io.BytesIO(data))
    achievement = _one(_table(wb, schema.ACHIEVEMENTS.title), description=_cell("=1+1"))
    assert achievement["description"].data_type == "s"
    assert achievement["area"].value == "ການຮ່ວມມືສາກົນ" and achievement["quantity"].value == 3
    place = _one(_table(wb, schema.VICTIM_PLACES.title), key=_cell("victim_places.other"),
                 file=_cell("inputs/LA-XA.xlsx"))
    assert (place["name of other country"].value, place["name of other country"].data_type) == ("=1+1", "s")


def test_awkward_text_comes_through_as_typed_and_wrapped_columns_wrap(write_form):
    """Markup characters, quotes, spaces at either end and line breaks: the cell shows the text as typed; a long
    text column wraps, a count has its number format."""
    typed = "  <ກອງປະຊຸມ> & \"ສຳມະນາ\"\nແຖວທີສອງ\r\nແຖວທີສາມ  "
    path = write_form("LA-XA.xlsx", edit=lambda wb: set_item(wb, "achievements", 0, {
        "area": "ການຮ່ວມມືສາກົນ", "description": typed, "quantity": 3, "unit": "ຄັ້ງ"}))
    sub = read_workbook(path, "inputs/LA-XA.xlsx")
    wb = load_workbook(io.BytesIO(write_data_xlsx([sub], 2019)))
    row = _one(_table(wb, schema.ACHIEVEMENTS.title), area=_cell("ການຮ່ວມມືສາກົນ"))
    expected = sub.lists["achievements"][0].get("description")
    assert row["description"].value == expected and expected.startswith("<ກອງປະຊຸມ> & \"ສຳມະນາ\"\nແຖວ")
    assert row["description"].alignment.wrap_text and not row["quantity"].alignment.wrap_text
    assert row["quantity"].number_format == "#,##0" and row["source"].value.startswith("inputs/LA-XA.xlsx")


def test_phone_number_and_dates_in_the_committees_sheet_only(subs):
    wb = load_workbook(io.BytesIO(write_data_xlsx(subs, 2019)))
    row = _one(_table(wb, COMMITTEES_TITLE), file=_cell("inputs/LA-XA.xlsx"))
    phone = row["prepared by: phone"]
    assert (phone.value, phone.data_type) == (PHONE, "s")
    date = row["date prepared"]
    assert date.value == dt.datetime(2020, 1, 15) and date.number_format.lower() == "dd/mm/yyyy"
    assert row["committee established"].value == "ສ້າງຕັ້ງແລ້ວ" and row["members: total"].value == 10
    assert PHONE not in write_data_json(aggregate(subs, 2019)).decode()


def test_layout_about_sheet_headers_font(subs):
    data = write_data_xlsx(subs, 2019)
    wb = load_workbook(io.BytesIO(data))
    assert wb.sheetnames == [ABOUT_TITLE, COMMITTEES_TITLE, *(s.title for s in schema.SHEETS[1:])]
    about = "\n".join(str(c.value) for row in wb[ABOUT_TITLE].iter_rows() for c in row if c.value is not None)
    for text in ("ຫ້ອງທີ່ປະວ່າງ = ບໍ່ໄດ້ລາຍງານ", "An empty cell = not reported", "source", "ເບີໂທລະສັບ"):
        assert text in about
    for ws in wb.worksheets[1:]:
        assert ws.freeze_panes == "A3"
        assert ws["A1"].value == "ຂັ້ນ" or ws.title == COMMITTEES_TITLE
        assert ws["A2"].value == "level" and ws.column_dimensions["A"].width >= 10
    # the sheet-by-sheet row counts on the first sheet match the sheets
    counts = {r[0]: r[2] for r in wb[ABOUT_TITLE].iter_rows(values_only=True) if r[0] in wb.sheetnames}
    assert counts == {ws.title: ws.max_row - 2 for ws in wb.worksheets[1:]}
    # lessons: the province's one lesson, and the district's "nothing to report"
    assert counts[schema.CASES.title] == 2 * len(schema.CASES.rows) and counts[schema.LESSONS.title] == 2
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        styles = z.read("xl/styles.xml").decode()
    assert styles.split("<font>", 1)[1].startswith('<name val="Phetsarath OT"/>')


def test_same_inputs_give_the_same_bytes(subs):
    first = write_data_xlsx(subs, 2019)
    assert write_data_xlsx(list(reversed(subs)), 2019) == first
    data = aggregate(subs, 2019)
    assert write_data_json(data) == write_data_json(aggregate(list(reversed(subs)), 2019))
    with zipfile.ZipFile(io.BytesIO(first)) as z:
        assert {i.date_time for i in z.infolist()} == {(1980, 1, 1, 0, 0, 0)}
        assert b"2019-01-01T00:00:00Z" in z.read("docProps/core.xml")


def test_data_json_figures_match_the_report_and_name_who_reported(subs):
    note = warning(CellRef("inputs/LA-XA.xlsx", "8 ສະຖານທີ່ຖືກຂູດຮີດ", "E10"), "ບໍ່ເທົ່າກັນ", "does not add up",
                   code="victims.places")
    data = aggregate(subs, 2019, warnings=[note])
    raw = write_data_json(data)
    doc = json.loads(raw)
    assert raw.decode("utf-8") == json.dumps(doc, ensure_ascii=False, sort_keys=True, indent=1) + "\n"
    assert "ເມືອງ".encode() in raw  # Lao as UTF-8, not \u escapes
    assert (doc["year"], doc["sample"], doc["schema_version"]) == (2019, False, schema.SCHEMA_VERSION)
    assert [c["file"] for c in doc["committees"]] == ["inputs/LA-XA.xlsx", "inputs/LA-XA-0801.xlsx"]
    assert doc["committees"][1] == {"level": "district", "province": "LA-XA", "district": "0801",
                                    "name": subs[1].info["committee_name"], "file": "inputs/LA-XA-0801.xlsx",
                                    "place_lo": data.committees[1].place_lo, "key": "LA-XA-0801"}
    assert set(doc["figures"]) == set(data.totals)
    received = doc["figures"]["cases.received.total"]
    assert received["value"] == data.t("cases.received.total").value == 10
    assert received == {"value": 10, "partial": False, "missing_from": [],
                        "reported_by": ["inputs/LA-XA.xlsx", "inputs/LA-XA-0801.xlsx"],
                        "label_lo": "ສະຖິຕິຄະດີ: ການແຈ້ງຄວາມ ແລະ ຄຳຮ້ອງ ທີ່ໄດ້ຮັບ (ເລື່ອງ)", "label_en": "Cases: reports and complaints received"}
    assert all((f["label_lo"], f["label_en"]) == (FIGURES[k].label_lo, FIGURES[k].label_en)
               for k, f in doc["figures"].items())  # the labels of the one table of figures
    women = doc["figures"]["victims.sexual.women"]
    assert (women["value"], women["partial"], women["reported_by"]) == (7, True, ["inputs/LA-XA.xlsx"])
    assert women["missing_from"] == [str(r) for r in data.t("victims.sexual.women").missing_from]
    assert women["missing_from"] == [f"inputs/LA-XA-0801.xlsx › {schema.VICTIMS.title} › E5"]  # one per empty cell
    female = doc["figures"]["victims.all.female"]["missing_from"]
    assert len(female) == 2 * 10 - 1 and f"inputs/LA-XA-0801.xlsx › {schema.VICTIMS.title} › F9" in female
    fines = doc["figures"]["cases.fines.total"]
    assert (fines["value"], fines["partial"], fines["reported_by"]) == (None, False, [])
    assert [m.split(" › ")[0] for m in fines["missing_from"]] == ["inputs/LA-XA.xlsx", "inputs/LA-XA-0801.xlsx"]
    assert all(doc["figures"][k]["value"] == t.value and doc["figures"][k]["partial"] == t.partial
               and len(doc["figures"][k]["reported_by"]) == t.reported for k, t in data.totals.items())
    assert doc["by_level"]["district"]["cases.received.total"]["value"] == 6
    assert doc["by_level"]["province"]["victims.sexual.women"]["partial"] is False
    assert doc["by_province"]["LA-XA"]["cases.received.total"]["reported_by"] == received["reported_by"]
    assert len(doc["by_province"]) == 18 and doc["by_province"]["LA-VT"] == {}
    assert len(doc["missing"]) == 18 and doc["missing"][0] == {
        "level": "national", "province": "", "district": "", "name_lo": "ຄະນະກຳມະການຕ້ານການຄ້າມະນຸດລະດັບຊາດ",
        "name_en": "national"}
    assert doc["missing"][1]["name_lo"] == "ນະຄອນຫຼວງວຽງຈັນ" and doc["scope"] == {"level": "national", "province": "",
                                                                              "district": ""}
    assert list(doc["by_level"]) == ["district", "local", "national", "province"]  # local: provinces and districts

    assert doc["warnings"] == [{"where": str(note.where), "file": "inputs/LA-XA.xlsx", "sheet": "8 ສະຖານທີ່ຖືກຂູດຮີດ",
                                "cell": "E10", "code": "victims.places", "lo": "ບໍ່ເທົ່າກັນ", "en": "does not add up",
                                "fix_lo": "", "fix_en": ""}]


def test_data_json_keeps_each_committees_own_cells_for_next_years_check(subs):
    """by_committee: every cell figure of every committee as typed, null where left empty, by a key that stays the
    same from year to year; what the check of the next year compares with (collecting/history.py)."""
    doc = json.loads(write_data_json(aggregate(subs, 2019)))
    assert list(doc["by_committee"]) == ["LA-XA", "LA-XA-0801"]
    assert [c["key"] for c in doc["committees"]] == ["LA-XA", "LA-XA-0801"]
    for sub, key in zip(subs, ("LA-XA", "LA-XA-0801"), strict=True):
        own = doc["by_committee"][key]
        assert list(own) == sorted(CELL_FIGURES)
        assert own == {k: cell_value(sub, k) for k in CELL_FIGURES}
    assert doc["by_committee"]["LA-XA"]["cases.received.total"] == 4
    assert doc["by_committee"]["LA-XA-0801"]["victims.sexual.women"] is None  # left empty: not reported, not 0
    assert doc["by_committee"]["LA-XA"]["submission.members_total"] == 10
    assert sum(v for own in doc["by_committee"].values() for v in [own["cases.received.total"]]) == (
        doc["figures"]["cases.received.total"]["value"])


def _calc_missing() -> str:
    soffice = shutil.which("soffice")
    if not soffice:
        return "LibreOffice (soffice) is not installed"
    program = Path(soffice).resolve().parent
    if program.name == "program" and not any(program.glob("libsclo.*")):
        return "LibreOffice Calc is not installed (package libreoffice-calc-nogui)"
    return ""


@pytest.mark.skipif(bool(_calc_missing()), reason=_calc_missing() or "-")
def test_libreoffice_calc_opens_data_xlsx(subs, tmp_path: Path):
    src = tmp_path / "data.xlsx"
    src.write_bytes(write_data_xlsx(subs, 2019))
    out = tmp_path / "csv"
    # every sheet to its own CSV (-1), cells as shown (dates with their format), UTF-8
    fmt = "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,false,true,false,false,-1"
    subprocess.run(["soffice", "--headless", f"-env:UserInstallation=file://{tmp_path / 'profile'}",
                    "--convert-to", fmt, "--outdir", str(out), str(src)], check=True, capture_output=True, timeout=180)
    committees = (out / f"data-{COMMITTEES_TITLE}.csv").read_text(encoding="utf-8")
    assert PHONE in committees and "15/01/2020" in committees and "ບົວສອນ ສຸລິຍະ" in committees
    achievements = (out / f"data-{schema.ACHIEVEMENTS.title}.csv").read_text(encoding="utf-8")
    assert "=1+1" in achievements  # shown as typed: Calc did not compute it
    victims = (out / f"data-{schema.VICTIMS.title}.csv").read_text(encoding="utf-8").splitlines()
    row = next(line for line in victims if "victims.sexual" in line and "LA-XA.xlsx" in line)
    assert ",7,,,,0," in row
