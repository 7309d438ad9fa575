"""Exercise checking with feedback (presentation layer).

A task is registered once, in the module of its chapter (``course_lib.checks.ch02`` for
``"ch02.…"`` ids), with a validator and stepped hints. Its worked solution is written once,
in the solution notebook's cell that checks it (``solutions/ch02_*.ipynb``);
:func:`solution` prints that cell as the trainee would paste it into the exercise. In a
notebook:

>>> from course_lib.checks import check, hint
>>> check("ch00.order_count", ...)          # doctest: +SKIP
✗ ch00.order_count — not attempted yet: replace the ... with your answer, then run the cell again.

``check`` never raises: a broken answer gets a ✗ line that says what went wrong. Every
result is recorded in ``progress.json`` in the trainee's workspace (see
:func:`course_lib.course.workspace`), which ``crm-course progress`` summarises.
"""

from __future__ import annotations

import dis
import importlib
import json
import math
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np
import pandas as pd

from ..course import workspace, write_atomic
from ..language import tr

__all__ = [
    "Task",
    "Wrong",
    "Close",
    "NotAttempted",
    "task",
    "check",
    "hint",
    "solution",
    "solution_text",
    "tasks",
    "attempted",
    "close",
    "to_precision",
    "require_precision",
    "judge_number",
    "is_stub",
    "text_units",
    "looks_like_filler",
    "load_progress",
    "merged_record",
    "shipped",
    "PASS",
    "FAIL",
    "NOT_ATTEMPTED",
]

PASS, FAIL, NOT_ATTEMPTED = "pass", "fail", "not attempted"


class Wrong(Exception):
    """Raised by a validator with the specific hint for a wrong answer (in the course's
    language: validators write ``Wrong(tr("... {x} ...").format(x=...))``)."""


class Close(Wrong):
    """A numeric answer near the expected one, but not right at the stated precision."""


class NotAttempted(Exception):
    """Raised by a validator when the answer is still the exercise's placeholder."""


@dataclass
class Task:
    """A graded exercise task."""

    id: str
    title: str
    validate: Callable[[object], str | None]
    hints: list[str] = field(default_factory=list)


_REGISTRY: dict[str, Task] = {}


def task(task_id: str, title: str, *, hints: list[str]):
    """Register a validator for ``task_id``.

    The decorated function receives the trainee's answer and returns ``None`` (or a
    short success remark) when it is right; it raises :class:`Wrong` with a specific
    hint when it is not, and :class:`NotAttempted` when it still holds the placeholder.
    """

    def register(func):
        _REGISTRY[task_id] = Task(task_id, title, func, list(hints))
        return func

    return register


def _chapter_of(task_id: str) -> str:
    return str(task_id).split(".", 1)[0]


def _lookup(task_id) -> Task | None:
    if not isinstance(task_id, str):
        return None
    if task_id not in _REGISTRY:
        try:
            importlib.import_module(f"{__name__}.{_chapter_of(task_id)}")
        except ImportError:
            return None
    return _REGISTRY.get(task_id)


def tasks(chapter: str | None = None) -> list[Task]:
    """All registered tasks, or those of one chapter key such as ``"ch02"``."""
    from ..course import CHAPTERS

    for ch in CHAPTERS:
        try:
            importlib.import_module(f"{__name__}.{ch.short}")
        except ImportError:
            pass
    found = sorted(_REGISTRY.values(), key=lambda t: t.id)
    return [t for t in found if chapter is None or _chapter_of(t.id) == chapter]


def attempted(answer) -> bool:
    """False for the exercise placeholder ``...`` and for a function whose body is ``...``."""
    if answer is Ellipsis or answer is None:
        return False
    return not (callable(answer) and is_stub(answer))


def close(found, expected, *, rel: float = 1e-6, abs_: float = 1e-9) -> bool:
    """True when two numbers agree within a relative tolerance."""
    try:
        return math.isclose(float(found), float(expected), rel_tol=rel, abs_tol=abs_)
    except (TypeError, ValueError):
        return False


