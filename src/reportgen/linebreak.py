"""Lao line-break opportunities from ICU, marked with ZWSP — only for the HTML that goes to WeasyPrint.

Pango breaks Lao only at spaces, so long space-free runs overflow their boxes. ICU's dictionary finds
the word boundaries; a ZWSP is inserted only where both neighbours are Lao letters, never before
punctuation, digits or spaces. The DOCX never gets ZWSP: Word and LibreOffice break Lao themselves.
"""

from __future__ import annotations

from functools import lru_cache

from icu4py.breakers import LineBreaker

ZWSP = "\u200b"


def _is_lao(ch: str) -> bool:
    return "\u0e80" <= ch <= "\u0eff"


def has_lao(text: str) -> bool:
    return any(_is_lao(c) for c in text)


@lru_cache(maxsize=65536)
def mark_breaks(text: str) -> str:
    """`text` with U+200B at each ICU line-break opportunity between two Lao letters."""
    if not has_lao(text):
        return text
    out = []
    for segment in LineBreaker(text, "lo"):
        if out and _is_lao(out[-1][-1:] or " ") and _is_lao(segment[:1] or " "):
            out.append(ZWSP)
        out.append(segment)
    return "".join(out)
