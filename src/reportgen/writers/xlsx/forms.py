"""Writes the Excel templates (forms) that committees fill in, from the schema — `reportgen init`.

Every sheet carries its machine key in hidden cell A1, every column its key in hidden row 1 and every
row its key in hidden column A; a hidden `_meta` sheet carries the schema version and the committee's
identity. The reader finds data by these keys only. How a form prints (page setup, row heights) is
`_print`'s; many committees' forms at once (`forms_bytes`) are stamped from one per level by `_stamp`.
"""

from __future__ import annotations

import copy
import datetime as dt
import functools
import io
import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side
from openpyxl.styles.cell_style import StyleArray
from openpyxl.styles.named_styles import NamedStyle
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet.datavalidation import DataValidation

from ... import messages
from ..._zipfile import fixed_members, zip_members
from ...contract import schema
from ...contract.reference import DISTRICTS, DISTRICTS_BY_CODE, PROVINCES_BY_CODE
from ...contract.roster import CommitteeId, Level
from ...contract.schema import KEY_COL, KEY_ROW, Kind, Sheet
from . import _print, _stamp

FONT = _print.FONT
_INPUT_FILL = PatternFill("solid", fgColor="FFF2CC")  # pale yellow: type here
_HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
_OFF_FILL = PatternFill("solid", fgColor="EDEDED")  # no input on this row/column
_THIN = Side(style="thin", color="A6A6A6")
_BOX = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_UNLOCKED = Protection(locked=False)
_WRAP = Alignment(wrap_text=True, vertical="top")
_CENTER = Alignment(wrap_text=True, vertical="center", horizontal="center")
_NUMBER = Alignment(horizontal="center", vertical="top")
_DATE = Alignment(horizontal="left", vertical="top")


@dataclass(frozen=True, init=False)
class Identity:
    """The form to write: the committee it is pre-filled for, the reporting year, and whether it is sample data.

    `Identity("district", 2019, "LA-XA", "0801")` or `Identity(committee, 2019)`. A committee whose place
    is left open (`Identity("province", 2019)`) gives the blank form of its level.
    """

    committee: CommitteeId
    year: int
    sample: bool = False

    def __init__(self, level: str | CommitteeId, year: int, province: str = "", district: str = "",
                 sample: bool = False) -> None:
        committee = level if isinstance(level, CommitteeId) else CommitteeId(Level(level), province, district)
        object.__setattr__(self, "committee", committee)
        object.__setattr__(self, "year", year)
        object.__setattr__(self, "sample", sample)

    @property
    def level(self) -> Level:
        return self.committee.level

    @property
    def province(self) -> str:
        return self.committee.province

    @property
    def district(self) -> str:
        return self.committee.district

    @property
    def file_stem(self) -> str:
        c = self.committee
        if c.level is Level.NATIONAL:
            return "national"
        if c.level is Level.PROVINCE and c.province:
            return c.province
        if c.level is Level.DISTRICT and c.district:
            return f"{c.province}-{c.district}"
        return f"blank-{c.level}"

    def committee_name(self) -> str:
        """The committee's full name on sheet 1 ("" on a blank form)."""
        return self.committee.name.committee_lo


def _font(bold: bool = False, size: int = 11, color: str | None = None) -> Font:
    return Font(name=FONT, bold=bold, size=size, color=color)


_NORMAL_FONT, _BOLD_FONT = _font(), _font(bold=True)


def lao_workbook() -> Workbook:
    """A new workbook whose default font (the "Normal" style, and cells with no font of their own) is the
    government Lao font: every workbook reportgen writes starts from one."""
    wb = Workbook()
    for style in wb._named_styles:
        if style.name == "Normal":
            style.font = _font()
    wb._fonts[0] = _font()  # type: ignore[attr-defined]
    return wb


class _Styles:
    """Gives cells their style by name; each style is worked out once per workbook and then copied.

    openpyxl looks a style up anew (hashing font, fill, border…) every time a cell is given one, which was
    most of the time a form took to build."""

    def __init__(self) -> None:
        self._made: dict[object, StyleArray] = {}

    def __call__(self, cell, name: object, **attrs: object):
        made = self._made.get(name)
        if made is not None:
            cell._style = copy.copy(made)
            return cell
        for attr, value in attrs.items():
            setattr(cell, attr, value)
        self._made[name] = copy.copy(cell._style)
        return cell


