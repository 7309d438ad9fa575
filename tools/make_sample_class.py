"""Write the sample class that docs/instructor/class_progress.ipynb reads.

Eight trainees of a two-day workshop (16–17 November 2026, times in China Standard Time):
seven sent the export ``crm-course progress --export`` writes (``progress-<name>.json``),
one, zhou_qing, is a home folder copied from the class hub (``zhou_qing/progress.json``),
and one more export, ma_tao's, was cut off in transit, so the notebook shows how a file
that cannot be read is named rather than silently dropped.

Each trainee's checks are simulated one by one and folded into records by
:func:`course_lib.checks.merged_record`, the function a real check uses, so the files
are what the course writes. Pace and skill differ per trainee, one task is hard for most of
the class and two trainees get stuck on one task each: the patterns the notebook's
"who needs help" cells are there to find. The simulation is seeded, and every time stamp is
fixed, so running the script again writes byte-identical files::

    .venv/bin/python tools/make_sample_class.py            # into docs/instructor/sample_class
    .venv/bin/python tools/make_sample_class.py OTHER_DIR
"""

from __future__ import annotations

import json
import math
import sys
from datetime import datetime, timedelta
from pathlib import Path
from typing import NamedTuple

import numpy as np

from course_lib.checks import FAIL, NOT_ATTEMPTED, PASS, merged_record
from course_lib.classroom import course_tasks, export_document, export_name, write_export

ROOT = Path(__file__).resolve().parent.parent
TARGET = ROOT / "docs" / "instructor" / "sample_class"
SEED = 20261116
CST = "+08:00"
EXPORTED = f"2026-11-17T17:40:00{CST}"
#: When the class starts each chapter; nobody starts a chapter before the class does.
STARTS = {
    "ch00": "2026-11-16T09:20",
    "ch01": "2026-11-16T10:40",
    "ch02": "2026-11-16T14:00",
    "ch03": "2026-11-17T09:00",
    "ch04": "2026-11-17T13:30",
    "ch05": "2026-11-17T15:30",
}
#: Chance that one attempt passes is the trainee's skill times the task's ease (1 if unlisted).
EASE = {"ch02.wakeup_uplift": 0.1, "ch03.timing_p_value": 0.45, "ch01.score_auc": 0.6}
#: The one file that cannot be read: an export cut off after this many characters.
BROKEN = ("ma_tao", 700)


class Plan(NamedTuple):
    """How far one trainee got and how they work."""

    name: str
    last_chapter: str
    last_share: float
    """Share of the last chapter's tasks they reached."""
    skill: float
    pace: float
    """Minutes of work before a task's first check, as a multiple of the class's 3–11."""
    stuck: dict[str, int]
    """Task → failed attempts, for a task the trainee could not pass."""


PLANS = [
    Plan("wang_fang", "ch04", 0.6, 0.8, 2.5, {}),
    Plan("li_wei", "ch04", 0.3, 0.65, 3.0, {}),
    Plan("zhang_min", "ch05", 0.4, 0.9, 1.5, {}),
    Plan("chen_jie", "ch02", 0.7, 0.5, 2.5, {"ch02.rfm_by_hand": 7}),
    Plan("liu_yang", "ch04", 0.4, 0.6, 2.5, {"ch03.timing_p_value": 6}),
    Plan("zhao_lei", "ch01", 0.3, 0.6, 1.0, {}),
    Plan("sun_li", "ch04", 0.7, 0.75, 2.2, {}),
    Plan("zhou_qing", "ch03", 0.6, 0.7, 2.0, {}),
]
#: The trainee whose results come as a home folder (``<name>/progress.json``).
WORKSPACE_TRAINEE = "zhou_qing"


