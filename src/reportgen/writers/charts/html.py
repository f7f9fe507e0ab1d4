"""A chart as HTML boxes for the PDF: WeasyPrint lays Lao out right in HTML text but not inside SVG (each mark
on its own: Kozea/WeasyPrint#2249), so the labels are text and the bars are boxes, and the PDF's text layer reads
every label and figure exactly.

Each category is a row: its label at the left (wrapped, never cut), then one bar per series, each followed by
its figure as the data table prints it ("12", "12*", "–"). A figure nobody reported has no bar: a dashed empty
box and "ບໍ່ໄດ້ລາຍງານ" instead, and its category says so as in Word. Lengths: the largest figure's bar takes
BAR_ROOM of the room beside the labels, as in Word.
"""

from __future__ import annotations

from markupsafe import escape

from ...model.document import FIGURE_LABEL, FIGURES_TITLE, NOT_REPORTED, Chart, Document
from ..html.linebreak import for_pdf
from .style import BAR_ROOM, series_style


def _text(value: str) -> str:
    return str(escape(for_pdf(value)))


def _width(value: int, largest: int) -> str:
    return f"{value / largest * BAR_ROOM * 100:.2f}%" if largest else "0%"


def chart_html(chart: Chart, caption_html: str) -> str:
    """The chart's figure: numbered caption, legend, then the bars (the data table follows as its own block)."""
    ident = f' id="{escape(chart.id)}"' if chart.id else ""
    out = [f'<figure class="chart"{ident} data-kind="{escape(chart.kind)}">',
           f'<figcaption>{escape(FIGURE_LABEL)} {chart.number}: {caption_html}</figcaption>']
    keys = []
    for s, name in enumerate(chart.series):
        keys.append(f'<span class="chart-key"><span class="chart-swatch" style="background: '
                    f'{series_style(s).background}"></span>{_text(name)}</span>')
    out.append(f'<p class="chart-legend">{" ".join(keys)}</p>')
    largest = chart.largest
    for i in range(len(chart.categories)):
        bars = []
        for s, v in enumerate(chart.values[i]):
            if v.value is None:
                bars.append(f'<div class="chart-bar chart-missing" data-series="{s}"><span class="chart-gap"></span>'
                            f'<span class="chart-value">{_text(NOT_REPORTED)}</span></div>')
                continue
            bars.append(f'<div class="chart-bar" data-series="{s}" data-value="{v.value}">'
                        f'<span class="chart-box" style="width: {_width(v.value, largest)}; background: '
                        f'{series_style(s).background}"></span><span class="chart-value">{escape(v.text)}</span></div>')
        out.append(f'<div class="chart-row"><div class="chart-category">{_text(chart.category_label(i))}</div>'
                   f'<div class="chart-bars">{"".join(bars)}</div></div>')
    out.append("</figure>")
    return "".join(out)


def figure_list_html(doc: Document) -> str:
    """The list of figures after the contents: each caption, a link to its chart, and its page."""
    items = "".join(f'<li class="toc2"><a href="#{escape(c.id)}">{escape(FIGURE_LABEL)} {c.number}: '
                    f"{_text(c.caption_text)}</a></li>" for c in doc.charts())
    return f'<nav class="toc figures"><p class="toc-title">{escape(FIGURES_TITLE)}</p><ul>{items}</ul></nav>'

