"""The instructor's view of a class: exports read, foreign files skipped, table and heat map."""

import json
import warnings

import pandas as pd
import pytest

from course_lib import classroom
from course_lib.validation import CourseDataError

COURSE = {"ch00": ["ch00.a", "ch00.b"], "ch02": ["ch02.x", "ch02.y", "ch02.z"]}


def _export(folder, trainee, records, name=None):
    document = classroom.export_document(records, trainee=trainee, exported="2026-11-03T12:00:00+08:00")
    return classroom.write_export(folder / (name or classroom.export_name(trainee)), document)


@pytest.fixture
def class_folder(tmp_path):
    """Three trainees' exports and one corrupt file, as an instructor collects them."""
    _export(
        tmp_path,
        "amy",
        {
            "ch00.a": {"status": "pass", "time": "2026-11-03T09:00:00+08:00", "attempts": 1},
            "ch00.b": {"status": "pass", "time": "2026-11-03T09:10:00+08:00", "attempts": 3},
            "ch02.x": {
                "status": "pass",
                "time": "2026-11-03T10:40:00+08:00",
                "attempts": 2,
                "first_passed": "2026-11-03T10:20:00+08:00",
                "last_attempt": "fail",
            },
        },
    )
    _export(
        tmp_path, "ben", {"ch00.a": {"status": "fail", "time": "2026-11-03T09:05:00+08:00", "attempts": 4}}
    )
    _export(tmp_path, "陈静", {"ch00.a": {"status": "pass", "time": "2025-05-01 09:30"}})  # an old record
    (tmp_path / "progress-dan.json").write_bytes(b'{"format": "crm-course-progress", "tr\xff')
    return tmp_path


def test_class_table_from_three_exports_skips_the_corrupt_file(class_folder):
    found = classroom.read_exports(class_folder)
    assert found.trainees == ["amy", "ben", "陈静"]
    assert [name for name, _ in found.skipped] == ["progress-dan.json"]
    assert "not a text file" in found.skipped[0][1]

    table = classroom.class_table(found.records, trainees=found.trainees, course=COURSE)
    assert table.loc["amy", ["ch00", "ch02", "all"]].tolist() == ["2/2", "1/3", "3/5"]
    assert table.loc["ben", ["ch00", "ch02", "all"]].tolist() == ["0/2", "0/3", "0/5"]
    assert table.loc["陈静", "all"] == "1/5"
    assert table.loc["amy", "last check"] == "ch02.x ✗ fail"  # passed earlier, last check failed
    assert table.loc["amy", "checked at"] == "2026-11-03 10:40"
    assert table.loc["ben", "last check"] == "ch00.a ✗ fail"
    amy_x = found.records.set_index(["trainee", "task"]).loc[("amy", "ch02.x")]
    assert (amy_x["attempts"], amy_x["first_passed"]) == (2, "2026-11-03T10:20:00+08:00")
    old = found.records.set_index(["trainee", "task"]).loc[("陈静", "ch00.a")]
    assert old["attempts"] == 1 and old["first_passed"] == "2025-05-01 09:30"


def test_foreign_and_damaged_files_are_named_and_workspaces_are_read(tmp_path):
    (tmp_path / "agenda.json").write_text('{"day": 1}', encoding="utf-8")
    (tmp_path / "list.json").write_text("[1, 2]", encoding="utf-8")
    (tmp_path / "README.md").write_text("collected on Monday", encoding="utf-8")
    (tmp_path / "new.json").write_text(
        json.dumps({"format": "crm-course-progress", "version": 99, "trainee": "x", "tasks": []}),
        encoding="utf-8",
    )
    (tmp_path / "bad-row.json").write_text(
        json.dumps({"format": "crm-course-progress", "version": 1, "trainee": "y", "tasks": [{"task": 3}]}),
        encoding="utf-8",
    )
    (tmp_path / "fay").mkdir()  # a trainee's home folder on the class server
    (tmp_path / "fay" / "progress.json").write_text(
        json.dumps({"ch02.y": {"status": "pass", "time": "2026-11-03T11:00:00+08:00"}}), encoding="utf-8"
    )
    (tmp_path / "gus").mkdir()
    (tmp_path / "gus" / "progress.json").write_text('{"ch02.y": {"status": "great"}}', encoding="utf-8")
    (tmp_path / "no-progress-yet").mkdir()
    found = classroom.read_exports(tmp_path)
    assert found.trainees == ["fay"]
    why = dict(found.skipped)
    assert set(why) == {
        "agenda.json",
        "list.json",
        "README.md",
        "new.json",
        "bad-row.json",
        "gus/progress.json",
    }
    assert why["agenda.json"] == "is not a crm-course progress export"
    assert "newer than this course reads" in why["new.json"]
    assert "unknown status 'great'" in why["gus/progress.json"]
    assert classroom.class_table(found.records, course=COURSE).loc["fay", "ch02"] == "1/3"
    with pytest.raises(CourseDataError, match="is not a folder"):
        classroom.read_exports(tmp_path / "README.md")


def test_a_trainee_exported_twice_keeps_the_latest_record_of_each_task(tmp_path):
    _export(tmp_path, "amy", {"ch00.a": {"status": "fail", "time": "2026-11-03T09:00:00+08:00"}})
    _export(
        tmp_path,
        "amy",
        {"ch00.a": {"status": "pass", "time": "2026-11-03T09:30:00+08:00", "attempts": 2}},
        name="progress-amy-later.json",
    )
    found = classroom.read_exports(tmp_path)
    assert len(found.records) == 1 and found.records.loc[0, "status"] == "pass"
    assert found.records.loc[0, "source"] == "progress-amy-later.json"


def test_the_heat_map_draws_every_trainee_and_chapter(class_folder):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from course_lib import plots

    found = classroom.read_exports(class_folder)
    shares = classroom.pass_shares(found.records, trainees=found.trainees, course=COURSE)
    assert shares.loc["amy"].tolist() == pytest.approx([1.0, 1 / 3])
    ax = plots.classroom.progress_heatmap(shares)
    assert [t.get_text() for t in ax.get_yticklabels()] == ["amy", "ben", "陈静"]
    assert [t.get_text() for t in ax.get_xticklabels()] == ["0", "2"]
    assert sorted(t.get_text() for t in ax.texts) == sorted(["100", "33", "0", "0", "50", "0"])
    assert "章节" in ax.get_xlabel() and "通过率" in ax.get_title()
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a missing Chinese glyph would warn
        ax.figure.canvas.draw()
    plt.close(ax.figure)


def test_default_course_counts_the_registered_tasks():
    from course_lib.checks import tasks

    course = classroom.course_tasks()
    assert course["ch02"] == [t.id for t in tasks("ch02")]
    records = pd.DataFrame(
        [["amy", course["ch02"][0], "pass", "2026-11-03T10:00:00+08:00"], ["amy", "ch99.x", "pass", None]],
        columns=["trainee", "task", "status", "time"],
    )
    table = classroom.class_table(records)
    assert table.loc["amy", "ch02"] == f"1/{len(course['ch02'])}"
    assert "ch99" not in table.columns
