"""The PDF as printed, archived and sent out: structure, text layer, metadata, safety, parity with Word."""

from __future__ import annotations

import io
import os
import re
import zipfile
from pathlib import Path

import pytest
from lxml import etree
from pypdf import PdfReader

from pdf_facts import headings_left_at_page_bottom, outline_titles, pdf_text
from reportgen.config import load_settings
from reportgen.model.document import (
    CAPTION_LABEL,
    NOT_REPORTED,
    SAMPLE_MARK,
    Heading,
    ListBlock,
    Paragraph,
    Table,
    TableOfContents,
)
from reportgen.writers.pdf import render_pdf

ROOT = Path(__file__).resolve().parents[2]
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
SPACE = re.compile(r"\s+")
# list bullets and numbers, drawn by the layout: on lines of their own, or (a list item alone at the top of a
# page) a bullet pypdf puts after its item's text
# list markers: on lines of their own (drawn apart from the text, as WeasyPrint's ::marker did) or, as now, at
# the start of the item's first line (its numbers go with _HEADING_NUMBER below)
_MARKER_LINE = re.compile(r"^\s*(?:•|\d+\.)\s*$|•[ \t]*$|^•[ \t]+", re.M)


def _furniture(doc) -> re.Pattern:
    """What the layout adds on each page: page number, running header, the sample mark (ending its line)."""
    return re.compile(r"ໜ້າ\s*\d+\s*/\s*\d+|" + re.escape(doc.meta.short_title) + "|"
                      + re.escape(SAMPLE_MARK) + r"[ \t]*$", re.M)


@pytest.fixture(scope="module")
def example_doc():
    from reportgen.aggregate import aggregate
    from reportgen.collecting.history import PreviousYear
    from reportgen.narrative import build_document
    from reportgen.pipeline import check_folder
    from reportgen.readers.secretariat import read_secretariat_text

    s = load_settings(ROOT / "reportgen.toml")
    r = check_folder(s.path(s.inputs), 2019, expected_districts=s.expected_districts,
                     previous=PreviousYear.from_settings(s))  # as build_report does
    text = s.path(s.secretariat_text)
    return build_document(aggregate(r.submissions, 2019, expected_districts=s.expected_districts,
                                    warnings=r.warnings, previous=r.history), s,
                          secretariat=read_secretariat_text(text, text.name)[0])  # the secretariat's own text too


def squeeze(text: str) -> str:
    return SPACE.sub("", text)


def block_texts(doc) -> list[str]:
    """Every piece of text of the document model in reading order, as the PDF must show it."""
    out = []
    for b in doc.blocks:
        if isinstance(b, Heading):
            out.append(b.full_text)
        elif isinstance(b, Paragraph):
            out.append(b.text)
        elif isinstance(b, ListBlock):
            out.extend(i.text for i in b.items)
        elif isinstance(b, Table):
            if b.caption:
                out.append(f"{CAPTION_LABEL} {b.number}: {b.caption_text}")
            for row in b.head + b.body:
                out.extend(c.text for c in row if c.text)
            if b.note:  # the note under the table
                out.append("".join(r.text for r in b.note))
    return out


def _body_text(pdf: Path, doc) -> str:
    """The text layer without what the layout adds on each page (running header, sample mark, page number, list
    markers)."""
    furniture = _furniture(doc)
    return "\n".join(_MARKER_LINE.sub("", furniture.sub("", p.extract_text())) for p in PdfReader(pdf).pages)


def test_every_paragraph_is_in_the_text_layer_in_order(built_example: Path, example_doc):
    assert "\u200b" not in pdf_text(built_example / "report.pdf")
    text = squeeze(_body_text(built_example / "report.pdf", example_doc))
    assert "\u200b" not in text and "\u2060" not in text
    pos = 0
    missing = []
    for piece in block_texts(example_doc):
        found = text.find(squeeze(piece), pos)
        if found < 0:
            missing.append(piece)
        else:
            pos = found + len(squeeze(piece))
    assert missing == []
    assert len(block_texts(example_doc)) > 500


