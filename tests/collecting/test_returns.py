"""Return copies: the committee's own workbook sent back with its problems marked — nothing of it lost, every
problem on its cell and in the list, opened by LibreOffice as a clerk would, and the inputs never touched."""

from __future__ import annotations

import copy
import hashlib
import io
import os
import re
import shutil
import subprocess
import tempfile
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook
from openpyxl.comments import Comment

from conftest import copy_example, places_mismatch
from reportgen.check import check
from reportgen.cli import main
from reportgen.collecting import returns as rt
from reportgen.collecting.returns import NoReturnCopy, annotate, return_copy, write_returns
from reportgen.contract import schema
from reportgen.messages import catalogue
from reportgen.model.submission import CellRef, error, warning
from reportgen.readers.workbook import read_workbook
from reportgen.writers.xlsx.forms import FONT, set_item, set_value

CASES = "6 ສະຖິຕິຄະດີ"
INFO = "1 ຂໍ້ມູນທົ່ວໄປ"
LIST_SHEET = "ບັນຫາທີ່ຕ້ອງແກ້ໄຂ - Problems"
ERROR_RGB, WARNING_RGB = "FFFFC7CE", "FFFCD5B4"


def problems(path: Path, shown: str = "") -> list:
    sub = read_workbook(path, shown or path.name)
    return check([sub], 2019)


def copy_of(path: Path, issues) -> tuple[bytes, object]:
    data = return_copy(path, issues)
    return data, load_workbook(io.BytesIO(data))


def commented(wb) -> dict[str, dict[str, str]]:
    """Sheet → cell → comment text, over every sheet."""
    return {ws.title: {c.coordinate: c.comment.text for row in ws.iter_rows() for c in row if c.comment}
            for ws in wb.worksheets if any(c.comment for row in ws.iter_rows() for c in row)}


def highlights(wb) -> dict[str, dict[str, str]]:
    """Sheet → cell → the fill colour of reportgen's highlight on it."""
    out: dict[str, dict[str, str]] = {}
    for ws in wb.worksheets:
        for cf in ws.conditional_formatting:
            for rule in cf.rules:
                if rule.formula == ['"rg:returns"="rg:returns"']:
                    for cell in str(cf.sqref).split():
                        fill = rule.dxf.fill  # a solid fill of a format rule is its bgColor; reportgen sets both
                        out.setdefault(ws.title, {})[cell] = fill.bgColor.rgb
    return out


def list_rows(wb) -> list[tuple]:
    """The problems on the list sheet: (severity, sheet, place, problem, fix), one per row after the header."""
    ws = wb[LIST_SHEET]
    return [tuple(ws.cell(r, c).value for c in range(3, 8)) for r in range(7, ws.max_row + 1) if ws.cell(r, 2).value]


def part(data: bytes, name: str) -> bytes:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return z.read(name)


# ---- the committee's workbook survives ------------------------------------------------------------------------

def _style(c) -> tuple:
    return (*(copy.copy(x) for x in (c.font, c.fill, c.border, c.protection, c.alignment)), c.number_format)


def test_everything_of_the_workbook_survives_in_the_copy(write_form):
    path = write_form(edit=lambda wb: set_value(wb, "cases", "received", "total", "ສິບ"))
    before = load_workbook(path)
    issues = problems(path)
    assert [i.where.cell for i in issues] == ["E5"]
    data, after = copy_of(path, issues)
    assert after.sheetnames == [LIST_SHEET, *before.sheetnames]
    compared = 0
    for ws in before.worksheets:
        new = after[ws.title]
        for row in ws.iter_rows():
            for c in row:
                assert new[c.coordinate].value == c.value, (ws.title, c.coordinate)
                assert _style(new[c.coordinate]) == _style(c), (ws.title, c.coordinate)
                compared += 1
        assert [(d.type, str(d.sqref), d.formula1, d.formula2, d.error) for d in new.data_validations.dataValidation] \
            == [(d.type, str(d.sqref), d.formula1, d.formula2, d.error) for d in ws.data_validations.dataValidation]
        assert (new.protection.sheet, new.protection.formatRows) == (ws.protection.sheet, ws.protection.formatRows)
        assert new.sheet_state == ws.sheet_state
        assert str(new.merged_cells) == str(ws.merged_cells)
        assert new.freeze_panes == ws.freeze_panes
        assert {k: d.width for k, d in new.column_dimensions.items()} == \
               {k: d.width for k, d in ws.column_dimensions.items()}
        assert (new.page_setup.orientation, new.page_margins.left) == (ws.page_setup.orientation, ws.page_margins.left)
    assert compared > 2000
    assert sum(len(ws.data_validations.dataValidation) for ws in after.worksheets) > 20
    # The parts reportgen has no reason to touch are the committee's bytes, as they were.
    with zipfile.ZipFile(path) as z:
        for name in z.namelist():
            if name.startswith("xl/worksheets/sheet") and name != _part_of(path, CASES) and name != _part_of(path, INFO):
                assert part(data, name) == z.read(name), name
        assert part(data, "xl/theme/theme1.xml") == z.read("xl/theme/theme1.xml")
        assert part(data, "docProps/core.xml") == z.read("docProps/core.xml")


