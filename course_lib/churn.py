"""Churn prediction, targeting by value, and retention curves (analytics layer).

Taught in chapter 5 (``notebooks/05_loyalty_value.ipynb``):

- :func:`churn_label` and :func:`churn_features` — a customer is *lost* when they place no
  order in the ``horizon_days`` after a day ``as_of``; features describe them using only
  what was known on ``as_of`` (RFM, recent activity, complaints, satisfaction, tier), so a
  model trained on one day can be tested honestly on a later one.
- :func:`churn_model`, :func:`evaluate_model`, :func:`calibration_table` — a scikit-learn
  pipeline and the two questions to ask of it: does it rank (ROC AUC) and are its
  probabilities honest (calibration)?
- :func:`expected_value_saved`, :func:`compare_targeting`, :func:`allocate_managers` — whom
  to contact: the customers with the most value *saved* (probability × value × success
  rate − cost), not simply the likeliest to leave; and which accounts get a success manager.
- :func:`advisor_accounts` — one row per buyer with the spend already banked beside the
  value still to come (p_alive, 12-month CLV), for deciding who gets a one-to-one advisor.
- :func:`survival_table`, :func:`kaplan_meier`, :func:`logrank` — retention curves per
  group with lifelines and a log-rank test of whether they differ.

scikit-learn and lifelines are imported inside the functions that need them.
"""

from __future__ import annotations

import warnings
from collections.abc import Hashable, Sequence
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from .language import tr
from .validation import (
    CourseDataError,
    Vector,
    require_columns,
    require_fraction,
    require_frame,
    require_no_missing,
    require_non_empty,
    require_number,
    require_whole,
    to_datetime_column,
    to_timestamp,
    to_vector,
)

if TYPE_CHECKING:
    from sklearn.pipeline import Pipeline

#: Group labels, one per customer (e.g. tiers): a list, a numpy array or a pandas Series.
Groups = Sequence[Hashable] | np.ndarray | pd.Series

__all__ = [
    "TIER_ORDER",
    "churn_label",
    "tier_as_of",
    "churn_features",
    "churn_model",
    "evaluate_model",
    "calibration_table",
    "expected_value_saved",
    "compare_targeting",
    "allocate_managers",
    "advisor_accounts",
    "survival_table",
    "kaplan_meier",
    "logrank",
]

#: Membership tiers from lowest to highest (普通会员, 银卡, 金卡, 白金卡).
TIER_ORDER = ["member", "silver", "gold", "platinum"]


def _orders_table(orders, customer, date, amount=None):
    require_frame(orders, "orders")
    columns = [customer, date] + ([amount] if amount else [])
    require_columns(orders, columns, "orders")
    require_non_empty(orders, "orders")
    for column in (customer, date):
        require_no_missing(orders, column, "orders")
    table = pd.DataFrame(
        {
            "customer": orders[customer].to_numpy(),
            "day": to_datetime_column(orders, date, "orders").to_numpy(),
        }
    )
    if amount:
        table["amount"] = pd.to_numeric(orders[amount], errors="coerce").to_numpy()
        if table["amount"].isna().any():
            raise CourseDataError(f'`orders["{amount}"]` must hold numbers without gaps.')
    return table


# ----------------------------------------------------------------------------- labels
def churn_label(
    orders: pd.DataFrame,
    *,
    as_of: str | pd.Timestamp,
    horizon_days: int = 180,
    active_days: int | None = None,
    customer: str = "customer_id",
    date: str = "order_date",
) -> pd.Series:
    """True for each customer who bought before ``as_of`` and then not within ``horizon_days``.

    The course's one definition of churn: every chapter that labels customers lost (the
    health score, the silo join, the deck's claims, complaint follow-up, the churn model,
    the workbench's scores) calls this function. Only customers with at least one order
    before ``as_of`` are labelled (a customer who never bought cannot be lost); with
    ``active_days``, only those whose last order came fewer than ``active_days`` days before
    ``as_of`` (customers already gone need no warning). The data must reach ``as_of +
    horizon_days``: a label needs the whole window to be observed.

    Parameters
    ----------
    orders : pandas.DataFrame
        One row per order, with the ``customer`` and ``date`` columns.
    as_of : str or pandas.Timestamp
        The day of labelling; orders before it are history, orders in
        [``as_of``, ``as_of`` + ``horizon_days``) are the window.
    horizon_days : int, default 180
        Length of the window, ≥ 1.
    active_days : int, optional
        Keep only customers active on ``as_of`` (last order fewer than this many days
        before it); default: every customer with an order before ``as_of``.
    customer, date : str
        Column names of the customer id and the order date.

    Returns
    -------
    pandas.Series
        ``lost`` (bool), indexed by customer id, sorted.

    Raises
    ------
    CourseDataError
        A missing column, missing ids or dates, or a window that runs past the last order.

    Examples
    --------
    >>> orders = pd.DataFrame({"customer_id": ["a", "a", "b", "c"],
    ...     "order_date": pd.to_datetime(["2024-01-05", "2024-03-01", "2024-01-20", "2024-04-30"])})
    >>> churn_label(orders, as_of="2024-02-01", horizon_days=60)
    customer_id
    a    False
    b     True
    Name: lost, dtype: bool
    >>> churn_label(orders, as_of="2024-02-01", horizon_days=60, active_days=20).to_dict()
    {'b': True}
    """
    table = _orders_table(orders, customer, date)
    start = to_timestamp(as_of, "as_of")
    horizon = require_whole(horizon_days, "horizon_days", low=1)
    active_for = None if active_days is None else require_whole(active_days, "active_days", low=1)
    end = start + pd.Timedelta(days=horizon)
    observed_to = table["day"].max() + pd.Timedelta(days=1)
    if end > observed_to:
        raise CourseDataError(
            f"`as_of` {start.date()} + `horizon_days` {horizon} runs to {end.date()}, but the "
            f"orders end on {table['day'].max().date()}; pick an earlier `as_of` or a shorter "
            "horizon so the whole window is observed."
        )
    past = table[table["day"] < start]
    if active_for is None:
        before = past["customer"].unique()
    else:
        last = past.groupby("customer", sort=False)["day"].max()
        before = last.index[((start - last).dt.days < active_for).to_numpy()].to_numpy()
    active = table.loc[(table["day"] >= start) & (table["day"] < end), "customer"].unique()
    label = pd.Series(
        ~pd.Index(before).isin(active), index=pd.Index(before, name=customer), name="lost"
    ).sort_index()
    return label


