"""RFM analysis and named RFM segments, plus the dormancy rule and the wake-up offer
(analytics layer).

Chapter 2 of the course ("Customer insight", ``notebooks/02_customer_insight.ipynb``) builds
these step by step:

- :func:`rfm_table` turns an order log into one row per customer: days since the last order
  (``recency_days``, 最近一次消费), number of orders (``frequency``, 消费频率) and total spend
  (``monetary``, 消费金额). :data:`RFM_SQL` and :func:`rfm_sql` compute the same table in SQL
  with DuckDB, as a CRM database would.
- :func:`rfm_scores` scores each of R, F and M from 1 to ``bins`` by quantiles (ties share a
  score); :func:`segment` names the groups with the rules in :data:`SEGMENTS` (segment
  definitions are data, shown to the trainee), :func:`segment_rules` prints them.
- :func:`dormant` (the 3-month dormancy rule), :func:`offer_results` (uptake, cost and
  reactivation of a wake-up offer against its control group) and :func:`value_score` (spend
  combined with satisfaction) are the chapter's practical pieces.

``frequency`` here counts orders; in :mod:`course_lib.clv` it counts *repeat purchase days*
(the buy-till-you-die convention). ``recency_days`` is not the CLV ``recency``.

What used to live here as well has a module of its own; its names stay importable from
here (re-exported), so ``rfm.value_tiers`` and ``rfm.gini`` keep working:

- :mod:`course_lib.tiers` — the value tiers 金钻 / 白银 / 铜 / 铁: ``TIERS``, ``TIER_ORDER``,
  ``TIER_CUTOFFS``, ``TIER_ACTIONS``, ``value_tiers``, ``tier_thresholds``, ``period_tiers``,
  ``tier_migration``;
- :mod:`course_lib.concentration` — revenue concentration: ``pareto_curve``,
  ``concentration``, ``customers_for_share``, ``gini``;
- :mod:`course_lib.rfm_checks` — the checks of an order log and of an RFM table that this
  module, the tiers and the segmentation share.

Examples
--------
>>> orders = pd.DataFrame({"customer_id": ["a", "a", "b"], "amount": [20.0, 30.0, 5.0],
...     "order_date": pd.to_datetime(["2024-01-02", "2024-01-20", "2024-01-09"])})
>>> rfm_table(orders, as_of="2024-02-01")["monetary"].tolist()
[50.0, 5.0]
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from . import tiers as _tiers
from .concentration import concentration, customers_for_share, gini, pareto_curve
from .language import N_, tr
from .rfm_checks import clean_orders, require_rfm
from .tiers import (
    TIER_CUTOFFS,
    TIER_ORDER,
    _in_language,
    period_tiers,
    tier_migration,
    tier_thresholds,
    value_tiers,
)
from .validation import (
    CourseDataError,
    require_columns,
    require_fraction,
    require_frame,
    require_non_empty,
    require_number,
    require_whole,
    to_timestamp,
)

# alphabetical; which names are re-exported, and from where, is in the module docstring above
__all__ = [
    "concentration",
    "customers_for_share",
    "dormant",
    "gini",
    "offer_results",
    "pareto_curve",
    "period_tiers",
    "rfm_scores",
    "RFM_SQL",
    "rfm_sql",
    "rfm_table",
    "segment",
    "segment_rules",
    "SEGMENTS",
    "TIER_ACTIONS",  # noqa: F822 - from __getattr__, in the course's language
    "TIER_CUTOFFS",
    "tier_migration",
    "TIER_ORDER",
    "tier_thresholds",
    "TIERS",  # noqa: F822 - from __getattr__, in the course's language
    "value_score",
    "value_tiers",
]

_DAY = np.timedelta64(1, "D")


# ----------------------------------------------------------------------------- RFM table
def rfm_table(
    orders: pd.DataFrame,
    *,
    as_of: str | pd.Timestamp | None = None,
    customer: str = "customer_id",
    date: str = "order_date",
    amount: str = "amount",
) -> pd.DataFrame:
    """One row per customer: days since the last order, number of orders, total spend.

    Parameters
    ----------
    orders : pandas.DataFrame
        One row per order with the three columns named below. Same-day orders count
        separately; zero amounts are valid.
    as_of : datetime-like, optional
        The day recency is counted to; by default the day after the last order. Orders on or
        after ``as_of`` are left out, so RFM can be taken as of a past day.
    customer, date, amount : str
        Column names in ``orders``.

    Returns
    -------
    pandas.DataFrame
        Indexed by customer (ids keep their given form), sorted by id, with ``recency_days``
        (whole days from the last order to ``as_of``), ``frequency`` (orders) and
        ``monetary`` (total of ``amount``).

    Examples
    --------
    >>> orders = pd.DataFrame({"customer_id": ["ann", "ann", "bob"], "amount": [12.5, 30.0, 8.0],
    ...     "order_date": pd.to_datetime(["2024-01-02", "2024-01-20", "2024-01-09"])})
    >>> rfm_table(orders, as_of="2024-01-31")
                 recency_days  frequency  monetary
    customer_id
    ann                    11          2      42.5
    bob                    22          1       8.0
    """
    ids, dates, values = clean_orders(orders, customer, date, amount)
    stamps = dates.to_numpy(dtype="datetime64[ns]")
    if as_of is None:
        cutoff = np.datetime64(pd.Timestamp(stamps.max()).normalize() + pd.Timedelta(days=1), "ns")
    else:
        cutoff = np.datetime64(to_timestamp(as_of, "as_of"), "ns")
        keep = stamps < cutoff
        if not keep.all():
            if not keep.any():
                raise CourseDataError(
                    f"`orders` has no order before `as_of` ({pd.Timestamp(cutoff).date()}); the "
                    f"first order is on {pd.Timestamp(stamps.min()).date()}. Choose a later `as_of`."
                )
            ids, stamps, values = ids[keep], stamps[keep], values[keep]
    codes, uniques = pd.factorize(ids, sort=True)
    n = len(uniques)
    frequency = np.bincount(codes, minlength=n)
    monetary = np.bincount(codes, weights=values.to_numpy(dtype=float), minlength=n)
    last = np.full(n, np.iinfo(np.int64).min, dtype=np.int64)
    np.maximum.at(last, codes, stamps.view(np.int64))
    recency = (cutoff - last.view("datetime64[ns]")) // _DAY
    index = pd.Index(uniques, name=customer)
    return pd.DataFrame(
        {
            "recency_days": recency.astype(np.int64),
            "frequency": frequency.astype(np.int64),
            "monetary": monetary,
        },
        index=index,
    )


RFM_SQL = """\
SELECT
    {customer} AS customer_id,
    CAST(date_diff('day', MAX(CAST({date} AS DATE)), CAST($as_of AS DATE)) AS BIGINT) AS recency_days,
    COUNT(*) AS frequency,
    SUM({amount}) AS monetary
