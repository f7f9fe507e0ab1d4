"""The first sheet of a return copy: every problem of the workbook, each with a link to its cell, readable on
screen and on paper (Lao font, wrapped text, landscape, fitted to the page's width)."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from xml.sax.saxutils import escape, quoteattr

from lxml import etree

from ._marks import Mark, text_lines
from ._package import MAIN_NS
from ._workbook import Styles

KEY = "rg:returns"  # in hidden A1: the reader passes over this sheet (see readers/workbook.py), a later copy finds it
MARK = "rg:mark "  # hidden column A: what each comment got, to take it off when the workbook comes back
ERROR_FILL, WARNING_FILL = "FFFFC7CE", "FFFCD5B4"  # light red, light orange: neither is the forms' pale yellow
HEADER_ROW = 6

# B No. · C severity · D sheet · E cell · F problem · G what to do
_WIDTHS = {"A": 3.0, "B": 6.0, "C": 13.0, "D": 25.0, "E": 12.0, "F": 60.0, "G": 52.0}
_LINE_PT = 17.5  # one line of 11-point Phetsarath OT as Excel spaces it (its Windows ascent + descent: 17.2 pt)
_INVALID_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_MAX_CELL_TEXT = 32_767


@dataclass(frozen=True)
class Line:
    """One problem as the list shows it."""

    error: bool
    severity: str  # "ຂໍ້ຜິດພາດ\nerror"
    sheet: str  # the sheet's name, or what stands for the whole workbook
    place: str  # "E5", "ແຖວ/row 7", or what stands for the whole sheet
    link: str  # where the place's link goes ("'6 ສະຖິຕິຄະດີ'!E5"), "" for none
    problem: str  # Lao, new line, English
    fix: str
    link_sheet: bool = False  # the link is on the sheet's name (the place is the whole sheet)


@dataclass(frozen=True)
class Texts:
    title: str
    summary: str
    instructions: tuple[str, ...]  # Lao, English
    headers: tuple[str, str, str, str, str, str]


class _Formats:
    def __init__(self, styles: Styles, font: str):
        regular, bold = styles.font(font, 11), styles.font(font, 11, bold=True)
        box = styles.box()
        self.title = styles.xf(styles.font(font, 16, bold=True), wrap=False, vertical="center")
        self.summary = styles.xf(bold, wrap=False, vertical="center")
        self.note = styles.xf(regular)
        self.header = styles.xf(bold, styles.fill("FFDDEBF7"), box, horizontal="center", vertical="center")
        self.cell = styles.xf(regular, 0, box)
        self.number = styles.xf(regular, 0, box, horizontal="center")
        self.link = styles.xf(styles.font(font, 11, color="FF0563C1", underline=True), 0, box)
        self.error = styles.xf(bold, styles.fill(ERROR_FILL), box)
        self.warning = styles.xf(bold, styles.fill(WARNING_FILL), box)
        self.hidden = styles.xf(regular, wrap=False)


def problems_sheet(styles: Styles, font: str, texts: Texts, lines: list[Line], marks: list[Mark]) -> etree._Element:
    """The list sheet as a worksheet element; its print titles are the header row (see `print_titles`)."""
    f = _Formats(styles, font)
    rows: list[str] = []
    links: list[str] = []
    full = sum(_WIDTHS[c] for c in "BCDEFG")

    def row(n: int, cells: list[str], height: float | None = None, hidden: bool = False) -> None:
        attrs = f' r="{n}"' + (f' ht="{height:g}" customHeight="1"' if height else "") + (' hidden="1"' if hidden else "")
        rows.append(f"<row{attrs}>{''.join(cells)}</row>")

    marks_at = {HEADER_ROW + 1 + i: mark for i, mark in enumerate(marks)}
    row(1, [_text("A1", KEY, f.hidden)], hidden=True)
    row(2, [_text("B2", texts.title, f.title)], height=30)
    row(3, [_text("B3", texts.summary, f.summary)], height=22)
    for n, para in ((4, texts.instructions[0]), (5, texts.instructions[1])):
        lines_needed = text_lines(para, int(full * 0.9))
        row(n, [_text(f"B{n}", para, f.note)] + [_blank(f"{c}{n}", f.note) for c in "CDEFG"],
            height=lines_needed * _LINE_PT + 4)
    row(HEADER_ROW, [_text(f"{c}{HEADER_ROW}", h, f.header) for c, h in zip("BCDEFG", texts.headers, strict=True)],
        height=2 * _LINE_PT + 4)
    last = HEADER_ROW
    for i, line in enumerate(lines, start=1):
        n = HEADER_ROW + i
        cells = []
        if n in marks_at:
            cells.append(_text(f"A{n}", MARK + _mark_json(marks_at[n]), f.hidden))
        cells += [_number(f"B{n}", i, f.number), _text(f"C{n}", line.severity, f.error if line.error else f.warning),
                  _text(f"D{n}", line.sheet, f.link if line.link and line.link_sheet else f.cell),
                  _text(f"E{n}", line.place, f.link if line.link and not line.link_sheet else f.cell),
                  _text(f"F{n}", line.problem, f.cell), _text(f"G{n}", line.fix, f.cell)]
        if line.link:
            # LibreOffice shows a linked cell's text on one line: a link goes on a text that fits its column.
            links.append(f'<hyperlink ref="{"D" if line.link_sheet else "E"}{n}" location={quoteattr(clean(line.link))}/>')
        height = max(text_lines(t, _per_line(c)) for c, t in (("C", line.severity), ("D", line.sheet),
                                                              ("E", line.place), ("F", line.problem), ("G", line.fix)))
        row(n, cells, height=height * _LINE_PT + 6)
        last = n
    for n in sorted(k for k in marks_at if k > last):  # more marks than lines cannot happen, but lose none
        row(n, [_text(f"A{n}", MARK + _mark_json(marks_at[n]), f.hidden)])
    cols = "".join(f'<col min="{i}" max="{i}" width="{w:g}" customWidth="1"' + (' hidden="1"/>' if c == "A" else "/>")
                   for i, (c, w) in enumerate(_WIDTHS.items(), start=1))
    xml = (
        f'<worksheet xmlns="{MAIN_NS}" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
        '<sheetPr><tabColor rgb="FFC00000"/><pageSetUpPr fitToPage="1"/></sheetPr>'
        f'<dimension ref="A1:G{max(last, HEADER_ROW)}"/>'
        '<sheetViews><sheetView tabSelected="1" workbookViewId="0" zoomScale="100">'
        f'<pane ySplit="{HEADER_ROW}" topLeftCell="A{HEADER_ROW + 1}" activePane="bottomLeft" state="frozen"/>'
        f'<selection pane="bottomLeft" activeCell="E{HEADER_ROW + 1}" sqref="E{HEADER_ROW + 1}"/>'
        '</sheetView></sheetViews>'
        '<sheetFormatPr defaultRowHeight="20" customHeight="1"/>'
        f"<cols>{cols}</cols><sheetData>{''.join(rows)}</sheetData>"
        '<sheetProtection sheet="1" objects="1" scenarios="1" formatColumns="0" formatRows="0"/>'
        '<mergeCells count="2"><mergeCell ref="B4:G4"/><mergeCell ref="B5:G5"/></mergeCells>'
        + (f'<hyperlinks>{"".join(links)}</hyperlinks>' if links else "")
        + '<printOptions horizontalCentered="1"/>'
        '<pageMargins left="0.4" right="0.4" top="0.5" bottom="0.6" header="0.3" footer="0.3"/>'
        '<pageSetup paperSize="9" orientation="landscape" fitToWidth="1" fitToHeight="0"/>'
        f'<headerFooter><oddFooter>{escape("&L&F › &A&R&P / &N")}</oddFooter></headerFooter>'
        "</worksheet>")
    return etree.fromstring(xml.encode("utf-8"))


def print_titles(sheet_name: str) -> str:
    """The rows repeated at the top of every printed page: the header row."""
    from ._workbook import quote_sheet

    return f"{quote_sheet(sheet_name)}!${HEADER_ROW}:${HEADER_ROW}"


def read_marks(texts: list[tuple[str, str]]) -> list[Mark]:
    """The marks recorded in an earlier copy's list sheet, from its column A cells (ref, text)."""
    out = []
    for ref, text in texts:
        if not (ref.startswith("A") and text.startswith(MARK)):
            continue
        try:
            d = json.loads(text[len(MARK):])
            out.append(Mark(str(d["sheet"]), str(d["cell"]), int(d["length"]), str(d["digest"])))
        except (ValueError, KeyError, TypeError):
            continue
    return out


def _mark_json(mark: Mark) -> str:
    return json.dumps({"sheet": mark.sheet, "cell": mark.cell, "length": mark.length, "digest": mark.digest},
                      ensure_ascii=False, separators=(",", ":"))


def _per_line(column: str) -> int:
    return max(4, int(_WIDTHS[column] * 0.9))


def clean(text: str) -> str:
    return _INVALID_XML.sub("", text)[:_MAX_CELL_TEXT]


def _text(ref: str, text: str, style: int) -> str:
    return (f'<c r="{ref}" s="{style}" t="inlineStr"><is><t xml:space="preserve">{escape(clean(text))}</t></is></c>'
            if text else _blank(ref, style))


def _blank(ref: str, style: int) -> str:
    return f'<c r="{ref}" s="{style}"/>'


def _number(ref: str, value: int, style: int) -> str:
    return f'<c r="{ref}" s="{style}"><v>{value}</v></c>'
