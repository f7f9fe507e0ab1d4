"""Word numbering: the Lao heading numbers (I., 1., 1.1) on the heading styles, and ordered lists from 1."""

from __future__ import annotations

from ._ooxml import el, qn
from .styles import insert_ppr

HEADING_NUM_ID = 900


class Numbering:
    def __init__(self, document):
        self.d = document  # python-docx Document
        self.part = document.part.numbering_part.element
        self._headings()
        self._list_abstract = self._abstract_of_style("List Number")
        self._next = HEADING_NUM_ID + 1

    def _headings(self) -> None:
        """Heading 1–3 numbered as a Word multilevel list: I., 1., 1.1 (level 2 restarts after each part)."""
        abstract = el("w:abstractNum", abstractNumId=HEADING_NUM_ID)
        abstract.append(el("w:multiLevelType", val="multilevel"))
        for ilvl, fmt, text in ((0, "upperRoman", "%1."), (1, "decimal", "%2."), (2, "decimal", "%2.%3")):
            lvl = el("w:lvl", ilvl=ilvl)
            lvl.append(el("w:start", val=1))
            lvl.append(el("w:numFmt", val=fmt))
            if ilvl == 1:
                lvl.append(el("w:lvlRestart", val=1))
            lvl.append(el("w:pStyle", val=self.d.styles[f"Heading {ilvl + 1}"].style_id))
            lvl.append(el("w:suff", val="space"))
            lvl.append(el("w:lvlText", val=text))
            lvl.append(el("w:lvlJc", val="left"))
            ppr = el("w:pPr")
            ppr.append(el("w:ind", left=0, firstLine=0))
            lvl.append(ppr)
            abstract.append(lvl)
        first_num = self.part.find(qn("w:num"))  # abstractNum elements come before every num
        if first_num is not None:
            first_num.addprevious(abstract)
        else:
            self.part.append(abstract)
        num = el("w:num", numId=HEADING_NUM_ID)
        num.append(el("w:abstractNumId", val=HEADING_NUM_ID))
        self.part.append(num)
        for level in (1, 2, 3):
            ppr = self.d.styles[f"Heading {level}"].element.get_or_add_pPr()
            numpr = el("w:numPr")
            numpr.append(el("w:ilvl", val=level - 1))
            numpr.append(el("w:numId", val=HEADING_NUM_ID))
            insert_ppr(ppr, numpr)

    def _abstract_of_style(self, name: str) -> str | None:
        ppr = self.d.styles[name].element.pPr
        numpr = ppr.find(qn("w:numPr")) if ppr is not None else None
        num_id = numpr.find(qn("w:numId")).get(qn("w:val")) if numpr is not None else None
        for num in self.part.findall(qn("w:num")):
            if num.get(qn("w:numId")) == num_id:
                return num.find(qn("w:abstractNumId")).get(qn("w:val"))
        return None

    def restarted_list(self) -> int | None:
        """A numbering instance of its own for an ordered list, so that every list starts again at 1 (None
        when the template has no list numbering: the list then follows the style)."""
        if self._list_abstract is None:
            return None
        num_id = self._next
        self._next += 1
        num = el("w:num", numId=num_id)
        num.append(el("w:abstractNumId", val=self._list_abstract))
        override = el("w:lvlOverride", ilvl=0)
        override.append(el("w:startOverride", val=1))
        num.append(override)
        self.part.append(num)
        return num_id


def num_pr(num_id: int, level: int = 0):
    """`w:numPr`: this paragraph numbered by `num_id` at `level` (num_id 0: not numbered at all)."""
    numpr = el("w:numPr")
    numpr.append(el("w:ilvl", val=level))
    numpr.append(el("w:numId", val=num_id))
    return numpr
