"""Reading a folder: the same submissions and problems in one process or several, and progress for each file."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from conftest import EXAMPLE, minimal_form
from reportgen import pipeline
from reportgen.writers.xlsx.forms import Identity, save_bytes, set_value


def _folder_with_problems(tmp_path: Path) -> Path:
    folder = tmp_path / "inputs"
    shutil.copytree(EXAMPLE, folder)
    wb = minimal_form(Identity("province", 2019, "LA-XA"))
    set_value(wb, "cases", "received", "total", -1)
    (folder / "LA-XA-again.xlsx").write_bytes(save_bytes(wb))  # a second Savannakhet workbook, with an error
    (folder / "notes.xlsx").write_text("not a workbook", encoding="utf-8")
    return folder


def test_reading_on_two_processes_gives_the_same_result(tmp_path: Path):
    folder = _folder_with_problems(tmp_path)
    one = pipeline.check_folder(folder, 2019, workers=1)
    two = pipeline.check_folder(folder, 2019, workers=2)
    assert len(one.submissions) == 49
    assert [s.file for s in two.submissions] == [s.file for s in one.submissions]
    assert two.submissions == one.submissions
    assert {i.code for i in one.errors} == {"number.negative", "committee.duplicate", "file.not_xlsx"}
    assert two.issues == one.issues


@pytest.mark.parametrize("workers", [1, 2])
def test_progress_reports_every_file_in_order(example_inputs: Path, workers: int):
    seen: list[tuple[str, int, int]] = []
    pipeline.check_folder(example_inputs, 2019, lambda *a: seen.append(a), workers=workers)
    assert seen[0] == ("read", 0, 47)
    assert seen[-1] == ("read", 47, 47)
    assert [done for _, done, _ in seen] == list(range(48))


def test_few_workbooks_are_read_in_one_process():
    assert pipeline._workers(1) == 1
    assert pipeline._workers(pipeline._PARALLEL_FROM - 1) == 1
