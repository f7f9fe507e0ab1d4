"""The redline: the new draft, with what differs from the old one as tracked changes by "reportgen".

Only word/document.xml and the comments change: the new draft's styles, bookmarks, comments, provenance and
every other part are kept as they are. Within a paragraph the words are compared by ICU's word boundaries
(Lao is written without spaces between words); a block only the old draft has is copied in as deleted
(without its bookmarks and comment marks, which belong to the old file). Word and LibreOffice show the result
as "All Markup"; accepting every change gives the new draft's text.
"""

from __future__ import annotations

import copy
import io
import re
import zipfile
from difflib import SequenceMatcher
from functools import lru_cache

from icu4py.breakers import WordBreaker
from lxml import etree

from .._zipfile import fixed_zip_times
from ..messages import text
from ..writers.docx._ooxml import PPR_ORDER, el, insert_in_order
from ..writers.docx._ooxml import text as w_text
from ..writers.docx.review import COMMENT_AUTHOR
from ._draft import _PARSER, _REVISIONS, Draft, Para, Row, Table, Unit, W, _style_names, build_date, char, read_para
from .compare import Comparer

_XML = "{http://www.w3.org/XML/1998/namespace}"
_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_CT = "{http://schemas.openxmlformats.org/package/2006/content-types}"
_COMMENTS_TYPE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments"
_COMMENTS_CT = "application/vnd.openxmlformats-officedocument.wordprocessingml.comments+xml"
_SPLITTABLE = {f"{W}rPr", f"{W}t", f"{W}tab", f"{W}br", f"{W}cr", f"{W}noBreakHyphen", f"{W}softHyphen",
               f"{W}lastRenderedPageBreak"}
# Marks that belong to the old file, dropped from what is copied out of it.
_DROP = {f"{W}{n}" for n in (
    "bookmarkStart bookmarkEnd commentRangeStart commentRangeEnd permStart permEnd proofErr ins moveTo "
    "moveFromRangeStart moveFromRangeEnd moveToRangeStart moveToRangeEnd pPrChange rPrChange sectPr "
    "tblPrChange trPrChange tcPrChange tblGridChange sdtPr sdtEndPr".split())}
_UNWRAP = {f"{W}{n}" for n in "del moveFrom hyperlink smartTag customXml fldSimple sdt sdtContent".split()}
_FOREIGN_RUN = {f"{W}{n}" for n in "commentReference footnoteReference endnoteReference drawing pict object".split()}
_MAX_FIGURE_LINES = 400  # in the summary comment; the library's list has them all


@lru_cache(maxsize=4096)
def words(s: str) -> tuple[str, ...]:
    """`s` cut at ICU's word boundaries (dictionary-based for Lao; spaces and marks are pieces of their own)."""
    return tuple(WordBreaker(s, "lo")) if s else ()


def word_ops(old: str, new: str) -> list[tuple[int, int, int, int]]:
    """The spans (old start, old end, new start, new end) that differ, word by word; two changes with only
    a space between them are one."""
    a, b = words(old), words(new)
    at_a, at_b = _offsets(a), _offsets(b)
    ops: list[tuple[int, int, int, int]] = []
    for tag, i1, i2, j1, j2 in SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag == "equal":
            continue
        span = (at_a[i1], at_a[i2], at_b[j1], at_b[j2])
        if ops and not old[ops[-1][1]:span[0]].strip() and span[0] - ops[-1][1] <= 2:
            span = (ops[-1][0], span[1], ops[-1][2], span[3])
            ops.pop()
        ops.append(span)
    return ops


def _offsets(pieces: tuple[str, ...]) -> list[int]:
    out = [0]
    for p in pieces:
        out.append(out[-1] + len(p))
    return out


