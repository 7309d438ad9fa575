"""Notebook tooling for course authors (presentation layer).

A chapter's source is its notebook paired by jupytext with a MyST Markdown file beside it
(``notebooks/03_communication.ipynb`` ↔ ``notebooks/03_communication.md``; the same for
``solutions/``): edit either, never generate chapters from scripts (``docs/authoring.md``).

- Pairs: :func:`paired_notebooks` lists them, :func:`pair_difference` says how a notebook and
  its Markdown twin differ (jupytext's own comparison), :func:`sync_pairs` brings the newer
  side into the other, outputs and cell ids kept.
- Navigation: :func:`navigation_line` and :func:`header_markdown` write each chapter's
  header and footer from :data:`course_lib.course.CHAPTERS` (cells tagged ``header`` and
  ``footer``; never edited by hand).
- Exercises: :func:`make_exercise` turns a solution notebook into the trainee's version
  (DESIGN.md §5); unbalanced solution markers raise :class:`BuildError`.
  :func:`solution_code` is the inverse: a solution cell as the trainee would paste it.
- Execution: :func:`execute` runs a notebook in its own folder and saves the outputs.
"""

from __future__ import annotations

import copy
import re
from pathlib import Path

import nbformat

from .course import CHAPTERS, ROOT, Chapter

__all__ = [
    "BuildError",
    "navigation_line",
    "header_markdown",
    "apply_navigation",
    "make_exercise",
    "solution_code",
    "build_all",
    "stale_files",
    "paired_notebooks",
    "pair_difference",
    "sync_pairs",
    "execute",
]

#: The jupytext pairing of every chapter and solution notebook.
PAIRING = "ipynb,md:myst"
NOT_ATTEMPTED_LINE = (
    "✗ {task} — not attempted yet: replace the ... with your answer, then run the cell again.\n"
)
CHECK_CALL = re.compile(r"""^\s*check\(\s*["']([A-Za-z0-9_.\-]+)["']""", re.M)
_ZH_NUMBERS = "零一二三四五六七八九十"


class BuildError(ValueError):
    """A solution notebook cannot be turned into an exercise (e.g. unbalanced markers)."""


# ----------------------------------------------------------------------------- navigation
def _zh_number(n: int) -> str:
    return _ZH_NUMBERS[n] if n <= 10 else str(n)


def _link(ch: Chapter) -> str:
    return f"[{ch.number} · {ch.title}]({ch.notebook})"


def navigation_line(ch: Chapter) -> str:
    """``◀ previous · Course map 目录 · next ▶`` with bare file names as links."""
    position = CHAPTERS.index(ch)
    parts = []
    if position > 0:
        parts.append("◀ " + _link(CHAPTERS[position - 1]))
    parts.append(f"[Course map 目录]({CHAPTERS[0].notebook})")
    if position + 1 < len(CHAPTERS):
        parts.append(_link(CHAPTERS[position + 1]) + " ▶")
    return " · ".join(parts)


def header_markdown(ch: Chapter) -> str:
    """The header cell of a chapter notebook."""
    zh = f"第{_zh_number(ch.number)}章 · {ch.title_zh}" if ch.number else ch.title_zh
    return (
        f"# {ch.number} · {ch.title} ｜ {zh}\n"
        f"**Time 时长:** {ch.minutes} min + {ch.exercise_minutes} min exercises · "
        f"**Before this 先修:** {ch.prerequisites}\n\n"
        f"{navigation_line(ch)}"
    )


def footer_markdown(ch: Chapter) -> str:
    """The footer cell of a chapter notebook: the navigation line again."""
    return f"---\n{navigation_line(ch)}"


def _tagged(nb, tag):
    return [c for c in nb.cells if tag in c.get("metadata", {}).get("tags", [])]


def apply_navigation(nb, ch: Chapter) -> bool:
    """Rewrite the ``header`` and ``footer`` cells of ``nb``; return True if anything changed."""
    changed = False
    for tag, text, slide in (("header", header_markdown(ch), "slide"), ("footer", footer_markdown(ch), "-")):
        cells = _tagged(nb, tag)
        if not cells:
            cell = nbformat.v4.new_markdown_cell(
                text, metadata={"slideshow": {"slide_type": slide}, "tags": [tag]}
            )
            nb.cells.insert(0 if tag == "header" else len(nb.cells), cell)
            changed = True
            continue
        for cell in cells:
            if cell.source != text:
                cell.source = text
                changed = True
    return changed


