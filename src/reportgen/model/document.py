"""The document model both writers render: headings, paragraphs, lists and tables, with their sources.

Every block, table cell and figure has an `id` made from where it came from (template line and the data it
shows), not from its position, so that adding a paragraph renames nothing else: the next draft's bookmarks
and anchors still match the reviewed one. `assign_ids` gives them once the document is complete.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field
from pathlib import PurePath

from .submission import CellRef


@dataclass(frozen=True)
class Source:
    """Where a block came from: a narrative template line, the data it shows, and every workbook place it was
    built from (never cut short)."""

    template: str = ""
    line: int = 0
    key: str = ""  # the data shown, as the template names it (an area, a province code…); "" when none
    origin: tuple[CellRef, ...] = ()  # e.g. (CellRef("inputs/LA-XA.xlsx", "2 ຜົນງານ", "ແຖວ/row 7"), …)
    anchor: str = ""  # the template line's identity from its text (a line added above it does not change it)

    @property
    def origin_text(self) -> str:
        return "; ".join(str(r) for r in self.origin)

    @property
    def identity(self) -> str:
        """What makes this block itself: its template line (by its text) and its data (key, else its places)."""
        return f"{self.place}|{self.key or self.origin_key}"

    @property
    def origin_key(self) -> str:
        """The places as identity: workbooks by file name, not by the folder the build was run from."""
        return "; ".join(str(CellRef(PurePath(r.file).name if r.file else "", r.sheet, r.cell)) for r in self.origin)

    @property
    def place(self) -> str:
        """The template line, by its text when known (its anchor), else by its number."""
        return f"{self.template}#{self.anchor or self.line}"

    def __str__(self) -> str:
        parts = [f"{self.template}:{self.line}" if self.template else "", self.origin_text]
        return " | ".join(p for p in parts if p)


@dataclass
class Run:
    text: str
    bold: bool = False
    name: bool = False  # a person's or place's name: never broken across lines
    lang: str = ""  # "" the document's language; "lo" a committee's Lao words quoted in the English report


@dataclass
class FigureRun(Run):
    """A figure printed from the data: `text` is what is printed (digits and marks); the rest says what it is.

    `partial`: some committees, or some cells, left it empty ("*"); `warned`: a check warned about a cell it adds
    up ("!"); `value` None: nobody reported it ("–").
    """

    figure: str = ""  # the figure's key, e.g. "victims.all.total"
    scope: str = ""  # whose total: "" for the report's, "level:district", "province:LA-VT", a committee's file…
    value: int | None = None
    partial: bool = False
    warned: bool = False
    reported_by: tuple[str, ...] = ()  # the workbooks that gave a value
    missing_from: tuple[CellRef, ...] = ()  # the cells left empty
    sources: tuple[CellRef, ...] = ()  # the cells that gave the value
    id: str = ""


@dataclass(frozen=True)
class Remark:
    """A note for reviewers on a block, cell or caption (a Word comment): why a figure is incomplete, a check
    warning, with the workbook places it is about."""

    lo: str
    en: str
    kind: str = "note"  # "gap" (not or partly reported), "warning" (a check warning), "note"
    refs: tuple[CellRef, ...] = ()
    code: str = ""
    detail: str = ""  # the places as one line, e.g. "A.xlsx › 7 ຜູ້ຖືກເຄາະຮ້າຍ › F7, G7; B.xlsx"
    at: str = ""  # the place the remark is about, said first ("A.xlsx › 6 ສະຖິຕິຄະດີ › D7")

    @property
    def text(self) -> str:
        """The comment as reviewers read it: place, Lao / English, then the places it lists."""
        said = " / ".join(p for p in (self.lo, self.en) if p)
        return (f"{self.at}: " if self.at else "") + said + (f": {self.detail}" if self.detail else "")


@dataclass
class Paragraph:
    runs: list[Run]
    style: str = "body"  # body, center, right, nation, motto, issuer, masthead, number, date, title, subtitle, sample,
    # signature, signname, note, lead; a masthead's runs hold one "\t" between its left and right sides
    source: Source = field(default_factory=Source)
    remarks: list[Remark] = field(default_factory=list)  # data warnings for reviewers (Word comments)
    id: str = ""

    @property
    def text(self) -> str:
        return "".join(r.text for r in self.runs)


@dataclass
class Heading:
    level: int  # 1..3
    runs: list[Run]
    number: str = ""  # "I.", "1.", "1.1" — assigned by number_blocks()
    numbered: bool = True  # False for parts such as the annex, which carry no section number
    source: Source = field(default_factory=Source)
    remarks: list[Remark] = field(default_factory=list)
    id: str = ""

    @property
    def text(self) -> str:
        return "".join(r.text for r in self.runs)

    @property
    def full_text(self) -> str:
        return f"{self.number} {self.text}" if self.number else self.text


@dataclass
class ListBlock:
    items: list[Paragraph]
    ordered: bool = False
    source: Source = field(default_factory=Source)
    id: str = ""


@dataclass
class Cell:
    runs: list[Run]
    header: bool = False
    numeric: bool = False
    colspan: int = 1
    rowspan: int = 1
    remarks: list[Remark] = field(default_factory=list)
    source: Source = field(default_factory=Source)  # the <td> line, its row's key and workbook places
    id: str = ""

    @property
    def text(self) -> str:
        return "".join(r.text for r in self.runs)


@dataclass
class Table:
    caption: list[Run]
    head: list[list[Cell]]
    body: list[list[Cell]]
    total_rows: set[int] = field(default_factory=set)  # indexes into body that are totals
    widths: list[float] = field(default_factory=list)  # relative column widths
    number: int = 0
    note: list[Run] = field(default_factory=list)
    wide: bool = False
    source: Source = field(default_factory=Source)
    remarks: list[Remark] = field(default_factory=list)  # about the table as a whole (on its caption)
    id: str = ""

    @property
    def columns(self) -> int:
        return max((sum(c.colspan for c in row) for row in self.head + self.body), default=0)

    @property
    def caption_text(self) -> str:
        return "".join(r.text for r in self.caption)


@dataclass
class TableOfContents:
    """The contents: filled with the headings by each writer (a TOC field in Word, links in the PDF)."""

    title: list[Run]
    source: Source = field(default_factory=Source)
    id: str = ""


@dataclass
class PageBreak:
    source: Source = field(default_factory=Source)
    id: str = ""


@dataclass
class Chart:
    """A figure drawn from data: bars for `categories` (rows, top to bottom) × `series` (in the legend's order).

    It is made from its data table (`table`, written right after it): `values[c][s]` is the very figure printed
    in row c, column s + 1 of that table, so the chart and its table cannot disagree. A value None is "not
    reported" (never drawn as 0); `partial`/`warned` figures keep their marks on the chart too. Total rows of the
    table are not drawn (a total bar would flatten the others).
    """

    kind: str  # "bar": horizontal bars, side by side per category (long Lao labels stay on one line, at the left)
    caption: list[Run]
    categories: list[str]
    series: list[str]
    values: list[list[FigureRun]]
    table: Table
    unit: str = ""  # what the bars count, said in the chart's description (alt text)
    number: int = 0
    source: Source = field(default_factory=Source)
    remarks: list[Remark] = field(default_factory=list)
    id: str = ""

    @property
    def caption_text(self) -> str:
        return "".join(r.text for r in self.caption)

    def missing(self, category: int) -> list[str]:
        """The series not reported for one category (all of them: the category reported nothing)."""
        return [s for s, v in zip(self.series, self.values[category], strict=True) if v.value is None]

    def category_label(self, category: int) -> str:
        """A category as both renderers label it: "not reported" said on the chart itself, where the bar is
        missing ("ແຂວງ X (ບໍ່ໄດ້ລາຍງານ)", or "(ເດັກຊາຍ: ບໍ່ໄດ້ລາຍງານ)" when only some series are missing)."""
        label, missing = self.categories[category], self.missing(category)
        if not missing:
            return label
        if len(missing) == len(self.series):
            return f"{label} ({NOT_REPORTED})"
        return f"{label} ({', '.join(missing)}: {NOT_REPORTED})"

    @property
    def largest(self) -> int:
        return max((v.value for row in self.values for v in row if v.value is not None), default=0)


Block = Heading | Paragraph | ListBlock | Table | Chart | PageBreak | TableOfContents

#: Every kind of block, for writers' closed dispatch: a writer must handle each (tests/writers check it).
BLOCK_TYPES: tuple[type, ...] = (Heading, Paragraph, ListBlock, Table, Chart, PageBreak, TableOfContents)


@dataclass
class Meta:
    title: str
    short_title: str
    subject: str
    author: str
    language: str
    date: dt.date
    year: int
    sample: bool


@dataclass
class Document:
    meta: Meta
    blocks: list[Block]

    def headings(self) -> list[Heading]:
        return [b for b in self.blocks if isinstance(b, Heading)]

    def tables(self) -> list[Table]:
        return [b for b in self.blocks if isinstance(b, Table)]

    def charts(self) -> list[Chart]:
        return [b for b in self.blocks if isinstance(b, Chart)]


CAPTION_LABEL = "ຕາຕະລາງທີ"  # "Table" — captions read "ຕາຕະລາງທີ 3: …" (the glossary's "table")
FIGURE_LABEL = "ແຜນວາດທີ"  # "Figure" — chart captions read "ແຜນວາດທີ 2: …"
FIGURES_TITLE = "ລາຍການແຜນວາດ"  # "List of figures", after the contents when the report has charts
NOT_REPORTED = "ບໍ່ໄດ້ລາຍງານ"  # "not reported", where a chart has no bar to draw
#: The words the writers print around the content, by the document's language (Meta.language's first part).
CAPTION_LABELS = {"lo": CAPTION_LABEL, "en": "Table"}
PAGE_LABELS = {"lo": "ໜ້າ", "en": "Page"}


def words_for(language: str) -> str:
    """The key of CAPTION_LABELS and PAGE_LABELS for a document language ("lo-LA" → "lo", "en-US" → "en")."""
    short = language.split("-")[0].lower()
    return short if short in CAPTION_LABELS else "lo"

#: At the top of every page of a report built from sample data, in both formats.
SAMPLE_MARK = "ຂໍ້ມູນຕົວຢ່າງ — sample data"

_ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII")


def number_blocks(blocks: list[Block]) -> None:
    """Number headings in the Lao report style (I., 1., 1.1), tables and charts (1, 2, …) in reading order."""
    counters = [0, 0, 0]
    tables = charts = 0
    chart_tables = {id(b.table) for b in blocks if isinstance(b, Chart)}
    for b in blocks:
        if isinstance(b, Heading) and b.numbered:
            lvl = b.level - 1
            counters[lvl] += 1
            for i in range(lvl + 1, 3):
                counters[i] = 0
            if b.level == 1:
                b.number = f"{_ROMAN[counters[0] - 1]}."
            elif b.level == 2:
                b.number = f"{counters[1]}."
            else:
                b.number = f"{counters[1]}.{counters[2]}"
        elif isinstance(b, Table) and id(b) not in chart_tables:  # a chart's data table goes by the chart's number
            tables += 1
            b.number = tables
        elif isinstance(b, Chart):
            charts += 1
            b.number = charts


def _digest(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:10]


class _Namer:
    """Ids from identities; the same identity again (a template line in a loop showing the same data) gets
    its order among those only, so that other content never renames it."""

    def __init__(self) -> None:
        self.seen: dict[str, int] = {}

    def __call__(self, prefix: str, identity: str) -> str:
        base = prefix + _digest(identity)
        n = self.seen.get(base, 0) + 1
        self.seen[base] = n
        return base if n == 1 else f"{base}-{n}"


def _runs_ids(runs: list[Run], owner: str, name: _Namer) -> None:
    for r in runs:
        if isinstance(r, FigureRun):
            r.id = name("f", f"{r.figure}|{r.scope}|{owner}")


def assign_ids(blocks: list[Block]) -> None:
    """Give every block, list item, table cell and figure its id (see the module's note)."""
    name = _Namer()
    for b in blocks:
        b.id = name("b", b.source.identity)
        if isinstance(b, Heading | Paragraph):
            _runs_ids(b.runs, b.source.identity, name)
        elif isinstance(b, ListBlock):
            for item in b.items:
                item.id = name("b", item.source.identity)
                _runs_ids(item.runs, item.source.identity, name)
        elif isinstance(b, Table):
            _runs_ids(b.caption, b.source.identity, name)
            for row in b.head + b.body:
                first = row[0].text if row else ""
                col = 0
                for cell in row:
                    row_key = cell.source.key or cell.source.origin_key or first
                    identity = f"{b.source.identity}|{cell.source.place}|{row_key}|{col}"
                    cell.id = name("c", identity)
                    _runs_ids(cell.runs, identity, name)
                    col += cell.colspan
        elif isinstance(b, Chart):  # its figures are its table's, named there
            _runs_ids(b.caption, b.source.identity, name)
        elif isinstance(b, TableOfContents):
            _runs_ids(b.title, b.source.identity, name)
