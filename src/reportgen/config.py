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
class Settings:
    year: int | None = None  # None: taken from the workbooks
    inputs: Path = Path("inputs")
    output: Path = Path("build")
    templates: Path = Path("templates")  # narrative templates; missing files fall back to the built-in ones
    issuing_body: str = "ຄະນະກຳມະການຕ້ານການຄ້າມະນຸດລະດັບຊາດ"
    issuing_unit: str = "ກອງເລຂາ"
    document_number: str = "ເລກທີ ........../ຄຕມຊ"
    place: str = "ນະຄອນຫຼວງວຽງຈັນ"
    date: dt.date | None = None  # None: the day of the build
    signatory_title: str = "ປະທານຄະນະກຳມະການຕ້ານການຄ້າມະນຸດລະດັບຊາດ"
    signatory_name: str = ""
    docx_font: str = "Phetsarath OT"
    pdf_font: str = "Lao Report Sans"  # bundled (fonts/): Noto Sans Lao 2.001 + Noto Sans digits; extracts ຳ exactly
    font_size: float = 12
    margin_top: float = 2.2  # cm, both formats
    margin_bottom: float = 2.2
    margin_left: float = 2.5
    margin_right: float = 2.0
    pdf_variant: str = "pdf/a-3b"  # archival PDF/A-3b; "" for a plain PDF
    track_changes: bool = True  # the Word file opens with track changes on, so every reviewer edit is recorded
    thousands_separator: str = "."
    expected_districts: tuple[str, ...] = field(default_factory=tuple)
    base: Path = Path(".")  # the folder relative paths are resolved against

    def path(self, p: Path) -> Path:
        return p if p.is_absolute() else self.base / p

    @property
    def report_date(self) -> dt.date:
        """The date printed on the report and stamped in its properties: settings, SOURCE_DATE_EPOCH, today."""
        if self.date:
            return self.date
        epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
        if epoch.isdigit():
            return dt.datetime.fromtimestamp(int(epoch), dt.UTC).date()
        return dt.date.today()


_SECTIONS = {"report": None, "fonts": None, "paths": None, "layout": None}


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


def _coerce(flat: dict[str, object], path: Path) -> dict[str, object]:
    known = {f.name: f for f in fields(Settings)}
    out: dict[str, object] = {}
    for k, v in flat.items():
        if k not in known or k == "base":
            raise ConfigError.of("config.unknown_setting", path, name=k, known=", ".join(n for n in known if n != "base"))
        try:
            if k in ("inputs", "output", "templates"):
                out[k] = Path(str(v))
            elif k == "year":
                out[k] = int(v)  # type: ignore[arg-type]
            elif k == "date":
                out[k] = v if isinstance(v, dt.date) else dt.date.fromisoformat(str(v))
            elif k in ("font_size", "margin_top", "margin_bottom", "margin_left", "margin_right"):
                if isinstance(v, bool) or not isinstance(v, (int, float)) or not 0 < float(v) < 10:
                    raise ValueError("expected a number (cm or pt)")
                out[k] = float(v)
            elif k == "pdf_variant":
                if v not in ("", "pdf/a-1b", "pdf/a-2b", "pdf/a-3b", "pdf/a-2u", "pdf/a-3u", "pdf/ua-1"):
                    raise ValueError('expected "pdf/a-3b", another PDF/A or PDF/UA variant, or ""')
                out[k] = v
            elif k == "track_changes":
                if not isinstance(v, bool):
                    raise ValueError("expected true or false")
                out[k] = v
            elif k == "expected_districts":
                out[k] = tuple(str(x) for x in v)  # type: ignore[union-attr]
            else:
                if not isinstance(v, str):
                    raise ValueError("expected text")
                out[k] = v
        except (TypeError, ValueError) as exc:
            raise ConfigError.of("config.invalid_value", path, name=k, value=repr(v), reason=exc) from exc
    return out


def with_year(settings: Settings, year: int) -> Settings:
    return replace(settings, year=year)


DEFAULT_TOML = """\
# reportgen settings — ການຕັ້ງຄ່າ. Change the values, keep the names.
[report]
year = {year}
issuing_body = "ຄະນະກຳມະການຕ້ານການຄ້າມະນຸດລະດັບຊາດ"
issuing_unit = "ກອງເລຂາ"
document_number = "ເລກທີ ........../ຄຕມຊ"
place = "ນະຄອນຫຼວງວຽງຈັນ"
# date = {next_year}-02-13        # the date printed on the report; default: the day of the build
signatory_title = "ປະທານຄະນະກຳມະການຕ້ານການຄ້າມະນຸດລະດັບຊາດ"
signatory_name = ""
thousands_separator = "."
# expected_districts = ["0101", "0102"]   # district committees expected to submit (codes in the district list)

[paths]
inputs = "inputs"
output = "build"
templates = "templates"

[fonts]
docx_font = "Phetsarath OT"

[layout]
# margins in cm; track_changes: the Word file opens with track changes on
margin_top = 2.2
margin_bottom = 2.2
margin_left = 2.5
margin_right = 2.0
track_changes = true
pdf_variant = "pdf/a-3b"   # archival PDF; "" for a plain PDF
"""
