"""The workbook inside an .xlsx package: its sheets in order, their parts, shared texts and styles, and the edits a
return copy makes to them (a sheet put first, a sheet taken out, styles added) — in the package's own XML."""

from __future__ import annotations

import re
from dataclasses import dataclass

from lxml import etree

from ._package import MAIN_NS, OFFICE_DOCUMENT, R_NS, REL_TYPE, STRICT_NS, Package, PackageError, rels_name

WORKSHEET_TYPE = REL_TYPE + "worksheet"
WORKSHEET_CT = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"
STYLES_CT = "application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"

# The order the schema gives the children of a worksheet, a workbook and a style sheet: a child added out of
# order makes Excel "repair" the file.
SHEET_ORDER = (
    "sheetPr", "dimension", "sheetViews", "sheetFormatPr", "cols", "sheetData", "sheetCalcPr", "sheetProtection",
    "protectedRanges", "scenarios", "autoFilter", "sortState", "dataConsolidate", "customSheetViews", "mergeCells",
    "phoneticPr", "conditionalFormatting", "dataValidations", "hyperlinks", "printOptions", "pageMargins",
    "pageSetup", "headerFooter", "rowBreaks", "colBreaks", "customProperties", "cellWatches", "ignoredErrors",
    "smartTags", "drawing", "legacyDrawing", "legacyDrawingHF", "drawingHF", "picture", "oleObjects", "controls",
    "webPublishItems", "tableParts", "extLst")
WORKBOOK_ORDER = (
    "fileVersion", "fileSharing", "workbookPr", "revisionPtr", "absPath", "workbookProtection", "bookViews", "sheets",
    "functionGroups", "externalReferences", "definedNames", "calcPr", "oleSize", "customWorkbookViews",
    "pivotCaches", "smartTagPr", "smartTagTypes", "webPublishing", "fileRecoveryPr", "webPublishObjects", "extLst")
STYLES_ORDER = ("numFmts", "fonts", "fills", "borders", "cellStyleXfs", "cellXfs", "cellStyles", "dxfs",
                "tableStyles", "colors", "extLst")

_CELL = re.compile(r"^\$?([A-Za-z]{1,3})\$?([0-9]{1,7})$")
MAX_ROW, MAX_COL = 1_048_576, 16_384


class Unsupported(Exception):
    """A workbook this module does not edit (saved as Strict Open XML)."""


def m(tag: str) -> str:
    return f"{{{MAIN_NS}}}{tag}"


def local(el: etree._Element) -> str:
    return etree.QName(el).localname if isinstance(el.tag, str) else ""


def _rank(el: etree._Element, order: tuple[str, ...]) -> int | None:
    name = local(el)
    if name == "AlternateContent":  # mc:AlternateContent stands where the element it wraps would stand
        inner = next((g for c in el for g in c if isinstance(g.tag, str)), None)
        name = local(inner) if inner is not None else ""
    return order.index(name) if name in order else None


def insert_in_order(parent: etree._Element, el: etree._Element, order: tuple[str, ...]) -> etree._Element:
    """Put `el` among `parent`'s children where the schema's `order` wants it (after those of its own kind)."""
    mine = order.index(local(el))
    for i, child in enumerate(parent):
        rank = _rank(child, order)
        if rank is not None and rank > mine:
            parent.insert(i, el)
            return el
    parent.append(el)
    return el


def child(parent: etree._Element, tag: str, order: tuple[str, ...]) -> etree._Element:
    """`parent`'s child `tag` (main namespace), made in its place when there is none."""
    found = parent.find(m(tag))
    return found if found is not None else insert_in_order(parent, etree.Element(m(tag)), order)


def parse_cell(ref: str) -> tuple[int, int] | None:
    """"E5" → (5, 5): row and column, both from 1; None for what is not one cell inside a sheet."""
    found = _CELL.match(ref.strip())
    if not found:
        return None
    col = 0
    for ch in found.group(1).upper():
        col = col * 26 + ord(ch) - 64
    row = int(found.group(2))
    return (row, col) if 1 <= row <= MAX_ROW and 1 <= col <= MAX_COL else None


def quote_sheet(name: str) -> str:
    """The sheet's name as a formula or a link names it: '6 ສະຖິຕິຄະດີ'"""
    return "'" + name.replace("'", "''") + "'"


@dataclass
class Sheet:
    name: str
    part: str  # its member in the package ("" for a chart sheet or a dialog sheet: not a worksheet)
    element: etree._Element  # its <sheet> in workbook.xml


