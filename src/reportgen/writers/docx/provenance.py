"""Where every bookmarked block and figure came from, complete, in a custom XML part of the DOCX.

The part (`customXml/itemN.xml`, namespace `urn:reportgen:provenance:1`, with its `itemPropsN.xml`) holds, for
each block bookmark: the template, line and anchor, the data key, the text as generated and every workbook
place it was built from; for each figure in it: its key, scope, value, marks, who reported it, the cells
that gave it and the cells left empty; list items and table cells the same way. Word and LibreOffice keep
such a part through their saves, whatever its size (document properties hold 255 characters a value).

Each workbook place is written once, in `<places>`, and named by its number elsewhere, so the part of a
national report stays a few megabytes:

    <provenance xmlns="urn:reportgen:provenance:1" version="1">
      <places><place n="0" file="inputs/LA-XA.xlsx" sheet="13 ງົບປະມານ" cell="E5"/> …</places>
      <block kind="paragraph" bookmark="rg_b02ce8fe69f" id="b02ce8fe69f" template="results.xml.j2" line="35"
             anchor="aa91a942" text="ງົບປະມານທີ່ນຳໃຊ້…">
        <figure bookmark="rg_fdcf52e6032" id="fdcf52e6032" figure="budget.government.total" text="5.100.000.000*"
                value="5100000000" partial="true" reported-by="0 1 …" sources="7 8 …" missing="9 10 …"/>
      </block>
      <block kind="table" …><cell kind="cell" row="1" col="2" key="LA-XA" origin="…" text="…"><figure …/></cell></block>
      <block kind="list" …><item kind="item" bookmark="…" …/></block>
    </provenance>

`read_provenance` reads it back; for a DOCX built before the part existed it reads the custom document
properties those builds wrote ("reportgen:<bookmark>", one line each).
"""

from __future__ import annotations

import hashlib
import io
import re
import uuid
import zipfile
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

from ...model.document import (
    Block,
    Chart,
    FigureRun,
    Heading,
    ListBlock,
    Paragraph,
    Run,
    Source,
    Table,
    TableOfContents,
)
from ...model.submission import CellRef

NAMESPACE = "urn:reportgen:provenance:1"
VERSION = "1"
PROPERTY_PREFIX = "reportgen:"  # builds before the part: custom property "reportgen:rg_b3f…" (#2, #3… when long)

_P = f"{{{NAMESPACE}}}"
_DS = "http://schemas.openxmlformats.org/officeDocument/2006/customXml"
_CUSTOM = "{http://schemas.openxmlformats.org/officeDocument/2006/custom-properties}"
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_ITEM = re.compile(r"customXml/item\d+\.xml$")
_KINDS = {Heading: "heading", Paragraph: "paragraph", ListBlock: "list", Table: "table", Chart: "chart",
          TableOfContents: "contents"}


@dataclass(frozen=True)
class Provenance:
    """One bookmarked block, list item or figure (or a table cell, in its table's `cells`) and its sources.

    `kind`: heading, paragraph, list, item, table, cell, contents, or figure (a figure's bookmark: then
    `figures` is that figure and the rest says the block, item or cell it stands in). `parent`: the bookmark
    of the list, table or block it belongs to. `row`, `col`: a cell's (or a figure's cell's) place in its
    table, counting the table's rows (head first) and the cells of the row from 0. Empty fields: not known
    (a file built before the provenance part knows the template, line and places only).
    """

    bookmark: str
    id: str = ""
    kind: str = ""
    template: str = ""
    line: int = 0
    anchor: str = ""
    key: str = ""
    origin: tuple[CellRef, ...] = ()
    text: str = ""
    figures: tuple[FigureRun, ...] = ()
    parent: str = ""
    cells: tuple[Provenance, ...] = ()
    row: int | None = None
    col: int | None = None

    @property
    def source(self) -> Source:
        return Source(self.template, self.line, self.key, self.origin, self.anchor)

    def cell(self, row: int, col: int) -> Provenance | None:
        """A table's cell at `row`, `col` (as in `row`, `col` above), or None."""
        return next((c for c in self.cells if (c.row, c.col) == (row, col)), None)

    def __str__(self) -> str:
        """As reviewers read it: "template:line | every workbook place" (else the data's key)."""
        parts = (f"{self.template}:{self.line}" if self.template else "", self.source.origin_text or self.key)
        return " | ".join(p for p in parts if p)


def bookmark_name(id_: str) -> str:
    """Word's bookmark name for an id: a letter first, then letters, digits and _ only, at most 40 long."""
    name = "rg_" + re.sub(r"\W", "_", id_, flags=re.ASCII)
    return name if len(name) <= 40 else "rg_" + hashlib.sha1(id_.encode("utf-8")).hexdigest()[:20]


# ---- writing ----------------------------------------------------------------------------------------------

