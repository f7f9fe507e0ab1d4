"""Last year's figures, from the data.json its build wrote: how each figure changed, and implausible jumps.

`PreviousYear` says where last year's data.json is (the setting `previous`, else build/<year-1>/data.json)
and what counts as a jump (`jump_ratio`, `jump_from_zero`); `PreviousYear.load` reads and validates it into
a `History`. A data.json is a file people move, copy and open in editors, so it is checked as any input is:
a wrong year, another schema version, damaged JSON or a missing key is a located message, never a silent
comparison with the wrong figures. What happens then depends on who chose the file:

- named in the settings (`previous = "…"`): the build stops (a settings problem, exit 3). The user asked for
  the comparison; a report without it, or with another year's figures, must not go out unnoticed.
- found at build/<year-1>/data.json by default: a warning, and the report is built without comparing. Nobody
  asked for that file; an old build folder (say, from an older reportgen) must not stop this year's report.

`jumps` is the check's rule: a cell a committee typed that is `jump_ratio` times last year's cell of the same
committee (or a `jump_ratio`-th of it), when the larger of the two is above `jump_from_zero`; so 0 → 51 is
questioned and 1 → 5 is not. `Change` says how a total changed, for the report's sentences and tables.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from ..config import Settings
from ..contract import schema
from ..contract.figures import CELL_FIGURES, FIGURE_KEYS, FIGURES, cell_ref, cell_value
from ..contract.roster import Level, committee_of
from ..contract.schema import Kind
from ..errors import ConfigError
from ..messages import Text, issue, text
from ..model.submission import CellRef, Issue, Submission

DATA_JSON = "data.json"

#: The cells the jump check compares: counts of people and cases, not amounts of money (a budget that
#: grows tenfold with a new project is ordinary), and not list figures (a channel used one year and not the
#: next is ordinary too).
JUMP_CELLS: tuple[str, ...] = tuple(k for k in CELL_FIGURES if FIGURES[k].kind is Kind.COUNT)


@dataclass(frozen=True)
class Last:
    """One of last year's totals: its value (None: nobody reported it, or the file does not have it), whether
    some committees left it, or part of it, empty, and how many did."""

    value: int | None
    partial: bool = False
    missing: int = 0


NOT_THERE = Last(None)


@dataclass(frozen=True)
class History:
    """Last year's data.json, read and validated."""

    path: Path
    shown: str  # as messages name it
    year: int
    figures: dict[str, Last]  # figure key -> last year's national total
    by_committee: dict[str, dict[str, int | None]] | None  # committee key -> cell figure -> value; None: not kept

    def last(self, key: str) -> Last:
        return self.figures.get(key, NOT_THERE)


# --- how a figure changed ----------------------------------------------------------------------------------

@dataclass(frozen=True)
class Change:
    """How one total changed since last year. `partial`: either year's figure is incomplete (marked `*`)."""

    now: int | None
    last: int | None
    partial: bool = False

    @property
    def direction(self) -> str:
        """"up", "down", "same", or "" when either year did not report it (nothing to compare)."""
        if self.now is None or self.last is None:
            return ""
        return "up" if self.now > self.last else "down" if self.now < self.last else "same"

    @property
    def percent(self) -> int | None:
        """The change in whole percent of last year's figure, rounded half up; None when there is no
        percentage to give (no change, or last year was 0 or not reported). A change under half a percent
        gives 1 with `less_than` set: "less than 1%", never "0%" for something that changed."""
        if self.direction not in ("up", "down") or not self.last:
            return None
        return max(1, self._rounded)

    @property
    def less_than(self) -> bool:
        return self.percent is not None and self._rounded == 0

    @property
    def _rounded(self) -> int:
        assert self.now is not None and self.last
        return (200 * abs(self.now - self.last) + self.last) // (2 * self.last)


def change(now: int | None, now_partial: bool, last: Last) -> Change:
    return Change(now, last.value, (now_partial and now is not None) or (last.partial and last.value is not None))


# --- implausible jumps ---------------------------------------------------------------------------------------

def is_jump(last: int, now: int, ratio: float, from_zero: int) -> bool:
    """Whether a cell going from `last` to `now` is worth questioning: the larger is `ratio` times the smaller
    (or more), and above `from_zero`. Changes among small numbers never are: 1 → 5 is five times, and ordinary."""
    high, low = max(last, now), min(last, now)
    return high > from_zero and high >= ratio * low


