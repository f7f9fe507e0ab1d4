"""The corpus: broken and hostile inputs folders, each with the exact output `reportgen check` must give.

Every case writes an `inputs/` folder; `lines` are the lines printed by
`reportgen check inputs --year 2019 --quiet` without the "    → what to do" lines (those are checked to
follow every message). Cases whose workbooks must still work are also built (`builds=True`).
"""

from __future__ import annotations

import datetime as dt
import io
import re
import shutil
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from openpyxl import Workbook

from reportgen.contract import schema
from reportgen.writers.xlsx.forms import Formula, Identity, save_bytes, set_item, set_value

from .xlsx import (
    LOL,
    MAIN_NS,
    XA,
    XXE,
    deflate,
    edit_parts,
    form,
    members_of,
    million_rows,
    ods_file,
    ole_file,
    part_of,
    raw_zip,
    sheet_with_rows,
    spaces_deflated,
    with_doctype,
)

FILES = Path(__file__).parent / "files"
#: Sheets the first version of the form named otherwise (the reader still finds them by their number).
_FIRST_TITLES = {"shortcomings": "3 ຂໍ້ຄົງຄ້າງ"}

CASES_SHEET = schema.CASES.title  # "6 ສະຖິຕິຄະດີ"
ERR, WARN = "[ຂໍ້ຜິດພາດ / error]", "[ຄຳເຕືອນ / warning]"


@dataclass(frozen=True)
class Case:
    name: str
    make: Callable[[Path], None]  # writes the workbooks into the inputs folder it is given
    lines: tuple[str, ...]
    exit_code: int = 1
    builds: bool = False  # the folder must also build a report
    unreadable: bool = False  # the run must not be able to read files whose permissions forbid it

    def __str__(self) -> str:
        return self.name


def summary(files: int, errors: int, warnings: int) -> str:
    s = "s" if files != 1 else ""
    return (f"ກວດແລ້ວ {files} ໄຟລ໌: ຂໍ້ຜິດພາດ {errors}, ຄຳເຕືອນ {warnings} / "
            f"checked {files} file{s}: {errors} error{'s' if errors != 1 else ''}, "
            f"{warnings} warning{'s' if warnings != 1 else ''}")


OK_ONE = summary(1, 0, 0)


def _write(name: str, data: bytes | Callable[[], bytes]) -> Callable[[Path], None]:
    def make(folder: Path) -> None:
        (folder / name).write_bytes(data() if callable(data) else data)
    return make


def _edited(edit: Callable[[Workbook], None], name: str = "LA-XA.xlsx", ident: Identity = XA):
    return _write(name, lambda: form(ident, edit))


def _sheet_edit(title: str, fn: Callable[[bytes], bytes], name: str = "LA-XA.xlsx"):
    def data() -> bytes:
        base = form()
        return edit_parts(base, {part_of(base, title): fn})
    return _write(name, data)


# ---- files that are not what their name says ------------------------------------------------------

NOT_XLSX = "ບໍ່ແມ່ນໄຟລ໌ Excel (.xlsx) / not an Excel workbook (.xlsx)"
DAMAGED = "ໄຟລ໌ເສຍ ຫຼື ບໍ່ຄົບ (ອາດດາວໂຫຼດບໍ່ສຳເລັດ) / the file is damaged or incomplete (perhaps a broken download)"
BOMB = "ໄຟລ໌ຜິດປົກກະຕິ: ຂະຫຍາຍອອກໃຫຍ່ເກີນໄປ / abnormal file: it unpacks to an excessive size"
DOCTYPE = ("ໄຟລ໌ຜິດປົກກະຕິ: ມີການປະກາດ DOCTYPE ຫຼື ENTITY ທີ່ Excel ບໍ່ເຄີຍຂຽນ / "
           "abnormal file: it declares a DOCTYPE or ENTITY, which Excel never writes")


