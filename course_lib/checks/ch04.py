"""Checks of chapter 4's exercises: the 1-hour promise, NPS, the churn cost of late answers,
agents for a promise, a sentiment metric and a root-cause judgement."""

from __future__ import annotations

import numpy as np
import pandas as pd

from . import NotAttempted, Wrong, close, number_like, task


def _tickets_orders():
    from ..data import load_orders, load_tickets

    return load_tickets(), load_orders()


# ------------------------------------------------------------------------------ 4.1
@task("ch04.answered_in_hour", "share of complaints answered within 1 hour",
      hints=["The first answer is `first_response_at`; the wait is `first_response_at − opened_at`.",
             "Turn the wait into hours with `.dt.total_seconds() / 3600`, compare with `<= 1` "
             "(an answer at exactly 60 minutes keeps the promise) and take the mean."])
def _answered_in_hour(answer):
    from ..service import sla_table

    value = number_like(answer, "answered_in_hour")
    tickets, _ = _tickets_orders()
    table = sla_table(tickets)
    expected = float(table.loc["all", "answered_in_time"])
    wait = (tickets["first_response_at"] - tickets["opened_at"]).dt.total_seconds() / 3600
    solve = (tickets["resolved_at"] - tickets["opened_at"]).dt.total_seconds() / 3600
    if close(value, expected * 100, rel=1e-6):
        raise Wrong("that looks like a percentage; give the share as a fraction (0.5, not 50).")
    if close(value, len(tickets) * expected, rel=1e-6):
        raise Wrong("that is a number of tickets; the task asks for the share of all tickets.")
    if close(value, 1 - expected, rel=1e-6):
        raise Wrong("that is the share answered *late*; the task asks for the share within the hour.")
    if close(value, float(table.loc["all", "solved_in_time"]), rel=1e-6):
        raise Wrong("that is the share solved within 24 hours; the first answer is `first_response_at`.")
    if close(value, float((solve <= 1).mean()), rel=1e-6):
        raise Wrong("that measures the time to the solution (`resolved_at`); the promise is about "
                    "the first answer, `first_response_at`.")
    strict = float((wait < 1).mean())
    if not close(strict, expected) and close(value, strict, rel=1e-6):
        raise Wrong("an answer at exactly 60 minutes keeps the promise: compare with `<= 1`, not `< 1`.")
    if close(value, float((wait <= 60).mean()), rel=1e-6):
        raise Wrong("nearly every ticket passes because the wait is in hours and you compared with 60; "
                    "compare hours with 1 (or minutes with 60).")
    if not close(value, expected, rel=1e-6):
        raise Wrong(f"{value:.4f} does not match: use all tickets, the wait from `opened_at` to "
                    "`first_response_at`, and a 1-hour limit.")


# ------------------------------------------------------------------------------ 4.2
_NPS_CASE = [10, 9, 9, 8, 7, 7, 6, 5, 0, 10]   # 4 promoters, 3 passives, 3 detractors → +10


@task("ch04.nps_from_scores", "NPS from 0–10 scores",
      hints=["Promoters answer 9 or 10, passives 7 or 8, detractors 0 to 6.",
             "NPS = 100 × (share of promoters − share of detractors): passives count in the total "
             "but in neither group. The result is in points from −100 to 100."])