def test_no_phantom_characters(built_example: Path, example_doc):
    # list bullets and numbers are drawn by the layout, not written in the text
    source = (set("".join(block_texts(example_doc))) | set("ໜ້າ/0123456789.•") | set(example_doc.meta.short_title)
              | set(SAMPLE_MARK))
    extracted = set(squeeze(pdf_text(built_example / "report.pdf")))
    assert extracted - source - {"\f"} == set()


def test_outline_has_every_heading_and_pages_are_as_expected(built_example: Path, example_doc):
    titles = [squeeze(t) for t in outline_titles(built_example / "report.pdf")]
    assert titles == [squeeze(h.full_text) for h in example_doc.headings()]
    pages = len(PdfReader(built_example / "report.pdf").pages)
    assert 15 <= pages <= 40


def test_contents_page_lists_headings_with_page_numbers(built_example: Path, example_doc):
    page2 = PdfReader(built_example / "report.pdf").pages[1].extract_text()
    first = example_doc.headings()[0]
    assert re.search(re.escape(first.full_text) + r"\s*\.{3,}\s*\d+", page2)


def test_no_heading_is_left_alone_at_the_bottom_of_a_page(built_example: Path):
    html = (built_example / "report.html").read_text(encoding="utf-8")
    assert headings_left_at_page_bottom(html) == []


def test_archival_metadata_and_determinism(built_example: Path, tmp_path: Path):
    from reportgen.pipeline import build_report

    reader = PdfReader(built_example / "report.pdf")
    meta = reader.metadata
    assert meta.title.startswith("ບົດລາຍງານ ສະຫຼຸບການຈັດຕັ້ງປະຕິບັດວຽກງານຕ້ານການຄ້າມະນຸດ ປະຈຳປີ 2019")
    assert meta.author == "ຄະນະກຳມະການຕ້ານການຄ້າມະນຸດລະດັບຊາດ"
    assert meta.subject and meta["/CreationDate"].startswith("D:20200213")
    root = reader.trailer["/Root"]
    assert root["/Lang"] == "lo"
    assert "/OutputIntents" in root
    xmp = root["/Metadata"].get_object().get_data().decode()
    assert 'pdfaid:part="3"' in xmp and 'pdfaid:conformance="A"' in xmp  # level A: tagged
    build_report(load_settings(ROOT / "reportgen.toml", output=tmp_path), ("pdf",))
    assert (tmp_path / "2019" / "report.pdf").read_bytes() == (built_example / "report.pdf").read_bytes()


@pytest.mark.parametrize("subsetter", ["harfbuzz-subset", "fontTools"])
def test_two_builds_are_byte_identical_with_either_font_subsetter(write_form, tmp_path, monkeypatch, subsetter):
    """WeasyPrint subsets the fonts with harfbuzz-subset when libharfbuzz-subset0 is installed, else with fontTools,
    which stamps each font with the time of saving: the same inputs must still give the same bytes."""
    import time

    from weasyprint.pdf import fonts
    from weasyprint.text import ffi

    from reportgen.aggregate import aggregate
    from reportgen.config import Settings
    from reportgen.narrative import build_document
    from reportgen.readers.workbook import read_workbook
    from reportgen.writers.pdf import write_pdf

    if subsetter == "harfbuzz-subset":
        if ffi.harfbuzz_subset is None:
            if os.environ.get("CI"):
                pytest.fail("libharfbuzz-subset0 is missing: .ci/run must install it")
            pytest.skip("libharfbuzz-subset0 is not installed (optional: WeasyPrint then uses fontTools)")
        method = "_harfbuzz_subset"
    else:
        monkeypatch.setattr(fonts, "harfbuzz_subset", None)  # what WeasyPrint sees without the library
        method = "_fonttools_subset"
    used = []
    subset = getattr(fonts.Font, method)
    monkeypatch.setattr(fonts.Font, method, lambda font, *a: used.append(font.family) or subset(font, *a))
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)  # the fix must not rely on the caller's environment

    doc = build_document(aggregate([read_workbook(write_form())], 2019), Settings(base=tmp_path))
    first = write_pdf(doc)
    time.sleep(1.1)  # fontTools' timestamps count seconds: the second build is in another one
    second = write_pdf(doc)
    assert used and all("Lao Report Phetsarath" in f for f in used), used
    assert len(first) > 10_000 and first == second
    assert "SOURCE_DATE_EPOCH" not in os.environ


