"""Every broken or hostile input of the corpus, through the real command line in a child process.

Each run gets 1 GB of address space (RLIMIT_AS) and must give exactly the expected messages, each located
and in Lao and English with what to do, the expected exit code, no traceback or crash report, within
10 s and 1 GB of resident memory, and leave the inputs byte for byte as they were.
"""

from __future__ import annotations

import ctypes
import hashlib
import math
import os
import re
import resource
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

from corpus.cases import CASES, ERR, FILES, WARN, Case

ROOT = Path(__file__).resolve().parents[2]
MEMORY_LIMIT = 1 << 30  # bytes of address space for the child
# CPU seconds of the command and the processes it waited for: a guard against a hostile file that makes the reader
# work without end, generous (the cases take well under one) and, being CPU time, not moved by the machine's other
# work the way wall time is (a hang is stopped by run_cli's timeout and fails here too)
TIME_LIMIT = 10.0
LAO = range(0x0E80, 0x0F00)


@dataclass
class Run:
    code: int
    out: str
    err: str
    seconds: float  # CPU seconds (user + system), the command's processes together
    max_rss: int  # bytes


def _drop_permission_override() -> None:
    """Make root obey file permissions in this (child) process, so an unreadable file really is one.

    Root reads any file through CAP_DAC_OVERRIDE and CAP_DAC_READ_SEARCH. They are removed from the
    bounding set (so the exec of Python does not get them back) and from the current sets.
    """
    libc = ctypes.CDLL(None, use_errno=True)
    for cap in (1, 2):  # CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH
        if libc.prctl(24, cap, 0, 0, 0) != 0:  # PR_CAPBSET_DROP
            raise OSError(ctypes.get_errno(), "prctl(PR_CAPBSET_DROP)")
    header = (ctypes.c_uint32 * 2)(0x20080522, 0)  # _LINUX_CAPABILITY_VERSION_3, this process
    data = (ctypes.c_uint32 * 6)()
    if libc.capget(header, data) != 0:
        raise OSError(ctypes.get_errno(), "capget")
    for i in range(3):  # effective, permitted, inheritable (low 32 capabilities)
        data[i] &= ~0b110
    if libc.capset(header, data) != 0:
        raise OSError(ctypes.get_errno(), "capset")


def _child_setup(drop_permission_override: bool):
    def setup() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))
        if drop_permission_override:
            _drop_permission_override()
    return setup


def run_cli(args: list[str], cwd: Path, unreadable: bool = False, timeout: float = 120) -> Run:
    """`python -m reportgen ARGS` in `cwd`, with the memory limit; its time and peak resident memory."""
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src"), COLUMNS="200")
    drop = unreadable and os.geteuid() == 0
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.monotonic()
        p = subprocess.Popen([sys.executable, "-m", "reportgen", *args], cwd=cwd, stdin=subprocess.DEVNULL,
                             stdout=out, stderr=err, env=env, preexec_fn=_child_setup(drop))
        timer = threading.Timer(timeout, p.kill)  # a hang fails the time check instead of the whole run
        timer.start()
        try:
            _, status, usage = os.wait4(p.pid, 0)
        finally:
            timer.cancel()
        hung = time.monotonic() - start >= timeout
        seconds = math.inf if hung else usage.ru_utime + usage.ru_stime
        p.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        return Run(p.returncode, out.read().decode("utf-8", "replace"), err.read().decode("utf-8", "replace"),
                   seconds, usage.ru_maxrss * 1024)


def _root_can_be_denied() -> bool:
    try:
        subprocess.run([sys.executable, "-c", ""], preexec_fn=_drop_permission_override, check=True)
    except (subprocess.SubprocessError, OSError):
        return False
    return True


def snapshot(folder: Path) -> dict[str, tuple[int, str]]:
    """Every file and folder under `folder`: its mode and the SHA-256 of its bytes."""
    out = {}
    for p in sorted(folder.rglob("*")):
        st = p.lstat()
        if p.is_dir():
            out[str(p.relative_to(folder))] = (st.st_mode, "")
            continue
        if not os.access(p, os.R_OK):
            p.chmod(st.st_mode | 0o400)
        try:
            out[str(p.relative_to(folder))] = (st.st_mode, hashlib.sha256(p.read_bytes()).hexdigest())
        finally:
            p.chmod(st.st_mode)
    return out


