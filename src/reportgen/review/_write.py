"""Review marks written into a DOCX: paragraphs by place, tracked changes at a text offset, comments and threads.

Offsets count a paragraph's text as generated: inserted runs (w:ins, w:moveTo) count nothing, deleted runs
(w:del, w:moveFrom) count their w:delText, a tab or a line break one character each. Every edit splits runs
where it starts and ends, so several marks can go into one paragraph one after the other, each at the offsets
it had in the reviewed draft.
"""

from __future__ import annotations

import copy
import datetime as dt
import hashlib
from dataclasses import dataclass

from lxml import etree

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W14_NS = "http://schemas.microsoft.com/office/word/2010/wordml"
W15_NS = "http://schemas.microsoft.com/office/word/2012/wordml"
W = f"{{{W_NS}}}"
W14 = f"{{{W14_NS}}}"
W15 = f"{{{W15_NS}}}"
COMMENTS_EXTENDED_CT = "application/vnd.openxmlformats-officedocument.wordprocessingml.commentsExtended+xml"
COMMENTS_EXTENDED_RT = "http://schemas.microsoft.com/office/2011/relationships/commentsExtended"

_ADDED = {W + "ins", W + "moveTo"}  # text a reviewer added: not generated
_REMOVED = {W + "del", W + "moveFrom"}  # text a reviewer removed: generated, still counted
_TRACKED = _ADDED | _REMOVED
_ONE_CHAR = {W + "tab": "\t", W + "br": "\n", W + "cr": "\n", W + "noBreakHyphen": "-"}


def w(tag: str, **attrs: object) -> etree._Element:
    """`<w:tag w:k="v" …>` (python-docx's element classes, so that its helpers work on what we add)."""
    from docx.oxml import OxmlElement

    e = OxmlElement(f"w:{tag}")
    for k, v in attrs.items():
        if v is not None:
            e.set(W + k, str(v))
    return e


def xml_date(when: dt.datetime | None) -> str | None:
    """A w:date value as Word writes it: the reviewer's clock time, marked Z all the same (read.read_review
    reads it back as that clock time)."""
    if when is None:
        return None
    return when.replace(tzinfo=None).strftime("%Y-%m-%dT%H:%M:%SZ")


# ---- paragraphs and their text -----------------------------------------------------------------------------

def paragraphs(body: etree._Element) -> list[etree._Element]:
    """The body's paragraphs in reading order, table cells included: counted as read.read_review counts them
    (Anchor.index)."""
    return list(body.iter(W + "p"))


def _own_runs(p: etree._Element) -> list[etree._Element]:
    return [r for r in p.iter(W + "r") if _paragraph_of(r) is p]


def _paragraph_of(e: etree._Element) -> etree._Element | None:
    parent = e.getparent()
    while parent is not None and parent.tag != W + "p":
        parent = parent.getparent()
    return parent


def _added(r: etree._Element, p: etree._Element) -> bool:
    parent = r.getparent()
    while parent is not None and parent is not p:
        if parent.tag in _ADDED:
            return True
        parent = parent.getparent()
    return False


def _atoms(r: etree._Element) -> list[tuple[etree._Element, str]]:
    out = []
    for c in r:
        if c.tag in (W + "t", W + "delText"):
            out.append((c, c.text or ""))
        elif _atoms_of(c):
            out.append((c, _atoms_of(c)))
    return out


def _atoms_of(c: etree._Element) -> str:
    """A tab, a line break: one character each (a page break is no text, as read.read_review counts)."""
    return _ONE_CHAR[c.tag] if c.tag in _ONE_CHAR and c.get(W + "type") in (None, "textWrapping") else ""


def run_text(r: etree._Element) -> str:
    return "".join(s for _, s in _atoms(r))


@dataclass
class Span:
    run: etree._Element
    start: int
    end: int
    counted: bool  # part of the generated text (not a reviewer's insertion)

    @property
    def outer(self) -> etree._Element:
        """The run, or the tracked change around it: where siblings go."""
        e = self.run
        while e.getparent() is not None and e.getparent().tag in _TRACKED:
            e = e.getparent()
        return e


def spans(p: etree._Element) -> list[Span]:
    out, at = [], 0
    for r in _own_runs(p):
        counted = not _added(r, p)
        n = len(run_text(r)) if counted else 0
        out.append(Span(r, at, at + n, counted))
        at += n
    return out


def generated_text(p: etree._Element) -> str:
    """The paragraph as generated: deleted text kept, inserted text left out."""
    return "".join(run_text(s.run) for s in spans(p) if s.counted)


def bookmark_span(p: etree._Element, name: str) -> tuple[int, int] | None:
    """The generated text bookmark `name` holds in paragraph `p` (offsets from, to), None when it is not there
    whole."""
    at, start, mark_id = 0, None, None
    for e in p.iter(W + "r", W + "bookmarkStart", W + "bookmarkEnd"):
        if e.tag == W + "r":
            if _paragraph_of(e) is p and not _added(e, p):
                at += len(run_text(e))
        elif e.tag == W + "bookmarkStart" and e.get(W + "name") == name:
            start, mark_id = at, e.get(W + "id")
        elif e.tag == W + "bookmarkEnd" and start is not None and e.get(W + "id") == mark_id:
            return start, at
    return None


