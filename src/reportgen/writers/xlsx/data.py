"""The data export of a build: every value committees typed (data.xlsx) and the added-up figures (data.json).

data.xlsx keeps what the report leaves out or shortens — every row of every list, every cell of every
form sheet, the preparer's phone number — each with the workbook, sheet and cell it was typed in.
data.json carries the aggregated figures and who reported each, for anyone who wants to reuse them, and
each committee's own cells (`by_committee`), which next year's check compares committee by committee.
Both are deterministic: the same inputs give the same bytes.
"""

from __future__ import annotations

import copy
import datetime as dt
import functools
import json
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from ...aggregate import ReportData, Total
from ...contract import schema
from ...contract.figures import CELL_FIGURES, FIGURES, cell_value
from ...contract.roster import level_rank
from ...contract.schema import Kind, Sheet
from ...model.submission import CellRef, Submission, Value
from ._headers import HEADER_FILL as _HEADER_FILL
from ._headers import write_headers
from .forms import FONT, lao_workbook, save_bytes

ABOUT_TITLE = "ອ່ານກ່ອນ About"
COMMITTEES_TITLE = "1 ຄະນະກຳມະການ Committees"

_TOP = Alignment(vertical="top")
_WRAP = Alignment(wrap_text=True, vertical="top")
_DATE_FORMAT = "DD/MM/YYYY"
_NUMBER_FORMAT = {Kind.COUNT: "#,##0", Kind.MONEY: "#,##0", Kind.YEAR: "0"}


@dataclass(frozen=True)
class _Col:
    lo: str
    en: str
    width: float = 14
    kind: Kind = Kind.TEXT


# Who a row belongs to (every data sheet starts with these) and where it was typed (every sheet ends with these).
_WHO = (_Col("ຂັ້ນ", "level", 14), _Col("ແຂວງ", "province", 18), _Col("ລະຫັດແຂວງ", "province code (ISO)", 11),
        _Col("ເມືອງ", "district", 16))
_WHERE = (_Col("ໄຟລ໌", "file", 26), _Col("ແຜ່ນງານ", "sheet", 20), _Col("ຫ້ອງ ຫຼື ແຖວ", "cell or row", 13),
          _Col("ທີ່ມາ", "source", 48))


def _ordered(subs: Iterable[Submission]) -> list[Submission]:
    """National, then provinces, then districts, each by code and file — whatever order they were read in."""
    return sorted(subs, key=lambda s: (level_rank(s.level), s.province or "", s.district or "", s.file))


def _who(sub: Submission) -> list[tuple[Value, Kind]]:
    province = sub.province
    return [(schema.option_label("level", sub.level) if sub.level else None, Kind.TEXT),
            (schema.option_label("province", province) if province else None, Kind.TEXT),
            (province, Kind.TEXT),
            (sub.info.get("district"), Kind.TEXT)]


def _span(refs: list[CellRef]) -> str:
    """The cells of one row or column as one range ("E5:I5"), else listed; "" when none is known."""
    cells = [r.cell for r in refs if r.cell]
    if len(cells) <= 1:
        return cells[0] if cells else ""
    return f"{cells[0]}:{cells[-1]}" if _contiguous(cells) else ", ".join(cells)


def _split(cell: str) -> tuple[str, int]:
    letters = cell.rstrip("0123456789")
    return letters, int(cell[len(letters):] or 0)


def _col_index(letters: str) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - 64
    return n - 1


def _contiguous(cells: list[str]) -> bool:
    parts = [_split(c) for c in cells]
    rows = [r for _, r in parts]
    cols = [_col_index(c) for c, _ in parts]
    same_row = len(set(rows)) == 1 and cols == list(range(cols[0], cols[0] + len(cols)))
    same_col = len(set(cols)) == 1 and rows == list(range(rows[0], rows[0] + len(rows)))
    return same_row or same_col


def _where(sub: Submission, refs: list[CellRef], sheet: Sheet) -> list[tuple[Value, Kind]]:
    known = [r for r in refs if r.sheet]
    sheet_name = known[0].sheet if known else sheet.title
    cells = _span(known)
    source = CellRef(sub.file, sheet_name, cells)
    return [(sub.file, Kind.TEXT), (sheet_name, Kind.TEXT), (cells, Kind.TEXT), (str(source), Kind.TEXT)]


