"""Figures of chapter 3: journey map, touchpoint thermometer, attribution, signals, A/B tests
(presentation layer).

Each function takes the table an analytics function returned (``course_lib.journey`` or
``course_lib.experiments``), draws on ``ax`` (a new Axes by default) and returns the Axes.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from . import PALETTE, bilingual, localized, new_axes

if TYPE_CHECKING:
    from collections.abc import Iterable

    from matplotlib.axes import Axes

    from ..experiments import ProportionTest

__all__ = [
    "journey_map",
    "thermometer_heatmap",
    "control_chart",
    "attribution_bars",
    "signal_scores",
    "response_rates",
    "ab_test",
]

_BLUE, _ORANGE, _GREEN, _RED = PALETTE[0], PALETTE[1], PALETTE[2], PALETTE[3]
#: Chinese names of the course data's channels and of the attribution models.
CHANNEL_NAMES_ZH = {
    "social": "社交媒体",
    "search_ads": "搜索广告",
    "video": "视频",
    "sms": "短信",
    "app": "App",
    "wechat": "微信",
    "email": "邮件",
    "mini_program": "小程序",
    "store": "门店",
    "phone": "电话",
    "web": "官网",
}
MODEL_NAMES_ZH = {
    "first_touch": "首次触点",
    "last_touch": "末次触点",
    "linear": "线性",
    "time_decay": "时间衰减",
    "markov": "马尔可夫",
    "shapley": "沙普利值",
}
_GROUP_ZH = {"channel": "渠道", "group": "分组", "segment": "分群", "tier": "会员等级"}


def _stage_label(stage: str) -> str:
    from ..journey import STAGE_NAMES_ZH

    english = f"{stage.replace('_', ' ')}\n{STAGE_NAMES_ZH.get(stage, '')}".strip()
    return localized(english, STAGE_NAMES_ZH.get(stage) or stage.replace("_", " "))


def journey_map(table: pd.DataFrame, *, problems: Iterable[str] = (), ax: Axes | None = None) -> Axes:
    """The journey map as a funnel: journeys reaching each touchpoint, conversion between them.

    Bars show ``reached`` from :func:`course_lib.journey.journey_map`; the label between two
    bars is the step conversion; touchpoints listed in ``problems`` are drawn in red, and the
    mean satisfaction at each touchpoint is written inside its bar.

    Parameters
    ----------
    table : pandas.DataFrame
        The output of :func:`course_lib.journey.journey_map`: one row per touchpoint, in
        journey order, with ``reached``, ``step_conversion`` and ``satisfaction``.
    problems : Iterable[str], default ()
        Touchpoints to draw in red, e.g. :func:`course_lib.journey.problem_touchpoints`.
    ax : matplotlib.axes.Axes, optional
        Draw here; a new figure otherwise.

    Returns
    -------
    matplotlib.axes.Axes
        The axes drawn on.
    """
    ax = new_axes(ax, figsize=(9, 4.4))
    stages = list(table.index)
    x = np.arange(len(stages))
    colors = [_RED if s in set(problems) else _BLUE for s in stages]
    ax.bar(x, table["reached"], color=colors, width=0.62)
    top = float(table["reached"].max())
    for i, stage in enumerate(stages):
        sat = table.loc[stage, "satisfaction"]
        if pd.notna(sat):
            ax.text(
                i,
                table.loc[stage, "reached"] * 0.5 + top * 0.02,
                f"★{sat:.2f}",
                ha="center",
                va="center",
                color="white",
                fontsize=8,
            )
        step = table.loc[stage, "step_conversion"]
        if i + 1 < len(stages) and pd.notna(step):
            ax.annotate(
                f"{step:.0%}",
                xy=(i + 0.5, max(table.loc[stage, "reached"], 1) * 0.92 + top * 0.05),
                ha="center",
                fontsize=8,
                color=PALETTE[7],
            )
    ax.set_xticks(x, [_stage_label(s) for s in stages], fontsize=7.5)
    ax.set_ylim(0, top * 1.12)
    ax.set_ylabel(bilingual("Journeys reaching the touchpoint", "到达该触点的旅程数"))
    ax.set_title(
        bilingual(
            "Customer journey map: reach, step conversion (%) and satisfaction (★)",
            "客户旅程地图:到达、转化与满意度",
            zh="客户旅程地图:到达、逐步转化率(%)与满意度(★)",
        ),
        fontsize=10,
    )
    return ax


def thermometer_heatmap(thermo: pd.DataFrame, *, ax: Axes | None = None) -> Axes:
    """The touchpoint thermometer as a heatmap: touchpoints × months, flagged cells ringed.

    Colours show ``value`` from :func:`course_lib.journey.thermometer` (share of low
    ratings for a p-chart — red is bad —, mean rating for an X-bar chart).

    Parameters
    ----------
    thermo : pandas.DataFrame
        The output of :func:`course_lib.journey.thermometer`: one row per touchpoint and
        month with ``stage``, ``period``, ``value`` and ``flag``.
    ax : matplotlib.axes.Axes, optional
        Draw here; a new figure otherwise.

    Returns
    -------
    matplotlib.axes.Axes
        The axes drawn on.
    """
    import seaborn as sns

    ax = new_axes(ax, figsize=(10, 4.2))
    stages = list(dict.fromkeys(thermo["stage"]))
    grid = thermo.pivot(index="stage", columns="period", values="value").reindex(stages)
    flags = thermo.pivot(index="stage", columns="period", values="flag").reindex(stages).fillna(False)
    is_share = bool(thermo["value"].max() <= 1.0)
    sns.heatmap(
        grid,
        ax=ax,
        cmap="Reds" if is_share else "RdYlGn",
        cbar_kws={
            "label": bilingual("Share of low ratings", "低分占比")
            if is_share
            else bilingual("Mean rating", "平均评分")
        },
    )
    rows, cols = np.nonzero(flags.to_numpy(dtype=bool))
    ax.scatter(
        cols + 0.5,
        rows + 0.5,
        s=18,
        facecolors="none",
        edgecolors="black",
        linewidths=0.8,
        label=bilingual("outside the control limit", "超出控制限"),
    )
    ax.set_xticks(
        np.arange(grid.shape[1]) + 0.5, [p.strftime("%y-%m") for p in grid.columns], rotation=90, fontsize=7
    )
    ax.set_yticks(
        np.arange(len(stages)) + 0.5,
        [_stage_label(s).replace("\n", " ") for s in stages],
        rotation=0,
        fontsize=8,
    )
    ax.set_xlabel(bilingual("Month", "月份"))
    ax.set_ylabel("")
    ax.legend(loc="upper left", bbox_to_anchor=(0, -0.22), fontsize=8, frameon=False)
    ax.set_title(bilingual("Touchpoint thermometer", "触点温度计"))
    return ax


def control_chart(thermo: pd.DataFrame, stage: str, *, ax: Axes | None = None) -> Axes:
    """One touchpoint's control chart: monthly value, centre line, limits, flagged months.

    A month outside the dashed control limits (a red dot) is more than chance variation
    around the brand standard (the green line).

    Parameters
    ----------
    thermo : pandas.DataFrame
        The output of :func:`course_lib.journey.thermometer`, with ``stage``, ``period``,
        ``value``, ``center``, ``lcl``, ``ucl`` and ``flag``.
    stage : str
        The touchpoint to draw.
    ax : matplotlib.axes.Axes, optional
        Draw here; a new figure otherwise.

    Returns
    -------
    matplotlib.axes.Axes
        The axes drawn on.

    Raises
    ------
    course_lib.validation.CourseDataError
        When ``stage`` is not in ``thermo``.
    """
    ax = new_axes(ax)
    rows = thermo[thermo["stage"] == stage]
    if rows.empty:
        known = ", ".join(dict.fromkeys(thermo["stage"]))
        from ..validation import CourseDataError

        raise CourseDataError(f"`stage` {stage!r} is not in the thermometer; it has {known}.")
    ax.plot(
        rows["period"], rows["value"], marker="o", color=_BLUE, label=bilingual("monthly value", "月度值")
    )
    ax.step(
        rows["period"],
        rows["ucl"],
        where="mid",
        color=PALETTE[7],
        ls="--",
        lw=1,
        label=bilingual("control limits", "控制限"),
    )
    ax.step(rows["period"], rows["lcl"], where="mid", color=PALETTE[7], ls="--", lw=1)
    ax.axhline(rows["center"].iloc[0], color=_GREEN, lw=1.2, label=bilingual("brand standard", "品牌标准"))
    flagged = rows[rows["flag"]]
    ax.scatter(
        flagged["period"], flagged["value"], color=_RED, zorder=3, s=40, label=bilingual("flagged", "异常")
    )
    is_share = bool(thermo["value"].max() <= 1.0)
    ax.set_ylabel(
        bilingual("Share of low ratings", "低分占比") if is_share else bilingual("Mean rating", "平均评分")
    )
    ax.set_xlabel(bilingual("Month", "月份"))
    ax.set_title(bilingual(f"Control chart: {stage}", f"控制图:{_stage_label(stage).split(chr(10))[-1]}"))
    ax.legend(fontsize=8, loc="best")
    return ax


def attribution_bars(table: pd.DataFrame, *, ax: Axes | None = None) -> Axes:
    """Attribution models side by side: one group of bars per channel, one bar per model.

    Parameters
    ----------
    table : pandas.DataFrame
        The output of :func:`course_lib.attribution.attribution_table`: one row per channel,
        one column per model, shares of the conversion credit (0–1).
    ax : matplotlib.axes.Axes, optional
        Draw here; a new figure otherwise.

    Returns
    -------
    matplotlib.axes.Axes
        The axes drawn on.
    """
    ax = new_axes(ax, figsize=(9, 4.4))
    channels = list(table.index)
    models = list(table.columns)
    width = 0.8 / len(models)
    y = np.arange(len(channels))
    for i, model in enumerate(models):
        ax.barh(
            y + i * width - 0.4 + width / 2,
            table[model],
            height=width,
            color=PALETTE[i % len(PALETTE)],
            label=localized(model.replace("_", " "), MODEL_NAMES_ZH.get(model, model)),
        )
    ax.set_yticks(y, [localized(str(c), CHANNEL_NAMES_ZH.get(str(c), str(c))) for c in channels])
    ax.invert_yaxis()
    ax.xaxis.set_major_formatter(lambda v, _: f"{v:.0%}")
    ax.set_xlabel(bilingual("Share of conversion credit", "转化贡献占比"))
    ax.set_title(bilingual("Attribution by model", "不同归因模型的渠道贡献"))
    ax.legend(fontsize=8, ncol=2, loc="lower right")
    return ax


def signal_scores(scores: pd.DataFrame, *, ax: Axes | None = None) -> Axes:
    """Need signals on precision (y) against coverage (x); the dashed line is each base rate.

    Blue dots are purchase signals, orange ones lapse signals, sized by how many customers
    they flag; a signal above its base rate picks out customers better than chance.

    Parameters
    ----------
    scores : pandas.DataFrame
        The output of :func:`course_lib.journey.score_signals`: one row per signal with
        ``coverage``, ``precision``, ``flagged``, ``expects`` and ``base_rate``.
    ax : matplotlib.axes.Axes, optional
        Draw here; a new figure otherwise.

    Returns
    -------
    matplotlib.axes.Axes
        The axes drawn on.
    """
    ax = new_axes(ax)
    from ..journey import SIGNALS

    for name, row in scores.iterrows():
        color = _BLUE if row["expects"] == "purchase" else _ORANGE
        ax.scatter(
            row["coverage"],
            row["precision"],
            s=20 + row["flagged"] / max(scores["flagged"].max(), 1) * 300,
            color=color,
            alpha=0.75,
            edgecolor="white",
        )
        zh = SIGNALS["signal_zh"].get(name, "")
        ax.annotate(
            bilingual(name, zh),
            (row["coverage"], row["precision"]),
            fontsize=7.5,
            xytext=(5, 4),
            textcoords="offset points",
        )
    for expects, color in (("purchase", _BLUE), ("lapse", _ORANGE)):
        base = scores.loc[scores["expects"] == expects, "base_rate"]
        if len(base):
            ax.axhline(
                base.iloc[0],
                color=color,
                ls="--",
                lw=1,
                label=bilingual(
                    f"base rate: {expects}", "基准率:" + ("购买" if expects == "purchase" else "流失")
                ),
            )
    ax.set_xlim(0, max(0.05, float(scores["coverage"].max()) * 1.35))
    ax.set_ylim(0, 1)
    ax.xaxis.set_major_formatter(lambda v, _: f"{v:.0%}")
    ax.yaxis.set_major_formatter(lambda v, _: f"{v:.0%}")
    ax.set_xlabel(
        bilingual("Coverage (share of outcomes caught)", "覆盖率", zh="覆盖率(被提前标记的结果占比)")
    )
    ax.set_ylabel(
        bilingual("Precision (flagged who did it)", "精确率", zh="精确率(被标记者中确实发生的占比)")
    )
    ax.set_title(
        bilingual(
            "Seven need signals against what happened next",
            "七大需求信号的验证",
            zh="七大需求信号与随后实际发生的对照",
        )
    )
    ax.legend(fontsize=8, loc="upper right")
    return ax


def response_rates(table: pd.DataFrame, *, ax: Axes | None = None) -> Axes:
    """Follow-up response rate per group with its 95 % interval (from ``followup_response``).

    Parameters
    ----------
    table : pandas.DataFrame
        The output of :func:`course_lib.followup.followup_response`: one row per group with
        ``response_rate``, ``ci_low``, ``ci_high`` and ``followups``.
    ax : matplotlib.axes.Axes, optional
        Draw here; a new figure otherwise.

    Returns
    -------
    matplotlib.axes.Axes
        The axes drawn on.
    """
    ax = new_axes(ax)
    labels = [localized(str(i), CHANNEL_NAMES_ZH.get(str(i), str(i))) for i in table.index]
    rate = table["response_rate"].to_numpy()
    err = np.vstack([rate - table["ci_low"].to_numpy(), table["ci_high"].to_numpy() - rate])
    ax.bar(labels, rate, color=_BLUE, yerr=err, capsize=4, width=0.6)
    for i, (r, n) in enumerate(zip(rate, table["followups"])):
        ax.text(i, 0.02, f"{r:.0%}\nn={n:,}", ha="center", va="bottom", color="white", fontsize=8)
    ax.yaxis.set_major_formatter(lambda v, _: f"{v:.0%}")
    ax.set_ylabel(bilingual("Response rate", "回应率"))
    ax.set_xlabel(
        bilingual(
            str(table.index.name or "group"),
            "渠道" if table.index.name == "channel" else "",
            zh=_GROUP_ZH.get(str(table.index.name or "group"), str(table.index.name)),
        )
    )
    ax.set_title(bilingual("Follow-up response rate", "回访回应率"))
    return ax


def ab_test(result: ProportionTest, *, ax: Axes | None = None) -> Axes:
    """An A/B test: the two conversion rates with 95 % intervals and the tested difference.

    The error bars are at the test's confidence level; the title gives the difference B − A,
    its p-value and whether it is significant.

    Parameters
    ----------
    result : course_lib.experiments.ProportionTest
        The test, e.g. from :func:`course_lib.experiments.compare_groups`.
    ax : matplotlib.axes.Axes, optional
        Draw here; a new figure otherwise.

    Returns
    -------
    matplotlib.axes.Axes
        The axes drawn on.
    """
    ax = new_axes(ax, figsize=(6.5, 3.8))
    from statistics import NormalDist

    z = NormalDist().inv_cdf(0.5 + result.confidence / 2)
    rates = np.array([result.rate_a, result.rate_b])
    ns = np.array([result.n_a, result.n_b])
    half = z * np.sqrt(rates * (1 - rates) / ns)
    ax.bar(
        [result.label_a, result.label_b], rates, yerr=half, capsize=6, color=[PALETTE[7], _BLUE], width=0.55
    )
    for i, (r, n) in enumerate(zip(rates, ns)):
        ax.text(i, r / 2, f"{r:.1%}\nn={n:,}", ha="center", va="center", color="white", fontsize=9)
    ax.yaxis.set_major_formatter(lambda v, _: f"{v:.0%}")
    ax.set_ylabel(bilingual("Conversion rate", "转化率"))
    verdict = (
        bilingual("significant", "显著") if result.significant else bilingual("not significant", "不显著")
    )
    ax.set_title(
        localized(
            f"{result.label_b} − {result.label_a}: {result.difference:+.1%} (p = {result.p_value:.3f}, {verdict})",
            f"{result.label_b} − {result.label_a}:{result.difference:+.1%}(p = {result.p_value:.3f},{verdict})",
        ),
        fontsize=10,
    )
    return ax
