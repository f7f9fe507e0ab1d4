"""The Word file reviewers work in: styles, numbering, contents, page furniture, comments, provenance."""

from __future__ import annotations

import io
import os
import re
import shutil
import subprocess
import zipfile
from dataclasses import replace
from pathlib import Path

import pytest
from lxml import etree

from docx_lint import lint
from reportgen.aggregate import aggregate
from reportgen.config import Settings, load_settings
from reportgen.model.document import SAMPLE_MARK
from reportgen.narrative import build_document
from reportgen.readers.workbook import read_workbook
from reportgen.writers.docx import PROVENANCE_NAMESPACE, bookmark_name, read_provenance, write_docx
from reportgen.writers.xlsx.forms import Identity, set_value

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
ROOT = Path(__file__).resolve().parents[2]


def xml(docx: Path | bytes, name: str):
    z = zipfile.ZipFile(io.BytesIO(docx) if isinstance(docx, bytes) else docx)
    return etree.fromstring(z.read(name))


def texts(root) -> list[str]:
    return ["".join(t.text or "" for t in p.iter(f"{W}t")) for p in root.iter(f"{W}p")]


def provenance_part(docx) -> bytes:
    """The bytes of the provenance part, wherever Word or LibreOffice put it (customXml/itemN.xml)."""
    z = zipfile.ZipFile(io.BytesIO(docx) if isinstance(docx, bytes) else docx)
    return next(z.read(n) for n in z.namelist() if re.fullmatch(r"customXml/item\d+\.xml", n)
                and PROVENANCE_NAMESPACE.encode() in z.read(n))


def comment_texts(docx) -> list[str]:
    """Each comment's text, its paragraphs one a line."""
    return ["\n".join("".join(t.text or "" for t in p.iter(f"{W}t")) for p in c.iter(f"{W}p"))
            for c in xml(docx, "word/comments.xml").iter(f"{W}comment")]


_PLACES = re.compile(r"([^\s:;]+\.xlsx)(?: › ([^›;:\n]+?))?(?: › ((?:[A-Z]+\d+)(?:, [A-Z]+\d+)*))?(?=[;:\n]|$)")


def places_named(texts) -> set[tuple[str, str, str]]:
    """Every (workbook, sheet, cell) the texts name, as "file › sheet › C5, D5" (cell "" for a whole sheet)."""
    out = set()
    for t in texts:
        for m in _PLACES.finditer(t):
            file, sheet, cells = m.groups()
            out |= {(file, sheet or "", c) for c in (cells.split(", ") if cells else [""])}
    return out


# ---- complex-script lint ------------------------------------------------------------------------------

def test_every_lao_run_resolves_to_the_lao_font(built_example: Path):
    assert lint(built_example / "report.docx") == []


def test_lint_catches_a_run_in_another_font(built_example: Path, tmp_path: Path):
    src = zipfile.ZipFile(built_example / "report.docx")
    bad = tmp_path / "bad.docx"
    with zipfile.ZipFile(bad, "w") as out:
        for info in src.infolist():
            body = src.read(info.filename)
            if info.filename == "word/document.xml":
                body = body.replace(b"<w:r><w:t", b'<w:r><w:rPr><w:rFonts w:cs="Arial"/><w:b/><w:bCs w:val="0"/></w:rPr><w:t', 1)
            out.writestr(info, body)
    problems = lint(bad)
    assert any("font slots ['cs']" in p for p in problems)
    assert any("bold without bCs" in p for p in problems)


# ---- navigation ---------------------------------------------------------------------------------------