def tier_as_of(customers: pd.DataFrame, loyalty: pd.DataFrame, *, as_of: str | pd.Timestamp) -> pd.Series:
    """Each customer's membership tier on the day ``as_of`` (not today's tier).

    The tier after the last ``tier_change`` before ``as_of``; without one, the tier the
    customer held before their first later change; without any change, today's
    ``membership_tier``. Using today's tier to explain the past would leak the future:
    customers who stayed had time to climb.

    Parameters
    ----------
    customers : pandas.DataFrame
        ``customer_id``, ``membership_tier`` (today's tier).
    loyalty : pandas.DataFrame
        ``customer_id``, ``kind``, ``date``, ``tier_from``, ``tier_to``.
    as_of : str or pandas.Timestamp
        The day whose tier is wanted.

    Returns
    -------
    pandas.Series
        ``tier`` by customer id.

    Examples
    --------
    >>> customers = pd.DataFrame({"customer_id": ["a", "b"], "membership_tier": ["gold", "silver"]})
    >>> loyalty = pd.DataFrame({"customer_id": ["a", "a"], "kind": ["tier_change"] * 2,
    ...     "date": pd.to_datetime(["2024-01-10", "2024-06-01"]),
    ...     "tier_from": ["member", "silver"], "tier_to": ["silver", "gold"]})
    >>> tier_as_of(customers, loyalty, as_of="2024-03-01").tolist()
    ['silver', 'silver']
    """
    require_columns(customers, ["customer_id", "membership_tier"], "customers")
    require_columns(loyalty, ["customer_id", "kind", "date", "tier_from", "tier_to"], "loyalty")
    day = to_timestamp(as_of, "as_of")
    changes = loyalty.loc[
        loyalty["kind"] == "tier_change", ["customer_id", "date", "tier_from", "tier_to"]
    ].copy()
    changes["date"] = to_datetime_column(changes, "date", "loyalty")
    changes = changes.sort_values(["customer_id", "date"], kind="stable")
    tier = customers.set_index("customer_id")["membership_tier"].astype(object)
    later = changes[changes["date"] >= day].drop_duplicates("customer_id", keep="first")
    tier.update(later.set_index("customer_id")["tier_from"].astype(object))
    earlier = changes[changes["date"] < day].drop_duplicates("customer_id", keep="last")
    tier.update(earlier.set_index("customer_id")["tier_to"].astype(object))
    tier.name = "tier"
    return tier