def to_precision(found: float, expected: float, decimals: int) -> bool:
    """True when ``found`` is ``expected`` at the precision a task states.

    The course's one tolerance policy: a task says "to the nearest hour" (``decimals=0``) or
    "to two decimals" (``decimals=2``), and any value that rounds the true one to that
    precision passes — either neighbour where the true value ends in 5 — as do more precise
    values. ``decimals`` may be negative (``-2``: to the nearest hundred).

    Examples
    --------
    >>> to_precision(10.0, 10.05, 1), to_precision(10.1, 10.05, 1), to_precision(10.2, 10.05, 1)
    (True, True, False)
    >>> to_precision(49, 48.7, 0), to_precision(0.2071, 0.20706, 3)
    (True, True)
    """
    half_step = 0.5 * 10.0 ** (-decimals)
    return abs(float(found) - float(expected)) <= half_step * (1 + 1e-9) + 1e-12


def require_precision(
    answer, expected: float, *, name: str, decimals: int, close_hint: str = "", unit: str = ""
) -> float:
    """Check a numeric answer against ``expected`` at the stated precision (:func:`to_precision`).

    Returns the answer as a float. A value outside the precision raises :class:`Wrong`:
    "close, but off" (with ``close_hint``, the task's likely slip) when it is within 10 % or
    a few steps of the answer, otherwise a plain "not right" that the task can replace by a
    more specific diagnosis before calling this helper.
    """
    value = number_like(answer, name)
    if not math.isfinite(value):
        raise Wrong(tr("{name} is infinite: look for a division by zero.").format(name=name))
    if to_precision(value, expected, decimals):
        return value
    if decimals == 0:
        where = tr("to the nearest whole number")
    elif decimals == 1:
        where = tr("to 1 decimal")
    elif decimals > 1:
        where = tr("to {decimals} decimals").format(decimals=decimals)
    else:
        where = tr("to the nearest {step}").format(step=f"{10**-decimals:,}")
    step = 10.0 ** (-decimals)
    shown = f"{value:,.{max(decimals, 0)}f}{unit}"
    if abs(value - expected) <= max(0.1 * abs(expected), 5 * step):
        message = tr("{name} = {value} is close, but not right {where}.")
        raise Close(joined(message.format(name=name, value=shown, where=where), close_hint))
    message = tr("{name} = {value} is not right {where}.")
    raise Wrong(joined(message.format(name=name, value=shown, where=where), close_hint))


_CJK_END = "。！？；：）」』”"


def joined(*parts: str) -> str:
    """Sentences one after another: a space between English ones, none after a Chinese
    full stop (Chinese is written without spaces between sentences).

    Examples
    --------
    >>> joined("Close, but not right.", "Round last.")
    'Close, but not right. Round last.'
    >>> joined("很接近了。", "最后再四舍五入。", "")
    '很接近了。最后再四舍五入。'
    """
    text = ""
    for part in (p.strip() for p in parts if p and p.strip()):
        text = part if not text else text + ("" if text.endswith(tuple(_CJK_END)) else " ") + part
    return text


def judge_number(
    value: float,
    expected: float,
    *,
    name: str,
    decimals: int,
    slips=(),
    close_hint: str = "",
    far_hint: str = "",
    unit: str = "",
) -> None:
    """Judge a numeric answer: pass at the stated precision, else name the slip that made it.

    ``slips`` holds the typical mistakes of the task as ``(value, message)`` or
    ``(value, message, decimals)``, each computed on the shipped data. A value right at the
    precision (:func:`to_precision`) passes; a value equal to a slip (exactly, then at the
    precision) raises :class:`Wrong` with that slip's message (all of them when it fits
    several); otherwise "close, but not right" with ``close_hint``, or "not right" with
    ``far_hint`` (:func:`require_precision`). The expected value is never shown.

    Examples
    --------
    >>> judge_number(0.204, 0.2037, name="clv_gain", decimals=3)
    >>> judge_number(20.37, 0.2037, name="clv_gain", decimals=3,
    ...              slips=[(20.37, "that is a percentage: give a fraction (0.2, not 20)")])
    Traceback (most recent call last):
    ...
    course_lib.checks.Wrong: that is a percentage: give a fraction (0.2, not 20)
    """
    if math.isfinite(value) and to_precision(value, expected, decimals):
        return
    table = [
        (float(slip[0]), slip[1], slip[2] if len(slip) > 2 else decimals)
        for slip in slips
        if slip[0] is not None and math.isfinite(slip[0]) and not to_precision(slip[0], expected, decimals)
    ]
    for wrong, message, _ in table:
        if math.isclose(value, wrong, rel_tol=1e-9, abs_tol=1e-12):
            raise Wrong(message)
    found = []
    for wrong, message, places in table:
        if to_precision(value, wrong, places) and message not in found:
            found.append(message)
    if len(found) == 1:
        raise Wrong(found[0])
    if found:
        separator = " " + tr("Or:") + " "
        options = separator.join(f"({n}) {text}" for n, text in enumerate(found, 1))
        raise Wrong(tr("this value fits more than one slip.") + " " + options)
    try:
        require_precision(value, expected, name=name, decimals=decimals, unit=unit)
    except Wrong as wrong:
        hint = close_hint if isinstance(wrong, Close) else far_hint
        raise type(wrong)(joined(str(wrong), hint)) from None


