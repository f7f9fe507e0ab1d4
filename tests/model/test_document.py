"""The document model on its own: ids from sources, typed figures, remarks as reviewers read them."""

from __future__ import annotations

from reportgen.model.document import (
    BLOCK_TYPES,
    Block,
    Cell,
    FigureRun,
    Heading,
    ListBlock,
    Paragraph,
    Remark,
    Run,
    Source,
    Table,
    assign_ids,
)
from reportgen.model.submission import CellRef


def _p(text: str, line: int, anchor: str = "", key: str = "") -> Paragraph:
    return Paragraph([Run(text)], source=Source("t.xml.j2", line, key, anchor=anchor))


def test_ids_come_from_the_template_line_text_and_data_not_the_position():
    a = [_p("A", 1, "x1"), _p("B", 2, "x2"), _p("C", 3, "x3")]
    b = [_p("A", 1, "x1"), _p("new", 2, "n1"), _p("B", 3, "x2"), _p("C", 4, "x3")]  # a line inserted above B
    assign_ids(a)
    assign_ids(b)
    assert [p.id for p in a] == [b[0].id, b[2].id, b[3].id]
    assert b[1].id not in {p.id for p in a}


def test_the_same_source_twice_is_told_apart_by_its_order_among_twins_only():
    blocks = [_p("x", 1, "loop", key="prevention"), _p("y", 1, "loop", key="protection"), _p("z", 2, "other"),
              _p("x2", 1, "loop", key="prevention")]
    assign_ids(blocks)
    ids = [b.id for b in blocks]
    assert len(set(ids)) == 4 and ids[3] == ids[0] + "-2"


def test_cells_and_figures_get_ids_by_row_and_column():
    fig = FigureRun("12*", figure="cases.received.total", value=12, partial=True,
                    missing_from=(CellRef("A.xlsx", "6 ສະຖິຕິຄະດີ", "E7"),))
    row = [Cell([Run("ລວມ")], source=Source("t", 5, anchor="r")), Cell([fig], numeric=True, source=Source("t", 5, anchor="r"))]
    table = Table([Run("cap")], [], [row], source=Source("t", 4, "cases", anchor="tbl"))
    assign_ids([table])
    assert table.id.startswith("b") and row[0].id.startswith("c") and row[0].id != row[1].id
    assert fig.id.startswith("f") and fig.text == "12*" and fig.partial


def test_a_remark_reads_place_lao_english_then_the_places_it_lists():
    r = Remark("ຕົວເລກບໍ່ຄົບ", "incomplete", "gap", (CellRef("A.xlsx", "7", "F7"),), detail="A.xlsx › 7 › F7",
               at="A.xlsx")
    assert r.text == "A.xlsx: ຕົວເລກບໍ່ຄົບ / incomplete: A.xlsx › 7 › F7"
    assert Remark("ບໍ່ໄດ້ສົ່ງ / not received", "").text == "ບໍ່ໄດ້ສົ່ງ / not received"


def test_block_types_lists_every_member_of_the_block_union():
    assert set(BLOCK_TYPES) == set(Block.__args__)
    assert Heading in BLOCK_TYPES and ListBlock in BLOCK_TYPES


def test_ids_do_not_depend_on_the_folder_the_build_was_run_from():
    def item(folder: str) -> Paragraph:
        refs = (CellRef(f"{folder}LA-XA.xlsx", "2 ຜົນງານ", "ແຖວ/row 6"),)
        return Paragraph([Run("x")], source=Source("t", 3, origin=refs, anchor="li"))

    here, there = item("inputs/"), item("../sec2019/inputs/")
    assign_ids([here])
    assign_ids([there])
    assert here.id == there.id
