"""Chapter 3 checks: the solution passes, the placeholder is not attempted, typical mistakes
get their specific hint."""

import numpy as np
import pandas as pd
import pytest

from course_lib import checks, experiments, journey
from course_lib.checks import ch03, evaluate

TASKS = ["ch03.journey_count", "ch03.stage_satisfaction", "ch03.problem_touchpoints",
         "ch03.last_touch", "ch03.usual_gap", "ch03.response_by_channel",
         "ch03.timing_p_value", "ch03.sample_size"]


@pytest.fixture(autouse=True)
def workspace(tmp_path, monkeypatch):
    monkeypatch.setenv("CRM_COURSE_WORKSPACE", str(tmp_path))


@pytest.fixture(scope="module")
def touchpoints():
    from course_lib import data

    return data.load_touchpoints()


@pytest.fixture(scope="module")
def journeys(touchpoints):
    return journey.build_journeys(touchpoints)


@pytest.fixture(scope="module")
def followups():
    from course_lib import data

    return data.load_followups()


@pytest.fixture(scope="module")
def contacts():
    return ch03.timing_contacts()


def _passes(task_id, answer):
    status, message = evaluate(task_id, answer)
    assert status == "pass", message


def _fails_with(task_id, answer, text):
    status, message = evaluate(task_id, answer)
    assert status == "fail", message
    assert text in message, message
    assert "correct" not in message


@pytest.mark.parametrize("task_id", TASKS)
def test_placeholder_is_not_attempted(task_id):
    assert evaluate(task_id, ...)[0] == "not attempted"


@pytest.mark.parametrize("task_id", TASKS)
def test_wrong_kind_of_answer_fails_without_raising(task_id):
    status, message = evaluate(task_id, object())
    assert status == "fail" and message.startswith("✗")


def test_journey_count(touchpoints, journeys):
    _passes("ch03.journey_count", journeys["converted"].mean())
    _fails_with("ch03.journey_count", touchpoints["converted"].mean(), "touchpoint *rows*")
    _fails_with("ch03.journey_count", journeys["converted"].mean() * 100, "percentage")
    _fails_with("ch03.journey_count", int(journeys["converted"].sum()), "a count, not a rate")


def test_stage_satisfaction(touchpoints):
    _passes("ch03.stage_satisfaction", touchpoints.groupby("stage")["satisfaction"].mean())
    _fails_with("ch03.stage_satisfaction",
                touchpoints.assign(satisfaction=touchpoints["satisfaction"].fillna(0))
                .groupby("stage")["satisfaction"].mean(), "counted as 0")
    _fails_with("ch03.stage_satisfaction", touchpoints.groupby("channel")["satisfaction"].mean(),
                "the index should be the")


def test_problem_touchpoints(touchpoints):
    thermo = journey.thermometer(touchpoints)
    expected = journey.problem_touchpoints(thermo)
    assert 1 <= len(expected) <= 4
    _passes("ch03.problem_touchpoints", expected)
    _passes("ch03.problem_touchpoints", list(reversed(expected)))
    _fails_with("ch03.problem_touchpoints", expected[0], "one name as text")
    _fails_with("ch03.problem_touchpoints", ["checkout_page"], "are not touchpoints")
    _fails_with("ch03.problem_touchpoints", journey.thermometer_summary(thermo), "you gave a table")
    healthy = [s for s in journey.STAGES if s not in expected]
    _fails_with("ch03.problem_touchpoints", expected + healthy[:1], "is flagged in only")
    if len(expected) > 1:
        _fails_with("ch03.problem_touchpoints", expected[:1], f"1 of the {len(expected)}")


def test_last_touch(journeys):
    won = journeys[journeys["converted"]]
    _passes("ch03.last_touch", won["path"].str[-1].value_counts(normalize=True))
    _fails_with("ch03.last_touch", won["path"].str[-1].value_counts(), "counts of conversions")
    _fails_with("ch03.last_touch", won["path"].str[0].value_counts(normalize=True), "*first* channel")
    _fails_with("ch03.last_touch", journeys["path"].str[-1].value_counts(normalize=True),
                "last channel of *every* journey")


