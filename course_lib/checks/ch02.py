"""Checks of chapter 2's exercises: data quality, RFM by hand, scores, value tiers,
revenue concentration, the wake-up offer, a k-means profile, a contact plan under a budget and
the judgement task that gives each value tier an action and a budget.

Every check judges the answer on the course's own data (the shipped orders, customers and
campaigns), where the mistakes trainees make show up: equal-width bins put 2,366 of 4,197
buyers in the top recency group, a contact plan that skips the best-scored customers of a
segment leaves the budget with the wrong people. Quantile answers pass with any consistent
tie-breaking; numbers pass at the precision their task states (:func:`require_precision`).
"""

from __future__ import annotations

import math
from functools import lru_cache

import numpy as np
import pandas as pd

from ..language import N_, tr
from . import (
    NotAttempted,
    Wrong,
    frame_like,
    looks_like_filler,
    number_like,
    require_precision,
    shipped,
    task,
    text_units,
    to_precision,
)

BUDGET = 3000.0
"""The contact-plan budget of exercise 2.8, in CNY."""

CONSENT = {
    "sms": "consent_sms",
    "wechat": "consent_wechat",
    "phone": "consent_phone",
    "email": "consent_email",
}
"""The consent column that allows a contact on each channel (app pushes need none)."""

TIER_LABELS = ["金钻", "白银", "铜", "铁"]
"""The value tiers from the highest to the lowest."""

AUTOMATED = ("hibernating", "regular")
"""Segments served by automated messages, outside the contact budget."""


@lru_cache(maxsize=1)
def _rfm():
    from ..data import AS_OF
    from ..rfm import rfm_table

    return rfm_table(shipped("orders"), as_of=AS_OF)


def wakeup_contacts() -> pd.DataFrame:
    """The contacts of the 90-day dormancy wake-up campaign (treatment and control)."""
    campaigns = shipped("campaigns")
    mask = campaigns["campaign_name"].astype(str).str.contains("wake|dorman", case=False) | campaigns[
        "campaign_id"
    ].astype(str).str.contains("wake|dorman", case=False)
    return campaigns[mask.to_numpy()]


@lru_cache(maxsize=1)
def _eligible_table() -> pd.DataFrame:
    from ..rfm import SEGMENTS, rfm_scores, segment

    scored = rfm_scores(_rfm())
    scored["segment"] = segment(scored).astype(str)
    scored["channel"] = SEGMENTS.loc[scored["segment"], "channel"].to_numpy()
    scored["cost"] = SEGMENTS.loc[scored["segment"], "cost"].to_numpy()
    scored["priority"] = SEGMENTS.loc[scored["segment"], "priority"].to_numpy()
    consent = shipped("customers").set_index("customer_id")
    allowed = np.ones(len(scored), dtype=bool)
    for channel, column in CONSENT.items():
        rows = (scored["channel"] == channel).to_numpy()
        allowed[rows] = consent[column].reindex(scored.index[rows]).fillna(False).astype(bool).to_numpy()
    scored["consent"] = allowed
    return scored


def eligible_for_contact() -> pd.DataFrame:
    """Scored buyers with their segment, the segment's channel and cost, and whether they
    consented to that channel (the table the contact plan of exercise 2.8 is graded on)."""
    return _eligible_table().copy()


def _ids(answer, name) -> list[str]:
    if isinstance(answer, pd.DataFrame):
        values = (
            list(answer.index)
            if answer.index.name == "customer_id" or "customer_id" not in answer.columns
            else list(answer["customer_id"])
        )
    elif isinstance(answer, pd.Series) and answer.dtype == bool:
        values = list(answer.index[answer.to_numpy()])  # a True/False mask by customer
    elif isinstance(answer, (pd.Series, pd.Index, list, tuple, set, frozenset)):
        values = list(answer)
    elif isinstance(answer, np.ndarray) and answer.ndim == 1:
        values = list(answer)
    else:
        raise Wrong(
            tr("{name} should be a list of customer ids such as ['C00012', …]; you gave a {kind}.").format(
                name=name, kind=type(answer).__name__
            )
        )
    return [str(v) for v in values]


def _short(error: Exception) -> str:
    text = str(error).strip().splitlines()[0] if str(error).strip() else ""
    return text if len(text) <= 120 else text[:117] + "…"


def _run(func, argument: pd.Series, name: str, what: str):
    """Call the trainee's function on a copy of the course's data; its own errors become a ✗
    that says which input it failed on."""
    try:
        return func(argument.copy())
    except (Wrong, NotAttempted):
        raise
    except Exception as error:
        raise Wrong(
            tr(
                "{name} raised {kind} ({error}) on {what}: it should take that Series (one value "
                "per customer) and return one value per customer."
            ).format(name=name, kind=type(error).__name__, error=_short(error), what=what)
        ) from None


def _per_customer(result, index: pd.Index, name: str) -> pd.Series:
    """The function's result as a Series aligned with ``index`` (by customer id where the
    result carries them, otherwise by position)."""
    if result is None:
        raise NotAttempted()
    if isinstance(result, pd.DataFrame):
        raise Wrong(
            tr("{name} returned a table (a DataFrame); return one value per customer, as a Series.").format(
                name=name
            )
        )
    if isinstance(result, (pd.Series, pd.Index, pd.Categorical, list, tuple)):
        pass
    elif isinstance(result, np.ndarray):
        if result.ndim != 1:
            raise Wrong(
                tr("{name} returned a {dims}-D array; return one value per customer, as a Series.").format(
                    name=name, dims=result.ndim
                )
            )
    else:
        raise Wrong(
            tr("{name} returned a {kind}; return one value per customer, as a Series.").format(
                name=name, kind=type(result).__name__
            )
        )
    if len(result) != len(index):
        raise Wrong(
            tr(
                "{name} returned {found:,} values for {customers:,} customers; return one per "
                "customer, none dropped or added."
            ).format(name=name, found=len(result), customers=len(index))
        )
    if (
        isinstance(result, pd.Series)
        and result.index.nlevels == 1
        and result.index.is_unique
        and result.index.isin(index).all()
    ):
        result = result.reindex(index)  # sorted or shuffled: align by customer
    values = pd.Series(result).to_numpy()
    if isinstance(getattr(result, "dtype", None), pd.CategoricalDtype):
        values = np.asarray(pd.Series(result).astype(object))
    return pd.Series(values, index=index)


def _allowed_bins(values: np.ndarray, cuts) -> tuple[np.ndarray, np.ndarray]:
    """For a split of customers by ``values`` at the cumulative shares ``cuts`` (ascending
    values), the lowest and highest group (0 = lowest values) each customer may get.

    Any consistent tie-breaking is allowed: tied customers may go to any group their tie
    spans, and each boundary may move by one customer (floor or ceiling of the share)."""
    n = len(values)
    order = np.sort(values)
    lower = np.searchsorted(order, values, side="left")
    upper = np.searchsorted(order, values, side="right") - 1
    edges = np.asarray(cuts, dtype=float) * n

    def group(position):
        return np.searchsorted(edges, position + 0.5, side="right")

    return group(np.maximum(lower - 1, 0)), group(np.minimum(upper + 1, n - 1))


