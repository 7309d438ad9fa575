"""Every graded task, fed junk of every kind: always ✗ with that task's own message.

A junk answer — None, text, an empty frame, NaN, a 2-D array, a huge number, a function
that returns nothing — must never be praised, and the check must never fail itself or pass
the buck to a generic "your answer raised …" line: it says what the task expected.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from course_lib.checks import FAIL, NOT_ATTEMPTED, evaluate, tasks

TASKS = [t.id for t in tasks() if not t.id.startswith("ch99.")]

JUNK = {
    "None": None,
    "text": "my answer",
    "empty text": "",
    "zero": 0,
    "negative": -1,
    "NaN": float("nan"),
    "infinity": float("inf"),
    "huge": 1e300,
    "True": True,
    "empty list": [],
    "short list": [1, 2],
    "2-D array": np.zeros((3, 3)),
    "empty frame": pd.DataFrame(),
    "empty series": pd.Series(dtype=float),
    "dict": {"a": 1},
    "function returning None": lambda *args, **kwargs: None,
    "object": object(),
}


def _assert_refused(task_id: str, answer) -> None:
    status, message = evaluate(task_id, answer)
    assert status in (FAIL, NOT_ATTEMPTED), f"{task_id} praised junk {answer!r}: {message}"
    assert message.startswith(f"✗ {task_id} — "), message
    assert "the check itself failed" not in message, message
    assert "when checked" not in message, f"{task_id} gives a generic message for {answer!r}: {message}"


@pytest.mark.parametrize("task_id", TASKS)
def test_every_kind_of_junk_is_refused_with_the_tasks_own_message(task_id):
    for answer in JUNK.values():
        _assert_refused(task_id, answer)


@settings(max_examples=60, derandomize=True, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    task_id=st.sampled_from(TASKS),
    answer=st.one_of(
        st.none(),
        st.text(max_size=20),
        st.integers(),
        st.floats(),
        st.lists(st.floats(allow_nan=True), max_size=5),
        st.dictionaries(st.text(max_size=3), st.integers(), max_size=3),
    ),
)
def test_property_random_junk_is_never_praised(task_id, answer):
    _assert_refused(task_id, answer)