class Redline(Comparer):
    """Marks the new draft's XML while the comparer walks the two drafts."""

    def __init__(self, old: Draft, new: Draft, old_name: str):
        super().__init__(old, new)
        self.old_name = old_name
        self.date = build_date(new)
        ids = [int(v) for v in new.root.xpath("//@w:id", namespaces={"w": W[1:-1]}) if v.lstrip("-").isdigit()]
        self.next_id = max(ids, default=0) + 1
        self.styles = set(_ids(new.zip.get("word/styles.xml"), "style", "styleId"))
        self.lists = set(_ids(new.zip.get("word/numbering.xml"), "num", "numId"))
        self.placed: dict[int, object] = {}  # id(old unit) → its deleted copy in the new body
        self.notes: list[tuple[object, list[str]]] = []  # (w:p, comment paragraphs) to add
        self.result = b""

    # ---- marks -------------------------------------------------------------------------------------------

    def mark(self, tag: str):
        self.next_id += 1
        return el(tag, id=self.next_id, author=COMMENT_AUTHOR, date=self.date)

    def wrap(self, runs: list, tag: str = "w:ins") -> None:
        """Put `runs` in tracked `tag` elements, one per stretch of runs side by side."""
        group: list = []
        for r in runs + [None]:
            if group and (r is None or group[-1].getnext() is not r):
                mark = self.mark(tag)
                group[0].addprevious(mark)
                for g in group:
                    mark.append(g)
                group = []
            if r is not None:
                group.append(r)

    def mark_paragraph(self, p, tag: str) -> None:
        """The paragraph mark inserted or deleted (unless a reviewer's change is on it already)."""
        ppr = p.find(f"{W}pPr")
        if ppr is None:
            ppr = el("w:pPr")
            p.insert(0, ppr)
        rpr = ppr.find(f"{W}rPr")
        if rpr is None:
            rpr = el("w:rPr")
            insert_in_order(ppr, rpr, PPR_ORDER)
        if not any(c.tag in _REVISIONS for c in rpr):
            rpr.insert(0, self.mark(tag))

    def insert_all(self, element, paragraph_marks: bool = True) -> None:
        """Everything in `element` (a paragraph, a row) shown as inserted."""
        self.wrap(_live_runs(element))
        if paragraph_marks and element.tag == f"{W}p":
            self.mark_paragraph(element, "w:ins")

    def deleted_copy(self, element, paragraph_marks: bool = True):
        """A copy of the old draft's `element`, every run in it deleted, cleaned of the old file's marks."""
        c = _clean(copy.deepcopy(element), self.styles, self.lists)
        for t in c.iter(f"{W}t", f"{W}instrText"):
            t.tag = f"{W}delText" if t.tag == f"{W}t" else f"{W}delInstrText"
        self.wrap(list(c.iter(f"{W}r")), "w:del")
        if paragraph_marks and c.tag == f"{W}p":
            self.mark_paragraph(c, "w:del")
        return c

    def place(self, copy_, o: object, pairs: list, fallback) -> None:
        """Put a deleted copy where the old draft had it: before what followed it, else after what preceded."""
        i = next(i for i, (a, _) in enumerate(pairs) if a is o)
        after = next((b for _, b in pairs[i + 1:] if b is not None), None)
        if after is not None:
            after.el.addprevious(copy_)
        else:
            before = next((b.el if b is not None else self.placed.get(id(a)) for a, b in reversed(pairs[:i])
                           if b is not None or id(a) in self.placed), None)
            if before is not None:
                before.addnext(copy_)
            else:
                fallback(copy_)
        self.placed[id(o)] = copy_

    # ---- the comparer's steps ----------------------------------------------------------------------------

    def changed(self, o: Para, n: Para) -> None:
        if n.revised:  # a reviewer's pending change is in it: leave it as it is, and say what the old draft read
            self.changes.unmarked.append(n.text)
            self.notes.append((n.el, [str(text("compare.previous_text", old=self.old_name)), o.text]))
            return
        ops = word_ops(o.text, n.text)
        _split(n, sorted({x for op in ops for x in op[2:]}))
        runs = read_para(n.el).runs
        for a, b, c, d in reversed(ops):
            inside = [r for r, s, e in runs if s < d and e > c and e > s]
            if b > a:
                gone = self.deleted_text(o, a, b)
                if inside:
                    inside[0].addprevious(gone)
                else:
                    _put_at(n.el, runs, c, gone)
            if inside:
                self.wrap(inside)

    def deleted_text(self, o: Para, a: int, b: int):
        gone = self.mark("w:del")
        for r, s, e in o.runs:
            lo, hi = max(s, a), min(e, b)
            if lo >= hi:
                continue
            nr = el("w:r")
            rpr = r.find(f"{W}rPr")
            if rpr is not None:
                nr.append(_clean(copy.deepcopy(rpr), self.styles, self.lists))
            for piece in re.split("([\t\n])", o.text[lo:hi]):
                if piece:
                    nr.append(el("w:tab") if piece == "\t" else el("w:br") if piece == "\n" else w_text("w:delText", piece))
            gone.append(nr)
        return gone

    def inserted(self, n: Unit) -> None:
        if isinstance(n, Para):
            self.insert_all(n.el)
        else:
            for row in n.rows:
                self.inserted_row(row)

    def deleted(self, o: Unit, pairs: list) -> None:
        c = self.deleted_copy(o.el)
        if isinstance(o, Table):
            for tr in c.iter(f"{W}tr"):
                _row_mark(tr, self.mark("w:del"))
        body = self.new.root.find(f"{W}body")
        self.place(c, o, pairs, lambda e: _before_section(body, e))

    def inserted_in_cell(self, n: Para) -> None:
        self.insert_all(n.el)

    def deleted_in_cell(self, o: Para, pairs: list, tc) -> None:
        self.place(self.deleted_copy(o.el), o, pairs, tc.append)

    def row_cells(self, o: Row, n: Row) -> None:
        for cell in n.cells[len(o.cells):]:  # cells the old row did not have
            for p in cell:
                self.insert_all(p.el, paragraph_marks=False)
        extra = " ".join(p.text for cell in o.cells[len(n.cells):] for p in cell).strip()
        if extra and n.cells and n.cells[-1]:  # cells the new row does not have: their words, deleted, at its end
            last = n.cells[-1][-1]
            last.el.append(self.deleted_text(Para(None, "", extra, [(el("w:r"), 0, len(extra))], {}, False),
                                             0, len(extra)))

    def inserted_row(self, n: Row) -> None:
        _row_mark(n.el, self.mark("w:ins"))
        self.wrap(_live_runs(n.el))

    def deleted_row(self, o: Row, rows: list, table: Table) -> None:
        c = self.deleted_copy(o.el, paragraph_marks=False)
        _row_mark(c, self.mark("w:del"))
        self.place(c, o, rows, table.el.append)

    # ---- the summary, and the file --------------------------------------------------------------------------

    def finish(self) -> None:
        ch = self.changes
        head = text("compare.summary", old=self.old_name, n_figures=len(ch.figures), n_paragraphs=ch.paragraphs)
        lines = [str(head)] + [f.line for f in ch.figures[:_MAX_FIGURE_LINES]]
        if len(ch.figures) > _MAX_FIGURE_LINES:
            lines.append(str(text("part.compare.more", n=len(ch.figures) - _MAX_FIGURE_LINES)))
        first = _summary_paragraph(self.new)
        if first is not None:
            self.notes.insert(0, (first, lines))
        self.result = self.package()

    def package(self) -> bytes:
        parts = dict(self.new.zip)
        if self.notes:
            name = _comments_part(parts)
            comments = (etree.fromstring(parts[name], _PARSER) if name in parts
                        else etree.Element(f"{W}comments", nsmap={"w": W[1:-1]}))
            ids = [int(v) for v in comments.xpath("//w:comment/@w:id", namespaces={"w": W[1:-1]}) if v.isdigit()]
            cid = max(ids + [self.next_id], default=0) + 1
            for p, paragraphs in self.notes:
                comments.append(_comment(cid, self.date, paragraphs))
                _anchor(p, cid)
                cid += 1
            parts[name] = etree.tostring(comments, xml_declaration=True, encoding="UTF-8", standalone=True)
        parts["word/document.xml"] = etree.tostring(self.new.root, xml_declaration=True, encoding="UTF-8",
                                                    standalone=True)
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
            for name, data in parts.items():
                z.writestr(name, data)
        return fixed_zip_times(out.getvalue())


