"""Chapter 6 capstone checks: the solution passes, the placeholder is not attempted, answers
written another way pass, the mistakes trainees really make — on the shipped data and the
simulator's runs — get a message that names that mistake, and the exercise notebook reports
not-done."""

import nbformat
import numpy as np
import pandas as pd
import pytest
from check_answers import fails_with, has_cjk, passes

from course_lib import data, kpis
from course_lib.checks import ch06_capstone, evaluate, solution_text  # noqa: F401  (registers the tasks)
from course_lib.course import ROOT
from course_lib.notebook_tools import CHECK_CALL
from course_lib.simulation import BASELINE, DECK, simulate
from course_lib.simulation.cases import key_account

pytestmark = pytest.mark.usefixtures("workspace")

TASKS = [
    "ch06.capstone_baseline_repurchase",
    "ch06.capstone_top_lever",
    "ch06.capstone_strategy",
    "ch06.case_key_account",
    "ch06.case_rescue",
    "ch06.case_quotation",
    "ch06.case_trigger",
    "ch06.capstone_pilot",
]
RESCUE = {
    "diagnosis": "service_failures",
    "compensation": "beyond",
    "opening": "empathy",
    "third_time": "own_it",
    "close": "written_follow_up",
}
QUOTATION = {
    "pain_points": ["delivery_reliability", "payment_terms", "supplier_consolidation"],
    "quotation": {"discount": 0.0, "lead_time_days": 14, "payment_days": 90},
    "account_manager": "none",
    "talk_track": "value_first",
}
TRIGGER = {"audience": "store_regulars", "signal": "store_check_in", "channel": "wechat", "offer": "styling"}
LEAN = DECK.replace(
    name="lean",
    service_level=(2, 1, 0, 0),
    member_benefits=1,
    referral_reward=100,
    compensation=30,
    winback_offer=30,
)


@pytest.fixture(scope="module")
def baseline():
    return simulate("baseline", n_customers=20_000, months=6, seed=0)


@pytest.fixture(scope="module")
def deck():
    return simulate("deck", n_customers=20_000, months=6, seed=0)


@pytest.fixture(scope="module")
def key_facts():
    """The shipped tickets and orders as a trainee would cut them for task 6b.4."""
    orders, tickets = data.load_orders(), data.load_tickets()
    as_of = pd.Timestamp(data.AS_OF)
    recent = tickets[tickets["opened_at"] >= as_of - pd.Timedelta(days=90)]
    waited = (recent["first_response_at"] - recent["opened_at"]).dt.total_seconds() / 3600
    late_ids = recent.loc[waited > 1, "customer_id"].unique()
    year = orders[orders["order_date"] >= as_of - pd.DateOffset(years=1)]
    spend = year.groupby("customer_id")["amount"].sum().reindex(late_ids, fill_value=0)
    return {
        "orders": orders,
        "recent": recent,
        "waited": waited,
        "late_ids": late_ids,
        "year": year,
        "spend": spend,
        "as_of": as_of,
    }


@pytest.mark.parametrize("task_id", TASKS)
def test_placeholder_is_not_attempted(task_id):
    assert evaluate(task_id, ...)[0] == "not attempted"


@pytest.mark.parametrize("task_id", TASKS)
def test_every_task_has_a_worked_solution(task_id):
    assert solution_text(task_id)


# ------------------------------------------------------------------------------ 6b.1
def test_baseline_repurchase_right_answers_written_differently(baseline):
    kpis = baseline.kpis
    for answer in (
        kpis.loc[6, "repurchase_rate"],
        kpis["repurchase_rate"].iloc[-1],
        kpis.iloc[5]["repurchase_rate"],
        round(float(kpis.loc[6, "repurchase_rate"]), 4),
        np.float32(kpis.loc[6, "repurchase_rate"]),
        kpis.reset_index().query("month == 6")["repurchase_rate"].item(),
    ):
        assert evaluate("ch06.capstone_baseline_repurchase", answer)[0] == "pass", answer


