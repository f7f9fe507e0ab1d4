"""Many committees' forms from one: the form of a level is built once, with a mark where the committee's place
goes, and each committee's words are put in place of the marks in the saved package.

openpyxl takes a few tenths of a second to build and save a form, and `reportgen init --districts all` writes
169 of them that differ only in a few cells of sheet 1, `_meta` and the file's title. Replacing text in the
saved XML gives exactly the bytes that building the committee's form would (tests/writers/test_forms.py
compares the two), as long as a value is written as plain text: words that XML would write otherwise (leading
or trailing spaces, control characters) are left to the builder (`stampable`).
"""

from __future__ import annotations

from collections.abc import Iterable

from ..._zipfile import deflate, zip_package

_OPEN, _CLOSE = "\ue000", "\ue001"  # private-use characters: never in a name, fine in XML


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


class Pattern:
    """A saved form with marks for `fields` (its zip members, in order), ready to be stamped."""

    def __init__(self, members: Iterable[tuple[str, bytes]], fields: Iterable[str]) -> None:
        self.members = list(members)
        self.fields = tuple(fields)
        # per member, the marks it holds, each as it is written there and in which encoding
        self._marks: dict[str, list[tuple[str, bytes, bool]]] = {}
        for name, body in self.members:
            found = [(field, _xml(mark(field), ascii_only), ascii_only)
                     for field in self.fields for ascii_only in (True, False) if _xml(mark(field), ascii_only) in body]
            if found:
                self._marks[name] = found
        missing = set(self.fields) - {f for marks in self._marks.values() for f, _, _ in marks}
        if missing:
            raise ValueError(f"the pattern has no mark for {sorted(missing)}")

        # the members without marks are the same in every form: compressed once
        self._same = {name: deflate(name, body) for name, body in self.members if name not in self._marks}

    def stamp(self, values: dict[str, str]) -> bytes:
        """The package with each field's mark replaced by its value (every value must be `stampable`)."""
        out = []
        for name, body in self.members:
            if name in self._same:
                out.append(self._same[name])
                continue
            for field, written, ascii_only in self._marks[name]:
                body = body.replace(written, _xml(values[field], ascii_only))
            out.append(deflate(name, body))
        return zip_package(out)
