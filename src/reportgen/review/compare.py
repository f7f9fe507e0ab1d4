"""Two drafts of the report compared block by block: what changed, as data, and as a redline DOCX.

Blocks are matched on their bookmarks (`rg_<block id>`, writers/docx/review.py): the same template line
with the same data has the same id in every build (model/document.assign_ids), so a paragraph whose
figures changed is the same paragraph, and one added or taken away is a block only one draft has. A table
belongs to the block of its caption; its rows are matched on their first cell (the committee, the level…).
Paragraphs outside every block (the contents) are matched on their text. A block whose id changed while
its words stayed (a table that lists one workbook more) is matched on its words.

Each draft is read as generated: a reviewer's pending insertions are left out and pending deletions kept,
so that the compare shows what the data and the templates changed, not what reviewers suggested.

Figures are the runs inside a bookmark `rg_<figure id>`; their sources come from the provenance the writer
stores (writers/docx/review.read_provenance). _redline.py writes the marks into the new draft.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from difflib import SequenceMatcher
from typing import Any, TypeVar

from lxml import etree

from ..writers.docx.review import read_provenance

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
BLOCK_PREFIX = "rg_b"  # bookmark of a block (model/document ids start with "b")
FIGURE_PREFIX = "rg_f"  # bookmark of a figure ("f…")
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True)
_CHAR = {f"{W}t": None, f"{W}delText": None, f"{W}tab": "\t", f"{W}br": "\n", f"{W}cr": "\n",
         f"{W}noBreakHyphen": "\u2011"}
_REVISIONS = {f"{W}ins", f"{W}del", f"{W}moveFrom", f"{W}moveTo"}
_INSERTED = {f"{W}ins", f"{W}moveTo"}  # left out of the text as generated
_CONTAINERS = {f"{W}hyperlink", f"{W}smartTag", f"{W}customXml", f"{W}fldSimple", f"{W}sdt", f"{W}sdtContent",
               f"{W}del", f"{W}moveFrom"}
_LABEL_CUT = re.compile(r"[,;:.!?()\u0ec6]")
_WORKBOOK = re.compile(r"\.xls[xm]?$", re.IGNORECASE)

_TABLE = "/table"  # a table's key, made from its caption's bookmark
U = TypeVar("U")


# ---- what the library gives --------------------------------------------------------------------------------

@dataclass(frozen=True)
class FigureChange:
    """A figure printed differently in the two drafts."""

    figure: str  # its bookmark, rg_f…
    label: str  # where a reader finds it: "ຕາຕະລາງ 3 › ໄຊຍະບູລີ › ຍິງ", or the words before it in its sentence
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
    comparer = Comparer(Draft.read(old), Draft.read(new))
    comparer.run()
    return comparer.changes


# ---- one draft, read as generated ------------------------------------------------------------------------

@dataclass
class Para:
    el: Any  # w:p
    key: str  # its block bookmark ("" outside every block)
    text: str  # as generated
    runs: list[tuple[Any, int, int]]  # w:r (as generated) with the span of `text` it holds
    figures: dict[str, tuple[int, int]]  # figure bookmark → its span of `text`
    revised: bool  # holds a reviewer's pending change
    kind: str = "p"

    @property
    def masked(self) -> str:
        """The text with every figure taken out: what changed when this differs is wording, not figures."""
        out, last = [], 0
        for start, end in sorted(self.figures.values()):
            if start >= last:
                out += [self.text[last:start], "\ufffc"]
                last = end
        return "".join(out) + self.text[last:]


@dataclass
class Row:
    el: Any  # w:tr
    key: str  # its first cell's text (numbered when repeated)
    cells: list[list[Para]]
    tcs: list  # its w:tc, one per cell


@dataclass
class Table:
    el: Any  # w:tbl
    key: str  # its block's bookmark (its caption's), "" when none
    rows: list[Row]
    label: str  # "ຕາຕະລາງ 3", from its caption
    kind: str = "tbl"

    @property
    def text(self) -> str:
        return "\n".join(r.key for r in self.rows)

    @property
    def masked(self) -> str:
        """Its first row and its rows' first cells: the same table when these are the same."""
        head = " | ".join(p.masked for cell in self.rows[0].cells for p in cell) if self.rows else ""
        return head + "\n" + self.text