def test_baseline_repurchase_mistakes(baseline, deck):
    kpis = baseline.kpis["repurchase_rate"]
    task = "ch06.capstone_baseline_repurchase"
    fails_with(task, kpis.loc[6] * 100, "percentage")
    fails_with(task, round(kpis.loc[6] * 100, 1), "percentage")
    fails_with(task, kpis.loc[1], "that is month 1")
    fails_with(task, kpis.loc[5], "that is month 5")  # .loc[5] read as the sixth row
    fails_with(task, kpis.mean(), "mean over the six months")
    fails_with(task, deck.kpis.loc[6, "repurchase_rate"], "the repurchase rate of the case's four moves")
    fails_with(task, round(kpis.loc[6], 3), "rounded to 3 decimals")
    other_seed = simulate("baseline", n_customers=20_000, months=6, seed=1).kpis.loc[6, "repurchase_rate"]
    fails_with(task, other_seed, "a run with seed=1")
    smaller = simulate("baseline", n_customers=10_000, months=6, seed=0).kpis.loc[6, "repurchase_rate"]
    fails_with(task, smaller, "a run with 10,000 customers")
    fails_with(task, baseline.kpis.loc[6], "take its `repurchase_rate` alone")
    fails_with(task, kpis, "the whole `repurchase_rate` column")


def test_baseline_repurchase_close_value_is_close_but_not_right(baseline):
    expected = float(baseline.kpis.loc[6, "repurchase_rate"])
    message = fails_with(
        "ch06.capstone_baseline_repurchase", expected + 0.0004, "is close, but not right to 4 decimals"
    )
    assert f"{expected:.4f}" not in message


# ------------------------------------------------------------------------------ 6b.2
def test_top_lever_right_answers_written_differently(deck):
    costs = deck.costs
    for answer in (
        costs.drop(columns="goods").sum().idxmax(),
        costs.sum().drop("goods").sort_values().index[-1],
        costs.loc[:, costs.columns != "goods"].sum(axis=0).nlargest(1).index[0],
        " service_level",
        "Service level",
    ):
        assert evaluate("ch06.capstone_top_lever", answer)[0] == "pass", answer


def test_top_lever_mistakes(deck, baseline):
    costs = deck.costs
    levers = costs.drop(columns="goods").sum().sort_values(ascending=False)
    fails_with("ch06.capstone_top_lever", costs.sum().idxmax(), "not a lever")
    fails_with("ch06.capstone_top_lever", levers.index[1], "number 2 cost")
    fails_with(
        "ch06.capstone_top_lever",
        costs.drop(columns="goods").sum().sort_values().index[0],
        "smallest lever cost",
    )
    fails_with(
        "ch06.capstone_top_lever",
        baseline.costs.drop(columns="goods").sum().idxmax(),
        "largest lever cost of the baseline",
    )
    fails_with("ch06.capstone_top_lever", "marketing", "not a column")
    fails_with("ch06.capstone_top_lever", levers, "store only the name")
    fails_with("ch06.capstone_top_lever", levers.max(), "(a str)")
    fails_with("ch06.capstone_top_lever", costs.drop(columns="goods").idxmax(axis=1), "store only the name")


# ------------------------------------------------------------------------------ 6b.3
def test_strategy_right_answers_written_differently():
    for strategy in (
        LEAN,
        DECK.replace(name="leaner", service_level=(2, 1, 0, 0), referral_reward=120),
        DECK.replace(name="cheaper referrals", referral_reward=100),
    ):
        status, message = evaluate("ch06.capstone_strategy", strategy)
        assert status == "pass" and "against the four moves" in message, (strategy.name, message)


