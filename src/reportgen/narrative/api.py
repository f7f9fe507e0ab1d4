"""What a narrative template may use: `r`, the report's data, as documented in docs/templates.md.

Templates see this view, not the aggregate's internals, so the data's inner shape can change without
breaking a secretariat's own templates; and every figure a template asks for knows its key and scope, so
it is printed as a typed figure (see marks.py), not as bare text.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..aggregate import ReportData, Total
from ..collecting.history import change
from ..contract import schema
from ..contract.reference import PROVINCES_BY_CODE, province_title
from ..model.submission import CellRef

PREVIOUS_SCOPE = "year:"  # the scope of last year's figures: "year:2018"


@dataclass(frozen=True)
class Figure:
    """One figure as a template sees it: its key, whose total it is, and the total (value, partial, …)."""

    key: str
    scope: str
    total: Total

    def __getattr__(self, name: str) -> Any:  # value, partial, missing, warnings… as on the total
        return getattr(self.total, name)


@dataclass(frozen=True)
class Change:
    """How one of the report's figures changed since last year, as a template sees it.

    `direction`: "up", "down", "same", or "" when either year did not report it; `percent`: the change in whole
    percent of last year's figure, or None when there is none to give (no change; last year 0 or not reported:
    say `last` instead); `less_than`: the change is under `percent` (a change under half a percent is "less than
    1%"); `partial`: either year's figure is incomplete (mark it `*`); `year`: last year; `last`: last year's
    figure, printed with `|num` like any other.
    """

    year: int
    direction: str
    percent: int | None
    less_than: bool
    partial: bool
    last: Figure


class ProvinceView:
    """A province row: its name and committees, and `t(key)`, the province's total (its own and its districts')."""

    def __init__(self, row):
        self._row = row

    def t(self, key: str) -> Figure:
        return Figure(key, f"province:{self._row.code}", self._row.t(key))

    def __getattr__(self, name: str) -> Any:  # code, lo, en, submitted, established, districts_submitted…
        return getattr(self._row, name)


class DistrictView:
    """A district of a province's report: its name, its committee (None: not received), and `t(key)`, its figures."""

    def __init__(self, row):
        self._row = row

    def t(self, key: str) -> Figure:
        return Figure(key, f"district:{self._row.code}", self._row.t(key))

    def __getattr__(self, name: str) -> Any:  # code, lo, en, committee, submitted, established
        return getattr(self._row, name)


