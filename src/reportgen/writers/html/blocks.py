"""Blocks → the HTML body: every block under its id, figures marked with what they are, by one dispatch table."""

from __future__ import annotations

from dataclasses import replace

from markupsafe import escape

from ...model.document import (
    CAPTION_LABELS,
    Cell,
    Chart,
    Document,
    FigureRun,
    Heading,
    ListBlock,
    PageBreak,
    Paragraph,
    Run,
    Table,
    TableOfContents,
    words_for,
)
from .._blocks import KEEP_ROWS, branch, held_rows
from ..charts.html import chart_html, figure_list_html
from .linebreak import ZWSP, for_pdf


def _attr(value: object) -> str:
    return str(escape(str(value)))


def _figure(r: FigureRun, inner: str) -> str:
    """`<span class="figure">` with the figure's id, key and value: a reader (or a later step) finds it there."""
    attrs = [f'id="{_attr(r.id)}"'] if r.id else []
    attrs.append(f'data-figure="{_attr(r.figure)}"')
    if r.scope:
        attrs.append(f'data-scope="{_attr(r.scope)}"')
    if r.value is not None:
        attrs.append(f'data-value="{r.value}"')
    attrs += [f'data-{flag}="true"' for flag in ("partial", "warned") if getattr(r, flag)]
    return f'<span class="figure" {" ".join(attrs)}>{inner}</span>'


_GLUE_MAX = 24  # characters: a longer last pair of words may break (it fills most of a line anyway)


def _glued_end(line: str) -> str:
    """`line` (already marked for the PDF) as HTML, its last two words kept on one line, so that a paragraph
    never ends on a line of one short word ("ດັ່ງນີ້:" alone under a full line)."""
    stripped = line.rstrip()
    cuts = [i for i, ch in enumerate(stripped) if ch in (" ", ZWSP)]
    if len(cuts) < 2 or len(stripped) - cuts[-2] > _GLUE_MAX:
        return str(escape(line))
    head, tail = stripped[:cuts[-2] + 1], stripped[cuts[-2] + 1:]
    return f'{escape(head)}<span class="nowrap">{escape(tail.replace(ZWSP, ""))}</span>{escape(line[len(stripped):])}'


def runs(rs: list[Run], glue: bool = False) -> str:
    """`rs` as HTML; `glue`: the end of a paragraph or list item, whose last two words stay together."""
    parts = []
    for k, r in enumerate(rs):
        # Names stay whole: no break marks inside, and nowrap in the CSS.
        lines = [for_pdf(line, breakable=not r.name) for line in r.text.split("\n")]
        last = glue and k == len(rs) - 1 and not r.name and not isinstance(r, FigureRun)
        text = "<br>".join(_glued_end(line) if last and i == len(lines) - 1 else str(escape(line))
                           for i, line in enumerate(lines))
        if r.name:
            text = f'<span class="name">{text}</span>'
        if r.lang:  # a committee's Lao words quoted in a report in another language
            text = f'<span lang="{_attr(r.lang)}" class="quoted">{text}</span>'
        if isinstance(r, FigureRun):
            text = _figure(r, text)
        if r.bold:
            text = f"<b>{text}</b>"
        parts.append(text)
    return "".join(parts)


def _sides(rs: list[Run]) -> str:
    """Runs as HTML; a tab (a masthead line: body at the left, number at the right) makes two spans, which
    the CSS sets at either side of the line as Word's right tab stop does."""
    if not any("\t" in r.text for r in rs):
        return runs(rs, glue=True)
    left: list[Run] = []
    right: list[Run] = []
    for r in rs:
        if "\t" in r.text and not right:
            before, _, after = r.text.partition("\t")
            if before:
                left.append(replace(r, text=before))
            right.append(replace(r, text=after.replace("\t", " ")))
        else:
            (right if right else left).append(r)
    return f"<span>{runs(left)}</span><span>{runs([r for r in right if r.text])}</span>"


def _id(block) -> str:
    return f' id="{_attr(block.id)}"' if block.id else ""


def _class(*names: str) -> str:
    names = tuple(n for n in names if n)
    return f' class="{" ".join(names)}"' if names else ""


