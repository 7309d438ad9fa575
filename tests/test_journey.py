"""course_lib.journey: journeys, the journey map, the touchpoint thermometer, need signals and
touchpoint standards; and the names it re-exports from attribution and followup."""

import numpy as np
import pandas as pd
import pytest

from course_lib import attribution, followup, journey
from course_lib.journey import (
    build_journeys,
    journey_map,
    need_signals,
    next_purchase,
    problem_touchpoints,
    purchase_cycle,
    score_signals,
    standards_checklist,
    thermometer,
)
from course_lib.validation import CourseDataError


# ------------------------------------------------------------------------- fixtures
@pytest.fixture
def events():
    return pd.DataFrame(
        {
            "event_id": range(7),
            "journey_id": ["J2", "J1", "J1", "J1", "J2", "J3", "J3"],
            "customer_id": ["C2", "C1", "C1", "C1", "C2", "C1", "C1"],
            "timestamp": pd.to_datetime(
                [
                    "2024-01-05 10:00",
                    "2024-01-01 09:00",
                    "2024-01-01 08:00",
                    "2024-01-02 12:00",
                    "2024-01-05 09:00",
                    "2024-02-01 00:00",
                    "2024-02-02 00:00",
                ]
            ),
            "stage": ["search", "content", "ad_view", "checkout", "ad_view", "ad_view", "search"],
            "channel": ["paid_search", "wechat", "social", "store", "social", "sms", "sms"],
            "satisfaction": [4, 5, 3, 4, np.nan, 2, 1],
            "converted": [False, True, True, True, False, False, False],
        }
    )


# -------------------------------------------------------------------------- journeys
def test_build_journeys_orders_events_in_time(events):
    table = build_journeys(events)
    assert list(table.index) == ["J1", "J2", "J3"]
    assert table.loc["J1", "path"] == ("social", "wechat", "store")
    assert table.loc["J1", "stages"] == ("ad_view", "content", "checkout")
    assert table.loc["J2", "path"] == ("social", "paid_search")
    assert table["touches"].tolist() == [3, 2, 2]
    assert table["converted"].tolist() == [True, False, False]
    assert table.loc["J1", "end"] - table.loc["J1", "start"] == pd.Timedelta(hours=28)


def test_build_journeys_does_not_mutate(events):
    before = events.copy()
    build_journeys(events)
    pd.testing.assert_frame_equal(events, before)


@pytest.mark.parametrize(
    "break_it, error, message",
    [
        (lambda df: df.drop(columns="channel"), CourseDataError, r"lacks column\(s\) \['channel'\]"),
        (lambda df: df.assign(timestamp=["soon"] * 7), CourseDataError, r"not dates, first soon"),
        (lambda df: df.assign(converted=["yes"] * 7), CourseDataError, r"True/False or 0/1; found yes"),
        (
            lambda df: df.assign(customer_id=["C9"] + ["C1"] * 6),
            CourseDataError,
            r"J2 belongs to more than one",
        ),
        (lambda df: df.iloc[:0], CourseDataError, r"`touchpoints` is empty"),
        (lambda df: df.values, TypeError, r"must be a pandas DataFrame"),
    ],
)
def test_build_journeys_refuses(events, break_it, error, message):
    with pytest.raises(error, match=message):
        build_journeys(break_it(events))


def test_customer_journeys_sums_per_customer(events):
    table = journey.customer_journeys(build_journeys(events))
    assert table.loc["C1", "journeys"] == 2
    assert table.loc["C1", "conversions"] == 1
    assert table.loc["C1", "touches"] == 5
    assert table.loc["C2", "conversion_rate"] == 0.0


def test_journey_map_is_a_funnel(events):
    table = journey_map(events)
    assert list(table.index) == list(journey.STAGES)
    # J1 reaches checkout, J2 and J3 stop at search: everyone reaches ad_view
    assert table.loc["ad_view", "reached"] == 3
    assert table.loc["search", "reached"] == 3
    assert table.loc["checkout", "reached"] == 1
    assert table.loc["after_sales", "reached"] == 0
    assert (np.diff(table["reached"]) <= 0).all()
    assert table.loc["search", "step_conversion"] == pytest.approx(1 / 3, abs=1e-3)
    assert table.loc["search", "drop_off"] == pytest.approx(2 / 3, abs=1e-3)
    assert table.loc["ad_view", "touched"] == 3
    assert table.loc["ad_view", "order_rate"] == pytest.approx(1 / 3, abs=1e-3)
    assert table.loc["search", "satisfaction"] == pytest.approx(2.5)


def test_journey_map_refuses_unknown_stage(events):
    with pytest.raises(CourseDataError, match=r"stage\(s\) \['checkout'\] that are not in `stages`"):
        journey_map(events, stages=["ad_view", "search", "content"])


