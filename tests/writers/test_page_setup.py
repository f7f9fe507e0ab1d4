"""One page setup from the settings reaches both formats: margins, text size, header and footer distances."""

from __future__ import annotations

import io
import zipfile

import pytest
from lxml import etree
from pypdf import PdfReader

from reportgen.config import Settings
from reportgen.writers.docx import write_docx
from reportgen.writers.html import write_html
from reportgen.writers.pdf import page, write_pdf
from small_document import small_document

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
CHANGED = Settings(margin_top=2.5, margin_bottom=1.8, margin_left=3.0, margin_right=1.5, font_size=14,
                   header_distance=1.5, footer_distance=0.8)


def px(cm: float) -> float:  # CSS pixels, as WeasyPrint lays out
    return cm / 2.54 * 96


def pt(points: float) -> float:
    return points * 96 / 72


def boxes(box, tag: str):
    if getattr(box, "element_tag", None) == tag:
        yield box
    for child in getattr(box, "children", []):
        yield from boxes(child, tag)


def pdf_layout(settings: Settings):
    """The second page (after the title page) as WeasyPrint lays it out for the PDF."""
    return page(write_html(small_document(), settings)).render().pages[1]._page_box


def margin_box(page_box, at: str):
    return next(b for b in page_box.children if getattr(b, "at_keyword", None) == at)


@pytest.mark.parametrize("settings", [Settings(), CHANGED], ids=["defaults", "changed"])
def test_the_pdf_page_follows_the_settings(settings: Settings):
    box = pdf_layout(settings)
    assert box.margin_width() == pytest.approx(px(21.0)) and box.margin_height() == pytest.approx(px(29.7))
    assert (box.margin_top, box.margin_right, box.margin_bottom, box.margin_left) == pytest.approx(
        (px(settings.margin_top), px(settings.margin_right), px(settings.margin_bottom), px(settings.margin_left)))
    body = settings.font_size  # both in Phetsarath: the PDF's text is set at Word's size
    assert next(boxes(box, "p")).style["font_size"] == pytest.approx(pt(body))
    assert next(boxes(box, "h1")).style["font_size"] == pytest.approx(pt(body + 4))
    header = margin_box(box, "@top-center").children[0]
    assert header.position_y == pytest.approx(px(settings.header_distance))
    footer = margin_box(box, "@bottom-center").children[0]
    assert px(29.7) - (footer.position_y + footer.height) == pytest.approx(px(settings.footer_distance))


def test_with_default_settings_the_pdf_has_the_docx_sizes():
    """12 pt text and 16 pt parts as in the DOCX, 2.2 / 2 / 2.2 / 2.5 cm margins as before the page setup."""
    box = pdf_layout(Settings())
    assert next(boxes(box, "p")).style["font_size"] == pytest.approx(pt(12))
    assert next(boxes(box, "h1")).style["font_size"] == pytest.approx(pt(16))
    assert (box.margin_top, box.margin_right, box.margin_bottom, box.margin_left) == pytest.approx(
        (px(2.2), px(2.0), px(2.2), px(2.5)))


def test_the_written_pdf_has_the_margins_of_the_settings():
    reader = PdfReader(io.BytesIO(write_pdf(small_document(), CHANGED)))
    p2 = reader.pages[1]
    assert (float(p2.mediabox.width), float(p2.mediabox.height)) == pytest.approx((595.28, 841.89), abs=0.01)
    xs = []
    p2.extract_text(visitor_text=lambda text, cm, tm, *_: xs.append(tm[4] * cm[0] + cm[4]) if text.strip() else None)
    assert min(xs) == pytest.approx(3.0 / 2.54 * 72, abs=0.5)  # the text starts at the left margin


def test_the_docx_section_and_sizes_follow_the_settings():
    blob = write_docx(small_document(), CHANGED)
    z = zipfile.ZipFile(io.BytesIO(blob))
    sect = etree.fromstring(z.read("word/document.xml")).find(f"{W}body/{W}sectPr")
    mar = {k.replace(W, ""): int(v) for k, v in sect.find(f"{W}pgMar").attrib.items()}
    assert mar == {"top": 1417, "right": 850, "bottom": 1020, "left": 1701, "header": 850, "footer": 454,
                   "gutter": 0}
    size = sect.find(f"{W}pgSz")
    assert (size.get(f"{W}w"), size.get(f"{W}h")) == ("11906", "16838")
    styles = etree.fromstring(z.read("word/styles.xml"))
    assert styles.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr/{W}sz").get(f"{W}val") == "28"
    h1 = next(s for s in styles.iter(f"{W}style") if s.get(f"{W}styleId") == "Heading1")
    assert h1.find(f"{W}rPr/{W}szCs").get(f"{W}val") == "36"  # 14 pt text: 18 pt parts
    tables = list(etree.fromstring(z.read("word/document.xml")).iter(f"{W}tbl"))
    assert tables
    for tbl in tables:  # each table (a chart's data table too) fills the text width
        widths = [int(c.get(f"{W}w")) for c in tbl.iter(f"{W}gridCol")]
        assert sum(widths) == pytest.approx((21.0 - 3.0 - 1.5) / 2.54 * 1440, abs=2)
