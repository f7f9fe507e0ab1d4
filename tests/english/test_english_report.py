"""The English companion (report.en.docx, .pdf) and the international tables (exports/): the same figures as the
Lao report, English formats and names, Lao quotes marked and set in the Lao font, opened by real clients."""

from __future__ import annotations

import csv
import io
import os
import re
import shutil
import subprocess
import tempfile
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from conftest import ROOT
from reportgen.config import load_settings, parse_languages
from reportgen.contract import schema
from reportgen.english.terms import all_terms
from reportgen.model.document import SAMPLE_MARK
from reportgen.writers.docx import read_provenance

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
NEEDS_CLIENTS = bool(os.environ.get("CI"))


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    """The example year built in both languages, Word files only (the PDF has a test of its own)."""
    from reportgen.pipeline import build_report

    out = tmp_path_factory.mktemp("english")
    settings = load_settings(ROOT / "reportgen.toml", output=out)
    result = build_report(settings, ("docx",), languages=("lo", "en"))
    assert result.english is not None and [p.name for p in result.english.outputs] == ["report.en.docx"]
    assert sorted(p.name for p in result.exports) == ["glotip.csv", "glotip.xlsx", "sdg-16-2-2.csv", "sdg-16-2-2.xlsx"]
    return out / "2019"


def _figures(docx: Path) -> dict[tuple[str, str], set[tuple[int | None, str]]]:
    """(figure key, scope) → every (value, printed digits and marks) the report prints for it, from its provenance."""
    out: dict[tuple[str, str], set] = {}
    for prov in read_provenance(docx.read_bytes()).values():
        for f in prov.figures:
            digits = re.sub(r"[.,]", "", f.text)  # 1.234 (Lao) and 1,234 (English) are the same figure
            out.setdefault((f.figure, f.scope), set()).add((f.value, digits))
    return out


def _text(docx: Path) -> str:
    with zipfile.ZipFile(docx) as z:
        root = etree.fromstring(z.read("word/document.xml"))
    return "\n".join("".join(t.text or "" for t in p.iter(f"{W}t")) for p in root.iter(f"{W}p"))


def test_every_figure_of_the_english_report_is_the_lao_reports(built):
    lao, english = _figures(built / "report.docx"), _figures(built / "report.en.docx")
    assert len(english) > 150  # the English report prints the figures, not a summary of them
    missing = [k for k in english if k not in lao]
    assert not missing, f"figures the Lao report does not print: {missing[:10]}"
    for k in english:  # the same value, printed with the same digits and marks (* partial, ! warned)
        printed = {(v, d) for v, d in english[k] if v is not None}
        assert printed == {(v, d) for v, d in lao[k] if v is not None}, k
        assert {v for v, _ in english[k]} == {v for v, _ in lao[k]}, k
    # …and the Lao report's figures are all in the English one (its country totals and the annex by province)
    national = {k for k in lao if not k[1].startswith("district:")}
    assert national - set(english) <= {k for k in national if k[0].startswith("cases.") and k[1] == "level:province"}


def test_english_numbers_dates_and_names(built):
    text = _text(built / "report.en.docx")
    assert "Vientiane Capital, 13 February 2020" in text
    assert re.search(r"\b\d{1,3}(,\d{3})+\b", text) and not re.search(r"\b\d{1,3}(\.\d{3})+\b", text)
    for name in ("Xaignabouly", "Louangphabang", "Champasack", "Xaisomboon"):
        assert name in text
    # the TIP narrative's order
    order = [text.index(h) for h in ("I. Summary", "II. Prosecution", "III. Protection", "IV. Prevention",
                                     "V. Partnerships", "VI. Assessment and plans")]
    assert order == sorted(order)


