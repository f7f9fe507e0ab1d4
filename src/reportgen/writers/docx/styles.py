"""The Word styles of the report, set once in styles.xml so that Lao renders in the Lao font everywhere.

Besides the paragraph styles there is one character style, "Figure", on every figure printed from the data:
it changes nothing in print, and lets a reviewed file show (and a later step find) which numbers came from
the workbooks.

Lao is a complex script in Word: its font, size, bold and language come from `w:rFonts/@w:cs`,
`w:szCs`, `w:bCs` and `w:lang/@w:bidi`. python-docx only sets the Latin slots, so the run properties
are written here with lxml: the same font in all four slots and no theme-font attributes (which would
win over explicit names in some readers), `szCs` = `sz`, `bCs` with every `b`.
"""

from __future__ import annotations

from dataclasses import dataclass

from docx.enum.style import WD_STYLE_TYPE
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from ._ooxml import PPR_ORDER, RPR_ORDER, insert_in_order, sort_children


@dataclass(frozen=True)
class ParaStyle:
    name: str
    size: float  # points
    bold: bool = False
    align: str | None = None  # left, center, right, both
    space_before: float = 0
    space_after: float = 6
    line: float = 1.15  # line spacing multiple
    indent_first: float = 0  # cm
    keep_next: bool = False
    color: str | None = None
    based_on: str = "Normal"
    outline: int | None = None
    indent_left: float = 0  # cm
    indent_right: float = 0  # cm
    tab_right: float | None = None  # cm: a right tab (contents lines: with a dot leader; the masthead's: without)
    leader: bool = True
    style_id: str | None = None  # Word's own id for built-in styles named differently (toc 1 → TOC1)


def paragraph_styles(base: float, text_width: float = 16.5) -> tuple[ParaStyle, ...]:
    """The report's paragraph styles for `base` pt text on a page `text_width` cm wide (right tab stops)."""
    return (
        ParaStyle("Normal", base, space_after=6, line=1.2),
        ParaStyle("Title", base + 4, bold=True, align="center", space_before=12, space_after=18, line=1.2),
        # 16 / 14 / 12 pt with 12 pt text: parts and sections tell apart at a glance (they were 14 / 13)
        ParaStyle("Heading 1", base + 4, bold=True, space_before=14, space_after=6, keep_next=True, outline=0),
        ParaStyle("Heading 2", base + 2, bold=True, space_before=10, space_after=4, keep_next=True, outline=1),
        ParaStyle("Heading 3", base, bold=True, space_before=8, space_after=3, keep_next=True, outline=2),
        ParaStyle("Body Text", base, space_after=6, line=1.2, indent_first=0.75),
        ParaStyle("National Header", base, bold=True, align="center", space_after=0),
        ParaStyle("Motto", base, align="center", space_after=0),
        # the short double rule centred under the motto: an empty paragraph 4.5 cm wide with a bottom border
        ParaStyle("Motto Rule", 2, align="center", space_after=10, line=1.0, indent_left=(text_width - 4.5) / 2,
                  indent_right=(text_width - 4.5) / 2),
        ParaStyle("Issuer", base, bold=True, space_after=0),
        ParaStyle("Masthead", base, space_after=0, tab_right=text_width, leader=False),
        ParaStyle("Document Number", base, space_after=0),
        ParaStyle("Document Date", base, align="right", space_after=12),
        ParaStyle("Sample Notice", base, bold=True, align="center", space_before=6, space_after=6, color="B00000"),
        ParaStyle("Note", base - 2, space_after=6),
        ParaStyle("Signature", base, bold=True, align="right", space_before=18, space_after=0, keep_next=True),
        ParaStyle("Signature Name", base, align="right", space_before=72, space_after=0),
        ParaStyle("Caption", base - 1, bold=True, space_before=6, space_after=3, keep_next=True),
        ParaStyle("Table Text", base - 2, space_after=0, line=1.0),
        ParaStyle("Table Heading", base - 2, bold=True, align="center", space_after=0, line=1.0),
        ParaStyle("List Bullet", base, space_after=3, line=1.2, based_on="Normal"),
        ParaStyle("List Number", base, space_after=3, line=1.2, based_on="Normal"),
        ParaStyle("TOC Heading", base + 2, bold=True, align="center", space_before=6, space_after=12,
                  style_id="TOCHeading"),
        ParaStyle("toc 1", base, bold=True, space_before=4, space_after=2, tab_right=text_width, style_id="TOC1"),
        ParaStyle("toc 2", base, space_after=1, indent_left=0.6, tab_right=text_width, style_id="TOC2"),
        ParaStyle("toc 3", base - 1, space_after=1, indent_left=1.2, tab_right=text_width, style_id="TOC3"),
        ParaStyle("Footer", base - 3, align="center", space_after=0),
        ParaStyle("Header", base - 3, align="center", space_after=0, color="555555"),
        ParaStyle("Sample Mark", base - 3, bold=True, align="right", space_after=0, color="B00000"),
    )


