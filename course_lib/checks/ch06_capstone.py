"""Checks of chapter 6's capstone exercises: the turnaround in the simulator and the three
scripted cases (registered by ``course_lib.checks.ch06``)."""

from __future__ import annotations

import math
import re
from functools import lru_cache

import numpy as np
import pandas as pd

from ..language import N_, language, tr
from . import Wrong, joined, number_like, require_precision, shipped, task, to_precision

N_CUSTOMERS, MONTHS, SEED = 20_000, 6, 0
TEAM_CUSTOMERS, TEAM_SEEDS = 10_000, (0, 1, 2)
RESCUE_MIN_PROBABILITY, RESCUE_MAX_COST = 0.70, 1_500.0
QUOTATION_MIN_MARGIN = 310_000.0
TRIGGER_MAX_OPT_OUT = 0.01
#: Precision the repurchase task states: "as a fraction to four decimals".
REPURCHASE_DECIMALS = 4
#: Runs a trainee may have made by mistake: (label, n_customers, months, seed).
_OTHER_RUNS = [
    ("seed=1", N_CUSTOMERS, MONTHS, 1),
    ("seed=2", N_CUSTOMERS, MONTHS, 2),
    ("seed=42", N_CUSTOMERS, MONTHS, 42),
    (N_("10,000 customers"), 10_000, MONTHS, SEED),
    (N_("2,000 customers"), 2_000, MONTHS, SEED),
    (N_("1,000 customers"), 1_000, MONTHS, SEED),
]


def _listed(items) -> str:
    """Items named in a message, separated as the course's language writes a list.

    Examples
    --------
    >>> _listed(["no free returns", "less compensation"])
    'no free returns, less compensation'
    """
    return ("、" if language() == "zh" else ", ").join(items)


@lru_cache(maxsize=4)
def _run(name: str):
    from ..simulation import simulate

    return simulate(name, n_customers=N_CUSTOMERS, months=MONTHS, seed=SEED)


def _team_score(strategy) -> tuple[float, float]:
    """Mean six-month profit and mean month-6 complaint rate on the team seeds."""
    from ..simulation import simulate

    runs = [simulate(strategy, n_customers=TEAM_CUSTOMERS, months=MONTHS, seed=s).kpis for s in TEAM_SEEDS]
    return (
        float(np.mean([k["profit"].sum() for k in runs])),
        float(np.mean([k["complaint_rate"].iloc[-1] for k in runs])),
    )


@lru_cache(maxsize=1)
def _four_moves_score() -> tuple[float, float]:
    from ..simulation import FOUR_MOVES

    return _team_score(FOUR_MOVES)


def _choices(answer, name: str) -> dict:
    if isinstance(answer, pd.Series):
        answer = answer.to_dict()
    if not isinstance(answer, dict):
        raise Wrong(
            tr(
                '{name} should be a dict of step → option, e.g. {{"diagnosis": ...}}; you gave a {kind}.'
            ).format(name=name, kind=type(answer).__name__)
        )
    if not answer:
        raise Wrong(
            tr("{name} is an empty dict: choose an option for each step of the case.").format(name=name)
        )
    return answer


def _play(case: str, answer, **kwargs):
    from ..simulation.cases import play
    from ..validation import CourseDataError

    try:
        return play(case, answer, **kwargs)
    except (CourseDataError, TypeError) as error:
        raise Wrong(tr("the case cannot be played with these choices: {error}").format(error=error)) from None


def _try(case: str, choices: dict, **kwargs):
    """The outcome of ``choices``, or None when they cannot be played."""
    from ..simulation.cases import play
    from ..validation import CourseDataError

    try:
        return play(case, choices, **kwargs)
    except (CourseDataError, TypeError, ValueError):
        return None


# ------------------------------------------------------------------------------ capstone 1
@task(
    "ch06.capstone_baseline_repurchase",
    N_("month-6 repurchase rate of the baseline"),
    hints=[
        N_(
            'Run `simulate("baseline", n_customers=20_000, months=6, seed=0)` and read the '
            "`repurchase_rate` column of its `kpis`."
        ),
        N_(
            '`kpis` is indexed by month 1…6: `.loc[6, "repurchase_rate"]` is month 6 (`.iloc[5]` '
            "too). Give the fraction, not a percentage, to at least four decimals."
        ),
    ],
)
def _baseline_repurchase(answer):
    from ..simulation import simulate

    if isinstance(answer, pd.DataFrame):
        raise Wrong(tr("that is the whole `kpis` table; give one number, the `repurchase_rate` of month 6."))
    if isinstance(answer, pd.Series):
        if "repurchase_rate" in answer.index:
            raise Wrong(tr("that is a whole row of `kpis`; take its `repurchase_rate` alone."))
        raise Wrong(tr("that is the whole `repurchase_rate` column; take the value of month 6 alone."))
    value = number_like(answer, "baseline_repurchase")
    kpis = _run("baseline").kpis["repurchase_rate"]
    expected = float(kpis.loc[MONTHS])
    if to_precision(value, expected, REPURCHASE_DECIMALS):
        return None
    if 1 < value <= 100 and abs(value / 100 - expected) < 0.005:
        raise Wrong(tr("that looks like a percentage; give the fraction (0.15, not 15)."))
    for decimals in (3, 2):
        if abs(value - round(expected, decimals)) < 1e-9:
            raise Wrong(
                tr(
                    "you rounded to {decimals} decimals, which is too coarse to tell the months "
                    "apart; give at least four decimals."
                ).format(decimals=decimals)
            )
    slips = [
        (
            float(kpis.loc[month]),
            tr(
                "month {month}: the index runs 1…6 (`.loc[{month}]` is month {month}), and the task asks for month 6"
            ).format(month=month),
        )
        for month in range(1, MONTHS)
    ]
    slips += [
        (float(kpis.mean()), tr("the mean over the six months; take the value of month 6 alone")),
        (
            float(_run("four_moves").kpis["repurchase_rate"].loc[MONTHS]),
            tr("the repurchase rate of the case's four moves (`four_moves`); the task asks for the baseline"),
        ),
    ]
    for label, n, months, seed in _OTHER_RUNS:
        other = simulate("baseline", n_customers=n, months=months, seed=seed).kpis["repurchase_rate"]
        slips.append(
            (
                float(other.loc[MONTHS]),
                tr(
                    "the month-6 rate of a run with {run}: another run draws other customers; "
                    "the task's run has 20,000 customers, six months and seed=0"
                ).format(run=tr(label)),
            )
        )
    matched = [text for candidate, text in slips if to_precision(value, candidate, REPURCHASE_DECIMALS)]
    if matched:
        raise Wrong(tr("that is {slips}.").format(slips=tr(" — or ").join(matched)))
    require_precision(
        value,
        expected,
        name="baseline_repurchase",
        decimals=REPURCHASE_DECIMALS,
        close_hint=tr("Another seed or size of run draws other customers and gives another rate."),
    )
    raise Wrong(tr("baseline_repurchase does not match."))  # pragma: no cover - require_precision raised


