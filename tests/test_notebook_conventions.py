"""Every chapter and exercise notebook follows the course's conventions (DESIGN.md §4–5)."""

import re

import nbformat
import pytest

from course_lib.checks import tasks
from course_lib.course import CHAPTERS, ROOT
from course_lib.notebook_tools import CHECK_CALL

CHAPTER_NOTEBOOKS = [
    ROOT / "notebooks" / ch.notebook for ch in CHAPTERS if (ROOT / "notebooks" / ch.notebook).exists()
]
SOLUTIONS = sorted((ROOT / "solutions").glob("*.ipynb"))
SOURCE_ANCHORS = set(
    re.findall(r"^## ([\w-]+)$", (ROOT / "docs" / "sources.md").read_text(encoding="utf-8"), re.M)
)


def _read(path):
    return nbformat.read(path, as_version=4)


def _ids(paths):
    return [p.name for p in paths]


def test_every_chapter_has_a_notebook():
    assert [p.name for p in CHAPTER_NOTEBOOKS] == [ch.notebook for ch in CHAPTERS]


@pytest.mark.parametrize("path", CHAPTER_NOTEBOOKS, ids=_ids(CHAPTER_NOTEBOOKS))
def test_cells_carry_slide_metadata_and_stored_outputs(path):
    nb = _read(path)
    for index, cell in enumerate(nb.cells):
        assert "slide_type" in cell.metadata.get("slideshow", {}), f"cell {index} has no slide type"
        if cell.cell_type == "code" and cell.source.strip():
            assert cell.execution_count is not None, f"cell {index} was never executed"
            assert not any(o.get("output_type") == "error" for o in cell.outputs), (
                f"cell {index} stored an error"
            )
    tags = [cell.metadata.get("tags", []) for cell in nb.cells]
    assert "header" in tags[0] and "footer" in tags[-1]


@pytest.mark.parametrize("path", CHAPTER_NOTEBOOKS[1:], ids=_ids(CHAPTER_NOTEBOOKS[1:]))
def test_chapter_has_objectives_key_points_and_questionnaire(path):
    text = "\n".join(c.source for c in _read(path).cells if c.cell_type == "markdown")
    for heading in ("## Learning objectives ｜", "## Key points ｜", "## Check your understanding ｜"):
        assert heading in text, heading
    assert "<details>" in text, "suggested answers are folded in <details>"
    assert "../exercises/" in text, "the chapter points to its exercise notebook"


@pytest.mark.parametrize("path", CHAPTER_NOTEBOOKS + SOLUTIONS, ids=_ids(CHAPTER_NOTEBOOKS + SOLUTIONS))
def test_widgets_are_tagged_and_sources_exist(path):
    nb = _read(path)
    for index, cell in enumerate(nb.cells):
        if cell.cell_type == "code" and re.search(r"\bwidgets\.\w+\.\w+\(", cell.source):
            tags = cell.metadata.get("tags", [])
            assert "nbval-ignore-output" in tags and "try-it" in tags, f"cell {index}: widget cell tags"
        for anchor in re.findall(r"sources\.md#([\w-]+)", cell.source):
            assert anchor in SOURCE_ANCHORS, f"cell {index} links to missing anchor #{anchor}"
        assert not re.search(r"\bTODO\b|lorem ipsum", cell.source, re.I)


def _checked(path) -> set[str]:
    return {
        tid
        for cell in _read(path).cells
        if cell.cell_type == "code"
        for tid in CHECK_CALL.findall(cell.source)
    }


@pytest.mark.parametrize("path", SOLUTIONS, ids=_ids(SOLUTIONS))
def test_solution_checks_are_registered_and_every_task_is_used(path):
    """Each exercise notebook grades at least three tasks; a chapter may split its tasks over
    several notebooks (chapter 6 has the capstone apart), but together they use every task
    registered for the chapter, and each chapter after the warm-up grades at least five."""
    used = _checked(path)
    chapter = path.name.split("_")[0]
    registered = {t.id for t in tasks(chapter)}
    in_chapter = set().union(*(_checked(p) for p in SOLUTIONS if p.name.split("_")[0] == chapter))
    assert len(used) >= 3, f"{path.name} has {len(used)} graded tasks"
    assert len(in_chapter) >= (3 if chapter == "ch00" else 5), f"{chapter} grades {len(in_chapter)} tasks"
    assert used <= registered, f"unregistered: {sorted(used - registered)}"
    assert registered <= in_chapter, f"registered but never checked: {sorted(registered - in_chapter)}"


@pytest.mark.parametrize("path", SOLUTIONS, ids=_ids(SOLUTIONS))
def test_every_stored_check_in_a_solution_passes(path):
    for cell in _read(path).cells:
        if cell.cell_type == "code" and CHECK_CALL.search(cell.source):
            text = "".join(o.get("text", "") for o in cell.outputs if o.get("output_type") == "stream")
            assert text.strip(), f"check cell without output: {cell.source[:60]}"
            assert "✗" not in text and "✓" in text, text
