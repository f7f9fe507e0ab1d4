"""Reproducible zip packages: the writer gives what Python's zipfile gives, and a member compressed once can
go into many packages."""

from __future__ import annotations

import io
import sys
import zipfile

import pytest

from reportgen._zipfile import deflate, fixed_zip_times, zip_members, zip_package

MEMBERS = [("[Content_Types].xml", b"<Types/>" * 50), ("xl/worksheets/sheet1.xml", "<c>ຄະນະ</c>".encode() * 300),
           ("docProps/ວ.xml", b""), ("big.bin", bytes(range(256)) * 2000)]


def _zipfile_writes(members) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name, body in members:
            zi = zipfile.ZipInfo(name, (1980, 1, 1, 0, 0, 0))
            zi.compress_type = zipfile.ZIP_DEFLATED
            zi.external_attr = 0o644 << 16
            z.writestr(zi, body)
    return out.getvalue()


def test_packages_read_back_whole():
    z = zipfile.ZipFile(io.BytesIO(zip_members(MEMBERS)))
    assert z.testzip() is None
    assert [(i.filename, z.read(i)) for i in z.infolist()] == MEMBERS
    assert {i.date_time for i in z.infolist()} == {(1980, 1, 1, 0, 0, 0)}


@pytest.mark.skipif(sys.platform == "win32", reason="zipfile marks members as made on Windows there")
def test_the_same_bytes_as_zipfile():
    assert zip_members(MEMBERS) == _zipfile_writes(MEMBERS)
    assert fixed_zip_times(_zipfile_writes(MEMBERS)) == zip_members(MEMBERS)


def test_members_compressed_once_give_the_same_package():
    once = [deflate(name, body) for name, body in MEMBERS]
    assert zip_package(once) == zip_package(once) == zip_members(MEMBERS)
