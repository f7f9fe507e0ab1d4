"""Settings defaults are defined once, in config.Settings: the file `init` writes and the README follow them."""

from __future__ import annotations

import re
import tomllib
from dataclasses import fields
from pathlib import Path

import pytest
from click.testing import CliRunner

from reportgen.cli import main
from reportgen.config import Settings, default_toml, load_settings
from reportgen.errors import ConfigError

ROOT = Path(__file__).resolve().parents[1]
NOT_IN_THE_FILE = {"base": "the folder of the file itself", "pdf_font": "the bundled font the PDF is made for"}


def written(text: str) -> dict[str, object]:
    return {k: v for table in tomllib.loads(text).values() for k, v in table.items()}


def test_the_settings_file_holds_every_setting_at_its_default(tmp_path: Path):
    text = default_toml(2024)
    assert set(written(text)) | {"date", "expected_districts", "previous", "provinces"} == {f.name for f in fields(Settings)} - set(
        NOT_IN_THE_FILE)
    (tmp_path / "reportgen.toml").write_text(text, encoding="utf-8")
    loaded = load_settings(tmp_path / "reportgen.toml")
    assert loaded == Settings(year=2024, base=tmp_path)
    assert "# date = 2025-02-13" in text and "# expected_districts = [" in text  # examples, as comments
    assert '# previous = "build/2023/data.json"' in text


def test_init_writes_the_default_settings_file(tmp_path: Path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    r = CliRunner().invoke(main, ["init", "--year", "2024", "--out", "forms"], catch_exceptions=False)
    assert r.exit_code == 0, r.output
    assert (tmp_path / "reportgen.toml").read_text(encoding="utf-8") == default_toml(2024)


def test_the_readme_shows_the_defaults():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = re.search(r"## ການຕັ້ງຄ່າ / Settings.*?```toml\n(.*?)```", readme, re.S).group(1)
    shown = written(block)
    defaults = written(default_toml(2019))
    assert set(shown) - {"date"} == set(defaults)
    assert {k: v for k, v in shown.items() if k != "date"} == defaults


@pytest.mark.parametrize("setting, value, message", [
    ("font_size", 12, None), ("font_size", 40, "from 6 to 30 pt"), ("margin_left", 12, "from 0 to 10 cm"),
    ("header_distance", "1cm", "from 0 to 10 cm"),
])
def test_sizes_are_checked_in_their_units(tmp_path: Path, setting, value, message):
    path = tmp_path / "reportgen.toml"
    path.write_text(f"[layout]\n{setting} = {value!r}\n".replace("'", '"'), encoding="utf-8")
    if message is None:
        assert getattr(load_settings(path), setting) == value
    else:
        with pytest.raises(ConfigError, match=message):
            load_settings(path)


@pytest.mark.parametrize("value, expected", [("false", False), ("true", True), ('"no"', None)])
def test_machine_comments_is_true_or_false(tmp_path: Path, value, expected):
    path = tmp_path / "reportgen.toml"
    path.write_text(f"[layout]\nmachine_comments = {value}\n", encoding="utf-8")
    if expected is None:
        with pytest.raises(ConfigError, match="expected true or false"):
            load_settings(path)
    else:
        assert load_settings(path).machine_comments is expected


@pytest.mark.parametrize("lines, expected", [
    ('[paths]\nprevious = "../2018/build/2018/data.json"', {"previous": Path("../2018/build/2018/data.json")}),
    ("[paths]\nprevious = false", {"previous": False}),
    ("[check]\njump_ratio = 2.5\njump_from_zero = 0", {"jump_ratio": 2.5, "jump_from_zero": 0}),
    ("", {"previous": None, "jump_ratio": 5, "jump_from_zero": 50}),
])
def test_last_years_figures_and_the_jump_thresholds(tmp_path: Path, lines, expected):
    path = tmp_path / "reportgen.toml"
    path.write_text(lines + "\n", encoding="utf-8")
    settings = load_settings(path)
    assert {k: getattr(settings, k) for k in expected} == expected


@pytest.mark.parametrize("lines, reason", [
    ("[paths]\nprevious = true", "expected the path of last year's data.json, or false"),
    ('[paths]\nprevious = ""', "expected the path of last year's data.json, or false"),
    ("[check]\njump_ratio = 1", "expected a number greater than 1"),
    ('[check]\njump_ratio = "5"', "expected a number greater than 1"),
    ("[check]\njump_from_zero = -1", "expected a whole number ≥ 0"),
    ("[check]\njump_from_zero = 50.5", "expected a whole number ≥ 0"),
])
def test_bad_jump_settings_are_settings_errors(tmp_path: Path, lines, reason):
    path = tmp_path / "reportgen.toml"
    path.write_text(lines + "\n", encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        load_settings(path)
    assert caught.value.exit_code == 3 and reason in str(caught.value)
    assert str(caught.value).startswith(f"{path}: ຄ່າຂອງ ")

