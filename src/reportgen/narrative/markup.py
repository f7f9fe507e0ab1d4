"""Reads the markup the templates print (h1–h3, p, ul/ol/li, table, chart, b, name, lo, br, fig, remark, pagebreak,
toc, meta) into the document model, with each block's source: template line, data key and workbook places."""

from __future__ import annotations

import re
from dataclasses import replace

from lxml import etree

from ..errors import TemplateError
from ..messages import text
from ..model.document import (
    Cell,
    Chart,
    Document,
    FigureRun,
    Heading,
    ListBlock,
    Meta,
    PageBreak,
    Paragraph,
    Remark,
    Run,
    Source,
    Table,
    TableOfContents,
    assign_ids,
    number_blocks,
)
from .marks import Marks
from .remarks import merged

_SRC = re.compile(r'_src="([^"]*)"')
# the spaces, tabs and line ends of the templates' indentation; not a no-break space (`&#160;` in a template, or
# typed in a workbook), which is kept
_SPACE = re.compile(r"[ \t\n\r\f\v]+")
_TAG = re.compile(r"<(/?)([A-Za-z][\w-]*)([^>]*?)(/?)>")
CHART_KINDS = ("bar",)
P_STYLES = {"body", "center", "right", "nation", "motto", "issuer", "masthead", "number", "date", "title", "subtitle",
            "sample", "signature", "signname", "note", "lead"}


def template_line(file: str, line: int | None) -> str:
    """Where a template mistake is: "results.xml.j2, ແຖວ/line 12"."""
    label = text("part.template_line")
    return f"{file}, {label.lo}/{label.en} {line}"


def located(code: str, file: str, line: int | None, **values: object) -> TemplateError:
    """A template mistake, as the catalogue words it, at its file and line."""
    return TemplateError.of(code, template_line(file, line), **values)


