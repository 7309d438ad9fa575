"""The ``crm-course`` command (presentation layer).

``crm-course build``     regenerate exercises/ and chapter navigation from the sources
``crm-course check``     exit 1 when exercises/ or navigation are out of date
``crm-course start N``   copy exercise N into your workspace (never overwrites your edits)
``crm-course update [--all]``  bring your workspace up to the installed course (your edits win)
``crm-course progress``  what you have done, per chapter
``crm-course progress --export [FILE]``  your per-task results in one file for the instructor
``crm-course progress --class DIR``  the instructor's table of a class, from the collected files
``crm-course slides``    build offline reveal.js decks from the stored notebooks
``crm-course i18n check|update|build|execute``  the Chinese edition: stale or missing translations, catalogues, notebooks, their outputs
``crm-course hub``       a workshop's JupyterHub on this server (``hub exam open|close``, ``hub progress``)
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from . import updates
from .course import CHAPTERS, ROOT, chapter, workspace
from .validation import CourseDataError

__all__ = ["main", "start_exercise", "start_exercises", "progress_table"]


def _exercises_for(ch) -> list[Path]:
    """The chapter's exercise notebooks in the installed course, its main one first."""
    sources = updates.course_exercises().get(ch.short, [])
    if not sources:
        raise CourseDataError(f"chapter {ch.number} has no exercise notebook in exercises/ yet.")
    return sources


_START_WORDS = {"arrived": "created", "updated": "updated", "unchanged": "unchanged", "kept": "kept"}


def _started(changes) -> list[tuple[Path, str]]:
    return [
        (change.beside if change.what == "kept" else change.path, _START_WORDS[change.what])
        for change in changes
    ]


def start_exercises(key, *, dest: Path | None = None) -> list[tuple[Path, str]]:
    """Copy every exercise notebook of chapter ``key`` into the workspace.

    Returns one ``(path, what)`` per notebook, the chapter's main exercise first (chapter 6
    also has the capstone). ``what`` is ``"created"``, ``"unchanged"`` (the copy is
    identical to the exercise), ``"updated"`` (an unedited copy of an older course version
    was replaced) or ``"kept"`` (the trainee's edited copy stays where it is, and ``path``
    is the course's version written beside it). Nothing a trainee wrote is ever
    overwritten; what was given is recorded in the workspace's manifest, so ``crm-course
    update`` can tell an edit from an older version (:mod:`course_lib.updates`).
    """
    sources = _exercises_for(chapter(key))
    return _started(updates.bring(sources, folder=dest))


def start_exercise(key, *, dest: Path | None = None) -> tuple[Path, str]:
    """Copy the main exercise of chapter ``key`` into the workspace (see :func:`start_exercises`)."""
    source = _exercises_for(chapter(key))[0]
    return _started(updates.bring([source], folder=dest))[0]


def progress_table():
    """A DataFrame of graded tasks per chapter: total, passed, tried, not yet tried.

    In the Chinese course (:func:`course_lib.language.language` is ``"zh"``) the chapters
    carry their Chinese titles (:attr:`course_lib.course.Chapter.title_zh`) and the columns
    Chinese labels; the English course's table is as it always was.
    """
    import pandas as pd

    from .checks import PASS, load_progress, tasks
    from .language import language

    chinese = language() == "zh"
    labels = (
        ("章节", "任务数", "已通过", "已尝试、未通过", "待完成")
        if chinese
        else ("chapter", "tasks", "passed", "tried, not yet passed", "to do")
    )
    records = load_progress()
    rows = []
    for ch in CHAPTERS:
        chapter_tasks = tasks(ch.short)
        if not chapter_tasks:
            continue
        status = [records.get(t.id, {}).get("status") for t in chapter_tasks]
        passed = sum(s == PASS for s in status)
        tried = sum(s is not None and s != PASS and s != "not attempted" for s in status)
        title = ch.title_zh if chinese else ch.title
        counts = (len(chapter_tasks), passed, tried, len(chapter_tasks) - passed - tried)
        rows.append(dict(zip(labels, (f"{ch.number} · {title}", *counts))))
    return pd.DataFrame(rows).set_index(labels[0]) if rows else pd.DataFrame()


