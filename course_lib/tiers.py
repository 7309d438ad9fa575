"""Value tiers 金钻 / 白银 / 铜 / 铁 (Diamond, Silver, Bronze, Iron) and how customers move
between them (analytics layer).

Chapter 2 of the course ("Customer insight", ``notebooks/02_customer_insight.ipynb``) places
every customer in one of the four tiers of the classification outline:

- :data:`TIERS` describes the tiers and the outline's strategy for each, in the order
  :data:`TIER_ORDER`; :data:`TIER_ACTIONS` is the menu of maintenance actions with what each
  costs per customer and year.
- :func:`value_tiers` ranks buyers by spend with the course's one set of thresholds
  :data:`TIER_CUTOFFS` (the top 18 % Diamond, the next 22 % Silver, the next 30 % Bronze, the
  rest and every non-buyer Iron), or with fixed amounts of spend.
- :func:`tier_thresholds` turns those shares into amounts of spend, :func:`period_tiers`
  places customers by one period's spend and :func:`tier_migration` follows them from one
  period to the next, keeping customers who joined later apart as acquisitions.

The names were first in :mod:`course_lib.rfm`, which still re-exports them
(``rfm.value_tiers`` works); the tiers are taken on an RFM table (:func:`course_lib.rfm.rfm_table`).

Examples
--------
>>> rfm = pd.DataFrame({"monetary": [5000.0, 900.0, 300.0, 120.0, 40.0]}, index=list("abcde"))
>>> value_tiers(rfm, cutoffs=(0.2, 0.4, 0.6)).tolist()
['diamond', 'silver', 'bronze', 'iron', 'iron']
>>> TIER_ORDER
['diamond', 'silver', 'bronze', 'iron']
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from .language import N_, translated_columns
from .rfm_checks import clean_orders, require_rfm
from .validation import CourseDataError, require_numeric, to_timestamp

__all__ = [
    "TIERS",  # noqa: F822 - from __getattr__, in the course's language
    "TIER_ORDER",
    "TIER_CUTOFFS",
    "TIER_ACTIONS",  # noqa: F822 - from __getattr__, in the course's language
    "value_tiers",
    "tier_thresholds",
    "period_tiers",
    "tier_migration",
]


TIER_ORDER = ["diamond", "silver", "bronze", "iron"]

_TIERS = pd.DataFrame(
    [
        (
            "diamond",
            "Diamond",
            "金钻",
            N_("Highest value and loyalty; most of the revenue and profit"),
            N_(
                "Personal butler or advisor, customised products, VIP programme, gifts; invite them to "
                "shape new products and services"
            ),
        ),
        (
            "silver",
            "Silver",
            "白银",
            N_("Mid value; stable frequency and spend; can grow into Diamond"),
            N_("Frequent interaction, value-added services, invitations to higher-value activities"),
        ),
        (
            "bronze",
            "Bronze",
            "铜",
            N_("Low frequency and spend; ordinary loyalty"),
            N_("Low-cost promotions, trials and personalised offers to move them up"),
        ),
        (
            "iron",
            "Iron",
            "铁",
            N_("No purchase yet, or the lowest value"),
            N_("Awaken demand: product introductions and regular, light contact"),
        ),
    ],
    columns=["tier", "name_en", "name_zh", "who", "strategy"],
).set_index("tier")
"""The four value tiers (客户群体划分) and the classification outline's strategy for each; read as
``TIERS`` (``who`` and ``strategy`` in the course's language, see :func:`__getattr__`)."""

_TIER_ACTIONS = pd.DataFrame(
    [
        ("awaken", N_("Product introductions and regular, light contact (content, new-season news)"), 2.0),
        ("deep_discount", N_("A 30 % discount on every order for the whole year"), 0.0),
        (
            "grow_interaction",
            N_("Frequent interaction, value-added services, invitations to higher-value events"),
            20.0,
        ),
        (
            "personal_care",
            N_("Personal advisor, customised products, VIP programme and gifts; co-creating new products"),
            80.0,
        ),
        ("trial_offers", N_("Low-cost promotions, trials and personalised offers to move up a tier"), 8.0),
        (
            "win_back_call",
            N_("A personal call to ask why they stopped buying, with a personal incentive"),
            30.0,
        ),
        ("none", N_("No maintenance beyond the automated messages everyone gets"), 0.0),
    ],
    columns=["action", "what", "cost_from"],
).set_index("action")
"""A menu of maintenance actions for a value tier, with the least it costs to do each one
properly for one customer for a year (``cost_from``, CNY; a discount's cost grows with what the
customer buys). The costs are *course design*, in line with :data:`course_lib.rfm.SEGMENTS` (a personal call
¥30, a WeChat contact ¥5, an SMS ¥0.5): personal care is at least two advisor calls and a gift a
year, growing interaction four WeChat contacts, a trial offer one trial or coupon and its
message, awakening four messages. Exercise 2.9 asks which action each tier gets and with what
budget. Read as ``TIER_ACTIONS`` (``what`` in the course's language, see :func:`__getattr__`)."""

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
        One row per buyer with the column ``by`` (e.g. :func:`course_lib.rfm.rfm_table`).
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
    require_rfm(rfm, columns=(by,))
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
    ids, dates, values = clean_orders(orders, customer, date, amount)
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


# ------------------------------------------------------------------ the course's language
_in_language = translated_columns  # the course's one way to translate a table's prose


#: The tables whose prose follows the course's language, by public name.
_LOCALIZED = {
    "TIERS": (lambda: _TIERS, ("who", "strategy")),
    "TIER_ACTIONS": (lambda: _TIER_ACTIONS, ("what",)),
}


def __getattr__(name: str):
    """:data:`TIERS` and :data:`TIER_ACTIONS` with their prose in the course's language (the
    same English tables as always in the English course).

    Examples
    --------
    >>> from course_lib import tiers
    >>> from course_lib.language import set_language
    >>> tiers.TIER_ACTIONS.loc["none", "what"]
    'No maintenance beyond the automated messages everyone gets'
    >>> set_language("zh"); tiers.TIER_ACTIONS.loc["none", "what"]
    '除了人人都会收到的自动消息，不做额外维护'
    >>> set_language(None)
    """
    if name in _LOCALIZED:
        table, columns = _LOCALIZED[name]
        return _in_language(table(), columns)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
