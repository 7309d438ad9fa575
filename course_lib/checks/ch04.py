"""Checks of chapter 4's exercises: the 1-hour promise, NPS, the churn cost of late answers,
agents for a promise, a sentiment metric, a root-cause judgement and a reply to an angry
customer (the three-step empathy method, judged on content: the steps and their order, the
facts cited, the compensation and the deadline — never the wording).

Every numeric answer is judged at the precision its task states (:func:`to_precision`), and
the typical slips of each task — computed on the shipped data — get their own message."""

from __future__ import annotations

import math
import re
from functools import lru_cache

import numpy as np
import pandas as pd

from ..language import N_, tr
from . import (
    NotAttempted,
    Wrong,
    is_stub,
    judge_number,
    looks_like_filler,
    number_like,
    shipped,
    task,
    text_units,
    to_precision,
)

SHARE_DECIMALS = 3  # 4.1 and 4.5: fractions to three decimals
NPS_DECIMALS = 1  # 4.2: points to one decimal
RATIO_DECIMALS = 2  # 4.3: the ratio to two decimals

#: Task 4.4: the Double 11 chat peak and its promise.
PEAK = dict(arrival_rate=90.0, handling_time=8.0, target=1.0, service_level=0.9)


# ----------------------------------------------------------------------------- helpers
def _finite_number(answer, name: str) -> float:
    value = number_like(answer, name)
    if not math.isfinite(value):
        raise Wrong(tr("{name} is infinite: look for a division by zero.").format(name=name))
    return value


# ------------------------------------------------------------------------------ 4.1
@task(
    "ch04.answered_in_hour",
    N_("share of complaints answered within 1 hour"),
    hints=[
        N_("The first answer is `first_response_at`; the wait is `first_response_at − opened_at`."),
        N_(
            "Turn the wait into hours with `.dt.total_seconds() / 3600`, compare with `<= 1` "
            "(an answer at exactly 60 minutes keeps the promise) and take the mean."
        ),
    ],
)
def _answered_in_hour(answer):
    tickets = shipped("tickets")
    if isinstance(answer, pd.Series) and len(answer) == len(tickets) and pd.api.types.is_bool_dtype(answer):
        raise Wrong(tr("you gave one True/False per ticket: take their mean, the share of True."))
    if isinstance(answer, pd.Series) and 1 <= len(answer) <= 2 and True in set(answer.index):
        raise Wrong(tr("you gave the shares of both outcomes (`value_counts`): keep the share of True."))
    value = _finite_number(answer, "answered_in_hour")
    expected, mistakes = _answered_reference()
    judge_number(
        value,
        expected,
        name="answered_in_hour",
        decimals=SHARE_DECIMALS,
        slips=[(slip[0], tr(slip[1]), *slip[2:]) for slip in mistakes],
        far_hint=(
            tr("a share lies between 0 and 1; you gave {value:g}.").format(value=value)
            if not 0 <= value <= 1
            else tr(
                "{value:.4f} is not the share of all tickets whose first answer came within "
                "1 hour: the wait runs from `opened_at` to `first_response_at`."
            ).format(value=value)
        ),
        close_hint=tr("Use every ticket, and round only the final share."),
    )


