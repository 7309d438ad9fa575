"""The seeded generator of the synthetic brand *Lumen 澜悦* (data layer).

Part of :mod:`course_lib.data`. :func:`generate` returns every table of two years of Lumen's
history (2023-01-01 to 2024-12-31): customers, orders, touchpoint events, service tickets,
surveys, the loyalty ledger, campaign contacts and follow-ups; :func:`write_datasets` writes
them as ``datasets/<table>.csv`` with the data dictionary ``datasets/README.md``. Every random
draw comes from one generator seeded with :data:`~course_lib.data.schema.SEED` (the course's
seed rule, :func:`course_lib.validation.make_rng`), so ``python -m course_lib.data`` (``make
data``) rewrites the files byte for byte, and a test checks it.

The customer base is simulated month by month. Each customer has a purchase rate, a typical
basket, a satisfaction level (0–100) and a monthly chance of leaving for good. That chance
falls with satisfaction (×0.65 for every +10 points), rises for nine months after a complaint
that waited beyond the 1-hour promise (×3), and is lower in higher membership tiers
(:data:`TIER_HAZARD`). So the structure the chapters discover is the consequence of
documented mechanics, never set directly; the constants below (cities, channels, touchpoint
ratings, campaigns such as :data:`EVENING_LIFT`, follow-up plans) are those mechanics.
Chapters read the written tables through :mod:`course_lib.data.loaders`, never this module.

Examples
--------
>>> from course_lib.data import generate, write_datasets
>>> tables = generate()                       # doctest: +SKIP
>>> write_datasets("/tmp/lumen")              # doctest: +SKIP
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from ..course import DATASETS
from ..validation import make_rng
from .schema import AS_OF, END, N_CUSTOMERS, SEED, START, TABLES, TIER_SPEND, TIERS, data_dictionary

__all__ = [
    "generate",
    "write_datasets",
    "main",
    "CITIES",
    "SURNAMES",
    "GIVEN",
    "ORDER_CHANNELS",
    "CATEGORIES",
    "TIER_HAZARD",
    "AGENTS",
    "STAGES",
    "STAGE_CHANNELS",
    "STAGE_RATING",
    "TICKET_CATEGORIES",
    "TICKET_CATEGORY_P",
    "TICKET_CHANNELS",
    "RESPONSE_MEDIAN",
    "CAMPAIGNS",
    "BIRTHDAY",
    "EVENING_LIFT",
    "FOLLOWUP_PLAN",
    "FOLLOWUP_RESPONSE",
]

CITIES = [  # (city, tier, weight)
    ("Shanghai", 1, 10),
    ("Beijing", 1, 9),
    ("Guangzhou", 1, 7),
    ("Shenzhen", 1, 7),
    ("Chengdu", 2, 6),
    ("Hangzhou", 2, 6),
    ("Wuhan", 2, 5),
    ("Nanjing", 2, 5),
    ("Xi'an", 2, 4),
    ("Suzhou", 2, 4),
    ("Changsha", 3, 3),
    ("Qingdao", 3, 3),
    ("Hefei", 3, 3),
    ("Kunming", 3, 2),
    ("Xiamen", 3, 2),
    ("Shaoxing", 4, 2),
    ("Luoyang", 4, 2),
    ("Yangzhou", 4, 2),
    ("Ganzhou", 4, 1),
]
SURNAMES = list("王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高")
GIVEN = list("伟芳娜敏静丽强磊洋艳勇军杰娟涛明超秀霞平刚桂英华玲")
ORDER_CHANNELS = ["store", "app", "mini_program", "web"]
CATEGORIES = ["womenswear", "menswear", "shoes", "accessories", "beauty", "home"]
#: Monthly churn hazard multiplier by membership tier (benefits keep members).
TIER_HAZARD = {"member": 1.0, "silver": 0.7, "gold": 0.45, "platinum": 0.3}
AGENTS = ["Chen Yu", "Li Na", "Wang Lei", "Zhao Min", "Zhou Jie", "Sun Li"]

STAGES = (
    "ad_view",
    "search",
    "content",
    "mini_program_browse",
    "consultation",
    "store_visit",
    "checkout",
    "after_sales",
)
STAGE_CHANNELS = {
    "ad_view": (["social", "search_ads", "video", "sms"], [0.4, 0.25, 0.25, 0.1]),
    "search": (["search_ads", "app"], [0.55, 0.45]),
    "content": (["social", "wechat", "email", "video"], [0.3, 0.4, 0.15, 0.15]),
    "mini_program_browse": (["mini_program"], [1.0]),
    "consultation": (["wechat", "store"], [0.7, 0.3]),
    "store_visit": (["store"], [1.0]),
}
#: Mean rating (1–5) at each touchpoint; three touchpoints are planted as problems.
STAGE_RATING = {
    "ad_view": 4.0,
    "search": 4.0,
    "content": 4.1,
    "mini_program_browse": 3.2,
    "consultation": 3.15,
    "store_visit": 4.2,
    "checkout": 4.0,
    "after_sales": 2.95,
}

TICKET_CATEGORIES = [
    "delivery_delay",
    "product_quality",
    "wrong_size",
    "refund",
    "staff_attitude",
    "app_problem",
    "points_dispute",
]
TICKET_CATEGORY_P = [0.24, 0.2, 0.16, 0.14, 0.1, 0.1, 0.06]
TICKET_CHANNELS = ["phone", "wechat", "app", "email", "store"]
#: Median first-response time (hours) by ticket channel.
RESPONSE_MEDIAN = {"phone": 0.5, "wechat": 0.9, "app": 1.6, "email": 5.0, "store": 0.3}

_ISSUE = {
    "delivery_delay": ("my order arrived {d} days late", "我的订单晚了{d}天才到"),
    "product_quality": ("the seam of the jacket came apart after one wash", "衣服洗了一次就开线了"),
    "wrong_size": ("the shoes are a size smaller than the chart says", "鞋子比尺码表小了一码"),
    "refund": ("my refund has still not arrived after {d} days", "退款{d}天了还没到账"),
    "staff_attitude": ("the sales assistant ignored me at the counter", "门店店员对我爱答不理"),
    "app_problem": ("the app crashed at payment and charged me twice", "小程序付款时闪退还扣了两次钱"),
    "points_dispute": ("my points from the last order are missing", "上次订单的积分没有到账"),
}
_TONE = {
    "negative": [
        ("This is unacceptable and I am very disappointed.", "太让人失望了,完全不能接受。"),
        ("I want a full refund, and I will not shop here again.", "我要全额退款,以后再也不来了。"),
        ("Nobody has answered me and I am angry.", "一直没人回复,我非常生气。"),
        ("Terrible service, really annoying.", "服务太差了,真的很烦。"),
    ],
    "neutral": [
        ("Please tell me how to get it fixed.", "请告诉我该怎么处理。"),
        ("Could you check the order and let me know?", "麻烦帮我查一下订单。"),
        ("I would like an exchange, what are the steps?", "我想换货,需要什么流程?"),
    ],
    "positive": [
        ("Your agent already helped me a lot, thank you!", "客服已经帮了我很多,谢谢!"),
        ("Otherwise I love the brand, thanks for the quick help.", "总体很喜欢这个品牌,感谢快速处理。"),
    ],
}
_OPEN = [("Hello,", "你好,"), ("Hi,", "您好,"), ("", "")]


def _day_weights(days: pd.DatetimeIndex) -> np.ndarray:
    """Relative order volume per day: seasons, Spring Festival, 618 and Double 11."""
    month_factor = np.array([1.0, 0.8, 0.95, 0.95, 1.0, 1.15, 0.9, 0.9, 1.0, 1.05, 1.25, 1.15])
    w = month_factor[days.month - 1].astype(float)
    md = days.month * 100 + days.day
    w = w * np.where((md >= 601) & (md <= 618), 1.8, 1.0) * np.where((md >= 1101) & (md <= 1111), 2.4, 1.0)
    for festival in ("2023-01-22", "2024-02-10"):
        gap = np.abs((days - pd.Timestamp(festival)).days)
        w = w * np.where(gap <= 5, 0.45, 1.0)
    w = w * np.where(days.day_of_week >= 5, 1.25, 1.0)
    return w


def _pick(rng, n, options, p=None):
    return np.asarray(options, dtype=object)[rng.choice(len(options), size=n, p=p)]


def _customers_base(rng) -> pd.DataFrame:
    n = N_CUSTOMERS
    ids = np.array([f"C{i:05d}" for i in range(1, n + 1)], dtype=object)
    old = rng.random(n) < 0.35
    early = pd.Timestamp("2020-01-01")
    pre_span = (START - early).days
    in_span = (END - START).days + 1
    offset = np.where(
        old, rng.integers(0, pre_span, n), pre_span + np.floor(in_span * rng.random(n) ** 0.8).astype(int)
    )
    signup = early + pd.to_timedelta(offset, unit="D")
    order = np.argsort(signup.values, kind="stable")
    signup = signup[order]
    weights = np.array([w for _, _, w in CITIES], dtype=float)
    city_idx = rng.choice(len(CITIES), size=n, p=weights / weights.sum())
    ages = np.clip(rng.normal(33, 9, n), 18, 68)
    birth = pd.Timestamp("2024-12-31") - pd.to_timedelta(np.round(ages * 365.25), unit="D")
    gender = np.where(rng.random(n) < 0.64, "F", "M")
    names = [
        f"{SURNAMES[a]}*{GIVEN[b]}"
        for a, b in zip(rng.integers(0, len(SURNAMES), n), rng.integers(0, len(GIVEN), n))
    ]
    prefixes = rng.choice(["138", "139", "135", "186", "188", "158", "177"], size=n)
    phones = [f"{p}****{s:04d}" for p, s in zip(prefixes, rng.integers(0, 10000, n))]
    signup_channel = _pick(rng, n, ORDER_CHANNELS, [0.42, 0.24, 0.26, 0.08])
    frame = pd.DataFrame(
        {
            "customer_id": ids,
            "name": names,
            "phone": phones,
            "gender": gender,
            "birth_date": birth.normalize(),
            "city": [CITIES[i][0] for i in city_idx],
            "city_tier": [CITIES[i][1] for i in city_idx],
            "signup_date": signup,
            "signup_channel": signup_channel,
        }
    )
    # referrals: a share of customers who joined in the data's two years were invited by an
    # earlier member (more often by heavy buyers, see _simulate)
    frame["referred"] = (frame["signup_date"] >= START) & (rng.random(n) < 0.14)
    frame["consent_wechat"] = rng.random(n) < 0.72
    frame["consent_sms"] = rng.random(n) < 0.58
    frame["consent_email"] = rng.random(n) < 0.34
    frame["consent_phone"] = rng.random(n) < 0.41
    return frame


@dataclass(frozen=True)
class _Campaign:
    campaign_id: str
    name: str
    day: str
    window: int  # days after the contact in which an order counts as a conversion
    offer: str
    hours: tuple  # send hours (treatment); the timing test splits them
    control: float  # share held out as control
    lift_alive: float  # chance of an extra order for a treated, still-active customer
    lift_lapsed: float  # chance a treated, lapsed customer comes back
    opt_out: float
    open_rate: float


CAMPAIGNS = (
    _Campaign(
        "CMP-2024-TIMING",
        "Message timing test: morning vs evening",
        "2024-05-14",
        7,
        "new-season lookbook",
        (9, 10, 11, 19, 20, 21),
        0.0,
        0.035,
        0.0,
        0.008,
        0.2,
    ),
    _Campaign(
        "CMP-2024-WAKEUP",
        "Dormancy wake-up: bring a friend, buy one get one",
        "2024-09-03",
        30,
        "buy one, get one free with a friend",
        (12,),
        0.5,
        0.10,
        0.07,
        0.03,
        0.14,
    ),
    _Campaign(
        "CMP-2024-D11",
        "Double 11 pre-sale invitation",
        "2024-10-28",
        14,
        "pre-sale deposit doubles",
        (20,),
        0.1,
        0.05,
        0.01,
        0.015,
        0.22,
    ),
)
BIRTHDAY = _Campaign(
    "CMP-2024-BDAY",
    "Birthday month double points",
    "2024-01-01",
    30,
    "double points all month",
    (10,),
    0.0,
    0.06,
    0.0,
    0.004,
    0.28,
)
#: The timing test: the extra chance of ordering is higher for evening messages.
EVENING_LIFT = 0.02


def _contact_channel(rng, consent: pd.DataFrame) -> np.ndarray:
    """The marketing channel for each customer: WeChat, else SMS, else e-mail, else app push."""
    wechat, sms, email = (consent[c].to_numpy() for c in ("consent_wechat", "consent_sms", "consent_email"))
    return np.select([wechat, sms, email], ["wechat", "sms", "email"], "app_push")


def _simulate(rng):
    cust = _customers_base(rng)
    n = len(cust)
    days = pd.date_range(START, END, freq="D")
    day_w = _day_weights(days)
    months = pd.date_range(START, END, freq="MS")
    signup = cust["signup_date"].to_numpy().astype("datetime64[D]")
    birth_month = cust["birth_date"].dt.month.to_numpy()

    buyer = rng.random(n) > 0.06
    heavy = rng.random(n) < 0.15
    rate = rng.gamma(1.0, 2.4, n) * (1 + 4 * heavy) * buyer  # orders per year while active
    basket = np.exp(rng.normal(np.log(200), 0.6, n) + 0.22 * np.log1p(rate))
    referred = cust["referred"].to_numpy()
    sat = np.clip(rng.normal(60, 15, n) + 5 * referred, 5, 100)
    chan_pref = rng.choice(4, size=n, p=[0.4, 0.25, 0.25, 0.1])
    cat_pref = rng.choice(len(CATEGORIES), size=n)
    pre = signup < np.datetime64(START.date())
    alive = np.ones(n, bool)
    left_month = np.full(n, 99)
    late_until = np.full(n, -1)
    last_order = np.full(n, np.datetime64("NaT"), dtype="datetime64[D]")
    pre_spend = rate * basket * pre
    tier_idx = np.select(
        [
            pre_spend >= TIER_SPEND["platinum"],
            pre_spend >= TIER_SPEND["gold"],
            pre_spend >= TIER_SPEND["silver"],
        ],
        [3, 2, 1],
        0,
    )
    tier_hazard = np.array([TIER_HAZARD[t] for t in TIERS])
    consent = cust[["consent_wechat", "consent_sms", "consent_email", "consent_phone"]]
    contact_channel = _contact_channel(rng, consent)
    month_spend = np.zeros((len(months), n))
    orders, tickets, surveys, tiers, contacts = [], [], [], [], []

    def campaign_contacts(camp, idx, day, hours=None):
        k = len(idx)
        group = np.where(rng.random(k) < camp.control, "control", "treatment")
        hour = rng.choice(camp.hours, size=k) if hours is None else hours
        contacts.append(
            pd.DataFrame(
                {"campaign": camp.campaign_id, "customer": idx, "day": day, "send_hour": hour, "group": group}
            )
        )
        return group == "treatment", hour

    for m, month in enumerate(months):
        month_end = month + pd.offsets.MonthEnd(0)
        in_month = (days >= month) & (days <= month_end)
        mdays, mw = days[in_month].to_numpy().astype("datetime64[D]"), day_w[in_month]
        joined = signup <= np.datetime64(month_end.date())
        new = joined & (signup >= np.datetime64(month.date()))
        active = alive & joined
        count = rng.poisson(rate / 12 * mw.mean() * active)
        count += (new & buyer & (rng.random(n) < 0.9)).astype(int)
        who = np.repeat(np.arange(n), count)
        cum = np.cumsum(mw) / mw.sum()
        when = mdays[np.minimum(np.searchsorted(cum, rng.random(len(who))), len(mdays) - 1)]
        when = np.maximum(when, signup[who])
        extra_who, extra_when = [], []
        # campaigns of this month: who is contacted, and the extra orders they bring
        due = [c for c in CAMPAIGNS if pd.Timestamp(c.day).to_period("M") == month.to_period("M")]
        if month.year == 2024:
            due.append(BIRTHDAY)
        for camp in due:
            day = np.datetime64(month.date()) if camp is BIRTHDAY else np.datetime64(camp.day)
            bought_before = ~np.isnat(last_order)
            if camp.campaign_id == "CMP-2024-TIMING":
                pool = np.flatnonzero(bought_before & cust["consent_wechat"].to_numpy())
                idx = np.sort(rng.choice(pool, size=min(4400, len(pool)), replace=False))
                hours = np.where(
                    rng.random(len(idx)) < 0.5,
                    rng.choice([9, 10, 11], len(idx)),
                    rng.choice([19, 20, 21], len(idx)),
                )
                treated, hour = campaign_contacts(camp, idx, day, hours)
                lift = camp.lift_alive + EVENING_LIFT * (hour >= 12)
            elif camp.campaign_id == "CMP-2024-WAKEUP":
                quiet = (day - last_order).astype(float) >= 90
                pool = np.flatnonzero(bought_before & quiet & (contact_channel != "app_push"))
                idx = pool
                treated, _ = campaign_contacts(camp, idx, day)
                lift = np.where(alive[idx], camp.lift_alive, camp.lift_lapsed)
            elif camp is BIRTHDAY:
                idx = np.flatnonzero(
                    bought_before & (birth_month == month.month) & joined & (contact_channel != "app_push")
                )
                treated, _ = campaign_contacts(camp, idx, day)
                lift = np.where(alive[idx], camp.lift_alive, 0.0)
            else:
                pool = np.flatnonzero(bought_before & (contact_channel != "app_push"))
                idx = np.sort(rng.choice(pool, size=min(3000, len(pool)), replace=False))
                treated, _ = campaign_contacts(camp, idx, day)
                lift = np.where(alive[idx], camp.lift_alive, camp.lift_lapsed)
            lift = lift * treated
            hit = idx[rng.random(len(idx)) < lift]
            revived = hit[~alive[hit]]
            alive[revived] = True
            left_month[revived] = 99
            last_day = min(day + camp.window - 1, mdays[-1])
            span = int((last_day - day).astype(int)) + 1
            extra_who.append(hit)
            extra_when.append(day + rng.integers(0, span, len(hit)).astype("timedelta64[D]"))
        if extra_who:
            who = np.concatenate([who, *extra_who])
            when = np.concatenate([when, *extra_when])
        k = len(who)
        gross = np.maximum(np.round(basket[who] * np.exp(rng.normal(0, 0.42, k)) / 10) * 10 - 1, 39.0)
        month_of = when.astype("datetime64[M]").astype(int) % 12 + 1
        festival = np.isin(month_of, [6, 11])
        disc_rate = np.where(
            rng.random(k) < np.where(festival, 0.7, 0.3), rng.choice([0.1, 0.2, 0.3], size=k), 0.0
        )
        discount = np.round(gross * disc_rate, 2)
        channel = np.where(rng.random(k) < 0.7, chan_pref[who], rng.integers(0, 4, k))
        category = np.where(rng.random(k) < 0.55, cat_pref[who], rng.integers(0, len(CATEGORIES), k))
        amount = np.round(gross - discount, 2)
        orders.append(
            pd.DataFrame(
                {
                    "customer": who,
                    "order_date": when,
                    "channel": channel,
                    "category": category,
                    "gross_amount": gross,
                    "discount": discount,
                    "amount": amount,
                }
            )
        )
        np.add.at(month_spend[m], who, amount)
        if k:
            np.maximum.at(last_order.view("int64"), who, when.view("int64"))
            # an order sometimes goes wrong and the customer complains
            bad = rng.random(k) < 0.055 + 0.05 * (sat[who] < 45)
            tw = who[bad]
            ticket_channel = _pick(rng, len(tw), TICKET_CHANNELS, [0.3, 0.32, 0.18, 0.1, 0.1])
            wait = np.array([RESPONSE_MEDIAN[c] for c in ticket_channel]) * np.exp(
                rng.normal(0, 0.9, len(tw))
            )
            late = wait > 1.0
            tickets.append(
                pd.DataFrame(
                    {
                        "customer": tw,
                        "order_date": when[bad],
                        "row": np.flatnonzero(bad),
                        "month": m,
                        "wait_hours": wait,
                        "channel": ticket_channel,
                    }
                )
            )
            sat[tw] = np.clip(sat[tw] - np.where(late, 15.0, 2.0), 0, 100)
            late_until[tw[late]] = m + 9
            asked = rng.random(k) < 0.13
            surveys.append(
                pd.DataFrame({"customer": who[asked], "order_date": when[asked], "sat": sat[who[asked]]})
            )
        # membership tiers: upgrades at month end on the rolling 12-month spend; a tier is
        # kept until the yearly review in December, which moves a customer down at most one tier
        rolling = month_spend[max(0, m - 11) : m + 1].sum(axis=0)
        earned = np.select(
            [
                rolling >= TIER_SPEND["platinum"],
                rolling >= TIER_SPEND["gold"],
                rolling >= TIER_SPEND["silver"],
            ],
            [3, 2, 1],
            0,
        )
        target = np.maximum(earned, tier_idx)
        if month.month == 12:
            target = np.maximum(earned, tier_idx - 1)
        changed = np.flatnonzero(target != tier_idx)
        tiers.append(
            pd.DataFrame(
                {
                    "customer": changed,
                    "date": month_end,
                    "tier_from": tier_idx[changed],
                    "tier_to": target[changed],
                }
            )
        )
        tier_idx = target
        # leaving for good: a monthly hazard from satisfaction, late complaints, tier, referral
        hazard = (
            0.034
            * 0.65 ** ((sat - 60) / 10)
            * tier_hazard[tier_idx]
            * np.where(late_until >= m, 3.0, 1.0)
            * np.where(referred, 0.8, 1.0)
        )
        leaving = active & ~new & (rng.random(n) < hazard)
        alive &= ~leaving
        left_month[leaving] = m
        sat = np.clip(sat + rng.normal(0.3, 1.5, n), 0, 100)

    return dict(
        cust=cust,
        orders=pd.concat(orders, ignore_index=True),
        tickets=pd.concat(tickets, ignore_index=True),
        surveys=pd.concat(surveys, ignore_index=True),
        tiers=pd.concat(tiers, ignore_index=True),
        contacts=pd.concat(contacts, ignore_index=True),
        tier_idx=tier_idx,
        alive=alive,
        left_month=left_month,
        contact_channel=contact_channel,
    )


def _ids(prefix: str, k: int, width: int) -> np.ndarray:
    return np.array([f"{prefix}{i:0{width}d}" for i in range(1, k + 1)], dtype=object)


def _times(rng, dates, low=9, high=22) -> pd.DatetimeIndex:
    """Times of day (to the minute) on the given days, between ``low`` and ``high`` o'clock."""
    minutes = rng.integers(low * 60, high * 60, len(dates))
    return pd.DatetimeIndex(dates) + pd.to_timedelta(minutes, unit="min")


