"""What a return copy puts on the committee's own sheets: a highlight on each problem cell (conditional
formatting, so the cell's own format stays as it was) and a cell comment saying what is wrong — and how the
marks of an earlier return copy are found and taken off again when a returned workbook comes back."""

from __future__ import annotations

import hashlib
import math
import re
import unicodedata
from dataclasses import dataclass

from lxml import etree

from ..readers._preflight import column_letters as letters
from ._package import MAIN_NS, R_NS, REL_TYPE, Package
from ._workbook import SHEET_ORDER, Sheet, Workbook, child, insert_in_order, local, m, parse_cell, rich_text

COMMENTS_CT = "application/vnd.openxmlformats-officedocument.spreadsheetml.comments+xml"
VML_CT = "application/vnd.openxmlformats-officedocument.vmlDrawing"
AUTHOR = "reportgen"
# The condition of reportgen's highlights: always true, and unlike any a person writes, so that the highlights
# of an earlier return copy are known again (Excel and LibreOffice keep a condition's formula as written).
MARKER = '"rg:returns"="rg:returns"'


@dataclass(frozen=True)
class Run:
    text: str
    bold: bool = False


@dataclass(frozen=True)
class Mark:
    """What a return copy added to one cell's comment: its length and fingerprint, to take it off later."""

    sheet: str
    cell: str
    length: int
    digest: str

    @staticmethod
    def record(sheet: str, cell: str, text: str) -> Mark:
        return Mark(sheet, cell, len(text), fingerprint(text))


def fingerprint(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:20]


# ---- highlights ---------------------------------------------------------------------------------------------

def highlight(root: etree._Element, cells: list[str], dxf: int, priority: int) -> None:
    """Fill `cells` with the format `dxf` through a rule that always holds."""
    if not cells:
        return
    for rule in root.iter(m("cfRule")):
        p = rule.get("priority")
        if p and p.isdigit() and int(p) >= priority:  # reportgen's rule first: its fill is seen over the others
            rule.set("priority", str(int(p) + 1))
    cf = etree.Element(m("conditionalFormatting"))
    cf.set("sqref", " ".join(cells))
    rule = etree.SubElement(cf, m("cfRule"))
    rule.set("type", "expression")
    rule.set("dxfId", str(dxf))
    rule.set("priority", str(priority))
    rule.set("stopIfTrue", "1")
    etree.SubElement(rule, m("formula")).text = MARKER
    insert_in_order(root, cf, SHEET_ORDER)


def remove_highlights(root: etree._Element) -> bool:
    """Take off the highlights of an earlier return copy; whether there were any."""
    found = False
    for cf in list(root.iterfind(m("conditionalFormatting"))):
        for rule in list(cf.iterfind(m("cfRule"))):
            if (rule.findtext(m("formula")) or "").strip() == MARKER:
                cf.remove(rule)
                found = True
        if not len(cf.findall(m("cfRule"))):
            root.remove(cf)
    return found


# ---- comments -----------------------------------------------------------------------------------------------

