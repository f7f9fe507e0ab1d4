"""An .xlsx package opened for editing part by part: every part that is not edited is written back as it was.

A committee's workbook may hold what no Python library round-trips — Excel keeps a dropdown whose list is on
another sheet in an extension (x14:dataValidation) that openpyxl drops on saving, for one — so a return copy
is made by adding parts and editing the few XML parts that must change, never by loading and re-saving the
whole workbook.
"""

from __future__ import annotations

import io
import posixpath
import re
import zipfile
from dataclasses import dataclass

from lxml import etree

from ..readers._preflight import MAX_MEMBERS, MAX_PARSED_PART, MAX_UNPACKED_BYTES

CT_NS = "http://schemas.openxmlformats.org/package/2006/content-types"
REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
STRICT_NS = "http://purl.oclc.org/ooxml/spreadsheetml/main"
REL_TYPE = R_NS + "/"  # + "worksheet", "comments", "vmlDrawing", "styles", "sharedStrings"
OFFICE_DOCUMENT = R_NS + "/officeDocument"

_ZIP_TIME = (1980, 1, 1, 0, 0, 0)
_CONTROL = re.compile(rb"[\x00-\x08\x0b\x0c\x0e-\x1f]")
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, remove_blank_text=False)


class PackageError(Exception):
    """The package cannot be edited: a part is missing, damaged, or larger than a workbook's part can be."""

    def __init__(self, part: str):
        super().__init__(part)
        self.part = part


@dataclass(frozen=True)
class Rel:
    id: str
    type: str
    target: str  # the part it points at, as a name in the package ("xl/comments1.xml"); "" when external


