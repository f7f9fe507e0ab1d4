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


def gaps_text(refs: Iterable[CellRef | str]) -> str:
    """Empty cells as one line, grouped by workbook and sheet: "A.xlsx › 7 ຜູ້ຖືກເຄາະຮ້າຍ › F7, G7; B.xlsx"."""
    groups: dict[tuple[str, str], list[str]] = {}
    for r in refs:
        if isinstance(r, str):
            groups.setdefault((r, ""), [])
            continue
        cells = groups.setdefault((r.file, r.sheet), [])
        if r.cell:
            cells.append(r.cell)
    out = []
    for (file, sheet), cells in groups.items():
        if not sheet:
            out.append(file)
        else:
            out.append(f"{file} › {sheet}" + (f" › {', '.join(cells)}" if cells else ""))
    return "; ".join(out)
