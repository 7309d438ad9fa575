"""Journeys, the journey map, the touchpoint thermometer, need signals, attribution and care."""

import math
import warnings

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from course_lib import journey
from course_lib.journey import (
    AttributionWarning,
    attribution_table,
    build_journeys,
    care_calendar,
    contact_state,
    first_touch,
    followup_plan,
    followup_response,
    journey_map,
    last_touch,
    linear,
    markov_attribution,
    need_signals,
    next_purchase,
    offer_uplift,
    problem_touchpoints,
    purchase_cycle,
    score_signals,
    shapley_attribution,
    standards_checklist,
    thermometer,
    time_decay,
)
from course_lib.validation import CourseDataError

ALL_MODELS = [first_touch, last_touch, linear, time_decay, markov_attribution, shapley_attribution]


# ------------------------------------------------------------------------- fixtures
@pytest.fixture
def events():
    return pd.DataFrame({
        "event_id": range(7),
        "journey_id": ["J2", "J1", "J1", "J1", "J2", "J3", "J3"],
        "customer_id": ["C2", "C1", "C1", "C1", "C2", "C1", "C1"],
        "timestamp": pd.to_datetime(["2024-01-05 10:00", "2024-01-01 09:00", "2024-01-01 08:00",
                                     "2024-01-02 12:00", "2024-01-05 09:00", "2024-02-01 00:00", "2024-02-02 00:00"]),
        "stage": ["search", "content", "ad_view", "checkout", "ad_view", "ad_view", "search"],
        "channel": ["paid_search", "wechat", "social", "store", "social", "sms", "sms"],
        "satisfaction": [4, 5, 3, 4, np.nan, 2, 1],
        "converted": [False, True, True, True, False, False, False],
    })


def _markov_by_hand(paths, converted):
    """Reference: iterate the absorbing chain instead of solving it, one removal at a time."""
    channels = sorted({c for p in paths for c in p})

    def probability(removed):
        counts = {}
        for path, conv in zip(paths, converted):
            states = ["start", *path, "conv" if conv else "null"]
            for a, b in zip(states[:-1], states[1:]):
                counts.setdefault(a, {}).setdefault(b, 0)
                counts[a][b] += 1
        value = {"conv": 1.0, "null": 0.0}
        for c in channels:
            value[c] = 0.0
        for _ in range(2000):
            for c in channels:
                if c == removed:
                    value[c] = 0.0
                    continue
                total = sum(counts[c].values())
                value[c] = sum(n / total * (0.0 if b == removed else value[b]) for b, n in counts[c].items())
        total = sum(counts["start"].values())
        return sum(n / total * (0.0 if b == removed else value[b]) for b, n in counts["start"].items())

    base = probability(None)
    effects = {c: 1 - probability(c) / base for c in channels}
    total = sum(effects.values())
    return {c: e / total for c, e in effects.items()}


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


@pytest.mark.parametrize("break_it, error, message", [
    (lambda df: df.drop(columns="channel"), CourseDataError, r"lacks column\(s\) \['channel'\]"),
    (lambda df: df.assign(timestamp=["soon"] * 7), CourseDataError, r"not dates, first soon"),
    (lambda df: df.assign(converted=["yes"] * 7), CourseDataError, r"True/False or 0/1; found yes"),
    (lambda df: df.assign(customer_id=["C9"] + ["C1"] * 6), CourseDataError, r"J2 belongs to more than one"),
    (lambda df: df.iloc[:0], CourseDataError, r"`touchpoints` is empty"),
    (lambda df: df.values, TypeError, r"must be a pandas DataFrame"),
])
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


@pytest.mark.parametrize("kwargs, message", [
    ({"chart": "pie"}, r"`chart` must be 'p' or 'xbar'; got 'pie'"),
    ({"sigma": 0}, r"`sigma` must be a positive number; got 0"),
])
def test_thermometer_refuses_bad_options(kwargs, message):
    with pytest.raises(CourseDataError, match=message):
        thermometer(_rated({"a": 4}), **kwargs)


def test_thermometer_needs_ratings():
    frame = _rated({"a": 4}).assign(satisfaction=np.nan)
    with pytest.raises(CourseDataError, match="has no ratings"):
        thermometer(frame)


# ----------------------------------------------------------------------- attribution
PATHS = [["social", "email"], ["social"], ["email", "email"], ["sms"], ["social", "sms", "email"]]
CONVERTED = [True, False, True, False, True]


