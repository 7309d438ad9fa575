"""The silo join of sales and service data (course_lib.silos, chapter 1)."""

import pandas as pd
import pytest

from course_lib import silos
from course_lib.validation import CourseDataError


def test_silo_join_finds_only_customers_on_both_lists():
    orders = pd.DataFrame(
        {
            "customer_id": list("abcde"),
            "amount": [900.0, 800.0, 100.0, 50.0, 20.0],
            "order_date": pd.to_datetime(["2024-05-01"] * 5),
        }
    )
    tickets = pd.DataFrame(
        {
            "customer_id": ["b", "c", "a"],
            "opened_at": pd.to_datetime(["2024-05-02 10:00", "2024-05-03 10:00", "2024-05-04 10:00"]),
            "first_response_at": pd.to_datetime(["2024-05-02 13:30", "2024-05-03 15:00", "2024-05-04 10:20"]),
        }
    )
    joined = silos.silo_customers(orders, tickets, as_of="2024-06-01", top=0.4)
    assert joined.index.tolist() == ["b"]  # a was answered in time, c spends little
    extra = pd.DataFrame(
        {"customer_id": list("abcde"), "amount": [1.0] * 5, "order_date": pd.to_datetime(["2024-11-01"] * 5)}
    )
    result = silos.silo_join(
        pd.concat([orders, extra]), tickets, as_of="2024-06-01", top=0.4, horizon_days=30
    )
    assert result["high_spenders"] == 2 and result["late_complainers"] == 2
    assert result["share_of_high_spenders"] == 0.5 and result["revenue_at_risk"] == 800.0
    with pytest.raises(CourseDataError, match=r"`top` must be > 0"):
        silos.silo_customers(orders, tickets, as_of="2024-06-01", top=0)