@lru_cache(maxsize=1)
def _answered_reference():
    from ..service import sla_table

    tickets = shipped("tickets")
    table = sla_table(tickets)
    expected = float(table.loc["all", "answered_in_time"])
    delta = tickets["first_response_at"] - tickets["opened_at"]
    wait = delta.dt.total_seconds() / 3600
    solve = (tickets["resolved_at"] - tickets["opened_at"]).dt.total_seconds() / 3600
    return expected, (
        (
            100 * expected,
            N_("that looks like a percentage; give the share as a fraction (0.5, not 50)."),
            SHARE_DECIMALS - 2,
        ),
        (
            float((wait <= 1).sum()),
            N_("that is a number of tickets; the task asks for the share of all tickets."),
            0,
        ),
        (1 - expected, N_("that is the share answered *late*; the task asks for the share within the hour.")),
        (
            float(table.loc["all", "solved_in_time"]),
            N_("that is the share solved within 24 hours; the first answer is `first_response_at`."),
        ),
        (
            float((solve <= 1).mean()),
            N_(
                "that measures the time to the solution (`resolved_at`); the "
                "promise is about the first answer, `first_response_at`."
            ),
        ),
        (
            float((wait < 1).mean()),
            N_("an answer at exactly 60 minutes keeps the promise: compare with `<= 1`, not `< 1`."),
        ),
        (
            float((wait <= 60).mean()),
            N_(
                "nearly every ticket passes because the wait is in hours and you "
                "compared with 60; compare hours with 1 (or minutes with 60)."
            ),
        ),
        (
            float((delta.dt.seconds <= 3600).mean()),
            N_(
                "`.dt.seconds` is only the part of the wait below "
                "one day, so a wait of a day and a half hour counts as on time: use `.dt.total_seconds()`."
            ),
        ),
        (
            float((wait // 1 <= 1).mean()),
            N_(
                "that cuts the wait down to whole hours, so a wait of 1 h 59 min "
                "counts as within the hour: compare the exact hours (`total_seconds() / 3600`) with 1."
            ),
        ),
        (
            float((delta.dt.components.hours <= 1).mean()),
            N_(
                "that reads only the hours part of the wait "
                "(`components.hours`), so 1 h 59 min — and even 2 days 1 h — count as within the hour: compare "
                "`total_seconds() / 3600` with 1."
            ),
        ),
        (
            float((delta.dt.round("h") <= pd.Timedelta(hours=1)).mean()),
            N_(
                "that rounds the wait to whole "
                "hours, so a wait of 1 h 29 min counts as within the hour: compare the exact wait with 1 hour."
            ),
        ),
        (
            float((wait <= 1).groupby(tickets["channel"]).mean().mean()),
            N_(
                "that averages the channels' "
                "shares, so a small channel weighs as much as a big one: take the share of all tickets."
            ),
        ),
    )


# ------------------------------------------------------------------------------ 4.2
#: Score lists the function is tried on; each has promoters, passives and detractors.
_NPS_PROBES = [
    [10, 9, 9, 8, 7, 7, 6, 5, 0, 10],
    [9, 8, 8, 7, 6, 6, 3, 10],
    [10, 10, 8, 6, 7, 2, 9, 9, 9, 1, 5, 8],
]


def _nps_shares(scores, promoter=9, detractor=6):
    s = np.asarray(scores, dtype=float)
    return (s >= promoter).mean(), (s <= detractor).mean()


def _nps_reference(scores) -> float:
    p, d = _nps_shares(scores)
    return 100 * (p - d)


def _without_passives(scores) -> float:
    s = np.asarray(scores, dtype=float)
    kept = s[(s >= 9) | (s <= 6)]
    return 100 * ((kept >= 9).mean() - (kept <= 6).mean())


#: (what the slip computes, message); each is told apart from the others on the probes.
_NPS_MISTAKES = [
    (
        lambda s: _nps_reference(s) / 100,
        N_(
            "that is a fraction; NPS is reported in points, 100 × (share of promoters − share of detractors)."
        ),
    ),
    (
        lambda s: 100 * np.subtract(*_nps_shares(s, promoter=8)),
        N_("an 8 was counted as a promoter; promoters answer 9 or 10 only (7 and 8 are passives)."),
    ),
    (
        lambda s: 100 * np.subtract(*_nps_shares(s, detractor=7)),
        N_("7s were counted as detractors; detractors answer 0 to 6, 7 and 8 are passives."),
    ),
    (
        lambda s: 100 * np.subtract(*_nps_shares(s, promoter=10)),
        N_("only 10s were counted as promoters (`> 9`?); promoters answer 9 or 10 (`>= 9`)."),
    ),
    (
        lambda s: 100 * np.subtract(*_nps_shares(s, detractor=5)),
        N_("6s were left out of the detractors (`< 6`?); detractors answer 0 to 6 (`<= 6`)."),
    ),
    (
        lambda s: 100 * _nps_shares(s)[0],
        N_("that is the share of promoters alone; subtract the share of detractors."),
    ),
    (lambda s: -_nps_reference(s), N_("the sign is turned round: NPS is promoters minus detractors.")),
    (
        lambda s: 100 * (len(s) * _nps_shares(s)[0] - len(s) * _nps_shares(s)[1]) / 100,
        N_("that subtracts the counts; NPS subtracts the *shares* (in % of all answers)."),
    ),
    (_without_passives, N_("passives were left out of the total; they count in the denominator.")),
    (
        lambda s: 10 * float(np.mean(np.asarray(s, dtype=float))),
        N_("that is the mean score × 10; NPS counts promoters and detractors."),
    ),
    (
        lambda s: float(np.mean(np.asarray(s, dtype=float))),
        N_("that is the mean score; NPS counts promoters (9–10) and detractors (0–6)."),
    ),
]


def _call_nps(func, scores, shown):
    try:
        result = func(scores)
    except Exception as error:
        raise Wrong(
            tr(
                "net_promoter({call}) raised {kind}: {error}. It should work "
                "for a list, a numpy array and a pandas Series of scores."
            ).format(call=shown, kind=type(error).__name__, error=error)
        ) from None
    if result is None:
        if is_stub(func):
            raise NotAttempted()
        raise Wrong(
            tr("net_promoter({call}) returned None: end the function with `return` and the score.").format(
                call=shown
            )
        )
    if isinstance(result, (pd.Series, pd.DataFrame, np.ndarray, list, tuple, dict)):
        if not (isinstance(result, np.ndarray) and result.ndim == 0):
            raise Wrong(
                tr("net_promoter({call}) returned a {kind}; return one number of points.").format(
                    call=shown, kind=type(result).__name__
                )
            )
    value = number_like(result, f"net_promoter({shown})")
    if not math.isfinite(value):
        raise Wrong(
            tr("net_promoter({call}) returned an infinite number: look for a division by zero.").format(
                call=shown
            )
        )
    return value


@task(
    "ch04.nps_from_scores",
    N_("NPS from 0–10 scores"),
    hints=[
        N_("Promoters answer 9 or 10, passives 7 or 8, detractors 0 to 6."),
        N_(
            "NPS = 100 × (share of promoters − share of detractors): passives count in the total "
            "but in neither group. The result is in points from −100 to 100."
        ),
    ],
)
def _nps_from_scores(answer):
    if not callable(answer):
        raise Wrong(
            tr("net_promoter should be a function; you gave a {kind}.").format(kind=type(answer).__name__)
        )
    got = [_call_nps(answer, list(case), case) for case in _NPS_PROBES]
    right = [_nps_reference(case) for case in _NPS_PROBES]
    if not all(to_precision(g, r, NPS_DECIMALS) for g, r in zip(got, right)):
        for slip, message in _NPS_MISTAKES:
            if all(to_precision(g, slip(case), NPS_DECIMALS) for g, case in zip(got, _NPS_PROBES)):
                raise Wrong(tr(message))
        case, value = next(
            (c, g) for c, g, r in zip(_NPS_PROBES, got, right) if not to_precision(g, r, NPS_DECIMALS)
        )
        if not -100 <= value <= 100:
            raise Wrong(
                tr(
                    "for the scores {scores} your function gives {value:g}, outside −100 … 100: "
                    "NPS is a difference of two percentages."
                ).format(scores=case, value=value)
            )
        raise Wrong(
            tr(
                "for the scores {scores} your function gives {value:g}; count promoters "
                "(9–10) and detractors (0–6) as percentages of all answers, passives included."
            ).format(scores=case, value=value)
        )
    for case, expected in (([9, 9, 9, 3], 50.0), ([7, 8, 7, 8], 0.0), ([0, 1, 2], -100.0), ([10], 100.0)):
        shown = f"np.array({case})"
        value = _call_nps(answer, np.array(case), shown)
        if not to_precision(value, expected, NPS_DECIMALS):
            raise Wrong(
                tr(
                    "for {call} your function gives {value:g}; it should work for any list "
                    "or array of scores, including one with only passives or only detractors."
                ).format(call=shown, value=value)
            )
    shown = "pd.Series([10, 6], index=[5, 9])"
    value = _call_nps(answer, pd.Series([10, 6], index=[5, 9]), shown)
    if not to_precision(value, 0.0, NPS_DECIMALS):
        raise Wrong(
            tr(
                "for {call} your function gives {value:g}: with a pandas Series whose index "
                "does not start at 0 the result changes; use the values, not positions."
            ).format(call=shown, value=value)
        )
    return None


# ------------------------------------------------------------------------------ 4.3
@lru_cache(maxsize=8)
def _ratio(horizon=180, response_hours=1.0):
    from ..service import complaint_churn, late_churn_ratio

    tickets, orders = shipped("tickets"), shipped("orders")
    return late_churn_ratio(
        complaint_churn(tickets, orders, horizon_days=horizon, response_hours=response_hours)
    )


@task(
    "ch04.late_churn_ratio",
    N_("churn of late-answered versus on-time complainers"),
    hints=[
        N_(
            "`service.complaint_churn(tickets, orders, horizon_days=180)` follows each month's "
            "complainers; `service.late_churn_ratio` compares the two groups."
        ),
        N_("The ratio is late churn ÷ on-time churn — a number above 1 if late answers cost customers."),
    ],
)
def _late_churn(answer):
    if isinstance(answer, pd.Series) and "ratio" in answer.index:
        raise Wrong(
            tr(
                "you gave the whole summary: store its `ratio` entry, "
                "`service.late_churn_ratio(followed)['ratio']`."
            )
        )
    if isinstance(answer, pd.DataFrame) and {"late", "lost"} <= set(answer.columns):
        raise Wrong(
            tr(
                "you gave the table of followed complainers: pass it to "
                "`service.late_churn_ratio` and store its `ratio`."
            )
        )
    value = _finite_number(answer, "late_ratio")
    right = _ratio()
    expected = float(right["ratio"])
    late, on_time = float(right["late_churn"]), float(right["on_time_churn"])
    mistakes = [
        (1 / expected, tr("that is on-time churn ÷ late churn; put the late-answered group on top.")),
        (late - on_time, tr("that is the difference of the two churn rates; the task asks for their ratio.")),
        (
            100 * (late - on_time),
            tr("that is the difference of the two churn rates in points; the task asks for their ratio."),
            0,
        ),
        (expected - 1, tr("that is the relative increase (ratio − 1); the task asks for the ratio itself.")),
        (
            100 * (expected - 1),
            tr(
                "that is the percentage increase; the task asks for the ratio itself "
                "(late churn ÷ on-time churn)."
            ),
            0,
        ),
        (late, tr("that is the churn of the late group alone; divide it by the on-time group's churn.")),
        (
            on_time,
            tr("that is the churn of the on-time group alone; the ratio is late churn ÷ on-time churn."),
        ),
    ]
    for horizon in (90, 365):
        other = _ratio(horizon=horizon)
        mistakes.append(
            (
                float(other["ratio"]),
                tr(
                    "that uses a {days}-day window; the chapter (and the task) counts a "
                    "customer as lost after 180 days without an order (`horizon_days=180`)."
                ).format(days=horizon),
            )
        )
    mistakes.append(
        (
            float(_ratio(response_hours=24.0)["ratio"]),
            tr(
                "that uses 24 hours as the response promise; the first answer is promised "
                "within 1 hour (`response_hours=1`, the default)."
            ),
        )
    )
    judge_number(
        value,
        expected,
        name="late_ratio",
        decimals=RATIO_DECIMALS,
        slips=mistakes,
        far_hint=tr(
            "{value:.3g} is not late churn ÷ on-time churn of the complainers followed "
            "for 180 days with the 1-hour promise (`service.complaint_churn`, then "
            "`service.late_churn_ratio`)."
        ).format(value=value),
        close_hint=tr("Do not round the two churn rates before dividing."),
    )


# ------------------------------------------------------------------------------ 4.4
@task(
    "ch04.agents_needed",
    N_("agents needed for the chat promise at the Double 11 peak"),
    hints=[
        N_(
            "`service.agents_needed(arrival_rate, handling_time, target=..., service_level=...)`: "
            "contacts per hour, minutes per contact, target in minutes."
        ),
        N_(
            "The load is 90 × 8 / 60 = 12 erlangs: with 12 agents the queue never empties, so the "
            "answer is above 12. Target 1 minute, service level 0.9."
        ),
    ],
)
def _agents_needed(answer):
    from ..staffing import agents_needed, staffing

    value = _finite_number(answer, "agents")
    if value != round(value):
        raise Wrong(
            tr("{value:g} is not a whole number of agents; round up, or use `service.agents_needed`.").format(
                value=value
            )
        )
    rate, handling = PEAK["arrival_rate"], PEAK["handling_time"]
    target, level = PEAK["target"], PEAK["service_level"]
    expected = agents_needed(rate, handling, target=target, service_level=level)
    load = rate * handling / 60
    if value == expected:
        return None
    if value < 1:
        raise Wrong(
            tr("{value:g} agents answer nobody: at least one agent must be on duty.").format(value=value)
        )
    if value == agents_needed(rate, handling / 60, target=target, service_level=level):
        raise Wrong(
            tr("that gives the handling time in hours (8/60): `handling_time` is in minutes, so pass 8.")
        )
    if value == agents_needed(rate / 60, handling, target=target, service_level=level):
        raise Wrong(tr("that uses contacts per minute: `arrival_rate` is contacts per hour, 90."))
    if value in (rate * handling, rate * handling + 1):
        raise Wrong(
            tr(
                "90 × 8 = {minutes:g} is contact-minutes per hour: divide by 60 for the "
                "load in erlangs ({load:g}), then find the agents with Erlang C."
            ).format(minutes=rate * handling, load=load)
        )
    if value <= load:
        raise Wrong(
            tr(
                "{value:g} agents cannot keep up with a load of {load:g} erlangs: with as many "
                "agents as the load (or fewer) the queue grows without end."
            ).format(value=value, load=load)
        )
    if value > expected:
        if value == agents_needed(rate, handling, target=20 / 60, service_level=level):
            raise Wrong(
                tr(
                    "that answers 90 % within 20 seconds (the default `target`) — or within 1 "
                    "second: `target` is in minutes, so the chat promise is `target=1`. That "
                    "takes more agents than needed."
                )
            )
        raise Wrong(
            tr("{value:g} agents meet the promise, but fewer would too: find the *fewest*.").format(
                value=value
            )
        )
    reached = float(staffing(rate, handling, int(value), target=target)["service_level"])
    if value == agents_needed(rate, handling, target=target, service_level=0.8):
        raise Wrong(
            tr(
                "{value:g} agents answer {reached:.1%} within a minute: that meets 80 % (the "
                "default `service_level`), but the chat promise asks for 90 %."
            ).format(value=value, reached=reached)
        )
    if value == agents_needed(rate, handling, target=60, service_level=level):
        raise Wrong(
            tr(
                "that keeps a 60-minute target: `target` is in minutes, so the 1-minute chat "
                "promise is `target=1` (with {value:g} agents only {reached:.1%} are answered "
                "within a minute)."
            ).format(value=value, reached=reached)
        )
    raise Wrong(
        tr(
            "with {value:g} agents {reached:.1%} of contacts are answered within 1 minute: "
            "below the 90 % promise, so more agents are needed."
        ).format(value=value, reached=reached)
    )


# ------------------------------------------------------------------------------ 4.5
def confusion_example() -> pd.DataFrame:
    """The confusion matrix of task 4.5 (true label in rows, prediction in columns)."""
    labels = ["negative", "neutral", "positive"]
    return pd.DataFrame(
        [[120, 25, 5], [18, 70, 12], [4, 9, 37]],
        index=pd.Index(labels, name="true"),
        columns=pd.Index(labels, name="predicted"),
    )


@task(
    "ch04.negative_recall",
    N_("recall of the negative class from a confusion matrix"),
    hints=[
        N_("Recall asks: of the complaints that *are* negative, what share did the model call negative?"),
        N_(
            "Rows are the true labels: take the diagonal cell of the `negative` row and divide by "
            "that row's total."
        ),
    ],
)
def _negative_recall(answer):
    value = _finite_number(answer, "negative_recall")
    m = confusion_example()
    grid = m.to_numpy(dtype=float)
    recall = m.loc["negative", "negative"] / m.loc["negative"].sum()
    precision = m.loc["negative", "negative"] / m["negative"].sum()
    mistakes = [
        (100 * recall, tr("that looks like a percentage; give the share as a fraction."), SHARE_DECIMALS - 2),
        (
            precision,
            tr(
                "that divides by the *predicted* negatives (the column) — that is precision; "
                "recall divides by the truly negative complaints (the row)."
            ),
        ),
        (
            np.trace(grid) / grid.sum(),
            tr("that is the accuracy over all classes; recall looks at the negative class only."),
        ),
        (
            2 * precision * recall / (precision + recall),
            tr("that is the F1 score; the task asks for recall."),
        ),
        (
            1 - recall,
            tr("that is the share of negative complaints the model *missed*; recall is the share it caught."),
        ),
        (
            m.loc["negative", "negative"] / grid.sum(),
            tr(
                "that divides by all complaints; recall divides by the truly negative ones (the `negative` row)."
            ),
        ),
        (
            float(m.loc["negative", "negative"]),
            tr("that is the number of negative complaints caught; divide it by the row total."),
            0,
        ),
    ]
    for label in ("neutral", "positive"):
        mistakes.append(
            (
                m.loc[label, label] / m.loc[label].sum(),
                tr("that is the recall of the {label} class; the task asks about the negative one.").format(
                    label=label
                ),
            )
        )
        mistakes.append(
            (
                m.loc[label, label] / m[label].sum(),
                tr(
                    "that is the precision of the {label} class; the task asks for the recall of "
                    "the negative one."
                ).format(label=label),
            )
        )
    judge_number(
        value,
        recall,
        name="negative_recall",
        decimals=SHARE_DECIMALS,
        slips=mistakes,
        far_hint=(
            tr("a recall lies between 0 and 1; you gave {value:g}.").format(value=value)
            if not 0 <= value <= 1
            else tr(
                "{value:.4f} is not the recall of the negative class: of the complaints whose "
                "true label is negative (a row), the share predicted negative."
            ).format(value=value)
        ),
        close_hint=tr("Round only the final fraction."),
    )


# ------------------------------------------------------------------------------ 4.6
_KEYWORDS = {
    "customer needs": ("need", "客户需求", "需求"),
    "service process": ("process", "服务流程", "流程"),
    "staff training": ("training", "staff", "员工培训", "培训"),
}
_RECORDS_ANSWER = {"R1": "service process", "R2": "customer needs", "R3": "staff training"}
#: For a record placed on another dimension: what to look at again (keyed by record, dimension).
_NUDGES = {
    ("R1", "customer needs"): N_(
        "R1: wanting a parcel on time is what every customer needs; the handling "
        "shows where the 5 days went — in whose step?"
    ),
    ("R1", "staff training"): N_(
        "R1: nobody in the handling served badly, and the courier delivered on "
        "time; where did the 5 days between payment and dispatch go?"
    ),
    ("R2", "service process"): N_(
        "R2: the steps worked — the chart was checked and the exchange done; "
        "what did the customer lack when choosing the size?"
    ),
    ("R2", "staff training"): N_(
        "R2: nobody in the handling served badly; what did the customer lack when choosing the size?"
    ),
    ("R3", "service process"): N_(
        "R3: the handling says the store's service steps exist and were "
        "followed except greeting and help — who left those out?"
    ),
    ("R3", "customer needs"): N_(
        "R3: the customer needed no new product or information; look at how the assistant served."
    ),
}


def _dimension(raw) -> str | None:
    text = str(raw).strip().lower()
    found = {dim for dim, words in _KEYWORDS.items() if any(w in text for w in words)}
    return found.pop() if len(found) == 1 else None


@task(
    "ch04.root_cause",
    N_("root-cause dimension of three complaint records"),
    hints=[
        N_(
            "For each record ask: did a step of how Lumen works fail (service process), did the "
            "customer lack something they needed (customer needs), or did a person not do their "
            "part well (staff training)?"
        ),
        N_(
            "Look at the *handling* and *result* columns as well as the content: where was the "
            "first thing that went wrong?"
        ),
    ],
)
def _root_cause(answer):
    if isinstance(answer, pd.Series):
        answer = answer.to_dict()
    if (
        isinstance(answer, (list, tuple))
        and len(answer) == len(_RECORDS_ANSWER)
        and all(isinstance(a, str) or a is Ellipsis for a in answer)
    ):
        answer = dict(zip(_RECORDS_ANSWER, answer))
    if not isinstance(answer, dict):
        raise Wrong(
            tr(
                "root_cause should be a dict such as {{'R1': 'service process', ...}}; you gave a {kind}."
            ).format(kind=type(answer).__name__)
        )
    keyed = {str(k).strip().upper(): v for k, v in answer.items()}
    missing = sorted(set(_RECORDS_ANSWER) - set(keyed))
    if missing:
        message = (
            tr("give a dimension for every record; {records} is missing.")
            if len(missing) == 1
            else tr("give a dimension for every record; {records} are missing.")
        )
        raise Wrong(message.format(records=", ".join(missing)))
    given = {}
    for key in _RECORDS_ANSWER:
        raw = keyed[key]
        if raw is Ellipsis:
            raise NotAttempted()
        found = _dimension(raw) if isinstance(raw, str) else None
        if found is None:
            raise Wrong(
                tr(
                    "{record}: {given!r} is not one of the three dimensions — customer needs, service "
                    "process or staff training (客户需求 / 服务流程 / 员工培训)."
                ).format(record=key, given=raw)
            )
        given[key] = found
    wrong = [k for k in _RECORDS_ANSWER if given[k] != _RECORDS_ANSWER[k]]
    if wrong:
        first = wrong[0]
        nudge = tr(_NUDGES[(first, given[first])])
        raise Wrong(
            tr(
                "{count} of 3 records placed elsewhere than the review would start. Look again at {nudge}"
            ).format(count=len(wrong), nudge=nudge)
        )
    return None


# ------------------------------------------------------------------------------ 4.7
#: Task 4.7: the complaint the trainee answers (a real ticket of the course data: high
#: severity, first answer after the 1-hour promise, a loyal customer's first complaint).
REPLY_TICKET = "T00334"
_STEP_NAMES = {
    "acknowledge": N_("acknowledge the feeling 认可感受"),
    "own": N_("clarify and own the problem 澄清并担责"),
    "solve": N_("solve and follow up 方案与跟进"),
}
_STEP_WORDS = {
    "acknowledge": ("acknowledg", "feeling", "empath", "认可", "感受", "共情"),
    "own": ("own", "clarif", "restate", "澄清", "担责", "复述"),
    "solve": ("solv", "solution", "resolv", "follow", "remed", "方案", "跟进", "解决"),
}
_COMPENSATION_WORDS = {
    "fix_only": ("fix", "只解决", "无补偿", "no compensation"),
    "goodwill": ("goodwill", "voucher", "coupon", "points", "心意", "优惠券", "积分"),
    "make_good": ("make good", "make_good", "partial", "弥补", "部分退款"),
    "beyond": ("beyond", "超预期", "full refund", "全额"),
}
_REPLY_KEYS = ("steps", "facts", "compensation", "solution_by")
_MIN_STEP_UNITS = 4
#: Words of a bare apology: what is left of a step once they are taken out is its content.
_APOLOGY = re.compile(
    r"深表歉意|表示歉意|给您带来的?不便|带来的不便|敬请谅解|请您谅解|对不起|不好意思|抱歉|歉意|致歉|道歉|谅解|"
    r"非常|十分|真的|实在|再次|我们|您好|你好|向您|您|我|很|的|了|亲|"
    r"\b(?:so|very|really|truly|deeply|sincerely|terribly|extremely|sorry|apologi[sz]e[sd]?|apolog(?:y|ies)|"
    r"regret|please|accept|our|my|we|i|i'm|we're|am|are|is|us|me|for|the|any|all|this|that|it|"
    r"inconvenience|inconveniences|caused|trouble|again|and|dear|customer|madam|sir|hello|hi|to|"
    r"you|your|ms|mr|mrs)\b",
    re.IGNORECASE,
)
_NUMBER_WORDS = {
    1: ("one", "一"),
    2: ("two", "两", "二"),
    3: ("three", "三"),
    4: ("four", "四"),
    5: ("five", "五"),
    6: ("six", "六"),
    7: ("seven", "七"),
    8: ("eight", "八"),
    9: ("nine", "九"),
    10: ("ten", "十"),
    11: ("eleven", "十一"),
}


@lru_cache(maxsize=4)
def reply_case(ticket_id: str = REPLY_TICKET) -> dict:
    """What the agent's screen shows for a complaint, from the course data: the ticket, the
    facts a reply can cite and what the chapter's criteria ask of the remedy and the deadline."""
    from ..service import RESOLUTION_PROMISE_HOURS, compensation_level

    tickets, orders = shipped("tickets"), shipped("orders")
    ticket = tickets.set_index("ticket_id").loc[ticket_id]
    opened = pd.Timestamp(ticket["opened_at"])
    mine = orders[orders["customer_id"] == ticket["customer_id"]]
    before = mine[mine["order_date"] < opened]
    earlier = tickets[(tickets["customer_id"] == ticket["customer_id"]) & (tickets["opened_at"] < opened)]
    later = tickets[(tickets["customer_id"] == ticket["customer_id"]) & (tickets["opened_at"] >= opened)]
    order = orders.set_index("order_id").loc[ticket["order_id"]]
    days = re.search(r"(\d+)", str(ticket["text"]))
    level = compensation_level(tickets.loc[tickets["ticket_id"] == ticket_id]).iloc[0]
    return {
        "ticket_id": ticket_id,
        "customer_id": ticket["customer_id"],
        "order_id": ticket["order_id"],
        "other_orders": frozenset(mine["order_id"]) - {ticket["order_id"]},
        "days_late": int(days.group(1)) if days else None,
        "days_since_order": int((opened.normalize() - pd.Timestamp(order["order_date"])).days),
        "opened": opened,
        "replied": pd.Timestamp(ticket["first_response_at"]),
        "latest": opened + pd.Timedelta(hours=RESOLUTION_PROMISE_HOURS),
        "hours_waited": (pd.Timestamp(ticket["first_response_at"]) - opened).total_seconds() / 3600,
        "hours_to_solution": (pd.Timestamp(ticket["resolved_at"]) - opened).total_seconds() / 3600,
        "orders_before": len(before),
        "orders_all": len(mine),
        "previous_complaints": len(earlier),
        "complaints_all": len(earlier) + len(later),
        "paid": float(order["amount"]),
        "gross": float(order["gross_amount"]),
        "severity": str(ticket["severity"]),
        "compensation": level,
    }


def _has_ellipsis(value) -> bool:
    if value is Ellipsis:
        return True
    if isinstance(value, dict):
        return any(_has_ellipsis(v) for v in value.values())
    if isinstance(value, (list, tuple)):
        return any(_has_ellipsis(v) for v in value)
    return False


def _step_kind(tag) -> str | None:
    text = str(tag).strip().lower()
    if text in _STEP_WORDS:
        return text
    found = {kind for kind, words in _STEP_WORDS.items() if any(w in text for w in words)}
    return found.pop() if len(found) == 1 else None


def _reply_steps(raw) -> list[tuple[str, str]]:
    """The steps as (kind, text) in the order given; raises Wrong on a shape it cannot read."""
    if isinstance(raw, dict):
        pairs = list(raw.items())
    elif isinstance(raw, (list, tuple)):
        pairs = []
        for item in raw:
            if isinstance(item, dict):
                lowered = {str(k).strip().lower(): v for k, v in item.items()}
                if "step" not in lowered or "text" not in lowered:
                    raise Wrong(
                        tr(
                            "steps should be the three steps in your order, e.g. [('acknowledge', '…'), "
                            "('own', '…'), ('solve', '…')]; a step written as a dict needs the keys "
                            "'step' and 'text'."
                        )
                    )
                pairs.append((lowered["step"], lowered["text"]))
            elif isinstance(item, (list, tuple)) and len(item) == 2:
                pairs.append(tuple(item))
            else:
                raise Wrong(
                    tr(
                        "steps should be the three steps in your order, e.g. [('acknowledge', '…'), "
                        "('own', '…'), ('solve', '…')]; each step is a pair (step, text) — you gave {item!r:.60}."
                    ).format(item=item)
                )
    else:
        raise Wrong(
            tr(
                "steps should be the three steps in your order, e.g. [('acknowledge', '…'), "
                "('own', '…'), ('solve', '…')]; you gave a {kind}."
            ).format(kind=type(raw).__name__)
        )
    steps = []
    for tag, text in pairs:
        kind = _step_kind(tag)
        if kind is None:
            bare = str(tag).strip().lower()
            if any(w in bare for w in ("sorry", "apolog", "道歉", "抱歉", "致歉")):
                raise Wrong(
                    tr(
                        "{tag!r} is not one of the three steps: an apology is at most part of step 1, "
                        "acknowledging the feeling."
                    ).format(tag=tag)
                )
            raise Wrong(
                tr(
                    "{tag!r} is not one of the three steps: tag each step 'acknowledge', 'own' or "
                    "'solve' (认可感受 / 澄清并担责 / 方案与跟进)."
                ).format(tag=tag)
            )
        if not isinstance(text, str):
            raise Wrong(
                tr(
                    "the text of step '{step}' should be what you would say, a string; you gave a {kind}."
                ).format(step=kind, kind=type(text).__name__)
            )
        steps.append((kind, text))
    return steps


def _judge_steps(steps, case) -> None:
    kinds = [k for k, _ in steps]
    for kind in _STEP_NAMES:
        if kinds.count(kind) > 1:
            raise Wrong(
                tr("step '{step}' appears {count} times; the method has three steps, each once.").format(
                    step=tr(_STEP_NAMES[kind]), count=kinds.count(kind)
                )
            )
    missing = [k for k in _STEP_NAMES if k not in kinds]
    why = {
        "acknowledge": N_(
            "the reply has no step '{step}': without it the customer does not feel heard, and "
            "anything after it sounds like an excuse."
        ),
        "own": N_(
            "the reply has no step '{step}': without it she cannot tell that you have her case in "
            "front of you, and you may solve the wrong problem."
        ),
        "solve": N_(
            "the reply has no step '{step}': without it nothing changes for her: a solution, a time "
            "and a follow-up."
        ),
    }
    if missing:
        message = tr(why[missing[0]]).format(step=tr(_STEP_NAMES[missing[0]]))
        if missing[1:]:
            others = ", ".join(tr(_STEP_NAMES[k]) for k in missing[1:])
            message += " " + tr("Also missing: {steps}.").format(steps=others)
        raise Wrong(message)
    where = {k: kinds.index(k) for k in _STEP_NAMES}
    if where["solve"] < where["acknowledge"]:
        raise Wrong(
            tr(
                "the solution comes before her feeling is acknowledged: an offer made before the "
                "customer feels heard sounds like a way to end the conversation. Acknowledge first."
            )
        )
    if where["own"] < where["acknowledge"]:
        raise Wrong(
            tr(
                "the facts come before her feeling is acknowledged: explained first, they sound "
                "like an excuse. Acknowledge the feeling first, then restate and own the problem."
            )
        )
    if where["solve"] < where["own"]:
        raise Wrong(
            tr(
                "the solution comes before the problem is restated and owned: without checking the "
                "facts with her first you may solve the wrong problem."
            )
        )
    for kind, text in steps:
        if looks_like_filler(text) or text_units(text) < _MIN_STEP_UNITS:
            raise Wrong(
                tr(
                    "step '{step}' says nothing a customer could use (too short, or a "
                    "placeholder): write what you would say."
                ).format(step=tr(_STEP_NAMES[kind]))
            )
        content = text_units(_APOLOGY.sub(" ", text))
        if content < 3:
            if kind == "acknowledge":
                raise Wrong(
                    tr(
                        "step 1 is only an apology — the mechanical apology the strategy article warns "
                        "against. Say what she feels and why it is reasonable (the order was late and "
                        "nobody answered her for hours)."
                    )
                )
            message = (
                tr(
                    "step '{step}' is only an apology: restate her facts and say that the problem is yours to fix."
                )
                if kind == "own"
                else tr("step '{step}' is only an apology: give the solution, its time and the follow-up.")
            )
            raise Wrong(message.format(step=tr(_STEP_NAMES[kind])))
    own = next(text for kind, text in steps if kind == "own").lower()
    days = case["days_late"]
    cited = case["order_id"].lower() in own or (
        days is not None
        and (re.search(rf"(?<!\d){days}(?!\d)", own) or any(w in own for w in _NUMBER_WORDS.get(days, ())))
    )
    if not cited:
        raise Wrong(
            tr(
                "step 2 restates none of her facts: name the order or the delay she reports, so "
                "she can tell you have her case in front of you."
            )
        )


def _judge_facts(facts, case) -> None:
    if not isinstance(facts, dict):
        raise Wrong(
            tr(
                "facts should be a dict such as {{'order_id': ..., 'days_late': ...}}; you gave a {kind}."
            ).format(kind=type(facts).__name__)
        )
    facts = {str(k).strip().lower(): v for k, v in facts.items()}
    for key in ("order_id", "days_late"):
        if key not in facts:
            raise Wrong(
                tr(
                    "facts has no {key!r}: a reply cites the order complained about and how late it was."
                ).format(key=key)
            )
    order = str(facts["order_id"]).strip().upper()
    if order != case["order_id"]:
        if order == case["ticket_id"]:
            raise Wrong(
                tr(
                    "facts['order_id'] is the ticket's id; cite the order the complaint is about "
                    "(the ticket's `order_id`)."
                )
            )
        if order == case["customer_id"]:
            raise Wrong(
                tr(
                    "facts['order_id'] is her customer id; cite the order the complaint is about "
                    "(the ticket's `order_id`)."
                )
            )
        if order in case["other_orders"]:
            raise Wrong(
                tr(
                    "{order} is another of her orders; the complaint is about the order named on the "
                    "ticket (`order_id`)."
                ).format(order=order)
            )
        raise Wrong(
            tr("{order!r} is not the order this complaint is about: read `order_id` on the ticket.").format(
                order=order
            )
        )
    days = number_like(facts["days_late"], "facts['days_late']")
    if days != case["days_late"]:
        if days == case["days_since_order"]:
            raise Wrong(
                tr(
                    "{days:g} days is how long ago she ordered; the delay she complains of is the "
                    "number of days late in her own message."
                ).format(days=days)
            )
        if to_precision(days, case["hours_waited"], 1):
            raise Wrong(
                tr(
                    "{days:g} is the hours her complaint waited for an answer; days_late is the delay "
                    "of the order, in her message."
                ).format(days=days)
            )
        raise Wrong(
            tr("days_late = {days:g} is not the delay she reports: read the ticket's text (晚了…天).").format(
                days=days
            )
        )
    checks = {
        "hours_waited": (
            "hours_waited",
            case["hours_waited"],
            1,
            [
                (case["hours_waited"] * 60, tr("that is in minutes; give hours (minutes / 60).")),
                (
                    case["hours_to_solution"],
                    tr(
                        "that is the time to the data's solution (`resolved_at`); "
                        "hours_waited runs from `opened_at` to `first_response_at`."
                    ),
                ),
            ],
        ),
        "orders_before": (
            "orders_before",
            case["orders_before"],
            0,
            [
                (
                    case["orders_all"],
                    tr(
                        "that counts her orders after the complaint too; count those placed "
                        "before it was opened."
                    ),
                )
            ],
        ),
        "previous_complaints": (
            "previous_complaints",
            case["previous_complaints"],
            0,
            [
                (
                    case["previous_complaints"] + 1,
                    tr("that counts this complaint too; count the ones opened before it."),
                ),
                (
                    case["complaints_all"],
                    tr("that counts her later complaints too; count those opened before this one."),
                ),
            ],
        ),
        "paid_yuan": (
            "paid_yuan",
            case["paid"],
            0,
            [(case["gross"], tr("that is the list price (`gross_amount`); she paid `amount`."))],
        ),
    }
    for key, (_name, expected, places, slips) in checks.items():
        if key in facts:
            judge_number(
                number_like(facts[key], f"facts[{key!r}]"),
                expected,
                name=f"facts[{key!r}]",
                decimals=places,
                slips=slips,
                far_hint=tr("read it off the data for this customer ({customer}).").format(
                    customer=case["customer_id"]
                ),
            )


def _compensation_of(raw) -> str | None:
    if isinstance(raw, (bool, np.bool_)):
        return None
    if isinstance(raw, (int, np.integer)) and 0 <= int(raw) < len(_COMPENSATION_WORDS):
        return list(_COMPENSATION_WORDS)[int(raw)]
    if not isinstance(raw, str):
        return None
    text = raw.strip().lower()
    if text in _COMPENSATION_WORDS:
        return text
    found = {kind for kind, words in _COMPENSATION_WORDS.items() if any(w in text for w in words)}
    return found.pop() if len(found) == 1 else None


def _judge_compensation(raw, case) -> None:
    from ..service import COMPENSATION_LADDER

    chosen = _compensation_of(raw)
    if chosen is None:
        raise Wrong(
            tr("compensation {given!r} is not a step of the chapter's ladder: choose one of {steps}.").format(
                given=raw, steps=", ".join(repr(k) for k in COMPENSATION_LADDER)
            )
        )
    ladder = list(COMPENSATION_LADDER)
    gap = ladder.index(chosen) - ladder.index(case["compensation"])
    shown = {"chosen": chosen, "severity": case["severity"], "hours": case["hours_waited"], "steps": -gap}
    if gap == -1:
        raise Wrong(
            tr(
                "'{chosen}' is one step below what the case needs: the case is {severity} severity "
                "and Lumen also broke its 1-hour promise (she waited {hours:.1f} hours for an answer) "
                "— let down twice. The ladder of 4.6 starts from the harm and climbs a step for the "
                "broken promise."
            ).format(**shown)
        )
    if gap < 0:
        raise Wrong(
            tr(
                "'{chosen}' is {steps} steps below what the case needs: the case is {severity} severity "
                "and Lumen also broke its 1-hour promise (she waited {hours:.1f} hours for an answer) "
                "— let down twice. The ladder of 4.6 starts from the harm and climbs a step for the "
                "broken promise."
            ).format(**shown)
        )
    if gap > 0:
        raise Wrong(
            tr(
                "'{chosen}' is more than the case needs (the case is {severity} severity and Lumen "
                "broke its 1-hour promise (she waited {hours:.1f} hours for an answer)); the ladder "
                "of 4.6 saves 'beyond expectations' for a serious failure on top of a broken promise."
            ).format(**shown)
        )


def _judge_deadline(raw, case) -> None:
    replied, latest = case["replied"], case["latest"]
    if raw is None:
        raise Wrong(tr("solution_by is empty: promise a time by which she will have the solution."))
    if isinstance(raw, (bool, np.bool_)):
        raise Wrong(tr("solution_by should be a date and time such as '2023-09-13 09:00'."))
    if isinstance(raw, (int, float, np.integer, np.floating)):
        hours = float(raw)
        if not math.isfinite(hours) or hours <= 0:
            raise Wrong(tr("solution_by as a number is hours from your reply, and must be above 0."))
        when = replied + pd.Timedelta(hours=hours)
    else:
        try:
            when = pd.Timestamp(raw)
        except (TypeError, ValueError, OverflowError):
            when = pd.NaT
        if pd.isna(when):
            raise Wrong(
                tr(
                    "could not read {given!r:.40} as a date and time; write it like '2023-09-13 09:00'."
                ).format(given=raw)
            )
        if when.tzinfo is not None:
            when = when.tz_localize(None)
        if isinstance(raw, str) and ":" not in raw and when == when.normalize():
            raise Wrong(tr("solution_by gives a day but no time: promise an hour she can hold you to."))
    if when <= replied:
        raise Wrong(
            tr(
                "solution_by ({when:%Y-%m-%d %H:%M}) is not after your reply, sent at "
                "{replied:%Y-%m-%d %H:%M}: a promise lies in the future."
            ).format(when=when, replied=replied)
        )
    if when > latest:
        late_by = (when - latest).total_seconds() / 3600
        raise Wrong(
            tr(
                "the promise is {late_by:.1f} hours past the 24-hour rule for complex cases: the 24 "
                "hours run from when she complained (`opened_at`), not from your reply — and she has "
                "already waited {hours:.1f} hours for it."
            ).format(late_by=late_by, hours=case["hours_waited"])
        )


@task(
    "ch04.empathy_reply",
    N_("a reply to an angry customer with the three-step empathy method"),
    hints=[
        N_(
            "Three steps in this order: acknowledge the feeling, restate and own the problem with "
            "her facts, then the solution with a time and the compensation. Pull the facts from "
            "`tickets` and `orders` for the ticket's customer."
        ),
        N_(
            "The ladder of 4.6: severity sets the start (low → fix only, medium → goodwill, high → "
            "make good) and a first answer after 1 hour adds one step. The 24 hours for a solution "
            "run from `opened_at`."
        ),
    ],
)
def _empathy_reply(answer):
    if isinstance(answer, pd.Series):
        answer = answer.to_dict()
    if _has_ellipsis(answer):
        raise NotAttempted()
    if not isinstance(answer, dict):
        raise Wrong(
            tr("the reply should be a dict with the keys {keys}; you gave a {kind}.").format(
                keys=", ".join(_REPLY_KEYS), kind=type(answer).__name__
            )
        )
    reply = {str(k).strip().lower(): v for k, v in answer.items()}
    missing = [k for k in _REPLY_KEYS if k not in reply]
    if missing:
        raise Wrong(
            tr(
                "the reply has no {keys}: give the steps, the facts "
                "you cite, the compensation and the time you promise the solution by."
            ).format(keys=", ".join(repr(k) for k in missing))
        )
    case = reply_case()
    _judge_steps(_reply_steps(reply["steps"]), case)
    _judge_facts(reply["facts"], case)
    _judge_compensation(reply["compensation"], case)
    _judge_deadline(reply["solution_by"], case)
    return tr(
        "The steps, the facts, the compensation and the deadline fit the case; tone and wording "
        "are for your instructor's rubric."
    )
