"""The worklist of a reviewed report: every reviewer's comment and change with its source, as an Excel file.

Sheets: a summary; "by committee" — one row per comment or change per committee whose figures (or, when
the mark holds no figure, whose rows of the block) it touches: the queries to send back; "by template" —
every comment and change by template file and line, for wording; "everything" — every mark of a reviewer
in the order of the report; "reportgen" — the tool's own comments, kept apart. Headers are Lao, then English.

Where a mark comes from is read from the provenance the build stored with each bookmark: "template:line |
workbook › sheet › cell; …" for blocks, and for figures the cells that gave their value. A workbook's
committee is the one data.json (beside the report) lists for it, else the one its form's file name says
(national.xlsx, LA-XA.xlsx, LA-XA-0801.xlsx: see writers/xlsx/forms.Identity.file_stem), else the workbook
itself stands for its committee.
"""

from __future__ import annotations

import copy
import datetime as dt
import re
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import PurePosixPath

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from .. import messages
from ..contract.reference import DISTRICTS_BY_CODE, PROVINCES_BY_CODE
from ..contract.roster import NATIONAL, CommitteeId, Level
from ..model.submission import CellRef
from ..writers.docx.nobreak import without_joiners
from ..writers.xlsx._headers import write_headers
from ..writers.xlsx.forms import FONT, lao_workbook, save_bytes
from .read import Change, Review, ReviewComment

__all__ = ["Item", "Source", "Summary", "committee_from_file", "figure_places", "items", "parse_provenance",
           "summarize", "write_worklist"]

_KIND_LABEL = {"comment": "part.review.comment", "reply": "part.review.reply", "insertion": "part.review.insertion",
               "deletion": "part.review.deletion", "move_from": "part.review.move_from",
               "move_to": "part.review.move_to", "formatting": "part.review.formatting",
               "paragraph": "part.review.paragraph"}
KINDS = tuple(_KIND_LABEL)
CELL_LIMIT = 32_000  # Excel keeps at most 32,767 characters in a cell
_TEMPLATE_LINE = re.compile(r"(?P<template>[^|›;]+?):(?P<line>\d+)")
_STEM_PROVINCE = re.compile(r"LA-[A-Z]{2}")
_STEM_DISTRICT = re.compile(r"(LA-[A-Z]{2})-(\d{4})")


# ---- where a mark comes from -----------------------------------------------------------------------------

@dataclass(frozen=True)
class Source:
    """A bookmark's provenance, read back: its template line, the workbook places, and data keys."""

    template: str = ""
    line: int = 0
    places: tuple[CellRef, ...] = ()
    keys: tuple[str, ...] = ()

    @property
    def template_line(self) -> str:
        return f"{self.template}:{self.line}" if self.template else ""


def parse_provenance(text: str) -> Source:
    """"results.xml.j2:10 | inputs/LA-XA.xlsx › 2 ຜົນງານ › ແຖວ/row 6; …" → Source (see writers/docx/review)."""
    template, line, places, keys = "", 0, [], []
    for i, part in enumerate(p.strip() for p in text.split(" | ")):
        m = _TEMPLATE_LINE.fullmatch(part)
        if i == 0 and m and " › " not in part:
            template, line = m["template"], int(m["line"])
            continue
        for piece in (x.strip() for x in part.split("; ")):
            if not piece:
                continue
            if " › " in piece or piece.lower().endswith((".xlsx", ".xls", ".xlsm", ".ods")):
                places.append(CellRef(*(piece.split(" › ", 2) + ["", ""])[:3]))
            else:
                keys.append(piece)
    return Source(template, line, tuple(places), tuple(keys))


def committee_from_file(path: str) -> CommitteeId | None:
    """The committee a form's file name says: national.xlsx, LA-XA.xlsx, LA-XA-0801.xlsx; None for other names."""
    stem = PurePosixPath(path.replace("\\", "/")).stem
    if stem.lower() == "national":
        return NATIONAL
    if _STEM_PROVINCE.fullmatch(stem) and stem in PROVINCES_BY_CODE:
        return CommitteeId(Level.PROVINCE, stem)
    m = _STEM_DISTRICT.fullmatch(stem)
    if m and m.group(2) in DISTRICTS_BY_CODE:
        return CommitteeId(Level.DISTRICT, m.group(1), m.group(2))
    return None


