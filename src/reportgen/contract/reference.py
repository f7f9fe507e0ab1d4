"""Reference lists of Lao provinces and districts, and forgiving look-up of their Lao names."""

from __future__ import annotations

import csv
import difflib
from dataclasses import dataclass
from importlib import resources

from .schema import Option


@dataclass(frozen=True)
class Province:
    code: str  # ISO 3166-2:LA, e.g. "LA-VT"
    number: str  # Lao Statistics Bureau order, "01".."18"
    lo: str
    en: str
    district_count: int


@dataclass(frozen=True)
class District:
    code: str  # "0101"
    province: str  # ISO code of its province
    lo: str
    en: str
    variants: tuple[str, ...]


# Old and new spellings that both occur in real documents; compared in their modern form.
_SPELLINGS = (("ຫລ", "ຫຼ"), ("ຫນ", "ໜ"), ("ຫມ", "ໝ"), ("\u0ecd\u0eb2", "\u0eb3"))
_PREFIXES = ("ນະຄອນຫຼວງ", "ແຂວງ", "ເມືອງ", "ມ.", "ຂ.")


def normalise_lao(text: str) -> str:
    """Fold old/new Lao spellings and spacing so that names typed either way compare equal.

    Never NFKC: that would decompose ຳ (see docs/lao-typesetting). Only for comparing, never for output.
    """
    t = "".join(str(text).split())
    for old, new in _SPELLINGS:
        t = t.replace(old, new)
    return t.casefold()


def _strip_prefix(t: str) -> str:
    for p in _PREFIXES:
        if t.startswith(p) and len(t) > len(p) and t != "ນະຄອນຫຼວງວຽງຈັນ":
            return t[len(p):]
    return t


def _load() -> tuple[tuple[Province, ...], tuple[District, ...]]:
    data = resources.files("reportgen") / "data"
    with (data / "lao_provinces.csv").open(encoding="utf-8") as f:
        provinces = tuple(
            Province(r["iso_3166_2"], r["province_code"], r["province_lo"], r["province_en_hdx"],
                     int(r["district_count"]))
            for r in csv.DictReader(f)
        )
    with (data / "lao_districts.csv").open(encoding="utf-8") as f:
        districts = tuple(
            District(r["district_code"], r["iso_3166_2"], r["district_lo"], r["district_en"],
                     tuple(v for v in r["district_lo_variants"].split("|") if v))
            for r in csv.DictReader(f)
        )
    return provinces, districts


PROVINCES, DISTRICTS = _load()
PROVINCES_BY_CODE = {p.code: p for p in PROVINCES}
DISTRICTS_BY_CODE = {d.code: d for d in DISTRICTS}
PROVINCE_OPTIONS = tuple(Option(p.code, p.lo, p.en) for p in PROVINCES)

_PROVINCE_INDEX: dict[str, str] = {}
for _p in PROVINCES:
    for _name in (_p.lo, _p.en, _p.code):
        _PROVINCE_INDEX[normalise_lao(_name)] = _p.code
        _PROVINCE_INDEX[_strip_prefix(normalise_lao(_name))] = _p.code
# "ວຽງຈັນ" alone is Vientiane province (LA-VI); the capital is always named with ນະຄອນຫຼວງ.
_PROVINCE_INDEX[normalise_lao("ວຽງຈັນ")] = "LA-VI"
_PROVINCE_INDEX[normalise_lao("ແຂວງວຽງຈັນ")] = "LA-VI"


def find_province(name: str) -> str | None:
    """ISO code of the province named `name` (Lao, old or new spelling, English or code), or None."""
    n = normalise_lao(name)
    return _PROVINCE_INDEX.get(n) or _PROVINCE_INDEX.get(_strip_prefix(n))


def find_district(province: str | None, name: str) -> str | None:
    """District code for `name` inside `province` (any province when None), or None."""
    n = _strip_prefix(normalise_lao(name))
    for d in DISTRICTS:
        if province and d.province != province:
            continue
        if n in {normalise_lao(x) for x in (d.lo, d.en, d.code, *d.variants)}:
            return d.code
    return None


def districts_named(name: str) -> list[District]:
    """Every district called `name`, in any province (a few names occur in two provinces)."""
    n = _strip_prefix(normalise_lao(name))
    return [d for d in DISTRICTS if n in {normalise_lao(x) for x in (d.lo, d.en, d.code, *d.variants)}]


def province_title(p: Province) -> str:
    """The province as a Lao sentence names it: ແຂວງສະຫວັນນະເຂດ, but ນະຄອນຫຼວງວຽງຈັນ (the capital is no ແຂວງ)."""
    return p.lo if p.lo.startswith("ນະຄອນຫຼວງ") else f"ແຂວງ{p.lo}"


def closest_provinces(name: str, n: int = 3) -> list[str]:
    names = {normalise_lao(p.lo): p.lo for p in PROVINCES}
    return [names[m] for m in difflib.get_close_matches(normalise_lao(name), names, n=n, cutoff=0.3)]


def closest_districts(province: str | None, name: str, n: int = 3) -> list[str]:
    names = {normalise_lao(d.lo): d.lo for d in DISTRICTS if not province or d.province == province}
    return [names[m] for m in difflib.get_close_matches(normalise_lao(name), names, n=n, cutoff=0.3)]


def districts_of(province: str) -> list[District]:
    return [d for d in DISTRICTS if d.province == province]