class Comments:
    """One sheet's cell comments (the comments part) and their boxes (the VML drawing), made when missing.

    The boxes are placed, sized, made and taken away all at once by `flush`, in one pass over the drawing.
    """

    def __init__(self, wb: Workbook, sheet: Sheet, create: bool):
        self.pkg: Package = wb.pkg
        self.sheet = sheet
        self.root = self.pkg.xml(sheet.part)
        self.part = next((r.target for r in self.pkg.rels(sheet.part) if r.type == REL_TYPE + "comments"
                          and r.target and self.pkg.has(r.target)), "")
        legacy = self.root.find(m("legacyDrawing"))
        self.vml = self.pkg.target(sheet.part, legacy.get(f"{{{R_NS}}}id", "")) if legacy is not None else ""
        if self.vml and not self.pkg.has(self.vml):
            self.vml = ""
        self.geometry = Geometry(self.root)
        self._cells: dict[str, etree._Element] | None = None
        self._author_id: int | None = None
        self._boxes: dict[str, str] = {}  # cell → the text its box is to be sized for
        self._gone: set[str] = set()  # cells whose box is to be taken away
        if create:
            self._make_parts()

    @property
    def exists(self) -> bool:
        return bool(self.part)

    def _make_parts(self) -> None:
        if not self.part:
            self.part = self.pkg.free_name("xl/comments{}.xml")
            self.pkg.new_xml(self.part, etree.fromstring(
                f'<comments xmlns="{MAIN_NS}"><authors/><commentList/></comments>'))
            self.pkg.set_type(self.part, COMMENTS_CT)
            self.pkg.add_rel(self.sheet.part, REL_TYPE + "comments", self.part)
        if not self.vml:
            self.vml = self.pkg.free_name("xl/drawings/vmlDrawing{}.vml")
            block = 1 + max((int(n) for name in self._vml_parts() for n in _IDMAP.findall(self._vml_text(name))),
                            default=0)
            self.pkg.write(self.vml, _VML_HEAD.format(block=block).encode() + b"</xml>")
            self.pkg.ensure_default("vml", VML_CT)
            rid = self.pkg.add_rel(self.sheet.part, REL_TYPE + "vmlDrawing", self.vml)
            legacy = etree.Element(m("legacyDrawing"))
            legacy.set(f"{{{R_NS}}}id", rid)
            insert_in_order(self.root, legacy, SHEET_ORDER)

    def _vml_parts(self) -> list[str]:
        return [n for n in self.pkg.names() if n.lower().endswith(".vml")]

    def _vml_text(self, name: str) -> str:
        return self.pkg.read(name).decode("latin-1")  # byte for byte: only ASCII markup is looked at or added

    def _list(self) -> etree._Element:
        croot = self.pkg.xml(self.part)
        return child(croot, "commentList", ("authors", "commentList", "extLst"))

    def by_cell(self) -> dict[str, etree._Element]:
        if not self.part:
            return {}
        if self._cells is None:
            self._cells = {(c.get("ref") or "").replace("$", "").upper(): c for c in self._list().iterfind(m("comment"))}
        return self._cells

    def _author(self) -> int:
        if self._author_id is None:
            authors = child(self.pkg.xml(self.part), "authors", ("authors", "commentList", "extLst"))
            names = [a.text or "" for a in authors.iterfind(m("author"))]
            if AUTHOR not in names:
                etree.SubElement(authors, m("author")).text = AUTHOR
                names.append(AUTHOR)
            self._author_id = names.index(AUTHOR)
        return self._author_id

    def add(self, cell: str, runs: list[Run]) -> str:
        """Add `runs` to the comment of `cell` (after the text a person wrote there, if any); the text added."""
        existing = self.by_cell().get(cell)
        if existing is not None:
            text = existing.find(m("text"))
            if text is None:
                text = etree.SubElement(existing, m("text"))
            before = rich_text(text)
            if before.strip():
                runs = [Run("\n\n" + runs[0].text, runs[0].bold), *runs[1:]]
            _append_runs(text, runs)
        else:
            c = etree.SubElement(self._list(), m("comment"))
            c.set("ref", cell)
            c.set("authorId", str(self._author()))
            _append_runs(etree.SubElement(c, m("text")), runs)
            self.by_cell()[cell] = c
            before = ""
        added = "".join(r.text for r in runs)
        self._boxes[cell] = before + added
        self._gone.discard(cell)
        return added

    def take_off(self, mark: Mark) -> bool:
        """Remove what an earlier return copy added to a comment, if it is still as written; whether it was."""
        comment = self.by_cell().get(mark.cell)
        if comment is None:
            return False
        text = comment.find(m("text"))
        full = rich_text(text) if text is not None else ""
        if len(full) < mark.length or fingerprint(full[len(full) - mark.length:]) != mark.digest:
            return False  # someone wrote in it since: leave it as it is
        keep = len(full) - mark.length
        if keep == 0 or not full[:keep].strip():
            comment.getparent().remove(comment)
            del self.by_cell()[mark.cell]
            self._gone.add(mark.cell)
            self._boxes.pop(mark.cell, None)
        else:
            _truncate(text, keep)
            self._boxes[mark.cell] = full[:keep]
        return True

    def flush(self) -> None:
        """Write the boxes: those of comments taken away removed, the others sized to their text (made where a
        comment has none); and a sheet left without comments loses its comments part, and its drawing when
        nothing else is in it."""
        if self.vml and (self._boxes or self._gone):
            self._write_boxes()
        self._boxes, self._gone = {}, set()
        if not self.part or self.by_cell():
            return
        for rel in self.pkg.rels(self.sheet.part):
            if rel.target == self.part:
                self.pkg.remove_rel(self.sheet.part, rel.id)
        self.pkg.delete(self.part)
        self.pkg.remove_type(self.part)
        self.part, self._cells = "", None
        if self.vml and not _SHAPE.search(self._vml_text(self.vml)):
            legacy = self.root.find(m("legacyDrawing"))
            self.pkg.remove_rel(self.sheet.part, legacy.get(f"{{{R_NS}}}id", ""))
            self.root.remove(legacy)
            self.pkg.delete(self.vml)
            self.vml = ""

    def _write_boxes(self) -> None:
        vml = self._vml_text(self.vml)
        placed: set[str] = set()

        def edit(shape: re.Match) -> str:
            cell = _note_cell(shape.group(0))
            if cell is None:
                return shape.group(0)
            if cell in self._gone:
                return ""
            if cell not in self._boxes:
                return shape.group(0)
            placed.add(cell)
            anchor, style = self.geometry.box(*parse_cell(cell), self._boxes[cell])  # type: ignore[misc]
            out = _ANCHOR.sub(lambda a: f"{a.group(1)}{anchor}{a.group(3)}", shape.group(0), count=1)
            return _BOX_SIZE.sub(lambda b: f"{b.group(1)}{style['size']}", out, count=1)

        vml = _SHAPE.sub(edit, vml)
        new = [cell for cell in self._boxes if cell not in placed]
        if new:
            if "_x0000_t202" not in vml:
                vml = _insert_before_end(vml, _SHAPETYPE)
            used = [int(n) for name in self._vml_parts() for n in _SHAPE_ID.findall(self._vml_text(name))]
            block = max((int(n) for n in _IDMAP.findall(vml)), default=1)
            number = max([*used, block * 1024])
            shapes = []
            for cell in new:
                row, col = parse_cell(cell)  # type: ignore[misc]
                anchor, style = self.geometry.box(row, col, self._boxes[cell])
                number += 1
                shapes.append(_NOTE.format(id=number, place=style["place"], size=style["size"], anchor=anchor,
                                           row=row - 1, col=col - 1))
            vml = _insert_before_end(vml, "".join(shapes))
        self.pkg.write(self.vml, vml.encode("latin-1"))


