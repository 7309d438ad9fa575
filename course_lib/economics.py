"""Retention economics: what a kept customer is worth against a new one (analytics layer).

Taught in chapter 1 (``notebooks/01_importance.ipynb``, "Why relationships pay"):

- :func:`cohort_economics` — the year-by-year profit of a cohort of new customers (margin,
  retention, acquisition cost, discount rate, referrals, cross-sell growth, care cost): a
  transparent version of the retention-economics argument (*course design*, not a forecast).
- :func:`retention_profit_uplift` and :func:`uplift_grid` — the relative profit gain of a few
  more points of retention, and over which margins and base retentions the 2025 training
  deck's "+5 % retention → +25–95 % profit" holds.
- :func:`churn_profit_claim` — the deck's "churn −15 % → profit +20 %" under given economics,
  and the churn cut that would really be needed.
- :func:`acquisition_vs_retention` — what winning a new customer cost Lumen in a year against
  what keeping one cost, from the course tables and the unit costs of :data:`DEFAULT_COSTS`.

Every function reads only what it is given and returns new objects. The measured claims of
the deck (satisfaction and churn, cross-selling) live in :mod:`course_lib.claims`.

Examples
--------
>>> result = retention_profit_uplift(margin=100, retention=0.6, acquisition_cost=150,
...                                  discount_rate=0.0, years=5)
>>> round(result["uplift"], 3)
0.273
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from .validation import (
    CourseDataError,
    require_columns,
    require_fraction,
    require_non_empty,
    require_number,
    require_whole,
)

__all__ = [
    "cohort_economics",
    "retention_profit_uplift",
    "uplift_grid",
    "churn_profit_claim",
    "DEFAULT_COSTS",
    "acquisition_vs_retention",
]


# --------------------------------------------------------------- retention economics
def _settings(
    margin,
    retention,
    acquisition_cost,
    discount_rate,
    years,
    cohort_size,
    referral_rate,
    cross_sell_growth,
    retention_cost,
) -> dict:
    """The cohort model's arguments, checked once for :func:`cohort_economics` and :func:`_cohort_profit`."""
    return {
        "m": require_number(margin, "margin", low=0),
        "r": require_number(retention, "retention", low=0, high=1),
        "cac": require_number(acquisition_cost, "acquisition_cost", low=0),
        "d": require_number(discount_rate, "discount_rate", low=0),
        "years": require_whole(years, "years", low=1),
        "size": require_number(cohort_size, "cohort_size", low=0, low_open=True),
        "referrals": require_number(referral_rate, "referral_rate", low=0),
        "growth": require_number(cross_sell_growth, "cross_sell_growth", low=-1, low_open=True),
        "keep_cost": require_number(retention_cost, "retention_cost", low=0),
    }


