"""The status of a year's collection: rows and totals from a small folder, then status.html as headless Chromium
shows it (rows, sorting, fonts, nothing fetched) and status.xlsx as LibreOffice Calc reads it."""

from __future__ import annotations

import csv
import datetime as dt
import io
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from lxml import html as lxml_html
from openpyxl import load_workbook

import browser
from conftest import ROOT, form_file
from reportgen.collecting.status import COLUMNS, State, completeness, count_cells, status_files, status_of
from reportgen.config import load_settings
from reportgen.contract.roster import CommitteeId, Level
from reportgen.pipeline import _shown, check_folder, write_collection
from reportgen.readers.workbook import read_workbook
from reportgen.writers.xlsx.forms import Identity, set_value

CHECKED = dt.datetime(2020, 2, 3, 8, 30, tzinfo=dt.UTC)
EXPECTED = ("0801", "0803")  # forms were made for Xaignabouly and Hongsa districts


@pytest.fixture
def small(project: Path) -> Path:
    """inputs/ with one workbook of each kind the status tells apart; returns the inputs folder."""
    inputs = project / "inputs"
    inputs.mkdir()
    form_file(inputs, "national.xlsx", Identity("national", 2019))
    form_file(inputs, "LA-XA.xlsx", Identity("province", 2019, "LA-XA"),
          lambda wb: set_value(wb, "cases", "received", "total", "ສິບ"))  # one error
    form_file(inputs, "LA-VT.xlsx", Identity("province", 2019, "LA-VT"))
    (inputs / "LA-VT ສະບັບໃໝ່.xlsx").write_bytes((inputs / "LA-VT.xlsx").read_bytes())  # the same committee again
    form_file(inputs, "LA-XA-0801.xlsx", Identity("district", 2019, "LA-XA", "0801"))
    form_file(inputs, "LA-XA-0802.xlsx", Identity("district", 2019, "LA-XA", "0802"))  # no form was made for it
    form_file(inputs, "blank.xlsx", Identity("province", 2019))  # the province left empty: whose is it?
    (inputs / "broken.xlsx").write_text("not a workbook", encoding="utf-8")
    (inputs / "notes.docx").write_bytes(b"PK")
    (inputs / "~$LA-XA.xlsx").write_bytes(b"lock")  # Excel's lock file: passed over, as check does
    return inputs


def _status(inputs: Path, returns: dict[str, str] | None = None):
    result = check_folder(inputs, 2019, workers=1, expected_districts=EXPECTED)
    return status_of(result.submissions, result.issues, 2019, CHECKED, inputs, EXPECTED, returns,
                     _shown(inputs, inputs))


def test_every_expected_committee_and_every_file_has_a_row(small: Path):
    st = _status(small)
    by_file = {r.file: r for r in st.rows if r.file}
    assert set(by_file) == {f"inputs/{p.name}" for p in small.iterdir() if not p.name.startswith("~$")}
    states = {f: r.state for f, r in by_file.items()}
    assert states == {
        "inputs/national.xlsx": State.RECEIVED, "inputs/LA-XA.xlsx": State.RECEIVED,
        "inputs/LA-VT.xlsx": State.RECEIVED, "inputs/LA-VT ສະບັບໃໝ່.xlsx": State.RECEIVED,
        "inputs/LA-XA-0801.xlsx": State.RECEIVED, "inputs/LA-XA-0802.xlsx": State.UNEXPECTED,
        "inputs/blank.xlsx": State.UNPLACED, "inputs/broken.xlsx": State.UNPLACED, "inputs/notes.docx": State.UNPLACED}
    missing = [r for r in st.rows if r.state is State.MISSING]
    assert len(missing) == 16 + 1  # the other provinces, and Hongsa
    assert CommitteeId(Level.DISTRICT, "LA-XA", "0803") in {r.committee for r in missing}
    assert all(not r.file and r.saved is None for r in missing)
    # the listing: national, provinces, districts (each committee's workbooks together), then unknown ones
    assert [r.n for r in st.rows] == list(range(1, len(st.rows) + 1))
    assert st.rows[0].committee == CommitteeId(Level.NATIONAL)
    vt = [r for r in st.rows if r.code == "LA-VT"]
    assert [r.file for r in vt] == ["inputs/LA-VT ສະບັບໃໝ່.xlsx", "inputs/LA-VT.xlsx"]  # in the order read
    assert all(n.en == "2 files of this committee" for r in vt for n in r.notes)
    assert vt[1].errors == 1 and vt[0].errors == 0  # check names the second one as the duplicate
    assert [r.state for r in st.rows[-3:]] == [State.UNPLACED] * 3
    assert by_file["inputs/LA-XA.xlsx"].errors == 1
    assert by_file["inputs/broken.xlsx"].notes[0].en == "not an Excel workbook (.xlsx)"
    assert by_file["inputs/blank.xlsx"].level is Level.PROVINCE and by_file["inputs/blank.xlsx"].committee is None
    assert "not among the districts expected" in by_file["inputs/LA-XA-0802.xlsx"].notes[0].en


