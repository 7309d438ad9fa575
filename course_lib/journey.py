"""Customer journeys: touchpoint events → journeys, the journey map, the touchpoint
thermometer and need signals (analytics layer).

Chapter 3 of the course ("Communication strategy and channel integration",
``notebooks/03_communication.ipynb``) is built on this module:

- :func:`build_journeys` turns touchpoint events into one row per journey (the ordered
  channels and stages, whether it ended in an order); :func:`customer_journeys` sums them up
  per customer.
- :func:`journey_map` is the customer journey map: the key touchpoints (:data:`STAGES`) in
  order, how many journeys reach each, the conversion and drop-off between them (a funnel),
  satisfaction at each; :func:`standards_checklist` sets each touchpoint's satisfaction
  against the shared :data:`TOUCHPOINT_STANDARDS`.
- :func:`thermometer` is the touchpoint thermometer (触点温度计): satisfaction per touchpoint
  and month against control limits (a p-chart of low ratings or an X-bar chart of the mean),
  and :func:`problem_touchpoints` names the touchpoints that keep falling outside them.
- :data:`SIGNALS`, :func:`need_signals` and :func:`score_signals`: the seven need signals as
  documented rules per customer, scored against what the customer did next
  (:func:`next_purchase`); :func:`purchase_cycle` finds an abnormal gap in a customer's usual
  purchase cycle and suggests when to get in touch.

What used to live here as well has a module of its own; its names stay importable from
here, so ``journey.markov_attribution`` (a DESIGN.md §3 contract) and
``journey.followup_plan`` keep working (loaded from their new module on first use):

- :mod:`course_lib.attribution` — first/last touch, linear, time decay, Markov, Shapley,
  ``attribution_table``, ``AttributionWarning``;
- :mod:`course_lib.followup` — ``followup_response``, ``followup_plan``, ``care_calendar``,
  ``contact_state``, ``offer_uplift``, ``TIER_INTERVALS``, ``HOLIDAYS``, ``CONTACT_STATES``
  (follow-up builds on :func:`purchase_cycle`, so importing it here eagerly would be circular).

Examples
--------
>>> events = pd.DataFrame({"journey_id": ["J1", "J1"], "customer_id": ["C1", "C1"],
...     "timestamp": pd.to_datetime(["2024-03-01", "2024-03-02"]), "channel": ["social", "email"],
...     "stage": ["ad_view", "checkout"], "converted": [True, True]})
>>> build_journeys(events).loc["J1", "path"]
('social', 'email')
"""

from __future__ import annotations

import importlib
from collections.abc import Sequence

import numpy as np
import pandas as pd

from .language import N_, translated_columns
from .validation import (
    CourseDataError,
    require_columns,
    require_frame,
    require_no_missing,
    require_non_empty,
    require_number,
    require_whole,
    to_datetime_column,
    to_timestamp,
)

#: Names that moved to a module of their own, by that module; resolved on first use (see
#: ``__getattr__``): :mod:`course_lib.followup` builds on :func:`purchase_cycle`, so importing
#: it here at load time would be circular.
_MOVED = {
    "attribution": (
        "AttributionWarning",
        "first_touch",
        "last_touch",
        "linear",
        "time_decay",
        "markov_attribution",
        "shapley_attribution",
        "attribution_table",
    ),
    "followup": (
        "TIER_INTERVALS",
        "HOLIDAYS",
        "CONTACT_STATES",
        "followup_response",
        "followup_plan",
        "care_calendar",
        "contact_state",
        "offer_uplift",
    ),
}
_HOME = {name: module for module, names in _MOVED.items() for name in names}

__all__ = [
    "STAGES",
    "STAGE_NAMES_ZH",
    "SIGNALS",  # noqa: F822 - from __getattr__, in the course's language
    "TOUCHPOINT_STANDARDS",  # noqa: F822 - from __getattr__, in the course's language
    "build_journeys",
    "customer_journeys",
    "journey_map",
    "standards_checklist",
    "thermometer",
    "thermometer_summary",
    "problem_touchpoints",
    "purchase_cycle",
    "need_signals",
    "next_purchase",
    "score_signals",
    *_HOME,  # re-exported from course_lib.attribution and course_lib.followup
]

