"""Shared fixtures: the example year, forms filled in code, and one build of the example per test session."""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from openpyxl import Workbook

from reportgen.config import load_settings
from reportgen.contract import schema
from reportgen.writers.xlsx.forms import Identity, build_form, save_bytes, set_item, set_none, set_value

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "inputs"


@pytest.fixture(scope="session")
def example_inputs() -> Path:
    return EXAMPLE


def minimal_form(ident: Identity) -> Workbook:
    """A form filled with the few values every committee must give, and a handful of figures."""
    wb = build_form(ident)
    set_value(wb, "submission", "established", "value", "ແມ່ນ")
    set_value(wb, "submission", "members_total", "value", 10)
    set_value(wb, "submission", "members_women", "value", 3)
    set_value(wb, "cases", "received", "total", 4)
    set_value(wb, "cases", "investigated", "total", 3)
    set_value(wb, "cases", "suspects", "total", 5)
    set_value(wb, "cases", "suspects", "women", 2)
    set_item(wb, "achievements", 0, {"area": "ການປ້ອງກັນ ແລະ ການໂຄສະນາສຶກສາອົບຮົມ",
                                     "description": "ໂຄສະນາເຜີຍແຜ່ໃນບ້ານ", "highlight": "ແມ່ນ"})
    return wb


def answer_empty_lists(wb: Workbook) -> None:
    """Say "nothing to report" on every list sheet left empty, as a committee with nothing to list does."""
    for sheet in schema.SHEETS:
        if sheet.form:
            continue
        ws = wb[sheet.title]
        lay = schema.layout(sheet)
        rows = range(sheet.first_data_row, sheet.first_data_row + sheet.item_rows)
        if not any(ws.cell(r, c).value not in (None, "") for r in rows for c in lay.column_at.values()) \
                and ws.cell(schema.NONE_ROW, schema.NONE_COL).value in (None, ""):
            set_none(wb, sheet.key)


@pytest.fixture
def write_form(tmp_path: Path) -> Callable[..., Path]:
    """write_form(name, ident=..., edit=fn(wb)) → path of a filled form in tmp_path/inputs."""
    folder = tmp_path / "inputs"
    folder.mkdir(exist_ok=True)

    def make(name: str = "LA-XA.xlsx", ident: Identity | None = None, edit=None) -> Path:
        return form_file(folder, name, ident or Identity("province", 2019, "LA-XA"), edit)

    return make


def form_file(folder: Path, name: str, ident: Identity, edit=None) -> Path:
    """folder/name: a minimal filled form for ident, edited by edit(wb) before it is saved."""
    wb = minimal_form(ident)
    if edit:
        edit(wb)
    answer_empty_lists(wb)
    path = folder / name
    path.write_bytes(save_bytes(wb))
    return path


@pytest.fixture(scope="session")
def built_example(tmp_path_factory) -> Path:
    """Build the example year once (DOCX, PDF and HTML) into a temporary folder; return that folder."""
    from reportgen.pipeline import build_report

    out = tmp_path_factory.mktemp("build")
    settings = load_settings(ROOT / "reportgen.toml", output=out)
    build_report(settings, ("docx", "pdf", "html"))
    return out / "2019"


@pytest.fixture(scope="session")
def example_in_libreoffice(built_example: Path, tmp_path_factory) -> Path:
    """The example's report.docx as LibreOffice Writer lays it out, exported to PDF once for every test that looks
    at it (each conversion costs a LibreOffice start)."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        if os.environ.get("CI"):
            pytest.fail("soffice is missing: .ci/run must install libreoffice-writer-nogui")
        pytest.skip("LibreOffice (soffice) is not installed")
    from reportgen.writers.docx.pages import PDF_EXPORT  # with the DOCX bookmarks as named destinations

    out = tmp_path_factory.mktemp("libreoffice")
    subprocess.run([soffice, "--headless", f"-env:UserInstallation={(out / 'profile').as_uri()}", "--convert-to",
                    PDF_EXPORT, "--outdir", str(out), str(built_example / "report.docx")], check=True,
                   capture_output=True, timeout=300)
    return out / "report.pdf"


@pytest.fixture
def project(tmp_path: Path, monkeypatch) -> Path:
    """An empty working folder, as a secretariat officer would start with."""
    monkeypatch.chdir(tmp_path)
    return tmp_path


def copy_example(dst: Path) -> Path:
    shutil.copytree(EXAMPLE, dst)
    return dst


def pytest_addoption(parser):
    parser.addoption("--update-golden", action="store_true", default=False,
                     help="write the golden files anew from what the code gives now (then read their diff)")


def places_mismatch(wb) -> None:
    """Edit a form so its victims by place (6 places × 1) do not add up to its victims (5 groups × 4 × 1 = 20):
    the one warning check gives for a place table."""
    from reportgen.contract import schema

    for r in schema.VICTIMS.rows:
        for c in ("women", "girls", "men", "boys"):
            set_value(wb, "victims", r.key, c, 1)
    for r in schema.VICTIM_PLACES.rows:
        set_value(wb, "victim_places", r.key, "total", 1)
