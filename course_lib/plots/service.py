"""Figures of chapter 4: response times, promises kept, churn after late answers, NPS,
its drivers, complaint root causes, the service loop, the sentiment confusion matrix and
staffing curves (presentation layer).

Each function takes the result of a :mod:`course_lib.service` function, draws on ``ax``
(a new Axes by default) and returns the Axes.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from . import PALETTE, bilingual, localized, new_axes

if TYPE_CHECKING:
    from matplotlib.axes import Axes

__all__ = [
    "response_times",
    "promises_kept",
    "churn_after_answer",
    "nps_over_time",
    "nps_mix",
    "nps_drivers",
    "pareto",
    "service_loop",
    "confusion",
    "staffing_curve",
]

_BLUE, _ORANGE, _GREEN, _RED, _PURPLE, _GREY = (
    PALETTE[0],
    PALETTE[1],
    PALETTE[2],
    PALETTE[3],
    PALETTE[4],
    PALETTE[7],
)
_CHANNEL_ZH = {"phone": "电话", "wechat": "微信", "app": "App", "email": "邮件", "store": "门店"}
_TIER_ZH = {"member": "普通会员", "silver": "银卡", "gold": "金卡", "platinum": "白金卡"}
_BY_ZH = {"channel": "渠道", "tier": "会员等级", "category": "投诉类别"}
_CAUSE_ZH = {
    "delivery_delay": "配送延迟",
    "product_quality": "产品质量",
    "wrong_size": "尺码不符",
    "refund": "退款",
    "staff_attitude": "服务态度",
    "app_problem": "App故障",
    "points_dispute": "积分争议",
}
_CJK = re.compile(r"[\u4e00-\u9fff]")
_SENTIMENT_ZH = {"negative": "负面", "neutral": "中性", "positive": "正面"}


def _name(key, *names: dict[str, str], sep: str = " ") -> str:
    """A category's label: ``key`` and its Chinese in the English course (as before), the
    Chinese alone (the key when it has none) in the Chinese one."""
    chinese = next((table[str(key)] for table in names if str(key) in table), "")
    return localized(f"{key}{sep}{chinese}".strip(), chinese or str(key))


_FEATURE_ZH = {
    "complaint": "有投诉",
    "late_answer": "超时响应",
    "tier": "会员等级",
    "spend_365d": "近365天消费",
}


def _feature_zh(feature: str) -> str:
    """A driver of :func:`course_lib.nps.nps_drivers` in Chinese: ``tier=gold`` → ``会员等级=金卡``,
    ``spend_365d (per 1,000)`` → ``近365天消费(每 1,000 元)``."""
    column, equals, level = str(feature).partition("=")
    if equals:
        return f"{_FEATURE_ZH.get(column, column)}={_TIER_ZH.get(level, _CHANNEL_ZH.get(level, level))}"
    per = re.fullmatch(r"(.+) \(per (.+)\)", str(feature))
    if per:
        return f"{_FEATURE_ZH.get(per.group(1), per.group(1))}(每 {per.group(2)} 元)"
    return _FEATURE_ZH.get(str(feature), str(feature))


def _chinese_half(label: str) -> str:
    """The Chinese half of a stored ``"english 中文"`` label (the label itself without one)."""
    english, _, chinese = str(label).rpartition(" ")
    return chinese if english and _CJK.search(chinese) else str(label)


def response_times(
    times: pd.DataFrame, *, by: str = "channel", promise: float = 1.0, ax: Axes | None = None
) -> Axes:
    """Cumulative share of complaints answered within x hours, one curve per group.

    ``times`` is :func:`course_lib.sla.ticket_times`; the dashed line is the promise.
    Read the share kept where a curve crosses the line.

    Parameters
    ----------
    times : pandas.DataFrame
        The output of :func:`course_lib.sla.ticket_times`: one row per complaint with
        ``response_hours`` and the column ``by``.
    by : str, default "channel"
        The column whose values get a curve each.
    promise : float, default 1.0
        The promised response time in hours.
    ax : matplotlib.axes.Axes, optional
        Draw here; a new figure otherwise.

    Returns
    -------
    matplotlib.axes.Axes
        The axes drawn on.
    """
    ax = new_axes(ax)
    for i, (key, group) in enumerate(times.groupby(by, sort=True)):
        hours = np.sort(group["response_hours"].to_numpy())
        share = np.arange(1, len(hours) + 1) / len(hours)
        label = _name(key, _CHANNEL_ZH)
        ax.step(hours, share, where="post", color=PALETTE[i % len(PALETTE)], lw=1.8, label=label)
    ax.axvline(promise, color=_GREY, ls="--", lw=1)
    ax.annotate(
        bilingual(f"{promise:g}-hour promise", "承诺时限", zh=f"承诺时限 {promise:g} 小时"),
        (promise, 0.03),
        xytext=(4, 0),
        textcoords="offset points",
        fontsize=8,
        color=_GREY,
    )
    ax.set_xscale("log")
    ax.set_xlabel(
        bilingual(
            "Hours to first response (log scale)", "首次响应时长(对数)", zh="首次响应时长(小时,对数刻度)"
        )
    )
    ax.set_ylabel(bilingual("Share of complaints answered", "已响应投诉占比"))
    ax.set_title(bilingual("How fast complaints get a first answer", "投诉首次响应速度"), fontsize=10)
    ax.legend(fontsize=8, loc="lower right")
    return ax


def promises_kept(sla: pd.DataFrame, *, ax: Axes | None = None) -> Axes:
    """Bars of the share answered within 1 hour and solved within 24 hours per group.

    Parameters
    ----------
    sla : pandas.DataFrame
        The output of :func:`course_lib.sla.sla_table` with ``by``: one row per group (the
        index name goes into the title) with ``answered_in_time`` and ``solved_in_time``
        (0–1).
    ax : matplotlib.axes.Axes, optional
        Draw here; a new figure otherwise.

    Returns
    -------
    matplotlib.axes.Axes
        The axes drawn on.
    """
    ax = new_axes(ax)
    x = np.arange(len(sla))
    ax.bar(
        x - 0.2,
        sla["answered_in_time"] * 100,
        0.4,
        color=_BLUE,
        label=bilingual("answered within 1 h", "1小时内响应"),
    )
    ax.bar(
        x + 0.2,
        sla["solved_in_time"] * 100,
        0.4,
        color=_ORANGE,
        label=bilingual("solved within 24 h", "24小时内解决"),
    )
    labels = [_name(k, _CHANNEL_ZH, sep="\n") for k in sla.index]
    ax.set_xticks(x, labels)
    ax.set_ylim(0, 100)
    ax.set_ylabel(bilingual("Share of complaints (%)", "投诉占比", zh="投诉占比(%)"))
    ax.set_title(
        bilingual(
            f"Promises kept by {sla.index.name}",
            "时限承诺达成率",
            zh=f"按{_BY_ZH.get(str(sla.index.name), sla.index.name)}的时限承诺达成率",
        ),
        fontsize=10,
    )
    ax.legend(fontsize=8)
    return ax


def churn_after_answer(ratio: pd.Series, *, ax: Axes | None = None) -> Axes:
    """Churn in the following months of on-time and late-answered complainers.

    Parameters
    ----------
    ratio : pandas.Series
        The output of :func:`course_lib.service.late_churn_ratio`: ``on_time_churn`` and
        ``late_churn`` (0–1), ``on_time_cases``, ``late_cases`` and ``ratio``.
    ax : matplotlib.axes.Axes, optional
        Draw here; a new figure otherwise.

    Returns
    -------
    matplotlib.axes.Axes
        The axes drawn on.
    """
    ax = new_axes(ax, figsize=(5.5, 3.8))
    values = [ratio["on_time_churn"] * 100, ratio["late_churn"] * 100]
    bars = ax.bar([0, 1], values, color=[_GREEN, _RED], width=0.55)
    for bar, value, n in zip(bars, values, [ratio["on_time_cases"], ratio["late_cases"]]):
        ax.annotate(
            f"{value:.0f} % (n={n:,.0f})",
            (bar.get_x() + bar.get_width() / 2, value),
            ha="center",
            va="bottom",
            fontsize=9,
        )
    ax.set_xticks(
        [0, 1],
        [
            bilingual("answered within 1 h", "按时响应", zh="1小时内响应"),
            bilingual("answered late", "超时响应", zh="超时响应"),
        ],
    )
    ax.set_ylabel(bilingual("Lost in the next 180 days (%)", "180天内流失率", zh="随后180天内流失率(%)"))
    ax.set_ylim(0, max(values) * 1.25)
    ax.set_title(
        bilingual(
            f"Late answers, {ratio['ratio']:.1f}× the churn",
            "超时响应的流失倍数",
            zh=f"超时响应的流失率是按时响应的 {ratio['ratio']:.1f} 倍",
        ),
        fontsize=10,
    )
    return ax


def nps_over_time(table: pd.DataFrame, *, ax: Axes | None = None) -> Axes:
    """NPS per period with its bootstrap interval (:func:`course_lib.nps.nps_table` with ``freq``).

    Parameters
    ----------
    table : pandas.DataFrame
        The output of :func:`course_lib.nps.nps_table` with ``freq``: one row per period
        (index convertible to dates) with ``nps``, ``low`` and ``high``.
    ax : matplotlib.axes.Axes, optional
        Draw here; a new figure otherwise.

    Returns
    -------
    matplotlib.axes.Axes
        The axes drawn on.
    """
    ax = new_axes(ax)
    x = pd.to_datetime(table.index)
    ax.fill_between(
        x,
        table["low"],
        table["high"],
        color=_BLUE,
        alpha=0.18,
        label=bilingual("95 % interval", "95%置信区间"),
    )
    ax.plot(x, table["nps"], marker="o", color=_BLUE, lw=2, label="NPS")
    ax.axhline(0, color=_GREY, lw=1)
    ax.set_ylabel(bilingual("NPS (−100…100)", "净推荐值", zh="净推荐值 NPS(−100…100)"))
    ax.set_xlabel(bilingual("Quarter", "季度"))
    ax.set_title(bilingual("NPS over time", "净推荐值走势"), fontsize=10)
    ax.legend(fontsize=8)
    return ax


def nps_mix(table: pd.DataFrame, *, ax: Axes | None = None) -> Axes:
    """Stacked shares of detractors, passives and promoters per group, NPS written on top.

    Parameters
    ----------
    table : pandas.DataFrame
        The output of :func:`course_lib.nps.nps_table` with ``by``: one row per group (the
        index name goes into the title) with ``detractors``, ``passives`` and
        ``promoters`` (0–1) and ``nps``.
    ax : matplotlib.axes.Axes, optional
        Draw here; a new figure otherwise.

    Returns
    -------
    matplotlib.axes.Axes
        The axes drawn on.
    """
    ax = new_axes(ax)
    x = np.arange(len(table))
    bottom = np.zeros(len(table))
    for column, colour, zh_name in (
        ("detractors", _RED, "贬损者"),
        ("passives", _GREY, "中立者"),
        ("promoters", _GREEN, "推荐者"),
    ):
        values = table[column].to_numpy() * 100
        ax.bar(x, values, bottom=bottom, color=colour, width=0.6, label=bilingual(column, zh_name))
        bottom += values
    for xi, value in zip(x, table["nps"]):
        ax.annotate(f"NPS {value:+.0f}", (xi, 101), ha="center", va="bottom", fontsize=8)
    labels = [_name(k, _TIER_ZH, _CHANNEL_ZH, sep="\n") for k in table.index]
    ax.set_xticks(x, labels)
    ax.set_ylim(0, 112)
    ax.set_ylabel(bilingual("Share of answers (%)", "回答占比", zh="回答占比(%)"))
    ax.set_title(
        bilingual(
            f"Promoters and detractors by {table.index.name}",
            "推荐者与贬损者构成",
            zh=f"按{_BY_ZH.get(str(table.index.name), table.index.name)}的推荐者与贬损者构成",
        ),
        fontsize=10,
    )
    ax.legend(fontsize=8, loc="lower right")
    return ax


def nps_drivers(table: pd.DataFrame, *, ax: Axes | None = None) -> Axes:
    """Coefficients of :func:`course_lib.nps.nps_drivers` with their 95 % intervals.

    A driver is red when its whole interval lowers the score, green when it raises it, grey
    when the interval crosses zero.

    Parameters
    ----------
    table : pandas.DataFrame
        The output of :func:`course_lib.nps.nps_drivers`: one row per driver with
        ``effect``, ``low`` and ``high`` (points of the 0–10 score).
    ax : matplotlib.axes.Axes, optional
        Draw here; a new figure otherwise.

    Returns
    -------
    matplotlib.axes.Axes
        The axes drawn on.
    """
    ax = new_axes(ax)
    order = table.sort_values("effect")
    y = np.arange(len(order))
    colours = [
        _RED if high < 0 else _GREEN if low > 0 else _GREY for low, high in zip(order["low"], order["high"])
    ]
    ax.errorbar(
        order["effect"],
        y,
        xerr=[order["effect"] - order["low"], order["high"] - order["effect"]],
        fmt="none",
        ecolor=_GREY,
        capsize=3,
    )
    ax.scatter(order["effect"], y, color=colours, zorder=3, s=40)
    ax.axvline(0, color=_GREY, lw=1)
    ax.set_yticks(y, [localized(str(name), _feature_zh(name)) for name in order.index])
    ax.set_xlabel(
        bilingual(
            "Change of the 0–10 recommendation score", "推荐意愿得分变化", zh="推荐意愿得分(0–10)的变化"
        )
    )
    ax.set_title(bilingual("What moves the recommendation score", "推荐意愿的驱动因素"), fontsize=10)
    return ax


def pareto(table: pd.DataFrame, *, ax: Axes | None = None) -> Axes:
    """Complaint causes as a Pareto chart: bars by count, the cumulative share as a line.

    The blue bars are the vital few causes; the dotted line marks 80 % of complaints.

    Parameters
    ----------
    table : pandas.DataFrame
        The output of :func:`course_lib.service.pareto_table`: one row per cause, largest
        first, with ``complaints``, ``cumulative_share`` (0–1) and ``vital_few``.
    ax : matplotlib.axes.Axes, optional
        Draw here; a new figure otherwise.

    Returns
    -------
    matplotlib.axes.Axes
        The axes drawn on (the bars; the cumulative share is on its twin).
    """
    ax = new_axes(ax)
    x = np.arange(len(table))
    colours = [_BLUE if vital else _GREY for vital in table["vital_few"]]
    ax.bar(x, table["complaints"], color=colours)
    ax.set_xticks(
        x, [localized(str(k), _CAUSE_ZH.get(str(k), str(k))) for k in table.index], rotation=30, ha="right"
    )
    ax.set_ylabel(bilingual("Complaints", "投诉数"))
    twin = ax.twinx()
    twin.plot(x, table["cumulative_share"] * 100, color=_ORANGE, marker="o")
    twin.axhline(80, color=_ORANGE, ls=":", lw=1)
    twin.set_ylim(0, 105)
    twin.set_ylabel(bilingual("Cumulative share (%)", "累计占比", zh="累计占比(%)"))
    twin.grid(False)
    ax.set_title(
        bilingual("Complaint causes, largest first", "投诉原因帕累托图", zh="投诉原因帕累托图(从多到少)"),
        fontsize=10,
    )
    return ax


def service_loop(loop: pd.DataFrame, *, ax: Axes | None = None) -> Axes:
    """Complaints avoided and late answers avoided per lever of the service loop.

    Parameters
    ----------
    loop : pandas.DataFrame
        The output of :func:`course_lib.service.service_loop`: one row per lever with
        ``stage``, ``complaints_avoided`` and ``late_answers_avoided`` (per year).
    ax : matplotlib.axes.Axes, optional
        Draw here; a new figure otherwise.

    Returns
    -------
    matplotlib.axes.Axes
        The axes drawn on.
    """
    ax = new_axes(ax, figsize=(8, 4))
    y = np.arange(len(loop))
    ax.barh(
        y + 0.2,
        loop["complaints_avoided"],
        0.4,
        color=_BLUE,
        label=bilingual("complaints avoided a year", "每年减少投诉"),
    )
    ax.barh(
        y - 0.2,
        loop["late_answers_avoided"],
        0.4,
        color=_ORANGE,
        label=bilingual("late answers avoided a year", "每年减少超时响应"),
    )
    ticks = [
        localized(f"{stage}: {lever}", f"{_chinese_half(stage)}:{_chinese_half(lever)}")
        for stage, lever in zip(loop["stage"], loop.index)
    ]
    ax.set_yticks(y, ticks, fontsize=8)
    ax.invert_yaxis()
    ax.set_xlabel(bilingual("Per year", "每年"))
    ax.set_title(
        bilingual(
            "Prevent → respond → review: what each lever is worth",
            "预防-响应-复盘:各举措的效果",
            zh="预防 → 响应 → 复盘:各举措的价值",
        ),
        fontsize=10,
    )
    ax.legend(fontsize=8, loc="lower right")
    return ax


def confusion(matrix: pd.DataFrame, *, ax: Axes | None = None) -> Axes:
    """A confusion matrix (true label in rows, prediction in columns) as an annotated heatmap.

    Parameters
    ----------
    matrix : pandas.DataFrame
        Counts with the true labels as index and the predicted labels as columns, e.g. the
        ``confusion`` of :func:`course_lib.sentiment.evaluate_sentiment`.
    ax : matplotlib.axes.Axes, optional
        Draw here; a new figure otherwise.

    Returns
    -------
    matplotlib.axes.Axes
        The axes drawn on.
    """
    ax = new_axes(ax, figsize=(5, 4))
    values = matrix.to_numpy()
    ax.imshow(values, cmap="Blues")
    for i in range(values.shape[0]):
        for j in range(values.shape[1]):
            ax.text(
                j,
                i,
                str(values[i, j]),
                ha="center",
                va="center",
                color="white" if values[i, j] > values.max() / 2 else "black",
            )
    ax.set_xticks(
        range(values.shape[1]), [localized(str(c), _SENTIMENT_ZH.get(str(c), str(c))) for c in matrix.columns]
    )
    ax.set_yticks(
        range(values.shape[0]), [localized(str(c), _SENTIMENT_ZH.get(str(c), str(c))) for c in matrix.index]
    )
    ax.set_xlabel(bilingual("Predicted", "预测"))
    ax.set_ylabel(bilingual("True", "真实"))
    ax.grid(False)
    ax.set_title(
        bilingual(
            "Sentiment: held-out confusion matrix", "情感分类混淆矩阵", zh="情感分类:留出集上的混淆矩阵"
        ),
        fontsize=10,
    )
    return ax


def staffing_curve(table: pd.DataFrame, *, goal: float | None = None, ax: Axes | None = None) -> Axes:
    """Service level and mean wait against the number of agents.

    Parameters
    ----------
    table : pandas.DataFrame
        The output of :func:`course_lib.staffing.staffing_table`: indexed by the number of
        agents, with ``service_level`` (0–1) and ``mean_wait_minutes``.
    goal : float, optional
        A target service level (0–1), drawn as a dotted line.
    ax : matplotlib.axes.Axes, optional
        Draw here; a new figure otherwise.

    Returns
    -------
    matplotlib.axes.Axes
        The axes drawn on (the service level; the mean wait is on its twin).
    """
    ax = new_axes(ax)
    x = table.index.to_numpy()
    ax.plot(
        x,
        table["service_level"] * 100,
        marker="o",
        color=_BLUE,
        label=bilingual("answered within target", "目标时间内接通"),
    )
    if goal is not None:
        ax.axhline(goal * 100, color=_BLUE, ls=":", lw=1)
    ax.set_ylim(0, 102)
    ax.set_xlabel(bilingual("Agents on duty", "在岗客服人数"))
    ax.set_ylabel(bilingual("Answered within target (%)", "目标内接通率", zh="目标时间内接通率(%)"))
    twin = ax.twinx()
    wait = table["mean_wait_minutes"].replace(np.inf, np.nan)
    twin.plot(x, wait, marker="s", ls="--", color=_ORANGE, label=bilingual("mean wait", "平均等待"))
    twin.set_ylabel(bilingual("Mean wait (minutes)", "平均等待(分钟)"))
    twin.grid(False)
    ax.set_xticks(x)
    lines = ax.get_legend_handles_labels()
    more = twin.get_legend_handles_labels()
    ax.legend(lines[0] + more[0], lines[1] + more[1], fontsize=8, loc="center right")
    ax.set_title(bilingual("Erlang C: agents against waiting", "Erlang C:人数与等待"), fontsize=10)
    return ax