def test_only_reportgens_own_assets_are_loaded():
    html = ('<html><head><link rel="stylesheet" href="http://example.org/evil.css">'
            '<style>body { background: url("file:///etc/hostname"); }</style></head><body>'
            '<p>x</p><img src="file:///etc/passwd"><img src="https://example.org/pixel.png">'
            '<img src="../fonts/OFL.txt"></body></html>')
    data, refused = render_pdf(html, variant="")
    assert "file:///etc/passwd" in refused and "https://example.org/pixel.png" in refused
    assert "http://example.org/evil.css" in refused and "file:///etc/hostname" in refused
    assert b"/Subtype /Image" not in data and b"/Subtype/Image" not in data


def test_hostile_workbook_text_is_printed_not_loaded(write_form, tmp_path: Path):
    from reportgen.aggregate import aggregate
    from reportgen.config import Settings
    from reportgen.narrative import build_document
    from reportgen.readers.workbook import read_workbook
    from reportgen.writers.html import write_html
    from reportgen.writers.xlsx.forms import set_item

    hostile = '<img src="file:///etc/passwd"> {{ 7*7 }} =HYPERLINK("http://x")'
    path = write_form(edit=lambda wb: set_item(wb, "achievements", 0, {
        "area": "ການປ້ອງກັນ ແລະ ການໂຄສະນາສຶກສາອົບຮົມ", "description": hostile, "highlight": "ແມ່ນ"}))
    doc = build_document(aggregate([read_workbook(path)], 2019), Settings(base=tmp_path))
    data, refused = render_pdf(write_html(doc), variant="")
    assert refused == []
    text = squeeze(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages))
    assert squeeze(hostile) in text


# ---- parity: Word and PDF carry the same content, section by section ---------------------------------

def _docx_sections(path: Path) -> dict[str, str]:
    body = etree.fromstring(zipfile.ZipFile(path).read("word/document.xml"))
    sections: dict[str, str] = {}
    current = None
    in_toc = False
    for el in body.iter(f"{W}p"):
        style = el.find(f"{W}pPr/{W}pStyle")
        sid = style.get(f"{W}val") if style is not None else ""
        # the words as read: without the invisible joiners that keep ແຂວງ with its name (writers/docx/nobreak.py)
        text = "".join(t.text or "" for t in el.iter(f"{W}t")).replace("\u2060", "")
        if sid.startswith("TOC"):
            in_toc = True
            continue
        if sid == "Heading1":
            current, in_toc = squeeze(text), False
            sections[current] = ""
        elif current and not in_toc:
            sections[current] += squeeze(text)
    return sections


# "I.", "2.", "2.1" — not a figure such as 201.745 that a line happens to start with
_HEADING_NUMBER = re.compile(r"^(?:[IVX]+\.|\d+\.\d{1,2}|\d+\.) (?=\S)", re.M)