def test_strategy_mistakes():
    fails_with("ch06.capstone_strategy", DECK.replace(name="copy"), "cannot beat itself")
    fails_with("ch06.capstone_strategy", "deck", "not a name")
    fails_with("ch06.capstone_strategy", {"referral_reward": 100}, "FOUR_MOVES.replace(**levers)")
    fails_with(
        "ch06.capstone_strategy",
        DECK.replace(free_returns=False),
        "weakened the crisis levers that keep them down (no free returns)",
    )
    slow = LEAN.replace(response_hours=48.0, free_returns=False, service_reports=False)
    fails_with("ch06.capstone_strategy", slow, "slower first answers, no free returns, no service reports")
    sad = DECK.replace(member_benefits=0, service_level=(1, 0, 0, 0))
    message = fails_with(
        "ch06.capstone_strategy", sad, "although your crisis levers are those of the four moves"
    )
    assert "you weakened" not in message
    fails_with(
        "ch06.capstone_strategy",
        DECK.replace(service_level=(2, 2, 2, 2)),
        "you spend more than the four moves on service for Silver, service for Bronze, service for Iron",
    )
    fails_with("ch06.capstone_strategy", DECK.replace(contacts_per_month=4.0), "you cut contacts_per_month")
    fails_with("ch06.capstone_strategy", BASELINE, "weakened the crisis levers")


# ------------------------------------------------------------------------------ 6b.8 (a pilot plan)
PILOT = {
    "move": "crisis",
    "kpi": "monthly_complaint_rate",
    "lumen_now": 0.085,
    "comparison": "control_stores",
    "months": 3,
    "refute_if_less_than": 0.02,
}


def test_pilot_right_answers_written_differently():
    monthly = kpis.case_kpis(data.load_orders(), data.load_tickets(), data.load_surveys(), year=2024)
    for plan in (
        PILOT,
        {**PILOT, "move": "Crisis immunity", "kpi": "complaint_rate", "months": 6},
        {**PILOT, "lumen_now": monthly["complaint_rate"].mean()},
        pd.Series({**PILOT, "move": "危机免疫"}),
        {
            "move": "value",
            "kpi": "nps",
            "lumen_now": monthly["nps"].mean(),
            "comparison": "control stores",
            "months": 6,
            "refute_if_less_than": 10,
        },
        {
            "move": 1,
            "kpi": "monthly_repurchase_rate",
            "lumen_now": 0.217,
            "comparison": "control_stores",
            "months": 4,
            "refute_if_less_than": 0.03,
        },
    ):
        passes("ch06.capstone_pilot", plan)


def test_pilot_mistakes():
    task = "ch06.capstone_pilot"
    fails_with(task, {**PILOT, "kpi": "monthly_repurchase_rate"}, "could not tell the move's effect")
    fails_with(task, {**PILOT, "kpi": "complainer_share"}, "is a yearly KPI")
    fails_with(task, {**PILOT, "lumen_now": 0.201}, "ever complained (yearly)")
    fails_with(task, {**PILOT, "lumen_now": 0.22}, 'the case\'s "before", not Lumen')
    fails_with(task, {**PILOT, "lumen_now": 8.5}, "looks like a percentage")
    fails_with(
        task,
        {
            "move": "tiers",
            "kpi": "monthly_repurchase_rate",
            "lumen_now": 0.682,
            "comparison": "control_stores",
            "months": 6,
            "refute_if_less_than": 0.03,
        },
        "yearly repurchase rate",
    )
    fails_with(task, {**PILOT, "comparison": "before_after"}, "credits the season")
    fails_with(task, {**PILOT, "comparison": "all_stores"}, "nothing to compare with")
    fails_with(task, {**PILOT, "months": 1}, "too short")
    fails_with(task, {**PILOT, "refute_if_less_than": 0}, "refutes nothing")
    fails_with(task, {**PILOT, "refute_if_less_than": 2}, "percentage points")
    fails_with(task, {**PILOT, "refute_if_less_than": 0.05}, "more than the case itself reports")
    fails_with(task, {**PILOT, "move": "discounts"}, "not one of the case's four moves")
    fails_with(task, {k: v for k, v in PILOT.items() if k != "comparison"}, "has no ['comparison']")
    for odd in (
        "crisis",
        [PILOT],
        {**PILOT, "comparison": ["x"]},
        {**PILOT, "lumen_now": "0.085"},
        {**PILOT, "months": None},
        {**PILOT, "kpi": 3},
    ):
        assert evaluate(task, odd)[0] == "fail", odd