#: The journey-map touchpoints of the course data, in the order a journey passes them.
STAGES: tuple[str, ...] = (
    "ad_view",
    "search",
    "content",
    "mini_program_browse",
    "consultation",
    "store_visit",
    "checkout",
    "after_sales",
)

#: Chinese names of the touchpoints.
STAGE_NAMES_ZH: dict[str, str] = {
    "ad_view": "广告曝光",
    "search": "主动搜索",
    "content": "内容浏览",
    "mini_program_browse": "小程序浏览",
    "consultation": "咨询",
    "store_visit": "门店到访",
    "checkout": "下单结算",
    "after_sales": "售后",
}

#: The seven need signals, read as ``SIGNALS`` (its ``source`` and ``rule`` in the course's
#: language, see :func:`__getattr__`). The 2025 training deck names the first three; the other
#: four are the course's own design. ``expects`` says what a flagged customer is expected to do
#: next: ``purchase`` (a need to serve now) or ``lapse`` (a relationship at risk).
_SIGNALS = pd.DataFrame(
    [
        (
            "product_search",
            "主动搜索产品",
            N_("2025 training deck"),
            N_("searched for products (touchpoint stage `search`) in the last `window_days`"),
            "purchase",
        ),
        (
            "negative_feedback",
            "负面评价",
            N_("2025 training deck"),
            N_(
                "opened a service ticket whose text reads negative in the last `window_days` "
                "(our stand-in for negative social-media comments)"
            ),
            "lapse",
        ),
        (
            "cycle_gap",
            "购买周期异常",
            N_("2025 training deck"),
            N_(
                "days since the last order exceed `factor` × the customer's usual gap between orders "
                "(at least 3 orders)"
            ),
            "lapse",
        ),
        (
            "consultation",
            "主动咨询",
            N_("course design"),
            N_("asked an advisor (touchpoint stage `consultation`) in the last `window_days`"),
            "purchase",
        ),
        (
            "abandoned_checkout",
            "放弃结算",
            N_("course design"),
            N_("reached checkout in a journey that did not end in an order, in the last `window_days`"),
            "purchase",
        ),
        (
            "detractor",
            "低分评价",
            N_("course design"),
            N_("gave an NPS of 0–6 in a survey in the last 90 days"),
            "lapse",
        ),
        (
            "campaign_response",
            "回应营销",
            N_("course design"),
            N_("responded to a campaign message without ordering, in the last `window_days`"),
            "purchase",
        ),
    ],
    columns=["signal", "signal_zh", "source", "rule", "expects"],
).set_index("signal")

#: Shared service standards per touchpoint (course design): what every channel promises; read
#: as ``TOUCHPOINT_STANDARDS`` (``standard`` and ``measure`` in the course's language).
_TOUCHPOINT_STANDARDS = pd.DataFrame(
    [
        (
            "ad_view",
            N_("ads show the price and offer that the store and app honour"),
            N_("offer consistency"),
        ),
        (
            "search",
            N_("the top results answer the query; out-of-stock items are marked"),
            N_("search satisfaction"),
        ),
        (
            "content",
            N_("content is useful without buying; every piece links to a next step"),
            N_("content rating"),
        ),
        (
            "mini_program_browse",
            N_("pages load in under 2 s; member price and points are visible"),
            N_("browse satisfaction"),
        ),
        (
            "consultation",
            N_("a first reply within 2 minutes; the advisor sees the customer's history"),
            N_("consultation rating"),
        ),
        (
            "store_visit",
            N_("staff greet within 30 s and recognise members from the app code"),
            N_("visit rating"),
        ),
        (
            "checkout",
            N_("three steps at most; every payment method of every channel works"),
            N_("checkout rating"),
        ),
        (
            "after_sales",
            N_("a reply within 1 hour; returns accepted in any channel"),
            N_("after-sales rating"),
        ),
    ],
    columns=["stage", "standard", "measure"],
).set_index("stage")


