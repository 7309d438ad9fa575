"""The customer-360 view (客户360视图): one customer on one screen (analytics layer).

:func:`customer_360` gathers what a CRM shows an agent before a call — profile and consent
(with the *membership* tier, member/silver/gold/platinum 普通会员/银卡/金卡/白金卡, that the customer
sees), the *value* tier (chapter 2's analytics tiers 金钻/白银/铜/铁) and RFM segment, the weekly health score against its 75-point threshold, orders,
service tickets against the 1-hour response promise, follow-ups (the shipped log and the
trainee's own records), loyalty points, churn risk and 12-month CLV, and a suggested next
action with its reason — as a :class:`Customer360` holding one DataFrame per section.

Everything about all customers that a look-up needs (RFM and segments, health scores, the
churn model and the CLV models) is computed once per ``as_of`` day and cached, so a look-up
after the first is a matter of slicing; the churn and CLV scores of the course's own day are
shipped with the data (:mod:`course_lib.workbench.scores`), so the first look-up in a fresh
kernel does not wait for scikit-learn. Only what happened before ``as_of`` is used; the
trainee's own records dated on ``as_of`` itself are shown too (work done today).
"""

from __future__ import annotations

from dataclasses import dataclass, fields

import numpy as np
import pandas as pd

from ..language import language, tr
from ..validation import CourseDataError
from .scores import MARGIN
from .store import CHANNEL_CONSENT, RecordStore, default_store
from .tables import (
    clear_cache,
    course_day,
    health_table,
    membership_tiers,
    on_clear_cache,
    rows_of,
    table,
    value_table,
)

__all__ = [
    "Customer360",
    "customer_360",
    "find_customers",
    "resolve_customer",
    "next_action",
    "value_label",
    "membership_label",
    "HEALTH_THRESHOLD",
    "RESPONSE_PROMISE_HOURS",
    "CHURN_ALERT",
    "MARGIN",
    "clear_cache",
]

#: Health-score threshold of the 2025 training deck: customers under it get attention.
HEALTH_THRESHOLD = 75.0
#: The complaint-response promise in hours (respond within 1 hour).
RESPONSE_PROMISE_HOURS = 1.0
#: Churn probability from which the view suggests a retention contact (course design).
CHURN_ALERT = 0.5
HEALTH_WEEKS = 8

#: Preferred order of channels when the suggested one lacks consent.
_CHANNEL_ORDER = ("phone", "wechat", "sms", "email")