def _rises_against(values: np.ndarray, groups: np.ndarray) -> bool:
    """True when a customer with a higher value sits in a lower group than one with a lower value."""
    frame = pd.DataFrame({"v": values, "g": groups}).groupby("v")["g"].agg(["min", "max"]).sort_index()
    return bool((frame["min"].to_numpy()[1:] < np.maximum.accumulate(frame["max"].to_numpy())[:-1]).any())


def _equal_width(values: np.ndarray, bins: int) -> np.ndarray:
    return pd.cut(values, bins, labels=False).astype(int)


# ------------------------------------------------------------------------------ 2.1
@task(
    "ch02.never_bought",
    N_("Registered customers who never bought"),
    hints=[
        N_("Every customer is in `customers`; buyers are the distinct `customer_id`s of `orders`."),
        N_(
            "Count the customers whose id is not among the buyers: "
            "`(~customers['customer_id'].isin(orders['customer_id'])).sum()`."
        ),
    ],
)
def _never_bought(answer):
    customers, orders = shipped("customers"), shipped("orders")
    buyers = orders["customer_id"].nunique()
    expected = int((~customers["customer_id"].isin(orders["customer_id"].unique())).sum())
    if (
        isinstance(answer, (pd.DataFrame, pd.Series, pd.Index, list, np.ndarray))
        and getattr(answer, "ndim", 1) >= 1
        and len(answer) == expected
    ):
        raise Wrong(
            tr(
                "that is the list of those customers; store HOW MANY there are: wrap it in `len(...)` "
                "or add `.sum()` to the True/False mask."
            )
        )
    value = number_like(answer, "never_bought")
    if to_precision(value, expected, 0):
        return None
    if to_precision(value, buyers, 0):
        raise Wrong(
            tr(
                "that is the number of buyers; the task asks for the registered customers who are NOT among them."
            )
        )
    if to_precision(value, len(customers), 0):
        raise Wrong(
            tr(
                "that is every registered customer: nobody was matched. `isin(orders)` looks at "
                "the column NAMES of the table; compare with `orders['customer_id']`."
            )
        )
    if to_precision(value, len(orders), 0):
        raise Wrong(tr("that counts the rows of `orders`; compare the customer ids of the two tables."))
    if value == 0:
        raise Wrong(
            tr(
                "0: every order belongs to a registered customer, so checking orders against "
                "customers finds nobody. Turn it round: which CUSTOMERS have no order?"
            )
        )
    if to_precision(value, expected / len(customers), 3) or to_precision(
        value, expected / len(customers) * 100, 1
    ):
        raise Wrong(tr("that is a share; the task asks for the number of customers."))
    if to_precision(value, len(customers) - len(orders), 0):
        raise Wrong(
            tr(
                "customers minus orders mixes two units: a customer can have many orders. Compare ids instead."
            )
        )
    if to_precision(value, int((_rfm()["frequency"] == 1).sum()), 0):
        raise Wrong(
            tr(
                "that counts buyers with exactly one order (they never came BACK); the task asks "
                "for registered customers with no order at all."
            )
        )
    if abs(value - expected) > max(0.1 * expected, 5):
        raise Wrong(
            tr(
                "{value:,.0f} is not the count: look for the registered customers whose id never "
                "appears in `orders['customer_id']`."
            ).format(value=value)
        )
    require_precision(
        value,
        expected,
        name="never_bought",
        decimals=0,
        close_hint=tr(
            "Compare ids: customers whose id never appears in `orders['customer_id']`, each counted once."
        ),
    )


# ------------------------------------------------------------------------------ 2.2
@task(
    "ch02.rfm_by_hand",
    N_("RFM table with groupby"),
    hints=[
        N_(
            "Group `orders` by `customer_id`; recency needs the last order date, frequency the "
            "number of orders, monetary the sum of `amount`."
        ),
        N_("Recency is counted to `data.AS_OF` (2025-01-01), in whole days: `(AS_OF - last_order).dt.days`."),
        N_("Keep the columns recency_days, frequency, monetary, one row per customer_id."),
    ],
)
def _rfm_by_hand(answer):
    table = frame_like(answer, "rfm_hand")
    expected = _rfm()
    if "customer_id" in table.columns and table.index.name != "customer_id":
        table = table.set_index("customer_id")
    missing = [c for c in ("recency_days", "frequency", "monetary") if c not in table.columns]
    if missing:
        raise Wrong(
            tr("columns {missing} are missing; name them recency_days, frequency and monetary.").format(
                missing=missing
            )
        )
    table = table.copy()
    table.index = table.index.astype(str)
    if len(table) == len(shipped("customers")) and len(table) != len(expected):
        raise Wrong(
            tr(
                "{rows:,} rows: the table holds every registered customer, including those "
                "who never bought; RFM has one row per BUYER (group the orders)."
            ).format(rows=len(table))
        )
    if len(table) != len(expected):
        raise Wrong(
            tr(
                "{rows:,} rows, but {buyers:,} customers bought something: one row "
                "per buyer, none dropped and none added."
            ).format(rows=len(table), buyers=len(expected))
        )
    if not table.index.is_unique or not table.index.sort_values().equals(
        expected.index.astype(str).sort_values()
    ):
        raise Wrong(
            tr("the index does not hold the buyers' customer ids, once each; group by `customer_id`.")
        )
    table = table.loc[expected.index.astype(str)]
    orders = shipped("orders")
    if pd.api.types.is_timedelta64_dtype(table["recency_days"]):
        raise Wrong(
            tr(
                "recency_days holds time spans (e.g. '38 days'); take the whole number of days with `.dt.days`."
            )
        )
    recency = pd.to_numeric(table["recency_days"], errors="coerce").to_numpy(dtype=float)
    if np.isnan(recency).any():
        raise Wrong(
            tr(
                "recency_days has {count:,} missing or non-numeric values; "
                "it is a whole number of days for every buyer."
            ).format(count=int(np.isnan(recency).sum()))
        )
    gap = recency - expected["recency_days"].to_numpy()
    if not np.allclose(gap, 0, atol=0.5):
        if np.allclose(gap, -1):
            raise Wrong(
                tr(
                    "recency_days is one day short for every customer: count the days to "
                    "`AS_OF` (2025-01-01), not to the last day of the data."
                )
            )
        if np.allclose(gap, 1):
            raise Wrong(
                tr(
                    "recency_days is one day too long for every customer: count from the last "
                    "order to `AS_OF` itself."
                )
            )
        if np.allclose(gap, gap[0]):
            raise Wrong(
                tr(
                    "recency_days is off by the same {days:+,.0f} days for every customer: "
                    "count to `AS_OF` (2025-01-01), not to today or another day."
                ).format(days=gap[0])
            )
        first = (pd.Timestamp("2025-01-01") - orders.groupby("customer_id")["order_date"].min()).dt.days
        if np.allclose(recency, first.reindex(expected.index).to_numpy()):
            raise Wrong(
                tr(
                    "recency_days counts from each customer's FIRST order; recency is the time "
                    "since the LAST order (`.max()` of order_date)."
                )
            )
        raise Wrong(
            tr(
                "recency_days differs for {count:,} customers: "
                "subtract each customer's LAST order date from AS_OF and take `.dt.days`."
            ).format(count=int((~np.isclose(gap, 0, atol=0.5)).sum()))
        )
    frequency = pd.to_numeric(table["frequency"], errors="coerce").to_numpy(dtype=float)
    if not np.allclose(frequency, expected["frequency"]):
        distinct_days = orders.groupby("customer_id")["order_date"].nunique().reindex(expected.index)
        if np.allclose(frequency, distinct_days):
            raise Wrong(
                tr(
                    "frequency counts distinct order days; in RFM every order counts, same-day orders included."
                )
            )
        raise Wrong(
            tr("frequency differs for {count:,} customers: count the orders (rows) of each customer.").format(
                count=int((~np.isclose(frequency, expected["frequency"])).sum())
            )
        )
    monetary = pd.to_numeric(table["monetary"], errors="coerce").to_numpy(dtype=float)
    if not (np.abs(monetary - expected["monetary"].to_numpy()) <= 0.005 + 1e-6).all():
        gross = orders.groupby("customer_id")["gross_amount"].sum().reindex(expected.index)
        if np.allclose(monetary, gross, atol=0.01):
            raise Wrong(
                tr("monetary is the gross amount before discounts; sum `amount` (what the customer paid).")
            )
        mean = orders.groupby("customer_id")["amount"].mean().reindex(expected.index)
        if np.allclose(monetary, mean, atol=0.01):
            raise Wrong(tr("monetary is the mean order value; RFM uses the total spend (sum)."))
        if np.allclose(monetary, expected["monetary"].to_numpy(), atol=0.5):
            raise Wrong(
                tr(
                    "monetary is close, but not right to two decimals (the fen): keep the cents when you round."
                )
            )
        raise Wrong(tr("monetary differs: sum `amount` per customer."))