def _stamp(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%S") + CST


def _checks(task: str, plan: Plan, rng: np.random.Generator) -> list[str]:
    """The results of one trainee's checks of one task, in order."""
    if task in plan.stuck:
        return [FAIL] * plan.stuck[task]
    if rng.random() < 0.08:
        return [NOT_ATTEMPTED]  # ran the cell with the answer still unfilled
    chance = plan.skill * EASE.get(task, 1.0)
    results = []
    for _ in range(int(rng.integers(2, 6))):  # gives up after 2 to 5 tries
        results.append(PASS if rng.random() < chance else FAIL)
        if results[-1] == PASS:
            break
    if results[-1] == PASS and rng.random() < 0.06:
        results.append(FAIL)  # changed a right answer afterwards; the pass stays
    return results


def simulate(plan: Plan, course: dict[str, list[str]], rng: np.random.Generator) -> dict:
    """One trainee's ``progress.json`` records, as their checks would have written them.

    Parameters
    ----------
    plan : Plan
        The trainee's pace, skill and stuck tasks.
    course : dict
        Chapter key → task ids (:func:`course_lib.classroom.course_tasks`).
    rng : numpy.random.Generator
        The trainee's random numbers.

    Returns
    -------
    dict
        ``{task_id: record}``.

    Examples
    --------
    >>> plan = Plan("amy", "ch00", 1.0, 1.0, 1.0, {})
    >>> records = simulate(plan, {"ch00": ["ch00.a"]}, np.random.default_rng(1))
    >>> records["ch00.a"]["status"], records["ch00.a"]["time"]
    ('pass', '2026-11-16T09:28:18+08:00')
    """
    keys = list(course)
    if plan.last_chapter not in keys:
        raise ValueError(f"plan of {plan.name}: last_chapter {plan.last_chapter!r} is not one of {keys}.")
    progress: dict[str, dict] = {}
    clock = datetime.fromisoformat(STARTS[keys[0]])
    for key in keys[: keys.index(plan.last_chapter) + 1]:
        tasks = course[key]
        if key == plan.last_chapter:
            tasks = tasks[: math.ceil(plan.last_share * len(tasks))]
        clock = max(clock, datetime.fromisoformat(STARTS[key]))
        for task in tasks:
            clock += timedelta(minutes=round(plan.pace * int(rng.integers(3, 12))))
            for result in _checks(task, plan, rng):
                clock += timedelta(minutes=int(rng.integers(1, 5)), seconds=int(rng.integers(0, 60)))
                progress[task] = merged_record(progress.get(task), result, _stamp(clock))
    return progress


def write_sample_class(folder: Path = TARGET) -> list[Path]:
    """Write the sample class into ``folder`` (created if needed); return the files written.

    Existing files of the sample are replaced; nothing else in ``folder`` is touched.
    """
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    course = {key: ids for key, ids in course_tasks().items() if key in STARTS}
    written = []
    for number, plan in enumerate(PLANS):
        progress = simulate(plan, course, np.random.default_rng([SEED, number]))
        if plan.name == WORKSPACE_TRAINEE:
            path = folder / plan.name / "progress.json"
            path.parent.mkdir(exist_ok=True)
            text = json.dumps(progress, ensure_ascii=False, indent=1, sort_keys=True)
            path.write_text(text, encoding="utf-8")  # as checks._record writes it
        else:
            document = export_document(progress, trainee=plan.name, exported=EXPORTED)
            path = write_export(folder / export_name(plan.name), document, force=True)
        written.append(path)
    name, cut = BROKEN
    progress = simulate(
        Plan(name, "ch01", 1.0, 0.7, 1.0, {}), course, np.random.default_rng([SEED, len(PLANS)])
    )
    text = json.dumps(
        export_document(progress, trainee=name, exported=EXPORTED), ensure_ascii=False, indent=1
    )
    broken = folder / export_name(name)
    broken.write_text(text[:cut], encoding="utf-8")
    written.append(broken)
    return sorted(written)


def main(argv: list[str] | None = None) -> int:
    """``python tools/make_sample_class.py [DIR]``: write the sample class, list its files."""
    args = sys.argv[1:] if argv is None else argv
    folder = Path(args[0]) if args else TARGET
    for path in write_sample_class(folder):
        print(path.relative_to(folder))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
