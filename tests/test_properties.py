"""Property: any values of any type in every input cell of a form give located messages, never a crash.

Hypothesis fills every input cell of the form sheets and the first rows of every list sheet with text
(Lao, any Unicode, markup, template code, formula-like), numbers of any size (NaN and infinities too),
booleans, dates, times and formulas. Reading and checking must not raise and must locate every
message; a folder without errors must build (DOCX and HTML, to keep the run short) and one with
errors must be refused with the errors, writing nothing.
"""

from __future__ import annotations

import datetime as dt
import os
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from reportgen.config import load_settings
from reportgen.contract import schema
from reportgen.contract.schema import Kind
from reportgen.errors import InputError
from reportgen.pipeline import build_report, check_folder
from reportgen.writers.xlsx.forms import Formula, Identity, build_form, save_bytes

LIST_ROWS = 2  # rows filled on each list sheet
EXAMPLES = int(os.environ.get("REPORTGEN_PROPERTY_EXAMPLES", "20"))
_ILLEGAL = "".join(chr(c) for c in (*range(0, 9), 11, 12, *range(14, 32)))  # openpyxl cannot write these
_LAO = "ກຂຄງຈສຊຍດຕຖທນບປຜຝພຟມຢຣລວຫອຮະັາຳິີຶືຸູົຼຽເແໂໃໄໆ່້໊໋ໍ໐໑໒໓໔໕໖໗໘໙ໜໝ "


def _input_cells() -> list[tuple[str, int, int, Kind, str | None, bool, bool]]:
    """Every input cell: all of the form sheets, the first rows of the lists.

    As (sheet title, row, column, kind, closed list, required, is a total), to draw what a committee might type.
    """
    cells = []
    for sheet in schema.SHEETS:
        lay = schema.layout(sheet)
        if sheet.form:
            for r in sheet.rows:
                for c in r.inputs:
                    column = sheet.column(c)
                    kind = column.kind if column.kind is Kind.TEXT and c != "value" else r.kind
                    total = c == "total" or r.key.endswith("_total")  # the larger one of a pair (schema.PAIRS)
                    cells.append((sheet.title, lay.row_at[r.key], lay.column_at[c], kind, r.choices, r.required, total))
        else:
            cells += [(sheet.title, sheet.first_data_row + i, lay.column_at[c.key], c.kind, c.choices, c.required,
                       c.key.endswith("total")) for i in range(LIST_ROWS) for c in sheet.columns]
    return cells


CELLS = _input_cells()
TEXT = st.one_of(
    st.text(st.characters(codec="utf-8", exclude_categories=("Cs",), exclude_characters=_ILLEGAL), max_size=50),
    st.text(st.sampled_from(_LAO), max_size=40),
    st.sampled_from(["", " ", "0", "-0", "007", "1.200", "1,5", "໑໒", "ແມ່ນ", "ບໍ່", "yes", "ຫລວງພະບາງ", "ໄຊຍະບູລີ",
                     "ນະຄອນຫຼວງວຽງຈັນ", "31/02/2019", "13/02/2020", "2019-12-31", "2019", "{{ 7*7 }}",
                     "{% raw %}", "<b>x</b>", "=1+1", "@SUM(A1)", "+1", "ກ" * 32767]),
)
VALUES = st.one_of(
    st.none(),
    TEXT,
    st.integers(min_value=-(10**18), max_value=10**18),
    st.floats(allow_nan=True, allow_infinity=True),
    st.booleans(),
    st.dates(min_value=dt.date(1900, 3, 1), max_value=dt.date(9999, 12, 31)),
    st.datetimes(min_value=dt.datetime(1900, 3, 1), max_value=dt.datetime(9999, 12, 31)),
    st.times(),
    st.builds(Formula, st.sampled_from(["=1+1", "=A1", "=1/0", '="ກ"', "=SUM(E5:E9)"])),
)


def _typical(kind: Kind, choices: str | None, required: bool, total: bool) -> st.SearchStrategy:
    """What a committee would type in a cell of this kind (text cells take any text)."""
    if kind is Kind.YEAR:
        return st.just(2019)
    if kind in (Kind.COUNT, Kind.MONEY):  # totals above their parts, so that many forms pass the checks
        return st.one_of(st.none(), st.integers(100, 1000) if total else st.integers(0, 50))
    if kind is Kind.DATE:
        return st.one_of(st.none(), st.dates(dt.date(2015, 1, 1), dt.date(2025, 12, 31)))
    if kind is Kind.CHOICE and choices == "province":
        return st.sampled_from(["ໄຊຍະບູລີ", "ແຂວງໄຊຍະບູລີ", "LA-XA"])
    if kind is Kind.CHOICE and choices:
        labels = st.sampled_from([o.lo for o in schema.choices(choices)])
        return labels if required else st.one_of(st.none(), labels)
    return st.builds("ກິດຈະກຳ {}".format, TEXT) if required else st.one_of(st.none(), TEXT)


LOCATED_IN_A_CELL = ("number.", "date.", "choice.", "province.", "text.", "value.", "formula.", "year.range",
                     "data.", "district.", "pair.")


def _workbook(values: list[object]) -> bytes:
    wb = build_form(Identity("province", 2019, "LA-XA"))
    for (title, row, col, *_), value in zip(CELLS, values, strict=True):
        cell = wb[title].cell(row, col)
        cell.value = value
        if isinstance(value, str) and not isinstance(value, Formula) and cell.data_type == "f":
            cell.data_type = "s"  # text that starts with = is text, as when typed after an apostrophe
    return save_bytes(wb)


@st.composite
def filled_forms(draw) -> list[object]:
    """A form filled as a committee would, with any number of cells holding anything at all."""
    every = set(range(len(CELLS)))
    few = st.sets(st.sampled_from(sorted(every)), max_size=6)
    wild = draw(st.one_of(few, few, few, st.just(every)))  # mostly a few odd cells; sometimes all of them
    return [draw(VALUES if i in wild else _typical(*cell[3:])) for i, cell in enumerate(CELLS)]


@settings(max_examples=EXAMPLES, deadline=None, database=None, derandomize=os.environ.get("REPORTGEN_PROPERTY_EXAMPLES") is None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(filled_forms())
def test_any_values_give_located_messages_and_never_a_crash(values: list[object]):
    with tempfile.TemporaryDirectory() as tmp:
        project = Path(tmp)
        (project / "inputs").mkdir()
        (project / "inputs" / "LA-XA.xlsx").write_bytes(_workbook(values))
        result = check_folder(project / "inputs", 2019, workers=1)
        for issue in result.issues:
            assert issue.lo and issue.en and issue.where.file, issue
            assert any("\u0e80" <= c <= "\u0eff" for c in issue.lo), issue
            if issue.code.startswith(LOCATED_IN_A_CELL):
                assert issue.where.sheet and issue.where.cell, issue
        settings_ = load_settings(None, cwd=project, year=2019)
        if result.errors:
            event("refused: the workbook has errors")
            try:
                build_report(settings_, ("docx", "html"))
            except InputError as exc:
                assert exc.args[0].errors == result.errors
            else:
                raise AssertionError("a folder with errors was built")
            out = project / "build" / "2019"  # no report and no data export; the status and the return copy only
            assert not list(out.glob("report*")) and not list(out.glob("data*"))
        else:
            event("built")
            built = build_report(settings_, ("docx", "html"))
            assert [p.name for p in built.outputs] == ["report.docx", "report.html", "data.xlsx", "data.json"]
