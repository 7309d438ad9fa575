"""Tests of course_lib.cohorts: cohort sizes, counts and retention by signup month."""

import numpy as np
import pandas as pd
import pytest

from course_lib import cohorts
from course_lib.validation import CourseDataError


@pytest.fixture
def orders():
    return pd.DataFrame(
        {
            "customer_id": ["a", "a", "a", "b", "c", "c"],
            "order_date": pd.to_datetime(
                ["2024-01-03", "2024-01-20", "2024-03-02", "2024-02-14", "2024-02-01", "2024-03-30"]
            ),
        }
    )


@pytest.fixture
def customers():
    return pd.DataFrame(
        {
            "customer_id": ["a", "b", "c", "d"],
            "signup_date": pd.to_datetime(["2024-01-01", "2024-01-10", "2024-02-01", "2024-03-05"]),
        }
    )


def test_cohort_counts_by_signup_month(orders, customers):
    counts = cohorts.cohort_counts(orders, customers)
    assert list(counts.index) == ["2024-01", "2024-02", "2024-03"]
    assert counts.loc["2024-01"].tolist() == [1, 1, 1]  # a in Jan and Mar, b in Feb
    assert counts.loc["2024-02", 0] == 1 and counts.loc["2024-02", 1] == 1
    assert np.isnan(counts.loc["2024-02", 2]) and np.isnan(counts.loc["2024-03", 1])


def test_cohort_retention_divides_by_everyone_who_signed_up(orders, customers):
    retention = cohorts.cohort_retention(orders, customers)
    sizes = cohorts.cohort_sizes(orders, customers)
    assert sizes.to_dict() == {"2024-01": 2, "2024-02": 1, "2024-03": 1}
    assert retention.loc["2024-01", 0] == pytest.approx(0.5)
    assert retention.loc["2024-03", 0] == 0.0  # d signed up and never bought
    values = retention.to_numpy()
    assert np.nanmax(values) <= 1 and np.nanmin(values) >= 0


def test_first_purchase_cohorts_start_at_one(orders):
    retention = cohorts.cohort_retention(orders)
    assert (retention[0] == 1.0).all()
    assert cohorts.cohort_sizes(orders).sum() == orders["customer_id"].nunique()


def test_cohort_counts_ignore_orders_before_signup_and_accept_an_end(orders, customers):
    late = customers.assign(
        signup_date=pd.to_datetime(["2024-02-01", "2024-01-10", "2024-02-01", "2024-03-05"])
    )
    counts = cohorts.cohort_counts(orders, late, end="2024-06-30")
    assert counts.loc["2024-02", 0] == 1  # a's January orders are not counted
    assert counts.columns.max() == 5


@pytest.mark.parametrize(
    "break_it, message",
    [
        (lambda c: c.drop(columns="signup_date"), r"`customers` lacks column\(s\) \['signup_date'\]"),
        (
            lambda c: c.assign(signup_date=["x", "2024-01-01", "2024-01-01", "2024-01-01"]),
            r"not dates, first x",
        ),
    ],
)
def test_cohorts_refuse_bad_customers(orders, customers, break_it, message):
    with pytest.raises(CourseDataError, match=message):
        cohorts.cohort_retention(orders, break_it(customers))


def test_cohorts_refuse_empty_orders(customers):
    with pytest.raises(CourseDataError, match="`orders` is empty"):
        cohorts.cohort_retention(pd.DataFrame({"customer_id": [], "order_date": []}), customers)
