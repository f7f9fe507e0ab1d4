"""One committee identity, one name function, one list of the committees expected."""

from __future__ import annotations

from pathlib import Path

import pytest

from reportgen.aggregate import aggregate
from reportgen.check import check, missing_committees
from reportgen.contract.reference import DISTRICTS_BY_CODE, PROVINCES
from reportgen.contract.roster import NATIONAL, CommitteeId, Level, committee_of, expected, missing, name
from reportgen.model.submission import Submission
from reportgen.writers.xlsx.forms import Identity

XA = CommitteeId(Level.PROVINCE, "LA-XA")
XA_0801 = CommitteeId(Level.DISTRICT, "LA-XA", "0801")
LP_0601 = CommitteeId(Level.DISTRICT, "LA-LP", "0601")


def sub(file: str, **info) -> Submission:
    return Submission(Path(file), file, info=info)


def test_a_level_is_the_string_stored_in_workbooks():
    assert Level.DISTRICT == "district" and "province" in (Level.PROVINCE,)
    assert CommitteeId("district", "LA-XA", "0801") == XA_0801 and CommitteeId("district", "LA-XA", "0801").level is Level.DISTRICT
    assert {XA_0801: 1}[CommitteeId(Level.DISTRICT, "LA-XA", "0801")] == 1
    with pytest.raises(ValueError):
        CommitteeId("village")
    ordered = sorted([XA_0801, XA, LP_0601, NATIONAL], key=lambda c: c.sort_key)
    assert ordered == [NATIONAL, XA, LP_0601, XA_0801]


def test_one_name_function_in_lao_and_english():
    xa = [p for p in PROVINCES if p.code == "LA-XA"][0]
    d0801 = DISTRICTS_BY_CODE["0801"]
    assert (name(NATIONAL).lo, name(NATIONAL).en, name(NATIONAL).label) == ("ລະດັບຊາດ", "national", "ລະດັບຊາດ / national")
    assert name(NATIONAL).committee_lo == "ຄະນະກຳມະການຕ້ານການຄ້າມະນຸດລະດັບຊາດ"
    assert (name(XA).lo, name(XA).en, name(XA).label) == (xa.lo, xa.en, f"{xa.lo} (LA-XA)")
    assert name(XA).committee_lo == f"ຄະນະກຳມະການຕ້ານການຄ້າມະນຸດ ແຂວງ{xa.lo}"
    assert name(XA_0801).lo == f"ເມືອງ{d0801.lo}, {xa.lo}" and name(XA_0801).en == f"{d0801.en}, {xa.en}"
    assert name(XA_0801).label == f"ເມືອງ{d0801.lo} (0801)"
    assert name(CommitteeId(Level.PROVINCE, "LA-VT")).committee_lo == "ຄະນະກຳມະການຕ້ານການຄ້າມະນຸດ ນະຄອນຫຼວງວຽງຈັນ"
    typed = CommitteeId(Level.DISTRICT, "LA-XA", "ບ້ານໃໝ່")  # a district the reference list does not know
    assert name(typed).lo == name(typed).label == f"ເມືອງບ້ານໃໝ່, {xa.lo}"
    assert name(CommitteeId(Level.PROVINCE)).lo == "" == Identity("province", 2019).committee_name()  # a blank form
    # the committees listed as missing: a place, or the national committee's full name
    assert [c.name_lo for c in (NATIONAL, XA, XA_0801)] == [name(NATIONAL).committee_lo, xa.lo, name(XA_0801).lo]


def test_the_forms_and_the_report_use_the_same_names():
    assert Identity("district", 2019, "LA-XA", "0801").committee_name() == name(XA_0801).committee_lo
    assert Identity(XA, 2019) == Identity("province", 2019, "LA-XA") and Identity(XA, 2019).file_stem == "LA-XA"


def test_the_committee_a_workbook_speaks_for():
    assert committee_of(sub("n.xlsx", level="national", province="LA-XA")) == NATIONAL
    assert committee_of(sub("p.xlsx", level="province", province="LA-XA")) == XA
    assert committee_of(sub("d.xlsx", level="district", province="LA-XA", district_code="0801", district="ຄຳ")) == XA_0801
    assert committee_of(sub("d.xlsx", level="district", province="LA-XA", district="ບ້ານໃໝ່")).district == "ບ້ານໃໝ່"
    assert committee_of(sub("x.xlsx")) is None and committee_of(sub("x.xlsx", level="village")) is None
    assert not committee_of(sub("p.xlsx", level="province")).placed


def test_expected_committees_of_the_country_and_of_one_province():
    every = expected(NATIONAL, ["0801", "0601", "0801", "9999"])  # repeated and unknown codes: once, left out
    assert every[0] == NATIONAL and every[1:19] == [CommitteeId(Level.PROVINCE, p.code) for p in PROVINCES]
    assert every[19:] == [XA_0801, LP_0601]
    assert expected(XA, ["0801", "0601"]) == [XA, XA_0801]
    assert missing([NATIONAL, XA, None], XA, ["0801", "0601"]) == [XA_0801]
    assert missing([XA], NATIONAL) == [c for c in every[:19] if c != XA]
    assert XA.covers(XA_0801) and not XA.covers(LP_0601) and not XA.covers(NATIONAL) and NATIONAL.covers(LP_0601)


def test_the_check_and_the_report_name_the_same_missing_committees():
    subs = [sub("LA-XA.xlsx", level="province", province="LA-XA"), sub("LA-LP.xlsx", level="province", province="LA-LP")]
    [warning] = missing_committees(subs, ("0801", "0601"))
    data = aggregate(subs, 2019, expected_districts=("0801", "0601"))
    names = ", ".join(c.name.label for c in data.missing)
    assert warning.en == f"{len(data.missing)} not received yet: {names}" and len(data.missing) == 19
    [in_xa] = missing_committees(subs, ("0801", "0601"), scope=XA)
    assert in_xa.en == f"1 not received yet: {name(XA_0801).label}"


def test_two_workbooks_for_one_district_are_named_with_the_district():
    one = dict(level="district", province="LA-XA", district_code="0801", committee_name="x", year=2019, established="yes")
    issues = [i for i in check([sub("a.xlsx", **one), sub("b.xlsx", **one)], 2019) if i.code == "committee.duplicate"]
    assert [i.en for i in issues] == [f"two workbooks for the same committee ({name(XA_0801).label}): a.xlsx and b.xlsx"]
    blank = dict(level="province", committee_name="x", year=2019, established="yes")  # no province: no identity yet
    assert not [i for i in check([sub("a.xlsx", **blank), sub("b.xlsx", **blank)], 2019) if i.code == "committee.duplicate"]
