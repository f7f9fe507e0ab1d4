"""Charts: made from the templates' data only, the same figures as their data table in Word and in the PDF, "not
reported" said on the chart (never a 0), Lao labels exact in the PDF's text layer, Word chart parts that
LibreOffice opens and draws, and the same bytes build after build."""

from __future__ import annotations

import io
import os
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from lxml import etree
from openpyxl import load_workbook
from PIL import Image

from pdf_facts import poppler_text
from reportgen.aggregate import aggregate
from reportgen.config import Settings
from reportgen.errors import TemplateError
from reportgen.model.document import NOT_REPORTED, Chart, FigureRun, Meta
from reportgen.narrative import build_document
from reportgen.narrative.marks import Marks
from reportgen.narrative.markup import parse_markup
from reportgen.readers.workbook import read_workbook
from reportgen.writers.charts.docx import chart_xml
from reportgen.writers.charts.style import SERIES_STYLES
from reportgen.writers.docx import write_docx
from reportgen.writers.html import write_html
from reportgen.writers.pdf import write_pdf
from reportgen.writers.xlsx.chart import chart_workbook
from small_document import small_document

C = "{http://schemas.openxmlformats.org/drawingml/2006/chart}"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
SPACE = re.compile(r"\s+")
FIGURE = "ແຜນວາດທີ 1: ຜູ້ຖືກເຄາະຮ້າຍ ແຍກຕາມແຂວງ"


def squeeze(text: str) -> str:
    return SPACE.sub("", text)


@pytest.fixture(scope="module")
def one_province_doc(tmp_path_factory):
    """The national report of one province's workbook: every chart has provinces that reported nothing."""
    from conftest import form_file
    from reportgen.writers.xlsx.forms import Identity

    folder = tmp_path_factory.mktemp("inputs")
    path = form_file(folder, "LA-XA.xlsx", Identity("province", 2019, "LA-XA"))
    return build_document(aggregate([read_workbook(path)], 2019), Settings(base=folder))


def _parts(blob: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(blob)) as z:
        return {n: z.read(n) for n in z.namelist()}


def _chart_points(xml: bytes) -> list[dict[int, str]]:
    """Per series: point index → cached value, as Word and LibreOffice read the chart before opening its data."""
    root = etree.fromstring(xml)
    return [{int(pt.get("idx")): pt.findtext(f"{C}v") for pt in ser.iterfind(f"{C}val/{C}numRef/{C}numCache/{C}pt")}
            for ser in root.iter(f"{C}ser")]


def _table_after(body, caption_text: str) -> list[list[str]]:
    """The rows of the first table after the paragraph whose text starts with `caption_text`, as printed."""
    for p in body.iter(f"{W}p"):
        style = p.find(f"{W}pPr/{W}pStyle")
        if style is None or style.get(f"{W}val") != "Caption":
            continue
        if "".join(t.text or "" for t in p.iter(f"{W}t")).startswith(caption_text):
            tbl = next(e for e in p.itersiblings() if e.tag == f"{W}tbl")
            return [["".join(t.text or "" for t in tc.iter(f"{W}t")) for tc in tr.iterfind(f"{W}tc")]
                    for tr in tbl.iterfind(f"{W}tr")]
    raise AssertionError(f"no paragraph {caption_text!r}")


# ---- the model: a template line like a table's ----------------------------------------------------------------

def test_the_example_report_has_its_figures_and_each_chart_is_its_tables_figures(example_doc):
    charts = example_doc.charts()
    assert [c.number for c in charts] == [1, 2, 3, 4, 5]
    for chart in charts:
        at = example_doc.blocks.index(chart)
        assert example_doc.blocks[at + 1] is chart.table  # its data table, right after it
        drawn = [row for i, row in enumerate(chart.table.body) if i not in chart.table.total_rows]
        assert [row[0].text for row in drawn] == chart.categories
        for row, values in zip(drawn, chart.values, strict=True):
            assert [c.runs[0] for c in row[1:]] == values  # the very figures the table prints
    assert len(charts[3].categories) == 18  # the provinces compared


def test_a_chart_needs_a_figure_from_the_data_in_each_value_cell():
    markup = ('<chart kind="bar" _src="figures.xml.j2:4"><caption>x</caption><thead><tr><th>a</th><th>b</th></tr>'
              '</thead><tbody><tr><td>ແຂວງ</td><td class="num">12</td></tr></tbody></chart>')
    meta = Meta("", "", "", "", "lo-LA", None, 2019, False)
    with pytest.raises(TemplateError) as e:
        parse_markup(markup, Marks(), meta)
    assert "figures.xml.j2, ແຖວ/line 4" in str(e.value) and "one figure from the data" in str(e.value)
    with pytest.raises(TemplateError, match='unknown chart kind "pie"'):
        parse_markup(markup.replace('kind="bar"', 'kind="pie"'), Marks(), meta)


