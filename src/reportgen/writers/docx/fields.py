"""Word fields with their results filled in: PAGE, NUMPAGES, SEQ captions, PAGEREF, and the contents (TOC)."""

from __future__ import annotations

from ...model.document import Heading
from ._ooxml import el, qn, run, text

_TOC_BOOKMARK_IDS = 100000  # apart from the review bookmarks' ids
_FIGURE_BOOKMARK_IDS = 200000  # and from the contents' ids


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


def figure_bookmark(n: int) -> str:
    """The bookmark on the caption of the `n`th figure (1-based)."""
    return f"_Fig{n:06d}"


class Listing:
    """A listing field (the contents, the list of figures): a placeholder where it stands, filled once every entry
    is written, each a link to a bookmark on its heading or caption with its page, so that it reads right in
    LibreOffice, WPS and viewers, which show the results stored in the file (Word recomputes them)."""

    def __init__(self, style_id, instr: str, prefix: str, first_id: int):
        self.style_id = style_id  # style name → Word style id
        self.instr, self.prefix, self.first_id = instr, prefix, first_id
        self.anchor = None
        self.entries: list[tuple[str, int, str]] = []  # (text as listed, level, its bookmark)

    def placeholder(self):
        self.anchor = el("w:p")
        return self.anchor

    def mark(self, text: str, level: int, p_el) -> None:
        """Enter `text` at `level`, its bookmark around the paragraph `p_el`."""
        n = len(self.entries) + 1
        name = f"{self.prefix}{n:06d}"
        p_el.find(qn("w:pPr")).addnext(el("w:bookmarkStart", id=self.first_id + n, name=name))
        p_el.append(el("w:bookmarkEnd", id=self.first_id + n))
        self.entries.append((text, level, name))

    def fill(self, pages: list[int] | None = None) -> None:
        """The listing, each entry with its page from `pages` (one per entry, in order) when given."""
        if self.anchor is None:
            return
        if pages is not None and len(pages) != len(self.entries):
            pages = None  # laid out from another document: better no number than a wrong one
        paras = []
        for i, (words, level, bm) in enumerate(self.entries or [("", 1, "")]):
            p = el("w:p")
            ppr = el("w:pPr")
            ppr.append(el("w:pStyle", val=self.style_id(f"toc {level}")))
            p.append(ppr)
            if i == 0:
                field_start(p, self.instr, dirty=True)
            if bm:
                link = el("w:hyperlink", anchor=bm, history="1")
                link.append(run(words))
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


class Contents(Listing):
    """The TOC field: every Heading 1–3, linked to a `_Toc` bookmark on its heading."""

    def __init__(self, style_id):
        super().__init__(style_id, ' TOC \\o "1-3" \\h \\z \\u ', "_Toc", _TOC_BOOKMARK_IDS)

    def heading(self, h: Heading, p_el) -> None:
        self.mark(h.full_text, h.level, p_el)


class FigureList(Listing):
    """The list of figures: every chart's caption as printed, linked to a `_Fig` bookmark on it."""

    def __init__(self, style_id):
        super().__init__(style_id, ' TOC \\h \\z \\c "Figure" ', "_Fig", _FIGURE_BOOKMARK_IDS)

    def caption(self, text: str, p_el) -> None:
        self.mark(text, 2, p_el)