def _ticket_text(rng, category, language, sentiment):
    texts = []
    for cat, lang, sent in zip(category, language, sentiment):
        zh = lang == "zh"
        opener = _OPEN[rng.integers(len(_OPEN))][zh]
        issue = _ISSUE[cat][zh].format(d=int(rng.integers(3, 12)))
        tone = _TONE[sent][rng.integers(len(_TONE[sent]))][zh]
        if zh:
            texts.append(f"{opener}{issue}。{tone}")
        else:
            texts.append(f"{opener} {issue[0].upper() + issue[1:] if not opener else issue}. {tone}".strip())
    return texts


def _journeys(rng, orders: pd.DataFrame, customers: pd.DataFrame) -> pd.DataFrame:
    """Touchpoint events: journeys that ended in a sample of the orders, and journeys that did not."""
    online = orders["channel"].isin(["app", "mini_program", "web"]).to_numpy()
    take = rng.random(len(orders)) < np.where(online, 0.34, 0.12)
    won = orders.loc[take, ["order_id", "customer_id", "order_date", "channel"]].reset_index(drop=True)
    n_lost = 9000
    lost_days = START + pd.to_timedelta(rng.integers(0, (END - START).days + 1, n_lost), unit="D")
    lost = pd.DataFrame(
        {
            "order_id": None,
            "customer_id": rng.choice(customers["customer_id"].to_numpy(), n_lost),
            "order_date": lost_days,
            "channel": _pick(rng, n_lost, ORDER_CHANNELS, [0.2, 0.35, 0.35, 0.1]),
        }
    )
    journeys = pd.concat([won.assign(converted=True), lost.assign(converted=False)], ignore_index=True)
    journeys = journeys.sort_values(["order_date", "customer_id"], kind="stable", ignore_index=True)
    journeys["journey_id"] = _ids("J", len(journeys), 6)
    # deepest stage: converted journeys reach checkout (and sometimes after-sales); the others
    # stop earlier, most often at the weak mini-program and consultation touchpoints
    k = len(journeys)
    conv = journeys["converted"].to_numpy()
    stop = rng.choice(7, size=k, p=[0.22, 0.13, 0.12, 0.25, 0.12, 0.04, 0.12])
    deepest = np.where(conv, np.where(rng.random(k) < 0.3, 7, 6), stop)
    start = np.minimum(rng.choice(3, size=k, p=[0.5, 0.28, 0.22]), deepest)
    include = {0: 0.0, 1: 0.35, 2: 0.4, 4: 0.3}
    rows = []
    chan = journeys["channel"].to_numpy()
    for s, stage in enumerate(STAGES):
        if s in (6, 7):
            present = deepest >= s
        elif s == 3:
            present = (
                (start <= 3)
                & (deepest >= 3)
                & ((deepest == 3) | (rng.random(k) < np.where(chan == "mini_program", 0.75, 0.2)))
            )
        elif s == 5:
            present = (deepest >= 5) & (
                (deepest == 5) | (rng.random(k) < np.where(chan == "store", 0.9, 0.05))
            )
        else:
            present = (
                (start <= s) & (deepest >= s) & ((start == s) | (deepest == s) | (rng.random(k) < include[s]))
            )
        idx = np.flatnonzero(present)
        if stage in STAGE_CHANNELS:
            options, p = STAGE_CHANNELS[stage]
            p = np.asarray(p, float)
            if stage == "ad_view":  # journeys that end in an order started more often from search ads
                won_p = np.array([0.28, 0.42, 0.18, 0.12])
                channel = np.where(
                    conv[idx], _pick(rng, len(idx), options, won_p), _pick(rng, len(idx), options, p)
                )
            elif stage == "content":
                won_p = np.array([0.2, 0.55, 0.12, 0.13])
                channel = np.where(
                    conv[idx], _pick(rng, len(idx), options, won_p), _pick(rng, len(idx), options, p)
                )
            else:
                channel = _pick(rng, len(idx), options, p)
        else:
            channel = chan[idx]
        rows.append(pd.DataFrame({"j": idx, "s": s, "channel": channel}))
    events = pd.concat(rows, ignore_index=True)
    # times: stages in order over the days before the order (after-sales a few days after);
    # each journey has its own pace, and within a day the stages follow each other
    order_day = journeys["order_date"].to_numpy()[events["j"]]
    s = events["s"].to_numpy()
    pace = rng.integers(0, 3, k)[events["j"]]
    since_start = (pd.DatetimeIndex(order_day) - START).days.to_numpy()
    lead = np.minimum((6 - np.minimum(s, 6)) * pace, since_start)
    after = rng.integers(2, 9, k)[events["j"]]
    lead = np.where(s == 7, -after, lead)
    minute = 8 * 60 + s * 100 + rng.integers(0, 9, len(events)) * 10
    when = pd.DatetimeIndex(order_day - lead.astype("timedelta64[D]")) + pd.to_timedelta(minute, unit="min")
    when = when.where(when < AS_OF, END + pd.Timedelta(hours=22, minutes=30))
    # ratings: about half the events are rated; three touchpoints are planted as weak
    mean = np.array([STAGE_RATING[STAGES[i]] for i in s]) + np.where(conv[events["j"]], 0.15, -0.15)
    month_wobble = 0.12 * np.sin(when.month.to_numpy() + s)
    rated = rng.random(len(events)) < np.where(s == 7, 0.7, 0.45)
    rating = np.clip(np.round(rng.normal(mean + month_wobble, 0.95)), 1, 5)
    table = pd.DataFrame(
        {
            "journey_id": journeys["journey_id"].to_numpy()[events["j"]],
            "customer_id": journeys["customer_id"].to_numpy()[events["j"]],
            "timestamp": when,
            "stage": np.asarray(STAGES, dtype=object)[s],
            "channel": events["channel"].to_numpy(),
            "satisfaction": pd.array(np.where(rated, rating, np.nan), dtype="Int64"),
            "converted": conv[events["j"]],
            "order_id": np.where(s == 6, journeys["order_id"].to_numpy()[events["j"]], None),
        }
    )
    return table.sort_values(["journey_id", "timestamp", "stage"], kind="stable", ignore_index=True)


