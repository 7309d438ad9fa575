"""Checks of chapter 6's capstone exercises: the turnaround in the simulator and the three
scripted cases (registered by ``course_lib.checks.ch06``)."""

from __future__ import annotations

from functools import lru_cache

import numpy as np
import pandas as pd

from . import Wrong, close, number_like, task

N_CUSTOMERS, MONTHS, SEED = 20_000, 6, 0
TEAM_CUSTOMERS, TEAM_SEEDS = 10_000, (0, 1, 2)
RESCUE_MIN_PROBABILITY, RESCUE_MAX_COST = 0.70, 1_500.0
QUOTATION_MIN_MARGIN = 310_000.0
TRIGGER_MAX_OPT_OUT = 0.01


@lru_cache(maxsize=4)
def _run(name: str):
    from ..simulation import simulate

    return simulate(name, n_customers=N_CUSTOMERS, months=MONTHS, seed=SEED)


def _team_score(strategy) -> tuple[float, float]:
    """Mean six-month profit and mean month-6 complaint rate on the team seeds."""
    from ..simulation import simulate

    runs = [simulate(strategy, n_customers=TEAM_CUSTOMERS, months=MONTHS, seed=s).kpis
            for s in TEAM_SEEDS]
    return (float(np.mean([k["profit"].sum() for k in runs])),
            float(np.mean([k["complaint_rate"].iloc[-1] for k in runs])))


@lru_cache(maxsize=1)
def _deck_score() -> tuple[float, float]:
    from ..simulation import DECK

    return _team_score(DECK)


def _choices(answer, name: str) -> dict:
    if not isinstance(answer, dict):
        raise Wrong(f"{name} should be a dict of step → option, e.g. {{\"diagnosis\": ...}}; "
                    f"you gave a {type(answer).__name__}.")
    return answer


def _play(case: str, answer, **kwargs):
    from ..simulation.cases import play
    from ..validation import CourseDataError

    try:
        return play(case, answer, **kwargs)
    except (CourseDataError, TypeError) as error:
        raise Wrong(f"the case cannot be played with these choices: {error}") from None


# ------------------------------------------------------------------------------ capstone 1
@task("ch06.capstone_baseline_repurchase", "month-6 repurchase rate of the baseline",
      hints=["Run `simulate(\"baseline\", n_customers=20_000, months=6, seed=0)` and read the "
             "`repurchase_rate` column of its `kpis`.",
             "`kpis` is indexed by month 1…6: `.loc[6, \"repurchase_rate\"]` is month 6 (`.iloc[5]` "
             "too). Give the fraction, not a percentage."])
def _baseline_repurchase(answer):
    value = number_like(answer, "baseline_repurchase")
    kpis = _run("baseline").kpis["repurchase_rate"]
    expected = float(kpis.loc[MONTHS])
    if close(value, expected, rel=1e-9):
        return None
    if close(value, expected * 100, rel=1e-9):
        raise Wrong("that looks like a percentage; give the fraction (0.15, not 15).")
    if close(value, float(kpis.loc[1]), rel=1e-9):
        raise Wrong("that is month 1: the index runs 1…6, and the task asks for month 6.")
    if close(value, float(kpis.mean()), rel=1e-9):
        raise Wrong("that is the mean over the six months; take the value of month 6 alone.")
    if close(value, float(_run("deck").kpis["repurchase_rate"].loc[MONTHS]), rel=1e-9):
        raise Wrong("that is the deck's repurchase rate; the task asks for the baseline.")
    if 0.10 < value < 0.20:
        raise Wrong(f"{value:.4f} is near but not the run's value: use 20,000 customers, six months "
                    "and seed=0 exactly, so the draws are the same.")
    raise Wrong(f"{value:.4f} is not the baseline's month-6 repurchase rate: read the "
                "`repurchase_rate` column of `kpis`.")


# ------------------------------------------------------------------------------ capstone 2
@task("ch06.capstone_top_lever", "the deck's most expensive lever",
      hints=["The result's `costs` table has one column per lever and one row per month; sum "
             "each column over the months.",
             "Leave out the `goods` column (cost of goods is not a lever), then take the name "
             "of the largest sum with `.idxmax()`."])
def _top_lever(answer):
    if not isinstance(answer, str):
        raise Wrong(f"top_lever should be the name of a column of `costs` (a str); you gave a "
                    f"{type(answer).__name__}.")
    totals = _run("deck").costs.sum()
    levers = totals.drop("goods").sort_values(ascending=False)
    if answer == "goods":
        raise Wrong("cost of goods is not a lever: leave the `goods` column out.")
    if answer not in totals.index:
        raise Wrong(f"{answer!r} is not a column of `costs`; the columns are {list(totals.index)}.")
    if answer != levers.index[0]:
        rank = list(levers.index).index(answer) + 1
        raise Wrong(f"{answer!r} is the number {rank} cost, not the largest: sum every column "
                    "over all six months before comparing.")


