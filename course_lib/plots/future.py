"""Figures of chapter 6: recommender quality, privacy checks, CRM selection and TCO, the
roadmap and the maturity profile (presentation layer).

Each function takes the result of an analytics function (``course_lib.recommend``,
``course_lib.privacy``, ``course_lib.selection``), draws on ``ax`` (a new Axes by default)
and returns the Axes.
"""

from __future__ import annotations

import textwrap
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from ..language import language
from . import PALETTE, bilingual, localized, new_axes

if TYPE_CHECKING:
    from collections.abc import Mapping

    from matplotlib.axes import Axes

    from ..privacy import KAnonymityReport
    from ..selection import MaturityResult

__all__ = [
    "recommender_comparison",
    "similarity_heatmap",
    "rows_at_risk",
    "consent_reach",
    "scoring_matrix",
    "tco_breakdown",
    "cumulative_costs",
    "roadmap_gantt",
    "maturity_profile",
]

_BLUE, _ORANGE, _GREEN, _RED, _PURPLE, _BROWN = PALETTE[:6]
_GREY = PALETTE[7]
_CRITERIA_ZH = {
    "functional_modules": "功能模块",
    "industry_fit": "行业适配",
    "architecture": "架构兼容",
    "total_cost": "总拥有成本",
}
_MODEL_ZH = {"item-to-item": "物品协同推荐", "popularity": "热门推荐"}
_COMPONENT_ZH = {
    "licences": "许可",
    "implementation": "实施",
    "customisation": "定制",
    "training": "培训",
    "operations": "运维",
}


def recommender_comparison(
    tables: Mapping[str, pd.DataFrame], *, metric: str = "hit_rate", ax: Axes | None = None
) -> Axes:
    """Bars of a metric per model for each item definition.

    One group of bars per item definition, one bar per model: the taller bar recommended
    better on the later period.

    Parameters
    ----------
    tables : Mapping[str, pandas.DataFrame]
        Label of an item definition (e.g. ``"category"``) → the table
        :func:`course_lib.recommend.compare` returned for it (one row per model; every table
        lists the same models).
    metric : {"hit_rate", "precision_at_k"}, default "hit_rate"
        The column to draw, in percent.
    ax : matplotlib.axes.Axes, optional
        Draw here; a new figure otherwise.

    Returns
    -------
    matplotlib.axes.Axes
        The axes drawn on.
    """
    ax = new_axes(ax)
    labels = list(tables)
    models = list(next(iter(tables.values())).index)
    width = 0.8 / len(models)
    x = np.arange(len(labels))
    for i, model in enumerate(models):
        values = [float(tables[label].loc[model, metric]) for label in labels]
        bars = ax.bar(
            x + (i - (len(models) - 1) / 2) * width,
            np.array(values) * 100,
            width,
            color=PALETTE[i],
            label=localized(str(model), _MODEL_ZH.get(str(model), str(model))),
        )
        ax.bar_label(bars, fmt="%.0f%%", fontsize=8)
    ax.set_xticks(x, labels)
    name = {
        "hit_rate": ("Hit rate (%)", "命中率", "命中率(%)"),
        "precision_at_k": ("Precision@k (%)", "精确率", "精确率@k(%)"),
    }
    english, chinese, full = name.get(metric, (metric, "", metric))
    ax.set_ylabel(bilingual(english, chinese, zh=full))
    ax.set_xlabel(bilingual("What counts as an item", "推荐单位"))
    ax.set_title(bilingual("Recommendations checked on the later period", "用后期订单检验推荐"), fontsize=10)
    ax.legend()
    return ax