def _nps_from_scores(answer):
    if not callable(answer):
        raise Wrong(f"net_promoter should be a function; you gave a {type(answer).__name__}.")
    result = answer(list(_NPS_CASE))
    if result is None:
        raise NotAttempted()
    value = number_like(result, "net_promoter(scores)")
    if close(value, 0.1):
        raise Wrong("that is a fraction; NPS is reported in points, 100 × (promoters − detractors).")
    if close(value, 20.0):
        raise Wrong("an 8 was counted as a promoter; promoters answer 9 or 10 only.")
    if close(value, -10.0):
        raise Wrong("7s were counted as detractors; detractors answer 0 to 6, 7 and 8 are passives.")
    if close(value, 40.0):
        raise Wrong("that is the share of promoters alone; subtract the share of detractors.")
    if close(value, 1.0):
        raise Wrong("that subtracts the counts; NPS subtracts the *shares* (in % of all answers).")
    if close(value, 100 * 4 / 7 - 100 * 3 / 7) or close(value, 100 / 7):
        raise Wrong("passives were left out of the total; they count in the denominator.")
    if not close(value, 10.0):
        raise Wrong(f"for the scores {_NPS_CASE} your function gives {value:g}; count promoters "
                    "(9–10) and detractors (0–6) as shares of all answers.")
    for case, expected in (([9, 9, 9, 3], 50.0), ([7, 8, 7, 8], 0.0), ([0, 1, 2], -100.0)):
        got = number_like(answer(np.array(case)), "net_promoter(scores)")
        if not close(got, expected):
            raise Wrong(f"for the scores {case} your function gives {got:g}; it should work for any "
                        "list or array of scores.")
    series = number_like(answer(pd.Series([10, 6], index=[5, 9])), "net_promoter(scores)")
    if not close(series, 0.0):
        raise Wrong("with a pandas Series whose index does not start at 0 the result changes; use "
                    "the values, not positions.")


# ------------------------------------------------------------------------------ 4.3
def _ratio(horizon=180, response_hours=1.0):
    from ..service import complaint_churn, late_churn_ratio

    tickets, orders = _tickets_orders()
    return late_churn_ratio(complaint_churn(tickets, orders, horizon_days=horizon,
                                            response_hours=response_hours))


@task("ch04.late_churn_ratio", "churn of late-answered versus on-time complainers",
      hints=["`service.complaint_churn(tickets, orders, horizon_days=180)` follows each month's "
             "complainers; `service.late_churn_ratio` compares the two groups.",
             "The ratio is late churn ÷ on-time churn — a number above 1 if late answers cost customers."])
def _late_churn(answer):
    value = number_like(answer, "late_ratio")
    right = _ratio()
    expected = float(right["ratio"])
    if close(value, 1 / expected, rel=1e-6):
        raise Wrong("that is on-time churn ÷ late churn; put the late-answered group on top.")
    if close(value, right["late_churn"] - right["on_time_churn"], rel=1e-6):
        raise Wrong("that is the difference of the two churn rates; the task asks for their ratio.")
    if close(value, right["late_churn"], rel=1e-6):
        raise Wrong("that is the churn of the late group alone; divide it by the on-time group's churn.")
    if close(value, float(_ratio(horizon=90)["ratio"]), rel=1e-6):
        raise Wrong("that uses a 90-day window; the chapter (and the task) counts a customer as lost "
                    "after 180 days without an order.")
    if close(value, float(_ratio(response_hours=24.0)["ratio"]), rel=1e-6):
        raise Wrong("that uses 24 hours as the response promise; the first answer is promised within 1 hour.")
    if not close(value, expected, rel=1e-6):
        raise Wrong(f"{value:.3f} does not match: follow the complainers with `horizon_days=180` and "
                    "the 1-hour response promise.")


# ------------------------------------------------------------------------------ 4.4
_PEAK = dict(arrival_rate=90.0, handling_time=8.0, target=1.0, service_level=0.9)


@task("ch04.agents_needed", "agents needed for the chat promise at the Double 11 peak",
      hints=["`service.agents_needed(arrival_rate, handling_time, target=..., service_level=...)`: "
             "contacts per hour, minutes per contact, target in minutes.",
             "The load is 90 × 8 / 60 = 12 erlangs: with 12 agents the queue never empties, so the "
             "answer is above 12. Target 1 minute, service level 0.9."])
def _agents_needed(answer):
    from ..service import agents_needed

    value = number_like(answer, "agents")
    if value != round(value):
        raise Wrong(f"{value:g} is not a whole number of agents; round up, or use `service.agents_needed`.")
    expected = agents_needed(90, 8, target=1, service_level=0.9)
    load = 90 * 8 / 60
    if value <= load:
        raise Wrong(f"{value:g} agents cannot keep up with a load of {load:g} erlangs: with as many "
                    "agents as the load (or fewer) the queue grows without end.")
    if value == agents_needed(90, 8, target=1, service_level=0.8) and value != expected:
        raise Wrong("that meets 80 % within the target; the chat promise asks for 90 %.")
    if value == agents_needed(90, 8, target=60, service_level=0.9) and value != expected:
        raise Wrong("that keeps a 60-minute target; the chat promise is 1 minute (`target=1`).")
    if value == agents_needed(90, 8, target=1 / 60, service_level=0.9) and value != expected:
        raise Wrong("that uses a 1-second target; `target` is in minutes, so 1 minute is `target=1`.")
    if value == expected - 1:
        raise Wrong("one agent short: with that many the share answered within a minute stays below 90 %.")
    if value > expected:
        raise Wrong(f"{value:g} agents meet the promise, but fewer would too: find the *fewest*.")
    if value != expected:
        raise Wrong(f"{value:g} does not match: 90 contacts an hour, 8 minutes each, 90 % within 1 minute.")


