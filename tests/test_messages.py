"""The message catalogue: every entry complete in Lao and English, every code used, every use a known code."""

from __future__ import annotations

import ast
import re
import tomllib
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import ROOT
from reportgen.cli import main
from reportgen.config import load_settings
from reportgen.errors import ConfigError
from reportgen.messages import (
    NO_FIX,
    PART,
    SEVERITIES,
    SHARED_FIX,
    MessageWarning,
    Text,
    catalogue,
    catalogue_text,
    issue,
    line,
    placeholders,
    text,
)
from reportgen.model.submission import CellRef, Severity

SRC = ROOT / "src" / "reportgen"
MESSAGES = catalogue()

# Narrative template errors: in the catalogue, switched over by the narrative's owner (then drop them here).

# Calls whose code is not written at the call, but comes from a table of codes next to it (checked below).
DYNAMIC = {("errors.py", "of"), ("readers/workbook.py", "read_workbook"), ("readers/workbook.py", "_unplaced"),
           ("check.py", "_broken"), ("cli.py", "__call__"), ("writers/xlsx/forms.py", "_instruction_lines"),
           ("narrative/markup.py", "located"), ("review/worklist.py", "_kind")}
_MAKERS = {"issue", "text", "line", "problem", "of"}  # functions that take a message code first
_NOT_VALUES = {"fix", "figures"}


def _is_message(code: str) -> bool:
    return not code.startswith((PART, SHARED_FIX))


# ---- the catalogue itself ------------------------------------------------------------------------------------

def _raw_entries() -> dict[str, dict]:
    out: dict[str, dict] = {}

    def walk(table: dict, prefix: str) -> None:
        for key, value in table.items():
            if isinstance(value, dict):
                if "en" in value:
                    out[prefix + key] = value
                else:
                    walk(value, prefix + key + ".")

    walk(tomllib.loads(catalogue_text()), "")
    return out


def test_every_entry_is_complete_in_both_languages():
    problems = []
    for code, raw in _raw_entries().items():
        allowed = {"lo", "en"} if not _is_message(code) else {
            "lo", "en", "severity", "fix", "fix_lo", "fix_en", "en_only"}
        if set(raw) - allowed:
            problems.append(f"{code}: unknown keys {sorted(set(raw) - allowed)}")
        if not str(raw.get("lo", "")).strip() or not str(raw.get("en", "")).strip():
            problems.append(f"{code}: needs lo and en")
        if not _is_message(code):
            continue
        e = MESSAGES[code]
        if e.severity not in SEVERITIES:
            problems.append(f"{code}: severity {e.severity!r}")
        written = bool(e.fix_lo or e.fix_en)
        if written and not (e.fix_lo.strip() and e.fix_en.strip()):
            problems.append(f"{code}: fix_lo and fix_en go together")
        if written == bool(e.fix):
            problems.append(f"{code}: needs fix_lo and fix_en, or fix = a shared fix (or \"none\"), not both")
        if e.fix == NO_FIX and e.severity != "note":
            problems.append(f"{code}: a {e.severity} must say what to do")
        if e.fix not in ("", NO_FIX) and (not e.fix.startswith(SHARED_FIX) or e.fix not in MESSAGES):
            problems.append(f"{code}: fix {e.fix!r} is not a shared fix of the catalogue")
    assert problems == []
    assert len(MESSAGES) > 100


def test_lao_and_english_ask_for_the_same_values():
    problems = []
    for code, e in MESSAGES.items():
        only = set(e.en_only)
        for lo, en in ((e.lo, e.en), (e.fix_lo, e.fix_en)):
            if placeholders(lo) != placeholders(en) - only:
                problems.append(f"{code}: Lao {sorted(placeholders(lo))}, English {sorted(placeholders(en))}")
            if placeholders(lo) & only:
                problems.append(f"{code}: {sorted(placeholders(lo) & only)} is said to be in the English only")
        missing = only - placeholders(e.en) - placeholders(e.fix_en)
        if missing:
            problems.append(f"{code}: en_only {sorted(missing)} is not in the English")
    assert problems == []


def test_the_checks_above_can_fail():
    bad = {"lo": "ມີ {n} ຫ້ອງ", "en": "{count} cells"}
    assert placeholders(bad["lo"]) != placeholders(bad["en"])
    assert placeholders("{n} {n:file|files} in {folder}") == {"n", "folder"}


