"""The DOCX writer on a small hand-built Document: what each block becomes in word/document.xml."""

from __future__ import annotations

import io
import zipfile
from dataclasses import replace
from pathlib import Path

import pytest
from lxml import etree

from reportgen.config import Settings
from reportgen.model.document import FigureRun, Heading, ListBlock, Paragraph, Table, TableOfContents
from reportgen.model.submission import CellRef
from reportgen.writers.docx import PROVENANCE_NAMESPACE, bookmark_name, read_provenance, write_docx
from small_document import CAPTION_NOTE, GAP, VT, WARNING, XA, small_document

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
FILES = Path(__file__).parent / "files"


@pytest.fixture(scope="module")
def doc():
    return small_document()


@pytest.fixture(scope="module")
def blob(doc) -> bytes:
    return write_docx(doc, Settings())


def part(blob: bytes, name: str):
    return etree.fromstring(zipfile.ZipFile(io.BytesIO(blob)).read(name))


def text(el) -> str:
    """The words as read: without the joiners that keep ແຂວງ with its name (writers/docx/nobreak.py)."""
    return "".join(t.text or "" for t in el.iter(f"{W}t")).replace("\u2060", "")


def style(p) -> str:
    s = p.find(f"{W}pPr/{W}pStyle")
    return s.get(f"{W}val") if s is not None else ""


def bookmarks(el) -> dict[str, str]:
    """Bookmark name → its w:id, in `el`."""
    return {b.get(f"{W}name"): b.get(f"{W}id") for b in el.iter(f"{W}bookmarkStart")}


def paragraph_of(body, fragment: str):
    return next(p for p in body.iter(f"{W}p") if fragment in text(p) and not style(p).startswith("TOC"))


def test_every_block_is_bookmarked_by_its_id_with_its_full_source(doc, blob):
    body = part(blob, "word/document.xml")
    names = bookmarks(body)
    prov = read_provenance(blob)
    heading, lst, table, toc = (next(b for b in doc.blocks if isinstance(b, t))
                                for t in (Heading, ListBlock, Table, TableOfContents))
    para = next(b for b in doc.blocks if isinstance(b, Paragraph) and b.remarks)
    for block in (heading, para, lst, *lst.items, table, toc):
        assert block.id and bookmark_name(block.id) in names, block
    assert bookmark_name(para.id) == f"rg_{para.id}"
    assert str(prov[bookmark_name(para.id)]) == ("results.xml.j2:5 | inputs/LA-XA.xlsx › 7 ຜູ້ຖືກເຄາະຮ້າຍ › F7; "
                                                 "inputs/LA-VT.xlsx › 7 ຜູ້ຖືກເຄາະຮ້າຍ › F7")
    item = prov[bookmark_name(lst.items[1].id)]
    assert (item.kind, item.template, item.line, item.key, item.origin) == ("item", "results.xml.j2", 7, "lesson-2",
                                                                            (VT,))
    assert item.parent == bookmark_name(lst.id) and item.text == "ບົດຮຽນທີສອງ"
    assert str(prov[bookmark_name(toc.id)]) == "results.xml.j2:2"
    assert set(prov) <= set(names)
    # the table's bookmark is on its caption; the list's spans from its first item to its last
    caption = paragraph_of(body, "ຕາຕະລາງທີ 1")
    assert bookmark_name(table.id) in bookmarks(caption)
    first, last = paragraph_of(body, "ບົດຮຽນທີໜຶ່ງ"), paragraph_of(body, "ບົດຮຽນທີສອງ")
    list_id = names[bookmark_name(lst.id)]
    assert list_id in bookmarks(first).values()
    assert [e.get(f"{W}id") for e in last.iter(f"{W}bookmarkEnd")].count(list_id) == 1


