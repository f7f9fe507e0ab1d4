"""The library's entry points: collect and check a folder of workbooks, build the report, write outputs."""

from __future__ import annotations

import multiprocessing
import os
import re
import sys
import threading
import zipfile
import zlib
from collections import Counter
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from ._outputs import last_reviewed, write_protected
from ._outputs import write_outputs as write_outputs  # used by `init`; kept here for callers of the library
from .aggregate import ReportData, aggregate
from .check import check, missing_committees
from .collecting.history import History, PreviousYear, jumps
from .config import Settings
from .errors import ConfigError, InputError, ReportgenError, ReviewError
from .messages import issue
from .model.submission import CellRef, Issue, Submission
from .readers.secretariat import read_secretariat_text
from .readers.workbook import read_workbook

if TYPE_CHECKING:
    from .collecting.returns import NoCopy
    from .review.carry import Carried
    from .review.compare import Changes, Draft
    from .review.read import Review
    from .review.worklist import Summary

Progress = Callable[[str, int, int], None]  # (stage, done, total)

_EXCEL = {".xlsx"}
_WRONG_EXCEL = {".xls", ".xlsm", ".xlsb", ".ods", ".numbers"}  # a form saved in another format: save it again
_NOT_A_FORM = {".csv"}  # plain values: no sheets, no keys, so no way back to the form
_PARALLEL_FROM = 24  # workbooks per reading process: below this, one process reads faster than two start


def _quiet(stage: str, done: int, total: int) -> None:
    pass


@dataclass
class CheckResult:
    folder: Path
    year: int | None
    submissions: list[Submission]
    issues: list[Issue] = field(default_factory=list)
    collection: Collection | None = None  # the returns and status page written for it (write_collection)
    history: History | None = None  # last year's figures, when found and usable (collecting/history.py)

    @property
    def errors(self) -> list[Issue]:
        return [i for i in self.issues if i.is_error]

    @property
    def warnings(self) -> list[Issue]:
        return [i for i in self.issues if not i.is_error]


def collect(folder: Path) -> tuple[list[Path], list[Issue]]:
    """The workbooks in `folder` and its sub-folders to read, and notes about files that are skipped.

    Hidden files and folders (.name) and Excel's lock files (~$name) are passed over; the order is that of the
    paths inside `folder`, sorted, so that the same folder always gives the same list.
    """
    if not folder.is_dir():
        raise ConfigError.of("folder.not_found", folder)
    files, notes = [], []
    todo, seen = [folder], {folder.resolve()}
    while todo:
        here = todo.pop()
        try:
            entries = list(here.iterdir())
        except OSError as exc:
            if here == folder:
                raise ConfigError.of("folder.unreadable", folder, reason=exc.strerror) from exc
            notes.append(issue("folder.unreadable", CellRef(_shown(here, folder)), reason=exc.strerror))
            continue
        for p in entries:
            if p.name.startswith(("~$", ".")):
                continue  # Excel lock files, hidden files and folders
            if p.is_dir():
                if p.resolve() not in seen:  # a link to a folder read already (or a loop) is not read again
                    seen.add(p.resolve())
                    todo.append(p)
            elif p.is_file():
                files.append(p)
    paths = []
    for p in sorted(files, key=lambda p: p.relative_to(folder).parts):
        ext = p.suffix.lower()
        where = CellRef(_shown(p, folder))
        if ext in _EXCEL:
            paths.append(p)
        elif ext in _NOT_A_FORM:
            notes.append(issue("file.type", where, fix="fix.not_form_type", ext=ext))
        elif ext in _WRONG_EXCEL:
            notes.append(issue("file.type", where, ext=ext))
        else:
            notes.append(issue("file.skipped", where))
    return paths, notes


