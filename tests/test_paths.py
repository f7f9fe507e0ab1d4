"""Where reportgen looks and what it records: sub-folders of inputs/, paths typed on the command line,
the districts `init` made forms for, and a settings file of another year."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from conftest import minimal_form
from reportgen import pipeline
from reportgen.cli import main
from reportgen.config import load_settings
from reportgen.writers.xlsx.forms import Identity, save_bytes, set_value


def run(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def _form(path: Path, ident: Identity, received: object = 4) -> Path:
    wb = minimal_form(ident)
    set_value(wb, "cases", "received", "total", received)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(save_bytes(wb))
    return path


def _lines(output: str) -> list[str]:
    return output.splitlines()


# ---- sub-folders of inputs/ ------------------------------------------------------------------------

def test_sub_folders_are_read_in_a_stable_order_without_hidden_folders_and_lock_files(project: Path):
    inputs = project / "inputs"
    _form(inputs / "ນະຄອນຫຼວງ" / "LA-VT.xlsx", Identity("province", 2019, "LA-VT"))
    _form(inputs / "ນະຄອນຫຼວງ" / "ເມືອງ" / "LA-VT-0101.xlsx", Identity("district", 2019, "LA-VT", "0101"))
    _form(inputs / "LA-XA.xlsx", Identity("province", 2019, "LA-XA"))
    _form(inputs / ".old" / "LA-CH.xlsx", Identity("province", 2019, "LA-CH"))  # hidden folder: not read
    (inputs / "ນະຄອນຫຼວງ" / "~$LA-VT.xlsx").write_bytes(b"Excel's lock file")
    (inputs / "ນະຄອນຫຼວງ" / "notes.txt").write_text("ສົ່ງແລ້ວ", encoding="utf-8")
    paths, notes = pipeline.collect(inputs)
    assert [p.relative_to(inputs).as_posix() for p in paths] == [
        "LA-XA.xlsx", "ນະຄອນຫຼວງ/LA-VT.xlsx", "ນະຄອນຫຼວງ/ເມືອງ/LA-VT-0101.xlsx"]
    assert [n.format() for n in notes] == [
        "inputs/ນະຄອນຫຼວງ/notes.txt: ບໍ່ແມ່ນໄຟລ໌ Excel: ຂ້າມໄປ / not an Excel file: skipped [ຄຳເຕືອນ / warning]\n"
        "    → ເອົາອອກຈາກໂຟນເດີ ຖ້າບໍ່ຕ້ອງການ / remove it from the folder if it is not needed"]


def test_check_names_a_workbook_in_a_sub_folder_by_its_path_from_here(project: Path):
    _form(project / "inputs" / "ນະຄອນຫຼວງ" / "LA-VT.xlsx", Identity("province", 2019, "LA-VT"), received="ສິບ")
    _form(project / "inputs" / "LA-XA.xlsx", Identity("province", 2019, "LA-XA"))
    r = run("check", "--quiet")
    assert r.exit_code == 1
    assert ("inputs/ນະຄອນຫຼວງ/LA-VT.xlsx › 6 ສະຖິຕິຄະດີ › E5: ຕ້ອງໃສ່ຈຳນວນເຕັມ ບໍ່ຕິດລົບ, ແຕ່ໃນຫ້ອງນີ້ມີຂໍ້ຄວາມ \"ສິບ\" / must be "
            "a whole number ≥ 0, found the text \"ສິບ\" [ຂໍ້ຜິດພາດ / error]") in _lines(r.output)
    assert "checked 2 files: 1 error" in r.output


# ---- command-line paths are relative to the current folder -----------------------------------------

def test_command_line_paths_are_relative_to_the_current_folder_settings_paths_to_the_file(tmp_path: Path,
                                                                                        monkeypatch):
    sec = tmp_path / "sec2024"
    sec.mkdir()
    (sec / "reportgen.toml").write_text("[report]\nyear = 2019\n", encoding="utf-8")
    _form(sec / "inputs" / "LA-XA.xlsx", Identity("province", 2019, "LA-XA"), received="ສິບ")  # an error
    work = tmp_path / "work"
    _form(work / "myinputs" / "LA-XA.xlsx", Identity("province", 2019, "LA-XA"))
    monkeypatch.chdir(work)

    r = run("build", "--config", "../sec2024/reportgen.toml", "--inputs", "myinputs", "--out", "out",
            "--to", "html", "--quiet")
    assert r.exit_code == 0, r.output
    assert f"ສ້າງແລ້ວ / wrote {work / 'out' / '2019' / 'report.html'}" in _lines(r.output)
    assert not (sec / "build").exists() and not (sec / "out").exists()

    r = run("check", "--config", "../sec2024/reportgen.toml", "--quiet")  # inputs of the settings file: its own
    assert r.exit_code == 1
    assert [ln for ln in _lines(r.output) if ln.endswith("[ຂໍ້ຜິດພາດ / error]")] == [
        "../sec2024/inputs/LA-XA.xlsx › 6 ສະຖິຕິຄະດີ › E5: ຕ້ອງໃສ່ຈຳນວນເຕັມ ບໍ່ຕິດລົບ, ແຕ່ໃນຫ້ອງນີ້ມີຂໍ້ຄວາມ \"ສິບ\" / must be a "
        "whole number ≥ 0, found the text \"ສິບ\" [ຂໍ້ຜິດພາດ / error]"]


# ---- init records the districts it made forms for --------------------------------------------------

RECORDED = ("reportgen.toml: ໄດ້ບັນທຶກ expected_districts = 0101, 0102: ເມືອງທີ່ບໍ່ສົ່ງແບບຟອມຄືນ ຈະຖືກລະບຸວ່າຍັງບໍ່ໄດ້ຮັບ{} / "
            "recorded expected_districts = 0101, 0102: the districts that do not send their form back are listed "
            "as missing{}")


def test_init_records_its_districts_and_check_lists_the_one_not_returned(project: Path):
    r = run("init", "--year", "2024", "--districts", "0101,0102")
    assert r.exit_code == 0, r.output
    assert _lines(r.output)[-1] == RECORDED.format("", "")
    assert load_settings().expected_districts == ("0101", "0102")
    forms = project / "build" / "2024" / "forms"
    for name in ("national.xlsx", "LA-VT.xlsx", "LA-VT-0101.xlsx"):
        (project / "inputs" / name).write_bytes((forms / name).read_bytes())
    r = run("check", "--quiet")
    assert "ເມືອງສີໂຄດຕະບອງ (0102)" in r.output  # sent a form, did not send it back
    assert "(0101)" not in r.output


def test_init_adds_its_districts_to_an_existing_settings_file_leaving_every_other_line(project: Path):
    mine = ("# ການຕັ້ງຄ່າຂອງກອງເລຂາ — my own notes\r\n[report]\r\nyear = 2024   # this year\r\n"
            "expected_districts = [\"0103\"]  # added by hand\r\nplace = \"ປາກເຊ\"\r\n\r\n[paths]\r\ninputs = \"in\"\r\n")
    (project / "reportgen.toml").write_bytes(mine.encode("utf-8"))
    r = run("init", "--districts", "0101,0102")
    assert r.exit_code == 0, r.output
    assert _lines(r.output)[-1] == RECORDED.replace("0101, 0102", "0101, 0102, 0103").format(
        " (ແຖວອື່ນບໍ່ປ່ຽນ)", " (no other line was changed)")
    assert (project / "reportgen.toml").read_bytes().decode("utf-8") == mine.replace(
        "expected_districts = [\"0103\"]  # added by hand", "expected_districts = [\"0101\", \"0102\", \"0103\"]")
    r = run("init", "--districts", "0102")  # already recorded: the file is left alone, nothing said
    assert r.exit_code == 0 and "expected_districts" not in r.output


def test_init_says_the_line_to_add_when_it_cannot_edit_the_settings_file_safely(project: Path):
    twice = "expected_districts = [\"0101\"]\n[report]\nyear = 2024\nexpected_districts = [\"0102\"]\n"
    (project / "reportgen.toml").write_text(twice, encoding="utf-8")
    r = run("init", "--districts", "0103")
    assert r.exit_code == 0, r.output
    assert _lines(r.output)[-2:] == [
        "reportgen.toml: ບໍ່ໄດ້ບັນທຶກເມືອງທີ່ຄາດວ່າຈະສົ່ງ (ຈັດແບບທີ່ reportgen ບໍ່ແກ້ໄຂເອງ) / the districts expected to "
        "submit were not recorded (reportgen does not edit a file laid out like this)",
        "    → ຂຽນແຖວນີ້ໃຕ້ [report] ແທນແຖວ expected_districts ທີ່ມີຢູ່ / write this line under [report], in place of any "
        "expected_districts there: expected_districts = [\"0102\", \"0103\"]"]
    assert (project / "reportgen.toml").read_text(encoding="utf-8") == twice


def test_settings_edit_is_refused_when_it_would_change_anything_else():
    from reportgen.config import with_expected_districts

    text = "[report]\nyear = 2024\nexpected_districts = [\"0101\"]\n"
    assert with_expected_districts(text, ["0101", "0102"]) == "[report]\nyear = 2024\nexpected_districts = [\"0101\", \"0102\"]\n"
    many = [f"{n:04d}" for n in range(101, 113)]
    wrapped = with_expected_districts(text, many)
    assert wrapped is not None and wrapped.count("\n") == 6  # over several lines, and replaced again in full:
    assert with_expected_districts(wrapped, ["0101"]) == text
    twice = "expected_districts = [\"0101\"]\n[report]\nexpected_districts = [\"0102\"]\n"  # which one counts?
    assert with_expected_districts(twice, ["0103"]) is None
    assert with_expected_districts("year = \n", ["0101"]) is None  # not TOML: never touched


# ---- init in a folder of another year --------------------------------------------------------------

def test_init_for_a_new_year_says_the_settings_and_inputs_are_of_another_year(project: Path):
    settings = "[report]\nyear = 2019\n"
    (project / "reportgen.toml").write_text(settings, encoding="utf-8")
    _form(project / "inputs" / "LA-XA.xlsx", Identity("province", 2019, "LA-XA"))
    _form(project / "inputs" / "2018" / "LA-XA.xlsx", Identity("province", 2018, "LA-XA"))
    r = run("init", "--year", "2024", "--districts", "0101")
    assert r.exit_code == 0, r.output
    assert _lines(r.output)[-4:] == [
        "reportgen.toml: ປີລາຍງານແມ່ນ 2019, ບໍ່ແມ່ນ 2024 / says year = 2019, not 2024",
        "    → ແກ້ເປັນ year = 2024 ໃນ reportgen.toml (ຫຼື ໃຊ້ໂຟນເດີອື່ນສຳລັບປີ 2024), ແລ້ວໃຊ້ຄຳສັ່ງນີ້ຄືນ ເພື່ອບັນທຶກເມືອງທີ່ຄາດວ່າຈະ"
        "ສົ່ງ / set year = 2024 in reportgen.toml (or use a separate folder for 2024), then run this command again "
        "to record the districts expected to submit",
        "inputs: ມີແບບຟອມຂອງປີ 2018, 2019 ຢູ່ແລ້ວ (2 ໄຟລ໌) / already holds 2 workbooks of 2018, 2019",
        "    → ຍ້າຍແບບຟອມເຫຼົ່ານັ້ນໄປໄວ້ບ່ອນອື່ນ ກ່ອນເກັບແບບຟອມປີ 2024 / move them elsewhere before you collect the 2024 forms",
    ]
    assert (project / "reportgen.toml").read_text(encoding="utf-8") == settings  # not changed behind their back
    assert (project / "build" / "2024" / "forms" / "LA-VT-0101.xlsx").exists()
