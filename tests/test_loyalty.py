"""Points-and-tiers and referral programme economics."""

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from course_lib import loyalty
from course_lib.validation import CourseDataError

SPEND = [300.0, 1200.0, 2500.0, 5000.0, 15000.0, 800.0]


def test_members_land_in_tiers_by_their_lifted_spend():
    table = loyalty.points_programme([1450.0, 1400.0], spend_lift=0.05)
    # 1450 × 1.05 = 1522.5 reaches silver (1500); 1400 × 1.05 = 1470 does not
    assert table.loc["silver", "members"] == 1 and table.loc["member", "members"] == 1
    assert list(table.index) == ["member", "silver", "gold", "platinum", "all"]


def test_default_tiers_are_lumens_membership_thresholds():
    from course_lib.data import TIER_SPEND

    ladder = loyalty.DEFAULT_TIERS.set_index("tier")["min_spend"]
    assert ladder.drop("member").to_dict() == TIER_SPEND and ladder["member"] == 0


def test_programme_arithmetic_by_hand():
    table = loyalty.points_programme(
        [1000.0],
        earn_rate=2.0,
        point_value=0.01,
        redemption_rate=0.5,
        margin=0.4,
        spend_lift=0.1,
        retention_lift=0.02,
        running_cost=10.0,
    )
    row = table.loc["all"]
    spend = 1100.0
    assert row["points_cost"] == pytest.approx(spend * 2 * 0.01 * 0.5)
    assert row["breakage"] == pytest.approx(spend * 2 * 0.01 * 0.5)
    assert row["benefit_cost"] == 0  # 1,100 stays in the base tier
    assert row["extra_margin"] == pytest.approx(0.4 * (100 + 0.02 * spend))
    assert row["net"] == pytest.approx(row["extra_margin"] - row["points_cost"] - 10.0)


def test_total_row_adds_up_the_tiers():
    table = loyalty.points_programme(SPEND)
    tiers = table.drop(index="all")
    pd.testing.assert_series_equal(tiers.sum(), table.loc["all"], check_names=False)
    assert table.loc["all", "members"] == len(SPEND)


def test_more_breakage_makes_the_programme_cheaper():
    low = loyalty.points_programme(SPEND, redemption_rate=0.9).loc["all"]
    high = loyalty.points_programme(SPEND, redemption_rate=0.5).loc["all"]
    assert high["cost"] < low["cost"] and high["breakage"] > low["breakage"]


def test_break_even_lift_zeroes_the_net():
    lift = loyalty.break_even_retention_lift(SPEND, spend_lift=0.03)
    net = loyalty.points_programme(SPEND, spend_lift=0.03, retention_lift=lift).loc["all", "net"]
    assert net == pytest.approx(0, abs=1e-6)
    richer = loyalty.break_even_retention_lift(SPEND, spend_lift=0.2)
    assert richer < lift


def test_custom_tier_ladder_is_used_in_its_order():
    tiers = pd.DataFrame({"tier": ["vip", "basic"], "min_spend": [1000.0, 0.0], "benefit_rate": [0.1, 0.0]})
    table = loyalty.points_programme([2000.0, 100.0], tiers=tiers, spend_lift=0.0)
    assert list(table.index) == ["basic", "vip", "all"]
    assert table.loc["vip", "benefit_cost"] == pytest.approx(200.0)


@pytest.mark.parametrize(
    "kwargs, error, message",
    [
        ({"redemption_rate": 1.5}, CourseDataError, r"`redemption_rate` must be ≤ 1; got 1.5"),
        ({"margin": 0}, CourseDataError, r"`margin` must be > 0; got 0"),
        ({"earn_rate": "1"}, TypeError, r"`earn_rate` must be a number; got str"),
        ({"tiers": {"tier": ["a"]}}, TypeError, r"`tiers` must be a pandas DataFrame"),
        (
            {"tiers": pd.DataFrame({"tier": ["a"], "min_spend": [100.0], "benefit_rate": [0.0]})},
            CourseDataError,
            r"the lowest tier must start at min_spend 0",
        ),
        (
            {"tiers": pd.DataFrame({"tier": ["a"], "min_spend": [0.0]})},
            CourseDataError,
            r"`tiers` lacks column\(s\) \['benefit_rate'\]",
        ),
    ],
)
def test_points_programme_refuses_bad_settings(kwargs, error, message):
    with pytest.raises(error, match=message):
        loyalty.points_programme(SPEND, **kwargs)


def test_points_programme_refuses_bad_spend():
    with pytest.raises(
        CourseDataError, match=r"`annual_spend` has 1 missing or negative value\(s\), first at position 1"
    ):
        loyalty.points_programme([100.0, -5.0])
    with pytest.raises(CourseDataError, match=r"`annual_spend` is empty"):
        loyalty.points_programme([])
    with pytest.raises(TypeError, match=r"`annual_spend` must be a list"):
        loyalty.points_programme(100.0)