def is_stub(func) -> bool:
    """True for a function whose body does nothing but return None (the exercise's ``...``).

    Examples
    --------
    >>> def unfilled(values):
    ...     ...
    >>> is_stub(unfilled), is_stub(len)
    (True, False)
    """
    try:
        ops = [i for i in dis.get_instructions(func) if i.opname not in ("RESUME", "NOP", "CACHE")]
    except TypeError:
        return False
    return bool(ops) and all(
        i.opname == "RETURN_VALUE"
        or (i.opname in ("LOAD_CONST", "RETURN_CONST") and i.argval in (None, Ellipsis))
        for i in ops
    )


_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_WORD = re.compile(r"[A-Za-z0-9À-ɏ]+(?:['’-][A-Za-z]+)*")


def text_units(text: str) -> int:
    """How much a note says: Latin-script words plus Chinese characters.

    Chinese is written without spaces, so counting words by spaces calls a full Chinese
    sentence one word; each Chinese character counts as one unit instead (a 68-character
    note is 68 units, about as much as 25–35 English words say).

    Examples
    --------
    >>> text_units("Called her back; refund sent")
    5
    >>> text_units("已致电道歉,退款已发出")
    10
    """
    return len(_CJK.findall(str(text))) + len(_WORD.findall(str(text)))


def looks_like_filler(text: str) -> bool:
    """True for text that says nothing: repeated letters (``"aaaa bbbb"``), one word over and
    over, or placeholder words (``"test"``, ``"xxx"``, ``"lorem ipsum"``).

    Examples
    --------
    >>> looks_like_filler("aaaa bbbb cccc dddd eeee ffff gggg hhhh")
    True
    >>> looks_like_filler("Apologised for the late reply; replacement sent")
    False
    >>> looks_like_filler("已致电道歉,退款已发出,周五回访")
    False
    """
    words = [w.lower() for w in _WORD.findall(str(text))]
    cjk = _CJK.findall(str(text))
    if not words and not cjk:
        return True
    placeholders = {"test", "testing", "xxx", "asdf", "lorem", "ipsum", "todo", "tbd", "note", "blah"}
    if words and not cjk:
        one_letter = sum(len(set(w)) == 1 for w in words)
        if one_letter >= len(words) / 2 or sum(w in placeholders for w in words) >= len(words) / 2:
            return True
        if len(words) >= 4 and len(set(words)) <= 2:
            return True
    if cjk and not words and len(cjk) >= 4 and len(set(cjk)) <= 2:
        return True
    return False


def shipped(name: str) -> pd.DataFrame:
    """A shipped table for the checks, read once per session: ``shipped("orders")``.

    Every chapter's checks compare answers with values computed on the shipped tables;
    this is the loader they all use. It hands out the session's shared copy of the tables
    (:func:`course_lib.workbench.tables.table`, which the CRM workbench reads too), so each
    CSV file is read and validated once however many checks run, and each call returns a
    cheap copy (pandas copies on write): a check that adds a column never changes what the
    next check reads.

    Parameters
    ----------
    name : str
        One of :data:`course_lib.workbench.tables.TABLE_NAMES` (``"orders"``,
        ``"customers"``, ``"tickets"``, …).

    Returns
    -------
    pandas.DataFrame
        The table with parsed types, as :func:`course_lib.data.load_table` gives it.

    Examples
    --------
    >>> shipped("orders").columns[:3].tolist()
    ['order_id', 'customer_id', 'order_date']
    >>> shipped("orders") is shipped("orders")
    False
    """
    from ..workbench.tables import table

    return table(name)


