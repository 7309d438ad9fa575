"""Widgets of the turnaround capstone and the scripted cases (presentation layer).

- :func:`strategy_lab` — sliders for every lever of a :class:`~course_lib.simulation.Strategy`;
  each change re-runs the simulation against the baseline.
- :func:`case_player` — one player for any scenario file: a control per step, the outcome
  and the feedback below; :func:`rescue_call`, :func:`negotiation_desk` and
  :func:`trigger_designer` add each case's record (the customer-360, the role card, the
  members) on top.

Each widget first draws its default state as ordinary figures and tables (what a stored
notebook, GitHub and the slides show), then adds controls that redraw below it when a kernel
runs. All computation is in :mod:`course_lib.simulation`.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import pandas as pd

from ..plots import bilingual, localized
from ._live import STYLE, columns, live_figure, show_figure

if TYPE_CHECKING:
    from ..simulation import Strategy
    from ..simulation.cases import Case

__all__ = ["strategy_lab", "case_player", "rescue_call", "negotiation_desk", "trigger_designer"]

_TIERS = (("Diamond", "金钻"), ("Silver", "白银"), ("Bronze", "铜"), ("Iron", "铁"))
_SERVICE_LEVELS = (("standard", "标准", 0), ("enhanced", "增强", 1), ("dedicated", "专属", 2))
_CHANNELS = (("SMS", "短信"), ("WeChat", "微信"), ("community", "社群"), ("app", "App"))
_FLAGS = (
    ("dedicated_agent", "Dedicated agent", "专属客服"),
    ("free_returns", "Free returns", "免费退货"),
    ("service_reports", "Service reports", "服务复盘"),
    ("birthday_double", "Birthday double points", "生日双倍积分"),
)


def _run_and_draw(strategy, *, n_customers, months, seed):
    from IPython.display import display

    from .. import plots
    from ..simulation import simulate

    baseline = simulate("baseline", n_customers=n_customers, months=months, seed=seed)
    run = simulate(strategy, n_customers=n_customers, months=months, seed=seed)
    base_name = localized("baseline", "基线")
    show_figure(plots.simulation.kpi_paths({base_name: baseline.kpis, strategy.name: run.kpis}))
    table = pd.DataFrame({base_name: baseline.totals, strategy.name: run.totals})
    display(table.round(3))


def strategy_lab(
    start: str | Strategy = "four_moves", *, n_customers: int = 5_000, months: int = 6, seed: int = 0
) -> None:
    """Tune the levers of a strategy and compare it with the baseline on the same seed.

    Draws :func:`course_lib.plots.simulation.kpi_paths` and the totals of ``start`` against
    the baseline first, then a control per lever; each change re-runs the simulation.

    Parameters
    ----------
    start : str or course_lib.simulation.Strategy
        The strategy the levers start from (a name such as ``"four_moves"`` or a Strategy).
    n_customers : int
        Customers in the simulated base.
    months : int
        Months simulated.
    seed : int
        The random seed, shared by the baseline and the strategy.

    Returns
    -------
    None
        The figure, the totals table and the controls are displayed.

    Examples
    --------
    >>> from course_lib.widgets import simulation
    >>> simulation.strategy_lab("four_moves", n_customers=5_000, months=6)   # doctest: +SKIP
    """
    import ipywidgets as w

    from ..simulation import normalise_mix, strategy_named

    first = strategy_named(start)
    _run_and_draw(first, n_customers=n_customers, months=months, seed=seed)
    tiers = [
        w.Dropdown(
            options=[(localized(english, chinese), level) for english, chinese, level in _SERVICE_LEVELS],
            value=v,
            description=bilingual(english, chinese),
            style=STYLE,
        )
        for (english, chinese), v in zip(_TIERS, first.service_level)
    ]
    mix = [
        w.FloatSlider(
            value=v,
            min=0,
            max=1,
            step=0.05,
            description=localized(f"{english} share", f"{chinese}占比"),
            style=STYLE,
        )
        for (english, chinese), v in zip(_CHANNELS, first.channel_mix)
    ]
    numbers = {
        "contacts_per_month": w.FloatSlider(
            value=first.contacts_per_month,
            min=0,
            max=20,
            step=1,
            description=localized("Contacts a month 每月触达", "每月触达"),
            style=STYLE,
        ),
        "response_hours": w.FloatLogSlider(
            value=first.response_hours,
            base=2,
            min=-1,
            max=7.3,
            description=localized("Response hours 响应时长", "响应时长(小时)"),
            style=STYLE,
        ),
        "compensation": w.FloatSlider(
            value=first.compensation,
            min=0,
            max=500,
            step=10,
            description=localized("Compensation 补偿 (CNY)", "补偿(元)"),
            style=STYLE,
        ),
        "points_multiplier": w.FloatSlider(
            value=first.points_multiplier,
            min=0,
            max=5,
            step=0.5,
            description=localized("Points per CNY 积分倍数", "积分倍数"),
            style=STYLE,
        ),
        "member_benefits": w.IntSlider(
            value=first.member_benefits,
            min=0,
            max=2,
            description=localized("Member benefits 会员权益", "会员权益"),
            style=STYLE,
        ),
        "referral_reward": w.FloatSlider(
            value=first.referral_reward,
            min=0,
            max=500,
            step=10,
            description=localized("Referral reward 推荐奖励", "推荐奖励"),
            style=STYLE,
        ),
        "winback_offer": w.FloatSlider(
            value=first.winback_offer,
            min=0,
            max=300,
            step=10,
            description=localized("Win-back offer 召回券", "召回券"),
            style=STYLE,
        ),
        "acquisition_rate": w.FloatSlider(
            value=first.acquisition_rate,
            min=0,
            max=0.1,
            step=0.005,
            readout_format=".3f",
            description=localized("Paid acquisition 拉新", "拉新"),
            style=STYLE,
        ),
    }
    flags = {
        name: w.Checkbox(value=getattr(first, name), description=bilingual(english, chinese))
        for name, english, chinese in _FLAGS
    }
    controls = {
        **{("tier", i): t for i, t in enumerate(tiers)},
        **{("mix", i): m for i, m in enumerate(mix)},
        **numbers,
        **flags,
    }

    def redraw(values):
        strategy = first.replace(
            name=localized("your strategy", "你的策略"),
            service_level=tuple(values[("tier", i)] for i in range(len(tiers))),
            channel_mix=normalise_mix([values[("mix", i)] for i in range(len(mix))]),
            **{k: values[k] for k in (*numbers, *flags)},
        )
        _run_and_draw(strategy, n_customers=n_customers, months=months, seed=seed)

    live_figure(controls, redraw, layout=columns(controls.values(), len(tiers) + len(mix), len(numbers)))


def _describe(outcome) -> None:
    from IPython.display import display

    from .. import plots

    display(outcome.summary().to_frame())
    if outcome.metrics:
        show_figure(plots.simulation.trigger_result(outcome.metrics))
    print(outcome.message)
    for line in outcome.feedback:
        print("·", line)


def case_player(case: str | Case, choices: Mapping[str, Any], *, seed: int = 0) -> None:
    """Play any case: the outcome of ``choices`` first, then a control per step.

    Parameters
    ----------
    case : str or course_lib.simulation.cases.Case
        A scenario's name (``"churn_rescue"``, ``"b2b_negotiation"``, ``"omnichannel"``) or a
        loaded case.
    choices : mapping of step → choice
        The starting choice per step (an option key, a list of keys for a multiple choice,
        or a mapping of term → value for a step of terms).
    seed : int
        The random seed of the case's simulation.

    Returns
    -------
    None
        The outcome, its feedback and one control per step are displayed.

    Examples
    --------
    >>> from course_lib.widgets import simulation
    >>> simulation.case_player("omnichannel", {"audience": "all_members", "signal": "none"})  # doctest: +SKIP
    """
    import ipywidgets as w

    from ..simulation.cases import load_case, play

    case = load_case(case)
    _describe(play(case, choices, seed=seed))
    controls = {}
    for name, step in case.steps.items():
        kind = step.get("kind", "choice")
        if kind == "terms":
            for term, spec in step["terms"].items():
                value = choices.get(name, {}).get(term, spec["reference"])
                controls[(name, term)] = w.FloatSlider(
                    value=value,
                    min=spec["min"],
                    max=spec["max"],
                    step=0.01 if spec["max"] <= 1 else 1,
                    description=spec["label"],
                    style=STYLE,
                )
            continue
        options = [(o["text"][:70], key) for key, o in step["options"].items()]
        if kind == "multi":
            controls[name] = w.SelectMultiple(
                options=options,
                value=tuple(choices.get(name, ())),
                description=step["prompt"][:40],
                style=STYLE,
            )
        else:
            controls[name] = w.Dropdown(
                options=options,
                value=choices.get(name, options[0][1]),
                description=step["prompt"][:40],
                style=STYLE,
            )

    def redraw(values):
        picked = {}
        for key, value in values.items():
            if isinstance(key, tuple):
                picked.setdefault(key[0], {})[key[1]] = value
            else:
                picked[key] = list(value) if isinstance(controls[key], w.SelectMultiple) else value
        try:
            _describe(play(case, picked, seed=seed))
        except Exception as error:  # an incomplete choice: say what is missing
            print(f"{type(error).__name__}: {error}")

    live_figure(controls, redraw)


def rescue_call(choices: Mapping[str, Any]) -> None:
    """The churn rescue: the key account's record, then the call.

    Parameters
    ----------
    choices : mapping of step → choice
        The starting choices of the ``churn_rescue`` case (see :func:`case_player`).

    Returns
    -------
    None
        The account's profile and tickets, then the case player, are displayed.

    Examples
    --------
    >>> from course_lib.widgets import simulation
    >>> simulation.rescue_call({"diagnosis": "one_bad_day", "compensation": "coupon"})  # doctest: +SKIP
    """
    from IPython.display import display

    from ..simulation.cases import account_record, key_account

    record = account_record(key_account())
    display(record["profile"].to_frame())
    display(record["tickets"].drop(columns="text"))
    case_player("churn_rescue", choices)


def negotiation_desk(choices: Mapping[str, Any]) -> None:
    """The B2B negotiation: the buyer's order history, then the quotation.

    Parameters
    ----------
    choices : mapping of step → choice
        The starting choices of the ``b2b_negotiation`` case (see :func:`case_player`).

    Returns
    -------
    None
        The quarterly orders figure, then the case player, are displayed.

    Examples
    --------
    >>> from course_lib.widgets import simulation
    >>> simulation.negotiation_desk(base_offer)                       # doctest: +SKIP
    """
    from .. import plots
    from ..simulation.cases import load_case

    history = load_case("b2b_negotiation").spec["crm_history"]["orders_per_quarter"]
    show_figure(plots.simulation.quarterly_orders(history["quarters"], history["amount"]))
    case_player("b2b_negotiation", choices)


def trigger_designer(choices: Mapping[str, Any], *, seed: int = 0) -> None:
    """The omnichannel trigger: who, which signal, which channel, which offer.

    Parameters
    ----------
    choices : mapping of step → choice
        The starting choices of the ``omnichannel`` case (see :func:`case_player`).
    seed : int
        The random seed of the case's simulation.

    Returns
    -------
    None
        The case player is displayed.

    Examples
    --------
    >>> from course_lib.widgets import simulation
    >>> simulation.trigger_designer({"audience": "all_members", "signal": "none"})  # doctest: +SKIP
    """
    case_player("omnichannel", choices, seed=seed)
