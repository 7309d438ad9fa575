"""Loyalty programme economics: points and tiers, and referral programmes (analytics layer).

Two small, transparent models taught in chapter 5 (``notebooks/05_loyalty_value.ipynb``).
Both are *course design*: the sources describe tiered membership and points (the strategy
article, the CRM teaching deck) and two-sided referral rewards (the strategy article), but gives no cost model, so the course states its own in plain
arithmetic that a trainee can redo on paper.

**Points and tiers** (:func:`points_programme`, :func:`break_even_retention_lift`). Over one
year, each member's spend grows by ``spend_lift`` with the programme. Members earn
``earn_rate`` points per CNY, each point worth ``point_value`` CNY when redeemed; only the
``redemption_rate`` share is ever redeemed, the rest expires (*breakage*) and costs nothing.
Members reach a tier by their spend and get its ``benefit_rate`` (e.g. 4 % of spend in
perks). The programme's gain is the margin on the extra spend plus the margin on one more
year of spend from the ``retention_lift`` share of members who stay because of it.

**Referrals** (:func:`referral_programme`). A share of customers refer friends; invitations
become sign-ups and sign-ups become first orders. Every new customer can refer in turn, so
the programme grows by the *viral coefficient* k (new customers per customer) in each round.
Rewards go to both sides; paying them only after the newcomer's first order (as in the
material's example) means no reward is spent on sign-ups who never buy.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from .validation import CourseDataError, require_number, require_whole, to_vector

__all__ = [
    "DEFAULT_TIERS",
    "points_programme",
    "break_even_retention_lift",
    "ReferralResult",
    "referral_programme",
]

#: The course brand's membership tiers (会员等级, not the value tiers 金钻/白银/铜/铁): the
#: minimum annual spend in CNY — the thresholds of Lumen's programme in the data
#: (``course_lib.data.TIER_SPEND``, on a rolling 12 months) — and the value of each tier's
#: benefits as a share of spend (course design).
DEFAULT_TIERS = pd.DataFrame(
    {
        "tier": ["member", "silver", "gold", "platinum"],
        "tier_zh": ["普通会员", "银卡", "金卡", "白金卡"],
        "min_spend": [0.0, 1500.0, 4000.0, 9000.0],
        "benefit_rate": [0.0, 0.01, 0.03, 0.05],
    }
)


def _check_tiers(tiers) -> pd.DataFrame:
    if not isinstance(tiers, pd.DataFrame):
        raise TypeError(f"`tiers` must be a pandas DataFrame like DEFAULT_TIERS; got {type(tiers).__name__}.")
    missing = [c for c in ("tier", "min_spend", "benefit_rate") if c not in tiers.columns]
    if missing:
        raise CourseDataError(
            f"`tiers` lacks column(s) {missing}; it needs tier, min_spend and "
            "benefit_rate (see DEFAULT_TIERS)."
        )
    if len(tiers) == 0:
        raise CourseDataError("`tiers` is empty; expected at least one tier.")
    ladder = tiers.sort_values("min_spend").reset_index(drop=True)
    if ladder["min_spend"].iloc[0] != 0:
        raise CourseDataError(
            f"the lowest tier must start at min_spend 0 so every member has a "
            f"tier; it starts at {ladder['min_spend'].iloc[0]:g}."
        )
    if ladder["min_spend"].duplicated().any():
        raise CourseDataError(
            "two tiers in `tiers` share the same min_spend; each threshold must be different."
        )
    rates = ladder["benefit_rate"].astype(float)
    if ((rates < 0) | (rates >= 1)).any():
        bad = rates[(rates < 0) | (rates >= 1)].iloc[0]
        raise CourseDataError(f'`tiers["benefit_rate"]` is a share of spend in [0, 1); got {bad:g}.')
    return ladder


def _programme_parts(
    annual_spend, earn_rate, point_value, redemption_rate, tiers, margin, spend_lift, running_cost
):
    spend = to_vector(annual_spend, "annual_spend")
    if len(spend) == 0:
        raise CourseDataError("`annual_spend` is empty; expected one value per member.")
    bad = ~np.isfinite(spend) | (spend < 0)
    if bad.any():
        i = int(np.flatnonzero(bad)[0])
        raise CourseDataError(
            f"`annual_spend` has {int(bad.sum())} missing or negative value(s), "
            f"first at position {i} ({spend[i]!s}); expected CNY ≥ 0 per member."
        )
    require_number(earn_rate, "earn_rate", low=0)
    require_number(point_value, "point_value", low=0)
    require_number(redemption_rate, "redemption_rate", low=0, high=1)
    require_number(margin, "margin", low=0, high=1, low_open=True)
    require_number(spend_lift, "spend_lift", low=-1, low_open=True)
    require_number(running_cost, "running_cost", low=0)
    ladder = _check_tiers(tiers)
    lifted = spend * (1 + spend_lift)
    level = np.searchsorted(ladder["min_spend"].to_numpy(float), lifted, side="right") - 1
    frame = pd.DataFrame(
        {
            "tier": ladder["tier"].to_numpy()[level],
            "spend": lifted,
            "extra_spend": lifted - spend,
            "points_cost": lifted * earn_rate * point_value * redemption_rate,
            "breakage": lifted * earn_rate * point_value * (1 - redemption_rate),
            "benefit_cost": lifted * ladder["benefit_rate"].to_numpy(float)[level],
            "running_cost": np.full(len(spend), float(running_cost)),
        }
    )
    return frame, ladder


def points_programme(
    annual_spend: Sequence[float] | np.ndarray | pd.Series,
    *,
    earn_rate: float = 1.0,
    point_value: float = 0.01,
    redemption_rate: float = 0.7,
    tiers: pd.DataFrame = DEFAULT_TIERS,
    margin: float = 0.45,
    spend_lift: float = 0.05,
    retention_lift: float = 0.03,
    running_cost: float = 15.0,
) -> pd.DataFrame:
    """One year of a points-and-tiers programme: its cost against the margin it brings.

    Parameters
    ----------
    annual_spend : vector
        Each member's spend in a year without the programme (CNY).
    earn_rate : float
        Points earned per CNY spent.
    point_value : float
        CNY a redeemed point is worth.
    redemption_rate : float
        Share of points ever redeemed (0–1); the rest is breakage.
    tiers : pandas.DataFrame
        Columns ``tier``, ``min_spend`` (CNY a year) and ``benefit_rate`` (share of spend
        given back in perks); the lowest tier starts at 0. See :data:`DEFAULT_TIERS`.
    margin : float
        Gross margin on spend (0–1).
    spend_lift : float
        Extra spend the programme brings (0.05 = +5 %).
    retention_lift : float
        Extra share of members kept for another year (0.03 = 3 points more retention).
    running_cost : float
        Operating cost per member and year (CNY): app, statements, staff.

    Returns
    -------
    pandas.DataFrame
        One row per tier in ladder order and a final ``all`` row, with ``members``,
        ``spend``, ``points_cost``, ``breakage``, ``benefit_cost``, ``running_cost``,
        ``cost``, ``extra_margin`` and ``net`` (CNY; ``net`` = ``extra_margin`` − ``cost``).

    Examples
    --------
    >>> table = points_programme([500.0, 2000.0, 12000.0], spend_lift=0.1, retention_lift=0.05)
    >>> table["members"].tolist()
    [1, 1, 0, 1, 3]
    >>> round(float(table.loc["all", "net"]), 1)
    172.7
    """
    frame, ladder = _programme_parts(
        annual_spend, earn_rate, point_value, redemption_rate, tiers, margin, spend_lift, running_cost
    )
    require_number(retention_lift, "retention_lift", low=-1, high=1)
    frame["extra_margin"] = margin * (frame["extra_spend"] + retention_lift * frame["spend"])
    frame["cost"] = frame["points_cost"] + frame["benefit_cost"] + frame["running_cost"]
    frame["net"] = frame["extra_margin"] - frame["cost"]
    columns = [
        "spend",
        "points_cost",
        "breakage",
        "benefit_cost",
        "running_cost",
        "cost",
        "extra_margin",
        "net",
    ]
    grouped = frame.groupby("tier", sort=False)[columns].sum()
    table = grouped.reindex(ladder["tier"], fill_value=0.0)
    table.insert(
        0,
        "members",
        frame.groupby("tier", sort=False).size().reindex(ladder["tier"], fill_value=0).astype(int),
    )
    total = table.sum().to_frame("all").T
    total["members"] = int(len(frame))
    table = pd.concat([table, total])
    table["members"] = table["members"].astype(int)
    table.index.name = "tier"
    return table


def break_even_retention_lift(
    annual_spend: Sequence[float] | np.ndarray | pd.Series,
    *,
    earn_rate: float = 1.0,
    point_value: float = 0.01,
    redemption_rate: float = 0.7,
    tiers: pd.DataFrame = DEFAULT_TIERS,
    margin: float = 0.45,
    spend_lift: float = 0.05,
    running_cost: float = 15.0,
) -> float:
    """The retention lift at which the programme exactly pays for itself (``net`` = 0).

    The programme's net is linear in the retention lift, so the answer is exact:
    (cost − margin × extra spend) / (margin × spend). A negative answer means the extra
    spend alone already pays for the programme.

    Parameters
    ----------
    annual_spend, earn_rate, point_value, redemption_rate, tiers, margin, spend_lift, running_cost
        As in :func:`points_programme`.

    Returns
    -------
    float
        The retention lift (a share of spend, e.g. 0.026 for 2.6 %) at which ``net`` is 0.

    Examples
    --------
    >>> round(break_even_retention_lift([500.0, 2000.0, 12000.0], spend_lift=0.1), 4)
    0.0259
    """
    frame, _ = _programme_parts(
        annual_spend, earn_rate, point_value, redemption_rate, tiers, margin, spend_lift, running_cost
    )
    cost = (frame["points_cost"] + frame["benefit_cost"] + frame["running_cost"]).sum()
    base = margin * frame["spend"].sum()
    if base == 0:
        raise CourseDataError(
            "the members' total spend is 0, so no retention lift can pay for "
            "the programme; check `annual_spend`."
        )
    return float((cost - margin * frame["extra_spend"].sum()) / base)


# ---------------------------------------------------------------------------- referrals
@dataclass(frozen=True)
class ReferralResult:
    """What a referral programme brings: one row per referral round, and the totals."""

    table: pd.DataFrame
    viral_coefficient: float
    new_customers: float
    cost: float
    value: float

    @property
    def cost_per_customer(self) -> float:
        """Reward cost per acquired customer (CNY); NaN when nobody is acquired."""
        return self.cost / self.new_customers if self.new_customers > 0 else float("nan")

    @property
    def net_value(self) -> float:
        """Value of the acquired customers minus the programme's cost (CNY)."""
        return self.value - self.cost


