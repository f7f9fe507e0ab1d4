"""The Jinja environment the narrative templates run in: where templates are found, and their filters.

Every value from the data is autoescaped, so text from a workbook is always text: it can never become
markup or template code. Figures, remarks and workbook places are filed in `Marks` and printed as tokens.
"""

from __future__ import annotations

import hashlib
import re
from importlib import resources
from pathlib import Path

import jinja2
from markupsafe import Markup, escape

from .._format import date_lo, fmt_int
from ..aggregate import Total
from ..config import Settings
from ..contract import schema
from ..contract.glossary import term
from ..contract.roster import Level, place_title
from ..model.document import FigureRun, Remark
from ..model.submission import CellRef
from . import remarks
from .api import PREVIOUS_SCOPE, Figure
from .marks import Marks
from .remarks import WARNED_MARK

MAIN_TEMPLATE = "report.xml.j2"
_TRACKED = ("h1", "h2", "h3", "p", "li", "table", "chart", "ul", "ol", "pagebreak", "meta", "toc", "tr", "td", "th")
_TAG_AT_LINE = re.compile(r"<(" + "|".join(_TRACKED) + r")(?=[\s/>])")


def builtin_templates() -> Path:
    """The templates shipped with reportgen (in a source checkout: the repository's templates/)."""
    packaged = Path(str(resources.files("reportgen") / "templates"))
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[3] / "templates"


def template_folders(settings: Settings, language: str = "lo", level: str = "national") -> list[Path]:
    """Where the templates of one report are looked for, first match wins: the project's own templates for this
    language and level, for this language, the project's templates folder itself (older projects keep their
    changed files there), then the built-in ones for this language and level, and for this language; then, for
    a province's report, the national report's (the project's own first): one outline for both levels."""
    user, builtin = settings.path(settings.templates), builtin_templates()
    folders = [user / language / level, user / language,
               *([user] if language == "lo" else []),  # changed Lao files of older projects: not the English report's
               builtin / language / level, builtin / language,
               # what a level has no template of its own for, it reads as the national report does
               user / language / "national", builtin / language / "national"]
    out: list[Path] = []
    for f in folders:
        if f.is_dir() and f.resolve() not in {o.resolve() for o in out}:
            out.append(f)
    return out


class _SourceMarkingLoader(jinja2.BaseLoader):
    """Adds `_src="file:line"` and `_a` (the line's anchor) to each block tag, so every paragraph knows the
    template line it came from.

    Only attributes are added, never newlines, so Jinja's own line numbers in error messages stay right.
    """

    def __init__(self, folders: list[Path]):
        self.inner = jinja2.FileSystemLoader([str(f) for f in folders], encoding="utf-8")
        self.folders = folders

    def get_source(self, environment, template):
        source, filename, uptodate = self.inner.get_source(environment, template)
        lines = source.split("\n")
        seen: dict[str, int] = {}
        for i, line in enumerate(lines, start=1):
            anchor = line_anchor(line, seen)
            lines[i - 1] = _TAG_AT_LINE.sub(lambda m, i=i, a=anchor: f'<{m.group(1)} _src="{template}:{i}" _a="{a}"',
                                            line)
        return "\n".join(lines), filename, uptodate


def line_anchor(line: str, seen: dict[str, int]) -> str:
    """A template line's identity made from its text, not its number: a line added above it changes nothing.
    The same text again in the same template gets its order among its twins."""
    digest = hashlib.sha1(" ".join(line.split()).encode("utf-8")).hexdigest()[:8]
    seen[digest] = seen.get(digest, 0) + 1
    return digest if seen[digest] == 1 else f"{digest}.{seen[digest]}"


def _total(value) -> tuple[str, str, Total | None]:
    if isinstance(value, Figure):
        return value.key, value.scope, value.total
    if isinstance(value, Total):
        return "", "", value
    return "", "", None


