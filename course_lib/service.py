"""Service analytics: response times, complaints, NPS, sentiment and staffing (analytics layer).

Taught in chapter 4 (``notebooks/04_service.ipynb``):

- :func:`ticket_times`, :func:`sla_table`, :func:`csat_by_sla` — how long complaints wait for
  a first answer and for a solution, the share kept within the promises (answer within
  1 hour, solve within 24 hours) by channel or severity, and what that does to CSAT.
- :func:`complaint_churn` and :func:`late_churn_ratio` — does a late answer cost customers?
  Each month's complainers are followed from the first day of the next month with
  :func:`course_lib.churn.churn_label`.
- :func:`nps_category`, :func:`nps`, :func:`nps_interval`, :func:`nps_table`,
  :func:`survey_features`, :func:`nps_drivers` — the net promoter score with a seeded
  bootstrap interval, by segment and over time, and a regression of what moves it.
- :func:`pareto_table`, :func:`root_cause_review`, :func:`complaint_records` — which
  complaint causes make up most of the volume, reviewed on three dimensions, and the
  complaint record (content, handling, result) that makes such reviews possible.
- :func:`service_loop` — the prevent → respond → review loop as what-if calculations on the
  brand's complaint volume and churn.
- :data:`COMPENSATION_LADDER`, :func:`compensation_level` — the course's ladder of
  proportionate compensation (course design): how far up it a complaint's severity and a
  missed 1-hour promise take the remedy.
- :func:`sentiment_model`, :func:`split_texts`, :func:`evaluate_sentiment` — a bilingual
  text classifier (character n-gram TF-IDF + logistic regression) and its honest evaluation.
- :func:`erlang_c`, :func:`staffing`, :func:`agents_needed`, :func:`staffing_table` —
  how many agents keep a queue's promise (the Erlang C model).

scikit-learn is imported inside the functions that need it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

from .validation import (
    CourseDataError,
    make_rng,
    require_columns,
    require_frame,
    require_no_missing,
    require_non_empty,
    require_numeric,
    to_datetime_column,
    to_vector,
)

__all__ = [
    "RESPONSE_PROMISE_HOURS",
    "RESOLUTION_PROMISE_HOURS",
    "SEVERITY_ORDER",
    "ROOT_CAUSE_DIMENSIONS",
    "ticket_times",
    "sla_table",
    "csat_by_sla",
    "complaint_churn",
    "late_churn_ratio",
    "nps_category",
    "nps",
    "nps_interval",
    "nps_table",
    "survey_features",
    "nps_drivers",
    "pareto_table",
    "root_cause_review",
    "complaint_records",
    "service_loop",
    "COMPENSATION_LADDER",
    "compensation_level",
    "sentiment_model",
    "split_texts",
    "SentimentReport",
    "evaluate_sentiment",
    "erlang_c",
    "staffing",
    "agents_needed",
    "staffing_table",
]

#: The strategy article's promises: first answer within 1 hour, a solution within 24 hours.
RESPONSE_PROMISE_HOURS = 1.0
RESOLUTION_PROMISE_HOURS = 24.0
SEVERITY_ORDER = ["low", "medium", "high"]

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
_DIMENSION_ZH = {"customer needs": "客户需求", "service process": "服务流程",
                 "staff training": "员工培训"}


# ----------------------------------------------------------------------------- helpers
def _positive(value, name, *, allow_zero=False):
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, (int, float, np.integer, np.floating)):
        raise CourseDataError(f"`{name}` must be a number; got {value!r}.")
    value = float(value)
    if not math.isfinite(value) or value < 0 or (value == 0 and not allow_zero):
        bound = "≥ 0" if allow_zero else "> 0"
        raise CourseDataError(f"`{name}` must be a finite number {bound}; got {value!s}.")
    return value


def _fraction(value, name):
    value = _positive(value, name, allow_zero=True)
    if value > 1:
        raise CourseDataError(f"`{name}` must be a fraction between 0 and 1; got {value!s}.")
    return value


def _whole(value, name, *, minimum=1):
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, (int, np.integer)) or value < minimum:
        raise CourseDataError(f"`{name}` must be a whole number ≥ {minimum}; got {value!r}.")
    return int(value)


# ------------------------------------------------------------------------------ SLA
def ticket_times(tickets, *, opened="opened_at", responded="first_response_at",
                 resolved="resolved_at") -> pd.DataFrame:
    """Hours from a complaint's arrival to its first answer and to its solution.

    Returns a copy of ``tickets`` with ``response_hours`` and ``resolution_hours`` (both
    counted from ``opened``). A ticket answered before it was opened is refused: the
    timestamps are then in the wrong columns or time zones.

    Examples
    --------
    >>> tickets = pd.DataFrame({"opened_at": pd.to_datetime(["2024-03-01 09:00", "2024-03-01 10:00"]),
    ...     "first_response_at": pd.to_datetime(["2024-03-01 09:30", "2024-03-01 12:15"]),
    ...     "resolved_at": pd.to_datetime(["2024-03-01 15:00", "2024-03-03 10:00"])})
    >>> ticket_times(tickets)[["response_hours", "resolution_hours"]]
       response_hours  resolution_hours
    0            0.50               6.0
    1            2.25              48.0
    """
    require_frame(tickets, "tickets")
    require_columns(tickets, [opened, responded, resolved], "tickets")
    require_non_empty(tickets, "tickets")
    for column in (opened, responded, resolved):
        require_no_missing(tickets, column, "tickets")
    start = to_datetime_column(tickets, opened, "tickets")
    answer = to_datetime_column(tickets, responded, "tickets")
    solved = to_datetime_column(tickets, resolved, "tickets")
    for column, values in ((responded, answer), (resolved, solved)):
        early = values < start
        if early.any():
            row = str(tickets.index[int(np.flatnonzero(early.to_numpy())[0])])
            raise CourseDataError(
                f"`tickets[\"{column}\"]` comes before `{opened}` in {int(early.sum())} row(s), "
                f"first at row {row}; every time must be on or after the complaint's arrival.")
    out = tickets.copy()
    out["response_hours"] = (answer - start).dt.total_seconds().to_numpy() / 3600
    out["resolution_hours"] = (solved - start).dt.total_seconds().to_numpy() / 3600
    return out


def _with_times(tickets, response_hours, resolution_hours):
    response_hours = _positive(response_hours, "response_hours")
    resolution_hours = _positive(resolution_hours, "resolution_hours")
    table = ticket_times(tickets)
    table["answered_in_time"] = table["response_hours"] <= response_hours
    table["solved_in_time"] = table["resolution_hours"] <= resolution_hours
    return table


def sla_table(tickets, *, by=None, response_hours=RESPONSE_PROMISE_HOURS,
              resolution_hours=RESOLUTION_PROMISE_HOURS) -> pd.DataFrame:
    """Response and resolution times against the promises, overall or per group.

    One row per value of ``by`` (a column such as ``"channel"`` or ``"severity"``; ``None``
    for one row, ``"all"``) with the number of tickets, median and 90th-percentile hours to
    the first answer and to the solution, the share answered within ``response_hours`` and
    solved within ``resolution_hours``, and the mean CSAT when ``tickets`` has a ``csat``
    column. Severities are listed low → high.

    Examples
    --------
    >>> tickets = pd.DataFrame({"channel": ["phone", "phone", "email"],
    ...     "opened_at": pd.to_datetime(["2024-03-01 09:00"] * 3),
    ...     "first_response_at": pd.to_datetime(["2024-03-01 09:20", "2024-03-01 10:30", "2024-03-01 14:00"]),
    ...     "resolved_at": pd.to_datetime(["2024-03-01 12:00", "2024-03-02 12:00", "2024-03-01 20:00"])})
    >>> sla_table(tickets, by="channel")[["tickets", "answered_in_time", "solved_in_time"]]
             tickets  answered_in_time  solved_in_time
    channel
    email          1               0.0             1.0
    phone          2               0.5             0.5
    """
    table = _with_times(tickets, response_hours, resolution_hours)
    if by is not None:
        require_columns(tickets, [by], "tickets")
        keys = table[by]
    else:
        keys = pd.Series("all", index=table.index, name="group")
    grouped = table.groupby(keys.to_numpy())
    out = pd.DataFrame({
        "tickets": grouped.size(),
        "median_response_hours": grouped["response_hours"].median(),
        "p90_response_hours": grouped["response_hours"].quantile(0.9),
        "answered_in_time": grouped["answered_in_time"].mean(),
        "median_resolution_hours": grouped["resolution_hours"].median(),
        "p90_resolution_hours": grouped["resolution_hours"].quantile(0.9),
        "solved_in_time": grouped["solved_in_time"].mean(),
    })
    if "csat" in table.columns:
        out["mean_csat"] = grouped["csat"].mean()
    out.index.name = by if by is not None else "group"
    if by == "severity" and set(out.index) <= set(SEVERITY_ORDER):
        out = out.reindex([s for s in SEVERITY_ORDER if s in out.index])
    return out


def csat_by_sla(tickets, *, response_hours=RESPONSE_PROMISE_HOURS,
                resolution_hours=RESOLUTION_PROMISE_HOURS) -> pd.DataFrame:
    """Mean CSAT (1–5) and the share of satisfied customers (4–5) by promise kept or missed.

    Rows: answered within ``response_hours`` or not; columns: solved within
    ``resolution_hours`` or not, for ``mean_csat``, ``satisfied`` and ``tickets``.

    Examples
    --------
    >>> tickets = pd.DataFrame({"csat": [5, 4, 2, 1],
    ...     "opened_at": pd.to_datetime(["2024-03-01 09:00"] * 4),
    ...     "first_response_at": pd.to_datetime(["2024-03-01 09:10", "2024-03-01 09:40",
    ...                                          "2024-03-01 13:00", "2024-03-01 15:00"]),
    ...     "resolved_at": pd.to_datetime(["2024-03-01 12:00", "2024-03-03 12:00",
    ...                                    "2024-03-01 20:00", "2024-03-04 09:00"])})
    >>> csat_by_sla(tickets)["mean_csat"]
    solved_in_time    False  True
    answered_in_time
    False               1.0   2.0
    True                4.0   5.0
    """
    require_columns(tickets, ["csat"], "tickets")
    table = _with_times(tickets, response_hours, resolution_hours)
    table["csat"] = require_numeric(table, "csat", "tickets")
    table["satisfied"] = table["csat"] >= 4
    out = table.pivot_table(index="answered_in_time", columns="solved_in_time",
                            values=["csat", "satisfied"], aggfunc="mean", observed=True)
    counts = table.pivot_table(index="answered_in_time", columns="solved_in_time",
                               values="csat", aggfunc="size", observed=True)
    result = pd.concat({"mean_csat": out["csat"], "satisfied": out["satisfied"],
                        "tickets": counts}, axis=1)
    return result


# --------------------------------------------------------------------------- churn link
def complaint_churn(tickets, orders, *, response_hours=RESPONSE_PROMISE_HOURS,
                    horizon_days=180) -> pd.DataFrame:
    """Follow each month's complainers: were they lost in the ``horizon_days`` that followed?

    For every month with complaints, the landmark day is the first day of the next month;
    each customer who complained that month is ``late`` when any of their complaints of
    the month waited longer than ``response_hours`` for a first answer, and ``lost`` is
    :func:`course_lib.churn.churn_label` on the landmark day. Months whose window would run
    past the end of ``orders`` are left out, so every label is fully observed.

    Returns one row per customer and complaint month: ``customer_id``, ``month`` (the
    landmark day), ``complaints``, ``late``, ``lost``.
    """
    from .churn import churn_label

    require_columns(tickets, ["customer_id"], "tickets")
    require_columns(orders, ["customer_id", "order_date"], "orders")
    horizon = _whole(horizon_days, "horizon_days")
    table = _with_times(tickets, response_hours, RESOLUTION_PROMISE_HOURS)
    opened = to_datetime_column(table, "opened_at", "tickets")
    table["month"] = (opened.dt.to_period("M") + 1).dt.to_timestamp()
    last_day = to_datetime_column(orders, "order_date", "orders").max()
    table = table[table["month"] + pd.Timedelta(days=horizon) <= last_day + pd.Timedelta(days=1)]
    if table.empty:
        raise CourseDataError(
            f"no complaint month leaves a full {horizon}-day window before the orders end on "
            f"{last_day.date()}; use a shorter `horizon_days`.")
    table["late"] = ~table["answered_in_time"]
    per_month = table.groupby(["month", "customer_id"], sort=True).agg(
        complaints=("late", "size"), late=("late", "any"))
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


def late_churn_ratio(table) -> pd.Series:
    """Churn of late-answered versus on-time complainers, from :func:`complaint_churn`.

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
        raise CourseDataError("`table` needs both late and on-time cases to compare; got only "
                              f"{'late' if late.all() else 'on-time'} ones.")
    on_time_churn = float(lost[~late].mean())
    late_churn = float(lost[late].mean())
    ratio = late_churn / on_time_churn if on_time_churn > 0 else float("inf")
    return pd.Series({"on_time_cases": float((~late).sum()), "late_cases": float(late.sum()),
                      "on_time_churn": on_time_churn, "late_churn": late_churn, "ratio": ratio},
                     name="late_vs_on_time")