# ------------------------------------------------------------------------------ exercises
_BEGIN, _END, _ONE = "# BEGIN SOLUTION", "# END SOLUTION", "# SOLUTION"
_MD_BEGIN, _MD_END = "<!-- BEGIN ANSWER -->", "<!-- END ANSWER -->"
_ASSIGN = re.compile(r"^(\s*)([A-Za-z_][\w.\[\]\"', ]*?)\s*(=|\+=)\s*(.+?)\s*#\s*SOLUTION\s*$")


def strip_code(source: str, where: str) -> str:
    """Replace solution code by ``...``, keeping indentation; raise on unbalanced markers.

    Examples
    --------
    >>> print(strip_code("def f(x):\\n    # BEGIN SOLUTION\\n    return x\\n    # END SOLUTION", "cell"))
    def f(x):
        ...
    >>> print(strip_code("rfm = rfm_table(orders)  # SOLUTION", "cell"))
    rfm = ...
    """
    out, inside, begin_line = [], False, 0
    for number, line in enumerate(source.splitlines(), start=1):
        stripped = line.strip()
        if stripped == _BEGIN:
            if inside:
                raise BuildError(f"{where}: line {number} opens a solution block inside another.")
            inside, begin_line = True, number
            out.append(line[: len(line) - len(line.lstrip())] + "...")
        elif stripped == _END:
            if not inside:
                raise BuildError(f"{where}: line {number} closes a solution block never opened.")
            inside = False
        elif inside:
            continue
        elif re.search(r"#\s*SOLUTION\s*$", line) and _BEGIN not in line:
            match = _ASSIGN.match(line)
            if not match:
                raise BuildError(
                    f"{where}: line {number} ends in '# SOLUTION' but is not an "
                    "assignment such as `rfm = rfm_table(orders)  # SOLUTION`."
                )
            out.append(f"{match.group(1)}{match.group(2)} {match.group(3)} ...")
        else:
            out.append(line)
    if inside:
        raise BuildError(f"{where}: the solution block opened on line {begin_line} is never closed.")
    return "\n".join(out)


def strip_markdown(source: str, where: str) -> str:
    """Replace answers between ``<!-- BEGIN ANSWER -->`` and ``<!-- END ANSWER -->``."""
    opened = source.count(_MD_BEGIN)
    if opened != source.count(_MD_END):
        raise BuildError(
            f"{where}: {opened} BEGIN ANSWER marker(s) but {source.count(_MD_END)} END ANSWER marker(s)."
        )
    pattern = re.compile(re.escape(_MD_BEGIN) + r".*?" + re.escape(_MD_END), re.S)
    return pattern.sub("*Write your answer here. 在此写下你的答案。*", source)


def make_exercise(solution_nb, name: str = "notebook"):
    """Return the exercise version of a solution notebook (a new notebook object)."""
    from .language import translate

    nb = copy.deepcopy(solution_nb)
    lang = nb.metadata.get("crm_course", {}).get("lang", "en")  # a translated solution's language
    not_attempted = translate(NOT_ATTEMPTED_LINE.rstrip("\n"), lang)
    for index, cell in enumerate(nb.cells):
        where = f"{name}, cell {index}"
        if cell.cell_type == "markdown":
            cell.source = strip_markdown(cell.source, where)
            continue
        if cell.cell_type != "code":
            continue
        cell.source = strip_code(cell.source, where)
        cell.metadata.pop("execution", None)
        cell.outputs = []
        cell.execution_count = None
        task_ids = CHECK_CALL.findall(cell.source)
        tags = [t for t in cell.metadata.get("tags", []) if t != "nbval-check-output"]
        if task_ids:
            # nbval compares only cells with an execution count ("unrun" cells with outputs
            # are an error), so check cells keep one and their "not attempted" line
            cell.execution_count = index + 1
            tags.append("nbval-check-output")
            text = "".join(not_attempted.format(task=t) + "\n" for t in task_ids)
            cell.outputs = [nbformat.v4.new_output("stream", name="stdout", text=text)]
        if tags:
            cell.metadata["tags"] = tags
    nb.metadata.pop("widgets", None)
    nb.metadata.pop("jupytext", None)  # trainees' copies are plain notebooks, not pairs
    return nb


