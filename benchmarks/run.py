"""Times `reportgen build` on a synthetic national year, side by side with what a user would otherwise use.

    python benchmarks/run.py                 # about 6 minutes on 2 cores; ends with the RESULT line
    python benchmarks/run.py --profile-pdf   # also: where WeasyPrint's time goes (cProfile, top entries)

In one run, on the same 167 workbooks (benchmarks/national.py, generated once into build/benchmark/):
  - each stage of the build, in a fresh process: read, check, aggregate, narrative, docx, html, pdf, write;
  - the whole `reportgen build` (DOCX and PDF) as a user runs it, with its peak memory (ru_maxrss);
  - openpyxl reading every cell of the same files (read_only=True, data_only=True);
  - a straightforward python-docx writer of the same Document (benchmarks/naive_docx.py, table.cell(r, c));
  - LibreOffice converting our own DOCX to PDF (soffice --headless --convert-to pdf, its own profile);
  - read + check + aggregate on 1x, 3x and 10x the workbooks (copies; see BENCHMARKS.md);
  - `reportgen init --districts all` as a user runs it (169 forms: 18 provinces, 148 districts, the national
    committee and a blank form per level), beside building the same forms one by one as init did before;
  - `reportgen build --provinces all`: the national report and the 18 provinces' (DOCX and PDF), a first
    build (no cache), then a rebuild after one district workbook changed (only its province's report and the
    national one are rendered again; the others come from build/<year>/.cache/);
  - `reportgen review` of a reviewed report (tests/review_markup.py writes the comments, replies, resolved
    flags and tracked changes): the provinces' report (national + 18 provinces, the ~60 pages the target is
    set for; REVIEW_MARKS) and the national one (four times the marks), beside python-docx opening the same
    file and reading its text.
Each side of a comparison runs in turn with the other, and the fastest run of each is kept (other work on
the machine only ever adds time); the load average is printed at the start and the end. The last line is
machine-readable (ratios > 1: reportgen is faster):

    RESULT read_vs_openpyxl=<x> docx_vs_naive=<x> build_vs_libreoffice=<x> rss_mb=<n> scale_10x=<x>
           review_s=<s> review_vs_docx_open=<x> set_s=<s> incremental_ratio=<x> national_pages=<n>
           init_s=<s>

    python benchmarks/run.py --review        # the review measurement alone (builds the DOCXs only), 3–5 minutes
    python benchmarks/run.py --set           # the province reports alone: the whole set, then one district changed
    python benchmarks/run.py --init          # `reportgen init --districts all` alone (169 forms), about a minute
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile
import time
from importlib import metadata
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
SRC = ROOT / "src"
for _p in (SRC, HERE):
    if str(_p) not in sys.path:
        sys.path.insert(0, str(_p))

YEAR = 2019
WORK = ROOT / "build" / "benchmark"
SCALES = (1, 3, 10)
TARGETS = {"read_vs_openpyxl": 5.0, "docx_vs_naive": 10.0, "build_vs_libreoffice": 1.0}
RSS_TARGET_MB = 400  # any build: the national report alone, or with the 18 provinces'
SCALE_TARGET = 11.0
SET_TARGET_S = 60.0  # the national report and the 18 provinces' (DOCX and PDF), on 2 cores
INCREMENTAL_TARGET = 0.25  # a rebuild after one district workbook changed, against the whole set
PAGES_TARGET = 80  # the national report's PDF
REVIEW_TARGET_S = 2.0
INIT_TARGET_S = 5.0
# A thorough review of a 60–70-page report: some 1.5 marks a page. The national report gets four times as many.
REVIEW_MARKS = {"comments": 60, "replies": 15, "resolved": 8, "changes": 40}


def say(text: str = "") -> None:
    print(text, flush=True)


def child_env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(SRC), env.get("PYTHONPATH", "")]).rstrip(os.pathsep)
    return env


def seconds(fn) -> float:
    t = time.perf_counter()
    fn()
    return time.perf_counter() - t


# ---- the machine --------------------------------------------------------------------------------------

def machine() -> dict[str, str]:
    info = {"cores": str(os.cpu_count())}
    try:
        info["cores"] = f"{len(os.sched_getaffinity(0))} usable of {os.cpu_count()}"
    except AttributeError:
        pass
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        m = re.search(r"^model name\s*:\s*(.+)$", cpuinfo.read_text(), re.M)
        info["cpu"] = m.group(1).strip() if m else platform.processor()
    meminfo = Path("/proc/meminfo")
    if meminfo.exists():
        m = re.search(r"^MemTotal:\s*(\d+) kB", meminfo.read_text(), re.M)
        if m:
            info["memory"] = f"{int(m.group(1)) / 1048576:.1f} GiB"
    info["system"] = f"{platform.system()} {platform.release()}, Python {platform.python_version()}"
    info["load"] = load()
    versions = []
    for pkg in ("python-calamine", "openpyxl", "python-docx", "weasyprint", "lxml", "jinja2"):
        try:
            versions.append(f"{pkg} {metadata.version(pkg)}")
        except metadata.PackageNotFoundError:
            versions.append(f"{pkg} (missing)")
    info["packages"] = ", ".join(versions)
    soffice = find_soffice()
    if soffice:
        try:
            out = subprocess.run([soffice, "--version"], capture_output=True, text=True, timeout=60).stdout
            info["libreoffice"] = out.strip().splitlines()[0] if out.strip() else soffice
        except (OSError, subprocess.SubprocessError):
            info["libreoffice"] = soffice
    else:
        info["libreoffice"] = "not installed"
    return info


def load() -> str:
    """The load average: other work on the machine slows every figure (both sides of each ratio)."""
    try:
        return " ".join(f"{x:.2f}" for x in os.getloadavg()) + " (1, 5, 15 min)"
    except OSError:
        return "unknown"


def find_soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


# ---- data -------------------------------------------------------------------------------------------------

def _stamp() -> str:
    """Changes whenever the generated workbooks would: the generator, its content pools, the forms."""
    import national

    h = hashlib.sha256(f"v{national.VERSION}/{YEAR}".encode())
    for f in (HERE / "national.py", ROOT / "scripts" / "make_example.py", SRC / "reportgen" / "writers" / "xlsx" / "forms.py",
              SRC / "reportgen" / "writers" / "xlsx" / "_print.py", SRC / "reportgen" / "contract" / "schema.py"):
        h.update(f.read_bytes())
    return h.hexdigest()[:16]


def ensure_data(regenerate: bool) -> tuple[Path, float | None]:
    """The 167 workbooks (generated unless an identical set is already there) and the time taken to make them."""
    import national

    folder = WORK / "inputs"
    stamp = folder / ".stamp"
    n = len(national.committees(YEAR))
    if not regenerate and stamp.exists() and stamp.read_text() == _stamp() and len(list(folder.glob("*.xlsx"))) == n:
        return folder, None
    t = time.perf_counter()
    national.generate(folder, YEAR, workers=max(1, min(4, os.cpu_count() or 1)))
    stamp.write_text(_stamp())
    return folder, time.perf_counter() - t


def scaled_copies(folder: Path, factor: int) -> Path:
    """`factor` copies of every workbook in one folder (the same committees again, see BENCHMARKS.md)."""
    if factor == 1:
        return folder
    out = WORK / f"inputs-{factor}x"
    files = sorted(folder.glob("*.xlsx"))
    stamp = out / ".stamp"
    want = f"{(folder / '.stamp').read_text()}/{factor}"
    if stamp.exists() and stamp.read_text() == want and len(list(out.glob("*.xlsx"))) == factor * len(files):
        return out
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    for k in range(1, factor + 1):
        for f in files:
            shutil.copyfile(f, out / f"copy{k:02d}-{f.name}")
    stamp.write_text(want)
    return out


def write_config(inputs: Path, output: Path, name: str = "reportgen.toml", districts: bool = True) -> Path:
    from reportgen.contract.reference import DISTRICTS

    cfg = WORK / name
    codes = ", ".join(f'"{d.code}"' for d in DISTRICTS) if districts else ""
    cfg.write_text(f"""# Settings for the benchmark's synthetic national year (sample data).
