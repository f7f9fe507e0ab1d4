"""Review marks: bookmarks named from block and figure ids, their sources as custom properties, comments."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import re
import zipfile
from pathlib import Path

from lxml import etree

from ...model.document import Remark, Source
from ._ooxml import el, qn

COMMENT_AUTHOR = "reportgen"
PROVENANCE_PREFIX = "reportgen:"  # custom property "reportgen:rg_b3f…" = the source of bookmark "rg_b3f…"
VALUE_LIMIT = 255  # characters Word keeps of a custom property's value: longer sources go on over name#2, name#3…

_CUSTOM = "{http://schemas.openxmlformats.org/officeDocument/2006/custom-properties}"
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def bookmark_name(id_: str) -> str:
    """Word's bookmark name for an id: a letter first, then letters, digits and _ only, at most 40 long."""
    name = "rg_" + re.sub(r"\W", "_", id_, flags=re.ASCII)
    return name if len(name) <= 40 else "rg_" + hashlib.sha1(id_.encode("utf-8")).hexdigest()[:20]


def provenance(source: Source) -> str:
    """A block's source as reviewers read it: template:line | every workbook place (else the data's key)."""
    parts = (f"{source.template}:{source.line}" if source.template else "", source.origin_text or source.key)
    return " | ".join(p for p in parts if p)


def comment_text(remark: Remark | str) -> str:
    return remark.text if isinstance(remark, Remark) else str(remark)


def split_value(value: str, limit: int = VALUE_LIMIT) -> list[str]:
    """`value` in pieces of at most `limit` characters, never cut next to a space (an application that trims
    property values then loses nothing)."""
    pieces, start = [], 0
    while len(value) - start > limit:
        end = start + limit
        while end > start + 1 and (value[end - 1].isspace() or value[end].isspace()):
            end -= 1
        if end == start + 1:
            end = start + limit
        pieces.append(value[start:end])
        start = end
    pieces.append(value[start:])
    return pieces


def property_items(marks: dict[str, str]) -> list[tuple[str, str]]:
    """(property name, value) for every bookmark's source, long ones over name, name#2, name#3…"""
    items = []
    for bookmark, value in sorted(marks.items()):
        for n, piece in enumerate(split_value(value), start=1):
            items.append((PROVENANCE_PREFIX + bookmark + (f"#{n}" if n > 1 else ""), piece))
    return items


def read_provenance(docx: bytes | Path) -> dict[str, str]:
    """Bookmark name → source, from a DOCX's custom properties (as written, or as Word or LibreOffice saved)."""
    with zipfile.ZipFile(io.BytesIO(docx) if isinstance(docx, bytes) else docx) as z:
        if "docProps/custom.xml" not in z.namelist():
            return {}
        root = etree.fromstring(z.read("docProps/custom.xml"))
    pieces: dict[str, dict[int, str]] = {}
    for p in root.iter(f"{_CUSTOM}property"):
        name = p.get("name") or ""
        if not name.startswith(PROVENANCE_PREFIX):
            continue
        base, _, n = name[len(PROVENANCE_PREFIX):].rpartition("#")
        if not (base and n.isdigit()):
            base, n = name[len(PROVENANCE_PREFIX):], "1"
        pieces.setdefault(base, {})[int(n)] = "".join(p.itertext())
    return {b: "".join(parts[n] for n in sorted(parts)) for b, parts in pieces.items()}


class ReviewMarks:
    """The bookmarks and comments of one document, and the sources to store with the bookmarks."""

    def __init__(self, document, when: dt.datetime):
        self.d = document  # python-docx Document
        self.when = when
        self.next_id = 0
        self.sources: dict[str, str] = {}  # bookmark name → provenance
        self.wrapped: dict = {}  # figure run → its bookmark's (start, end): comments go around, not inside

    def _pair(self, name: str):
        self.next_id += 1
        return el("w:bookmarkStart", id=self.next_id, name=name), el("w:bookmarkEnd", id=self.next_id)

    def block(self, first_p, last_p, id_: str, source: Source) -> str | None:
        """Bookmark paragraphs `first_p`..`last_p` as the block `id_` and keep its source; None when the block
        has no source (nothing to trace back)."""
        text = provenance(source)
        if not text or not id_:
            return None
        name = bookmark_name(id_)
        start, end = self._pair(name)
        ppr = first_p.find(qn("w:pPr"))
        if ppr is not None:
            ppr.addnext(start)
        else:
            first_p.insert(0, start)
        last_p.append(end)
        self.sources[name] = text
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
        if not runs or not remarks:
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

    def properties(self) -> list[tuple[str, str]]:
        return [(n, _NOT_XML.sub("\ufffd", v)) for n, v in property_items(self.sources)]
