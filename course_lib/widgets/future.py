"""Widgets of chapter 6: the CRM selection lab (weights, horizon, discount rate) and the
maturity self-assessment (presentation layer).

Each widget first draws its default state as an ordinary figure and table (what a stored
notebook, GitHub and the slides show), then adds controls that redraw below it when a
kernel runs. The computation is in :mod:`course_lib.selection`.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from ..language import language
from ..plots import localized
from ._live import STYLE, columns, live_figure, show_figure

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["selection_lab", "maturity_self_assessment"]


def selection_lab(
    scores: pd.DataFrame | None = None,
    profiles: pd.DataFrame | None = None,
    weights: Mapping[str, float] | None = None,
    *,
    years: int = 5,
    discount_rate: float = 0.08,
) -> None:
    """Weigh the selection criteria and watch the ranking and the TCO change.

    Draws :func:`course_lib.plots.future.scoring_matrix` and the matrix table for the given
    weights, horizon and discount rate, then a slider per criterion weight (rescaled to sum
    to 1), for the years and for the discount rate.

    Parameters
    ----------
    scores, profiles : pandas.DataFrame, optional
        The options' criterion scores and cost profiles, as
        :func:`course_lib.selection.selection_matrix` takes them (default the shipped ones).
    weights : mapping of criterion → weight, optional
        The starting weights (default :data:`course_lib.selection.DEFAULT_WEIGHTS`).
    years : int
        The TCO horizon in years.
    discount_rate : float
        The yearly discount rate of the TCO, a fraction.

    Returns
    -------
    None
        The figure, table and controls are displayed.

    Examples
    --------
    >>> from course_lib.widgets import future
    >>> future.selection_lab(years=5, discount_rate=0.08)          # doctest: +SKIP
    """
    import ipywidgets as w
    from IPython.display import display

    from .. import plots
    from ..selection import DEFAULT_WEIGHTS, OPTIONS, selection_matrix

    weights = dict(DEFAULT_WEIGHTS if weights is None else weights)
    name_column = "name_zh" if language() == "zh" else "name"
    names = {o: OPTIONS.loc[o, name_column] for o in OPTIONS.index}

    def draw(current, horizon, rate):
        table = selection_matrix(scores, profiles, current, years=horizon, discount_rate=rate)
        show_figure(plots.future.scoring_matrix(table, names=names))
        shown = table.round(2)
        shown["tco"] = (table["tco"] / 1e6).round(2)
        display(shown.rename(columns={"tco": localized("TCO (million CNY)", "总拥有成本(百万元)")}))
        winner = table.index[0]
        name, tco = names.get(winner, winner), table.loc[winner, "tco"] / 1e6
        print(
            localized(
                f"Best option 最优方案: {name} — {horizon}-year TCO ¥{tco:.2f}m at a {rate:.0%} discount rate",
                f"最优方案:{name} — 折现率 {rate:.0%} 下的 {horizon} 年总拥有成本 ¥{tco:.2f} 百万元",
            )
        )

    draw(weights, years, discount_rate)
    sliders = {
        c: w.FloatSlider(value=v, min=0, max=1, step=0.05, description=_criterion(c), style=STYLE)
        for c, v in weights.items()
    }
    controls = {
        **{("weight", c): s for c, s in sliders.items()},
        "years": w.IntSlider(
            value=years, min=1, max=10, description=localized("Years 年限", "年限"), style=STYLE
        ),
        "rate": w.FloatSlider(
            value=discount_rate,
            min=0,
            max=0.2,
            step=0.01,
            description=localized("Discount rate 折现率", "折现率"),
            style=STYLE,
        ),
    }

    def redraw(values):
        current = {c: values[("weight", c)] for c in sliders}
        if sum(current.values()) == 0:
            print(
                localized(
                    "Give at least one criterion a weight. 请至少为一个标准设置权重。",
                    "请至少为一个标准设置权重。",
                )
            )
            return
        draw(current, values["years"], values["rate"])

    live_figure(controls, redraw, layout=columns(controls.values(), len(sliders)))


def _criterion(key: str) -> str:
    """A selection criterion's slider label: its key in English, its Chinese name in Chinese."""
    from ..selection import CRITERIA

    return localized(key, CRITERIA.loc[key, "name_zh"] if key in CRITERIA.index else key)


def maturity_self_assessment(answers: Mapping[str, int] | None = None, *, model=None) -> None:
    """Answer the maturity questions and see the profile and where to start.

    Draws :func:`course_lib.plots.future.maturity_profile` and the per-dimension table for
    ``answers`` (every question id → level 1–5; by default level 1 everywhere), then one drop-down
    per question whose options are that question's answers.

    Parameters
    ----------
    answers : mapping of question id → level (1–5), optional
        The starting answers (default level 1 for every question).
    model : optional
        The maturity model (default :func:`course_lib.selection.load_maturity`).

    Returns
    -------
    None
        The figure, table, advice and drop-downs are displayed.

    Examples
    --------
    >>> from course_lib.widgets import future
    >>> future.maturity_self_assessment()                          # doctest: +SKIP
    """
    import ipywidgets as w
    from IPython.display import display

    from .. import plots
    from ..selection import load_maturity, score_maturity

    model = load_maturity() if model is None else model
    answers = {q: 1 for q in model.questions.index} if answers is None else dict(answers)

    def draw(current):
        result = score_maturity(current, model)
        show_figure(plots.future.maturity_profile(result))
        name_column = "name_zh" if language() == "zh" else "name"
        display(result.by_dimension[[name_column, "score", "level"]].round(2))
        step = result.by_dimension.loc[result.weakest, "next_step"]
        weakest = result.by_dimension.loc[result.weakest, name_column]
        print(localized(f"Start with 从此入手: {weakest} — {step}", f"从此入手:{weakest} — {step}"))

    draw(answers)
    menus = {}
    for q, row in model.questions.iterrows():
        options = [(f"{level}. {text}", level) for level, text in enumerate(row["answers"], start=1)]
        menus[q] = w.Dropdown(
            options=options,
            value=answers[q],
            description=localized(row["text"], row["text_zh"]),
            style=STYLE,
            layout=w.Layout(width="95%"),
        )
    live_figure(menus, draw)