@dataclass(frozen=True)
class Customer360:
    """One customer's 360 view: a DataFrame per section (see :func:`customer_360`)."""

    customer_id: str
    as_of: pd.Timestamp
    profile: pd.DataFrame
    consent: pd.DataFrame
    value: pd.DataFrame
    health: pd.DataFrame
    orders: pd.DataFrame
    tickets: pd.DataFrame
    followups: pd.DataFrame
    loyalty: pd.DataFrame
    points: pd.DataFrame
    risk: pd.DataFrame
    next_action: pd.DataFrame

    @property
    def sections(self) -> dict[str, pd.DataFrame]:
        """The sections by name, in display order."""
        return {f.name: getattr(self, f.name) for f in fields(self) if f.name not in ("customer_id", "as_of")}

    def summary(self) -> pd.DataFrame:
        """The headline facts as one two-column table (field, value), for a quick read.

        The fields are labelled in English and Chinese in the English course, in Chinese
        alone in the Chinese one, where the values' words are Chinese too.
        """
        p, v, r, a = (self.profile.iloc[0], self.value.iloc[0], self.risk.iloc[0], self.next_action.iloc[0])
        latest = self.health["health_score"].iloc[-1] if len(self.health) else np.nan
        late = int((~self.tickets["within_promise"]).sum()) if len(self.tickets) else 0
        consented = [c for c, ok in zip(self.consent["channel"], self.consent["consented"]) if ok]
        yours = int((self.followups["source"] == "trainee").sum())
        rows = [
            (("customer", "客户"), f"{self.customer_id} · {p['name']} · {p['phone']}"),
            (
                ("city · membership tier", "城市·会员等级"),
                tr("{city} (city tier {tier}) · {membership}").format(
                    city=p["city"], tier=p["city_tier"], membership=membership_label(p["membership_tier"])
                ),
            ),
            (("consent", "授权渠道"), ", ".join(consented) or tr("none (in store only)")),
            (
                ("value tier · RFM segment", "价值分层·细分"),
                f"{value_label(v['value_tier'])} · "
                + (
                    f"{v['segment']} {v['segment_zh']}"
                    if isinstance(v["segment"], str)
                    else tr("— (no order yet)")
                ),
            ),
            (
                ("orders · spend", "订单·消费"),
                tr("{orders} orders · ¥{spend}").format(
                    orders=int(v["frequency"]), spend=f"{v['monetary']:,.0f}"
                )
                if pd.notna(v["frequency"])
                else tr("no order yet"),
            ),
            (
                ("last order", "最近购买"),
                tr("{days} days ago").format(days=int(v["recency_days"]))
                if pd.notna(v["recency_days"])
                else "—",
            ),
            (("health score", "健康分"), _health_text(latest)),
            (
                ("tickets · late", "工单·超时"),
                tr("{tickets} · {late} beyond the {promise}-hour promise").format(
                    tickets=len(self.tickets), late=late, promise=f"{RESPONSE_PROMISE_HOURS:.0f}"
                ),
            ),
            (
                ("follow-ups", "回访"),
                tr("{count} ({yours} yours)").format(count=len(self.followups), yours=yours),
            ),
            (("points balance", "积分余额"), f"{int(self.points['balance'].iloc[0]):,}"),
            (("churn risk · CLV 12m", "流失风险·CLV"), _risk_text(r)),
            (("next action", "建议行动"), f"{a['action']} [{a['channel']}]"),
            (("why", "原因"), a["reason"]),
        ]
        chinese = language() == "zh"
        rows = [(zh if chinese else f"{en} {zh}", value) for (en, zh), value in rows]
        return pd.DataFrame(rows, columns=["field", "value"]).set_index("field")

    def __repr__(self) -> str:
        counts = ", ".join(
            f"{name} {len(frame)}"
            for name, frame in self.sections.items()
            if name in ("orders", "tickets", "followups")
        )
        return f"Customer360({self.customer_id} as of {self.as_of.date()}: {counts})"


def value_label(tier: str) -> str:
    """A value tier (chapter 2's analytics classification) as shown to people: ``Diamond 金钻``.

    The Chinese course shows the Chinese name alone.

    Examples
    --------
    >>> value_label("silver")
    'Silver 白银'
    """
    from ..tiers import TIERS

    if tier not in TIERS.index:
        return str(tier)
    if language() == "zh":
        return str(TIERS.loc[tier, "name_zh"])
    return f"{TIERS.loc[tier, 'name_en']} {TIERS.loc[tier, 'name_zh']}"


def membership_label(tier: str) -> str:
    """A membership tier (the loyalty programme the customer sees) as shown: ``silver 银卡``.

    Value tiers are capitalised (Silver 白银), membership tiers are not (silver 银卡), and
    labels always carry the Chinese name, so the two silvers are never confused (the
    Chinese course shows the Chinese name alone: 银卡 and 白银).

    Examples
    --------
    >>> membership_label("silver")
    'silver 银卡'
    """
    from ..loyalty import DEFAULT_TIERS

    names = dict(zip(DEFAULT_TIERS["tier"], DEFAULT_TIERS["tier_zh"]))
    if tier not in names:
        return str(tier)
    return names[tier] if language() == "zh" else f"{tier} {names[tier]}"