# ------------------------------------------------------------------------------ 2.3
def _numeric_scores(scores: pd.Series, name: str) -> np.ndarray:
    """The scores as floats, or a ✗ that says what they are instead."""
    if scores.dtype == bool or all(isinstance(v, (bool, np.bool_)) for v in scores.head(50)):
        raise Wrong(tr("{name} returned True/False; return scores 1–5.").format(name=name))
    text = next((v for v in scores.head(50) if isinstance(v, str)), None)
    if text is not None:
        raise Wrong(
            tr(
                "{name} returned the scores as text ({text}); return numbers 1–5 "
                "(e.g. labels=[5, 4, 3, 2, 1], then `.astype(int)`)."
            ).format(name=name, text=_short(Exception(repr(text))))
        )
    try:
        values = pd.to_numeric(scores, errors="coerce")
    except (TypeError, ValueError):
        values = pd.Series(np.nan, index=scores.index)
    if (values.isna() & scores.notna()).any():
        raise Wrong(
            tr("{name} returned values that are not numbers, such as {example}; return scores 1–5.").format(
                name=name, example=_short(Exception(repr(scores[values.isna()].iloc[0])))
            )
        )
    values = values.to_numpy(dtype=float)
    if np.isnan(values).any():
        raise Wrong(
            tr(
                "{count:,} customers got no score (NaN): every customer "
                "needs one; with `pd.cut`, values outside the edges get none — cut by "
                "quantiles of the rank instead."
            ).format(count=int(np.isnan(values).sum()))
        )
    if not np.isfinite(values).all():
        raise Wrong(tr("{name} returned infinite values; return scores 1–5.").format(name=name))
    return values


@task(
    "ch02.r_score",
    N_("Recency score 1–5 by quintiles"),
    hints=[
        N_("Split customers into five equal groups by recency_days: `pd.qcut` on the rank."),
        N_("Recency is better when SMALLER: the most recent fifth gets 5, the longest-absent fifth 1."),
        N_("Rank first (`rank(method='first')`) so ties do not break `qcut`, and return integers."),
    ],
)
def _r_score(answer):
    if not callable(answer):
        raise Wrong(
            tr("r_score should be a function that takes a Series of recency_days; you gave a {kind}.").format(
                kind=type(answer).__name__
            )
        )
    recency = _rfm()["recency_days"]
    result = _run(answer, recency, "r_score", tr("the course's recency_days (`rfm_all['recency_days']`)"))
    scores = _per_customer(result, recency.index, "r_score")
    values = _numeric_scores(scores, "r_score")
    found = sorted(set(values.tolist()))
    if any(v != int(v) for v in found):
        if 0 <= min(found) and max(found) <= 1:
            raise Wrong(
                tr(
                    "those are percentile ranks (0–1), not scores: cut them into five groups "
                    "and label the groups 5 to 1."
                )
            )
        raise Wrong(
            tr(
                "the scores should be whole numbers 1 to 5; you returned fractions such as {example:.3g}."
            ).format(example=next(v for v in found if v != int(v)))
        )
    if set(found) <= {0, 1, 2, 3, 4} and 0 in found:
        raise Wrong(
            tr(
                "your scores run from 0 to 4 (`labels=False` numbers the groups from 0); the "
                "scores are 1 to 5: give the labels [5, 4, 3, 2, 1]."
            )
        )
    if not set(found) <= {1, 2, 3, 4, 5}:
        raise Wrong(
            tr("the scores should be the integers 1 to 5; you returned {found}{more}.").format(
                found=[int(v) for v in found][:8], more=" …" if len(found) > 8 else ""
            )
        )
    if len(found) < 5:
        raise Wrong(
            tr("only {count} different scores ({scores}): quintiles make FIVE groups, scored 1 to 5.").format(
                count=len(found), scores=", ".join(str(int(v)) for v in found)
            )
        )
    days = recency.to_numpy(dtype=float)
    recent, absent = days <= np.quantile(days, 0.2), days >= np.quantile(days, 0.8)
    if values[recent].mean() < values[absent].mean():
        raise Wrong(
            tr(
                "the most recent customers got the LOW scores: recency is better when smaller, "
                "so reverse the labels (5 for the fewest days since the last order)."
            )
        )
    group = (5 - values).astype(int)  # 0 = the most recent fifth
    if _rises_against(days, group):
        raise Wrong(
            tr(
                "a customer with MORE days since the last order got a higher score than one with "
                "fewer; the score must fall as recency_days grows."
            )
        )
    low, high = _allowed_bins(days, [0.2, 0.4, 0.6, 0.8])
    if ((group < low) | (group > high)).any():
        sizes = pd.Series(values).value_counts().reindex([5, 4, 3, 2, 1], fill_value=0)
        held = " / ".join(f"{n:,}" for n in sizes)
        cause = tr(
            "cut by the customers' rank or by quantiles (`pd.qcut`), not by ranges of days "
            "(`pd.cut`, fixed cut-offs)"
        )
        if (group == _equal_width(days, 5)).all():
            cause = tr(
                "`pd.cut(recency_days, 5)` makes five equal RANGES of days; quintiles need "
                "five equal NUMBERS of customers: `pd.qcut` on the rank"
            )
        raise Wrong(
            tr(
                "the groups scored 5, 4, 3, 2, 1 hold {held} of the {customers:,} customers; "
                "quintiles give each about a fifth (ties at a boundary may shift a few): {cause}."
            ).format(held=held, customers=len(days), cause=cause)
        )


# ------------------------------------------------------------------------------ 2.4
_TIER_NAMES = {}
for _rank, (_zh, _key, _en) in enumerate(
    [
        ("铁", "iron", "Iron"),
        ("铜", "bronze", "Bronze"),
        ("白银", "silver", "Silver"),
        ("金钻", "diamond", "Diamond"),
    ]
):
    _TIER_NAMES.update({_zh: _rank, _key: _rank, _en.lower(): _rank})


