"""Chapter 7 checks: the solution passes, the placeholder is not attempted, typical mistakes
get their specific hint."""

import pandas as pd
import pytest

from course_lib import rfm, workbench
from course_lib.checks import evaluate
from course_lib.checks.ch07 import CRM_QUIZ, HEALTH_RULE
from course_lib.course import DATASETS

RULES = DATASETS / "rules"
TASKS = ["ch07.lookup", "ch07.longest_wait", "ch07.followup", "ch07.dormancy_rule",
         "ch07.contacts", "ch07.cost_per_extra", "ch07.crm_types"]

DORMANCY = {"name": "dormancy_wakeup", "trigger": {"type": "no_purchase", "days": 90, "max_days": 365},
            "audience": {"min_orders": 2}, "channel": "sms", "offer": "Bring a friend: buy one, get one free",
            "offer_value": 25, "frequency_cap_days": 30, "quiet_hours": [21, 9], "send_hour": 19,
            "priority": 50}


@pytest.fixture(autouse=True)
def workspace(tmp_path, monkeypatch):
    monkeypatch.setenv("CRM_COURSE_WORKSPACE", str(tmp_path))


@pytest.fixture
def store(tmp_path):
    return workbench.RecordStore(tmp_path / "exam.duckdb")


def _status(task_id, answer):
    return evaluate(task_id, answer)


@pytest.mark.parametrize("task_id", TASKS)
def test_placeholder_is_not_attempted(task_id, store):
    answer = (store, ...) if task_id == "ch07.followup" else ...
    assert _status(task_id, answer)[0] == "not attempted"


def test_lookup():
    assert _status("ch07.lookup", "C03004")[0] == "pass"
    assert _status("ch07.lookup", "c03004")[0] == "pass"
    status, message = _status("ch07.lookup", "C00261")
    assert status == "fail" and "same last four digits, another customer" in message
    assert "pseudonymised name" in _status("ch07.lookup", "杨*平")[1]
    assert "table of matches" in _status("ch07.lookup", workbench.find_customers("6420"))[1]
    assert "is not the customer with phone" in _status("ch07.lookup", "C00001")[1]


def test_longest_wait(store):
    view = workbench.customer_360("C03004", store=store)
    longest = view.tickets["response_hours"].max()
    assert _status("ch07.longest_wait", longest)[0] == "pass"
    status, message = _status("ch07.longest_wait", view.tickets["resolution_hours"].max())
    assert status == "fail" and "until the ticket was resolved" in message
    assert "minutes" in _status("ch07.longest_wait", longest * 60)[1]
    assert "shortest wait" in _status("ch07.longest_wait", view.tickets["response_hours"].min())[1]
    assert "should be a number" in _status("ch07.longest_wait", "ten hours")[1]


def test_followup(store):
    record = store.log_followup("C03004", channel="phone", outcome="reached", date="2025-01-01",
                                note="Apologised for the wait; replacement sent, she will confirm the fit",
                                next_date="2025-01-06")
    assert _status("ch07.followup", (store, record))[0] == "pass"
    assert "pass the store and the record id together" in _status("ch07.followup", record)[1]


def test_followup_mistakes(tmp_path):
    empty = workbench.RecordStore(tmp_path / "empty.duckdb")
    assert "holds no follow-up of C03004" in _status("ch07.followup", (empty, 1))[1]
    short = workbench.RecordStore(tmp_path / "short.duckdb")
    record = short.log_followup("C03004", channel="phone", outcome="reached", note="called", next_date="2025-01-03")
    assert "too short" in _status("ch07.followup", (short, record))[1]
    undated = workbench.RecordStore(tmp_path / "undated.duckdb")
    record = undated.log_followup("C03004", channel="phone", outcome="reached",
                                  note="Apologised and agreed a replacement for the shirt")
    assert "no next contact date" in _status("ch07.followup", (undated, record))[1]
    late = workbench.RecordStore(tmp_path / "late.duckdb")
    record = late.log_followup("C03004", channel="phone", outcome="reached", next_date="2025-02-01",
                               note="Apologised and agreed a replacement for the shirt")
    assert "more than a week away" in _status("ch07.followup", (late, record))[1]
    assert "number `log_followup` returned" in _status("ch07.followup", (late, 99))[1]