# --------------------------------------------------------------------------- features
def churn_features(
    orders: pd.DataFrame,
    *,
    as_of: str | pd.Timestamp,
    customers: pd.DataFrame | None = None,
    loyalty: pd.DataFrame | None = None,
    tickets: pd.DataFrame | None = None,
    surveys: pd.DataFrame | None = None,
    response_hours: float = 1.0,
) -> pd.DataFrame:
    """What was known about each buying customer on ``as_of``, one row per customer.

    From ``orders`` (``customer_id``, ``order_date``, ``amount``): ``recency_days``,
    ``frequency``, ``monetary``, ``tenure_days``, ``orders_90d``, ``spend_90d``. With
    ``customers`` and ``loyalty``: ``tier`` on ``as_of`` (see :func:`tier_as_of`) and
    ``city_tier``. With ``tickets``: complaints in the last 365 days (``tickets_365d``), how
    many waited longer than ``response_hours`` for a first response (``late_tickets_365d``)
    and their mean ``csat`` (missing without tickets). With ``surveys``: the last
    ``satisfaction`` (0–100) and ``nps`` score before ``as_of`` (missing if never surveyed).
    Nothing on or after ``as_of`` is used.

    Parameters
    ----------
    orders : pandas.DataFrame
        ``customer_id``, ``order_date``, ``amount``.
    as_of : str or pandas.Timestamp
        The day the features describe; only earlier data are used.
    customers, loyalty, tickets, surveys : pandas.DataFrame, optional
        Further tables whose features are added (see above).
    response_hours : float, default 1.0
        The response promise that makes a ticket *late*.

    Returns
    -------
    pandas.DataFrame
        One row per customer with an order before ``as_of``, indexed by ``customer_id``.

    Examples
    --------
    >>> orders = pd.DataFrame({"customer_id": ["a", "a", "b"], "amount": [100.0, 50.0, 80.0],
    ...     "order_date": pd.to_datetime(["2024-01-05", "2024-03-01", "2024-01-20"])})
    >>> churn_features(orders, as_of="2024-03-31")[["recency_days", "frequency", "orders_90d"]]
                 recency_days  frequency  orders_90d
    customer_id
    a                      30          2           2
    b                      71          1           1
    """
    table = _orders_table(orders, "customer_id", "order_date", "amount")
    day = to_timestamp(as_of, "as_of")
    past = table[table["day"] < day]
    if past.empty:
        raise CourseDataError(f"no order falls before `as_of` {day.date()}; choose a later day.")
    grouped = past.groupby("customer", sort=True)
    recent = past[past["day"] >= day - pd.Timedelta(days=90)].groupby("customer")
    features = pd.DataFrame(
        {
            "recency_days": (day - grouped["day"].max()).dt.days,
            "frequency": grouped.size(),
            "monetary": grouped["amount"].sum(),
            "tenure_days": (day - grouped["day"].min()).dt.days,
        }
    )
    features["orders_90d"] = recent.size().reindex(features.index, fill_value=0).astype(int)
    features["spend_90d"] = recent["amount"].sum().reindex(features.index, fill_value=0.0)
    features.index.name = "customer_id"

    if customers is not None:
        require_columns(customers, ["customer_id", "city_tier", "membership_tier"], "customers")
        info = customers.set_index("customer_id")
        if loyalty is not None:
            features["tier"] = tier_as_of(customers, loyalty, as_of=day).reindex(features.index)
        else:
            features["tier"] = info["membership_tier"].astype(object).reindex(features.index)
        features["city_tier"] = info["city_tier"].reindex(features.index).astype(float)
    if tickets is not None:
        require_columns(tickets, ["customer_id", "opened_at", "first_response_at", "csat"], "tickets")
        opened = to_datetime_column(tickets, "opened_at", "tickets")
        window = (opened < day) & (opened >= day - pd.Timedelta(days=365))
        recent_tickets = tickets[window]
        wait = (
            to_datetime_column(recent_tickets, "first_response_at", "tickets") - opened[window]
        ).dt.total_seconds() / 3600
        late = (wait > require_number(response_hours, "response_hours", low=0)) | (wait.isna())
        by = recent_tickets.groupby("customer_id")
        features["tickets_365d"] = by.size().reindex(features.index, fill_value=0).astype(int)
        features["late_tickets_365d"] = (
            late.groupby(recent_tickets["customer_id"])
            .sum()
            .reindex(features.index, fill_value=0)
            .astype(int)
        )
        features["csat"] = by["csat"].mean().reindex(features.index)
    if surveys is not None:
        require_columns(surveys, ["customer_id", "survey_date", "nps", "satisfaction"], "surveys")
        when = to_datetime_column(surveys, "survey_date", "surveys")
        known = surveys[when < day].assign(_when=when[when < day])
        last = (
            known.sort_values(["customer_id", "_when"], kind="stable")
            .drop_duplicates("customer_id", keep="last")
            .set_index("customer_id")
        )
        features["satisfaction"] = last["satisfaction"].reindex(features.index).astype(float)
        features["nps"] = last["nps"].reindex(features.index).astype(float)
    return features


