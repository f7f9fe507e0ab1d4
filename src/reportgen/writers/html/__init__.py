"""Document → HTML for WeasyPrint: `write_html(document, settings) -> str`, the page the PDF is printed from.

blocks.py writes the body (with ICU line-break marks in Lao text, see linebreak.py); the page template and
its print CSS live in reportgen/html/, the page geometry and text size come from the settings' page setup.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

import jinja2
from markupsafe import Markup

from ...config import PageSetup, Settings
from ...model.document import PAGE_LABELS, SAMPLE_MARK, Document, words_for
from .._blocks import with_ids
from .blocks import body_html

__all__ = ["assets_dir", "body_html", "page_css", "write_html"]


def assets_dir() -> Path:
    return Path(str(resources.files("reportgen")))


def _css_string(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ").replace("<", "\\3c ")


def page_css(page: PageSetup) -> str:
    """The page's geometry and text size as CSS, for report.css to build on (`--font-size`)."""
    return (f"@page {{ size: {page.width:g}cm {page.height:g}cm; margin: {page.margin_top:g}cm "
            f"{page.margin_right:g}cm {page.margin_bottom:g}cm {page.margin_left:g}cm; "
            f"@top-center {{ padding-top: {page.header_distance:g}cm; }} "
            f"@top-right {{ padding-top: {page.header_distance:g}cm; }} "
            f"@bottom-center {{ padding-bottom: {page.footer_distance:g}cm; }} }} "
            f":root {{ --font-size: {page.pdf_font_size:g}pt; }}")


def write_html(doc: Document, settings: Settings | None = None) -> str:
    """The complete HTML page for WeasyPrint (and for `--to html`, to debug layout)."""
    settings = settings or Settings()
    doc = with_ids(doc)
    env = jinja2.Environment(loader=jinja2.PackageLoader("reportgen", "html"), autoescape=True)
    page = env.get_template("page.html.j2")
    words = words_for(doc.meta.language)
    return page.render(meta=doc.meta, body=Markup(body_html(doc)), page_css=Markup(page_css(settings.page)),
                       lang=words, page_label_css=Markup(_css_string(PAGE_LABELS[words])) if words != "lo" else "",
                       short_title_css=Markup(_css_string(doc.meta.short_title)),
                       font_css=Markup(_css_string(settings.pdf_font)), sample_css=Markup(_css_string(SAMPLE_MARK)))
