"""Data silos (数据孤岛): what only appears when sales and service data are joined (analytics layer).

Taught in chapter 1 (``notebooks/01_importance.ipynb``, "One view of the customer"):

- The *sales view* ranks customers by what they spent in the 365 days before a day and calls
  the top share *high spenders*.
- The *service view* lists customers whose complaint in a window before that day waited
  longer than the response promise (1 hour) for a first answer.
- :func:`silo_customers` names the customers on both lists — invisible to either team alone —
  and :func:`silo_join` counts them, their spend at risk, and compares their churn
  (:func:`course_lib.churn.churn_label`) with the other high spenders'.

The care team's weekly call board (:func:`course_lib.health.care_call_board`) uses the same
service view.

Examples
--------
>>> orders = pd.DataFrame({"customer_id": ["a", "b", "c"], "amount": [900.0, 800.0, 100.0],
...     "order_date": pd.Timestamp("2024-05-01")})
>>> tickets = pd.DataFrame({"customer_id": ["b"], "opened_at": pd.Timestamp("2024-05-02 10:00"),
...     "first_response_at": pd.Timestamp("2024-05-02 13:00")})
>>> silo_customers(orders, tickets, as_of="2024-07-01", top=0.7).index.tolist()
['b']
"""

from __future__ import annotations

import pandas as pd

from .churn import churn_label
from .kpis import _between
from .validation import (
    CourseDataError,
    require_columns,
    require_number,
    require_whole,
    to_timestamp,
)

__all__ = ["silo_customers", "silo_join"]


def _silo_views(orders, tickets, day, top, window_days, response_hours):
    """The sales view (spend in 365 days, the top share) and the service view (recent tickets
    with their wait in hours and whether it broke the promise)."""
    require_columns(orders, ["customer_id", "order_date", "amount"], "orders")
    require_columns(tickets, ["customer_id", "opened_at", "first_response_at"], "tickets")
    share = require_number(top, "top", low=0, high=1, low_open=True)
    hours = require_number(response_hours, "response_hours", low=0)
    window = require_whole(window_days, "window_days", low=1)
    spend = (
        _between(orders, "order_date", day - pd.Timedelta(days=365), day)
        .groupby("customer_id")["amount"]
        .sum()
    )
    if spend.empty:
        raise CourseDataError(f"no order falls in the 365 days before `as_of` {day.date()}.")
    n_top = max(int(round(len(spend) * share)), 1)
    high = spend.sort_values(ascending=False, kind="stable").iloc[:n_top]
    recent = _between(tickets, "opened_at", day - pd.Timedelta(days=window), day)
    answered = recent["first_response_at"].where(recent["first_response_at"] < day)
    wait = (answered.fillna(day) - recent["opened_at"]).dt.total_seconds() / 3600
    recent = recent.assign(wait_hours=wait.to_numpy(), late=(wait > hours).to_numpy())
    return spend, high, recent