def _part_of(path: Path, sheet: str) -> str:
    from reportgen.collecting._package import Package
    from reportgen.collecting._workbook import Workbook

    return next(s.part for s in Workbook(Package(path.read_bytes())).sheets if s.name == sheet)


def test_dropdowns_excel_keeps_in_an_extension_survive(write_form, tmp_path: Path):
    """Excel stores a dropdown whose list is on another sheet in an x14 extension, which openpyxl drops on saving."""
    path = write_form(edit=lambda wb: set_value(wb, "cases", "received", "total", "ສິບ"))
    sheet_part = _part_of(path, CASES)
    ext = ('<extLst><ext uri="{CCE6A557-97BC-4b89-ADB6-D9C93CAAB3DF}" '
           'xmlns:x14="http://schemas.microsoft.com/office/spreadsheetml/2009/9/main"><x14:dataValidations '
           'count="1" xmlns:xm="http://schemas.microsoft.com/office/excel/2006/main"><x14:dataValidation type="list" '
           'allowBlank="1"><x14:formula1><xm:f>_lists!$A$2:$A$4</xm:f></x14:formula1><xm:sqref>H20</xm:sqref>'
           "</x14:dataValidation></x14:dataValidations></ext></extLst>")
    excel = tmp_path / "excel.xlsx"
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(excel, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            body = src.read(info.filename)
            if info.filename == sheet_part:
                body = body.replace(b"</worksheet>", ext.encode() + b"</worksheet>")
            dst.writestr(info, body)
    data = return_copy(excel, problems(excel))
    sheet = part(data, sheet_part).decode()
    assert "<xm:f>_lists!$A$2:$A$4</xm:f></x14:formula1><xm:sqref>H20</xm:sqref>" in sheet
    assert sheet.index("<legacyDrawing") < sheet.index("<extLst")  # in the order the schema wants


# ---- problems marked on their cells ------------------------------------------------------------------------

def test_each_problem_cell_is_highlighted_and_commented_lao_first(write_form):
    def edit(wb):
        set_value(wb, "cases", "received", "total", "ສິບ")  # error on E5
        set_value(wb, "cases", "to_prosecutor", "total", 7)  # warning: more sent to prosecutors than investigated
    path = write_form(edit=edit)
    issues = problems(path)
    assert sorted((i.code, i.where.cell) for i in issues) == [("cases.order", "E7"), ("number.text", "E5")]
    _, wb = copy_of(path, issues)
    assert highlights(wb) == {CASES: {"E5": ERROR_RGB, "E7": WARNING_RGB}}
    notes = commented(wb)
    assert set(notes) == {CASES} and set(notes[CASES]) == {"E5", "E7"}
    e5 = next(i for i in issues if i.where.cell == "E5")
    assert notes[CASES]["E5"] == f"ຂໍ້ຜິດພາດ / error\n{e5.lo}\n{e5.en}\n→ {e5.fix_lo}\n→ {e5.fix_en}"
    assert notes[CASES]["E7"].startswith("ຄຳເຕືອນ / warning\n")
    assert wb[CASES]["E5"].comment.author == "reportgen"
    # the cells' own formats are not changed: the highlight is a rule over them
    assert wb[CASES]["E5"].fill.fgColor.rgb == load_workbook(path)[CASES]["E5"].fill.fgColor.rgb


def test_several_problems_on_one_cell_give_one_comment_with_all_of_them(write_form):
    path = write_form()
    f = path.name
    issues = [warning(CellRef(f, CASES, "E5"), "ເຕືອນ", "a warning", "ກວດ", "check it"),
              error(CellRef(f, CASES, "e5"), "ຜິດ", "an error", "ແກ້", "correct it")]
    _, wb = copy_of(path, issues)
    assert commented(wb) == {CASES: {"E5": "ຄຳເຕືອນ / warning\nເຕືອນ\na warning\n→ ກວດ\n→ check it\n\n"
                                           "ຂໍ້ຜິດພາດ / error\nຜິດ\nan error\n→ ແກ້\n→ correct it"}}
    assert highlights(wb) == {CASES: {"E5": ERROR_RGB}}  # an error and a warning: the error's colour
    assert len(list_rows(wb)) == 2


def test_a_comment_the_committee_wrote_is_kept_and_the_problem_added_after_it(write_form, tmp_path: Path):
    def edit(wb):
        set_value(wb, "cases", "received", "total", "ສິບ")
        wb[CASES]["E5"].comment = Comment("ຕົວເລກຈາກຫ້ອງການ", "ທ່ານ ສົມພອນ")
        wb[CASES]["E6"].comment = Comment("ບໍ່ມີບັນຫາ", "ທ່ານ ສົມພອນ")
    path = write_form(edit=edit)
    _, wb = copy_of(path, problems(path))
    notes = commented(wb)[CASES]
    assert notes["E6"] == "ບໍ່ມີບັນຫາ"
    assert notes["E5"].startswith("ຕົວເລກຈາກຫ້ອງການ\n\nຂໍ້ຜິດພາດ / error\n")
    assert wb[CASES]["E5"].comment.author == "ທ່ານ ສົມພອນ"


def test_problems_without_a_cell_are_in_the_list_only(write_form):
    path = write_form(edit=places_mismatch)
    issues = problems(path) + [warning(CellRef(path.name), "ສອງໄຟລ໌", "two files", "ລຶບ", "remove one"),
                               error(CellRef(path.name, "7 ຜູ້ຖືກເຄາະຮ້າຍ", "ແຖວ/row 7"), "ແຖວ", "a row", "", "")]
    assert issues[0].where.cell == "" and issues[0].where.sheet
    _, wb = copy_of(path, issues)
    assert commented(wb) == {} and highlights(wb) == {}
    rows = list_rows(wb)
    assert [r[1:3] for r in rows] == [
        ("ທັງໄຟລ໌\nwhole workbook", None),  # the whole workbook first, then sheet by sheet
        ("7 ຜູ້ຖືກເຄາະຮ້າຍ", "ແຖວ/row 7"),
        (issues[0].where.sheet, "ທັງແຜ່ນງານ\nwhole sheet")]
    ws = wb[LIST_SHEET]
    links = {c.coordinate: c.hyperlink.location for row in ws.iter_rows() for c in row if c.hyperlink}
    assert links == {"E8": "'7 ຜູ້ຖືກເຄາະຮ້າຍ'!B7", "D9": f"'{issues[0].where.sheet}'!B2"}


# ---- the list sheet -------------------------------------------------------------------------------------

def test_the_list_sheet_comes_first_with_every_problem_and_a_link_to_its_cell(write_form):
    def edit(wb):
        set_value(wb, "cases", "received", "total", "ສິບ")
        set_value(wb, "submission", "established", "value", None)
        set_item(wb, "awareness", 0, {"channel": schema.CHANNELS[0].lo, "reached_total": 5, "reached_women": 9})
    path = write_form(edit=edit)
    issues = problems(path)
    assert len(issues) == 3
    data, wb = copy_of(path, issues)
    ws = wb.worksheets[0]
    assert ws.title == LIST_SHEET and wb.active.title == LIST_SHEET
    assert [bool(w.sheet_view.tabSelected) for w in wb.worksheets] == [True] + [False] * (len(wb.worksheets) - 1)
    assert ws["A1"].value == "rg:returns" and ws.column_dimensions["A"].hidden and ws.row_dimensions[1].hidden
    assert ws["B2"].value == "ບັນຫາທີ່ຕ້ອງແກ້ໄຂ / Problems to correct"
    assert ws["B3"].value == "ຂໍ້ຜິດພາດ 3, ຄຳເຕືອນ 0 / 3 errors, 0 warnings"
    assert ws["B4"].value.startswith("ນີ້ແມ່ນແບບຟອມຂອງທ່ານເອງ") and ws["B5"].value.startswith("This is your own workbook")
    assert [ws.cell(6, c).value for c in range(2, 8)] == [
        "ລ/ດ\nNo.", "ປະເພດ\nType", "ແຜ່ນງານ\nSheet", "ຫ້ອງ\nCell", "ບັນຫາ\nProblem", "ສິ່ງທີ່ຕ້ອງເຮັດ\nWhat to do"]
    rows = list_rows(wb)
    by_place = {(r[1], r[2]) for r in rows}
    assert by_place == {(i.where.sheet, i.where.cell) for i in issues}
    assert [r[1] for r in rows] == [INFO, CASES, "10 ການໂຄສະນາ"]  # in the workbook's order
    for r, i in zip(rows, sorted(issues, key=lambda i: [s.title for s in schema.SHEETS].index(i.where.sheet)),
                    strict=True):
        assert r[0] == "ຂໍ້ຜິດພາດ\nerror"
        assert r[3] == f"{i.lo}\n{i.en}" and r[4] == f"{i.fix_lo}\n{i.fix_en}"
    links = {ws.cell(n, 5).hyperlink.location for n in range(7, 10)}
    assert links == {f"'{i.where.sheet}'!{i.where.cell}" for i in issues}
    # readable: the forms' Lao font, wrapped, widths; printed landscape, one page wide, the header on each page
    assert {ws.cell(n, c).font.name for n in range(2, 10) for c in range(2, 8) if ws.cell(n, c).value} == {FONT}
    assert all(ws.cell(n, 6).alignment.wrap_text for n in range(6, 10))
    assert ws.column_dimensions["F"].width >= 50 and ws.column_dimensions["D"].width >= 20
    assert ws.row_dimensions[7].height >= 40
    assert (ws.page_setup.orientation, ws.page_setup.fitToWidth, ws.page_setup.fitToHeight) == ("landscape", 1, 0)
    assert ws.sheet_properties.pageSetUpPr.fitToPage and ws.print_title_rows == "$6:$6"
    assert ws.freeze_panes == "A7"
    assert ws.cell(7, 3).fill.fgColor.rgb == ERROR_RGB


def test_the_list_sheet_is_passed_over_when_the_copy_comes_back_as_a_workbook(write_form, tmp_path: Path):
    path = write_form(edit=lambda wb: set_value(wb, "cases", "received", "total", "ສິບ"))
    back = tmp_path / "back.xlsx"
    back.write_bytes(return_copy(path, problems(path)))
    assert [(i.code, i.where.cell) for i in problems(back)] == [("number.text", "E5")]


def test_the_same_workbook_and_problems_give_the_same_bytes(write_form):
    path = write_form(edit=lambda wb: set_value(wb, "cases", "received", "total", "ສິບ"))
    issues = problems(path)
    assert return_copy(path, issues) == return_copy(path, issues)


# ---- a return copy that comes back ---------------------------------------------------------------------------

def test_the_marks_of_an_earlier_copy_are_taken_off_before_todays_problems_are_marked(write_form, tmp_path: Path):
    def edit(wb):
        set_value(wb, "cases", "received", "total", "ສິບ")
        set_value(wb, "submission", "established", "value", None)
    path = write_form(edit=edit)
    first = return_copy(path, problems(path))
    # The committee corrects E5 and writes a reply into the comment of the other cell, then sends the copy back.
    wb = load_workbook(io.BytesIO(first))
    wb[CASES]["E5"] = 10
    note = wb[INFO]["E17"].comment
    wb[INFO]["E17"].comment = Comment(note.text + "\nເຮົາຈະສົ່ງໃຫ້ພາຍຫຼັງ", note.author)
    back = tmp_path / "back.xlsx"
    wb.save(back)
    issues = problems(back)
    assert [(i.where.sheet, i.where.cell) for i in issues] == [(INFO, "E17")]
    _, again = copy_of(back, issues)
    assert [ws.title for ws in again.worksheets].count(LIST_SHEET) == 1 and again.worksheets[0].title == LIST_SHEET
    notes = commented(again)
    assert set(notes) == {INFO}  # E5's comment went with its problem
    assert notes[INFO]["E17"].count("ຂໍ້ຜິດພາດ / error") == 2  # the reply kept the old text: left, today's added
    assert "ເຮົາຈະສົ່ງໃຫ້ພາຍຫຼັງ" in notes[INFO]["E17"]
    assert highlights(again) == {INFO: {"E17": ERROR_RGB}}
    assert len(list_rows(again)) == 1


def test_a_copy_saved_again_by_libreoffice_is_cleaned_the_same_way(write_form, tmp_path: Path):
    path = write_form(edit=lambda wb: set_value(wb, "cases", "received", "total", "ສິບ"))
    saved = through_libreoffice(return_copy(path, problems(path)), tmp_path)
    again = load_workbook(io.BytesIO(annotate(saved, [warning(CellRef("x", CASES, "E6"), "ໃໝ່", "new", "", "")])))
    assert commented(again) == {CASES: {"E6": "ຄຳເຕືອນ / warning\nໃໝ່\nnew"}}
    assert highlights(again) == {CASES: {"E6": WARNING_RGB}}
    assert [ws.title for ws in again.worksheets].count(LIST_SHEET) == 1


# ---- no copy ---------------------------------------------------------------------------------------------

def _zip(path: Path, members: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w") as z:
        for name, body in members.items():
            z.writestr(name, body)
    return path


def _with_part(src: Path, dst: Path, name: str, body: bytes) -> Path:
    with zipfile.ZipFile(src) as z:
        members = {n: z.read(n) for n in z.namelist()}
    members[name] = body
    return _zip(dst, members)


def test_no_copy_of_a_file_the_reader_refused_or_that_cannot_be_opened(write_form, tmp_path: Path):
    good = write_form()
    issue = [error(CellRef("x", CASES, "E5"), "a", "b")]
    not_zip = tmp_path / "a.xlsx"
    not_zip.write_bytes(b"PK\x03\x04 not really")
    encrypted = tmp_path / "b.xlsx"
    encrypted.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + "EncryptedPackage".encode("utf-16-le") + b"\0" * 600)
    hostile = _with_part(good, tmp_path / "c.xlsx", _part_of(good, CASES),
                         b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]><worksheet/>')
    broken = _with_part(good, tmp_path / "d.xlsx", _part_of(good, CASES), b"<worksheet><sheetData><row>")
    for path in (not_zip, encrypted, hostile):
        assert read_workbook(path).issues and read_workbook(path).issues[0].code.startswith("file.")
        with pytest.raises(NoReturnCopy) as caught:
            return_copy(path, issue)
        assert caught.value.reason.why.en == "the file cannot be opened (see the message above)"
    with pytest.raises(NoReturnCopy) as caught:
        return_copy(broken, issue)
    assert caught.value.reason.why.en == f"its part {_part_of(good, CASES)} cannot be read"
    assert caught.value.reason.line("inputs/d.xlsx") == (
        f"inputs/d.xlsx: ບໍ່ມີໄຟລ໌ສົ່ງຄືນ: ອ່ານສ່ວນ {_part_of(good, CASES)} ຂອງໄຟລ໌ບໍ່ໄດ້ / no return file: its part "
        f"{_part_of(good, CASES)} cannot be read\n    → {catalogue()['returns.not_made'].fix_lo} / "
        f"{catalogue()['returns.not_made'].fix_en}")


def test_control_characters_typed_raw_into_a_sheet_do_not_stop_its_copy(write_form, tmp_path: Path):
    """XML forbids them, some tools write them; the copy holds them as Excel writes them (_x0001_)."""
    good = write_form(edit=lambda wb: set_item(wb, "achievements", 0, {"description": "RAW"}))
    sheet = _part_of(good, "2 ຜົນງານ")
    with zipfile.ZipFile(good) as z:
        body = z.read(sheet).replace(b"RAW", "ໂຄສະນາ\x01ເຜີຍແຜ່".encode())
    raw = _with_part(good, tmp_path / "raw.xlsx", sheet, body)
    issues = problems(raw)
    assert ("text.control", "D6") in [(i.code, i.where.cell) for i in issues]
    back = tmp_path / "back.xlsx"
    back.write_bytes(return_copy(raw, issues))
    assert "_x0001_" in part(back.read_bytes(), sheet).decode()
    assert [(i.code, i.where.cell) for i in problems(back)] == [(i.code, i.where.cell) for i in issues]
    assert read_workbook(back).lists["achievements"][0].get("description") == "ໂຄສະນາເຜີຍແຜ່"


def test_no_copy_when_a_problem_is_on_a_sheet_the_file_no_longer_has(write_form):
    path = write_form()
    with pytest.raises(NoReturnCopy) as caught:
        return_copy(path, [error(CellRef("x", "ແຜ່ນເກົ່າ", "E5"), "a", "b")])
    assert caught.value.reason.fix == "fix.check_again"
    assert "run reportgen check again" in caught.value.reason.line("x")
    # a missing sheet the check reports on the sheet (not a cell) is listed as it is
    sheet_missing = [error(CellRef("x", "ແຜ່ນເກົ່າ"), "ບໍ່ພົບແຜ່ນ", "sheet missing")]
    assert list_rows(load_workbook(io.BytesIO(return_copy(path, sheet_missing))))[0][1:3] == ("ແຜ່ນເກົ່າ", None)


# ---- writing them all ---------------------------------------------------------------------------------------

def _fingerprints(folder: Path) -> dict[str, tuple[str, int]]:
    return {str(p.relative_to(folder)): (hashlib.sha256(p.read_bytes()).hexdigest(), p.stat().st_mtime_ns)
            for p in sorted(folder.rglob("*")) if p.is_file()}


def test_two_workbooks_of_one_name_in_two_folders_get_two_return_files(write_form, tmp_path: Path):
    inputs = tmp_path / "inputs"
    path = write_form(edit=lambda wb: set_value(wb, "cases", "received", "total", "ສິບ"))
    for sub in ("ເມືອງ ກ", "ເມືອງ ຂ"):
        (inputs / sub).mkdir()
        shutil.copy(path, inputs / sub / "LA-XA.xlsx")
    path.unlink()
    subs = [read_workbook(p, str(p.relative_to(tmp_path))) for p in sorted(inputs.rglob("*.xlsx"))]
    issues = check(subs, 2019)
    out = tmp_path / "build" / "2019" / "returns"
    done = write_returns(subs, issues, inputs, out)
    assert sorted(str(p.relative_to(out)) for p in done.written.values()) == ["ເມືອງ ກ/LA-XA.xlsx", "ເມືອງ ຂ/LA-XA.xlsx"]
    assert set(done.written) == {"inputs/ເມືອງ ກ/LA-XA.xlsx", "inputs/ເມືອງ ຂ/LA-XA.xlsx"}


def test_return_files_follow_the_problems_and_the_inputs_are_never_touched(write_form, tmp_path: Path):
    inputs = tmp_path / "inputs"
    bad = write_form("LA-XA.xlsx", edit=lambda wb: set_value(wb, "cases", "received", "total", "ສິບ"))
    write_form("LA-CH.xlsx")  # no problem (its own province in the form does not matter here)
    out = tmp_path / "returns"
    before = _fingerprints(inputs)

    def run():
        subs = [read_workbook(p) for p in sorted(inputs.glob("*.xlsx"))]
        return write_returns(subs, [i for i in check(subs, 2019) if i.code != "committee.duplicate"], inputs, out)

    first = run()
    assert sorted(p.name for p in first.written.values()) == ["LA-XA.xlsx"]
    assert sorted(p.name for p in out.iterdir()) == [".reportgen-manifest.json", "LA-XA.xlsx"]
    again = run()
    assert again.removed == [] and again.written == first.written
    # Someone opens the return file and saves a note in it: the next one is written beside it, it stays.
    changed = out / "LA-XA.xlsx"
    wb = load_workbook(changed)
    wb[LIST_SHEET]["I2"] = "sent 3 March"
    wb.save(changed)
    third = run()
    assert third.kept == [(changed, out / "LA-XA-2.xlsx")] and (out / "LA-XA-2.xlsx").exists()
    # The committee corrects its workbook: the copy reportgen wrote goes, the one a person changed is left.
    fixed = write_form("LA-XA.xlsx")
    assert fixed == bad
    before = _fingerprints(inputs)
    fourth = run()
    assert fourth.written == {} and fourth.removed == [out / "LA-XA-2.xlsx"] and fourth.left == [changed]
    assert changed.exists() and not (out / "LA-XA-2.xlsx").exists()
    assert _fingerprints(inputs) == before


def test_no_return_files_into_the_inputs_folder(write_form, tmp_path: Path):
    path = write_form(edit=lambda wb: set_value(wb, "cases", "received", "total", "ສິບ"))
    inputs = path.parent
    before = _fingerprints(inputs)
    subs = [read_workbook(path)]
    done = write_returns(subs, check(subs, 2019), inputs, inputs / "returns")
    assert done.written == {} and list(done.not_made) == [subs[0].file]
    assert done.not_made[subs[0].file].fix == "fix.output_outside_inputs"
    assert _fingerprints(inputs) == before


# ---- the example, as the issue asks: break three workbooks, check, three return files ---------------------------

_MESSAGE = re.compile(r"^(inputs/\S+\.xlsx) › (.+?)(?: › ([A-Z]{1,3}[0-9]+))?: ")


def test_check_writes_return_files_commented_on_exactly_the_cells_of_its_messages(tmp_path: Path, monkeypatch):
    project = tmp_path / "project"
    project.mkdir()
    shutil.copy(Path(__file__).resolve().parents[2] / "reportgen.toml", project)
    shutil.copytree(Path(__file__).resolve().parents[2] / "examples", project / "examples")  # last year's figures
    inputs = copy_example(project / "inputs")

    def edit(name: str, *changes):
        wb = load_workbook(inputs / name)
        for change in changes:
            change(wb)
        wb.save(inputs / name)

    edit("LA-XA.xlsx", lambda wb: set_value(wb, "cases", "received", "total", "ສິບ"))  # a text in a count cell
    edit("LA-VT.xlsx", lambda wb: set_value(wb, "cases", "suspects", "women", 999))  # a part larger than its total
    edit("LA-CH.xlsx", lambda wb: set_value(wb, "submission", "established", "value", None),  # required, emptied
         *(lambda wb, r=r: set_value(wb, "victim_places", r.key, "total", 1) for r in schema.VICTIM_PLACES.rows))
    before = _fingerprints(inputs)
    monkeypatch.chdir(project)
    r = CliRunner().invoke(main, ["check", "--quiet"], catch_exceptions=False)
    assert r.exit_code == 1
    expected: dict[str, dict[str, set[str]]] = {}
    listed: dict[str, int] = {}
    for line in r.output.splitlines():
        found = _MESSAGE.match(line)
        if found:
            file, sheet, cell = found.groups()
            listed[file] = listed.get(file, 0) + 1
            if cell:
                expected.setdefault(file, {}).setdefault(sheet, set()).add(cell)
    assert sorted(listed) == ["inputs/LA-CH.xlsx", "inputs/LA-VT.xlsx", "inputs/LA-XA.xlsx"]
    assert expected == {"inputs/LA-CH.xlsx": {INFO: {"E17"}}, "inputs/LA-VT.xlsx": {CASES: {"F10"}},
                        "inputs/LA-XA.xlsx": {CASES: {"E5"}}}
    returns = project / "build" / "2019" / "returns"
    assert sorted(p.name for p in returns.glob("*.xlsx")) == ["LA-CH.xlsx", "LA-VT.xlsx", "LA-XA.xlsx"]
    for file, sheets in expected.items():
        wb = load_workbook(returns / Path(file).name)
        assert {s: set(cells) for s, cells in commented(wb).items()} == sheets, file
        assert {s: set(cells) for s, cells in highlights(wb).items()} == sheets, file
        assert len(list_rows(wb)) == listed[file], file  # every message, with or without a cell
    assert "returns: ໄຟລ໌ສົ່ງຄືນ 3 ໄຟລ໌" in r.output and "/ 3 return files:" in r.output
    assert _fingerprints(inputs) == before
    # Two of them corrected (copied back from the example): their return files go, and check says so.
    for name in ("LA-XA.xlsx", "LA-VT.xlsx"):
        shutil.copy(Path(__file__).resolve().parents[2] / "inputs" / name, inputs / name)
    r = CliRunner().invoke(main, ["check", "--quiet"], catch_exceptions=False)
    assert sorted(p.name for p in returns.glob("*.xlsx")) == ["LA-CH.xlsx"]
    assert "build/2019/returns/LA-VT.xlsx: ລຶບແລ້ວ: ແບບຟອມຂອງມັນບໍ່ມີບັນຫາແລ້ວ / removed: its workbook has no " \
           "problem any more" in r.output


def test_a_workbook_without_a_return_file_is_named_by_check(tmp_path: Path, monkeypatch, write_form):
    path = write_form()
    (path.parent / "notes.xlsx").write_text("not a workbook", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    r = CliRunner().invoke(main, ["check", "inputs", "--year", "2019", "--quiet"], catch_exceptions=False)
    assert ("inputs/notes.xlsx: ບໍ່ມີໄຟລ໌ສົ່ງຄືນ: ໄຟລ໌ນີ້ເປີດບໍ່ໄດ້ (ເບິ່ງຂໍ້ຄວາມຂ້າງເທິງ) / no return file: the "
            "file cannot be opened (see the message above)") in r.output
    assert not (tmp_path / "build" / "2019" / "returns" / "notes.xlsx").exists()


# ---- opened by LibreOffice, as a clerk would --------------------------------------------------------------

def _soffice() -> str:
    soffice = shutil.which("soffice")
    if soffice is None:
        if os.environ.get("CI"):
            pytest.fail("soffice is missing: .ci/run must install libreoffice-calc-nogui")
        pytest.skip("LibreOffice (soffice) is not installed")
    return soffice


def _convert(data: bytes, to: str, tmp_path: Path) -> bytes:
    soffice = _soffice()
    with tempfile.TemporaryDirectory(prefix="rg-lo-", dir=tmp_path) as tmp:
        folder = Path(tmp)
        src = folder / "in" / "LA-XA.xlsx"
        src.parent.mkdir()
        src.write_bytes(data)
        done = subprocess.run([soffice, f"-env:UserInstallation={(folder / 'profile').as_uri()}", "--headless",
                               "--convert-to", to, "--outdir", str(folder / "out"), str(src)],
                              capture_output=True, timeout=240, env={**os.environ, "HOME": tmp})
        made = list((folder / "out").glob("LA-XA.*"))
        assert done.returncode == 0 and made, done.stderr.decode(errors="replace")[-500:]
        return made[0].read_bytes()


def through_libreoffice(data: bytes, tmp_path: Path) -> bytes:
    return _convert(data, "xlsx:Calc MS Excel 2007 XML", tmp_path)


def test_libreoffice_opens_the_copy_with_its_values_dropdowns_comments_and_list(write_form, tmp_path: Path):
    def edit(wb):
        set_value(wb, "cases", "received", "total", "ສິບ")
        set_value(wb, "cases", "to_prosecutor", "total", 7)
    path = write_form(edit=edit)
    issues = problems(path)
    original = load_workbook(path)
    saved = load_workbook(io.BytesIO(through_libreoffice(return_copy(path, issues), tmp_path)))
    assert saved.sheetnames == [LIST_SHEET, *original.sheetnames]
    for ws in original.worksheets:
        for row in ws.iter_rows():
            for c in row:
                assert saved[ws.title][c.coordinate].value == c.value, (ws.title, c.coordinate)
        assert len(saved[ws.title].data_validations.dataValidation) == len(ws.data_validations.dataValidation)
        assert saved[ws.title].protection.sheet == ws.protection.sheet
    lists = [d for d in saved[INFO].data_validations.dataValidation if d.type == "list"]
    assert lists and all("_lists" in d.formula1 for d in lists)
    assert set(commented(saved)[CASES]) == {"E5", "E7"}
    assert highlights(saved) == {CASES: {"E5": ERROR_RGB, "E7": WARNING_RGB}}
    rows = list_rows(saved)
    assert {(r[1], r[2]) for r in rows} == {(CASES, "E5"), (CASES, "E7")}
    links = {c.hyperlink.location for row in saved[LIST_SHEET].iter_rows() for c in row if c.hyperlink}
    assert links == {f"'{CASES}'!E5", f"'{CASES}'!E7"}


def test_the_list_prints_on_a_landscape_page_lao_first(write_form, tmp_path: Path):
    path = write_form(edit=lambda wb: set_value(wb, "cases", "received", "total", "ສິບ"))
    pdf = _convert(return_copy(path, problems(path)), "pdf", tmp_path)
    from pypdf import PdfReader

    first = PdfReader(io.BytesIO(pdf)).pages[0]
    assert first.mediabox.width > first.mediabox.height  # landscape
    text = re.sub(r"\s+", "", first.extract_text())
    assert "ບັນຫາທີ່ຕ້ອງແກ້ໄຂ/Problemstocorrect" in text
    assert "mustbeawholenumber" in text and text.index("ຕ້ອງໃສ່") < text.index("mustbeawholenumber")
    assert rt.FOLDER == "returns"