def file_messages(output: str) -> list[str]:
    """The messages about the files and the folder (the lines that name a place under inputs/)."""
    return [ln for ln in output.splitlines() if ln.startswith("inputs") and ln.endswith((ERR, WARN))]


def summary_counts(output: str) -> tuple[str, str]:
    """Files read and errors found, from the closing line (warnings about the whole year vary)."""
    m = re.search(r"checked (\d+) files?: (\d+) errors?", output)
    assert m, output[-2000:]
    return m.group(1), m.group(2)


def assert_messages_are_located_and_bilingual(output: str) -> None:
    lines = output.splitlines()
    for i, line in enumerate(lines):
        if not (line.startswith("inputs") and line.endswith((ERR, WARN))):
            continue
        place, _, message = line.partition(": ")
        lo, sep, en = message.rpartition(" [")[0].partition(" / ")
        assert sep and any(ord(c) in LAO for c in lo) and any(c.isascii() and c.isalpha() for c in en), line
        fix = lines[i + 1] if i + 1 < len(lines) else ""
        assert fix.startswith("    → ") and " / " in fix and any(ord(c) in LAO for c in fix), (line, fix)


def run_case(case: Case, tmp_path: Path) -> Run:
    inputs = tmp_path / "inputs"
    inputs.mkdir()
    case.make(inputs)
    before = snapshot(inputs)
    run = run_cli(["check", "inputs", "--year", "2019", "--quiet"], tmp_path, case.unreadable)
    assert snapshot(inputs) == before, "the inputs were changed"
    return run


@pytest.mark.parametrize("case", CASES, ids=str)
def test_corpus_case(case: Case, tmp_path: Path):
    if case.unreadable and os.geteuid() == 0 and not _root_can_be_denied():
        pytest.skip("running as root without the right to drop CAP_DAC_OVERRIDE: no file is unreadable")
    run = run_case(case, tmp_path)
    text = run.out + run.err
    assert "Traceback" not in text and "panicked" not in text and "stack backtrace" not in text, text[-3000:]
    assert run.code == case.exit_code, text[-3000:]
    assert file_messages(run.out) == [ln for ln in case.lines if ln.startswith("inputs")]
    assert summary_counts(run.out) == summary_counts("\n".join(case.lines))
    assert_messages_are_located_and_bilingual(run.out)
    assert run.seconds < TIME_LIMIT, f"{run.seconds:.1f} s"
    assert run.max_rss < MEMORY_LIMIT, f"{run.max_rss >> 20} MB"
    if case.builds:
        before = snapshot(tmp_path / "inputs")
        built = run_cli(["build", "--inputs", "inputs", "--out", "out", "--year", "2019", "--to", "docx,html",
                         "--quiet"], tmp_path)
        assert built.code == 0, (built.out + built.err)[-3000:]
        assert (tmp_path / "out" / "2019" / "report.docx").stat().st_size > 10_000
        assert "Traceback" not in built.out + built.err
        assert built.seconds < TIME_LIMIT * 3 and built.max_rss < MEMORY_LIMIT
        assert snapshot(tmp_path / "inputs") == before


def test_corpus_is_large_enough_and_names_are_unique():
    assert len(CASES) >= 30
    assert len({c.name for c in CASES}) == len(CASES)


def test_libreoffice_file_reads_the_value_calc_calculated():
    from reportgen.readers.workbook import read_workbook

    sub = read_workbook(FILES / "saved-by-libreoffice-calc.xlsx")
    assert sub.issues == []
    assert sub.counts["cases.received.total"] == 5  # typed as =2+3, saved by LibreOffice Calc with its value


def test_a_panic_inside_calamine_is_a_message_not_a_crash(tmp_path: Path, monkeypatch):
    """Were the preflight to miss a value that makes calamine panic, that workbook still gets a message."""
    from reportgen.readers import workbook as reader
    from reportgen.readers._preflight import Inspection

    case = next(c for c in CASES if c.name == "date_cell_holding_minus_1e12")
    case.make(tmp_path)
    monkeypatch.setattr(reader, "inspect_workbook", lambda path: Inspection())
    sub = reader.read_workbook(tmp_path / "LA-XA.xlsx")
    assert [(i.code, i.en) for i in sub.issues] == [
        ("file.partly_unreadable", "cannot read the whole file: it is damaged (PanicException)")]