def _health_text(latest: float) -> str:
    if pd.isna(latest):
        return tr("— (no score: no order yet)")
    if latest < HEALTH_THRESHOLD:
        text = tr("{score} (under the {threshold} threshold)")
    else:
        text = tr("{score} (at or above the {threshold} threshold)")
    return text.format(score=f"{latest:.1f}", threshold=f"{HEALTH_THRESHOLD:.0f}")


def _risk_text(r: pd.Series) -> str:
    if pd.isna(r["churn_probability"]):
        return r["note"]
    return f"{r['churn_probability']:.0%} · ¥{r['clv_12m']:,.0f}"


# ------------------------------------------------------------------------------ look-up
def find_customers(query: str) -> pd.DataFrame:
    """Customers whose id, pseudonymised name or masked phone match ``query``.

    An id matches exactly (case does not matter); a name such as ``"郭*霞"`` and a masked
    phone such as ``"138****6808"`` match exactly; four digits match the visible end of the
    phone number.

    Parameters
    ----------
    query : str
        An id, a pseudonymised name, a masked phone or the phone's last four digits.

    Returns
    -------
    pandas.DataFrame
        ``customer_id``, ``name``, ``phone``, ``city``, ``membership_tier`` of every match
        (none, one or several), by id.

    Examples
    --------
    >>> find_customers("c00001")[["customer_id", "name", "phone"]]
      customer_id name        phone
    0      C00001  郭*霞  138****6808
    """
    if not isinstance(query, str):
        raise TypeError(f"`query` must be a text (an id, a name or a phone); got {type(query).__name__}.")
    text = query.strip()
    if not text:
        raise CourseDataError("`query` is empty; type a customer id (C00042), a name (王*伟) or a phone.")
    columns = ["customer_id", "name", "phone", "city", "membership_tier"]
    by_id = rows_of("customers", text.upper())
    if len(by_id):  # an exact id: an indexed look-up, no scan
        return by_id[columns].reset_index(drop=True)
    customers = table("customers")
    hit = (
        (customers["customer_id"] == text.upper())
        | (customers["name"] == text)
        | (customers["phone"] == text)
    )
    if text.isdigit() and len(text) == 4:
        hit |= customers["phone"].str.endswith(text)
    return customers.loc[hit, columns].sort_values("customer_id").reset_index(drop=True)


def resolve_customer(query: str) -> str:
    """The one customer id that ``query`` names; a clear error for none or several.

    Parameters
    ----------
    query : str
        As for :func:`find_customers`.

    Returns
    -------
    str
        The customer id.

    Raises
    ------
    CourseDataError
        No customer or several match (the message lists up to ten of them).

    Examples
    --------
    >>> resolve_customer("138****6808")
    'C00001'
    """
    matches = find_customers(str(query) if not isinstance(query, str) else query)
    if matches.empty:
        raise CourseDataError(
            tr(
                "no customer matches {query}; search by id (C00042), "
                "pseudonymised name (王*伟), masked phone (138****6808) or its last four digits."
            ).format(query=repr(query))
        )
    if len(matches) > 1:
        shown = matches.head(10)
        listing = "; ".join(f"{r.customer_id} {r.name} {r.phone} {r.city}" for r in shown.itertuples())
        more = tr(" and {n} more").format(n=len(matches) - len(shown)) if len(matches) > len(shown) else ""
        raise CourseDataError(
            tr("{n} customers match {query}: {listing}{more}. Pick one by its id.").format(
                n=len(matches), query=repr(query), listing=listing, more=more
            )
        )
    return str(matches["customer_id"].iloc[0])


# ---------------------------------------------------------------------- models per day
@dataclass(frozen=True)
class _Models:
    churn_probability: pd.Series  # by customer id; missing where no prediction is possible
    clv_12m: pd.Series
    note: str  # why a prediction is missing, if it is


_MODELS: dict[pd.Timestamp, _Models] = {}
_MODELS_KEPT = 4


