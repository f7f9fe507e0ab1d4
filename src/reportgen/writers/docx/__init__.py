"""Document → DOCX (python-docx + lxml) that reviewers can work in.

Styles come from docx_styles; runs carry only bold and text. Headings are numbered by Word numbering
(I., 1., 1.1), the contents is a real TOC field, captions use SEQ fields, data warnings become comments
by "reportgen", and every block carries a bookmark whose source (template line, workbook place) is kept
in a custom document property — all of which survive a save in Word or LibreOffice.

Tables are built as XML rows directly: python-docx's `table.cell(r, c)` walks the whole grid on each
call, which made a 200×8 table take a minute.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
from xml.sax.saxutils import escape as xml_escape

import docx
from docx.enum.section import WD_ORIENT
from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm
from docx.text.paragraph import Paragraph as DocxParagraph
from docx.text.run import Run as DocxRun

from ..._zipfile import fixed_zip_times
from ...config import Settings
from ...model.document import (
    CAPTION_LABEL,
    Document,
    Heading,
    ListBlock,
    PageBreak,
    Paragraph,
    Run,
    Source,
    Table,
    TableOfContents,
)
from .styles import STYLE_FOR, apply_styles, insert_ppr

COMMENT_AUTHOR = "reportgen"
PROVENANCE_PREFIX = "reportgen:"  # custom document property per bookmark: "reportgen:rg0001" = source
_HEADING_NUM_ID = 900


def _el(tag: str, **attrs) -> OxmlElement:
    el = OxmlElement(tag)
    for k, v in attrs.items():
        el.set(qn(f"w:{k}"), str(v))
    return el


def _add_runs(p_el, runs: list[Run]) -> list:
    added = []
    for r in runs:
        run = _el("w:r")
        if r.bold:
            rpr = _el("w:rPr")
            rpr.append(_el("w:b"))
            rpr.append(_el("w:bCs"))
            run.append(rpr)
        for i, line in enumerate(r.text.split("\n")):  # a new line typed in a workbook cell: a line break
            if i:
                run.append(_el("w:br"))
            if line:
                t = _el("w:t")
                t.text = line
                t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
                run.append(t)
        p_el.append(run)
        added.append(run)
    return added


def _fld_run(p_el, child) -> None:
    r = _el("w:r")
    r.append(child)
    p_el.append(r)


def _field_start(p_el, instr: str, dirty: bool = False) -> None:
    """Begin a complex field; `dirty` asks Word to recompute it when the document opens."""
    begin = _el("w:fldChar", fldCharType="begin")
    if dirty:
        begin.set(qn("w:dirty"), "true")
    _fld_run(p_el, begin)
    it = _el("w:instrText")
    it.text = instr
    it.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    _fld_run(p_el, it)
    _fld_run(p_el, _el("w:fldChar", fldCharType="separate"))


def _field_end(p_el) -> None:
    _fld_run(p_el, _el("w:fldChar", fldCharType="end"))


def _field(p_el, instr: str, result: str) -> None:
    """A complex field (PAGE, NUMPAGES, SEQ, PAGEREF) with a cached result shown before Word updates it."""
    _field_start(p_el, instr)
    t = _el("w:t")
    t.text = result
    _fld_run(p_el, t)
    _field_end(p_el)


class _Writer:
    def __init__(self, doc: Document, settings: Settings):
        self.doc = doc
        self.settings = settings
        self.d = docx.Document()
        apply_styles(self.d, settings.docx_font, settings.font_size)
        self.body = self.d.element.body
        self.sect = self.body.find(qn("w:sectPr"))
        self.ids = {s.name: s.style_id for s in self.d.styles}
        self.pending_break = False
        self.when = dt.datetime.combine(doc.meta.date, dt.time(8, 0))
        self.bookmarks = 0
        self.names: dict[str, int] = {}  # bookmark key -> blocks with that source so far
        self.provenance: dict[str, str] = {}
        self.heading_bookmarks: list[tuple[Heading, str]] = []
        self._numbering()

    # ---- structure ------------------------------------------------------------------------------

    def style(self, name: str) -> str:
        return self.ids[name]

    def add(self, el) -> None:
        self.sect.addprevious(el)

    def paragraph(self, name: str, runs: list[Run], align: str | None = None, source: Source | None = None,
                  remarks: list[str] | None = None, num: tuple[int, int] | None = None):
        p = _el("w:p")
        ppr = _el("w:pPr")
        ppr.append(_el("w:pStyle", val=self.style(name)))
        if self.pending_break:
            ppr.append(_el("w:pageBreakBefore"))
            self.pending_break = False
        if num is not None:
            numpr = _el("w:numPr")
            numpr.append(_el("w:ilvl", val=num[1]))
            numpr.append(_el("w:numId", val=num[0]))
            ppr.append(numpr)
        if align:
            ppr.append(_el("w:jc", val=align))
        p.append(ppr)
        added = _add_runs(p, runs)
        self.add(p)
        if source is not None and (source.template or source.origin):
            self.bookmark(p, str(source))
        if remarks and added:
            self.comment(p, added, remarks)
        return p

    def bookmark(self, p_el, source: str) -> str:
        """Wrap the paragraph's content in a bookmark and record its source under the bookmark's name."""
        self.bookmarks += 1
        name = self._bookmark_name(source)
        start = _el("w:bookmarkStart", id=self.bookmarks, name=name)
        end = _el("w:bookmarkEnd", id=self.bookmarks)
        ppr = p_el.find(qn("w:pPr"))
        if ppr is not None:
            ppr.addnext(start)
        else:
            p_el.insert(0, start)
        p_el.append(end)
        self.provenance[name] = source
        return name

    def _bookmark_name(self, source: str) -> str:
        """A name made from the block's source (template line and workbook place), not from its position:
        a paragraph added elsewhere renames no other block, so the next draft's bookmarks still match.
        Blocks with the same source are told apart by their order among themselves only."""
        key = hashlib.sha1(source.encode("utf-8")).hexdigest()[:12]
        n = self.names.get(key, 0) + 1
        self.names[key] = n
        return f"rg{key}" if n == 1 else f"rg{key}_{n}"

    def comment(self, p_el, runs: list, remarks: list[str]) -> None:
        para = DocxParagraph(p_el, self.d._body)
        first, last = DocxRun(runs[0], para), DocxRun(runs[-1], para)
        for text in remarks:
            c = self.d.add_comment([first, last], text=getattr(text, "text", text), author=COMMENT_AUTHOR, initials="RG")
            c._comment_elm.date = self.when

    # ---- numbering ------------------------------------------------------------------------------

    def _numbering(self) -> None:
        """Lao report numbering for Heading 1–3 (I., 1., 1.1) as a Word multilevel list on the styles."""
        numbering = self.d.part.numbering_part.element
        abstract = _el("w:abstractNum", abstractNumId=_HEADING_NUM_ID)
        abstract.append(_el("w:multiLevelType", val="multilevel"))
        for ilvl, fmt, text in ((0, "upperRoman", "%1."), (1, "decimal", "%2."), (2, "decimal", "%2.%3")):
            lvl = _el("w:lvl", ilvl=ilvl)
            lvl.append(_el("w:start", val=1))
            lvl.append(_el("w:numFmt", val=fmt))
            if ilvl == 1:
                lvl.append(_el("w:lvlRestart", val=1))
            lvl.append(_el("w:pStyle", val=self.style(f"Heading {ilvl + 1}")))
            lvl.append(_el("w:suff", val="space"))
            lvl.append(_el("w:lvlText", val=text))
            lvl.append(_el("w:lvlJc", val="left"))
            ppr = _el("w:pPr")
            ppr.append(_el("w:ind", left=0, firstLine=0))
            lvl.append(ppr)
            abstract.append(lvl)
        first_num = numbering.find(qn("w:num"))
        if first_num is not None:
            first_num.addprevious(abstract)
        else:
            numbering.append(abstract)
        num = _el("w:num", numId=_HEADING_NUM_ID)
        num.append(_el("w:abstractNumId", val=_HEADING_NUM_ID))
        numbering.append(num)
        for level in (1, 2, 3):
            ppr = self.d.styles[f"Heading {level}"].element.get_or_add_pPr()
            for old in ppr.findall(qn("w:numPr")):
                ppr.remove(old)
            numpr = _el("w:numPr")
            numpr.append(_el("w:ilvl", val=level - 1))
            numpr.append(_el("w:numId", val=_HEADING_NUM_ID))
            insert_ppr(ppr, numpr)
        self._list_number_abstract = self._abstract_of_style("List Number")
        self._next_num = _HEADING_NUM_ID + 1

    def _abstract_of_style(self, name: str) -> str | None:
        ppr = self.d.styles[name].element.pPr
        num_id = ppr.find(qn("w:numPr")).find(qn("w:numId")).get(qn("w:val")) if ppr is not None else None
        numbering = self.d.part.numbering_part.element
        for num in numbering.findall(qn("w:num")):
            if num.get(qn("w:numId")) == num_id:
                return num.find(qn("w:abstractNumId")).get(qn("w:val"))
        return None

    def _restarted_list(self) -> int:
        """A new numbering instance for an ordered list, so that every list starts again at 1."""
        num_id = self._next_num
        self._next_num += 1
        num = _el("w:num", numId=num_id)
        num.append(_el("w:abstractNumId", val=self._list_number_abstract))
        override = _el("w:lvlOverride", ilvl=0)
        override.append(_el("w:startOverride", val=1))
        num.append(override)
        self.d.part.numbering_part.element.append(num)
        return num_id

    # ---- blocks ---------------------------------------------------------------------------------

    def write(self) -> bytes:
        self._page_setup()
        for b in self.doc.blocks:
            if isinstance(b, PageBreak):
                self.pending_break = True
            elif isinstance(b, TableOfContents):
                self.toc(b)
            elif isinstance(b, Heading):
                p = self.paragraph(f"Heading {b.level}", b.runs, source=b.source, remarks=b.remarks,
                                   num=None if b.numbered else (0, 0))
                self.heading_bookmarks.append((b, self._toc_bookmark(p)))
            elif isinstance(b, Paragraph):
                align = {"center": "center", "right": "right"}.get(b.style)
                self.paragraph(STYLE_FOR.get(b.style, "Normal"), b.runs, align, b.source, b.remarks)
            elif isinstance(b, ListBlock):
                name = "List Number" if b.ordered else "List Bullet"
                num = (self._restarted_list(), 0) if b.ordered and self._list_number_abstract else None
                for item in b.items:
                    self.paragraph(name, item.runs, source=item.source, remarks=item.remarks, num=num)
            elif isinstance(b, Table):
                self.table(b)
        self._fill_toc()
        self._settings()
        self._properties()
        buf = io.BytesIO()
        self.d.save(buf)
        return fixed_zip_times(buf.getvalue(), drop=("docProps/thumbnail.jpeg",))

    def _toc_bookmark(self, p_el) -> str:
        name = f"_Toc{len(self.heading_bookmarks) + 1:06d}"
        idx = 100000 + len(self.heading_bookmarks) + 1
        start = _el("w:bookmarkStart", id=idx, name=name)
        p_el.find(qn("w:pPr")).addnext(start)
        p_el.append(_el("w:bookmarkEnd", id=idx))
        return name

    def toc(self, block: TableOfContents) -> None:
        self.paragraph("TOC Heading", block.title, source=block.source)
        self._toc_anchor = _el("w:p")  # replaced by the entries once all headings are known
        self.add(self._toc_anchor)

    def _fill_toc(self) -> None:
        """The TOC field, pre-filled with every Heading 1–3 so it reads right before Word updates it."""
        anchor = getattr(self, "_toc_anchor", None)
        if anchor is None:
            return
        entries = [(h, bm) for h, bm in self.heading_bookmarks]
        paras = []
        for i, (h, bm) in enumerate(entries or [(None, "")]):
            p = _el("w:p")
            ppr = _el("w:pPr")
            ppr.append(_el("w:pStyle", val=self.style(f"toc {h.level if h else 1}")))
            p.append(ppr)
            if i == 0:
                _field_start(p, ' TOC \\o "1-3" \\h \\z \\u ', dirty=True)
            if h is not None:
                link = _el("w:hyperlink", anchor=bm, history="1")
                label = f"{h.number} {h.text}" if h.number else h.text
                _add_runs(link, [Run(label)])
                tab = _el("w:r")
                tab.append(_el("w:tab"))
                link.append(tab)
                _field(link, f" PAGEREF {bm} \\h ", "")
                p.append(link)
            paras.append(p)
        _field_end(paras[-1])
        for p in paras:
            anchor.addprevious(p)
        anchor.getparent().remove(anchor)

    def table(self, t: Table) -> None:
        if t.caption:
            p = self.paragraph("Caption", [Run(CAPTION_LABEL + " ")], source=t.source)
            _field(p, " SEQ Table \\* ARABIC ", str(t.number))
            added = _add_runs(p, [Run(": ")] + t.caption)
            if t.remarks:
                self.comment(p, added, t.remarks)
        ncols = t.columns
        widths = t.widths if len(t.widths) == ncols else [1.0] * ncols
        total = sum(widths)
        text_width = int((21.0 - self.settings.margin_left - self.settings.margin_right) / 2.54 * 1440)
        twips = [int(text_width * w / total) for w in widths]
        tbl = _el("w:tbl")
        tpr = _el("w:tblPr")
        tpr.append(_el("w:tblStyle", val=self.style("Table Grid")))
        tpr.append(_el("w:tblW", w=sum(twips), type="dxa"))
        tpr.append(_el("w:tblLayout", type="fixed"))
        tbl.append(tpr)
        grid = _el("w:tblGrid")
        for w in twips:
            grid.append(_el("w:gridCol", w=w))
        tbl.append(grid)
        text_id, head_id = self.style("Table Text"), self.style("Table Heading")
        for row in t.head:
            tbl.append(self._row(row, twips, head_id, header=True))
        for i, row in enumerate(t.body):
            tbl.append(self._row(row, twips, text_id, total=i in t.total_rows))
        self.add(tbl)
        if not t.caption and t.source.template:
            first = tbl.find(f"{qn('w:tr')}/{qn('w:tc')}/{qn('w:p')}")
            if first is not None:
                self.bookmark(first, str(t.source))
        if t.note:
            self.paragraph("Note", t.note)
        else:
            self.paragraph("Table Text", [])  # Word needs a paragraph between two tables

    def _row(self, cells, twips: list[int], style_id: str, header: bool = False, total: bool = False):
        tr = _el("w:tr")
        trpr = _el("w:trPr")
        trpr.append(_el("w:cantSplit"))
        if header:
            trpr.append(_el("w:tblHeader"))
        tr.append(trpr)
        col = 0
        for c in cells:
            tc = _el("w:tc")
            tcpr = _el("w:tcPr")
            width = sum(twips[col:col + c.colspan])
            tcpr.append(_el("w:tcW", w=width, type="dxa"))
            if c.colspan > 1:
                tcpr.append(_el("w:gridSpan", val=c.colspan))
            if header or total:
                tcpr.append(_el("w:shd", val="clear", color="auto", fill="DFE9F5" if header else "F1F1F1"))
            if header:
                tcpr.append(_el("w:vAlign", val="center"))
            tc.append(tcpr)
            runs = [Run(r.text, r.bold or total, r.name) for r in c.runs]
            p = _el("w:p")
            ppr = _el("w:pPr")
            ppr.append(_el("w:pStyle", val=style_id))
            if c.numeric and not header:
                ppr.append(_el("w:jc", val="right"))
            p.append(ppr)
            added = _add_runs(p, runs)
            tc.append(p)
            if c.remarks and added:
                self.comment(p, added, c.remarks)
            tr.append(tc)
            col += c.colspan
        return tr

    # ---- page, settings, properties -------------------------------------------------------------

    def _page_setup(self) -> None:
        s = self.d.sections[0]
        cfg = self.settings
        s.orientation = WD_ORIENT.PORTRAIT
        s.page_width, s.page_height = Cm(21.0), Cm(29.7)
        s.left_margin, s.right_margin = Cm(cfg.margin_left), Cm(cfg.margin_right)
        s.top_margin, s.bottom_margin = Cm(cfg.margin_top), Cm(cfg.margin_bottom)
        s.header_distance = s.footer_distance = Cm(1.0)
        s.different_first_page_header_footer = True  # the title page has no running header
        header = s.header.paragraphs[0]
        header.style = self.d.styles["Header"]
        _add_runs(header._p, [Run(self.doc.meta.short_title)])
        for footer in (s.footer, s.first_page_footer):
            p = footer.paragraphs[0]
            p.style = self.d.styles["Footer"]
            _add_runs(p._p, [Run("ໜ້າ ")])
            _field(p._p, " PAGE ", "1")
            _add_runs(p._p, [Run(" / ")])
            _field(p._p, " NUMPAGES ", "1")
        s.first_page_header.paragraphs[0].style = self.d.styles["Header"]

    def _settings(self) -> None:
        """Track changes on (configurable) and fields refreshed on open, so the TOC and page numbers update."""
        settings = self.d.settings.element
        if self.settings.track_changes:
            _insert_in_order(settings, _el("w:trackRevisions"), _SETTINGS_ORDER)
        _insert_in_order(settings, _el("w:updateFields", val="true"), _SETTINGS_ORDER)

    def _properties(self) -> None:
        m = self.doc.meta
        cp = self.d.core_properties
        cp.title = m.title
        cp.subject = m.subject
        cp.author = m.author
        cp.last_modified_by = m.author
        cp.language = m.language
        cp.keywords = "ການຄ້າມະນຸດ; anti-human trafficking; reportgen"
        cp.comments = "ຂໍ້ມູນຕົວຢ່າງ — sample data" if m.sample else ""
        cp.created = self.when
        cp.modified = self.when
        cp.revision = 1
        self._custom_properties()

    def _custom_properties(self) -> None:
        """Each bookmark's source as a custom property (Word keeps values up to 255 characters)."""
        props = []
        for pid, (name, source) in enumerate(sorted(self.provenance.items()), start=2):
            props.append(f'<property fmtid="{{D5CDD505-2E9C-101B-9397-08002B2CF9AE}}" pid="{pid}" '
                         f'name="{PROVENANCE_PREFIX}{name}"><vt:lpwstr>{xml_escape(source[:255])}</vt:lpwstr>'
                         "</property>")
        xml = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
               '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/custom-properties" '
               'xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
               + "".join(props) + "</Properties>")
        package = self.d.part.package
        part = Part(PackURI("/docProps/custom.xml"), CT.OFC_CUSTOM_PROPERTIES, xml.encode("utf-8"), package)
        package.relate_to(part, RT.CUSTOM_PROPERTIES)


