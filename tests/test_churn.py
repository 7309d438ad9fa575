"""Churn labels and features, the prediction pipeline, targeting by value, survival curves."""

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from course_lib import churn
from course_lib.validation import CourseDataError


@pytest.fixture
def orders():
    return pd.DataFrame(
        {
            "customer_id": ["a", "a", "a", "b", "b", "c", "d"],
            "order_date": pd.to_datetime(
                [
                    "2024-01-05",
                    "2024-02-20",
                    "2024-04-10",
                    "2024-01-15",
                    "2024-02-25",
                    "2024-03-20",
                    "2024-06-30",
                ]
            ),
            "amount": [100.0, 60.0, 40.0, 300.0, 0.0, 80.0, 20.0],
        }
    )


def _synthetic_base(n=600, seed=4):
    """Customers whose chance of leaving falls with frequency and rises with recency."""
    rng = np.random.default_rng(seed)
    frequency = rng.integers(1, 12, n)
    recency = rng.integers(1, 360, n)
    risk = 1 / (1 + np.exp(-(-1.0 + 0.008 * recency - 0.35 * frequency)))
    lost = rng.random(n) < risk
    features = pd.DataFrame(
        {
            "recency_days": recency,
            "frequency": frequency,
            "monetary": frequency * rng.gamma(4, 50, n),
            "satisfaction": np.where(rng.random(n) < 0.3, np.nan, rng.uniform(0, 100, n)),
            "tier": rng.choice(churn.TIER_ORDER, n),
        },
        index=pd.Index([f"C{i:05d}" for i in range(n)], name="customer_id"),
    )
    return features, pd.Series(lost, index=features.index, name="lost")


# ------------------------------------------------------------------------------ labels
def test_churn_label_marks_buyers_without_an_order_in_the_window(orders):
    label = churn.churn_label(orders, as_of="2024-02-01", horizon_days=60)
    assert label.to_dict() == {"a": False, "b": False}  # c and d had not bought yet
    later = churn.churn_label(orders, as_of="2024-03-01", horizon_days=60)
    assert later.to_dict() == {"a": False, "b": True}


def test_churn_label_needs_the_whole_window_observed(orders):
    with pytest.raises(CourseDataError, match=r"runs to 2024-09-28, but the orders end on 2024-06-30"):
        churn.churn_label(orders, as_of="2024-04-01", horizon_days=180)
    with pytest.raises(CourseDataError, match=r"`horizon_days` must be ≥ 1; got 0"):
        churn.churn_label(orders, as_of="2024-02-01", horizon_days=0)
    with pytest.raises(TypeError, match=r"`horizon_days` must be a number; got str '90'"):
        churn.churn_label(orders, as_of="2024-02-01", horizon_days="90")
    with pytest.raises(CourseDataError, match=r"lacks column\(s\) \['order_date'\]"):
        churn.churn_label(orders.drop(columns="order_date"), as_of="2024-02-01")


def test_churn_label_with_active_days_keeps_only_customers_still_active(orders):
    # on 03-01: a last bought 02-20 (10 days), b 02-25 (5 days); c and d had not bought yet
    assert churn.churn_label(orders, as_of="2024-03-01", horizon_days=60, active_days=8).to_dict() == {
        "b": True
    }
    assert churn.churn_label(orders, as_of="2024-03-01", horizon_days=60, active_days=11).to_dict() == {
        "a": False,
        "b": True,
    }
    with pytest.raises(CourseDataError, match=r"`active_days` must be ≥ 1; got 0"):
        churn.churn_label(orders, as_of="2024-03-01", horizon_days=60, active_days=0)


def test_tier_as_of_uses_the_tier_held_on_that_day():
    customers = pd.DataFrame(
        {"customer_id": ["a", "b", "c"], "membership_tier": ["platinum", "silver", "member"]}
    )
    loyalty = pd.DataFrame(
        {
            "customer_id": ["a", "a", "b"],
            "kind": ["tier_change", "tier_change", "tier_change"],
            "date": pd.to_datetime(["2023-05-01", "2024-05-01", "2023-02-01"]),
            "tier_from": ["silver", "gold", "member"],
            "tier_to": ["gold", "platinum", "silver"],
        }
    )
    tiers = churn.tier_as_of(customers, loyalty, as_of="2024-01-01")
    assert tiers.to_dict() == {"a": "gold", "b": "silver", "c": "member"}
    assert churn.tier_as_of(customers, loyalty, as_of="2023-01-01").to_dict() == {
        "a": "silver",
        "b": "member",
        "c": "member",
    }


def test_churn_features_use_only_the_past(orders):
    features = churn.churn_features(orders, as_of="2024-03-01")
    assert list(features.index) == ["a", "b"]
    assert features.loc["a", "frequency"] == 2 and features.loc["a", "monetary"] == 160
    assert features.loc["b", "recency_days"] == 5 and features.loc["b", "tenure_days"] == 46
    assert features.loc["a", "orders_90d"] == 2


