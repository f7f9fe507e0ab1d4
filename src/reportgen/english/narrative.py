"""What the English templates (templates/en/) have besides the filters every template has (narrative/environment):
English dates, places by their English names (shared/data), the terms of terms.toml as `en`, and committees'
own words quoted as the Lao original (`<lo>…</lo>`: a run in Lao that the writers set in the Lao font and mark
lang="lo"). Figures are the same typed figures as in the Lao report, printed with "," between thousands.
"""

from __future__ import annotations

import dataclasses

import jinja2
from markupsafe import Markup, escape

from ..config import Settings
from ..contract import schema
from ..contract.reference import PROVINCES_BY_CODE, find_province
from ..contract.roster import CommitteeId
from .format import THOUSANDS, date_en, has_lao
from .terms import TERMS


def english_settings(settings: Settings) -> Settings:
    """The settings the English report renders with: the same, but English thousands (1,234)."""
    return dataclasses.replace(settings, thousands_separator=THOUSANDS)


def quote(value) -> Markup:
    """Text a committee typed: in Lao it is quoted as the Lao original (a run marked lang="lo"); text with no Lao
    letters (a partner's English name, a number) is printed as it is. A new line typed in the cell stays one."""
    if value is None:
        return Markup("")
    body = Markup(str(escape(value)).replace("\n", "<br/>"))
    return Markup("<lo>%s</lo>") % body if has_lao(value) else body


def place_en(thing) -> str:
    """The English name of a committee's place, a province row, a missing committee, or a Lao place name typed
    in the settings ("ນະຄອນຫຼວງວຽງຈັນ" → "Vientiane Capital"); "" when there is none."""
    if thing is None:
        return ""
    if isinstance(thing, CommitteeId):
        return thing.name.en if thing.level != "national" else "National committee"
    names = getattr(thing, "names", None)
    if names is not None:  # a committee of the report
        return "National committee" if str(thing.level) == "national" else names.en
    if hasattr(thing, "en"):  # a province or district row
        return thing.en
    code = find_province(str(thing))
    return PROVINCES_BY_CODE[code].en if code else str(thing)


def provinces_en(group) -> list[str]:
    """The English names of the provinces of a group's committees, in the reference list's order."""
    codes = {c.province for c in group.committees if c.province}
    return [p.en for p in PROVINCES_BY_CODE.values() if p.code in codes]


class _English:
    def __init__(self, sep: str):
        self.sep = sep

    def details(self, entry, sheet: str, keys) -> Markup:
        """The other fields of a list item with their English labels: ", place: “…” (Lao), quantity 3"."""
        parts: list[Markup] = []
        for key in keys:
            column = schema.SHEETS_BY_KEY[sheet].column(key)
            value = entry.get(key)
            if value is None or value == "":
                continue
            label = TERMS.column(sheet, key).lower()
            if column.kind is schema.Kind.CHOICE and column.choices == "yesno":
                if value == "yes":
                    parts.append(escape(label))
            elif column.kind is schema.Kind.CHOICE and column.choices:
                parts.append(escape(f"{label}: {TERMS.option(column.choices, value).lower()}"))
            elif column.kind in (schema.Kind.COUNT, schema.Kind.MONEY):
                parts.append(escape(f"{label} {int(value):,}".replace(",", self.sep)))
            elif column.kind is schema.Kind.DATE:
                parts.append(escape(f"{label}: {date_en(value)}"))
            else:
                parts.append(escape(f"{label}: ") + quote(value))
        return Markup("").join(Markup(", ") + p for p in parts)

    def who(self, group, sheet: str = "", keys=()) -> Markup:
        """Who reported a group of items, in English: "(Bokeo: 3 “ຄັ້ງ”; Salavan), place: …"."""
        keys = list(keys)
        common = [k for k in keys if len(group.entries) > 1 and group.common(k) not in (None, "")]
        own = [k for k in keys if k not in common]
        parts = []
        for e in group.entries:
            out = Markup("<name>%s</name>") % place_en(e.committee)
            quantity, unit = e.get("quantity"), e.get("unit")
            if quantity is not None:
                out += escape(": " + f"{int(quantity):,}".replace(",", self.sep))
                out += (Markup(" ") + quote(unit)) if unit else Markup("")
            elif unit:
                out += Markup(": ") + quote(unit)
            if sheet and own:
                out += self.details(e, sheet, own)
            parts.append(out)
        out = Markup("(") + Markup("; ").join(parts) + Markup(")")
        if sheet and common:
            out += self.details(group.entries[0], sheet, common)
        return out

    def common(self, group, sheet: str, keys=()) -> Markup:
        common = [k for k in keys if group.common(k) not in (None, "")]
        return self.details(group.entries[0], sheet, common) if common else Markup("")


def extend(env: jinja2.Environment, settings: Settings) -> None:
    """Add the English templates' names to `env` (made by narrative.environment.make_environment)."""
    e = _English(settings.thousands_separator)
    env.globals["en"] = TERMS
    env.globals["who_en"] = e.who
    env.globals["common_en"] = e.common
    env.globals["details_en"] = e.details
    env.globals["provinces_en"] = provinces_en
    env.filters["date_en"] = date_en
    env.filters["lao"] = quote
    env.filters["place_en"] = place_en
    env.filters["option_en"] = lambda k, lst: TERMS.option(lst, k)
    env.filters["area_en"] = lambda k: TERMS.option("area", k)