FROM orders
WHERE {date} < CAST($as_of AS TIMESTAMP)
GROUP BY {customer}
ORDER BY {customer}"""
"""The RFM table in SQL (DuckDB dialect; the same query runs on PostgreSQL with ``$as_of``
replaced by a bound parameter). Column names in braces are filled in by :func:`rfm_sql`."""


def rfm_sql(
    orders: pd.DataFrame,
    *,
    as_of: str | pd.Timestamp,
    customer: str = "customer_id",
    date: str = "order_date",
    amount: str = "amount",
    sql: str | None = None,
) -> pd.DataFrame:
    """The RFM table computed by :data:`RFM_SQL` in DuckDB.

    Parameters
    ----------
    orders : pandas.DataFrame or str or pathlib.Path
        An order table, or the path of a CSV or Parquet file of orders.
    as_of : datetime-like
        The day recency is counted to; orders on or after it are left out.
    sql : str, optional
        Your own query over a table called ``orders`` with an ``$as_of`` parameter; by
        default :data:`RFM_SQL`.

    Returns
    -------
    pandas.DataFrame
        The same table as :func:`rfm_table` (indexed by customer).

    Examples
    --------
    >>> orders = pd.DataFrame({"customer_id": ["ann", "ann", "bob"], "amount": [12.5, 30.0, 8.0],
    ...     "order_date": pd.to_datetime(["2024-01-02", "2024-01-20", "2024-01-09"])})
    >>> rfm_sql(orders, as_of="2024-01-31")
                 recency_days  frequency  monetary
    customer_id
    ann                    11          2      42.5
    bob                    22          1       8.0
    """
    from pathlib import Path

    import duckdb

    cutoff = to_timestamp(as_of, "as_of")
    query = (sql or RFM_SQL).format(customer=customer, date=date, amount=amount)
    con = duckdb.connect()
    try:
        if isinstance(orders, (str, Path)):
            path = Path(orders)
            if not path.exists():
                raise CourseDataError(
                    f"`orders` file {path.name!r} does not exist; pass a CSV or "
                    "Parquet file of orders or a DataFrame."
                )
            if path.suffix == ".parquet":
                relation = con.read_parquet(str(path))
            else:
                relation = con.read_csv(str(path), dtype={customer: "VARCHAR"})
            relation.create_view("orders")
        else:
            require_frame(orders, "orders")
            require_columns(orders, [customer, date, amount], "orders")
            con.register("orders", orders)
        result = con.execute(query, {"as_of": cutoff.strftime("%Y-%m-%d %H:%M:%S")}).df()
    finally:
        con.close()
    if "customer_id" in result.columns:
        result["customer_id"] = result["customer_id"].astype(str)
        result = result.set_index("customer_id")
        result.index.name = customer
    for column in ("recency_days", "frequency"):
        if column in result.columns:
            result[column] = result[column].astype(np.int64)
    if "monetary" in result.columns:
        result["monetary"] = result["monetary"].astype(float)
    return result


# -------------------------------------------------------------------------------- scores
def _quantile_score(values: pd.Series, bins: int) -> np.ndarray:
    """Score 1…bins by the mid-rank percentile; ties share a score, one value gets the middle."""
    ranks = values.rank(method="average").to_numpy()
    pct = (ranks - 0.5) / len(values)
    return np.clip(np.floor(pct * bins).astype(np.int64) + 1, 1, bins)


def rfm_scores(
    rfm: pd.DataFrame, *, bins: int = 5, weights: Sequence[float] = (1.0, 1.0, 1.0)
) -> pd.DataFrame:
    """Score recency, frequency and monetary from 1 (worst) to ``bins`` (best) by quantiles.

    Each customer's percentile is taken at the middle of their rank, so tied values share a
    score, a higher value never gets a lower score, and a single customer lands in the middle.
    Recency is reversed: the fewer days since the last order, the higher ``R``.

    Parameters
    ----------
    rfm : pandas.DataFrame
        The output of :func:`rfm_table`.
    bins : int
        Number of score levels, 2 to 10 (the classic scheme uses 5).
    weights : three numbers
        Weights of R, F and M in the combined ``score`` (their weighted mean).

    Returns
    -------
    pandas.DataFrame
        ``rfm`` with ``R``, ``F``, ``M`` (ints), ``code`` (e.g. ``"545"``) and ``score``.

    Examples
    --------
    >>> rfm = pd.DataFrame({"recency_days": [5, 40, 300, 40], "frequency": [6, 2, 1, 2],
    ...                     "monetary": [900.0, 120.0, 30.0, 300.0]}, index=list("abcd"))
    >>> rfm_scores(rfm, bins=3)[["R", "F", "M", "code", "score"]]
       R  F  M code     score
    a  3  3  3  333  3.000000
    b  2  2  2  222  2.000000
    c  1  1  1  111  1.000000
    d  2  2  2  222  2.000000
    """
    require_rfm(rfm)
    bins = require_whole(bins, "bins", low=2, high=10)
    w = np.asarray(weights, dtype=float) if len(weights) == 3 else None
    if w is None or np.any(~np.isfinite(w)) or np.any(w < 0) or w.sum() <= 0:
        raise CourseDataError(
            f"`weights` must be three non-negative numbers (R, F, M) that do "
            f"not all equal 0; got {list(weights)!s}."
        )
    out = rfm.copy()
    out["R"] = _quantile_score(-rfm["recency_days"].astype(float), int(bins))
    out["F"] = _quantile_score(rfm["frequency"].astype(float), int(bins))
    out["M"] = _quantile_score(rfm["monetary"].astype(float), int(bins))
    out["code"] = (out["R"].astype(str) + out["F"].astype(str) + out["M"].astype(str)).astype(str)
    out["score"] = (w[0] * out["R"] + w[1] * out["F"] + w[2] * out["M"]) / w.sum()
    return out


# ------------------------------------------------------------------------------ segments
# Segment definitions as data. Conditions are on scores rescaled to 1–5 (so they hold for
# any number of bins); a customer gets the first segment whose every condition holds, and the
# last row catches everyone else, so each customer lands in exactly one segment. The seven
# named groups and their thresholds are course design on top of the three groups the training
# material names (重要价值, 潜力培育, 唤醒待激活).
SEGMENTS = pd.DataFrame(
    [
        # key, English, Chinese, R min, R max, F min, F max, M min, M max, priority, action, channel, cost
        (
            "important_value",
            "Important value",
            "重要价值客户",
            4,
            5,
            4,
            5,
            4,
            5,
            2,
            N_("Personal care: dedicated advisor, early access to new collections, quarterly gift"),
            "phone",
            30.0,
        ),
        (
            "loyal",
            "Loyal",
            "忠诚客户",
            3,
            5,
            4,
            5,
            1,
            5,
            5,
            N_("Member perks and invitations to members' events; ask for reviews and referrals"),
            "wechat",
            5.0,
        ),
        (
            "potential",
            "Potential cultivation",
            "潜力培育客户",
            3,
            5,
            1,
            3,
            4,
            5,
            4,
            N_("Build trust: styling guide, bundle coupon for a second category"),
            "wechat",
            8.0,
        ),
        (
            "new",
            "New",
            "新客户",
            4,
            5,
            1,
            2,
            1,
            3,
            6,
            N_("Onboarding: welcome follow-up, care tips, second-order coupon"),
            "sms",
            2.0,
        ),
        (
            "wake_up",
            "Wake-up",
            "唤醒待激活客户",
            1,
            2,
            3,
            5,
            1,
            5,
            3,
            N_("Scenario-based wake-up with a light perk: 'bring a friend, both get one free'"),
            "sms",
            6.0,
        ),
        (
            "at_risk",
            "At risk",
            "流失预警客户",
            1,
            2,
            1,
            2,
            4,
            5,
            1,
            N_("Win-back call: ask what went wrong, fix it, offer a personal incentive"),
            "phone",
            30.0,
        ),
        (
            "hibernating",
            "Hibernating",
            "沉睡客户",
            1,
            2,
            1,
            5,
            1,
            5,
            8,
            N_("Low-cost automated reminders only (new season, holidays)"),
            "sms",
            0.5,
        ),
        (
            "regular",
            "Regular",
            "一般维持客户",
            1,
            5,
            1,
            5,
            1,
            5,
            7,
            N_("Regular content and seasonal promotions; watch for movement up or down"),
            "app_push",
            0.2,
        ),
    ],
    columns=[
        "segment",
        "name_en",
        "name_zh",
        "r_min",
        "r_max",
        "f_min",
        "f_max",
        "m_min",
        "m_max",
        "priority",
        "action",
        "channel",
        "cost",
    ],
).set_index("segment")
"""The RFM segments, in the order they are tried: score ranges on a 1–5 scale, contact
priority (1 first), suggested action, channel and cost per contact in CNY (course design).
The table keeps its English ``action``; :func:`segment_rules` and
:func:`course_lib.segmentation.contact_plan` show it in the course's language."""