# ------------------------------------------------------------------------------ model
def churn_model(*, kind: str = "logistic", seed: int | np.random.Generator = 0) -> Pipeline:
    """A scikit-learn pipeline that turns :func:`churn_features` into a churn probability.

    Numbers are imputed with their median (plus a flag column saying a value was missing,
    since "never surveyed" is itself informative) and standardised; text columns such as
    ``tier`` are one-hot encoded. ``kind="logistic"`` (default) gives a regularised
    logistic regression, whose probabilities tend to be well calibrated and whose
    coefficients can be read; ``kind="boosting"`` gives gradient-boosted trees.

    Parameters
    ----------
    kind : {"logistic", "boosting"}, default "logistic"
        The classifier.
    seed : int or numpy.random.Generator, default 0
        Seed of the classifier's randomness (:func:`course_lib.validation.make_rng`).

    Returns
    -------
    sklearn.pipeline.Pipeline
        Unfitted; steps ``prepare`` and ``classify``.

    Examples
    --------
    >>> model = churn_model(seed=1)
    >>> [name for name, _ in model.steps]
    ['prepare', 'classify']
    """
    from sklearn.compose import make_column_selector, make_column_transformer
    from sklearn.ensemble import HistGradientBoostingClassifier
    from sklearn.impute import SimpleImputer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import Pipeline, make_pipeline
    from sklearn.preprocessing import OneHotEncoder, StandardScaler

    from .validation import make_rng

    rng = make_rng(seed)
    state = int(rng.integers(0, 2**31 - 1))
    prepare = make_column_transformer(
        (
            make_pipeline(SimpleImputer(strategy="median", add_indicator=True), StandardScaler()),
            make_column_selector(dtype_include="number"),
        ),
        (
            make_pipeline(
                SimpleImputer(strategy="constant", fill_value="unknown"),
                OneHotEncoder(handle_unknown="ignore"),
            ),
            make_column_selector(dtype_exclude="number"),
        ),
    )
    if kind == "logistic":
        classify = LogisticRegression(max_iter=2000, C=1.0, random_state=state)
    elif kind == "boosting":
        classify = HistGradientBoostingClassifier(
            max_iter=150, learning_rate=0.05, max_leaf_nodes=15, random_state=state
        )
    else:
        raise CourseDataError(f"`kind` must be 'logistic' or 'boosting'; got {kind!r}.")
    return Pipeline([("prepare", prepare), ("classify", classify)])


def _labels_and_scores(labels, scores, arg="scores"):
    y = to_vector(labels, "labels", dtype=float)
    p = to_vector(scores, arg)
    if len(y) != len(p):
        raise CourseDataError(
            f"`labels` has {len(y)} values but `{arg}` has {len(p)}; pass one "
            "per customer, in the same order."
        )
    if not np.isin(y, (0.0, 1.0)).all():
        raise CourseDataError("`labels` must hold True/False (or 1/0): lost or not.")
    if not np.isfinite(p).all():
        raise CourseDataError(f"`{arg}` has missing or infinite values.")
    return y, p


def evaluate_model(labels: Vector, probabilities: Vector) -> dict[str, float]:
    """ROC AUC, Brier score and the base rate of held-out predictions.

    AUC is the chance that a randomly picked lost customer gets a higher probability than a
    randomly picked kept one (0.5 = guessing). The Brier score is the mean squared error of
    the probabilities (lower is better; guessing the base rate for everyone scores
    base × (1 − base)).

    Parameters
    ----------
    labels : list, numpy array or pandas Series
        True/False (or 1/0): lost or not, one per customer.
    probabilities : list, numpy array or pandas Series
        Predicted churn probabilities, 0–1, in the same order.

    Returns
    -------
    dict
        ``auc``, ``brier``, ``base_rate`` and ``brier_baseline``, rounded to four decimals.

    Examples
    --------
    >>> evaluate_model([1, 0, 1, 0], [0.9, 0.2, 0.6, 0.4])
    {'auc': 1.0, 'brier': 0.0925, 'base_rate': 0.5, 'brier_baseline': 0.25}
    """
    from sklearn.metrics import brier_score_loss, roc_auc_score

    y, p = _labels_and_scores(labels, probabilities, "probabilities")
    if ((p < 0) | (p > 1)).any():
        raise CourseDataError("`probabilities` must lie between 0 and 1.")
    if len(np.unique(y)) < 2:
        raise CourseDataError("`labels` hold only one class; AUC needs both lost and kept customers.")
    base = float(y.mean())
    return {
        "auc": round(float(roc_auc_score(y, p)), 4),
        "brier": round(float(brier_score_loss(y, p)), 4),
        "base_rate": round(base, 4),
        "brier_baseline": round(base * (1 - base), 4),
    }


def calibration_table(labels: Vector, probabilities: Vector, *, bins: int = 10) -> pd.DataFrame:
    """Predicted against observed churn in groups of similar probability (equal-sized bins).

    A calibrated model's ``predicted`` and ``observed`` columns agree in every bin.

    Parameters
    ----------
    labels : list, numpy array or pandas Series
        True/False (or 1/0): lost or not, one per customer.
    probabilities : list, numpy array or pandas Series
        Predicted churn probabilities, 0–1, in the same order.
    bins : int, default 10
        Number of groups, ≥ 1 (customers ranked by probability, equal-sized groups).

    Returns
    -------
    pandas.DataFrame
        Indexed by ``bin`` (1 = lowest probabilities): ``customers``, ``predicted`` (mean
        probability) and ``observed`` (churn rate).

    Examples
    --------
    >>> calibration_table([0, 0, 1, 1, 1, 0], [0.1, 0.2, 0.8, 0.7, 0.9, 0.3], bins=2)
         customers  predicted  observed
    bin
    1            3        0.2       0.0
    2            3        0.8       1.0
    """
    y, p = _labels_and_scores(labels, probabilities, "probabilities")
    n_bins = require_whole(bins, "bins", low=1)
    order = np.argsort(p, kind="stable")
    groups = np.empty(len(p), dtype=int)
    groups[order] = np.arange(len(p)) * n_bins // len(p) + 1
    frame = pd.DataFrame({"bin": groups, "p": p, "y": y})
    table = frame.groupby("bin").agg(customers=("y", "size"), predicted=("p", "mean"), observed=("y", "mean"))
    return table.round(4)