def solution_code(source: str) -> str:
    """A solution cell as a trainee pastes it into the exercise: the markers dropped.

    The inverse of :func:`strip_code`: block markers are removed (their content kept) and a
    trailing ``# SOLUTION`` comment is dropped.

    Examples
    --------
    >>> print(solution_code("def f(x):\\n    # BEGIN SOLUTION\\n    return x\\n    # END SOLUTION"))
    def f(x):
        return x
    >>> print(solution_code('rfm = rfm_table(orders)  # SOLUTION\\ncheck("ch02.rfm", rfm)'))
    rfm = rfm_table(orders)
    check("ch02.rfm", rfm)
    """
    out = []
    for line in source.splitlines():
        if line.strip() in (_BEGIN, _END):
            continue
        out.append(re.sub(r"\s*#\s*SOLUTION\s*$", "", line))
    return "\n".join(out).strip("\n")


def _expected_files(root: Path) -> dict[Path, str]:
    """Every generated file and its expected text."""
    expected = {}
    for ch in CHAPTERS:
        path = root / "notebooks" / ch.notebook
        if path.exists():
            nb = nbformat.read(path, as_version=4)
            apply_navigation(nb, ch)
            expected[path] = nbformat.writes(nb) + "\n"
    for solution in sorted((root / "solutions").glob("*.ipynb")):
        nb = nbformat.read(solution, as_version=4)
        exercise = make_exercise(nb, solution.name)
        expected[root / "exercises" / solution.name] = nbformat.writes(exercise) + "\n"
    from .glossary import glossary_markdown

    expected[root / "docs" / "glossary.md"] = glossary_markdown()
    readme = root / "README.md"
    if readme.exists():
        expected[readme] = with_chapter_map(readme.read_text(encoding="utf-8"))
    from .i18n import LANGUAGES
    from .i18n.build import expected_files as translated_files

    for lang in LANGUAGES:  # the translated notebooks whose catalogues are complete
        expected.update(translated_files(lang, root=root, complete_only=True))
    return expected


_MAP_BEGIN, _MAP_END = "<!-- chapter-map:begin -->", "<!-- chapter-map:end -->"


def chapter_map_markdown(prefix: str = "notebooks/") -> str:
    """The course map as a Markdown table, from :data:`course_lib.course.CHAPTERS`."""
    lines = ["| # | Chapter | 章节 | Time 时长 |", "|---|---|---|---|"]
    for ch in CHAPTERS:
        lines.append(
            f"| {ch.number} | [{ch.title}]({prefix}{ch.notebook}) | {ch.title_zh} | "
            f"{ch.minutes} + {ch.exercise_minutes} min |"
        )
    return "\n".join(lines)


def with_chapter_map(text: str) -> str:
    """``text`` with the table between the chapter-map markers regenerated."""
    if _MAP_BEGIN not in text or _MAP_END not in text:
        return text
    head, rest = text.split(_MAP_BEGIN, 1)
    _, tail = rest.split(_MAP_END, 1)
    return f"{head}{_MAP_BEGIN}\n{chapter_map_markdown()}\n{_MAP_END}{tail}"


def paired_notebooks(root: Path = ROOT) -> list[Path]:
    """Every notebook that is paired with a MyST Markdown file: chapters, solutions and the
    instructor's notebooks in ``docs/instructor/``."""
    return (
        sorted((root / "notebooks").glob("*.ipynb"))
        + sorted((root / "solutions").glob("*.ipynb"))
        + sorted((root / "docs" / "instructor").glob("*.ipynb"))
    )


def pair_difference(path) -> str | None:
    """How a paired notebook and its ``.md`` twin differ (jupytext's comparison), or None.

    Cell sources, cell types and cell metadata (slide types, tags) are compared; outputs
    live in the ``.ipynb`` only.
    """
    import jupytext
    from jupytext.compare import NotebookDifference, compare_notebooks

    path = Path(path)
    text = path.with_suffix(".md")
    if not text.exists():
        return f"{text.name} is missing: pair it with `jupytext --set-formats {PAIRING} {path.name}`"
    notebook = nbformat.read(path, as_version=4)
    if notebook.metadata.get("jupytext", {}).get("formats") != PAIRING:
        return f"{path.name} is not paired: its metadata lacks jupytext formats {PAIRING!r}"
    try:
        compare_notebooks(jupytext.read(text), jupytext.read(path), fmt="md:myst")
    except NotebookDifference as error:
        return str(error).strip().splitlines()[0]
    return None