def test_totals_per_level_and_overall(small: Path):
    st = _status(small)
    got = {t.label.en: t.values for t in st.totals}
    # expected, received, missing, not expected, files, files with errors, files with warnings
    assert got == {
        "national": (1, 1, 0, 0, 1, 0, 0),
        "provinces": (18, 2, 16, 0, 3, 2, 0),  # LA-XA's refused number, LA-VT's second workbook
        "districts": (2, 2, 1, 1, 2, 0, 0),  # Hongsa missing, Khop not expected
        "committee not known": (0, 0, 0, 0, 3, 2, 1),  # blank and broken: errors; notes.docx skipped: a warning
        "all": (21, 5, 17, 1, 9, 4, 1),
    }
    assert [t.label.en for t in st.totals][-1] == "all" and st.overall is st.totals[-1]


def test_date_saved_is_the_workbooks_own_or_the_files_said_so(small: Path):
    st = _status(small)
    by_file = {r.file: r for r in st.rows if r.file}
    national = by_file["inputs/national.xlsx"]
    assert (national.saved, national.saved_from) == (dt.datetime(2019, 1, 1, tzinfo=dt.UTC), "workbook")
    broken = by_file["inputs/broken.xlsx"]
    assert broken.saved_from == "file" and broken.notes[-1].en == "the file's date: the workbook records none"
    assert not any(n.en.startswith("the file's date") for n in national.notes)


def test_count_cells_are_the_forms_numbers_for_the_level(write_form, tmp_path: Path):
    # members (total, women) 2; cases 5 rows of one total, suspects 3, convicted 2, fines and assets 2 = 12;
    # victims 5 forms × (women, girls, men, boys, foreign) = 25; by place 6; assistance 7 × 2 = 14; budget 2
    assert len(count_cells("district")) == len(count_cells("national")) == len(count_cells(None)) == 61
    assert "cases.suspects.foreign" in count_cells("province") and "submission.members_women" in count_cells("province")
    assert not any("name" in k or "period" in k for k in count_cells(None))  # text cells are not counts
    sub = read_workbook(write_form())  # minimal_form fills 6 of them: members 2, cases received, investigated, suspects 2
    assert completeness(sub) == (6, 61)

    def fill_all(wb):
        for key in count_cells("province"):
            parts = key.split(".")
            sheet, row, col = (parts[0], parts[1], "value") if len(parts) == 2 else parts
            set_value(wb, sheet, row, col, 0)  # 0 is filled in: "none", not "not reported"
    assert completeness(read_workbook(write_form("full.xlsx", edit=fill_all))) == (61, 61)
    (tmp_path / "x.xlsx").write_text("no", encoding="utf-8")
    assert completeness(read_workbook(tmp_path / "x.xlsx")) is None  # nothing could be read: not 0 %


# ---- status.html in a real browser ----------------------------------------------------------------------------

def _page(small: Path, tmp_path: Path) -> Path:
    returns = {"inputs/LA-XA.xlsx": "returns/LA-XA.xlsx", "inputs/LA-VT ສະບັບໃໝ່.xlsx": "returns/LA-VT ສະບັບໃໝ່.xlsx"}
    out = tmp_path / "build"
    out.mkdir()
    for name, data in status_files(_status(small, returns)).items():
        (out / name).write_bytes(data)
    return out / "status.html"


def _rows(dom: str) -> list[dict[str, str]]:
    tree = lxml_html.fromstring(dom)
    keys = [th.get("data-key") for th in tree.xpath('//table[@id="status"]/thead/tr/th')]
    assert keys == [c.key for c in COLUMNS]
    out = []
    for tr in tree.xpath('//table[@id="status"]/tbody/tr'):
        row = {k: " ".join(td.text_content().split()) for k, td in zip(keys, tr.xpath("./td"), strict=True)}
        row["state"] = tr.get("data-state")
        out.append(row)
    return out