# -------------------------------------------------------------------------- targeting
def expected_value_saved(
    probability: Vector, value: Vector, *, save_rate: float = 0.25, contact_cost: float = 30.0
) -> np.ndarray:
    """Expected value of contacting each customer: p(lost) × save_rate × value − contact_cost.

    ``save_rate`` is the share of would-be-lost customers a retention contact keeps (from
    an experiment such as chapter 3's wake-up campaign); ``value`` what a kept customer is
    worth (e.g. their CLV).

    Parameters
    ----------
    probability : list, numpy array or pandas Series
        Churn probability of each customer, 0–1.
    value : list, numpy array or pandas Series
        Value of each customer if kept (CNY, ≥ 0).
    save_rate : float, default 0.25
        Share of would-be-lost customers a contact keeps, 0–1.
    contact_cost : float, default 30.0
        Cost of one contact (CNY, ≥ 0).

    Returns
    -------
    numpy.ndarray
        Expected value of contacting each customer (CNY).

    Examples
    --------
    >>> expected_value_saved([0.9, 0.3], [100.0, 2000.0], save_rate=0.2, contact_cost=10.0)
    array([  8., 110.])
    """
    p = to_vector(probability, "probability")
    v = to_vector(value, "value")
    if len(p) != len(v):
        raise CourseDataError(
            f"`probability` has {len(p)} values but `value` has {len(v)}; pass one per customer."
        )
    if not np.isfinite(p).all() or ((p < 0) | (p > 1)).any():
        raise CourseDataError("`probability` must hold probabilities between 0 and 1.")
    if not np.isfinite(v).all() or (v < 0).any():
        raise CourseDataError("`value` must hold finite values ≥ 0 (CNY).")
    rate = require_fraction(save_rate, "save_rate")
    cost = require_number(contact_cost, "contact_cost", low=0)
    return p * rate * v - cost


def compare_targeting(
    probability: Vector,
    value: Vector,
    lost: Vector,
    *,
    n_contacts: int,
    save_rate: float = 0.25,
    contact_cost: float = 30.0,
    seed: int | np.random.Generator = 0,
) -> pd.DataFrame:
    """Contact ``n_contacts`` customers chosen three ways and count what each choice saves.

    Rules: by churn ``probability``, by :func:`expected_value_saved`, and at random (the
    baseline). The outcome uses what really happened (``lost``): a contacted customer who
    was lost is saved with probability ``save_rate``, keeping their ``value``.

    Parameters
    ----------
    probability : list, numpy array or pandas Series
        Churn probability of each customer, 0–1.
    value : list, numpy array or pandas Series
        Value of each customer if kept (CNY, ≥ 0).
    lost : list, numpy array or pandas Series
        What really happened: True/False (or 1/0) per customer.
    n_contacts : int
        Customers each rule contacts, ≥ 1 and at most the number of customers.
    save_rate : float, default 0.25
        Share of would-be-lost customers a contact keeps, 0–1.
    contact_cost : float, default 30.0
        Cost of one contact (CNY, ≥ 0).
    seed : int or numpy.random.Generator, default 0
        Seed of the random choice.

    Returns
    -------
    pandas.DataFrame
        One row per rule (indexed by ``rule``, named in the course's language):
        ``contacted``, ``lost_reached`` (lost customers among those contacted),
        ``value_at_risk`` (their value), ``saved_value`` (× save_rate), ``cost`` and ``net``
        (saved value − cost).

    Examples
    --------
    >>> compare_targeting([0.9, 0.8, 0.3, 0.1], [100.0, 50.0, 3000.0, 40.0], [1, 1, 1, 0],
    ...                   n_contacts=1, save_rate=0.5, contact_cost=10.0)["net"].tolist()
    [40.0, 1490.0, -10.0]
    """
    from .validation import make_rng

    y = to_vector(lost, "lost", dtype=float)
    ev = expected_value_saved(probability, value, save_rate=save_rate, contact_cost=contact_cost)
    if len(y) != len(ev):
        raise CourseDataError(f"`lost` has {len(y)} values but `probability` has {len(ev)}.")
    p, v = to_vector(probability, "probability"), to_vector(value, "value")
    n = require_whole(n_contacts, "n_contacts", low=1)
    if n > len(y):
        raise CourseDataError(f"`n_contacts` ({n}) is more than the {len(y)} customers.")
    rate = require_fraction(save_rate, "save_rate")
    unit_cost = require_number(contact_cost, "contact_cost", low=0)
    rng = make_rng(seed)
    choices = {
        tr("by probability"): np.argsort(-p, kind="stable")[:n],
        tr("by expected value saved"): np.argsort(-ev, kind="stable")[:n],
        tr("at random"): rng.choice(len(y), size=n, replace=False),
    }
    rows = []
    for rule, idx in choices.items():
        at_risk = float((y[idx] * v[idx]).sum())
        saved = at_risk * rate
        cost = n * unit_cost
        rows.append(
            {
                "rule": rule,
                "contacted": n,
                "lost_reached": int(y[idx].sum()),
                "value_at_risk": at_risk,
                "saved_value": saved,
                "cost": cost,
                "net": saved - cost,
            }
        )
    return pd.DataFrame(rows).set_index("rule")


