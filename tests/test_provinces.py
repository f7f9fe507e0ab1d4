"""Province reports (`build --provinces`): one per province, their figures the national tables' own, written and
kept like the national report; rendered in parallel, and again only when what they depend on changed."""

from __future__ import annotations

import json
import re
import shutil
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook

from conftest import ROOT
from reportgen import _render
from reportgen.cli import main
from reportgen.config import load_settings
from reportgen.contract.reference import PROVINCES
from reportgen.pipeline import build_report
from reportgen.readers.workbook import read_workbook
from reportgen.writers.docx.provenance import read_provenance
from reportgen.writers.xlsx.forms import set_value
from test_every_field import docx_body_text

#: The figures of the national report's tables by province (annex.xml.j2), each a province's row there.
TABLE_KEYS = ("cases.received.total", "cases.investigated.total", "cases.to_prosecutor.total",
              "cases.court_decided.total", "cases.suspects.total", "cases.suspects.women", "cases.convicted.total",
              "victims.all.women", "victims.all.girls", "victims.all.men", "victims.all.boys", "victims.all.total",
              "victims.all.foreign", "assistance.shelter.total", "assistance.counselling.total",
              "assistance.returned.total", "assistance.repatriated.total", "awareness.all.activities",
              "awareness.all.reached_total", "budget.government.total", "budget.external.total", "budget.all.total",
              "submission.members_total", "submission.members_women")


def figures(docx: Path) -> dict[tuple[str, str], set[tuple[int | None, str]]]:
    """(figure key, scope) → every (value, text as printed) the report shows for it."""
    out: dict[tuple[str, str], set[tuple[int | None, str]]] = {}
    for p in read_provenance(docx).values():
        for f in p.figures:
            out.setdefault((f.figure, f.scope), set()).add((f.value, f.text))
    return out


def one(found: dict, key: str, scope: str) -> tuple[int | None, str]:
    values = found.get((key, scope))
    assert values and len(values) == 1, f"{key} ({scope or 'the report'}): {values}"
    return next(iter(values))


@pytest.fixture(scope="module")
def example_with_provinces(tmp_path_factory) -> Path:
    """The example year built with every province's report (DOCX: the figures are the same in the PDF)."""
    out = tmp_path_factory.mktemp("provinces")
    settings = load_settings(ROOT / "reportgen.toml", output=out)
    result = build_report(settings, ("docx",), provinces=("all",))
    assert [p.code for p in result.provinces] == [p.code for p in PROVINCES]
    return out / "2019"


def test_the_example_gives_19_reports_whose_figures_are_the_national_tables(example_with_provinces: Path):
    folder = example_with_provinces
    national = figures(folder / "report.docx")
    written = sorted(p.name for p in (folder / "provinces").glob("*.docx"))
    assert written == sorted(f"{p.code}.docx" for p in PROVINCES)  # with report.docx: 19 reports
    sums = {k: one(national, k, "level:national")[0] or 0 for k in TABLE_KEYS if k.split(".")[0] != "submission"}
    for p in PROVINCES:
        own = figures(folder / "provinces" / f"{p.code}.docx")
        for key in TABLE_KEYS:
            in_table = one(national, key, f"province:{p.code}")
            assert one(own, key, "") == in_table, f"{p.code} {key}: its report and the national table disagree"
            if key in sums:
                sums[key] += in_table[0] or 0
    for key, total in sums.items():  # the national committee's own row and the 18 provinces add up to the whole
        assert one(national, key, "")[0] == total, key
    assert sums["cases.received.total"] > 0


def test_a_province_report_is_its_committee_s_own(example_with_provinces: Path):
    text = docx_body_text(example_with_provinces / "provinces" / "LA-XA.docx")
    xa = read_workbook(ROOT / "inputs" / "LA-XA.xlsx").info
    lines = text.splitlines()
    issuer, _, number = lines[3].partition("ເລກທີ")  # the masthead: issuer, then (a tab, not text) the number
    assert issuer == xa["committee_name"] == "ຄະນະກຳມະການຕ້ານການຄ້າມະນຸດ ແຂວງໄຊຍະບູລີ" and number
    assert "ບົດລາຍງານ ສະຫຼຸບການຈັດຕັ້ງປະຕິບັດວຽກງານຕ້ານການຄ້າມະນຸດ ແຂວງໄຊຍະບູລີ ປະຈຳປີ 2019" in text
    signed = lines.index(str(xa["approved_position"]))  # signed as the province approved its own workbook
    assert lines[signed + 1] == xa["approved_name"]
    assert "ເມືອງໄຊຍະບູລີ" in text and "ເມືອງຄອບ" in text  # its two districts, listed by name
    for other in ("ຄຳມ່ວນ", "ອັດຕະປື"):
        assert other not in text  # no other province's committees
    national = docx_body_text(example_with_provinces / "report.docx")
    assert "ບົດລາຍງານຂອງແຕ່ລະແຂວງ" in national  # the national report says where the full lists are


