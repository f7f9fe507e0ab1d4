"""The page each heading of a written report falls on, for the DOCX contents to show before any field update.

Word fills a TOC's page numbers only when it updates fields; LibreOffice, WPS and viewers show the results
stored in the file, which were empty. So the national report's DOCX is laid out once by LibreOffice when it
is installed (its PDF export: the page of every heading, from the PDF's outline), and the numbers are written
into the PAGEREF results. Province reports, and every report without LibreOffice, take them from the PDF's
own layout: both formats are set in Phetsarath with the same sizes and spacing, and run to the same pages
(docs/typesetting.md).
"""

from __future__ import annotations

import io
import shutil
import subprocess
import tempfile
from pathlib import Path

LIBREOFFICE_SECONDS = 180  # a 50-page report takes 3–6 s; a stuck soffice must not stop the build


def heading_pages(pdf: bytes) -> list[int]:
    """The page number (1-based) of every entry of the PDF's outline, in reading order."""
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(pdf))
    pages: list[int] = []

    def walk(items) -> None:
        for item in items:
            if isinstance(item, list):
                walk(item)
            else:
                pages.append(reader.get_destination_page_number(item) + 1)

    walk(reader.outline)
    return pages


def libreoffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


_PROFILE: list[Path] = []  # this process's LibreOffice profile: made once (seconds), never shared between processes


def _profile() -> Path:
    if not _PROFILE:
        import atexit

        folder = Path(tempfile.mkdtemp(prefix="reportgen-lo-profile-"))
        atexit.register(shutil.rmtree, folder, True)
        _PROFILE.append(folder)
    return _PROFILE[0]


def libreoffice_pages(docx: bytes) -> list[int] | None:
    """The pages of the headings as LibreOffice lays the DOCX out; None without LibreOffice or if it fails."""
    soffice = libreoffice()
    if soffice is None:
        return None
    with tempfile.TemporaryDirectory(prefix="reportgen-lo-") as tmp:
        folder = Path(tmp)
        (folder / "report.docx").write_bytes(docx)
        try:
            subprocess.run([soffice, "--headless", "--norestore", f"-env:UserInstallation={_profile().as_uri()}",
                            "--convert-to", "pdf", "--outdir", str(folder), str(folder / "report.docx")],
                           capture_output=True, timeout=LIBREOFFICE_SECONDS, check=False)
        except (OSError, subprocess.TimeoutExpired):
            return None
        pdf = folder / "report.pdf"
        if not pdf.is_file():
            return None
        try:
            return heading_pages(pdf.read_bytes())
        except Exception:  # an unreadable export: the caller falls back to the PDF's layout
            return None
