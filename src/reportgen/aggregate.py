"""Adds the levels up: the totals of a scope (the whole country, or one province with its districts),
each province with its districts, the committees, what they listed, and who has not reported yet."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from .collecting.history import History
from .contract import schema
from .contract.figures import FIGURE_KEYS as FIGURE_KEYS  # the keys templates may ask for
from .contract.figures import FIGURES, Part, parts
from .contract.reference import DISTRICTS_BY_CODE, PROVINCES, PROVINCES_BY_CODE, province_title
from .contract.roster import NATIONAL, CommitteeId, Level, Name, committee_of, level_rank, missing, place_title
from .model.submission import CellRef, Issue, Item, Submission


@dataclass(frozen=True)
class Total:
    """A sum over submissions. `value` is None when nobody reported it; `missing` counts those who did not."""

    value: int | None
    reported: int = 0
    missing: int = 0  # committees that left it, or some of its cells, empty
    missing_from: tuple[CellRef, ...] = ()  # every cell they left empty (a list not filled in: its sheet)
    reported_by: tuple[str, ...] = ()  # the workbooks that gave a value
    warnings: tuple[Issue, ...] = ()  # check warnings about the cells this figure adds up
    sources: tuple[CellRef, ...] = ()  # every cell that gave a value

    def __add__(self, other: Total) -> Total:
        if self.value is None and other.value is None:
            v = None
        else:
            v = (self.value or 0) + (other.value or 0)
        return Total(v, self.reported + other.reported, self.missing + other.missing,
                     self.missing_from + other.missing_from, self.reported_by + other.reported_by,
                     self.warnings + tuple(w for w in other.warnings if w not in self.warnings),
                     self.sources + other.sources)

    @property
    def complete(self) -> bool:
        return self.value is not None and self.missing == 0

    @property
    def partial(self) -> bool:
        """Some committees gave it and some left it, or some of its cells, empty: the real figure may be higher."""
        return self.value is not None and self.missing > 0


NOT_REPORTED = Total(None)


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

    Every cell a committee left empty is kept (a committee that gave no cells at all: its file); a check
    warning about any cell the figure adds up, in any of these committees, goes with the total.
    """
    # Counted in plain values rather than by adding Totals: this runs for every figure of every workbook.
    value = reported = missing = 0
    missing_from: list[CellRef] = []
    reported_by: list[str] = []
    warnings: list[Issue] = []
    sources: list[CellRef] = []
    for part, who in parts:
        if part.value is None:
            missing += 1
            missing_from.extend(part.empty or ((CellRef(who),) if who else ()))
            continue
        value += part.value
        reported += 1
        sources.extend(part.sources)
        if who:
            reported_by.append(who)
        if part.empty:
            missing += 1
            missing_from.extend(part.empty)
        if warned and who in warned and part.cells:
            cells = set(part.cells)
            warnings += [w for w in warned[who] if cells.intersection(w.figures) and w not in warnings]
    return Total(value if reported else None, reported, missing, tuple(missing_from), tuple(reported_by),
                 tuple(warnings), tuple(sources))


@dataclass
class Committee:
    """A committee whose workbook is in the report: who it is, and what it typed."""

    id: CommitteeId | None  # None only for a workbook whose sheet 1 gives no level (the check stops those)
    name: str  # as typed on sheet 1
    file: str
    established: bool | None
    members_total: int | None
    members_women: int | None
    submission: Submission

    @property
    def level(self) -> Level | str:
        return self.id.level if self.id else ""

    @property
    def province(self) -> str:
        """ISO code, or ""."""
        return self.id.province if self.id else ""

    @property
    def district(self) -> str:
        """District code, or "" (also when the district typed is not one the reference list knows)."""
        return self.submission.district or ""

    def info(self, key: str):
        """A value from the committee's sheet 1 (period, prepared by, decision number…), None if empty."""
        value = self.submission.info.get(key)
        return None if value == "" else value

    @property
    def names(self) -> Name:
        return self.id.name if self.id else Name("", "", "", "")

    @property
    def place_lo(self) -> str:
        return self.names.lo

    @property
    def place_title(self) -> str:
        """The committee's place as a Lao sentence names it: "ລະດັບຊາດ", "ແຂວງອຸດົມໄຊ", "ນະຄອນຫຼວງວຽງຈັນ",
        "ເມືອງຄອບ ແຂວງໄຊຍະບູລີ" (docs/lao-style.md); `place_lo` is the short form messages use."""
        return place_title(self.id) if self.id else ""

    @property
    def district_lo(self) -> str:
        """A district committee's place without its province ("ເມືອງຄອບ"), as a province's report names it; "" otherwise."""
        return _district_lo(self.id) if self.id and self.id.level is Level.DISTRICT else ""


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
    def refs(self) -> list[CellRef]:
        """Every row the group came from, in reading order."""
        return [e.item.ref for e in self.entries]

    def common(self, key: str):
        """The value of `key` if every entry has the same one, else None."""
        values = {e.get(key) for e in self.entries}
        return values.pop() if len(values) == 1 else None

    @property
    def committees(self) -> list[Committee]:
        """The committees that reported it, each once, in reading order."""
        return list({e.committee.file: e.committee for e in self.entries}.values())

    @property
    def provinces(self) -> list[str]:
        """The Lao names of the provinces its committees belong to, each once, in the reference list's order."""
        codes = {e.committee.province for e in self.entries}
        return [p.lo for p in PROVINCES if p.code in codes]

    @property
    def province_titles(self) -> list[str]:
        """The same provinces as a sentence names them: "ແຂວງອຸດົມໄຊ", "ນະຄອນຫຼວງວຽງຈັນ"."""
        codes = {e.committee.province for e in self.entries}
        return [province_title(p) for p in PROVINCES if p.code in codes]