def _clean(value: object) -> str:
    return _NOT_XML.sub("\ufffd", str(value))


class _Writer:
    def __init__(self, bookmarked: set[str]):
        self.bookmarked = bookmarked
        self.places: dict[CellRef, int] = {}
        self.root = etree.Element(f"{_P}provenance", nsmap={None: NAMESPACE}, version=VERSION)
        self.table = etree.SubElement(self.root, f"{_P}places")

    def refs(self, refs) -> str:
        out = []
        for r in refs:
            r = r if isinstance(r, CellRef) else CellRef(str(r))
            n = self.places.get(r)
            if n is None:
                n = self.places[r] = len(self.places)
                attrs = {"n": str(n), "file": _clean(r.file)}
                if r.sheet:
                    attrs["sheet"] = _clean(r.sheet)
                if r.cell:
                    attrs["cell"] = _clean(r.cell)
                etree.SubElement(self.table, f"{_P}place", attrs)
            out.append(str(n))
        return " ".join(out)

    def element(self, parent, tag: str, kind: str, id_: str, source: Source, runs: list[Run], bookmark: bool,
                **extra: str):
        attrs = {"kind": kind}
        if bookmark and id_:
            attrs["bookmark"] = bookmark_name(id_)
        attrs.update({"id": id_, "template": source.template, "line": str(source.line) if source.line else "",
                      "anchor": source.anchor, "key": source.key, "origin": self.refs(source.origin),
                      "text": "".join(r.text for r in runs), **extra})
        e = etree.SubElement(parent, f"{_P}{tag}", {k: _clean(v) for k, v in attrs.items() if v})
        self.figures(e, runs)
        return e

    def figures(self, parent, runs: list[Run]) -> None:
        for r in runs:
            if not isinstance(r, FigureRun):
                continue
            attrs = {"bookmark": bookmark_name(r.id) if r.id else "", "id": r.id, "figure": r.figure,
                     "scope": r.scope, "text": r.text, "value": "" if r.value is None else str(r.value),
                     "partial": "true" if r.partial else "", "warned": "true" if r.warned else "",
                     "bold": "true" if r.bold else "",
                     "reported-by": self.refs(CellRef(f) for f in r.reported_by),
                     "sources": self.refs(r.sources), "missing": self.refs(r.missing_from)}
            etree.SubElement(parent, f"{_P}figure", {k: _clean(v) for k, v in attrs.items() if v})

    def block(self, b: Block) -> None:
        kind = _KINDS.get(type(b))
        if kind is None:
            return  # a page break: nothing to point at
        marked = bookmark_name(b.id) in self.bookmarked  # not when it has no source: its figures are still listed
        if isinstance(b, Table):
            e = self.element(self.root, "block", kind, b.id, b.source, b.caption, marked)
            for i, row in enumerate(b.head + b.body):
                for j, c in enumerate(row):
                    self.element(e, "cell", "cell", c.id, c.source, c.runs, False, row=str(i), col=str(j))
        elif isinstance(b, Chart):  # its caption; its figures are listed with its data table, the next block
            self.element(self.root, "block", kind, b.id, b.source, b.caption, marked)
        elif isinstance(b, ListBlock):
            e = self.element(self.root, "block", kind, b.id, b.source, [], marked)
            for item in b.items:
                self.element(e, "item", "item", item.id, item.source, item.runs,
                             bookmark_name(item.id) in self.bookmarked)
        else:
            self.element(self.root, "block", kind, b.id, b.source, b.runs if hasattr(b, "runs") else b.title, marked)


def provenance_xml(blocks: list[Block], bookmarked: set[str]) -> bytes:
    """The part for `blocks` (ids given); `bookmarked`: the blocks' and items' bookmarks that were written (a
    block without a source has none, and is listed without)."""
    w = _Writer(bookmarked)
    for b in blocks:
        w.block(b)
    return etree.tostring(w.root, xml_declaration=True, encoding="UTF-8", standalone=True)


def item_properties(xml: bytes) -> bytes:
    """The part's itemProps: its id (the same for the same content) and the namespace it is in."""
    item_id = "{" + str(uuid.uuid5(uuid.NAMESPACE_URL, NAMESPACE + "#" + hashlib.sha1(xml).hexdigest())).upper() + "}"
    root = etree.Element(f"{{{_DS}}}datastoreItem", {f"{{{_DS}}}itemID": item_id}, nsmap={"ds": _DS})
    refs = etree.SubElement(root, f"{{{_DS}}}schemaRefs")
    etree.SubElement(refs, f"{{{_DS}}}schemaRef", {f"{{{_DS}}}uri": NAMESPACE})
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=False)


# ---- reading ----------------------------------------------------------------------------------------------

_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, remove_comments=True)


