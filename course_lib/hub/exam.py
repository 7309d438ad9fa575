"""The exam window of a class hub, as a trainee's kernel and the hub's grader see it.

The instructor opens a window for one chapter (``crm-course hub exam open ch07``), which
writes a small JSON file in the hub's state folder that every trainee server can read and
none can change (the hub gives its path to trainee servers as ``CRM_COURSE_EXAM_STATE``).
While it is open, for that chapter's tasks:

- :func:`course_lib.checks.hint` and :func:`course_lib.checks.solution` answer that they are
  closed (and the course's ``solutions/`` folder is not readable on the hub);
- :func:`course_lib.checks.check` does not grade in the trainee's kernel: it sends the answer
  to the hub's grading service (:mod:`course_lib.hub.grader`), which runs the same validator,
  keeps the result with its time where trainees cannot read or edit it, and answers with the
  verdict.

Closing the window (``crm-course hub exam close``) removes the file: hints and local checks
come back. Outside a hub (no ``CRM_COURSE_EXAM_STATE``) nothing here is ever active.

This module uses the standard library only: kernels import it on every check.
"""

from __future__ import annotations

import hashlib
import json
import os
import urllib.error
import urllib.request
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

__all__ = [
    "STATE_ENV",
    "GRADER_ENV",
    "ExamWindow",
    "ExamClosedError",
    "window_document",
    "parse_window",
    "current_window",
    "window_for",
    "variant_number",
    "closed_message",
    "grade_remote",
]

#: Where a trainee server finds the exam window file (set by the hub's spawner).
STATE_ENV = "CRM_COURSE_EXAM_STATE"
#: The grading service's address, as trainee servers reach it through the hub (set by the hub).
GRADER_ENV = "CRM_COURSE_GRADER_URL"
_FORMAT = "crm-course-exam-window"


class ExamClosedError(RuntimeError):
    """The grading service could not be reached or refused the answer."""


@dataclass(frozen=True)
class ExamWindow:
    """An open exam: its chapter, when it opened, and how variants are given.

    ``variants`` is ``"per-trainee"`` (each trainee gets a variant drawn from their name and
    the window's ``seed``) or a whole number (every trainee sits that variant; ``0`` is the
    exam as shipped).
    """

    chapter: str
    opened: str
    variants: str | int = 0
    seed: int = 0

    def covers(self, task_id: str) -> bool:
        """Whether ``task_id`` (e.g. ``"ch07.lookup"``) belongs to the exam's chapter."""
        return isinstance(task_id, str) and task_id.split(".", 1)[0] == self.chapter


def window_document(
    chapter: str, *, variants: str | int = 0, seed: int = 0, opened: str | None = None
) -> dict:
    """The JSON document of an exam window (what ``crm-course hub exam open`` writes).

    Parameters
    ----------
    chapter : str
        The chapter key, e.g. ``"ch07"``.
    variants : str or int
        ``"per-trainee"`` or a variant number (``0``, the exam as shipped, by default).
    seed : int
        Mixed into each trainee's name when variants are drawn per trainee.
    opened : str, optional
        ISO time of opening; now by default.

    Returns
    -------
    dict
        The document, which :func:`parse_window` reads back.

    Examples
    --------
    >>> parse_window(window_document("ch07", opened="2026-12-02T09:00:00+08:00")).chapter
    'ch07'
    """
    if opened is None:
        opened = datetime.now().astimezone().isoformat(timespec="seconds")
    return {"format": _FORMAT, "chapter": chapter, "opened": opened, "variants": variants, "seed": seed}


def parse_window(document) -> ExamWindow | None:
    """The :class:`ExamWindow` of a document, or None when it is not one (treated as closed).

    Examples
    --------
    >>> parse_window({"format": "something else"}) is None
    True
    """
    if not isinstance(document, dict) or document.get("format") != _FORMAT:
        return None
    chapter, opened = document.get("chapter"), document.get("opened")
    variants, seed = document.get("variants", 0), document.get("seed", 0)
    if not isinstance(chapter, str) or not isinstance(opened, str):
        return None
    if variants != "per-trainee" and (not isinstance(variants, int) or isinstance(variants, bool)):
        return None
    if not isinstance(seed, int) or isinstance(seed, bool):
        return None
    return ExamWindow(chapter, opened, variants, seed)