def _with_script(page: Path, script: str) -> Path:
    """A copy of the page with `script` run after its own (as a person clicking would, through the buttons)."""
    copy = page.with_name("scripted.html")
    text = page.read_text(encoding="utf-8")
    copy.write_text(text.replace("</body>", f"<script>{script}</script>\n</body>"), encoding="utf-8")
    return copy


def test_the_page_in_chromium_shows_every_row(small: Path, tmp_path: Path):
    page = _page(small, tmp_path)
    rows = _rows(browser.dump_dom(page))
    assert len(rows) == 26
    assert sum(r["state"] == "missing" for r in rows) == 17
    assert sum(r["state"] != "missing" for r in rows) == 9
    missing = [r for r in rows if r["state"] == "missing"]
    assert all(r["state"] == "missing" and r["file"] == "" and r["errors"] == "" for r in missing)
    assert {r["code"] for r in missing} >= {"LA-VI", "0803"}
    xa = next(r for r in rows if r["file"] == "inputs/LA-XA.xlsx")
    assert (xa["errors"], xa["returned"], xa["saved"]) == ("1", "LA-XA.xlsx", "2019-01-01 " + _local_clock())


def _local_clock() -> str:
    return dt.datetime(2019, 1, 1, tzinfo=dt.UTC).astimezone().strftime("%H:%M")


def test_the_links_are_relative_and_nothing_is_fetched(small: Path, tmp_path: Path):
    page = _page(small, tmp_path)
    text = page.read_text(encoding="utf-8")
    assert not re.search(r"(?i)(https?:|ftp:|//[a-z0-9.-]+\.[a-z]{2,}/)", text)  # no address on the network
    tree = lxml_html.fromstring(text)
    assert tree.xpath('//meta[@http-equiv="Content-Security-Policy"]/@content')[0].startswith("default-src 'none'")
    assert tree.xpath("//script/@src | //link/@href | //img/@src | //iframe") == []
    assert sorted(tree.xpath("//a/@href")) == ["returns/LA-VT%20%E0%BA%AA%E0%BA%B0%E0%BA%9A%E0%BA%B1%E0%BA%9A%E0%BB%83"
                                               "%E0%BB%9D%E0%BB%88.xlsx", "returns/LA-XA.xlsx"]
    # the page is one file: with a return file beside it, its link opens from a copy of the folder too
    copy = tmp_path / "copy"
    shutil.copytree(page.parent, copy)
    (copy / "returns").mkdir()
    (copy / "returns" / "LA-XA.xlsx").write_bytes(b"x")
    probe = _with_script(copy / "status.html", """
        var a = document.querySelector('a[href="returns/LA-XA.xlsx"]');
        document.body.setAttribute("data-link", a.href);""")
    dom = browser.dump_dom(probe)
    link = lxml_html.fromstring(dom).get("data-link") or lxml_html.fromstring(dom).body.get("data-link")
    assert link == (copy / "returns" / "LA-XA.xlsx").as_uri()


def test_sorting_by_clicking_the_headings(small: Path, tmp_path: Path):
    page = _page(small, tmp_path)
    probe = _with_script(page, """
        function click(key) { document.querySelector('th[data-key="' + key + '"] button').click(); }
        function order(key) {
          var col = Array.prototype.indexOf.call(document.querySelectorAll('#status thead th'),
                                                 document.querySelector('th[data-key="' + key + '"]'));
          return Array.prototype.map.call(document.querySelectorAll('#status tbody tr'), function (tr) {
            return tr.cells[col].textContent.trim(); }).join("|");
        }
        var seen = {};
        click("errors"); click("errors");  seen.errors_down = order("errors");
        seen.errors_sort = document.querySelector('th[data-key="errors"]').getAttribute("aria-sort");
        click("complete"); seen.complete_up = order("complete");
        click("name"); seen.name_up = order("name");
        click("n"); seen.n_up = order("n");
        document.body.setAttribute("data-seen", JSON.stringify(seen));""")
    import json

    seen = json.loads(lxml_html.fromstring(browser.dump_dom(probe)).body.get("data-seen"))
    errors = seen["errors_down"].split("|")
    filled = [e for e in errors if e]
    assert filled == sorted(filled, key=int, reverse=True) and errors[len(filled):] == [""] * 17  # empty last
    assert seen["errors_sort"] == "descending"
    complete = [c for c in seen["complete_up"].split("|") if c]
    assert [int(c.rstrip("%")) for c in complete] == sorted(int(c.rstrip("%")) for c in complete)
    assert len(complete) == 7 and complete[0] == "8%"  # as numbers: 8 % before 10 %; files not read as forms last
    names = seen["name_up"].split("|")
    # Lao order, not code points: ສ between ຈ and ຊ, and a vowel written first (ເ, ໄ) sorts after its consonant
    assert names[:8] == ["ຄຳມ່ວນ", "ຈຳປາສັກ", "ສະຫວັນນະເຂດ", "ສາລະວັນ", "ຊຽງຂວາງ", "ເຊກອງ", "ໄຊສົມບູນ", "ໄຊຍະບູລີ"]
    assert names[-3:] == ["(ບໍ່ຮູ້ວ່າແມ່ນຂອງຄະນະກຳມະການໃດ)"] * 3  # files of no known committee: last
    assert seen["n_up"].split("|") == [str(i) for i in range(1, 27)]  # back to the listed order


