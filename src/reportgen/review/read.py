"""A reviewed report.docx read back: every comment (thread, resolved flag) and tracked change, on its block.

Word keeps what reviewers did in WordprocessingML that no Python library reads whole (python-docx 1.2 has
no comment anchors, replies, resolved flags or tracked changes), so the parts are read here with lxml:

- word/document.xml: the body in reading order (table cells included). Each paragraph's enclosing block is
  the innermost bookmark "rg_<block id>" open in it (writers/docx/review.bookmark_name); a block's bookmark
  may start in one paragraph and end in a later one (a list), and covers them all. A table's cells belong to
  the block of its caption (or of its first cell, for a table without one): the writer bookmarks only that
  paragraph. Comment ranges (commentRangeStart … commentRangeEnd, across runs and paragraphs; a comment
  without a range sits at its commentReference), insertions (w:ins), deletions (w:del, w:delText), moves
  (w:moveFrom, w:moveTo), formatting changes (w:rPrChange) and paragraph changes (w:pPrChange).
- word/comments.xml: author, initials, date, text; commentsExtended.xml: the reply's parent
  (w15:paraIdParent) and the resolved flag (w15:done); commentsIds.xml and commentsExtensible.xml, when
  Word wrote them, the comment's date in UTC.
- the custom properties (writers/docx/review.read_provenance): the source of every bookmark.

What LibreOffice (7.4) changes when it saves, and how it is read back: see `_thread_by_anchor` (replies lose
their parent), `_date` (comments made through its API are dated 0000-00-00) and `_Paragraph.add_change`
(a tracked change is cut into pieces at every boundary between Lao and Latin script).
"""

from __future__ import annotations

import datetime as dt
import io
import posixpath
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from ..errors import ReviewError
from ..writers.docx.review import COMMENT_AUTHOR, read_provenance

__all__ = ["Anchor", "Change", "Review", "ReviewComment", "block_id", "read_review"]

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_W = f"{{{W}}}"
_W14 = "{http://schemas.microsoft.com/office/word/2010/wordml}"
_W15 = "{http://schemas.microsoft.com/office/word/2012/wordml}"
_W16CID = "{http://schemas.microsoft.com/office/word/2016/wordml/cid}"
_W16CEX = "{http://schemas.microsoft.com/office/word/2018/wordml/cex}"
_STRICT_W = "http://purl.oclc.org/ooxml/wordprocessingml/main"
_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # a Word 97–2003 .doc, or a password-protected .docx

MAX_FILE_BYTES = 200 * 1024 * 1024
MAX_PART_BYTES = 500 * 1024 * 1024  # one XML part unpacked: a 60-page report's body is a few MB
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True, remove_blank_text=False)

# Block, cell and figure ids (model/document.assign_ids) as bookmark names: "-" of a repeated id becomes "_".
_ID_NAME = re.compile(r"rg_([bcf][0-9a-f]{10})(?:_(\d+))?")
BLOCK_PREFIX = "rg_b"
INNER_PREFIXES = ("rg_f", "rg_c")  # figures and table cells: what a mark's text touches inside its block


@dataclass(frozen=True)
class Anchor:
    """Where a mark sits: its block, and its text within the paragraph as generated."""

    block: str  # id of the generated block the mark sits in ("" when outside every block)
    bookmark: str  # that block's bookmark name ("" if none)
    text: str  # the text the mark covers (a comment's range; a change's own text)
    paragraph: str  # the whole paragraph as generated (deleted text kept, inserted text left out)
    index: int  # the paragraph's position in the body (reading order, table cells included); -1: not in the body
    offset: int = 0  # where `text` starts inside `paragraph` (characters), for re-anchoring
    figures: tuple[str, ...] = ()  # bookmarks of the figures (and cells) the mark's text touches, in order
    shown: str = ""  # the text the mark covers as it reads now (insertions in, deletions out)
    section: str = ""  # the heading the paragraph comes under (as generated), to find it in the report