class Package:
    """The members of a zip package by name, their XML parsed when asked for and serialized on `save`."""

    def __init__(self, data: bytes):
        try:
            z = zipfile.ZipFile(io.BytesIO(data))
            infos = z.infolist()
            if len(infos) > MAX_MEMBERS or sum(i.file_size for i in infos) > MAX_UNPACKED_BYTES:
                raise PackageError("")
            self._infos = {i.filename: i for i in infos if not i.is_dir()}
            self._bytes = {name: z.read(name) for name in self._infos}
        except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, ValueError, NotImplementedError) as exc:
            raise PackageError("") from exc
        self._order = list(self._infos)
        self._lower = {n.lower(): n for n in self._order}
        self._trees: dict[str, etree._Element] = {}
        self._as_parsed: dict[str, bytes] = {}  # a parsed part serialized then: unchanged since, its bytes stay

    # ---- members ----

    def names(self) -> list[str]:
        return list(self._order)

    def has(self, name: str) -> bool:
        return name.lower() in self._lower

    def real_name(self, name: str) -> str:
        """The member's name as stored (part names are case-insensitive in a package)."""
        return self._lower.get(name.lower(), name)

    def read(self, name: str) -> bytes:
        name = self.real_name(name)
        if name in self._trees:
            data = _serialize(self._trees[name])
            return self._bytes[name] if self._as_parsed.get(name) == data else data
        try:
            return self._bytes[name]
        except KeyError:
            raise PackageError(name) from None

    def write(self, name: str, data: bytes) -> None:
        name = self.real_name(name)
        self._trees.pop(name, None)
        self._as_parsed.pop(name, None)
        if name not in self._bytes:
            self._order.append(name)
            self._lower[name.lower()] = name
        self._bytes[name] = data

    def delete(self, name: str) -> None:
        name = self.real_name(name)
        self._trees.pop(name, None)
        self._as_parsed.pop(name, None)
        if self._bytes.pop(name, None) is not None:
            self._order.remove(name)
            del self._lower[name.lower()]

    def xml(self, name: str) -> etree._Element:
        """The part parsed (once); changes to it are kept and written by `save`."""
        name = self.real_name(name)
        if name not in self._trees:
            data = self._bytes.get(name)
            if data is None or len(data) > MAX_PARSED_PART * 4:
                raise PackageError(name)
            try:
                self._trees[name] = etree.fromstring(data, _PARSER)
            except (etree.XMLSyntaxError, ValueError) as exc:
                # Control characters typed raw into a cell (some tools write them so; XML forbids them) are read
                # as Excel writes them, _x0001_: the same text to Excel and to the reader, and XML again.
                escaped = _CONTROL.sub(lambda c: b"_x%04X_" % c.group()[0], data)
                try:
                    self._trees[name] = etree.fromstring(escaped, _PARSER)
                except (etree.XMLSyntaxError, ValueError):
                    raise PackageError(name) from exc
            self._as_parsed[name] = _serialize(self._trees[name])
        return self._trees[name]

    def new_xml(self, name: str, root: etree._Element) -> None:
        self.write(name, b"")
        self._trees[self.real_name(name)] = root

    def free_name(self, pattern: str) -> str:
        """The first name `pattern.format(n)` (n = 1, 2 …) that no member has."""
        n = 1
        while self.has(pattern.format(n)):
            n += 1
        return pattern.format(n)

    def save(self) -> bytes:
        """The package as bytes: the members in their order, each stamped as it was (new ones 1980-01-01), so
        that the same edits of the same workbook always give the same bytes."""
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
            for name in self._order:
                old = self._infos.get(name)
                info = zipfile.ZipInfo(name, old.date_time if old else _ZIP_TIME)
                info.compress_type = zipfile.ZIP_DEFLATED
                info.external_attr = 0o644 << 16
                z.writestr(info, self.read(name))
        return out.getvalue()

    # ---- relationships and content types ----

    def rels(self, part: str) -> list[Rel]:
        """The relationships of `part` ("" for the package's own)."""
        name = rels_name(part)
        if not self.has(name):
            return []
        out = []
        for r in self.xml(name).iter(f"{{{REL_NS}}}Relationship"):
            target = r.get("Target", "")
            if r.get("TargetMode") == "External" or not target:
                out.append(Rel(r.get("Id", ""), r.get("Type", ""), ""))
                continue
            out.append(Rel(r.get("Id", ""), r.get("Type", ""), self.real_name(resolve(part, target))))
        return out

    def target(self, part: str, rid: str) -> str:
        return next((r.target for r in self.rels(part) if r.id == rid), "")

    def add_rel(self, part: str, type_: str, target: str) -> str:
        """Point `part` at `target` (both member names); the new relationship's id."""
        name = rels_name(part)
        if not self.has(name):
            self.new_xml(name, etree.Element(f"{{{REL_NS}}}Relationships", nsmap={None: REL_NS}))
        root = self.xml(name)
        taken = {r.get("Id") for r in root}
        n = len(taken) + 1
        while f"rId{n}" in taken:
            n += 1
        rel = etree.SubElement(root, f"{{{REL_NS}}}Relationship")
        rel.set("Id", f"rId{n}")
        rel.set("Type", type_)
        rel.set("Target", relative(part, target))
        return f"rId{n}"

    def remove_rel(self, part: str, rid: str) -> None:
        name = rels_name(part)
        if not self.has(name):
            return
        root = self.xml(name)
        for r in list(root):
            if r.get("Id") == rid:
                root.remove(r)

    def set_type(self, part: str, content_type: str) -> None:
        root = self.xml("[Content_Types].xml")
        self.remove_type(part)
        o = etree.SubElement(root, f"{{{CT_NS}}}Override")
        o.set("PartName", "/" + part)
        o.set("ContentType", content_type)

    def remove_type(self, part: str) -> None:
        root = self.xml("[Content_Types].xml")
        for o in list(root.iter(f"{{{CT_NS}}}Override")):
            if o.get("PartName", "").lstrip("/").lower() == part.lower():
                root.remove(o)

    def ensure_default(self, extension: str, content_type: str) -> None:
        root = self.xml("[Content_Types].xml")
        if any(d.get("Extension", "").lower() == extension for d in root.iter(f"{{{CT_NS}}}Default")):
            return
        d = etree.Element(f"{{{CT_NS}}}Default")
        d.set("Extension", extension)
        d.set("ContentType", content_type)
        root.insert(0, d)


def rels_name(part: str) -> str:
    """xl/worksheets/sheet1.xml → xl/worksheets/_rels/sheet1.xml.rels; "" → _rels/.rels"""
    folder, name = posixpath.split(part)
    return posixpath.join(folder, "_rels", f"{name}.rels")


def resolve(part: str, target: str) -> str:
    """A relationship's target as a member name: absolute ("/xl/…", as openpyxl writes) or relative to `part`."""
    if target.startswith("/"):
        return posixpath.normpath(target[1:])
    return posixpath.normpath(posixpath.join(posixpath.dirname(part), target))


def relative(part: str, target: str) -> str:
    return posixpath.relpath(target, posixpath.dirname(part) or ".")


def _serialize(root: etree._Element) -> bytes:
    # The declaration as Excel writes it (lxml's own uses single quotes).
    return b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' + etree.tostring(root, encoding="UTF-8")