def test_markov_matches_a_hand_iterated_chain():
    found = markov_attribution(PATHS, CONVERTED)
    expected = _markov_by_hand(PATHS, CONVERTED)
    assert found.keys() == expected.keys()
    for channel in expected:
        assert found[channel] == pytest.approx(expected[channel], abs=1e-9)


def test_markov_counts_repeats_of_a_channel():
    once = markov_attribution([["a", "b"], ["b"], ["a"]], [True, False, False])
    twice = markov_attribution([["a", "a", "b"], ["b"], ["a"]], [True, False, False])
    assert _markov_by_hand([["a", "a", "b"], ["b"], ["a"]], [True, False, False])["a"] == pytest.approx(twice["a"])
    assert once != twice


def test_markov_accepts_numpy_strings_and_integers():
    paths = [np.array(p) for p in PATHS]
    assert isinstance(paths[0][0], np.str_)
    result = markov_attribution(paths, np.array(CONVERTED, dtype=int))
    assert all(type(key) is str for key in result)
    assert result == pytest.approx(markov_attribution(PATHS, CONVERTED))
    assert markov_attribution(pd.Series([tuple(p) for p in PATHS]), pd.Series(CONVERTED)) == \
        pytest.approx(result)


def test_channel_only_in_lost_journeys_gets_nothing():
    result = markov_attribution([["a", "b"], ["c"], ["a"]], [True, False, True])
    assert result["c"] == 0.0
    assert shapley_attribution([["a", "b"], ["c"], ["a"]], [True, False, True])["c"] == 0.0


def test_unseen_channel_listed_gets_nothing():
    for model in ALL_MODELS:
        result = model(PATHS, CONVERTED, channels=["store"])
        assert result["store"] == 0.0
        assert math.isclose(sum(result.values()), 1.0)


def test_no_conversion_is_refused_for_every_model():
    for model in ALL_MODELS:
        with pytest.raises(CourseDataError, match=r"none of the 5 journeys converted"):
            model(PATHS, [False] * 5)


def test_all_converted_warns_and_still_shares():
    with pytest.warns(AttributionWarning, match=r"all 5 journeys converted"):
        result = markov_attribution(PATHS, [True] * 5)
    assert math.isclose(sum(result.values()), 1.0)
    assert all(v > 0 for v in result.values())


@pytest.mark.parametrize("paths, converted, error, message", [
    (PATHS, CONVERTED[:3], CourseDataError, r"`paths` has 5 journeys but `converted` has 3 values"),
    (PATHS, [1, 0, 2, 0, 1], CourseDataError, r"booleans or 0/1; found 2 at position 2"),
    (PATHS, ["yes"] * 5, CourseDataError, r"booleans or 0/1; found yes at position 0"),
    ([["a"], []], [1, 0], CourseDataError, r"`paths\[1\]` is empty"),
    (["ab", ["a"]], [1, 0], CourseDataError, r"`paths\[0\]` is a str"),
    ([], [], CourseDataError, r"`paths` is empty"),
    ("social", [1], TypeError, r"`paths` must be a sequence of journeys"),
    (PATHS, 1, TypeError, r"`converted` must be a sequence"),
])
def test_attribution_refuses(paths, converted, error, message):
    with pytest.raises(error, match=message):
        markov_attribution(paths, converted)


def test_heuristic_models_by_hand():
    paths, converted = [["a", "b", "c"], ["b"]], [1, 1]
    assert first_touch(paths, converted) == {"a": 0.5, "b": 0.5, "c": 0.0}
    assert last_touch(paths, converted) == {"a": 0.0, "b": 0.5, "c": 0.5}
    assert linear(paths, converted) == pytest.approx({"a": 1 / 6, "b": 4 / 6, "c": 1 / 6})
    weights = np.array([0.25, 0.5, 1.0]) / 1.75
    expected = {"a": weights[0] / 2, "b": (weights[1] + 1) / 2, "c": weights[2] / 2}
    assert time_decay(paths, converted, half_life=1) == pytest.approx(expected)
    # a very long half-life tends to linear
    assert time_decay(paths, converted, half_life=1e9) == pytest.approx(linear(paths, converted))


def test_time_decay_refuses_bad_half_life():
    with pytest.raises(CourseDataError, match=r"`half_life` must be a positive number of touches; got 0"):
        time_decay(PATHS, CONVERTED, half_life=0)


