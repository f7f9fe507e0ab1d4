"""Gaps stay visible: values typed where the form does not look, partial totals, "none" against "not filled
in", cross-checks on partial data, and marks that follow a warned figure into every sentence and table."""

from __future__ import annotations

from pathlib import Path

from conftest import minimal_form
from reportgen.aggregate import aggregate
from reportgen.check import check
from reportgen.config import Settings
from reportgen.contract import schema
from reportgen.narrative import WARNED_MARK, build_document
from reportgen.readers.workbook import read_workbook
from reportgen.writers.xlsx.forms import Identity, save_bytes, set_item, set_none, set_value

CASES = schema.CASES.title
VICTIMS = schema.VICTIMS.title


def codes(issues) -> list[str]:
    return [i.code for i in issues]


def _blank_victims(wb) -> None:
    for r in schema.VICTIMS.rows:
        for c in ("women", "girls", "men", "boys", "foreign"):
            set_value(wb, "victims", r.key, c, 0)
    for r in schema.VICTIM_PLACES.rows:
        set_value(wb, "victim_places", r.key, "total", 0)


# -- values typed where the reader does not look


def test_every_value_outside_the_input_cells_is_listed_as_a_warning(write_form):
    def edit(wb):
        ws = wb[CASES]
        ws.protection.sheet = False  # as a clerk who unprotects the sheet (no password) would
        ws["F5"] = 12  # a grey cell: "reports received" has no women column
        ws["H6"] = "ຈາກປີກ່ອນ"  # a note beside the table
        ws["E40"] = 99  # below the table
        ws["E41"] = 100  # and a second one below it
        wb[schema.ACHIEVEMENTS.title]["L9"] = "ໝາຍເຫດ"  # beside a list
        extra = wb.create_sheet("ຜົນງານເພີ່ມ")  # an added sheet
        extra["A1"], extra["B3"] = "ຜົນງານ", "ຈັດກອງປະຊຸມ"

    sub = read_workbook(write_form(edit=edit))
    found = {(i.where.sheet, i.where.cell): i for i in sub.issues}
    assert set(found) == {(CASES, "F5"), (CASES, "H6"), (CASES, "E40"), (CASES, "E41"),
                          (schema.ACHIEVEMENTS.title, "L9"), ("ຜົນງານເພີ່ມ", "A1")}
    assert all(not i.is_error and "not in the report" in i.en for i in sub.issues)
    assert "grey" in found[(CASES, "F5")].en and "beside" in found[(CASES, "H6")].en
    assert "below" in found[(CASES, "E41")].en and "2 filled cells" in found[("ຜົນງານເພີ່ມ", "A1")].en


def test_the_forms_own_labels_are_not_reported(write_form):
    sub = read_workbook(write_form())
    assert sub.issues == []


# -- "nothing to report" against "not filled in"


def test_an_empty_list_without_none_is_not_reported_and_warned(tmp_path: Path):
    wb = minimal_form(Identity("province", 2019, "LA-XA"))  # lists left empty, "nothing to report" unanswered
    set_none(wb, "lessons")
    path = tmp_path / "LA-XA.xlsx"
    path.write_bytes(save_bytes(wb))
    sub = read_workbook(path)
    assert sub.none["lessons"] is True and sub.none["plans"] is False
    warned = [i for i in check([sub], 2019) if i.code == "list.not_reported"]
    sheets = {s.title for s in schema.SHEETS if not s.form} - {schema.ACHIEVEMENTS.title, schema.LESSONS.title}
    assert {i.where.sheet for i in warned} == sheets and all(i.where.cell == "D4" for i in warned)
    data = aggregate([sub], 2019)
    assert data.t("lessons.count").value == 0 and data.t("plans.count").value is None