def test_figures_carry_the_figure_style_and_a_bookmark_named_from_their_id(doc, blob):
    body = part(blob, "word/document.xml")
    styles = part(blob, "word/styles.xml")
    figure_style = next(s for s in styles.iter(f"{W}style") if s.get(f"{W}styleId") == "Figure")
    assert figure_style.get(f"{W}type") == "character"
    figures = [r for b in doc.blocks for r in getattr(b, "runs", []) if isinstance(r, FigureRun)]
    figures += [r for t in doc.tables() for row in t.body for c in row for r in c.runs if isinstance(r, FigureRun)]
    assert len(figures) == 6 and len({f.id for f in figures}) == 6  # the chart's figures: once, in its data table
    for f in figures:
        start = next(b for b in body.iter(f"{W}bookmarkStart") if b.get(f"{W}name") == bookmark_name(f.id))
        run = start.getnext()  # the figure's run alone, comments' ranges around the bookmark
        assert run.tag == f"{W}r" and text(run) == f.text
        assert run.find(f"{W}rPr/{W}rStyle").get(f"{W}val") == "Figure"
        end = run.getnext()
        assert end.tag == f"{W}bookmarkEnd" and end.get(f"{W}id") == start.get(f"{W}id")


def test_remarks_become_comments_on_their_paragraph_caption_and_cell(blob):
    body = part(blob, "word/document.xml")
    comments = {c.get(f"{W}id"): (c.get(f"{W}author"), text(c)) for c in part(blob, "word/comments.xml")}
    assert sorted(t for _, t in comments.values()) == sorted([GAP.text, WARNING.text, CAPTION_NOTE.text, GAP.text])
    assert {a for a, _ in comments.values()} == {"reportgen"}
    assert GAP.text == "ບາງຄະນະບໍ່ໄດ້ລາຍງານ / some committees did not report: LA-VT.xlsx › 7 ຜູ້ຖືກເຄາະຮ້າຍ › F7"

    def on(p) -> list[str]:
        return [comments[s.get(f"{W}id")][1] for s in p.iter(f"{W}commentRangeStart")]

    assert on(paragraph_of(body, "ຜູ້ຖືກເຄາະຮ້າຍທັງໝົດ")) == [GAP.text, WARNING.text]
    assert on(paragraph_of(body, "ຕາຕະລາງທີ 1")) == [CAPTION_NOTE.text]
    cell = next(tc for tc in body.iter(f"{W}tc") if text(tc) == "–")
    assert on(cell) == [GAP.text]


def test_headings_contents_and_page_break(doc, blob):
    body = part(blob, "word/document.xml")
    h1 = next(p for p in body.iter(f"{W}p") if style(p) == "Heading1")
    h2 = next(p for p in body.iter(f"{W}p") if style(p) == "Heading2")
    assert text(h1) == "ພາບລວມ" and text(h2) == "ຜູ້ຖືກເຄາະຮ້າຍ"  # numbers come from the styles' numbering
    assert h1.find(f"{W}pPr/{W}numPr") is None and h1.find(f"{W}pPr/{W}pageBreakBefore") is not None
    assert h2.find(f"{W}pPr/{W}pageBreakBefore") is None
    toc = [p for p in body.iter(f"{W}p") if style(p) in ("TOC1", "TOC2")]
    toc, figures = toc[:2], toc[2:]  # then the list of figures (tests/writers/test_charts.py)
    assert [text(p) for p in toc] == ["I. ພາບລວມ", "1. ຜູ້ຖືກເຄາະຮ້າຍ"]
    assert [text(p) for p in figures] == ["ແຜນວາດທີ 1: ຜູ້ຖືກເຄາະຮ້າຍ ແຍກຕາມແຂວງ"]
    targets = [p.find(f"{W}hyperlink").get(f"{W}anchor") for p in toc]
    assert targets == [n for n in bookmarks(h1) if n.startswith("_Toc")] + [n for n in bookmarks(h2)
                                                                             if n.startswith("_Toc")]
    assert 'TOC \\o "1-3"' in "".join(t.text for t in toc[0].iter(f"{W}instrText"))
    assert [text(p) for p in body.iter(f"{W}p") if style(p) == "TOCHeading"] == ["ສາລະບານ", "ລາຍການແຜນວາດ"]


