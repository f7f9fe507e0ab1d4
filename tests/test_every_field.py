"""Nothing typed is lost: a value typed into any input field of the form is found in the DOCX, the PDF and
data.xlsx. The test walks the schema, so a field added to the forms without a place in the report fails it.

The national report sums up the lists of province and district committees (docs/templates.md, "What each report
lists"): their every item is in the report of their province. So a district's value must be in the national
report or in its province's report — and in fact the province's report alone holds all of them."""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from pathlib import Path

import pytest
from lxml import etree
from openpyxl import load_workbook

from pdf_facts import pdf_text
from reportgen._format import date_lo, fmt_int
from reportgen.config import load_settings
from reportgen.contract import schema
from reportgen.contract.reference import DISTRICTS_BY_CODE
from reportgen.pipeline import build_report
from reportgen.writers.xlsx.forms import Identity, build_form, save_bytes, set_item, set_value

DISTRICT = "0801"  # a district of Xaignabouli (LA-XA)
#: Fields that go to data.xlsx only: contact details never go into the report.
DATA_ONLY = {("submission", "prepared_phone", "value")}
#: Fields whose value the form fills in for the committee: checked by what the report says of them.
PREFILLED = {("submission", "level", "value"), ("submission", "province", "value"), ("submission", "district", "value"),
             ("submission", "year", "value")}


