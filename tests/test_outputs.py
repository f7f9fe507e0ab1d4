"""End to end: the example year built into DOCX and PDF, checked the way a reader would see them."""

from __future__ import annotations

import os
import re
import shutil
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from pdf_facts import font_names, overflowing_lines, pdf_text, poppler_text

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
KEY_SENTENCE = "ມາຮອດທ້າຍປີ 2019, ໄດ້ສ້າງຕັ້ງຄະນະກຳມະການຕ້ານການຄ້າມະນຸດ ຄົບທັງ 18 ແຂວງ ແລະ ນະຄອນຫຼວງ"
TITLE = "ບົດລາຍງານ ສະຫຼຸບການຈັດຕັ້ງປະຕິບັດວຽກງານຕ້ານການຄ້າມະນຸດ ປະຈຳປີ 2019 ແລະ ທິດທາງແຜນການປີ 2020"


def part(docx: Path, name: str):
    with zipfile.ZipFile(docx) as z:
        return etree.fromstring(z.read(name))


def paragraphs(docx: Path) -> list[tuple[str, str]]:
    body = part(docx, "word/document.xml")
    out = []
    for p in body.iter(f"{W}p"):
        style = p.find(f"{W}pPr/{W}pStyle")
        out.append((style.get(f"{W}val") if style is not None else "", "".join(t.text or "" for t in p.iter(f"{W}t"))))
    return out


# ---- DOCX -------------------------------------------------------------------------------------------

def test_docx_styles_carry_the_lao_font_in_all_slots(built_example: Path):
    styles = part(built_example / "report.docx", "word/styles.xml")
    fonts = list(styles.iter(f"{W}rFonts"))
    assert fonts
    for f in fonts:
        attrs = {k.replace(W, ""): v for k, v in f.attrib.items()}
        assert attrs == {"ascii": "Phetsarath OT", "hAnsi": "Phetsarath OT", "eastAsia": "Phetsarath OT",
                         "cs": "Phetsarath OT"}, attrs
    defaults = styles.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr")
    assert defaults.find(f"{W}lang").get(f"{W}bidi") == "lo-LA"
    for rpr in styles.iter(f"{W}rPr"):
        sz, szcs = rpr.find(f"{W}sz"), rpr.find(f"{W}szCs")
        if sz is not None:
            assert szcs is not None and szcs.get(f"{W}val") == sz.get(f"{W}val")
        if rpr.find(f"{W}b") is not None:
            assert rpr.find(f"{W}bCs") is not None


def test_docx_runs_set_no_fonts_and_hold_no_zwsp(built_example: Path):
    body = part(built_example / "report.docx", "word/document.xml")
    assert not list(body.iter(f"{W}rFonts"))
    assert not list(body.iter(f"{W}lang"))
    text = "".join(t.text or "" for t in body.iter(f"{W}t"))
    assert "\u200b" not in text
    for rpr in body.iter(f"{W}rPr"):
        if rpr.find(f"{W}b") is not None:
            assert rpr.find(f"{W}bCs") is not None


def test_docx_uses_real_heading_styles_and_says_what_the_meeting_said(built_example: Path):
    paras = paragraphs(built_example / "report.docx")
    styles = {s for s, _ in paras}
    assert {"Title", "Heading1", "Heading2", "Heading3", "BodyText", "ListBullet", "Caption"} <= styles
    headings = [t for s, t in paras if s == "Heading1"]
    assert headings[:2] == ["ສະພາບລວມ", "ຜົນການຈັດຕັ້ງປະຕິບັດວຽກງານ ປະຈຳປີ 2019"]  # numbers come from Word numbering
    assert any(s == "Title" and t == TITLE for s, t in paras)
    assert any(KEY_SENTENCE in t for _, t in paras)
    assert any("ວັນທີ 13 ກຸມພາ 2020" in t for _, t in paras)
    assert any("ຂໍ້ມູນຕົວຢ່າງ — sample data" in t for _, t in paras)


