"""Retention economics and acquisition vs retention cost (course_lib.economics, chapter 1)."""

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from course_lib import economics
from course_lib.validation import CourseDataError


def test_cohort_economics_follows_the_survivors_and_discounts_each_year():
    table = economics.cohort_economics(
        margin=100, retention=0.5, acquisition_cost=50, discount_rate=0.1, years=3, cohort_size=8
    )
    assert table["active"].tolist() == [0.0, 8.0, 4.0, 2.0]
    assert table.loc[0, "cash"] == -400.0
    assert table.loc[2, "discounted"] == pytest.approx(400 / 1.1**2)
    assert table["cumulative"].iloc[-1] == pytest.approx(-400 + 800 / 1.1 + 400 / 1.21 + 200 / 1.331)


def test_referrals_cross_sell_and_care_cost_enter_the_cash():
    base = dict(margin=100, retention=1.0, acquisition_cost=0, discount_rate=0.0, years=2, cohort_size=1)
    table = economics.cohort_economics(referral_rate=0.5, cross_sell_growth=0.1, retention_cost=20, **base)
    assert table.loc[1, "cash"] == pytest.approx(100 + 50 - 20)
    assert table.loc[2, "cash"] == pytest.approx(110 + 50 - 20)


@pytest.mark.parametrize(
    "kwargs, message",
    [
        (dict(retention=1.2), r"`retention` must be ≤ 1; got 1.2"),
        (dict(margin=-5), r"`margin` must be ≥ 0; got -5\."),
        (dict(years=0), r"`years` must be ≥ 1; got 0"),
        (dict(years=2.5), r"`years` must be a whole number; got 2.5"),
        (dict(discount_rate=float("nan")), r"`discount_rate` must be a finite number"),
    ],
)
def test_cohort_economics_refuses_bad_settings(kwargs, message):
    settings_ = dict(margin=100, retention=0.6, acquisition_cost=150) | kwargs
    with pytest.raises(CourseDataError, match=message):
        economics.cohort_economics(**settings_)


def test_cohort_economics_wants_numbers():
    with pytest.raises(TypeError, match=r"`margin` must be a number; got str '100'"):
        economics.cohort_economics(margin="100", retention=0.6, acquisition_cost=150)
    with pytest.raises(TypeError, match=r"`years` must be a number; got str '5'"):
        economics.cohort_economics(margin=100, retention=0.6, acquisition_cost=150, years="5")


def test_uplift_matches_the_hand_calculation():
    def profit(r):
        return 200 * sum(r**t for t in range(5)) - 400

    result = economics.retention_profit_uplift(
        margin=200, retention=0.6, acquisition_cost=400, discount_rate=0.0, years=5, cohort_size=1
    )
    assert result["uplift"] == pytest.approx((profit(0.65) - profit(0.6)) / profit(0.6))


def test_uplift_is_undefined_for_a_cohort_that_loses_money():
    result = economics.retention_profit_uplift(margin=50, retention=0.3, acquisition_cost=500)
    assert result["profit_before"] < 0 and np.isnan(result["uplift"])
    with pytest.raises(CourseDataError, match=r"leaves 0–1"):
        economics.retention_profit_uplift(margin=50, retention=0.98, acquisition_cost=10)


@settings(max_examples=60, deadline=None)
@given(
    margin=st.floats(50, 2000),
    retention=st.floats(0.05, 0.9),
    cac=st.floats(0, 1500),
    discount=st.floats(0, 0.3),
)
def test_more_retention_never_lowers_profit_and_thinner_profit_means_larger_uplift(
    margin, retention, cac, discount
):
    lo = economics.retention_profit_uplift(
        margin=margin, retention=retention, acquisition_cost=cac, discount_rate=discount
    )
    assert lo["profit_after"] >= lo["profit_before"] - 1e-6
    hi = economics.retention_profit_uplift(
        margin=margin, retention=retention, acquisition_cost=cac + 100, discount_rate=discount
    )
    if hi["profit_before"] > 0:  # same gain, smaller base → larger relative uplift
        assert hi["uplift"] >= lo["uplift"] - 1e-9


