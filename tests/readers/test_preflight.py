"""Measuring sheets before they are loaded: the quick path decides exactly as the tag-by-tag scan does."""

from __future__ import annotations

import zipfile

import pytest
from hypothesis import given
from hypothesis import strategies as st

from conftest import EXAMPLE
from reportgen.readers import _preflight
from reportgen.readers._preflight import _full_scan, _quick_scan, _Refused, _scan_sheet


def _outcome(scan, data: bytes, dated: frozenset[int] = frozenset()):
    try:
        return scan(data, "S", dated)
    except _Refused as r:
        return r.problem


def _same(data: bytes, dated: frozenset[int] = frozenset()):
    assert _outcome(_scan_sheet, data, dated) == _outcome(_full_scan, data, dated)


def _sheet(*cells: str, rows: bool = True) -> bytes:
    body = "".join(cells)
    if rows:
        body = f'<row r="1">{body}</row>'
    return (f'<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
            f"<sheetData>{body}</sheetData></worksheet>").encode()


def test_every_sheet_of_the_example_takes_the_quick_path():
    for path in sorted(EXAMPLE.glob("*.xlsx")):
        with zipfile.ZipFile(path) as z:
            for name in z.namelist():
                if name.startswith("xl/worksheets/"):
                    data = z.read(name)
                    assert _quick_scan(data) is not None, (path.name, name)
                    _same(data)


@pytest.mark.parametrize("cells", [
    ['<c r="B2" s="1"/>', '<c r="C3" t="s"><v>4</v></c>'],
    ['<c r="C3"><f>1+1</f></c>'],  # a formula without value: the full scan lists it
    ['<c r="C3"><f>1+1</f><v>2</v></c>'],
    ['<c t="s"><v>1</v></c>', '<c><v>2</v></c>'],  # no r: placed by order
    ['<c r="A1" / >', '<c r="XFD3"><v>1</v></c>'],  # far to the right
    ['<c r="A2001"><v>1</v></c>'],  # below the last row a form may use
    ['<x:c r="D9"><x:v>1</x:v></x:c>'],
    ['<c r="d4"><v>1</v></c>', '<c r="E"><v>1</v></c>', '<c r="7"><v>1</v></c>'],
    ['<c  r = \'AA10\' ><is><t>x</t></is></c>'],
])
def test_quick_path_agrees_with_the_full_scan(cells):
    _same(_sheet(*cells))
    _same(_sheet(*cells, rows=False))


def test_too_many_cells_is_refused_the_same_way(monkeypatch):
    monkeypatch.setattr(_preflight, "MAX_CELLS", 3)
    data = _sheet(*[f'<c r="A{i}"/>' for i in range(1, 6)])
    assert _quick_scan(data) is None
    assert isinstance(_outcome(_scan_sheet, data), _preflight.Problem)
    _same(data)


_CELL = st.builds(
    lambda r, attrs, body: f"<c{r}{attrs}{body}",
    st.sampled_from(['', ' r="A1"', ' r="B7"', ' r="Z2001"', ' r="AB12"', ' r="q3"', ' r="C"', " r='D5'", ' r=""',
                     ' r="B2" r="C9"', ' rr="E5"', '\tr = "F6"', ' x="r=G7"']),
    st.sampled_from(['', ' s="3"', ' s="4"', ' t="s"', ' t="inlineStr"', ' t="n" s="3"', ' s="4" s="3"', ' xs="3"']),
    st.sampled_from(["/>", " />", "></c>", "><v>1</v></c>", "><v>43831</v></c>", "><v>-1e12</v></c>", "><v></v></c>",
                     "><f>A1</f></c>", "><is><t>x</t></is></c>"]),
)


@given(st.lists(st.one_of(_CELL, st.sampled_from(['<row r="3">', "</row>", "<row>", '<row r="2500">'])), max_size=12))
def test_quick_path_agrees_on_random_sheets(parts):
    _same(_sheet(*parts, rows=False))
    _same(_sheet(*parts, rows=False), frozenset({3}))  # style 3 is a date format
