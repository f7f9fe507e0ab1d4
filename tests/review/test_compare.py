"""Two drafts compared: the redline DOCX (tracked changes by reportgen), the figures that changed, the build's line.

The drafts are real builds of a small project: one workbook figure changed, one achievement added, one
achievement reworded between them.
"""

from __future__ import annotations

import hashlib
import io
import os
import shutil
import subprocess
import zipfile
from dataclasses import replace
from pathlib import Path

import pytest
from click.testing import CliRunner
from lxml import etree

from conftest import answer_empty_lists, minimal_form
from reportgen.cli import main
from reportgen.config import load_settings
from reportgen.messages import line
from reportgen.pipeline import build_report, compare_reports
from reportgen.review._redline import word_ops, words
from reportgen.review.compare import FigureChange, diff_reports, narrow
from reportgen.writers.xlsx.forms import Identity, save_bytes, set_item, set_value

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
NEW_ACHIEVEMENT = "ຝຶກອົບຮົມພະນັກງານປ້ອງກັນຄວາມສະຫງົບກ່ຽວກັບການກຳນົດຕົວຜູ້ຖືກເຄາະຮ້າຍ"
GONE_ACHIEVEMENT = "ກວດກາດ່ານຊາຍແດນຮ່ວມກັບເຈົ້າໜ້າທີ່ກວດຄົນເຂົ້າເມືອງ"


def _form(ident: Identity, received: int, *descriptions: str) -> bytes:
    wb = minimal_form(ident)
    set_value(wb, "cases", "received", "total", received)
    for i, description in enumerate(descriptions):
        set_item(wb, "achievements", i, {"area": "ການປ້ອງກັນ ແລະ ການໂຄສະນາສຶກສາອົບຮົມ", "description": description,
                                         "highlight": "ແມ່ນ"})
    answer_empty_lists(wb)
    return save_bytes(wb)


def _inputs(folder: Path, second: bool) -> None:
    """The national committee and two provinces. In the second draft Xayabury received 9 cases, not 4, and
    no longer lists its inspection of border crossings; Vientiane Capital lists one achievement more; the
    national committee worked in schools, not villages; and Champasak's form came in (no cases received)."""
    folder.mkdir(exist_ok=True)
    where = "ໂຮງຮຽນ" if second else "ບ້ານ"
    (folder / "national.xlsx").write_bytes(_form(Identity("national", 2019), 4, f"ໂຄສະນາເຜີຍແຜ່ໃນ{where}ຊາຍແດນ"))
    xa = ["ຈັດກອງປະຊຸມສຳມະນາກັບອຳນາດການປົກຄອງເມືອງ"] + ([] if second else [GONE_ACHIEVEMENT])
    (folder / "LA-XA.xlsx").write_bytes(_form(Identity("province", 2019, "LA-XA"), 9 if second else 4, *xa))
    vt = ["ເຜີຍແຜ່ກົດໝາຍຕ້ານການຄ້າມະນຸດທາງວິທະຍຸ"] + ([NEW_ACHIEVEMENT] if second else [])
    (folder / "LA-VT.xlsx").write_bytes(_form(Identity("province", 2019, "LA-VT"), 4, *vt))
    if second:
        (folder / "LA-CH.xlsx").write_bytes(_form(Identity("province", 2019, "LA-CH"), 0, "ປະຊຸມຄະນະກຳມະການແຂວງ"))


@pytest.fixture(scope="module")
def drafts(tmp_path_factory) -> dict:
    """Two builds in one output folder, as the secretariat makes them; the first kept as old.docx."""
    base = tmp_path_factory.mktemp("drafts")
    (base / "reportgen.toml").write_text("[report]\nyear = 2019\n", encoding="utf-8")
    _inputs(base / "inputs", second=False)
    here = Path.cwd()
    os.chdir(base)  # the workbooks are named as typed from here: inputs/LA-XA.xlsx
    try:
        settings = load_settings(base / "reportgen.toml")
        first = build_report(settings, ("docx",))
        report = base / "build" / "2019" / "report.docx"
        shutil.copy(report, base / "old.docx")
        _inputs(base / "inputs", second=True)
        second = build_report(settings, ("docx",))
        shutil.copy(report, base / "new.docx")
    finally:
        os.chdir(here)
    return {"base": base, "first": first, "second": second, "old": base / "old.docx", "new": base / "new.docx"}