def _pdf_sections(pdf: Path, doc) -> dict[str, str]:
    pages = [p.extract_text() for p in PdfReader(pdf).pages][2:]  # after the title page and the contents
    furniture = _furniture(doc)
    heads = {squeeze("".join(c.text for row in t.head for c in row)) for t in doc.tables()}
    kept = []
    for page in pages:
        page = _MARKER_LINE.sub("", furniture.sub("", page)).strip("\n")
        lines = page.split("\n")
        # a table's header row repeated at the top of the page; the longest that matches (a chart's data table can
        # have the first columns of another table's header)
        for n in range(min(len(lines), 24), 0, -1):
            if squeeze("".join(lines[:n])) in heads and squeeze("".join(lines[:n])) in squeeze("".join(kept)):
                page = "\n".join(lines[n:])
                break
        kept.append(page)
    raw = "\n".join(kept)
    h1 = [h for h in doc.headings() if h.level == 1]
    starts = []
    for h in h1:  # each part starts at its heading, on a line of its own
        m = re.search(r"^" + re.escape(h.full_text) + r"\s*$", raw[starts[-1] if starts else 0:], re.M)
        starts.append((starts[-1] if starts else 0) + m.end())
    sections = {}
    for i, h in enumerate(h1):
        end = raw.rfind("\n", 0, starts[i + 1] - len(h1[i + 1].full_text)) if i + 1 < len(h1) else len(raw)
        body = _HEADING_NUMBER.sub("", raw[starts[i]:end])  # Word numbers headings itself, not in the text
        sections[squeeze(h.text)] = squeeze(body)
    for chart in doc.charts():  # the bars' own words: Word keeps them in the chart's part, not in the body's text
        drawn = squeeze("".join(chart.series) + "".join(
            chart.category_label(i) + "".join(v.text if v.value is not None else NOT_REPORTED for v in row)
            for i, row in enumerate(chart.values)))
        found = [t for t, body in sections.items() if drawn in body]
        assert found, f"chart {chart.number} is not drawn in the PDF as its model says"
        sections[found[0]] = sections[found[0]].replace(drawn, "", 1)
    return sections


def test_word_and_pdf_say_the_same_thing_section_by_section(built_example: Path, example_doc):
    word = _docx_sections(built_example / "report.docx")
    pdf = _pdf_sections(built_example / "report.pdf", example_doc)
    assert list(word) == list(pdf) and len(word) >= 5
    for title in word:
        assert word[title] == pdf[title], title


def test_parity_check_notices_a_difference(built_example: Path, example_doc, tmp_path: Path):
    changed = tmp_path / "changed.docx"
    src = zipfile.ZipFile(built_example / "report.docx")
    with zipfile.ZipFile(changed, "w") as out:
        for info in src.infolist():
            body = src.read(info.filename)
            if info.filename == "word/document.xml":
                body = body.replace("ບົດລາຍງານສະບັບນີ້".encode(), "ບົດລາຍງານສະບັບອື່ນ".encode(), 1)
            out.writestr(info, body)
    word = _docx_sections(changed)
    pdf = _pdf_sections(built_example / "report.pdf", example_doc)
    assert any(word[t] != pdf[t] for t in word)


def test_table_of_contents_block_is_in_the_model(example_doc):
    assert any(isinstance(b, TableOfContents) for b in example_doc.blocks)


def _struct_kinds(root) -> dict[str, int]:
    kinds: dict[str, int] = {}

    def walk(node) -> None:
        node = node.get_object()
        if not isinstance(node, dict):
            return
        if "/S" in node:
            kinds[node["/S"]] = kinds.get(node["/S"], 0) + 1
        kids = node.get("/K")
        kids = kids.get_object() if kids is not None else None
        for kid in kids if isinstance(kids, list) else [kids] if kids is not None else []:
            walk(kid)

    walk(root["/StructTreeRoot"])
    return kinds


def test_pdf_is_tagged_headings_lists_tables_in_lao(built_example: Path, example_doc):
    root = PdfReader(built_example / "report.pdf").trailer["/Root"]
    assert root["/Lang"] == "lo" and root["/MarkInfo"]["/Marked"]
    kinds = _struct_kinds(root)
    headings = example_doc.headings()
    for level in (1, 2, 3):
        assert kinds.get(f"/H{level}") == sum(h.level == level for h in headings)
    items = sum(len(b.items) for b in example_doc.blocks if isinstance(b, ListBlock))
    # a table or list broken across pages is tagged once on each page (WeasyPrint 70)
    assert kinds.get("/LI", 0) >= items and kinds.get("/Table", 0) >= len(example_doc.tables())
