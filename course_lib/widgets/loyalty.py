"""Widgets of chapter 5: points-and-tiers programme lab, referral programme lab and
success-manager allocation (presentation layer).

Each widget first draws its default state as an ordinary figure and table (what a stored
notebook, GitHub and the slides show), then adds controls that redraw below it when a
kernel runs. The computation is in :mod:`course_lib.loyalty` and :mod:`course_lib.churn`.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from ..plots import localized
from ._live import STYLE, columns, live_figure, show_figure

__all__ = ["points_programme_lab", "referral_lab", "manager_lab"]


def points_programme_lab(
    annual_spend: Sequence[float] | pd.Series,
    *,
    earn_rate: float = 1.0,
    point_value: float = 0.01,
    redemption_rate: float = 0.7,
    margin: float = 0.45,
    spend_lift: float = 0.05,
    retention_lift: float = 0.03,
    running_cost: float = 15.0,
) -> None:
    """Tune a points-and-tiers programme and watch its cost against the margin it brings.

    Draws :func:`course_lib.plots.value.programme_waterfall` and the per-tier table for the
    given settings, with the break-even retention lift, then sliders for each setting.

    Parameters
    ----------
    annual_spend : sequence of float or pandas.Series
        Each member's yearly spend in CNY (it decides the member's tier).
    earn_rate, point_value, redemption_rate : float
        Points per CNY spent, CNY a point is worth, and the share of points redeemed.
    margin : float
        Gross margin on the spend, a fraction.
    spend_lift, retention_lift : float
        What the programme is assumed to add: extra spend and extra retention, fractions.
    running_cost : float
        Running cost per member and year, in CNY.

    Returns
    -------
    None
        The figure, the table, the break-even line and the sliders are displayed.

    Examples
    --------
    >>> from course_lib.widgets import loyalty
    >>> loyalty.points_programme_lab(spend, earn_rate=1.0, redemption_rate=0.7)  # doctest: +SKIP
    """
    import ipywidgets as w
    from IPython.display import display

    from .. import plots
    from ..loyalty import break_even_retention_lift, points_programme

    def draw(settings):
        lift = settings.pop("retention_lift")
        table = points_programme(annual_spend, retention_lift=lift, **settings)
        show_figure(plots.value.programme_waterfall(table))
        display(table.round(0))
        even = break_even_retention_lift(annual_spend, **settings)
        print(
            localized(
                f"Break-even retention lift 盈亏平衡所需留存提升: {even:+.1%} (you assumed {lift:+.1%})",
                f"盈亏平衡所需留存提升:{even:+.1%}(你假设的是 {lift:+.1%})",
            )
        )

    defaults = dict(
        earn_rate=earn_rate,
        point_value=point_value,
        redemption_rate=redemption_rate,
        margin=margin,
        spend_lift=spend_lift,
        retention_lift=retention_lift,
        running_cost=running_cost,
    )
    draw(dict(defaults))
    controls = {
        "earn_rate": w.FloatSlider(
            value=earn_rate,
            min=0,
            max=5,
            step=0.5,
            description=localized("Points per CNY 每元积分", "每元积分"),
            style=STYLE,
        ),
        "point_value": w.FloatSlider(
            value=point_value,
            min=0,
            max=0.05,
            step=0.005,
            readout_format=".3f",
            description=localized("CNY per point 每分价值", "每积分价值(元)"),
            style=STYLE,
        ),
        "redemption_rate": w.FloatSlider(
            value=redemption_rate,
            min=0,
            max=1,
            step=0.05,
            description=localized("Redemption rate 兑换率", "兑换率"),
            style=STYLE,
        ),
        "margin": w.FloatSlider(
            value=margin,
            min=0.05,
            max=0.9,
            step=0.05,
            description=localized("Gross margin 毛利率", "毛利率"),
            style=STYLE,
        ),
        "spend_lift": w.FloatSlider(
            value=spend_lift,
            min=0,
            max=0.3,
            step=0.01,
            description=localized("Spend lift 消费提升", "消费提升"),
            style=STYLE,
        ),
        "retention_lift": w.FloatSlider(
            value=retention_lift,
            min=0,
            max=0.2,
            step=0.01,
            description=localized("Retention lift 留存提升", "留存提升"),
            style=STYLE,
        ),
        "running_cost": w.FloatSlider(
            value=running_cost,
            min=0,
            max=60,
            step=5,
            description=localized("Running cost per member 每会员运营成本", "每会员运营成本"),
            style=STYLE,
        ),
    }
    live_figure(controls, draw, layout=columns(controls.values(), 4))


def referral_lab(
    n_customers: int,
    *,
    share_referring: float = 0.1,
    invites: float = 3.0,
    accept_rate: float = 0.3,
    first_order_rate: float = 0.6,
    referrer_reward: float = 200.0,
    newcomer_reward: float = 200.0,
    pay_after_first_order: bool = True,
    value_per_customer: float = 600.0,
    rounds: int = 4,
) -> None:
    """Design a two-sided referral programme: reach, viral coefficient, cost per customer.

    Draws :func:`course_lib.plots.value.referral_rounds` and the totals for the given
    settings, then controls for each of them.

    Parameters
    ----------
    n_customers : int
        Customers invited to refer in the first round.
    share_referring, invites, accept_rate, first_order_rate : float
        Share who refer, invitations each sends, share of invitees who sign up, and share
        of those who place a first order.
    referrer_reward, newcomer_reward : float
        Reward for the referrer and welcome gift for the newcomer, in CNY.
    pay_after_first_order : bool
        Pay the rewards only after the newcomer's first order.
    value_per_customer : float
        What a new customer is worth, in CNY.
    rounds : int
        How many rounds of referrals are followed.

    Returns
    -------
    None
        The figure, the totals line and the controls are displayed.

    Examples
    --------
    >>> from course_lib.widgets import loyalty
    >>> loyalty.referral_lab(5_000, share_referring=0.1, invites=3)       # doctest: +SKIP
    """
    import ipywidgets as w

    from .. import plots
    from ..loyalty import referral_programme

    def draw(settings):
        result = referral_programme(n_customers, rounds=rounds, **settings)
        show_figure(plots.value.referral_rounds(result))
        english = (
            f"Viral coefficient k 病毒系数: {result.viral_coefficient:.3f} · new customers "
            f"新客户: {result.new_customers:,.0f} · cost 成本: ¥{result.cost:,.0f} · per new "
            f"customer 每位新客户: ¥{result.cost_per_customer:,.0f} · net value 净价值: "
            f"¥{result.net_value:,.0f}"
        )
        chinese = (
            f"病毒系数 k:{result.viral_coefficient:.3f} · 新客户:{result.new_customers:,.0f} · "
            f"成本:¥{result.cost:,.0f} · 每位新客户:¥{result.cost_per_customer:,.0f} · "
            f"净价值:¥{result.net_value:,.0f}"
        )
        print(localized(english, chinese))

    draw(
        dict(
            share_referring=share_referring,
            invites=invites,
            accept_rate=accept_rate,
            first_order_rate=first_order_rate,
            referrer_reward=referrer_reward,
            newcomer_reward=newcomer_reward,
            pay_after_first_order=pay_after_first_order,
            value_per_customer=value_per_customer,
        )
    )
    controls = {
        "share_referring": w.FloatSlider(
            value=share_referring,
            min=0,
            max=0.5,
            step=0.01,
            description=localized("Share who refer 参与推荐比例", "参与推荐比例"),
            style=STYLE,
        ),
        "invites": w.FloatSlider(
            value=invites,
            min=0,
            max=10,
            step=0.5,
            description=localized("Invites each 人均邀请", "人均邀请"),
            style=STYLE,
        ),
        "accept_rate": w.FloatSlider(
            value=accept_rate,
            min=0,
            max=1,
            step=0.05,
            description=localized("Sign-up rate 注册率", "注册率"),
            style=STYLE,
        ),
        "first_order_rate": w.FloatSlider(
            value=first_order_rate,
            min=0,
            max=1,
            step=0.05,
            description=localized("First-order rate 首单率", "首单率"),
            style=STYLE,
        ),
        "referrer_reward": w.FloatSlider(
            value=referrer_reward,
            min=0,
            max=500,
            step=10,
            description=localized("Referrer reward 推荐人奖励", "推荐人奖励"),
            style=STYLE,
        ),
        "newcomer_reward": w.FloatSlider(
            value=newcomer_reward,
            min=0,
            max=500,
            step=10,
            description=localized("Newcomer reward 新人礼", "新人礼"),
            style=STYLE,
        ),
        "pay_after_first_order": w.Checkbox(
            value=pay_after_first_order,
            description=localized("Pay after first order 首单后发放", "首单后发放"),
        ),
        "value_per_customer": w.FloatSlider(
            value=value_per_customer,
            min=0,
            max=3000,
            step=50,
            description=localized("Value per customer 客户价值", "客户价值"),
            style=STYLE,
        ),
    }
    live_figure(controls, draw, layout=columns(controls.values(), 4))


def manager_lab(value: pd.Series, *, n_managers: int = 5, accounts_per_manager: int = 40) -> None:
    """Allocate success managers by CLV: how much value do the managed accounts hold?

    Draws :func:`course_lib.plots.value.manager_allocation` for the given team, then
    sliders for the team size and the accounts each manager can look after.

    Parameters
    ----------
    value : pandas.Series
        Each account's value (e.g. its CLV) by customer id.
    n_managers : int
        Success managers in the team.
    accounts_per_manager : int
        Accounts each manager can look after.

    Returns
    -------
    None
        The figure, each manager's portfolio range and the sliders are displayed.

    Examples
    --------
    >>> from course_lib.widgets import loyalty
    >>> loyalty.manager_lab(clv_by_customer, n_managers=5)              # doctest: +SKIP
    """
    import ipywidgets as w

    from .. import plots
    from ..churn import allocate_managers

    def draw(managers, per):
        table = allocate_managers(value, n_managers=managers, accounts_per_manager=per)
        show_figure(plots.value.manager_allocation(table))
        portfolio = table[table["manager"] > 0].groupby("manager")["value"].sum()
        low, high = portfolio.min(), portfolio.max()
        print(
            localized(
                f"Each manager's portfolio 每位经理的客户价值: ¥{low:,.0f} – ¥{high:,.0f}",
                f"每位经理的客户价值:¥{low:,.0f} – ¥{high:,.0f}",
            )
        )

    draw(n_managers, accounts_per_manager)
    controls = {
        "managers": w.IntSlider(
            value=n_managers,
            min=1,
            max=30,
            description=localized("Managers 经理人数", "经理人数"),
            style=STYLE,
        ),
        "per": w.IntSlider(
            value=accounts_per_manager,
            min=5,
            max=200,
            step=5,
            description=localized("Accounts each 人均客户", "人均客户"),
            style=STYLE,
        ),
    }
    live_figure(controls, lambda values: draw(**values), layout=w.HBox(list(controls.values())))