class Workbook:
    """xl/workbook.xml of a package and what hangs from it."""

    def __init__(self, pkg: Package):
        self.pkg = pkg
        self.part = next((r.target for r in pkg.rels("") if r.type == OFFICE_DOCUMENT and r.target), "xl/workbook.xml")
        self.root = pkg.xml(self.part)
        if etree.QName(self.root).namespace == STRICT_NS:
            raise Unsupported("strict")
        if etree.QName(self.root).namespace != MAIN_NS or local(self.root) != "workbook":
            raise PackageError(self.part)
        self._sst: list[str] | None = None

    @property
    def sheets(self) -> list[Sheet]:
        types = {r.id: r for r in self.pkg.rels(self.part)}
        out = []
        for el in self.root.iterfind(f"{m('sheets')}/{m('sheet')}"):
            rel = types.get(el.get(f"{{{R_NS}}}id", ""))
            part = rel.target if rel is not None and rel.type == WORKSHEET_TYPE and self.pkg.has(rel.target) else ""
            out.append(Sheet(el.get("name", ""), part, el))
        return out

    def sheet(self, name: str) -> Sheet | None:
        return next((s for s in self.sheets if s.name == name), None)

    # ---- texts ----

    def shared_strings(self) -> list[str]:
        if self._sst is None:
            part = next((r.target for r in self.pkg.rels(self.part) if r.type == REL_TYPE + "sharedStrings"), "")
            self._sst = [rich_text(si) for si in self.pkg.xml(part).iterfind(m("si"))] if part and self.pkg.has(part) else []
        return self._sst

    def cell_text(self, c: etree._Element) -> str:
        """What a cell shows as text (a shared text, an inline one, or its value as written)."""
        t = c.get("t")
        if t == "inlineStr":
            is_ = c.find(m("is"))
            return rich_text(is_) if is_ is not None else ""
        v = c.findtext(m("v")) or ""
        if t == "s":
            sst = self.shared_strings()
            return sst[int(v)] if v.isdigit() and int(v) < len(sst) else ""
        return v

    # ---- sheets added and taken out ----

    def add_sheet_first(self, name: str, root: etree._Element) -> str:
        """Add the worksheet `root` as the first sheet, shown when the workbook opens; its part's name."""
        part = self.pkg.free_name("xl/worksheets/sheet{}.xml")
        self.pkg.new_xml(part, root)
        self.pkg.set_type(part, WORKSHEET_CT)
        rid = self.pkg.add_rel(self.part, WORKSHEET_TYPE, part)
        sheets = self.root.find(m("sheets"))
        ids = [int(s.get("sheetId")) for s in sheets if (s.get("sheetId") or "").isdigit()]
        el = etree.Element(m("sheet"))
        el.set("name", name)
        el.set("sheetId", str(max(ids, default=0) + 1))
        el.set(f"{{{R_NS}}}id", rid)
        sheets.insert(0, el)
        self._shift_sheet_indices(0, +1)
        for view in self.root.iterfind(f"{m('bookViews')}/{m('workbookView')}"):
            view.set("activeTab", "0")
            view.set("firstSheet", "0")
        self._unselect_tabs(except_part=part)
        return part

    def remove_sheet(self, sheet: Sheet) -> None:
        """Take a sheet reportgen added out again, with its part, its relationships and the names scoped to it."""
        sheets = self.root.find(m("sheets"))
        index = list(sheets).index(sheet.element)
        sheets.remove(sheet.element)
        self.pkg.remove_rel(self.part, sheet.element.get(f"{{{R_NS}}}id", ""))
        if sheet.part:
            for rel in self.pkg.rels(sheet.part):
                if rel.target and self.pkg.has(rel.target) and rel.type in (REL_TYPE + "comments", REL_TYPE + "vmlDrawing"):
                    self.pkg.delete(rel.target)
                    self.pkg.remove_type(rel.target)
            self.pkg.delete(rels_name(sheet.part))
            self.pkg.delete(sheet.part)
            self.pkg.remove_type(sheet.part)
        names = self.root.find(m("definedNames"))
        for dn in list(names) if names is not None else []:
            if dn.get("localSheetId") == str(index):
                names.remove(dn)
        self._shift_sheet_indices(index + 1, -1)
        for view in self.root.iterfind(f"{m('bookViews')}/{m('workbookView')}"):
            for attr in ("activeTab", "firstSheet"):
                value = view.get(attr)
                if value and value.isdigit() and int(value) > index:
                    view.set(attr, str(int(value) - 1))
                elif value and value.isdigit() and int(value) == index:
                    view.set(attr, "0")

    def _shift_sheet_indices(self, start: int, by: int) -> None:
        # Names scoped to one sheet (print areas, print titles) point at it by its position among the sheets.
        names = self.root.find(m("definedNames"))
        for dn in names if names is not None else []:
            value = dn.get("localSheetId")
            if value and value.isdigit() and int(value) >= start:
                dn.set("localSheetId", str(int(value) + by))

    def _unselect_tabs(self, except_part: str) -> None:
        # A second selected tab would group the sheets: what is typed in one would go into the other too.
        for s in self.sheets:
            if not s.part or s.part == except_part or b"tabSelected" not in self.pkg.read(s.part):
                continue
            for view in self.pkg.xml(s.part).iterfind(f"{m('sheetViews')}/{m('sheetView')}"):
                view.attrib.pop("tabSelected", None)

    def define_name(self, name: str, sheet_index: int, formula: str) -> None:
        names = child(self.root, "definedNames", WORKBOOK_ORDER)
        dn = etree.SubElement(names, m("definedName"))
        dn.set("name", name)
        dn.set("localSheetId", str(sheet_index))
        dn.text = formula

    # ---- styles ----

    def styles(self) -> Styles:
        part = next((r.target for r in self.pkg.rels(self.part) if r.type == REL_TYPE + "styles"), "")
        if not part or not self.pkg.has(part):
            part = part or "xl/styles.xml"
            self.pkg.new_xml(part, _empty_styles())
            self.pkg.set_type(part, STYLES_CT)
            self.pkg.add_rel(self.part, REL_TYPE + "styles", part)
        return Styles(self.pkg.xml(part))