class _Filters:
    """The filters and globals that file objects in `marks`; one set per rendering."""

    def __init__(self, marks: Marks, sep: str):
        self.marks = marks
        self.sep = sep

    def remark_token(self, remark: Remark) -> Markup:
        return Markup('<remark n="%d"/>') % self.marks.remark(remark)

    def why(self, value) -> Markup:
        """Reviewers' remarks on a figure: who left which cells empty, and the check warnings about it. The
        markup reader merges them with the other remarks of their sentence or table (remarks.merged)."""
        _, scope, t = _total(value)
        if t is None:
            return Markup("")
        out = Markup("")
        if t.missing and scope.startswith(PREVIOUS_SCOPE):  # last year's: its gaps are in last year's workbooks
            out += self.remark_token(remarks.previous_gap(scope.removeprefix(PREVIOUS_SCOPE)))
        elif t.missing:
            out += self.remark_token(remarks.figure_gap(t.missing_from, t.missing, t.value is not None))
        for w in t.warnings:
            out += self.remark_token(remarks.warning(w))
        return out

    def num(self, value, absent: str = "–") -> Markup:
        """A figure as a typed figure; `absent` is printed when nobody reported it ("(ບໍ່ໄດ້ລາຍງານ)" in a
        sentence), so that it too keeps its key and the cells left empty."""
        key, scope, t = _total(value)
        if t is None:
            return Markup("–") if value is None else escape(fmt_int(int(value), self.sep))
        if t.value is None:
            text = absent + (WARNED_MARK if t.warnings else "")
        else:
            text = fmt_int(t.value, self.sep) + ("*" if t.missing else "") + (WARNED_MARK if t.warnings else "")
        run = FigureRun(text, figure=key, scope=scope, value=t.value, partial=t.value is not None and t.missing > 0,
                        warned=bool(t.warnings), reported_by=tuple(t.reported_by),
                        missing_from=tuple(r for r in t.missing_from if isinstance(r, CellRef)),
                        sources=t.sources)
        return (Markup('<fig n="%d">') % self.marks.figure(run)) + escape(text) + Markup("</fig>") + self.why(value)

    def remark(self, issue) -> Markup:
        """A comment for reviewers: a check warning (with its place), or a sentence the template gives."""
        if hasattr(issue, "where"):  # an Issue
            return self.remark_token(remarks.warning(issue))
        return self.remark_token(Remark(str(issue), ""))

    def left_empty(self, committees, sheet: str) -> Markup:
        """One comment naming the committees that left list sheet `sheet` empty without "nothing to report"."""
        title = schema.SHEETS_BY_KEY[sheet].title
        return self.remark_token(remarks.left_empty([c.file for c in committees], title))

    def origin(self, *things) -> str:
        """The workbook places behind a block, for its `from` attribute: entries, groups, committees, CellRefs."""
        refs: list[CellRef] = []

        def add(x) -> None:
            if isinstance(x, CellRef):
                refs.append(x)
            elif hasattr(x, "refs"):  # a group of entries: every row it came from
                refs.extend(x.refs)
            elif hasattr(x, "item"):  # an entry
                refs.append(x.item.ref)
            elif hasattr(x, "submission"):  # a committee
                refs.append(CellRef(x.file))
            elif isinstance(x, list | tuple):
                for y in x:
                    add(y)
            elif x:
                refs.append(CellRef(str(x)))

        for t in things:
            add(t)
        return self.marks.origin(refs)

    def details(self, entry, sheet: str, keys) -> Markup:
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
            if column.phrase_lo and column.kind in (schema.Kind.TEXT, schema.Kind.DATE):
                # said as a sentence says it ("ທີ່ …", "ໂດຍມອບໃຫ້ … ເປັນເຈົ້າການ"), not as a "label: value" row
                before, _, after = column.phrase_lo.partition("{}")
                shown = text(value) if column.kind is schema.Kind.TEXT else escape(date_lo(value))
                parts.append(escape(before) + shown + escape(after))
            elif column.kind is schema.Kind.CHOICE and column.choices == "yesno":
                if value == "yes":
                    parts.append(escape(label))
            elif column.kind is schema.Kind.CHOICE and column.choices:
                parts.append(escape(f"{label}: {schema.option_label(column.choices, value)}"))
            elif column.kind in (schema.Kind.COUNT, schema.Kind.MONEY):
                parts.append(escape(f"{label} {fmt_int(int(value), self.sep)}"))
            elif column.kind is schema.Kind.DATE:
                parts.append(escape(f"{label}: {date_lo(value)}"))
            else:
                parts.append(escape(f"{label}: ") + text(value))
        return Markup("").join(Markup(", ") + p for p in parts)

    def common_details(self, group, sheet: str, keys=()) -> Markup:
        """The fields `keys` of a group that every one of its items gave the same way, as `details` writes them."""
        common = [k for k in keys if group.common(k) not in (None, "")]
        return self.details(group.entries[0], sheet, common) if common else Markup("")

    def who_reported(self, group, sheet: str = "", keys=()) -> Markup:
        """Who reported a group of items, each with its quantity and other fields; a field every committee of
        the group gave the same way (every field, when one committee reported it) is said once, after the list:
        "(ແຂວງ A: 3 ຄັ້ງ; ແຂວງ B: 5 ຄັ້ງ), ທີ່ …", "(ແຂວງ A), ໂດຍມອບໃຫ້ … ເປັນເຈົ້າການ"."""
        keys = list(keys)
        common = [k for k in keys if group.common(k) not in (None, "")]
        own = [k for k in keys if k not in common]
        parts = []
        for e in group.entries:
            out = Markup("<name>%s</name>") % e.committee.place_title
            quantity, unit = e.get("quantity"), e.get("unit")
            if quantity is not None:
                out += escape(f": {fmt_int(int(quantity), self.sep)}") + (escape(f" {unit}") if unit else Markup(""))
            elif unit:
                out += escape(f": {unit}")
            if sheet and own:
                out += self.details(e, sheet, own)
            parts.append(out)
        out = Markup("(") + Markup("; ").join(parts) + Markup(")")
        if sheet and common:
            out += self.details(group.entries[0], sheet, common)
        return out


