"""Cohort retention by signup month (analytics layer).

A cohort is the group of customers who signed up in the same month (or, without a customer
table, who first bought in the same month). :func:`cohort_retention` gives, for each cohort
and each month since signup, the share of the cohort who placed at least one order in that
month; months not yet observed are missing, not zero. :func:`cohort_sizes` gives the size
of each cohort.

Taught in chapter 2 (``notebooks/02_customer_insight.ipynb``): the retention triangle of
signup cohorts. Retention here is *did they order in that month*, month by month; the
forward-looking churn label of the course (no order in the following days) is
:func:`course_lib.churn.churn_label`, and the yearly retention KPI is
:func:`course_lib.kpis.retention_rate`.

Examples
--------
>>> orders = pd.DataFrame({"customer_id": ["a", "a", "b"],
...     "order_date": pd.to_datetime(["2024-01-05", "2024-02-10", "2024-01-20"])})
>>> cohort_retention(orders).round(2)
months_since    0    1
cohort
2024-01       1.0  0.5
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .validation import (
    CourseDataError,
    require_columns,
    require_frame,
    require_no_missing,
    require_non_empty,
    to_datetime_column,
    to_timestamp,
)

__all__ = ["cohort_sizes", "cohort_counts", "cohort_retention"]


def _month_number(dates: pd.Series) -> np.ndarray:
    return (dates.dt.year.to_numpy() * 12 + dates.dt.month.to_numpy() - 1).astype(np.int64)


def _label(month_number: np.ndarray) -> list[str]:
    return [f"{m // 12:04d}-{m % 12 + 1:02d}" for m in month_number]


def _cohorts(orders, customers, customer, date, signup):
    require_frame(orders, "orders")
    require_columns(orders, [customer, date], "orders")
    require_non_empty(orders, "orders")
    require_no_missing(orders, customer, "orders")
    require_no_missing(orders, date, "orders")
    order_month = pd.Series(_month_number(to_datetime_column(orders, date, "orders")), index=orders.index)
    ids = orders[customer].astype(str)
    if customers is None:
        start = order_month.groupby(ids.to_numpy()).min()
    else:
        require_frame(customers, "customers")
        require_columns(customers, [customer, signup], "customers")
        require_non_empty(customers, "customers")
        require_no_missing(customers, customer, "customers")
        require_no_missing(customers, signup, "customers")
        signed = to_datetime_column(customers, signup, "customers")
        start = pd.Series(_month_number(signed), index=customers[customer].astype(str).to_numpy())
        start = start[~start.index.duplicated()]
    return start, ids, order_month


def cohort_sizes(
    orders: pd.DataFrame,
    customers: pd.DataFrame | None = None,
    *,
    customer: str = "customer_id",
    date: str = "order_date",
    signup: str = "signup_date",
) -> pd.Series:
    """Customers per cohort (signup month, or first-order month without ``customers``).

    Parameters
    ----------
    orders : pandas.DataFrame
        One row per order, with the ``customer`` and ``date`` columns.
    customers : pandas.DataFrame, optional
        One row per customer with ``customer`` and ``signup`` columns; without it, cohorts
        are first-order months.
    customer, date, signup : str
        Column names of the customer id, the order date and the signup date.

    Returns
    -------
    pandas.Series
        ``customers`` by ``cohort`` (``"YYYY-MM"``).

    Examples
    --------
    >>> orders = pd.DataFrame({"customer_id": ["a", "b", "c"],
    ...     "order_date": pd.to_datetime(["2024-01-05", "2024-01-20", "2024-02-03"])})
    >>> cohort_sizes(orders)
    cohort
    2024-01    2
    2024-02    1
    Name: customers, dtype: int64
    """
    start, _, _ = _cohorts(orders, customers, customer, date, signup)
    sizes = start.value_counts().sort_index()
    return pd.Series(
        sizes.to_numpy().astype(np.int64),
        index=pd.Index(_label(sizes.index.to_numpy()), name="cohort"),
        name="customers",
    )


def cohort_counts(
    orders: pd.DataFrame,
    customers: pd.DataFrame | None = None,
    *,
    customer: str = "customer_id",
    date: str = "order_date",
    signup: str = "signup_date",
    end: str | pd.Timestamp | None = None,
) -> pd.DataFrame:
    """Customers of each cohort (rows) who ordered in month 0, 1, 2, … after the cohort
    month (columns). Cells after ``end`` (default: the month of the last order) are missing.
    Orders before a customer's signup month are ignored; customers without a signup date in
    ``customers`` are left out.

    Parameters
    ----------
    orders, customers, customer, date, signup
        As in :func:`cohort_sizes`.
    end : str or pandas.Timestamp, optional
        Last month observed (default: the month of the last order).

    Returns
    -------
    pandas.DataFrame
        Indexed by ``cohort``, one column per ``months_since``; missing where not observed.

    Examples
    --------
    >>> orders = pd.DataFrame({"customer_id": ["a", "a", "b", "c"],
    ...     "order_date": pd.to_datetime(["2024-01-05", "2024-02-10", "2024-01-20", "2024-02-03"])})
    >>> cohort_counts(orders)
    months_since  0    1
    cohort
    2024-01       2  1.0
    2024-02       1  NaN
    """
    start, ids, order_month = _cohorts(orders, customers, customer, date, signup)
    last = (
        int(order_month.max())
        if end is None
        else int(_month_number(pd.Series([to_timestamp(end, "end")]))[0])
    )
    cohort = ids.map(start)
    known = cohort.notna().to_numpy()
    offset = order_month.to_numpy()[known] - cohort.to_numpy()[known].astype(np.int64)
    pairs = pd.DataFrame(
        {
            "customer": ids.to_numpy()[known],
            "cohort": cohort.to_numpy()[known].astype(np.int64),
            "months_since": offset,
        }
    )
    pairs = pairs[pairs["months_since"] >= 0].drop_duplicates()
    counts = pairs.groupby(["cohort", "months_since"]).size().unstack(fill_value=0)
    cohorts = np.sort(start.unique())
    cohorts = cohorts[cohorts <= last]
    if len(cohorts) == 0:
        raise CourseDataError(
            "No cohort starts on or before the last order month; check the "
            "signup dates against the order dates."
        )
    width = int(last - cohorts.min()) + 1
    counts = counts.reindex(index=cohorts, columns=range(width), fill_value=0).astype(float)
    horizon = (last - cohorts)[:, None] >= np.arange(width)[None, :]
    counts = counts.where(horizon)
    counts.index = pd.Index(_label(cohorts), name="cohort")
    counts.columns = pd.Index(range(width), name="months_since")
    if counts[0].notna().all():
        counts[0] = counts[0].astype(np.int64)
    return counts


def cohort_retention(
    orders: pd.DataFrame,
    customers: pd.DataFrame | None = None,
    *,
    customer: str = "customer_id",
    date: str = "order_date",
    signup: str = "signup_date",
    end: str | pd.Timestamp | None = None,
) -> pd.DataFrame:
    """Share of each cohort who ordered in month 0, 1, 2, … after the cohort month.

    With ``customers`` (a table with ``signup_date``), cohorts are signup months and the
    denominator counts everyone who signed up, buyers or not; without it, cohorts are
    first-order months (month 0 is then 1.0 by construction).

    Parameters
    ----------
    orders, customers, customer, date, signup
        As in :func:`cohort_sizes`.
    end : str or pandas.Timestamp, optional
        As in :func:`cohort_counts`.

    Returns
    -------
    pandas.DataFrame
        Shares 0–1, indexed by ``cohort``, one column per ``months_since``.

    Examples
    --------
    >>> orders = pd.DataFrame({"customer_id": ["a", "a", "b"],
    ...     "order_date": pd.to_datetime(["2024-01-05", "2024-03-10", "2024-01-20"])})
    >>> customers = pd.DataFrame({"customer_id": ["a", "b", "c", "d"],
    ...     "signup_date": pd.to_datetime(["2024-01-02", "2024-01-15", "2024-01-30", "2024-02-01"])})
    >>> cohort_retention(orders, customers).round(2)
    months_since     0    1     2
    cohort
    2024-01       0.67  0.0  0.33
    2024-02       0.00  0.0   NaN
    """
    counts = cohort_counts(orders, customers, customer=customer, date=date, signup=signup, end=end)
    sizes = cohort_sizes(orders, customers, customer=customer, date=date, signup=signup)
    return counts.astype(float).div(sizes.reindex(counts.index).astype(float), axis=0)
