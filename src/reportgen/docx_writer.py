"""Document → DOCX (python-docx + lxml). Styles come from docx_styles; runs carry only bold and text.

Tables are built as XML rows directly: python-docx's `table.cell(r, c)` walks the whole grid on each
call, which made a 200×8 table take a minute.
"""

from __future__ import annotations

import datetime as dt
import io

import docx
from docx.enum.section import WD_ORIENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm

from ._zipfile import fixed_zip_times
from .config import Settings
from .document import CAPTION_LABEL, Document, Heading, ListBlock, PageBreak, Paragraph, Run, Table
from .docx_styles import STYLE_FOR, apply_styles

_TEXT_WIDTH_TWIPS = int((21.0 - 2.5 - 2.0) / 2.54 * 1440)


def _el(tag: str, **attrs) -> OxmlElement:
    el = OxmlElement(tag)
    for k, v in attrs.items():
        el.set(qn(f"w:{k}"), str(v))
    return el


def _add_runs(p_el, runs: list[Run]) -> None:
    for r in runs:
        run = _el("w:r")
        if r.bold:
            rpr = _el("w:rPr")
            rpr.append(_el("w:b"))
            rpr.append(_el("w:bCs"))
            run.append(rpr)
        t = _el("w:t")
        t.text = r.text
        t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
        run.append(t)
        p_el.append(run)


def _para(body, style_id: str, runs: list[Run], align: str | None = None, page_break: bool = False):
    p = _el("w:p")
    ppr = _el("w:pPr")
    ppr.append(_el("w:pStyle", val=style_id))
    if page_break:
        ppr.append(_el("w:pageBreakBefore"))
    if align:
        ppr.append(_el("w:jc", val=align))
    p.append(ppr)
    _add_runs(p, runs)
    body.append(p)
    return p


def _field(p_el, instr: str, result: str) -> None:
    """A simple field (PAGE, NUMPAGES, SEQ) with a cached result shown before Word updates it."""
    fld = _el("w:fldSimple", instr=instr)
    r = _el("w:r")
    t = _el("w:t")
    t.text = result
    r.append(t)
    fld.append(r)
    p_el.append(fld)