def test_lao_quotes_are_marked_and_keep_the_lao_font(built):
    with zipfile.ZipFile(built / "report.en.docx") as z:
        styles = etree.fromstring(z.read("word/styles.xml"))
        body = etree.fromstring(z.read("word/document.xml"))
    normal = styles.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr")
    fonts, lang = normal.find(f"{W}rFonts"), normal.find(f"{W}lang")
    assert (fonts.get(f"{W}ascii"), fonts.get(f"{W}hAnsi"), fonts.get(f"{W}cs")) == ("Arial", "Arial", "Phetsarath OT")
    assert (lang.get(f"{W}val"), lang.get(f"{W}bidi")) == ("en-US", "lo-LA")
    lao_style = next(s for s in styles.iter(f"{W}style") if s.find(f"{W}name").get(f"{W}val") == "Lao Original")
    assert {v for k, v in lao_style.find(f"{W}rPr/{W}rFonts").attrib.items()} == {"Phetsarath OT"}
    assert lao_style.find(f"{W}rPr/{W}lang").get(f"{W}val") == "lo-LA"
    style_id = lao_style.get(f"{W}styleId")
    lao_runs = [r for r in body.iter(f"{W}r") if any("\u0e80" <= c <= "\u0eff" for t in r.iter(f"{W}t") for c in t.text or "")]
    assert lao_runs
    unmarked = [("".join(t.text for t in r.iter(f"{W}t")))[:40] for r in lao_runs
                if r.find(f"{W}rPr/{W}rStyle") is None or r.find(f"{W}rPr/{W}rStyle").get(f"{W}val") != style_id]
    assert not unmarked, f"Lao text outside a marked quote: {unmarked[:5]}"
    assert "(Lao original)" in _text(built / "report.en.docx")


def test_the_english_report_has_the_lao_reports_provenance_and_comments(built):
    lao, english = read_provenance((built / "report.docx").read_bytes()), read_provenance((built / "report.en.docx").read_bytes())
    places = {str(r) for p in english.values() for r in p.origin}
    assert places and places <= {str(r) for p in lao.values() for r in p.origin} | {str(r) for p in english.values() for r in p.origin}
    assert any(p.template.startswith("prosecution.xml.j2") for p in english.values())
    with zipfile.ZipFile(built / "report.en.docx") as z:
        assert "word/comments.xml" in z.namelist()
        comments = z.read("word/comments.xml").decode()
    assert "inputs/" in comments  # who left which cells empty, as in the Lao report


def _csv(path: Path) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(path.read_bytes().decode("utf-8-sig"))))


def test_the_exports_totals_are_the_reports(built):
    import json

    totals = {k: v["value"] for k, v in json.loads((built / "data.json").read_text(encoding="utf-8"))["figures"].items()}
    rows = _csv(built / "exports" / "glotip.csv")
    victims = [r for r in rows if r["Indicator"] == "Persons detected as victims"]
    whole = next(r for r in victims if (r["Sex"], r["Age"], r["Form of exploitation"], r["Citizenship"]) == ("total",) * 4)
    assert int(whole["Value"]) == totals["victims.all.total"]
    for f in schema.VICTIMS.rows:  # each form's women, girls, men and boys add up to the form's total, as in the report
        parts = [r for r in victims if r["reportgen figure"].startswith(f"victims.{f.key}.")]
        by = {r["reportgen figure"].split(".")[-1]: int(r["Value"]) for r in parts if r["Value"]}
        assert by["total"] == totals[f"victims.{f.key}.total"] == by["women"] + by["girls"] + by["men"] + by["boys"]
    for r in rows:
        key = r["reportgen figure"]
        if key in totals:
            assert (int(r["Value"]) if r["Value"] else None) == totals[key], key
    prosecuted = next(r for r in rows if r["Indicator"] == "Persons prosecuted")
    assert prosecuted["Value"] == "" and "not collected" in prosecuted["Note"]  # a gap is said, never a 0
    printed = _figures(built / "report.en.docx")[("victims.all.total", "")]
    assert {v for v, _ in printed} == {int(whole["Value"])}


def test_sdg_rates_need_a_population(built, tmp_path):
    rows = _csv(built / "exports" / "sdg-16-2-2.csv")
    rates = [r for r in rows if r["Unit"] == "per 100,000 population"]
    assert rates and all(r["Value"] == "" and "population is not given" in r["Note"] for r in rates)
    from reportgen.aggregate import aggregate
    from reportgen.english.exports import sdg_rows
    from reportgen.pipeline import check_folder

    settings = load_settings(ROOT / "reportgen.toml", population_women=2_000_000, population_men=2_000_000,
                             population_girls=1_500_000, population_boys=1_500_000, population_source="test")
    checked = check_folder(settings.path(settings.inputs), 2019)
    data = aggregate(checked.submissions, 2019)
    total = next(r for r in sdg_rows(data, settings) if r.unit == "per 100,000 population" and (r.sex, r.age, r.form) == ("total",) * 3)
    assert total.value == round(data.t("victims.all.total").value / 7_000_000 * 100_000, 2)


