"""Revenue concentration: how much of the revenue the best customers bring (analytics layer).

Chapter 2 of the course ("Customer insight", ``notebooks/02_customer_insight.ipynb``) tests
the sources' claim that a small share of customers brings most of the revenue:

- :func:`pareto_curve` is the cumulative share of revenue against the share of customers,
  best customers first (the Pareto or Lorenz curve of spend);
- :func:`concentration` reads the share of revenue of the top ``top`` share of customers off
  it, and :func:`customers_for_share` the share of customers that brings a given share;
- :func:`gini` sums the inequality of spend up in one number.

Each takes revenue per customer (≥ 0), e.g. ``rfm["monetary"]`` of
:func:`course_lib.rfm.rfm_table`. The names were first in :mod:`course_lib.rfm`, which still
re-exports them (``rfm.concentration`` works).

Examples
--------
>>> spend = [10, 0, 30, 60]
>>> concentration(spend, top=0.25), customers_for_share(spend, 0.6), gini(spend)
(0.6, 0.25, 0.5)
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from .validation import CourseDataError, require_fraction, require_number, to_vector

__all__ = ["pareto_curve", "concentration", "customers_for_share", "gini"]


def _values(values, arg="values") -> np.ndarray:
    if isinstance(values, pd.DataFrame):
        raise TypeError(
            f'`{arg}` must be one column of values (a Series), not a table; e.g. rfm["monetary"].'
        )
    array = to_vector(values, arg)
    if array.size == 0:
        raise CourseDataError(f"`{arg}` is empty; expected at least one value.")
    if np.isnan(array).any():
        raise CourseDataError(
            f"`{arg}` has {int(np.isnan(array).sum())} missing value(s); fill or drop them first."
        )
    if (array < 0).any():
        raise CourseDataError(f"`{arg}` has {int((array < 0).sum())} negative value(s); expected spend ≥ 0.")
    if array.sum() <= 0:
        raise CourseDataError(f"`{arg}` sums to 0; there is no revenue to share out.")
    return array


def pareto_curve(values: Sequence[float] | np.ndarray | pd.Series) -> pd.DataFrame:
    """Cumulative share of revenue against the share of customers, best customers first.

    Parameters
    ----------
    values : list, numpy array or pandas Series
        Revenue per customer (≥ 0), e.g. ``rfm["monetary"]``.

    Returns
    -------
    pandas.DataFrame
        ``customer_share`` and ``revenue_share``, one row per customer plus the origin: the
        curve starts at (0, 0) and ends at (1, 1).

    Examples
    --------
    >>> pareto_curve([10, 0, 30, 60]).round(2)
       customer_share  revenue_share
    0            0.00            0.0
    1            0.25            0.6
    2            0.50            0.9
    3            0.75            1.0
    4            1.00            1.0
    """
    array = np.sort(_values(values))[::-1]
    n = array.size
    return pd.DataFrame(
        {
            "customer_share": np.arange(n + 1) / n,
            "revenue_share": np.concatenate([[0.0], np.cumsum(array) / array.sum()]),
        }
    )


def concentration(values: Sequence[float] | np.ndarray | pd.Series, *, top: float = 0.2) -> float:
    """Share of revenue brought by the top ``top`` share of customers (interpolated).

    Parameters
    ----------
    values : list, numpy array or pandas Series
        Revenue per customer (≥ 0), e.g. ``rfm["monetary"]``.
    top : float
        The share of best customers, from 0 to 1 (0.18 for 18 %).

    Returns
    -------
    float
        Their share of the revenue, from 0 to 1.

    Examples
    --------
    >>> concentration([10, 0, 30, 60], top=0.25)
    0.6
    >>> round(concentration([10, 0, 30, 60], top=0.5), 2)
    0.9
    """
    top = require_fraction(top, "top")  # 0.18 for 18 %
    curve = pareto_curve(values)
    return float(np.interp(float(top), curve["customer_share"], curve["revenue_share"]))


def customers_for_share(values: Sequence[float] | np.ndarray | pd.Series, share: float) -> float:
    """The smallest share of (best) customers that brings ``share`` of the revenue.

    Parameters
    ----------
    values : list, numpy array or pandas Series
        Revenue per customer (≥ 0).
    share : float
        The share of revenue, above 0 and at most 1.

    Returns
    -------
    float
        The share of customers, from 0 to 1 (interpolated).

    Examples
    --------
    >>> customers_for_share([10, 0, 30, 60], 0.6)
    0.25
    """
    share = require_number(share, "share", low=0, high=1, low_open=True)
    curve = pareto_curve(values)
    return float(
        np.interp(float(share), curve["revenue_share"].to_numpy(), curve["customer_share"].to_numpy())
    )


def gini(values: Sequence[float] | np.ndarray | pd.Series) -> float:
    """Gini coefficient of spend: 0 when everyone spends the same, near 1 when one customer
    brings everything.

    Parameters
    ----------
    values : list, numpy array or pandas Series
        Revenue per customer (≥ 0).

    Returns
    -------
    float
        The Gini coefficient, from 0 to 1.

    Examples
    --------
    >>> gini([5, 5, 5, 5])
    0.0
    >>> gini([0, 0, 0, 10])
    0.75
    """
    array = np.sort(_values(values))
    n = array.size
    cumulative = np.cumsum(array)
    value = (n + 1 - 2 * (cumulative.sum() / cumulative[-1])) / n
    return float(max(value, 0.0))  # equal values can give -1e-16 in floating point
