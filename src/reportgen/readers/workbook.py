"""Reads one filled committee workbook into a Submission, finding every value by its machine key.

Every problem found is recorded on the Submission as an Issue with its file › sheet › cell; reading
never raises for bad input and never writes to the file.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from functools import cache
from pathlib import Path

import python_calamine

from .. import messages
from ..contract import schema
from ..contract.reference import closest_districts, closest_provinces, find_district, find_province, normalise_lao
from ..contract.roster import Level
from ..contract.schema import Kind, Sheet
from ..messages import Text, issue
from ..model.submission import SAVED_BY_FILE, SAVED_BY_WORKBOOK, CellRef, Issue, Item, Submission
from ._preflight import inspect_workbook

_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_DIGITS = re.compile(r"^\d+$")
_GROUPED = re.compile(r"^\d{1,3}([.,]\d{3})+$")
_MAX_COUNT = 10_000_000  # people, cases, activities: more is a typing slip, not a report
_MAX_MONEY = 10**15  # kip
_DATE_TEXT = (re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$"), re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$"))
_EXCEL_EPOCH = dt.date(1899, 12, 30)


def column_letter(index: int) -> str:
    """0-based column index to Excel letters (0 -> A)."""
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def _shown(value: object) -> str:
    text = str(value)
    if isinstance(value, float) and value.is_integer():
        text = str(int(value))
    return text if len(text) <= 40 else text[:40] + "…"


class _Context:
    def __init__(self, sub: Submission, sheet_name: str, formulas: set[str]):
        self.sub = sub
        self.sheet_name = sheet_name
        self.formulas = formulas

    def ref(self, row: int, col: int) -> CellRef:
        return CellRef(self.sub.file, self.sheet_name, f"{column_letter(col)}{row + 1}")

    def add(self, issue: Issue) -> None:
        self.sub.issues.append(issue)


def _parse(ctx: _Context, raw: object, kind: Kind, choices: str | None, row: int, col: int):
    """Typed value of one cell, or None when empty or wrong (a wrong value is reported)."""
    where = ctx.ref(row, col)
    if where.cell in ctx.formulas:
        ctx.add(issue("formula.uncached", where))
        return None
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None
    if kind in (Kind.COUNT, Kind.MONEY, Kind.YEAR):
        return _parse_whole(ctx, raw, kind, where)
    if kind is Kind.DATE:
        return _parse_date(ctx, raw, where)
    text = _text(ctx, raw, where)
    if kind is Kind.CHOICE and choices:
        return _parse_choice(ctx, text, choices, where)
    return text


def _text(ctx: _Context, raw: object, where: CellRef) -> str:
    if isinstance(raw, float) and raw.is_integer():
        raw = int(raw)
    if isinstance(raw, (dt.date, dt.datetime)):
        raw = raw.strftime("%d/%m/%Y")
    text = str(raw).replace("\r\n", "\n").replace("\r", "\n")  # a new line typed in the cell stays one
    clean = _CONTROL.sub("", text)
    if clean != text:
        ctx.add(issue("text.control", where))
    return clean.strip()


def _parse_whole(ctx: _Context, raw: object, kind: Kind, where: CellRef) -> int | None:
    what = messages.text("part.year") if kind is Kind.YEAR else messages.text("part.whole_number")
    fix = "fix.enter_year" if kind is Kind.YEAR else "fix.enter_number"
    value: int | None = None
    if isinstance(raw, bool) or isinstance(raw, (dt.date, dt.datetime, dt.time, dt.timedelta)):
        found = messages.text("part.a_date") if not isinstance(raw, bool) else _shown(raw)
        ctx.add(issue("number.type", where, fix=fix, what=what, found=found))
        return None
    if isinstance(raw, (int, float)):
        if isinstance(raw, float) and not raw.is_integer():
            ctx.add(issue("number.decimal", where, fix=fix, what=what, found=_shown(raw)))
            return None
        value = int(raw)
    else:
        text = "".join(str(raw).split())
        if _GROUPED.match(text):  # "1.200" or "1,200": Lao writing groups thousands
            text = text.replace(".", "").replace(",", "")
        if _DIGITS.match(text):
            value = int("".join(str(unicodedata.decimal(c)) for c in text))
        else:
            ctx.add(issue("number.text", where, fix=fix, what=what, found=_shown(raw)))
            return None
    if kind is Kind.YEAR:
        if not 2000 <= value <= 2100:
            ctx.add(issue("year.range", where, value=value))
            return None
    elif value > (_MAX_MONEY if kind is Kind.MONEY else _MAX_COUNT):
        ctx.add(issue("number.too_large", where, value=value))
        return None
    elif value < 0:
        ctx.add(issue("number.negative", where, fix=fix, what=what, found=value))
        return None
    return value


def _parse_date(ctx: _Context, raw: object, where: CellRef) -> dt.date | None:
    if isinstance(raw, dt.datetime):
        return raw.date()
    if isinstance(raw, dt.date):
        return raw
    if isinstance(raw, (int, float)) and not isinstance(raw, bool) and 36526 <= raw <= 73051:
        return _EXCEL_EPOCH + dt.timedelta(days=int(raw))
    text = str(raw).strip()
    for i, pattern in enumerate(_DATE_TEXT):
        m = pattern.match(text)
        if m:
            a, b, c = (int(x) for x in m.groups())
            try:
                return dt.date(c, b, a) if i == 0 else dt.date(a, b, c)
            except ValueError:
                break
    ctx.add(issue("date.invalid", where, found=_shown(raw)))
    return None


_YES = {normalise_lao(x) for x in ("ແມ່ນ", "ມີ", "yes", "y", "true", "1")}
_NO = {normalise_lao(x) for x in ("ບໍ່ແມ່ນ", "ບໍ່", "ບໍ່ມີ", "no", "n", "false", "0")}


@cache
def _choice_index(choices: str) -> dict[str, str]:
    """Normalised Lao label, English label and key of each option -> its key (the first option wins)."""
    index: dict[str, str] = {}
    for o in schema.choices(choices):
        for name in (normalise_lao(o.lo), normalise_lao(o.en), o.key, *(normalise_lao(f) for f in o.former)):
            index.setdefault(name, o.key)
    return index


def _parse_choice(ctx: _Context, text: str, choices: str, where: CellRef) -> str | None:
    if choices == "province":
        code = find_province(text)
        if code:
            return code
        near = closest_provinces(text)
        ctx.add(issue("province.unknown", where, name=_shown(text), closest=_closest(near)))
        return None
    n = normalise_lao(text)
    if choices == "yesno":
        if n in _YES:
            return "yes"
        if n in _NO:
            return "no"
    key = _choice_index(choices).get(n)
    if key is not None:
        return key
    allowed = ", ".join(o.lo for o in schema.choices(choices))
    ctx.add(issue("choice.unknown", where, value=_shown(text), allowed=allowed))
    return None


def _closest(names: list[str]) -> Text | str:
    return messages.text("part.closest", names=", ".join(names)) if names else ""


def _keys_problem(ctx: _Context, where: CellRef, what: Text) -> None:
    ctx.add(issue("form.tampered", where, what=what))


def _read_form(ctx: _Context, sheet: Sheet, grid: list[list], col_of: dict[str, int]) -> None:
    sub = ctx.sub
    row_of: dict[str, int] = {}
    for i, row in enumerate(grid[1:], start=1):
        key = str(row[0]).strip() if row else ""
        if key:
            row_of.setdefault(key, i)
    known = {r.key for r in sheet.rows} | set(schema.ROW_KEYS_LABEL)
    placed: set[tuple[int, int]] = set()
    for key, i in row_of.items():
        if key not in known:
            _keys_problem(ctx, ctx.ref(i, 0), messages.text("part.unknown_row", key=_shown(key)))
    for r in sheet.rows:
        if r.key not in row_of:
            _keys_problem(ctx, CellRef(sub.file, ctx.sheet_name), messages.text("part.missing_row", label=Text(r.lo, r.en), key=r.key))
            continue
        i = row_of[r.key]
        for c in sheet.columns:
            j = col_of.get(c.key)
            if j is None or c.key not in r.inputs:
                continue
            placed.add((i, j))
            raw = grid[i][j] if j < len(grid[i]) else None
            kind = c.kind if c.kind is Kind.TEXT and c.key != "value" else r.kind
            value = _parse(ctx, raw, kind, r.choices, i, j)
            key = f"{sheet.key}.{r.key}.{c.key}"
            sub.refs[key] = ctx.ref(i, j)
            if sheet.key == "submission":
                sub.info[r.key] = value
                sub.refs[r.key] = ctx.ref(i, j)
            elif kind in (Kind.COUNT, Kind.MONEY):
                sub.counts[key] = value  # type: ignore[assignment]
            else:
                sub.texts[key] = value or ""  # type: ignore[assignment]
    altered = {i for key, i in row_of.items() if key not in known}  # already an error: "the form was altered"
    _unplaced(ctx, sheet, grid, placed | {(i, j) for i in altered for j in range(len(grid[i]))},
              set(row_of.values()), schema.FORM_LABEL_COLS + 1, col_of)


def _read_list(ctx: _Context, sheet: Sheet, grid: list[list], col_of: dict[str, int]) -> None:
    items: list[Item] = []
    item_rows = set()
    placed: set[tuple[int, int]] = set()
    ctx.sub.refs[sheet.key] = CellRef(ctx.sub.file, ctx.sheet_name)
    letters = {c.key: column_letter(col_of[c.key]) for c in sheet.columns if c.key in col_of}  # shared by the items
    for i, row in enumerate(grid[1:], start=1):
        key = str(row[0]).strip() if row and row[0] is not None else ""
        if key == schema.ROW_KEY_NONE:
            j = schema.NONE_COL - 1
            item_rows.add(i)
            placed.add((i, j))
            ctx.sub.refs[f"{sheet.key}.none"] = ctx.ref(i, j)
            answer = _parse(ctx, row[j] if j < len(row) else None, Kind.CHOICE, "yesno", i, j)
            ctx.sub.none[sheet.key] = answer == "yes"
            continue
        if key != schema.ROW_KEY_ITEM:
            continue
        item_rows.add(i)
        placed.update((i, j) for j in col_of.values())
        raws = {c.key: (row[col_of[c.key]] if col_of.get(c.key, 10**9) < len(row) else None) for c in sheet.columns}
        if all(v is None or (isinstance(v, str) and not v.strip()) for v in raws.values()) and not (
            ctx.formulas and any(ctx.ref(i, col_of[c.key]).cell in ctx.formulas for c in sheet.columns if c.key in col_of)
        ):
            continue
        fields = {}
        for c in sheet.columns:
            if c.key not in col_of:
                continue
            fields[c.key] = _parse(ctx, raws[c.key], c.kind, c.choices, i, col_of[c.key])
        flagged = {i.where.cell for i in ctx.sub.issues}
        for c in sheet.columns:
            if c.key in col_of and ctx.ref(i, col_of[c.key]).cell in flagged:
                continue  # already reported (e.g. a formula without value): one message per cell
            if c.required and fields.get(c.key) in (None, "") and c.key in col_of:
                ctx.add(issue("value.required", ctx.ref(i, col_of[c.key]), fix="fix.fill_in_or_clear_row",
                              field=Text(c.lo, c.en)))
        items.append(Item(fields, ctx.sub.file, ctx.sheet_name, i + 1, letters))
    ctx.sub.lists[sheet.key] = items
    _unplaced(ctx, sheet, grid, placed, item_rows, schema.LIST_FIRST_COL - 1, col_of)


_WHERE = {"cell": "part.not_input_cell", "beside": "part.beside_table", "below": "part.outside_rows"}


def _unplaced(ctx: _Context, sheet: Sheet, grid: list[list], placed: set[tuple[int, int]], keyed_rows: set[int],
              first_value_col: int, col_of: dict[str, int]) -> None:
    """Every value typed where the reader does not look would be lost without a word: list each one.

    The form's own cells are its keys (row 1, column A), its labels (the title, note and header rows and the
    label columns of keyed rows, within the table) and the input cells read into the submission.
    """
    known = {c.key for c in sheet.columns} | {"no"}
    last_col = max([first_value_col - 1, *col_of.values()])
    altered = {j for k, j in col_of.items() if k not in known}  # already an error: "the form was altered"
    label_rows = {i for i, row in enumerate(grid) if row and str(row[0]).strip() in schema.ROW_KEYS_LABEL}
    for i, row in enumerate(grid):
        if i == 0:
            continue
        for j, v in enumerate(row):
            if j == 0 or j in altered or v is None or (isinstance(v, str) and not v.strip()) or (i, j) in placed:
                continue
            if j > last_col:
                where = "beside"
            elif i in label_rows or (i in keyed_rows and j < first_value_col):
                continue  # the form's own title, note, headings, numbers and labels
            elif i in keyed_rows:
                where = "cell"
            else:
                where = "below"
            ctx.add(issue("data.outside", ctx.ref(i, j), place=messages.text(_WHERE[where]), value=_shown(v)))


def _added_sheet(sub: Submission, ws, name: str) -> None:
    """A sheet the form does not have: whatever is typed there is not in the report, so say so."""
    grid = ws.to_python(skip_empty_area=False)
    cells = [(i, j) for i, row in enumerate(grid) for j, v in enumerate(row)
             if v is not None and not (isinstance(v, str) and not v.strip())]
    if not cells:
        return
    first = CellRef(sub.file, name, f"{column_letter(cells[0][1])}{cells[0][0] + 1}")
    last = f"{column_letter(max(j for _, j in cells))}{max(i for i, _ in cells) + 1}"
    sub.issues.append(issue("sheet.added", first, n=len(cells), last=last))


def _read_sheet(sub: Submission, ws, name: str, sheet: Sheet, formulas: set[str]) -> None:
    ctx = _Context(sub, name, formulas)
    grid = ws.to_python(skip_empty_area=False)
    header = grid[0] if grid else []
    col_of: dict[str, int] = {}
    for j, key in enumerate(header[1:], start=1):
        k = str(key).strip()
        if k:
            col_of.setdefault(k, j)
    expected = {c.key for c in sheet.columns} | ({"no"} if not sheet.form else set())
    for k, j in col_of.items():
        if k not in expected:
            _keys_problem(ctx, ctx.ref(0, j), messages.text("part.unknown_column", key=_shown(k)))
    for c in sheet.columns:
        if c.key not in col_of:
            _keys_problem(ctx, CellRef(sub.file, name), messages.text("part.missing_column", label=Text(c.lo, c.en), key=c.key))
    _merged(ctx, ws, sheet)
    width = max((len(r) for r in grid), default=0)
    grid = [list(r) + [None] * (width - len(r)) for r in grid]
    if sheet.form:
        _read_form(ctx, sheet, grid, col_of)
    else:
        _read_list(ctx, sheet, grid, col_of)


def _merged(ctx: _Context, ws, sheet: Sheet) -> None:
    for (r0, c0), (r1, c1) in ws.merged_cell_ranges or ():
        if r1 + 1 >= sheet.first_data_row:
            where = ctx.ref(r0, c0)
            span = f"{column_letter(c0)}{r0 + 1}:{column_letter(c1)}{r1 + 1}"
            ctx.add(issue("cells.merged", where, span=span))


def _meta(sub: Submission, wb, names: list[str]) -> bool:
    where = CellRef(sub.file)
    if schema.META_SHEET not in names:
        sub.issues.append(issue("form.not_reportgen", where))
        return False
    rows = wb.get_sheet_by_name(schema.META_SHEET).to_python(skip_empty_area=False)
    meta = {str(r[0]): r[1] for r in rows if len(r) >= 2}
    version = meta.get("schema_version")
    try:
        sub.schema_version = int(version)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        sub.schema_version = None
    if sub.schema_version not in schema.READABLE_VERSIONS:
        sub.issues.append(issue("form.version", where, found=_shown(version), current=schema.SCHEMA_VERSION))
        return False
    sub.sample = str(meta.get("sample", "")).strip() == "yes"
    return True


def read_workbook(path: Path, shown_as: str | None = None) -> Submission:
    """Read one committee workbook. Problems go to `Submission.issues`; nothing is raised for bad input."""
    sub = Submission(path=path, file=shown_as or path.name)
    inspection = inspect_workbook(path)  # sheets too large to load safely are refused here, before calamine
    _when_saved(sub, inspection.saved)
    if inspection.problem is not None:
        p = inspection.problem
        sub.issues.append(issue(p.code, CellRef(sub.file, p.sheet, p.cell), **p.values))
        return sub
    try:
        wb = python_calamine.CalamineWorkbook.from_path(str(path))
    except Exception as exc:  # calamine reports corrupt parts with several exception types
        sub.issues.append(issue("file.unreadable", CellRef(sub.file), error=type(exc).__name__))
        return sub
    try:
        names = list(wb.sheet_names)
        if not _meta(sub, wb, names):
            return sub
        found: dict[str, str] = {}
        added: list[str] = []
        parsed = {}  # calamine parses a whole sheet on each get_sheet_by_name: do it once per sheet
        for name in names:
            if name in (schema.META_SHEET, schema.LISTS_SHEET):
                continue
            parsed[name] = wb.get_sheet_by_name(name)
            rows = parsed[name].to_python(skip_empty_area=False, nrows=1)
            a1 = str(rows[0][0]).strip() if rows and rows[0] else ""
            if not a1.startswith(schema.SHEET_KEY_PREFIX):
                added.append(name)
            else:
                key = a1[len(schema.SHEET_KEY_PREFIX):]
                if key in found:
                    sub.issues.append(issue("sheet.duplicate", CellRef(sub.file, name), other=found[key]))
                found.setdefault(key, name)
        formulas = inspection.formulas
        for sheet in schema.SHEETS:
            if sheet.key not in found:
                sub.issues.append(issue("sheet.missing", CellRef(sub.file, sheet.title),
                                        sheet=Text(sheet.title, f"{sheet.number} {sheet.en}")))
                continue
            name = found[sheet.key]
            _read_sheet(sub, parsed[name], name, sheet, formulas.get(name, set()))
        for name in added:
            _added_sheet(sub, parsed[name], name)
    except BaseException as exc:  # a workbook calamine half-understands must still give a message
        if not isinstance(exc, Exception) and type(exc).__name__ != "PanicException":
            raise  # Ctrl+C, exit; a PanicException is calamine (Rust) failing inside, which must not end the run
        sub.issues.append(issue("file.partly_unreadable", CellRef(sub.file), error=type(exc).__name__))
    finally:
        wb.close()
    _resolve_identity(sub)
    return sub


def _when_saved(sub: Submission, saved: dt.datetime | None) -> None:
    """The workbook's own "last saved" date; else the file's modification time (which a copy may change)."""
    if saved is not None:
        sub.saved, sub.saved_from = saved, SAVED_BY_WORKBOOK
        return
    try:
        mtime = sub.path.stat().st_mtime
    except OSError:
        return
    sub.saved, sub.saved_from = dt.datetime.fromtimestamp(mtime, dt.UTC), SAVED_BY_FILE


def _resolve_identity(sub: Submission) -> None:
    """Turn the typed district name into its code; an unknown district is a warning (spellings vary), and
    one of another province says which province it is in."""
    from ..contract.reference import PROVINCES_BY_CODE, districts_named, province_title

    name = sub.info.get("district")
    if sub.level != Level.DISTRICT or not name:
        return
    code = find_district(sub.province, str(name))
    if code:
        sub.info["district_code"] = code
        return
    elsewhere = [PROVINCES_BY_CODE[d.province] for d in districts_named(str(name))]
    if elsewhere and sub.province in PROVINCES_BY_CODE:  # chosen under the wrong province (or the wrong district)
        chosen, cell = PROVINCES_BY_CODE[sub.province], sub.ref("province").cell
        word = messages.text("part.or")
        found_in = Text(f" {word.lo} ".join(province_title(p) for p in elsewhere), f" {word.en} ".join(p.en for p in elsewhere))
        sub.issues.append(issue(
            "district.other_province", sub.ref("district"), name=_shown(name), found_in=found_in,
            chosen=Text(province_title(chosen), chosen.en), in_cell=messages.text("part.in_cell", cell=cell) if cell else ""))
        return
    near = closest_districts(sub.province, str(name))
    sub.issues.append(issue("district.unknown", sub.ref("district"), name=_shown(name), closest=_closest(near)))
