"""Settings: defaults defined once here, overridden by `reportgen.toml` and then by command-line options."""

from __future__ import annotations

import datetime as dt
import os
import re
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass, field, fields, replace
from pathlib import Path

from .errors import ConfigError

CONFIG_NAME = "reportgen.toml"


@dataclass(frozen=True)
class PageSetup:
    """The page of both formats: A4 portrait; margins and header/footer distances in cm, text size in pt."""

    margin_top: float
    margin_bottom: float
    margin_left: float
    margin_right: float
    header_distance: float
    footer_distance: float
    font_size: float  # body text in Word; headings, tables and notes are set relative to it
    width: float = 21.0
    height: float = 29.7

    @property
    def text_width(self) -> float:
        return self.width - self.margin_left - self.margin_right

    @property
    def pdf_font_size(self) -> float:
        """The PDF's body text: Word's size, as both are set in Phetsarath (the PDF in Lao Report Phetsarath,
        its looped Lao letters drawn from the same outlines as Phetsarath OT's)."""
        return self.font_size


@dataclass(frozen=True)
class Settings:
    year: int | None = None  # None: taken from the workbooks
    inputs: Path = Path("inputs")
    output: Path = Path("build")
    templates: Path = Path("templates")  # narrative templates; missing files fall back to the built-in ones
    secretariat_text: Path = Path("secretariat.txt")  # the secretariat's own sentences (optional; readers/secretariat.py)
    issuing_body: str = "ຄະນະກຳມະການຕ້ານການຄ້າມະນຸດລະດັບຊາດ"
    issuing_unit: str = "ກອງເລຂາ"
    document_number: str = "ເລກທີ ........../ຄຕມຊ"
    place: str = "ນະຄອນຫຼວງວຽງຈັນ"
    date: dt.date | None = None  # None: the day of the build
    signatory_title: str = "ປະທານຄະນະກຳມະການຕ້ານການຄ້າມະນຸດລະດັບຊາດ"
    signatory_name: str = ""
    docx_font: str = "Phetsarath OT"
    docx_latin_font: str = "Arial"  # the English companion's Word file: its Latin text (Lao quotes keep docx_font)
    pdf_font: str = "Lao Report Phetsarath"  # bundled (fonts/): Phetsarath + Noto Sans digits; exact text layer
    font_size: float = 12  # pt, body text; both formats (see PageSetup.pdf_font_size)
    margin_top: float = 2.2  # cm, both formats
    margin_bottom: float = 2.2
    margin_left: float = 2.5
    margin_right: float = 2.0
    header_distance: float = 1.0  # cm from the top edge to the running header, both formats
    footer_distance: float = 1.0  # cm from the bottom edge to the page number, both formats
    pdf_variant: str = "pdf/a-3a"  # archival PDF/A-3, level A: tagged (headings, lists, tables), /Lang lo; "" plain
    track_changes: bool = True  # the Word file opens with track changes on, so every reviewer edit is recorded
    machine_comments: bool = True  # Word comments by "reportgen": who left a table's or sentence's figures empty
    thousands_separator: str = "."
    expected_districts: tuple[str, ...] = field(default_factory=tuple)
    previous: Path | bool | None = None  # last year's data.json; None: build/<year-1>/data.json if there; False: none
    jump_ratio: float = 5  # check: a committee's cell this many times last year's, or this fraction of it…
    jump_from_zero: int = 50  # …and above this (so 0 → 51 too) is questioned
    provinces: tuple[str, ...] = field(default_factory=tuple)  # province reports to write too: ISO codes, or ("all",)
    languages: tuple[str, ...] = ("lo",)  # the reports to write: "lo" (report.docx), "en" (report.en.docx, English)
    # The population SDG 16.2.2 divides by (exports/): persons, by sex and age (18+ / under 18); 0: not given
    population_women: int = 0
    population_men: int = 0
    population_girls: int = 0
    population_boys: int = 0
    population_source: str = ""  # where the population figures come from, printed beside the rates
    base: Path = Path(".")  # the folder relative paths are resolved against

    def path(self, p: Path) -> Path:
        return p if p.is_absolute() else self.base / p

    @property
    def page(self) -> PageSetup:
        """The page both writers lay out: the one place margins and text size go from settings to formats."""
        return PageSetup(self.margin_top, self.margin_bottom, self.margin_left, self.margin_right,
                         self.header_distance, self.footer_distance, self.font_size)

    @property
    def report_date(self) -> dt.date:
        """The date printed on the report and stamped in its properties: settings, SOURCE_DATE_EPOCH, today."""
        if self.date:
            return self.date
        epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
        if epoch.isdigit():
            return dt.datetime.fromtimestamp(int(epoch), dt.UTC).date()
        return dt.date.today()


