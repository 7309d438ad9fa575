"""Figures of the turnaround capstone and the scripted cases (presentation layer).

Each function takes what :mod:`course_lib.simulation` returns — KPI tables, replication
bands, a leaderboard, a case outcome — draws it and returns the Axes it drew on.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from . import PALETTE, bilingual, localized, new_axes, use_theme

if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence

    from matplotlib.axes import Axes

__all__ = [
    "KPI_LABELS",
    "TARGETS",
    "kpi_paths",
    "leaderboard",
    "cost_breakdown",
    "quarterly_orders",
    "trigger_result",
]

#: The customer KPIs' names, English and Chinese.
_KPI_NAMES = {
    "repurchase_rate": ("Repurchase rate", "复购率"),
    "complaint_rate": ("Complaint rate", "投诉率"),
    "nps": ("NPS", "净推荐值"),
    "referral_share": ("Referral share of new customers", "推荐新客占比"),
}
#: Axis labels of the customer KPIs, English and Chinese (the English course's labels).
KPI_LABELS = {kpi: f"{english} {chinese}" for kpi, (english, chinese) in _KPI_NAMES.items()}
#: Chinese names of the cost items of a run (``SimulationResult.costs``).
_COST_ZH = {
    "goods": "商品成本",
    "service_level": "服务水平",
    "contacts": "客户触达",
    "complaint_staff": "投诉处理人员",
    "compensation": "补偿",
    "dedicated_agent": "专属客服",
    "free_returns": "免费退换",
    "service_reports": "服务报告",
    "points": "积分",
    "birthday": "生日关怀",
    "member_benefits": "会员权益",
    "referral_rewards": "推荐奖励",
    "winback": "流失挽回",
    "acquisition": "获客",
}


def _kpi_label(kpi: str) -> str:
    """The title of a KPI's panel in the course's language, "(%)" for the rates.

    Examples
    --------
    >>> _kpi_label("complaint_rate")
    'Complaint rate 投诉率 (%)'
    """
    english, chinese = _KPI_NAMES[kpi]
    if kpi not in _PERCENT:
        return bilingual(english, chinese)
    return localized(f"{english} {chinese} (%)", f"{chinese}(%)")


#: The turnaround case's "after" figures, as the strategy article reports them.
TARGETS = {"repurchase_rate": 0.42, "complaint_rate": 0.05, "nps": 45.0, "referral_share": 0.35}
_PERCENT = {"repurchase_rate", "complaint_rate", "referral_share"}


def _as_long(table) -> pd.DataFrame:
    """KPIs of one run (index month), a dict name → KPIs, or summarize_runs' bands → one long table."""
    if isinstance(table, dict):
        frames = [t.reset_index().assign(strategy=name) for name, t in table.items()]
        return pd.concat(frames, ignore_index=True)
    if not isinstance(table, pd.DataFrame):
        raise TypeError(f"`table` must be a KPI DataFrame or a dict of them; got {type(table).__name__}.")
    frame = table.reset_index()
    if "strategy" not in frame.columns:
        frame["strategy"] = "strategy"
    return frame


