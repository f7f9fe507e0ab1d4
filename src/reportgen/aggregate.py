"""Adds the levels up: national totals, each province with its districts, committees, completeness."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from . import schema
from .model import Issue, Item, Submission
from .reference import DISTRICTS_BY_CODE, PROVINCES, PROVINCES_BY_CODE


@dataclass(frozen=True)
class Total:
    """A sum over submissions. `value` is None when nobody reported it; `missing` counts those who did not."""

    value: int | None
    reported: int = 0
    missing: int = 0
    missing_from: tuple[str, ...] = ()  # the workbooks that left it empty, for reviewers' comments

    def __add__(self, other: Total) -> Total:
        if self.value is None and other.value is None:
            v = None
        else:
            v = (self.value or 0) + (other.value or 0)
        return Total(v, self.reported + other.reported, self.missing + other.missing,
                     self.missing_from + other.missing_from)

    @property
    def complete(self) -> bool:
        return self.value is not None and self.missing == 0


NOT_REPORTED = Total(None)


def _figure_keys() -> frozenset[str]:
    """Every figure key a template may ask for, from the schema: a typo in a template is then an error."""
    keys = {f"{sh.key}.{r.key}.{c}" for sh in schema.SHEETS if sh.form and sh.key != "submission"
            for r in sh.rows for c in r.inputs}
    ages = ("women", "girls", "men", "boys")
    keys |= {f"victims.{r.key}.total" for r in schema.VICTIMS.rows}
    keys |= {f"victims.all.{a}" for a in (*ages, "foreign", "total", "female", "children")}
    keys |= {"victim_places.all.total", "victim_places.abroad.total", "budget.all.total",
             "submission.members_total", "submission.members_women"}
    for ch in (*(o.key for o in schema.CHANNELS), "all"):
        keys |= {f"awareness.{ch}.{c}" for c in ("activities", "reached_total", "reached_women")}
    for tg in (*(o.key for o in schema.TARGET_GROUPS), "all", "unspecified"):
        keys |= {f"training.{tg}.{c}" for c in ("courses", "participants_total", "participants_women")}
    keys |= {f"{s.key}.count" for s in schema.SHEETS if not s.form}
    return frozenset(keys)


FIGURE_KEYS = _figure_keys()


def _lookup(totals: dict[str, Total], key: str) -> Total:
    if key not in FIGURE_KEYS:
        raise KeyError(f"unknown figure {key!r}; figures are named like 'cases.received.total' "
                       "(sheet.row.column keys of the form)")
    return totals.get(key, NOT_REPORTED)


def total_of(values: Iterable[int | None], files: Iterable[str] | None = None) -> Total:
    """Sum of reported values; `files` (parallel to `values`) names who left a value empty."""
    # Counted in plain ints rather than by adding Totals: this runs for every figure of every workbook.
    value = reported = missing = 0
    missing_from: list[str] = []
    names = iter(files) if files is not None else None
    for v in values:
        who = next(names) if names is not None else ""
        if v is None:
            missing += 1
            if who:
                missing_from.append(who)
        else:
            value += v
            reported += 1
    return Total(value if reported else None, reported, missing, tuple(missing_from))


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


_LEVEL_ORDER = {"national": 0, "province": 1, "district": 2}


def _derived(counts: dict[str, int | None]) -> dict[str, int | None]:
    """Per-submission figures the report needs that no cell holds directly (victim totals by row, etc.)."""
    out: dict[str, int | None] = {}

    def add(key: str, parts: list[int | None]) -> None:
        out[key] = None if all(p is None for p in parts) else sum(p or 0 for p in parts)

    ages = ("women", "girls", "men", "boys")
    for r in schema.VICTIMS.rows:
        add(f"victims.{r.key}.total", [counts.get(f"victims.{r.key}.{a}") for a in ages])
    for a in (*ages, "foreign"):
        add(f"victims.all.{a}", [counts.get(f"victims.{r.key}.{a}") for r in schema.VICTIMS.rows])
    add("victims.all.total", [counts.get(f"victims.{r.key}.{a}") for r in schema.VICTIMS.rows for a in ages])
    add("victims.all.female", [counts.get(f"victims.{r.key}.{a}") for r in schema.VICTIMS.rows for a in ("women", "girls")])
    add("victims.all.children", [counts.get(f"victims.{r.key}.{a}") for r in schema.VICTIMS.rows for a in ("girls", "boys")])
    add("victim_places.all.total", [counts.get(f"victim_places.{r.key}.total") for r in schema.VICTIM_PLACES.rows])
    add("victim_places.abroad.total", [counts.get(f"victim_places.{r.key}.total") for r in schema.VICTIM_PLACES.rows
                                       if r.key != "domestic"])
    add("budget.all.total", [counts.get("budget.government.total"), counts.get("budget.external.total")])
    return out


def _list_counts(sub: Submission) -> dict[str, int | None]:
    """Sums over list sheets, per channel and per target group; None when no row reports the figure."""
    out: dict[str, int | None] = {}

    def add(key: str, v) -> None:
        if isinstance(v, int):
            out[key] = (out.get(key) or 0) + v
        else:
            out.setdefault(key, None)

    for it in sub.lists.get("awareness", []):
        ch = it.get("channel")
        for col in ("activities", "reached_total", "reached_women"):
            add(f"awareness.{ch}.{col}", it.get(col))
            add(f"awareness.all.{col}", it.get(col))
    for it in sub.lists.get("training", []):
        tg = it.get("target_group") or "unspecified"
        for col in ("courses", "participants_total", "participants_women"):
            add(f"training.{tg}.{col}", it.get(col))
            add(f"training.all.{col}", it.get(col))
    for sheet in ("achievements", "shortcomings", "plans", "cooperation", "lessons", "awareness", "training"):
        out[f"{sheet}.count"] = len(sub.lists.get(sheet, []))
    return out


def submission_figures(sub: Submission) -> dict[str, int | None]:
    figures = dict(sub.counts)
    figures.update(_derived(sub.counts))
    figures.update(_list_counts(sub))
    figures["submission.members_total"] = sub.info.get("members_total")  # type: ignore[assignment]
    figures["submission.members_women"] = sub.info.get("members_women")  # type: ignore[assignment]
    return figures


def _sum(figures: list[tuple[str, dict[str, int | None]]]) -> dict[str, Total]:
    """Totals by key over (file, figures) pairs."""
    keys: set[str] = set()
    for _, f in figures:
        keys.update(f)
    out = {}
    for k in sorted(keys):
        if k.startswith(("awareness.", "training.")) and not k.startswith(("awareness.all", "training.all")):
            # a channel nobody used is "none", not "not reported": only rows that exist are summed
            pairs = [(name, f[k]) for name, f in figures if k in f]
        else:
            pairs = [(name, f.get(k)) for name, f in figures]
        out[k] = total_of((v for _, v in pairs), (name for name, _ in pairs))
    return out


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
    figures = {id(c): (c.file, submission_figures(c.submission)) for c in committees}
    totals = _sum(list(figures.values()))
    level_totals = {lvl: _sum([figures[id(c)] for c in committees if c.level == lvl])
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
            totals=_sum([figures[id(c)] for c in own]) if own else {}))
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
        warnings=list(warnings),
    )