def tier_edges() -> list[float]:
    """The value tiers' quantile edges from the LOWEST spend up (what ``pd.qcut`` takes):
    the course's one set of thresholds, :data:`course_lib.tiers.TIER_CUTOFFS` (top 18 % 金钻,
    next 22 % 白银, next 30 % 铜, bottom 30 % 铁), read from the bottom."""
    from ..tiers import TIER_CUTOFFS

    return [0.0] + [round(1 - c, 10) for c in reversed(TIER_CUTOFFS)] + [1.0]


def _tier_shares_text() -> str:
    from ..tiers import TIER_CUTOFFS

    d, s, b = (round(100 * c) for c in TIER_CUTOFFS)
    return tr(
        "金钻 is the top {diamond} %, 白银 the next {silver} %, 铜 the next {bronze} %, 铁 the bottom "
        "{iron} % (rfm.TIER_CUTOFFS)"
    ).format(diamond=d, silver=s - d, bronze=b - s, iron=100 - b)


@task(
    "ch02.value_tier",
    N_("Value tiers 金钻 / 白银 / 铜 / 铁"),
    hints=[
        N_(
            "Rank customers by spend; the course's thresholds are `rfm.TIER_CUTOFFS`: the top 18 % "
            "are 金钻, the next 22 % 白银, the next 30 % 铜, the bottom 30 % 铁."
        ),
        N_(
            "`pd.qcut(monetary.rank(method='first'), [0, .3, .6, .82, 1], labels=[...])` — the edges "
            "and the labels go from the LOWEST spend to the highest."
        ),
    ],
)
def _value_tier(answer):
    if not callable(answer):
        raise Wrong(
            tr(
                "value_tier should be a function that takes a Series of total spend; you gave a {kind}."
            ).format(kind=type(answer).__name__)
        )
    spend = _rfm()["monetary"]
    result = _run(answer, spend, "value_tier", tr("the course's spend per buyer (`rfm_all['monetary']`)"))
    tiers = _per_customer(result, spend.index, "value_tier")
    if tiers.isna().any():
        raise Wrong(
            tr(
                "{count:,} customers got no tier (NaN): the edges must cover "
                "everyone, from the lowest spend to the highest."
            ).format(count=int(tiers.isna().sum()))
        )
    text = tiers.astype(str).str.strip()
    rank = text.str.lower().map(_TIER_NAMES)
    if rank.isna().any():
        found = sorted(set(text[rank.isna()]))
        if set(found) <= {"0", "1", "2", "3", "0.0", "1.0", "2.0", "3.0"}:
            raise Wrong(
                tr(
                    'value_tier returned group numbers; return the tier names (labels=["铁", "铜", "白银", "金钻"]).'
                )
            )
        if set(s.lower() for s in found) & {
            "gold",
            "platinum",
            "member",
            "普通会员",
            "银卡",
            "金卡",
            "白金卡",
        }:
            raise Wrong(
                tr(
                    "{found} are MEMBERSHIP tiers (the loyalty programme the customer sees); "
                    "this task asks for the VALUE tiers {labels} (or Diamond, Silver, Bronze, "
                    "Iron)."
                ).format(found=found[:4], labels=TIER_LABELS)
            )
        raise Wrong(
            tr(
                "use the tier labels {labels} (or Diamond, Silver, Bronze, Iron); you returned {found}."
            ).format(labels=TIER_LABELS, found=found[:6])
        )
    group = rank.to_numpy(dtype=int)  # 0 = 铁 … 3 = 金钻
    money = spend.to_numpy(dtype=float)
    edges = tier_edges()
    top, bottom = money >= np.quantile(money, edges[3]), money <= np.quantile(money, edges[1])
    if group[top].mean() < group[bottom].mean():
        raise Wrong(
            tr(
                "the biggest spenders got 铁: the labels run from the lowest quantile to the "
                "highest, so 铁 comes first."
            )
        )
    if _rises_against(money, group):
        raise Wrong(
            tr(
                "a customer who spent more sits in a lower tier than one who spent less; tiers "
                "must rise with spend."
            )
        )
    low, high = _allowed_bins(money, edges[1:4])
    if ((group < low) | (group > high)).any():
        counts = pd.Series(group).value_counts().reindex([3, 2, 1, 0], fill_value=0)
        held = ", ".join(f"{label} {n:,}" for label, n in zip(TIER_LABELS, counts))
        shares = counts.to_numpy() / len(money)
        cause = ""
        if (group == _equal_width(money, 4)).all():
            cause = tr(
                "`pd.cut` makes equal RANGES of money, and a few big spenders stretch them; "
                "tiers are shares of CUSTOMERS: `pd.qcut` on the rank."
            )
        elif (np.abs(shares - 0.25) < 0.01).all():
            cause = tr(
                "Four equal quarters are quartiles; the tiers are 18 %, 22 %, 30 % and 30 %: "
                "give qcut the edges {edges}."
            ).format(edges=edges)
        elif abs(shares[3] - (1 - edges[3])) < 0.01:
            cause = tr(
                "铁 holds the share meant for 金钻: the shares were read from the top; the qcut "
                "edges count from the LOWEST spend, {edges}."
            ).format(edges=edges)
        held_by = {"buyers": len(money), "held": held, "shares": _tier_shares_text()}
        if not cause:
            raise Wrong(
                tr(
                    "on the {buyers:,} buyers the tiers hold {held}: {shares} — ties at a boundary may shift a few."
                ).format(**held_by)
            )
        raise Wrong(
            tr(
                "on the {buyers:,} buyers the tiers hold {held}: {shares} — ties at a boundary may "
                "shift a few. {cause}"
            ).format(cause=cause, **held_by)
        )


# ------------------------------------------------------------------------------ 2.5
@task(
    "ch02.top18_share",
    N_("Revenue share of the top 18 % of buyers"),
    hints=[
        N_("Sort the buyers' total spend from high to low and add up the top 18 %."),
        N_(
            "`rfm.concentration(rfm_all['monetary'], top=0.18)` does it; give a fraction (0–1) to two decimals."
        ),
    ],
)
def _top18(answer):
    from ..concentration import concentration

    value = number_like(answer, "top18_share")
    if not math.isfinite(value):
        raise Wrong(tr("top18_share is infinite: look for a division by zero."))
    monetary = _rfm()["monetary"]
    expected = concentration(monetary, top=0.18)
    if to_precision(value, expected, 2):
        return None
    if 1 < value <= 100 and to_precision(value / 100, expected, 2):
        raise Wrong(tr("that looks like a percentage; give the fraction (0.7, not 70)."))
    if to_precision(value, 1 - concentration(monetary, top=0.82), 2):
        raise Wrong(tr("that is the share of the bottom 18 %; sort from the highest spend down."))
    if value > 1000:
        raise Wrong(tr("that is an amount of money; divide by the total revenue to get a share."))
    everyone = pd.concat([monetary, pd.Series(0.0, index=range(len(shipped("customers")) - len(monetary)))])
    if to_precision(value, concentration(everyone, top=0.18), 2):
        raise Wrong(
            tr(
                "that counts non-buyers in the 18 %; the claim is about buyers, so use "
                "the RFM table's customers only."
            )
        )
    ranked = monetary.sort_values(ascending=False)
    if to_precision(value, ranked.head(18).sum() / ranked.sum(), 2):
        raise Wrong(
            tr(
                "that is the share of the top 18 CUSTOMERS; the task asks for the top 18 % of "
                "buyers (0.18 × the number of buyers)."
            )
        )
    amounts = shipped("orders")["amount"].sort_values(ascending=False)
    if to_precision(value, amounts.head(round(0.18 * len(amounts))).sum() / amounts.sum(), 2):
        raise Wrong(tr("that ranks single ORDERS; rank buyers by their total spend (`rfm_all['monetary']`)."))
    if to_precision(value, 0.18, 2) or to_precision(value, 0.82, 2):
        raise Wrong(tr("that is a share of customers; the task asks for their share of REVENUE."))
    require_precision(
        value,
        expected,
        name="top18_share",
        decimals=2,
        close_hint=tr(
            "Take the top 18 % of BUYERS by total spend and divide their spend by the total of all buyers."
        ),
    )


