"""Charts in the Word body: the numbered caption (a SEQ Figure field, as Word's own captions), the native chart
below it (writers/charts/docx.py makes its part and workbook), and the list of figures after the contents (a
TOC field over the Figure captions, filled in so that it reads right before Word updates it)."""

from __future__ import annotations

from ...config import Settings
from ...model.document import FIGURE_LABEL, FIGURES_TITLE, Chart, Run
from ..charts.docx import ChartParts
from ._ooxml import el, qn, run
from .fields import field, field_end, field_start

_FIGURE_BOOKMARK_IDS = 200000  # apart from the review bookmarks' and the contents' ids


class FigureList:
    """The list of figures: a placeholder where it stands, filled with every chart's caption once all are written."""

    def __init__(self, style_id):
        self.style_id = style_id
        self.anchor = None
        self.entries: list[tuple[str, str]] = []  # (caption as printed, its bookmark)

    def placeholder(self):
        self.anchor = el("w:p")
        return self.anchor

    def caption(self, text: str, p_el) -> None:
        n = len(self.entries) + 1
        name = f"_Fig{n:06d}"
        p_el.find(qn("w:pPr")).addnext(el("w:bookmarkStart", id=_FIGURE_BOOKMARK_IDS + n, name=name))
        p_el.append(el("w:bookmarkEnd", id=_FIGURE_BOOKMARK_IDS + n))
        self.entries.append((text, name))

    def fill(self) -> None:
        if self.anchor is None:
            return
        paras = []
        for i, (text, bm) in enumerate(self.entries or [("", "")]):
            p = el("w:p")
            ppr = el("w:pPr")
            ppr.append(el("w:pStyle", val=self.style_id("toc 2")))
            p.append(ppr)
            if i == 0:
                field_start(p, ' TOC \\h \\z \\c "Figure" ', dirty=True)
            if bm:
                link = el("w:hyperlink", anchor=bm, history="1")
                link.append(run(text))
                tab = el("w:r")
                tab.append(el("w:tab"))
                link.append(tab)
                field(link, f" PAGEREF {bm} \\h ", "")
                p.append(link)
            paras.append(p)
        field_end(paras[-1])
        for p in paras:
            self.anchor.addprevious(p)
        self.anchor.getparent().remove(self.anchor)
        self.anchor = None


class ChartBody:
    """What the Word body needs for charts: their parts, and the list of figures."""

    def __init__(self, document, settings: Settings, year: int):
        self.parts = ChartParts(document, settings.docx_font, settings.font_size - 2, year,
                                settings.thousands_separator)
        self.figures = FigureList(lambda name: {s.name: s.style_id for s in document.styles}[name])

    def list_of_figures(self, body) -> None:
        """After the contents: its title, and the list (filled at the end)."""
        body.p("TOC Heading", [Run(FIGURES_TITLE)])
        body.sect.addprevious(self.figures.placeholder())

    def chart(self, body, b: Chart) -> None:
        p, _ = body.p("Caption", [Run(FIGURE_LABEL + " ")])
        field(p, " SEQ Figure \\* ARABIC ", str(b.number))
        added = body.runs(p, [Run(": "), *b.caption])
        body.marks.block(p, p, b.id, b.source)
        body.marks.comment(added, b.remarks)
        self.figures.caption(f"{FIGURE_LABEL} {b.number}: {b.caption_text}", p)
        drawing, _ = body.p("Normal", [], align="center")
        drawing.find(f"{qn('w:pPr')}/{qn('w:pStyle')}").addnext(el("w:keepNext"))  # the chart stays with its data table
        drawing.append(self.parts.drawing(b, body.page.text_width))