# ------------------------------------------------------------------------------ capstone 2
def _column_name(text: str) -> str:
    return re.sub(r"[\s\-]+", "_", text.strip().lower())


@task(
    "ch06.capstone_top_lever",
    N_("the most expensive lever of the case's four moves"),
    hints=[
        N_(
            "The result's `costs` table has one column per lever and one row per month; sum "
            "each column over the months."
        ),
        N_(
            "Leave out the `goods` column (cost of goods is not a lever), then take the name "
            "of the largest sum with `.idxmax()`."
        ),
    ],
)
def _top_lever(answer):
    if isinstance(answer, (pd.Series, pd.DataFrame)):
        raise Wrong(
            tr(
                "that is a {kind} of costs; store only the name of the most expensive lever, e.g. with `.idxmax()`."
            ).format(kind=type(answer).__name__)
        )
    if isinstance(answer, (pd.Index, list, tuple, np.ndarray)):
        raise Wrong(tr("that is a list of names; store the one name of the most expensive lever (a str)."))
    if not isinstance(answer, str):
        raise Wrong(
            tr("top_lever should be the name of a column of `costs` (a str); you gave a {kind}.").format(
                kind=type(answer).__name__
            )
        )
    totals = _run("four_moves").costs.sum()
    levers = totals.drop("goods").sort_values(ascending=False)
    name = _column_name(answer)
    if name == levers.index[0]:
        return None
    if name == "goods":
        raise Wrong(tr("cost of goods is not a lever: leave the `goods` column out."))
    if name not in totals.index:
        raise Wrong(
            tr("{answer} is not a column of `costs`; the columns are {columns}.").format(
                answer=repr(answer), columns=list(totals.index)
            )
        )
    rank = list(levers.index).index(name) + 1
    baseline = _run("baseline").costs.drop(columns="goods").sum()
    if name == baseline.idxmax():
        raise Wrong(
            tr(
                "{lever} is the largest lever cost of the baseline; the task asks about the "
                "four moves, `four_moves` (where it is number {rank})."
            ).format(lever=repr(name), rank=rank)
        )
    if rank == len(levers):
        raise Wrong(
            tr(
                "{lever} is the smallest lever cost: `sort_values()` sorts smallest first; take "
                "the largest (`.idxmax()`)."
            ).format(lever=repr(name))
        )
    raise Wrong(
        tr(
            "{lever} is the number {rank} cost, not the largest: sum every column over all six "
            "months before comparing."
        ).format(lever=repr(name), rank=rank)
    )


# ------------------------------------------------------------------------------ capstone 3
#: Levers that hold complaints down (the case's move 4, crisis management) and how to name a weaker one.
_CRISIS = {
    "response_hours": N_("slower first answers"),
    "free_returns": N_("no free returns"),
    "service_reports": N_("no service reports"),
    "dedicated_agent": N_("no dedicated agent"),
    "compensation": N_("less compensation"),
}
#: How a lever set more generously than the four moves' is named, per value tier.
_MORE_SERVICE = {
    "Diamond": N_("service for Diamond"),
    "Silver": N_("service for Silver"),
    "Bronze": N_("service for Bronze"),
    "Iron": N_("service for Iron"),
}


def _weaker_crisis(strategy, four_moves) -> list[str]:
    weaker = []
    if strategy.response_hours > four_moves.response_hours:
        weaker.append("response_hours")
    for flag in ("free_returns", "service_reports", "dedicated_agent"):
        if getattr(four_moves, flag) and not getattr(strategy, flag):
            weaker.append(flag)
    if strategy.compensation < four_moves.compensation:
        weaker.append("compensation")
    return [tr(_CRISIS[lever]) for lever in weaker]


def _lever_changes(strategy, four_moves) -> tuple[list[str], list[str]]:
    """Levers set more generously than the four moves', and levers that bring orders cut below it."""
    more, cut = [], []
    tiers = ("Diamond", "Silver", "Bronze", "Iron")
    for tier, mine, theirs in zip(tiers, strategy.service_level, four_moves.service_level):
        if mine > theirs:
            more.append(tr(_MORE_SERVICE[tier]))
    for lever in ("member_benefits", "referral_reward", "compensation", "winback_offer"):
        if getattr(strategy, lever) > getattr(four_moves, lever):
            more.append(lever)
    if strategy.response_hours < four_moves.response_hours:
        more.append(tr("faster first answers (complaint staff)"))
    for lever in ("contacts_per_month", "acquisition_rate", "points_multiplier"):
        if getattr(strategy, lever) > getattr(four_moves, lever):
            more.append(lever)
        elif getattr(strategy, lever) < getattr(four_moves, lever):
            cut.append(lever)
    if four_moves.birthday_double and not strategy.birthday_double:
        cut.append("birthday_double")
    return more, cut


