"""The crm-course command: start never overwrites a trainee's work; progress; check."""

import json
import shutil

import pytest

from course_lib import cli
from course_lib.course import ROOT
from course_lib.validation import CourseDataError


@pytest.fixture
def workspace(tmp_path, monkeypatch):
    monkeypatch.setenv("CRM_COURSE_WORKSPACE", str(tmp_path))
    return tmp_path


def test_start_copies_then_keeps_an_edited_copy(workspace):
    path, what = cli.start_exercise("0")
    assert what == "created" and path.parent == workspace
    original = path.read_bytes()
    assert cli.start_exercise("ch00")[1] == "unchanged"

    edited = original.replace(b'"cells"', b'"cells"', 1) + b"\n"  # a trainee's edit
    path.write_bytes(edited)
    fresh, what = cli.start_exercise("00")
    assert what == "kept"
    assert path.read_bytes() == edited, "the trainee's copy must not change"
    assert fresh != path and fresh.read_bytes() == original


def test_start_refuses_an_unknown_chapter(workspace):
    with pytest.raises(CourseDataError, match="does not exist"):
        cli.start_exercise("42")
    with pytest.raises(CourseDataError, match="must be a number"):
        cli.start_exercise("two")


def test_progress_counts_recorded_results(workspace):
    from course_lib.checks import tasks

    first = tasks("ch00")[0]
    (workspace / "progress.json").write_text(json.dumps({first.id: {"status": "pass"}}))
    table = cli.progress_table()
    row = table.loc[[i for i in table.index if i.startswith("0 ·")][0]]
    assert row["passed"] == 1 and row["tasks"] == len(tasks("ch00"))


def test_check_passes_on_the_repository_and_fails_when_an_exercise_is_stale(tmp_path):
    copy = tmp_path / "course"
    for folder in ("notebooks", "solutions", "exercises", "docs"):
        shutil.copytree(ROOT / folder, copy / folder)
    from course_lib.notebook_tools import stale_files

    assert stale_files(copy) == []
    exercise = sorted((copy / "exercises").glob("*.ipynb"))[0]
    exercise.write_text(exercise.read_text(encoding="utf-8").replace("...", "42", 1), encoding="utf-8")
    assert stale_files(copy) == [exercise]


def test_command_line_check_exits_zero_on_the_repository(capsys):
    from course_lib.cli import main

    assert main(["check"]) == 0, capsys.readouterr().out
    assert "up to date" in capsys.readouterr().out


def test_start_copies_every_exercise_of_a_chapter_main_one_first(workspace):
    results = cli.start_exercises("6")
    names = [path.name for path, _ in results]
    assert names[0] == "ch06_future_implementation.ipynb"
    assert "ch06_capstone.ipynb" in names
    assert all(what == "created" for _, what in results)
    assert cli.start_exercise("6")[0].name == "ch06_future_implementation.ipynb"
