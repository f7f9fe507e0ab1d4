"""The worklist of a reviewed report: each mark on its template line and its committees' cells, Lao intact, from
Word's markup and after a LibreOffice round trip; the worklist opens in LibreOffice."""

from __future__ import annotations

import io
import subprocess
from pathlib import Path

import pytest
from openpyxl import load_workbook

import review_example as ex
from reportgen.contract.roster import NATIONAL, CommitteeId, Level
from reportgen.model.submission import CellRef
from reportgen.review import read_review
from reportgen.review.worklist import committee_from_file, figure_places, parse_provenance, write_worklist
from review_markup import Comment, Reply, annotate

SHEETS = ["ສະຫຼຸບ Summary", "ຕາມຄະນະ by committee", "ຕາມແມ່ແບບ by template", "ທັງໝົດ everything", "reportgen"]


@pytest.fixture(params=["word", "libreoffice"])
def reviewed(request, built_example: Path) -> bytes:
    r = ex.reviewed_example(built_example)
    return r.word if request.param == "word" else ex.need_libreoffice(r)


def _rows(wb, title: str) -> list[dict[str, object]]:
    """The sheet's rows as {English header: value}."""
    ws = wb[title]
    rows = list(ws.iter_rows(values_only=True))
    header = rows[1]
    return [dict(zip(header, r, strict=True)) for r in rows[2:]]


def _worklist(data: bytes):
    return load_workbook(io.BytesIO(write_worklist(read_review(data))))


def _template_line(built: bytes, text: str) -> str:
    review = read_review(built)
    return parse_provenance(review.provenance[ex.block_of(built, text)]).template_line


def test_the_sheets_and_their_headers(reviewed: bytes):
    wb = _worklist(reviewed)
    assert wb.sheetnames == SHEETS
    ws = wb["ທັງໝົດ everything"]
    assert [c.value for c in ws[1]][:4] == ["ລ/ດ", "ປະເພດ", "ຜູ້ທົບທວນ", "ວັນທີ"]  # Lao first
    assert [c.value for c in ws[2]][:4] == ["No.", "kind", "reviewer", "date"]  # then English
    assert ws.freeze_panes == "B3" and ws.auto_filter.ref.startswith("A2:")
    assert ws["A1"].font.name == "Phetsarath OT" and ws["E3"].font.name == "Phetsarath OT"
    assert ws["E3"].alignment.wrap_text and ws.column_dimensions["E"].width > 30


def test_everything_lists_every_reviewer_mark_once_in_report_order(reviewed: bytes):
    review = read_review(reviewed)
    rows = _rows(_worklist(reviewed), "ທັງໝົດ everything")
    people = [c for c in review.comments if not c.machine]
    assert len(rows) == len(people) + len(review.changes) == 14
    assert [r["No."] for r in rows] == list(range(1, 15))
    assert sorted(r["comment or change"] for r in rows) == sorted([c.text for c in people] +
                                                                  [c.text for c in review.changes])
    ask = next(r for r in rows if r["comment or change"] == ex.ASK)  # Lao intact, as the reviewer typed it
    answer = next(r for r in rows if r["comment or change"] == ex.ANSWER)
    assert ask["text it marks"] == ex.RUNS and ask["kind"] == "ຄຳເຫັນ / comment"
    assert answer["thread"] == f"ຕອບ #{ask['No.']} / reply to #{ask['No.']}"
    assert ask["thread"] == f"1 ຄຳຕອບ: #{answer['No.']} / 1 reply: #{answer['No.']}"
    assert ask["date"] == ex.local(ex.WHEN)
    assert [r["resolved"] for r in rows if r["resolved"]] == ["ແມ່ນ / yes"]
    ins = next(r for r in rows if r["kind"] == "ເພີ່ມຂໍ້ຄວາມ / insertion")
    assert ins["comment or change"] == ex.INSERTED and ins["paragraph after"].startswith(ex.INSERT_AFTER + ex.INSERTED)
    assert ex.DELETED in ins["paragraph before"]


