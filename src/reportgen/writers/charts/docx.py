"""A chart as a native Word chart: a DrawingML chart part with its data in an embedded workbook, so reviewers can
restyle it or change its data in Word ("Edit Data") and LibreOffice draws it as it is.

The cached values in the chart part are the figures of the chart's data table; a value nobody reported is left
out of the cache and empty in the workbook (a gap, `dispBlanksAs="gap"`), and its category says so in its label.
A figure printed with a mark ("12*", "12!") carries the same text as its bar's label.
"""

from __future__ import annotations

from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.part import Part
from lxml import etree
from openpyxl.utils import get_column_letter

from ...model.document import Chart
from ..xlsx.chart import SHEET, chart_workbook, number_format
from .style import OUTLINE, series_style

C = "http://schemas.openxmlformats.org/drawingml/2006/chart"
A = "http://schemas.openxmlformats.org/drawingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
WP = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
CHART_CT = "application/vnd.openxmlformats-officedocument.drawingml.chart+xml"
XLSX_CT = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
_NS = {"c": C, "a": A, "r": R, "wp": WP, "w": W}

EMU_PER_CM = 360000
BAR_CM = 0.36  # each bar's height in the drawing
GROUP_CM = 0.22  # the room between two categories
FRAME_CM = 1.9  # legend and margins


def _q(name: str) -> str:
    prefix, _, local = name.partition(":")
    return f"{{{_NS[prefix]}}}{local}"


def _e(parent, tag: str, val: object = None, **attrs: object):
    """A child element; `val` is the `val` attribute most chart elements carry."""
    e = etree.SubElement(parent, _q(tag)) if parent is not None else etree.Element(_q(tag), nsmap=_NS)
    if val is not None:
        e.set("val", str(val))
    for k, v in attrs.items():
        e.set(_q(k) if ":" in k else k, str(v))
    return e


def _text_props(parent, font: str, size: float, bold: bool = False) -> None:
    """`c:txPr`: the Lao font in every slot (Lao is a complex script: `a:cs`), like the body's runs."""
    tx = _e(parent, "c:txPr")
    _e(tx, "a:bodyPr")
    _e(tx, "a:lstStyle")
    p = _e(tx, "a:p")
    ppr = _e(p, "a:pPr")
    rpr = _e(ppr, "a:defRPr", sz=int(size * 100), b=int(bold))
    fill = _e(rpr, "a:solidFill")
    _e(fill, "a:srgbClr", "000000")
    for slot in ("a:latin", "a:ea", "a:cs"):
        _e(rpr, slot, typeface=font)
    _e(p, "a:endParaRPr", lang="lo-LA")


def _fill(parent, index: int) -> None:
    """`c:spPr`: the series' fill (solid or a pattern on white) and a dark outline, as style.py says."""
    style = series_style(index)
    sp = _e(parent, "c:spPr")
    if style.pattern:
        patt = _e(sp, "a:pattFill", prst=style.pattern)
        _e(_e(patt, "a:fgClr"), "a:srgbClr", style.colour)
        _e(_e(patt, "a:bgClr"), "a:srgbClr", "FFFFFF")
    else:
        _e(_e(sp, "a:solidFill"), "a:srgbClr", style.colour)
    ln = _e(sp, "a:ln", w=6350)
    _e(_e(ln, "a:solidFill"), "a:srgbClr", OUTLINE)


def _str_ref(parent, ref: str, values: list[str]) -> None:
    sr = _e(parent, "c:strRef")
    _e(sr, "c:f").text = ref
    cache = _e(sr, "c:strCache")
    _e(cache, "c:ptCount", len(values))
    for i, v in enumerate(values):
        _e(_e(cache, "c:pt", idx=i), "c:v").text = v


