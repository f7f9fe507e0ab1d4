"""What every writer shares about blocks: closed dispatch on the block type, ids when none were given, and
where a table may break across pages."""

from __future__ import annotations

import copy
from collections.abc import Mapping
from typing import TypeVar

from ..model.document import Document, assign_ids

H = TypeVar("H")

#: A table broken across pages keeps at least this many body rows on either side of the break, and one of
#: fewer than twice as many rows is not broken at all.
KEEP_ROWS = 3


def held_rows(rows: int, totals: set[int] | frozenset[int] | list[int] | tuple[int, ...]) -> set[int]:
    """The body rows a page must not break *before*: the 2nd and 3rd, the last two, every total row — all of
    them (but the first) in a table too short to break."""
    if rows < 2 * KEEP_ROWS:
        return set(range(1, rows))
    return {i for i in range(1, rows) if i < KEEP_ROWS or i > rows - KEEP_ROWS or i in totals}


class UnknownBlock(TypeError):
    """A block type a writer has no branch for. A writer that skipped it would drop content from the report
    without a word, so the build stops instead (and tests/writers check every type of the model)."""


def branch(table: Mapping[type, H], block: object, writer: str) -> H:
    """The handler of `block`'s exact type in `table` (a writer's dispatch table)."""
    try:
        return table[type(block)]
    except KeyError:
        raise UnknownBlock(f"the {writer} writer has no branch for {type(block).__name__} blocks") from None


def with_ids(doc: Document) -> Document:
    """`doc` when its blocks have their ids (model.assign_ids gives every block, item, cell and figure one at
    once); else a copy given them, the caller's document left as it was."""
    if all(b.id for b in doc.blocks):
        return doc
    given = copy.deepcopy(doc)
    assign_ids(given.blocks)
    return given
