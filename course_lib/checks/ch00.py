"""Checks of the warm-up exercise (chapter 0): first steps with the course data.

Each check first lets a right answer through in any reasonable form (an ``int`` or a
``float``, a total rounded to the stated precision, a count Series or a two-column table,
the city's name in English or Chinese), then names the typical slip of a trainee who got it
wrong, computed on the shipped tables.
"""

from __future__ import annotations

import math
import re
from functools import lru_cache

import numpy as np
import pandas as pd

from ..language import N_, tr
from . import NotAttempted, Wrong, joined, number_like, require_precision, shipped, task, to_precision


@lru_cache(maxsize=1)
def _facts() -> dict:
    """Everything the four checks compare against, computed once from the shipped tables."""
    orders, customers = shipped("orders"), shipped("customers")
    year = orders["order_date"].dt.year
    in_2024 = year == 2024
    day = orders["order_date"]
    by_customer = orders.groupby("customer_id")
    return dict(
        n_orders=len(orders),
        n_columns=orders.shape[1],
        shape=orders.shape,
        n_cells=orders.size,
        columns=list(orders.columns),
        n_paid=int((orders["amount"] > 0).sum()),
        n_buyers=orders["customer_id"].nunique(),
        n_customers=len(customers),
        n_by_year={int(y): int(n) for y, n in year.value_counts().items()},
        revenue=float(orders.loc[in_2024, "amount"].sum()),
        revenue_wrong={
            "both": float(orders["amount"].sum()),
            "gross": float(orders.loc[in_2024, "gross_amount"].sum()),
            "2023": float(orders.loc[year == 2023, "amount"].sum()),
            "after_jan1": float(orders.loc[day > "2024-01-01", "amount"].sum()),
            "before_dec31": float(orders.loc[(day >= "2024-01-01") & (day < "2024-12-31"), "amount"].sum()),
            "mean": float(orders.loc[in_2024, "amount"].mean()),
            "discount": float(orders.loc[in_2024, "discount"].sum()),
            "twice_discounted": float(
                (orders.loc[in_2024, "amount"] - orders.loc[in_2024, "discount"]).sum()
            ),
            "count": float(in_2024.sum()),
        },
        city_counts=customers["city"].value_counts(),
        cities_alphabetical=sorted(customers["city"].unique()),
        per_customer=by_customer.size(),
        per_customer_wrong={
            "order days": by_customer["order_date"].nunique(),
            "categories": by_customer["category"].nunique(),
            "channels": by_customer["channel"].nunique(),
        },
        spend_sum=by_customer["amount"].sum(),
        spend_mean=by_customer["amount"].mean(),
        buyers_by_year={int(y): set(ids) for y, ids in orders.groupby(year)["customer_id"].unique().items()},
        customer_ids=set(customers["customer_id"]),
    )


def _far(name: str, value: float, expected: float, decimals: int, far_hint: str, close_hint: str):
    """Apply the course's tolerance: within the stated precision passes, near it gets
    :func:`require_precision`'s "close, but not right", far from it ``far_hint``."""
    if not math.isfinite(value):
        raise Wrong(tr("{name} is infinite: look for a division by zero.").format(name=name))
    if abs(value - expected) <= max(0.1 * abs(expected), 5 * 10.0**-decimals):
        require_precision(value, expected, name=name, decimals=decimals, close_hint=close_hint)
        return
    shown = f"{value:.3g}" if abs(value) >= 1e12 else f"{value:,.{max(decimals, 0)}f}"
    verdict = tr("{name} = {value} is not right.").format(name=name, value=shown)
    raise Wrong(joined(verdict, far_hint))


