"""The example year is consistent with itself: every warning `check` gives about it is one it is meant to give,
listed here with why, and the figures its items quote agree with its tables."""

from __future__ import annotations

from conftest import EXAMPLE, ROOT
from reportgen.collecting.history import PreviousYear
from reportgen.config import load_settings
from reportgen.pipeline import check_folder
from reportgen.readers.workbook import read_workbook

#: (code, where) of every warning the example gives, and why it is meant to.
INTENDED = {
    # four districts were given forms (expected_districts in reportgen.toml) and did not send them back, as in a
    # real year: the report lists them as not received
    ("committee.missing", ""),
}


def test_every_warning_of_the_example_is_intended():
    settings = load_settings(ROOT / "reportgen.toml")
    result = check_folder(EXAMPLE, settings.year, expected_districts=settings.expected_districts,
                          previous=PreviousYear.from_settings(settings),
                          secretariat=settings.path(settings.secretariat_text))
    assert result.errors == []
    assert {(w.code, w.where.file if w.where.file.endswith(".xlsx") else "") for w in result.warnings} == INTENDED


def test_the_items_quote_the_figures_of_the_tables():
    """An achievement that counts cases sent to the prosecutors gives the committee's own figure of sheet 6, and
    a quarterly meeting is held at most four times a year."""
    seen = 0
    for path in sorted(EXAMPLE.glob("*.xlsx")):
        sub = read_workbook(path)
        for item in sub.lists.get("achievements", []):
            text = item.get("description")
            if "ໄອຍະການ" in text and item.get("quantity") is not None:
                assert item.get("quantity") == sub.counts.get("cases.to_prosecutor.total"), path.name
                seen += 1
            if "ປະຈຳໄຕມາດ" in text and item.get("quantity") is not None:
                assert item.get("quantity") <= 4, path.name
                seen += 1
    assert seen  # the example has such items: this test checks something