def _range_text(letter: str, low, high) -> str:
    if low == 1 and high == 5:
        return ""
    if low == high:
        return f"{letter} = {low}"
    if high == 5:
        return f"{letter} ≥ {low}"
    if low == 1:
        return f"{letter} ≤ {high}"
    return f"{low} ≤ {letter} ≤ {high}"


def segment_rules(segments: pd.DataFrame | None = None) -> pd.DataFrame:
    """The rule behind each segment in words, in the order the rules are tried.

    Parameters
    ----------
    segments : pandas.DataFrame, optional
        A segment table like :data:`SEGMENTS` (the default).

    Returns
    -------
    pandas.DataFrame
        Indexed by segment, with the ``rule`` in words beside the segment's columns; the
        ``rule`` and the ``action`` are in the course's language.

    Examples
    --------
    >>> segment_rules().loc[["important_value", "wake_up", "regular"], "rule"].tolist()
    ['R ≥ 4 and F ≥ 4 and M ≥ 4', 'R ≤ 2 and F ≥ 3', 'everyone else']
    >>> from course_lib.language import set_language
    >>> set_language("zh"); segment_rules().loc[["wake_up", "regular"], "rule"].tolist()
    ['R ≤ 2 且 F ≥ 3', '其余所有客户']
    >>> set_language(None)
    """
    table = SEGMENTS if segments is None else segments
    rules = []
    for _, row in table.iterrows():
        parts = [
            _range_text(letter, row[f"{key}_min"], row[f"{key}_max"])
            for letter, key in (("R", "r"), ("F", "f"), ("M", "m"))
        ]
        parts = [p for p in parts if p]
        # "and" joins the conditions of one rule: R ≥ 4 and F ≥ 4
        joiner = " " + tr("and") + " "
        rules.append(joiner.join(parts) if parts else tr("everyone else"))
    out = table[["name_en", "name_zh"]].copy()
    out["rule"] = rules
    out["action"] = table["action"]
    return _in_language(out, ["action"])


