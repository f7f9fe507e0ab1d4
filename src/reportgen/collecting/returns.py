"""Return copies: for each workbook with problems, the committee's own workbook to send back — its values, formats,
dropdowns and protection as they were, each problem cell highlighted with a comment saying what is wrong and what
to do (Lao, then English), and a first sheet listing every problem with a link to its cell.

`return_copy(path, issues)` makes one copy's bytes; `write_returns` writes them all to build/<year>/returns/,
under the workbook's own file name and sub-folder, and removes the copies of workbooks that have no problem any
more. The workbooks themselves are only read.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from .. import messages
from .._outputs import MANIFEST, remove_written, versioned, write_protected, written_names
from ..messages import Text
from ..model.submission import Issue, Submission
from ..readers._preflight import column_letters as letters
from ..readers._preflight import inspect_workbook
from . import _marks, _problems
from ._marks import Comments, Mark, Run
from ._package import REL_TYPE, Package, PackageError
from ._workbook import Sheet, Unsupported, Workbook, m, parse_cell, quote_sheet

FOLDER = "returns"  # inside build/<year>/
_ROW = re.compile(r"(\d+)\s*$")


@dataclass(frozen=True)
class NoCopy:
    """Why a workbook with problems has no return copy: `why` (a part.returns.* text) for the message
    returns.not_made, and `fix`, the shared "what to do" when it is not the usual one (send the committee the
    messages instead)."""

    why: Text
    fix: str | None = None

    def line(self, file: str) -> str:
        """The note as the command line shows it, led by the workbook."""
        return messages.line("returns.not_made", file, why=self.why, fix=self.fix)


class NoReturnCopy(Exception):
    """No return copy can be made of this workbook (see NoCopy)."""

    def __init__(self, why: Text, fix: str | None = None):
        super().__init__(str(why))
        self.reason = NoCopy(why, fix)


@dataclass
class Returns:
    """What `write_returns` did."""

    written: dict[str, Path] = field(default_factory=dict)  # workbook as shown in messages → its return file
    kept: list[tuple[Path, Path]] = field(default_factory=list)  # (changed by someone: left alone, new version)
    removed: list[Path] = field(default_factory=list)  # copies of workbooks that have no problem any more
    left: list[Path] = field(default_factory=list)  # such copies that someone changed: left as they are
    not_made: dict[str, NoCopy] = field(default_factory=dict)  # workbook as shown → why it has problems and no copy


# ---- one copy -----------------------------------------------------------------------------------------------

def return_copy(path: Path, issues: Sequence[Issue]) -> bytes:
    """The annotated copy of the workbook at `path` for `issues` (its own problems, as the check found them).

    The file is looked at first as the reader does (readers/_preflight.py): one it refuses is not opened.
    Raises NoReturnCopy when no copy can be made.
    """
    try:
        before = _stamp(path)
        if inspect_workbook(path).problem is not None:
            raise NoReturnCopy(messages.text("part.returns.refused"))
        data = path.read_bytes()
        changed = _stamp(path) != before
    except OSError as exc:
        raise NoReturnCopy(messages.text("part.returns.unreadable", reason=exc.strerror or exc)) from exc
    if changed:
        raise NoReturnCopy(messages.text("part.returns.changed"), "fix.check_again")
    return annotate(data, issues)


def _stamp(path: Path) -> tuple[int, int]:
    st = path.stat()
    return st.st_size, st.st_mtime_ns


def annotate(data: bytes, issues: Sequence[Issue]) -> bytes:
    """`data` (a workbook the reader accepted) with `issues` marked in it and listed on a first sheet."""
    try:
        pkg = Package(data)
        wb = Workbook(pkg)
        return _annotate(pkg, wb, issues)
    except Unsupported as exc:
        raise NoReturnCopy(messages.text("part.returns.strict")) from exc
    except PackageError as exc:
        raise NoReturnCopy(messages.text("part.returns.damaged", part=exc.part or "zip")) from exc


@dataclass(frozen=True)
class _Place:
    sheet: Sheet | None  # None: the whole workbook, or a sheet it does not have
    cell: str  # "E5", "" for the whole sheet or a row
    row: int  # a row named without its column ("ແຖວ/row 7"), else 0
    named: str  # the sheet the issue names ("" for the whole workbook)


def _annotate(pkg: Package, wb: Workbook, issues: Sequence[Issue]) -> bytes:
    sheets = wb.sheets
    by_name = {s.name: s for s in sheets}
    places = [_place(i, by_name) for i in issues]
    _take_off_earlier_copy(wb)
    sheets = wb.sheets
    position = {s.name: n for n, s in enumerate(sheets)}
    order = sorted(range(len(issues)), key=lambda k: _order_key(places[k], position, k))
    font = _marks.comment_font()
    styles = wb.styles()
    dxf = {True: styles.highlight(_problems.ERROR_FILL), False: styles.highlight(_problems.WARNING_FILL)}

    cells: dict[str, dict[str, list[Issue]]] = {}  # sheet → cell → its issues, in the list's order
    for k in order:
        p = places[k]
        if p.sheet is not None and p.cell:
            cells.setdefault(p.sheet.name, {}).setdefault(p.cell, []).append(issues[k])
    marks: list[Mark] = []
    for name, by_cell in cells.items():
        sheet = by_name[name]
        root = pkg.xml(sheet.part)
        errors = [c for c, found in by_cell.items() if any(i.is_error for i in found)]
        _marks.highlight(root, errors, dxf[True], 1)
        _marks.highlight(root, [c for c in by_cell if c not in errors], dxf[False], 2)
        comments = Comments(wb, sheet, create=True)
        for cell, found in by_cell.items():
            added = comments.add(cell, _comment(found))
            marks.append(Mark.record(name, cell, added))
        comments.flush()

    lines = [_line(pkg, issues[k], places[k]) for k in order]
    n_errors = sum(1 for i in issues if i.is_error)
    title = messages.text("part.returns.title")
    summary = messages.text("part.returns.summary", errors=n_errors, warnings=len(issues) - n_errors)
    steps = messages.text("part.returns.instructions")
    columns = (messages.text("part.returns.column.no"), messages.text("part.returns.column.severity"),
               messages.text("part.returns.column.sheet"), messages.text("part.returns.column.cell"),
               messages.text("part.returns.column.problem"), messages.text("part.returns.column.fix"))
    texts = _problems.Texts(str(title), str(summary), (steps.lo, steps.en),
                            tuple(_both(c) for c in columns))  # type: ignore[arg-type]
    name = _free_sheet_name(str(messages.text("part.returns.sheet_name")).replace(" / ", " - "), wb.sheets)
    wb.add_sheet_first(name, _problems.problems_sheet(styles, font, texts, lines, marks))
    wb.define_name("_xlnm.Print_Titles", 0, _problems.print_titles(name))
    return pkg.save()


def _place(issue: Issue, by_name: dict[str, Sheet]) -> _Place:
    where = issue.where
    sheet = by_name.get(where.sheet) if where.sheet else None
    at = parse_cell(where.cell) if where.cell else None
    if at is not None and (sheet is None or not sheet.part):
        # The check saw this sheet; the file no longer has it: it changed since, and the list would be wrong.
        raise NoReturnCopy(messages.text("part.returns.sheet_gone", sheet=where.sheet), "fix.check_again")
    if sheet is not None and not sheet.part:
        sheet = None  # a chart sheet: nothing to mark in it
    if at is not None:
        return _Place(sheet, f"{letters(at[1])}{at[0]}", 0, where.sheet)
    row = _ROW.search(where.cell) if where.cell else None
    return _Place(sheet, "", int(row.group(1)) if row and sheet is not None else 0, where.sheet)


def _order_key(p: _Place, position: dict[str, int], k: int) -> tuple[int, int, int, int]:
    """The whole workbook first, then sheet by sheet as the workbook has them, top to bottom, left to right;
    sheets it does not have last; otherwise as found."""
    if p.sheet is None:
        return (-1 if not p.named else len(position), 0, 0, k)
    row, col = parse_cell(p.cell) or (p.row, 0)
    return (position.get(p.sheet.name, len(position)), row, col, k)


def _line(pkg: Package, issue: Issue, p: _Place) -> _problems.Line:
    if p.sheet is not None and p.cell:
        place, link = p.cell, f"{quote_sheet(p.sheet.name)}!{p.cell}"
    elif p.sheet is not None and p.row:
        _, col = _marks.Geometry(pkg.xml(p.sheet.part)).first_visible()
        place, link = issue.where.cell, f"{quote_sheet(p.sheet.name)}!{letters(col)}{p.row}"
    elif p.sheet is not None:
        row, col = _marks.Geometry(pkg.xml(p.sheet.part)).first_visible()
        place, link = _both(messages.text("part.returns.whole_sheet")), f"{quote_sheet(p.sheet.name)}!{letters(col)}{row}"
    else:
        place, link = "", ""
    if issue.where.sheet:
        sheet = issue.where.sheet
    else:
        sheet = _both(messages.text("part.returns.whole_workbook"))
    fix = "\n".join(t for t in (issue.fix_lo, issue.fix_en) if t)
    return _problems.Line(issue.is_error, _severity(issue), sheet, place, link, f"{issue.lo}\n{issue.en}", fix,
                          link_sheet=bool(link) and not p.cell and not p.row)


def _severity_label(issue: Issue) -> Text:
    return messages.text("part.severity.error") if issue.is_error else messages.text("part.severity.warning")


def _severity(issue: Issue) -> str:
    return _both(_severity_label(issue))


def _both(t: Text) -> str:
    return f"{t.lo}\n{t.en}"


def _comment(found: list[Issue]) -> list[Run]:
    """The comment for one cell: each of its problems, Lao then English, then what to do."""
    runs: list[Run] = []
    for n, issue in enumerate(found):
        label = _severity_label(issue)
        runs.append(Run(("\n\n" if n else "") + f"{label.lo} / {label.en}", bold=True))
        body = f"\n{issue.lo}\n{issue.en}"
        if issue.fix_lo or issue.fix_en:
            body += "".join(f"\n→ {t}" for t in (issue.fix_lo, issue.fix_en) if t)
        runs.append(Run(_problems.clean(body)))
    return runs


def _free_sheet_name(name: str, sheets: list[Sheet]) -> str:
    taken = {s.name.lower() for s in sheets}
    candidate, n = name, 2
    while candidate.lower() in taken:
        candidate = f"{name[:26]} ({n})"
        n += 1
    return candidate


def _take_off_earlier_copy(wb: Workbook) -> None:
    """A workbook that comes back is often the return copy itself: its list sheet, highlights and comments
    from then are taken off (a comment only where nobody wrote in it since), so that only today's problems show."""
    key = _problems.KEY
    in_sst = any(key.encode() in wb.pkg.read(n) for n in _sst_parts(wb)) and key in wb.shared_strings()
    old: Sheet | None = None
    for s in wb.sheets:
        if not s.part or not (in_sst or key.encode() in wb.pkg.read(s.part)):
            continue  # the highlights' condition and the list sheet's key both name it
        root = wb.pkg.xml(s.part)
        _marks.remove_highlights(root)
        if old is None and _a1(wb, root) == key:
            old = s
    if old is None:
        return
    texts = [(c.get("r", ""), wb.cell_text(c)) for c in wb.pkg.xml(old.part).iter(m("c"))
             if c.get("r", "").startswith("A")]
    by_name = {s.name: s for s in wb.sheets}
    touched: dict[str, Comments] = {}
    for mark in _problems.read_marks(texts):
        sheet = by_name.get(mark.sheet)
        if sheet is None or not sheet.part or parse_cell(mark.cell) is None:
            continue
        comments = touched.setdefault(sheet.name, Comments(wb, sheet, create=False))
        if comments.exists:
            comments.take_off(mark)
    for comments in touched.values():
        comments.flush()
    wb.remove_sheet(old)