#: The key of `level_totals` for the province and district committees together.
LOCAL = "local"


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

    @property
    def title(self) -> str:
        """"ແຂວງອຸດົມໄຊ", "ນະຄອນຫຼວງວຽງຈັນ": the province as a sentence (and the report's tables) name it."""
        p = PROVINCES_BY_CODE.get(self.code)
        return province_title(p) if p else self.lo

    def t(self, key: str) -> Total:
        return _lookup(self.totals, key)


@dataclass
class DistrictRow:
    """One district of a province's report: its committee's own figures (a district has no level below it)."""

    code: str  # the district's code ("0801"), or the name typed for a district the reference list does not know
    lo: str  # "ເມືອງຄອບ"
    en: str
    committee: Committee | None  # None: expected, but its workbook has not come
    totals: dict[str, Total]

    @property
    def submitted(self) -> bool:
        return self.committee is not None

    @property
    def established(self) -> bool | None:
        return self.committee.established if self.committee else None

    def t(self, key: str) -> Total:
        return _lookup(self.totals, key)


@dataclass
class ReportData:
    year: int
    sample: bool
    committees: list[Committee]  # the committees of the scope that sent a workbook
    totals: dict[str, Total]
    level_totals: dict[str, dict[str, Total]]
    provinces: list[ProvinceRow]
    provinces_established: int
    districts_established: int
    missing: list[CommitteeId]  # the expected committees of the scope whose workbook has not come
    entries: dict[str, list[Entry]] = field(default_factory=dict)  # list sheet key -> entries
    warnings: list[Issue] = field(default_factory=list)  # from the check; shown to reviewers as comments
    scope: CommitteeId = NATIONAL  # whose report this is: the national committee's, or one province's
    previous: History | None = None  # last year's figures (its data.json), to say how each figure changed
    districts: list[DistrictRow] = field(default_factory=list)  # a province's report: its districts, in code order

    def t(self, key: str) -> Total:
        """The total of one figure over the scope (every submission of a national report)."""
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
        """Warnings about files that are not among the submissions (skipped files and the like). The committees
        whose workbook has not come are not among them: the report lists those itself (`missing`)."""
        files = {c.file for c in self.committees}
        return [w for w in self.warnings if w.where.file not in files and w.code != "committee.missing"]

    def warnings_for(self, file: str = "", code: str = "") -> list[Issue]:
        return [w for w in self.warnings if (not file or w.where.file == file) and (not code or w.code == code)]

    def of_level(self, level: str) -> list[Committee]:
        return [c for c in self.committees if c.level == level]

    def text_entries(self, key: str) -> list[Entry]:
        """The text each committee typed in one form cell (the names of "other" countries…), as entries."""
        return [Entry(_cell_item(c.submission, key), c) for c in self.committees if c.submission.texts.get(key)]

    def silent(self, sheet: str) -> list[Committee]:
        """Committees that left a list sheet empty without saying they had nothing to list: not reported."""
        return [c for c in self.committees
                if not c.submission.lists.get(sheet) and not c.submission.none.get(sheet)]


def _cell_item(sub: Submission, key: str) -> Item:
    """One form cell's text as a list item: its row, and its column."""
    ref = sub.ref(key)
    letters = ref.cell.rstrip("0123456789")
    row = ref.cell[len(letters):]
    return Item({"text": sub.texts[key]}, ref.file, ref.sheet, int(row) if row else 0,
                {"text": letters} if letters else {})


def _sum(of: list[tuple[str, dict[str, Part]]], warned: dict[str, list[Issue]]) -> dict[str, Total]:
    """Totals by figure key over (file, parts) pairs."""
    return {k: sum_parts(((p[k], name) for name, p in of), warned) for k in FIGURES}


def _committee(sub: Submission) -> Committee:
    established = sub.info.get("established")
    return Committee(
        id=committee_of(sub), name=str(sub.info.get("committee_name") or ""), file=sub.file,
        established=None if established is None else established == "yes",
        members_total=sub.info.get("members_total"), members_women=sub.info.get("members_women"),  # type: ignore[arg-type]
        submission=sub)