def _cell(c: Cell, tag: str) -> str:
    attrs = ""
    if c.colspan > 1:
        attrs += f' colspan="{c.colspan}"'
    if c.rowspan > 1:
        attrs += f' rowspan="{c.rowspan}"'
    if c.numeric and tag == "td":
        attrs += ' class="num"'
    return f"<{tag}{attrs}>{runs(c.runs)}</{tag}>"


class Body:
    """Writes the blocks of one document; a page break is carried to the next block as its class."""

    def __init__(self, doc: Document):
        self.doc = doc
        self.brk = ""
        self.branches = {
            Heading: self.heading,
            Paragraph: self.paragraph,
            ListBlock: self.list,
            Table: self.table,
            Chart: self.chart,
            PageBreak: self.page_break,
            TableOfContents: self.toc,
        }

    def write(self) -> str:
        out = []
        for b in self.doc.blocks:
            html = branch(self.branches, b, "HTML")(b)
            if html is not None:
                out.append(html)
        return "\n".join(out)

    def _break(self) -> str:
        brk, self.brk = self.brk, ""
        return brk

    def page_break(self, b: PageBreak) -> None:
        self.brk = "pagebreak"

    def heading(self, b: Heading) -> str:
        num = f"{escape(b.number)} " if b.number else ""
        label = escape(b.full_text)  # the outline (PDF bookmarks) gets the text without break marks
        return (f'<h{b.level}{_id(b)}{_class("h", self._break())} data-label="{label}">{num}{runs(b.runs)}'
                f"</h{b.level}>")

    def paragraph(self, b: Paragraph) -> str:
        return f"<p{_id(b)}{_class(b.style, self._break())}>{_sides(b.runs)}</p>"

    def list(self, b: ListBlock) -> str:
        tag = "ol" if b.ordered else "ul"
        items = "".join(f"<li{_id(i)}>{runs(i.runs, glue=True)}</li>" for i in b.items)
        return f'<{tag}{_id(b)} class="{self._break()}">{items}</{tag}>'

    def toc(self, b: TableOfContents) -> str:
        items = []
        for h in self.doc.headings():
            label = f"{escape(h.number)} " if h.number else ""
            items.append(f'<li class="toc{h.level}"><a href="#{_attr(h.id)}">{label}{runs(h.runs)}</a></li>')
        html = f'<nav{_id(b)} class="toc"><p class="toc-title">{runs(b.title)}</p><ul>{"".join(items)}</ul></nav>'
        if self.doc.charts():
            html += figure_list_html(self.doc)
        brk = self._break()
        return f'<div class="{brk}">{html}</div>' if brk else html

    def table(self, t: Table) -> str:
        short = len(t.body) < 2 * KEEP_ROWS
        out = [f"<table{_id(t)}{_class('wide' if t.wide else '', 'short' if short else '')}>"]
        if t.caption:
            label = CAPTION_LABELS[words_for(self.doc.meta.language)]
            out.append(f"<caption>{escape(label)} {t.number}: {runs(t.caption)}</caption>")
        if t.widths:
            total = sum(t.widths) or 1.0
            out.append("<colgroup>" + "".join(f'<col style="width:{w / total * 100:.2f}%">' for w in t.widths)
                       + "</colgroup>")
        if t.head:
            out.append("<thead>")
            out += ["<tr>" + "".join(_cell(c, "th") for c in row) + "</tr>" for row in t.head]
            out.append("</thead>")
        out.append("<tbody>")
        held = set() if short else held_rows(len(t.body), t.total_rows)  # a short table: table.short
        for i, row in enumerate(t.body):
            tr = f"<tr{_class('total' if i in t.total_rows else '', 'held' if i in held else '')}>"
            out.append(tr + "".join(_cell(c, "td") for c in row) + "</tr>")
        out.append("</tbody></table>")
        if t.note:
            out.append(f'<p class="table-note">{runs(t.note)}</p>')
        html = "".join(out)
        brk = self._break()
        return f'<div class="{brk}">{html}</div>' if brk else html


    def chart(self, b: Chart) -> str:
        html = chart_html(b, runs(b.caption))
        brk = self._break()
        return f'<div class="{brk}">{html}</div>' if brk else html


def body_html(doc: Document) -> str:
    """The blocks of `doc` as HTML (ids as given: see writers._blocks.with_ids)."""
    return Body(doc).write()