# ------------------------------------------------------------------------------ 0.1
@task(
    "ch00.order_count",
    N_("number of orders"),
    hints=[
        N_("Each row of `orders` is one order, so the number of orders is the number of rows."),
        N_("`len(orders)` or `orders.shape[0]` counts the rows."),
    ],
)
def _order_count(answer):
    facts = _facts()
    if isinstance(answer, tuple):
        if tuple(answer) == facts["shape"]:
            raise Wrong(
                tr(
                    "`orders.shape` is (rows, columns); the number of orders is the first of "
                    "the two, `orders.shape[0]`."
                )
            )
        raise Wrong(tr("n_orders should be one number; you gave a tuple."))
    if isinstance(answer, pd.Series):
        if list(answer.index) == facts["columns"]:
            raise Wrong(
                tr(
                    "`orders.count()` gives one count per column; the number of orders is the "
                    "number of rows, `len(orders)`."
                )
            )
        raise Wrong(
            tr("n_orders should be one number; you gave a Series of {count:,} values.").format(
                count=len(answer)
            )
        )
    if isinstance(answer, pd.DataFrame):
        raise Wrong(tr("n_orders should be one number; you gave a table."))
    value = number_like(answer, "n_orders")
    if value == facts["n_orders"]:
        return None
    if value == facts["n_buyers"]:
        raise Wrong(
            tr(
                "that is the number of customers who ordered, not the number of orders: "
                "count rows, not distinct customer ids."
            )
        )
    if value == facts["n_customers"]:
        raise Wrong(tr("that is the number of rows of `customers`; count the rows of `orders`."))
    if value == facts["n_cells"]:
        raise Wrong(
            tr(
                "`orders.size` counts cells (rows × columns); the number of orders is the "
                "number of rows, `len(orders)`."
            )
        )
    if value == facts["n_columns"]:
        raise Wrong(tr("that is the number of columns; count the rows, `len(orders)`."))
    if value == facts["n_orders"] - 1:
        raise Wrong(
            tr(
                "one short: the last index label is one less than the number of rows, "
                "because labels start at 0. Count the rows with `len(orders)`."
            )
        )
    if value == facts["n_paid"]:
        raise Wrong(
            tr(
                "that leaves out the orders with an `amount` of 0 (free gifts); they are "
                "orders too — count every row."
            )
        )
    for year, n in facts["n_by_year"].items():
        if value == n:
            raise Wrong(
                tr(
                    "that counts the orders of {year} only; the task asks for every order "
                    "in the table, both years."
                ).format(year=year)
            )
    if not math.isfinite(value):
        raise Wrong(tr("n_orders is infinite; a count of rows is a whole number."))
    if value != round(value):
        raise Wrong(
            tr("n_orders = {value:,.2f} is not a whole number; a count of rows is.").format(value=value)
        )
    shown = f"{value:.3g}" if abs(value) >= 1e12 else f"{value:,.0f}"
    raise Wrong(
        tr(
            "n_orders = {value} is not the number of rows in `orders`: count every row, "
            "without filtering or dropping any first."
        ).format(value=shown)
    )


# ------------------------------------------------------------------------------ 0.2
_REVENUE_SLIPS = {
    "both": N_("that is the revenue of both years (2023 and 2024): keep only the orders of 2024."),
    "gross": N_(
        "that sums `gross_amount`, the list price before discounts: revenue here is "
        "`amount`, what customers actually paid."
    ),
    "2023": N_("that is the revenue of 2023: check the year you filtered on."),
    "after_jan1": N_(
        "that leaves out the orders of 1 January 2024: `> '2024-01-01'` is strictly "
        "after that day; keep it with `>=` or filter on `.dt.year == 2024`."
    ),
    "before_dec31": N_(
        "that leaves out the orders of 31 December 2024: `< '2024-12-31'` stops the "
        "day before; use `< '2025-01-01'` or `.dt.year == 2024`."
    ),
    "mean": N_("that is the average order of 2024 (`.mean()`); revenue is the total, `.sum()`."),
    "discount": N_("that sums `discount`, what customers were let off; revenue is the `amount` they paid."),
    "twice_discounted": N_(
        "that subtracts the discount from `amount`, which already has it taken off: sum `amount` as it is."
    ),
    "count": N_("that is the number of orders in 2024; revenue adds up their `amount`."),
}
#: Revenue given in a larger unit of yuan: the factor back to yuan, and what to say.
_REVENUE_UNITS = (
    (1e3, N_("that looks like the revenue in thousands of yuan; give it in yuan, to the nearest yuan.")),
    (
        1e4,
        N_(
            "that looks like the revenue in 万 (ten thousands) of yuan; give it in yuan, to the nearest yuan."
        ),
    ),
    (1e6, N_("that looks like the revenue in millions of yuan; give it in yuan, to the nearest yuan.")),
)


