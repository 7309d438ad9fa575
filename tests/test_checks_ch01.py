"""Chapter 1 checks: the solution and other right answers pass (another idiom, a value
rounded to the stated precision), typical mistakes made on the shipped data get a message
that names them, the placeholder is not attempted, the expected figure is never shown."""

import math

import numpy as np
import pandas as pd
import pytest
from check_answers import fails_with, has_cjk, passes

from course_lib import metrics
from course_lib.checks import evaluate

pytestmark = pytest.mark.usefixtures("workspace")


@pytest.fixture(scope="module")
def tables():
    from course_lib import data

    return dict(
        customers=data.load_customers(),
        orders=data.load_orders(),
        tickets=data.load_tickets(),
        campaigns=data.load_campaigns(),
        followups=data.load_followups(),
        loyalty=data.load_loyalty(),
    )


TASKS = [
    "ch01.retention_uplift",
    "ch01.cac_ratio",
    "ch01.recency_component",
    "ch01.share_under",
    "ch01.score_auc",
    "ch01.silo_join",
    "ch01.crm_types",
    "ch01.call_list",
]


@pytest.mark.parametrize("task_id", TASKS)
def test_placeholder_is_not_attempted(task_id):
    assert evaluate(task_id, ...)[0] == "not attempted"


def _close_but_off(task_id, answer, right, decimals):
    message = fails_with(task_id, answer, "close, but not right")
    for shown in {f"{right:.{decimals}f}", f"{right:.{decimals + 1}f}", f"{right:.{decimals + 2}f}"}:
        assert shown not in message, message


# ------------------------------------------------------------------------ retention uplift
def _profit(r, margin=200, cac=400, years=5, discount=0.0, first=0):
    return sum(margin * r**t / (1 + discount) ** (t + 1) for t in range(first, first + years)) - cac


def _uplift(**kw):
    return (_profit(0.65, **kw) - _profit(0.60, **kw)) / _profit(0.60, **kw)


def test_retention_uplift_right_variants():
    right = _uplift()
    passes("ch01.retention_uplift", right)
    passes("ch01.retention_uplift", round(right, 2))  # 0.72, as stated
    passes("ch01.retention_uplift", np.float64(right))
    terms = np.arange(5)
    before, after = 200 * np.sum(0.60**terms) - 400, 200 * np.sum(0.65**terms) - 400
    passes("ch01.retention_uplift", after / before - 1)
    passes(
        "ch01.retention_uplift",
        metrics.retention_profit_uplift(
            margin=200, retention=0.60, acquisition_cost=400, discount_rate=0.0, years=5
        )["uplift"],
    )


def test_retention_uplift_typical_mistakes():
    right = _uplift()
    fails_with("ch01.retention_uplift", right * 100, "percentage")
    fails_with("ch01.retention_uplift", round(right * 100), "percentage")
    fails_with("ch01.retention_uplift", _profit(0.65) - _profit(0.60), "gain in CNY")
    fails_with("ch01.retention_uplift", _profit(0.65) / _profit(0.60), "ratio minus 1")
    fails_with("ch01.retention_uplift", (_profit(0.65) - _profit(0.60)) / _profit(0.65), "profit *after*")
    fails_with("ch01.retention_uplift", (_profit(0.65) + 400) / (_profit(0.60) + 400) - 1, "acquisition cost")
    fails_with("ch01.retention_uplift", _uplift(cac=2000), "paid once")
    fails_with("ch01.retention_uplift", (_profit(0.63) - _profit(0.60)) / _profit(0.60), "five points")
    fails_with("ch01.retention_uplift", 0.05 / 0.60, "retention rate")
    fails_with("ch01.retention_uplift", _uplift(discount=0.1), "no discounting")
    fails_with("ch01.retention_uplift", _uplift(first=1), "r⁰ = 1")
    fails_with("ch01.retention_uplift", _uplift(years=4), "five years")
    fails_with("ch01.retention_uplift", "72%", "not the text")
    _close_but_off("ch01.retention_uplift", 0.715, right, 3)
    fails_with(
        "ch01.retention_uplift",
        metrics.retention_profit_uplift(
            margin=200, retention=0.60, acquisition_cost=400, discount_rate=0.0, years=5
        ),
        "whole result",
    )


# ------------------------------------------------------------------------------ cac ratio
def _costs(tables, budget=250_000, loyalty=True):
    return metrics.acquisition_vs_retention(
        tables["orders"],
        tables["customers"],
        tables["campaigns"],
        tables["followups"],
        tables["loyalty"] if loyalty else None,
        year=2024,
        costs={"acquisition_budget": budget},
    )


