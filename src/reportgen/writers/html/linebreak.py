"""Lao line-break opportunities from ICU, marked with ZWSP — only for the HTML that goes to WeasyPrint.

Pango breaks Lao only at spaces, so long space-free runs overflow their boxes. ICU's dictionary finds
the word boundaries; a ZWSP is inserted only where both neighbours are Lao letters, never before
punctuation, digits or spaces. The DOCX never gets ZWSP: Word and LibreOffice break Lao themselves.
"""

from __future__ import annotations

import re
from functools import lru_cache

from icu4py.breakers import LineBreaker

ZWSP = "\u200b"
ZWNJ = "\u200c"
_TONE_AM = re.compile("([\u0ec8-\u0ecb])(\u0eb3)")


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


def keep_tone_am_apart(text: str) -> str:
    """Put a ZWNJ between a tone mark and ຳ (for the PDF only).

    Otherwise HarfBuzz merges consonant, tone and ຳ into one cluster and the PDF's text layer cannot
    say which glyph is which (ຫຼວງນ້ຳທາ came out as ຫຼວງນ້ຳທ້ຳ). The bundled font draws the pair exactly as
    before (scripts/make_font.py); the ZWNJ itself is not drawn and is not in the text layer.
    """
    return _TONE_AM.sub("\\1" + ZWNJ + "\\2", text) if "\u0eb3" in text else text


def for_pdf(text: str, breakable: bool = True) -> str:
    """Text as it goes into the HTML for WeasyPrint: ICU break marks (unless a name) and tone/ຳ joiners."""
    return keep_tone_am_apart(mark_breaks(text) if breakable else text)