def test_churn_features_join_tickets_and_surveys(orders):
    tickets = pd.DataFrame(
        {
            "customer_id": ["a", "a", "b"],
            "opened_at": pd.to_datetime(["2024-01-10 10:00", "2024-02-01 09:00", "2024-03-05 09:00"]),
            "first_response_at": pd.to_datetime(["2024-01-10 10:30", "2024-02-01 12:00", "2024-03-05 09:10"]),
            "csat": [4.0, 2.0, np.nan],
        }
    )
    surveys = pd.DataFrame(
        {
            "customer_id": ["a", "a", "b"],
            "survey_date": pd.to_datetime(["2024-01-20", "2024-02-15", "2024-03-10"]),
            "nps": [9, 3, 10],
            "satisfaction": [80.0, 40.0, 95.0],
        }
    )
    features = churn.churn_features(orders, as_of="2024-03-01", tickets=tickets, surveys=surveys)
    assert features.loc["a", "tickets_365d"] == 2 and features.loc["a", "late_tickets_365d"] == 1
    assert features.loc["a", "csat"] == 3.0
    assert features.loc["b", "tickets_365d"] == 0 and np.isnan(features.loc["b", "csat"])
    assert features.loc["a", "satisfaction"] == 40.0 and features.loc["a", "nps"] == 3
    assert np.isnan(features.loc["b", "satisfaction"])  # surveyed only after as_of


def test_churn_features_refuse_a_day_before_any_order(orders):
    with pytest.raises(CourseDataError, match=r"no order falls before `as_of` 2023-01-01"):
        churn.churn_features(orders, as_of="2023-01-01")


# ------------------------------------------------------------------------------- model
def test_pipeline_learns_and_is_evaluated_on_held_out_customers():
    features, lost = _synthetic_base()
    train, test = features.iloc[:400], features.iloc[400:]
    model = churn.churn_model(seed=0).fit(train, lost.iloc[:400])
    probability = model.predict_proba(test)[:, 1]
    scores = churn.evaluate_model(lost.iloc[400:], probability)
    assert scores["auc"] > 0.75
    assert scores["brier"] < scores["brier_baseline"]
    boosted = churn.churn_model(kind="boosting", seed=0).fit(train, lost.iloc[:400])
    assert churn.evaluate_model(lost.iloc[400:], boosted.predict_proba(test)[:, 1])["auc"] > 0.65


def test_model_kind_is_checked():
    with pytest.raises(CourseDataError, match=r"`kind` must be 'logistic' or 'boosting'; got 'forest'"):
        churn.churn_model(kind="forest")


def test_evaluate_model_refusals():
    with pytest.raises(CourseDataError, match=r"only one class"):
        churn.evaluate_model([1, 1], [0.2, 0.3])
    with pytest.raises(CourseDataError, match=r"`labels` has 2 values but `probabilities` has 3"):
        churn.evaluate_model([1, 0], [0.2, 0.3, 0.4])
    with pytest.raises(CourseDataError, match=r"`probabilities` must lie between 0 and 1"):
        churn.evaluate_model([1, 0], [2.0, 0.3])


def test_calibration_table_has_equal_bins_and_agrees_for_perfect_scores():
    rng = np.random.default_rng(1)
    p = rng.uniform(0, 1, 20000)
    y = rng.random(20000) < p
    table = churn.calibration_table(y, p, bins=5)
    assert table["customers"].tolist() == [4000] * 5
    assert np.allclose(table["predicted"], table["observed"], atol=0.03)


# ---------------------------------------------------------------------------- targeting
def test_value_targeting_beats_probability_when_value_varies():
    rng = np.random.default_rng(2)
    n = 2000
    p = rng.uniform(0, 1, n)
    value = rng.lognormal(6, 1.2, n)
    lost = rng.random(n) < p
    table = churn.compare_targeting(p, value, lost, n_contacts=200, save_rate=0.3, contact_cost=20)
    assert list(table.index) == ["by probability", "by expected value saved", "at random"]
    assert table.loc["by probability", "lost_reached"] > table.loc["by expected value saved", "lost_reached"]
    assert table.loc["by expected value saved", "net"] > table.loc["by probability", "net"]
    assert table.loc["by probability", "net"] > table.loc["at random", "net"]


def test_expected_value_saved_refusals():
    with pytest.raises(CourseDataError, match=r"`probability` has 2 values but `value` has 1"):
        churn.expected_value_saved([0.1, 0.2], [100.0])
    with pytest.raises(CourseDataError, match=r"`save_rate` must be ≤ 1; got 25\."):
        churn.expected_value_saved([0.1], [100.0], save_rate=25)
    with pytest.raises(TypeError, match=r"`contact_cost` must be a number; got str '30'"):
        churn.expected_value_saved([0.1], [100.0], contact_cost="30")
    with pytest.raises(CourseDataError, match=r"`value` must hold finite values ≥ 0"):
        churn.expected_value_saved([0.1], [-100.0])
    with pytest.raises(CourseDataError, match=r"`n_contacts` \(5\) is more than the 1 customers"):
        churn.compare_targeting([0.1], [100.0], [1], n_contacts=5)


