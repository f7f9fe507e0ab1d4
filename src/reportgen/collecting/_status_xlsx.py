"""status.xlsx: the rows of status.html for Excel — headings in Lao then English, filters, frozen headings,
links to the return files — and a second sheet with the totals, the title and when the check ran."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from urllib.parse import quote

from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from ..messages import text
from ..writers.xlsx._headers import HEADER_FILL, write_headers
from ..writers.xlsx.forms import FONT, lao_workbook, save_bytes
from .status import COLUMNS, TOTAL_COLUMNS, Row, State, Status

ROWS_TITLE = "ຄະນະກຳມະການ Committees"
TOTALS_TITLE = "ລວມ Totals"

_TOP = Alignment(vertical="top")
_WRAP = Alignment(wrap_text=True, vertical="top")
_MISSING_FILL = PatternFill("lightUp", fgColor="E6B8B8", bgColor="FFFFFF")  # hatched, as on the page
_DATE_FORMAT = "YYYY-MM-DD HH:MM"


@dataclass(frozen=True)
class _Heading:
    lo: str
    en: str
    width: float


def _put(ws, row: int, col: int, value, wrap: bool = False):
    """One value; text stays text even when it starts with = (openpyxl would make it a formula)."""
    if value is None or value == "":
        return ws.cell(row, col)
    if isinstance(value, str):
        cell = ws.cell(row, col, ILLEGAL_CHARACTERS_RE.sub("", value))
        if cell.data_type == "f":
            cell.data_type = "s"
    else:
        cell = ws.cell(row, col, value)
    cell.alignment = _WRAP if wrap else _TOP
    return cell


def _local(when: dt.datetime | None) -> dt.datetime | None:
    """Excel has no time zones: the moment in this computer's time, without one."""
    return when.astimezone().replace(tzinfo=None) if when else None


def _values(r: Row) -> list:
    missing = r.state is State.MISSING
    return [r.n, r.name.lo, r.name.en, r.level_label.lo, r.code, f"{r.state.label.lo} / {r.state.label.en}", r.file,
            _local(r.saved), None if missing else r.errors, None if missing else r.warnings, r.complete,
            r.returned.rsplit("/", 1)[-1] if r.returned else "", "\n".join(f"{n.lo} / {n.en}" for n in r.notes)]


def _rows_sheet(ws, status: Status) -> None:
    write_headers(ws, [_Heading(c.label.lo, c.label.en, c.width) for c in COLUMNS])
    keys = [c.key for c in COLUMNS]
    bold = Font(name=FONT, bold=True)
    link_font = Font(name=FONT, color="0563C1", underline="single")
    for i, r in enumerate(status.rows, start=3):
        for j, value in enumerate(_values(r), start=1):
            cell = _put(ws, i, j, value, wrap=keys[j - 1] in ("name", "name_en", "note"))
            key = keys[j - 1]
            if key == "saved" and value is not None:
                cell.number_format = _DATE_FORMAT
            elif key == "complete" and value is not None:
                cell.number_format = "0%"
            elif key == "returned" and r.returned:
                cell.hyperlink = quote(r.returned, safe="/")  # relative: from beside status.xlsx
                cell.font = link_font
            if r.state is State.MISSING:
                cell.fill = _MISSING_FILL
                if key == "state":
                    cell.font = bold
    last = len(status.rows) + 2
    ws.freeze_panes = "C3"
    ws.auto_filter.ref = f"A2:{get_column_letter(len(COLUMNS))}{last}"
    ws.print_title_rows = "1:2"
    _landscape(ws)


def _totals_sheet(ws, status: Status) -> None:
    title = Font(name=FONT, bold=True, size=14)
    t = text("part.status.title", year=status.year or "")
    when = status.checked.astimezone().strftime("%Y-%m-%d %H:%M")
    c = text("part.status.checked", when=when, folder=status.folder)
    lines = [(t.lo, title), (t.en, Font(name=FONT, size=12)), (f"{c.lo} / {c.en}", Font(name=FONT))]
    if status.sample:
        s = text("part.status.sample")
        lines.append((f"{s.lo} / {s.en}", Font(name=FONT, bold=True, color="B00000")))
    for i, (value, font) in enumerate(lines, start=1):
        ws.cell(i, 1, value).font = font
    top = len(lines) + 2
    bold = Font(name=FONT, bold=True)
    for j, col in enumerate(TOTAL_COLUMNS, start=1):
        for k, label in ((0, col.label.lo), (1, col.label.en)):
            cell = ws.cell(top + k, j, label)
            cell.font = bold
            cell.fill = HEADER_FILL
            cell.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")
        ws.column_dimensions[get_column_letter(j)].width = col.width
    for i, tot in enumerate(status.totals, start=top + 2):
        font = bold if tot is status.overall else Font(name=FONT)
        ws.cell(i, 1, f"{tot.label.lo} / {tot.label.en}").font = font
        for j, v in enumerate(tot.values, start=2):
            ws.cell(i, j, v).font = font
    legend = top + len(status.totals) + 3
    width = sum(c.width for c in TOTAL_COLUMNS)
    last = get_column_letter(len(TOTAL_COLUMNS))
    for i, line in enumerate((text("part.status.legend.expected"), text("part.status.legend.saved"),
                              text("part.status.legend.complete"), text("part.status.legend.returned")),
                             start=legend):
        cell = ws.cell(i, 1, f"{line.lo}\n{line.en}")
        cell.font = Font(name=FONT, color="404040")
        cell.alignment = _WRAP
        ws.merge_cells(f"A{i}:{last}{i}")  # one paragraph across the table, wrapped to its width
        ws.row_dimensions[i].height = 16 * (-(-len(line.lo) // int(width * 1.1)) + -(-len(line.en) // int(width)))
    ws.row_dimensions[top].height = ws.row_dimensions[top + 1].height = 32
    _landscape(ws)


def _landscape(ws) -> None:
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True


def write_status_xlsx(status: Status) -> bytes:
    wb = lao_workbook()
    ws = wb.active
    ws.title = ROWS_TITLE
    _rows_sheet(ws, status)
    _totals_sheet(wb.create_sheet(TOTALS_TITLE), status)
    wb.properties.creator = "reportgen"
    wb.properties.title = text("part.status.title", year=status.year or "").lo
    wb.properties.created = status.checked.astimezone(dt.UTC).replace(tzinfo=None)
    return save_bytes(wb)