def cohort_economics(
    *,
    margin: float,
    retention: float,
    acquisition_cost: float,
    discount_rate: float = 0.10,
    years: int = 5,
    cohort_size: float = 1000,
    referral_rate: float = 0.0,
    cross_sell_growth: float = 0.0,
    retention_cost: float = 0.0,
) -> pd.DataFrame:
    """Year-by-year profit of a cohort of new customers (the course's retention model).

    ``cohort_size`` customers are won at ``acquisition_cost`` each at the start of year 1.
    Every customer still active in year *t* brings ``margin`` × (1 + ``cross_sell_growth``)
    ^(t−1) (customers buy more, and across more categories, the longer they stay), costs
    ``retention_cost`` to look after, and brings ``referral_rate`` new customers a year who
    each add one year of ``margin`` at no acquisition cost. A customer active in year *t* is
    still active in year *t* + 1 with probability ``retention``. Each year's cash is
    discounted by (1 + ``discount_rate``)^t. All of this is *course design*: a transparent
    version of the retention-economics argument, not a forecast.

    Parameters
    ----------
    margin : float
        Gross margin per active customer in their first year (CNY), ≥ 0.
    retention : float
        Share of active customers who stay from one year to the next, 0–1.
    acquisition_cost : float
        Cost of winning one new customer (CAC, 获客成本, CNY), ≥ 0.
    discount_rate : float, default 0.10
        Yearly discount rate, ≥ 0.
    years : int, default 5
        Years followed, ≥ 1.
    cohort_size : float, default 1000
        Customers won in year 0, > 0.
    referral_rate : float, default 0.0
        New customers each active customer brings per year, ≥ 0.
    cross_sell_growth : float, default 0.0
        Yearly growth of the margin of a customer who stays, > −1.
    retention_cost : float, default 0.0
        Yearly cost of looking after one active customer (CNY), ≥ 0.

    Returns
    -------
    pandas.DataFrame
        Indexed by ``year`` (0 = acquisition), with ``active``, ``margin``, ``referral``,
        ``retention_cost``, ``acquisition``, ``cash`` (margin + referral − costs),
        ``discounted`` and ``cumulative`` (discounted profit so far).

    Raises
    ------
    TypeError
        An argument is not a number.
    CourseDataError
        An argument lies outside its range.

    Examples
    --------
    >>> table = cohort_economics(margin=100, retention=0.5, acquisition_cost=120,
    ...                          discount_rate=0.0, years=3, cohort_size=10)
    >>> table[["active", "cash", "cumulative"]]
          active    cash  cumulative
    year
    0        0.0 -1200.0     -1200.0
    1       10.0  1000.0      -200.0
    2        5.0   500.0       300.0
    3        2.5   250.0       550.0
    """
    s = _settings(
        margin,
        retention,
        acquisition_cost,
        discount_rate,
        years,
        cohort_size,
        referral_rate,
        cross_sell_growth,
        retention_cost,
    )
    n_years, size, m = s["years"], s["size"], s["m"]
    t = np.arange(1, n_years + 1)
    active = size * s["r"] ** (t - 1)
    margin_t = active * m * (1 + s["growth"]) ** (t - 1)
    referral_t = active * s["referrals"] * m
    cost_t = active * s["keep_cost"]
    year = np.concatenate([[0], t])
    table = pd.DataFrame(
        {
            "active": np.concatenate([[0.0], active]),
            "margin": np.concatenate([[0.0], margin_t]),
            "referral": np.concatenate([[0.0], referral_t]),
            "retention_cost": np.concatenate([[0.0], cost_t]),
            "acquisition": np.concatenate([[size * s["cac"]], np.zeros(n_years)]),
        },
        index=pd.Index(year, name="year"),
    )
    table["cash"] = table["margin"] + table["referral"] - table["retention_cost"] - table["acquisition"]
    table["discounted"] = table["cash"] / (1 + s["d"]) ** year
    table["cumulative"] = table["discounted"].cumsum()
    return table


def _cohort_profit(
    *,
    margin,
    retention,
    acquisition_cost,
    discount_rate=0.10,
    years=5,
    cohort_size=1000,
    referral_rate=0.0,
    cross_sell_growth=0.0,
    retention_cost=0.0,
) -> float:
    """The discounted total of :func:`cohort_economics` without building the table."""
    s = _settings(
        margin,
        retention,
        acquisition_cost,
        discount_rate,
        years,
        cohort_size,
        referral_rate,
        cross_sell_growth,
        retention_cost,
    )
    t = np.arange(1, s["years"] + 1)
    active = s["size"] * s["r"] ** (t - 1)
    cash = active * (s["m"] * (1 + s["growth"]) ** (t - 1) + s["referrals"] * s["m"] - s["keep_cost"])
    return float((cash / (1 + s["d"]) ** t).sum() - s["size"] * s["cac"])


