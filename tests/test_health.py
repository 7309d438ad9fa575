"""The customer health score, its validation against churn and the care team's board (course_lib.health, chapter 1)."""

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from course_lib import health
from course_lib.validation import CourseDataError


# ----------------------------------------------------------------------- health score
def _empty(columns):
    return pd.DataFrame(
        {
            c: pd.Series([], dtype="datetime64[us]")
            if c not in ("customer_id", "journey_id", "satisfaction", "responded")
            else pd.Series([], dtype=object)
            for c in columns
        }
    )


@pytest.fixture
def small_tables():
    orders = pd.DataFrame(
        {
            "customer_id": ["a", "a", "a", "b", "c"],
            "order_date": pd.to_datetime(
                ["2024-03-01", "2024-05-20", "2024-06-25", "2023-09-01", "2024-06-03"]
            ),
        }
    )
    surveys = pd.DataFrame(
        {
            "customer_id": ["a", "a", "c"],
            "survey_date": pd.to_datetime(["2024-01-05", "2024-06-01", "2024-06-30"]),
            "satisfaction": [40, 90, 10],
        }
    )
    tickets = pd.DataFrame(
        {
            "customer_id": ["c", "c"],
            "opened_at": pd.to_datetime(["2024-06-10 10:00", "2024-06-20 10:00"]),
            "first_response_at": pd.to_datetime(["2024-06-10 10:30", "2024-06-20 14:00"]),
            "resolved_at": pd.to_datetime(["2024-06-11", "2024-07-05"]),
        }
    )
    touchpoints = pd.DataFrame(
        {
            "customer_id": ["a", "a", "a"],
            "journey_id": ["J1", "J1", "J2"],
            "timestamp": pd.to_datetime(["2024-06-01", "2024-06-01", "2024-06-15"]),
        }
    )
    campaigns = pd.DataFrame(
        {
            "customer_id": ["a", "b"],
            "contact_date": pd.to_datetime(["2024-06-02", "2024-06-02"]),
            "responded": [True, False],
        }
    )
    followups = _empty(["customer_id", "date", "responded"])
    return dict(
        orders=orders,
        surveys=surveys,
        tickets=tickets,
        touchpoints=touchpoints,
        campaigns=campaigns,
        followups=followups,
    )


def test_week_starts_are_the_mondays_of_complete_weeks():
    assert week_list("2024-07-03", 2) == ["2024-06-17", "2024-06-24"]
    assert week_list("2024-07-01", 1) == ["2024-06-24"]  # a Monday: the week just ended
    assert week_list("2024-06-30", 1) == ["2024-06-17"]  # a Sunday: that week is not over
    with pytest.raises(CourseDataError, match=r"`weeks` must be ≥ 1; got 0"):
        health.week_starts("2024-07-01", 0)


def week_list(day, n):
    return health.week_starts(day, n).strftime("%Y-%m-%d").tolist()


def test_health_components_follow_their_documented_scales(small_tables):
    parts = health.health_components(pd.Timestamp("2024-07-01"), small_tables)
    assert parts.loc["a", "recency"] == pytest.approx(100 * 0.5 ** (6 / 120))
    assert parts.loc["a", "frequency"] == 100.0  # 3 orders in 52 weeks, capped
    assert parts.loc["b", "frequency"] == 50.0
    assert parts.loc["a", "satisfaction"] == 90.0  # the latest survey
    assert parts.loc["b", "satisfaction"] == 70.0  # never surveyed: neutral
    assert parts.loc["c", "satisfaction"] == 10.0
    # c: two complaints (−40), one answered after 4 hours (−40), one still open on 07-01 (−30)
    assert parts.loc["c", "service"] == 0.0
    # a: two journeys and one campaign response in 13 weeks → 50 + 50 × (1 − 0.5³)
    assert parts.loc["a", "engagement"] == pytest.approx(50 + 50 * 0.875)
    assert parts.loc["b", "engagement"] == 50.0


