"""The command line as secretariat staff use it: exact messages and exit codes, nothing half-written."""

from __future__ import annotations

import io
import shutil
import sys
from pathlib import Path

from click.testing import CliRunner
from openpyxl import load_workbook

from conftest import ROOT, answer_empty_lists, minimal_form
from reportgen.cli import main
from reportgen.writers.xlsx.forms import Formula, Identity, save_bytes, set_value


def run(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def test_check_example_passes(project: Path):
    shutil.copytree(ROOT / "inputs", project / "inputs")
    shutil.copytree(ROOT / "examples", project / "examples")
    shutil.copy(ROOT / "reportgen.toml", project)
    r = run("check", "--quiet")
    assert r.exit_code == 0
    out = project / "build" / "2019"
    missing = "ເມືອງໄຊເສດຖາ (0103), ເມືອງນານ (0603), ເມືອງໜອງແຮດ (0903), ເມືອງບາຈຽງຈະເລີນສຸກ (1603)"
    assert r.output == (  # forms were made for 32 districts (reportgen.toml): 4 did not come back
        f"ບົດລາຍງານທີ່ຄາດໄວ້ / expected submissions: ຍັງບໍ່ໄດ້ຮັບ 4 ສະບັບ: {missing} / 4 not received yet: {missing} "
        "[ຄຳເຕືອນ / warning]\n"
        "    → ບົດລາຍງານຈະລະບຸວ່າຍັງບໍ່ໄດ້ຮັບ; ຕິດຕາມຄະນະກຳມະການເຫຼົ່ານີ້ / the report will list them as missing; "
        "follow up with these committees\n"
        "ກວດແລ້ວ 47 ໄຟລ໌: ຂໍ້ຜິດພາດ 0, ຄຳເຕືອນ 1 / checked 47 files: 0 errors, 1 warning\n"
        "ໄດ້ທຽບໃສ່ຕົວເລກຂອງປີ 2018 / compared with the figures of 2018: examples/2018/data.json\n"
        f"ສ້າງແລ້ວ / wrote {out / 'status.html'}\nສ້າງແລ້ວ / wrote {out / 'status.xlsx'}\n")


def test_check_lists_all_problems_with_places_and_fails(project: Path):
    inputs = project / "inputs"
    inputs.mkdir()
    wb = minimal_form(Identity("province", 2019, "LA-XA"))
    set_value(wb, "cases", "received", "total", "ສິບ")
    set_value(wb, "submission", "province", "value", "ແຂວງບໍ່ມີ")
    answer_empty_lists(wb)
    (inputs / "LA-XA.xlsx").write_bytes(save_bytes(wb))
    wb = minimal_form(Identity("province", 2019, "LA-CH"))
    del wb["7 ຜູ້ຖືກເຄາະຮ້າຍ"]
    answer_empty_lists(wb)
    (inputs / "LA-CH.xlsx").write_bytes(save_bytes(wb))
    wb = minimal_form(Identity("province", 2019, "LA-SV"))
    set_value(wb, "cases", "investigated", "total", Formula("=1+1"))
    answer_empty_lists(wb)
    (inputs / "LA-SV.xlsx").write_bytes(save_bytes(wb))
    (inputs / "notes.xlsx").write_text("not a workbook", encoding="utf-8")
    (inputs / "~$LA-XA.xlsx").write_bytes(b"lock")
    r = run("check", "inputs", "--year", "2019")
    assert r.exit_code == 1
    lines = [ln for ln in r.output.splitlines() if not ln.startswith(("    →", "ບົດລາຍງານທີ່ຄາດໄວ້", "ສ້າງແລ້ວ / wrote"))]
    assert (project / "build" / "2019" / "status.html").exists()  # what came and what to send back, even so
    assert "17 not received yet" in r.output  # national and 16 provinces: a warning, not an error
    lines = lines[:lines.index(next(ln for ln in lines if ln.startswith("ກວດແລ້ວ"))) + 1]  # then: files written
    assert lines == [
        "inputs/LA-CH.xlsx › 7 ຜູ້ຖືກເຄາະຮ້າຍ: ບໍ່ພົບແຜ່ນງານ \"7 ຜູ້ຖືກເຄາະຮ້າຍ\" / sheet \"7 Victims by form of "
        "exploitation\" is missing [ຂໍ້ຜິດພາດ / error]",
        "inputs/LA-SV.xlsx › 6 ສະຖິຕິຄະດີ › E6: ສູດຄຳນວນນີ້ບໍ່ມີຄ່າທີ່ຄຳນວນແລ້ວ / this formula has no calculated "
        "value [ຂໍ້ຜິດພາດ / error]",
        "inputs/LA-XA.xlsx › 1 ຂໍ້ມູນທົ່ວໄປ › E6: ບໍ່ຮູ້ຈັກແຂວງ \"ແຂວງບໍ່ມີ\"; ອາດແມ່ນ: ບໍ່ແກ້ວ, ຊຽງຂວາງ, ຫຼວງພະບາງ / "
        "unknown province \"ແຂວງບໍ່ມີ\"; closest: ບໍ່ແກ້ວ, ຊຽງຂວາງ, ຫຼວງພະບາງ [ຂໍ້ຜິດພາດ / error]",
        "inputs/LA-XA.xlsx › 6 ສະຖິຕິຄະດີ › E5: ຕ້ອງໃສ່ຈຳນວນເຕັມ ບໍ່ຕິດລົບ, ແຕ່ໃນຫ້ອງນີ້ມີຂໍ້ຄວາມ \"ສິບ\" / must be a whole "
        "number ≥ 0, found the text \"ສິບ\" [ຂໍ້ຜິດພາດ / error]",
        "inputs/notes.xlsx: ບໍ່ແມ່ນໄຟລ໌ Excel (.xlsx) / not an Excel workbook (.xlsx) [ຂໍ້ຜິດພາດ / error]",
        "ກວດແລ້ວ 4 ໄຟລ໌: ຂໍ້ຜິດພາດ 5, ຄຳເຕືອນ 1 / checked 4 files: 5 errors, 1 warning",
    ]
    assert "Traceback" not in r.output


def test_empty_or_missing_folder(project: Path):
    (project / "inputs").mkdir()
    r = run("check")
    assert r.exit_code == 1
    assert "there are no Excel workbooks (.xlsx) in this folder" in r.output
    r = run("check", "nowhere")
    assert r.exit_code == 3
    assert "nowhere: ບໍ່ພົບໂຟນເດີ / folder not found" in r.output


def test_build_with_errors_writes_no_report_only_the_status(project: Path):
    inputs = project / "inputs"
    inputs.mkdir()
    wb = minimal_form(Identity("province", 2019, "LA-XA"))
    set_value(wb, "cases", "received", "total", -1)
    (inputs / "LA-XA.xlsx").write_bytes(save_bytes(wb))
    before = (inputs / "LA-XA.xlsx").read_bytes()
    r = run("build", "--year", "2019", "--quiet")
    assert r.exit_code == 1
    assert "ບໍ່ໄດ້ສ້າງບົດລາຍງານ: ແກ້ໄຂຂໍ້ຜິດພາດກ່ອນ / no report was built: fix the errors first" in r.output
    out = project / "build" / "2019"
    assert not list(out.glob("report*")) and not list(out.glob("data*"))  # no report, no data export …
    assert (out / "status.html").exists() and (out / "status.xlsx").exists()  # … but the status, yes,
    assert list((out / "returns").glob("*.xlsx"))  # and the copy to send back (tests/collecting)
    assert (inputs / "LA-XA.xlsx").read_bytes() == before


def test_bad_settings_file_is_a_settings_error(project: Path):
    (project / "reportgen.toml").write_text("year = 'soon'\n", encoding="utf-8")
    r = run("check")
    assert r.exit_code == 3
    assert "invalid value for \"year\"" in r.output


def test_new_user_init_fill_check_build(project: Path):
    """In an empty folder: init → fill a form as a committee would → check → build a report for that year."""
    r = run("init", "--year", "2024", "--districts", "0101")
    assert r.exit_code == 0, r.output
    forms = project / "build" / "2024" / "forms"
    names = sorted(p.name for p in forms.iterdir())
    assert len(names) == 2 + 1 + 18 + 1  # blank province and district, national, provinces, one district
    assert {"blank-province.xlsx", "blank-district.xlsx", "national.xlsx", "LA-VT.xlsx", "LA-VT-0101.xlsx"} <= set(names)
    assert (project / "reportgen.toml").read_text(encoding="utf-8").count("year = 2024") == 1
    for name in ("national.xlsx", "LA-VT.xlsx", "LA-VT-0101.xlsx"):
        wb = load_workbook(forms / name)  # as an officer would: open, type, save
        set_value(wb, "submission", "established", "value", "ແມ່ນ")
        set_value(wb, "cases", "received", "total", 3)
        wb.save(project / "inputs" / name)
    r = run("check", "--quiet")
    assert r.exit_code == 0, r.output
    # the missing committees, and seven list sheets left empty in each form: "not reported" unless answered
    assert "\nກວດແລ້ວ 3 ໄຟລ໌: ຂໍ້ຜິດພາດ 0, ຄຳເຕືອນ 22 / checked 3 files: 0 errors, 22 warnings\n" in r.output
    assert r.output.count("the report will say \"not reported\"") == 21
    assert "17 not received yet" in r.output  # the other provinces: the report will list them as missing
    r = run("build", "--quiet", "--to", "docx,html")
    assert r.exit_code == 0, r.output
    assert (project / "build" / "2024" / "report.docx").stat().st_size > 10_000
    html = (project / "build" / "2024" / "report.html").read_text(encoding="utf-8")
    assert "2024" in html and "ຂໍ້ມູນຕົວຢ່າງ" not in html
    assert not list((project / "build" / "2024").glob("*.part"))


def test_unknown_output_format_is_usage_error(project: Path):
    r = CliRunner().invoke(main, ["build", "--to", "odt"])
    assert r.exit_code == 2
    assert "unknown format: odt" in r.output


def test_copy_of_example_builds_from_any_folder(tmp_path: Path, monkeypatch):
    shutil.copytree(ROOT / "inputs", tmp_path / "inputs")
    shutil.copytree(ROOT / "examples", tmp_path / "examples")  # last year's figures, named in the settings
    shutil.copy(ROOT / "reportgen.toml", tmp_path)
    monkeypatch.chdir(tmp_path)
    r = run("build", "--quiet", "--to", "docx")
    assert r.exit_code == 0, r.output
    assert "ໄດ້ທຽບໃສ່ຕົວເລກຂອງປີ 2018 / compared with the figures of 2018: examples/2018/data.json" in r.output.splitlines()
    wrote = [ln.rsplit("/", 1)[-1] for ln in r.output.splitlines() if ln.startswith("ສ້າງແລ້ວ / wrote")]
    assert wrote == ["report.docx", "data.xlsx", "data.json", "status.html", "status.xlsx"]
    assert "4 not received yet" in r.output  # the districts whose forms did not come back: a warning


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_shows_stage_and_files_on_a_terminal_only(monkeypatch):
    from reportgen.cli import _progress

    for quiet, stream, shown in ((False, _Terminal(), True), (True, _Terminal(), False), (False, io.StringIO(), False)):
        monkeypatch.setattr(sys, "stderr", stream)
        show = _progress(quiet)
        show("read", 3, 167)
        show("done", 2, 2)
        assert stream.getvalue() == ("\r\033[Kອ່ານໄຟລ໌ / reading: 3/167\r\033[Kສຳເລັດ / done: 2/2\n" if shown else "")


def test_progress_line_is_cleared_before_the_summary(monkeypatch):
    from reportgen import cli

    terminal = _Terminal()

    def terminal_progress(quiet: bool) -> cli._Progress:
        monkeypatch.setattr(sys, "stderr", terminal)  # inside the command, as if run in a terminal
        return cli._Progress(quiet)

    monkeypatch.setattr(cli, "_progress", terminal_progress)
    monkeypatch.chdir(ROOT)
    assert CliRunner().invoke(main, ["check"], color=True).exit_code == 0  # color: keep the escape codes
    stderr = terminal.getvalue()
    assert stderr.startswith("\r\033[Kອ່ານໄຟລ໌ / reading: 0/47") and "reading: 47/47" in stderr
    assert stderr.endswith("47/47\r\033[K")  # cleared: the summary does not continue the progress line


def test_no_progress_when_output_is_not_a_terminal(monkeypatch):
    monkeypatch.chdir(ROOT)
    r = run("check")
    assert r.exit_code == 0
    assert "reading:" not in r.output and "\r" not in r.output


def _file_messages(output: str, name: str) -> list[str]:
    """The message about `name` and the line after it (what to do)."""
    lines = output.splitlines()
    return [ln for i, ln in enumerate(lines) if ln.startswith(f"inputs/{name}")
            or (i and lines[i - 1].startswith(f"inputs/{name}") and ln.startswith("    →"))]


def test_a_csv_or_empty_file_asks_for_the_form_again_not_to_save_it_as_xlsx(project: Path):
    (project / "inputs").mkdir()
    (project / "inputs" / "LA-XA.csv").write_text("ຄະດີ,4\n", encoding="utf-8")
    (project / "inputs" / "LA-CH.xlsx").write_bytes(b"")
    (project / "inputs" / "LA-SV.xls").write_bytes(b"\xd0\xcf\x11\xe0")  # a form saved in the old format
    r = run("check", "--year", "2019", "--quiet")
    assert r.exit_code == 1
    again = ("ຂໍແບບຟອມ reportgen ທີ່ກອກແລ້ວຈາກຄະນະກຳມະການອີກຄັ້ງ, ຫຼື ກອກແບບຟອມທີ່ສ້າງດ້ວຍ `reportgen init`",
             "ask the committee for the filled reportgen form again, or fill in a form made by `reportgen init`")
    assert _file_messages(r.output, "LA-XA.csv") == [
        "inputs/LA-XA.csv: ໄຟລ໌ປະເພດ .csv ອ່ານບໍ່ໄດ້ / .csv files cannot be read [ຂໍ້ຜິດພາດ / error]",
        f"    → ໄຟລ໌ .csv ບັນຈຸແບບຟອມບໍ່ໄດ້: {again[0]} / a .csv file cannot hold the form: {again[1]}"]
    assert _file_messages(r.output, "LA-CH.xlsx") == [
        "inputs/LA-CH.xlsx: ໄຟລ໌ຫວ່າງເປົ່າ (ຂະໜາດ 0 KB) / the file is empty (0 bytes) [ຂໍ້ຜິດພາດ / error]",
        f"    → {again[0]} / {again[1]}",
        "inputs/LA-CH.xlsx: ບໍ່ມີໄຟລ໌ສົ່ງຄືນ: ໄຟລ໌ນີ້ເປີດບໍ່ໄດ້ (ເບິ່ງຂໍ້ຄວາມຂ້າງເທິງ) / no return file: the file cannot "
        "be opened (see the message above)",
        "    → ສົ່ງຂໍ້ຄວາມກ່ຽວກັບໄຟລ໌ນີ້ (ຂ້າງເທິງ) ໃຫ້ຄະນະກຳມະການແທນ / send the committee the messages about this file "
        "(above) instead"]
    assert _file_messages(r.output, "LA-SV.xls") == [
        "inputs/LA-SV.xls: ໄຟລ໌ປະເພດ .xls ອ່ານບໍ່ໄດ້ / .xls files cannot be read [ຂໍ້ຜິດພາດ / error]",
        "    → ເປີດໄຟລ໌ໃນ Excel ຫຼື LibreOffice ແລ້ວບັນທຶກເປັນ Excel Workbook (.xlsx) / open it in Excel or LibreOffice "
        "and save it as Excel Workbook (.xlsx)"]


def test_a_workbook_the_spreadsheet_library_cannot_open_asks_for_the_form_again(project: Path, monkeypatch):
    from reportgen.readers import workbook as reader

    class Refusing:
        @staticmethod
        def from_path(path: str):
            raise ValueError("broken part")

    monkeypatch.setattr(reader.python_calamine, "CalamineWorkbook", Refusing)
    (project / "inputs").mkdir()
    (project / "inputs" / "LA-XA.xlsx").write_bytes(save_bytes(minimal_form(Identity("province", 2019, "LA-XA"))))
    r = run("check", "--year", "2019", "--quiet")
    assert r.exit_code == 1
    assert _file_messages(r.output, "LA-XA.xlsx") == [
        "inputs/LA-XA.xlsx: ອ່ານໄຟລ໌ບໍ່ໄດ້: ໄຟລ໌ເສຍ ຫຼື ບໍ່ແມ່ນ Excel / cannot read the file: damaged or not Excel "
        "(ValueError) [ຂໍ້ຜິດພາດ / error]",
        "    → ຂໍແບບຟອມທີ່ກອກແລ້ວຈາກຄະນະກຳມະການອີກຄັ້ງ (ຖ້າ Excel ເປີດມັນໄດ້: ບັນທຶກເປັນ .xlsx ຄືນ) / ask the committee for "
        "the filled form again (if Excel opens it: save it again as .xlsx)"]


def test_a_district_of_another_province_says_which_province_it_is_in(project: Path):
    (project / "inputs").mkdir()
    wb = minimal_form(Identity("district", 2019, "LA-XA", "0801"))
    set_value(wb, "submission", "district", "value", "ຈັນທະບູລີ")  # a district of the capital, under Xaignabouli
    (project / "inputs" / "LA-XA-0801.xlsx").write_bytes(save_bytes(wb))
    r = run("check", "--year", "2019", "--quiet")
    assert _file_messages(r.output, "LA-XA-0801.xlsx › 1 ຂໍ້ມູນທົ່ວໄປ › E7") == [
        "inputs/LA-XA-0801.xlsx › 1 ຂໍ້ມູນທົ່ວໄປ › E7: ເມືອງ \"ຈັນທະບູລີ\" ຢູ່ນະຄອນຫຼວງວຽງຈັນ, ບໍ່ແມ່ນແຂວງໄຊຍະບູລີ / "
        "district \"ຈັນທະບູລີ\" is in Vientiane Capital, not Xaignabouly [ຄຳເຕືອນ / warning]",
        "    → ເລືອກ ນະຄອນຫຼວງວຽງຈັນ ໃນຫ້ອງ E6 (ຫຼື ເລືອກເມືອງຂອງແຂວງໄຊຍະບູລີ) / choose Vientiane Capital as the province "
        "in cell E6 (or a district of Xaignabouly)"]
    assert "check the spelling" not in r.output
