"""What templates print that is more than text — figures, reviewers' remarks, workbook places — kept typed.

A Jinja filter can only hand text to the markup parser. So a filter files the object here and prints a
token that the parser turns back into it: `<fig n="3">12*</fig>` → FigureRun, `<remark n="5"/>` → Remark,
`from="@7"` → the workbook places of a block. Nothing is turned into text and parsed back.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from ..model.document import FigureRun, Remark
from ..model.submission import CellRef

ORIGIN_TOKEN = "@"


@dataclass
class Marks:
    figures: list[FigureRun] = field(default_factory=list)
    remarks: list[Remark] = field(default_factory=list)
    origins: list[tuple[CellRef, ...]] = field(default_factory=list)

    def figure(self, run: FigureRun) -> int:
        self.figures.append(run)
        return len(self.figures) - 1

    def remark(self, remark: Remark) -> int:
        self.remarks.append(remark)
        return len(self.remarks) - 1

    def origin(self, refs: Iterable[CellRef]) -> str:
        self.origins.append(tuple(refs))
        return f"{ORIGIN_TOKEN}{len(self.origins) - 1}"

    def origin_of(self, attr: str) -> tuple[CellRef, ...]:
        """The places behind a `from` attribute: a token from `|origin`, or text a template wrote itself."""
        if attr.startswith(ORIGIN_TOKEN) and attr[1:].isdigit() and int(attr[1:]) < len(self.origins):
            return self.origins[int(attr[1:])]
        return (CellRef(attr),) if attr else ()

