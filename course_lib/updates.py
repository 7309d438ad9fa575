"""Course updates that never touch a trainee's work: the nbgitpuller rule (DESIGN.md §5, §9).

A trainee's workspace holds copies of the course's exercise notebooks. When the course is
updated (a new release installed, read-only, on a class server), :func:`update_workspace`
brings the workspace up to it:

- an exercise the trainee does not have yet **arrives**;
- a copy the trainee has not edited is **updated** to the course's new version;
- a copy the trainee edited is **kept** exactly as it is, and the new version is written
  beside it (``<name>.course-<date>.ipynb``), so nothing is lost;
- files the trainee made are never touched, and nothing outside the workspace is written.

To tell an edit from an old course version, the workspace keeps a small manifest,
``.course-manifest.json``: for each file copied from the course, the sha256 of the version
the trainee was given. A copy without an entry (made before the manifest existed) counts as
edited unless it is byte-identical to the course's current version.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import stat
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from .course import ROOT, file_lock, workspace, write_atomic
from .validation import CourseDataError

__all__ = [
    "MANIFEST",
    "EXERCISES",
    "Change",
    "decide",
    "sha256",
    "course_exercises",
    "started_chapters",
    "read_manifest",
    "bring",
    "update_workspace",
]

#: The manifest's file name in the workspace.
MANIFEST = ".course-manifest.json"
_FORMAT = "crm-course-manifest"
_EXERCISE = re.compile(r"^(ch\d\d)_.+\.ipynb$")
_HEX = re.compile(r"^[0-9a-f]{64}$")


#: The installed course's exercise notebooks (only ever read; tests point it at a fake course).
EXERCISES = ROOT / "exercises"


@dataclass(frozen=True)
class Change:
    """What an update did to one course file in the workspace.

    Attributes
    ----------
    path : Path
        The trainee's copy in the workspace.
    what : str
        ``"arrived"`` (new material), ``"updated"`` (an unedited copy replaced by the new
        version), ``"kept"`` (the trainee's edited copy left as it is) or ``"unchanged"``.
    beside : Path or None
        For ``"kept"`` copies: where the course's version is; ``None`` when the course has
        not changed since the trainee was given the file (nothing new to put beside it).
    """

    path: Path
    what: str
    beside: Path | None = None


def sha256(data: bytes) -> str:
    """The sha256 of ``data`` as 64 hex digits.

    Parameters
    ----------
    data : bytes
        File content.

    Returns
    -------
    str
        The hex digest.

    Examples
    --------
    >>> sha256(b"")[:12]
    'e3b0c44298fc'
    """
    return hashlib.sha256(data).hexdigest()


def decide(course: str, copy: str | None, recorded: str | None) -> str:
    """The nbgitpuller rule for one file, from three hashes.

    Parameters
    ----------
    course : str
        Hash of the course's current version.
    copy : str or None
        Hash of the trainee's copy; ``None`` when the workspace has no such file.
    recorded : str or None
        Hash the manifest recorded for the version given to the trainee; ``None`` when the
        manifest has no entry (a copy made before the manifest existed).

    Returns
    -------
    str
        ``"arrived"``, ``"unchanged"``, ``"updated"`` or ``"kept"``.

    Examples
    --------
    >>> decide("new", None, None)
    'arrived'
    >>> decide("new", "new", "old")
    'unchanged'
    >>> decide("new", "old", "old")  # not edited since it was given: replace it
    'updated'
    >>> decide("new", "edited", "old")  # the trainee's edits win
    'kept'
    >>> decide("new", "old", None)  # no record: only an identical copy counts as unedited
    'kept'
    """
    if copy is None:
        return "arrived"
    if copy == course:
        return "unchanged"
    if recorded is not None and copy == recorded:
        return "updated"
    return "kept"


def course_exercises(course: Path | None = None) -> dict[str, list[Path]]:
    """The course's exercise notebooks by chapter key, each chapter's main one first.

    Parameters
    ----------
    course : Path, optional
        The course's exercises folder (default: the installed course's ``exercises/``).

    Returns
    -------
    dict of str to list of Path
        ``{"ch02": [ch02_customer_insight.ipynb, ...], ...}`` in chapter order; the main
        exercise is the one named like its chapter.
    """
    from .course import CHAPTERS

    folder = Path(course) if course is not None else EXERCISES
    mains = {c.short: f"{c.short}_{c.slug}.ipynb" for c in CHAPTERS}
    found: dict[str, list[Path]] = {}
    for path in sorted(folder.glob("ch*_*.ipynb")):
        match = _EXERCISE.match(path.name)
        if match and path.is_file():
            found.setdefault(match.group(1), []).append(path)
    return {
        key: sorted(paths, key=lambda p: (p.name != mains.get(key), p.name))
        for key, paths in sorted(found.items())
    }


def started_chapters(course: dict[str, list[str]], present: Iterable[str]) -> list[str]:
    """The chapters a trainee has started: those with at least one course file present.

    Parameters
    ----------
    course : dict of str to list of str
        Exercise file names by chapter key.
    present : iterable of str
        File names the trainee has, or that the manifest records as given.

    Returns
    -------
    list of str
        Chapter keys, in the order of ``course``.

    Examples
    --------
    >>> course = {"ch01": ["ch01_a.ipynb"], "ch02": ["ch02_b.ipynb", "ch02_c.ipynb"]}
    >>> started_chapters(course, ["ch02_b.ipynb", "notes.txt"])
    ['ch02']
    """
    present = set(present)
    return [key for key, names in course.items() if present & set(names)]


def read_manifest(folder: Path) -> dict[str, str]:
    """The manifest of a workspace: file name → sha256 of the version given to the trainee.

    Parameters
    ----------
    folder : Path
        The workspace.

    Returns
    -------
    dict of str to str
        Empty when the workspace has no manifest yet.

    Raises
    ------
    CourseDataError
        When the manifest cannot be read or is damaged; the message says what to do.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> read_manifest(pathlib.Path(tempfile.mkdtemp()))
    {}
    """
    path = Path(folder) / MANIFEST
    if not path.exists():
        return {}
    advice = (
        "nothing was changed. Rename that file (for example to .course-manifest.broken.json) "
        "and run the command again: your copies then count as edited unless they are identical "
        "to the course, so none of your work is overwritten."
    )
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except (ValueError, UnicodeDecodeError) as error:
        raise CourseDataError(f"{path} is damaged (not valid JSON: {error}); {advice}") from None
    except OSError as error:
        raise CourseDataError(f"{path} cannot be read ({error.strerror or error}); {advice}") from None
    files = document.get("files") if isinstance(document, dict) else None
    if (
        not isinstance(document, dict)
        or document.get("format") != _FORMAT
        or not isinstance(files, dict)
        or not all(isinstance(k, str) and isinstance(v, str) and _HEX.match(v) for k, v in files.items())
    ):
        raise CourseDataError(f"{path} is damaged (not a course manifest); {advice}")
    return dict(files)


def _write_manifest(folder: Path, files: dict[str, str]) -> None:
    document = {"format": _FORMAT, "version": 1, "files": dict(sorted(files.items()))}
    text = json.dumps(document, indent=1) + "\n"
    write_atomic(Path(folder) / MANIFEST, text.encode("utf-8"), replace=True)


def _beside(folder: Path, source: Path, data: bytes, today: str) -> Path:
    """Where the course's version of an edited copy is: an identical file already written
    by an earlier update or start, else a new ``<stem>.course-<today><suffix>``."""
    stem, suffix = source.stem, source.suffix
    for pattern in (f"{stem}.course-*{suffix}", f"{stem}.fresh-*{suffix}"):
        for existing in sorted(folder.glob(pattern)):
            if existing.is_file() and existing.stat().st_size == len(data) and existing.read_bytes() == data:
                return existing
    for n in range(1, 1000):
        target = folder / f"{stem}.course-{today}{'' if n == 1 else f'-{n}'}{suffix}"
        if write_atomic(target, data, replace=False):
            return target
    raise CourseDataError(f"too many copies of {source.name} beside it in {folder}; nothing was written.")


def _hash_of(path: Path) -> str | None:
    if not os.path.lexists(path):
        return None
    if path.is_symlink() or not path.is_file():
        return "not a regular file"  # the trainee's: never replaced
    return sha256(path.read_bytes())


def _apply(
    folder: Path, source: Path, recorded: str | None, today: str, always_beside: bool
) -> tuple[Change, str | None]:
    """Apply the rule to one course file; return the change and the manifest's new entry."""
    data = source.read_bytes()
    course = sha256(data)
    target = folder / source.name
    copy = _hash_of(target)
    what = decide(course, copy, recorded)
    if what == "arrived":
        if write_atomic(target, data, replace=False):
            return Change(target, "arrived"), course
        copy, what = _hash_of(target), "kept"  # the trainee made it meanwhile
    if what == "updated":
        mode = stat.S_IMODE(target.stat().st_mode)
        if write_atomic(target, data, replace=True, mode=mode, expect=copy):
            return Change(target, "updated"), course
        what = "kept"
    if what == "unchanged":
        return Change(target, "unchanged"), course
    if recorded == course and not always_beside:  # edited, and the course has nothing new
        return Change(target, "kept"), recorded
    return Change(target, "kept", _beside(folder, source, data, today)), recorded