def _progress_path():
    return workspace() / "progress.json"


def load_progress() -> dict:
    """The recorded results, one record per task id, as :func:`_record` keeps them.

    A record holds ``status`` (``"pass"`` once passed, even if a later check failed),
    ``time`` (of the last check, ISO 8601 with the UTC offset), ``attempts`` (checks that
    had an answer: pass or fail, not the unfilled ``...``), ``first_passed`` (time of the
    first pass) and ``last_attempt`` (the result of the last check). Records written before
    these fields existed hold only ``status`` and ``time``; readers treat them as one
    attempt (:func:`course_lib.classroom.task_results`). A missing or unreadable file reads
    as no results.
    """
    path = _progress_path()
    if not path.exists():
        return {}
    try:
        progress = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return progress if isinstance(progress, dict) else {}


def _now() -> str:
    """The time stamp of a check: local time, to the second, with its UTC offset."""
    from datetime import datetime

    return datetime.now().astimezone().isoformat(timespec="seconds")


def merged_record(old, status: str, now: str) -> dict:
    """One task's record after a check with result ``status`` at time ``now``.

    The record keeps the status (a pass stays a pass), the time of the last check, the
    number of attempts (checks with an answer; a record from before attempts were counted
    counts as one), the time of the first pass and the result of the last check. The hub's
    grader keeps exam records the same way.

    Parameters
    ----------
    old : dict or None
        The task's record so far (anything else counts as none).
    status : str
        ``"pass"``, ``"fail"`` or ``"not attempted"``.
    now : str
        The check's time, ISO 8601.

    Returns
    -------
    dict
        The new record.

    Examples
    --------
    >>> first = merged_record(None, "fail", "2026-12-02T09:00:00+08:00")
    >>> merged_record(first, "pass", "2026-12-02T09:05:00+08:00")["attempts"]
    2
    """
    old = old if isinstance(old, dict) else {}
    attempts = old.get("attempts")
    if not isinstance(attempts, int) or isinstance(attempts, bool) or attempts < 0:
        attempts = 1 if old.get("status") in (PASS, FAIL) else 0
    if status != NOT_ATTEMPTED:
        attempts += 1
    first_passed = old.get("first_passed")
    if first_passed is None and old.get("status") == PASS:
        first_passed = old.get("time")  # passed before first passes were recorded
    if first_passed is None and status == PASS:
        first_passed = now
    record = {
        "status": PASS if PASS in (status, old.get("status")) else status,
        "time": now,
        "attempts": attempts,
        "last_attempt": status,
    }
    if first_passed is not None:
        record["first_passed"] = first_passed
    return record


def _record(task_id: str, status: str) -> None:
    """Add one result to ``progress.json`` (see :func:`merged_record`): read, change and
    replace it under a lock, so kernels recording at the same moment lose nothing, and a
    reader never sees half a file.
    """
    from ..course import file_lock
    from ..validation import CourseDataError

    try:
        path = _progress_path()
        with file_lock(path):
            progress = load_progress()
            progress[task_id] = merged_record(progress.get(task_id), status, _now())
            text = json.dumps(progress, ensure_ascii=False, indent=1, sort_keys=True)
            write_atomic(path, text.encode("utf-8"))
    except (OSError, CourseDataError):
        pass  # a read-only or busy workspace must not break the exercise


def evaluate(task_id: str, answer: object) -> tuple[str, str]:
    """Return ``(status, message)`` for an answer without printing or recording it.

    Parameters
    ----------
    task_id : str
        The task's id, e.g. ``"ch02.rfm_table"``.
    answer : object
        The trainee's answer; anything, including the exercise's ``...``.

    Returns
    -------
    tuple of str
        ``(status, message)``: status ``"pass"``, ``"fail"`` or ``"not attempted"``, and the
        ✓ or ✗ line :func:`check` would print.

    Examples
    --------
    >>> evaluate("ch00.order_count", ...)[0]
    'not attempted'
    >>> evaluate("ch99.nothing", 1)[0]
    'fail'
    """
    found = _lookup(task_id)
    if found is None:
        return FAIL, tr(
            '✗ unknown task id {task_id}: copy the id exactly as it stands in the exercise, e.g. "ch02.rfm_table".'
        ).format(task_id=repr(task_id))
    not_yet = tr("✗ {task} — not attempted yet: replace the ... with your answer, then run the cell again.")
    if not attempted(answer):
        return NOT_ATTEMPTED, not_yet.format(task=found.id)
    try:
        remark = found.validate(answer)
    except NotAttempted:
        return NOT_ATTEMPTED, not_yet.format(task=found.id)
    except Wrong as wrong:
        return FAIL, f"✗ {found.id} — {wrong}"
    except Exception as error:  # the trainee's code failed inside the check
        return FAIL, tr(
            "✗ {task} — your answer raised {kind} when checked: {error}. "
            "Run it on a small example first, then check again."
        ).format(task=found.id, kind=type(error).__name__, error=error)
    verdict = tr("✓ {task} — {title}: correct.").format(task=found.id, title=tr(found.title))
    return PASS, joined(verdict, remark or "")