def silo_customers(
    orders: pd.DataFrame,
    tickets: pd.DataFrame,
    *,
    as_of: str | pd.Timestamp,
    top: float = 0.2,
    window_days: int = 180,
    response_hours: float = 1.0,
) -> pd.DataFrame:
    """The high spenders with a late-answered complaint: visible only when sales meets service.

    High spenders are the top ``top`` share of buyers by spend in the 365 days before
    ``as_of`` (the sales view); a late-answered complaint is a ticket opened in the
    ``window_days`` before ``as_of`` whose first answer came more than ``response_hours``
    after it, or had not come by ``as_of`` (the service view).

    Parameters
    ----------
    orders : pandas.DataFrame
        ``customer_id``, ``order_date``, ``amount``.
    tickets : pandas.DataFrame
        ``customer_id``, ``opened_at``, ``first_response_at``.
    as_of : str or pandas.Timestamp
        The day the two views are taken.
    top : float, default 0.2
        Share of buyers counted as high spenders, in (0, 1].
    window_days : int, default 180
        Days before ``as_of`` whose tickets count.
    response_hours : float, default 1.0
        The response promise, in hours.

    Returns
    -------
    pandas.DataFrame
        One row per customer on both lists, indexed by ``customer_id``, by spend:
        ``spend_365d``, ``late_complaints`` and ``longest_wait_hours``.

    Examples
    --------
    >>> orders = pd.DataFrame({"customer_id": ["a", "b", "c", "d", "e"],
    ...     "amount": [900.0, 800.0, 100.0, 50.0, 20.0], "order_date": pd.Timestamp("2024-05-01")})
    >>> tickets = pd.DataFrame({"customer_id": ["b", "c", "a"],
    ...     "opened_at": pd.to_datetime(["2024-05-02 10:00", "2024-05-03 10:00", "2024-05-04 10:00"]),
    ...     "first_response_at": pd.to_datetime(["2024-05-02 13:30", "2024-05-03 15:00", "2024-05-04 10:20"])})
    >>> silo_customers(orders, tickets, as_of="2024-07-01", top=0.4)
                 spend_365d  late_complaints  longest_wait_hours
    customer_id
    b                 800.0                1                 3.5
    """
    day = to_timestamp(as_of, "as_of")
    _, high, recent = _silo_views(orders, tickets, day, top, window_days, response_hours)
    late = (
        recent[recent["late"]]
        .groupby("customer_id")
        .agg(late_complaints=("late", "size"), longest_wait_hours=("wait_hours", "max"))
    )
    joined = pd.DataFrame({"spend_365d": high}).join(late, how="inner")
    joined["late_complaints"] = joined["late_complaints"].astype(int)
    joined["longest_wait_hours"] = joined["longest_wait_hours"].round(2)
    joined.index.name = "customer_id"
    return joined


def silo_join(
    orders: pd.DataFrame,
    tickets: pd.DataFrame,
    *,
    as_of: str | pd.Timestamp,
    top: float = 0.2,
    window_days: int = 180,
    horizon_days: int = 180,
    response_hours: float = 1.0,
) -> dict[str, float]:
    """What only the join of sales and service data shows (数据孤岛), in figures.

    Neither view alone names the high spenders with a late-answered complaint
    (:func:`silo_customers`). The result counts them, gives their share among the high
    spenders and their spend, and compares their churn (no order in the ``horizon_days``
    after ``as_of``, :func:`course_lib.churn.churn_label`) with the other high spenders'.

    Parameters
    ----------
    orders, tickets, as_of, top, window_days, response_hours
        As in :func:`silo_customers`.
    horizon_days : int, default 180
        Days after ``as_of`` without an order that make a customer lost.

    Returns
    -------
    dict
        ``high_spenders``, ``late_complainers``, ``complainers``, ``high_spenders_late``
        (counts), ``share_of_high_spenders``, ``share_of_late_complainers``,
        ``churn_high_spenders_late``, ``churn_high_spenders_other`` (fractions) and
        ``revenue_at_risk`` (the spend of the customers on both lists, CNY).

    Examples
    --------
    >>> from course_lib import data
    >>> result = silo_join(data.load_orders(), data.load_tickets(), as_of="2024-07-01")
    >>> list(result)[:4]
    ['high_spenders', 'late_complainers', 'complainers', 'high_spenders_late']
    """
    day = to_timestamp(as_of, "as_of")
    spend, high, recent = _silo_views(orders, tickets, day, top, window_days, response_hours)
    both = silo_customers(
        orders, tickets, as_of=day, top=top, window_days=window_days, response_hours=response_hours
    ).index
    late = set(recent.loc[recent["late"], "customer_id"])
    lost = churn_label(orders, as_of=day, horizon_days=horizon_days)
    high_lost = lost.reindex(high.index).fillna(False).astype(bool)
    is_late = high_lost.index.isin(both)
    return {
        "high_spenders": int(len(high)),
        "late_complainers": int(len(late)),
        "complainers": int(recent["customer_id"].nunique()),
        "high_spenders_late": int(len(both)),
        "share_of_high_spenders": round(len(both) / len(high), 4),
        "share_of_late_complainers": round(len(both) / len(late), 4) if late else float("nan"),
        "churn_high_spenders_late": round(float(high_lost[is_late].mean()), 4)
        if is_late.any()
        else float("nan"),
        "churn_high_spenders_other": round(float(high_lost[~is_late].mean()), 4),
        "revenue_at_risk": round(float(spend.reindex(both).sum()), 2),
    }
