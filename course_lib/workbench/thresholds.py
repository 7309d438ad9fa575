"""Where does dormancy start? The evidence for a dormancy rule's threshold (analytics layer).

The 2025 training deck's tea brand wakes customers after **three months** without a
purchase. Three months is a claim about *its* customers' rhythm; a brand that copies the
rule should check it against its own. :func:`dormancy_thresholds` puts candidate thresholds
side by side on an order log:

- ``later_share`` — the share of all repeat purchases (the gaps between a customer's
  consecutive order days) that came after a silence *longer* than the threshold. A rule at
  that threshold would already have called these customers dormant although they were only
  between two purchases: the offer goes to customers in their normal rhythm, and the brand
  pays it to people who would have come back anyway;
- ``flagged`` — repeat buyers (two orders or more) silent for at least the threshold and at
  most ``max_days`` on ``as_of``: whom the rule would message that day;
- ``came_back`` — the share of those who ordered in the ``window`` days after ``as_of``
  without any offer (the "would have come back anyway" that a control group measures).

The course judges a threshold by two criteria (*course design*, stated in chapter 7):
it should lie beyond the rhythm of at least three repeat purchases in four
(``later_share`` at most :data:`MAX_LATER_SHARE`), and before the point where fewer than one
repeat purchase in twenty is still to come (``later_share`` at least
:data:`MIN_LATER_SHARE`) — past that, a wake-up has become a win-back.
:func:`threshold_range` turns the two criteria into days for an order log.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from ..validation import CourseDataError, require_columns, require_frame, to_datetime_column, to_timestamp

__all__ = [
    "CANDIDATE_DAYS",
    "MAX_LATER_SHARE",
    "MIN_LATER_SHARE",
    "NATURAL_RETURN_DAY",
    "repeat_gaps",
    "dormancy_thresholds",
    "threshold_range",
]

#: Thresholds the chapter compares (days without a purchase).
CANDIDATE_DAYS = (30, 60, 90, 120, 180, 270)
#: At most this share of repeat purchases may come after a longer silence (course design).
MAX_LATER_SHARE = 0.25
#: At least this share of repeat purchases must still come after it (course design).
MIN_LATER_SHARE = 0.05
#: Lumen's day for the natural return: its 60-day window (July–August 2024) ends before the
#: September wake-up campaign, so no offer is mixed into it.
NATURAL_RETURN_DAY = "2024-07-01"


def _orders(orders, customer: str, date: str) -> pd.DataFrame:
    if orders is None:
        from .tables import table

        orders = table("orders")
    frame = require_frame(orders, "orders")
    require_columns(frame, [customer, date], "orders")
    days = to_datetime_column(frame, date, "orders").dt.normalize()
    return pd.DataFrame({"customer": frame[customer].to_numpy(), "day": days.to_numpy()})


def repeat_gaps(orders=None, *, customer: str = "customer_id", date: str = "order_date") -> pd.Series:
    """Days between each customer's consecutive order days (same-day orders count once).

    Examples
    --------
    >>> orders = pd.DataFrame({"customer_id": ["a", "a", "a", "b"],
    ...                        "order_date": ["2024-01-01", "2024-01-01", "2024-03-01", "2024-02-01"]})
    >>> repeat_gaps(orders).tolist()
    [60]
    """
    frame = _orders(orders, customer, date).drop_duplicates().sort_values(["customer", "day"])
    gaps = frame.groupby("customer")["day"].diff().dt.days.dropna().astype(int)
    return gaps.reset_index(drop=True).rename("gap_days")


def _whole_days(days) -> list[int]:
    if isinstance(days, (int, np.integer)) and not isinstance(days, bool):
        days = [days]
    if not isinstance(days, Sequence) or isinstance(days, str) or not days:
        raise CourseDataError(f"`days` must be one or more whole numbers of days; got {days!r}.")
    out = []
    for d in days:
        if isinstance(d, bool) or not isinstance(d, (int, np.integer)) or d < 1:
            raise CourseDataError(f"`days` must hold whole numbers of days ≥ 1; got {d!r}.")
        out.append(int(d))
    return out


def dormancy_thresholds(
    orders: pd.DataFrame | None = None,
    *,
    days: Sequence[int] = CANDIDATE_DAYS,
    as_of: str | pd.Timestamp | None = None,
    window: int = 60,
    max_days: int = 365,
    customer: str = "customer_id",
    date: str = "order_date",
) -> pd.DataFrame:
    """Candidate dormancy thresholds against an order log's purchase rhythm.

    Parameters
    ----------
    orders : pandas.DataFrame, optional
        One row per order (default: Lumen's orders). For CDNOW pass ``data.load_cdnow()``
        with ``date="date"`` and an ``as_of`` inside its period.
    days : sequence of int
        The thresholds to compare.
    as_of : date-like, optional
        The day the rule would run, for ``flagged`` and ``came_back`` (default
        :data:`NATURAL_RETURN_DAY` for Lumen); orders before it are history, orders in the
        ``window`` days from it are the natural return.
    window, max_days : int
        Days after ``as_of`` that count as coming back; the oldest silence still counted as
        dormant (older is lost).

    Returns
    -------
    pandas.DataFrame
        One row per threshold (index ``days``): ``later_share`` (share of repeat purchases
        after a longer silence), ``flagged`` (repeat buyers the rule would message on
        ``as_of``) and ``came_back`` (share of them who ordered within ``window`` days without
        an offer).

    Examples
    --------
    >>> orders = pd.DataFrame({"customer_id": ["a", "a", "a", "b", "b", "b"],
    ...     "order_date": ["2024-01-01", "2024-01-21", "2024-04-30", "2024-01-01", "2024-02-01", "2024-07-10"]})
    >>> dormancy_thresholds(orders, days=[30, 90], as_of="2024-07-01")
          later_share  flagged  came_back
    days
    30           0.75        2        0.5
    90           0.50        1        1.0
    """
    frame = _orders(orders, customer, date)
    thresholds = _whole_days(days)
    if as_of is None:
        as_of = NATURAL_RETURN_DAY
    day = to_timestamp(as_of, "as_of").normalize()
    gaps = repeat_gaps(frame, customer="customer", date="day")
    if gaps.empty:
        raise CourseDataError("`orders` hold no repeat purchase: no customer ordered on two different days.")
    before = frame.loc[frame["day"] < day]
    if before.empty:
        raise CourseDataError(f"`orders` hold no order before as_of ({day.date()}); choose a later day.")
    history = before.groupby("customer")["day"].agg(["max", "nunique"])
    silence = (day - history["max"]).dt.days
    repeat = history["nunique"] >= 2
    later = frame.loc[
        (frame["day"] >= day) & (frame["day"] < day + pd.Timedelta(days=int(window))), "customer"
    ]
    returned = history.index.isin(pd.unique(later))
    rows = {}
    for d in thresholds:
        pool = repeat & silence.ge(d) & silence.le(max_days)
        rows[d] = {
            "later_share": round(float((gaps > d).mean()), 3),
            "flagged": int(pool.sum()),
            "came_back": round(float(returned[pool.to_numpy()].mean()), 3) if pool.any() else np.nan,
        }
    out = pd.DataFrame.from_dict(rows, orient="index")
    out.index.name = "days"
    return out


def threshold_range(
    orders: pd.DataFrame | None = None, *, customer: str = "customer_id", date: str = "order_date"
) -> tuple[int, int]:
    """The thresholds (days) that meet the course's two criteria on an order log.

    The shortest threshold after which at most :data:`MAX_LATER_SHARE` of repeat purchases
    still come, and the longest after which at least :data:`MIN_LATER_SHARE` still come.

    Parameters
    ----------
    orders : pandas.DataFrame, optional
        One row per order (default: Lumen's orders).
    customer, date : str
        The columns holding the customer id and the order date.

    Returns
    -------
    tuple of int
        ``(shortest, longest)`` threshold in days.

    Examples
    --------
    >>> gaps = [10] * 15 + [50] * 4 + [200]
    >>> orders = pd.DataFrame({"customer_id": [f"c{i}" for i in range(20) for _ in (0, 1)],
    ...     "order_date": [d for g in gaps for d in (pd.Timestamp("2024-01-01"), pd.Timestamp("2024-01-01") + pd.Timedelta(days=g))]})
    >>> threshold_range(orders)
    (10, 199)
    """
    gaps = repeat_gaps(orders, customer=customer, date=date)
    if gaps.empty:
        raise CourseDataError("`orders` hold no repeat purchase: no customer ordered on two different days.")
    values = np.sort(gaps.to_numpy())
    n = len(values)
    # share of gaps longer than d is  (n − #(gaps ≤ d)) / n
    candidates = np.arange(1, int(values.max()) + 1)
    later = 1 - np.searchsorted(values, candidates, side="right") / n
    low = int(candidates[np.argmax(later <= MAX_LATER_SHARE)])
    ok_high = candidates[later >= MIN_LATER_SHARE]
    high = int(ok_high.max()) if len(ok_high) else low
    return low, max(low, high)