def models_ready(as_of=None) -> bool:
    """True when a look-up on ``as_of`` needs no model fit: the course's own day (its scores
    are shipped) or a day already fitted in this kernel. A front-end shows a progress
    message before a look-up that has to fit (a few seconds)."""
    from ..data import AS_OF

    day = course_day(as_of if as_of is not None else AS_OF)
    return day in _MODELS or day == AS_OF


def _models(day: pd.Timestamp) -> _Models:
    """The churn probability and 12-month CLV of every customer on ``day`` (cached per day).

    The course's own day reads the shipped scores; any other day fits chapter 5's models
    (:func:`course_lib.workbench.scores.compute_scores`).
    """
    from ..data import AS_OF
    from .scores import compute_scores, shipped_scores

    if day not in _MODELS:
        if day == AS_OF:
            scores, note = shipped_scores(), ""
        else:
            scores, note = compute_scores(day)
        if len(_MODELS) >= _MODELS_KEPT:
            _MODELS.pop(next(iter(_MODELS)))
        _MODELS[day] = _Models(scores["churn_probability"], scores["clv_12m"], note)
    return _MODELS[day]


@on_clear_cache
def _forget_models() -> None:
    """Forget the models fitted per day (run by :func:`~course_lib.workbench.clear_cache`)."""
    _MODELS.clear()


# ----------------------------------------------------------------------------- sections
def _profile(customer: pd.Series, day: pd.Timestamp) -> pd.DataFrame:
    age = (
        day.year
        - customer["birth_date"].year
        - ((day.month, day.day) < (customer["birth_date"].month, customer["birth_date"].day))
    )
    row = {
        "customer_id": customer["customer_id"],
        "name": customer["name"],
        "phone": customer["phone"],
        "gender": customer["gender"],
        "age": int(age),
        "birth_month": int(customer["birth_date"].month),
        "city": customer["city"],
        "city_tier": int(customer["city_tier"]),
        "signup_date": customer["signup_date"],
        "signup_channel": customer["signup_channel"],
        "membership_tier": membership_tiers(day).get(customer["customer_id"], customer["membership_tier"]),
        "referred_by": customer["referred_by"],
    }
    return pd.DataFrame([row])


def _consent(customer: pd.Series) -> pd.DataFrame:
    rows = [
        {
            "channel": channel,
            "consent_flag": flag or "—",
            "consented": True if flag is None else bool(customer[flag]),
        }
        for channel, flag in CHANNEL_CONSENT.items()
    ]
    return pd.DataFrame(rows)


def _value(customer_id: str, day: pd.Timestamp) -> pd.DataFrame:
    from ..rfm import SEGMENTS
    from ..tiers import TIERS

    row = value_table(day).loc[[customer_id]].reset_index()
    segment = row["segment"].iloc[0]
    row["segment_zh"] = SEGMENTS.loc[segment, "name_zh"] if isinstance(segment, str) else pd.NA
    row["value_tier_zh"] = TIERS.loc[row["value_tier"].iloc[0], "name_zh"]
    columns = [
        "customer_id",
        "recency_days",
        "frequency",
        "monetary",
        "R",
        "F",
        "M",
        "code",
        "segment",
        "segment_zh",
        "value_tier",
        "value_tier_zh",
    ]
    return row.reindex(columns=columns)