def segment(
    scores: pd.DataFrame, *, bins: int | None = None, segments: pd.DataFrame | None = None
) -> pd.Series:
    """Name each customer's RFM segment with the rules of :data:`SEGMENTS`.

    Parameters
    ----------
    scores : pandas.DataFrame
        The output of :func:`rfm_scores` (columns ``R``, ``F``, ``M``).
    bins : int, optional
        The number of score levels used; by default the largest score found (at least 2).
    segments : pandas.DataFrame, optional
        Your own rule table with the columns of :data:`SEGMENTS`.

    Returns
    -------
    pandas.Series
        The segment key per customer (an ordered categorical in the order of the rules).

    Examples
    --------
    >>> scores = pd.DataFrame({"R": [5, 1, 2, 5], "F": [5, 4, 1, 1], "M": [5, 3, 1, 2]},
    ...                       index=["a", "b", "c", "d"])
    >>> segment(scores, bins=5).tolist()
    ['important_value', 'wake_up', 'hibernating', 'new']
    """
    require_frame(scores, "scores")
    require_columns(scores, ["R", "F", "M"], "scores")
    table = SEGMENTS if segments is None else segments
    require_columns(table, ["r_min", "r_max", "f_min", "f_max", "m_min", "m_max"], "segments")
    levels = int(bins) if bins is not None else max(2, int(scores[["R", "F", "M"]].to_numpy().max()))
    if levels < 2:
        raise CourseDataError(f"`bins` must be at least 2; got {bins!s}.")
    scaled = {}
    for letter in ("R", "F", "M"):
        values = scores[letter].to_numpy(dtype=float)
        if np.any(values < 1) or np.any(values > levels):
            raise CourseDataError(
                f'`scores["{letter}"]` must lie between 1 and {levels}; found '
                f"{values.min():g} to {values.max():g}."
            )
        scaled[letter] = np.rint(1 + (values - 1) * 4 / (levels - 1))
    chosen = np.full(len(scores), -1)
    for position, (_, row) in enumerate(table.iterrows()):
        hit = (
            (scaled["R"] >= row["r_min"])
            & (scaled["R"] <= row["r_max"])
            & (scaled["F"] >= row["f_min"])
            & (scaled["F"] <= row["f_max"])
            & (scaled["M"] >= row["m_min"])
            & (scaled["M"] <= row["m_max"])
        )
        chosen[(chosen < 0) & hit] = position
    if np.any(chosen < 0):
        raise CourseDataError(
            "`segments` leaves some customers without a segment; end the table "
            "with a catch-all row (all ranges 1 to 5)."
        )
    keys = list(table.index)
    return pd.Series(
        pd.Categorical.from_codes(chosen, categories=keys, ordered=True), index=scores.index, name="segment"
    )


