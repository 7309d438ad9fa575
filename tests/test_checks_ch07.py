"""Chapter 7 checks: the solution passes, the placeholder is not attempted, answers written
another way pass, and the mistakes trainees really make — computed on the shipped data — get
a message that names that mistake."""

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from check_answers import fails_with, has_cjk, passes

from course_lib import data, rfm, workbench
from course_lib.checks import evaluate, solution_text
from course_lib.checks.ch07 import (
    CRM_QUIZ,
    DEFAULT_VARIANT,
    EXAM_VARIANT_ENV,
    HEALTH_RULE,
    ExamVariant,
    ExamVariantError,
    exam_variant,
    exam_variant_table,
    exam_variants,
)
from course_lib.course import DATASETS

pytestmark = pytest.mark.usefixtures("workspace")

RULES = DATASETS / "rules"
DAY = "2024-11-15"
TASKS = [
    "ch07.lookup",
    "ch07.longest_wait",
    "ch07.followup",
    "ch07.dormancy_rule",
    "ch07.contacts",
    "ch07.cost_per_extra",
    "ch07.crm_types",
    "ch07.dormancy_threshold",
]

DORMANCY = {
    "name": "dormancy_wakeup",
    "trigger": {"type": "no_purchase", "days": 90, "max_days": 365},
    "audience": {"min_orders": 2},
    "channel": "sms",
    "offer": "Bring a friend: buy one, get one free",
    "offer_value": 25,
    "frequency_cap_days": 30,
    "quiet_hours": [21, 9],
    "send_hour": 19,
    "priority": 50,
}
NOTE = "Apologised for the 10-hour wait on T01381; replacement shirt sent, she will confirm the fit"
#: 68 Chinese characters (with punctuation): what a Chinese-speaking agent writes.
NOTE_ZH = (
    "已致电杨女士,为T01381工单等待十个小时才得到回复的情况诚恳道歉;开线的衬衫已安排补发新的一件,"
    "预计三天内送达,到货后我会再打电话确认尺码和质量,她表示满意。"
)


@pytest.fixture
def store(tmp_path):
    return workbench.RecordStore(tmp_path / "exam.sqlite")


@pytest.fixture(scope="module")
def view(tmp_path_factory):
    store = workbench.RecordStore(tmp_path_factory.mktemp("view") / "view.sqlite")
    return workbench.customer_360("177****6420", store=store)


@pytest.fixture(scope="module")
def campaign():
    return workbench.reference_campaign()


@pytest.fixture(scope="module")
def rule_sets():
    return workbench.load_rules(RULES / "care_calendar.yaml"), workbench.load_rules(
        RULES / "dormancy_wakeup.yaml"
    )


def _status(task_id, answer):
    return evaluate(task_id, answer)


@pytest.mark.parametrize("task_id", TASKS)
def test_placeholder_is_not_attempted(task_id, store):
    answer = (store, ...) if task_id == "ch07.followup" else ...
    assert _status(task_id, answer)[0] == "not attempted"


@pytest.mark.parametrize("task_id", TASKS)
def test_every_task_has_a_worked_solution(task_id):
    assert solution_text(task_id)


# ------------------------------------------------------------------------------ 7.1
def test_lookup_right_answers_written_differently():
    for answer in (
        "C03004",
        "c03004",
        " C03004 ",
        workbench.resolve_customer("177****6420"),
        workbench.find_customers("177****6420")["customer_id"].iloc[0],
        np.str_("C03004"),
    ):
        assert _status("ch07.lookup", answer)[0] == "pass", answer


def test_lookup_mistakes():
    both = workbench.find_customers("6420")  # two customers share the last four digits
    other = both.loc[both["customer_id"] != "C03004", "customer_id"].iloc[0]
    fails_with("ch07.lookup", other, "same last four digits, another customer")
    fails_with("ch07.lookup", both, "table of matches")
    fails_with("ch07.lookup", both["customer_id"], "store the one customer id")
    fails_with("ch07.lookup", "杨*平", "pseudonymised name")
    fails_with("ch07.lookup", "177****6420", "that is her phone number")
    fails_with("ch07.lookup", "6420", "the end of a phone number")
    fails_with("ch07.lookup", "C00001", "not the one with phone 177****6420")
    fails_with("ch07.lookup", "C99999", "is not a customer id of the CRM")
    fails_with("ch07.lookup", "", "customer_id is empty text")


def test_lookup_of_the_360_view_says_to_take_its_id(view):
    fails_with("ch07.lookup", view, "her whole 360 view")


