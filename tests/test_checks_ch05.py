"""Chapter 5 checks: the solution passes, the placeholder is not attempted, typical mistakes
get their specific hint."""

import pandas as pd
import pytest

from course_lib import churn, clv, loyalty
from course_lib.checks import evaluate


@pytest.fixture(autouse=True)
def workspace(tmp_path, monkeypatch):
    monkeypatch.setenv("CRM_COURSE_WORKSPACE", str(tmp_path))


@pytest.fixture(scope="module")
def cdnow():
    from course_lib import data

    return data.load_cdnow()


@pytest.fixture(scope="module")
def summary(cdnow):
    return clv.summarize(cdnow, customer="customer_id", date="date", amount="amount",
                         calibration_end="1997-09-30", observation_end="1998-06-30", unit="W")


@pytest.fixture(scope="module")
def spend_2024():
    from course_lib import data

    orders = data.load_orders()
    return orders[orders["order_date"].dt.year == 2024].groupby("customer_id")["amount"].sum()


def _status(task_id, answer):
    return evaluate(task_id, answer)


TASKS = ["ch05.clv_gain", "ch05.cdnow_summary", "ch05.bgnbd_fit", "ch05.churn_label",
         "ch05.value_targeting", "ch05.break_even_lift", "ch05.referral_cost"]


@pytest.mark.parametrize("task_id", TASKS)
def test_placeholder_is_not_attempted(task_id):
    assert _status(task_id, ...)[0] == "not attempted"


# ------------------------------------------------------------------------------ clv_gain
def test_clv_gain():
    old = clv.simple_clv(300, 0.60, discount_rate=0.10)
    new = clv.simple_clv(300, 0.65, discount_rate=0.10)
    assert _status("ch05.clv_gain", (new - old) / old)[0] == "pass"
    status, message = _status("ch05.clv_gain", new - old)
    assert status == "fail" and "gain in CNY" in message
    assert "percentage" in _status("ch05.clv_gain", (new - old) / old * 100)[1]
    assert "discount rate" in _status("ch05.clv_gain", (300 * .65 / .35 - 300 * .6 / .4) / (300 * .6 / .4))[1]
    assert "divided by the new CLV" in _status("ch05.clv_gain", (new - old) / new)[1]


# ------------------------------------------------------------------------- cdnow summary
def test_cdnow_summary(cdnow, summary):
    assert _status("ch05.cdnow_summary", summary)[0] == "pass"
    days = clv.summarize(cdnow, customer="customer_id", date="date", amount="amount",
                         calibration_end="1997-09-30", observation_end="1998-06-30", unit="D")
    status, message = _status("ch05.cdnow_summary", days)
    assert status == "fail" and "those are days" in message
    whole = clv.summarize(cdnow, customer="customer_id", date="date", amount="amount")
    assert "pass `calibration_end`" in _status("ch05.cdnow_summary", whole)[1]
    assert "should be a pandas DataFrame" in _status("ch05.cdnow_summary", [1, 2])[1]


# ------------------------------------------------------------------------------ bgnbd_fit
def test_bgnbd_fit(cdnow, summary):
    good = clv.BetaGeo().fit(summary["frequency"], summary["recency"], summary["T"])
    assert _status("ch05.bgnbd_fit", good)[0] == "pass"
    assert "not fitted yet" in _status("ch05.bgnbd_fit", clv.BetaGeo())[1]
    whole = clv.summarize(cdnow, customer="customer_id", date="date")
    wrong = clv.BetaGeo().fit(whole["frequency"], whole["recency"], whole["T"])
    status, message = _status("ch05.bgnbd_fit", wrong)
    assert status == "fail" and "calibration period only" in message
    assert "a fitted clv.BetaGeo; you gave a DataFrame" in _status("ch05.bgnbd_fit", summary)[1]


# ----------------------------------------------------------------------------- churn_label
def _lost_flags(orders, as_of, horizon_days):
    as_of = pd.Timestamp(as_of)
    end = as_of + pd.Timedelta(days=horizon_days)
    before = orders.loc[orders["order_date"] < as_of, "customer_id"].unique()
    in_window = orders.loc[(orders["order_date"] >= as_of) & (orders["order_date"] < end), "customer_id"]
    return pd.Series(~pd.Index(before).isin(in_window), index=before).sort_index()