def _append_runs(text: etree._Element, runs: list[Run]) -> None:
    tail = next((i for i, e in enumerate(text) if local(e) in ("rPh", "phoneticPr")), len(text))
    for run in runs:
        r = etree.Element(m("r"))
        rpr = etree.SubElement(r, m("rPr"))
        if run.bold:
            etree.SubElement(rpr, m("b"))
        etree.SubElement(rpr, m("sz")).set("val", "10")
        etree.SubElement(rpr, m("color")).set("indexed", "81")
        etree.SubElement(rpr, m("rFont")).set("val", comment_font())
        etree.SubElement(rpr, m("family")).set("val", "2")
        t = etree.SubElement(r, m("t"))
        t.text = run.text
        t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
        text.insert(tail, r)
        tail += 1


def _truncate(text: etree._Element, keep: int) -> None:
    """Keep the first `keep` characters of a comment's text, dropping the runs after them."""
    pieces = [e for e in text if local(e) == "t"] + [t for r in text.iterfind(m("r")) for t in r.iterfind(m("t"))]
    for t in pieces:
        n = len(t.text or "")
        if keep >= n:
            keep -= n
            continue
        if keep > 0:
            t.text = (t.text or "")[:keep]
            keep = 0
            continue
        holder = t.getparent() if local(t.getparent()) == "r" else t
        holder.getparent().remove(holder)


