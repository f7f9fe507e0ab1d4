"""Every figure the report prints, defined once: what it adds up, its name, and the rules between figures.

`FIGURES` is the one table: figure key -> `Figure` (the form cells, or the list column, it adds up, and
its Lao and English label). The checks apply `RULES` to it, the totals add its parts up, the templates
name its keys and the data export prints its labels, so a table and a warning can never count the same
thing in two different ways.

A figure of one committee is partial when it leaves some of the figure's cells empty (an empty count
cell means "not reported", never 0), and not reported when it leaves all of them empty. A list sheet the
committee neither filled in nor answered "nothing to report" is not reported: every figure of it is.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from ..contract import schema
from ..contract.schema import Kind
from ..model.submission import CellRef, Item, Submission

AGES = ("women", "girls", "men", "boys")
UNSPECIFIED = "unspecified"  # the rows of a list that left its splitting column empty


@dataclass(frozen=True)
class Figure:
    """One figure: a form figure adds up `parts` (cells, by value key "sheet.row.column"); a list figure
    adds up `column` over the rows of list `sheet` (only those whose column `rows[0]` holds `rows[1]`,
    when given), or counts the rows when `column` is ""."""

    key: str
    label_lo: str
    label_en: str
    parts: tuple[str, ...] = ()
    sheet: str = ""  # list figures only
    column: str = ""
    rows: tuple[str, str] | None = None
    kind: Kind = Kind.COUNT  # COUNT, or MONEY (kip)

    @property
    def of_list(self) -> bool:
        return bool(self.sheet)


def _label(sheet: schema.Sheet, *parts: str) -> str:
    return f"{sheet.lo}: {', '.join(parts)}"


def _label_en(sheet: schema.Sheet, *parts: str) -> str:
    return f"{sheet.en}: {', '.join(parts)}"


def _form_figures() -> list[Figure]:
    out = []
    for sh in schema.SHEETS:
        if not sh.form:
            continue
        for r in sh.rows:
            counted = [c for c in r.inputs if sh.column(c).kind is not Kind.TEXT]  # not "name of other country"
            if sh is schema.SUBMISSION:
                if r.kind is Kind.COUNT:
                    out.append(Figure(f"submission.{r.key}", r.lo, r.en, (f"submission.{r.key}",)))
                continue
            for c in counted:
                col = sh.column(c)
                lo = _label(sh, r.lo, col.lo) if len(counted) > 1 else _label(sh, r.lo)
                en = _label_en(sh, r.en, col.en) if len(counted) > 1 else _label_en(sh, r.en)
                out.append(Figure(f"{sh.key}.{r.key}.{c}", lo, en, (f"{sh.key}.{r.key}.{c}",), kind=r.kind))
    v, vp = schema.VICTIMS, schema.VICTIM_PLACES
    rows = [r.key for r in v.rows]
    for r in v.rows:
        out.append(Figure(f"victims.{r.key}.total", _label(v, r.lo, "ລວມ"), _label_en(v, r.en, "total"),
                          tuple(f"victims.{r.key}.{a}" for a in AGES)))
    for a in (*AGES, "foreign"):
        col = v.column(a)
        out.append(Figure(f"victims.all.{a}", _label(v, "ທຸກຮູບການ", col.lo), _label_en(v, "all forms", col.en),
                          tuple(f"victims.{r}.{a}" for r in rows)))
    for key, lo, en, ages in (("total", "ລວມ", "total", AGES),
                              ("female", "ແມ່ຍິງ ແລະ ເດັກຍິງ", "women and girls", ("women", "girls")),
                              ("children", "ເດັກນ້ອຍ", "children (<18)", ("girls", "boys"))):
        out.append(Figure(f"victims.all.{key}", _label(v, "ທຸກຮູບການ", lo), _label_en(v, "all forms", en),
                          tuple(f"victims.{r}.{a}" for r in rows for a in ages)))
    places = [r.key for r in vp.rows]
    out.append(Figure("victim_places.all.total", _label(vp, "ລວມ"), _label_en(vp, "total"),
                      tuple(f"victim_places.{p}.total" for p in places)))
    out.append(Figure("victim_places.abroad.total", _label(vp, "ຕ່າງປະເທດ"), _label_en(vp, "abroad"),
                      tuple(f"victim_places.{p}.total" for p in places if p != "domestic")))
    b = schema.BUDGET
    out.append(Figure("budget.all.total", _label(b, "ລວມ"), _label_en(b, "total"),
                      tuple(f"budget.{r.key}.total" for r in b.rows), kind=Kind.MONEY))
    return out


#: List figures: sheet -> (the column that splits its rows, the counted columns).
_SPLITS = {"awareness": ("channel", ("activities", "reached_total", "reached_women")),
           "training": ("target_group", ("courses", "participants_total", "participants_women"))}


def _list_figures() -> list[Figure]:
    out = []
    for sheet_key, (split, columns) in _SPLITS.items():
        sh = schema.SHEETS_BY_KEY[sheet_key]
        options = list(schema.choices(sh.column(split).choices or ""))
        if not sh.column(split).required:  # a row may leave it empty: those rows have a figure of their own
            options.append(schema.Option(UNSPECIFIED, "ບໍ່ໄດ້ລະບຸ", "not specified"))
        for c in columns:
            col = sh.column(c)
            for o in options:
                out.append(Figure(f"{sheet_key}.{o.key}.{c}", _label(sh, o.lo, col.lo), _label_en(sh, o.en, col.en),
                                  sheet=sheet_key, column=c, rows=(split, o.key)))
            out.append(Figure(f"{sheet_key}.all.{c}", _label(sh, "ທັງໝົດ", col.lo), _label_en(sh, "all", col.en),
                              sheet=sheet_key, column=c))
    for sh in schema.SHEETS:
        if not sh.form:
            out.append(Figure(f"{sh.key}.count", _label(sh, "ຈຳນວນລາຍການ"), _label_en(sh, "number of items"),
                              sheet=sh.key))
    return out


#: Figure key -> its definition: every figure the report, the checks and the exports know.
FIGURES: dict[str, Figure] = {f.key: f for f in (*_form_figures(), *_list_figures())}

#: Every figure key a template may ask for: a typo in a template is then an error, not a blank.
FIGURE_KEYS = frozenset(FIGURES)

#: The figures that are one cell of a form sheet (a count or an amount a committee typed), in the order of the
#: form: what data.json keeps committee by committee, and what next year's check compares cell by cell.
CELL_FIGURES: tuple[str, ...] = tuple(k for k, f in FIGURES.items() if not f.of_list and f.parts == (k,))


@dataclass(frozen=True)
class Rule:
    """Two figures of one committee that must agree: `left` == `right`, or `left` <= `right`.

    `code` is the warning (a message code of messages/catalogue.toml) when they do not; `partial_code` the
    warning when they do not while some of their cells are empty (they cannot be fully compared); `what`
    (a catalogue part) says what breaking it means, for warnings that say it.
    """

    left: str
    op: str  # "==" or "<="
    right: str
    code: str
    partial_code: str = ""
    what: str = ""

    def holds(self, left: int, right: int) -> bool:
        return left == right if self.op == "==" else left <= right


#: The rules between figures the check applies to every workbook (warnings: the numbers may be right).
RULES: tuple[Rule, ...] = (
    Rule("victims.all.total", "==", "victim_places.all.total", "victims.places_mismatch", "victims.places_partial"),
    Rule("cases.to_prosecutor.total", "<=", "cases.investigated.total", "cases.order", what="part.more_to_prosecutor"),
    Rule("cases.convicted_cases.total", "<=", "cases.court_decided.total", "cases.order", what="part.more_convicted"),
)


@dataclass(frozen=True)
class Part:
    """What one committee gave for one figure: the sum of what it filled in, and where."""

    value: int | None
    empty: tuple[CellRef, ...] = ()  # every cell left empty; a list sheet not filled in at all: the sheet
    cells: tuple[str, ...] = ()  # the value keys the figure adds up (check warnings are about cells)
    sources: tuple[CellRef, ...] = ()  # the cells that gave the value

    @property
    def partial(self) -> bool:
        return self.value is not None and bool(self.empty)


def cell_value(sub: Submission, key: str) -> int | None:
    if key.startswith("submission."):
        v = sub.info.get(key[11:])
        return v if isinstance(v, int) else None
    return sub.counts.get(key)


def cell_ref(sub: Submission, key: str) -> CellRef:
    """Where one cell figure ("cases.received.total", "submission.members_total") was typed."""
    return sub.ref(key[11:] if key.startswith("submission.") else key)


def form_part(sub: Submission, key: str) -> Part:
    """One committee's value of a figure made of form cells."""
    cells = FIGURES[key].parts
    total, given, empty, sources = 0, False, [], []
    for k in cells:
        v = cell_value(sub, k)
        if v is None:
            empty.append(cell_ref(sub, k))
        else:
            total += v
            given = True
            sources.append(cell_ref(sub, k))
    return Part(total if given else None, tuple(empty), cells, tuple(sources))


