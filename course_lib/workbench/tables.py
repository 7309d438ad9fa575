"""The shipped tables the workbench reads, loaded once per session (analytics layer).

A CRM answers a look-up in a blink because its tables are already in memory; reading and
checking the eight CSV files takes about a third of a second, so the workbench loads them
once and shares them, and computes what every look-up of a day needs (RFM, segments, value
tiers, health scores) once per day.

Every cache of the workbench is made here, in one way: :func:`cached` (an ``lru_cache`` that
:func:`clear_cache` empties and that hands out cheap copies of the frames it keeps — pandas
copies on write — so a caller that changes one never changes what the next look-up sees).
A cache that cannot be an ``lru_cache`` (the per-day models of :mod:`.view`) registers its
clearing function with :func:`on_clear_cache`. :func:`clear_cache` forgets the tables and
everything computed from them (after the data were regenerated, say), and this module never
imports the modules that keep caches.

Example::

    from course_lib.workbench.tables import table, value_table
    orders = table("orders")                       # the shared table, as a cheap copy
    tiers = value_table("2024-10-15")["value_tier"]
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache, wraps
from types import MappingProxyType
from typing import TypeVar

import pandas as pd

__all__ = [
    "TABLE_NAMES",
    "table",
    "tables",
    "rows_of",
    "clear_cache",
    "on_clear_cache",
    "cached",
    "course_day",
    "value_table",
    "membership_tiers",
    "health_table",
    "latest_health",
]

TABLE_NAMES = (
    "customers",
    "orders",
    "touchpoints",
    "tickets",
    "surveys",
    "loyalty",
    "campaigns",
    "followups",
)

_CLEARERS: list[Callable[[], None]] = []
_F = TypeVar("_F", bound=Callable)


def on_clear_cache(clear: Callable[[], None]) -> Callable[[], None]:
    """Register ``clear`` (no arguments) to run whenever :func:`clear_cache` runs; returns it."""
    if clear not in _CLEARERS:
        _CLEARERS.append(clear)
    return clear


def clear_cache() -> None:
    """Forget the loaded tables and everything computed from them for a day.

    Examples
    --------
    >>> first = value_table("2024-10-15")
    >>> clear_cache()
    >>> value_table("2024-10-15").equals(first)          # computed again, the same values
    True
    """
    for clear in _CLEARERS:
        clear()


def cached(maxsize: int = 8) -> Callable[[_F], _F]:
    """Decorator: the workbench's one kind of cache.

    An ``lru_cache`` of ``maxsize`` entries, registered with :func:`on_clear_cache`, whose
    DataFrame and Series results are handed out as cheap copies (pandas copies on write),
    so a caller that changes a result never changes the cached one.

    Examples
    --------
    >>> @cached(maxsize=2)
    ... def evens(n):
    ...     return pd.Series(range(0, 2 * n, 2))
    >>> mine = evens(3)
    >>> mine.iloc[0] = 99                          # the caller's copy changes …
    >>> evens(3).tolist()                          # … the cached series does not
    [0, 2, 4]
    """

    def decorate(func: _F) -> _F:
        inner = lru_cache(maxsize=maxsize)(func)
        on_clear_cache(inner.cache_clear)

        @wraps(func)
        def call(*args, **kwargs):
            result = inner(*args, **kwargs)
            if isinstance(result, (pd.DataFrame, pd.Series)):
                return result.copy(deep=False)
            return result

        call.cache_clear = inner.cache_clear  # type: ignore[attr-defined]
        call.cache_info = inner.cache_info  # type: ignore[attr-defined]
        return call  # type: ignore[return-value]

    return decorate


@cached(maxsize=1)
def _loaded() -> MappingProxyType:
    from .. import data

    return MappingProxyType({name: getattr(data, f"load_{name}")() for name in TABLE_NAMES})


def tables() -> MappingProxyType:
    """All shipped tables by name (loaded on the first call, then shared)."""
    return _loaded()


def table(name: str) -> pd.DataFrame:
    """One shipped table by name, e.g. ``table("orders")``.

    Examples
    --------
    >>> table("customers")["customer_id"].iloc[0]
    'C00001'
    """
    from ..validation import CourseDataError

    if name not in TABLE_NAMES:
        raise CourseDataError(f"`name` must be one of {list(TABLE_NAMES)}; got {name!r}.")
    return _loaded()[name].copy(deep=False)


@cached(maxsize=len(TABLE_NAMES))
def _positions(name: str) -> dict:
    return table(name).groupby("customer_id", sort=False).indices


def rows_of(name: str, customer_id: str) -> pd.DataFrame:
    """The rows of one shipped table that belong to one customer (an indexed look-up).

    Examples
    --------
    >>> rows_of("orders", "C00031")["customer_id"].unique().tolist()
    ['C00031']
    """
    frame = table(name)
    return frame.iloc[_positions(name).get(customer_id, [])]


# ------------------------------------------------------------------ derived, per day
def course_day(as_of, arg: str = "as_of") -> pd.Timestamp:
    """``as_of`` as a day of the course's data: after its first day and at most its today.

    Examples
    --------
    >>> course_day("2024-06-03 15:00")
    Timestamp('2024-06-03 00:00:00')
    """
    from ..data import AS_OF, START
    from ..validation import CourseDataError, to_timestamp

    day = to_timestamp(as_of, arg).normalize()
    if day > AS_OF or day <= START:
        raise CourseDataError(
            f"`{arg}` must be a day after {START.date()} and at most "
            f"{AS_OF.date()} (the course's today); got {day.date()}."
        )
    return day


@cached(maxsize=8)
def _value_table(day: pd.Timestamp) -> pd.DataFrame:
    from .. import rfm, tiers

    customers = table("customers")["customer_id"]
    orders = table("orders")
    if not (orders["order_date"] < day).any():
        frame = pd.DataFrame(index=pd.Index(customers, name="customer_id"))
        frame["value_tier"] = "iron"
        frame["segment"] = pd.NA
        return frame
    scores = rfm.rfm_scores(rfm.rfm_table(orders, as_of=day))
    scores["segment"] = rfm.segment(scores).astype(str)
    frame = scores.reindex(pd.Index(customers, name="customer_id"))
    frame["value_tier"] = tiers.value_tiers(scores, customers=customers).astype(str).reindex(frame.index)
    return frame


def value_table(as_of) -> pd.DataFrame:
    """RFM, scores, segment and value tier of every customer as of a day (cached per day).

    One row per registered customer; customers without an order before ``as_of`` have
    missing RFM values, no segment and the value tier ``iron`` (chapter 2's rules).

    Examples
    --------
    >>> v = value_table("2025-01-01")
    >>> sorted(v["value_tier"].unique())
    ['bronze', 'diamond', 'iron', 'silver']
    """
    return _value_table(course_day(as_of))


@cached(maxsize=8)
def _tiers(day: pd.Timestamp) -> pd.Series:
    from ..churn import tier_as_of

    return tier_as_of(table("customers"), table("loyalty"), as_of=day).astype(str)


def membership_tiers(as_of) -> pd.Series:
    """Each customer's membership tier on a day (from the loyalty log's tier changes), cached.

    The ``membership_tier`` column of the customer table is the tier at the end of the data;
    a view or a rule of an earlier day must not know it yet.

    Examples
    --------
    >>> membership_tiers("2025-01-01").equals(table("customers").set_index("customer_id")["membership_tier"].astype(str))
    True
    """
    return _tiers(course_day(as_of))


@cached(maxsize=8)
def _health_table(day: pd.Timestamp, weeks: int) -> pd.DataFrame:
    from .. import health

    shared = {
        name: table(name)
        for name in ("orders", "surveys", "tickets", "touchpoints", "campaigns", "followups")
    }
    scores = health.health_scores(as_of=day, weeks=weeks, tables=shared)
    return scores.sort_values(["customer_id", "week"], kind="stable").reset_index(drop=True)


def health_table(as_of, *, weeks: int = 1) -> pd.DataFrame:
    """Chapter 1's weekly health scores (``course_lib.health.health_scores``), cached per day."""
    return _health_table(course_day(as_of), int(weeks))


def latest_health(as_of) -> pd.Series:
    """Each customer's latest weekly health score (0–100) as of a day, by customer id."""
    scores = health_table(as_of, weeks=1)
    latest = scores.drop_duplicates("customer_id", keep="last").set_index("customer_id")
    return latest["health_score"].astype(float)
