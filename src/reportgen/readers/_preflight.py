"""Looks at a file before it is parsed: is it really an .xlsx, is it safe to open, which formulas lack values.

Workbooks arrive from many offices and are sometimes made by scripts, so nothing in them is trusted: every
part is unpacked here with its real size checked against the size it declares, XML that declares its own
entities is refused, and every sheet is measured before the spreadsheet library is asked to load it (the
library allocates a grid for the whole used area at once, so one cell typed at XFD1048576 would ask for
hundreds of gigabytes and end the program).
"""

from __future__ import annotations

import datetime as dt
import re
import struct
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO
from xml.etree import ElementTree

MAX_FILE_BYTES = 50 * 1024 * 1024
MAX_UNPACKED_BYTES = 200 * 1024 * 1024  # a filled form unpacks to well under 5 MB
MAX_RATIO = 200  # compression ratio of one member; zip bombs reach thousands
MAX_MEMBERS = 10_000  # a form has about 25 parts
MAX_ROWS = 2000  # far more than any sheet of a form offers
MAX_AREA = 1_000_000  # cells from A1 to the furthest value: what the library allocates for a sheet
MAX_TOTAL_AREA = 3_000_000  # the same over all sheets, which may be held in memory together
MAX_CELLS = 500_000  # cell elements in one sheet (a form sheet has a few thousand)
MAX_STRINGS = 1_000_000  # distinct texts a workbook may declare (the library reserves room for them)
MAX_PARSED_PART = 30 * 1024 * 1024  # workbook.xml, its relationships, styles.xml: read whole by ElementTree
MAX_DATE_NUMBER = 1e8  # in a cell formatted as a date or time (day 1e8 is in the year 275,000)
MAX_PROPERTIES = 64 * 1024  # docProps/core.xml: a few hundred bytes; a larger one is not read for its date


@dataclass(frozen=True)
class Problem:
    """A reason not to read a file: a message code of the catalogue (reportgen.messages) and its values."""

    code: str
    values: dict[str, object] = field(default_factory=dict)
    sheet: str = ""  # the sheet concerned, when the problem is in one
    cell: str = ""  # and the cell


def problem(code: str, sheet: str = "", cell: str = "", **values: object) -> Problem:
    return Problem(code, values, sheet, cell)


@dataclass
class Inspection:
    """What was found: a reason not to read the file at all, cells whose formulas have no value, and when the
    workbook says it was last saved."""

    problem: Problem | None = None
    formulas: dict[str, set[str]] = field(default_factory=dict)  # sheet name -> cells like "E5"
    saved: dt.datetime | None = None  # docProps/core.xml's dcterms:modified (UTC); None when it has none


class _Refused(Exception):
    def __init__(self, problem: Problem):
        super().__init__(problem.code)
        self.problem = problem


_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"

_DAMAGED = problem("file.damaged")
_BOMB = problem("file.zip_bomb")
_DOCTYPE = problem("file.doctype")


def inspect_workbook(path: Path) -> Inspection:
    """Everything that can be known about `path` without the spreadsheet library. Never raises."""
    try:
        return Inspection(None, *_inspect(path))
    except _Refused as r:
        return Inspection(r.problem)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ElementTree.ParseError, zlib.error, EOFError, ValueError,
            NotImplementedError, struct.error):
        return Inspection(_DAMAGED)
    except OSError as exc:
        return Inspection(problem("file.no_access", reason=exc.strerror or exc))


