"""Renders the narrative templates (Jinja2, in Lao) with the report data into the document model.

Templates are written in a small markup (h1–h3, p, ul/ol/li, table, b, name, pagebreak, meta) so that
secretariat staff can change a sentence in a text editor. Every value from the data is autoescaped, so
text from a workbook is always text: it can never become markup or template code.
"""

from __future__ import annotations

import re
import traceback
from importlib import resources
from pathlib import Path

import jinja2
from lxml import etree
from markupsafe import Markup, escape

from .._format import date_lo, fmt_int
from ..aggregate import ReportData, Total
from ..config import Settings
from ..contract import schema
from ..contract.figures import gap_texts
from ..errors import TemplateError
from ..model.document import (
    Cell,
    Document,
    Heading,
    ListBlock,
    Meta,
    PageBreak,
    Paragraph,
    Run,
    Source,
    Table,
    TableOfContents,
    number_blocks,
)

MAIN_TEMPLATE = "report.xml.j2"
_TRACKED = ("h1", "h2", "h3", "p", "li", "table", "ul", "ol", "pagebreak", "meta", "toc")
_TAG_AT_LINE = re.compile(r"<(" + "|".join(_TRACKED) + r")(?=[\s/>])")
_SRC = re.compile(r'_src="([^"]*)"')
_SPACE = re.compile(r"\s+")


def builtin_templates() -> Path:
    """The templates shipped with reportgen (in a source checkout: the repository's templates/)."""
    packaged = Path(str(resources.files("reportgen") / "templates"))
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[3] / "templates"


class _SourceMarkingLoader(jinja2.BaseLoader):
    """Adds `_src="file:line"` to each block tag, so every paragraph knows the template line it came from.

    Only attributes are added, never newlines, so Jinja's own line numbers in error messages stay right.
    """

    def __init__(self, folders: list[Path]):
        self.inner = jinja2.FileSystemLoader([str(f) for f in folders], encoding="utf-8")
        self.folders = folders

    def get_source(self, environment, template):
        source, filename, uptodate = self.inner.get_source(environment, template)
        lines = source.split("\n")
        for i, line in enumerate(lines, start=1):
            lines[i - 1] = _TAG_AT_LINE.sub(lambda m, i=i: f'<{m.group(1)} _src="{template}:{i}"', line)
        return "\n".join(lines), filename, uptodate


WARNED_MARK = "!"  # a figure a check warned about (the legend explains it; the Word comment says which warning)


def _why(value) -> Markup:
    """Reviewers' remarks on a figure: who left what empty, and the check warnings about it (Word comments)."""
    if not isinstance(value, Total):
        return Markup("")
    out = Markup("")
    if value.missing:
        files = gap_texts(value.missing_from)  # one text per workbook: "A.xlsx › 7 … › F7, G7"
        shown = "; ".join(files[:8]) + (f"; … (+{len(files) - 8})" if len(files) > 8 else "")
        if value.value is None:
            text = f"ບໍ່ມີຄະນະກຳມະການໃດລາຍງານຕົວເລກນີ້ ({value.missing}) / no committee reported this figure: {shown}"
        else:
            text = (f"ຕົວເລກບໍ່ຄົບ: {value.missing} ຄະນະບໍ່ໄດ້ລາຍງານ ຫຼື ປະບາງຫ້ອງວ່າງ / incomplete: {value.missing} "
                    f"left it or some of its cells empty: {shown}")
        out += Markup("<remark>%s</remark>") % text
    for w in value.warnings:
        out += Markup("<remark>%s</remark>") % f"{WARNED_MARK} ຄຳເຕືອນ / check warning: {w.where}: {w.lo} / {w.en}"
    return out


def _num(value, sep: str) -> Markup:
    if isinstance(value, Total):
        if value.value is None:
            return Markup("–") + (WARNED_MARK if value.warnings else "") + _why(value)
        marks = ("*" if value.missing else "") + (WARNED_MARK if value.warnings else "")
        return escape(fmt_int(value.value, sep) + marks) + _why(value)
    if value is None:
        return Markup("–")
    return escape(fmt_int(int(value), sep))


def _text(value) -> Markup:
    """Text from a workbook, escaped; a new line typed inside the cell stays a new line."""
    return Markup(str(escape(value)).replace("\n", "<br/>"))