@dataclass(frozen=True)
class Concern:
    """One committee a mark is about: its workbook and the places in it."""

    committee: CommitteeId | None  # None: a workbook whose committee is not known
    workbook: str
    places: tuple[CellRef, ...]

    @property
    def sort_key(self) -> tuple:
        return (0, *self.committee.sort_key, self.workbook) if self.committee else (1, 0, "", "", self.workbook)

    @property
    def name(self) -> tuple[str, str]:
        """(Lao, English) name of the committee, else the workbook's name twice."""
        if self.committee is None:
            return self.workbook, self.workbook
        n = self.committee.name
        return (n.lo or self.workbook, n.en or self.workbook)


# ---- the marks as rows ----------------------------------------------------------------------------------

@dataclass(eq=False)
class Item:
    """One reviewer's mark (or one of reportgen's comments) with its source."""

    n: int  # its number in the everything (or reportgen) sheet
    kind: str  # one of KINDS
    mark: ReviewComment | Change
    source: Source  # of its block
    places: tuple[CellRef, ...]  # the figures' cells, else the block's places
    concerns: list[Concern] = field(default_factory=list)
    thread: str = ""  # "reply to #3" / "2 replies: #4, #5"
    replies: list[Item] = field(default_factory=list)
    parent: Item | None = None

    @property
    def author(self) -> str:
        return self.mark.author

    @property
    def text(self) -> str:
        return self.mark.text

    @property
    def resolved(self) -> bool:
        return isinstance(self.mark, ReviewComment) and self.mark.resolved

    @property
    def before(self) -> str:
        return self.mark.before if isinstance(self.mark, Change) else self.mark.anchor.paragraph

    @property
    def after(self) -> str:
        return self.mark.after if isinstance(self.mark, Change) else ""

    @property
    def anchored(self) -> str:
        a = self.mark.anchor
        return a.text or a.shown


def figure_places(review: Review, bookmark: str) -> tuple[CellRef, ...]:
    """The cells behind one figure: those that gave its value and those left empty, when the build recorded
    them (its provenance lists the figure with `sources` and `missing_from`); else its provenance's places."""
    source = review.sources.get(bookmark)
    figures = getattr(source, "figures", None)
    if figures:
        cells = [c for f in figures for c in (*getattr(f, "sources", ()), *getattr(f, "missing_from", ()))]
        return tuple(dict.fromkeys(c if isinstance(c, CellRef) else CellRef(str(c)) for c in cells))
    return parse_provenance(review.provenance.get(bookmark, "")).places


def _places(review: Review, mark: ReviewComment | Change, block: Source) -> tuple[CellRef, ...]:
    """The cells behind the figures the mark touches, when their sources are known; else its block's places."""
    out: list[CellRef] = []
    for figure in mark.anchor.figures:
        out.extend(p for p in figure_places(review, figure) if p not in out)
    return tuple(out) or block.places


def _concerns(places: Iterable[CellRef], committees: Mapping[str, CommitteeId]) -> list[Concern]:
    by_file: dict[str, list[CellRef]] = {}
    for p in places:
        by_file.setdefault(p.file, []).append(p)
    out = [Concern(committees.get(f) or committee_from_file(f), f, tuple(ps)) for f, ps in by_file.items()]
    return sorted(out, key=lambda c: c.sort_key)


def items(review: Review, committees: Mapping[str, CommitteeId] | None = None) -> tuple[list[Item], list[Item]]:
    """(every reviewer's mark, reportgen's comments), each in the order of the report, with its sources.

    `committees`: workbook path as the provenance names it → its committee (from data.json); files not in it
    are known by their names (committee_from_file)."""
    committees = committees or {}
    marks: list[ReviewComment | Change] = [c for c in review.comments] + list(review.changes)
    order = {id(m): i for i, m in enumerate(review.comments)}
    marks.sort(key=lambda m: (m.anchor.index if m.anchor.index >= 0 else 1 << 30, m.anchor.offset,
                              isinstance(m, Change), order.get(id(m), 0)))
    people, machine, by_id = [], [], {}
    for m in marks:
        block = parse_provenance(review.provenance.get(m.anchor.bookmark, ""))
        places = _places(review, m, block)
        if isinstance(m, ReviewComment):
            kind = "reply" if m.parent else "comment"
        else:
            kind = m.kind
        item = Item(0, kind, m, block, places, _concerns(places, committees))
        if isinstance(m, ReviewComment):
            by_id[m.id] = item
            if m.machine and not m.parent:
                machine.append(item)
                continue
        people.append(item)
    for n, item in enumerate(people, start=1):
        item.n = n
    for n, item in enumerate(machine, start=1):
        item.n = n
    for item in people:
        if isinstance(item.mark, ReviewComment) and item.mark.parent:
            parent = by_id.get(item.mark.parent)
            if parent is not None:
                item.parent = parent
                parent.replies.append(item)
    for item in people + machine:
        item.thread = _thread_text(item)
    return people, machine