def similarity_heatmap(similarity: pd.DataFrame, *, ax: Axes | None = None) -> Axes:
    """Item × item cosine similarity (``ItemToItem().similarity_``) as a heatmap.

    The darker a cell, the more the two items are bought by the same customers; the diagonal
    is left blank (an item does not recommend itself) and up to 8 items are annotated.

    Parameters
    ----------
    similarity : pandas.DataFrame
        Square item × item table of similarities 0–1, the ``similarity_`` attribute of a
        fitted :class:`course_lib.recommend.ItemToItem`.
    ax : matplotlib.axes.Axes, optional
        Draw here; a new figure otherwise.

    Returns
    -------
    matplotlib.axes.Axes
        The axes drawn on.
    """
    import seaborn as sns

    ax = new_axes(ax, figsize=(6.5, 5.2))
    mask = np.eye(len(similarity), dtype=bool)  # an item does not recommend itself
    sns.heatmap(
        similarity,
        mask=mask,
        cmap="Blues",
        ax=ax,
        square=True,
        annot=len(similarity) <= 8,
        fmt=".2f",
        cbar_kws={"label": bilingual("cosine similarity", "余弦相似度")},
    )
    ax.set_xlabel("")
    ax.set_ylabel("")
    ax.set_title(bilingual("Which items the same customers buy", "同一批客户共同购买的品类"), fontsize=10)
    return ax


def rows_at_risk(reports: Mapping[str, KAnonymityReport], *, ax: Axes | None = None) -> Axes:
    """Share of rows in classes below the required k, for each release step.

    One bar per step, green when the step passes k-anonymity and red when not; each bar is
    labelled with the share and the smallest class size k.

    Parameters
    ----------
    reports : Mapping[str, course_lib.privacy.KAnonymityReport]
        Step label → what :func:`course_lib.privacy.k_anonymity` found for that release,
        in the order to draw (top to bottom); all checked against the same required k.
    ax : matplotlib.axes.Axes, optional
        Draw here; a new figure otherwise.

    Returns
    -------
    matplotlib.axes.Axes
        The axes drawn on.
    """
    ax = new_axes(ax, figsize=(7.5, 3.4))
    labels = list(reports)
    shares = [reports[label].share_at_risk * 100 for label in labels]
    colours = [_GREEN if reports[label].passes else _RED for label in labels]
    bars = ax.barh(labels[::-1], shares[::-1], color=colours[::-1])
    ax.bar_label(
        bars,
        labels=[f"{s:.1f}% · k={reports[lab].k}" for s, lab in zip(shares[::-1], labels[::-1])],
        fontsize=8,
        padding=3,
    )
    required = next(iter(reports.values())).required_k
    ax.set_xlabel(
        bilingual(
            f"Rows in classes smaller than k={required} (%)",
            "有重识别风险的记录占比",
            zh=f"所在等价类小于 k={required} 的记录占比(%)",
        )
    )
    ax.set_xlim(0, max(max(shares) * 1.25, 5))
    ax.set_title(
        bilingual("From raw table to a release that passes k-anonymity", "从原始表到满足k-匿名的发布表"),
        fontsize=10,
    )
    return ax


def consent_reach(summary: pd.DataFrame, *, ax: Axes | None = None) -> Axes:
    """Share of customers reachable per channel (from :func:`course_lib.privacy.consent_summary`).

    Bar heights are shares, the labels on top the numbers of customers; the grey bar counts
    customers who consented to no channel.

    Parameters
    ----------
    summary : pandas.DataFrame
        The output of :func:`course_lib.privacy.consent_summary`: one row per channel with
        ``customers`` and ``share`` (0–1).
    ax : matplotlib.axes.Axes, optional
        Draw here; a new figure otherwise.

    Returns
    -------
    matplotlib.axes.Axes
        The axes drawn on.
    """
    ax = new_axes(ax, figsize=(7.5, 3.2))
    zh = {"sms": "短信", "email": "邮件", "wechat": "微信", "phone": "电话", "none": "均未授权"}
    labels = [bilingual(c, zh.get(c, "")) for c in summary.index]
    colours = [_GREY if c == "none" else _BLUE for c in summary.index]
    bars = ax.bar(labels, summary["share"] * 100, color=colours)
    ax.bar_label(bars, labels=[f"{n:,}" for n in summary["customers"]], fontsize=8)
    ax.set_ylabel(bilingual("Customers with consent (%)", "已授权客户占比", zh="已授权客户占比(%)"))
    ax.set_title(bilingual("Who may be contacted on which channel", "各渠道可触达客户"), fontsize=10)
    return ax


