"""Customer segmentation with k-means, segment profiles and the segmentation lab (analytics layer).

- :func:`make_pipeline` is the scikit-learn pipeline: log transform (spend and counts are
  skewed), standard scaling, k-means with ``random_state=seed``.
- :func:`cluster` labels customers, numbering clusters by mean spend (0 = highest) so the
  numbers mean the same thing on every run; :func:`choose_k` tabulates the elbow (inertia)
  and the silhouette for several k.
- :func:`churn_next_period` and :func:`profile` describe segments: size, revenue share, mean
  R/F/M and the share who bought nothing in the following period.
- :func:`compare` sets rule-based RFM segments against k-means clusters.
- :class:`LabSettings`, :func:`lab_state` and :func:`contact_plan` are the pure computations
  behind the interactive lab in :mod:`course_lib.widgets.segmentation`.

scikit-learn loads inside the functions that need it, so importing this module is cheap.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from . import rfm as _rfm
from . import tiers as _tiers
from .rfm_checks import require_rfm
from .validation import (
    CourseDataError,
    require_columns,
    require_frame,
    require_no_missing,
    require_non_empty,
    require_number,
    require_numeric,
    require_whole,
    seed_int,
    to_timestamp,
)

if TYPE_CHECKING:
    from sklearn.pipeline import Pipeline

__all__ = [
    "FEATURES",
    "make_pipeline",
    "cluster",
    "choose_k",
    "churn_next_period",
    "profile",
    "compare",
    "LabSettings",
    "LabState",
    "lab_state",
    "contact_plan",
]

FEATURES = ("recency_days", "frequency", "monetary")


def _require_features(rfm, features) -> list[str]:
    require_frame(rfm, "rfm")
    if isinstance(features, str):
        features = [features]
    features = list(features)
    if not features:
        raise CourseDataError(
            "`features` is empty; choose at least one column, e.g. ['frequency', 'monetary']."
        )
    require_columns(rfm, features, "rfm")
    require_non_empty(rfm, "rfm")
    for column in features:
        require_no_missing(rfm, column, "rfm")
        values = require_numeric(rfm, column, "rfm")
        if (values < 0).any():
            raise CourseDataError(
                f'`rfm["{column}"]` has negative values; the log transform expects values ≥ 0.'
            )
    return features


def _check_k(k, n) -> int:
    """``k`` as an int: a whole number ≥ 2 (the validation policy) and at most ``n`` customers."""
    k = require_whole(k, "k", low=2)
    if k > n:
        raise CourseDataError(f"`k` ({k}) is larger than the number of customers ({n}).")
    return k


def make_pipeline(
    *, k: int = 4, seed: int | np.random.Generator = 0, log: bool = True, n_init: int = 4
) -> Pipeline:
    """The clustering pipeline: ``log1p`` → ``StandardScaler`` → ``KMeans(random_state=seed)``.

    Examples
    --------
    >>> make_pipeline(k=3, seed=7).named_steps["kmeans"].random_state
    7
    """
    from sklearn.cluster import KMeans
    from sklearn.pipeline import Pipeline
    from sklearn.preprocessing import FunctionTransformer, StandardScaler

    k = _check_k(k, k)
    steps = []
    if log:
        steps.append(("log", FunctionTransformer(np.log1p, feature_names_out="one-to-one")))
    steps += [
        ("scale", StandardScaler()),
        ("kmeans", KMeans(n_clusters=int(k), n_init=n_init, random_state=seed_int(seed))),
    ]
    return Pipeline(steps)


def cluster(
    rfm: pd.DataFrame,
    *,
    k: int = 4,
    features: Sequence[str] = FEATURES,
    seed: int | np.random.Generator = 0,
    log: bool = True,
) -> pd.Series:
    """K-means cluster per customer, numbered by mean ``monetary`` (0 = highest spend).

    Parameters
    ----------
    rfm : pandas.DataFrame
        :func:`course_lib.rfm.rfm_table` output (or any table with the ``features``).
    k : int
        Number of clusters (≥ 2, at most the number of customers).
    features : sequence of str
        Columns to cluster on (values ≥ 0).
    seed : int or numpy.random.Generator
        The course's seed rule (:func:`course_lib.validation.seed_int`).
    log : bool
        Take ``log1p`` of the features before scaling (spend is skewed).

    Returns
    -------
    pandas.Series
        ``cluster`` per customer, 0 for the cluster with the highest mean spend.

    Examples
    --------
    >>> rfm = pd.DataFrame({"recency_days": [3, 5, 200, 210, 4, 190],
    ...     "frequency": [9, 8, 1, 1, 10, 2], "monetary": [3000.0, 2500, 90, 60, 2800, 120]},
    ...     index=list("abcdef"))
    >>> cluster(rfm, k=2, seed=0).tolist()
    [0, 0, 1, 1, 0, 1]
    """
    features = _require_features(rfm, features)
    k = _check_k(k, len(rfm))
    X = rfm[features].to_numpy(dtype=float)
    labels = make_pipeline(k=k, seed=seed, log=log).fit_predict(X)
    value = rfm["monetary"].to_numpy(dtype=float) if "monetary" in rfm.columns else X[:, 0]
    means = pd.Series(value).groupby(labels).mean()
    order = means.sort_values(ascending=False, kind="stable").index
    relabel = np.empty(int(labels.max()) + 1, dtype=np.int64)
    relabel[np.asarray(order)] = np.arange(len(order))
    return pd.Series(relabel[labels], index=rfm.index, name="cluster")


def choose_k(
    rfm: pd.DataFrame,
    *,
    ks: Sequence[int] = range(2, 9),
    features: Sequence[str] = FEATURES,
    seed: int | np.random.Generator = 0,
    sample: int = 2000,
) -> pd.DataFrame:
    """Inertia (for the elbow) and silhouette for each k.

    The silhouette is computed on a random ``sample`` of customers (seeded) to stay fast.

    Parameters
    ----------
    rfm : pandas.DataFrame
        As in :func:`cluster`.
    ks : sequence of int
        The numbers of clusters to try.
    features : sequence of str
        Columns to cluster on.
    seed : int or numpy.random.Generator
        The course's seed rule, for k-means and the silhouette sample.
    sample : int
        Customers in the silhouette sample.

    Returns
    -------
    pandas.DataFrame
        Indexed by ``k``: ``inertia`` and ``silhouette``.

    Examples
    --------
    >>> rng = np.random.default_rng(0)
    >>> rfm = pd.DataFrame({"recency_days": rng.integers(1, 700, 60),
    ...     "frequency": rng.integers(1, 12, 60), "monetary": rng.gamma(2, 300, 60)})
    >>> choose_k(rfm, ks=[2, 3]).columns.tolist()
    ['inertia', 'silhouette']
    """
    from sklearn.metrics import silhouette_score

    features = _require_features(rfm, features)
    ks = [_check_k(k, len(rfm)) for k in ks]
    X = rfm[features].to_numpy(dtype=float)
    rows = []
    for k in ks:
        pipe = make_pipeline(k=k, seed=seed)
        labels = pipe.fit_predict(X)
        Z = pipe[:-1].transform(X)
        size = min(sample, len(X))
        score = silhouette_score(Z, labels, sample_size=size, random_state=seed_int(seed))
        rows.append((k, float(pipe.named_steps["kmeans"].inertia_), float(score)))
    return pd.DataFrame(rows, columns=["k", "inertia", "silhouette"]).set_index("k")


def churn_next_period(
    orders: pd.DataFrame,
    *,
    as_of: str | pd.Timestamp,
    days: int = 180,
    customer: str = "customer_id",
    date: str = "order_date",
) -> pd.Series:
    """For every customer who ordered before ``as_of``: True if they placed no order in the
    ``days`` days from ``as_of`` on (churned in the following period).

    Parameters
    ----------
    orders : pandas.DataFrame
        One row per order.
    as_of : str or Timestamp
        The first day of the following period.
    days : int
        Length of the following period in days (≥ 1).
    customer, date : str
        Column names in ``orders``.

    Returns
    -------
    pandas.Series of bool
        ``churned`` per customer who ordered before ``as_of``.

    Examples
    --------
    >>> orders = pd.DataFrame({"customer_id": ["a", "a", "b", "c"],
    ...     "order_date": pd.to_datetime(["2024-01-05", "2024-08-01", "2024-02-01", "2024-09-01"])})
    >>> churn_next_period(orders, as_of="2024-07-01", days=90)
    customer_id
    a    False
    b     True
    Name: churned, dtype: bool
    """
    require_frame(orders, "orders")
    require_columns(orders, [customer, date], "orders")
    require_non_empty(orders, "orders")
    from .validation import to_datetime_column

    start = to_timestamp(as_of, "as_of")
    days = require_whole(days, "days", low=1)
    dates = to_datetime_column(orders, date, "orders")
    ids = orders[customer]
    before = pd.Index(pd.unique(ids[(dates < start).to_numpy()])).sort_values()
    if len(before) == 0:
        raise CourseDataError(f"`orders` has no order before `as_of` ({start.date()}).")
    window = ((dates >= start) & (dates < start + pd.Timedelta(days=int(days)))).to_numpy()
    came_back = set(ids[window])
    churned = pd.Series([c not in came_back for c in before], index=before, name="churned", dtype=bool)
    churned.index.name = customer
    return churned


def profile(rfm: pd.DataFrame, labels: pd.Series, *, churned: pd.Series | None = None) -> pd.DataFrame:
    """Segment profile: size, share of customers, revenue share, mean R/F/M, churn rate.

    Parameters
    ----------
    rfm : pandas.DataFrame
        :func:`course_lib.rfm.rfm_table` output.
    labels : pandas.Series
        Segment or cluster per customer (same index as ``rfm``).
    churned : pandas.Series of bool, optional
        :func:`churn_next_period`; adds ``churn_rate`` per segment.

    Returns
    -------
    pandas.DataFrame
        One row per segment: ``customers``, ``share``, ``revenue_share``, mean
        ``recency_days``, ``frequency`` and ``monetary`` (and ``churn_rate``).

    Examples
    --------
    >>> rfm = pd.DataFrame({"recency_days": [3, 300, 10], "frequency": [5, 1, 3],
    ...     "monetary": [600.0, 50.0, 350.0]}, index=list("abc"))
    >>> profile(rfm, pd.Series(["top", "low", "top"], index=list("abc")))
             customers  share  revenue_share  recency_days  frequency  monetary
    segment
    low              1  0.333          0.050         300.0        1.0      50.0
    top              2  0.667          0.950           6.5        4.0     475.0
    """
    require_rfm(rfm)
    if not isinstance(labels, pd.Series):
        raise TypeError(f"`labels` must be a pandas Series indexed by customer; got {type(labels).__name__}.")
    missing = rfm.index.difference(labels.index)
    if len(missing):
        raise CourseDataError(
            f"`labels` lacks {len(missing)} customer(s) of `rfm`, first {missing[0]!s}; label every customer."
        )
    group = labels.reindex(rfm.index)
    if isinstance(group.dtype, pd.CategoricalDtype):
        group = group.cat.remove_unused_categories()
    frame = rfm[list(FEATURES)].astype(float)
    frame["segment"] = group
    grouped = frame.groupby("segment", observed=True, sort=True)
    out = pd.DataFrame({"customers": grouped.size().astype(np.int64)})
    out["share"] = (out["customers"] / len(frame)).round(3)
    out["revenue_share"] = (grouped["monetary"].sum() / frame["monetary"].sum()).round(3)
    means = grouped[list(FEATURES)].mean().round(1)
    out = out.join(means)
    if churned is not None:
        flags = churned.reindex(rfm.index)
        if flags.isna().any():
            raise CourseDataError(
                f"`churned` lacks {int(flags.isna().sum())} customer(s) of `rfm`; "
                "compute it for the same customers (the same as_of)."
            )
        out["churn_rate"] = flags.astype(float).groupby(group, observed=True).mean().round(3)
    out.index.name = "segment"
    return out


def compare(segments: pd.Series, clusters: pd.Series) -> tuple[pd.DataFrame, float]:
    """Cross-table of rule-based segments (rows) against clusters (columns), and the
    adjusted Rand index (1 = the same grouping, about 0 = unrelated).

    Parameters
    ----------
    segments, clusters : pandas.Series
        Two labels per customer; only customers in both are compared.

    Returns
    -------
    tuple of (pandas.DataFrame, float)
        The cross-table of customer counts and the adjusted Rand index.

    Examples
    --------
    >>> s = pd.Series(["a", "a", "b", "b"]); c = pd.Series([0, 0, 1, 1])
    >>> table, ari = compare(s, c)
    >>> ari
    1.0
    """
    from sklearn.metrics import adjusted_rand_score

    for arg, values in (("segments", segments), ("clusters", clusters)):
        if not isinstance(values, pd.Series):
            raise TypeError(f"`{arg}` must be a pandas Series; got {type(values).__name__}.")
    common = segments.index.intersection(clusters.index)
    if len(common) == 0:
        raise CourseDataError("`segments` and `clusters` share no customer.")
    a, b = segments.loc[common], clusters.loc[common]
    table = pd.crosstab(a, b)
    table.index.name, table.columns.name = "segment", "cluster"
    return table, float(round(adjusted_rand_score(a.astype(str), b.astype(str)), 6))


# ----------------------------------------------------------------------------------- lab
@dataclass(frozen=True)
class LabSettings:
    """What a trainee can change in the segmentation lab.

    ``bins`` score levels and ``weights`` (R, F, M) of the combined score; ``cutoffs`` of the
    value tiers (cumulative top shares of buyers); clustering ``features`` and ``k``;
    ``contacts``, the length of the "whom to contact first" list.
    """

    bins: int = 5
    weights: tuple[float, float, float] = (1.0, 1.0, 1.0)
    cutoffs: tuple[float, float, float] = _tiers.TIER_CUTOFFS
    features: tuple[str, ...] = FEATURES
    k: int = 4
    contacts: int = 10
    seed: int = 0


@dataclass
class LabState:
    """Every table the lab shows, for one :class:`LabSettings`."""

    settings: LabSettings
    scored: pd.DataFrame = field(repr=False)
    segments: pd.DataFrame
    tiers: pd.DataFrame
    clusters: pd.DataFrame
    crosstab: pd.DataFrame
    contact_first: pd.DataFrame


def _summary(labels: pd.Series, monetary: pd.Series, names: pd.DataFrame | None = None) -> pd.DataFrame:
    """Customers, share and revenue share per category of ``labels`` (a categorical), in
    category order; counted with ``bincount`` because the lab recomputes it on every move."""
    codes = labels.cat.codes.to_numpy()
    n = len(labels.cat.categories)
    counts = np.bincount(codes, minlength=n).astype(np.int64)
    revenue = np.bincount(codes, weights=monetary.to_numpy(dtype=float), minlength=n)
    index = pd.CategoricalIndex(
        labels.cat.categories, categories=labels.cat.categories, ordered=labels.cat.ordered, name=labels.name
    )
    out = pd.DataFrame(
        {
            "customers": counts,
            "share": (counts / counts.sum()).round(3),
            "revenue_share": (revenue / monetary.sum()).round(3),
        },
        index=index,
    )
    if names is not None:
        out.insert(0, "name_zh", names.reindex(out.index)["name_zh"])
    return out


def lab_state(rfm, settings: LabSettings | None = None, *, segments: pd.DataFrame | None = None) -> LabState:
    """All tables of the segmentation lab for one set of settings (pure; no drawing).

    Returns a :class:`LabState` with the scored customers, segment and tier sizes with
    revenue shares, the k-means cluster profile, segments × clusters, and the customers to
    contact first with the suggested action.

    Examples
    --------
    >>> rng = np.random.default_rng(1)
    >>> rfm = pd.DataFrame({"recency_days": rng.integers(1, 700, 200),
    ...     "frequency": rng.integers(1, 12, 200), "monetary": rng.gamma(2, 300, 200).round(2)},
    ...     index=[f"C{i:03d}" for i in range(200)])
    >>> state = lab_state(rfm, LabSettings(k=3, contacts=5))
    >>> int(state.segments["customers"].sum()), len(state.clusters), len(state.contact_first)
    (200, 3, 5)
    """
    settings = settings or LabSettings()
    if not isinstance(settings, LabSettings):
        raise TypeError(f"`settings` must be a LabSettings; got {type(settings).__name__}.")
    table = _rfm.SEGMENTS if segments is None else segments
    scored = _rfm.rfm_scores(rfm, bins=settings.bins, weights=settings.weights)
    scored["segment"] = _rfm.segment(scored, bins=settings.bins, segments=table)
    scored["tier"] = _tiers.value_tiers(rfm, cutoffs=settings.cutoffs)
    scored["cluster"] = cluster(rfm, k=settings.k, features=settings.features, seed=settings.seed)
    monetary = scored["monetary"]
    seg = _summary(scored["segment"], monetary, table)
    seg["priority"] = table["priority"].reindex(seg.index).astype(np.int64)
    tiers = _summary(scored["tier"], monetary, _tiers.TIERS)
    clusters = profile(rfm, scored["cluster"])
    crosstab = _crosstab(scored["segment"], scored["cluster"], settings.k)
    plan = contact_plan(scored, segments=table)
    return LabState(settings, scored, seg, tiers, clusters, crosstab, plan.head(int(settings.contacts)))


def _crosstab(segments: pd.Series, clusters: pd.Series, k: int) -> pd.DataFrame:
    """Customers per segment (rows, empty segments dropped) and cluster 0…k−1 (columns)."""
    n_seg = len(segments.cat.categories)
    cells = segments.cat.codes.to_numpy() * k + clusters.to_numpy(dtype=np.int64)
    counts = np.bincount(cells, minlength=n_seg * k).reshape(n_seg, k)
    index = pd.CategoricalIndex(
        segments.cat.categories,
        categories=segments.cat.categories,
        ordered=segments.cat.ordered,
        name="segment",
    )
    table = pd.DataFrame(
        counts.astype(np.int64), index=index, columns=pd.Index(np.arange(k, dtype=np.int64), name="cluster")
    )
    return table.loc[counts.sum(axis=1) > 0]


def contact_plan(
    scored: pd.DataFrame,
    *,
    budget: float | None = None,
    segments: pd.DataFrame | None = None,
    skip: Sequence[str] = ("hibernating", "regular"),
) -> pd.DataFrame:
    """Whom to contact first: customers ordered by segment priority, then by combined score
    and spend, with the suggested action, channel and cost; cut at ``budget`` (CNY).

    Parameters
    ----------
    scored : pandas.DataFrame
        :func:`course_lib.rfm.rfm_scores` output with a ``segment`` column.
    budget : float, optional
        Keep customers in order while the running cost stays within the budget.
    segments : pandas.DataFrame, optional
        The segment table with priorities and actions (default :data:`course_lib.rfm.SEGMENTS`).
    skip : segments
        Segments left out of personal contact (served by automated messages).

    Returns
    -------
    pandas.DataFrame
        One row per customer to contact, in order: ``segment``, suggested ``action`` (in the
        course's language), ``channel``, ``cost`` and ``cumulative_cost``.

    Examples
    --------
    >>> scored = pd.DataFrame({"segment": ["regular", "at_risk", "important_value"],
    ...     "score": [2.0, 3.0, 5.0], "monetary": [100.0, 2000.0, 5000.0],
    ...     "recency_days": [40, 300, 5]}, index=["a", "b", "c"])
    >>> contact_plan(scored, budget=40)[["segment", "channel", "cost"]]
                 segment channel  cost
    customer_id
    b            at_risk   phone  30.0
    """
    require_frame(scored, "scored")
    require_columns(scored, ["segment", "score", "monetary"], "scored")
    table = _rfm.SEGMENTS if segments is None else segments
    unknown = sorted(set(scored["segment"].astype(str)) - set(table.index))
    if unknown:
        raise CourseDataError(
            f'`scored["segment"]` holds unknown segment(s) {unknown}; '
            f"expected keys of SEGMENTS such as {list(table.index)[:3]}."
        )
    if budget is not None:
        budget = require_number(budget, "budget", low=0)
    seg = scored["segment"].astype(str)
    keep = ~seg.isin(list(skip))
    frame = scored.loc[keep.to_numpy()].copy()
    frame["segment"] = seg[keep].to_numpy()
    info = table.loc[frame["segment"], ["name_zh", "priority", "action", "channel", "cost"]]
    for column in info.columns:
        frame[column] = info[column].to_numpy()
    frame["_id"] = frame.index.astype(str)
    frame = frame.sort_values(
        ["priority", "score", "monetary", "_id"], ascending=[True, False, False, True], kind="stable"
    )
    frame["cumulative_cost"] = frame["cost"].cumsum()
    if budget is not None:
        frame = frame[frame["cumulative_cost"] <= float(budget) + 1e-9]
    columns = [
        c
        for c in (
            "segment",
            "name_zh",
            "recency_days",
            "frequency",
            "monetary",
            "score",
            "action",
            "channel",
            "cost",
            "cumulative_cost",
        )
        if c in frame.columns
    ]
    out = frame[columns]
    out.index.name = scored.index.name or "customer_id"
    return _tiers._in_language(out, ["action"])
