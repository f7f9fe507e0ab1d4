"""Last year's figures: a previous data.json read (or refused, with its place and what to do), the jump rule of the
check, and how the report says what changed."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

from conftest import answer_empty_lists, minimal_form
from reportgen import pipeline
from reportgen.aggregate import aggregate
from reportgen.cli import main
from reportgen.collecting.history import (
    JUMP_CELLS,
    Change,
    History,
    Last,
    PreviousYear,
    Unusable,
    change,
    is_jump,
    load_history,
    shown,
)
from reportgen.config import Settings
from reportgen.contract import schema
from reportgen.contract.figures import CELL_FIGURES
from reportgen.errors import ConfigError
from reportgen.messages import Text, issue, line, text
from reportgen.model.document import Paragraph
from reportgen.model.submission import CellRef
from reportgen.narrative import build_document
from reportgen.readers.workbook import read_workbook
from reportgen.writers.xlsx.data import write_data_json
from reportgen.writers.xlsx.forms import Identity, save_bytes, set_value

PROVINCE = Identity("province", 2018, "LA-XA")
DISTRICT = Identity("district", 2018, "LA-XA", "0801")


def _last_year(folder: Path, province: Callable | None = None, district: Callable | None = None) -> Path:
    """build/2018/data.json as `reportgen build` writes it for two committees' 2018 workbooks (minimal forms,
    changed by `province` and `district`)."""
    inputs = folder / "last" / "inputs"
    inputs.mkdir(parents=True)
    subs = []
    for ident, edit in ((PROVINCE, province), (DISTRICT, district)):
        wb = minimal_form(ident)
        if edit:
            edit(wb)
        answer_empty_lists(wb)
        path = inputs / f"{ident.file_stem}.xlsx"
        path.write_bytes(save_bytes(wb))
        subs.append(read_workbook(path, f"inputs/{path.name}"))
    out = folder / "build" / "2018" / "data.json"
    out.parent.mkdir(parents=True)
    out.write_bytes(write_data_json(aggregate(subs, 2018)))
    return out


def _edited(path: Path, change: Callable[[dict], object]) -> Path:
    doc = json.loads(path.read_text(encoding="utf-8"))
    new = change(doc)
    doc = new if isinstance(new, list) else doc  # a change that gives something else than the object: its JSON
    path.write_text(json.dumps(doc, ensure_ascii=False, indent=1), encoding="utf-8")
    return path


# --- reading last year's data.json -----------------------------------------------------------------------------

def test_the_data_json_a_build_wrote_is_last_years_figures(tmp_path: Path):
    path = _last_year(tmp_path, province=lambda wb: set_value(wb, "cases", "received", "total", 25))
    history = load_history(path, 2019, sample=False)
    assert (history.year, history.path) == (2018, path)
    assert history.last("cases.received.total") == Last(29)  # 25 + the district's 4
    assert history.last("victims.all.total") == Last(None)  # nobody reported it
    assert history.last("cases.suspects.women") == Last(4)
    assert history.by_committee["LA-XA"]["cases.received.total"] == 25
    assert history.by_committee["LA-XA-0801"]["cases.received.total"] == 4
    assert history.by_committee["LA-XA-0801"]["victims.sexual.women"] is None
    assert set(history.by_committee["LA-XA"]) == set(CELL_FIGURES)


def test_an_incomplete_figure_of_last_year_says_how_many_committees_left_it_empty():
    history = load_history(Path(__file__).parents[2] / "examples" / "2018" / "data.json", 2019, sample=True)
    budget = history.last("budget.government.total")
    assert budget.partial and budget.value and budget.missing == 28  # the 28 districts have no budget of their own
    assert history.last("cases.received.total") == Last(166)


def _wrong(doc: dict, key: str, value) -> None:
    doc[key] = value


@pytest.mark.parametrize("spoil, where, said", [
    (lambda d: _wrong(d, "year", 2017), "year", text("history.wrong_year", found=2017, year=2019, expected=2018)),
    (lambda d: _wrong(d, "year", 2019), "year", text("history.wrong_year", found=2019, year=2019, expected=2018)),
    (lambda d: _wrong(d, "year", "2018"), "year", text("history.bad_value", key="year", value='"2018"')),
    (lambda d: _wrong(d, "schema_version", 1), "schema_version",
     text("history.other_schema", found="1", current=schema.SCHEMA_VERSION)),
    (lambda d: _wrong(d, "sample", True), "sample",
     text("history.sample_mismatch", last_year=2018, year=2019, last=text("part.sample_data"),
          now=text("part.real_data"))),
    (lambda d: _wrong(d, "scope", {"level": "province", "province": "LA-XA", "district": ""}), "scope",
     text("history.other_scope")),
    (lambda d: d.pop("figures"), "", text("history.missing_key", key="figures")),
    (lambda d: d.pop("year"), "", text("history.missing_key", key="year")),
    (lambda d: d["figures"]["cases.received.total"].pop("partial"), "figures › cases.received.total",
     text("history.missing_key", key="partial")),
    (lambda d: _wrong(d["figures"]["cases.received.total"], "value", "8"), "figures › cases.received.total › value",
     text("history.bad_value", key="value", value='"8"')),
    (lambda d: _wrong(d["figures"]["cases.received.total"], "value", -8), "figures › cases.received.total › value",
     text("history.bad_value", key="value", value="-8")),
    (lambda d: _wrong(d["by_committee"]["LA-XA"], "cases.received.total", 4.5),
     "by_committee › LA-XA › cases.received.total", text("history.bad_value", key="cases.received.total", value="4.5")),
    (lambda d: _wrong(d, "figures", {"cases.total": {"value": 1, "partial": False}}), "figures",
     text("history.no_figures")),
    (lambda d: [1, 2], "", text("history.not_data_json")),
])
def test_a_data_json_moved_or_edited_is_refused_with_its_place(tmp_path: Path, spoil, where, said):
    path = _edited(_last_year(tmp_path), spoil)
    with pytest.raises(Unusable) as caught:
        load_history(path, 2019, sample=False)
    assert caught.value.where == CellRef(shown(path), where)
    assert caught.value.said == said


def test_damaged_json_is_located_at_its_line_and_column(tmp_path: Path):
    path = _last_year(tmp_path)
    text_ = path.read_text(encoding="utf-8")
    path.write_text(text_[: text_.index('"figures"') + 20], encoding="utf-8")  # cut short, as a broken copy is
    with pytest.raises(Unusable) as caught:
        load_history(path, 2019, sample=False)
    assert re.fullmatch(r"ແຖວ/line \d+, ຖັນ/column \d+", caught.value.where.sheet)
    assert caught.value.said.lo == "ໄຟລ໌ເສຍ: ບໍ່ແມ່ນ JSON ທີ່ຖືກຕ້ອງ"
    assert caught.value.said.en.startswith("the file is damaged: not valid JSON (")
    assert (caught.value.said.fix_lo, caught.value.said.fix_en) == (text("fix.rebuild_previous").lo,
                                                                    text("fix.rebuild_previous").en)
    path.write_bytes(b"\xff\xfe{\x00")
    with pytest.raises(Unusable) as caught:
        load_history(path, 2019, sample=False)
    assert caught.value.said == text("history.not_text")


# --- who chose the file decides: the settings (stop) or the default place (warn and go on) --------------------

def test_a_file_named_in_the_settings_that_cannot_be_used_stops_with_a_settings_error(tmp_path: Path):
    path = _edited(_last_year(tmp_path), lambda d: _wrong(d, "year", 2017))
    with pytest.raises(ConfigError) as caught:
        PreviousYear(path=path).load(2019, sample=False)
    said = text("history.wrong_year", found=2017, year=2019, expected=2018)
    where = CellRef(shown(path), "year")
    assert caught.value.exit_code == 3 and caught.value.code == "history.unusable"
    assert str(caught.value) == line("history.unusable", where, problem=Text(said.lo, said.en),
                                     todo=Text(said.fix_lo, said.fix_en))
    with pytest.raises(ConfigError, match="file not found"):
        PreviousYear(path=tmp_path / "nowhere.json").load(2019, sample=False)


def test_a_file_found_in_the_build_folder_that_cannot_be_used_is_a_warning(tmp_path: Path):
    path = _edited(_last_year(tmp_path), lambda d: _wrong(d, "schema_version", 1))
    history, said = PreviousYear(output=tmp_path / "build").load(2019, sample=False)
    assert history is None
    problem = text("history.other_schema", found="1", current=schema.SCHEMA_VERSION)
    assert said == [issue("history.not_used", CellRef(shown(path), "schema_version"),
                          problem=Text(problem.lo, problem.en), todo=Text(problem.fix_lo, problem.fix_en))]
    assert not said[0].is_error


def test_where_last_years_figures_are_looked_for(tmp_path: Path):
    path = _last_year(tmp_path)
    assert PreviousYear(output=tmp_path / "build").where(2019) == path
    assert PreviousYear(output=tmp_path / "build").load(2020, sample=False) == (None, [])  # no build/2019: nothing
    assert PreviousYear(path=path.parent, output=tmp_path / "x").where(2019) == path  # a folder: its data.json
    assert PreviousYear(output=tmp_path / "build", off=True).load(2019, sample=False) == (None, [])
    settings = Settings(base=tmp_path, previous=Path("build/2018/data.json"), jump_ratio=3, jump_from_zero=9)
    assert PreviousYear.from_settings(settings) == PreviousYear(tmp_path / "build/2018/data.json",
                                                                tmp_path / "build", False, 3, 9)
    assert PreviousYear.from_settings(Settings(base=tmp_path, previous=False)).off


def test_an_older_data_json_still_gives_the_comparisons_and_says_jumps_are_not_checked(tmp_path: Path):
    path = _edited(_last_year(tmp_path), lambda d: d.pop("by_committee"))
    history, said = PreviousYear(output=tmp_path / "build").load(2019, sample=False)
    assert history is not None and history.by_committee is None and history.last("cases.received.total") == Last(8)
    assert said == [issue("history.no_by_committee", CellRef(shown(path)), year=2018)]


# --- the check: implausible jumps, committee by committee ----------------------------------------------------

@pytest.mark.parametrize("last, now, jump", [
    (0, 51, True), (0, 50, False), (51, 0, True), (50, 0, False),
    (11, 55, True), (11, 54, False), (10, 50, False), (60, 12, True), (60, 13, False),
    (1, 5, False), (7, 85, True), (0, 0, False), (200, 200, False), (200, 999, False), (200, 1000, True),
])
def test_the_jump_rule_at_its_thresholds(last: int, now: int, jump: bool):
    assert is_jump(last, now, 5, 50) is jump


counts = st.integers(min_value=0, max_value=10**7)


@given(counts, counts, st.floats(min_value=1.01, max_value=100), st.integers(min_value=0, max_value=10**4))
def test_the_jump_rule_is_symmetric_and_spares_small_numbers(a: int, b: int, ratio: float, from_zero: int):
    assert is_jump(a, b, ratio, from_zero) == is_jump(b, a, ratio, from_zero)
    if max(a, b) <= from_zero:
        assert not is_jump(a, b, ratio, from_zero)
    if min(a, b) == 0:
        assert is_jump(a, b, ratio, from_zero) == (max(a, b) > from_zero)
    if is_jump(a, b, ratio, from_zero) and b > a:
        assert is_jump(a, b + 1, ratio, from_zero)  # further away is a jump still


def _checked(tmp_path: Path, write_form, province=None, district=None, **previous):
    write_form("LA-XA.xlsx", Identity("province", 2019, "LA-XA"), edit=province)
    write_form("LA-XA-0801.xlsx", Identity("district", 2019, "LA-XA", "0801"), edit=district)
    return pipeline.check_folder(tmp_path / "inputs", 2019, workers=1,
                                 previous=PreviousYear(output=tmp_path / "build", **previous))


def test_a_jump_is_a_warning_at_this_years_cell_naming_last_years_value(tmp_path: Path, write_form):
    def last_year(wb):
        set_value(wb, "cases", "received", "total", 6)
        set_value(wb, "cases", "fines", "total", 0)

    def this_year(wb):
        set_value(wb, "cases", "received", "total", 60)  # a 0 too many?
        set_value(wb, "cases", "fines", "total", 900_000_000)  # money is not compared: a new project, a big fine

    _last_year(tmp_path, province=last_year)
    result = _checked(tmp_path, write_form, province=this_year)
    jumps = [i for i in result.issues if i.code == "history.jump"]
    province = next(s for s in result.submissions if s.file.endswith("LA-XA.xlsx"))
    assert jumps == [issue("history.jump", province.ref("cases.received.total"), now=60, last=6, last_year=2018,
                           figures=("cases.received.total",))]
    assert jumps[0].where.cell == "E5" and jumps[0].where.sheet == schema.CASES.title
    assert jumps[0].en == "an unusual jump from last year: 60 (last year, 2018: 6)"
    assert jumps[0].lo == "ຕົວເລກປ່ຽນແປງຫຼາຍຜິດປົກກະຕິ ທຽບໃສ່ປີກ່ອນ: 60 (ປີ 2018: 6)"
    assert jumps[0].fix_en.startswith("confirm the figure with the committee") and not jumps[0].is_error
    assert result.history is not None and result.history.year == 2018


def test_jumps_follow_the_thresholds_of_the_settings(tmp_path: Path, write_form):
    _last_year(tmp_path, province=lambda wb: set_value(wb, "cases", "received", "total", 6))
    result = _checked(tmp_path, write_form, province=lambda wb: set_value(wb, "cases", "received", "total", 18),
                      ratio=3, from_zero=10)
    assert [(i.code, i.where.cell) for i in result.warnings if i.code.startswith("history.")] == [("history.jump", "E5")]


def test_no_jump_without_the_same_committee_or_its_value_last_year(tmp_path: Path, write_form):
    # last year the district left its cases received empty, and Vientiane Capital sent nothing
    _last_year(tmp_path, district=lambda wb: set_value(wb, "cases", "received", "total", None))
    write_form("LA-VT.xlsx", Identity("province", 2019, "LA-VT"),
               edit=lambda wb: set_value(wb, "cases", "received", "total", 90))
    result = _checked(tmp_path, write_form, district=lambda wb: set_value(wb, "cases", "received", "total", 70))
    assert len(result.submissions) == 3 and result.history is not None
    assert [i for i in result.issues if i.code == "history.jump"] == []
    assert set(JUMP_CELLS) >= {"cases.received.total", "victims.sexual.women", "submission.members_total"}
    assert not {"cases.fines.total", "budget.government.total", "awareness.all.activities"} & set(JUMP_CELLS)


def test_a_jump_is_marked_in_the_report_with_its_warning(tmp_path: Path, write_form):
    _last_year(tmp_path, province=lambda wb: set_value(wb, "cases", "received", "total", 6))
    result = _checked(tmp_path, write_form, province=lambda wb: set_value(wb, "cases", "received", "total", 60))
    data = aggregate(result.submissions, 2019, warnings=result.warnings, previous=result.history)
    doc = build_document(data, Settings(base=tmp_path))
    sentence = next(b for b in doc.blocks if isinstance(b, Paragraph) and "ໄດ້ຮັບການແຈ້ງຄວາມ ແລະ ຄຳຮ້ອງ" in b.text)
    assert "ໄດ້ຮັບການແຈ້ງຄວາມ ແລະ ຄຳຮ້ອງ 64! ເລື່ອງ (ເພີ່ມຂຶ້ນ 540% ທຽບໃສ່ປີ 2018)" in sentence.text
    warned = [r for r in sentence.remarks if r.code == "history.jump"]
    assert len(warned) == 1 and "60 (last year, 2018: 6)" in warned[0].text


# --- how a change is said ----------------------------------------------------------------------------------------

@pytest.mark.parametrize("now, last, direction, percent, less_than", [
    (112, 100, "up", 12, False), (92, 100, "down", 8, False), (100, 100, "same", None, False),
    (5, 0, "up", None, False), (0, 5, "down", 100, False), (5, None, "", None, False), (None, 5, "", None, False),
    (1001, 1000, "up", 1, True), (1005, 1000, "up", 1, False), (3, 2, "up", 50, False), (177, 166, "up", 7, False),
    (99, 115, "down", 14, False), (1, 3, "down", 67, False),
])
def test_a_change_in_percent_of_last_years_figure(now, last, direction, percent, less_than):
    c = Change(now, last)
    assert (c.direction, c.percent, c.less_than) == (direction, percent, less_than)


def test_a_change_worked_out_from_an_incomplete_figure_is_partial():
    assert change(10, True, Last(8)).partial and change(10, False, Last(8, True, 2)).partial
    assert not change(10, False, Last(8)).partial and not change(None, True, Last(None, True)).partial


def _report(tmp_path: Path, write_form, figures: dict[str, Last], province=None, district=None) -> list[str]:
    write_form("LA-XA.xlsx", Identity("province", 2019, "LA-XA"), edit=province)
    write_form("LA-XA-0801.xlsx", Identity("district", 2019, "LA-XA", "0801"), edit=district)
    subs = [read_workbook(p, f"inputs/{p.name}") for p in sorted((tmp_path / "inputs").glob("*.xlsx"))]
    history = History(tmp_path / "data.json", "data.json", 2018, figures, {})
    doc = build_document(aggregate(subs, 2019, previous=history), Settings(base=tmp_path))
    return [b.text for b in doc.blocks if isinstance(b, Paragraph)]


def test_the_overview_says_how_each_figure_changed(tmp_path: Path, write_form):
    def province(wb):
        set_value(wb, "cases", "received", "total", 24)  # with the district's 4: 28
        set_value(wb, "cases", "court_decided", "total", 2)

    texts = _report(tmp_path, write_form, {
        "cases.received.total": Last(25), "cases.investigated.total": Last(8), "cases.suspects.total": Last(10),
        "cases.court_decided.total": Last(0), "cases.convicted.total": Last(3, True, 1),
        "victims.all.total": Last(12), "victims.all.female": Last(None)}, province=province,
        district=lambda wb: set_value(wb, "cases", "court_decided", "total", 0))
    cases = next(t for t in texts if "ໄດ້ຮັບການແຈ້ງຄວາມ ແລະ ຄຳຮ້ອງ" in t)
    assert "ໄດ້ຮັບການແຈ້ງຄວາມ ແລະ ຄຳຮ້ອງ 28 ເລື່ອງ (ເພີ່ມຂຶ້ນ 12% ທຽບໃສ່ປີ 2018)" in cases  # the year named once a topic
    assert "ສືບສວນ-ສອບສວນ 6 ຄະດີ (ຫຼຸດລົງ 25%)" in cases
    assert "ຈັບຕົວຜູ້ຕ້ອງສົງໄສ 10 ຄົນ (ເທົ່າກັບປີຜ່ານມາ)" in cases
    assert "ສານໄດ້ຕັດສິນ 2 ຄະດີ (ປີ 2018: 0 ຄະດີ)" in cases  # from 0: last year's figure, not a percentage
    assert "ລົງໂທດຜູ້ກະທຳຜິດ (ບໍ່ໄດ້ລາຍງານ) (ປີ 2018: 3* ຄົນ)" in cases  # not reported now; incomplete then
    assert "ສົ່ງໃຫ້ອົງການໄອຍະການ (ບໍ່ໄດ້ລາຍງານ);" in cases  # reported neither year: nothing to add
    victims = next(t for t in texts if "ມີຜູ້ຖືກເຄາະຮ້າຍ" in t)
    assert "ມີຜູ້ຖືກເຄາະຮ້າຍຈາກການຄ້າມະນຸດ (ບໍ່ໄດ້ລາຍງານ) (ປີ 2018: 12 ຄົນ)" in victims
    members = next(t for t in texts if "ມີສະມາຊິກທັງໝົດ" in t)
    assert "ມີສະມາຊິກທັງໝົດ 20 ທ່ານ (ປີ 2018: ບໍ່ໄດ້ລາຍງານ)" in members  # not in last year's file: not reported


def test_the_same_figure_named_first_says_equal_to_that_year(tmp_path: Path, write_form):
    texts = _report(tmp_path, write_form, {"cases.received.total": Last(8), "cases.investigated.total": Last(7)})
    cases = next(t for t in texts if "ໄດ້ຮັບການແຈ້ງຄວາມ ແລະ ຄຳຮ້ອງ" in t)
    assert "ຄຳຮ້ອງ 8 ເລື່ອງ (ເທົ່າກັບປີ 2018), ໄດ້ສືບສວນ-ສອບສວນ 6 ຄະດີ (ຫຼຸດລົງ 14%)" in cases


def test_an_incomplete_figure_gives_a_marked_percentage_and_last_years_gap_its_own_comment(tmp_path: Path,
                                                                                            write_form):
    def province(wb):
        set_value(wb, "cases", "received", "total", 24)

    write_form("LA-XA.xlsx", Identity("province", 2019, "LA-XA"), edit=province)
    subs = [read_workbook(tmp_path / "inputs" / "LA-XA.xlsx", "inputs/LA-XA.xlsx")]
    history = History(tmp_path / "data.json", "data.json", 2018, {"cases.received.total": Last(20, True, 3)}, {})
    doc = build_document(aggregate(subs, 2019, previous=history), Settings(base=tmp_path))
    cases = next(b for b in doc.blocks if isinstance(b, Paragraph) and "ໄດ້ຮັບການແຈ້ງຄວາມ ແລະ ຄຳຮ້ອງ" in b.text)
    assert "ໄດ້ຮັບການແຈ້ງຄວາມ ແລະ ຄຳຮ້ອງ 24 ເລື່ອງ (ເພີ່ມຂຶ້ນ 20%* ທຽບໃສ່ປີ 2018)" in cases.text
    table = next(t for t in doc.tables() if t.source.key == "cases")
    received = next(row for row in table.body if row[0].text.startswith("ການແຈ້ງຄວາມ"))
    assert [c.text for c in table.head[0]][-1] == "ປີ 2018" and received[-1].text == "20*"
    said = text("remark.previous_incomplete", year="2018")
    assert [(r.lo, r.en) for r in table.remarks if r.code == "remark.previous_incomplete"] == [(said.lo, said.en)]


def test_no_previous_year_no_change_said(tmp_path: Path, write_form):
    write_form("LA-XA.xlsx", Identity("province", 2019, "LA-XA"))
    subs = [read_workbook(tmp_path / "inputs" / "LA-XA.xlsx", "inputs/LA-XA.xlsx")]
    doc = build_document(aggregate(subs, 2019), Settings(base=tmp_path))
    text_ = " ".join(b.text for b in doc.blocks if isinstance(b, Paragraph))
    assert "ປີ 2018" not in text_ and "ທຽບໃສ່" not in text_ and "ເພີ່ມຂຶ້ນ" not in text_
    assert all("ປີ 2018" not in c.text for t in doc.tables() for row in t.head for c in row)


def test_a_province_report_is_not_compared_with_national_figures(tmp_path: Path, write_form):
    from reportgen.contract.roster import CommitteeId, Level

    write_form("LA-XA.xlsx", Identity("province", 2019, "LA-XA"))
    subs = [read_workbook(tmp_path / "inputs" / "LA-XA.xlsx")]
    history = History(tmp_path / "data.json", "data.json", 2018, {"cases.received.total": Last(20)}, {})
    with pytest.raises(ValueError, match="national"):
        aggregate(subs, 2019, scope=CommitteeId(Level.PROVINCE, "LA-XA"), previous=history)


# --- the command line --------------------------------------------------------------------------------------------

def _project(tmp_path: Path, write_form, settings: str) -> None:
    write_form("LA-XA.xlsx", Identity("province", 2019, "LA-XA"))
    (tmp_path / "reportgen.toml").write_text("[report]\nyear = 2019\n" + settings, encoding="utf-8")


def test_check_stops_when_the_file_the_settings_name_is_of_another_year(tmp_path: Path, write_form, monkeypatch):
    monkeypatch.chdir(tmp_path)
    _edited(_last_year(tmp_path), lambda d: _wrong(d, "year", 2017))
    _project(tmp_path, write_form, '[paths]\nprevious = "build/2018/data.json"\n')
    r = CliRunner().invoke(main, ["check", "-q"], catch_exceptions=False)
    assert r.exit_code == 3
    assert r.output == (
        "build/2018/data.json › year: ໃຊ້ເປັນຕົວເລກຂອງປີກ່ອນບໍ່ໄດ້: ເປັນຕົວເລກຂອງປີ 2017, ແຕ່ບົດລາຍງານນີ້ແມ່ນປີ 2019: "
        "ຕ້ອງການຕົວເລກຂອງປີ 2018 / cannot be used as last year's figures: holds the figures of 2017, but this report "
        "is for 2019: those of 2018 are needed\n"
        "    → ໃສ່ previous ໃຫ້ເປັນ data.json ຂອງປີ 2018 (build/2018/data.json); ຫຼື ໃສ່ previous = false ໃນ "
        "reportgen.toml ເພື່ອສ້າງບົດລາຍງານໂດຍບໍ່ທຽບໃສ່ປີກ່ອນ / set previous to the data.json of 2018 "
        "(build/2018/data.json); or set previous = false in reportgen.toml to build the report without comparing "
        "with last year\n")
    assert not (tmp_path / "build" / "2019" / "report.docx").exists()


def test_check_warns_and_goes_on_when_the_file_found_by_default_is_damaged(tmp_path: Path, write_form, monkeypatch):
    monkeypatch.chdir(tmp_path)
    path = _last_year(tmp_path)
    path.write_text('{"year": 2018, "figures": {', encoding="utf-8")
    _project(tmp_path, write_form, "")
    r = CliRunner().invoke(main, ["check", "-q"], catch_exceptions=False)
    assert r.exit_code == 0
    assert r.output.startswith(
        "build/2018/data.json › ແຖວ/line 1, ຖັນ/column 28: ບໍ່ໄດ້ໃຊ້ເປັນຕົວເລກຂອງປີກ່ອນ: ໄຟລ໌ເສຍ: ບໍ່ແມ່ນ JSON ທີ່ຖືກຕ້ອງ / "
        "not used as last year's figures: the file is damaged: not valid JSON (Expecting property name enclosed in "
        "double quotes) [ຄຳເຕືອນ / warning]\n"
        "    → ບົດລາຍງານຈະສ້າງໂດຍບໍ່ທຽບໃສ່ປີກ່ອນ; ເພື່ອທຽບ: ສ້າງບົດລາຍງານປີກ່ອນຄືນໃໝ່")
    assert "compared with" not in r.output


def test_check_says_which_file_it_compared_with(tmp_path: Path, write_form, monkeypatch):
    monkeypatch.chdir(tmp_path)
    _last_year(tmp_path)
    _project(tmp_path, write_form, "")
    r = CliRunner().invoke(main, ["check", "-q"], catch_exceptions=False)
    assert r.exit_code == 0
    assert (  # after the summary line, before the files written
        "ໄດ້ທຽບໃສ່ຕົວເລກຂອງປີ 2018 / compared with the figures of 2018: build/2018/data.json") in r.output.splitlines()
    (tmp_path / "reportgen.toml").write_text("[report]\nyear = 2019\n[paths]\nprevious = false\n", encoding="utf-8")
    r = CliRunner().invoke(main, ["check", "-q"], catch_exceptions=False)
    assert r.exit_code == 0 and "compared with" not in r.output
