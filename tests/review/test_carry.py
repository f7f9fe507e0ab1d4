"""Carrying a reviewed draft into the next one: comments on their blocks, tracked changes made again where the
text under them is the same, the others turned into comments, and what has no place left listed at the top."""

from __future__ import annotations

import copy
import datetime as dt
import io
import re
import subprocess
import zipfile
from dataclasses import replace
from pathlib import Path

import pytest
from click.testing import CliRunner
from lxml import etree
from openpyxl import load_workbook

from conftest import ROOT, copy_example
from reportgen.cli import main
from reportgen.config import load_settings
from reportgen.model.document import Run
from reportgen.pipeline import build_report
from reportgen.review.carry import CARRY_AUTHOR, SUFFIX, carry_review
from reportgen.review.read import read_review
from reportgen.writers.docx import write_docx
from reportgen.writers.xlsx.forms import set_value
from review_markup import (
    REVIEWER,
    WHEN,
    Align,
    Comment,
    Delete,
    Format,
    Insert,
    Move,
    Reply,
    annotate,
    have_libreoffice,
    through_libreoffice,
    word_date,
)
from small_document import small_document

LOCAL = dt.timedelta(hours=7)  # review_markup writes the reviewer's time in Vientiane, as Word does
needs_libreoffice = pytest.mark.skipif(not have_libreoffice(), reason="LibreOffice (soffice) is not installed")
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"

# ---- the example year: reviewed in LibreOffice, one figure corrected, built again -------------------------

CHANGED = "ໃນປີ 2019, ໄດ້ຮັບການແຈ້ງຄວາມ ແລະ ຄຳຮ້ອງ"  # the sentence whose figure the correction changes
MARKS = [
    Comment("ມີຜູ້ຖືກເຄາະຮ້າຍ", "ກວດຕົວເລກນີ້ຄືນກັບແຂວງ", replies=(Reply("ກວດແລ້ວ, ຖືກຕ້ອງ"),)),
    Comment("ສືບສວນ-ສອບສວນ 99 ຄະດີ", "ຕົວເລກນີ້ມາຈາກໃສ?"),  # in the sentence that changes: the words stay
    Comment("ຄະນະກຳມະການທີ່ລາຍງານ ມີສະມາຊິກທັງໝົດ", "ແກ້ແລ້ວ", resolved=True),
    Comment("ລະດັບແຂວງ / ນະຄອນຫຼວງ", "ແຖວນີ້ລວມນະຄອນຫຼວງບໍ?"),  # a table cell
    Comment("ງົບປະມານທີ່ນຳໃຊ້", "ຂໍລາຍລະອຽດງົບປະມານ"),
    Insert(after="ໄດ້ຈັດກິດຈະກຳການໂຄສະນາເຜີຍແຜ່", text=" ທົ່ວປະເທດ"),
    Delete("ຢ່າງຈະແຈ້ງ "),
    Move("ໃນການຕິດຕາມກຸ່ມສ່ຽງ ", after="ແຮງງານທີ່ເຄື່ອນຍ້າຍໄປຕ່າງປະເທດ "),
    Format("ພາບລວມ"),
    Insert(after="ໄດ້ຮັບການແຈ້ງຄວາມ ແລະ ຄຳຮ້ອງ", text=" ທັງໝົດ"),  # in the sentence that changes: becomes a comment
]


def _build(work: Path) -> str:
    r = CliRunner().invoke(main, ["build", "--config", str(ROOT / "reportgen.toml"), "--inputs", str(work / "inputs"),
                                  "--out", str(work / "build"), "--to", "docx", "--quiet"], catch_exceptions=False)
    assert r.exit_code == 0, r.output
    return r.output


@pytest.fixture(scope="module")
def rebuilt(tmp_path_factory):
    """(folder, what the second build printed, the reviewed file's bytes): the example built, reviewed with 5
    comments and 5 tracked changes and saved by LibreOffice, one workbook figure corrected, built again."""
    if not have_libreoffice():
        pytest.skip("LibreOffice (soffice) is not installed")
    work = tmp_path_factory.mktemp("carry")
    copy_example(work / "inputs")
    _build(work)
    report = work / "build" / "2019" / "report.docx"
    reviewed = through_libreoffice(annotate(report.read_bytes(), MARKS))
    report.write_bytes(reviewed)
    wb = load_workbook(work / "inputs" / "national.xlsx")  # as an officer corrects a form: open, type, save
    set_value(wb, "cases", "received", "total", 250)
    wb.save(work / "inputs" / "national.xlsx")
    return work, _build(work), reviewed