def test_headings_are_numbered_by_word_numbering(built_example: Path):
    styles = xml(built_example / "report.docx", "word/styles.xml")
    numbering = xml(built_example / "report.docx", "word/numbering.xml")
    h1 = next(s for s in styles.iter(f"{W}style") if s.get(f"{W}styleId") == "Heading1")
    num_id = h1.find(f"{W}pPr/{W}numPr/{W}numId").get(f"{W}val")
    num = next(n for n in numbering.iter(f"{W}num") if n.get(f"{W}numId") == num_id)
    abstract_id = num.find(f"{W}abstractNumId").get(f"{W}val")
    abstract = next(a for a in numbering.iter(f"{W}abstractNum") if a.get(f"{W}abstractNumId") == abstract_id)
    levels = [(lv.find(f"{W}numFmt").get(f"{W}val"), lv.find(f"{W}lvlText").get(f"{W}val"))
              for lv in abstract.iter(f"{W}lvl")]
    assert levels == [("upperRoman", "%1."), ("decimal", "%2."), ("decimal", "%2.%3")]
    body = xml(built_example / "report.docx", "word/document.xml")
    headings = [p for p in body.iter(f"{W}p") if p.find(f"{W}pPr/{W}pStyle") is not None
                and p.find(f"{W}pPr/{W}pStyle").get(f"{W}val") in ("Heading1", "Heading2", "Heading3")]
    first = "".join(t.text or "" for t in headings[0].iter(f"{W}t"))
    assert first == "ສະພາບລວມ"  # no typed "I."
    annex = next(h for h in headings if "".join(t.text or "" for t in h.iter(f"{W}t")) == "ເອກະສານຊ້ອນທ້າຍ")
    assert annex.find(f"{W}pPr/{W}numPr/{W}numId").get(f"{W}val") == "0"  # the annex is not numbered


def test_contents_is_a_toc_field_prefilled_with_the_headings(built_example: Path):
    body = xml(built_example / "report.docx", "word/document.xml")
    instr = "".join(t.text for t in body.iter(f"{W}instrText"))
    assert 'TOC \\o "1-3"' in instr
    begin = next(f for f in body.iter(f"{W}fldChar") if f.get(f"{W}fldCharType") == "begin"
                 and f.get(f"{W}dirty") == "true")
    assert begin is not None
    toc = [p for p in body.iter(f"{W}p") if (p.find(f"{W}pPr/{W}pStyle") is not None
                                               and p.find(f"{W}pPr/{W}pStyle").get(f"{W}val").startswith("TOC")
                                               and p.find(f"{W}pPr/{W}pStyle").get(f"{W}val") != "TOCHeading")]
    pages = [[t.text or "" for t in p.iter(f"{W}t")] for p in toc]
    figures = ["".join(texts).strip() for texts in pages if "".join(texts).startswith("ແຜນວາດທີ ")]  # after the contents
    assert [f.split(":")[0] for f in figures] == [f"ແຜນວາດທີ {n}" for n in range(1, 6)]
    pages = [texts for texts in pages if not "".join(texts).startswith("ແຜນວາດທີ ")]
    assert all(texts[-1].isdigit() for texts in pages)  # each with its page (writers/docx/pages.py)
    entries = ["".join(texts[:-1]).strip() for texts in pages]
    headings = []
    for p in body.iter(f"{W}p"):
        style = p.find(f"{W}pPr/{W}pStyle")
        if style is not None and style.get(f"{W}val") in ("Heading1", "Heading2", "Heading3"):
            headings.append("".join(t.text or "" for t in p.iter(f"{W}t")))
    assert len(entries) == len(headings) > 20
    assert [e.split(" ", 1)[-1] for e in entries if not e.startswith("ເອກະສານ")][:3] == [h for h in headings][:3]
    settings = xml(built_example / "report.docx", "word/settings.xml")
    assert settings.find(f"{W}updateFields").get(f"{W}val") == "true"


# ---- page furniture ------------------------------------------------------------------------------------

