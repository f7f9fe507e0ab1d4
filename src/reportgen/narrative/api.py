"""What a narrative template may use: `r`, the report's data, as documented in docs/templates.md.

Templates see this view, not the aggregate's internals, so the data's inner shape can change without
breaking a secretariat's own templates; and every figure a template asks for knows its key and scope, so
it is printed as a typed figure (see marks.py), not as bare text.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..aggregate import ReportData, Total
from ..contract import schema
from ..model.submission import CellRef


@dataclass(frozen=True)
class Figure:
    """One figure as a template sees it: its key, whose total it is, and the total (value, partial, …)."""

    key: str
    scope: str
    total: Total

    def __getattr__(self, name: str) -> Any:  # value, partial, missing, warnings… as on the total
        return getattr(self.total, name)


class ProvinceView:
    """A province row: its name and committees, and `t(key)`, the province's total (its own and its districts')."""

    def __init__(self, row):
        self._row = row

    def t(self, key: str) -> Figure:
        return Figure(key, f"province:{self._row.code}", self._row.t(key))

    def __getattr__(self, name: str) -> Any:  # code, lo, en, submitted, established, districts_submitted…
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

    # figures
    def t(self, key: str) -> Figure:
        """The report's total of one figure ("cases.received.total"); an unknown key is an error."""
        return Figure(key, "", self._d.t(key))

    def level_t(self, level: str, key: str) -> Figure:
        """The total of one figure over the committees of one level (national, province, district)."""
        return Figure(key, f"level:{level}", self._d.level_t(level, key))

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

    def unique_entries(self, sheet: str, key: str):
        return self._d.unique_entries(sheet, key)

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
