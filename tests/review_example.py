"""The example report as reviewers return it: Word's markup on the built report.docx, and the same file saved
again by LibreOffice. Built once per test run (LibreOffice takes seconds), for tests/review/."""

from __future__ import annotations

import datetime as dt
import functools
import io
import os
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pytest
from lxml import etree

from review_markup import (
    WHEN,
    Align,
    Comment,
    Delete,
    Format,
    Insert,
    Move,
    Reply,
    annotate,
    have_libreoffice,
    through_libreoffice,
)

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"

# What the reviewers write (Lao, with English and digits mixed in, as they do)
RUNS = "ສືບສວນ-ສອບສວນ 99 ຄະດີ"  # a text run, the figure 99 in its own run, a text run
ASK = "ກວດຕົວເລກຄະດີນີ້ຄືນ: ສືບສວນ 99 ຫຼື 89? / please check: 99 or 89?"
ANSWER = "ກວດແລ້ວ, ແມ່ນ 99 / checked, 99 is right"
TEMPLATE_ONLY = "ເຄື່ອງໝາຍ * ໝາຍເຖິງ"  # a sentence of the template, no data in it
WORDING = "ຄວນຂຽນຄຳອະທິບາຍນີ້ໃຫ້ສັ້ນລົງ / shorten this note"
FIGURE_NOTE = "=ຕົວເລກນີ້ບໍ່ກົງກັບບົດລາຍງານໄຕມາດ / does not match the quarterly report"  # "=" must stay text
LIST_ITEM = "ປະສານງານກັບອຳນາດການປົກຄອງບ້ານ"  # an achievement listed from inputs/national.xlsx
LIST_NOTE = "ຂໍລາຍລະອຽດຈຳນວນບ້ານ / which villages?"
RESOLVED = "ໄດ້ສ້າງຕັ້ງຄະນະກຳມະການ"
SPAN_FROM, SPAN_TO = "ມີຜູ້ຖືກເຄາະຮ້າຍ", "ເຄື່ອງໝາຍ *"
HEADING = "ສະພາບລວມ"
INSERTED = " ທັງໝົດ (total 2019) ປະມານ"  # Lao, Latin, digits: LibreOffice cuts it into pieces
INSERT_AFTER = "ໃນປີ 2019, ໄດ້ຮັບການແຈ້ງຄວາມ"
DELETED = "ແລະ ຄຳຮ້ອງ "
MOVED, MOVED_TO = "ຕາມພາລະບົດບາດຂອງຕົນ", "ມາຮອດທ້າຍປີ 2019, "
BOLD = "ສົ່ງໃຫ້ອົງການໄອຍະການ"
CENTERED = "ການຈັດຕັ້ງ ແລະ ການປະສານງານ"


def table_figure(docx: bytes) -> tuple[str, str, str]:
    """(figure bookmark, its text, the table's caption bookmark) of the first figure with a value in a table
    that has a caption."""
    body = etree.fromstring(zipfile.ZipFile(io.BytesIO(docx)).read("word/document.xml")).find(f"{W}body")
    for tbl in body.iter(f"{W}tbl"):
        caption = tbl.getprevious()
        names = [b.get(f"{W}name") for b in caption.iter(f"{W}bookmarkStart")] if caption is not None else []
        if not any(n.startswith("rg_b") for n in names):
            continue
        for start in tbl.iter(f"{W}bookmarkStart"):
            run = start.getnext()
            text = "".join(t.text or "" for t in run.iter(f"{W}t")) if run is not None else ""
            if start.get(f"{W}name").startswith("rg_f") and text[:1].isdigit():
                return start.get(f"{W}name"), text, next(n for n in names if n.startswith("rg_b"))
    raise LookupError("no figure in a captioned table")


def marks(docx: bytes) -> list:
    figure, figure_text, _ = table_figure(docx)
    return [
        Comment(RUNS, ASK, replies=(Reply(ANSWER),)),
        Comment(TEMPLATE_ONLY, WORDING, author="Ms Reviewer"),
        Comment(figure_text, FIGURE_NOTE, within=figure),
        Comment(LIST_ITEM, LIST_NOTE),
        Comment(RESOLVED, "ຕົກລົງ / agreed", resolved=True),
        Comment(SPAN_FROM, "ສອງວັກນີ້ຄວນລວມກັນ / join these two paragraphs", to=SPAN_TO),
        Comment(HEADING, "ຫົວຂໍ້ນີ້ດີແລ້ວ / heading fine", point=True),
        Insert(INSERTED, after=INSERT_AFTER),
        Delete(DELETED),
        Move(MOVED, after=MOVED_TO),
        Format(BOLD),
        Align(CENTERED),
    ]


@dataclass(frozen=True)
class Reviewed:
    built: bytes  # report.docx as built
    word: bytes  # with Word's review markup
    libreoffice: bytes | None  # the same, saved again by LibreOffice (None without soffice)
    figure: str  # the bookmark of the table figure commented on
    figure_text: str
    table: str  # the bookmark of that table's caption


@functools.cache
def _reviewed(report: Path) -> Reviewed:
    built = report.read_bytes()
    word = annotate(built, marks(built))
    figure, text, table = table_figure(built)
    return Reviewed(built, word, through_libreoffice(word) if have_libreoffice() else None, figure, text, table)


def reviewed_example(built_example: Path) -> Reviewed:
    return _reviewed(built_example / "report.docx")


def need_libreoffice(reviewed: Reviewed) -> bytes:
    if reviewed.libreoffice is None:
        if os.environ.get("CI"):
            pytest.fail("soffice is missing: .ci/run must install libreoffice-writer-nogui")
        pytest.skip("LibreOffice (soffice) is not installed")
    return reviewed.libreoffice


def block_of(docx: bytes, text: str) -> str:
    """The innermost block bookmark of the first bookmarked paragraph containing `text` (read from the XML,
    independently of the reader under test)."""
    body = etree.fromstring(zipfile.ZipFile(io.BytesIO(docx)).read("word/document.xml"))
    for p in body.iter(f"{W}p"):
        names = [b.get(f"{W}name") for b in p.iter(f"{W}bookmarkStart") if b.get(f"{W}name").startswith("rg_b")]
        if names and text in "".join(t.text or "" for t in p.iter(f"{W}t", f"{W}delText")):
            return names[-1]
    raise LookupError(text)


def local(when: dt.datetime) -> dt.datetime:
    """`when` (UTC) as Word writes it in w:date: the reviewer's clock in Vientiane."""
    return when + dt.timedelta(hours=7)


__all__ = ["WHEN", "Reviewed", "block_of", "local", "marks", "need_libreoffice", "reviewed_example", "table_figure"]