def _details(entry, sheet: str, keys, sep: str) -> Markup:
    """The other fields of a list item, each with its label: ", ສະຖານທີ່: …, ຈຳນວນຄັ້ງ 3" ("" when all empty).

    Counts read "label 3", text "label: text"; a yes/no column shows its label only when the answer is yes.
    """
    parts: list[Markup] = []
    for key in keys:
        column = schema.SHEETS_BY_KEY[sheet].column(key)
        value = entry.get(key)
        if value is None or value == "":
            continue
        label = column.label_lo
        if column.kind is schema.Kind.CHOICE and column.choices == "yesno":
            if value == "yes":
                parts.append(escape(label))
        elif column.kind is schema.Kind.CHOICE and column.choices:
            parts.append(escape(f"{label}: {schema.option_label(column.choices, value)}"))
        elif column.kind in (schema.Kind.COUNT, schema.Kind.MONEY):
            parts.append(escape(f"{label} {fmt_int(int(value), sep)}"))
        elif column.kind is schema.Kind.DATE:
            parts.append(escape(f"{label}: {date_lo(value)}"))
        else:
            parts.append(escape(f"{label}: ") + _text(value))
    return Markup("").join(Markup(", ") + p for p in parts)


def _who_all(group, sheet: str, keys, sep: str) -> Markup:
    """Who reported a group of items, each with its quantity and other fields; a field every committee of
    the group gave the same way is said once, after the list: "(A: 3 ຄັ້ງ; B: 5 ຄັ້ງ), ສະຖານທີ່: …"."""
    keys = list(keys)
    common = [k for k in keys if len(group.entries) > 1 and group.common(k) not in (None, "")]
    own = [k for k in keys if k not in common]
    parts = []
    for e in group.entries:
        text = Markup("<name>%s</name>") % e.committee.place_lo
        quantity, unit = e.get("quantity"), e.get("unit")
        if quantity is not None:
            text += escape(f": {fmt_int(int(quantity), sep)}") + (escape(f" {unit}") if unit else Markup(""))
        elif unit:
            text += escape(f": {unit}")
        if sheet and own:
            text += _details(e, sheet, own, sep)
        parts.append(text)
    out = Markup("(") + Markup("; ").join(parts) + Markup(")")
    if sheet and common:
        out += _details(group.entries[0], sheet, common, sep)
    return out


def _finalize(value):
    # Every text printed from the data keeps its line breaks (a lesson typed on two lines stays two lines).
    if isinstance(value, str) and not isinstance(value, Markup) and "\n" in value:
        return _text(value)
    return value


def _remark(issue) -> Markup:
    text = f"{issue.where}: {issue.lo} / {issue.en}" if hasattr(issue, "where") else str(issue)
    return Markup("<remark>%s</remark>") % text


def make_environment(settings: Settings) -> jinja2.Environment:
    folders = [settings.path(settings.templates), builtin_templates()]
    env = jinja2.Environment(
        loader=_SourceMarkingLoader([f for f in folders if f.is_dir()]),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        finalize=_finalize,
    )
    sep = settings.thousands_separator
    env.filters["num"] = lambda v: _num(v, sep)
    env.filters["why"] = _why
    env.globals["remark"] = _remark
    env.globals["who_reported"] = lambda group, sheet="", keys=(): _who_all(group, sheet, keys, sep)
    env.globals["warned_mark"] = WARNED_MARK
    env.filters["date_lo"] = date_lo
    env.filters["name"] = lambda v: Markup("<name>%s</name>") % v
    env.filters["area"] = lambda k: schema.option_label("area", k)
    env.filters["option"] = lambda k, lst: schema.option_label(lst, k)
    env.globals["reported"] = lambda v: isinstance(v, Total) and v.value is not None
    env.globals["schema"] = schema
    return env


