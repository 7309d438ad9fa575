"""Trainees as system users of the hub's machine: the operating system keeps them apart.

Each trainee's server runs as their own user (JupyterHub's local process spawner) with a
home only they can open (mode 0700), so trainee A cannot read or change trainee B's files
whatever code A runs. Creating and removing users needs root.
"""

from __future__ import annotations

import os
import pwd
import subprocess
from pathlib import Path

from ..validation import CourseDataError
from .workshop import missing_users

__all__ = ["create_trainees", "remove_trainees", "home_of"]


def home_of(name: str) -> Path:
    """The home folder of system user ``name``.

    Examples
    --------
    >>> str(home_of("root"))
    '/root'
    """
    try:
        return Path(pwd.getpwnam(name).pw_dir)
    except KeyError:
        raise CourseDataError(f"{name!r} is not a user of this machine.") from None


def create_trainees(names, *, home_base: str | os.PathLike | None = None) -> list[str]:
    """Create the system users of ``names`` that do not exist yet; return those created.

    Each gets a home of their own (under ``home_base``, else the system's default) with mode
    0700 and no login shell: trainees reach the machine through the hub only. Existing users
    are left as they are (a trainee's home is never recreated).

    Raises
    ------
    CourseDataError
        Not run as root, or ``useradd`` refused a name (its message is passed on).
    """
    todo = missing_users(names)
    if todo and os.geteuid() != 0:
        raise CourseDataError(
            f"creating the trainees' system users ({', '.join(todo)}) needs root: run the command with sudo."
        )
    created = []
    for name in todo:
        command = ["useradd", "--create-home", "--shell", "/usr/sbin/nologin", "--user-group"]
        if home_base is not None:
            command += ["--base-dir", str(home_base)]
        result = subprocess.run([*command, name], capture_output=True, text=True)
        if result.returncode != 0:
            raise CourseDataError(f"useradd refused {name!r}: {result.stderr.strip() or result.returncode}")
        home_of(name).chmod(0o700)
        created.append(name)
    return created


def remove_trainees(names) -> list[str]:
    """Remove the system users of ``names`` and their homes (what a test made); return those
    removed. Their processes are stopped first. Users that do not exist are skipped.
    """
    removed = []
    for name in names:
        if missing_users([name]):
            continue
        subprocess.run(["pkill", "-KILL", "-u", name], capture_output=True)
        result = subprocess.run(["userdel", "--remove", name], capture_output=True, text=True)
        if result.returncode not in (0, 12):  # 12: the home could not be removed entirely
            raise CourseDataError(f"userdel refused {name!r}: {result.stderr.strip() or result.returncode}")
        removed.append(name)
    return removed
