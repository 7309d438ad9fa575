"""Figures of chapter 5: CLV holdout check, p(alive), churn model quality, targeting,
retention curves, loyalty and referral programme economics (presentation layer).

Each function takes the result of an analytics function (``course_lib.clv``,
``course_lib.churn``, ``course_lib.loyalty``), draws on ``ax`` (a new Axes by default)
and returns the Axes.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from . import PALETTE, bilingual, new_axes

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


def simple_clv_curve(margin, *, discount_rate=0.1, mark=None, ax=None):
    """Simple CLV (margin × retention / (1 + d − retention)) against the retention rate.

    ``mark`` (a list of retention rates) adds labelled points, e.g. 0.60 and 0.65 to show
    what five points of retention are worth.
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
            f"{r:.0%}: ¥{v:,.0f}", (r * 100, v), textcoords="offset points", xytext=(-70, 8), fontsize=8
        )
    ax.set_xlabel(bilingual("Retention rate per year (%)", "年留存率"))
    ax.set_ylabel(bilingual("CLV (CNY)", "客户终身价值"))
    ax.set_title(
        bilingual(
            f"Simple CLV for a margin of ¥{margin:,.0f} a year, discount {discount_rate:.0%}", "简单CLV公式"
        ),
        fontsize=10,
    )
    return ax


def holdout_check(summary: pd.DataFrame, predicted, *, max_frequency=7, ax=None):
    """Calibration vs holdout: mean actual and predicted holdout purchases by calibration
    frequency (the standard check of a BG/NBD fit).

    ``summary`` is :func:`course_lib.clv.summarize` with ``calibration_end``; ``predicted``
    the model's expected purchases over ``duration_holdout`` for the same customers.
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
        label=bilingual("BG/NBD prediction", "模型预测"),
    )
    labels = [str(int(g)) for g in means.index]
    labels[-1] = f"{labels[-1]}+"
    ax.set_xticks(means.index, labels)
    ax.set_xlabel(bilingual("Repeat purchases in calibration", "校准期重复购买次数"))
    ax.set_ylabel(bilingual("Mean purchases in holdout", "验证期平均购买次数"))
    ax.set_title(bilingual("Holdout check: predicted vs actual", "验证期检验:预测与实际"), fontsize=10)
    ax.legend()
    return ax


def p_alive_history(days, p_alive, purchases=(), *, ax=None):
    """How one customer's probability of being alive moves: up at each purchase, down in silence."""
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


def clv_distribution(values, *, top=0.2, ax=None):
    """Histogram of CLV values with the top ``top`` share's cut-off and value share marked."""
    ax = new_axes(ax)
    v = np.sort(np.asarray(values, dtype=float))[::-1]
    cut_index = max(int(np.ceil(len(v) * top)) - 1, 0)
    cut = v[cut_index]
    share = v[: cut_index + 1].sum() / v.sum() if v.sum() > 0 else 0.0
    upper = np.quantile(v, 0.99)
    ax.hist(np.clip(v, 0, upper), bins=40, color=_BLUE, alpha=0.85)
    ax.axvline(cut, color=_ORANGE, lw=2)
    ax.annotate(
        f"top {top:.0%} ≥ ¥{cut:,.0f}\n→ {share:.0%} of CLV",
        (cut, ax.get_ylim()[1] * 0.8),
        xytext=(8, 0),
        textcoords="offset points",
        fontsize=8,
        color=_ORANGE,
    )
    ax.set_xlabel(bilingual("Predicted 12-month CLV (CNY, clipped at the 99th percentile)", "未来12个月CLV"))
    ax.set_ylabel(bilingual("Customers", "客户数"))
    ax.set_title(bilingual("How CLV is spread over customers", "CLV分布"), fontsize=10)
    return ax


def roc_curve(labels, probabilities, *, ax=None, label=None):
    """ROC curve of churn probabilities against what happened, with the AUC in the legend."""
    from sklearn.metrics import roc_auc_score
    from sklearn.metrics import roc_curve as _roc

    ax = new_axes(ax, figsize=(4.8, 4.4))
    fpr, tpr, _ = _roc(np.asarray(labels, dtype=int), np.asarray(probabilities, dtype=float))
    auc = roc_auc_score(np.asarray(labels, dtype=int), np.asarray(probabilities, dtype=float))
    ax.plot(fpr, tpr, color=_BLUE, lw=2, label=f"{label or 'model 模型'} (AUC {auc:.2f})")
    ax.plot([0, 1], [0, 1], color=_GREY, ls="--", label=bilingual("guessing", "随机猜测"))
    ax.set_xlabel(bilingual("False positive rate", "误报率"))
    ax.set_ylabel(bilingual("True positive rate", "命中率"))
    ax.set_title(bilingual("ROC on the later period", "后期数据上的ROC曲线"), fontsize=10)
    ax.legend(loc="lower right", fontsize=8)
    return ax