def current_window(path: str | os.PathLike | None = None) -> ExamWindow | None:
    """The open exam window, or None: read from ``path`` or ``$CRM_COURSE_EXAM_STATE``.

    A missing variable or file means no exam; an unreadable or malformed file too (the hub
    writes it atomically, so a trainee never sees half of one).

    Examples
    --------
    >>> current_window("/nonexistent/exam.json") is None
    True
    """
    if path is None:
        path = os.environ.get(STATE_ENV)
        if not path:
            return None
    try:
        document = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return parse_window(document)


def window_for(task_id: str) -> ExamWindow | None:
    """The open exam window that covers ``task_id``, or None (hints and checks as usual).

    Examples
    --------
    >>> window_for("ch07.lookup") is None  # no hub here
    True
    """
    window = current_window()
    return window if window is not None and window.covers(task_id) else None


def variant_number(window: ExamWindow, trainee: str, count: int) -> int:
    """The exam variant ``trainee`` sits in ``window``, out of ``count`` variants.

    A fixed number is the same for everyone; ``"per-trainee"`` draws one of the variants
    ``1 … count-1`` from a hash of the name and the window's seed, so the trainee's kernel
    and the hub's grader agree without asking each other, and neighbours differ.

    Examples
    --------
    >>> w = ExamWindow("ch07", "2026-12-02T09:00:00+08:00", "per-trainee", seed=7)
    >>> variant_number(w, "alice", 34) == variant_number(w, "alice", 34)
    True
    >>> variant_number(ExamWindow("ch07", "2026-12-02T09:00:00+08:00", 3), "alice", 34)
    3
    """
    if window.variants != "per-trainee":
        return int(window.variants)
    if count < 2:
        return 0
    digest = hashlib.sha256(f"{window.seed}:{trainee}".encode()).digest()
    return 1 + int.from_bytes(digest[:8], "big") % (count - 1)


def closed_message(window: ExamWindow, what: str) -> str:
    """What ``hint()`` or ``solution()`` print while the exam is open.

    Examples
    --------
    >>> print(closed_message(ExamWindow("ch07", "2026-12-02T09:00:00+08:00"), "Hints"))
    Hints are closed during the exam of ch07 (open since 2026-12-02 09:00). They come back when your instructor closes the exam.
    """
    from ..language import tr

    opened = window.opened[:16].replace("T", " ")
    if what == "Hints":
        message = tr("Hints are closed during the exam of {chapter} (open since {opened}).")
    else:
        message = tr("Worked solutions are closed during the exam of {chapter} (open since {opened}).")
    return (
        message.format(chapter=window.chapter, opened=opened)
        + " "
        + tr("They come back when your instructor closes the exam.")
    )


def grade_remote(task_id: str, payload: bytes, *, timeout: float = 60.0) -> tuple[str, str]:
    """Send an encoded answer to the hub's grader; return its ``(status, message)``.

    Parameters
    ----------
    task_id : str
        The task's id.
    payload : bytes
        The answer as :func:`course_lib.hub.wire.dumps` encodes it.
    timeout : float
        Seconds to wait for the verdict.

    Returns
    -------
    tuple of str
        The grader's status (``"pass"``, ``"fail"`` or ``"not attempted"``) and message.

    Raises
    ------
    ExamClosedError
        The grader is not configured, cannot be reached, or refused the request; the
        message says which, for the trainee to tell the instructor.
    """
    url = os.environ.get(GRADER_ENV)
    token = os.environ.get("JUPYTERHUB_API_TOKEN")
    if not url or not token:
        raise ExamClosedError(
            "the exam is open but this server does not know the hub's grader; ask your instructor "
            "to restart your server from the hub's control panel."
        )
    body = json.dumps({"task": task_id, "answer": payload.decode("utf-8")}).encode("utf-8")
    request = urllib.request.Request(
        url.rstrip("/") + "/check",
        data=body,
        method="POST",
        headers={"Authorization": f"token {token}", "Content-Type": "application/json"},
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            reply = json.loads(response.read().decode("utf-8"))
    except urllib.error.HTTPError as error:
        try:
            why = json.loads(error.read().decode("utf-8")).get("message", "")
        except (OSError, ValueError, AttributeError):
            why = ""
        raise ExamClosedError(
            f"the hub's grader refused the answer (HTTP {error.code}). {why}".strip()
        ) from None
    except (OSError, ValueError) as error:
        raise ExamClosedError(f"the hub's grader could not be reached ({error}).") from None
    status, message = reply.get("status"), reply.get("message")
    if status not in ("pass", "fail", "not attempted") or not isinstance(message, str):
        raise ExamClosedError("the hub's grader gave an answer this course does not understand.")
    return status, message