def jumps(subs: Iterable[Submission], history: History | None, ratio: float, from_zero: int) -> list[Issue]:
    """A warning for each cell of each committee that jumped since last year (see `is_jump`), at this year's
    cell, naming last year's value; its figure carries the report's `!` mark."""
    if history is None or not history.by_committee:
        return []
    out = []
    for sub in subs:
        committee = committee_of(sub)
        before = history.by_committee.get(committee.key) if committee is not None and committee.placed else None
        if not before:
            continue
        for key in JUMP_CELLS:
            now, last = cell_value(sub, key), before.get(key)
            if now is not None and last is not None and is_jump(last, now, ratio, from_zero):
                out.append(issue("history.jump", cell_ref(sub, key), now=now, last=last, last_year=history.year,
                                 figures=(key,)))
    return out


# --- finding and reading last year's data.json ----------------------------------------------------------------

class Unusable(Exception):
    """Why a data.json cannot be last year's figures: a message (with what to do) and where."""

    def __init__(self, where: CellRef, said: Text):
        super().__init__(str(said))
        self.where = where
        self.said = said


@dataclass(frozen=True)
class PreviousYear:
    """Where last year's figures are, and the thresholds of the jump check: from the settings."""

    path: Path | None = None  # `previous`, resolved; None: look for <output>/<year-1>/data.json
    output: Path | None = None  # the build folder, for that default
    off: bool = False  # `previous = false`: no comparison with last year
    ratio: float = 5
    from_zero: int = 50

    @classmethod
    def from_settings(cls, settings: Settings) -> PreviousYear:
        named = settings.previous
        return cls(settings.path(named) if isinstance(named, Path) else None, settings.path(settings.output),
                   named is False, settings.jump_ratio, settings.jump_from_zero)

    def where(self, year: int) -> Path | None:
        """The data.json to read for a report of `year`, None when there is none to look for."""
        if self.off:
            return None
        if self.path is not None:
            return self.path / DATA_JSON if self.path.is_dir() else self.path
        if self.output is None:
            return None
        return self.output / str(year - 1) / DATA_JSON

    def load(self, year: int, sample: bool) -> tuple[History | None, list[Issue]]:
        """Last year's figures for a report of `year` (`sample`: built from sample data), and what to say about
        them. Raises ConfigError when the file named in the settings cannot be used (see the module's note)."""
        path = self.where(year)
        if path is None or (self.path is None and not path.is_file()):
            return None, []
        try:
            history = load_history(path, year, sample)
        except Unusable as exc:
            todo = Text(exc.said.fix_lo, exc.said.fix_en)
            problem = Text(exc.said.lo, exc.said.en)
            if self.path is not None:
                raise ConfigError.of("history.unusable", exc.where, problem=problem, todo=todo) from exc
            return None, [issue("history.not_used", exc.where, problem=problem, todo=todo)]
        if history.by_committee is None:
            return history, [issue("history.no_by_committee", CellRef(history.shown), year=history.year)]
        return history, []


def shown(path: Path) -> str:
    """A path as messages give it: from the current folder when near, else in full."""
    try:
        rel = os.path.relpath(path)
    except ValueError:  # on another drive (Windows)
        return str(path)
    return rel if Path(rel).parts[:3].count(os.pardir) < 3 else str(path.absolute())