# --------------------------------------------------------------------------- journeys
def _bool_column(frame: pd.DataFrame, column: str, arg: str) -> pd.Series:
    values = frame[column]
    if pd.api.types.is_bool_dtype(values):
        return values.astype(bool)
    ok = values.isin([0, 1, True, False]) & values.notna()
    if not ok.all():
        bad = values[~ok].iloc[0]
        raise CourseDataError(f'`{arg}["{column}"]` must hold True/False or 0/1; found {bad!s}.')
    return values.astype(int).astype(bool)


def build_journeys(
    touchpoints: pd.DataFrame,
    *,
    journey: str = "journey_id",
    customer: str = "customer_id",
    time: str = "timestamp",
    channel: str = "channel",
    stage: str = "stage",
    converted: str = "converted",
) -> pd.DataFrame:
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
    events = pd.DataFrame(
        {
            "journey": touchpoints[journey].to_numpy(),
            "customer": touchpoints[customer].astype(str).to_numpy(),
            "time": times.to_numpy(),
            "channel": touchpoints[channel].astype(str).to_numpy(),
            "stage": touchpoints[stage].astype(str).to_numpy(),
            "converted": outcome.to_numpy(),
            "order": np.arange(len(touchpoints)),
        }
    ).sort_values(["journey", "time", "order"], kind="stable")
    groups = events.groupby("journey", sort=True)
    if (groups["customer"].nunique() > 1).any():
        bad = groups["customer"].nunique()
        first = bad[bad > 1].index[0]
        raise CourseDataError(
            f'`touchpoints["{journey}"]` {first!s} belongs to more than one customer; '
            "a journey is one customer's sequence of touchpoints."
        )
    result = pd.DataFrame(
        {
            "customer_id": groups["customer"].first(),
            "start": groups["time"].min(),
            "end": groups["time"].max(),
            "touches": groups.size(),
            "path": groups["channel"].agg(tuple),
            "stages": groups["stage"].agg(tuple),
            "converted": groups["converted"].any(),
        }
    )
    result.index.name = journey
    return result


