"""Widgets of chapter 4: the Erlang C staffing lab and the empathy role-play (presentation layer).

Each widget first draws its default state as an ordinary figure, table or text (what a
stored notebook, GitHub and the slides show), then adds controls when a kernel runs. The
computation is in :mod:`course_lib.service` and :mod:`course_lib.roleplay`.
"""

from __future__ import annotations

import html
from typing import TYPE_CHECKING

from ..plots import localized
from ._live import STYLE, columns, live_figure, show_figure

if TYPE_CHECKING:
    from ..roleplay import Scenario

__all__ = ["staffing_lab", "empathy_roleplay", "turn_markdown"]


def staffing_lab(
    arrival_rate: float, handling_time: float, *, target: float = 20 / 60, goal: float = 0.8, spread: int = 4
) -> None:
    """How many agents does a queue need? Arrival rate, handling time and target to agents.

    Draws :func:`course_lib.plots.service.staffing_curve` around the fewest agents that
    answer ``goal`` of contacts within ``target`` minutes, with the table, then sliders.

    Parameters
    ----------
    arrival_rate : float
        Contacts per hour.
    handling_time : float
        Average handling time of a contact, in minutes.
    target : float
        The answer-time promise, in minutes (20 seconds by default).
    goal : float
        The share of contacts to answer within ``target`` (the service level), 0–1.
    spread : int
        How many staffing levels to show either side of the fewest that meet the goal.

    Returns
    -------
    None
        The figure, the table, the fewest agents and the sliders are displayed.

    Examples
    --------
    >>> from course_lib.widgets import service as ws
    >>> ws.staffing_lab(120, 6, target=20 / 60, goal=0.8)            # doctest: +SKIP
    """
    import ipywidgets as w
    from IPython.display import display

    from .. import plots
    from ..staffing import agents_needed, staffing_table

    def draw(rate, minutes, target_minutes, level):
        need = agents_needed(rate, minutes, target=target_minutes, service_level=level)
        levels = range(max(1, need - spread), need + spread + 1)
        table = staffing_table(rate, minutes, levels, target=target_minutes)
        show_figure(plots.service.staffing_curve(table, goal=level))
        display(table.round(3))
        within = f"{target_minutes * 60:.0f} s" if target_minutes < 1 else f"{target_minutes:.1f} min"
        load = rate * minutes / 60
        print(
            localized(
                f"Fewest agents for {level:.0%} answered within {within} 最少客服人数: {need} (load 话务量 {load:.1f} erlangs)",
                f"{_within_zh(target_minutes)}内接通 {level:.0%} 所需的最少客服人数: {need}(话务量 {load:.1f} 爱尔兰)",
            )
        )

    draw(arrival_rate, handling_time, target, goal)
    controls = {
        "rate": w.FloatSlider(
            value=arrival_rate,
            min=1,
            max=max(400.0, arrival_rate * 2),
            step=1,
            description=localized("Contacts per hour 每小时来电", "每小时来电"),
            style=STYLE,
        ),
        "minutes": w.FloatSlider(
            value=handling_time,
            min=0.5,
            max=60,
            step=0.5,
            description=localized("Handling minutes 平均处理时长", "平均处理时长(分钟)"),
            style=STYLE,
        ),
        "target_minutes": w.FloatSlider(
            value=target,
            min=0,
            max=60,
            step=1 / 6,
            readout_format=".2f",
            description=localized("Target minutes 目标接通时间", "目标接通时间(分钟)"),
            style=STYLE,
        ),
        "level": w.FloatSlider(
            value=goal,
            min=0.5,
            max=0.99,
            step=0.01,
            description=localized("Service level goal 服务水平目标", "服务水平目标"),
            style=STYLE,
        ),
    }
    live_figure(controls, lambda values: draw(**values), layout=columns(controls.values(), 2))


def _within_zh(minutes: float) -> str:
    """A target answer time in Chinese: seconds under a minute, minutes otherwise.

    Examples
    --------
    >>> _within_zh(20 / 60), _within_zh(2.5)
    ('20 秒', '2.5 分钟')
    """
    return f"{minutes * 60:.0f} 秒" if minutes < 1 else f"{minutes:.1f} 分钟"


def _chinese_half(label: str) -> str:
    """The Chinese of a stored ``"english 中文"`` label (the label itself without one)."""
    english, _, chinese = str(label).rpartition(" ")
    return chinese if english and chinese and not chinese.isascii() else str(label)