# ------------------------------------------------------------------------------ 7.2
def test_longest_wait_right_answers_written_differently(view):
    tickets = data.load_tickets()
    hers = tickets[tickets["customer_id"] == "C03004"]
    waits = (hers["first_response_at"] - hers["opened_at"]).dt.total_seconds() / 3600
    for answer in (
        view.tickets["response_hours"].max(),
        waits.max(),
        round(waits.max(), 1),
        10.0,
        10,
        10.05,
        float(np.float32(waits.max())),
        int(view.tickets["response_hours"].max()),
    ):
        assert _status("ch07.longest_wait", answer)[0] == "pass", answer


def test_longest_wait_mistakes(view):
    tickets = data.load_tickets()
    hers = tickets[tickets["customer_id"] == "C03004"]
    span = hers["first_response_at"] - hers["opened_at"]
    waits = span.dt.total_seconds() / 3600
    everyone = (tickets["first_response_at"] - tickets["opened_at"]).dt.total_seconds() / 3600
    fails_with("ch07.longest_wait", view.tickets["resolution_hours"].max(), "until the ticket was resolved")
    fails_with("ch07.longest_wait", span.max().total_seconds() / 60, "minutes")
    fails_with("ch07.longest_wait", span.max().total_seconds(), "seconds")
    fails_with("ch07.longest_wait", span.max() / pd.Timedelta(days=1), "days")
    fails_with("ch07.longest_wait", view.tickets["response_hours"].min(), "shortest wait")
    fails_with("ch07.longest_wait", waits.mean(), "mean wait")
    fails_with("ch07.longest_wait", waits.sum(), "sum of her waits")
    fails_with("ch07.longest_wait", waits.max() - 1, "beyond the 1-hour promise")
    fails_with("ch07.longest_wait", everyone.max(), "longest wait of any customer")
    fails_with("ch07.longest_wait", span.max(), "Timedelta")
    fails_with("ch07.longest_wait", view.tickets["response_hours"], "give one number")
    fails_with("ch07.longest_wait", "T01381", "that is a ticket id")
    fails_with("ch07.longest_wait", "ten hours", "should be a number")


def test_longest_wait_off_by_more_than_the_stated_precision_is_close_but_not_right():
    message = fails_with("ch07.longest_wait", 10.2, "is close, but not right to 1 decimal")
    assert "10.03" not in message and "10.0 " not in message


# ------------------------------------------------------------------------------ 7.3
def _log(store, **changes):
    fields = {"channel": "phone", "outcome": "reached", "note": NOTE, "next_date": "2025-01-06"}
    fields.update(changes)
    customer = fields.pop("customer", "C03004")
    return store.log_followup(customer, **fields)


def test_followup_right_answers_written_differently(store):
    record = _log(store)
    assert _status("ch07.followup", (store, record))[0] == "pass"
    chinese = _log(store, note=NOTE_ZH, channel="wechat", next_date="2025-01-04")
    assert len(NOTE_ZH) >= 60
    status, message = _status("ch07.followup", [store, np.int64(chinese)])
    assert status == "pass" and "instructor's rubric" in message
    dated = _log(
        store,
        date="2025-01-01",
        outcome="callback_requested",
        next_date=pd.Timestamp("2025-01-08"),
        note="Said sorry for the slow reply. A new shirt is on its way; I'll call her once it arrives.",
    )
    assert _status("ch07.followup", (store, dated))[0] == "pass"
    for note in (
        "已回电致歉,换货已寄出,收到后再联系她",
        "Sent her a new shirt; I will phone her on Monday to hear how it fits",
        "Sorry said. Replacement shipped by courier, we speak again when it arrives (T01381)",
    ):
        assert _status("ch07.followup", (store, _log(store, note=note)))[0] == "pass", note


def test_followup_note_mistakes(store):
    fails_with(
        "ch07.followup",
        (store, _log(store, note="aaaa bbbb cccc dddd eeee ffff gggg hhhh")),
        "says nothing a colleague could use",
    )
    fails_with("ch07.followup", (store, _log(store, note="called")), "too short")
    fails_with(
        "ch07.followup",
        (store, _log(store, note="Apologised for the wait and she is fine now, all good")),
        "does not say the replacement on its way",
    )
    fails_with(
        "ch07.followup",
        (store, _log(store, note="Apologised; a replacement shirt has been sent to her")),
        "the check-in once it has arrived",
    )


def test_followup_outcome_channel_and_date_mistakes(store):
    fails_with("ch07.followup", (store, _log(store, outcome="declined")), "she accepted the replacement")
    fails_with("ch07.followup", (store, _log(store, outcome="no_answer")), "she answered")
    fails_with("ch07.followup", (store, _log(store, channel="store")), "you called her back")
    fails_with(
        "ch07.followup",
        (store, _log(store, date="2024-12-10", next_date="2024-12-15")),
        "before her complaint was opened",
    )
    fails_with(
        "ch07.followup",
        (store, _log(store, date="2024-12-20", next_date="2024-12-26")),
        "you call her back today",
    )
    fails_with("ch07.followup", (store, _log(store, next_date=None)), "no next contact date")
    fails_with("ch07.followup", (store, _log(store, next_date="2025-02-01")), "more than a week away")
    fails_with("ch07.followup", (store, _log(store, next_date="2025-01-01")), "the day of the call itself")


