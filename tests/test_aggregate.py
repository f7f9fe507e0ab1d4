"""Adding up the levels: totals, not-reported figures, provinces with their districts, missing committees."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from reportgen.aggregate import Total, aggregate, total_of
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
        one_by_one = one_by_one + (Total(None, 0, 1, (who,) if who else ()) if v is None
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
