"""Checks of the warm-up exercise (chapter 0): first steps with the course data."""

from __future__ import annotations

import pandas as pd

from . import Wrong, close, number_like, series_like, task


def _orders():
    from ..data import load_orders

    return load_orders()


@task("ch00.order_count", "number of orders",
      hints=["Each row of `orders` is one order.",
             "`len(orders)` or `orders.shape[0]` counts the rows."])
def _order_count(answer):
    value = number_like(answer, "n_orders")
    orders = _orders()
    if value == orders["customer_id"].nunique():
        raise Wrong("that is the number of customers who ordered, not the number of orders: "
                    "count rows, not distinct customer ids.")
    if value != len(orders):
        raise Wrong(f"{value:,.0f} is not the number of rows in `orders`; did you filter or "
                    "drop rows first?")


@task("ch00.revenue_2024", "revenue in 2024",
      hints=["Keep the orders whose `order_date` falls in 2024, then add up `amount`.",
             "`orders.loc[orders['order_date'].dt.year == 2024, 'amount'].sum()`."])
def _revenue_2024(answer):
    value = number_like(answer, "revenue_2024")
    orders = _orders()
    in_2024 = orders["order_date"].dt.year == 2024
    expected = orders.loc[in_2024, "amount"].sum()
    if close(value, orders["amount"].sum(), rel=1e-6):
        raise Wrong("that is the revenue of both years: keep only the orders of 2024.")
    if close(value, orders.loc[in_2024, "gross_amount"].sum(), rel=1e-6):
        raise Wrong("that sums `gross_amount`, the price before discounts: revenue here is "
                    "`amount`, what customers actually paid.")
    if close(value, orders.loc[orders["order_date"].dt.year == 2023, "amount"].sum(), rel=1e-6):
        raise Wrong("that is the revenue of 2023: check the year you filtered on.")
    if not close(value, expected, rel=1e-6):
        raise Wrong(f"{value:,.2f} does not match the orders of 2024: filter on the year of "
                    "`order_date`, then sum `amount`.")


@task("ch00.top_city", "city with the most customers",
      hints=["Count customers per city in the `customers` table.",
             "`customers['city'].value_counts()` sorts the cities by count; take the first label."])
def _top_city(answer):
    from ..data import load_customers

    counts = load_customers()["city"].value_counts()
    if isinstance(answer, (pd.Series, pd.DataFrame)):
        raise Wrong("you gave a whole table: the answer is one city name, the first label of the counts.")
    if isinstance(answer, (int, float)):
        raise Wrong("you gave a number: that is the count, but the answer is the city's name.")
    if str(answer) not in counts.index:
        raise Wrong(f"{answer!r} is not a city in `customers['city']`; copy the name exactly.")
    if counts[str(answer)] != counts.max():
        raise Wrong(f"{answer} has {counts[str(answer)]} customers, but another city has more: "
                    "sort the counts in descending order.")


@task("ch00.orders_per_customer", "orders per customer",
      hints=["Group the orders by `customer_id` and count the rows in each group.",
             "`orders.groupby('customer_id').size()` gives one number per customer."])
def _orders_per_customer(answer):
    series = series_like(answer, "orders_per_customer")
    expected = _orders().groupby("customer_id").size()
    if len(series) != len(expected):
        raise Wrong(f"your Series has {len(series):,} rows but {len(expected):,} customers "
                    "have ordered: one row per customer who ordered.")
    if not series.index.isin(expected.index).all():
        raise Wrong("the index should be the customer ids: group by `customer_id`.")
    aligned = series.reindex(expected.index)
    if close(aligned.sum(), _orders().groupby("customer_id")["amount"].sum().sum()):
        raise Wrong("those look like amounts spent: count orders (`.size()`), not sum `amount`.")
    if not (aligned.astype(float).values == expected.astype(float).values).all():
        raise Wrong("some counts differ: count every order row per customer (`.size()` counts "
                    "rows; `.count()` on a column skips missing values).")