def generate(seed: int | np.random.Generator = SEED) -> dict[str, pd.DataFrame]:
    """Generate every table of the synthetic brand; the same seed gives the same tables.

    Parameters
    ----------
    seed : int or numpy.random.Generator, default SEED
        The course's seed rule (:func:`course_lib.validation.seed_int`): a whole number ≥ 0.
        The shipped ``datasets/`` come from :data:`~course_lib.data.schema.SEED`.

    Returns
    -------
    dict of str to pandas.DataFrame
        One table per name of :data:`~course_lib.data.schema.TABLES`, with parsed types
        (the loaders' form).

    Examples
    --------
    >>> sorted(TABLES)                    # generate() returns one DataFrame per table
    ['campaigns', 'customers', 'followups', 'loyalty', 'orders', 'surveys', 'tickets', 'touchpoints']
    >>> generate(seed=-1)
    Traceback (most recent call last):
    ...
    course_lib.validation.CourseDataError: `seed` must be ≥ 0; got -1.
    """
    rng = make_rng(seed)
    w = _simulate(rng)
    cust = w["cust"]
    ids = cust["customer_id"].to_numpy()
    n = len(cust)

    # ---- orders
    o = w["orders"]
    # a gift redeemed with a voucher is a separate, fully discounted order on the day of a paid one
    gift = o[(o["amount"] > 0).to_numpy() & (rng.random(len(o)) < 0.005)].copy()
    gift["gross_amount"] = rng.choice([59.0, 99.0, 129.0, 199.0], size=len(gift))
    gift["discount"], gift["amount"] = gift["gross_amount"], 0.0
    gift["category"] = CATEGORIES.index("accessories")
    o = pd.concat([o, gift], ignore_index=True)
    o = o.sort_values(["order_date", "customer"], kind="stable", ignore_index=True)
    orders = pd.DataFrame(
        {
            "order_id": _ids("O", len(o), 6),
            "customer_id": ids[o["customer"]],
            "order_date": pd.to_datetime(o["order_date"]),
            "channel": np.asarray(ORDER_CHANNELS, dtype=object)[o["channel"]],
            "category": np.asarray(CATEGORIES, dtype=object)[o["category"]],
            "gross_amount": o["gross_amount"].astype(float),
            "discount": o["discount"].astype(float),
            "amount": o["amount"].astype(float),
        }
    )

    # ---- customers: referrers are earlier members, more often heavy buyers
    spend = orders.groupby("customer_id")["amount"].sum().reindex(ids, fill_value=0.0).to_numpy()
    referred_by = np.full(n, None, dtype=object)
    for i in np.flatnonzero(cust["referred"].to_numpy()):
        if i == 0:
            continue
        weights = spend[:i] + 50.0
        referred_by[i] = ids[rng.choice(i, p=weights / weights.sum())]
    customers = cust.drop(columns="referred").assign(
        referred_by=referred_by, membership_tier=np.asarray(TIERS, dtype=object)[w["tier_idx"]]
    )
    customers = customers[[c.name for c in TABLES["customers"]["columns"]]]

    # ---- tickets
    t = w["tickets"].sort_values(["order_date", "customer"], kind="stable", ignore_index=True)
    k = len(t)
    order_lookup = o.reset_index().set_index(["customer", "order_date"])["index"]
    first_order = order_lookup[~order_lookup.index.duplicated()]
    order_rows = first_order.reindex(pd.MultiIndex.from_arrays([t["customer"], t["order_date"]])).to_numpy()
    opened = _times(
        rng, pd.to_datetime(t["order_date"]) + pd.to_timedelta(rng.integers(1, 9, k), unit="D"), 8, 23
    )
    opened = opened.where(opened < AS_OF, END + pd.Timedelta(hours=18))
    wait = pd.to_timedelta(np.round(t["wait_hours"].to_numpy() * 60), unit="min")
    severity = _pick(rng, k, ["low", "medium", "high"], [0.45, 0.4, 0.15])
    solve_median = np.select([severity == "low", severity == "medium"], [6.0, 14.0], 30.0)
    solve = pd.to_timedelta(np.round(solve_median * np.exp(rng.normal(0, 0.8, k)) * 60), unit="min")
    late = t["wait_hours"].to_numpy() > 1.0
    slow = (wait + solve) > pd.Timedelta(hours=24)
    csat = np.clip(np.round(rng.normal(4.1 - 1.1 * late - 0.8 * np.asarray(slow), 0.8)), 1, 5).astype(int)
    category = _pick(rng, k, TICKET_CATEGORIES, TICKET_CATEGORY_P)
    language = np.where(rng.random(k) < 0.62, "zh", "en")
    p_neg = np.select([severity == "high", severity == "medium"], [0.85, 0.66], 0.45)
    u = rng.random(k)
    sentiment = np.where(
        u < p_neg, "negative", np.where(u < p_neg + (1 - p_neg) * 0.72, "neutral", "positive")
    )
    tickets = pd.DataFrame(
        {
            "ticket_id": _ids("T", k, 5),
            "customer_id": ids[t["customer"]],
            "order_id": orders["order_id"].to_numpy()[order_rows],
            "opened_at": opened,
            "first_response_at": opened + wait,
            "resolved_at": opened + wait + solve,
            "channel": t["channel"].to_numpy(),
            "category": category,
            "severity": severity,
            "csat": csat,
            "language": language,
            "text": _ticket_text(rng, category, language, sentiment),
            "sentiment": sentiment,
        }
    )

    # ---- surveys
    s = w["surveys"].sort_values(["order_date", "customer"], kind="stable", ignore_index=True)
    k = len(s)
    satisfaction = np.clip(np.round(s["sat"].to_numpy() + rng.normal(0, 6, k)), 0, 100).astype(int)
    survey_date = pd.to_datetime(s["order_date"]) + pd.to_timedelta(rng.integers(2, 10, k), unit="D")
    survey_date = survey_date.where(survey_date <= END, END)
    surveys = pd.DataFrame(
        {
            "survey_id": _ids("S", k, 5),
            "customer_id": ids[s["customer"]],
            "survey_date": survey_date,
            "nps": np.clip(np.round((satisfaction + 6) / 10 + rng.normal(0, 1.3, k)), 0, 10).astype(int),
            "satisfaction": satisfaction,
            "csat": np.clip(np.round(1 + satisfaction / 25 + rng.normal(0, 0.6, k)), 1, 5).astype(int),
        }
    ).sort_values(["survey_date", "customer_id"], kind="stable", ignore_index=True)
    surveys["survey_id"] = _ids("S", k, 5)

    # ---- loyalty ledger
    loyalty = _ledger(orders, customers, w["tiers"], ids)

    # ---- campaigns: conversion is read off the orders themselves
    c = w["contacts"].reset_index(drop=True)
    c["customer_id"] = ids[c["customer"]]
    c["day"] = pd.to_datetime(c["day"])
    meta = {camp.campaign_id: camp for camp in (*CAMPAIGNS, BIRTHDAY)}
    window = c["campaign"].map(lambda x: meta[x].window).to_numpy()
    pairs = (
        c[["customer_id", "day"]]
        .assign(row=np.arange(len(c)), window=window)
        .merge(orders[["customer_id", "order_date"]], on="customer_id", how="inner")
    )
    hit = (pairs["order_date"] >= pairs["day"]) & (
        pairs["order_date"] < pairs["day"] + pd.to_timedelta(pairs["window"], unit="D")
    )
    converted = np.zeros(len(c), bool)
    converted[pairs.loc[hit, "row"].unique()] = True
    treated = (c["group"] == "treatment").to_numpy()
    open_rate = c["campaign"].map(lambda x: meta[x].open_rate).to_numpy()
    responded = treated & ((converted & (rng.random(len(c)) < 0.8)) | (rng.random(len(c)) < open_rate))
    opted = treated & (rng.random(len(c)) < c["campaign"].map(lambda x: meta[x].opt_out).to_numpy())
    campaigns = pd.DataFrame(
        {
            "contact_id": None,
            "campaign_id": c["campaign"].to_numpy(),
            "campaign_name": c["campaign"].map(lambda x: meta[x].name).to_numpy(),
            "customer_id": c["customer_id"].to_numpy(),
            "contact_date": c["day"],
            "send_hour": c["send_hour"].astype(int).to_numpy(),
            "channel": np.where(
                c["campaign"] == "CMP-2024-TIMING", "app_push", w["contact_channel"][c["customer"]]
            ),
            "group": c["group"].to_numpy(),
            "offer": c["campaign"].map(lambda x: meta[x].offer).to_numpy(),
            "responded": responded,
            "converted": converted,
            "opted_out": opted,
        }
    ).sort_values(["contact_date", "campaign_id", "customer_id"], kind="stable", ignore_index=True)
    campaigns["contact_id"] = _ids("K", len(campaigns), 6)

    followups = _followups(rng, customers, orders, w["left_month"])
    touchpoints = _journeys(rng, orders, customers)
    return {
        "customers": customers,
        "orders": orders,
        "touchpoints": touchpoints,
        "tickets": tickets,
        "surveys": surveys,
        "loyalty": loyalty,
        "campaigns": campaigns,
        "followups": followups,
    }