# ------------------------------------------------------------------------------ NPS
def _scores(scores, arg="scores") -> np.ndarray:
    values = to_vector(scores, arg)
    if len(values) == 0:
        raise CourseDataError(f"`{arg}` is empty; expected at least one 0–10 score.")
    if np.isnan(values).any():
        raise CourseDataError(f"`{arg}` has {int(np.isnan(values).sum())} missing value(s); "
                              "drop unanswered surveys first.")
    bad = (values < 0) | (values > 10) | (values != np.round(values))
    if bad.any():
        first = values[bad][0]
        raise CourseDataError(f"`{arg}` must hold whole scores from 0 to 10; found {first:g} "
                              f"at position {int(np.flatnonzero(bad)[0])}.")
    return values


def nps_category(scores) -> pd.Series:
    """``promoter`` (9–10), ``passive`` (7–8) or ``detractor`` (0–6) for each 0–10 score.

    Examples
    --------
    >>> nps_category([10, 8, 6, 9]).tolist()
    ['promoter', 'passive', 'detractor', 'promoter']
    """
    values = _scores(scores)
    labels = np.select([values >= 9, values >= 7], ["promoter", "passive"], "detractor")
    index = scores.index if isinstance(scores, pd.Series) else None
    return pd.Series(labels, index=index, name="nps_category")