def customer_journeys(journeys: pd.DataFrame) -> pd.DataFrame:
    """Per customer: number of journeys, converted journeys, conversion rate and touches.

    Parameters
    ----------
    journeys : pandas.DataFrame
        The output of :func:`build_journeys`.

    Returns
    -------
    pandas.DataFrame
        Indexed by ``customer_id`` (sorted): ``journeys``, ``conversions``,
        ``conversion_rate``, ``touches``, ``first_start`` and ``last_end``.

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
    table = pd.DataFrame(
        {
            "journeys": grouped.size(),
            "conversions": grouped["converted"].sum().astype(int),
            "touches": grouped["touches"].sum().astype(int),
            "first_start": grouped["start"].min(),
            "last_end": grouped["end"].max(),
        }
    )
    table.insert(2, "conversion_rate", table["conversions"] / table["journeys"])
    return table


def _stage_codes(touchpoints: pd.DataFrame, stages: Sequence[str], stage: str) -> np.ndarray:
    known = {name: i for i, name in enumerate(stages)}
    values = touchpoints[stage].astype(str)
    unknown = sorted(set(values.unique()) - set(known))
    if unknown:
        raise CourseDataError(
            f'`touchpoints["{stage}"]` has stage(s) {unknown} that are not in `stages` '
            f"{list(stages)}; pass the full ordered list of stages."
        )
    return values.map(known).to_numpy(dtype=int)


def journey_map(
    touchpoints: pd.DataFrame,
    *,
    stages: Sequence[str] = STAGES,
    journey: str = "journey_id",
    stage: str = "stage",
    satisfaction: str = "satisfaction",
    converted: str = "converted",
) -> pd.DataFrame:
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
    journey, stage, satisfaction, converted : str
        Column names: journey id, touchpoint, rating 1–5 (may be missing) and outcome.

    Returns
    -------
    pandas.DataFrame
        Indexed by ``stage`` in the order of ``stages``: ``reached``, ``reach``,
        ``step_conversion``, ``drop_off``, ``touched``, ``order_rate`` and ``satisfaction``.

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
    events = pd.DataFrame(
        {
            "journey": touchpoints[journey].to_numpy(),
            "code": codes,
            "converted": outcome.to_numpy(),
            "rating": rating.to_numpy(),
        }
    )
    deepest = events.groupby("journey")["code"].max()
    n_journeys = len(deepest)
    counts = np.bincount(deepest.to_numpy(), minlength=len(stages))
    reached = counts[::-1].cumsum()[::-1]
    touched_pairs = events.drop_duplicates(["journey", "code"])
    touched = np.bincount(touched_pairs["code"], minlength=len(stages))
    ordered = np.bincount(
        touched_pairs["code"], weights=touched_pairs["converted"].astype(float), minlength=len(stages)
    )
    mean_rating = events.groupby("code")["rating"].mean().reindex(range(len(stages)))
    with np.errstate(divide="ignore", invalid="ignore"):
        step = np.append(reached[1:] / reached[:-1], np.nan)
        order_rate = np.where(touched > 0, ordered / np.maximum(touched, 1), np.nan)
    step = np.where(np.isfinite(step), step, np.nan)
    table = pd.DataFrame(
        {
            "reached": reached.astype(int),
            "reach": (reached / n_journeys).round(3),
            "step_conversion": np.round(step, 3),
            "drop_off": np.round(1 - step, 3),
            "touched": touched.astype(int),
            "order_rate": np.round(order_rate, 3),
            "satisfaction": mean_rating.to_numpy().round(2),
        },
        index=pd.Index(list(stages), name="stage"),
    )
    return table


def thermometer(
    touchpoints: pd.DataFrame,
    *,
    chart: str = "p",
    low: int = 2,
    freq: str = "MS",
    sigma: float = 3.0,
    stages: Sequence[str] | None = None,
    time: str = "timestamp",
    stage: str = "stage",
    satisfaction: str = "satisfaction",
) -> pd.DataFrame:
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

    Parameters
    ----------
    touchpoints : pandas.DataFrame
        One row per event with the ``time``, ``stage`` and ``satisfaction`` columns.
    chart : {"p", "xbar"}
        The kind of control chart.
    low : float
        Ratings at or below this count as low (p-chart).
    freq : str
        The period, a pandas frequency such as ``"MS"`` (months).
    sigma : float
        The width of the control limits in standard errors (> 0).
    stages : sequence of str, optional
        Which touchpoints, in this order (default: those present, in :data:`STAGES` order).
    time, stage, satisfaction : str
        Column names.

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
    sigma = require_number(sigma, "sigma", low=0, low_open=True)
    low = require_number(low, "low")
    require_columns(touchpoints, [time, stage, satisfaction], "touchpoints")
    require_non_empty(touchpoints, "touchpoints")
    times = to_datetime_column(touchpoints, time, "touchpoints")
    rating = pd.to_numeric(touchpoints[satisfaction], errors="coerce")
    events = pd.DataFrame(
        {
            "stage": touchpoints[stage].astype(str).to_numpy(),
            "period": times.dt.to_period(freq[0] if freq in ("MS", "M") else freq).dt.start_time.to_numpy(),
            "rating": rating.to_numpy(),
        }
    ).dropna(subset=["rating"])
    if events.empty:
        raise CourseDataError(
            f'`touchpoints["{satisfaction}"]` has no ratings; the thermometer needs rated touchpoints.'
        )
    if stages is None:
        present = set(events["stage"])
        stages = [s for s in STAGES if s in present] + sorted(present - set(STAGES))
    events = events[events["stage"].isin(list(stages))]
    events["low"] = events["rating"] <= low
    grouped = events.groupby(["stage", "period"], sort=False)
    table = grouped.agg(n=("rating", "size"), mean=("rating", "mean"), low=("low", "mean")).reset_index()
    order = {s: i for i, s in enumerate(stages)}
    table = table.sort_values(
        ["stage", "period"], key=lambda c: c.map(order) if c.name == "stage" else c, ignore_index=True
    )
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
    return pd.DataFrame(
        {
            "stage": table["stage"],
            "period": table["period"],
            "n": table["n"].astype(int),
            "value": np.round(value, 4),
            "center": round(center, 4),
            "lcl": np.round(lcl, 4),
            "ucl": np.round(ucl, 4),
            "flag": flag,
        }
    )


def thermometer_summary(thermo: pd.DataFrame, *, min_share: float = 0.5) -> pd.DataFrame:
    """Per touchpoint: periods, flagged periods, their share and whether it is a problem.

    A touchpoint is a *problem touchpoint* when at least ``min_share`` of its periods are
    flagged by :func:`thermometer`.

    Parameters
    ----------
    thermo : pandas.DataFrame
        The output of :func:`thermometer`.
    min_share : float
        The share of flagged periods (0 < share ≤ 1) that makes a problem touchpoint.

    Returns
    -------
    pandas.DataFrame
        Indexed by ``stage``: ``periods``, ``flagged``, ``share_flagged``, ``mean_value``
        and ``problem``.

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
    min_share = require_number(min_share, "min_share", low=0, high=1, low_open=True)
    grouped = thermo.groupby("stage", sort=False)
    table = pd.DataFrame(
        {
            "periods": grouped.size(),
            "flagged": grouped["flag"].sum().astype(int),
        }
    )
    table["share_flagged"] = (table["flagged"] / table["periods"]).round(3)
    table["mean_value"] = grouped["value"].mean().round(3)
    table["problem"] = table["share_flagged"] >= min_share
    table.index.name = "stage"
    return table


