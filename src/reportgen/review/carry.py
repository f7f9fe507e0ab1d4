"""The next draft with the reviewers' work on it: comments re-anchored, tracked changes made again, the rest said.

`carry_review(reviewed, draft)` reads what reviewers wrote in the reviewed draft (read.read_review) and puts
it into the new draft, block by block (_places: the same template line with the same data is the same place
in both drafts):

- a reviewer's comment, with its replies, author, initials, date and resolved flag, goes on the same block:
  on the same words when they are still there, else on the whole paragraph;
- a pending tracked change is made again, by the same author with the same date, where the paragraph's text
  as generated is what it was; where it changed, the change becomes a comment on that paragraph quoting the
  suggestion and the new text (the reviewer's name + " (reportgen)" as its author);
- comments by "reportgen" stay behind (the new build makes its own), unless a reviewer replied to one: the
  thread goes on, onto the same comment of the new build when it is there;
- a mark whose block is gone is listed, with who, when, what and where it was, in one comment at the top.

The XML of the reviewed comments is copied, so their formatting survives; what read_review does not give
(the run properties of a formatting change, a paragraph a reviewer added) is read from the reviewed XML
(_reviewed.py), at the paragraph read_review names (Anchor.index); _places.py matches paragraphs across the
two drafts and _write.py writes the marks.
"""

from __future__ import annotations

import copy
import datetime as dt
import io
import zipfile
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from ..errors import ReviewError
from ..messages import text as message
from ..writers.docx.review import COMMENT_AUTHOR
from . import _write as x
from ._places import Place, by_key, places
from ._reviewed import (
    added_copy,
    formatted,
    inserted_format,
    paragraph_mark,
    reviewed_parts,
    same_cell,
    same_paragraph_change,
    set_mark,
    top,
)
from .read import Anchor, Change, Review, ReviewComment, read_review

__all__ = ["CARRY_AUTHOR", "Carried", "Unplaced", "carry_review"]

CARRY_AUTHOR = "reportgen (review)"  # the top comment's author: not "reportgen", so the next draft keeps it too
SUFFIX = " (reportgen)"  # after a reviewer's name on a change that became a comment
_R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_QUOTE = 600  # characters of generated text quoted in a comment (a reviewer's own words are never cut)


@dataclass(frozen=True)
class Unplaced:
    """A reviewer's mark whose block is not in the new draft: listed in the comment at its top."""

    kind: str  # "comment", "reply" or a Change kind
    author: str
    date: dt.datetime | None
    text: str
    paragraph: str  # the paragraph it was on, as generated
    source: str  # that block's source: template:line | workbook places ("" when unknown)
    index: int = -1  # that paragraph's position in the reviewed draft (-1: not in its body)


@dataclass
class Carried:
    """The new draft and what became of each mark of the reviewed one."""

    docx: bytes
    comments: int = 0  # reviewers' comments (replies included) on their block in the new draft
    reapplied: int = 0  # tracked changes made again
    commented: int = 0  # tracked changes whose text changed: comments on their block instead
    unplaced: list[Unplaced] = field(default_factory=list)  # listed in the comment at the top


def carry_review(reviewed: Path | bytes, draft: bytes) -> Carried:
    """`draft` (a DOCX just built) with the comments and tracked changes of `reviewed` carried into it.

    Raises ReviewError (read.read_review) when `reviewed` cannot be read; `draft` is reportgen's own.
    """
    review = read_review(reviewed)  # raises ReviewError, naming the file, for one that cannot be read
    try:
        data = reviewed if isinstance(reviewed, bytes) else Path(reviewed).read_bytes()
        parts = reviewed_parts(data)
    except (OSError, KeyError, ValueError, zipfile.BadZipFile, etree.XMLSyntaxError) as exc:  # changed meanwhile
        raise ReviewError.of("review.damaged", review.path or "DOCX", part="word/document.xml") from exc
    return _Carry(review, parts, draft).run()