def retention_profit_uplift(
    *,
    margin: float,
    retention: float,
    acquisition_cost: float,
    increase: float = 0.05,
    **settings: float,
) -> dict[str, float]:
    """Relative change of a cohort's profit when retention rises by ``increase`` (points).

    Profit is the discounted cohort profit of :func:`cohort_economics` (acquisition cost
    included). The uplift is (profit after − profit before) / profit before; it is large when
    the profit before is thin — high acquisition cost, low margin — which is why the classic
    claim gives a range (25–95 %) rather than one number. With a profit before of zero or
    less the relative uplift is undefined (NaN): the retention gain decides whether the cohort
    pays at all.

    Parameters
    ----------
    margin, retention, acquisition_cost : float
        As in :func:`cohort_economics`.
    increase : float, default 0.05
        Change of retention, in points of the 0–1 scale (−1 … 1); ``retention`` +
        ``increase`` must stay within 0–1.
    **settings
        Further arguments of :func:`cohort_economics` (``discount_rate``, ``years``,
        ``cohort_size``, ``referral_rate``, ``cross_sell_growth``, ``retention_cost``).

    Returns
    -------
    dict
        ``profit_before``, ``profit_after`` (CNY), ``uplift`` (relative, NaN for a cohort
        that does not make a profit before), ``customer_value_before`` and
        ``customer_value_after`` (profit per customer won, CNY).

    Examples
    --------
    >>> result = retention_profit_uplift(margin=100, retention=0.6, acquisition_cost=150,
    ...                                  discount_rate=0.0, years=5)
    >>> {k: round(v, 3) for k, v in result.items()}
    {'profit_before': 80560.0, 'profit_after': 102563.125, 'uplift': 0.273, 'customer_value_before': 80.56, 'customer_value_after': 102.563}
    """
    up = require_number(increase, "increase", low=-1, high=1)
    r = require_number(retention, "retention", low=0, high=1)
    if not 0 <= r + up <= 1:
        raise CourseDataError(
            f"`retention` + `increase` = {r + up:.3f} leaves 0–1; choose a smaller increase."
        )
    size = settings.get("cohort_size", 1000)
    before = _cohort_profit(margin=margin, retention=r, acquisition_cost=acquisition_cost, **settings)
    after = _cohort_profit(margin=margin, retention=r + up, acquisition_cost=acquisition_cost, **settings)
    uplift = (after - before) / before if before > 0 else float("nan")
    return {
        "profit_before": before,
        "profit_after": after,
        "uplift": uplift,
        "customer_value_before": before / size,
        "customer_value_after": after / size,
    }


def uplift_grid(
    *,
    retentions: float | Sequence[float] | np.ndarray,
    margins: float | Sequence[float] | np.ndarray,
    acquisition_cost: float,
    increase: float = 0.05,
    **settings: float,
) -> pd.DataFrame:
    """Profit uplift of +``increase`` retention over a grid of base retention × margin.

    Cells between 0.25 and 0.95 are where the 2025 training deck's "+5 % retention → +25–95 %
    profit" holds (read as five points).

    Parameters
    ----------
    retentions : float, list of float or numpy array
        Base retentions to try, 0–1 (the columns).
    margins : float, list of float or numpy array
        First-year margins per customer to try, CNY (the rows).
    acquisition_cost : float
        Cost of winning one customer (CNY), as in :func:`cohort_economics`.
    increase : float, default 0.05
        Change of retention, in points of the 0–1 scale, as in
        :func:`retention_profit_uplift`.
    **settings
        Further arguments of :func:`cohort_economics` (``discount_rate``, ``years``,
        ``cohort_size``, ``referral_rate``, ``cross_sell_growth``, ``retention_cost``).

    Returns
    -------
    pandas.DataFrame
        Indexed by ``margin``, one column per base ``retention``; each cell the relative
        uplift (NaN where the cohort does not make a profit before the increase).

    Examples
    --------
    >>> uplift_grid(retentions=[0.5, 0.8], margins=[100, 300], acquisition_cost=150,
    ...             discount_rate=0.1, years=5).round(2)
    retention   0.5   0.8
    margin
    100.0      0.95  0.21
    300.0      0.11  0.11
    """
    rows = {}
    rates = [float(r) for r in np.atleast_1d(np.asarray(retentions, dtype=float))]
    for m in np.atleast_1d(np.asarray(margins, dtype=float)):
        rows[float(m)] = [
            retention_profit_uplift(
                margin=float(m), retention=r, acquisition_cost=acquisition_cost, increase=increase, **settings
            )["uplift"]
            for r in rates
        ]
    table = pd.DataFrame.from_dict(rows, orient="index", columns=pd.Index(rates, name="retention"))
    table.index.name = "margin"
    return table