def problem_touchpoints(thermo: pd.DataFrame, *, min_share: float = 0.5) -> list[str]:
    """The touchpoints flagged in at least ``min_share`` of their periods, in journey order.

    Parameters
    ----------
    thermo : pandas.DataFrame
        The output of :func:`thermometer`.
    min_share : float
        As for :func:`thermometer_summary`.

    Returns
    -------
    list of str
        The problem touchpoints' names, in the order of ``thermo``.

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


def purchase_cycle(
    orders: pd.DataFrame,
    *,
    as_of: str | pd.Timestamp,
    factor: float = 1.5,
    min_orders: int = 3,
    lead_days: int = 3,
    customer: str = "customer_id",
    date: str = "order_date",
) -> pd.DataFrame:
    """Each repeat customer's usual purchase cycle, an abnormal gap, and when to get in touch.

    The usual gap is the median number of days between a customer's consecutive order
    days before ``as_of``. A gap is *abnormal* when the days since the last order exceed
    ``factor`` × the usual gap. The suggested contact day is ``lead_days`` before the next
    order is due (last order + usual gap), or ``as_of`` itself when that day has passed.

    Parameters
    ----------
    orders : pandas.DataFrame
        One row per order.
    as_of : str or pandas.Timestamp
        The day of the analysis; later orders are ignored.
    factor : float
        How many usual gaps of silence count as abnormal (> 0).
    min_orders : int
        Customers need at least this many distinct order days for a usual cycle (≥ 2).
    lead_days : int
        How many days before the next order is due to get in touch.
    customer, date : str
        Column names of the customer id and the order date.

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
    factor = require_number(factor, "factor", low=0, low_open=True)
    min_orders = require_whole(min_orders, "min_orders", low=2)
    lead_days = require_whole(lead_days, "lead_days", low=0)
    days = to_datetime_column(orders, date, "orders").dt.normalize()
    frame = pd.DataFrame({"customer": orders[customer].astype(str).to_numpy(), "day": days.to_numpy()})
    frame = frame[frame["day"] < as_of].drop_duplicates().sort_values(["customer", "day"])
    frame["gap"] = frame.groupby("customer")["day"].diff().dt.days
    grouped = frame.groupby("customer")
    table = pd.DataFrame(
        {"orders": grouped.size(), "usual_gap_days": grouped["gap"].median(), "last": grouped["day"].max()}
    )
    table = table[table["orders"] >= min_orders]
    table["days_since_last"] = (as_of - table["last"]).dt.days.astype(int)
    table["gap_ratio"] = (table["days_since_last"] / table["usual_gap_days"]).round(2)
    table["abnormal"] = table["days_since_last"] > factor * table["usual_gap_days"]
    table["next_due"] = table["last"] + pd.to_timedelta(table["usual_gap_days"].round(), unit="D")
    contact = table["next_due"] - pd.Timedelta(days=lead_days)
    table["suggested_contact"] = contact.where(contact > as_of, as_of)
    table.index.name = "customer_id"
    return table.drop(columns="last")


