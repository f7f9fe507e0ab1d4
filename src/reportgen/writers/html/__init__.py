"""Document → HTML for WeasyPrint, with ICU line-break marks in Lao text (see linebreak.py)."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

import jinja2
from markupsafe import Markup, escape

from ...model.document import (
    CAPTION_LABEL,
    Document,
    Heading,
    ListBlock,
    PageBreak,
    Paragraph,
    Run,
    Table,
    TableOfContents,
)
from .linebreak import for_pdf


def assets_dir() -> Path:
    return Path(str(resources.files("reportgen")))


def _runs(runs: list[Run]) -> str:
    parts = []
    for r in runs:
        # Names stay whole: no break marks inside, and nowrap in the CSS.
        text = "<br>".join(str(escape(for_pdf(line, breakable=not r.name))) for line in r.text.split("\n"))
        if r.name:
            text = f'<span class="name">{text}</span>'
        if r.bold:
            text = f"<b>{text}</b>"
        parts.append(text)
    return "".join(parts)


def _table(t: Table) -> str:
    cls = ' class="wide"' if t.wide else ""
    out = [f"<table{cls}>"]
    if t.caption:
        out.append(f"<caption>{escape(CAPTION_LABEL)} {t.number}: {_runs(t.caption)}</caption>")
    if t.widths:
        total = sum(t.widths)
        out.append("<colgroup>" + "".join(f'<col style="width:{w / total * 100:.2f}%">' for w in t.widths)
                   + "</colgroup>")
    if t.head:
        out.append("<thead>")
        for row in t.head:
            out.append("<tr>" + "".join(_cell(c, "th") for c in row) + "</tr>")
        out.append("</thead>")
    out.append("<tbody>")
    for i, row in enumerate(t.body):
        tr = '<tr class="total">' if i in t.total_rows else "<tr>"
        out.append(tr + "".join(_cell(c, "td") for c in row) + "</tr>")
    out.append("</tbody></table>")
    if t.note:
        out.append(f'<p class="table-note">{_runs(t.note)}</p>')
    return "".join(out)


def _cell(c, tag: str) -> str:
    attrs = ""
    if c.colspan > 1:
        attrs += f' colspan="{c.colspan}"'
    if c.rowspan > 1:
        attrs += f' rowspan="{c.rowspan}"'
    if c.numeric and tag == "td":
        attrs += ' class="num"'
    return f"<{tag}{attrs}>{_runs(c.runs)}</{tag}>"


def _toc(doc: Document, block: TableOfContents, ids: dict[int, str]) -> str:
    items = []
    for h in doc.headings():
        label = f"{escape(h.number)} " if h.number else ""
        items.append(f'<li class="toc{h.level}"><a href="#{ids[id(h)]}">{label}{_runs(h.runs)}</a></li>')
    return f'<nav class="toc"><p class="toc-title">{_runs(block.title)}</p><ul>{"".join(items)}</ul></nav>'


def body_html(doc: Document) -> str:
    ids = {id(h): f"s{i}" for i, h in enumerate(doc.headings(), start=1)}
    out = []
    pending_break = False
    for b in doc.blocks:
        if isinstance(b, PageBreak):
            pending_break = True
            continue
        brk = " pagebreak" if pending_break else ""
        pending_break = False
        if isinstance(b, TableOfContents):
            html = _toc(doc, b, ids)
            out.append(f'<div class="{brk.strip()}">{html}</div>' if brk else html)
        elif isinstance(b, Heading):
            num = f"{escape(b.number)} " if b.number else ""
            label = escape(b.full_text)  # the outline (PDF bookmarks) gets the text without break marks
            out.append(f'<h{b.level} id="{ids[id(b)]}" class="h{brk}" data-label="{label}">{num}{_runs(b.runs)}'
                       f'</h{b.level}>')
        elif isinstance(b, Paragraph):
            out.append(f'<p class="{b.style}{brk}">{_runs(b.runs)}</p>')
        elif isinstance(b, ListBlock):
            tag = "ol" if b.ordered else "ul"
            items = "".join(f"<li>{_runs(i.runs)}</li>" for i in b.items)
            out.append(f'<{tag} class="{brk.strip()}">{items}</{tag}>')
        elif isinstance(b, Table):
            html = _table(b)
            out.append(f'<div class="{brk.strip()}">{html}</div>' if brk else html)
    return "\n".join(out)


def _css_string(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ").replace("<", "\\3c ")


def write_html(doc: Document, font: str = "Lao Report Sans") -> str:
    """The complete HTML page for WeasyPrint (and for `--to html`, to debug layout)."""
    env = jinja2.Environment(loader=jinja2.PackageLoader("reportgen", "html"), autoescape=True)
    page = env.get_template("page.html.j2")
    return page.render(meta=doc.meta, body=Markup(body_html(doc)),
                       short_title_css=Markup(_css_string(doc.meta.short_title)), font_css=Markup(_css_string(font)))
