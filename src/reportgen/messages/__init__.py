"""Every message reportgen shows its users, Lao beside English, from one catalogue: catalogue.toml.

A message is asked for by its code and filled with values for its `{placeholders}`:

    issue("number.negative", where, what=text("part.whole_number"), value=-3)   # an Issue, for the check
    text("part.closest", names="ບໍ່ແກ້ວ")                                       # a Text (lo, en, fix_lo, fix_en)
    line("config.not_found", path)                                              # "path: lo / en\n    → fix"

A value is shown as it is in both languages, except a Text, whose Lao goes into the Lao and whose English
into the English. A code the catalogue lacks, or a value missing or left over, never stops a command: the
message is shown with the gap visible and a MessageWarning is raised, which the tests turn into an error.
"""

from __future__ import annotations

import string
import tomllib
import warnings
from dataclasses import dataclass
from functools import cache
from importlib import resources

from ..model.submission import CellRef, Issue, Severity

SEVERITIES = ("error", "warning", "note")
NO_FIX = "none"  # `fix = "none"`: a note that needs nothing done
PART = "part."  # pieces of messages and labels: Lao and English only
SHARED_FIX = "fix."  # "what to do" lines several messages share, named by their `fix`
_ARROW = "\n    → "


class MessageWarning(UserWarning):
    """A message asked for in a way its catalogue entry does not match: unknown code, value missing or extra."""


@dataclass(frozen=True)
class Text:
    """A message or a piece of one: Lao, English, and what to do in both (empty when there is nothing)."""

    lo: str
    en: str
    fix_lo: str = ""
    fix_en: str = ""

    def __str__(self) -> str:
        return f"{self.lo} / {self.en}"


@dataclass(frozen=True)
class Entry:
    """One catalogue entry as written."""

    code: str
    lo: str
    en: str
    severity: str = ""  # "error", "warning" or "note"; "" for parts and shared fixes
    fix_lo: str = ""
    fix_en: str = ""
    fix: str = ""  # a shared fix's code, "none", or "" when fix_lo and fix_en are written out
    en_only: tuple[str, ...] = ()  # values shown once, in the English: they read the same in both languages


def catalogue_text() -> str:
    return resources.files(__package__).joinpath("catalogue.toml").read_text(encoding="utf-8")


@cache
def catalogue() -> dict[str, Entry]:
    """Code → entry, for every entry of catalogue.toml (tables nest by the dots of their codes)."""
    out: dict[str, Entry] = {}

    def walk(table: dict, prefix: str) -> None:
        for key, value in table.items():
            if not isinstance(value, dict):
                continue
            code = f"{prefix}{key}"
            if "en" in value:
                out[code] = Entry(code, str(value.get("lo", "")), str(value["en"]), str(value.get("severity", "")),
                                  str(value.get("fix_lo", "")), str(value.get("fix_en", "")), str(value.get("fix", "")),
                                  tuple(value.get("en_only", ())))
            else:
                walk(value, code + ".")

    walk(tomllib.loads(catalogue_text()), "")
    return out


def placeholders(template: str) -> set[str]:
    """The names of the values a text asks for: "{n} {n:file|files} in {folder}" → {"n", "folder"}."""
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


class _Filler(string.Formatter):
    """Fills one language's text; `{n:file|files}` is the first word when n is 1, else the second."""

    def __init__(self, lang: str, values: dict[str, object], code: str):
        self.lang, self.values, self.code = lang, values, code
        self.used: set[str] = set()

    def get_value(self, key, args, kwargs):
        if key not in self.values:
            warnings.warn(f"message {self.code!r} needs a value for {{{key}}}", MessageWarning, stacklevel=5)
            return f"{{{key}}}"
        self.used.add(key)
        value = self.values[key]
        if isinstance(value, Text):
            return value.lo if self.lang == "lo" else value.en
        return value

    def format_field(self, value, format_spec):
        if "|" in format_spec:
            one, _, other = format_spec.partition("|")
            return one if value == 1 else other
        return format(value, format_spec)


def _entry(code: str) -> Entry:
    entry = catalogue().get(code)
    if entry is None:
        warnings.warn(f"no message {code!r} in the catalogue", MessageWarning, stacklevel=4)
        return Entry(code, code, code)
    return entry


def text(code: str, *, fix: str | None = None, **values: object) -> Text:
    """The message `code` filled with `values`; `fix` names a shared fix to show instead of its own."""
    entry = _entry(code)
    if fix is not None:
        fix_lo, fix_en = _entry(fix).lo, _entry(fix).en
    elif entry.fix == NO_FIX:
        fix_lo = fix_en = ""
    elif entry.fix:
        fix_lo, fix_en = _entry(entry.fix).lo, _entry(entry.fix).en
    else:
        fix_lo, fix_en = entry.fix_lo, entry.fix_en
    lo, en = _Filler("lo", values, code), _Filler("en", values, code)
    out = Text(lo.format(entry.lo), en.format(entry.en), lo.format(fix_lo), en.format(fix_en))
    unused = set(values) - lo.used - en.used
    if unused:
        warnings.warn(f"message {code!r} does not show {sorted(unused)}", MessageWarning, stacklevel=2)
    return out


def issue(code: str, where: CellRef, *, fix: str | None = None, figures: tuple[str, ...] = (),
          **values: object) -> Issue:
    """A problem with the inputs, as the check reports it; its severity is the catalogue's."""
    t = text(code, fix=fix, **values)
    severity = catalogue()[code].severity if code in catalogue() else "error"
    if severity not in ("error", "warning"):
        warnings.warn(f"message {code!r} is a {severity or 'piece'}, not a problem", MessageWarning, stacklevel=2)
    return Issue(Severity.WARNING if severity == "warning" else Severity.ERROR, where, t.lo, t.en, t.fix_lo, t.fix_en,
                 code, figures)


def line(code: str, where: object = None, *, fix: str | None = None, **values: object) -> str:
    """The message as the command line shows it: `where: lo / en`, then `    → fix_lo / fix_en` if any."""
    t = text(code, fix=fix, **values)
    out = f"{where}: {t}" if where not in (None, "") else str(t)
    if t.fix_lo or t.fix_en:
        out += f"{_ARROW}{t.fix_lo} / {t.fix_en}"
    return out
