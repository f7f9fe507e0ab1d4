"""The HTML writer on a small hand-built Document: ids, figures, contents links, lists and tables."""

from __future__ import annotations

import pytest
from lxml import html as lxml_html

from reportgen.config import Settings
from reportgen.model.document import FigureRun, ListBlock, Paragraph, Table, TableOfContents
from reportgen.writers.html import body_html, write_html
from reportgen.writers.html.linebreak import ZWSP
from small_document import small_document


@pytest.fixture(scope="module")
def doc():
    return small_document()


@pytest.fixture(scope="module")
def page(doc):
    return lxml_html.fromstring(write_html(doc, Settings()))


def text(el) -> str:
    return el.text_content().replace(ZWSP, "")


def first(doc, kind):
    return next(b for b in doc.blocks if isinstance(b, kind))


def test_every_block_is_under_its_id(doc, page):
    lst, table, toc = first(doc, ListBlock), first(doc, Table), first(doc, TableOfContents)
    for block in [*doc.headings(), *[b for b in doc.blocks if isinstance(b, Paragraph)], lst, *lst.items, table, toc]:
        assert len(page.xpath(f'//*[@id="{block.id}"]')) == 1, block
    assert page.get_element_by_id(lst.id).tag == "ol"
    assert [li.get("id") for li in page.get_element_by_id(lst.id)] == [i.id for i in lst.items]
    assert page.get_element_by_id(table.id).tag == "table" and page.get_element_by_id(toc.id).tag == "nav"
    ids = page.xpath("//@id")
    assert len(ids) == len(set(ids))


def test_headings_numbered_and_the_contents_links_to_their_ids(doc, page):
    h1, h2 = doc.headings()
    el1, el2 = page.get_element_by_id(h1.id), page.get_element_by_id(h2.id)
    assert (el1.tag, text(el1), el1.get("data-label")) == ("h1", "I. ພາບລວມ", "I. ພາບລວມ")
    assert (el2.tag, text(el2)) == ("h2", "1. ຜູ້ຖືກເຄາະຮ້າຍ")
    assert el1.get("class") == "h pagebreak" and el2.get("class") == "h"  # the page break before the first
    links = page.xpath('//nav[@class="toc"]//a')
    assert [(a.get("href"), text(a)) for a in links] == [(f"#{h1.id}", "I. ພາບລວມ"), (f"#{h2.id}", "1. ຜູ້ຖືກເຄາະຮ້າຍ")]
    assert text(page.xpath('//nav[@class="toc"]/p[@class="toc-title"]')[0]) == "ສາລະບານ"


def test_figures_are_marked_with_their_id_key_value_and_flags(doc, page):
    para = next(b for b in doc.blocks if isinstance(b, Paragraph) and b.remarks)
    figure = next(r for r in para.runs if isinstance(r, FigureRun))
    span = page.get_element_by_id(figure.id)
    assert span.tag == "span" and span.get("class") == "figure" and text(span) == "12*"
    assert dict(span.attrib) == {"class": "figure", "id": figure.id, "data-figure": "victims.all.total",
                                 "data-value": "12", "data-partial": "true", "data-warned": "true"}
    assert span.getparent().get("id") == para.id and text(span.getparent()) == "ຜູ້ຖືກເຄາະຮ້າຍທັງໝົດ 12* ຄົນ."
    cells = first(doc, Table).body
    unreported = cells[1][1].runs[0]
    span = page.get_element_by_id(unreported.id)
    assert span.get("data-scope") == "province:LA-VT" and "data-value" not in span.attrib and text(span) == "–"
    assert span.getparent().tag == "td" and span.getparent().get("class") == "num"


def test_table_caption_header_and_total_row(doc, page):
    table = page.get_element_by_id(first(doc, Table).id)
    assert text(table.find("caption")) == "ຕາຕະລາງທີ 1: ຜູ້ຖືກເຄາະຮ້າຍ ແຍກຕາມແຂວງ"
    assert [text(th) for th in table.xpath("thead/tr/th")] == ["ແຂວງ", "ຈຳນວນ"]
    rows = table.xpath("tbody/tr")
    assert [[text(td) for td in tr] for tr in rows] == [["ໄຊຍະບູລີ", "5"], ["ນະຄອນຫຼວງວຽງຈັນ", "–"], ["ລວມ", "12*"]]
    assert [tr.get("class") for tr in rows] == [None, None, "total"]
    assert [c.get("style") for c in table.xpath("colgroup/col")] == ["width:75.00%", "width:25.00%"]
    assert rows[1][0].xpath("span/@class") == ["name"]  # a place's name is never broken across lines
    assert text(table.getnext()) == "* ບໍ່ຄົບ" and table.getnext().get("class") == "table-note"


def test_ids_given_when_the_document_has_none_and_the_document_left_as_it_was(doc):
    bare = small_document(ids=False)
    assert write_html(bare, Settings()) == write_html(doc, Settings())
    assert all(b.id == "" for b in bare.blocks)
    assert 'id="' not in body_html(bare)  # the body alone writes the ids it is given, and makes up none