def nps(scores) -> float:
    """Net promoter score: % promoters (9–10) minus % detractors (0–6), from −100 to 100.

    Examples
    --------
    >>> nps([10, 9, 9, 8, 7, 6, 3, 10, 5, 9])   # 5 promoters, 3 detractors of 10
    20.0
    """
    values = _scores(scores)
    return float(100 * ((values >= 9).mean() - (values <= 6).mean()))


def nps_interval(scores, *, level=0.95, n_boot=2000, seed=0) -> pd.Series:
    """NPS with a percentile bootstrap confidence interval (resampling the answers).

    Examples
    --------
    >>> result = nps_interval([10, 9, 9, 8, 7, 6, 3, 10, 5, 9] * 20, seed=1)
    >>> float(result["nps"]), bool(result["low"] < 20 < result["high"])
    (20.0, True)
    """
    values = _scores(scores)
    level = _fraction(level, "level")
    if level in (0.0, 1.0):
        raise CourseDataError(f"`level` must lie strictly between 0 and 1; got {level!s}.")
    n_boot = _whole(n_boot, "n_boot", minimum=100)
    rng = make_rng(seed)
    point = 100 * (np.where(values >= 9, 1, 0) - np.where(values <= 6, 1, 0))
    picks = rng.integers(0, len(values), size=(n_boot, len(values)))
    boot = point[picks].mean(axis=1)
    low, high = np.quantile(boot, [(1 - level) / 2, (1 + level) / 2])
    return pd.Series({"nps": float(point.mean()), "low": float(low), "high": float(high),
                      "answers": float(len(values))}, name="nps")


