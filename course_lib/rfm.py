"""RFM analysis, named RFM segments, value tiers and revenue concentration (analytics layer).

Chapter 2 of the course builds these step by step:

- :func:`rfm_table` turns an order log into one row per customer: days since the last order
  (``recency_days``, 最近一次消费), number of orders (``frequency``, 消费频率) and total spend
  (``monetary``, 消费金额). :data:`RFM_SQL` and :func:`rfm_sql` compute the same table in SQL
  with DuckDB, as a CRM database would.
- :func:`rfm_scores` scores each of R, F and M from 1 to ``bins`` by quantiles (ties share a
  score); :func:`segment` names the groups with the rules in :data:`SEGMENTS` (segment
  definitions are data, shown to the trainee).
- :func:`value_tiers` places customers in the four tiers 金钻 / 白银 / 铜 / 铁 described in
  :data:`TIERS` with the course's one set of thresholds :data:`TIER_CUTOFFS`;
  :func:`tier_thresholds` turns those shares into amounts of spend, :func:`period_tiers` places
  customers by one period's spend and :func:`tier_migration` follows them from one period to
  the next, keeping customers who joined later apart as acquisitions.
- :func:`concentration`, :func:`pareto_curve` and :func:`gini` measure how much of the revenue
  the best customers bring.
- :func:`dormant` (the 3-month dormancy rule), :func:`offer_results` (uptake, cost and
  reactivation of a wake-up offer against its control group) and :func:`value_score` (spend
  combined with satisfaction) are the chapter's practical pieces.

``frequency`` here counts orders; in :mod:`course_lib.clv` it counts *repeat purchase days*
(the buy-till-you-die convention). ``recency_days`` is not the CLV ``recency``.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from .validation import (
    CourseDataError,
    require_columns,
    require_fraction,
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
    "rfm_table",
    "RFM_SQL",
    "rfm_sql",
    "rfm_scores",
    "SEGMENTS",
    "segment",
    "segment_rules",
    "TIERS",
    "TIER_ORDER",
    "TIER_CUTOFFS",
    "TIER_ACTIONS",
    "value_tiers",
    "tier_thresholds",
    "period_tiers",
    "tier_migration",
    "concentration",
    "customers_for_share",
    "pareto_curve",
    "gini",
    "dormant",
    "offer_results",
    "value_score",
]

_DAY = np.timedelta64(1, "D")


# ----------------------------------------------------------------------------- RFM table
def _clean_orders(orders, customer: str, date: str, amount: str):
    require_frame(orders, "orders")
    require_columns(orders, [customer, date, amount], "orders")
    require_non_empty(orders, "orders")
    require_no_missing(orders, customer, "orders")
    require_no_missing(orders, date, "orders")
    dates = to_datetime_column(orders, date, "orders")
    values = require_numeric(orders, amount, "orders")
    require_no_missing(pd.DataFrame({amount: values}), amount, "orders")
    require_non_negative(values, amount, "orders")
    return orders[customer], dates, values


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
    ids, dates, values = _clean_orders(orders, customer, date, amount)
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
def _require_rfm(rfm, arg="rfm", columns=("recency_days", "frequency", "monetary")):
    require_frame(rfm, arg)
    require_columns(rfm, list(columns), arg)
    require_non_empty(rfm, arg)
    for column in columns:
        require_no_missing(rfm, column, arg)
        require_numeric(rfm, column, arg)


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
    _require_rfm(rfm)
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
            "Personal care: dedicated advisor, early access to new collections, quarterly gift",
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
            "Member perks and invitations to members' events; ask for reviews and referrals",
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
            "Build trust: styling guide, bundle coupon for a second category",
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
            "Onboarding: welcome follow-up, care tips, second-order coupon",
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
            "Scenario-based wake-up with a light perk: 'bring a friend, both get one free'",
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
            "Win-back call: ask what went wrong, fix it, offer a personal incentive",
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
            "Low-cost automated reminders only (new season, holidays)",
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
            "Regular content and seasonal promotions; watch for movement up or down",
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
priority (1 first), suggested action, channel and cost per contact in CNY (course design)."""


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
        Indexed by segment, with the ``rule`` in words beside the segment's columns.

    Examples
    --------
    >>> segment_rules().loc[["important_value", "wake_up", "regular"], "rule"].tolist()
    ['R ≥ 4 and F ≥ 4 and M ≥ 4', 'R ≤ 2 and F ≥ 3', 'everyone else']
    """
    table = SEGMENTS if segments is None else segments
    rules = []
    for _, row in table.iterrows():
        parts = [
            _range_text(letter, row[f"{key}_min"], row[f"{key}_max"])
            for letter, key in (("R", "r"), ("F", "f"), ("M", "m"))
        ]
        parts = [p for p in parts if p]
        rules.append(" and ".join(parts) if parts else "everyone else")
    out = table[["name_en", "name_zh"]].copy()
    out["rule"] = rules
    out["action"] = table["action"]
    return out


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


# --------------------------------------------------------------------------------- tiers
TIER_ORDER = ["diamond", "silver", "bronze", "iron"]

TIERS = pd.DataFrame(
    [
        (
            "diamond",
            "Diamond",
            "金钻",
            "Highest value and loyalty; most of the revenue and profit",
            "Personal butler or advisor, customised products, VIP programme, gifts; invite them to "
            "shape new products and services",
        ),
        (
            "silver",
            "Silver",
            "白银",
            "Mid value; stable frequency and spend; can grow into Diamond",
            "Frequent interaction, value-added services, invitations to higher-value activities",
        ),
        (
            "bronze",
            "Bronze",
            "铜",
            "Low frequency and spend; ordinary loyalty",
            "Low-cost promotions, trials and personalised offers to move them up",
        ),
        (
            "iron",
            "Iron",
            "铁",
            "No purchase yet, or the lowest value",
            "Awaken demand: product introductions and regular, light contact",
        ),
    ],
    columns=["tier", "name_en", "name_zh", "who", "strategy"],
).set_index("tier")
"""The four value tiers (客户群体划分) and the classification outline's strategy for each."""