class _Carry:
    def __init__(self, review: Review, parts: tuple[etree._Element, dict[str, etree._Element]], draft: bytes):
        import docx

        self.review = review
        old_body, self.old_comments = parts
        self.old = places(old_body)
        self.old_keys = by_key(self.old)
        self.d = docx.Document(io.BytesIO(draft))
        self.body = self.d.element.body
        self.new = places(self.body)
        self.new_keys = by_key(self.new)
        self.result = Carried(b"")
        comments_root = self.d.comments._comments_elm
        self.revisions = x.Revisions(x.max_id(self.body, comments_root) + 1000)
        self.recreated: dict[int, etree._Element] = {}  # old added paragraph's index → its copy in the draft
        self.extended: list[tuple[str, str | None, bool]] = []
        self.para_ids: set[str] = set()

    def run(self) -> Carried:
        self.recreate_added()
        self.changes()
        self.comments()
        # in the order of the reviewed draft: by paragraph, its comments (and their replies) before its changes
        rank = {"comment": 0, "reply": 0}
        self.result.unplaced.sort(key=lambda u: (u.index < 0, u.index, rank.get(u.kind, 1)))
        self.top_comment()
        if self.extended:
            self.write_extended()
        from ..writers.docx.package import to_bytes

        self.result.docx = to_bytes(self.d)
        return self.result

    # ---- where a mark was, where it goes ----------------------------------------------------------------

    def old_place(self, anchor: Anchor) -> Place | None:
        if 0 <= anchor.index < len(self.old) and self.old[anchor.index].text == anchor.paragraph:
            return self.old[anchor.index]
        # the reader and this module count paragraphs differently here: find it by its block and text
        return next((pl for pl in self.old if pl.block == anchor.bookmark and pl.text == anchor.paragraph), None)

    def target(self, place: Place | None) -> etree._Element | None:
        if place is None:
            return None
        if place.added:
            return self.recreated.get(place.index)
        found = self.new_keys.get(place.key)
        return found.p if found is not None else None

    def new_text(self, place: Place) -> str | None:
        found = self.new_keys.get(place.key)
        return found.text if found is not None else None

    def source(self, anchor: Anchor) -> str:
        return self.review.provenance.get(anchor.bookmark, "")

    def unplaced(self, kind: str, author: str, date: dt.datetime | None, text: str, anchor: Anchor) -> None:
        self.result.unplaced.append(Unplaced(kind, author, date, text, anchor.paragraph, self.source(anchor),
                                             anchor.index))

    # ---- paragraphs reviewers added ---------------------------------------------------------------------

    def recreate_added(self) -> None:
        """Each paragraph a reviewer added, again after the paragraph it followed, when that one's text is
        what it was (all of its text is tracked as inserted, by its author)."""
        placed_after: dict[int, etree._Element] = {}
        for pl in self.old:
            if not pl.added:
                continue
            before = self.old_keys.get(pl.after) if pl.after else None
            here = self.new_keys.get(pl.after) if pl.after else None
            if before is None or here is None or here.text != before.text:
                continue
            copy_p = added_copy(pl.p, self.revisions)
            anchor = placed_after.get(here.index)
            if anchor is None:
                anchor = here.p if same_cell(before.p, pl.p) else top(here.p, self.body)
            anchor.addnext(copy_p)
            placed_after[here.index] = copy_p
            self.recreated[pl.index] = copy_p

    # ---- tracked changes --------------------------------------------------------------------------------

    def changes(self) -> None:
        plans = []
        for change in self.review.changes:
            place = self.old_place(change.anchor)
            if place is None or self.home(place) is None:
                self.unplaced(change.kind, change.author, change.date, change.text, change.anchor)
            else:
                plans.append((change, place, self.applicable(change, place)))
        moves = _pair_moves([(c, why) for c, _, why in plans])
        for change, place, why in plans:
            if why is None:
                if not place.added:
                    self.apply(change, place, self.target(place), moves.get(id(change)))
                self.result.reapplied += 1
            else:
                self.as_comment(change, self.home(place), why)

    def home(self, place: Place) -> etree._Element | None:
        """Where a mark goes: its paragraph in the new draft; for one in a paragraph a reviewer added that
        could not be made again, the paragraph it followed."""
        found = self.target(place)
        if found is None and place.added and place.after:
            found = self.target(self.old_keys.get(place.after))
        return found

    def applicable(self, change: Change, place: Place) -> str | None:
        """None when `change` can be made again as it was; else why not: "changed" (the text under it was
        generated anew), "gone", "not_found" (its text is not where it was; a table's or section's properties)."""
        if place.added:
            return None if place.index in self.recreated else "changed"
        now = self.new_text(place)
        if now is None:
            return "gone"
        if now != place.text:
            return "changed"
        a = change.anchor.offset
        if change.kind in ("deletion", "move_from", "formatting") and change.anchor.text:
            if now[a:a + len(change.anchor.text)] != change.anchor.text:
                return "not_found"
            if change.kind == "formatting" and not formatted(place.p, a, a + len(change.anchor.text)):
                return "not_found"
        elif change.kind == "formatting":  # of a table, a row, a cell or the section: not made again here
            return "not_found"
        elif change.kind == "paragraph":
            if place.p.find(f"{x.W}pPr/{x.W}pPrChange") is None:
                return "not_found"
        elif not 0 <= a <= len(now):
            return "not_found"
        if change.text == "\n" and change.kind in ("insertion", "deletion"):
            return None if paragraph_mark(place.p) is not None else "not_found"
        return None

    def apply(self, change: Change, place: Place, p: etree._Element, move: str | None) -> None:
        date = x.xml_date(change.date)
        a = change.anchor.offset
        kind = change.kind
        if change.text == "\n" and kind in ("insertion", "deletion"):
            set_mark(p, paragraph_mark(place.p), self.revisions)
        elif kind in ("insertion", "move_to"):
            tag = "moveTo" if kind == "move_to" and move else "ins"
            rpr = inserted_format(place.p, a)
            wrapper = self.revisions.insert(p, a, change.text, change.author, date, tag, rpr)
            if tag == "moveTo":
                self.revisions.move_range([wrapper], "moveTo", move, change.author, date)
        elif kind in ("deletion", "move_from"):
            tag = "moveFrom" if kind == "move_from" and move else "del"
            wrappers = self.revisions.remove(p, a, a + len(change.anchor.text), change.author, date, tag)
            if tag == "moveFrom":
                self.revisions.move_range(wrappers, "moveFrom", move, change.author, date)
        elif kind == "formatting":
            for start, end, rpr in formatted(place.p, a, a + len(change.anchor.text)):
                self.revisions.reformat(p, start, end, rpr)
        elif kind == "paragraph":
            same_paragraph_change(place.p, p, self.revisions)

    def as_comment(self, change: Change, target: etree._Element | None, why: str) -> None:
        if target is None:
            self.unplaced(change.kind, change.author, change.date, change.text, change.anchor)
            return
        now = x.generated_text(target)
        if why == "changed":
            head = message("part.carry.text_changed", author=change.author)
        else:
            head = message("part.carry.not_made_again", author=change.author)
        lines = [str(head),
                 f"{message('part.carry.suggested')}: {_kind(change.kind)} «{change.text}»",
                 f"{message('part.carry.before')}: «{_cut(change.before)}»",
                 f"{message('part.carry.after')}: «{_cut(change.after)}»",
                 f"{message('part.carry.now')}: «{_cut(now)}»"]
        self.add_comment(target, None, target, None, change.author + SUFFIX, "RG", change.date, "\n".join(lines))
        self.result.commented += 1

    # ---- comments ---------------------------------------------------------------------------------------

    def comments(self) -> None:
        replies = defaultdict(list)
        ids = {c.id: c for c in self.review.comments}
        for c in self.review.comments:
            if c.parent and c.parent in ids:
                replies[_root(c, ids).id].append(c)
        for c in self.review.comments:
            if c.parent and c.parent in ids:
                continue
            thread = [r for r in replies[c.id] if not r.machine]
            if c.machine and not thread:
                continue  # the new build writes its own comments
            self.thread(c, thread)

    def thread(self, head: ReviewComment, replies: list[ReviewComment]) -> None:
        place = self.old_place(head.anchor)
        target = self.home(place) if place is not None else None
        if target is None:
            for c in [head, *replies]:
                if not c.machine:
                    self.unplaced("reply" if c.parent else "comment", c.author, c.date, c.text, head.anchor)
            return
        first, a, last, b = self.range_in(head.anchor, place, target)
        parent_para = None
        if head.machine:
            parent_para = self.same_machine_comment(target, head.text)
        if parent_para is None:
            parent_para = self.add_comment(first, a, last, b, head.author, head.initials, head.date, head.text,
                                           resolved=head.resolved, copied=self.old_comments.get(head.id))
            if not head.machine:
                self.result.comments += 1
        for r in replies:
            self.add_comment(first, a, last, b, r.author, r.initials, r.date, r.text, parent=parent_para,
                             resolved=r.resolved, copied=self.old_comments.get(r.id))
            self.result.comments += 1

    def range_in(self, anchor: Anchor, place: Place | None, target: etree._Element) -> tuple:
        """The comment's range in the new draft, (first paragraph, offset, last paragraph, offset): where it was
        when the text there is the same (across paragraphs too); else on the same words nearest to where they
        were; else on the same figures; else the whole paragraph (offsets None)."""
        whole = (target, None, target, None)
        if place is None or place.added:
            return whole
        now = x.generated_text(target)
        a, words = anchor.offset, anchor.text
        if "\n" in words:  # a range over several paragraphs
            parts = words.split("\n")
            last = self.old[place.index + len(parts) - 1] if place.index + len(parts) - 1 < len(self.old) else None
            end = self.target(last) if last is not None and not last.added else None
            if end is not None and now == place.text and now[a:] == parts[0] and self.new_text(last) == last.text \
                    and last.text.startswith(parts[-1]):
                return target, a, end, len(parts[-1])
            words = parts[0]
        if now == place.text and now[a:a + len(words)] == words and (words or anchor.shown == ""):
            return target, a, target, a + len(words)
        if words:
            found = [i for i in range(len(now)) if now.startswith(words, i)]
            if found:
                best = min(found, key=lambda i: abs(i - a))
                return target, best, target, best + len(words)
        spans = [x.bookmark_span(target, name) for name in anchor.figures]
        if spans and all(spans):
            return target, min(s[0] for s in spans), target, max(s[1] for s in spans)
        return whole

    def same_machine_comment(self, p: etree._Element, text: str) -> str | None:
        """The paraId of the new build's own comment with `text` on paragraph `p`, if there is one."""
        ids = {e.get(x.W + "id") for e in p.iter(x.W + "commentRangeStart")}
        for c in self.d.comments._comments_elm.iter(x.W + "comment"):
            if c.get(x.W + "id") in ids and c.get(x.W + "author") == COMMENT_AUTHOR and _comment_text(c) == text:
                last = c.findall(x.W + "p")[-1]
                pid = last.get(x.W14 + "paraId") or self.new_para_id(f"machine{c.get(x.W + 'id')}")
                last.set(x.W14 + "paraId", pid)
                return pid
        return None

    def new_para_id(self, seed: str) -> str:
        n = 0
        pid = x.para_id(seed)
        while pid in self.para_ids:
            n += 1
            pid = x.para_id(f"{seed}#{n}")
        self.para_ids.add(pid)
        return pid

    def add_comment(self, first: etree._Element, a: int | None, last: etree._Element, b: int | None, author: str,
                    initials: str, date: dt.datetime | None, text: str, parent: str | None = None,
                    resolved: bool = False, copied: etree._Element | None = None) -> str:
        """A comment on `first`[a:] … `last`[:b]; returns the paraId its replies point to."""
        c = self.d.comments.add_comment(text=_xml_safe(text), author=author, initials=initials or None)
        elm = c._comment_elm
        if date is None:
            elm.attrib.pop(x.W + "date", None)
        else:
            elm.set(x.W + "date", x.xml_date(date))
        if copied is not None and _copyable(copied):
            for child in list(elm):
                elm.remove(child)
            for child in copied:
                elm.append(copy.deepcopy(child))
        paras = elm.findall(x.W + "p")
        if not paras:
            elm.append(x.w("p"))
            paras = elm.findall(x.W + "p")
        for i, cp in enumerate(paras):
            cp.attrib.pop(x.W14 + "textId", None)
            cp.set(x.W14 + "paraId", self.new_para_id(f"{c.comment_id}.{i}.{author}.{text}"))
        pid = paras[-1].get(x.W14 + "paraId")
        x.comment_range(first, a, last, b, c.comment_id)
        self.extended.append((pid, parent, resolved))
        return pid

    def top_comment(self) -> None:
        if not self.result.unplaced:
            return
        first = next((pl.p for pl in self.new if pl.text), None)
        if first is None:
            return
        lines = [str(message("part.carry.unplaced", n=len(self.result.unplaced)))]
        for u in self.result.unplaced:
            when = u.date.strftime("%Y-%m-%d %H:%M") if u.date else str(message("part.carry.no_date"))
            lines.append(f"• {u.author}, {when} — {_kind(u.kind)}: «{u.text}»")
            where = f"{message('part.carry.was_on')}: «{_cut(u.paragraph)}»"
            lines.append(f"   {where}" + (f" — {u.source}" if u.source else ""))
        self.add_comment(first, None, first, None, CARRY_AUTHOR, "RG", None, "\n".join(lines))

    def write_extended(self) -> None:
        """word/commentsExtended.xml: the reply links and resolved flags (added to the draft's own, if any)."""
        from docx.opc.packuri import PackURI
        from docx.opc.part import Part

        for rel in self.d.part.rels.values():
            if rel.reltype == x.COMMENTS_EXTENDED_RT and not rel.is_external:
                part = rel.target_part
                part._blob = x.comments_extended(self.extended, part.blob)
                return
        part = Part(PackURI("/word/commentsExtended.xml"), x.COMMENTS_EXTENDED_CT, x.comments_extended(self.extended),
                    self.d.part.package)
        self.d.part.relate_to(part, x.COMMENTS_EXTENDED_RT)