Unit = Para | Table


@dataclass
class Draft:
    """One DOCX: its package, its body as units, and the source of every bookmark."""

    zip: dict[str, bytes]  # part name → bytes, in package order
    root: Any  # word/document.xml
    units: list[Unit]
    provenance: dict[str, Any]
    created: str  # the build's date, as OOXML writes it ("2020-02-13T08:00:00Z"), "" when unknown

    @classmethod
    def read(cls, data: bytes) -> Draft:
        """`data` as a draft; raises zipfile.BadZipFile, KeyError (no word/document.xml) or XMLSyntaxError."""
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            parts = {i.filename: z.read(i.filename) for i in z.infolist()}
        root = etree.fromstring(parts["word/document.xml"], _PARSER)
        styles = _style_names(parts.get("word/styles.xml"))
        body = root.find(f"{W}body")
        units = _units(body if body is not None else root, styles)
        return cls(parts, root, units, read_provenance(data), _created(parts.get("docProps/core.xml")))


def _style_names(xml: bytes | None) -> dict[str, str]:
    if not xml:
        return {}
    root = etree.fromstring(xml, _PARSER)
    return {s.get(f"{W}styleId", ""): (s.find(f"{W}name").get(f"{W}val", "") if s.find(f"{W}name") is not None
                                          else "") for s in root.iter(f"{W}style")}


def _created(xml: bytes | None) -> str:
    if xml:
        node = etree.fromstring(xml, _PARSER).find("{http://purl.org/dc/terms/}created")
        if node is not None and node.text and re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z", node.text):
            return node.text[:19] + "Z"
    return ""


_R, _T, _DEL_TEXT, _BR, _TYPE = f"{W}r", f"{W}t", f"{W}delText", f"{W}br", f"{W}type"
_START, _END, _NAME, _ID = f"{W}bookmarkStart", f"{W}bookmarkEnd", f"{W}name", f"{W}id"
_PPR, _RPR, _PSTYLE, _VAL = f"{W}pPr", f"{W}rPr", f"{W}pStyle", f"{W}val"


def char(c) -> str:
    """What one child of a w:r shows: its text, a tab, a line break; nothing for a page break (LibreOffice
    writes a page break before a paragraph as one) or anything else."""
    tag = c.tag
    if tag == _T or tag == _DEL_TEXT:
        return c.text or ""
    if tag == _BR and c.get(_TYPE) in ("page", "column"):
        return ""
    return _CHAR.get(tag) or ""


def run_text(r) -> str:
    """The characters a w:r shows (text, deleted text, tabs, line breaks)."""
    out = ""
    for c in r:
        tag = c.tag
        if tag == _T or tag == _DEL_TEXT:
            out += c.text or ""
        elif tag in _CHAR:
            out += char(c)
    return out


def read_para(p) -> Para:
    """A w:p as generated: its text (pending insertions left out, deletions kept), runs, figures and block."""
    para = Para(p, "", "", [], {}, _paragraph_mark_revised(p))
    parts: list[str] = []
    opened: dict[str, tuple[str, int]] = {}
    keys: list[str] = []
    _walk(p, False, para, parts, opened, keys, 0)
    para.text = "".join(parts)
    para.key = keys[-1] if keys else ""
    return para


def _ppr(p):
    """The paragraph's properties (its first child, by the schema), without a path search per paragraph."""
    return p[0] if len(p) and p[0].tag == _PPR else None


def _paragraph_mark_revised(p) -> bool:
    ppr = _ppr(p)
    return ppr is not None and any(c.tag == _RPR and any(x.tag in _REVISIONS for x in c) for c in ppr)


def _style(p) -> str:
    ppr = _ppr(p)
    if ppr is not None and len(ppr) and ppr[0].tag == _PSTYLE:
        return ppr[0].get(_VAL, "")
    return ""


