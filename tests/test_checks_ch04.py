"""Chapter 4 checks: the solution passes, the placeholder is not attempted, right answers
written another way pass, and the mistakes trainees really make — computed on the shipped
data — get the message that names them."""

import math

import numpy as np
import pandas as pd
import pytest
from check_answers import fails_with, has_cjk, passes

from course_lib import service
from course_lib.checks import evaluate
from course_lib.checks.ch04 import confusion_example

pytestmark = pytest.mark.usefixtures("workspace")


@pytest.fixture(scope="module")
def tickets():
    from course_lib import data

    return data.load_tickets()


@pytest.fixture(scope="module")
def followed(tickets, orders):
    return service.complaint_churn(tickets, orders, horizon_days=180)


@pytest.fixture(scope="module")
def wait(tickets):
    return tickets["first_response_at"] - tickets["opened_at"]


TASKS = [
    "ch04.answered_in_hour",
    "ch04.nps_from_scores",
    "ch04.late_churn_ratio",
    "ch04.agents_needed",
    "ch04.negative_recall",
    "ch04.root_cause",
    "ch04.empathy_reply",
]


@pytest.mark.parametrize("task_id", TASKS)
def test_placeholder_is_not_attempted(task_id):
    assert evaluate(task_id, ...)[0] == "not attempted"


# ------------------------------------------------------------------------ answered_in_hour
def test_answered_in_hour_right_variants(tickets, wait):
    hours = wait.dt.total_seconds() / 3600
    passes("ch04.answered_in_hour", (hours <= 1).mean())
    passes("ch04.answered_in_hour", (wait <= pd.Timedelta(hours=1)).mean())
    passes("ch04.answered_in_hour", wait.dt.total_seconds().div(60).le(60).sum() / len(tickets))
    passes("ch04.answered_in_hour", service.sla_table(tickets).loc["all", "answered_in_time"])
    passes("ch04.answered_in_hour", round(float((hours <= 1).mean()), 3))