def _shown(value: Value, kind: Kind, choices: str | None) -> Value:
    """A value as the export shows it: a choice by its Lao label, "" as empty."""
    if value is None or value == "":
        return None
    if kind is Kind.CHOICE and choices:
        return schema.option_label(choices, str(value))
    return value


# --- data.xlsx -------------------------------------------------------------------------------------------------

def _put(ws, row: int, col: int, value: Value, kind: Kind, wrap: bool) -> None:
    """Write one value; text stays text even when it starts with = (openpyxl would make it a formula).

    Each kind of cell's style is worked out once per workbook and copied (openpyxl otherwise looks every
    alignment and number format up again, cell by cell: a third of data.xlsx's time for a national year)."""
    if value is None:
        return
    if isinstance(value, str):
        cell = ws.cell(row, col, ILLEGAL_CHARACTERS_RE.sub("", value))
        if cell.data_type == "f":
            cell.data_type = "s"
        fmt = ""
    else:
        cell = ws.cell(row, col, value)
        wrap = False
        fmt = _DATE_FORMAT if isinstance(value, dt.date) else _NUMBER_FORMAT.get(kind, "0") if isinstance(value, int) else ""
    styles = ws.parent.__dict__.setdefault("_reportgen_styles", {})  # (wrap, number format) → style, this workbook's
    style = styles.get((wrap, fmt))
    if style is not None:
        cell._style = copy.copy(style)
        return
    cell.alignment = _WRAP if wrap else _TOP
    if fmt:
        cell.number_format = fmt
    styles[wrap, fmt] = copy.copy(cell._style)


def _table(ws, cols: list[_Col], rows: Iterable[list[tuple[Value, Kind]]], body: _Body) -> int:
    """Two header rows (Lao, English), then the rows; header frozen, filter on. Returns the number of rows."""
    write_headers(ws, cols)
    n = body.add(ws.title, rows, [c.width >= 30 for c in cols])
    ws.freeze_panes = "A3"
    ws.auto_filter.ref = f"A2:{get_column_letter(len(cols))}{n + 2}"
    for i, attr in ((1, "lo"), (2, "en")):
        ws.row_dimensions[i].height = 16 * max(_lines(getattr(c, attr), c.width) for c in cols) + 4
    ws.print_title_rows = "1:2"
    ws.page_setup.orientation = "landscape"
    return n


_XML_UNSAFE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
_EPOCH = dt.date(1899, 12, 30)  # day 0 of a spreadsheet's dates (1900 date system, after its leap-year slip)


