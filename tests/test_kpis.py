"""The course's KPIs: one definition each, the case's monthly ones matching the simulator's."""

import pandas as pd
import pytest

from course_lib import kpis
from course_lib.data import CourseDataError


def _orders(rows):
    return pd.DataFrame(rows, columns=["customer_id", "order_date"])


def test_yearly_and_monthly_repurchase_are_different_kpis():
    # a buys in Jan and Feb, b only in Jan, c arrives in Feb
    orders = _orders([("a", "2024-01-05"), ("b", "2024-01-07"), ("a", "2024-02-03"), ("c", "2024-02-09")])
    assert kpis.yearly_repurchase_rate(orders, year=2024) == pytest.approx(1 / 3)
    # on 1 Feb a and b are active; a ordered in Feb; c's first order does not count
    assert kpis.monthly_repurchase_rate(orders, month="2024-02") == 0.5
    # nobody was active at the start of January
    assert pd.isna(kpis.monthly_repurchase_rate(orders, month="2024-01"))


def test_complaint_kpis_count_what_their_names_say():
    orders = _orders([("a", "2024-03-01"), ("a", "2024-03-02"), ("b", "2024-03-05"), ("c", "2024-05-01")])
    tickets = pd.DataFrame(
        {
            "customer_id": ["a", "a", "c"],
            "opened_at": pd.to_datetime(["2024-03-03", "2024-03-04", "2024-05-02"]),
        }
    )
    assert kpis.complaints_per_order(tickets, orders, year=2024) == 0.75
    assert kpis.complainer_share(tickets, orders, year=2024) == pytest.approx(2 / 3)
    assert kpis.monthly_complaint_rate(tickets, orders, month="2024-03") == 0.5


def test_year_or_as_of_and_clear_errors():
    orders = _orders([("a", "2024-01-01"), ("a", "2024-12-31")])
    assert kpis.yearly_repurchase_rate(orders, as_of="2025-01-01") == kpis.yearly_repurchase_rate(
        orders, year=2024
    )
    with pytest.raises(TypeError, match="exactly one of `year`"):
        kpis.yearly_repurchase_rate(orders)
    with pytest.raises(TypeError, match="`year` must be a whole year"):
        kpis.yearly_repurchase_rate(orders, year="2024")
    with pytest.raises(CourseDataError, match="`month` must be a month"):
        kpis.monthly_repurchase_rate(orders, month="March")
    with pytest.raises(CourseDataError, match="order_date"):
        kpis.yearly_repurchase_rate(orders.drop(columns="order_date"), year=2024)


def test_case_kpis_on_lumen_use_the_simulators_definitions(orders):
    from course_lib import data
    from course_lib.simulation import simulate

    table = kpis.case_kpis(orders, data.load_tickets(), data.load_surveys(), year=2024)
    assert list(table.index) == list(range(1, 13))
    assert set(simulate("baseline", n_customers=200, months=2, seed=0).kpis.columns) >= set(table.columns)
    mean = table.mean()
    # Lumen 2024 on the case's definitions (datasets/README.md): not the case's 22 % complaints
    assert mean["repurchase_rate"] == pytest.approx(0.217, abs=0.005)
    assert mean["complaint_rate"] == pytest.approx(0.085, abs=0.005)
    assert set(kpis.kpi_table().index) >= {"monthly_repurchase_rate", "yearly_repurchase_rate", "nps"}


def test_a_ticket_never_answered_counts_as_late():
    tickets = pd.DataFrame(
        {
            "customer_id": ["a", "b"],
            "opened_at": pd.to_datetime(["2024-02-01 09:00", "2024-02-01 10:00"]),
            "first_response_at": pd.to_datetime(["2024-02-01 09:10", None]),
        }
    )
    assert kpis.late_response_share(tickets, year=2024) == 0.5