def _thread_text(item: Item) -> str:
    if item.parent is not None:
        if _is_machine(item.parent):
            return str(messages.text("part.review.reply_to_machine", text=item.parent.text))
        return str(messages.text("part.review.reply_to", n=item.parent.n))
    if item.replies:
        return str(messages.text("part.review.replies", n=len(item.replies),
                                 numbers=", ".join(f"#{r.n}" for r in item.replies if r.n)))
    return ""


def _conversation(item: Item) -> str:
    """A comment with its replies, as one query: "text\n↳ author: reply"."""
    return "\n".join([item.text] + [f"↳ {r.author}: {r.text}" for r in item.replies])


# ---- the summary ------------------------------------------------------------------------------------------

@dataclass
class Summary:
    comments: int = 0  # reviewers' comments, not counting replies
    replies: int = 0
    resolved: int = 0
    changes: Counter = field(default_factory=Counter)  # kind → number
    committees: int = 0  # committees (or workbooks) the marks concern
    outside: int = 0  # marks outside every generated block
    machine: int = 0  # reportgen's own comments


def summarize(people: list[Item], machine: list[Item]) -> Summary:
    s = Summary(machine=len(machine))
    concerned = set()
    for item in people:
        if item.kind == "comment":
            s.comments += 1
        elif item.kind == "reply":
            s.replies += 1
        else:
            s.changes[item.kind] += 1
        s.resolved += item.resolved and item.kind == "comment"
        s.outside += not item.mark.anchor.block
        concerned.update((c.committee or c.workbook) for c in item.concerns)
    s.committees = len(concerned)
    return s


# ---- the workbook -----------------------------------------------------------------------------------------

@dataclass(frozen=True)
class _Col:
    lo: str
    en: str
    width: float = 14


_DONE_FILL = PatternFill("solid", fgColor="EDEDED")
_WRAP = Alignment(wrap_text=True, vertical="top")
_DATE_FORMAT = "YYYY-MM-DD HH:MM"

_N = _Col("ລ/ດ", "No.", 6)
_KIND = _Col("ປະເພດ", "kind", 14)
_WHO = _Col("ຜູ້ທົບທວນ", "reviewer", 16)
_WHEN = _Col("ວັນທີ", "date", 17)
_TEXT = _Col("ຄຳເຫັນ ຫຼື ການແກ້ໄຂ", "comment or change", 44)
_ANCHOR = _Col("ຂໍ້ຄວາມທີ່ໝາຍໄວ້", "text it marks", 36)
_BEFORE = _Col("ວັກກ່ອນແກ້ໄຂ", "paragraph before", 48)
_AFTER = _Col("ວັກຫຼັງແກ້ໄຂ", "paragraph after", 48)
_THREAD = _Col("ການຕອບ", "thread", 18)
_RESOLVED = _Col("ແກ້ໄຂແລ້ວ", "resolved", 10)
_SECTION = _Col("ຫົວຂໍ້", "section", 24)
_BLOCK = _Col("ລະຫັດບລັອກ", "block id", 15)
_TEMPLATE = _Col("ແມ່ແບບ:ແຖວ", "template:line", 22)
_TEMPLATE_FILE = _Col("ແມ່ແບບ", "template", 20)
_LINE = _Col("ແຖວ", "line", 7)
_COMMITTEES = _Col("ຄະນະກຳມະການ", "committees", 30)
_PLACES = _Col("ແຫຼ່ງຂໍ້ມູນ (ໄຟລ໌ › ແຜ່ນງານ › ຫ້ອງ)", "workbook › sheet › cells", 50)
_COMMITTEE_LO = _Col("ຄະນະກຳມະການ", "committee (Lao)", 22)
_COMMITTEE_EN = _Col("Committee", "committee", 20)
_WORKBOOK = _Col("ໄຟລ໌", "workbook", 24)
_CELLS = _Col("ຫ້ອງ", "sheet › cells", 40)