def test_a4_page_numbers_running_header_and_plain_title_page(built_example: Path):
    body = xml(built_example / "report.docx", "word/document.xml")
    sect = body.find(f"{W}body/{W}sectPr")
    size = sect.find(f"{W}pgSz")
    assert (size.get(f"{W}w"), size.get(f"{W}h")) == ("11906", "16838")
    assert sect.find(f"{W}titlePg") is not None
    z = zipfile.ZipFile(built_example / "report.docx")
    footers = [etree.fromstring(z.read(n)) for n in z.namelist() if n.startswith("word/footer")]
    for f in footers:
        instr = "".join(t.text for t in f.iter(f"{W}instrText"))
        assert "PAGE" in instr and "NUMPAGES" in instr and "".join(texts(f)).startswith("ໜ້າ ")
    headers = ["".join(texts(etree.fromstring(z.read(n)))) for n in z.namelist() if n.startswith("word/header")]
    # the running header, and on the title page none but the sample mark (the example is sample data)
    assert "ບົດລາຍງານວຽກງານຕ້ານການຄ້າມະນຸດ ປະຈຳປີ 2019" + SAMPLE_MARK in headers and SAMPLE_MARK in headers


def test_tables_have_numbered_seq_captions(built_example: Path):
    body = xml(built_example / "report.docx", "word/document.xml")
    captions = [p for p in body.iter(f"{W}p") if p.find(f"{W}pPr/{W}pStyle") is not None
                and p.find(f"{W}pPr/{W}pStyle").get(f"{W}val") == "Caption"]
    assert len(captions) == len(list(body.iter(f"{W}tbl")))  # a chart's data table has the chart's caption
    first = captions[0]
    assert "SEQ Table" in "".join(t.text for t in first.iter(f"{W}instrText"))
    assert "".join(t.text or "" for t in first.iter(f"{W}t")).startswith("ຕາຕະລາງທີ 1: ")


# ---- review aids ---------------------------------------------------------------------------------------

def test_track_changes_on_by_default_and_configurable(built_example: Path, write_form, tmp_path: Path):
    settings = xml(built_example / "report.docx", "word/settings.xml")
    assert settings.find(f"{W}trackRevisions") is not None
    data = aggregate([read_workbook(write_form())], 2019)
    off = Settings(base=tmp_path, track_changes=False)
    blob = write_docx(build_document(data, off), off)
    assert xml(blob, "word/settings.xml").find(f"{W}trackRevisions") is None


def test_data_warnings_become_comments_anchored_where_they_belong(write_form, tmp_path: Path):
    from reportgen.check import check
    from reportgen.contract import schema

    def edit(wb):
        for r in schema.VICTIMS.rows:
            set_value(wb, "victims", r.key, "women", 1)
            for c in ("girls", "men", "boys"):
                set_value(wb, "victims", r.key, c, 0)
        for r in schema.VICTIM_PLACES.rows:
            set_value(wb, "victim_places", r.key, "total", 0)
    subs = [read_workbook(write_form(edit=edit)),
            read_workbook(write_form("d.xlsx", Identity("district", 2019, "LA-XA", "0801")))]
    warnings = [i for i in check(subs, 2019) if not i.is_error]
    assert [w.code for w in warnings] == ["victims.places_mismatch"]
    data = aggregate(subs, 2019, warnings=warnings)
    s = Settings(base=tmp_path)
    blob = write_docx(build_document(data, s), s)
    comments = xml(blob, "word/comments.xml")
    by_id = {c.get(f"{W}id"): (c.get(f"{W}author"), "".join(t.text or "" for t in c.iter(f"{W}t")))
             for c in comments.iter(f"{W}comment")}
    assert all(author == "reportgen" for author, _ in by_id.values())
    body = xml(blob, "word/document.xml")

    def anchored(fragment: str) -> list[str]:
        """Texts of the paragraphs that hold a comment whose text contains `fragment`."""
        ids = {i for i, (_, t) in by_id.items() if fragment in t}
        out = []
        for p in body.iter(f"{W}p"):
            if {s.get(f"{W}id") for s in p.iter(f"{W}commentRangeStart")} & ids:
                out.append("".join(t.text or "" for t in p.iter(f"{W}t")))
        return out

    assert any("ສະຖານທີ່ຖືກຂູດຮີດ" in t for t in anchored("victims by place"))  # the table's caption
    assert any(t.startswith("ໄດ້ຮັບບົດລາຍງານທັງໝົດ 2") for t in anchored("submissions missing"))
    # a table one committee left partly empty: one comment on its caption, naming it with the cells it left empty
    assert anchored("1 committee did not report or left some cells empty: d.xlsx › 8 ") == [
        "ຕາຕະລາງທີ 6: ຜູ້ຖືກເຄາະຮ້າຍ ແຍກຕາມສະຖານທີ່ຖືກຂູດຮີດ"]
    # a sentence gets one comment for all its figures, each committee on a line of its own
    sentence = next(p for p in body.iter(f"{W}p") if "".join(t.text or "" for t in p.iter(f"{W}t")).startswith(
        "ມີຜູ້ຖືກເຄາະຮ້າຍ"))
    said = [by_id[s.get(f"{W}id")][1] for s in sentence.iter(f"{W}commentRangeStart")]
    assert len(said) == 2 and said[0].startswith("ຕົວເລກບໍ່ຄົບ: 2 ຄະນະ") and "ຄຳເຕືອນ" in said[1]
    # the warning is one comment wherever its figures are, on the sentences and tables they are in
    warned = anchored("check warning: LA-XA.xlsx")
    assert any("!" in t for t in warned) and len(warned) == len(set(warned))
    assert all(not list(tc.iter(f"{W}commentRangeStart")) for tc in body.iter(f"{W}tc"))  # none on cells


