"""Times comparing two drafts of a full national year: `reportgen compare` and the line `reportgen build` prints.

    python benchmarks/compare.py        # 2–4 minutes on 2 cores; generating the data the first time, 2–3 more

Two DOCX builds of the synthetic year (benchmarks/national.py: 167 workbooks), one figure changed between them
as a committee's correction would (Xayabury's cases received, +5), in one inputs folder as the secretariat
keeps it (build/benchmark/compare/). Then, fastest of three runs each:
  - `diff_reports`: what `build` does to say what changed since the previous report (both files read, matched
    block by block, nothing written);
  - `compare_reports`: what `reportgen compare` does (the redline written, with its summary comment);
  - LibreOffice converting the redline to PDF, once: it opens, and how long a reviewer's client takes.
The last line is machine-readable:

    RESULT diff_s=<s> compare_s=<s> figures=<n> paragraphs=<n>
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
for _p in (ROOT / "src", HERE):
    if str(_p) not in sys.path:
        sys.path.insert(0, str(_p))

YEAR = 2019
WORK = ROOT / "build" / "benchmark" / "compare"


def say(text: str = "") -> None:
    print(text, flush=True)


def best(fn, runs: int = 3) -> tuple[float, object]:
    times, out = [], None
    for _ in range(runs):
        t = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - t)
    return min(times), out


def ensure_inputs() -> Path:
    import national

    inputs = WORK / "inputs"
    n = len(national.committees(YEAR))
    if len(list(inputs.glob("*.xlsx"))) != n:
        shutil.rmtree(inputs, ignore_errors=True)
        t = time.perf_counter()
        national.generate(inputs, YEAR, workers=max(1, min(4, os.cpu_count() or 1)))
        say(f"generated {n} workbooks in {time.perf_counter() - t:.1f} s")
    return inputs


def change_one_figure(path: Path) -> bytes:
    """Add 5 to the committee's cases received, as a corrected form would; return the workbook as it was."""
    from openpyxl import load_workbook

    from reportgen.writers.xlsx.forms import save_bytes, set_value

    before = path.read_bytes()
    wb = load_workbook(path)
    from reportgen.contract import schema

    sheet = schema.SHEETS_BY_KEY["cases"]
    lay = schema.layout(sheet)
    cell = wb[sheet.title].cell(lay.row_at["received"], lay.column_at["total"])
    set_value(wb, "cases", "received", "total", int(cell.value or 0) + 5)
    path.write_bytes(save_bytes(wb))
    return before


def main() -> None:
    from reportgen.config import load_settings
    from reportgen.pipeline import build_report, compare_reports
    from reportgen.review.compare import diff_reports

    inputs = ensure_inputs()
    os.chdir(WORK)  # the workbooks are named from here (inputs/…), as in a secretariat's folder
    (WORK / "reportgen.toml").write_text(f"[report]\nyear = {YEAR}\ndate = {YEAR + 1}-02-13\n\n[paths]\n"
                                         f"templates = \"{(ROOT / 'templates').as_posix()}\"\n", encoding="utf-8")
    shutil.rmtree(WORK / "build", ignore_errors=True)
    settings = load_settings(WORK / "reportgen.toml")
    t = time.perf_counter()
    build_report(settings, ("docx",))
    say(f"first build (DOCX): {time.perf_counter() - t:.1f} s")
    report = WORK / "build" / str(YEAR) / "report.docx"
    old, new = WORK / "old.docx", WORK / "new.docx"
    shutil.copy(report, old)
    kept = change_one_figure(inputs / "LA-XA.xlsx")
    try:
        t = time.perf_counter()
        second = build_report(settings, ("docx",))
        say(f"second build (DOCX, comparing with the first included): {time.perf_counter() - t:.1f} s")
    finally:
        (inputs / "LA-XA.xlsx").write_bytes(kept)
    shutil.copy(report, new)
    say(f"report.docx: {new.stat().st_size // 1024} KB; build's line: {len(second.changes.figures)} figures, "
        f"{second.changes.paragraphs} paragraphs")

    old_bytes, new_bytes = old.read_bytes(), new.read_bytes()
    diff_s, changes = best(lambda: diff_reports(old_bytes, new_bytes))
    compare_s, result = best(lambda: compare_reports(old, new))
    say(f"diff_reports (the build's line): {diff_s:.2f} s")
    say(f"compare_reports (the redline written): {compare_s:.2f} s → {result.out.name}, "
        f"{result.out.stat().st_size // 1024} KB")
    for f in result.changes.figures:
        say("  " + f.line)

    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice:
        with tempfile.TemporaryDirectory() as tmp:
            t = time.perf_counter()
            subprocess.run([soffice, f"-env:UserInstallation=file://{tmp}/profile", "--headless", "--convert-to",
                            "pdf", "--outdir", tmp, str(result.out)], check=True, capture_output=True, timeout=600)
            say(f"LibreOffice opens the redline and writes its PDF: {time.perf_counter() - t:.1f} s "
                f"(a fresh profile included)")
    say(f"RESULT diff_s={diff_s:.2f} compare_s={compare_s:.2f} figures={len(changes.figures)} "
        f"paragraphs={changes.paragraphs}")


if __name__ == "__main__":
    main()