@task(
    "ch06.capstone_strategy",
    N_("a strategy that beats the four moves' profit with complaints under 5 %"),
    hints=[
        N_(
            "Start from `FOUR_MOVES.replace(...)` and change the levers whose cost is large against what "
            "they bring — the cost breakdown of the four moves (`four_moves`) shows where the money goes."
        ),
        N_(
            "Dedicated service pays in the Diamond tier, much less in Bronze; a referral reward "
            "or member benefits at a lower level keep most of their effect for less money. Keep "
            "the crisis levers (fast answers, free returns, service reports): they hold "
            "complaints under 5 %."
        ),
        N_(
            'Test it yourself with `tournament({"four_moves": FOUR_MOVES, "mine": my_strategy}, '
            "n_customers=10_000, months=6, seeds=3)`."
        ),
    ],
)
def _strategy(answer):
    from ..simulation import FOUR_MOVES, Strategy

    if isinstance(answer, str):
        raise Wrong(
            tr(
                "give a Strategy object (e.g. `FOUR_MOVES.replace(...)`), not a name: the named "
                "strategies are the baseline and the case's four moves (`four_moves`) themselves."
            )
        )
    if isinstance(answer, dict):
        raise Wrong(
            tr("that is a dict of levers; turn it into a Strategy with `FOUR_MOVES.replace(**levers)`.")
        )
    if not isinstance(answer, Strategy):
        raise Wrong(
            tr("my_strategy should be a Strategy; you gave a {kind}.").format(kind=type(answer).__name__)
        )
    if answer.replace(name=FOUR_MOVES.name) == FOUR_MOVES:
        raise Wrong(
            tr(
                "these are exactly the levers of the case's four moves (`FOUR_MOVES`): a strategy cannot "
                "beat itself — change some levers."
            )
        )
    profit, complaints = _team_score(answer)
    four_moves_profit, _ = _four_moves_score()
    if complaints >= 0.05:
        weaker = _weaker_crisis(answer, FOUR_MOVES)
        if weaker:
            raise Wrong(
                tr(
                    "month-6 complaints are {complaints:.1%}, not under 5 %: you weakened the "
                    "crisis levers that keep them down ({levers})."
                ).format(complaints=complaints, levers=_listed(weaker))
            )
        raise Wrong(
            tr(
                "month-6 complaints are {complaints:.1%}, not under 5 %, although your crisis "
                "levers are those of the four moves: less satisfied customers complain more, and the service "
                "levels, member benefits or contacts you cut lower satisfaction. Give some of that "
                "back, or answer complaints faster."
            ).format(complaints=complaints)
        )
    change = profit / four_moves_profit - 1
    if profit <= four_moves_profit:
        more, cut = _lever_changes(answer, FOUR_MOVES)
        if more and cut:
            message = tr(
                "six-month profit is {change:+.1%} against the four moves': you spend more than the four "
                "moves on {more}; you cut {cut}, which bring more margin in orders than they cost."
            )
        elif more:
            message = tr(
                "six-month profit is {change:+.1%} against the four moves': you spend more than the four "
                "moves on {more}."
            )
        elif cut:
            message = tr(
                "six-month profit is {change:+.1%} against the four moves': you cut {cut}, which bring "
                "more margin in orders than they cost."
            )
        else:
            message = tr(
                "six-month profit is {change:+.1%} against the four moves': cut levers whose cost is "
                "large against what they bring (the four moves' cost breakdown shows where the money goes)."
            )
        raise Wrong(message.format(change=change, more=_listed(more), cut=_listed(cut)))
    return tr("Profit {change:+.1%} against the four moves, complaints {complaints:.1%}.").format(
        change=change, complaints=complaints
    )


# ------------------------------------------------------------------------------ case 1
@lru_cache(maxsize=1)
def _key_account_facts() -> dict:
    """The answer and what the typical slips give, from the shipped orders and tickets."""
    from .. import data
    from ..simulation.cases import key_account

    orders, tickets = shipped("orders"), shipped("tickets")
    as_of = pd.Timestamp(data.AS_OF)
    year = orders[(orders["order_date"] < as_of) & (orders["order_date"] >= as_of - pd.DateOffset(years=1))]
    quarter = orders[(orders["order_date"] < as_of) & (orders["order_date"] >= as_of - pd.Timedelta(days=90))]
    recent = tickets[(tickets["opened_at"] < as_of) & (tickets["opened_at"] >= as_of - pd.Timedelta(days=90))]
    waited = (recent["first_response_at"] - recent["opened_at"]).dt.total_seconds() / 3600
    late = recent.loc[waited > 1]
    late_ids = list(late["customer_id"].unique())
    spend = year.groupby("customer_id")["amount"].sum()
    return {
        "expected": key_account(orders=orders, tickets=tickets, as_of=as_of),
        "customers": set(shipped("customers")["customer_id"]),
        "recent": set(recent["customer_id"]),
        "late": set(late_ids),
        "top_overall": spend.idxmax(),
        "top_90_days": quarter.groupby("customer_id")["amount"]
        .sum()
        .reindex(late_ids, fill_value=0)
        .idxmax(),
        "top_all_time": orders.groupby("customer_id")["amount"]
        .sum()
        .reindex(late_ids, fill_value=0)
        .idxmax(),
        "most_orders": year.groupby("customer_id").size().reindex(late_ids, fill_value=0).idxmax(),
        "longest_wait": recent.loc[waited.idxmax(), "customer_id"],
        "most_late": late["customer_id"].value_counts().idxmax(),
        "top_spend": float(spend.reindex(late_ids, fill_value=0).max()),
    }


