"""Why relationships pay: retention economics, the customer health score, the KPI system and
the data-silo join (analytics layer).

Taught in chapter 1 (``notebooks/01_importance.ipynb``):

- :func:`cohort_economics`, :func:`retention_profit_uplift`, :func:`uplift_grid` — the
  profit of a cohort of new customers over the years (margin, retention, acquisition cost,
  discount rate, referrals, cross-sell growth) and under which assumptions "+5 points of
  retention → +25–95 % profit" holds.
- :func:`acquisition_vs_retention` — what winning a new customer costs against keeping one,
  from the course data and stated cost assumptions (:data:`DEFAULT_COSTS`, course design).
- :func:`health_scores`, :func:`label_scores`, :func:`health_validation`,
  :func:`health_bands`, :func:`component_auc`, :func:`recency_warning` — the weekly 0–100 customer health score
  (客户健康度) from five documented components (:data:`HEALTH_COMPONENTS`, default
  :data:`HEALTH_WEIGHTS`), and how well a score under the alert threshold
  (:data:`HEALTH_THRESHOLD` = 75) predicts churn in the following months; the recency
  component alone can be checked on real transactions (CDNOW).
- :func:`kpi_layers`, :func:`silo_customers`, :func:`silo_join` — the layered KPI table and
  what only appears when orders and service tickets are joined; :func:`care_call_board` —
  what the care team sees when it picks the week's :data:`CALL_CAPACITY` calls.
- :func:`satisfaction_churn_claim`, :func:`cross_sell_claim`, :func:`churn_profit_claim` —
  three claims of the 2025 training deck turned into questions the data answer.

Every function reads only what it is given (or, where documented, the shipped tables) and
returns new objects; scikit-learn is imported inside the functions that use it.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from . import kpis
from .validation import (
    CourseDataError,
    require_columns,
    require_frame,
    require_non_empty,
    to_datetime_column,
    to_timestamp,
)

__all__ = [
    "cohort_economics",
    "retention_profit_uplift",
    "uplift_grid",
    "DEFAULT_COSTS",
    "acquisition_vs_retention",
    "HEALTH_THRESHOLD",
    "HEALTH_WEIGHTS",
    "HEALTH_COMPONENTS",
    "week_starts",
    "health_components",
    "combine_health",
    "health_scores",
    "label_scores",
    "health_validation",
    "health_bands",
    "component_auc",
    "recency_warning",
    "kpi_layers",
    "silo_customers",
    "silo_join",
    "CALL_CAPACITY",
    "care_call_board",
    "satisfaction_churn_claim",
    "cross_sell_claim",
    "churn_profit_claim",
]


# ------------------------------------------------------------------------- arguments
def _number(value, name, *, low=None, high=None, low_open=False, high_open=False) -> float:
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, (int, float, np.integer, np.floating)):
        raise TypeError(f"`{name}` must be a number; got {type(value).__name__}.")
    value = float(value)
    if not np.isfinite(value):
        raise CourseDataError(f"`{name}` must be a finite number; got {value}.")
    if low is not None and (value < low or (low_open and value == low)):
        bound = ">" if low_open else "≥"
        raise CourseDataError(f"`{name}` must be {bound} {low}; got {value}.")
    if high is not None and (value > high or (high_open and value == high)):
        bound = "<" if high_open else "≤"
        raise CourseDataError(f"`{name}` must be {bound} {high}; got {value}.")
    return value


def _whole(value, name, *, low=1) -> int:
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, (int, np.integer)) or value < low:
        raise CourseDataError(f"`{name}` must be a whole number ≥ {low}; got {value!r}.")
    return int(value)


# --------------------------------------------------------------- retention economics
def cohort_economics(*, margin, retention, acquisition_cost, discount_rate=0.10, years=5,
                     cohort_size=1000, referral_rate=0.0, cross_sell_growth=0.0,
                     retention_cost=0.0) -> pd.DataFrame:
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
    discount_rate : float
        Yearly discount rate, ≥ 0.
    years : int
        Years followed.

    Returns
    -------
    pandas.DataFrame
        Indexed by ``year`` (0 = acquisition), with ``active``, ``margin``, ``referral``,
        ``retention_cost``, ``acquisition``, ``cash`` (margin + referral − costs),
        ``discounted`` and ``cumulative`` (discounted profit so far).

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
    m = _number(margin, "margin", low=0)
    r = _number(retention, "retention", low=0, high=1)
    cac = _number(acquisition_cost, "acquisition_cost", low=0)
    d = _number(discount_rate, "discount_rate", low=0)
    n_years = _whole(years, "years")
    size = _number(cohort_size, "cohort_size", low=0, low_open=True)
    referrals = _number(referral_rate, "referral_rate", low=0)
    growth = _number(cross_sell_growth, "cross_sell_growth", low=-1, low_open=True)
    keep_cost = _number(retention_cost, "retention_cost", low=0)

    t = np.arange(1, n_years + 1)
    active = size * r ** (t - 1)
    margin_t = active * m * (1 + growth) ** (t - 1)
    referral_t = active * referrals * m
    cost_t = active * keep_cost
    year = np.concatenate([[0], t])
    table = pd.DataFrame({
        "active": np.concatenate([[0.0], active]),
        "margin": np.concatenate([[0.0], margin_t]),
        "referral": np.concatenate([[0.0], referral_t]),
        "retention_cost": np.concatenate([[0.0], cost_t]),
        "acquisition": np.concatenate([[size * cac], np.zeros(n_years)]),
    }, index=pd.Index(year, name="year"))
    table["cash"] = table["margin"] + table["referral"] - table["retention_cost"] - table["acquisition"]
    table["discounted"] = table["cash"] / (1 + d) ** year
    table["cumulative"] = table["discounted"].cumsum()
    return table


def _cohort_profit(*, margin, retention, acquisition_cost, discount_rate=0.10, years=5,
                   cohort_size=1000, referral_rate=0.0, cross_sell_growth=0.0,
                   retention_cost=0.0) -> float:
    """The discounted total of :func:`cohort_economics` without building the table."""
    m = _number(margin, "margin", low=0)
    r = _number(retention, "retention", low=0, high=1)
    cac = _number(acquisition_cost, "acquisition_cost", low=0)
    d = _number(discount_rate, "discount_rate", low=0)
    size = _number(cohort_size, "cohort_size", low=0, low_open=True)
    growth = _number(cross_sell_growth, "cross_sell_growth", low=-1, low_open=True)
    referrals = _number(referral_rate, "referral_rate", low=0)
    keep_cost = _number(retention_cost, "retention_cost", low=0)
    t = np.arange(1, _whole(years, "years") + 1)
    active = size * r ** (t - 1)
    cash = active * (m * (1 + growth) ** (t - 1) + referrals * m - keep_cost)
    return float((cash / (1 + d) ** t).sum() - size * cac)


def retention_profit_uplift(*, margin, retention, acquisition_cost, increase=0.05,
                            **settings) -> dict[str, float]:
    """Relative change of a cohort's profit when retention rises by ``increase`` (points).

    Profit is the discounted cohort profit of :func:`cohort_economics` (acquisition cost
    included). The uplift is (profit after − profit before) / profit before; it is large when
    the profit before is thin — high acquisition cost, low margin — which is why the classic
    claim gives a range (25–95 %) rather than one number. With a profit before of zero or
    less the relative uplift is undefined (NaN): the retention gain decides whether the cohort
    pays at all.

    Examples
    --------
    >>> result = retention_profit_uplift(margin=100, retention=0.6, acquisition_cost=150,
    ...                                  discount_rate=0.0, years=5)
    >>> {k: round(v, 3) for k, v in result.items()}
    {'profit_before': 80560.0, 'profit_after': 102563.125, 'uplift': 0.273, 'customer_value_before': 80.56, 'customer_value_after': 102.563}
    """
    up = _number(increase, "increase", low=-1, high=1)
    r = _number(retention, "retention", low=0, high=1)
    if not 0 <= r + up <= 1:
        raise CourseDataError(f"`retention` + `increase` = {r + up:.3f} leaves 0–1; choose a smaller "
                              "increase.")
    size = settings.get("cohort_size", 1000)
    before = _cohort_profit(margin=margin, retention=r, acquisition_cost=acquisition_cost, **settings)
    after = _cohort_profit(margin=margin, retention=r + up, acquisition_cost=acquisition_cost, **settings)
    uplift = (after - before) / before if before > 0 else float("nan")
    return {"profit_before": before, "profit_after": after, "uplift": uplift,
            "customer_value_before": before / size, "customer_value_after": after / size}


def uplift_grid(*, retentions, margins, acquisition_cost, increase=0.05, **settings) -> pd.DataFrame:
    """Profit uplift of +``increase`` retention over a grid of base retention × margin.

    Returns a table indexed by ``margin`` with one column per base ``retention`` (NaN where
    the cohort does not make a profit before the increase). Cells between 0.25 and 0.95 are
    where the 2025 training deck's "+5 % retention → +25–95 % profit" holds (read as five points).

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
        rows[float(m)] = [retention_profit_uplift(margin=float(m), retention=r,
                                                  acquisition_cost=acquisition_cost,
                                                  increase=increase, **settings)["uplift"]
                          for r in rates]
    table = pd.DataFrame.from_dict(rows, orient="index", columns=pd.Index(rates, name="retention"))
    table.index.name = "margin"
    return table


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