def test_followup_record_mistakes(store, tmp_path):
    empty = workbench.RecordStore(tmp_path / "empty.sqlite")
    fails_with("ch07.followup", (empty, 1), "holds no follow-up of the caller")
    other = _log(store, customer="C00261", channel="store")  # the other 6420: no phone consent
    fails_with("ch07.followup", (store, other), "is a follow-up of C00261")
    _log(store)
    fails_with("ch07.followup", (store, 99), "has no record 99")
    fails_with("ch07.followup", (store, "1"), "should be the number `log_followup` returned")
    fails_with("ch07.followup", 1, "pass the store and the record id together")
    fails_with("ch07.followup", ("store", 1), "the first item should be the RecordStore")


# ------------------------------------------------------------------------------ 7.4
def test_dormancy_rule_right_answers_written_differently():
    assert _status("ch07.dormancy_rule", DORMANCY)[0] == "pass"
    other_order = dict(reversed(list(DORMANCY.items())))
    variants = [
        other_order,
        {**DORMANCY, "offer_value": 25.0, "quiet_hours": (21, 9), "send_hour": 19.0, "priority": 10},
        {**DORMANCY, "name": "沉睡唤醒", "offer": "邀友同行买一送一", "description": "3 个月未购的复购客户"},
        {**DORMANCY, "offer": "Buy 1, get 1 free when you bring a friend"},
        {**DORMANCY, "audience": {"min_orders": 2, "consent": ["consent_sms"]}, "frequency_cap_days": 31},
        {k: v for k, v in DORMANCY.items() if k != "priority"},
        workbench.validate_rules([DORMANCY])[0],
    ]
    for rule in variants:
        status, message = _status("ch07.dormancy_rule", rule)
        assert status == "pass", (rule, message)


@pytest.mark.parametrize(
    "change, message",
    [
        ({"trigger": {"type": "no_purchase", "days": 30, "max_days": 365}}, "three months, 90 days"),
        ({"trigger": {"type": "no_purchase", "days": 90}}, "no upper limit"),
        ({"trigger": {"type": "no_purchase", "days": 90, "max_days": 180}}, "more than a year old"),
        ({"trigger": {"type": "birthday_month"}}, "`no_purchase`"),
        ({"audience": None}, "one-time buyers"),
        ({"audience": {"min_orders": 3}}, "bought exactly twice"),
        (
            {"audience": {"min_orders": 2, "membership_tiers": ["gold"]}},
            "also filters on ['membership_tiers']",
        ),
        ({"channel": "wechat"}, "the task sends the wake-up by SMS"),
        (
            {"channel": "telegram"},
            "the rule is refused: rule 1 ('dormancy_wakeup'): `channel` must be one of",
        ),
        ({"offer": "Come back!"}, "does not say what the customer gets"),
        ({"offer_value": None}, "`offer_value` is 0"),
        ({"offer_value": 1}, "`offer_value` is ¥1"),
        ({"frequency_cap_days": None}, "without a frequency cap"),
        ({"frequency_cap_days": 7}, "a 7-day cap lets the rule write more often"),
        ({"frequency_cap_days": 90}, "less often"),
        ({"quiet_hours": None}, "no quiet hours"),
        ({"quiet_hours": [23, 6]}, "are not the task's 21:00 to 09:00"),
        ({"quiet_hours": [9, 21], "send_hour": 21}, "silence the day"),
        ({"send_hour": 10}, "the rule sends at 10:00"),
        ({"send_hour": None}, "(the default, as `send_hour` is not set)"),
        ({"send_hour": 3}, "`send_hour` 3 falls inside the rule's own quiet hours [21, 9]"),
        ({"send_hour": 22}, "`send_hour` 22 falls inside the rule's own quiet hours"),
    ],
)
def test_dormancy_rule_mistakes(change, message):
    rule = {k: v for k, v in {**DORMANCY, **change}.items() if v is not None}
    fails_with("ch07.dormancy_rule", rule, message)


def test_the_reviewers_rule_is_refused():
    rule = {
        **DORMANCY,
        "trigger": {"type": "no_purchase", "days": 90},
        "channel": "wechat",
        "offer_value": 1,
        "frequency_cap_days": 7,
        "send_hour": 3,
    }
    fails_with("ch07.dormancy_rule", rule, "quiet hours")
    for fixed in (
        {"send_hour": 19},
        {"send_hour": 19, "trigger": DORMANCY["trigger"]},
        {"send_hour": 19, "trigger": DORMANCY["trigger"], "channel": "sms"},
        {"send_hour": 19, "trigger": DORMANCY["trigger"], "channel": "sms", "offer_value": 25},
    ):
        assert _status("ch07.dormancy_rule", {**rule, **fixed})[0] == "fail"