class Values:
    """A distinct value for every input field: text as a unique word, numbers from separate ranges."""

    def __init__(self) -> None:
        self.n = 0

    def word(self) -> str:
        self.n += 1
        return "ຂໍ້ມູນ" + "".join(chr(ord("A") + (self.n // 26 ** i) % 26) for i in range(3)) + "Q"

    def number(self, kind: schema.Kind, big: bool) -> int:
        self.n += 1
        if kind is schema.Kind.MONEY:
            return 7_000_000 + self.n * 1_013
        return (9_000 if big else 1_000) + self.n * 17


def _is_part(sheet: str, row: str | None, col: str) -> bool:
    """Is this field the part of a (total, part) pair, which must stay below its total?"""
    if sheet == "submission":
        return any(s == sheet and p == row for s, _, _, p in schema.PAIRS)
    return any(s == sheet and (r is None or r == row) and p == col for s, r, _, p in schema.PAIRS)


def _typed(values: Values) -> tuple[dict[tuple[str, str, str], object], dict[tuple[str, str, str], str]]:
    """(field -> the value typed, field -> what the report must show for it)."""
    typed: dict[tuple[str, str, str], object] = {}
    shown: dict[tuple[str, str, str], str] = {}
    d = DISTRICTS_BY_CODE[DISTRICT]
    for sheet in schema.SHEETS:
        rows = sheet.rows if sheet.form else [schema.Row(schema.ROW_KEY_ITEM, "", "", tuple(c.key for c in sheet.columns))]
        for row in rows:
            for c in sheet.columns:
                if c.key not in row.inputs:
                    continue
                key = (sheet.key, row.key, c.key)
                kind = c.kind if c.kind is schema.Kind.TEXT and c.key != "value" else (row.kind if sheet.form else c.kind)
                choices = row.choices if sheet.form and c.key == "value" else c.choices
                if key in PREFILLED:
                    shown[key] = {"level": schema.option_label("level", "district"),
                                  "province": "ໄຊຍະບູລີ", "district": d.lo, "year": "2019"}[row.key]
                    continue
                if kind is schema.Kind.CHOICE:
                    option = schema.choices(choices)[0 if choices != "area" else 2]
                    typed[key], shown[key] = option.lo, option.lo
                    if choices == "yesno":  # a yes shows as the column's own label ("highlight")
                        shown[key] = c.label_lo if not sheet.form else option.lo
                elif kind is schema.Kind.DATE:
                    day = dt.date(2019, 3, 1) + dt.timedelta(days=values.number(kind, False) % 200)
                    typed[key], shown[key] = day, date_lo(day)
                elif kind in (schema.Kind.COUNT, schema.Kind.MONEY):
                    n = values.number(kind, big=not _is_part(sheet.key, row.key if sheet.form else None, c.key))
                    typed[key], shown[key] = n, fmt_int(n)
                else:
                    typed[key] = shown[key] = values.word()
    return typed, shown


def _fill(typed: dict[tuple[str, str, str], object]) -> bytes:
    d = DISTRICTS_BY_CODE[DISTRICT]
    wb = build_form(Identity("district", 2019, d.province, DISTRICT))
    items: dict[str, dict[str, object]] = {}
    for (sheet, row, col), value in typed.items():
        if row == schema.ROW_KEY_ITEM:
            items.setdefault(sheet, {})[col] = value
        else:
            set_value(wb, sheet, row, col, value)
    for sheet, values in items.items():
        set_item(wb, sheet, 0, values)
    return save_bytes(wb)


def docx_body_text(path: Path) -> str:
    """The text of the document body (not the comments) as it reads: paragraphs one per line, line breaks kept,
    without the invisible WORD JOINER that keeps ແຂວງ / ເມືອງ with a name on its line (writers/docx/nobreak.py)."""
    w = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    with zipfile.ZipFile(path) as z:
        root = etree.fromstring(z.read("word/document.xml"))
    lines = []
    for p in root.iter(f"{w}p"):
        lines.append("".join(el.text or "" if el.tag == f"{w}t" else "\n" for el in p.iter(f"{w}t", f"{w}br")))
    return "\n".join(lines).replace("\u2060", "")


def _found(needle: str, text: str) -> bool:
    if re.fullmatch(r"[\d.]+", needle):  # a number: whole, not a piece of a larger one
        return re.search(rf"(?<![\d.]){re.escape(needle)}(?![\d.])", text) is not None
    squeeze = re.compile(r"[\s\u200b]+")
    return squeeze.sub("", needle) in squeeze.sub("", text)


@pytest.fixture(scope="module")
def every_field(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("every-field")
    (tmp / "inputs").mkdir()
    typed, shown = _typed(Values())
    (tmp / "inputs" / f"LA-XA-{DISTRICT}.xlsx").write_bytes(_fill(typed))
    settings = load_settings(None, cwd=tmp, year=2019)
    result = build_report(settings, ("docx", "pdf"), provinces=("all",))
    out = tmp / "build" / "2019"
    return typed, shown, result, out


def _reports(out: Path) -> dict[str, str]:
    """The text of each report the value may be in: the national one, and the district's province's."""
    return {"national docx": docx_body_text(out / "report.docx"), "national pdf": pdf_text(out / "report.pdf"),
            "province docx": docx_body_text(out / "provinces" / "LA-XA.docx"),
            "province pdf": pdf_text(out / "provinces" / "LA-XA.pdf")}


def test_the_walk_covers_every_input_field(every_field):
    typed, shown, _, _ = every_field
    offered = sum(len(r.inputs) for s in schema.SHEETS if s.form for r in s.rows) + sum(
        len(s.columns) for s in schema.SHEETS if not s.form)
    assert len(shown) == offered and len(typed) == offered - len(PREFILLED)


def test_every_typed_value_is_in_the_national_report_or_its_province_report(every_field):
    _, shown, result, out = every_field
    assert not [i for i in result.issues if i.code.startswith("data.")], "the form was filled outside its cells"
    assert [p.code for p in result.provinces] == ["LA-XA"]
    text = _reports(out)
    missing = [f"{'.'.join(k)} = {v!r} ({fmt})" for k, v in shown.items() if k not in DATA_ONLY for fmt in ("docx", "pdf")
               if not _found(v, text[f"national {fmt}"]) and not _found(v, text[f"province {fmt}"])]
    assert not missing, "typed but in neither report:\n" + "\n".join(missing)


def test_the_province_report_alone_holds_every_value_of_its_committees(every_field):
    _, shown, _, out = every_field
    text = _reports(out)
    missing = [f"{'.'.join(k)} = {v!r} ({fmt})" for k, v in shown.items() if k not in DATA_ONLY for fmt in ("docx", "pdf")
               if not _found(v, text[f"province {fmt}"])]
    assert not missing, "typed but not in the province's report:\n" + "\n".join(missing)


def test_contact_details_go_to_data_xlsx_only(every_field):
    _, shown, _, out = every_field
    for key in DATA_ONLY:
        assert not any(_found(shown[key], text) for text in _reports(out).values())


def test_every_typed_value_is_in_data_xlsx(every_field):
    typed, _, _, out = every_field
    wb = load_workbook(out / "data.xlsx", read_only=True)
    cells = set()
    for ws in wb.worksheets:
        for row in ws.iter_rows(values_only=True):
            for v in row:
                if isinstance(v, dt.datetime):
                    v = v.date()
                cells.add(v)
    missing = [f"{'.'.join(k)} = {v!r}" for k, v in typed.items() if v not in cells]
    assert not missing, "typed but not in data.xlsx:\n" + "\n".join(missing)


def test_a_new_line_typed_in_a_cell_stays_a_new_line(write_form, tmp_path: Path):
    first, second = "ບົດຮຽນທຳອິດ ແຖວໜຶ່ງ", "ແຖວສອງ ຂອງບົດຮຽນ"
    write_form("national.xlsx", Identity("national", 2019),  # the national report lists the national committee's
               edit=lambda wb: set_item(wb, "lessons", 0, {"lesson": f"{first}\n{second}"}))
    settings = load_settings(None, cwd=tmp_path, year=2019, output=tmp_path / "build")
    build_report(settings, ("docx", "html"))
    docx = docx_body_text(tmp_path / "build" / "2019" / "report.docx")
    assert f"{first}\n{second}" in docx
    html = (tmp_path / "build" / "2019" / "report.html").read_text(encoding="utf-8").replace("\u200b", "")
    html = re.sub(r'<span class="nowrap">(.*?)</span>', r"\1", html)  # a paragraph's last two words, kept together
    assert re.search(re.escape(first) + r"\s*<br>\s*" + re.escape(second), html)