def acquisition_vs_retention(orders, customers, campaigns, followups, loyalty=None, *,
                             year=2024, costs=None) -> pd.DataFrame:
    """What a new customer cost Lumen in ``year`` against what keeping one cost.

    *Acquire* (获客): customers who signed up in ``year`` and placed their first order in it.
    Their cost is the acquisition budget plus the discounts on their first orders. *Retain*
    (留存): customers who had bought before ``year`` and bought again in it. Their cost is the
    campaign messages sent to customers who had bought before (control contacts cost
    nothing), the follow-ups with them, the loyalty points they redeemed and the discounts
    on their orders. Unit costs come from ``costs`` (default :data:`DEFAULT_COSTS`, course
    design); the counts and discounts come from the data.

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
    year = _whole(year, "year", low=1900)
    costs = {**DEFAULT_COSTS, **(costs or {})}
    budget = _number(costs["acquisition_budget"], "costs['acquisition_budget']", low=0)

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

    marketing_retain = (_priced(campaigns, "contact_date", costs["message"])
                        + _priced(followups, "date", costs["followup"]))
    if loyalty is not None:
        require_columns(loyalty, ["customer_id", "date", "kind", "points"], "loyalty")
        redeemed = loyalty[(loyalty["kind"] == "redeem") & (loyalty["date"] >= start)
                           & (loyalty["date"] < end) & loyalty["customer_id"].isin(earlier)]
        marketing_retain += float(-redeemed["points"].sum()) * float(costs.get("point_value", 0.0))
    retained = repeat_orders["customer_id"].nunique()
    rows = {
        "acquire": {"customers": len(first_orders), "orders": len(first_orders),
                    "marketing": budget, "discounts": float(first_orders["discount"].sum())},
        "retain": {"customers": retained, "orders": len(repeat_orders),
                   "marketing": marketing_retain, "discounts": float(repeat_orders["discount"].sum())},
    }
    table = pd.DataFrame.from_dict(rows, orient="index")
    table["customers"] = table["customers"].astype(int)
    table["orders"] = table["orders"].astype(int)
    table["total"] = table["marketing"] + table["discounts"]
    table["marketing_per_customer"] = table["marketing"] / table["customers"].where(table["customers"] > 0)
    table["per_customer"] = table["total"] / table["customers"].where(table["customers"] > 0)
    table["per_order"] = table["total"] / table["orders"].where(table["orders"] > 0)
    return table


# ---------------------------------------------------------------------- health score
#: Alert threshold of the health score: customers under it get attention (the 2025 training deck).
HEALTH_THRESHOLD = 75.0

#: The five components of the health score, each scaled 0–100 (100 = healthiest), and what
#: they measure. The scales are *course design*; see :func:`health_components`.
HEALTH_COMPONENTS = {
    "recency": "days since the last order, halving every 120 days (最近购买)",
    "frequency": "orders in the last 52 weeks, full marks from 2 orders (购买频次)",
    "satisfaction": "latest survey satisfaction (0–100) of the last 52 weeks; 70 if none (满意度)",
    "service": "100 minus 20 per complaint in 26 weeks, 40 more if answered after 1 hour, "
               "30 more while unresolved (服务体验)",
    "engagement": "50 plus up to 50 for journeys, campaign responses and answered follow-ups "
                  "in 13 weeks, halving the gap to 100 with each (互动参与)",
}

#: Default weights of the components (they sum to 1; *course design*).
HEALTH_WEIGHTS = {"recency": 0.30, "frequency": 0.25, "satisfaction": 0.15, "service": 0.15,
                  "engagement": 0.15}

_HEALTH_TABLES = ("orders", "surveys", "tickets", "touchpoints", "campaigns", "followups")
_REQUIRED = {
    "orders": ["customer_id", "order_date"],
    "surveys": ["customer_id", "survey_date", "satisfaction"],
    "tickets": ["customer_id", "opened_at", "first_response_at", "resolved_at"],
    "touchpoints": ["customer_id", "journey_id", "timestamp"],
    "campaigns": ["customer_id", "contact_date", "responded"],
    "followups": ["customer_id", "date", "responded"],
}


def week_starts(as_of, weeks=1) -> pd.DatetimeIndex:
    """Mondays of the ``weeks`` complete weeks before ``as_of``, oldest first.

    A week runs Monday to Sunday; the last week scored is the last one that ends before
    ``as_of`` (a week ending the day before ``as_of`` counts).

    Examples
    --------
    >>> week_starts("2025-01-01", weeks=2).strftime("%Y-%m-%d").tolist()
    ['2024-12-16', '2024-12-23']
    >>> week_starts("2024-07-01").strftime("%Y-%m-%d").tolist()
    ['2024-06-24']
    """
    day = to_timestamp(as_of, "as_of").normalize()
    n = _whole(weeks, "weeks")
    current = day - pd.Timedelta(days=day.day_of_week)
    return pd.DatetimeIndex([current - pd.Timedelta(weeks=k) for k in range(n, 0, -1)])


_DATES = {"orders": ["order_date"], "surveys": ["survey_date"],
          "tickets": ["opened_at", "first_response_at", "resolved_at"], "touchpoints": ["timestamp"],
          "campaigns": ["contact_date"], "followups": ["date"]}


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
        parsed = {c: to_datetime_column(frame, c, arg) for c in _DATES[name]
                  if not pd.api.types.is_datetime64_any_dtype(frame[c])}
        out[name] = frame.assign(**parsed) if parsed else frame
    require_non_empty(out["orders"], "tables['orders']")
    return out


def _within(frame, column, start, end):
    when = frame[column]
    return frame[(when >= start) & (when < end)]


def health_components(end, tables) -> pd.DataFrame:
    """The five health components (0–100) of every customer who ordered before ``end``.

    Uses only data before ``end`` (the exclusive end of the scored week); see
    :data:`HEALTH_COMPONENTS` for the scales. ``tables`` is a dict with ``orders``,
    ``surveys``, ``tickets``, ``touchpoints``, ``campaigns`` and ``followups`` (missing
    ones are loaded from :mod:`course_lib.data`).

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
        rows = _within(frame, column, end - pd.Timedelta(weeks=weeks), end)
        if flag is not None:
            rows = rows[rows[flag].astype(bool)]
        return rows.groupby("customer_id").size().reindex(index, fill_value=0).to_numpy(float)

    recency = 100 * 0.5 ** (days.to_numpy() / 120)
    frequency = 100 * np.minimum(count(past, "order_date", 52) / 2, 1)

    surveys = _within(tables["surveys"], "survey_date", end - pd.Timedelta(weeks=52), end)
    latest = (surveys.sort_values("survey_date", kind="stable").groupby("customer_id")["satisfaction"]
              .last().astype(float))
    satisfaction = latest.reindex(index).fillna(70.0).clip(0, 100).to_numpy()

    tickets = _within(tables["tickets"], "opened_at", end - pd.Timedelta(weeks=26), end)
    answered = tickets["first_response_at"].where(tickets["first_response_at"] < end)
    wait = (answered.fillna(end) - tickets["opened_at"]).dt.total_seconds() / 3600
    still_open = ~(tickets["resolved_at"] < end)
    penalty = 20 + 40 * (wait > 1.0).astype(float) + 30 * still_open.astype(float)
    penalty = penalty.groupby(tickets["customer_id"]).sum().reindex(index, fill_value=0).to_numpy(float)
    service = np.maximum(100 - penalty, 0)

    touch = _within(tables["touchpoints"], "timestamp", end - pd.Timedelta(weeks=13), end)
    journeys = touch.groupby("customer_id")["journey_id"].nunique().reindex(index, fill_value=0)
    interactions = (journeys.to_numpy(float) + count(tables["campaigns"], "contact_date", 13, "responded")
                    + count(tables["followups"], "date", 13, "responded"))
    engagement = 50 + 50 * (1 - 0.5 ** interactions)

    out = pd.DataFrame({"recency": recency, "frequency": frequency, "satisfaction": satisfaction,
                        "service": service, "engagement": engagement}, index=index)
    out.index.name = "customer_id"
    return out