def allocate_managers(
    value: Vector,
    *,
    n_managers: int,
    accounts_per_manager: int,
    index: Sequence[Hashable] | pd.Index | None = None,
) -> pd.DataFrame:
    """Give the highest-value customers a one-to-one success manager, the rest automation.

    The material's rule for service by CLV: high-CLV customers get a customer success
    manager, low-CLV ones are reached by automation. Capacity is ``n_managers`` ×
    ``accounts_per_manager`` accounts; ties keep the given order.

    Parameters
    ----------
    value : list, numpy array or pandas Series
        Value of each customer (e.g. CLV); a Series gives its index to the result.
    n_managers, accounts_per_manager : int
        Managers, and accounts each can serve (≥ 1).
    index : sequence, optional
        Customer ids for a ``value`` that is not a Series.

    Returns
    -------
    pandas.DataFrame
        One row per customer in descending value: ``value``, ``service`` ("manager" or
        "automation"), ``manager`` (1…n, spread so each gets a similar total value; 0 for
        automation) and ``value_share_cum`` (cumulative share of total value).

    Examples
    --------
    >>> allocate_managers([50.0, 900.0, 300.0, 10.0], n_managers=1, accounts_per_manager=2,
    ...                   index=["a", "b", "c", "d"])["service"].tolist()
    ['manager', 'manager', 'automation', 'automation']
    """
    v = to_vector(value, "value")
    if not np.isfinite(v).all():
        raise CourseDataError("`value` has missing or infinite values; fill or drop them first.")
    managers = require_whole(n_managers, "n_managers", low=1)
    capacity = managers * require_whole(accounts_per_manager, "accounts_per_manager", low=1)
    if index is None:
        index = value.index if isinstance(value, pd.Series) else pd.RangeIndex(len(v))
    order = np.argsort(-v, kind="stable")
    ranked = pd.DataFrame(
        {"value": v[order]}, index=pd.Index(np.asarray(index)[order], name=getattr(index, "name", None))
    )
    served = np.arange(len(v)) < capacity
    ranked["service"] = np.where(served, "manager", "automation")
    # snake order (1..n, n..1, ...) balances the managers' portfolios
    position = np.arange(len(v))
    lap, seat = position // managers, position % managers
    ranked["manager"] = np.where(served, np.where(lap % 2 == 0, seat + 1, managers - seat), 0)
    total = v.sum()
    ranked["value_share_cum"] = (np.cumsum(v[order]) / total) if total > 0 else 0.0
    return ranked