[report]
year = {YEAR}
date = {YEAR + 1}-02-13
expected_districts = [{codes}]

[paths]
inputs = "{inputs.as_posix()}"
output = "{output.as_posix()}"
templates = "{(ROOT / 'templates').as_posix()}"
""", encoding="utf-8")
    return cfg


# ---- measurements ----------------------------------------------------------------------------------------

def stages_in_fresh_process(cfg: Path) -> dict[str, float]:
    out = subprocess.run([sys.executable, str(Path(__file__).resolve()), "--stages", str(cfg)], env=child_env(),
                         capture_output=True, text=True)
    if out.returncode != 0:
        say(out.stdout + out.stderr)
        raise SystemExit("the stage timing failed (see above)")
    return json.loads(out.stdout.strip().splitlines()[-1])


def stages(cfg: Path) -> None:
    """In a fresh process: the real build_report (DOCX and PDF), each stage's function wrapped in a timer.

    Prints JSON. Whatever build_report does besides the wrapped functions is reported as "other".
    """
    times: dict[str, float] = {}
    t0 = time.perf_counter()
    from reportgen import narrative, pipeline
    from reportgen.config import load_settings
    from reportgen.writers import docx as docx_writer
    from reportgen.writers import html as html_writer
    from reportgen.writers import pdf as pdf_writer
    times["import reportgen"] = time.perf_counter() - t0
    from reportgen import _render
    from reportgen.writers.xlsx import data as data_writer

    _render._workers = lambda n: 1  # one after the other, here, to time each: the build itself uses both cores

    def timed(module, attr: str, name: str, before=None) -> None:
        real = getattr(module, attr, None)
        if real is None:
            return  # renamed: its time falls into "other"

        def wrapper(*args, **kwargs):
            if before is not None:
                t = time.perf_counter()
                before()
                times[name + ": import weasyprint"] = times.get(name + ": import weasyprint", 0) + time.perf_counter() - t
            t = time.perf_counter()
            try:
                return real(*args, **kwargs)
            finally:
                times[name] = times.get(name, 0.0) + time.perf_counter() - t

        setattr(module, attr, wrapper)

    def import_weasyprint() -> None:
        import weasyprint  # noqa: F401  (a second of the PDF stage in a fresh process)

    timed(pipeline, "read_all", "read")
    timed(pipeline, "check", "check")
    timed(pipeline, "aggregate", "aggregate")
    timed(_render, "aggregate", "aggregate")
    timed(narrative, "build_document", "narrative")
    timed(docx_writer, "write_docx", "docx")
    timed(html_writer, "write_html", "html")
    timed(pdf_writer, "write_pdf", "pdf", before=import_weasyprint)
    timed(data_writer, "write_data_xlsx", "data.xlsx")
    timed(pipeline, "write_outputs", "write files")
    with tempfile.TemporaryDirectory(prefix="reportgen-bench-") as tmp:
        settings = load_settings(cfg, output=Path(tmp))
        t = time.perf_counter()
        pipeline.build_report(settings, ("docx", "pdf"))
        total = time.perf_counter() - t
    times["other"] = total - sum(v for k, v in times.items() if k != "import reportgen")
    print(json.dumps(times))


#: Runs a command and writes its wall time, exit code, peak RSS (kB) and CPU seconds, as JSON, to the file named
#: first. A small process of its own starts the build: a process started straight from this one would count this
#: one's memory as its own peak (Linux keeps the highest RSS of the memory a process had before it exec'd — here
#: all of the benchmark's, some 550 MB once the 10x workbooks have been read).
_LAUNCHER = """import json, os, subprocess, sys, time
t = time.perf_counter()
p = subprocess.Popen(sys.argv[2:])
_, status, usage = os.wait4(p.pid, 0)
wall = time.perf_counter() - t
with open(sys.argv[1], "w") as f:
    json.dump([wall, os.waitstatus_to_exitcode(status), usage.ru_maxrss, usage.ru_utime + usage.ru_stime], f)