@pytest.fixture(scope="module")
def compared(drafts) -> dict:
    before = {p: hashlib.sha256(p.read_bytes()).hexdigest() for p in (drafts["old"], drafts["new"])}
    result = compare_reports(drafts["old"], drafts["new"])
    after = {p: hashlib.sha256(p.read_bytes()).hexdigest() for p in (drafts["old"], drafts["new"])}
    return {**drafts, "result": result, "unchanged_inputs": before == after}


def _xml(path: Path | bytes, part: str = "word/document.xml"):
    with zipfile.ZipFile(io.BytesIO(path) if isinstance(path, bytes) else path) as z:
        return etree.fromstring(z.read(part))


def _paragraphs(root, view: str) -> list[str]:
    """Every paragraph's text as Word shows it with every change accepted ("new") or rejected ("old")."""
    gone, kept_text = (f"{W}del", f"{W}t") if view == "new" else (f"{W}ins", f"{W}delText")
    out = []
    for p in root.iter(f"{W}p"):
        if p.getparent().tag == f"{W}comment" or any(a.tag == f"{W}comment" for a in p.iterancestors()):
            continue
        row = next((a for a in p.iterancestors(f"{W}tr")), None)
        if row is not None and row.find(f"{W}trPr/{gone}") is not None:
            continue  # a row this view does not have
        mark = p.find(f"{W}pPr/{W}rPr/{gone}")
        chars = []
        for t in p.iter(f"{W}t", f"{W}delText"):
            if any(a.tag == gone for a in t.iterancestors()):
                continue
            if t.tag == f"{W}t" or t.tag == kept_text:
                chars.append(t.text or "")
        if mark is not None and not "".join(chars):
            continue  # a paragraph this view does not have
        out.append("".join(chars))
    return out


def _block_texts(root) -> dict[str, str]:
    """Each block bookmark's paragraph text, read plainly (w:t only)."""
    out = {}
    for p in root.iter(f"{W}p"):
        names = [b.get(f"{W}name") for b in p.iter(f"{W}bookmarkStart") if b.get(f"{W}name", "").startswith("rg_b")]
        if names:
            out[names[-1]] = "".join(t.text or "" for t in p.iter(f"{W}t"))
    return out


# ---- words -------------------------------------------------------------------------------------------------

def test_lao_is_compared_word_by_word_without_spaces():
    assert words("ໂຄສະນາເຜີຍແຜ່ໃນບ້ານ") == ("ໂຄສະນາ", "ເຜີຍແຜ່", "ໃນ", "ບ້ານ")
    old, new = "ໂຄສະນາເຜີຍແຜ່ໃນບ້ານຊາຍແດນ", "ໂຄສະນາເຜີຍແຜ່ໃນໂຮງຮຽນຊາຍແດນ"
    [(a, b, c, d)] = word_ops(old, new)
    assert (old[a:b], new[c:d]) == ("ບ້ານ", "ໂຮງຮຽນ")  # one word, where splitting on spaces gives the whole line
    [(a, b, c, d)] = word_ops("ໄດ້ຮັບແຈ້ງ 4 ເລື່ອງ", "ໄດ້ຮັບແຈ້ງ 1,234 ເລື່ອງ")
    assert (a, b, c, d) == (11, 12, 11, 16)