def _sst_parts(wb: Workbook) -> list[str]:
    return [r.target for r in wb.pkg.rels(wb.part) if r.type == REL_TYPE + "sharedStrings" and wb.pkg.has(r.target)]


def _a1(wb: Workbook, root) -> str:
    data = root.find(m("sheetData"))
    first = data.find(m("row")) if data is not None else None
    if first is None:
        return ""
    c = first.find(m("c"))
    return wb.cell_text(c) if c is not None and c.get("r", "A1") == "A1" else ""


# ---- all of them, in build/<year>/returns/ ----------------------------------------------------------------------

def return_path(sub: Submission, inputs: Path) -> Path:
    """Where the copy of `sub` goes inside the returns folder: its own file name, in the same sub-folder of
    inputs/ as the workbook (two LA-XA.xlsx in two sub-folders are two files)."""
    try:
        rel = Path(os.path.relpath(sub.path, inputs))
    except ValueError:  # another drive (Windows)
        return Path(sub.path.name)
    return rel if rel.parts and rel.parts[0] != os.pardir else Path(sub.path.name)


def write_returns(submissions: Iterable[Submission], issues: Iterable[Issue], inputs: Path,
                  folder: Path) -> Returns:
    """Write a return copy of every workbook in `submissions` that has an issue, into `folder`; remove the copies
    there that reportgen wrote earlier for workbooks that have no problem any more (never one changed since)."""
    by_file: dict[str, list[Issue]] = {}
    for i in issues:
        by_file.setdefault(i.where.file, []).append(i)
    out = Returns()
    subs = [s for s in submissions if by_file.get(s.file)]
    if _overlap(folder, inputs):
        why = NoCopy(messages.text("part.returns.inside_inputs", folder=folder), "fix.output_outside_inputs")
        out.not_made = {s.file: why for s in subs}
        return out
    blobs: dict[Path, tuple[str, bytes]] = {}
    for sub in subs:
        try:
            blobs[return_path(sub, inputs)] = (sub.file, return_copy(sub.path, by_file[sub.file]))
        except NoReturnCopy as exc:
            out.not_made[sub.file] = exc.reason
    written_here: dict[Path, set[str]] = {}
    for rel, (file, data) in sorted(blobs.items()):
        target = folder / rel.parent
        written = write_protected(target, {rel.name: data})
        out.written[file] = written.paths[0]
        out.kept += written.kept
        written_here.setdefault(target, set()).add(written.paths[0].name)
    bases: dict[Path, set[str]] = {}  # the names each folder's copies have before any version number
    for rel in blobs:
        bases.setdefault(folder / rel.parent, set()).add(rel.name)
    for here in _folders(folder):
        stale = written_names(here) - written_here.get(here, set())
        removed, changed = remove_written(here, stale)
        out.removed += removed
        out.left += [p for p in changed if not _a_version_of(p.name, bases.get(here, set()))]
    return out


def _overlap(folder: Path, inputs: Path) -> bool:
    a, b = folder.resolve(), inputs.resolve()
    return a == b or a.is_relative_to(b) or b.is_relative_to(a)


def _folders(folder: Path) -> list[Path]:
    """`folder` and the folders below it that hold a manifest (those reportgen wrote return copies into)."""
    if not folder.is_dir():
        return []
    out = [folder]
    for here, dirs, _ in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        out += [Path(here) / d for d in dirs if (Path(here) / d / MANIFEST).is_file()]
    return out


def _a_version_of(name: str, bases: set[str]) -> bool:
    """LA-XA-2.xlsx is a version of LA-XA.xlsx (see _outputs.versioned)."""
    return any(name == versioned(b, n) for b in bases for n in range(1, 100))