def scoring_matrix(
    table: pd.DataFrame, *, names: Mapping[str, str] | None = None, ax: Axes | None = None
) -> Axes:
    """Horizontal stacked bars of each criterion's weighted contribution per option.

    Each bar adds up to the option's weighted score (0–5, written at its end); the best
    option is at the top.

    Parameters
    ----------
    table : pandas.DataFrame
        The output of :func:`course_lib.selection.weighted_scores` or
        :func:`course_lib.selection.selection_matrix`: one row per option, one column per
        weighted criterion and ``total`` (columns ``rank`` and ``tco`` are not drawn).
    names : Mapping[str, str], optional
        Display name per option key; options not in it keep their key.
    ax : matplotlib.axes.Axes, optional
        Draw here; a new figure otherwise.

    Returns
    -------
    matplotlib.axes.Axes
        The axes drawn on.
    """
    ax = new_axes(ax, figsize=(7.5, 3.6))
    criteria = [c for c in table.columns if c not in ("total", "rank", "tco")]
    order = table.sort_values("total").index
    left = np.zeros(len(order))
    for i, criterion in enumerate(criteria):
        values = table.loc[order, criterion].to_numpy(float)
        ax.barh(
            [_name(o, names) for o in order],
            values,
            left=left,
            color=PALETTE[i],
            label=bilingual(criterion, _CRITERIA_ZH.get(criterion, "")).strip(),
        )
        left += values
    for y, total in enumerate(left):
        ax.text(total + 0.05, y, f"{total:.2f}", va="center", fontsize=8)
    ax.set_xlim(0, 5.5)
    ax.set_xlabel(bilingual("Weighted score (0–5)", "加权得分", zh="加权得分(0–5)"))
    ax.set_title(bilingual("CRM selection: weighted scoring matrix", "CRM选型加权评分矩阵"), fontsize=10)
    ax.legend(fontsize=7, loc="lower right")
    return ax


def _name(option, names):
    return names.get(option, option) if names else option


def tco_breakdown(
    comparison: pd.DataFrame, *, names: Mapping[str, str] | None = None, ax: Axes | None = None
) -> Axes:
    """Stacked bars of the discounted cost components per option, in million CNY.

    Each bar's total, the option's total cost of ownership, is written on top.

    Parameters
    ----------
    comparison : pandas.DataFrame
        The output of :func:`course_lib.selection.tco_comparison`: one row per option with
        the present value (CNY) of ``licences``, ``implementation``, ``customisation``,
        ``training`` and ``operations``.
    names : Mapping[str, str], optional
        Display name per option key; options not in it keep their key.
    ax : matplotlib.axes.Axes, optional
        Draw here; a new figure otherwise.

    Returns
    -------
    matplotlib.axes.Axes
        The axes drawn on.
    """
    ax = new_axes(ax, figsize=(7.5, 3.8))
    components = ["licences", "implementation", "customisation", "training", "operations"]
    labels = [textwrap.fill(str(_name(o, names)), 16) for o in comparison.index]
    bottom = np.zeros(len(comparison))
    for i, component in enumerate(components):
        values = comparison[component].to_numpy(float) / 1e6
        ax.bar(
            labels,
            values,
            bottom=bottom,
            color=PALETTE[i],
            label=bilingual(component, _COMPONENT_ZH[component]),
        )
        bottom += values
    for x, total in enumerate(bottom):
        ax.text(
            x, total, localized(f"¥{total:.2f}m", f"¥{total:.2f}百万"), ha="center", va="bottom", fontsize=8
        )
    ax.set_ylabel(bilingual("Present value of costs (million CNY)", "成本现值(百万元)"))
    ax.set_title(bilingual("Five-year total cost of ownership", "五年总拥有成本"), fontsize=10)
    ax.tick_params(axis="x", labelsize=8)
    ax.legend(fontsize=7)
    return ax