def scope_inputs(submissions: Iterable[Submission], scope: CommitteeId = NATIONAL,
                 warnings: Iterable[Issue] = ()) -> tuple[list[Submission], list[Issue]]:
    """What a report for `scope` is made of: its committees' submissions, in the order they are listed, and the
    check warnings that are not about another committee's workbook. Everything aggregate reads of the inputs."""
    subs = sorted(submissions, key=lambda s: (level_rank(s.level), s.province or "", s.district or "", s.file))
    if scope != NATIONAL:
        ids = [committee_of(s) for s in subs]
        outside = {s.file for s, i in zip(subs, ids, strict=True) if i is None or not scope.covers(i)}
        subs = [s for s in subs if s.file not in outside]
        warnings = [w for w in warnings if w.where.file not in outside]
    return subs, list(warnings)


def aggregate(submissions: Iterable[Submission], year: int, *, scope: CommitteeId = NATIONAL,
              expected_districts: Iterable[str] = (), warnings: Iterable[Issue] = (),
              previous: History | None = None) -> ReportData:
    """ReportData for `year` from submissions that passed the checks (each reports its own work only).

    `scope` is whose report it is: the national committee's (every submission) or one province's (that
    province's committee and its districts: its totals, committees, lists and missing submissions only).
    `expected_districts` (district codes) are waited for besides the national and province committees.
    `previous`: last year's figures (collecting/history.py), for the report to say how its figures changed.
    """
    if scope.level is not Level.NATIONAL and scope.province not in PROVINCES_BY_CODE:
        raise ValueError(f"unknown province {scope.province!r}: a report's scope is national or one province "
                         "(ISO code, e.g. LA-XA)")
    if previous is not None and scope != NATIONAL:
        raise ValueError("last year's figures (a data.json) are the national report's: a province's report cannot "
                         "be compared with them")
    subs, warnings = scope_inputs(submissions, scope, warnings)
    committees = [_committee(s) for s in subs]
    warned: dict[str, list[Issue]] = {}
    for w in warnings:
        if w.figures:
            warned.setdefault(w.where.file, []).append(w)
    of = {id(c): (c.file, parts(c.submission)) for c in committees}
    totals = _sum(list(of.values()), warned)
    level_totals = {lvl: _sum([of[id(c)] for c in committees if c.level == lvl], warned) for lvl in Level}
    # the province and district committees together: what the annex's rows by province add up to
    level_totals[LOCAL] = _sum([of[id(c)] for c in committees if c.level in (Level.PROVINCE, Level.DISTRICT)], warned)
    provinces = []
    for p in PROVINCES:
        place = CommitteeId(Level.PROVINCE, p.code)
        if not scope.covers(place) and not place.covers(scope):
            continue
        own = [c for c in committees if c.id is not None and c.id.level is not Level.NATIONAL and place.covers(c.id)]
        prov = next((c for c in own if c.level == Level.PROVINCE), None)
        dists = [c for c in own if c.level == Level.DISTRICT]
        provinces.append(ProvinceRow(
            code=p.code, lo=place.name.lo, en=place.name.en, submitted=prov is not None,
            established=prov.established if prov else None,
            districts_submitted=len(dists),
            districts_established=sum(1 for d in dists if d.established),
            totals=_sum([of[id(c)] for c in own], warned) if own else {}))
    entries = {s.key: [Entry(it, c) for c in committees for it in c.submission.lists.get(s.key, [])]
               for s in schema.SHEETS if not s.form}
    missed = missing((c.id for c in committees), scope, expected_districts)
    districts = _districts(committees, missed, of, warned) if scope.level is Level.PROVINCE else []
    return ReportData(
        year=year,
        sample=any(c.submission.sample for c in committees),
        committees=committees,
        totals=totals,
        level_totals=level_totals,
        provinces=provinces,
        provinces_established=sum(1 for c in committees if c.level == Level.PROVINCE and c.established),
        districts_established=sum(1 for c in committees if c.level == Level.DISTRICT and c.established),
        missing=missed,
        entries=entries,
        warnings=warnings,
        scope=scope,
        previous=previous,
        districts=districts,
    )


def _districts(committees: list[Committee], missed: list[CommitteeId], of: dict[int, tuple[str, dict[str, Part]]],
               warned: dict[str, list[Issue]]) -> list[DistrictRow]:
    """A province's districts: each district committee that sent a workbook, and each expected one that has
    not, in the order of their codes (districts the reference list does not know last, by name)."""
    rows = [DistrictRow(c.id.district, _district_lo(c.id), c.id.name.en, c, _sum([of[id(c)]], warned))
            for c in committees if c.id is not None and c.id.level is Level.DISTRICT]
    rows += [DistrictRow(m.district, _district_lo(m), m.name.en, None, {}) for m in missed
             if m.level is Level.DISTRICT]
    return sorted(rows, key=lambda r: (r.code not in DISTRICTS_BY_CODE, r.code))


def _district_lo(district: CommitteeId) -> str:
    """"ເມືອງຄອບ": the district's Lao name without its province (the report is that province's)."""
    d = DISTRICTS_BY_CODE.get(district.district)
    return f"ເມືອງ{d.lo}" if d else district.district