def nps_table(surveys, *, by=None, freq=None, score="nps", date="survey_date", level=0.95,
              n_boot=2000, seed=0) -> pd.DataFrame:
    """NPS per group (``by``, a column) or per period (``freq``, e.g. ``"QE"``), with intervals.

    Columns: ``answers``, ``promoters``, ``passives``, ``detractors`` (shares), ``nps``,
    ``low``, ``high`` (the bootstrap interval, seeded per row from ``seed``).

    Examples
    --------
    >>> surveys = pd.DataFrame({"nps": [10, 9, 3, 8, 6, 10], "tier": ["a", "a", "a", "b", "b", "b"]})
    >>> nps_table(surveys, by="tier", n_boot=200)[["answers", "promoters", "detractors", "nps"]].round(1)
          answers  promoters  detractors   nps
    tier
    a         3.0        0.7         0.3  33.3
    b         3.0        0.3         0.3   0.0
    """
    require_frame(surveys, "surveys")
    require_columns(surveys, [score], "surveys")
    require_non_empty(surveys, "surveys")
    if by is not None and freq is not None:
        raise CourseDataError("give `by` (a column) or `freq` (a period), not both.")
    if by is not None:
        require_columns(surveys, [by], "surveys")
        keys = surveys[by]
    elif freq is not None:
        require_columns(surveys, [date], "surveys")
        keys = to_datetime_column(surveys, date, "surveys").dt.to_period(
            freq.removesuffix("E") if freq.endswith("E") else freq).dt.start_time
        keys.name = "period"
    else:
        keys = pd.Series("all", index=surveys.index, name="group")
    rng = make_rng(seed)
    rows = {}
    for key, group in surveys.groupby(keys.to_numpy(), sort=True):
        values = _scores(group[score], f"surveys[\"{score}\"]")
        interval = nps_interval(values, level=level, n_boot=n_boot,
                                seed=int(rng.integers(2**31)))
        rows[key] = {"answers": float(len(values)), "promoters": float((values >= 9).mean()),
                     "passives": float(((values >= 7) & (values <= 8)).mean()),
                     "detractors": float((values <= 6).mean()), "nps": interval["nps"],
                     "low": interval["low"], "high": interval["high"]}
    out = pd.DataFrame.from_dict(rows, orient="index")
    out.index.name = keys.name if keys.name is not None else by
    return out


def _tier_on(survey_days, customer_ids, customers, loyalty):
    """Each survey's membership tier on its day (the ledger's tier changes; no look-ahead)."""
    base = customers.set_index("customer_id")["membership_tier"].astype(object)
    frame = pd.DataFrame({"customer_id": customer_ids.to_numpy(), "day": survey_days.to_numpy(),
                          "row": np.arange(len(survey_days))})
    tier = base.reindex(frame["customer_id"]).to_numpy().copy()
    changes = loyalty.loc[loyalty["kind"] == "tier_change", ["customer_id", "date", "tier_from", "tier_to"]].copy()
    if len(changes):
        changes["date"] = to_datetime_column(changes, "date", "loyalty")
        changes = changes.sort_values("date", kind="stable")
        left = frame.sort_values("day", kind="stable")
        before = pd.merge_asof(left, changes.rename(columns={"date": "day"}), on="day",
                               by="customer_id", direction="backward", allow_exact_matches=False)
        after = pd.merge_asof(left, changes.rename(columns={"date": "day"}), on="day",
                              by="customer_id", direction="forward")
        fill = after.set_index("row")["tier_from"].astype(object)
        known = before.set_index("row")["tier_to"].astype(object)
        fill = fill.reindex(range(len(frame)))
        known = known.reindex(range(len(frame)))
        tier = np.where(known.notna(), known, np.where(fill.notna(), fill, tier))
    return pd.Series(tier, index=survey_days.index, name="tier")


def survey_features(surveys, tickets, orders, customers, loyalty, *, window_days=90,
                    response_hours=RESPONSE_PROMISE_HOURS) -> pd.DataFrame:
    """What each survey respondent had lived through before answering (for a driver analysis).

    One row per survey with its ``nps`` score and: ``complaint`` (a ticket opened in the
    ``window_days`` before the survey), ``late_answer`` (one of those waited beyond
    ``response_hours``), ``tier`` (the membership tier held on the survey day, from the
    loyalty ledger), ``spend_365d`` (CNY spent in the 365 days before the survey).
    Everything uses only what happened before the survey day.
    """
    require_columns(surveys, ["survey_id", "customer_id", "survey_date", "nps"], "surveys")
    require_columns(tickets, ["customer_id", "opened_at", "first_response_at"], "tickets")
    require_columns(orders, ["customer_id", "order_date", "amount"], "orders")
    require_columns(customers, ["customer_id", "membership_tier"], "customers")
    require_columns(loyalty, ["customer_id", "kind", "date", "tier_from", "tier_to"], "loyalty")
    window = _whole(window_days, "window_days")
    days = to_datetime_column(surveys, "survey_date", "surveys")
    times = _with_times(tickets, response_hours, RESOLUTION_PROMISE_HOURS)
    out = pd.DataFrame({"survey_id": surveys["survey_id"].to_numpy(),
                        "customer_id": surveys["customer_id"].to_numpy(),
                        "survey_date": days.to_numpy(),
                        "nps": _scores(surveys["nps"], "surveys[\"nps\"]")}, index=surveys.index)
    # tickets in the window before each survey: a join on the customer, then a date filter
    pairs = out[["customer_id", "survey_date"]].reset_index(names="row").merge(
        times[["customer_id", "opened_at", "answered_in_time"]], on="customer_id")
    inside = (pairs["opened_at"] < pairs["survey_date"]) & (
        pairs["opened_at"] >= pairs["survey_date"] - pd.Timedelta(days=window))
    pairs = pairs[inside]
    out["complaint"] = out.index.isin(pairs["row"])
    out["late_answer"] = out.index.isin(pairs.loc[~pairs["answered_in_time"], "row"])
    out["tier"] = _tier_on(days, surveys["customer_id"], customers, loyalty)
    order_days = to_datetime_column(orders, "order_date", "orders")
    spend = out[["customer_id", "survey_date"]].reset_index(names="row").merge(
        pd.DataFrame({"customer_id": orders["customer_id"].to_numpy(), "day": order_days.to_numpy(),
                      "amount": require_numeric(orders, "amount", "orders").to_numpy()}),
        on="customer_id")
    spend = spend[(spend["day"] < spend["survey_date"])
                  & (spend["day"] >= spend["survey_date"] - pd.Timedelta(days=365))]
    out["spend_365d"] = spend.groupby("row")["amount"].sum().reindex(out.index, fill_value=0.0)
    return out


