"""Reproducible zip packages (xlsx, docx): the same content always gives the same bytes."""

from __future__ import annotations

import io
import re
import struct
import zipfile
import zlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass

_VERSION = 20  # the zip version that deflate needs, and the one zipfile says it is
_DOS_DATE, _DOS_TIME = 1 << 5 | 1, 0  # 1980-01-01 00:00:00, the earliest date a zip member can carry


def fixed_zip_times(data: bytes, edits: dict[str, Callable[[bytes], bytes]] | None = None,
                    drop: tuple[str, ...] = ()) -> bytes:
    """Rewrite a zip package with every member stamped 1980-01-01, in the same order.

    openpyxl and python-docx stamp members with the current time, so two builds of the same inputs
    would otherwise differ. `edits` rewrites named members on the way (e.g. a timestamp in core.xml);
    `drop` leaves members out, together with the package relationship that points at them.
    """
    return zip_members(fixed_members(data, edits, drop))


def fixed_members(data: bytes, edits: dict[str, Callable[[bytes], bytes]] | None = None,
                  drop: tuple[str, ...] = ()) -> list[tuple[str, bytes]]:
    """The members of the zip package `data`, in order, as (name, content), edited as `fixed_zip_times` says."""
    src = zipfile.ZipFile(io.BytesIO(data))
    members = []
    for info in src.infolist():
        if info.filename in drop:
            continue
        body = src.read(info.filename)
        if edits and info.filename in edits:
            body = edits[info.filename](body)
        if info.filename == "_rels/.rels":
            for name in drop:
                body = re.sub(rb'<Relationship [^>]*Target="/?' + re.escape(name.encode()) + rb'"[^>]*/>', b"", body)
        members.append((info.filename, body))
    return members


@dataclass(frozen=True)
class Member:
    """One member of a zip package, compressed: made once, it can go into many packages (`zip_package`)."""

    name: str
    data: bytes  # raw deflate stream
    crc: int
    size: int


def deflate(name: str, body: bytes) -> Member:
    c = zlib.compressobj(zlib.Z_DEFAULT_COMPRESSION, zlib.DEFLATED, -15)
    return Member(name, c.compress(body) + c.flush(), zlib.crc32(body), len(body))


def zip_members(members: Iterable[tuple[str, bytes]]) -> bytes:
    """A zip package of `members` (name, content) in that order, every one stamped 1980-01-01: the same
    members always give the same bytes."""
    return zip_package(deflate(name, body) for name, body in members)


def zip_package(members: Iterable[Member]) -> bytes:
    """The zip package of already compressed `members`, byte for byte what Python's zipfile writes for them
    on Linux (deflated, dated 1980-01-01, mode 644): a member that does not change between packages is
    compressed only once."""
    out = bytearray()
    central = bytearray()
    n = 0
    for m in members:
        try:
            name, flags = m.name.encode("ascii"), 0
        except UnicodeEncodeError:
            name, flags = m.name.encode("utf-8"), 0x800
        if len(m.data) > 0xFFFFFFFF or m.size > 0xFFFFFFFF:
            raise ValueError(f"{m.name} is too large for a package without zip64")
        common = (_VERSION, 0, flags, zipfile.ZIP_DEFLATED, _DOS_TIME, _DOS_DATE, m.crc, len(m.data), m.size, len(name))
        central += struct.pack("<4s4B4HL2L5H2L", b"PK\x01\x02", _VERSION, 3, *common, 0, 0, 0, 0, 0o644 << 16,
                               len(out)) + name
        out += struct.pack("<4s2B4HL2L2H", b"PK\x03\x04", *common, 0) + name + m.data
        n += 1
    offset = len(out)
    out += central
    out += struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, n, n, len(central), offset, 0)
    return bytes(out)