@task(
    "ch00.revenue_2024",
    N_("revenue in 2024"),
    hints=[
        N_(
            "Keep the orders whose `order_date` falls in 2024 (1 January to 31 December), then "
            "add up `amount`, to the nearest yuan."
        ),
        N_("`orders.loc[orders['order_date'].dt.year == 2024, 'amount'].sum()`."),
    ],
)
def _revenue_2024(answer):
    facts = _facts()
    if isinstance(answer, pd.Series):
        if set(answer.index) >= {2024} or set(map(str, answer.index)) >= {"2024"}:
            raise Wrong(
                tr(
                    "that is a revenue per year; the task asks for one number, 2024's: take it with `.loc[2024]`."
                )
            )
        raise Wrong(
            tr("revenue_2024 should be one number, the total; you gave a Series of {count:,} values.").format(
                count=len(answer)
            )
        )
    if isinstance(answer, pd.DataFrame):
        raise Wrong(tr("revenue_2024 should be one number, the total; you gave a table."))
    value = number_like(answer, "revenue_2024")
    expected = facts["revenue"]
    if to_precision(value, expected, 0):
        return None
    for slip, wrong in facts["revenue_wrong"].items():
        if to_precision(value, wrong, 0) and not to_precision(wrong, expected, 0):
            raise Wrong(tr(_REVENUE_SLIPS[slip]))
    for scale, message in _REVENUE_UNITS:
        if value > 0 and abs(value * scale - expected) <= 1e-3 * expected:
            raise Wrong(tr(message))
    _far(
        "revenue_2024",
        value,
        expected,
        0,
        far_hint=tr("Filter the orders on the year of `order_date`, then sum `amount`."),
        close_hint=tr(
            "Check that the orders of both 1 January and 31 December 2024 are in, and "
            "that the total is not rounded further than the yuan."
        ),
    )


# ------------------------------------------------------------------------------ 0.3
_CITY_ZH = {
    "上海": "Shanghai",
    "北京": "Beijing",
    "广州": "Guangzhou",
    "深圳": "Shenzhen",
    "成都": "Chengdu",
    "杭州": "Hangzhou",
    "南京": "Nanjing",
    "武汉": "Wuhan",
    "苏州": "Suzhou",
    "西安": "Xi'an",
    "合肥": "Hefei",
    "长沙": "Changsha",
    "青岛": "Qingdao",
    "扬州": "Yangzhou",
    "昆明": "Kunming",
    "绍兴": "Shaoxing",
    "洛阳": "Luoyang",
    "厦门": "Xiamen",
    "赣州": "Ganzhou",
}


def _city_name(text: str, counts: pd.Series) -> str | None:
    """The city of ``counts`` that ``text`` names (any case, English or Chinese), or None."""
    cleaned = text.strip().removesuffix("市").strip()
    cleaned = _CITY_ZH.get(cleaned, cleaned)
    by_key = {str(c).lower().replace("’", "'"): str(c) for c in counts.index}
    return by_key.get(cleaned.lower().replace("’", "'"))