def _reviewers(review):
    return [c for c in review.comments if not c.machine and not c.author.endswith(SUFFIX)]


def test_the_new_draft_carries_every_comment_on_its_block(rebuilt):
    work, _, reviewed = rebuilt
    before, after = read_review(reviewed), read_review(work / "build" / "2019" / "report-2.docx")

    def shown(review):
        ids = {c.id: c for c in review.comments}
        return sorted((c.author, c.text, c.date, c.resolved, ids[c.parent].text if c.parent else None, c.anchor.block,
                       c.anchor.text) for c in _reviewers(review))

    assert len(_reviewers(before)) == 6  # five comments and a reply
    assert shown(after) == shown(before)
    resolved = [c.text for c in _reviewers(after) if c.resolved]
    assert resolved == ["ແກ້ແລ້ວ"]
    cell = next(c for c in _reviewers(after) if c.text == "ແຖວນີ້ລວມນະຄອນຫຼວງບໍ?")
    assert cell.anchor.text == "ລະດັບແຂວງ / ນະຄອນຫຼວງ"


def test_changes_are_made_again_where_the_text_is_the_same_else_become_a_comment(rebuilt):
    work, _, reviewed = rebuilt
    before, after = read_review(reviewed), read_review(work / "build" / "2019" / "report-2.docx")

    def shown(changes):
        return sorted((c.kind, c.author, c.date, c.text, c.anchor.block, c.anchor.offset) for c in changes)

    moved_to_changed = [c for c in before.changes if c.anchor.paragraph.startswith(CHANGED)]
    assert [(c.kind, c.text) for c in moved_to_changed] == [("insertion", " ທັງໝົດ")]
    kept = [c for c in before.changes if c not in moved_to_changed]
    assert sorted(c.kind for c in kept) == ["deletion", "formatting", "insertion", "move_from", "move_to"]
    assert shown(after.changes) == shown(kept)
    assert {c.date for c in after.changes} == {(WHEN + LOCAL).replace(second=0)}

    became = [c for c in after.comments if c.author == REVIEWER + SUFFIX]
    assert len(became) == 1
    now = after.blocks[moved_to_changed[0].anchor.block]
    assert now.startswith(CHANGED) and now != moved_to_changed[0].anchor.paragraph  # the figure did change
    assert "« ທັງໝົດ»" in became[0].text and f"«{now}»" in became[0].text
    assert moved_to_changed[0].after in became[0].text  # the paragraph as the reviewer left it
    assert became[0].anchor.block == moved_to_changed[0].anchor.block


def test_the_build_says_what_it_carried_and_leaves_the_reviewed_file_alone(rebuilt):
    work, output, reviewed = rebuilt
    folder = work / "build" / "2019"
    assert (folder / "report.docx").read_bytes() == reviewed
    assert f"{folder / 'report-2.docx'}: ນຳວຽກຂອງຜູ້ທົບທວນຈາກ report.docx ມາໃສ່ແລ້ວ: ຄຳເຫັນ 6 ລາຍການ ຢູ່ບ່ອນເດີມ, " \
           "ການແກ້ໄຂ 5 ລາຍການ ໃສ່ຄືນ, ການແກ້ໄຂ 1 ລາຍການ ກາຍເປັນຄຳເຫັນ (ຂໍ້ຄວາມບ່ອນນັ້ນປ່ຽນໄປ), 0 ລາຍການ ວາງບໍ່ໄດ້ / carries the " \
           "reviewers' work from report.docx: 6 comments on their place, 5 tracked changes made again, " \
           "1 turned into comments (the text under them changed), 0 could not be placed\n" in output
    assert "could not be placed: the text" not in output  # nothing to list at the top
    assert not [c for c in read_review(folder / "report-2.docx").comments if c.author == CARRY_AUTHOR]