def need_signals(
    customers: pd.DataFrame,
    *,
    orders: pd.DataFrame,
    touchpoints: pd.DataFrame,
    tickets: pd.DataFrame,
    surveys: pd.DataFrame,
    campaigns: pd.DataFrame,
    as_of: str | pd.Timestamp,
    window_days: int = 30,
    factor: float = 1.5,
) -> pd.DataFrame:
    """Flag the seven need signals of :data:`SIGNALS` for every customer as of a day.

    Only events before ``as_of`` count, so the flags can be scored against what happened
    afterwards (:func:`score_signals`).

    Parameters
    ----------
    customers : pandas.DataFrame
        The customers to flag (``customer_id``).
    orders, touchpoints, tickets, surveys, campaigns : pandas.DataFrame
        The course tables, with the columns each rule of :data:`SIGNALS` reads.
    as_of : str or pandas.Timestamp
        The day of the flags.
    window_days : int
        How far back the recent-event signals look (≥ 1).
    factor : float
        Passed to :func:`purchase_cycle` for the ``cycle_gap`` signal.

    Returns
    -------
    pandas.DataFrame
        Indexed by ``customer_id`` (every customer of ``customers``), one boolean column
        per signal in the order of :data:`SIGNALS`.

    Examples
    --------
    >>> day = pd.to_datetime(["2024-05-28"])
    >>> flags = need_signals(pd.DataFrame({"customer_id": ["a", "b"]}),
    ...     orders=pd.DataFrame({"customer_id": ["a"], "order_date": day}),
    ...     touchpoints=pd.DataFrame({"customer_id": ["b"], "timestamp": day, "stage": ["search"],
    ...                               "converted": [False]}),
    ...     tickets=pd.DataFrame({"customer_id": ["a"], "opened_at": day, "sentiment": ["negative"]}),
    ...     surveys=pd.DataFrame({"customer_id": ["a"], "survey_date": day, "nps": [9]}),
    ...     campaigns=pd.DataFrame({"customer_id": ["a"], "contact_date": day, "responded": [False],
    ...                             "converted": [False]}), as_of="2024-06-01")
    >>> flags.columns[flags.any()].tolist()
    ['product_search', 'negative_feedback']
    >>> flags.index[flags["product_search"]].tolist()
    ['b']
    """
    as_of = to_timestamp(as_of, "as_of")
    window_days = require_whole(window_days, "window_days", low=1)
    ids = _customer_ids(customers)
    start = as_of - pd.Timedelta(days=window_days)
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
    flags["negative_feedback"] = who(
        tickets, "opened_at", "tickets", tickets["sentiment"].astype(str) == "negative"
    )
    cycle = purchase_cycle(orders, as_of=as_of, factor=factor)
    flags["cycle_gap"] = ids.isin(cycle.index[cycle["abnormal"]])
    flags["consultation"] = who(touchpoints, "timestamp", "touchpoints", tp_stage == "consultation")
    not_converted = ~_bool_column(touchpoints, "converted", "touchpoints")
    flags["abandoned_checkout"] = who(
        touchpoints, "timestamp", "touchpoints", (tp_stage == "checkout") & not_converted
    )
    flags["detractor"] = who(
        surveys,
        "survey_date",
        "surveys",
        pd.to_numeric(surveys["nps"], errors="coerce") <= 6,
        since=as_of - pd.Timedelta(days=90),
    )
    responded = _bool_column(campaigns, "responded", "campaigns")
    flags["campaign_response"] = who(
        campaigns, "contact_date", "campaigns", responded & ~_bool_column(campaigns, "converted", "campaigns")
    )
    return flags[list(_SIGNALS.index)]