def advisor_accounts(
    orders: pd.DataFrame,
    customers: pd.DataFrame,
    *,
    observation_end: str | pd.Timestamp,
    margin: float = 0.45,
    discount_rate: float = 0.01,
) -> pd.DataFrame:
    """Each buyer's spend already banked beside the value still to come, for service levels.

    The BG/NBD and Gamma-Gamma models of :mod:`course_lib.clv` are fitted on the orders up to
    ``observation_end`` (times in weeks), as in chapter 5.

    Parameters
    ----------
    orders : pandas.DataFrame
        ``customer_id``, ``order_date``, ``amount``.
    customers : pandas.DataFrame
        ``customer_id``, ``membership_tier``.
    observation_end : str or pandas.Timestamp
        Last day of the orders used.
    margin : float, default 0.45
        Gross margin on spend, 0–1.
    discount_rate : float, default 0.01
        Monthly discount rate of the CLV, ≥ 0.

    Returns
    -------
    pandas.DataFrame
        Indexed by ``customer_id``, one row per customer with an order: ``membership_tier``
        (from ``customers``), ``orders``, ``spend_to_date`` (CNY paid so far),
        ``days_since_last_order`` (counted from the day after ``observation_end``),
        ``p_alive`` (chance the customer still buys, BG/NBD) and ``clv_12m`` (discounted
        margin of the next 12 months, CNY).

    Examples
    --------
    >>> from course_lib import data
    >>> table = advisor_accounts(data.load_orders(), data.load_customers(),
    ...                          observation_end="2024-12-31")  # doctest: +SKIP
    >>> list(table.columns)  # doctest: +SKIP
    ['membership_tier', 'orders', 'spend_to_date', 'days_since_last_order', 'p_alive', 'clv_12m']
    """
    from . import clv

    require_frame(orders, "orders")
    require_columns(orders, ["customer_id", "order_date", "amount"], "orders")
    require_columns(customers, ["customer_id", "membership_tier"], "customers")
    end = to_timestamp(observation_end, "observation_end")
    known = orders.assign(order_date=to_datetime_column(orders, "order_date", "orders"))
    known = known[known["order_date"] <= end]
    require_non_empty(known, "orders up to observation_end")
    summary = clv.summarize(
        known, customer="customer_id", date="order_date", amount="amount", observation_end=end
    )
    value = clv.forecast_value(summary, months=12, discount_rate=discount_rate, margin=margin)
    by_customer = known.groupby("customer_id")
    table = pd.DataFrame(
        {
            "membership_tier": customers.set_index("customer_id")["membership_tier"],
            "orders": by_customer.size(),
            "spend_to_date": by_customer["amount"].sum(),
            "days_since_last_order": (end + pd.Timedelta(days=1) - by_customer["order_date"].max()).dt.days,
        }
    ).reindex(summary.index)
    table = table.astype({"orders": int, "days_since_last_order": int})
    table["p_alive"] = value["p_alive"]
    table["clv_12m"] = value["clv"]
    table.index.name = "customer_id"
    return table


# --------------------------------------------------------------------------- survival
def survival_table(
    orders: pd.DataFrame,
    *,
    as_of: str | pd.Timestamp,
    inactivity_days: int = 180,
    landmark: str | pd.Timestamp | None = None,
    customer: str = "customer_id",
    date: str = "order_date",
) -> pd.DataFrame:
    """Lifetime of each customer for survival analysis: ``duration_days`` and ``lost``.

    A customer is declared lost ``inactivity_days`` after their last order, once that day
    has passed by ``as_of``; the lifetime runs from the first order to that day. A customer
    not (yet) lost is *censored*: we only know they lasted from the first order to
    ``as_of``. Orders on or after ``as_of`` are ignored.

    With a ``landmark`` day, the clock starts there instead: only customers still active on
    the landmark (an order before it, and fewer than ``inactivity_days`` since their last
    one) are kept, and ``duration_days`` counts from the landmark. Groups measured on the
    landmark day (e.g. the tier held then) can then be compared without hindsight.

    This is survival analysis's view of churn (a lifetime that ends ``inactivity_days``
    after the last order), not the forward-looking label of :func:`churn_label`.

    Parameters
    ----------
    orders : pandas.DataFrame
        One row per order, with the ``customer`` and ``date`` columns.
    as_of : str or pandas.Timestamp
        The day of observation; later orders are ignored.
    inactivity_days : int, default 180
        Days without an order after which a customer is declared lost.
    landmark : str or pandas.Timestamp, optional
        Start the clock here, keeping only customers active on it.
    customer, date : str
        Column names of the customer id and the order date.

    Returns
    -------
    pandas.DataFrame
        Indexed by customer: ``duration_days`` and ``lost`` (False = censored).

    Examples
    --------
    >>> orders = pd.DataFrame({"customer_id": ["a", "a", "b"],
    ...     "order_date": pd.to_datetime(["2024-01-01", "2024-02-01", "2024-05-01"])})
    >>> survival_table(orders, as_of="2024-07-01", inactivity_days=90)
                 duration_days   lost
    customer_id
    a                      121   True
    b                       61  False
    """
    table = _orders_table(orders, customer, date)
    day = to_timestamp(as_of, "as_of")
    gap = require_whole(inactivity_days, "inactivity_days", low=1)
    past = table[table["day"] < day]
    if past.empty:
        raise CourseDataError(f"no order falls before `as_of` {day.date()}; choose a later day.")
    grouped = past.groupby("customer", sort=True)["day"]
    first, last = grouped.min(), grouped.max()
    if landmark is not None:
        start = to_timestamp(landmark, "landmark")
        if start >= day:
            raise CourseDataError(f"`landmark` ({start.date()}) must come before `as_of` ({day.date()}).")
        before = past[past["day"] < start].groupby("customer")["day"].max()
        active = before[before + pd.Timedelta(days=gap) > start].index
        if len(active) == 0:
            raise CourseDataError(
                f"no customer is active on the landmark {start.date()}; choose "
                "a later landmark or a longer `inactivity_days`."
            )
        first = pd.Series(start, index=active)
        last = last.reindex(active)
    declared = last + pd.Timedelta(days=gap)
    lost = declared <= day
    end = declared.where(lost, day)
    out = pd.DataFrame({"duration_days": (end - first).dt.days, "lost": lost.to_numpy()}, index=first.index)
    out.index.name = customer
    return out