def kpi_paths(
    table: pd.DataFrame | dict[str, pd.DataFrame], *, targets: bool = True, axes: np.ndarray | None = None
) -> np.ndarray:
    """The four customer KPIs month by month, one line per strategy, with 90 % bands.

    Bands are drawn when the table has ``<kpi>_low``/``<kpi>_high`` columns (from
    ``summarize_runs``); the dotted lines are the turnaround case's after figures
    (:data:`TARGETS`).

    Parameters
    ----------
    table : pandas.DataFrame or dict of str to pandas.DataFrame
        The monthly KPIs of one run (``SimulationResult.kpis`` of
        :func:`course_lib.simulation.simulate`, indexed by ``month``), a dict strategy
        name → such a table, or the output of :func:`course_lib.simulation.summarize_runs`
        (indexed by ``strategy`` and ``month``).
    targets : bool, default True
        Draw the case's after figures as dotted lines.
    axes : numpy.ndarray of matplotlib.axes.Axes, optional
        A 2 × 2 array of Axes to draw on; a new figure otherwise.

    Returns
    -------
    numpy.ndarray of matplotlib.axes.Axes
        The 2 × 2 array of Axes drawn on.
    """
    frame = _as_long(table)
    if axes is None:
        import matplotlib.pyplot as plt

        use_theme()
        fig, axes = plt.subplots(2, 2, figsize=(9, 5.6), sharex=True)
    axes = np.asarray(axes)
    for i, (name, group) in enumerate(frame.groupby("strategy", sort=False)):
        color = PALETTE[i % len(PALETTE)]
        for ax, kpi in zip(axes.flat, KPI_LABELS):
            scale = 100 if kpi in _PERCENT else 1
            ax.plot(group["month"], group[kpi] * scale, marker="o", ms=3, color=color, label=name)
            if f"{kpi}_low" in group.columns:
                ax.fill_between(
                    group["month"],
                    group[f"{kpi}_low"] * scale,
                    group[f"{kpi}_high"] * scale,
                    color=color,
                    alpha=0.2,
                    lw=0,
                )
    for ax, kpi in zip(axes.flat, KPI_LABELS):
        if targets:
            scale = 100 if kpi in _PERCENT else 1
            ax.axhline(TARGETS[kpi] * scale, color=PALETTE[7], ls=":", lw=1)
        ax.set_title(_kpi_label(kpi), fontsize=9)
    for ax in axes[-1]:
        ax.set_xlabel(bilingual("Month", "月份"))
    axes.flat[0].legend(fontsize=8)
    axes.flat[0].figure.suptitle(
        bilingual(
            "Customer KPIs by month (dotted: the case's after figures)",
            "客户指标逐月变化(虚线:案例目标)",
            zh="客户指标逐月变化(虚线:案例的改进后数据)",
        ),
        fontsize=10,
    )
    axes.flat[0].figure.tight_layout()
    return axes


def leaderboard(board: pd.DataFrame, *, ax: Axes | None = None) -> Axes:
    """Team mode: total profit of each strategy with its 90 % band.

    Teams that meet the customer targets are blue, the others grey.

    Parameters
    ----------
    board : pandas.DataFrame
        The output of :func:`course_lib.simulation.tournament`, with ``strategy``,
        ``profit``, ``profit_low``, ``profit_high`` and ``meets_targets``.
    ax : matplotlib.axes.Axes, optional
        Draw here; a new figure otherwise.

    Returns
    -------
    matplotlib.axes.Axes
        The axes drawn on.

    Raises
    ------
    KeyError
        When ``board`` lacks one of those columns.
    """
    for column in ("strategy", "profit", "profit_low", "profit_high", "meets_targets"):
        if column not in board.columns:
            raise KeyError(f"`board` lacks column {column!r}; pass what tournament() returns.")
    ax = new_axes(ax, figsize=(7.5, 0.5 * len(board) + 1.6))
    ordered = board.iloc[::-1]
    millions = ordered["profit"] / 1e6
    err = np.vstack(
        [
            (ordered["profit"] - ordered["profit_low"]) / 1e6,
            (ordered["profit_high"] - ordered["profit"]) / 1e6,
        ]
    )
    colors = [PALETTE[0] if ok else PALETTE[7] for ok in ordered["meets_targets"]]
    ax.barh(ordered["strategy"], millions, xerr=err, color=colors, capsize=3)
    for y, (value, high) in enumerate(zip(millions, ordered["profit_high"] / 1e6)):
        ax.annotate(f"{value:,.2f}", (high, y), xytext=(6, -3), textcoords="offset points", fontsize=8)
    ax.set_xlim(0, float(ordered["profit_high"].max()) / 1e6 * 1.15)
    ax.set_xlabel(bilingual("Total profit (million CNY)", "总利润(百万元)"))
    ax.set_title(
        localized(
            "Leaderboard 排行榜\nblue: complaints under 5 % and NPS above 0 · 蓝色:投诉率<5%且NPS>0",
            "排行榜\n蓝色:投诉率<5%且NPS>0",
        ),
        fontsize=10,
    )
    ax.figure.tight_layout()
    return ax


