"""Adds the levels up: national totals, each province with its districts, committees, completeness."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from .contract import figures, schema
from .contract.figures import Part
from .contract.reference import DISTRICTS_BY_CODE, PROVINCES, PROVINCES_BY_CODE
from .model.submission import Issue, Item, Submission


@dataclass(frozen=True)
class Total:
    """A sum over submissions. `value` is None when nobody reported it; `missing` counts those who did not."""

    value: int | None
    reported: int = 0
    missing: int = 0
    missing_from: tuple[str, ...] = ()  # the workbooks that left it empty, for reviewers' comments
    reported_by: tuple[str, ...] = ()  # the workbooks that gave a value
    warnings: tuple[Issue, ...] = ()  # check warnings about the cells this figure adds up

    def __add__(self, other: Total) -> Total:
        if self.value is None and other.value is None:
            v = None
        else:
            v = (self.value or 0) + (other.value or 0)
        return Total(v, self.reported + other.reported, self.missing + other.missing,
                     self.missing_from + other.missing_from, self.reported_by + other.reported_by,
                     self.warnings + tuple(w for w in other.warnings if w not in self.warnings))

    @property
    def complete(self) -> bool:
        return self.value is not None and self.missing == 0

    @property
    def partial(self) -> bool:
        """Some committees gave it and some left it, or some of its cells, empty: the real figure may be higher."""
        return self.value is not None and self.missing > 0


NOT_REPORTED = Total(None)


FIGURE_KEYS = figures.FIGURE_KEYS


def _lookup(totals: dict[str, Total], key: str) -> Total:
    if key not in FIGURE_KEYS:
        raise KeyError(f"unknown figure {key!r}; figures are named like 'cases.received.total' "
                       "(sheet.row.column keys of the form)")
    return totals.get(key, NOT_REPORTED)


def total_of(values: Iterable[int | None], files: Iterable[str] | None = None) -> Total:
    """Sum of reported values; `files` (parallel to `values`) names who left a value empty."""
    names = iter(files) if files is not None else None
    return sum_parts((Part(v), next(names) if names is not None else "") for v in values)


def sum_parts(parts: Iterable[tuple[Part, str]], warned: dict[str, list[Issue]] | None = None) -> Total:
    """The total of one figure over committees: (what each gave, its file) pairs.

    A committee that left the figure empty, or some of its cells, is named with what it left empty; a
    check warning about any cell the figure adds up, in any of these committees, goes with the total.
    """
    # Counted in plain values rather than by adding Totals: this runs for every figure of every workbook.
    value = reported = missing = 0
    missing_from: list[str] = []
    reported_by: list[str] = []
    warnings: list[Issue] = []
    for part, who in parts:
        if part.value is None:
            missing += 1
            if who:
                missing_from.append(f"{who} › {part.empty}" if part.empty else who)
            continue
        value += part.value
        reported += 1
        if who:
            reported_by.append(who)
        if part.empty:
            missing += 1
            if who:
                missing_from.append(f"{who} › {part.empty}")
        if warned and who in warned and part.cells:
            cells = set(part.cells)
            warnings += [w for w in warned[who] if cells.intersection(w.figures) and w not in warnings]
    return Total(value if reported else None, reported, missing, tuple(missing_from), tuple(reported_by),
                 tuple(warnings))


@dataclass
class Committee:
    level: str
    province: str  # ISO code or ""
    district: str  # district code or ""
    name: str
    file: str
    established: bool | None
    members_total: int | None
    members_women: int | None
    submission: Submission

    def info(self, key: str):
        """A value from the committee's sheet 1 (period, prepared by, decision number…), None if empty."""
        value = self.submission.info.get(key)
        return None if value == "" else value

    @property
    def place_lo(self) -> str:
        if self.level == "national":
            return "ລະດັບຊາດ"
        p = PROVINCES_BY_CODE.get(self.province)
        pname = p.lo if p else self.province
        if self.level == "province":
            return pname
        d = DISTRICTS_BY_CODE.get(self.district)
        dname = d.lo if d else str(self.submission.info.get("district") or "")
        return f"ເມືອງ{dname}, {pname}"