def test_shapley_equals_even_split_over_distinct_channels():
    shares = shapley_attribution(PATHS, CONVERTED)
    credit = {}
    for path, conv in zip(PATHS, CONVERTED):
        if conv:
            distinct = set(path)
            for c in distinct:
                credit[c] = credit.get(c, 0) + 1 / len(distinct)
    total = sum(credit.values())
    for c in shares:
        assert shares[c] == pytest.approx(credit.get(c, 0) / total)


def test_shapley_refuses_too_many_channels():
    paths = [[f"c{i}"] for i in range(6)]
    with pytest.raises(CourseDataError, match=r"use 6 channels.*`max_channels`=4"):
        shapley_attribution(paths, [1] * 6, max_channels=4)


def test_attribution_table_columns_sum_to_one():
    table = attribution_table(PATHS, CONVERTED)
    assert list(table.columns) == ["first_touch", "last_touch", "linear", "time_decay", "markov", "shapley"]
    assert np.allclose(table.sum(), 1.0)
    with pytest.raises(CourseDataError, match=r"unknown model\(s\) \['magic'\]"):
        attribution_table(PATHS, CONVERTED, models=["magic"])


journeys_strategy = st.lists(
    st.tuples(st.lists(st.sampled_from(["a", "b", "c", "d", "e"]), min_size=1, max_size=6), st.booleans()),
    min_size=1, max_size=30,
).filter(lambda rows: any(conv for _, conv in rows))


@settings(max_examples=50, deadline=None)
@given(journeys_strategy)
def test_property_shares_sum_to_one_and_are_non_negative(rows):
    paths = [p for p, _ in rows]
    converted = [c for _, c in rows]
    seen = {c for p in paths for c in p}
    for model in ALL_MODELS:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", AttributionWarning)
            shares = model(paths, converted, channels=["z"])
        assert math.isclose(sum(shares.values()), 1.0, rel_tol=1e-9)
        assert all(v >= 0 for v in shares.values())
        assert shares["z"] == 0.0
        assert set(shares) == seen | {"z"}


@settings(max_examples=50, deadline=None)
@given(journeys_strategy)
def test_property_markov_agrees_with_hand_iteration(rows):
    paths = [p for p, _ in rows]
    converted = [c for _, c in rows]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", AttributionWarning)
        found = markov_attribution(paths, converted)
    expected = _markov_by_hand(paths, converted)
    for channel, share in expected.items():
        assert found[channel] == pytest.approx(share, abs=1e-6)


@settings(max_examples=50, deadline=None)
@given(journeys_strategy)
def test_property_renaming_channels_renames_shares(rows):
    paths = [p for p, _ in rows]
    converted = [c for _, c in rows]
    renamed = [[c.upper() for c in p] for p in paths]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", AttributionWarning)
        original = markov_attribution(paths, converted)
        upper = markov_attribution(renamed, converted)
    assert {k.upper(): v for k, v in original.items()} == pytest.approx(upper)


# ----------------------------------------------------------------------- need signals
@pytest.fixture
def orders():
    return pd.DataFrame({
        "customer_id": ["a", "a", "a", "b", "b", "b", "b", "c"],
        "order_date": pd.to_datetime(["2024-01-01", "2024-01-31", "2024-03-01",
                                      "2024-04-01", "2024-04-11", "2024-04-21", "2024-05-25", "2024-06-05"]),
        "amount": [10.0] * 8,
    })


def test_purchase_cycle_finds_abnormal_gap(orders):
    table = purchase_cycle(orders, as_of="2024-06-01")
    assert list(table.index) == ["a", "b"]          # c has one order
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


@pytest.mark.parametrize("kwargs, message", [
    ({"as_of": "someday"}, r"`as_of` must be a date"),
    ({"as_of": "2024-06-01", "factor": 0}, r"`factor` must be positive; got 0"),
    ({"as_of": "2024-06-01", "min_orders": 1}, r"`min_orders` must be an integer of at least 2; got 1"),
])
def test_purchase_cycle_refuses(orders, kwargs, message):
    with pytest.raises(CourseDataError, match=message):
        purchase_cycle(orders, **kwargs)