def _list_ranges(wb: Workbook) -> dict[str, str]:
    """Write every closed list into the hidden `_lists` sheet; return each list's range formula."""
    ws = wb.create_sheet(schema.LISTS_SHEET)
    ws.sheet_state = "hidden"
    ranges = {}
    names = ["level", "province", "area", "yesno", "established", "channel", "target_group", "cooperation_type"]
    for col, name in enumerate(names, start=1):
        opts = schema.choices(name)
        ws.cell(1, col, name)
        for i, o in enumerate(opts, start=2):
            ws.cell(i, col, o.lo)
        letter = get_column_letter(col)
        ranges[name] = f"{quote_sheetname(ws.title)}!${letter}$2:${letter}${len(opts) + 1}"
    col = len(names) + 1
    ws.cell(1, col, "district")
    for i, d in enumerate(DISTRICTS, start=2):
        ws.cell(i, col, d.lo)
    letter = get_column_letter(col)
    ranges["district"] = f"{quote_sheetname(ws.title)}!${letter}$2:${letter}${len(DISTRICTS) + 1}"
    return ranges


def _validation(kind: Kind, choices: str | None, ranges: dict[str, str]) -> DataValidation | None:
    if kind is Kind.CHOICE and choices:
        dv = DataValidation(type="list", formula1=ranges[choices], allow_blank=True)
        dv.error = str(messages.text("validation.choice"))
    elif kind in (Kind.COUNT, Kind.MONEY):
        dv = DataValidation(type="whole", operator="greaterThanOrEqual", formula1="0", allow_blank=True)
        dv.error = str(messages.text("validation.count"))
    elif kind is Kind.YEAR:
        dv = DataValidation(type="whole", operator="between", formula1="2000", formula2="2100", allow_blank=True)
        dv.error = str(messages.text("validation.year"))
    elif kind is Kind.DATE:
        dv = DataValidation(type="date", operator="greaterThan", formula1="36526", allow_blank=True)
        dv.error = str(messages.text("validation.date"))
    else:
        return None
    dv.errorTitle = "reportgen"
    dv.showErrorMessage = True
    return dv


def _input_cell(ws, row: int, col: int, kind: Kind, st: _Styles) -> None:
    c = ws.cell(row, col)
    if kind is Kind.DATE:
        st(c, "input-date", fill=_INPUT_FILL, border=_BOX, protection=_UNLOCKED, font=_NORMAL_FONT,
           number_format="DD/MM/YYYY", alignment=_DATE)
    elif kind in (Kind.COUNT, Kind.MONEY):
        st(c, "input-count", fill=_INPUT_FILL, border=_BOX, protection=_UNLOCKED, font=_NORMAL_FONT, number_format="#,##0")
    else:
        st(c, "input-text", fill=_INPUT_FILL, border=_BOX, protection=_UNLOCKED, font=_NORMAL_FONT, alignment=_WRAP)


def _header(ws, sheet: Sheet, col: int, lo: str, en: str, st: _Styles) -> None:
    c = ws.cell(sheet.header_row, col, "\n".join(t for t in (lo, en) if t))
    st(c, "header", font=_BOLD_FONT, fill=_HEADER_FILL, border=_BOX, alignment=_CENTER)


def _sheet_top(ws, sheet: Sheet, width: int, st: _Styles) -> None:
    ws.cell(KEY_ROW, KEY_COL, schema.SHEET_KEY_PREFIX + sheet.key)
    ws.cell(schema.TITLE_ROW, KEY_COL, "title")
    ws.cell(schema.NOTE_ROW, KEY_COL, "note")
    ws.cell(sheet.header_row, KEY_COL, "header")
    st(ws.cell(schema.TITLE_ROW, 2, f"{sheet.number}. {sheet.lo} — {sheet.en}"), "title", font=_font(bold=True, size=14))
    if sheet.note_lo:
        st(ws.cell(schema.NOTE_ROW, 2, f"{sheet.note_lo}\n{sheet.note_en}"), "note", font=_font(color="C00000"),
           alignment=_WRAP)
        ws.merge_cells(start_row=schema.NOTE_ROW, start_column=2, end_row=schema.NOTE_ROW, end_column=width)
    ws.row_dimensions[KEY_ROW].hidden = True
    ws.column_dimensions["A"].hidden = True
    ws.freeze_panes = ws.cell(sheet.first_data_row, 2)
    ws.sheet_view.zoomScale = 110