def _cmd_build(args) -> int:
    from .notebook_tools import build_all

    changed = build_all(ROOT)
    for path in changed:
        print(f"wrote {path.relative_to(ROOT)}")
    print(f"{len(changed)} file(s) updated." if changed else "Everything is up to date.")
    return 0


def _cmd_i18n(args) -> int:
    from .i18n import catalog, documents, library
    from .i18n.build import build_all as build_translations
    from .i18n.build import stale_files as stale_translations
    from .i18n.build import target_path as build_target
    from .i18n.markup import markup_differences

    lang = args.lang
    if args.action == "update":
        updates = [
            (s, catalog.update_catalog, catalog.catalog_path) for s in catalog.translated_sources(lang)
        ]
        updates += [(m, library.update, library.catalog_path) for m in library.marked_modules()]
        updates += [(d, documents.update, documents.catalog_path) for d in documents.DOCUMENTS]
        for source, update, where in updates:
            found = update(source, lang)
            print(
                f"{where(source, lang).relative_to(ROOT)}: {len(found.missing)} to translate, "
                f"{len(found.stale)} stale, {len(found.obsolete)} obsolete"
            )
        return 0
    if args.action == "execute":
        from .notebook_tools import execute

        build_translations(lang)  # run what the catalogues say now
        for source in catalog.translated_sources(lang):
            target = build_target(source, lang)
            if target.exists():
                print(f"running {target.relative_to(ROOT)}", flush=True)
                execute(target)
        for path in build_translations(lang):
            print(f"wrote {path.relative_to(ROOT)}")
        return 0
    if args.action == "build":
        changed = build_translations(lang)
        for path in changed:
            print(f"wrote {path.relative_to(ROOT)}")
        print(f"{len(changed)} file(s) updated." if changed else "The translations are up to date.")
        return 0
    problems = 0
    merges = [(s, catalog.merged, catalog.catalog_path) for s in catalog.translated_sources(lang)]
    merges += [(m, library.merged, library.catalog_path) for m in library.marked_modules()]
    merges += [(d, documents.merged, documents.catalog_path) for d in documents.DOCUMENTS]
    for source, merge, where in merges:
        name = where(source, lang).relative_to(ROOT)
        for message in merge(source, lang):
            if not message.id:
                continue
            places = ", ".join(str(line) for _file, line in message.locations) or "header"
            unit = {"notebooks": "cell", "solutions": "cell", "course_lib": "line"}.get(
                name.parts[2], "block"
            )
            cells = f"{unit} {places}" if places != "header" else places
            first = message.id.splitlines()[0][:60]
            if message.fuzzy:
                why = ["stale: the English changed since it was translated"]
            elif not message.string:
                why = ["not translated yet"]
            else:
                why = markup_differences(message.id, message.string)
                why += library.placeholder_differences(message.id, message.string)
            for reason in why:
                print(f"{name} ({cells}) {first!r}: {reason}")
            problems += len(why)
    if problems == 0:
        for path in stale_translations(lang):
            print(f"out of date: {path.relative_to(ROOT)} (run `crm-course i18n build`)")
            problems += 1
    untranslated = [
        source
        for folder in catalog.SOURCE_FOLDERS
        for source in sorted((ROOT / folder).glob("*.ipynb"))
        if source not in catalog.translated_sources(lang)
    ]
    for source in untranslated:
        print(f"no catalogue yet: {source.relative_to(ROOT)}")
    if problems:
        print(
            f"{problems} problem(s). Translate or confirm the entries named above, then `crm-course i18n build`."
        )
        return 1
    print(f"Every catalogue in {lang} is complete and current; the translated notebooks are up to date.")
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
        elif what == "updated":
            print(f"Your untouched copy was brought up to the course's new version: {path}")
        else:
            print(
                f"You have edited your copy, so it was kept as it is.\n"
                f"The course's version of the exercise is beside it: {path}"
            )
    return 0


