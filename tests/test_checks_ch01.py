"""Chapter 1 checks: the solution passes, the placeholder is not attempted, typical mistakes
get their specific hint."""

import numpy as np
import pandas as pd
import pytest

from course_lib import metrics
from course_lib.checks import evaluate


@pytest.fixture(autouse=True)
def workspace(tmp_path, monkeypatch):
    monkeypatch.setenv("CRM_COURSE_WORKSPACE", str(tmp_path))


@pytest.fixture(scope="module")
def tables():
    from course_lib import data

    return dict(customers=data.load_customers(), orders=data.load_orders(),
                tickets=data.load_tickets(), campaigns=data.load_campaigns(),
                followups=data.load_followups(), loyalty=data.load_loyalty())


TASKS = ["ch01.retention_uplift", "ch01.cac_ratio", "ch01.recency_component", "ch01.share_under",
         "ch01.score_auc", "ch01.silo_join", "ch01.crm_types"]


@pytest.mark.parametrize("task_id", TASKS)
def test_placeholder_is_not_attempted(task_id):
    assert evaluate(task_id, ...)[0] == "not attempted"


def _fails_with(task_id, answer, fragment):
    status, message = evaluate(task_id, answer)
    assert status == "fail", message
    assert fragment in message, message
    return message


# ------------------------------------------------------------------------ retention uplift
def _profit(r, margin=200, cac=400, years=5, discount=0.0):
    return sum(margin * r ** t / (1 + discount) ** (t + 1) for t in range(years)) - cac


def test_retention_uplift():
    right = (_profit(0.65) - _profit(0.60)) / _profit(0.60)
    assert evaluate("ch01.retention_uplift", right)[0] == "pass"
    _fails_with("ch01.retention_uplift", right * 100, "percentage")
    _fails_with("ch01.retention_uplift", _profit(0.65) - _profit(0.60), "gain in CNY")
    _fails_with("ch01.retention_uplift", (_profit(0.65) + 400) / (_profit(0.60) + 400) - 1,
                "acquisition cost")
    _fails_with("ch01.retention_uplift", (_profit(0.63) - _profit(0.60)) / _profit(0.60), "five points")
    _fails_with("ch01.retention_uplift",
                (_profit(0.65, discount=0.1) - _profit(0.6, discount=0.1)) / _profit(0.6, discount=0.1),
                "no discounting")
    _fails_with("ch01.retention_uplift",
                (_profit(0.65, years=4) - _profit(0.6, years=4)) / _profit(0.6, years=4), "five years")
    _fails_with("ch01.retention_uplift", "72%", "should be a number")


# ------------------------------------------------------------------------------ cac ratio
def _costs(tables, budget):
    return metrics.acquisition_vs_retention(tables["orders"], tables["customers"], tables["campaigns"],
                                            tables["followups"], tables["loyalty"], year=2024,
                                            costs={"acquisition_budget": budget})


def test_cac_ratio(tables):
    costs = _costs(tables, 250_000)
    right = costs.loc["acquire", "marketing_per_customer"] / costs.loc["retain", "marketing_per_customer"]
    assert evaluate("ch01.cac_ratio", right)[0] == "pass"
    _fails_with("ch01.cac_ratio", 1 / right, "acquire ÷ retain")
    default = _costs(tables, 300_000)
    _fails_with("ch01.cac_ratio", default.loc["acquire", "marketing_per_customer"]
                / default.loc["retain", "marketing_per_customer"], "¥250,000")
    _fails_with("ch01.cac_ratio", costs.loc["acquire", "per_customer"] / costs.loc["retain", "per_customer"],
                "includes the discounts")
    _fails_with("ch01.cac_ratio", costs.loc["acquire", "per_order"] / costs.loc["retain", "per_order"],
                "cost per order")


# -------------------------------------------------------------------- recency component
def test_recency_component():
    assert evaluate("ch01.recency_component", lambda d: 100 * 0.5 ** (np.asarray(d) / 120))[0] == "pass"
    assert evaluate("ch01.recency_component", lambda d: pd.Series(d).div(120).rpow(0.5).mul(100))[0] == "pass"
    _fails_with("ch01.recency_component", lambda d: 0.5 ** (np.asarray(d) / 120), "0 to 1")
    _fails_with("ch01.recency_component", lambda d: 100 - 100 * 0.5 ** (np.asarray(d) / 120), "rises with")
    _fails_with("ch01.recency_component", lambda d: 100 * np.exp(-np.asarray(d) / 120), "37 %")
    _fails_with("ch01.recency_component", lambda d: 100 * 0.5 ** (np.asarray(d) / 90), "every 90 days")
    _fails_with("ch01.recency_component", lambda d: np.clip(100 - np.asarray(d) / 2.4, 0, 100), "test values are off")
    _fails_with("ch01.recency_component", 50.0, "should be a function")

    def unfinished(days):
        ...

    assert evaluate("ch01.recency_component", unfinished)[0] == "not attempted"