def test_a_totals_change_is_put_down_to_the_committees_whose_own_figures_changed_as_much():
    whole = ("inputs/national.xlsx", "inputs/LA-VT.xlsx", "inputs/LA-XA.xlsx", "inputs/LA-XA-0801.xlsx")
    xa = ("inputs/LA-XA.xlsx", "inputs/LA-XA-0801.xlsx")
    figures = [FigureChange("rg_f1", "ໄດ້ຮັບແຈ້ງ", "12", "17", workbooks=whole, key="cases.received.total"),
               FigureChange("rg_f2", "ໄຊຍະບູລີ", "4", "9", workbooks=xa, key="cases.received.total"),
               FigureChange("rg_f3", "ຍິງ", "6", "8", workbooks=whole, key="cases.suspects.women")]
    assert [f.workbooks for f in narrow(figures)] == [xa, xa, whole]
    short = [figures[0], replace(figures[1], new="7"), figures[2]]  # Xayabury's +3 does not make the total's +5
    assert narrow(short)[0].workbooks == whole
    unnamed = [replace(f, key="") for f in figures]  # a provenance that does not say which figure is which
    assert [f.workbooks for f in narrow(unnamed)] == [whole, xa, whole]


# ---- the build's line ----------------------------------------------------------------------------------------

def test_the_first_build_has_nothing_to_compare_with(drafts):
    assert drafts["first"].changes is None and drafts["first"].previous is None


def test_the_next_build_says_what_changed_since_the_previous_one(drafts):
    second = drafts["second"]
    assert second.previous == drafts["base"] / "build" / "2019" / "report.docx"
    changes = second.changes
    values = sorted((f.old, f.new) for f in changes.figures)
    assert ("12", "17") in values  # the national total of cases received
    assert ("4", "9") in values  # Xayabury's
    assert ("–", "10") in values  # Champasak's members, not reported before
    # Vientiane Capital's and Champasak's new achievements, among the highlights (the national report lists the
    # provinces' items in full no more: their reports do); Champasak's row in the table of committees that have
    # reported
    assert changes.inserted == 3
    # Xayabury's achievement (highlights), and Champasak in the list of committees not heard from
    assert changes.deleted == 2
    assert changes.changed > 5  # the national achievement reworded, counts of achievements and committees…
    assert changes == diff_reports(drafts["old"].read_bytes(), drafts["new"].read_bytes())


def test_no_change_is_no_change(drafts):
    data = drafts["new"].read_bytes()
    changes = diff_reports(data, data)
    assert (changes.figures, changes.paragraphs) == ([], 0)
    assert changes.matched > 30


# ---- the redline -----------------------------------------------------------------------------------------

def test_the_redline_is_written_beside_the_new_draft_and_the_drafts_are_not_touched(compared):
    assert compared["result"].out == compared["new"].with_name("new-compare.docx")
    assert compared["result"].out.is_file()
    assert compared["unchanged_inputs"]


def test_accepting_every_change_gives_the_new_draft_and_rejecting_them_the_old(compared):
    red = _xml(compared["result"].out)
    assert _paragraphs(red, "new") == _paragraphs(_xml(compared["new"]), "new")
    assert _paragraphs(red, "old") == _paragraphs(_xml(compared["old"]), "new")
    assert any("ໂຮງຮຽນ" in p for p in _paragraphs(red, "new"))  # Lao as it was written


def test_a_changed_figure_is_a_deletion_and_an_insertion_inside_its_bookmark(compared):
    red = _xml(compared["result"].out)
    figure = next(f for f in compared["result"].changes.figures if (f.old, f.new) == ("12", "17"))
    start = next(b for b in red.iter(f"{W}bookmarkStart") if b.get(f"{W}name") == figure.figure)
    inside, node = [], start.getnext()
    while not (node.tag == f"{W}bookmarkEnd" and node.get(f"{W}id") == start.get(f"{W}id")):
        inside.append(node)
        node = node.getnext()
    assert [(n.tag, "".join(n.itertext()), n.get(f"{W}author")) for n in inside] == [
        (f"{W}del", "12", "reportgen"), (f"{W}ins", "17", "reportgen")]
    assert inside[0].get(f"{W}date") == "2020-02-13T08:00:00Z" or inside[0].get(f"{W}date", "").endswith("Z")
    run = inside[0].find(f"{W}r")
    assert run.find(f"{W}rPr/{W}rStyle").get(f"{W}val") == "Figure"  # the old figure keeps its look


