"""Facts about a built PDF and its layout, for tests: text layer, fonts, lines that leave their box."""

from __future__ import annotations

import subprocess
from pathlib import Path

from pypdf import PdfReader


def pdf_text(path: Path) -> str:
    """The text layer as pypdf extracts it (what copy and paste gives), pages separated by form feeds."""
    return "\f".join(page.extract_text() for page in PdfReader(path).pages)


def poppler_text(path: Path) -> str:
    """Text as poppler extracts it (-raw: content-stream order, no column guessing)."""
    return subprocess.run(["pdftotext", "-raw", "-enc", "UTF-8", str(path), "-"], check=True,
                          capture_output=True, text=True).stdout


def font_names(path: Path) -> set[str]:
    names = set()
    for page in PdfReader(path).pages:
        fonts = page.get("/Resources", {}).get("/Font", {})
        for f in fonts.values():
            names.add(str(f.get_object().get("/BaseFont")))
    return names


def overflowing_lines(html: str, tolerance: float = 0.5) -> list[str]:
    """Lines of text wider than the block that holds them (in CSS px), as 'page N: text' strings."""
    from weasyprint.formatting_structure import boxes

    from reportgen.writers.pdf import page as pdf_page

    doc = pdf_page(html).render()
    bad = []

    def walk(box, block, page_no):
        if getattr(box, "is_outside_marker", False) or getattr(box, "element_tag", "") == "li::before":
            return  # list bullets and numbers hang in the margin by design (report.css: li::before)
        if isinstance(box, boxes.BlockContainerBox) and not isinstance(box, boxes.LineBox):
            block = box
        if isinstance(box, boxes.LineBox) and block is not None:
            left = block.content_box_x()
            right = left + block.width
            for text in box.descendants():
                if isinstance(text, boxes.TextBox) and text.element_tag != "li::before":
                    x0 = text.position_x
                    x1 = x0 + text.margin_width()
                    if x1 > right + tolerance or x0 < left - tolerance:
                        bad.append(f"page {page_no}: {text.text!r} ({x0:.1f}–{x1:.1f} outside {left:.1f}–{right:.1f})")
        for child in getattr(box, "children", []):
            walk(child, block, page_no)

    for n, page in enumerate(doc.pages, start=1):
        walk(page._page_box, None, n)
    return bad


def headings_left_at_page_bottom(html: str) -> list[str]:
    """Headings that are the last thing on their page (a heading must stay with what follows it)."""
    from reportgen.writers.pdf import page as pdf_page

    doc = pdf_page(html).render()
    bad = []
    for n, page in enumerate(doc.pages, start=1):
        last = None
        for box in page._page_box.descendants():
            if getattr(box, "element_tag", "") in ("h1", "h2", "h3", "p", "li", "td", "caption"):
                last = box
        if last is not None and last.element_tag in ("h1", "h2", "h3") and n < len(doc.pages):
            bad.append(f"page {n}: {last.element_tag}")
    return bad


def outline_titles(path: Path) -> list[str]:
    """Every entry of the PDF's outline (bookmarks), depth first."""
    reader = PdfReader(path)
    out: list[str] = []

    def walk(items):
        for it in items:
            if isinstance(it, list):
                walk(it)
            else:
                out.append(it.title)

    walk(reader.outline)
    return out