def chart_xml(chart: Chart, font: str, size: float, separator: str) -> bytes:
    """The chart part (`c:chartSpace`) of a horizontal bar chart: categories top to bottom in the table's order,
    series side by side in the legend's order, each bar labelled with its figure."""
    space = _e(None, "c:chartSpace")
    _e(space, "c:date1904", 0)
    _e(space, "c:lang", "lo-LA")
    _e(space, "c:roundedCorners", 0)
    ch = _e(space, "c:chart")
    _e(ch, "c:autoTitleDeleted", 1)  # the caption above it, numbered by Word, is its title
    plot = _e(ch, "c:plotArea")
    _e(plot, "c:layout")
    bar = _e(plot, "c:barChart")
    _e(bar, "c:barDir", "bar")
    _e(bar, "c:grouping", "clustered")
    _e(bar, "c:varyColors", 0)
    n = len(chart.categories)
    labels = [chart.category_label(i) for i in range(n)]
    fmt = number_format(separator)
    for s, name in enumerate(chart.series):
        col = get_column_letter(s + 2)
        ser = _e(bar, "c:ser")
        _e(ser, "c:idx", s)
        _e(ser, "c:order", s)
        _str_ref(_e(ser, "c:tx"), f"{SHEET}!${col}$1", [name])
        _fill(ser, s)
        _e(ser, "c:invertIfNegative", 0)
        dl = _e(ser, "c:dLbls")
        for i in range(n):
            v = chart.values[i][s]
            if v.value is not None and v.text != _plain(v.value, separator):  # "12*", "12!": the mark stays
                one = _e(dl, "c:dLbl")
                _e(one, "c:idx", i)
                rich = _e(_e(one, "c:tx"), "c:rich")
                _e(rich, "a:bodyPr")
                _e(rich, "a:lstStyle")
                _e(_e(_e(rich, "a:p"), "a:r"), "a:t").text = v.text
                _e(one, "c:dLblPos", "outEnd")
                for flag, on in (("showLegendKey", 0), ("showVal", 1), ("showCatName", 0), ("showSerName", 0),
                                 ("showPercent", 0), ("showBubbleSize", 0)):
                    _e(one, f"c:{flag}", on)
        _e(dl, "c:numFmt", formatCode=fmt, sourceLinked=0)
        _e(dl, "c:spPr")
        _text_props(dl, font, size - 1)
        _e(dl, "c:dLblPos", "outEnd")
        for flag, on in (("showLegendKey", 0), ("showVal", 1), ("showCatName", 0), ("showSerName", 0),
                         ("showPercent", 0), ("showBubbleSize", 0)):
            _e(dl, f"c:{flag}", on)
        _str_ref(_e(ser, "c:cat"), f"{SHEET}!$A$2:$A${n + 1}", labels)
        nr = _e(_e(ser, "c:val"), "c:numRef")
        _e(nr, "c:f").text = f"{SHEET}!${col}$2:${col}${n + 1}"
        cache = _e(nr, "c:numCache")
        _e(cache, "c:formatCode").text = fmt
        _e(cache, "c:ptCount", n)
        for i in range(n):
            v = chart.values[i][s]
            if v.value is not None:  # not reported: no point at all, never a 0
                _e(_e(cache, "c:pt", idx=i), "c:v").text = str(v.value)
    _e(bar, "c:gapWidth", 45)
    _e(bar, "c:axId", 500000001)
    _e(bar, "c:axId", 500000002)
    cat = _e(plot, "c:catAx")
    _e(cat, "c:axId", 500000001)
    _e(_e(cat, "c:scaling"), "c:orientation", "maxMin")  # the first category on top, as in the table
    _e(cat, "c:delete", 0)
    _e(cat, "c:axPos", "l")
    _e(cat, "c:numFmt", formatCode="General", sourceLinked=0)
    _e(cat, "c:majorTickMark", "none")
    _e(cat, "c:minorTickMark", "none")
    _e(cat, "c:tickLblPos", "nextTo")
    line = _e(_e(cat, "c:spPr"), "a:ln", w=6350)
    _e(_e(line, "a:solidFill"), "a:srgbClr", OUTLINE)
    _text_props(cat, font, size)
    _e(cat, "c:crossAx", 500000002)
    _e(cat, "c:crosses", "autoZero")
    _e(cat, "c:auto", 1)
    _e(cat, "c:lblAlgn", "ctr")
    _e(cat, "c:lblOffset", 100)
    _e(cat, "c:noMultiLvlLbl", 1)
    val = _e(plot, "c:valAx")
    _e(val, "c:axId", 500000002)
    scaling = _e(val, "c:scaling")
    _e(scaling, "c:orientation", "minMax")
    _e(scaling, "c:max", _room(chart.largest))
    _e(scaling, "c:min", 0)
    _e(val, "c:delete", 1)  # each bar says its figure: no scale to read against
    _e(val, "c:axPos", "b")
    _e(val, "c:numFmt", formatCode=fmt, sourceLinked=0)
    _e(val, "c:majorTickMark", "none")
    _e(val, "c:minorTickMark", "none")
    _e(val, "c:tickLblPos", "nextTo")
    _e(val, "c:crossAx", 500000001)
    _e(val, "c:crosses", "max")
    _e(val, "c:crossBetween", "between")
    legend = _e(ch, "c:legend")
    _e(legend, "c:legendPos", "t")
    _e(legend, "c:overlay", 0)
    _text_props(legend, font, size)
    _e(ch, "c:plotVisOnly", 1)
    _e(ch, "c:dispBlanksAs", "gap")
    frame = _e(space, "c:spPr")
    _e(frame, "a:noFill")
    _e(_e(frame, "a:ln"), "a:noFill")
    _text_props(space, font, size)
    ext = _e(space, "c:externalData", **{"r:id": "rId1"})
    _e(ext, "c:autoUpdate", 0)
    return etree.tostring(space, xml_declaration=True, encoding="UTF-8", standalone=True)