@pytest.fixture(scope="module")
def costs(tables):
    return _costs(tables)


def test_cac_ratio_right_variants(costs):
    right = costs.loc["acquire", "marketing_per_customer"] / costs.loc["retain", "marketing_per_customer"]
    passes("ch01.cac_ratio", right)
    passes("ch01.cac_ratio", round(right, 1))  # "about 5.5 times"
    per = costs["marketing_per_customer"]
    passes("ch01.cac_ratio", per["acquire"] / per["retain"])
    passes("ch01.cac_ratio", (costs["marketing"] / costs["customers"]).pipe(lambda s: s.iloc[0] / s.iloc[1]))


def test_cac_ratio_typical_mistakes(tables, costs):
    right = costs.loc["acquire", "marketing_per_customer"] / costs.loc["retain", "marketing_per_customer"]

    def ratio(table, column="marketing_per_customer"):
        return table.loc["acquire", column] / table.loc["retain", column]

    fails_with("ch01.cac_ratio", 1 / right, "acquire ÷ retain")
    fails_with("ch01.cac_ratio", ratio(_costs(tables, 300_000)), "¥250,000")
    fails_with("ch01.cac_ratio", ratio(_costs(tables, 250)), "`250_000`")
    fails_with("ch01.cac_ratio", ratio(_costs(tables, loyalty=False)), "`loyalty`")
    fails_with("ch01.cac_ratio", ratio(costs, "per_customer"), "includes the discounts")
    fails_with("ch01.cac_ratio", ratio(costs, "per_order"), "cost per order")
    fails_with("ch01.cac_ratio", ratio(costs, "marketing"), "total marketing")
    fails_with("ch01.cac_ratio", ratio(costs, "total"), "total costs")
    fails_with(
        "ch01.cac_ratio",
        costs.loc["acquire", "marketing_per_customer"] - costs.loc["retain", "marketing_per_customer"],
        "*times*",
    )
    _close_but_off("ch01.cac_ratio", right - 0.25, right, 1)


# -------------------------------------------------------------------- recency component
def test_recency_component_right_variants():
    passes("ch01.recency_component", lambda d: 100 * 0.5 ** (np.asarray(d, dtype=float) / 120))
    passes("ch01.recency_component", lambda d: [100 * 0.5 ** (x / 120) for x in d])
    passes("ch01.recency_component", lambda d: 100 / 2 ** (np.asarray(d) / 120))
    passes("ch01.recency_component", lambda d: 100 * np.exp(-np.log(2) * np.asarray(d) / 120))
    passes("ch01.recency_component", lambda d: np.round(100 * 0.5 ** (np.asarray(d) / 120), 1))
    # written for the Series the notebook passes: right, with a remark about lists
    remark = passes("ch01.recency_component", lambda d: d.div(120).rpow(0.5).mul(100))
    assert "np.asarray" in remark
    assert "a list" in passes("ch01.recency_component", lambda days: 100 * 0.5 ** (days / 120))