def test_docx_tables_repeat_headers_and_do_not_split_rows(built_example: Path):
    body = part(built_example / "report.docx", "word/document.xml")
    tables = list(body.iter(f"{W}tbl"))
    assert len(tables) >= 12
    for tbl in tables:
        rows = tbl.findall(f"{W}tr")
        assert rows[0].find(f"{W}trPr/{W}tblHeader") is not None
        assert all(r.find(f"{W}trPr/{W}cantSplit") is not None for r in rows)


def test_docx_is_identical_when_built_twice(built_example: Path, tmp_path: Path):
    from reportgen.config import load_settings
    from reportgen.pipeline import build_report

    root = Path(__file__).resolve().parents[1]
    build_report(load_settings(root / "reportgen.toml", output=tmp_path), ("docx",))
    assert (tmp_path / "2019" / "report.docx").read_bytes() == (built_example / "report.docx").read_bytes()


# ---- PDF --------------------------------------------------------------------------------------------

def test_pdf_embeds_the_bundled_lao_font(built_example: Path):
    fonts = font_names(built_example / "report.pdf")
    assert fonts and all("Lao-Report-Phetsarath" in f for f in fonts), fonts
    assert any(re.match(r"/[A-Z]{6}\+", f) for f in fonts)  # subsets only


@pytest.mark.parametrize("extract", [pdf_text, poppler_text], ids=["pypdf", "pdftotext"])
def test_pdf_text_layer_is_exact_lao(built_example: Path, extract):
    if extract is poppler_text and not shutil.which("pdftotext"):
        if os.environ.get("CI"):
            pytest.fail("pdftotext is missing: .ci/run must install poppler-utils")
        pytest.skip("pdftotext (poppler-utils) not installed")
    text = extract(built_example / "report.pdf")
    flat = re.sub(r"\s+", " ", text)
    assert "\u200b" not in text
    assert "ຳ" in text and "\u0ecd\u0eb2" not in text  # AM survives as one character
    for phrase in (TITLE, KEY_SENTENCE, "ວັນທີ 13 ກຸມພາ 2020", "ສາທາລະນະລັດ ປະຊາທິປະໄຕ ປະຊາຊົນລາວ",
                   "ສັນຕິພາບ ເອກະລາດ ປະຊາທິປະໄຕ ເອກະພາບ ວັດທະນະຖາວອນ", "ຂໍ້ມູນຕົວຢ່າງ — sample data"):
        assert phrase in flat or phrase.replace(" ", "") in flat.replace(" ", ""), phrase


def test_pdf_has_pages_and_page_numbers(built_example: Path):
    from pypdf import PdfReader

    pages = len(PdfReader(built_example / "report.pdf").pages)
    assert pages >= 8
    text = pdf_text(built_example / "report.pdf")
    assert f"ໜ້າ 1 / {pages}" in text and f"ໜ້າ {pages} / {pages}" in text


def test_no_line_is_wider_than_its_box(built_example: Path):
    html = (built_example / "report.html").read_text(encoding="utf-8")
    assert "\u200b" in html  # the break marks are there, in the HTML only
    assert overflowing_lines(html) == []


def test_overflow_check_catches_an_unbreakable_line():
    html = ('<html><body><div style="width:3cm"><p>' + "ຄະນະກຳມະການຕ້ານການຄ້າມະນຸດລະດັບຊາດ" * 3
            + "</p></div></body></html>")
    assert overflowing_lines(html)


def test_long_unbreakable_text_from_a_workbook_stays_inside_the_page(write_form, tmp_path: Path):
    from reportgen.aggregate import aggregate
    from reportgen.config import Settings
    from reportgen.narrative import build_document
    from reportgen.readers.workbook import read_workbook
    from reportgen.writers.html import write_html
    from reportgen.writers.xlsx.forms import set_item

    url = "https://example.org/?q=" + "abcdefghij" * 20
    path = write_form(edit=lambda wb: set_item(wb, "achievements", 0, {
        "area": "ການປ້ອງກັນ ແລະ ການໂຄສະນາສຶກສາອົບຮົມ", "description": "ເບິ່ງ " + url, "highlight": "ແມ່ນ"}))
    doc = build_document(aggregate([read_workbook(path)], 2019), Settings(base=tmp_path))
    html = write_html(doc)
    assert url in html.replace("\u200b", "")
    assert overflowing_lines(html) == []