def test_unchanged_blocks_carry_no_revision(compared):
    old, new = _block_texts(_xml(compared["old"])), _block_texts(_xml(compared["new"]))
    same = {name for name in new if old.get(name) == new[name]}
    assert len(same) > 30
    red = _xml(compared["result"].out)
    revised = set()
    for p in red.iter(f"{W}p"):
        names = [b.get(f"{W}name") for b in p.iter(f"{W}bookmarkStart") if b.get(f"{W}name", "").startswith("rg_b")]
        if names and next(p.iter(f"{W}ins", f"{W}del"), None) is not None:
            revised.add(names[-1])
    assert revised and not revised & same


def test_an_added_achievement_is_an_inserted_paragraph(compared):
    red = _xml(compared["result"].out)
    p = next(p for p in red.iter(f"{W}p") if NEW_ACHIEVEMENT in "".join(p.itertext()))
    assert p.find(f"{W}pPr/{W}rPr/{W}ins") is not None
    assert all(r.getparent().tag == f"{W}ins" for r in p.iter(f"{W}r") if r.find(f"{W}t") is not None)


def test_a_removed_achievement_is_a_deleted_paragraph_where_it_was(compared):
    red = _xml(compared["result"].out)
    gone = [p for p in red.iter(f"{W}p") if GONE_ACHIEVEMENT in "".join(p.itertext())]
    assert len(gone) == 1  # among the highlights (a province's full list is in its own report)
    for p in gone:
        assert p.find(f"{W}pPr/{W}rPr/{W}del") is not None
        assert not list(p.iter(f"{W}t")) and all(r.getparent().tag == f"{W}del" for r in p.iter(f"{W}r"))
        assert not list(p.iter(f"{W}bookmarkStart"))  # the old file's bookmarks stay in the old file
    # where it was: rejecting the changes gives the old draft (test_accepting_every_change…)


def test_a_row_added_to_a_table_is_an_inserted_row(compared):
    red = _xml(compared["result"].out)
    rows = [tr for tr in red.iter(f"{W}tr") if tr.find(f"{W}trPr/{W}ins") is not None]
    assert [next(tr.iter(f"{W}t")).text.replace("\u2060", "") for tr in rows] == ["ແຂວງຈຳປາສັກ"]
    assert all(r.getparent().tag == f"{W}ins" for r in rows[0].iter(f"{W}r"))


def test_a_reworded_sentence_shows_the_word_that_changed(compared):
    red = _xml(compared["result"].out)
    p = next(p for p in red.iter(f"{W}p") if "ໂຮງຮຽນຊາຍແດນ" in "".join(t.text or "" for t in p.iter(f"{W}t")))
    assert ["".join(d.itertext()) for d in p.iter(f"{W}del")] == ["ບ້ານ"]
    assert ["".join(i.itertext()) for i in p.iter(f"{W}ins")] == ["ໂຮງຮຽນ"]


def test_the_figures_that_changed_are_listed_with_their_workbooks(compared):
    figures = compared["result"].changes.figures
    xa = next(f for f in figures if (f.old, f.new) == ("4", "9"))
    assert "ໄຊຍະບູລີ" in xa.label  # Xayabury's row of a table
    assert "inputs/LA-XA.xlsx" in xa.workbooks
    comments = _xml(compared["result"].out, "word/comments.xml")
    summary = next(c for c in comments.iter(f"{W}comment")
                   if "compared with old.docx" in "".join(c.itertext()))
    lines = ["".join(t.text for t in p.iter(f"{W}t")) for p in summary.iter(f"{W}p")]
    assert lines[0] == str(line("compare.summary", old="old.docx", n_figures=len(figures),
                                n_paragraphs=compared["result"].changes.paragraphs))
    assert lines[1:] == [f.line for f in figures]
    assert summary.get(f"{W}author") == "reportgen"


