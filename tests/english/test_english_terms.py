"""The English companion speaks one English per concept: the glossary's report_en where it follows the US TIP
report's vocabulary (contract/glossary.toml), never the plainer English the messages use for the same concept."""

from __future__ import annotations

import zipfile
from pathlib import Path

from lxml import etree

from reportgen.config import load_settings
from reportgen.contract.glossary import glossary

ROOT = Path(__file__).resolve().parents[2]
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _english_text(tmp_path: Path) -> str:
    from reportgen.pipeline import build_report

    settings = load_settings(ROOT / "reportgen.toml", output=tmp_path)
    build_report(settings, ("docx",), languages=("en",))
    with zipfile.ZipFile(tmp_path / "2019" / "report.en.docx") as z:
        root = etree.fromstring(z.read("word/document.xml"))
    return "\n".join("".join(t.text or "" for t in p.iter(f"{W}t")) for p in root.iter(f"{W}p")).lower()


def test_the_english_report_uses_the_tip_term_of_each_concept_and_not_the_other(tmp_path: Path):
    text = _english_text(tmp_path)
    terms = [t for t in glossary().values() if t.report_en]
    # a Lao term explained in English — "ແຕ່ງດອງແອບແຝງ (disguised marriage, in the … law)" — is a translation, not use
    for t in terms:
        text = text.replace(f"{t.lo} ({t.en.lower()}", "")
    assert len(terms) >= 4
    for t in terms:
        assert t.report_en.lower() in text, (t.key, t.report_en)
        if t.en.lower() not in t.report_en.lower():
            assert t.en.lower() not in text, (t.key, t.en)

