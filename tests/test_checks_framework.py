"""The exercise-check framework: three outcomes, never raises, records progress."""

import json

import pytest

from course_lib import checks
from course_lib.checks import Wrong, evaluate, task


@task("ch99.double", "double a number", hints=["Multiply by two.", "Use `* 2`."])
def _double(answer):
    if not isinstance(answer, (int, float)):
        raise Wrong(f"the answer should be a number; you gave a {type(answer).__name__}.")
    if answer != 42:
        raise Wrong("that is not twice 21: did you add instead of multiply?")


@pytest.fixture(autouse=True)
def workspace(tmp_path, monkeypatch):
    monkeypatch.setenv("CRM_COURSE_WORKSPACE", str(tmp_path))
    return tmp_path


def test_right_answer_passes():
    status, message = evaluate("ch99.double", 42)
    assert status == "pass" and message.startswith("✓")


def test_placeholder_is_not_attempted():
    status, message = evaluate("ch99.double", ...)
    assert status == "not attempted"
    assert "not attempted yet" in message and message.startswith("✗")


def test_wrong_answer_gets_its_specific_hint_without_praise():
    status, message = evaluate("ch99.double", 43)
    assert status == "fail"
    assert "add instead of multiply" in message
    assert "42" not in message
    assert not any(word in message.lower() for word in ("great", "well done", "correct"))


@pytest.mark.parametrize("answer", [object(), "text", float("nan"), [1, 2], {"a": 1}])
def test_check_never_raises(answer, capsys):
    checks.check("ch99.double", answer)
    assert capsys.readouterr().out.startswith("✗")


def test_answer_that_raises_inside_validator_is_reported():
    class Exploding:
        def __ne__(self, other):
            raise RuntimeError("boom")

    status, message = evaluate("ch99.double", 3.5)
    assert status == "fail"
    status, message = evaluate("ch99.double", Exploding())
    assert status == "fail" and "should be a number" in message


def test_unknown_task_id_is_named(capsys):
    checks.check("ch99.nope", 1)
    out = capsys.readouterr().out
    assert out.startswith("✗") and "'ch99.nope'" in out


def test_results_are_recorded_and_a_pass_is_kept(workspace, capsys):
    checks.check("ch99.double", 42)
    checks.check("ch99.double", 1)
    record = json.loads((workspace / "progress.json").read_text())["ch99.double"]
    assert record["status"] == "pass"
    assert record["last_attempt"] == "fail"


def test_stepped_hints_then_solution(capsys, monkeypatch):
    cell = 'answer = 2 * x  # SOLUTION\ncheck("ch99.double", answer)'
    monkeypatch.setattr(checks, "_solution_cells", lambda: {"ch99.double": ("ch99_test.ipynb", cell)})
    checks.hint("ch99.double")
    first = capsys.readouterr().out
    checks.hint("ch99.double", 2)
    second = capsys.readouterr().out
    checks.hint("ch99.double", 3)
    third = capsys.readouterr().out
    assert "Hint 1/2" in first and "Multiply by two" in first
    assert "Hint 2/2" in second and "solution(" in second
    assert "Worked solution" in third and "solutions/ch99_test.ipynb" in third
    assert third.rstrip().endswith('answer = 2 * x\ncheck("ch99.double", answer)')
    assert "# SOLUTION" not in third