# CT_Settings child order (ECMA-376 Part 1, §17.15.1.78): Word refuses settings out of this order.
_SETTINGS_ORDER = tuple((
    "writeProtection view zoom removePersonalInformation removeDateAndTime doNotDisplayPageBoundaries "
    "displayBackgroundShape printPostScriptOverText printFractionalCharacterWidth printFormsData "
    "embedTrueTypeFonts embedSystemFonts saveSubsetFonts saveFormsData mirrorMargins alignBordersAndEdges "
    "bordersDoNotSurroundHeader bordersDoNotSurroundFooter gutterAtTop hideSpellingErrors hideGrammaticalErrors "
    "activeWritingStyle proofState formsDesign attachedTemplate linkStyles stylePaneFormatFilter "
    "stylePaneSortMethod documentType mailMerge revisionView trackRevisions doNotTrackMoves doNotTrackFormatting "
    "documentProtection autoFormatOverride styleLockTheme styleLockQFSet defaultTabStop autoHyphenation "
    "consecutiveHyphenLimit hyphenationZone doNotHyphenateCaps showEnvelope summaryLength clickAndTypeStyle "
    "defaultTableStyle evenAndOddHeaders bookFoldRevPrinting bookFoldPrinting bookFoldPrintingSheets "
    "drawingGridHorizontalSpacing drawingGridVerticalSpacing displayHorizontalDrawingGridEvery "
    "displayVerticalDrawingGridEvery doNotUseMarginsForDrawingGridOrigin drawingGridHorizontalOrigin "
    "drawingGridVerticalOrigin doNotShadeFormData noPunctuationKerning characterSpacingControl printTwoOnOne "
    "strictFirstAndLastChars noLineBreaksAfter noLineBreaksBefore savePreviewPicture doNotValidateAgainstSchema "
    "saveInvalidXml ignoreMixedContent alwaysShowPlaceholderText doNotDemarcateInvalidXml saveXmlDataOnly "
    "useXSLTWhenSaving saveThroughXslt showXMLTags alwaysMergeEmptyNamespace updateFields hdrShapeDefaults "
    "footnotePr endnotePr compat docVars rsids mathPr attachedSchema themeFontLang clrSchemeMapping "
    "doNotIncludeSubdocsInStats doNotAutoCompressPictures forceUpgrade captions readModeInkLockDown smartTagType "
    "schemaLibrary shapeDefaults doNotEmbedSmartTags decimalSymbol listSeparator").split())


def _insert_in_order(parent, el, order: tuple[str, ...]) -> None:
    """Insert `el` among `parent`'s children where the schema's sequence wants it (replacing a twin)."""
    local = el.tag.split("}")[1]
    rank = {name: i for i, name in enumerate(order)}
    for child in list(parent):
        if child.tag.split("}")[-1] == local:
            parent.remove(child)
    for child in parent:
        if rank.get(child.tag.split("}")[-1], -1) > rank[local]:
            child.addprevious(el)
            return
    parent.append(el)


def write_docx(doc: Document, settings: Settings) -> bytes:
    """The report as DOCX bytes."""
    return _Writer(doc, settings).write()
