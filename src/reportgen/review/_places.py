"""Where each paragraph of a draft sits, in terms that stay the same from one draft to the next.

A paragraph's place is its block's bookmark (rg_<block id>; the same template line with the same data has the
same id in every build); a table cell's is its table's bookmark, its row's label (the first cell's text) and its
column; a paragraph outside every block (a table's note, a contents entry) is placed after the last placed one.
A paragraph a reviewer added (no generated text; its text or its paragraph mark tracked as inserted) is placed
after the one before it.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from lxml import etree

from ._write import W, generated_text, paragraphs, run_text, spans

Key = tuple


@dataclass
class Place:
    index: int  # position among the body's paragraphs (reading order, table cells included)
    p: etree._Element
    key: Key
    text: str  # as generated (deleted text kept, inserted text left out)
    block: str  # the enclosing block's bookmark name, "" if none
    added: bool  # a paragraph a reviewer added

    @property
    def after(self) -> Key | None:
        """For an added paragraph: the place of the paragraph it follows."""
        return self.key[1] if self.added else None


def is_block_bookmark(name: str) -> bool:
    return name.startswith("rg_") and not name.startswith(("rg_f", "rg_c"))


def places(body: etree._Element) -> list[Place]:
    paras = paragraphs(body)
    blocks = _blocks(body, paras)
    texts = [generated_text(p) for p in paras]
    cells = _cells(body, paras, blocks, texts)
    out: list[Place] = []
    seen: Counter = Counter()
    last: Key = ("start",)
    for i, p in enumerate(paras):
        added = not texts[i] and p not in cells and (_mark_added(p) or _text_added(p))
        if added:
            seen[("new", last)] += 1
            key: Key = ("new", last, seen[("new", last)])
        elif p in cells:
            key = cells[p]
            last = key
        elif blocks[i]:
            seen[("block", blocks[i])] += 1
            key = ("block", blocks[i], seen[("block", blocks[i])])
            last = key
        else:
            seen[("after", last)] += 1
            key = ("after", last, seen[("after", last)])
        out.append(Place(i, p, key, texts[i], blocks[i], added))
    return out


def _text_added(p: etree._Element) -> bool:
    return any(not s.counted and run_text(s.run) for s in spans(p))


def _mark_added(p: etree._Element) -> bool:
    rpr = p.find(f"{W}pPr/{W}rPr")
    return rpr is not None and (rpr.find(W + "ins") is not None or rpr.find(W + "moveTo") is not None)


def _blocks(body: etree._Element, paras: list[etree._Element]) -> list[str]:
    """The innermost block bookmark around each paragraph ("" when none): the one that spans the fewest
    paragraphs, and of two that span the same ones, the first by name. Not the one that starts last: a list's
    bookmark and its first item's start at the same place (and end at the same place when the list has one
    item), and LibreOffice writes such bookmarks in an order of its own; this choice is the same in a draft
    as built and in one a reviewer saved."""
    position = {p: i for i, p in enumerate(paras)}
    found: list[list[tuple[str, str]]] = [[] for _ in paras]
    open_: dict[str, tuple[str, str]] = {}
    starts: dict[str, int] = {}
    ends: dict[str, int] = {}
    current = -1
    for e in body.iter(W + "p", W + "bookmarkStart", W + "bookmarkEnd"):
        if e.tag == W + "p":
            if e in position:
                current = position[e]
                found[current].extend(open_.values())
            continue
        mark_id = e.get(W + "id", "")
        here = _enclosing(e, position)
        if e.tag == W + "bookmarkStart":
            name = e.get(W + "name", "")
            if is_block_bookmark(name):
                open_[mark_id] = (name, mark_id)
                starts[mark_id] = here if here is not None else current + 1
                if here is not None:
                    found[here].append((name, mark_id))
        elif open_.pop(mark_id, None) is not None:
            ends[mark_id] = here if here is not None else current

    def span(mark: tuple[str, str]) -> tuple[int, str]:
        return ends.get(mark[1], len(paras)) - starts[mark[1]], mark[0]

    return [min(f, key=span)[0] if f else "" for f in found]


def _enclosing(e: etree._Element, position: dict) -> int | None:
    parent = e.getparent()
    while parent is not None:
        if parent in position:
            return position[parent]
        parent = parent.getparent()
    return None


def _cells(body: etree._Element, paras: list[etree._Element], blocks: list[str],
           texts: list[str]) -> dict[etree._Element, Key]:
    """Table cell paragraph → (cell, table's bookmark, row label, its n-th time, column, paragraph in cell)."""
    position = {p: i for i, p in enumerate(paras)}
    out: dict[etree._Element, Key] = {}
    for n, tbl in enumerate(body.iter(W + "tbl")):
        table = _table_name(tbl, position, blocks) or f"table#{n}"
        labels: Counter = Counter()
        for tr in tbl.iter(W + "tr"):
            if tr.getparent() is not tbl:
                continue
            tcs = [tc for tc in tr if tc.tag == W + "tc"]
            if not tcs:
                continue
            label = "\n".join(texts[position[p]] for p in tcs[0].iter(W + "p") if p in position)
            labels[label] += 1
            col = 0
            for tc in tcs:
                k = 0
                for p in tc.iter(W + "p"):
                    if p not in position or p in out:
                        continue
                    if not texts[position[p]] and _mark_added(p):
                        continue  # added by a reviewer: placed after the paragraph before it
                    out[p] = ("cell", table, label, labels[label], col, k)
                    k += 1
                span = tc.find(f"{W}tcPr/{W}gridSpan")
                col += int(span.get(W + "val", "1")) if span is not None and span.get(W + "val", "").isdigit() else 1
    return out


def _table_name(tbl: etree._Element, position: dict, blocks: list[str]) -> str:
    """The table's bookmark: on its caption (the paragraph before it, with a SEQ field), else in its first cell."""
    before = tbl.getprevious()
    while before is not None and before.tag not in (W + "p", W + "tbl"):
        before = before.getprevious()
    if before is not None and before.tag == W + "p" and before in position:
        instr = "".join(t.text or "" for t in before.iter(W + "instrText"))
        if " SEQ " in f" {instr} " and blocks[position[before]]:
            return blocks[position[before]]
    first = next((p for p in tbl.iter(W + "p") if p in position), None)
    return blocks[position[first]] if first is not None else ""


def by_key(found: list[Place]) -> dict[Key, Place]:
    return {pl.key: pl for pl in found if not pl.added}


def element_text(e: etree._Element) -> str:
    return "".join(t.text or "" for t in e.iter(W + "t"))
