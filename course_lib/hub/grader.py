"""The hub's grading service: exam answers are graded here, not in the trainee's kernel.

JupyterHub starts it beside the hub (``python -m course_lib.hub.grader --state DIR``) and
routes ``/services/crm-grader/`` to it. While an exam window is open
(:mod:`course_lib.hub.exam`), a trainee's ``check()`` posts the task id and the encoded
answer (:mod:`course_lib.hub.wire`, JSON: never pickle) with the token of their server. The
service asks the hub whose token it is, decodes the answer, runs the task's validator
(:func:`course_lib.checks.evaluate`, the very function a kernel runs) for that trainee's
exam variant, keeps the result with its time, and answers with the verdict.

The records stay in the hub's state folder, which trainees cannot read:
``DIR/exam/<sitting>/<trainee>/progress.json``, in the format of a trainee's own progress
file, so ``crm-course progress --class DIR/exam/<sitting>`` (and ``crm-course hub progress``)
shows the exam's table. A sitting is named after its chapter and opening time.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import pwd
import shutil
import signal
import tempfile
from datetime import datetime
from pathlib import Path

from ..course import file_lock, write_atomic
from .exam import ExamWindow, current_window, variant_number

__all__ = ["sitting_folder", "record_result", "open_store_copy", "grade", "main"]


def sitting_folder(state: Path, window: ExamWindow) -> Path:
    """Where the records of one exam sitting live: ``state/exam/<chapter>-<opened>``.

    Examples
    --------
    >>> w = ExamWindow("ch07", "2026-12-02T09:00:00+08:00")
    >>> sitting_folder(Path("/var/lib/hub"), w).name
    'ch07-2026-12-02T0900'
    """
    stamp = window.opened[:16].replace(":", "")
    return state / "exam" / f"{window.chapter}-{stamp}"


def record_result(folder: Path, trainee: str, task_id: str, status: str, now: str | None = None) -> dict:
    """Add one graded check to ``folder/<trainee>/progress.json``; return the task's record.

    The record follows :func:`course_lib.checks.merged_record` (a pass stays a pass;
    attempts, first pass and last result kept).
    """
    from ..checks import merged_record

    if now is None:
        now = datetime.now().astimezone().isoformat(timespec="seconds")
    path = folder / trainee / "progress.json"
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    with file_lock(path):
        try:
            progress = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            progress = {}
        progress[task_id] = merged_record(progress.get(task_id), status, now)
        text = json.dumps(progress, ensure_ascii=False, indent=1, sort_keys=True)
        write_atomic(path, text.encode("utf-8"), mode=0o600)
    return progress[task_id]


def open_store_copy(reference, trainee: str, scratch: Path):
    """Open a copy of a trainee's record store (task ch07.followup) for grading.

    The file must belong to the trainee (links followed): a trainee cannot have another's
    store, or one of the hub's files, graded. It is copied (with its write-ahead log) into
    ``scratch``, so the service never writes where the trainee works.
    """
    from ..checks import Wrong
    from ..workbench import RecordStore

    uid = pwd.getpwnam(trainee).pw_uid
    path = Path(reference.path).resolve()
    if not path.is_file() or path.stat().st_uid != uid:
        raise Wrong("the store must be a record store of your own (a file you created with RecordStore).")
    target = scratch / path.name
    shutil.copy2(path, target)
    wal = path.with_name(path.name + "-wal")
    if wal.is_file():
        shutil.copy2(wal, target.with_name(target.name + "-wal"))
    return RecordStore(target)


def _with_stores(answer, trainee: str, scratch: Path):
    from .wire import StoreReference

    if isinstance(answer, StoreReference):
        return open_store_copy(answer, trainee, scratch)
    if isinstance(answer, tuple):
        return tuple(_with_stores(item, trainee, scratch) for item in answer)
    if isinstance(answer, list):
        return [_with_stores(item, trainee, scratch) for item in answer]
    return answer


@contextlib.contextmanager
def _variant(number: int | None):
    from ..checks.ch07 import EXAM_VARIANT_ENV

    before = os.environ.get(EXAM_VARIANT_ENV)
    if number is not None:
        os.environ[EXAM_VARIANT_ENV] = str(number)
    try:
        yield
    finally:
        if before is None:
            os.environ.pop(EXAM_VARIANT_ENV, None)
        else:
            os.environ[EXAM_VARIANT_ENV] = before


def grade(state: Path, trainee: str, task_id: str, payload: str) -> tuple[int, dict]:
    """Grade one exam answer of ``trainee``; return the HTTP status and the reply document.

    Parameters
    ----------
    state : Path
        The hub's state folder (the exam window and the records).
    trainee : str
        The name the hub gave for the caller's token.
    task_id : str
        The task's id.
    payload : str
        The answer encoded by :func:`course_lib.hub.wire.dumps`.

    Returns
    -------
    tuple
        ``(200, {"status", "message"})`` once graded and recorded, else an error status and
        ``{"message"}`` saying why nothing was recorded.
    """
    from ..checks import Wrong, evaluate, tasks
    from ..checks.ch07 import exam_variants
    from .wire import WireError, loads

    window = current_window(state / "public" / "exam.json")
    if window is None or not window.covers(task_id):
        return 409, {
            "message": "no exam is open for this task now; run the cell again to check it in your notebook."
        }
    if task_id not in {t.id for t in tasks(window.chapter)}:
        return 404, {"message": f"the exam of {window.chapter} has no task {task_id!r}."}
    try:
        answer = loads(payload.encode("utf-8"))
    except WireError as error:
        return 400, {"message": f"the answer could not be read: {error}"}
    number = variant_number(window, trainee, len(exam_variants())) if window.chapter == "ch07" else None
    with tempfile.TemporaryDirectory(prefix="crm-grader-") as scratch:
        try:
            answer = _with_stores(answer, trainee, Path(scratch))
        except Wrong as wrong:
            status, message = "fail", f"✗ {task_id} — {wrong}"
        else:
            with _variant(number):
                status, message = evaluate(task_id, answer)
    record_result(sitting_folder(state, window), trainee, task_id, status)
    return 200, {"status": status, "message": message}


def _application(state: Path):
    from jupyterhub.services.auth import HubAuthenticated
    from tornado import web

    class CheckHandler(HubAuthenticated, web.RequestHandler):
        def check_xsrf_cookie(self):  # token-authenticated API calls carry no cookie
            return

        @web.authenticated
        def post(self):
            user = self.current_user
            if user.get("kind") != "user":
                raise web.HTTPError(403, "only trainees' servers send exam answers")
            try:
                body = json.loads(self.request.body)
                task_id, payload = body["task"], body["answer"]
                if not isinstance(task_id, str) or not isinstance(payload, str):
                    raise TypeError
            except (ValueError, KeyError, TypeError):
                self.set_status(400)
                self.finish({"message": 'send JSON {"task": "<id>", "answer": "<encoded answer>"}.'})
                return
            code, reply = grade(state, user["name"], task_id, payload)
            self.set_status(code)
            self.finish(reply)

    prefix = os.environ.get("JUPYTERHUB_SERVICE_PREFIX", "/services/crm-grader/")
    return web.Application([(prefix.rstrip("/") + "/check", CheckHandler)])


def main(argv=None) -> int:
    """Run the service (JupyterHub starts it with the address it routes to)."""
    from urllib.parse import urlparse

    from tornado.ioloop import IOLoop

    parser = argparse.ArgumentParser(prog="course_lib.hub.grader")
    parser.add_argument("--state", required=True, help="the hub's state folder")
    args = parser.parse_args(argv)
    url = urlparse(os.environ.get("JUPYTERHUB_SERVICE_URL", "http://127.0.0.1:8082"))
    app = _application(Path(args.state))
    app.listen(url.port, url.hostname)
    loop = IOLoop.current()
    for sig in (signal.SIGINT, signal.SIGTERM):  # the hub stops its services with SIGINT
        signal.signal(sig, lambda *_: loop.add_callback_from_signal(loop.stop))
    loop.start()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
