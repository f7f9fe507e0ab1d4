"""Narrative templates: editable text, located mistakes, escaped data, and no number typed into them."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

import pytest

from reportgen.aggregate import aggregate
from reportgen.config import Settings
from reportgen.errors import TemplateError
from reportgen.model.document import Heading, ListBlock, Paragraph, Table
from reportgen.narrative import build_document, builtin_templates
from reportgen.readers.workbook import read_workbook
from reportgen.writers.xlsx.forms import set_item

ROOT = Path(__file__).resolve().parents[2]


def data_for(*paths):
    return aggregate([read_workbook(p) for p in paths], 2019)


def settings_with(tmp_path: Path, **files: str) -> Settings:
    folder = tmp_path / "templates"
    folder.mkdir(exist_ok=True)
    for name, text in files.items():
        (folder / name.replace("__", ".")).write_text(text, encoding="utf-8")
    return Settings(base=tmp_path, templates=Path("templates"))


def texts(doc) -> list[str]:
    out = []
    for b in doc.blocks:
        if isinstance(b, (Paragraph, Heading)):
            out.append(b.text)
        elif isinstance(b, ListBlock):
            out.extend(i.text for i in b.items)
        elif isinstance(b, Table):
            out.extend(c.text for row in b.body for c in row)
    return out


def test_workbook_text_stays_literal(write_form, tmp_path):
    hostile = '{{ 7*7 }} {% if 1 %}x{% endif %} <script>alert(1)</script> <img src="file:///etc/passwd"> =HYPERLINK("http://x") & ;'
    path = write_form(edit=lambda wb: set_item(wb, "achievements", 0, {
        "area": "ການປ້ອງກັນ ແລະ ການໂຄສະນາສຶກສາອົບຮົມ", "description": hostile, "highlight": "ແມ່ນ"}))
    doc = build_document(data_for(path), Settings(base=tmp_path))
    assert any(hostile in t for t in texts(doc))


def test_a_sentence_can_be_changed_in_a_copy_of_a_template(write_form, tmp_path):
    original = (builtin_templates() / "lo" / "signature.xml.j2").read_text(encoding="utf-8")
    s = settings_with(tmp_path, signature__xml__j2=original.replace("{{ s.signatory_title }}", "ທົດລອງປ່ຽນຂໍ້ຄວາມ"))
    doc = build_document(data_for(write_form()), s)
    assert "ທົດລອງປ່ຽນຂໍ້ຄວາມ" in texts(doc)


def test_template_syntax_error_names_file_and_line(write_form, tmp_path):
    s = settings_with(tmp_path, signature__xml__j2="<p class=\"signature\">ok</p>\n{% if %}\n")
    with pytest.raises(TemplateError) as e:
        build_document(data_for(write_form()), s)
    assert str(e.value).startswith("signature.xml.j2, ແຖວ/line 2: ຮູບແບບແມ່ແບບຜິດ / template syntax error")


def test_unknown_variable_names_file_and_line(write_form, tmp_path):
    s = settings_with(tmp_path, signature__xml__j2="<p>ok</p>\n<p>{{ r.no_such_thing }}</p>\n")
    with pytest.raises(TemplateError) as e:
        build_document(data_for(write_form()), s)
    msg = str(e.value)
    assert "signature.xml.j2" in msg and "line 2" in msg and "no_such_thing" in msg


def test_broken_markup_names_the_template_line(write_form, tmp_path):
    s = settings_with(tmp_path, signature__xml__j2="<p>ok</p>\n<p>not closed\n")
    with pytest.raises(TemplateError) as e:
        build_document(data_for(write_form()), s)
    assert "signature.xml.j2, ແຖວ/line 2" in str(e.value)


def test_every_block_knows_its_template_line(write_form, tmp_path):
    doc = build_document(data_for(write_form()), Settings(base=tmp_path))
    sources = [b.source for b in doc.blocks]
    assert all(s.template.endswith(".xml.j2") and s.line > 0 for s in sources)


def test_not_reported_is_said_not_zero(write_form, tmp_path):
    doc = build_document(data_for(write_form()), Settings(base=tmp_path))
    overview = " ".join(texts(doc))
    assert "ສົ່ງໃຫ້ອົງການໄອຍະການ (ບໍ່ໄດ້ລາຍງານ)" in overview


def test_templates_hold_no_typed_numbers():
    """Every number in the report comes from the data: template text (outside {{ }}, {% %}, {# #}) has no digits."""
    jinja = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}", re.S)
    paths = sorted((ROOT / "templates").rglob("*.j2"))  # templates/lo/…, templates/lo/national/…
    assert len(paths) >= 9
    for path in paths:
        text = jinja.sub("", path.read_text(encoding="utf-8"))
        text = re.sub(r'widths="[\d,.]+"|colspan="\d+"|rowspan="\d+"|<h[1-3]|</h[1-3]>|&#\d+;', "", text)
        assert not re.search(r"[0-9\u0ed0-\u0ed9]", text), f"{path.name} has a number typed into it"


def test_headings_are_numbered_in_lao_style(example_inputs, tmp_path):
    from reportgen.pipeline import check_folder

    result = check_folder(example_inputs, 2019)
    doc = build_document(aggregate(result.submissions, 2019), replace(Settings(base=ROOT)))
    numbers = [h.number for h in doc.headings() if h.numbered]
    assert numbers[:3] == ["I.", "II.", "1."]
    # the districts counted are those that reported, never "28 districts in the whole country"
    assert "ຄົບທັງ 18 ແຂວງ ແລະ ນະຄອນຫຼວງ; ໃນ 28 ເມືອງທີ່ໄດ້ສົ່ງບົດລາຍງານມາ, ທຸກເມືອງໄດ້ສ້າງຕັ້ງຄະນະກຳມະການແລ້ວ" in " ".join(texts(doc))


def test_items_reported_in_the_same_words_are_listed_once_with_everyone(write_form, tmp_path):
    from reportgen.writers.xlsx.forms import Identity

    same = {"area": "ການປ້ອງກັນ ແລະ ການໂຄສະນາສຶກສາອົບຮົມ", "description": "ແຈກຢາຍໃບປິວ  ຢູ່ຕະຫຼາດ",
            "quantity": 5, "unit": "ຄັ້ງ", "highlight": "ແມ່ນ"}
    a = write_form("LA-XA.xlsx", edit=lambda wb: set_item(wb, "achievements", 0, same))
    b = write_form("LA-CH.xlsx", Identity("province", 2019, "LA-CH"),
                   edit=lambda wb: set_item(wb, "achievements", 0, {**same, "description": "ແຈກຢາຍໃບປິວ ຢູ່ຕະຫຼາດ",
                                                                    "quantity": 7}))
    doc = build_document(data_for(a, b), Settings(base=tmp_path))
    items = [t for t in texts(doc) if t.startswith("ແຈກຢາຍໃບປິວ")]
    assert items[0] == "ແຈກຢາຍໃບປິວ ຢູ່ຕະຫຼາດ (ແຂວງຈຳປາສັກ: 7 ຄັ້ງ; ແຂວງໄຊຍະບູລີ: 5 ຄັ້ງ)"  # committees in list order
    block = next(b for b in doc.blocks if isinstance(b, ListBlock) and b.items[0].text == items[0])
    assert {r.file for r in block.items[0].source.origin} == {"LA-XA.xlsx", "LA-CH.xlsx"}
