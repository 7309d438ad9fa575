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
    assert "Hint 2/2" in second and "last hint" in second and "solution(" in second
    assert "No more hints" in third and "solution('ch99.double')" in third
    assert "answer = 2 * x" not in third, "hint() never gives the solution away unasked"
    checks.solution("ch99.double")
    worked = capsys.readouterr().out
    assert "Worked solution" in worked and "solutions/ch99_test.ipynb" in worked
    assert worked.rstrip().endswith('answer = 2 * x\ncheck("ch99.double", answer)')
    assert "# SOLUTION" not in worked


@pytest.mark.parametrize(
    "found, expected, decimals, ok",
    [
        (10.0, 10.05, 1, True),
        (10.1, 10.05, 1, True),
        (10.05, 10.05, 1, True),
        (10.2, 10.05, 1, False),
        (49, 48.7, 0, True),
        (48, 48.7, 0, False),
        (0.21, 0.2071, 2, True),
        (0.2, 0.2071, 2, False),
        (31500, 31524.2, -2, True),
        (31400, 31524.2, -2, False),
    ],
)
def test_one_tolerance_policy(found, expected, decimals, ok):
    assert checks.to_precision(found, expected, decimals) is ok


def test_require_precision_says_close_but_off_without_the_answer():
    assert checks.require_precision(10.0, 10.05, name="wait", decimals=1) == 10.0
    with pytest.raises(Wrong, match="close, but not right to 1 decimal") as error:
        checks.require_precision(10.3, 10.05, name="wait", decimals=1)
    assert "10.05" not in str(error.value)
    with pytest.raises(Wrong, match="not right to the nearest whole number"):
        checks.require_precision(90, 49.0, name="cost", decimals=0)


def test_text_is_measured_in_words_and_chinese_characters():
    note = (
        "已向客户致歉,说明10小时未回复的原因;换货已寄出,预计周五送达;约定周五下午电话回访确认尺码是否合适。"
    )
    assert checks.text_units(note) >= 40
    assert not checks.looks_like_filler(note)
    assert checks.looks_like_filler("aaaa bbbb cccc dddd eeee ffff gggg hhhh")
    assert checks.looks_like_filler("test test test test")
    assert checks.looks_like_filler("好好好好好好")