# ------------------------------------------------------------------------------ 6b.4
def test_key_account_right_answers_written_differently(key_facts):
    f = key_facts
    for answer in (
        f["spend"].idxmax(),
        f["spend"].sort_values().index[-1],
        f["spend"].nlargest(1).index[0],
        key_account().lower(),
        f" {key_account()} ",
    ):
        assert evaluate("ch06.case_key_account", answer)[0] == "pass", answer
    # the same cut written with .loc, a date string and months
    recent = f["recent"].loc[f["recent"]["opened_at"] >= "2024-10-03"]
    late = recent.loc[
        recent["first_response_at"] - recent["opened_at"] > pd.Timedelta(hours=1), "customer_id"
    ]
    spend = f["orders"].loc[f["orders"]["order_date"] >= f["as_of"] - pd.DateOffset(months=12)]
    top = spend[spend["customer_id"].isin(late)].groupby("customer_id")["amount"].sum().idxmax()
    assert evaluate("ch06.case_key_account", top)[0] == "pass"


def test_key_account_mistakes(key_facts):
    f = key_facts
    quarter = f["orders"][f["orders"]["order_date"] >= f["as_of"] - pd.Timedelta(days=90)]
    by_quarter = quarter.groupby("customer_id")["amount"].sum().reindex(f["late_ids"], fill_value=0).idxmax()
    fails_with("ch06.case_key_account", by_quarter, "spent most in the last 90 days")
    longest = f["recent"].loc[f["waited"].idxmax(), "customer_id"]
    fails_with("ch06.case_key_account", longest, "waited longest")
    most_late = f["recent"].loc[f["waited"] > 1, "customer_id"].value_counts().idxmax()
    fails_with("ch06.case_key_account", most_late, "the most late answers")
    most_orders = f["year"].groupby("customer_id").size().reindex(f["late_ids"], fill_value=0).idxmax()
    fails_with("ch06.case_key_account", most_orders, "placed the most orders")
    second = f["spend"].sort_values(ascending=False).index[1]
    fails_with("ch06.case_key_account", second, "not the biggest spender")
    on_time = sorted(set(f["recent"].loc[f["waited"] <= 1, "customer_id"]) - set(f["late_ids"]))
    fails_with("ch06.case_key_account", on_time[0], "answered within the hour")
    never = sorted(set(data.load_customers()["customer_id"]) - set(f["recent"]["customer_id"]))
    fails_with("ch06.case_key_account", never[0], "no late-answered complaint")
    fails_with("ch06.case_key_account", f["spend"].max(), "the highest spend itself")
    fails_with("ch06.case_key_account", f["spend"], "store the one customer id")
    fails_with("ch06.case_key_account", "C99999", "not a customer id")
    fails_with("ch06.case_key_account", 31, "(a str)")


# ------------------------------------------------------------------------------ 6b.5
def test_rescue_right_answers_written_differently():
    status, message = evaluate("ch06.case_rescue", RESCUE)
    assert status == "pass" and "92%" in message
    for choices in (
        {**RESCUE, "compensation": "coupon"},
        {**RESCUE, "close": "end"},
        {**RESCUE, "escalation": "manager_callback"},
        pd.Series(RESCUE),
    ):
        assert evaluate("ch06.case_rescue", choices)[0] == "pass", choices


def test_rescue_mistakes():
    fails_with(
        "ch06.case_rescue", {**RESCUE, "compensation": "cash"}, "most of it at the step 'compensation'"
    )
    fails_with("ch06.case_rescue", {**RESCUE, "diagnosis": "price"}, "rethink the step 'diagnosis' first")
    fails_with(
        "ch06.case_rescue",
        {**RESCUE, "compensation": "coupon", "third_time": "transfer"},
        "rethink the step 'third_time' first",
    )
    fails_with(
        "ch06.case_rescue",
        {**RESCUE, "opening": "defend", "escalation": "email"},
        "rethink the step 'opening' first",
    )
    # a call that would keep the customer is still wrong on a diagnosis the record contradicts
    fails_with(
        "ch06.case_rescue",
        {**RESCUE, "diagnosis": "one_bad_day"},
        "the diagnosis 'one_bad_day' is not what the record shows",
    )
    fails_with("ch06.case_rescue", {"diagnosis": "service_failures"}, "cannot be played")
    fails_with("ch06.case_rescue", {**RESCUE, "opening": "Empathy"}, "is not an option of step 'opening'")
    fails_with("ch06.case_rescue", ["empathy"], "should be a dict")