@dataclass
class ReviewComment:
    id: str  # w:id in this file
    author: str
    initials: str
    date: dt.datetime | None  # None when unknown (LibreOffice writes 0000-00-00… for API comments); the
    # reviewer's local time as Word showed it (no time zone: see _date)
    text: str  # the comment's text, paragraphs joined by "\n"
    anchor: Anchor
    parent: str | None  # id of the comment it replies to (threads), None for a top-level one
    resolved: bool
    machine: bool  # author "reportgen": made by the tool, not a reviewer
    date_utc: dt.datetime | None = None  # the same moment in UTC, when Word recorded it (LibreOffice drops it)


@dataclass
class Change:
    kind: str  # "insertion", "deletion", "move_from", "move_to", "formatting", "paragraph"
    author: str
    date: dt.datetime | None
    text: str  # the inserted / deleted / moved text (LibreOffice's pieces joined back)
    anchor: Anchor
    before: str  # the paragraph before the change
    after: str  # the paragraph after it


@dataclass
class Review:
    path: str
    comments: list[ReviewComment]  # every comment, replies included, in document order
    changes: list[Change]  # every tracked change, in document order
    provenance: dict[str, str]  # bookmark name -> its source text (template:line | workbook places)
    blocks: dict[str, str]  # block id -> the block's paragraph text(s) as generated ("\n" between)
    application: str = ""  # the program that saved the file last (docProps/app.xml), e.g. "LibreOffice/7.4…"
    sources: dict[str, object] = field(default_factory=dict)  # bookmark name -> its provenance as
    # read_provenance gives it (a figure's own cells, when the build recorded them), `provenance` in full

    def thread(self, comment: ReviewComment) -> list[ReviewComment]:
        """`comment`'s replies, in the order written."""
        return [c for c in self.comments if c.parent == comment.id]


def block_id(bookmark: str) -> str:
    """The block id a bookmark was named from ("rg_b0123456789_2" → "b0123456789-2"); "" for other bookmarks."""
    if not bookmark.startswith("rg_"):
        return ""
    m = _ID_NAME.fullmatch(bookmark)
    if m:
        return m.group(1) + (f"-{m.group(2)}" if m.group(2) else "")
    return bookmark[3:]


# ---- the package -------------------------------------------------------------------------------------------

