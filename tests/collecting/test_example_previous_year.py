"""The example compares 2019 with 2018 out of the box: the shipped 2018 data.json is what building the 2018 example
workbooks writes, it raises no jump warning against 2019, and the report shows the changes in Word and PDF."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import docx
import pytest

from conftest import ROOT
from pdf_facts import pdf_text
from reportgen._format import fmt_int
from reportgen.aggregate import aggregate
from reportgen.collecting.history import PreviousYear
from reportgen.config import load_settings
from reportgen.narrative import build_document
from reportgen.pipeline import check_folder

SHIPPED = ROOT / "examples" / "2018" / "data.json"


@pytest.fixture(scope="module")
def checked():
    settings = load_settings(ROOT / "reportgen.toml")
    return settings, check_folder(settings.path(settings.inputs), settings.year, workers=1,
                                  previous=PreviousYear.from_settings(settings))


def test_the_example_settings_compare_with_the_shipped_2018_and_no_committee_jumps(checked):
    settings, result = checked
    assert settings.previous == Path("examples/2018/data.json")
    assert result.history is not None and result.history.year == 2018 and result.history.path == SHIPPED
    assert len(result.history.by_committee) == 47
    assert result.issues == []  # the example is clean: no jump between its two years, nothing else either


def test_the_shipped_2018_data_json_is_what_building_the_2018_workbooks_writes(tmp_path: Path):
    out = tmp_path / "data.json"
    subprocess.run([sys.executable, str(ROOT / "scripts" / "make_example.py"), "--previous", "--out", str(out)],
                   check=True, capture_output=True)
    assert out.read_bytes() == SHIPPED.read_bytes()
    doc = json.loads(SHIPPED.read_text(encoding="utf-8"))
    assert (doc["year"], doc["sample"], len(doc["committees"])) == (2018, True, 47)
    assert doc["committees"][0]["file"] == "inputs/national.xlsx"  # as a 2018 project folder would name it


def _last_column(table) -> list[str]:
    return [row[-1].text for row in table.body]


def test_the_tables_last_year_column_is_last_years_data_json(checked):
    settings, result = checked
    data = aggregate(result.submissions, 2019, warnings=result.warnings, previous=result.history)
    doc = build_document(data, settings)
    figures = json.loads(SHIPPED.read_text(encoding="utf-8"))["figures"]

    def shown(key: str) -> str:
        f = figures[key]
        return "–" if f["value"] is None else fmt_int(f["value"], ".") + ("*" if f["partial"] else "")

    from reportgen.contract import schema

    cases = next(t for t in doc.tables() if t.source.key == "cases")
    assert cases.head[0][-1].text == "ປີ 2018"
    assert _last_column(cases) == [shown(f"cases.{r.key}.total") for r in schema.CASES.rows]
    assert "525.000.000*" in _last_column(cases)  # fines: districts left them empty in 2018 too
    victims = next(t for t in doc.tables() if t.source.key == "victims")
    assert victims.head[0][-1].text == "ລວມ ປີ 2018"
    assert _last_column(victims) == [shown(f"victims.{r.key}.total") for r in schema.VICTIMS.rows] + [
        shown("victims.all.total")]
    assert cases.note and "ປີ 2018" in "".join(r.text for r in cases.note)


PHRASES = [
    "ໄດ້ຮັບການແຈ້ງຄວາມ ແລະ ຄຳຮ້ອງ 177 ເລື່ອງ (ເພີ່ມຂຶ້ນ 7% ທຽບໃສ່ປີ 2018)",
    "ສືບສວນ-ສອບສວນ 99 ຄະດີ (ຫຼຸດລົງ 14%)",
    "ມີຜູ້ຖືກເຄາະຮ້າຍຈາກການຄ້າມະນຸດ 620 ຄົນ (ເທົ່າກັບປີ 2018)",
]


def _squeezed(text: str) -> str:
    return "".join(text.split()).replace("\u200b", "")


def test_the_built_example_says_how_figures_changed_in_word_and_pdf(built_example: Path):
    word = "\n".join(p.text for p in docx.Document(str(built_example / "report.docx")).paragraphs)
    for phrase in PHRASES:
        assert phrase in word
    pdf = _squeezed(pdf_text(built_example / "report.pdf"))
    for phrase in PHRASES:
        assert _squeezed(phrase) in pdf
    assert _squeezed("ລວມ ປີ 2018") in pdf
