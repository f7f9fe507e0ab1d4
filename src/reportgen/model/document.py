"""The document model both writers render: headings, paragraphs, lists and tables, with their sources."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Source:
    """Where a block came from: a narrative template line and, where it was built from one, a workbook place."""

    template: str = ""
    line: int = 0
    origin: str = ""  # e.g. "inputs/LA-XA.xlsx › 2 ຜົນງານ › ແຖວ/row 7", or a sheet for a table of totals

    def __str__(self) -> str:
        parts = [f"{self.template}:{self.line}" if self.template else "", self.origin]
        return " | ".join(p for p in parts if p)


@dataclass
class Run:
    text: str
    bold: bool = False
    name: bool = False  # a person's or place's name: never broken across lines


@dataclass
class Paragraph:
    runs: list[Run]
    style: str = "body"  # body, center, right, nation, motto, issuer, number, date, title, subtitle, sample, signature, note
    source: Source = field(default_factory=Source)
    remarks: list[str] = field(default_factory=list)  # data warnings for reviewers (Word comments)

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
    remarks: list[str] = field(default_factory=list)

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


@dataclass
class Cell:
    runs: list[Run]
    header: bool = False
    numeric: bool = False
    colspan: int = 1
    rowspan: int = 1
    remarks: list[str] = field(default_factory=list)

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
    remarks: list[str] = field(default_factory=list)  # about the table as a whole (on its caption)

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


@dataclass
class PageBreak:
    source: Source = field(default_factory=Source)


Block = Heading | Paragraph | ListBlock | Table | PageBreak | TableOfContents


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


CAPTION_LABEL = "ຕາຕະລາງ"  # "Table" — captions read "ຕາຕະລາງ 3: …"

_ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII")


def number_blocks(blocks: list[Block]) -> None:
    """Number headings in the Lao report style (I., 1., 1.1) and tables (1, 2, …) in reading order."""
    counters = [0, 0, 0]
    tables = 0
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
        elif isinstance(b, Table):
            tables += 1
            b.number = tables