def test_not_reported_is_said_on_the_chart_and_never_drawn_as_zero(one_province_doc):
    chart = next(c for c in one_province_doc.charts() if len(c.categories) == 18)
    vt = chart.categories.index("ນະຄອນຫຼວງວຽງຈັນ")
    xa = chart.categories.index("ໄຊຍະບູລີ")
    assert chart.category_label(vt) == f"ນະຄອນຫຼວງວຽງຈັນ ({NOT_REPORTED})"
    # the form gave cases (3 investigated) but no victims: that one series is named
    assert [v.value for v in chart.values[xa]] == [None, 3]
    assert chart.category_label(xa) == f"ໄຊຍະບູລີ ({chart.series[0]}: {NOT_REPORTED})"
    # Word: no point at all where nobody reported (a gap), and an empty cell in the chart's workbook
    points = _chart_points(chart_xml(chart, "Phetsarath OT", 10, "."))
    assert vt not in points[0] and xa not in points[0] and points[1] == {xa: "3"}
    ws = load_workbook(io.BytesIO(chart_workbook(chart, 2019))).active
    assert ws.cell(vt + 2, 1).value == "ນະຄອນຫຼວງວຽງຈັນ" and ws.cell(vt + 2, 2).value is None
    assert ws.cell(xa + 2, 2).value is None and ws.cell(xa + 2, 3).value == 3
    # PDF: no bar, the words instead
    html = write_html(one_province_doc)
    figure = html[html.index('<figure class="chart"'):]
    row = figure[figure.index("ນະຄອນ"):].split('<div class="chart-row">')[0]
    assert "chart-missing" in row and "chart-box" not in row


# ---- the same figures in Word, in the PDF, and in the data table -----------------------------------------------

def test_word_charts_show_the_figures_of_their_data_table(example_doc):
    blob = write_docx(example_doc, Settings())
    parts = _parts(blob)
    body = etree.fromstring(parts["word/document.xml"])
    charts = example_doc.charts()
    names = sorted(n for n in parts if re.fullmatch(r"word/charts/chart\d+\.xml", n))
    assert len(names) == len(charts) == 5
    rels = etree.fromstring(parts["word/_rels/document.xml.rels"])
    by_id = {r.get("Id"): "word/" + r.get("Target") for r in rels}
    refs = [e.get("{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id")
            for e in body.iter(f"{C}chart")]
    for chart, rid in zip(charts, refs, strict=True):
        xml = parts[by_id[rid]]
        table = _table_after(body, f"ແຜນວາດທີ {chart.number}: ")
        head, rows = table[0], table[1:len(chart.categories) + 1]
        series = [s.findtext(f"{C}tx/{C}strRef/{C}strCache/{C}pt/{C}v") for s in etree.fromstring(xml).iter(f"{C}ser")]
        assert series == head[1:]
        for s, points in enumerate(_chart_points(xml)):
            printed = {i: row[s + 1] for i, row in enumerate(rows)}
            assert {i: re.sub(r"\D", "", t) for i, t in printed.items() if t != "–"} == points
        book = parts[by_id[rid].replace("charts/chart", "charts/_rels/chart") + ".rels"]
        target = etree.fromstring(book)[0].get("Target")
        ws = load_workbook(io.BytesIO(parts["word/" + target.replace("../", "")])).active
        assert [[ws.cell(i + 2, s + 2).value for s in range(len(series))] for i in range(len(rows))] == \
               [[v.value for v in vs] for vs in chart.values]


def test_pdf_charts_show_the_figures_of_their_data_table_in_the_same_colours(example_doc):
    html = write_html(example_doc, Settings())
    for chart in example_doc.charts():
        figure = html[html.index(f'id="{chart.id}"'):]
        figure = figure[:figure.index("</figure>")]
        values = [int(v) for v in re.findall(r'data-value="(\d+)"', figure)]
        assert values == [v.value for row in chart.values for v in row if v.value is not None]
        shown = re.findall(r'<span class="chart-value">([^<]*)</span>', figure)
        assert shown == [v.text for row in chart.values for v in row]
        swatches = re.findall(r'chart-swatch" style="background: ([^"]+)"', figure)
        assert swatches == [SERIES_STYLES[s].background for s in range(len(chart.series))]
        xml = chart_xml(chart, "Phetsarath OT", 10, ".")
        fills = re.findall(rb'<c:ser>.*?<c:spPr><a:(?:solidFill|pattFill[^>]*)>.*?srgbClr val="(\w+)"', xml)
        assert [f.decode() for f in fills] == [SERIES_STYLES[s].colour for s in range(len(chart.series))]


