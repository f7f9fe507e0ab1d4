"""Where pages break, in the PDF's layout (WeasyPrint) and in the DOCX's keep-with-next: tables keep three rows
or more on either side of a break and their total row with them, short tables are not broken, the signature
comes with the last lines of text, and a paragraph does not end on a line of one word."""

from __future__ import annotations

import datetime as dt
import zipfile
from io import BytesIO

import pytest
from lxml import etree

from reportgen.model.document import Cell, Document, Meta, Paragraph, Run, Table, assign_ids, number_blocks
from reportgen.writers._blocks import KEEP_ROWS, held_rows
from reportgen.writers.docx import write_docx
from reportgen.writers.html import write_html
from reportgen.writers.pdf import page

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
SENTENCE = "ຄະນະກຳມະການຕ້ານການຄ້າມະນຸດແຕ່ລະຂັ້ນ ໄດ້ລາຍງານຜົນການຈັດຕັ້ງປະຕິບັດວຽກງານ ໃນປີຜ່ານມາ "


def document(blocks) -> Document:
    meta = Meta(title="ທົດລອງ", short_title="ທົດລອງ", subject="test", author="ຄະນະກຳມະການ", language="lo-LA",
                date=dt.date(2020, 2, 13), year=2019, sample=False)
    number_blocks(blocks)
    assign_ids(blocks)
    return Document(meta, blocks)


def filler(n: int, length: int = 3) -> list[Paragraph]:
    """`n` paragraphs of `length` sentences (one sentence: one line; 0: a line of one word)."""
    return [Paragraph([Run(SENTENCE * length if length else "ແລະ")]) for _ in range(n)]


def table(rows: int) -> Table:
    body = [[Cell([Run(f"ແຂວງ {i + 1}")]), Cell([Run(str(i))], numeric=True)] for i in range(rows - 1)]
    body.append([Cell([Run("ລວມ")]), Cell([Run("99")], numeric=True)])
    return Table(caption=[Run("ຜູ້ຖືກເຄາະຮ້າຍ")], head=[[Cell([Run("ແຂວງ")], header=True),
                                                      Cell([Run("ຈຳນວນ")], header=True)]],
                 body=body, total_rows={rows - 1}, widths=[3.0, 1.0])


def pages(doc: Document):
    return [p._page_box for p in page(write_html(doc)).render().pages]


def descendants(box):
    yield box
    for child in getattr(box, "children", []):
        yield from descendants(child)


def body_rows_per_page(doc: Document) -> list[list[str]]:
    """For each page, the classes of the table's body rows on it (one table in the document)."""
    out = []
    for box in pages(doc):
        rows = []
        for b in descendants(box):
            if getattr(b, "element_tag", "") == "tbody":
                rows += [r.element.get("class") or "" for r in b.children]
        out.append(rows)
    return [r for r in out if r]


def test_held_rows_are_the_second_third_last_two_and_totals():
    assert held_rows(20, {19, 9}) == {1, 2, 9, 18, 19}
    assert held_rows(2 * KEEP_ROWS - 1, {4}) == {1, 2, 3, 4}  # short: never broken


def test_a_long_table_keeps_three_rows_on_either_side_of_a_break_and_its_total():
    split = 0
    for before in range(0, 24):  # one line more each time: the break falls before every row in turn
        chunks = body_rows_per_page(document([*filler(14, 1), *filler(before, 0), table(20)]))
        if len(chunks) > 1:
            split += 1
            assert all(len(c) >= KEEP_ROWS for c in chunks), (before, [len(c) for c in chunks])
            assert "total" in chunks[-1][-1] and len(chunks[-1]) >= KEEP_ROWS
    assert split >= 3  # the table did break, at several places


def test_a_short_table_is_never_broken():
    moved = 0
    for before in range(14, 26):
        chunks = body_rows_per_page(document([*filler(before, 1), table(5)]))
        assert len(chunks) == 1, (before, [len(c) for c in chunks])
        moved += 1
    assert moved


def _page_of(doc_pages, cls: str) -> int:
    for n, box in enumerate(doc_pages):
        if any(getattr(b, "element_tag", "") == "p" and cls in (b.element.get("class") or "").split()
               for b in descendants(box)):
            return n
    raise AssertionError(cls)


def test_the_signature_block_comes_with_the_last_lines_of_text():
    seen_alone_before = False
    for n in range(8, 16):
        blocks = [*filler(n, 4), Paragraph([Run("ປະທານຄະນະກຳມະການ")], "signature"),
                  Paragraph([Run("...............")], "signname")]
        laid = pages(document(blocks))
        at = _page_of(laid, "signature")
        assert _page_of(laid, "signname") == at
        texts = [b for b in descendants(laid[at]) if getattr(b, "element_tag", "") == "p"
                 and "body" in (b.element.get("class") or "")]
        assert texts, f"{n} paragraphs: the signature is alone on page {at + 1}"
        seen_alone_before |= at > 0
    assert seen_alone_before  # some layouts did put the signature on a later page


def test_a_paragraph_does_not_end_on_a_line_of_one_word():
    ends = []
    for k in range(0, 40):
        text = SENTENCE + "ແລະ ບ້ານ " * k + "ດັ່ງນີ້:"
        box = pages(document([Paragraph([Run(text)])]))[0]
        p = next(b for b in descendants(box) if getattr(b, "element_tag", "") == "p")
        last = p.children[-1]
        words = "".join(getattr(t, "text", "") for t in descendants(last)).replace("\u200b", "").split()
        ends.append(words)
        assert words != ["ດັ່ງນີ້:"], k
    assert any(len(w) == 2 for w in ends)  # the last two words did move down together


def _doc_xml(doc: Document):
    with zipfile.ZipFile(BytesIO(write_docx(doc))) as z:
        return etree.fromstring(z.read("word/document.xml"))


@pytest.mark.parametrize("rows", [5, 20])
def test_docx_rows_keep_with_the_next_where_the_pdf_may_not_break(rows):
    tbl = _doc_xml(document([table(rows)])).find(f".//{W}tbl")
    kept = [tr.find(f"{W}tc/{W}p/{W}pPr/{W}keepNext") is not None for tr in tbl.findall(f"{W}tr")]
    head, body = kept[0], kept[1:]
    assert head
    assert {i + 1 for i, k in enumerate(body) if k} == held_rows(rows, {rows - 1})


def test_docx_keeps_the_last_paragraph_with_the_signature():
    blocks = [*filler(2), Paragraph([Run("ປະທານ")], "signature"), Paragraph([Run("....")], "signname")]
    paras = _doc_xml(document(blocks)).findall(f".//{W}body/{W}p")
    keep = [p.find(f"{W}pPr/{W}keepNext") is not None for p in paras]
    assert keep[:3] == [False, True, False]  # the last body paragraph; Signature keeps with next by its style