# ------------------------------------------------------------------------------ 2.6
@task(
    "ch02.wakeup_uplift",
    N_("Reactivation uplift of the wake-up offer"),
    hints=[
        N_(
            "Select the wake-up campaign's contacts; compare the `converted` rate of the "
            "treatment group with that of the control group."
        ),
        N_(
            "Uplift = treatment rate − control rate, a fraction to three decimals such as 0.052; "
            "`rfm.offer_results(...)` has it in its `uplift` row."
        ),
    ],
)
def _wakeup_uplift(answer):
    value = number_like(answer, "wakeup_uplift")
    if not math.isfinite(value):
        raise Wrong(tr("wakeup_uplift is infinite: look for a division by zero."))
    contacts = wakeup_contacts()
    rates = contacts.groupby("group")["converted"].mean()
    uplift = rates["treatment"] - rates["control"]
    if to_precision(value, uplift, 3):
        return None
    if to_precision(value, rates["treatment"], 3):
        raise Wrong(
            tr(
                "that is the treatment group's reactivation rate; subtract the control "
                "group's rate to see what the offer itself added."
            )
        )
    if to_precision(value, rates["control"], 3):
        raise Wrong(tr("that is the control group's rate; the uplift is treatment minus control."))
    if to_precision(value, -uplift, 3):
        raise Wrong(tr("the sign is reversed: treatment minus control."))
    if abs(value) > 1 and to_precision(value / 100, uplift, 3):
        raise Wrong(tr("that looks like percentage points; give a fraction (0.05, not 5)."))
    responded = contacts.groupby("group")["responded"].mean()
    if to_precision(value, responded["treatment"] - responded["control"], 3) or to_precision(
        value, responded["treatment"], 3
    ):
        raise Wrong(
            tr(
                "that uses `responded` (uptake of the offer); reactivation is `converted` "
                "(ordered within 7 days)."
            )
        )
    if to_precision(value, rates["treatment"] / rates["control"], 3) or to_precision(
        value, rates["treatment"] / rates["control"] - 1, 3
    ):
        raise Wrong(tr("that is a ratio of the two rates; the uplift is their difference."))
    if to_precision(value, contacts["converted"].mean(), 3):
        raise Wrong(
            tr(
                "that is the reactivation rate of both groups together; compare the treatment "
                "group's rate with the control group's."
            )
        )
    every = shipped("campaigns").groupby("group")["converted"].mean()
    if {"treatment", "control"} <= set(every.index) and to_precision(
        value, every["treatment"] - every["control"], 3
    ):
        raise Wrong(
            tr("that mixes the contacts of every campaign; use only the wake-up campaign's (`wakeup`).")
        )
    require_precision(
        value,
        uplift,
        name="wakeup_uplift",
        decimals=3,
        close_hint=tr(
            "Use only the wake-up campaign's contacts and the `converted` column, treatment rate "
            "minus control rate."
        ),
    )


# ------------------------------------------------------------------------------ 2.7
MID = "2024-07-01"
"""The day the segmentation of exercise 2.7 is taken; churn is measured over the 184 days after."""


@lru_cache(maxsize=1)
def _mid():
    from ..rfm import rfm_table
    from ..segmentation import churn_next_period

    rfm_mid = rfm_table(shipped("orders"), as_of=MID)
    churn = {
        days: float(churn_next_period(shipped("orders"), as_of=MID, days=days).mean())
        for days in (30, 60, 90, 180, 184)
    }
    backward = {days: float((rfm_mid["recency_days"] > days).mean()) for days in (90, 180, 184)}
    return rfm_mid, churn, backward


def _mid_churn():
    from ..segmentation import churn_next_period

    return churn_next_period(shipped("orders"), as_of=MID, days=184)


def _column(table, name) -> np.ndarray:
    values = pd.to_numeric(table[name], errors="coerce").to_numpy(dtype=float)
    if not np.isfinite(values).all():
        raise Wrong(
            tr(
                "the `{name}` column has missing or non-numeric values; build the table with "
                "`segmentation.profile`."
            ).format(name=name)
        )
    return values