@needs_libreoffice
def test_libreoffice_opens_the_new_draft(rebuilt, tmp_path: Path):
    work, _, _ = rebuilt
    draft = work / "build" / "2019" / "report-2.docx"
    done = subprocess.run(["soffice", f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}", "--headless",
                           "--convert-to", "pdf", "--outdir", str(tmp_path), str(draft)],
                          capture_output=True, timeout=240, env={"HOME": str(tmp_path), "PATH": "/usr/bin:/bin"})
    pdf = tmp_path / "report-2.pdf"
    assert done.returncode == 0 and pdf.exists(), done.stderr
    pages = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True).stdout
    assert int(next(x.split()[-1] for x in pages.splitlines() if x.startswith("Pages:"))) > 5
    # and what LibreOffice saves of it still holds the reviewers' work
    again = read_review(through_libreoffice(draft.read_bytes()))
    assert len(_reviewers(again)) == 6
    assert sorted(c.kind for c in again.changes) == ["deletion", "formatting", "insertion", "move_from", "move_to"]


# ---- small drafts built in code: a block gone, paragraph changes, a reply to reportgen, added paragraphs ---

def _draft(edit=None) -> bytes:
    doc = small_document(ids=False)
    if edit:
        edit(doc)
    return write_docx(doc)


def _drop_second_lesson(doc) -> None:
    doc.blocks[5].items.pop()


def _more_victims(doc) -> None:
    p = doc.blocks[4]
    p.runs = [Run("ຜູ້ຖືກເຄາະຮ້າຍທັງໝົດ "), replace(p.runs[1], text="15*", value=15), Run(" ຄົນ.")]


@needs_libreoffice
def test_a_mark_whose_block_is_gone_is_listed_in_a_comment_at_the_top():
    reviewed = through_libreoffice(annotate(_draft(), [
        Comment("ບົດຮຽນທີສອງ", "ບົດຮຽນນີ້ຊ້ຳກັບປີກາຍ", replies=(Reply("ເຫັນດີ"),)), Delete("ທີສອງ"),
        Comment("ພາບລວມ", "ຫົວຂໍ້ດີ")]))
    carried = carry_review(reviewed, _draft(_drop_second_lesson))
    assert (carried.comments, carried.reapplied, carried.commented) == (1, 0, 0)
    assert [(u.kind, u.author, u.text) for u in carried.unplaced] == [
        ("comment", REVIEWER, "ບົດຮຽນນີ້ຊ້ຳກັບປີກາຍ"), ("reply", "Ms Reviewer", "ເຫັນດີ"),
        ("deletion", REVIEWER, "ທີສອງ")]
    top = [c for c in read_review(carried.docx).comments if c.author == CARRY_AUTHOR]
    assert len(top) == 1 and top[0].anchor.index == 0  # on the first paragraph of the draft
    text = top[0].text
    assert text.startswith("ຄຳເຫັນ ແລະ ການແກ້ໄຂ 3 ລາຍການຂອງຜູ້ທົບທວນ ວາງຄືນບໍ່ໄດ້")
    when = (WHEN + LOCAL).strftime("%Y-%m-%d %H:%M")
    assert f"• {REVIEWER}, {when} — ຄຳເຫັນ / comment: «ບົດຮຽນນີ້ຊ້ຳກັບປີກາຍ»" in text
    assert "• Ms Reviewer, " in text and "ຄຳຕອບ / reply: «ເຫັນດີ»" in text
    assert "— ລຶບ / deleted: «ທີສອງ»" in text
    assert "ເຄີຍຢູ່ທີ່ / was on: «ບົດຮຽນທີສອງ» — results.xml.j2:7 | inputs/LA-VT.xlsx › 7 ຜູ້ຖືກເຄາະຮ້າຍ › F7" in text
    # the top comment is a reviewer's mark like any other: the draft after this one keeps it
    again = carry_review(carried.docx, _draft(_drop_second_lesson))
    assert again.comments == 2 and not again.unplaced