def _walk(parent, inserted: bool, para: Para, parts: list[str], opened: dict, keys: list[str], pos: int) -> int:
    for c in parent:
        tag = c.tag
        if tag == _R:
            if not inserted:
                s = run_text(c)
                para.runs.append((c, pos, pos + len(s)))
                parts.append(s)
                pos += len(s)
        elif tag == _START:
            name = c.get(_NAME, "")
            if name.startswith("rg_"):
                opened[c.get(_ID, "")] = (name, pos)
                if name.startswith(BLOCK_PREFIX):
                    keys.append(name)
        elif tag == _END:
            name, start = opened.pop(c.get(_ID, ""), ("", 0))
            if name.startswith(FIGURE_PREFIX):
                para.figures[name] = (start, pos)
        elif tag in _INSERTED:  # its text is left out, its bookmarks not (LibreOffice moves them into it)
            para.revised = True
            pos = _walk(c, True, para, parts, opened, keys, pos)
        elif tag in _CONTAINERS:
            para.revised = para.revised or tag in _REVISIONS
            pos = _walk(c, inserted, para, parts, opened, keys, pos)
    return pos


def _units(body, styles: dict[str, str]) -> list[Unit]:
    """The body's paragraphs and tables in reading order; the contents (a field Word fills) left out."""
    contents = {i for i, name in styles.items() if re.fullmatch(r"(toc|contents) ?\d", name.lower())}
    units: list[Unit] = []
    pending: list[str] = []  # a block bookmark Word put between two paragraphs belongs to the next one
    seen: set[str] = set()

    def walk(container) -> None:
        for c in container:
            if c.tag == f"{W}p":
                if _style(c) in contents:
                    continue
                u = read_para(c)
                u.key = u.key or (pending[-1] if pending else "")
                pending.clear()
                if u.key in seen:
                    u.key = ""  # a copy of a block made by hand (Word drops the bookmark; a script may not)
                seen.add(u.key)
                units.append(u)
            elif c.tag == f"{W}tbl":
                t = read_table(c, units[-1] if units else None)
                if t.key in seen:
                    t.key = ""
                seen.add(t.key)
                units.append(t)
            elif c.tag in (f"{W}sdt", f"{W}sdtContent", f"{W}customXml"):
                walk(c)
            elif c.tag == f"{W}bookmarkStart" and c.get(f"{W}name", "").startswith(BLOCK_PREFIX):
                pending.append(c.get(f"{W}name", ""))

    walk(body)
    seen.discard("")
    return units


def read_table(tbl, before: Unit | None) -> Table:
    """A w:tbl: its rows keyed by their first cell, and its block (its caption's, or its first cell's)."""
    rows, count, key = [], {}, ""
    for tr in tbl.iter(f"{W}tr"):
        if tr.getparent() is not tbl and tr.getparent().tag != f"{W}sdtContent":
            continue  # a table inside a cell: read with its cell
        tcs = [tc for tc in tr.iter(f"{W}tc") if _nearest_row(tc) is tr]
        cells = [[read_para(p) for p in tc.iter(f"{W}p")] for tc in tcs]
        key = key or next((p.key for cell in cells for p in cell if p.key), "")
        label = " ".join(p.text for p in cells[0]) if cells else ""
        count[label] = count.get(label, 0) + 1
        rows.append(Row(tr, label if count[label] == 1 else f"{label}#{count[label]}", cells, tcs))
    caption = before.text if isinstance(before, Para) else ""
    if not key and isinstance(before, Para) and before.key:
        key = before.key + _TABLE
    return Table(tbl, key, rows, caption.split(":")[0].strip() if ":" in caption else caption[:40])


def _nearest_row(tc):
    up = tc.getparent()
    while up is not None and up.tag != f"{W}tr":
        up = up.getparent()
    return up


# ---- matching ---------------------------------------------------------------------------------------------

def align(old: Sequence[U], new: Sequence[U], token: Callable[[U], object],
          same: Callable[[U, U], bool]) -> list[tuple[U | None, U | None]]:
    """Pairs (old, new) in the new draft's order; (old, None) for what only the old has, placed before the
    new unit it preceded; (None, new) for what only the new has.

    Equal tokens are matched by the longest common run (difflib); among what is left between two matches,
    units that `same` says are one are paired in order.
    """
    tokens_old, tokens_new = [token(u) for u in old], [token(u) for u in new]
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
                    where = (n.label, rn.key.split("#")[0] if col else "", heads.get(grid[col], "") if col < len(grid) else "")
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


def build_date(draft: Draft) -> str:
    """The date the marks carry: when the new draft was built, else now."""
    return draft.created or dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
