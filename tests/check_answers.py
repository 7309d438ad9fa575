"""Shared assertions for the exercise-check tests (``tests/test_checks_*.py``).

Every graded task is tested the same way: right answers written several ways pass, and each
typical wrong answer fails with a ✗ line that starts with the task id and names the mistake —
never a ✓, never the generic "your answer raised … when checked".
"""

from __future__ import annotations

from course_lib.checks import evaluate


def passes(task_id: str, answer) -> str:
    """Assert ``answer`` passes ``task_id``; return the ✓ line."""
    status, message = evaluate(task_id, answer)
    assert status == "pass", message
    return message


def fails_with(task_id: str, answer, phrase: str) -> str:
    """Assert ``answer`` fails ``task_id`` with a message of its own containing ``phrase``."""
    status, message = evaluate(task_id, answer)
    assert status == "fail", f"{task_id} accepted {answer!r}: {message}"
    assert message.startswith(f"✗ {task_id} — "), message
    assert "when checked" not in message, message
    assert phrase in message, message
    return message


def has_cjk(text: str) -> bool:
    """Whether ``text`` holds Chinese characters (a message shown in the Chinese course)."""
    return any("\u4e00" <= char <= "\u9fff" for char in str(text))