# ---------------------------------------------------------------- dormancy and wake-up
def dormant(rfm: pd.DataFrame, *, days: int = 90) -> pd.Index:
    """Customers with no order in the last ``days`` days (the 3-month dormancy rule).

    Parameters
    ----------
    rfm : pandas.DataFrame
        An RFM table with ``recency_days`` (:func:`rfm_table`).
    days : int
        The dormancy threshold in days (≥ 1); more than ``days`` days without an order is dormant.

    Returns
    -------
    pandas.Index
        The dormant customers' ids.

    Examples
    --------
    >>> rfm = pd.DataFrame({"recency_days": [12, 90, 91, 400]}, index=list("abcd"))
    >>> dormant(rfm).tolist()
    ['c', 'd']
    """
    require_rfm(rfm, columns=("recency_days",))
    days = require_whole(days, "days", low=1)
    return rfm.index[rfm["recency_days"].to_numpy() > days]


def offer_results(
    campaigns: pd.DataFrame,
    *,
    contact_cost: float,
    offer_cost: float,
    group: str = "group",
    responded: str = "responded",
    converted: str = "converted",
    opted_out: str = "opted_out",
) -> pd.DataFrame:
    """Uptake, reactivation, opt-outs and cost of an offer, treatment against control.

    Parameters
    ----------
    campaigns : pandas.DataFrame
        One row per contact of one campaign, with a ``group`` column holding ``treatment``
        and ``control`` (the control group gets no offer) and boolean outcome columns.
    contact_cost : float
        Cost of one contact in CNY (message, call).
    offer_cost : float
        Cost of the offer per converted treatment customer (e.g. the free item).

    Returns
    -------
    pandas.DataFrame
        One row per group with ``contacts``, ``uptake`` (responded), ``reactivation``
        (converted), ``opt_out`` and ``cost``; then a row ``uplift`` (treatment − control)
        whose ``cost`` is the cost per extra reactivated customer.

    Examples
    --------
    >>> c = pd.DataFrame({"group": ["treatment"] * 4 + ["control"] * 4,
    ...     "responded": [True, True, False, False] + [False] * 4,
    ...     "converted": [True, True, False, False] + [True, False, False, False],
    ...     "opted_out": [False, False, True, False] + [False] * 4})
    >>> offer_results(c, contact_cost=1.0, offer_cost=10.0)
               contacts  uptake  reactivation  opt_out  cost
    group
    treatment         4     0.5          0.50     0.25  24.0
    control           4     0.0          0.25     0.00   0.0
    uplift            4     0.5          0.25     0.25  24.0
    """
    require_frame(campaigns, "campaigns")
    require_columns(campaigns, [group, responded, converted, opted_out], "campaigns")
    require_non_empty(campaigns, "campaigns")
    for cost, arg in ((contact_cost, "contact_cost"), (offer_cost, "offer_cost")):
        require_number(cost, arg, low=0)  # CNY
    found = set(campaigns[group].astype(str))
    if not {"treatment", "control"} <= found:
        raise CourseDataError(
            f"`campaigns[\"{group}\"]` must hold both 'treatment' and 'control'; "
            f"found {sorted(found)}. Select one campaign with a control group."
        )
    frame = pd.DataFrame(
        {
            "group": campaigns[group].astype(str).to_numpy(),
            "uptake": campaigns[responded].astype(bool).to_numpy(),
            "reactivation": campaigns[converted].astype(bool).to_numpy(),
            "opt_out": campaigns[opted_out].astype(bool).to_numpy(),
        }
    )
    frame = frame[frame["group"].isin(["treatment", "control"])]
    table = frame.groupby("group")[["uptake", "reactivation", "opt_out"]].mean()
    table.insert(0, "contacts", frame.groupby("group").size().astype(np.int64))
    table = table.loc[["treatment", "control"]]
    treated = table.loc["treatment"]
    cost = treated["contacts"] * (contact_cost + treated["reactivation"] * offer_cost)
    table["cost"] = [float(cost), 0.0]
    lift = (
        table.loc["treatment", ["uptake", "reactivation", "opt_out"]]
        - table.loc["control", ["uptake", "reactivation", "opt_out"]]
    )
    extra = lift["reactivation"] * treated["contacts"]
    per_extra = float(cost / extra) if extra > 0 else float("nan")
    table.loc["uplift"] = [
        treated["contacts"],
        lift["uptake"],
        lift["reactivation"],
        lift["opt_out"],
        per_extra,
    ]
    table["contacts"] = table["contacts"].astype(np.int64)
    table.index.name = "group"
    return table