def _cmd_update(args) -> int:
    folder = workspace()
    try:
        changes = updates.update_workspace(folder, all_chapters=args.all)
    except CourseDataError as error:
        print(f"crm-course update: {error}", file=sys.stderr)
        return 1
    if not changes:
        print(
            "You have not started a chapter yet, so there is nothing to update.\n"
            "`crm-course start N` copies chapter N; `crm-course update --all` brings every chapter."
        )
        return 0
    for change in changes:
        name = change.path.name
        if change.what == "kept" and change.beside is not None:
            print(f"kept       {name} (your edits); the new version is {change.beside.name}")
        elif change.what == "kept":
            print(f"kept       {name} (your edits; the course has no new version of it)")
        else:
            print(f"{change.what:<10} {name}")
    counts = {w: sum(c.what == w for c in changes) for w in ("arrived", "updated", "kept", "unchanged")}
    print(
        f"\nYour workspace {folder} is up to date with the course: "
        + ", ".join(f"{n} {w}" for w, n in counts.items() if n)
        + ". Files you made and copies you edited were not touched."
    )
    return 0


def _trainee_name(given: str | None) -> str:
    """The name an export carries: ``--name``, else the operating-system user."""
    if given is not None:
        return given.strip()
    import getpass

    try:
        return getpass.getuser()
    except (OSError, KeyError):  # no user name known to the system (some containers)
        return "trainee"


def _cmd_export(args) -> int:
    from . import classroom
    from .checks import _progress_path

    name = _trainee_name(args.name)
    if not name:
        print(
            "crm-course progress: --name is empty; give the name your instructor knows you by.",
            file=sys.stderr,
        )
        return 2
    target = Path(args.export) if args.export else Path(classroom.export_name(name))
    if target.is_dir():
        target = target / classroom.export_name(name)
    source = _progress_path()
    try:
        progress = classroom.read_progress_file(source) if source.exists() else []
    except CourseDataError as error:
        print(
            f"crm-course progress: {source} {error}; nothing was exported. Ask your instructor "
            "before editing it by hand.",
            file=sys.stderr,
        )
        return 1
    records = {
        row["task"]: {
            "status": row["status"],
            "time": row["time"],
            "attempts": row["attempts"],
            "first_passed": row["first_passed"],
            "last_attempt": row["last_result"],
        }
        for row in progress
    }
    try:
        written = classroom.write_export(
            target, classroom.export_document(records, trainee=name), force=args.force
        )
    except CourseDataError as error:
        print(f"crm-course progress: {error}", file=sys.stderr)
        return 1
    except OSError as error:
        print(
            f"crm-course progress: cannot write {target} ({error.strerror or error}); nothing was written.",
            file=sys.stderr,
        )
        return 1
    passed = sum(row["status"] == "pass" for row in progress)
    print(
        f"Wrote {len(progress)} task result(s) of {name} ({passed} passed) to {written}.\n"
        "Hand this file to your instructor; nothing else leaves your machine."
    )
    return 0


def _cmd_class(args) -> int:
    from . import classroom

    try:
        found = classroom.read_exports(args.class_dir)
    except CourseDataError as error:
        print(f"crm-course progress: {error}", file=sys.stderr)
        return 2
    if found.trainees:
        table = classroom.class_table(found.records, trainees=found.trainees)
        print(
            f"Class progress from {args.class_dir}: {len(found.trainees)} trainee(s), tasks passed / tasks\n"
        )
        print(table.to_string())
    else:
        print(f"No progress exports or trainee workspaces (<name>/progress.json) in {args.class_dir}.")
    if found.skipped:
        print(f"\nSkipped {len(found.skipped)} file(s):")
        for name, why in found.skipped:
            print(f"  {name}: {why}")
    return 0 if found.trainees else 1


def _cmd_progress(args) -> int:
    if args.export is None and (args.force or args.name is not None):
        print("crm-course progress: --name and --force go with --export.", file=sys.stderr)
        return 2
    if args.export is not None:
        return _cmd_export(args)
    if args.class_dir is not None:
        return _cmd_class(args)
    table = progress_table()
    if table.empty:
        print("No graded tasks found.")
        return 0
    print(f"Progress recorded in {workspace() / 'progress.json'}\n")
    print(table.to_string())
    return 0