def text(value) -> Markup:
    """Text from a workbook, escaped; a new line typed inside the cell stays a new line."""
    return Markup(str(escape(value)).replace("\n", "<br/>"))


def _finalize(value):
    # Every text printed from the data keeps its line breaks (a lesson typed on two lines stays two lines).
    if isinstance(value, str) and not isinstance(value, Markup) and "\n" in value:
        return text(value)
    return value


def make_environment(settings: Settings, folders: list[Path], marks: Marks) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=_SourceMarkingLoader(folders),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        finalize=_finalize,
    )
    f = _Filters(marks, settings.thousands_separator)
    env.filters["num"] = f.num
    env.filters["why"] = f.why
    env.filters["origin"] = f.origin
    env.globals["origin"] = f.origin
    env.globals["remark"] = f.remark
    env.globals["left_empty"] = f.left_empty
    env.globals["who_reported"] = f.who_reported
    env.globals["common_details"] = f.common_details
    env.globals["warned_mark"] = WARNED_MARK
    env.filters["date_lo"] = date_lo
    env.filters["name"] = lambda v: Markup("<name>%s</name>") % v
    # a committee (one whose workbook did not come) as a sentence names its place: "ເມືອງໄຊເສດຖາ ແຂວງອັດຕະປື"
    env.filters["place"] = lambda c: c.name_lo if c.level is Level.NATIONAL else place_title(c)
    env.filters["area"] = lambda k: schema.option_label("area", k)
    env.filters["option"] = lambda k, lst: schema.option_label(lst, k)
    env.globals["reported"] = lambda v: _total(v)[2] is not None and _total(v)[2].value is not None
    env.globals["schema"] = schema
    env.globals["term"] = term  # the glossary's Lao term of a concept: {{ term("victim") }}
    env.filters["paras"] = lambda lines: [text(x) for x in lines]
    return env