def _form_sheet(ws, sheet: Sheet, ident: Identity, place: dict[str, str], ranges: dict[str, str],
                st: _Styles) -> None:
    lay = schema.layout(sheet)
    last_col = max(lay.column_at.values())
    _sheet_top(ws, sheet, last_col, st)
    for col, lo, en, w in ((2, "ລ/ດ", "No.", 6), (3, "ລາຍການ", "", 44), (4, "", "Item", 34)):
        _header(ws, sheet, col, lo, en, st)
        ws.column_dimensions[get_column_letter(col)].width = w
    for c in sheet.columns:
        col = lay.column_at[c.key]
        ws.cell(KEY_ROW, col, c.key)
        _header(ws, sheet, col, c.lo, c.en, st)
        ws.column_dimensions[get_column_letter(col)].width = _value_width() if sheet is schema.SUBMISSION else c.width
    validations: dict[tuple[Kind, str | None], DataValidation] = {}
    prefill = _prefill(sheet, ident, place)
    for i, r in enumerate(sheet.rows, start=1):
        row = lay.row_at[r.key]
        ws.cell(row, KEY_COL, r.key)
        st(ws.cell(row, 2, i), "number", alignment=_NUMBER, border=_BOX,
           font=_NORMAL_FONT)
        for col, text in ((3, r.lo), (4, r.en)):
            st(ws.cell(row, col, text + (" *" if r.required and col == 3 else "")), "label", font=_NORMAL_FONT,
               alignment=_WRAP, border=_BOX)
        for c in sheet.columns:
            col = lay.column_at[c.key]
            if c.key not in r.inputs or ident.level not in r.levels:
                st(ws.cell(row, col), "off", fill=_OFF_FILL, border=_BOX)
                continue
            kind = c.kind if c.kind is Kind.TEXT and c.key != "value" else r.kind
            _input_cell(ws, row, col, kind, st)
            choice = r.choices if kind is Kind.CHOICE else None
            if sheet.key == "submission" and r.key == "district":
                dv_key: tuple[Kind, str | None] = (Kind.CHOICE, "district")
            else:
                dv_key = (kind, choice)
            if dv_key not in validations:
                dv = _validation(dv_key[0], dv_key[1], ranges)
                if dv is not None:
                    ws.add_data_validation(dv)
                validations[dv_key] = dv  # type: ignore[assignment]
            if validations[dv_key] is not None:
                validations[dv_key].add(ws.cell(row, col))
            if r.key in prefill:
                ws.cell(row, col).value = prefill[r.key]
    _print.fit_rows(ws, range(schema.TITLE_ROW, lay.row_at[sheet.rows[-1].key] + 1), last_col)
    _print.page_setup(ws, last_col, lay.row_at[sheet.rows[-1].key], sheet.header_row)
    _protect(ws)


@functools.cache
def _value_width() -> float:
    """The width of sheet 1's value column: the longest committee name pre-filled there fits on one line, so
    that the row's height does not depend on whose form it is."""
    longest = max(_print.text_px(CommitteeId(Level.DISTRICT, d.province, d.code).name.committee_lo, _print.NORMAL_SIZE)
                  for d in DISTRICTS)
    return max(schema.SUBMISSION.column("value").width, math.ceil(_print.chars_for(longest)))


#: The words that make one committee's form differ from another's of the same level, year and kind.
PLACE = ("province", "district", "province_lo", "district_lo", "committee_lo")
UNTITLED = "reportgen"  # the file's title when the form names no committee