def _inspect(path: Path) -> tuple[dict[str, set[str]], dt.datetime | None]:
    with path.open("rb") as f:
        size = path.stat().st_size
        head = f.read(8)
        _file_type(path, size, head)
        with zipfile.ZipFile(f) as z:
            infos = z.infolist()
            _package(z, infos)
            sheets = _sheet_parts(z, f)
            dated = _date_styles(z, f)
            formulas: dict[str, set[str]] = {}
            total_area = 0
            properties: dict[str, bytes] = {}  # the package's relationships and its small docProps parts
            for info in infos:
                data = _unpack(f, info)
                _no_doctype(data)
                lower = info.filename.lower()
                if (lower == "_rels/.rels" or lower.startswith("docprops/")) and len(data) <= MAX_PROPERTIES:
                    properties[info.filename] = data
                if lower.endswith("sharedstrings.xml"):
                    _shared_strings(data)
                name = sheets.get(info.filename)
                if name is None and lower.startswith("xl/worksheets/") and lower.endswith(".xml"):
                    name = info.filename  # not listed in the workbook, but measured all the same
                if name is not None:
                    area, cells = _scan_sheet(data, name, dated)
                    total_area += area
                    if total_area > MAX_TOTAL_AREA:
                        raise _Refused(problem("sheet.all_too_big", name))
                    if cells and info.filename in sheets:
                        formulas[name] = cells
    return formulas, _saved(properties)


_CORE_TYPE = "http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties"
_MODIFIED = "{http://purl.org/dc/terms/}modified"


def _saved(parts: dict[str, bytes]) -> dt.datetime | None:
    """When the workbook was last saved, as the program that saved it wrote in its core properties (UTC).

    The part is the one the package relationships name (docProps/core.xml when they name none); a date
    that is missing, unreadable or outside 1980–2100 is None: the caller falls back to the file's own date.
    """
    name = "docProps/core.xml"
    try:
        rels = ElementTree.fromstring(parts["_rels/.rels"]) if "_rels/.rels" in parts else None
        for r in rels.findall("rel:Relationship", _NS) if rels is not None else ():
            if r.get("Type") == _CORE_TYPE:
                name = r.get("Target", name).lstrip("/")
                break
        core = ElementTree.fromstring(parts[name]) if name in parts else None
        text = (core.findtext(_MODIFIED) or "").strip() if core is not None else ""
        when = dt.datetime.fromisoformat(text) if text else None
    except (ElementTree.ParseError, ValueError):
        return None
    if when is None or not 1980 <= when.year <= 2100:
        return None
    return (when if when.tzinfo else when.replace(tzinfo=dt.UTC)).astimezone(dt.UTC)


