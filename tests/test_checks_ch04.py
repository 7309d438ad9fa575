"""Chapter 4 checks: the solution passes, the placeholder is not attempted, typical mistakes
get their specific hint."""

import numpy as np
import pytest

from course_lib import service
from course_lib.checks import evaluate
from course_lib.checks.ch04 import confusion_example


@pytest.fixture(autouse=True)
def workspace(tmp_path, monkeypatch):
    monkeypatch.setenv("CRM_COURSE_WORKSPACE", str(tmp_path))


@pytest.fixture(scope="module")
def tickets():
    from course_lib import data

    return data.load_tickets()


@pytest.fixture(scope="module")
def followed(tickets):
    from course_lib import data

    return service.complaint_churn(tickets, data.load_orders(), horizon_days=180)


TASKS = ["ch04.answered_in_hour", "ch04.nps_from_scores", "ch04.late_churn_ratio",
         "ch04.agents_needed", "ch04.negative_recall", "ch04.root_cause"]


@pytest.mark.parametrize("task_id", TASKS)
def test_placeholder_is_not_attempted(task_id):
    assert evaluate(task_id, ...)[0] == "not attempted"


def _fails_with(task_id, answer, fragment):
    status, message = evaluate(task_id, answer)
    assert status == "fail", message
    assert fragment in message, message
    assert not message.startswith("✓")


# ------------------------------------------------------------------------ answered_in_hour
def test_answered_in_hour(tickets):
    wait = (tickets["first_response_at"] - tickets["opened_at"]).dt.total_seconds() / 3600
    right = (wait <= 1).mean()
    assert evaluate("ch04.answered_in_hour", right)[0] == "pass"
    _fails_with("ch04.answered_in_hour", right * 100, "percentage")
    _fails_with("ch04.answered_in_hour", 1 - right, "answered *late*")
    solve = (tickets["resolved_at"] - tickets["opened_at"]).dt.total_seconds() / 3600
    _fails_with("ch04.answered_in_hour", (solve <= 24).mean(), "solved within 24 hours")
    _fails_with("ch04.answered_in_hour", (wait <= 60).mean(), "compared with 60")
    if (wait < 1).mean() != right:
        _fails_with("ch04.answered_in_hour", (wait < 1).mean(), "`<= 1`, not `< 1`")
    _fails_with("ch04.answered_in_hour", "54%", "should be a number")


# ------------------------------------------------------------------------- nps_from_scores
def _nps(scores):
    scores = np.asarray(scores)
    return 100 * ((scores >= 9).mean() - (scores <= 6).mean())


def test_nps_from_scores():
    assert evaluate("ch04.nps_from_scores", _nps)[0] == "pass"
    assert evaluate("ch04.nps_from_scores", lambda s: service.nps(s))[0] == "pass"
    _fails_with("ch04.nps_from_scores", lambda s: _nps(s) / 100, "a fraction")
    _fails_with("ch04.nps_from_scores",
                lambda s: 100 * ((np.asarray(s) >= 8).mean() - (np.asarray(s) <= 6).mean()),
                "an 8 was counted as a promoter")
    _fails_with("ch04.nps_from_scores",
                lambda s: 100 * ((np.asarray(s) >= 9).mean() - (np.asarray(s) <= 7).mean()),
                "7s were counted as detractors")
    _fails_with("ch04.nps_from_scores", lambda s: 100 * (np.asarray(s) >= 9).mean(),
                "share of promoters alone")

    def without_passives(s):
        s = np.asarray(s)
        kept = s[(s >= 9) | (s <= 6)]
        return 100 * ((kept >= 9).mean() - (kept <= 6).mean())

    _fails_with("ch04.nps_from_scores", without_passives, "passives were left out")

    def positional(s):
        return 100 * sum((1 if s[i] >= 9 else -1 if s[i] <= 6 else 0) for i in range(len(s))) / len(s)

    _fails_with("ch04.nps_from_scores", positional, "raised KeyError")
    _fails_with("ch04.nps_from_scores", 10.0, "should be a function")

    def unfinished(scores):
        ...

    assert evaluate("ch04.nps_from_scores", unfinished)[0] == "not attempted"


# ------------------------------------------------------------------------ late_churn_ratio
def test_late_churn_ratio(tickets, followed):
    from course_lib import data

    ratio = service.late_churn_ratio(followed)
    assert evaluate("ch04.late_churn_ratio", ratio["ratio"])[0] == "pass"
    _fails_with("ch04.late_churn_ratio", 1 / ratio["ratio"], "put the late-answered group on top")
    _fails_with("ch04.late_churn_ratio", ratio["late_churn"] - ratio["on_time_churn"], "difference")
    short = service.late_churn_ratio(service.complaint_churn(tickets, data.load_orders(), horizon_days=90))
    _fails_with("ch04.late_churn_ratio", short["ratio"], "90-day window")


# --------------------------------------------------------------------------- agents_needed
def test_agents_needed():
    right = service.agents_needed(90, 8, target=1, service_level=0.9)
    assert evaluate("ch04.agents_needed", right)[0] == "pass"
    assert evaluate("ch04.agents_needed", float(right))[0] == "pass"
    _fails_with("ch04.agents_needed", 12, "cannot keep up with a load of 12 erlangs")
    _fails_with("ch04.agents_needed", service.agents_needed(90, 8, target=1, service_level=0.8), "90 %")
    _fails_with("ch04.agents_needed", service.agents_needed(90, 8, target=60, service_level=0.9),
                "60-minute target")
    _fails_with("ch04.agents_needed", right + 3, "find the *fewest*")
    _fails_with("ch04.agents_needed", 14.5, "not a whole number")


# -------------------------------------------------------------------------- negative_recall
def test_negative_recall():
    m = confusion_example()
    recall = m.loc["negative", "negative"] / m.loc["negative"].sum()
    assert evaluate("ch04.negative_recall", recall)[0] == "pass"
    _fails_with("ch04.negative_recall", m.loc["negative", "negative"] / m["negative"].sum(), "precision")
    _fails_with("ch04.negative_recall", np.trace(m.to_numpy()) / m.to_numpy().sum(), "accuracy")
    _fails_with("ch04.negative_recall", recall * 100, "percentage")


# ------------------------------------------------------------------------------ root_cause
def test_root_cause():
    right = {"R1": "service process", "R2": "customer needs", "R3": "staff training"}
    assert evaluate("ch04.root_cause", right)[0] == "pass"
    assert evaluate("ch04.root_cause", {"R1": "服务流程", "R2": "客户需求", "R3": " Staff Training "})[0] == "pass"
    _fails_with("ch04.root_cause", right | {"R2": "service process"}, "Look again at R2")
    _fails_with("ch04.root_cause", right | {"R1": "the courier"}, "R1: 'the courier' is not one of the three dimensions")
    _fails_with("ch04.root_cause", {"R1": "service process"}, "['R2', 'R3'] is missing")
    _fails_with("ch04.root_cause", ["service process"], "should be a dict")
    assert evaluate("ch04.root_cause", {"R1": ..., "R2": ..., "R3": ...})[0] == "not attempted"
