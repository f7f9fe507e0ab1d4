"""Many committees' forms from one: the form of a level is built once, with a mark where the committee's place
goes, and each committee's words are put in place of the marks in the saved package.

openpyxl takes a few tenths of a second to build and save a form, and `reportgen init --districts all` writes
169 of them that differ only in a few cells of sheet 1, `_meta` and the file's title. Replacing text in the
saved XML gives exactly the bytes that building the committee's form would (tests/writers/test_forms.py
compares the two), as long as a value is written as plain text: words that XML would write otherwise (leading
or trailing spaces, control characters) are left to the builder (`stampable`). A place left open (the blank
form of a level) leaves the cell without a value, as openpyxl writes one, and the file's title `untitled`:
the builder writes no value there either (forms.py).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from ..._zipfile import Member, deflate, zip_package

_OPEN, _CLOSE = "\ue000", "\ue001"  # private-use characters: never in a name, fine in XML
_CORE = "docProps/core.xml"


def mark(field: str) -> str:
    return f"{_OPEN}{field}{_CLOSE}"


def stampable(value: str) -> bool:
    """Whether `value` is written in a cell as its characters alone (openpyxl adds xml:space="preserve" to text
    with spaces at either end, and refuses control characters)."""
    return value == value.strip() and all(ch >= " " and ch not in (_OPEN, _CLOSE) for ch in value)


def _xml(text: str, ascii_only: bool) -> bytes:
    """`text` as openpyxl (through lxml) writes it in an element: escaped, and outside ASCII either as UTF-8 or,
    in the parts it writes in ASCII, as character references."""
    escaped = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    if ascii_only:
        return "".join(ch if ord(ch) < 128 else f"&#{ord(ch)};" for ch in escaped).encode("ascii")
    return escaped.encode("utf-8")


class _Mark:
    """Where a field's mark sits in one member: as it is written there, and what an empty value leaves."""

    def __init__(self, member: str, body: bytes, field: str, ascii_only: bool, untitled: str) -> None:
        self.field, self.ascii_only = field, ascii_only
        self.written = _xml(mark(field), ascii_only)
        n = body.count(self.written)
        if member == _CORE:  # the file's title
            self.cell = None
            self.untitled = _xml(untitled, ascii_only)
            where = len(re.findall(rb"<dc:title[^>]*>" + re.escape(self.written) + rb"</dc:title>", body))
        else:  # a cell holding the mark alone: <c r=".." s=".." t="inlineStr"><is><t>mark</t></is></c>
            self.cell = re.compile(rb'<c ((?:[a-zA-Z]+="[^"]*" )*)t="inlineStr"><is><t>' + re.escape(self.written)
                                   + rb"</t></is></c>")
            where = len(self.cell.findall(body))
        if where != n:
            raise ValueError(f"{member}: the mark for {field} is not alone in a cell or the title")

    def put(self, body: bytes, value: str) -> bytes:
        if value:
            return body.replace(self.written, _xml(value, self.ascii_only))
        if self.cell is None:
            return body.replace(self.written, self.untitled)
        return self.cell.sub(_no_value, body)


def _no_value(cell: re.Match[bytes]) -> bytes:
    """The cell as openpyxl writes one without a value: left out, unless it has a style."""
    attrs = cell.group(1)
    return b"<c " + attrs + b't="n"></c>' if re.search(rb'(?:^| )s="', attrs) else b""


class Pattern:
    """A saved form with marks for `fields` (its zip members, in order), ready to be stamped."""

    def __init__(self, members: Iterable[tuple[str, bytes]], fields: Iterable[str], untitled: str) -> None:
        self.members = list(members)
        self.fields = tuple(fields)
        self._marks: dict[str, list[_Mark]] = {}
        for name, body in self.members:
            found = [_Mark(name, body, field, ascii_only, untitled) for field in self.fields
                     for ascii_only in (True, False) if _xml(mark(field), ascii_only) in body]
            if found:
                self._marks[name] = found
        missing = set(self.fields) - {m.field for marks in self._marks.values() for m in marks}
        if missing:
            raise ValueError(f"the pattern has no mark for {sorted(missing)}")
        # the members without marks are the same in every form: compressed once
        self._same = {name: deflate(name, body) for name, body in self.members if name not in self._marks}

    def stamp(self, values: dict[str, str]) -> bytes:
        """The package with each field's mark replaced by its value ("": left open); every value `stampable`."""
        out: list[Member] = []
        for name, body in self.members:
            if name in self._same:
                out.append(self._same[name])
                continue
            for m in self._marks[name]:
                body = m.put(body, values[m.field])
            out.append(deflate(name, body))
        return zip_package(out)