def test_the_lao_text_is_set_in_the_embedded_font(small: Path, tmp_path: Path):
    probe = _with_script(_page(small, tmp_path), """
        document.fonts.ready.then(function () {
          var faces = [];
          document.fonts.forEach(function (f) { faces.push(f.family.replace(/"/g, "") + " " + f.weight + " " + f.status); });
          document.body.setAttribute("data-fonts", faces.sort().join("|"));
        });""")
    body = lxml_html.fromstring(browser.dump_dom(probe)).body
    assert body.get("data-fonts") == "Lao Report Sans bold loaded|Lao Report Sans normal loaded"


def test_the_fonts_are_embedded_as_woff_with_every_table_as_it_was():
    from importlib import resources

    from fontTools.ttLib import TTFont

    from reportgen.collecting._status_html import woff

    for name in ("LaoReportSans-Regular.ttf", "LaoReportSans-Bold.ttf"):
        ttf = resources.files("reportgen").joinpath("fonts", name).read_bytes()
        packed = woff(ttf)
        assert packed[:4] == b"wOFF" and len(packed) < len(ttf) * 0.6 and packed == woff(ttf)
        original, read = TTFont(io.BytesIO(ttf)), TTFont(io.BytesIO(packed))
        assert read.flavor == "woff" and sorted(read.reader.keys()) == sorted(original.reader.keys())
        assert all(read.reader[tag] == original.reader[tag] for tag in original.reader.keys())


def test_a_screenshot_of_the_page(small: Path, tmp_path: Path):
    """The picture to look at (kept in the test's folder): Lao shaped, nothing in boxes, missing rows marked."""
    png = browser.screenshot(_page(small, tmp_path), tmp_path / "status.png")
    data = png.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 50_000


def test_it_prints_on_a4_landscape_with_the_headings_on_every_page(tmp_path: Path):
    from pypdf import PdfReader

    settings = load_settings(ROOT / "reportgen.toml")
    result = check_folder(settings.path(settings.inputs), 2019, expected_districts=settings.expected_districts)
    st = status_of(result.submissions, result.issues, 2019, CHECKED, result.folder, settings.expected_districts)
    page = tmp_path / "status.html"
    page.write_bytes(status_files(st)["status.html"])
    pdf = PdfReader(browser.print_pdf(page, tmp_path / "status.pdf"))
    assert len(pdf.pages) >= 2
    for p in pdf.pages:
        assert (round(float(p.mediabox.width)), round(float(p.mediabox.height))) == (842, 595)  # A4, landscape
    table_pages = [p for p in pdf.pages[1:] if "ຄະນະກຳມະການທີ" not in p.extract_text().split()[0]]  # not the legend
    assert len(table_pages) >= 2
    for p in table_pages:
        assert p.extract_text().split()[:4] == ["ລ/ດ", "No.", "ຄະນະກຳມະການ", "committee"]  # the headings again
    fonts = {f["/BaseFont"].split("+")[-1] for p in pdf.pages for f in p["/Resources"]["/Font"].values()}
    assert fonts == {"LaoReportSans-Regular", "LaoReportSans-Bold"}  # the embedded ones, on any computer
    text = " ".join(" ".join(p.extract_text().split()) for p in pdf.pages)
    assert "47 received of 51 expected; 4 missing" in text
    assert all(f"{code} ຍັງ" in text for code in ("0103", "0603", "0903", "1603"))  # each missing row, printed