def rich_text(el: etree._Element) -> str:
    """The text of a shared string, an inline string or a comment: its <t>, or its runs' <t> in order
    (phonetic guides left out)."""
    direct = el.find(m("t"))
    parts = [direct.text or ""] if direct is not None else []
    parts += [r.findtext(m("t")) or "" for r in el.iterfind(m("r"))]
    return "".join(parts)


def _empty_styles() -> etree._Element:
    return etree.fromstring(
        f'<styleSheet xmlns="{MAIN_NS}"><fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts>'
        '<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/>'
        '</fill></fills><borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
        '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
        '<cellXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/></cellXfs>'
        '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>')


class Styles:
    """xl/styles.xml, to which a return copy adds its own fonts, fills, borders, cell formats and highlights."""

    def __init__(self, root: etree._Element):
        self.root = root

    def _add(self, group: str, xml: str) -> int:
        parent = child(self.root, group, STYLES_ORDER)
        parent.append(_in_main(xml))
        n = len(parent.findall("*"))
        parent.set("count", str(n))
        return n - 1

    def font(self, name: str, size: float, bold: bool = False, color: str = "", underline: bool = False) -> int:
        return self._add("fonts", "<font>" + ("<b/>" if bold else "") + ('<u/>' if underline else "")
                         + f'<sz val="{size:g}"/>' + (f'<color rgb="{color}"/>' if color else "")
                         + f'<name val="{_attr(name)}"/><family val="2"/></font>')

    def fill(self, rgb: str) -> int:
        return self._add("fills", f'<fill><patternFill patternType="solid"><fgColor rgb="{rgb}"/>'
                                  '<bgColor indexed="64"/></patternFill></fill>')

    def box(self, rgb: str = "FFA6A6A6") -> int:
        side = f'style="thin"><color rgb="{rgb}"/>'
        return self._add("borders", f"<border><left {side}</left><right {side}</right><top {side}</top>"
                                    f"<bottom {side}</bottom><diagonal/></border>")

    def xf(self, font: int, fill: int = 0, border: int = 0, wrap: bool = True, horizontal: str = "",
           vertical: str = "top") -> int:
        h = f' horizontal="{horizontal}"' if horizontal else ""
        align = f'<alignment{h} vertical="{vertical}"' + (' wrapText="1"/>' if wrap else "/>")
        return self._add("cellXfs", f'<xf numFmtId="0" fontId="{font}" fillId="{fill}" borderId="{border}" xfId="0" '
                                    'applyFont="1" applyFill="1" applyBorder="1" applyAlignment="1">'
                                    f"{align}</xf>")

    def highlight(self, rgb: str) -> int:
        """A format for conditional formatting that fills the cell (a dxf)."""
        return self._add("dxfs", f'<dxf><fill><patternFill patternType="solid"><fgColor rgb="{rgb}"/>'
                                 f'<bgColor rgb="{rgb}"/></patternFill></fill></dxf>')


def _in_main(xml: str) -> etree._Element:
    return etree.fromstring(f'<w xmlns="{MAIN_NS}">{xml}</w>')[0]


def _attr(text: str) -> str:
    return text.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;")