def _cell_text(value: str) -> str:
    value = ILLEGAL_CHARACTERS_RE.sub("\ufffd", without_joiners(value))
    if len(value) > CELL_LIMIT:
        value = value[:CELL_LIMIT] + f"… (+{len(value) - CELL_LIMIT})"
    return value


class _Cells:
    """Writes values into cells: text stays text even when it starts with "=" (openpyxl would make it a
    formula), dates are dates, every cell wrapped and top-aligned. Each style is worked out once and copied:
    openpyxl looks a style up anew for every cell given one, which was most of the worklist's time."""

    def __init__(self) -> None:
        self.styles: dict[str, object] = {}

    def put(self, ws, row: int, col: int, value: object) -> None:
        if value is None or value == "":
            return
        if isinstance(value, str):
            cell = ws.cell(row, col, _cell_text(value))
            if cell.data_type == "f":
                cell.data_type = "s"
        else:
            cell = ws.cell(row, col, value)
        kind = "date" if isinstance(value, dt.datetime) else "text"
        if kind in self.styles:
            cell._style = copy.copy(self.styles[kind])
            return
        cell.alignment = _WRAP
        if kind == "date":
            cell.number_format = _DATE_FORMAT
        self.styles[kind] = copy.copy(cell._style)


def _sheet(wb: Workbook, cells: _Cells, title: str, cols: list[_Col], rows: Iterable[tuple[list[object], bool]]) -> None:
    """Two header rows (Lao, then English), frozen, with a filter; then the rows (done ones greyed)."""
    ws = wb.create_sheet(title)
    write_headers(ws, cols)
    n = 0
    for n, (values, done) in enumerate(rows, start=1):
        for j, value in enumerate(values, start=1):
            cells.put(ws, n + 2, j, value)
            if done:
                ws.cell(n + 2, j).fill = _DONE_FILL
    ws.freeze_panes = "B3"
    ws.auto_filter.ref = f"A2:{get_column_letter(len(cols))}{n + 2}"
    ws.print_title_rows = "1:2"
    ws.page_setup.orientation = "landscape"
    ws.sheet_properties.pageSetUpPr.fitToPage = True  # printed: all columns across one page, rows run on
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0


def _kind(item: Item) -> str:
    return str(messages.text(_KIND_LABEL[item.kind]))


def _yes(flag: bool) -> str:
    return str(messages.text("part.review.yes")) if flag else ""


def _places_text(places: Iterable[CellRef]) -> str:
    return "; ".join(str(p) for p in places)


def _committees_text(item: Item) -> str:
    return "; ".join(" / ".join(dict.fromkeys(c.name)) for c in item.concerns)


def _everything_row(item: Item) -> tuple[list[object], bool]:
    a = item.mark.anchor
    return ([item.n, _kind(item), item.author, item.mark.date, item.text, item.anchored, item.before, item.after,
             item.thread, _yes(item.resolved), a.section, a.block, item.source.template_line,
             _committees_text(item), _places_text(item.places)], item.resolved)


def _queries(people: list[Item]) -> list[Item]:
    """The marks to send back: comments with their replies folded in, and changes; a reviewer's reply to one of
    reportgen's comments is a query of its own."""
    return [i for i in people if i.parent is None or _is_machine(i.parent)]


def _is_machine(item: Item) -> bool:
    return isinstance(item.mark, ReviewComment) and item.mark.machine


def _committee_rows(people: list[Item]) -> list[tuple[list[object], bool]]:
    rows = []
    for item in _queries(people):
        for c in item.concerns:
            lo, en = c.name
            rows.append((c.sort_key, item.n, [lo, en, c.workbook, _places_text(
                CellRef("", p.sheet, p.cell) for p in c.places), _kind(item), item.author,
                item.mark.date, _conversation(item), item.anchored, item.mark.anchor.section,
                item.source.template_line, _yes(item.resolved), item.n], item.resolved))
    rows.sort(key=lambda r: (r[0], r[1]))
    return [(values, done) for _, _, values, done in rows]