@settings(max_examples=50, deadline=None)
@given(st.lists(st.floats(0, 50_000), min_size=1, max_size=30), st.floats(0, 1), st.floats(0, 0.3))
def test_cost_parts_are_never_negative_and_net_is_linear_in_lift(spend, redemption, lift):
    table = loyalty.points_programme(spend, redemption_rate=redemption, retention_lift=lift)
    assert (table[["points_cost", "breakage", "benefit_cost", "running_cost", "cost"]] >= 0).all().all()
    zero = loyalty.points_programme(spend, redemption_rate=redemption, retention_lift=0.0)
    slope = 0.45 * table.loc["all", "spend"]
    assert table.loc["all", "net"] == pytest.approx(zero.loc["all", "net"] + lift * slope, abs=1e-6)


# ---------------------------------------------------------------------------- referrals
def test_referral_rounds_follow_the_funnel():
    result = loyalty.referral_programme(
        1000, share_referring=0.2, invites=5, accept_rate=0.5, first_order_rate=0.5, rounds=3, vip_cost=0.0
    )
    first = result.table.loc[1]
    assert first["referrers"] == 200 and first["invitations"] == 1000
    assert first["signups"] == 500 and first["new_customers"] == 250
    assert result.viral_coefficient == pytest.approx(0.25)
    assert result.table.loc[2, "customers"] == pytest.approx(250)
    assert result.new_customers == pytest.approx(250 + 62.5 + 15.625)
    assert result.cost_per_customer == pytest.approx(400.0)


def test_paying_after_the_first_order_costs_less_per_customer():
    after = loyalty.referral_programme(5000, first_order_rate=0.4)
    upfront = loyalty.referral_programme(5000, first_order_rate=0.4, pay_after_first_order=False)
    assert after.new_customers == upfront.new_customers
    assert after.cost_per_customer < upfront.cost_per_customer
    # without the VIP bonus the ratio is exactly 1 / first_order_rate
    a = loyalty.referral_programme(5000, first_order_rate=0.4, vip_cost=0.0)
    u = loyalty.referral_programme(5000, first_order_rate=0.4, vip_cost=0.0, pay_after_first_order=False)
    assert u.cost_per_customer / a.cost_per_customer == pytest.approx(1 / 0.4)


def test_vip_bonus_goes_to_referrers_reaching_the_threshold():
    # every referrer brings exactly 10 × 1 × 1 = 10 expected successes: almost all reach 3
    result = loyalty.referral_programme(
        100,
        share_referring=1.0,
        invites=10,
        accept_rate=1.0,
        first_order_rate=1.0,
        rounds=1,
        referrer_reward=0,
        newcomer_reward=0,
        vip_cost=100.0,
    )
    assert result.table.loc[1, "vip_cost"] == pytest.approx(100 * 100 * (1 - np.exp(-10) * (1 + 10 + 50)))


def test_nobody_acquired_gives_nan_cost_per_customer():
    result = loyalty.referral_programme(100, share_referring=0.0)
    assert result.new_customers == 0 and np.isnan(result.cost_per_customer)
    assert result.net_value == 0


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"n_customers": -1}, r"`n_customers` must be ≥ 0; got -1"),
        ({"n_customers": 10.5}, r"`n_customers` must be a whole number; got 10.5"),
        ({"accept_rate": 30}, r"`accept_rate` must be ≤ 1; got 30"),
        ({"rounds": 0}, r"`rounds` must be ≥ 1; got 0"),
        ({"vip_after": 0}, r"`vip_after` must be ≥ 1; got 0"),
        ({"referrer_reward": -200}, r"`referrer_reward` must be ≥ 0"),
    ],
)
def test_referral_programme_refuses_bad_settings(kwargs, message):
    args = {"n_customers": 1000} | kwargs
    with pytest.raises(CourseDataError, match=message):
        loyalty.referral_programme(args.pop("n_customers"), **args)


@settings(max_examples=50, deadline=None)
@given(st.floats(0, 1), st.floats(0, 10), st.floats(0, 1), st.floats(0, 1))
def test_viral_coefficient_below_one_shrinks_each_round(share, invites, accept, first):
    result = loyalty.referral_programme(
        1000, share_referring=share, invites=invites, accept_rate=accept, first_order_rate=first, rounds=4
    )
    new = result.table["new_customers"].to_numpy()
    ratio = result.viral_coefficient
    assert new[1:] == pytest.approx(new[:-1] * ratio, rel=1e-9, abs=1e-9)
