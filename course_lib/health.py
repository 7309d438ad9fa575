"""The customer health score (客户健康度) and whether it warns of churn (analytics layer).

Taught in chapter 1 (``notebooks/01_importance.ipynb``, "A health score that warns"):

- :func:`health_scores` — a weekly 0–100 score per customer from five documented components
  (:data:`HEALTH_COMPONENTS`: recency, frequency, satisfaction, service, engagement; default
  weights :data:`HEALTH_WEIGHTS`), built from :func:`week_starts`, :func:`health_components`
  and :func:`combine_health`. Each week uses only data known before its end.
- :func:`label_scores`, :func:`health_validation`, :func:`health_bands`,
  :func:`component_auc` — does a score under the alert threshold (:data:`HEALTH_THRESHOLD`
  = 75) come before churn? Active customers are labelled lost with
  :func:`course_lib.churn.churn_label` (no order in the following ``horizon_days``), and the
  score is judged by its ROC AUC (scikit-learn's ``roc_auc_score``) and the churn rate by
  band.
- :func:`recency_warning` — the recency component alone, checked on any order log, real
  transactions (CDNOW) included.
- :func:`care_call_board` — what the care team sees on Monday to pick the week's
  :data:`CALL_CAPACITY` calls.

Every function reads only what it is given (or, where documented, the shipped tables) and
returns new objects; scikit-learn is imported inside the functions that use it.

Examples
--------
>>> parts = pd.DataFrame({"recency": [100.0], "frequency": [50.0], "satisfaction": [80.0],
...                       "service": [100.0], "engagement": [40.0]})
>>> round(float(combine_health(parts).iloc[0]), 1)
75.5
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from .churn import churn_label
from .kpis import _between
from .language import N_, language, tr
from .silos import _silo_views
from .validation import (
    CourseDataError,
    require_columns,
    require_frame,
    require_non_empty,
    require_number,
    require_whole,
    to_datetime_column,
    to_timestamp,
    to_vector,
)

__all__ = [
    "HEALTH_THRESHOLD",
    "HEALTH_WEIGHTS",
    "HEALTH_COMPONENTS",  # noqa: F822 - from __getattr__, in the course's language
    "week_starts",
    "health_components",
    "combine_health",
    "health_scores",
    "label_scores",
    "health_validation",
    "health_bands",
    "component_auc",
    "recency_warning",
    "CALL_CAPACITY",
    "care_call_board",
]


def _auc(labels, scores) -> float:
    """ROC AUC of ``scores`` for ``labels`` (scikit-learn; ties count one half)."""
    from sklearn.metrics import roc_auc_score

    return float(roc_auc_score(np.asarray(labels, dtype=bool), np.asarray(scores, dtype=float)))


# ---------------------------------------------------------------------- health score
#: Alert threshold of the health score: customers under it get attention (the 2025 training deck).
HEALTH_THRESHOLD = 75.0

#: The five components of the health score, each scaled 0–100 (100 = healthiest), and what
#: they measure. The scales are *course design*; see :func:`health_components`. Read as
#: ``HEALTH_COMPONENTS`` (what each measures in the course's language, see :func:`__getattr__`).
_HEALTH_COMPONENTS = {
    "recency": N_("days since the last order, halving every 120 days (最近购买)"),
    "frequency": N_("orders in the last 52 weeks, full marks from 2 orders (购买频次)"),
    "satisfaction": N_("latest survey satisfaction (0–100) of the last 52 weeks; 70 if none (满意度)"),
    "service": N_(
        "100 minus 20 per complaint in 26 weeks, 40 more if answered after 1 hour, "
        "30 more while unresolved (服务体验)"
    ),
    "engagement": N_(
        "50 plus up to 50 for journeys, campaign responses and answered follow-ups "
        "in 13 weeks, halving the gap to 100 with each (互动参与)"
    ),
}

#: Default weights of the components (they sum to 1; *course design*).
HEALTH_WEIGHTS = {
    "recency": 0.30,
    "frequency": 0.25,
    "satisfaction": 0.15,
    "service": 0.15,
    "engagement": 0.15,
}

_HEALTH_TABLES = ("orders", "surveys", "tickets", "touchpoints", "campaigns", "followups")
_REQUIRED = {
    "orders": ["customer_id", "order_date"],
    "surveys": ["customer_id", "survey_date", "satisfaction"],
    "tickets": ["customer_id", "opened_at", "first_response_at", "resolved_at"],
    "touchpoints": ["customer_id", "journey_id", "timestamp"],
    "campaigns": ["customer_id", "contact_date", "responded"],
    "followups": ["customer_id", "date", "responded"],
}


def week_starts(as_of: str | pd.Timestamp, weeks: int = 1) -> pd.DatetimeIndex:
    """Mondays of the ``weeks`` complete weeks before ``as_of``, oldest first.

    A week runs Monday to Sunday; the last week scored is the last one that ends before
    ``as_of`` (a week ending the day before ``as_of`` counts).

    Parameters
    ----------
    as_of : str or pandas.Timestamp
        The day of scoring.
    weeks : int, default 1
        How many weeks, ≥ 1.

    Returns
    -------
    pandas.DatetimeIndex
        The Mondays, oldest first.

    Examples
    --------
    >>> week_starts("2025-01-01", weeks=2).strftime("%Y-%m-%d").tolist()
    ['2024-12-16', '2024-12-23']
    >>> week_starts("2024-07-01").strftime("%Y-%m-%d").tolist()
    ['2024-06-24']
    """
    day = to_timestamp(as_of, "as_of").normalize()
    n = require_whole(weeks, "weeks", low=1)
    current = day - pd.Timedelta(days=day.day_of_week)
    return pd.DatetimeIndex([current - pd.Timedelta(weeks=k) for k in range(n, 0, -1)])


_DATES = {
    "orders": ["order_date"],
    "surveys": ["survey_date"],
    "tickets": ["opened_at", "first_response_at", "resolved_at"],
    "touchpoints": ["timestamp"],
    "campaigns": ["contact_date"],
    "followups": ["date"],
}


def _health_tables(tables) -> dict[str, pd.DataFrame]:
    if tables is not None and not isinstance(tables, dict):
        raise TypeError(f"`tables` must be a dict of DataFrames; got {type(tables).__name__}.")
    given = dict(tables or {})
    out = {}
    for name in _HEALTH_TABLES:
        frame = given.get(name)
        if frame is None:
            from . import data

            frame = getattr(data, f"load_{name}")()
        arg = f"tables['{name}']"
        require_columns(frame, _REQUIRED[name], arg)
        parsed = {
            c: to_datetime_column(frame, c, arg)
            for c in _DATES[name]
            if not pd.api.types.is_datetime64_any_dtype(frame[c])
        }
        out[name] = frame.assign(**parsed) if parsed else frame
    require_non_empty(out["orders"], "tables['orders']")
    return out


def health_components(end: str | pd.Timestamp, tables: dict[str, pd.DataFrame] | None) -> pd.DataFrame:
    """The five health components (0–100) of every customer who ordered before ``end``.

    Uses only data before ``end`` (the exclusive end of the scored week); see
    :data:`HEALTH_COMPONENTS` for the scales.

    Parameters
    ----------
    end : str or pandas.Timestamp
        The exclusive end of the scored week (its next Monday).
    tables : dict of pandas.DataFrame or None
        ``orders``, ``surveys``, ``tickets``, ``touchpoints``, ``campaigns`` and
        ``followups``; missing ones are loaded from :mod:`course_lib.data`.

    Returns
    -------
    pandas.DataFrame
        Indexed by ``customer_id``: ``recency``, ``frequency``, ``satisfaction``,
        ``service``, ``engagement``, each 0–100.

    Examples
    --------
    >>> orders = pd.DataFrame({"customer_id": ["a", "a", "b"],
    ...     "order_date": pd.to_datetime(["2024-05-01", "2024-06-20", "2024-01-01"])})
    >>> empty = {name: pd.DataFrame({c: [] for c in cols}) for name, cols in
    ...          [("surveys", ["customer_id", "survey_date", "satisfaction"]),
    ...           ("tickets", ["customer_id", "opened_at", "first_response_at", "resolved_at"]),
    ...           ("touchpoints", ["customer_id", "journey_id", "timestamp"]),
    ...           ("campaigns", ["customer_id", "contact_date", "responded"]),
    ...           ("followups", ["customer_id", "date", "responded"])]}
    >>> health_components(pd.Timestamp("2024-07-01"), {"orders": orders, **empty}).round(1)
                 recency  frequency  satisfaction  service  engagement
    customer_id
    a               93.8      100.0          70.0    100.0        50.0
    b               34.9       50.0          70.0    100.0        50.0
    """
    end = to_timestamp(end, "end")
    tables = _health_tables(tables)
    orders = tables["orders"]
    past = orders[orders["order_date"] < end]
    if past.empty:
        raise CourseDataError(f"no order falls before {end.date()}; score a later week.")
    grouped = past.groupby("customer_id", sort=True)["order_date"]
    days = (end - grouped.max()).dt.days.astype(float)
    index = days.index

    def count(frame, column, weeks, flag=None):
        rows = _between(frame, column, end - pd.Timedelta(weeks=weeks), end)
        if flag is not None:
            rows = rows[rows[flag].astype(bool)]
        return rows.groupby("customer_id").size().reindex(index, fill_value=0).to_numpy(float)

    recency = 100 * 0.5 ** (days.to_numpy() / 120)
    frequency = 100 * np.minimum(count(past, "order_date", 52) / 2, 1)

    surveys = _between(tables["surveys"], "survey_date", end - pd.Timedelta(weeks=52), end)
    latest = (
        surveys.sort_values("survey_date", kind="stable")
        .groupby("customer_id")["satisfaction"]
        .last()
        .astype(float)
    )
    satisfaction = latest.reindex(index).fillna(70.0).clip(0, 100).to_numpy()

    tickets = _between(tables["tickets"], "opened_at", end - pd.Timedelta(weeks=26), end)
    answered = tickets["first_response_at"].where(tickets["first_response_at"] < end)
    wait = (answered.fillna(end) - tickets["opened_at"]).dt.total_seconds() / 3600
    still_open = ~(tickets["resolved_at"] < end)
    penalty = 20 + 40 * (wait > 1.0).astype(float) + 30 * still_open.astype(float)
    penalty = penalty.groupby(tickets["customer_id"]).sum().reindex(index, fill_value=0).to_numpy(float)
    service = np.maximum(100 - penalty, 0)

    touch = _between(tables["touchpoints"], "timestamp", end - pd.Timedelta(weeks=13), end)
    journeys = touch.groupby("customer_id")["journey_id"].nunique().reindex(index, fill_value=0)
    interactions = (
        journeys.to_numpy(float)
        + count(tables["campaigns"], "contact_date", 13, "responded")
        + count(tables["followups"], "date", 13, "responded")
    )
    engagement = 50 + 50 * (1 - 0.5**interactions)

    out = pd.DataFrame(
        {
            "recency": recency,
            "frequency": frequency,
            "satisfaction": satisfaction,
            "service": service,
            "engagement": engagement,
        },
        index=index,
    )
    out.index.name = "customer_id"
    return out


def _weights(weights) -> dict[str, float]:
    if weights is None:
        return dict(HEALTH_WEIGHTS)
    if not isinstance(weights, dict):
        raise TypeError(f"`weights` must be a dict of component → weight; got {type(weights).__name__}.")
    unknown = sorted(set(weights) - set(_HEALTH_COMPONENTS))
    if unknown:
        raise CourseDataError(
            f"`weights` names unknown component(s) {unknown}; the components are {list(_HEALTH_COMPONENTS)}."
        )
    clean = {
        name: require_number(weights.get(name, 0.0), f"weights['{name}']", low=0)
        for name in _HEALTH_COMPONENTS
    }
    total = sum(clean.values())
    if total <= 0:
        raise CourseDataError("`weights` are all zero; give at least one component a positive weight.")
    return {name: w / total for name, w in clean.items()}


def combine_health(components: pd.DataFrame, weights: dict[str, float] | None = None) -> pd.Series:
    """Weighted mean of the component columns: the 0–100 health score.

    Parameters
    ----------
    components : pandas.DataFrame
        The component columns (:func:`health_components`).
    weights : dict, optional
        Component → weight ≥ 0 (default :data:`HEALTH_WEIGHTS`). Weights are normalised to
        sum to 1, so ``{"recency": 2, "service": 1}`` means two thirds recency, one third
        service and nothing else.

    Returns
    -------
    pandas.Series
        ``health_score``, 0–100, aligned with ``components``.

    Examples
    --------
    >>> parts = pd.DataFrame({"recency": [100.0, 20.0], "frequency": [50.0, 10.0],
    ...     "satisfaction": [80.0, 70.0], "service": [100.0, 40.0], "engagement": [40.0, 40.0]})
    >>> combine_health(parts).round(1).tolist()
    [75.5, 31.0]
    >>> combine_health(parts, {"recency": 1}).tolist()
    [100.0, 20.0]
    """
    require_frame(components, "components")
    w = _weights(weights)
    require_columns(components, list(w), "components")
    score = sum(components[name].astype(float) * weight for name, weight in w.items())
    return score.clip(0, 100).rename("health_score")


def health_scores(
    *,
    as_of: str | pd.Timestamp,
    weeks: int = 1,
    weights: dict[str, float] | None = None,
    tables: dict[str, pd.DataFrame] | None = None,
) -> pd.DataFrame:
    """Weekly customer health score (客户健康度, 0–100) for the ``weeks`` weeks before ``as_of``.

    Each week uses only data before its end (the next Monday). The score is the weighted
    mean of the components (:data:`HEALTH_WEIGHTS` by default); under
    :data:`HEALTH_THRESHOLD` (75) a customer needs attention.

    Parameters
    ----------
    as_of : str or pandas.Timestamp
        The day of scoring; the weeks are those of :func:`week_starts`.
    weeks : int, default 1
        How many weeks to score.
    weights : dict, optional
        Component → weight, as in :func:`combine_health`.
    tables : dict of pandas.DataFrame, optional
        Preloaded ``orders``, ``surveys``, ``tickets``, ``touchpoints``, ``campaigns``,
        ``followups``; missing ones are loaded from :mod:`course_lib.data`.

    Returns
    -------
    pandas.DataFrame
        One row per customer and week for every customer who had ordered before the week's
        end: ``customer_id``, ``week`` (the Monday of the scored week), ``health_score`` and
        the five component columns of :data:`HEALTH_COMPONENTS`.

    Examples
    --------
    >>> scores = health_scores(as_of="2024-07-01", weeks=2)
    >>> scores["week"].dt.strftime("%Y-%m-%d").unique().tolist()
    ['2024-06-17', '2024-06-24']
    >>> list(scores.columns)
    ['customer_id', 'week', 'health_score', 'recency', 'frequency', 'satisfaction', 'service', 'engagement']
    >>> bool(scores["health_score"].between(0, 100).all())
    True
    """
    mondays = week_starts(as_of, weeks)
    w = _weights(weights)
    frames = _health_tables(tables)
    parts = []
    for monday in mondays:
        components = health_components(monday + pd.Timedelta(weeks=1), frames)
        block = components.reset_index()
        block.insert(1, "week", monday)
        block.insert(2, "health_score", combine_health(components, w).to_numpy())
        parts.append(block)
    return pd.concat(parts, ignore_index=True)


def label_scores(
    scores: pd.DataFrame, orders: pd.DataFrame, *, horizon_days: int = 180, active_days: int = 180
) -> pd.DataFrame:
    """Keep the scored customers who were active and add what happened next (``lost``).

    For each scored week, customers with an order in the ``active_days`` before the week's
    end are kept (customers already gone need no score to be found) and labelled lost when
    they place no order in the ``horizon_days`` after it
    (:func:`course_lib.churn.churn_label`). Label once, then reweight and validate as often
    as you like with :func:`health_validation`.

    Parameters
    ----------
    scores : pandas.DataFrame
        ``customer_id``, ``week`` and ``health_score`` (:func:`health_scores`).
    orders : pandas.DataFrame
        ``customer_id``, ``order_date``, reaching ``horizon_days`` beyond the last week.
    horizon_days : int, default 180
        Days after the week's end without an order that make a customer lost.
    active_days : int, default 180
        A customer counts as active when their last order is fewer days before the week's end.

    Returns
    -------
    pandas.DataFrame
        The rows of ``scores`` for active customers, with a boolean ``lost`` column.

    Examples
    --------
    >>> orders = pd.DataFrame({"customer_id": list("aabccdd"), "order_date": pd.to_datetime(
    ...     ["2024-01-02", "2024-02-10", "2024-01-03", "2024-01-20", "2024-02-15", "2024-01-25",
    ...      "2024-03-05"])})
    >>> scores = pd.DataFrame({"customer_id": list("abcd"), "health_score": [90.0, 40.0, 80.0, 60.0],
    ...                        "week": pd.Timestamp("2024-01-22")})
    >>> label_scores(scores, orders, horizon_days=30)["lost"].tolist()
    [False, True, False, True]
    """
    return _scored_with_labels(scores, orders, horizon_days, active_days)


def _scored_with_labels(scores, orders, horizon_days, active_days):
    require_frame(scores, "scores")
    require_columns(scores, ["customer_id", "week", "health_score"], "scores")
    require_non_empty(scores, "scores")
    horizon = require_whole(horizon_days, "horizon_days", low=1)
    active = require_whole(active_days, "active_days", low=1)
    parts = []
    for monday, block in scores.groupby("week", sort=True):
        end = pd.Timestamp(monday) + pd.Timedelta(weeks=1)
        lost = churn_label(orders, as_of=end, horizon_days=horizon, active_days=active)
        block = block[block["customer_id"].isin(lost.index).to_numpy()]
        parts.append(block.assign(lost=block["customer_id"].map(lost).astype(bool).to_numpy()))
    table = pd.concat(parts, ignore_index=True)
    if table["lost"].nunique() < 2:
        raise CourseDataError(
            "the scored customers are all lost or all kept; score more weeks or "
            "more customers before validating."
        )
    return table


def health_validation(
    scores: pd.DataFrame,
    orders: pd.DataFrame | None = None,
    *,
    threshold: float = HEALTH_THRESHOLD,
    horizon_days: int = 180,
    active_days: int = 180,
) -> dict[str, float]:
    """How well a low health score predicts churn in the following months.

    For each scored week, customers who were active (an order in the ``active_days`` before
    the week's end — customers already gone need no score to be found) are labelled lost when
    they place no order in the ``horizon_days`` after the week's end
    (:func:`course_lib.churn.churn_label`). Returns the ROC AUC of the low score for churn
    (the chance a lost customer scored lower than a kept one), the share of active customers
    under ``threshold``, churn rates under and at/over the threshold, their ratio, and the
    lift (churn rate under the threshold / overall churn rate).

    Parameters
    ----------
    scores : pandas.DataFrame
        :func:`health_scores` output; without ``orders`` it must already carry the ``lost``
        column of :func:`label_scores`.
    orders : pandas.DataFrame, optional
        Orders to label ``scores`` with (:func:`label_scores`).
    threshold : float, default :data:`HEALTH_THRESHOLD`
        The alert line, 0–100.
    horizon_days, active_days : int, default 180
        As in :func:`label_scores`.

    Returns
    -------
    dict
        ``customers_weeks``, ``auc``, ``share_under``, ``churn_under``, ``churn_over``,
        ``churn_ratio`` (under / over; inf when none over the line is lost) and ``lift``.

    Examples
    --------
    >>> labelled = pd.DataFrame({"health_score": [90.0, 40.0, 80.0, 60.0],
    ...                          "lost": [False, True, False, True]})   # as label_scores gives it
    >>> health_validation(labelled)
    {'customers_weeks': 4, 'auc': 1.0, 'share_under': 0.5, 'churn_under': 1.0, 'churn_over': 0.0, 'churn_ratio': inf, 'lift': 2.0}
    """
    cut = require_number(threshold, "threshold", low=0, high=100)
    table = _labelled(scores, orders, horizon_days, active_days)
    under = table["health_score"] < cut
    base = float(table["lost"].mean())
    churn_under = float(table.loc[under, "lost"].mean()) if under.any() else float("nan")
    churn_over = float(table.loc[~under, "lost"].mean()) if (~under).any() else float("nan")
    ratio = churn_under / churn_over if churn_over > 0 else float("inf")
    return {
        "customers_weeks": int(len(table)),
        "auc": round(_auc(table["lost"], -table["health_score"]), 4),
        "share_under": round(float(under.mean()), 4),
        "churn_under": round(churn_under, 4),
        "churn_over": round(churn_over, 4),
        "churn_ratio": round(ratio, 4) if np.isfinite(ratio) else ratio,
        "lift": round(churn_under / base, 4),
    }


def _labelled(scores, orders, horizon_days, active_days):
    if orders is not None:
        return _scored_with_labels(scores, orders, horizon_days, active_days)
    require_frame(scores, "scores")
    if "lost" not in scores.columns:
        raise CourseDataError(
            "`scores` has no `lost` column; pass `orders` too, or label the "
            "scores first with label_scores(scores, orders)."
        )
    require_columns(scores, ["health_score", "lost"], "scores")
    if scores["lost"].nunique() < 2:
        raise CourseDataError(
            "the scored customers are all lost or all kept; score more weeks or "
            "more customers before validating."
        )
    return scores


def health_bands(
    scores: pd.DataFrame,
    orders: pd.DataFrame | None = None,
    *,
    bins: Sequence[float] = (0, 50, 60, 75, 90, 100),
    horizon_days: int = 180,
    active_days: int = 180,
) -> pd.DataFrame:
    """Churn rate of active customers by band of health score (what the alert line separates).

    Parameters
    ----------
    scores : pandas.DataFrame
        :func:`health_scores` output; without ``orders`` it must already carry the ``lost``
        column of :func:`label_scores`.
    orders : pandas.DataFrame, optional
        Orders to label ``scores`` with (:func:`label_scores`).
    bins : sequence of float, default (0, 50, 60, 75, 90, 100)
        Band edges, increasing; each band includes its left edge, the last also its right.
    horizon_days : int, default 180
        Days after the week's end without an order that make a customer lost.
    active_days : int, default 180
        A customer counts as active when their last order is fewer days before the week's end.

    Returns
    -------
    pandas.DataFrame
        Indexed by ``band`` (ordered categories): ``customers`` and ``churn_rate``.

    Examples
    --------
    >>> scores = pd.DataFrame({"health_score": [30.0, 50.0, 80.0, 95.0], "lost": [True, True, False, True]})
    >>> health_bands(scores, bins=(0, 75, 100))
               customers  churn_rate
    band
    [0, 75)            2         1.0
    [75, 100]          2         0.5
    """
    table = _labelled(scores, orders, horizon_days, active_days)
    edges = to_vector(bins, "bins").tolist()
    if len(edges) < 2 or any(b <= a for a, b in zip(edges[:-1], edges[1:])):
        raise CourseDataError(f"`bins` must be two or more increasing edges; got {edges}.")
    labels = [f"[{a:g}, {b:g})" for a, b in zip(edges[:-2], edges[1:-1])] + [
        f"[{edges[-2]:g}, {edges[-1]:g}]"
    ]
    band = pd.cut(table["health_score"], edges, right=False, labels=labels, include_lowest=True)
    band = band.where(table["health_score"] < edges[-1], labels[-1])
    out = table.groupby(band, observed=False)["lost"].agg(customers="size", churn_rate="mean")
    out.index = pd.CategoricalIndex(out.index, categories=labels, ordered=True, name="band")
    return out


def component_auc(
    scores: pd.DataFrame,
    orders: pd.DataFrame | None = None,
    *,
    horizon_days: int = 180,
    active_days: int = 180,
) -> pd.Series:
    """ROC AUC of each component (and of the score) for churn, as in :func:`health_validation`.

    0.5 means the component says nothing about who leaves; the further above 0.5, the more a
    low value of it comes before churn. A guide for choosing weights.

    Parameters
    ----------
    scores, orders, horizon_days, active_days
        As in :func:`health_validation`.

    Returns
    -------
    pandas.Series
        ``auc`` by column: ``health_score`` and each component present in ``scores``.

    Examples
    --------
    >>> scores = pd.DataFrame({"health_score": [30.0, 50.0, 80.0, 95.0], "recency": [10.0, 90.0, 20.0, 95.0],
    ...                        "lost": [True, True, False, False]})
    >>> component_auc(scores).to_dict()
    {'health_score': 1.0, 'recency': 0.75}
    """
    table = _labelled(scores, orders, horizon_days, active_days)
    columns = [c for c in ["health_score", *_HEALTH_COMPONENTS] if c in table.columns]
    return pd.Series({c: round(_auc(table["lost"], -table[c]), 4) for c in columns}, name="auc")


def recency_warning(
    orders: pd.DataFrame,
    *,
    as_of: str | pd.Timestamp,
    horizon_days: int = 180,
    active_days: int = 180,
    threshold: float = HEALTH_THRESHOLD,
    customer: str = "customer_id",
    date: str = "order_date",
) -> dict[str, float]:
    """Does the health score's recency component warn of churn in an order log of any shop?

    The recency component (100 on the day of an order, halving every 120 days, as in
    :func:`health_components`) needs nothing but an order log, so it can be checked on real
    transactions where satisfaction, service and engagement were never recorded (CDNOW).
    Among the customers active on ``as_of`` (an order in the ``active_days`` before it), a
    customer is lost when they place no order in the ``horizon_days`` from ``as_of``
    (:func:`course_lib.churn.churn_label`).

    Parameters
    ----------
    orders : pandas.DataFrame
        One row per order, with the ``customer`` and ``date`` columns.
    as_of : str or pandas.Timestamp
        The day of the warning; the orders must reach ``horizon_days`` beyond it.
    horizon_days, active_days : int, default 180
        As in :func:`label_scores`.
    threshold : float, default :data:`HEALTH_THRESHOLD`
        The alert line, 0–100.
    customer, date : str
        Column names of the customer id and the order date.

    Returns
    -------
    dict
        ``customers`` (active on ``as_of``), ``churn_rate``, ``auc`` (of a low recency score
        for churn), ``share_under`` (under ``threshold``), ``churn_under`` and ``churn_over``.

    Examples
    --------
    >>> log = pd.DataFrame({"customer_id": list("aabbcde"), "order_date": pd.to_datetime(
    ...     ["2024-05-20", "2024-08-01", "2024-02-10", "2024-08-20", "2024-03-01", "2024-01-20",
    ...      "2024-10-01"])})
    >>> recency_warning(log, as_of="2024-07-01", horizon_days=90)   # c and d are lost
    {'customers': 4, 'churn_rate': 0.5, 'auc': 0.75, 'share_under': 0.75, 'churn_under': 0.6667, 'churn_over': 0.0}
    """
    frame = require_frame(orders, "orders")
    require_columns(frame, [customer, date], "orders")
    day = to_timestamp(as_of, "as_of")
    active = require_whole(active_days, "active_days", low=1)
    cut = require_number(threshold, "threshold", low=0, high=100)
    lost = churn_label(
        frame, as_of=day, horizon_days=horizon_days, active_days=active, customer=customer, date=date
    )
    if lost.empty:
        raise CourseDataError(f"no customer ordered in the {active} days before `as_of` {day.date()}.")
    if lost.all() or not lost.any():
        raise CourseDataError(
            "the active customers are all lost or all kept; choose another `as_of` or `horizon_days`."
        )
    when = to_datetime_column(frame, date, "orders")
    before = when < day
    last = when[before].groupby(frame.loc[before, customer].to_numpy()).max()
    days = (day - last.reindex(lost.index)).dt.days.to_numpy(float)
    recency = 100 * 0.5 ** (days / 120)
    under = recency < cut
    y = lost.to_numpy(bool)
    return {
        "customers": int(len(y)),
        "churn_rate": round(float(y.mean()), 4),
        "auc": round(_auc(y, -recency), 4),
        "share_under": round(float(under.mean()), 4),
        "churn_under": round(float(y[under].mean()), 4) if under.any() else float("nan"),
        "churn_over": round(float(y[~under].mean()), 4) if (~under).any() else float("nan"),
    }


#: Calls the care team can make in a week (*course design*; chapter 1's call-list task).
CALL_CAPACITY = 150


def care_call_board(
    *,
    as_of: str | pd.Timestamp,
    tables: dict[str, pd.DataFrame] | None = None,
    response_hours: float = 1.0,
    window_days: int = 180,
) -> pd.DataFrame:
    """What the care team sees on Monday ``as_of`` to pick this week's calls (course design).

    Parameters
    ----------
    as_of : str or pandas.Timestamp
        The Monday of the call list; the week before it is scored.
    tables : dict of pandas.DataFrame, optional
        Preloaded tables as in :func:`health_scores`, ``customers`` among them; missing ones
        are loaded from :mod:`course_lib.data`.
    response_hours : float, default 1.0
        The response promise, in hours.
    window_days : int, default 180
        Days before ``as_of`` whose tickets count.

    Returns
    -------
    pandas.DataFrame
        One row per customer scored for the week before ``as_of``, by customer id:
        ``health_score``; ``days_since_order`` (days from the last order before ``as_of``;
        under 180 is *active*); ``spend_365d`` (paid amount in the 365 days before ``as_of``,
        CNY — the value at stake); ``late_complaint`` (a ticket in the ``window_days`` before
        ``as_of`` first answered after ``response_hours``, the service view of
        :func:`course_lib.silos.silo_customers`); ``consent_phone`` (the customer agreed to
        phone contact).

    Examples
    --------
    >>> board = care_call_board(as_of="2024-09-30")
    >>> list(board.columns)
    ['health_score', 'days_since_order', 'spend_365d', 'late_complaint', 'consent_phone']
    """
    day = to_timestamp(as_of, "as_of")
    if tables is not None and not isinstance(tables, dict):
        raise TypeError(f"`tables` must be a dict of DataFrames; got {type(tables).__name__}.")
    given = dict(tables or {})
    frames = _health_tables(given)
    customers = given.get("customers")
    if customers is None:
        from . import data

        customers = data.load_customers()
    require_columns(customers, ["customer_id", "consent_phone"], "tables['customers']")
    week = health_scores(as_of=day, tables=frames).set_index("customer_id")
    orders = frames["orders"]
    past = orders[orders["order_date"] < day]
    last = past.groupby("customer_id")["order_date"].max()
    spend = (
        _between(orders, "order_date", day - pd.Timedelta(days=365), day)
        .groupby("customer_id")["amount"]
        .sum()
    )
    _, _, recent = _silo_views(orders, frames["tickets"], day, 1.0, window_days, response_hours)
    late = set(recent.loc[recent["late"], "customer_id"])
    consent = customers.set_index("customer_id")["consent_phone"].astype(bool)
    board = pd.DataFrame(
        {
            "health_score": week["health_score"].round(1),
            "days_since_order": (day - last).dt.days.reindex(week.index).astype(int),
            "spend_365d": spend.reindex(week.index, fill_value=0.0).round(0).astype(int),
            "late_complaint": week.index.isin(list(late)),
            "consent_phone": consent.reindex(week.index, fill_value=False).to_numpy(bool),
        },
        index=week.index,
    ).sort_index()
    board.index.name = "customer_id"
    return board


# ------------------------------------------------------------------ the course's language
def __getattr__(name: str):
    """:data:`HEALTH_COMPONENTS` with what each component measures in the course's language
    (the same English dict as always in the English course).

    Examples
    --------
    >>> from course_lib import health
    >>> from course_lib.language import set_language
    >>> health.HEALTH_COMPONENTS["frequency"]
    'orders in the last 52 weeks, full marks from 2 orders (购买频次)'
    >>> set_language("zh"); health.HEALTH_COMPONENTS["frequency"]
    '购买频次：近 52 周的订单数，满 2 单即得满分'
    >>> set_language(None)
    """
    if name == "HEALTH_COMPONENTS":
        if language() == "en":
            return _HEALTH_COMPONENTS
        return {key: tr(text) for key, text in _HEALTH_COMPONENTS.items()}
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
