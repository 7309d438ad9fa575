"""The course installed once for a class hub, read-only, where every trainee's server reads it.

``PREFIX/course`` holds the course's files (library, chapters, exercises, solutions, data);
``PREFIX/venv`` the pinned environment (the course's lock and the hub's), built with uv from a
Python every user of the machine can run. Both belong to root and nobody else can change
them; trainees' work lives in their homes. Installing again replaces the files only when the
course changed, and the environment only when a lock changed.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import stat
import subprocess
import sys
from pathlib import Path

from ..course import ROOT, write_atomic
from ..validation import CourseDataError

__all__ = [
    "COURSE_FILES",
    "fingerprint",
    "world_usable",
    "shared_python",
    "ensure_installed",
    "set_solutions_readable",
]

#: What a trainee server needs of the course (relative to the course folder).
COURSE_FILES = (
    "course_lib",
    "notebooks",
    "exercises",
    "solutions",
    "datasets",
    "docs",
    "pyproject.toml",
    "README.md",
    "jupytext.toml",
    "requirements.lock",
    "requirements-hub.lock",
)
_LOCKS = ("requirements.lock", "requirements-hub.lock")
_STAMP = ".crm-course-install.json"
_SKIP = {"__pycache__", ".ipynb_checkpoints"}


def _files(source: Path):
    for name in COURSE_FILES:
        path = source / name
        if path.is_file():
            yield path
        elif path.is_dir():
            for item in sorted(path.rglob("*")):
                if item.is_file() and not _SKIP.intersection(item.relative_to(source).parts):
                    yield item


def fingerprint(source: Path, names=None) -> str:
    """A hash of the course files' names, sizes and contents (or of ``names`` only).

    Examples
    --------
    >>> len(fingerprint(ROOT, ["pyproject.toml"]))
    64
    """
    digest = hashlib.sha256()
    paths = [source / n for n in names] if names is not None else list(_files(source))
    for path in paths:
        digest.update(str(path.relative_to(source)).encode() + b"\0")
        digest.update(path.read_bytes() if path.exists() else b"(missing)")
    return digest.hexdigest()


def world_usable(path: Path) -> bool:
    """Whether every user can run ``path``: each folder above it can be entered by others and
    the file can be executed by others.

    Examples
    --------
    >>> world_usable(Path("/bin/sh"))
    True
    """
    path = Path(path).resolve()
    if not path.exists() or not path.stat().st_mode & stat.S_IXOTH:
        return False
    return all(parent.stat().st_mode & stat.S_IXOTH for parent in path.parents)


def shared_python() -> Path:
    """A Python 3.11+ every user can run: this one if it is, else the system's.

    Raises
    ------
    CourseDataError
        When there is none (e.g. Python lives only in root's home).
    """
    candidates = [Path(sys.executable), Path(sys.base_prefix) / "bin" / "python3"]
    candidates += [Path(p) for p in ("/usr/bin/python3.11", "/usr/local/bin/python3.11", "/usr/bin/python3")]
    for candidate in candidates:
        if not world_usable(candidate):
            continue
        probe = subprocess.run(
            [str(candidate), "-c", "import sys; print(sys.version_info >= (3, 11))"],
            capture_output=True,
            text=True,
        )
        if probe.stdout.strip() == "True":
            return candidate.resolve()
    raise CourseDataError(
        "no Python 3.11 that every user can run was found (the trainees' servers run as their own "
        "users): install Debian's python3.11, or a Python outside root's home."
    )


def _uv() -> str:
    found = shutil.which("uv", path=str(Path(sys.executable).parent)) or shutil.which("uv")
    if found is None:
        raise CourseDataError("uv is not installed; run `make hub`, which sets up the course's tools first.")
    return found


def _read_stamp(prefix: Path) -> dict:
    try:
        return json.loads((prefix / _STAMP).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def _copy_course(source: Path, target: Path) -> None:
    fresh = target.with_name(target.name + ".new")
    if fresh.exists():
        shutil.rmtree(fresh)
    for path in _files(source):
        dest = fresh / path.relative_to(source)
        dest.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(path, dest)
    old = target.with_name(target.name + ".old")
    if old.exists():
        shutil.rmtree(old)
    if target.exists():
        target.rename(old)
    fresh.rename(target)
    if old.exists():
        shutil.rmtree(old)


def _read_only(folder: Path) -> None:
    for path in [folder, *folder.rglob("*")]:
        if path.is_symlink():
            continue
        mode = path.stat().st_mode
        wanted = (mode | stat.S_IRUSR | stat.S_IRGRP | stat.S_IROTH) & ~(stat.S_IWGRP | stat.S_IWOTH)
        if path.is_dir() or mode & stat.S_IXUSR:
            wanted |= stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH
        if wanted != mode:
            path.chmod(stat.S_IMODE(wanted))


def _build_venv(source: Path, prefix: Path, wheelhouse: Path | None) -> None:
    venv = prefix / "venv"
    uv = _uv()
    offline = ["--no-index", "--find-links", str(wheelhouse)] if wheelhouse else []
    if venv.exists():
        shutil.rmtree(venv)
    steps = [
        [uv, "venv", "--quiet", "--python", str(shared_python()), str(venv)],
        [uv, "pip", "install", "--quiet", "--python", str(venv / "bin" / "python"), *offline]
        + [arg for lock in _LOCKS for arg in ("-r", str(source / lock))],
    ]
    for step in steps:
        result = subprocess.run(step, capture_output=True, text=True)
        if result.returncode != 0:
            raise CourseDataError(f"installing the course's environment failed:\n{result.stderr.strip()}")


def _install_course_package(prefix: Path) -> None:
    command = [
        _uv(),
        "pip",
        "install",
        "--quiet",
        "--no-deps",
        "--python",
        str(prefix / "venv" / "bin" / "python"),
    ]
    result = subprocess.run([*command, "-e", str(prefix / "course")], capture_output=True, text=True)
    if result.returncode != 0:
        raise CourseDataError(f"installing the course into {prefix} failed:\n{result.stderr.strip()}")


def set_solutions_readable(prefix: Path, readable: bool) -> None:
    """Open (``0755``) or close (``0700``, root only) the installed course's ``solutions/``."""
    folder = Path(prefix) / "course" / "solutions"
    if folder.is_dir():
        folder.chmod(0o755 if readable else 0o700)


def ensure_installed(
    prefix: str | os.PathLike, *, source: Path = ROOT, wheelhouse: Path | None = None
) -> list[str]:
    """Install or update the course under ``prefix``; return what was done (empty: up to date).

    Parameters
    ----------
    prefix : str or os.PathLike
        Where the course goes, e.g. ``/opt/crm-course``.
    source : Path
        The course folder to install from (this course by default).
    wheelhouse : Path, optional
        A folder of wheels to install from offline (``make wheelhouse``); the course's own
        ``wheelhouse/`` when it has one.

    Returns
    -------
    list of str
        ``"environment"`` and/or ``"course files"`` for the parts that were (re)built.
    """
    prefix = Path(prefix).resolve()
    if source.resolve() == prefix or prefix in source.resolve().parents:
        raise CourseDataError(
            f"`--prefix` {prefix} is the course folder itself; choose another, e.g. /opt/crm-course."
        )
    if wheelhouse is None and (source / "wheelhouse").is_dir():
        wheelhouse = source / "wheelhouse"
    prefix.mkdir(parents=True, exist_ok=True)
    prefix.chmod(0o755)
    stamp = _read_stamp(prefix)
    done = []
    locks = fingerprint(source, _LOCKS)
    if stamp.get("locks") != locks or not (prefix / "venv" / "bin" / "python").exists():
        _build_venv(source, prefix, wheelhouse)
        stamp = {"locks": locks}
        done.append("environment")
    files = fingerprint(source)
    if stamp.get("files") != files or not (prefix / "course").is_dir():
        _copy_course(source, prefix / "course")
        _install_course_package(prefix)
        done.append("course files")
    elif "environment" in done:
        _install_course_package(prefix)
    if done:
        _read_only(prefix)
        write_atomic(prefix / _STAMP, json.dumps({"locks": locks, "files": files}).encode(), mode=0o644)
    return done