TIER_ACTIONS = pd.DataFrame(
    [
        ("awaken", "Product introductions and regular, light contact (content, new-season news)", 2.0),
        ("deep_discount", "A 30 % discount on every order for the whole year", 0.0),
        (
            "grow_interaction",
            "Frequent interaction, value-added services, invitations to higher-value events",
            20.0,
        ),
        (
            "personal_care",
            "Personal advisor, customised products, VIP programme and gifts; co-creating new products",
            80.0,
        ),
        ("trial_offers", "Low-cost promotions, trials and personalised offers to move up a tier", 8.0),
        ("win_back_call", "A personal call to ask why they stopped buying, with a personal incentive", 30.0),
        ("none", "No maintenance beyond the automated messages everyone gets", 0.0),
    ],
    columns=["action", "what", "cost_from"],
).set_index("action")
"""A menu of maintenance actions for a value tier, with the least it costs to do each one
properly for one customer for a year (``cost_from``, CNY; a discount's cost grows with what the
customer buys). The costs are *course design*, in line with :data:`SEGMENTS` (a personal call
¥30, a WeChat contact ¥5, an SMS ¥0.5): personal care is at least two advisor calls and a gift a
year, growing interaction four WeChat contacts, a trial offer one trial or coupon and its
message, awakening four messages. Exercise 2.9 asks which action each tier gets and with what
budget."""

#: Cumulative shares of buyers, from the top, that end the Diamond, Silver and Bronze value
#: tiers: the top 18 % are Diamond, the next 22 % Silver, the next 30 % Bronze, the rest Iron.
#: The classification outline leaves thresholds open (*course design*); the Diamond 18 % is the
#: high-value group of the strategy article's turnaround case, which the simulator replays with
#: the same shares (:data:`course_lib.simulation.engine.TIER_SHARES`). One set for the course.
TIER_CUTOFFS = (0.18, 0.40, 0.70)


def _check_cutoffs(cutoffs, arg):
    values = [float(c) for c in cutoffs] if len(cutoffs) == 3 else None
    if values is None or not (0 < values[0] < values[1] < values[2] <= 1):
        raise CourseDataError(
            f"`{arg}` must be three increasing shares of buyers between 0 and 1 "
            f"(Diamond, Diamond+Silver, Diamond+Silver+Bronze); got {list(cutoffs)!s}."
        )
    return values