# ------------------------------------------------------------------------------ 4.5
def confusion_example() -> pd.DataFrame:
    """The confusion matrix of task 4.5 (true label in rows, prediction in columns)."""
    labels = ["negative", "neutral", "positive"]
    return pd.DataFrame([[120, 25, 5], [18, 70, 12], [4, 9, 37]],
                        index=pd.Index(labels, name="true"), columns=pd.Index(labels, name="predicted"))


@task("ch04.negative_recall", "recall of the negative class from a confusion matrix",
      hints=["Recall asks: of the complaints that *are* negative, what share did the model call negative?",
             "Rows are the true labels: take the diagonal cell of the `negative` row and divide by "
             "that row's total."])
def _negative_recall(answer):
    value = number_like(answer, "negative_recall")
    m = confusion_example()
    recall = m.loc["negative", "negative"] / m.loc["negative"].sum()
    precision = m.loc["negative", "negative"] / m["negative"].sum()
    accuracy = np.trace(m.to_numpy()) / m.to_numpy().sum()
    if close(value, recall * 100):
        raise Wrong("that looks like a percentage; give the share as a fraction.")
    if close(value, precision):
        raise Wrong("that divides by the *predicted* negatives (the column) — that is precision; "
                    "recall divides by the truly negative complaints (the row).")
    if close(value, accuracy):
        raise Wrong("that is the accuracy over all classes; recall looks at the negative class only.")
    if close(value, 2 * precision * recall / (precision + recall)):
        raise Wrong("that is the F1 score; the task asks for recall.")
    if not close(value, recall):
        raise Wrong(f"{value:.4f} does not match: take the negative row's diagonal cell over the row total.")


# ------------------------------------------------------------------------------ 4.6
_DIMENSIONS = {"customer needs": "customer needs", "客户需求": "customer needs",
               "service process": "service process", "服务流程": "service process",
               "staff training": "staff training", "员工培训": "staff training"}
_RECORDS_ANSWER = {"R1": "service process", "R2": "customer needs", "R3": "staff training"}
@task("ch04.root_cause", "root-cause dimension of three complaint records",
      hints=["For each record ask: did a step of how Lumen works fail (service process), did the "
             "customer lack something they needed (customer needs), or did a person not do their "
             "part well (staff training)?",
             "Look at the *handling* and *result* columns as well as the content: where was the "
             "first thing that went wrong?"])
def _root_cause(answer):
    if not isinstance(answer, dict):
        raise Wrong(f"root_cause should be a dict such as {{'R1': 'service process', ...}}; you gave "
                    f"a {type(answer).__name__}.")
    missing = sorted(set(_RECORDS_ANSWER) - set(map(str, answer)))
    if missing:
        raise Wrong(f"give a dimension for every record; {missing} is missing.")
    given = {}
    for key in _RECORDS_ANSWER:
        raw = answer[key]
        if raw is Ellipsis:
            raise NotAttempted()
        text = str(raw).strip().lower()
        if text not in _DIMENSIONS:
            raise Wrong(f"{key}: {raw!r} is not one of the three dimensions — customer needs, service "
                        "process or staff training (客户需求 / 服务流程 / 员工培训).")
        given[key] = _DIMENSIONS[text]
    wrong = [k for k in _RECORDS_ANSWER if given[k] != _RECORDS_ANSWER[k]]
    if wrong:
        first = wrong[0]
        raise Wrong(f"{len(wrong)} of 3 records placed elsewhere than the review would start. Look "
                    f"again at {first}: what went wrong first — and was it a step of the process, "
                    "something the customer needed, or how a person served?")