def bring(
    sources: Iterable[Path],
    *,
    folder: Path | None = None,
    today: date | str | None = None,
    always_beside: bool = True,
) -> list[Change]:
    """Bring the given course files into a workspace by the nbgitpuller rule.

    Reads and writes the manifest under :func:`~course_lib.course.file_lock`; writes only
    inside ``folder``; only reads ``sources`` (the course may be read-only).

    Parameters
    ----------
    sources : iterable of Path
        Course files (exercise notebooks).
    folder : Path, optional
        The workspace (default :func:`~course_lib.course.workspace`).
    today : date or str, optional
        The date in the names of new versions written beside edited copies (default today).
    always_beside : bool, default True
        Put the course's version beside every edited copy (what ``crm-course start`` does,
        so a trainee can begin again); with ``False`` only when the course has a version
        the trainee was not given (what an update does).

    Returns
    -------
    list of Change
        One per source, in order.

    Raises
    ------
    CourseDataError
        When the manifest is damaged (nothing is changed) or the workspace is busy.
    """
    folder = Path(folder) if folder is not None else workspace()
    folder.mkdir(parents=True, exist_ok=True)
    day = today.isoformat() if isinstance(today, date) else (today or date.today().isoformat())
    changes = []
    with file_lock(folder / MANIFEST):
        manifest = read_manifest(folder)
        before = dict(manifest)
        try:
            for source in sources:
                name = Path(source).name
                change, entry = _apply(folder, Path(source), manifest.get(name), day, always_beside)
                if entry is not None:
                    manifest[name] = entry
                changes.append(change)
        finally:
            if manifest != before:
                _write_manifest(folder, manifest)
    return changes