def test_a_change_in_a_figure_changed_sentence_becomes_a_comment_and_a_comment_keeps_its_words():
    reviewed = annotate(_draft(), [Insert(after="ທັງໝົດ", text=" ປະມານ"), Comment("ຜູ້ຖືກເຄາະຮ້າຍທັງໝົດ", "ແນ່ໃຈບໍ?"),
                                   Delete("ຄົນ."), Comment("12*", "ຕົວເລກນີ້ບໍ່ຄົບ")])
    carried = carry_review(reviewed, _draft(_more_victims))
    assert (carried.comments, carried.reapplied, carried.commented, carried.unplaced) == (2, 0, 2, [])
    review = read_review(carried.docx)
    assert review.changes == []
    comment = next(c for c in review.comments if c.text == "ແນ່ໃຈບໍ?")
    assert (comment.anchor.text, comment.anchor.paragraph) == ("ຜູ້ຖືກເຄາະຮ້າຍທັງໝົດ", "ຜູ້ຖືກເຄາະຮ້າຍທັງໝົດ 15* ຄົນ.")
    on_figure = next(c for c in review.comments if c.text == "ຕົວເລກນີ້ບໍ່ຄົບ")
    assert on_figure.anchor.text == "15*"  # its words are gone, its figure is there: on the figure
    became = sorted(c.text for c in review.comments if c.author == REVIEWER + SUFFIX)
    assert became[0].startswith("ການແກ້ໄຂຂອງ ທ. ສົມພອນ ບໍ່ໄດ້ໃສ່ຄືນ: ຂໍ້ຄວາມບ່ອນນີ້ປ່ຽນໄປໃນສະບັບໃໝ່ / ")
    assert "ຂໍ້ສະເໜີ / suggested: ເພີ່ມ / inserted « ປະມານ»" in became[0] + became[1]
    assert "ຂໍ້ສະເໜີ / suggested: ລຶບ / deleted «ຄົນ.»" in became[0] + became[1]
    assert "ຂໍ້ຄວາມໃໝ່ / the new text: «ຜູ້ຖືກເຄາະຮ້າຍທັງໝົດ 15* ຄົນ.»" in became[0]


def test_every_kind_of_change_is_made_again_on_an_unchanged_draft():
    marks = [Comment("ບົດຮຽນທີໜຶ່ງ", "ສອງບົດຮຽນນີ້", to="ບົດຮຽນທີສອງ"), Insert(after="ບົດຮຽນທີໜຶ່ງ", text=" (ສຳຄັນ)"), Delete("ທີສອງ"), Format("ພາບລວມ"), Align("ຜູ້ຖືກເຄາະຮ້າຍທັງໝົດ"),
             Move("ທັງໝົດ ", after="ຄົນ."), Insert(before="5", text="+", within=""), Comment("ໄຊຍະບູລີ", "ແຂວງໃດ?")]
    reviewed = annotate(_draft(), marks)
    carried = carry_review(reviewed, _draft())
    before, after = read_review(reviewed), read_review(carried.docx)

    def shown(review):
        return sorted((c.kind, c.author, c.date, c.text, c.anchor.block, c.anchor.index, c.anchor.offset, c.after)
                      for c in review.changes)

    assert len(before.changes) == 7 and shown(after) == shown(before)
    assert (carried.reapplied, carried.comments, carried.commented, carried.unplaced) == (7, 2, 0, [])
    # made again as Word writes them: the move's halves named alike, the formatting and paragraph changes
    # holding the properties before
    body = _body(carried.docx)
    starts = {e.get(W + "name") for e in body.iter(W + "moveFromRangeStart")}
    assert starts and starts == {e.get(W + "name") for e in body.iter(W + "moveToRangeStart")}
    assert len(list(body.iter(W + "rPrChange"))) == 1 and len(list(body.iter(W + "pPrChange"))) == 1
    cell = next(c for c in after.comments if c.text == "ແຂວງໃດ?")
    assert cell.anchor.text == "ໄຊຍະບູລີ"
    across = next(c for c in after.comments if c.text == "ສອງບົດຮຽນນີ້")
    assert across.anchor.text == "ບົດຮຽນທີໜຶ່ງ\nບົດຮຽນທີສອງ"  # over both paragraphs, as before


def test_a_reply_to_a_reportgen_comment_goes_on_with_that_comment():
    draft = _draft()
    machine = next(c for c in read_review(draft).comments if c.machine)
    reviewed = _reply_to(draft, machine.id, "ຄະນະນີ້ຈະສົ່ງຕົວເລກມາອາທິດໜ້າ")
    carried = carry_review(reviewed, _draft())
    review = read_review(carried.docx)
    reply = next(c for c in review.comments if c.text == "ຄະນະນີ້ຈະສົ່ງຕົວເລກມາອາທິດໜ້າ")
    parent = next(c for c in review.comments if c.id == reply.parent)
    assert parent.machine and parent.text == machine.text
    assert sum(c.text == machine.text for c in review.comments if c.anchor.index == machine.anchor.index) == 1
    assert parent.anchor == machine.anchor  # onto the new build's own comment
    assert carried.comments == 1