def test_every_schema_concept_has_an_english_term():
    terms = all_terms()
    for sheet in schema.SHEETS:
        assert terms["sheet"][sheet.key]
        for row in sheet.rows:
            assert terms["row"][sheet.key][row.key]
        for col in sheet.columns:
            assert terms["column"][sheet.key][col.key]
    for name, options in schema.CHOICES.items():
        for o in options:
            assert terms["option"][name][o.key]


def test_languages_setting():
    assert parse_languages("lo,en") == ("lo", "en") == parse_languages(["EN", "lo"])
    assert parse_languages("en") == ("en",)
    with pytest.raises(ValueError, match="xx"):
        parse_languages("lo,xx")


def _soffice(src: Path, to: str, out: Path) -> Path:
    soffice = shutil.which("soffice")
    if soffice is None:
        if NEEDS_CLIENTS:
            pytest.fail("soffice is missing")
        pytest.skip("LibreOffice (soffice) is not installed")
    with tempfile.TemporaryDirectory(prefix="rg-lo-") as tmp:
        done = subprocess.run([soffice, f"-env:UserInstallation={Path(tmp).as_uri()}", "--headless", "--convert-to", to,
                               "--outdir", str(out), str(src)], capture_output=True, timeout=300, env={**os.environ, "HOME": tmp})
    result = out / (src.stem + "." + to.split(":")[0])
    assert done.returncode == 0 and result.exists(), done.stderr.decode(errors="replace")[-500:]
    return result


def test_libreoffice_opens_the_english_report_and_the_exports(built, tmp_path):
    pdf = _soffice(built / "report.en.docx", "pdf", tmp_path)
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, check=True).stdout.decode()
    assert "Prosecution" in text and "Lao original" in text and "ນະຄອນຫຼວງ" not in text.split("Summary")[0]
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, check=True).stdout.decode()
    assert "Phetsarath" in fonts  # LibreOffice set the Lao quotes in the Lao font
    xlsx_csv = _soffice(built / "exports" / "glotip.xlsx", "csv", tmp_path)  # its first sheet: the victims
    first = list(csv.reader(io.StringIO(xlsx_csv.read_text(encoding="utf-8", errors="replace"))))
    ours = [r for r in _csv(built / "exports" / "glotip.csv") if r["Indicator"] == "Persons detected as victims"]
    assert [row[5] for row in first[1:]] == [r["Value"] for r in ours]


def test_the_english_pdf_keeps_every_lao_quote_exact_in_its_text_layer(tmp_path):
    """Copying a Lao quote out of the English PDF gives the words the committee typed (content-stream order, as a
    PDF reader copies; ZWSP line-break marks aside), set in the bundled Lao font."""
    from pdf_facts import font_names, poppler_text
    from reportgen.pipeline import build_report

    if not shutil.which("pdftotext"):
        if NEEDS_CLIENTS:
            pytest.fail("pdftotext is missing: .ci/run must install poppler-utils")
        pytest.skip("pdftotext (poppler-utils) not installed")
    settings = load_settings(ROOT / "reportgen.toml", output=tmp_path)
    build_report(settings, ("docx", "pdf"), languages=("en",))
    folder = tmp_path / "2019"
    docx_text = _text(folder / "report.en.docx").replace("\u200b", "").replace("\u2060", "")
    pdf_text = poppler_text(folder / "report.en.pdf").replace("\u200b", "")
    quoted = re.findall(r"[\u0e80-\u0eff]+", docx_text)
    printed = set(re.findall(r"[\u0e80-\u0eff]+", pdf_text))
    assert len(set(quoted)) > 100 and len(printed) > 100  # the example's committees wrote many Lao words
    source = "\n".join([*quoted, SAMPLE_MARK])  # the sample-data mark: in the page's margin (Word: the header part)
    broken = sorted(w for w in printed if w not in source)  # a run of Lao the report does not hold: broken, reordered
    assert not broken, broken[:10]
    assert any(settings.pdf_font.replace(" ", "-") in f for f in font_names(folder / "report.en.pdf"))
    assert "Prosecution" in pdf_text and "Lao original" in pdf_text