# ---- XML helpers ------------------------------------------------------------------------------------------------

def _ids(xml: bytes | None, tag: str, attr: str) -> list[str]:
    if not xml:
        return []
    return [e.get(f"{W}{attr}", "") for e in etree.fromstring(xml, _PARSER).iter(f"{W}{tag}")]


def _live_runs(element) -> list:
    """The runs of `element` that no reviewer's change holds."""
    out = []
    for r in element.iter(f"{W}r"):
        up, inside = r.getparent(), False
        while up is not None and up is not element:
            if up.tag in _REVISIONS:
                inside = True
                break
            up = up.getparent()
        if not inside:
            out.append(r)
    return out


def _split(p: Para, cuts: list[int]) -> None:
    """Cut `p`'s runs at the character offsets `cuts`, so that every change covers whole runs."""
    runs = list(p.runs)
    for k in cuts:
        for i, (r, s, e) in enumerate(runs):
            if s < k < e and all(c.tag in _SPLITTABLE for c in r):
                runs[i:i + 1] = [(r, s, k), (_split_run(r, k - s), k, e)]
                break


def _split_run(r, k: int):
    """Split w:r `r` after `k` characters; the second half (same formatting) goes after it and is returned."""
    second = el("w:r")
    for name, value in r.attrib.items():
        second.set(name, value)
    rpr = r.find(f"{W}rPr")
    if rpr is not None:
        second.append(copy.deepcopy(rpr))
    pos = 0
    for c in list(r):
        if c.tag == f"{W}rPr":
            continue
        if pos >= k:
            second.append(c)
            continue
        n = len(char(c))
        if pos + n <= k:
            pos += n
            continue
        cut = k - pos
        second.append(w_text("w:t", c.text[cut:]))
        c.text = c.text[:cut]
        c.set(f"{_XML}space", "preserve")
        pos = k
    r.addnext(second)
    return second


