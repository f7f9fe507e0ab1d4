"""Renders the reports of one build — the national one and the provinces' — in parallel processes, and only
those whose bytes could differ from the last build's.

A report's bytes depend on: its scope's submissions (as read) and the check warnings it shows, the year, the
settings, its templates, and reportgen itself (its code, fonts, stylesheet, and the libraries that lay the
documents out). All of them go into one SHA-256 key (`RenderKey`); build/<year>/.cache/ keeps, for each report
and format, the bytes last rendered with the key they were rendered for, and their own checksum. An entry is
used only when its key is the report's key and its bytes match their checksum: anything else — another key, a
damaged or cut file, an unreadable one — is rendered again, so the cache can make a build faster but never
give it other bytes than rendering would.

Documents render in forked processes on the cores (Linux; like pipeline.read_all), largest first; elsewhere,
or when processes cannot be had, one after the other here.
"""

from __future__ import annotations

import hashlib
import json
import multiprocessing
import multiprocessing.connection
import os
import pickle
import sys
import tempfile
import threading
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from functools import cache
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING

from . import __version__
from .aggregate import aggregate, scope_inputs
from .config import Settings
from .contract.roster import NATIONAL, CommitteeId
from .model.submission import Issue, Submission
from .readers.secretariat import read_secretariat_text, secretariat_digest

if TYPE_CHECKING:
    from .collecting.history import History

Progress = Callable[[str, int, int], None]

CACHE = ".cache"
_MAGIC = b"reportgen render cache 1\n"
#: Libraries whose version can change the bytes of a report (layout, fonts, XML, templates).
_LIBRARIES = ("weasyprint", "pydyf", "fonttools", "tinycss2", "cssselect2", "tinyhtml5", "pyphen", "jinja2",
              "markupsafe", "lxml", "python-docx", "icu4py", "pillow", "openpyxl")  # openpyxl: charts' workbooks
#: Settings that say where files are or which reports to write, not what a report says.
_NOT_RENDERED = {"base", "inputs", "output", "templates", "provinces", "date"}


DATA = ("xlsx",)  # a job's formats for data.xlsx: every committee's rows, made beside the reports


@dataclass(frozen=True)
class Job:
    """One report to render: whose (its scope) and in which formats (docx, pdf, html); or, with DATA, data.xlsx."""

    scope: CommitteeId
    formats: tuple[str, ...]
    language: str = "lo"  # "en": the English companion (templates/en/, reportgen/english/)

    @property
    def name(self) -> str:
        """The report's name in the cache: "national", the province's ISO code, or "data"; ".en" after it for
        the English companion."""
        if self.formats == DATA:
            return "data"
        name = "national" if self.scope == NATIONAL else self.scope.province
        return name if self.language == "lo" else f"{name}.{self.language}"


@dataclass
class Rendered:
    """One report's bytes by format, and how many of them were rendered now (the rest came from the cache)."""

    job: Job
    blobs: dict[str, bytes] = field(default_factory=dict)
    rendered: int = 0

    @property
    def reused(self) -> bool:
        return self.rendered == 0


def render_reports(jobs: list[Job], submissions: list[Submission], year: int, settings: Settings,
                   warnings: Iterable[Issue], cache_dir: Path | None, progress: Progress,
                   workers: int | None = None, meanwhile: Callable[[], object] | None = None,
                   history: History | None = None) -> list[Rendered]:
    """Each job's bytes, in the order of `jobs`: from `cache_dir` where the key is the same, else rendered.

    `workers`: processes to render with (default: the cores, when more than one report is to be rendered).
    `meanwhile`: work of the caller's, done here while the processes render (or before, without them).
    `history`: last year's figures, which the national report compares with (a province's report does not).
    """
    warnings = list(warnings)
    out = [Rendered(job) for job in jobs]
    todo: list[tuple[int, tuple[str, ...]]] = []
    keys: dict[tuple[int, str], str] = {}
    key = RenderKey(submissions, year, settings, warnings, history)
    for i, job in enumerate(jobs):
        for fmt in job.formats:
            keys[i, fmt] = key.for_data() if job.formats == DATA else key.for_report(job.scope, fmt, job.language)
            found = _read_entry(cache_dir, job.name, fmt, keys[i, fmt]) if cache_dir else None
            if found is not None:
                out[i].blobs[fmt] = found
        missing = tuple(f for f in job.formats if f not in out[i].blobs)
        if missing:
            todo.append((i, missing))
    done = len(jobs) - len(todo)
    progress("render", done, len(jobs))
    todo.sort(key=lambda t: _order(jobs[t[0]], submissions))  # the largest first: the cores end together
    work = _Work(submissions, year, settings, warnings, [(jobs[i].scope, fmts, jobs[i].language) for i, fmts in todo],
                 history)
    for n, blobs in _run(work, workers, meanwhile or (lambda: None)):
        i = todo[n][0]
        out[i].blobs.update(blobs)
        out[i].rendered = len(blobs)
        for fmt, data in blobs.items():
            if cache_dir:
                _write_entry(cache_dir, jobs[i].name, fmt, keys[i, fmt], data)
        done += 1
        progress("render", done, len(jobs))
    return out