def test_a_province_report_lists_its_districts_in_the_annex_tables(example_with_provinces: Path):
    prov = read_provenance(example_with_provinces / "provinces" / "LA-CH.docx")
    tables = [p for p in prov.values() if p.kind == "table" and p.key == "cases_by_province"]
    assert len(tables) == 1
    rows = [c.text for c in sorted(tables[0].cells, key=lambda c: c.row or 0) if c.col == 0]
    # with the district given a form that has not sent it (reportgen.toml: expected_districts), listed too
    assert rows == ["ຄະນະກຳມະການ", "ຄະນະກຳມະການລະດັບແຂວງ", "ເມືອງປາກເຊ", "ເມືອງຊະນະສົມບູນ", "ເມືອງບາຈຽງຈະເລີນສຸກ",
                    "ລວມທັງແຂວງ"]


# ---- the cache ----------------------------------------------------------------------------------------------

@pytest.fixture
def small_year(tmp_path: Path) -> Path:
    """Three provinces of the example and their districts, with the national committee: a project folder."""
    inputs = tmp_path / "inputs"
    inputs.mkdir()
    for f in (ROOT / "inputs").glob("*.xlsx"):
        if f.name == "national.xlsx" or f.name.startswith(("LA-XA", "LA-VT", "LA-CH")):
            shutil.copy(f, inputs / f.name)
    shutil.copy(ROOT / "reportgen.toml", tmp_path)
    shutil.copytree(ROOT / "examples", tmp_path / "examples")  # last year's figures, named in the settings
    return tmp_path


def _build(project: Path, formats=("docx",), **overrides):
    settings = load_settings(project / "reportgen.toml", **overrides)
    return build_report(settings, formats, provinces=("all",))


def _rendered(result) -> set[str]:
    names = {p.code for p in result.provinces if not p.reused}
    return names | ({"national"} if not result.reused else set())


def _bytes(project: Path) -> dict[str, bytes]:
    folder = project / "build" / "2019"
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*.docx")
            if not p.relative_to(folder).as_posix().startswith(".")}  # the reports, not the cache


def _edit(path: Path, sheet: str, row: str, col: str, value) -> None:
    wb = load_workbook(path)
    set_value(wb, sheet, row, col, value)
    wb.save(path)


def test_a_changed_district_workbook_renders_its_province_and_the_national_report_only(small_year: Path):
    first = _build(small_year)
    assert _rendered(first) == {"national", "LA-XA", "LA-VT", "LA-CH"}
    before = _bytes(small_year)
    again = _build(small_year)
    assert _rendered(again) == set() and _bytes(small_year) == before  # nothing changed: nothing rendered
    received = figures(small_year / "build" / "2019" / "provinces" / "LA-XA.docx")
    old = one(received, "cases.received.total", "")[0]
    _edit(small_year / "inputs" / "LA-XA-0801.xlsx", "cases", "received", "total", 777)
    changed = _build(small_year)
    assert _rendered(changed) == {"national", "LA-XA"}
    after = _bytes(small_year)
    assert {n for n in after if after[n] != before[n]} == {"report.docx", "provinces/LA-XA.docx"}
    new = one(figures(small_year / "build" / "2019" / "provinces" / "LA-XA.docx"), "cases.received.total", "")[0]
    assert new != old and new == one(figures(small_year / "build" / "2019" / "report.docx"),
                                     "cases.received.total", "province:LA-XA")[0]


def test_last_years_figures_changed_in_the_same_file_render_the_national_report_again(small_year: Path):
    """The cache keys on last year's figures as read, not on the file's name: the national report compares
    with them (a province's report does not)."""
    _build(small_year)
    before = _bytes(small_year)
    path = small_year / "examples" / "2018" / "data.json"
    last = json.loads(path.read_text(encoding="utf-8"))
    last["figures"]["cases.received.total"]["value"] += 1000
    path.write_text(json.dumps(last, ensure_ascii=False), encoding="utf-8")
    result = _build(small_year)
    assert _rendered(result) == {"national"}
    after = _bytes(small_year)
    assert {n for n in after if after[n] != before[n]} == {"report.docx"}