def _put_at(p, runs: list, at: int, element) -> None:
    """Put `element` at character offset `at` of paragraph `p`: after the run ending there, else before
    the run starting there, else at the paragraph's end."""
    ending = [r for r, s, e in runs if e == at and e > s]
    starting = [r for r, s, e in runs if s == at and e > s]
    if ending:
        ending[-1].addnext(element)
    elif starting:
        starting[0].addprevious(element)
    else:
        p.append(element)


def _clean(c, styles: set[str], lists: set[str]):
    """An element copied from the old file, without what only means something there: bookmarks, comment
    marks, pending changes (insertions dropped, deletions kept as text), links, styles and lists the new
    file lacks, and markup of other namespaces."""
    drop = [e for e in c.iter() if not isinstance(e.tag, str) or not e.tag.startswith(W) or e.tag in _DROP
            or (e.tag == f"{W}r" and any(x.tag in _FOREIGN_RUN for x in e))]
    for e in ((f"{W}rStyle", styles), (f"{W}pStyle", styles), (f"{W}tblStyle", styles)):
        drop += [s for s in c.iter(e[0]) if s.get(f"{W}val") not in e[1]]
    drop += [n.getparent() for n in c.iter(f"{W}numId") if n.get(f"{W}val") not in lists and n.getparent() is not None]
    for e in drop:
        if e.getparent() is not None:
            e.getparent().remove(e)
    for e in reversed([e for e in c.iter() if e.tag in _UNWRAP and e is not c]):
        parent = e.getparent()
        if parent is None:
            continue
        for child in list(e):
            e.addprevious(child)
        parent.remove(e)
    for e in c.iter():
        for name in [n for n in e.attrib if not n.startswith((W, _XML))]:
            del e.attrib[name]
    return c


