"""The example report as a reader of Lao official documents sees it, in both formats: the masthead, the sample
mark on every page, the contents' page numbers in the DOCX (as LibreOffice lays it out), the same pages."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from lxml import etree
from pypdf import PdfReader

from reportgen.model.document import FIGURE_LABEL, SAMPLE_MARK
from reportgen.writers.docx.pages import heading_pages
from reportgen.writers.pdf import page as pdf_page

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _docx(path: Path, part: str = "word/document.xml"):
    with zipfile.ZipFile(path) as z:
        return etree.fromstring(z.read(part))


def test_masthead_number_on_the_issuers_line_at_the_right_date_below_it(built_example: Path):
    html = (built_example / "report.html").read_text(encoding="utf-8")
    first = pdf_page(html).render().pages[0]._page_box
    lines = []

    def walk(box):
        if getattr(box, "element_tag", "") == "p" and "masthead" in (box.element.get("class") or ""):
            spans = [c for c in box.children if getattr(c, "element_tag", "") == "span"]  # its flex items
            lines.append([(s.position_x, s.position_x + s.width, s.position_y) for s in spans])
        for c in getattr(box, "children", []):
            walk(c)

    walk(first)
    assert len(lines) == 2  # issuer | number, unit | place and date
    right_edges = []
    for (_, _, ly), (_, rx1, ry) in lines:
        assert ly == pytest.approx(ry, abs=1)  # one line: left and right side side by side
        right_edges.append(rx1)
    assert right_edges[0] == pytest.approx(right_edges[1], abs=1)  # both end at the right margin
    assert lines[1][0][2] > lines[0][0][2]  # date below number
    # the DOCX: the same two lines, a right tab stop at the text's edge
    paras = [p for p in _docx(built_example / "report.docx").iter(f"{W}p")
             if p.find(f"{W}pPr/{W}pStyle") is not None and p.find(f"{W}pPr/{W}pStyle").get(f"{W}val") == "Masthead"]
    assert len(paras) == 2 and all(p.find(f".//{W}r/{W}tab") is not None for p in paras)
    styles = _docx(built_example / "report.docx", "word/styles.xml")
    masthead = next(s for s in styles.iter(f"{W}style") if s.get(f"{W}styleId") == "Masthead")
    assert masthead.find(f"{W}pPr/{W}tabs/{W}tab").get(f"{W}val") == "right"


def test_sample_data_is_marked_on_every_page(built_example: Path, example_in_libreoffice: Path):
    reader = PdfReader(built_example / "report.pdf")
    assert all(SAMPLE_MARK in p.extract_text() for p in reader.pages), "a PDF page without the sample mark"
    lo = PdfReader(example_in_libreoffice)
    mark = "".join(SAMPLE_MARK.split())  # pypdf reads LibreOffice's Phetsarath OT with stray spaces (ຢ່ າງ)
    assert all(mark in "".join(p.extract_text().split()) for p in lo.pages), "a DOCX page (LibreOffice) without it"


def test_docx_contents_show_the_pages_libreoffice_lays_the_headings_on(built_example: Path,
                                                                        example_in_libreoffice: Path):
    body = _docx(built_example / "report.docx")
    results = []
    for p in body.iter(f"{W}p"):
        style = p.find(f"{W}pPr/{W}pStyle")
        if style is None or not style.get(f"{W}val", "").startswith("TOC") or style.get(f"{W}val") == "TOCHeading":
            continue
        texts = [t.text or "" for t in p.iter(f"{W}t")]
        if "".join(texts).startswith(FIGURE_LABEL):  # the list of figures, after the contents: no page numbers
            continue
        results.append(texts[-1] if texts else "")
    assert len(results) > 20 and all(r.isdigit() for r in results), results
    lo = example_in_libreoffice
    assert [int(r) for r in results] == heading_pages(lo.read_bytes())


def test_pdf_and_docx_run_to_the_same_number_of_pages(built_example: Path, example_in_libreoffice: Path):
    pdf = len(PdfReader(built_example / "report.pdf").pages)
    docx = len(PdfReader(example_in_libreoffice).pages)
    assert abs(pdf - docx) <= 0.1 * docx, (pdf, docx)

