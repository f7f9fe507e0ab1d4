"""Looks at a file before it is parsed: is it really an .xlsx, is it safe to open, which formulas lack values."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path
from xml.etree import ElementTree

Problem = tuple[str, str, str, str, str]  # lo, en, fix_lo, fix_en, code

MAX_FILE_BYTES = 50 * 1024 * 1024
MAX_UNPACKED_BYTES = 200 * 1024 * 1024  # a filled form unpacks to well under 5 MB
MAX_RATIO = 200  # compression ratio of one member; zip bombs reach thousands

_RESAVE = ("ເປີດໄຟລ໌ໃນ Excel ຫຼື LibreOffice ແລ້ວບັນທຶກເປັນ Excel Workbook (.xlsx)",
           "open it in Excel or LibreOffice and save it as Excel Workbook (.xlsx)")
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def preflight(path: Path) -> Problem | None:
    try:
        size = path.stat().st_size
        with path.open("rb") as f:
            head = f.read(8)
    except OSError as exc:
        return ("ເປີດໄຟລ໌ບໍ່ໄດ້ (ບໍ່ມີສິດ ຫຼື ໄຟລ໌ຖືກລັອກ)", f"cannot open the file ({exc.strerror or exc})",
                "ກວດສິດການເຂົ້າເຖິງໄຟລ໌ ຫຼື ປິດໂປຣແກຣມທີ່ເປີດມັນຢູ່", "check its permissions or close the program using it",
                "file.unreadable")
    if size == 0:
        return ("ໄຟລ໌ຫວ່າງເປົ່າ (0 byte)", "the file is empty (0 bytes)", *_RESAVE, "file.empty")
    if size > MAX_FILE_BYTES:
        return (f"ໄຟລ໌ໃຫຍ່ເກີນໄປ ({size // 1048576} MB)", f"the file is too large ({size // 1048576} MB)",
                "ໃຊ້ແບບຟອມຈາກກອງເລຂາ", "use the form from the secretariat", "file.too_large")
    if head.startswith(_OLE):
        if _ole_is_encrypted(path):
            return ("ໄຟລ໌ມີລະຫັດຜ່ານ", "the workbook is password-protected",
                    "ເອົາລະຫັດຜ່ານອອກ (File › Info › Protect Workbook) ແລ້ວບັນທຶກຄືນ",
                    "remove the password (File › Info › Protect Workbook) and save again", "file.encrypted")
        return ("ໄຟລ໌ Excel ລຸ້ນເກົ່າ (.xls)", "an old Excel 97–2003 file (.xls)", *_RESAVE, "file.xls")
    if not head.startswith(b"PK"):
        return ("ບໍ່ແມ່ນໄຟລ໌ Excel (.xlsx)", "not an Excel workbook (.xlsx)", *_RESAVE, "file.not_xlsx")
    try:
        with zipfile.ZipFile(path) as z:
            infos = z.infolist()
            names = {i.filename for i in infos}
            if "mimetype" in names and b"opendocument" in z.read("mimetype")[:100]:
                return ("ໄຟລ໌ OpenDocument (.ods)", "an OpenDocument spreadsheet (.ods)", *_RESAVE, "file.ods")
            total = sum(i.file_size for i in infos)
            bomb = any(i.compress_size and i.file_size / i.compress_size > MAX_RATIO and i.file_size > 10_000_000
                       for i in infos)
            if total > MAX_UNPACKED_BYTES or bomb:
                return ("ໄຟລ໌ຜິດປົກກະຕິ: ຂະຫຍາຍອອກໃຫຍ່ເກີນໄປ", "abnormal file: it unpacks to an excessive size",
                        "ໃຊ້ແບບຟອມຈາກກອງເລຂາ", "use the form from the secretariat", "file.zip_bomb")
            if "xl/workbook.xml" not in names:
                return ("ບໍ່ແມ່ນໄຟລ໌ Excel (.xlsx)", "not an Excel workbook (.xlsx)", *_RESAVE, "file.not_xlsx")
            if "xl/vbaProject.bin" in names:
                return ("ໄຟລ໌ມີ macro (.xlsm)", "the workbook contains macros (.xlsm)", *_RESAVE, "file.macros")
            if z.testzip() is not None:
                raise zipfile.BadZipFile
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, ValueError, NotImplementedError):
        return ("ໄຟລ໌ເສຍ ຫຼື ບໍ່ຄົບ (ອາດດາວໂຫຼດບໍ່ສຳເລັດ)", "the file is damaged or incomplete (perhaps a broken download)",
                "ຂໍໄຟລ໌ໃໝ່ຈາກຜູ້ສົ່ງ", "ask the sender for the file again", "file.damaged")
    return None


def _ole_is_encrypted(path: Path) -> bool:
    # An encrypted .xlsx is an OLE container holding "EncryptedPackage" (UTF-16 in the directory).
    with path.open("rb") as f:
        data = f.read(1 << 20)
    return "EncryptedPackage".encode("utf-16-le") in data


_NS = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
       "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
       "rel": "http://schemas.openxmlformats.org/package/2006/relationships"}
_CELL = re.compile(rb"<(?:\w+:)?c\b([^>]*?)(?:/>|>(.*?)</(?:\w+:)?c>)", re.S)
_REF = re.compile(rb'\br="([A-Z]+[0-9]+)"')
_HAS_F = re.compile(rb"<(?:\w+:)?f[\s/>]")
_HAS_V = re.compile(rb"<(?:\w+:)?v>[^<]")


def uncached_formulas(path: Path) -> dict[str, set[str]]:
    """Cells holding a formula but no calculated value, by sheet name.

    Files written by scripts often store formulas without results; reading them as empty would turn a
    number into "not reported" without anyone noticing.
    """
    out: dict[str, set[str]] = {}
    with zipfile.ZipFile(path) as z:
        wb = ElementTree.fromstring(z.read("xl/workbook.xml"))
        rels = ElementTree.fromstring(z.read("xl/_rels/workbook.xml.rels"))
        target = {r.get("Id"): r.get("Target", "") for r in rels.findall("rel:Relationship", _NS)}
        for s in wb.findall("m:sheets/m:sheet", _NS):
            rid = s.get(f"{{{_NS['r']}}}id")
            t = target.get(rid, "").lstrip("/")
            part = t if t.startswith("xl/") else "xl/" + t
            try:
                data = z.read(part)
            except KeyError:
                continue
            if not _HAS_F.search(data):
                continue
            cells = set()
            for m in _CELL.finditer(data):
                body = m.group(2) or b""
                if _HAS_F.search(body) and not _HAS_V.search(body):
                    ref = _REF.search(m.group(1))
                    if ref:
                        cells.add(ref.group(1).decode())
            if cells:
                out[s.get("name", "")] = cells
    return out