def _list_part(sub: Submission, fig: Figure) -> Part:
    items = sub.lists.get(fig.sheet) or []
    sheet = sub.refs.get(fig.sheet) or CellRef(sub.file, schema.SHEETS_BY_KEY[fig.sheet].title)
    if not items and not sub.none.get(fig.sheet):
        return Part(None, (sheet,))  # neither filled in nor "nothing to report": not reported
    said_none = (sub.refs.get(f"{fig.sheet}.none") or sheet,) if not items else ()
    if not fig.column:
        return Part(len(items), sources=tuple(it.ref for it in items) or said_none)
    if fig.rows:
        split, option = fig.rows
        items = [it for it in items if (it.get(split) or UNSPECIFIED) == option]
    given: list[Item] = [it for it in items if isinstance(it.get(fig.column), int)]
    empty = tuple(it.cell(fig.column) for it in items if not isinstance(it.get(fig.column), int))
    if items and not given:
        return Part(None, empty)
    # a channel a committee did not use is 0, not unknown: its list (or its "nothing to report") says so
    sources = tuple(it.cell(fig.column) for it in given) or said_none or (sheet,)
    return Part(sum(it.get(fig.column) for it in given), empty, sources=sources)  # type: ignore[misc]


def part(sub: Submission, key: str) -> Part:
    """One committee's value of one figure."""
    fig = FIGURES[key]
    return _list_part(sub, fig) if fig.of_list else form_part(sub, key)


