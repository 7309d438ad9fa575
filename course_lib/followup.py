"""Follow-up (回访), care and content by need state (analytics layer).

Chapter 3 ("Communication strategy and channel integration", ``notebooks/03_communication.ipynb``)
turns the journey analysis into contact plans with this module:

- :func:`followup_response` summarises a follow-up log: response rate per channel (or any
  grouping) with Wilson's 95 % interval.
- :func:`followup_plan` schedules every customer's next follow-up by membership tier
  (:data:`TIER_INTERVALS`) and purchase cycle (:func:`course_lib.journey.purchase_cycle`),
  on the consented channel that answers best.
- :func:`care_calendar` lists the event-triggered care messages of a period: birthday
  month, a loyal month's surprise, membership anniversary, :data:`HOLIDAYS`, after an order,
  points about to expire.
- :func:`contact_state` tells whether a contacted customer was active, sleeping or had never
  bought (:data:`CONTACT_STATES`); :func:`offer_uplift` compares each campaign's offer by that
  state, against its control group where it has one.

The same names stay importable from :mod:`course_lib.journey`, where they lived before.

Examples
--------
>>> log = pd.DataFrame({"channel": ["phone", "phone", "sms"], "responded": [True, True, False]})
>>> followup_response(log)["response_rate"].to_dict()
{'phone': 1.0, 'sms': 0.0}
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from statistics import NormalDist

import numpy as np
import pandas as pd

from .journey import _bool_column, purchase_cycle
from .language import language, tr
from .validation import (
    CourseDataError,
    require_columns,
    require_non_empty,
    require_whole,
    to_datetime_column,
    to_timestamp,
)

__all__ = [
    "TIER_INTERVALS",
    "HOLIDAYS",
    "CONTACT_STATES",
    "followup_response",
    "followup_plan",
    "care_calendar",
    "contact_state",
    "offer_uplift",
]

#: Follow-up (回访) interval in days by membership tier (course design).
TIER_INTERVALS: dict[str, int] = {"platinum": 30, "gold": 45, "silver": 60, "member": 90}

#: Holidays and shopping festivals the care calendar greets customers on (2023–2025).
HOLIDAYS = (
    pd.DataFrame(
        [
            (f"{year}-{day}", name, zh)
            for year in (2023, 2024, 2025)
            for day, name, zh in (
                ("05-20", "520", "520告白日"),
                ("06-18", "618 festival", "618购物节"),
                ("11-11", "Double 11", "双十一"),
            )
        ]
        + [
            ("2023-01-22", "Spring Festival", "春节"),
            ("2024-02-10", "Spring Festival", "春节"),
            ("2025-01-29", "Spring Festival", "春节"),
            ("2023-08-22", "Qixi", "七夕"),
            ("2024-08-10", "Qixi", "七夕"),
            ("2025-08-29", "Qixi", "七夕"),
            ("2023-09-29", "Mid-Autumn", "中秋"),
            ("2024-09-17", "Mid-Autumn", "中秋"),
            ("2025-10-06", "Mid-Autumn", "中秋"),
            ("2023-12-22", "Winter Solstice", "冬至"),
            ("2024-12-21", "Winter Solstice", "冬至"),
            ("2025-12-21", "Winter Solstice", "冬至"),
        ],
        columns=["date", "holiday", "holiday_zh"],
    )
    .assign(date=lambda f: pd.to_datetime(f["date"]))
    .sort_values("date", ignore_index=True)
)


def _wilson(successes: np.ndarray, n: np.ndarray, confidence: float = 0.95):
    z = NormalDist().inv_cdf(0.5 + confidence / 2)
    p = successes / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * np.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return centre - half, centre + half


def followup_response(
    followups: pd.DataFrame, *, by: str | Sequence[str] = "channel", responded: str = "responded"
) -> pd.DataFrame:
    """Follow-up (回访) log summary: count, responses and response rate with a 95 % interval.

    The interval is Wilson's score interval, which stays inside 0–1 for small groups.

    Parameters
    ----------
    followups : pandas.DataFrame
        The follow-up log, one row per follow-up, with the ``by`` and ``responded`` columns.
    by : str or sequence of str
        The column(s) to group by (the channel by default).
    responded : str
        The column saying whether the customer answered (True/False or 0/1).

    Returns
    -------
    pandas.DataFrame
        One row per group: ``followups``, ``responses``, ``response_rate``, ``ci_low`` and
        ``ci_high``, rounded to three decimals.

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