def place_of(ident: Identity) -> dict[str, str]:
    """The committee's place: its codes (in `_meta`) and names (on sheet 1 and in the file's title); "" when
    the form leaves it open."""
    return {"province": ident.province, "district": ident.district,
            "province_lo": PROVINCES_BY_CODE[ident.province].lo if ident.province else "",
            "district_lo": DISTRICTS_BY_CODE[ident.district].lo if ident.district else "",
            "committee_lo": ident.committee_name()}


def _prefill(sheet: Sheet, ident: Identity, place: dict[str, str]) -> dict[str, object]:
    if sheet.key != "submission":
        return {}
    values: dict[str, object] = {"level": schema.option_label("level", ident.level), "year": ident.year,
                                 "period": f"ແຕ່ວັນທີ 1 ມັງກອນ ຫາ 31 ທັນວາ {ident.year}"}
    for row, field in (("province", "province_lo"), ("district", "district_lo"), ("committee_name", "committee_lo")):
        if place[field]:
            values[row] = place[field]
    return values


def _list_sheet(ws, sheet: Sheet, ranges: dict[str, str], st: _Styles) -> None:
    lay = schema.layout(sheet)
    last_col = max(lay.column_at.values())
    _sheet_top(ws, sheet, last_col, st)
    _header(ws, sheet, 2, "ລ/ດ", "No.", st)
    ws.column_dimensions["B"].width = 6
    ws.cell(KEY_ROW, 2, "no")
    _none_row(ws, sheet, ranges, st)
    first, last = sheet.first_data_row, sheet.first_data_row + sheet.item_rows - 1
    for c in sheet.columns:
        col = lay.column_at[c.key]
        ws.cell(KEY_ROW, col, c.key)
        _header(ws, sheet, col, c.lo + (" *" if c.required else ""), c.en, st)
        ws.column_dimensions[get_column_letter(col)].width = c.width
        dv = _validation(c.kind, c.choices, ranges)
        if dv is not None:
            letter = get_column_letter(col)
            dv.add(f"{letter}{first}:{letter}{last}")
            ws.add_data_validation(dv)
    for row in range(first, last + 1):
        ws.cell(row, KEY_COL, schema.ROW_KEY_ITEM)
        st(ws.cell(row, 2, row - first + 1), "number", alignment=_NUMBER,
           border=_BOX, font=_NORMAL_FONT)
        for c in sheet.columns:
            _input_cell(ws, row, lay.column_at[c.key], c.kind, st)
    _print.fit_rows(ws, range(schema.TITLE_ROW, sheet.header_row + 1), last_col)
    _print.page_setup(ws, max(last_col, schema.NONE_COL), last, sheet.header_row)  # the answer above a narrow table too
    _protect(ws)


def _none_row(ws, sheet: Sheet, ranges: dict[str, str], st: _Styles) -> None:
    """The row that tells "nothing to report this year" apart from a list nobody filled in."""
    row = schema.NONE_ROW
    ws.cell(row, KEY_COL, schema.ROW_KEY_NONE)
    label = ws.cell(row, 2, f"{schema.NONE_LO}? / {schema.NONE_EN.capitalize()}? (ແມ່ນ / yes)")
    label.font = _font(bold=True)
    label.alignment = Alignment(horizontal="right", vertical="center", wrap_text=True)
    ws.merge_cells(start_row=row, start_column=2, end_row=row, end_column=schema.NONE_COL - 1)
    _input_cell(ws, row, schema.NONE_COL, Kind.CHOICE, st)
    dv = _validation(Kind.CHOICE, "yesno", ranges)
    dv.add(ws.cell(row, schema.NONE_COL))  # type: ignore[union-attr]
    ws.add_data_validation(dv)


def _protect(ws) -> None:
    # Labels and keys are locked so they are not overwritten by accident; no password, so an
    # office that really needs to can still unprotect the sheet.
    ws.protection.sheet = True
    ws.protection.formatRows = False
    ws.protection.formatColumns = False
    ws.protection.autoFilter = False


_INSTRUCTIONS = ("instructions.yellow_cells", "instructions.own_work", "instructions.counts", "instructions.lists",
                 "instructions.list_sheets", "instructions.sheets", "instructions.send", "instructions.required")