@task(
    "ch06.case_key_account",
    N_("the key account of the churn rescue"),
    hints=[
        N_(
            "Two conditions: a complaint opened in the 90 days before 2025-01-01 whose first "
            "response came more than 1 hour after it was opened; then, among those customers, "
            "the highest spend in the 12 months before 2025-01-01."
        ),
        N_(
            "wait = (tickets['first_response_at'] - tickets['opened_at']).dt.total_seconds() / 3600; "
            "keep wait > 1 and opened_at ≥ 2024-10-03, then rank those customers by their 2024 spend."
        ),
    ],
)
def _key_account(answer):
    if isinstance(answer, (pd.Series, pd.DataFrame)):
        raise Wrong(
            tr(
                "that is a {kind} (the spend per customer?); store the one "
                "customer id with the highest spend, e.g. with `.idxmax()`."
            ).format(kind=type(answer).__name__)
        )
    if isinstance(answer, (pd.Index, list, tuple, np.ndarray)):
        raise Wrong(tr("that is a list of ids; store the one customer id itself (a str such as 'C00042')."))
    if isinstance(answer, (int, float, np.number)) and not isinstance(answer, (bool, np.bool_)):
        facts = _key_account_facts()
        if np.isfinite(float(answer)) and abs(float(answer) - facts["top_spend"]) < 1:
            raise Wrong(
                tr(
                    "that is the highest spend itself; the task asks for the customer's id (`.idxmax()`, "
                    "not `.max()`)."
                )
            )
    if not isinstance(answer, str):
        raise Wrong(
            tr("account should be a customer id such as 'C00042' (a str); you gave a {kind}.").format(
                kind=type(answer).__name__
            )
        )
    text = answer.strip().upper()
    facts = _key_account_facts()
    if text == facts["expected"]:
        return None
    if text not in facts["customers"]:
        raise Wrong(tr("{answer} is not a customer id of the course data.").format(answer=repr(answer)))
    if text == facts["top_overall"]:
        raise Wrong(
            tr(
                "that is the biggest spender overall; the rescue is about a customer whose "
                "recent complaint was answered late."
            )
        )
    if text in facts["recent"] and text not in facts["late"]:
        raise Wrong(
            tr(
                "this customer complained recently, but was answered within the hour: keep "
                "only complaints whose first response took more than 1 hour."
            )
        )
    if text not in facts["late"]:
        raise Wrong(tr("this customer had no late-answered complaint in the 90 days before 2025-01-01."))
    if text == facts["top_90_days"]:
        raise Wrong(
            tr(
                "this customer spent most in the last 90 days; the task ranks by the spend of the "
                "12 months before 2025-01-01."
            )
        )
    if text == facts["top_all_time"]:
        raise Wrong(
            tr(
                "this customer spent most over all the data; the task ranks by the spend of the "
                "12 months before 2025-01-01."
            )
        )
    if text == facts["longest_wait"]:
        raise Wrong(
            tr(
                "this customer waited longest; among the late-answered customers, the task asks "
                "for the highest 12-month spend, not the longest wait."
            )
        )
    if text == facts["most_late"]:
        raise Wrong(
            tr(
                "this customer had the most late answers; the task asks for the highest 12-month "
                "spend among the late-answered customers."
            )
        )
    if text == facts["most_orders"]:
        raise Wrong(tr("this customer placed the most orders; the task ranks by the amount spent."))
    raise Wrong(
        tr(
            "this customer had a late answer, but is not the biggest spender of the last "
            "12 months among those customers."
        )
    )


# ------------------------------------------------------------------------------ case 1: the call
@task(
    "ch06.case_rescue",
    N_("a rescue call that keeps the customer at a reasonable cost"),
    hints=[
        N_(
            "Read the record first: what went wrong, how often, and did anyone reach the "
            "customer afterwards? The diagnosis should say what the record shows."
        ),
        N_(
            "Compensation that repairs each failure beats cash; an opening that names the facts "
            "and the feeling beats a scripted apology or a defence of the policy."
        ),
        N_(
            "When the customer pushes back, a person, a date and a fix weigh more than another "
            "coupon; close by putting the promises in writing."
        ),
    ],
)
def _rescue(answer):
    from ..simulation.cases import load_case

    choices = _choices(answer, "rescue_choices")
    result = _play("churn_rescue", choices)
    case = load_case("churn_rescue")
    diagnoses = case.steps["diagnosis"]["options"]
    supported = max(diagnoses, key=lambda o: diagnoses[o].get("logit", 0.0))
    diagnosis = choices["diagnosis"]
    if result.probability >= RESCUE_MIN_PROBABILITY and result.cost <= RESCUE_MAX_COST:
        if diagnosis != supported:
            feedback = diagnoses[diagnosis].get("feedback", tr("read the tickets and the follow-ups again."))
            raise Wrong(
                tr(
                    "the call would keep the customer ({probability:.0%}), but the diagnosis "
                    "{diagnosis} is not what the record shows: {feedback}"
                ).format(probability=result.probability, diagnosis=repr(diagnosis), feedback=feedback)
            )
        return tr("Retention probability {probability:.0%} for ¥{cost:,.0f}.").format(
            probability=result.probability, cost=result.cost
        )
    if result.probability >= RESCUE_MIN_PROBABILITY:
        dearest = max(result.path, key=lambda p: case.steps[p[0]]["options"][p[1]].get("cost", 0))
        raise Wrong(
            tr(
                "the customer stays, but the call spends ¥{cost:,.0f} (more than ¥{limit:,.0f}), most of "
                "it at the step {step}: more money does not do what fixing the problem does."
            ).format(cost=result.cost, limit=RESCUE_MAX_COST, step=repr(dearest[0]))
        )
    shortfalls = []
    for step, option in result.path:
        options = case.steps[step]["options"]
        best = max(o.get("logit", 0.0) for o in options.values())
        shortfalls.append((best - options[option].get("logit", 0.0), step, option))
    gap, step, option = max(shortfalls)
    if gap > 0:
        raise Wrong(
            tr(
                "retention probability {probability:.0%}, under 70 %; rethink the step {step} first: "
                "another option there does much more for this customer than {option}."
            ).format(probability=result.probability, step=repr(step), option=repr(option))
        )
    raise Wrong(
        tr("retention probability {probability:.0%}, under 70 %.").format(probability=result.probability)
    )  # pragma: no cover