def parse_markup(markup: str, marks: Marks, meta: Meta) -> Document:
    """The rendered templates → Document; `meta` gets the title from the <meta> tag or the title paragraph."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, remove_comments=True)
    try:
        root = etree.fromstring(f"<doc>{markup}</doc>".encode(), parser)
    except etree.XMLSyntaxError as exc:
        where = _unbalanced_tag(markup)
        file, _, ln = where.rpartition(":")
        detail = re.sub(r",? line \d+, column \d+", "", exc.msg or "")  # lines of the combined page mislead
        raise located("template.unclosed_tag", file or "?", int(ln) if ln.isdigit() else 0, detail=detail) from exc
    reader = _Reader(marks)
    meta_el = root.find("meta")
    blocks = []
    for el in root:
        if el.tag is etree.Comment or el.tag == "meta":
            continue
        block = reader.block(el)
        if block is not None:
            blocks.append(block)
            if isinstance(block, Chart):
                blocks.append(block.table)  # its data table, right after it
    number_blocks(blocks)
    assign_ids(blocks)
    attr = meta_el.attrib if meta_el is not None else {}
    title = next((b.text for b in blocks if isinstance(b, Paragraph) and b.style == "title"), "")
    meta.title = attr.get("title", meta.title or title)
    meta.short_title = attr.get("short", meta.short_title or title)
    meta.subject = attr.get("subject", meta.subject)
    return Document(meta, blocks)


def _unbalanced_tag(markup: str) -> str:
    """The template line ("file:line") of the first tag that is not closed properly."""
    stack: list[tuple[str, str]] = []
    last = "?:0"
    for m in _TAG.finditer(markup):
        closing, tag, attrs, selfclosing = m.groups()
        src = _SRC.search(attrs)
        if src:
            last = src.group(1)
        if selfclosing:
            continue
        if not closing:
            stack.append((tag, last))
        elif stack and stack[-1][0] == tag:
            stack.pop()
        else:
            return stack[-1][1] if stack else last
    return stack[-1][1] if stack else last


class _Reader:
    def __init__(self, marks: Marks):
        self.marks = marks

    def source(self, el, key: str = "", origin: str = "") -> Source:
        file, _, line = el.get("_src", "").rpartition(":")
        refs = self.marks.origin_of(el.get("from", origin))
        key = el.get("key", key)
        if not line.isdigit():
            return Source(key=key, origin=refs)
        return Source(file, int(line), key, refs, anchor=el.get("_a", ""))

    def fail(self, el, code: str, **values: object) -> TemplateError:
        s = self.source(el)
        return located(code, s.template or "?", s.line, tag=f"<{el.tag}>", **values)

    def remark(self, el) -> Remark:
        n = el.get("n", "")
        if n.isdigit() and int(n) < len(self.marks.remarks):
            return self.marks.remarks[int(n)]
        return Remark(_SPACE.sub(" ", "".join(el.itertext())).strip(), "")  # <remark>text</remark> in a template

    def runs(self, el, bold: bool = False, remarks: list[Remark] | None = None) -> list[Run]:
        """The inline content of an element as runs; whitespace is collapsed (templates are indented).

        `<remark>` children are not text: they are collected into `remarks` (Word comments for reviewers).
        A `<fig>` is a figure: it stays a run of its own, typed.
        """
        runs: list[Run] = []
        skip_space = False

        def add(text: str | None, b: bool, name: bool = False, lang: str = "") -> None:
            nonlocal skip_space
            if text:
                t = _SPACE.sub(" ", text)
                if skip_space:
                    t = t.lstrip(" ")
                    skip_space = False
                if not t:
                    return
                last = runs[-1] if runs else None
                if (last is not None and type(last) is Run and last.bold == b and last.name == name
                        and last.lang == lang):
                    last.text += t
                else:
                    runs.append(Run(t, b, name, lang))

        add(el.text, bold)
        for child in el:
            if child.tag is etree.Comment:
                add(child.tail, bold)
                continue
            if child.tag == "remark":
                if remarks is not None:
                    remarks.append(self.remark(child))
            elif child.tag == "fig":
                n = child.get("n", "")
                text = "".join(child.itertext())
                if n.isdigit() and int(n) < len(self.marks.figures):
                    run = self.marks.figures[int(n)]
                    run.bold = bold
                    runs.append(run)
                else:
                    add(text, bold)
            elif child.tag == "b":
                for r in self.runs(child, True, remarks):
                    if type(r) is Run:
                        add(r.text, True, r.name)
                    else:
                        runs.append(r)
            elif child.tag == "name":
                add("".join(child.itertext()), bold or child.get("b") == "yes", True, child.get("lang", ""))
            elif child.tag == "lo":  # a committee's own Lao words, quoted in a report in another language
                for r in self.runs(child, bold, remarks):
                    if type(r) is Run:
                        add(r.text, r.bold, r.name, "lo")
                    else:
                        runs.append(r)
            elif child.tag == "tab":  # the masthead's right-hand side follows: a tab stop at the right margin
                if runs and type(runs[-1]) is Run:
                    runs[-1].text = runs[-1].text.rstrip(" ")
                runs.append(Run("\t", bold))  # a run of its own: never inside a name's
                skip_space = True
            elif child.tag == "br":
                if runs and type(runs[-1]) is Run:
                    runs[-1].text = runs[-1].text.rstrip(" ") + "\n"  # a line break; spaces around it mean nothing
                elif runs:
                    runs.append(Run("\n", bold))
                skip_space = True
            else:
                raise self.fail(child, "template.unknown_tag_in_text")
            add(child.tail, bold)
        if runs:
            runs[0].text = runs[0].text.lstrip()
            runs[-1].text = runs[-1].text.rstrip()
        return [r for r in runs if r.text]

    def block(self, el):
        tag = el.tag
        src = self.source(el)
        if tag in ("h1", "h2", "h3"):
            remarks: list[Remark] = []
            runs = self.runs(el, remarks=remarks)
            return Heading(int(tag[1]), runs, numbered=el.get("numbered", "yes") != "no", source=src,
                           remarks=merged(remarks)) if runs else None
        if tag == "p":
            style = el.get("class", "body")
            if style not in P_STYLES:
                raise self.fail(el, "template.unknown_class", name=style)
            remarks = []
            runs = self.runs(el, remarks=remarks)
            return Paragraph(runs, style, src, merged(remarks)) if runs else None
        if tag in ("ul", "ol"):
            items = []
            for li in el:
                if li.tag is etree.Comment:
                    continue
                if li.tag != "li":
                    raise self.fail(li, "template.list_item")
                remarks = []
                runs = self.runs(li, remarks=remarks)
                if runs:
                    items.append(Paragraph(runs, "body", self.source(li), merged(remarks)))
            return ListBlock(items, tag == "ol", src) if items else None
        if tag == "table":
            return self.table(el, src)
        if tag == "chart":
            return self.chart(el, src)
        if tag == "pagebreak":
            return PageBreak(src)
        if tag == "toc":
            return TableOfContents(self.runs(el), src)
        raise self.fail(el, "template.unknown_tag")

    def table(self, el, src: Source) -> Table | None:
        """A table, its reviewers' remarks gathered from its caption and cells into remarks on the table."""
        caption: list[Run] = []
        table_remarks: list[Remark] = []
        note: list[Run] = []
        head: list[list[Cell]] = []
        body: list[list[Cell]] = []
        totals: set[int] = set()
        for part in el:
            if part.tag is etree.Comment:
                continue
            if part.tag == "caption":
                caption = self.runs(part, remarks=table_remarks)
            elif part.tag == "note":
                note = self.runs(part, remarks=table_remarks)
            elif part.tag in ("thead", "tbody"):
                for tr in part:
                    if tr.tag is etree.Comment:
                        continue
                    if tr.tag != "tr":
                        raise self.fail(tr, "template.table_row")
                    row = []
                    for td in tr:
                        if td.tag is etree.Comment:
                            continue
                        if td.tag not in ("th", "td"):
                            raise self.fail(td, "template.table_cell")
                        bold = td.tag == "th" or tr.get("class") in ("total", "group")
                        row.append(Cell(self.runs(td, bold=bold, remarks=table_remarks),
                                        header=part.tag == "thead", numeric=td.get("class") == "num",
                                        colspan=int(td.get("colspan", "1")), rowspan=int(td.get("rowspan", "1")),
                                        source=self.source(td, key=tr.get("key", ""), origin=tr.get("from", ""))))
                    if part.tag == "thead":
                        head.append(row)
                    else:
                        if tr.get("class") == "total":
                            totals.add(len(body))
                        body.append(row)
            else:
                raise self.fail(part, "template.unknown_tag_in_table")
        if not body:
            return None
        widths = [float(w) for w in el.get("widths", "").split(",") if w.strip()]
        return Table(caption, head, body, totals, widths, note=note, wide=el.get("wide") == "yes", source=src,
                     remarks=merged(table_remarks))

    def chart(self, el, src: Source) -> Chart | None:
        """A chart, written like a table: its heading row names the series, each other row is a category (its first
        cell) with one figure per series; rows of class "total" stay in its data table but are not drawn."""
        kind = el.get("kind", "bar")
        if kind not in CHART_KINDS:
            raise self.fail(el, "template.chart_kind", name=kind)
        table = self.table(el, replace(src, key=(src.key or "chart") + ".data"))
        if table is None:
            return None
        if not table.head or len(table.head[-1]) < 2:
            raise self.fail(el, "template.chart_value")
        series = [c.text for c in table.head[-1][1:]]
        categories: list[str] = []
        values: list[list[FigureRun]] = []
        for i, row in enumerate(table.body):
            if i in table.total_rows:
                continue
            figures = [[r for r in c.runs if isinstance(r, FigureRun)] for c in row[1:]]
            if len(figures) != len(series) or any(len(f) != 1 for f in figures):
                raise self.fail(el, "template.chart_value")
            categories.append(row[0].text)
            values.append([f[0] for f in figures])
        caption, table.caption = table.caption, []  # the chart's caption is its table's: said once, above both
        remarks, table.remarks = table.remarks, []
        return Chart(kind, caption, categories, series, values, table, unit=el.get("unit", ""), source=src,
                     remarks=remarks)