def _truncated() -> bytes:
    data = form()
    return data[: len(data) // 2]


def _zip_bomb() -> bytes:
    """A real form whose first sheet is replaced by 2,000 MiB of spaces (the file is about 2 MB)."""
    raw, crc = spaces_deflated(2000)
    members = [(n, raw, 2000 << 20, crc) if n.endswith("sheet1.xml") else (n, r, s, c)
               for n, r, s, c in members_of(form())]
    return raw_zip(members)


def _zip_bomb_false_size() -> bytes:
    """The same, but the member declares only its first bytes (and their checksum): zipfile's own test passes."""
    members = []
    for n, r, s, c in members_of(form()):
        if n.endswith("sheet1.xml"):
            head = b'<?xml version="1.0"?><worksheet ' + MAIN_NS + b"><sheetData>"
            raw, _ = spaces_deflated(500)
            z = zlib.compressobj(9, zlib.DEFLATED, -15)
            r = z.compress(head) + z.flush(zlib.Z_FULL_FLUSH) + raw
            s, c = len(head), zlib.crc32(head)
        members.append((n, r, s, c))
    return raw_zip(members)


def _entity_expansion() -> bytes:
    base = form()
    part = part_of(base, CASES_SHEET)
    return edit_parts(base, {part: lambda x: with_doctype(x, LOL).replace(b"<v>4</v>", b"<v>&lol9;</v>", 1)})


def _external_entity() -> bytes:
    return edit_parts(form(), {"xl/workbook.xml": lambda x: with_doctype(x, XXE).replace(
        b'name="_meta"', b'name="&xxe;"', 1)})


def _macros() -> bytes:
    return edit_parts(form(), {}, add={"xl/vbaProject.bin": ole_file(False)})


def _csv() -> bytes:
    return "ຂົງເຂດ,ຈຳນວນ\nຄະດີ,4\n".encode()


# ---- forms that were changed ----------------------------------------------------------------------

def _delete_sheet(wb: Workbook) -> None:
    del wb[schema.VICTIMS.title]


def _rename_and_reorder(wb: Workbook) -> None:
    ws = wb[CASES_SHEET]
    ws.title = "Cases (edited)"
    wb.move_sheet(ws, offset=-5)
    wb.move_sheet(wb[schema.SUBMISSION.title], offset=8)
    wb[schema.SUBMISSION.title].title = "ຂໍ້ມູນ"


def _schema_version(wb: Workbook) -> None:
    for row in wb[schema.META_SHEET].iter_rows():
        if row[0].value == "schema_version":
            row[1].value = 3


def _row_key(wb: Workbook) -> None:
    lay = schema.layout(schema.CASES)
    wb[CASES_SHEET].cell(lay.row_at["suspects"], schema.KEY_COL).value = "suspect"


def _column_key(wb: Workbook) -> None:
    wb[CASES_SHEET].cell(schema.KEY_ROW, 5).value = "totl"


def _copied_sheet(wb: Workbook) -> None:
    copy = wb.copy_worksheet(wb[CASES_SHEET])
    copy.title = "6 ສະຖິຕິຄະດີ (2)"


def _count(value: object) -> Callable[[Workbook], None]:
    return lambda wb: set_value(wb, "cases", "received", "total", value)


def _cached_formula(x: bytes) -> bytes:
    return re.sub(rb"<f>2\+3</f>(?:<v></v>|<v/>|<v>)?(?:</v>)?", b"<f>2+3</f><v>5</v>", x)


def _million(x: bytes) -> bytes:
    return sheet_with_rows(x, million_rows(41, 1_000_000))


def _corner(x: bytes) -> bytes:
    return sheet_with_rows(x, b'<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>')


def _declared(size: int, raw_size: int) -> bytes:
    """A form plus one member that declares `size` bytes but holds `raw_size` bytes of deflated nothing."""
    raw = deflate(b"")  # what the member really holds does not matter: its declared size is refused first
    extra = ("xl/media/image1.png", raw + b"\0" * (raw_size - len(raw)), size, 0)
    return raw_zip([*members_of(form()), extra])


def _huge_styles() -> bytes:
    """styles.xml declaring 31 MB (and 200 KB packed, an ordinary ratio): too large to be read whole safely."""
    return raw_zip([(n, r + b"\0" * 200_000, 31 << 20, c) if n == "xl/styles.xml" else (n, r, s, c)
                    for n, r, s, c in members_of(form())])


def _many_parts() -> bytes:
    empty = deflate(b"")
    return raw_zip([*members_of(form()), *((f"customXml/item{i}.xml", empty, 0, 0) for i in range(10_001))])


def _docx() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", "<w:document xmlns:w=\"http://schemas.openxmlformats.org/"
                                        "wordprocessingml/2006/main\"/>")
    return out.getvalue()


def _corrupted_member() -> bytes:
    """One byte of a sheet changed (stored uncompressed, so only the checksum can tell), as a bad USB stick does."""
    base = form()
    part = part_of(base, CASES_SHEET)
    with zipfile.ZipFile(io.BytesIO(base)) as z:
        plain = z.read(part)
    i = plain.index(b"<v>4</v>") + 3
    members = [(n, plain[:i] + b"7" + plain[i + 1:], s, c) if n == part else (n, r, s, c)
               for n, r, s, c in members_of(base)]
    return raw_zip(members, stored=frozenset({part}))


def _utf16_doctype() -> bytes:
    """The workbook part in UTF-16 (allowed by XML) with an external entity: the declaration is found all the same."""
    def edit(x: bytes) -> bytes:
        text = with_doctype(x, XXE).decode("utf-8").replace('encoding="UTF-8"', 'encoding="UTF-16"', 1)
        return text.encode("utf-16")
    return edit_parts(form(), {"xl/workbook.xml": edit})