def _ledger(orders, customers, tier_moves, ids) -> pd.DataFrame:
    """Points: 1 per yuan paid (double in the birthday month); redemptions of 500-point
    vouchers; at each year end the balance of a customer silent for 180 days expires."""
    birth = customers.set_index("customer_id")["birth_date"].dt.month
    earn = orders[orders["amount"] > 0][["customer_id", "order_date", "order_id", "amount"]].copy()
    double = earn["order_date"].dt.month.to_numpy() == birth.reindex(earn["customer_id"]).to_numpy()
    earn["points"] = np.floor(earn["amount"]).astype(int) * np.where(double, 2, 1)
    rows = []
    rng = make_rng(SEED + 1)
    year_ends = [pd.Timestamp("2023-12-31"), pd.Timestamp("2024-12-31")]
    for cid, group in earn.groupby("customer_id", sort=True):
        balance, last = 0, None
        pending = list(year_ends)
        for day, oid, pts in zip(group["order_date"], group["order_id"], group["points"]):
            while pending and day > pending[0]:
                if balance > 0 and (pending[0] - last).days > 180:
                    rows.append((cid, pending[0], "expire", -balance, None, None, None))
                    balance = 0
                pending.pop(0)
            if balance >= 1000 and rng.random() < 0.35:
                used = int(balance // 500) * 500
                rows.append((cid, day, "redeem", -used, oid, None, None))
                balance -= used
            rows.append((cid, day, "earn", int(pts), oid, None, None))
            balance += int(pts)
            last = day
        for end in pending:
            if balance > 0 and (end - last).days > 180:
                rows.append((cid, end, "expire", -balance, None, None, None))
                balance = 0
    moves = tier_moves.assign(customer_id=ids[tier_moves["customer"]])
    for cid, day, a, b in zip(moves["customer_id"], moves["date"], moves["tier_from"], moves["tier_to"]):
        rows.append((cid, day, "tier_change", 0, None, TIERS[a], TIERS[b]))
    ledger = pd.DataFrame(
        rows, columns=["customer_id", "date", "kind", "points", "order_id", "tier_from", "tier_to"]
    )
    ledger["date"] = pd.to_datetime(ledger["date"]).dt.normalize()
    kind_order = ledger["kind"].map({"tier_change": 0, "redeem": 1, "earn": 2, "expire": 3})
    ledger = (
        ledger.assign(_k=kind_order)
        .sort_values(["date", "customer_id", "_k"], kind="stable", ignore_index=True)
        .drop(columns="_k")
    )
    ledger.insert(0, "entry_id", _ids("L", len(ledger), 6))
    return ledger


#: Follow-up interval (days) by membership tier and the share of each tier the care team covers.
FOLLOWUP_PLAN = {"member": (90, 0.1), "silver": (60, 0.35), "gold": (45, 0.8), "platinum": (30, 1.0)}
FOLLOWUP_RESPONSE = {"phone": 0.56, "wechat": 0.47, "sms": 0.19, "email": 0.11}


def _followups(rng, customers, orders, left_month) -> pd.DataFrame:
    rows = []
    tiers = customers["membership_tier"].to_numpy()
    signup = customers["signup_date"].to_numpy()
    first_order = orders.groupby("customer_id")["order_date"].min().reindex(customers["customer_id"])
    channels = np.array(["phone", "wechat", "sms", "email"])
    consent = customers[["consent_phone", "consent_wechat", "consent_sms", "consent_email"]].to_numpy()
    for i, cid in enumerate(customers["customer_id"].to_numpy()):
        interval, cover = FOLLOWUP_PLAN[tiers[i]]
        if not consent[i].any() or rng.random() >= cover or pd.isna(first_order.iloc[i]):
            continue
        day = max(pd.Timestamp(signup[i]), START) + pd.Timedelta(days=int(rng.integers(3, 20)))
        gone = START + pd.DateOffset(months=int(left_month[i])) if left_month[i] < 99 else AS_OF
        allowed = channels[consent[i]]
        first = True
        while day <= END:
            channel = allowed[rng.integers(len(allowed))]
            p = FOLLOWUP_RESPONSE[channel] * (0.35 if day > gone else 1.0)
            answered = rng.random() < p
            onboarding = first and pd.Timestamp(signup[i]) >= START
            purpose = (
                "onboarding"
                if onboarding
                else ("vip_care" if tiers[i] in ("gold", "platinum") else "maintenance")
            )
            outcome = (
                rng.choice(["reached", "resolved", "callback_requested"], p=[0.7, 0.2, 0.1])
                if answered
                else "no_answer"
            )
            rows.append((cid, day, channel, purpose, answered, outcome, AGENTS[rng.integers(len(AGENTS))]))
            first = False
            day = day + pd.Timedelta(days=int(interval * rng.uniform(0.8, 1.3)))
    table = pd.DataFrame(
        rows, columns=["customer_id", "date", "channel", "purpose", "responded", "outcome", "agent"]
    )
    table = table.sort_values(["date", "customer_id"], kind="stable", ignore_index=True)
    table.insert(0, "followup_id", _ids("F", len(table), 5))
    return table


# ------------------------------------------------------------------------------ writing
def _to_csv_frame(frame: pd.DataFrame, columns) -> pd.DataFrame:
    out = {}
    for col in columns:
        values = frame[col.name]
        if col.kind == "date":
            out[col.name] = pd.to_datetime(values).dt.strftime("%Y-%m-%d")
        elif col.kind == "datetime":
            out[col.name] = pd.to_datetime(values).dt.strftime("%Y-%m-%d %H:%M")
        elif col.kind == "float":
            out[col.name] = values.map(lambda v: f"{v:.2f}")
        else:
            out[col.name] = values
    return pd.DataFrame(out)


def write_datasets(folder: str | Path | None = None, *, seed: int = SEED) -> list[Path]:
    """Generate the tables and write them, and the data dictionary, into ``folder``.

    Parameters
    ----------
    folder : str or Path, optional
        Where to write; default the course's ``datasets/`` (created if missing).
    seed : int, default SEED
        Seed of :func:`generate`; the shipped files come from the default.

    Returns
    -------
    list of Path
        The files written: one ``<table>.csv`` per table, then ``README.md``.

    Examples
    --------
    >>> paths = write_datasets("/tmp/lumen")      # doctest: +SKIP
    >>> [p.name for p in paths][:2]               # doctest: +SKIP
    ['customers.csv', 'orders.csv']
    """
    folder = Path(folder or DATASETS)
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, table in generate(seed).items():
        path = folder / f"{name}.csv"
        _to_csv_frame(table, TABLES[name]["columns"]).to_csv(path, index=False, lineterminator="\n")
        written.append(path)
    readme = folder / "README.md"
    readme.write_text(data_dictionary(), encoding="utf-8")
    written.append(readme)
    return written


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m course_lib.data``: regenerate ``datasets/``; returns the exit status 0."""
    for path in write_datasets():
        print(f"wrote {path.relative_to(DATASETS.parent)}")
    return 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