def test_recency_component_typical_mistakes():
    import math as m

    fails_with("ch01.recency_component", lambda d: 0.5 ** (np.asarray(d) / 120), "0 to 1")
    fails_with("ch01.recency_component", lambda d: 100 - 100 * 0.5 ** (np.asarray(d) / 120), "rises with")
    fails_with("ch01.recency_component", lambda d: 100 * np.exp(-np.asarray(d) / 120), "37 %")
    fails_with("ch01.recency_component", lambda d: 100 * 0.5 ** (np.asarray(d) / 90), "every 90 days")
    fails_with("ch01.recency_component", lambda d: 100 * 0.5 ** (np.asarray(d) // 120), "`days // 120`")
    fails_with("ch01.recency_component", lambda d: 100 * 0.5 ** np.asarray(d) / 120, "in brackets")
    fails_with("ch01.recency_component", lambda d: 100 * 0.5 * np.asarray(d) / 120, "instead of raising")
    fails_with(
        "ch01.recency_component", lambda d: np.clip(100 - np.asarray(d) * 50 / 120, 0, 100), "straight line"
    )
    fails_with(
        "ch01.recency_component", lambda d: np.round(100 * 0.5 ** (np.asarray(d) / 120)), "whole numbers"
    )
    fails_with("ch01.recency_component", lambda d: 100 * m.pow(0.5, d / 120), "raised TypeError")
    fails_with("ch01.recency_component", lambda d: 100 * 0.5 ** (np.asarray(d) / 100), "test values are off")
    fails_with("ch01.recency_component", lambda d: float(np.mean(d)), "returned 1 values")
    fails_with("ch01.recency_component", 50.0, "should be a function")

    def rounds_lists_only(days):  # right on a Series, wrong on a plain list
        if isinstance(days, list):
            return [round(100 * 0.5 ** (d / 120)) for d in days]
        return 100 * 0.5 ** (np.asarray(days) / 120)

    fails_with("ch01.recency_component", rounds_lists_only, "whole numbers")

    def unfinished(days): ...

    assert evaluate("ch01.recency_component", unfinished)[0] == "not attempted"


# ---------------------------------------------------------------------------- share under
@pytest.fixture(scope="module")
def september(tables):
    day = pd.Timestamp("2024-09-30")
    scores = metrics.health_scores(as_of=day)
    orders = tables["orders"]

    def active(days=180, until=orders["order_date"] < day):
        last = orders[until].groupby("customer_id")["order_date"].max()
        return scores["customer_id"].map((day - last).dt.days < days).fillna(False).astype(bool).to_numpy()

    return scores, active


def test_share_under_right_variants(september, tables):
    scores, active = september
    right = float((scores["health_score"][active()] < 75).mean())
    passes("ch01.share_under", right)
    passes("ch01.share_under", round(right, 3))
    passes("ch01.share_under", (scores.loc[active(), "health_score"] <= 75).sum() / active().sum())
    orders = tables["orders"]
    last = (
        orders[orders["order_date"] < "2024-09-30"].groupby("customer_id", as_index=False)["order_date"].max()
    )
    merged = scores.merge(last, on="customer_id")
    merged = merged[(pd.Timestamp("2024-09-30") - merged["order_date"]).dt.days <= 179]
    passes("ch01.share_under", np.mean(merged["health_score"] < 75))


def test_share_under_typical_mistakes(september, tables):
    scores, active = september
    score = scores["health_score"]
    right = float((score[active()] < 75).mean())
    fails_with("ch01.share_under", right * 100, "percentage")
    fails_with("ch01.share_under", round(right * 100, 1), "percentage")
    fails_with("ch01.share_under", f"{right:.1%}", "not the text")
    fails_with("ch01.share_under", 1 - right, "at or above 75")
    fails_with("ch01.share_under", float((score < 75).mean()), "every scored customer")
    fails_with("ch01.share_under", float((score[active()] < 75).sum() / len(score)), "divides by every")
    fails_with("ch01.share_under", float((score[active()] < 75).sum()), "count of customers")
    orders = tables["orders"]
    fails_with(
        "ch01.share_under",
        float((score[active(until=orders["order_date"] <= "2024-09-30")] < 75).mean()),
        "placed on 2024-09-30 itself",
    )
    fails_with("ch01.share_under", float((score[active(90)] < 75).mean()), "within 90 days")
    fails_with("ch01.share_under", float((score[active(365)] < 75).mean()), "within a year")
    fails_with("ch01.share_under", float((score[active()] < 80).mean()), "80 as the alert line")
    july = metrics.health_scores(as_of="2024-07-01")
    last = orders[orders["order_date"] < "2024-07-01"].groupby("customer_id")["order_date"].max()
    in_july = july["customer_id"].map((pd.Timestamp("2024-07-01") - last).dt.days < 180).to_numpy()
    fails_with("ch01.share_under", float((july.loc[in_july, "health_score"] < 75).mean()), "2024-07-01")
    _close_but_off("ch01.share_under", right + 0.004, right, 3)


# ------------------------------------------------------------------------------ score auc
@pytest.fixture(scope="module")
def four_weeks():
    return metrics.health_scores(as_of="2024-07-01", weeks=4)


@pytest.fixture(scope="module")
def labelled(tables, four_weeks):
    return metrics.label_scores(four_weeks, tables["orders"], horizon_days=180, active_days=180)


# the trainee's roc_auc_score: the Mann-Whitney AUC with ties counting one half (course_lib.health
# and the ch01 check use it too, so the import costs this module nothing extra)
from sklearn.metrics import roc_auc_score  # noqa: E402


def test_auc_stand_in_matches_sklearn_on_a_small_case():
    labels = np.array([True, False, True, False, False, True])
    scores = np.array([0.9, 0.1, 0.4, 0.4, 0.35, 0.8])
    assert math.isclose(roc_auc_score(labels, scores), 8.5 / 9)  # by hand: 8 wins, 1 tie


def test_score_auc_right_variants(labelled):
    right = roc_auc_score(labelled["lost"], -labelled["health_score"])
    passes("ch01.score_auc", right)
    passes("ch01.score_auc", round(right, 3))
    passes("ch01.score_auc", 1 - roc_auc_score(labelled["lost"], labelled["health_score"]))
    passes("ch01.score_auc", roc_auc_score(~labelled["lost"], labelled["health_score"]))
    passes("ch01.score_auc", roc_auc_score(labelled["lost"].astype(int), 100 - labelled["health_score"]))


def test_score_auc_typical_mistakes(labelled, tables, four_weeks):
    lost, score = labelled["lost"], labelled["health_score"]
    right = roc_auc_score(lost, -score)
    fails_with("ch01.score_auc", roc_auc_score(lost, score), "wrong way round")
    fails_with("ch01.score_auc", right * 100, "percentage")
    fails_with("ch01.score_auc", round(right * 100), "percentage")
    fails_with("ch01.score_auc", roc_auc_score(lost, score < 75), "under/over 75")
    fails_with("ch01.score_auc", float(((score < 75) == lost).mean()), "accuracy")
    fails_with("ch01.score_auc", roc_auc_score(lost, -labelled["recency"]), "recency component")
    # one week of scores (as_of="2024-07-01", weeks=1) is the last of the four weeks
    last = four_weeks[four_weeks["week"] == four_weeks["week"].max()]
    one_week = metrics.label_scores(last, tables["orders"])
    fails_with("ch01.score_auc", roc_auc_score(one_week["lost"], -one_week["health_score"]), "one week")
    short = metrics.label_scores(four_weeks, tables["orders"], horizon_days=90)
    fails_with("ch01.score_auc", roc_auc_score(short["lost"], -short["health_score"]), "90 days")
    _close_but_off("ch01.score_auc", right - 0.003, right, 3)


# ------------------------------------------------------------------------------ silo join
def _silo(
    tables,
    *,
    window=180,
    late_hours=1.0,
    spend_days=365,
    spend_until=True,
    tickets_until=True,
    among_all=False,
    by_orders=False,
):
    day = pd.Timestamp("2024-07-01")
    orders, tickets = tables["orders"], tables["tickets"]
    keep = orders["order_date"] >= day - pd.Timedelta(days=spend_days)
    if spend_until:
        keep &= orders["order_date"] < day
    grouped = orders[keep].groupby("customer_id")
    spend = grouped.size() if by_orders else grouped["amount"].sum()
    if among_all:
        spend = spend.reindex(tables["customers"]["customer_id"], fill_value=0)
    high = spend.nlargest(round(len(spend) * 0.2))
    keep = tickets["opened_at"] >= day - pd.Timedelta(days=window)
    if tickets_until:
        keep &= tickets["opened_at"] < day
    recent = tickets[keep]
    wait = (recent["first_response_at"] - recent["opened_at"]).dt.total_seconds() / 3600
    late = recent.loc[wait > late_hours, "customer_id"].unique()
    return sorted(high.index.intersection(late)), high, recent[wait > late_hours]


def test_silo_join_right_variants(tables):
    right, high, late = _silo(tables)
    passes("ch01.silo_join", right)
    passes("ch01.silo_join", pd.Index(right))
    passes("ch01.silo_join", set(right))
    passes("ch01.silo_join", np.array(right))
    passes("ch01.silo_join", high[high.index.isin(late["customer_id"])])  # spend, indexed by id
    passes("ch01.silo_join", metrics.silo_customers(tables["orders"], tables["tickets"], as_of="2024-07-01"))
    joined = high.rename("spend").reset_index().merge(late[["customer_id"]], on="customer_id")
    passes("ch01.silo_join", list(joined["customer_id"].unique()))
    passes("ch01.silo_join", joined.drop_duplicates("customer_id"))  # a table with the column
    day = pd.Timestamp("2024-07-01")
    orders = tables["orders"]
    spend = (
        orders[(orders["order_date"] >= day - pd.Timedelta(days=365)) & (orders["order_date"] < day)]
        .groupby("customer_id")["amount"]
        .sum()
    )
    top = spend[spend >= spend.quantile(0.8)]  # quantile, not nlargest
    passes("ch01.silo_join", [c for c in top.index if c in set(late["customer_id"])])


def test_silo_join_typical_mistakes(tables):
    right, high, late = _silo(tables)
    fails_with("ch01.silo_join", _silo(tables, late_hours=0.0)[0], "first answered more than 1 hour")
    fails_with("ch01.silo_join", _silo(tables, window=365)[0], "whole year for complaints")
    fails_with("ch01.silo_join", _silo(tables, window=90)[0], "only 90 days")
    fails_with("ch01.silo_join", _silo(tables, tickets_until=False)[0], "on or after 2024-07-01")
    fails_with("ch01.silo_join", _silo(tables, spend_until=False)[0], "orders on and after")
    fails_with("ch01.silo_join", _silo(tables, among_all=True)[0], "all registered customers")
    fails_with("ch01.silo_join", _silo(tables, by_orders=True)[0], "number of orders")
    fails_with("ch01.silo_join", _silo(tables, spend_days=730)[0], "whole history")
    fails_with("ch01.silo_join", _silo(tables, spend_days=180)[0], "spend over 180 days")
    fails_with("ch01.silo_join", sorted(set(high.index) | set(late["customer_id"])), "on *both* lists")
    joined = high.rename("spend").reset_index().merge(late[["customer_id"]], on="customer_id")
    fails_with("ch01.silo_join", list(joined["customer_id"]), "more than once")
    fails_with("ch01.silo_join", _silo(tables, late_hours=24.0)[0], "is empty")
    fails_with("ch01.silo_join", "C00368", "list of customer ids")
    fails_with("ch01.silo_join", high.index.isin(late["customer_id"]), "True/False mask")


# ------------------------------------------------------------------------------ crm types
RIGHT_TYPES = {
    "a": "operational",
    "b": "analytical",
    "c": "collaborative",
    "d": "operational",
    "e": "analytical",
    "f": "collaborative",
}


def test_crm_types_right_variants():
    passes("ch01.crm_types", RIGHT_TYPES)
    chinese = {"a": "运营型", "b": "分析型", "c": "协作型", "d": "运营型", "e": "分析型", "f": "协作型"}
    passes("ch01.crm_types", chinese)
    passes("ch01.crm_types", {k: v.upper() for k, v in RIGHT_TYPES.items()})
    passes("ch01.crm_types", {k.upper(): f"{v.title()} CRM" for k, v in RIGHT_TYPES.items()})
    passes("ch01.crm_types", {k: v[:2] for k, v in chinese.items()})  # 运营 / 分析 / 协作


def test_crm_types_typical_mistakes():
    message = fails_with("ch01.crm_types", RIGHT_TYPES | {"c": "analytical"}, "collaborative CRM")
    assert "'c'" not in message  # the hint teaches the rule, not the key
    fails_with("ch01.crm_types", RIGHT_TYPES | {"a": "analytical"}, "is operational")
    fails_with("ch01.crm_types", RIGHT_TYPES | {"b": "operational"}, "analytical CRM")
    fails_with(
        "ch01.crm_types",
        RIGHT_TYPES | {"a": "collaborative", "d": "collaborative"},
        "run by one team is operational",
    )
    fails_with("ch01.crm_types", dict.fromkeys(RIGHT_TYPES, "operational"), "collaborative CRM")
    fails_with("ch01.crm_types", RIGHT_TYPES | {"e": "operational"}, "analytical CRM")
    fails_with("ch01.crm_types", {k: v for k, v in RIGHT_TYPES.items() if k != "f"}, "['f'] have no answer")
    fails_with("ch01.crm_types", RIGHT_TYPES | {"b": "strategic"}, "not one of")
    fails_with("ch01.crm_types", RIGHT_TYPES | {"e": ...}, "still hold `...`")
    fails_with("ch01.crm_types", ["operational"] * 6, "should be a dict")
    assert evaluate("ch01.crm_types", dict.fromkeys(RIGHT_TYPES, ...))[0] == "not attempted"


# ------------------------------------------------------------------------------ call list
@pytest.fixture(scope="module")
def board():
    return metrics.care_call_board(as_of="2024-09-30")


def _callable(board):
    return board[(board["health_score"] < 75) & (board["days_since_order"] < 180) & board["consent_phone"]]


def test_call_list_right_variants(board):
    flagged = _callable(board)
    at_stake = flagged["spend_365d"] * (100 - flagged["health_score"]) / 100
    message = passes("ch01.call_list", list(at_stake.nlargest(150).index))  # the solution
    assert "late-answered complaint" in message
    passes("ch01.call_list", flagged["spend_365d"].nlargest(150).index)  # by spend, an Index
    passes("ch01.call_list", flagged.loc[flagged["spend_365d"].nlargest(140).index])  # a table, 140 calls
    late_first = flagged.sort_values(["late_complaint", "spend_365d"], ascending=False)
    passes("ch01.call_list", set(late_first.index[:150]))  # complaints first


def test_call_list_typical_mistakes(board):
    flagged = _callable(board)
    by_value = flagged["spend_365d"].nlargest(150).index
    under = board[board["health_score"] < 75]
    fails_with("ch01.call_list", list(flagged["spend_365d"].nlargest(200).index), "capacity of 150")
    active = board[board["days_since_order"] < 180]
    fails_with(
        "ch01.call_list",
        list(active[active["consent_phone"]]["spend_365d"].nlargest(150).index),
        "score 75 or more",
    )
    callable_under = under[under["consent_phone"]]
    fails_with("ch01.call_list", list(callable_under["spend_365d"].nlargest(150).index), "already lapsed")
    active_under = under[under["days_since_order"] < 180]
    fails_with("ch01.call_list", list(active_under["spend_365d"].nlargest(150).index), "`consent_phone`")
    fails_with("ch01.call_list", list(flagged["health_score"].nsmallest(150).index), "ignores value")
    fails_with("ch01.call_list", list(by_value[:60]), "would go unused")
    fails_with("ch01.call_list", list(by_value) + [by_value[0]], "more than once")
    fails_with("ch01.call_list", ["C99999"], "not on this week's board")
    fails_with("ch01.call_list", [], "is empty")


# ------------------------------------------------------------------------------ in Chinese


def test_in_chinese_unfilled_and_solution(chinese, board):
    status, message = evaluate("ch01.retention_uplift", ...)
    assert status == "not attempted" and "尚未作答" in message
    message = passes("ch01.retention_uplift", _uplift())
    assert message == "✓ ch01.retention_uplift — 留存率提高五个百分点带来的利润提升：正确。"
    flagged = _callable(board)
    at_stake = flagged["spend_365d"] * (100 - flagged["health_score"]) / 100
    message = passes("ch01.call_list", list(at_stake.nlargest(150).index))  # the solution
    assert message.startswith("✓ ch01.call_list — 本周 150 通关怀电话打给谁：正确。你的 150 通电话覆盖了 ¥")
    assert "位有超时响应投诉的可致电客户中的" in message
    remark = passes("ch01.recency_component", lambda days: 100 * 0.5 ** (days / 120))
    assert "（days 为列表时它会报错；" in remark


def test_in_chinese_wrong_answers_name_the_mistake(chinese, board):
    right = _uplift()
    for task_id, answer, phrase in [
        ("ch01.retention_uplift", right * 100, "这看起来是百分数"),
        ("ch01.retention_uplift", _uplift(cac=2000), "每年都扣一次 ¥400 的获客成本"),
        ("ch01.recency_component", lambda d: 100 * 0.5 ** (np.asarray(d) / 90), "每 90 天减半"),
        ("ch01.crm_types", RIGHT_TYPES | {"c": "analytical"}, "属于协作型CRM"),
    ]:
        message = fails_with(task_id, answer, phrase)
        assert has_cjk(message.split(" — ", 1)[1]), message
    # several problems of one list: one sentence, clauses joined by a Chinese semicolon
    under = board[board["health_score"] < 75]
    message = fails_with(
        "ch01.call_list", list(under["spend_365d"].nlargest(200).index), "超出了 150 通的人力上限"
    )
    assert "；" in message and message.endswith("。") and "; " not in message
    message = fails_with("ch01.retention_uplift", 5.0, "uplift = 5.000 不对。利润 = 200 × ")


def test_in_chinese_stored_messages_follow_the_language(chinese):
    """The slips are stored in English once and translated when shown."""
    from course_lib.language import set_language

    fails_with("ch01.recency_component", lambda d: 100 * 0.5 ** (np.asarray(d) // 120), "阶梯式下降")
    set_language("en")
    fails_with("ch01.recency_component", lambda d: 100 * 0.5 ** (np.asarray(d) // 120), "`days // 120`")


def test_in_chinese_hints(chinese, capsys):
    from course_lib.checks import hint

    hint("ch01.call_list", 1)
    shown = capsys.readouterr().out
    assert shown.startswith("ch01.call_list 的提示 1/2：先筛选再排序：低于警戒线") and has_cjk(shown)
    assert "hint('ch01.call_list', 2)" in shown