def test_lao_labels_are_exact_in_the_pdf_text_layer(tmp_path):
    if not shutil.which("pdftotext"):
        pytest.skip("poppler-utils (pdftotext) is not installed")
    doc = small_document()
    pdf = tmp_path / "r.pdf"
    pdf.write_bytes(write_pdf(doc, Settings()))
    text = squeeze(poppler_text(pdf))
    chart = doc.charts()[0]
    drawn = squeeze(f"{FIGURE} {chart.series[0]} {chart.category_label(0)} 5 {chart.category_label(1)} "
                    f"{NOT_REPORTED}")
    assert drawn in text  # caption, legend, each label and figure, in reading order, every mark in place
    assert squeeze("ລາຍການແຜນວາດ" + FIGURE) in text  # the list of figures after the contents


# ---- Word: valid parts that LibreOffice draws; the same bytes ---------------------------------------------------

def test_libreoffice_opens_the_word_chart_and_draws_it(tmp_path):
    soffice = shutil.which("soffice")
    if soffice is None or not shutil.which("pdftoppm"):
        if os.environ.get("CI"):
            pytest.fail("soffice and pdftoppm are needed: .ci/run must install libreoffice-writer-nogui, poppler-utils")
        pytest.skip("LibreOffice or poppler-utils is not installed")
    (tmp_path / "report.docx").write_bytes(write_docx(small_document(), Settings()))
    subprocess.run([soffice, f"-env:UserInstallation={(tmp_path / 'lo').as_uri()}", "--headless", "--convert-to",
                    "pdf", "--outdir", str(tmp_path), str(tmp_path / "report.docx")], check=True, capture_output=True,
                   timeout=240, env={**os.environ, "HOME": str(tmp_path)})
    text = squeeze(poppler_text(tmp_path / "report.pdf"))
    assert squeeze(f"ນະຄອນຫຼວງວຽງຈັນ ({NOT_REPORTED})") in text  # the chart's own category label, drawn by LO
    assert squeeze(FIGURE) in text
    subprocess.run(["pdftoppm", "-r", "60", "-png", str(tmp_path / "report.pdf"), str(tmp_path / "page")], check=True)
    navy = tuple(int(SERIES_STYLES[0].colour[i:i + 2], 16) for i in (0, 2, 4))
    bar = 0
    for png in tmp_path.glob("page*.png"):
        img = Image.open(png).convert("RGB")
        colours = img.getcolors(maxcolors=1 << 24) or []
        bar += sum(n for n, px in colours if all(abs(a - b) < 12 for a, b in zip(px, navy, strict=True)))
    assert bar > 100  # the bar itself, in the first series' colour


def test_the_same_document_gives_the_same_word_bytes_and_workbooks():
    doc = small_document()
    one, two = write_docx(doc, Settings()), write_docx(doc, Settings())
    assert one == two
    parts = _parts(one)
    books = [n for n in parts if n.startswith("word/embeddings/")]
    assert len(books) == 1
    core = _parts(parts[books[0]])["docProps/core.xml"].decode()
    assert "2019-01-01T00:00:00Z" in core and core.count("2019-01-01T00:00:00Z") == 2  # created = modified


@pytest.fixture(scope="module")
def example_doc():
    from reportgen.collecting.history import PreviousYear
    from reportgen.config import load_settings
    from reportgen.pipeline import check_folder

    root = Path(__file__).resolve().parents[2]
    s = load_settings(root / "reportgen.toml")
    r = check_folder(s.path(s.inputs), 2019, expected_districts=s.expected_districts,
                     previous=PreviousYear.from_settings(s))
    return build_document(aggregate(r.submissions, 2019, expected_districts=s.expected_districts,
                                    warnings=r.warnings, previous=r.history), s)


def test_a_chart_is_a_block_the_model_knows():
    assert isinstance(small_document().charts()[0], Chart)
    assert all(isinstance(v, FigureRun) for row in small_document().charts()[0].values for v in row)
