"""Widgets of chapter 1: the retention-economics lab and the health-score reweighting lab
(presentation layer).

Each widget first draws its default state as an ordinary figure and summary (what a stored
notebook, GitHub and the slides show), then adds controls that redraw below it when a kernel
runs. The computation is in :mod:`course_lib.economics` and :mod:`course_lib.health`.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from ..plots import localized
from ._live import STYLE, columns, live_figure, show_figure

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["retention_economics_lab", "health_weights_lab"]


def retention_economics_lab(
    *,
    margin: float,
    retention: float,
    acquisition_cost: float,
    discount_rate: float = 0.10,
    years: int = 5,
    referral_rate: float = 0.0,
    cross_sell_growth: float = 0.0,
    retention_cost: float = 0.0,
    increase: float = 0.05,
) -> None:
    """Change the economics of a cohort and see what +``increase`` retention is worth.

    Draws :func:`course_lib.plots.importance.cohort_profit` for the given settings, before
    and after the retention increase, with the profit uplift, then sliders for every setting.

    Parameters
    ----------
    margin : float
        Gross margin per customer and year, in CNY.
    retention : float
        Share of customers kept from one year to the next (0–1).
    acquisition_cost : float
        Cost of acquiring one customer (CAC), in CNY.
    discount_rate : float
        Yearly discount rate, a fraction.
    years : int
        How many years the cohort is followed.
    referral_rate, cross_sell_growth, retention_cost : float
        New customers each retained customer brings per year, yearly growth of the margin,
        and the care cost per retained customer and year (CNY); see
        :func:`course_lib.economics.cohort_economics`.
    increase : float
        The retention increase whose worth is shown (0.05 = five points).

    Returns
    -------
    None
        The figure, the customer value and profit uplift, and the sliders are displayed.

    Examples
    --------
    >>> from course_lib.widgets import importance
    >>> importance.retention_economics_lab(margin=300, retention=0.6, acquisition_cost=350)  # doctest: +SKIP
    """
    import ipywidgets as w

    from .. import plots
    from ..economics import cohort_economics, retention_profit_uplift

    def draw(settings):
        up = settings.pop("increase")
        r = settings.pop("retention")
        before = cohort_economics(retention=r, **settings)
        after = cohort_economics(retention=min(r + up, 1.0), **settings)
        show_figure(
            plots.importance.cohort_profit(
                before,
                after,
                label_after=localized(
                    f"+{up * 100:.0f} points retention 留存提升", f"留存提升 {up * 100:.0f} 个百分点"
                ),
            )
        )
        result = retention_profit_uplift(retention=r, increase=min(up, 1.0 - r), **settings)
        uplift = result["uplift"]
        text = (
            localized(
                "undefined: the cohort loses money before the increase 提升前即亏损",
                "无法计算:提升前这批客户即亏损",
            )
            if uplift != uplift
            else f"{uplift:+.0%}"
        )
        before_value, after_value = result["customer_value_before"], result["customer_value_after"]
        print(
            localized(
                f"Customer value 客户价值: ¥{before_value:,.0f} → ¥{after_value:,.0f} · profit uplift 利润增幅: {text}",
                f"客户价值:¥{before_value:,.0f} → ¥{after_value:,.0f} · 利润增幅:{text}",
            )
        )

    defaults = dict(
        margin=margin,
        retention=retention,
        acquisition_cost=acquisition_cost,
        discount_rate=discount_rate,
        years=years,
        referral_rate=referral_rate,
        cross_sell_growth=cross_sell_growth,
        retention_cost=retention_cost,
        increase=increase,
    )
    draw(dict(defaults))
    controls = {
        "margin": w.FloatSlider(
            value=margin,
            min=50,
            max=2000,
            step=10,
            description=localized("Margin per year 年毛利 (¥)", "年毛利(¥)"),
            style=STYLE,
        ),
        "retention": w.FloatSlider(
            value=retention,
            min=0.1,
            max=0.95,
            step=0.01,
            description=localized("Retention 留存率", "留存率"),
            style=STYLE,
        ),
        "acquisition_cost": w.FloatSlider(
            value=acquisition_cost,
            min=0,
            max=1500,
            step=10,
            description=localized("CAC 获客成本 (¥)", "获客成本 CAC(¥)"),
            style=STYLE,
        ),
        "discount_rate": w.FloatSlider(
            value=discount_rate,
            min=0,
            max=0.3,
            step=0.01,
            description=localized("Discount rate 折现率", "折现率"),
            style=STYLE,
        ),
        "years": w.IntSlider(
            value=years, min=1, max=15, description=localized("Years 年数", "年数"), style=STYLE
        ),
        "referral_rate": w.FloatSlider(
            value=referral_rate,
            min=0,
            max=0.5,
            step=0.01,
            description=localized("Referrals per year 年推荐数", "年推荐数"),
            style=STYLE,
        ),
        "cross_sell_growth": w.FloatSlider(
            value=cross_sell_growth,
            min=0,
            max=0.3,
            step=0.01,
            description=localized("Cross-sell growth 交叉销售增长", "交叉销售增长"),
            style=STYLE,
        ),
        "retention_cost": w.FloatSlider(
            value=retention_cost,
            min=0,
            max=300,
            step=5,
            description=localized("Care cost per year 维护成本 (¥)", "每年维护成本(¥)"),
            style=STYLE,
        ),
        "increase": w.FloatSlider(
            value=increase,
            min=0.01,
            max=0.2,
            step=0.01,
            description=localized("Retention increase 留存提升", "留存提升"),
            style=STYLE,
        ),
    }
    live_figure(controls, draw, layout=columns(controls.values(), 5))


def health_weights_lab(
    labelled: pd.DataFrame, *, weights: Mapping[str, float] | None = None, threshold: float = 75.0
) -> None:
    """Reweight the health-score components and watch how well the score warns of churn.

    Draws :func:`course_lib.plots.importance.churn_by_band` and the validation (AUC, share
    under the threshold, churn under and over it) for the given weights, then a slider per
    component and one for the threshold.

    Parameters
    ----------
    labelled : pandas.DataFrame
        :func:`course_lib.health.label_scores` output: weekly scores with their components
        and ``lost``.
    weights : mapping of component → weight, optional
        The starting weights (default :data:`course_lib.health.HEALTH_WEIGHTS`).
    threshold : float
        The alert line (0–100): customers under it get attention.

    Returns
    -------
    None
        The figure, the validation line and the sliders are displayed.

    Examples
    --------
    >>> from course_lib.widgets import importance
    >>> importance.health_weights_lab(labelled, threshold=75)      # doctest: +SKIP
    """
    import ipywidgets as w

    from .. import plots
    from ..health import HEALTH_WEIGHTS, combine_health, health_bands, health_validation
    from ..plots.importance import HEALTH_NAMES_ZH

    start = dict(HEALTH_WEIGHTS if weights is None else weights)

    def draw(settings):
        cut = settings.pop("threshold")
        if sum(settings.values()) <= 0:
            print(
                localized(
                    "Give at least one component a weight 至少给一个指标赋予权重.",
                    "请至少给一个指标赋予权重。",
                )
            )
            return
        table = labelled.assign(health_score=combine_health(labelled, settings).to_numpy())
        edges = sorted({0.0, 50.0, 60.0, float(cut), 90.0, 100.0})
        bands = health_bands(table, bins=tuple(edges))
        show_figure(plots.importance.churn_by_band(bands, threshold=cut))
        result = health_validation(table, threshold=cut)
        english = (
            f"AUC {result['auc']:.3f} · under {cut:g} 低于警戒线: {result['share_under']:.0%} of "
            f"customer-weeks · churn under 警戒线下流失 {result['churn_under']:.0%} vs over 以上 "
            f"{result['churn_over']:.0%} (×{result['churn_ratio']:.1f})"
        )
        chinese = (
            f"AUC {result['auc']:.3f} · 低于警戒线 {cut:g} 的客户周:{result['share_under']:.0%} · "
            f"警戒线下流失 {result['churn_under']:.0%},警戒线以上 {result['churn_over']:.0%}"
            f"(×{result['churn_ratio']:.1f})"
        )
        print(localized(english, chinese))

    draw(dict(start, threshold=threshold))
    controls = {
        name: w.FloatSlider(
            value=float(start.get(name, 0.0)),
            min=0,
            max=1,
            step=0.05,
            description=localized(f"{name} 权重", f"{HEALTH_NAMES_ZH.get(name, name)}权重"),
            style=STYLE,
        )
        for name in HEALTH_WEIGHTS
    }
    controls["threshold"] = w.FloatSlider(
        value=threshold,
        min=50,
        max=90,
        step=1,
        description=localized("Alert threshold 警戒线", "警戒线"),
        style=STYLE,
    )
    live_figure(controls, draw, layout=columns(controls.values(), 3))