def test_allocate_managers_fills_capacity_and_balances_portfolios():
    value = pd.Series(
        np.arange(100, 0, -1, dtype=float),
        index=pd.Index([f"C{i:03d}" for i in range(100)], name="customer_id"),
    )
    table = churn.allocate_managers(value, n_managers=3, accounts_per_manager=10)
    assert (table["service"] == "manager").sum() == 30
    assert table.index.name == "customer_id" and table.index[0] == "C000"
    portfolios = table[table["manager"] > 0].groupby("manager")["value"].sum()
    assert portfolios.max() - portfolios.min() <= 10
    assert table["value_share_cum"].iloc[-1] == pytest.approx(1.0)
    with pytest.raises(CourseDataError, match=r"`n_managers` must be ≥ 1; got 0"):
        churn.allocate_managers(value, n_managers=0, accounts_per_manager=10)
    with pytest.raises(CourseDataError, match=r"`accounts_per_manager` must be a whole number; got 2.5"):
        churn.allocate_managers(value, n_managers=1, accounts_per_manager=2.5)


@settings(max_examples=50, deadline=None)
@given(st.lists(st.floats(0, 1e5), min_size=1, max_size=50), st.integers(1, 5), st.integers(1, 20))
def test_managers_always_serve_the_highest_values(values, managers, per):
    table = churn.allocate_managers(values, n_managers=managers, accounts_per_manager=per)
    served = table.loc[table["service"] == "manager", "value"]
    rest = table.loc[table["service"] == "automation", "value"]
    assert len(served) == min(len(values), managers * per)
    if len(rest):
        assert served.min() >= rest.max()


# ----------------------------------------------------------------------------- survival
def test_survival_table_declares_loss_after_inactivity(orders):
    table = churn.survival_table(orders, as_of="2024-07-01", inactivity_days=60)
    assert table.loc["b", "lost"] and table.loc["b", "duration_days"] == 41 + 60
    assert not table.loc["d", "lost"] and table.loc["d", "duration_days"] == 1
    assert table.loc["a", "lost"] and table.loc["a", "duration_days"] == 96 + 60
    longer = churn.survival_table(orders, as_of="2024-07-01", inactivity_days=90)
    assert not longer.loc["a", "lost"] and longer.loc["a", "duration_days"] == 178


def test_survival_table_from_a_landmark_keeps_only_active_customers(orders):
    table = churn.survival_table(orders, as_of="2024-07-01", inactivity_days=60, landmark="2024-03-01")
    # a (last order before the landmark 02-20) and b (02-25) are active; c and d start later
    assert list(table.index) == ["a", "b"]
    assert (
        table.loc["a", "lost"]
        and table.loc["a", "duration_days"] == (pd.Timestamp("2024-06-09") - pd.Timestamp("2024-03-01")).days
    )
    assert table.loc["b", "lost"] and table.loc["b", "duration_days"] == 60 - 5
    with pytest.raises(CourseDataError, match=r"`landmark` \(2024-08-01\) must come before `as_of`"):
        churn.survival_table(orders, as_of="2024-07-01", landmark="2024-08-01")


def test_kaplan_meier_separates_groups_and_logrank_agrees():
    rng = np.random.default_rng(3)
    short = rng.exponential(100, 300)
    long_ = rng.exponential(400, 300)
    durations = np.concatenate([short, long_]).round() + 1
    lost = durations < 500
    durations = np.minimum(durations, 500)
    groups = ["member"] * 300 + ["gold"] * 300
    curves = churn.kaplan_meier(
        durations, lost, groups, order=["member", "gold"], timeline=[0, 100, 200, 300]
    )
    assert list(curves.columns) == ["member", "gold"]
    assert (curves.loc[100:, "gold"] > curves.loc[100:, "member"]).all()
    assert curves.loc[0].tolist() == [1.0, 1.0]
    result = churn.logrank(durations, lost, groups)
    assert result["df"] == 1 and result["p_value"] < 1e-6


def test_survival_helpers_refuse_bad_inputs():
    with pytest.raises(CourseDataError, match=r"different lengths \(3, 3, 2\)"):
        churn.kaplan_meier([1, 2, 3], [1, 0, 1], ["a", "b"])
    with pytest.raises(CourseDataError, match=r"only one group"):
        churn.logrank([1, 2, 3], [1, 0, 1], ["a", "a", "a"])
    with pytest.raises(CourseDataError, match=r"`lost` must hold True/False"):
        churn.logrank([1, 2, 3], [1, 0, 2], ["a", "b", "a"])
    with pytest.raises(TypeError, match=r"`groups` must be a list"):
        churn.kaplan_meier([1, 2], [1, 0], "ab")
