"""English dates and numbers of the English companion: "13 February 2020", 1,234,567."""

from __future__ import annotations

import datetime as dt

MONTHS_EN = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
             "November", "December")
THOUSANDS = ","


def date_en(d: dt.date | None) -> str:
    if d is None:
        return ""
    return f"{d.day} {MONTHS_EN[d.month - 1]} {d.year}"


def has_lao(text: object) -> bool:
    """Whether `text` holds Lao letters (U+0E80–U+0EFF): such text is quoted as the Lao original."""
    return any("\u0e80" <= ch <= "\u0eff" for ch in str(text))
