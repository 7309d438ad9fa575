"""Claims of the 2025 training deck, turned into questions the data answer (analytics layer).

Taught in chapter 1 (``notebooks/01_importance.ipynb``, "Test the deck's claims"):

- :func:`satisfaction_churn_claim` — "+10 points of satisfaction → about −20 % churn": an
  unpenalised logistic regression (scikit-learn) of churn on the latest satisfaction gives
  the relative change of the average churn probability when everyone's satisfaction is ten
  points higher.
- :func:`cross_sell_claim` — "highly satisfied customers convert on cross-selling 35 % more
  often": the share of surveyed buyers who order in a category new to them, highly satisfied
  against the rest.

The deck's economic claim ("churn −15 % → profit +20 %") is a question for the retention
model, :func:`course_lib.economics.churn_profit_claim`. Churn here is
:func:`course_lib.churn.churn_label`: no order in the ``horizon_days`` after ``as_of``.
scikit-learn is imported inside the function that uses it.

Examples
--------
>>> from course_lib import data
>>> orders, surveys = data.load_orders(), data.load_surveys()
>>> round(satisfaction_churn_claim(orders, surveys, as_of="2024-07-01")["churn_change_per_10_points"], 2)
-0.17
"""

from __future__ import annotations

import warnings

import numpy as np
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

__all__ = ["satisfaction_churn_claim", "cross_sell_claim"]


def _last_satisfaction(surveys, day, lookback_days=365):
    known = _between(surveys, "survey_date", day - pd.Timedelta(days=lookback_days), day)
    return (
        known.sort_values("survey_date", kind="stable")
        .groupby("customer_id")["satisfaction"]
        .last()
        .astype(float)
    )


def _logistic_model(x: np.ndarray, y: np.ndarray):
    """The maximum-likelihood logistic regression of ``y`` on one variable ``x`` (unpenalised).

    ``C=np.inf`` is scikit-learn's spelling of "no penalty" (``penalty=None`` is deprecated
    since 1.8); Newton steps to a tight tolerance reproduce the exact maximum-likelihood
    coefficients. Perfectly separable data have no finite maximum: the fit then stops at
    large coefficients (probabilities near 0 and 1) instead of failing.
    """
    from sklearn.exceptions import ConvergenceWarning
    from sklearn.linear_model import LogisticRegression

    model = LogisticRegression(C=np.inf, solver="newton-cholesky", tol=1e-10, max_iter=100)
    with warnings.catch_warnings():
        # separable data: the likelihood keeps rising as the slope grows; the stopped fit is
        # the honest answer (churn probabilities of 0 and 1), not something to warn about
        warnings.simplefilter("ignore", ConvergenceWarning)
        return model.fit(x.reshape(-1, 1), y)


def satisfaction_churn_claim(
    orders: pd.DataFrame, surveys: pd.DataFrame, *, as_of: str | pd.Timestamp, horizon_days: int = 180
) -> dict[str, float]:
    """Does +10 points of satisfaction go with about −20 % churn? (the 2025 training deck's claim)

    Customers with a survey in the 365 days before ``as_of`` and an order before it are
    labelled lost when they place no order in the ``horizon_days`` after ``as_of``
    (:func:`course_lib.churn.churn_label`). A logistic regression of churn on the latest
    satisfaction (0–100) gives the relative change of the average churn probability when
    every customer's satisfaction is 10 points higher (capped at 100). The claim says about
    −0.20.

    Parameters
    ----------
    orders : pandas.DataFrame
        ``customer_id``, ``order_date``.
    surveys : pandas.DataFrame
        ``customer_id``, ``survey_date``, ``satisfaction`` (0–100).
    as_of : str or pandas.Timestamp
        The day customers are labelled; the orders must reach ``horizon_days`` beyond it.
    horizon_days : int, default 180
        Days after ``as_of`` without an order that make a customer lost.

    Returns
    -------
    dict
        ``customers`` (surveyed buyers), ``churn_rate``, ``churn_change_per_10_points``
        (relative change of the mean churn probability) and ``claim`` (−0.2).

    Raises
    ------
    CourseDataError
        Fewer than 20 surveyed buyers, or all of them lost or all kept.

    Examples
    --------
    >>> from course_lib import data
    >>> result = satisfaction_churn_claim(data.load_orders(), data.load_surveys(), as_of="2024-07-01")
    >>> result["claim"], result["churn_change_per_10_points"] < 0
    (-0.2, True)
    """
    require_columns(orders, ["customer_id", "order_date"], "orders")
    require_columns(surveys, ["customer_id", "survey_date", "satisfaction"], "surveys")
    day = to_timestamp(as_of, "as_of")
    lost = churn_label(orders, as_of=day, horizon_days=horizon_days)
    sat = _last_satisfaction(surveys, day).reindex(lost.index).dropna()
    if len(sat) < 20:
        raise CourseDataError(
            f"only {len(sat)} surveyed customers before `as_of` {day.date()}; choose a later day."
        )
    y = lost.reindex(sat.index).astype(float).to_numpy()
    x = sat.to_numpy() / 10
    if y.min() == y.max():
        raise CourseDataError(
            "the surveyed customers are all lost or all kept; the relationship "
            "cannot be estimated — choose another `as_of` or `horizon_days`."
        )
    model = _logistic_model(x, y)
    before = model.predict_proba(x.reshape(-1, 1))[:, 1].mean()
    after = model.predict_proba(np.minimum(x + 1, 10).reshape(-1, 1))[:, 1].mean()
    return {
        "customers": int(len(sat)),
        "churn_rate": round(float(y.mean()), 4),
        "churn_change_per_10_points": round(float(after / before - 1), 4),
        "claim": -0.2,
    }


