"""Widgets of chapter 6: the CRM selection lab (weights, horizon, discount rate) and the
maturity self-assessment (presentation layer).

Each widget first draws its default state as an ordinary figure and table (what a stored
notebook, GitHub and the slides show), then adds controls that redraw below it when a
kernel runs. The computation is in :mod:`course_lib.selection`.
"""

from __future__ import annotations

__all__ = ["selection_lab", "maturity_self_assessment"]

_STYLE = {"description_width": "initial"}


def _display_figure(ax) -> None:
    import matplotlib.pyplot as plt
    from IPython.display import display

    fig = ax.figure
    display(fig)
    plt.close(fig)


def selection_lab(scores=None, profiles=None, weights=None, *, years=5, discount_rate=0.08):
    """Weigh the selection criteria and watch the ranking and the TCO change.

    Draws :func:`course_lib.plots.future.scoring_matrix` and the matrix table for the given
    weights, horizon and discount rate, then a slider per criterion weight (rescaled to sum
    to 1), for the years and for the discount rate.
    """
    import ipywidgets as w
    from IPython.display import display

    from .. import plots
    from ..selection import DEFAULT_WEIGHTS, OPTIONS, selection_matrix

    weights = dict(DEFAULT_WEIGHTS if weights is None else weights)
    names = {o: OPTIONS.loc[o, "name"] for o in OPTIONS.index}

    def draw(current, horizon, rate):
        table = selection_matrix(scores, profiles, current, years=horizon, discount_rate=rate)
        _display_figure(plots.future.scoring_matrix(table, names=names))
        shown = table.round(2)
        shown["tco"] = (table["tco"] / 1e6).round(2)
        display(shown.rename(columns={"tco": "TCO (million CNY)"}))
        winner = table.index[0]
        print(f"Best option 最优方案: {names.get(winner, winner)} — {horizon}-year TCO "
              f"¥{table.loc[winner, 'tco'] / 1e6:.2f}m at a {rate:.0%} discount rate")

    draw(weights, years, discount_rate)
    sliders = {c: w.FloatSlider(value=v, min=0, max=1, step=0.05, description=c, style=_STYLE)
               for c, v in weights.items()}
    horizon = w.IntSlider(value=years, min=1, max=10, description="Years 年限", style=_STYLE)
    rate = w.FloatSlider(value=discount_rate, min=0, max=0.2, step=0.01,
                         description="Discount rate 折现率", style=_STYLE)
    out = w.Output()

    def update(change=None):
        with out:
            out.clear_output(wait=True)
            current = {c: s.value for c, s in sliders.items()}
            if sum(current.values()) == 0:
                print("Give at least one criterion a weight. 请至少为一个标准设置权重。")
                return
            draw(current, horizon.value, rate.value)

    for control in (*sliders.values(), horizon, rate):
        control.observe(update, names="value")
    display(w.VBox([w.HBox([w.VBox(list(sliders.values())), w.VBox([horizon, rate])]), out]))


def maturity_self_assessment(answers=None, *, model=None):
    """Answer the maturity questions and see the profile and where to start.

    Draws :func:`course_lib.plots.future.maturity_profile` and the per-dimension table for
    ``answers`` (question id → level 1–5; by default level 1 everywhere), then one drop-down
    per question whose options are that question's answers.
    """
    import ipywidgets as w
    from IPython.display import display

    from .. import plots
    from ..selection import load_maturity, score_maturity

    model = load_maturity() if model is None else model
    answers = {q: 1 for q in model.questions.index} if answers is None else dict(answers)

    def draw(current):
        result = score_maturity(current, model)
        _display_figure(plots.future.maturity_profile(result))
        display(result.by_dimension[["name", "score", "level"]].round(2))
        step = result.by_dimension.loc[result.weakest, "next_step"]
        print(f"Start with 从此入手: {result.by_dimension.loc[result.weakest, 'name']} — {step}")

    draw(answers)
    menus = {}
    for q, row in model.questions.iterrows():
        options = [(f"{level}. {text}", level) for level, text in enumerate(row["answers"], start=1)]
        menus[q] = w.Dropdown(options=options, value=answers[q], description=row["text"],
                              style=_STYLE, layout=w.Layout(width="95%"))
    out = w.Output()

    def update(change=None):
        with out:
            out.clear_output(wait=True)
            draw({q: menu.value for q, menu in menus.items()})

    for menu in menus.values():
        menu.observe(update, names="value")
    display(w.VBox([*menus.values(), out]))