# ---- helpers -----------------------------------------------------------------------------------------------

def _root(c: ReviewComment, ids: dict[str, ReviewComment]) -> ReviewComment:
    seen = set()
    while c.parent and c.parent in ids and c.id not in seen:
        seen.add(c.id)
        c = ids[c.parent]
    return c


def _pair_moves(plans: list[tuple[Change, str | None]]) -> dict[int, str]:
    """A name for each move whose two halves can both be made again (else each half is a plain deletion or
    insertion): halves pair by author, date and text."""
    froms = [c for c, ok in plans if c.kind == "move_from" and ok is None]
    tos = [c for c, ok in plans if c.kind == "move_to" and ok is None]
    out = {}
    for n, f in enumerate(froms, start=1):
        t = next((t for t in tos if id(t) not in out and (t.author, t.date, t.text) == (f.author, f.date, f.text)), None)
        if t is not None:
            out[id(f)] = out[id(t)] = f"move{n}"
    return out


def _kind(kind: str) -> str:
    labels = {"comment": message("part.carry.kind.comment"), "reply": message("part.carry.kind.reply"),
              "insertion": message("part.carry.kind.insertion"), "deletion": message("part.carry.kind.deletion"),
              "move_from": message("part.carry.kind.move_from"), "move_to": message("part.carry.kind.move_to"),
              "formatting": message("part.carry.kind.formatting"),
              "paragraph": message("part.carry.kind.paragraph")}
    return str(labels.get(kind, kind))


def _cut(s: str) -> str:
    return s if len(s) <= _QUOTE else s[:_QUOTE] + "…"


def _xml_safe(s: str) -> str:
    return "".join(ch if ch in "\t\n\r" or ord(ch) >= 0x20 and ch not in "\ufffe\uffff" else "\ufffd" for ch in s)


def _comment_text(c: etree._Element) -> str:
    return "\n".join("".join(t.text or "" for t in p.iter(x.W + "t")) for p in c.iter(x.W + "p"))


def _copyable(c: etree._Element) -> bool:
    """A reviewed comment's XML can go as it is when it points at nothing of its own part (links, pictures)."""
    for e in c.iter():
        if not isinstance(e.tag, str):
            continue
        if any(k.startswith(f"{{{_R_NS}}}") for k in e.attrib):
            return False
    return c.find(x.W + "p") is not None