def comment_font() -> str:
    from ..writers.xlsx.forms import FONT

    return FONT


# ---- box geometry -------------------------------------------------------------------------------------------

_COMMENT_WIDTH_PX = 400
_LINE_PX = 21  # a line of 10-point Phetsarath OT (15.6 pt), with its marks above and below
_CHARS_PER_LINE = 44  # spacing characters of 10-point Lao (6 pt each on average) in the box's width


def text_lines(text: str, per_line: int) -> int:
    """The lines `text` takes wrapped at `per_line` characters (marks above and below letters take no room)."""
    total = 0
    for para in text.split("\n"):
        width = sum(1 for ch in para if unicodedata.category(ch) not in ("Mn", "Me", "Cf"))
        total += max(1, math.ceil(width / per_line))
    return total


class Geometry:
    """Column widths and row heights of a sheet, to place and size comment boxes by its cells."""

    def __init__(self, root: etree._Element):
        fmt = root.find(m("sheetFormatPr"))
        fmt_get = fmt.get if fmt is not None else {}.get
        self.default_width = _num(fmt_get("defaultColWidth"), _num(fmt_get("baseColWidth"), 8.0) + 0.43)
        self.default_height = _num(fmt_get("defaultRowHeight"), 15.0)
        self.cols: list[tuple[int, int, float, bool]] = []
        for c in root.iterfind(f"{m('cols')}/{m('col')}"):
            lo, hi = int(_num(c.get("min"), 1)), int(_num(c.get("max"), 1))
            self.cols.append((lo, hi, _num(c.get("width"), self.default_width), c.get("hidden") in ("1", "true")))
        self.rows: dict[int, tuple[float, bool]] = {}
        self._col_px: dict[int, int] = {}
        data = root.find(m("sheetData"))
        for r in data.iterfind(m("row")) if data is not None else ():
            if r.get("r", "").isdigit() and (r.get("ht") or r.get("hidden")):
                self.rows[int(r.get("r"))] = (_num(r.get("ht"), self.default_height), r.get("hidden") in ("1", "true"))

    def col_px(self, col: int) -> int:
        if col not in self._col_px:
            found = next(((w, h) for lo, hi, w, h in self.cols if lo <= col <= hi), (self.default_width, False))
            self._col_px[col] = 0 if found[1] else int(found[0] * 7 + 5)
        return self._col_px[col]

    def row_px(self, row: int) -> int:
        height, hidden = self.rows.get(row, (self.default_height, False))
        return 0 if hidden else round(height * 4 / 3)

    def first_visible(self) -> tuple[int, int]:
        """The top left cell that is not hidden (forms hide their key row 1 and key column A)."""
        col = next((c for c in range(1, 200) if self.col_px(c)), 1)
        row = next((r for r in range(1, 200) if self.row_px(r)), 1)
        return row, col

    def box(self, row: int, col: int, text: str) -> tuple[str, dict[str, str]]:
        """The Anchor of a comment box beside the cell (row, col), wide and tall enough for `text`, and the
        same place and size as a VML style (points)."""
        width = _COMMENT_WIDTH_PX
        height = text_lines(text, _CHARS_PER_LINE) * _LINE_PX + 14
        left_col, left_off = col + 1, 15  # from the next column, as Excel places a new comment
        top_row, top_off = max(row - 1, 1), 10
        right_col, right_off = self._walk(left_col, left_off + width, self.col_px)
        bottom_row, bottom_off = self._walk(top_row, top_off + height, self.row_px)
        x = sum(self.col_px(c) for c in range(1, left_col)) + left_off
        y = sum(self.row_px(r) for r in range(1, top_row)) + top_off
        anchor = (f"{left_col - 1}, {left_off}, {top_row - 1}, {top_off}, "
                  f"{right_col - 1}, {right_off}, {bottom_row - 1}, {bottom_off}")
        return anchor, {"place": f"margin-left:{x * 0.75:g}pt;margin-top:{y * 0.75:g}pt",
                        "size": f"width:{width * 0.75:g}pt;height:{height * 0.75:g}pt"}

    @staticmethod
    def _walk(start: int, length: int, size) -> tuple[int, int]:
        at = start
        for _ in range(2000):  # a box never spans more than this; hidden columns have no width
            if length < size(at) or at >= 16_384:
                break
            length -= size(at)
            at += 1
        return at, max(0, length)


