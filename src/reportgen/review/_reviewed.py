"""What read_review does not give, taken from the reviewed draft's XML and set again in the next draft: the
body and comments as written, a paragraph mark a reviewer inserted or deleted, the properties of a formatting
or paragraph change, the run properties of inserted text, a paragraph a reviewer added."""

from __future__ import annotations

import copy
import io
import zipfile

from lxml import etree

from ..writers.docx._ooxml import PPR_ORDER, insert_in_order
from . import _write as x


def reviewed_parts(data: bytes) -> tuple[etree._Element, dict[str, etree._Element]]:
    """The reviewed body, and its comments by w:id (read_review has read the same parts already)."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True)
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        names = set(z.namelist())
        body = etree.fromstring(z.read(_main_part(z)), parser).find(x.W + "body")
        comments = {}
        if "word/comments.xml" in names:
            for c in etree.fromstring(z.read("word/comments.xml"), parser).iter(x.W + "comment"):
                comments[c.get(x.W + "id", "")] = c
    if body is None:
        raise ValueError("no body")
    return body, comments


def _main_part(z: zipfile.ZipFile) -> str:
    """The main document part, as the package's relationships name it (word/document.xml as a rule)."""
    try:
        rels = etree.fromstring(z.read("_rels/.rels"))
    except (KeyError, etree.XMLSyntaxError):
        return "word/document.xml"
    for rel in rels:
        if (rel.get("Type") or "").endswith("/officeDocument"):
            return (rel.get("Target") or "word/document.xml").lstrip("/")
    return "word/document.xml"



def paragraph_mark(p: etree._Element) -> etree._Element | None:
    """A paragraph mark inserted or deleted by a reviewer (w:pPr/w:rPr/w:ins|w:del)."""
    rpr = p.find(f"{x.W}pPr/{x.W}rPr")
    if rpr is None:
        return None
    return next((e for e in rpr if e.tag in (x.W + "ins", x.W + "del")), None)


def set_mark(p: etree._Element, mark: etree._Element | None, revisions: x.Revisions) -> None:
    if mark is None:
        return
    ppr = p.find(x.W + "pPr")
    if ppr is None:
        ppr = x.w("pPr")
        p.insert(0, ppr)
    rpr = ppr.find(x.W + "rPr")
    if rpr is None:
        rpr = x.w("rPr")
        insert_in_order(ppr, rpr, PPR_ORDER)
    elif paragraph_mark(p) is not None:
        return  # made again already, with the paragraph's properties
    m = copy.deepcopy(mark)
    m.set(x.W + "id", str(revisions.new_id()))
    rpr.insert(0, m)


def same_paragraph_change(old_p: etree._Element, p: etree._Element, revisions: x.Revisions) -> None:
    """The reviewer's paragraph formatting (w:pPr with its w:pPrChange) on `p`; `p`'s own section break kept."""
    ppr = copy.deepcopy(old_p.find(x.W + "pPr"))
    for e in ppr.findall(x.W + "sectPr"):
        ppr.remove(e)
    for e in ppr.iter(x.W + "pPrChange", x.W + "ins", x.W + "del"):
        e.set(x.W + "id", str(revisions.new_id()))
    new = p.find(x.W + "pPr")
    if new is not None:
        sect = new.find(x.W + "sectPr")
        if sect is not None:
            insert_in_order(ppr, sect, PPR_ORDER)
        p.replace(new, ppr)
    else:
        p.insert(0, ppr)


def inserted_format(old_p: etree._Element, k: int) -> etree._Element | None:
    """The run properties the reviewer's inserted text had at offset `k` of the reviewed paragraph."""
    for s in x.spans(old_p):
        if not s.counted and s.start == k and x.run_text(s.run):
            rpr = s.run.find(x.W + "rPr")
            return copy.deepcopy(rpr) if rpr is not None else None
    return None


def formatted(old_p: etree._Element, a: int, b: int) -> list[tuple[int, int, etree._Element]]:
    """The pieces from `a` to `b` of the reviewed paragraph a reviewer formatted: (start, end, w:rPr with its
    w:rPrChange)."""
    out = []
    for s in x.spans(old_p):
        rpr = s.run.find(x.W + "rPr")
        if s.counted and s.end > s.start and s.start < b and s.end > a and rpr is not None \
                and rpr.find(x.W + "rPrChange") is not None:
            out.append((max(a, s.start), min(b, s.end), rpr))
    return out


def added_copy(p: etree._Element, revisions: x.Revisions) -> etree._Element:
    """A paragraph a reviewer added, ready to go into the new draft: its own tracked changes with new ids,
    no bookmarks or comment marks of the reviewed draft (its paragraph mark as the reviewer left it: inserted,
or the original one when the mark of the paragraph before it is the inserted one)."""
    from docx.oxml import parse_xml

    c = parse_xml(etree.tostring(p))  # python-docx's element classes, like the rest of the draft
    for e in list(c.iter(x.W + "bookmarkStart", x.W + "bookmarkEnd", x.W + "commentRangeStart",
                         x.W + "commentRangeEnd")):
        e.getparent().remove(e)
    for ref in list(c.iter(x.W + "commentReference")):
        run = ref.getparent()
        run.getparent().remove(run)
    for e in c.iter(x.W + "ins", x.W + "del", x.W + "moveTo", x.W + "moveFrom", x.W + "rPrChange", x.W + "pPrChange"):
        e.set(x.W + "id", str(revisions.new_id()))
    for tag in ("moveToRangeStart", "moveToRangeEnd", "moveFromRangeStart", "moveFromRangeEnd"):
        for e in list(c.iter(x.W + tag)):
            e.getparent().remove(e)
    for e in list(c.iter(x.W + "moveTo")):  # the other half of the move is not in this paragraph
        e.tag = x.W + "ins"
    return c


def same_cell(a: etree._Element, b: etree._Element) -> bool:
    def cell(e):
        while e is not None and e.tag != x.W + "tc":
            e = e.getparent()
        return e

    return cell(a) is cell(b)


def top(p: etree._Element, body: etree._Element) -> etree._Element:
    """`p`, or the table it is in: the body's child that holds it."""
    while p.getparent() is not None and p.getparent() is not body:
        p = p.getparent()
    return p
