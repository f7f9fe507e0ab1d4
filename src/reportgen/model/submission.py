"""The plain data passed between stages: cell references, problems found, and one committee's submission."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path


@dataclass(frozen=True, order=True)
class CellRef:
    """Where a value or a problem is: file › sheet › cell (any part may be missing)."""

    file: str
    sheet: str = ""
    cell: str = ""

    def __str__(self) -> str:
        return " › ".join(p for p in (self.file, self.sheet, self.cell) if p)


class Severity(Enum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True)
class Issue:
    """One problem with the inputs, in Lao and English, with what to do about it."""

    severity: Severity
    where: CellRef
    lo: str
    en: str
    fix_lo: str = ""
    fix_en: str = ""
    code: str = ""
    figures: tuple[str, ...] = ()  # the cells (value keys) a warning is about: their figures carry a mark

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR

    def format(self) -> str:
        label = "ຂໍ້ຜິດພາດ / error" if self.is_error else "ຄຳເຕືອນ / warning"
        text = f"{self.where}: {self.lo} / {self.en} [{label}]"
        if self.fix_lo or self.fix_en:
            text += f"\n    → {self.fix_lo} / {self.fix_en}"
        return text


def error(where: CellRef, lo: str, en: str, fix_lo: str = "", fix_en: str = "", code: str = "") -> Issue:
    return Issue(Severity.ERROR, where, lo, en, fix_lo, fix_en, code)


def warning(where: CellRef, lo: str, en: str, fix_lo: str = "", fix_en: str = "", code: str = "",
            figures: tuple[str, ...] = ()) -> Issue:
    return Issue(Severity.WARNING, where, lo, en, fix_lo, fix_en, code, figures)


Value = str | int | dt.date | None

SAVED_BY_WORKBOOK = "workbook"  # the date the program that saved the workbook wrote into it (docProps/core.xml)
SAVED_BY_FILE = "file"  # the file's modification time: changed by copying or downloading, so a second best


@dataclass
class Item:
    """One row of a list sheet (an achievement, a plan, a training…), with where it came from."""

    fields: dict[str, Value]
    file: str = ""
    sheet: str = ""  # the sheet's name in the workbook
    row: int = 0  # the row's number in the sheet, as Excel shows it
    columns: dict[str, str] = field(default_factory=dict)  # field key -> its column's letters in the sheet

    def get(self, key: str) -> Value:
        return self.fields.get(key)

    @property
    def ref(self) -> CellRef:
        """The row, for people: "A.xlsx › 2 ຜົນງານ › ແຖວ/row 7"."""
        return CellRef(self.file, self.sheet, f"ແຖວ/row {self.row}" if self.row else "")

    def cell(self, key: str) -> CellRef:
        """The cell one field was typed in ("E7"); the row when its column is not known."""
        column = self.columns.get(key)
        return CellRef(self.file, self.sheet, f"{column}{self.row}") if column and self.row else self.ref


@dataclass
class Submission:
    """One committee's workbook for one year, as read: typed values by key, and where each came from."""

    path: Path
    file: str  # the name shown in messages
    schema_version: int | None = None
    sample: bool = False
    info: dict[str, Value] = field(default_factory=dict)  # sheet 1, by row key
    counts: dict[str, int | None] = field(default_factory=dict)  # "cases.suspects.women" -> 3 / None
    texts: dict[str, str] = field(default_factory=dict)  # text cells of form sheets, same keys
    lists: dict[str, list[Item]] = field(default_factory=dict)  # sheet key -> items
    none: dict[str, bool] = field(default_factory=dict)  # list sheet key -> "nothing to report this year" answered yes
    refs: dict[str, CellRef] = field(default_factory=dict)  # value key -> its cell
    issues: list[Issue] = field(default_factory=list)  # problems found while reading
    saved: dt.datetime | None = None  # when the workbook was last saved (aware), from `saved_from`
    saved_from: str = ""  # SAVED_BY_WORKBOOK (its own properties), SAVED_BY_FILE (the file's date), "" unknown

    @property
    def level(self) -> str | None:
        return self.info.get("level")  # type: ignore[return-value]

    @property
    def province(self) -> str | None:
        return self.info.get("province")  # type: ignore[return-value]

    @property
    def district(self) -> str | None:
        return self.info.get("district_code")  # type: ignore[return-value]

    @property
    def year(self) -> int | None:
        return self.info.get("year")  # type: ignore[return-value]

    def ref(self, key: str) -> CellRef:
        ref = self.refs.get(key)
        return ref if ref is not None else CellRef(self.file)