def _health(customer_id: str, day: pd.Timestamp) -> pd.DataFrame:
    from ..data import START

    weeks = min(HEALTH_WEEKS, (day - START).days // 7 - 1)  # only weeks the data cover
    if weeks < 1:
        return pd.DataFrame(
            {
                "week": pd.Series(dtype="datetime64[ns]"),
                "health_score": pd.Series(dtype=float),
                "below_threshold": pd.Series(dtype=bool),
            }
        )
    scores = health_table(day, weeks=weeks)
    mine = scores.loc[scores["customer_id"] == customer_id].drop(columns="customer_id")
    mine = mine.assign(below_threshold=mine["health_score"] < HEALTH_THRESHOLD)
    numbers = mine.select_dtypes("number").columns
    return mine.assign(**{c: mine[c].round(1) for c in numbers}).reset_index(drop=True)


def _orders(customer_id: str, day: pd.Timestamp) -> pd.DataFrame:
    mine = rows_of("orders", customer_id)
    mine = mine.loc[mine["order_date"] < day]
    return (
        mine.drop(columns="customer_id")
        .sort_values("order_date", ascending=False, kind="stable")
        .reset_index(drop=True)
    )


def _tickets(customer_id: str, day: pd.Timestamp, store: RecordStore) -> pd.DataFrame:
    mine = rows_of("tickets", customer_id)
    mine = mine.loc[mine["opened_at"] < day]
    answered = mine["first_response_at"].where(mine["first_response_at"] < day)
    resolved = mine["resolved_at"].where(mine["resolved_at"] < day)
    response = (answered - mine["opened_at"]).dt.total_seconds() / 3600
    out = pd.DataFrame(
        {
            "ticket_id": mine["ticket_id"],
            "opened_at": mine["opened_at"],
            "channel": mine["channel"],
            "category": mine["category"],
            "severity": mine["severity"],
            "response_hours": response.round(2),
            "within_promise": response.le(RESPONSE_PROMISE_HOURS).fillna(False).astype(bool),
            "resolution_hours": ((resolved - mine["opened_at"]).dt.total_seconds() / 3600).round(1),
            "csat": mine["csat"],
            "text": mine["text"],
        }
    )
    notes = store.ticket_notes(customer_id)
    notes = notes.loc[notes["date"] <= day]
    count = notes.groupby("ticket_id").size()
    out["your_notes"] = out["ticket_id"].map(count).fillna(0).astype(int)
    latest = (
        notes.sort_values("record_id")
        .drop_duplicates("ticket_id", keep="last")
        .set_index("ticket_id")["note"]
    )
    out["latest_note"] = out["ticket_id"].map(latest)
    return out.sort_values("opened_at", ascending=False, kind="stable").reset_index(drop=True)


def _followups(customer_id: str, day: pd.Timestamp, store: RecordStore) -> pd.DataFrame:
    shipped = rows_of("followups", customer_id)
    shipped = shipped.loc[shipped["date"] < day]
    log = pd.DataFrame(
        {
            "date": shipped["date"],
            "channel": shipped["channel"],
            "outcome": shipped["outcome"],
            "note": shipped["purpose"].map(lambda purpose: tr("purpose: {purpose}").format(purpose=purpose)),
            "next_date": pd.NaT,
            "by": shipped["agent"],
            "source": "shipped log",
        }
    )
    own = store.followups(customer_id)
    own = own.loc[own["date"] <= day]
    mine = pd.DataFrame(
        {
            "date": own["date"],
            "channel": own["channel"],
            "outcome": own["outcome"],
            "note": own["note"],
            "next_date": own["next_date"],
            "by": own["author"].fillna("you"),
            "source": "trainee",
        }
    )
    frames = [f for f in (mine, log) if len(f)]
    if not frames:
        return mine.reset_index(drop=True)
    both = pd.concat(frames, ignore_index=True)
    both["date"] = pd.to_datetime(both["date"])
    both["next_date"] = pd.to_datetime(both["next_date"])
    return both.sort_values("date", ascending=False, kind="stable").reset_index(drop=True)


def _loyalty(customer_id: str, day: pd.Timestamp) -> tuple[pd.DataFrame, pd.DataFrame]:
    mine = rows_of("loyalty", customer_id)
    mine = mine.loc[mine["date"] < day]
    points = mine.groupby("kind")["points"].sum()
    summary = pd.DataFrame(
        [
            {
                "earned": int(points.get("earn", 0)),
                "redeemed": int(-points.get("redeem", 0)),
                "expired": int(-points.get("expire", 0)),
                "balance": int(mine["points"].sum()),
            }
        ]
    )
    entries = mine.drop(columns="customer_id").sort_values("date", ascending=False, kind="stable")
    return entries.reset_index(drop=True), summary


def _risk(customer_id: str, day: pd.Timestamp, value: pd.DataFrame) -> pd.DataFrame:
    models = _models(day)
    probability = models.churn_probability.get(customer_id, np.nan)
    clv_value = models.clv_12m.get(customer_id, np.nan)
    note = models.note
    if not note and pd.isna(probability):
        note = tr("no prediction: no order before the day of the view")
    share = np.nan
    if pd.notna(clv_value):
        share = float((models.clv_12m < clv_value).mean())
    return pd.DataFrame(
        [
            {
                "churn_probability": round(float(probability), 3) if pd.notna(probability) else np.nan,
                "churn_alert": bool(pd.notna(probability) and probability >= CHURN_ALERT),
                "clv_12m": round(float(clv_value)) if pd.notna(clv_value) else np.nan,
                "clv_percentile": round(share, 3) if pd.notna(share) else np.nan,
                "note": note,
            }
        ]
    )


def _channel(consent: pd.DataFrame, preferred: str) -> str:
    ok = dict(zip(consent["channel"], consent["consented"]))
    if ok.get(preferred):
        return preferred
    return next((c for c in _CHANNEL_ORDER if ok.get(c)), "store")


def next_action(
    *,
    consent: pd.DataFrame,
    value: pd.DataFrame,
    health: pd.DataFrame,
    tickets: pd.DataFrame,
    risk: pd.DataFrame,
    as_of,
) -> pd.DataFrame:
    """The suggested next action, its channel and the reason, from the other sections.

    The first that applies wins: (1) a complaint of the last 30 days that waited beyond the
    1-hour promise or is not resolved → a recovery call; (2) a high churn risk with an
    above-median CLV → a retention contact; (3) the latest health score under 75 → a care
    check-in; (4) otherwise the RFM segment's action (:data:`course_lib.rfm.SEGMENTS`). The
    channel is the suggested one if the customer consented to it, else the first consented
    of phone, WeChat, SMS, e-mail, else a conversation in store.
    """
    from ..rfm import SEGMENTS

    day = pd.Timestamp(as_of)
    recent = tickets.loc[tickets["opened_at"] >= day - pd.Timedelta(days=30)] if len(tickets) else tickets
    r, v = risk.iloc[0], value.iloc[0]
    latest = health["health_score"].iloc[-1] if len(health) else np.nan
    troubled = (
        recent.loc[~recent["within_promise"] | recent["resolution_hours"].isna()] if len(recent) else recent
    )
    if len(troubled):
        t = troubled.iloc[0]  # the newest late or still open complaint
        hours = f"{t['response_hours']:.1f}"
        if pd.isna(t["response_hours"]):
            state = tr("no answer yet")
        elif pd.isna(t["resolution_hours"]):
            state = tr("first answer after {hours} h, still open").format(hours=hours)
        else:
            state = tr("first answer after {hours} h").format(hours=hours)
        action, preferred = (
            tr("Service recovery call: apologise, fix the problem, agree a follow-up date"),
            "phone",
        )
        reason = tr("ticket {ticket} ({category}, {date}): {state}, promise {promise} h").format(
            ticket=t["ticket_id"],
            category=t["category"],
            date=t["opened_at"].date(),
            state=state,
            promise=f"{RESPONSE_PROMISE_HOURS:.0f}",
        )
    elif bool(r["churn_alert"]) and pd.notna(r["clv_percentile"]) and r["clv_percentile"] >= 0.5:
        action, preferred = (
            tr("Retention contact: ask what would bring them back, with a personal offer"),
            "phone",
        )
        reason = tr("churn risk {risk} and 12-month CLV ¥{clv} (above {share} of customers)").format(
            risk=f"{r['churn_probability']:.0%}",
            clv=f"{r['clv_12m']:,.0f}",
            share=f"{r['clv_percentile']:.0%}",
        )
    elif pd.notna(latest) and latest < HEALTH_THRESHOLD:
        action, preferred = tr("Care check-in: ask about the last purchase and offer help"), "wechat"
        reason = tr("health score {score} is under the {threshold}-point threshold").format(
            score=f"{latest:.0f}", threshold=f"{HEALTH_THRESHOLD:.0f}"
        )
    elif isinstance(v["segment"], str):
        seg = SEGMENTS.loc[v["segment"]]
        segment_action = seg["action"]  # chapter 2's text, translated where course_lib.rfm marks it
        action, preferred = tr(segment_action), seg["channel"]
        if language() == "zh":
            reason = tr("RFM segment {name} (code {code})").format(name=seg["name_zh"], code=v["code"])
        else:
            reason = f"RFM segment {seg['name_en']} ({seg['name_zh']}, code {v['code']})"
    else:
        action, preferred = tr("Welcome: introduce the range and the membership benefits"), "wechat"
        reason = tr("registered but no order yet")
    return pd.DataFrame([{"action": action, "channel": _channel(consent, preferred), "reason": reason}])


def customer_360(
    customer_id: str, *, as_of: str | pd.Timestamp | None = None, store: RecordStore | None = None
) -> Customer360:
    """The customer-360 view of one customer as of a day.

    Parameters
    ----------
    customer_id : str
        A customer id (``"C00042"``), a pseudonymised name (``"王*伟"``) or a masked phone;
        several matches raise a :class:`CourseDataError` that lists them.
    as_of : date-like, optional
        The day of the view (default the course's today, :data:`course_lib.data.AS_OF`);
        only what happened before it is shown, plus your own records dated that day.
    store : RecordStore, optional
        Where your follow-ups and ticket notes are kept (default the workspace store).

    Returns
    -------
    Customer360
        Sections ``profile``, ``consent``, ``value`` (RFM, segment, value tier), ``health``
        (the last 8 weekly scores with ``below_threshold``), ``orders``, ``tickets``
        (``response_hours`` and ``within_promise``, your notes), ``followups`` (shipped log
        and your records, newest first, ``source`` says which), ``loyalty`` (ledger
        entries), ``points`` (earned, redeemed, expired, balance), ``risk`` (churn
        probability, 12-month CLV) and ``next_action``.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> store = RecordStore(pathlib.Path(tempfile.mkdtemp()) / "crm.sqlite")
    >>> view = customer_360("C00001", store=store)
    >>> view.profile[["customer_id", "name", "membership_tier"]]
      customer_id name membership_tier
    0      C00001  郭*霞          member
    >>> list(view.next_action.columns)
    ['action', 'channel', 'reason']
    """
    from ..data import AS_OF

    day = course_day(AS_OF if as_of is None else as_of)
    if store is not None and not isinstance(store, RecordStore):
        raise TypeError(f"`store` must be a RecordStore; got {type(store).__name__}.")
    store = default_store() if store is None else store
    key = resolve_customer(customer_id if isinstance(customer_id, str) else str(customer_id))
    customer = rows_of("customers", key).iloc[0]
    consent = _consent(customer)
    value = _value(key, day)
    health = _health(key, day)
    tickets = _tickets(key, day, store)
    risk = _risk(key, day, value)
    entries, points = _loyalty(key, day)
    return Customer360(
        customer_id=key,
        as_of=day,
        profile=_profile(customer, day),
        consent=consent,
        value=value,
        health=health,
        orders=_orders(key, day),
        tickets=tickets,
        followups=_followups(key, day, store),
        loyalty=entries,
        points=points,
        risk=risk,
        next_action=next_action(
            consent=consent, value=value, health=health, tickets=tickets, risk=risk, as_of=day
        ),
    )
