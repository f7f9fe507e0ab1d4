"""Charts in the Word body: the numbered caption (a SEQ Figure field, as Word's own captions), the native chart
below it (writers/charts/docx.py makes its part and workbook), and the list of figures after the contents (a
TOC field over the Figure captions, filled in so that it reads right before Word updates it)."""

from __future__ import annotations

from ...config import Settings
from ...model.document import FIGURE_LABEL, FIGURES_TITLE, Chart, Run
from ..charts.docx import ChartParts
from ._ooxml import el, qn
from .fields import FigureList, field


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
