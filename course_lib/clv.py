"""Customer lifetime value: the customer summary, the simple formula and the value of each
customer from the buy-till-you-die models (analytics layer).

Chapter 5 of the course (``notebooks/05_loyalty_value.ipynb``) puts a number on a customer's
future value in three ways:

- :func:`summarize` turns a transaction log into the per-customer inputs of the models
  (``frequency``, ``recency``, ``T``, ``monetary``; with ``calibration_end`` also the holdout
  purchases to compare forecasts with), in the time unit of :data:`UNITS`.
- :func:`simple_clv` — margin × retention, discounted: one average customer, one retention rate.
- :func:`customer_lifetime_value` — the BG/NBD and Gamma-Gamma models together, month by
  month, discounted; :func:`forecast_value` fits both on a summary and returns each
  customer's chance of being alive and value to come in one table.

The models themselves — :class:`BetaGeo` (BG/NBD), :class:`GammaGamma`, their likelihoods
and fitting machinery, :class:`ConvergenceWarning` and :func:`simulate_customers` — live in
:mod:`course_lib.btyd`; their names stay importable from here (``clv.BetaGeo``,
``clv.GammaGamma``: DESIGN.md §3 contracts).

Examples
--------
>>> log = pd.DataFrame({"id": ["a", "a", "b"], "value": [10.0, 20.0, 8.0],
...     "day": pd.to_datetime(["2024-01-01", "2024-01-15", "2024-01-08"])})
>>> summarize(log, customer="id", date="day", amount="value", observation_end="2024-01-29")
    frequency  recency    T  monetary
id
a         1.0      2.0  4.0      20.0
b         0.0      0.0  3.0       0.0
>>> round(simple_clv(100.0, 0.8, discount_rate=0.1), 2)
266.67
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .btyd import BetaGeo, ConvergenceWarning, GammaGamma, simulate_customers
from .validation import (
    CourseDataError,
    Vector,
    require_columns,
    require_frame,
    require_no_missing,
    require_non_empty,
    require_non_negative,
    require_number,
    require_numeric,
    require_whole,
    to_datetime_column,
    to_timestamp,
)

__all__ = [
    "ConvergenceWarning",
    "UNITS",
    "summarize",
    "simple_clv",
    "BetaGeo",
    "GammaGamma",
    "customer_lifetime_value",
    "forecast_value",
    "simulate_customers",
]

#: Length of one time unit in days: ``"D"`` days, ``"W"`` weeks, ``"M"`` average months.
UNITS = {"D": 1.0, "W": 7.0, "M": 365.25 / 12}


# ----------------------------------------------------------------------------- summary
def _unit_days(unit) -> float:
    if unit not in UNITS:
        raise CourseDataError(f"`unit` must be one of {sorted(UNITS)}; got {unit!r}.")
    return UNITS[unit]


def summarize(
    transactions: pd.DataFrame,
    *,
    customer: str,
    date: str,
    amount: str | None = None,
    calibration_end: str | pd.Timestamp | None = None,
    observation_end: str | pd.Timestamp | None = None,
    unit: str = "W",
) -> pd.DataFrame:
    """One row per customer with the inputs of the buy-till-you-die models.

    Purchases on the same day count as one purchase day, whose value is the sum of that
    day's amounts. ``frequency`` is the number of *repeat* purchase days (distinct days
    minus one), ``recency`` the time from the first to the last purchase, ``T`` the time from
    the first purchase to the end of the calibration period and ``monetary`` the mean value
    of the repeat purchase days (0 without repeats). Times are in days divided by the
    length of ``unit`` (``"W"``: 7), not rounded.

    Parameters
    ----------
    transactions : pandas.DataFrame
        One row per purchase.
    customer, date : str
        Column names of the customer id and the purchase date.
    amount : str, optional
        Column of purchase values; without it there is no ``monetary`` column.
    calibration_end : datetime-like, optional
        Last day of the calibration period. With it, ``frequency``, ``recency``, ``T`` and
        ``monetary`` describe the calibration period only, customers whose first purchase
        comes later are left out, and the result also has ``frequency_holdout`` (distinct
        purchase days after ``calibration_end`` up to and including ``observation_end``) and
        ``duration_holdout`` (``observation_end`` − ``calibration_end``).
    observation_end : datetime-like, optional
        Last day observed; by default the last purchase day in ``transactions``.
    unit : {"W", "D", "M"}
        Time unit of ``recency``, ``T`` and ``duration_holdout``.

    Returns
    -------
    pandas.DataFrame
        Indexed by customer, sorted by id.

    Examples
    --------
    >>> log = pd.DataFrame({"id": ["a", "a", "a", "b"],
    ...     "day": pd.to_datetime(["2024-01-01", "2024-01-01", "2024-01-15", "2024-01-08"]),
    ...     "value": [10.0, 5.0, 20.0, 8.0]})
    >>> summarize(log, customer="id", date="day", amount="value", observation_end="2024-01-29")
        frequency  recency    T  monetary
    id
    a         1.0      2.0  4.0      20.0
    b         0.0      0.0  3.0       0.0
    """
    require_frame(transactions, "transactions")
    columns = [customer, date] + ([amount] if amount is not None else [])
    require_columns(transactions, columns, "transactions")
    require_non_empty(transactions, "transactions")
    for column in columns:
        require_no_missing(transactions, column, "transactions")
    days = _unit_days(unit)
    when = to_datetime_column(transactions, date, "transactions").dt.normalize()
    log = pd.DataFrame({"customer": transactions[customer].to_numpy(), "day": when.to_numpy()})
    if amount is not None:
        values = require_numeric(transactions, amount, "transactions")
        require_non_negative(values, amount, "transactions")
        log["value"] = values.to_numpy()
    else:
        log["value"] = 0.0

    last_day = log["day"].max()
    end = last_day if observation_end is None else to_timestamp(observation_end, "observation_end")
    cal_end = None if calibration_end is None else to_timestamp(calibration_end, "calibration_end")
    if cal_end is not None and cal_end > end:
        raise CourseDataError(
            f"`calibration_end` ({cal_end.date()}) is after `observation_end` ({end.date()}); "
            "the calibration period must end before the observation does."
        )
    if cal_end is not None and cal_end < log["day"].min():
        raise CourseDataError(
            f"`calibration_end` ({cal_end.date()}) is before the first purchase "
            f"({log['day'].min().date()}); no customer would be left to summarise."
        )
    log = log[log["day"] <= end]

    daily = log.groupby(["customer", "day"], sort=True)["value"].sum().reset_index()
    cal = daily if cal_end is None else daily[daily["day"] <= cal_end]
    period_end = end if cal_end is None else cal_end
    grouped = cal.groupby("customer", sort=True)
    first = grouped["day"].min()
    last = grouped["day"].max()
    count = grouped["day"].size()
    total = grouped["value"].sum()
    first_value = cal.loc[~cal.duplicated("customer"), ["customer", "value"]].set_index("customer")["value"]
    repeats = count - 1
    out = pd.DataFrame(
        {
            "frequency": repeats.astype(float),
            "recency": (last - first).dt.days / days,
            "T": (period_end - first).dt.days / days,
        }
    )
    if amount is not None:
        repeat_value = (total - first_value.reindex(total.index)).to_numpy()
        out["monetary"] = np.where(repeats > 0, repeat_value / np.maximum(repeats, 1), 0.0)
    if cal_end is not None:
        holdout = daily[daily["day"] > cal_end].groupby("customer").size()
        out["frequency_holdout"] = holdout.reindex(out.index, fill_value=0).astype(float)
        out["duration_holdout"] = (end - cal_end).days / days
    out.index.name = customer
    return out


# ----------------------------------------------------------------------- simple formula
def simple_clv(
    margin: float, retention: float, *, discount_rate: float = 0.1, periods: int | None = None
) -> float:
    """CLV of one average customer from a margin per period and a retention rate.

    The customer brings ``margin`` at the end of every period they are still a customer;
    they stay from one period to the next with probability ``retention``. With
    ``periods=None`` the horizon is unlimited and the sum has the closed form
    ``margin × retention / (1 + discount_rate − retention)``; with a whole number of
    ``periods`` the sum stops there.

    Parameters
    ----------
    margin : float
        Profit per period from a customer who is still active (CNY).
    retention : float
        Share of customers kept from one period to the next, 0 ≤ retention < 1.
    discount_rate : float
        Discount rate per period (0.1 = 10 %).
    periods : int, optional
        Horizon in periods; unlimited by default.

    Returns
    -------
    float
        The customer's lifetime value (CNY, discounted to today).

    Examples
    --------
    >>> round(simple_clv(100.0, 0.8, discount_rate=0.1), 2)
    266.67
    >>> round(simple_clv(100.0, 0.8, discount_rate=0.1, periods=3), 2)
    164.09
    """
    require_number(margin, "margin")
    require_number(retention, "retention", low=0, high=1, high_open=True)  # 0.8 for 80 %
    require_number(discount_rate, "discount_rate", low=0)
    if periods is None:
        return float(margin * retention / (1 + discount_rate - retention))
    t = np.arange(1, require_whole(periods, "periods", low=1) + 1)
    return float(np.sum(margin * retention**t / (1 + discount_rate) ** t))


# ------------------------------------------------------------------------------- CLV
def customer_lifetime_value(
    bg: BetaGeo,
    gg: GammaGamma,
    frequency: Vector,
    recency: Vector,
    T: Vector,
    monetary: Vector,
    *,
    months: int = 12,
    discount_rate: float = 0.01,
    margin: float = 1.0,
    unit: str = "W",
) -> np.ndarray:
    """Discounted value of each customer's purchases over the next ``months``.

    Month by month, the purchases BG/NBD expects in that month times the spend the
    Gamma-Gamma model expects per purchase, times ``margin``, discounted at
    ``discount_rate`` per month: ``Σ_i E[purchases in month i] × E[spend] × margin /
    (1 + discount_rate)^i``.

    Parameters
    ----------
    bg, gg : BetaGeo, GammaGamma
        Fitted models.
    frequency, recency, T, monetary : vector
        One row per customer, in the time ``unit`` the models were fitted in.
    months : int
        Horizon in months.
    discount_rate : float
        Monthly discount rate (0.01 ≈ 12.7 % a year).
    margin : float
        Share of revenue that is profit, 0 < margin ≤ 1; 1 gives revenue, not profit.
    unit : {"W", "D", "M"}
        Time unit of ``recency`` and ``T`` (a month is 365.25/12 days).

    Returns
    -------
    numpy.ndarray
        One value per customer (in the currency of ``monetary``).

    Examples
    --------
    >>> base = simulate_customers(n_customers=1000, T=39.0, r=0.25, alpha=4.0, a=0.8,
    ...                           b=2.5, seed=7)
    >>> bg = BetaGeo().fit(base["frequency"], base["recency"], base["T"])
    >>> rng = np.random.default_rng(3)
    >>> x = np.maximum(base["frequency"], 1)
    >>> nu = rng.gamma(4.0, 1 / 15.0, 1000)
    >>> spend = np.where(base["frequency"] > 0, rng.gamma(6.0 * x, 1 / (nu * x)), 0.0)
    >>> gg = GammaGamma().fit(base["frequency"], spend)
    >>> value = customer_lifetime_value(bg, gg, [5, 0], [35.0, 0], [39.0, 30], [30.0, 0],
    ...                                 months=12, margin=0.3)
    >>> bool(value[0] > value[1] > 0)
    True
    """
    if not isinstance(bg, BetaGeo) or not isinstance(gg, GammaGamma):
        raise TypeError(
            "`bg` must be a fitted BetaGeo and `gg` a fitted GammaGamma; got "
            f"{type(bg).__name__} and {type(gg).__name__}."
        )
    months = require_whole(months, "months", low=1)
    require_number(discount_rate, "discount_rate", low=0, high=1, high_open=True)  # per month
    require_number(margin, "margin", low=0, high=1, low_open=True)  # share of revenue
    month = UNITS["M"] / _unit_days(unit)
    spend = gg.expected_spend(frequency, monetary)
    total = np.zeros(len(spend))
    previous = np.zeros(len(spend))
    for i in range(1, int(months) + 1):
        cumulative = bg.expected_purchases(i * month, frequency, recency, T)
        total += (cumulative - previous) * spend * margin / (1 + discount_rate) ** i
        previous = cumulative
    return total


def forecast_value(
    summary: pd.DataFrame,
    *,
    months: int = 12,
    discount_rate: float = 0.01,
    margin: float = 1.0,
) -> pd.DataFrame:
    """Fit BG/NBD and Gamma-Gamma on a customer summary; each customer's p_alive and value to come.

    Parameters
    ----------
    summary : pandas.DataFrame
        :func:`summarize`'s output (``frequency``, ``recency``, ``T``, ``monetary``), one row
        per customer.
    months, discount_rate, margin
        As for :func:`customer_lifetime_value`.

    Returns
    -------
    pandas.DataFrame
        Indexed like ``summary``: ``p_alive`` (BG/NBD) and ``clv`` (the discounted margin of
        the next ``months``).

    Examples
    --------
    >>> base = simulate_customers(n_customers=800, T=39.0, r=0.25, alpha=4.0, a=0.8,
    ...                           b=2.5, seed=7)
    >>> rng = np.random.default_rng(3)
    >>> x = np.maximum(base["frequency"], 1)
    >>> nu = rng.gamma(4.0, 1 / 15.0, 800)
    >>> base["monetary"] = np.where(base["frequency"] > 0, rng.gamma(6.0 * x, 1 / (nu * x)), 0.0)
    >>> value = forecast_value(base, months=6, margin=0.3)
    >>> list(value.columns), bool(value["p_alive"].between(0, 1).all())
    (['p_alive', 'clv'], True)
    """
    bg = BetaGeo().fit(summary["frequency"], summary["recency"], summary["T"])
    gg = GammaGamma().fit(summary["frequency"], summary["monetary"])
    value = customer_lifetime_value(
        bg,
        gg,
        summary["frequency"],
        summary["recency"],
        summary["T"],
        summary["monetary"],
        months=months,
        discount_rate=discount_rate,
        margin=margin,
    )
    p_alive = bg.p_alive(summary["frequency"], summary["recency"], summary["T"])
    return pd.DataFrame({"p_alive": p_alive, "clv": value}, index=summary.index)