def _cut(p: etree._Element, k: int) -> None:
    """Make offset `k` a run boundary."""
    for s in spans(p):
        if s.counted and s.start < k < s.end:
            _split_run(s.run, k - s.start)
            return


def _split_run(r: etree._Element, i: int) -> None:
    second = copy.deepcopy(r)
    _keep(r, 0, i)
    _keep(second, i, None)
    r.addnext(second)


def _keep(r: etree._Element, a: int, b: int | None) -> None:
    """Leave in run `r` only its text from `a` to `b` (and what sits there: fields, marks)."""
    at = 0
    for c in list(r):
        if c.tag == W + "rPr":
            continue
        n = len(c.text or "") if c.tag in (W + "t", W + "delText") else len(_atoms_of(c))
        lo, hi = max(a, at), at + n if b is None else min(b, at + n)
        if n and hi <= lo or not n and not (a <= at and (b is None or at < b)):
            r.remove(c)
        elif n and c.tag in (W + "t", W + "delText"):
            c.text = (c.text or "")[lo - at:hi - at]
            c.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
        at += n


def _text_spans(p: etree._Element, a: int, b: int) -> list[Span]:
    """The generated runs from `a` to `b`, once cut there."""
    _cut(p, a)
    _cut(p, b)
    return [s for s in spans(p) if s.counted and s.end > s.start and a <= s.start and s.end <= b]


def _point(p: etree._Element, k: int) -> tuple[etree._Element, str]:
    """Where something at offset `k` goes: (element, "before"|"after"), after any insertion already there."""
    _cut(p, k)
    all_spans = spans(p)
    for s in all_spans:
        if s.counted and s.start >= k and s.end > s.start:
            return s.outer, "before"
    text_runs = [s for s in all_spans if s.end > s.start or not s.counted]
    if text_runs:
        return text_runs[-1].outer, "after"
    return _content_start(p)


def _content_start(p: etree._Element) -> tuple[etree._Element, str]:
    last = p.find(W + "pPr")
    for c in p:
        if c.tag == W + "bookmarkStart" and c.getprevious() is last:
            last = c
    return (last, "after") if last is not None else (p, "into")


def _content_end(p: etree._Element) -> tuple[etree._Element, str]:
    children = list(p)
    i = len(children)
    while i > 0 and children[i - 1].tag == W + "bookmarkEnd":
        i -= 1
    if i == len(children):
        return p, "append"
    return children[i], "before"


def _put(where: tuple[etree._Element, str], *elements: etree._Element) -> None:
    anchor, how = where
    if how == "before":
        for e in elements:
            anchor.addprevious(e)
    elif how == "after":
        for e in reversed(elements):
            anchor.addnext(e)
    elif how == "into":
        for e in reversed(elements):
            anchor.insert(0, e)
    else:
        for e in elements:
            anchor.append(e)


# ---- tracked changes ---------------------------------------------------------------------------------------

class Revisions:
    """Writes tracked changes with ids that no other mark of the document uses."""

    def __init__(self, first_id: int):
        self.next_id = first_id
        self.moves = 0

    def new_id(self) -> int:
        self.next_id += 1
        return self.next_id

    def _wrapper(self, tag: str, author: str, date: str | None) -> etree._Element:
        return w(tag, id=self.new_id(), author=author, date=date)

    def insert(self, p: etree._Element, k: int, text: str, author: str, date: str | None,
               tag: str = "ins", rpr: etree._Element | None = None) -> etree._Element:
        """`text` inserted at offset `k`, formatted like the generated text it follows."""
        where = _point(p, k)
        like = _format_at(p, k)
        wrapper = self._wrapper(tag, author, date)
        r = w("r")
        if rpr is not None or like is not None:
            r.append(copy.deepcopy(rpr if rpr is not None else like))
        for i, piece in enumerate(text.split("\n")):
            if i:
                r.append(w("br"))
            if piece:
                t = w("t")
                t.text = piece
                t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
                r.append(t)
        wrapper.append(r)
        _put(where, wrapper)
        return wrapper

    def remove(self, p: etree._Element, a: int, b: int, author: str, date: str | None,
               tag: str = "del") -> list[etree._Element]:
        """The generated text from `a` to `b` marked deleted (w:del) or moved away (w:moveFrom)."""
        wrappers = []
        for s in _text_spans(p, a, b):
            if s.run.getparent().tag in _REMOVED:
                continue  # removed already by another mark
            wrapper = self._wrapper(tag, author, date)
            s.run.addprevious(wrapper)
            wrapper.append(s.run)
            for t in s.run.findall(W + "t"):
                t.tag = W + "delText"
            for t in s.run.findall(W + "instrText"):
                t.tag = W + "delInstrText"
            wrappers.append(wrapper)
        return wrappers

    def move_range(self, wrappers: list[etree._Element], side: str, name: str, author: str,
                   date: str | None) -> None:
        """moveFromRangeStart/End (or moveTo…) named `name` around a move's pieces."""
        if not wrappers:
            return
        rid = self.new_id()
        wrappers[0].addprevious(w(f"{side}RangeStart", id=rid, name=name, author=author, date=date))
        wrappers[-1].addnext(w(f"{side}RangeEnd", id=rid))

    def reformat(self, p: etree._Element, a: int, b: int, rpr: etree._Element) -> int:
        """The generated text from `a` to `b` given `rpr` (which holds its w:rPrChange); runs changed."""
        done = 0
        for s in _text_spans(p, a, b):
            old = s.run.find(W + "rPr")
            new = copy.deepcopy(rpr)
            for change in new.iter(W + "rPrChange"):
                change.set(W + "id", str(self.new_id()))
            if old is not None:
                old.addprevious(new)
                s.run.remove(old)
            else:
                s.run.insert(0, new)
            done += 1
        return done


