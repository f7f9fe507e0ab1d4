"""WordprocessingML by hand (lxml through python-docx): elements, runs, and children kept in schema order."""

from __future__ import annotations

from docx.oxml import OxmlElement
from docx.oxml.ns import qn

__all__ = ["PPR_ORDER", "RPR_ORDER", "SETTINGS_ORDER", "el", "insert_in_order", "local", "qn", "run", "sort_children",
           "text"]

_XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"


def el(tag: str, **attrs: object):
    """`<w:tag w:k="v" …>`: every attribute in the w: namespace, as WordprocessingML wants."""
    e = OxmlElement(tag)
    for k, v in attrs.items():
        e.set(qn(f"w:{k}"), str(v))
    return e


def text(tag: str, value: str):
    """A `w:t` or `w:instrText` that keeps its spaces."""
    e = el(tag)
    e.text = value
    e.set(_XML_SPACE, "preserve")
    return e


def run(value: str, bold: bool = False, style: str | None = None):
    """One `w:r`: a character style and bold (also for Lao: bCs) if asked; a typed new line becomes `w:br`,
    a tab (the masthead's two sides) `w:tab`."""
    r = el("w:r")
    if bold or style:
        rpr = el("w:rPr")
        if style:
            rpr.append(el("w:rStyle", val=style))
        if bold:
            rpr.append(el("w:b"))
            rpr.append(el("w:bCs"))
        r.append(rpr)
    for i, line in enumerate(value.split("\n")):
        if i:
            r.append(el("w:br"))
        for j, part in enumerate(line.split("\t")):
            if j:
                r.append(el("w:tab"))
            if part:
                r.append(text("w:t", part))
    return r


def local(e) -> str:
    return e.tag.split("}")[-1]


def insert_in_order(parent, child, order: tuple[str, ...]) -> None:
    """Put `child` among `parent`'s children where the schema's sequence `order` wants it, replacing a twin."""
    name = local(child)
    rank = {n: i for i, n in enumerate(order)}
    for twin in [c for c in parent if local(c) == name]:
        parent.remove(twin)
    for c in parent:
        if rank.get(local(c), len(rank)) > rank[name]:
            c.addprevious(child)
            return
    parent.append(child)


def sort_children(parent, order: tuple[str, ...]) -> None:
    """Reorder `parent`'s children to the schema's sequence `order` (unknown ones last, in their order)."""
    rank = {n: i for i, n in enumerate(order)}
    children = list(parent)
    for c in children:
        parent.remove(c)
    for c in sorted(children, key=lambda c: rank.get(local(c), len(rank))):
        parent.append(c)


# Word refuses a document whose properties are out of the schema's order (ECMA-376 Part 1).
RPR_ORDER = tuple(  # CT_RPr, §17.3.2.28
    "rStyle rFonts b bCs i iCs caps smallCaps strike dstrike outline shadow emboss imprint noProof snapToGrid "
    "vanish webHidden color spacing w kern position sz szCs highlight u effect bdr shd fitText vertAlign rtl cs "
    "em lang eastAsianLayout specVanish oMath rPrChange".split())

PPR_ORDER = tuple(  # CT_PPrBase, §17.3.1.26
    "pStyle keepNext keepLines pageBreakBefore framePr widowControl numPr suppressLineNumbers pBdr shd tabs "
    "suppressAutoHyphens kinsoku wordWrap overflowPunct topLinePunct autoSpaceDE autoSpaceDN bidi adjustRightInd "
    "snapToGrid spacing ind contextualSpacing mirrorIndents suppressOverlap jc textDirection textAlignment "
    "textboxTightWrap outlineLvl divId cnfStyle rPr sectPr pPrChange".split())

SETTINGS_ORDER = tuple(  # CT_Settings, §17.15.1.78
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
    "schemaLibrary shapeDefaults doNotEmbedSmartTags decimalSymbol listSeparator".split())
