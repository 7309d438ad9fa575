"""The one validation policy: wrong kind → TypeError, wrong value → CourseDataError, plain values."""

import numpy as np
import pytest

from course_lib.validation import (
    CourseDataError,
    make_rng,
    require_fraction,
    require_number,
    require_whole,
    seed_int,
)


@pytest.mark.parametrize("bad", ["0.3", None, True, [0.3], {"x": 1}])
def test_wrong_kind_is_a_type_error_naming_the_argument(bad):
    with pytest.raises(TypeError, match=r"^`margin` must be a number; got "):
        require_number(bad, "margin")


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: require_number(np.float64("nan"), "margin"), "`margin` must be a finite number; got nan."),
        (lambda: require_number(np.float64(2.5), "margin", high=1), "`margin` must be ≤ 1; got 2.5."),
        (lambda: require_number(0, "rate", low=0, low_open=True), "`rate` must be > 0; got 0."),
        (lambda: require_whole(np.float64(2.5), "months"), "`months` must be a whole number; got 2.5."),
        (lambda: require_whole(np.int64(0), "months", low=1), "`months` must be ≥ 1; got 0."),
        (lambda: require_fraction(1.2, "share"), "`share` must be ≤ 1; got 1.2."),
        (lambda: seed_int(-3), "`seed` must be ≥ 0; got -3."),
    ],
)
def test_wrong_value_is_a_course_data_error_with_plain_values(call, message):
    with pytest.raises(CourseDataError) as caught:
        call()
    assert str(caught.value) == message
    assert "np." not in message


def test_right_values_come_back_as_plain_python():
    assert require_number(np.int64(3), "x") == 3.0 and type(require_number(np.int64(3), "x")) is float
    assert require_whole(4.0, "x") == 4 and type(require_whole(np.int64(4), "x")) is int
    assert seed_int(np.int64(5)) == 5
    drawn = seed_int(np.random.default_rng(0))
    assert isinstance(drawn, int) and drawn == seed_int(np.random.default_rng(0))
    assert make_rng(7).integers(0, 10) == make_rng(np.int64(7)).integers(0, 10)
    with pytest.raises(
        TypeError, match="`seed` must be a whole number ≥ 0 or a numpy Generator; got float 1.5"
    ):
        make_rng(1.5)