# ---- every code used, every use a code -----------------------------------------------------------------------

def _sources() -> list[Path]:
    return sorted(p for p in SRC.rglob("*.py") if "messages" not in p.relative_to(SRC).parts)


def _calls():
    """(file, enclosing function, call node, code or None) for each call that asks for a message."""
    for path in _sources():
        rel = path.relative_to(SRC).as_posix()
        tree = ast.parse(path.read_text(encoding="utf-8"))
        # Only the makers this module takes from the messages package: a `text()` of its own is another thing.
        imported = {a.asname or a.name: a.name for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)
                    and (n.module or "").split(".")[-1] == "messages" for a in n.names}
        stack = [(tree, "")]
        while stack:
            node, function = stack.pop()
            for child in ast.iter_child_nodes(node):
                inner = child.name if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef) else function
                stack.append((child, inner))
                if not isinstance(child, ast.Call):
                    continue
                f = child.func
                if isinstance(f, ast.Name) and (f.id in imported or f.id == "problem"):  # _preflight's own maker
                    name = imported.get(f.id, f.id)
                elif isinstance(f, ast.Attribute) and (
                        (isinstance(f.value, ast.Name) and f.value.id in set(imported) | {"messages"})
                        or f.attr == "of"):  # ReportgenError.of(code, …)
                    name = f.attr
                else:
                    continue
                if name not in _MAKERS:
                    continue
                first = child.args[0] if child.args else None
                code = first.value if isinstance(first, ast.Constant) and isinstance(first.value, str) else None
                yield rel, inner, child, code


def _constants() -> set[str]:
    found = set()
    for path in _sources():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                found.add(node.value)
    for path in (ROOT / "templates").rglob("*"):
        if path.is_file():
            found.update(re.findall(r"""["']([a-z_]+(?:\.[a-z0-9_]+)+)["']""", path.read_text(encoding="utf-8")))
    return found


def test_every_code_asked_for_exists_and_gets_exactly_its_values():
    problems, dynamic = [], set()
    for rel, function, call, code in _calls():
        if code is None:
            dynamic.add((rel, function))
            continue
        if code not in MESSAGES:
            problems.append(f"{rel}:{call.lineno}: no message {code!r}")
            continue
        fix = next((k.value for k in call.keywords if k.arg == "fix"), None)
        if isinstance(fix, ast.Constant) and fix.value not in MESSAGES:
            problems.append(f"{rel}:{call.lineno}: no shared fix {fix.value!r}")
            continue
        if any(k.arg is None for k in call.keywords):
            continue  # values passed on (**values): checked where they are given
        given = {k.arg for k in call.keywords} - _NOT_VALUES
        e = MESSAGES[code]
        needed = placeholders(e.lo) | placeholders(e.en)
        if fix is None:
            shared = MESSAGES.get(e.fix)
            needed |= placeholders(shared.en) if shared else placeholders(e.fix_lo) | placeholders(e.fix_en)
        elif isinstance(fix, ast.Constant):
            needed |= placeholders(MESSAGES[fix.value].en)
        else:  # a fix chosen at run time: any shared fix's values may be given too
            needed |= given & {p for c, s in MESSAGES.items() if c.startswith(SHARED_FIX) for p in placeholders(s.en)}
        if given != needed:
            problems.append(f"{rel}:{call.lineno}: {code} needs {sorted(needed)}, is given {sorted(given)}")
    assert problems == []
    assert dynamic == DYNAMIC, "a message code computed at run time: name it at the call, or add the site here"


def test_codes_named_in_tables_exist():
    named = {c for c in _constants() if c.startswith((PART, SHARED_FIX, "instructions.", "validation."))}
    assert named - set(MESSAGES) == set()
    assert len(named) > 20


def test_every_code_in_the_catalogue_is_used():
    used = _constants() | {e.fix for e in MESSAGES.values()}
    unused = set(MESSAGES) - used
    assert unused == set()


# ---- asking for messages -------------------------------------------------------------------------------------