# ------------------------------------------------------------------------------ 6b.6
def test_quotation_right_answers_written_differently():
    assert evaluate("ch06.case_quotation", QUOTATION)[0] == "pass"
    for choices in (
        {**QUOTATION, "pain_points": ["supplier_consolidation", "payment_terms", "delivery_reliability"]},
        {**QUOTATION, "pain_points": QUOTATION["pain_points"] + ["price"]},
        {**QUOTATION, "quotation": {"payment_days": 90, "lead_time_days": 7, "discount": 0}},
        {**QUOTATION, "quotation": {"discount": 0.0, "lead_time_days": 20.0, "payment_days": 90.0}},
    ):
        assert evaluate("ch06.case_quotation", choices)[0] == "pass", choices


def test_quotation_mistakes():
    fails_with(
        "ch06.case_quotation",
        {**QUOTATION, "pain_points": ["delivery_reliability", "design"]},
        "['design'], which the CRM history does not support",
    )
    # an unsupported pain point is refused even where the margin would clear the bar
    fails_with(
        "ch06.case_quotation",
        {**QUOTATION, "pain_points": QUOTATION["pain_points"] + ["design"]},
        "does not support",
    )
    fails_with(
        "ch06.case_quotation",
        {**QUOTATION, "pain_points": ["delivery_reliability", "payment_terms"]},
        "more pain points",
    )
    fails_with(
        "ch06.case_quotation",
        {**QUOTATION, "quotation": {"discount": 0.05, "lead_time_days": 14, "payment_days": 90}},
        "term `discount`",
    )
    fails_with("ch06.case_quotation", {**QUOTATION, "account_manager": "dedicated"}, "step 'account_manager'")
    fails_with("ch06.case_quotation", {**QUOTATION, "talk_track": "pressure"}, "step 'talk_track'")
    fails_with(
        "ch06.case_quotation",
        {**QUOTATION, "quotation": {"discount": 0.0, "lead_time_days": 30, "payment_days": 30}},
        "term `payment_days`",
    )
    fails_with(
        "ch06.case_quotation",
        {**QUOTATION, "quotation": {"discount": 5, "lead_time_days": 14, "payment_days": 90}},
        "must lie between 0.0 and 0.2",
    )


# ------------------------------------------------------------------------------ 6b.7
def test_trigger_right_answers_written_differently():
    status, message = evaluate("ch06.case_trigger", TRIGGER)
    assert status == "pass" and "opt-outs" in message
    for choices in (
        {**TRIGGER, "offer": "pct10"},
        {**TRIGGER, "audience": "all_members", "offer": "none"},
        {"offer": "cash50", "channel": "wechat", "signal": "browse_no_buy", "audience": "all_members"},
    ):
        assert evaluate("ch06.case_trigger", choices)[0] == "pass", choices


def test_trigger_mistakes():
    blast = {"audience": "all_members", "signal": "none", "channel": "sms", "offer": "pct10"}
    fails_with("ch06.case_trigger", blast, "not profitable")
    fails_with("ch06.case_trigger", blast, "Rethink the signal first")
    fails_with("ch06.case_trigger", {**TRIGGER, "channel": "sms", "offer": "pct10"}, "opt out")
    fails_with("ch06.case_trigger", {**TRIGGER, "channel": "app_push"}, "Rethink the channel first")
    buys_anyway = {
        "audience": "high_value",
        "signal": "browse_no_buy",
        "channel": "wechat",
        "offer": "cash50",
    }
    fails_with("ch06.case_trigger", buys_anyway, "Rethink the audience first")
    fails_with("ch06.case_trigger", {**TRIGGER, "channel": "email"}, "is not an option of step 'channel'")