def next_purchase(
    orders: pd.DataFrame, customers: pd.DataFrame, *, as_of: str | pd.Timestamp, horizon_days: int = 30
) -> pd.Series:
    """Whether each customer ordered in the ``horizon_days`` from ``as_of`` (inclusive).

    Parameters
    ----------
    orders : pandas.DataFrame
        ``customer_id`` and ``order_date``.
    customers : pandas.DataFrame
        The customers to report (``customer_id``).
    as_of : str or pandas.Timestamp
        The first day of the window.
    horizon_days : int
        The window's length in days (≥ 1).

    Returns
    -------
    pandas.Series
        ``purchased`` (bool) indexed by ``customer_id``.

    Examples
    --------
    >>> customers = pd.DataFrame({"customer_id": ["a", "b"]})
    >>> orders = pd.DataFrame({"customer_id": ["a", "b"],
    ...     "order_date": pd.to_datetime(["2024-06-10", "2024-08-01"])})
    >>> next_purchase(orders, customers, as_of="2024-06-01").to_dict()
    {'a': True, 'b': False}
    """
    as_of = to_timestamp(as_of, "as_of")
    horizon_days = require_whole(horizon_days, "horizon_days", low=1)
    ids = _customer_ids(customers)
    require_columns(orders, ["customer_id", "order_date"], "orders")
    days = to_datetime_column(orders, "order_date", "orders")
    keep = (days >= as_of) & (days < as_of + pd.Timedelta(days=horizon_days))
    return pd.Series(
        ids.isin(orders.loc[keep, "customer_id"].astype(str).unique()), index=ids, name="purchased"
    )