class ReportView:
    """`r` in the templates. Every name here is listed in docs/templates.md; nothing else is reachable."""

    def __init__(self, data: ReportData):
        self._d = data
        self.year: int = data.year
        self.sample: bool = data.sample
        self.committees = data.committees
        self.missing = data.missing
        self.entries = data.entries
        self.warnings = data.warnings
        self.provinces = [ProvinceView(p) for p in data.provinces]
        self.provinces_established: int = data.provinces_established
        self.districts_established: int = data.districts_established
        self.scope = data.scope
        self.level: str = _level(data)
        self.districts = [DistrictView(d) for d in data.districts]
        self.own = _own(data)
        self.place: str = _place(data)

    # figures
    def t(self, key: str) -> Figure:
        """The report's total of one figure ("cases.received.total"); an unknown key is an error."""
        return Figure(key, "", self._d.t(key))

    def level_t(self, level: str, key: str) -> Figure:
        """The total of one figure over the committees of one level (national, province, district)."""
        return Figure(key, f"level:{level}", self._d.level_t(level, key))

    # last year
    @property
    def previous_year(self) -> int | None:
        """The year the report's figures are compared with (its data.json: setting `previous`); None: no such year."""
        return self._d.previous.year if self._d.previous else None

    def last(self, key: str) -> Figure:
        """Last year's total of one figure, from its data.json: "–" when it was not reported, or when there is
        no previous year; `*` when it was incomplete."""
        self._d.t(key)  # an unknown key is an error here too
        previous = self._d.previous
        if previous is None:
            return Figure(key, PREVIOUS_SCOPE, Total(None))
        last = previous.last(key)
        return Figure(key, f"{PREVIOUS_SCOPE}{previous.year}", Total(last.value, missing=last.missing))

    def change(self, figure: Figure | str) -> Change | None:
        """How a figure of the report (`r.t(key)`, or its key) changed since last year; None without a previous
        year, when neither year reported it, and for anything but the report's own totals (last year's file has
        those only)."""
        if isinstance(figure, str):
            key = figure
        elif isinstance(figure, Figure) and not figure.scope:
            key = figure.key
        else:
            return None  # a level's or a province's total, or a count the template made: not compared
        now, previous = self._d.t(key), self._d.previous  # an unknown key is an error, previous year or not
        if previous is None:
            return None
        last = previous.last(key)
        if now.value is None and last.value is None:
            return None  # reported neither year: "not reported" is said already, and nothing changed that is known
        c = change(now.value, now.partial, last)
        return Change(previous.year, c.direction, c.percent, c.less_than, c.partial, self.last(key))

    # committees
    def of_level(self, level: str):
        return self._d.of_level(level)

    def silent(self, sheet: str):
        """Committees that left a list sheet empty without saying they had nothing to list."""
        return self._d.silent(sheet)

    # list items
    def by_area(self, sheet: str, highlight_only: bool = False):
        return self._d.by_area(sheet, highlight_only)

    def in_area(self, sheet: str, area: str, highlight_only: bool = False):
        """The entries of a list sheet in one area (prevention, protection…), optionally only the highlights."""
        return [e for e in self._d.entries.get(sheet, []) if e.get("area") == area
                and (not highlight_only or e.get("highlight") == "yes")]

    def grouped(self, entries, key: str):
        return self._d.grouped(entries, key)

    # what this report lists item by item, and what it leaves to the province reports (docs/templates.md)
    def listed(self, sheet: str, area: str | None = None):
        """The items this report lists one by one: in a province's report every item of its committees; in the
        national report the national committee's own (the province reports list the others)."""
        return [e for e in self._in(sheet, area) if self.level != "national" or e.committee.level == "national"]

    def summarised(self, sheet: str, area: str | None = None):
        """The items this report does not list one by one (counted, and shown in `shared` groups instead): in the
        national report those of the province and district committees; none in a province's report."""
        return [e for e in self._in(sheet, area) if self.level == "national" and e.committee.level != "national"]

    def shared(self, entries, key: str):
        """Groups of items that two or more committees reported in the same words, most committees first."""
        groups = [g for g in self._d.grouped(entries, key) if g.text.strip() and len(g.committees) > 1]
        return sorted(groups, key=lambda g: -len(g.committees))

    def by_level(self, entries) -> dict[str, list]:
        """Entries (or committees) by the level of their committee: {"national": […], "province": […], "district": […]}."""
        out: dict[str, list] = {"national": [], "province": [], "district": []}
        for e in entries:
            level = str(getattr(e, "committee", e).level)
            out.setdefault(level, []).append(e)
        return out

    def _in(self, sheet: str, area: str | None):
        return [e for e in self._d.entries.get(sheet, []) if area is None or e.get("area") == area]

    def unique_entries(self, sheet: str, key: str):
        return self._d.unique_entries(sheet, key)

    def unique(self, entries, key: str):
        """The first of `entries` for each distinct non-empty value of `key`."""
        return [g.first for g in self._d.grouped(entries, key) if g.text.strip()]

    def text_entries(self, key: str):
        return self._d.text_entries(key)

    # reviewers
    def warnings_for(self, file: str = "", code: str = ""):
        return self._d.warnings_for(file, code)

    def other_warnings(self):
        return self._d.other_warnings()

    # places
    def sheet_refs(self, sheet: str) -> list[CellRef]:
        """The sheet `sheet` of every workbook in the report: the places a table of totals was built from."""
        title = schema.SHEETS_BY_KEY[sheet].title
        return [CellRef(c.file, title) for c in self._d.committees]


def _level(data: ReportData) -> str:
    """Whose report: "national", or "province" for one province's."""
    return str(data.scope.level)


def _own(data: ReportData):
    """The committee whose report it is (the national committee, or the province's), None when its workbook has
    not come."""
    return next((c for c in data.committees if c.id == data.scope), None)


def _place(data: ReportData) -> str:
    """A province's report: the province as a sentence names it ("ແຂວງໄຊຍະບູລີ", "ນະຄອນຫຼວງວຽງຈັນ"); "" otherwise."""
    province = PROVINCES_BY_CODE.get(data.scope.province)
    return province_title(province) if province else ""