# ------------------------------------------------------------------------------ case 2
_QUOTATION_ADVICE = {
    "discount": N_("each point of discount costs 12,000 CNY of margin, whether or not it was needed"),
    "lead_time_days": N_("the guaranteed lead time answers the buyer's delivery pain, at a price per day"),
    "payment_days": N_("the payment terms answer what her finance director asks of every supplier"),
    "account_manager": N_("weigh what the account manager costs against the probability it buys"),
    "talk_track": N_("this buyer is prepared, data-driven and dislikes pressure"),
}


def _quotation_best_change(choices: dict, value: float) -> str | None:
    """The step (or quotation term) whose change alone raises the expected margin most."""
    from ..simulation.cases import load_case

    case = load_case("b2b_negotiation")
    gains = {}
    for step in ("account_manager", "talk_track"):
        for option in case.steps[step]["options"]:
            result = _try("b2b_negotiation", {**choices, step: option})
            if result is not None:
                gains[step] = max(gains.get(step, 0.0), result.expected_value - value)
    terms = case.steps["quotation"]["terms"]
    quotation = choices.get("quotation")
    if isinstance(quotation, dict):
        for name, term in terms.items():
            for level in np.linspace(term["min"], term["max"], 19):
                result = _try("b2b_negotiation", {**choices, "quotation": {**quotation, name: float(level)}})
                if result is not None:
                    gains[name] = max(gains.get(name, 0.0), result.expected_value - value)
    if not gains or max(gains.values()) <= 0:
        return None
    return max(gains, key=gains.get)


@task(
    "ch06.case_quotation",
    N_("a quotation with an expected margin of at least 310,000 CNY"),
    hints=[
        N_(
            "Predict only the pain points the CRM history supports: the tickets and the three "
            "meeting notes each point at one."
        ),
        N_(
            "A point of discount costs 12,000 CNY of margin whether or not it was needed; longer "
            "payment terms and a faster guaranteed lead time answer the recorded pains for less."
        ),
        N_(
            "Open on value, not on price or pressure; and check whether the account manager's "
            "60,000 CNY buys enough probability to pay for itself."
        ),
    ],
)
def _quotation(answer):
    from ..simulation.cases import load_case

    choices = _choices(answer, "quotation_choices")
    result = _play("b2b_negotiation", choices)
    true = set(load_case("b2b_negotiation").spec["pain_points"]["recorded"])
    predicted = set(choices.get("pain_points", []))
    unsupported = sorted(predicted - true - {"price"})
    if unsupported:
        raise Wrong(
            tr(
                "expected margin ¥{margin:,.0f}, but your pain points include {unsupported}, which the "
                "CRM history does not support: predict only what the tickets and meeting notes show."
            ).format(margin=result.expected_value, unsupported=unsupported)
        )
    if true - predicted:
        raise Wrong(
            tr(
                "expected margin ¥{margin:,.0f}: the history shows more pain "
                "points than you predicted — read the tickets and the meeting notes again."
            ).format(margin=result.expected_value)
        )
    figures = {
        "margin": result.expected_value,
        "probability": result.probability,
        "bar": QUOTATION_MIN_MARGIN,
    }
    if result.expected_value >= QUOTATION_MIN_MARGIN:
        return tr("Expected margin ¥{margin:,.0f} at a probability of {probability:.0%}.").format(**figures)
    where = _quotation_best_change(choices, result.expected_value)
    if where is None:  # pragma: no cover - some single change always helps below the bar
        raise Wrong(
            tr(
                "expected margin ¥{margin:,.0f} at a probability of {probability:.0%}, under ¥{bar:,.0f}: "
                "the terms or the opening do not yet answer the buyer."
            ).format(**figures)
        )
    if where in ("account_manager", "talk_track"):
        message = tr(
            "expected margin ¥{margin:,.0f} at a probability of {probability:.0%}, under ¥{bar:,.0f}; "
            "the biggest gain is in the step {step}: {advice}."
        )
    else:
        message = tr(
            "expected margin ¥{margin:,.0f} at a probability of {probability:.0%}, under ¥{bar:,.0f}; "
            "the biggest gain is in the term `{step}` of the quotation: {advice}."
        )
    raise Wrong(
        message.format(
            **figures,
            step=repr(where) if where in ("account_manager", "talk_track") else where,
            advice=tr(_QUOTATION_ADVICE[where]),
        )
    )


# ------------------------------------------------------------------------------ case 3
def _trigger_score(result) -> tuple:
    metrics = result.metrics
    ok = (
        result.outcome == "profitable"
        and metrics["opt_out_rate"] < TRIGGER_MAX_OPT_OUT
        and metrics["contacted"] > 0
    )
    return (ok, metrics["incremental_margin"])


def _trigger_best_change(choices: dict, result) -> str | None:
    from ..simulation.cases import load_case

    case = load_case("omnichannel")
    base = _trigger_score(result)
    best, where = base, None
    for step in case.steps:
        for option in case.steps[step]["options"]:
            if choices.get(step) == option:
                continue
            other = _try("omnichannel", {**choices, step: option}, seed=0)
            if other is not None and _trigger_score(other) > best:
                best, where = _trigger_score(other), step
    return where


#: What to rethink first, per step of the trigger (a sentence after the verdict).
_TRIGGER_ADVICE = {
    "audience": N_(
        "Rethink the audience first: an audience that buys anyway makes every offer pay for orders "
        "that would have come."
    ),
    "signal": N_(
        "Rethink the signal first: a signal of intent (in the store, looking at products) makes the "
        "message relevant."
    ),
    "channel": N_(
        "Rethink the channel first: a personal channel annoys less and is answered more than a blast."
    ),
    "offer": N_(
        "Rethink the offer first: the offer is paid on every order, including those that would have come anyway."
    ),
}