def test_a_changed_template_or_setting_renders_every_report_again(small_year: Path):
    _build(small_year)
    before = _bytes(small_year)
    own = small_year / "templates" / "lo" / "national"
    own.mkdir(parents=True)
    text = (ROOT / "templates" / "lo" / "national" / "plan.xml.j2").read_text(encoding="utf-8")
    (own / "plan.xml.j2").write_text(text.replace("ວຽກຈຸດສຸມ&#160;ດັ່ງນີ້:", "ວຽກຈຸດສຸມ (ແກ້ໄຂ) ດັ່ງນີ້:"), encoding="utf-8")
    result = _build(small_year)
    assert _rendered(result) == {"national", "LA-XA", "LA-VT", "LA-CH"}  # province reports read the national one
    assert "ວຽກຈຸດສຸມ (ແກ້ໄຂ) ດັ່ງນີ້:" in docx_body_text(small_year / "build" / "2019" / "provinces" / "LA-VT.docx")
    settings = (small_year / "reportgen.toml").read_text(encoding="utf-8")
    (small_year / "reportgen.toml").write_text(settings.replace('issuing_unit = "ກອງເລຂາ"', 'issuing_unit = "ຫ້ອງການ"'),
                                               encoding="utf-8")
    result = _build(small_year)
    assert _rendered(result) == {"national", "LA-XA", "LA-VT", "LA-CH"}
    after = _bytes(small_year)
    assert all(after[n] != before[n] for n in before)
    assert "ຫ້ອງການ" in docx_body_text(small_year / "build" / "2019" / "provinces" / "LA-CH.docx")


