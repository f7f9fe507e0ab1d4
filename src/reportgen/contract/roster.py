"""Who reports: the committee levels, one committee's identity and names, and the committees expected.

A committee is national, one province's, or one district's. Its identity (`CommitteeId`) is what the
reader finds on sheet 1 of its workbook, what the forms are pre-filled with, what the totals are grouped
by and what the list of missing submissions is made of; its names, Lao and English, come from `name()`
only, so a committee is called the same in every message and every part of the report.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from ..model.submission import Submission
from .reference import DISTRICTS_BY_CODE, PROVINCES, PROVINCES_BY_CODE, province_title


class Level(StrEnum):
    """A committee's level. The values are the keys stored in workbooks, so a Level equals its string."""

    NATIONAL = "national"
    PROVINCE = "province"
    DISTRICT = "district"

    @property
    def rank(self) -> int:
        """National first, then provinces, then districts: the order committees are listed in."""
        return _RANK[self]


_RANK = {level: i for i, level in enumerate(Level)}


def level_rank(level: str | None) -> int:
    """The rank of a level as stored (a string, or None when sheet 1 does not say): unknown levels last."""
    return Level(level).rank if level in _RANK else len(_RANK)


@dataclass(frozen=True)
class CommitteeId:
    """One committee: its level, its province's ISO code and its district's code.

    A district the reference list does not know keeps the name typed in its workbook instead of a code
    (two workbooks naming the same unknown district are still one committee). A province or district
    committee without its place (province "") stands for a blank form of that level.
    """

    level: Level
    province: str = ""
    district: str = ""

    def __post_init__(self) -> None:
        object.__setattr__(self, "level", Level(self.level))  # "province" and Level.PROVINCE are one committee

    @property
    def sort_key(self) -> tuple[int, str, str]:
        return (self.level.rank, self.province, self.district)

    @property
    def key(self) -> str:
        """The committee as one word, the same year after year: "national", "LA-XA", "LA-XA-0801" (data.json's
        `by_committee`, which next year's check compares with)."""
        if self.level is Level.NATIONAL:
            return "national"
        return "-".join(p for p in (self.province, self.district) if p) if self.level is Level.DISTRICT else self.province

    @property
    def placed(self) -> bool:
        """Whether the committee's place is known: always for the national one, else its province."""
        return self.level is Level.NATIONAL or bool(self.province)

    def covers(self, other: CommitteeId) -> bool:
        """Whether `other` is this committee or one below it: a report for this committee adds `other` up."""
        if self.level is Level.NATIONAL:
            return True
        if self.level is Level.PROVINCE:
            return other.level is not Level.NATIONAL and other.province == self.province
        return other == self

    @property
    def name(self) -> Name:
        return name(self)

    @property
    def name_lo(self) -> str:
        """How the report lists a committee whose workbook did not come: its place, or for the national
        committee (it has no place) its full name."""
        n = name(self)
        return n.committee_lo if self.level is Level.NATIONAL else n.lo


NATIONAL = CommitteeId(Level.NATIONAL)

_BASE_LO = "ຄະນະກຳມະການຕ້ານການຄ້າມະນຸດ"
_BASE_EN = "anti-human-trafficking committee"


@dataclass(frozen=True)
class Name:
    """What a committee is called, in Lao and English."""

    lo: str  # its place: "ລະດັບຊາດ", "ໄຊຍະບູລີ", "ເມືອງຄອບ, ໄຊຍະບູລີ"
    en: str  # "national", "Xaignabouly", "Khop, Xaignabouly"
    committee_lo: str  # the committee's full name, as the forms pre-fill it: "ຄະນະກຳມະການຕ້ານການຄ້າມະນຸດ ແຂວງໄຊຍະບູລີ"
    committee_en: str  # "anti-human-trafficking committee of Xaignabouly"
    code: str = ""  # the province's ISO code or the district's code; "" for the national committee
    label: str = ""  # in a message, the same in its Lao and English halves: "ໄຊຍະບູລີ (LA-XA)", "ເມືອງຄອບ (0802)"


