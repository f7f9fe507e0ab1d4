"""Word fields with their results filled in: PAGE, NUMPAGES, SEQ captions, PAGEREF, and the contents (TOC)."""

from __future__ import annotations

from ...model.document import Heading
from ._ooxml import el, qn, run, text

_TOC_BOOKMARK_IDS = 100000  # apart from the review bookmarks' ids


def _in_run(p_el, child) -> None:
    r = el("w:r")
    r.append(child)
    p_el.append(r)


def field_start(p_el, instr: str, dirty: bool = False) -> None:
    """Begin a complex field; `dirty` asks Word to recompute it when the document opens."""
    begin = el("w:fldChar", fldCharType="begin")
    if dirty:
        begin.set(qn("w:dirty"), "true")
    _in_run(p_el, begin)
    _in_run(p_el, text("w:instrText", instr))
    _in_run(p_el, el("w:fldChar", fldCharType="separate"))


def field_end(p_el) -> None:
    _in_run(p_el, el("w:fldChar", fldCharType="end"))


def field(p_el, instr: str, result: str) -> None:
    """A complex field (PAGE, NUMPAGES, SEQ, PAGEREF) with the result shown before Word updates it."""
    field_start(p_el, instr)
    t = el("w:t")
    t.text = result
    _in_run(p_el, t)
    field_end(p_el)


class Contents:
    """The TOC field: a placeholder where the contents block stands, filled with every Heading 1–3 once all are
    written, each a link to a `_Toc` bookmark on its heading, so the contents reads right before Word updates it."""

    def __init__(self, style_id):
        self.style_id = style_id  # style name → Word style id
        self.anchor = None
        self.entries: list[tuple[Heading, str]] = []

    def placeholder(self):
        self.anchor = el("w:p")
        return self.anchor

    def heading(self, h: Heading, p_el) -> None:
        n = len(self.entries) + 1
        name = f"_Toc{n:06d}"
        p_el.find(qn("w:pPr")).addnext(el("w:bookmarkStart", id=_TOC_BOOKMARK_IDS + n, name=name))
        p_el.append(el("w:bookmarkEnd", id=_TOC_BOOKMARK_IDS + n))
        self.entries.append((h, name))

    def fill(self, pages: list[int] | None = None) -> None:
        """The contents, each entry with its page from `pages` (one per heading, in order) when given."""
        if self.anchor is None:
            return
        if pages is not None and len(pages) != len(self.entries):
            pages = None  # laid out from another document: better no number than a wrong one
        paras = []
        for i, (h, bm) in enumerate(self.entries or [(None, "")]):
            p = el("w:p")
            ppr = el("w:pPr")
            ppr.append(el("w:pStyle", val=self.style_id(f"toc {h.level if h else 1}")))
            p.append(ppr)
            if i == 0:
                field_start(p, ' TOC \\o "1-3" \\h \\z \\u ', dirty=True)
            if h is not None:
                link = el("w:hyperlink", anchor=bm, history="1")
                link.append(run(h.full_text))
                tab = el("w:r")
                tab.append(el("w:tab"))
                link.append(tab)
                field(link, f" PAGEREF {bm} \\h ", str(pages[i]) if pages else "")
                p.append(link)
            paras.append(p)
        field_end(paras[-1])
        for p in paras:
            self.anchor.addprevious(p)
        self.anchor.getparent().remove(self.anchor)
        self.anchor = None