class _Body:
    """The rows of the data sheets below their two header rows, written as worksheet XML into the saved package.

    openpyxl makes an object for every cell and writes each through lxml: about 40 µs a cell, 9 of the 10 s that
    data.xlsx took for a national year (240,000 cells). Here a row is one string; each cell takes the style
    openpyxl registered for its kind (wrapped or not, number format), so the cells look as they did."""

    def __init__(self, wb) -> None:
        scratch = wb.create_sheet("styles")  # cells styled once, to register each style and learn its number
        self._style: dict[tuple[bool, str], int] = {}
        for i, (wrap, fmt) in enumerate((w, f) for w in (False, True)
                                         for f in ("", _DATE_FORMAT, *sorted(set(_NUMBER_FORMAT.values())))):
            cell = scratch.cell(i + 1, 1)
            cell.alignment = _WRAP if wrap else _TOP
            if fmt:
                cell.number_format = fmt
            self._style[wrap, fmt] = cell.style_id
        wb.remove(scratch)
        self.sheets: dict[str, tuple[str, int, int]] = {}  # title → (rows XML, rows, columns)

    def add(self, title: str, rows: Iterable[list[tuple[Value, Kind]]], wrap: list[bool]) -> int:
        letters = [get_column_letter(j) for j in range(1, len(wrap) + 1)]
        out: list[str] = []
        n = 0
        for n, values in enumerate(rows, start=1):
            r = n + 2
            cells = [f'<row r="{r}">']
            for (value, kind), letter, wrapped in zip(values, letters, wrap, strict=True):
                if value is not None:
                    cells.append(self._cell(f"{letter}{r}", value, kind, wrapped))
            cells.append("</row>")
            out.append("".join(cells))
        self.sheets[title] = ("".join(out), n, len(wrap))
        return n

    def _cell(self, ref: str, value: Value, kind: Kind, wrap: bool) -> str:
        if isinstance(value, str):  # text stays text, even when it starts with = (an inline string is no formula)
            text = _XML_UNSAFE.sub("", value).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            text = text.replace("\r", "&#13;")
            return (f'<c r="{ref}" s="{self._style[wrap, ""]}" t="inlineStr">'
                    f'<is><t xml:space="preserve">{text}</t></is></c>')
        if isinstance(value, bool):
            return f'<c r="{ref}" s="{self._style[False, ""]}" t="b"><v>{int(value)}</v></c>'
        if isinstance(value, dt.datetime):
            serial = (value - dt.datetime(1899, 12, 30)).total_seconds() / 86400
            return f'<c r="{ref}" s="{self._style[False, _DATE_FORMAT]}"><v>{serial!r}</v></c>'
        if isinstance(value, dt.date):
            return f'<c r="{ref}" s="{self._style[False, _DATE_FORMAT]}"><v>{(value - _EPOCH).days}</v></c>'
        fmt = _NUMBER_FORMAT.get(kind, "0") if isinstance(value, int) else ""
        return f'<c r="{ref}" s="{self._style[False, fmt]}"><v>{value!r}</v></c>'

    def edits(self, wb) -> dict[str, Callable[[bytes], bytes]]:
        """The saved package's edits that put each sheet's rows in (openpyxl names the parts by sheet order)."""
        out = {}
        for i, ws in enumerate(wb.worksheets, start=1):
            if ws.title in self.sheets:
                out[f"xl/worksheets/sheet{i}.xml"] = functools.partial(self._insert, *self.sheets[ws.title])
        return out

    @staticmethod
    def _insert(rows: str, n: int, width: int, xml: bytes) -> bytes:
        end = xml.index(b"</sheetData>")
        xml = xml[:end] + rows.encode("utf-8") + xml[end:]
        last = f"{get_column_letter(width)}{n + 2}".encode()
        return re.sub(rb'<dimension ref="[^"]*"', b'<dimension ref="A1:' + last + b'"', xml, count=1)


def _committee_cols() -> list[_Col]:
    cols = []
    for r in schema.SUBMISSION.rows:
        width = {Kind.DATE: 12, Kind.YEAR: 8, Kind.COUNT: 10}.get(r.kind, 24)
        cols.append(_Col(r.lo, r.en, 40 if r.key in ("committee_name", "period") else width, r.kind))
        if r.key == "province":
            cols.append(_Col("ລະຫັດແຂວງ", "province code (ISO)", 11))
        elif r.key == "district":
            cols.append(_Col("ລະຫັດເມືອງ", "district code", 10))
    return cols + list(_WHERE)


def _committee_rows(subs: list[Submission]) -> Iterable[list[tuple[Value, Kind]]]:
    for sub in subs:
        values: list[tuple[Value, Kind]] = []
        for r in schema.SUBMISSION.rows:
            raw = sub.info.get(r.key)
            values.append((_shown(raw, r.kind, r.choices), r.kind))
            if r.key == "province":
                values.append((raw, Kind.TEXT))
            elif r.key == "district":
                values.append((sub.info.get("district_code"), Kind.TEXT))
        refs = [sub.refs[r.key] for r in schema.SUBMISSION.rows if r.key in sub.refs]
        yield values + _where(sub, refs, schema.SUBMISSION)


def _cell_kind(column: schema.Column, row: schema.Row) -> Kind:
    # the reader's rule: a text column stays text on any row; every other column takes the row's kind
    return column.kind if column.kind is Kind.TEXT and column.key != "value" else row.kind


def _form_cols(sheet: Sheet) -> list[_Col]:
    labels = [_Col("ລ/ດ", "No.", 6), _Col("ລາຍການ", "item (Lao)", 36), _Col("Item", "item", 30)]
    values = [_Col(c.lo, c.en, c.width, c.kind) for c in sheet.columns]
    return [*_WHO, *labels, *values, _Col("ລະຫັດ", "key", 22), *_WHERE]


