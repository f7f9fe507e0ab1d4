"""`reportgen review REVIEWED.docx [--out FILE]`: the summary on the terminal, the worklist beside the DOCX, the
DOCX never changed, and every failure a message with exit code 6."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook

import review_example as ex
from reportgen.cli import main
from reportgen.messages import line, text
from reportgen.pipeline import review_report
from reportgen.review import read_review
from reportgen.review.worklist import items


@pytest.fixture
def reviewed(built_example: Path, tmp_path: Path, monkeypatch) -> Path:
    monkeypatch.chdir(tmp_path)
    path = tmp_path / "ທົບທວນ" / "report.docx"
    path.parent.mkdir()
    path.write_bytes(ex.reviewed_example(built_example).word)
    return path


def _run(*args: str):
    return CliRunner().invoke(main, ["review", *args], catch_exceptions=False)


def test_review_prints_the_summary_and_writes_the_worklist_beside(built_example: Path, reviewed: Path):
    before = reviewed.read_bytes()
    r = _run("ທົບທວນ/report.docx")
    out = Path("ທົບທວນ/report-review.xlsx")
    machine = len(read_review(ex.reviewed_example(built_example).built).comments)
    people, _ = items(read_review(reviewed))
    committees = {c.workbook for i in people for c in i.concerns}
    assert r.exit_code == 0, r.output
    assert r.output.splitlines() == [
        str(text("part.review.counts", comments=7, replies=1, resolved=1)),
        str(text("part.review.changes", n=6, insertions=1, deletions=1, moves=2, formatting=1, paragraphs=1)),
        str(text("part.review.committees", n=len(committees))),
        str(text("part.review.machine", n=machine)),
        line("cli.wrote", path=out),
    ]
    assert "inputs/national.xlsx" in committees and machine > 0
    assert r.output.startswith("ຄຳເຫັນ 7, ຄຳຕອບ 1, ແກ້ໄຂແລ້ວ 1 / 7 comments, 1 reply, 1 resolved\n")
    assert reviewed.read_bytes() == before
    assert load_workbook(out).sheetnames[1] == "ຕາມຄະນະ by committee"


def test_out_names_the_worklist(reviewed: Path, tmp_path: Path):
    r = _run(str(reviewed), "--out", "elsewhere/ລາຍການ.xlsx")
    assert r.exit_code == 0 and (tmp_path / "elsewhere" / "ລາຍການ.xlsx").is_file()
    assert not (reviewed.parent / "report-review.xlsx").exists()


def test_a_worklist_with_someones_notes_is_kept(reviewed: Path):
    assert _run(str(reviewed)).exit_code == 0
    worklist = reviewed.parent / "report-review.xlsx"
    worklist.write_bytes(worklist.read_bytes() + b"\0")  # notes added in Excel
    noted = worklist.read_bytes()
    r = _run(str(reviewed))
    assert r.exit_code == 0 and worklist.read_bytes() == noted
    assert (reviewed.parent / "report-review-2.xlsx").is_file()
    assert line("cli.review_kept", worklist, new="report-review-2.xlsx") in r.output


@pytest.mark.parametrize("args, code", [
    (["missing.docx"], "review.not_found"),
    (["ທົບທວນ/report.docx", "--out", "ທົບທວນ/report.docx"], "review.out_is_input"),
])
def test_failures_say_why_with_exit_code_6(reviewed: Path, args: list[str], code: str):
    before = reviewed.read_bytes()
    r = _run(*args)
    assert r.exit_code == 6
    where = args[-1]
    assert r.output == line(code, Path(where)) + "\n"
    assert reviewed.read_bytes() == before


def test_committees_are_named_from_the_builds_data_json(reviewed: Path):
    """The build lists each workbook's committee in data.json: a form under any file name is named right."""
    listed = [{"file": "inputs/national.xlsx", "level": "province", "province": "LA-XA", "district": ""}]
    (reviewed.parent / "data.json").write_text(json.dumps({"committees": listed}), encoding="utf-8")
    result = review_report(reviewed)
    rows = list(load_workbook(result.output)["ຕາມຄະນະ by committee"].iter_rows(min_row=3, values_only=True))
    named = {r[2]: (r[0], r[1]) for r in rows}
    assert named["inputs/national.xlsx"] == ("ໄຊຍະບູລີ", "Xaignabouly")


def test_the_exit_codes_are_documented():
    r = CliRunner().invoke(main, ["--help"])
    assert "6 a report to review or compare could not be read" in " ".join(r.output.split())
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    assert "**6** a report given to `review` or `compare` could not be read" in " ".join(readme.split())