def test_dormancy_rule_as_a_list_or_a_file_is_named(rule_sets):
    fails_with("ch07.dormancy_rule", [DORMANCY], "give the one rule itself")
    fails_with("ch07.dormancy_rule", "dormancy_wakeup.yaml", "should be one rule as a dict")


# ------------------------------------------------------------------------------ 7.5
def test_contacts_right_answers_written_differently(rule_sets):
    calendar, wakeup = rule_sets
    right = workbench.evaluate_rules(calendar + wakeup + [HEALTH_RULE], day=DAY)
    assert _status("ch07.contacts", right)[0] == "pass"
    reordered = workbench.evaluate_rules([HEALTH_RULE] + wakeup + calendar, day=pd.Timestamp(DAY))
    shuffled = reordered.sample(frac=1, random_state=0)[["reason", "offer", "channel", "rule", "customer_id"]]
    assert _status("ch07.contacts", shuffled)[0] == "pass"
    assert _status("ch07.contacts", right.set_index("customer_id"))[0] == "pass"


def test_contacts_mistakes(rule_sets):
    calendar, wakeup = rule_sets
    separate = pd.concat(
        [
            workbench.evaluate_rules(calendar + wakeup, day=DAY),
            workbench.evaluate_rules([HEALTH_RULE], day=DAY),
        ]
    )
    fails_with("ch07.contacts", separate, "appear twice")
    fails_with(
        "ch07.contacts",
        separate.drop_duplicates("customer_id"),
        "of your contacts carry another rule than the highest-priority",
    )
    fails_with("ch07.contacts", workbench.evaluate_rules(calendar + wakeup, day=DAY), "add `health_rule`")
    fails_with(
        "ch07.contacts",
        workbench.evaluate_rules(wakeup + [HEALTH_RULE], day=DAY),
        "include the care calendar too",
    )
    fails_with(
        "ch07.contacts",
        workbench.evaluate_rules(calendar + [HEALTH_RULE], day=DAY),
        "include the dormancy wake-up set",
    )
    fails_with(
        "ch07.contacts",
        workbench.evaluate_rules(calendar + wakeup[:1] + [HEALTH_RULE], day=DAY),
        "nobody got the rule(s) ['dormancy_wakeup_sms'], which reach customers",
    )
    low = workbench.evaluate_rules(calendar + wakeup + [{**HEALTH_RULE, "priority": 10}], day=DAY)
    fails_with("ch07.contacts", low, "so that priority decides")
    other_day = workbench.evaluate_rules(calendar + wakeup + [HEALTH_RULE], day="2024-10-15")
    fails_with(
        "ch07.contacts", other_day, "these are the contacts of 2024-10-15: you answered for the wrong day"
    )
    odd_day = workbench.evaluate_rules(calendar + wakeup + [HEALTH_RULE], day="2024-10-16")
    fails_with("ch07.contacts", odd_day, "on 2024-11-15: run every rule of both files, on that day")
    right = workbench.evaluate_rules(calendar + wakeup + [HEALTH_RULE], day=DAY)
    fails_with("ch07.contacts", right.drop(columns="reason"), "columns ['reason'] are missing")
    fails_with("ch07.contacts", calendar + wakeup + [HEALTH_RULE], "should be a pandas DataFrame")


# ------------------------------------------------------------------------------ 7.6
def test_cost_per_extra_right_answers_written_differently(campaign):
    table = rfm.offer_results(campaign, contact_cost=0.5, offer_cost=25.0)
    by_hand = campaign.groupby("group")["converted"].agg(["mean", "sum", "size"])
    treated = by_hand.loc["treatment"]
    cost = treated["size"] * 0.5 + treated["sum"] * 25
    extra = (treated["mean"] - by_hand.loc["control", "mean"]) * treated["size"]
    for answer in (
        table.loc["uplift", "cost"],
        cost / extra,
        49,
        49.4,
        round(cost / extra, 2),
        np.float32(49.38),
    ):
        assert _status("ch07.cost_per_extra", answer)[0] == "pass", answer


