"""The customer-base simulator behind the turnaround capstone (simulation layer).

A month-by-month, seeded, vectorised simulation of a retail brand's customers. The whole
model is *course design*: the strategy article reports the turnaround's "before" and "after"
figures and its four moves (see ``docs/sources.md#turnaround-case``) but not how a brand gets
from one to the other, so the course states its own mechanics here, in plain rules a trainee
can read.

**Calibrated to the case.** The constants below were tuned until the strategy ``baseline``
stays near the case's "before" (monthly repurchase about 15 %, complaint rate about 22 %, NPS
−18) and the strategy ``four_moves`` (``deck`` in older code) — the case's four moves as levers —
reaches the case's "after" in month 6 (repurchase 42 %, complaints under 5 %, NPS 45, referrals
35 % of new customers); ``tests/test_simulation.py`` holds them there. That the four moves
reach the "after" is therefore how the simulator was built, not a finding. What it can show,
under these rules: what each lever costs, how fast an effect builds, and how strategies trade
profit against customer KPIs on the same customers. What it cannot show: that the moves caused
the case's turnaround, or what any move would do for a real brand — that takes a pilot against
control stores with a pre-registered KPI (chapter 6, section 6.7).

**State of each customer** — value tier (Diamond 金钻 / Silver 白银 / Bronze 铜 / Iron 铁,
18 / 22 / 30 / 30 % of the starting base), satisfaction (0–100), active or churned, points
balance, birthday month, how they came (``referred``) and the month of their last order.

**One month**, in this order (every probability is drawn independently per customer):

1. *Satisfaction* moves 30 % of the way towards a target, plus noise (sd 2). The target is
   ``46 + service (0 / 5 / 11 by level) + benefits (0 / 3 / 6) + 8·(1 − e^(−useful/4))
   − 1.5·max(0, tiring − 4)``, where *useful* = contacts × channel pull (SMS 0.4, WeChat 1.2,
   community 1.0, app 0.6) and *tiring* = contacts × channel fatigue (1.0, 0.4, 0.25, 0.6):
   a few useful contacts please, too many push messages annoy.
2. *Purchase* with probability ``BASE_BUY[tier] × 1.03^(satisfaction − 50) × contact lift ×
   points lift × service lift``, where contact lift = ``1 + 0.75·(1 − e^(−useful/3))``,
   points lift = ``multiplier^0.2`` (0.9 without points) and service lift 1 / 1.10 / 1.25
   (× 1.3 in the birthday month with birthday double points), capped at 0.9; the basket
   is gamma-distributed (shape 4) around the tier's mean basket.
3. *Complaint* by a buyer with probability ``0.19 × 1.03^(50 − satisfaction) × service
   factor`` × 0.7 with free returns × 0.55 with regular service reports (root-cause review).
4. *Complaint handling* costs satisfaction ``3 + 15·(1 − e^(−hours/12))`` points for a first
   response after ``hours``, and wins back ``10·(1 − e^(−compensation/80))`` points (+5 with
   a dedicated agent). A complaint that still costs more than 6 points doubles the
   customer's churn risk this month and next.
5. *Churn* with probability ``BASE_CHURN[tier] × 0.8^((satisfaction − 50)/10)`` (chapter
   1's claim "+10 points of satisfaction ≈ −20 % churn") × service and benefit factors
   × 0.8 for referred customers, × 2 after a badly handled complaint.
6. *Win-back*: customers lost in the last six months get the win-back offer; each comes
   back with probability ``0.12·(1 − e^(−offer/60))`` and places an order.
7. *Survey and referrals*: every active customer answers the 0–10 recommendation question
   (``satisfaction/10.5 + 2.75`` plus noise with sd 1.4, rounded); promoters (9–10) bring a friend with
   probability ``0.004 + 0.035·(1 − e^(−reward/150))``. Paid acquisition brings
   ``acquisition_rate × n_customers`` new customers a month (Poisson). Newcomers place a
   first order when they join.

**Money.** Revenue is what customers pay. Cost is the cost of goods (55 % of revenue, the
course's 45 % gross margin) plus every lever's cost that month (:data:`LEVER_COSTS`);
profit = revenue − cost. No lever is free, so a strategy that buys every KPI at any price
loses money.

**KPIs** (one row per month, :func:`simulate`) — the turnaround case's monthly KPIs, with the
definitions :mod:`course_lib.kpis` gives them on real tables (``repurchase_rate`` is
:func:`~course_lib.kpis.monthly_repurchase_rate`, ``complaint_rate`` is
:func:`~course_lib.kpis.monthly_complaint_rate`, not the yearly KPIs of chapter 1):

- ``repurchase_rate`` 复购率: customers active at the start of the month who ordered in it,
  over customers active at the start of the month (newcomers' first orders do not count);
- ``complaint_rate`` 投诉率: customers who complained over customers who ordered that month;
- ``nps`` 净推荐值: % promoters (9–10) − % detractors (0–6) among active customers at month end;
- ``referral_share`` 推荐新客占比: new customers who came by referral over all new customers
  (win-backs excluded; 0 in a month without newcomers);
- ``revenue``, ``cost``, ``profit`` (CNY), plus ``active_customers``, ``new_customers``,
  ``churn_rate`` (churned over active at the start of the month) and ``satisfaction`` (mean).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import asdict, dataclass, fields, replace

import numpy as np
import pandas as pd

from ..language import N_, tr
from ..tiers import TIER_CUTOFFS
from ..validation import CourseDataError, make_rng, require_fraction, require_number, require_whole

__all__ = [
    "TIERS",
    "CHANNELS",
    "LEVER_COSTS",
    "Strategy",
    "BASELINE",
    "FOUR_MOVES",
    "DECK",
    "SimulationResult",
    "strategy_named",
    "simulate",
    "lever_costs",
    "normalise_mix",
]

TIERS = ("diamond", "silver", "bronze", "iron")
TIER_ZH = ("金钻", "白银", "铜", "铁")
#: Starting shares of the value tiers: the course's one set of thresholds (rfm.TIER_CUTOFFS).
TIER_SHARES = np.array([0.18, 0.22, 0.30, 0.30])
assert np.allclose(np.cumsum(TIER_SHARES)[:3], TIER_CUTOFFS), "simulator tiers follow rfm.TIER_CUTOFFS"
CHANNELS = ("sms", "wechat", "community", "app")

#: Monthly purchase probability of a customer at satisfaction 50 with no levers, by tier.
BASE_BUY = np.array([0.33, 0.19, 0.11, 0.07])
#: Mean basket (CNY) by tier: the Diamond 18 % bring about 70 % of revenue.
BASKET = np.array([1200.0, 450.0, 250.0, 150.0])
#: Monthly churn probability at satisfaction 50 with no levers, by tier.
BASE_CHURN = np.array([0.025, 0.040, 0.050, 0.060])
MARGIN = 0.45

# Effects of the service level (0 standard, 1 enhanced, 2 dedicated assistant) by level.
_SERVICE_SAT = np.array([0.0, 5.0, 11.0])
_SERVICE_BUY = np.array([1.0, 1.10, 1.25])
_SERVICE_COMPLAINT = np.array([1.0, 0.85, 0.70])
_SERVICE_CHURN = np.array([1.0, 0.85, 0.70])
# Effects of member benefits (0 none, 1 gifts and member content, 2 member academy and
# points redeemable for styling services).
_BENEFIT_SAT = np.array([0.0, 3.0, 6.0])
_BENEFIT_CHURN = np.array([1.0, 0.92, 0.85])
# Per-contact response weight and fatigue by channel (sms, wechat, community, app).
_CHANNEL_PULL = np.array([0.4, 1.2, 1.0, 0.6])
_CHANNEL_FATIGUE = np.array([1.0, 0.4, 0.25, 0.6])

#: What each lever costs (CNY), the course's own price list (course design).
LEVER_COSTS = {
    "service_level": {"unit": N_("per active customer and month, by level 0/1/2"), "cost": (0.0, 6.0, 35.0)},
    "contacts": {
        "unit": N_("per contact, by channel sms/wechat/community/app"),
        "cost": (0.10, 1.00, 0.40, 0.05),
    },
    "response_hours": {
        "unit": N_("service staff per active customer and month: 0.4 × √(24 / hours)"),
        "cost": 0.4,
    },
    "compensation": {"unit": N_("per complaint, as set"), "cost": None},
    "dedicated_agent": {"unit": N_("per complaint"), "cost": 25.0},
    "free_returns": {"unit": N_("share of revenue (return shipping and handling)"), "cost": 0.02},
    "service_reports": {"unit": N_("per active customer and month (root-cause reviews)"), "cost": 0.30},
    "points": {"unit": N_("per point redeemed (15 % of a balance is redeemed each month)"), "cost": 0.01},
    "birthday_double": {
        "unit": N_("gift per customer in their birthday month (plus double points)"),
        "cost": 20.0,
    },
    "member_benefits": {"unit": N_("per active customer and month, by level 0/1/2"), "cost": (0.0, 2.0, 6.0)},
    "referral_reward": {"unit": N_("paid to each side per referred customer's first order"), "cost": None},
    "winback_offer": {
        "unit": N_("coupon per returning customer, plus 0.5 per lapsed customer contacted"),
        "cost": 0.5,
    },
    "acquisition_rate": {"unit": N_("per paid new customer (customer acquisition cost)"), "cost": 150.0},
}

_DEFAULT_MIX = (1.0, 0.0, 0.0, 0.0)
_LN_SAT_BUY = math.log(1.03)  # purchase odds × 1.03 per point of satisfaction
_LN_SAT_CHURN = math.log(0.8) / 10  # churn × 0.8 per 10 points of satisfaction
_NPS_OFFSET = 2.75


@dataclass(frozen=True)
class Strategy:
    """The levers of a customer-relationship strategy, each with a price (:data:`LEVER_COSTS`).

    Parameters
    ----------
    name : str
        Shown in tables and charts.
    service_level : tuple of 4 ints
        Service for Diamond, Silver, Bronze, Iron: 0 standard, 1 enhanced (styling guides,
        bundle coupons, priority purchase), 2 dedicated shopping assistant and early access.
    contacts_per_month : float
        Interaction cadence: messages, posts and offers each active customer receives (0–30).
    channel_mix : tuple of 4 floats
        Shares of contacts by SMS, enterprise WeChat, community and app; they sum to 1.
    response_hours : float
        First response time to a complaint, in hours (0.25–168).
    compensation : float
        CNY of compensation per complaint (coupon, refund, gift).
    dedicated_agent, free_returns, service_reports : bool
        A dedicated agent follows each complainant; 30-day free returns; regular service
        reports with a root-cause review of complaints.
    points_multiplier : float
        Points per CNY spent (1 is the usual programme, 0 no points at all).
    birthday_double : bool
        Double points and a gift in the birthday month.
    member_benefits : int
        0 none, 1 gifts and member content, 2 member academy and points for styling services.
    referral_reward : float
        CNY coupon for each side once a referred customer places the first order.
    winback_offer : float
        CNY coupon offered to customers lost in the last six months (0: no win-back).
    acquisition_rate : float
        Paid new customers a month, as a share of the starting base.

    Examples
    --------
    >>> cheaper = FOUR_MOVES.replace(name="cheaper referrals", referral_reward=100)
    >>> cheaper.referral_reward, FOUR_MOVES.referral_reward
    (100.0, 200.0)
    """

    name: str = "custom"
    service_level: tuple = (0, 0, 0, 0)
    contacts_per_month: float = 1.0
    channel_mix: tuple = _DEFAULT_MIX
    response_hours: float = 48.0
    compensation: float = 0.0
    dedicated_agent: bool = False
    free_returns: bool = False
    service_reports: bool = False
    points_multiplier: float = 1.0
    birthday_double: bool = False
    member_benefits: int = 0
    referral_reward: float = 0.0
    winback_offer: float = 0.0
    acquisition_rate: float = 0.03

    def __post_init__(self):
        if not isinstance(self.name, str):
            raise TypeError(f"`name` must be a string; got {type(self.name).__name__}.")
        levels = (
            tuple(self.service_level) if isinstance(self.service_level, (list, tuple, np.ndarray)) else None
        )
        if (
            levels is None
            or len(levels) != 4
            or any(isinstance(v, (bool, np.bool_)) or v not in (0, 1, 2) for v in levels)
        ):
            raise CourseDataError(
                "`service_level` must be four levels (Diamond, Silver, Bronze, "
                f"Iron), each 0, 1 or 2; got {self.service_level!r}."
            )
        object.__setattr__(self, "service_level", tuple(int(v) for v in levels))
        mix = tuple(self.channel_mix) if isinstance(self.channel_mix, (list, tuple, np.ndarray)) else None
        if mix is None or len(mix) != 4:
            raise CourseDataError(
                f"`channel_mix` must be four shares (sms, wechat, community, app); got {self.channel_mix!r}."
            )
        mix = tuple(require_fraction(v, "channel_mix") for v in mix)
        if abs(sum(mix) - 1) > 1e-6:
            raise CourseDataError(f"`channel_mix` shares must sum to 1; they sum to {sum(mix):.3f}.")
        object.__setattr__(self, "channel_mix", mix)
        for name, low, high in (
            ("contacts_per_month", 0, 30),
            ("response_hours", 0.25, 168),
            ("compensation", 0, 2000),
            ("points_multiplier", 0, 5),
            ("referral_reward", 0, 2000),
            ("winback_offer", 0, 2000),
            ("acquisition_rate", 0, 0.5),
        ):
            object.__setattr__(self, name, require_number(getattr(self, name), name, low=low, high=high))
        for name in ("dedicated_agent", "free_returns", "service_reports", "birthday_double"):
            if not isinstance(getattr(self, name), (bool, np.bool_)):
                raise TypeError(f"`{name}` must be True or False; got {getattr(self, name)!r}.")
            object.__setattr__(self, name, bool(getattr(self, name)))
        object.__setattr__(
            self, "member_benefits", require_whole(self.member_benefits, "member_benefits", low=0, high=2)
        )

    def replace(self, **changes) -> Strategy:
        """A copy with some levers changed (validated like a new strategy)."""
        unknown = sorted(set(changes) - {f.name for f in fields(self) if f.init})
        if unknown:
            raise CourseDataError(
                f"Strategy has no lever(s) {unknown}; the levers are "
                f"{[f.name for f in fields(self) if f.init]}."
            )
        return replace(self, **changes)

    def levers(self) -> pd.Series:
        """The levers as a Series, for display."""
        values = {k: v for k, v in asdict(self).items() if not k.startswith("_")}
        return pd.Series(values, dtype=object, name=self.name)


#: "Acquire, don't retain": the turnaround brand before its four moves.
BASELINE = Strategy(name="baseline")

#: The four moves of the strategy article's turnaround case (tiered operations, interaction
#: upgrade, value empowerment, crisis management) turned into levers. Amounts the article does
#: not give (compensation, win-back) are course design.
FOUR_MOVES = Strategy(
    name="four_moves",
    service_level=(2, 1, 1, 0),  # (1) dedicated assistant for Diamond, guides and bundles for potential
    contacts_per_month=8.0,  # (2) enterprise WeChat + community + mini-program, daily content
    channel_mix=(0.1, 0.3, 0.4, 0.2),
    birthday_double=True,  # (2) double points and a gift in the birthday month
    member_benefits=2,  # (3) member academy, points for styling services
    referral_reward=200.0,  # (3) 200-yuan coupon to both sides
    response_hours=4.0,  # (4) complaints answered within 4 hours
    free_returns=True,  # (4) 30-day free returns
    dedicated_agent=True,  # (4) a dedicated agent for complainants
    service_reports=True,  # (4) regular service reports
    compensation=50.0,
    winback_offer=50.0,  # (1) sleeping customers are woken
)

#: The same strategy under the name the course first gave it; ``simulate("deck")`` keeps working.
DECK = FOUR_MOVES

_NAMED = {"baseline": BASELINE, "four_moves": FOUR_MOVES}
#: Older names still accepted (not listed in messages).
_ALIASES = {"deck": FOUR_MOVES}


def strategy_named(name: str | Strategy) -> Strategy:
    """The named strategy ``"baseline"`` or ``"four_moves"`` (also ``"deck"``); others are refused.

    Parameters
    ----------
    name : str or Strategy
        A strategy's name, or a :class:`Strategy` (returned as it is).

    Returns
    -------
    Strategy

    Examples
    --------
    >>> strategy_named("four_moves").response_hours
    4.0
    """
    if isinstance(name, Strategy):
        return name
    if not isinstance(name, str):
        raise TypeError(
            f"`strategy` must be a Strategy or one of {sorted(_NAMED)}; got {type(name).__name__}."
        )
    if name in _ALIASES:
        return _ALIASES[name]
    if name not in _NAMED:
        raise CourseDataError(
            f"`strategy` {name!r} is unknown; the named strategies are "
            f"{sorted(_NAMED)} — or pass a Strategy(...)."
        )
    return _NAMED[name]


def normalise_mix(weights: Sequence[float]) -> tuple[float, float, float, float]:
    """Turn four non-negative channel weights (sms, wechat, community, app) into shares.

    All zeros mean the brand's default, SMS only.

    Parameters
    ----------
    weights : sequence of four floats
        Relative weights of SMS, WeChat, community and app contacts (≥ 0).

    Returns
    -------
    tuple of four floats
        The shares, summing to 1 (a :class:`Strategy`'s ``channel_mix``).

    Examples
    --------
    >>> normalise_mix([1, 3, 4, 2])
    (0.1, 0.3, 0.4, 0.2)
    """
    values = np.asarray(weights, dtype=float)
    if values.shape != (4,) or (values < 0).any() or not np.isfinite(values).all():
        raise CourseDataError(
            f"`weights` must be four non-negative numbers (sms, wechat, "
            f"community, app); got {list(weights)!r}."
        )
    if values.sum() == 0:
        return _DEFAULT_MIX
    return tuple(round(float(v), 6) for v in values / values.sum())


def lever_costs() -> pd.DataFrame:
    """The price list of the levers as a table (course design).

    Returns
    -------
    pandas.DataFrame
        Indexed by ``lever``: the ``unit`` it is priced in and its ``cost (CNY)`` (text: one
        price, prices per level separated by "/", or "as set" where the lever is the price).
        The Chinese course shows the units, the cost column's name and "as set" in Chinese.

    Examples
    --------
    >>> "response_hours" in lever_costs().index
    True
    """
    rows = [
        {
            "lever": k,
            "unit": tr(unit),
            tr("cost (CNY)"): tr("as set")
            if v["cost"] is None
            else " / ".join(f"{c:g}" for c in v["cost"])
            if isinstance(v["cost"], tuple)
            else f"{v['cost']:g}",
        }
        for k, v in LEVER_COSTS.items()
        for unit in [v["unit"]]
    ]
    return pd.DataFrame(rows).set_index("lever")


@dataclass
class SimulationResult:
    """What :func:`simulate` returns: the strategy, the monthly KPIs and the monthly costs."""

    strategy: Strategy
    n_customers: int
    months: int
    seed: object
    kpis: pd.DataFrame
    costs: pd.DataFrame

    @property
    def totals(self) -> pd.Series:
        """Sums of revenue, cost and profit over all months; customers at the end; means of
        the rates over the last three months (or fewer)."""
        last = self.kpis.tail(min(3, len(self.kpis)))
        return pd.Series(
            {
                "revenue": float(self.kpis["revenue"].sum()),
                "cost": float(self.kpis["cost"].sum()),
                "profit": float(self.kpis["profit"].sum()),
                "active_customers_end": int(self.kpis["active_customers"].iloc[-1]),
                "new_customers": int(self.kpis["new_customers"].sum()),
                "repurchase_rate_last3": float(last["repurchase_rate"].mean()),
                "complaint_rate_last3": float(last["complaint_rate"].mean()),
                "nps_last3": float(last["nps"].mean()),
                "referral_share_last3": float(last["referral_share"].mean()),
            },
            name=self.strategy.name,
        )

    def __repr__(self):
        month6 = self.kpis.iloc[min(5, len(self.kpis) - 1)]
        return (
            f"SimulationResult({self.strategy.name!r}: {self.n_customers:,} customers × "
            f"{self.months} months, seed {self.seed!r}; month {int(month6.name)}: repurchase "
            f"{month6['repurchase_rate']:.1%}, complaints {month6['complaint_rate']:.1%}, "
            f"NPS {month6['nps']:+.0f}; profit ¥{self.kpis['profit'].sum():,.0f})"
        )


def _mechanics(s: Strategy) -> dict:
    """The strategy's levers turned into per-tier probabilities and unit costs."""
    level = np.array(s.service_level)
    mix = np.array(s.channel_mix)
    useful = s.contacts_per_month * float(mix @ _CHANNEL_PULL)
    tiring = s.contacts_per_month * float(mix @ _CHANNEL_FATIGUE)
    contact_sat = 8.0 * (1 - math.exp(-useful / 4.0)) - 1.5 * max(0.0, tiring - 4.0)
    contact_lift = 1.0 + 0.75 * (1 - math.exp(-useful / 3.0))
    points_lift = s.points_multiplier**0.2 if s.points_multiplier > 0 else 0.9
    complaint_factor = (0.7 if s.free_returns else 1.0) * (0.55 if s.service_reports else 1.0)
    hit = 3.0 + 15.0 * (1 - math.exp(-s.response_hours / 12.0))
    recovery = 10.0 * (1 - math.exp(-s.compensation / 80.0)) + (5.0 if s.dedicated_agent else 0.0)
    return {
        "target": 46.0 + _SERVICE_SAT[level] + _BENEFIT_SAT[s.member_benefits] + contact_sat,
        "buy": BASE_BUY * contact_lift * points_lift * _SERVICE_BUY[level],
        "complain": 0.19 * complaint_factor * _SERVICE_COMPLAINT[level],
        "churn": BASE_CHURN * _SERVICE_CHURN[level] * _BENEFIT_CHURN[s.member_benefits],
        "net_hit": hit - recovery,
        "refer_p": 0.004 + 0.035 * (1 - math.exp(-s.referral_reward / 150.0)),
        "winback_p": 0.12 * (1 - math.exp(-s.winback_offer / 60.0)) if s.winback_offer > 0 else 0.0,
        "contact_unit": s.contacts_per_month * float(mix @ np.array(LEVER_COSTS["contacts"]["cost"])),
        "staff_unit": LEVER_COSTS["response_hours"]["cost"] * math.sqrt(24.0 / s.response_hours),
        "service_unit": np.array(LEVER_COSTS["service_level"]["cost"])[level],
        "benefit_unit": LEVER_COSTS["member_benefits"]["cost"][s.member_benefits],
    }


class _Base:
    """The customer arrays (state and per-customer constants); grows when newcomers join."""

    _FIELDS = (
        "tier",
        "sat",
        "active",
        "points",
        "referred",
        "birth_month",
        "churned_at",
        "shock",
        "target",
        "buy",
        "complain",
        "churn",
        "basket",
    )

    def __init__(self, rng, n, mech):
        self.mech = mech
        for name in self._FIELDS:
            setattr(self, name, None)
        self.add(rng, n, referred=False, sat_mean=45.0, sat_sd=12.0)

    def add(self, rng, n, *, referred: bool, sat_mean: float, sat_sd: float = 10.0):
        mech = self.mech
        tier = rng.choice(4, size=n, p=TIER_SHARES)
        new = {
            "tier": tier.astype(np.int8),
            "sat": np.clip(rng.normal(sat_mean, sat_sd, n), 0, 100),
            "active": np.ones(n, dtype=bool),
            "points": np.zeros(n),
            "referred": np.full(n, referred),
            "birth_month": rng.integers(0, 12, n).astype(np.int8),
            "churned_at": np.full(n, -99, dtype=np.int32),
            "shock": np.zeros(n, dtype=np.int8),
            "target": mech["target"][tier],
            "buy": mech["buy"][tier],
            "complain": mech["complain"][tier],
            "churn": mech["churn"][tier] * (0.8 if referred else 1.0),
            "basket": BASKET[tier],
        }
        for name, values in new.items():
            old = getattr(self, name)
            setattr(self, name, values if old is None else np.concatenate([old, values]))
        return float((new["basket"] * rng.gamma(4.0, 0.25, n)).sum())  # first orders


def simulate(
    strategy: Strategy | str, *, n_customers: int, months: int, seed: int | np.random.Generator
) -> SimulationResult:
    """Run the customer base month by month under a strategy (see the module docstring).

    Parameters
    ----------
    strategy : Strategy or {"baseline", "four_moves"}
        The levers; ``"baseline"`` is the brand before the turnaround, ``"four_moves"`` (also
        ``"deck"``) the case's four
        moves.
    n_customers : int
        Customers at the start (≥ 1).
    months : int
        Months to simulate (≥ 1).
    seed : int or numpy.random.Generator
        The same seed gives the same run; two strategies on one seed share their first draws.

    Returns
    -------
    SimulationResult
        ``kpis`` (one row per month, index ``month`` 1, 2, …), ``costs`` (CNY per lever and
        month) and ``totals``.

    Examples
    --------
    >>> run = simulate("baseline", n_customers=2_000, months=3, seed=1)
    >>> list(run.kpis.index)
    [1, 2, 3]
    >>> bool(run.kpis["complaint_rate"].between(0, 1).all())
    True
    >>> simulate("magic", n_customers=10, months=1, seed=1)
    Traceback (most recent call last):
    ...
    course_lib.validation.CourseDataError: `strategy` 'magic' is unknown; the named strategies are ['baseline', 'four_moves'] — or pass a Strategy(...).
    """
    strategy = strategy_named(strategy)
    n_customers = require_whole(n_customers, "n_customers", low=1)
    months = require_whole(months, "months", low=1)
    rng = make_rng(seed)
    s = strategy
    mech = _mechanics(s)
    base = _Base(rng, n_customers, mech)
    net_hit = mech["net_hit"]
    cost_of = {k: v["cost"] for k, v in LEVER_COSTS.items()}

    rows, cost_rows = [], []
    for month in range(1, months + 1):
        n = base.tier.size
        active = base.active.copy()
        n_start = int(active.sum())
        tier_counts = np.bincount(base.tier[active], minlength=4)
        sat = base.sat
        # 1. satisfaction drifts towards the levers' target
        sat += 0.3 * (base.target - sat) + rng.normal(0.0, 2.0, n)
        np.clip(sat, 0, 100, out=sat)
        # 2. purchases of customers active at the start of the month
        lift = np.exp(_LN_SAT_BUY * (sat - 50))
        p_buy = base.buy * lift
        birthday = base.birth_month == (month - 1) % 12
        if s.birthday_double:
            p_buy[birthday] *= 1.3
        buys = active & (rng.random(n) < np.minimum(p_buy, 0.9))
        buyers = np.flatnonzero(buys)
        spend = base.basket[buyers] * rng.gamma(4.0, 0.25, buyers.size)
        # 3.–4. complaints by buyers and how they are handled
        p_complain = np.minimum(base.complain[buyers] / lift[buyers], 0.9)
        complainers = buyers[rng.random(buyers.size) < p_complain]
        sat[complainers] = np.clip(sat[complainers] - net_hit, 0, 100)
        if net_hit > 6:
            base.shock[complainers] = 2
        # 5. churn
        p_churn = base.churn * np.exp(_LN_SAT_CHURN * (sat - 50))
        shocked = base.shock > 0
        p_churn[shocked] *= 2.0
        churns = active & (rng.random(n) < np.minimum(p_churn, 0.9))
        base.shock[shocked] -= 1
        # 6. win-back of customers lost in the last six months
        lapsed = np.flatnonzero(~active & (month - base.churned_at <= 6))
        back = lapsed[rng.random(lapsed.size) < mech["winback_p"]]
        back_spend = base.basket[back] * rng.gamma(4.0, 0.25, back.size)
        base.churned_at[churns] = month
        base.active = active & ~churns
        base.active[back] = True
        base.churned_at[back] = -99
        sat[back] = np.maximum(sat[back], 55.0)
        # points: earned on orders, 15 % of balances redeemed, lost with the customer
        earn = spend * s.points_multiplier
        if s.birthday_double:
            earn[birthday[buyers]] *= 2
        base.points[buyers] += earn
        base.points[back] += back_spend * s.points_multiplier
        base.points[churns] = 0.0
        redeemed = 0.15 * float(base.points.sum())
        base.points *= 0.85
        # 7. survey (NPS) and referrals; paid acquisition
        asked = np.flatnonzero(base.active)
        score = np.rint(sat[asked] * (1 / 10.5) + _NPS_OFFSET + rng.normal(0, 1.4, asked.size))
        n_promoters = int((score >= 9).sum())
        nps = 100.0 * (n_promoters - int((score <= 6).sum())) / max(asked.size, 1)
        n_referred = int(rng.binomial(n_promoters, mech["refer_p"]))
        n_paid = int(rng.poisson(s.acquisition_rate * n_customers))
        new_revenue = 0.0
        if n_referred:
            new_revenue += base.add(rng, n_referred, referred=True, sat_mean=60.0)
        if n_paid:
            new_revenue += base.add(rng, n_paid, referred=False, sat_mean=48.0)

        revenue = float(spend.sum() + back_spend.sum()) + new_revenue
        n_buyers, n_complaints = int(buyers.size), int(complainers.size)
        month_costs = {
            "goods": (1 - MARGIN) * revenue,
            "service_level": float(tier_counts @ mech["service_unit"]),
            "contacts": mech["contact_unit"] * n_start,
            "complaint_staff": mech["staff_unit"] * n_start,
            "compensation": s.compensation * n_complaints,
            "dedicated_agent": cost_of["dedicated_agent"] * n_complaints if s.dedicated_agent else 0.0,
            "free_returns": cost_of["free_returns"] * revenue if s.free_returns else 0.0,
            "service_reports": cost_of["service_reports"] * n_start if s.service_reports else 0.0,
            "points": cost_of["points"] * redeemed,
            "birthday": (
                cost_of["birthday_double"] * int((birthday & active).sum()) if s.birthday_double else 0.0
            ),
            "member_benefits": mech["benefit_unit"] * n_start,
            "referral_rewards": 2 * s.referral_reward * n_referred,
            "winback": (
                s.winback_offer * back.size + cost_of["winback_offer"] * lapsed.size
                if s.winback_offer > 0
                else 0.0
            ),
            "acquisition": cost_of["acquisition_rate"] * n_paid,
        }
        cost = float(sum(month_costs.values()))
        new = n_referred + n_paid
        n_active = int(base.active.sum())
        rows.append(
            {
                "month": month,
                "repurchase_rate": n_buyers / max(n_start, 1),
                "complaint_rate": n_complaints / n_buyers if n_buyers else 0.0,
                "nps": float(nps),
                "referral_share": n_referred / new if new else 0.0,
                "revenue": revenue,
                "cost": cost,
                "profit": revenue - cost,
                "active_customers": n_active,
                "new_customers": new,
                "churn_rate": int(churns.sum()) / max(n_start, 1),
                "satisfaction": float(base.sat[base.active].mean()) if n_active else 0.0,
            }
        )
        cost_rows.append({"month": month, **month_costs})
    kpis = pd.DataFrame(rows).set_index("month")
    costs = pd.DataFrame(cost_rows).set_index("month")
    return SimulationResult(strategy, n_customers, months, seed, kpis, costs)