def churn_profit_claim(
    *,
    margin: float,
    retention: float,
    acquisition_cost: float,
    churn_cut: float = 0.15,
    target: float = 0.20,
    **settings: float,
) -> dict[str, float]:
    """Churn −15 % → profit +20 %? What the retention model says for given economics.

    Churn is 1 − ``retention``; cutting it by ``churn_cut`` (relative: 15 % of the churn
    rate) raises retention to 1 − (1 − ``churn_cut``)(1 − retention). Returns the cohort
    profit uplift this gives (:func:`retention_profit_uplift`), and the relative churn cut
    that would be needed for a profit uplift of ``target`` (found by bisection; NaN if no cut
    up to 100 % reaches it).

    Parameters
    ----------
    margin, retention, acquisition_cost : float
        As in :func:`cohort_economics`.
    churn_cut : float, default 0.15
        Relative cut of the churn rate, 0–1.
    target : float, default 0.20
        The profit uplift the claim promises.
    **settings
        Further arguments of :func:`cohort_economics`.

    Returns
    -------
    dict
        ``churn_before``, ``churn_after``, ``profit_uplift`` (what the cut gives),
        ``churn_cut_for_target`` (the cut that gives ``target``) and ``claim_profit_uplift``.

    Examples
    --------
    >>> result = churn_profit_claim(margin=100, retention=0.6, acquisition_cost=150,
    ...                             discount_rate=0.0, years=5)
    >>> round(result["profit_uplift"], 3), round(result["churn_cut_for_target"], 3)
    (0.332, 0.093)
    """
    cut = require_fraction(churn_cut, "churn_cut")
    goal = require_number(target, "target")
    r = require_number(retention, "retention", low=0, high=1)

    def uplift(c):
        new = 1 - (1 - c) * (1 - r)
        return retention_profit_uplift(
            margin=margin, retention=r, acquisition_cost=acquisition_cost, increase=new - r, **settings
        )["uplift"]

    reached = uplift(cut)
    needed = float("nan")
    if np.isfinite(uplift(1.0)) and uplift(1.0) >= goal:
        low, high = 0.0, 1.0
        for _ in range(60):
            mid = (low + high) / 2
            low, high = (mid, high) if uplift(mid) < goal else (low, mid)
        needed = high
    return {
        "churn_before": round(1 - r, 4),
        "churn_after": round((1 - cut) * (1 - r), 4),
        "profit_uplift": reached,
        "churn_cut_for_target": needed,
        "claim_profit_uplift": goal,
    }


# ------------------------------------------------------ acquisition vs retention cost
#: Cost assumptions of the acquisition-versus-retention comparison (*course design*, CNY):
#: Lumen's 2024 acquisition budget (ads, search, street promotion, trade shows), the cost
#: of one campaign message by channel, of one follow-up by channel (staff time), and the
#: cost of a redeemed loyalty point.
DEFAULT_COSTS = {
    "acquisition_budget": 300_000.0,
    "message": {"sms": 0.05, "wechat": 0.02, "email": 0.01, "app_push": 0.005},
    "followup": {"phone": 8.0, "wechat": 3.0, "sms": 0.5, "email": 1.0},
    "point_value": 0.01,
}