def _gap_median(order_dates):
    days = pd.Series(sorted(set(pd.to_datetime(order_dates).normalize())))
    return days.diff().dt.days.median()


def test_usual_gap():
    _passes("ch03.usual_gap", _gap_median)

    def mean_gap(order_dates):
        days = pd.Series(sorted(set(pd.to_datetime(order_dates).normalize())))
        return days.diff().dt.days.mean()

    def keeps_duplicates(order_dates):
        return pd.Series(sorted(pd.to_datetime(order_dates))).diff().dt.days.median()

    def unsorted(order_dates):
        return pd.Series(pd.to_datetime(order_dates)).drop_duplicates().diff().dt.days.median()

    def stub(order_dates):
        ...

    _fails_with("ch03.usual_gap", mean_gap, "use the median, not the mean")
    _fails_with("ch03.usual_gap", keeps_duplicates, "drop repeated days")
    _fails_with("ch03.usual_gap", unsorted, "sort them first")
    def zero_for_one_day(order_dates):
        gap = _gap_median(order_dates)
        return 0.0 if np.isnan(gap) else gap

    _fails_with("ch03.usual_gap", zero_for_one_day, "return NaN")
    assert evaluate("ch03.usual_gap", stub)[0] == "not attempted"


def test_response_by_channel(followups):
    grouped = followups.groupby("channel")["responded"]
    _passes("ch03.response_by_channel", grouped.mean())
    _fails_with("ch03.response_by_channel", grouped.sum(), "numbers of responses")
    _fails_with("ch03.response_by_channel", grouped.sum() / grouped.sum().sum(), "share of all responses")
    _fails_with("ch03.response_by_channel", grouped.mean() * 100, "percentages")
    _fails_with("ch03.response_by_channel", followups.groupby("purpose")["responded"].mean(),
                "the index should be the")


def test_timing_p_value(contacts):
    assert set(contacts["slot"]) == {"morning", "evening"}
    result = experiments.compare_groups(contacts, group="slot", outcome="converted", a="morning", b="evening")
    _passes("ch03.timing_p_value", result.p_value)
    _fails_with("ch03.timing_p_value", result.p_value / 2, "one-sided")
    replies = experiments.compare_groups(contacts, group="slot", outcome="responded", a="morning", b="evening")
    if abs(replies.p_value - result.p_value) > 1e-3:
        _fails_with("ch03.timing_p_value", replies.p_value, "tests replies")
    _fails_with("ch03.timing_p_value", 3.2, "between 0 and 1")


def test_sample_size(contacts):
    morning = contacts.loc[contacts["slot"] == "morning", "converted"].mean()
    evening = contacts.loc[contacts["slot"] == "evening", "converted"].mean()
    n = experiments.sample_size(morning, mde=0.01)
    _passes("ch03.sample_size", n)
    _fails_with("ch03.sample_size", 2 * n, "*per group*")
    if experiments.sample_size(evening, mde=0.01) != n:
        _fails_with("ch03.sample_size", experiments.sample_size(evening, mde=0.01), "evening rate")
    _fails_with("ch03.sample_size", experiments.sample_size(morning, mde=morning * 0.01), "1 % of the baseline")
    _fails_with("ch03.sample_size", n + 7, "is not what `sample_size` gives")


def test_hints_never_run_out_and_solutions_exist():
    from course_lib.checks import tasks

    for found in tasks("ch03"):
        assert len(found.hints) >= 2, found.id
        assert checks.solution_text(found.id), found.id
    assert sorted(t.id for t in tasks("ch03")) == sorted(TASKS)
    assert np.isfinite(ch03.TIMING_BASELINE_MDE)
