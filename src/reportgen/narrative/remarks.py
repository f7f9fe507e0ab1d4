"""Reviewers' remarks (Word comments by "reportgen"), one per sentence or table, not one per figure.

Filters file a remark for each figure with a gap and each check warning about it (`figure_gap`, `warning`);
`merged` then turns the remarks of one sentence, list item or table into one remark naming every committee
with the cells it left empty, plus each check warning once. Every workbook and cell a per-figure remark
named is still named: only the repetition goes.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from ..contract.figures import describe_gaps
from ..messages import text
from ..model.document import Remark
from ..model.submission import CellRef, Issue

WARNED_MARK = "!"  # a figure a check warned about (the legend explains it; the Word comment says which warning)
_NOT_REPORTED = "remark.not_reported"
_INCOMPLETE = "remark.incomplete"


def figure_gap(missing_from: Iterable[CellRef], committees: int, reported: bool) -> Remark:
    """The gap of one figure: `committees` left it, or some of its cells (`missing_from`), empty; nobody gave
    it at all when not `reported`."""
    refs = tuple(r for r in missing_from if isinstance(r, CellRef))
    return _gap(refs, committees, reported, describe_gaps(refs))


def _gap(refs: tuple[CellRef, ...], committees: int, reported: bool, detail: str) -> Remark:
    if reported:
        said = text("remark.incomplete", n=committees)
    else:
        said = text("remark.not_reported", n=committees)
    return Remark(said.lo, said.en, "gap", refs, _INCOMPLETE if reported else _NOT_REPORTED, detail=detail)


def previous_gap(year: str) -> Remark:
    """Last year's total was incomplete: the committees and cells are in last year's report, not this one's
    workbooks, so the comment says where to look (and is said once a sentence or table)."""
    said = text("remark.previous_incomplete", year=year)
    return Remark(said.lo, said.en, "gap", (), "remark.previous_incomplete")


def warning(w: Issue) -> Remark:
    """A check warning, said the same way wherever it is filed, so that a table names it once."""
    said = text("remark.check_warning")
    return Remark(f"{WARNED_MARK} {said.lo}", said.en, "warning", (w.where,), w.code,
                  detail=f"{w.where}: {w.lo} / {w.en}")


def left_empty(files: Iterable[str], sheet: str) -> Remark:
    """Committees (their workbooks) that left list sheet `sheet` empty without saying "nothing to report"."""
    refs = tuple(CellRef(f, sheet) for f in files)
    said = text("remark.list_silent")
    return Remark(said.lo, said.en, "gap", refs, "remark.list_silent", detail=_by_committee(refs))


def merged(remarks: Iterable[Remark]) -> list[Remark]:
    """The remarks of one block as reviewers get them: the figures' gaps as one remark (first), then every
    other remark once, in the order filed."""
    gaps: list[Remark] = []
    rest: list[Remark] = []
    for r in remarks:
        if r.code in (_INCOMPLETE, _NOT_REPORTED):
            gaps.append(r)
        elif r not in rest:
            rest.append(r)
    return ([_gaps(gaps)] if gaps else []) + rest


def _gaps(gaps: list[Remark]) -> Remark:
    refs = tuple(dict.fromkeys(ref for g in gaps for ref in g.refs))
    if not refs:
        return gaps[0]
    reported = any(g.code == _INCOMPLETE for g in gaps)
    return _gap(refs, len({r.file for r in refs}), reported, _by_committee(refs))


def _by_committee(refs: tuple[CellRef, ...]) -> str:
    """Each workbook with the sheets and cells it left empty; several workbooks one a line, in file order, after
    a line break (Word shows each line of a comment as a paragraph of its own)."""
    ordered = sorted(refs, key=_reading_order)
    files = list(dict.fromkeys(r.file for r in ordered))
    if len(files) <= 1:
        return describe_gaps(ordered)
    return "\n" + "\n".join(describe_gaps(r for r in ordered if r.file == f) for f in files)


_CELL = re.compile(r"([A-Z]+)(\d+)$")
_NUMBERED = re.compile(r"(\d+)")


def _reading_order(ref: CellRef) -> tuple:
    """Workbooks by name (a province's before its districts'), sheets by their number, cells row by row."""
    sheet = _NUMBERED.match(ref.sheet)
    cell = _CELL.match(ref.cell)
    return (ref.file.rsplit(".", 1)[0], int(sheet.group(1)) if sheet else 0, ref.sheet,
            (int(cell.group(2)), len(cell.group(1)), cell.group(1)) if cell else (0, 0, ref.cell))