def nps_drivers(features, *, target="nps", numeric=("spend_365d",), flags=("complaint", "late_answer"),
                categorical=(("tier", "member"),), spend_unit=1000.0) -> pd.DataFrame:
    """A linear regression of the 0–10 recommendation score on the survey features.

    Each coefficient is the change of the mean score that goes with one unit of the
    feature, other features held fixed: a flag switched on, a tier against the baseline
    tier, or ``spend_unit`` CNY more spend. The score points convert roughly to NPS points
    only where many answers sit near the 6/7 and 8/9 cut-offs, so the table reports score
    points. Standard errors are the classical OLS ones; ``low`` and ``high`` span 95 %.
    An association, not a proof of cause: chapter 3's controlled tests are the proof.

    Examples
    --------
    >>> rng = np.random.default_rng(0)
    >>> complaint = rng.random(400) < 0.3
    >>> score = np.clip(np.round(8 - 2 * complaint + rng.normal(0, 1, 400)), 0, 10)
    >>> features = pd.DataFrame({"nps": score, "complaint": complaint})
    >>> table = nps_drivers(features, numeric=(), flags=("complaint",), categorical=())
    >>> round(float(table.loc["complaint", "effect"]), 1)
    -2.0
    """
    from scipy import stats

    require_frame(features, "features")
    columns = [target, *numeric, *flags, *(c for c, _ in categorical)]
    require_columns(features, columns, "features")
    require_non_empty(features, "features")
    design = {"intercept": np.ones(len(features))}
    for column in numeric:
        values = require_numeric(features, column, "features").to_numpy()
        design[f"{column} (per {spend_unit:,.0f})"] = values / spend_unit
    for column in flags:
        design[column] = features[column].astype(float).to_numpy()
    for column, baseline in categorical:
        levels = sorted(set(features[column].astype(str)) - {baseline})
        for level in levels:
            design[f"{column}={level}"] = (features[column].astype(str) == level).astype(float).to_numpy()
    X = np.column_stack(list(design.values()))
    y = require_numeric(features, target, "features").to_numpy()
    if len(y) <= X.shape[1]:
        raise CourseDataError(f"`features` has {len(y)} rows for {X.shape[1]} coefficients; "
                              "the regression needs more answers than coefficients.")
    beta, *_ = np.linalg.lstsq(X, y, rcond=None)
    residual = y - X @ beta
    dof = len(y) - X.shape[1]
    sigma2 = residual @ residual / dof
    cov = sigma2 * np.linalg.pinv(X.T @ X)
    se = np.sqrt(np.diag(cov))
    t = stats.t.ppf(0.975, dof)
    out = pd.DataFrame({"effect": beta, "std_error": se, "low": beta - t * se, "high": beta + t * se},
                       index=pd.Index(list(design), name="feature"))
    out["answers_with_it"] = [len(y)] + [int((X[:, j] != 0).sum()) for j in range(1, X.shape[1])]
    return out.drop(index="intercept")


