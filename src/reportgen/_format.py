"""Lao dates and number formats used in the report text."""

from __future__ import annotations

import datetime as dt

MONTHS_LO = ("ມັງກອນ", "ກຸມພາ", "ມີນາ", "ເມສາ", "ພຶດສະພາ", "ມິຖຸນາ", "ກໍລະກົດ", "ສິງຫາ", "ກັນຍາ", "ຕຸລາ", "ພະຈິກ", "ທັນວາ")


def date_lo(d: dt.date | None) -> str:
    """"ວັນທີ 13 ກຸມພາ 2020" — the form used in Lao official documents (Latin digits, full month name)."""
    if d is None:
        return ""
    return f"ວັນທີ {d.day} {MONTHS_LO[d.month - 1]} {d.year}"


def fmt_int(n: int, sep: str = ".") -> str:
    """1234567 -> "1.234.567" with the configured thousands separator (never used for years)."""
    text = f"{abs(n):,}".replace(",", sep)
    return f"-{text}" if n < 0 else text