# ---------------------------------------------------------------------------- share under
@pytest.fixture(scope="module")
def september(tables):
    day = pd.Timestamp("2024-09-30")
    scores = metrics.health_scores(as_of=day)
    orders = tables["orders"]
    last = orders[orders["order_date"] < day].groupby("customer_id")["order_date"].max()
    active = scores["customer_id"].map((day - last).dt.days < 180).to_numpy()
    return scores["health_score"], active


def test_share_under(september):
    score, active = september
    right = float((score[active] < 75).mean())
    assert evaluate("ch01.share_under", right)[0] == "pass"
    _fails_with("ch01.share_under", right * 100, "percentage")
    _fails_with("ch01.share_under", 1 - right, "at or above 75")
    _fails_with("ch01.share_under", float((score < 75).mean()), "every scored customer")
    _fails_with("ch01.share_under", float((score[active] < 75).sum()), "count of customers")


# ------------------------------------------------------------------------------ score auc
def test_score_auc():
    from sklearn.metrics import roc_auc_score

    from course_lib import data

    labelled = metrics.label_scores(metrics.health_scores(as_of="2024-07-01", weeks=4), data.load_orders())
    right = roc_auc_score(labelled["lost"], -labelled["health_score"])
    assert evaluate("ch01.score_auc", right)[0] == "pass"
    _fails_with("ch01.score_auc", roc_auc_score(labelled["lost"], labelled["health_score"]), "wrong way round")
    _fails_with("ch01.score_auc", right * 100, "percentage")
    one_week = metrics.label_scores(metrics.health_scores(as_of="2024-07-01"), data.load_orders())
    _fails_with("ch01.score_auc", roc_auc_score(one_week["lost"], -one_week["health_score"]), "four weeks")


# ------------------------------------------------------------------------------ silo join
def _silo(tables, *, window=180, late_hours=1.0, spend_days=365):
    day = pd.Timestamp("2024-07-01")
    orders, tickets = tables["orders"], tables["tickets"]
    in_year = orders[(orders["order_date"] >= day - pd.Timedelta(days=spend_days)) & (orders["order_date"] < day)]
    spend = in_year.groupby("customer_id")["amount"].sum()
    high = spend.nlargest(round(len(spend) * 0.2))
    recent = tickets[(tickets["opened_at"] >= day - pd.Timedelta(days=window)) & (tickets["opened_at"] < day)]
    wait = (recent["first_response_at"] - recent["opened_at"]).dt.total_seconds() / 3600
    late = recent.loc[wait > late_hours, "customer_id"].unique()
    return sorted(high.index.intersection(late)), high, late


def test_silo_join(tables):
    right, high, late = _silo(tables)
    assert evaluate("ch01.silo_join", right)[0] == "pass"
    assert evaluate("ch01.silo_join", pd.Index(right))[0] == "pass"
    _fails_with("ch01.silo_join", _silo(tables, late_hours=0.0)[0], "first answered more than 1 hour")
    _fails_with("ch01.silo_join", _silo(tables, window=365)[0], "180 days")
    _fails_with("ch01.silo_join", sorted(set(high.index) | set(late)), "on *both* lists")
    _fails_with("ch01.silo_join", _silo(tables, spend_days=730)[0], "365-day spend window")
    _fails_with("ch01.silo_join", "C00368", "list of customer ids")


# ------------------------------------------------------------------------------ crm types
RIGHT_TYPES = {"a": "operational", "b": "analytical", "c": "collaborative", "d": "operational",
               "e": "analytical", "f": "collaborative"}


def test_crm_types():
    assert evaluate("ch01.crm_types", RIGHT_TYPES)[0] == "pass"
    chinese = {"a": "运营型", "b": "分析型", "c": "协作型", "d": "运营型", "e": "分析型", "f": "协作型"}
    assert evaluate("ch01.crm_types", chinese)[0] == "pass"
    assert evaluate("ch01.crm_types", {k: v.upper() for k, v in RIGHT_TYPES.items()})[0] == "pass"
    message = _fails_with("ch01.crm_types", RIGHT_TYPES | {"c": "analytical"}, "collaborative CRM")
    assert "'c'" not in message                     # the hint teaches the rule, not the key
    _fails_with("ch01.crm_types", RIGHT_TYPES | {"a": "analytical"}, "is operational")
    _fails_with("ch01.crm_types", {k: v for k, v in RIGHT_TYPES.items() if k != "f"}, "['f'] have no answer")
    _fails_with("ch01.crm_types", RIGHT_TYPES | {"b": "strategic"}, "not one of")
    _fails_with("ch01.crm_types", ["operational"] * 6, "should be a dict")
    assert evaluate("ch01.crm_types", dict.fromkeys(RIGHT_TYPES, ...))[0] == "not attempted"
