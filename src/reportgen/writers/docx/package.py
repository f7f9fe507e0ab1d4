"""The package around the body: settings.xml, core and custom properties, and bytes with fixed zip times."""

from __future__ import annotations

import datetime as dt
import io

from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from lxml import etree

from ..._zipfile import fixed_zip_times
from ...model.document import Meta
from ._ooxml import SETTINGS_ORDER, el, insert_in_order

KEYWORDS = "ການຄ້າມະນຸດ; anti-human trafficking; reportgen"
_CUSTOM_NS = "http://schemas.openxmlformats.org/officeDocument/2006/custom-properties"
_VT_NS = "http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"
_USER_FMTID = "{D5CDD505-2E9C-101B-9397-08002B2CF9AE}"  # the property set of user-defined properties


def settings(document, track_changes: bool) -> None:
    """Track changes on when asked, so every reviewer edit is recorded; fields (contents, page numbers)
    refreshed when the file opens."""
    part = document.settings.element
    if track_changes:
        insert_in_order(part, el("w:trackRevisions"), SETTINGS_ORDER)
    insert_in_order(part, el("w:updateFields", val="true"), SETTINGS_ORDER)


def core_properties(document, meta: Meta, when: dt.datetime) -> None:
    cp = document.core_properties
    cp.title = meta.title
    cp.subject = meta.subject
    cp.author = meta.author
    cp.last_modified_by = meta.author
    cp.language = meta.language
    cp.keywords = KEYWORDS
    cp.comments = "ຂໍ້ມູນຕົວຢ່າງ — sample data" if meta.sample else ""
    cp.created = when
    cp.modified = when
    cp.revision = 1


def custom_properties(document, items: list[tuple[str, str]]) -> None:
    """docProps/custom.xml with text properties `items` (name, value), in that order."""
    root = etree.Element(f"{{{_CUSTOM_NS}}}Properties", nsmap={None: _CUSTOM_NS, "vt": _VT_NS})
    for pid, (name, value) in enumerate(items, start=2):  # pid 0 and 1 are reserved
        prop = etree.SubElement(root, f"{{{_CUSTOM_NS}}}property", fmtid=_USER_FMTID, pid=str(pid), name=name)
        etree.SubElement(prop, f"{{{_VT_NS}}}lpwstr").text = value
    xml = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    package = document.part.package
    part = Part(PackURI("/docProps/custom.xml"), CT.OFC_CUSTOM_PROPERTIES, xml, package)
    package.relate_to(part, RT.CUSTOM_PROPERTIES)


def to_bytes(document) -> bytes:
    """The saved package, the same bytes for the same document (no timestamps, no thumbnail)."""
    buf = io.BytesIO()
    document.save(buf)
    return fixed_zip_times(buf.getvalue(), drop=("docProps/thumbnail.jpeg",))