def parts(sub: Submission) -> dict[str, Part]:
    """Every figure of one committee."""
    return {key: part(sub, key) for key in FIGURES}


NOT_FILLED = "ບໍ່ໄດ້ກອກ / not filled in"


def gap_texts(refs: Iterable[CellRef]) -> list[str]:
    """Empty cells as a reviewer reads them: one text per workbook and sheet, in the order met —
    "A.xlsx › 7 ຜູ້ຖືກເຄາະຮ້າຍ › F7, G7"; a sheet not filled in at all: "A.xlsx › 4 ບົດຮຽນ › ບໍ່ໄດ້ກອກ / not filled in"."""
    groups: dict[tuple[str, str], list[str]] = {}
    for r in refs:
        cells = groups.setdefault((r.file, r.sheet), [])
        if r.cell:
            cells.append(r.cell)
    out = []
    for (file, sheet), cells in groups.items():
        where = " › ".join(p for p in (file, sheet) if p)
        if sheet:
            where += f" › {', '.join(cells) if cells else NOT_FILLED}"
        out.append(where)
    return out


def describe_gaps(refs: Iterable[CellRef]) -> str:
    """`gap_texts` as one line: "A.xlsx › 7 ຜູ້ຖືກເຄາະຮ້າຍ › F7, G7; B.xlsx › 7 ຜູ້ຖືກເຄາະຮ້າຍ › E5"."""
    return "; ".join(gap_texts(refs))