@task(
    "ch00.top_city",
    N_("city with the most customers"),
    hints=[
        N_("Count customers per city in the `customers` table."),
        N_(
            "`customers['city'].value_counts()` sorts the cities by count, largest first; take "
            "the first label with `.index[0]` (or use `.idxmax()`)."
        ),
    ],
)
def _top_city(answer):
    facts = _facts()
    counts = facts["city_counts"]
    top = str(counts.index[0])
    remark = None
    if isinstance(answer, pd.DataFrame):
        raise Wrong(tr("you gave a whole table: the answer is one city name, the first label of the counts."))
    if isinstance(answer, pd.Series) and len(answer) and pd.api.types.is_numeric_dtype(answer):
        if _city_name(str(answer.index[0]), counts) is not None:
            raise Wrong(
                tr(
                    "that is the count table (or its first row); the answer is the city's "
                    "name, its label: `.index[0]` or `.idxmax()`."
                )
            )
        raise Wrong(tr("you gave numbers; the answer is the city's name."))
    if isinstance(answer, (pd.Series, pd.Index, list, tuple, np.ndarray)):
        items = list(np.asarray(answer, dtype=object).ravel())
        if len(items) != 1 or not isinstance(items[0], str):
            raise Wrong(
                tr("top_city should be one city name; you gave a {kind} of {count} items.").format(
                    kind=type(answer).__name__, count=len(items)
                )
            )
        remark = tr("(You gave a one-item {kind}; `[0]` takes the name itself out of it.)").format(
            kind=type(answer).__name__
        )
        answer = items[0]
    if isinstance(answer, (bool, np.bool_)):
        raise Wrong(tr("you gave True/False; the answer is the city's name."))
    if isinstance(answer, (int, float, np.number)):
        if not isinstance(answer, float) or math.isfinite(answer):
            if float(answer) == counts.max():
                raise Wrong(
                    tr(
                        "that is the count of the top city's customers; the answer is the "
                        "city's name, the label of that count."
                    )
                )
        raise Wrong(tr("you gave a number: the answer is the city's name."))
    if not isinstance(answer, str):
        raise Wrong(
            tr("top_city should be a city name (text); you gave a {kind}.").format(kind=type(answer).__name__)
        )
    name = _city_name(answer, counts)
    if name is None:
        raise Wrong(
            tr("{answer} is not a city in `customers['city']`; copy the name as it is spelled there.").format(
                answer=repr(answer)
            )
        )
    if name == top:
        return remark
    if name == str(counts.index[-1]):
        raise Wrong(
            tr(
                "{city} is the city with the fewest customers: the counts were sorted "
                "smallest first. `value_counts()` sorts largest first; take its first label."
            ).format(city=name)
        )
    alphabetical = facts["cities_alphabetical"]
    if name == str(counts.index[1]):
        if name == alphabetical[0]:
            message = tr(
                "{city} has the second-most customers: positions start at 0, so the first "
                "label is `.index[0]`, not `.index[1]`. (`.min()` on the names gives it too: "
                "it compares letters, not counts.)"
            )
        else:
            message = tr(
                "{city} has the second-most customers: positions start at 0, so the first "
                "label is `.index[0]`, not `.index[1]`."
            )
        raise Wrong(message.format(city=name))
    if name == alphabetical[0]:
        raise Wrong(
            tr(
                "{city} comes first in alphabetical order: `.min()` / `.max()` on names compare "
                "letters, not counts. Count customers per city first."
            ).format(city=name)
        )
    if name == alphabetical[-1]:
        raise Wrong(
            tr(
                "{city} comes last in alphabetical order: `.min()` / `.max()` on names compare "
                "letters, not counts. Count customers per city first."
            ).format(city=name)
        )
    raise Wrong(
        tr(
            "{city} has {count} customers, but another city has more: count the "
            "customers per city in `customers` and take the city with the largest count."
        ).format(city=name, count=counts[name])
    )