_SECTIONS = {"report": None, "fonts": None, "paths": None, "layout": None, "check": None, "exports": None}


def load_settings(config: Path | None = None, cwd: Path | None = None, **overrides) -> Settings:
    """Settings from `config` (or ./reportgen.toml when present), then `overrides` that are not None."""
    cwd = cwd or Path.cwd()
    path = config if config is not None else cwd / CONFIG_NAME
    values: dict[str, object] = {}
    if path.exists():
        try:
            with path.open("rb") as f:
                raw = tomllib.load(f)
        except tomllib.TOMLDecodeError as exc:
            raise ConfigError.of("config.invalid_toml", path, error=exc) from exc
        except OSError as exc:
            raise ConfigError.of("config.unreadable", path, reason=exc.strerror) from exc
        values = _coerce(_flat(raw), path)
        values["base"] = path.parent
    elif config is not None:
        raise ConfigError.of("config.not_found", path)
    else:
        values["base"] = cwd
    values.update({k: v for k, v in overrides.items() if v is not None})
    return Settings(**values)  # type: ignore[arg-type]


def _flat(raw: dict[str, object]) -> dict[str, object]:
    flat: dict[str, object] = {}
    for k, v in raw.items():
        if isinstance(v, dict) and k in _SECTIONS:
            flat.update(v)
        else:
            flat[k] = v
    return flat


def districts_line(codes: Sequence[str]) -> str:
    """The TOML for `expected_districts`: one line for a few codes, ten codes a line for many."""
    quoted = [f'"{c}"' for c in codes]
    if len(quoted) <= 10:
        return f"expected_districts = [{', '.join(quoted)}]"
    rows = ("    " + ", ".join(quoted[i:i + 10]) + "," for i in range(0, len(quoted), 10))
    return "expected_districts = [\n" + "\n".join(rows) + "\n]"


_SETTING = re.compile(r"[ \t]*expected_districts[ \t]*=")
_EXAMPLE = re.compile(r"[ \t]*#[ \t]*expected_districts[ \t]*=")
_REPORT_TABLE = re.compile(r"[ \t]*\[[ \t]*report[ \t]*\][ \t]*(#.*)?$")


def with_expected_districts(text: str, codes: Sequence[str]) -> str | None:
    """The settings file `text` with `expected_districts = [codes]`, every other line exactly as it was.

    The setting replaces an existing one, or goes below its commented example, or at the top of [report], or
    at the top of the file. None when the result would not read back as the same settings with only this one
    changed (a layout this does not foresee): the user is then told the line to add.
    """
    try:
        before = _flat(tomllib.loads(text))
    except tomllib.TOMLDecodeError:
        return None
    nl = "\r\n" if "\r\n" in text else "\n"
    lines = [ln for ln in re.split(r"(?<=\n)", text) if ln]  # TOML ends lines with \n (or \r\n) only
    if lines and not lines[-1].endswith("\n"):
        lines[-1] += nl
    new = [ln + nl for ln in districts_line(codes).split("\n")]
    at = next((i for i, ln in enumerate(lines) if _SETTING.match(ln)), None)
    if at is not None:
        end, depth = at, 0
        for end in range(at, len(lines)):  # to the line that closes the array (codes hold no brackets or #)
            depth += lines[end].split("#")[0].count("[") - lines[end].split("#")[0].count("]")
            if depth <= 0:
                break
        lines[at:end + 1] = new
    else:
        below = next((i + 1 for i, ln in enumerate(lines) if _EXAMPLE.match(ln)), None)
        if below is None:
            below = next((i + 1 for i, ln in enumerate(lines) if _REPORT_TABLE.match(ln.rstrip("\r\n"))), 0)
        lines[below:below] = new
    result = "".join(lines)
    try:
        after = _flat(tomllib.loads(result))
    except tomllib.TOMLDecodeError:
        return None
    return result if after == {**before, "expected_districts": list(codes)} else None


_CM = (0.0, 10.0, "cm")
_RANGES = {"font_size": (6.0, 30.0, "pt"), "margin_top": _CM, "margin_bottom": _CM, "margin_left": _CM,
           "margin_right": _CM, "header_distance": _CM, "footer_distance": _CM}