# ---- status.xlsx in LibreOffice ---------------------------------------------------------------------------------

def _soffice() -> str:
    found = shutil.which("soffice")
    if not found:
        if os.environ.get("CI"):
            pytest.fail("soffice is missing: .ci/run must install libreoffice-calc-nogui")
        pytest.skip("LibreOffice (soffice) is not installed")
    return found


def test_the_workbook_opens_in_libreoffice_calc(small: Path, tmp_path: Path):
    st = _status(small, {"inputs/LA-XA.xlsx": "returns/LA-XA.xlsx"})
    xlsx = tmp_path / "status.xlsx"
    xlsx.write_bytes(status_files(st)["status.xlsx"])
    wb = load_workbook(xlsx)
    ws = wb.worksheets[0]
    assert ws.freeze_panes == "C3" and ws.auto_filter.ref == f"A2:M{len(st.rows) + 2}"
    linked = [c for row in ws.iter_rows(min_row=3) for c in row if c.hyperlink]
    assert [(c.value, c.hyperlink.target) for c in linked] == [("LA-XA.xlsx", "returns/LA-XA.xlsx")]
    out = tmp_path / "csv"
    subprocess.run([_soffice(), "--headless", f"-env:UserInstallation=file://{tmp_path / 'profile'}",
                    "--convert-to", "csv:Text - txt - csv (StarCalc):44,34,76,1", "--outdir", str(out), str(xlsx)],
                   check=True, capture_output=True, timeout=180)
    rows = list(csv.reader(io.StringIO((out / "status.csv").read_text(encoding="utf-8"))))
    assert rows[0][:3] == ["ລ/ດ", "ຄະນະກຳມະການ", "ຊື່ພາສາອັງກິດ"] and rows[1][:3] == ["No.", "committee", "committee (English)"]
    body = rows[2:]
    assert len(body) == len(st.rows) == 26
    assert sum(r[5] == "ຍັງບໍ່ໄດ້ຮັບ / missing" for r in body) == 17
    xa = next(r for r in body if r[6] == "inputs/LA-XA.xlsx")
    assert (xa[8], xa[10], xa[11]) == ("1", "8%", "LA-XA.xlsx")  # 5 of 61 count cells: 6 less the one refused


# ---- written by check and build --------------------------------------------------------------------------------

def test_check_writes_the_status_beside_the_returns_with_relative_links(small: Path, monkeypatch):
    from reportgen import pipeline

    settings = load_settings(year=2019, expected_districts=EXPECTED)
    out = small.parent / "build" / "2019"

    def fake_returns(result, out_dir, collection):  # what the returns writer gives: workbook → its return file
        return {"inputs/LA-XA.xlsx": out_dir / "returns" / "LA-XA.xlsx"}

    monkeypatch.setattr(pipeline, "_write_returns", fake_returns)
    result = check_folder(small, 2019, workers=1, expected_districts=EXPECTED)
    collection = write_collection(result, settings)
    assert {out / "status.html", out / "status.xlsx"} <= set(collection.written)
    page = (out / "status.html").read_text(encoding="utf-8")
    assert 'href="returns/LA-XA.xlsx"' in page and "ໄດ້ຮັບ 4 ຄະນະ ຈາກ 21 ຄະນະທີ່ຄາດໄວ້" in page


def test_the_example_year(tmp_path: Path):
    """The example: 47 workbooks received, the districts whose forms did not come back listed as missing."""
    settings = load_settings(ROOT / "reportgen.toml")
    result = check_folder(settings.path(settings.inputs), 2019, expected_districts=settings.expected_districts)
    st = status_of(result.submissions, result.issues, 2019, CHECKED, result.folder, settings.expected_districts)
    assert st.sample and st.overall.received == 47 and st.overall.files == 47
    assert st.overall.missing == len(settings.expected_districts) - 28 > 0
    page = tmp_path / "status.html"
    page.write_bytes(status_files(st)["status.html"])
    rows = _rows(browser.dump_dom(page))
    assert sum(r["state"] == "received" for r in rows) == 47
    assert sum(r["state"] == "missing" for r in rows) == st.overall.missing
    assert all(r["complete"] for r in rows if r["state"] == "received")