# ------------------------------------------------------------------------------ 0.4
def _as_count_series(answer, facts) -> pd.Series:
    """The answer as a Series of counts indexed by customer id, or :class:`Wrong` naming why not."""
    name = "orders_per_customer"
    if callable(answer) and not isinstance(answer, (pd.Series, pd.DataFrame)):
        raise Wrong(
            tr(
                "{name} should be a Series of counts; you gave a function. Call it, or "
                "store the result of the grouping itself."
            ).format(name=name)
        )
    if isinstance(answer, dict):
        answer = pd.Series(answer, dtype=object)
    if isinstance(answer, pd.DataFrame):
        if answer.empty:
            raise Wrong(
                tr("{name} is an empty table: group `orders` by `customer_id` and count.").format(name=name)
            )
        frame = answer
        if "customer_id" in frame.columns:
            frame = frame.set_index("customer_id")
        if frame.shape[1] == 1:
            return frame.iloc[:, 0]
        if frame.index.isin(facts["per_customer"].index).all() and frame.shape[1] > 1:
            raise Wrong(
                tr(
                    "that is a table with {columns} columns, e.g. `.count()` on every "
                    "column; keep one count per customer: `.size()`, or "
                    "`['order_id'].count()`."
                ).format(columns=frame.shape[1])
            )
        raise Wrong(
            tr(
                "{name} should be a Series, one count per customer; you gave a table with {columns} columns."
            ).format(name=name, columns=frame.shape[1])
        )
    if isinstance(answer, np.ndarray) and answer.ndim != 1:
        raise Wrong(
            tr(
                "{name} should be one column of counts, one per customer; you gave an array of shape {shape}."
            ).format(name=name, shape=answer.shape)
        )
    if isinstance(answer, (list, tuple, np.ndarray, pd.Index)):
        return pd.Series(list(answer), dtype=object)
    if isinstance(answer, pd.Series):
        return answer
    if isinstance(answer, (int, float, np.number)) and not isinstance(answer, bool):
        raise Wrong(
            tr("{name} should be a Series with one count per customer, not one number.").format(name=name)
        )
    raise Wrong(
        tr("{name} should be a pandas Series of counts; you gave a {kind}.").format(
            name=name, kind=type(answer).__name__
        )
    )


#: What a count of distinct values per customer counts, one whole message each.
_DISTINCT_SLIPS = {
    "order days": N_(
        "that counts distinct order days (`.nunique()`), and a customer can place "
        "several orders on one day, in one category or channel; count the rows "
        "(`.size()`)."
    ),
    "categories": N_(
        "that counts distinct categories (`.nunique()`), and a customer can place "
        "several orders on one day, in one category or channel; count the rows "
        "(`.size()`)."
    ),
    "channels": N_(
        "that counts distinct channels (`.nunique()`), and a customer can place "
        "several orders on one day, in one category or channel; count the rows "
        "(`.size()`)."
    ),
}


@task(
    "ch00.orders_per_customer",
    N_("orders per customer"),
    hints=[
        N_("Group the orders by `customer_id` and count the rows in each group."),
        N_(
            "`orders.groupby('customer_id').size()` gives one number per customer (so does "
            "`orders['customer_id'].value_counts()`)."
        ),
    ],
)
def _orders_per_customer(answer):
    facts = _facts()
    expected = facts["per_customer"]
    series = _as_count_series(answer, facts)
    n = len(expected)
    if len(series) == 0:
        raise Wrong(tr("orders_per_customer is empty: group `orders` by `customer_id` and count the rows."))
    if len(series) != n:
        ids = set(map(str, series.index))
        if len(series) == facts["n_orders"]:
            raise Wrong(
                tr(
                    "that has one row per order; group the orders by `customer_id` first and "
                    "count the rows of each group."
                )
            )
        if ids >= facts["customer_ids"] or len(series) == facts["n_customers"]:
            raise Wrong(
                tr(
                    "that has a row for every registered customer, including those who never "
                    "ordered; keep one row per customer who ordered (group `orders`, not "
                    "`customers`)."
                )
            )
        for year, buyers in facts["buyers_by_year"].items():
            if ids == buyers:
                raise Wrong(
                    tr(
                        "that covers only the customers who ordered in {year}; count the orders of both years."
                    ).format(year=year)
                )
        if len(series) == 1:
            message = tr(
                "your Series has {rows:,} row but {customers:,} customers have ordered: "
                "one row per customer who ordered."
            )
        else:
            message = tr(
                "your Series has {rows:,} rows but {customers:,} customers have ordered: "
                "one row per customer who ordered."
            )
        raise Wrong(message.format(rows=len(series), customers=n))
    if series.index.has_duplicates:
        raise Wrong(
            tr(
                "some customer ids appear more than once: group by `customer_id` so each customer has one row."
            )
        )
    if not series.index.isin(expected.index).all():
        if (
            pd.api.types.is_integer_dtype(series.index)
            or series.index.dtype == object
            and all(isinstance(i, (int, np.integer)) for i in series.index[:5])
        ):
            raise Wrong(
                tr(
                    "the index is 0, 1, 2 …, not the customer ids: keep `customer_id` as the "
                    "index (no `.values`, `.tolist()` or `reset_index(drop=True)`)."
                )
            )
        raise Wrong(tr("the index should be the customer ids: group by `customer_id`."))
    values = pd.to_numeric(series, errors="coerce")
    if values.isna().any():
        raise Wrong(
            tr(
                "{count:,} of the counts are missing or not numbers; "
                "every customer who ordered has at least one order."
            ).format(count=int(values.isna().sum()))
        )
    aligned = values.reindex(expected.index).astype(float)
    if np.array_equal(aligned.to_numpy(), expected.to_numpy(dtype=float)):
        return None
    if np.allclose(aligned, facts["spend_sum"].reindex(expected.index)) or np.allclose(
        aligned, facts["spend_mean"].reindex(expected.index)
    ):
        raise Wrong(
            tr("those look like amounts spent: count orders (`.size()`), not sum or average `amount`.")
        )
    for what, counts in facts["per_customer_wrong"].items():
        if np.array_equal(aligned.to_numpy(), counts.reindex(expected.index).to_numpy(dtype=float)):
            raise Wrong(tr(_DISTINCT_SLIPS[what]))
    if not np.allclose(aligned, aligned.round()):
        raise Wrong(
            tr("some values have decimals; a number of orders is a whole number — count rows (`.size()`).")
        )
    wrong = int((aligned != expected.astype(float)).sum())
    if (aligned <= expected).all():
        raise Wrong(
            tr(
                "{count:,} customers have too few orders: did you filter the orders (by "
                "year, channel …) first? Count every order of both years."
            ).format(count=wrong)
        )
    raise Wrong(
        tr("{count:,} counts differ: count every order row per customer (`.size()` counts rows).").format(
            count=wrong
        )
    )