def test_cost_per_extra_mistakes(campaign):
    table = rfm.offer_results(campaign, contact_cost=0.5, offer_cost=25.0)
    treated, control = table.loc["treatment"], table.loc["control"]
    n, reactivated = treated["contacts"], treated["reactivation"] * treated["contacts"]
    extra = (treated["reactivation"] - control["reactivation"]) * n
    counts = campaign.groupby("group")["converted"].sum()
    fails_with("ch07.cost_per_extra", treated["cost"] / reactivated, "would have come back anyway")
    fails_with("ch07.cost_per_extra", round(treated["cost"] / reactivated), "would have come back anyway")
    fails_with("ch07.cost_per_extra", treated["cost"], "total cost")
    fails_with("ch07.cost_per_extra", treated["cost"] / n, "cost per contact")
    fails_with(
        "ch07.cost_per_extra",
        treated["cost"] / (counts["treatment"] - counts["control"]),
        "the groups differ in size",
    )
    fails_with("ch07.cost_per_extra", reactivated * 25 / extra, "the messages are missing from the cost")
    fails_with(
        "ch07.cost_per_extra",
        (len(campaign) * 0.5 + reactivated * 25) / extra,
        "the control group got no message",
    )
    fails_with(
        "ch07.cost_per_extra", (n * 0.5 + treated["uptake"] * n * 25) / extra, "everyone who responded"
    )
    fails_with("ch07.cost_per_extra", n * 25.5 / extra, "to every contact")
    fails_with("ch07.cost_per_extra", treated["cost"] / (extra / n), "uplift in reactivation *rate*")
    fails_with("ch07.cost_per_extra", table, "the whole results table")


def test_cost_per_extra_close_values_are_close_but_not_right():
    message = fails_with("ch07.cost_per_extra", 51, "is close, but not right to the nearest whole number")
    assert "49" not in message


# ------------------------------------------------------------------------------ 7.7
def test_crm_types_right_answers_written_differently():
    assert _status("ch07.crm_types", dict(CRM_QUIZ))[0] == "pass"
    chinese = {1: "运营型", 2: "分析型", 3: "协作型", 4: "运营型", 5: "分析型", 6: "协作型"}
    assert _status("ch07.crm_types", chinese)[0] == "pass"
    texts = {str(k): f"{v.title()} CRM" for k, v in CRM_QUIZ.items()}
    assert _status("ch07.crm_types", texts)[0] == "pass"
    assert _status("ch07.crm_types", {k: f"{v}CRM" for k, v in chinese.items()})[0] == "pass"
    assert _status("ch07.crm_types", [CRM_QUIZ[k] for k in range(1, 7)])[0] == "pass"
    assert _status("ch07.crm_types", pd.Series(CRM_QUIZ))[0] == "pass"


def test_crm_types_mistakes():
    message = fails_with(
        "ch07.crm_types", {**CRM_QUIZ, 4: "analytical"}, "carries out* the contact is operational"
    )
    assert "1 of 6 are not right yet: statement(s) [4]" in message
    fails_with("ch07.crm_types", {**CRM_QUIZ, 3: "operational", 6: "operational"}, "is collaborative")
    fails_with("ch07.crm_types", {**CRM_QUIZ, 5: "operational"}, "*learn from* the data")
    fails_with("ch07.crm_types", {k: "operational" for k in CRM_QUIZ}, "4 of 6 are not right yet")
    swapped = {**CRM_QUIZ, 3: "operational", 5: "collaborative"}
    message = fails_with("ch07.crm_types", swapped, "2 of 6 are not right yet: statement(s) [3, 5]")
    assert "operational" not in message.split("statement(s)")[1].split(".")[0]
    fails_with("ch07.crm_types", {1: "operational"}, "answer every statement 1–6")
    fails_with("ch07.crm_types", {**CRM_QUIZ, 2: "strategic"}, "is not one of the three types")
    assert _status("ch07.crm_types", {**CRM_QUIZ, 4: ...})[0] == "not attempted"


# ------------------------------------------------------------------------------ 7.8
CALL = {"days": 90, "because": ["rhythm", "natural_return", "still_reachable"]}


def test_dormancy_threshold_right_answers_written_differently():
    low, high = workbench.threshold_range()  # the range the data defend (57–181 days on Lumen)
    for answer in (
        CALL,
        {"days": low, "because": ["natural_return"]},
        {"days": high, "because": "rhythm"},
        {"Days": "120", "Reasons": ("Natural return", "still-reachable", "source")},
        {"days": 75.0, "because": ["RHYTHM", "source"]},
        pd.Series({"days": 90, "because": ["rhythm"]}),
    ):
        assert "instructor's rubric" in passes("ch07.dormancy_threshold", answer)
    assert _status("ch07.dormancy_threshold", {"days": ..., "because": ...})[0] == "not attempted"


