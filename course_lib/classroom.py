"""A class's progress for the instructor (presentation layer).

Each trainee's checks are recorded in ``progress.json`` in their own workspace (see
:func:`course_lib.checks.load_progress`); nothing leaves their machine until they export it
with ``crm-course progress --export``, which writes one JSON file per trainee:

.. code-block:: json

    {"format": "crm-course-progress", "version": 1, "trainee": "alice",
     "exported": "2026-11-03T16:40:12+08:00",
     "tasks": [{"task": "ch02.rfm_table", "chapter": "ch02", "status": "pass",
                "time": "2026-11-03T15:02:41+08:00", "attempts": 3,
                "first_passed": "2026-11-03T15:02:41+08:00", "last_result": "pass"}]}

``status`` is ``"pass"`` once a task has passed (a later wrong answer does not undo it),
otherwise the last result (``"fail"`` or ``"not attempted"``); ``time`` is the time of the
last check and ``last_result`` its result; ``attempts`` counts the checks that had an
answer; ``first_passed`` is the time of the first pass, or ``null``.

The instructor collects the files in one folder (home folders on a class server laid out
as ``DIR/<name>/progress.json`` are read as they are), and :func:`read_exports` and
:func:`class_table` turn them into the class's table: trainee × chapter, tasks done out of
the chapter's tasks, and each trainee's last check. :func:`pass_shares` gives the numbers
behind :func:`course_lib.plots.classroom.progress_heatmap`.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime
from pathlib import Path
from typing import NamedTuple

import pandas as pd

from .course import CHAPTERS, write_atomic
from .validation import CourseDataError

__all__ = [
    "EXPORT_FORMAT",
    "EXPORT_VERSION",
    "COLUMNS",
    "Exports",
    "task_results",
    "export_document",
    "export_name",
    "write_export",
    "read_export",
    "read_progress_file",
    "read_exports",
    "course_tasks",
    "class_table",
    "pass_shares",
]

EXPORT_FORMAT = "crm-course-progress"
EXPORT_VERSION = 1
#: The columns of the records table, one row per trainee and task.
COLUMNS = [
    "trainee",
    "task",
    "chapter",
    "status",
    "time",
    "attempts",
    "first_passed",
    "last_result",
    "source",
]
_STATUSES = ("pass", "fail", "not attempted")
_MARK = {"pass": "✓", "fail": "✗", "not attempted": "–"}


class Exports(NamedTuple):
    """What :func:`read_exports` found in a folder."""

    records: pd.DataFrame
    """One row per trainee and task, with the columns :data:`COLUMNS`."""
    trainees: list[str]
    """Every trainee read, including those with no results yet, sorted."""
    skipped: list[tuple[str, str]]
    """``(file name, why)`` for each file that could not be read."""


def _attempts(record: Mapping) -> int:
    attempts = record.get("attempts")
    if isinstance(attempts, int) and not isinstance(attempts, bool) and attempts >= 0:
        return attempts
    return 1 if record.get("status") in ("pass", "fail") else 0


def task_results(progress: Mapping) -> list[dict]:
    """One trainee's per-task results from the records of their ``progress.json``.

    Records written before attempts were counted (only ``status`` and ``time``) count as
    one attempt, and a pass recorded then gives its time as the first pass.

    Parameters
    ----------
    progress : Mapping
        ``{task_id: record}`` as :func:`course_lib.checks.load_progress` returns it.

    Returns
    -------
    list of dict
        One dict per task, sorted by task id, with the keys ``task``, ``chapter``,
        ``status``, ``time``, ``attempts``, ``first_passed`` and ``last_result``.

    Raises
    ------
    CourseDataError
        When ``progress`` is not a mapping of task ids to records with a known status.

    Examples
    --------
    >>> task_results({"ch02.rfm_table": {"status": "pass", "time": "2026-11-03 15:02"}})
    ... # doctest: +NORMALIZE_WHITESPACE
    [{'task': 'ch02.rfm_table', 'chapter': 'ch02', 'status': 'pass', 'time': '2026-11-03 15:02',
      'attempts': 1, 'first_passed': '2026-11-03 15:02', 'last_result': 'pass'}]
    """
    if not isinstance(progress, Mapping):
        raise CourseDataError(f"progress should map task ids to records; found a {type(progress).__name__}.")
    rows = []
    for task_id in sorted(progress, key=str):
        record = progress[task_id]
        if not isinstance(task_id, str) or not isinstance(record, Mapping):
            raise CourseDataError(f"the record of {task_id!r} is not a progress record.")
        status = record.get("status")
        if status not in _STATUSES:
            raise CourseDataError(f"the record of {task_id!r} has an unknown status {status!r}.")
        when = record.get("time")
        first = record.get("first_passed")
        if first is None and status == "pass":
            first = when
        last = record.get("last_attempt", status)
        rows.append(
            {
                "task": task_id,
                "chapter": task_id.split(".", 1)[0],
                "status": status,
                "time": when if isinstance(when, str) else None,
                "attempts": _attempts(record),
                "first_passed": first if isinstance(first, str) else None,
                "last_result": last if last in _STATUSES else status,
            }
        )
    return rows


def export_document(progress: Mapping, *, trainee: str, exported: str | None = None) -> dict:
    """The export of one trainee's results, as ``crm-course progress --export`` writes it.

    Parameters
    ----------
    progress : Mapping
        The trainee's records (:func:`course_lib.checks.load_progress`).
    trainee : str
        The trainee's name, as the instructor's table shows it.
    exported : str, optional
        Time stamp of the export; now (ISO 8601 with the UTC offset) by default.

    Returns
    -------
    dict
        ``{"format", "version", "trainee", "exported", "tasks"}`` (see the module's text).

    Examples
    --------
    >>> doc = export_document({"ch00.order_count": {"status": "fail", "time": "2026-11-03 09:10",
    ...                        "attempts": 2}}, trainee="alice", exported="2026-11-03T10:00:00+08:00")
    >>> doc["trainee"], doc["tasks"][0]["attempts"], doc["tasks"][0]["first_passed"]
    ('alice', 2, None)
    """
    name = str(trainee).strip()
    if not name:
        raise CourseDataError("the trainee's name is empty; give one with --name.")
    return {
        "format": EXPORT_FORMAT,
        "version": EXPORT_VERSION,
        "trainee": name,
        "exported": exported or datetime.now().astimezone().isoformat(timespec="seconds"),
        "tasks": task_results(progress),
    }


def export_name(trainee: str) -> str:
    """The default file name of a trainee's export: ``progress-<name>.json``.

    Characters that do not belong in a file name become ``_``.

    Parameters
    ----------
    trainee : str
        The trainee's name.

    Returns
    -------
    str
        The file name.

    Examples
    --------
    >>> export_name("alice"), export_name("Li Wei/王伟")
    ('progress-alice.json', 'progress-Li_Wei_王伟.json')
    """
    safe = re.sub(r"[^\w.-]+", "_", str(trainee).strip()).strip("._") or "trainee"
    return f"progress-{safe}.json"


def write_export(path: str | os.PathLike, document: Mapping, *, force: bool = False) -> Path:
    """Write an export to ``path``, never over an existing file unless ``force``.

    The file is written beside its destination first and then moved into place, so a
    crash leaves either the old file or the new one, never half a file.

    Parameters
    ----------
    path : str or os.PathLike
        The file to write (``.json``).
    document : Mapping
        What :func:`export_document` returns.
    force : bool, default False
        Replace an existing file.

    Returns
    -------
    pathlib.Path
        The file written.

    Raises
    ------
    CourseDataError
        When the file exists (and not ``force``), its folder does not exist, or the name
        does not end in ``.json``; nothing is written then.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> target = pathlib.Path(tempfile.mkdtemp()) / "progress-alice.json"
    >>> doc = export_document({}, trainee="alice")
    >>> write_export(target, doc).name
    'progress-alice.json'
    >>> write_export(target, doc)
    Traceback (most recent call last):
    ...
    course_lib.validation.CourseDataError: progress-alice.json already exists; nothing was written. ...
    """
    path = Path(path)
    if path.suffix.lower() != ".json":
        raise CourseDataError(f"exports are JSON files: give a name ending in .json (not {path.name!r}).")
    if not path.parent.is_dir():
        raise CourseDataError(f"the folder {path.parent} does not exist; nothing was written.")
    if path.is_dir():
        raise CourseDataError(f"{path} is a folder; nothing was written.")
    if path.exists() and not force:
        raise CourseDataError(
            f"{path.name} already exists; nothing was written. Use --force to replace it, "
            "or give another file name."
        )
    text = json.dumps(document, ensure_ascii=False, indent=1) + "\n"
    if not write_atomic(path, text.encode("utf-8"), replace=force):
        # the file appeared between the check above and the write
        raise CourseDataError(f"{path.name} already exists; nothing was written. Use --force to replace it.")
    return path


def _load_json(path: Path):
    try:
        text = path.read_text(encoding="utf-8")
    except PermissionError:
        raise CourseDataError("cannot be read (permission denied)") from None
    except UnicodeDecodeError:
        raise CourseDataError("is not a text file") from None
    except OSError as error:
        raise CourseDataError(f"cannot be read ({error.strerror or error})") from None
    try:
        return json.loads(text)
    except ValueError as error:
        raise CourseDataError(f"is not valid JSON ({error})") from None


def read_export(path: str | os.PathLike) -> tuple[str, list[dict]]:
    """Read one trainee's export file.

    Parameters
    ----------
    path : str or os.PathLike
        A file written by ``crm-course progress --export``.

    Returns
    -------
    tuple
        ``(trainee, rows)``, rows as :func:`task_results` gives them.

    Raises
    ------
    CourseDataError
        Saying why, when the file cannot be read, is not JSON, or is not a progress export.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> target = pathlib.Path(tempfile.mkdtemp()) / "progress-bo.json"
    >>> _ = write_export(target, export_document({"ch00.order_count": {"status": "pass"}}, trainee="bo"))
    >>> read_export(target)[0], len(read_export(target)[1])
    ('bo', 1)
    """
    document = _load_json(Path(path))
    if not isinstance(document, dict) or document.get("format") != EXPORT_FORMAT:
        raise CourseDataError("is not a crm-course progress export")
    version = document.get("version")
    if not isinstance(version, int) or version > EXPORT_VERSION:
        raise CourseDataError(
            f"has export format {version!r}, newer than this course reads ({EXPORT_VERSION}); update the course"
        )
    trainee = document.get("trainee")
    if not isinstance(trainee, str) or not trainee.strip():
        raise CourseDataError("names no trainee")
    rows = document.get("tasks")
    if not isinstance(rows, list):
        raise CourseDataError("has no task list")
    progress = {}
    for row in rows:
        if not isinstance(row, dict) or not isinstance(row.get("task"), str):
            raise CourseDataError("has a damaged task row")
        progress[row["task"]] = {
            "status": row.get("status"),
            "time": row.get("time"),
            "attempts": row.get("attempts"),
            "first_passed": row.get("first_passed"),
            "last_attempt": row.get("last_result", row.get("status")),
        }
    try:
        return trainee.strip(), task_results(progress)
    except CourseDataError as error:
        raise CourseDataError(f"has a damaged task row: {error}") from None


def read_progress_file(path: str | os.PathLike) -> list[dict]:
    """Read a trainee's ``progress.json`` (from their workspace) as per-task rows.

    Parameters
    ----------
    path : str or os.PathLike
        The ``progress.json`` file.

    Returns
    -------
    list of dict
        Rows as :func:`task_results` gives them.

    Raises
    ------
    CourseDataError
        Saying why, when the file cannot be read or holds no progress records.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> target = pathlib.Path(tempfile.mkdtemp()) / "progress.json"
    >>> _ = target.write_text('{"ch00.order_count": {"status": "fail", "attempts": 4}}')
    >>> read_progress_file(target)[0]["attempts"]
    4
    """
    try:
        return task_results(_load_json(Path(path)))
    except CourseDataError as error:
        text = str(error)
        raise CourseDataError(text if text.startswith(("is ", "cannot")) else f"is damaged: {text}") from None


def read_exports(directory: str | os.PathLike) -> Exports:
    """Read every trainee's results in a folder, skipping (and naming) what cannot be read.

    The folder may hold export files (``*.json``, as ``crm-course progress --export`` writes
    them) and trainees' workspaces as ``<name>/progress.json`` (home folders on a class
    server). Other files, unreadable files and JSON that is not a progress export are
    listed in ``skipped``; sub-folders without a ``progress.json`` are passed over. When a
    trainee appears twice (two exports, or an export and a workspace), each task keeps its
    most recent record.

    Parameters
    ----------
    directory : str or os.PathLike
        The folder the instructor collected the exports in.

    Returns
    -------
    Exports
        ``(records, trainees, skipped)``: a DataFrame with the columns :data:`COLUMNS`, the
        trainees' names, and ``(file name, why)`` for each skipped file.

    Raises
    ------
    CourseDataError
        When ``directory`` is not a folder.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> _ = write_export(folder / "progress-alice.json",
    ...                  export_document({"ch00.order_count": {"status": "pass"}}, trainee="alice"))
    >>> (folder / "bo").mkdir()
    >>> _ = (folder / "bo" / "progress.json").write_text('{"ch00.order_count": {"status": "fail"}}')
    >>> _ = (folder / "notes.json").write_text('{"agenda": "day 1"}')
    >>> found = read_exports(folder)
    >>> found.trainees, found.skipped
    (['alice', 'bo'], [('notes.json', 'is not a crm-course progress export')])
    >>> found.records[["trainee", "task", "status"]].to_dict("records")
    ... # doctest: +NORMALIZE_WHITESPACE
    [{'trainee': 'alice', 'task': 'ch00.order_count', 'status': 'pass'},
     {'trainee': 'bo', 'task': 'ch00.order_count', 'status': 'fail'}]
    """
    folder = Path(directory)
    if not folder.is_dir():
        raise CourseDataError(f"{folder} is not a folder: give the folder you collected the exports in.")
    rows: list[dict] = []
    trainees: set[str] = set()
    skipped: list[tuple[str, str]] = []
    try:
        entries = sorted(folder.iterdir())
    except OSError as error:
        raise CourseDataError(f"{folder} cannot be listed ({error.strerror or error}).") from None
    for entry in entries:
        if entry.name.startswith("."):
            continue
        source = entry.name
        try:
            if entry.is_dir():
                progress = entry / "progress.json"
                if not progress.is_file():
                    continue
                source = f"{entry.name}/progress.json"
                name, found = entry.name, read_progress_file(progress)
            elif entry.suffix.lower() == ".json":
                name, found = read_export(entry)
            else:
                skipped.append((source, "is not a progress export (.json)"))
                continue
        except CourseDataError as error:
            skipped.append((source, str(error)))
            continue
        except OSError as error:  # e.g. a home folder the instructor may not open
            skipped.append((source, f"cannot be read ({error.strerror or error})"))
            continue
        trainees.add(name)
        rows.extend({"trainee": name, **row, "source": source} for row in found)
    records = pd.DataFrame(rows, columns=COLUMNS)
    if len(records):
        records["attempts"] = records["attempts"].astype(int)
        records = (
            records.assign(_when=[_when(t) for t in records["time"]])
            .sort_values(["trainee", "task", "_when"], na_position="first", kind="stable")
            .drop_duplicates(["trainee", "task"], keep="last")
            .drop(columns="_when")
            .reset_index(drop=True)
        )
    return Exports(records, sorted(trainees), skipped)


def _when(text) -> pd.Timestamp:
    """A recorded time as a UTC time stamp (times without an offset are taken as local)."""
    if not isinstance(text, str):
        return pd.NaT
    try:
        moment = datetime.fromisoformat(text.strip())
    except ValueError:
        return pd.NaT
    return pd.Timestamp(moment.astimezone()).tz_convert("UTC")


def _shown_time(text) -> str:
    """A recorded time for the table: ``YYYY-MM-DD HH:MM`` in the time zone it was recorded in."""
    try:
        return datetime.fromisoformat(text.strip()).strftime("%Y-%m-%d %H:%M")
    except (AttributeError, ValueError):
        return ""


def course_tasks() -> dict[str, list[str]]:
    """The course's graded tasks by chapter key, in chapter order.

    Returns
    -------
    dict
        ``{"ch00": ["ch00.…", …], …}`` for every chapter with graded tasks.

    Examples
    --------
    >>> list(course_tasks())[:3]
    ['ch00', 'ch01', 'ch02']
    """
    from .checks import tasks

    found = {ch.short: [t.id for t in tasks(ch.short)] for ch in CHAPTERS}
    return {key: ids for key, ids in found.items() if ids}


def _done(records: pd.DataFrame, trainees: Iterable[str], course: Mapping[str, Sequence[str]]):
    names = sorted(set(trainees) | set(records["trainee"]))
    passed = records[records["status"] == "pass"]
    done = pd.DataFrame(0, index=pd.Index(names, name="trainee"), columns=list(course), dtype=int)
    for key, ids in course.items():
        mine = passed[passed["task"].isin(list(ids))]
        counts = mine.groupby("trainee")["task"].nunique()
        done.loc[counts.index, key] = counts.to_numpy()
    return done


def class_table(
    records: pd.DataFrame,
    *,
    trainees: Iterable[str] = (),
    course: Mapping[str, Sequence[str]] | None = None,
) -> pd.DataFrame:
    """The instructor's table: trainee × chapter, tasks done out of the chapter's tasks.

    Parameters
    ----------
    records : pandas.DataFrame
        One row per trainee and task (:func:`read_exports`' ``records``).
    trainees : iterable of str, optional
        Trainees to show even without results (:func:`read_exports`' ``trainees``).
    course : Mapping, optional
        Chapter key → the chapter's task ids; the course's graded tasks by default
        (:func:`course_tasks`). Tasks outside it are not counted.

    Returns
    -------
    pandas.DataFrame
        One row per trainee (sorted); one column per chapter key with ``"done/total"``,
        ``"all"`` for the whole course, ``"last check"`` (task and result of the trainee's
        most recent check) and ``"checked at"`` (its time, ``YYYY-MM-DD HH:MM``).

    Examples
    --------
    >>> records = pd.DataFrame(
    ...     [["alice", "ch00.a", "pass", "2026-11-03T09:00:00+08:00"],
    ...      ["alice", "ch01.c", "fail", "2026-11-03T10:30:00+08:00"],
    ...      ["bo", "ch00.a", "pass", "2026-11-03 09:40"],
    ...      ["bo", "ch00.b", "pass", "2026-11-03 09:45"]],
    ...     columns=["trainee", "task", "status", "time"])
    >>> class_table(records, trainees=["chen"], course={"ch00": ["ch00.a", "ch00.b"], "ch01": ["ch01.c"]})
    ... # doctest: +NORMALIZE_WHITESPACE
             ch00 ch01  all      last check        checked at
    trainee
    alice     1/2  0/1  1/3  ch01.c ✗ fail  2026-11-03 10:30
    bo        2/2  0/1  2/3  ch00.b ✓ pass  2026-11-03 09:45
    chen      0/2  0/1  0/3
    """
    course = dict(course_tasks() if course is None else course)
    records = records.copy()
    if "last_result" not in records:
        records["last_result"] = records["status"]
    done = _done(records, trainees, course)
    totals = {key: len(set(ids)) for key, ids in course.items()}
    table = pd.DataFrame(index=done.index)
    for key in course:
        table[key] = [f"{n}/{totals[key]}" for n in done[key]]
    table["all"] = [f"{n}/{sum(totals.values())}" for n in done.sum(axis=1)]
    latest = (
        records.assign(_when=[_when(t) for t in records["time"]])
        .dropna(subset=["_when"])
        .sort_values("_when", kind="stable")
        .groupby("trainee")
        .tail(1)
        .set_index("trainee")
    )
    last, at = [], []
    for name in table.index:
        if name in latest.index:
            row = latest.loc[name]
            result = row["last_result"] if row["last_result"] in _MARK else row["status"]
            last.append(f"{row['task']} {_MARK.get(result, '?')} {result}")
            at.append(_shown_time(row["time"]))
        else:
            last.append("")
            at.append("")
    table["last check"] = last
    table["checked at"] = at
    return table


def pass_shares(
    records: pd.DataFrame,
    *,
    trainees: Iterable[str] = (),
    course: Mapping[str, Sequence[str]] | None = None,
) -> pd.DataFrame:
    """Share of each chapter's tasks each trainee has passed, for the heat map.

    Parameters
    ----------
    records : pandas.DataFrame
        One row per trainee and task (:func:`read_exports`' ``records``).
    trainees : iterable of str, optional
        Trainees to show even without results.
    course : Mapping, optional
        Chapter key → the chapter's task ids; the course's graded tasks by default.

    Returns
    -------
    pandas.DataFrame
        Trainees (rows, sorted) × chapter keys (columns), shares from 0 to 1.

    Examples
    --------
    >>> records = pd.DataFrame([["alice", "ch00.a", "pass"], ["bo", "ch00.b", "fail"]],
    ...                        columns=["trainee", "task", "status"])
    >>> pass_shares(records, course={"ch00": ["ch00.a", "ch00.b"]})
    ... # doctest: +NORMALIZE_WHITESPACE
             ch00
    trainee
    alice     0.5
    bo        0.0
    """
    course = dict(course_tasks() if course is None else course)
    done = _done(records, trainees, course)
    totals = pd.Series({key: len(set(ids)) for key, ids in course.items()}, dtype=float)
    return done.astype(float).div(totals.replace(0, float("nan")), axis=1)