@dataclass
class Entry:
    """An item from a list sheet together with the committee that reported it."""

    item: Item
    committee: Committee

    def get(self, key: str):
        return self.item.get(key)


@dataclass
class Group:
    """Items that several committees reported in the same words, shown once with everyone who reported them."""

    text: str
    entries: list[Entry]

    @property
    def first(self) -> Entry:
        return self.entries[0]

    @property
    def origin(self) -> str:
        """Where the group came from: its first rows, then how many more (Word keeps 255 characters)."""
        refs = [str(e.item.ref) for e in self.entries]
        shown = "; ".join(refs[:2])
        return shown + (f"; … (+{len(refs) - 2})" if len(refs) > 2 else "")

    def common(self, key: str):
        """The value of `key` if every entry has the same one, else None."""
        values = {e.get(key) for e in self.entries}
        return values.pop() if len(values) == 1 else None


@dataclass
class ProvinceRow:
    code: str
    lo: str
    en: str
    submitted: bool
    established: bool | None
    districts_submitted: int
    districts_established: int
    totals: dict[str, Total]  # the province's own work plus its districts'

    def t(self, key: str) -> Total:
        return _lookup(self.totals, key)


@dataclass
class Expected:
    level: str
    province: str
    district: str
    name_lo: str


@dataclass
class ReportData:
    year: int
    sample: bool
    committees: list[Committee]
    totals: dict[str, Total]
    level_totals: dict[str, dict[str, Total]]
    provinces: list[ProvinceRow]
    provinces_established: int
    districts_established: int
    missing: list[Expected]
    entries: dict[str, list[Entry]] = field(default_factory=dict)  # list sheet key -> entries
    warnings: list[Issue] = field(default_factory=list)  # from the check; shown to reviewers as comments

    def t(self, key: str) -> Total:
        """The national total of one figure (all submissions)."""
        return _lookup(self.totals, key)

    def level_t(self, level: str, key: str) -> Total:
        """The total of one figure over the committees of one level (national, province, district)."""
        return _lookup(self.level_totals.get(level, {}), key)

    def by_area(self, sheet: str, highlight_only: bool = False) -> list[tuple[schema.Option, list[Entry]]]:
        out = []
        for area in schema.AREAS:
            items = [e for e in self.entries.get(sheet, []) if e.get("area") == area.key
                     and (not highlight_only or e.get("highlight") == "yes")]
            out.append((area, items))
        return out

    @staticmethod
    def grouped(entries: list[Entry], key: str) -> list[Group]:
        """Entries with the same text under `key` (spacing aside) as one group each, in reading order."""
        groups: dict[str, Group] = {}
        for e in entries:
            text = str(e.get(key) or "")
            norm = " ".join(text.split())
            if norm not in groups:
                groups[norm] = Group(text, [])
            groups[norm].entries.append(e)
        return list(groups.values())

    def unique_entries(self, sheet: str, key: str) -> list[Entry]:
        """The first entry for each distinct non-empty value of `key` (lessons and causes repeat across committees)."""
        return [g.first for g in self.grouped(self.entries.get(sheet, []), key) if g.text.strip()]

    def other_warnings(self) -> list[Issue]:
        """Warnings about files that are not among the submissions (skipped files and the like)."""
        files = {c.file for c in self.committees}
        return [w for w in self.warnings if w.where.file not in files]

    def warnings_for(self, file: str = "", code: str = "") -> list[Issue]:
        return [w for w in self.warnings if (not file or w.where.file == file) and (not code or w.code == code)]

    def of_level(self, level: str) -> list[Committee]:
        return [c for c in self.committees if c.level == level]

    def text_entries(self, key: str) -> list[Entry]:
        """The text each committee typed in one form cell (the names of "other" countries…), as entries."""
        return [Entry(Item({"text": c.submission.texts[key]}, c.submission.ref(key)), c)
                for c in self.committees if c.submission.texts.get(key)]

    def silent(self, sheet: str) -> list[Committee]:
        """Committees that left a list sheet empty without saying they had nothing to list: not reported."""
        return [c for c in self.committees
                if not c.submission.lists.get(sheet) and not c.submission.none.get(sheet)]