def _cmd_slides(args) -> int:
    from .slides import build_decks

    out = Path(args.out) if args.out else None
    try:
        written = build_decks(out, code=args.code, lang=args.lang)
    except CourseDataError as error:
        print(f"crm-course slides: {error} No deck was written.", file=sys.stderr)
        return 1
    for path in written:
        print(f"wrote {path}")
    return 0


def _trainees_option(text: str) -> tuple[str, ...]:
    from .hub.workshop import numbered_trainees, read_roster

    text = text.strip()
    if text.isdigit():
        return numbered_trainees(int(text))
    if text.startswith("@"):
        try:
            return read_roster(Path(text[1:]).read_text(encoding="utf-8"))
        except OSError as error:
            raise CourseDataError(
                f"`--trainees` {text}: cannot read the roster ({error.strerror})."
            ) from None
    return read_roster(text)


def _cmd_hub(args) -> int:
    from .hub import run

    try:
        settings, generated = run.prepare(
            trainees=_trainees_option(args.trainees),
            password=args.password,
            dev=args.dev,
            ip=args.ip,
            port=args.port,
            prefix=Path(args.prefix),
            state=Path(args.state),
            proxy=args.proxy,
            idle_timeout=args.idle_timeout,
            cull_every=args.cull_every,
            create_users=not args.no_create_users,
        )
        return run.run_hub(
            settings, generated=generated, home_base=Path(args.home_base) if args.home_base else None
        )
    except CourseDataError as error:
        print(f"crm-course hub: {error}", file=sys.stderr)
        return 2


def _cmd_hub_exam(args) -> int:
    from .hub import run

    state, prefix = Path(args.state), Path(args.prefix)
    try:
        if args.action == "open":
            if args.chapter is None:
                raise CourseDataError("say which chapter: crm-course hub exam open ch07")
            variants = args.variants if args.variants == "per-trainee" else int(args.variants)
            window = run.open_exam(state, prefix, args.chapter, variants=variants)
            how = (
                "one variant per trainee"
                if window.variants == "per-trainee"
                else f"variant {window.variants}"
            )
            print(
                f"The exam of {window.chapter} is open ({how}): hints and solutions are closed, and "
                f"every check is graded and recorded by the hub.\nClose it with: crm-course hub exam close"
            )
        else:
            window = run.close_exam(state, prefix)
            print(
                "No exam was open."
                if window is None
                else f"The exam of {window.chapter} is closed: hints and solutions are back.\n"
                f"Its results: crm-course hub progress --state {state}"
            )
    except (CourseDataError, ValueError) as error:
        print(f"crm-course hub exam: {error}", file=sys.stderr)
        return 2
    return 0


def _cmd_hub_progress(args) -> int:
    from . import classroom
    from .hub import run
    from .hub.users import home_of

    state = Path(args.state)
    try:
        roster = run.roster_of(state)
    except CourseDataError as error:
        print(f"crm-course hub progress: {error}", file=sys.stderr)
        return 2
    frames = []
    for name in roster:
        try:
            path = home_of(name) / "progress.json"
            rows = classroom.read_progress_file(path) if path.exists() else []
        except (CourseDataError, OSError):
            rows = []
        frames.extend(dict(row, trainee=name, source=str(path)) for row in rows)
    import pandas as pd

    records = pd.DataFrame(frames, columns=classroom.COLUMNS)
    print(
        f"Class progress of {len(roster)} trainee(s) on this hub (their own progress files), passed / tasks\n"
    )
    print(classroom.class_table(records, trainees=roster).to_string())
    sittings = run.sittings(state)
    if sittings:
        found = classroom.read_exports(sittings[-1])
        print(f"\nExam {sittings[-1].name}, graded by the hub ({len(found.trainees)} trainee(s) checked):\n")
        print(classroom.class_table(found.records, trainees=roster).to_string())
    return 0


