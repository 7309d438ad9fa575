"""Customer journeys, need signals, touchpoint monitoring and attribution (analytics layer).

Chapter 3 of the course ("Communication strategy and channel integration") is built on
this module:

- :func:`build_journeys` turns touchpoint events into one row per journey (the ordered
  channels and stages, whether it ended in an order); :func:`customer_journeys` sums them up
  per customer.
- :func:`journey_map` is the customer journey map: the key touchpoints in order, how many
  journeys reach each, the conversion and drop-off between them, satisfaction at each.
- :func:`thermometer` is the touchpoint thermometer (触点温度计): satisfaction per touchpoint
  and month against control limits (a p-chart of low ratings or an X-bar chart of the mean),
  and :func:`problem_touchpoints` names the touchpoints that keep falling outside them.
- :data:`SIGNALS`, :func:`need_signals` and :func:`score_signals`: the seven need signals as
  documented rules per customer, scored against what the customer did next;
  :func:`purchase_cycle` finds an abnormal gap in a customer's usual purchase cycle and
  suggests when to get in touch.
- Attribution side by side: :func:`first_touch`, :func:`last_touch`, :func:`linear`,
  :func:`time_decay`, :func:`markov_attribution` (first-order Markov removal effect) and
  :func:`shapley_attribution`, collected by :func:`attribution_table`.
- Follow-up (回访) and care: :func:`followup_response`, :func:`followup_plan`,
  :func:`care_calendar` and :func:`standards_checklist`.
- Content by need state: :func:`contact_state` tells whether a contacted customer was
  active, sleeping or had never bought; :func:`offer_uplift` compares each campaign's
  content and offer by that state, against its control group where it has one.

Every attribution function takes ``paths`` (a sequence of journeys, each a sequence of
channel names) and ``converted`` (a same-length sequence of booleans or 0/1) and returns a
dict channel → share of the credit; the shares sum to 1.
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from itertools import chain
from statistics import NormalDist

import numpy as np
import pandas as pd

from .validation import (
    CourseDataError,
    require_columns,
    require_frame,
    require_no_missing,
    require_non_empty,
    to_datetime_column,
    to_timestamp,
)

__all__ = [
    "STAGES", "STAGE_NAMES_ZH", "SIGNALS", "TOUCHPOINT_STANDARDS", "TIER_INTERVALS",
    "HOLIDAYS", "CONTACT_STATES", "AttributionWarning",
    "build_journeys", "customer_journeys", "journey_map", "thermometer",
    "thermometer_summary", "problem_touchpoints",
    "purchase_cycle", "need_signals", "next_purchase", "score_signals",
    "first_touch", "last_touch", "linear", "time_decay", "markov_attribution",
    "shapley_attribution", "attribution_table",
    "followup_response", "followup_plan", "care_calendar", "standards_checklist",
    "contact_state", "offer_uplift",
]

#: The journey-map touchpoints of the course data, in the order a journey passes them.
STAGES: tuple[str, ...] = ("ad_view", "search", "content", "mini_program_browse",
                           "consultation", "store_visit", "checkout", "after_sales")

#: Chinese names of the touchpoints.
STAGE_NAMES_ZH: dict[str, str] = {
    "ad_view": "广告曝光", "search": "主动搜索", "content": "内容浏览",
    "mini_program_browse": "小程序浏览", "consultation": "咨询", "store_visit": "门店到访",
    "checkout": "下单结算", "after_sales": "售后",
}

#: The seven need signals. The 2025 training deck names the first three; the other four
#: are the course's own design. ``expects`` says what a flagged customer is expected to do
#: next: ``purchase`` (a need to serve now) or ``lapse`` (a relationship at risk).
SIGNALS = pd.DataFrame(
    [
        ("product_search", "主动搜索产品", "2025 training deck",
         "searched for products (touchpoint stage `search`) in the last `window_days`", "purchase"),
        ("negative_feedback", "负面评价", "2025 training deck",
         "opened a service ticket whose text reads negative in the last `window_days` "
         "(our stand-in for negative social-media comments)", "lapse"),
        ("cycle_gap", "购买周期异常", "2025 training deck",
         "days since the last order exceed `factor` × the customer's usual gap between orders "
         "(at least 3 orders)", "lapse"),
        ("consultation", "主动咨询", "course design",
         "asked an advisor (touchpoint stage `consultation`) in the last `window_days`", "purchase"),
        ("abandoned_checkout", "放弃结算", "course design",
         "reached checkout in a journey that did not end in an order, in the last `window_days`",
         "purchase"),
        ("detractor", "低分评价", "course design",
         "gave an NPS of 0–6 in a survey in the last 90 days", "lapse"),
        ("campaign_response", "回应营销", "course design",
         "responded to a campaign message without ordering, in the last `window_days`", "purchase"),
    ],
    columns=["signal", "signal_zh", "source", "rule", "expects"],
).set_index("signal")

#: Shared service standards per touchpoint (course design): what every channel promises.
TOUCHPOINT_STANDARDS = pd.DataFrame(
    [
        ("ad_view", "ads show the price and offer that the store and app honour", "offer consistency"),
        ("search", "the top results answer the query; out-of-stock items are marked", "search satisfaction"),
        ("content", "content is useful without buying; every piece links to a next step", "content rating"),
        ("mini_program_browse", "pages load in under 2 s; member price and points are visible", "browse satisfaction"),
        ("consultation", "a first reply within 2 minutes; the advisor sees the customer's history", "consultation rating"),
        ("store_visit", "staff greet within 30 s and recognise members from the app code", "visit rating"),
        ("checkout", "three steps at most; every payment method of every channel works", "checkout rating"),
        ("after_sales", "a reply within 1 hour; returns accepted in any channel", "after-sales rating"),
    ],
    columns=["stage", "standard", "measure"],
).set_index("stage")

#: Follow-up (回访) interval in days by membership tier (course design).
TIER_INTERVALS: dict[str, int] = {"platinum": 30, "gold": 45, "silver": 60, "member": 90}

#: Holidays and shopping festivals the care calendar greets customers on (2023–2025).
HOLIDAYS = pd.DataFrame(
    [(f"{year}-{day}", name, zh) for year in (2023, 2024, 2025)
     for day, name, zh in (("05-20", "520", "520告白日"), ("06-18", "618 festival", "618购物节"),
                           ("11-11", "Double 11", "双十一"))]
    + [("2023-01-22", "Spring Festival", "春节"), ("2024-02-10", "Spring Festival", "春节"),
       ("2025-01-29", "Spring Festival", "春节"), ("2023-08-22", "Qixi", "七夕"),
       ("2024-08-10", "Qixi", "七夕"), ("2025-08-29", "Qixi", "七夕"),
       ("2023-09-29", "Mid-Autumn", "中秋"), ("2024-09-17", "Mid-Autumn", "中秋"),
       ("2025-10-06", "Mid-Autumn", "中秋"), ("2023-12-22", "Winter Solstice", "冬至"),
       ("2024-12-21", "Winter Solstice", "冬至"), ("2025-12-21", "Winter Solstice", "冬至")],
    columns=["date", "holiday", "holiday_zh"],
).assign(date=lambda f: pd.to_datetime(f["date"])).sort_values("date", ignore_index=True)


class AttributionWarning(UserWarning):
    """An attribution result that needs care in reading (e.g. every journey converted)."""


# --------------------------------------------------------------------------- journeys
def _bool_column(frame: pd.DataFrame, column: str, arg: str) -> pd.Series:
    values = frame[column]
    if pd.api.types.is_bool_dtype(values):
        return values.astype(bool)
    ok = values.isin([0, 1, True, False]) & values.notna()
    if not ok.all():
        bad = values[~ok].iloc[0]
        raise CourseDataError(
            f"`{arg}[\"{column}\"]` must hold True/False or 0/1; found {bad!s}.")
    return values.astype(int).astype(bool)


def build_journeys(touchpoints: pd.DataFrame, *, journey: str = "journey_id",
                   customer: str = "customer_id", time: str = "timestamp",
                   channel: str = "channel", stage: str = "stage",
                   converted: str = "converted") -> pd.DataFrame:
    """One row per journey: who, when, the ordered channels and stages, and the outcome.

    Parameters
    ----------
    touchpoints : pandas.DataFrame
        One row per touchpoint event with the columns named below.
    journey, customer, time, channel, stage, converted : str
        Column names: journey id, customer id, event time, marketing channel, journey-map
        stage and whether the journey ended in an order.

    Returns
    -------
    pandas.DataFrame
        Indexed by journey id (sorted) with ``customer_id``, ``start``, ``end``,
        ``touches``, ``path`` (tuple of channels in time order), ``stages`` (tuple of
        stages in time order) and ``converted``.

    Examples
    --------
    >>> events = pd.DataFrame({"journey_id": ["J1", "J1", "J2"], "customer_id": ["C1", "C1", "C2"],
    ...     "timestamp": pd.to_datetime(["2024-03-02", "2024-03-01", "2024-03-05"]),
    ...     "channel": ["email", "social", "sms"], "stage": ["checkout", "ad_view", "ad_view"],
    ...     "converted": [True, True, False]})
    >>> build_journeys(events)[["customer_id", "touches", "path", "converted"]]
               customer_id  touches              path  converted
    journey_id
    J1                  C1        2  (social, email)       True
    J2                  C2        1            (sms,)      False
    """
    columns = [journey, customer, time, channel, stage, converted]
    require_columns(touchpoints, columns, "touchpoints")
    require_non_empty(touchpoints, "touchpoints")
    for column in (journey, customer, channel, stage):
        require_no_missing(touchpoints, column, "touchpoints")
    times = to_datetime_column(touchpoints, time, "touchpoints")
    require_no_missing(pd.DataFrame({time: times}), time, "touchpoints")
    outcome = _bool_column(touchpoints, converted, "touchpoints")
    events = pd.DataFrame({
        "journey": touchpoints[journey].to_numpy(), "customer": touchpoints[customer].astype(str).to_numpy(),
        "time": times.to_numpy(), "channel": touchpoints[channel].astype(str).to_numpy(),
        "stage": touchpoints[stage].astype(str).to_numpy(), "converted": outcome.to_numpy(),
        "order": np.arange(len(touchpoints)),
    }).sort_values(["journey", "time", "order"], kind="stable")
    groups = events.groupby("journey", sort=True)
    if (groups["customer"].nunique() > 1).any():
        bad = groups["customer"].nunique()
        first = bad[bad > 1].index[0]
        raise CourseDataError(
            f"`touchpoints[\"{journey}\"]` {first!s} belongs to more than one customer; "
            "a journey is one customer's sequence of touchpoints.")
    result = pd.DataFrame({
        "customer_id": groups["customer"].first(),
        "start": groups["time"].min(),
        "end": groups["time"].max(),
        "touches": groups.size(),
        "path": groups["channel"].agg(tuple),
        "stages": groups["stage"].agg(tuple),
        "converted": groups["converted"].any(),
    })
    result.index.name = journey
    return result


def customer_journeys(journeys: pd.DataFrame) -> pd.DataFrame:
    """Per customer: number of journeys, converted journeys, conversion rate and touches.

    Parameters
    ----------
    journeys : pandas.DataFrame
        The output of :func:`build_journeys`.

    Examples
    --------
    >>> journeys = pd.DataFrame({"customer_id": ["C1", "C1", "C2"], "touches": [3, 1, 2],
    ...     "converted": [True, False, False],
    ...     "start": pd.to_datetime(["2024-01-01", "2024-02-01", "2024-01-05"]),
    ...     "end": pd.to_datetime(["2024-01-03", "2024-02-01", "2024-01-06"])})
    >>> customer_journeys(journeys)[["journeys", "conversions", "conversion_rate", "touches"]]
                 journeys  conversions  conversion_rate  touches
    customer_id
    C1                  2            1              0.5        4
    C2                  1            0              0.0        2
    """
    require_columns(journeys, ["customer_id", "touches", "converted", "start", "end"], "journeys")
    grouped = journeys.groupby("customer_id", sort=True)
    table = pd.DataFrame({
        "journeys": grouped.size(),
        "conversions": grouped["converted"].sum().astype(int),
        "touches": grouped["touches"].sum().astype(int),
        "first_start": grouped["start"].min(),
        "last_end": grouped["end"].max(),
    })
    table.insert(2, "conversion_rate", table["conversions"] / table["journeys"])
    return table


def _stage_codes(touchpoints: pd.DataFrame, stages: Sequence[str], stage: str) -> np.ndarray:
    known = {name: i for i, name in enumerate(stages)}
    values = touchpoints[stage].astype(str)
    unknown = sorted(set(values.unique()) - set(known))
    if unknown:
        raise CourseDataError(
            f"`touchpoints[\"{stage}\"]` has stage(s) {unknown} that are not in `stages` "
            f"{list(stages)}; pass the full ordered list of stages.")
    return values.map(known).to_numpy(dtype=int)


def journey_map(touchpoints: pd.DataFrame, *, stages: Sequence[str] = STAGES,
                journey: str = "journey_id", stage: str = "stage",
                satisfaction: str = "satisfaction", converted: str = "converted") -> pd.DataFrame:
    """The customer journey map: key touchpoints in order with reach, conversion and drop-off.

    A journey *reaches* a touchpoint when its furthest stage is that touchpoint or a later
    one (a funnel); ``step_conversion`` is the share of journeys reaching a touchpoint that
    also reach the next one, and ``drop_off`` the share that stop there. ``touched`` counts
    journeys with an event at the touchpoint itself, ``order_rate`` the share of those that
    ended in an order, and ``satisfaction`` the mean rating given there (1–5).

    Parameters
    ----------
    touchpoints : pandas.DataFrame
        One row per event with the columns named by ``journey``, ``stage``,
        ``satisfaction`` and ``converted``.
    stages : sequence of str
        The touchpoints in journey order (5–8 of them make a readable map).

    Examples
    --------
    >>> events = pd.DataFrame({"journey_id": [1, 1, 1, 2, 2, 3],
    ...     "stage": ["a", "b", "c", "a", "b", "a"], "satisfaction": [5, 4, 3, 4, 2, None],
    ...     "converted": [True, True, True, False, False, False]})
    >>> journey_map(events, stages=["a", "b", "c"]).drop(columns=["reach", "touched"])
           reached  step_conversion  drop_off  order_rate  satisfaction
    stage
    a            3            0.667     0.333       0.333           4.5
    b            2            0.500     0.500       0.500           3.0
    c            1              NaN       NaN       1.000           3.0
    """
    require_columns(touchpoints, [journey, stage, satisfaction, converted], "touchpoints")
    require_non_empty(touchpoints, "touchpoints")
    if isinstance(stages, str) or len(stages) < 2:
        raise CourseDataError(f"`stages` must list at least two touchpoints in order; got {stages!r}.")
    codes = _stage_codes(touchpoints, stages, stage)
    outcome = _bool_column(touchpoints, converted, "touchpoints")
    rating = pd.to_numeric(touchpoints[satisfaction], errors="coerce")
    events = pd.DataFrame({"journey": touchpoints[journey].to_numpy(), "code": codes,
                           "converted": outcome.to_numpy(), "rating": rating.to_numpy()})
    deepest = events.groupby("journey")["code"].max()
    n_journeys = len(deepest)
    counts = np.bincount(deepest.to_numpy(), minlength=len(stages))
    reached = counts[::-1].cumsum()[::-1]
    touched_pairs = events.drop_duplicates(["journey", "code"])
    touched = np.bincount(touched_pairs["code"], minlength=len(stages))
    ordered = np.bincount(touched_pairs["code"], weights=touched_pairs["converted"].astype(float),
                          minlength=len(stages))
    mean_rating = events.groupby("code")["rating"].mean().reindex(range(len(stages)))
    with np.errstate(divide="ignore", invalid="ignore"):
        step = np.append(reached[1:] / reached[:-1], np.nan)
        order_rate = np.where(touched > 0, ordered / np.maximum(touched, 1), np.nan)
    step = np.where(np.isfinite(step), step, np.nan)
    table = pd.DataFrame({
        "reached": reached.astype(int),
        "reach": (reached / n_journeys).round(3),
        "step_conversion": np.round(step, 3),
        "drop_off": np.round(1 - step, 3),
        "touched": touched.astype(int),
        "order_rate": np.round(order_rate, 3),
        "satisfaction": mean_rating.to_numpy().round(2),
    }, index=pd.Index(list(stages), name="stage"))
    return table


def thermometer(touchpoints: pd.DataFrame, *, chart: str = "p", low: int = 2,
                freq: str = "MS", sigma: float = 3.0, stages: Sequence[str] | None = None,
                time: str = "timestamp", stage: str = "stage",
                satisfaction: str = "satisfaction") -> pd.DataFrame:
    """The touchpoint thermometer: satisfaction per touchpoint and period with control limits.

    The centre line is the brand-wide standard — all touchpoints and periods pooled — so a
    touchpoint that keeps running below the shared standard falls outside the limits.
    (Limits from each touchpoint's own history would instead flag changes over time.)

    - ``chart="p"`` (p-chart): the share of low ratings (``satisfaction <= low``); centre
      p̄ pooled, limits p̄ ± ``sigma``·√(p̄(1−p̄)/n). A period is flagged when the share is
      above the upper limit.
    - ``chart="xbar"`` (X-bar chart): the mean rating; centre the grand mean, limits
      ± ``sigma``·s/√n with s the standard deviation of single ratings. A period is flagged
      when the mean is below the lower limit.

    Events without a rating are left out; ``n`` counts rated events.

    Returns
    -------
    pandas.DataFrame
        One row per touchpoint and period: ``stage``, ``period``, ``n``, ``value`` (share low
        or mean rating), ``center``, ``lcl``, ``ucl`` and ``flag``.

    Examples
    --------
    >>> events = pd.DataFrame({"stage": ["a"] * 4 + ["b"] * 4,
    ...     "timestamp": pd.to_datetime(["2024-01-03"] * 8), "satisfaction": [5, 4, 5, 4, 1, 2, 1, 4]})
    >>> thermometer(events, chart="xbar", sigma=1)[["stage", "n", "value", "center", "flag"]]
      stage  n  value  center   flag
    0     a  4   4.50    3.25  False
    1     b  4   2.00    3.25   True
    """
    if chart not in ("p", "xbar"):
        raise CourseDataError(f"`chart` must be 'p' or 'xbar'; got {chart!r}.")
    if not isinstance(sigma, (int, float)) or sigma <= 0:
        raise CourseDataError(f"`sigma` must be a positive number; got {sigma!r}.")
    require_columns(touchpoints, [time, stage, satisfaction], "touchpoints")
    require_non_empty(touchpoints, "touchpoints")
    times = to_datetime_column(touchpoints, time, "touchpoints")
    rating = pd.to_numeric(touchpoints[satisfaction], errors="coerce")
    events = pd.DataFrame({"stage": touchpoints[stage].astype(str).to_numpy(),
                           "period": times.dt.to_period(freq[0] if freq in ("MS", "M") else freq)
                           .dt.start_time.to_numpy(),
                           "rating": rating.to_numpy()}).dropna(subset=["rating"])
    if events.empty:
        raise CourseDataError(f"`touchpoints[\"{satisfaction}\"]` has no ratings; the "
                              "thermometer needs rated touchpoints.")
    if stages is None:
        present = set(events["stage"])
        stages = [s for s in STAGES if s in present] + sorted(present - set(STAGES))
    events = events[events["stage"].isin(list(stages))]
    events["low"] = events["rating"] <= low
    grouped = events.groupby(["stage", "period"], sort=False)
    table = grouped.agg(n=("rating", "size"), mean=("rating", "mean"), low=("low", "mean")).reset_index()
    order = {s: i for i, s in enumerate(stages)}
    table = table.sort_values(["stage", "period"], key=lambda c: c.map(order) if c.name == "stage" else c,
                              ignore_index=True)
    n = table["n"].to_numpy(dtype=float)
    if chart == "p":
        center = float(events["low"].mean())
        spread = sigma * np.sqrt(center * (1 - center) / n)
        value = table["low"].to_numpy()
        lcl, ucl = np.clip(center - spread, 0, 1), np.clip(center + spread, 0, 1)
        flag = value > ucl
    else:
        center = float(events["rating"].mean())
        spread = sigma * float(events["rating"].std(ddof=1) if len(events) > 1 else 0.0) / np.sqrt(n)
        value = table["mean"].to_numpy()
        lcl, ucl = center - spread, center + spread
        flag = value < lcl
    return pd.DataFrame({
        "stage": table["stage"], "period": table["period"], "n": table["n"].astype(int),
        "value": np.round(value, 4), "center": round(center, 4), "lcl": np.round(lcl, 4),
        "ucl": np.round(ucl, 4), "flag": flag,
    })


def thermometer_summary(thermo: pd.DataFrame, *, min_share: float = 0.5) -> pd.DataFrame:
    """Per touchpoint: periods, flagged periods, their share and whether it is a problem.

    A touchpoint is a *problem touchpoint* when at least ``min_share`` of its periods are
    flagged by :func:`thermometer`.

    Examples
    --------
    >>> thermo = pd.DataFrame({"stage": ["a", "a", "b", "b"], "n": [10, 12, 9, 11],
    ...     "value": [0.1, 0.1, 0.4, 0.2], "flag": [False, False, True, False]})
    >>> thermometer_summary(thermo)
           periods  flagged  share_flagged  mean_value  problem
    stage
    a            2        0            0.0         0.1    False
    b            2        1            0.5         0.3     True
    """
    require_columns(thermo, ["stage", "n", "value", "flag"], "thermo")
    if not 0 < min_share <= 1:
        raise CourseDataError(f"`min_share` must be in (0, 1]; got {min_share!r}.")
    grouped = thermo.groupby("stage", sort=False)
    table = pd.DataFrame({
        "periods": grouped.size(),
        "flagged": grouped["flag"].sum().astype(int),
    })
    table["share_flagged"] = (table["flagged"] / table["periods"]).round(3)
    table["mean_value"] = grouped["value"].mean().round(3)
    table["problem"] = table["share_flagged"] >= min_share
    table.index.name = "stage"
    return table


def problem_touchpoints(thermo: pd.DataFrame, *, min_share: float = 0.5) -> list[str]:
    """The touchpoints flagged in at least ``min_share`` of their periods, in journey order.

    Examples
    --------
    >>> thermo = pd.DataFrame({"stage": ["a", "a", "b", "b"], "n": [10, 12, 9, 11],
    ...     "value": [0.1, 0.1, 0.4, 0.5], "flag": [False, False, True, True]})
    >>> problem_touchpoints(thermo)
    ['b']
    """
    summary = thermometer_summary(thermo, min_share=min_share)
    return [str(s) for s in summary.index[summary["problem"]]]


# ------------------------------------------------------------------------ need signals
def _customer_ids(customers: pd.DataFrame) -> pd.Index:
    require_columns(customers, ["customer_id"], "customers")
    return pd.Index(customers["customer_id"].astype(str).unique(), name="customer_id").sort_values()


def purchase_cycle(orders: pd.DataFrame, *, as_of, factor: float = 1.5, min_orders: int = 3,
                   lead_days: int = 3, customer: str = "customer_id",
                   date: str = "order_date") -> pd.DataFrame:
    """Each repeat customer's usual purchase cycle, an abnormal gap, and when to get in touch.

    The usual gap is the median number of days between a customer's consecutive order
    days before ``as_of``. A gap is *abnormal* when the days since the last order exceed
    ``factor`` × the usual gap. The suggested contact day is ``lead_days`` before the next
    order is due (last order + usual gap), or ``as_of`` itself when that day has passed.

    Parameters
    ----------
    orders : pandas.DataFrame
        One row per order.
    as_of : datetime-like
        The day of the analysis; later orders are ignored.
    factor : float
        How many usual gaps of silence count as abnormal.
    min_orders : int
        Customers need at least this many distinct order days for a usual cycle.

    Returns
    -------
    pandas.DataFrame
        Indexed by customer: ``orders`` (distinct order days), ``usual_gap_days``,
        ``days_since_last``, ``gap_ratio``, ``abnormal``, ``next_due`` and
        ``suggested_contact``.

    Examples
    --------
    >>> orders = pd.DataFrame({"customer_id": ["a"] * 3 + ["b"] * 3,
    ...     "order_date": pd.to_datetime(["2024-01-01", "2024-01-31", "2024-03-01",
    ...                                   "2024-01-01", "2024-02-01", "2024-05-20"])})
    >>> purchase_cycle(orders, as_of="2024-06-01")[["usual_gap_days", "days_since_last", "abnormal", "suggested_contact"]]
                 usual_gap_days  days_since_last  abnormal suggested_contact
    customer_id
    a                      30.0               92      True        2024-06-01
    b                      70.0               12     False        2024-07-26
    """
    as_of = to_timestamp(as_of, "as_of")
    require_columns(orders, [customer, date], "orders")
    require_no_missing(orders, customer, "orders")
    if not factor > 0:
        raise CourseDataError(f"`factor` must be positive; got {factor!r}.")
    if not isinstance(min_orders, (int, np.integer)) or min_orders < 2:
        raise CourseDataError(f"`min_orders` must be an integer of at least 2; got {min_orders!r}.")
    days = to_datetime_column(orders, date, "orders").dt.normalize()
    frame = pd.DataFrame({"customer": orders[customer].astype(str).to_numpy(), "day": days.to_numpy()})
    frame = frame[frame["day"] < as_of].drop_duplicates().sort_values(["customer", "day"])
    frame["gap"] = frame.groupby("customer")["day"].diff().dt.days
    grouped = frame.groupby("customer")
    table = pd.DataFrame({"orders": grouped.size(), "usual_gap_days": grouped["gap"].median(),
                          "last": grouped["day"].max()})
    table = table[table["orders"] >= min_orders]
    table["days_since_last"] = (as_of - table["last"]).dt.days.astype(int)
    table["gap_ratio"] = (table["days_since_last"] / table["usual_gap_days"]).round(2)
    table["abnormal"] = table["days_since_last"] > factor * table["usual_gap_days"]
    table["next_due"] = table["last"] + pd.to_timedelta(table["usual_gap_days"].round(), unit="D")
    contact = table["next_due"] - pd.Timedelta(days=int(lead_days))
    table["suggested_contact"] = contact.where(contact > as_of, as_of)
    table.index.name = "customer_id"
    return table.drop(columns="last")


def need_signals(customers: pd.DataFrame, *, orders: pd.DataFrame, touchpoints: pd.DataFrame,
                 tickets: pd.DataFrame, surveys: pd.DataFrame, campaigns: pd.DataFrame,
                 as_of, window_days: int = 30, factor: float = 1.5) -> pd.DataFrame:
    """Flag the seven need signals of :data:`SIGNALS` for every customer as of a day.

    Only events before ``as_of`` count, so the flags can be scored against what happened
    afterwards (:func:`score_signals`).

    Returns
    -------
    pandas.DataFrame
        Indexed by ``customer_id`` (every customer of ``customers``), one boolean column
        per signal in the order of :data:`SIGNALS`.
    """
    as_of = to_timestamp(as_of, "as_of")
    if not isinstance(window_days, (int, np.integer)) or window_days < 1:
        raise CourseDataError(f"`window_days` must be a positive whole number of days; got {window_days!r}.")
    ids = _customer_ids(customers)
    start = as_of - pd.Timedelta(days=int(window_days))
    require_columns(touchpoints, ["customer_id", "timestamp", "stage", "converted"], "touchpoints")
    require_columns(tickets, ["customer_id", "opened_at", "sentiment"], "tickets")
    require_columns(surveys, ["customer_id", "survey_date", "nps"], "surveys")
    require_columns(campaigns, ["customer_id", "contact_date", "responded", "converted"], "campaigns")

    def who(frame, time_column, arg, mask, since=start):
        times = to_datetime_column(frame, time_column, arg)
        keep = mask & (times >= since) & (times < as_of)
        return ids.isin(frame.loc[keep, "customer_id"].astype(str).unique())

    tp_stage = touchpoints["stage"].astype(str)
    flags = pd.DataFrame(index=ids)
    flags["product_search"] = who(touchpoints, "timestamp", "touchpoints", tp_stage == "search")
    flags["negative_feedback"] = who(tickets, "opened_at", "tickets",
                                     tickets["sentiment"].astype(str) == "negative")
    cycle = purchase_cycle(orders, as_of=as_of, factor=factor)
    flags["cycle_gap"] = ids.isin(cycle.index[cycle["abnormal"]])
    flags["consultation"] = who(touchpoints, "timestamp", "touchpoints", tp_stage == "consultation")
    not_converted = ~_bool_column(touchpoints, "converted", "touchpoints")
    flags["abandoned_checkout"] = who(touchpoints, "timestamp", "touchpoints",
                                      (tp_stage == "checkout") & not_converted)
    flags["detractor"] = who(surveys, "survey_date", "surveys",
                             pd.to_numeric(surveys["nps"], errors="coerce") <= 6,
                             since=as_of - pd.Timedelta(days=90))
    responded = _bool_column(campaigns, "responded", "campaigns")
    flags["campaign_response"] = who(campaigns, "contact_date", "campaigns",
                                     responded & ~_bool_column(campaigns, "converted", "campaigns"))
    return flags[list(SIGNALS.index)]


def next_purchase(orders: pd.DataFrame, customers: pd.DataFrame, *, as_of,
                  horizon_days: int = 30) -> pd.Series:
    """Whether each customer ordered in the ``horizon_days`` from ``as_of`` (inclusive).

    Examples
    --------
    >>> customers = pd.DataFrame({"customer_id": ["a", "b"]})
    >>> orders = pd.DataFrame({"customer_id": ["a", "b"],
    ...     "order_date": pd.to_datetime(["2024-06-10", "2024-08-01"])})
    >>> next_purchase(orders, customers, as_of="2024-06-01").to_dict()
    {'a': True, 'b': False}
    """
    as_of = to_timestamp(as_of, "as_of")
    if not isinstance(horizon_days, (int, np.integer)) or horizon_days < 1:
        raise CourseDataError(f"`horizon_days` must be a positive whole number; got {horizon_days!r}.")
    ids = _customer_ids(customers)
    require_columns(orders, ["customer_id", "order_date"], "orders")
    days = to_datetime_column(orders, "order_date", "orders")
    keep = (days >= as_of) & (days < as_of + pd.Timedelta(days=int(horizon_days)))
    return pd.Series(ids.isin(orders.loc[keep, "customer_id"].astype(str).unique()),
                     index=ids, name="purchased")


def score_signals(flags: pd.DataFrame, purchased: pd.Series) -> pd.DataFrame:
    """Score each signal against what happened next: precision, coverage and lift.

    For a signal that ``expects`` a purchase, a *hit* is a flagged customer who then
    bought; for one that expects a lapse, a flagged customer who then did not. Precision
    is the share of flagged customers who were hits, coverage the share of all customers
    with that outcome who were flagged, lift the precision divided by the base rate.
    Signals not in :data:`SIGNALS` are taken to expect a purchase.

    Examples
    --------
    >>> flags = pd.DataFrame({"product_search": [True, True, False, False],
    ...     "cycle_gap": [False, False, True, True]}, index=list("abcd"))
    >>> bought = pd.Series([True, False, False, False], index=list("abcd"))
    >>> score_signals(flags, bought)
                     expects  flagged  precision  coverage  base_rate  lift
    signal
    product_search  purchase        2        0.5  1.000000       0.25  2.00
    cycle_gap          lapse        2        1.0  0.666667       0.75  1.33
    """
    require_frame(flags, "flags")
    if not isinstance(purchased, pd.Series):
        raise TypeError(f"`purchased` must be a pandas Series indexed by customer; got {type(purchased).__name__}.")
    missing = flags.index.difference(purchased.index)
    if len(missing):
        raise CourseDataError(f"`purchased` has no value for {len(missing)} flagged customer(s), "
                              f"first {missing[0]!s}; index both by the same customers.")
    bought = purchased.reindex(flags.index).astype(bool).to_numpy()
    rows = []
    for name in flags.columns:
        flagged = flags[name].astype(bool).to_numpy()
        expects = SIGNALS["expects"].get(name, "purchase")
        outcome = bought if expects == "purchase" else ~bought
        n_flagged = int(flagged.sum())
        hits = int((flagged & outcome).sum())
        base = float(outcome.mean())
        precision = hits / n_flagged if n_flagged else np.nan
        rows.append((name, expects, n_flagged, precision,
                     hits / outcome.sum() if outcome.sum() else np.nan, base,
                     round(precision / base, 2) if base and n_flagged else np.nan))
    return pd.DataFrame(rows, columns=["signal", "expects", "flagged", "precision", "coverage",
                                       "base_rate", "lift"]).set_index("signal")


# ------------------------------------------------------------------------- attribution
def _prepare(paths, converted) -> tuple[list[str], np.ndarray, np.ndarray, np.ndarray]:
    """Validate and flatten: channel names, flat codes, journey lengths, outcomes."""
    if isinstance(paths, (str, bytes, dict, pd.DataFrame)) or not hasattr(paths, "__len__"):
        raise TypeError("`paths` must be a sequence of journeys (each a list of channel names); "
                        f"got {type(paths).__name__}.")
    if isinstance(converted, (str, bytes, dict, pd.DataFrame)) or not hasattr(converted, "__len__"):
        raise TypeError("`converted` must be a sequence of booleans or 0/1, one per journey; "
                        f"got {type(converted).__name__}.")
    journeys = list(paths)
    outcome = np.asarray(list(converted) if not isinstance(converted, np.ndarray) else converted)
    if outcome.ndim != 1:
        raise CourseDataError(f"`converted` must be one-dimensional; got shape {outcome.shape}.")
    if len(journeys) != len(outcome):
        raise CourseDataError(f"`paths` has {len(journeys)} journeys but `converted` has "
                              f"{len(outcome)} values; give one outcome per journey.")
    if not journeys:
        raise CourseDataError("`paths` is empty; attribution needs at least one journey.")
    if outcome.dtype != bool:
        try:
            numeric = outcome.astype(float)
        except (TypeError, ValueError):
            numeric = None
        if numeric is None or not np.isin(numeric, (0.0, 1.0)).all():
            bad_at = 0 if numeric is None else int(np.flatnonzero(~np.isin(numeric, (0.0, 1.0)))[0])
            raise CourseDataError(f"`converted` must hold booleans or 0/1; found {outcome[bad_at]!s} "
                                  f"at position {bad_at}.")
        outcome = numeric.astype(bool)
    lengths = np.empty(len(journeys), dtype=np.int64)
    for i, path in enumerate(journeys):
        if isinstance(path, (str, bytes)) or not hasattr(path, "__len__"):
            raise CourseDataError(f"`paths[{i}]` is a {type(path).__name__}; each journey must be a "
                                  "sequence of channel names such as ['social', 'email'].")
        lengths[i] = len(path)
        if lengths[i] == 0:
            raise CourseDataError(f"`paths[{i}]` is empty; every journey needs at least one touchpoint.")
    if not outcome.any():
        raise CourseDataError(f"none of the {len(journeys)} journeys converted; attribution shares "
                              "credit for conversions, so it needs at least one converting journey.")
    flat = np.empty(int(lengths.sum()), dtype=object)
    flat[:] = list(chain.from_iterable(journeys))
    codes, uniques = pd.factorize(flat)       # hashing: "a" and numpy.str_("a") are one channel
    names = [str(c) for c in uniques]
    if len(set(names)) < len(names):          # e.g. 1 and "1": merge by their text
        codes, uniques = pd.factorize(np.asarray(names, dtype=object)[codes])
        names = [str(c) for c in uniques]
    order = np.argsort(names)
    rank = np.empty(len(order), dtype=np.int64)
    rank[order] = np.arange(len(order))
    return [names[i] for i in order], rank[codes], lengths, outcome


def _shares(channels: list[str], credit: np.ndarray, extra) -> dict[str, float]:
    total = credit.sum()
    result = {c: float(v / total) for c, v in zip(channels, credit)}
    for c in extra or ():
        result.setdefault(str(c), 0.0)
    return dict(sorted(result.items()))


def _positions(lengths: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    ends = np.cumsum(lengths)
    starts = ends - lengths
    journey_of = np.repeat(np.arange(len(lengths)), lengths)
    return starts, ends - 1, journey_of


def first_touch(paths, converted, *, channels=None) -> dict[str, float]:
    """All credit for a conversion to the journey's first channel.

    Examples
    --------
    >>> first_touch([["social", "email"], ["sms"], ["social"]], [1, 1, 0])
    {'email': 0.0, 'sms': 0.5, 'social': 0.5}
    """
    names, codes, lengths, outcome = _prepare(paths, converted)
    starts, _, _ = _positions(lengths)
    credit = np.bincount(codes[starts][outcome], minlength=len(names)).astype(float)
    return _shares(names, credit, channels)


def last_touch(paths, converted, *, channels=None) -> dict[str, float]:
    """All credit for a conversion to the journey's last channel.

    Examples
    --------
    >>> last_touch([["social", "email"], ["sms"], ["social"]], [1, 1, 0])
    {'email': 0.5, 'sms': 0.5, 'social': 0.0}
    """
    names, codes, lengths, outcome = _prepare(paths, converted)
    _, lasts, _ = _positions(lengths)
    credit = np.bincount(codes[lasts][outcome], minlength=len(names)).astype(float)
    return _shares(names, credit, channels)


def linear(paths, converted, *, channels=None) -> dict[str, float]:
    """A conversion's credit split equally over the journey's touches (repeats count).

    Examples
    --------
    >>> linear([["social", "email"], ["sms"], ["social"]], [1, 1, 0])
    {'email': 0.25, 'sms': 0.5, 'social': 0.25}
    """
    names, codes, lengths, outcome = _prepare(paths, converted)
    _, _, journey_of = _positions(lengths)
    weight = (outcome / lengths)[journey_of]
    credit = np.bincount(codes, weights=weight, minlength=len(names))
    return _shares(names, credit, channels)


def time_decay(paths, converted, *, half_life: float = 1.0, channels=None) -> dict[str, float]:
    """Credit that halves every ``half_life`` touches back from the conversion.

    The last touch gets weight 1, the one before 0.5 ** (1 / half_life), and so on; each
    converting journey's weights are scaled to sum to one conversion. (Journeys in the
    course data last days, not weeks, so the decay is counted in touches, not in time.)

    Examples
    --------
    >>> shares = time_decay([["social", "email"], ["sms"]], [1, 1], half_life=1)
    >>> {c: round(s, 3) for c, s in shares.items()}
    {'email': 0.333, 'sms': 0.5, 'social': 0.167}
    """
    if not isinstance(half_life, (int, float)) or isinstance(half_life, bool) or not half_life > 0:
        raise CourseDataError(f"`half_life` must be a positive number of touches; got {half_life!r}.")
    names, codes, lengths, outcome = _prepare(paths, converted)
    _, lasts, journey_of = _positions(lengths)
    steps_back = lasts[journey_of] - np.arange(len(codes))
    weight = 0.5 ** (steps_back / half_life)
    per_journey = np.bincount(journey_of, weights=weight, minlength=len(lengths))
    weight = weight / per_journey[journey_of] * outcome[journey_of]
    credit = np.bincount(codes, weights=weight, minlength=len(names))
    return _shares(names, credit, channels)


def _conversion_probability(start: np.ndarray, q: np.ndarray, r: np.ndarray) -> float:
    k = len(r)
    solved = np.linalg.solve(np.eye(k) - q, r)
    return float(start @ solved)


def markov_attribution(paths, converted, *, channels=None) -> dict[str, float]:
    """Share of conversions by the removal effect of a first-order Markov chain.

    The chain has a start state, one state per channel, and two absorbing states:
    conversion and null (no order). Transitions are counted as they occur — start → first
    channel, every consecutive pair of a journey (repeats of a channel included), and the
    last channel → conversion or null — and divided by the row totals. The *removal effect*
    of a channel is the relative fall in the probability of reaching conversion from start
    when the channel is removed (every transition into it goes to null instead). Shares are
    the removal effects divided by their sum, so they sum to 1.

    Parameters
    ----------
    paths : sequence of sequences of str
        One journey per item, each the channels in the order they were touched; channel
        names may be numpy strings.
    converted : sequence of bool or 0/1
        Whether each journey ended in a conversion.
    channels : iterable of str, optional
        Extra channel names to report with a share of 0 (channels that never appear get
        nothing).

    Returns
    -------
    dict
        Channel → share, sorted by channel name. A channel seen only in journeys that did
        not convert gets 0.

    Raises
    ------
    CourseDataError
        When no journey converted (there is no credit to share), when ``paths`` and
        ``converted`` differ in length, a journey is empty, or an outcome is not boolean.

    Warns
    -----
    AttributionWarning
        When every journey converted: then no path ends in null, and the removal effect
        only says how much of the conversion flow passes through each channel, not what
        separates customers who buy from those who do not. The shares are still returned.

    Examples
    --------
    >>> paths = [["social", "email"], ["social"], ["email", "email"], ["sms"]]
    >>> shares = markov_attribution(paths, [True, False, True, False])
    >>> {c: round(s, 3) for c, s in shares.items()}
    {'email': 0.667, 'sms': 0.0, 'social': 0.333}
    """
    names, codes, lengths, outcome = _prepare(paths, converted)
    if outcome.all():
        warnings.warn(
            f"all {len(outcome)} journeys converted: no path ends in the null state, so the "
            "removal effect only measures how much of the conversion flow passes through each "
            "channel, not what separates buyers from non-buyers.", AttributionWarning, stacklevel=2)
    k = len(names)
    starts, lasts, _ = _positions(lengths)
    start = np.bincount(codes[starts], minlength=k) / len(lengths)
    is_last = np.zeros(len(codes), dtype=bool)
    is_last[lasts] = True
    source = codes[:-1][~is_last[:-1]]
    target = codes[1:][~is_last[:-1]]
    counts = np.bincount(source * (k + 2) + target, minlength=k * (k + 2)).reshape(k, k + 2).astype(float)
    ends = np.where(outcome, k, k + 1)
    np.add.at(counts, (codes[lasts], ends), 1.0)
    probs = counts / counts.sum(axis=1, keepdims=True)
    q, r = probs[:, :k], probs[:, k]
    base = _conversion_probability(start, q, r)
    effects = np.empty(k)
    for c in range(k):
        q_removed = q.copy()
        q_removed[:, c] = 0.0
        start_removed = start.copy()
        start_removed[c] = 0.0
        effects[c] = 1.0 - _conversion_probability(start_removed, q_removed, r) / base
    effects = np.clip(effects, 0.0, None)
    return _shares(names, effects, channels)


def shapley_attribution(paths, converted, *, channels=None, max_channels: int = 14) -> dict[str, float]:
    """Shapley value of each channel in the game "conversions won by a set of channels".

    The value of a coalition S of channels is the number of converting journeys that used
    only channels in S. Each channel's Shapley value is its marginal contribution averaged
    over every order in which the channels could join; the values add up to all
    conversions, and the shares divide by that total. The computation runs over all 2ⁿ
    coalitions (n at most ``max_channels``). In this game the Shapley value works out to
    splitting each conversion equally among the *distinct* channels of its journey — order
    and repeats do not matter, and journeys that did not convert carry no weight.

    Examples
    --------
    >>> shapley_attribution([["social", "email", "email"], ["sms"], ["social"]], [1, 1, 0])
    {'email': 0.25, 'sms': 0.5, 'social': 0.25}
    """
    names, codes, lengths, outcome = _prepare(paths, converted)
    k = len(names)
    if k > max_channels:
        raise CourseDataError(f"`paths` use {k} channels; exact Shapley values over 2^{k} coalitions "
                              f"are limited to `max_channels`={max_channels}. Group rare channels first.")
    _, _, journey_of = _positions(lengths)
    bits = np.bitwise_or.reduceat((np.int64(1) << codes), np.cumsum(lengths) - lengths)
    wins = np.bincount(bits[outcome], minlength=1 << k).astype(float)
    # v(S) = conversions of journeys whose channel set is a subset of S (zeta transform)
    value = wins.copy()
    masks = np.arange(1 << k)
    for c in range(k):
        has = (masks >> c) & 1 == 1
        value[has] += value[masks[has] ^ (1 << c)]
    sizes = np.array([bin(m).count("1") for m in range(1 << k)])
    from math import factorial

    weight_of_size = np.array([factorial(s) * factorial(k - s - 1) / factorial(k) for s in range(k)])
    credit = np.empty(k)
    for c in range(k):
        without = masks[(masks >> c) & 1 == 0]
        credit[c] = float(np.sum(weight_of_size[sizes[without]] * (value[without | (1 << c)] - value[without])))
    return _shares(names, credit, channels)


_MODELS = {"first_touch": first_touch, "last_touch": last_touch, "linear": linear,
           "time_decay": time_decay, "markov": markov_attribution, "shapley": shapley_attribution}


def attribution_table(paths, converted, *, half_life: float = 1.0,
                      models: Sequence[str] = tuple(_MODELS)) -> pd.DataFrame:
    """The attribution models side by side: one row per channel, one column per model.

    Examples
    --------
    >>> attribution_table([["social", "email"], ["sms"], ["social"]], [1, 1, 0]).round(3)
             first_touch  last_touch  linear  time_decay  markov  shapley
    channel
    email            0.0         0.5    0.25       0.333   0.333     0.25
    sms              0.5         0.5    0.50       0.500   0.333     0.50
    social           0.5         0.0    0.25       0.167   0.333     0.25
    """
    unknown = [m for m in models if m not in _MODELS]
    if unknown or isinstance(models, str):
        raise CourseDataError(f"`models` has unknown model(s) {unknown or models!r}; choose from {list(_MODELS)}.")
    columns = {}
    for name in models:
        kwargs = {"half_life": half_life} if name == "time_decay" else {}
        columns[name] = _MODELS[name](paths, converted, **kwargs)
    table = pd.DataFrame(columns).fillna(0.0)
    table.index.name = "channel"
    return table.sort_index()


# ------------------------------------------------------------------- follow-up and care
def _wilson(successes: np.ndarray, n: np.ndarray, confidence: float = 0.95):
    z = NormalDist().inv_cdf(0.5 + confidence / 2)
    p = successes / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * np.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return centre - half, centre + half


def followup_response(followups: pd.DataFrame, *, by: str | Sequence[str] = "channel",
                      responded: str = "responded") -> pd.DataFrame:
    """Follow-up (回访) log summary: count, responses and response rate with a 95 % interval.

    The interval is Wilson's score interval, which stays inside 0–1 for small groups.

    Examples
    --------
    >>> log = pd.DataFrame({"channel": ["phone", "phone", "sms", "sms", "sms"],
    ...     "responded": [True, True, False, True, False]})
    >>> followup_response(log)
             followups  responses  response_rate  ci_low  ci_high
    channel
    phone            2          2          1.000   0.342    1.000
    sms              3          1          0.333   0.061    0.792
    """
    keys = [by] if isinstance(by, str) else list(by)
    require_columns(followups, keys + [responded], "followups")
    require_non_empty(followups, "followups")
    answer = _bool_column(followups, responded, "followups")
    grouped = answer.groupby([followups[k] for k in keys], sort=True)
    table = pd.DataFrame({"followups": grouped.size(), "responses": grouped.sum().astype(int)})
    table["response_rate"] = (table["responses"] / table["followups"]).round(3)
    low, high = _wilson(table["responses"].to_numpy(float), table["followups"].to_numpy(float))
    table["ci_low"], table["ci_high"] = np.round(low, 3), np.round(high, 3)
    return table


def followup_plan(customers: pd.DataFrame, orders: pd.DataFrame, *, as_of,
                  followups: pd.DataFrame | None = None,
                  intervals: dict[str, int] | None = None, min_interval: int = 14,
                  new_days: int = 30) -> pd.DataFrame:
    """Schedule the next follow-up (回访) of every customer by tier and purchase cycle.

    Rules (course design, after the 2025 training deck's "by customer type and purchase
    frequency"):

    - *purpose*: ``onboarding`` for customers who have not bought yet or whose first order
      is less than ``new_days`` old; ``vip_care`` for gold and platinum members;
      ``maintenance`` for everybody else.
    - *interval*: the tier's interval in ``intervals`` (default :data:`TIER_INTERVALS`),
      shortened to the customer's usual gap between orders when that is shorter, never
      below ``min_interval`` days.
    - *next follow-up*: the last follow-up (or sign-up) plus the interval, or ``as_of``
      when that day has passed; onboarding is due at once.
    - *channel*: of the channels the customer consented to, the one with the best response
      rate in ``followups`` (all channels equal without a log); ``none`` without consent.

    Returns
    -------
    pandas.DataFrame
        Indexed by customer: ``membership_tier``, ``purpose``, ``interval_days``,
        ``next_followup`` and ``channel``.
    """
    as_of = to_timestamp(as_of, "as_of")
    intervals = dict(TIER_INTERVALS if intervals is None else intervals)
    need = ["customer_id", "membership_tier", "signup_date",
            "consent_sms", "consent_email", "consent_wechat", "consent_phone"]
    require_columns(customers, need, "customers")
    require_columns(orders, ["customer_id", "order_date"], "orders")
    tiers = customers["membership_tier"].astype(str)
    unknown = sorted(set(tiers) - set(intervals))
    if unknown:
        raise CourseDataError(f"`customers[\"membership_tier\"]` has tier(s) {unknown} without an "
                              f"interval; `intervals` covers {sorted(intervals)}.")
    ids = customers["customer_id"].astype(str)
    plan = pd.DataFrame({"membership_tier": tiers.to_numpy()}, index=pd.Index(ids, name="customer_id"))
    order_days = to_datetime_column(orders, "order_date", "orders")
    past = order_days < as_of
    first = order_days[past].groupby(orders.loc[past, "customer_id"].astype(str)).min().reindex(plan.index)
    new = first.isna() | (first >= as_of - pd.Timedelta(days=int(new_days)))
    plan["purpose"] = np.where(new, "onboarding",
                               np.where(tiers.isin(["gold", "platinum"]).to_numpy(), "vip_care", "maintenance"))
    cycle = purchase_cycle(orders, as_of=as_of, min_orders=2)["usual_gap_days"].reindex(plan.index)
    base = plan["membership_tier"].map(intervals).astype(float)
    interval = np.fmin(base, cycle.to_numpy())
    plan["interval_days"] = np.maximum(interval, min_interval).astype(int)
    last = to_datetime_column(customers, "signup_date", "customers").set_axis(plan.index)
    rates = {c: 0.0 for c in ("phone", "wechat", "sms", "email")}
    if followups is not None:
        require_columns(followups, ["customer_id", "date", "channel", "responded"], "followups")
        dates = to_datetime_column(followups, "date", "followups")
        keep = dates < as_of
        latest = dates[keep].groupby(followups.loc[keep, "customer_id"].astype(str)).max()
        last = latest.reindex(plan.index).fillna(last)
        table = followup_response(followups[keep.to_numpy()])
        rates.update({str(c): float(r) for c, r in table["response_rate"].items() if str(c) in rates})
    due = last + pd.to_timedelta(plan["interval_days"], unit="D")
    due = due.where(due > as_of, as_of)
    plan["next_followup"] = due.where(plan["purpose"] != "onboarding", as_of)
    ranked = sorted(rates, key=lambda c: (-rates[c], c))
    consent = customers[[f"consent_{c}" for c in ranked]].astype(bool).to_numpy()
    best = np.argmax(consent, axis=1)
    plan["channel"] = np.where(consent.any(axis=1), np.asarray(ranked)[best], "none")
    return plan


def care_calendar(customers: pd.DataFrame, orders: pd.DataFrame, *, start, end,
                  loyalty: pd.DataFrame | None = None, surprise_orders: int = 10,
                  holidays: pd.DataFrame | None = None) -> pd.DataFrame:
    """Event-triggered care messages between ``start`` (inclusive) and ``end`` (exclusive).

    Only the customers in ``customers`` get messages (``orders`` and ``loyalty`` may hold
    everybody's rows). Triggers (the 2025 training deck's care plan; the exact rules are
    course design):

    - ``birthday_month``: the first day of the birth month — double points all month;
    - ``surprise``: ``surprise_orders`` or more orders in a calendar month — a custom gift
      and a handwritten card on the first day of the next month;
    - ``anniversary``: the membership anniversary — a thank-you with the year's highlights
      (a relationship milestone: the data hold no life stage such as a due date);
    - ``holiday``: every date of ``holidays`` (default :data:`HOLIDAYS`) — a greeting;
    - ``after_order``: 3 days after an order — a follow-up on the purchase;
    - ``reminder``: 1 day before points expire (``loyalty`` rows of kind ``expire``).

    Returns
    -------
    pandas.DataFrame
        ``date``, ``customer_id``, ``trigger`` and ``message``, sorted by date, customer
        and trigger.

    Examples
    --------
    >>> customers = pd.DataFrame({"customer_id": ["a"], "birth_date": pd.to_datetime(["1990-03-15"]),
    ...     "signup_date": pd.to_datetime(["2023-03-10"])})
    >>> orders = pd.DataFrame({"customer_id": ["a"], "order_date": pd.to_datetime(["2024-02-27"])})
    >>> care_calendar(customers, orders, start="2024-03-01", end="2024-03-31")[["date", "trigger"]]
            date         trigger
    0 2024-03-01  after_order
    1 2024-03-01  birthday_month
    2 2024-03-10     anniversary
    """
    start, end = to_timestamp(start, "start"), to_timestamp(end, "end")
    if end <= start:
        raise CourseDataError(f"`end` ({end.date()}) must come after `start` ({start.date()}).")
    require_columns(customers, ["customer_id", "birth_date", "signup_date"], "customers")
    require_columns(orders, ["customer_id", "order_date"], "orders")
    holidays = HOLIDAYS if holidays is None else holidays
    require_columns(holidays, ["date", "holiday", "holiday_zh"], "holidays")
    ids = customers["customer_id"].astype(str).to_numpy()
    parts = []
    years = range(start.year, end.year + 1)

    def add(dates, who, trigger, message):
        parts.append(pd.DataFrame({"date": pd.to_datetime(np.asarray(dates)).normalize(),
                                   "customer_id": np.asarray(who, dtype=object),
                                   "trigger": trigger, "message": message}))

    birth = to_datetime_column(customers, "birth_date", "customers")
    signup = to_datetime_column(customers, "signup_date", "customers")
    for year in years:
        ok = birth.notna().to_numpy()
        add(pd.to_datetime({"year": year, "month": birth[ok].dt.month, "day": 1}), ids[ok],
            "birthday_month", "Happy birthday month: double points on every order 生日月双倍积分")
        ok = (signup.notna() & (signup.dt.year < year)).to_numpy()
        month, day = signup[ok].dt.month, signup[ok].dt.day.where(
            ~((signup[ok].dt.month == 2) & (signup[ok].dt.day == 29)), 28)
        add(pd.to_datetime({"year": year, "month": month, "day": day}), ids[ok], "anniversary",
            "Membership anniversary: thank you, with your year in styles 入会周年感谢")
    days = to_datetime_column(orders, "order_date", "orders")
    order_ids = orders["customer_id"].astype(str)
    add(days + pd.Timedelta(days=3), order_ids, "after_order",
        "How is your purchase? Tell us, and ask us anything 下单3天回访")
    monthly = pd.DataFrame({"c": order_ids.to_numpy(), "m": days.dt.to_period("M").to_numpy()})
    counts = monthly.groupby(["c", "m"]).size()
    heavy = counts[counts >= surprise_orders].reset_index()
    if len(heavy):
        add((heavy["m"] + 1).dt.start_time, heavy["c"], "surprise",
            "A custom gift and a handwritten card for a loyal month 专属惊喜与手写卡片")
    hol = holidays[(holidays["date"] >= start) & (holidays["date"] < end)]
    for _, row in hol.iterrows():
        add(np.repeat(row["date"], len(ids)), ids, "holiday",
            f"{row['holiday']} greetings {row['holiday_zh']}祝福")
    if loyalty is not None:
        require_columns(loyalty, ["customer_id", "date", "kind"], "loyalty")
        expire = loyalty[loyalty["kind"].astype(str) == "expire"]
        add(to_datetime_column(expire, "date", "loyalty") - pd.Timedelta(days=1),
            expire["customer_id"].astype(str), "reminder",
            "Your points expire tomorrow: redeem them now 积分明日到期提醒")
    calendar = pd.concat(parts, ignore_index=True)
    calendar = calendar[(calendar["date"] >= start) & (calendar["date"] < end)
                        & calendar["customer_id"].isin(set(ids))]    # orders of the given customers only
    calendar = calendar.drop_duplicates(["date", "customer_id", "trigger"])
    return calendar.sort_values(["date", "customer_id", "trigger"], ignore_index=True)


def standards_checklist(touchpoints: pd.DataFrame, *, target: float = 4.0,
                        standards: pd.DataFrame | None = None) -> pd.DataFrame:
    """A checklist of the shared standard per touchpoint with its measured satisfaction.

    ``meets`` is True when the touchpoint's mean rating (1–5) reaches ``target``.

    Examples
    --------
    >>> events = pd.DataFrame({"stage": ["search", "search", "checkout"], "satisfaction": [5, 4, 3]})
    >>> standards_checklist(events)[["satisfaction", "meets"]]
              satisfaction  meets
    stage
    search             4.5   True
    checkout           3.0  False
    """
    standards = TOUCHPOINT_STANDARDS if standards is None else standards
    require_columns(touchpoints, ["stage", "satisfaction"], "touchpoints")
    rating = pd.to_numeric(touchpoints["satisfaction"], errors="coerce")
    mean = rating.groupby(touchpoints["stage"].astype(str)).mean()
    table = standards[standards.index.isin(mean.index)].copy()
    table.insert(0, "stage_zh", [STAGE_NAMES_ZH.get(s, s) for s in table.index])
    table["satisfaction"] = mean.reindex(table.index).round(2)
    table["target"] = target
    table["meets"] = table["satisfaction"] >= target
    return table


# --------------------------------------------------------------------- content by state
#: The need states :func:`contact_state` assigns, in the order tables show them.
CONTACT_STATES: tuple[str, ...] = ("active", "sleeping", "never bought")


def contact_state(campaigns: pd.DataFrame, orders: pd.DataFrame, *, dormant_days: int = 90) -> pd.Series:
    """Each contact's need state on its contact day, from orders placed *before* that day.

    ``active``: the last order is at most ``dormant_days`` old; ``sleeping``: older (the
    3-month dormancy rule of chapter 2); ``never bought``: no order before the contact.

    Examples
    --------
    >>> contacts = pd.DataFrame({"customer_id": ["a", "b", "c"],
    ...     "contact_date": pd.to_datetime(["2024-06-01"] * 3)})
    >>> orders = pd.DataFrame({"customer_id": ["a", "b", "b"],
    ...     "order_date": pd.to_datetime(["2024-05-20", "2024-01-05", "2024-06-01"])})
    >>> contact_state(contacts, orders).tolist()
    ['active', 'sleeping', 'never bought']
    """
    require_columns(campaigns, ["customer_id", "contact_date"], "campaigns")
    require_columns(orders, ["customer_id", "order_date"], "orders")
    contact = pd.DataFrame({"customer_id": campaigns["customer_id"].astype(str).to_numpy(),
                            "day": to_datetime_column(campaigns, "contact_date", "campaigns").to_numpy(),
                            "row": np.arange(len(campaigns))})
    bought = pd.DataFrame({"customer_id": orders["customer_id"].astype(str).to_numpy(),
                           "day": to_datetime_column(orders, "order_date", "orders").dt.normalize().to_numpy()})
    bought = bought.dropna().drop_duplicates()
    bought["last"] = bought["day"]
    merged = pd.merge_asof(contact.sort_values("day"), bought.sort_values("day"), on="day",
                           by="customer_id", allow_exact_matches=False).sort_values("row")
    age = (merged["day"] - merged["last"]).dt.days.to_numpy()
    state = np.select([merged["last"].isna().to_numpy(), age <= dormant_days],
                      ["never bought", "active"], "sleeping")
    return pd.Series(state, index=campaigns.index, name="state")


def offer_uplift(campaigns: pd.DataFrame, orders: pd.DataFrame, *, dormant_days: int = 90) -> pd.DataFrame:
    """Response and conversion of each campaign's offer by the contacts' need state.

    One row per campaign offer and state (:func:`contact_state`): ``contacted`` (customers who
    got the message), ``response_rate`` and ``conversion`` among them, ``control_conversion``
    among the customers held out (NaN for a campaign without a control group) and ``uplift``,
    conversion minus control conversion — the orders the message itself added.

    Examples
    --------
    >>> contacts = pd.DataFrame({"customer_id": list("abcd"), "contact_date": ["2024-06-01"] * 4,
    ...     "offer": ["gift"] * 4, "group": ["treatment", "treatment", "control", "control"],
    ...     "responded": [True, False, False, False], "converted": [True, False, False, True]})
    >>> orders = pd.DataFrame({"customer_id": list("abcd"), "order_date": ["2024-05-01"] * 4})
    >>> offer_uplift(contacts, orders)[["contacted", "conversion", "control_conversion", "uplift"]]
                    contacted  conversion  control_conversion  uplift
    offer state
    gift  active            2         0.5                 0.5     0.0
    """
    require_columns(campaigns, ["customer_id", "contact_date", "offer", "group", "responded", "converted"],
                    "campaigns")
    frame = pd.DataFrame({"offer": campaigns["offer"].astype(str).to_numpy(),
                          "state": contact_state(campaigns, orders, dormant_days=dormant_days).to_numpy(),
                          "treated": campaigns["group"].astype(str).eq("treatment").to_numpy(),
                          "responded": _bool_column(campaigns, "responded", "campaigns").to_numpy(),
                          "converted": _bool_column(campaigns, "converted", "campaigns").to_numpy()})
    keys = ["offer", "state"]
    treated = frame[frame["treated"]].groupby(keys)
    table = pd.DataFrame({"contacted": treated.size(),
                          "response_rate": treated["responded"].mean(),
                          "conversion": treated["converted"].mean()})
    control = frame[~frame["treated"]].groupby(keys)["converted"].mean()
    table["control_conversion"] = control.reindex(table.index)
    table["uplift"] = table["conversion"] - table["control_conversion"]
    order = {s: i for i, s in enumerate(CONTACT_STATES)}
    table = table.sort_index(level=1, key=lambda idx: idx.map(order)).sort_index(level=0, sort_remaining=False)
    return table.round(3)