def _weights(weights) -> dict[str, float]:
    if weights is None:
        return dict(HEALTH_WEIGHTS)
    if not isinstance(weights, dict):
        raise TypeError(f"`weights` must be a dict of component → weight; got {type(weights).__name__}.")
    unknown = sorted(set(weights) - set(HEALTH_COMPONENTS))
    if unknown:
        raise CourseDataError(f"`weights` names unknown component(s) {unknown}; the components are "
                              f"{list(HEALTH_COMPONENTS)}.")
    clean = {name: _number(weights.get(name, 0.0), f"weights['{name}']", low=0)
             for name in HEALTH_COMPONENTS}
    total = sum(clean.values())
    if total <= 0:
        raise CourseDataError("`weights` are all zero; give at least one component a positive weight.")
    return {name: w / total for name, w in clean.items()}


def combine_health(components: pd.DataFrame, weights=None) -> pd.Series:
    """Weighted mean of the component columns: the 0–100 health score.

    Weights are normalised to sum to 1, so ``{"recency": 2, "service": 1}`` means two thirds
    recency, one third service and nothing else.

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


def health_scores(*, as_of, weeks=1, weights=None, tables=None) -> pd.DataFrame:
    """Weekly customer health score (客户健康度, 0–100) for the ``weeks`` weeks before ``as_of``.

    One row per customer and week for every customer who had ordered before the week's end,
    with ``customer_id``, ``week`` (the Monday of the scored week), ``health_score`` and the
    five component columns of :data:`HEALTH_COMPONENTS`. Each week uses only data before its
    end (the next Monday). The score is the weighted mean of the components
    (:data:`HEALTH_WEIGHTS` by default); under :data:`HEALTH_THRESHOLD` (75) a customer needs
    attention. ``tables`` may pass preloaded tables (``orders``, ``surveys``, ``tickets``,
    ``touchpoints``, ``campaigns``, ``followups``); missing ones are loaded from
    :mod:`course_lib.data`.

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