def test_health_components_use_nothing_after_the_week_end(small_tables):
    before = health.health_components(pd.Timestamp("2024-06-24"), small_tables)
    assert "a" in before.index and before.loc["a", "recency"] == pytest.approx(100 * 0.5 ** (35 / 120))
    assert before.loc["c", "satisfaction"] == 70.0  # the 06-30 survey is not known yet
    assert before.loc["c", "service"] == 0.0  # 100 − 20 − (20 + 40 + 30), floored
    earlier = health.health_components(pd.Timestamp("2024-06-17"), small_tables)
    assert earlier.loc["c", "service"] == 80.0  # only the complaint answered in time
    # a future order changes nothing before it
    later = dict(
        small_tables,
        orders=pd.concat(
            [
                small_tables["orders"],
                pd.DataFrame({"customer_id": ["b"], "order_date": pd.to_datetime(["2024-06-28"])}),
            ]
        ),
    )
    again = health.health_components(pd.Timestamp("2024-06-24"), later)
    pd.testing.assert_frame_equal(before, again)


def test_health_scores_contract(small_tables):
    scores = health.health_scores(as_of="2024-07-03", weeks=2, tables=small_tables)
    assert list(scores.columns) == ["customer_id", "week", "health_score", *health.HEALTH_COMPONENTS]
    assert scores["week"].dt.day_of_week.eq(0).all()
    assert scores.groupby("week").size().to_dict() == {
        pd.Timestamp("2024-06-17"): 3,
        pd.Timestamp("2024-06-24"): 3,
    }
    assert not scores.duplicated(["customer_id", "week"]).any()
    recomputed = health.combine_health(scores[list(health.HEALTH_COMPONENTS)])
    np.testing.assert_allclose(scores["health_score"], recomputed)


def test_health_scores_accept_weights_and_partial_tables(small_tables):
    recency_only = health.health_scores(as_of="2024-07-01", weights={"recency": 1}, tables=small_tables)
    np.testing.assert_allclose(recency_only["health_score"], recency_only["recency"])
    loaded = health.health_scores(as_of="2024-07-01", tables={"orders": small_tables["orders"]})
    assert set(loaded["customer_id"]) == {"a", "b", "c"}


@pytest.mark.parametrize(
    "weights, error, message",
    [
        ({"loyalty": 1}, CourseDataError, r"unknown component\(s\) \['loyalty'\]"),
        ({"recency": 0}, CourseDataError, r"`weights` are all zero"),
        ({"recency": -1}, CourseDataError, r"`weights\['recency'\]` must be ≥ 0"),
        ([0.3, 0.7], TypeError, r"`weights` must be a dict"),
    ],
)
def test_health_scores_refuse_bad_weights(small_tables, weights, error, message):
    with pytest.raises(error, match=message):
        health.health_scores(as_of="2024-07-01", weights=weights, tables=small_tables)


def test_health_scores_refuse_bad_tables(small_tables):
    with pytest.raises(TypeError, match=r"`tables` must be a dict of DataFrames; got list"):
        health.health_scores(as_of="2024-07-01", tables=[small_tables["orders"]])
    broken = dict(small_tables, surveys=small_tables["surveys"].drop(columns="satisfaction"))
    with pytest.raises(CourseDataError, match=r"`tables\['surveys'\]` lacks column\(s\) \['satisfaction'\]"):
        health.health_scores(as_of="2024-07-01", tables=broken)
    with pytest.raises(CourseDataError, match=r"no order falls before 2023-01-02"):
        health.health_scores(as_of="2023-01-03", tables=small_tables)


@settings(max_examples=40, deadline=None)
@given(
    weights=st.dictionaries(
        st.sampled_from(list(health.HEALTH_COMPONENTS)), st.floats(0, 5), min_size=1
    ).filter(lambda w: sum(w.values()) > 1e-3),
    values=st.lists(st.floats(0, 100), min_size=5, max_size=5),
)
def test_combined_score_stays_within_its_components(weights, values):
    parts = pd.DataFrame([dict(zip(health.HEALTH_COMPONENTS, values))])
    score = float(health.combine_health(parts, weights).iloc[0])
    used = [v for name, v in zip(health.HEALTH_COMPONENTS, values) if weights.get(name, 0) > 0]
    assert min(used) - 1e-9 <= score <= max(used) + 1e-9


# ------------------------------------------------------------------------- validation
def _validation_orders():
    return pd.DataFrame(
        {
            "customer_id": list("aabccdd"),
            "order_date": pd.to_datetime(
                [
                    "2024-01-02",
                    "2024-02-10",
                    "2024-01-03",
                    "2024-01-20",
                    "2024-02-15",
                    "2024-01-25",
                    "2024-03-05",
                ]
            ),
        }
    )