def read_provenance(docx: bytes | Path) -> dict[str, Provenance]:
    """Bookmark name → its Provenance, for every bookmarked block, list item and figure of a DOCX built by
    reportgen, as written or as Word or LibreOffice saved it. {} when the file has none."""
    with zipfile.ZipFile(io.BytesIO(docx) if isinstance(docx, bytes) else docx) as z:
        for name in sorted(n for n in z.namelist() if _ITEM.match(n)):
            data = z.read(name)
            if NAMESPACE.encode() not in data:
                continue
            root = etree.fromstring(data, _PARSER)
            if root.tag == f"{_P}provenance":
                return _from_part(root)
        if "docProps/custom.xml" in z.namelist():
            return _from_properties(etree.fromstring(z.read("docProps/custom.xml"), _PARSER))
    return {}


def _from_part(root) -> dict[str, Provenance]:
    places: dict[str, CellRef] = {}
    for p in root.iter(f"{_P}place"):
        places[p.get("n", "")] = CellRef(p.get("file", ""), p.get("sheet", ""), p.get("cell", ""))

    def refs(value: str | None) -> tuple[CellRef, ...]:
        return tuple(places[n] for n in (value or "").split() if n in places)

    def figures(e) -> tuple[FigureRun, ...]:
        out = []
        for f in e.findall(f"{_P}figure"):
            value = f.get("value", "")
            out.append(FigureRun(f.get("text", ""), figure=f.get("figure", ""), scope=f.get("scope", ""),
                                 value=int(value) if value.lstrip("-").isdigit() else None,
                                 bold=f.get("bold") == "true", partial=f.get("partial") == "true",
                                 warned=f.get("warned") == "true",
                                 reported_by=tuple(r.file for r in refs(f.get("reported-by"))),
                                 missing_from=refs(f.get("missing")), sources=refs(f.get("sources")),
                                 id=f.get("id", "")))
        return tuple(out)

    def one(e, parent: str = "", cells: tuple[Provenance, ...] = ()) -> Provenance:
        line, row, col = e.get("line", ""), e.get("row"), e.get("col")
        return Provenance(e.get("bookmark", ""), e.get("id", ""), e.get("kind", ""), e.get("template", ""),
                          int(line) if line.isdigit() else 0, e.get("anchor", ""), e.get("key", ""),
                          refs(e.get("origin")), e.get("text", ""), figures(e), parent, cells,
                          int(row) if row and row.isdigit() else None, int(col) if col and col.isdigit() else None)

    out: dict[str, Provenance] = {}

    def add(p: Provenance) -> None:
        if p.bookmark:
            out[p.bookmark] = p
        owner = p.bookmark or p.parent
        for f in p.figures:
            if f.id:
                name = bookmark_name(f.id)
                out[name] = Provenance(name, f.id, "figure", p.template, p.line, p.anchor, p.key, p.origin, p.text,
                                       (f,), owner, (), p.row, p.col)

    for b in root.iter(f"{_P}block"):
        bookmark = b.get("bookmark", "")
        cells = tuple(one(c, bookmark) for c in b.findall(f"{_P}cell"))
        block = one(b, cells=cells)
        add(block)
        for c in cells:
            add(c)
        for item in b.findall(f"{_P}item"):
            add(one(item, bookmark))
    return out


def _from_properties(root) -> dict[str, Provenance]:
    """The one-line sources of a DOCX built before the part: "template:line | place; place…" (or "| key")."""
    pieces: dict[str, dict[int, str]] = {}
    for p in root.iter(f"{_CUSTOM}property"):
        name = p.get("name") or ""
        if not name.startswith(PROPERTY_PREFIX):
            continue
        base, _, n = name[len(PROPERTY_PREFIX):].rpartition("#")
        if not (base and n.isdigit()):
            base, n = name[len(PROPERTY_PREFIX):], "1"
        pieces.setdefault(base, {})[int(n)] = "".join(p.itertext())
    return {b: _parse_line(b, "".join(parts[n] for n in sorted(parts))) for b, parts in pieces.items()}


_TEMPLATE_LINE = re.compile(r"(.+\.j2):(\d+)$")


def _parse_line(bookmark: str, value: str) -> Provenance:
    head, _, rest = value.partition(" | ")
    m = _TEMPLATE_LINE.match(head)
    if not m:  # no template: the whole value is the places (or the key)
        head, rest = "", value
    template, line = (m.group(1), int(m.group(2))) if m else ("", 0)
    if " › " in rest or re.search(r"\.(xlsx|xlsm|xls|ods)\b", rest):
        origin = tuple(CellRef(*(part.split(" › ", 2) + ["", ""])[:3]) for part in rest.split("; ") if part)
        return Provenance(bookmark, template=template, line=line, origin=origin)
    return Provenance(bookmark, template=template, line=line, key=rest)