# ------------------------------------------------------------------------------ 0.5
#: The four customers of the warm-up's care-desk list, in the order the table shows them.
CALL_LIST = ("C02047", "C04975", "C00883", "C01591")
_REASONS = ("late_complaint", "gone_quiet", "top_spender", "new_customer")
_REASON_WORDS = {
    "late_complaint": {
        "late_complaint",
        "complaint",
        "late",
        "late_answer",
        "complaint_late",
        "unresolved_complaint",
        "complaint_handled_late",
        "投诉",
        "超时投诉",
        "投诉超时",
        "投诉处理超时",
        "投诉未及时处理",
    },
    "gone_quiet": {
        "gone_quiet",
        "quiet",
        "dormant",
        "sleeping",
        "inactive",
        "lapsed",
        "wake_up",
        "沉睡",
        "沉睡客户",
        "休眠",
        "唤醒",
    },
    "top_spender": {
        "top_spender",
        "spender",
        "high_value",
        "high_spender",
        "vip",
        "most_valuable",
        "spend",
        "value",
        "高价值",
        "高消费",
        "大客户",
    },
    "new_customer": {"new_customer", "new", "first_order", "新客", "新客户", "首单"},
}


def _reason_of(raw) -> str | None:
    """The reason tag a trainee's text names (English or Chinese, any case or separator)."""
    if not isinstance(raw, str):
        return None
    word = re.sub(r"[\s\-–—/.]+", "_", raw.strip().strip("'\"").lower()).strip("_")
    for tag, words in _REASON_WORDS.items():
        if word in words:
            return tag
    return None


