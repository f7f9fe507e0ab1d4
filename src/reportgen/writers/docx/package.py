"""The package around the body: settings.xml, core properties, the provenance part, and bytes with fixed zip
times."""

from __future__ import annotations

import datetime as dt
import io

from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part

from ..._zipfile import fixed_zip_times
from ...model.document import Meta
from ._ooxml import SETTINGS_ORDER, el, insert_in_order

KEYWORDS = "ການຄ້າມະນຸດ; anti-human trafficking; reportgen"


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


def custom_xml(document, item: bytes, properties: bytes) -> None:
    """A custom XML part (customXml/itemN.xml, with its itemPropsN.xml) related from the document part, as Word
    stores data of its own: Word and LibreOffice keep it through their saves."""
    package = document.part.package
    item_part = Part(package.next_partname("/customXml/item%d.xml"), CT.XML, item, package)
    n = item_part.partname.idx
    props_part = Part(PackURI(f"/customXml/itemProps{n}.xml"), CT.OFC_CUSTOM_XML_PROPERTIES, properties, package)
    item_part.relate_to(props_part, RT.CUSTOM_XML_PROPS)
    document.part.relate_to(item_part, RT.CUSTOM_XML)


def to_bytes(document) -> bytes:
    """The saved package, the same bytes for the same document (no timestamps, no thumbnail)."""
    buf = io.BytesIO()
    document.save(buf)
    return fixed_zip_times(buf.getvalue(), drop=("docProps/thumbnail.jpeg",))
