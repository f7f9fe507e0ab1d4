"""The glossary (glossary.toml): one Lao term and its English for each concept reports, forms and messages name."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources


@dataclass(frozen=True)
class Term:
    key: str
    lo: str
    en: str
    where: tuple[str, ...]
    avoid: tuple[str, ...] = ()  # other spellings of the concept that must not appear in what reportgen writes
    note: str = ""
    report_en: str = ""  # the English report's term, where it follows the US TIP report's vocabulary instead of `en`


@cache
def glossary() -> dict[str, Term]:
    """Every concept, by its key."""
    raw = tomllib.loads((resources.files(__package__) / "glossary.toml").read_text(encoding="utf-8"))
    return {k: Term(k, v["lo"], v["en"], tuple(v.get("where", ())), tuple(v.get("not", ())), v.get("note", ""),
                    v.get("report_en", "")) for k, v in raw.items()}


def term(key: str, language: str = "lo") -> str:
    """The term of concept `key` in `language` ("lo" or "en"); an unknown key raises KeyError."""
    t = glossary()[key]
    return t.en if language == "en" else t.lo


def _spans(text: str, word: str) -> list[tuple[int, int]]:
    out, i = [], text.find(word)
    while i >= 0:
        out.append((i, i + len(word)))
        i = text.find(word, i + 1)
    return out


def avoided_in(text: str) -> list[tuple[str, str]]:
    """(concept key, spelling) for every avoided spelling found in `text`, once each. An avoided spelling that
    overlaps a glossary term is the term's, not counted (ສະພາບລວມ holds ພາບລວມ; ມູນຄ່າຊັບສິນທີ່ຖືກຍຶດ (ກີບ)
    runs into ຊັບສິນທີ່ຖືກຍຶດ (ກີບ)) — unless the term is part of the avoided spelling itself (ສົ່ງໄອຍະການ holds the
    term ໄອຍະການ, and is still found)."""
    places = {t.lo: _spans(text, t.lo) for t in glossary().values()}
    found = []
    for t in glossary().values():
        for a in t.avoid:
            excused = [span for lo, spans in places.items() if lo not in a for span in spans]
            if any(not any(s < end and start < e for s, e in excused) for start, end in _spans(text, a)):
                found.append((t.key, a))
    return found