@lru_cache(maxsize=1)
def _call_facts() -> pd.DataFrame:
    """What the CRM knows about each customer of :data:`CALL_LIST` on the course's day, and
    the role each plays in the decision: a complaint handled late in the last 30 days (at
    risk now), a frequent buyer silent beyond chapter 2's 3-month rule (drifting away), the
    biggest spender with nothing wrong, and a new one-order customer."""
    from ..data import AS_OF

    orders, tickets = shipped("orders"), shipped("tickets")
    ids = list(CALL_LIST)
    theirs = orders[orders["customer_id"].isin(ids)].groupby("customer_id")
    facts = pd.DataFrame(
        {
            "orders": theirs.size(),
            "spend": theirs["amount"].sum(),
            "days_quiet": (AS_OF - theirs["order_date"].max()).dt.days,
        }
    ).reindex(ids)
    recent = tickets[
        tickets["customer_id"].isin(ids) & (tickets["opened_at"] >= AS_OF - pd.Timedelta(days=30))
    ]
    hours = lambda end: (recent[end] - recent["opened_at"]).dt.total_seconds() / 3600  # noqa: E731
    late = recent.assign(first=hours("first_response_at"), solved=hours("resolved_at"))
    late = late[(late["first"] > 1) | (late["solved"] > 24)].groupby("customer_id")[["first", "solved"]].max()
    facts = facts.join(late)
    facts["role"] = np.select(
        [facts["first"].notna(), (facts["days_quiet"] > 90) & (facts["orders"] >= 10), facts["orders"] == 1],
        ["late_complaint", "gone_quiet", "new_customer"],
        "top_spender",
    )
    return facts


def _choices() -> str:
    """The reason tags as the exercise lists them: ``'late_complaint', 'gone_quiet', …``."""
    return ", ".join(f"'{r}'" for r in _REASONS)


def _first_call_parts(answer):
    """``(order, reason)`` from the dict the exercise passes (or a pair), else ``Wrong``."""
    if isinstance(answer, (tuple, list)) and len(answer) == 2 and not isinstance(answer[0], str):
        answer = {"order": answer[0], "reason": answer[1]}
    if not isinstance(answer, dict):
        raise Wrong(
            tr(
                "pass your decision as the exercise does: "
                '`{{"order": call_order, "reason": reason_first}}`; you gave a {kind}.'
            ).format(kind=type(answer).__name__)
        )
    keyed = {str(k).strip().lower(): v for k, v in answer.items()}
    order = next((keyed[k] for k in ("order", "call_order", "calls") if k in keyed), None)
    reason = next((keyed[k] for k in ("reason", "reason_first", "why") if k in keyed), None)
    if order is None and reason is None:
        raise Wrong(tr('the dict needs the keys "order" (your call_order) and "reason" (your reason_first).'))
    if order is Ellipsis and reason is Ellipsis:
        raise NotAttempted()
    if order is Ellipsis or order is None:
        raise Wrong(tr("call_order still holds `...`: list the four customer ids, first call first."))
    if reason is Ellipsis or reason is None:
        raise Wrong(
            tr(
                "reason_first still holds `...`: say why the first call cannot wait — one of {choices}."
            ).format(choices=_choices())
        )
    return order, reason


def _call_ids(order) -> list[str]:
    """The ids of ``call_order`` as upper-case strings, or ``Wrong`` naming what is off."""
    if isinstance(order, str):
        raise Wrong(
            tr(
                "call_order should be a list of all four ids, first call first — e.g. "
                '`["C…", "C…", "C…", "C…"]` — not one id.'
            )
        )
    if isinstance(order, (pd.Series, pd.Index, np.ndarray)):
        order = list(np.asarray(order, dtype=object).ravel())
    if not isinstance(order, (list, tuple)):
        raise Wrong(
            tr("call_order should be a list of the four customer ids; you gave a {kind}.").format(
                kind=type(order).__name__
            )
        )
    if not all(isinstance(i, str) for i in order):
        raise Wrong(tr('call_order should hold the customer ids as text, e.g. "C01234", in quotes.'))
    ids = [i.strip().upper() for i in order]
    unknown = [i for i in ids if i not in CALL_LIST]
    if unknown:
        if len(unknown) == 1:
            message = tr(
                "{ids} is not on the list: use the four ids of the table, exactly as they are spelled there."
            )
        else:
            message = tr(
                "{ids} are not on the list: use the four ids of the table, exactly as they are spelled there."
            )
        raise Wrong(message.format(ids=", ".join(unknown[:3])))
    if len(set(ids)) < len(ids):
        raise Wrong(tr("an id appears twice: each of the four customers gets one place in the order."))
    if len(ids) < len(CALL_LIST):
        raise Wrong(
            tr(
                "call_order has {count} of the 4 customers: put every customer of the "
                "list in the order, first call first."
            ).format(count=len(ids))
        )
    return ids


