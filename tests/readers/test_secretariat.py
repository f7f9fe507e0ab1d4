"""The secretariat's own text (secretariat.txt): read by part, printed where it belongs, never dropped silently."""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

from conftest import ROOT
from reportgen._render import RenderKey
from reportgen.config import Settings, load_settings
from reportgen.contract.roster import NATIONAL
from reportgen.pipeline import build_report
from reportgen.readers.secretariat import read_secretariat_text


def test_parts_are_read_by_their_lao_or_english_heading(tmp_path: Path):
    f = tmp_path / "secretariat.txt"
    f.write_text("# a note\n[ສະພາບລວມ]\nປີນີ້ …\n\nອີກວັກໜຶ່ງ\n[shortcomings]\nບາງເມືອງລາຍງານຊ້າ\n[ດຳລັດ / decree]\n"
                 "ສະບັບເລກທີ 245/ນຍ\n", encoding="utf-8")
    text, issues = read_secretariat_text(f, "secretariat.txt")
    assert issues == []
    assert text.context == ("ປີນີ້ …", "ອີກວັກໜຶ່ງ")
    assert text.shortcomings == ("ບາງເມືອງລາຍງານຊ້າ",)
    assert text.decree == ("ສະບັບເລກທີ 245/ນຍ",)
    assert text.strengths == ()


def test_text_the_report_cannot_place_is_a_warning_with_its_line(tmp_path: Path):
    f = tmp_path / "secretariat.txt"
    f.write_text("ກ່ອນຫົວຂໍ້\n[ສະຫຼຸບ]\nລຸ່ມຫົວຂໍ້ທີ່ບໍ່ຮູ້ຈັກ\n[ດ້ານດີ]\nດີ\n", encoding="utf-8")
    text, issues = read_secretariat_text(f, "secretariat.txt")
    assert [(i.code, i.is_error) for i in issues] == [("secretariat.unplaced", False), ("secretariat.heading", False)]
    assert "ແຖວ 1" in issues[0].lo and "ກ່ອນຫົວຂໍ້" in issues[0].lo
    assert "ແຖວ 2" in issues[1].lo and "[ສະຫຼຸບ]" in issues[1].lo and "[ດ້ານດີ]" in issues[1].fix_lo
    assert text.strengths == ("ດີ",)


def test_no_file_is_no_text_and_no_warning(tmp_path: Path):
    text, issues = read_secretariat_text(tmp_path / "secretariat.txt", "secretariat.txt")
    assert issues == [] and text.context == ()


def test_not_utf8_is_a_warning(tmp_path: Path):
    f = tmp_path / "secretariat.txt"
    f.write_bytes("[ສະພາບລວມ]\n".encode("utf-16"))
    assert [i.code for i in read_secretariat_text(f, "secretariat.txt")[1]] == ["secretariat.encoding"]


def test_editing_it_changes_the_reports_cache_key(tmp_path: Path):
    (tmp_path / "secretariat.txt").write_text("[ສະພາບລວມ]\nກ\n", encoding="utf-8")
    settings = Settings(base=tmp_path)

    before = RenderKey([], 2019, settings, []).for_report(NATIONAL, "docx")
    (tmp_path / "secretariat.txt").write_text("[ສະພາບລວມ]\nຂ\n", encoding="utf-8")
    assert RenderKey([], 2019, settings, []).for_report(NATIONAL, "docx") != before


def test_printed_where_it_belongs_and_warned_about_in_the_build(tmp_path: Path):
    shutil.copytree(ROOT / "inputs", tmp_path / "inputs")
    shutil.copytree(ROOT / "examples", tmp_path / "examples")
    shutil.copy(ROOT / "reportgen.toml", tmp_path / "reportgen.toml")
    (tmp_path / "secretariat.txt").write_text(
        "[ດຳລັດ]\nສະບັບເລກທີ 245/ນຍ ຂອງນາຍົກລັດຖະມົນຕີ\n[ສະພາບລວມ]\nສະພາບຂອງປີ ສະເພາະກອງເລຂາ\n"
        "[ດ້ານດີ]\nດ້ານດີຂອງກອງເລຂາ\n[ດ້ານຄົງຄ້າງ]\nດ້ານຄົງຄ້າງຂອງກອງເລຂາ\n[ອື່ນໆ]\nບໍ່ມີບ່ອນວາງ\n", encoding="utf-8")
    settings = load_settings(tmp_path / "reportgen.toml")
    result = build_report(settings, ("docx",))
    assert [i.code for i in result.issues if i.code.startswith("secretariat.")] == ["secretariat.heading"]
    with zipfile.ZipFile(tmp_path / "build" / "2019" / "report.docx") as z:
        xml = z.read("word/document.xml").decode("utf-8")
    assert "ການເຄື່ອນໄຫວຂອງຄະນະກຳມະການຕ້ານການຄ້າມະນຸດ ສະບັບເລກທີ 245/ນຍ ຂອງນາຍົກລັດຖະມົນຕີ," in xml
    order = [xml.index(x) for x in ("ສະພາບຂອງປີ ສະເພາະກອງເລຂາ", "ດ້ານດີຂອງກອງເລຂາ", "ດ້ານຄົງຄ້າງຂອງກອງເລຂາ")]
    assert order == sorted(order)
    assert "ບໍ່ມີບ່ອນວາງ" not in xml