def test_answered_in_hour_mistakes(tickets, wait):
    hours = wait.dt.total_seconds() / 3600
    right = (hours <= 1).mean()
    fails_with("ch04.answered_in_hour", right * 100, "percentage")
    fails_with("ch04.answered_in_hour", int((hours <= 1).sum()), "number of tickets")
    fails_with("ch04.answered_in_hour", 1 - right, "answered *late*")
    solve = (tickets["resolved_at"] - tickets["opened_at"]).dt.total_seconds() / 3600
    fails_with("ch04.answered_in_hour", (solve <= 24).mean(), "solved within 24 hours")
    fails_with("ch04.answered_in_hour", (solve <= 1).mean(), "time to the solution")
    fails_with("ch04.answered_in_hour", (hours <= 60).mean(), "compared with 60")
    assert (hours < 1).mean() != right
    fails_with("ch04.answered_in_hour", (hours < 1).mean(), "`<= 1`, not `< 1`")
    fails_with("ch04.answered_in_hour", (wait.dt.seconds <= 3600).mean(), "`.dt.seconds`")
    fails_with("ch04.answered_in_hour", (wait.dt.total_seconds() // 3600 <= 1).mean(), "whole hours")
    fails_with("ch04.answered_in_hour", (wait.dt.components.hours <= 1).mean(), "`components.hours`")
    fails_with("ch04.answered_in_hour", (wait.dt.round("h") <= pd.Timedelta("1h")).mean(), "rounds the wait")
    fails_with(
        "ch04.answered_in_hour",
        (hours <= 1).groupby(tickets["channel"]).mean().mean(),
        "averages the channels",
    )
    fails_with("ch04.answered_in_hour", hours <= 1, "one True/False per ticket")
    fails_with("ch04.answered_in_hour", "54%", "should be a number")
    message = fails_with("ch04.answered_in_hour", round(right, 2), "close, but not right to 3 decimals")
    assert f"{right:.3f}" not in message


# ------------------------------------------------------------------------- nps_from_scores
def _nps(scores):
    scores = np.asarray(scores)
    return 100 * ((scores >= 9).mean() - (scores <= 6).mean())


def test_nps_from_scores_right_variants():
    passes("ch04.nps_from_scores", _nps)
    passes("ch04.nps_from_scores", lambda s: service.nps(s))

    def pure_python(scores):
        scores = list(scores)
        promoters = sum(1 for x in scores if x >= 9)
        detractors = sum(1 for x in scores if x <= 6)
        return (promoters - detractors) / len(scores) * 100

    def with_categories(scores):
        kind = pd.cut(pd.Series(list(scores)), [-1, 6, 8, 10], labels=["detractor", "passive", "promoter"])
        shares = kind.value_counts(normalize=True)
        return round(100 * (shares["promoter"] - shares["detractor"]), 1)  # one decimal

    passes("ch04.nps_from_scores", pure_python)
    passes("ch04.nps_from_scores", with_categories)


def test_nps_from_scores_mistakes():
    def share(s, low, high):
        s = np.asarray(s)
        return ((s >= low) & (s <= high)).mean()

    fails_with("ch04.nps_from_scores", lambda s: _nps(s) / 100, "a fraction")
    fails_with(
        "ch04.nps_from_scores",
        lambda s: 100 * (share(s, 8, 10) - share(s, 0, 6)),
        "an 8 was counted as a promoter",
    )
    fails_with(
        "ch04.nps_from_scores",
        lambda s: 100 * (share(s, 9, 10) - share(s, 0, 7)),
        "7s were counted as detractors",
    )
    fails_with(
        "ch04.nps_from_scores",
        lambda s: 100 * ((np.asarray(s) > 9).mean() - share(s, 0, 6)),
        "only 10s were counted as promoters",
    )
    fails_with(
        "ch04.nps_from_scores",
        lambda s: 100 * (share(s, 9, 10) - (np.asarray(s) < 6).mean()),
        "6s were left out",
    )
    fails_with("ch04.nps_from_scores", lambda s: 100 * share(s, 9, 10), "share of promoters alone")
    fails_with("ch04.nps_from_scores", lambda s: 100 * (share(s, 0, 6) - share(s, 9, 10)), "sign")
    fails_with(
        "ch04.nps_from_scores",
        lambda s: int((np.asarray(s) >= 9).sum() - (np.asarray(s) <= 6).sum()),
        "subtracts the counts",
    )

    def without_passives(s):
        s = np.asarray(s)
        kept = s[(s >= 9) | (s <= 6)]
        return 100 * ((kept >= 9).mean() - (kept <= 6).mean())

    fails_with("ch04.nps_from_scores", without_passives, "passives were left out")

    def positional(s):
        return 100 * sum((1 if s[i] >= 9 else -1 if s[i] <= 6 else 0) for i in range(len(s))) / len(s)

    fails_with("ch04.nps_from_scores", positional, "raised KeyError")

    def list_only(s):
        return 100 * (sum(s.count(x) for x in (9, 10)) - sum(s.count(x) for x in range(7))) / len(s)

    fails_with("ch04.nps_from_scores", list_only, "a list, a numpy array and a pandas Series")

    def prints(s):
        print(_nps(s))

    fails_with("ch04.nps_from_scores", prints, "returned None")
    fails_with("ch04.nps_from_scores", 10.0, "should be a function")

    def unfinished(scores):
        """NPS in points."""
        ...

    assert evaluate("ch04.nps_from_scores", unfinished)[0] == "not attempted"


# ------------------------------------------------------------------------ late_churn_ratio
def test_late_churn_ratio_right_variants(followed):
    ratio = service.late_churn_ratio(followed)
    passes("ch04.late_churn_ratio", ratio["ratio"])
    by_group = followed.groupby("late")["lost"].mean()
    passes("ch04.late_churn_ratio", by_group[True] / by_group[False])
    passes("ch04.late_churn_ratio", round(float(ratio["ratio"]), 2))


def test_late_churn_ratio_mistakes(tickets, orders, followed):
    ratio = service.late_churn_ratio(followed)
    fails_with("ch04.late_churn_ratio", 1 / ratio["ratio"], "put the late-answered group on top")
    fails_with("ch04.late_churn_ratio", ratio["late_churn"] - ratio["on_time_churn"], "difference")
    fails_with("ch04.late_churn_ratio", ratio["late_churn"], "late group alone")
    fails_with("ch04.late_churn_ratio", ratio["ratio"] - 1, "relative increase")
    short = service.late_churn_ratio(service.complaint_churn(tickets, orders, horizon_days=90))
    fails_with("ch04.late_churn_ratio", short["ratio"], "90-day window")
    year = service.late_churn_ratio(service.complaint_churn(tickets, orders, horizon_days=365))
    fails_with("ch04.late_churn_ratio", year["ratio"], "365-day window")
    day = service.late_churn_ratio(service.complaint_churn(tickets, orders, response_hours=24))
    fails_with("ch04.late_churn_ratio", day["ratio"], "24 hours")
    fails_with("ch04.late_churn_ratio", ratio, "store its `ratio` entry")
    message = fails_with(
        "ch04.late_churn_ratio", round(float(ratio["ratio"]), 2) + 0.03, "close, but not right to 2 decimals"
    )
    assert f"{ratio['ratio']:.2f}" not in message


# --------------------------------------------------------------------------- agents_needed
def test_agents_needed_right_variants():
    right = service.agents_needed(90, 8, target=1, service_level=0.9)
    passes("ch04.agents_needed", right)
    passes("ch04.agents_needed", float(right))
    table = service.staffing_table(90, 8, range(13, 25), target=1)
    passes("ch04.agents_needed", table.index[table["service_level"] >= 0.9].min())  # numpy int


def test_agents_needed_mistakes():
    right = service.agents_needed(90, 8, target=1, service_level=0.9)
    fails_with("ch04.agents_needed", 12, "cannot keep up with a load of 12 erlangs")
    fails_with("ch04.agents_needed", service.agents_needed(90, 8, target=1, service_level=0.8), "80 %")
    fails_with(
        "ch04.agents_needed", service.agents_needed(90, 8, target=60, service_level=0.9), "60-minute target"
    )
    fails_with("ch04.agents_needed", service.agents_needed(90, 8, service_level=0.9), "20 seconds")
    fails_with(
        "ch04.agents_needed",
        service.agents_needed(90, 8 / 60, target=1, service_level=0.9),
        "`handling_time` is in minutes",
    )
    fails_with(
        "ch04.agents_needed", service.agents_needed(1.5, 8, target=1, service_level=0.9), "contacts per hour"
    )
    fails_with("ch04.agents_needed", 90 * 8, "contact-minutes per hour")
    fails_with("ch04.agents_needed", 14, "below the 90 % promise")
    fails_with("ch04.agents_needed", right + 3, "find the *fewest*")
    fails_with("ch04.agents_needed", math.ceil(90 * 8 / 60) + 0.5, "not a whole number")
    fails_with("ch04.agents_needed", float("inf"), "infinite")


# -------------------------------------------------------------------------- negative_recall
def test_negative_recall_right_variants():
    m = confusion_example()
    passes("ch04.negative_recall", m.loc["negative", "negative"] / m.loc["negative"].sum())
    passes("ch04.negative_recall", np.diag(m.to_numpy())[0] / m.to_numpy()[0].sum())
    passes("ch04.negative_recall", 120 / 150)
    passes("ch04.negative_recall", 0.8)


def test_negative_recall_mistakes():
    m = confusion_example()
    recall = m.loc["negative", "negative"] / m.loc["negative"].sum()
    fails_with("ch04.negative_recall", m.loc["negative", "negative"] / m["negative"].sum(), "precision")
    fails_with("ch04.negative_recall", np.trace(m.to_numpy()) / m.to_numpy().sum(), "accuracy")
    fails_with("ch04.negative_recall", recall * 100, "percentage")
    fails_with("ch04.negative_recall", 1 - recall, "*missed*")
    fails_with(
        "ch04.negative_recall",
        m.loc["positive", "positive"] / m.loc["positive"].sum(),
        "recall of the positive class",
    )
    fails_with(
        "ch04.negative_recall",
        m.loc["negative", "negative"] / m.to_numpy().sum(),
        "divides by all complaints",
    )
    fails_with("ch04.negative_recall", m.loc["negative", "negative"], "number of negative complaints")


# ------------------------------------------------------------------------------ root_cause
def test_root_cause_right_variants():
    right = {"R1": "service process", "R2": "customer needs", "R3": "staff training"}
    passes("ch04.root_cause", right)
    passes("ch04.root_cause", {"R1": "服务流程", "R2": "客户需求", "R3": " Staff Training "})
    passes(
        "ch04.root_cause",
        {"r1": "Service process 服务流程", "r2": "customer needs 客户需求", "r3": "staff training 员工培训"},
    )
    passes("ch04.root_cause", pd.Series(right))
    passes("ch04.root_cause", ["service process", "customer needs", "staff training"])


def test_root_cause_mistakes():
    right = {"R1": "service process", "R2": "customer needs", "R3": "staff training"}
    fails_with("ch04.root_cause", right | {"R2": "service process"}, "Look again at R2")
    fails_with("ch04.root_cause", right | {"R1": "staff training"}, "where did the 5 days")
    fails_with("ch04.root_cause", right | {"R3": "service process"}, "who left those out")
    fails_with(
        "ch04.root_cause",
        {"R1": "staff training", "R2": "customer needs", "R3": "service process"},
        "2 of 3 records",
    )
    fails_with(
        "ch04.root_cause",
        right | {"R1": "the courier"},
        "R1: 'the courier' is not one of the three dimensions",
    )
    fails_with("ch04.root_cause", {"R1": "service process"}, "R2, R3 are missing")
    fails_with("ch04.root_cause", "service process", "should be a dict")
    assert evaluate("ch04.root_cause", {"R1": ..., "R2": ..., "R3": ...})[0] == "not attempted"


# --------------------------------------------------------------------------- empathy_reply
def _reply(**changes):
    """The solution's reply to ticket T00334, with some parts changed."""
    reply = {
        "steps": [
            (
                "acknowledge",
                "孙女士您好,订单晚到了3天,您又等了3个多小时才等到回复,换作是我也会很失望、很生气。",
            ),
            (
                "own",
                "我查到了您的订单 O005823,比承诺晚了3天送达。延误在我们这边,我会查清是哪个环节出的问题。",
            ),
            (
                "solve",
                "今天为您全额退还这笔订单的219元,并送您一年免运费;退款明天上午10点前到账,到账后我再打电话确认。",
            ),
        ],
        "facts": {
            "order_id": "O005823",
            "days_late": 3,
            "hours_waited": 3.1,
            "orders_before": 18,
            "previous_complaints": 0,
        },
        "compensation": "beyond",
        "solution_by": "2023-09-13 10:00",
    }
    reply.update(changes)
    return reply


def test_empathy_reply_right_variants():
    passes("ch04.empathy_reply", _reply())
    english = [
        {
            "step": "Acknowledge the feeling",
            "text": "I completely understand how upset you are: your order came "
            "three days late and then nobody answered you for three hours.",
        },
        {
            "step": "clarify and own the problem",
            "text": "I have order O005823 in front of me; the delay is ours "
            "and I will find out where it happened.",
        },
        {
            "step": "solve and follow up",
            "text": "I am refunding the order in full today and adding a year of free "
            "delivery; the money will be back by 9 am tomorrow and I will "
            "call you then to confirm.",
        },
    ]
    passes(
        "ch04.empathy_reply",
        _reply(
            steps=english,
            compensation="Beyond expectations 超预期补偿",
            solution_by=pd.Timestamp("2023-09-13 09:00"),
            facts={"Order_ID": " o005823 ", "days_late": 3.0},
        ),
    )
    passes("ch04.empathy_reply", _reply(steps=dict(_reply()["steps"]), compensation=3, solution_by=12))
    steps_zh = [
        ("认可感受", _reply()["steps"][0][1]),
        ("澄清并担责", _reply()["steps"][1][1]),
        ("方案与跟进", _reply()["steps"][2][1]),
    ]
    passes("ch04.empathy_reply", pd.Series(_reply(steps=steps_zh)))


def test_empathy_reply_mistakes():
    ack, own, solve = _reply()["steps"]
    fails_with("ch04.empathy_reply", _reply(steps=[solve, ack, own]), "before her feeling is acknowledged")
    fails_with("ch04.empathy_reply", _reply(steps=[own, ack, solve]), "facts come before her feeling")
    fails_with("ch04.empathy_reply", _reply(steps=[ack, solve, own]), "before the problem is restated")
    fails_with("ch04.empathy_reply", _reply(steps=[ack, solve]), "no step 'clarify and own the problem")
    fails_with("ch04.empathy_reply", _reply(steps=[ack, ack, own, solve]), "appears 2 times")
    fails_with(
        "ch04.empathy_reply",
        _reply(steps=[("acknowledge", "We apologise for any inconvenience caused."), own, solve]),
        "mechanical apology",
    )
    fails_with(
        "ch04.empathy_reply",
        _reply(steps=[("acknowledge", "给您带来不便,我们深表歉意。"), own, solve]),
        "mechanical apology",
    )
    fails_with(
        "ch04.empathy_reply", _reply(steps=[("sorry", "Sorry!"), own, solve]), "not one of the three steps"
    )
    fails_with(
        "ch04.empathy_reply", _reply(steps=[ack, own, ("solve", "aaaa bbbb cccc dddd")]), "says nothing"
    )
    fails_with(
        "ch04.empathy_reply",
        _reply(steps=[ack, ("own", "我们会认真处理这个问题,请您放心。"), solve]),
        "restates none of her facts",
    )
    fails_with("ch04.empathy_reply", _reply(facts={"order_id": "T00334", "days_late": 3}), "ticket's id")
    fails_with(
        "ch04.empathy_reply", _reply(facts={"order_id": "O005178", "days_late": 3}), "another of her orders"
    )
    fails_with(
        "ch04.empathy_reply",
        _reply(facts={"order_id": "O005823", "days_late": 8}),
        "how long ago she ordered",
    )
    fails_with("ch04.empathy_reply", _reply(facts={"order_id": "O005823"}), "no 'days_late'")
    fails_with(
        "ch04.empathy_reply",
        _reply(facts={"order_id": "O005823", "days_late": 3, "hours_waited": 187}),
        "in minutes",
    )
    fails_with(
        "ch04.empathy_reply",
        _reply(facts={"order_id": "O005823", "days_late": 3, "orders_before": 46}),
        "after the complaint too",
    )
    fails_with(
        "ch04.empathy_reply",
        _reply(facts={"order_id": "O005823", "days_late": 3, "previous_complaints": 1}),
        "counts this complaint too",
    )
    fails_with("ch04.empathy_reply", _reply(compensation="goodwill"), "2 steps below")
    fails_with("ch04.empathy_reply", _reply(compensation="make_good"), "broke its 1-hour promise")
    fails_with("ch04.empathy_reply", _reply(compensation="a hug"), "not a step of the chapter's ladder")
    fails_with("ch04.empathy_reply", _reply(solution_by=24), "run from when she complained")
    fails_with("ch04.empathy_reply", _reply(solution_by="2023-09-14 09:00"), "24-hour rule")
    fails_with("ch04.empathy_reply", _reply(solution_by="2023-09-12 12:00"), "not after your reply")
    fails_with("ch04.empathy_reply", _reply(solution_by="2023-09-13"), "no time")
    fails_with("ch04.empathy_reply", _reply(solution_by="tomorrow"), "could not read")
    fails_with("ch04.empathy_reply", {"steps": _reply()["steps"]}, "no 'facts'")
    fails_with("ch04.empathy_reply", "Sorry, we will refund you.", "should be a dict")
    assert (
        evaluate("ch04.empathy_reply", _reply(steps=[("acknowledge", ...), own, solve]))[0] == "not attempted"
    )


@pytest.mark.parametrize(
    "odd",
    [
        None,
        3,
        [],
        {},
        {"steps": None, "facts": None, "compensation": None, "solution_by": None},
        {"steps": [1, 2, 3], "facts": [], "compensation": [], "solution_by": []},
        _reply(solution_by=float("nan")),
        _reply(facts={"order_id": None, "days_late": "x"}),
    ],
)
def test_empathy_reply_never_raises(odd):
    status, message = evaluate("ch04.empathy_reply", odd)
    assert status in ("fail", "not attempted") and "when checked" not in message, message


# ------------------------------------------------------------------------------ in Chinese


def test_in_chinese_the_placeholder_is_not_attempted(chinese):
    status, message = evaluate("ch04.empathy_reply", ...)
    assert status == "not attempted" and "尚未作答" in message, message


def test_in_chinese_the_solutions_pass(chinese, wait):
    hours = wait.dt.total_seconds() / 3600
    message = passes("ch04.answered_in_hour", (hours <= 1).mean())
    assert message == "✓ ch04.answered_in_hour — 1 小时内得到响应的投诉占比：正确。"
    message = passes("ch04.empathy_reply", _reply())
    assert message.startswith("✓ ch04.empathy_reply — 用同理心三步法回复一位愤怒的客户：正确。")
    assert "语气和措辞由讲师按评分标准评判" in message


def test_in_chinese_wrong_answers_name_the_mistake(chinese, wait):
    ack, own, solve = _reply()["steps"]
    hours = wait.dt.total_seconds() / 3600
    for task_id, answer, phrase in [
        ("ch04.answered_in_hour", (hours < 1).mean(), "恰好 60 分钟回复也算兑现了承诺"),
        ("ch04.nps_from_scores", lambda s: -_nps(s), "符号反了"),
        ("ch04.root_cause", {"R1": "service process"}, "缺少 R2, R3"),
        ("ch04.empathy_reply", _reply(steps=[solve, ack, own]), "解决方案出现在认可她的感受之前"),
        ("ch04.empathy_reply", _reply(steps=[ack, solve]), "回复缺少“澄清并担责”这一步"),
        ("ch04.empathy_reply", _reply(compensation="goodwill"), "低了 2 级"),
    ]:
        message = fails_with(task_id, answer, phrase)
        assert has_cjk(message.split(" — ", 1)[1]), message


def test_in_chinese_cached_slips_follow_the_language(chinese, wait):
    """The slips of 4.1 are computed once per session: their messages are translated when shown."""
    from course_lib.language import set_language

    share = (wait.dt.total_seconds() / 3600 <= 1).mean()
    fails_with("ch04.answered_in_hour", share * 100, "这看起来是百分数")
    set_language("en")
    fails_with("ch04.answered_in_hour", share * 100, "that looks like a percentage")


def test_in_chinese_hints(chinese, capsys):
    from course_lib.checks import hint

    hint("ch04.empathy_reply", 1)
    shown = capsys.readouterr().out
    assert shown.startswith("ch04.empathy_reply 的提示 1/2：三个步骤按这个顺序：认可感受") and has_cjk(shown)
    assert "hint('ch04.empathy_reply', 2)" in shown
