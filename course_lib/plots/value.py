"""Figures of chapter 5: CLV holdout check, p(alive), churn model quality, targeting,
retention curves, loyalty and referral programme economics (presentation layer).

Each function takes the result of an analytics function (``course_lib.clv``,
``course_lib.churn``, ``course_lib.loyalty``), draws on ``ax`` (a new Axes by default)
and returns the Axes.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from . import PALETTE, bilingual, localized, new_axes

if TYPE_CHECKING:
    from collections.abc import Iterable, Sequence

    from matplotlib.axes import Axes
    from numpy.typing import ArrayLike

    from ..loyalty import ReferralResult

__all__ = [
    "simple_clv_curve",
    "holdout_check",
    "p_alive_history",
    "clv_distribution",
    "roc_curve",
    "calibration",
    "targeting_gains",
    "survival_curves",
    "programme_waterfall",
    "referral_rounds",
    "manager_allocation",
]

_BLUE, _ORANGE, _GREEN, _RED, _PURPLE, _GREY = (
    PALETTE[0],
    PALETTE[1],
    PALETTE[2],
    PALETTE[3],
    PALETTE[4],
    PALETTE[7],
)
_TIER_ZH = {"member": "普通会员", "silver": "银卡", "gold": "金卡", "platinum": "白金卡"}


def simple_clv_curve(
    margin: float,
    *,
    discount_rate: float = 0.1,
    mark: Sequence[float] | None = None,
    ax: Axes | None = None,
) -> Axes:
    """Simple CLV (margin × retention / (1 + d − retention)) against the retention rate.

    ``mark`` (a list of retention rates) adds labelled points, e.g. 0.60 and 0.65 to show
    what five points of retention are worth.

    Parameters
    ----------
    margin : float
        Margin per customer and year (CNY).
    discount_rate : float, default 0.1
        Yearly discount rate d.
    mark : Sequence[float], optional
        Retention rates (fractions) to mark with their CLV.
    ax : matplotlib.axes.Axes, optional
        Draw here; a new figure otherwise.

    Returns
    -------
    matplotlib.axes.Axes
        The axes drawn on.
    """
    from ..clv import simple_clv

    ax = new_axes(ax)
    rates = np.linspace(0.0, 0.95, 96)
    values = [simple_clv(margin, r, discount_rate=discount_rate) for r in rates]
    ax.plot(rates * 100, values, color=_BLUE, lw=2)
    for r in mark or ():
        v = simple_clv(margin, r, discount_rate=discount_rate)
        ax.scatter([r * 100], [v], color=_ORANGE, zorder=3)
        ax.annotate(
            localized(f"{r:.0%}: ¥{v:,.0f}", f"{r:.0%}:¥{v:,.0f}"),
            (r * 100, v),
            textcoords="offset points",
            xytext=(-70, 8),
            fontsize=8,
        )
    ax.set_xlabel(bilingual("Retention rate per year (%)", "年留存率", zh="年留存率(%)"))
    ax.set_ylabel(bilingual("CLV (CNY)", "客户终身价值", zh="客户终身价值 CLV(元)"))
    ax.set_title(
        bilingual(
            f"Simple CLV for a margin of ¥{margin:,.0f} a year, discount {discount_rate:.0%}",
            "简单CLV公式",
            zh=f"简单CLV公式:每年毛利 ¥{margin:,.0f},折现率 {discount_rate:.0%}",
        ),
        fontsize=10,
    )
    return ax


def holdout_check(
    summary: pd.DataFrame, predicted: ArrayLike, *, max_frequency: int = 7, ax: Axes | None = None
) -> Axes:
    """Calibration vs holdout: mean actual and predicted holdout purchases by calibration frequency.

    The standard check of a BG/NBD fit: the closer the two lines, the better the model
    predicts the holdout period.

    Parameters
    ----------
    summary : pandas.DataFrame
        :func:`course_lib.clv.summarize` with ``calibration_end``: one row per customer with
        ``frequency`` and ``frequency_holdout``.
    predicted : array-like of float
        The model's expected purchases over ``duration_holdout`` for the same customers, in
        the same order.
    max_frequency : int, default 7
        Calibration frequencies from this one up are pooled in a last group ("7+" by
        default).
    ax : matplotlib.axes.Axes, optional
        Draw here; a new figure otherwise.

    Returns
    -------
    matplotlib.axes.Axes
        The axes drawn on.
    """
    ax = new_axes(ax)
    capped = summary["frequency"].clip(upper=max_frequency)
    frame = pd.DataFrame(
        {
            "group": capped.to_numpy(),
            "actual": summary["frequency_holdout"].to_numpy(),
            "predicted": np.asarray(predicted, dtype=float),
        }
    )
    means = frame.groupby("group")[["actual", "predicted"]].mean()
    ax.plot(means.index, means["actual"], marker="o", color=_BLUE, label=bilingual("actual", "实际"))
    ax.plot(
        means.index,
        means["predicted"],
        marker="s",
        ls="--",
        color=_ORANGE,
        label=bilingual("BG/NBD prediction", "模型预测", zh="BG/NBD 模型预测"),
    )
    labels = [str(int(g)) for g in means.index]
    labels[-1] = f"{labels[-1]}+"
    ax.set_xticks(means.index, labels)
    ax.set_xlabel(bilingual("Repeat purchases in calibration", "校准期重复购买次数"))
    ax.set_ylabel(bilingual("Mean purchases in holdout", "验证期平均购买次数"))
    ax.set_title(bilingual("Holdout check: predicted vs actual", "验证期检验:预测与实际"), fontsize=10)
    ax.legend()
    return ax


def p_alive_history(
    days: ArrayLike, p_alive: ArrayLike, purchases: Iterable[float] = (), *, ax: Axes | None = None
) -> Axes:
    """How one customer's probability of being alive moves: up at each purchase, down in silence.

    Parameters
    ----------
    days : array-like of float
        Time points (weeks since the first purchase, as the axis label says).
    p_alive : array-like of float
        P(alive) at each time point.
    purchases : Iterable[float], default ()
        Times of the purchases, drawn as dotted orange lines.
    ax : matplotlib.axes.Axes, optional
        Draw here; a new figure otherwise.

    Returns
    -------
    matplotlib.axes.Axes
        The axes drawn on.
    """
    ax = new_axes(ax, figsize=(7.5, 3.2))
    ax.plot(days, p_alive, color=_BLUE, lw=2)
    for day in purchases:
        ax.axvline(day, color=_ORANGE, lw=1, ls=":")
    ax.set_ylim(0, 1.05)
    ax.set_xlabel(
        bilingual("Weeks since the first purchase (orange: purchases)", "距首次购买的周数(橙线:购买)")
    )
    ax.set_ylabel(bilingual("P(alive)", "仍活跃概率"))
    ax.set_title(bilingual("P(alive) of one customer over time", "单个客户的活跃概率变化"), fontsize=10)
    return ax


def clv_distribution(values: ArrayLike, *, top: float = 0.2, ax: Axes | None = None) -> Axes:
    """Histogram of CLV values with the top ``top`` share's cut-off and value share marked.

    Values above the 99th percentile are piled into the last bin.

    Parameters
    ----------
    values : array-like of float
        CLV per customer (CNY), e.g. a ``clv_12m`` column.
    top : float, default 0.2
        The share of customers (fraction) whose cut-off and share of CLV are marked.
    ax : matplotlib.axes.Axes, optional
        Draw here; a new figure otherwise.

    Returns
    -------
    matplotlib.axes.Axes
        The axes drawn on.
    """
    ax = new_axes(ax)
    v = np.sort(np.asarray(values, dtype=float))[::-1]
    cut_index = max(int(np.ceil(len(v) * top)) - 1, 0)
    cut = v[cut_index]
    share = v[: cut_index + 1].sum() / v.sum() if v.sum() > 0 else 0.0
    upper = np.quantile(v, 0.99)
    ax.hist(np.clip(v, 0, upper), bins=40, color=_BLUE, alpha=0.85)
    ax.axvline(cut, color=_ORANGE, lw=2)
    ax.annotate(
        localized(
            f"top {top:.0%} ≥ ¥{cut:,.0f}\n→ {share:.0%} of CLV",
            f"前 {top:.0%} 客户 ≥ ¥{cut:,.0f}\n→ 占 CLV 的 {share:.0%}",
        ),
        (cut, ax.get_ylim()[1] * 0.8),
        xytext=(8, 0),
        textcoords="offset points",
        fontsize=8,
        color=_ORANGE,
    )
    ax.set_xlabel(
        bilingual(
            "Predicted 12-month CLV (CNY, clipped at the 99th percentile)",
            "未来12个月CLV",
            zh="预测的未来12个月CLV(元,超过第99百分位数的按该值计)",
        )
    )
    ax.set_ylabel(bilingual("Customers", "客户数"))
    ax.set_title(bilingual("How CLV is spread over customers", "CLV分布"), fontsize=10)
    return ax


def roc_curve(
    labels: ArrayLike, probabilities: ArrayLike, *, ax: Axes | None = None, label: str | None = None
) -> Axes:
    """ROC curve of churn probabilities against what happened, with the AUC in the legend.

    The dashed diagonal is guessing; the closer the curve to the top left, the better.

    Parameters
    ----------
    labels : array-like of int
        What happened: 1 for a churned customer, 0 otherwise.
    probabilities : array-like of float
        The predicted churn probabilities, in the same order.
    ax : matplotlib.axes.Axes, optional
        Draw here; a new figure otherwise.
    label : str, optional
        Legend label of the curve; "model 模型" by default.

    Returns
    -------
    matplotlib.axes.Axes
        The axes drawn on.
    """
    from sklearn.metrics import roc_auc_score
    from sklearn.metrics import roc_curve as _roc

    ax = new_axes(ax, figsize=(4.8, 4.4))
    fpr, tpr, _ = _roc(np.asarray(labels, dtype=int), np.asarray(probabilities, dtype=float))
    auc = roc_auc_score(np.asarray(labels, dtype=int), np.asarray(probabilities, dtype=float))
    ax.plot(fpr, tpr, color=_BLUE, lw=2, label=f"{label or bilingual('model', '模型')} (AUC {auc:.2f})")
    ax.plot([0, 1], [0, 1], color=_GREY, ls="--", label=bilingual("guessing", "随机猜测"))
    ax.set_xlabel(bilingual("False positive rate", "误报率", zh="误报率(假阳性率)"))
    ax.set_ylabel(bilingual("True positive rate", "命中率", zh="命中率(真阳性率)"))
    ax.set_title(bilingual("ROC on the later period", "后期数据上的ROC曲线"), fontsize=10)
    ax.legend(loc="lower right", fontsize=8)
    return ax


def calibration(table: pd.DataFrame, *, ax: Axes | None = None) -> Axes:
    """Calibration plot from :func:`course_lib.churn.calibration_table`.

    Points on the dashed diagonal mean the predicted probabilities match the observed rates.

    Parameters
    ----------
    table : pandas.DataFrame
        The output of :func:`course_lib.churn.calibration_table`: one row per bin with
        ``predicted`` and ``observed`` (0–1).
    ax : matplotlib.axes.Axes, optional
        Draw here; a new figure otherwise.

    Returns
    -------
    matplotlib.axes.Axes
        The axes drawn on.
    """
    ax = new_axes(ax, figsize=(4.8, 4.4))
    ax.plot([0, 1], [0, 1], color=_GREY, ls="--", label=bilingual("perfect", "完全校准"))
    ax.plot(
        table["predicted"], table["observed"], marker="o", color=_ORANGE, label=bilingual("model", "模型")
    )
    ax.set_xlabel(bilingual("Predicted churn probability", "预测流失概率"))
    ax.set_ylabel(bilingual("Observed churn rate", "实际流失率"))
    ax.set_title(bilingual("Calibration by decile", "按十分位的校准"), fontsize=10)
    ax.set_xlim(0, 1)
    ax.set_ylim(0, 1)
    ax.legend(loc="upper left", fontsize=8)
    return ax


def targeting_gains(
    probability: ArrayLike,
    value: ArrayLike,
    lost: ArrayLike,
    *,
    save_rate: float = 0.25,
    contact_cost: float = 30.0,
    ax: Axes | None = None,
) -> Axes:
    """Net value saved as more customers are contacted, ranked by probability or by expected value saved.

    The peak of each curve (the dot) is the best campaign size. Contacting the first n
    customers saves ``save_rate`` of the value of those who were actually lost and costs
    n × ``contact_cost``.

    Parameters
    ----------
    probability : array-like of float
        Predicted churn probability per customer.
    value : array-like of float
        Value at stake per customer (CNY), e.g. CLV.
    lost : array-like of float
        What happened: 1 for a lost customer, 0 otherwise.
    save_rate : float, default 0.25
        Share of the would-be-lost customers a retention contact keeps.
    contact_cost : float, default 30.0
        Cost of one contact (CNY).
    ax : matplotlib.axes.Axes, optional
        Draw here; a new figure otherwise.

    Returns
    -------
    matplotlib.axes.Axes
        The axes drawn on.
    """
    from ..churn import expected_value_saved

    ax = new_axes(ax)
    p = np.asarray(probability, dtype=float)
    v = np.asarray(value, dtype=float)
    y = np.asarray(lost, dtype=float)
    ev = expected_value_saved(p, v, save_rate=save_rate, contact_cost=contact_cost)
    n = np.arange(1, len(p) + 1)
    for score, colour, name in (
        (p, _BLUE, bilingual("by churn probability", "按流失概率")),
        (ev, _ORANGE, bilingual("by expected value saved", "按预期挽回价值")),
    ):
        order = np.argsort(-score, kind="stable")
        net = np.cumsum(y[order] * v[order] * save_rate) - n * contact_cost
        ax.plot(n, net, color=colour, lw=2, label=name)
        best = int(np.argmax(net))
        ax.scatter([n[best]], [net[best]], color=colour, zorder=3)
    ax.axhline(0, color=_GREY, lw=1)
    ax.set_xlabel(bilingual("Customers contacted", "联系的客户数"))
    ax.set_ylabel(bilingual("Net value saved (CNY)", "净挽回价值", zh="净挽回价值(元)"))
    ax.set_title(
        bilingual("Whom to call: ranking by risk or by value at stake", "挽留对象:按风险还是按价值排序"),
        fontsize=10,
    )
    ax.legend(fontsize=8)
    return ax


def survival_curves(curves: pd.DataFrame, *, ax: Axes | None = None, p_value: float | None = None) -> Axes:
    """Kaplan-Meier curves from :func:`course_lib.churn.kaplan_meier`, one line per group.

    Parameters
    ----------
    curves : pandas.DataFrame
        The output of :func:`course_lib.churn.kaplan_meier`: indexed by day, one column per
        group, the share still a customer (0–1).
    ax : matplotlib.axes.Axes, optional
        Draw here; a new figure otherwise.
    p_value : float, optional
        A log-rank p-value (e.g. from :func:`course_lib.churn.logrank`) for the title.

    Returns
    -------
    matplotlib.axes.Axes
        The axes drawn on.
    """
    ax = new_axes(ax)
    for i, column in enumerate(curves.columns):
        chinese = _TIER_ZH.get(str(column), "")
        name = localized(f"{column} {chinese}".strip(), chinese or str(column))
        ax.step(curves.index, curves[column], where="post", lw=2, color=PALETTE[i % len(PALETTE)], label=name)
    ax.set_ylim(0, 1.02)
    ax.set_xlabel(bilingual("Days since the first order", "距首单天数"))
    ax.set_ylabel(bilingual("Share still a customer", "仍为活跃客户的比例"))
    title = bilingual(
        "Retention curves by tier (Kaplan-Meier)", "各等级留存曲线", zh="各等级留存曲线(Kaplan-Meier)"
    )
    if p_value is not None:
        title += localized(f"\nlog-rank p = {p_value:.2g}", f"\n对数秩检验 p = {p_value:.2g}")
    ax.set_title(title, fontsize=10)
    ax.legend(fontsize=8)
    return ax


def programme_waterfall(table: pd.DataFrame, *, ax: Axes | None = None) -> Axes:
    """The programme's year from :func:`course_lib.loyalty.points_programme` as a waterfall.

    Extra margin, minus points, tier benefits and running cost, equals net (CNY per year).

    Parameters
    ----------
    table : pandas.DataFrame
        The output of :func:`course_lib.loyalty.points_programme`; its row ``"all"`` gives
        ``extra_margin``, ``points_cost``, ``benefit_cost``, ``running_cost``, ``net`` and
        ``members``.
    ax : matplotlib.axes.Axes, optional
        Draw here; a new figure otherwise.

    Returns
    -------
    matplotlib.axes.Axes
        The axes drawn on.
    """
    ax = new_axes(ax)
    row = table.loc["all"]
    steps = [
        (bilingual("Extra margin", "新增毛利"), row["extra_margin"]),
        (bilingual("Points redeemed", "积分兑换"), -row["points_cost"]),
        (bilingual("Tier benefits", "等级权益"), -row["benefit_cost"]),
        (bilingual("Running cost", "运营成本"), -row["running_cost"]),
    ]
    level = 0.0
    for i, (_name, amount) in enumerate(steps):
        bottom = level if amount >= 0 else level + amount
        ax.bar(i, abs(amount), bottom=bottom, color=_GREEN if amount >= 0 else _RED, width=0.6)
        ax.text(
            i,
            bottom + abs(amount) / 2,
            f"{amount:+,.0f}",
            ha="center",
            va="center",
            fontsize=8,
            color="white",
        )
        level += amount
    net = row["net"]
    ax.bar(len(steps), abs(net), bottom=min(net, 0), color=_BLUE, width=0.6)
    ax.text(
        len(steps),
        min(net, 0) + abs(net) / 2,
        f"{net:+,.0f}",
        ha="center",
        va="center",
        fontsize=8,
        color="white",
    )
    ax.axhline(0, color=_GREY, lw=1)
    ax.set_xticks(
        range(len(steps) + 1),
        [s[0].replace(" ", "\n", 1) for s in steps] + [bilingual("Net", "净收益")],
        fontsize=8,
    )
    ax.set_ylabel(bilingual("CNY per year", "元/年"))
    ax.set_title(
        bilingual(
            f"Points-and-tiers programme for {int(row['members']):,} members",
            "积分与等级计划的一年账",
            zh=f"积分与等级计划的一年账({int(row['members']):,} 名会员)",
        ),
        fontsize=10,
    )
    return ax


def referral_rounds(result: ReferralResult, *, ax: Axes | None = None) -> Axes:
    """New customers and reward cost per referral round.

    Bars are the new customers of each round (left axis), the line the cumulative reward
    cost (right axis); the title gives the viral coefficient k and the cost per customer.

    Parameters
    ----------
    result : course_lib.loyalty.ReferralResult
        What :func:`course_lib.loyalty.referral_programme` returned.
    ax : matplotlib.axes.Axes, optional
        Draw here; a new figure otherwise.

    Returns
    -------
    matplotlib.axes.Axes
        The axes drawn on (the new customers; the cost is on its twin).
    """
    ax = new_axes(ax)
    table = result.table
    ax.bar(
        table.index,
        table["new_customers"],
        color=_BLUE,
        width=0.6,
        label=bilingual("new customers", "新客户"),
    )
    ax.set_xlabel(bilingual("Referral round", "裂变轮次"))
    ax.set_ylabel(bilingual("New customers", "新客户数"))
    ax.set_xticks(table.index)
    twin = ax.twinx()
    twin.plot(
        table.index,
        table["cost"].cumsum(),
        color=_ORANGE,
        marker="o",
        label=bilingual("cumulative cost", "累计成本"),
    )
    twin.set_ylabel(bilingual("Cumulative cost (CNY)", "累计成本(元)"))
    twin.grid(False)
    ax.set_title(
        bilingual(
            f"Referral programme: k = {result.viral_coefficient:.2f}, "
            f"¥{result.cost_per_customer:,.0f} per new customer",
            "推荐裂变计划",
            zh=f"推荐裂变计划:k = {result.viral_coefficient:.2f},每位新客户 ¥{result.cost_per_customer:,.0f}",
        ),
        fontsize=10,
    )
    lines = ax.get_legend_handles_labels()
    more = twin.get_legend_handles_labels()
    ax.legend(lines[0] + more[0], lines[1] + more[1], fontsize=8, loc="upper right")
    return ax


def manager_allocation(table: pd.DataFrame, *, ax: Axes | None = None) -> Axes:
    """Cumulative share of CLV against customers ranked by CLV, the managed accounts shaded.

    Parameters
    ----------
    table : pandas.DataFrame
        The output of :func:`course_lib.churn.allocate_managers`: one row per customer in
        descending value with ``service`` ("manager" or "automation") and
        ``value_share_cum``.
    ax : matplotlib.axes.Axes, optional
        Draw here; a new figure otherwise.

    Returns
    -------
    matplotlib.axes.Axes
        The axes drawn on.
    """
    ax = new_axes(ax)
    share = np.arange(1, len(table) + 1) / len(table)
    ax.plot(share * 100, table["value_share_cum"] * 100, color=_BLUE, lw=2)
    served = int((table["service"] == "manager").sum())
    if served:
        cut = share[served - 1] * 100
        captured = float(table["value_share_cum"].iloc[served - 1])
        ax.axvspan(0, cut, color=_ORANGE, alpha=0.2)
        ax.annotate(
            localized(
                f"{served:,} accounts ({cut:.0f} %) hold {captured:.0%} of CLV",
                f"{served:,} 个客户({cut:.0f} %)占 CLV 的 {captured:.0%}",
            ),
            (cut, captured * 100),
            xytext=(10, -20),
            textcoords="offset points",
            fontsize=8,
        )
    ax.set_xlabel(
        bilingual("Customers ranked by CLV (%)", "按CLV排序的客户占比", zh="按CLV从高到低排序的客户占比(%)")
    )
    ax.set_ylabel(bilingual("Cumulative share of CLV (%)", "CLV累计占比", zh="CLV累计占比(%)"))
    ax.set_title(
        bilingual(
            "Success managers for the top accounts, automation for the rest",
            "高价值客户配专属经理,其余自动化触达",
        ),
        fontsize=10,
    )
    return ax