def _plain(value: int, separator: str) -> str:
    from ..._format import fmt_int

    return fmt_int(value, separator)


def _room(largest: int) -> int:
    """The value axis' end: the longest bar takes 80% of the plot, its label the rest (as in the PDF)."""
    return max(1, round(largest / 0.80 + 0.5))


def height_cm(chart: Chart) -> float:
    bars = len(chart.categories) * len(chart.series)
    return round(min(21.0, FRAME_CM + bars * BAR_CM + len(chart.categories) * GROUP_CM), 2)


class ChartParts:
    """Adds charts to a python-docx document: each a chart part with its workbook, and the drawing that shows it."""

    def __init__(self, document, font: str, size: float, year: int, separator: str):
        self.d = document
        self.font, self.size, self.year, self.separator = font, size, year, separator
        self.count = 0

    def drawing(self, chart: Chart, width_cm: float):
        """A `w:r` holding the chart, `width_cm` wide, its description (alt text) the caption and its series."""
        package = self.d.part.package
        part = Part(package.next_partname("/word/charts/chart%d.xml"), CHART_CT,
                    chart_xml(chart, self.font, self.size, self.separator), package)
        book = Part(package.next_partname("/word/embeddings/Microsoft_Excel_Worksheet%d.xlsx"), XLSX_CT,
                    chart_workbook(chart, self.year, self.separator), package)
        part.relate_to(book, RT.PACKAGE)
        rid = self.d.part.relate_to(part, RT.CHART)
        self.count += 1
        cx, cy = int(width_cm * EMU_PER_CM), int(height_cm(chart) * EMU_PER_CM)
        r = etree.Element(_q("w:r"), nsmap={"w": W})
        inline = _e(_e(r, "w:drawing"), "wp:inline", distT=0, distB=0, distL=0, distR=0)
        _e(inline, "wp:extent", cx=cx, cy=cy)
        _e(inline, "wp:effectExtent", l=0, t=0, r=0, b=0)
        descr = f"{chart.caption_text} — {', '.join(chart.series)}"
        _e(inline, "wp:docPr", id=self.count, name=f"Chart {self.count}", descr=descr)
        _e(inline, "wp:cNvGraphicFramePr")
        data = _e(_e(inline, "a:graphic"), "a:graphicData", uri=C)
        _e(data, "c:chart", **{"r:id": rid})
        return r