def value_tiers(
    rfm: pd.DataFrame,
    *,
    customers: Sequence[str] | pd.Index | pd.Series | None = None,
    by: str = "monetary",
    cutoffs: Sequence[float] = TIER_CUTOFFS,
    spend: Sequence[float] | None = None,
) -> pd.Series:
    """Place every customer in one of the tiers 金钻 / 白银 / 铜 / 铁 (Diamond … Iron).

    Parameters
    ----------
    rfm : pandas.DataFrame
        One row per buyer with the column ``by`` (e.g. :func:`rfm_table`).
    customers : sequence of ids, optional
        Every registered customer; those not in ``rfm`` (no purchase) are Iron.
    by : str
        The value column that ranks buyers.
    cutoffs : three shares
        Cumulative shares of buyers from the top: by default :data:`TIER_CUTOFFS`, the top 18 %
        Diamond, the next 22 % Silver, the next 30 % Bronze and the rest Iron (course design).
        Buyers tied on value share a tier.
    spend : three amounts, optional
        Fixed thresholds instead (Diamond at least ``spend[0]``, Silver ``spend[1]``, Bronze
        ``spend[2]``), so tiers from two periods are comparable.

    Returns
    -------
    pandas.Series
        Ordered categorical ``diamond`` > ``silver`` > ``bronze`` > ``iron`` per customer.

    Examples
    --------
    >>> rfm = pd.DataFrame({"monetary": [5000.0, 900.0, 300.0, 120.0, 40.0]}, index=list("abcde"))
    >>> value_tiers(rfm, customers=list("abcdef"), cutoffs=(0.2, 0.4, 0.6)).tolist()
    ['diamond', 'silver', 'bronze', 'iron', 'iron', 'iron']
    >>> value_tiers(rfm, spend=(1000, 200, 100)).tolist()
    ['diamond', 'silver', 'silver', 'bronze', 'iron']
    """
    _require_rfm(rfm, columns=(by,))
    values = require_numeric(rfm, by, "rfm")
    if spend is not None:
        limits = [float(s) for s in spend] if len(spend) == 3 else None
        if limits is None or not limits[0] > limits[1] > limits[2] >= 0:
            raise CourseDataError(
                f"`spend` must be three decreasing amounts (Diamond, Silver, "
                f"Bronze thresholds); got {list(spend)!s}."
            )
        code = np.select(
            [values >= limits[0], values >= limits[1], values >= limits[2]], [0, 1, 2], default=3
        )
    else:
        shares = _check_cutoffs(cutoffs, "cutoffs")
        # share of buyers whose value is at least this customer's: ties share the lower tier
        top_share = values.rank(ascending=False, method="max").to_numpy() / len(values)
        code = np.select(
            [top_share <= shares[0] + 1e-12, top_share <= shares[1] + 1e-12, top_share <= shares[2] + 1e-12],
            [0, 1, 2],
            default=3,
        )
    tiers = pd.Series(
        pd.Categorical.from_codes(code, categories=TIER_ORDER, ordered=False), index=rfm.index, name="tier"
    )
    if customers is not None:
        every = pd.Index(pd.unique(pd.Series(list(customers), dtype=object)))
        extra = every.difference(rfm.index)
        if len(extra):
            tiers = pd.concat(
                [
                    tiers,
                    pd.Series(
                        pd.Categorical(["iron"] * len(extra), categories=TIER_ORDER), index=extra, name="tier"
                    ),
                ]
            )
    return tiers.astype(pd.CategoricalDtype(TIER_ORDER, ordered=True))


def tier_thresholds(
    rfm: pd.DataFrame, *, by: str = "monetary", cutoffs: Sequence[float] = TIER_CUTOFFS
) -> tuple[float, float, float]:
    """The spend that opens the Diamond, Silver and Bronze tiers among these buyers.

    The lowest ``by`` of the buyers that :func:`value_tiers` places in each tier with
    ``cutoffs`` (by default :data:`TIER_CUTOFFS`). Held fixed as ``spend=`` for a later
    period, they turn the course's shares into amounts, so that tiers of two periods can be
    compared (:func:`tier_migration`): with shares alone, every period would have 18 %
    Diamond by construction and nobody could move up on balance.

    Parameters
    ----------
    rfm : pandas.DataFrame
        One row per buyer of the reference period with the column ``by``.
    by : str
        The value column.
    cutoffs : three shares
        Cumulative shares of buyers from the top, as in :func:`value_tiers`.

    Returns
    -------
    tuple of three floats
        Diamond, Silver and Bronze thresholds (a buyer at the threshold belongs to the tier).

    Examples
    --------
    >>> spend = pd.DataFrame({"monetary": [900.0, 500.0, 300.0, 120.0, 80.0, 40.0, 30.0,
    ...                                    20.0, 10.0, 5.0]})
    >>> tier_thresholds(spend, cutoffs=(0.2, 0.4, 0.7))
    (500.0, 120.0, 30.0)
    >>> value_tiers(spend, spend=(500.0, 120.0, 30.0)).value_counts(sort=False).tolist()
    [2, 2, 3, 3]
    """
    tiers = value_tiers(rfm, by=by, cutoffs=cutoffs)
    values = require_numeric(rfm, by, "rfm").astype(float)
    lowest = values.groupby(tiers.to_numpy(), observed=False).min()
    empty = [t for t in TIER_ORDER[:3] if pd.isna(lowest.get(t))]
    if empty:
        raise CourseDataError(
            f"no buyer falls in the {empty[0]} tier with `cutoffs` {list(cutoffs)!s} "
            f"among {len(values)} buyer(s); use more buyers or wider cutoffs."
        )
    limits = tuple(float(lowest[t]) for t in TIER_ORDER[:3])
    if not limits[0] > limits[1] > limits[2]:
        raise CourseDataError(
            f"tied spend gives two tiers the same threshold {list(limits)!s}; "
            "the buyers are too few or too alike to set amounts from them."
        )
    return limits