def cross_sell_claim(
    orders: pd.DataFrame,
    surveys: pd.DataFrame,
    *,
    as_of: str | pd.Timestamp,
    window_days: int = 180,
    high: float = 80,
) -> dict[str, float]:
    """Do highly satisfied customers convert on cross-selling 35 % more often? (claim)

    Among surveyed customers (latest satisfaction in the 365 days before ``as_of``) who had
    ordered before ``as_of``, a *cross-sell* is an order in the ``window_days`` after
    ``as_of`` in a category the customer had never bought before. Compares the cross-sell
    rate of the highly satisfied (satisfaction ≥ ``high``) with the others; the claim says
    the relative difference is about +0.35. ``ordered_*`` gives the share of each group who
    placed any order in the window: a customer who stays buys, and so has more chances to
    try a new category — part of a gap in cross-selling is a gap in churn.

    Parameters
    ----------
    orders : pandas.DataFrame
        ``customer_id``, ``order_date``, ``category``.
    surveys : pandas.DataFrame
        ``customer_id``, ``survey_date``, ``satisfaction`` (0–100).
    as_of : str or pandas.Timestamp
        The day that splits history from the window.
    window_days : int, default 180
        Days after ``as_of`` in which a cross-sell counts.
    high : float, default 80
        Satisfaction from which a customer counts as highly satisfied (0–100).

    Returns
    -------
    dict
        ``highly_satisfied``, ``others`` (counts), ``ordered_highly_satisfied``,
        ``ordered_others``, ``rate_highly_satisfied``, ``rate_others`` (fractions),
        ``relative_difference`` and ``claim`` (0.35).

    Examples
    --------
    >>> from course_lib import data
    >>> result = cross_sell_claim(data.load_orders(), data.load_surveys(), as_of="2024-07-01")
    >>> result["claim"]
    0.35
    """
    require_columns(orders, ["customer_id", "order_date", "category"], "orders")
    require_columns(surveys, ["customer_id", "survey_date", "satisfaction"], "surveys")
    day = to_timestamp(as_of, "as_of")
    end = day + pd.Timedelta(days=require_whole(window_days, "window_days", low=1))
    cut = require_number(high, "high", low=0, high=100)
    before = orders[orders["order_date"] < day]
    sat = _last_satisfaction(surveys, day)
    sat = sat[sat.index.isin(before["customer_id"])]
    if sat.empty:
        raise CourseDataError(f"no surveyed buyer before `as_of` {day.date()}; choose a later day.")
    known = set(zip(before["customer_id"], before["category"].astype(str)))
    after = _between(orders, "order_date", day, end)
    after = after[after["customer_id"].isin(sat.index)]
    new_category = [(c, k) not in known for c, k in zip(after["customer_id"], after["category"].astype(str))]
    crossed = set(after.loc[new_category, "customer_id"])
    flag = pd.Series(sat.index.isin(list(crossed)), index=sat.index)
    ordered = pd.Series(sat.index.isin(after["customer_id"].unique()), index=sat.index)
    satisfied = sat >= cut
    rate_high, rate_rest = float(flag[satisfied].mean()), float(flag[~satisfied].mean())
    return {
        "highly_satisfied": int(satisfied.sum()),
        "others": int((~satisfied).sum()),
        "ordered_highly_satisfied": round(float(ordered[satisfied].mean()), 4),
        "ordered_others": round(float(ordered[~satisfied].mean()), 4),
        "rate_highly_satisfied": round(rate_high, 4),
        "rate_others": round(rate_rest, 4),
        "relative_difference": round(rate_high / rate_rest - 1, 4) if rate_rest > 0 else float("nan"),
        "claim": 0.35,
    }