# ------------------------------------------------------------------------------ capstone 3
@task("ch06.capstone_strategy", "a strategy that beats the deck's profit with complaints under 5 %",
      hints=["Start from `DECK.replace(...)` and change the levers whose cost is large against what "
             "they bring — the cost breakdown of the deck shows where the money goes.",
             "Dedicated service pays in the Diamond tier, much less in Bronze; a referral reward "
             "or member benefits at a lower level keep most of their effect for less money. Keep "
             "the crisis levers (fast answers, free returns, service reports): they hold "
             "complaints under 5 %.",
             "Test it yourself with `tournament({\"deck\": DECK, \"mine\": my_strategy}, "
             "n_customers=10_000, months=6, seeds=3)`."])
def _strategy(answer):
    from ..simulation import DECK, Strategy

    if isinstance(answer, str):
        raise Wrong("give a Strategy object (e.g. `DECK.replace(...)`), not a name: the named "
                    "strategies are the baseline and the deck itself.")
    if not isinstance(answer, Strategy):
        raise Wrong(f"my_strategy should be a Strategy; you gave a {type(answer).__name__}.")
    if answer.replace(name=DECK.name) == DECK:
        raise Wrong("these are exactly the deck's levers: a strategy cannot beat itself — change "
                    "some levers.")
    profit, complaints = _team_score(answer)
    deck_profit, _ = _deck_score()
    if complaints >= 0.05:
        raise Wrong(f"month-6 complaints are {complaints:.1%}, not under 5 %: the crisis levers "
                    "(response time, free returns, service reports, dedicated agent) keep them down.")
    if profit <= deck_profit:
        raise Wrong(f"six-month profit is {profit / deck_profit - 1:+.1%} against the deck's: cut "
                    "levers that cost more than the margin they bring, not the ones that keep customers.")
    return f"Profit {profit / deck_profit - 1:+.1%} against the deck, complaints {complaints:.1%}."


# ------------------------------------------------------------------------------ case 1
@task("ch06.case_key_account", "the key account of the churn rescue",
      hints=["Two conditions: a complaint opened in the 90 days before 2025-01-01 whose first "
             "response came more than 1 hour after it was opened; then, among those customers, "
             "the highest spend in the 12 months before 2025-01-01.",
             "wait = (tickets['first_response_at'] - tickets['opened_at']).dt.total_seconds() / 3600; "
             "keep wait > 1 and opened_at ≥ 2024-10-03, then rank those customers by their 2024 spend."])
def _key_account(answer):
    from .. import data
    from ..simulation.cases import key_account

    if not isinstance(answer, str):
        raise Wrong(f"account should be a customer id such as 'C00042' (a str); you gave a "
                    f"{type(answer).__name__}.")
    expected = key_account()
    if answer == expected:
        return None
    orders, tickets = data.load_orders(), data.load_tickets()
    as_of = pd.Timestamp(data.AS_OF)
    year = orders[orders["order_date"] >= as_of - pd.DateOffset(years=1)]
    spend = year.groupby("customer_id")["amount"].sum()
    recent = tickets[tickets["opened_at"] >= as_of - pd.Timedelta(days=90)]
    waited = (recent["first_response_at"] - recent["opened_at"]).dt.total_seconds() / 3600
    if answer not in set(data.load_customers()["customer_id"]):
        raise Wrong(f"{answer!r} is not a customer id of the course data.")
    if answer == spend.idxmax():
        raise Wrong("that is the biggest spender overall; the rescue is about a customer whose "
                    "recent complaint was answered late.")
    if answer in set(recent["customer_id"]) and answer not in set(recent.loc[waited > 1, "customer_id"]):
        raise Wrong("this customer complained recently, but was answered within the hour: keep "
                    "only complaints whose first response took more than 1 hour.")
    if answer in set(recent.loc[waited > 1, "customer_id"]):
        raise Wrong("this customer had a late answer, but is not the biggest spender of the last "
                    "12 months among those customers.")
    raise Wrong("this customer had no late-answered complaint in the last 90 days.")


