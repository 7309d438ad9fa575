"""Figures of chapter 1: cohort profit over the years, where the retention-profit claim holds,
acquisition against retention cost, the health score and what it says about churn
(presentation layer).

Each function takes the result of a :mod:`course_lib.economics` or :mod:`course_lib.health` function, draws on ``ax`` (a
new Axes by default) and returns the Axes.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from . import PALETTE, bilingual, localized, new_axes

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from numpy.typing import ArrayLike

__all__ = [
    "cohort_profit",
    "uplift_heatmap",
    "cost_comparison",
    "health_distribution",
    "churn_by_band",
    "component_auc",
]

_BLUE, _ORANGE, _GREEN, _RED, _GREY = PALETTE[0], PALETTE[1], PALETTE[2], PALETTE[3], PALETTE[7]
#: Chinese names of the health score and its components (course_lib.health).
HEALTH_NAMES_ZH = {
    "health_score": "客户健康度",
    "recency": "最近一次消费",
    "frequency": "消费频率",
    "satisfaction": "满意度",
    "service": "服务体验",
    "engagement": "互动参与",
}


def cohort_profit(
    before: pd.DataFrame,
    after: pd.DataFrame | None = None,
    *,
    label_before: str | None = None,
    label_after: str | None = None,
    ax: Axes | None = None,
) -> Axes:
    """Cumulative discounted profit of a cohort by year (:func:`course_lib.economics.cohort_economics`).

    With ``after`` (the same cohort under other assumptions) both curves are drawn, so the
    gap shows what the change is worth and when the cohort pays back its acquisition cost.

    Parameters
    ----------
    before : pandas.DataFrame
        The output of :func:`course_lib.economics.cohort_economics`: indexed by year
        (0 = acquisition), with ``cumulative`` (CNY).
    after : pandas.DataFrame, optional
        The same table under other assumptions; its final gain over ``before`` is written
        at the end of its curve.
    label_before, label_after : str, optional
        Legend labels of the two curves; "now" and "+5 points retention" otherwise (in
        the course's language).
    ax : matplotlib.axes.Axes, optional
        Draw here; a new figure otherwise.

    Returns
    -------
    matplotlib.axes.Axes
        The axes drawn on.
    """
    ax = new_axes(ax)
    if label_before is None:
        label_before = bilingual("now", "当前")
    if label_after is None:
        label_after = bilingual("+5 points retention", "留存+5个百分点")
    ax.axhline(0, color=_GREY, lw=1)
    ax.plot(before.index, before["cumulative"], marker="o", color=_BLUE, lw=2, label=label_before)
    if after is not None:
        ax.plot(after.index, after["cumulative"], marker="s", color=_ORANGE, lw=2, label=label_after)
        last = before.index[-1]
        gain = after["cumulative"].iloc[-1] - before["cumulative"].iloc[-1]
        ax.annotate(
            f"{gain:+,.0f}",
            (last, after["cumulative"].iloc[-1]),
            textcoords="offset points",
            xytext=(-40, 8),
            fontsize=8,
            color=_ORANGE,
        )
    ax.set_xticks(before.index)
    from matplotlib.ticker import FuncFormatter

    ax.yaxis.set_major_formatter(FuncFormatter(lambda value, _: f"{value:,.0f}"))
    ax.set_xlabel(bilingual("Year (0 = acquisition)", "年份(0 = 获客)"))
    ax.set_ylabel(bilingual("Cumulative discounted profit (CNY)", "累计折现利润", zh="累计折现利润(元)"))
    ax.set_title(bilingual("Profit of a cohort of new customers", "一批新客户的累计利润"), fontsize=10)
    ax.legend(loc="upper left")
    return ax


def uplift_heatmap(
    grid: pd.DataFrame, *, low: float = 0.25, high: float = 0.95, ax: Axes | None = None
) -> Axes:
    """Profit uplift of +5 points of retention by base retention and margin, as a heatmap.

    Each cell holds the uplift in percent ("—" where it is undefined; colours stop at
    200 %); cells between ``low`` and ``high`` — the claim's 25–95 % band — are outlined.

    Parameters
    ----------
    grid : pandas.DataFrame
        The output of :func:`course_lib.economics.uplift_grid`: one row per margin per
        customer-year (CNY), one column per base retention, uplifts as fractions.
    low, high : float
        The band to outline, as fractions (0.25 = 25 %).
    ax : matplotlib.axes.Axes, optional
        Draw here; a new figure otherwise.

    Returns
    -------
    matplotlib.axes.Axes
        The axes drawn on.
    """
    ax = new_axes(ax, figsize=(7.8, 4.4))
    values = grid.to_numpy(dtype=float) * 100
    shown = np.clip(np.nan_to_num(values, nan=np.nan), 0, 200)
    image = ax.imshow(shown, aspect="auto", origin="lower", cmap="Blues", vmin=0, vmax=200)
    inside = (values >= low * 100) & (values <= high * 100)
    for i in range(values.shape[0]):
        for j in range(values.shape[1]):
            v = values[i, j]
            text = "—" if not np.isfinite(v) else f"{v:.0f}"
            ax.text(
                j,
                i,
                text,
                ha="center",
                va="center",
                fontsize=7,
                color="white" if np.isfinite(v) and v > 120 else "black",
                fontweight="normal",
            )
            if inside[i, j]:
                ax.add_patch(_rect(j, i))
    ax.set_xticks(range(grid.shape[1]), [f"{r:.0%}" for r in grid.columns])
    ax.set_yticks(range(grid.shape[0]), [f"¥{m:,.0f}" for m in grid.index])
    ax.set_xlabel(bilingual("Base retention per year", "当前年留存率"))
    ax.set_ylabel(bilingual("Margin per customer-year", "每客户每年毛利"))
    ax.set_title(
        bilingual(
            "Profit uplift (%) of +5 points retention; outlined: 25–95 %",
            "留存+5个百分点的利润增幅",
            zh="留存+5个百分点的利润增幅(%);框出:25–95 %",
        ),
        fontsize=10,
    )
    ax.figure.colorbar(image, ax=ax, label=bilingual("uplift %", "利润增幅", zh="利润增幅 %"))
    ax.grid(False)
    ax.figure.tight_layout()
    return ax


def _rect(x, y):
    from matplotlib.patches import Rectangle

    return Rectangle((x - 0.5, y - 0.5), 1, 1, fill=False, edgecolor=_ORANGE, lw=1.6)


def cost_comparison(costs: pd.DataFrame, *, ax: Axes | None = None) -> Axes:
    """Marketing cost per customer and total cost per order, acquire against retain.

    Parameters
    ----------
    costs : pandas.DataFrame
        The output of :func:`course_lib.economics.acquisition_vs_retention`: rows
        ``acquire`` and ``retain`` with ``marketing_per_customer`` and ``per_order`` (CNY).
    ax : matplotlib.axes.Axes, optional
        Draw here; a new figure otherwise.

    Returns
    -------
    matplotlib.axes.Axes
        The axes drawn on.
    """
    ax = new_axes(ax, figsize=(7.2, 3.8))
    measures = [
        ("marketing_per_customer", bilingual("marketing per customer", "每客户营销成本")),
        ("per_order", bilingual("all costs per order", "每单总成本")),
    ]
    x = np.arange(len(measures))
    width = 0.36
    for k, (row, colour, label) in enumerate(
        [("acquire", _ORANGE, bilingual("acquire", "获客")), ("retain", _BLUE, bilingual("retain", "留存"))]
    ):
        heights = [float(costs.loc[row, m]) for m, _ in measures]
        bars = ax.bar(x + (k - 0.5) * width, heights, width, color=colour, label=label)
        for bar, h in zip(bars, heights):
            ax.annotate(
                f"¥{h:,.0f}",
                (bar.get_x() + bar.get_width() / 2, h),
                ha="center",
                textcoords="offset points",
                xytext=(0, 3),
                fontsize=8,
            )
    ax.set_xticks(x, [label for _, label in measures])
    top = float(costs[[m for m, _ in measures]].to_numpy(dtype=float).max())
    ax.set_ylim(0, top * 1.3)
    ax.set_ylabel(bilingual("CNY", "元"))
    ax.set_title(bilingual("Winning a customer against keeping one", "获客成本与留存成本"), fontsize=10)
    ax.legend(loc="upper center", ncol=2)
    return ax


def health_distribution(scores: ArrayLike, *, threshold: float = 75.0, ax: Axes | None = None) -> Axes:
    """Histogram of health scores (one week) with the alert threshold and the share under it.

    Parameters
    ----------
    scores : array-like of float
        Health scores 0–100, e.g. the ``health_score`` column of
        :func:`course_lib.health.health_scores`.
    threshold : float, default 75.0
        The alert line; the share of customers under it is written beside it.
    ax : matplotlib.axes.Axes, optional
        Draw here; a new figure otherwise.

    Returns
    -------
    matplotlib.axes.Axes
        The axes drawn on.
    """
    ax = new_axes(ax)
    values = np.asarray(scores, dtype=float)
    ax.hist(values, bins=np.arange(0, 102.5, 2.5), color=_BLUE, alpha=0.85)
    ax.axvline(threshold, color=_RED, lw=2)
    share = float((values < threshold).mean())
    ax.annotate(
        localized(
            f"{share:.0%} under {threshold:g}\n{share:.0%} 低于警戒线",
            f"{share:.0%} 低于警戒线 {threshold:g}",
        ),
        (threshold, ax.get_ylim()[1] * 0.85),
        xytext=(-8, 0),
        textcoords="offset points",
        ha="right",
        fontsize=8,
        color=_RED,
    )
    ax.set_xlim(0, 100)
    ax.set_xlabel(bilingual("Health score (0–100)", "客户健康度", zh="客户健康度(0–100)"))
    ax.set_ylabel(bilingual("Customers", "客户数"))
    ax.set_title(bilingual("Health scores of one week", "一周的客户健康度分布"), fontsize=10)
    return ax


def churn_by_band(bands: pd.DataFrame, *, threshold: float = 75.0, ax: Axes | None = None) -> Axes:
    """Churn rate by health-score band (:func:`course_lib.health.health_bands`).

    Bands starting under ``threshold`` are red; each bar is labelled with its rate and the
    number of customers in the band.

    Parameters
    ----------
    bands : pandas.DataFrame
        The output of :func:`course_lib.health.health_bands`: one row per score band
        (an interval) with ``customers`` and ``churn_rate`` (0–1).
    threshold : float, default 75.0
        The alert line of the health score.
    ax : matplotlib.axes.Axes, optional
        Draw here; a new figure otherwise.

    Returns
    -------
    matplotlib.axes.Axes
        The axes drawn on.
    """
    ax = new_axes(ax, figsize=(7.2, 3.8))
    labels = [str(b) for b in bands.index]
    lows = [float(str(b).strip("[(").split(",")[0]) for b in bands.index]
    colours = [_RED if low < threshold else _GREEN for low in lows]
    bars = ax.bar(labels, bands["churn_rate"] * 100, color=colours)
    for bar, n, rate in zip(bars, bands["customers"], bands["churn_rate"]):
        if np.isfinite(rate):
            ax.annotate(
                f"{rate:.0%}\nn={n:,}",
                (bar.get_x() + bar.get_width() / 2, rate * 100),
                ha="center",
                textcoords="offset points",
                xytext=(0, 3),
                fontsize=8,
            )
    ax.set_ylim(0, max(float(np.nanmax(bands["churn_rate"])) * 130, 10))
    ax.set_xlabel(bilingual("Health score band (red: under the alert line)", "健康度区间(红色:低于警戒线)"))
    ax.set_ylabel(bilingual("Churn in the next 180 days (%)", "随后180天流失率", zh="随后180天流失率(%)"))
    ax.set_title(bilingual("Low health scores come before churn", "健康度越低,流失越多"), fontsize=10)
    return ax


def component_auc(auc: pd.Series, *, ax: Axes | None = None) -> Axes:
    """How well each component, and the combined score, ranks later churn (ROC AUC).

    The combined ``health_score`` is orange; the dashed line at 0.5 is no signal at all.

    Parameters
    ----------
    auc : pandas.Series
        The output of :func:`course_lib.health.component_auc`: ROC AUC per component name.
    ax : matplotlib.axes.Axes, optional
        Draw here; a new figure otherwise.

    Returns
    -------
    matplotlib.axes.Axes
        The axes drawn on.
    """
    ax = new_axes(ax, figsize=(7.2, 3.6))
    ordered = auc.sort_values()
    colours = [_ORANGE if name == "health_score" else _BLUE for name in ordered.index]
    names = [localized(name, HEALTH_NAMES_ZH.get(name, name)) for name in ordered.index]
    ax.barh(names, ordered.to_numpy(), color=colours)
    ax.axvline(0.5, color=_GREY, ls="--")
    for y, v in enumerate(ordered.to_numpy()):
        ax.annotate(f"{v:.2f}", (v, y), xytext=(3, 0), textcoords="offset points", va="center", fontsize=8)
    ax.set_xlim(0.4, max(0.8, float(ordered.max()) + 0.05))
    ax.set_xlabel(
        bilingual("ROC AUC for churn (0.5 = no signal)", "预测流失的AUC", zh="预测流失的AUC值(0.5 = 无信号)")
    )
    ax.set_title(
        bilingual("Which components warn of churn?", "哪些指标预示流失", zh="哪些指标预示流失?"), fontsize=10
    )
    return ax
