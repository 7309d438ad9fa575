"""Service: what late answers cost, complaint root causes, the prevent → respond → review loop
and proportionate compensation (analytics layer).

Taught in chapter 4 (``notebooks/04_service.ipynb``):

- :func:`complaint_churn` and :func:`late_churn_ratio` — does a late answer cost customers?
  Each month's complainers are followed from the first day of the next month with
  :func:`course_lib.churn.churn_label`.
- :func:`pareto_table`, :func:`root_cause_review`, :func:`complaint_records` — which
  complaint causes make up most of the volume, reviewed on three dimensions
  (:data:`ROOT_CAUSE_DIMENSIONS`), and the complaint record (content, handling, result) that
  makes such reviews possible.
- :func:`service_loop` — the prevent → respond → review loop as what-if calculations on the
  brand's complaint volume and churn.
- :data:`COMPENSATION_LADDER`, :func:`compensation_level` — the course's ladder of
  proportionate compensation (course design): how far up it a complaint's severity and a
  missed 1-hour promise take the remedy.

The chapter's other topics have modules of their own; their names stay importable from here
(``service.sla_table``, ``service.nps_table``, ``service.agents_needed`` … keep working):

- :mod:`course_lib.sla` — the promises, ``ticket_times``, ``sla_flags``, ``sla_table``,
  ``csat_by_sla``;
- :mod:`course_lib.nps` — ``nps_category``, ``nps``, ``nps_interval``, ``nps_table``,
  ``survey_features``, ``nps_drivers``;
- :mod:`course_lib.staffing` — Erlang C: ``erlang_c``, ``staffing``, ``agents_needed``,
  ``staffing_table``;
- :mod:`course_lib.sentiment` — ``sentiment_model``, ``split_texts``,
  ``evaluate_sentiment``, ``SentimentReport``.

Examples
--------
>>> tickets = pd.DataFrame({"category": ["late"] * 5 + ["size"] * 3 + ["app"] * 2})
>>> pareto_table(tickets)["vital_few"].to_dict()
{'late': True, 'size': True, 'app': False}
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from .nps import nps, nps_category, nps_drivers, nps_interval, nps_table, survey_features
from .sentiment import SentimentReport, evaluate_sentiment, sentiment_model, split_texts
from .sla import (
    RESOLUTION_PROMISE_HOURS,
    RESPONSE_PROMISE_HOURS,
    SEVERITY_ORDER,
    csat_by_sla,
    sla_flags,
    sla_table,
    ticket_times,
)
from .staffing import agents_needed, erlang_c, staffing, staffing_table
from .validation import (
    CourseDataError,
    require_columns,
    require_fraction,
    require_frame,
    require_no_missing,
    require_non_empty,
    require_whole,
    to_datetime_column,
)

__all__ = [
    "ROOT_CAUSE_DIMENSIONS",
    "complaint_churn",
    "late_churn_ratio",
    "pareto_table",
    "root_cause_review",
    "complaint_records",
    "service_loop",
    "COMPENSATION_LADDER",
    "compensation_level",
    # re-exported from course_lib.sla
    "RESPONSE_PROMISE_HOURS",
    "RESOLUTION_PROMISE_HOURS",
    "SEVERITY_ORDER",
    "ticket_times",
    "sla_flags",
    "sla_table",
    "csat_by_sla",
    # re-exported from course_lib.nps
    "nps_category",
    "nps",
    "nps_interval",
    "nps_table",
    "survey_features",
    "nps_drivers",
    # re-exported from course_lib.sentiment
    "sentiment_model",
    "split_texts",
    "SentimentReport",
    "evaluate_sentiment",
    # re-exported from course_lib.staffing
    "erlang_c",
    "staffing",
    "agents_needed",
    "staffing_table",
]

#: The three dimensions of a root-cause review (客户需求 / 服务流程 / 员工培训) and, as course
#: design, the dimension where each of Lumen's complaint categories is looked at first.
ROOT_CAUSE_DIMENSIONS = {
    "delivery_delay": "service process",
    "product_quality": "customer needs",
    "wrong_size": "customer needs",
    "refund": "service process",
    "staff_attitude": "staff training",
    "app_problem": "service process",
    "points_dispute": "service process",
}
_DIMENSION_ZH = {"customer needs": "客户需求", "service process": "服务流程", "staff training": "员工培训"}


# --------------------------------------------------------------------------- churn link
def complaint_churn(
    tickets: pd.DataFrame,
    orders: pd.DataFrame,
    *,
    response_hours: float = RESPONSE_PROMISE_HOURS,
    horizon_days: int = 180,
) -> pd.DataFrame:
    """Follow each month's complainers: were they lost in the ``horizon_days`` that followed?

    For every month with complaints, the landmark day is the first day of the next month;
    each customer who complained that month is ``late`` when any of their complaints of
    the month waited longer than ``response_hours`` for a first answer, and ``lost`` is
    :func:`course_lib.churn.churn_label` on the landmark day. Months whose window would run
    past the end of ``orders`` are left out, so every label is fully observed.

    Parameters
    ----------
    tickets : pandas.DataFrame
        As for :func:`ticket_times`, with ``customer_id``.
    orders : pandas.DataFrame
        ``customer_id`` and ``order_date``.
    response_hours : float
        The first-answer promise in hours.
    horizon_days : int
        How long each month's complainers are followed (≥ 1).

    Returns
    -------
    pandas.DataFrame
        One row per customer and complaint month: ``customer_id``, ``month`` (the landmark
        day), ``complaints``, ``late`` and ``lost``.

    Examples
    --------
    >>> tickets = pd.DataFrame({"customer_id": ["a", "b"],
    ...     "opened_at": pd.to_datetime(["2024-01-10 09:00"] * 2),
    ...     "first_response_at": pd.to_datetime(["2024-01-10 09:30", "2024-01-10 15:00"]),
    ...     "resolved_at": pd.to_datetime(["2024-01-11 09:00"] * 2)})
    >>> orders = pd.DataFrame({"customer_id": ["a", "b", "a"],
    ...     "order_date": pd.to_datetime(["2024-01-05", "2024-01-06", "2024-03-01"])})
    >>> complaint_churn(tickets, orders, horizon_days=30)[["customer_id", "late", "lost"]]
      customer_id   late   lost
    0           a  False  False
    1           b   True   True
    """
    from .churn import churn_label

    require_columns(tickets, ["customer_id"], "tickets")
    require_columns(orders, ["customer_id", "order_date"], "orders")
    horizon = require_whole(horizon_days, "horizon_days", low=1)
    table = sla_flags(tickets, response_hours=response_hours)
    opened = to_datetime_column(table, "opened_at", "tickets")
    table["month"] = (opened.dt.to_period("M") + 1).dt.to_timestamp()
    last_day = to_datetime_column(orders, "order_date", "orders").max()
    table = table[table["month"] + pd.Timedelta(days=horizon) <= last_day + pd.Timedelta(days=1)]
    if table.empty:
        raise CourseDataError(
            f"no complaint month leaves a full {horizon}-day window before the orders end on "
            f"{last_day.date()}; use a shorter `horizon_days`."
        )
    table["late"] = ~table["answered_in_time"]
    per_month = table.groupby(["month", "customer_id"], sort=True).agg(
        complaints=("late", "size"), late=("late", "any")
    )
    months = []
    for month, group in per_month.groupby(level="month", sort=True):
        lost = churn_label(orders, as_of=month, horizon_days=horizon)
        per_customer = group.droplevel("month").join(lost, how="inner")
        per_customer.insert(0, "month", month)
        months.append(per_customer.reset_index())
    out = pd.concat(months, ignore_index=True)
    out["late"] = out["late"].astype(bool)
    out["lost"] = out["lost"].astype(bool)
    return out[["customer_id", "month", "complaints", "late", "lost"]]


def late_churn_ratio(table: pd.DataFrame) -> pd.Series:
    """Churn of late-answered versus on-time complainers, from :func:`complaint_churn`.

    Parameters
    ----------
    table : pandas.DataFrame
        ``late`` and ``lost`` per case, with both late and on-time cases.

    Returns
    -------
    pandas.Series
        ``on_time_cases``, ``late_cases``, ``on_time_churn``, ``late_churn`` and ``ratio``
        (late churn over on-time churn; infinite when nobody answered on time was lost).

    Examples
    --------
    >>> table = pd.DataFrame({"late": [True, True, True, True, False, False, False, False],
    ...                       "lost": [True, True, False, False, True, False, False, False]})
    >>> late_churn_ratio(table)
    on_time_cases     4.00
    late_cases        4.00
    on_time_churn     0.25
    late_churn        0.50
    ratio             2.00
    Name: late_vs_on_time, dtype: float64
    """
    require_frame(table, "table")
    require_columns(table, ["late", "lost"], "table")
    late = table["late"].astype(bool)
    lost = table["lost"].astype(bool)
    if late.all() or (~late).all():
        raise CourseDataError(
            "`table` needs both late and on-time cases to compare; got only "
            f"{'late' if late.all() else 'on-time'} ones."
        )
    on_time_churn = float(lost[~late].mean())
    late_churn = float(lost[late].mean())
    ratio = late_churn / on_time_churn if on_time_churn > 0 else float("inf")
    return pd.Series(
        {
            "on_time_cases": float((~late).sum()),
            "late_cases": float(late.sum()),
            "on_time_churn": on_time_churn,
            "late_churn": late_churn,
            "ratio": ratio,
        },
        name="late_vs_on_time",
    )


# ------------------------------------------------------------------------ root causes
def pareto_table(tickets: pd.DataFrame, *, column: str = "category", vital: float = 0.8) -> pd.DataFrame:
    """Complaint causes by count, largest first, with shares and the cumulative share.

    Parameters
    ----------
    tickets : pandas.DataFrame
        One row per complaint with the ``column`` of causes (none missing).
    column : str
        The cause column.
    vital : float
        The share of all complaints (0–1) that the vital few reach.

    Returns
    -------
    pandas.DataFrame
        Indexed by cause: ``complaints``, ``share``, ``cumulative_share`` and ``vital_few``,
        which marks the causes needed to reach ``vital`` of all complaints — the first ones
        to fix.

    Examples
    --------
    >>> tickets = pd.DataFrame({"category": ["late"] * 5 + ["size"] * 3 + ["app"] * 2})
    >>> pareto_table(tickets)
              complaints  share  cumulative_share  vital_few
    category
    late               5    0.5               0.5       True
    size               3    0.3               0.8       True
    app                2    0.2               1.0      False
    """
    require_frame(tickets, "tickets")
    require_columns(tickets, [column], "tickets")
    require_non_empty(tickets, "tickets")
    require_no_missing(tickets, column, "tickets")
    vital = require_fraction(vital, "vital")
    counts = tickets[column].astype(str).value_counts()
    counts = counts.sort_index().sort_values(ascending=False, kind="stable")
    share = counts / counts.sum()
    cumulative = share.cumsum()
    reached_before = cumulative.shift(fill_value=0.0)
    out = pd.DataFrame(
        {
            "complaints": counts.astype(int),
            "share": share,
            "cumulative_share": cumulative.round(12),
            "vital_few": reached_before < vital - 1e-12,
        }
    )
    out.index.name = column
    return out


def root_cause_review(
    tickets: pd.DataFrame,
    *,
    dimensions: Mapping[str, str] | None = None,
    response_hours: float = RESPONSE_PROMISE_HOURS,
    resolution_hours: float = RESOLUTION_PROMISE_HOURS,
) -> pd.DataFrame:
    """A root-cause review sheet: one row per complaint category, largest first.

    Parameters
    ----------
    tickets : pandas.DataFrame
        As for :func:`ticket_times`, with ``category``, ``severity`` and ``csat``.
    dimensions : mapping of str to str, optional
        Category → ``customer needs``, ``service process`` or ``staff training``
        (default :data:`ROOT_CAUSE_DIMENSIONS`); every category needs one.
    response_hours, resolution_hours : float
        The promises in hours (> 0): first answer, solution.

    Returns
    -------
    pandas.DataFrame
        Indexed by ``category``: ``complaints``, ``share``, ``high_severity`` (share),
        ``answered_in_time``, ``solved_in_time``, ``mean_csat`` and ``dimension`` — where the
        review looks first, with its Chinese name.

    Examples
    --------
    >>> tickets = pd.DataFrame({"category": ["refund", "refund", "staff_attitude"],
    ...     "severity": ["low", "high", "medium"], "csat": [4, 2, 3],
    ...     "opened_at": pd.to_datetime(["2024-03-01 09:00"] * 3),
    ...     "first_response_at": pd.to_datetime(["2024-03-01 09:30"] * 3),
    ...     "resolved_at": pd.to_datetime(["2024-03-01 18:00"] * 3)})
    >>> root_cause_review(tickets)[["complaints", "high_severity", "dimension"]]
                    complaints  high_severity               dimension
    category
    refund                   2            0.5    service process 服务流程
    staff_attitude           1            0.0     staff training 员工培训
    """
    dimensions = dict(ROOT_CAUSE_DIMENSIONS if dimensions is None else dimensions)
    bad = sorted(set(dimensions.values()) - set(_DIMENSION_ZH))
    if bad:
        raise CourseDataError(f"`dimensions` must map to {sorted(_DIMENSION_ZH)}; got {bad}.")
    require_columns(tickets, ["category", "severity", "csat"], "tickets")
    table = sla_flags(tickets, response_hours=response_hours, resolution_hours=resolution_hours)
    grouped = table.groupby(table["category"].astype(str))
    out = pd.DataFrame(
        {
            "complaints": grouped.size(),
            "high_severity": grouped["severity"].apply(lambda s: float((s == "high").mean())),
            "answered_in_time": grouped["answered_in_time"].mean(),
            "solved_in_time": grouped["solved_in_time"].mean(),
            "mean_csat": grouped["csat"].mean(),
        }
    )
    out.insert(1, "share", out["complaints"] / out["complaints"].sum())
    missing = sorted(set(out.index) - set(dimensions))
    if missing:
        raise CourseDataError(
            f"`dimensions` has no entry for the categories {missing}; map "
            "each to customer needs, service process or staff training."
        )
    out["dimension"] = [f"{dimensions[c]} {_DIMENSION_ZH[dimensions[c]]}" for c in out.index]
    out.index.name = "category"
    return out.sort_index().sort_values("complaints", ascending=False, kind="stable")


def complaint_records(
    tickets: pd.DataFrame,
    *,
    response_hours: float = RESPONSE_PROMISE_HOURS,
    resolution_hours: float = RESOLUTION_PROMISE_HOURS,
) -> pd.DataFrame:
    """Complaint records in three parts: what was complained about, how it was handled, the result.

    Parameters
    ----------
    tickets : pandas.DataFrame
        As for :func:`ticket_times`, with ``ticket_id``, ``category``, ``severity``,
        ``text``, ``channel``, ``csat`` (and ``sentiment`` if known).
    response_hours, resolution_hours : float
        The promises in hours (> 0): first answer, solution.

    Returns
    -------
    pandas.DataFrame
        Indexed by ``ticket_id``; the columns are a two-level index: ``content`` (category,
        severity, text), ``handling`` (channel, response_hours, answered_in_time,
        resolution_hours) and ``result`` (solved_in_time, csat, sentiment when present).

    Examples
    --------
    >>> tickets = pd.DataFrame({"ticket_id": ["T1"], "category": ["refund"], "severity": ["low"],
    ...     "text": ["where is my refund?"], "channel": ["app"], "csat": [4],
    ...     "opened_at": pd.to_datetime(["2024-03-01 09:00"]),
    ...     "first_response_at": pd.to_datetime(["2024-03-01 09:30"]),
    ...     "resolved_at": pd.to_datetime(["2024-03-01 18:00"])})
    >>> complaint_records(tickets).columns.get_level_values(0).unique().tolist()
    ['content', 'handling', 'result']
    """
    require_columns(tickets, ["ticket_id", "category", "severity", "text", "channel", "csat"], "tickets")
    table = sla_flags(tickets, response_hours=response_hours, resolution_hours=resolution_hours).set_index(
        "ticket_id"
    )
    parts = {
        "content": table[["category", "severity", "text"]],
        "handling": table[["channel", "response_hours", "answered_in_time", "resolution_hours"]],
        "result": table[["solved_in_time", "csat"] + (["sentiment"] if "sentiment" in table else [])],
    }
    return pd.concat(parts, axis=1)


# ------------------------------------------------------------------------ service loop
@dataclass(frozen=True)
class _Lever:
    stage: str
    lever: str
    source: str


_LEVERS = {
    "follow_up": _Lever("prevent 预防", "follow-up 交付前回访", "travel-followup"),
    "double_confirmation": _Lever("prevent 预防", "double confirmation 双重确认", "travel-followup"),
    "answer_in_time": _Lever("respond 响应", "answer within 1 h 1小时响应", "complaint-rules"),
    "over_compensation": _Lever("respond 响应", "over-compensation 超预期补偿", "over-compensation"),
    "root_cause_fix": _Lever("review 复盘", "root-cause fix 根因整改", "root-cause"),
}


def service_loop(
    tickets: pd.DataFrame,
    churn_table: pd.DataFrame,
    *,
    follow_up: float = 0.40,
    follow_up_categories: Sequence[str] = ("delivery_delay",),
    double_confirmation: float = 0.30,
    confirmation_categories: Sequence[str] = ("wrong_size",),
    satisfied_after: float = 0.85,
    compensation_categories: Sequence[str] = ("delivery_delay",),
    root_cause_fix: float = 0.62,
    fix_categories: Sequence[str] = ("app_problem",),
    response_hours: float = RESPONSE_PROMISE_HOURS,
) -> pd.DataFrame:
    """The prevent → respond → review loop as what-if calculations on a year of complaints.

    Each lever applies the effect the strategy article reports for another company (or, for double
    confirmation, which has no figure, an assumed one) to the brand's own complaint
    volume and churn, one lever at a time:

    - **follow-up** before delivery removes ``follow_up`` of the complaints in
      ``follow_up_categories`` (the travel platform's −40 %);
    - **double confirmation** removes ``double_confirmation`` of those in
      ``confirmation_categories`` (course design: the material gives no figure);
    - **answer in time** turns every late first answer into an on-time one;
    - **over-compensation** lifts the share of satisfied customers (CSAT 4–5) in
      ``compensation_categories`` to ``satisfied_after`` (the courier's 30 % → 85 %);
    - **root-cause fix** removes ``root_cause_fix`` of the complaints in ``fix_categories``
      (the bank's figure: operating errors, not complaints, fell 62 % after its unclear app
      guidance was fixed; using it for complaints is the course's assumption).

    Customers kept are counted only through the late-answer effect measured in
    ``churn_table`` (:func:`complaint_churn`): each avoided late complaint, or late answer
    made on time, keeps (late churn − on-time churn) of a customer. Complaints are per
    year (the tickets' span scaled to 365 days).

    Parameters
    ----------
    tickets : pandas.DataFrame
        As for :func:`ticket_times`, with ``category`` and ``csat``.
    churn_table : pandas.DataFrame
        :func:`complaint_churn`'s table (``late``, ``lost``).
    follow_up, double_confirmation, root_cause_fix : float
        The share (0–1) of the complaints in the lever's categories that it removes.
    satisfied_after : float
        The share of satisfied customers (0–1) that over-compensation reaches.
    follow_up_categories, confirmation_categories, compensation_categories, fix_categories : sequence of str
        The complaint categories each lever acts on (categories the tickets have).
    response_hours : float
        The first-answer promise in hours.

    Returns
    -------
    pandas.DataFrame
        Indexed by ``lever``: ``stage``, ``complaints_affected``, ``complaints_avoided``,
        ``late_answers_avoided``, ``customers_kept``, ``satisfied_before``,
        ``satisfied_after`` and ``source``.

    Examples
    --------
    >>> tickets = pd.DataFrame({"category": ["delivery_delay", "wrong_size", "app_problem"],
    ...     "csat": [2, 3, 4], "opened_at": pd.to_datetime(["2024-01-01 09:00", "2024-06-01 09:00",
    ...                                                     "2024-12-30 09:00"]),
    ...     "first_response_at": pd.to_datetime(["2024-01-01 12:00", "2024-06-01 09:30",
    ...                                          "2024-12-30 09:30"]),
    ...     "resolved_at": pd.to_datetime(["2024-01-02 09:00", "2024-06-01 18:00", "2024-12-30 18:00"])})
    >>> churn_table = pd.DataFrame({"late": [True, True, False, False], "lost": [True, False, False, False]})
    >>> service_loop(tickets, churn_table)["complaints_avoided"].round(2).tolist()
    [0.4, 0.3, 0.0, 0.0, 0.62]
    """
    require_columns(tickets, ["category", "csat"], "tickets")
    rates = late_churn_ratio(churn_table)
    excess = rates["late_churn"] - rates["on_time_churn"]
    for name, value in (
        ("follow_up", follow_up),
        ("double_confirmation", double_confirmation),
        ("satisfied_after", satisfied_after),
        ("root_cause_fix", root_cause_fix),
    ):
        require_fraction(value, name)
    table = sla_flags(tickets, response_hours=response_hours)
    opened = to_datetime_column(table, "opened_at", "tickets")
    years = max((opened.max() - opened.min()).days + 1, 1) / 365.0
    late_share = float((~table["answered_in_time"]).mean())
    categories = set(table["category"].astype(str))
    for arg, chosen in (
        ("follow_up_categories", follow_up_categories),
        ("confirmation_categories", confirmation_categories),
        ("compensation_categories", compensation_categories),
        ("fix_categories", fix_categories),
    ):
        unknown = sorted(set(chosen) - categories)
        if unknown:
            raise CourseDataError(
                f"`{arg}` names categories the tickets do not have: {unknown}; "
                f"they have {sorted(categories)}."
            )

    def volume(cats):
        return float(table["category"].astype(str).isin(list(cats)).sum()) / years

    def late_in(cats):
        mask = table["category"].astype(str).isin(list(cats))
        return float((~table.loc[mask, "answered_in_time"]).mean()) if mask.any() else late_share

    rows = []

    def add(key, affected, avoided, late_avoided, satisfied_before=np.nan, satisfied_now=np.nan):
        lever = _LEVERS[key]
        rows.append(
            {
                "stage": lever.stage,
                "lever": lever.lever,
                "complaints_affected": affected,
                "complaints_avoided": avoided,
                "late_answers_avoided": late_avoided,
                "customers_kept": late_avoided * excess,
                "satisfied_before": satisfied_before,
                "satisfied_after": satisfied_now,
                "source": lever.source,
            }
        )

    n = volume(follow_up_categories)
    add("follow_up", n, n * follow_up, n * follow_up * late_in(follow_up_categories))
    n = volume(confirmation_categories)
    add(
        "double_confirmation",
        n,
        n * double_confirmation,
        n * double_confirmation * late_in(confirmation_categories),
    )
    n = len(table) / years
    add("answer_in_time", n, 0.0, n * late_share)
    mask = table["category"].astype(str).isin(list(compensation_categories))
    before = float((table.loc[mask, "csat"] >= 4).mean())
    add("over_compensation", volume(compensation_categories), 0.0, 0.0, before, max(before, satisfied_after))
    n = volume(fix_categories)
    add("root_cause_fix", n, n * root_cause_fix, n * root_cause_fix * late_in(fix_categories))
    out = pd.DataFrame(rows).set_index("lever")
    return out


# ------------------------------------------------------------------------- compensation
#: The compensation ladder of chapter 4.6 (course design), lowest step first: its id, the
#: bilingual name and what the customer gets. The top step is the strategy article's
#: "compensate beyond expectations" (a courier refunded a late delivery in full and added a
#: free year of insurance).
COMPENSATION_LADDER = {
    "fix_only": ("fix only 只解决问题", "the problem fixed and an apology; no compensation"),
    "goodwill": ("goodwill 心意补偿", "points or a small voucher, about a tenth of the order"),
    "make_good": (
        "make good 弥补损失",
        "refund of what the failure cost the customer (the delivery fee, part of the price)",
    ),
    "beyond": (
        "beyond expectations 超预期补偿",
        "the order refunded in full plus an extra (the courier case)",
    ),
}
_SEVERITY_STEP = {"low": 0, "medium": 1, "high": 2}


def compensation_level(tickets: pd.DataFrame, *, response_hours: float = RESPONSE_PROMISE_HOURS) -> pd.Series:
    """The proportionate step of :data:`COMPENSATION_LADDER` for each complaint (course design).

    The harm sets the start — low severity ``fix_only``, medium ``goodwill``, high
    ``make_good`` — and a first answer later than ``response_hours`` (a promise the brand
    broke on top of the failure) moves the case one step up, to ``beyond`` at most.

    Parameters
    ----------
    tickets : pandas.DataFrame
        As for :func:`ticket_times`, with ``severity`` (low, medium or high).
    response_hours : float
        The first-answer promise in hours.

    Returns
    -------
    pandas.Series
        ``compensation`` per ticket: a key of :data:`COMPENSATION_LADDER`.

    Examples
    --------
    >>> tickets = pd.DataFrame({"severity": ["low", "low", "high", "high"],
    ...     "opened_at": pd.to_datetime(["2024-03-01 09:00"] * 4),
    ...     "first_response_at": pd.to_datetime(["2024-03-01 09:30", "2024-03-01 12:00",
    ...                                          "2024-03-01 09:30", "2024-03-01 12:00"]),
    ...     "resolved_at": pd.to_datetime(["2024-03-01 18:00"] * 4)})
    >>> compensation_level(tickets).tolist()
    ['fix_only', 'goodwill', 'make_good', 'beyond']
    """
    require_columns(tickets, ["severity"], "tickets")
    table = sla_flags(tickets, response_hours=response_hours)
    severity = table["severity"].astype(str)
    unknown = sorted(set(severity) - set(_SEVERITY_STEP))
    if unknown:
        raise CourseDataError(f"`tickets['severity']` holds {unknown}; expected low, medium or high.")
    step = severity.map(_SEVERITY_STEP) + (~table["answered_in_time"]).astype(int)
    names = list(COMPENSATION_LADDER)
    return step.clip(upper=len(names) - 1).map(dict(enumerate(names))).rename("compensation")