def _survival_inputs(durations, lost, groups):
    d = to_vector(durations, "durations")
    e = to_vector(lost, "lost", dtype=float)
    if isinstance(groups, (str, bytes)) or np.isscalar(groups) or groups is None:
        raise TypeError(
            f"`groups` must be a list, numpy array or pandas Series; got {type(groups).__name__}."
        )
    g = np.asarray(groups, dtype=object)
    if not (len(d) == len(e) == len(g)):
        raise CourseDataError(
            f"`durations`, `lost` and `groups` have different lengths "
            f"({len(d)}, {len(e)}, {len(g)}); pass one per customer."
        )
    if not np.isfinite(d).all() or (d < 0).any():
        raise CourseDataError("`durations` must be finite and ≥ 0.")
    if not np.isin(e, (0.0, 1.0)).all():
        raise CourseDataError("`lost` must hold True/False (or 1/0).")
    if pd.isna(g).any():
        raise CourseDataError("`groups` has missing values; give every customer a group.")
    return d, e.astype(bool), g


def kaplan_meier(
    durations: Vector,
    lost: Vector,
    groups: Groups,
    *,
    order: Sequence[Hashable] | None = None,
    timeline: Vector | None = None,
) -> pd.DataFrame:
    """Kaplan-Meier survival curves per group (lifelines): share still a customer by day.

    Parameters
    ----------
    durations : list, numpy array or pandas Series
        Days each customer was observed (≥ 0), e.g. ``duration_days`` of
        :func:`survival_table`.
    lost : list, numpy array or pandas Series
        True/False (or 1/0) per customer: lost (True) or still a customer, i.e. censored
        (False), e.g. ``lost`` of :func:`survival_table`.
    groups : list, numpy array or pandas Series
        The group of each customer (e.g. a tier column); one curve per group, no gaps.
    order : sequence, optional
        Groups to show, in this order; by default all groups, sorted.
    timeline : list, numpy array or pandas Series, optional
        Days at which to read the curves; by default every 30 days to the longest duration.

    Returns
    -------
    pandas.DataFrame
        Indexed by day, one column per group, values 0–1.

    Examples
    --------
    >>> curves = kaplan_meier([10, 20, 30, 40], [1, 1, 0, 1], ["x", "x", "y", "y"],
    ...                       timeline=[0, 15, 35, 45])
    >>> curves.round(2)
           x    y
    day
    0    1.0  1.0
    15   0.5  1.0
    35   0.0  1.0
    45   0.0  0.0
    """
    from lifelines import KaplanMeierFitter

    d, e, g = _survival_inputs(durations, lost, groups)
    names = sorted(set(g.tolist()), key=str) if order is None else list(order)
    if timeline is None:
        timeline = np.arange(0, d.max() + 30, 30)
    times = to_vector(timeline, "timeline")
    curves = {}
    for name in names:
        mask = g == name
        if not mask.any():
            raise CourseDataError(f"group {name!r} in `order` has no customers.")
        fitter = KaplanMeierFitter().fit(d[mask], e[mask])
        curves[name] = fitter.survival_function_at_times(times).to_numpy()
    frame = pd.DataFrame(
        curves, index=pd.Index(times.astype(int) if np.all(times == times.astype(int)) else times, name="day")
    )
    return frame


def logrank(durations: Vector, lost: Vector, groups: Groups) -> dict[str, float]:
    """Log-rank test: do the groups' survival curves differ more than chance would make them?

    Parameters
    ----------
    durations : list, numpy array or pandas Series
        Days each customer was observed (≥ 0), as in :func:`kaplan_meier`.
    lost : list, numpy array or pandas Series
        True/False (or 1/0) per customer: lost or censored.
    groups : list, numpy array or pandas Series
        The group of each customer; two or more groups.

    Returns
    -------
    dict
        ``statistic`` (chi-squared, rounded to four decimals), ``df`` (int, groups − 1) and
        ``p_value`` (the chance of curves at least this different if the groups did not
        differ).

    Examples
    --------
    >>> result = logrank([5, 6, 7, 8, 30, 40, 50, 60], [1, 1, 1, 1, 1, 1, 0, 0], list("aaaabbbb"))
    >>> result["df"], result["p_value"] < 0.05
    (1, True)
    """
    from lifelines.statistics import multivariate_logrank_test

    d, e, g = _survival_inputs(durations, lost, groups)
    if len(set(g.tolist())) < 2:
        raise CourseDataError("`groups` has only one group; the log-rank test compares two or more.")
    with warnings.catch_warnings():
        # lifelines 0.30 calls pandas in a way pandas 3 flags as changing in pandas 4;
        # scoped to this call, so nothing global changes
        warnings.filterwarnings("ignore", message="Starting with pandas version 4.0", module="lifelines")
        test = multivariate_logrank_test(d, g, e)
    return {
        "statistic": round(float(test.test_statistic), 4),
        "df": int(test.degrees_of_freedom),
        "p_value": float(test.p_value),
    }