class _Writer:
    def __init__(self, doc: Document, settings: Settings):
        self.doc = doc
        self.settings = settings
        self.d = docx.Document()
        apply_styles(self.d, settings.docx_font, settings.font_size)
        self.body = self.d.element.body
        self.sect = self.body.find(qn("w:sectPr"))
        self.ids = {s.name: s.style_id for s in self.d.styles}
        self.pending_break = False

    def style(self, name: str) -> str:
        return self.ids[name]

    def add(self, el) -> None:
        self.sect.addprevious(el)

    def paragraph(self, name: str, runs: list[Run], align: str | None = None):
        holder = _el("w:body")
        p = _para(holder, self.style(name), runs, align, self.pending_break)
        self.pending_break = False
        self.add(p)
        return p

    def write(self) -> bytes:
        self._page_setup()
        for b in self.doc.blocks:
            if isinstance(b, PageBreak):
                self.pending_break = True
            elif isinstance(b, Heading):
                runs = ([Run(b.number + " ")] if b.number else []) + b.runs
                self.paragraph(f"Heading {b.level}", runs)
            elif isinstance(b, Paragraph):
                align = {"center": "center", "right": "right"}.get(b.style)
                self.paragraph(STYLE_FOR.get(b.style, "Normal"), b.runs, align)
            elif isinstance(b, ListBlock):
                name = "List Number" if b.ordered else "List Bullet"
                for item in b.items:
                    self.paragraph(name, item.runs)
            elif isinstance(b, Table):
                self.table(b)
        self._properties()
        buf = io.BytesIO()
        self.d.save(buf)
        return fixed_zip_times(buf.getvalue())

    def table(self, t: Table) -> None:
        if t.caption:
            p = self.paragraph("Caption", [Run(CAPTION_LABEL + " ")])
            _field(p, " SEQ Table \\* ARABIC ", str(t.number))
            _add_runs(p, [Run(": ")] + t.caption)
        ncols = t.columns
        widths = t.widths if len(t.widths) == ncols else [1.0] * ncols
        total = sum(widths)
        twips = [int(_TEXT_WIDTH_TWIPS * w / total) for w in widths]
        tbl = _el("w:tbl")
        tpr = _el("w:tblPr")
        tpr.append(_el("w:tblStyle", val=self.style("Table Grid")))
        tpr.append(_el("w:tblW", w=sum(twips), type="dxa"))
        tpr.append(_el("w:tblLayout", type="fixed"))
        tbl.append(tpr)
        grid = _el("w:tblGrid")
        for w in twips:
            grid.append(_el("w:gridCol", w=w))
        tbl.append(grid)
        text_id, head_id = self.style("Table Text"), self.style("Table Heading")
        for row in t.head:
            tbl.append(self._row(row, twips, head_id, header=True))
        for i, row in enumerate(t.body):
            tbl.append(self._row(row, twips, text_id, total=i in t.total_rows))
        self.add(tbl)
        if t.note:
            self.paragraph("Note", t.note)
        else:
            self.add(_para(_el("w:body"), self.style("Table Text"), []))  # Word needs a paragraph between tables

    def _row(self, cells, twips: list[int], style_id: str, header: bool = False, total: bool = False):
        tr = _el("w:tr")
        trpr = _el("w:trPr")
        trpr.append(_el("w:cantSplit"))
        if header:
            trpr.append(_el("w:tblHeader"))
        tr.append(trpr)
        col = 0
        for c in cells:
            tc = _el("w:tc")
            tcpr = _el("w:tcPr")
            width = sum(twips[col:col + c.colspan])
            tcpr.append(_el("w:tcW", w=width, type="dxa"))
            if c.colspan > 1:
                tcpr.append(_el("w:gridSpan", val=c.colspan))
            if header or total:
                tcpr.append(_el("w:shd", val="clear", color="auto", fill="DFE9F5" if header else "F1F1F1"))
            if header:
                tcpr.append(_el("w:vAlign", val="center"))
            tc.append(tcpr)
            runs = [Run(r.text, r.bold or total, r.name) for r in c.runs]
            _para(tc, style_id, runs, "right" if c.numeric and not header else None)
            tr.append(tc)
            col += c.colspan
        return tr

    def _page_setup(self) -> None:
        s = self.d.sections[0]
        s.orientation = WD_ORIENT.PORTRAIT
        s.page_width, s.page_height = Cm(21.0), Cm(29.7)
        s.left_margin, s.right_margin = Cm(2.5), Cm(2.0)
        s.top_margin, s.bottom_margin = Cm(2.2), Cm(2.2)
        footer = s.footer.paragraphs[0]
        footer.style = self.d.styles["Footer"]
        _add_runs(footer._p, [Run("ໜ້າ ")])
        _field(footer._p, " PAGE ", "1")
        _add_runs(footer._p, [Run(" / ")])
        _field(footer._p, " NUMPAGES ", "1")

    def _properties(self) -> None:
        m = self.doc.meta
        cp = self.d.core_properties
        cp.title = m.title
        cp.subject = m.subject
        cp.author = m.author
        cp.last_modified_by = m.author
        cp.language = m.language
        cp.keywords = "ການຄ້າມະນຸດ; anti-human trafficking; reportgen"
        cp.comments = "ຂໍ້ມູນຕົວຢ່າງ — sample data" if m.sample else ""
        when = dt.datetime.combine(m.date, dt.time(8, 0))
        cp.created = when
        cp.modified = when
        cp.revision = 1


def write_docx(doc: Document, settings: Settings) -> bytes:
    """The report as DOCX bytes."""
    return _Writer(doc, settings).write()

