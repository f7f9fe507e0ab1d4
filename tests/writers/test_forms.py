"""The Excel forms `init` writes: keys, protection, lists, validation, font, and the committee's identity."""

from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path

from openpyxl import load_workbook

from reportgen.contract import schema
from reportgen.writers.xlsx.forms import Identity, form_bytes

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