def _coerce(flat: dict[str, object], path: Path) -> dict[str, object]:
    known = {f.name: f for f in fields(Settings)}
    out: dict[str, object] = {}
    for k, v in flat.items():
        if k not in known or k == "base":
            raise ConfigError.of("config.unknown_setting", path, name=k, known=", ".join(n for n in known if n != "base"))
        try:
            if k in ("inputs", "output", "templates", "secretariat_text"):
                out[k] = Path(str(v))
            elif k == "year":
                out[k] = int(v)  # type: ignore[arg-type]
            elif k == "date":
                out[k] = v if isinstance(v, dt.date) else dt.date.fromisoformat(str(v))
            elif k in _RANGES:
                low, high, unit = _RANGES[k]
                if isinstance(v, bool) or not isinstance(v, (int, float)) or not low <= float(v) <= high:
                    raise ValueError(f"expected a number from {low:g} to {high:g} {unit}")
                out[k] = float(v)
            elif k == "pdf_variant":
                if v not in ("", "pdf/a-1b", "pdf/a-2b", "pdf/a-3b", "pdf/a-2u", "pdf/a-3u", "pdf/a-2a", "pdf/a-3a",
                             "pdf/ua-1"):
                    raise ValueError('expected "pdf/a-3a", another PDF/A or PDF/UA variant, or ""')
                out[k] = v
            elif k in ("track_changes", "machine_comments"):
                if not isinstance(v, bool):
                    raise ValueError("expected true or false")
                out[k] = v
            elif k == "previous":
                if v is True or not isinstance(v, str | bool) or v == "":
                    raise ValueError('expected the path of last year\'s data.json, or false')
                out[k] = Path(v) if isinstance(v, str) else False
            elif k == "jump_ratio":
                if isinstance(v, bool) or not isinstance(v, int | float) or not 1 < v <= 1000:
                    raise ValueError("expected a number greater than 1, such as 5")
                out[k] = v
            elif k == "jump_from_zero":
                if isinstance(v, bool) or not isinstance(v, int) or v < 0:
                    raise ValueError("expected a whole number ≥ 0, such as 50")
                out[k] = v
            elif k == "languages":
                out[k] = parse_languages(v)
            elif k.startswith("population_") and k != "population_source":
                if isinstance(v, bool) or not isinstance(v, int) or v < 0:
                    raise ValueError("expected a whole number of persons ≥ 0, such as 3650000")
                out[k] = v
            elif k == "expected_districts":
                out[k] = tuple(str(x) for x in v)  # type: ignore[union-attr]
            elif k == "provinces":
                if not isinstance(v, str | list):
                    raise ValueError('expected "all" or a list of province codes such as ["LA-XA", "LA-VT"]')
                try:
                    out[k] = parse_provinces(v)
                except UnknownProvinces as exc:
                    raise ConfigError.of("provinces.unknown", path, **exc.message_values()) from exc
            else:
                if not isinstance(v, str):
                    raise ValueError("expected text")
                out[k] = v
        except (TypeError, ValueError) as exc:
            raise ConfigError.of("config.invalid_value", path, name=k, value=repr(v), reason=exc) from exc
    return out


ALL_PROVINCES = ("all",)
LANGUAGES = ("lo", "en")  # the reports there are templates for: Lao, and the English companion


def parse_languages(value: object) -> tuple[str, ...]:
    """The reports' languages asked for: "lo", "en", "lo,en" or a list of them → in LANGUAGES' order, at least one.
    Raises ValueError naming the ones there are."""
    items = value.split(",") if isinstance(value, str) else list(value) if isinstance(value, list | tuple) else None
    if items is None:
        raise ValueError('expected "lo", "en" or "lo,en"')
    asked = [str(x).strip().lower() for x in items if str(x).strip()]
    unknown = [a for a in asked if a not in LANGUAGES]
    if unknown or not asked:
        raise ValueError(f"unknown language {', '.join(unknown) or '(none)'}: expected lo, en or lo,en")
    return tuple(lang for lang in LANGUAGES if lang in asked)


def parse_provinces(value: object) -> tuple[str, ...]:
    """The province reports asked for: "all", "none" (or nothing), or ISO codes ("LA-XA,LA-VT", or a list of
    them, any case) → ("all",), (), or the codes in the reference list's order. Raises UnknownProvinces."""
    from .contract.reference import PROVINCES

    items = value.split(",") if isinstance(value, str) else list(value)  # type: ignore[call-overload]
    codes = [str(x).strip().upper() for x in items if str(x).strip()]
    if codes in ([], ["NONE"]):
        return ()
    if codes == ["ALL"]:
        return ALL_PROVINCES
    known = {p.code for p in PROVINCES}
    unknown = [c for c in codes if c not in known]
    if unknown:
        raise UnknownProvinces(unknown)
    return tuple(p.code for p in PROVINCES if p.code in codes)