def test_machine_comments_off_leaves_the_marks_and_the_legend(write_form, tmp_path: Path):
    def edit(wb):
        set_value(wb, "victims", "labour", "women", 3)  # the rest of the row left empty: a partial total
    data = aggregate([read_workbook(write_form(edit=edit))], 2019)
    on, off = Settings(base=tmp_path), Settings(base=tmp_path, machine_comments=False)
    with_comments, without = write_docx(build_document(data, on), on), write_docx(build_document(data, off), off)
    assert len(comment_texts(with_comments)) > 3
    assert "word/comments.xml" not in zipfile.ZipFile(io.BytesIO(without)).namelist() or comment_texts(without) == []
    body = "\n".join(texts(xml(without, "word/document.xml")))
    assert "3*" in body and "ເຄື່ອງໝາຍ * ໝາຍເຖິງ" in body  # the marks and the legend stay
    assert "ເບິ່ງຄຳເຫັນ" in "\n".join(texts(xml(with_comments, "word/document.xml")))
    assert "ເບິ່ງຄຳເຫັນ" not in body and "see the comments" not in body  # the legend points at none


# ---- provenance -----------------------------------------------------------------------------------------

def _provenance(docx) -> dict[str, str]:
    """Every block bookmark (rg_b…) with its source as one line; every bookmark in the file."""
    body = xml(docx, "word/document.xml")
    props = read_provenance(docx if isinstance(docx, bytes) else Path(docx))
    names = [b.get(f"{W}name") for b in body.iter(f"{W}bookmarkStart")]
    assert set(props) <= set(names)
    return {n: str(props[n]) for n in names if n.startswith("rg_b")}


def test_every_block_carries_its_source(built_example: Path):
    prov = _provenance(built_example / "report.docx")
    assert len(prov) > 100
    assert all(re.search(r"\.xml\.j2:\d+", v) for v in prov.values())
    rows = [v for v in prov.values() if "› ແຖວ/row" in v]
    assert rows and all(re.search(r"inputs/[\w-]+\.xlsx › \d+ \S+ › ແຖວ/row \d+", v) for v in rows)


@pytest.fixture(scope="module")
def example_data():
    from reportgen.collecting.history import PreviousYear
    from reportgen.pipeline import check_folder

    s = load_settings(ROOT / "reportgen.toml")
    result = check_folder(s.path(s.inputs), s.year, expected_districts=s.expected_districts,
                          previous=PreviousYear.from_settings(s))  # as the build does
    return s, aggregate(result.submissions, result.year, expected_districts=s.expected_districts,
                        warnings=result.warnings, previous=result.history)