def render_markup(data: ReportData, settings: Settings) -> str:
    env = make_environment(settings)
    try:
        template = env.get_template(MAIN_TEMPLATE)
        return template.render(r=data, s=settings, year=data.year, next_year=data.year + 1)
    except jinja2.TemplateSyntaxError as exc:
        raise TemplateError(_located(exc.name or exc.filename or "?", exc.lineno,
                                     "ຮູບແບບແມ່ແບບຜິດ", "template syntax error", exc.message or "")) from exc
    except jinja2.TemplateNotFound as exc:
        raise TemplateError(f"ບໍ່ພົບແມ່ແບບ / template not found: {exc.name}") from exc
    except Exception as exc:  # an error inside a template expression: name its file and line
        where = _template_frame(exc)
        raise TemplateError(_located(where[0], where[1], "ຂໍ້ຜິດພາດໃນແມ່ແບບ", "error in template",
                                     f"{type(exc).__name__}: {exc}")) from exc


def _template_frame(exc: BaseException) -> tuple[str, int]:
    frames = [f for f in traceback.extract_tb(exc.__traceback__) if f.filename.endswith(".j2")]
    if frames:
        return frames[-1].filename, frames[-1].lineno or 0
    return "?", 0


def _located(file: str, line: int | None, lo: str, en: str, detail: str) -> str:
    return (f"{file}, ແຖວ/line {line}: {lo} / {en}: {detail}\n"
            "    → ແກ້ໄຂແມ່ແບບຢູ່ແຖວນີ້ ແລ້ວສ້າງຄືນ / fix the template at this line and build again")


def build_document(data: ReportData, settings: Settings) -> Document:
    """ReportData → Document, through the narrative templates."""
    markup = render_markup(data, settings)
    return parse_markup(markup, data, settings)


def parse_markup(markup: str, data: ReportData, settings: Settings) -> Document:
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, remove_comments=True)
    try:
        root = etree.fromstring(f"<doc>{markup}</doc>".encode(), parser)
    except etree.XMLSyntaxError as exc:
        where = _unbalanced_tag(markup)
        file, _, ln = where.rpartition(":")
        detail = re.sub(r",? line \d+, column \d+", "", exc.msg or "")  # lines of the combined page mislead
        raise TemplateError(_located(file or "?", int(ln) if ln.isdigit() else 0, "ແທັກບໍ່ຄົບ ຫຼື ຜິດ",
                                     "unclosed or wrong tag", detail)) from exc
    meta_el = root.find("meta")
    blocks = []
    for el in root:
        if el.tag is etree.Comment or el.tag == "meta":
            continue
        block = _block(el)
        if block is not None:
            blocks.append(block)
    number_blocks(blocks)
    attr = meta_el.attrib if meta_el is not None else {}
    title = next((b.text for b in blocks if isinstance(b, Paragraph) and b.style == "title"), "")
    meta = Meta(title=attr.get("title", title), short_title=attr.get("short", title),
                subject=attr.get("subject", ""), author=settings.issuing_body, language="lo-LA",
                date=settings.report_date, year=data.year, sample=data.sample)
    return Document(meta, blocks)


_TAG = re.compile(r"<(/?)([A-Za-z][\w-]*)([^>]*?)(/?)>")


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


def _source(el) -> Source:
    file, _, line = el.get("_src", "").rpartition(":")
    origin = el.get("from", "")
    return Source(file, int(line), origin) if line.isdigit() else Source(origin=origin)


def _fail(el, what_lo: str, what_en: str) -> TemplateError:
    s = _source(el)
    return TemplateError(_located(s.template or "?", s.line, what_lo, what_en, f"<{el.tag}>"))


def _runs(el, bold: bool = False, remarks: list[str] | None = None) -> list[Run]:
    """The inline content of an element as runs; whitespace is collapsed (templates are indented).

    `<remark>` children are not text: they are collected into `remarks` (Word comments for reviewers).
    """
    runs: list[Run] = []

    skip_space = False

    def add(text: str | None, b: bool, name: bool = False) -> None:
        nonlocal skip_space
        if text:
            t = _SPACE.sub(" ", text)
            if skip_space:
                t = t.lstrip(" ")
                skip_space = False
            if not t:
                return
            if runs and runs[-1].bold == b and runs[-1].name == name:
                runs[-1].text += t
            else:
                runs.append(Run(t, b, name))

    add(el.text, bold)
    for child in el:
        if child.tag is etree.Comment:
            add(child.tail, bold)
            continue
        if child.tag == "remark":
            if remarks is not None:
                remarks.append(_SPACE.sub(" ", "".join(child.itertext())).strip())
        elif child.tag == "b":
            for r in _runs(child, True, remarks):
                add(r.text, True, r.name)
        elif child.tag == "name":
            add("".join(child.itertext()), bold or child.get("b") == "yes", True)
        elif child.tag == "br":
            if runs:
                runs[-1].text = runs[-1].text.rstrip(" ") + "\n"  # a line break; spaces around it mean nothing
            skip_space = True
        else:
            raise _fail(child, "ແທັກທີ່ບໍ່ຮູ້ຈັກໃນຂໍ້ຄວາມ", "unknown tag inside text")
        add(child.tail, bold)
    if runs:
        runs[0].text = runs[0].text.lstrip()
        runs[-1].text = runs[-1].text.rstrip()
    return [r for r in runs if r.text]


