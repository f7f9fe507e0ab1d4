"""Blocks → body XML: headings, paragraphs, lists, tables, page breaks and the contents, by one dispatch table.

Tables are built as XML rows directly: python-docx's `table.cell(r, c)` walks the whole grid on each call,
which made a 200×8 table take a minute.
"""

from __future__ import annotations

from dataclasses import replace

from ...config import PageSetup
from ...model.document import (
    CAPTION_LABELS,
    Cell,
    Chart,
    FigureRun,
    Heading,
    ListBlock,
    PageBreak,
    Paragraph,
    Run,
    Table,
    TableOfContents,
)
from .._blocks import branch, held_rows
from ._ooxml import PPR_ORDER, el, insert_in_order, qn, run
from .charts import ChartBody
from .fields import Contents, field
from .nobreak import unbreakable
from .numbering import Numbering, num_pr
from .page import twips
from .pages import Pages
from .review import ReviewMarks
from .styles import FIGURE_STYLE, LAO_STYLE, STYLE_FOR

_ALIGN = {"center": "center", "right": "right"}


class Body:
    """Writes blocks before the document's final section, keeping what spans blocks: a page break waiting for
    the next paragraph, the numbering of lists, the contents waiting for the headings."""

    def __init__(self, document, marks: ReviewMarks, page: PageSetup, words: str = "lo"):
        self.d = document  # python-docx Document
        self.words = words  # the document's language, for the words around the content (model.document.words_for)
        self.marks = marks
        self.page = page
        self.sect = document.element.body.find(qn("w:sectPr"))
        self.ids = {s.name: s.style_id for s in document.styles}
        self.numbering = Numbering(document)
        self.contents = Contents(self.style)
        self.pending_break = False
        self.charts: ChartBody | None = None  # set by write_docx: the chart parts and the list of figures
        self.branches = {
            Heading: self.heading,
            Paragraph: self.paragraph,
            ListBlock: self.list,
            Table: self.table,
            Chart: self.chart,
            PageBreak: self.page_break,
            TableOfContents: self.toc,
        }

    def write(self, blocks, pages: Pages | None = None) -> None:
        for b in blocks:
            branch(self.branches, b, "DOCX")(b)
        self.contents.fill(pages.headings if pages else None)
        if self.charts is not None:
            self.charts.figures.fill(pages.figures if pages else None)

    def style(self, name: str) -> str:
        return self.ids[name]

    # ---- paragraphs and runs ----------------------------------------------------------------------------

    def runs(self, parent, runs: list[Run]) -> list:
        """Append `runs` to `parent`; a figure in its character style and inside a bookmark named from its id."""
        added = []
        for r in runs:
            figure = isinstance(r, FigureRun)
            quoted = r.lang == "lo" and self.words != "lo" and LAO_STYLE in self.ids  # Lao quoted in English
            w_r = run(unbreakable(r.text) if r.name else r.text, r.bold, self.style(FIGURE_STYLE) if figure else self.style(LAO_STYLE) if quoted else None)
            parent.append(w_r)
            if figure:
                self.marks.around(w_r, w_r, r.id)
            added.append(w_r)
        return added

    def p(self, style: str, runs: list[Run], align: str | None = None, num: tuple[int, int] | None = None):
        """A paragraph in `style`, placed at the end of the body; returns (w:p, its runs)."""
        p = el("w:p")
        ppr = el("w:pPr")
        ppr.append(el("w:pStyle", val=self.style(style)))
        if self.pending_break:
            ppr.append(el("w:pageBreakBefore"))
            self.pending_break = False
        if num is not None:
            ppr.append(num_pr(*num))
        if align:
            ppr.append(el("w:jc", val=align))
        p.append(ppr)
        added = self.runs(p, runs)
        self.sect.addprevious(p)
        return p, added

    def marked(self, style: str, block, align: str | None = None, num: tuple[int, int] | None = None):
        """A paragraph for a block (or list item) with runs: its bookmark, source and comments."""
        p, added = self.p(style, block.runs, align, num)
        self.marks.block(p, p, block.id, block.source)
        self.marks.comment(added, block.remarks)
        return p

    # ---- blocks ---------------------------------------------------------------------------------------

    def heading(self, b: Heading) -> None:
        p = self.marked(f"Heading {b.level}", b, num=None if b.numbered else (0, 0))
        self.contents.heading(b, p)

    def paragraph(self, b: Paragraph) -> None:
        p = self.marked(STYLE_FOR.get(b.style, "Normal"), b, _ALIGN.get(b.style))
        if b.style == "signature":  # never alone on a page: the last lines of text come with it
            before = p.getprevious()
            while before is not None and before.tag != qn("w:p"):
                before = before.getprevious()
            if before is not None:
                insert_in_order(before.find(qn("w:pPr")), el("w:keepNext"), PPR_ORDER)
        if b.style == "motto":  # the rule under it, as the PDF draws it (report.css p.motto::after)
            self.p("Motto Rule", [])

    def list(self, b: ListBlock) -> None:
        style = "List Number" if b.ordered else "List Bullet"
        num_id = self.numbering.restarted_list() if b.ordered else None
        paras = [self.marked(style, item, num=None if num_id is None else (num_id, 0)) for item in b.items]
        if paras:
            self.marks.block(paras[0], paras[-1], b.id, b.source)

    def page_break(self, b: PageBreak) -> None:
        self.pending_break = True

    def toc(self, b: TableOfContents) -> None:
        p, _ = self.p("TOC Heading", b.title)
        self.marks.block(p, p, b.id, b.source)
        self.sect.addprevious(self.contents.placeholder())
        if self.charts is not None:
            self.charts.list_of_figures(self)

    def chart(self, b: Chart) -> None:
        if self.charts is None:
            raise TypeError("a document with charts needs write_docx's ChartBody")
        self.charts.chart(self, b)

    def table(self, t: Table) -> None:
        if t.caption:
            p, _ = self.p("Caption", [Run(CAPTION_LABELS[self.words] + " ")])
            field(p, " SEQ Table \\* ARABIC ", str(t.number))
            added = self.runs(p, [Run(": "), *t.caption])
            self.marks.block(p, p, t.id, t.source)
            self.marks.comment(added, t.remarks)
        ncols = t.columns
        widths = t.widths if len(t.widths) == ncols else [1.0] * ncols
        total = sum(widths) or 1.0
        text_width = twips(self.page.text_width)
        cols = [int(text_width * w / total) for w in widths]
        tbl = el("w:tbl")
        tpr = el("w:tblPr")
        tpr.append(el("w:tblStyle", val=self.style("Table Grid")))
        tpr.append(el("w:tblW", w=sum(cols), type="dxa"))
        tpr.append(el("w:tblLayout", type="fixed"))
        tbl.append(tpr)
        grid = el("w:tblGrid")
        for w in cols:
            grid.append(el("w:gridCol", w=w))
        tbl.append(grid)
        # Word keeps a row on the page of the next when its paragraphs keep with the next: the heading rows
        # with the first, and each row with a next one a page must not break before (_blocks.held_rows)
        held = held_rows(len(t.body), t.total_rows)
        for row in t.head:
            tbl.append(self.row(row, cols, header=True, keep=bool(t.body)))
        for i, row in enumerate(t.body):
            tbl.append(self.row(row, cols, total=i in t.total_rows, keep=i + 1 in held))
        self.sect.addprevious(tbl)
        if not t.caption:  # bookmark and remarks on the first cell instead
            first = tbl.find(f"{qn('w:tr')}/{qn('w:tc')}/{qn('w:p')}")
            if first is not None:
                self.marks.block(first, first, t.id, t.source)
                if t.remarks:
                    runs = first.findall(qn("w:r"))
                    if not runs:
                        runs = [run("")]
                        first.append(runs[0])
                    self.marks.comment(runs, t.remarks)
        if t.note:
            self.p("Note", t.note)
        else:
            self.p("Table Text", [])  # Word needs a paragraph between two tables

    def row(self, cells: list[Cell], cols: list[int], header: bool = False, total: bool = False, keep: bool = False):
        tr = el("w:tr")
        trpr = el("w:trPr")
        trpr.append(el("w:cantSplit"))
        if header:
            trpr.append(el("w:tblHeader"))
        tr.append(trpr)
        style = self.style("Table Heading" if header else "Table Text")
        col = 0
        for c in cells:
            tc = el("w:tc")
            tcpr = el("w:tcPr")
            tcpr.append(el("w:tcW", w=sum(cols[col:col + c.colspan]), type="dxa"))
            if c.colspan > 1:
                tcpr.append(el("w:gridSpan", val=c.colspan))
            if header or total:
                tcpr.append(el("w:shd", val="clear", color="auto", fill="DFE9F5" if header else "F1F1F1"))
            if header:
                tcpr.append(el("w:vAlign", val="center"))
            tc.append(tcpr)
            p = el("w:p")
            ppr = el("w:pPr")
            ppr.append(el("w:pStyle", val=style))
            if keep:
                ppr.append(el("w:keepNext"))
            if c.numeric and not header:
                ppr.append(el("w:jc", val="right"))
            p.append(ppr)
            runs = [replace(r, bold=True) if total and not r.bold else r for r in c.runs]
            added = self.runs(p, runs)
            tc.append(p)
            self.marks.comment(added, c.remarks)
            tr.append(tc)
            col += c.colspan
        return tr

