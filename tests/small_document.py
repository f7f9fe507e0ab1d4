"""A small Document built by hand for testing the writers without workbooks: one block of every type, figures,
remarks on a paragraph, a caption and a cell, a list, a table with a header and a total row, and a chart (one bar not reported) with its data table."""

from __future__ import annotations

import datetime as dt

from reportgen.model.document import (
    Cell,
    Chart,
    Document,
    FigureRun,
    Heading,
    ListBlock,
    Meta,
    PageBreak,
    Paragraph,
    Remark,
    Run,
    Source,
    Table,
    TableOfContents,
    assign_ids,
    number_blocks,
)
from reportgen.model.submission import CellRef

TEMPLATE = "results.xml.j2"
XA = CellRef("inputs/LA-XA.xlsx", "7 ຜູ້ຖືກເຄາະຮ້າຍ", "F7")
VT = CellRef("inputs/LA-VT.xlsx", "7 ຜູ້ຖືກເຄາະຮ້າຍ", "F7")
GAP = Remark("ບາງຄະນະບໍ່ໄດ້ລາຍງານ", "some committees did not report", kind="gap", refs=(VT,), code="figure.partial",
             detail="LA-VT.xlsx › 7 ຜູ້ຖືກເຄາະຮ້າຍ › F7")
WARNING = Remark("ກວດເຫັນຂໍ້ສັງເກດ", "check warning", kind="warning", refs=(XA,), detail="LA-XA.xlsx")
CAPTION_NOTE = Remark("ຕາຕະລາງບໍ່ຄົບ", "table incomplete", kind="gap")


def source(line: int, *origin: CellRef, key: str = "") -> Source:
    return Source(TEMPLATE, line, key, tuple(origin))


def victims(value: int | None, text: str, scope: str = "", **flags) -> FigureRun:
    return FigureRun(text, figure="victims.all.total", scope=scope, value=value, reported_by=("LA-XA.xlsx",),
                     **flags)


def small_document(ids: bool = True) -> Document:
    """The document; `ids=False` leaves every id empty, as a narrative that does not give them would."""
    meta = Meta(title="ບົດລາຍງານທົດລອງ", short_title="ທົດລອງ 2019", subject="test", author="ຄະນະກຳມະການ",
                language="lo-LA", date=dt.date(2020, 2, 13), year=2019, sample=False)
    blocks = [
        Paragraph([Run("ສາທາລະນະລັດ ປະຊາທິປະໄຕ ປະຊາຊົນລາວ")], style="nation", source=source(1)),
        TableOfContents([Run("ສາລະບານ")], source=source(2)),
        PageBreak(source=source(3)),
        Heading(1, [Run("ພາບລວມ")], source=source(4)),
        Paragraph([Run("ຜູ້ຖືກເຄາະຮ້າຍທັງໝົດ "), victims(12, "12*", partial=True, warned=True), Run(" ຄົນ.")],
                  source=source(5, XA, VT), remarks=[GAP, WARNING]),
        ListBlock([Paragraph([Run("ບົດຮຽນທີໜຶ່ງ")], source=source(7, XA, key="lesson-1")),
                   Paragraph([Run("ບົດຮຽນທີສອງ")], source=source(7, VT, key="lesson-2"))],
                  ordered=True, source=source(6)),
        Heading(2, [Run("ຜູ້ຖືກເຄາະຮ້າຍ")], source=source(8)),
        Table(caption=[Run("ຜູ້ຖືກເຄາະຮ້າຍ ແຍກຕາມແຂວງ")],
              head=[[Cell([Run("ແຂວງ")], header=True, source=source(10)),
                     Cell([Run("ຈຳນວນ")], header=True, source=source(11))]],
              body=[[Cell([Run("ໄຊຍະບູລີ", name=True)], source=source(13, XA, key="LA-XA")),
                     Cell([victims(5, "5", "province:LA-XA")], numeric=True, source=source(14, XA, key="LA-XA"))],
                    [Cell([Run("ນະຄອນຫຼວງວຽງຈັນ", name=True)], source=source(13, VT, key="LA-VT")),
                     Cell([victims(None, "–", "province:LA-VT")], numeric=True, remarks=[GAP],
                          source=source(14, VT, key="LA-VT"))],
                    [Cell([Run("ລວມ")], source=source(16)),
                     Cell([victims(12, "12*", partial=True)], numeric=True, source=source(17))]],
              total_rows={2}, widths=[3.0, 1.0], note=[Run("* ບໍ່ຄົບ")], source=source(9, XA, VT),
              remarks=[CAPTION_NOTE]),
        *chart(),
    ]
    number_blocks(blocks)
    if ids:
        assign_ids(blocks)
    return Document(meta, blocks)


def chart() -> list:
    """A chart and its data table (as the markup reader makes them): the same figures in both."""
    xa, vt = victims(5, "5", "province:LA-XA"), victims(None, "–", "province:LA-VT")
    table = Table(caption=[],
                  head=[[Cell([Run("ແຂວງ")], header=True, source=source(22)),
                         Cell([Run("ຜູ້ຖືກເຄາະຮ້າຍ")], header=True, source=source(22))]],
                  body=[[Cell([Run("ໄຊຍະບູລີ")], source=source(24, XA, key="LA-XA")),
                         Cell([xa], numeric=True, source=source(24, XA, key="LA-XA"))],
                        [Cell([Run("ນະຄອນຫຼວງວຽງຈັນ")], source=source(24, VT, key="LA-VT")),
                         Cell([vt], numeric=True, source=source(24, VT, key="LA-VT"))]],
                  source=source(20, XA, VT, key="fig_victims.data"))
    return [Chart("bar", [Run("ຜູ້ຖືກເຄາະຮ້າຍ ແຍກຕາມແຂວງ")], ["ໄຊຍະບູລີ", "ນະຄອນຫຼວງວຽງຈັນ"], ["ຜູ້ຖືກເຄາະຮ້າຍ"],
                  [[xa], [vt]], table, unit="ຄົນ", source=source(20, XA, VT, key="fig_victims")), table]