# ------------------------------------------------------------------------ root causes
def pareto_table(tickets, *, column="category", vital=0.8) -> pd.DataFrame:
    """Complaint causes by count, largest first, with shares and the cumulative share.

    ``vital_few`` marks the causes needed to reach ``vital`` (80 % by default) of all
    complaints — the first ones to fix.

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
    vital = _fraction(vital, "vital")
    counts = tickets[column].astype(str).value_counts()
    counts = counts.sort_index().sort_values(ascending=False, kind="stable")
    share = counts / counts.sum()
    cumulative = share.cumsum()
    reached_before = cumulative.shift(fill_value=0.0)
    out = pd.DataFrame({"complaints": counts.astype(int), "share": share,
                        "cumulative_share": cumulative.round(12),
                        "vital_few": reached_before < vital - 1e-12})
    out.index.name = column
    return out


def root_cause_review(tickets, *, dimensions=None, response_hours=RESPONSE_PROMISE_HOURS,
                      resolution_hours=RESOLUTION_PROMISE_HOURS) -> pd.DataFrame:
    """A root-cause review sheet: one row per complaint category, largest first.

    Columns: ``complaints``, ``share``, ``high_severity`` (share), ``answered_in_time``,
    ``solved_in_time``, ``mean_csat``, and ``dimension`` — where the review looks first
    (customer needs, service process or staff training; :data:`ROOT_CAUSE_DIMENSIONS`
    unless ``dimensions`` maps categories otherwise) with its Chinese name.
    """
    dimensions = dict(ROOT_CAUSE_DIMENSIONS if dimensions is None else dimensions)
    bad = sorted(set(dimensions.values()) - set(_DIMENSION_ZH))
    if bad:
        raise CourseDataError(f"`dimensions` must map to {sorted(_DIMENSION_ZH)}; got {bad}.")
    require_columns(tickets, ["category", "severity", "csat"], "tickets")
    table = _with_times(tickets, response_hours, resolution_hours)
    grouped = table.groupby(table["category"].astype(str))
    out = pd.DataFrame({
        "complaints": grouped.size(),
        "high_severity": grouped["severity"].apply(lambda s: float((s == "high").mean())),
        "answered_in_time": grouped["answered_in_time"].mean(),
        "solved_in_time": grouped["solved_in_time"].mean(),
        "mean_csat": grouped["csat"].mean(),
    })
    out.insert(1, "share", out["complaints"] / out["complaints"].sum())
    missing = sorted(set(out.index) - set(dimensions))
    if missing:
        raise CourseDataError(f"`dimensions` has no entry for the categories {missing}; map "
                              "each to customer needs, service process or staff training.")
    out["dimension"] = [f"{dimensions[c]} {_DIMENSION_ZH[dimensions[c]]}" for c in out.index]
    out.index.name = "category"
    return out.sort_index().sort_values("complaints", ascending=False, kind="stable")


def complaint_records(tickets, *, response_hours=RESPONSE_PROMISE_HOURS,
                      resolution_hours=RESOLUTION_PROMISE_HOURS) -> pd.DataFrame:
    """Complaint records in three parts: what was complained about, how it was handled, the result.

    Columns are a two-level index: ``content`` (category, severity, text), ``handling``
    (channel, response_hours, answered_in_time, resolution_hours) and ``result``
    (solved_in_time, csat, sentiment when present), indexed by ``ticket_id``.
    """
    require_columns(tickets, ["ticket_id", "category", "severity", "text", "channel", "csat"], "tickets")
    table = _with_times(tickets, response_hours, resolution_hours).set_index("ticket_id")
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


def service_loop(tickets, churn_table, *, follow_up=0.40, follow_up_categories=("delivery_delay",),
                 double_confirmation=0.30, confirmation_categories=("wrong_size",),
                 satisfied_after=0.85, compensation_categories=("delivery_delay",),
                 root_cause_fix=0.62, fix_categories=("app_problem",),
                 response_hours=RESPONSE_PROMISE_HOURS) -> pd.DataFrame:
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
    """
    require_columns(tickets, ["category", "csat"], "tickets")
    rates = late_churn_ratio(churn_table)
    excess = rates["late_churn"] - rates["on_time_churn"]
    for name, value in (("follow_up", follow_up), ("double_confirmation", double_confirmation),
                        ("satisfied_after", satisfied_after), ("root_cause_fix", root_cause_fix)):
        _fraction(value, name)
    table = _with_times(tickets, response_hours, RESOLUTION_PROMISE_HOURS)
    opened = to_datetime_column(table, "opened_at", "tickets")
    years = max((opened.max() - opened.min()).days + 1, 1) / 365.0
    late_share = float((~table["answered_in_time"]).mean())
    categories = set(table["category"].astype(str))
    for arg, chosen in (("follow_up_categories", follow_up_categories),
                        ("confirmation_categories", confirmation_categories),
                        ("compensation_categories", compensation_categories),
                        ("fix_categories", fix_categories)):
        unknown = sorted(set(chosen) - categories)
        if unknown:
            raise CourseDataError(f"`{arg}` names categories the tickets do not have: {unknown}; "
                                  f"they have {sorted(categories)}.")

    def volume(cats):
        return float(table["category"].astype(str).isin(list(cats)).sum()) / years

    def late_in(cats):
        mask = table["category"].astype(str).isin(list(cats))
        return float((~table.loc[mask, "answered_in_time"]).mean()) if mask.any() else late_share

    rows = []

    def add(key, affected, avoided, late_avoided, satisfied_before=np.nan, satisfied_now=np.nan):
        lever = _LEVERS[key]
        rows.append({"stage": lever.stage, "lever": lever.lever, "complaints_affected": affected,
                     "complaints_avoided": avoided, "late_answers_avoided": late_avoided,
                     "customers_kept": late_avoided * excess,
                     "satisfied_before": satisfied_before, "satisfied_after": satisfied_now,
                     "source": lever.source})

    n = volume(follow_up_categories)
    add("follow_up", n, n * follow_up, n * follow_up * late_in(follow_up_categories))
    n = volume(confirmation_categories)
    add("double_confirmation", n, n * double_confirmation,
        n * double_confirmation * late_in(confirmation_categories))
    n = len(table) / years
    add("answer_in_time", n, 0.0, n * late_share)
    mask = table["category"].astype(str).isin(list(compensation_categories))
    before = float((table.loc[mask, "csat"] >= 4).mean())
    add("over_compensation", volume(compensation_categories), 0.0, 0.0, before,
        max(before, satisfied_after))
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
    "make_good": ("make good 弥补损失", "refund of what the failure cost the customer "
                  "(the delivery fee, part of the price)"),
    "beyond": ("beyond expectations 超预期补偿", "the order refunded in full plus an extra "
               "(the courier case)"),
}
_SEVERITY_STEP = {"low": 0, "medium": 1, "high": 2}