def test_each_mark_is_on_its_template_line(built_example: Path, reviewed: bytes):
    built = ex.reviewed_example(built_example).built
    rows = _rows(_worklist(reviewed), "ທັງໝົດ everything")
    for text, marked in ((ex.WORDING, ex.TEMPLATE_ONLY), (ex.LIST_NOTE, ex.LIST_ITEM), (ex.ASK, ex.RUNS),
                         (ex.INSERTED, ex.INSERT_AFTER), (ex.BOLD, ex.BOLD)):
        row = next(r for r in rows if r["comment or change"] == text)
        assert row["template:line"] == _template_line(built, marked) != "", text
    by_template = _rows(_worklist(reviewed), "ຕາມແມ່ແບບ by template")
    assert len(by_template) == len(rows)
    keys = [(r["template"], r["line"]) for r in by_template]
    assert keys == sorted(keys)
    wording = next(r for r in by_template if r["comment or change"] == ex.WORDING)
    assert f"{wording['template']}:{wording['line']}" == _template_line(built, ex.TEMPLATE_ONLY)


def test_by_committee_names_the_committee_and_cells_behind_the_marked_text(built_example: Path, reviewed: bytes):
    reviewed_ = ex.reviewed_example(built_example)
    review = read_review(reviewed)
    rows = _rows(_worklist(reviewed), "ຕາມຄະນະ by committee")
    # a listed achievement: the national committee's row of its sheet 2
    item = [r for r in rows if r["comment or change"] == ex.LIST_NOTE]
    places = parse_provenance(review.provenance[ex.block_of(reviewed_.built, ex.LIST_ITEM)]).places
    assert [p.file for p in places] == ["inputs/national.xlsx"]
    assert [(r["committee (Lao)"], r["committee"], r["workbook"], r["sheet › cells"]) for r in item] == [
        ("ລະດັບຊາດ", "national", "inputs/national.xlsx", f"{places[0].sheet} › {places[0].cell}")]
    # a figure in a table: the committees whose cells gave it (the figure's sources, else its table's)
    figure = [r for r in rows if r["comment or change"] == ex.FIGURE_NOTE]
    places = figure_places(review, reviewed_.figure) or parse_provenance(review.provenance[reviewed_.table]).places
    files = list(dict.fromkeys(p.file for p in places))
    assert len(figure) == len(files) > 0 and {r["workbook"] for r in figure} == set(files)
    for r in figure:
        committee = committee_from_file(r["workbook"])
        assert committee is not None and (r["committee (Lao)"], r["committee"]) == (committee.name.lo,
                                                                                    committee.name.en)
    assert figure[0]["committee"] == "national"  # national first, then provinces, then districts
    # a template's own sentence concerns no committee
    assert not [r for r in rows if r["comment or change"] == ex.WORDING]


def test_a_thread_is_one_query_to_its_committee(built_example: Path):
    built = ex.reviewed_example(built_example).built
    asked = annotate(built, [Comment(ex.LIST_ITEM, ex.LIST_NOTE, replies=(Reply("ບ້ານໃດ? / which?"),))])
    rows = _rows(_worklist(asked), "ຕາມຄະນະ by committee")
    assert [r["comment or change"] for r in rows] == [f"{ex.LIST_NOTE}\n↳ Ms Reviewer: ບ້ານໃດ? / which?"]


def test_reportgens_comments_are_on_their_own_sheet(reviewed: bytes):
    review = read_review(reviewed)
    wb = _worklist(reviewed)
    machine = _rows(wb, "reportgen")
    assert len(machine) == sum(c.machine for c in review.comments) > 0
    assert {r["reportgen's comment"] for r in machine} == {c.text for c in review.comments if c.machine}
    everything = {r["comment or change"] for r in _rows(wb, "ທັງໝົດ everything")}
    assert not everything & {r["reportgen's comment"] for r in machine}


def test_text_that_looks_like_a_formula_stays_text(reviewed: bytes):
    ws = _worklist(reviewed)["ທັງໝົດ everything"]
    cell = next(c for row in ws.iter_rows(min_row=3) for c in row if c.value == ex.FIGURE_NOTE)
    assert cell.data_type == "s" and cell.value.startswith("=")