@pytest.mark.parametrize(
    "answer, message",
    [
        (
            {"days": 30, "because": ["rhythm"]},
            "of Lumen's repeat purchases still come after a longer silence",
        ),
        ({"days": 45, "because": ["natural_return"]}, "order within 60 days without any offer"),
        ({"days": 240, "because": ["rhythm"]}, "the wake-up has become a win-back"),
        ({"days": 400, "because": ["rhythm"]}, "beyond a year"),
        ({"days": 90, "because": ["source"]}, "do not use Lumen's data"),
        ({"days": 90, "because": ["still_reachable"]}, "says why not later"),
        ({"days": 90, "because": ["reach", "rhythm"]}, "raise the cost per *extra* reactivation"),
        ({"days": 90, "because": []}, "`because` is empty"),
        ({"days": 90, "because": ["cheap"]}, "is not a reason tag"),
        ({"days": "3 months", "because": ["rhythm"]}, "number of days"),
        ({"days": 90}, "has no 'because'"),
        (90, "a decision needs its reasons too"),
        ("90 days", "should be a dict"),
    ],
)
def test_dormancy_threshold_mistakes(answer, message):
    fails_with("ch07.dormancy_threshold", answer, message)


def test_dormancy_threshold_never_raises_on_odd_answers():
    for odd in (
        {"days": None, "because": None},
        {"days": float("nan"), "because": ["rhythm"]},
        {"days": True, "because": ["rhythm"]},
        {"days": -5, "because": ["rhythm"]},
        {1: 2},
        [90, "rhythm"],
    ):
        assert _status("ch07.dormancy_threshold", odd)[0] == "fail", odd


# ------------------------------------------------------------------------------ exam variants
#: The tasks whose right answer depends on the caller or the day.
VARIANT_TASKS = ["ch07.lookup", "ch07.longest_wait", "ch07.followup", "ch07.contacts"]


def _solved(variant: ExamVariant, store) -> dict:
    """Run the worked solution cells of the caller/day tasks with ``exam = variant``, as the
    solution notebook does, and return each task's answer as the cell hands it to check()."""
    answers = {}
    namespace = {
        "exam": variant,
        "workbench": workbench,
        "rfm": rfm,
        "pd": pd,
        "RULES": RULES,
        "store": store,
        "check": lambda task_id, answer: answers.__setitem__(task_id, answer),
    }
    for task_id in VARIANT_TASKS:
        exec(solution_text(task_id), namespace)
    return answers


@pytest.fixture(autouse=True)
def _no_variant_from_outside(monkeypatch):
    monkeypatch.delenv(EXAM_VARIANT_ENV, raising=False)


def test_the_default_variant_is_todays_exam():
    assert exam_variant() == DEFAULT_VARIANT == exam_variants()[0]
    assert (DEFAULT_VARIANT.customer_id, DEFAULT_VARIANT.phone, DEFAULT_VARIANT.day) == (
        "C03004",
        "177****6420",
        "2024-11-15",
    )
    shown = str(DEFAULT_VARIANT)
    assert "177****6420" in shown and "2024-11-15" in shown
    assert "C03004" not in shown and "C03004" not in repr(DEFAULT_VARIANT)  # task 7.1's answer


def test_the_variants_are_numbered_distinct_and_drawn_from_the_data():
    variants = exam_variants()
    assert len(variants) >= 31  # today's exam and one each for a class of 30
    assert [v.number for v in variants] == list(range(len(variants)))
    assert len({v.customer_id for v in variants}) == len(variants)
    assert all(v.day != DEFAULT_VARIANT.day for v in variants[1:])
    assert all("2024-01-01" <= v.day < "2025-01-01" for v in variants)
    for variant in variants[:4]:
        assert workbench.resolve_customer(variant.phone) == variant.customer_id
    table = exam_variant_table()
    assert list(table.columns) == ["number", "phone", "customer_id", "day"]
    assert table.iloc[0].tolist() == [0, "177****6420", "C03004", "2024-11-15"]


def test_the_variant_list_in_the_instructor_notes_is_the_one_the_checks_use():
    notes = (Path(__file__).parents[1] / "docs" / "instructor" / "ch07.md").read_text(encoding="utf-8")
    for row in exam_variant_table().itertuples():
        assert f"| {row.number} | {row.phone} | {row.customer_id} | {row.day} |" in notes, row


@pytest.mark.parametrize("number", [0, 1, 2])
def test_the_solution_computed_for_the_variant_passes(number, store, monkeypatch):
    monkeypatch.setenv(EXAM_VARIANT_ENV, str(number))
    variant = exam_variant()
    assert variant == exam_variants()[number]
    for task_id, answer in _solved(variant, store).items():
        passes(task_id, answer)
        placeholder = (store, ...) if task_id == "ch07.followup" else ...
        assert _status(task_id, placeholder)[0] == "not attempted"