FIGURE_STYLE = "Figure"  # character style of FigureRuns (its id is the same)

#: Document model paragraph styles → Word style names.
STYLE_FOR = {
    "body": "Body Text", "lead": "Normal", "center": "Normal", "right": "Normal", "nation": "National Header",
    "motto": "Motto", "issuer": "Issuer", "masthead": "Masthead", "number": "Document Number", "date": "Document Date", "title": "Title",
    "subtitle": "Title", "sample": "Sample Notice", "signature": "Signature", "signname": "Signature Name", "note": "Note",
}


@dataclass(frozen=True)
class Script:
    """The fonts and language of a document's styles: a Lao report has the Lao font in all four slots and lo-LA;
    an English one (the English companion) a Latin font in the Latin slots and en-US, and keeps the Lao font and
    lo-LA in the complex-script slots, which Word uses for Lao letters — so Lao quoted in it is set as in the Lao
    report. The character style "Lao Original" (LAO_STYLE) marks those quotes: the Lao font in every slot, lo-LA."""

    latin: str = ""  # "" the Lao font (a Lao document)
    lang: str = "lo-LA"


LAO = Script()
LAO_STYLE = "Lao Original"  # character style of the runs a document in another language quotes in Lao


def _set_rpr(rpr, font: str, size: float | None, bold: bool | None, color: str | None = None,
             script: Script = LAO) -> None:
    for tag in ("w:rFonts", "w:b", "w:bCs", "w:sz", "w:szCs", "w:lang", "w:color"):
        for el in rpr.findall(qn(tag)):
            rpr.remove(el)
    wanted = []
    fonts = OxmlElement("w:rFonts")
    for slot in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(slot), script.latin if script.latin and slot != "w:cs" else font)
    wanted.append(fonts)
    if bold is not None:
        for tag in ("w:b", "w:bCs"):
            el = OxmlElement(tag)
            if not bold:
                el.set(qn("w:val"), "0")
            wanted.append(el)
    if color:
        c = OxmlElement("w:color")
        c.set(qn("w:val"), color)
        wanted.append(c)
    if size is not None:
        for tag in ("w:sz", "w:szCs"):
            el = OxmlElement(tag)
            el.set(qn("w:val"), str(int(round(size * 2))))
            wanted.append(el)
    lang = OxmlElement("w:lang")
    lang.set(qn("w:val"), script.lang)
    lang.set(qn("w:eastAsia"), "en-US")
    lang.set(qn("w:bidi"), "lo-LA")
    wanted.append(lang)
    for el in wanted:
        rpr.append(el)
    sort_children(rpr, RPR_ORDER)


def insert_ppr(ppr, el) -> None:
    insert_in_order(ppr, el, PPR_ORDER)


def _strip_theme_fonts(styles_el, font: str, script: Script = LAO) -> None:
    for fonts in styles_el.iter(qn("w:rFonts")):
        for attr in list(fonts.attrib):
            if attr.lower().endswith("theme}") or "theme" in attr.lower():
                del fonts.attrib[attr]
        for slot in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
            fonts.set(qn(slot), script.latin if script.latin and slot != "w:cs" else font)


def _ppr(style, ps: ParaStyle) -> None:
    pf = style.paragraph_format
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm, Pt

    aligns = {"left": WD_ALIGN_PARAGRAPH.LEFT, "center": WD_ALIGN_PARAGRAPH.CENTER,
              "right": WD_ALIGN_PARAGRAPH.RIGHT, "both": WD_ALIGN_PARAGRAPH.JUSTIFY}
    pf.alignment = aligns[ps.align] if ps.align else None
    pf.space_before = Pt(ps.space_before)
    pf.space_after = Pt(ps.space_after)
    pf.line_spacing = ps.line
    pf.first_line_indent = Cm(ps.indent_first) if ps.indent_first else None
    pf.keep_with_next = ps.keep_next or None
    pf.left_indent = Cm(ps.indent_left) if ps.indent_left else None
    pf.right_indent = Cm(ps.indent_right) if ps.indent_right else None
    if ps.tab_right is not None:
        from docx.enum.text import WD_TAB_ALIGNMENT, WD_TAB_LEADER

        pf.tab_stops.clear_all()
        pf.tab_stops.add_tab_stop(Cm(ps.tab_right), WD_TAB_ALIGNMENT.RIGHT,
                                  WD_TAB_LEADER.DOTS if ps.leader else WD_TAB_LEADER.SPACES)
    if ps.outline is not None:
        ppr = style.element.get_or_add_pPr()
        for el in ppr.findall(qn("w:outlineLvl")):
            ppr.remove(el)
        ol = OxmlElement("w:outlineLvl")
        ol.set(qn("w:val"), str(ps.outline))
        insert_ppr(ppr, ol)


