"""How a form prints: each sheet's page setup, and row heights that show all of a label's text.

Excel does not fit the height of a row to merged cells, and a row's height is only fitted when someone
edits it; LibreOffice fits rows when it opens a file, but not merged cells either. So every row of fixed
text (titles, notes, headings, labels, instructions) gets the height its wrapped text needs, worked out
from the font's own widths (`_phetsarath.py`). Lao lines are taller than Latin ones (Phetsarath OT's line
is 1.56 em), and the estimate breaks lines at spaces only — the way Excel breaks Lao — so it errs on the
side of a little blank space, never of cut text.
"""

from __future__ import annotations

import math
from collections.abc import Iterable

from openpyxl.utils import get_column_letter
from openpyxl.worksheet.page import PageMargins

from . import _phetsarath as metrics

FONT = "Phetsarath OT"
NORMAL_SIZE = 11  # the workbook's Normal font, which sets Excel's unit of column width
_PX_PER_PT = 96 / 72
_CELL_PADDING_PX = 7  # Excel leaves 2–3 px either side of a cell's text, plus the grid line
_BOLD = 1.06  # Phetsarath OT has no bold face: both applications thicken the regular one, a little wider
_SAFETY = 0.95  # of the cell's width: rounding in the applications, kerning, another Lao font standing in
_UNKNOWN = metrics.UNITS_PER_EM  # a character not in the table counts as one em, wider than any there

# A4 in points, and the margins (inches) every sheet prints with.
_A4 = (595.3, 841.9)
MARGINS = PageMargins(left=0.4, right=0.4, top=0.5, bottom=0.6, header=0.25, footer=0.3)
#: The smallest scale at which a sheet still prints portrait; a wider one turns to landscape.
_PORTRAIT_MIN_SCALE = 0.85


def digit_px() -> int:
    """Excel's unit of column width: the widest digit of the Normal font, in pixels."""
    return round(metrics.DIGIT / metrics.UNITS_PER_EM * NORMAL_SIZE * _PX_PER_PT)


def column_px(width: float) -> int:
    """The width in pixels of a column `width` characters wide (Excel's formula, ECMA-376 §18.3.1.13)."""
    d = digit_px()
    return int((256 * width + int(128 / d)) / 256 * d)


def text_px(text: str, size: float, bold: bool = False) -> float:
    units = sum(metrics.ADVANCE.get(ch, _UNKNOWN) for ch in text)
    return units / metrics.UNITS_PER_EM * size * _PX_PER_PT * (_BOLD if bold else 1)


def line_pt(size: float) -> float:
    return metrics.LINE / metrics.UNITS_PER_EM * size


def wrapped_lines(text: str, width_px: float, size: float, bold: bool = False) -> int:
    """How many lines `text` takes in a wrapped cell `width_px` wide: breaks at spaces and at new lines, and
    inside a word only when the word alone is wider than the cell."""
    room = (width_px - _CELL_PADDING_PX) * _SAFETY
    space = text_px(" ", size, bold)
    n = 0
    for paragraph in text.split("\n"):
        n += 1
        used = 0.0
        for word in paragraph.split(" "):
            w = text_px(word, size, bold)
            if used and used + space + w <= room:
                used += space + w
                continue
            if used:
                n += 1
            while w > room:  # a word wider than the cell is cut wherever it reaches the edge
                n += 1
                w -= room
            used = w
    return n


def row_height(cells: Iterable[tuple[str, float, float, bool]]) -> float:
    """The height (points) of a row showing every one of `cells` whole: (text, width in px, size, bold)."""
    needed = 0.0
    for text, width_px, size, bold in cells:
        if text:
            needed = max(needed, wrapped_lines(text, width_px, size, bold) * line_pt(size))
    # 3 pt of air below the last line; whole pixels (0.75 pt), as Excel stores them.
    return math.ceil((needed + 3) / 0.75) * 0.75


def chars_for(width_px: float) -> float:
    """The column width (characters) in which a line `width_px` wide fits."""
    return (width_px / _SAFETY + _CELL_PADDING_PX) / digit_px()


def columns_px(ws, first: int, last: int) -> float:
    return sum(column_px(ws.column_dimensions[get_column_letter(c)].width) for c in range(first, last + 1))


def fit_rows(ws, rows: Iterable[int], last_col: int) -> None:
    """Give each of `rows` the height its fixed text needs (columns B to `last_col`; a merged cell counts its
    whole width). Cells a committee types in (unlocked) are left out: their rows' heights never depend on
    what a form was pre-filled with, and a row nobody labelled keeps the height the application gives it."""
    spans = {(r.min_row, r.min_col): r.max_col for r in ws.merged_cells.ranges}
    for row in rows:
        cells = []
        for col in range(2, last_col + 1):
            cell = ws._cells.get((row, col))  # the cells that exist (ws.cell would make the others)
            if cell is None or not isinstance(cell.value, str) or not cell.value or not cell.protection.locked:
                continue
            width = columns_px(ws, col, spans.get((row, col), col))
            size, bold = cell.font.sz or NORMAL_SIZE, bool(cell.font.b)
            text = cell.value if cell.alignment.wrap_text else cell.value.split("\n")[0]
            cells.append((text, width if cell.alignment.wrap_text else math.inf, size, bold))
        if cells:
            ws.row_dimensions[row].height = row_height(cells)


#: The instructions' one column: as wide as a portrait page, so that they print at full size.
INSTRUCTIONS_WIDTH = math.floor(((_A4[0] - (MARGINS.left + MARGINS.right) * 72) * _PX_PER_PT - 5) / digit_px())


def page_setup(ws, last_col: int, last_row: int, title_row: int | None = None) -> None:
    """A4, one page wide (as many tall as the sheet needs), portrait unless that would shrink it below
    85 %, centred, the table's heading repeated on every page, and a footer with the sheet and the page."""
    width_pt = columns_px(ws, 2, last_col) / _PX_PER_PT
    margins_pt = (MARGINS.left + MARGINS.right) * 72
    portrait = width_pt * _PORTRAIT_MIN_SCALE <= _A4[0] - margins_pt
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = ws.ORIENTATION_PORTRAIT if portrait else ws.ORIENTATION_LANDSCAPE
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0  # as many pages tall as it takes
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_options.horizontalCentered = True
    ws.page_margins = MARGINS
    ws.print_area = f"B2:{get_column_letter(last_col)}{last_row}"  # not the hidden keys
    if title_row is not None:
        ws.print_title_rows = f"{title_row}:{title_row}"
    for part, text in ((ws.oddFooter.left, "&A"), (ws.oddFooter.right, "&P / &N")):
        part.text = text
        part.font = f"{FONT},Regular"
        part.size = 9