def _row_mark(tr, mark) -> None:
    """A row inserted or deleted: w:trPr/w:ins or w:del (after the row's properties, as the schema wants)."""
    trpr = tr.find(f"{W}trPr")
    if trpr is None:
        trpr = el("w:trPr")
        prex = tr.find(f"{W}tblPrEx")
        (prex.addnext(trpr) if prex is not None else tr.insert(0, trpr))
    for old in [x for x in trpr if x.tag in (f"{W}ins", f"{W}del")]:
        trpr.remove(old)
    change = trpr.find(f"{W}trPrChange")
    (change.addprevious(mark) if change is not None else trpr.append(mark))


def _before_section(body, element) -> None:
    sect = body.find(f"{W}sectPr")
    (sect.addprevious(element) if sect is not None else body.append(element))


def _summary_paragraph(draft: Draft):
    """Where the summary comment goes: the title, else the first paragraph with words."""
    names = _style_names(draft.zip.get("word/styles.xml"))
    paras = [u for u in draft.units if isinstance(u, Para)]
    for u in paras:
        s = u.el.find(f"{W}pPr/{W}pStyle")
        if s is not None and names.get(s.get(f"{W}val", ""), "").lower() == "title" and u.text.strip():
            return u.el
    return next((u.el for u in paras if u.text.strip()), paras[0].el if paras else None)


def _comments_part(parts: dict[str, bytes]) -> str:
    """The comments part's name, related to the body (and declared) when the file had none."""
    rels_name = "word/_rels/document.xml.rels"
    rels = etree.fromstring(parts[rels_name], _PARSER)
    for r in rels.iter(f"{_REL}Relationship"):
        if r.get("Type") == _COMMENTS_TYPE and r.get("TargetMode") != "External":
            target = r.get("Target", "")
            return target.lstrip("/") if target.startswith("/") else "word/" + target
    taken = {r.get("Id") for r in rels.iter(f"{_REL}Relationship")}
    rid = next(f"rIdComments{i}" for i in range(1, 10**6) if f"rIdComments{i}" not in taken)
    etree.SubElement(rels, f"{_REL}Relationship", Id=rid, Type=_COMMENTS_TYPE, Target="comments.xml")
    parts[rels_name] = etree.tostring(rels, xml_declaration=True, encoding="UTF-8", standalone=True)
    types = etree.fromstring(parts["[Content_Types].xml"], _PARSER)
    if not any(o.get("PartName") == "/word/comments.xml" for o in types.iter(f"{_CT}Override")):
        etree.SubElement(types, f"{_CT}Override", PartName="/word/comments.xml", ContentType=_COMMENTS_CT)
    parts["[Content_Types].xml"] = etree.tostring(types, xml_declaration=True, encoding="UTF-8", standalone=True)
    return "word/comments.xml"


def _comment(cid: int, date: str, paragraphs: list[str]):
    c = el("w:comment", id=cid, author=COMMENT_AUTHOR, date=date, initials="RG")
    for i, said in enumerate(paragraphs):
        p = el("w:p")
        if i == 0:
            ref = el("w:r")
            ref.append(el("w:annotationRef"))
            p.append(ref)
        r = el("w:r")
        r.append(w_text("w:t", re.sub("[\x00-\x08\x0b\x0c\x0e-\x1f]", "\ufffd", said)))
        p.append(r)
        c.append(p)
    return c


def _anchor(p, cid: int) -> None:
    """Comment `cid` over the whole paragraph `p`."""
    ppr = p.find(f"{W}pPr")
    start = el("w:commentRangeStart", id=cid)
    (ppr.addnext(start) if ppr is not None else p.insert(0, start))
    p.append(el("w:commentRangeEnd", id=cid))
    ref = el("w:r")
    ref.append(el("w:commentReference", id=cid))
    p.append(ref)