def acquisition_vs_retention(
    orders: pd.DataFrame,
    customers: pd.DataFrame,
    campaigns: pd.DataFrame,
    followups: pd.DataFrame,
    loyalty: pd.DataFrame | None = None,
    *,
    year: int = 2024,
    costs: dict | None = None,
) -> pd.DataFrame:
    """What a new customer cost Lumen in ``year`` against what keeping one cost.

    *Acquire* (获客): customers who signed up in ``year`` and placed their first order in it.
    Their cost is the acquisition budget plus the discounts on their first orders. *Retain*
    (留存): customers who had bought before ``year`` and bought again in it. Their cost is the
    campaign messages sent to customers who had bought before (control contacts cost
    nothing), the follow-ups with them, the loyalty points they redeemed and the discounts
    on their orders. Unit costs come from ``costs`` (default :data:`DEFAULT_COSTS`, course
    design); the counts and discounts come from the data.

    Parameters
    ----------
    orders : pandas.DataFrame
        ``customer_id``, ``order_date``, ``discount``.
    customers : pandas.DataFrame
        ``customer_id``, ``signup_date``.
    campaigns : pandas.DataFrame
        ``customer_id``, ``contact_date``, ``channel``, ``group``.
    followups : pandas.DataFrame
        ``customer_id``, ``date``, ``channel``.
    loyalty : pandas.DataFrame, optional
        ``customer_id``, ``date``, ``kind``, ``points``: adds the redeemed points.
    year : int, default 2024
        The calendar year compared.
    costs : dict, optional
        Unit costs overriding :data:`DEFAULT_COSTS` key by key.

    Returns
    -------
    pandas.DataFrame
        Indexed ``acquire`` / ``retain`` with ``customers``, ``orders``, ``marketing``,
        ``discounts``, ``total``, ``marketing_per_customer``, ``per_customer`` (total per
        customer) and ``per_order`` (total per order), in CNY.

    Examples
    --------
    >>> orders = pd.DataFrame({"customer_id": ["a", "a", "b"], "amount": [100.0, 80.0, 50.0],
    ...     "discount": [10.0, 0.0, 5.0],
    ...     "order_date": pd.to_datetime(["2023-05-01", "2024-03-01", "2024-02-01"])})
    >>> customers = pd.DataFrame({"customer_id": ["a", "b"],
    ...     "signup_date": pd.to_datetime(["2023-04-01", "2024-01-15"])})
    >>> campaigns = pd.DataFrame({"customer_id": ["a"], "contact_date": pd.to_datetime(["2024-02-20"]),
    ...     "channel": ["sms"], "group": ["treatment"]})
    >>> followups = pd.DataFrame({"customer_id": ["a"], "date": pd.to_datetime(["2024-03-05"]),
    ...     "channel": ["phone"]})
    >>> costs = {"acquisition_budget": 90.0, "message": {"sms": 1.0}, "followup": {"phone": 9.0}}
    >>> acquisition_vs_retention(orders, customers, campaigns, followups, costs=costs)[["customers", "total", "per_customer"]]
             customers  total  per_customer
    acquire          1   95.0          95.0
    retain           1   10.0          10.0
    """
    require_columns(orders, ["customer_id", "order_date", "discount"], "orders")
    require_columns(customers, ["customer_id", "signup_date"], "customers")
    require_columns(campaigns, ["customer_id", "contact_date", "channel", "group"], "campaigns")
    require_columns(followups, ["customer_id", "date", "channel"], "followups")
    require_non_empty(orders, "orders")
    year = require_whole(year, "year", low=1900)
    if costs is not None and not isinstance(costs, dict):
        raise TypeError(f"`costs` must be a dict such as DEFAULT_COSTS; got {type(costs).__name__}.")
    costs = {**DEFAULT_COSTS, **(costs or {})}
    budget = require_number(costs["acquisition_budget"], "costs['acquisition_budget']", low=0)

    start, end = pd.Timestamp(year=year, month=1, day=1), pd.Timestamp(year=year + 1, month=1, day=1)
    ordered = orders.sort_values(["order_date"], kind="stable")
    first_day = ordered.groupby("customer_id")["order_date"].min()
    signup = customers.set_index("customer_id")["signup_date"]
    in_year = ordered[(ordered["order_date"] >= start) & (ordered["order_date"] < end)]
    new = first_day[(first_day >= start) & (first_day < end)].index
    new = new[signup.reindex(new).between(start, end, inclusive="left").to_numpy()]
    earlier = first_day[first_day < start].index
    first_orders = in_year[in_year["customer_id"].isin(new)].drop_duplicates("customer_id")
    repeat_orders = in_year[in_year["customer_id"].isin(earlier)]

    def _priced(frame, date, unit):
        rows = frame[(frame[date] >= start) & (frame[date] < end) & frame["customer_id"].isin(earlier)]
        price = rows["channel"].map(lambda c: float(unit.get(str(c), 0.0)))
        if "group" in rows:
            price = price.where(rows["group"].astype(str) != "control", 0.0)
        return float(price.sum())

    marketing_retain = _priced(campaigns, "contact_date", costs["message"]) + _priced(
        followups, "date", costs["followup"]
    )
    if loyalty is not None:
        require_columns(loyalty, ["customer_id", "date", "kind", "points"], "loyalty")
        redeemed = loyalty[
            (loyalty["kind"] == "redeem")
            & (loyalty["date"] >= start)
            & (loyalty["date"] < end)
            & loyalty["customer_id"].isin(earlier)
        ]
        marketing_retain += float(-redeemed["points"].sum()) * float(costs.get("point_value", 0.0))
    retained = repeat_orders["customer_id"].nunique()
    rows = {
        "acquire": {
            "customers": len(first_orders),
            "orders": len(first_orders),
            "marketing": budget,
            "discounts": float(first_orders["discount"].sum()),
        },
        "retain": {
            "customers": retained,
            "orders": len(repeat_orders),
            "marketing": marketing_retain,
            "discounts": float(repeat_orders["discount"].sum()),
        },
    }
    table = pd.DataFrame.from_dict(rows, orient="index")
    table["customers"] = table["customers"].astype(int)
    table["orders"] = table["orders"].astype(int)
    table["total"] = table["marketing"] + table["discounts"]
    table["marketing_per_customer"] = table["marketing"] / table["customers"].where(table["customers"] > 0)
    table["per_customer"] = table["total"] / table["customers"].where(table["customers"] > 0)
    table["per_order"] = table["total"] / table["orders"].where(table["orders"] > 0)
    return table