def render_one(scope: CommitteeId, formats: tuple[str, ...], submissions: list[Submission], year: int,
               settings: Settings, warnings: list[Issue], history: History | None = None,
               language: str = "lo") -> dict[str, bytes]:
    """One report, rendered: aggregate → narrative → document → writers, in `formats` (docx, pdf, html); or,
    for DATA, data.xlsx. Last year's figures (`history`) are compared with in the national report only.
    `language`: the templates' language ("en": the English companion, from the same figures)."""
    if formats == DATA:
        from .writers.xlsx.data import write_data_xlsx

        return {"xlsx": write_data_xlsx(submissions, year)}
    from .narrative import build_document
    from .writers.docx import write_docx
    from .writers.html import write_html

    data = aggregate(submissions, year, scope=scope, expected_districts=settings.expected_districts,
                     warnings=warnings, previous=history if scope == NATIONAL else None)
    path = settings.path(settings.secretariat_text)
    doc = build_document(data, settings, language, secretariat=read_secretariat_text(path, path.name)[0])
    html = write_html(doc, settings) if {"html", "pdf"} & set(formats) else ""
    blobs: dict[str, bytes] = {}
    # the contents' and list of figures' page numbers in the DOCX: the national report's from LibreOffice's layout
    # of the DOCX itself (started here, it runs beside WeasyPrint), else (and for the province reports: a
    # LibreOffice pass is 2–10 s a report) from the PDF's, the same pages
    draft = layout = None
    if "docx" in formats and scope == NATIONAL:
        from .writers.docx.pages import LibreOfficeLayout, libreoffice

        if libreoffice():  # a draft to lay out; else the DOCX is written once, below
            draft = write_docx(doc, settings)
            layout = LibreOfficeLayout.start(draft, len(doc.charts()))
    try:
        if "pdf" in formats:
            from .writers.pdf import write_pdf

            blobs["pdf"] = write_pdf(doc, settings, html=html)
        if "html" in formats:
            blobs["html"] = html.encode("utf-8")
        if "docx" in formats:
            from .writers._blocks import with_ids
            from .writers.docx.pages import pdf_pages

            pages = layout.pages() if layout is not None else None
            if pages is None and "pdf" in blobs:
                pages = pdf_pages(blobs["pdf"], [c.id for c in with_ids(doc).charts()])
            blobs["docx"] = draft if draft is not None and not pages else write_docx(doc, settings, pages)
    finally:
        if layout is not None:
            layout.close()
    return {fmt: blobs[fmt] for fmt in formats}


# ---- what a report depends on -------------------------------------------------------------------------------

class RenderKey:
    """The keys of the reports of one build: SHA-256 of everything a report's bytes depend on."""

    def __init__(self, submissions: list[Submission], year: int, settings: Settings, warnings: list[Issue],
                 history: History | None = None):
        self.submissions, self.year, self.settings, self.warnings = submissions, year, settings, warnings
        self._settings = settings_digest(settings)
        # last year's figures as read (not the file's name: the same path may hold another file next time)
        self._history = hashlib.sha256(pickle.dumps(
            history and (history.year, history.figures, history.by_committee), protocol=5)).digest()
        # the secretariat's own text (secretariat.txt): editing it renders every report again
        self._secretariat = secretariat_digest(settings.path(settings.secretariat_text))
        self._templates: dict[tuple[str, str], str] = {}
        self._inputs: dict[CommitteeId, bytes] = {}

    def for_report(self, scope: CommitteeId, fmt: str, language: str = "lo") -> str:
        level = str(scope.level)
        if (level, language) not in self._templates:
            self._templates[level, language] = templates_digest(self.settings, level, language)
        if scope not in self._inputs:
            self._inputs[scope] = inputs_digest(self.submissions, self.year, scope, self.warnings,
                                                self.settings.expected_districts)
        last = self._history if scope == NATIONAL else b""  # only the national report compares with last year
        return _digest(b"format", fmt.encode(), b"code", code_digest().encode(), b"settings", self._settings,
                       b"templates", self._templates[level, language].encode(), b"inputs", self._inputs[scope],
                       b"previous", last, b"secretariat", self._secretariat,
                       *((b"language", language.encode()) if language != "lo" else ()))

    def for_data(self) -> str:
        """data.xlsx: every submission as read, and reportgen (no settings, no templates)."""
        if NATIONAL not in self._inputs:
            self._inputs[NATIONAL] = inputs_digest(self.submissions, self.year, NATIONAL, self.warnings,
                                                   self.settings.expected_districts)
        return _digest(b"format", b"data.xlsx", b"code", code_digest().encode(), b"inputs", self._inputs[NATIONAL])