def test_ordered_list_restarts_its_numbering(blob):
    body = part(blob, "word/document.xml")
    items = [paragraph_of(body, "ບົດຮຽນທີໜຶ່ງ"), paragraph_of(body, "ບົດຮຽນທີສອງ")]
    assert {style(p) for p in items} == {"ListNumber"}
    num_ids = {p.find(f"{W}pPr/{W}numPr/{W}numId").get(f"{W}val") for p in items}
    assert len(num_ids) == 1
    num = next(n for n in part(blob, "word/numbering.xml").iter(f"{W}num") if n.get(f"{W}numId") in num_ids)
    assert num.find(f"{W}lvlOverride/{W}startOverride").get(f"{W}val") == "1"


def test_table_caption_header_total_row_and_widths(blob):
    body = part(blob, "word/document.xml")
    caption = paragraph_of(body, "ຕາຕະລາງທີ 1")
    assert text(caption) == "ຕາຕະລາງທີ 1: ຜູ້ຖືກເຄາະຮ້າຍ ແຍກຕາມແຂວງ" and style(caption) == "Caption"
    assert "SEQ Table" in "".join(t.text for t in caption.iter(f"{W}instrText"))
    tbl = next(body.iter(f"{W}tbl"))
    rows = tbl.findall(f"{W}tr")
    assert [[text(tc) for tc in r.findall(f"{W}tc")] for r in rows] == [
        ["ແຂວງ", "ຈຳນວນ"], ["ໄຊຍະບູລີ", "5"], ["ນະຄອນຫຼວງວຽງຈັນ", "–"], ["ລວມ", "12*"]]
    assert rows[0].find(f"{W}trPr/{W}tblHeader") is not None and rows[1].find(f"{W}trPr/{W}tblHeader") is None
    total = rows[3]
    assert all(r.find(f"{W}rPr/{W}b") is not None and r.find(f"{W}rPr/{W}bCs") is not None
               for r in total.iter(f"{W}r"))
    assert total.find(f"{W}tc/{W}tcPr/{W}shd").get(f"{W}fill") == "F1F1F1"
    assert [c.get(f"{W}w") for c in tbl.iter(f"{W}gridCol")] == ["7015", "2338"]  # 3:1 of 16.5 cm (21 − 2.5 − 2)
    number_cell = rows[1].findall(f"{W}tc")[1]
    assert number_cell.find(f"{W}p/{W}pPr/{W}jc").get(f"{W}val") == "right"
    assert text(paragraph_of(body, "* ບໍ່ຄົບ")) == "* ບໍ່ຄົບ"


def test_ids_given_when_the_document_has_none_and_the_document_left_as_it_was(blob):
    bare = small_document(ids=False)
    assert write_docx(bare, Settings()) == blob
    assert all(b.id == "" for b in bare.blocks)


def test_provenance_part_holds_every_source_and_figure_whole(doc, blob):
    """The custom XML part: each block's template, line, key, places and text, and each figure with its key,
    scope, value, marks and cells; a table's cells by row and column; figures found by their own bookmark."""
    z = zipfile.ZipFile(io.BytesIO(blob))
    assert "docProps/custom.xml" not in z.namelist()  # the part replaces the old custom properties
    item = next(n for n in z.namelist() if n.startswith("customXml/item") and PROVENANCE_NAMESPACE.encode() in z.read(n))
    n = item.removeprefix("customXml/item").removesuffix(".xml")
    assert f"customXml/itemProps{n}.xml" in z.namelist()
    rels = z.read("word/_rels/document.xml.rels").decode()
    assert f'Target="../customXml/item{n}.xml"' in rels
    prov = read_provenance(blob)
    para = next(b for b in doc.blocks if isinstance(b, Paragraph) and b.remarks)
    p = prov[bookmark_name(para.id)]
    assert (p.kind, p.id, p.template, p.line, p.origin, p.text) == (
        "paragraph", para.id, "results.xml.j2", 5, (XA, VT), "ຜູ້ຖືກເຄາະຮ້າຍທັງໝົດ 12* ຄົນ.")
    assert p.figures == tuple(r for r in para.runs if isinstance(r, FigureRun))
    figure = p.figures[0]
    assert (figure.figure, figure.value, figure.partial, figure.warned, figure.reported_by) == (
        "victims.all.total", 12, True, True, ("LA-XA.xlsx",))
    on_its_own = prov[bookmark_name(figure.id)]  # a comment on the figure finds it, and its sentence
    assert on_its_own.kind == "figure" and on_its_own.figures == (figure,) and on_its_own.parent == p.bookmark
    table = next(b for b in doc.blocks if isinstance(b, Table))
    t = prov[bookmark_name(table.id)]
    assert t.kind == "table" and t.text == "ຜູ້ຖືກເຄາະຮ້າຍ ແຍກຕາມແຂວງ" and len(t.cells) == 8
    cell = t.cell(2, 1)  # head row first: the second body row's number
    assert (cell.text, cell.key, cell.line, cell.origin) == ("–", "LA-VT", 14, (VT,))
    assert cell.figures == tuple(table.body[1][1].runs)
    assert t.cell(3, 1).figures == tuple(table.body[2][1].runs)  # the total row
    missing = prov[bookmark_name(table.body[1][1].runs[0].id)]
    assert (missing.kind, missing.parent, missing.row, missing.col, missing.figures[0].value) == (
        "figure", t.bookmark, 2, 1, None)


