"""Blocks, cells and figures know what they are: ids from their source, typed figures, places never cut short."""

from __future__ import annotations

from pathlib import Path

from reportgen.aggregate import aggregate
from reportgen.config import Settings
from reportgen.model.document import FigureRun, Heading, ListBlock, Paragraph, Table
from reportgen.narrative import build_document, builtin_templates
from reportgen.readers.workbook import read_workbook
from reportgen.writers.xlsx.forms import Identity, set_item, set_value


def _ids(doc) -> dict[str, str]:
    """id → text of every block, list item and table cell."""
    out = {}
    for b in doc.blocks:
        if isinstance(b, Paragraph | Heading):
            out[b.id] = b.text
        elif isinstance(b, ListBlock):
            out[b.id] = "<list>"
            out.update({i.id: i.text for i in b.items})
        elif isinstance(b, Table):
            out[b.id] = b.caption_text
            out.update({c.id: c.text for row in b.head + b.body for c in row})
        else:
            out[b.id] = type(b).__name__
    return out


def _doc(tmp_path: Path, paths, **templates: str):
    folder = tmp_path / "templates"
    folder.mkdir(exist_ok=True)
    for name, text in templates.items():
        (folder / name).write_text(text, encoding="utf-8")
    data = aggregate([read_workbook(p) for p in paths], 2019)
    return build_document(data, Settings(base=tmp_path, templates=Path("templates"))), data


def test_every_block_cell_and_figure_has_a_unique_id(write_form, tmp_path):
    doc, _ = _doc(tmp_path, [write_form()])
    ids = _ids(doc)
    blocks = sum(1 + (len(b.items) if isinstance(b, ListBlock) else 0)
                 + (sum(len(r) for r in b.head + b.body) if isinstance(b, Table) else 0) for b in doc.blocks)
    assert len(ids) == blocks and "" not in ids
    figures = [r.id for b in doc.tables() for row in b.body for c in row for r in c.runs if isinstance(r, FigureRun)]
    assert figures and len(set(figures)) == len(figures) and all(figures)


def test_a_paragraph_added_to_a_template_renames_nothing_else(write_form, tmp_path):
    path = write_form()
    before, _ = _doc(tmp_path, [path])
    original = (builtin_templates() / "lo" / "national" / "results.xml.j2").read_text(encoding="utf-8")
    lines = original.split("\n")
    at = next(i for i, line in enumerate(lines) if line.startswith("<h1"))  # before the first heading
    lines.insert(at, "<p>ຂໍ້ຄວາມເພີ່ມໃໝ່ ໂດຍກອງເລຂາ.</p>")
    after, _ = _doc(tmp_path, [path], **{"results.xml.j2": "\n".join(lines)})
    old, new = _ids(before), _ids(after)
    added = {i: t for i, t in new.items() if i not in old}
    assert list(added.values()) == ["ຂໍ້ຄວາມເພີ່ມໃໝ່ ໂດຍກອງເລຂາ."]  # the one new paragraph, nothing renamed
    assert all(new[i] == t for i, t in old.items())


def test_an_item_added_by_a_committee_renames_nothing_else(write_form, tmp_path):
    path = write_form()
    before, _ = _doc(tmp_path, [path])
    more = write_form("national.xlsx", Identity("national", 2019), edit=lambda wb: set_item(
        wb, "lessons", 0, {"lesson": "ບົດຮຽນໃໝ່ ຈາກລະດັບຊາດ"}))  # the national report lists the national committee's
    after, _ = _doc(tmp_path, [path, more])
    old, new = _ids(before), _ids(after)

    def once(ids: dict[str, str]) -> dict[str, str]:  # text said once, not a figure → its id
        seen: dict[str, list[str]] = {}
        for i, t in ids.items():
            seen.setdefault(t, []).append(i)
        return {t: i[0] for t, i in seen.items() if len(i) == 1 and not any(ch.isdigit() for ch in t) and t != "–"}

    before_once, after_once = once(old), once(new)
    both = set(before_once) & set(after_once)
    assert len(both) > 100
    assert [t for t in both if before_once[t] != after_once[t]] == []  # the same text kept its id
    assert any(t == "ບົດຮຽນໃໝ່ ຈາກລະດັບຊາດ" for i, t in new.items() if i not in old)


def test_figures_are_typed_runs_that_know_their_key_scope_and_committees(write_form, tmp_path):
    a = write_form()
    b = write_form("LA-CH.xlsx", Identity("province", 2019, "LA-CH"),
                   edit=lambda wb: set_value(wb, "cases", "investigated", "total", None))
    doc, data = _doc(tmp_path, [a, b])
    runs = [r for t in doc.tables() for row in t.body for c in row for r in c.runs if isinstance(r, FigureRun)]
    received = next(r for r in runs if r.figure == "cases.received.total" and r.scope == "")
    assert received.value == data.t("cases.received.total").value == 8
    assert received.text == "8" and not received.partial and not received.warned
    assert {Path(f).name for f in received.reported_by} == {a.name, b.name}
    by_province = {r.scope: r.value for r in runs if r.figure == "cases.received.total" and r.scope.startswith("province:")}
    assert by_province["province:LA-XA"] == 4 and by_province["province:LA-CH"] == 4
    investigated = next(r for r in runs if r.figure == "cases.investigated.total" and r.scope == "")
    assert investigated.partial and investigated.text == "3*" and investigated.value == 3
    # the empty cell, as a reference
    cell = read_workbook(b).ref("cases.investigated.total")
    assert [(Path(c.file).name, c.sheet, c.cell) for c in investigated.missing_from] == [(b.name, cell.sheet, cell.cell)]
    assert cell.cell == "E6"


def test_a_group_keeps_every_place_it_came_from(write_form, tmp_path):
    same = {"area": "ການປ້ອງກັນ ແລະ ການໂຄສະນາສຶກສາອົບຮົມ", "description": "ແຈກຢາຍໃບປິວ", "highlight": "ແມ່ນ"}
    paths = [write_form(f"LA-{code}.xlsx", Identity("province", 2019, f"LA-{code}"),
                        edit=lambda wb: set_item(wb, "achievements", 0, same))
             for code in ("XA", "CH", "VT", "LP", "BK")]
    doc, _ = _doc(tmp_path, paths)
    item = next(i for b in doc.blocks if isinstance(b, ListBlock) for i in b.items if i.text.startswith("ແຈກຢາຍໃບປິວ"))
    assert len(item.source.origin) == 5 and "(+" not in str(item.source)


def test_templates_are_chosen_by_language_and_level_with_fallback(write_form, tmp_path):
    path = write_form()
    (tmp_path / "templates" / "lo" / "national").mkdir(parents=True)
    (tmp_path / "templates" / "lo" / "national" / "signature.xml.j2").write_text(
        "<p>ລາຍເຊັນ ລະດັບຊາດ</p>", encoding="utf-8")
    (tmp_path / "templates" / "lo" / "overview.xml.j2").write_text("<p>ພາບລວມ ຂອງພາສາລາວ</p>", encoding="utf-8")
    doc, _ = _doc(tmp_path, [path])
    texts = [b.text for b in doc.blocks if isinstance(b, Paragraph)]
    assert "ລາຍເຊັນ ລະດັບຊາດ" in texts and "ພາບລວມ ຂອງພາສາລາວ" in texts  # the project's, language then level
    assert any(isinstance(b, Table) for b in doc.blocks)  # the rest: the built-in national templates