"""


def launched(cmd: list[str]) -> tuple[float, int, float, float, str]:
    """`cmd` run from WORK by the launcher: (wall seconds, exit code, peak RSS in MB of it and the processes it
    waited for, their CPU seconds, its output)."""
    with tempfile.TemporaryFile() as log, tempfile.NamedTemporaryFile("r", suffix=".json") as figures:
        subprocess.run([sys.executable, "-c", _LAUNCHER, figures.name, *cmd], env=child_env(), cwd=WORK,
                       stdout=log, stderr=subprocess.STDOUT, check=True)
        wall, code, maxrss_kb, cpu = json.load(figures)
        log.seek(0)
        text = log.read().decode(errors="replace")
    return wall, code, maxrss_kb / 1024, cpu, text


def cli_build(cfg: Path, out_dir: Path) -> tuple[float, float, Path, Path]:
    """`reportgen build` (DOCX and PDF) as a user runs it, into an emptied `out_dir`.

    Returns the wall time, the peak RSS in MB (ru_maxrss of the build process: the largest of its
    processes, the reading workers included), and the two files written.
    """
    shutil.rmtree(out_dir, ignore_errors=True)  # a fresh build, not one that keeps a reviewed report
    cmd = [sys.executable, "-m", "reportgen", "build", "--config", str(cfg), "--to", "docx,pdf", "--quiet"]
    wall, code, rss_mb, cpu, text = launched(cmd)
    written = sorted((out_dir / str(YEAR)).glob("report*.*")) if (out_dir / str(YEAR)).is_dir() else []
    docx = [w for w in written if w.suffix == ".docx"]
    pdf = [w for w in written if w.suffix == ".pdf"]
    if code != 0 or len(docx) != 1 or len(pdf) != 1:
        say(text)
        raise SystemExit(f"reportgen build failed (exit code {code}, wrote {[w.name for w in written]})")
    CPU[docx[0].parent.parent.name].append(cpu)  # its processes, the workers included
    return wall, rss_mb, docx[0], pdf[0]


#: CPU seconds (user + system) of each `reportgen build` run, by output folder: what the build asks of the cores,
#: which the machine's other work does not change as much as the wall time (it is measured too).
CPU: dict[str, list[float]] = {"out": [], "out-set": [], "out-set rebuild": []}


def cli_set(cfg: Path, out_dir: Path, fresh: bool) -> tuple[float, float, str]:
    """`reportgen build --provinces all` (DOCX and PDF) as a user runs it: into an emptied `out_dir` when `fresh`
    (a first build, nothing cached), else over the last one (a rebuild). (wall time, peak RSS in MB, output)."""
    if fresh:
        shutil.rmtree(out_dir, ignore_errors=True)
    cmd = [sys.executable, "-m", "reportgen", "build", "--config", str(cfg), "--to", "docx,pdf", "--quiet",
           "--provinces", "all"]
    wall, code, rss_mb, cpu, text = launched(cmd)
    CPU[out_dir.name if fresh else f"{out_dir.name} rebuild"].append(cpu)
    folder = out_dir / str(YEAR) / "provinces"
    written = len(list(folder.glob("LA-??.pdf"))) if folder.is_dir() else 0
    if code != 0 or written != 18:
        say(text)
        raise SystemExit(f"reportgen build --provinces all failed ({written} province PDFs)")
    return wall, rss_mb, text


def change_district(path: Path, received: int) -> None:
    """One district committee corrects one figure in its workbook (cases received), as a clerk would in Excel."""
    from openpyxl import load_workbook

    from reportgen.writers.xlsx.forms import set_value

    wb = load_workbook(path)
    set_value(wb, "cases", "received", "total", received)
    wb.save(path)


def province_set(folder: Path) -> tuple[float, float, float]:
    """The whole set of reports, first built (fastest of two), then rebuilt after one district workbook changed
    (fastest of two changes): (seconds of the set, of the rebuild, peak RSS in MB of any of these builds)."""
    say("\n== the national report and the 18 provinces' (--provinces all, DOCX and PDF), then one district changed ==")
    inputs = WORK / "inputs-set"
    shutil.rmtree(inputs, ignore_errors=True)
    shutil.copytree(folder, inputs)  # changed below: the generated workbooks stay as they are
    out_dir = WORK / "out-set"
    cfg = write_config(inputs, out_dir, "reportgen-set.toml")
    full, rebuilt, rss = [], [], 0.0
    for _ in range(2):
        secs, mb, _ = cli_set(cfg, out_dir, fresh=True)
        full.append(secs)
        rss = max(rss, mb)
    pdfs = sorted((out_dir / str(YEAR) / "provinces").glob("LA-??.pdf"))
    pages = {p.stem: int(pdf_pages(p)) for p in pdfs}
    biggest = max(pages, key=pages.__getitem__)
    say(f"  whole set, first build       {min(full):7.2f} s  (runs: {', '.join(f'{x:.2f}' for x in full)}); "
        f"peak RSS {rss:.0f} MB; CPU {min(CPU['out-set']):.0f} s (on 2 free cores, at best "
        f"{min(CPU['out-set']) / 2:.0f} s)")
    say(f"    province reports: {sum(pages.values())} PDF pages in all, {min(pages.values())}–{max(pages.values())} "
        f"each (the largest: {biggest}); national report "
        f"{pdf_pages(out_dir / str(YEAR) / 'report.pdf')} pages")
    for received in (411, 412):
        change_district(inputs / "LA-XA-0801.xlsx", received)
        secs, mb, text = cli_set(cfg, out_dir, fresh=False)
        rebuilt.append(secs)
        rss = max(rss, mb)
        said = re.search(r"\((\d+) rendered; (\d+) unchanged", text)
        if not said or said.groups() != ("1", "17") or "report.pdf" not in text:
            say(text)
            raise SystemExit("the rebuild did not render exactly the national report and one province's")
    ratio = min(rebuilt) / min(full)
    say(f"  rebuild, one district changed {min(rebuilt):7.2f} s  (runs: {', '.join(f'{x:.2f}' for x in rebuilt)}; "
        f"rendered: the national report and LA-XA's, 17 taken from the cache); CPU "
        f"{min(CPU['out-set rebuild']):.0f} s")
    say(f"  rebuild / whole set           {ratio:7.2f}")
    return min(full), min(rebuilt), rss


def openpyxl_read(paths: list[Path]) -> int:
    from openpyxl import load_workbook

    cells = 0
    for p in paths:
        wb = load_workbook(p, read_only=True, data_only=True)
        for ws in wb.worksheets:
            for row in ws.iter_rows(values_only=True):
                cells += len(row)
        wb.close()
    return cells


def read_check_aggregate(folder: Path, workers: int | None = None):
    from reportgen.aggregate import aggregate
    from reportgen.pipeline import check_folder

    result = check_folder(folder, YEAR, workers=workers)
    return result, aggregate(result.submissions, YEAR)


def libreoffice(soffice: str, docx_path: Path, profile: Path) -> tuple[float, str]:
    """soffice --convert-to pdf of our DOCX, with a profile of its own: (seconds, pages of its PDF)."""
    with tempfile.TemporaryDirectory(prefix="reportgen-lo-out-") as tmp:
        cmd = [soffice, "--headless", "--norestore", f"-env:UserInstallation={profile.as_uri()}",
               "--convert-to", "pdf", "--outdir", tmp, str(docx_path)]
        pdf = Path(tmp) / (docx_path.stem + ".pdf")
        t = time.perf_counter()
        out = subprocess.run(cmd, capture_output=True, text=True, timeout=900)
        secs = time.perf_counter() - t
        if out.returncode != 0 or not pdf.exists():
            raise SystemExit(f"LibreOffice failed: {out.stdout}{out.stderr}")
        return secs, pdf_pages(pdf)


def pdf_pages(path: Path) -> str:
    try:
        from pypdf import PdfReader
    except ImportError:
        return "?"  # pypdf comes with the test extras
    return str(len(PdfReader(path).pages))


def cli_docx(cfg: Path, out_dir: Path) -> Path:
    """`reportgen build --to docx` into an emptied `out_dir`: the report to annotate, without the PDF's minute."""
    shutil.rmtree(out_dir, ignore_errors=True)
    cmd = [sys.executable, "-m", "reportgen", "build", "--config", str(cfg), "--to", "docx", "--quiet"]
    out = subprocess.run(cmd, env=child_env(), cwd=WORK, capture_output=True, text=True)
    path = out_dir / str(YEAR) / "report.docx"
    if out.returncode != 0 or not path.exists():
        raise SystemExit(f"reportgen build --to docx failed: {out.stdout}{out.stderr}")
    return path


