"""Every figure the report prints, defined once: which cells it adds up, and what one committee gave for it.

A figure of one committee is partial when it leaves some of the figure's cells empty (an empty count
cell means "not reported", never 0), and not reported when it leaves all of them empty. The checks and
the totals both use these definitions, so a table and a warning can never count the same thing twice
in two different ways.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..contract import schema
from ..model.submission import Submission

AGES = ("women", "girls", "men", "boys")


def _form_sums() -> dict[str, tuple[str, ...]]:
    """Figures made of form cells: figure key -> the value keys ("sheet.row.column") it adds up."""
    sums: dict[str, tuple[str, ...]] = {}
    for sh in schema.SHEETS:
        if sh.form and sh.key != "submission":
            for r in sh.rows:
                for c in r.inputs:
                    if sh.column(c).kind is schema.Kind.TEXT:
                        continue  # a text column on a counted row (the name of another country)
                    sums[f"{sh.key}.{r.key}.{c}"] = (f"{sh.key}.{r.key}.{c}",)
    rows = [r.key for r in schema.VICTIMS.rows]
    for r in rows:
        sums[f"victims.{r}.total"] = tuple(f"victims.{r}.{a}" for a in AGES)
    for a in (*AGES, "foreign"):
        sums[f"victims.all.{a}"] = tuple(f"victims.{r}.{a}" for r in rows)
    sums["victims.all.total"] = tuple(f"victims.{r}.{a}" for r in rows for a in AGES)
    sums["victims.all.female"] = tuple(f"victims.{r}.{a}" for r in rows for a in ("women", "girls"))
    sums["victims.all.children"] = tuple(f"victims.{r}.{a}" for r in rows for a in ("girls", "boys"))
    places = [r.key for r in schema.VICTIM_PLACES.rows]
    sums["victim_places.all.total"] = tuple(f"victim_places.{p}.total" for p in places)
    sums["victim_places.abroad.total"] = tuple(f"victim_places.{p}.total" for p in places if p != "domestic")
    sums["budget.all.total"] = tuple(f"budget.{r.key}.total" for r in schema.BUDGET.rows)
    sums["submission.members_total"] = ("submission.members_total",)
    sums["submission.members_women"] = ("submission.members_women",)
    return sums


#: Figure key -> the cells it adds up, for every figure made of form cells.
SUMS = _form_sums()

#: Figures made of list rows: sheet -> (the column that splits it, the options, the counted columns).
LIST_SUMS: dict[str, tuple[str, tuple[str, ...], tuple[str, ...]]] = {
    "awareness": ("channel", tuple(o.key for o in schema.CHANNELS), ("activities", "reached_total", "reached_women")),
    "training": ("target_group", (*(o.key for o in schema.TARGET_GROUPS), "unspecified"),
                 ("courses", "participants_total", "participants_women")),
}

LIST_SHEETS = tuple(s.key for s in schema.SHEETS if not s.form)


def _all_keys() -> frozenset[str]:
    keys = set(SUMS)
    for sheet, (_, options, columns) in LIST_SUMS.items():
        keys |= {f"{sheet}.{o}.{c}" for o in (*options, "all") for c in columns}
    keys |= {f"{s}.count" for s in LIST_SHEETS}
    return frozenset(keys)


#: Every figure key a template may ask for: a typo in a template is then an error, not a blank.
FIGURE_KEYS = _all_keys()


@dataclass(frozen=True)
class Part:
    """What one committee gave for one figure: the sum of what it filled in, and what it left empty."""

    value: int | None
    empty: str = ""  # e.g. "7 ຜູ້ຖືກເຄາະຮ້າຍ › F7, G7" — empty when every cell was filled
    cells: tuple[str, ...] = ()  # the value keys the figure adds up (check warnings are about cells)

    @property
    def partial(self) -> bool:
        return self.value is not None and bool(self.empty)


def cell_value(sub: Submission, key: str) -> int | None:
    if key.startswith("submission."):
        v = sub.info.get(key.split(".", 1)[1])
        return v if isinstance(v, int) else None
    return sub.counts.get(key)


def _cell_name(sub: Submission, key: str) -> str:
    ref = sub.ref(key.split(".", 1)[1] if key.startswith("submission.") else key)
    return ref.cell


def form_part(sub: Submission, key: str) -> Part:
    """One committee's value of a figure made of form cells."""
    cells = SUMS[key]
    values = [cell_value(sub, k) for k in cells]
    given = [v for v in values if v is not None]
    empty = [_cell_name(sub, k) for k, v in zip(cells, values, strict=True) if v is None]
    where = ""
    if empty:
        sheet = sub.ref(cells[0].split(".", 1)[1] if cells[0].startswith("submission.") else cells[0]).sheet
        where = f"{sheet} › {', '.join(e for e in empty if e)}" if sheet else "—"
    return Part(sum(given) if given else None, where, cells)


def _list_state(sub: Submission, sheet: str) -> str:
    """"items", "none" (the committee said it has nothing to list) or "silent" (neither: not reported)."""
    if sub.lists.get(sheet):
        return "items"
    return "none" if sub.none.get(sheet) else "silent"


def not_filled(sheet: str) -> str:
    return f"{schema.SHEETS_BY_KEY[sheet].title} › ບໍ່ໄດ້ກອກ / not filled in"


def list_parts(sub: Submission) -> dict[str, Part]:
    """One committee's values of the figures made of list rows (awareness by channel, training by group…)."""
    out: dict[str, Part] = {}
    for sheet, (split, options, columns) in LIST_SUMS.items():
        state = _list_state(sub, sheet)
        for col in columns:
            for option in (*options, "all"):
                key = f"{sheet}.{option}.{col}"
                if state == "silent":
                    out[key] = Part(None, not_filled(sheet))
                    continue
                rows = [it for it in sub.lists.get(sheet, [])
                        if option == "all" or (it.get(split) or "unspecified") == option]
                given = [it.get(col) for it in rows if isinstance(it.get(col), int)]
                empty = [it.ref.cell for it in rows if not isinstance(it.get(col), int)]
                label = schema.SHEETS_BY_KEY[sheet].column(col).lo
                where = f"{schema.SHEETS_BY_KEY[sheet].title} › {label}: {', '.join(empty)}" if empty else ""
                if rows and not given:
                    out[key] = Part(None, where)
                else:
                    out[key] = Part(sum(given), where)  # a channel a committee did not use is 0, not unknown
    for sheet in LIST_SHEETS:
        state = _list_state(sub, sheet)
        out[f"{sheet}.count"] = Part(None, not_filled(sheet)) if state == "silent" else Part(
            len(sub.lists.get(sheet, [])))
    return out


def parts(sub: Submission) -> dict[str, Part]:
    """Every figure of one committee."""
    out = {key: form_part(sub, key) for key in SUMS}
    out.update(list_parts(sub))
    return out