def _form_rows(sheet: Sheet, subs: list[Submission]) -> Iterable[list[tuple[Value, Kind]]]:
    for sub in subs:
        for n, r in enumerate(sheet.rows, start=1):
            values: list[tuple[Value, Kind]] = [(n, Kind.COUNT), (r.lo, Kind.TEXT), (r.en, Kind.TEXT)]
            refs = []
            for c in sheet.columns:
                key = f"{sheet.key}.{r.key}.{c.key}"
                kind = _cell_kind(c, r)
                if c.key not in r.inputs:
                    values.append((None, kind))
                    continue
                raw = sub.counts.get(key) if kind in (Kind.COUNT, Kind.MONEY) else sub.texts.get(key)
                values.append((_shown(raw, kind, r.choices), kind))
                if key in sub.refs:
                    refs.append(sub.refs[key])
            yield [*_who(sub), *values, (f"{sheet.key}.{r.key}", Kind.TEXT), *_where(sub, refs, sheet)]


def _list_cols(sheet: Sheet) -> list[_Col]:
    values = [_Col(c.lo, c.en, c.width, c.kind) for c in sheet.columns]
    return [*_WHO, _Col("ລ/ດ", "No.", 6), *values, _Col(schema.NONE_LO, schema.NONE_EN, 18), *_WHERE]


def _list_rows(sheet: Sheet, subs: list[Submission]) -> Iterable[list[tuple[Value, Kind]]]:
    for sub in subs:
        for n, item in enumerate(sub.lists.get(sheet.key, []), start=1):
            values = [(_shown(item.get(c.key), c.kind, c.choices), c.kind) for c in sheet.columns]
            ref = item.ref
            where = [(sub.file, Kind.TEXT), (ref.sheet or sheet.title, Kind.TEXT), (ref.cell, Kind.TEXT),
                     (str(ref), Kind.TEXT)]
            yield [*_who(sub), (n, Kind.COUNT), *values, (None, Kind.TEXT), *where]
        if sub.none.get(sheet.key):  # the committee's answer "nothing to report on this sheet": one row of its own
            blank = [(None, Kind.TEXT)] * len(sheet.columns)
            answer = (schema.option_label("yesno", "yes"), Kind.TEXT)
            ref = sub.ref(f"{sheet.key}.none")
            yield [*_who(sub), (None, Kind.COUNT), *blank, answer, *_where(sub, [ref], sheet)]


