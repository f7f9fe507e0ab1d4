"""Who has sent their workbook and who has not: the rows and totals of status.html and status.xlsx.

One row per expected committee (roster.expected: the national committee, the 18 provinces and the districts
forms were made for) and per file found in the inputs folder, so that every file appears somewhere: a
committee's workbook on its committee's row (two workbooks of one committee: two rows), a committee nobody
expected on a row of its own, and a file whose committee cannot be told (unreadable, not a form, no level
or province) at the end. `status_files` writes both files from the same rows.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from ..contract import schema
from ..contract.figures import cell_value
from ..contract.reference import DISTRICTS_BY_CODE, PROVINCES_BY_CODE
from ..contract.roster import CommitteeId, Level, committee_of, expected, name
from ..contract.schema import Kind
from ..messages import Text, text
from ..model.submission import SAVED_BY_FILE, Issue, Submission


class State(StrEnum):
    RECEIVED = "received"  # an expected committee's workbook
    UNEXPECTED = "unexpected"  # the workbook of a committee not on the expected list (a district without a form)
    UNPLACED = "unplaced"  # a file whose committee is not known: unreadable, not a form, no level or province
    MISSING = "missing"  # an expected committee with no workbook yet

    @property
    def received(self) -> bool:
        return self is not State.MISSING

    @property
    def label(self) -> Text:
        return _STATE_LABELS[self]


_STATE_LABELS = {
    State.RECEIVED: text("part.status.state.received"),
    State.UNEXPECTED: text("part.status.state.unexpected"),
    State.UNPLACED: text("part.status.state.unplaced"),
    State.MISSING: text("part.status.state.missing"),
}


@dataclass(frozen=True)
class Column:
    """A column of the status table, in both files: its key, its heading, how it sorts, its width in Excel."""

    key: str
    label: Text
    numeric: bool = False
    width: float = 12


COLUMNS = (
    Column("n", text("part.status.col.n"), True, 6),
    Column("name", text("part.status.col.name"), False, 30),
    Column("name_en", text("part.status.col.name_en"), False, 28),
    Column("level", text("part.status.col.level"), True, 14),
    Column("code", text("part.status.col.code"), False, 9),
    Column("state", text("part.status.col.state"), True, 16),
    Column("file", text("part.status.col.file"), False, 26),
    Column("saved", text("part.status.col.saved"), True, 17),
    Column("errors", text("part.status.col.errors"), True, 10),
    Column("warnings", text("part.status.col.warnings"), True, 10),
    Column("complete", text("part.status.col.complete"), True, 12),
    Column("returned", text("part.status.col.returned"), False, 24),
    Column("note", text("part.status.col.note"), False, 48),
)

TOTAL_COLUMNS = (
    Column("group", text("part.status.col.level"), False, 34),
    Column("expected", text("part.status.col.expected"), True),
    Column("received", text("part.status.col.received"), True),
    Column("missing", text("part.status.col.missing"), True),
    Column("unexpected", text("part.status.col.unexpected"), True),
    Column("files", text("part.status.col.files"), True),
    Column("with_errors", text("part.status.col.with_errors"), True, 14),
    Column("with_warnings", text("part.status.col.with_warnings"), True, 14),
)

#: The order of the states when the table is sorted by its status column: what needs doing first.
STATE_RANK = {State.MISSING: 0, State.UNPLACED: 1, State.UNEXPECTED: 2, State.RECEIVED: 3}


def count_cells(level: str | None) -> tuple[str, ...]:
    """The count cells of the form of `level` (every level's when None): every cell of a form sheet that takes
    a whole number or an amount of kip, by value key ("cases.suspects.women", "submission.members_total")."""
    keys = []
    for sheet in schema.SHEETS:
        if not sheet.form:
            continue
        for row in sheet.rows:
            if level is not None and level not in row.levels:
                continue
            for c in row.inputs:
                column = sheet.column(c)
                kind = column.kind if column.kind is Kind.TEXT and c != "value" else row.kind  # the reader's rule
                if kind in (Kind.COUNT, Kind.MONEY):
                    keys.append(f"submission.{row.key}" if sheet is schema.SUBMISSION else f"{sheet.key}.{row.key}.{c}")
    return tuple(keys)


def completeness(sub: Submission) -> tuple[int, int] | None:
    """(count cells filled, count cells) of a workbook; None when none of its form could be read."""
    if not sub.refs:
        return None
    cells = count_cells(sub.level if sub.level in set(Level) else None)
    return sum(cell_value(sub, k) is not None for k in cells), len(cells)


@dataclass(frozen=True)
class Row:
    """One line of the status: a committee, a file, or both."""

    n: int  # its place in the listing (national, provinces, districts, files of unknown committees)
    state: State
    committee: CommitteeId | None = None  # None: the file's committee is not known
    level: Level | None = None
    file: str = ""  # the workbook as messages show it ("inputs/LA-XA.xlsx"); "" for a missing committee
    saved: dt.datetime | None = None  # aware
    saved_from: str = ""  # see Submission.saved_from
    errors: int = 0
    warnings: int = 0
    filled: tuple[int, int] | None = None  # (count cells filled, count cells)
    returned: str = ""  # the return file, relative to the folder of the status files ("returns/LA-XA.xlsx")
    notes: tuple[Text, ...] = ()

    @property
    def name(self) -> Text:
        if self.committee is None:
            return text("part.status.unknown_committee")
        n = name(self.committee)
        return Text(n.lo, n.en)

    @property
    def code(self) -> str:
        """The province's ISO code or the district's code; "" for a district the reference list does not know
        (its committee is named by the name typed in its workbook, which is no code)."""
        if self.committee is None or (self.committee.district and self.committee.district not in DISTRICTS_BY_CODE):
            return ""
        return name(self.committee).code

    @property
    def level_label(self) -> Text:
        return _LEVEL_LABELS[self.level]

    @property
    def complete(self) -> float | None:
        """The share of count cells filled, 0..1."""
        if self.filled is None or not self.filled[1]:
            return None
        return self.filled[0] / self.filled[1]


@dataclass
class Totals:
    """The counts of one level (None: files whose committee is not known), or of all of them."""

    level: Level | None
    label: Text
    expected: int = 0  # committees
    received: int = 0  # committees with at least one workbook (expected or not)
    missing: int = 0  # expected committees with none
    unexpected: int = 0  # committees with a workbook that were not expected
    files: int = 0  # workbooks (and other files)
    with_errors: int = 0  # files
    with_warnings: int = 0  # files

    @property
    def values(self) -> tuple[int, ...]:
        """In the order of TOTAL_COLUMNS after the first."""
        return (self.expected, self.received, self.missing, self.unexpected, self.files, self.with_errors,
                self.with_warnings)

    def add(self, other: Totals) -> None:
        for k in ("expected", "received", "missing", "unexpected", "files", "with_errors", "with_warnings"):
            setattr(self, k, getattr(self, k) + getattr(other, k))


@dataclass
class Status:
    year: int | None
    checked: dt.datetime  # when the check ran (aware)
    folder: str  # the inputs folder, as shown
    rows: list[Row]
    totals: list[Totals]  # one per level (and files of no known committee, when there are some), then all
    sample: bool = False  # the workbooks are sample data

    @property
    def overall(self) -> Totals:
        return self.totals[-1]


_LEVEL_LABELS = {
    Level.NATIONAL: text("part.status.level.national"),
    Level.PROVINCE: text("part.status.level.province"),
    Level.DISTRICT: text("part.status.level.district"),
    None: text("part.status.unknown_level"),
}

_GROUP_LABELS = {
    Level.NATIONAL: text("part.status.group.national"),
    Level.PROVINCE: text("part.status.group.provinces"),
    Level.DISTRICT: text("part.status.group.districts"),
    None: text("part.status.group.unplaced"),
}


def _order(c: CommitteeId) -> tuple[int, str, str]:
    p = PROVINCES_BY_CODE.get(c.province)
    return (c.level.rank, p.number if p else "99" + c.province, c.district)


def _known(c: CommitteeId | None) -> bool:
    """Whether a workbook can be put on a committee's row: its level and place are known and named."""
    return c is not None and c.placed and bool(name(c).lo)


def status_of(submissions: Iterable[Submission], issues: Iterable[Issue], year: int | None, checked: dt.datetime,
              folder: Path, expected_districts: Iterable[str] = (), returns: Mapping[str, str] | None = None,
              shown_folder: str = "") -> Status:
    """The status of a year's collection: `issues` are the check's (every workbook's and the folder's),
    `returns` the return file written for a workbook (by its name in messages), relative to the status files."""
    subs = list(submissions)
    issues = list(issues)
    returns = returns or {}
    districts = tuple(dict.fromkeys(expected_districts))
    wanted = expected(expected_districts=districts)
    by_file: dict[str, list[Issue]] = {}
    for i in issues:
        by_file.setdefault(i.where.file, []).append(i)
    of: dict[CommitteeId, list[Submission]] = {}
    unplaced: list[Submission] = []
    for sub in subs:
        c = committee_of(sub)
        if _known(c):
            of.setdefault(c, []).append(sub)  # type: ignore[arg-type]
        else:
            unplaced.append(sub)
    committees = sorted(set(wanted) | set(of), key=_order)
    rows: list[Row] = []
    for c in committees:
        mine = of.get(c, [])  # in the order read, as check names the second of two as the duplicate
        if not mine:
            rows.append(Row(len(rows) + 1, State.MISSING, c, c.level))
            continue
        state = State.RECEIVED if c in wanted else State.UNEXPECTED
        for sub in mine:
            notes = [text("part.status.note.unexpected")] if state is State.UNEXPECTED else []
            if len(mine) > 1:
                notes.append(text("part.status.note.duplicate", n=len(mine)))
            rows.append(_file_row(len(rows) + 1, state, c, sub, by_file.get(sub.file, []), returns, notes))
    for sub in unplaced:
        mine = by_file.get(sub.file, [])
        first = next((i for i in mine if i.is_error), None)
        notes = [Text(first.lo, first.en) if first else text("part.status.note.unplaced")]
        level = Level(sub.level) if sub.level in set(Level) else None
        rows.append(_file_row(len(rows) + 1, State.UNPLACED, None, sub, mine, returns, notes, level))
    read = {s.file for s in subs}
    for file, mine in sorted(by_file.items()):
        if file not in read and _inside(file, folder):  # a file collect() passed over: not .xlsx, unreadable folder
            saved = _file_date(Path(file))
            notes = [Text(mine[0].lo, mine[0].en)] + ([text("part.status.note.file_date")] if saved else [])
            rows.append(Row(len(rows) + 1, State.UNPLACED, file=file, saved=saved,
                            saved_from=SAVED_BY_FILE if saved else "", errors=sum(i.is_error for i in mine),
                            warnings=sum(not i.is_error for i in mine), returned=returns.get(file, ""),
                            notes=tuple(notes)))
    return Status(year, checked, shown_folder or str(folder), rows, _totals(rows, wanted), any(s.sample for s in subs))


def _file_row(n: int, state: State, c: CommitteeId | None, sub: Submission, mine: list[Issue],
              returns: Mapping[str, str], notes: list[Text], level: Level | None = None) -> Row:
    if sub.saved_from == SAVED_BY_FILE:
        notes.append(text("part.status.note.file_date"))
    return Row(n, state, c, c.level if c else level, sub.file, sub.saved, sub.saved_from,
               sum(i.is_error for i in mine), sum(not i.is_error for i in mine), completeness(sub),
               returns.get(sub.file, ""), tuple(notes))


def _inside(file: str, folder: Path) -> bool:
    """Whether `file` (a place as messages show it) is in `folder`, and not the folder itself."""
    try:
        path, top = Path(file).resolve(), folder.resolve()
        return path != top and top in path.parents and Path(file).exists()  # not a message's other places
    except (OSError, RuntimeError, ValueError):
        return False


def _file_date(path: Path) -> dt.datetime | None:
    try:
        return dt.datetime.fromtimestamp(path.stat().st_mtime, dt.UTC)
    except (OSError, ValueError):
        return None


def _totals(rows: list[Row], wanted: list[CommitteeId]) -> list[Totals]:
    out = []
    for level in (*Level, None):
        t = Totals(level, _GROUP_LABELS[level])
        mine = [r for r in rows if (r.committee.level if r.committee else None) == level]
        if level is None and not mine:
            continue
        t.expected = sum(c.level == level for c in wanted) if level else 0
        t.received = len({r.committee for r in mine if r.state.received and r.committee})
        t.missing = sum(r.state is State.MISSING for r in mine)
        t.unexpected = len({r.committee for r in mine if r.state is State.UNEXPECTED})
        files = [r for r in mine if r.state.received]
        t.files = len(files)
        t.with_errors = sum(r.errors > 0 for r in files)
        t.with_warnings = sum(r.warnings > 0 for r in files)
        out.append(t)
    overall = Totals(None, text("part.status.group.all"))
    for t in out:
        overall.add(t)
    return [*out, overall]


def checked_now() -> dt.datetime:
    """When this check ran: SOURCE_DATE_EPOCH when set (reproducible builds), else now, in local time."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), dt.UTC)
    return dt.datetime.now().astimezone()


def relative_link(target: Path, start: Path) -> str:
    """`target` as a link from a page in folder `start`: relative, with forward slashes, so that it works from
    disk and when the folder is copied elsewhere (not yet URL-encoded)."""
    try:
        rel = os.path.relpath(Path(target).absolute(), Path(start).absolute())
    except ValueError:  # another drive (Windows): only an absolute link can reach it
        return Path(target).absolute().as_uri()
    return Path(rel).as_posix()


def status_files(status: Status) -> dict[str, bytes]:
    """status.html and status.xlsx, from the same rows."""
    from ._status_html import write_status_html
    from ._status_xlsx import write_status_xlsx

    return {"status.html": write_status_html(status), "status.xlsx": write_status_xlsx(status)}