def _add_hub(sub) -> None:
    from .hub.run import DEFAULT_PREFIX, DEFAULT_STATE

    hub = sub.add_parser("hub", help="a workshop's JupyterHub on this server (run as root)")
    hub.add_argument(
        "--state", default=str(DEFAULT_STATE), help=f"the hub's own folder (default {DEFAULT_STATE})"
    )
    hub.add_argument(
        "--prefix",
        default=str(DEFAULT_PREFIX),
        help=f"where the course is installed, read-only (default {DEFAULT_PREFIX})",
    )
    hub.add_argument(
        "--trainees", default="30", help="how many (trainee01 …), names (a,b,c) or @roster.txt; default 30"
    )
    hub.add_argument("--password", help="the workshop password (default: a new one, printed)")
    hub.add_argument(
        "--dev", action="store_true", help="on your own machine: accept a default or short password"
    )
    hub.add_argument(
        "--ip", default="127.0.0.1", help="address to listen on (default 127.0.0.1; 0.0.0.0 for a room)"
    )
    hub.add_argument("--port", type=int, default=8000, help="port (default 8000)")
    hub.add_argument("--proxy", help="path of configurable-http-proxy (default: the one `make hub` installs)")
    hub.add_argument(
        "--idle-timeout", type=int, default=3600, help="stop a server idle this many seconds (3600)"
    )
    hub.add_argument(
        "--cull-every", type=int, default=300, help="look for idle servers every this many seconds (300)"
    )
    hub.add_argument(
        "--no-create-users", action="store_true", help="refuse trainees who are not system users yet"
    )
    hub.add_argument("--home-base", help="folder for new trainees' homes (default: the system's, /home)")
    hub.set_defaults(run=_cmd_hub)
    actions = hub.add_subparsers(dest="hub_command")
    exam = actions.add_parser("exam", help="open or close an exam window")
    exam.add_argument("action", choices=["open", "close"])
    exam.add_argument("chapter", nargs="?", help="the chapter to examine, e.g. ch07")
    exam.add_argument(
        "--variants",
        default="0",
        help="'per-trainee', or one variant number for all (default 0: today's exam)",
    )
    exam.set_defaults(run=_cmd_hub_exam)
    progress = actions.add_parser("progress", help="the class table: homes' progress and the last exam")
    progress.set_defaults(run=_cmd_hub_progress)
    for action in (exam, progress):  # the hub's folders may also follow the action
        action.add_argument("--state", default=argparse.SUPPRESS, help="the hub's own folder")
        action.add_argument("--prefix", default=argparse.SUPPRESS, help="where the course is installed")


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
    update = sub.add_parser(
        "update", help="bring your workspace up to the installed course (your edits are never overwritten)"
    )
    update.add_argument(
        "--all",
        action="store_true",
        help="bring every chapter's exercises, not only the chapters you started",
    )
    update.set_defaults(run=_cmd_update)
    progress = sub.add_parser(
        "progress",
        help="tasks done per chapter; --export for your instructor, --class DIR for a class's table",
    )
    mode = progress.add_mutually_exclusive_group()
    mode.add_argument(
        "--export",
        nargs="?",
        const="",
        metavar="FILE",
        help="write your per-task results to FILE (JSON; default progress-<name>.json here)",
    )
    mode.add_argument(
        "--class",
        dest="class_dir",
        metavar="DIR",
        help="instructor: the table of every export (and <name>/progress.json) in DIR",
    )
    progress.add_argument("--name", help="your name in the export (default: your user name)")
    progress.add_argument("--force", action="store_true", help="replace an existing export file")
    progress.set_defaults(run=_cmd_progress)
    slides = sub.add_parser("slides", help="build offline reveal.js decks")
    slides.add_argument("--out", help="output folder (default build/slides)")
    slides.add_argument(
        "--code",
        action="store_true",
        help="show every code cell (an instructor's deck); by default only cells tagged show-code",
    )
    slides.add_argument(
        "--lang", default="en", choices=["en", "zh"], help="zh: the Chinese decks (build/slides/zh)"
    )
    slides.set_defaults(run=_cmd_slides)
    _add_hub(sub)
    i18n = sub.add_parser("i18n", help="the translated course: check, update catalogues, build")
    i18n.add_argument("action", choices=["check", "update", "build", "execute"])
    i18n.add_argument("--lang", default="zh", help="the language (zh)")
    i18n.set_defaults(run=_cmd_i18n)
    args = parser.parse_args(argv)
    return args.run(args)


if __name__ == "__main__":
    raise SystemExit(main())
