"""The benchmark's inputs and baseline are what they claim: valid full-volume workbooks, the same document text."""

from __future__ import annotations

import io
import sys

import docx

from conftest import ROOT
from reportgen.aggregate import aggregate
from reportgen.check import check
from reportgen.config import load_settings
from reportgen.contract.reference import districts_of
from reportgen.narrative import build_document
from reportgen.readers.workbook import read_workbook
from reportgen.writers.xlsx.forms import Identity

sys.path.insert(0, str(ROOT / "benchmarks"))

import national  # noqa: E402
from naive_docx import write_docx_naive  # noqa: E402


def test_a_national_year_has_every_committee():
    idents = national.committees(2019)
    assert [sum(1 for i in idents if i.level == lvl) for lvl in ("national", "province", "district")] == [1, 18, 148]
    assert len({i.file_stem for i in idents}) == 167


def test_generated_workbooks_are_valid_and_full(tmp_path):
    subs = []
    district = districts_of("LA-XA")[0].code
    for ident in (Identity("national", 2019, sample=True), Identity("district", 2019, "LA-XA", district, sample=True)):
        path = tmp_path / f"{ident.file_stem}.xlsx"
        path.write_bytes(national.fill(ident, 2019))
        assert path.read_bytes() == national.fill(ident, 2019)  # deterministic
        subs.append(read_workbook(path))
    assert check(subs, 2019) == []
    for sub in subs:
        assert 28 <= len(sub.lists["achievements"]) <= 32
        assert len(sub.lists["shortcomings"]) == len(sub.lists["plans"]) == 10
        assert all(v is not None for v in sub.counts.values())  # full statistics
        assert min(len(str(e.get("description"))) for e in sub.lists["achievements"]) > 150  # long Lao sentences


def test_naive_writer_writes_the_same_text(tmp_path):
    path = tmp_path / "LA-XA.xlsx"
    path.write_bytes(national.fill(Identity("province", 2019, "LA-XA", sample=True), 2019))
    settings = load_settings(ROOT / "reportgen.toml")
    doc = build_document(aggregate([read_workbook(path)], 2019), settings)
    written = docx.Document(io.BytesIO(write_docx_naive(doc)))
    cells = [c.text for t in written.tables for row in t.rows for c in row.cells]
    expected = [c.text for t in doc.tables() for row in t.head + t.body for c in row for _ in range(c.colspan)]
    assert cells == expected
    text = "\n".join(p.text for p in written.paragraphs)
    assert all(b.text in text for b in doc.headings())
