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

__all__ = ["strategy_lab", "case_player", "rescue_call", "negotiation_desk", "trigger_designer"]

_STYLE = {"description_width": "initial"}
_TIER_LABELS = ("Diamond 金钻", "Silver 白银", "Bronze 铜", "Iron 铁")


def _show(obj) -> None:
    import matplotlib.pyplot as plt
    from IPython.display import display

    fig = getattr(obj, "figure", None)
    if fig is None:                       # an array of Axes
        fig = obj.flat[0].figure
    display(fig)
    plt.close(fig)


def _run_and_draw(strategy, *, n_customers, months, seed):
    from IPython.display import display

    from .. import plots
    from ..simulation import simulate

    baseline = simulate("baseline", n_customers=n_customers, months=months, seed=seed)
    run = simulate(strategy, n_customers=n_customers, months=months, seed=seed)
    _show(plots.simulation.kpi_paths({"baseline": baseline.kpis, strategy.name: run.kpis}))
    import pandas as pd

    table = pd.DataFrame({"baseline": baseline.totals, strategy.name: run.totals})
    display(table.round(3))


def strategy_lab(start="four_moves", *, n_customers: int = 5_000, months: int = 6, seed: int = 0):
    """Tune the levers of a strategy and compare it with the baseline on the same seed."""
    import ipywidgets as w
    from IPython.display import display

    from ..simulation import normalise_mix, strategy_named

    first = strategy_named(start)
    _run_and_draw(first, n_customers=n_customers, months=months, seed=seed)
    tiers = [w.Dropdown(options=[("standard", 0), ("enhanced", 1), ("dedicated", 2)], value=v,
                        description=label, style=_STYLE)
             for label, v in zip(_TIER_LABELS, first.service_level)]
    mix = [w.FloatSlider(value=v, min=0, max=1, step=0.05, description=f"{name} share", style=_STYLE)
           for name, v in zip(("SMS", "WeChat", "community", "app"), first.channel_mix)]
    numbers = {
        "contacts_per_month": w.FloatSlider(value=first.contacts_per_month, min=0, max=20, step=1,
                                            description="Contacts a month 每月触达", style=_STYLE),
        "response_hours": w.FloatLogSlider(value=first.response_hours, base=2, min=-1, max=7.3,
                                           description="Response hours 响应时长", style=_STYLE),
        "compensation": w.FloatSlider(value=first.compensation, min=0, max=500, step=10,
                                      description="Compensation 补偿 (CNY)", style=_STYLE),
        "points_multiplier": w.FloatSlider(value=first.points_multiplier, min=0, max=5, step=0.5,
                                           description="Points per CNY 积分倍数", style=_STYLE),
        "member_benefits": w.IntSlider(value=first.member_benefits, min=0, max=2,
                                       description="Member benefits 会员权益", style=_STYLE),
        "referral_reward": w.FloatSlider(value=first.referral_reward, min=0, max=500, step=10,
                                         description="Referral reward 推荐奖励", style=_STYLE),
        "winback_offer": w.FloatSlider(value=first.winback_offer, min=0, max=300, step=10,
                                       description="Win-back offer 召回券", style=_STYLE),
        "acquisition_rate": w.FloatSlider(value=first.acquisition_rate, min=0, max=0.1, step=0.005,
                                          readout_format=".3f", description="Paid acquisition 拉新",
                                          style=_STYLE),
    }
    flags = {name: w.Checkbox(value=getattr(first, name), description=label)
             for name, label in (("dedicated_agent", "Dedicated agent 专属客服"),
                                 ("free_returns", "Free returns 免费退货"),
                                 ("service_reports", "Service reports 服务复盘"),
                                 ("birthday_double", "Birthday double points 生日双倍积分"))}
    out = w.Output()

    def update(change=None):
        strategy = first.replace(
            name="your strategy", service_level=tuple(t.value for t in tiers),
            channel_mix=normalise_mix([m.value for m in mix]),
            **{k: c.value for k, c in numbers.items()}, **{k: c.value for k, c in flags.items()})
        with out:
            out.clear_output(wait=True)
            _run_and_draw(strategy, n_customers=n_customers, months=months, seed=seed)

    for control in [*tiers, *mix, *numbers.values(), *flags.values()]:
        control.observe(update, names="value")
    display(w.VBox([w.HBox([w.VBox(tiers + mix), w.VBox(list(numbers.values())),
                            w.VBox(list(flags.values()))]), out]))


def _describe(outcome) -> None:
    from IPython.display import display

    from .. import plots

    display(outcome.summary().to_frame())
    if outcome.metrics:
        _show(plots.simulation.trigger_result(outcome.metrics))
    print(outcome.message)
    for line in outcome.feedback:
        print("·", line)


def case_player(case, choices: dict, *, seed: int = 0):
    """Play any case: the outcome of ``choices`` first, then a control per step."""
    import ipywidgets as w
    from IPython.display import display

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
                    value=value, min=spec["min"], max=spec["max"],
                    step=0.01 if spec["max"] <= 1 else 1, description=spec["label"], style=_STYLE)
            continue
        options = [(o["text"][:70], key) for key, o in step["options"].items()]
        if kind == "multi":
            controls[name] = w.SelectMultiple(options=options, value=tuple(choices.get(name, ())),
                                              description=step["prompt"][:40], style=_STYLE)
        else:
            controls[name] = w.Dropdown(options=options, value=choices.get(name, options[0][1]),
                                        description=step["prompt"][:40], style=_STYLE)
    out = w.Output()

    def update(change=None):
        picked = {}
        for key, control in controls.items():
            if isinstance(key, tuple):
                picked.setdefault(key[0], {})[key[1]] = control.value
            else:
                picked[key] = list(control.value) if isinstance(control, w.SelectMultiple) else control.value
        with out:
            out.clear_output(wait=True)
            try:
                _describe(play(case, picked, seed=seed))
            except Exception as error:        # an incomplete choice: say what is missing
                print(f"{type(error).__name__}: {error}")

    for control in controls.values():
        control.observe(update, names="value")
    display(w.VBox([*controls.values(), out]))


def rescue_call(choices: dict):
    """The churn rescue: the key account's record, then the call."""
    from IPython.display import display

    from ..simulation.cases import account_record, key_account

    record = account_record(key_account())
    display(record["profile"].to_frame())
    display(record["tickets"].drop(columns="text"))
    case_player("churn_rescue", choices)


def negotiation_desk(choices: dict):
    """The B2B negotiation: the buyer's order history, then the quotation."""
    from .. import plots
    from ..simulation.cases import load_case

    history = load_case("b2b_negotiation").spec["crm_history"]["orders_per_quarter"]
    _show(plots.simulation.quarterly_orders(history["quarters"], history["amount"]))
    case_player("b2b_negotiation", choices)


def trigger_designer(choices: dict, *, seed: int = 0):
    """The omnichannel trigger: who, which signal, which channel, which offer."""
    case_player("omnichannel", choices, seed=seed)