@pytest.mark.parametrize("change, message", [
    ({"trigger": {"type": "no_purchase", "days": 30}}, "three months, 90 days"),
    ({"trigger": {"type": "birthday_month"}}, "`no_purchase`"),
    ({"audience": {}}, "one-time buyers"),
    ({"frequency_cap_days": 0}, "without a frequency cap"),
    ({"quiet_hours": None}, "no quiet hours"),
    ({"quiet_hours": [23, 6]}, "leave part of the night open"),
    ({"offer_value": 0}, "`offer_value` is 0"),
    ({"channel": "telegram"}, "the rule is refused: rule 1 \\('dormancy_wakeup'\\): `channel` must be one of"),
])
def test_dormancy_rule_mistakes(change, message):
    assert _status("ch07.dormancy_rule", DORMANCY)[0] == "pass"
    rule = {k: v for k, v in {**DORMANCY, **change}.items() if v is not None}
    status, text = _status("ch07.dormancy_rule", rule)
    assert status == "fail"
    assert pd.Series([text]).str.contains(message).all(), text


def test_contacts():
    calendar = workbench.load_rules(RULES / "care_calendar.yaml")
    wakeup = workbench.load_rules(RULES / "dormancy_wakeup.yaml")
    right = workbench.evaluate_rules(calendar + wakeup + [HEALTH_RULE], day="2024-11-15")
    assert _status("ch07.contacts", right)[0] == "pass"
    separate = pd.concat([workbench.evaluate_rules(calendar + wakeup, day="2024-11-15"),
                          workbench.evaluate_rules([HEALTH_RULE], day="2024-11-15")])
    assert "appear twice" in _status("ch07.contacts", separate)[1]
    no_health = workbench.evaluate_rules(calendar + wakeup, day="2024-11-15")
    assert "add `health_rule`" in _status("ch07.contacts", no_health)[1]
    no_calendar = workbench.evaluate_rules(wakeup + [HEALTH_RULE], day="2024-11-15")
    assert "include the care calendar too" in _status("ch07.contacts", no_calendar)[1]
    no_wakeup = workbench.evaluate_rules(calendar + [HEALTH_RULE], day="2024-11-15")
    assert "include the dormancy wake-up set" in _status("ch07.contacts", no_wakeup)[1]
    low = workbench.evaluate_rules(calendar + wakeup + [{**HEALTH_RULE, "priority": 10}], day="2024-11-15")
    assert "priorities decide" in _status("ch07.contacts", low)[1]
    other_day = workbench.evaluate_rules(calendar + wakeup + [HEALTH_RULE], day="2024-10-15")
    assert "check the day" in _status("ch07.contacts", other_day)[1]
    assert "columns ['reason'] are missing" in _status("ch07.contacts", right.drop(columns="reason"))[1]


def test_cost_per_extra():
    table = rfm.offer_results(workbench.reference_campaign(), contact_cost=0.5, offer_cost=25.0)
    assert _status("ch07.cost_per_extra", table.loc["uplift", "cost"])[0] == "pass"
    treated = table.loc["treatment"]
    naive = treated["cost"] / (treated["reactivation"] * treated["contacts"])
    status, message = _status("ch07.cost_per_extra", naive)
    assert status == "fail" and "would have come back anyway" in message
    assert "total cost" in _status("ch07.cost_per_extra", treated["cost"])[1]
    assert "cost per contact" in _status("ch07.cost_per_extra", treated["cost"] / treated["contacts"])[1]


def test_crm_types():
    assert _status("ch07.crm_types", dict(CRM_QUIZ))[0] == "pass"
    swapped = {**CRM_QUIZ, 3: "operational", 5: "collaborative"}
    status, message = _status("ch07.crm_types", swapped)
    assert status == "fail" and "2 of 6 are not right yet: statement(s) [3, 5]" in message
    assert "operational" not in message.split("statement(s)")[1].split(".")[0]
    assert "answer every statement 1–6" in _status("ch07.crm_types", {1: "operational"})[1]
    assert "is not one of the three types" in _status("ch07.crm_types", {**CRM_QUIZ, 2: "strategic"})[1]
    assert _status("ch07.crm_types", {**CRM_QUIZ, 4: ...})[0] == "not attempted"