def period_tiers(
    orders: pd.DataFrame,
    *,
    start: str | pd.Timestamp,
    end: str | pd.Timestamp,
    customers: Sequence[str] | pd.Index | pd.Series | None = None,
    spend: Sequence[float],
    customer: str = "customer_id",
    date: str = "order_date",
    amount: str = "amount",
) -> pd.Series:
    """Tiers by spend in the period ``start`` ≤ order day < ``end`` with fixed ``spend`` thresholds.

    Customers in ``customers`` without an order in the period are Iron.

    Parameters
    ----------
    orders : pandas.DataFrame
        One row per order.
    start, end : str or Timestamp
        The period: ``start`` ≤ order day < ``end``.
    customers : list, Index or Series of ids, optional
        Everyone to place in a tier; default the buyers of the period.
    spend : sequence of three floats
        The spend (CNY) that opens Diamond, Silver and Bronze.
    customer, date, amount : str
        Column names in ``orders``.

    Returns
    -------
    pandas.Series
        The tier (``diamond``, ``silver``, ``bronze``, ``iron``) per customer.

    Examples
    --------
    >>> orders = pd.DataFrame({"customer_id": ["a", "a", "b"], "amount": [800.0, 500.0, 90.0],
    ...     "order_date": pd.to_datetime(["2023-03-01", "2024-02-01", "2024-05-01"])})
    >>> period_tiers(orders, start="2024-01-01", end="2025-01-01", spend=(1000, 300, 50),
    ...              customers=["a", "b", "c"]).tolist()
    ['silver', 'bronze', 'iron']
    """
    begin, stop = to_timestamp(start, "start"), to_timestamp(end, "end")
    if stop <= begin:
        raise CourseDataError(f"`end` ({stop.date()}) must be after `start` ({begin.date()}).")
    ids, dates, values = _clean_orders(orders, customer, date, amount)
    inside = ((dates >= begin) & (dates < stop)).to_numpy()
    spent = values[inside].groupby(ids[inside].to_numpy()).sum().rename("monetary").to_frame()
    everyone = customers if customers is not None else pd.unique(ids)
    if spent.empty:
        index = pd.Index(pd.unique(pd.Series(list(everyone), dtype=object)))
        return pd.Series(
            pd.Categorical(["iron"] * len(index), categories=TIER_ORDER, ordered=True),
            index=index,
            name="tier",
        )
    return value_tiers(spent, customers=everyone, spend=spend)


