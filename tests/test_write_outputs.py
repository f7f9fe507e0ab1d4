"""Outputs are all or nothing, survive a crash or kill -9, and a reviewed report is never overwritten."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import ROOT, answer_empty_lists, minimal_form
from reportgen import _outputs
from reportgen._outputs import MANIFEST, versioned, write_outputs, write_protected
from reportgen.cli import main
from reportgen.config import load_settings
from reportgen.errors import OutputError
from reportgen.writers.xlsx.forms import Identity, save_bytes, set_value


def _inputs(project: Path, received: int = 4) -> None:
    wb = minimal_form(Identity("province", 2019, "LA-XA"))
    set_value(wb, "cases", "received", "total", received)
    answer_empty_lists(wb)  # no problem in it: no return copy to write (tests/collecting)
    (project / "inputs").mkdir(exist_ok=True)
    (project / "inputs" / "LA-XA.xlsx").write_bytes(save_bytes(wb))


def _previous_reports(folder: Path) -> dict[str, bytes]:
    """report.docx and report.pdf as a earlier build left them, recorded in the manifest (so replaceable)."""
    old = {"report.docx": b"previous docx", "report.pdf": b"previous pdf"}
    write_protected(folder, old)
    return old


def _parts(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".part"))


def _state(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in folder.iterdir() if p.name.startswith("report")}


def run(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


# ---- all or nothing --------------------------------------------------------------------------------

def test_fault_in_the_pdf_stage_leaves_the_previous_reports(project: Path, monkeypatch):
    from reportgen.pipeline import build_report
    from reportgen.writers import pdf as pdf_writer

    _inputs(project)
    out = project / "build" / "2019"
    old = _previous_reports(out)

    def broken(*args, **kwargs):
        raise RuntimeError("fault injected in the PDF stage")

    monkeypatch.setattr(pdf_writer, "write_pdf", broken)
    with pytest.raises(RuntimeError, match="fault injected"):
        build_report(load_settings(None, cwd=project, year=2019), ("docx", "pdf"))
    assert _state(out) == old and _parts(out) == []
    monkeypatch.undo()  # the same build without the fault replaces both: the test above could fail
    build_report(load_settings(None, cwd=project, year=2019), ("docx", "pdf"))
    assert _state(out).keys() == old.keys() and all(_state(out)[k] != old[k] for k in old)


def test_nothing_is_replaced_until_every_file_is_on_disk(tmp_path: Path, monkeypatch):
    old = _previous_reports(tmp_path)
    real_mkstemp = _outputs.tempfile.mkstemp

    def full_disk(*args, **kwargs):
        if kwargs.get("prefix", "").startswith(".report.pdf"):
            raise OSError(28, "No space left on device")
        return real_mkstemp(*args, **kwargs)

    monkeypatch.setattr(_outputs.tempfile, "mkstemp", full_disk)
    with pytest.raises(OutputError, match="No space left on device"):
        write_outputs(tmp_path, {"report.docx": b"new docx", "report.pdf": b"new pdf"})
    assert _state(tmp_path) == old and _parts(tmp_path) == []


def test_a_report_open_in_another_program_is_an_output_error_and_no_part_is_left(tmp_path: Path, monkeypatch):
    real_replace = os.replace

    def locked(src, dst):
        if str(dst).endswith("report.pdf"):
            raise PermissionError(13, "Permission denied")  # what Windows says while a viewer holds the file
        real_replace(src, dst)

    monkeypatch.setattr(_outputs.os, "replace", locked)
    with pytest.raises(OutputError) as exc:
        write_outputs(tmp_path, {"report.docx": b"new docx", "report.pdf": b"new pdf"})
    assert str(exc.value).startswith(f"{tmp_path / 'report.pdf'}: ບັນທຶກບໍ່ໄດ້ / cannot write: Permission denied")
    assert _parts(tmp_path) == []


# ---- kill -9 ---------------------------------------------------------------------------------------

_KILL_IN = """
import os, signal, sys
import reportgen.{module} as m
def die(*args, **kwargs):
    os.kill(os.getpid(), signal.SIGKILL)