@pytest.mark.parametrize("number", [1, 2])
def test_todays_answers_are_wrong_for_another_variant(number, store, monkeypatch):
    todays = _solved(DEFAULT_VARIANT, store)
    monkeypatch.setenv(EXAM_VARIANT_ENV, str(number))
    variant = exam_variant()
    for task_id in ("ch07.lookup", "ch07.longest_wait", "ch07.followup"):
        message = fails_with(task_id, todays[task_id], "you answered for the wrong caller")
        assert "C03004 is the caller of today's exam" in message and variant.phone in message
    message = fails_with("ch07.contacts", todays["ch07.contacts"], "you answered for the wrong day")
    assert "2024-11-15" in message and variant.day in message


def test_another_variants_answers_are_wrong_for_yours(store, monkeypatch):
    theirs = _solved(exam_variants()[2], store)
    monkeypatch.setenv(EXAM_VARIANT_ENV, "1")
    fails_with("ch07.lookup", theirs["ch07.lookup"], "is the caller of exam variant 2")
    fails_with("ch07.followup", theirs["ch07.followup"], "is the caller of exam variant 2")
    fails_with("ch07.contacts", theirs["ch07.contacts"], "you answered for the wrong day")


def test_the_cost_and_the_judgement_tasks_do_not_depend_on_the_variant(monkeypatch, campaign):
    monkeypatch.setenv(EXAM_VARIANT_ENV, "2")
    cost = rfm.offer_results(campaign, contact_cost=0.5, offer_cost=25.0).loc["uplift", "cost"]
    passes("ch07.cost_per_extra", cost)
    passes("ch07.dormancy_rule", DORMANCY)
    passes("ch07.crm_types", dict(CRM_QUIZ))
    passes("ch07.dormancy_threshold", CALL)


@pytest.mark.parametrize("value", ["two", "-1", "1.5", "99999"])
def test_a_bad_variant_number_is_named(value, monkeypatch):
    monkeypatch.setenv(EXAM_VARIANT_ENV, value)
    last = len(exam_variants()) - 1
    with pytest.raises(ExamVariantError) as error:
        exam_variant()
    message = str(error.value)
    assert EXAM_VARIANT_ENV in message and repr(value) in message
    assert f"a whole number from 0 to {last}" in message
    failed = fails_with("ch07.lookup", "C03004", "the exam variant is not set right")
    assert EXAM_VARIANT_ENV in failed
    fails_with(
        "ch07.contacts",
        pd.DataFrame({c: ["x"] for c in ["customer_id", "rule", "channel", "offer", "reason"]}),
        EXAM_VARIANT_ENV,
    )


@pytest.mark.parametrize("value", ["", " 0 ", "0"])
def test_an_empty_or_zero_variant_is_todays_exam(value, monkeypatch):
    monkeypatch.setenv(EXAM_VARIANT_ENV, value)
    assert exam_variant() == DEFAULT_VARIANT


# ------------------------------------------------------------------------------ in Chinese


def test_in_chinese_unfilled_and_solution(chinese, store, campaign):
    from course_lib.language import tr

    for task_id in TASKS:
        answer = (store, ...) if task_id == "ch07.followup" else ...
        status, message = _status(task_id, answer)
        assert status == "not attempted" and message.startswith(f"✗ {task_id} — 尚未作答"), message
    answers = _solved(DEFAULT_VARIANT, store)
    answers["ch07.dormancy_rule"] = DORMANCY
    answers["ch07.cost_per_extra"] = rfm.offer_results(campaign, contact_cost=0.5, offer_cost=25.0).loc[
        "uplift", "cost"
    ]
    answers["ch07.crm_types"] = dict(CRM_QUIZ)
    answers["ch07.dormancy_threshold"] = CALL
    assert sorted(answers) == sorted(TASKS)
    lines = {task_id: passes(task_id, answer) for task_id, answer in answers.items()}
    right = tr("✓ {task} — {title}: correct.")
    assert right != "✓ {task} — {title}: correct."
    assert lines["ch07.lookup"] == right.format(task="ch07.lookup", title="凭掩码号码查找客户")
    assert lines["ch07.cost_per_extra"] == right.format(
        task="ch07.cost_per_extra", title="唤醒优惠每额外唤醒一位客户的成本"
    )
    assert lines["ch07.followup"].endswith("备注是否便于同事阅读，由讲师按评分细则评判。")
    assert "天超过了澜悦 85% 的复购间隔" in lines["ch07.dormancy_threshold"]
    assert all(has_cjk(line) and "correct" not in line for line in lines.values())


