"""A form printed as it is: every sheet one page wide on A4, its heading on every page, no text cut off.

The form is printed by LibreOffice (a real client: `soffice --convert-to pdf` prints every sheet of a
workbook), and the PDF's text layer is read back with poppler, page by page.
"""

from __future__ import annotations

import io
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from openpyxl import load_workbook

from conftest import ROOT
from reportgen import messages
from reportgen.contract import schema
from reportgen.writers.xlsx import _print
from reportgen.writers.xlsx.forms import Identity, _instruction_lines, build_form, form_bytes, save_bytes

#: Pages of a whole form printed by LibreOffice; before the forms had a page setup: 48, columns split.
MAX_PAGES = 24
FORM = Identity("district", 2019, "LA-XA", "0801", sample=True)  # the longest committee names are districts'


def _tools() -> None:
    missing = [tool for tool in ("soffice", "pdftotext") if shutil.which(tool) is None]
    if missing:
        if os.environ.get("CI"):
            pytest.fail(f"{', '.join(missing)} missing: .ci/run must install LibreOffice and poppler-utils")
        pytest.skip(f"{', '.join(missing)} not installed")


def print_workbook(data: bytes, folder: Path) -> list[str]:
    """`data` printed by LibreOffice; the text of each page (poppler, content order)."""
    folder.mkdir(parents=True, exist_ok=True)
    src = folder / "form.xlsx"
    src.write_bytes(data)
    done = subprocess.run(["soffice", f"-env:UserInstallation={(folder / 'profile').as_uri()}", "--headless",
                           "--convert-to", "pdf", "--outdir", str(folder), str(src)],
                          capture_output=True, timeout=240, env={**os.environ, "HOME": str(folder)})
    pdf = folder / "form.pdf"
    assert done.returncode == 0 and pdf.exists(), done.stderr.decode(errors="replace")[-500:]
    sizes = subprocess.run(["pdfinfo", "-f", "1", "-l", "999", str(pdf)], capture_output=True, text=True).stdout
    for size in re.findall(r"Page +\d+ size: +([\d.]+) x ([\d.]+) pts", sizes):
        assert sorted(round(float(x)) for x in size) == [595, 842], size  # A4, either way round
    text = subprocess.run(["pdftotext", "-raw", "-enc", "UTF-8", str(pdf), "-"], check=True, capture_output=True,
                          text=True).stdout
    return text.split("\f")[:-1]


@pytest.fixture(scope="module")
def printed(tmp_path_factory) -> list[str]:
    _tools()
    return print_workbook(form_bytes(FORM), tmp_path_factory.mktemp("printed"))


def flat(text: str) -> str:
    return re.sub(r"\s+", "", text)


def footer(page: str) -> tuple[str, int, int]:
    """(sheet name, page, pages) from the footer every page carries."""
    for line in page.splitlines():
        m = re.fullmatch(r"\s*(.+?)\s+(\d+) / (\d+)\s*", line)
        if m:
            return m.group(1), int(m.group(2)), int(m.group(3))
    raise AssertionError(f"no footer on the page: {page[:200]!r}")


def pages_of(printed: list[str], title: str) -> list[str]:
    return [p for p in printed if footer(p)[0] == title]


def test_a_form_prints_on_few_a4_pages_numbered_in_the_footer(printed):
    assert len(printed) <= MAX_PAGES
    assert [footer(p)[1:] for p in printed] == [(n, len(printed)) for n in range(1, len(printed) + 1)]
    assert footer(printed[0])[0] == "ຄຳແນະນຳ"
    assert [t for t in dict.fromkeys(footer(p)[0] for p in printed)][1:] == [s.title for s in schema.SHEETS]
    assert not any("rg:" in p or "_meta" in p for p in printed)  # the hidden keys and sheets stay off paper


def test_the_instructions_print_whole(printed):
    page = flat(printed[0])
    for line, _ in _instruction_lines(FORM.year):
        assert flat(line) in page, line
    assert flat(str(messages.text("instructions.sample"))) in page


