"""The two header rows (Lao, then English) every table reportgen writes to Excel starts with."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Protocol

from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from .forms import FONT

HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")


class Column(Protocol):
    lo: str
    en: str
    width: float


def write_headers(ws, cols: Iterable[Column]) -> None:
    """Rows 1 and 2: each column's Lao and English names, bold on a light fill; the column widths."""
    bold = Font(name=FONT, bold=True)
    for j, c in enumerate(cols, start=1):
        for i, text in ((1, c.lo), (2, c.en)):
            cell = ws.cell(i, j, text)
            cell.font = bold
            cell.fill = HEADER_FILL
            cell.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")
        ws.column_dimensions[get_column_letter(j)].width = c.width
