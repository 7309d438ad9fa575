"""Checks of the two tables the customer-value modules read: an order log and an RFM table
(analytics layer).

Chapter 2 of the course ("Customer insight", ``notebooks/02_customer_insight.ipynb``) takes
RFM tables, value tiers and segments from the same inputs; :mod:`course_lib.rfm`,
:mod:`course_lib.tiers` and :mod:`course_lib.segmentation` check them here, once, with the
policy of :mod:`course_lib.validation` (a missing column, missing ids or dates, text where
amounts belong or negative amounts raise :class:`~course_lib.validation.CourseDataError`):

- :func:`clean_orders` checks an order log (one row per order) and returns its customer ids,
  order dates and amounts;
- :func:`require_rfm` checks a table with one row per customer and numeric value columns
  (by default ``recency_days``, ``frequency``, ``monetary`` of
  :func:`course_lib.rfm.rfm_table`).

Examples
--------
>>> orders = pd.DataFrame({"customer_id": ["a", "b"], "amount": [20.0, 5.0],
...     "order_date": ["2024-01-02", "2024-01-09"]})
>>> ids, dates, amounts = clean_orders(orders, "customer_id", "order_date", "amount")
>>> dates.dt.day.tolist(), amounts.tolist()
([2, 9], [20.0, 5.0])
>>> require_rfm(pd.DataFrame({"monetary": ["a lot"]}), columns=("monetary",))
Traceback (most recent call last):
...
course_lib.validation.CourseDataError: ...
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from .validation import (
    require_columns,
    require_frame,
    require_no_missing,
    require_non_empty,
    require_non_negative,
    require_numeric,
    to_datetime_column,
)

__all__ = ["clean_orders", "require_rfm"]


def clean_orders(
    orders: pd.DataFrame, customer: str, date: str, amount: str
) -> tuple[pd.Series, pd.Series, pd.Series]:
    """Check an order log and return its customer ids, order dates and amounts.

    Parameters
    ----------
    orders : pandas.DataFrame
        One row per order.
    customer, date, amount : str
        Column names in ``orders``.

    Returns
    -------
    tuple of three pandas.Series
        The customer ids as given, the order dates parsed, the amounts as numbers (≥ 0,
        none missing).
    """
    require_frame(orders, "orders")
    require_columns(orders, [customer, date, amount], "orders")
    require_non_empty(orders, "orders")
    require_no_missing(orders, customer, "orders")
    require_no_missing(orders, date, "orders")
    dates = to_datetime_column(orders, date, "orders")
    values = require_numeric(orders, amount, "orders")
    require_no_missing(pd.DataFrame({amount: values}), amount, "orders")
    require_non_negative(values, amount, "orders")
    return orders[customer], dates, values


def require_rfm(
    rfm: pd.DataFrame,
    arg: str = "rfm",
    columns: Sequence[str] = ("recency_days", "frequency", "monetary"),
) -> None:
    """Check a table with one row per customer: the ``columns`` exist, hold numbers, none missing.

    Parameters
    ----------
    rfm : pandas.DataFrame
        The table, e.g. :func:`course_lib.rfm.rfm_table`.
    arg : str
        The argument's name in messages.
    columns : sequence of str
        The value columns to check.

    Returns
    -------
    None
        Raises :class:`~course_lib.validation.CourseDataError` (or ``TypeError`` for no table).
    """
    require_frame(rfm, arg)
    require_columns(rfm, list(columns), arg)
    require_non_empty(rfm, arg)
    for column in columns:
        require_no_missing(rfm, column, arg)
        require_numeric(rfm, column, arg)