def followup_plan(
    customers: pd.DataFrame,
    orders: pd.DataFrame,
    *,
    as_of: str | pd.Timestamp,
    followups: pd.DataFrame | None = None,
    intervals: Mapping[str, int] | None = None,
    min_interval: int = 14,
    new_days: int = 30,
) -> pd.DataFrame:
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

    Parameters
    ----------
    customers : pandas.DataFrame
        One row per customer with ``customer_id``, ``membership_tier``, ``signup_date`` and
        the ``consent_sms``, ``consent_email``, ``consent_wechat``, ``consent_phone`` flags.
    orders : pandas.DataFrame
        One row per order with ``customer_id`` and ``order_date``.
    as_of : str or pandas.Timestamp
        The planning day; later orders and follow-ups are ignored.
    followups : pandas.DataFrame, optional
        The follow-up log (``customer_id``, ``date``, ``channel``, ``responded``).
    intervals : mapping of str to int, optional
        Days between follow-ups per tier (default :data:`TIER_INTERVALS`).
    min_interval : int
        The shortest interval in days.
    new_days : int
        Customers whose first order is younger than this many days are onboarded.

    Returns
    -------
    pandas.DataFrame
        Indexed by customer: ``membership_tier``, ``purpose``, ``interval_days``,
        ``next_followup`` and ``channel``.

    Examples
    --------
    >>> customers = pd.DataFrame({"customer_id": ["a"], "membership_tier": ["gold"],
    ...     "signup_date": pd.to_datetime(["2023-01-01"]), "consent_sms": [True],
    ...     "consent_email": [False], "consent_wechat": [False], "consent_phone": [False]})
    >>> orders = pd.DataFrame({"customer_id": ["a"], "order_date": pd.to_datetime(["2023-02-01"])})
    >>> followup_plan(customers, orders, as_of="2024-06-01")[["purpose", "interval_days", "channel"]]
                    purpose  interval_days channel
    customer_id
    a              vip_care             45     sms
    """
    as_of = to_timestamp(as_of, "as_of")
    min_interval = require_whole(min_interval, "min_interval", low=1)
    new_days = require_whole(new_days, "new_days", low=0)
    intervals = dict(TIER_INTERVALS if intervals is None else intervals)
    for tier, days in intervals.items():
        require_whole(days, f"intervals[{tier!r}]", low=1)
    need = [
        "customer_id",
        "membership_tier",
        "signup_date",
        "consent_sms",
        "consent_email",
        "consent_wechat",
        "consent_phone",
    ]
    require_columns(customers, need, "customers")
    require_columns(orders, ["customer_id", "order_date"], "orders")
    tiers = customers["membership_tier"].astype(str)
    unknown = sorted(set(tiers) - set(intervals))
    if unknown:
        raise CourseDataError(
            f'`customers["membership_tier"]` has tier(s) {unknown} without an '
            f"interval; `intervals` covers {sorted(intervals)}."
        )
    ids = customers["customer_id"].astype(str)
    plan = pd.DataFrame({"membership_tier": tiers.to_numpy()}, index=pd.Index(ids, name="customer_id"))
    order_days = to_datetime_column(orders, "order_date", "orders")
    past = order_days < as_of
    first = order_days[past].groupby(orders.loc[past, "customer_id"].astype(str)).min().reindex(plan.index)
    new = first.isna() | (first >= as_of - pd.Timedelta(days=new_days))
    plan["purpose"] = np.where(
        new, "onboarding", np.where(tiers.isin(["gold", "platinum"]).to_numpy(), "vip_care", "maintenance")
    )
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


def care_calendar(
    customers: pd.DataFrame,
    orders: pd.DataFrame,
    *,
    start: str | pd.Timestamp,
    end: str | pd.Timestamp,
    loyalty: pd.DataFrame | None = None,
    surprise_orders: int = 10,
    holidays: pd.DataFrame | None = None,
) -> pd.DataFrame:
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

    Parameters
    ----------
    customers : pandas.DataFrame
        The customers to greet: ``customer_id``, ``birth_date`` and ``signup_date``.
    orders : pandas.DataFrame
        ``customer_id`` and ``order_date`` (anybody's orders; only these customers' count).
    start, end : str or pandas.Timestamp
        The period, ``start`` included and ``end`` excluded.
    loyalty : pandas.DataFrame, optional
        The points ledger (``customer_id``, ``date``, ``kind``) for expiry reminders.
    surprise_orders : int
        Orders in a calendar month that earn the surprise.
    holidays : pandas.DataFrame, optional
        ``date``, ``holiday`` and ``holiday_zh`` (default :data:`HOLIDAYS`).

    Returns
    -------
    pandas.DataFrame
        ``date``, ``customer_id``, ``trigger`` and ``message``, sorted by date, customer
        and trigger. ``message`` follows the course's language: English with a Chinese gloss,
        Chinese only in the Chinese course.

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
    surprise_orders = require_whole(surprise_orders, "surprise_orders", low=1)
    require_columns(customers, ["customer_id", "birth_date", "signup_date"], "customers")
    require_columns(orders, ["customer_id", "order_date"], "orders")
    holidays = HOLIDAYS if holidays is None else holidays
    require_columns(holidays, ["date", "holiday", "holiday_zh"], "holidays")
    ids = customers["customer_id"].astype(str).to_numpy()
    parts = []
    years = range(start.year, end.year + 1)

    def add(dates, who, trigger, message):
        parts.append(
            pd.DataFrame(
                {
                    "date": pd.to_datetime(np.asarray(dates)).normalize(),
                    "customer_id": np.asarray(who, dtype=object),
                    "trigger": trigger,
                    "message": message,
                }
            )
        )

    birth = to_datetime_column(customers, "birth_date", "customers")
    signup = to_datetime_column(customers, "signup_date", "customers")
    for year in years:
        ok = birth.notna().to_numpy()
        add(
            pd.to_datetime({"year": year, "month": birth[ok].dt.month, "day": 1}),
            ids[ok],
            "birthday_month",
            tr("Happy birthday month: double points on every order 生日月双倍积分"),
        )
        ok = (signup.notna() & (signup.dt.year < year)).to_numpy()
        month, day = (
            signup[ok].dt.month,
            signup[ok].dt.day.where(~((signup[ok].dt.month == 2) & (signup[ok].dt.day == 29)), 28),
        )
        add(
            pd.to_datetime({"year": year, "month": month, "day": day}),
            ids[ok],
            "anniversary",
            tr("Membership anniversary: thank you, with your year in styles 入会周年感谢"),
        )
    days = to_datetime_column(orders, "order_date", "orders")
    order_ids = orders["customer_id"].astype(str)
    add(
        days + pd.Timedelta(days=3),
        order_ids,
        "after_order",
        tr("How is your purchase? Tell us, and ask us anything 下单3天回访"),
    )
    monthly = pd.DataFrame({"c": order_ids.to_numpy(), "m": days.dt.to_period("M").to_numpy()})
    counts = monthly.groupby(["c", "m"]).size()
    heavy = counts[counts >= surprise_orders].reset_index()
    if len(heavy):
        add(
            (heavy["m"] + 1).dt.start_time,
            heavy["c"],
            "surprise",
            tr("A custom gift and a handwritten card for a loyal month 专属惊喜与手写卡片"),
        )
    hol = holidays[(holidays["date"] >= start) & (holidays["date"] < end)]
    for _, row in hol.iterrows():
        add(
            np.repeat(row["date"], len(ids)),
            ids,
            "holiday",
            f"{row['holiday_zh']}祝福"
            if language() == "zh"
            else f"{row['holiday']} greetings {row['holiday_zh']}祝福",
        )
    if loyalty is not None:
        require_columns(loyalty, ["customer_id", "date", "kind"], "loyalty")
        expire = loyalty[loyalty["kind"].astype(str) == "expire"]
        add(
            to_datetime_column(expire, "date", "loyalty") - pd.Timedelta(days=1),
            expire["customer_id"].astype(str),
            "reminder",
            tr("Your points expire tomorrow: redeem them now 积分明日到期提醒"),
        )
    calendar = pd.concat(parts, ignore_index=True)
    calendar = calendar[
        (calendar["date"] >= start) & (calendar["date"] < end) & calendar["customer_id"].isin(set(ids))
    ]  # orders of the given customers only
    calendar = calendar.drop_duplicates(["date", "customer_id", "trigger"])
    return calendar.sort_values(["date", "customer_id", "trigger"], ignore_index=True)


# --------------------------------------------------------------------- content by state
#: The need states :func:`contact_state` assigns, in the order tables show them.
CONTACT_STATES: tuple[str, ...] = ("active", "sleeping", "never bought")


def contact_state(campaigns: pd.DataFrame, orders: pd.DataFrame, *, dormant_days: int = 90) -> pd.Series:
    """Each contact's need state on its contact day, from orders placed *before* that day.

    ``active``: the last order is at most ``dormant_days`` old; ``sleeping``: older (the
    3-month dormancy rule of chapter 2); ``never bought``: no order before the contact.

    Parameters
    ----------
    campaigns : pandas.DataFrame
        One row per contact with ``customer_id`` and ``contact_date``.
    orders : pandas.DataFrame
        ``customer_id`` and ``order_date``.
    dormant_days : int
        Days without an order after which a customer is sleeping.

    Returns
    -------
    pandas.Series
        ``state`` per contact, on the index of ``campaigns``: one of :data:`CONTACT_STATES`.

    Examples
    --------
    >>> contacts = pd.DataFrame({"customer_id": ["a", "b", "c"],
    ...     "contact_date": pd.to_datetime(["2024-06-01"] * 3)})
    >>> orders = pd.DataFrame({"customer_id": ["a", "b", "b"],
    ...     "order_date": pd.to_datetime(["2024-05-20", "2024-01-05", "2024-06-01"])})
    >>> contact_state(contacts, orders).tolist()
    ['active', 'sleeping', 'never bought']
    """
    dormant_days = require_whole(dormant_days, "dormant_days", low=0)
    require_columns(campaigns, ["customer_id", "contact_date"], "campaigns")
    require_columns(orders, ["customer_id", "order_date"], "orders")
    contact = pd.DataFrame(
        {
            "customer_id": campaigns["customer_id"].astype(str).to_numpy(),
            "day": to_datetime_column(campaigns, "contact_date", "campaigns").to_numpy(),
            "row": np.arange(len(campaigns)),
        }
    )
    bought = pd.DataFrame(
        {
            "customer_id": orders["customer_id"].astype(str).to_numpy(),
            "day": to_datetime_column(orders, "order_date", "orders").dt.normalize().to_numpy(),
        }
    )
    bought = bought.dropna().drop_duplicates()
    bought["last"] = bought["day"]
    merged = pd.merge_asof(
        contact.sort_values("day"),
        bought.sort_values("day"),
        on="day",
        by="customer_id",
        allow_exact_matches=False,
    ).sort_values("row")
    age = (merged["day"] - merged["last"]).dt.days.to_numpy()
    state = np.select(
        [merged["last"].isna().to_numpy(), age <= dormant_days], ["never bought", "active"], "sleeping"
    )
    return pd.Series(state, index=campaigns.index, name="state")


def offer_uplift(campaigns: pd.DataFrame, orders: pd.DataFrame, *, dormant_days: int = 90) -> pd.DataFrame:
    """Response and conversion of each campaign's offer by the contacts' need state.

    One row per campaign offer and state (:func:`contact_state`): ``contacted`` (customers who
    got the message), ``response_rate`` and ``conversion`` among them, ``control_conversion``
    among the customers held out (NaN for a campaign without a control group) and ``uplift``,
    conversion minus control conversion — the orders the message itself added.

    Parameters
    ----------
    campaigns : pandas.DataFrame
        One row per customer and campaign: ``customer_id``, ``contact_date``, ``offer``,
        ``group`` (``treatment`` or anything else for held out), ``responded`` and ``converted``.
    orders : pandas.DataFrame
        ``customer_id`` and ``order_date``, for :func:`contact_state`.
    dormant_days : int
        Passed to :func:`contact_state`.

    Returns
    -------
    pandas.DataFrame
        Indexed by ``offer`` and ``state``: ``contacted``, ``response_rate``, ``conversion``,
        ``control_conversion`` and ``uplift``, rounded to three decimals.

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
    require_columns(
        campaigns, ["customer_id", "contact_date", "offer", "group", "responded", "converted"], "campaigns"
    )
    frame = pd.DataFrame(
        {
            "offer": campaigns["offer"].astype(str).to_numpy(),
            "state": contact_state(campaigns, orders, dormant_days=dormant_days).to_numpy(),
            "treated": campaigns["group"].astype(str).eq("treatment").to_numpy(),
            "responded": _bool_column(campaigns, "responded", "campaigns").to_numpy(),
            "converted": _bool_column(campaigns, "converted", "campaigns").to_numpy(),
        }
    )
    keys = ["offer", "state"]
    treated = frame[frame["treated"]].groupby(keys)
    table = pd.DataFrame(
        {
            "contacted": treated.size(),
            "response_rate": treated["responded"].mean(),
            "conversion": treated["converted"].mean(),
        }
    )
    control = frame[~frame["treated"]].groupby(keys)["converted"].mean()
    table["control_conversion"] = control.reindex(table.index)
    table["uplift"] = table["conversion"] - table["control_conversion"]
    order = {s: i for i, s in enumerate(CONTACT_STATES)}
    table = table.sort_index(level=1, key=lambda idx: idx.map(order)).sort_index(
        level=0, sort_remaining=False
    )
    return table.round(3)
