"""The section: page size, margins and header/footer distances from the page setup, running header, page numbers."""

from __future__ import annotations

from docx.enum.section import WD_ORIENT
from docx.shared import Cm

from ...config import PageSetup
from ...model.document import PAGE_LABELS, SAMPLE_MARK
from ._ooxml import run
from .fields import field


def lay_out(document, page: PageSetup, running_header: str, words: str = "lo", sample: bool = False) -> None:
    """The one section of `document` (python-docx): the page of `page`, the title page without a header;
    `sample`: every page, the first too, says at its top right that the report is built from sample data."""
    s = document.sections[0]
    s.orientation = WD_ORIENT.PORTRAIT
    s.page_width, s.page_height = Cm(page.width), Cm(page.height)
    s.left_margin, s.right_margin = Cm(page.margin_left), Cm(page.margin_right)
    s.top_margin, s.bottom_margin = Cm(page.margin_top), Cm(page.margin_bottom)
    s.header_distance, s.footer_distance = Cm(page.header_distance), Cm(page.footer_distance)
    s.different_first_page_header_footer = True
    header = s.header.paragraphs[0]
    header.style = document.styles["Header"]
    header._p.append(run(running_header))
    for footer in (s.footer, s.first_page_footer):
        p = footer.paragraphs[0]
        p.style = document.styles["Footer"]
        p._p.append(run(PAGE_LABELS[words] + " "))
        field(p._p, " PAGE ", "1")
        p._p.append(run(" / "))
        field(p._p, " NUMPAGES ", "1")
    s.first_page_header.paragraphs[0].style = document.styles["Header"]
    if sample:
        for h in (s.header, s.first_page_header):
            p = h.add_paragraph(style=document.styles["Sample Mark"])
            p._p.append(run(SAMPLE_MARK, bold=True))


def twips(cm: float) -> int:
    return int(cm / 2.54 * 1440)
