"""The instructor's class-progress notebook and its sample class (nbval runs the notebook)."""

import filecmp
import importlib.util
from pathlib import Path

import nbformat
import pytest

from course_lib import classroom
from course_lib.notebook_tools import pair_difference

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOK = ROOT / "docs" / "instructor" / "class_progress.ipynb"
SAMPLE = NOTEBOOK.parent / "sample_class"
TRAINEES = ["chen_jie", "li_wei", "liu_yang", "sun_li", "wang_fang", "zhang_min", "zhao_lei", "zhou_qing"]

spec = importlib.util.spec_from_file_location("make_sample_class", ROOT / "tools" / "make_sample_class.py")
make_sample_class = importlib.util.module_from_spec(spec)
spec.loader.exec_module(make_sample_class)


@pytest.fixture(scope="module")
def found():
    return classroom.read_exports(SAMPLE)


def test_the_sample_class_reads_eight_trainees_and_names_the_broken_file(found):
    assert found.trainees == TRAINEES
    assert [name for name, _ in found.skipped] == ["progress-ma_tao.json"]
    assert found.skipped[0][1].startswith("is not valid JSON")
    sources = found.records.groupby("trainee")["source"].unique()
    assert list(sources["zhou_qing"]) == ["zhou_qing/progress.json"]
    assert list(sources["wang_fang"]) == ["progress-wang_fang.json"]


def test_the_class_table_has_a_row_per_trainee_and_a_column_per_chapter(found):
    table = classroom.class_table(found.records, trainees=found.trainees)
    chapters = list(classroom.course_tasks())
    assert table.shape == (8, len(chapters) + 3)
    assert list(table.columns) == [*chapters, "all", "last check", "checked at"]
    assert list(table.index) == TRAINEES
    assert table.loc["zhao_lei", "checked at"].startswith("2026-11-16")  # fell behind on day 1
    assert table.loc["zhang_min", "ch05"] != f"0/{len(classroom.course_tasks()['ch05'])}"


def test_the_sample_holds_the_patterns_the_notebook_points_at(found):
    records = found.records
    stuck = records[(records["status"] != "pass") & (records["attempts"] >= 4)]
    assert {("chen_jie", "ch02.rfm_by_hand"), ("liu_yang", "ch03.timing_p_value")} <= set(
        zip(stuck["trainee"], stuck["task"])
    )
    tried = records[records["attempts"] > 0]
    rate = tried.groupby("task")["status"].agg(lambda s: (s == "pass").mean())
    counted = tried.groupby("task").size() >= 3
    assert rate[counted].idxmin() == "ch02.wakeup_uplift"
    assert rate["ch02.wakeup_uplift"] < 0.5


def test_every_task_of_the_sample_is_a_task_of_the_course(found):
    course = {task for tasks in classroom.course_tasks().values() for task in tasks}
    assert set(found.records["task"]) <= course, "the course's tasks changed: run tools/make_sample_class.py"


def test_the_generator_writes_the_shipped_sample_again_byte_for_byte(tmp_path):
    written = make_sample_class.write_sample_class(tmp_path)
    names = [path.relative_to(tmp_path).as_posix() for path in written]
    shipped = sorted(p.relative_to(SAMPLE).as_posix() for p in SAMPLE.rglob("*") if p.is_file())
    assert names == shipped
    match, mismatch, errors = filecmp.cmpfiles(SAMPLE, tmp_path, names, shallow=False)
    assert (mismatch, errors) == ([], []), "regenerate with: .venv/bin/python tools/make_sample_class.py"


def test_the_notebook_is_paired_short_executed_and_reads_the_sample_beside_it():
    assert pair_difference(NOTEBOOK) is None
    notebook = nbformat.read(NOTEBOOK, as_version=4)
    assert 10 <= len(notebook.cells) <= 16
    code = [cell for cell in notebook.cells if cell.cell_type == "code"]
    assert all(cell.execution_count for cell in code), (
        "execute it: python -m course_lib.notebook_tools execute"
    )
    assert any('os.environ.get("CRM_COURSE_CLASS_DIR", "sample_class")' in cell.source for cell in code)
    assert SAMPLE.is_dir()
    outputs = "".join(
        output.get("text", "") + output.get("data", {}).get("text/plain", "")
        for cell in code
        for output in cell.outputs
    )
    assert "8 trainees" in outputs
    assert str(ROOT) not in outputs and "/home/" not in outputs