_LEVEL_ORDER = {"national": 0, "province": 1, "district": 2}


def _sum(parts: list[tuple[str, dict[str, Part]]], warned: dict[str, list[Issue]]) -> dict[str, Total]:
    """Totals by figure key over (file, parts) pairs."""
    return {k: sum_parts(((p[k], name) for name, p in parts), warned) for k in FIGURE_KEYS}


def aggregate(submissions: Iterable[Submission], year: int, expected_districts: Iterable[str] = (),
              warnings: Iterable[Issue] = ()) -> ReportData:
    """ReportData for `year` from submissions that passed the checks (each reports its own work only)."""
    subs = sorted(submissions, key=lambda s: (_LEVEL_ORDER.get(s.level or "", 9), s.province or "",
                                              s.district or "", s.file))
    committees = [Committee(
        level=s.level or "", province=s.province or "", district=s.district or "",
        name=str(s.info.get("committee_name") or ""), file=s.file,
        established=None if s.info.get("established") is None else s.info.get("established") == "yes",
        members_total=s.info.get("members_total"), members_women=s.info.get("members_women"),  # type: ignore[arg-type]
        submission=s) for s in subs]
    warnings = list(warnings)
    warned: dict[str, list[Issue]] = {}
    for w in warnings:
        if w.figures:
            warned.setdefault(w.where.file, []).append(w)
    parts = {id(c): (c.file, figures.parts(c.submission)) for c in committees}
    totals = _sum(list(parts.values()), warned)
    level_totals = {lvl: _sum([parts[id(c)] for c in committees if c.level == lvl], warned)
                    for lvl in ("national", "province", "district")}
    provinces = []
    for p in PROVINCES:
        own = [c for c in committees if c.province == p.code and c.level in ("province", "district")]
        prov = next((c for c in own if c.level == "province"), None)
        dists = [c for c in own if c.level == "district"]
        provinces.append(ProvinceRow(
            code=p.code, lo=p.lo, en=p.en, submitted=prov is not None,
            established=prov.established if prov else None,
            districts_submitted=len(dists),
            districts_established=sum(1 for d in dists if d.established),
            totals=_sum([parts[id(c)] for c in own], warned) if own else {}))
    submitted = {(c.level, c.province, c.district) for c in committees}
    missing = []
    if ("national", "", "") not in submitted:
        missing.append(Expected("national", "", "", "ຄະນະກຳມະການຕ້ານການຄ້າມະນຸດລະດັບຊາດ"))
    for p in PROVINCES:
        if ("province", p.code, "") not in submitted:
            missing.append(Expected("province", p.code, "", p.lo))
    for code in expected_districts:
        d = DISTRICTS_BY_CODE.get(code)
        if d and ("district", d.province, code) not in submitted:
            missing.append(Expected("district", d.province, code, f"ເມືອງ{d.lo}, {PROVINCES_BY_CODE[d.province].lo}"))
    entries = {s.key: [Entry(it, c) for c in committees for it in c.submission.lists.get(s.key, [])]
               for s in schema.SHEETS if not s.form}
    return ReportData(
        year=year,
        sample=any(s.sample for s in subs),
        committees=committees,
        totals=totals,
        level_totals=level_totals,
        provinces=provinces,
        provinces_established=sum(1 for c in committees if c.level == "province" and c.established),
        districts_established=sum(1 for c in committees if c.level == "district" and c.established),
        missing=missing,
        entries=entries,
        warnings=warnings,
    )
