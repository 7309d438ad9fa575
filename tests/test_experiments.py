"""A/B tests of conversion rates: two-proportion test, sample size, detectable effect."""

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from course_lib.experiments import (
    compare_groups,
    minimum_detectable_effect,
    sample_size,
    two_proportion_test,
)
from course_lib.validation import CourseDataError


def test_two_proportion_test_against_a_hand_computation():
    result = two_proportion_test(40, 400, 60, 400)
    p = 100 / 800
    z = (0.15 - 0.10) / math.sqrt(p * (1 - p) * (2 / 400))
    assert result.z == pytest.approx(z)
    assert result.p_value == pytest.approx(math.erfc(abs(z) / math.sqrt(2)))
    se = math.sqrt(0.1 * 0.9 / 400 + 0.15 * 0.85 / 400)
    assert result.ci_low == pytest.approx(0.05 - 1.959963985 * se)
    assert result.ci_high == pytest.approx(0.05 + 1.959963985 * se)
    assert result.significant
    assert result.relative_lift == pytest.approx(0.5)


def test_two_proportion_test_agrees_with_a_chi_square_test():
    from scipy import stats

    result = two_proportion_test(33, 500, 51, 480)
    table = np.array([[33, 467], [51, 429]])
    chi2, p, _, _ = stats.chi2_contingency(table, correction=False)
    assert result.p_value == pytest.approx(p)
    assert result.z**2 == pytest.approx(chi2)


def test_identical_groups_are_not_significant():
    result = two_proportion_test(0, 50, 0, 60)
    assert result.p_value == 1.0 and result.z == 0.0
    assert not result.significant


@pytest.mark.parametrize(
    "args, error, message",
    [
        ((5, 0, 5, 10), CourseDataError, r"`n_a` is 0"),
        ((11, 10, 5, 10), CourseDataError, r"`successes_a` \(11\) exceeds `n_a` \(10\)"),
        ((1.5, 10, 5, 10), CourseDataError, r"`successes_a` must be a whole number; got 1.5"),
        ((-1, 10, 5, 10), CourseDataError, r"`successes_a` must be ≥ 0; got -1"),
        (("5", 10, 5, 10), TypeError, r"`successes_a` must be a number; got str '5'"),
        ((5, 10, 5, True), TypeError, r"`n_b` must be a number; got bool True"),
    ],
)
def test_two_proportion_test_refuses(args, error, message):
    with pytest.raises(error, match=message):
        two_proportion_test(*args)


def test_two_proportion_test_refuses_bad_confidence():
    with pytest.raises(CourseDataError, match=r"`confidence` must be < 1; got 95"):
        two_proportion_test(1, 10, 2, 10, confidence=95)
    with pytest.raises(TypeError, match=r"`confidence` must be a number; got str '95%'"):
        two_proportion_test(1, 10, 2, 10, confidence="95%")


def test_compare_groups_counts_each_group():
    frame = pd.DataFrame(
        {
            "hour": [9] * 5 + [20] * 5 + [13] * 2,
            "converted": [True, False, False, False, False, True, True, False, False, False, True, True],
        }
    )
    result = compare_groups(frame, group="hour", outcome="converted", a=9, b=20)
    assert (result.n_a, result.successes_a, result.n_b, result.successes_b) == (5, 1, 5, 2)
    assert result.label_a == "9" and result.label_b == "20"
    assert result.to_frame()["rate"].tolist() == [0.2, 0.4]


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"a": 7, "b": 20}, r"`a`=7 is not a value of `frame\[\"hour\"\]`"),
        ({"a": 9, "b": 20, "outcome": "amount"}, r"True/False or 0/1; found 3.5"),
    ],
)
def test_compare_groups_refuses(kwargs, message):
    frame = pd.DataFrame({"hour": [9, 20], "converted": [True, False], "amount": [3.5, 0.0]})
    options = {"group": "hour", "outcome": "converted"} | kwargs
    with pytest.raises(CourseDataError, match=message):
        compare_groups(frame, **options)


def test_sample_size_textbook_value():
    # Fleiss' formula without continuity correction: 10% → 15%, alpha 5%, power 80% → 686
    assert sample_size(0.10, mde=0.05) == 686


def test_sample_size_grows_as_the_effect_shrinks_and_power_rises():
    assert sample_size(0.06, mde=0.005) > sample_size(0.06, mde=0.01) > sample_size(0.06, mde=0.02)
    assert sample_size(0.06, mde=0.01, power=0.9) > sample_size(0.06, mde=0.01)
    assert sample_size(0.06, mde=0.01, confidence=0.99) > sample_size(0.06, mde=0.01)


@pytest.mark.parametrize(
    "baseline, kwargs, message",
    [
        (0.0, {"mde": 0.01}, r"`baseline` must be > 0; got 0.0"),
        (0.5, {"mde": 0.0}, r"`mde` must be non-zero"),
        (0.95, {"mde": 0.1}, r"keep `baseline` \+ `mde` between 0 and 1"),
        (0.5, {"mde": 0.1, "power": 80}, r"`power` must be < 1; got 80"),
        (0.5, {"mde": float("nan")}, r"`mde` must be a finite number; got nan"),
    ],
)
def test_sample_size_refuses(baseline, kwargs, message):
    with pytest.raises(CourseDataError, match=message):
        sample_size(baseline, **kwargs)


def test_minimum_detectable_effect_refuses_bad_arguments():
    with pytest.raises(CourseDataError, match=r"`n` must be ≥ 2; got 1"):
        minimum_detectable_effect(0.06, 1)
    with pytest.raises(TypeError, match=r"`baseline` must be a number; got str '6%'"):
        minimum_detectable_effect("6%", 1000)


@settings(max_examples=50, deadline=None)
@given(st.floats(0.01, 0.6), st.floats(0.005, 0.3))
def test_property_mde_inverts_sample_size(baseline, mde):
    n = sample_size(baseline, mde=mde)
    found = minimum_detectable_effect(baseline, n)
    assert found <= mde + 1e-9
    assert sample_size(baseline, mde=found) <= n


@settings(max_examples=50, deadline=None)
@given(st.integers(1, 400), st.integers(0, 400), st.integers(1, 400), st.integers(0, 400))
def test_property_interval_contains_the_difference_and_swapping_flips_it(n_a, s_a, n_b, s_b):
    s_a, s_b = min(s_a, n_a), min(s_b, n_b)
    forward = two_proportion_test(s_a, n_a, s_b, n_b)
    backward = two_proportion_test(s_b, n_b, s_a, n_a)
    assert forward.ci_low <= forward.difference <= forward.ci_high
    assert backward.difference == pytest.approx(-forward.difference)
    assert backward.p_value == pytest.approx(forward.p_value)
    assert 0.0 <= forward.p_value <= 1.0
