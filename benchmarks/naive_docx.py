"""The baseline DOCX writer: the same Document model written the straightforward python-docx way.

This is the writer one would write first from python-docx's documentation: `add_heading`,
`add_paragraph(style=...)`, `add_run().bold`, and tables made with `add_table(rows, cols)` and filled
through `table.cell(r, c)`. It writes the same text, headings, lists, tables (captions, bold totals,
right-aligned figures, merged cells) and page breaks as reportgen's writer, in python-docx's default
template; it does less than reportgen's writer (no Lao complex-script styles, numbering fields,
contents field, comments or bookmarks), so the comparison favours this baseline.
"""

from __future__ import annotations

import io

import docx
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm, Pt

from reportgen.model.document import CAPTION_LABEL, Document, Heading, ListBlock, PageBreak, Paragraph, Run, Table


def _runs(paragraph, runs: list[Run], bold: bool = False) -> None:
    for r in runs:
        paragraph.add_run(r.text).bold = r.bold or bold


def write_docx_naive(doc: Document, font: str = "Phetsarath OT") -> bytes:
    d = docx.Document()
    d.styles["Normal"].font.name = font
    d.styles["Normal"].font.size = Pt(12)
    section = d.sections[0]
    section.page_width, section.page_height = Cm(21.0), Cm(29.7)
    section.left_margin, section.right_margin = Cm(2.5), Cm(2.0)
    pending_break = False
    for b in doc.blocks:
        if isinstance(b, PageBreak):
            pending_break = True
            continue
        if pending_break:
            d.add_page_break()
            pending_break = False
        if isinstance(b, Heading):
            h = d.add_heading("", level=b.level)
            _runs(h, ([Run(b.number + " ")] if b.number else []) + b.runs)
        elif isinstance(b, Paragraph):
            p = d.add_paragraph()
            _runs(p, b.runs)
            if b.style in ("center", "nation", "motto", "title", "subtitle", "sample"):
                p.alignment = WD_ALIGN_PARAGRAPH.CENTER
            elif b.style in ("right", "date", "signature"):
                p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        elif isinstance(b, ListBlock):
            for item in b.items:
                _runs(d.add_paragraph(style="List Number" if b.ordered else "List Bullet"), item.runs)
        elif isinstance(b, Table):
            _table(d, b)
        elif hasattr(b, "title"):  # the contents: its title only (Word fills a contents field itself)
            _runs(d.add_heading("", level=1), b.title)
    cp = d.core_properties
    cp.title, cp.subject, cp.author, cp.language = doc.meta.title, doc.meta.subject, doc.meta.author, doc.meta.language
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def _table(d, t: Table) -> None:
    if t.caption:
        _runs(d.add_paragraph(style="Caption"), [Run(f"{CAPTION_LABEL} {t.number}: ")] + t.caption)
    rows = t.head + t.body
    table = d.add_table(rows=len(rows), cols=t.columns)
    table.style = "Table Grid"
    for r, row in enumerate(rows):
        header = r < len(t.head)
        total = not header and (r - len(t.head)) in t.total_rows
        c = 0
        for cell in row:
            target = table.cell(r, c)
            if cell.colspan > 1 or cell.rowspan > 1:
                target = target.merge(table.cell(r + cell.rowspan - 1, c + cell.colspan - 1))
            p = target.paragraphs[0]
            _runs(p, cell.runs, bold=header or total)
            if cell.numeric and not header:
                p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            elif header:
                p.alignment = WD_ALIGN_PARAGRAPH.CENTER
            c += cell.colspan
    if t.note:
        _runs(d.add_paragraph(), t.note)
