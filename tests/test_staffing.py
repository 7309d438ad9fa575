"""course_lib.staffing: Erlang C, one staffing level, the agents needed, a staffing table."""

import math
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from course_lib import staffing
from course_lib.validation import CourseDataError


# ----------------------------------------------------------------------------- Erlang C
def _erlang_c_exact(load, n):
    """The textbook formula in exact rational arithmetic (only for small, integral cases)."""
    a = Fraction(load)
    top = a**n / math.factorial(n) * Fraction(n) / (n - a)
    bottom = sum(a**k / math.factorial(k) for k in range(n)) + top
    return float(top / bottom)


@pytest.mark.parametrize(
    "rate, minutes, agents", [(200, 3, 11), (200, 3, 14), (60, 5, 6), (120, 4, 9), (30, 2, 2), (600, 3, 31)]
)
def test_erlang_c_matches_the_exact_formula(rate, minutes, agents):
    load = Fraction(rate * minutes, 60)
    assert staffing.erlang_c(rate, minutes, agents) == pytest.approx(_erlang_c_exact(load, agents), rel=1e-10)


def test_erlang_c_known_values():
    # the classic table: 10 erlangs on 11 agents waits 68.21 %, on 14 agents 17.41 %
    assert staffing.erlang_c(200, 3, 11) == pytest.approx(0.6821, abs=5e-5)
    assert staffing.erlang_c(200, 3, 14) == pytest.approx(0.1741, abs=5e-5)
    # one agent is M/M/1: P(wait) = utilisation, mean wait = rho / (1 - rho) × handling time
    row = staffing.staffing(30, 1, 1)
    assert row["p_wait"] == pytest.approx(0.5) and row["mean_wait_minutes"] == pytest.approx(1.0)


def test_erlang_c_is_stable_for_large_queues():
    # 950 erlangs on 1,000 agents: the factorials overflow floats, the recursion does not
    value = staffing.erlang_c(57_000, 1, 1000)
    assert 0 < value < 1 and math.isfinite(value)
    assert staffing.erlang_c(60, 60, 60) == 1.0  # load = agents: unstable, always wait
    assert staffing.staffing(60, 60, 50)["service_level"] == 0.0


@settings(max_examples=40, deadline=None)
@given(st.floats(1, 500), st.floats(0.5, 20), st.integers(1, 80))
def test_more_agents_never_wait_more(rate, minutes, agents):
    assert staffing.erlang_c(rate, minutes, agents + 1) <= staffing.erlang_c(rate, minutes, agents) + 1e-12


def test_agents_needed_is_the_fewest_that_meet_the_target():
    n = staffing.agents_needed(200, 3, target=20 / 60, service_level=0.8)
    assert n == 14
    assert staffing.staffing(200, 3, n, target=20 / 60)["service_level"] >= 0.8
    assert staffing.staffing(200, 3, n - 1, target=20 / 60)["service_level"] < 0.8
    # a one-hour promise needs hardly more agents than the load itself
    assert staffing.agents_needed(200, 3, target=60, service_level=0.95) == 11
    with pytest.raises(CourseDataError, match="can never be met"):
        staffing.agents_needed(200, 3, service_level=1.0)
    with pytest.raises(CourseDataError, match=r"`handling_time` must be > 0; got 0\."):
        staffing.agents_needed(200, 0)
    with pytest.raises(CourseDataError, match=r"`agents` must be a whole number; got 2.5\."):
        staffing.erlang_c(10, 3, 2.5)
    with pytest.raises(CourseDataError, match=r"`agents` must be ≥ 1; got 0\."):
        staffing.erlang_c(10, 3, 0)
    with pytest.raises(TypeError, match=r"`arrival_rate` must be a number; got str '200'"):
        staffing.agents_needed("200", 3)
    assert staffing.erlang_c(200, 3, 11.0) == staffing.erlang_c(200, 3, 11)  # whole floats count


def test_staffing_table_one_row_per_level():
    table = staffing.staffing_table(200, 3, range(11, 15))
    assert list(table.index) == [11, 12, 13, 14]
    assert table["p_wait"].is_monotonic_decreasing and table["service_level"].is_monotonic_increasing
