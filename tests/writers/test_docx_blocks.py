"""The DOCX writer on a small hand-built Document: what each block becomes in word/document.xml."""

from __future__ import annotations

import io
import zipfile
from dataclasses import replace

import pytest
from lxml import etree

from reportgen.config import Settings
from reportgen.model.document import FigureRun, Heading, ListBlock, Paragraph, Table, TableOfContents
from reportgen.writers.docx import bookmark_name, read_provenance, write_docx
from reportgen.writers.docx.review import VALUE_LIMIT, property_items, split_value
from small_document import CAPTION_NOTE, GAP, WARNING, small_document

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


@pytest.fixture(scope="module")
def doc():
    return small_document()


@pytest.fixture(scope="module")
def blob(doc) -> bytes:
    return write_docx(doc, Settings())


def part(blob: bytes, name: str):
    return etree.fromstring(zipfile.ZipFile(io.BytesIO(blob)).read(name))


def text(el) -> str:
    return "".join(t.text or "" for t in el.iter(f"{W}t"))


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
    assert prov[bookmark_name(para.id)] == ("results.xml.j2:5 | inputs/LA-XA.xlsx › 7 ຜູ້ຖືກເຄາະຮ້າຍ › F7; "
                                            "inputs/LA-VT.xlsx › 7 ຜູ້ຖືກເຄາະຮ້າຍ › F7")
    assert prov[bookmark_name(lst.items[1].id)] == "results.xml.j2:7 | inputs/LA-VT.xlsx › 7 ຜູ້ຖືກເຄາະຮ້າຍ › F7"
    assert prov[bookmark_name(toc.id)] == "results.xml.j2:2"
    assert set(prov) <= set(names)
    # the table's bookmark is on its caption; the list's spans from its first item to its last
    caption = paragraph_of(body, "ຕາຕະລາງ 1")
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
    assert len(figures) == 4 and len({f.id for f in figures}) == 4
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
    assert on(paragraph_of(body, "ຕາຕະລາງ 1")) == [CAPTION_NOTE.text]
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
    assert [text(p) for p in toc] == ["I. ພາບລວມ", "1. ຜູ້ຖືກເຄາະຮ້າຍ"]
    targets = [p.find(f"{W}hyperlink").get(f"{W}anchor") for p in toc]
    assert targets == [n for n in bookmarks(h1) if n.startswith("_Toc")] + [n for n in bookmarks(h2)
                                                                             if n.startswith("_Toc")]
    assert 'TOC \\o "1-3"' in "".join(t.text for t in toc[0].iter(f"{W}instrText"))
    assert [text(p) for p in body.iter(f"{W}p") if style(p) == "TOCHeading"] == ["ສາລະບານ"]


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
    caption = paragraph_of(body, "ຕາຕະລາງ 1")
    assert text(caption) == "ຕາຕະລາງ 1: ຜູ້ຖືກເຄາະຮ້າຍ ແຍກຕາມແຂວງ" and style(caption) == "Caption"
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


def test_long_provenance_is_split_not_cut_and_read_back_whole():
    value = "; ".join(f"inputs/LA-D{i:02d}.xlsx › 7 ຜູ້ຖືກເຄາະຮ້າຍ › F{i}" for i in range(40))
    pieces = split_value(value)
    assert len(pieces) > 3 and all(len(p) <= VALUE_LIMIT for p in pieces) and "".join(pieces) == value
    assert not any(p[0].isspace() or p[-1].isspace() for p in pieces)
    items = property_items({"rg_b1": value, "rg_b2": "short"})
    assert [n for n, _ in items][:3] == ["reportgen:rg_b1", "reportgen:rg_b1#2", "reportgen:rg_b1#3"]
    doc = small_document()
    para = next(b for b in doc.blocks if isinstance(b, Paragraph) and b.remarks)
    para.source = replace(para.source, origin=tuple(para.source.origin) * 30)
    blob = write_docx(doc, Settings())
    assert read_provenance(blob)[bookmark_name(para.id)] == str(para.source)