@task(
    "ch06.case_trigger",
    N_("a profitable trigger with opt-outs under 1 %"),
    hints=[
        N_(
            "Judge a trigger by its uplift over the hold-out group, not by how many contacted members bought."
        ),
        N_(
            "A signal of intent (the member is in the store, or just looked at products) in a "
            "personal channel annoys far less than a blast; an audience that buys anyway makes "
            "every offer pay for orders that would have come."
        ),
    ],
)
def _trigger(answer):
    choices = _choices(answer, "trigger_choices")
    result = _play("omnichannel", choices, seed=0)
    metrics = result.metrics
    if metrics["contacted"] == 0:
        raise Wrong(
            tr("nobody is contacted: the audience, the signal and the channel's consent leave no member.")
        )
    profitable = result.outcome == "profitable"
    if profitable and metrics["opt_out_rate"] < TRIGGER_MAX_OPT_OUT:
        return tr("Incremental margin ¥{margin:,.0f}, opt-outs {opt_outs:.1%}.").format(
            margin=metrics["incremental_margin"], opt_outs=metrics["opt_out_rate"]
        )
    where = _trigger_best_change(choices, result)
    first = tr(_TRIGGER_ADVICE[where]) if where else ""
    if not profitable:
        raise Wrong(
            joined(
                tr(
                    "incremental margin ¥{margin:,.0f} — not profitable: the message adds {uplift:.1%} to "
                    "what the members would have bought anyway."
                ).format(margin=metrics["incremental_margin"], uplift=metrics["uplift"]),
                first,
            )
        )
    raise Wrong(
        joined(
            tr(
                "profitable, but {opt_outs:.1%} of the contacted members opt out (the limit is under 1 %)."
            ).format(opt_outs=metrics["opt_out_rate"]),
            first,
        )
    )


# ------------------------------------------------------------------------------ capstone 4: a pilot
#: The case's four moves, the article's dimension each follows, and the ways a trainee may name it.
_MOVES = {
    "tiers": (
        N_("tiered operations"),
        {"tiers", "tier", "tiered", "tiered_operations", "tiered_maintenance", "1", "分层维护", "分层运营"},
    ),
    "interaction": (
        N_("interaction upgrade"),
        {"interaction", "interaction_upgrade", "interaction_empowerment", "2", "互动赋能"},
    ),
    "value": (
        N_("value empowerment"),
        {"value", "value_empowerment", "value_co_creation", "value_cocreation", "3", "价值共生"},
    ),
    "crisis": (N_("crisis management"), {"crisis", "crisis_management", "crisis_immunity", "4", "危机免疫"}),
}
#: KPIs a pilot of each move can be judged on: what the move acts on directly.
PILOT_KPIS = {
    "tiers": ("monthly_repurchase_rate",),
    "interaction": ("monthly_repurchase_rate", "nps"),
    "value": ("nps",),
    "crisis": ("monthly_complaint_rate", "late_response_share"),
}
_ACTS_ON = {
    "tiers": N_("the valuable customers' buying (service by value tier, wake-up offers)"),
    "interaction": N_("how often customers buy and how they feel about the brand"),
    "value": N_("whether customers would recommend the brand (academy, styling, referral coupons)"),
    "crisis": N_("complaints and how fast they are answered"),
}
_KPI_ALIASES = {
    "repurchase_rate": "monthly_repurchase_rate",
    "complaint_rate": "monthly_complaint_rate",
    "net_promoter_score": "nps",
}
#: Yearly KPIs a three-to-six-month pilot cannot measure.
_YEARLY = {"yearly_repurchase_rate", "retention_rate", "complaints_per_order", "complainer_share"}
#: Lower is better for these KPIs.
_LOWER_IS_BETTER = {"monthly_complaint_rate", "late_response_share"}
#: The case's "after" (the strategy article), the bar a pilot need not exceed.
_CASE_AFTER = {"monthly_repurchase_rate": 0.42, "monthly_complaint_rate": 0.05, "nps": 45.0}
_CASE_BEFORE = {"monthly_repurchase_rate": 0.15, "monthly_complaint_rate": 0.22, "nps": -18.0}
PILOT_MIN_MONTHS, PILOT_MAX_MONTHS = 3, 12
_COMPARISONS = {"control_stores", "before_after", "all_stores"}


@lru_cache(maxsize=1)
def _lumen_kpis() -> dict:
    """Lumen's 2024 value of each KPI a pilot may use, on its course_lib.kpis definition, and the
    figures the typical slips give."""
    from .. import kpis

    orders, tickets, surveys = shipped("orders"), shipped("tickets"), shipped("surveys")
    monthly = kpis.case_kpis(orders, tickets, surveys, year=2024)
    in_2024 = orders[orders["order_date"].dt.year == 2024]
    buyers = in_2024["customer_id"].nunique()
    answers_2024 = surveys.loc[surveys["survey_date"].dt.year == 2024, "nps"]
    return {
        "now": {
            "monthly_repurchase_rate": [float(monthly["repurchase_rate"].mean())],
            "monthly_complaint_rate": [float(monthly["complaint_rate"].mean())],
            # the mean of the twelve monthly NPS, or NPS over the year's answers: both are NPS
            "nps": [float(monthly["nps"].mean()), float(kpis.nps(answers_2024))],
            "late_response_share": [float(kpis.late_response_share(tickets, year=2024))],
        },
        "range": {
            "monthly_repurchase_rate": (monthly["repurchase_rate"].min(), monthly["repurchase_rate"].max()),
            "monthly_complaint_rate": (monthly["complaint_rate"].min(), monthly["complaint_rate"].max()),
            "nps": (monthly["nps"].min(), monthly["nps"].max()),
        },
        "slips": {
            "monthly_repurchase_rate": [
                (
                    kpis.yearly_repurchase_rate(orders, year=2024),
                    N_("Lumen's yearly repurchase rate (two or more orders in the year), another KPI"),
                ),
                (
                    float(in_2024.groupby(in_2024["order_date"].dt.month)["customer_id"].nunique().mean())
                    / buyers,
                    N_(
                        "a month's buyers over the year's buyers, not the case's definition (customers active "
                        "at the start of the month who order in it)"
                    ),
                ),
            ],
            "monthly_complaint_rate": [
                (
                    kpis.complainer_share(tickets, orders, year=2024),
                    N_(
                        "the share of the year's buyers who ever complained (yearly), not a month's complaining "
                        "buyers over that month's buyers"
                    ),
                ),
                (
                    kpis.complaints_per_order(tickets, orders, year=2024),
                    N_("complaints per order (yearly), another KPI"),
                ),
            ],
            "late_response_share": [],
            "nps": [],
        },
    }