def _num(value: str | None, default: float) -> float:
    try:
        return float(value) if value is not None else default
    except ValueError:
        return default


# ---- VML, as Excel writes it for a note -----------------------------------------------------------------------

_SHAPE = re.compile(r"<v:shape\b[^>]*>.*?</v:shape>", re.S)
_SHAPE_ID = re.compile(r"\b(?:o:spid|id)=[\"']_x0000_s(\d+)[\"']")
_IDMAP = re.compile(r"<o:idmap\b[^>]*\bdata=[\"']([0-9]+)")
_ANCHOR = re.compile(r"(<x:Anchor>)([^<]*)(</x:Anchor>)")
_BOX_SIZE = re.compile(r"(style=[\"'][^\"']*?)width:[^;\"']*;height:[^;\"']*")
_NOTE_TYPE = re.compile(r"ObjectType=[\"']Note[\"']")
_ROW_OF = re.compile(r"<x:Row>\s*(\d+)\s*</x:Row>")
_COLUMN_OF = re.compile(r"<x:Column>\s*(\d+)\s*</x:Column>")


def _note_cell(shape: str) -> str | None:
    """The cell a note's box belongs to ("E5"), None for a shape that is not a note's box."""
    if not _NOTE_TYPE.search(shape):
        return None
    r, c = _ROW_OF.search(shape), _COLUMN_OF.search(shape)
    return f"{letters(int(c.group(1)) + 1)}{int(r.group(1)) + 1}" if r and c else None


def _insert_before_end(vml: str, piece: str) -> str:
    end = vml.rfind("</xml>")
    return vml[:end] + piece + vml[end:] if end != -1 else vml + piece


_VML_HEAD = ('<xml xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office" '
             'xmlns:x="urn:schemas-microsoft-com:office:excel">'
             '<o:shapelayout v:ext="edit"><o:idmap v:ext="edit" data="{block}"/></o:shapelayout>')
_SHAPETYPE = ('<v:shapetype id="_x0000_t202" coordsize="21600,21600" o:spt="202" path="m,l,21600r21600,l21600,xe">'
              '<v:stroke joinstyle="miter"/><v:path gradientshapeok="t" o:connecttype="rect"/></v:shapetype>')
_NOTE = ('<v:shape id="_x0000_s{id}" type="#_x0000_t202" style="position:absolute;{place};{size};z-index:1;'
         'visibility:hidden" fillcolor="#ffffe1" o:insetmode="auto"><v:fill color2="#ffffe1"/>'
         '<v:shadow on="t" color="black" obscured="t"/><v:path o:connecttype="none"/>'
         '<v:textbox style="mso-direction-alt:auto"><div style="text-align:left"></div></v:textbox>'
         '<x:ClientData ObjectType="Note"><x:MoveWithCells/><x:SizeWithCells/><x:Anchor>{anchor}</x:Anchor>'
         '<x:AutoFill>False</x:AutoFill><x:Row>{row}</x:Row><x:Column>{col}</x:Column></x:ClientData></v:shape>')