def test_validation_auc_and_lift_on_a_known_case():
    scores = pd.DataFrame(
        {
            "customer_id": list("abcd"),
            "health_score": [90.0, 40.0, 60.0, 80.0],
            "week": pd.Timestamp("2024-01-22"),
        }
    )
    result = health.health_validation(scores, _validation_orders(), horizon_days=30)
    # lost: b and d. Pairs (lost, kept) ranked right: (b,a), (b,c), (d,a); wrong: (d,c) → 3/4
    assert result["auc"] == 0.75
    assert result["share_under"] == 0.5 and result["churn_under"] == 0.5 and result["churn_over"] == 0.5
    assert result["lift"] == 1.0


def test_auc_handles_ties_as_scikit_learn_does():
    from sklearn.metrics import roc_auc_score

    rng = np.random.default_rng(3)
    scores = pd.DataFrame({"health_score": np.round(rng.normal(size=300), 1)})  # ties included
    scores["lost"] = rng.random(300) < 1 / (1 + np.exp(2 * scores["health_score"]))
    result = health.health_validation(scores)
    assert result["auc"] == round(roc_auc_score(scores["lost"], -scores["health_score"]), 4)


def test_validation_leaves_out_customers_already_gone():
    scores = pd.DataFrame(
        {
            "customer_id": list("abcd"),
            "health_score": [90.0, 40.0, 60.0, 80.0],
            "week": pd.Timestamp("2024-01-22"),
        }
    )
    labelled = health.label_scores(scores, _validation_orders(), horizon_days=30, active_days=10)
    assert labelled["customer_id"].tolist() == ["c", "d"]  # a and b last bought > 10 days before
    with pytest.raises(CourseDataError, match=r"has no `lost` column"):
        health.health_validation(scores)


def test_health_bands_cover_the_whole_scale():
    table = pd.DataFrame({"health_score": [0.0, 74.9, 75.0, 100.0], "lost": [True, True, False, False]})
    bands = health.health_bands(table, bins=(0, 75, 100))
    assert bands["customers"].tolist() == [2, 2]
    assert bands["churn_rate"].tolist() == [1.0, 0.0]


def test_course_data_health_score_warns_of_churn():
    """The planted finding: active customers under 75 churn clearly more in the next months."""
    scores = health.health_scores(as_of="2024-07-01", weeks=4)
    result = health.health_validation(scores, data_orders())
    assert result["auc"] > 0.65
    assert result["churn_ratio"] > 1.8
    assert 0.2 < result["share_under"] < 0.6


def data_orders():
    from course_lib import data

    return data.load_orders()


def test_recency_warning_reads_any_order_log():
    log = pd.DataFrame(
        {
            "buyer": list("aabbcde"),
            "day": pd.to_datetime(
                [
                    "2024-05-20",
                    "2024-08-01",
                    "2024-02-10",
                    "2024-08-20",
                    "2024-03-01",
                    "2024-01-20",
                    "2024-10-01",
                ]
            ),
        }
    )
    result = health.recency_warning(log, as_of="2024-07-01", horizon_days=90, customer="buyer", date="day")
    assert result["customers"] == 4 and result["churn_rate"] == 0.5 and result["auc"] == 0.75
    with pytest.raises(
        CourseDataError, match=r"`horizon_days` 200 runs to 2025-01-17, but the orders end on 2024-10-01"
    ):
        health.recency_warning(log, as_of="2024-07-01", horizon_days=200, customer="buyer", date="day")


def test_recency_warning_on_real_cdnow_transactions():
    from course_lib import data

    result = health.recency_warning(data.load_cdnow(), as_of="1998-01-01", date="date")
    assert 0.55 < result["auc"] < 0.7 and result["churn_under"] > result["churn_over"]


def test_care_call_board_is_what_the_team_sees():
    board = health.care_call_board(as_of="2024-09-30")
    assert board.index.is_unique and board.index.is_monotonic_increasing
    assert board["health_score"].between(0, 100).all() and (board["spend_365d"] >= 0).all()
    assert (board["days_since_order"] >= 0).all() and board["late_complaint"].sum() > 0
    assert 0.3 < board["consent_phone"].mean() < 0.5