def _auc(labels, scores) -> float:
    """ROC AUC as the Mann-Whitney statistic (ties count one half)."""
    y = np.asarray(labels, dtype=bool)
    ranks = pd.Series(np.asarray(scores, dtype=float)).rank(method="average").to_numpy()
    n_pos, n_neg = int(y.sum()), int((~y).sum())
    return float((ranks[y].sum() - n_pos * (n_pos + 1) / 2) / (n_pos * n_neg))


def label_scores(scores, orders, *, horizon_days=180, active_days=180) -> pd.DataFrame:
    """Keep the scored customers who were active and add what happened next (``lost``).

    For each scored week, customers with an order in the ``active_days`` before the week's
    end are kept (customers already gone need no score to be found) and labelled lost when
    they place no order in the ``horizon_days`` after it
    (:func:`course_lib.churn.churn_label`). Label once, then reweight and validate as often
    as you like with :func:`health_validation`.

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
    from .churn import churn_label

    require_frame(scores, "scores")
    require_columns(scores, ["customer_id", "week", "health_score"], "scores")
    require_non_empty(scores, "scores")
    horizon = _whole(horizon_days, "horizon_days")
    active = _whole(active_days, "active_days")
    parts = []
    for monday, block in scores.groupby("week", sort=True):
        end = pd.Timestamp(monday) + pd.Timedelta(weeks=1)
        lost = churn_label(orders, as_of=end, horizon_days=horizon)
        last = orders[orders["order_date"] < end].groupby("customer_id")["order_date"].max()
        recent = (end - last).dt.days < active
        block = block[block["customer_id"].map(recent).fillna(False).astype(bool).to_numpy()]
        parts.append(block.assign(lost=block["customer_id"].map(lost).astype(bool).to_numpy()))
    table = pd.concat(parts, ignore_index=True)
    if table["lost"].nunique() < 2:
        raise CourseDataError("the scored customers are all lost or all kept; score more weeks or "
                              "more customers before validating.")
    return table


def health_validation(scores, orders=None, *, threshold=HEALTH_THRESHOLD, horizon_days=180,
                      active_days=180) -> dict[str, float]:
    """How well a low health score predicts churn in the following months.

    For each scored week, customers who were active (an order in the ``active_days`` before
    the week's end — customers already gone need no score to be found) are labelled lost when
    they place no order in the ``horizon_days`` after the week's end
    (:func:`course_lib.churn.churn_label`). Returns the ROC AUC of the low score for churn
    (the chance a lost customer scored lower than a kept one), the share of active customers
    under ``threshold``, churn rates under and at/over the threshold, their ratio, and the
    lift (churn rate under the threshold / overall churn rate). Without ``orders``, ``scores``
    must already carry the ``lost`` column of :func:`label_scores`.

    Examples
    --------
    >>> orders = pd.DataFrame({"customer_id": list("aabccdd"), "order_date": pd.to_datetime(
    ...     ["2024-01-02", "2024-02-10", "2024-01-03", "2024-01-20", "2024-02-15", "2024-01-25",
    ...      "2024-03-05"])})
    >>> scores = pd.DataFrame({"customer_id": list("abcd"), "health_score": [90.0, 40.0, 80.0, 60.0],
    ...                        "week": pd.Timestamp("2024-01-22")})
    >>> health_validation(scores, orders, horizon_days=30)
    {'customers_weeks': 4, 'auc': 1.0, 'share_under': 0.5, 'churn_under': 1.0, 'churn_over': 0.0, 'churn_ratio': inf, 'lift': 2.0}
    """
    cut = _number(threshold, "threshold", low=0, high=100)
    table = _labelled(scores, orders, horizon_days, active_days)
    under = table["health_score"] < cut
    base = float(table["lost"].mean())
    churn_under = float(table.loc[under, "lost"].mean()) if under.any() else float("nan")
    churn_over = float(table.loc[~under, "lost"].mean()) if (~under).any() else float("nan")
    ratio = churn_under / churn_over if churn_over > 0 else float("inf")
    return {"customers_weeks": int(len(table)),
            "auc": round(_auc(table["lost"], -table["health_score"]), 4),
            "share_under": round(float(under.mean()), 4),
            "churn_under": round(churn_under, 4), "churn_over": round(churn_over, 4),
            "churn_ratio": round(ratio, 4) if np.isfinite(ratio) else ratio,
            "lift": round(churn_under / base, 4)}


def _labelled(scores, orders, horizon_days, active_days):
    if orders is not None:
        return _scored_with_labels(scores, orders, horizon_days, active_days)
    require_frame(scores, "scores")
    if "lost" not in scores.columns:
        raise CourseDataError("`scores` has no `lost` column; pass `orders` too, or label the "
                              "scores first with label_scores(scores, orders).")
    require_columns(scores, ["health_score", "lost"], "scores")
    if scores["lost"].nunique() < 2:
        raise CourseDataError("the scored customers are all lost or all kept; score more weeks or "
                              "more customers before validating.")
    return scores


def health_bands(scores, orders=None, *, bins=(0, 50, 60, 75, 90, 100), horizon_days=180,
                 active_days=180) -> pd.DataFrame:
    """Churn rate of active customers by band of health score (what the alert line separates).

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
    edges = list(bins)
    labels = [f"[{a:g}, {b:g})" for a, b in zip(edges[:-2], edges[1:-1])] + [f"[{edges[-2]:g}, {edges[-1]:g}]"]
    band = pd.cut(table["health_score"], edges, right=False, labels=labels, include_lowest=True)
    band = band.where(table["health_score"] < edges[-1], labels[-1])
    out = table.groupby(band, observed=False)["lost"].agg(customers="size", churn_rate="mean")
    out.index = pd.CategoricalIndex(out.index, categories=labels, ordered=True, name="band")
    return out


def component_auc(scores, orders=None, *, horizon_days=180, active_days=180) -> pd.Series:
    """ROC AUC of each component (and of the score) for churn, as in :func:`health_validation`.

    0.5 means the component says nothing about who leaves; the further above 0.5, the more a
    low value of it comes before churn. A guide for choosing weights.
    """
    table = _labelled(scores, orders, horizon_days, active_days)
    columns = [c for c in ["health_score", *HEALTH_COMPONENTS] if c in table.columns]
    return pd.Series({c: round(_auc(table["lost"], -table[c]), 4) for c in columns}, name="auc")


def recency_warning(orders, *, as_of, horizon_days=180, active_days=180,
                    threshold=HEALTH_THRESHOLD, customer="customer_id", date="order_date") -> dict[str, float]:
    """Does the health score's recency component warn of churn in an order log of any shop?

    The recency component (100 on the day of an order, halving every 120 days, as in
    :func:`health_components`) needs nothing but an order log, so it can be checked on real
    transactions where satisfaction, service and engagement were never recorded (CDNOW).
    Among the customers active on ``as_of`` (an order in the ``active_days`` before it), a
    customer is lost when they place no order in the ``horizon_days`` from ``as_of``. Returns
    the active customers, their churn rate, the ROC AUC of a low recency score for churn,
    the share of them under ``threshold`` and the churn rates under and at/over it.

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
    when = to_datetime_column(frame, date, "orders")
    day = to_timestamp(as_of, "as_of")
    horizon, active = _whole(horizon_days, "horizon_days"), _whole(active_days, "active_days")
    cut = _number(threshold, "threshold", low=0, high=100)
    end = day + pd.Timedelta(days=horizon)
    if when.max() < end - pd.Timedelta(days=1):
        raise CourseDataError(f"the orders end on {when.max().date()}, before the {horizon}-day "
                              f"horizon after `as_of` {day.date()} does; choose an earlier day.")
    ids = frame[customer].astype(str)
    last = when[when < day].groupby(ids[when < day]).max()
    days = (day - last).dt.days
    days = days[days < active]
    if days.empty:
        raise CourseDataError(f"no customer ordered in the {active} days before `as_of` {day.date()}.")
    later = set(ids[(when >= day) & (when < end)])
    lost = ~days.index.isin(list(later))
    if lost.all() or not lost.any():
        raise CourseDataError("the active customers are all lost or all kept; choose another "
                              "`as_of` or `horizon_days`.")
    recency = 100 * 0.5 ** (days.to_numpy(float) / 120)
    under = recency < cut
    return {"customers": int(len(days)), "churn_rate": round(float(lost.mean()), 4),
            "auc": round(_auc(lost, -recency), 4), "share_under": round(float(under.mean()), 4),
            "churn_under": round(float(lost[under].mean()), 4) if under.any() else float("nan"),
            "churn_over": round(float(lost[~under].mean()), 4) if (~under).any() else float("nan")}


# ------------------------------------------------------------------------ KPI system
def _age(birth, day):
    years = day.year - birth.dt.year
    before_birthday = (birth.dt.month > day.month) | ((birth.dt.month == day.month) & (birth.dt.day > day.day))
    return years - before_birthday.astype(int)


def kpi_layers(*, customers, orders, surveys, tickets, campaigns, followups, as_of) -> pd.DataFrame:
    """The layered KPI system (关键指标体系) with each indicator's value on the data.

    Four layers build a customer profile: demographics (人口属性), transactions (交易行为),
    channel behaviour (渠道行为) and social interaction (社交互动). Each row gives the
    layer, the KPI (English and Chinese), its definition, its value over the twelve months
    before ``as_of`` and its ``unit`` (``share``: a fraction 0–1; ``CNY``; ``count``; ``years``;
    ``score``: NPS −100…100 or satisfaction 0–100). The KPIs defined in :mod:`course_lib.kpis` (repurchase,
    retention, NPS, complaints) come from there, under their names and definitions.

    Examples
    --------
    >>> from course_lib import data
    >>> tables = dict(customers=data.load_customers(), orders=data.load_orders(),
    ...     surveys=data.load_surveys(), tickets=data.load_tickets(),
    ...     campaigns=data.load_campaigns(), followups=data.load_followups())
    >>> kpis = kpi_layers(as_of="2025-01-01", **tables)
    >>> kpis["layer"].unique().tolist()
    ['demographics 人口属性', 'transactions 交易行为', 'channel behaviour 渠道行为', 'social interaction 社交互动']
    """
    for name, frame, cols in [("customers", customers, ["customer_id", "birth_date", "city_tier", "gender", "referred_by"]),
                              ("orders", orders, ["customer_id", "order_date", "amount", "channel"]),
                              ("surveys", surveys, ["customer_id", "survey_date", "nps", "satisfaction"]),
                              ("tickets", tickets, ["customer_id", "opened_at", "first_response_at"]),
                              ("campaigns", campaigns, ["customer_id", "contact_date", "group", "responded"]),
                              ("followups", followups, ["customer_id", "date", "responded"])]:
        require_columns(frame, cols, name)
    day = to_timestamp(as_of, "as_of")
    start = day - pd.DateOffset(years=1)
    year = _within(orders, "order_date", start, day)
    if year.empty:
        raise CourseDataError(f"no order falls in the twelve months before `as_of` {day.date()}.")
    buyers = year.groupby("customer_id")
    per_customer = buyers.size()
    earlier = set(orders.loc[orders["order_date"] < start, "customer_id"])
    online = year["channel"].astype(str) != "store"
    channels = buyers["channel"].nunique()
    sv = _within(surveys, "survey_date", start, day)
    label = kpis.kpi_table()

    def named(name):
        return f"{label.loc[name, 'label']} {label.loc[name, 'label_zh']}", label.loc[name, "definition"]
    camp = _within(campaigns, "contact_date", start, day)
    camp = camp[camp["group"].astype(str) == "treatment"]
    fu = _within(followups, "date", start, day)
    rows = [
        ("demographics 人口属性", "members 会员数", "registered customers", len(customers), "count"),
        ("demographics 人口属性", "median age 年龄中位数", "age on as_of, years", float(_age(customers["birth_date"], day).median()), "years"),
        ("demographics 人口属性", "tier-1 city share 一线城市占比", "share of members in tier-1 cities", float((customers["city_tier"] == 1).mean()), "share"),
        ("demographics 人口属性", "female share 女性占比", "share of members with gender F", float((customers["gender"].astype(str) == "F").mean()), "share"),
        ("transactions 交易行为", "active customers 活跃客户", "customers with an order in the last 365 days", int(len(per_customer)), "count"),
        ("transactions 交易行为", *named("yearly_repurchase_rate"), kpis.yearly_repurchase_rate(orders, as_of=day), "share"),
        ("transactions 交易行为", *named("retention_rate"), kpis.retention_rate(orders, as_of=day), "share"),
        ("transactions 交易行为", "average order value 客单价", "mean paid amount per order, CNY", float(year["amount"].mean()), "CNY"),
        ("transactions 交易行为", "revenue per active customer 人均消费", "paid amount / active customers, CNY", float(year["amount"].sum() / len(per_customer)), "CNY"),
        ("transactions 交易行为", "new customers 新客户", "active customers with no earlier order", int(len(set(per_customer.index) - earlier)), "count"),
        ("channel behaviour 渠道行为", "online order share 线上订单占比", "share of orders outside stores", float(online.mean()), "share"),
        ("channel behaviour 渠道行为", "omnichannel customers 全渠道客户", "share of active customers buying in 2+ channels", float((channels >= 2).mean()), "share"),
        ("channel behaviour 渠道行为", "campaign response rate 营销响应率", "share of campaign messages opened or used", float(camp["responded"].mean()) if len(camp) else float("nan"), "share"),
        ("social interaction 社交互动", "referred members 推荐入会占比", "share of members referred by a member", float(customers["referred_by"].notna().mean()), "share"),
        ("social interaction 社交互动", *named("nps"), kpis.nps(sv["nps"]) if len(sv) else float("nan"), "score"),
        ("social interaction 社交互动", "mean satisfaction 平均满意度", "survey satisfaction, 0–100", float(sv["satisfaction"].mean()) if len(sv) else float("nan"), "score"),
        ("social interaction 社交互动", *named("complaints_per_order"), kpis.complaints_per_order(tickets, orders, as_of=day), "share"),
        ("social interaction 社交互动", *named("complainer_share"), kpis.complainer_share(tickets, orders, as_of=day), "share"),
        ("social interaction 社交互动", *named("late_response_share"), kpis.late_response_share(tickets, as_of=day), "share"),
        ("social interaction 社交互动", "follow-up response 回访响应率", "share of follow-ups the customer answered", float(fu["responded"].mean()) if len(fu) else float("nan"), "share"),
    ]
    return pd.DataFrame(rows, columns=["layer", "kpi", "definition", "value", "unit"])


# ------------------------------------------------------------------------ data silos
def _silo_views(orders, tickets, day, top, window_days, response_hours):
    require_columns(orders, ["customer_id", "order_date", "amount"], "orders")
    require_columns(tickets, ["customer_id", "opened_at", "first_response_at"], "tickets")
    share = _number(top, "top", low=0, high=1, low_open=True)
    hours = _number(response_hours, "response_hours", low=0)
    spend = (_within(orders, "order_date", day - pd.Timedelta(days=365), day)
             .groupby("customer_id")["amount"].sum())
    if spend.empty:
        raise CourseDataError(f"no order falls in the 365 days before `as_of` {day.date()}.")
    n_top = max(int(round(len(spend) * share)), 1)
    high = spend.sort_values(ascending=False, kind="stable").iloc[:n_top]
    recent = _within(tickets, "opened_at", day - pd.Timedelta(days=_whole(window_days, "window_days")), day)
    answered = recent["first_response_at"].where(recent["first_response_at"] < day)
    wait = (answered.fillna(day) - recent["opened_at"]).dt.total_seconds() / 3600
    recent = recent.assign(wait_hours=wait.to_numpy(), late=(wait > hours).to_numpy())
    return spend, high, recent


def silo_customers(orders, tickets, *, as_of, top=0.2, window_days=180, response_hours=1.0) -> pd.DataFrame:
    """The high spenders with a late-answered complaint: visible only when sales meets service.

    High spenders are the top ``top`` share of buyers by spend in the 365 days before
    ``as_of`` (the sales view); a late-answered complaint is a ticket opened in the
    ``window_days`` before ``as_of`` whose first answer came more than ``response_hours``
    after it, or had not come by ``as_of`` (the service view). Returns one row per customer
    on both lists, by spend: ``spend_365d``, ``late_complaints`` and ``longest_wait_hours``.

    Examples
    --------
    >>> orders = pd.DataFrame({"customer_id": ["a", "b", "c", "d", "e"],
    ...     "amount": [900.0, 800.0, 100.0, 50.0, 20.0], "order_date": pd.Timestamp("2024-05-01")})
    >>> tickets = pd.DataFrame({"customer_id": ["b", "c", "a"],
    ...     "opened_at": pd.to_datetime(["2024-05-02 10:00", "2024-05-03 10:00", "2024-05-04 10:00"]),
    ...     "first_response_at": pd.to_datetime(["2024-05-02 13:30", "2024-05-03 15:00", "2024-05-04 10:20"])})
    >>> silo_customers(orders, tickets, as_of="2024-07-01", top=0.4)
                 spend_365d  late_complaints  longest_wait_hours
    customer_id
    b                 800.0                1                 3.5
    """
    day = to_timestamp(as_of, "as_of")
    _, high, recent = _silo_views(orders, tickets, day, top, window_days, response_hours)
    late = recent[recent["late"]].groupby("customer_id").agg(
        late_complaints=("late", "size"), longest_wait_hours=("wait_hours", "max"))
    joined = pd.DataFrame({"spend_365d": high}).join(late, how="inner")
    joined["late_complaints"] = joined["late_complaints"].astype(int)
    joined["longest_wait_hours"] = joined["longest_wait_hours"].round(2)
    joined.index.name = "customer_id"
    return joined


def silo_join(orders, tickets, *, as_of, top=0.2, window_days=180, horizon_days=180,
              response_hours=1.0) -> dict[str, float]:
    """What only the join of sales and service data shows (数据孤岛), in figures.

    The sales view ranks customers by spend in the 365 days before ``as_of`` and calls the
    top ``top`` share *high spenders*; the service view lists customers whose complaint in
    the ``window_days`` before ``as_of`` waited longer than ``response_hours`` for a first
    answer. Neither view alone names the high spenders with a late-answered complaint
    (:func:`silo_customers`). The result counts them, gives their share among the high
    spenders and their spend, and compares their churn (no order in the ``horizon_days``
    after ``as_of``) with the other high spenders'.

    Examples
    --------
    >>> from course_lib import data
    >>> result = silo_join(data.load_orders(), data.load_tickets(), as_of="2024-07-01")
    >>> list(result)[:4]
    ['high_spenders', 'late_complainers', 'complainers', 'high_spenders_late']
    """
    from .churn import churn_label

    day = to_timestamp(as_of, "as_of")
    spend, high, recent = _silo_views(orders, tickets, day, top, window_days, response_hours)
    both = silo_customers(orders, tickets, as_of=day, top=top, window_days=window_days,
                          response_hours=response_hours).index
    late = set(recent.loc[recent["late"], "customer_id"])
    lost = churn_label(orders, as_of=day, horizon_days=horizon_days)
    high_lost = lost.reindex(high.index).fillna(False).astype(bool)
    is_late = high_lost.index.isin(both)
    return {
        "high_spenders": int(len(high)),
        "late_complainers": int(len(late)),
        "complainers": int(recent["customer_id"].nunique()),
        "high_spenders_late": int(len(both)),
        "share_of_high_spenders": round(len(both) / len(high), 4),
        "share_of_late_complainers": round(len(both) / len(late), 4) if late else float("nan"),
        "churn_high_spenders_late": round(float(high_lost[is_late].mean()), 4) if is_late.any() else float("nan"),
        "churn_high_spenders_other": round(float(high_lost[~is_late].mean()), 4),
        "revenue_at_risk": round(float(spend.reindex(both).sum()), 2),
    }


#: Calls the care team can make in a week (*course design*; chapter 1's call-list task).
CALL_CAPACITY = 150


def care_call_board(*, as_of, tables=None, response_hours=1.0, window_days=180) -> pd.DataFrame:
    """What the care team sees on Monday ``as_of`` to pick this week's calls (course design).

    One row per customer scored for the week before ``as_of`` (:func:`health_scores`), by
    customer id: ``health_score``; ``days_since_order`` (days from the last order before
    ``as_of``; under 180 is *active*); ``spend_365d`` (paid amount in the 365 days before
    ``as_of``, CNY — the value at stake); ``late_complaint`` (a ticket in the ``window_days``
    before ``as_of`` first answered after ``response_hours``, the service view of
    :func:`silo_customers`); ``consent_phone`` (the customer agreed to phone contact).
    ``tables`` may pass preloaded tables, ``customers`` among them; missing ones are loaded.

    Examples
    --------
    >>> board = care_call_board(as_of="2024-09-30")
    >>> list(board.columns)
    ['health_score', 'days_since_order', 'spend_365d', 'late_complaint', 'consent_phone']
    """
    day = to_timestamp(as_of, "as_of")
    given = dict(tables or {}) if isinstance(tables, dict) or tables is None else tables
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
    spend = (_within(orders, "order_date", day - pd.Timedelta(days=365), day)
             .groupby("customer_id")["amount"].sum())
    _, _, recent = _silo_views(orders, frames["tickets"], day, 1.0, window_days, response_hours)
    late = set(recent.loc[recent["late"], "customer_id"])
    consent = customers.set_index("customer_id")["consent_phone"].astype(bool)
    board = pd.DataFrame({
        "health_score": week["health_score"].round(1),
        "days_since_order": (day - last).dt.days.reindex(week.index).astype(int),
        "spend_365d": spend.reindex(week.index, fill_value=0.0).round(0).astype(int),
        "late_complaint": week.index.isin(list(late)),
        "consent_phone": consent.reindex(week.index, fill_value=False).to_numpy(bool),
    }, index=week.index).sort_index()
    board.index.name = "customer_id"
    return board


# ------------------------------------------------------------------- the 2025 training deck's claims
def _last_satisfaction(surveys, day, lookback_days=365):
    known = _within(surveys, "survey_date", day - pd.Timedelta(days=lookback_days), day)
    return known.sort_values("survey_date", kind="stable").groupby("customer_id")["satisfaction"].last().astype(float)


def _logistic(coef, x):
    return 1 / (1 + np.exp(-(coef[0] + coef[1] * x)))


def _logistic_fit(x, y, *, iterations=50) -> np.ndarray:
    """Maximum-likelihood logistic regression on one variable (Newton-Raphson)."""
    design = np.column_stack([np.ones_like(x), x])
    coef = np.zeros(2)
    for _ in range(iterations):
        p = _logistic(coef, x)
        gradient = design.T @ (y - p)
        hessian = design.T @ (design * (p * (1 - p))[:, None])
        step = np.linalg.solve(hessian, gradient)
        coef = coef + step
        if np.abs(step).max() < 1e-10:
            break
    return coef


def satisfaction_churn_claim(orders, surveys, *, as_of, horizon_days=180) -> dict[str, float]:
    """Does +10 points of satisfaction go with about −20 % churn? (the 2025 training deck's claim)

    Customers with a survey in the 365 days before ``as_of`` and an order before it are
    labelled lost when they place no order in the ``horizon_days`` after ``as_of``. A
    logistic regression of churn on the latest satisfaction (0–100) gives the relative change
    of the average churn probability when every customer's satisfaction is 10 points higher
    (capped at 100). The claim says about −0.20.

    Examples
    --------
    >>> from course_lib import data
    >>> result = satisfaction_churn_claim(data.load_orders(), data.load_surveys(), as_of="2024-07-01")
    >>> result["claim"], result["churn_change_per_10_points"] < 0
    (-0.2, True)
    """
    from .churn import churn_label

    require_columns(orders, ["customer_id", "order_date"], "orders")
    require_columns(surveys, ["customer_id", "survey_date", "satisfaction"], "surveys")
    day = to_timestamp(as_of, "as_of")
    lost = churn_label(orders, as_of=day, horizon_days=horizon_days)
    sat = _last_satisfaction(surveys, day).reindex(lost.index).dropna()
    if len(sat) < 20:
        raise CourseDataError(f"only {len(sat)} surveyed customers before `as_of` {day.date()}; "
                              "choose a later day.")
    y = lost.reindex(sat.index).astype(float).to_numpy()
    x = sat.to_numpy() / 10
    if y.min() == y.max():
        raise CourseDataError("the surveyed customers are all lost or all kept; the relationship "
                              "cannot be estimated — choose another `as_of` or `horizon_days`.")
    coef = _logistic_fit(x, y)
    before = _logistic(coef, x).mean()
    after = _logistic(coef, np.minimum(x + 1, 10)).mean()
    return {"customers": int(len(sat)), "churn_rate": round(float(y.mean()), 4),
            "churn_change_per_10_points": round(float(after / before - 1), 4), "claim": -0.2}


def cross_sell_claim(orders, surveys, *, as_of, window_days=180, high=80) -> dict[str, float]:
    """Do highly satisfied customers convert on cross-selling 35 % more often? (claim)

    Among surveyed customers (latest satisfaction in the 365 days before ``as_of``) who had
    ordered before ``as_of``, a *cross-sell* is an order in the ``window_days`` after
    ``as_of`` in a category the customer had never bought before. Compares the cross-sell
    rate of the highly satisfied (satisfaction ≥ ``high``) with the others; the claim says
    the relative difference is about +0.35. ``ordered_*`` gives the share of each group who
    placed any order in the window: a customer who stays buys, and so has more chances to
    try a new category — part of a gap in cross-selling is a gap in churn.

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
    end = day + pd.Timedelta(days=_whole(window_days, "window_days"))
    before = orders[orders["order_date"] < day]
    sat = _last_satisfaction(surveys, day)
    sat = sat[sat.index.isin(before["customer_id"])]
    if sat.empty:
        raise CourseDataError(f"no surveyed buyer before `as_of` {day.date()}; choose a later day.")
    known = set(zip(before["customer_id"], before["category"].astype(str)))
    after = _within(orders, "order_date", day, end)
    after = after[after["customer_id"].isin(sat.index)]
    new_category = [(c, k) not in known for c, k in zip(after["customer_id"], after["category"].astype(str))]
    crossed = set(after.loc[new_category, "customer_id"])
    flag = pd.Series(sat.index.isin(list(crossed)), index=sat.index)
    ordered = pd.Series(sat.index.isin(after["customer_id"].unique()), index=sat.index)
    satisfied = sat >= high
    rate_high, rate_rest = float(flag[satisfied].mean()), float(flag[~satisfied].mean())
    return {"highly_satisfied": int(satisfied.sum()), "others": int((~satisfied).sum()),
            "ordered_highly_satisfied": round(float(ordered[satisfied].mean()), 4),
            "ordered_others": round(float(ordered[~satisfied].mean()), 4),
            "rate_highly_satisfied": round(rate_high, 4), "rate_others": round(rate_rest, 4),
            "relative_difference": round(rate_high / rate_rest - 1, 4) if rate_rest > 0 else float("nan"),
            "claim": 0.35}


def churn_profit_claim(*, margin, retention, acquisition_cost, churn_cut=0.15, target=0.20,
                       **settings) -> dict[str, float]:
    """Churn −15 % → profit +20 %? What the retention model says for given economics.

    Churn is 1 − ``retention``; cutting it by ``churn_cut`` (relative: 15 % of the churn
    rate) raises retention to 1 − (1 − ``churn_cut``)(1 − retention). Returns the cohort
    profit uplift this gives (:func:`retention_profit_uplift`), and the relative churn cut
    that would be needed for a profit uplift of ``target`` (found by bisection; NaN if no cut
    up to 100 % reaches it).

    Examples
    --------
    >>> result = churn_profit_claim(margin=100, retention=0.6, acquisition_cost=150,
    ...                             discount_rate=0.0, years=5)
    >>> round(result["profit_uplift"], 3), round(result["churn_cut_for_target"], 3)
    (0.332, 0.093)
    """
    cut = _number(churn_cut, "churn_cut", low=0, high=1)
    goal = _number(target, "target")
    r = _number(retention, "retention", low=0, high=1)

    def uplift(c):
        new = 1 - (1 - c) * (1 - r)
        return retention_profit_uplift(margin=margin, retention=r, acquisition_cost=acquisition_cost,
                                       increase=new - r, **settings)["uplift"]

    reached = uplift(cut)
    needed = float("nan")
    if np.isfinite(uplift(1.0)) and uplift(1.0) >= goal:
        low, high = 0.0, 1.0
        for _ in range(60):
            mid = (low + high) / 2
            low, high = (mid, high) if uplift(mid) < goal else (low, mid)
        needed = high
    return {"churn_before": round(1 - r, 4), "churn_after": round((1 - cut) * (1 - r), 4),
            "profit_uplift": reached, "churn_cut_for_target": needed, "claim_profit_uplift": goal}