def _exam_window(task_id):
    """The hub's open exam window covering ``task_id``, or None (always None off a hub)."""
    from ..hub.exam import window_for

    return window_for(task_id)


def _check_on_hub(task_id: str, answer: object) -> str:
    """Grade an exam answer on the hub (:mod:`course_lib.hub.grader`); the ✓/✗ line to print.

    Nothing is recorded locally: the hub keeps the exam's record.
    """
    from ..hub.exam import ExamClosedError, grade_remote
    from ..hub.wire import WireError, dumps

    if _lookup(task_id) is None:
        return evaluate(task_id, answer)[1]
    if not attempted(answer):
        return evaluate(task_id, answer)[1]
    try:
        payload = dumps(answer)
    except WireError as error:
        return tr("✗ {task} — this answer cannot be sent to the exam's grader: {error}").format(
            task=task_id, error=error
        )
    try:
        _status, message = grade_remote(task_id, payload)
    except ExamClosedError as error:
        return tr(
            "✗ {task} — not graded: {error} Your answer is still in your notebook; run the cell again."
        ).format(task=task_id, error=error)
    return message + " " + tr("(graded by the hub; your instructor sees this result)")


def check(task_id: str, answer: object) -> None:
    """Check an exercise answer and print a ✓ line or a ✗ line with a specific hint.

    Never raises, whatever ``answer`` is. The result is recorded for ``crm-course progress``.

    Parameters
    ----------
    task_id : str
        The task's id as the exercise spells it, e.g. ``"ch02.rfm_table"``.
    answer : object
        The trainee's answer.

    Returns
    -------
    None
        The verdict is printed (see :func:`evaluate` for the same without printing).

    Examples
    --------
    >>> check("ch00.order_count", ...)                     # doctest: +SKIP
    ✗ ch00.order_count — not attempted yet: replace the ... with your answer, then run the cell again.
    """
    try:
        window = _exam_window(task_id)
        if window is not None:
            message = _check_on_hub(task_id, answer)
        else:
            status, message = evaluate(task_id, answer)
            if _lookup(task_id) is not None:
                _record(task_id, status)
    except Exception as error:  # defensive: a check must never break a notebook
        message = tr("✗ {task} — the check itself failed ({kind}); tell your instructor.").format(
            task=task_id, kind=type(error).__name__
        )
    print(message)


def hint(task_id: str, level: int = 1) -> None:
    """Print hint number ``level`` (1, 2, …) for a task; past the last, where the solution is.

    Parameters
    ----------
    task_id : str
        The task's id, e.g. ``"ch02.value_tier"``.
    level : int
        Which hint, from 1; past the last, how to see the worked solution.

    Returns
    -------
    None
        The hint is printed.

    Examples
    --------
    >>> hint("ch99.nothing")
    No task 'ch99.nothing'; copy the id exactly as it stands in the exercise.
    """
    found = _lookup(task_id)
    if found is None:
        print(_no_task(task_id))
        return
    window = _exam_window(found.id)
    if window is not None:
        from ..hub.exam import closed_message

        print(closed_message(window, "Hints"))
        return
    if not isinstance(level, int) or level < 1:
        level = 1
    count, key = len(found.hints), repr(found.id)
    if level <= count:
        more = (
            tr(" (more: hint({key}, {next}))").format(key=key, next=level + 1)
            if level < count
            else tr(" (that was the last hint; the worked solution: solution({key}))").format(key=key)
        )
        text = tr(found.hints[level - 1])
        print(
            tr("Hint {level}/{count} for {task}: ").format(level=level, count=count, task=found.id)
            + text
            + more
        )
    else:
        print(
            tr(
                "No more hints for {task}: it has {count}. To see the worked solution, run solution({key})."
            ).format(task=found.id, count=count, key=key)
        )