def _lines(text: str, width: float) -> int:
    """Lines a wrapped text takes in a column (Lao vowel and tone marks take no width of their own)."""
    shown = sum(1 for ch in text if not 0x0EB1 <= ord(ch) <= 0x0ECD or ord(ch) in (0x0EB2, 0x0EB3, 0x0EBD))
    return max(1, -(-shown // int(width * 0.95)))


def _about(ws, year: int, sample: bool, counts: list[tuple[str, str, int]]) -> None:
    title = Font(name=FONT, bold=True, size=14)
    bold = Font(name=FONT, bold=True)
    widths = {"A": 70, "B": 70, "C": 14}
    for letter, width in widths.items():
        ws.column_dimensions[letter].width = width
    lines = [
        (f"ຂໍ້ມູນທີ່ຄະນະກຳມະການຕ້ານການຄ້າມະນຸດກອກໃນແບບຟອມ ປະຈຳປີ {year}",
         f"Everything the anti-human-trafficking committees typed in their forms, {year}"),
        ("ໄຟລ໌ນີ້ມີຂໍ້ມູນທຸກຢ່າງທີ່ຄະນະກຳມະການແຕ່ລະຂັ້ນກອກ ຕາມທີ່ອ່ານໄດ້ຈາກແບບຟອມ, ບໍ່ໄດ້ລວມຍອດ. "
         "ຕົວເລກລວມຢູ່ໃນບົດລາຍງານ ແລະ ໃນໄຟລ໌ data.json.",
         "This file holds every value each committee typed, as read from its workbook, not added up. "
         "The totals are in the report and in data.json."),
        ("ແຜ່ນ \"ຄະນະກຳມະການ\": ໜຶ່ງແຖວຕໍ່ໜຶ່ງຄະນະກຳມະການ (ແຜ່ນທີ 1 ຂອງແບບຟອມ).",
         "Sheet \"Committees\": one row per committee (sheet 1 of the form)."),
        ("ແຜ່ນຕົວເລກ (ສະຖິຕິ): ໜຶ່ງແຖວຕໍ່ໜຶ່ງຄະນະກຳມະການ ແລະ ໜຶ່ງລາຍການຂອງແບບຟອມ.",
         "Form sheets (figures): one row per committee and row of the form."),
        ("ແຜ່ນລາຍການ: ໜຶ່ງແຖວຕໍ່ໜຶ່ງລາຍການທີ່ຄະນະກຳມະການກອກ. ຄະນະກຳມະການທີ່ຕອບວ່າ \"ບໍ່ມີຫຍັງລາຍງານ\" ມີໜຶ່ງແຖວ "
         "ທີ່ຖັນນັ້ນແມ່ນ \"ແມ່ນ\"; ຄະນະກຳມະການທີ່ບໍ່ມີແຖວເລີຍ ບໍ່ໄດ້ກອກແຜ່ນນັ້ນ (ບໍ່ໄດ້ລາຍງານ).",
         "List sheets: one row per item a committee typed. A committee that answered \"nothing to report\" has one "
         "row saying so; a committee with no row at all did not fill the sheet in (not reported)."),
        ("ຫ້ອງທີ່ປະວ່າງ = ບໍ່ໄດ້ລາຍງານ (ບໍ່ແມ່ນ 0); 0 = ບໍ່ມີ.",
         "An empty cell = not reported (never 0); 0 = none."),
        ("ຄ່າທີ່ເລືອກຈາກລາຍການ ສະແດງເປັນພາສາລາວ. ຂໍ້ຄວາມສະແດງຕາມທີ່ພິມ, ບໍ່ເປັນສູດຄຳນວນ.",
         "Values chosen from a list are shown by their Lao label. Text is shown as typed, never as a formula."),
        ("ຖັນ ໄຟລ໌, ແຜ່ນງານ, ຫ້ອງ ຫຼື ແຖວ ແລະ ທີ່ມາ ບອກບ່ອນທີ່ພິມຂໍ້ມູນ ໃນແບບຟອມຂອງຄະນະກຳມະການ.",
         "The columns file, sheet, cell or row and source say where each value was typed in the committee's workbook."),
        ("ໄຟລ໌ນີ້ມີເບີໂທລະສັບຂອງຜູ້ກະກຽມ: ໃຊ້ພາຍໃນເທົ່ານັ້ນ, ຢ່າເຜີຍແຜ່. ບົດລາຍງານບໍ່ມີເບີໂທລະສັບ.",
         "This file holds the preparers' phone numbers: for internal use only, do not publish it. "
         "The report does not show them."),
    ]
    if sample:
        lines.insert(1, ("ຂໍ້ມູນຕົວຢ່າງ — ບໍ່ແມ່ນຂໍ້ມູນຕົວຈິງ", "sample data — not real figures"))
    for i, (lo, en) in enumerate(lines, start=1):
        font = title if i == 1 else bold if sample and i == 2 else Font(name=FONT)
        for j, text in ((1, lo), (2, en)):
            cell = ws.cell(i, j, text)
            cell.font = font
            cell.alignment = _WRAP
        # rows are sized here: spreadsheet programs do not always fit a wrapped row's height on opening
        ws.row_dimensions[i].height = (24 if i == 1 else 18) * max(_lines(lo, widths["A"]), _lines(en, widths["B"]))
    top = len(lines) + 2
    for j, text in enumerate(("ແຜ່ນງານ / sheet", "English", "ຈຳນວນແຖວ / rows"), start=1):
        cell = ws.cell(top, j, text)
        cell.font = bold
        cell.fill = _HEADER_FILL
    for i, (name, en, n) in enumerate(counts, start=top + 1):
        for j, value in enumerate((name, en, n), start=1):
            _put(ws, i, j, value, Kind.COUNT, False)
    foot = top + len(counts) + 2
    ws.cell(foot, 1, f"reportgen, schema {schema.SCHEMA_VERSION}").font = Font(name=FONT, color="808080")
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True


def write_data_xlsx(submissions: list[Submission], year: int) -> bytes:
    """data.xlsx: an explanation, one row per committee, then every form and list sheet, each row with its source."""
    subs = _ordered(submissions)
    wb = lao_workbook()
    about = wb.active
    about.title = ABOUT_TITLE
    body = _Body(wb)
    counts: list[tuple[str, str, int]] = []
    ws = wb.create_sheet(COMMITTEES_TITLE)
    n = _table(ws, _committee_cols(), _committee_rows(subs), body)
    counts.append((ws.title, "committees (sheet 1 of the form)", n))
    for sheet in schema.SHEETS:
        if sheet is schema.SUBMISSION:
            continue
        ws = wb.create_sheet(sheet.title)
        if sheet.form:
            n = _table(ws, _form_cols(sheet), _form_rows(sheet, subs), body)
        else:
            n = _table(ws, _list_cols(sheet), _list_rows(sheet, subs), body)
        counts.append((ws.title, sheet.en, n))
    _about(about, year, any(s.sample for s in subs), counts)
    created = dt.datetime(year, 1, 1)
    wb.properties.creator = "reportgen"
    wb.properties.created = created
    wb.properties.modified = created
    wb.properties.title = f"reportgen data {year}"
    return save_bytes(wb, body.edits(wb))


# --- data.json -------------------------------------------------------------------------------------------------

def _figures(totals: dict[str, Total], labels: bool = False) -> dict[str, dict]:
    """Each figure's value, who gave it and every cell left empty (file › sheet › cell); with its labels."""
    out = {}
    for key, t in totals.items():
        entry: dict[str, object] = {"value": t.value, "partial": t.partial, "reported_by": list(t.reported_by),
                                    "missing_from": [str(r) for r in t.missing_from]}
        if labels:
            entry.update(label_lo=FIGURES[key].label_lo, label_en=FIGURES[key].label_en)
        out[key] = entry
    return out


def _plain(obj: object) -> object:
    if isinstance(obj, dt.date):
        return obj.isoformat()
    if isinstance(obj, tuple | set | frozenset):
        return sorted(obj) if isinstance(obj, set | frozenset) else list(obj)
    return str(obj)


def write_data_json(data: ReportData) -> bytes:
    """data.json: the aggregated figures (national, by level, by province), who reported each, and the gaps."""
    committees = data.committees
    doc = {
        "year": data.year,
        "sample": data.sample,
        "schema_version": schema.SCHEMA_VERSION,
        "scope": {"level": str(data.scope.level), "province": data.scope.province, "district": data.scope.district},
        "committees": [{"level": str(c.level), "province": c.province, "district": c.district, "name": c.name,
                        "file": c.file, "place_lo": c.place_lo, "key": c.id.key if c.id else ""} for c in committees],
        "missing": [{"level": str(m.level), "province": m.province, "district": m.district, "name_lo": m.name_lo,
                     "name_en": m.name.en} for m in data.missing],
        "figures": _figures(data.totals, labels=True),
        "by_level": {str(level): _figures(totals) for level, totals in data.level_totals.items()},
        "by_province": {p.code: _figures(p.totals) for p in data.provinces},
        # each committee's own cells as typed (null: left empty), by its key ("national", "LA-XA", "LA-XA-0801")
        "by_committee": {c.id.key: {k: cell_value(c.submission, k) for k in CELL_FIGURES}
                         for c in committees if c.id is not None and c.id.placed},
        "warnings": [{"where": str(w.where), "file": w.where.file, "sheet": w.where.sheet, "cell": w.where.cell,
                      "code": w.code, "lo": w.lo, "en": w.en, "fix_lo": w.fix_lo, "fix_en": w.fix_en}
                     for w in data.warnings],
    }
    text = json.dumps(doc, ensure_ascii=False, sort_keys=True, indent=1, default=_plain)
    return (text + "\n").encode("utf-8")

