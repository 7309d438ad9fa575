"""Agendas that add up: one truth per number, from the chapters' timing tables.

Each chapter's instructor page times its sections (``## Timing (T minutes + E minutes
exercises)`` and a table); chapter 6 splits its table over two pages. The chapter list
(:data:`course_lib.course.CHAPTERS`, which writes the chapters' headers and the README's map)
and both agendas of the instructor guide must agree with them.
"""

from __future__ import annotations

import re

import pytest

from course_lib.course import CHAPTERS, ROOT
from course_lib.i18n.documents import page_language, target_path

INSTRUCTOR = ROOT / "docs" / "instructor"
GUIDE = (ROOT / "docs" / "instructor_guide.md").read_text(encoding="utf-8")


def _timing_rows(number: int) -> dict[str, int]:
    """Minutes per row of the timing tables of a chapter's pages (``exercises`` summed)."""
    rows: dict[str, int] = {}
    for page in sorted(INSTRUCTOR.glob(f"ch{number:02d}*.md")):
        if page_language(page) != "en":
            continue  # a translation (ch02.zh.md): see the test below
        text = page.read_text(encoding="utf-8")
        block = re.search(r"^## Timing.*?$(.*?)(?=^## )", text, re.M | re.S)
        assert block, f"{page.name} has no timing table"
        for name, minutes in re.findall(r"^\|\s*([^|]+?)\s*\|\s*(\d+)\s*\|", block.group(1), re.M):
            key = "exercises" if name.startswith("exercises") else name
            rows[key] = rows.get(key, 0) + int(minutes)
    return rows


def _minutes_column(page) -> list[int]:
    """The minutes of every row of a page's timing table (English ``## Timing``, Chinese
    ``## 时间安排``)."""
    text = page.read_text(encoding="utf-8")
    block = re.search(r"^## (?:Timing|时间安排).*?$(.*?)(?=^## )", text, re.M | re.S)
    assert block, f"{page.name} has no timing table"
    return [int(m) for m in re.findall(r"^\|[^|]+\|\s*(\d+)\s*\|", block.group(1), re.M)]


@pytest.mark.parametrize(
    "page", sorted(p for p in INSTRUCTOR.glob("ch*.md") if page_language(p) == "en"), ids=lambda p: p.name
)
def test_the_chinese_timing_tables_give_the_same_minutes(page):
    """A Chinese instructor page times every row as its English does (single-digit minutes
    are not among the figures the markup check compares)."""
    assert _minutes_column(target_path(page, "zh")) == _minutes_column(page)


def _hm(minutes: int) -> str:
    return f"{minutes // 60} h {minutes % 60:02d} min" if minutes % 60 else f"{minutes // 60} h"


@pytest.mark.parametrize("chapter", CHAPTERS, ids=lambda c: f"ch{c.number:02d}")
def test_each_chapter_is_timed_the_same_everywhere(chapter):
    rows = _timing_rows(chapter.number)
    teaching = sum(m for k, m in rows.items() if k != "exercises")
    assert (teaching, rows["exercises"]) == (chapter.minutes, chapter.exercise_minutes), rows
    header = (INSTRUCTOR / f"ch{chapter.number:02d}.md").read_text(encoding="utf-8")
    assert f"## Timing ({chapter.minutes} minutes + {chapter.exercise_minutes} minutes exercises)" in header


def _table_after(title: str) -> list[tuple[str, ...]]:
    start = GUIDE.index(title)
    rows = []
    for line in GUIDE[start:].splitlines()[1:]:
        if line.startswith("|"):
            cells = tuple(c.strip() for c in line.strip("|").split("|"))
            if not set(cells[0]) <= set("-") and cells[0] not in ("time", "block"):
                rows.append(cells)
        elif rows:
            break
    return rows


def _minutes_of(number: int, keys) -> int:
    rows = _timing_rows(number)
    return sum(rows[k] for k in rows if any(k == key or k.startswith(key + " ") for key in keys))


def test_the_one_day_agenda_adds_up():
    title = re.search(r"^## Agenda: one day \((.+?) of teaching, (\d\d:\d\d)–(\d\d:\d\d)\)", GUIDE, re.M)
    assert title, "the one-day agenda states its teaching time and its hours"
    rows = _table_after(title.group(0))
    clock = [int(t[:2]) * 60 + int(t[3:]) for t, _, _ in rows]
    minutes = [int(m) for _, _, m in rows]
    for (start, length), following in zip(zip(clock, minutes), clock[1:]):
        assert start + length == following, f"{start // 60}:{start % 60:02d} + {length} ≠ next block"
    assert rows[0][0] == title.group(2)
    assert clock[-1] + minutes[-1] == int(title.group(3)[:2]) * 60 + int(title.group(3)[3:])
    teaching = sum(m for (_, block, _), m in zip(rows, minutes) if block not in ("break", "lunch"))
    assert _hm(teaching) == title.group(1)
    by_block = {block.split(" ·")[0]: m for (_, block, _), m in zip(rows, minutes)}
    chapters = {c.number: c for c in CHAPTERS}
    assert by_block["0"] == chapters[0].minutes + chapters[0].exercise_minutes
    assert by_block["1"] == chapters[1].minutes and by_block["2"] == chapters[2].minutes
    assert by_block["4"] == chapters[4].minutes
    assert by_block["3"] == _minutes_of(
        3, ["intro, objectives", "3.1", "3.2", "3.3", "3.4", "3.5", "key points, questions"]
    )
    assert by_block["6.8"] == _minutes_of(6, ["6.8"])


def test_the_two_day_agenda_schedules_everything_once_and_balances():
    days = []
    for day in ("**Day 1**", "**Day 2**"):
        stated = re.search(re.escape(day) + r" \((.+?)\)", GUIDE).group(1)
        rows = _table_after(day)
        days.append((stated, [(block, int(m)) for block, m in rows]))
    totals = [sum(m for _, m in rows) for _, rows in days]
    for (stated, _), total in zip(days, totals):
        assert _hm(total) == stated
    assert abs(totals[0] - totals[1]) <= 30, totals
    teaching, exercises = {}, {}
    for _, rows in days:
        for block, minutes in rows:
            key = int(re.match(r"(?:exercise )?(\d)", block).group(1))
            target = exercises if block.startswith("exercise") else teaching
            target[key] = target.get(key, 0) + minutes
    for chapter in CHAPTERS:
        assert teaching.get(chapter.number) == chapter.minutes, chapter.number
        assert exercises.get(chapter.number) == chapter.exercise_minutes, chapter.number
    chapter6 = [m for _, rows in days for block, m in rows if block.startswith("6 ·")]
    assert chapter6 == [
        _minutes_of(6, ["intro, objectives", "6.1", "6.2", "6.3", "6.4", "6.5"]),
        _minutes_of(6, ["6.6", "6.7", "6.8", "6.9", "6.10", "6.11"]),
    ]