def apply_styles(document, font: str, base_size: float, script: Script = LAO, text_width: float = 16.5) -> None:
    """Make every style of `document` (a python-docx Document) Lao-ready, and add the report's own; `script`: an
    English document's Latin font and language (Lao keeps `font` in the complex-script slots)."""
    styles = document.styles
    styles_el = styles.element
    _strip_theme_fonts(styles_el, font, script)
    defaults = styles_el.find(qn("w:docDefaults"))
    rpr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    _set_rpr(rpr, font, base_size, None, script=script)
    existing = {s.name for s in styles}
    for ps in paragraph_styles(base_size, text_width):
        if ps.name in existing:
            style = styles[ps.name]
        else:
            style = styles.add_style(ps.name, WD_STYLE_TYPE.PARAGRAPH)
            style.base_style = styles[ps.based_on]
            style.quick_style = True
            if ps.style_id:
                style.style_id = ps.style_id
        _set_rpr(style.element.get_or_add_rPr(), font, ps.size, ps.bold, ps.color or "000000", script)
        _ppr(style, ps)
        ppr = style.element.get_or_add_pPr()
        for border in ppr.findall(qn("w:pBdr")):  # the default Title's blue rule
            ppr.remove(border)
        borders = {"Sample Notice": (("top", "left", "bottom", "right"), "single", "8", "4", "B00000"),  # as in the PDF
                   "Motto Rule": (("bottom",), "double", "4", "0", "000000")}
        if ps.name in borders:
            sides, val, size, space, color = borders[ps.name]
            border = OxmlElement("w:pBdr")
            for side in sides:
                el = OxmlElement(f"w:{side}")
                for k, v in (("val", val), ("sz", size), ("space", space), ("color", color)):
                    el.set(qn(f"w:{k}"), v)
                border.append(el)
            insert_ppr(ppr, border)
        if ps.name == "TOC Heading":  # based on Heading 1 in Word's template: neither numbered nor in the contents
            for tag in ("w:numPr", "w:outlineLvl"):
                for el in ppr.findall(qn(tag)):
                    ppr.remove(el)
            numpr = OxmlElement("w:numPr")
            num = OxmlElement("w:numId")
            num.set(qn("w:val"), "0")
            numpr.append(num)
            insert_ppr(ppr, numpr)
            outline = OxmlElement("w:outlineLvl")
            outline.set(qn("w:val"), "9")
            insert_ppr(ppr, outline)
    if FIGURE_STYLE not in existing:
        figure = styles.add_style(FIGURE_STYLE, WD_STYLE_TYPE.CHARACTER)
        figure.base_style = styles["Default Paragraph Font"]
    if script.latin and LAO_STYLE not in existing:
        lao = styles.add_style(LAO_STYLE, WD_STYLE_TYPE.CHARACTER)
        lao.base_style = styles["Default Paragraph Font"]
        _set_rpr(lao.element.get_or_add_rPr(), font, None, None)  # the Lao font in every slot, lo-LA
    _complete_complex_script(styles_el)


def _complete_complex_script(styles_el) -> None:
    """Every rPr in the styles: bold also for Lao (bCs), Lao size equal to Latin size (szCs = sz)."""
    for rpr in styles_el.iter(qn("w:rPr")):
        b, bcs = rpr.find(qn("w:b")), rpr.find(qn("w:bCs"))
        if b is not None and bcs is None:
            el = OxmlElement("w:bCs")
            if b.get(qn("w:val")) is not None:
                el.set(qn("w:val"), b.get(qn("w:val")))
            rpr.append(el)
        sz, szcs = rpr.find(qn("w:sz")), rpr.find(qn("w:szCs"))
        if sz is not None:
            if szcs is None:
                szcs = OxmlElement("w:szCs")
                rpr.append(szcs)
            szcs.set(qn("w:val"), sz.get(qn("w:val")))
        sort_children(rpr, RPR_ORDER)