def _format_at(p: etree._Element, k: int) -> etree._Element | None:
    """The run properties of the generated text just before offset `k` (else just after), without any
    tracked formatting change: what text inserted there looks like."""
    before = after = None
    for s in spans(p):
        if not s.counted or s.end == s.start:
            continue
        if s.end <= k:
            before = s.run
        elif after is None:
            after = s.run
    r = before if before is not None else after
    rpr = r.find(W + "rPr") if r is not None else None
    if rpr is None:
        return None
    rpr = copy.deepcopy(rpr)
    for change in rpr.findall(W + "rPrChange"):
        rpr.remove(change)
    return rpr


def max_id(*roots: etree._Element) -> int:
    """The largest w:id of any mark (bookmarks, comments, changes) in these parts."""
    top = 0
    for root in roots:
        for e in root.iter():
            v = e.get(W + "id") if isinstance(e.tag, str) else None
            if v and v.lstrip("-").isdigit():
                top = max(top, int(v))
    return top


# ---- comments ----------------------------------------------------------------------------------------------

def comment_range(first: etree._Element, a: int | None, last: etree._Element, b: int | None,
                  comment_id: int) -> None:
    """The comment's range from offset `a` of paragraph `first` to offset `b` of `last` (None: the paragraph's
    start, its end), and its reference mark after it."""
    from docx.oxml.text.run import CT_R  # noqa: F401  (registers w:r's element class for _new_comment_reference_run)

    if a is None:
        start_at = _content_start(first)
    else:
        _cut(first, a)
        if b is not None and last is first:
            _cut(first, b)
        start_at = _point(first, a)
    if b is None:
        end_at = _content_end(last)
    else:
        _cut(last, b)
        end_at = _end_point(last, b)
    start = w("commentRangeStart", id=comment_id)
    end = w("commentRangeEnd", id=comment_id)
    ref = w("r")
    rpr = w("rPr")
    rpr.append(w("rStyle", val="CommentReference"))
    ref.append(rpr)
    ref.append(w("commentReference", id=comment_id))
    _put(start_at, start)
    _put(end_at, end, ref)
    if end.getparent() is start.getparent() and end.getparent().index(end) < start.getparent().index(start):
        start.getparent().remove(start)  # an empty range: start right before its end
        end.addprevious(start)


def _end_point(p: etree._Element, k: int) -> tuple[etree._Element, str]:
    """Where a range ending at offset `k` ends: after the last generated text up to `k`."""
    last = None
    for s in spans(p):
        if s.counted and s.end > s.start and s.end <= k:
            last = s
    if last is None:
        return _point(p, k)
    return last.outer, "after"


def para_id(seed: str) -> str:
    """A w14:paraId from `seed`: 8 hex digits below 0x80000000, as Word requires."""
    n = int(hashlib.sha1(seed.encode("utf-8")).hexdigest()[:8], 16) & 0x7FFFFFFF
    return f"{max(n, 1):08X}"


def comments_extended(entries: list[tuple[str, str | None, bool]], existing: bytes | None = None) -> bytes:
    """word/commentsExtended.xml: (paraId of a comment's last paragraph, its parent's, resolved) each, after
    those of `existing`."""
    if existing:
        root = etree.fromstring(existing)
    else:
        root = etree.Element(W15 + "commentsEx", nsmap={"w15": W15_NS, "mc":
                             "http://schemas.openxmlformats.org/markup-compatibility/2006"})
        root.set("{http://schemas.openxmlformats.org/markup-compatibility/2006}Ignorable", "w15")
    for pid, parent, done in entries:
        e = etree.SubElement(root, W15 + "commentEx")
        e.set(W15 + "paraId", pid)
        if parent:
            e.set(W15 + "paraIdParent", parent)
        e.set(W15 + "done", "1" if done else "0")
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
