"""Builders for broken and hostile workbooks: filled forms, edited zip parts, hand-made zip members."""

from __future__ import annotations

import io
import re
import struct
import zipfile
import zlib
from collections.abc import Callable
from functools import cache

from openpyxl import Workbook

from conftest import answer_empty_lists, minimal_form
from reportgen.writers.xlsx.forms import Identity, save_bytes

XA = Identity("province", 2019, "LA-XA")
MAIN_NS = b'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'


def form(ident: Identity = XA, edit: Callable[[Workbook], None] | None = None) -> bytes:
    """A form filled with the values every committee gives (see conftest.minimal_form), then `edit`."""
    wb = minimal_form(ident)
    if edit:
        edit(wb)
    answer_empty_lists(wb)
    return save_bytes(wb)


def part_of(data: bytes, title: str) -> str:
    """The zip member holding the sheet named `title`."""
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        wb = z.read("xl/workbook.xml").decode()
        rels = z.read("xl/_rels/workbook.xml.rels").decode()
    rid = re.search(rf'name="{re.escape(title)}"[^>]*r:id="(\w+)"', wb).group(1)
    target = re.search(rf'Target="([^"]+)" Id="{rid}"', rels).group(1)
    return target.lstrip("/")


def edit_parts(data: bytes, edits: dict[str, Callable[[bytes], bytes]], add: dict[str, bytes] | None = None,
               level: int = 6) -> bytes:
    """The same package with members rewritten by `edits` (by name) and members `add`ed at the end."""
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=level) as z:
        for info in src.infolist():
            body = src.read(info.filename)
            if info.filename in edits:
                body = edits[info.filename](body)
            z.writestr(info.filename, body)
        for name, body in (add or {}).items():
            z.writestr(name, body)
    return out.getvalue()


def deflate(data: bytes) -> bytes:
    c = zlib.compressobj(9, zlib.DEFLATED, -15)
    return c.compress(data) + c.flush()


def raw_zip(members: list[tuple[str, bytes, int, int]], stored: frozenset[str] = frozenset()) -> bytes:
    """A zip written by hand from (name, deflated bytes, declared size, declared CRC): sizes may lie.

    Members named in `stored` are written uncompressed (their bytes as given).
    """
    buf, central = io.BytesIO(), []
    for name, raw, size, crc in members:
        offset, n, method = buf.tell(), name.encode(), 0 if name in stored else 8
        buf.write(struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, 0, method, 0, 0x21, crc, len(raw), size, len(n), 0)
                  + n + raw)
        central.append(struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 20, 20, 0, method, 0, 0x21, crc, len(raw), size,
                                   len(n), 0, 0, 0, 0, 0, offset) + n)
    start = buf.tell()
    buf.write(b"".join(central))
    buf.write(struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(central), len(central), buf.tell() - start, start, 0))
    return buf.getvalue()


def members_of(data: bytes) -> list[tuple[str, bytes, int, int]]:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return [(i.filename, deflate(z.read(i.filename)), i.file_size, i.CRC) for i in z.infolist()]


@cache
def spaces_deflated(mib: int) -> tuple[bytes, int]:
    """`mib` MiB of spaces as one raw deflate stream (about 1 KB per MiB), and their CRC.

    Each MiB is compressed after a full flush, so every block is the same bytes and the stream is
    built by repetition instead of compressing gigabytes.
    """
    block = b" " * (1 << 20)
    c = zlib.compressobj(9, zlib.DEFLATED, -15)
    one = c.compress(block) + c.flush(zlib.Z_FULL_FLUSH)
    crc = 0
    for _ in range(mib):
        crc = zlib.crc32(block, crc)
    return one * mib + c.flush(zlib.Z_FINISH), crc


def sheet_with_rows(sheet_xml: bytes, rows: bytes) -> bytes:
    """A sheet's XML with extra <row> elements written after its own (they must come later in the sheet)."""
    return sheet_xml.replace(b"</sheetData>", rows + b"</sheetData>", 1)


def million_rows(first: int, last: int) -> bytes:
    """<row> elements first..last, each with a number in column E, written directly (fast)."""
    return b"".join(b'<row r="%d"><c r="E%d"><v>1</v></c></row>' % (i, i) for i in range(first, last + 1))


LOL = (b'<!DOCTYPE lolz [<!ENTITY lol "lol">'
       + b"".join(b'<!ENTITY lol%d "%s">' % (i, (b"&lol%d;" % (i - 1) if i > 1 else b"&lol;") * 10)
                  for i in range(1, 10))
       + b"]>")
XXE = b'<!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'


def with_doctype(xml: bytes, doctype: bytes) -> bytes:
    """Put a DOCTYPE before the root element (after the XML declaration, if there is one)."""
    if xml.startswith(b"<?xml"):
        end = xml.index(b"?>") + 2
        return xml[:end] + doctype + xml[end:]
    return b'<?xml version="1.0" encoding="UTF-8"?>' + doctype + xml


def ole_file(encrypted: bool) -> bytes:
    """A compound (OLE) file as legacy .xls and password-protected .xlsx are: header and one directory sector.

    Only what a reader looks at is real: the signature, and for an encrypted workbook the directory
    entries "EncryptionInfo" and "EncryptedPackage" (UTF-16 names).
    """
    header = bytearray(512)
    header[:8] = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
    struct.pack_into("<HHHH", header, 24, 0x3E, 3, 0xFFFE, 9)
    struct.pack_into("<I", header, 48, 0)  # first directory sector
    names = ["Root Entry"] + (["EncryptionInfo", "EncryptedPackage"] if encrypted else ["Workbook"])
    directory = bytearray(512)
    for i, name in enumerate(names):
        raw = name.encode("utf-16-le") + b"\0\0"
        directory[i * 128: i * 128 + len(raw)] = raw
        struct.pack_into("<HB", directory, i * 128 + 64, len(raw), 5 if i == 0 else 2)
    return bytes(header) + bytes(directory) + b"\0" * 1024


def ods_file() -> bytes:
    """A minimal OpenDocument spreadsheet: the mimetype member first, stored, as the format requires."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        z.writestr("META-INF/manifest.xml", '<?xml version="1.0"?><manifest:manifest '
                   'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"/>', zipfile.ZIP_DEFLATED)
        z.writestr("content.xml", '<?xml version="1.0"?><office:document-content '
                   'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"/>', zipfile.ZIP_DEFLATED)
    return out.getvalue()