@task(
    "ch02.segment_profile",
    N_("Profile of a k-means segmentation with next-period churn"),
    hints=[
        N_(
            "Take RFM as of 2024-07-01, cluster it with `segmentation.cluster` (your k, 3–6), and "
            "profile the clusters with `segmentation.profile`."
        ),
        N_(
            "Pass `churned=segmentation.churn_next_period(orders, as_of='2024-07-01', days=184)` "
            "so the profile gets a churn_rate column for July–December."
        ),
    ],
)
def _segment_profile(answer):
    from ..rfm import SEGMENTS

    table = frame_like(answer, "segment_profile")
    if "customers" not in table.columns and "customers" in table.index:
        raise Wrong(
            tr(
                "the table is turned on its side (`customers` is a row): hand in "
                "`segmentation.profile(...)` as it comes, one row per segment."
            )
        )
    for column in ("customers", "revenue_share", "recency_days", "frequency", "monetary"):
        if column not in table.columns:
            raise Wrong(
                tr("there is no `{column}` column: build the table with `segmentation.profile`.").format(
                    column=column
                )
            )
    if "churn_rate" not in table.columns:
        raise Wrong(tr("there is no `churn_rate` column: pass `churned=` to `segmentation.profile`."))
    if len(table) == 0:
        raise Wrong(tr("the table has no rows: profile the clusters, one row per segment."))
    sizes = _column(table, "customers")
    rfm_mid, churn, backward = _mid()
    total = int(round(sizes.sum()))
    if total == len(_rfm()):
        raise Wrong(
            tr(
                "the profile covers every buyer up to 2025; take RFM as of 2024-07-01 so the "
                "following six months can show who churned."
            )
        )
    if total != len(rfm_mid):
        raise Wrong(
            tr(
                "the segments hold {total:,} customers, but {buyers:,} bought before "
                "2024-07-01: take RFM with `as_of='2024-07-01'` and profile all of them, once each."
            ).format(total=total, buyers=len(rfm_mid))
        )
    if set(map(str, table.index)) & set(SEGMENTS.index):
        raise Wrong(
            tr(
                "those are the rule-based RFM segments; the task asks for k-means clusters "
                "(`segmentation.cluster`, k from 3 to 6)."
            )
        )
    if not 3 <= len(table) <= 6:
        raise Wrong(
            tr(
                "{count} segments: choose k from 3 to 6 — fewer hides differences, more is hard for a team to serve."
            ).format(count=len(table))
        )
    if abs(float(_column(table, "revenue_share").sum()) - 1) > 0.01:
        raise Wrong(
            tr(
                "the revenue shares do not add up to 1: divide each segment's spend by the "
                "total spend of all segments."
            )
        )
    for column, what in (
        ("recency_days", tr("recency is not counted to 2024-07-01")),
        ("frequency", tr("frequency does not count the orders before 2024-07-01")),
        ("monetary", tr("monetary is not the spend before 2024-07-01")),
    ):
        mean = float(np.sum(_column(table, column) * sizes) / total)
        if abs(mean - float(rfm_mid[column].mean())) > 0.051:  # profile rounds means to 0.1
            raise Wrong(
                tr(
                    "the segments' mean {column} does not average out to the customers' RFM as "
                    "of 2024-07-01: {what}. Use `rfm.rfm_table(orders, as_of='2024-07-01')`."
                ).format(column=column, what=what)
            )
    rates = _column(table, "churn_rate")
    if rates.max() > 1 or rates.min() < 0:
        raise Wrong(tr("churn_rate should be a share between 0 and 1 (0.35, not 35)."))
    overall = float(np.sum(rates * sizes) / total)
    within = 0.0006  # churn rates rounded to 3 decimals, as profile gives them
    if abs(overall - churn[184]) > within:
        if any(abs(overall - b) <= within for b in backward.values()):
            raise Wrong(
                tr(
                    "the churn flags look BACK (no order in the months before July); churn here "
                    "is who buys nothing in the NEXT 184 days: `churn_next_period`."
                )
            )
        if abs(overall - (1 - churn[184])) <= within:
            raise Wrong(
                tr(
                    "the churn flags are reversed: True should mark the customers who bought "
                    "NOTHING from July to December."
                )
            )
        if any(abs(overall - churn[d]) <= within for d in (30, 60, 90, 180)):
            raise Wrong(
                tr(
                    "the churn window is shorter than July–December 2024, which is 184 days: "
                    "pass `days=184` (the default is 180)."
                )
            )
        raise Wrong(
            tr(
                "the churn rates average {rate:.3f} over all customers, which is not churn "
                "over July–December 2024: use `churn_next_period(orders, as_of='2024-07-01', "
                "days=184)`, with the rates to three decimals."
            ).format(rate=overall)
        )
    if np.ptp(rates) < 0.05:
        raise Wrong(
            tr(
                "the segments churn at nearly the same rate, so they do not separate "
                "behaviour; cluster on recency, frequency and monetary together."
            )
        )
    return tr(
        "Whether your k and your reading of the clusters serve the team is for the instructor's rubric."
    )


# ------------------------------------------------------------------------------ 2.8
def _plan_groups(eligible: pd.DataFrame) -> pd.DataFrame:
    """Eligible customers in contact order, numbered by group of equal priority and score
    (any order inside a group is right)."""
    frame = eligible.assign(_score=eligible["score"].round(6))
    frame = frame.sort_values(["priority", "_score"], ascending=[True, False], kind="stable")
    frame["group"] = frame.groupby(["priority", "_score"], sort=False).ngroup()
    return frame


def _expected_counts(groups: pd.DataFrame, budget: float) -> tuple[list[int], list[int]]:
    """Customers per group when the list stops at the first who does not fit (prefix) and when
    it skips them and fills the rest with cheaper ones further down (greedy)."""
    stats = groups.groupby("group").agg(size=("cost", "size"), cost=("cost", "first"))
    prefix, greedy = [], []
    left_p = left_g = budget
    stopped = False
    for size, cost in zip(stats["size"], stats["cost"]):
        take_g = int(min(size, math.floor(left_g / cost + 1e-9)))
        greedy.append(take_g)
        left_g -= take_g * cost
        take_p = 0 if stopped else int(min(size, math.floor(left_p / cost + 1e-9)))
        prefix.append(take_p)
        left_p -= take_p * cost
        stopped = stopped or take_p < size
    return prefix, greedy


def _cut_before_consent(open_to_all: pd.DataFrame, ids: list[str]) -> bool:
    """True when the plan is what is left of `segmentation.contact_plan` cut at the budget over
    ALL customers once those without consent are dropped."""
    from ..segmentation import contact_plan

    cut = contact_plan(open_to_all, budget=BUDGET)
    return set(ids) == set(cut.index[open_to_all.loc[cut.index, "consent"].to_numpy()])


@task(
    "ch02.contact_plan",
    N_("Contact plan within a budget of ¥3,000"),  # ¥{BUDGET:,.0f}; a test keeps them equal
    hints=[
        N_(
            "Score and segment the buyers, leave out hibernating and regular customers (they get "
            "automated messages), and keep only customers who consented to their segment's channel."
        ),
        N_(
            "Order by segment priority (`rfm.SEGMENTS['priority']`, 1 first), then by combined score "
            "(highest first), and keep customers while the running cost stays within the budget; "
            "`segmentation.contact_plan(scored, budget=...)` does the ordering."
        ),
        N_("Hand in the customer ids (e.g. `list(plan.index)`)."),
    ],
)
def _contact_plan(answer):
    ids = _ids(answer, "contact_ids")
    if not ids:
        raise Wrong(tr("the list is empty: a budget of ¥3,000 pays for dozens of contacts."))
    repeated = len(ids) - len(set(ids))
    if repeated:
        raise Wrong(
            tr("{count} customer id(s) appear more than once; contact each customer once.").format(
                count=repeated
            )
        )
    table = _eligible_table()
    unknown = [i for i in ids if i not in table.index]
    if unknown:
        raise Wrong(
            tr(
                "{count} id(s) are not buyers, first {first}; choose among the customers of the RFM table."
            ).format(count=len(unknown), first=repr(unknown[0]))
        )
    chosen = table.loc[ids]
    automated = chosen["segment"].isin(AUTOMATED)
    if automated.any():
        raise Wrong(
            tr(
                "{count} hibernating or regular customer(s) are on the list; they "
                "are served by automated reminders, not by the contact budget."
            ).format(count=int(automated.sum()))
        )
    no_consent = ~chosen["consent"]
    if no_consent.any():
        first = chosen[no_consent].iloc[0]
        raise Wrong(
            tr(
                "{count} customer(s) never agreed to be contacted on their "
                "segment's channel (e.g. {customer}, segment {segment}, channel "
                "{channel}); check the consent column of THAT channel and leave them out."
            ).format(
                count=int(no_consent.sum()),
                customer=first.name,
                segment=first["segment"],
                channel=first["channel"],
            )
        )
    cost = float(chosen["cost"].sum())
    if cost > BUDGET + 1e-6:
        raise Wrong(
            tr(
                "the plan costs ¥{cost:,.1f}, over the ¥{budget:,.0f} budget; cut from the lowest priority."
            ).format(cost=cost, budget=BUDGET)
        )
    open_to_all = table[~table["segment"].isin(AUTOMATED)]
    groups = _plan_groups(open_to_all[open_to_all["consent"]])
    picked = groups.index.isin(ids)
    counts = np.bincount(groups["group"].to_numpy()[picked], minlength=int(groups["group"].max()) + 1)
    prefix, greedy = _expected_counts(groups, BUDGET)
    if list(counts) in (prefix, greedy):
        return None
    if _cut_before_consent(open_to_all, ids):
        raise Wrong(
            tr(
                "the plan spends ¥{cost:,.0f}: the budget was cut BEFORE the customers without "
                "consent were dropped. Drop them first, then fill the budget."
            ).format(cost=cost)
        )
    diverge = [
        next((g for g, (a, b) in enumerate(zip(counts, e)) if a != b), len(e)) for e in (prefix, greedy)
    ]
    strategy = int(np.argmax(diverge))
    g = diverge[strategy]
    wanted = (prefix, greedy)[strategy][g]
    stats = groups[groups["group"] == g].iloc[0]
    later = groups[picked & (groups["group"] > g).to_numpy()]
    if counts[g] < wanted and len(later):
        left_out = wanted - counts[g]
        if (later["priority"] == stats["priority"]).any():
            worse = later[later["priority"] == stats["priority"]]["score"].max()
            raise Wrong(
                tr(
                    "within {segment}, {count} customer(s) with a combined score of "
                    "{score:.2f} are left out while customers scoring {worse:.2f} are "
                    "contacted: inside a segment, the higher combined score goes first."
                ).format(segment=stats["segment"], count=left_out, score=stats["score"], worse=worse)
            )
        other = later.iloc[0]
        raise Wrong(
            tr(
                "{count} eligible customer(s) of a higher-priority segment are left out "
                "(segment {segment}, priority {priority}) while customers of "
                "{other} (priority {other_priority}) are contacted; "
                "fill the list in priority order, 1 first."
            ).format(
                count=left_out,
                segment=stats["segment"],
                priority=int(stats["priority"]),
                other=other["segment"],
                other_priority=int(other["priority"]),
            )
        )
    if counts[g] < wanted:
        raise Wrong(
            tr(
                "the plan spends ¥{cost:,.1f} of ¥{budget:,.0f}, yet the next customer in order "
                "(segment {segment}, ¥{price:,.1f} a contact) still fits: keep adding "
                "customers while the running cost stays at or under the budget."
            ).format(cost=cost, budget=BUDGET, segment=stats["segment"], price=stats["cost"])
        )
    raise Wrong(
        tr(
            "the list does not follow the order of the rules: priority 1 first, then the "
            "higher combined score, adding customers while the budget lasts."
        )
    )