def _digest(*parts: bytes) -> str:
    h = hashlib.sha256()
    for part in parts:
        h.update(len(part).to_bytes(8, "big") + part)
    return h.hexdigest()


def inputs_digest(submissions: Iterable[Submission], year: int, scope: CommitteeId, warnings: Iterable[Issue],
                  expected_districts: Iterable[str] = ()) -> bytes:
    """What a scope's report is made of (aggregate.scope_inputs), as read: every value, text and cell place."""
    subs, kept = scope_inputs(submissions, scope, warnings)
    h = hashlib.sha256(pickle.dumps((year, scope, tuple(expected_districts), kept), protocol=5))
    for sub in subs:  # one by one: a pickle shares repeated objects only within itself
        h.update(hashlib.sha256(pickle.dumps(sub, protocol=5)).digest())
    return h.digest()


def settings_digest(settings: Settings) -> bytes:
    values = {k: v for k, v in asdict(settings).items() if k not in _NOT_RENDERED}
    values["report_date"] = settings.report_date  # the date printed: setting, SOURCE_DATE_EPOCH or today
    return repr(sorted(values.items())).encode("utf-8")


def templates_digest(settings: Settings, level: str, language: str = "lo") -> str:
    """Every file in the folders a report of `level` takes its templates from, in the order they are searched."""
    from .narrative import template_folders

    h = hashlib.sha256()
    for n, folder in enumerate(template_folders(settings, language, level)):
        for path in sorted(p for p in folder.rglob("*") if p.is_file()):
            h.update(f"{n}/{path.relative_to(folder).as_posix()}\0".encode())
            h.update(hashlib.sha256(path.read_bytes()).digest())
    return h.hexdigest()