@pytest.mark.parametrize("sheet", schema.SHEETS, ids=lambda s: s.key)
def test_every_sheet_prints_one_page_wide_with_its_heading_on_every_page(printed, sheet):
    pages = pages_of(printed, sheet.title)
    assert pages
    headings = [flat(c.en) for c in sheet.columns] + ["No."]
    for page in pages:  # a column pushed onto a page of its own would leave the others without it
        assert all(h in flat(page) for h in headings), (sheet.key, [h for h in headings if h not in flat(page)])
    first = flat(pages[0])
    assert flat(f"{sheet.number}. {sheet.lo} — {sheet.en}") in first
    assert flat(sheet.note_lo) in first and flat(sheet.note_en) in first  # a merged cell: its height is ours
    for row in sheet.rows:  # labels wrap in their cells and show whole
        assert flat(row.lo) in first and flat(row.en) in first, row.key
    if not sheet.form:
        assert flat(schema.NONE_EN) in first.lower()


def test_a_long_list_repeats_its_heading_on_the_next_page(printed):
    pages = pages_of(printed, schema.ACHIEVEMENTS.title)
    assert len(pages) >= 2
    for page in pages[1:]:
        assert flat(schema.ACHIEVEMENTS.column("description").en) in flat(page)
        assert flat(schema.ACHIEVEMENTS.en) not in flat(page)  # the heading row is repeated, not the title


def test_text_cut_by_a_short_row_is_caught(tmp_path: Path):
    """The check above can fail: instructions in rows one line high lose their second lines on paper."""
    _tools()
    wb = build_form(FORM)
    for row in range(2, 12):
        wb.worksheets[0].row_dimensions[row].height = 18
    page = flat(print_workbook(save_bytes(wb), tmp_path)[0])
    assert not all(flat(line) in page for line, _ in _instruction_lines(FORM.year))


# ---- the page setup itself, without printing -------------------------------------------------------------

def test_every_sheet_has_an_a4_page_setup_one_page_wide():
    wb = load_workbook(io.BytesIO(form_bytes(Identity("province", 2019, "LA-XA"))))
    for ws in wb.worksheets[:-2]:  # not _lists and _meta, which are hidden
        assert ws.page_setup.paperSize == 9 and ws.page_setup.fitToWidth == 1 and ws.page_setup.fitToHeight == 0
        assert ws.sheet_properties.pageSetUpPr.fitToPage and ws.print_options.horizontalCentered
        assert "&A" in ws.oddFooter.left.text and ws.oddFooter.right.text == "&P / &N"
        assert ws.print_area.startswith(f"'{ws.title}'!$B$2:")
    for sheet in schema.SHEETS:
        assert wb[sheet.title].print_title_rows == f"${sheet.header_row}:${sheet.header_row}"
    assert wb["ຄຳແນະນຳ"].page_setup.orientation == "portrait"
    assert wb[schema.ACHIEVEMENTS.title].page_setup.orientation == "landscape"


def test_instruction_rows_are_as_tall_as_their_lines():
    ws = build_form(Identity("province", 2019, "LA-XA")).worksheets[0]
    width = _print.column_px(ws.column_dimensions["B"].width)
    heights = {}
    for row, (line, bold) in enumerate(_instruction_lines(2019), start=2):
        size = 14 if bold else 12
        lines = _print.wrapped_lines(line, width, size, bold)
        heights[lines] = ws.row_dimensions[row].height
        assert ws.row_dimensions[row].height >= lines * size * 1.5
    assert len(heights) >= 3  # one, two and three lines: the heights differ


def test_wrapping_counts_lines_by_width():
    lao = "ຄະນະກຳມະການຕ້ານການຄ້າມະນຸດ"
    one = _print.text_px(lao, 11)
    assert _print.text_px(lao + "\u0ec8\u0eb4", 11) == one  # marks above and below take no width
    assert _print.wrapped_lines(lao, one + 20, 11) == 1
    assert _print.wrapped_lines(f"{lao} {lao}", one + 20, 11) == 2
    assert _print.wrapped_lines(f"{lao}\n{lao}", 10 * one, 11) == 2
    assert _print.wrapped_lines(lao * 3, one + 20, 11) == 3  # no space: cut where the cell ends
    assert _print.line_pt(11) > 11 * 1.5  # a Lao line is taller than a Latin one


def test_font_metrics_are_phetsarath_ots():
    font = Path("/usr/share/fonts/truetype/lao/Phetsarath_OT.ttf")
    if not font.exists():
        if os.environ.get("CI"):
            pytest.fail("fonts-lao is missing: .ci/run must install it")
        pytest.skip("Phetsarath OT (fonts-lao) is not installed")
    done = subprocess.run([sys.executable, str(ROOT / "scripts" / "make_font_metrics.py"), "--check"],
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
