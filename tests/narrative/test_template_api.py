"""docs/templates.md lists everything `r` offers templates, and nothing more: the page and the code agree."""

from __future__ import annotations

import re
from pathlib import Path

from reportgen.narrative.api import ReportView

ROOT = Path(__file__).resolve().parents[2]


def _public(cls) -> set[str]:
    names = {n for n in vars(cls) if not n.startswith("_")}
    init = vars(cls)["__init__"].__code__
    names |= {n for n in init.co_names if not n.startswith("_") and n not in ("getattr", "ProvinceView", "DistrictView")}
    return names - {"data", "provinces"} | {"provinces"}


def test_the_template_page_lists_exactly_what_r_offers():
    page = (ROOT / "docs" / "templates.md").read_text(encoding="utf-8")
    documented = set(re.findall(r"`r\.(\w+)", page))
    offered = _public(ReportView)
    assert documented == offered, f"only documented: {documented - offered}; only in code: {offered - documented}"


def test_the_built_in_templates_use_only_what_the_page_lists():
    page = (ROOT / "docs" / "templates.md").read_text(encoding="utf-8")
    documented = set(re.findall(r"`r\.(\w+)", page))
    used = set()
    for f in (ROOT / "templates").rglob("*.j2"):
        used |= set(re.findall(r"\br\.(\w+)", f.read_text(encoding="utf-8")))
    assert used <= documented, f"templates use undocumented names: {used - documented}"
    assert not any("item.fields" in f.read_text(encoding="utf-8") for f in (ROOT / "templates").rglob("*.j2"))