@cache
def code_digest() -> str:
    """reportgen itself: its version, every file of the package (code, fonts, stylesheet, data), and the versions
    of Python and of the libraries that write and lay out the documents."""
    h = hashlib.sha256(f"{__version__}|{sys.version_info[:3]}".encode())
    for name in _LIBRARIES:
        try:
            h.update(f"|{name}={metadata.version(name)}".encode())
        except metadata.PackageNotFoundError:
            h.update(f"|{name}=-".encode())
    package = Path(__file__).resolve().parent
    for path in sorted(package.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts and path.suffix not in (".pyc", ".pyo"):
            h.update(f"{path.relative_to(package).as_posix()}\0".encode())
            h.update(hashlib.sha256(path.read_bytes()).digest())
    return h.hexdigest()


# ---- the cache ----------------------------------------------------------------------------------------------

def _entry_path(cache_dir: Path, name: str, fmt: str) -> Path:
    return cache_dir / f"{name}.{fmt}"


def _read_entry(cache_dir: Path, name: str, fmt: str, key: str) -> bytes | None:
    """The bytes cached for this report and format when they were rendered for `key` and are whole; else None."""
    try:
        raw = _entry_path(cache_dir, name, fmt).read_bytes()
        if not raw.startswith(_MAGIC):
            return None
        header, sep, data = raw[len(_MAGIC):].partition(b"\n")
        meta = json.loads(header)
        if not sep or not isinstance(meta, dict) or meta.get("key") != key or meta.get("size") != len(data):
            return None
        return data if meta.get("sha256") == hashlib.sha256(data).hexdigest() else None
    except (OSError, ValueError):
        return None


def _write_entry(cache_dir: Path, name: str, fmt: str, key: str, data: bytes) -> None:
    """Keep `data` as this report's entry (replacing the last one). A cache that cannot be written is no error:
    the next build renders again."""
    meta = json.dumps({"key": key, "size": len(data), "sha256": hashlib.sha256(data).hexdigest()}).encode()
    try:
        cache_dir.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{name}.{fmt}.", suffix=".part", dir=cache_dir)
        try:
            with os.fdopen(fd, "wb") as f:
                f.write(_MAGIC + meta + b"\n" + data)
            os.replace(tmp, _entry_path(cache_dir, name, fmt))
        finally:
            if os.path.exists(tmp):
                os.unlink(tmp)
    except OSError:
        pass


# ---- processes ----------------------------------------------------------------------------------------------

@dataclass
class _Work:
    submissions: list[Submission]
    year: int
    settings: Settings
    warnings: list[Issue]
    jobs: list[tuple[CommitteeId, tuple[str, ...], str]]  # (scope, formats, language)
    history: History | None = None


_WORK: _Work | None = None  # what the forked processes render: set before they are started, read in them


def _die_with_the_build(build: int) -> None:
    """In a rendering process: end when the build that started it (process `build`) ends, however it ends (killed,
    too), rather than go on working for nobody, holding the build's terminal output open."""
    try:
        import ctypes
        import signal

        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG (Linux)
    except (OSError, AttributeError):
        return
    if os.getppid() != build:  # the build ended before this process could ask
        os._exit(1)


def _child(n: int, conn, build: int) -> None:
    """A forked process: render job `n` of _WORK and send back ("ok", bytes by format) or ("error", exception)."""
    _die_with_the_build(build)
    try:
        w = _WORK
        assert w is not None
        scope, formats, language = w.jobs[n]
        message: tuple[str, object] = ("ok", render_one(scope, formats, w.submissions, w.year, w.settings,
                                                        w.warnings, w.history, language))
    except BaseException as exc:  # a template or output error: raised in the build, as it was here
        message = ("error", exc)
    try:
        conn.send(message)
    except Exception as exc:  # an exception that cannot be sent as it is: its text
        conn.send(("error", RuntimeError(f"{type(message[1]).__name__}: {message[1]} ({exc})")))
    finally:
        conn.close()


def _workers(n_jobs: int) -> int:
    """Processes to render with: the cores, when there is more than one report and processes can be forked
    from a single-threaded program (see pipeline._workers)."""
    if n_jobs < 2 or not sys.platform.startswith("linux") or threading.active_count() > 1:
        return 1
    try:
        cores = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        cores = os.cpu_count() or 1
    return max(1, min(cores, n_jobs))


def _run(work: _Work, workers: int | None, meanwhile: Callable[[], object]) -> Iterable[tuple[int, dict[str, bytes]]]:
    """(job number, bytes by format) for every job of `work`, as they are done; `meanwhile` is called once, while
    the processes render (or first, when there are none).

    Each job is rendered in a process forked for it alone, at most `workers` at a time: a process's memory is
    what the build had when it started plus that one report's (WeasyPrint keeps every page until the PDF is
    written, and a process never gives back what it once held), never the sum of the reports it rendered.
    """
    global _WORK
    n = len(work.jobs)
    workers = _workers(n) if workers is None else min(workers, n)
    done: set[int] = set()
    called = False
    if workers > 1 and "fork" in multiprocessing.get_all_start_methods():
        if any("pdf" in fmts for _, fmts, _ in work.jobs):
            import weasyprint  # noqa: F401  (imported once here rather than in every process)
        ctx = multiprocessing.get_context("fork")
        running: dict = {}  # the end of each process's pipe this build reads → (process, job number)
        _WORK = work
        try:
            for i in range(n):
                while len(running) >= workers:
                    yield from _collect(running, done)
                receive, send = ctx.Pipe(duplex=False)
                process = ctx.Process(target=_child, args=(i, send, os.getpid()), daemon=True)
                process.start()
                send.close()
                running[receive] = (process, i)
                if not called and len(running) == workers:
                    called = True
                    meanwhile()
            while running:
                yield from _collect(running, done)
        except OSError:
            pass  # no processes to be had (limits, memory): render the rest here
        finally:
            for process, _ in running.values():  # after an error: the others are not waited for
                process.kill()
                process.join()
            _WORK = None
    if not called:
        meanwhile()
    for i in range(n):
        if i not in done:
            scope, formats, language = work.jobs[i]
            yield i, render_one(scope, formats, work.submissions, work.year, work.settings, work.warnings,
                                work.history, language)


def _collect(running: dict, done: set[int]) -> Iterable[tuple[int, dict[str, bytes]]]:
    """Wait for one or more of the `running` processes to finish; their jobs' bytes. A process that ended without
    a word (killed, out of memory) leaves its job to be rendered in the build itself."""
    for receive in multiprocessing.connection.wait(list(running)):
        process, i = running.pop(receive)
        try:
            status, payload = receive.recv()
        except (EOFError, OSError):
            status, payload = "gone", None
        finally:
            receive.close()
            process.join()
        if status == "error":
            raise payload  # type: ignore[misc]
        if status == "ok":
            done.add(i)
            yield i, payload  # type: ignore[misc]


def _order(job: Job, submissions: list[Submission]) -> tuple[int, int]:
    """Which job to start first: data.xlsx and the national report (the two a build of the national report alone
    makes side by side, each as long as a large province's report), then the province reports, the longest —
    the most items of their committees' workbooks — first."""
    if job.scope == NATIONAL:
        return (0 if job.formats == DATA else 1, 0 if job.language == "lo" else 1)
    subs, _ = scope_inputs(submissions, job.scope)
    return (2, -sum(len(items) for s in subs for items in s.lists.values()))