def _rated(stages_means, months=6, n=60, seed=0):
    rng = np.random.default_rng(seed)
    rows = []
    for stage, mean in stages_means.items():
        for m in range(months):
            ratings = np.clip(np.round(rng.normal(mean, 0.8, n)), 1, 5)
            for r in ratings:
                rows.append((stage, pd.Timestamp(2024, m + 1, 10), r))
    return pd.DataFrame(rows, columns=["stage", "timestamp", "satisfaction"])


@pytest.mark.parametrize("chart", ["p", "xbar"])
def test_thermometer_flags_the_weak_touchpoint(chart):
    ratings = _rated({"search": 4.3, "consultation": 2.6, "checkout": 4.2, "store_visit": 4.3})
    thermo = thermometer(ratings, chart=chart)
    assert len(thermo) == 4 * 6
    assert thermo["stage"].unique().tolist() == ["search", "consultation", "store_visit", "checkout"]
    assert problem_touchpoints(thermo) == ["consultation"]
    assert (thermo["lcl"] <= thermo["center"]).all() and (thermo["center"] <= thermo["ucl"]).all()


def test_thermometer_limits_narrow_with_more_ratings():
    small = thermometer(_rated({"a": 4, "b": 4}, n=20), chart="p")
    large = thermometer(_rated({"a": 4, "b": 4}, n=500), chart="p")
    assert (small["ucl"] - small["center"]).mean() > (large["ucl"] - large["center"]).mean()


@pytest.mark.parametrize(
    "kwargs, error, message",
    [
        ({"chart": "pie"}, CourseDataError, r"`chart` must be 'p' or 'xbar'; got 'pie'"),
        ({"sigma": 0}, CourseDataError, r"`sigma` must be > 0; got 0\."),
        ({"sigma": "3"}, TypeError, r"`sigma` must be a number; got str '3'"),
    ],
)
def test_thermometer_refuses_bad_options(kwargs, error, message):
    with pytest.raises(error, match=message):
        thermometer(_rated({"a": 4}), **kwargs)


def test_thermometer_needs_ratings():
    frame = _rated({"a": 4}).assign(satisfaction=np.nan)
    with pytest.raises(CourseDataError, match="has no ratings"):
        thermometer(frame)


# ----------------------------------------------------------------------- need signals
@pytest.fixture
def orders():
    return pd.DataFrame(
        {
            "customer_id": ["a", "a", "a", "b", "b", "b", "b", "c"],
            "order_date": pd.to_datetime(
                [
                    "2024-01-01",
                    "2024-01-31",
                    "2024-03-01",
                    "2024-04-01",
                    "2024-04-11",
                    "2024-04-21",
                    "2024-05-25",
                    "2024-06-05",
                ]
            ),
            "amount": [10.0] * 8,
        }
    )


def test_purchase_cycle_finds_abnormal_gap(orders):
    table = purchase_cycle(orders, as_of="2024-06-01")
    assert list(table.index) == ["a", "b"]  # c has one order
    assert table.loc["a", "usual_gap_days"] == 30
    assert table.loc["a", "days_since_last"] == 92
    assert bool(table.loc["a", "abnormal"])
    assert not bool(table.loc["b", "abnormal"])
    assert table.loc["a", "suggested_contact"] == pd.Timestamp("2024-06-01")
    assert table.loc["b", "next_due"] == pd.Timestamp("2024-06-04")
    assert table.loc["b", "suggested_contact"] == pd.Timestamp("2024-06-01")
    later = purchase_cycle(orders, as_of="2024-06-01", lead_days=0)
    assert later.loc["b", "suggested_contact"] == pd.Timestamp("2024-06-04")


def test_purchase_cycle_ignores_orders_after_as_of(orders):
    assert purchase_cycle(orders, as_of="2024-02-15", min_orders=2).loc["a", "orders"] == 2


@pytest.mark.parametrize(
    "kwargs, error, message",
    [
        ({"as_of": "someday"}, CourseDataError, r"`as_of` must be a date"),
        ({"as_of": "2024-06-01", "factor": 0}, CourseDataError, r"`factor` must be > 0; got 0\."),
        ({"as_of": "2024-06-01", "min_orders": 1}, CourseDataError, r"`min_orders` must be ≥ 2; got 1\."),
        (
            {"as_of": "2024-06-01", "min_orders": 2.5},
            CourseDataError,
            r"`min_orders` must be a whole number; got 2.5",
        ),
        ({"as_of": "2024-06-01", "factor": "1.5"}, TypeError, r"`factor` must be a number; got str '1.5'"),
    ],
)
def test_purchase_cycle_refuses(orders, kwargs, error, message):
    with pytest.raises(error, match=message):
        purchase_cycle(orders, **kwargs)


