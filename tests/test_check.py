"""The data contract's rules over one workbook and across the workbooks of a year."""

from __future__ import annotations

from conftest import places_mismatch
from reportgen.check import check
from reportgen.readers.workbook import read_workbook
from reportgen.writers.xlsx.forms import Identity, set_value


def run(*paths, year=2019):
    return check([read_workbook(p) for p in paths], year)


def test_minimal_form_passes(write_form):
    assert run(write_form()) == []


def test_women_more_than_total_is_an_error(write_form):
    issues = run(write_form(edit=lambda wb: set_value(wb, "cases", "suspects", "women", 9)))
    assert [(i.code, i.where.cell, i.is_error) for i in issues] == [("pair.part_exceeds_total", "F10", True)]
    assert issues[0].lo == '"ຜູ້ຕ້ອງສົງໄສທີ່ຖືກຈັບ (ຄົນ): ຍິງ" (9) ຫຼາຍກວ່າ "ຜູ້ຕ້ອງສົງໄສທີ່ຖືກຈັບ (ຄົນ): ທັງໝົດ" (5)'


def test_members_pair_on_sheet_one(write_form):
    issues = run(write_form(edit=lambda wb: set_value(wb, "submission", "members_women", "value", 11)))
    assert [i.code for i in issues] == ["pair.part_exceeds_total"]


def test_case_order_is_a_warning(write_form):
    issues = run(write_form(edit=lambda wb: set_value(wb, "cases", "to_prosecutor", "total", 7)))
    assert [(i.code, i.is_error) for i in issues] == [("cases.order", False)]


def test_victims_by_place_must_add_up_warning(write_form):
    issues = run(write_form(edit=places_mismatch))
    assert [(i.code, i.is_error) for i in issues] == [("victims.places_mismatch", False)]
    assert "(6)" in issues[0].en and "(20)" in issues[0].en


def test_wrong_year_is_an_error(write_form):
    issues = run(write_form(), year=2020)
    assert [i.code for i in issues] == ["year.mismatch"]
    assert issues[0].en == "the reporting year is 2019, but the report being built is for 2020"


def test_two_workbooks_for_one_committee_name_both(write_form):
    a = write_form("LA-XA.xlsx")
    b = write_form("LA-XA (2).xlsx")
    issues = run(a, b)
    assert [i.code for i in issues] == ["committee.duplicate"]
    assert "LA-XA.xlsx and LA-XA (2).xlsx" in issues[0].en


def test_required_fields(write_form):
    issues = run(write_form(edit=lambda wb: set_value(wb, "submission", "established", "value", None)))
    assert [(i.code, i.where.cell) for i in issues] == [("value.required", "E17")]


def test_district_level_needs_a_known_district_warning(write_form):
    ident = Identity("district", 2019, "LA-XA", "0801")
    issues = run(write_form("d.xlsx", ident, edit=lambda wb: set_value(wb, "submission", "district", "value", "ໄຊຍະບູລີຍ")))
    assert [(i.code, i.is_error) for i in issues] == [("district.unknown", False)]
    assert "closest" in issues[0].en


def test_a_list_row_with_a_part_larger_than_its_total_points_at_the_cell(write_form):
    from reportgen.contract import schema
    from reportgen.writers.xlsx.forms import set_item

    issues = run(write_form(edit=lambda wb: set_item(wb, "awareness", 0, {
        "channel": schema.CHANNELS[0].lo, "reached_total": 5, "reached_women": 9})))
    errors = [(i.code, i.where.sheet, i.where.cell) for i in issues if i.is_error]
    assert errors == [("pair.part_exceeds_total", schema.AWARENESS.title, "G6")]  # the women's cell, not "row 6"