def _signal_tables():
    customers = pd.DataFrame({"customer_id": ["a", "b", "c", "d"]})
    orders = pd.DataFrame({"customer_id": ["a", "a", "a", "b"],
                           "order_date": pd.to_datetime(["2024-01-01", "2024-01-11", "2024-01-21", "2024-06-03"])})
    touchpoints = pd.DataFrame({
        "customer_id": ["b", "c", "c", "d"],
        "timestamp": pd.to_datetime(["2024-05-20", "2024-05-25", "2024-05-25", "2024-03-01"]),
        "stage": ["search", "consultation", "checkout", "search"],
        "converted": [True, False, False, False]})
    tickets = pd.DataFrame({"customer_id": ["d", "c"], "opened_at": pd.to_datetime(["2024-05-30", "2024-05-30"]),
                            "sentiment": ["negative", "positive"]})
    surveys = pd.DataFrame({"customer_id": ["a", "b"], "survey_date": pd.to_datetime(["2024-04-01", "2024-04-01"]),
                            "nps": [3, 9]})
    campaigns = pd.DataFrame({"customer_id": ["b", "c"], "contact_date": pd.to_datetime(["2024-05-28", "2024-05-28"]),
                              "responded": [True, True], "converted": [False, True]})
    return customers, orders, touchpoints, tickets, surveys, campaigns


def test_need_signals_follow_their_rules():
    customers, orders, touchpoints, tickets, surveys, campaigns = _signal_tables()
    flags = need_signals(customers, orders=orders, touchpoints=touchpoints, tickets=tickets,
                         surveys=surveys, campaigns=campaigns, as_of="2024-06-01")
    assert list(flags.columns) == list(journey.SIGNALS.index)
    assert len(journey.SIGNALS) == 7
    assert (journey.SIGNALS["source"] == "2025 training deck").sum() == 3
    expected = {
        "product_search": ["b"], "negative_feedback": ["d"], "cycle_gap": ["a"],
        "consultation": ["c"], "abandoned_checkout": ["c"], "detractor": ["a"],
        "campaign_response": ["b"],
    }
    for signal, who in expected.items():
        assert flags.index[flags[signal]].tolist() == who, signal


def test_score_signals_precision_and_coverage():
    customers, orders, *_ = _signal_tables()
    bought = next_purchase(orders, customers, as_of="2024-06-01")
    assert bought.to_dict() == {"a": False, "b": True, "c": False, "d": False}
    flags = pd.DataFrame({"product_search": [False, True, True, False],
                          "cycle_gap": [True, False, False, False]}, index=bought.index)
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


# ------------------------------------------------------------------- follow-up and care
def test_followup_response_rates_and_interval():
    log = pd.DataFrame({"channel": ["phone"] * 10 + ["sms"] * 10,
                        "responded": [True] * 8 + [False] * 2 + [True] * 2 + [False] * 8})
    table = followup_response(log)
    assert table.loc["phone", "response_rate"] == 0.8
    assert table.loc["sms", "responses"] == 2
    assert (table["ci_low"] < table["response_rate"]).all()
    assert (table["response_rate"] < table["ci_high"]).all()
    with pytest.raises(CourseDataError, match=r"lacks column\(s\) \['purpose'\]"):
        followup_response(log, by="purpose")


def _plan_tables():
    customers = pd.DataFrame({
        "customer_id": ["n", "v", "m"],
        "membership_tier": ["member", "platinum", "silver"],
        "signup_date": pd.to_datetime(["2024-05-20", "2023-01-01", "2023-01-01"]),
        "consent_sms": [True, True, False], "consent_email": [True, False, False],
        "consent_wechat": [False, True, False], "consent_phone": [False, True, False]})
    orders = pd.DataFrame({"customer_id": ["v", "v", "v", "m", "m"],
                           "order_date": pd.to_datetime(["2024-01-01", "2024-01-21", "2024-02-10",
                                                         "2023-06-01", "2024-01-01"])})
    followups = pd.DataFrame({"customer_id": ["v", "m", "m"],
                              "date": pd.to_datetime(["2024-05-25", "2024-02-01", "2024-03-01"]),
                              "channel": ["wechat", "sms", "wechat"], "responded": [True, False, True]})
    return customers, orders, followups


