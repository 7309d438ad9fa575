"""Course updates reach a trainee's workspace without touching their work (issue 18, the
nbgitpuller rule): edits win, new files arrive, edited files are never overwritten."""

import json
import os
import stat
from contextlib import contextmanager

import pytest

from course_lib import cli, updates
from course_lib.validation import CourseDataError

DAY = "2026-11-03"


def _notebook(text):
    return json.dumps({"cells": [{"cell_type": "markdown", "source": text}], "nbformat": 4}).encode()


@pytest.fixture
def course(tmp_path_factory, monkeypatch):
    """A tiny fake course: chapters 1 and 2 (two exercises in chapter 2), installed as the course."""
    folder = tmp_path_factory.mktemp("course") / "exercises"
    folder.mkdir()
    (folder / "ch01_importance.ipynb").write_bytes(_notebook("ch01 v1"))
    (folder / "ch02_customer_insight.ipynb").write_bytes(_notebook("ch02 v1"))
    (folder / "ch02_extra.ipynb").write_bytes(_notebook("ch02 extra v1"))
    monkeypatch.setattr(updates, "EXERCISES", folder)
    return folder


def _snapshot(folder):
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


def _read_only(folder):
    for path in [*folder.iterdir(), folder]:
        path.chmod(path.stat().st_mode & ~(stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH))


def test_an_update_keeps_the_trainees_edit_and_brings_the_new_material(course, workspace, capsys):
    started = cli.start_exercises("2")
    assert [(p.name, what) for p, what in started] == [
        ("ch02_customer_insight.ipynb", "created"),
        ("ch02_extra.ipynb", "created"),
    ]
    manifest = json.loads((workspace / updates.MANIFEST).read_text(encoding="utf-8"))
    assert sorted(manifest["files"]) == ["ch02_customer_insight.ipynb", "ch02_extra.ipynb"]

    mine = workspace / "ch02_customer_insight.ipynb"
    edited = mine.read_bytes().replace(b"ch02 v1", b"ch02 v1 + my RFM answer")
    mine.write_bytes(edited)
    (workspace / "my_notes.md").write_text("my notes", encoding="utf-8")
    (workspace / "progress.json").write_text("{}", encoding="utf-8")

    # the course is updated: both chapter 2 exercises change, a new one appears
    (course / "ch02_customer_insight.ipynb").write_bytes(_notebook("ch02 v2"))
    (course / "ch02_extra.ipynb").write_bytes(_notebook("ch02 extra v2"))
    (course / "ch02_capstone.ipynb").write_bytes(_notebook("ch02 capstone"))
    _read_only(course)
    try:
        changes = updates.update_workspace(workspace, today=DAY)
    finally:
        for path in [course, *course.iterdir()]:
            path.chmod(path.stat().st_mode | stat.S_IWUSR)

    got = {c.path.name: c.what for c in changes}
    assert got == {
        "ch02_customer_insight.ipynb": "kept",
        "ch02_capstone.ipynb": "arrived",
        "ch02_extra.ipynb": "updated",
    }, "chapter 1 was not started, so it does not arrive"
    assert mine.read_bytes() == edited, "the trainee's edit survived byte for byte"
    beside = workspace / f"ch02_customer_insight.course-{DAY}.ipynb"
    assert [c.beside for c in changes if c.what == "kept"] == [beside]
    assert beside.read_bytes() == _notebook("ch02 v2"), "the new version sits beside the edited copy"
    assert (workspace / "ch02_capstone.ipynb").read_bytes() == _notebook("ch02 capstone")
    assert (workspace / "ch02_extra.ipynb").read_bytes() == _notebook("ch02 extra v2")
    assert (workspace / "my_notes.md").read_text(encoding="utf-8") == "my notes"
    assert (workspace / "progress.json").read_text(encoding="utf-8") == "{}"
    assert not (workspace / "ch01_importance.ipynb").exists()
    assert not [p for p in workspace.iterdir() if p.name.endswith(".tmp")], "no temporary files left"

    # a second update changes nothing
    before = _snapshot(workspace)
    again = updates.update_workspace(workspace, today="2026-11-04")
    assert {c.path.name: c.what for c in again} == {
        "ch02_customer_insight.ipynb": "kept",
        "ch02_capstone.ipynb": "unchanged",
        "ch02_extra.ipynb": "unchanged",
    }
    assert [c.beside for c in again if c.what == "kept"] == [beside], "no second copy beside it"
    assert _snapshot(workspace) == before

    # the next course version: the edit still wins, the untouched copies follow the course
    (course / "ch02_customer_insight.ipynb").write_bytes(_notebook("ch02 v3"))
    (course / "ch02_capstone.ipynb").write_bytes(_notebook("ch02 capstone v2"))
    third = {c.path.name: c.what for c in updates.update_workspace(workspace, today="2026-12-01")}
    assert third["ch02_customer_insight.ipynb"] == "kept" and third["ch02_capstone.ipynb"] == "updated"
    assert mine.read_bytes() == edited
    assert (workspace / "ch02_customer_insight.course-2026-12-01.ipynb").read_bytes() == _notebook("ch02 v3")