def test_a_paragraph_a_reviewer_added_is_added_again_after_the_same_paragraph():
    draft = _draft()
    reviewed = _add_paragraph(draft, after="ບົດຮຽນທີໜຶ່ງ", text="ບົດຮຽນໃໝ່ທີ່ຜູ້ທົບທວນເພີ່ມ")
    carried = carry_review(reviewed, _draft(_more_victims))
    assert (carried.reapplied, carried.commented, carried.unplaced) == (2, 0, [])  # the new mark, its text
    body = _body(carried.docx)
    texts = ["".join(t.text or "" for t in p.iter(W + "t")) for p in body.iter(W + "p")]
    at = texts.index("ບົດຮຽນທີໜຶ່ງ")
    assert texts[at + 1] == "ບົດຮຽນໃໝ່ທີ່ຜູ້ທົບທວນເພີ່ມ" and texts[at + 2] == "ບົດຮຽນທີສອງ"
    paras = list(body.iter(W + "p"))
    assert paras[at].find(f"{W}pPr/{W}rPr/{W}ins") is not None  # Enter at its end: its mark is the new one
    assert paras[at + 1].find(f"{W}ins/{W}r/{W}t").text == "ບົດຮຽນໃໝ່ທີ່ຜູ້ທົບທວນເພີ່ມ"
    assert read_review(carried.docx).changes == read_review(reviewed).changes


def test_a_draft_built_in_one_step_gives_the_same_bytes():
    reviewed = annotate(_draft(), [Comment("ພາບລວມ", "ດີ"), Delete("ທີສອງ")])
    assert carry_review(reviewed, _draft()).docx == carry_review(reviewed, _draft()).docx


# ---- the build: --force, and a reviewed file that cannot be read -------------------------------------------

@pytest.fixture
def small_year(write_form, tmp_path: Path):
    write_form("LA-XA.xlsx")
    # real figures: not to be compared with the example's sample 2018 (the build would refuse to)
    return load_settings(ROOT / "reportgen.toml", inputs=tmp_path / "inputs", output=tmp_path / "build",
                         previous=False)


def test_force_replaces_the_report_with_one_that_carries_the_review(small_year):
    first = build_report(small_year, ("docx",))
    report = first.draft
    reviewed = annotate(report.read_bytes(), [Comment("ພາບລວມ", "ກວດຄືນ")])
    report.write_bytes(reviewed)
    second = build_report(small_year, ("docx",), force=True)
    assert second.draft == report and second.carried_from == report and second.carried.comments == 1
    kept = second.reviewed[0][1]
    assert kept.name == "report.reviewed-1.docx" and kept.read_bytes() == reviewed
    assert [c.text for c in read_review(report).comments if not c.machine] == ["ກວດຄືນ"]


def test_the_latest_reviewed_draft_is_the_one_carried(small_year):
    report = build_report(small_year, ("docx",)).draft
    report.write_bytes(annotate(report.read_bytes(), [Comment("ພາບລວມ", "ຮອບທີໜຶ່ງ")]))
    second = build_report(small_year, ("docx",)).draft
    assert second.name == "report-2.docx"
    second.write_bytes(annotate(second.read_bytes(), [Comment("ພາບລວມ", "ຮອບທີສອງ")]))
    third = build_report(small_year, ("docx",))
    assert third.draft.name == "report-3.docx" and third.carried_from == second
    assert sorted(c.text for c in read_review(third.draft).comments if not c.machine) == ["ຮອບທີສອງ", "ຮອບທີໜຶ່ງ"]


def test_a_reviewed_file_that_cannot_be_read_stops_nothing(small_year, tmp_path: Path):
    report = build_report(small_year, ("docx",)).draft
    report.write_bytes(b"not a word file")
    config = tmp_path / "reportgen.toml"  # the example's, without its sample 2018 (these figures are real)
    config.write_text(re.sub(r"(?m)^previous = .*$", "previous = false",
                             (ROOT / "reportgen.toml").read_text(encoding="utf-8")), encoding="utf-8")
    r = CliRunner().invoke(main, ["build", "--config", str(config), "--inputs",
                                  str(tmp_path / "inputs"), "--out", str(tmp_path / "build"), "--to", "docx", "-q"],
                           catch_exceptions=False)
    assert r.exit_code == 0
    assert (tmp_path / "build" / "2019" / "report-2.docx").exists()
    assert report.read_bytes() == b"not a word file"
    assert f"{report}: ບໍ່ແມ່ນໄຟລ໌ Word (.docx) / not a Word document (.docx)" in r.output
    assert (f"{report}: ສະບັບໃໝ່ report-2.docx ບໍ່ມີຄຳເຫັນ ແລະ ການແກ້ໄຂຂອງຜູ້ທົບທວນ ເພາະອ່ານໄຟລ໌ນີ້ບໍ່ໄດ້ / the new "
            "draft report-2.docx does not carry the reviewers' work: this file could not be read (see above)") in r.output


