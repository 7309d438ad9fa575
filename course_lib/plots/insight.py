"""Figures of chapter 2: revenue concentration, RFM grid, segment and tier shares, choosing k,
clusters, cohort retention and tier migration (presentation layer).

Each function takes the result of an analytics function (:mod:`course_lib.rfm`,
:mod:`course_lib.segmentation`, :mod:`course_lib.cohorts`), draws on ``ax`` (a new Axes by
default) and returns the Axes.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from . import PALETTE, bilingual, localized, new_axes

if TYPE_CHECKING:
    from collections.abc import Sequence

    from matplotlib.axes import Axes
    from numpy.typing import ArrayLike

__all__ = [
    "pareto",
    "rfm_grid",
    "share_bars",
    "choose_k",
    "cluster_scatter",
    "cohort_heatmap",
    "migration_heatmap",
]

_BLUE, _ORANGE, _GREEN, _RED, _GREY = PALETTE[0], PALETTE[1], PALETTE[2], PALETTE[3], PALETTE[7]
#: Chinese names of the RFM columns, for the axes of the Chinese course.
_COLUMN_ZH = {"recency_days": "最近一次消费距今天数", "frequency": "消费频率", "monetary": "消费金额"}


def pareto(values: ArrayLike, *, mark: Sequence[float] | None = (0.18,), ax: Axes | None = None) -> Axes:
    """The Pareto (Lorenz) curve of spend: cumulative revenue share against customer share.

    Customers are taken best first; the dashed diagonal is equal spend, and the further the
    curve bows above it, the more concentrated the revenue (Gini in the title). Each share
    in ``mark`` gets a point labelled with the revenue share of that top share of customers.

    Parameters
    ----------
    values : array-like of float
        Spend per customer, e.g. the ``monetary`` column of :func:`course_lib.rfm.rfm_table`.
    mark : Sequence[float] or None, default (0.18,)
        Top shares of customers (fractions) to mark; ``None`` or empty marks none.
    ax : matplotlib.axes.Axes, optional
        Draw here; a new figure otherwise.

    Returns
    -------
    matplotlib.axes.Axes
        The axes drawn on.
    """
    from ..concentration import concentration, gini, pareto_curve

    ax = new_axes(ax)
    curve = pareto_curve(values)
    ax.plot(
        curve["customer_share"] * 100,
        curve["revenue_share"] * 100,
        color=_BLUE,
        lw=2,
        label=bilingual("Our customers", "本店客户"),
    )
    ax.plot([0, 100], [0, 100], color=_GREY, ls="--", lw=1, label=bilingual("Equal spend", "人均相同"))
    for share in mark or ():
        revenue = concentration(values, top=share)
        ax.scatter([share * 100], [revenue * 100], color=_ORANGE, zorder=3)
        ax.annotate(
            localized(f"top {share:.0%} → {revenue:.0%}", f"前 {share:.0%} 客户 → {revenue:.0%} 收入"),
            (share * 100, revenue * 100),
            textcoords="offset points",
            xytext=(10, -14),
            fontsize=9,
        )
    coefficient = gini(values)
    ax.set_xlim(0, 100)
    ax.set_ylim(0, 101)
    ax.set_xlabel(bilingual("Share of customers, best first (%)", "客户占比", zh="客户占比,价值高者在前(%)"))
    ax.set_ylabel(bilingual("Share of revenue (%)", "收入占比", zh="收入占比(%)"))
    ax.set_title(
        bilingual(
            f"Revenue concentration (Gini {coefficient:.2f})",
            "收入集中度",
            zh=f"收入集中度(基尼系数 {coefficient:.2f})",
        ),
        fontsize=11,
    )
    ax.legend(loc="lower right", fontsize=8)
    return ax


def rfm_grid(scores: pd.DataFrame, *, ax: Axes | None = None) -> Axes:
    """Customers per R × F score cell, coloured by their mean spend (annotated counts).

    Parameters
    ----------
    scores : pandas.DataFrame
        The output of :func:`course_lib.rfm.rfm_scores`: one row per customer with the
        scores ``R`` and ``F`` (1–5) and ``monetary``.
    ax : matplotlib.axes.Axes, optional
        Draw here; a new figure otherwise.

    Returns
    -------
    matplotlib.axes.Axes
        The axes drawn on.
    """
    import seaborn as sns

    ax = new_axes(ax)
    counts = pd.crosstab(scores["F"], scores["R"]).sort_index(ascending=False)
    spend = scores.pivot_table(
        index="F", columns="R", values="monetary", aggfunc="mean", observed=True
    ).reindex_like(counts)
    sns.heatmap(
        spend,
        annot=counts,
        fmt="d",
        cmap="Blues",
        ax=ax,
        cbar_kws={"label": bilingual("Mean spend (CNY)", "平均消费", zh="平均消费(元)")},
    )
    ax.set_xlabel(bilingual("R score (5 = most recent)", "最近消费得分", zh="R 最近消费得分(5 = 最近)"))
    ax.set_ylabel(bilingual("F score (5 = most orders)", "消费频率得分", zh="F 消费频率得分(5 = 订单最多)"))
    ax.set_title(bilingual("Customers per R × F cell", "RFM 分布", zh="各 R × F 格的客户数"), fontsize=11)
    return ax


def share_bars(
    summary: pd.DataFrame, *, title: str = "Segments", title_zh: str = "客户分群", ax: Axes | None = None
) -> Axes:
    """Share of customers beside share of revenue for each group of a summary table.

    A group whose blue (revenue) bar is longer than its grey (customers) bar brings more
    than its head-count share of revenue.

    Parameters
    ----------
    summary : pandas.DataFrame
        One row per group with ``share`` and ``revenue_share`` (0–1) and, optionally,
        ``name_zh`` for the labels, e.g. :func:`course_lib.segmentation.profile`.
    title, title_zh : str
        What the groups are, in English and Chinese, for the title.
    ax : matplotlib.axes.Axes, optional
        Draw here; a new figure otherwise.

    Returns
    -------
    matplotlib.axes.Axes
        The axes drawn on.
    """
    ax = new_axes(ax)
    labels = [
        bilingual(str(key), summary.loc[key, "name_zh"]) if "name_zh" in summary.columns else str(key)
        for key in summary.index
    ]
    y = np.arange(len(summary))
    ax.barh(
        y - 0.2, summary["share"] * 100, height=0.4, color=_GREY, label=bilingual("Customers", "客户占比")
    )
    ax.barh(
        y + 0.2,
        summary["revenue_share"] * 100,
        height=0.4,
        color=_BLUE,
        label=bilingual("Revenue", "收入占比"),
    )
    for position, (share, revenue) in enumerate(zip(summary["share"], summary["revenue_share"])):
        ax.text(share * 100 + 0.5, position - 0.2, f"{share:.0%}", va="center", fontsize=7)
        ax.text(revenue * 100 + 0.5, position + 0.2, f"{revenue:.0%}", va="center", fontsize=7)
    ax.set_yticks(y, labels, fontsize=8)
    ax.invert_yaxis()
    ax.set_xlabel(bilingual("Share (%)", "占比", zh="占比(%)"))
    ax.set_title(bilingual(f"{title}: customers and revenue", f"{title_zh}:客户与收入占比"), fontsize=11)
    ax.legend(loc="lower right", fontsize=8)
    return ax


def choose_k(table: pd.DataFrame, *, ax: Axes | None = None) -> Axes:
    """Elbow (inertia, left axis) and silhouette (right axis) against k.

    A good k is where the inertia stops falling steeply and the silhouette is high.

    Parameters
    ----------
    table : pandas.DataFrame
        The output of :func:`course_lib.segmentation.choose_k`: indexed by k, with
        ``inertia`` and ``silhouette``.
    ax : matplotlib.axes.Axes, optional
        Draw here; a new figure otherwise.

    Returns
    -------
    matplotlib.axes.Axes
        The axes drawn on (the inertia; the silhouette is on its twin).
    """
    ax = new_axes(ax)
    ax.plot(table.index, table["inertia"], marker="o", color=_BLUE, label=bilingual("Inertia", "簇内平方和"))
    ax.set_xticks(list(table.index))
    ax.set_xlabel(bilingual("Number of clusters k", "聚类数", zh="聚类数 k"))
    ax.set_ylabel(bilingual("Inertia (elbow)", "簇内平方和", zh="簇内平方和(肘部法)"), color=_BLUE)
    right = ax.twinx()
    right.plot(table.index, table["silhouette"], marker="s", color=_ORANGE)
    right.set_ylabel(bilingual("Silhouette", "轮廓系数"), color=_ORANGE)
    right.grid(False)
    ax.set_title(
        bilingual("Choosing k: elbow and silhouette", "选择聚类数", zh="选择聚类数 k:肘部法与轮廓系数"),
        fontsize=11,
    )
    return ax


def cluster_scatter(
    rfm: pd.DataFrame,
    labels: pd.Series,
    *,
    x: str = "frequency",
    y: str = "monetary",
    sample: int = 2500,
    seed: int = 0,
    ax: Axes | None = None,
) -> Axes:
    """Customers on log axes coloured by cluster or segment (a seeded sample if many).

    Parameters
    ----------
    rfm : pandas.DataFrame
        One row per customer with the columns ``x`` and ``y``, e.g.
        :func:`course_lib.rfm.rfm_table`.
    labels : pandas.Series
        The group of each customer, indexed like ``rfm``, e.g.
        :func:`course_lib.segmentation.cluster`.
    x, y : str
        The columns on the horizontal and vertical axes; ``y`` is drawn plus 1 so zeros fit
        on the log scale, and ``x="frequency"`` gets a small seeded jitter.
    sample : int, default 2500
        Draw at most this many customers (a random sample beyond that).
    seed : int, default 0
        Seed of the sample and of the jitter.
    ax : matplotlib.axes.Axes, optional
        Draw here; a new figure otherwise.

    Returns
    -------
    matplotlib.axes.Axes
        The axes drawn on.
    """
    ax = new_axes(ax)
    frame = rfm[[x, y]].assign(group=labels.reindex(rfm.index).astype(str).to_numpy())
    if len(frame) > sample:
        frame = frame.sample(sample, random_state=seed)
    # counts take few values: a small seeded jitter keeps the points apart
    spread = np.random.default_rng(seed).uniform(-0.2, 0.2, len(frame)) if x == "frequency" else 0.0
    frame = frame.assign(_x=frame[x].to_numpy(dtype=float) + spread)
    for colour, (name, part) in zip(PALETTE * 2, frame.groupby("group", sort=True)):
        ax.scatter(part["_x"], part[y] + 1, s=8, alpha=0.55, color=colour, label=name)
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlabel(bilingual(f"{x} (log)", "对数刻度", zh=f"{_COLUMN_ZH.get(x, x)}(对数刻度)"))
    ax.set_ylabel(bilingual(f"{y} + 1 (log)", "对数刻度", zh=f"{_COLUMN_ZH.get(y, y)} + 1(对数刻度)"))
    ax.set_title(bilingual("Customers by group", "客户分群散点"), fontsize=11)
    ax.legend(fontsize=7, markerscale=2, loc="lower right")
    return ax


def cohort_heatmap(retention: pd.DataFrame, *, months: int = 12, ax: Axes | None = None) -> Axes:
    """Share of each signup cohort (rows) ordering in month 0, 1, … after signup.

    Read a row left to right for one cohort's decay, a column top to bottom to compare
    cohorts at the same age; cells are annotated when there are at most 24 cohorts.

    Parameters
    ----------
    retention : pandas.DataFrame
        The output of :func:`course_lib.cohorts.cohort_retention`: one row per cohort, one
        column per month since signup, shares 0–1.
    months : int, default 12
        Show months 0 to ``months``.
    ax : matplotlib.axes.Axes, optional
        Draw here; a new figure otherwise.

    Returns
    -------
    matplotlib.axes.Axes
        The axes drawn on.
    """
    import seaborn as sns

    ax = new_axes(ax, figsize=(9, 5.5))
    shown = retention.iloc[:, : months + 1] * 100
    sns.heatmap(
        shown,
        cmap="YlGnBu",
        annot=len(shown) <= 24,
        fmt=".0f",
        annot_kws={"fontsize": 6},
        cbar_kws={"label": bilingual("Ordered that month (%)", "当月下单占比", zh="当月下单占比(%)")},
        ax=ax,
    )
    ax.set_xlabel(bilingual("Months since signup", "注册后月数"))
    ax.set_ylabel(bilingual("Signup month", "注册月份"))
    ax.set_title(bilingual("Cohort retention", "同期群留存"), fontsize=11)
    return ax


def migration_heatmap(shares: pd.DataFrame, *, ax: Axes | None = None) -> Axes:
    """Tier transition shares (rows: tier before, columns: tier after).

    Parameters
    ----------
    shares : pandas.DataFrame
        The ``"shares"`` table of :func:`course_lib.tiers.tier_migration`: each row's shares
        (0–1) add up to 1; tiers of :data:`course_lib.tiers.TIERS` get their Chinese names.
    ax : matplotlib.axes.Axes, optional
        Draw here; a new figure otherwise.

    Returns
    -------
    matplotlib.axes.Axes
        The axes drawn on.
    """
    import seaborn as sns

    from ..tiers import TIERS

    ax = new_axes(ax, figsize=(5.5, 4.2))
    names = [bilingual(t, TIERS.loc[t, "name_zh"]) if t in TIERS.index else t for t in shares.index]
    frame = pd.DataFrame(
        shares.to_numpy(dtype=float) * 100,
        index=names,
        columns=[bilingual(t, TIERS.loc[t, "name_zh"]) if t in TIERS.index else t for t in shares.columns],
    )
    sns.heatmap(
        frame, annot=True, fmt=".0f", cmap="Purples", vmin=0, vmax=100, ax=ax, cbar_kws={"label": "%"}
    )
    ax.set_xlabel(bilingual("Tier in the second period", "后一期等级"))
    ax.set_ylabel(bilingual("Tier in the first period", "前一期等级"))
    ax.set_title(
        bilingual("Tier migration (% of each row)", "等级迁移", zh="等级迁移(占每行的 %)"), fontsize=11
    )
    return ax