def test_an_issue_takes_its_severity_and_texts_from_the_catalogue():
    where = CellRef("LA-XA.xlsx", "6 ສະຖິຕິຄະດີ", "E5")
    i = issue("number.text", where, what=text("part.whole_number"), found="ສິບ")
    assert (i.severity, i.code, i.where) == (Severity.ERROR, "number.text", where)
    assert i.lo == 'ຕ້ອງໃສ່ຈຳນວນເຕັມ ບໍ່ຕິດລົບ, ແຕ່ໃນຫ້ອງນີ້ມີຂໍ້ຄວາມ "ສິບ"'
    assert i.en == 'must be a whole number ≥ 0, found the text "ສິບ"'
    assert (i.fix_lo, i.fix_en) == (MESSAGES["fix.enter_number"].lo, MESSAGES["fix.enter_number"].en)
    year = issue("number.text", where, fix="fix.enter_year", what=text("part.year"), found="x")
    assert year.fix_en == "enter a year such as 2019" and year.en == 'must be a year, found the text "x"'
    assert not issue("text.control", where).is_error


def test_plural_words_and_values_in_each_language():
    assert line("cli.checked", files=1, errors=0, warnings=2) == (
        "ກວດແລ້ວ 1 ໄຟລ໌: ຂໍ້ຜິດພາດ 0, ຄຳເຕືອນ 2 / checked 1 file: 0 errors, 2 warnings")
    assert str(text("sheet.missing", sheet=Text("7 ຜູ້ຖືກເຄາະຮ້າຍ", "7 Victims"))) == (
        'ບໍ່ພົບແຜ່ນງານ "7 ຜູ້ຖືກເຄາະຮ້າຍ" / sheet "7 Victims" is missing')


def test_a_line_leads_with_the_place_and_ends_with_what_to_do():
    assert line("folder.not_found", "nowhere") == (
        "nowhere: ບໍ່ພົບໂຟນເດີ / folder not found\n"
        "    → ກວດຊື່ໂຟນເດີ ຫຼື ສ້າງມັນ ແລ້ວໃສ່ໄຟລ໌ Excel / check the name, or create it and put the workbooks in it")
    assert line("cli.checked", fix="fix.errors_above", files=2, errors=1, warnings=0).endswith(
        "\n    → ແກ້ໄຂຂໍ້ຜິດພາດຂ້າງເທິງໃນໄຟລ໌ Excel ແລ້ວກວດຄືນ / fix the errors above in the workbooks and check again")


@pytest.mark.parametrize("ask, complaint", [
    (lambda: text("file.too_large"), "needs a value for {mb}"),
    (lambda: text("file.empty", mb=3), "does not show ['mb']"),
    (lambda: text("file.nonexistent"), "no message 'file.nonexistent'"),
    (lambda: issue("part.year", CellRef("a")), "not a problem"),
])
def test_a_mistake_in_asking_is_a_warning_that_tests_turn_into_errors(ask, complaint):
    with pytest.warns(MessageWarning, match=re.escape(complaint)):
        ask()


def test_a_missing_value_stays_visible_instead_of_crashing():
    with pytest.warns(MessageWarning):
        t = text("file.too_large")
    assert t.en == "the file is too large ({mb} MB)"


def test_errors_carry_their_code():
    with pytest.raises(ConfigError) as caught:
        load_settings(Path("/nonexistent/reportgen.toml"))
    assert caught.value.code == "config.not_found"
    assert str(caught.value) == line("config.not_found", Path("/nonexistent/reportgen.toml"))


def test_the_command_line_shows_a_catalogue_message_exactly(tmp_path: Path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    r = CliRunner().invoke(main, ["check", "--config", "missing.toml"], catch_exceptions=False)
    e = MESSAGES["config.not_found"]
    assert r.exit_code == 3
    assert r.output == f"missing.toml: {e.lo} / {e.en}\n    → {e.fix_lo} / {e.fix_en}\n"
    assert r.output == ("missing.toml: ບໍ່ພົບໄຟລ໌ຕັ້ງຄ່າ / settings file not found\n"
                        "    → ກວດຊື່ໄຟລ໌ທີ່ໃຫ້ກັບ --config / check the file name given to --config\n")


def test_a_file_that_cannot_be_opened_is_not_called_unreadable(tmp_path: Path):
    """The two meanings `file.unreadable` had are two codes now: no access here, the library's failure there."""
    from reportgen.readers.workbook import read_workbook

    folder = tmp_path / "LA-XA.xlsx"
    folder.mkdir()  # opening it fails as a locked or forbidden file does
    assert [i.code for i in read_workbook(folder).issues] == ["file.no_access"]