_P_STYLES = {"body", "center", "right", "nation", "motto", "issuer", "number", "date", "title", "subtitle",
             "sample", "signature", "signname", "note", "lead"}


def _block(el):
    tag = el.tag
    src = _source(el)
    if tag in ("h1", "h2", "h3"):
        remarks: list[str] = []
        runs = _runs(el, remarks=remarks)
        return Heading(int(tag[1]), runs, numbered=el.get("numbered", "yes") != "no", source=src,
                       remarks=remarks) if runs else None
    if tag == "p":
        style = el.get("class", "body")
        if style not in _P_STYLES:
            raise _fail(el, f"class \"{style}\" ບໍ່ຮູ້ຈັກ", f"unknown paragraph class \"{style}\"")
        remarks = []
        runs = _runs(el, remarks=remarks)
        return Paragraph(runs, style, src, remarks) if runs else None
    if tag in ("ul", "ol"):
        items = []
        for li in el:
            if li.tag is etree.Comment:
                continue
            if li.tag != "li":
                raise _fail(li, "ໃນລາຍການ ໃຊ້ໄດ້ສະເພາະ <li>", "only <li> may stand in a list")
            remarks = []
            runs = _runs(li, remarks=remarks)
            if runs:
                items.append(Paragraph(runs, "body", _source(li), remarks))
        return ListBlock(items, tag == "ol", src) if items else None
    if tag == "table":
        return _table(el, src)
    if tag == "pagebreak":
        return PageBreak(src)
    if tag == "toc":
        return TableOfContents(_runs(el), src)
    raise _fail(el, "ແທັກທີ່ບໍ່ຮູ້ຈັກ", "unknown tag")


def _table(el, src: Source) -> Table | None:
    caption: list[Run] = []
    caption_remarks: list[str] = []
    note: list[Run] = []
    head: list[list[Cell]] = []
    body: list[list[Cell]] = []
    totals: set[int] = set()
    for part in el:
        if part.tag is etree.Comment:
            continue
        if part.tag == "caption":
            caption = _runs(part, remarks=caption_remarks)
        elif part.tag == "note":
            note = _runs(part)
        elif part.tag in ("thead", "tbody"):
            for tr in part:
                if tr.tag is etree.Comment:
                    continue
                if tr.tag != "tr":
                    raise _fail(tr, "ໃນຕາຕະລາງ ໃຊ້ <tr>", "expected <tr>")
                row = []
                for td in tr:
                    if td.tag is etree.Comment:
                        continue
                    if td.tag not in ("th", "td"):
                        raise _fail(td, "ໃນແຖວ ໃຊ້ <th> ຫຼື <td>", "expected <th> or <td>")
                    cell_remarks: list[str] = []
                    row.append(Cell(_runs(td, bold=td.tag == "th" or tr.get("class") in ("total", "group"), remarks=cell_remarks),
                                    header=part.tag == "thead", numeric=td.get("class") == "num",
                                    colspan=int(td.get("colspan", "1")), rowspan=int(td.get("rowspan", "1")),
                                    remarks=cell_remarks))
                if part.tag == "thead":
                    head.append(row)
                else:
                    if tr.get("class") == "total":
                        totals.add(len(body))
                    body.append(row)
        else:
            raise _fail(part, "ແທັກທີ່ບໍ່ຮູ້ຈັກໃນຕາຕະລາງ", "unknown tag in a table")
    if not body:
        return None
    widths = [float(w) for w in el.get("widths", "").split(",") if w.strip()]
    return Table(caption, head, body, totals, widths, note=note, wide=el.get("wide") == "yes", source=src,
                 remarks=caption_remarks)