def cost_breakdown(costs: pd.DataFrame, *, ax: Axes | None = None) -> Axes:
    """What the levers cost over the whole run (cost of goods left out), largest first.

    Parameters
    ----------
    costs : pandas.DataFrame
        The monthly costs of a run, ``SimulationResult.costs`` of
        :func:`course_lib.simulation.simulate`: one column per cost item (CNY); ``goods`` is
        left out and items that cost nothing are not drawn.
    ax : matplotlib.axes.Axes, optional
        Draw here; a new figure otherwise.

    Returns
    -------
    matplotlib.axes.Axes
        The axes drawn on.
    """
    ax = new_axes(ax)
    totals = costs.drop(columns="goods", errors="ignore").sum().sort_values()
    totals = totals[totals > 0]
    names = [localized(str(item), _COST_ZH.get(str(item), str(item))) for item in totals.index]
    ax.barh(names, totals.to_numpy() / 1e3, color=PALETTE[1])
    ax.set_xlabel(bilingual("Cost over the run (thousand CNY)", "累计成本(千元)"))
    ax.set_title(
        bilingual("Where the money goes: lever costs", "各杠杆成本", zh="钱花在哪里:各杠杆成本"), fontsize=10
    )
    return ax


def quarterly_orders(
    quarters: Sequence[object],
    amounts: Sequence[float],
    *,
    title: str | None = None,
    ax: Axes | None = None,
) -> Axes:
    """Bars of an account's orders per quarter (the B2B buyer's CRM history).

    Parameters
    ----------
    quarters : Sequence
        Quarter labels (shown as text), e.g. ``"2024Q1"``.
    amounts : Sequence[float]
        Orders per quarter in thousand CNY, one per quarter.
    title : str, optional
        The title; "Orders per quarter 季度订单额" by default.
    ax : matplotlib.axes.Axes, optional
        Draw here; a new figure otherwise.

    Returns
    -------
    matplotlib.axes.Axes
        The axes drawn on.
    """
    ax = new_axes(ax, figsize=(7.5, 3.0))
    ax.bar([str(q) for q in quarters], amounts, color=PALETTE[0])
    ax.set_ylabel(bilingual("Orders (thousand CNY)", "订单额(千元)"))
    ax.set_title(title or bilingual("Orders per quarter", "季度订单额"), fontsize=10)
    ax.tick_params(axis="x", labelsize=8)
    return ax


def trigger_result(metrics: Mapping[str, float], *, ax: Axes | None = None) -> Axes:
    """The trigger test: conversion of contacted members against the hold-out group.

    Parameters
    ----------
    metrics : Mapping[str, float]
        The ``metrics`` of the :class:`course_lib.simulation.cases.CaseOutcome` of a trigger
        case: ``conversion_control`` and ``conversion_treated`` (0–1), and the counts
        ``contacted``, ``control`` and ``opt_outs``.
    ax : matplotlib.axes.Axes, optional
        Draw here; a new figure otherwise.

    Returns
    -------
    matplotlib.axes.Axes
        The axes drawn on.
    """
    ax = new_axes(ax, figsize=(6, 3.0))
    labels = [bilingual("hold-out", "对照组"), bilingual("contacted", "触达组")]
    values = [metrics["conversion_control"] * 100, metrics["conversion_treated"] * 100]
    ax.bar(labels, values, color=[PALETTE[7], PALETTE[0]])
    for x, v in enumerate(values):
        ax.annotate(f"{v:.1f} %", (x, v), xytext=(0, 3), textcoords="offset points", ha="center", fontsize=9)
    ax.set_ylabel(bilingual("Bought within 7 days (%)", "7天内购买率", zh="7天内购买率(%)"))
    ax.set_title(
        bilingual(
            f"Contacted {metrics['contacted']:,}, hold-out {metrics['control']:,}, "
            f"opt-outs {metrics['opt_outs']:,}",
            "触达与对照",
            zh=f"触达 {metrics['contacted']:,} 人,对照 {metrics['control']:,} 人,退订 {metrics['opt_outs']:,} 人",
        ),
        fontsize=10,
    )
    return ax
