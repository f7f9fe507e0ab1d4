"""The page each heading and each figure of a written report falls on, for the DOCX contents and list of
figures to show before any field update.

Word fills a TOC's page numbers only when it updates fields; LibreOffice, WPS and viewers show the results
stored in the file, which were empty. So the national report's DOCX is laid out once by LibreOffice when it
is installed (its PDF export: the page of every heading from the PDF's outline, of every figure from the
destination LibreOffice makes of the caption's bookmark), and the numbers are written into the PAGEREF
results. Province reports, and every report without LibreOffice, take them from the PDF's
own layout: both formats are set in Phetsarath with the same sizes and spacing, and run to the same pages
(docs/typesetting.md).
"""

from __future__ import annotations

import io
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from .fields import figure_bookmark

LIBREOFFICE_SECONDS = 180  # a 50-page report takes 3–6 s; a stuck soffice must not stop the build


# LibreOffice's PDF export, with every Word bookmark a named destination (the figures' captions are found by them)
PDF_EXPORT = 'pdf:writer_pdf_Export:{"ExportBookmarksToPDFDestination":{"type":"boolean","value":"true"}}'


@dataclass(frozen=True)
class Pages:
    """Where the listed entries fall: one page per heading of the contents, one per figure, in order."""

    headings: list[int]
    figures: list[int]


def _destinations(reader) -> dict[str, int]:
    """Each named destination of the PDF → its page (1-based). A name as the DOCX or the HTML wrote it:
    LibreOffice escapes "_" (#5F), which pypdf reads as "5F"."""
    out = {}
    for name, dest in reader.named_destinations.items():
        name = name.lstrip("/")
        if name.startswith("5F"):
            name = "_" + name[2:]
        try:
            out[name] = reader.get_destination_page_number(dest) + 1
        except Exception:  # a destination that points nowhere is no page
            continue
    return out


def pdf_pages(pdf: bytes, figure_ids: list[str]) -> Pages:
    """The pages of the headings (the outline) and of the figures (the destinations of `figure_ids`: the charts'
    ids in the HTML, or the captions' bookmarks in a DOCX LibreOffice exported) in a PDF."""
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(pdf))
    found = _destinations(reader) if figure_ids else {}
    figures = [found[f] for f in figure_ids if f in found]
    return Pages(_outline_pages(reader), figures if len(figures) == len(figure_ids) else [])


def _outline_pages(reader) -> list[int]:
    """The page number (1-based) of every entry of the PDF's outline, in reading order."""
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


class LibreOfficeLayout:
    """LibreOffice laying a DOCX out (its PDF export), started in the background so that the build goes on
    beside it; `pages()` waits for it. Without LibreOffice, or if it fails or takes too long, there are no pages
    (the caller falls back on the PDF's). `close()` stops it and removes its files, whatever happened."""

    def __init__(self, folder: Path, process: subprocess.Popen | None, figures: int):
        self.folder, self.process, self.figures = folder, process, figures

    @classmethod
    def start(cls, docx: bytes, figures: int = 0) -> LibreOfficeLayout:
        folder = Path(tempfile.mkdtemp(prefix="reportgen-lo-"))
        soffice = libreoffice()
        process = None
        if soffice is not None:
            (folder / "report.docx").write_bytes(docx)
            try:
                process = subprocess.Popen(
                    [soffice, "--headless", "--norestore", f"-env:UserInstallation={_profile().as_uri()}",
                     "--convert-to", PDF_EXPORT, "--outdir", str(folder), str(folder / "report.docx")],
                    stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            except OSError:
                process = None
        return cls(folder, process, figures)

    def pages(self) -> Pages | None:
        """The pages of the headings and of the figures' captions as LibreOffice laid them out, or None."""
        if self.process is None:
            return None
        try:
            self.process.wait(timeout=LIBREOFFICE_SECONDS)
        except subprocess.TimeoutExpired:
            return None
        pdf = self.folder / "report.pdf"
        if not pdf.is_file():
            return None
        try:
            return pdf_pages(pdf.read_bytes(), [figure_bookmark(n) for n in range(1, self.figures + 1)])
        except Exception:  # an unreadable export: the caller falls back to the PDF's layout
            return None

    def close(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
            self.process.wait()
        shutil.rmtree(self.folder, ignore_errors=True)

