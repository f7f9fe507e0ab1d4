"""Text from workbooks is printed as text: never template code, markup, a field or a formula.

Committees type free text; a form may also pass through scripts. Whatever it says must reach the DOCX,
the HTML and the PDF exactly as typed, and nothing reportgen writes into a spreadsheet may become a formula.
"""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import pytest
from lxml import etree, html

from conftest import minimal_form
from pdf_facts import pdf_text
from reportgen.config import load_settings
from reportgen.readers.workbook import read_workbook
from reportgen.writers.xlsx import forms
from reportgen.writers.xlsx.forms import Identity, build_form, save_bytes, set_item, set_value

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
HOSTILE = (
    "{{ 7*7 }}",
    "{% for x in range(3) %}x{% endfor %}{# note #}",
    "<script>alert(1)</script>",
    '<img src="file:///etc/passwd">',
    '=HYPERLINK("http://example.com/x","ກົດທີ່ນີ້")',
    "@SUM(A1:A9)",
    "+1-2 ]]> &amp; </li></ul> ${HOME}",
)


def _hostile_form(tmp_path: Path) -> Path:
    wb = minimal_form(Identity("province", 2019, "LA-XA"))
    area = "ການປ້ອງກັນ ແລະ ການໂຄສະນາສຶກສາອົບຮົມ"
    for i, text in enumerate(HOSTILE):
        set_item(wb, "achievements", i, {"area": area, "description": f"ຜົນງານ {text}", "highlight": "ແມ່ນ"})
        set_item(wb, "lessons", i, {"lesson": f"ບົດຮຽນ {text}"})
        set_item(wb, "plans", i, {"area": area, "activity": f"ແຜນ {text}"})
    inputs = tmp_path / "inputs"
    inputs.mkdir()
    (inputs / "LA-XA.xlsx").write_bytes(save_bytes(wb))
    return inputs


@pytest.fixture(scope="module")
def hostile_build(tmp_path_factory) -> Path:
    from reportgen.pipeline import build_report

    tmp = tmp_path_factory.mktemp("hostile")
    _hostile_form(tmp)
    build_report(load_settings(None, cwd=tmp, year=2019), ("docx", "pdf", "html"), provinces=("all",))
    return tmp / "build" / "2019"


# The province's own report lists every item of its committee; the national report only those that matter
# nationally (highlights, items several committees share). Both are searched: the text as typed, wherever it lands.
REPORTS = ("report", "provinces/LA-XA")


def _flat(text: str) -> str:
    return re.sub(r"[\s\u200b]+", "", text)


def test_workbook_text_is_read_literally(tmp_path: Path):
    sub = read_workbook(_hostile_form(tmp_path) / "LA-XA.xlsx")
    assert sub.issues == []
    assert [it.get("lesson") for it in sub.lists["lessons"]] == [f"ບົດຮຽນ {t}" for t in HOSTILE]


@pytest.mark.parametrize("report", REPORTS)
def test_docx_holds_the_text_as_typed_and_no_field_or_link(hostile_build: Path, report: str):
    with zipfile.ZipFile(hostile_build / f"{report}.docx") as z:
        body = etree.fromstring(z.read("word/document.xml"))
        rels = z.read("word/_rels/document.xml.rels")
    text = "".join(t.text or "" for t in body.iter(f"{W}t"))
    for t in HOSTILE:
        assert f"ຜົນງານ {t}" in text, t  # highlights: in both reports
        if report != "report":
            for prefix in ("ບົດຮຽນ", "ແຜນ"):
                assert f"{prefix} {t}" in text, (prefix, t)
    # links only to places inside the document (contents), fields only reportgen's own (page numbers…)
    assert all(h.get(f"{W}anchor") for h in body.iter(f"{W}hyperlink"))
    assert b'TargetMode="External"' not in rels
    instructions = [e.text or "" for e in body.iter(f"{W}instrText")] + [e.get(f"{W}instr", "")
                                                                         for e in body.iter(f"{W}fldSimple")]
    assert not [i for i in instructions if "example.com" in i or "SUM" in i or "HYPERLINK" in i]


@pytest.mark.parametrize("report", REPORTS)
def test_html_shows_markup_as_text_and_has_no_script_or_image(hostile_build: Path, report: str):
    source = (hostile_build / f"{report}.html").read_text(encoding="utf-8")
    page = html.fromstring(source)
    assert not page.xpath("//script") and not page.xpath("//img")
    text = page.text_content().replace("\u200b", "")
    for t in HOSTILE:
        assert f"ຜົນງານ {t}" in text, t
        if report != "report":
            assert f"ບົດຮຽນ {t}" in text, t


@pytest.mark.parametrize("report", REPORTS)
def test_pdf_text_layer_holds_the_text_as_typed(hostile_build: Path, report: str):
    text = _flat(pdf_text(hostile_build / f"{report}.pdf"))
    for t in HOSTILE:
        assert _flat(f"ຜົນງານ {t}") in text, t
        if report != "report":
            assert _flat(f"ບົດຮຽນ {t}") in text, t


# ---- what reportgen writes into spreadsheets ---------------------------------------------------------

def _cells_with_formulas(data: bytes) -> list[str]:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return [n for n in z.namelist() if n.startswith("xl/worksheets/") and re.search(rb"<(\w+:)?f[\s>/]", z.read(n))]


@pytest.mark.parametrize("text", ['=HYPERLINK("http://example.com","x")', "=1+1", "+1+1", "-1+1", "@SUM(A1)"])
def test_prefilled_text_never_becomes_a_formula(text: str, monkeypatch):
    monkeypatch.setattr(forms.Identity, "committee_name", lambda self: text)
    data = save_bytes(build_form(Identity("province", 2019, "LA-XA")))
    assert _cells_with_formulas(data) == []
    assert text.encode() in b"".join(zipfile.ZipFile(io.BytesIO(data)).read(n) for n in
                                     zipfile.ZipFile(io.BytesIO(data)).namelist() if n.endswith(".xml")).replace(
        b"&quot;", b'"')


def test_text_filled_in_by_a_script_stays_text(tmp_path: Path):
    wb = minimal_form(Identity("province", 2019, "LA-XA"))
    set_value(wb, "submission", "prepared_name", "value", '=HYPERLINK("http://example.com","x")')
    set_item(wb, "lessons", 0, {"lesson": "=1+1"})
    path = tmp_path / "LA-XA.xlsx"
    path.write_bytes(save_bytes(wb))
    assert _cells_with_formulas(path.read_bytes()) == []
    sub = read_workbook(path)
    assert sub.issues == []
    assert sub.info["prepared_name"] == '=HYPERLINK("http://example.com","x")'
    assert sub.lists["lessons"][0].get("lesson") == "=1+1"