def _move_of(value) -> str | None:
    if isinstance(value, (int, np.integer)) and not isinstance(value, (bool, np.bool_)):
        value = str(int(value))
    if not isinstance(value, str):
        return None
    text = re.sub(r"[\s\-·]+", "_", value.strip().lower())
    for move, (_label, names) in _MOVES.items():
        if text in names or text.replace("_move", "") in names:
            return move
    return None


def _kpi_of(value) -> str | None:
    if not isinstance(value, str):
        return None
    text = re.sub(r"[\s\-]+", "_", value.strip().lower())
    text = text.removeprefix("kpis.").removesuffix("()")
    return _KPI_ALIASES.get(text, text)


def _either(kpis) -> str:
    """The KPIs a pilot may pre-register, as a message names them: ``a`` or ``a or b``.

    Examples
    --------
    >>> _either(("nps",)), _either(("monthly_complaint_rate", "late_response_share"))
    ('nps', 'monthly_complaint_rate or late_response_share')
    """
    if len(kpis) == 1:
        return kpis[0]
    return tr("{first} or {second}").format(first=kpis[0], second=kpis[1])


def _is_number(value) -> bool:
    return (
        isinstance(value, (int, float, np.integer, np.floating))
        and not isinstance(value, (bool, np.bool_))
        and math.isfinite(float(value))
    )