# ------------------------------------------------------------------------------ case 1: the call
@task("ch06.case_rescue", "a rescue call that keeps the customer at a reasonable cost",
      hints=["Read the record first: what went wrong, how often, and did anyone reach the "
             "customer afterwards? The diagnosis should say what the record shows.",
             "Compensation that repairs each failure beats cash; an opening that names the facts "
             "and the feeling beats a scripted apology or a defence of the policy.",
             "When the customer pushes back, a person, a date and a fix weigh more than another "
             "coupon; close by putting the promises in writing."])
def _rescue(answer):
    from ..simulation.cases import load_case

    choices = _choices(answer, "rescue_choices")
    result = _play("churn_rescue", choices)
    if result.probability >= RESCUE_MIN_PROBABILITY and result.cost <= RESCUE_MAX_COST:
        return f"Retention probability {result.probability:.0%} for ¥{result.cost:,.0f}."
    if result.probability >= RESCUE_MIN_PROBABILITY:
        raise Wrong(f"the customer stays, but the call spends ¥{result.cost:,.0f} (more than "
                    f"¥{RESCUE_MAX_COST:,.0f}): more money does not do what fixing the problem does.")
    case = load_case("churn_rescue")
    for step, option in result.path:
        options = case.steps[step]["options"]
        if options[option].get("logit", 0.0) < max(o.get("logit", 0.0) for o in options.values()):
            raise Wrong(f"retention probability {result.probability:.0%}, under 70 %; start with "
                        f"the step {step!r}: another option there does more for this customer.")
    raise Wrong(f"retention probability {result.probability:.0%}, under 70 %.")


# ------------------------------------------------------------------------------ case 2
@task("ch06.case_quotation", "a quotation with an expected margin of at least 310,000 CNY",
      hints=["Predict only the pain points the CRM history supports: the tickets and the three "
             "meeting notes each point at one.",
             "A point of discount costs 12,000 CNY of margin whether or not it was needed; longer "
             "payment terms and a faster guaranteed lead time answer the recorded pains for less.",
             "Open on value, not on price or pressure; and check whether the account manager's "
             "60,000 CNY buys enough probability to pay for itself."])
def _quotation(answer):
    from ..simulation.cases import load_case

    choices = _choices(answer, "quotation_choices")
    result = _play("b2b_negotiation", choices)
    if result.expected_value >= QUOTATION_MIN_MARGIN:
        return f"Expected margin ¥{result.expected_value:,.0f} at a probability of {result.probability:.0%}."
    true = set(load_case("b2b_negotiation").spec["pain_points"]["recorded"])
    predicted = set(choices.get("pain_points", []))
    if predicted - true - {"price"}:
        raise Wrong(f"expected margin ¥{result.expected_value:,.0f}: your pain points include "
                    "some the CRM history does not support.")
    if true - predicted:
        raise Wrong(f"expected margin ¥{result.expected_value:,.0f}: the history shows more pain "
                    "points than you predicted — read the meeting notes again.")
    if result.probability >= 0.8:
        raise Wrong(f"the buyer would likely sign ({result.probability:.0%}), but the terms give "
                    f"away too much margin (expected ¥{result.expected_value:,.0f}).")
    raise Wrong(f"expected margin ¥{result.expected_value:,.0f} at a probability of "
                f"{result.probability:.0%}: the terms or the opening do not yet answer the buyer.")


# ------------------------------------------------------------------------------ case 3
@task("ch06.case_trigger", "a profitable trigger with opt-outs under 1 %",
      hints=["Judge a trigger by its uplift over the hold-out group, not by how many contacted "
             "members bought.",
             "A signal of intent (the member is in the store, or just looked at products) in a "
             "personal channel annoys far less than a blast; an audience that buys anyway makes "
             "every offer pay for orders that would have come."])
def _trigger(answer):
    choices = _choices(answer, "trigger_choices")
    result = _play("omnichannel", choices, seed=0)
    metrics = result.metrics
    if metrics["contacted"] == 0:
        raise Wrong("nobody is contacted: the audience, the signal and the channel's consent "
                    "leave no member.")
    if result.outcome != "profitable":
        raise Wrong(f"incremental margin ¥{metrics['incremental_margin']:,.0f} — not profitable: "
                    f"the message adds {metrics['uplift']:.1%} to what the members would have "
                    "bought anyway; look at the signal and who pays for the offer.")
    if metrics["opt_out_rate"] >= TRIGGER_MAX_OPT_OUT:
        raise Wrong(f"profitable, but {metrics['opt_out_rate']:.1%} of the contacted members opt "
                    "out: a more relevant signal or a more personal channel keeps them.")
    return f"Incremental margin ¥{metrics['incremental_margin']:,.0f}, opt-outs {metrics['opt_out_rate']:.1%}."