def test_uplift_grid_marks_where_the_claim_holds():
    grid = economics.uplift_grid(
        retentions=[0.3, 0.5, 0.6, 0.9], margins=[200, 300, 800], acquisition_cost=350
    )
    assert list(grid.columns) == [0.3, 0.5, 0.6, 0.9] and list(grid.index) == [200.0, 300.0, 800.0]
    assert np.isnan(grid.loc[200.0, 0.3])  # the cohort loses money
    assert grid.loc[800.0].max() < 0.25  # fat profit: small uplift
    assert ((grid >= 0.25) & (grid <= 0.95)).to_numpy().any()  # the claim's band exists


def test_churn_profit_claim_finds_the_cut_that_reaches_the_target():
    settings_ = dict(margin=300, retention=0.6, acquisition_cost=350, discount_rate=0.1, years=5)
    result = economics.churn_profit_claim(churn_cut=0.15, target=0.2, **settings_)
    assert result["churn_after"] == pytest.approx(0.34)
    needed = result["churn_cut_for_target"]
    check = economics.retention_profit_uplift(increase=needed * 0.4, **settings_)["uplift"]
    assert check == pytest.approx(0.2, abs=1e-6)


# --------------------------------------------------------- acquisition vs retention cost
@pytest.fixture
def cost_tables():
    orders = pd.DataFrame(
        {
            "customer_id": ["old", "old", "old", "new", "new", "late"],
            "order_date": pd.to_datetime(
                ["2023-03-01", "2024-02-01", "2024-05-01", "2024-03-01", "2024-04-01", "2024-06-01"]
            ),
            "discount": [5.0, 10.0, 0.0, 20.0, 4.0, 0.0],
            "amount": [100.0] * 6,
        }
    )
    customers = pd.DataFrame(
        {
            "customer_id": ["old", "new", "late"],
            "signup_date": pd.to_datetime(["2023-01-01", "2024-02-20", "2021-05-05"]),
        }
    )
    campaigns = pd.DataFrame(
        {
            "customer_id": ["old", "old", "new"],
            "contact_date": pd.to_datetime(["2024-01-10", "2024-02-10", "2024-05-10"]),
            "channel": ["sms", "wechat", "sms"],
            "group": ["treatment", "control", "treatment"],
        }
    )
    followups = pd.DataFrame(
        {"customer_id": ["old"], "date": pd.to_datetime(["2024-03-01"]), "channel": ["phone"]}
    )
    loyalty = pd.DataFrame(
        {
            "customer_id": ["old", "new"],
            "date": pd.to_datetime(["2024-06-01", "2024-06-01"]),
            "kind": ["redeem", "redeem"],
            "points": [-500, -300],
        }
    )
    return orders, customers, campaigns, followups, loyalty


def test_acquisition_vs_retention_counts_new_and_returning_customers(cost_tables):
    costs = {
        "acquisition_budget": 1000.0,
        "message": {"sms": 1.0, "wechat": 2.0},
        "followup": {"phone": 10.0},
        "point_value": 0.01,
    }
    table = economics.acquisition_vs_retention(*cost_tables, year=2024, costs=costs)
    # "late" signed up in 2021 and first bought in 2024: reactivated, neither new nor retained
    assert table.loc["acquire", "customers"] == 1 and table.loc["acquire", "discounts"] == 20.0
    assert table.loc["retain", "orders"] == 2 and table.loc["retain", "discounts"] == 10.0
    # one treatment SMS (control costs nothing), one phone call, 500 points at 0.01
    assert table.loc["retain", "marketing"] == pytest.approx(1.0 + 10.0 + 5.0)
    assert table.loc["acquire", "marketing_per_customer"] == 1000.0
    assert table.loc["retain", "per_order"] == pytest.approx((16.0 + 10.0) / 2)


def test_acquisition_vs_retention_names_a_missing_column(cost_tables):
    orders, *rest = cost_tables
    with pytest.raises(CourseDataError, match=r"`orders` lacks column\(s\) \['discount'\]"):
        economics.acquisition_vs_retention(orders.drop(columns="discount"), *rest)