@task(
    "ch06.capstone_pilot",
    N_("a pilot plan that could refute one of the case's moves"),
    hints=[
        N_(
            "Choose one move, then the KPI it acts on directly (its name in `course_lib.kpis`): "
            "complaints for the crisis move, NPS for value, repurchase for tiers."
        ),
        N_(
            "`lumen_now` is Lumen's 2024 value on that KPI's definition: `kpis.case_kpis(orders, "
            "tickets, surveys, year=2024).mean()` for the case's monthly KPIs, "
            "`kpis.late_response_share(tickets, year=2024)` for late answers."
        ),
        N_(
            "Compare pilot stores with control stores over the same months, for at least three "
            "months; the refutation bar is the smallest improvement worth the cost — above zero, "
            "and no more than the case itself reports (from Lumen now to the case's after)."
        ),
    ],
)
def _pilot(answer):
    if isinstance(answer, pd.Series):
        answer = answer.to_dict()
    if not isinstance(answer, dict):
        raise Wrong(
            tr(
                "pilot_plan should be a dict with the keys move, kpi, lumen_now, comparison, "
                "months and refute_if_less_than; you gave a {kind}."
            ).format(kind=type(answer).__name__)
        )
    keys = ("move", "kpi", "lumen_now", "comparison", "months", "refute_if_less_than")
    missing = [k for k in keys if k not in answer]
    if missing:
        raise Wrong(
            tr("pilot_plan has no {missing}: a plan states all of {keys} before the pilot starts.").format(
                missing=missing, keys=list(keys)
            )
        )
    move = _move_of(answer["move"])
    if move is None:
        raise Wrong(
            tr(
                "move {move} is not one of the case's four moves: 'tiers', 'interaction', 'value' or 'crisis'."
            ).format(move=repr(answer["move"]))
        )
    kpi = _kpi_of(answer["kpi"])
    allowed = PILOT_KPIS[move]
    facts = _lumen_kpis()
    if kpi in _YEARLY:
        raise Wrong(
            tr(
                "{kpi} is a yearly KPI: a pilot of a few months cannot measure it, and the case "
                "reports monthly figures; pre-register {allowed}."
            ).format(kpi=repr(kpi), allowed=_either(allowed))
        )
    if kpi not in facts["now"]:
        raise Wrong(
            tr(
                "kpi {kpi} is not a KPI of `course_lib.kpis` a pilot can use; for the "
                "{move} move pre-register {allowed}."
            ).format(kpi=repr(answer["kpi"]), move=tr(_MOVES[move][0]), allowed=_either(allowed))
        )
    if kpi not in allowed:
        raise Wrong(
            tr(
                "the {move} move acts on {acts_on}; {kpi} moves for many other reasons too, so the "
                "pilot could not tell the move's effect from the rest — pre-register {allowed}."
            ).format(
                move=tr(_MOVES[move][0]), acts_on=tr(_ACTS_ON[move]), kpi=repr(kpi), allowed=_either(allowed)
            )
        )
    # Lumen's value today, on the KPI's own definition
    now = answer["lumen_now"]
    if not _is_number(now):
        raise Wrong(
            tr("lumen_now should be a number, Lumen's 2024 {kpi}; you gave {value}.").format(
                kpi=kpi, value=repr(now)
            )
        )
    now = float(now)
    truths = facts["now"][kpi]
    tolerance = 1.0 if kpi == "nps" else 0.005
    if not any(abs(now - t) <= tolerance for t in truths):
        if kpi != "nps" and 1 < now <= 100 and any(abs(now / 100 - t) <= tolerance for t in truths):
            raise Wrong(tr("lumen_now looks like a percentage; give the fraction (0.085, not 8.5)."))
        if kpi in _CASE_BEFORE and abs(now - _CASE_BEFORE[kpi]) <= tolerance:
            raise Wrong(
                tr(
                    "{now:g} is the case's \"before\", not Lumen: measure Lumen's 2024 on the same "
                    "definition (`kpis.case_kpis`)."
                ).format(now=now)
            )
        for value, label in facts["slips"][kpi]:
            if abs(now - value) <= tolerance:
                raise Wrong(
                    tr("lumen_now {now:.3f} is {slip}; the pilot's KPI is {kpi}.").format(
                        now=now, slip=tr(label), kpi=kpi
                    )
                )
        raise Wrong(
            tr(
                "lumen_now {now:g} is not Lumen's 2024 {kpi} on its definition in `course_lib.kpis` "
                "(for the case's monthly KPIs: the mean of `kpis.case_kpis(..., year=2024)`)."
            ).format(now=now, kpi=kpi)
        )
    # comparison
    comparison = answer["comparison"]
    comparison = re.sub(r"[\s\-/]+", "_", comparison.strip().lower()) if isinstance(comparison, str) else None
    if comparison not in _COMPARISONS:
        raise Wrong(
            tr("comparison {comparison} is not one of {allowed}.").format(
                comparison=repr(answer["comparison"]), allowed=sorted(_COMPARISONS)
            )
        )
    if comparison == "before_after":
        if kpi in facts["range"]:
            low, high = facts["range"][kpi]
            spread = (
                tr(
                    "Lumen's {kpi} ranged from {low:.1f} to {high:.1f} across 2024's months with no move at "
                    "all: a before/after comparison credits the season to the move. Compare pilot stores "
                    "with control stores over the same months."
                )
                if kpi == "nps"
                else tr(
                    "Lumen's {kpi} ranged from {low:.3f} to {high:.3f} across 2024's months with no move at "
                    "all: a before/after comparison credits the season to the move. Compare pilot stores "
                    "with control stores over the same months."
                )
            )
            raise Wrong(spread.format(kpi=kpi, low=low, high=high))
        raise Wrong(
            tr(
                "Lumen's {kpi} changes from month to month with no move at all: a before/after comparison "
                "credits the season to the move. Compare pilot stores with control stores over the same months."
            ).format(kpi=kpi)
        )
    if comparison == "all_stores":
        raise Wrong(
            tr(
                "rolled out in every store the move leaves nothing to compare with: keep control "
                "stores that carry on as before, chosen by a draw among comparable stores."
            )
        )
    # duration
    months = answer["months"]
    if not _is_number(months):
        raise Wrong(tr("months should be a number of months; you gave {value}.").format(value=repr(months)))
    if months < PILOT_MIN_MONTHS:
        raise Wrong(
            tr(
                "{months:g} month(s) is too short: relationship effects build over months (the case "
                "reports after six); run the pilot for at least {minimum}."
            ).format(months=months, minimum=PILOT_MIN_MONTHS)
        )
    if months > PILOT_MAX_MONTHS:
        raise Wrong(
            tr(
                "{months:g} months is longer than a pilot: after a year the control stores have "
                "changed too and the decision has waited too long; three to six months is the range."
            ).format(months=months)
        )
    # the refutation bar
    bar = answer["refute_if_less_than"]
    if not _is_number(bar):
        raise Wrong(
            tr(
                "refute_if_less_than should be a number, the smallest improvement of {kpi} "
                "(pilot against control) worth the move; you gave {value}."
            ).format(kpi=kpi, value=repr(bar))
        )
    bar = float(bar)
    if bar <= 0:
        raise Wrong(
            tr(
                "a bar of zero or less refutes nothing: any difference, even one chance made, would "
                "count as success. State the smallest improvement worth the move's cost, as a "
                "positive number (an improvement, whichever way the KPI moves)."
            )
        )
    if kpi != "nps" and bar >= 1:
        raise Wrong(
            tr("{bar:g} looks like percentage points; {kpi} is a fraction, so 2 points is 0.02.").format(
                bar=bar, kpi=kpi
            )
        )
    if kpi == "nps" and bar < 1:
        raise Wrong(
            tr(
                "NPS is in points from −100 to 100: a bar of {bar:g} is less than one point; "
                "did you give a fraction?"
            ).format(bar=bar)
        )
    if kpi in _LOWER_IS_BETTER:
        room = now
        too_high = tr(
            "Lumen's {kpi} is {now:.3f}; it cannot fall by more than that, so a move that works as "
            "the article claims would be refuted. Set the smallest improvement worth the move's cost."
        )
        if kpi in _CASE_AFTER:
            room = now - _CASE_AFTER[kpi]
            too_high = tr(
                "Lumen's {kpi} is {now:.3f} and the case's \"after\" is under {after:.2f}: a bar above "
                "{room:.3f} asks the pilot for more than the case itself reports, so a move that works "
                "as the article claims would be refuted. Set the smallest improvement worth the move's cost."
            )
    else:
        room = _CASE_AFTER[kpi] - now
        too_high = (
            tr(
                "Lumen's {kpi} is {now:.1f} and the case's \"after\" is {after:g}: a bar above {room:.1f} "
                "asks the pilot for more than the case itself reports, so a move that works as the "
                "article claims would be refuted. Set the smallest improvement worth the move's cost."
            )
            if kpi == "nps"
            else tr(
                "Lumen's {kpi} is {now:.3f} and the case's \"after\" is {after:g}: a bar above {room:.3f} "
                "asks the pilot for more than the case itself reports, so a move that works as the "
                "article claims would be refuted. Set the smallest improvement worth the move's cost."
            )
        )
    if bar > room:
        raise Wrong(too_high.format(kpi=kpi, now=now, after=_CASE_AFTER.get(kpi, 0.0), room=room))
    verdict = (
        tr(
            "The {move} move, judged on {kpi} (Lumen now {now:.1f}), pilot vs control stores for "
            "{months:g} months; refuted if the pilot stores improve by less than {bar:g} points."
        )
        if kpi == "nps"
        else tr(
            "The {move} move, judged on {kpi} (Lumen now {now:.3f}), pilot vs control stores for "
            "{months:g} months; refuted if the pilot stores improve by less than {bar:.3f}."
        )
    )
    return verdict.format(move=tr(_MOVES[move][0]), kpi=kpi, now=now, months=months, bar=bar)