def _open(source: Path | bytes) -> tuple[bytes, str]:
    if isinstance(source, bytes | bytearray):
        return bytes(source), ""
    path = Path(source)
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise ReviewError.of("review.too_large", path, mb=size // (1024 * 1024))
        return path.read_bytes(), str(path)
    except FileNotFoundError as exc:
        raise ReviewError.of("review.not_found", path) from exc
    except IsADirectoryError as exc:
        raise ReviewError.of("review.not_docx", path) from exc
    except OSError as exc:
        raise ReviewError.of("review.unreadable", path, reason=exc.strerror or exc) from exc


class _Package:
    """The parts of a .docx, found through its relationships (LibreOffice and Word name some differently)."""

    def __init__(self, data: bytes, where: str):
        self.where = where or "DOCX"
        if data[:8] == _OLE:
            raise ReviewError.of("review.old_or_locked", self.where)
        try:
            self.zip = zipfile.ZipFile(io.BytesIO(data))
            self.names = set(self.zip.namelist())
        except (zipfile.BadZipFile, OSError, ValueError) as exc:
            raise ReviewError.of("review.not_docx", self.where) from exc
        main = self._target("_rels/.rels", "/officeDocument", "")
        if not main and "word/document.xml" in self.names:
            main = "word/document.xml"
        if not main:
            raise ReviewError.of("review.not_docx", self.where)
        self.main = main
        self.rels = posixpath.join(posixpath.dirname(main), "_rels", posixpath.basename(main) + ".rels")

    def xml(self, name: str):
        """The part `name` parsed, or None when the package has no such part."""
        if not name or name not in self.names:
            return None
        info = self.zip.getinfo(name)
        if info.file_size > MAX_PART_BYTES:
            raise ReviewError.of("review.too_large", self.where, mb=info.file_size // (1024 * 1024))
        try:
            return etree.fromstring(self.zip.read(name), _PARSER)
        except (etree.XMLSyntaxError, zipfile.BadZipFile, OSError, EOFError, ValueError) as exc:
            raise ReviewError.of("review.damaged", self.where, part=name) from exc

    def _target(self, rels: str, type_end: str, base: str) -> str:
        root = self.xml(rels)
        if root is None:
            return ""
        for rel in root.iter(_REL):
            if (rel.get("Type") or "").endswith(type_end) and rel.get("TargetMode") != "External":
                target = rel.get("Target") or ""
                path = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join(base, target))
                return path
        return ""

    def part(self, type_end: str, default: str):
        """The main document's related part of relationship type `…type_end` (else its usual name), parsed."""
        name = self._target(self.rels, type_end, posixpath.dirname(self.main)) or default
        return self.xml(name)

    def application(self) -> str:
        root = self.xml("docProps/app.xml")
        if root is None:
            return ""
        for e in root:
            if etree.QName(e).localname == "Application":
                return (e.text or "").strip()
        return ""


def _date(value: str | None) -> dt.datetime | None:
    """A comment's or change's w:date as the reviewer's clock showed it; None when absent or not a date.

    Word writes the reviewer's local time there, marked "Z" all the same (the true UTC time goes in
    commentsExtensible.xml, which LibreOffice drops): the mark is dropped, so that the same comment reads the
    same time from Word's file and from LibreOffice's. LibreOffice writes "0000-00-00T00:00:00Z" for comments
    made through its API (no date was given), which is not a date: it is read as unknown."""
    if not value or value.startswith("0000"):
        return None
    try:
        return dt.datetime.fromisoformat(value.strip()).replace(tzinfo=None)
    except ValueError:
        return None


def _utc(value: str | None) -> dt.datetime | None:
    when = _date(value)
    return when.replace(tzinfo=dt.UTC) if when is not None else None


# ---- the body ------------------------------------------------------------------------------------------------

_CHANGE_KIND = {f"{_W}ins": "insertion", f"{_W}del": "deletion", f"{_W}moveFrom": "move_from",
                f"{_W}moveTo": "move_to"}
_GENERATED = {None, "deletion", "move_from"}  # what was there as generated: deleted and moved-away text
_SHOWN = {None, "insertion", "move_to"}  # what reads now
_PPR, _PSTYLE = f"{_W}pPr", f"{_W}pStyle"
_PR_CHANGES = {f"{_W}tblPrChange", f"{_W}trPrChange", f"{_W}tcPrChange", f"{_W}tblGridChange",
               f"{_W}sectPrChange", f"{_W}numberingChange"}


@dataclass
class _Piece:
    """A tracked change inside one paragraph (possibly several of LibreOffice's pieces joined)."""

    kind: str
    author: str
    date: str
    text: str
    offset: int  # in the paragraph as generated
    figures: list[str] = field(default_factory=list)
    seq: int = 0  # the paragraph's count of unchanged runs when this piece ended


@dataclass
class _Range:
    """A comment's range while the body is read."""

    para: _Paragraph
    offset: int
    parts: list[str] = field(default_factory=list)
    shown: list[str] = field(default_factory=list)
    figures: list[str] = field(default_factory=list)


class _Paragraph:
    def __init__(self, index: int, in_table: _Table | None):
        self.index = index
        self.table = in_table
        self.generated: list[str] = []
        self.now: list[str] = []
        self.glen = 0
        self.blocks: list[str] = []  # block bookmarks open in it, in the order they opened
        self.style = ""
        self.pieces: list[_Piece] = []
        self.pchange: tuple[str, str] | None = None
        self.mark_change: tuple[str, str, str] | None = None  # its paragraph mark inserted / deleted
        self.seq = 0
        self.block = ""  # bookmark name of its block, set when it ends
        self.section = ""  # the heading it comes under, set when it ends

    def add_change(self, kind: str, author: str, date: str, text: str, offset: int, figures: list[str]) -> None:
        """Record a changed piece of text. LibreOffice cuts a change into pieces at every boundary between
        scripts (Lao, Latin, digits) when it saves; the pieces of one edit have the same kind, author and date
        and no unchanged text between them, so such a piece is joined to the one before it."""
        last = next((p for p in reversed(self.pieces) if p.kind == kind), None)
        if last is not None and last.seq == self.seq and (last.author, last.date) == (author, date):
            last.text += text
            last.figures.extend(f for f in figures if f not in last.figures)
            return
        self.pieces.append(_Piece(kind, author, date, text, offset, list(dict.fromkeys(figures)), self.seq))


@dataclass
class _Table:
    caption: str = ""  # the block of the caption just above it (or of the table around it)
    block: str | None = None  # the table's block: its first cell's, else its caption's; None until known


class _Body:
    """One pass over the body: paragraphs, bookmarks, comment ranges and tracked changes."""

    def __init__(self, captions: set[str], headings: set[str]):
        self.captions = captions  # the style ids of captions
        self.headings = headings  # and of headings
        self.section = ""
        self.paragraphs: list[_Paragraph] = []
        self.stack: list[_Paragraph] = []
        self.tables: list[_Table] = []
        self.bookmarks: dict[str, str] = {}  # w:id → name, while open
        self.open_blocks: dict[str, str] = {}  # w:id → name, block bookmarks open now
        self.open_inner: dict[str, str] = {}  # w:id → name, figure and cell bookmarks open now
        self.ranges: dict[str, _Range] = {}  # comment id → its range, while open
        self.closed: dict[str, _Range] = {}
        self.references: dict[str, tuple[_Paragraph, int]] = {}
        self.changes: list[tuple[str, tuple[str, str]]] = []  # (kind, (author, date)) of open w:ins/w:del/moves
        self.run_format: tuple[str, str] | None = None  # the last w:rPrChange of a run (author, date) …
        self.format_run = None  # … and that run
        self.block_text: dict[str, list[str]] = {}  # bookmark → its paragraphs' generated text
        self.other: list[tuple[str, str, str, _Paragraph | None]] = []  # table/section changes: (author, date, what)
        self.last_ended: _Paragraph | None = None

    def read(self, body) -> None:
        """Walk the body once, stopping only at the elements that matter (lxml filters the rest: a 500-page
        report has some 250,000 elements, most of them run and paragraph properties)."""
        starts = {f"{_W}t": self.on_text, f"{_W}delText": self.on_text, f"{_W}tab": self.on_tab,
                  f"{_W}br": self.on_break, f"{_W}cr": self.on_break, f"{_W}noBreakHyphen": self.on_hyphen,
                  f"{_W}p": self.on_paragraph, f"{_W}rPrChange": self.on_format, f"{_W}pPrChange": self.on_pchange,
                  f"{_W}bookmarkStart": self.on_bookmark, f"{_W}bookmarkEnd": self.on_bookmark_end,
                  f"{_W}commentRangeStart": self.on_range, f"{_W}commentRangeEnd": self.on_range_end,
                  f"{_W}commentReference": self.on_reference, f"{_W}tbl": self.on_table}
        starts.update({tag: self.on_change for tag in _CHANGE_KIND})
        starts.update({tag: self.on_other for tag in _PR_CHANGES})
        ends = {f"{_W}p": self.end_paragraph, f"{_W}tbl": self.end_table}
        ends.update({tag: self.end_change for tag in _CHANGE_KIND})
        for event, e in etree.iterwalk(body, events=("start", "end"), tag=list(starts)):
            handler = (starts if event == "start" else ends).get(e.tag)
            if handler is not None:
                handler(e)

    def on_text(self, e) -> None:
        if e.text:
            self.text(e.text, e)

    def on_tab(self, e) -> None:
        if e.getparent().tag == f"{_W}r":  # not a tab stop of the paragraph's properties
            self.text("\t", e)

    def on_break(self, e) -> None:
        if e.getparent().tag == f"{_W}r" and e.get(f"{_W}type") in (None, "textWrapping"):  # a page break is not text
            self.text("\n", e)

    def on_hyphen(self, e) -> None:
        self.text("-", e)

    def on_paragraph(self, e) -> None:
        p = _Paragraph(len(self.paragraphs), self.tables[-1] if self.tables else None)
        p.blocks = list(self.open_blocks.values())
        if len(e) and e[0].tag == _PPR and len(e[0]) and e[0][0].tag == _PSTYLE:  # the schema puts them first
            p.style = e[0][0].get(f"{_W}val") or ""
        self.paragraphs.append(p)
        self.stack.append(p)

    @staticmethod
    def _who(e) -> tuple[str, str]:
        return e.get(f"{_W}author") or "", e.get(f"{_W}date") or ""

    def _in_properties(self, e) -> bool:
        """Whether a w:ins/w:del marks a paragraph mark or a table row (recorded apart) rather than text."""
        parent = e.getparent()
        return parent is not None and parent.tag in (f"{_W}rPr", f"{_W}trPr", f"{_W}tcPr")

    def on_change(self, e) -> None:
        kind, who = _CHANGE_KIND[e.tag], self._who(e)
        if not self._in_properties(e):
            self.changes.append((kind, who))
            return
        holder = e.getparent().getparent()
        if e.getparent().tag == f"{_W}rPr" and holder is not None and holder.tag == f"{_W}pPr":
            if self.stack:
                self.stack[-1].mark_change = (kind, *who)
        elif e.getparent().tag != f"{_W}rPr" or (holder is not None and holder.tag == f"{_W}trPr"):
            self.other.append((*who, kind, self.stack[-1] if self.stack else None))

    def end_change(self, e) -> None:
        if not self._in_properties(e) and self.changes:
            self.changes.pop()

    def on_format(self, e) -> None:
        rpr = e.getparent()
        run = rpr.getparent() if rpr is not None else None
        if run is not None and run.tag == f"{_W}r":
            self.format_run, self.run_format = run, self._who(e)

    def on_pchange(self, e) -> None:
        if self.stack:
            self.stack[-1].pchange = self._who(e)

    def on_other(self, e) -> None:
        self.other.append((*self._who(e), "formatting", self.stack[-1] if self.stack else None))

    def on_bookmark(self, e) -> None:
        self.bookmark_start(e.get(f"{_W}id") or "", e.get(f"{_W}name") or "")

    def on_bookmark_end(self, e) -> None:
        id_ = e.get(f"{_W}id") or ""
        self.bookmarks.pop(id_, None)
        self.open_blocks.pop(id_, None)
        self.open_inner.pop(id_, None)

    def on_range(self, e) -> None:
        if self.stack:
            p = self.stack[-1]
            self.ranges[e.get(f"{_W}id") or ""] = _Range(p, p.glen)

    def on_range_end(self, e) -> None:
        id_ = e.get(f"{_W}id") or ""
        if id_ in self.ranges:
            self.closed[id_] = self.ranges.pop(id_)

    def on_reference(self, e) -> None:
        if self.stack:
            self.references.setdefault(e.get(f"{_W}id") or "", (self.stack[-1], self.stack[-1].glen))

    def on_table(self, e) -> None:
        prev = self.last_ended
        if self.tables:  # a table inside a table's cell
            caption = self.tables[-1].block or self.tables[-1].caption
        else:
            caption = prev.block if prev is not None and prev.style in self.captions else ""
        self.tables.append(_Table(caption))

    def end_table(self, e) -> None:
        if self.tables:
            self.tables.pop()

    def bookmark_start(self, id_: str, name: str) -> None:
        """A bookmark opens. LibreOffice 7.4 writes a second bookmarkStart (with a new id, and only its end)
        for a bookmark that spans paragraphs, at the paragraph where it ends: a name is one bookmark, so the
        earlier start gives way to the later one and the block keeps its paragraphs from the first start on."""
        for open_ in (self.open_blocks, self.open_inner):
            for other in [i for i, n in open_.items() if n == name and i != id_]:
                del open_[other]
        self.bookmarks[id_] = name
        if name.startswith(BLOCK_PREFIX):
            self.open_blocks[id_] = name
            if self.stack and name not in self.stack[-1].blocks:
                self.stack[-1].blocks.append(name)
        elif name.startswith(INNER_PREFIXES):
            self.open_inner[id_] = name

    def text(self, value: str, e) -> None:
        if not self.stack:
            return
        p = self.stack[-1]
        kind = self.changes[-1][0] if self.changes else None
        figures = list(self.open_inner.values()) if self.open_inner else []
        if kind in _GENERATED:
            p.generated.append(value)
            p.glen += len(value)
            for r in self.ranges.values():
                r.parts.append(value)
                r.figures.extend(f for f in figures if f not in r.figures)
        if kind in _SHOWN:
            p.now.append(value)
            for r in self.ranges.values():
                r.shown.append(value)
                if kind is not None:
                    r.figures.extend(f for f in figures if f not in r.figures)
        if kind is not None:
            author, date = self.changes[-1][1]
            p.add_change(kind, author, date, value, p.glen - (len(value) if kind in _GENERATED else 0), figures)
        elif self.format_run is not None and e.getparent() is self.format_run:
            p.add_change("formatting", *self.run_format, value, p.glen - len(value), figures)
        else:
            p.seq += 1

    def end_paragraph(self, e=None) -> None:
        p = self.stack.pop()
        # the innermost block: one that ends in this paragraph before one that goes on (a list's first item
        # before the list: LibreOffice may write their two starts, at the same place, in either order)
        ending = [n for n in p.blocks if n not in self.open_blocks.values()]
        name = (ending or p.blocks)[-1] if p.blocks else ""
        if p.table is not None:
            if p.table.block is None:
                p.table.block = name or p.table.caption
            name = name or p.table.block
        p.block = name
        text = "".join(p.generated)
        if p.style in self.headings and text.strip():
            self.section = text
        p.section = self.section
        for b in p.blocks:
            self.block_text.setdefault(b, []).append(text)
        for r in self.ranges.values():  # a range going on into the next paragraph
            r.parts.append("\n")
            r.shown.append("\n")
        self.last_ended = p


# ---- comments.xml and its companions ----------------------------------------------------------------------

@dataclass
class _Written:
    id: str
    author: str
    initials: str
    date: dt.datetime | None
    text: str
    para_id: str


def _comment_text(c) -> str:
    paras = []
    for p in c.iter(f"{_W}p"):
        out = []
        for e in p.iter(f"{_W}t", f"{_W}tab", f"{_W}br", f"{_W}cr"):
            if e.tag == f"{_W}t":
                out.append(e.text or "")
            elif e.tag == f"{_W}tab":
                out.append("\t")
            else:
                out.append("\n")
        paras.append("".join(out))
    return "\n".join(paras)


def _written_comments(pkg: _Package) -> list[_Written]:
    root = pkg.part("/comments", "word/comments.xml")
    if root is None:
        return []
    out = []
    for c in root.iter(f"{_W}comment"):
        paras = c.findall(f".//{_W}p")
        para_id = (paras[-1].get(f"{_W14}paraId") or "") if paras else ""
        out.append(_Written(c.get(f"{_W}id") or "", c.get(f"{_W}author") or "", c.get(f"{_W}initials") or "",
                            _date(c.get(f"{_W}date")), _comment_text(c), para_id))
    return out


def _extended(pkg: _Package) -> dict[str, tuple[str, bool]]:
    """paraId → (parent's paraId, resolved), from commentsExtended.xml."""
    root = pkg.part("/commentsExtended", "word/commentsExtended.xml")
    if root is None:
        return {}
    return {e.get(f"{_W15}paraId") or "": (e.get(f"{_W15}paraIdParent") or "", e.get(f"{_W15}done") in ("1", "true"))
            for e in root.iter(f"{_W15}commentEx")}


def _utc_dates(pkg: _Package) -> dict[str, dt.datetime]:
    """paraId → the comment's date in UTC (commentsIds.xml gives its durable id, commentsExtensible.xml the date)."""
    ids = pkg.part("/commentsIds", "word/commentsIds.xml")
    ext = pkg.part("/commentsExtensible", "word/commentsExtensible.xml")
    if ids is None or ext is None:
        return {}
    durable = {e.get(f"{_W16CID}durableId") or "": e.get(f"{_W16CID}paraId") or ""
               for e in ids.iter(f"{_W16CID}commentId")}
    out = {}
    for e in ext.iter(f"{_W16CEX}commentExtensible"):
        para = durable.get(e.get(f"{_W16CEX}durableId") or "")
        when = _utc(e.get(f"{_W16CEX}dateUtc"))
        if para and when is not None:
            out[para] = when
    return out


def _thread_by_anchor(comments: list[ReviewComment]) -> None:
    """Thread replies in a file that has lost its reply links.

    Word links a reply to its comment in commentsExtended.xml (w15:paraIdParent), and gives the reply its own
    range on the same text. LibreOffice 7.4 keeps a reply as a comment of its own when it saves, on that same
    range, but drops the link (and may write the reply first in comments.xml). So in a file saved by
    LibreOffice (or without commentsExtended.xml) with no reply links at all, comments on exactly the same
    text (same paragraph, place and length) are read as one thread: the earliest one (by date, then as
    written) is the comment, the others reply to it. Two reviewers who commented on exactly the same words
    independently are then shown as one thread — both comments and their authors are kept, in order.
    reportgen's own comments are left out: several of them often cover the same figure, none replies to
    another, and a reviewer's comment on such a figure cannot be told from a reply to it.
    """
    groups: dict[tuple, list[tuple[int, ReviewComment]]] = {}
    for n, c in enumerate(comments):  # in the order of comments.xml
        if c.anchor.index >= 0 and not c.machine:
            key = (c.anchor.index, c.anchor.offset, c.anchor.text, c.anchor.shown)
            groups.setdefault(key, []).append((n, c))
    for group in groups.values():
        if len(group) < 2:
            continue
        first = min(group, key=lambda nc: (nc[1].date is None, nc[1].date or dt.datetime.min, nc[0]))[1]
        for _, c in group:
            if c is not first:
                c.parent = first.id


def _styles(pkg: _Package) -> tuple[set[str], set[str]]:
    """The style ids of captions and of headings (Word and LibreOffice name the styles "caption", "heading 1"…;
    their ids vary)."""
    root = pkg.part("/styles", "word/styles.xml")
    captions, headings = {"Caption"}, {"Heading1", "Heading2", "Heading3"}
    if root is not None:
        for s in root.iter(f"{_W}style"):
            name = s.find(f"{_W}name")
            value = (name.get(f"{_W}val") or "").lower() if name is not None else ""
            if value == "caption":
                captions.add(s.get(f"{_W}styleId") or "")
            elif re.fullmatch(r"heading \d", value):
                headings.add(s.get(f"{_W}styleId") or "")
    return captions, headings


# ---- all together -----------------------------------------------------------------------------------------

def _anchor(p: _Paragraph | None, text: str = "", offset: int = 0, figures=(), shown: str = "") -> Anchor:
    if p is None:
        return Anchor("", "", text, "", -1, 0, tuple(figures), shown)
    return Anchor(block_id(p.block), p.block, text, "".join(p.generated), p.index, offset, tuple(figures), shown,
                  p.section)


def _changes(body: _Body) -> list[Change]:
    out = []
    for p in body.paragraphs:
        before, after = "".join(p.generated), "".join(p.now)
        if p.pchange is not None:
            out.append(Change("paragraph", p.pchange[0], _date(p.pchange[1]), before, _anchor(p, before, 0, shown=after),
                              before, after))
        for piece in p.pieces:
            shown = piece.text if piece.kind in ("insertion", "move_to", "formatting") else ""
            text = piece.text if piece.kind in ("deletion", "move_from", "formatting") else ""
            out.append(Change(piece.kind, piece.author, _date(piece.date), piece.text,
                              _anchor(p, text, piece.offset, piece.figures, shown), before, after))
        if p.mark_change is not None and not any(q.author == p.mark_change[1] for q in p.pieces):
            kind, author, date = p.mark_change  # a paragraph split (Enter) or two joined, with no text typed
            out.append(Change(kind, author, _date(date), "\n", _anchor(p, "", len(before)), before, after))
    for author, date, what, p in body.other:
        out.append(Change("formatting" if what == "formatting" else what, author, _date(date), "",
                          _anchor(p), "".join(p.generated) if p else "", "".join(p.now) if p else ""))
    out.sort(key=lambda c: c.anchor.index if c.anchor.index >= 0 else len(body.paragraphs))
    return out


def read_review(source: Path | bytes) -> Review:
    """Every comment and tracked change of a reviewed report, each with its block and text (see the module).

    Raises ReviewError with a catalogue message for a file that is not a Word file or not made by reportgen.
    """
    data, where = _open(source)
    pkg = _Package(data, where)
    doc = pkg.xml(pkg.main)
    if doc is None:
        raise ReviewError.of("review.not_docx", pkg.where)
    if etree.QName(doc).namespace == _STRICT_W:
        raise ReviewError.of("review.strict", pkg.where)
    body_el = doc.find(f"{_W}body")
    if body_el is None:
        raise ReviewError.of("review.not_docx", pkg.where)
    body = _Body(*_styles(pkg))
    body.read(body_el)
    sources = read_provenance(data)
    provenance = {name: str(source) for name, source in sources.items()}
    if not provenance and not body.block_text:
        raise ReviewError.of("review.not_ours", pkg.where)
    application = pkg.application()

    extended = _extended(pkg)
    utc = _utc_dates(pkg)
    written = _written_comments(pkg)
    by_para = {w.para_id: w for w in written if w.para_id}
    comments = []
    for w in written:
        r = body.closed.get(w.id) or body.ranges.get(w.id)
        if r is not None:
            text = "".join(r.parts).strip("\n")
            anchor = _anchor(r.para, text, r.offset, r.figures, "".join(r.shown).strip("\n"))
        elif w.id in body.references:
            p, offset = body.references[w.id]
            anchor = _anchor(p, "", offset)
        else:
            anchor = _anchor(None)
        parent_para, done = extended.get(w.para_id, ("", False))
        parent = by_para.get(parent_para) if parent_para else None
        comments.append(ReviewComment(w.id, w.author, w.initials, w.date, w.text, anchor,
                                      parent.id if parent is not None else None, done, w.author == COMMENT_AUTHOR,
                                      utc.get(w.para_id)))
    if not any(c.parent for c in comments) and (application.startswith("LibreOffice") or not extended):
        _thread_by_anchor(comments)
    order = {c.id: i for i, c in enumerate(comments)}
    comments.sort(key=lambda c: (c.anchor.index if c.anchor.index >= 0 else len(body.paragraphs),
                                 c.anchor.offset, order[c.id]))
    blocks = {block_id(b): "\n".join(texts) for b, texts in body.block_text.items()}
    return Review(where, comments, _changes(body), provenance, blocks, application, dict(sources))