m.{function} = die
from reportgen.cli import main
sys.argv = ["reportgen"] + sys.argv[1:]
main()
"""


def _child(project: Path, code: str | None, *args: str) -> subprocess.Popen:
    command = [sys.executable, "-c", code] if code else [sys.executable, "-m", "reportgen"]
    return subprocess.Popen([*command, "build", "--quiet", *args], cwd=project, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, env=dict(os.environ, PYTHONPATH=str(ROOT / "src")))


@pytest.mark.parametrize("module, function", [("writers.pdf", "write_pdf"), ("_outputs", "os.replace")],
                         ids=["while-making-the-pdf", "while-renaming-the-files"])
def test_kill_9_leaves_the_previous_reports(project: Path, module: str, function: str):
    _inputs(project)
    out = project / "build" / "2019"
    old = _previous_reports(out)
    code = _KILL_IN.format(module=module, function=function)
    p = _child(project, code, "--year", "2019")
    p.communicate(timeout=120)
    assert p.returncode == -signal.SIGKILL
    assert _state(out) == old
    # A kill between writing and renaming leaves hidden temporary files; the next build clears them.
    p = _child(project, None, "--year", "2019", "--to", "docx")
    assert p.communicate(timeout=120) and p.returncode == 0
    assert _parts(out) == []


def test_kill_9_from_outside_during_a_build(tmp_path: Path):
    shutil.copytree(ROOT / "inputs", tmp_path / "inputs")
    shutil.copytree(ROOT / "examples", tmp_path / "examples")  # last year's figures, named in the settings
    shutil.copy(ROOT / "reportgen.toml", tmp_path)
    out = tmp_path / "build" / "2019"
    old = _previous_reports(out)
    p = _child(tmp_path, None)
    time.sleep(2.0)  # the example year takes far longer than this to build
    p.kill()
    p.communicate(timeout=60)
    assert p.returncode == -signal.SIGKILL, "the build finished before it could be killed"
    assert _state(out) == old and _parts(out) == []


# ---- a reviewed report is never overwritten --------------------------------------------------------

def test_changed_report_is_kept_and_the_new_one_is_written_beside_it(project: Path):
    _inputs(project)
    out = project / "build" / "2019"
    assert run("build", "--year", "2019", "--to", "docx,html", "--quiet").exit_code == 0
    assert run("build", "--year", "2019", "--to", "docx,html", "--quiet").exit_code == 0
    assert sorted(_state(out)) == ["report.docx", "report.html"]  # unchanged since built: replaced in place
    reviewed = (out / "report.docx").read_bytes() + b"reviewer's comments"
    (out / "report.docx").write_bytes(reviewed)

    r = run("build", "--year", "2019", "--to", "docx,html", "--quiet")
    assert r.exit_code == 0, r.output
    assert (out / "report.docx").read_bytes() == reviewed
    assert sorted(_state(out)) == ["report-2.docx", "report-2.html", "report.docx", "report.html"]
    assert (out / "data-2.xlsx").exists() and (out / "data-2.json").exists()  # one version for the whole set
    docx = out / "report.docx"
    assert r.output.splitlines()[-7:-1] == [
        f"ສ້າງແລ້ວ / wrote {out / 'data-2.json'}",
        f"ສ້າງແລ້ວ / wrote {out / 'status.html'}",  # the status of the collection: nobody's work, replaced
        f"ສ້າງແລ້ວ / wrote {out / 'status.xlsx'}",
        f"ບໍ່ໄດ້ຂຽນທັບ {docx}: ໄຟລ໌ນີ້ຖືກແກ້ໄຂຫຼັງຈາກສ້າງ (ອາດມີຄຳເຫັນຂອງຜູ້ທົບທວນ), ສະບັບໃໝ່ແມ່ນ report-2.docx / "
        f"{docx} was changed after it was built (reviewers' comments?), so it was kept; the new version is "
        "report-2.docx",
        "    → ໃຊ້ --force ຖ້າຕ້ອງການຂຽນທັບ / use --force to replace it",
        # what the new draft took over from the changed one (tests/review/test_carry.py: a real review)
        f"{out / 'report-2.docx'}: ນຳວຽກຂອງຜູ້ທົບທວນຈາກ report.docx ມາໃສ່ແລ້ວ: ຄຳເຫັນ 0 ລາຍການ ຢູ່ບ່ອນເດີມ, ການແກ້ໄຂ 0 "
        "ລາຍການ ໃສ່ຄືນ, ການແກ້ໄຂ 0 ລາຍການ ກາຍເປັນຄຳເຫັນ (ຂໍ້ຄວາມບ່ອນນັ້ນປ່ຽນໄປ), 0 ລາຍການ ວາງບໍ່ໄດ້ / carries the reviewers' work from "
        "report.docx: 0 comments on their place, 0 tracked changes made again, 0 turned into comments (the text "
        "under them changed), 0 could not be placed",
    ]
    assert r.output.splitlines()[-1].endswith("nothing changed since the previous build (build/2019/report.docx)")
    # the next build replaces its own report-2.* (nobody changed them), not a report-3
    assert run("build", "--year", "2019", "--to", "docx,html", "--quiet").exit_code == 0
    assert sorted(_state(out)) == ["report-2.docx", "report-2.html", "report.docx", "report.html"]
    assert (out / "data-2.xlsx").exists() and (out / "data-2.json").exists()  # one version for the whole set
    assert (out / "report.docx").read_bytes() == reviewed

    r = run("build", "--year", "2019", "--to", "docx,html", "--quiet", "--force")
    assert r.exit_code == 0 and "ບໍ່ໄດ້ຂຽນທັບ" not in r.output
    assert (out / "report.docx").read_bytes() != reviewed
    assert json.loads((out / MANIFEST).read_text(encoding="utf-8"))["files"]["report.docx"]


def test_a_report_reportgen_did_not_write_is_kept(tmp_path: Path):
    (tmp_path / "report.docx").write_bytes(b"a document someone put here")
    written = write_protected(tmp_path, {"report.docx": b"new", "report.pdf": b"new pdf"})
    assert (tmp_path / "report.docx").read_bytes() == b"a document someone put here"
    assert written.paths == [tmp_path / "report-2.docx", tmp_path / "report-2.pdf"]
    assert written.kept == [(tmp_path / "report.docx", tmp_path / "report-2.docx")]


def test_versions_skip_files_someone_changed(tmp_path: Path):
    write_protected(tmp_path, {"report.docx": b"1"})
    (tmp_path / "report.docx").write_bytes(b"reviewed")
    write_protected(tmp_path, {"report.docx": b"2"})
    (tmp_path / "report-2.docx").write_bytes(b"reviewed too")
    written = write_protected(tmp_path, {"report.docx": b"3"})
    assert written.paths == [tmp_path / "report-3.docx"]
    assert [k for k, _ in written.kept] == [tmp_path / "report.docx"]


def test_version_names():
    assert [versioned("report.docx", n) for n in (1, 2, 10)] == ["report.docx", "report-2.docx", "report-10.docx"]
    assert versioned("README", 2) == "README-2"


# ---- --force keeps the reviewed report under a new name --------------------------------------------

def test_force_keeps_the_reviewed_report_as_a_copy_and_says_where(project: Path):
    _inputs(project)
    out = project / "build" / "2019"
    assert run("build", "--year", "2019", "--to", "docx", "--quiet").exit_code == 0
    reviewed = (out / "report.docx").read_bytes() + b"reviewer's comments"
    (out / "report.docx").write_bytes(reviewed)
    (out / "report.reviewed-1.docx").write_bytes(b"kept by hand earlier")  # taken: never overwritten

    r = run("build", "--year", "2019", "--to", "docx", "--quiet", "--force")
    assert r.exit_code == 0, r.output
    docx = out / "report.docx"
    assert r.output.splitlines()[-4:-1] == [
        f"{docx}: ຖືກແກ້ໄຂຫຼັງຈາກສ້າງ, ຈຶ່ງເກັບສະບັບທີ່ແກ້ໄຂນັ້ນໄວ້ເປັນ report.reviewed-2.docx ກ່ອນຂຽນສະບັບໃໝ່ທັບ / was "
        "changed after it was built, so that changed version was kept as report.reviewed-2.docx before the new "
        "report replaced it",
        "    → ໄດ້ນຳຄຳເຫັນ ແລະ ການແກ້ໄຂໃນ report.reviewed-2.docx ມາໃສ່ສະບັບໃໝ່ (ເບິ່ງຂ້າງລຸ່ມ) / the comments and "
        "tracked changes of report.reviewed-2.docx are carried into the new report (see below)",
        f"{docx}: ນຳວຽກຂອງຜູ້ທົບທວນຈາກ report.reviewed-2.docx ມາໃສ່ແລ້ວ: ຄຳເຫັນ 0 ລາຍການ ຢູ່ບ່ອນເດີມ, ການແກ້ໄຂ 0 ລາຍການ ໃສ່ຄືນ, "
        "ການແກ້ໄຂ 0 ລາຍການ ກາຍເປັນຄຳເຫັນ (ຂໍ້ຄວາມບ່ອນນັ້ນປ່ຽນໄປ), 0 ລາຍການ ວາງບໍ່ໄດ້ / carries the reviewers' work from "
        "report.reviewed-2.docx: "
        "0 comments on their place, 0 tracked changes made again, 0 turned into comments (the text under them "
        "changed), 0 could not be placed",
    ]
    assert r.output.splitlines()[-1].endswith("nothing changed since the previous build (build/2019/report.docx)")
    assert (out / "report.reviewed-2.docx").read_bytes() == reviewed
    assert (out / "report.reviewed-1.docx").read_bytes() == b"kept by hand earlier"
    assert docx.read_bytes() != reviewed and docx.read_bytes().startswith(b"PK")
    r = run("build", "--year", "2019", "--to", "docx", "--quiet", "--force")  # unchanged since: nothing to keep
    assert r.exit_code == 0 and "reviewed-" not in r.output
    assert sorted(p.name for p in out.glob("report*.docx")) == [
        "report.docx", "report.reviewed-1.docx", "report.reviewed-2.docx"]


def test_force_build_that_fails_keeps_the_reviewed_report_and_one_copy(tmp_path: Path, monkeypatch):
    write_protected(tmp_path, {"report.docx": b"built"})
    (tmp_path / "report.docx").write_bytes(b"reviewed")
    real_replace = os.replace

    def fail(src, dst):
        if Path(dst).name == "report.docx":
            raise PermissionError(13, "Permission denied")
        real_replace(src, dst)

    monkeypatch.setattr(_outputs.os, "replace", fail)
    with pytest.raises(OutputError):
        write_protected(tmp_path, {"report.docx": b"new"}, force=True)
    assert (tmp_path / "report.docx").read_bytes() == b"reviewed"
    assert (tmp_path / "report.reviewed-1.docx").read_bytes() == b"reviewed"
    monkeypatch.setattr(_outputs.os, "replace", real_replace)
    written = write_protected(tmp_path, {"report.docx": b"new"}, force=True)  # the copy made before is used
    assert written.reviewed == [(tmp_path / "report.docx", tmp_path / "report.reviewed-1.docx")]
    assert sorted(p.name for p in tmp_path.iterdir()) == [MANIFEST, "report.docx", "report.reviewed-1.docx"]
    assert (tmp_path / "report.docx").read_bytes() == b"new"


def test_force_copies_the_reviewed_report_where_files_cannot_be_linked(tmp_path: Path, monkeypatch):
    (tmp_path / "report.docx").write_bytes(b"a report someone put here")

    def no_links(src, dst):
        raise PermissionError(1, "Operation not permitted")

    monkeypatch.setattr(_outputs.os, "link", no_links)
    written = write_protected(tmp_path, {"report.docx": b"new"}, force=True)
    assert written.reviewed == [(tmp_path / "report.docx", tmp_path / "report.reviewed-1.docx")]
    assert (tmp_path / "report.reviewed-1.docx").read_bytes() == b"a report someone put here"
    assert (tmp_path / "report.docx").read_bytes() == b"new" and _parts(tmp_path) == []