def test_in_chinese_wrong_answers_name_the_mistake(chinese, store, view, campaign, rule_sets):
    calendar, wakeup = rule_sets
    table = rfm.offer_results(campaign, contact_cost=0.5, offer_cost=25.0)
    treated = table.loc["treatment"]
    for task_id, answer, phrase in [
        ("ch07.lookup", "177****6420", "这是她的电话号码"),
        ("ch07.lookup", "6420", "'6420' 是电话号码的尾号"),
        ("ch07.longest_wait", view.tickets["response_hours"].min(), "这是最短的等待时间"),
        ("ch07.longest_wait", view.tickets["response_hours"].max() * 60, "这看起来是分钟"),
        ("ch07.longest_wait", 10.2, "。只对最终结果四舍五入，保留一位小数。"),
        ("ch07.followup", (store, _log(store, outcome="declined")), "与这次通话不符：她接受了换货"),
        (
            "ch07.followup",
            (store, _log(store, note="Apologised; a replacement shirt has been sent to her")),
            "备注里没有写到货后再回访",
        ),
        ("ch07.dormancy_rule", {**DORMANCY, "frequency_cap_days": 7}, "7 天的频次上限会让规则发得比"),
        (
            "ch07.dormancy_rule",
            {**DORMANCY, "send_hour": 10},
            "这条规则在 10:00 发送；任务要求在 19:00 发送。",
        ),
        (
            "ch07.contacts",
            pd.concat(
                [
                    workbench.evaluate_rules(calendar + wakeup, day=DAY),
                    workbench.evaluate_rules([HEALTH_RULE], day=DAY),
                ]
            ),
            "有些客户出现了两次：两套规则是分开运行的。",
        ),
        ("ch07.cost_per_extra", treated["cost"], "这是活动的总成本"),
        ("ch07.cost_per_extra", table, "这是整张结果表"),
        ("ch07.crm_types", {**CRM_QUIZ, 4: "analytical"}, "6 条中还有 1 条不对：陈述 [4]。*执行*客户接触"),
        ("ch07.dormancy_threshold", {"days": 90, "because": ["source"]}, "你的理由没有用到澜悦的数据"),
        ("ch07.dormancy_threshold", {"days": 30, "because": ["rhythm"]}, "在 30 天时，澜悦仍有 41% 的复购"),
    ]:
        message = fails_with(task_id, answer, phrase)
        assert has_cjk(message.split(" — ", 1)[1]), message


def test_in_chinese_cached_slips_follow_the_language(chinese, view):
    """The slips of 7.2 are computed once per caller: their messages are translated when shown."""
    from course_lib.language import set_language

    shortest = view.tickets["response_hours"].min()
    fails_with("ch07.longest_wait", shortest, "这是最短的等待时间；任务要的是最长的。")
    set_language("en")
    fails_with("ch07.longest_wait", shortest, "that is the shortest wait; the task asks for the longest.")


def test_in_chinese_the_exam_variant_and_a_wrong_caller(chinese, monkeypatch):
    """Two made-up variants stand in for the drawn ones (drawing them takes seconds)."""
    from course_lib.checks import ch07

    other = ExamVariant(1, "C00261", "139****6420", "2024-10-15")
    monkeypatch.setattr(ch07, "exam_variants", lambda: (DEFAULT_VARIANT, other))
    assert str(DEFAULT_VARIANT) == "今天的考题 · 来电者的掩码号码：177****6420 · 规则运行日期：2024-11-15"
    assert str(other) == "考题版本 1 · 来电者的掩码号码：139****6420 · 规则运行日期：2024-10-15"
    monkeypatch.setenv(EXAM_VARIANT_ENV, "1")
    fails_with(
        "ch07.lookup",
        "C03004",
        "你答的是另一位来电者：C03004 是今天考题的来电者（177****6420）；"
        "你的来电者是笔记本最上方显示的那位，139****6420。",
    )
    monkeypatch.setenv(EXAM_VARIANT_ENV, "two")
    fails_with(
        "ch07.lookup",
        "C03004",
        "考题版本设置有误：CRM_COURSE_EXAM_VARIANT 的值是 'two'，没有对应的考题版本：应为 0 到 1 之间的整数",
    )


def test_in_chinese_hints(chinese, capsys):
    from course_lib.checks import hint

    hint("ch07.lookup", 1)
    shown = capsys.readouterr().out
    assert shown.startswith("ch07.lookup 的提示 1/2：`workbench.find_customers(...)` 列出") and has_cjk(shown)
    assert "hint('ch07.lookup', 2)" in shown
    hint("ch07.dormancy_threshold", 2)
    shown = capsys.readouterr().out
    assert "本章的标准（7.6 节）" in shown and "`later_share` ≤ 0.25" in shown


def test_the_hint_of_7_6_names_the_costs_the_check_uses():
    """The hint is a fixed message (it is translated as a whole); it must keep up with the costs."""
    from course_lib.checks import tasks
    from course_lib.checks.ch07 import CONTACT_COST, OFFER_COST

    (cost_task,) = [t for t in tasks("ch07") if t.id == "ch07.cost_per_extra"]
    assert f"contact_cost={CONTACT_COST}, offer_cost={OFFER_COST})" in cost_task.hints[1]
