"""HTML → PDF with WeasyPrint, loading nothing but reportgen's own fonts and stylesheet."""

from __future__ import annotations

import logging
from pathlib import Path
from urllib.parse import unquote, urlparse

from .document import Document
from .errors import OutputError
from .html_writer import assets_dir, write_html


def _safe_fetcher():
    """A URL fetcher that serves only files inside reportgen's package folder and refuses everything else.

    Text from workbooks is escaped anyway; this makes sure that even a mistake there could never pull a
    local file (file:///etc/passwd) or a web address into the PDF.
    """
    from weasyprint.urls import URLFetcher

    root = assets_dir().resolve()

    class SafeFetcher(URLFetcher):
        def fetch(self, url, headers=None):
            parsed = urlparse(url)
            if parsed.scheme == "file":
                path = Path(unquote(parsed.path)).resolve()
                if path.is_file() and root in path.parents:
                    return super().fetch(url, headers)
            refused.append(url)
            raise ValueError(f"reportgen refuses to load {url[:80]!r}")

    refused: list[str] = []
    fetcher = SafeFetcher(allowed_protocols=("file",), fail_on_errors=False)
    fetcher.refused = refused  # type: ignore[attr-defined]
    return fetcher


def write_pdf(doc: Document, html: str | None = None) -> bytes:
    """The report as PDF bytes."""
    from weasyprint import HTML  # imported here: a second to import, needed only for the PDF

    html = html if html is not None else write_html(doc)
    base = (assets_dir() / "html").as_uri() + "/"
    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    logging.getLogger("fontTools").setLevel(logging.ERROR)
    try:
        return HTML(string=html, base_url=base, url_fetcher=_safe_fetcher()).write_pdf(
            pdf_identifier=f"reportgen-{doc.meta.year}".encode(), uncompressed_pdf=False)
    except Exception as exc:  # a layout failure must not end in a traceback
        raise OutputError(f"ສ້າງ PDF ບໍ່ໄດ້ / could not make the PDF: {type(exc).__name__}: {exc}") from exc