# ------------------------------------------------------------------------------ 2.9
TIER_BUDGET = 150_000.0
"""The yearly maintenance budget of exercise 2.9 (CNY), beyond the automated messages."""

FITS = {
    "diamond": {"personal_care"},
    "silver": {"grow_interaction"},
    "bronze": {"trial_offers"},
    "iron": {"awaken", "trial_offers"},
}
"""The actions of :data:`course_lib.tiers.TIER_ACTIONS` that serve each value tier's aim in the
classification outline (Iron may also get a trial: a first purchase is its way up)."""

_AIM = {
    "diamond": N_(
        "keep and deepen the relationship with the customers who bring most of the "
        "revenue: personal care, customised products, a VIP programme, and a say in new "
        "products"
    ),
    "silver": N_(
        "grow into 金钻: frequent interaction, value-added services and invitations to higher-value activities"
    ),
    "bronze": N_("move up a tier: low-cost promotions, trials and personalised offers"),
    "iron": N_(
        "awaken demand: product introductions and regular, light contact (a trial offer "
        "for a first purchase also serves)"
    ),
}
"""Each value tier's aim in the classification outline, as a verb phrase (shown with :func:`tr`)."""

_ZH = {"diamond": "金钻", "silver": "白银", "bronze": "铜", "iron": "铁"}
_MIN_WHY_UNITS = 5


@lru_cache(maxsize=1)
def tier_sizes() -> pd.Series:
    """Customers per value tier on Lumen with the course's thresholds (non-buyers in 铁) and
    each tier's share of revenue: the data exercise 2.9 is judged on."""
    from ..tiers import TIER_ORDER, value_tiers

    tiers = value_tiers(_rfm(), customers=shipped("customers")["customer_id"])
    return tiers.value_counts().reindex(TIER_ORDER).astype(int)


@lru_cache(maxsize=1)
def _revenue_shares() -> pd.Series:
    from ..tiers import TIER_ORDER, value_tiers

    spend = _rfm()["monetary"]
    tiers = value_tiers(_rfm())
    return (spend.groupby(tiers, observed=False).sum() / spend.sum()).reindex(TIER_ORDER)


def _tier_key(raw) -> str | None:
    text = str(raw).strip().lower()
    rank = _TIER_NAMES.get(text)
    if rank is None:
        return None
    return ["iron", "bronze", "silver", "diamond"][rank]


def _tier_rows(answer) -> dict:
    """The answer as {tier key: raw entry}; a DataFrame row, a dict or a tuple per tier."""
    if isinstance(answer, pd.DataFrame):
        answer = {index: row.to_dict() for index, row in answer.iterrows()}
    if isinstance(answer, pd.Series):
        answer = answer.to_dict()
    if not isinstance(answer, dict):
        raise Wrong(
            tr(
                "tier_plan should be a dict with one entry per value tier, such as "
                "{{'金钻': ('personal_care', 60000, 'why …'), …}}; you gave a {kind}."
            ).format(kind=type(answer).__name__)
        )
    rows = {}
    for raw_key, entry in answer.items():
        key = _tier_key(raw_key)
        if key is None:
            membership = str(raw_key).strip().lower() in {
                "gold",
                "platinum",
                "member",
                "普通会员",
                "银卡",
                "金卡",
                "白金卡",
            }
            if membership:
                raise Wrong(
                    tr(
                        "{key} is a MEMBERSHIP tier (the loyalty programme the customer "
                        "sees); plan for the VALUE tiers 金钻, 白银, 铜, 铁."
                    ).format(key=repr(raw_key))
                )
            raise Wrong(
                tr(
                    "{key} is not a value tier; use 金钻, 白银, 铜, 铁 (or Diamond, Silver, "
                    "Bronze, Iron) as the keys."
                ).format(key=repr(raw_key))
            )
        if key in rows:
            raise Wrong(
                tr("{tier} appears twice in the plan; give each tier one entry.").format(tier=_ZH[key])
            )
        rows[key] = entry
    missing = [_ZH[t] for t in FITS if t not in rows]
    if missing:
        raise Wrong(
            tr(
                "the plan has no entry for {tiers}: every value tier needs an action "
                "and a budget (even if you decide it gets very little)."
            ).format(tiers=", ".join(missing))
        )
    return rows


def _parts(key: str, entry) -> tuple:
    """(action, budget, why) of one tier's entry; Ellipsis anywhere means not attempted."""
    if entry is Ellipsis:
        raise NotAttempted()
    if isinstance(entry, dict):
        lowered = {str(k).strip().lower(): v for k, v in entry.items()}
        action = next((lowered[k] for k in ("action", "strategy") if k in lowered), None)
        budget = lowered.get("budget")
        why = next((lowered[k] for k in ("why", "reason") if k in lowered), None)
        if action is None or budget is None:
            raise Wrong(
                tr("{tier}: give an 'action' and a 'budget' (and a 'why'); found the keys {keys}.").format(
                    tier=_ZH[key], keys=sorted(lowered)
                )
            )
    elif isinstance(entry, (tuple, list)) and len(entry) in (2, 3):
        action, budget = entry[0], entry[1]
        why = entry[2] if len(entry) == 3 else None
    else:
        raise Wrong(
            tr(
                "{tier}: give (action, budget, why), e.g. ('awaken', 10000, 'they have not "
                "bought yet …'); you gave {given}."
            ).format(tier=_ZH[key], given=_short(Exception(repr(entry))))
        )
    if Ellipsis in (action, budget, why):
        raise NotAttempted()
    return action, budget, why