def test_long_provenance_is_stored_whole(tmp_path):
    doc = small_document()
    para = next(b for b in doc.blocks if isinstance(b, Paragraph) and b.remarks)
    many = tuple(CellRef(f"inputs/LA-D{i:02d}.xlsx", "7 ຜູ້ຖືກເຄາະຮ້າຍ", f"F{i}") for i in range(400))
    para.source = replace(para.source, origin=many)
    para.runs[1].sources = many
    blob = write_docx(doc, Settings())
    p = read_provenance(blob)[bookmark_name(para.id)]
    assert p.origin == many and p.figures[0].sources == many and str(p) == str(para.source)
    saved = tmp_path / "report.docx"
    saved.write_bytes(blob)
    assert read_provenance(saved) == read_provenance(blob)  # from a path as from bytes


def test_a_docx_built_before_the_part_is_read_from_its_properties():
    """Reports built before the provenance part kept one line per bookmark in custom properties, long ones
    over name#2, name#3…: they still read, as far as those lines went."""
    old = FILES / "provenance-in-properties.docx"
    prov = read_provenance(old)
    assert len(prov) == 9
    # The file's own bookmark names (ids made by the writer of that time), found by what they recorded.
    p = next(v for v in prov.values() if (v.template, v.line) == ("results.xml.j2", 5))
    assert p.origin == (XA, VT) * 20  # over 7 properties, whole
    assert p.figures == () and p.kind == ""
    assert any(v.origin == (XA,) for v in prov.values())  # a list item
    assert "results.xml.j2:6" in {str(v) for v in prov.values()}  # the list


def test_machine_comments_can_be_turned_off(doc):
    blob = write_docx(doc, Settings(machine_comments=False))
    body = part(blob, "word/document.xml")
    assert list(body.iter(f"{W}commentRangeStart")) == [] and list(body.iter(f"{W}commentReference")) == []
    z = zipfile.ZipFile(io.BytesIO(blob))
    assert "word/comments.xml" not in z.namelist() or len(part(blob, "word/comments.xml")) == 0
    assert "12*" in text(body) and read_provenance(blob)  # the marks and the sources stay


def test_a_table_without_caption_has_its_remarks_on_its_first_cell(doc):
    bare = small_document()
    table = next(b for b in bare.blocks if isinstance(b, Table))
    table.caption = []
    table.head[0][0].runs = []  # even an empty first cell holds them
    blob = write_docx(bare, Settings())
    comments = {c.get(f"{W}id"): text(c) for c in part(blob, "word/comments.xml")}
    first = next(part(blob, "word/document.xml").iter(f"{W}tbl")).find(f"{W}tr/{W}tc")
    assert [comments[s.get(f"{W}id")] for s in first.iter(f"{W}commentRangeStart")] == [CAPTION_NOTE.text]
