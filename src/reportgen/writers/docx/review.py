"""Review marks: bookmarks named from block and figure ids, comments by "reportgen", and the sources of the
bookmarked blocks and figures for the provenance part (provenance.py, read back by `read_provenance`)."""

from __future__ import annotations

import datetime as dt
import re

from ...model.document import Remark, Source
from ._ooxml import el, qn
from .provenance import Provenance, bookmark_name, read_provenance

__all__ = ["COMMENT_AUTHOR", "Provenance", "ReviewMarks", "bookmark_name", "comment_text", "read_provenance"]

COMMENT_AUTHOR = "reportgen"

_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def comment_text(remark: Remark | str) -> str:
    return remark.text if isinstance(remark, Remark) else str(remark)


class ReviewMarks:
    """The bookmarks and comments of one document, and which blocks got a bookmark (for the provenance part)."""

    def __init__(self, document, when: dt.datetime, comments: bool = True):
        self.d = document  # python-docx Document
        self.when = when
        self.comments = comments  # False: no comments by "reportgen" (setting machine_comments)
        self.next_id = 0
        self.bookmarked: set[str] = set()  # the blocks' bookmark names: the provenance part lists these
        self.wrapped: dict = {}  # figure run → its bookmark's (start, end): comments go around, not inside

    def _pair(self, name: str):
        self.next_id += 1
        return el("w:bookmarkStart", id=self.next_id, name=name), el("w:bookmarkEnd", id=self.next_id)

    def block(self, first_p, last_p, id_: str, source: Source) -> str | None:
        """Bookmark paragraphs `first_p`..`last_p` as the block `id_`; None when the block has no source
        (nothing to trace back)."""
        if not (source.template or source.origin or source.key) or not id_:
            return None
        name = bookmark_name(id_)
        start, end = self._pair(name)
        ppr = first_p.find(qn("w:pPr"))
        if ppr is not None:
            ppr.addnext(start)
        else:
            first_p.insert(0, start)
        last_p.append(end)
        self.bookmarked.add(name)
        return name

    def around(self, first_r, last_r, id_: str) -> None:
        """Bookmark the runs `first_r`..`last_r` (a figure) as `id_`."""
        if not id_:
            return
        start, end = self._pair(bookmark_name(id_))
        first_r.addprevious(start)
        last_r.addnext(end)
        self.wrapped[first_r] = (start, self.wrapped.get(first_r, (None, end))[1])
        self.wrapped[last_r] = (self.wrapped.get(last_r, (start, None))[0], end)

    def comment(self, runs: list, remarks: list) -> None:
        """One comment by "reportgen" per remark, on `runs` (w:r of one paragraph) and a figure's bookmark
        whole, so that the bookmark holds the figure's text only."""
        if not runs or not remarks or not self.comments:
            return
        first, last = runs[0], runs[-1]
        before = self.wrapped.get(first, (first, None))[0]
        after = self.wrapped.get(last, (None, last))[1]
        for remark in remarks:
            c = self.d.comments.add_comment(text=_NOT_XML.sub("\ufffd", comment_text(remark)),
                                            author=COMMENT_AUTHOR, initials="RG")
            c._comment_elm.date = self.when
            before.addprevious(el("w:commentRangeStart", id=c.comment_id))
            after.addnext(last._new_comment_reference_run(c.comment_id))
            after.addnext(el("w:commentRangeEnd", id=c.comment_id))