@lru_cache(maxsize=1)
def _solution_cells() -> dict[str, tuple[str, str]]:
    """Task id → (solution notebook, source of the cell that checks it), from ``solutions/``."""
    from ..course import ROOT
    from ..notebook_tools import CHECK_CALL

    cells = {}
    for path in sorted((ROOT / "solutions").glob("*.ipynb")):
        notebook = json.loads(path.read_text(encoding="utf-8"))
        for cell in notebook["cells"]:
            if cell["cell_type"] != "code":
                continue
            source = "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]
            for task_id in CHECK_CALL.findall(source):
                cells[task_id] = (path.name, source)
    return cells


def solution_text(task_id) -> str | None:
    """The worked solution of a task: its solution-notebook cell without the markers, or None.

    Pasted over the task's cell in the exercise, it runs and passes (nbval runs that very cell
    in the solution notebook, whose cells above are those of the exercise).
    """
    from ..notebook_tools import solution_code

    found = _solution_cells().get(task_id) if isinstance(task_id, str) else None
    return None if found is None else solution_code(found[1])


def solution(task_id: str) -> None:
    """Print the worked solution of a task, ready to paste over the task's cell.

    Parameters
    ----------
    task_id : str
        The task's id, e.g. ``"ch02.value_tier"``.

    Returns
    -------
    None
        The solution cell (from ``solutions/``, without its markers) is printed.

    Examples
    --------
    >>> solution("ch99.nothing")
    No task 'ch99.nothing'; copy the id exactly as it stands in the exercise.
    """
    found = _lookup(task_id)
    if found is None:
        print(_no_task(task_id))
        return
    window = _exam_window(found.id)
    if window is not None:
        from ..hub.exam import closed_message

        print(closed_message(window, "Worked solutions"))
        return
    text = solution_text(found.id)
    if text is None:
        print(tr("{task} has no worked solution in solutions/; ask your instructor.").format(task=found.id))
        return
    notebook = _solution_cells()[found.id][0]
    heading = tr(
        "Worked solution for {task} (from solutions/{notebook}); paste it over the task's cell and run it:"
    )
    print(heading.format(task=found.id, notebook=notebook) + f"\n\n{text}")


def _no_task(task_id) -> str:
    return tr("No task {key}; copy the id exactly as it stands in the exercise.").format(key=repr(task_id))


def frame_like(answer, name: str) -> pd.DataFrame:
    """Return ``answer`` if it is a DataFrame, else raise :class:`Wrong` saying what it is."""
    if not isinstance(answer, pd.DataFrame):
        raise Wrong(
            tr("{name} should be a pandas DataFrame; you gave a {kind}.").format(
                name=name, kind=type(answer).__name__
            )
        )
    return answer


def series_like(answer, name: str) -> pd.Series:
    """Return ``answer`` as a Series, or raise :class:`Wrong` saying what it is."""
    if isinstance(answer, pd.Series):
        return answer
    if isinstance(answer, (np.ndarray, list)):
        return pd.Series(answer)
    raise Wrong(
        tr("{name} should be a pandas Series; you gave a {kind}.").format(
            name=name, kind=type(answer).__name__
        )
    )


def number_like(answer, name: str) -> float:
    """Return ``answer`` as a float, or raise :class:`Wrong`."""
    if isinstance(answer, (bool, np.bool_)):
        raise Wrong(tr("{name} should be a number; you gave True/False.").format(name=name))
    if isinstance(answer, (str, bytes)):
        raise Wrong(
            tr(
                "{name} should be a number, not text ({text}): drop the quotes, or "
                "compute the value rather than typing what was printed."
            ).format(name=name, text=repr(answer))
        )
    try:
        value = float(answer)
    except (TypeError, ValueError):
        raise Wrong(
            tr("{name} should be a number; you gave a {kind}.").format(name=name, kind=type(answer).__name__)
        ) from None
    if math.isnan(value):
        raise Wrong(tr("{name} is NaN: look for missing values or an empty selection.").format(name=name))
    return value
