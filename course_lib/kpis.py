"""The course's KPIs (关键指标), each defined once, by name (analytics layer).

A word such as "repurchase rate" (复购率) hides several measures: the share of a year's
buyers who ordered twice or more in that year is one number (Lumen 2024: about 0.68); the
share of customers active at the start of a month who order in that month — the monthly
figure the strategy article's turnaround case reports ("repurchase under 15 %") — is another
(Lumen 2024: about 0.22). Comparing one with the other is a mistake, not a finding. So every
KPI the chapters, the simulator and the workbench show has one function here, with a name
that says which definition it is, and :data:`KPIS` lists them all with their definitions.

Two families:

- **Yearly KPIs** (chapter 1's KPI layers, chapter 4's service figures):
  :func:`yearly_repurchase_rate`, :func:`retention_rate`, :func:`complaints_per_order`,
  :func:`complainer_share`, :func:`late_response_share`.
- **The case's monthly KPIs** — the turnaround case's "before" and "after" figures and the
  simulator's ``kpis`` columns (:mod:`course_lib.simulation.engine` computes the same
  definitions on its simulated customers): :func:`monthly_repurchase_rate`,
  :func:`monthly_complaint_rate`, and NPS (:func:`course_lib.service.nps`, the same formula
  everywhere). :func:`case_kpis` measures them month by month on order and ticket tables.

:func:`kpi_layers` puts them into chapter 1's layered KPI system (demographics, transactions,
channel behaviour, social interaction) beside the profile indicators that have no KPI of
their own, each with its value over the twelve months before a day.

Examples
--------
>>> orders = pd.DataFrame({
...     "customer_id": ["a", "a", "b", "c", "a", "b"],
...     "order_date": pd.to_datetime(["2024-01-05", "2024-01-20", "2024-01-09",
...                                   "2024-02-01", "2024-02-03", "2024-03-04"])})
>>> yearly_repurchase_rate(orders, year=2024)   # a and b ordered twice, c once
0.6666666666666666
>>> monthly_repurchase_rate(orders, month="2024-02")   # a, b active on 1 Feb; a ordered
0.5
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np
import pandas as pd

from .language import N_, language, tr
from .nps import nps
from .validation import CourseDataError, require_columns, require_frame, to_datetime_column, to_timestamp

__all__ = [
    "KPI",
    "KPIS",
    "kpi_table",
    "yearly_repurchase_rate",
    "retention_rate",
    "complaints_per_order",
    "complainer_share",
    "late_response_share",
    "monthly_repurchase_rate",
    "monthly_complaint_rate",
    "case_kpis",
    "nps",
    "kpi_layers",
]

#: Days without an order after which a customer no longer counts as active (course design).
ACTIVE_DAYS = 365
#: The service promise: a first response within one hour (the strategy article's golden rule).
RESPONSE_PROMISE_HOURS = 1.0


@dataclass(frozen=True)
class KPI:
    """One KPI: its name in code, its English and Chinese label, and its definition."""

    name: str
    label: str
    label_zh: str
    definition: str
    family: str


#: The monthly repurchase rate's definition, with the days that make a customer active.
_MONTHLY_REPURCHASE = N_(
    "customers active at the start of the month (an order in the previous {days} days) "
    "who ordered in the month / customers active at the start of the month"
)

KPIS = (
    KPI(
        "yearly_repurchase_rate",
        N_("repurchase rate (yearly)"),
        "年复购率",
        N_("share of the year's buyers with two or more orders in that year"),
        "yearly",
    ),
    KPI(
        "retention_rate",
        N_("retention rate"),
        "留存率",
        N_("share of the previous year's buyers who ordered again in this year"),
        "yearly",
    ),
    KPI(
        "complaints_per_order",
        N_("complaints per order"),
        "每单投诉数",
        N_("tickets opened in the year / orders in the year"),
        "yearly",
    ),
    KPI(
        "complainer_share",
        N_("complaining buyers (yearly)"),
        "年投诉客户占比",
        N_("share of the year's buyers who opened at least one ticket in that year"),
        "yearly",
    ),
    KPI(
        "late_response_share",
        N_("late first responses"),
        "超时响应占比",
        N_("share of tickets whose first response came after the 1-hour promise"),
        "yearly",
    ),
    KPI(
        "monthly_repurchase_rate",
        N_("repurchase rate (monthly, the case's)"),
        "月复购率",
        _MONTHLY_REPURCHASE.format(days=ACTIVE_DAYS),
        "case",
    ),
    KPI(
        "monthly_complaint_rate",
        N_("complaint rate (monthly, the case's)"),
        "月投诉率",
        N_("customers who opened a ticket in the month / customers who ordered in the month"),
        "case",
    ),
    KPI(
        "nps",
        N_("net promoter score"),
        "净推荐值",
        N_("% promoters (9–10) minus % detractors (0–6), −100…100"),
        "case",
    ),
)
"""Every KPI of the course with its definition; the simulator's columns carry the case's names
(``repurchase_rate`` is :func:`monthly_repurchase_rate`, ``complaint_rate`` is
:func:`monthly_complaint_rate`)."""


def _shown(text: str) -> str:
    """A KPI's label or definition in the course's language (its English text in English)."""
    if language() == "en":
        return text
    if text == _MONTHLY_REPURCHASE.format(days=ACTIVE_DAYS):
        return tr(_MONTHLY_REPURCHASE).format(days=ACTIVE_DAYS)
    return tr(text)


def kpi_table() -> pd.DataFrame:
    """The KPI definitions as a table, one row per KPI (for a chapter or a report).

    Returns
    -------
    pandas.DataFrame
        One row per KPI of :data:`KPIS`, indexed by ``name`` (the function that computes
        it): ``label`` (the label in the course's language: English in the English course),
        ``label_zh`` (Chinese label), ``definition`` (in the course's language) and
        ``family`` (``"yearly"`` or ``"case"``).

    Examples
    --------
    >>> kpi_table().loc["monthly_repurchase_rate", "label_zh"]
    '月复购率'
    >>> from course_lib.language import set_language
    >>> set_language("zh"); kpi_table().loc["complaints_per_order", "definition"]
    '当年新开工单数 / 当年订单数'
    >>> set_language(None)
    """
    table = pd.DataFrame([vars(k) for k in KPIS]).set_index("name")
    if language() == "en":
        return table
    return table.assign(label=table["label"].map(_shown), definition=table["definition"].map(_shown))


# ------------------------------------------------------------------------------ helpers
def _orders(orders, arg="orders") -> pd.DataFrame:
    frame = require_frame(orders, arg)
    require_columns(frame, ["customer_id", "order_date"], arg)
    return frame.assign(order_date=to_datetime_column(frame, "order_date", arg))


def _tickets(tickets, arg="tickets") -> pd.DataFrame:
    frame = require_frame(tickets, arg)
    require_columns(frame, ["customer_id", "opened_at"], arg)
    return frame.assign(opened_at=to_datetime_column(frame, "opened_at", arg))


def _year(year=None, as_of=None) -> tuple[pd.Timestamp, pd.Timestamp]:
    """The calendar ``year``, or the twelve months before ``as_of``: exactly one is given."""
    if (year is None) == (as_of is None):
        raise TypeError(
            "give exactly one of `year` (e.g. 2024) and `as_of` (the day after the "
            f"twelve months); got year={year!r}, as_of={as_of!r}."
        )
    if as_of is not None:
        end = to_timestamp(as_of, "as_of")
        return end - pd.DateOffset(years=1), end
    if isinstance(year, bool) or not isinstance(year, (int, np.integer)):
        raise TypeError(f"`year` must be a whole year such as 2024; got {type(year).__name__} {year!r}.")
    start = pd.Timestamp(year=int(year), month=1, day=1)
    return start, start + pd.DateOffset(years=1)


def _month(month) -> tuple[pd.Timestamp, pd.Timestamp]:
    try:
        if isinstance(month, str) and not re.fullmatch(r"\d{4}-\d{2}(-\d{2})?", month.strip()):
            raise ValueError(month)
        period = pd.Period(month, freq="M")
    except (TypeError, ValueError):
        raise CourseDataError(f"`month` must be a month such as '2024-03'; got {month!r}.") from None
    return period.start_time, (period + 1).start_time


def _between(frame, column, start, end) -> pd.DataFrame:
    return frame[(frame[column] >= start) & (frame[column] < end)]


def _share(part: int, whole: int) -> float:
    return part / whole if whole else float("nan")


# ------------------------------------------------------------------------------ yearly
def yearly_repurchase_rate(
    orders: pd.DataFrame, *, year: int | None = None, as_of: str | pd.Timestamp | None = None
) -> float:
    """Share of the year's buyers who ordered two or more times in that year.

    Parameters
    ----------
    orders : pandas.DataFrame
        One row per order with ``customer_id`` and ``order_date``.
    year : int, optional
        The calendar year ...
    as_of : str or pandas.Timestamp, optional
        ... or the twelve months before this day (give one of the two).

    Returns
    -------
    float
        A fraction 0–1 (NaN without buyers).

    Examples
    --------
    >>> orders = pd.DataFrame({"customer_id": ["a", "a", "b"],
    ...                        "order_date": ["2024-03-01", "2024-09-01", "2024-05-01"]})
    >>> yearly_repurchase_rate(orders, year=2024)
    0.5
    """
    start, end = _year(year, as_of)
    counts = _between(_orders(orders), "order_date", start, end).groupby("customer_id").size()
    return _share(int((counts >= 2).sum()), len(counts))


def retention_rate(
    orders: pd.DataFrame, *, year: int | None = None, as_of: str | pd.Timestamp | None = None
) -> float:
    """Share of the previous year's buyers who ordered again in ``year``.

    Parameters
    ----------
    orders : pandas.DataFrame
        One row per order with ``customer_id`` and ``order_date``; it must reach back a
        year before the measured year.
    year : int, optional
        The calendar year whose buyers are checked against the year before it ...
    as_of : str or pandas.Timestamp, optional
        ... or the twelve months before this day, checked against the twelve months before
        those (give one of ``year`` and ``as_of``).

    Returns
    -------
    float
        A fraction 0–1 (NaN without buyers in the previous year).

    Examples
    --------
    >>> orders = pd.DataFrame({"customer_id": ["a", "b", "a"],
    ...                        "order_date": ["2023-03-01", "2023-05-01", "2024-02-01"]})
    >>> retention_rate(orders, year=2024)
    0.5
    """
    frame = _orders(orders)
    start, end = _year(year, as_of)
    before = set(_between(frame, "order_date", start - pd.DateOffset(years=1), start)["customer_id"])
    now = set(_between(frame, "order_date", start, end)["customer_id"])
    return _share(len(before & now), len(before))


def complaints_per_order(
    tickets: pd.DataFrame,
    orders: pd.DataFrame,
    *,
    year: int | None = None,
    as_of: str | pd.Timestamp | None = None,
) -> float:
    """Tickets opened in ``year`` divided by orders placed in ``year``.

    Parameters
    ----------
    tickets : pandas.DataFrame
        One row per service ticket with ``customer_id`` and ``opened_at``; every ticket
        opened in the year counts.
    orders : pandas.DataFrame
        One row per order with ``customer_id`` and ``order_date``; every order placed in the
        year counts.
    year : int, optional
        The calendar year ...
    as_of : str or pandas.Timestamp, optional
        ... or the twelve months before this day (give one of the two).

    Returns
    -------
    float
        Tickets per order, ≥ 0 (NaN without orders).

    Examples
    --------
    >>> orders = pd.DataFrame({"customer_id": list("abcd"), "order_date": ["2024-01-02"] * 4})
    >>> tickets = pd.DataFrame({"customer_id": ["a"], "opened_at": ["2024-01-03"]})
    >>> complaints_per_order(tickets, orders, year=2024)
    0.25
    """
    start, end = _year(year, as_of)
    n_tickets = len(_between(_tickets(tickets), "opened_at", start, end))
    return _share(n_tickets, len(_between(_orders(orders), "order_date", start, end)))


def complainer_share(
    tickets: pd.DataFrame,
    orders: pd.DataFrame,
    *,
    year: int | None = None,
    as_of: str | pd.Timestamp | None = None,
) -> float:
    """Share of the year's buyers who opened at least one ticket in that year.

    Parameters
    ----------
    tickets : pandas.DataFrame
        Service tickets with ``customer_id`` and ``opened_at``: a buyer with a ticket opened
        in the year is a complainer.
    orders : pandas.DataFrame
        Orders with ``customer_id`` and ``order_date``: the customers with an order in the
        year are the buyers.
    year : int, optional
        The calendar year whose buyers are counted ...
    as_of : str or pandas.Timestamp, optional
        ... or the twelve months before this day (give one of ``year`` and ``as_of``).

    Returns
    -------
    float
        A fraction 0–1 (NaN without buyers).

    Examples
    --------
    >>> orders = pd.DataFrame({"customer_id": list("abcd"), "order_date": ["2024-01-02"] * 4})
    >>> tickets = pd.DataFrame({"customer_id": ["a", "a"], "opened_at": ["2024-01-03"] * 2})
    >>> complainer_share(tickets, orders, year=2024)
    0.25
    """
    start, end = _year(year, as_of)
    buyers = set(_between(_orders(orders), "order_date", start, end)["customer_id"])
    complainers = set(_between(_tickets(tickets), "opened_at", start, end)["customer_id"])
    return _share(len(buyers & complainers), len(buyers))


def late_response_share(
    tickets: pd.DataFrame,
    *,
    year: int | None = None,
    as_of: str | pd.Timestamp | None = None,
    hours: float = RESPONSE_PROMISE_HOURS,
) -> float:
    """Share of the year's tickets whose first response came after ``hours``.

    Parameters
    ----------
    tickets : pandas.DataFrame
        One row per service ticket with ``customer_id``, ``opened_at`` and
        ``first_response_at`` (missing: never answered, which counts as late).
    year : int, optional
        The calendar year whose tickets (by ``opened_at``) are counted ...
    as_of : str or pandas.Timestamp, optional
        ... or the tickets opened in the twelve months before this day (give one of the two).
    hours : float, default :data:`RESPONSE_PROMISE_HOURS` (1.0)
        The response promise: a first response later than this many hours is late.

    Returns
    -------
    float
        A fraction 0–1 of the tickets opened in the year (NaN without tickets).

    Examples
    --------
    >>> tickets = pd.DataFrame({"customer_id": ["a", "b"],
    ...                         "opened_at": pd.to_datetime(["2024-01-03 09:00", "2024-01-03 10:00"]),
    ...                         "first_response_at": pd.to_datetime(["2024-01-03 09:20", "2024-01-03 12:00"])})
    >>> late_response_share(tickets, year=2024)
    0.5
    """
    frame = _tickets(tickets)
    require_columns(frame, ["first_response_at"], "tickets")
    start, end = _year(year, as_of)
    frame = _between(frame, "opened_at", start, end)
    waited = to_datetime_column(frame, "first_response_at", "tickets") - frame["opened_at"]
    # a ticket never answered (no first response) broke the promise too
    late = (waited.dt.total_seconds() > 3600 * float(hours)) | waited.isna()
    return _share(int(late.sum()), len(frame))


# ------------------------------------------------------------------------------ monthly
def monthly_repurchase_rate(
    orders: pd.DataFrame, *, month: str | pd.Timestamp | pd.Period, active_days: int = ACTIVE_DAYS
) -> float:
    """The case's repurchase rate for one month (the simulator's ``repurchase_rate``).

    Customers active at the start of the month — at least one order in the ``active_days``
    before it — who ordered in the month, over the customers active at its start. A new
    customer's first order does not count: they were not active at the start.

    Parameters
    ----------
    orders : pandas.DataFrame
        One row per order with ``customer_id`` and ``order_date``.
    month : str, pandas.Timestamp or pandas.Period
        The month, e.g. ``"2024-03"``.
    active_days : int, default :data:`ACTIVE_DAYS` (365)
        Days of history that make a customer active (course design).

    Returns
    -------
    float
        A fraction 0–1 (NaN when nobody was active).

    Examples
    --------
    >>> orders = pd.DataFrame({"customer_id": ["a", "b", "a", "c"],
    ...                        "order_date": ["2024-01-10", "2024-01-12", "2024-02-05", "2024-02-06"]})
    >>> monthly_repurchase_rate(orders, month="2024-02")   # a and b active, a ordered; c is new
    0.5
    """
    frame = _orders(orders)
    start, end = _month(month)
    active = set(
        _between(frame, "order_date", start - pd.Timedelta(days=int(active_days)), start)["customer_id"]
    )
    bought = set(_between(frame, "order_date", start, end)["customer_id"])
    return _share(len(active & bought), len(active))


def monthly_complaint_rate(
    tickets: pd.DataFrame, orders: pd.DataFrame, *, month: str | pd.Timestamp | pd.Period
) -> float:
    """The case's complaint rate for one month (the simulator's ``complaint_rate``).

    Customers who opened a ticket in the month over customers who ordered in the month.

    Parameters
    ----------
    tickets : pandas.DataFrame
        One row per service ticket with ``customer_id`` and ``opened_at``.
    orders : pandas.DataFrame
        One row per order with ``customer_id`` and ``order_date``.
    month : str, pandas.Timestamp or pandas.Period
        The month, e.g. ``"2024-03"``.

    Returns
    -------
    float
        A fraction of the month's buyers (NaN without buyers); customers who complained
        without ordering in the month count too, so it can exceed 1.

    Examples
    --------
    >>> orders = pd.DataFrame({"customer_id": list("abcd"), "order_date": ["2024-02-02"] * 4})
    >>> tickets = pd.DataFrame({"customer_id": ["a"], "opened_at": ["2024-02-09"]})
    >>> monthly_complaint_rate(tickets, orders, month="2024-02")
    0.25
    """
    start, end = _month(month)
    buyers = _between(_orders(orders), "order_date", start, end)["customer_id"].nunique()
    complainers = _between(_tickets(tickets), "opened_at", start, end)["customer_id"].nunique()
    return _share(complainers, buyers)


def case_kpis(
    orders: pd.DataFrame, tickets: pd.DataFrame, surveys: pd.DataFrame | None = None, *, year: int
) -> pd.DataFrame:
    """The turnaround case's KPIs, month by month, measured on order and ticket tables.

    Parameters
    ----------
    orders, tickets : pandas.DataFrame
        Orders (``customer_id``, ``order_date``) and tickets (``customer_id``, ``opened_at``).
    surveys : pandas.DataFrame, optional
        Survey answers with ``survey_date`` and ``nps`` (0–10); adds the month's NPS.
    year : int
        The calendar year.

    Returns
    -------
    pandas.DataFrame
        One row per month (``1``–``12``) with ``repurchase_rate`` and ``complaint_rate``
        (the simulator's names and definitions) and, with surveys, ``nps``.

    Examples
    --------
    >>> orders = pd.DataFrame({"customer_id": ["a", "a"], "order_date": ["2023-12-01", "2024-01-05"]})
    >>> tickets = pd.DataFrame({"customer_id": ["a"], "opened_at": ["2024-01-06"]})
    >>> case_kpis(orders, tickets, year=2024).loc[1].tolist()
    [1.0, 1.0]
    """
    _year(year)
    months = pd.period_range(f"{int(year)}-01", f"{int(year)}-12", freq="M")
    rows = {
        m.month: {
            "repurchase_rate": monthly_repurchase_rate(orders, month=m),
            "complaint_rate": monthly_complaint_rate(tickets, orders, month=m),
        }
        for m in months
    }
    table = pd.DataFrame.from_dict(rows, orient="index")
    if surveys is not None:
        frame = require_frame(surveys, "surveys")
        require_columns(frame, ["survey_date", "nps"], "surveys")
        dates = to_datetime_column(frame, "survey_date", "surveys")
        in_year = frame[dates.dt.year == int(year)]
        by_month = in_year.groupby(dates[in_year.index].dt.month)["nps"]
        table["nps"] = by_month.apply(nps).reindex(table.index)
    table.index.name = "month"
    return table


# --------------------------------------------------------------------------- layers
def _kpi(english: str, chinese: str) -> str:
    """A KPI's name in the layers: "English 中文" in the English course, Chinese in the Chinese one."""
    return chinese if language() == "zh" else f"{english} {chinese}"


def _age(birth, day):
    years = day.year - birth.dt.year
    before_birthday = (birth.dt.month > day.month) | (
        (birth.dt.month == day.month) & (birth.dt.day > day.day)
    )
    return years - before_birthday.astype(int)


def kpi_layers(
    *,
    customers: pd.DataFrame,
    orders: pd.DataFrame,
    surveys: pd.DataFrame,
    tickets: pd.DataFrame,
    campaigns: pd.DataFrame,
    followups: pd.DataFrame,
    as_of: str | pd.Timestamp,
) -> pd.DataFrame:
    """The layered KPI system (关键指标体系) with each indicator's value on the data.

    Four layers build a customer profile: demographics (人口属性), transactions (交易行为),
    channel behaviour (渠道行为) and social interaction (社交互动). Each row gives the
    layer, the KPI (English and Chinese), its definition, its value over the twelve months
    before ``as_of`` and its ``unit`` (``share``: a fraction 0–1; ``CNY``; ``count``; ``years``;
    ``score``: NPS −100…100 or satisfaction 0–100). The KPIs defined in this module (repurchase,
    retention, NPS, complaints; see :data:`KPIS`) appear under their names and definitions.
    Taught in chapter 1.

    Parameters
    ----------
    customers, orders, surveys, tickets, campaigns, followups : pandas.DataFrame
        The course tables (:mod:`course_lib.data`), with the columns each layer reads.
    as_of : str or pandas.Timestamp
        The day after the twelve months measured.

    Returns
    -------
    pandas.DataFrame
        One row per KPI: ``layer``, ``kpi``, ``definition``, ``value``, ``unit``. The ``kpi``
        ("English 中文"; Chinese alone in the Chinese course) and the ``definition`` follow the
        course's language; the ``layer`` is the same in both, since code selects rows by it.

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
    for name, frame, cols in [
        ("customers", customers, ["customer_id", "birth_date", "city_tier", "gender", "referred_by"]),
        ("orders", orders, ["customer_id", "order_date", "amount", "channel"]),
        ("surveys", surveys, ["customer_id", "survey_date", "nps", "satisfaction"]),
        ("tickets", tickets, ["customer_id", "opened_at", "first_response_at"]),
        ("campaigns", campaigns, ["customer_id", "contact_date", "group", "responded"]),
        ("followups", followups, ["customer_id", "date", "responded"]),
    ]:
        require_columns(frame, cols, name)
    day = to_timestamp(as_of, "as_of")
    start = day - pd.DateOffset(years=1)
    year = _between(orders, "order_date", start, day)
    if year.empty:
        raise CourseDataError(f"no order falls in the twelve months before `as_of` {day.date()}.")
    buyers = year.groupby("customer_id")
    per_customer = buyers.size()
    earlier = set(orders.loc[orders["order_date"] < start, "customer_id"])
    online = year["channel"].astype(str) != "store"
    channels = buyers["channel"].nunique()
    sv = _between(surveys, "survey_date", start, day)
    by_name = {k.name: k for k in KPIS}

    def named(name):
        return _kpi(by_name[name].label, by_name[name].label_zh), by_name[name].definition

    camp = _between(campaigns, "contact_date", start, day)
    camp = camp[camp["group"].astype(str) == "treatment"]
    fu = _between(followups, "date", start, day)
    rows = [
        (
            "demographics 人口属性",
            _kpi("members", "会员数"),
            N_("registered customers"),
            len(customers),
            "count",
        ),
        (
            "demographics 人口属性",
            _kpi("median age", "年龄中位数"),
            N_("age on as_of, years"),
            float(_age(customers["birth_date"], day).median()),
            "years",
        ),
        (
            "demographics 人口属性",
            _kpi("tier-1 city share", "一线城市占比"),
            N_("share of members in tier-1 cities"),
            float((customers["city_tier"] == 1).mean()),
            "share",
        ),
        (
            "demographics 人口属性",
            _kpi("female share", "女性占比"),
            N_("share of members with gender F"),
            float((customers["gender"].astype(str) == "F").mean()),
            "share",
        ),
        (
            "transactions 交易行为",
            _kpi("active customers", "活跃客户"),
            N_("customers with an order in the last 365 days"),
            int(len(per_customer)),
            "count",
        ),
        (
            "transactions 交易行为",
            *named("yearly_repurchase_rate"),
            yearly_repurchase_rate(orders, as_of=day),
            "share",
        ),
        ("transactions 交易行为", *named("retention_rate"), retention_rate(orders, as_of=day), "share"),
        (
            "transactions 交易行为",
            _kpi("average order value", "客单价"),
            N_("mean paid amount per order, CNY"),
            float(year["amount"].mean()),
            "CNY",
        ),
        (
            "transactions 交易行为",
            _kpi("revenue per active customer", "人均消费"),
            N_("paid amount / active customers, CNY"),
            float(year["amount"].sum() / len(per_customer)),
            "CNY",
        ),
        (
            "transactions 交易行为",
            _kpi("new customers", "新客户"),
            N_("active customers with no earlier order"),
            int(len(set(per_customer.index) - earlier)),
            "count",
        ),
        (
            "channel behaviour 渠道行为",
            _kpi("online order share", "线上订单占比"),
            N_("share of orders outside stores"),
            float(online.mean()),
            "share",
        ),
        (
            "channel behaviour 渠道行为",
            _kpi("omnichannel customers", "全渠道客户"),
            N_("share of active customers buying in 2+ channels"),
            float((channels >= 2).mean()),
            "share",
        ),
        (
            "channel behaviour 渠道行为",
            _kpi("campaign response rate", "营销响应率"),
            N_("share of campaign messages opened or used"),
            float(camp["responded"].mean()) if len(camp) else float("nan"),
            "share",
        ),
        (
            "social interaction 社交互动",
            _kpi("referred members", "推荐入会占比"),
            N_("share of members referred by a member"),
            float(customers["referred_by"].notna().mean()),
            "share",
        ),
        ("social interaction 社交互动", *named("nps"), nps(sv["nps"]) if len(sv) else float("nan"), "score"),
        (
            "social interaction 社交互动",
            _kpi("mean satisfaction", "平均满意度"),
            N_("survey satisfaction, 0–100"),
            float(sv["satisfaction"].mean()) if len(sv) else float("nan"),
            "score",
        ),
        (
            "social interaction 社交互动",
            *named("complaints_per_order"),
            complaints_per_order(tickets, orders, as_of=day),
            "share",
        ),
        (
            "social interaction 社交互动",
            *named("complainer_share"),
            complainer_share(tickets, orders, as_of=day),
            "share",
        ),
        (
            "social interaction 社交互动",
            *named("late_response_share"),
            late_response_share(tickets, as_of=day),
            "share",
        ),
        (
            "social interaction 社交互动",
            _kpi("follow-up response", "回访响应率"),
            N_("share of follow-ups the customer answered"),
            float(fu["responded"].mean()) if len(fu) else float("nan"),
            "share",
        ),
    ]
    table = pd.DataFrame(rows, columns=["layer", "kpi", "definition", "value", "unit"])
    return table if language() == "en" else table.assign(definition=table["definition"].map(_shown))
