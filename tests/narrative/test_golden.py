"""The Document of a small report, compared with a golden file: any change to what the templates produce shows
up here as a readable diff. After an intended change: `pytest tests/narrative/test_golden.py --update-golden`,
then read the diff of the golden file before committing it."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from reportgen.aggregate import aggregate
from reportgen.config import Settings
from reportgen.model.serialize import document_dict
from reportgen.narrative import build_document
from reportgen.readers.workbook import read_workbook
from reportgen.writers.xlsx.forms import Identity

GOLDEN = Path(__file__).parent / "golden"


def test_document_of_two_committees_matches_the_golden_file(write_form, tmp_path, request):
    paths = [write_form(), write_form("LA-XA-0801.xlsx", Identity("district", 2019, "LA-XA", "0801"))]
    data = aggregate([read_workbook(p, p.name) for p in paths], 2019)
    doc = build_document(data, Settings(base=tmp_path, date=dt.date(2020, 2, 13)))
    plain = document_dict(doc)
    lines = [json.dumps(plain["meta"], ensure_ascii=False, sort_keys=True)]
    lines += [json.dumps(b, ensure_ascii=False, sort_keys=True, separators=(",", ":")) for b in plain["blocks"]]
    got = "\n".join(lines) + "\n"  # one block a line: a diff names the blocks that changed
    golden = GOLDEN / "two_committees.json"
    if request.config.getoption("--update-golden"):
        golden.parent.mkdir(exist_ok=True)
        golden.write_text(got, encoding="utf-8")
    assert golden.exists(), "no golden file yet: run with --update-golden and read it before committing"
    assert got == golden.read_text(encoding="utf-8")