def _template_rows(people: list[Item]) -> list[tuple[list[object], bool]]:
    keyed = []
    for item in people:
        s = item.source
        keyed.append(((not s.template, s.template, s.line, item.n), (
            [s.template or str(messages.text("part.review.outside")), s.line or None, _kind(item), item.author,
             item.mark.date, item.text, item.anchored, item.before, item.after, _yes(item.resolved), item.n],
            item.resolved)))
    keyed.sort(key=lambda k: k[0])
    return [row for _, row in keyed]


def _machine_row(item: Item) -> tuple[list[object], bool]:
    a = item.mark.anchor
    return ([item.n, item.text, item.anchored, a.section, a.block, item.source.template_line,
             _committees_text(item), _places_text(item.places), item.thread, _yes(item.resolved)], item.resolved)


def _summary_sheet(wb: Workbook, cells: _Cells, review: Review, summary: Summary) -> None:
    ws = wb.active
    ws.title = "ສະຫຼຸບ Summary"
    lines = [messages.text("part.review.title"), messages.text("part.review.file", path=review.path or "DOCX")]
    lines += summary_lines(summary)
    lines += [messages.text("part.review.sheet_committee"), messages.text("part.review.sheet_template"),
              messages.text("part.review.sheet_everything"), messages.text("part.review.sheet_machine")]
    ws.column_dimensions["A"].width = 90
    ws.column_dimensions["B"].width = 90
    for i, t in enumerate(lines, start=1):
        cells.put(ws, i, 1, t.lo)
        cells.put(ws, i, 2, t.en)
    ws.cell(1, 1).font = ws.cell(1, 2).font = Font(name=FONT, bold=True, size=13)


def summary_lines(summary: Summary) -> list[messages.Text]:
    """The summary, line by line, as the command prints it and the worklist's first sheet shows it."""
    ch = summary.changes
    out = [messages.text("part.review.counts", comments=summary.comments, replies=summary.replies,
                         resolved=summary.resolved),
           messages.text("part.review.changes", n=sum(ch.values()), insertions=ch["insertion"],
                         deletions=ch["deletion"], moves=ch["move_from"] + ch["move_to"],
                         formatting=ch["formatting"], paragraphs=ch["paragraph"]),
           messages.text("part.review.committees", n=summary.committees)]
    if summary.outside:
        out.append(messages.text("part.review.outside_count", n=summary.outside))
    out.append(messages.text("part.review.machine", n=summary.machine))
    return out


def write_worklist(review: Review, committees: Mapping[str, CommitteeId] | None = None) -> bytes:
    """The worklist (.xlsx bytes) of a reviewed report; the same review always gives the same bytes."""
    people, machine = items(review, committees)
    wb = lao_workbook()
    dates = [m.date for m in [*review.comments, *review.changes] if m.date is not None]
    wb.properties.created = max(dates) if dates else dt.datetime(2000, 1, 1)
    cells = _Cells()
    _summary_sheet(wb, cells, review, summarize(people, machine))
    _sheet(wb, cells, "ຕາມຄະນະ by committee",
           [_COMMITTEE_LO, _COMMITTEE_EN, _WORKBOOK, _CELLS, _KIND, _WHO, _WHEN, _TEXT, _ANCHOR, _SECTION, _TEMPLATE,
            _RESOLVED, _N], _committee_rows(people))
    _sheet(wb, cells, "ຕາມແມ່ແບບ by template",
           [_TEMPLATE_FILE, _LINE, _KIND, _WHO, _WHEN, _TEXT, _ANCHOR, _BEFORE, _AFTER, _RESOLVED, _N],
           _template_rows(people))
    _sheet(wb, cells, "ທັງໝົດ everything",
           [_N, _KIND, _WHO, _WHEN, _TEXT, _ANCHOR, _BEFORE, _AFTER, _THREAD, _RESOLVED, _SECTION, _BLOCK, _TEMPLATE,
            _COMMITTEES, _PLACES], (_everything_row(i) for i in people))
    _sheet(wb, cells, "reportgen",
           [_N, _Col("ຄຳເຫັນຂອງ reportgen", "reportgen's comment", 60), _ANCHOR, _SECTION, _BLOCK, _TEMPLATE,
            _COMMITTEES, _PLACES, _THREAD, _RESOLVED], (_machine_row(i) for i in machine))
    return save_bytes(wb)