def _signal_tables():
    customers = pd.DataFrame({"customer_id": ["a", "b", "c", "d"]})
    orders = pd.DataFrame(
        {
            "customer_id": ["a", "a", "a", "b"],
            "order_date": pd.to_datetime(["2024-01-01", "2024-01-11", "2024-01-21", "2024-06-03"]),
        }
    )
    touchpoints = pd.DataFrame(
        {
            "customer_id": ["b", "c", "c", "d"],
            "timestamp": pd.to_datetime(["2024-05-20", "2024-05-25", "2024-05-25", "2024-03-01"]),
            "stage": ["search", "consultation", "checkout", "search"],
            "converted": [True, False, False, False],
        }
    )
    tickets = pd.DataFrame(
        {
            "customer_id": ["d", "c"],
            "opened_at": pd.to_datetime(["2024-05-30", "2024-05-30"]),
            "sentiment": ["negative", "positive"],
        }
    )
    surveys = pd.DataFrame(
        {
            "customer_id": ["a", "b"],
            "survey_date": pd.to_datetime(["2024-04-01", "2024-04-01"]),
            "nps": [3, 9],
        }
    )
    campaigns = pd.DataFrame(
        {
            "customer_id": ["b", "c"],
            "contact_date": pd.to_datetime(["2024-05-28", "2024-05-28"]),
            "responded": [True, True],
            "converted": [False, True],
        }
    )
    return customers, orders, touchpoints, tickets, surveys, campaigns


def test_need_signals_follow_their_rules():
    customers, orders, touchpoints, tickets, surveys, campaigns = _signal_tables()
    flags = need_signals(
        customers,
        orders=orders,
        touchpoints=touchpoints,
        tickets=tickets,
        surveys=surveys,
        campaigns=campaigns,
        as_of="2024-06-01",
    )
    assert list(flags.columns) == list(journey.SIGNALS.index)
    assert len(journey.SIGNALS) == 7
    assert (journey.SIGNALS["source"] == "2025 training deck").sum() == 3
    expected = {
        "product_search": ["b"],
        "negative_feedback": ["d"],
        "cycle_gap": ["a"],
        "consultation": ["c"],
        "abandoned_checkout": ["c"],
        "detractor": ["a"],
        "campaign_response": ["b"],
    }
    for signal, who in expected.items():
        assert flags.index[flags[signal]].tolist() == who, signal


def test_score_signals_precision_and_coverage():
    customers, orders, *_ = _signal_tables()
    bought = next_purchase(orders, customers, as_of="2024-06-01")
    assert bought.to_dict() == {"a": False, "b": True, "c": False, "d": False}
    flags = pd.DataFrame(
        {"product_search": [False, True, True, False], "cycle_gap": [True, False, False, False]},
        index=bought.index,
    )
    scores = score_signals(flags, bought)
    assert scores.loc["product_search", "precision"] == 0.5
    assert scores.loc["product_search", "coverage"] == 1.0
    assert scores.loc["product_search", "lift"] == 2.0
    assert scores.loc["cycle_gap", "expects"] == "lapse"
    assert scores.loc["cycle_gap", "precision"] == 1.0
    assert scores.loc["cycle_gap", "coverage"] == pytest.approx(1 / 3)


def test_score_signals_refuses_misaligned_outcome():
    flags = pd.DataFrame({"product_search": [True, False]}, index=["a", "b"])
    with pytest.raises(CourseDataError, match=r"no value for 1 flagged customer\(s\), first b"):
        score_signals(flags, pd.Series([True], index=["a"]))
    with pytest.raises(TypeError, match=r"`purchased` must be a pandas Series"):
        score_signals(flags, [True, False])


def test_standards_checklist_marks_touchpoints_below_target(events):
    table = standards_checklist(events)
    assert table.loc["content", "meets"]
    assert not table.loc["search", "meets"]
    assert set(table.index) <= set(journey.STAGES)
    assert table["standard"].str.len().gt(10).all()


# ------------------------------------------------------------------------ re-exports
def test_old_paths_keep_every_moved_name():
    """``journey.markov_attribution`` is a DESIGN.md §3 contract; the follow-up names load lazily."""
    from course_lib.journey import followup_plan, markov_attribution

    assert markov_attribution is attribution.markov_attribution
    assert followup_plan is followup.followup_plan
    for module in (attribution, followup):
        for name in module.__all__:
            assert name in journey.__all__ and getattr(journey, name) is getattr(module, name), name
    assert "care_calendar" in dir(journey)
    with pytest.raises(AttributeError, match="has no attribute 'nothing'"):
        getattr(journey, "nothing")  # noqa: B009