def cumulative_costs(
    frame: pd.DataFrame, *, names: Mapping[str, str] | None = None, ax: Axes | None = None
) -> Axes:
    """Cumulative discounted cost by year per option (from ``selection.cumulative_costs``).

    Where two lines cross, the option with the higher upfront cost becomes the cheaper one.

    Parameters
    ----------
    frame : pandas.DataFrame
        The output of :func:`course_lib.selection.cumulative_costs`: indexed by year, one
        column per option, cumulative present value in CNY.
    names : Mapping[str, str], optional
        Display name per option key; options not in it keep their key.
    ax : matplotlib.axes.Axes, optional
        Draw here; a new figure otherwise.

    Returns
    -------
    matplotlib.axes.Axes
        The axes drawn on.
    """
    ax = new_axes(ax)
    for i, option in enumerate(frame.columns):
        ax.plot(
            frame.index, frame[option] / 1e6, marker="o", ms=3, color=PALETTE[i], label=_name(option, names)
        )
    ax.set_xlabel(bilingual("Year", "年", zh="年份"))
    ax.set_ylabel(
        bilingual("Cumulative cost, present value (million CNY)", "累计成本现值", zh="累计成本现值(百万元)")
    )
    ax.set_title(
        bilingual(
            "High upfront cost, lower running cost: where the lines cross", "前期投入高、运行成本低:曲线交点"
        ),
        fontsize=10,
    )
    ax.legend(fontsize=8)
    return ax


def roadmap_gantt(roadmap: pd.DataFrame, *, ax: Axes | None = None) -> Axes:
    """The implementation roadmap as bars over months (from ``selection.ROADMAP``).

    Parameters
    ----------
    roadmap : pandas.DataFrame
        One row per phase, first phase first, with ``phase``, ``phase_zh``, ``start_month``
        and ``months``, such as :data:`course_lib.selection.ROADMAP`.
    ax : matplotlib.axes.Axes, optional
        Draw here; a new figure otherwise.

    Returns
    -------
    matplotlib.axes.Axes
        The axes drawn on.
    """
    ax = new_axes(ax, figsize=(7.5, 3.4))
    rows = roadmap.iloc[::-1]
    labels = [bilingual(p, z) for p, z in zip(rows["phase"], rows["phase_zh"])]
    ax.barh(labels, rows["months"], left=rows["start_month"] - 0.5, color=PALETTE[: len(rows)][::-1])
    end = int((roadmap["start_month"] + roadmap["months"]).max())
    ax.set_xticks(range(1, end))
    ax.set_xlabel(bilingual("Month", "月份"))
    ax.set_title(bilingual("Implementation roadmap (course design)", "实施路线图(课程设计)"), fontsize=10)
    return ax


def _level_zh(level_name: str) -> str:
    """The Chinese name of a maturity level of the course's model (the name itself otherwise)."""
    if language() != "zh":
        return level_name
    from ..selection import load_maturity

    levels = load_maturity().levels
    return dict(zip(levels["name"], levels["name_zh"])).get(level_name, level_name)


def maturity_profile(result: MaturityResult, *, ax: Axes | None = None) -> Axes:
    """Score per dimension on the 1–5 scale (from :func:`course_lib.selection.score_maturity`).

    The weakest dimension, where to start, is red; the dashed line is the overall score.

    Parameters
    ----------
    result : course_lib.selection.MaturityResult
        What :func:`course_lib.selection.score_maturity` returned.
    ax : matplotlib.axes.Axes, optional
        Draw here; a new figure otherwise.

    Returns
    -------
    matplotlib.axes.Axes
        The axes drawn on.
    """
    ax = new_axes(ax, figsize=(7.5, 3.2))
    table = result.by_dimension.iloc[::-1]
    labels = [bilingual(n, z) for n, z in zip(table["name"], table["name_zh"])]
    colours = [_RED if d == result.weakest else _BLUE for d in table.index]
    bars = ax.barh(labels, table["score"], color=colours)
    ax.bar_label(bars, fmt="%.1f", fontsize=8, padding=3)
    ax.axvline(result.score, color=_GREY, ls="--", lw=1)
    ax.set_xlim(0, 5.4)
    ax.set_xticks(range(0, 6))
    ax.set_xlabel(bilingual("Maturity level (1–5)", "成熟度等级", zh="成熟度等级(1–5)"))
    ax.set_title(
        bilingual(
            f"Maturity self-assessment: {result.score:.1f} ({result.level_name})",
            "CRM成熟度自评",
            zh=f"CRM成熟度自评:{result.score:.1f}({_level_zh(result.level_name)})",
        ),
        fontsize=10,
    )
    return ax
