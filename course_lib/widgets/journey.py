"""Widgets of chapter 3: attribution explorer, touchpoint thermometer, sample-size calculator
(presentation layer).

Each widget first draws its default state as an ordinary figure or table (what a stored
notebook, GitHub and the slides show), then adds controls that redraw below it when a
kernel runs. The computation is in :mod:`course_lib.journey` and
:mod:`course_lib.experiments`.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from ..plots import localized
from ._live import STYLE, choices, live_figure, show_figure

__all__ = ["attribution_explorer", "thermometer_explorer", "sample_size_calculator"]


def attribution_explorer(paths: Sequence, converted: Sequence, *, half_life: float = 1.0) -> None:
    """Compare attribution models; choose the models and the time-decay half-life.

    Draws :func:`course_lib.plots.journey.attribution_bars` for all six models first, then a
    model list and a half-life slider.

    Parameters
    ----------
    paths : sequence of sequences of str
        Each journey's channels in order (``build_journeys(...)["path"]``).
    converted : sequence of bool
        Whether each journey ended in a purchase.
    half_life : float
        The time-decay model's half-life, in touches.

    Returns
    -------
    None
        The figure and the controls are displayed.

    Examples
    --------
    >>> from course_lib.widgets import journey as wj
    >>> wj.attribution_explorer(journeys["path"], journeys["converted"])    # doctest: +SKIP
    """
    import ipywidgets as w

    from .. import plots
    from ..attribution import attribution_table
    from ..plots.journey import MODEL_NAMES_ZH

    all_models = ("first_touch", "last_touch", "linear", "time_decay", "markov", "shapley")

    def draw(models, half):
        table = attribution_table(paths, converted, half_life=half, models=models)
        return plots.journey.attribution_bars(table)

    show_figure(draw(all_models, half_life))
    controls = {
        "models": w.SelectMultiple(
            options=choices(all_models, MODEL_NAMES_ZH),
            value=all_models,
            rows=6,
            description=localized("Models 模型", "归因模型"),
        ),
        "half_life": w.FloatSlider(
            value=half_life,
            min=0.25,
            max=5.0,
            step=0.25,
            description=localized("Half-life 半衰期", "半衰期"),
            style=STYLE,
        ),
    }

    def redraw(values):
        if values["models"]:
            show_figure(draw(values["models"], values["half_life"]))
        else:
            print(localized("Choose at least one model. 请至少选择一个模型。", "请至少选择一个模型。"))

    live_figure(controls, redraw, layout=w.HBox(list(controls.values())))


def thermometer_explorer(
    touchpoints: pd.DataFrame, *, chart: str = "p", sigma: float = 3.0, low: int = 2
) -> None:
    """The touchpoint thermometer with its settings: chart type, limit width, what counts as low.

    Draws the heatmap of :func:`course_lib.journey.thermometer` with the defaults first,
    followed by the summary table of problem touchpoints, then the controls.

    Parameters
    ----------
    touchpoints : pandas.DataFrame
        Touchpoint events with ``stage``, ``timestamp`` and ``satisfaction`` (the shipped
        ``touchpoints`` table).
    chart : {"p", "xbar"}
        A p-chart of the share of low ratings, or an X-bar chart of the mean rating.
    sigma : float
        The control limits' width in standard errors.
    low : int
        The highest rating that counts as low (p-chart).

    Returns
    -------
    None
        The heatmap, the summary table and the controls are displayed.

    Examples
    --------
    >>> from course_lib.widgets import journey as wj
    >>> wj.thermometer_explorer(touchpoints, chart="p", sigma=3.0)        # doctest: +SKIP
    """
    import ipywidgets as w
    from IPython.display import display

    from .. import plots
    from ..journey import thermometer, thermometer_summary

    def draw(chart, sigma, low):
        thermo = thermometer(touchpoints, chart=chart, sigma=sigma, low=low)
        show_figure(plots.journey.thermometer_heatmap(thermo))
        display(thermometer_summary(thermo))

    draw(chart, sigma, low)
    controls = {
        "chart": w.ToggleButtons(
            options=[
                (localized("p-chart: low ratings", "p 控制图:低分占比"), "p"),
                (localized("X-bar: mean rating", "均值控制图:平均评分"), "xbar"),
            ],
            value=chart,
            description=localized("Chart 图表", "图表"),
        ),
        "sigma": w.FloatSlider(
            value=sigma, min=1.0, max=4.0, step=0.5, description=localized("Limits ±σ 控制限", "控制限 ±σ")
        ),
        "low": w.IntSlider(value=low, min=1, max=3, description=localized("Low ≤ 低分", "低分 ≤")),
    }
    live_figure(
        controls,
        lambda values: draw(**values),
        layout=w.VBox([controls["chart"], w.HBox([controls["sigma"], controls["low"]])]),
    )


def sample_size_calculator(*, baseline: float = 0.06, mde: float = 0.01, power: float = 0.8) -> None:
    """How many contacts an A/B test needs: baseline rate, smallest effect worth finding, power.

    Shows a table of :func:`course_lib.experiments.sample_size` for the default baseline
    over several effects and powers first, then three sliders and the contacts per group.

    Parameters
    ----------
    baseline : float
        The control group's conversion rate, a fraction.
    mde : float
        The smallest effect worth finding, in rate points (0.01 = one point).
    power : float
        The chance of finding an effect of that size if it is there.

    Returns
    -------
    None
        Displays the table of contacts per group for the default baseline, then the
        sliders and the result line (contacts per group and in all).

    Examples
    --------
    >>> widgets.journey.sample_size_calculator(baseline=0.06, mde=0.01)  # doctest: +SKIP
    """
    import ipywidgets as w
    from IPython.display import display

    from ..experiments import sample_size

    effects = [0.005, 0.01, 0.02, 0.03]
    powers = [0.7, 0.8, 0.9]
    table = pd.DataFrame(
        {
            localized(f"power {p:.0%}", f"检验力 {p:.0%}"): [
                sample_size(baseline, mde=e, power=p) for e in effects
            ]
            for p in powers
        },
        index=pd.Index(
            [f"+{e:.1%}" for e in effects],
            name=localized(f"effect on {baseline:.0%}", f"基准 {baseline:.0%} 上的效应"),
        ),
    )
    display(table)
    base = w.FloatSlider(
        value=baseline,
        min=0.01,
        max=0.5,
        step=0.01,
        readout_format=".0%",
        description=localized("Baseline 基准", "基准转化率"),
    )
    effect = w.FloatSlider(
        value=mde,
        min=0.002,
        max=0.1,
        step=0.002,
        readout_format=".1%",
        description=localized("Effect 效应", "效应"),
    )
    strength = w.FloatSlider(
        value=power,
        min=0.5,
        max=0.95,
        step=0.05,
        readout_format=".0%",
        description=localized("Power 检验力", "检验力"),
    )
    result = w.HTML()

    def update(change=None):
        if base.value + effect.value >= 1:
            result.value = localized(
                "Baseline + effect must stay below 100 %.", "基准转化率加效应必须低于 100 %。"
            )
            return
        n = sample_size(base.value, mde=effect.value, power=strength.value)
        result.value = localized(
            f"<b>{n:,}</b> contacts per group, {2 * n:,} in all (每组 {n:,} 人,共 {2 * n:,} 人)",
            f"每组 <b>{n:,}</b> 人,共 {2 * n:,} 人",
        )

    for control in (base, effect, strength):
        control.observe(update, names="value")
    update()
    display(w.VBox([base, effect, strength, result]))
