"""The ``crm-course`` command (presentation layer).

``crm-course build``     regenerate exercises/ and chapter navigation from the sources
``crm-course check``     exit 1 when exercises/ or navigation are out of date
``crm-course start N``   copy exercise N into your workspace (never overwrites your edits)
``crm-course progress``  what you have done, per chapter
``crm-course slides``    build offline reveal.js decks from the stored notebooks
"""

from __future__ import annotations

import argparse
import shutil
import sys
import time
from pathlib import Path

from .course import CHAPTERS, ROOT, chapter, workspace
from .validation import CourseDataError

__all__ = ["main", "start_exercise", "start_exercises", "progress_table"]


def _exercises_for(ch) -> list[Path]:
    """The chapter's exercise notebooks, its main one (named like the chapter) first."""
    matches = sorted((ROOT / "exercises").glob(f"{ch.short}_*.ipynb"))
    if not matches:
        raise CourseDataError(f"chapter {ch.number} has no exercise notebook in exercises/ yet.")
    main = f"{ch.short}_{ch.slug}.ipynb"
    return sorted(matches, key=lambda p: (p.name != main, p.name))


def _copy_without_overwriting(source: Path, dest: Path) -> tuple[Path, str]:
    target = dest / source.name
    if not target.exists():
        shutil.copyfile(source, target)
        return target, "created"
    if target.read_bytes() == source.read_bytes():
        return target, "unchanged"
    stamp = time.strftime("%Y%m%d-%H%M%S")
    fresh = dest / f"{source.stem}.fresh-{stamp}{source.suffix}"
    shutil.copyfile(source, fresh)
    return fresh, "kept"


def start_exercises(key, *, dest: Path | None = None) -> list[tuple[Path, str]]:
    """Copy every exercise notebook of chapter ``key`` into the workspace.

    Returns one ``(path, what)`` per notebook, the chapter's main exercise first (chapter 6
    also has the capstone). ``what`` is ``"created"``, ``"unchanged"`` (the copy is
    identical to the exercise) or ``"kept"`` (the trainee's edited copy stays where it is,
    and a fresh copy is written beside it with a timestamp). Nothing a trainee wrote is
    ever overwritten.
    """
    ch = chapter(key)
    sources = _exercises_for(ch)
    dest = Path(dest) if dest is not None else workspace()
    dest.mkdir(parents=True, exist_ok=True)
    return [_copy_without_overwriting(source, dest) for source in sources]


def start_exercise(key, *, dest: Path | None = None) -> tuple[Path, str]:
    """Copy the main exercise of chapter ``key`` into the workspace (see :func:`start_exercises`)."""
    ch = chapter(key)
    dest = Path(dest) if dest is not None else workspace()
    dest.mkdir(parents=True, exist_ok=True)
    return _copy_without_overwriting(_exercises_for(ch)[0], dest)


def progress_table():
    """A DataFrame of graded tasks per chapter: total, passed, tried, not yet tried."""
    import pandas as pd

    from .checks import PASS, load_progress, tasks

    records = load_progress()
    rows = []
    for ch in CHAPTERS:
        chapter_tasks = tasks(ch.short)
        if not chapter_tasks:
            continue
        status = [records.get(t.id, {}).get("status") for t in chapter_tasks]
        passed = sum(s == PASS for s in status)
        tried = sum(s is not None and s != PASS and s != "not attempted" for s in status)
        rows.append(
            {
                "chapter": f"{ch.number} · {ch.title}",
                "tasks": len(chapter_tasks),
                "passed": passed,
                "tried, not yet passed": tried,
                "to do": len(chapter_tasks) - passed - tried,
            }
        )
    return pd.DataFrame(rows).set_index("chapter") if rows else pd.DataFrame()


def _cmd_build(args) -> int:
    from .notebook_tools import build_all

    changed = build_all(ROOT)
    for path in changed:
        print(f"wrote {path.relative_to(ROOT)}")
    print(f"{len(changed)} file(s) updated." if changed else "Everything is up to date.")
    return 0


def _cmd_sync(args) -> int:
    from .notebook_tools import build_all, pair_difference, paired_notebooks, sync_pairs

    pairs = paired_notebooks(ROOT)
    out_of_step = [p for p in pairs if pair_difference(p)]
    sync_pairs(pairs)
    for path in out_of_step:
        print(f"synced {path.relative_to(ROOT)} ↔ {path.with_suffix('.md').name}")
    changed = build_all(ROOT)
    for path in changed:
        print(f"wrote {path.relative_to(ROOT)}")
    if not out_of_step and not changed:
        print("Everything is up to date.")
    return 0


def _cmd_check(args) -> int:
    from .notebook_tools import stale_files

    stale = stale_files(ROOT)
    if stale:
        from .notebook_tools import pair_difference

        for path in stale:
            why = pair_difference(path.with_suffix(".ipynb")) if path.suffix == ".md" else None
            print(f"out of date: {path.relative_to(ROOT)}" + (f" ({why})" if why else ""))
        print("Run `make sync` (pairs, then exercises and navigation) and commit the result.")
        return 1
    print("Notebook pairs, exercises/ and chapter navigation are up to date.")
    return 0


def _cmd_start(args) -> int:
    try:
        results = start_exercises(args.chapter)
    except CourseDataError as error:
        print(f"crm-course start: {error}", file=sys.stderr)
        return 2
    for path, what in results:
        if what == "created":
            print(f"Your copy is ready: {path}\nOpen it in JupyterLab; your edits stay yours.")
        elif what == "unchanged":
            print(f"You already have an untouched copy: {path}")
        else:
            print(
                f"You have edited your copy, so it was kept as it is.\n"
                f"A fresh copy of the exercise is beside it: {path}"
            )
    return 0


def _cmd_progress(args) -> int:
    table = progress_table()
    if table.empty:
        print("No graded tasks found.")
        return 0
    print(f"Progress recorded in {workspace() / 'progress.json'}\n")
    print(table.to_string())
    return 0


def _cmd_slides(args) -> int:
    from .slides import build_decks

    out = Path(args.out) if args.out else ROOT / "build" / "slides"
    for path in build_decks(out, code=args.code):
        print(f"wrote {path}")
    return 0


def main(argv=None) -> int:
    """Entry point of the ``crm-course`` command."""
    parser = argparse.ArgumentParser(prog="crm-course", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("build", help="regenerate exercises/ and navigation").set_defaults(run=_cmd_build)
    sub.add_parser("sync", help="bring notebook pairs into step, then build").set_defaults(run=_cmd_sync)
    sub.add_parser("check", help="exit 1 if a notebook pair or exercises/ is out of date").set_defaults(
        run=_cmd_check
    )
    start = sub.add_parser("start", help="copy an exercise into your workspace")
    start.add_argument("chapter", help="chapter number: 2, 02 or ch02")
    start.set_defaults(run=_cmd_start)
    sub.add_parser("progress", help="tasks done per chapter").set_defaults(run=_cmd_progress)
    slides = sub.add_parser("slides", help="build offline reveal.js decks")
    slides.add_argument("--out", help="output folder (default build/slides)")
    slides.add_argument(
        "--code",
        action="store_true",
        help="show every code cell (an instructor's deck); by default only cells tagged show-code",
    )
    slides.set_defaults(run=_cmd_slides)
    args = parser.parse_args(argv)
    return args.run(args)


if __name__ == "__main__":
    raise SystemExit(main())