def _file_type(path: Path, size: int, head: bytes) -> None:
    if size == 0:
        raise _Refused(problem("file.empty"))
    if size > MAX_FILE_BYTES:
        raise _Refused(problem("file.too_large", mb=size // 1048576))
    if head.startswith(_OLE):
        if _ole_is_encrypted(path):
            raise _Refused(problem("file.encrypted"))
        raise _Refused(problem("file.xls"))
    if not head.startswith(b"PK"):
        raise _Refused(problem("file.not_xlsx"))


def _ole_is_encrypted(path: Path) -> bool:
    # An encrypted .xlsx is an OLE container holding "EncryptedPackage" (UTF-16 in the directory).
    with path.open("rb") as f:
        data = f.read(1 << 20)
    return "EncryptedPackage".encode("utf-16-le") in data


def _package(z: zipfile.ZipFile, infos: list[zipfile.ZipInfo]) -> None:
    """Refusals that need only the zip directory: another format, excessive sizes, macros."""
    names = {i.filename for i in infos}
    if "mimetype" in names and b"opendocument" in z.read("mimetype")[:100]:
        raise _Refused(problem("file.ods"))
    total = sum(i.file_size for i in infos)
    bomb = any(i.compress_size and i.file_size / i.compress_size > MAX_RATIO and i.file_size > 10_000_000
               for i in infos)
    if total > MAX_UNPACKED_BYTES or bomb:
        raise _Refused(_BOMB)
    if len(infos) > MAX_MEMBERS:  # each part costs memory in zipfile and in the spreadsheet library
        raise _Refused(problem("file.too_many_parts", n=len(infos)))
    if "xl/workbook.xml" not in names:
        raise _Refused(problem("file.not_xlsx"))
    if "xl/vbaProject.bin" in names:
        raise _Refused(problem("file.macros"))


def _unpack(f: BinaryIO, info: zipfile.ZipInfo) -> bytes:
    """One member, unpacked by hand so that a member holding more than it declares is caught.

    zipfile stops at the declared size and accepts the member if the first bytes match the checksum;
    the rest of a crafted stream would still be unpacked by the spreadsheet library.
    """
    f.seek(info.header_offset)
    local = f.read(30)
    if len(local) != 30 or local[:4] != b"PK\x03\x04" or info.flag_bits & 0x1:
        raise zipfile.BadZipFile(info.filename)
    name_len, extra_len = struct.unpack("<HH", local[26:30])
    f.seek(info.header_offset + 30 + name_len + extra_len)
    raw = f.read(info.compress_size)
    if len(raw) != info.compress_size:
        raise zipfile.BadZipFile(info.filename)
    if info.compress_type == zipfile.ZIP_STORED:
        data = raw
    elif info.compress_type == zipfile.ZIP_DEFLATED:
        inflate = zlib.decompressobj(-15)
        data = inflate.decompress(raw, info.file_size + 1)
        if len(data) > info.file_size:
            raise _Refused(_BOMB)
    else:
        raise zipfile.BadZipFile(info.filename)  # Excel, LibreOffice and WPS only store or deflate
    if len(data) != info.file_size or zlib.crc32(data) != info.CRC:
        raise zipfile.BadZipFile(info.filename)
    return data


_DECLARATION = re.compile(rb"<!\s*(?:DOCTYPE|ENTITY)", re.I)


def _no_doctype(data: bytes) -> None:
    """Refuse XML that declares entities (billion laughs, external files): Office documents never do."""
    text = data.replace(b"\0", b"") if b"\0" in data[:4] or data[:2] in (b"\xff\xfe", b"\xfe\xff") else data
    if _DECLARATION.search(text):
        raise _Refused(_DOCTYPE)


_UNIQUE_COUNT = re.compile(rb"<(?:[\w.-]+:)?sst\b[^<>]*?\buniqueCount\s*=\s*[\"']\s*(\d+)")


def _shared_strings(data: bytes) -> None:
    # The library reserves room for `uniqueCount` texts before reading any of them.
    m = _UNIQUE_COUNT.search(data[:4096])
    if m and int(m.group(1)) > MAX_STRINGS:
        raise _Refused(problem("file.too_many_texts", n=int(m.group(1))))


_NS = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
       "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
       "rel": "http://schemas.openxmlformats.org/package/2006/relationships"}


def _parsed_part(f: BinaryIO, info: zipfile.ZipInfo) -> bytes:
    # ElementTree holds a whole part in memory at several times its size; these parts are small in any
    # real workbook (styles.xml of a file with tens of thousands of styles is about 10 MB).
    if info.file_size > MAX_PARSED_PART:
        raise _Refused(problem("file.part_too_large", part=info.filename, mb=info.file_size // 1048576))
    return _unpack(f, info)


def _sheet_parts(z: zipfile.ZipFile, f: BinaryIO) -> dict[str, str]:
    """Zip member of each sheet -> the sheet's name, resolved the way the spreadsheet library does."""
    wb_xml = _parsed_part(f, z.getinfo("xl/workbook.xml"))
    try:
        rels_xml = _parsed_part(f, z.getinfo("xl/_rels/workbook.xml.rels"))
    except KeyError:
        raise zipfile.BadZipFile("xl/_rels/workbook.xml.rels") from None
    for data in (wb_xml, rels_xml):
        _no_doctype(data)  # before ElementTree sees them
    wb = ElementTree.fromstring(wb_xml)
    rels = ElementTree.fromstring(rels_xml)
    target = {r.get("Id"): r.get("Target", "") for r in rels.findall("rel:Relationship", _NS)}
    parts = {}
    for s in wb.findall("m:sheets/m:sheet", _NS):
        t = target.get(s.get(f"{{{_NS['r']}}}id"), "")
        part = t[1:] if t.startswith("/xl/") else t if t.startswith("xl/") else "xl/" + t
        parts[part] = s.get("name", "")
    return parts


_BUILTIN_DATES = frozenset((*range(14, 23), *range(27, 37), *range(45, 48), *range(50, 59)))
_NOT_FORMAT = re.compile(r'"[^"]*"|\\.|\[(?![hms]+\])[^\]]*\]', re.I)  # quoted text, escapes, [colours]/[$-…]


def _date_styles(z: zipfile.ZipFile, f: BinaryIO) -> frozenset[int]:
    """Style numbers (a cell's `s`) whose number format shows a date, time or duration.

    The spreadsheet library turns the number in such a cell into a date, and ends the program (a Rust
    panic) when the number is out of range, e.g. -1e12 or 1e10 shown as [h]:mm.
    """
    try:
        info = z.getinfo("xl/styles.xml")
    except KeyError:
        return frozenset()
    data = _parsed_part(f, info)
    _no_doctype(data)
    root = ElementTree.fromstring(data)
    m = _NS["m"]
    codes = {int(n.get("numFmtId", "-1")): n.get("formatCode", "") for n in root.iter(f"{{{m}}}numFmt")
             if n.get("numFmtId", "").isdigit()}
    out = set()
    for i, xf in enumerate(root.findall(f"{{{m}}}cellXfs/{{{m}}}xf")):
        fmt = xf.get("numFmtId", "0")
        fid = int(fmt) if fmt.isdigit() else 0
        if fid in codes:
            if re.search("[dmyhs]", _NOT_FORMAT.sub("", codes[fid]), re.I):
                out.add(i)
        elif fid in _BUILTIN_DATES:
            out.add(i)
    return frozenset(out)


def _bad_date_number(text: bytes) -> bool:
    try:
        return not abs(float(text)) <= MAX_DATE_NUMBER  # NaN and infinities too
    except ValueError:
        return False  # not a number: the library reads it as text or refuses the file itself


_TAG = re.compile(rb"<(/?)(?:[A-Za-z_][\w.-]*:)?(row|c|v|f|is)(?=[\s/>])([^<>]*)>")
_S = re.compile(rb"""(?:^|\s)s\s*=\s*["'](\d+)["']""")
_T = re.compile(rb"""(?:^|\s)t\s*=\s*["']([^"']*)["']""")
_R = re.compile(rb"""(?:^|\s)r\s*=\s*["']([A-Za-z]{0,3})([0-9]{0,7})["']""")
_ROW_NUMBER = re.compile(rb"""<(?:[\w.-]+:)?row\b[^<>]*?\sr\s*=\s*["'](\d+)""")


def column_letters(col: int) -> str:
    """A column's letters as Excel shows them: 1 → A, 28 → AB."""
    out = ""
    while col:
        col, rem = divmod(col - 1, 26)
        out = chr(65 + rem) + out
    return out


_C_ATTRS = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?c(?=[\s/>])([^<>]*)>")  # every cell start tag, as _TAG finds it
# in "<attrs<attrs…": the first `r` of each, as _R finds it (leftmost), and the rest of that cell's attributes
_R_EACH = re.compile(rb"<[^<]*?\sr\s*=\s*[\"']([A-Za-z]{0,3})([0-9]{0,7})[\"'][^<]*")
_S_EACH = re.compile(rb"<[^<]*?\ss\s*=\s*[\"'](\d+)[\"'][^<]*")  # the same for the first `s`, as _S finds it
_F_ANY = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?f(?=[\s/>])")


def _column(letters: bytes) -> int:
    col = 0
    for ch in letters.upper():
        col = col * 26 + ch - 64
    return col


def _quick_scan(data: bytes, dated: frozenset[int] = frozenset()) -> int | None:
    """The used area of an ordinary sheet, or None when the full scan must decide.

    Ordinary: no formula, no more cell tags than allowed, and every cell that is not self-closing names its
    position in `r` within the limits; then the full scan would find the same area and nothing to refuse.
    Regular expressions do the walking here, which makes a form sheet's scan several times faster.
    """
    if _F_ANY.search(data):
        return None
    tags = _C_ATTRS.findall(data)
    if len(tags) > MAX_CELLS:
        return None
    filled = [attrs for attrs in tags if not attrs.endswith(b"/")]  # self-closing cells are empty
    if not filled:
        return 0
    joined = b"<" + b"<".join(filled)
    if dated and any(int(style) in dated for style in set(_S_EACH.findall(joined))):
        return None  # a filled date cell: the full scan checks its number
    positions = _R_EACH.findall(joined)
    if len(positions) != len(filled):
        return None  # a filled cell without `r`: placed by order, which only the full scan follows
    letters, digits = set(), []
    for col, row in positions:
        letters.add(col)
        digits.append(row)
    if b"" in letters or b"" in digits:
        return None
    max_row, max_col = max(map(int, digits)), max(map(_column, letters))
    if max_row > MAX_ROWS or max_row * max_col > MAX_AREA:
        return None
    return max_row * max_col


def _scan_sheet(data: bytes, sheet: str, dated: frozenset[int] = frozenset()) -> tuple[int, set[str]]:
    """The sheet's used area (from A1) and the cells whose formula has no calculated value; refuses a sheet
    too large to be a filled form, or a date cell holding a number no date can be (`dated`: its styles)."""
    area = _quick_scan(data, dated)
    if area is not None:
        return area, set()
    return _full_scan(data, sheet, dated)


def _full_scan(data: bytes, sheet: str, dated: frozenset[int] = frozenset()) -> tuple[int, set[str]]:
    """_scan_sheet, tag by tag.

    Positions follow the spreadsheet library: a cell's `r` attribute, else the next column of the
    current row; a row without `r` follows the previous one.
    """
    row, next_col, max_row, max_col, cells = 0, 1, 0, 0, 0
    cell: tuple[int, int] | None = None
    has_value = has_formula = is_date = False
    value_end = -1
    uncached: set[str] = set()
    for m in _TAG.finditer(data):
        closing, name, attrs = m.group(1), m.group(2), m.group(3)
        if name == b"row" and not closing:
            r = _R.search(attrs)
            row = int(r.group(2)) if r and r.group(2) and not r.group(1) else row + 1
            next_col = 1
        elif name == b"c":
            if closing:
                if cell is not None and has_formula and not has_value:
                    uncached.add(f"{column_letters(cell[1])}{cell[0]}")
                cell = None
                continue
            cells += 1
            if cells > MAX_CELLS:
                raise _Refused(problem("sheet.too_many_cells", sheet, n=MAX_CELLS))
            r = _R.search(attrs)
            if r and r.group(1) and r.group(2):
                col = 0
                for ch in r.group(1).upper():
                    col = col * 26 + ch - 64
                row = int(r.group(2))
            else:
                col = next_col
            next_col = col + 1
            if attrs.endswith(b"/"):
                continue  # an empty cell (only a style): the library does not place it
            cell, has_value, has_formula = (row, col), False, False
            s, t = _S.search(attrs), _T.search(attrs)
            is_date = bool(dated) and s is not None and int(s.group(1)) in dated and (t is None or t.group(1) == b"n")
            if row > MAX_ROWS:
                tail = [int(n) for n in _ROW_NUMBER.findall(data[-65536:])]
                last = max([row, *tail])
                raise _Refused(problem("sheet.too_many_rows", sheet, row=last))
            max_row, max_col = max(max_row, row), max(max_col, col)
            if max_row * max_col > MAX_AREA:
                ref = f"{column_letters(max_col)}{max_row}"
                raise _Refused(problem("sheet.too_far", sheet, ref=ref))
        elif cell is None or closing and name != b"v":
            continue
        elif name == b"v":
            if not closing:
                value_end = m.end() if not attrs.endswith(b"/") else -1
            elif value_end != -1 and m.start() > value_end:
                has_value = True
                if is_date and _bad_date_number(data[value_end:m.start()]):
                    ref = f"{column_letters(cell[1])}{cell[0]}"
                    shown = data[value_end:m.start()][:40].decode("ascii", "replace")
                    raise _Refused(problem("sheet.bad_date", sheet, ref, number=shown))
        elif name == b"is":
            has_value = True
        elif name == b"f":
            has_formula = True
    return max_row * max_col, uncached