def test_none_and_not_reported_read_differently(write_form, tmp_path: Path):
    silent = write_form("silent.xlsx", edit=lambda wb: set_item(wb, "awareness", 0, {}))
    sub = read_workbook(silent)
    sub.none["training"] = False  # as if the committee had left "nothing to report" empty
    issues = check([sub], 2019)
    assert [i.where.sheet for i in issues if i.code == "list.not_reported"] == [schema.TRAINING.title]
    data = aggregate([sub], 2019, warnings=issues)
    assert data.t("training.all.courses").value is None  # not reported, not 0
    assert [c.file for c in data.silent("training")] == [sub.file]
    assert data.t("awareness.all.activities").value == 0 and data.t("awareness.all.activities").complete


def test_none_with_items_is_a_warning(write_form):
    path = write_form(edit=lambda wb: set_none(wb, "achievements"))
    assert "list.none_and_items" in codes(check([read_workbook(path)], 2019))


def test_the_none_row_is_in_the_form(write_form):
    from openpyxl import load_workbook

    ws = load_workbook(write_form())[schema.PLANS.title]
    assert ws.cell(schema.NONE_ROW, 1).value == schema.ROW_KEY_NONE
    assert schema.NONE_LO in ws.cell(schema.NONE_ROW, 2).value
    assert any("D4" in str(dv.sqref) for dv in ws.data_validations.dataValidation)


# -- partial totals


def test_a_total_over_cells_some_committee_left_empty_is_partial(write_form):
    def full(wb):
        _blank_victims(wb)
        set_value(wb, "victims", "sexual", "women", 4)

    def one_row_empty(wb):
        full(wb)
        for c in ("women", "girls", "men", "boys"):
            set_value(wb, "victims", "labour", c, None)
        set_value(wb, "victims", "sexual", "women", 3)

    a = read_workbook(write_form("A.xlsx", Identity("province", 2019, "LA-XA"), edit=full))
    b = read_workbook(write_form("B.xlsx", Identity("district", 2019, "LA-XA", "0801"), edit=one_row_empty))
    data = aggregate([a, b], 2019)
    total = data.t("victims.all.total")
    assert total.value == 7 and total.partial
    assert [r.cell for r in total.missing_from if r.file.endswith("B.xlsx")] == ["E6", "F6", "G6", "H6"]
    province = next(p for p in data.provinces if p.code == "LA-XA")
    assert province.t("victims.all.total").partial
    assert not data.level_t("province", "victims.all.total").partial


def test_a_list_row_with_an_empty_count_makes_its_total_partial(write_form):
    def edit(wb):
        set_item(wb, "awareness", 0, {"channel": schema.CHANNELS[0].lo, "activities": 3, "reached_total": 50})
        set_item(wb, "awareness", 1, {"channel": schema.CHANNELS[1].lo, "reached_total": 20})
    data = aggregate([read_workbook(write_form(edit=edit))], 2019)
    assert data.t("awareness.all.activities").value == 3 and data.t("awareness.all.activities").partial
    assert data.t(f"awareness.{schema.CHANNELS[0].key}.activities").complete


def test_partial_totals_are_starred_in_sentences_and_tables(write_form, tmp_path: Path):
    def edit(wb):
        _blank_victims(wb)
        set_value(wb, "victims", "sexual", "women", 5)
        set_value(wb, "victim_places", "thailand", "total", 5)
        set_value(wb, "victims", "other", "boys", None)
    sub = read_workbook(write_form(edit=edit))
    doc = build_document(aggregate([sub], 2019, warnings=check([sub], 2019)), Settings(base=tmp_path))
    text = _all_text(doc)
    assert "ມີຜູ້ຖືກເຄາະຮ້າຍຈາກການຄ້າມະນຸດ 5* ຄົນ" in text
    victims_table = next(t for t in doc.tables() if t.caption_text.startswith("ຜູ້ຖືກເຄາະຮ້າຍ ແຍກຕາມຮູບການ"))
    assert victims_table.body[-1][5].text == "5*"
    # one remark for the table, on its caption, naming the committee and the cells it left empty
    gaps = [r for r in victims_table.remarks if r.kind == "gap"]
    assert len(gaps) == 1 and all(c.remarks == [] for row in victims_table.body for c in row)
    assert {r.cell for r in gaps[0].refs} >= {"H9"} and "H9" in gaps[0].text