def test_the_sentence_of_national_totals_records_its_figures_cells(built_example: Path, example_data):
    """A sentence of totals names no workbook itself: the part records, for each of its figures, every cell that
    gave the value and every cell left empty."""
    _, data = example_data
    prov = read_provenance(built_example / "report.docx")
    sentence = next(p for p in prov.values() if p.kind == "paragraph" and p.text.startswith("ງົບປະມານທີ່ນຳໃຊ້"))
    assert sentence.template == "results.xml.j2" and sentence.origin == ()
    keys = ["budget.all.total", "budget.government.total", "budget.external.total"]  # the total, then its parts
    assert [f.figure for f in sentence.figures] == keys
    for f in sentence.figures:
        total = data.t(f.figure)
        assert f.value == total.value and f.sources == total.sources and f.missing_from == total.missing_from
        assert len(f.sources) > 15 and f.partial and set(f.reported_by) == set(total.reported_by)
    assert all(prov[bookmark_name(f.id)].parent == sentence.bookmark for f in sentence.figures)


def test_every_figure_and_block_of_the_example_reads_back_as_built(built_example: Path, example_data):
    from reportgen.model.document import FigureRun, ListBlock, Table

    settings, data = example_data
    doc = build_document(data, settings)
    prov = read_provenance(built_example / "report.docx")
    figures = []
    for b in doc.blocks:
        if isinstance(b, Table):
            runs = b.caption + [r for row in b.head + b.body for c in row for r in c.runs]
        elif isinstance(b, ListBlock):
            runs = [r for item in b.items for r in item.runs]
            assert all(prov[bookmark_name(i.id)].source == i.source for i in b.items)
        else:
            runs = getattr(b, "runs", [])
        figures += [r for r in runs if isinstance(r, FigureRun)]
        if bookmark_name(b.id) in prov:
            assert prov[bookmark_name(b.id)].source == b.source
    assert len(figures) > 500
    assert [prov[bookmark_name(f.id)].figures for f in figures] == [(f,) for f in figures]


def test_one_comment_per_table_or_sentence_and_every_place_still_named(built_example: Path, example_data):
    """Before: a comment per figure (one remark each as the templates filed them). Now: one per table or
    sentence, plus one per warning; every workbook, sheet and cell those named is named still."""
    from reportgen.narrative import render_markup

    settings, data = example_data
    _, marks = render_markup(data, settings)
    per_figure = [r.text for r in marks.remarks]
    comments = comment_texts(built_example / "report.docx")
    assert len(per_figure) > 50 and len(comments) * 10 < len(per_figure)
    assert places_named(comments) == places_named(per_figure) and len(places_named(comments)) > 50
    caption = next(c for c in comments if "13 ງົບປະມານ" in c)
    lines = caption.split("\n")
    assert lines[0].startswith("ຕົວເລກບໍ່ຄົບ: 28 ຄະນະ") and "incomplete: 28 committees" in lines[0]
    assert len(lines) == 29 and lines[1] == "inputs/LA-AT-1701.xlsx › 13 ງົບປະມານ › E5, E6"  # a committee a line


def test_bookmark_names_do_not_move_when_a_paragraph_is_added(write_form, tmp_path: Path):
    """A block's bookmark is named after its source, so a paragraph added elsewhere renames nothing."""
    from reportgen.writers.xlsx.forms import set_item

    def build(extra: bool) -> dict[str, str]:
        def edit(wb):
            set_item(wb, "lessons", 0, {"lesson": "ບົດຮຽນທີໜຶ່ງ"})
            set_item(wb, "lessons", 2, {"lesson": "ບົດຮຽນທີສາມ"})
            # an area with work already (an empty area is said in a sentence that its first item replaces)
            set_item(wb, "achievements", 0, {"area": "ການຈັດຕັ້ງ ແລະ ການປະສານງານ", "description": "ຜົນງານທຳອິດ"})
            if extra:
                set_item(wb, "lessons", 1, {"lesson": "ບົດຮຽນທີ່ເພີ່ມເຂົ້າ"})
                set_item(wb, "achievements", 1, {"area": "ການຈັດຕັ້ງ ແລະ ການປະສານງານ", "description": "ຜົນງານໃໝ່"})
        # the national committee's: the national report lists its items one by one (a province's, its own report)
        sub = read_workbook(write_form("national.xlsx", Identity("national", 2019), edit=edit))
        s = Settings(base=tmp_path)
        return _provenance(write_docx(build_document(aggregate([sub], 2019), s), s))

    before, after = build(False), build(True)
    assert len(after) > len(before) > 50
    assert {n: after.get(n) for n in before} == before  # every block keeps its name and its source
    assert any(re.search(r"_\d+$", k) for k in before)  # blocks with one identity, told apart in order