def test_followup_plan_by_tier_and_cycle():
    customers, orders, followups = _plan_tables()
    plan = followup_plan(customers, orders, as_of="2024-06-01", followups=followups)
    assert plan.loc["n", "purpose"] == "onboarding"
    assert plan.loc["n", "next_followup"] == pd.Timestamp("2024-06-01")
    assert plan.loc["v", "purpose"] == "vip_care"
    assert plan.loc["v", "interval_days"] == 20          # usual gap shorter than platinum's 30
    assert plan.loc["v", "next_followup"] == pd.Timestamp("2024-06-14")
    assert plan.loc["v", "channel"] == "wechat"          # best response rate among consents
    assert plan.loc["m", "purpose"] == "maintenance"
    assert plan.loc["m", "interval_days"] == 60
    assert plan.loc["m", "channel"] == "none"
    assert plan.loc["n", "channel"] in {"sms", "email"}


def test_followup_plan_refuses_unknown_tier():
    customers, orders, _ = _plan_tables()
    with pytest.raises(CourseDataError, match=r"tier\(s\) \['platinum'\] without an interval"):
        followup_plan(customers, orders, as_of="2024-06-01",
                      intervals={"member": 90, "silver": 60, "gold": 45})


def test_care_calendar_triggers():
    customers = pd.DataFrame({"customer_id": ["a", "b"],
                              "birth_date": pd.to_datetime(["1990-06-15", "1985-01-02"]),
                              "signup_date": pd.to_datetime(["2023-06-10", "2024-06-05"])})
    orders = pd.DataFrame({"customer_id": ["b"] * 10 + ["a"],
                           "order_date": pd.to_datetime([f"2024-05-{d:02d}" for d in range(1, 11)] + ["2024-06-20"])})
    loyalty = pd.DataFrame({"customer_id": ["a"], "date": pd.to_datetime(["2024-06-30"]), "kind": ["expire"]})
    calendar = care_calendar(customers, orders, start="2024-06-01", end="2024-07-01", loyalty=loyalty)
    got = set(zip(calendar["date"].dt.strftime("%m-%d"), calendar["customer_id"], calendar["trigger"]))
    assert ("06-01", "a", "birthday_month") in got
    assert ("06-01", "b", "surprise") in got             # 10 orders in May
    assert ("06-10", "a", "anniversary") in got
    assert not any(t == "anniversary" and c == "b" for _, c, t in got)   # joined this year
    assert ("06-18", "a", "holiday") in got and ("06-18", "b", "holiday") in got
    assert ("06-23", "a", "after_order") in got
    assert ("06-29", "a", "reminder") in got
    assert calendar["date"].between("2024-06-01", "2024-06-30").all()
    assert calendar.equals(calendar.sort_values(["date", "customer_id", "trigger"], ignore_index=True))
    with pytest.raises(CourseDataError, match=r"`end` \(2024-05-01\) must come after `start`"):
        care_calendar(customers, orders, start="2024-06-01", end="2024-05-01")


def test_standards_checklist_marks_touchpoints_below_target(events):
    table = standards_checklist(events)
    assert table.loc["content", "meets"]
    assert not table.loc["search", "meets"]
    assert set(table.index) <= set(journey.STAGES)
    assert table["standard"].str.len().gt(10).all()


def test_offer_uplift_by_state_uses_orders_before_the_contact_and_the_control_group():
    contacts = pd.DataFrame({
        "customer_id": ["a", "b", "c", "d", "e", "f"],
        "contact_date": pd.to_datetime(["2024-06-01"] * 6),
        "offer": ["gift"] * 4 + ["lookbook"] * 2,
        "group": ["treatment", "treatment", "control", "control", "treatment", "treatment"],
        "responded": [1, 0, 0, 0, 1, 0], "converted": [1, 1, 0, 1, 0, 0]})
    orders = pd.DataFrame({"customer_id": ["a", "b", "c", "d", "e", "e"],
                           "order_date": pd.to_datetime(["2024-05-31", "2024-01-01", "2024-01-02",
                                                         "2024-05-01", "2024-06-01", "2024-06-20"])})
    assert contact_state(contacts, orders).tolist() == ["active", "sleeping", "sleeping", "active",
                                                          "never bought", "never bought"]
    table = offer_uplift(contacts, orders)
    assert table.loc[("gift", "active"), "uplift"] == 0.0          # 1 of 1 against 1 of 1 held out
    assert table.loc[("gift", "sleeping"), "uplift"] == 1.0        # 1 of 1 against 0 of 1
    assert math.isnan(table.loc[("lookbook", "never bought"), "control_conversion"])
    assert table.loc[("lookbook", "never bought"), "response_rate"] == 0.5
    with pytest.raises(CourseDataError):
        offer_uplift(contacts.drop(columns="group"), orders)
