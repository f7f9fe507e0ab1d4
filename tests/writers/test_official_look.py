"""The example report as a reader of Lao official documents sees it, in both formats: the masthead, the sample
mark on every page, the contents' page numbers in the DOCX (as LibreOffice lays it out), the same pages."""

from __future__ import annotations

import re
import subprocess
import zipfile
from html import unescape
from pathlib import Path

import pytest
from lxml import etree
from pypdf import PdfReader

from reportgen.model.document import FIGURE_LABEL, SAMPLE_MARK
from reportgen.writers.docx.fields import figure_bookmark
from reportgen.writers.docx.nobreak import WORD_JOINER, unbreakable, without_joiners
from reportgen.writers.docx.pages import pdf_pages
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
    headings, figures = [], []
    for p in body.iter(f"{W}p"):
        style = p.find(f"{W}pPr/{W}pStyle")
        if style is None or not style.get(f"{W}val", "").startswith("TOC") or style.get(f"{W}val") == "TOCHeading":
            continue
        texts = [t.text or "" for t in p.iter(f"{W}t")]
        (figures if "".join(texts).startswith(FIGURE_LABEL) else headings).append(texts[-1] if texts else "")
    assert len(headings) > 20 and all(r.isdigit() for r in headings), headings
    assert len(figures) == 5 and all(r.isdigit() for r in figures), figures
    laid_out = pdf_pages(example_in_libreoffice.read_bytes(), [figure_bookmark(n) for n in range(1, 6)])
    assert [int(r) for r in headings] == laid_out.headings
    assert [int(r) for r in figures] == laid_out.figures
    # and each figure's caption is on that page, as LibreOffice draws it
    lo = PdfReader(example_in_libreoffice)
    for n, page in enumerate(laid_out.figures, 1):
        assert f"{FIGURE_LABEL}{n}:" in "".join(lo.pages[page - 1].extract_text().split()), n


def test_pdf_and_docx_run_to_the_same_number_of_pages(built_example: Path, example_in_libreoffice: Path):
    pdf = len(PdfReader(built_example / "report.pdf").pages)
    docx = len(PdfReader(example_in_libreoffice).pages)
    assert abs(pdf - docx) <= 0.1 * docx, (pdf, docx)



_PREFIXES = ("ແຂວງ", "ເມືອງ", "ນະຄອນຫຼວງ")


def _names(built: Path) -> set[str]:
    """The place names the report marks as names (kept whole in the PDF), as typed."""
    html = (built / "report.html").read_text(encoding="utf-8")
    spans = re.findall(r'<span class="name">(.*?)</span>', html)
    return {unescape(re.sub("<[^>]+>", "", s)).replace("\u200b", "").replace("\u200c", "") for s in spans}


def test_libreoffice_keeps_province_and_district_with_their_name(built_example: Path, example_in_libreoffice: Path):
    """LibreOffice (its own Lao dictionary) broke ແຂວງ|ໄຊສົມບູນ 31 times in this report; the DOCX now joins them."""
    names = [n for n in _names(built_example) if n.startswith(_PREFIXES)]
    assert len(names) > 30
    text = subprocess.run(["pdftotext", "-raw", str(example_in_libreoffice), "-"], capture_output=True, text=True,
                          check=True).stdout
    lines = text.replace("\u2060", "").split("\n")
    cut = [(a[-24:], b[:24]) for a, b in zip(lines, lines[1:], strict=False) for n in names
           for prefix in _PREFIXES if n.startswith(prefix) and a.rstrip().endswith(prefix)
           and (b.lstrip().startswith(n[len(prefix):].split()[0]))]
    assert not cut, cut


def test_every_place_name_is_found_as_typed_in_the_docx(built_example: Path):
    """A reviewer searching ໄຊສົມບູນ finds it: the joiner stands only after ແຂວງ / ເມືອງ, which LibreOffice's Find
    does not see through, never between a name's syllables."""
    with zipfile.ZipFile(built_example / "report.docx") as z:
        body = etree.fromstring(z.read("word/document.xml"))
    paragraphs = ["".join(t.text or "" for t in p.iter(f"{W}t")) for p in body.iter(f"{W}p")]
    text = "\n".join(paragraphs)
    assert "\u2060" in text
    for name in _names(built_example):
        for word in name.split():
            prefix = next((p for p in _PREFIXES if word.startswith(p) and word != p), "")
            assert word[len(prefix):] in text, word


@pytest.mark.parametrize(("name", "joined"), [
    ("ແຂວງໄຊສົມບູນ", "ແຂວງ|ໄຊສົມບູນ"),
    ("ເມືອງສາລະວັນ ແຂວງສາລະວັນ", "ເມືອງ|ສາລະວັນ ແຂວງ|ສາລະວັນ"),
    ("ນະຄອນຫຼວງວຽງຈັນ", "ນະຄອນຫຼວງ|ວຽງຈັນ"),
    ("ເມືອງໄຊເສດຖາ (ແຂວງອັດຕະປື)", "ເມືອງ|ໄຊເສດຖາ (ແຂວງ|ອັດຕະປື)"),
    ("ຊຳເໜືອ", "ຊຳເໜືອ"),  # no prefix: nothing added
    ("ແຂວງ", "ແຂວງ"),  # the word alone
    ("Xaisomboun", "Xaisomboun"),
])
def test_word_joiner_only_after_the_prefix(name: str, joined: str):
    assert unbreakable(name).replace(WORD_JOINER, "|") == joined
    assert without_joiners(unbreakable(name)) == name


def test_a_lead_in_never_ends_its_paragraph_alone_and_typed_text_keeps_its_spaces(built_example: Path):
    """"ດັ່ງນີ້:" is glued to the word before it by the templates (a no-break space, in both formats); nothing
    else is: a committee's text reaches the DOCX with the spaces it was typed with."""
    with zipfile.ZipFile(built_example / "report.docx") as z:
        body = etree.fromstring(z.read("word/document.xml"))
    ends = ["".join(t.text or "" for t in p.iter(f"{W}t")) for p in body.iter(f"{W}p")]
    lead_ins = [e for e in ends if e.endswith("ດັ່ງນີ້:")]
    assert len(lead_ins) >= 5
    assert all(re.search("\u00a0(ມີ)?ດັ່ງນີ້:$", e) for e in lead_ins), [e[-30:] for e in lead_ins]
    typed = [e for e in ends if "\u00a0" in e and not e.endswith("ດັ່ງນີ້:")]
    assert not typed, typed[:3]


def test_a_stuck_libreoffice_is_given_up_stopped_and_leaves_no_files(tmp_path: Path, monkeypatch):
    """The build starts LibreOffice's layout beside the PDF; one that hangs must not hold the build up (the contents
    then take the PDF's pages) nor stay behind."""
    from reportgen.writers.docx import pages

    fake = tmp_path / "soffice"
    fake.write_text("#!/bin/sh\nsleep 60\n")
    fake.chmod(0o755)
    monkeypatch.setattr(pages, "libreoffice", lambda: str(fake))
    monkeypatch.setattr(pages, "LIBREOFFICE_SECONDS", 0.5)
    layout = pages.LibreOfficeLayout.start(b"not read by the fake", 3)
    assert layout.process is not None and layout.folder.is_dir()
    assert layout.pages() is None
    layout.close()
    assert layout.process.poll() is not None and not layout.folder.exists()
    monkeypatch.setattr(pages, "libreoffice", lambda: None)
    nothing = pages.LibreOfficeLayout.start(b"", 0)
    assert nothing.pages() is None
    nothing.close()
    assert not nothing.folder.exists()