def test_the_summary_counts(reviewed: bytes):
    lines = [r[1] for r in _worklist(reviewed)["ສະຫຼຸບ Summary"].iter_rows(values_only=True)]
    assert "7 comments, 1 reply, 1 resolved" in lines
    assert ("6 tracked changes: 1 inserted, 1 deleted, 2 moved (from and to), 1 formatting, 1 paragraph format"
            in lines)


def test_the_same_review_gives_the_same_bytes(reviewed: bytes):
    review = read_review(reviewed)
    assert write_worklist(review) == write_worklist(review)


def test_libreoffice_opens_the_worklist(built_example: Path, tmp_path: Path):
    """A real client reads it: LibreOffice converts the worklist's first sheet to CSV with the Lao intact."""
    ex.need_libreoffice(ex.reviewed_example(built_example))
    src = tmp_path / "in" / "report-review.xlsx"
    src.parent.mkdir()
    src.write_bytes(write_worklist(read_review(ex.reviewed_example(built_example).word)))
    subprocess.run(["soffice", "--headless", f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}",
                    "--convert-to", "csv:Text - txt - csv (StarCalc):44,34,76", "--outdir", str(tmp_path),
                    str(src)], check=True, capture_output=True, timeout=180)
    text = (tmp_path / "report-review.csv").read_text(encoding="utf-8")
    assert "ລາຍການວຽກຈາກການທົບທວນ" in text and "7 comments, 1 reply, 1 resolved" in text


@pytest.mark.parametrize("path, committee", [
    ("inputs/national.xlsx", NATIONAL),
    ("inputs/LA-XA.xlsx", CommitteeId(Level.PROVINCE, "LA-XA")),
    ("inputs/ແຂວງ/LA-XA-0801.xlsx", CommitteeId(Level.DISTRICT, "LA-XA", "0801")),
    ("inputs/LA-ZZ.xlsx", None),
    ("inputs/ບົດລາຍງານ ໄຊຍະບູລີ.xlsx", None),
])
def test_a_workbooks_committee_from_its_form_name(path: str, committee):
    assert committee_from_file(path) == committee


def test_provenance_is_read_back_into_its_parts():
    s = parse_provenance("results.xml.j2:10 | inputs/LA-XA.xlsx › 2 ຜົນງານ › ແຖວ/row 6; inputs/national.xlsx › "
                         "6 ສະຖິຕິຄະດີ")
    assert (s.template, s.line, s.keys) == ("results.xml.j2", 10, ())
    assert s.places == (CellRef("inputs/LA-XA.xlsx", "2 ຜົນງານ", "ແຖວ/row 6"),
                        CellRef("inputs/national.xlsx", "6 ສະຖິຕິຄະດີ"))
    assert parse_provenance("overview.xml.j2:8").places == ()
    assert parse_provenance("annex.xml.j2:3 | LA-XA").keys == ("LA-XA",)
    assert parse_provenance("inputs/LA-XA.xlsx › 6 ສະຖິຕິຄະດີ › E5").template == ""


def test_the_worklist_shows_text_as_typed_without_the_docxs_word_joiners(built_example: Path):
    """The DOCX joins ແຂວງ and a name with an invisible WORD JOINER (writers/docx/nobreak.py); a reviewer's
    comment on such a name reaches the worklist as the name was typed, searchable in Excel."""
    docx = (built_example / "report.docx").read_bytes()
    review = read_review(annotate(docx, [Comment("ແຂວງ\u2060ອຸດົມໄຊ", "ກວດຊື່ແຂວງ / check the province")]))
    comment = next(c for c in review.comments if not c.machine)
    assert "\u2060" in comment.anchor.paragraph
    cells = [v for ws in load_workbook(io.BytesIO(write_worklist(review)))
             for row in ws.iter_rows(values_only=True) for v in row if isinstance(v, str)]
    assert any("ແຂວງອຸດົມໄຊ" in v for v in cells)
    assert not [v for v in cells if "\u2060" in v]