def sync_pairs(paths) -> None:
    """Bring the newer file of each pair into the other (``jupytext --sync``).

    Inputs come from whichever of ``.ipynb`` and ``.md`` was changed last; outputs and cell
    ids stay those of the ``.ipynb``.
    """
    from jupytext.cli import jupytext as jupytext_cli

    paths = [str(p) for p in paths]
    if paths:
        jupytext_cli(["--sync", "--quiet", *paths])


def stale_files(root: Path = ROOT) -> list[Path]:
    """Generated files that differ from what ``build_all`` would write (or are orphans), and
    the ``.md`` twin of every notebook whose pair is out of step."""
    stale = []
    for path, text in _expected_files(root).items():
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            stale.append(path)
    solutions = {p.name for p in (root / "solutions").glob("*.ipynb")}
    stale += [p for p in sorted((root / "exercises").glob("*.ipynb")) if p.name not in solutions]
    stale += [p.with_suffix(".md") for p in paired_notebooks(root) if pair_difference(p)]
    return stale


def build_all(root: Path = ROOT) -> list[Path]:
    """Write chapter navigation, every exercise, the glossary page and the translated notebooks
    (:mod:`course_lib.i18n.build`); return what changed.

    A chapter whose navigation changed has its Markdown twin updated too.
    """
    changed = []
    (root / "exercises").mkdir(exist_ok=True)
    for path, text in _expected_files(root).items():
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
            changed.append(path)
    solutions = {p.name for p in (root / "solutions").glob("*.ipynb")}
    for orphan in sorted((root / "exercises").glob("*.ipynb")):
        if orphan.name not in solutions:
            orphan.unlink()
            changed.append(orphan)
    sync_pairs([p for p in changed if p.parent.name == "notebooks" and p.suffix == ".ipynb"])
    return changed


# ------------------------------------------------------------------------------ execution
def execute(path, *, timeout: int = 600) -> Path:
    """Run a notebook top to bottom in its own folder and save it with its outputs.

    A paired notebook is synced with its ``.md`` twin first (an edit made as text is run) and
    again after saving. Progress records go to a temporary workspace so the stored outputs
    do not depend on what the author has done before.
    """
    import os
    import tempfile

    from nbclient import NotebookClient

    path = Path(path).resolve()
    paired = path.with_suffix(".md").exists()
    if paired:
        sync_pairs([path])
    nb = nbformat.read(path, as_version=4)
    with tempfile.TemporaryDirectory(prefix="crm-course-exec-") as tmp:
        # Stored outputs are the course's own: a temporary workspace, and today's exam even
        # where an instructor's shell has chosen an exam variant.
        chosen = (
            "CRM_COURSE_WORKSPACE",
            "CRM_COURSE_EXAM_VARIANT",
            "CRM_COURSE_CLASS_DIR",
            "CRM_COURSE_EXAM_STATE",
            "COURSE_LANG",  # a translated notebook sets its language itself
        )
        saved = {name: os.environ.get(name) for name in chosen}
        os.environ["CRM_COURSE_WORKSPACE"] = tmp
        for name in chosen[1:]:
            os.environ.pop(name, None)
        try:
            NotebookClient(
                nb,
                timeout=timeout,
                kernel_name="python3",
                record_timing=False,
                resources={"metadata": {"path": str(path.parent)}},
            ).execute()
        finally:
            for name, value in saved.items():
                if value is None:
                    os.environ.pop(name, None)
                else:
                    os.environ[name] = value
    nb.metadata.pop("widgets", None)
    nbformat.write(nb, path)
    if paired:
        sync_pairs([path])
    return path


def main(argv=None) -> int:
    """``python -m course_lib.notebook_tools execute PATH...``: run and save notebooks."""
    import sys

    args = list(sys.argv[1:] if argv is None else argv)
    if not args or args[0] != "execute":
        print("usage: python -m course_lib.notebook_tools execute NOTEBOOK [NOTEBOOK ...]")
        return 2
    for name in args[1:]:
        print(f"executing {name}")
        execute(name)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