def load_history(path: Path, year: int, sample: bool) -> History:
    """The data.json at `path` as last year's figures for a report of `year`; raises Unusable saying why not."""
    name = shown(path)
    here = CellRef(name)
    try:
        raw = path.read_bytes()
    except FileNotFoundError as exc:
        raise Unusable(here, text("history.not_found")) from exc
    except OSError as exc:
        raise Unusable(here, text("history.unreadable", reason=exc.strerror or exc)) from exc
    try:
        doc = json.loads(raw.decode("utf-8-sig"))
    except UnicodeDecodeError as exc:
        raise Unusable(here, text("history.not_text")) from exc
    except json.JSONDecodeError as exc:
        raise Unusable(CellRef(name, f"ແຖວ/line {exc.lineno}, ຖັນ/column {exc.colno}"),
                       text("history.damaged", error=exc.msg)) from exc
    if not isinstance(doc, dict) or "figures" not in doc and "year" not in doc:
        raise Unusable(here, text("history.not_data_json"))
    for key in ("year", "schema_version", "sample", "scope", "figures"):
        if key not in doc:
            raise Unusable(here, text("history.missing_key", key=key))
    found = doc["year"]
    if not _whole(found):
        raise Unusable(CellRef(name, "year"), text("history.bad_value", key="year", value=_short(found)))
    if found != year - 1:
        raise Unusable(CellRef(name, "year"), text("history.wrong_year", found=found, year=year, expected=year - 1))
    if doc["schema_version"] != schema.SCHEMA_VERSION:
        raise Unusable(CellRef(name, "schema_version"), text("history.other_schema", found=_short(doc["schema_version"]),
                                                             current=schema.SCHEMA_VERSION))
    scope = doc["scope"]
    if not isinstance(scope, dict) or scope.get("level") != Level.NATIONAL:
        raise Unusable(CellRef(name, "scope"), text("history.other_scope"))
    if not isinstance(doc["sample"], bool):
        raise Unusable(CellRef(name, "sample"), text("history.bad_value", key="sample", value=_short(doc["sample"])))
    if doc["sample"] != sample:
        kinds = {True: text("part.sample_data"), False: text("part.real_data")}
        said = text("history.sample_mismatch", last_year=found, year=year, last=kinds[doc["sample"]], now=kinds[sample])
        raise Unusable(CellRef(name, "sample"), said)
    figures = _figures(doc["figures"], name)
    by_committee = _by_committee(doc["by_committee"], name) if "by_committee" in doc else None
    return History(path, name, found, figures, by_committee)


def _figures(raw: object, name: str) -> dict[str, Last]:
    if not isinstance(raw, dict):
        raise Unusable(CellRef(name, "figures"), text("history.bad_value", key="figures", value=_short(raw)))
    out = {}
    for key, entry in raw.items():
        if key not in FIGURE_KEYS:
            continue  # a figure this version no longer prints: nothing to compare it with
        where = f"figures › {key}"
        if not isinstance(entry, dict):
            raise Unusable(CellRef(name, where), text("history.bad_value", key=key, value=_short(entry)))
        for part in ("value", "partial"):
            if part not in entry:
                raise Unusable(CellRef(name, where), text("history.missing_key", key=part))
        value, partial, empty = entry["value"], entry["partial"], entry.get("missing_from", [])
        if value is not None and not _whole(value):
            raise Unusable(CellRef(name, f"{where} › value"), text("history.bad_value", key="value", value=_short(value)))
        if not isinstance(partial, bool):
            raise Unusable(CellRef(name, f"{where} › partial"),
                           text("history.bad_value", key="partial", value=_short(partial)))
        if not isinstance(empty, list) or not all(isinstance(e, str) for e in empty):
            raise Unusable(CellRef(name, f"{where} › missing_from"),
                           text("history.bad_value", key="missing_from", value=_short(empty)))
        partial = partial and value is not None
        committees = len({e.split(" › ")[0] for e in empty})  # each place left empty starts with its workbook
        out[key] = Last(value, partial, max(1, committees) if partial else 0)
    if not out:
        raise Unusable(CellRef(name, "figures"), text("history.no_figures"))
    return out


def _by_committee(raw: object, name: str) -> dict[str, dict[str, int | None]]:
    if not isinstance(raw, dict):
        raise Unusable(CellRef(name, "by_committee"), text("history.bad_value", key="by_committee", value=_short(raw)))
    out: dict[str, dict[str, int | None]] = {}
    cells = set(CELL_FIGURES)
    for committee, values in raw.items():
        where = f"by_committee › {committee}"
        if not isinstance(values, dict):
            raise Unusable(CellRef(name, where), text("history.bad_value", key=committee, value=_short(values)))
        kept: dict[str, int | None] = {}
        for key, value in values.items():
            if key not in cells:
                continue
            if value is not None and not _whole(value):
                raise Unusable(CellRef(name, f"{where} › {key}"), text("history.bad_value", key=key, value=_short(value)))
            kept[key] = value
        out[str(committee)] = kept
    return out


def _whole(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0


def _short(value: object) -> str:
    """A value as a message quotes it: JSON, cut short."""
    said = json.dumps(value, ensure_ascii=False)
    return said if len(said) <= 40 else said[:39] + "…"