def referral_programme(
    n_customers: int,
    *,
    share_referring: float = 0.1,
    invites: float = 3.0,
    accept_rate: float = 0.3,
    first_order_rate: float = 0.6,
    referrer_reward: float = 200.0,
    newcomer_reward: float = 200.0,
    pay_after_first_order: bool = True,
    vip_after: int = 3,
    vip_cost: float = 300.0,
    value_per_customer: float = 600.0,
    rounds: int = 3,
) -> ReferralResult:
    """Expected reach and cost of a two-sided referral programme, round by round.

    In each round a share ``share_referring`` of the round's customers send ``invites``
    invitations each; ``accept_rate`` of the invitations sign up, and ``first_order_rate``
    of the sign-ups place a first order and become customers, who refer in the next round.
    The viral coefficient k = share_referring × invites × accept_rate × first_order_rate is
    the number of new customers each customer brings; below 1 the rounds shrink.

    Both sides are rewarded (``referrer_reward`` and ``newcomer_reward``, CNY). With
    ``pay_after_first_order`` the rewards are paid per new customer; without it they are
    paid per sign-up, including those who never buy. A referrer whose successful referrals
    reach ``vip_after`` (a Poisson count with mean invites × accept_rate × first_order_rate)
    also gets a year of VIP worth ``vip_cost``.

    Parameters
    ----------
    n_customers : int
        Customers invited to take part in the first round.
    value_per_customer : float
        Value of one acquired customer (e.g. their CLV or first-year margin, CNY).
    rounds : int
        Referral rounds to follow (each round's new customers refer in the next).

    Returns
    -------
    ReferralResult
        ``table`` (one row per round: ``customers``, ``referrers``, ``invitations``,
        ``signups``, ``new_customers``, ``reward_cost``, ``vip_cost``, ``cost``), the
        viral coefficient, the totals and ``cost_per_customer``.

    Examples
    --------
    >>> result = referral_programme(1000, rounds=2)
    >>> round(result.viral_coefficient, 3)
    0.054
    >>> round(result.new_customers, 1), round(result.cost_per_customer, 1)
    (56.9, 409.8)
    >>> round(referral_programme(1000, rounds=2, pay_after_first_order=False).cost_per_customer, 1)
    676.4
    """
    n_customers = require_whole(n_customers, "n_customers", low=0)
    for name, value in (
        ("share_referring", share_referring),
        ("accept_rate", accept_rate),
        ("first_order_rate", first_order_rate),
    ):
        require_number(value, name, low=0, high=1)
    require_number(invites, "invites", low=0)
    for name, value in (
        ("referrer_reward", referrer_reward),
        ("newcomer_reward", newcomer_reward),
        ("vip_cost", vip_cost),
        ("value_per_customer", value_per_customer),
    ):
        require_number(value, name, low=0)
    rounds = require_whole(rounds, "rounds", low=1)
    vip_after = require_whole(vip_after, "vip_after", low=1)

    success_per_referrer = invites * accept_rate * first_order_rate
    # P(N >= vip_after) for N ~ Poisson(success_per_referrer)
    below = sum(
        math.exp(-success_per_referrer) * success_per_referrer**k / math.factorial(k)
        for k in range(int(vip_after))
    )
    vip_share = max(0.0, 1.0 - below)
    per_reward = referrer_reward + newcomer_reward
    rows = []
    pool = float(n_customers)
    for number in range(1, int(rounds) + 1):
        referrers = pool * share_referring
        invitations = referrers * invites
        signups = invitations * accept_rate
        new = signups * first_order_rate
        paid = new if pay_after_first_order else signups
        reward_cost = paid * per_reward
        vip = referrers * vip_share * vip_cost
        rows.append(
            {
                "round": number,
                "customers": pool,
                "referrers": referrers,
                "invitations": invitations,
                "signups": signups,
                "new_customers": new,
                "reward_cost": reward_cost,
                "vip_cost": vip,
                "cost": reward_cost + vip,
            }
        )
        pool = new
    table = pd.DataFrame(rows).set_index("round")
    new_total = float(table["new_customers"].sum())
    return ReferralResult(
        table=table,
        viral_coefficient=float(share_referring * success_per_referrer),
        new_customers=new_total,
        cost=float(table["cost"].sum()),
        value=new_total * float(value_per_customer),
    )
