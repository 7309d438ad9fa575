"""Solution → exercise conversion and navigation lines."""

import nbformat
import pytest

from course_lib.course import CHAPTERS
from course_lib.notebook_tools import (
    BuildError,
    apply_navigation,
    header_markdown,
    make_exercise,
    navigation_line,
    solution_code,
    strip_code,
    strip_markdown,
)

code, md = nbformat.v4.new_code_cell, nbformat.v4.new_markdown_cell


def test_block_markers_keep_indentation_and_surrounding_lines():
    source = 'def tier(x):\n    """Doc."""\n    # BEGIN SOLUTION\n    y = x * 2\n    return y\n    # END SOLUTION\n\ncheck("ch02.t", tier)'
    assert strip_code(source, "c") == 'def tier(x):\n    """Doc."""\n    ...\n\ncheck("ch02.t", tier)'


def test_one_line_marker_keeps_the_name():
    assert strip_code("rfm = rfm_table(orders)  # SOLUTION", "c") == "rfm = ..."
    assert strip_code("    share = top.sum() / total # SOLUTION", "c") == "    share = ..."


@pytest.mark.parametrize(
    "source, message",
    [
        ("# BEGIN SOLUTION\nx = 1", "never closed"),
        ("x = 1\n# END SOLUTION", "never opened"),
        ("# BEGIN SOLUTION\n# BEGIN SOLUTION\n# END SOLUTION", "inside another"),
        ("print(1)  # SOLUTION", "not an assignment"),
    ],
)
def test_unbalanced_or_malformed_markers_fail_the_build(source, message):
    with pytest.raises(BuildError, match=message):
        strip_code(source, "solutions/ch99.ipynb, cell 3")


def test_markdown_answers_are_replaced_and_must_balance():
    text = "Why?\n<!-- BEGIN ANSWER -->\nBecause.\n<!-- END ANSWER -->"
    assert "Because" not in strip_markdown(text, "c")
    with pytest.raises(BuildError, match="BEGIN ANSWER"):
        strip_markdown("<!-- BEGIN ANSWER -->", "c")


def test_plain_exercise_cells_are_cleared():
    nb = nbformat.v4.new_notebook()
    cell = code("x = 1  # SOLUTION")
    cell.outputs = [nbformat.v4.new_output("stream", name="stdout", text="1\n")]
    cell.execution_count = 5
    cell.metadata["execution"] = {"iopub.execute_input": "2026-01-01T00:00:00Z"}
    nb.cells = [cell]
    out = make_exercise(nb).cells[0]
    assert out.outputs == [] and out.execution_count is None
    assert "execution" not in out.metadata, "run timestamps must not reach trainees' files"


def test_exercise_has_no_outputs_and_check_cells_expect_not_attempted():
    nb = nbformat.v4.new_notebook()
    cell = code('answer = 42  # SOLUTION\ncheck("ch99.double", answer)')
    cell.outputs = [nbformat.v4.new_output("stream", name="stdout", text="✓ ch99.double\n")]
    cell.execution_count = 3
    nb.cells = [md("# Ex"), cell]
    exercise = make_exercise(nb)
    out = exercise.cells[1]
    assert out.source.startswith("answer = ...")
    assert out.execution_count == 2, "nbval compares a check cell only when it has a count"
    assert exercise.cells[0].cell_type == "markdown"
    assert "nbval-check-output" in out.metadata["tags"]
    assert "not attempted yet" in out.outputs[0]["text"]
    assert nb.cells[1].source.startswith("answer = 42"), "the solution must not change"


def test_navigation_links_neighbours_with_bare_file_names():
    line = navigation_line(CHAPTERS[2])
    assert f"({CHAPTERS[1].notebook})" in line and f"({CHAPTERS[3].notebook})" in line
    assert "(00_welcome.ipynb)" in line and "/" not in line.replace("](", "")
    assert navigation_line(CHAPTERS[0]).startswith("[Course map")
    assert navigation_line(CHAPTERS[-1]).endswith(")")


def test_header_names_chapter_in_both_languages_with_time():
    header = header_markdown(CHAPTERS[2])
    assert header.startswith("# 2 · Customer Data Analysis and Insight ｜ 第二章")
    assert "Time 时长" in header and "min" in header


def test_solution_code_is_the_cell_without_its_markers():
    source = (
        '# BEGIN SOLUTION\nbuyers = orders["customer_id"].unique()\n# END SOLUTION\n'
        'never_bought = len(buyers)  # SOLUTION\ncheck("ch99.t", never_bought)'
    )
    assert solution_code(source) == (
        'buyers = orders["customer_id"].unique()\nnever_bought = len(buyers)\ncheck("ch99.t", never_bought)'
    )
    assert strip_code(source, "c") == 'never_bought = ...\ncheck("ch99.t", never_bought)'.replace(
        "never_bought = ...", "...\nnever_bought = ..."
    )


def test_navigation_adds_header_and_footer_to_a_new_chapter_notebook():
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("## 2.1 Body")])
    assert apply_navigation(nb, CHAPTERS[2])
    assert nb.cells[0].metadata["tags"] == ["header"] and nb.cells[-1].metadata["tags"] == ["footer"]
    assert nb.cells[0].metadata["slideshow"]["slide_type"] == "slide"
    assert not apply_navigation(nb, CHAPTERS[2]), "a second pass changes nothing"
