"""Two drafts of the report compared block by block: what changed, as data, and as a redline DOCX.

Blocks are matched on their bookmarks (`rg_<block id>`, writers/docx/review.py): the same template line
with the same data has the same id in every build (model/document.assign_ids), so a paragraph whose
figures changed is the same paragraph, and one added or taken away is a block only one draft has. A table
belongs to the block of its caption; its rows are matched on their first cell (the committee, the level…).
Paragraphs outside every block (the contents) are matched on their text. A block whose id changed while
its words stayed (a table that lists one workbook more) is matched on its words.

Each draft is read as generated (_draft.py): a reviewer's pending insertions are left out and pending
deletions kept, so that the compare shows what the data and the templates changed, not what reviewers
suggested. Figures are the runs inside a bookmark `rg_<figure id>`; their sources come from the provenance
the writer stores (writers/docx.read_provenance). _redline.py writes the marks into the new draft.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from difflib import SequenceMatcher
from typing import Any, TypeVar

from ._draft import _TABLE, Draft, Para, Row, Table, Unit, W

__all__ = ["Changes", "Comparer", "Draft", "FigureChange", "align", "describe", "diff_reports", "narrow",
           "redline"]

_LABEL_CUT = re.compile(r"[,;:.!?()\u0ec6]")
_WORKBOOK = re.compile(r"\.xls[xm]?$", re.IGNORECASE)

U = TypeVar("U")


# ---- what the library gives --------------------------------------------------------------------------------

@dataclass(frozen=True)
class FigureChange:
    """A figure printed differently in the two drafts."""

    figure: str  # its bookmark, rg_f…
    label: str  # where a reader finds it: "ຕາຕະລາງທີ 3 › ໄຊຍະບູລີ › ຍິງ", or the words before it in its sentence
    old: str  # as printed in the old draft ("" when it was not there)
    new: str  # as printed in the new one ("" when it is gone)
    block: str = ""  # bookmark of the block it is in
    source: str = ""  # that block's template and line, e.g. "overview.xml.j2:8"
    workbooks: tuple[str, ...] = ()  # the workbooks behind the change (those behind the figure when not narrower)
    key: str = ""  # the figure's data key, when the provenance names it

    @property
    def line(self) -> str:
        """One line for a terminal: `label: old → new  [workbooks]`."""
        shown = list(self.workbooks[:3]) + ([f"… (+{len(self.workbooks) - 3})"] if len(self.workbooks) > 3 else [])
        where = f"  [{', '.join(shown)}]" if shown else (f"  [{self.source}]" if self.source else "")
        return f"{self.label}: {self.old or '∅'} → {self.new or '∅'}{where}"


@dataclass
class Changes:
    """What changed from one draft to the next."""

    figures: list[FigureChange] = field(default_factory=list)
    changed: int = 0  # paragraphs (and table cells) whose words changed, beyond their figures
    inserted: int = 0  # paragraphs, tables and table rows only the new draft has
    deleted: int = 0  # … only the old draft has
    matched: int = 0  # blocks found in both drafts by their bookmark
    unmarked: list[str] = field(default_factory=list)  # paragraphs changed under a reviewer's pending changes

    @property
    def paragraphs(self) -> int:
        return self.changed + self.inserted + self.deleted

    @property
    def any(self) -> bool:
        return bool(self.figures or self.paragraphs)


def diff_reports(old: bytes, new: bytes) -> Changes:
    """What changed from `old` to `new` (two DOCX files' bytes), without writing anything."""
    return Comparer(Draft.read(old), Draft.read(new)).run()


def redline(old: Draft, new: Draft, old_name: str = "") -> tuple[bytes, Changes]:
    """The redline DOCX of `new` against `old` (NEW with tracked changes by "reportgen", and a comment on
    its title listing the figures that changed, `old_name` naming the old draft), and what changed."""
    from ._redline import Redline

    r = Redline(old, new, old_name)
    changes = r.run()
    return r.result, changes


# ---- matching ---------------------------------------------------------------------------------------------

def align(old: Sequence[U], new: Sequence[U], token: Callable[[U], object],
          same: Callable[[U, U], bool]) -> list[tuple[U | None, U | None]]:
    """Pairs (old, new) in the new draft's order; (old, None) for what only the old has, placed before the
    new unit it preceded; (None, new) for what only the new has.

    Equal tokens are matched by the longest common run (difflib); among what is left between two matches,
    units that `same` says are one are paired in order.
    """
    tokens_old, tokens_new = [token(u) for u in old], [token(u) for u in new]
    if tokens_old == tokens_new:  # most of a draft, most of the time
        return list(zip(old, new, strict=True))
    pairs: list[tuple[U | None, U | None]] = []
    for op, a1, a2, b1, b2 in SequenceMatcher(None, tokens_old, tokens_new, autojunk=False).get_opcodes():
        if op == "equal":
            pairs += list(zip(old[a1:a2], new[b1:b2], strict=True))
            continue
        left, j = list(old[a1:a2]), 0
        for n in new[b1:b2]:
            k = next((i for i in range(j, len(left)) if same(left[i], n)), None)
            if k is None:
                pairs.append((None, n))
                continue
            pairs += [(o, None) for o in left[j:k]] + [(left[k], n)]
            j = k + 1
        pairs += [(o, None) for o in left[j:]]
    return pairs


def _moved(pairs: list[tuple[Unit | None, Unit | None]]) -> list[tuple[Unit | None, Unit | None]]:
    """A block taken out in one place and put in another (its key in both drafts) is one block, changed
    where the new draft has it."""
    gone = {(o.kind, o.key): i for i, (o, n) in enumerate(pairs) if n is None and o is not None and o.key}
    if not gone:
        return pairs
    out: list[tuple[Unit | None, Unit | None] | None] = list(pairs)
    for i, (o, n) in enumerate(pairs):
        if o is None and n is not None and (n.kind, n.key) in gone:
            j = gone.pop((n.kind, n.key))
            out[i] = (pairs[j][0], n)
            out[j] = None
    return [p for p in out if p is not None]


def _token(u: Unit) -> tuple:
    """What a unit is matched on: its kind and block, else its kind and text."""
    return (u.kind, u.key) if u.key else (u.kind, "", u.text)


def _same_block(o: Unit, n: Unit) -> bool:
    if o.kind != n.kind:
        return False
    if not o.key and not n.key:
        return True
    return o.masked == n.masked  # the same words under another id: the id changed, the block did not


# ---- comparing ----------------------------------------------------------------------------------------------

class Comparer:
    """Walks two drafts' units side by side, counting and listing what changed; a subclass marks it."""

    def __init__(self, old: Draft, new: Draft):
        self.old, self.new = old, new
        self.changes = Changes()
        self._figures: list[FigureChange] = []

    def run(self) -> Changes:
        pairs = _moved(align(self.old.units, self.new.units, _token, _same_block))
        for o, n in pairs:
            if o is not None and n is not None:
                self.changes.matched += bool(o.key and o.key == n.key)
                if isinstance(o, Para) and isinstance(n, Para):
                    self.para(o, n, n.key or o.key)
                elif isinstance(o, Table) and isinstance(n, Table):
                    self.table(o, n)
            elif n is not None:
                self.changes.inserted += bool(isinstance(n, Table) or n.text.strip())
                self.inserted(n)
            elif o is not None:
                self.changes.deleted += bool(isinstance(o, Table) or o.text.strip())
                self.deleted(o, pairs)
        self.changes.figures = narrow(self._figures)
        self.finish()
        return self.changes

    def para(self, o: Para, n: Para, block: str, where: tuple[str, str, str] | None = None) -> None:
        for name in [*n.figures, *(f for f in o.figures if f not in n.figures)]:
            before = o.text[slice(*o.figures[name])] if name in o.figures else ""
            after = n.text[slice(*n.figures[name])] if name in n.figures else ""
            if before != after:
                label = " › ".join(x for x in where if x) if where else _words_before(n if name in n.figures else o,
                                                                                     name)
                self._figures.append(self.figure(name, label, before, after, block))
        if o.text != n.text:
            self.changes.changed += o.masked != n.masked
            self.changed(o, n)

    def table(self, o: Table, n: Table) -> None:
        heads = _headers(n)
        rows = align(o.rows, n.rows, lambda r: r.key, lambda a, b: len(a.cells) == len(b.cells))
        for ro, rn in rows:
            if ro is not None and rn is not None:
                grid = _grid(rn)
                for col, (co, cn) in enumerate(zip(ro.cells, rn.cells, strict=False)):
                    head = heads.get(grid[col], "") if col < len(grid) else ""
                    where = (n.label, rn.key.split("#")[0] if col else "", head)
                    paras = align(co, cn, lambda p: p.text, lambda a, b: True)
                    for po, pn in paras:
                        if po is not None and pn is not None:
                            self.para(po, pn, n.key or o.key, where)
                        elif pn is not None:
                            self.changes.changed += bool(pn.text.strip())
                            self.inserted_in_cell(pn)
                        elif po is not None:
                            self.changes.changed += bool(po.text.strip())
                            self.deleted_in_cell(po, paras, rn.tcs[col])
                self.row_cells(ro, rn)
            elif rn is not None:
                self.changes.inserted += 1
                self.inserted_row(rn)
            elif ro is not None:
                self.changes.deleted += 1
                self.deleted_row(ro, rows, n)

    def figure(self, name: str, label: str, old: str, new: str, block: str) -> FigureChange:
        """The change, with the figure's sources in both drafts (a committee that reported it only in one of
        them is behind the change too), else its block's."""
        block = block.removesuffix(_TABLE)
        key, source, workbooks = describe(self.new.provenance.get(name))
        old_key, old_source, old_workbooks = describe(self.old.provenance.get(name))
        _, block_source, block_workbooks = describe(self.new.provenance.get(block) or self.old.provenance.get(block))
        workbooks = tuple(dict.fromkeys(workbooks + old_workbooks))
        return FigureChange(name, label, old, new, block, source or old_source or block_source,
                            workbooks or block_workbooks, key or old_key)

    # What a redline does at each step (nothing, here: only counting and listing).
    def changed(self, o: Para, n: Para) -> None: ...
    def inserted(self, n: Unit) -> None: ...
    def deleted(self, o: Unit, pairs: list) -> None: ...
    def inserted_in_cell(self, n: Para) -> None: ...
    def deleted_in_cell(self, o: Para, pairs: list, tc) -> None: ...
    def row_cells(self, o: Row, n: Row) -> None: ...
    def inserted_row(self, n: Row) -> None: ...
    def deleted_row(self, o: Row, rows: list, table: Table) -> None: ...
    def finish(self) -> None: ...


def _grid(row: Row) -> list[int]:
    """The grid column each of `row`'s cells starts at (a cell spanning two columns moves the next one on)."""
    out, col = [], 0
    for tc in row.tcs:
        out.append(col)
        span = tc.find(f"{W}tcPr/{W}gridSpan")
        col += int(span.get(f"{W}val", "1")) if span is not None and span.get(f"{W}val", "").isdigit() else 1
    return out


def _headers(t: Table) -> dict[int, str]:
    """Grid column → its heading: the text of the header rows' cells over it."""
    header_rows = [r for r in t.rows if r.el.find(f"{W}trPr/{W}tblHeader") is not None] or t.rows[:1]
    by_grid: dict[int, list[str]] = {}
    for r in header_rows:
        starts = _grid(r) + [10**6]
        for i, cell in enumerate(r.cells):
            text = " ".join(p.text for p in cell).strip()
            for g in range(starts[i], min(starts[i + 1], starts[i] + 64)):
                if text and text not in by_grid.setdefault(g, []):
                    by_grid[g].append(text)
    return {g: " ".join(texts) for g, texts in by_grid.items()}


def _words_before(p: Para, name: str, limit: int = 48) -> str:
    """What a figure counts, as its sentence says it: the words before it, back to the last figure or mark."""
    start = p.figures[name][0]
    stop = max([e for s, e in p.figures.values() if e <= start], default=0)
    before = p.text[stop:start]
    cut = max((m.end() for m in _LABEL_CUT.finditer(before)), default=0)
    words = before[cut:].strip()
    if len(words) > limit:
        words = "… " + words[-limit:].split(" ", 1)[-1]
    return words or p.text[:limit].strip()


# ---- sources ------------------------------------------------------------------------------------------------

def describe(entry: Any) -> tuple[str, str, tuple[str, ...]]:
    """(figure key, template:line, workbooks) from one entry of the provenance: a provenance record (for a
    figure, its key and the cells that gave its value; for a block, its workbook places), or the one line
    older builds kept in a document property ("overview.xml.j2:8 | inputs/LA-XA.xlsx › 6 ສະຖິຕິຄະດີ › E5; …")."""
    if not entry:
        return "", "", ()
    if not isinstance(entry, str):
        template, line = getattr(entry, "template", ""), getattr(entry, "line", 0)
        place = f"{template}:{line}" if template and line else template
        figures = getattr(entry, "figures", ())
        if getattr(entry, "kind", "") == "figure" and len(figures) == 1:
            f = figures[0]
            return f.figure, place, _files(f.sources) or _files(f.reported_by)
        if getattr(entry, "origin", ()) or place:
            return "", place, _files(getattr(entry, "origin", ()))
        entry = str(entry)
    head, sep, rest = entry.partition(" | ")
    if not sep and not re.search(r":\d+$", head):
        head, rest = "", entry
    return "", head if re.search(r":\d+$", head) else "", _files(rest.split("; "))


def _files(places: Iterable[Any]) -> tuple[str, ...]:
    """The workbooks among `places` (cell references, or "file › sheet › cell" text), each once, in order."""
    out: dict[str, None] = {}
    for p in places:
        name = str(getattr(p, "file", p)).split(" › ")[0].strip()
        if _WORKBOOK.search(name):
            out[name] = None
    return tuple(out)


def _number(text: str) -> int | None:
    digits = re.sub(r"[^\d]", "", text)
    return int(digits) if digits and text.strip()[:1] != "–" else None


def narrow(figures: list[FigureChange]) -> list[FigureChange]:
    """Each figure's workbooks narrowed to those behind its change, where the drafts show it.

    A total's change is explained by the same figure of smaller scopes (a province, a district) that changed
    too, when their changes add up to the total's: then only their workbooks are behind it. Done only when
    the provenance names each figure's key, so that like is compared with like.
    """
    out = []
    for f in figures:
        whole, delta = set(f.workbooks), _delta(f)
        parts = [g for g in figures if g is not f and f.key and g.key == f.key and g.workbooks
                 and set(g.workbooks) < whole and _delta(g) is not None]
        smallest = {frozenset(g.workbooks): g for g in parts
                    if not any(set(h.workbooks) < set(g.workbooks) for h in parts)}
        sets = list(smallest)
        disjoint = all(not (a & b) for i, a in enumerate(sets) for b in sets[i + 1:])
        if delta is not None and smallest and disjoint and sum(_delta(g) or 0 for g in smallest.values()) == delta:
            inside = set().union(*sets)
            f = replace(f, workbooks=tuple(w for w in f.workbooks if w in inside))
        out.append(f)
    return out


def _delta(f: FigureChange) -> int | None:
    a, b = _number(f.old), _number(f.new)
    return None if a is None or b is None else b - a