def _instruction_lines(year: object) -> list[tuple[str, bool]]:
    """The instructions sheet, line by line (text, bold): a title, the purpose in each language, the rules."""
    title, purpose = messages.text("instructions.title"), messages.text("instructions.purpose", year=year)
    return [(f"{title.lo} — {title.en}", True), (purpose.lo, False), (purpose.en, False),
            *((str(messages.text(code)), False) for code in _INSTRUCTIONS)]


def _instructions(ws, ident: Identity) -> None:
    ws.cell(KEY_ROW, KEY_COL, schema.SHEET_KEY_PREFIX + "instructions")
    ws.row_dimensions[KEY_ROW].hidden = True
    ws.column_dimensions["A"].hidden = True
    ws.column_dimensions["B"].width = _print.INSTRUCTIONS_WIDTH
    lines = _instruction_lines(ident.year or "…")
    for i, (line, bold) in enumerate(lines, start=2):
        c = ws.cell(i, 2, line)
        c.font = _font(bold=bold, size=14 if bold else 12)
        c.alignment = Alignment(wrap_text=True, vertical="top")
    last = len(lines) + 1
    if ident.sample:
        label = messages.text("part.sample_data")
        last = len(lines) + 3
        c = ws.cell(last, 2, f"{label.lo} — {label.en}: {messages.text('instructions.sample')}")
        c.font = _font(bold=True, color="C00000")
        c.alignment = Alignment(wrap_text=True, vertical="top")
    _print.fit_rows(ws, range(2, last + 1), 2)
    _print.page_setup(ws, 2, last)
    _protect(ws)


def _meta(wb: Workbook, ident: Identity, place: dict[str, str]) -> None:
    ws = wb.create_sheet(schema.META_SHEET)
    ws.sheet_state = "veryHidden"
    rows = (
        ("generator", "reportgen"),
        ("schema_version", schema.SCHEMA_VERSION),
        ("level", str(ident.level)),
        ("year", ident.year),
        ("province", place["province"] or None),  # a place left open: no value, as on sheet 1 (see _stamp)
        ("district", place["district"] or None),
        ("sample", "yes" if ident.sample else "no"),
    )
    for i, (k, v) in enumerate(rows, start=1):
        ws.cell(i, 1, k)
        ws.cell(i, 2, v)
    _protect(ws)


def build_form(ident: Identity) -> Workbook:
    """A complete form for one committee (or a blank one for a level) as an openpyxl Workbook."""
    return _build(ident, place_of(ident))


def _build(ident: Identity, place: dict[str, str]) -> Workbook:
    """The form of `ident`'s level, year and kind, for the committee at `place` (see `place_of`)."""
    wb = Workbook()
    normal = NamedStyle(name="rg-normal", font=_NORMAL_FONT)
    wb.add_named_style(normal)
    for style in wb._named_styles:  # the workbook's default font is the government Lao font
        if style.name == "Normal":
            style.font = _font()
    wb._fonts[0] = _font()  # type: ignore[attr-defined]
    ws = wb.active
    ws.title = "ຄຳແນະນຳ"
    _instructions(ws, ident)
    ranges = _list_ranges(wb)
    st = _Styles()
    for sheet in schema.SHEETS:
        ws = wb.create_sheet(sheet.title)
        if sheet.form:
            _form_sheet(ws, sheet, ident, place, ranges, st)
        else:
            _list_sheet(ws, sheet, ranges, st)
    wb.move_sheet(schema.LISTS_SHEET, offset=len(wb.sheetnames))
    _meta(wb, ident, place)
    wb.active = 1
    created = dt.datetime(ident.year or 2000, 1, 1)
    wb.properties.creator = "reportgen"
    wb.properties.created = created
    wb.properties.modified = created
    wb.properties.title = place["committee_lo"] or UNTITLED
    _no_formulas(wb)
    return wb


class Formula(str):
    """A value meant as a formula, e.g. Formula("=2+3"): how tests make a workbook like one a person typed."""


def _store(cell, value: object) -> None:
    """Put `value` in `cell`; text stays text even when it starts with = (openpyxl would make it a formula)."""
    cell.value = str(value) if isinstance(value, Formula) else value
    if isinstance(value, str) and not isinstance(value, Formula) and cell.data_type == "f":
        cell.data_type = "s"