def update_workspace(
    folder: Path | None = None,
    *,
    all_chapters: bool = False,
    course: Path | None = None,
    today: date | str | None = None,
) -> list[Change]:
    """Bring a trainee's workspace up to the installed course (what ``crm-course update`` does).

    New exercises arrive for every chapter the trainee has started (any of its exercises is
    in the workspace or the manifest), or for every chapter with ``all_chapters``; unedited
    copies are updated; edited copies are kept and the new version is written beside them.

    Parameters
    ----------
    folder : Path, optional
        The workspace (default :func:`~course_lib.course.workspace`: ``$CRM_COURSE_WORKSPACE``
        or ``work/``). A hub calls this as the trainee, with the trainee's workspace.
    all_chapters : bool, default False
        Bring every chapter's exercises, not only the started chapters'.
    course : Path, optional
        The course's exercises folder (default: the installed course's ``exercises/``).
    today : date or str, optional
        The date in the names of new versions written beside edited copies.

    Returns
    -------
    list of Change
        One per course file considered, chapter by chapter, each chapter's main one first;
        empty when no chapter is started and ``all_chapters`` is false.

    Raises
    ------
    CourseDataError
        When the manifest is damaged; nothing is changed.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> course, work = (pathlib.Path(tempfile.mkdtemp()) for _ in range(2))
    >>> _ = (course / "ch01_importance.ipynb").write_text("v1")
    >>> [c.what for c in update_workspace(work, all_chapters=True, course=course)]
    ['arrived']
    >>> _ = (course / "ch01_importance.ipynb").write_text("v2")
    >>> [c.what for c in update_workspace(work, course=course)]
    ['updated']
    """
    folder = Path(folder) if folder is not None else workspace()
    by_chapter = course_exercises(course)
    names = {key: [p.name for p in paths] for key, paths in by_chapter.items()}
    if all_chapters:
        keys = list(by_chapter)
    else:
        present = {p.name for p in folder.iterdir()} if folder.is_dir() else set()
        keys = started_chapters(names, present | set(read_manifest(folder)))
    if not keys:
        return []
    sources = [p for key in keys for p in by_chapter[key]]
    return bring(sources, folder=folder, today=today, always_beside=False)
