"""Adding up the levels: totals, not-reported figures, provinces with their districts, missing committees."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reportgen.aggregate import Total, aggregate, total_of
from reportgen.contract.roster import NATIONAL, CommitteeId, Level
from reportgen.model.submission import CellRef, Issue, Item, Severity, Submission
from reportgen.pipeline import check_folder
from reportgen.readers.workbook import read_workbook
from reportgen.writers.xlsx.forms import Identity, set_value


def test_total_keeps_not_reported_apart_from_zero():
    assert total_of([None, None]) == Total(None, 0, 2)
    assert total_of([0, None]) == Total(0, 1, 1)
    assert total_of([2, 3]).complete and total_of([2, 3]).value == 5


@given(st.lists(st.tuples(st.one_of(st.none(), st.integers(0, 10**9)), st.sampled_from(["", "A.xlsx", "B.xlsx"]))))
def test_total_of_is_the_sum_of_one_total_per_value(pairs):
    one_by_one = Total(None)
    for v, who in pairs:
        one_by_one = one_by_one + (Total(None, 0, 1, (CellRef(who),) if who else ()) if v is None
                                   else Total(v, 1, 0, (), (who,) if who else ()))
    assert total_of([v for v, _ in pairs], [who for _, who in pairs]) == one_by_one


def test_province_includes_its_districts(write_form):
    p = write_form("LA-XA.xlsx")
    d = write_form("LA-XA-0801.xlsx", Identity("district", 2019, "LA-XA", "0801"),
                   edit=lambda wb: set_value(wb, "cases", "received", "total", 6))
    n = write_form("national.xlsx", Identity("national", 2019), edit=lambda wb: set_value(wb, "cases", "fines", "total", 100))
    data = aggregate([read_workbook(x) for x in (p, d, n)], 2019)
    xa = next(r for r in data.provinces if r.code == "LA-XA")
    assert xa.t("cases.received.total").value == 10  # 4 (province) + 6 (district)
    assert data.t("cases.received.total").value == 14
    assert data.provinces_established == 1 and data.districts_established == 1
    fines = data.t("cases.fines.total")
    assert (fines.value, fines.missing) == (100, 2)  # reported by one, not reported by two
    assert [m.province for m in data.missing if m.level == "province"] == [
        p.code for p in data.provinces if p.code != "LA-XA"]


def test_example_year_says_18_provinces_and_28_districts(example_inputs):
    result = check_folder(example_inputs, 2019)
    assert result.errors == []
    data = aggregate(result.submissions, 2019)
    assert (data.provinces_established, data.districts_established) == (18, 28)
    assert data.missing == []
    assert data.sample is True
    national = sum(r.t("cases.received.total").value or 0 for r in data.provinces)
    national += data.level_totals["national"]["cases.received.total"].value
    assert national == data.t("cases.received.total").value


def _sub(file: str, level: str, province: str = "", district: str = "", received: int | None = None) -> Submission:
    """A workbook as read, built by hand: its committee, one figure, one achievement."""
    info = {"level": level, "province": province or None, "district_code": district or None, "established": "yes"}
    sub = Submission(Path(file), file, info=info, counts={"cases.received.total": received})
    sub.lists["achievements"] = [Item({"area": "prevention", "description": f"work of {file}"}, file, "2 ຜົນງານ", 6)]
    return sub


SUBS = [_sub("national.xlsx", "national", received=1000), _sub("LA-XA.xlsx", "province", "LA-XA", received=4),
        _sub("LA-XA-0801.xlsx", "district", "LA-XA", "0801", received=6),
        _sub("LA-LP.xlsx", "province", "LA-LP", received=100), _sub("LA-LP-0601.xlsx", "district", "LA-LP", "0601")]
XA = CommitteeId(Level.PROVINCE, "LA-XA")


def test_a_province_report_adds_up_that_province_and_its_districts_only():
    def note(file: str) -> Issue:
        return Issue(Severity.WARNING, CellRef(file), "ບັນທຶກ", "note", code="test.note")

    notes = [note("LA-LP.xlsx"), note("LA-XA-0801.xlsx"), note("skipped.txt")]
    data = aggregate(SUBS, 2019, scope=XA, expected_districts=("0801", "0802", "0601"), warnings=notes)
    assert data.scope == XA
    received = data.t("cases.received.total")
    assert (received.value, received.reported_by) == (10, ("LA-XA.xlsx", "LA-XA-0801.xlsx"))
    assert [c.file for c in data.committees] == ["LA-XA.xlsx", "LA-XA-0801.xlsx"]
    assert [p.code for p in data.provinces] == ["LA-XA"] and data.provinces[0].t("cases.received.total").value == 10
    assert data.level_t("national", "cases.received.total").value is None
    assert data.level_t("district", "cases.received.total").value == 6
    assert [e.committee.file for e in data.entries["achievements"]] == ["LA-XA.xlsx", "LA-XA-0801.xlsx"]
    assert data.missing == [CommitteeId(Level.DISTRICT, "LA-XA", "0802")]
    assert [(m.level, m.name_lo) for m in data.missing] == [("district", "ເມືອງຄອບ, ໄຊຍະບູລີ")]
    assert (data.provinces_established, data.districts_established) == (1, 1)
    assert [w.where.file for w in data.warnings] == ["LA-XA-0801.xlsx", "skipped.txt"]  # not the other province's


def test_the_national_report_adds_up_everyone():
    data = aggregate(SUBS, 2019, expected_districts=("0801", "0802", "0601"))
    assert data.scope == NATIONAL and data.t("cases.received.total").value == 1110
    assert len(data.provinces) == 18 and len(data.committees) == 5
    assert [m.name_lo for m in data.missing][-1] == "ເມືອງຄອບ, ໄຊຍະບູລີ" and len(data.missing) == 17


def test_a_scope_outside_the_country_is_refused():
    with pytest.raises(ValueError, match="unknown province 'LA-ZZ'"):
        aggregate(SUBS, 2019, scope=CommitteeId(Level.PROVINCE, "LA-ZZ"))
