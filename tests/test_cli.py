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


# --- progress records, export and the class table (issue 18) ---------------------------

from course_lib import checks  # noqa: E402
from course_lib.checks import Wrong, task  # noqa: E402


@task("ch99.cli_triple", "triple a number", hints=["Multiply by three."])
def _triple(answer):
    if answer != 63:
        raise Wrong("that is not three times 21.")


@pytest.fixture
def clock(monkeypatch):
    """Check times 10:00:00, 10:01:00, … instead of the wall clock."""
    ticks = iter(range(100))
    monkeypatch.setattr(checks, "_now", lambda: f"2026-11-03T10:{next(ticks):02d}:00+08:00")


def _record_of(workspace, task_id="ch99.cli_triple"):
    return json.loads((workspace / "progress.json").read_text(encoding="utf-8"))[task_id]


def test_checks_count_attempts_and_keep_the_first_pass(workspace, clock, capsys):
    checks.check("ch99.cli_triple", ...)  # the unfilled exercise: not an attempt
    assert _record_of(workspace)["attempts"] == 0
    for answer in (60, 64, 63, 62, 63):
        checks.check("ch99.cli_triple", answer)
    record = _record_of(workspace)
    assert record["attempts"] == 5
    assert record["status"] == "pass", "a later wrong answer does not undo a pass"
    assert record["first_passed"] == "2026-11-03T10:03:00+08:00"
    assert record["time"] == "2026-11-03T10:05:00+08:00" and record["last_attempt"] == "pass"
    checks.check("ch99.cli_triple", 1)
    record = _record_of(workspace)
    assert (record["status"], record["last_attempt"], record["attempts"]) == ("pass", "fail", 6)
    assert record["first_passed"] == "2026-11-03T10:03:00+08:00"


def test_records_from_before_attempts_were_counted_stay_readable(workspace, clock, capsys):
    old = {
        "ch99.cli_triple": {"status": "pass", "time": "2025-05-01 09:30"},
        "ch00.order_count": {"status": "fail", "time": "2025-05-01 09:20"},
    }
    (workspace / "progress.json").write_text(json.dumps(old), encoding="utf-8")
    checks.check("ch99.cli_triple", 1)
    record = _record_of(workspace)
    assert record["attempts"] == 2, "an old record counts as one attempt"
    assert record["first_passed"] == "2025-05-01 09:30"
    assert _record_of(workspace, "ch00.order_count") == old["ch00.order_count"], "others untouched"
    assert (
        cli.progress_table().loc[lambda t: t.index.str.startswith("0 ·"), "tried, not yet passed"].item() == 1
    )

    out = workspace / "out"
    out.mkdir()
    assert cli.main(["progress", "--export", str(out), "--name", "lin"]) == 0
    rows = {
        r["task"]: r for r in json.loads((out / "progress-lin.json").read_text(encoding="utf-8"))["tasks"]
    }
    assert rows["ch00.order_count"]["attempts"] == 1 and rows["ch00.order_count"]["first_passed"] is None
    assert rows["ch99.cli_triple"]["attempts"] == 2


def test_export_writes_one_file_and_never_overwrites_without_force(workspace, clock, monkeypatch, capsys):
    checks.check("ch99.cli_triple", 60)
    checks.check("ch99.cli_triple", 63)
    out = workspace / "collected"
    out.mkdir()
    monkeypatch.chdir(out)
    monkeypatch.setattr("getpass.getuser", lambda: "wang")
    assert cli.main(["progress", "--export"]) == 0
    path = out / "progress-wang.json"
    document = json.loads(path.read_text(encoding="utf-8"))
    assert document["format"] == "crm-course-progress" and document["trainee"] == "wang"
    (row,) = [r for r in document["tasks"] if r["task"] == "ch99.cli_triple"]
    assert row == {
        "task": "ch99.cli_triple",
        "chapter": "ch99",
        "status": "pass",
        "time": "2026-11-03T10:01:00+08:00",
        "attempts": 2,
        "first_passed": "2026-11-03T10:01:00+08:00",
        "last_result": "pass",
    }
    assert "Hand this file to your instructor" in capsys.readouterr().out

    path.write_text("the instructor's copy", encoding="utf-8")
    assert cli.main(["progress", "--export"]) == 1
    err = capsys.readouterr().err
    assert "already exists" in err and "--force" in err
    assert path.read_text(encoding="utf-8") == "the instructor's copy", "nothing lost"
    assert cli.main(["progress", "--export", "--force"]) == 0
    assert json.loads(path.read_text(encoding="utf-8"))["trainee"] == "wang"
    assert [p.name for p in out.iterdir()] == ["progress-wang.json"], "no temporary files left"


def test_export_bad_input_gets_a_clear_message_and_writes_nothing(workspace, clock, capsys):
    checks.check("ch99.cli_triple", 63)
    assert cli.main(["progress", "--export", str(workspace / "results.csv")]) == 1
    assert "ending in .json" in capsys.readouterr().err
    assert cli.main(["progress", "--export", str(workspace / "no" / "such" / "x.json")]) == 1
    assert "does not exist" in capsys.readouterr().err
    assert cli.main(["progress", "--export", "--name", "  "]) == 2
    assert "--name is empty" in capsys.readouterr().err
    assert cli.main(["progress", "--force"]) == 2
    assert "go with --export" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        cli.main(["progress", "--export", "--class", str(workspace)])
    (workspace / "progress.json").write_text('{"ch99.cli_triple": ', encoding="utf-8")
    assert cli.main(["progress", "--export", str(workspace / "p.json")]) == 1
    assert "not valid JSON" in capsys.readouterr().err
    assert sorted(p.name for p in workspace.iterdir() if not p.name.endswith(".lock")) == ["progress.json"]
    assert (workspace / "progress.json").read_text(encoding="utf-8") == '{"ch99.cli_triple": ', "untouched"


def test_class_command_prints_the_table_and_names_skipped_files(workspace, clock, capsys, tmp_path_factory):
    from course_lib.checks import tasks

    first, second = (t.id for t in tasks("ch00")[:2])
    folder = tmp_path_factory.mktemp("class")
    for name, results in {"amy": {first: "pass", second: "pass"}, "ben": {first: "fail"}}.items():
        (workspace / "progress.json").unlink(missing_ok=True)
        for task_id, status in results.items():
            checks._record(task_id, status)
        assert cli.main(["progress", "--export", str(folder), "--name", name]) == 0
    (folder / "chen").mkdir()  # a home folder on a class server
    (folder / "chen" / "progress.json").write_text(json.dumps({first: {"status": "pass"}}), encoding="utf-8")
    (folder / "progress-dan.json").write_text("{broken", encoding="utf-8")
    capsys.readouterr()
    assert cli.main(["progress", "--class", str(folder)]) == 0
    out = capsys.readouterr().out
    lines = {
        line.split()[0]: line for line in out.splitlines() if line.split()[:1] in (["amy"], ["ben"], ["chen"])
    }
    total = len(tasks("ch00"))
    assert f"2/{total}" in lines["amy"] and f"0/{total}" in lines["ben"] and f"1/{total}" in lines["chen"]
    assert f"{second} ✓ pass" in lines["amy"] and f"{first} ✗ fail" in lines["ben"]
    assert "progress-dan.json: is not valid JSON" in out
    assert cli.main(["progress", "--class", str(folder / "missing")]) == 2
    assert "is not a folder" in capsys.readouterr().err