def soffice(src: Path, fmt: str, out: Path) -> Path:
    if not shutil.which("soffice"):
        if os.environ.get("CI"):
            pytest.fail("soffice is missing: .ci/run must install libreoffice-writer-nogui")
        pytest.skip("LibreOffice (soffice) is not installed")
    profile = out / "profile"
    subprocess.run(["soffice", "--headless", f"-env:UserInstallation=file://{profile}", "--convert-to", fmt,
                    "--outdir", str(out), str(src)], check=True, capture_output=True, timeout=180)
    return out / (src.stem + "." + fmt.split(":")[0])


def test_review_aids_survive_a_libreoffice_round_trip(built_example: Path, tmp_path: Path):
    """Open in LibreOffice after a reviewer's edit, save as DOCX: sources, comments, track changes remain."""
    edited = tmp_path / "in" / "report.docx"
    edited.parent.mkdir()
    src = zipfile.ZipFile(built_example / "report.docx")
    with zipfile.ZipFile(edited, "w") as out:
        for info in src.infolist():
            body = src.read(info.filename)
            if info.filename == "word/document.xml":  # a reviewer rewrites a sentence next to bookmarked ones
                body = body.replace("ບົດລາຍງານສະບັບນີ້".encode(), "ບົດລາຍງານສະບັບນີ້ (ແກ້ໄຂແລ້ວ)".encode(), 1)
            out.writestr(info, body)
    before = _provenance(edited)
    saved = soffice(edited, "docx:MS Word 2007 XML", tmp_path / "out")
    after = _provenance(saved)
    assert after == before
    # the provenance part, Lao and about a megabyte, comes back whole: every block, item, cell and figure
    part = provenance_part(edited)
    assert len(part) > 500_000 and "ງົບປະມານທີ່ນຳໃຊ້".encode() in part
    assert read_provenance(saved) == read_provenance(edited)
    figures = [f for p in read_provenance(saved).values() for f in p.figures if p.kind == "figure"]
    assert len(figures) > 500 and sum(len(f.sources) for f in figures) > 10_000
    assert any("(ແກ້ໄຂແລ້ວ)" in t for t in texts(xml(saved, "word/document.xml")))
    assert xml(saved, "word/settings.xml").find(f"{W}trackRevisions") is not None
    n_before = len(list(xml(edited, "word/comments.xml").iter(f"{W}comment")))
    comments = list(xml(saved, "word/comments.xml").iter(f"{W}comment"))
    assert len(comments) == n_before > 0 and all(c.get(f"{W}author") == "reportgen" for c in comments)


