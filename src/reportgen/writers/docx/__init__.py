"""Document → DOCX that reviewers can work in: `write_docx(document, settings) -> bytes`.

Styles come from styles.py, and runs carry only bold, text and (figures) the "Figure" style. Headings are
numbered by Word numbering (numbering.py), the contents is a real TOC field and captions use SEQ fields
(fields.py); every block carries a bookmark named from its id and figures carry bookmarks named from theirs,
remarks become comments by "reportgen" (review.py), and the full sources of every bookmarked block and figure
go into a custom XML part (provenance.py) — all of which survive a save in Word or LibreOffice. blocks.py
writes the body, page.py the page, package.py the rest of the file; _ooxml.py is the XML they all build with.
"""

from __future__ import annotations

import datetime as dt

import docx

from ...config import Settings
from ...model.document import Document, words_for
from .._blocks import with_ids
from . import package
from .blocks import Body
from .charts import ChartBody
from .page import lay_out
from .pages import Pages
from .provenance import NAMESPACE as PROVENANCE_NAMESPACE
from .provenance import Provenance, item_properties, provenance_xml
from .review import COMMENT_AUTHOR, ReviewMarks, bookmark_name, read_provenance
from .styles import LAO, Script, apply_styles

__all__ = ["COMMENT_AUTHOR", "PROVENANCE_NAMESPACE", "Provenance", "bookmark_name", "read_provenance", "write_docx"]


def write_docx(doc: Document, settings: Settings | None = None, pages: Pages | None = None) -> bytes:
    """The report as DOCX bytes: the same document and settings give the same bytes. `pages`: the page of each
    heading and figure (pages.py), shown in the contents and the list of figures before Word updates its fields
    (other programs never do)."""
    settings = settings or Settings()
    doc = with_ids(doc)
    d = docx.Document()
    words = words_for(doc.meta.language)
    script = LAO if words == "lo" else Script(settings.docx_latin_font, doc.meta.language)
    apply_styles(d, settings.docx_font, settings.font_size, script, settings.page.text_width)
    when = dt.datetime.combine(doc.meta.date, dt.time(8, 0))
    marks = ReviewMarks(d, when, comments=settings.machine_comments)
    body = Body(d, marks, settings.page, words)
    if doc.charts():
        body.charts = ChartBody(d, settings, doc.meta.year)
    lay_out(d, settings.page, doc.meta.short_title, words, doc.meta.sample)
    body.write(doc.blocks, pages)
    package.settings(d, settings.track_changes)
    package.core_properties(d, doc.meta, when)
    part = provenance_xml(doc.blocks, marks.bookmarked)
    package.custom_xml(d, part, item_properties(part))
    return package.to_bytes(d)