class UnknownProvinces(ValueError):
    """Province codes that are not in the reference list (`codes`), for the message that lists the valid ones."""

    def __init__(self, codes: list[str]):
        super().__init__(", ".join(codes))
        self.codes = codes

    def message_values(self) -> dict[str, object]:
        from .contract.reference import PROVINCES
        from .messages import Text

        return {"codes": ", ".join(self.codes),
                "valid": Text(", ".join(f"{p.code} {p.lo}" for p in PROVINCES),
                              ", ".join(f"{p.code} {p.en}" for p in PROVINCES))}


def with_year(settings: Settings, year: int) -> Settings:
    return replace(settings, year=year)


#: The settings file `init` writes, table by table: each setting with its comment. Its values are Settings'
#: defaults (default_toml), so that the file and the program never disagree; settings without a value by
#: default are written as commented examples.
_FILE = (
    ("report", (
        ("year", ""),
        ("issuing_body", ""),
        ("issuing_unit", ""),
        ("document_number", ""),
        ("place", ""),
        ("date", "the date printed on the report; default: the day of the build"),
        ("signatory_title", ""),
        ("signatory_name", ""),
        ("thousands_separator", ""),
        ("expected_districts", "district committees expected to submit (codes in the district list)"),
        ("provinces", "also write each province's report (build/<year>/provinces/): \"all\", or codes such as [\"LA-XA\"]"),
        ("languages", "the reports to write: [\"lo\"] the Lao report; [\"lo\", \"en\"] also its English companion "
                      "(report.en.docx, .pdf) and the international tables (exports/)"),
    )),
    ("paths", (("inputs", ""), ("output", ""), ("templates", ""),
               ("secretariat_text", "the secretariat's own sentences for the report (optional; see the README)"),
               ("previous", "last year's data.json, to compare with (this one by default, when it is there); "
                            "false: none"))),
    ("fonts", (("docx_font", ""), ("docx_latin_font", "the English companion's Latin text in Word"))),
    ("layout", (
        ("font_size", "pt, body text of both formats (the PDF's font is set half a point smaller)"),
        ("margin_top", "cm, both formats"),
        ("margin_bottom", ""),
        ("margin_left", ""),
        ("margin_right", ""),
        ("header_distance", "cm from the page edge to the running header and to the page number"),
        ("footer_distance", ""),
        ("track_changes", "the Word file opens with track changes on"),
        ("machine_comments", "Word comments on incomplete or warned figures (the * and ! marks stay)"),
        ("pdf_variant", 'archival PDF; "" for a plain PDF'),
    )),
    ("exports", (
        ("population_women", "population for SDG 16.2.2 (exports/): women 18+, persons; 0: not given"),
        ("population_men", "men 18+"),
        ("population_girls", "girls under 18"),
        ("population_boys", "boys under 18"),
        ("population_source", "where the population figures come from (e.g. the Lao Statistics Bureau's projection)"),
    )),
    ("check", (
        ("jump_ratio", "a committee's figure this many times last year's (or this fraction of it) is questioned…"),
        ("jump_from_zero", "…when the larger of the two is above this: 0 → 51 is questioned, 1 → 5 is not"),
    )),
)


def _toml_value(v: object) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, int | float):
        return repr(v)
    if isinstance(v, tuple | list):
        return "[" + ", ".join(_toml_value(x) for x in v) + "]"
    text = str(v)
    escaped = text.replace("\\", "\\\\").replace('"', '\\"')
    escaped = "".join(f"\\u{ord(c):04x}" if (c < " " and c != "\t") or c == "\x7f" else c for c in escaped)
    return f'"{escaped}"'


def default_toml(year: int) -> str:
    """The settings file `init` writes for `year`: every setting of _FILE at its default value."""
    defaults = Settings()
    examples = {"date": f"{year + 1}-02-13", "expected_districts": '["0101", "0102"]',
                "previous": f'"build/{year - 1}/data.json"', "provinces": '"all"'}
    lines = ["# reportgen settings — ການຕັ້ງຄ່າ. Change the values, keep the names."]
    for table, settings in _FILE:
        lines += ["", f"[{table}]"] if lines[1:] else [f"[{table}]"]
        for name, comment in settings:
            value = year if name == "year" else getattr(defaults, name)
            note = f"   # {comment}" if comment else ""
            if value is None or value == ():
                lines.append(f"# {name} = {examples[name]}{note}")
            else:
                lines.append(f"{name} = {_toml_value(value)}{note}")
    return "\n".join(lines) + "\n"