def test_figures_and_long_sources_survive_a_libreoffice_round_trip(tmp_path: Path):
    """A source longer than a property holds, split over several, and the figures' bookmarks and style come back
    from LibreOffice as written."""
    from small_document import small_document

    doc = small_document()
    para = next(b for b in doc.blocks if getattr(b, "remarks", None) and hasattr(b, "style"))
    para.source = replace(para.source, origin=para.source.origin * 20, key="ແຂວງ\nໄຊຍະບູລີ & <ນ້ຳ>")
    src = tmp_path / "in" / "report.docx"
    src.parent.mkdir()
    src.write_bytes(write_docx(doc, Settings()))
    assert len(str(para.source)) > 1000
    saved = soffice(src, "docx:MS Word 2007 XML", tmp_path / "out")
    assert read_provenance(saved) == read_provenance(src)
    p = read_provenance(saved)[bookmark_name(para.id)]
    assert p.source == para.source and str(p) == str(para.source)  # a line break, & and < in a key come back
    body = xml(saved, "word/document.xml")
    figures = {b.get(f"{W}name"): b for b in body.iter(f"{W}bookmarkStart") if b.get(f"{W}name").startswith("rg_f")}
    assert len(figures) == 6  # with the two of the chart's data table
    held = []
    for name, start in figures.items():  # each figure's bookmark still holds its text, in the Figure style
        end_id = start.get(f"{W}id")
        runs = []
        for e in start.itersiblings():
            if e.tag == f"{W}bookmarkEnd" and e.get(f"{W}id") == end_id:
                break
            if e.tag == f"{W}r" and e.find(f"{W}t") is not None:
                runs.append(e)
        assert runs and all(r.find(f"{W}rPr/{W}rStyle").get(f"{W}val") == "Figure" for r in runs), name
        held.append("".join(t.text or "" for r in runs for t in r.iter(f"{W}t")))
    assert sorted(held) == sorted(["12*", "5", "–", "12*", "5", "–"])  # the last two: the chart's data table


def test_libreoffice_renders_lao_in_the_lao_font(example_in_libreoffice: Path):
    pdf = example_in_libreoffice
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert "PhetsarathOT" in fonts
    assert "DejaVu" not in fonts
    text = subprocess.run(["pdftotext", "-raw", "-enc", "UTF-8", str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout
    for phrase in ("ມາຮອດທ້າຍປີ 2019, ໄດ້ສ້າງຕັ້ງຄະນະກຳມະການຕ້ານການຄ້າມະນຸດ ຄົບທັງ 18 ແຂວງ ແລະ ນະຄອນຫຼວງ",
                   "ສາທາລະນະລັດ ປະຊາທິປະໄຕ ປະຊາຊົນລາວ", "ວັນທີ 13 ກຸມພາ 2020"):
        assert phrase.replace(" ", "") in re.sub(r"\s+", "", text), phrase
    contents = re.sub(r"\s+", "", text.split("ສາລະບານ", 1)[1][:3000])
    assert "I.ສະພາບລວມ" in contents and "III.ການຕີລາຄາ" in contents


# ---- properties and speed ------------------------------------------------------------------------------

def test_document_properties(built_example: Path):
    z = zipfile.ZipFile(built_example / "report.docx")
    core = z.read("docProps/core.xml").decode()
    assert "<dc:title>ບົດລາຍງານ ສະຫຼຸບການຈັດຕັ້ງປະຕິບັດວຽກງານຕ້ານການຄ້າມະນຸດ ປະຈຳປີ 2019" in core
    assert "<dc:creator>ຄະນະກຳມະການຕ້ານການຄ້າມະນຸດລະດັບຊາດ</dc:creator>" in core
    assert "<dc:language>lo-LA</dc:language>" in core
    assert "2020-02-13T08:00:00Z" in core
    assert "docProps/thumbnail.jpeg" not in z.namelist()


def test_source_date_epoch_sets_the_dates(write_form, tmp_path: Path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1583971200")  # 2020-03-12
    data = aggregate([read_workbook(write_form())], 2019)
    s = Settings(base=tmp_path)
    blob = write_docx(build_document(data, s), s)
    assert "2020-03-12T08:00:00Z" in zipfile.ZipFile(io.BytesIO(blob)).read("docProps/core.xml").decode()
    assert blob == write_docx(build_document(data, s), s)


def test_settings_margins_reach_the_page(write_form, tmp_path: Path):
    data = aggregate([read_workbook(write_form())], 2019)
    s = replace(load_settings(ROOT / "reportgen.toml"), margin_left=3.0)
    blob = write_docx(build_document(data, s), s)
    mar = xml(blob, "word/document.xml").find(f"{W}body/{W}sectPr/{W}pgMar")
    assert mar.get(f"{W}left") == "1701"  # 3 cm in twips