@task(
    "ch02.tier_plan",
    N_("Serve each value tier within ¥150,000 a year"),  # ¥{TIER_BUDGET:,.0f}; a test keeps them equal
    hints=[
        N_(
            "For each tier, read its aim in the classification outline's table (2.6, `rfm.TIERS`) "
            "and pick the action of `rfm.TIER_ACTIONS` that serves it."
        ),
        N_(
            "Divide the budget by the tier's number of customers: the spend per customer should "
            "be highest for 金钻 and lowest for 铁, and at least the action's `cost_from`."
        ),
        N_("Spend at least 95 % of the ¥150,000 and no more; one sentence of 'why' per tier."),
    ],
)
def _tier_plan(answer):
    from ..tiers import TIER_ACTIONS

    rows = _tier_rows(answer)
    parts = {key: _parts(key, rows[key]) for key in FITS}
    sizes = tier_sizes()
    shares = _revenue_shares()
    budgets = {}
    for key, (action, budget, why) in parts.items():
        name = str(action).strip().lower()
        if name not in TIER_ACTIONS.index:
            raise Wrong(
                tr("{tier}: {action} is not on the menu; choose one of {actions}.").format(
                    tier=_ZH[key], action=repr(action), actions=list(TIER_ACTIONS.index)
                )
            )
        try:
            amount = float(budget)
        except (TypeError, ValueError):
            raise Wrong(
                tr("{tier}: the budget should be an amount in yuan; you gave {given}.").format(
                    tier=_ZH[key], given=_short(Exception(repr(budget)))
                )
            ) from None
        if not math.isfinite(amount) or amount < 0:
            raise Wrong(
                tr("{tier}: the budget should be an amount in yuan ≥ 0; you gave {amount:g}.").format(
                    tier=_ZH[key], amount=amount
                )
            )
        budgets[key] = (name, amount, why)
    # 1. the action serves the tier's aim (classification outline)
    for key, (name, _amount, _) in budgets.items():
        if name in FITS[key]:
            continue
        about = {"tier": _ZH[key], "customers": int(sizes[key]), "aim": tr(_AIM[key])}
        if name == "deep_discount":
            raise Wrong(
                tr(
                    "{tier}: a year-long 30 % discount pays {customers:,} customers for purchases many "
                    "would make anyway and teaches them to wait for the price; the classification "
                    "outline gives {tier} another job — {aim}."
                ).format(**about)
            )
        if name == "none":
            raise Wrong(
                tr(
                    "{tier}: no action gives up on {customers:,} customers; the classification outline "
                    "gives every tier a job, {tier}'s is to {aim}."
                ).format(**about)
            )
        if name == "win_back_call":
            raise Wrong(
                tr(
                    "{tier}: a win-back call is for a customer who has gone quiet (the at-risk "
                    "segment of 2.5), not for a whole value tier of {customers:,}; {tier}'s aim is to "
                    "{aim}."
                ).format(**about)
            )
        if name == "personal_care":
            raise Wrong(
                tr(
                    "{tier}: personal care for all {customers:,} customers of {tier} spends the "
                    "advisors on customers who bring "
                    "{share:.1%} of revenue; the outline keeps it for 金钻, {tier}'s "
                    "aim is to {aim}."
                ).format(share=shares[key], **about)
            )
        if key == "diamond":
            raise Wrong(
                tr(
                    "金钻: {action} is an action for a lower tier; 金钻's {customers:,} customers bring "
                    "{share:.1%} of revenue, and the outline's aim for them is to "
                    "{aim}."
                ).format(action=repr(name), share=shares["diamond"], **about)
            )
        raise Wrong(
            tr(
                "{tier}: {action} does not serve the tier's aim in the classification "
                "outline, which is to {aim}."
            ).format(action=repr(name), **about)
        )
    # 2. the budget is spent, not exceeded
    total = sum(amount for _, amount, _ in budgets.values())
    if total > TIER_BUDGET + 0.5:
        raise Wrong(
            tr(
                "the plan spends ¥{total:,.0f}, ¥{over:,.0f} over the "
                "¥{budget:,.0f} budget; cut where a yuan does least."
            ).format(total=total, over=total - TIER_BUDGET, budget=TIER_BUDGET)
        )
    if total < 0.95 * TIER_BUDGET:
        raise Wrong(
            tr(
                "the plan spends ¥{total:,.0f} and leaves ¥{unused:,.0f} of the "
                "¥{budget:,.0f} unused; a maintenance budget left unspent is lost for the "
                "year — give it to the tier where it does most."
            ).format(total=total, unused=TIER_BUDGET - total, budget=TIER_BUDGET)
        )
    # 3. enough per customer to do the chosen action properly
    per_head = {key: amount / int(sizes[key]) for key, (_, amount, _) in budgets.items()}
    for key, (name, amount, _) in budgets.items():
        floor = float(TIER_ACTIONS.loc[name, "cost_from"])
        if per_head[key] + 1e-9 < floor:
            raise Wrong(
                tr(
                    "{tier}: ¥{amount:,.0f} for {customers:,} customers is "
                    "¥{each:,.2f} each, less than '{action}' costs to do properly (from "
                    "¥{floor:,.0f} a customer a year, `rfm.TIER_ACTIONS`); move money to it from "
                    "a tier that has more than it needs."
                ).format(
                    tier=_ZH[key],
                    amount=amount,
                    customers=int(sizes[key]),
                    each=per_head[key],
                    action=name,
                    floor=floor,
                )
            )
    # 4. differentiated by value: the spend per customer falls from 金钻 to 铁
    order = list(FITS)
    for upper, lower in zip(order, order[1:]):
        if per_head[lower] > per_head[upper] + 1e-9:
            raise Wrong(
                tr(
                    "per customer, {lower} gets ¥{lower_each:,.2f} and {upper} "
                    "¥{upper_each:,.2f}: the classification outline serves customers by "
                    "value, and {upper} customers are worth more — spend at least as much on "
                    "each of them as on a customer of the tier below."
                ).format(
                    lower=_ZH[lower], lower_each=per_head[lower], upper=_ZH[upper], upper_each=per_head[upper]
                )
            )
    # 5. a reason for every tier (the rubric judges it; the check only asks that it says something)
    for key, (_name, _, why) in budgets.items():
        if why is None or (isinstance(why, str) and not why.strip()):
            raise Wrong(
                tr(
                    "{tier}: say WHY, in a sentence — the data behind the choice (size, "
                    "revenue share) and what the action should achieve."
                ).format(tier=_ZH[key])
            )
        if not isinstance(why, str) or looks_like_filler(why) or text_units(why) < _MIN_WHY_UNITS:
            raise Wrong(
                tr(
                    "{tier}: the 'why' says too little; one real sentence: the data behind "
                    "the choice (size, revenue share) and what the action should achieve."
                ).format(tier=_ZH[key])
            )
    return tr(
        "The actions, the budget and its split hold up against the data; how well each 'why' "
        "argues is for the instructor's rubric."
    )