def calibration(table: pd.DataFrame, *, ax=None):
    """Calibration plot from :func:`course_lib.churn.calibration_table`."""
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


def targeting_gains(probability, value, lost, *, save_rate=0.25, contact_cost=30.0, ax=None):
    """Net value saved as more customers are contacted, ranked by probability or by
    expected value saved (the peak of each curve is the best campaign size)."""
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
    ax.set_ylabel(bilingual("Net value saved (CNY)", "净挽回价值"))
    ax.set_title(
        bilingual("Whom to call: ranking by risk or by value at stake", "挽留对象:按风险还是按价值排序"),
        fontsize=10,
    )
    ax.legend(fontsize=8)
    return ax


def survival_curves(curves: pd.DataFrame, *, ax=None, p_value=None):
    """Kaplan-Meier curves from :func:`course_lib.churn.kaplan_meier`, one line per group."""
    ax = new_axes(ax)
    for i, column in enumerate(curves.columns):
        name = f"{column} {_TIER_ZH.get(str(column), '')}".strip()
        ax.step(curves.index, curves[column], where="post", lw=2, color=PALETTE[i % len(PALETTE)], label=name)
    ax.set_ylim(0, 1.02)
    ax.set_xlabel(bilingual("Days since the first order", "距首单天数"))
    ax.set_ylabel(bilingual("Share still a customer", "仍为活跃客户的比例"))
    title = bilingual("Retention curves by tier (Kaplan-Meier)", "各等级留存曲线")
    if p_value is not None:
        title += f"\nlog-rank p = {p_value:.2g}"
    ax.set_title(title, fontsize=10)
    ax.legend(fontsize=8)
    return ax


def programme_waterfall(table: pd.DataFrame, *, ax=None):
    """The programme's year from :func:`course_lib.loyalty.points_programme` as a waterfall:
    extra margin, minus points, tier benefits and running cost, equals net."""
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
            f"Points-and-tiers programme for {int(row['members']):,} members", "积分与等级计划的一年账"
        ),
        fontsize=10,
    )
    return ax


def referral_rounds(result, *, ax=None):
    """New customers and reward cost per referral round from
    :func:`course_lib.loyalty.referral_programme`."""
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
        ),
        fontsize=10,
    )
    lines = ax.get_legend_handles_labels()
    more = twin.get_legend_handles_labels()
    ax.legend(lines[0] + more[0], lines[1] + more[1], fontsize=8, loc="upper right")
    return ax


def manager_allocation(table: pd.DataFrame, *, ax=None):
    """Cumulative share of CLV against customers ranked by CLV, the managed accounts shaded
    (from :func:`course_lib.churn.allocate_managers`)."""
    ax = new_axes(ax)
    share = np.arange(1, len(table) + 1) / len(table)
    ax.plot(share * 100, table["value_share_cum"] * 100, color=_BLUE, lw=2)
    served = int((table["service"] == "manager").sum())
    if served:
        cut = share[served - 1] * 100
        captured = float(table["value_share_cum"].iloc[served - 1])
        ax.axvspan(0, cut, color=_ORANGE, alpha=0.2)
        ax.annotate(
            f"{served:,} accounts ({cut:.0f} %) hold {captured:.0%} of CLV",
            (cut, captured * 100),
            xytext=(10, -20),
            textcoords="offset points",
            fontsize=8,
        )
    ax.set_xlabel(bilingual("Customers ranked by CLV (%)", "按CLV排序的客户占比"))
    ax.set_ylabel(bilingual("Cumulative share of CLV (%)", "CLV累计占比"))
    ax.set_title(
        bilingual(
            "Success managers for the top accounts, automation for the rest",
            "高价值客户配专属经理,其余自动化触达",
        ),
        fontsize=10,
    )
    return ax