# -- cross-checks on partial data, and marks that follow warnings


def test_victims_by_place_and_form_are_compared_when_one_side_is_partial(write_form):
    def edit(wb):
        _blank_victims(wb)
        set_value(wb, "victims", "sexual", "women", 229)
        set_value(wb, "victim_places", "thailand", "total", 227)
        set_value(wb, "victim_places", "china", "total", None)  # a zero left blank
    issues = check([read_workbook(write_form(edit=edit))], 2019)
    partial = [i for i in issues if i.code == "victims.places_partial"]
    assert len(partial) == 1 and "227" in partial[0].en and "229" in partial[0].en and "E7" in partial[0].en


def test_a_warned_figure_carries_a_mark_everywhere(write_form, tmp_path: Path):
    def edit(wb):
        set_value(wb, "cases", "to_prosecutor", "total", 1200)
    sub = read_workbook(write_form(edit=edit))
    issues = check([sub], 2019)
    assert "cases.order" in codes(issues)
    doc = build_document(aggregate([sub], 2019, warnings=issues), Settings(base=tmp_path))
    text = _all_text(doc)
    assert f"ສົ່ງໃຫ້ອົງການໄອຍະການ 1.200{WARNED_MARK} ຄະດີ" in text
    cases_table = next(t for t in doc.tables() if t.caption_text.startswith("ສະຖິຕິຄະດີການຄ້າມະນຸດ"))
    row = next(r for r in cases_table.body if r[0].text.startswith("ຄະດີທີ່ສົ່ງໃຫ້ອົງການໄອຍະການ"))
    assert row[1].text == f"1.200{WARNED_MARK}"
    warned = [m for m in cases_table.remarks if "cases sent to prosecutors" in m.text]
    assert len(warned) == 1  # the caption's warning and the figure's are one comment
    annex = next(t for t in doc.tables() if t.caption_text.startswith("ສະຖິຕິຄະດີ ແຍກຕາມແຂວງ"))
    assert any(c.text == f"1.200{WARNED_MARK}" for r in annex.body for c in r)


def _all_text(doc) -> str:
    from reportgen.model.document import ListBlock, Paragraph

    out = []
    for b in doc.blocks:
        if isinstance(b, Paragraph):
            out.append(b.text)
        elif isinstance(b, ListBlock):
            out += [i.text for i in b.items]
    return "\n".join(out)


def test_a_level_that_sent_no_report_is_left_out_of_the_count_of_committees(write_form, tmp_path: Path):
    """Without the national committee's workbook the overview counts the levels that did report, and does not
    say "ລະດັບຊາດ 0 ຄະນະ"; with every level there, each is named with its number and classifier."""
    subs = [read_workbook(write_form("LA-XA.xlsx")),
            read_workbook(write_form("LA-XA-0801.xlsx", Identity("district", 2019, "LA-XA", "0801")))]
    text = "\n".join(b.text for b in build_document(aggregate(subs, 2019), Settings(base=tmp_path)).blocks
                     if hasattr(b, "text"))
    assert "ສັງລວມຈາກບົດລາຍງານຂອງຄະນະກຳມະການ 2 ຄະນະ, ໃນນັ້ນ ລະດັບແຂວງ ແລະ ນະຄອນຫຼວງ 1 ຄະນະ ແລະ ລະດັບເມືອງ 1 ຄະນະ." in text
    assert "ລະດັບຊາດ 0" not in text
    subs.append(read_workbook(write_form("national.xlsx", Identity("national", 2019))))
    text = "\n".join(b.text for b in build_document(aggregate(subs, 2019), Settings(base=tmp_path)).blocks
                     if hasattr(b, "text"))
    assert "3 ຄະນະ, ໃນນັ້ນ ລະດັບຊາດ 1 ຄະນະ, ລະດັບແຂວງ ແລະ ນະຄອນຫຼວງ 1 ຄະນະ ແລະ ລະດັບເມືອງ 1 ຄະນະ." in text
