"""course_lib.nps: categories, the score and its bootstrap interval, tables, survey features, drivers."""

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from course_lib import nps
from course_lib.validation import CourseDataError


def test_nps_categories_and_score():
    assert nps.nps_category([0, 6, 7, 8, 9, 10]).tolist() == [
        "detractor",
        "detractor",
        "passive",
        "passive",
        "promoter",
        "promoter",
    ]
    assert nps.nps([9, 9, 9, 9]) == 100.0
    assert nps.nps([0, 6, 7, 8]) == -50.0
    with pytest.raises(CourseDataError, match="whole scores from 0 to 10; found 11 at position 1"):
        nps.nps([5, 11])
    with pytest.raises(CourseDataError, match="whole scores from 0 to 10; found 7.5"):
        nps.nps([7.5])
    with pytest.raises(TypeError, match="`scores` must be a list"):
        nps.nps(9)


@settings(max_examples=40, deadline=None)
@given(st.lists(st.integers(0, 10), min_size=1, max_size=60))
def test_nps_lies_in_range_and_inside_its_interval(scores):
    value = nps.nps(scores)
    assert -100 <= value <= 100
    interval = nps.nps_interval(scores, n_boot=200, seed=3)
    assert interval["low"] - 1e-9 <= value <= interval["high"] + 1e-9


def test_nps_interval_is_seeded_and_narrows_with_more_answers():
    scores = [10, 9, 8, 7, 6, 3, 9, 10, 5, 9]
    first = nps.nps_interval(scores, seed=7)
    assert first.equals(nps.nps_interval(scores, seed=7))
    wide = first["high"] - first["low"]
    many = nps.nps_interval(scores * 30, seed=7)
    assert many["high"] - many["low"] < wide / 3


def test_nps_table_by_group_and_period():
    surveys = pd.DataFrame(
        {
            "nps": [10, 9, 2, 8, 10, 10],
            "tier": ["a", "a", "a", "b", "b", "b"],
            "survey_date": pd.to_datetime(
                ["2024-01-05", "2024-02-01", "2024-04-02", "2024-05-01", "2024-07-07", "2024-08-08"]
            ),
        }
    )
    by_tier = nps.nps_table(surveys, by="tier", n_boot=200)
    assert by_tier.loc["b", "nps"] == pytest.approx(100 * 2 / 3)
    by_quarter = nps.nps_table(surveys, freq="QE", n_boot=200)
    assert list(by_quarter.index) == list(pd.to_datetime(["2024-01-01", "2024-04-01", "2024-07-01"]))
    assert by_quarter["answers"].sum() == 6
    with pytest.raises(CourseDataError, match="not both"):
        nps.nps_table(surveys, by="tier", freq="QE")


def test_nps_drivers_recover_a_planted_effect():
    rng = np.random.default_rng(4)
    n = 3000
    late = rng.random(n) < 0.2
    tier = rng.choice(["member", "gold"], n)
    spend = rng.gamma(2, 800, n)
    score = np.clip(np.round(7 - 2.0 * late + 0.8 * (tier == "gold") + rng.normal(0, 1.2, n)), 0, 10)
    features = pd.DataFrame(
        {
            "nps": score,
            "late_answer": late,
            "complaint": rng.random(n) < 0.15,
            "tier": tier,
            "spend_365d": spend,
        }
    )
    table = nps.nps_drivers(features)
    assert table.loc["late_answer", "effect"] == pytest.approx(-2.0, abs=0.2)
    assert table.loc["complaint", "low"] < 0 < table.loc["complaint", "high"]
    assert table.loc["tier=gold", "effect"] == pytest.approx(0.8, abs=0.15)
    assert abs(table.loc["spend_365d (per 1,000)", "effect"]) < 0.1


def test_survey_features_use_only_the_past():
    opened = pd.to_datetime(["2024-03-01 09:00"] * 2)
    tickets = pd.DataFrame(
        {
            "customer_id": ["a", "c"],
            "opened_at": opened,
            "first_response_at": opened + pd.to_timedelta([0.5, 2.0], unit="h"),
            "resolved_at": opened + pd.to_timedelta([6, 12], unit="h"),
        }
    )
    orders = pd.DataFrame(
        {
            "customer_id": ["a", "a", "c"],
            "amount": [100.0] * 3,
            "order_date": pd.to_datetime(["2024-02-20", "2024-05-15", "2024-02-27"]),
        }
    )
    surveys = pd.DataFrame(
        {
            "survey_id": ["S1", "S2"],
            "customer_id": ["a", "c"],
            "survey_date": pd.to_datetime(["2024-03-05", "2024-03-01"]),
            "nps": [8, 3],
        }
    )
    customers = pd.DataFrame({"customer_id": ["a", "c"], "membership_tier": ["gold", "member"]})
    loyalty = pd.DataFrame(
        {
            "customer_id": ["a"],
            "kind": ["tier_change"],
            "date": pd.to_datetime(["2024-06-01"]),
            "tier_from": ["silver"],
            "tier_to": ["gold"],
        }
    )
    features = nps.survey_features(surveys, tickets, orders, customers, loyalty)
    assert features["complaint"].tolist() == [True, False]  # c's ticket opened on the survey day itself
    assert features["tier"].tolist() == ["silver", "member"]  # a reached gold only in June
    assert features.loc[0, "spend_365d"] == 100.0


@pytest.mark.parametrize(
    "kwargs, error, message",
    [
        ({"level": 1.0}, CourseDataError, r"`level` must be < 1; got 1\.0\."),
        ({"n_boot": 50}, CourseDataError, r"`n_boot` must be ≥ 100; got 50\."),
        ({"n_boot": "2000"}, TypeError, r"`n_boot` must be a number; got str '2000'"),
        ({"seed": -1}, CourseDataError, r"`seed` must be ≥ 0; got -1\."),
    ],
)
def test_nps_interval_options_follow_the_validation_policy(kwargs, error, message):
    with pytest.raises(error, match=message):
        nps.nps_interval([9, 10, 3], **kwargs)
