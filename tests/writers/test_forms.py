"""The Excel forms `init` writes: keys, protection, lists, validation, font, and the committee's identity."""

from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path

from openpyxl import load_workbook

from reportgen.contract import schema
from reportgen.writers.xlsx.forms import Identity, form_bytes, forms_bytes

ROOT = Path(__file__).resolve().parents[2]


def load(ident: Identity):
    return load_workbook(io.BytesIO(form_bytes(ident)))


def test_every_sheet_and_column_carries_its_key():
    wb = load(Identity("province", 2019, "LA-XA"))
    for sheet in schema.SHEETS:
        ws = wb[sheet.title]
        assert ws["A1"].value == "rg:" + sheet.key
        header = [c.value for c in ws[1]]
        assert [c.key for c in sheet.columns] == [h for h in header[1:] if h and h != "no"]
        assert ws.row_dimensions[1].hidden and ws.column_dimensions["A"].hidden
        assert ws.protection.sheet


def test_meta_holds_schema_version_and_identity():
    wb = load(Identity("district", 2019, "LA-XA", "0801"))
    meta = {r[0].value: r[1].value for r in wb[schema.META_SHEET].iter_rows()}
    assert meta["schema_version"] == schema.SCHEMA_VERSION
    assert (meta["level"], meta["province"], meta["district"], meta["year"]) == ("district", "LA-XA", "0801", 2019)
    assert wb[schema.META_SHEET].sheet_state == "veryHidden"


def test_province_form_names_its_province():
    ws = load(Identity("province", 2019, "LA-LP"))[schema.SUBMISSION.title]
    values = [c.value for c in ws["E"]]
    assert "ຫຼວງພະບາງ" in values and "ຄະນະກຳມະການຕ້ານການຄ້າມະນຸດ ແຂວງຫຼວງພະບາງ" in values


def test_dropdowns_and_whole_number_validation():
    wb = load(Identity("province", 2019, "LA-XA"))
    kinds = {(dv.type, dv.formula1) for dv in wb[schema.CASES.title].data_validations.dataValidation}
    assert ("whole", "0") in kinds
    lists = {dv.formula1 for dv in wb[schema.ACHIEVEMENTS.title].data_validations.dataValidation if dv.type == "list"}
    assert any("_lists" in f for f in lists)
    provinces = [c.value for c in wb[schema.LISTS_SHEET]["B"]][1:19]
    assert provinces[0] == "ນະຄອນຫຼວງວຽງຈັນ" and len(provinces) == 18


def test_input_cells_unlocked_labels_locked_and_font():
    ws = load(Identity("province", 2019, "LA-XA"))[schema.CASES.title]
    assert ws["E5"].protection.locked is False
    assert ws["C5"].protection.locked is True
    assert ws["C5"].font.name == "Phetsarath OT" and ws["E5"].font.name == "Phetsarath OT"


def test_forms_are_reproducible():
    ident = Identity("province", 2019, "LA-XA")
    assert form_bytes(ident) == form_bytes(ident)


def test_example_inputs_are_exactly_what_the_script_makes(tmp_path: Path):
    subprocess.run([sys.executable, str(ROOT / "scripts" / "make_example.py"), "--out", str(tmp_path)], check=True,
                   capture_output=True)
    made = sorted(p.name for p in tmp_path.glob("*.xlsx"))
    shipped = sorted(p.name for p in (ROOT / "inputs").glob("*.xlsx"))
    assert made == shipped and len(made) == 47
    for name in made:
        assert (tmp_path / name).read_bytes() == (ROOT / "inputs" / name).read_bytes(), name


# ---- many forms at once (init): built once per level, stamped with each committee's place -------------------

def _many(year: int = 2019, sample: bool = False) -> list[Identity]:
    from reportgen.contract.reference import districts_of

    return [Identity("province", year, sample=sample), Identity("district", year, sample=sample),
            Identity("national", year, sample=sample), Identity("province", year, "LA-VT", sample=sample),
            Identity("province", year, "LA-LP", sample=sample), Identity("province", year, "LA-XS", sample=sample),
            *(Identity("district", year, d.province, d.code, sample=sample)
              for d in districts_of("LA-SV")[:4] + districts_of("LA-VT")[:2])]


def test_stamped_forms_are_the_forms_built_one_by_one():
    idents = _many() + _many(2020, sample=True) + [Identity("district", 2021, "LA-XA", "0801")]  # alone: built
    assert forms_bytes(idents) == [form_bytes(i) for i in idents]


def test_stamping_writes_any_name_as_building_would(monkeypatch):
    """Names XML must escape, or that openpyxl writes another way (spaces at the ends, a new line), give the
    same bytes as building the form; so do a province's forms when no district has one."""
    from reportgen.writers.xlsx import forms

    odd = ['ແຂວງ "ສະຫວັນ" & <ເຂດ>', "ເມືອງ ໄກສອນ'ພົມວິຫານ ໍ້່", "A&amp;B", "𝔏ao ✓", " ນຳໜ້າ", "ແຖວ\nໃໝ່", "=1+1"]
    idents = _many()
    names = {ident: odd[k % len(odd)] for k, ident in enumerate(idents)}  # the districts get every one
    real = forms.place_of

    def place_of(ident):
        return {k: (names[ident] + v if v else v) for k, v in real(ident).items()}

    monkeypatch.setattr(forms, "place_of", place_of)
    assert forms_bytes(idents) == [form_bytes(i) for i in idents]
    provinces = [i for i in _many() if i.level == "province"]
    assert forms_bytes(provinces) == [form_bytes(i) for i in provinces]
    data = forms_bytes(idents)[6]
    wb = load_workbook(io.BytesIO(data))
    values = [c.value for c in wb[schema.SUBMISSION.title]["E"]]
    assert place_of(idents[6])["committee_lo"] in values and wb.properties.title == place_of(idents[6])["committee_lo"]


def test_a_pattern_without_its_marks_is_refused():
    import pytest

    from reportgen.writers.xlsx import _stamp

    with pytest.raises(ValueError):  # no mark at all
        _stamp.Pattern([("xl/worksheets/sheet1.xml", b"<worksheet/>")], ["province"], "reportgen")
    words = f'<c r="B2" t="inlineStr"><is><t>ແຂວງ {_stamp.mark("province")}</t></is></c>'.encode("ascii", "xmlcharrefreplace")
    with pytest.raises(ValueError):  # a mark among other words could not be left open as building would
        _stamp.Pattern([("xl/worksheets/sheet1.xml", words)], ["province"], "reportgen")
    assert not _stamp.stampable(" x") and not _stamp.stampable("a\tb") and _stamp.stampable("ກ & <b>")
