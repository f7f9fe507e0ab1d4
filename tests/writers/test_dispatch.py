"""Closed dispatch: every writer has a branch for every block type of the model, and refuses one it does not know."""

from __future__ import annotations

import typing
from dataclasses import dataclass, field

import pytest

from reportgen.config import Settings
from reportgen.model import document as model
from reportgen.model.document import BLOCK_TYPES, Document, Source
from reportgen.writers._blocks import UnknownBlock
from reportgen.writers.docx import write_docx
from reportgen.writers.html import write_html
from small_document import small_document

WRITERS = {"docx": lambda d: write_docx(d, Settings()), "html": lambda d: write_html(d, Settings())}


def one_of_each() -> dict[type, object]:
    """A block of every type, taken from the hand-built document (which has one of each)."""
    return {type(b): b for b in small_document().blocks}


def test_block_types_are_the_block_union():
    assert set(BLOCK_TYPES) == set(typing.get_args(model.Block))


def test_the_small_document_has_a_block_of_every_type():
    assert set(one_of_each()) == set(BLOCK_TYPES), "add the new block type to tests/small_document.py"


@pytest.mark.parametrize("writer", sorted(WRITERS))
@pytest.mark.parametrize("kind", BLOCK_TYPES, ids=lambda t: t.__name__)
def test_every_block_type_has_a_branch_that_writes_it(writer, kind):
    """Each type alone in a document: written, and not the same output as the document without it."""
    doc = small_document()
    blocks = {type(b): b for b in doc.blocks}
    assert kind in blocks, f"no {kind.__name__} in tests/small_document.py"
    alone = Document(doc.meta, [blocks[kind]])
    empty = Document(doc.meta, [])
    if kind is model.PageBreak:  # a break shows on the block after it
        after = model.Paragraph([model.Run("ຂໍ້ຄວາມ")], source=Source("t.xml.j2", 1), id="b1")
        alone, empty = Document(doc.meta, [blocks[kind], after]), Document(doc.meta, [after])
    assert WRITERS[writer](alone) != WRITERS[writer](empty)


@dataclass
class Timeline:  # a block type the writers have never heard of
    source: Source = field(default_factory=Source)
    id: str = "b0"


@pytest.mark.parametrize("writer", sorted(WRITERS))
def test_a_block_type_without_a_branch_stops_the_writer(writer):
    doc = small_document()
    doc.blocks.insert(3, Timeline())
    with pytest.raises(UnknownBlock, match=f"{writer.upper()} writer has no branch for Timeline blocks"):
        WRITERS[writer](doc)