def tier_migration(
    before: pd.Series,
    after: pd.Series,
    *,
    signup: pd.Series | None = None,
    joined_before: str | pd.Timestamp | None = None,
) -> dict[str, pd.DataFrame]:
    """Transition matrix of tiers from one period to the next, the upgrade rates and, apart,
    the customers acquired in between.

    A move from one tier to another needs a customer in both periods. Someone who registered
    after the first period was not an Iron customer then — they did not exist for the brand —
    so counting them in the Iron row would book every new customer's first year as an
    upgrade. With ``signup`` and ``joined_before`` (the end of the first period), only
    customers registered before that day are in the matrix; those registered later are
    counted apart as **acquisitions**, by the tier they reached in the second period.

    Parameters
    ----------
    before, after : pandas.Series
        Tier per customer in the first and the second period (e.g. :func:`period_tiers`);
        only customers present in both are compared.
    signup : pandas.Series, optional
        Registration date per customer (e.g. ``customers.set_index("customer_id")["signup_date"]``);
        it must cover every customer compared.
    joined_before : datetime-like, optional
        The end of the first period (exclusive); required with ``signup``.

    Returns
    -------
    dict
        ``counts`` (rows: tier before, columns: tier after), ``shares`` (each row sums to 1),
        ``rates`` (per tier before: customers, share moving up, staying, moving down) and
        ``acquisitions`` (per tier after: customers registered on or after ``joined_before``
        and their share; all zero without ``signup``).

    Examples
    --------
    >>> before = pd.Series(["iron", "bronze", "bronze", "silver", "iron"], index=list("abcde"))
    >>> after = pd.Series(["bronze", "bronze", "silver", "iron", "silver"], index=list("abcde"))
    >>> signup = pd.to_datetime(pd.Series(["2022-05-01", "2022-01-09", "2023-03-01", "2021-11-30",
    ...                                    "2024-04-02"], index=list("abcde")))
    >>> result = tier_migration(before, after, signup=signup, joined_before="2024-01-01")
    >>> result["rates"]
            customers   up  stay  down
    before
    diamond         0  NaN   NaN   NaN
    silver          1  0.0   0.0   1.0
    bronze          2  0.5   0.5   0.0
    iron            1  1.0   0.0   0.0
    >>> result["acquisitions"]["customers"].tolist()     # e joined in 2024 and reached Silver
    [0, 1, 0, 0]
    """
    for arg, tiers in (("before", before), ("after", after)):
        if not isinstance(tiers, pd.Series):
            raise TypeError(f"`{arg}` must be a pandas Series of tiers; got {type(tiers).__name__}.")
        unknown = sorted(set(tiers.dropna().astype(str)) - set(TIER_ORDER))
        if unknown:
            raise CourseDataError(f"`{arg}` holds unknown tier(s) {unknown}; expected {TIER_ORDER}.")
    common = before.index.intersection(after.index)
    if len(common) == 0:
        raise CourseDataError("`before` and `after` share no customer; pass tiers of the same customers.")
    new = pd.Index([])
    if (signup is None) != (joined_before is None):
        raise CourseDataError(
            "pass `signup` and `joined_before` together: the registration dates and "
            "the end of the first period that separates migration from acquisition."
        )
    if signup is not None:
        if not isinstance(signup, pd.Series):
            raise TypeError(
                f"`signup` must be a pandas Series of dates indexed by customer; got {type(signup).__name__}."
            )
        boundary = to_timestamp(joined_before, "joined_before")
        dates = pd.to_datetime(signup.reindex(common), errors="coerce")
        if dates.isna().any():
            first = dates.index[dates.isna().to_numpy()][0]
            raise CourseDataError(
                f"`signup` has no registration date for {int(dates.isna().sum())} "
                f"customer(s) compared, first {first!r}; pass every customer's date."
            )
        new = common[(dates >= boundary).to_numpy()]
        common = common[(dates < boundary).to_numpy()]
        if len(common) == 0:
            raise CourseDataError(
                f"every customer registered on or after {boundary.date()}; nobody "
                "was a customer in the first period to migrate from."
            )
    rank = {tier: i for i, tier in enumerate(TIER_ORDER)}
    b = before.loc[common].astype(str)
    a = after.loc[common].astype(str)
    counts = pd.crosstab(pd.Categorical(b, TIER_ORDER), pd.Categorical(a, TIER_ORDER), dropna=False).reindex(
        index=TIER_ORDER, columns=TIER_ORDER, fill_value=0
    )
    counts.index.name, counts.columns.name = "before", "after"
    totals = counts.sum(axis=1)
    shares = counts.div(totals.where(totals > 0), axis=0)
    move = a.map(rank).to_numpy() - b.map(rank).to_numpy()  # negative = moved up
    frame = pd.DataFrame(
        {"before": pd.Categorical(b, TIER_ORDER), "up": move < 0, "stay": move == 0, "down": move > 0}
    )
    rates = frame.groupby("before", observed=False)[["up", "stay", "down"]].mean()
    rates.insert(0, "customers", totals.astype(np.int64))
    rates.index = pd.Index(TIER_ORDER, name="before")
    reached = pd.Categorical(after.loc[new].astype(str), TIER_ORDER)
    acquired = pd.Series(reached).value_counts().reindex(TIER_ORDER, fill_value=0).astype(np.int64)
    acquisitions = pd.DataFrame(
        {"customers": acquired.to_numpy(), "share": acquired.to_numpy() / max(len(new), 1)},
        index=pd.Index(TIER_ORDER, name="after"),
    )
    return {"counts": counts, "shares": shares, "rates": rates, "acquisitions": acquisitions}


# ------------------------------------------------------------------------- concentration
def _values(values, arg="values") -> np.ndarray:
    if isinstance(values, pd.DataFrame):
        raise TypeError(
            f'`{arg}` must be one column of values (a Series), not a table; e.g. rfm["monetary"].'
        )
    from .validation import to_vector

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


def pareto_curve(values) -> pd.DataFrame:
    """Cumulative share of revenue against the share of customers, best customers first.

    Returns a table that starts at (0, 0) and ends at (1, 1).

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
    _require_rfm(rfm, columns=("recency_days",))
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
    _require_rfm(rfm, columns=(by,))
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