def reviewed_copy(built: Path, scale: int = 1) -> tuple[Path, dict[str, int]]:
    """The report with reviewers' marks spread over it, one mark per paragraph (see REVIEW_MARKS): comments on a
    few words, some with a reply, some resolved; insertions, deletions and formatting changes in Lao."""
    sys.path.insert(0, str(ROOT / "tests"))
    from reportgen.review import read_review
    from review_markup import Comment, Delete, Format, Insert, Reply, annotate

    data = built.read_bytes()
    # one line of text each (a masthead line's tab between its two sides is no text to mark)
    blocks = [t for t in read_review(data).blocks.values() if "\n" not in t and "\t" not in t and len(t) >= 40]
    everything = "\n".join(blocks)
    wanted = {k: v * scale for k, v in REVIEW_MARKS.items()}
    n_comments, n_changes = wanted["comments"], wanted["changes"]
    step = max(1, len(blocks) // (n_comments + n_changes))
    marks: list = []
    counts = {"comments": 0, "replies": 0, "resolved": 0, "changes": 0}
    for text in blocks[::step]:
        if len(marks) == n_comments + n_changes:
            break
        # words found nowhere else, so that each mark lands in its own paragraph (the forms repeat phrases)
        words = next((text[k:k + 20] for k in range(8, len(text) - 20, 7) if everything.count(text[k:k + 20]) == 1),
                     None)
        if words is None:
            continue
        i = len(marks)
        if i % 8 < 5 and counts["comments"] < n_comments or counts["changes"] >= n_changes:
            reply = counts["replies"] < wanted["replies"] and i % 4 == 0
            resolved = counts["resolved"] < wanted["resolved"] and i % 8 == 1
            marks.append(Comment(words, f"ກວດຄືນ / please check ({i})", resolved=resolved,
                                 replies=(Reply("ກວດແລ້ວ / checked"),) if reply else ()))
            counts["comments"] += 1
            counts["replies"] += reply
            counts["resolved"] += resolved
        else:
            marks.append((Insert(" ເພີ່ມ (added)", after=words), Delete(words), Format(words))[i % 3])
            counts["changes"] += 1
    path = WORK / "review" / built.parent.parent.name / "report.docx"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(annotate(data, marks))
    return path, counts


def docx_open(path: Path) -> int:
    """The baseline: python-docx opening the file and reading every paragraph's text (no comments, no changes)."""
    import docx

    d = docx.Document(str(path))
    return sum(len(p.text) for p in d.paragraphs)


def review_in_process(path: Path) -> int:
    from reportgen.review import read_review
    from reportgen.review.worklist import write_worklist

    return len(write_worklist(read_review(path)))


def cli_review(path: Path) -> float:
    """`reportgen review` as a user runs it (interpreter start and imports included): wall seconds."""
    out = path.with_name("worklist.xlsx")
    cmd = [sys.executable, "-m", "reportgen", "review", str(path), "--out", str(out)]
    t = time.perf_counter()
    done = subprocess.run(cmd, env=child_env(), cwd=WORK, capture_output=True, text=True)
    secs = time.perf_counter() - t
    if done.returncode != 0:
        raise SystemExit(f"reportgen review failed: {done.stdout}{done.stderr}")
    out.unlink()
    return secs


def provinces_report(folder: Path) -> Path:
    """The DOCX of a smaller year — the national committee and the 18 provinces, no districts — about the
    60 pages the review target is set for."""
    small = WORK / "inputs-provinces"
    small.mkdir(exist_ok=True)
    for f in folder.glob("*.xlsx"):
        if f.stem == "national" or f.stem.count("-") == 1:
            if not (small / f.name).exists() or (small / f.name).stat().st_size != f.stat().st_size:
                shutil.copyfile(f, small / f.name)
    cfg = write_config(small, WORK / "out-provinces", "reportgen-provinces.toml", districts=False)
    return cli_docx(cfg, WORK / "out-provinces")


def docx_pages(path: Path) -> str:
    """Pages of a DOCX as LibreOffice lays it out ("?" without LibreOffice)."""
    soffice = find_soffice()
    if soffice is None:
        return "?"
    with tempfile.TemporaryDirectory(prefix="reportgen-lo-pages-") as tmp:
        subprocess.run([soffice, "--headless", f"-env:UserInstallation={(Path(tmp) / 'p').as_uri()}",
                        "--convert-to", "pdf", "--outdir", tmp, str(path)], capture_output=True, timeout=900)
        pdf = Path(tmp) / (path.stem + ".pdf")
        return pdf_pages(pdf) if pdf.exists() else "?"


def measure_review(built: Path, scale: int = 1) -> tuple[float, float]:
    """(seconds of `reportgen review` as a user runs it, python-docx's open / our in-process review)."""
    path, counts = reviewed_copy(built, scale)
    from reportgen.review import read_review

    review = read_review(path)
    people = sum(not c.machine for c in review.comments)
    say(f"  {built.parent.parent.name}/{built.name}: {docx_pages(built)} pages (LibreOffice), "
        f"{built.stat().st_size / 1024:.0f} KB, {len(review.blocks)} blocks; annotated with "
        f"{counts['comments']} comments ({counts['replies']} replies, {counts['resolved']} resolved) and "
        f"{counts['changes']} changes → {path.stat().st_size / 1024:.0f} KB, "
        f"{people} reviewer comments and {len(review.changes)} changes read back, "
        f"{len(review.comments) - people} by reportgen")
    cli, ours, base = [], [], []
    for _ in range(3):
        cli.append(cli_review(path))
        ours.append(seconds(lambda: review_in_process(path)))
        base.append(seconds(lambda: docx_open(path)))
    ratio = min(base) / min(ours)
    say(f"  reportgen review (command)  {min(cli):7.2f} s  (runs: {', '.join(f'{x:.2f}' for x in cli)}; "
        f"interpreter start and imports included)")
    say(f"  read + worklist, in process {min(ours):7.2f} s  (fastest of 3)")
    say(f"  python-docx open + text     {min(base):7.2f} s  (fastest of 3)")
    say(f"  ratio                       {ratio:7.2f}x")
    return min(cli), ratio


def reviews(folder: Path, national_docx: Path) -> tuple[float, float]:
    """`reportgen review` on the provinces' report (the target) and on the whole national one (for scale);
    returns the first's (seconds, ratio)."""
    say("\n== reportgen review of a reviewed report: the provinces' (target), then the national one ==")
    result = measure_review(provinces_report(folder))
    measure_review(national_docx, scale=4)
    return result


def profile_pdf(cfg: Path) -> None:
    """Where WeasyPrint spends its time on this report (cProfile, cumulative, weasyprint entries only)."""
    import cProfile
    import pstats

    from reportgen.config import load_settings
    from reportgen.narrative import build_document
    from reportgen.writers.html import write_html
    from reportgen.writers.pdf import write_pdf

    settings = load_settings(cfg)
    (result, data) = read_check_aggregate(settings.path(settings.inputs))
    doc = build_document(data, settings)
    html = write_html(doc, settings)
    import weasyprint  # noqa: F401

    prof = cProfile.Profile()
    prof.enable()
    write_pdf(doc, settings, html=html)
    prof.disable()
    stats = pstats.Stats(prof)
    total = max(stats.total_tt, 1e-9)  # type: ignore[attr-defined]
    say(f"\n== where the PDF time goes (cProfile; {total:.1f} s under the profiler) ==")
    rows = []
    for (file, line, func), (_, _, _, cum, _) in stats.stats.items():  # type: ignore[attr-defined]
        if "weasyprint" in file or "pydyf" in file:
            short = file.split("site-packages/")[-1]
            rows.append((cum, f"{short}:{line} {func}"))
    rows.sort(reverse=True)
    for cum, name in rows[:24]:
        say(f"  {cum:7.2f} s  {100 * cum / total:5.1f} %  {name}")
    say("  and, further down:")
    wanted = ("absolute_layout", "get_all_computed_styles", "build_formatting_structure", "get_first_line",
              "draw_first_line", "fonts.py", "resolve_percentages")
    for cum, name in rows[24:]:
        if any(w in name for w in wanted) and cum >= total / 200:
            say(f"  {cum:7.2f} s  {100 * cum / total:5.1f} %  {name}")


def cli_init(folder: Path) -> float:
    """`reportgen init --districts all` as a user runs it, in an empty `folder` (it writes its settings file
    there): wall seconds. Checks that it wrote every form."""
    from reportgen.contract.reference import DISTRICTS

    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    cmd = [sys.executable, "-m", "reportgen", "init", "--year", str(YEAR), "--districts", "all", "--out", "forms"]
    t = time.perf_counter()
    done = subprocess.run(cmd, env=child_env(), cwd=folder, capture_output=True, text=True)
    secs = time.perf_counter() - t
    n = len(list((folder / "forms").glob("*.xlsx")))
    if done.returncode != 0 or n != 2 + 1 + 18 + len(DISTRICTS):
        raise SystemExit(f"reportgen init failed (exit code {done.returncode}, {n} forms): {done.stdout}{done.stderr}")
    return secs


def measure_init() -> float:
    """`reportgen init --districts all` (fastest of 3), and building the same forms one by one in this process
    (what init did before its forms were stamped; one run): returns the command's seconds."""
    from reportgen.contract.reference import DISTRICTS
    from reportgen.contract.roster import NATIONAL, Level, expected
    from reportgen.writers.xlsx.forms import Identity, form_bytes, forms_bytes

    say("\n== reportgen init --districts all: the forms for every committee ==")
    runs = [cli_init(WORK / "init") for _ in range(3)]
    idents = [Identity(Level.PROVINCE, YEAR), Identity(Level.DISTRICT, YEAR)]
    idents += [Identity(c, YEAR) for c in expected(NATIONAL, [d.code for d in DISTRICTS])]
    stamped = min(seconds(lambda: forms_bytes(idents)) for _ in range(3))
    one_by_one = seconds(lambda: [form_bytes(i) for i in idents])
    say(f"  reportgen init (command)     {min(runs):7.2f} s  (runs: {', '.join(f'{x:.2f}' for x in runs)}; "
        f"{len(idents)} forms, interpreter start, imports and writing the files included)")
    say(f"  forms, in process            {stamped:7.2f} s  (fastest of 3; one form per level built, the rest stamped)")
    say(f"  forms built one by one       {one_by_one:7.2f} s  (one run; {one_by_one / len(idents) * 1000:.0f} ms a form)")
    return min(runs)


# ---- the run ---------------------------------------------------------------------------------------------------

def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--regenerate", action="store_true", help="make the workbooks again even if they are there")
    ap.add_argument("--profile-pdf", action="store_true", help="also profile the PDF stage")
    ap.add_argument("--review", action="store_true", help="only time `reportgen review` (builds the DOCX alone)")
    ap.add_argument("--init", action="store_true", help="only time `reportgen init --districts all`")
    ap.add_argument("--set", action="store_true", help="only time the province reports (--provinces all)")
    ap.add_argument("--stages", type=Path, help=argparse.SUPPRESS)  # internal: time the stages in this process
    args = ap.parse_args()
    if args.stages:
        stages(args.stages)
        return
    started = time.perf_counter()
    WORK.mkdir(parents=True, exist_ok=True)

    say("== machine ==")
    for k, v in machine().items():
        say(f"  {k:<12} {v}")

    if args.init:
        init_s = measure_init()
        say(f"  [{'met' if init_s < INIT_TARGET_S else 'MISSED'}] init of 169 forms < {INIT_TARGET_S:g} s: {init_s:.2f} s")
        say(f"\n(load average now {load()})")
        say(f"RESULT init_s={init_s:.2f}")
        return

    folder, made = ensure_data(args.regenerate)
    paths = sorted(folder.glob("*.xlsx"))
    size = sum(p.stat().st_size for p in paths)
    say(f"\n== data: {len(paths)} workbooks, {size / 1048576:.1f} MB in {folder.relative_to(ROOT)} "
        f"({f'generated in {made:.1f} s' if made is not None else 'already generated'}) ==")
    out_dir = WORK / "out"
    cfg = write_config(folder, out_dir)
    if args.set:
        set_s, rebuilt_s, set_rss = province_set(folder)
        say(f"RESULT set_s={set_s:.2f} incremental_ratio={rebuilt_s / set_s:.2f} set_rss_mb={set_rss:.0f}")
        return
    if args.review:
        review_s, review_ratio = reviews(folder, cli_docx(cfg, out_dir))
        say(f"  [{'met' if review_s < REVIEW_TARGET_S else 'MISSED'}] review of the provinces' report < "
            f"{REVIEW_TARGET_S:g} s: {review_s:.2f} s")
        say(f"RESULT review_s={review_s:.2f} review_vs_docx_open={review_ratio:.2f}")
        return

    say("\n== stages of reportgen build (DOCX and PDF; fresh process, one run) ==")
    st = stages_in_fresh_process(cfg)
    total = sum(st.values())
    for name, secs in st.items():
        say(f"  {name:<24} {secs:7.2f} s  {100 * secs / total:5.1f} %")
    say(f"  {'total':<24} {total:7.2f} s")

    say("\n== whole build vs LibreOffice converting our DOCX (alternating, two runs each, the faster kept) ==")
    soffice = find_soffice()
    if soffice is None:
        say("  LibreOffice (soffice) is not installed, so this comparison is skipped. Install it with:")
        say("    apt-get install -y --no-install-recommends libreoffice-writer-nogui")
    lo_profile = Path(tempfile.mkdtemp(prefix="reportgen-lo-"))
    builds, lo_runs, lo_first, lo_pages = [], [], None, "?"
    try:
        for _ in range(2):
            builds.append(cli_build(cfg, out_dir))
            if soffice is not None:
                if lo_first is None:  # a new profile is made on the first run: timed, but not compared
                    lo_first, _ = libreoffice(soffice, builds[-1][2], lo_profile)
                secs, lo_pages = libreoffice(soffice, builds[-1][2], lo_profile)
                lo_runs.append(secs)
    finally:
        shutil.rmtree(lo_profile, ignore_errors=True)
    build_s, rss_mb = min(b[0] for b in builds), max(b[1] for b in builds)
    docx_path, pdf_path = builds[-1][2], builds[-1][3]
    say(f"  reportgen build --to docx,pdf  {build_s:7.2f} s  (runs: {', '.join(f'{b[0]:.2f}' for b in builds)}); "
        f"peak RSS {rss_mb:.0f} MB; CPU {min(CPU['out']):.1f} s")
    say(f"    wrote {docx_path.name} {docx_path.stat().st_size / 1024:.0f} KB and {pdf_path.name} "
        f"{pdf_pages(pdf_path)} pages, {pdf_path.stat().st_size / 1024:.0f} KB")
    lo_ratio: float | None = None
    if lo_runs:
        lo = min(lo_runs)
        lo_ratio = lo / build_s
        say(f"  LibreOffice --convert-to pdf   {lo:7.2f} s  (runs: {', '.join(f'{x:.2f}' for x in lo_runs)}; "
            f"{lo_first:.2f} s the first time, making its profile); {lo_pages} pages")
        say(f"  ratio                          {lo_ratio:7.2f}x")

    say("\n== reading: reportgen read + check vs openpyxl reading every cell (alternating, fastest of 3) ==")
    from reportgen.pipeline import _workers, check_folder

    rg, rg1, opx, cells = [], [], [], 0
    for _ in range(3):
        rg.append(seconds(lambda: check_folder(folder, YEAR)))
        rg1.append(seconds(lambda: check_folder(folder, YEAR, workers=1)))
        t = time.perf_counter()
        cells = openpyxl_read(paths)
        opx.append(time.perf_counter() - t)
    read_ratio = min(opx) / min(rg)
    say(f"  reportgen read + check     {min(rg):7.2f} s  ({_workers(len(paths))} processes)")
    say(f"  reportgen, one process     {min(rg1):7.2f} s  (openpyxl / this = {min(opx) / min(rg1):.2f}x)")
    say(f"  openpyxl read-only         {min(opx):7.2f} s  ({cells} cells)")
    say(f"  ratio                      {read_ratio:7.2f}x")

    say("\n== DOCX: reportgen's writer vs python-docx with table.cell(r, c) ==")
    from naive_docx import write_docx_naive

    from reportgen.aggregate import aggregate
    from reportgen.config import load_settings
    from reportgen.contract.roster import CommitteeId, Level
    from reportgen.narrative import build_document
    from reportgen.writers.docx import write_docx

    settings = load_settings(cfg)
    result, data = read_check_aggregate(folder)
    ratios = []
    # The national report (bounded now), and the largest document a build writes: Savannakhet's report.
    for label, scope_data in (("the national report", data), ("Savannakhet's report (LA-SV, the largest)", aggregate(
            result.submissions, YEAR, scope=CommitteeId(Level.PROVINCE, "LA-SV"), warnings=result.warnings))):
        doc = build_document(scope_data, settings)
        cells_in_tables = sum(len(t.head + t.body) * t.columns for t in doc.tables())
        ours = min(seconds(lambda doc=doc: write_docx(doc, settings)) for _ in range(3))
        t = time.perf_counter()
        naive_bytes = write_docx_naive(doc, settings.docx_font)
        naive = time.perf_counter() - t
        ratios.append(naive / ours)
        say(f"  {label}: {len(doc.blocks)} blocks, {len(doc.tables())} tables, {cells_in_tables} table cells")
        say(f"  reportgen write_docx       {ours:7.2f} s  (fastest of 3; {len(write_docx(doc, settings)) / 1024:.0f} KB)")
        say(f"  naive python-docx          {naive:7.2f} s  (one run; {len(naive_bytes) / 1024:.0f} KB)")
        say(f"  ratio                      {naive / ours:7.2f}x")
    docx_ratio = ratios[0]

    say("\n== read + check + aggregate at 1x, 3x, 10x the workbooks (copies; rounds alternate, fastest of 3) ==")
    folders = {factor: scaled_copies(folder, factor) for factor in SCALES}
    scale_times: dict[int, float] = {}
    dups: dict[int, int] = {}
    for _ in range(3):  # the 10x run is long: the more rounds, the less one busy moment weighs
        for factor, f in folders.items():
            t = time.perf_counter()
            result, _ = read_check_aggregate(f)
            secs = time.perf_counter() - t
            scale_times[factor] = min(secs, scale_times.get(factor, secs))
            dups[factor] = sum(1 for i in result.issues if i.code == "committee.duplicate")
            del result
    for factor, f in folders.items():
        n = len(list(f.glob("*.xlsx")))
        secs = scale_times[factor]
        say(f"  {factor:>2}x  {n:5d} workbooks  {secs:7.2f} s  ({secs / n * 1000:.1f} ms each; "
            f"{dups[factor]} duplicate-committee errors reported)")
    scale_10x = scale_times[10] / scale_times[1]
    say(f"  10x / 1x                   {scale_10x:7.2f}")

    set_s, rebuilt_s, set_rss = province_set(folder)
    incremental = rebuilt_s / set_s
    national_pages = int(pdf_pages(pdf_path)) if pdf_pages(pdf_path).isdigit() else -1

    review_s, review_ratio = reviews(folder, docx_path)
    init_s = measure_init()

    if args.profile_pdf:
        profile_pdf(cfg)

    say("\n== targets ==")
    checks = [
        ("read + check >= 5x faster than openpyxl", read_ratio >= 5, f"{read_ratio:.2f}x"),
        ("DOCX writer >= 10x faster than naive python-docx", docx_ratio >= 10, f"{docx_ratio:.2f}x"),
        ("build (DOCX + PDF) no slower than LibreOffice alone", lo_ratio is not None and lo_ratio >= 1,
         f"{lo_ratio:.2f}x" if lo_ratio is not None else "not measured (no LibreOffice)"),
        (f"peak RSS <= {RSS_TARGET_MB} MB, any build", max(rss_mb, set_rss) <= RSS_TARGET_MB,
         f"{max(rss_mb, set_rss):.0f} MB (national alone {rss_mb:.0f} MB, with the provinces {set_rss:.0f} MB)"),
        (f"national + 18 province reports <= {SET_TARGET_S:g} s on 2 cores", set_s <= SET_TARGET_S, f"{set_s:.2f} s"),
        (f"rebuild after one district changed <= {INCREMENTAL_TARGET:g}x the whole set",
         incremental <= INCREMENTAL_TARGET, f"{incremental:.2f}x ({rebuilt_s:.2f} s)"),
        (f"national report <= {PAGES_TARGET} pages", 0 < national_pages <= PAGES_TARGET, f"{national_pages} pages"),
        (f"10x workbooks <= {SCALE_TARGET:g}x the time", scale_10x <= SCALE_TARGET, f"{scale_10x:.2f}"),
        (f"reportgen review of the reviewed provinces' report < {REVIEW_TARGET_S:g} s", review_s < REVIEW_TARGET_S,
         f"{review_s:.2f} s"),
        (f"reportgen init --districts all (169 forms) < {INIT_TARGET_S:g} s", init_s < INIT_TARGET_S, f"{init_s:.2f} s"),
    ]
    for text, ok, value in checks:
        say(f"  [{'met' if ok else 'MISSED'}] {text}: {value}")
    say(f"\n(benchmark took {time.perf_counter() - started:.0f} s; load average now {load()})")
    lo_text = f"{lo_ratio:.2f}" if lo_ratio is not None else "na"
    say(f"RESULT read_vs_openpyxl={read_ratio:.2f} docx_vs_naive={docx_ratio:.2f} build_vs_libreoffice={lo_text} "
        f"rss_mb={max(rss_mb, set_rss):.0f} scale_10x={scale_10x:.2f} review_s={review_s:.2f} "
        f"review_vs_docx_open={review_ratio:.2f} set_s={set_s:.2f} incremental_ratio={incremental:.2f} "
        f"national_pages={national_pages} init_s={init_s:.2f}")


if __name__ == "__main__":
    main()
