"""One term per concept: the glossary is complete, and no other spelling of a concept appears in what reportgen
writes — the Lao report (DOCX and PDF), the forms and the messages."""

from __future__ import annotations

import re
import zipfile

import pytest

from pdf_facts import pdf_text
from reportgen.contract import schema
from reportgen.contract.glossary import avoided_in, glossary, term
from reportgen.messages import catalogue
from reportgen.model.document import CAPTION_LABEL
from reportgen.readers.workbook import read_workbook
from reportgen.writers.xlsx.forms import Identity, build_form


def test_every_concept_has_lao_english_and_a_place():
    for t in glossary().values():
        assert t.lo and t.en and t.where, t.key
        assert set(t.where) <= {"report", "forms", "messages"}, t.key
        assert t.lo not in t.avoid, t.key


def test_avoided_spellings_are_found_and_the_terms_holding_them_are_not():
    assert avoided_in("ສະພາບລວມ ແລະ ຜົນງານພົ້ນເດັ່ນ") == []
    assert avoided_in("ພາບລວມ") == [("overview", "ພາບລວມ")]
    assert ("shortcomings", "ຂໍ້ຄົງຄ້າງ") in avoided_in("ຂໍ້ຄົງຄ້າງ ແລະ ສາເຫດ")
    assert avoided_in("ຄະດີສົ່ງໄອຍະການ") == [("to_prosecutor", "ສົ່ງໄອຍະການ")]  # ໄອຍະການ, a term, does not hide it


def test_the_writers_take_their_words_from_it():
    assert CAPTION_LABEL == term("table")
    assert term("victim", "en") == "victim"
    assert schema.VICTIMS.lo == term("victim")
    assert schema.SHORTCOMINGS.lo == term("shortcomings")
    assert schema.option_label("cooperation_type", "ngo") == term("ngo")


def _docx_text(path) -> str:
    with zipfile.ZipFile(path) as z:
        xml = z.read("word/document.xml").decode("utf-8")
    return "".join(re.findall(r"<w:t(?: [^>]*)?>([^<]*)</w:t>", xml))


def test_the_example_report_uses_one_spelling_per_concept(built_example):
    assert avoided_in(_docx_text(built_example / "report.docx")) == []
    assert avoided_in(pdf_text(built_example / "report.pdf")) == []


def test_the_lao_report_body_has_no_english_sentence(built_example, example_inputs):
    """English beside Lao is for messages. In the report's body only what committees typed (a partner's name),
    the name of the Word file and data.xlsx, and the sample-data stamp of the first page (Lao, then English, on
    purpose: it must not be missed) are in Latin letters."""
    body = _docx_text(built_example / "report.docx")
    body = re.sub(r"ຂໍ້ມູນຕົວຢ່າງ — sample data:[^/]*/[^<]*?figures", "", body)
    typed = set()
    for path in example_inputs.glob("*.xlsx"):
        for items in read_workbook(path).lists.values():
            for item in items:
                typed |= {w for v in item.fields.values() if isinstance(v, str) for w in re.findall(r"[A-Za-z]+", v)}
    words = {w for w in re.findall(r"[A-Za-z]{3,}", body) if not re.fullmatch(r"[IVX]+", w)}  # headings: I., II.…
    words -= typed | {"Word", "data", "xlsx"}
    assert words == set(), sorted(words)[:20]


@pytest.mark.parametrize("level", ["national", "province", "district"])
def test_the_forms_use_one_spelling_per_concept(level):
    ident = {"national": Identity("national", 2019), "province": Identity("province", 2019, "LA-XA"),
             "district": Identity("district", 2019, "LA-XA", "0801")}[level]
    wb = build_form(ident)
    texts = [str(c.value) for ws in wb.worksheets for row in ws.iter_rows() for c in row if isinstance(c.value, str)]
    assert avoided_in("\n".join(texts)) == []


def test_the_messages_use_one_spelling_per_concept():
    texts = [f"{e.lo}\n{e.fix_lo}" for e in catalogue().values()]
    assert avoided_in("\n".join(texts)) == []
