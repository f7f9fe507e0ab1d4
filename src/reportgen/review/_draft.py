"""One draft of the report read as generated: its paragraphs and tables, each on its block, with its figures.

A paragraph's block is the last bookmark `rg_<block id>` that starts in it (a list's own bookmark starts in its
first item, before the item's); one Word put just before the paragraph counts too. A table belongs to its
caption's block. A reviewer's pending insertions are left out of the text and pending deletions kept, so that
a reviewed draft reads as it was built; LibreOffice's page breaks (a w:br before a paragraph) are not text.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from dataclasses import dataclass
from typing import Any

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

_TABLE = "/table"  # a table's key, made from its caption's bookmark


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
    label: str  # "ຕາຕະລາງທີ 3", from its caption
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


def build_date(draft: Draft) -> str:
    """The date the marks carry: when the new draft was built, else now."""
    return draft.created or dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