def turn_markdown(scenario: Scenario, turn_number: int) -> str:
    """A turn of a scenario as Markdown: the customer's line and the numbered options.

    Parameters
    ----------
    scenario : course_lib.roleplay.Scenario
        A role-play scenario (:func:`course_lib.roleplay.load_scenario`).
    turn_number : int
        The turn, counted from 0.

    Returns
    -------
    str
        The step's name, the customer's line and the options, one per line.

    Examples
    --------
    >>> from course_lib.roleplay import load_scenario
    >>> turn_markdown(load_scenario("late_gift"), 0).splitlines()[0]
    '**Step 1 · acknowledge the feeling 认可感受**'
    """
    from ..roleplay import STEP_NAMES

    turn = scenario.turns[turn_number]
    step = STEP_NAMES[turn.step]
    lines = [
        localized(
            f"**Step {turn_number + 1} · {step}**", f"**第 {turn_number + 1} 步 · {_chinese_half(step)}**"
        ),
        "",
        f"> *“{html.escape(turn.customer)}”*",
        "",
    ]
    for i, option in enumerate(turn.options):
        english = f"{i}. {html.escape(option.text)}<br>{html.escape(option.text_zh)}"
        lines.append(localized(english, f"{i}. {html.escape(option.text_zh)}"))
    return "\n".join(lines)


def empathy_roleplay(name: str | Scenario = "late_gift") -> None:
    """A complaint arrives; pick an answer at each turn and get a score and feedback per step.

    First shows the situation and the complaint, then the first turn's options, as text (the
    static default; a slide deck shows the first of the two), then one button per option
    while a kernel runs.

    Parameters
    ----------
    name : str or course_lib.roleplay.Scenario
        A scenario's name (``"late_gift"``, ``"double_charge"``, …) or a loaded scenario.

    Returns
    -------
    None
        The situation, the first turn and the answer buttons are displayed.

    Examples
    --------
    >>> from course_lib.widgets import service as ws
    >>> ws.empathy_roleplay("double_charge")                         # doctest: +SKIP
    """
    import ipywidgets as w
    from IPython.display import Markdown, display

    from ..roleplay import RolePlay, load_scenario

    scenario = load_scenario(name) if isinstance(name, str) else name
    display(
        Markdown(
            localized(f"### {scenario.title} ｜ {scenario.title_zh}", f"### {scenario.title_zh}")
            + f"\n\n{scenario.situation}\n\n"
            + localized(f"> **Customer 客户:** {scenario.complaint}", f"> **客户:** {scenario.complaint}")
        )
    )
    display(Markdown(turn_markdown(scenario, 0)))
    game = RolePlay(scenario)
    log = w.Output()
    buttons = w.HBox()
    restart = w.Button(description=localized("Play again 重来", "重来"), button_style="")

    def show_turn():
        if game.done:
            outcome = game.outcome()
            buttons.children = [restart]
            with log:
                display(
                    Markdown(
                        localized(
                            f"**Total 总分: {game.total} / {scenario.max_score} — {outcome.label}**",
                            f"**总分: {game.total} / {scenario.max_score} — {outcome.label}**",
                        )
                        + f"\n\n{outcome.message}"
                    )
                )
                display(game.transcript())
            return
        number = len(game.results)
        if number:
            with log:
                display(Markdown(turn_markdown(scenario, number)))
        choices = []
        for i in range(len(game.current_turn.options)):
            button = w.Button(description=localized(f"Answer {i} 选项{i}", f"选项{i}"))
            button.on_click(lambda _b, i=i: pick(i))
            choices.append(button)
        buttons.children = choices

    def pick(i):
        result = game.choose(i)
        if result.best:
            mark = localized("✓ best answer 最佳回应", "✓ 最佳回应")
        else:
            mark = localized(f"best possible 最高可得 {result.best_score}", f"最高可得 {result.best_score}")
        chose = localized(
            f"You chose {i}: **{result.score} / 3** ({mark}).",
            f"你选择了 {i}:**{result.score} / 3**({mark})。",
        )
        with log:
            display(
                Markdown(
                    f"{chose} {result.feedback}"
                    + (f"\n\n> *“{html.escape(result.reply)}”*" if result.reply else "")
                )
            )
        show_turn()

    def again(_):
        nonlocal game
        game = RolePlay(scenario)
        log.clear_output()
        show_turn()

    restart.on_click(again)
    show_turn()
    display(w.VBox([buttons, log]))
