"""The course's map: chapters, their files and timings, and where things live on disk.

One list drives the navigation lines of every notebook, the course map in the welcome
notebook, the README's chapter table and ``crm-course start``.
"""

from __future__ import annotations

import hashlib
import os
import secrets
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

__all__ = ["Chapter", "CHAPTERS", "ROOT", "DATASETS", "workspace", "chapter", "file_lock", "write_atomic"]

ROOT = Path(__file__).resolve().parent.parent
DATASETS = ROOT / "datasets"


@dataclass(frozen=True)
class Chapter:
    """One chapter of the course."""

    number: int
    slug: str
    title: str
    title_zh: str
    minutes: int
    exercise_minutes: int
    prerequisites: str

    @property
    def notebook(self) -> str:
        """File name of the chapter notebook, e.g. ``02_customer_insight.ipynb``."""
        return f"{self.number:02d}_{self.slug}.ipynb"

    @property
    def short(self) -> str:
        """The chapter key used by exercises and checks, e.g. ``ch02``."""
        return f"ch{self.number:02d}"


CHAPTERS: tuple[Chapter, ...] = (
    Chapter(0, "welcome", "Welcome and Set-up", "欢迎与环境准备", 15, 15, "none"),
    Chapter(
        1,
        "importance",
        "Why Customer Relationships Matter, and the 2025 Trends",
        "客户关系维护的重要性与2025年趋势",
        60,
        30,
        "chapter 0",
    ),
    Chapter(
        2,
        "customer_insight",
        "Customer Data Analysis and Insight",
        "客户数据分析与洞察挖掘",
        75,
        40,
        "chapter 1, pandas `groupby`",
    ),
    Chapter(
        3,
        "communication",
        "Communication Strategy and Channel Integration",
        "客户沟通策略与渠道整合",
        70,
        35,
        "chapter 2",
    ),
    Chapter(
        4, "service", "Customer Service Upgrade and Innovation", "客户服务升级与创新实践", 70, 35, "chapter 2"
    ),
    Chapter(
        5,
        "loyalty_value",
        "Loyalty Programmes and Value Growth",
        "客户忠诚度计划与价值提升",
        80,
        40,
        "chapters 2 and 4",
    ),
    Chapter(
        6,
        "future_implementation",
        "Future Trends and the Implementation Path",
        "客户关系维护的未来趋势与实施路径",
        150,
        70,
        "chapters 2–5",
    ),
    Chapter(7, "crm_workbench", "The CRM Workbench", "CRM实操工作台", 60, 30, "chapters 1–6"),
)


def chapter(key) -> Chapter:
    """Find a chapter by number or key: ``2``, ``"2"``, ``"02"`` or ``"ch02"``.

    Examples
    --------
    >>> chapter("ch02").notebook
    '02_customer_insight.ipynb'
    """
    from .validation import CourseDataError

    text = str(key).strip().lower().removeprefix("ch")
    if not text.isdigit():
        raise CourseDataError(f"`chapter` must be a number such as 2, 02 or ch02; got {key!r}.")
    for ch in CHAPTERS:
        if ch.number == int(text):
            return ch
    known = ", ".join(str(c.number) for c in CHAPTERS)
    raise CourseDataError(f"`chapter` {key!r} does not exist; the chapters are {known}.")


def workspace() -> Path:
    """The trainee's own folder: ``$CRM_COURSE_WORKSPACE`` or ``work/`` in the course.

    Course updates never touch it; progress records and started exercises live here.
    """
    env = os.environ.get("CRM_COURSE_WORKSPACE")
    path = Path(env).expanduser() if env else ROOT / "work"
    path.mkdir(parents=True, exist_ok=True)
    return path


@contextmanager
def file_lock(path, *, wait: float = 10.0):
    """Hold an exclusive lock on ``path`` (through ``path`` + ``.lock``) for a read-change-write.

    Several kernels of one trainee (a chapter, its exercise, a form) write the same files in
    the workspace; without a lock two of them read the same old content and the second write
    drops the first one's change. The lock waits up to ``wait`` seconds, retrying with growing
    pauses, then raises :class:`~course_lib.validation.CourseDataError` naming the file.
    Locks are advisory and per file (``fcntl`` on Linux and macOS, ``msvcrt`` on Windows).

    Examples
    --------
    >>> import tempfile, pathlib
    >>> target = pathlib.Path(tempfile.mkdtemp()) / "progress.json"
    >>> with file_lock(target):
    ...     _ = target.write_text("{}")
    """
    from .validation import CourseDataError

    lock_path = Path(str(path) + ".lock")
    lock_path.parent.mkdir(parents=True, exist_ok=True)
    handle = open(lock_path, "a+b")
    deadline, pause = time.monotonic() + wait, 0.005
    try:
        while True:
            try:
                _lock(handle)
                break
            except OSError:
                if time.monotonic() >= deadline:
                    raise CourseDataError(
                        f"{Path(path).name} is busy: another program has held it for more than "
                        f"{wait:g} s. Close other notebooks that use the course and try again; "
                        "nothing was changed."
                    ) from None
                time.sleep(pause)
                pause = min(pause * 2, 0.2)
        yield
    finally:
        try:
            _unlock(handle)
        except OSError:
            pass
        handle.close()


def write_atomic(
    path, data: bytes, *, replace: bool = True, mode: int | None = None, expect: str | None = None
) -> bool:
    """Write ``data`` to ``path`` through a temporary file beside it, then rename.

    A reader never sees half a file, and a failed write leaves no temporary file behind.
    With ``replace=False`` an existing ``path`` is never overwritten (returns ``False``; the
    check and the write are one step, a hard link, where the file system has them). With
    ``expect`` (a sha256 hex digest), ``path`` is replaced only if its content still has that
    hash just before the rename, else ``False``. The new file gets the umask's mode, or
    ``mode``. Returns ``True`` when ``path`` was written.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> target = pathlib.Path(tempfile.mkdtemp()) / "progress.json"
    >>> write_atomic(target, b"{}"), write_atomic(target, b"[]", replace=False), target.read_text()
    (True, False, '{}')
    """
    path = Path(path)
    tmp = path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")
    try:
        with open(tmp, "xb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        if mode is not None:
            os.chmod(tmp, mode)
        if replace:
            if expect is not None:
                regular = path.is_file() and not path.is_symlink()
                current = hashlib.sha256(path.read_bytes()).hexdigest() if regular else None
                if current != expect:
                    return False  # changed meanwhile
            os.replace(tmp, path)
            return True
        try:
            os.link(tmp, path)  # fails if the file exists: never overwrites
        except FileExistsError:
            return False
        except OSError:  # a file system without hard links
            if path.exists():
                return False
            os.replace(tmp, path)
        return True
    finally:
        if tmp.exists():
            tmp.unlink()


if os.name == "nt":  # pragma: no cover - exercised on Windows only
    import msvcrt

    def _lock(handle):
        handle.seek(0)
        msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)

    def _unlock(handle):
        handle.seek(0)
        msvcrt.locking(handle.fileno(), msvcrt.LK_UNLCK, 1)
else:
    import fcntl

    def _lock(handle):
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)

    def _unlock(handle):
        fcntl.flock(handle.fileno(), fcntl.LOCK_UN)
