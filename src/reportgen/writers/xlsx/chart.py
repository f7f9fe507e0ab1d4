"""The workbook embedded in a Word chart: its categories, series and values, which Word opens with "Edit Data"."""

from __future__ import annotations

import datetime as dt

from ...model.document import Chart
from .forms import _BOLD_FONT, lao_workbook, save_bytes

SHEET = "Sheet1"  # the name Word's own charts use; the chart's formulas point at it


def number_format(separator: str) -> str:
    """Whole numbers grouped with the report's separator whatever the reader's locale ("8.374" as in the text)."""
    s = separator.replace('"', "")
    if not s:
        return "0"
    return f'[>=1000000]#"{s}"000"{s}"000;[>=1000]#"{s}"000;0'


def chart_workbook(chart: Chart, year: int, separator: str = ".") -> bytes:
    """Sheet1: A1 empty, the series' names across row 1, the categories down column A, the values beside them;
    a value nobody reported is an empty cell (the chart leaves a gap, not a 0). The same chart, the same bytes."""
    wb = lao_workbook()
    ws = wb.active
    ws.title = SHEET
    for j, name in enumerate(chart.series, start=2):
        ws.cell(1, j, name).font = _BOLD_FONT
        ws.column_dimensions[ws.cell(1, j).column_letter].width = 16
    ws.column_dimensions["A"].width = 40
    fmt = number_format(separator)
    for i, category in enumerate(chart.categories, start=2):
        ws.cell(i, 1, category)
        for j, v in enumerate(chart.values[i - 2], start=2):
            if v.value is not None:
                ws.cell(i, j, v.value).number_format = fmt
    created = dt.datetime(year, 1, 1)
    wb.properties.creator = "reportgen"
    wb.properties.created = created
    wb.properties.modified = created
    return save_bytes(wb)