def _no_formulas(wb: Workbook) -> None:
    # Labels, names and pre-filled values are text: none of them may become a formula when Excel opens
    # the form, whatever a name or a setting starts with (=, +, -, @).
    for ws in wb.worksheets:
        for cell in ws._cells.values():  # the cells that exist (iter_rows would create the empty ones)
            if cell.data_type == "f":
                cell.data_type = "s"


def form_bytes(ident: Identity) -> bytes:
    return save_bytes(build_form(ident))


def forms_bytes(idents: Sequence[Identity]) -> list[bytes]:
    """The forms of `idents`, in order; each the same bytes as `form_bytes` gives it.

    Forms of the same level, year and kind are built once and stamped with each committee's place
    (`_stamp`), the blank form of the level too: `init --districts all` writes its 169 forms from 3 built
    ones. (Building those 3 on two processes was slower than one after the other on a busy 2-core machine.)"""
    places = [place_of(ident) for ident in idents]
    groups: dict[object, list[int]] = {}
    for i, (ident, place) in enumerate(zip(idents, places, strict=True)):
        stampable = all(_stamp.stampable(v) for v in place.values())
        groups.setdefault((ident.level, ident.year, ident.sample) if stampable else i, []).append(i)
    out: list[bytes] = [b""] * len(idents)
    for members in groups.values():
        first = idents[members[0]]
        if len(members) == 1:
            out[members[0]] = form_bytes(first)
            continue
        named = [f for f in PLACE if any(places[i][f] for i in members)]
        marks = {f: _stamp.mark(f) if f in named else "" for f in PLACE}
        pattern = _stamp.Pattern(_package(_build(first, marks)), named, UNTITLED)
        for i in members:
            out[i] = pattern.stamp(places[i])
    return out


def set_value(wb: Workbook, sheet_key: str, row_key: str, column_key: str, value: object) -> None:
    """Fill one form cell by its keys (for scripts and tests that fill forms the way a committee would)."""
    sheet = schema.SHEETS_BY_KEY[sheet_key]
    lay = schema.layout(sheet)
    _store(wb[sheet.title].cell(lay.row_at[row_key], lay.column_at[column_key]), value)


def set_item(wb: Workbook, sheet_key: str, index: int, values: dict[str, object]) -> None:
    """Fill row `index` (0-based) of a list sheet; values by column key, choices by their Lao label."""
    sheet = schema.SHEETS_BY_KEY[sheet_key]
    if index >= sheet.item_rows:
        raise IndexError(f"{sheet_key} offers {sheet.item_rows} rows")
    lay = schema.layout(sheet)
    ws = wb[sheet.title]
    for key, value in values.items():
        _store(ws.cell(sheet.first_data_row + index, lay.column_at[key]), value)


def set_none(wb: Workbook, sheet_key: str, value: object = "ແມ່ນ") -> None:
    """Answer a list sheet's "nothing to report this year" (ແມ່ນ = yes: the committee has nothing to list)."""
    sheet = schema.SHEETS_BY_KEY[sheet_key]
    _store(wb[sheet.title].cell(schema.NONE_ROW, schema.NONE_COL), value)


def save_bytes(wb: Workbook, edits: dict[str, Callable[[bytes], bytes]] | None = None) -> bytes:
    """The workbook as .xlsx bytes; the same workbook always gives the same bytes. `edits`: parts of the saved
    package to change on the way (part name → function of its bytes)."""
    return zip_members(_package(wb, edits))


def _package(wb: Workbook, edits: dict[str, Callable[[bytes], bytes]] | None = None) -> list[tuple[str, bytes]]:
    """The members of the saved workbook, in order, as `save_bytes` zips them."""
    buf = io.BytesIO()
    wb.save(buf)
    # openpyxl stamps "modified" with the current time on every save; use the creation date instead.
    created = wb.properties.created.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    return fixed_members(buf.getvalue(), {**(edits or {}), "docProps/core.xml": lambda xml: re.sub(
        rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)", rb"\g<1>" + created + rb"\g<2>", xml)})
