"""A trainee's server on the class hub: the workspace first, then Jupyter.

The hub starts ``python -m course_lib.hub.singleuser`` as the trainee's own system user. It
makes the trainee's home their workspace (``CRM_COURSE_WORKSPACE``, unless the hub set
another), brings every chapter's exercises into it with the rule of ``crm-course start`` and
``crm-course update`` (new files arrive, unedited copies follow the course, edited copies are
never overwritten), then becomes ``jupyterhub-singleuser``. A server culled while idle loses
nothing: everything lives in the home, and the next start finds it where it was.
"""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

__all__ = ["prepare_workspace", "main"]


def prepare_workspace(home: Path) -> list:
    """Make ``home`` the workspace and bring the course's exercises into it.

    Returns the changes of :func:`course_lib.updates.update_workspace` (one per file).
    """
    os.environ.setdefault("CRM_COURSE_WORKSPACE", str(home))
    from ..updates import update_workspace

    return update_workspace(Path(os.environ["CRM_COURSE_WORKSPACE"]), all_chapters=True)


def main(argv=None) -> int:
    """Prepare the workspace, then run ``jupyterhub-singleuser`` in this process."""
    argv = list(sys.argv[1:] if argv is None else argv)
    try:
        prepare_workspace(Path.home())
    except Exception as error:  # the server must start even if the copy failed
        print(
            f"crm-course: the exercises could not be brought in ({error}); starting anyway.", file=sys.stderr
        )
    command = shutil.which("jupyterhub-singleuser", path=str(Path(sys.executable).parent)) or shutil.which(
        "jupyterhub-singleuser"
    )
    if command is None:
        print("crm-course: jupyterhub-singleuser is not installed with the course.", file=sys.stderr)
        return 1
    os.execv(command, [command, *argv])
    return 0  # pragma: no cover - execv does not return


if __name__ == "__main__":
    raise SystemExit(main())