def _shown(path: Path, folder: Path) -> str:
    """`path` as typed from the current folder: inputs/ນະຄອນຫຼວງ/LA-VT.xlsx, ../sec2024/inputs/…; a place
    further away than two folders up is shown in full."""
    try:
        rel = os.path.relpath(path)
    except ValueError:  # on another drive (Windows)
        return str(path)
    return rel if Path(rel).parts[:3].count(os.pardir) < 3 else str(path.absolute())


def _read_one(job: tuple[Path, str]) -> Submission:
    return read_workbook(*job)


def _workers(n_files: int) -> int:
    """Processes to read with: the cores, when there are enough files to repay starting them.

    Only where processes can be forked (Linux) from a single-threaded program: a forked copy of a
    program with threads can hang, and starting fresh interpreters costs more than it saves here.
    """
    if n_files < _PARALLEL_FROM or not sys.platform.startswith("linux") or threading.active_count() > 1:
        return 1
    try:
        cores = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        cores = os.cpu_count() or 1
    return max(1, min(cores, n_files // _PARALLEL_FROM))


def read_all(paths: list[Path], folder: Path, progress: Progress = _quiet, workers: int | None = None) -> list[Submission]:
    """Read the workbooks, in the order given; on several cores when there are many of them."""
    jobs = [(p, _shown(p, folder)) for p in paths]
    n = len(jobs)
    workers = _workers(n) if workers is None else workers
    progress("read", 0, n)
    if workers > 1 and "fork" in multiprocessing.get_all_start_methods():
        try:
            subs = []
            ctx = multiprocessing.get_context("fork")
            with ProcessPoolExecutor(workers, mp_context=ctx) as pool:
                for sub in pool.map(_read_one, jobs, chunksize=4):
                    subs.append(sub)
                    progress("read", len(subs), n)
            return subs
        except (OSError, BrokenProcessPool):
            pass  # no processes to be had (limits, memory): read them here instead
    subs = []
    for job in jobs:
        subs.append(_read_one(job))
        progress("read", len(subs), n)
    return subs


def check_folder(folder: Path, year: int | None, progress: Progress = _quiet, workers: int | None = None,
                 expected_districts: tuple[str, ...] = (), previous: PreviousYear | None = None,
                 secretariat: Path | None = None) -> CheckResult:
    """Read every workbook in `folder` and apply every rule. Never raises for bad workbooks.

    `workers`: processes to read with (default: the cores, for a folder of many workbooks). `previous`: where
    last year's figures are, to warn about implausible jumps (PreviousYear.from_settings(settings)); raises ConfigError
    when the data.json the settings name cannot be used. `secretariat`: the secretariat's own text
    (secretariat.txt), whose lines the report has no place for are warnings.
    """
    paths, notes = collect(folder)
    subs = read_all(paths, folder, progress, workers)
    if year is None:
        years = Counter(s.year for s in subs if s.year is not None)
        year = years.most_common(1)[0][0] if years else None
    issues = notes + check(subs, year)
    if subs:
        issues += missing_committees(subs, expected_districts)
    if not paths:
        issues.append(issue("folder.empty", CellRef(_shown(folder, folder))))
    history = None
    if previous is not None and year is not None and subs:
        history, said = previous.load(year, any(s.sample for s in subs))
        issues += said + jumps(subs, history, previous.ratio, previous.from_zero)
    if secretariat is not None:
        issues += read_secretariat_text(secretariat, secretariat.name)[1]
    return CheckResult(folder, year, subs, issues, history=history)


@dataclass
class Collection:
    """The files `check` (and `build`) write for collecting the workbooks, in build/<year>/."""
    folder: Path
    written: list[Path] = field(default_factory=list)
    kept: list[tuple[Path, Path]] = field(default_factory=list)  # (changed by someone: left alone, new version)
    removed: list[Path] = field(default_factory=list)  # return files of workbooks that have no problem any more
    returns: dict[str, Path] = field(default_factory=dict)  # workbook (as shown in messages) → its return file
    left: list[Path] = field(default_factory=list)  # return files of workbooks with no problem, changed by someone
    unreturned: dict[str, NoCopy] = field(default_factory=dict)  # workbook with problems, no return file → why


def write_collection(result: CheckResult, settings: Settings) -> Collection | None:
    """Write the returns (collecting/returns.py) and the status page (collecting/status.py) for `result`
    into build/<year>/. None when the year is not known (no folder to write them to)."""
    if result.year is None:
        return None
    out_dir = settings.path(settings.output) / str(result.year)
    collection = Collection(out_dir)
    returns = _write_returns(result, out_dir, collection)
    status = _status_blobs(result, settings, returns)
    if status:
        written = write_protected(out_dir, status)
        collection.written += written.paths
        collection.kept += written.kept
    return collection


def _write_returns(result: CheckResult, out_dir: Path, collection: Collection) -> dict[str, Path]:
    """Workbook (as shown in messages) → the return file written for it (collecting/returns.py), in
    build/<year>/returns/."""
    from .collecting.returns import FOLDER, write_returns

    done = write_returns(result.submissions, result.issues, result.folder, out_dir / FOLDER)
    collection.written += list(done.written.values())
    collection.kept += done.kept
    collection.removed += done.removed
    collection.returns.update(done.written)
    collection.left += done.left
    collection.unreturned.update(done.not_made)
    return done.written


def _status_blobs(result: CheckResult, settings: Settings, returns: dict[str, Path]) -> dict[str, bytes]:
    """status.html and status.xlsx: every expected committee and every file of the inputs folder, with links to
    the return files relative to build/<year>/, so that they work from disk and in a copy of the folder."""
    from .collecting.status import checked_now, relative_link, status_files, status_of

    out_dir = settings.path(settings.output) / str(result.year)
    links = {workbook: relative_link(path, out_dir) for workbook, path in returns.items()}
    rows = status_of(result.submissions, result.issues, result.year, checked_now(), result.folder,
                  settings.expected_districts, links, _shown(result.folder, result.folder))
    return status_files(rows)


@dataclass
class ProvinceReport:
    """One province's report written by a build: build/<year>/provinces/<ISO code>.docx, .pdf (and .html)."""

    code: str
    outputs: list[Path]
    kept: list[tuple[Path, Path]] = field(default_factory=list)  # as BuildResult's, for this province's files
    reviewed: list[tuple[Path, Path]] = field(default_factory=list)
    carried: Carried | None = None
    carried_from: Path | None = None
    carry_error: str = ""
    reused: bool = False  # nothing it depends on changed since the last build: its bytes came from the cache

    @property
    def draft(self) -> Path | None:
        return next((p for p in self.outputs if p.suffix == ".docx"), None)


@dataclass
class BuildResult:
    year: int
    data: ReportData
    outputs: list[Path]
    issues: list[Issue]
    kept: list[tuple[Path, Path]] = field(default_factory=list)  # (changed since built: left alone, new version)
    reviewed: list[tuple[Path, Path]] = field(default_factory=list)  # (changed, replaced by force: its kept copy)
    carried: Carried | None = None  # the reviewers' work carried into the new report.docx (review/carry.py)
    carried_from: Path | None = None  # the reviewed draft it came from
    carry_error: str = ""  # why the reviewed draft could not be read (the new draft then carries nothing)
    previous: Path | None = None  # the report.docx (or report-<n>.docx) that was there before this build
    changes: Changes | None = None  # what changed since it (None: none there, or unreadable, or no DOCX built)
    collection: Collection | None = None  # the returns and status page written by the check before the build
    provinces: list[ProvinceReport] = field(default_factory=list)  # the province reports written (--provinces)
    reused: bool = False  # the national report's bytes came from the cache (nothing it depends on changed)
    english: ProvinceReport | None = None  # the English companion (report.en.docx, .pdf), kept and carried on its own
    exports: list[Path] = field(default_factory=list)  # the international tables (exports/), with the English report

    @property
    def draft(self) -> Path | None:
        """The Word report this build wrote (report.docx, report-2.docx …)."""
        return next((p for p in self.outputs if p.suffix == ".docx" and p.name.startswith("report")), None)


_REPORT_FORMATS = ("docx", "pdf", "html")


def build_report(settings: Settings, formats: tuple[str, ...] = ("docx", "pdf"),
                 progress: Progress = _quiet, force: bool = False,
                 provinces: tuple[str, ...] | None = None, languages: tuple[str, ...] | None = None) -> BuildResult:
    """check → aggregate → narrative → document → writers → files. Raises InputError if the check fails.

    `provinces` (default: the setting): the province reports to write too, into build/<year>/provinces/ — ISO
    codes, or ("all",) for every province that sent a workbook (its own or a district's). The reports are
    rendered in parallel processes, and only those whose inputs, templates, settings or reportgen changed since
    the last build (_render.py); the others are taken as they were built.

    A report changed since it was built (a reviewer's comments) is never replaced unless `force`: the new
    files get the next version name instead (see _outputs.write_protected); with `force` it is replaced after
    a copy of it is kept as report.reviewed-<n>.docx (`BuildResult.reviewed`). Either way the new report.docx
    carries the reviewers' comments and tracked changes of the latest reviewed draft (`BuildResult.carried`).
    Each province's report is kept, versioned and carried the same way, file by file.

    `languages` (default: the setting): "lo" the Lao report (report.docx, .pdf); "en" its English companion
    (report.en.docx, .pdf: templates/en/, reportgen/english/), from the same figures, kept, versioned and carried
    on its own, and the international tables (exports/: GLOTIP, SDG 16.2.2). data.xlsx and data.json are
    written either way.
    """
    from ._render import CACHE, DATA, Job, render_reports
    from .contract.roster import NATIONAL, CommitteeId, Level
    from .writers.xlsx.data import write_data_json

    result = check_folder(settings.path(settings.inputs), settings.year, progress,
                          expected_districts=settings.expected_districts, previous=PreviousYear.from_settings(settings),
                          secretariat=settings.path(settings.secretariat_text))
    result.collection = write_collection(result, settings)  # also when the report cannot be built: what to send back
    if result.errors:
        raise InputError(result)
    if result.year is None:
        raise ConfigError.of("year.unknown")
    year = result.year
    codes = _province_codes(settings.provinces if provinces is None else provinces, result.submissions)
    out_dir = settings.path(settings.output) / str(year)
    doc_formats = tuple(f for f in formats if f in _REPORT_FORMATS)
    languages = tuple(settings.languages if languages is None else languages) or ("lo",)
    # Everything committees typed (data.xlsx), whatever formats were asked for: made beside the reports.
    jobs = [Job(NATIONAL, doc_formats if "lo" in languages else ()), Job(NATIONAL, DATA)]
    jobs += [Job(CommitteeId(Level.PROVINCE, c), doc_formats) for c in codes]
    if "en" in languages:
        jobs.append(Job(NATIONAL, doc_formats, "en"))
    national: list[ReportData] = []

    def add_up() -> None:  # the national totals for data.json, while the reports render
        progress("aggregate", 0, 1)
        national.append(aggregate(result.submissions, year, expected_districts=settings.expected_districts,
                                  warnings=result.warnings, previous=result.history))

    rendered = render_reports(jobs, result.submissions, year, settings, result.warnings, out_dir / CACHE, progress,
                              meanwhile=add_up, history=result.history)
    data = national[0]
    blobs = {f"report.{fmt}": rendered[0].blobs[fmt] for fmt in doc_formats if fmt in rendered[0].blobs}
    blobs["data.xlsx"] = rendered[1].blobs["xlsx"]
    blobs["data.json"] = write_data_json(data)  # every figure with who reported it
    previous = _previous_report(out_dir) if "report.docx" in blobs else None  # read before it is replaced
    changes = _changes_since(previous[1], blobs["report.docx"]) if previous else None  # the draft as generated
    carried, source, problem = _carry(out_dir, blobs)
    written = write_protected(out_dir, blobs, force)
    reports = [_write_province(out_dir / "provinces", r.job.scope.province, r.blobs, force, r.reused)
               for r in rendered[2:] if r.job.language == "lo"]
    english, exports = None, []
    if "en" in languages:
        from .english.exports import export_files

        english = _write_province(out_dir, "report.en", rendered[-1].blobs, force, rendered[-1].reused)
        exports = write_protected(out_dir / "exports", export_files(data, settings), force).paths
    progress("done", len(jobs), len(jobs))
    return BuildResult(year, data, written.paths, result.issues, written.kept, written.reviewed, carried, source,
                       problem, previous[0] if previous and changes else None, changes, result.collection,
                       reports, rendered[0].reused, english, exports)


def _province_codes(asked: tuple[str, ...], submissions: list[Submission]) -> list[str]:
    """The provinces whose reports to write: those asked for, or with ("all",) every province from which a
    workbook came (its province committee's or a district's), in the reference list's order."""
    from .config import ALL_PROVINCES
    from .contract.reference import PROVINCES
    from .contract.roster import Level, committee_of

    if tuple(asked) != ALL_PROVINCES:
        return list(asked)
    sent = {c.province for c in map(committee_of, submissions) if c is not None and c.level is not Level.NATIONAL}
    return [p.code for p in PROVINCES if p.code in sent]


def _write_province(folder: Path, code: str, rendered: dict[str, bytes], force: bool, reused: bool) -> ProvinceReport:
    """One province's files, each kept, versioned and carried like the national report's (its own manifest
    entries; a reviewed LA-XA.docx gives LA-XA-2.docx and LA-XA-2.pdf, and no other province's file moves)."""
    blobs = {f"{code}.{fmt}": data for fmt, data in rendered.items()}
    carried, source, problem = _carry(folder, blobs, f"{code}.docx")
    written = write_protected(folder, blobs, force)
    return ProvinceReport(code, written.paths, written.kept, written.reviewed, carried, source, problem, reused)


def _carry(out_dir: Path, blobs: dict[str, bytes],
           name: str = "report.docx") -> tuple[Carried | None, Path | None, str]:
    """The new `name` with the reviewers' work on the latest reviewed draft carried into it (in `blobs`).

    A reviewed draft that cannot be read (damaged, saved in another format) stops nothing: the new draft is
    written without its marks, the reviewed file is left as it is, and why is returned to be said.
    """
    from .review.carry import carry_review

    source = last_reviewed(out_dir, name) if name in blobs else None
    if source is None:
        return None, None, ""
    try:
        carried = carry_review(source, blobs[name])
    except ReportgenError as exc:
        return None, source, str(exc)
    blobs[name] = carried.docx
    return carried, source, ""


@dataclass
class ReviewResult:
    review: Review  # every comment and change read back
    summary: Summary  # the counts the command prints
    output: Path  # the worklist written
    kept: Path | None = None  # a worklist changed since it was written (someone's notes), left as it was


def review_report(docx: Path, out: Path | None = None) -> ReviewResult:
    """Read a reviewed report.docx back and write its worklist (default `<stem>-review.xlsx` beside it).

    The DOCX is only read. Committees are named from data.json beside it when there is one (the build writes
    it), else from the workbooks' file names. A worklist changed since reportgen wrote it (notes added in
    Excel) is never replaced: the new one gets the next free name (see _outputs.write_protected).
    """
    from .review.read import read_review
    from .review.worklist import items, summarize, write_worklist

    docx = Path(docx)
    out = Path(out) if out is not None else docx.with_name(f"{docx.stem}-review.xlsx")
    if out.exists() and docx.exists() and out.resolve() == docx.resolve():
        raise ReviewError.of("review.out_is_input", out)
    review = read_review(docx)
    committees = _committees_beside(docx)
    data = write_worklist(review, committees)
    written = write_protected(out.parent if str(out.parent) else Path("."), {out.name: data})
    people, machine = items(review, committees)
    kept = written.kept[0][0] if written.kept else None
    return ReviewResult(review, summarize(people, machine), written.paths[0], kept)


def _committees_beside(docx: Path) -> dict:
    """Workbook path → committee, from the data.json the build wrote beside the report (nothing if unreadable)."""
    import json

    from .contract.roster import CommitteeId, Level

    try:
        listed = json.loads((docx.parent / "data.json").read_text(encoding="utf-8")).get("committees", [])
        return {str(c["file"]): CommitteeId(Level(c["level"]), c.get("province") or "", c.get("district") or "")
                for c in listed if isinstance(c, dict) and c.get("file") and c.get("level") in set(Level)}
    except (OSError, ValueError, TypeError, AttributeError, KeyError):
        return {}


def _previous_report(folder: Path) -> tuple[Path, bytes] | None:
    """The newest report.docx, report-2.docx … in `folder` (the last build's), with its bytes."""
    found = [(int(m.group(1) or 1), p) for p in folder.glob("report*.docx")
             if (m := re.fullmatch(r"report(?:-(\d+))?\.docx", p.name))]
    if not found:
        return None
    path = max(found)[1]
    try:
        return path, path.read_bytes()
    except OSError:
        return None


_NOT_DOCX = (zipfile.BadZipFile, KeyError, ValueError, EOFError, RuntimeError, NotImplementedError, zlib.error)


def _changes_since(old: bytes, new: bytes) -> Changes | None:
    """What changed from the previous build; None when it cannot be read (the build goes on without it)."""
    from lxml import etree

    from .review.compare import diff_reports

    try:
        return diff_reports(old, new)
    except (*_NOT_DOCX, etree.XMLSyntaxError):
        return None


@dataclass
class CompareResult:
    old: Path
    new: Path
    out: Path  # the redline written (another name when the file there was changed by someone: see `kept`)
    changes: Changes
    kept: list[tuple[Path, Path]] = field(default_factory=list)  # (compare file changed since written, new one)


def compare_reports(old: Path, new: Path, out: Path | None = None) -> CompareResult:
    """Write the redline of `new` against `old` — `new` with tracked changes by "reportgen" from `old`, and a
    comment listing every figure that changed — as `out` (default: <new stem>-compare.docx beside `new`).

    The drafts are only read. Raises ReviewError for a draft that is missing or not a DOCX, or an `out` that
    is one of them; OutputError when the redline cannot be written.
    """
    from .review.compare import redline

    out = out or new.with_name(f"{new.stem}-compare.docx")
    drafts = [_read_draft(old), _read_draft(new)]
    if out.resolve() in (old.resolve(), new.resolve()):
        raise ReviewError.of("compare.out_is_input", out)
    data, changes = redline(*drafts, old_name=old.name)
    written = write_protected(out.parent, {out.name: data})
    return CompareResult(old, new, written.paths[0], changes, written.kept)


def _read_draft(path: Path) -> Draft:
    from lxml import etree

    from .review.compare import Draft

    try:
        data = path.read_bytes()
    except FileNotFoundError as exc:
        raise ReviewError.of("compare.not_found", path) from exc
    except IsADirectoryError as exc:
        raise ReviewError.of("compare.not_docx", path) from exc
    except OSError as exc:
        raise ReviewError.of("compare.unreadable", path, reason=exc.strerror or exc) from exc
    try:
        return Draft.read(data)
    except (*_NOT_DOCX, etree.XMLSyntaxError) as exc:
        raise ReviewError.of("compare.not_docx", path) from exc