#: Why a reason tag does not fit the customer put first (a late complaint), one whole message each.
_WRONG_REASON = {
    "top_spender": N_(
        "reason_first does not fit the customer you put first: another customer on the list "
        "spends {times:.1f}× as much, so spend is not what puts this one first. What in that "
        "record cannot wait?"
    ),
    "gone_quiet": N_(
        "reason_first does not fit the customer you put first: the first customer ordered "
        "{days} days ago — not quiet. What in that record cannot wait?"
    ),
    "new_customer": N_(
        "reason_first does not fit the customer you put first: the first customer has "
        "{orders} orders — not new. What in that record cannot wait?"
    ),
}


@task(
    "ch00.first_call",
    N_("whom the care desk contacts first"),
    hints=[
        N_(
            "Ask of each customer: is the relationship at risk *now*, drifting away, or fine? "
            "And how much value would leave with it?"
        ),
        N_(
            "A complaint the brand handled late — answered after the 1-hour promise, solved after "
            "24 hours — cannot wait; a frequent buyer who has been silent for months (chapter 2's "
            "3-month rule) comes next; customers with nothing wrong come last."
        ),
    ],
)
def _first_call(answer):
    order, reason = _first_call_parts(answer)
    ids = _call_ids(order)
    facts = _call_facts()
    role = facts["role"].to_dict()
    by_role = {r: i for i, r in role.items()}
    tag = _reason_of(reason)
    if tag is None:
        raise Wrong(
            tr("reason_first = {reason} is not one of {choices}.").format(
                reason=repr(reason), choices=_choices()
            )
        )
    at_risk, quiet = facts.loc[by_role["late_complaint"]], facts.loc[by_role["gone_quiet"]]
    first, second = role[ids[0]], role[ids[1]]
    if first != "late_complaint":
        if ids == list(CALL_LIST):
            raise Wrong(
                tr(
                    "that is the order in which the table lists them: decide whose "
                    "relationship needs a person first, and put that customer first."
                )
            )
        if first == "top_spender":
            raise Wrong(
                tr(
                    "the biggest spender ordered {days} days ago and "
                    "has no complaint: nothing in that relationship needs repair today. Spend "
                    "alone does not make a call urgent; look for a relationship at risk now."
                ).format(days=facts.loc[ids[0], "days_quiet"])
            )
        if first == "gone_quiet":
            raise Wrong(
                tr(
                    "a customer silent for {days} days can wait one more day; a "
                    "customer whose complaint the brand has just handled late — past the "
                    "1-hour answer and 24-hour solution rules — cannot."
                ).format(days=quiet["days_quiet"])
            )
        raise Wrong(
            tr(
                "a new customer with one small order and nothing wrong gets the automatic "
                "welcome message; the first personal call goes where a relationship is at risk now."
            )
        )
    if tag != "late_complaint":
        raise Wrong(
            tr(_WRONG_REASON[tag]).format(
                times=facts["spend"].max() / at_risk["spend"],
                days=at_risk["days_quiet"],
                orders=at_risk["orders"],
            )
        )
    if second != "gone_quiet":
        if second == "top_spender":
            raise Wrong(
                tr(
                    "the second call: the biggest spender ordered days ago and has never "
                    "complained — nothing to repair. One of the others bought "
                    "{orders} times in two years and has been silent for "
                    "{days} days: that relationship is drifting away (chapter 2's "
                    "3-month rule)."
                ).format(orders=quiet["orders"], days=quiet["days_quiet"])
            )
        raise Wrong(
            tr(
                "the second call: a first small order is welcomed by the automatic onboarding "
                "message; a customer with {orders} orders who has been silent for "
                "{days} days is the larger loss (chapter 2's 3-month rule)."
            ).format(orders=quiet["orders"], days=quiet["days_quiet"])
        )
    return None