def value_score(
    rfm: pd.DataFrame, satisfaction: pd.Series, *, weight: float = 0.3, by: str = "monetary"
) -> pd.DataFrame:
    """A 0–100 customer-value score that combines spend with satisfaction.

    ``spend_score`` is the customer's percentile of ``by`` among buyers (0–100);
    ``satisfaction_score`` their satisfaction on a 0–100 scale (customers without a survey
    get the median of those with one, flagged in ``surveyed``). The value score is
    ``(1 − weight) × spend_score + weight × satisfaction_score`` (course design: the training
    material says value is judged on financial figures *and* satisfaction).

    Parameters
    ----------
    rfm : pandas.DataFrame
        An RFM table indexed by customer (:func:`rfm_table`).
    satisfaction : pandas.Series
        Satisfaction (0–100) by customer; customers may be missing.
    weight : float
        Weight of satisfaction, from 0 to 1.
    by : str
        The spend column of ``rfm``.

    Returns
    -------
    pandas.DataFrame
        ``spend_score``, ``satisfaction_score``, ``surveyed`` and ``value_score`` per customer.

    Examples
    --------
    >>> rfm = pd.DataFrame({"monetary": [100.0, 400.0, 900.0]}, index=list("abc"))
    >>> value_score(rfm, pd.Series({"a": 90.0, "c": 40.0}), weight=0.5)
       spend_score  satisfaction_score  surveyed  value_score
    a         0.00                90.0      True        45.00
    b        50.00                65.0     False        57.50
    c       100.00                40.0      True        70.00
    """
    require_rfm(rfm, columns=(by,))
    if not isinstance(satisfaction, pd.Series):
        raise TypeError(
            f"`satisfaction` must be a pandas Series indexed by customer; got {type(satisfaction).__name__}."
        )
    weight = require_fraction(weight, "weight")
    sat = pd.to_numeric(satisfaction, errors="coerce").dropna()
    if sat.empty:
        raise CourseDataError("`satisfaction` has no numeric value; expected scores from 0 to 100.")
    if (sat < 0).any() or (sat > 100).any():
        raise CourseDataError(
            f"`satisfaction` must lie between 0 and 100; found {sat.min():g} to "
            f"{sat.max():g}. Rescale it first (e.g. a 1–5 CSAT × 20)."
        )
    spend = rfm[by].astype(float)
    if len(spend) > 1:
        spend_score = (spend.rank(method="average") - 1) / (len(spend) - 1) * 100
    else:
        spend_score = pd.Series(50.0, index=spend.index)
    aligned = sat.reindex(rfm.index)
    out = pd.DataFrame(
        {
            "spend_score": spend_score,
            "satisfaction_score": aligned.fillna(float(sat.median())),
            "surveyed": aligned.notna(),
        },
        index=rfm.index,
    )
    out["value_score"] = (1 - weight) * out["spend_score"] + weight * out["satisfaction_score"]
    return out


# ------------------------------------------------------------------------ re-exports
def __getattr__(name: str):
    """:data:`course_lib.tiers.TIERS` and :data:`~course_lib.tiers.TIER_ACTIONS`, re-exported
    in the course's language (``rfm.TIERS`` is ``tiers.TIERS``).

    Examples
    --------
    >>> from course_lib import rfm, tiers
    >>> rfm.TIERS is tiers.TIERS
    True
    """
    if name in ("TIERS", "TIER_ACTIONS"):
        return getattr(_tiers, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