def compensation_level(tickets, *, response_hours=RESPONSE_PROMISE_HOURS) -> pd.Series:
    """The proportionate step of :data:`COMPENSATION_LADDER` for each complaint (course design).

    The harm sets the start — low severity ``fix_only``, medium ``goodwill``, high
    ``make_good`` — and a first answer later than ``response_hours`` (a promise the brand
    broke on top of the failure) moves the case one step up, to ``beyond`` at most.

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
    table = _with_times(tickets, response_hours, RESOLUTION_PROMISE_HOURS)
    severity = table["severity"].astype(str)
    unknown = sorted(set(severity) - set(_SEVERITY_STEP))
    if unknown:
        raise CourseDataError(f"`tickets['severity']` holds {unknown}; expected low, medium or high.")
    step = severity.map(_SEVERITY_STEP) + (~table["answered_in_time"]).astype(int)
    names = list(COMPENSATION_LADDER)
    return step.clip(upper=len(names) - 1).map(dict(enumerate(names))).rename("compensation")


# --------------------------------------------------------------------------- sentiment
def _seed_value(seed) -> int:
    """An int ``random_state`` for scikit-learn from an int seed or a numpy Generator."""
    rng = make_rng(seed)  # validates the seed
    return int(seed) if not isinstance(seed, np.random.Generator) else int(rng.integers(2**31))


def sentiment_model(*, seed=0, ngram_range=(1, 3), C=4.0):
    """A bilingual sentiment classifier: character n-gram TF-IDF + logistic regression.

    Character n-grams need no word segmentation, so the same pipeline reads Chinese
    (no spaces between words) and English. ``seed`` becomes the model's
    ``random_state``.

    Examples
    --------
    >>> model = sentiment_model(seed=0)
    >>> [name for name, _ in model.steps]
    ['tfidf', 'classifier']
    """
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import Pipeline

    low, high = ngram_range
    if not (isinstance(low, int) and isinstance(high, int) and 1 <= low <= high):
        raise CourseDataError(f"`ngram_range` must be two whole numbers 1 ≤ low ≤ high; got {ngram_range!r}.")
    C = _positive(C, "C")
    return Pipeline([
        ("tfidf", TfidfVectorizer(analyzer="char", ngram_range=(low, high), sublinear_tf=True,
                                  min_df=2)),
        ("classifier", LogisticRegression(C=C, max_iter=2000, random_state=_seed_value(seed))),
    ])


def _texts(texts, arg="texts"):
    if isinstance(texts, (str, bytes)) or np.isscalar(texts) or texts is None or isinstance(texts, pd.DataFrame):
        raise TypeError(f"`{arg}` must be a list, numpy array or pandas Series of texts; got "
                        f"{type(texts).__name__}.")
    series = pd.Series(list(texts), dtype=object)
    bad = series.isna() | ~series.map(lambda t: isinstance(t, str))
    if bad.any():
        raise CourseDataError(f"`{arg}` must hold text; found {series[bad].iloc[0]!r} at "
                              f"position {int(np.flatnonzero(bad.to_numpy())[0])}.")
    return series


def split_texts(texts, labels, *, test_size=0.25, seed=0):
    """A stratified, seeded train/test split of texts and labels (each label keeps its share).

    Returns ``texts_train, texts_test, labels_train, labels_test`` as Series that keep the
    original index, so misclassified examples can be traced back to their tickets.
    """
    from sklearn.model_selection import train_test_split

    text_series = texts if isinstance(texts, pd.Series) else _texts(texts)
    _texts(text_series)
    label_series = labels if isinstance(labels, pd.Series) else pd.Series(list(labels))
    if len(text_series) != len(label_series):
        raise CourseDataError(f"`texts` has {len(text_series)} entries but `labels` has "
                              f"{len(label_series)}; give one label per text.")
    test_size = _fraction(test_size, "test_size")
    if test_size in (0.0, 1.0):
        raise CourseDataError(f"`test_size` must lie strictly between 0 and 1; got {test_size!s}.")
    return train_test_split(text_series, label_series.set_axis(text_series.index),
                            test_size=test_size, random_state=_seed_value(seed),
                            stratify=label_series.to_numpy())


@dataclass(frozen=True)
class SentimentReport:
    """Held-out evaluation of a sentiment classifier."""

    accuracy: float
    macro_f1: float
    per_class: pd.DataFrame
    confusion: pd.DataFrame
    misclassified: pd.DataFrame

    def __repr__(self) -> str:
        n = int(self.confusion.to_numpy().sum())
        return (f"SentimentReport(accuracy={self.accuracy:.3f}, macro_f1={self.macro_f1:.3f}; "
                f"{n:,} held-out texts, {len(self.misclassified):,} misclassified)")


def evaluate_sentiment(model, texts, labels, *, order=("negative", "neutral", "positive")) -> SentimentReport:
    """Accuracy, macro F1, per-class precision/recall, confusion matrix and the mistakes.

    ``model`` is a fitted classifier; ``texts`` and ``labels`` the held-out set. The
    confusion matrix has the true label in rows and the predicted one in columns.
    """
    from sklearn.metrics import confusion_matrix, precision_recall_fscore_support

    if not hasattr(model, "predict"):
        raise TypeError(f"`model` must be a fitted classifier with `predict`; got {type(model).__name__}.")
    text_series = texts if isinstance(texts, pd.Series) else _texts(texts)
    _texts(text_series)
    truth = pd.Series(list(labels), index=text_series.index, dtype=object)
    if len(truth) != len(text_series):
        raise CourseDataError(f"`texts` has {len(text_series)} entries but `labels` has {len(truth)}.")
    predicted = pd.Series(model.predict(list(text_series)), index=text_series.index, dtype=object)
    order = list(order)
    unknown = sorted(set(truth) - set(order))
    if unknown:
        raise CourseDataError(f"`labels` holds {unknown}, which are not in `order` {order}.")
    precision, recall, f1, support = precision_recall_fscore_support(
        truth, predicted, labels=order, zero_division=0)
    per_class = pd.DataFrame({"precision": precision, "recall": recall, "f1": f1,
                              "support": support.astype(int)}, index=pd.Index(order, name="label"))
    confusion = pd.DataFrame(confusion_matrix(truth, predicted, labels=order),
                             index=pd.Index(order, name="true"), columns=pd.Index(order, name="predicted"))
    wrong = truth != predicted
    misclassified = pd.DataFrame({"text": text_series[wrong], "true": truth[wrong],
                                  "predicted": predicted[wrong]})
    return SentimentReport(accuracy=float((~wrong).mean()), macro_f1=float(np.mean(f1)),
                           per_class=per_class, confusion=confusion, misclassified=misclassified)


# ---------------------------------------------------------------------------- Erlang C
def _queue_args(arrival_rate, handling_time):
    arrival_rate = _positive(arrival_rate, "arrival_rate", allow_zero=True)
    handling_time = _positive(handling_time, "handling_time")
    return arrival_rate, handling_time, arrival_rate * handling_time / 60.0


def _erlang_b(load: float, n: int) -> float:
    """Erlang B blocking for n servers by the stable recursion B(k) = A·B(k−1) / (k + A·B(k−1)).

    Each step stays between 0 and 1, so nothing overflows (the textbook formula's A^N / N!
    overflows a float beyond about 170 agents)."""
    b = 1.0
    for k in range(1, n + 1):
        b = load * b / (k + load * b)
    return b


def _erlang_c_from_b(b: float, n: int, load: float) -> float:
    if load >= n:
        return 1.0
    return n * b / (n - load * (1.0 - b))


def erlang_c(arrival_rate, handling_time, agents) -> float:
    """Probability that a contact has to wait (Erlang C), for a queue with ``agents`` agents.

    ``arrival_rate`` is contacts per hour, ``handling_time`` minutes per contact; the
    offered load is A = arrival_rate × handling_time / 60 erlangs. Computed through the
    Erlang B recursion, which never forms the factorials of the textbook formula and so
    stays exact for thousands of agents. With A ≥ ``agents`` the queue grows without
    bound and every contact waits (1.0).

    Examples
    --------
    >>> round(erlang_c(200, 3, 11), 4)      # 10 erlangs on 11 agents
    0.6821
    >>> round(erlang_c(30, 1, 1), 4)        # one agent: M/M/1, P(wait) = utilisation
    0.5
    """
    _, _, load = _queue_args(arrival_rate, handling_time)
    n = _whole(agents, "agents")
    if load == 0:
        return 0.0
    return float(_erlang_c_from_b(_erlang_b(load, n), n, load))


def staffing(arrival_rate, handling_time, agents, *, target=20 / 60) -> pd.Series:
    """Queue figures for one staffing level: load, occupancy, P(wait), mean wait, service level.

    ``target`` is the answer-time promise in minutes (20 seconds by default, a common
    phone standard); ``service_level`` is the share of contacts answered within it,
    1 − P(wait)·exp(−(agents − A)·target / handling_time). Waits are in minutes. With too
    few agents (A ≥ agents) the mean wait is infinite and the service level 0.

    Examples
    --------
    >>> staffing(200, 3, 11, target=20 / 60).round(4)
    load_erlangs         10.0000
    agents               11.0000
    occupancy             0.9091
    p_wait                0.6821
    mean_wait_minutes     2.0464
    service_level         0.3896
    Name: staffing, dtype: float64
    """
    _, handling, load = _queue_args(arrival_rate, handling_time)
    n = _whole(agents, "agents")
    target = _positive(target, "target", allow_zero=True)
    p_wait = erlang_c(arrival_rate, handling_time, n)
    if load >= n:
        mean_wait, level = float("inf"), 0.0
    else:
        mean_wait = p_wait * handling / (n - load)
        level = 1.0 - p_wait * math.exp(-(n - load) * target / handling)
    return pd.Series({"load_erlangs": load, "agents": float(n), "occupancy": min(load / n, 1.0),
                      "p_wait": p_wait, "mean_wait_minutes": mean_wait, "service_level": level},
                     name="staffing")


def agents_needed(arrival_rate, handling_time, *, target=20 / 60, service_level=0.8,
                  max_agents=10_000) -> int:
    """The fewest agents that answer ``service_level`` of contacts within ``target`` minutes.

    Examples
    --------
    >>> agents_needed(200, 3, target=20 / 60, service_level=0.8)
    14
    """
    _, handling, load = _queue_args(arrival_rate, handling_time)
    target = _positive(target, "target", allow_zero=True)
    goal = _fraction(service_level, "service_level")
    max_agents = _whole(max_agents, "max_agents")
    if goal == 1.0:
        raise CourseDataError("`service_level` 1.0 can never be met by a queue; ask for less, e.g. 0.95.")
    if load == 0:
        return 1
    b = 1.0
    for n in range(1, max_agents + 1):
        b = load * b / (n + load * b)
        if load < n:
            c = _erlang_c_from_b(b, n, load)
            if 1.0 - c * math.exp(-(n - load) * target / handling) >= goal:
                return n
    raise CourseDataError(f"even {max_agents:,} agents do not reach the service level; check the "
                          "units (contacts per hour, minutes per contact) or raise `max_agents`.")


def staffing_table(arrival_rate, handling_time, agents, *, target=20 / 60) -> pd.DataFrame:
    """:func:`staffing` for each number of agents in ``agents`` (e.g. ``range(10, 17)``)."""
    levels = to_vector(agents, "agents", dtype=float)
    if len(levels) == 0:
        raise CourseDataError("`agents` is empty; give at least one staffing level.")
    if (levels != np.round(levels)).any() or (levels < 1).any():
        raise CourseDataError("`agents` must hold whole numbers ≥ 1.")
    rows = [staffing(arrival_rate, handling_time, int(n), target=target) for n in levels]
    return pd.DataFrame(rows).set_index(pd.Index(levels.astype(int), name="agents")).drop(columns="agents")