def test_the_new_drafts_bookmarks_comments_and_properties_are_kept(compared):
    new, red = compared["new"], compared["result"].out
    names = lambda root: [b.get(f"{W}name") for b in root.iter(f"{W}bookmarkStart")]  # noqa: E731
    assert names(_xml(red)) == names(_xml(new))
    old_comments = [c.get(f"{W}id") for c in _xml(new, "word/comments.xml").iter(f"{W}comment")]
    red_comments = [c.get(f"{W}id") for c in _xml(red, "word/comments.xml").iter(f"{W}comment")]
    assert red_comments[:len(old_comments)] == old_comments and len(red_comments) == len(old_comments) + 1
    with zipfile.ZipFile(new) as a, zipfile.ZipFile(red) as b:
        for name in a.namelist():
            if name not in ("word/document.xml", "word/comments.xml"):
                assert a.read(name) == b.read(name), name


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice not installed")
def test_libreoffice_opens_the_redline_and_keeps_its_changes(compared, tmp_path):
    src = tmp_path / "in" / "redline.docx"
    src.parent.mkdir()
    shutil.copy(compared["result"].out, src)
    for fmt in ("pdf", "docx"):
        subprocess.run(["soffice", f"-env:UserInstallation=file://{tmp_path}/profile", "--headless",
                        "--convert-to", fmt, "--outdir", str(tmp_path / "out"), str(src)],
                       check=True, capture_output=True, timeout=240)
    text = subprocess.run(["pdftotext", str(tmp_path / "out" / "redline.pdf"), "-"], capture_output=True,
                          text=True, check=True).stdout
    assert "ໂຮງຮຽນ" in text and "1217" in text.replace(" ", "")  # the deleted figure shown beside the new
    saved = _xml(tmp_path / "out" / "redline.docx")
    assert "".join(t.text for d in saved.iter(f"{W}del") for t in d.iter(f"{W}delText")).count("12") >= 1
    assert {i.get(f"{W}author") for i in saved.iter(f"{W}ins")} == {"reportgen"}
    assert _paragraphs(saved, "new")[-5:] == _paragraphs(_xml(compared["new"]), "new")[-5:]
    comments = _xml(tmp_path / "out" / "redline.docx", "word/comments.xml")
    assert any("compared with old.docx" in "".join(c.itertext()) for c in comments.iter(f"{W}comment"))


# ---- drafts reviewers worked in ----------------------------------------------------------------------------

REVIEWER = "ນາງ ສົມໃຈ"


def _with_pending_changes(src: Path, dst: Path) -> None:
    """`src` as a reviewer leaves it in Word (markup written to the spec): an insertion at the start of the
    sentence of national totals, a deletion of the first run of Vientiane Capital's achievement."""
    with zipfile.ZipFile(src) as z:
        parts = {i.filename: z.read(i.filename) for i in z.infolist()}
    root = etree.fromstring(parts["word/document.xml"])
    paragraphs = list(root.iter(f"{W}p"))
    mark = {f"{W}author": REVIEWER, f"{W}date": "2020-03-01T10:00:00Z"}
    p = next(p for p in paragraphs if "ໄດ້ຮັບການແຈ້ງຄວາມ ແລະ ຄຳຮ້ອງ" in "".join(p.itertext()))
    ins = etree.Element(f"{W}ins", {f"{W}id": "9001", **mark})
    p.find(f"{W}r").addprevious(ins)
    etree.SubElement(etree.SubElement(ins, f"{W}r"), f"{W}t").text = "ລາຍງານວ່າ "
    p = next(p for p in paragraphs if "ເຜີຍແຜ່ກົດໝາຍ" in "".join(p.itertext()))
    run, gone = p.find(f"{W}r"), etree.Element(f"{W}del", {f"{W}id": "9002", **mark})
    run.addprevious(gone)
    gone.append(run)
    for t in run.iter(f"{W}t"):
        t.tag = f"{W}delText"
    parts["word/document.xml"] = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    with zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts.items():
            z.writestr(name, data)


