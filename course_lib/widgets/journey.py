"""Widgets of chapter 3: attribution explorer, touchpoint thermometer, sample-size calculator
(presentation layer).

Each widget first draws its default state as an ordinary figure or table (what a stored
notebook, GitHub and the slides show), then adds controls that redraw below it when a
kernel runs. The computation is in :mod:`course_lib.journey` and
:mod:`course_lib.experiments`.
"""

from __future__ import annotations

__all__ = ["attribution_explorer", "thermometer_explorer", "sample_size_calculator"]


def _display_figure(ax) -> None:
    import matplotlib.pyplot as plt
    from IPython.display import display

    fig = ax.figure
    display(fig)
    plt.close(fig)


def attribution_explorer(paths, converted, *, half_life: float = 1.0):
    """Compare attribution models; choose the models and the time-decay half-life.

    Draws :func:`course_lib.plots.journey.attribution_bars` for all six models first.
    """
    import ipywidgets as w
    from IPython.display import display

    from .. import plots
    from ..journey import attribution_table

    all_models = ("first_touch", "last_touch", "linear", "time_decay", "markov", "shapley")

    def draw(models, half):
        table = attribution_table(paths, converted, half_life=half, models=models)
        return plots.journey.attribution_bars(table)

    _display_figure(draw(all_models, half_life))
    choose = w.SelectMultiple(options=all_models, value=all_models, rows=6,
                              description="Models 模型")
    half = w.FloatSlider(value=half_life, min=0.25, max=5.0, step=0.25,
                         description="Half-life 半衰期", style={"description_width": "initial"})
    out = w.Output()

    def update(change=None):
        with out:
            out.clear_output(wait=True)
            if choose.value:
                _display_figure(draw(choose.value, half.value))
            else:
                print("Choose at least one model. 请至少选择一个模型。")

    choose.observe(update, names="value")
    half.observe(update, names="value")
    display(w.VBox([w.HBox([choose, half]), out]))


def thermometer_explorer(touchpoints, *, chart: str = "p", sigma: float = 3.0, low: int = 2):
    """The touchpoint thermometer with its settings: chart type, limit width, what counts as low.

    Draws the heatmap of :func:`course_lib.journey.thermometer` with the defaults first,
    followed by the summary table of problem touchpoints.
    """
    import ipywidgets as w
    from IPython.display import display

    from .. import plots
    from ..journey import thermometer, thermometer_summary

    def draw(chart, sigma, low):
        thermo = thermometer(touchpoints, chart=chart, sigma=sigma, low=low)
        _display_figure(plots.journey.thermometer_heatmap(thermo))
        display(thermometer_summary(thermo))

    draw(chart, sigma, low)
    kind = w.ToggleButtons(options=[("p-chart: low ratings", "p"), ("X-bar: mean rating", "xbar")],
                           value=chart, description="Chart 图表")
    width = w.FloatSlider(value=sigma, min=1.0, max=4.0, step=0.5, description="Limits ±σ 控制限")
    low_at = w.IntSlider(value=low, min=1, max=3, description="Low ≤ 低分")
    out = w.Output()

    def update(change=None):
        with out:
            out.clear_output(wait=True)
            draw(kind.value, width.value, low_at.value)

    for control in (kind, width, low_at):
        control.observe(update, names="value")
    display(w.VBox([kind, w.HBox([width, low_at]), out]))


def sample_size_calculator(*, baseline: float = 0.06, mde: float = 0.01, power: float = 0.8):
    """How many contacts an A/B test needs: baseline rate, smallest effect worth finding, power.

    Shows a table of :func:`course_lib.experiments.sample_size` for the default baseline
    over several effects and powers first.
    """
    import ipywidgets as w
    import pandas as pd
    from IPython.display import display

    from ..experiments import sample_size

    effects = [0.005, 0.01, 0.02, 0.03]
    powers = [0.7, 0.8, 0.9]
    table = pd.DataFrame({f"power {p:.0%}": [sample_size(baseline, mde=e, power=p) for e in effects]
                          for p in powers},
                         index=pd.Index([f"+{e:.1%}" for e in effects], name=f"effect on {baseline:.0%}"))
    display(table)
    base = w.FloatSlider(value=baseline, min=0.01, max=0.5, step=0.01, readout_format=".0%",
                         description="Baseline 基准")
    effect = w.FloatSlider(value=mde, min=0.002, max=0.1, step=0.002, readout_format=".1%",
                           description="Effect 效应")
    strength = w.FloatSlider(value=power, min=0.5, max=0.95, step=0.05, readout_format=".0%",
                             description="Power 检验力")
    result = w.HTML()

    def update(change=None):
        if base.value + effect.value >= 1:
            result.value = "Baseline + effect must stay below 100 %."
            return
        n = sample_size(base.value, mde=effect.value, power=strength.value)
        result.value = (f"<b>{n:,}</b> contacts per group, {2 * n:,} in all "
                        f"(每组 {n:,} 人,共 {2 * n:,} 人)")

    for control in (base, effect, strength):
        control.observe(update, names="value")
    update()
    display(w.VBox([base, effect, strength, result]))