# ---- helpers: what review_markup does not write ------------------------------------------------------------

def _body(docx: bytes):
    return etree.fromstring(zipfile.ZipFile(io.BytesIO(docx)).read("word/document.xml")).find(f"{W}body")


def _rewrite(docx: bytes, parts: dict[str, bytes]) -> bytes:
    src = zipfile.ZipFile(io.BytesIO(docx))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for name in src.namelist():
            dst.writestr(name, parts.get(name, src.read(name)))
    return out.getvalue()


def _reply_to(docx: bytes, comment_id: str, text: str) -> bytes:
    """A reviewer's reply (as Word writes it) to comment `comment_id`."""
    marked = annotate(docx, [Comment("ພາບລວມ", text)])  # the comment parts Word keeps, and a comment to move
    z = zipfile.ZipFile(io.BytesIO(marked))
    doc = etree.fromstring(z.read("word/document.xml"))
    comments = etree.fromstring(z.read("word/comments.xml"))
    ext = etree.fromstring(z.read("word/commentsExtended.xml"))
    reply = comments[-1]
    rid = reply.get(W + "id")
    for tag in ("commentRangeStart", "commentRangeEnd"):  # the reply's range: that of the comment it answers
        mine = next(e for e in doc.iter(W + tag) if e.get(W + "id") == rid)
        mine.getparent().remove(mine)
        theirs = next(e for e in doc.iter(W + tag) if e.get(W + "id") == comment_id)
        new = copy.deepcopy(theirs)
        new.set(W + "id", rid)
        theirs.addnext(new)
    parent = next(c for c in comments if c.get(W + "id") == comment_id)
    last = parent.findall(f"{W}p")[-1]
    last.set("{http://schemas.microsoft.com/office/word/2010/wordml}paraId", "0ABCDEF1")
    w15 = "{http://schemas.microsoft.com/office/word/2012/wordml}"
    ext[-1].set(w15 + "paraIdParent", "0ABCDEF1")
    return _rewrite(marked, {"word/document.xml": etree.tostring(doc), "word/comments.xml": etree.tostring(comments),
                             "word/commentsExtended.xml": etree.tostring(ext)})


def _add_paragraph(docx: bytes, after: str, text: str) -> bytes:
    """A paragraph typed by a reviewer after the one that reads `after` (Enter at its end, then the text), as
    Word tracks it: that paragraph's mark inserted, the new one holding the text inserted and the old mark."""
    root = etree.fromstring(zipfile.ZipFile(io.BytesIO(docx)).read("word/document.xml"))
    p = next(p for p in root.iter(W + "p") if "".join(t.text or "" for t in p.iter(W + "t")) == after)
    who = {W + "author": REVIEWER, W + "date": word_date(WHEN)}
    new = etree.Element(W + "p")
    new.append(copy.deepcopy(p.find(W + "pPr")))
    ins = etree.SubElement(new, W + "ins", {W + "id": "8001", **who})
    t = etree.SubElement(etree.SubElement(ins, W + "r"), W + "t")
    t.text = text
    ppr = p.find(W + "pPr")
    rpr = ppr.find(W + "rPr")
    if rpr is None:
        rpr = etree.SubElement(ppr, W + "rPr")
    etree.SubElement(rpr, W + "ins", {W + "id": "8002", **who})
    p.addnext(new)
    return _rewrite(docx, {"word/document.xml": etree.tostring(root)})


def test_helpers_write_what_the_reader_reads():
    reviewed = _add_paragraph(_draft(), after="ບົດຮຽນທີໜຶ່ງ", text="ໃໝ່")
    assert [(c.kind, c.text) for c in read_review(reviewed).changes] == [("insertion", "\n"), ("insertion", "ໃໝ່")]