def _resave_in_libreoffice(src: Path, folder: Path) -> Path:
    subprocess.run(["soffice", f"-env:UserInstallation=file://{folder}/profile", "--headless", "--convert-to",
                    "docx", "--outdir", str(folder / "saved"), str(src)], check=True, capture_output=True, timeout=240)
    return folder / "saved" / src.name


def _summary(changes) -> tuple:
    return [(f.figure, f.old, f.new) for f in changes.figures], changes.changed, changes.inserted, changes.deleted


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice not installed")
def test_an_old_draft_reviewed_and_saved_by_libreoffice_compares_as_it_was_generated(compared, tmp_path):
    reviewed = tmp_path / "reviewed.docx"
    _with_pending_changes(compared["old"], reviewed)
    saved = _resave_in_libreoffice(reviewed, tmp_path)
    assert {i.get(f"{W}author") for i in _xml(saved).iter(f"{W}ins")} == {REVIEWER}
    new = compared["new"].read_bytes()
    assert _summary(diff_reports(saved.read_bytes(), new)) == _summary(compared["result"].changes)


def test_a_paragraph_with_a_reviewers_pending_change_is_left_as_it_is_and_the_old_text_quoted(compared, tmp_path):
    carried = tmp_path / "carried.docx"
    _with_pending_changes(compared["new"], carried)  # as carrying the review forward leaves the next draft
    result = compare_reports(compared["old"], carried)
    assert len(result.changes.unmarked) == 1
    assert _summary(result.changes)[1:] == _summary(compared["result"].changes)[1:]
    red = _xml(result.out)
    p = next(p for p in red.iter(f"{W}p") if "ລາຍງານວ່າ" in "".join(p.itertext()))
    assert {m.get(f"{W}author") for m in p.iter(f"{W}ins", f"{W}del")} == {REVIEWER}  # none of ours in it
    ref = p.findall(f".//{W}commentReference")[-1].get(f"{W}id")  # ours comes after the machine comments
    comment = next(c for c in _xml(result.out, "word/comments.xml").iter(f"{W}comment") if c.get(f"{W}id") == ref)
    said = ["".join(t.text for t in q.iter(f"{W}t")) for q in comment.iter(f"{W}p")]
    assert said[0] == str(line("compare.previous_text", old="old.docx"))
    assert said[1].startswith("ໃນປີ 2019, ໄດ້ຮັບການແຈ້ງຄວາມ ແລະ ຄຳຮ້ອງ 12 ເລື່ອງ")
    # the reviewer's other change, in a paragraph that did not change, is kept as it was too
    kept = next(p for p in red.iter(f"{W}p") if "ເຜີຍແຜ່ກົດໝາຍ" in "".join(p.itertext()))
    assert [d.get(f"{W}author") for d in kept.iter(f"{W}del")] == [REVIEWER]


def _without_comments(src: Path, dst: Path) -> None:
    """`src` as a report with nothing for reviewers to look at: no comments part at all."""
    with zipfile.ZipFile(src) as z:
        parts = {i.filename: z.read(i.filename) for i in z.infolist() if i.filename != "word/comments.xml"}
    root = etree.fromstring(parts["word/document.xml"])
    for e in list(root.iter(f"{W}commentRangeStart", f"{W}commentRangeEnd", f"{W}commentReference")):
        gone = e.getparent() if e.tag == f"{W}commentReference" else e  # a reference is a run of its own
        gone.getparent().remove(gone)
    parts["word/document.xml"] = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    for name in ("word/_rels/document.xml.rels", "[Content_Types].xml"):
        xml = etree.fromstring(parts[name])
        for e in [e for e in xml if "comments" in (e.get("Type", "") + e.get("PartName", ""))]:
            xml.remove(e)
        parts[name] = etree.tostring(xml, xml_declaration=True, encoding="UTF-8", standalone=True)
    with zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts.items():
            z.writestr(name, data)