def test_churn_label():
    assert _status("ch05.churn_label", _lost_flags)[0] == "pass"
    assert _status("ch05.churn_label", lambda o, a, h: churn.churn_label(o, as_of=a, horizon_days=h))[0] == "pass"

    def inclusive(orders, as_of, horizon_days):
        as_of = pd.Timestamp(as_of)
        end = as_of + pd.Timedelta(days=horizon_days)
        before = orders.loc[orders["order_date"] < as_of, "customer_id"].unique()
        inside = orders.loc[(orders["order_date"] >= as_of) & (orders["order_date"] <= end), "customer_id"]
        return pd.Series(~pd.Index(before).isin(inside), index=before)

    assert "end excluded" in _status("ch05.churn_label", inclusive)[1]

    def everyone(orders, as_of, horizon_days):
        flags = _lost_flags(orders, as_of, horizon_days)
        return flags.reindex(sorted(orders["customer_id"].unique()), fill_value=True)

    assert "first order comes after `as_of`" in _status("ch05.churn_label", everyone)[1]
    inverted = lambda o, a, h: ~_lost_flags(o, a, h)  # noqa: E731
    assert "wrong way round" in _status("ch05.churn_label", inverted)[1]

    def unfinished(orders, as_of, horizon_days):
        ...

    assert _status("ch05.churn_label", unfinished)[0] == "not attempted"


# ------------------------------------------------------------------------ value_targeting
def _pick(scored, n, save_rate=0.25, contact_cost=30.0):
    ev = churn.expected_value_saved(scored["p_lost"], scored["clv"], save_rate=save_rate,
                                    contact_cost=contact_cost)
    return list(pd.Series(ev, index=scored.index).nlargest(n).index)


def test_value_targeting():
    assert _status("ch05.value_targeting", _pick)[0] == "pass"
    by_risk = lambda scored, n: list(scored["p_lost"].nlargest(n).index)  # noqa: E731
    status, message = _status("ch05.value_targeting", by_risk)
    assert status == "fail" and "likeliest to leave" in message
    by_value = lambda scored, n: list(scored["clv"].nlargest(n).index)  # noqa: E731
    assert "most valuable" in _status("ch05.value_targeting", by_value)[1]
    positions = lambda scored, n: [0, 1, 2]  # noqa: E731
    assert "customer ids" in _status("ch05.value_targeting", positions)[1]


# ------------------------------------------------------------------------ break_even_lift
SETTINGS = dict(earn_rate=1.0, point_value=0.01, redemption_rate=0.6, margin=0.45,
                spend_lift=0.04, running_cost=15.0)


def test_break_even_lift(spend_2024):
    right = loyalty.break_even_retention_lift(spend_2024, **SETTINGS)
    assert _status("ch05.break_even_lift", right)[0] == "pass"
    assert "percentage" in _status("ch05.break_even_lift", right * 100)[1]
    default_redemption = loyalty.break_even_retention_lift(spend_2024, **(SETTINGS | {"redemption_rate": 0.7}))
    assert "redemption rate 0.7" in _status("ch05.break_even_lift", default_redemption)[1]
    assert "should be a number" in _status("ch05.break_even_lift", "2%")[1]


# -------------------------------------------------------------------------- referral_cost
REFERRAL = dict(share_referring=0.08, invites=4.0, accept_rate=0.25, first_order_rate=0.5,
                referrer_reward=200.0, newcomer_reward=200.0, vip_after=3, vip_cost=300.0, rounds=3)


def test_referral_cost():
    right = loyalty.referral_programme(5000, pay_after_first_order=True, **REFERRAL)
    assert _status("ch05.referral_cost", right.cost_per_customer)[0] == "pass"
    upfront = loyalty.referral_programme(5000, pay_after_first_order=False, **REFERRAL)
    status, message = _status("ch05.referral_cost", upfront.cost_per_customer)
    assert status == "fail" and "at sign-up" in message
    assert "divided by sign-ups" in _status("ch05.referral_cost", right.cost / right.table["signups"].sum())[1]
    assert "total cost" in _status("ch05.referral_cost", right.cost)[1]
