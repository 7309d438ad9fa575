"""course_lib.attribution: first/last touch, linear, time decay, Markov removal effect, Shapley."""

import math
import warnings

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from course_lib.attribution import (
    AttributionWarning,
    attribution_table,
    first_touch,
    last_touch,
    linear,
    markov_attribution,
    shapley_attribution,
    time_decay,
)
from course_lib.validation import CourseDataError

ALL_MODELS = [first_touch, last_touch, linear, time_decay, markov_attribution, shapley_attribution]


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
    assert _markov_by_hand([["a", "a", "b"], ["b"], ["a"]], [True, False, False])["a"] == pytest.approx(
        twice["a"]
    )
    assert once != twice


def test_markov_accepts_numpy_strings_and_integers():
    paths = [np.array(p) for p in PATHS]
    assert isinstance(paths[0][0], np.str_)
    result = markov_attribution(paths, np.array(CONVERTED, dtype=int))
    assert all(type(key) is str for key in result)
    assert result == pytest.approx(markov_attribution(PATHS, CONVERTED))
    assert markov_attribution(pd.Series([tuple(p) for p in PATHS]), pd.Series(CONVERTED)) == pytest.approx(
        result
    )


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


@pytest.mark.parametrize(
    "paths, converted, error, message",
    [
        (PATHS, CONVERTED[:3], CourseDataError, r"`paths` has 5 journeys but `converted` has 3 values"),
        (PATHS, [1, 0, 2, 0, 1], CourseDataError, r"booleans or 0/1; found 2 at position 2"),
        (PATHS, ["yes"] * 5, CourseDataError, r"booleans or 0/1; found yes at position 0"),
        ([["a"], []], [1, 0], CourseDataError, r"`paths\[1\]` is empty"),
        (["ab", ["a"]], [1, 0], CourseDataError, r"`paths\[0\]` is a str"),
        ([], [], CourseDataError, r"`paths` is empty"),
        ("social", [1], TypeError, r"`paths` must be a sequence of journeys"),
        (PATHS, 1, TypeError, r"`converted` must be a sequence"),
    ],
)
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
    with pytest.raises(CourseDataError, match=r"`half_life` must be > 0; got 0\."):
        time_decay(PATHS, CONVERTED, half_life=0)
    with pytest.raises(TypeError, match=r"`half_life` must be a number; got bool True"):
        time_decay(PATHS, CONVERTED, half_life=True)


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
    min_size=1,
    max_size=30,
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