def test_exercise_notebook_has_every_task_and_no_answers():
    exercise = ROOT / "exercises" / "ch06_capstone.ipynb"
    nb = nbformat.read(exercise, as_version=4)
    used = {tid for cell in nb.cells if cell.cell_type == "code" for tid in CHECK_CALL.findall(cell.source)}
    assert used == set(TASKS)
    text = "\n".join(cell.source for cell in nb.cells)
    assert 'service_failures", "compensation": "beyond"' not in text
    assert "BEGIN SOLUTION" not in text and "# SOLUTION" not in text


# ------------------------------------------------------------------------------ in Chinese


@pytest.mark.parametrize("task_id", TASKS)
def test_in_chinese_placeholder_is_not_attempted(chinese, task_id):
    status, message = evaluate(task_id, ...)
    assert status == "not attempted" and "尚未作答" in message, message


def test_in_chinese_solutions_pass(chinese):
    message = passes("ch06.case_rescue", RESCUE)
    assert message.startswith("✓ ch06.case_rescue — 以合理成本留住客户的挽回电话：正确。")
    assert message.endswith("留存概率 92%，成本 ¥1,070。")
    message = passes("ch06.capstone_pilot", PILOT)
    assert message.startswith("✓ ch06.capstone_pilot — 一份能够证伪案例中某项举措的试点方案：正确。")
    assert "危机管理举措，以 monthly_complaint_rate 评判（Lumen 现为 0.085）" in message
    assert "若试点店的改善不足 0.020，即被证伪" in message


def test_in_chinese_wrong_answers_name_the_mistake(chinese, baseline):
    for task_id, answer, phrase in [
        (
            "ch06.capstone_baseline_repurchase",
            baseline.kpis.loc[6, "repurchase_rate"] * 100,
            "这看起来是百分数",
        ),
        ("ch06.capstone_baseline_repurchase", baseline.kpis.loc[1, "repurchase_rate"], "这是第 1 个月的值"),
        (
            "ch06.capstone_pilot",
            {**PILOT, "comparison": "before_after"},
            "前后对比会把季节的作用算到举措头上",
        ),
        ("ch06.capstone_pilot", {**PILOT, "months": 1}, "1 个月太短"),
        ("ch06.capstone_pilot", {**PILOT, "kpi": "complainer_share"}, "是年度 KPI"),
        ("ch06.case_rescue", {**RESCUE, "compensation": "cash"}, "大部分花在步骤 'compensation' 上"),
        ("ch06.case_trigger", {**TRIGGER, "channel": "app_push"}, "先重新考虑渠道（channel）"),
        ("ch06.case_key_account", "C99999", "不是课程数据中的客户编号"),
    ]:
        message = fails_with(task_id, answer, phrase)
        assert has_cjk(message.split(" — ", 1)[1]), message


def test_in_chinese_lists_and_cached_slips_follow_the_language(chinese):
    """Lever names are listed with 、; the pilot's slips are computed once and translated when shown."""
    from course_lib.language import set_language

    slow = LEAN.replace(response_hours=48.0, free_returns=False, service_reports=False)
    fails_with("ch06.capstone_strategy", slow, "（首次响应更慢、取消免费退货、取消服务报告")
    fails_with("ch06.capstone_pilot", {**PILOT, "lumen_now": 0.201}, "全年购买者中投诉过的比例")
    set_language("en")
    fails_with("ch06.capstone_pilot", {**PILOT, "lumen_now": 0.201}, "ever complained (yearly)")


def test_in_chinese_hints(chinese, capsys):
    from course_lib.checks import hint

    hint("ch06.case_rescue", 1)
    shown = capsys.readouterr().out
    assert shown.startswith("ch06.case_rescue 的提示 1/3：先读记录") and has_cjk(shown)
    assert "hint('ch06.case_rescue', 2)" in shown