def test_update_command_prints_one_line_per_file_and_all_brings_every_chapter(course, workspace, capsys):
    assert cli.main(["update"]) == 0
    assert "not started a chapter" in capsys.readouterr().out
    assert [p.name for p in workspace.iterdir() if not p.name.startswith(".")] == []

    assert cli.main(["start", "2"]) == 0
    capsys.readouterr()
    (workspace / "ch02_extra.ipynb").write_bytes(b"mine")
    (course / "ch02_extra.ipynb").write_bytes(_notebook("ch02 extra v2"))
    assert cli.main(["update", "--all"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split() == ["arrived", "ch01_importance.ipynb"]
    assert lines[1].split() == ["unchanged", "ch02_customer_insight.ipynb"]
    assert lines[2].startswith(
        "kept       ch02_extra.ipynb (your edits); the new version is ch02_extra.course-"
    )
    assert "1 arrived, 1 kept, 1 unchanged" in lines[-1]
    assert (workspace / "ch02_extra.ipynb").read_bytes() == b"mine"


def test_an_edited_copy_gets_nothing_beside_it_while_the_course_has_not_changed(course, workspace, capsys):
    cli.start_exercises("2")
    (workspace / "ch02_extra.ipynb").write_bytes(b"edited")
    before = _snapshot(workspace)
    changes = updates.update_workspace(workspace, today=DAY)
    assert [(c.path.name, c.what, c.beside) for c in changes][1] == ("ch02_extra.ipynb", "kept", None)
    assert _snapshot(workspace) == before
    assert cli.main(["update"]) == 0
    assert "ch02_extra.ipynb (your edits; the course has no new version of it)" in capsys.readouterr().out
    fresh, what = cli.start_exercises("2")[1]  # start again: a fresh copy to begin anew
    assert what == "kept" and fresh.read_bytes() == _notebook("ch02 extra v1")


def test_copies_from_before_the_manifest_count_as_edited_unless_identical(course, workspace):
    (workspace / "ch02_customer_insight.ipynb").write_bytes(_notebook("ch02 v1"))  # identical
    (workspace / "ch02_extra.ipynb").write_bytes(_notebook("ch02 extra v0"))  # an older copy, or an edit
    changes = {c.path.name: c for c in updates.update_workspace(workspace, today=DAY)}
    assert changes["ch02_customer_insight.ipynb"].what == "unchanged"
    assert changes["ch02_extra.ipynb"].what == "kept"
    assert (workspace / "ch02_extra.ipynb").read_bytes() == _notebook("ch02 extra v0")
    assert changes["ch02_extra.ipynb"].beside.read_bytes() == _notebook("ch02 extra v1")
    files = json.loads((workspace / updates.MANIFEST).read_text(encoding="utf-8"))["files"]
    assert sorted(files) == ["ch02_customer_insight.ipynb"], "an unknown copy gets no entry"

    # a file the trainee made under a name the course later uses is the trainee's
    (workspace / "ch01_importance.ipynb").write_bytes(b"my own chapter 1 notes")
    changes = {c.path.name: c for c in updates.update_workspace(workspace, today=DAY)}
    assert changes["ch01_importance.ipynb"].what == "kept"
    assert (workspace / "ch01_importance.ipynb").read_bytes() == b"my own chapter 1 notes"


def test_start_updates_an_untouched_older_copy_and_keeps_an_edited_one(course, workspace):
    cli.start_exercises("2")
    (workspace / "ch02_extra.ipynb").write_bytes(b"edited")
    (course / "ch02_customer_insight.ipynb").write_bytes(_notebook("ch02 v2"))
    (course / "ch02_extra.ipynb").write_bytes(_notebook("ch02 extra v2"))
    results = {p.name: what for p, what in cli.start_exercises("2")}
    assert results["ch02_customer_insight.ipynb"] == "updated"
    kept = [name for name, what in results.items() if what == "kept"]
    assert len(kept) == 1 and kept[0].startswith("ch02_extra.course-")
    assert (workspace / "ch02_extra.ipynb").read_bytes() == b"edited"
    assert (workspace / "ch02_customer_insight.ipynb").read_bytes() == _notebook("ch02 v2")


@contextmanager
def no_writes_into(folder):
    """Fail when the update opens, renames, links or chmods a file in ``folder`` (as root, a
    read-only folder can still be written, so the permissions alone prove nothing)."""
    with pytest.MonkeyPatch.context() as monkeypatch:

        def inside(path):
            return os.path.abspath(path).startswith(str(folder) + os.sep)

        def guarded(name, check):
            real = getattr(os, name)

            def call(*args, **kwargs):
                assert not check(*args), f"os.{name}{args} writes into the course"
                return real(*args, **kwargs)

            monkeypatch.setattr(os, name, call)

        guarded("replace", lambda src, dst: inside(dst))
        guarded("link", lambda src, dst: inside(dst))
        guarded("chmod", lambda path, mode: inside(path))

        def opener(file, mode="r", *args, **kwargs):
            assert not (set(mode) & set("wxa+") and inside(file)), f"open({file!r}, {mode!r})"
            return open(file, mode, *args, **kwargs)

        monkeypatch.setattr(updates, "open", opener, raising=False)
        yield


def test_a_read_only_course_is_only_read(course, workspace):
    listing = {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in course.iterdir()}
    _read_only(course)
    try:
        with no_writes_into(course):
            changes = updates.update_workspace(workspace, all_chapters=True, today=DAY)
            (workspace / "ch01_importance.ipynb").write_bytes(b"edited")
            (workspace / "ch02_extra.ipynb").unlink()  # a deleted copy arrives again
            again = {c.path.name: c.what for c in updates.update_workspace(workspace, today=DAY)}
    finally:
        for path in [course, *course.iterdir()]:
            path.chmod(path.stat().st_mode | stat.S_IWUSR)
    assert [c.what for c in changes] == ["arrived"] * 3
    assert again == {
        "ch01_importance.ipynb": "kept",
        "ch02_customer_insight.ipynb": "unchanged",
        "ch02_extra.ipynb": "arrived",
    }
    assert {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in course.iterdir()} == listing
    for change in changes:
        assert os.access(change.path, os.W_OK), "the trainee can edit what arrived"


def test_a_damaged_manifest_gives_a_clear_message_and_loses_nothing(course, workspace, capsys):
    cli.start_exercises("2")
    (workspace / "ch02_extra.ipynb").write_bytes(b"my work")
    (course / "ch02_customer_insight.ipynb").write_bytes(_notebook("ch02 v2"))
    (course / "ch02_capstone.ipynb").write_bytes(_notebook("ch02 capstone"))
    for damaged in ('{"format": "crm-course-manifest", "files": ', '{"files": {"a": 1}}', "[]"):
        (workspace / updates.MANIFEST).write_text(damaged, encoding="utf-8")
        before = _snapshot(workspace)
        assert cli.main(["update"]) == 1
        err = capsys.readouterr().err
        assert "is damaged" in err and "nothing was changed" in err and "Rename" in err
        assert _snapshot(workspace) == before, "nothing written, nothing lost"
        assert cli.main(["start", "2"]) == 2
        assert "is damaged" in capsys.readouterr().err
        assert _snapshot(workspace) == before
        with pytest.raises(CourseDataError, match="damaged"):
            updates.update_workspace(workspace)


def test_a_chapter_without_exercises_is_refused(course, workspace):
    with pytest.raises(CourseDataError, match="no exercise notebook"):
        cli.start_exercises("3")
    assert not (workspace / updates.MANIFEST).exists()