def name(committee: CommitteeId) -> Name:
    """The one place committees get their names. A place left open (a blank form) has empty names."""
    if committee.level is Level.NATIONAL:
        return Name("ລະດັບຊາດ", "national", _BASE_LO + "ລະດັບຊາດ", "national " + _BASE_EN, "", "ລະດັບຊາດ / national")
    p = PROVINCES_BY_CODE.get(committee.province)
    p_lo, p_en = (p.lo, p.en) if p else (committee.province, committee.province)
    p_title = province_title(p) if p else committee.province
    if committee.level is Level.PROVINCE:
        if not committee.province:
            return Name("", "", "", "")
        return Name(p_lo, p_en, f"{_BASE_LO} {p_title}", f"{_BASE_EN} of {p_en}", committee.province,
                    f"{p_lo} ({committee.province})")
    if not committee.district:
        return Name("", "", "", "", committee.province)
    d = DISTRICTS_BY_CODE.get(committee.district)
    d_lo, d_en = (d.lo, d.en) if d else (committee.district, committee.district)
    lo = f"ເມືອງ{d_lo}, {p_lo}" if p_lo else f"ເມືອງ{d_lo}"
    en = f"{d_en}, {p_en}" if p_en else d_en
    full_lo = f"{_BASE_LO} ເມືອງ{d_lo} {p_title}".rstrip()
    label = f"ເມືອງ{d_lo} ({committee.district})" if d else lo  # a district's code names it in any province
    return Name(lo, en, full_lo, f"{_BASE_EN} of {d_en} district" + (f", {p_en}" if p_en else ""),
                committee.district, label)


def place_title(committee: CommitteeId) -> str:
    """A committee's place as a Lao sentence names it (docs/lao-style.md): "ລະດັບຊາດ", "ແຂວງອຸດົມໄຊ",
    "ນະຄອນຫຼວງວຽງຈັນ", "ເມືອງໄຊເສດຖາ ແຂວງອັດຕະປື" — never a province's bare name, which may be two places."""
    if committee.level is Level.NATIONAL:
        return "ລະດັບຊາດ"
    p = PROVINCES_BY_CODE.get(committee.province)
    p_title = province_title(p) if p else committee.province
    if committee.level is Level.PROVINCE:
        return p_title
    d = DISTRICTS_BY_CODE.get(committee.district)
    d_lo = f"ເມືອງ{d.lo}" if d else (committee.district if committee.district.startswith("ເມືອງ")
                                    else f"ເມືອງ{committee.district}" if committee.district else "")
    return f"{d_lo} {p_title}".strip()


def committee_of(sub: Submission) -> CommitteeId | None:
    """The committee a workbook speaks for, from its sheet 1; None when the level is not given."""
    if sub.level not in _RANK:
        return None
    level = Level(sub.level)
    if level is Level.NATIONAL:
        return NATIONAL
    province = sub.province or ""
    if level is Level.PROVINCE:
        return CommitteeId(level, province)
    return CommitteeId(level, province, sub.district or str(sub.info.get("district") or ""))


def expected(scope: CommitteeId = NATIONAL, expected_districts: Iterable[str] = ()) -> list[CommitteeId]:
    """The committees whose workbooks a report for `scope` waits for, in the order they are listed.

    The national report: the national committee, the 18 provinces and the districts in `expected_districts`
    (district codes; unknown codes are left out). A province's report: that province and its districts
    among `expected_districts`.
    """
    out = [NATIONAL] + [CommitteeId(Level.PROVINCE, p.code) for p in PROVINCES]
    for code in dict.fromkeys(expected_districts):
        d = DISTRICTS_BY_CODE.get(code)
        if d:
            out.append(CommitteeId(Level.DISTRICT, d.province, code))
    return [c for c in out if scope.covers(c)]


def missing(have: Iterable[CommitteeId | None], scope: CommitteeId = NATIONAL,
            expected_districts: Iterable[str] = ()) -> list[CommitteeId]:
    """The expected committees (see `expected`) of `scope` that are not in `have`."""
    got = set(have)
    return [c for c in expected(scope, expected_districts) if c not in got]