def score_signals(flags: pd.DataFrame, purchased: pd.Series) -> pd.DataFrame:
    """Score each signal against what happened next: precision, coverage and lift.

    For a signal that ``expects`` a purchase, a *hit* is a flagged customer who then
    bought; for one that expects a lapse, a flagged customer who then did not. Precision
    is the share of flagged customers who were hits, coverage the share of all customers
    with that outcome who were flagged, lift the precision divided by the base rate.
    Signals not in :data:`SIGNALS` are taken to expect a purchase.

    Parameters
    ----------
    flags : pandas.DataFrame
        One boolean column per signal, indexed by customer (:func:`need_signals`).
    purchased : pandas.Series
        Whether each customer bought afterwards, on the same index (:func:`next_purchase`).

    Returns
    -------
    pandas.DataFrame
        Indexed by ``signal``: ``expects``, ``flagged``, ``precision``, ``coverage``,
        ``base_rate`` and ``lift``.

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
        raise TypeError(
            f"`purchased` must be a pandas Series indexed by customer; got {type(purchased).__name__}."
        )
    missing = flags.index.difference(purchased.index)
    if len(missing):
        raise CourseDataError(
            f"`purchased` has no value for {len(missing)} flagged customer(s), "
            f"first {missing[0]!s}; index both by the same customers."
        )
    bought = purchased.reindex(flags.index).astype(bool).to_numpy()
    rows = []
    for name in flags.columns:
        flagged = flags[name].astype(bool).to_numpy()
        expects = _SIGNALS["expects"].get(name, "purchase")
        outcome = bought if expects == "purchase" else ~bought
        n_flagged = int(flagged.sum())
        hits = int((flagged & outcome).sum())
        base = float(outcome.mean())
        precision = hits / n_flagged if n_flagged else np.nan
        rows.append(
            (
                name,
                expects,
                n_flagged,
                precision,
                hits / outcome.sum() if outcome.sum() else np.nan,
                base,
                round(precision / base, 2) if base and n_flagged else np.nan,
            )
        )
    return pd.DataFrame(
        rows, columns=["signal", "expects", "flagged", "precision", "coverage", "base_rate", "lift"]
    ).set_index("signal")


def standards_checklist(
    touchpoints: pd.DataFrame, *, target: float = 4.0, standards: pd.DataFrame | None = None
) -> pd.DataFrame:
    """A checklist of the shared standard per touchpoint with its measured satisfaction.

    ``meets`` is True when the touchpoint's mean rating (1–5) reaches ``target``.

    Parameters
    ----------
    touchpoints : pandas.DataFrame
        One row per event with ``stage`` and ``satisfaction``.
    target : float
        The rating (1–5) every touchpoint should reach.
    standards : pandas.DataFrame, optional
        The standards by stage (default :data:`TOUCHPOINT_STANDARDS`).

    Returns
    -------
    pandas.DataFrame
        Indexed by ``stage`` (the touchpoints present, in the order of ``standards``):
        ``stage_zh``, ``standard``, ``measure``, ``satisfaction``, ``target`` and ``meets``.

    Examples
    --------
    >>> events = pd.DataFrame({"stage": ["search", "search", "checkout"], "satisfaction": [5, 4, 3]})
    >>> standards_checklist(events)[["satisfaction", "meets"]]
              satisfaction  meets
    stage
    search             4.5   True
    checkout           3.0  False
    """
    target = require_number(target, "target", low=1, high=5)
    standards = _TOUCHPOINT_STANDARDS if standards is None else standards
    require_columns(touchpoints, ["stage", "satisfaction"], "touchpoints")
    rating = pd.to_numeric(touchpoints["satisfaction"], errors="coerce")
    mean = rating.groupby(touchpoints["stage"].astype(str)).mean()
    table = standards[standards.index.isin(mean.index)].copy()
    table.insert(0, "stage_zh", [STAGE_NAMES_ZH.get(s, s) for s in table.index])
    table["satisfaction"] = mean.reindex(table.index).round(2)
    table["target"] = target
    table["meets"] = table["satisfaction"] >= target
    return _in_language(table, ["standard", "measure"])


_in_language = translated_columns  # the course's one way to translate a table's prose


#: The tables whose prose follows the course's language, by public name.
_LOCALIZED = {
    "SIGNALS": (lambda: _SIGNALS, ("source", "rule")),
    "TOUCHPOINT_STANDARDS": (lambda: _TOUCHPOINT_STANDARDS, ("standard", "measure")),
}


# ------------------------------------------------------------------------ re-exports
def __getattr__(name: str):
    """A name that moved, from its new module (``journey.markov_attribution`` keeps working);
    :data:`SIGNALS` and :data:`TOUCHPOINT_STANDARDS` with their prose in the course's language.

    Examples
    --------
    >>> from course_lib import journey
    >>> from course_lib.language import set_language
    >>> journey.SIGNALS.loc["detractor", "source"]
    'course design'
    >>> set_language("zh"); journey.SIGNALS.loc["detractor", "source"]
    '课程设计'
    >>> set_language(None)
    """
    if name in _LOCALIZED:
        table, columns = _LOCALIZED[name]
        return _in_language(table().copy(), columns)
    if name not in _HOME:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__package__}.{_HOME[name]}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_HOME) | set(_LOCALIZED))