def test_a_damaged_or_foreign_cache_entry_is_never_used(small_year: Path):
    _build(small_year)
    before = _bytes(small_year)
    cache = small_year / "build" / "2019" / _render.CACHE
    entry = cache / "LA-VT.docx"
    raw = entry.read_bytes()
    entry.write_bytes(raw[:-10] + b"0123456789")  # same length, same key, other bytes: its checksum fails
    (cache / "LA-CH.docx").write_bytes(raw)  # a whole entry, but rendered for another report's key
    (cache / "LA-XA.docx").write_bytes(raw[: len(raw) // 2])  # cut short
    (cache / "national.docx").write_bytes(b"\x00garbage")
    result = _build(small_year)
    assert _rendered(result) == {"national", "LA-XA", "LA-VT", "LA-CH"}
    assert _bytes(small_year) == before  # rendered again: the same bytes as the build before


def test_reports_render_the_same_in_parallel_and_one_by_one(small_year: Path):
    from reportgen.contract.roster import NATIONAL, CommitteeId, Level
    from reportgen.pipeline import check_folder

    settings = load_settings(small_year / "reportgen.toml")
    checked = check_folder(small_year / "inputs", 2019)
    jobs = [_render.Job(NATIONAL, ("docx", "html"))] + [
        _render.Job(CommitteeId(Level.PROVINCE, c), ("docx", "html")) for c in ("LA-XA", "LA-CH")]
    args = (jobs, checked.submissions, 2019, settings, checked.warnings, None, lambda *a: None)
    parallel = _render.render_reports(*args, workers=2)
    alone = _render.render_reports(*args, workers=1)
    assert [r.blobs for r in parallel] == [r.blobs for r in alone]
    assert all(r.rendered == 2 for r in parallel)


# ---- written like the national report -----------------------------------------------------------------------

def test_a_reviewed_province_report_is_kept_and_only_its_own_files_get_a_new_version(small_year: Path):
    _build(small_year, formats=("docx", "html"))
    folder = small_year / "build" / "2019" / "provinces"
    reviewed = folder / "LA-XA.docx"
    with zipfile.ZipFile(reviewed, "a") as z:  # saved again by a reviewer: not the bytes reportgen wrote
        z.writestr("customXml/reviewer-note.xml", "<note/>")
    kept = reviewed.read_bytes()
    _edit(small_year / "inputs" / "LA-XA.xlsx", "cases", "received", "total", 41)
    result = _build(small_year, formats=("docx", "html"))
    xa = next(p for p in result.provinces if p.code == "LA-XA")
    assert [p.name for p in xa.outputs] == ["LA-XA-2.docx", "LA-XA-2.html"]
    assert xa.kept == [(reviewed, folder / "LA-XA-2.docx")]  # LA-XA.html was not changed: in step with it
    assert reviewed.read_bytes() == kept and xa.carried_from == reviewed and xa.carried is not None
    vt = next(p for p in result.provinces if p.code == "LA-VT")
    assert [p.name for p in vt.outputs] == ["LA-VT.docx", "LA-VT.html"] and vt.kept == []


def test_the_cli_writes_province_reports_and_refuses_unknown_codes(small_year: Path, monkeypatch):
    monkeypatch.chdir(small_year)
    r = CliRunner().invoke(main, ["build", "--quiet", "--to", "docx,pdf", "--provinces", "la-xa,LA-VT"])
    assert r.exit_code == 0, r.output
    folder = small_year / "build" / "2019" / "provinces"
    assert sorted(p.name for p in folder.iterdir() if not p.name.startswith(".")) == [
        "LA-VT.docx", "LA-VT.pdf", "LA-XA.docx", "LA-XA.pdf"]
    assert "2 province reports in build/2019/provinces (2 rendered; 0 unchanged" in r.output
    r = CliRunner().invoke(main, ["build", "--quiet", "--provinces", "LA-XA,LA-ZZ,vientiane"])
    assert r.exit_code == 2
    assert "ບໍ່ຮູ້ຈັກລະຫັດແຂວງ / unknown province codes: LA-ZZ, VIENTIANE" in r.output
    assert "LA-VI ວຽງຈັນ" in r.output and "LA-VI Vientiane" in r.output  # every valid code, Lao and English


def test_the_setting_asks_for_province_reports_and_is_checked(small_year: Path, monkeypatch):
    monkeypatch.chdir(small_year)
    toml = small_year / "reportgen.toml"
    toml.write_text(toml.read_text(encoding="utf-8").replace("[report]", '[report]\nprovinces = ["LA-CH"]'),
                    encoding="utf-8")
    r = CliRunner().invoke(main, ["build", "--quiet", "--to", "docx"])
    assert r.exit_code == 0, r.output
    assert (small_year / "build" / "2019" / "provinces" / "LA-CH.docx").exists()
    r = CliRunner().invoke(main, ["build", "--quiet", "--to", "docx", "--provinces", "none"])
    assert r.exit_code == 0 and "province reports" not in r.output
    toml.write_text(toml.read_text(encoding="utf-8").replace('["LA-CH"]', '"LA-CH,LA-QQ"'), encoding="utf-8")
    r = CliRunner().invoke(main, ["build", "--quiet"])
    assert r.exit_code == 3
    assert re.search(r"reportgen\.toml: ບໍ່ຮູ້ຈັກລະຫັດແຂວງ / unknown province codes: LA-QQ", r.output)


def test_all_means_the_provinces_that_sent_a_workbook(write_form, tmp_path: Path):
    from reportgen.writers.xlsx.forms import Identity

    write_form("LA-CH-1601.xlsx", Identity("district", 2019, "LA-CH", "1601"))
    settings = load_settings(None, cwd=tmp_path, year=2019)
    result = build_report(settings, ("docx",), provinces=("all",))
    assert [p.code for p in result.provinces] == ["LA-CH"]  # a district's workbook is enough
    text = docx_body_text(tmp_path / "build" / "2019" / "provinces" / "LA-CH.docx")
    assert "ໂຄສະນາເຜີຍແຜ່ໃນບ້ານ" in text  # its achievement, listed in full


def test_a_mistake_in_a_province_template_stops_the_build_with_its_file_and_line(small_year: Path, monkeypatch):
    monkeypatch.chdir(small_year)
    own = small_year / "templates" / "lo" / "province"
    own.mkdir(parents=True)
    text = (ROOT / "templates" / "lo" / "province" / "committees.xml.j2").read_text(encoding="utf-8")
    (own / "committees.xml.j2").write_text(text.replace("{% for d in r.districts %}", "{% for d in r.districts %"),
                                           encoding="utf-8")
    r = CliRunner().invoke(main, ["build", "--quiet", "--to", "docx", "--provinces", "all"])
    assert r.exit_code == 4, r.output  # raised in the process that rendered it, said by the build
    assert "committees.xml.j2" in r.output and "template" in r.output
    assert not (small_year / "build" / "2019" / "report.docx").exists()  # nothing written