def _bzip2() -> bytes:
    src = zipfile.ZipFile(io.BytesIO(form()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_BZIP2) as z:
        for info in src.infolist():
            z.writestr(info.filename, src.read(info.filename))
    return out.getvalue()


def _far_right(x: bytes) -> bytes:
    return sheet_with_rows(x, b'<row r="1500"><c r="XFD1500"><v>1</v></c></row>')


def _no_position(x: bytes) -> bytes:
    return sheet_with_rows(x, b'<row r="1048576"><c><v>1</v></c></row>')


def _no_position_far_right(x: bytes) -> bytes:
    return sheet_with_rows(x, b'<row r="1500">' + b"<c><v>1</v></c>" * 16384 + b"</row>")


def _many_cells(x: bytes) -> bytes:
    rows = b"".join(b'<row r="%d">' % r + b"".join(b'<c r="%s%d" s="1"/>' % (col, r) for col in _COLS) + b"</row>"
                    for r in range(41, 2001))
    return sheet_with_rows(x, rows)


_COLS = [c.encode() for c in (*"ABCDEFGHIJKLMNOPQRSTUVWXYZ", *(a + b for a in "ABCDEFGHIJ" for b in "ABCDEFGHIJKLMNOPQRSTUVWXYZ"))]


def _large_together() -> bytes:
    """Four sheets each within the limit for one sheet (900 columns × 1000 rows), too large together."""
    base = form()
    corner = b'<row r="1000"><c r="AHP1000"><v>1</v></c></row>'  # column AHP = 900
    titles = (schema.CASES.title, schema.VICTIMS.title, schema.VICTIM_PLACES.title, schema.ASSISTANCE.title)
    return edit_parts(base, {part_of(base, t): lambda x: sheet_with_rows(x, corner) for t in titles})


def _sparse_file(folder: Path) -> None:
    with (folder / "LA-XA.xlsx").open("wb") as f:
        f.write(b"PK\x03\x04")
        f.truncate(51 * 1024 * 1024)  # sparse: takes no room on disk


def _date_number(value: float, number_format: str = "DD/MM/YYYY") -> Callable[[Workbook], None]:
    """A number no date can be, in a date cell, as a script writes it (Excel would refuse to show it)."""
    def edit(wb: Workbook) -> None:
        set_value(wb, "submission", "date_prepared", "value", value)
        wb[schema.SUBMISSION.title].cell(schema.layout(schema.SUBMISSION).row_at["date_prepared"], 5).number_format = (
            number_format)
    return edit


def _date_nan() -> bytes:
    base = form(edit=_date_number(float("nan")))  # openpyxl writes NaN as an empty value; a script may not
    return edit_parts(base, {part_of(base, schema.SUBMISSION.title): lambda x: x.replace(
        b'<c r="E11" s="10" t="n"><v></v>', b'<c r="E11" s="10" t="n"><v>NaN</v>', 1)})


def _string_count() -> bytes:
    sst = (b'<?xml version="1.0" encoding="UTF-8"?><sst ' + MAIN_NS
           + b' count="1" uniqueCount="4000000000"><si><t>a</t></si></sst>')
    rel = (b'<Relationship Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" '
           b'Target="sharedStrings.xml" Id="rId99"/></Relationships>')
    ctype = (b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.'
             b'spreadsheetml.sharedStrings+xml"/></Types>')
    return edit_parts(form(), {"xl/_rels/workbook.xml.rels": lambda x: x.replace(b"</Relationships>", rel),
                               "[Content_Types].xml": lambda x: x.replace(b"</Types>", ctype)},
                      add={"xl/sharedStrings.xml": sst})


LONG = ("ຄະນະກຳມະການໄດ້ໂຄສະນາເຜີຍແຜ່ກົດໝາຍວ່າດ້ວຍການຕ້ານການຄ້າມະນຸດ ໃນທົ່ວແຂວງ. " * 600)[:32767]


def _long_texts(wb: Workbook) -> None:
    set_value(wb, "submission", "committee_name", "value", LONG[:200])
    set_item(wb, "achievements", 0, {"description": LONG})
    set_item(wb, "lessons", 0, {"lesson": LONG})
    set_item(wb, "plans", 0, {"area": "ການປ້ອງກັນ ແລະ ການໂຄສະນາສຶກສາອົບຮົມ", "activity": LONG, "target": LONG})


def _control_characters() -> bytes:
    def edit(wb: Workbook) -> None:
        set_item(wb, "achievements", 0, {"description": "CONTROL-RAW"})
        set_item(wb, "lessons", 0, {"lesson": "CONTROL-ESCAPED"})
    base = form(edit=edit)
    return edit_parts(base, {
        part_of(base, schema.ACHIEVEMENTS.title): lambda x: x.replace(b"CONTROL-RAW", "ໂຄສະນາ\x01ເຜີຍແຜ່\x1f".encode()),
        part_of(base, schema.LESSONS.title): lambda x: x.replace(b"CONTROL-ESCAPED", "ບົດຮຽນ_x0007_ທີ_x000B_ໜຶ່ງ".encode()),
    })


def _district(province: str, code: str, name: str, province_text: str | None = None):
    def edit(wb: Workbook) -> None:
        set_value(wb, "submission", "district", "value", name)
        if province_text:
            set_value(wb, "submission", "province", "value", province_text)
    return form(Identity("district", 2019, province, code), edit)


def _mixed_spellings(folder: Path) -> None:
    # Luang Namtha with the old ຫລ and a decomposed ນ້ໍາ; districts typed with old and new spellings mixed.
    lm = Identity("province", 2019, "LA-LM")
    (folder / "LA-LM.xlsx").write_bytes(form(lm, lambda wb: set_value(wb, "submission", "province", "value",
                                                                      "ຫລວງນ\u0ec9\u0ecd\u0eb2ທາ")))
    (folder / "LA-LM-0301.xlsx").write_bytes(_district("LA-LM", "0301", "ເມືອງຫລວງນ້ຳທາ", "ແຂວງຫຼວງນ້ຳທາ"))
    (folder / "LA-OU-0403.xlsx").write_bytes(_district("LA-OU", "0403", "ນາຫມໍ້"))
    vt = Identity("province", 2019, "LA-VT")
    (folder / "LA-VT.xlsx").write_bytes(form(vt, lambda wb: set_value(wb, "submission", "province", "value",
                                                                      "ນະຄອນຫລວງວຽງຈັນ")))


def _same_committee_two_spellings(folder: Path) -> None:
    lp = Identity("province", 2019, "LA-LP")
    (folder / "LA-LP.xlsx").write_bytes(form(lp))
    (folder / "ຫລວງພະບາງ ສະບັບແກ້ໄຂ.xlsx").write_bytes(form(lp, lambda wb: set_value(
        wb, "submission", "province", "value", "ແຂວງຫລວງພະບາງ")))


def _two_workbooks(folder: Path) -> None:
    (folder / "LA-XA.xlsx").write_bytes(form())
    (folder / "LA-XA (1).xlsx").write_bytes(form(edit=_count(5)))


def _wrong_year(folder: Path) -> None:
    (folder / "LA-XA.xlsx").write_bytes(form(Identity("province", 2018, "LA-XA")))


def _unreadable(folder: Path) -> None:
    p = folder / "LA-XA.xlsx"
    p.write_bytes(form())
    p.chmod(0)


def _non_excel_files(folder: Path) -> None:
    (folder / "LA-XA.xlsx").write_bytes(form())
    (folder / "ບົດລາຍງານ.docx").write_bytes(b"PK\x03\x04 not really a document")
    (folder / "photo.jpg").write_bytes(b"\xff\xd8\xff\xe0 jpeg")
    (folder / "notes.txt").write_text("ສົ່ງແລ້ວ\n", encoding="utf-8")
    (folder / "~$LA-XA.xlsx").write_bytes(b"owner lock file")  # Excel's lock file while the form is open
    (folder / ".DS_Store").write_bytes(b"\0\0\0\1Bud1")
    (folder / ".old forms").mkdir()
    (folder / ".old forms" / "LA-XA.xlsx").write_bytes(b"ignored: hidden folders are not read")


def _only_other_files(folder: Path) -> None:
    (folder / "notes.txt").write_text("ສົ່ງແລ້ວ\n", encoding="utf-8")
    (folder / "LA-XA.csv").write_bytes(_csv())
    (folder / "LA-XA.ods").write_bytes(ods_file())


def _outside(wb: Workbook) -> None:
    wb[CASES_SHEET].cell(40, 5).value = 99


def _lao_file_name(folder: Path) -> None:
    (folder / "ແຂວງ ໄຊຍະບູລີ (ສະບັບສຸດທ້າຍ) 2019.xlsx").write_bytes(form())


def _copy(name: str) -> Callable[[Path], None]:
    return lambda folder: shutil.copy(FILES / name, folder / name)


def _nothing(folder: Path) -> None:
    pass


F = "inputs/LA-XA.xlsx"
NO_WORKBOOKS = f"inputs: ບໍ່ມີໄຟລ໌ Excel (.xlsx) ໃນໂຟນເດີນີ້ / there are no Excel workbooks (.xlsx) in this folder {ERR}"
S = f"{F} › {CASES_SHEET}"
NUMBER_FIX = "must be a whole number ≥ 0"

CASES: list[Case] = [
    # -- not an Excel workbook, or not one that is safe to open
    Case("not_a_zip", _write("LA-XA.xlsx", b"\x00\x01garbage " * 50), (f"{F}: {NOT_XLSX} {ERR}", summary(1, 1, 0))),
    Case("csv_renamed_xlsx", _write("LA-XA.xlsx", _csv), (f"{F}: {NOT_XLSX} {ERR}", summary(1, 1, 0))),
    Case("truncated_zip", _write("LA-XA.xlsx", _truncated), (f"{F}: {DAMAGED} {ERR}", summary(1, 1, 0))),
    Case("empty_file", _write("LA-XA.xlsx", b""), (
        f"{F}: ໄຟລ໌ຫວ່າງເປົ່າ (ຂະໜາດ 0 KB) / the file is empty (0 bytes) {ERR}", summary(1, 1, 0))),
    Case("zip_bomb", _write("LA-XA.xlsx", _zip_bomb), (f"{F}: {BOMB} {ERR}", summary(1, 1, 0))),
    Case("zip_bomb_false_size", _write("LA-XA.xlsx", _zip_bomb_false_size), (f"{F}: {BOMB} {ERR}", summary(1, 1, 0))),
    Case("xml_entity_expansion", _write("LA-XA.xlsx", _entity_expansion), (f"{F}: {DOCTYPE} {ERR}", summary(1, 1, 0))),
    Case("xml_external_entity", _write("LA-XA.xlsx", _external_entity), (f"{F}: {DOCTYPE} {ERR}", summary(1, 1, 0))),
    Case("xml_external_entity_in_utf16", _write("LA-XA.xlsx", _utf16_doctype), (f"{F}: {DOCTYPE} {ERR}",
                                                                                 summary(1, 1, 0))),
    Case("shared_string_count", _write("LA-XA.xlsx", _string_count), (
        f"{F}: ໄຟລ໌ຜິດປົກກະຕິ: ປະກາດວ່າມີ 4000000000 ຂໍ້ຄວາມ / abnormal file: it declares 4000000000 different "
        f"texts {ERR}", summary(1, 1, 0))),
    Case("declared_250_mb", _write("LA-XA.xlsx", lambda: _declared(250 << 20, 2 << 20)), (
        f"{F}: {BOMB} {ERR}", summary(1, 1, 0))),
    Case("member_1500_times_smaller_than_declared", _write("LA-XA.xlsx", lambda: _declared(150 << 20, 100_000)), (
        f"{F}: {BOMB} {ERR}", summary(1, 1, 0))),
    Case("ten_thousand_parts", _write("LA-XA.xlsx", _many_parts), (
        f"{F}: ໄຟລ໌ຜິດປົກກະຕິ: ມີ 10025 ສ່ວນ (ແບບຟອມມີປະມານ 25 ສ່ວນ) / abnormal file: it holds 10025 parts (a form has "
        f"about 25) {ERR}", summary(1, 1, 0))),
    Case("styles_part_of_31_mb", _write("LA-XA.xlsx", _huge_styles), (
        f"{F}: ໄຟລ໌ຜິດປົກກະຕິ: ສ່ວນ xl/styles.xml ໃຫຍ່ເກີນໄປ (31 MB) / abnormal file: its part xl/styles.xml is too "
        f"large (31 MB) {ERR}", summary(1, 1, 0))),
    Case("file_larger_than_50_mb", _sparse_file, (
        f"{F}: ໄຟລ໌ໃຫຍ່ເກີນໄປ (51 MB) / the file is too large (51 MB) {ERR}", summary(1, 1, 0))),
    Case("docx_renamed_xlsx", _write("LA-XA.xlsx", _docx), (f"{F}: {NOT_XLSX} {ERR}", summary(1, 1, 0))),
    Case("corrupted_member", _write("LA-XA.xlsx", _corrupted_member), (f"{F}: {DAMAGED} {ERR}", summary(1, 1, 0))),
    Case("bzip2_compressed", _write("LA-XA.xlsx", _bzip2), (f"{F}: {DAMAGED} {ERR}", summary(1, 1, 0))),
    Case("xls_named_xls", _write("LA-XA.xls", ole_file(False)), (
        NO_WORKBOOKS,
        f"inputs/LA-XA.xls: ໄຟລ໌ປະເພດ .xls ອ່ານບໍ່ໄດ້ / .xls files cannot be read {ERR}", summary(0, 2, 0))),
    Case("xls_renamed_xlsx", _write("LA-XA.xlsx", ole_file(False)), (
        f"{F}: ໄຟລ໌ Excel ລຸ້ນເກົ່າ (.xls) / an old Excel 97–2003 file (.xls) {ERR}", summary(1, 1, 0))),
    Case("xlsm_named_xlsm", _write("LA-XA.xlsm", _macros), (
        NO_WORKBOOKS,
        f"inputs/LA-XA.xlsm: ໄຟລ໌ປະເພດ .xlsm ອ່ານບໍ່ໄດ້ / .xlsm files cannot be read {ERR}", summary(0, 2, 0))),
    Case("xlsm_renamed_xlsx", _write("LA-XA.xlsx", _macros), (
        f"{F}: ໄຟລ໌ມີຄຳສັ່ງອັດຕະໂນມັດ (macro, .xlsm) / the workbook contains macros (.xlsm) {ERR}", summary(1, 1, 0))),
    Case("password_protected", _write("LA-XA.xlsx", ole_file(True)), (
        f"{F}: ໄຟລ໌ມີລະຫັດຜ່ານ / the workbook is password-protected {ERR}", summary(1, 1, 0))),
    Case("ods_renamed_xlsx", _write("LA-XA.xlsx", ods_file()), (
        f"{F}: ໄຟລ໌ OpenDocument (.ods) / an OpenDocument spreadsheet (.ods) {ERR}", summary(1, 1, 0))),
    Case("unreadable_file", _unreadable, (
        f"{F}: ເປີດໄຟລ໌ບໍ່ໄດ້ (ບໍ່ມີສິດ ຫຼື ໄຟລ໌ຖືກລັອກ) / cannot open the file (Permission denied) {ERR}",
        summary(1, 1, 0)), unreadable=True),
    Case("plain_workbook", _write("LA-XA.xlsx", lambda: save_bytes(Workbook())), (
        f"{F}: ບໍ່ແມ່ນແບບຟອມຂອງ reportgen (ບໍ່ພົບຂໍ້ມູນແບບຟອມ) / not a reportgen form (its form information is "
        f"missing) {ERR}", summary(1, 1, 0))),
    # -- forms whose structure was changed
    Case("missing_sheet", _edited(_delete_sheet), (
        f"{F} › 7 ຜູ້ຖືກເຄາະຮ້າຍ: ບໍ່ພົບແຜ່ນງານ \"7 ຜູ້ຖືກເຄາະຮ້າຍ\" / sheet \"7 Victims by form of exploitation\" "
        f"is missing {ERR}", summary(1, 1, 0))),
    Case("renamed_and_reordered_sheets", _edited(_rename_and_reorder), (OK_ONE,), exit_code=0, builds=True),
    Case("other_schema_version", _edited(_schema_version), (
        f"{F}: ແບບຟອມລຸ້ນ 3; ລຸ້ນປັດຈຸບັນແມ່ນ 2 / form version 3; this reportgen reads version 2 {ERR}",
        summary(1, 1, 0))),
    Case("tampered_row_key", _edited(_row_key), (
        f"{S} › A10: ແຖວທີ່ບໍ່ຮູ້ຈັກ \"suspect\": ແບບຟອມຖືກດັດແປງ / unknown row key \"suspect\": the form was "
        f"altered {ERR}",
        f"{S}: ບໍ່ພົບແຖວ \"ຜູ້ຕ້ອງສົງໄສທີ່ຖືກຈັບ (ຄົນ)\" (suspects): ແບບຟອມຖືກດັດແປງ / row \"suspects arrested\" "
        f"(suspects) is missing: the form was altered {ERR}", summary(1, 2, 0))),
    Case("tampered_column_key", _edited(_column_key), (
        f"{S} › E1: ຖັນທີ່ບໍ່ຮູ້ຈັກ \"totl\": ແບບຟອມຖືກດັດແປງ / unknown column key \"totl\": the form was altered {ERR}",
        f"{S}: ບໍ່ພົບຖັນ \"ທັງໝົດ\" (total): ແບບຟອມຖືກດັດແປງ / column \"total\" (total) is missing: the form was "
        f"altered {ERR}", summary(1, 2, 0))),
    Case("copied_sheet", _edited(_copied_sheet), (
        f"{F} › 6 ສະຖິຕິຄະດີ (2): ແຜ່ນງານຊ້ຳກັບ \"{CASES_SHEET}\" / duplicate of sheet \"{CASES_SHEET}\" {ERR}",
        summary(1, 1, 0))),
    Case("merged_cells", _edited(lambda wb: wb[CASES_SHEET].merge_cells("E5:F6")), (
        f"{S} › E5: ຫ້ອງທີ່ຖືກລວມ (merge) E5:F6 ຢູ່ໃນເຂດຂໍ້ມູນ / merged cells E5:F6 in the data area {ERR}",
        summary(1, 1, 0))),
    Case("data_outside_the_form", _edited(_outside), (
        f"{S} › E40: ມີຂໍ້ມູນຢູ່ນອກແຖວຂອງແບບຟອມ (ລຸ່ມຕາຕະລາງ ຫຼື ແຖວທີ່ເພີ່ມເອງ): \"99\" — ບໍ່ເຂົ້າໃນບົດລາຍງານ / "
        f"data outside the form's rows (below the table, or an added row): \"99\" — not in the report {WARN}",
        summary(1, 0, 1)), exit_code=0, builds=True),
    # -- wrong values in count cells
    Case("text_in_count", _edited(_count("ສິບ")), (
        f"{S} › E5: ຕ້ອງໃສ່ຈຳນວນເຕັມ ບໍ່ຕິດລົບ, ແຕ່ໃນຫ້ອງນີ້ມີຂໍ້ຄວາມ \"ສິບ\" / {NUMBER_FIX}, found the text \"ສິບ\" {ERR}",
        summary(1, 1, 0))),
    Case("negative_count", _edited(_count(-3)), (
        f"{S} › E5: ຕ້ອງໃສ່ຈຳນວນເຕັມ ບໍ່ຕິດລົບ, ແຕ່ໃນຫ້ອງນີ້ມີເລກລົບ \"-3\" / {NUMBER_FIX}, found the negative \"-3\" {ERR}",
        summary(1, 1, 0))),
    Case("decimal_count", _edited(_count(2.5)), (
        f"{S} › E5: ຕ້ອງໃສ່ຈຳນວນເຕັມ ບໍ່ຕິດລົບ, ແຕ່ໃນຫ້ອງນີ້ມີເລກທົດສະນິຍົມ \"2.5\" / {NUMBER_FIX}, found the decimal \"2.5\" {ERR}",
        summary(1, 1, 0))),
    Case("date_in_count", _edited(_count(dt.date(2019, 5, 1))), (
        f"{S} › E5: ຕ້ອງໃສ່ຈຳນວນເຕັມ ບໍ່ຕິດລົບ, ແຕ່ໃນຫ້ອງນີ້ມີ \"ວັນທີ\" / {NUMBER_FIX}, found \"a date\" {ERR}",
        summary(1, 1, 0))),
    Case("long_text_in_count", _edited(_count(LONG)), (
        f"{S} › E5: ຕ້ອງໃສ່ຈຳນວນເຕັມ ບໍ່ຕິດລົບ, ແຕ່ໃນຫ້ອງນີ້ມີຂໍ້ຄວາມ \"{LONG[:40]}…\" / {NUMBER_FIX}, found the text "
        f"\"{LONG[:40]}…\" {ERR}", summary(1, 1, 0))),
    Case("formula_without_value", _edited(_count(Formula("=2+3"))), (
        f"{S} › E5: ສູດຄຳນວນນີ້ບໍ່ມີຄ່າທີ່ຄຳນວນແລ້ວ / this formula has no calculated value {ERR}", summary(1, 1, 0))),
    Case("formula_with_cached_value", lambda folder: _write("LA-XA.xlsx", lambda: edit_parts(
        form(edit=_count(Formula("=2+3"))), {part_of(form(), CASES_SHEET): _cached_formula}))(folder), (OK_ONE,), exit_code=0),
    # -- sheets far larger than a form
    Case("million_rows", _sheet_edit(CASES_SHEET, _million), (
        f"{S}: ແຜ່ນງານນີ້ມີຂໍ້ມູນຮອດແຖວ 1000000: ບໍ່ແມ່ນແບບຟອມທີ່ກອກແລ້ວ / the sheet has data down to row 1000000: "
        f"not a filled form {ERR}", summary(1, 1, 0))),
    Case("cell_at_xfd1048576", _sheet_edit(CASES_SHEET, _corner), (
        f"{S}: ແຜ່ນງານນີ້ມີຂໍ້ມູນຮອດແຖວ 1048576: ບໍ່ແມ່ນແບບຟອມທີ່ກອກແລ້ວ / the sheet has data down to row 1048576: "
        f"not a filled form {ERR}", summary(1, 1, 0))),
    Case("date_cell_holding_minus_1e12", _edited(_date_number(-1e12)), (
        f"{F} › 1 ຂໍ້ມູນທົ່ວໄປ › E11: ຫ້ອງວັນທີນີ້ມີຕົວເລກທີ່ບໍ່ແມ່ນວັນທີ: -1000000000000 / this date cell holds "
        f"-1000000000000, which is no date {ERR}", summary(1, 1, 0))),
    Case("duration_cell_holding_1e10", _edited(_date_number(1e10, "[h]:mm:ss")), (
        f"{F} › 1 ຂໍ້ມູນທົ່ວໄປ › E11: ຫ້ອງວັນທີນີ້ມີຕົວເລກທີ່ບໍ່ແມ່ນວັນທີ: 10000000000 / this date cell holds "
        f"10000000000, which is no date {ERR}", summary(1, 1, 0))),
    Case("date_cell_holding_nan", _write("LA-XA.xlsx", _date_nan), (
        f"{F} › 1 ຂໍ້ມູນທົ່ວໄປ › E11: ຫ້ອງວັນທີນີ້ມີຕົວເລກທີ່ບໍ່ແມ່ນວັນທີ: NaN / this date cell holds NaN, which is "
        f"no date {ERR}", summary(1, 1, 0))),
    Case("cell_at_xfd1500", _sheet_edit(CASES_SHEET, _far_right), (
        f"{S}: ແຜ່ນງານນີ້ມີຂໍ້ມູນໄປຮອດຫ້ອງ XFD1500, ໄກຈາກແບບຟອມ / the sheet has data as far as cell XFD1500, far "
        f"outside the form {ERR}", summary(1, 1, 0))),
    Case("cell_without_position_in_the_last_row", _sheet_edit(CASES_SHEET, _no_position), (
        f"{S}: ແຜ່ນງານນີ້ມີຂໍ້ມູນຮອດແຖວ 1048576: ບໍ່ແມ່ນແບບຟອມທີ່ກອກແລ້ວ / the sheet has data down to row 1048576: "
        f"not a filled form {ERR}", summary(1, 1, 0))),
    Case("cells_without_position_reaching_xfd1500", _sheet_edit(CASES_SHEET, _no_position_far_right), (
        # the scan stops at the first cell past the limit: column YQ (667) × 1500 rows
        f"{S}: ແຜ່ນງານນີ້ມີຂໍ້ມູນໄປຮອດຫ້ອງ YQ1500, ໄກຈາກແບບຟອມ / the sheet has data as far as cell YQ1500, far "
        f"outside the form {ERR}", summary(1, 1, 0))),
    Case("half_a_million_cells", _sheet_edit(CASES_SHEET, _many_cells), (
        f"{S}: ແຜ່ນງານນີ້ມີຫຼາຍກວ່າ 500000 ຫ້ອງ: ບໍ່ແມ່ນແບບຟອມທີ່ກອກແລ້ວ / the sheet has more than 500000 cells: "
        f"not a filled form {ERR}", summary(1, 1, 0))),
    Case("sheets_too_large_together", _write("LA-XA.xlsx", _large_together), (
        f"{F} › {schema.ASSISTANCE.title}: ແຜ່ນງານທັງໝົດລວມກັນໃຫຍ່ເກີນໄປ: ບໍ່ແມ່ນແບບຟອມທີ່ກອກແລ້ວ / the sheets together "
        f"are too large: not a filled form {ERR}", summary(1, 1, 0))),
    # -- text that is long, invisible or spelt two ways
    Case("cells_of_32767_characters", _edited(_long_texts), (OK_ONE,), exit_code=0, builds=True),
    Case("control_characters", _write("LA-XA.xlsx", _control_characters), (
        f"inputs/LA-XA.xlsx › 2 ຜົນງານ › D6: ມີຕົວອັກສອນຄວບຄຸມທີ່ເບິ່ງບໍ່ເຫັນ, ໄດ້ລຶບອອກແລ້ວ / invisible control "
        f"characters were removed {WARN}",
        f"inputs/LA-XA.xlsx › 4 ບົດຮຽນ › C6: ມີຕົວອັກສອນຄວບຄຸມທີ່ເບິ່ງບໍ່ເຫັນ, ໄດ້ລຶບອອກແລ້ວ / invisible control "
        f"characters were removed {WARN}", summary(1, 0, 2)), exit_code=0, builds=True),
    Case("mixed_old_and_new_spellings", _mixed_spellings, (summary(4, 0, 0),), exit_code=0, builds=True),
    Case("same_committee_spelt_two_ways", _same_committee_two_spellings, (
        "inputs/ຫລວງພະບາງ ສະບັບແກ້ໄຂ.xlsx: ສອງໄຟລ໌ສຳລັບຄະນະກຳມະການດຽວກັນ (ຫຼວງພະບາງ (LA-LP)): inputs/LA-LP.xlsx ແລະ "
        "inputs/ຫລວງພະບາງ ສະບັບແກ້ໄຂ.xlsx / two workbooks for the same committee (ຫຼວງພະບາງ (LA-LP)): "
        f"inputs/LA-LP.xlsx and inputs/ຫລວງພະບາງ ສະບັບແກ້ໄຂ.xlsx {ERR}", summary(2, 1, 0))),
    Case("lao_file_name", _lao_file_name, (OK_ONE,), exit_code=0),
    # -- the folder
    Case("two_workbooks_one_committee", _two_workbooks, (
        "inputs/LA-XA.xlsx: ສອງໄຟລ໌ສຳລັບຄະນະກຳມະການດຽວກັນ (ໄຊຍະບູລີ (LA-XA)): inputs/LA-XA (1).xlsx ແລະ "
        "inputs/LA-XA.xlsx / two workbooks for the same committee (ໄຊຍະບູລີ (LA-XA)): inputs/LA-XA (1).xlsx and "
        f"inputs/LA-XA.xlsx {ERR}", summary(2, 1, 0))),
    Case("wrong_year", _wrong_year, (
        f"{F} › 1 ຂໍ້ມູນທົ່ວໄປ › E9: ປີລາຍງານແມ່ນ 2018, ແຕ່ກຳລັງສ້າງບົດລາຍງານປີ 2019 / the reporting year is 2018, "
        f"but the report being built is for 2019 {ERR}", summary(1, 1, 0))),
    Case("empty_folder", _nothing, (NO_WORKBOOKS, summary(0, 1, 0))),
    Case("non_excel_files_beside_a_form", _non_excel_files, (
        f"inputs/notes.txt: ບໍ່ແມ່ນໄຟລ໌ Excel: ຂ້າມໄປ / not an Excel file: skipped {WARN}",
        f"inputs/photo.jpg: ບໍ່ແມ່ນໄຟລ໌ Excel: ຂ້າມໄປ / not an Excel file: skipped {WARN}",
        f"inputs/ບົດລາຍງານ.docx: ບໍ່ແມ່ນໄຟລ໌ Excel: ຂ້າມໄປ / not an Excel file: skipped {WARN}",
        summary(1, 0, 3)), exit_code=0),
    Case("only_non_excel_files", _only_other_files, (
        NO_WORKBOOKS,
        f"inputs/LA-XA.csv: ໄຟລ໌ປະເພດ .csv ອ່ານບໍ່ໄດ້ / .csv files cannot be read {ERR}",
        f"inputs/LA-XA.ods: ໄຟລ໌ປະເພດ .ods ອ່ານບໍ່ໄດ້ / .ods files cannot be read {ERR}",
        f"inputs/notes.txt: ບໍ່ແມ່ນໄຟລ໌ Excel: ຂ້າມໄປ / not an Excel file: skipped {WARN}",
        summary(0, 3, 1))),
    # -- real-world files, committed: one behaviour per file
    # a form of the first version (no "nothing to report" row), filled in and saved by LibreOffice Calc: it still
    # reads, and its empty lists are "not reported"
    Case("saved_by_libreoffice_calc", _copy("saved-by-libreoffice-calc.xlsx"), (
        # the place is the sheet as this older form names it (3 ຂໍ້ຄົງຄ້າງ, since renamed 3 ດ້ານຄົງຄ້າງ)
        *(f"inputs/saved-by-libreoffice-calc.xlsx › {_FIRST_TITLES.get(s.key, s.title)}: ແຜ່ນ \"{s.title}\" ປະວ່າງ: "
          "ບົດລາຍງານຈະຂຽນວ່າ "
          f"\"ບໍ່ໄດ້ລາຍງານ\" / sheet \"{s.number} {s.en}\" is empty: the report will say \"not reported\" {WARN}"
          for s in schema.SHEETS if not s.form and s.key not in ("achievements",)),
        summary(1, 0, 6)), exit_code=0, builds=True),
]