def test_a_draft_without_comments_gets_its_comments_part_for_the_summary(compared, tmp_path):
    plain = tmp_path / "plain.docx"
    _without_comments(compared["new"], plain)
    result = compare_reports(compared["old"], plain)
    with zipfile.ZipFile(result.out) as z:
        rels = z.read("word/_rels/document.xml.rels").decode()
        types = z.read("[Content_Types].xml").decode()
        comments = etree.fromstring(z.read("word/comments.xml"))
    assert 'Target="comments.xml"' in rels and 'PartName="/word/comments.xml"' in types
    [summary] = comments.iter(f"{W}comment")
    assert "compared with old.docx" in "".join(summary.itertext())
    ref = next(_xml(result.out).iter(f"{W}commentReference")).get(f"{W}id")
    assert ref == summary.get(f"{W}id")


# ---- the command line -----------------------------------------------------------------------------------

def test_compare_command_writes_the_redline_and_lists_the_figures(compared, tmp_path, monkeypatch):
    monkeypatch.chdir(compared["base"])
    out = tmp_path / "redline.docx"
    r = CliRunner().invoke(main, ["compare", "old.docx", "new.docx", "--out", str(out)])
    assert r.exit_code == 0, r.output
    lines = r.output.splitlines()
    assert lines[0] == line("cli.wrote", path=out)
    changes = compared["result"].changes
    assert lines[1] == line("compare.summary", old="old.docx", n_figures=len(changes.figures),
                            n_paragraphs=changes.paragraphs)
    assert len(changes.figures) == 34  # the tables, the sentences and the figures' data tables
    assert lines[2:] == ["  " + f.line for f in changes.figures[:20]] + [
        "  " + line("compare.more_in_file", n=14, path=out)]  # the first 20; the comment in the file has them all
    assert out.is_file()


def test_the_build_prints_what_changed(drafts, tmp_path, monkeypatch):
    shutil.copytree(drafts["base"] / "inputs", tmp_path / "inputs")
    (tmp_path / "reportgen.toml").write_text("[report]\nyear = 2019\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    r = CliRunner().invoke(main, ["build", "--to", "docx", "-q"])
    assert r.exit_code == 0 and "previous build" not in r.output
    r = CliRunner().invoke(main, ["build", "--to", "docx", "-q"])
    assert r.output.splitlines()[-1] == line("compare.unchanged_since", previous="build/2019/report.docx")
    report = tmp_path / "build" / "2019" / "report.docx"
    report.write_bytes(drafts["old"].read_bytes())  # as if a reviewer had saved the old draft there
    r = CliRunner().invoke(main, ["build", "--to", "docx", "-q"])
    assert r.exit_code == 0, r.output
    n = drafts["second"].changes
    assert r.output.endswith(line("compare.since_previous", previous="build/2019/report.docx",
                                  n_figures=len(n.figures), n_paragraphs=n.paragraphs,
                                  command="reportgen compare build/2019/report.docx build/2019/report-2.docx")
                             + "\n")


@pytest.mark.parametrize("make, code", [
    (lambda p: None, "compare.not_found"),
    (lambda p: p.write_text("not a docx", encoding="utf-8"), "compare.not_docx"),
    (lambda p: p.mkdir(), "compare.not_docx"),
])
def test_a_draft_that_cannot_be_read_is_a_clear_error(compared, tmp_path, make, code):
    bad = tmp_path / "bad.docx"
    make(bad)
    r = CliRunner().invoke(main, ["compare", str(bad), str(compared["new"])])
    assert r.exit_code == 6  # like `review`: the report given could not be read
    assert r.output == line(code, bad) + "\n"
    assert not (tmp_path / "new-compare.docx").exists()


def test_the_redline_never_replaces_a_draft(compared):
    r = CliRunner().invoke(main, ["compare", str(compared["old"]), str(compared["new"]), "--out", str(compared["new"])])
    assert r.exit_code == 6
    assert r.output == line("compare.out_is_input", compared["new"]) + "\n"
