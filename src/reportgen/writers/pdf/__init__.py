"""HTML → PDF with WeasyPrint: PDF/A-3b by default, loading nothing but reportgen's own fonts and stylesheet."""

from __future__ import annotations

import datetime as dt
import logging
import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import unquote, urlparse

from ...config import Settings
from ...errors import OutputError
from ...model.document import Document
from ..html import assets_dir, write_html

DEFAULT_VARIANT = Settings.pdf_variant


def _safe_fetcher():
    """A URL fetcher that serves only files inside reportgen's package folder and refuses everything else.

    Text from workbooks is escaped anyway; this makes sure that even a mistake there could never pull a
    local file (file:///etc/passwd) or a web address into the PDF. Refused URLs are kept in `.refused`.
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


def page(html: str):
    """The WeasyPrint document of an HTML page, with reportgen's assets and nothing else loadable."""
    from weasyprint import HTML  # imported here: a second to import, needed only for the PDF

    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    logging.getLogger("fontTools").setLevel(logging.ERROR)
    return HTML(string=html, base_url=(assets_dir() / "html").as_uri() + "/", url_fetcher=_safe_fetcher())


_ENV_LOCK = threading.Lock()  # os.environ is the process's: one PDF at a time changes it


def _page_epoch(created: str | None) -> int:
    """Seconds since 1970 of the page's date (W3C date, as in <meta name="dcterms.modified">); 0 without one."""
    try:
        when = dt.datetime.fromisoformat(created or "")
    except ValueError:
        return 0
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.UTC)
    return max(0, int(when.timestamp()))


@contextmanager
def _source_date_epoch(epoch: int) -> Iterator[None]:
    """SOURCE_DATE_EPOCH set to `epoch` for the time of the block, then the environment as it was.

    Without libharfbuzz-subset0 WeasyPrint subsets the fonts with fontTools, which stamps each embedded font's
    `head` table with the time of saving (modified date, and so the checksum adjustment): two builds a second
    apart would differ. fontTools takes that time from SOURCE_DATE_EPOCH when it is set.
    """
    with _ENV_LOCK:
        before = os.environ.get("SOURCE_DATE_EPOCH")
        os.environ["SOURCE_DATE_EPOCH"] = str(epoch)
        try:
            yield
        finally:
            if before is None:
                del os.environ["SOURCE_DATE_EPOCH"]
            else:
                os.environ["SOURCE_DATE_EPOCH"] = before


def render_pdf(html: str, identifier: str = "reportgen", variant: str = DEFAULT_VARIANT) -> tuple[bytes, list[str]]:
    """PDF bytes of an HTML page, and the URLs the page asked for that were refused."""
    doc = page(html)
    fetcher = doc.url_fetcher
    # pdf_identifier fixes the file ID, and the dates come from the page's metadata, down to the embedded
    # fonts' own timestamps: the same document gives the same bytes, whichever subsetter WeasyPrint uses.
    options = {"pdf_identifier": identifier.encode(), "pdf_variant": variant or None}
    try:
        rendered = doc.render(**options)
        meta = rendered.metadata
        with _source_date_epoch(_page_epoch(meta.modified or meta.created)):
            data = rendered.write_pdf(**options)
    except Exception as exc:  # a layout failure must not end in a traceback
        raise OutputError.of("output.pdf_failed", error=f"{type(exc).__name__}: {exc}") from exc
    return data, list(fetcher.refused)


def write_pdf(doc: Document, settings: Settings | None = None, *, html: str | None = None) -> bytes:
    """The report as PDF bytes, printed from `html` when the caller has it already (write_html's page)."""
    settings = settings or Settings()
    html = html if html is not None else write_html(doc, settings)
    data, _ = render_pdf(html, f"reportgen-{doc.meta.year}", settings.pdf_variant)
    return data
