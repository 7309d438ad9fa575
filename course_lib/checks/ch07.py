"""Checks of chapter 7's exercises: operate the CRM — look a customer up, read the ticket
history against the promise, record a follow-up, configure and run automation rules, price
the wake-up offer, tell the three kinds of CRM apart — and decide where dormancy starts
(a judgement task judged against Lumen's purchase rhythm, :mod:`course_lib.workbench.thresholds`)."""

from __future__ import annotations

import datetime as _dt
import os
import re
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np
import pandas as pd

from ..language import N_, tr
from . import (
    NotAttempted,
    Wrong,
    frame_like,
    looks_like_filler,
    number_like,
    require_precision,
    shipped,
    task,
    text_units,
    to_precision,
)

CONTACT_COST, OFFER_COST = 0.5, 25.0

#: Precision each numeric task states in its instruction (decimals, as in ``to_precision``).
WAIT_DECIMALS = 1  # "to one decimal of an hour"
COST_DECIMALS = 0  # "to the nearest yuan"

#: The colleague's rule of exercise 7.5: customers of the value tiers Diamond 金钻 and Silver 白银
#: (not the membership tier silver 银卡) whose health score fell under 75.
HEALTH_RULE = {
    "name": "health_check_in",
    "trigger": {"type": "health_below", "threshold": 75},
    "audience": {"value_tiers": ["diamond", "silver"]},
    "channel": "wechat",
    "offer": "A personal check-in from your style advisor",
    "frequency_cap_days": 30,
    "quiet_hours": [21, 9],
    "priority": 70,
}

#: The dormancy rule of exercise 7.4, as the task states it.
DORMANCY = {
    "days": 90,
    "max_days": (365, 366),
    "min_orders": 2,
    "channel": "sms",
    "offer_value": 25.0,
    "send_hour": 19,
    "quiet_hours": (21, 9),
    "cap_days": range(28, 32),
}

#: The CRM-type quiz: statement number → the kind of CRM it describes.
CRM_QUIZ = {
    1: "operational",  # agents log every call and complaint in one customer record
    2: "analytical",  # RFM segments and a churn model rank whom to keep
    3: "collaborative",  # store, app and service share one view; a complaint seen in store
    4: "operational",  # a rule sends the birthday message automatically
    5: "analytical",  # a dashboard of repurchase by cohort and campaign uplift
    6: "collaborative",  # a supplier and the brand share delivery status with the customer
}
CRM_TYPES = ("operational", "analytical", "collaborative")
#: Other names of the three types, in English and Chinese (the task names 运营型 / 分析型 / 协作型).
_TYPE_ALIASES = {
    "运营型": "operational",
    "运营": "operational",
    "操作型": "operational",
    "操作": "operational",
    "operation": "operational",
    "operations": "operational",
    "分析型": "analytical",
    "分析": "analytical",
    "analytic": "analytical",
    "analysis": "analytical",
    "协作型": "collaborative",
    "协作": "collaborative",
    "协同型": "collaborative",
    "协同": "collaborative",
    "collaboration": "collaborative",
    "collaborate": "collaborative",
}


def _rules_path(name: str):
    from ..course import DATASETS

    return DATASETS / "rules" / name


# ------------------------------------------------------------------------------ exam variants
#: The environment variable that chooses the exam variant: a whole number, unset or 0 for the
#: exam as shipped. Read when the notebook calls :func:`exam_variant` and by every check of a
#: task that depends on the caller or the day.
EXAM_VARIANT_ENV = "CRM_COURSE_EXAM_VARIANT"
#: The seed that orders the drawn callers; changing it renumbers every variant.
_VARIANT_SEED = 20250101


class ExamVariantError(ValueError):
    """``CRM_COURSE_EXAM_VARIANT`` names no exam variant."""


@dataclass(frozen=True)
class ExamVariant:
    """One variant of the CRM-operation exam: who calls in tasks 7.1–7.3, and the day the
    rules run in task 7.5 (and the written answer).

    The customer id is the answer of task 7.1, so it is left out of the variant's printed
    form; instructors see it in :func:`exam_variant_table`.
    """

    number: int
    customer_id: str = field(repr=False)
    phone: str
    day: str

    def __str__(self) -> str:
        if self.number == 0:
            shown = tr("today's exam · the caller's masked phone: {phone} · the rules run on: {day}")
        else:
            shown = tr("exam variant {number} · the caller's masked phone: {phone} · the rules run on: {day}")
        return shown.format(number=self.number, phone=self.phone, day=self.day)


#: The exam as shipped (variant 0): what runs when no variant is chosen.
DEFAULT_VARIANT = ExamVariant(0, "C03004", "177****6420", "2024-11-15")


def _response_hours(customer_id: str) -> tuple[pd.Series, pd.Series, pd.DataFrame]:
    """A caller's waits for a first answer and for resolution, in hours, of the tickets opened
    before the course's today (what her 360 view lists), and those tickets."""
    from ..data import AS_OF
    from ..workbench.tables import rows_of

    tickets = rows_of("tickets", customer_id)
    tickets = tickets.loc[tickets["opened_at"] < AS_OF]
    response = (tickets["first_response_at"] - tickets["opened_at"]).dt.total_seconds() / 3600
    resolution = (tickets["resolved_at"] - tickets["opened_at"]).dt.total_seconds() / 3600
    return response, resolution, tickets


def _complaint(customer_id: str) -> pd.Series:
    """The complaint the caller rings about: her ticket that waited longest for a first answer
    (the latest on a tie); for today's exam T01381, the shirt whose seam opened."""
    response, _, tickets = _response_hours(customer_id)
    order = tickets.assign(wait=response).sort_values(["wait", "opened_at"], kind="stable")
    return order.iloc[-1]


def _caller_is_usable(customer: pd.Series, phone_count: int) -> bool:
    """Every caller task has one right answer for this customer, and the story holds."""
    from ..data import AS_OF

    if phone_count != 1 or customer["gender"] != "F" or not bool(customer["consent_phone"]):
        return False  # found by the masked phone alone; "her"; you call her back by phone
    response, resolution, tickets = _response_hours(customer["customer_id"])
    if len(tickets) < 2 or response.isna().any() or resolution.isna().any():
        return False  # min, mean and sum differ from the max; every wait is known
    if (tickets["first_response_at"] >= AS_OF).any() or (tickets["resolved_at"] >= AS_OF).any():
        return False  # her 360 view (as of today) shows every wait the check counts
    expected, slips = _wait_slips(customer["customer_id"])
    if not expected > 1.5:  # a wait clearly beyond the 1-hour promise
        return False
    return not any(to_precision(expected, value, decimals) for value, decimals, _ in slips)


def _exam_callers() -> list[str]:
    customers = shipped("customers")
    counts = customers["phone"].value_counts()
    pool = customers.loc[
        customers["gender"].eq("F")
        & customers["consent_phone"].astype(bool)
        & customers["phone"].map(counts).eq(1)
        & customers["customer_id"].isin(shipped("tickets")["customer_id"])
        & customers["customer_id"].ne(DEFAULT_VARIANT.customer_id)
    ]
    return sorted(
        row["customer_id"] for _, row in pool.iterrows() if _caller_is_usable(row, int(counts[row["phone"]]))
    )


def _candidate_days() -> list[str]:
    """The 15th of each month of the data's last year, before the course's today."""
    from ..data import AS_OF

    start = AS_OF - pd.DateOffset(years=1)
    days = pd.date_range(start, AS_OF, freq="MS", inclusive="left") + pd.Timedelta(days=14)
    return [d.date().isoformat() for d in days]


def _day_is_usable(day: str) -> bool:
    """Task 7.5 is a real conflict on this day: every kind of rule reaches someone, and
    separate runs would message some customers twice."""
    from ..workbench import evaluate_rules

    expected = _combined_contacts(day)
    found = set(expected["rule"])
    dormancy = {r for r in found if r.startswith("dormancy")}
    if "health_check_in" not in found or not dormancy or not found - dormancy - {"health_check_in"}:
        return False
    calendar, wakeup = _rule_files()
    separate = len(evaluate_rules(calendar + wakeup, day=day)) + len(evaluate_rules([HEALTH_RULE], day=day))
    return separate > len(expected)


def _exam_days() -> list[str]:
    return [d for d in _candidate_days() if d != DEFAULT_VARIANT.day and _day_is_usable(d)]


@lru_cache(maxsize=1)
def exam_variants() -> tuple[ExamVariant, ...]:
    """Every variant of the CRM-operation exam, numbered from 0 (today's exam) on.

    The callers are drawn from the data — women whose masked phone finds exactly one customer,
    who consented to phone calls, with two or more tickets before the course's today, all
    answered, the longest wait clearly beyond the 1-hour promise and distinct from the
    mistakes the check names — in an order fixed by a seed; the days are the 15th of each
    month of 2024 on which every kind of rule of task 7.5 reaches someone and priority has
    conflicts to resolve. Variant *n* pairs the *n*-th caller with the days in turn. The list
    is the same on every machine (the data are generated from one seed).

    Returns
    -------
    tuple of ExamVariant
        Index = variant number; ``exam_variants()[0]`` is :data:`DEFAULT_VARIANT`.

    Examples
    --------
    >>> exam_variants()[0] == DEFAULT_VARIANT
    True
    """
    callers = _exam_callers()
    days = _exam_days()
    customers = shipped("customers").set_index("customer_id")["phone"]
    order = np.random.default_rng(_VARIANT_SEED).permutation(len(callers))
    drawn = [
        ExamVariant(n, callers[i], str(customers[callers[i]]), days[(n - 1) % len(days)])
        for n, i in enumerate(order, start=1)
    ]
    return (DEFAULT_VARIANT, *drawn)


def exam_variant_table() -> pd.DataFrame:
    """The exam variants as a table for the instructor: ``number``, ``phone``, ``customer_id``
    (the answer of task 7.1) and ``day``, one row per variant.

    Print it with ``print(exam_variant_table().to_string(index=False))``; give a sitting or
    each trainee a number through ``CRM_COURSE_EXAM_VARIANT``.
    """
    return pd.DataFrame(
        [(v.number, v.phone, v.customer_id, v.day) for v in exam_variants()],
        columns=["number", "phone", "customer_id", "day"],
    )


def exam_variant() -> ExamVariant:
    """The exam variant of this session, chosen by the environment variable
    ``CRM_COURSE_EXAM_VARIANT``: unset or ``0`` is today's exam (caller 177****6420, rules on
    2024-11-15), ``1``, ``2``, … the variants of :func:`exam_variants`.

    On a class hub, an open exam window (:mod:`course_lib.hub.exam`) decides instead: the
    same variant for everyone, or one per trainee drawn from their hub name.

    The exam notebook calls it once (``exam = exam_variant()``) and shows the caller's masked
    phone and the day; the checks of tasks 7.1–7.3 and 7.5 call it again, so they grade the
    same variant.

    Raises
    ------
    ExamVariantError
        The variable is not a whole number from 0 to the last variant's.

    Examples
    --------
    >>> exam_variant().phone  # doctest: +SKIP
    '177****6420'
    """
    from ..hub.exam import variant_number, window_for

    window = window_for("ch07.lookup")
    if window is not None:  # an exam on the class hub: the window decides, for this trainee
        number = variant_number(window, os.environ.get("JUPYTERHUB_USER", ""), len(exam_variants()))
        if 0 <= number < len(exam_variants()):
            return exam_variants()[number]
    raw = os.environ.get(EXAM_VARIANT_ENV, "").strip()
    if raw in ("", "0"):
        return DEFAULT_VARIANT
    try:
        number = int(raw)
    except ValueError:
        number = None
    if number is None or number < 0 or number >= len(exam_variants()):
        last = len(exam_variants()) - 1
        raise ExamVariantError(
            tr(
                "{variable} is {value}, which names no exam variant: expected a whole number "
                "from 0 to {last} (0, or unset, is today's exam). The instructor's list: "
                "`course_lib.checks.ch07.exam_variant_table()`."
            ).format(variable=EXAM_VARIANT_ENV, value=repr(raw), last=last)
        )
    return exam_variants()[number]


def _active() -> ExamVariant:
    """The variant the checks grade; a bad variable becomes the check's own ✗ message."""
    try:
        return exam_variant()
    except ExamVariantError as error:
        raise Wrong(tr("the exam variant is not set right: {error}").format(error=error)) from None


def _caller_of_other_variant(customer_id: str, active: ExamVariant) -> ExamVariant | None:
    """The other variant whose caller ``customer_id`` is, if any (today's exam first)."""
    if active == DEFAULT_VARIANT:
        return None  # the practice run: other variants' callers are just other customers
    for variant in exam_variants():
        if variant.customer_id == customer_id and variant != active:
            return variant
    return None


def _wrong_caller(other: ExamVariant, active: ExamVariant) -> str:
    if other.number == 0:
        message = tr(
            "you answered for the wrong caller: {customer} is the caller of today's exam "
            "({phone}); yours is the one shown at the top of the notebook, {your_phone}."
        )
    else:
        message = tr(
            "you answered for the wrong caller: {customer} is the caller of exam variant {number} "
            "({phone}); yours is the one shown at the top of the notebook, {your_phone}."
        )
    return message.format(
        customer=other.customer_id, number=other.number, phone=other.phone, your_phone=active.phone
    )


# ------------------------------------------------------------------------------ 7.1
@task(
    "ch07.lookup",
    N_("look a customer up by masked phone"),
    hints=[
        N_(
            "`workbench.find_customers(...)` lists the customers matching an id, a name or a "
            "phone; `workbench.resolve_customer(...)` returns the one id."
        ),
        N_("Search with the whole masked number as it stands in the task, stars included."),
    ],
)
def _lookup(answer):
    from ..workbench import Customer360

    if isinstance(answer, Customer360):
        raise Wrong(tr("that is her whole 360 view; store only the customer id, e.g. `view.customer_id`."))
    if isinstance(answer, pd.DataFrame):
        raise Wrong(
            tr(
                "that is the table of matches; store the one customer id as text, e.g. "
                "`matches['customer_id'].iloc[0]` or `workbench.resolve_customer(...)`."
            )
        )
    if isinstance(answer, (pd.Series, pd.Index, list, tuple, np.ndarray)):
        raise Wrong(
            tr(
                "that is a {kind} of values; store the one customer id as text "
                "(e.g. 'C00042'), or use `workbench.resolve_customer(...)`, which returns it."
            ).format(kind=type(answer).__name__)
        )
    if not isinstance(answer, str):
        raise Wrong(
            tr("customer_id should be a text such as 'C00042'; you gave a {kind}.").format(
                kind=type(answer).__name__
            )
        )
    text = answer.strip()
    exam = _active()
    if not text:
        raise Wrong(
            tr(
                "customer_id is empty text: search the CRM with the masked phone "
                "{phone} and store the id it finds (a text such as 'C00042')."
            ).format(phone=exam.phone)
        )
    if text.upper() == exam.customer_id:
        return None
    customers = shipped("customers")
    caller = customers.loc[customers["customer_id"] == exam.customer_id].iloc[0]
    if text == caller["phone"] or text.replace(" ", "") == exam.phone:
        raise Wrong(
            tr(
                "that is her phone number, which you were given; the task asks for her customer "
                "id (C…), which the look-up returns."
            )
        )
    if text == caller["name"]:
        raise Wrong(tr("that is the pseudonymised name; the task asks for the customer id (C…)."))
    if text.isdigit() and len(text) == 4:
        shared = int(customers["phone"].str.endswith(text).sum())
        if shared > 1:
            message = tr(
                "{answer} is the end of a phone number, not a customer id; several customers share it — "
                "search with the whole masked number and store the id (C…)."
            )
        else:
            message = tr(
                "{answer} is the end of a phone number, not a customer id; the look-up needs the whole "
                "number — search with the whole masked number and store the id (C…)."
            )
        raise Wrong(message.format(answer=repr(text)))
    match = customers.loc[customers["customer_id"] == text.upper()]
    if match.empty:
        raise Wrong(
            tr(
                "{answer} is not a customer id of the CRM (ids look like 'C00042'); search with "
                "the phone {phone} and store the id the look-up returns."
            ).format(answer=repr(text), phone=exam.phone)
        )
    other = _caller_of_other_variant(text.upper(), exam)
    if other is not None:
        raise Wrong(_wrong_caller(other, exam))
    phone = match["phone"].iloc[0]
    if phone.endswith(exam.phone[-4:]):
        raise Wrong(
            tr(
                "{customer} has the phone {phone}: same last four digits, another customer. "
                "Match the whole masked number."
            ).format(customer=text.upper(), phone=phone)
        )
    raise Wrong(
        tr(
            "{customer} is a customer, but not the one with phone {caller_phone} (theirs "
            "is {phone}); search with the caller's number."
        ).format(customer=text.upper(), caller_phone=exam.phone, phone=phone)
    )


# ------------------------------------------------------------------------------ 7.2
@lru_cache(maxsize=1)
def _all_waits() -> pd.Series:
    from ..data import AS_OF

    tickets = shipped("tickets")
    tickets = tickets.loc[tickets["opened_at"] < AS_OF]
    return (tickets["first_response_at"] - tickets["opened_at"]).dt.total_seconds() / 3600


@lru_cache(maxsize=512)
def _wait_slips(customer_id: str) -> tuple[float, tuple[tuple[float, int, str], ...]]:
    """The caller's longest wait for a first answer, and the typical wrong answers with the
    precision each is recognised at and its message (in English: the list is cached, the check
    translates the message it shows)."""
    response, resolution, _ = _response_hours(customer_id)
    expected = float(response.max())
    slips = [
        (
            float(resolution.max()),
            1,
            N_(
                "that is the time until the ticket was resolved; the 1-hour "
                "promise is about the first answer (`response_hours`)."
            ),
        ),
        (expected * 60, 0, N_("that looks like minutes; give the wait in hours.")),
        (expected * 3600, -1, N_("that looks like seconds; divide by 3600 to get hours.")),
        (expected / 24, 2, N_("that looks like days; give the wait in hours.")),
        (
            expected - 1,
            1,
            N_("that is the time beyond the 1-hour promise; the task asks for the whole wait."),
        ),
        (float(response.min()), 1, N_("that is the shortest wait; the task asks for the longest.")),
        (
            float(response.mean()),
            1,
            N_("that is the mean wait over her tickets; the task asks for the longest."),
        ),
        (
            float(response.sum()),
            1,
            N_("that is the sum of her waits; the task asks for the longest single one."),
        ),
        (
            float(_all_waits().max()),
            1,
            N_("that is the longest wait of any customer; take only her tickets (her 360 view)."),
        ),
    ]
    return expected, tuple(slips)


@task(
    "ch07.longest_wait",
    N_("the longest wait for a first answer, in hours"),
    hints=[
        N_(
            "The 360 view's `tickets` section has a `response_hours` column: the time from "
            "opening a ticket to the first answer."
        ),
        N_("Take the largest value of `view.tickets['response_hours']` for this customer."),
    ],
)
def _longest_wait(answer):
    if isinstance(answer, (pd.Timedelta, _dt.timedelta, np.timedelta64)):
        raise Wrong(
            tr(
                "that is a time span (Timedelta); give the wait in hours as a number, e.g. "
                "`span.total_seconds() / 3600`."
            )
        )
    if isinstance(answer, pd.DataFrame):
        raise Wrong(tr("that is a table; give one number: the largest first-response wait, in hours."))
    if isinstance(answer, (pd.Series, np.ndarray, list, tuple)):
        raise Wrong(
            tr(
                "that is a {kind} of values; give one number, the largest wait (e.g. `.max()` of the waits)."
            ).format(kind=type(answer).__name__)
        )
    if isinstance(answer, str) and re.fullmatch(r"T\d{5}", answer.strip().upper()):
        raise Wrong(tr("that is a ticket id; give how long its first answer took, in hours."))
    value = number_like(answer, "longest_wait")
    exam = _active()
    expected, slips = _wait_slips(exam.customer_id)
    if to_precision(value, expected, WAIT_DECIMALS):
        return None
    for candidate, decimals, message in slips:
        if to_precision(value, candidate, decimals):
            raise Wrong(tr(message))
    if exam != DEFAULT_VARIANT:
        for other in exam_variants():
            if other != exam and to_precision(value, _wait_slips(other.customer_id)[0], WAIT_DECIMALS):
                raise Wrong(_wrong_caller(other, exam))
    require_precision(
        value,
        expected,
        name="longest_wait",
        decimals=WAIT_DECIMALS,
        unit=" h",
        close_hint=tr("Round only the final result, to one decimal."),
    )
    raise Wrong(tr("longest_wait does not match."))  # pragma: no cover - require_precision raised


# ------------------------------------------------------------------------------ 7.3
#: What the note must say a colleague can act on (English and Chinese wordings).
_NOTE_FACTS = {
    "replacement": re.compile(
        r"replac|\bnew\b|another (?:one|shirt)|re-?s[ei]nd|re-?sent|re-?ship|exchang|swap|on (?:its|the) way|"
        r"ship|dispatch|courier|换|补发|重发|寄|新的|新衣|发货|发出|快递",
        re.IGNORECASE,
    ),
    "check_in": re.compile(
        r"check|call|phone her|ring|follow|confirm|contact|touch base|get back|speak|talk|arriv|"
        r"next (?:week|time|step)|回访|回电|联系|确认|跟进|再打|再次|到货|收到|到了|电话",
        re.IGNORECASE,
    ),
}
#: What the check says when the note leaves out one or both of the facts.
_NOTE_MISSING = {
    ("replacement",): N_(
        "the note does not say the replacement on its way: a colleague who picks her up "
        "tomorrow must know what was agreed."
    ),
    ("check_in",): N_(
        "the note does not say the check-in once it has arrived: a colleague who picks her up "
        "tomorrow must know what was agreed."
    ),
    ("replacement", "check_in"): N_(
        "the note does not say the replacement on its way or the check-in once it has arrived: "
        "a colleague who picks her up tomorrow must know what was agreed."
    ),
}
_CALL_OUTCOMES = {"reached", "resolved", "callback_requested"}
_CALL_CHANNELS = {"phone", "wechat"}
_MIN_NOTE_UNITS = 5


@task(
    "ch07.followup",
    N_("a follow-up recorded in the store"),
    hints=[
        N_(
            "`store.log_followup(customer_id, channel=..., outcome=..., note=..., "
            "next_date=...)` writes the record and returns its id."
        ),
        N_(
            "You reached her by phone: record that channel and an outcome that says you spoke to "
            "her; write in the note what you agreed (the replacement, the check-in), and set the "
            "next contact within a week of the call (the course's today is 2025-01-01)."
        ),
    ],
)
def _followup(answer):
    from ..data import AS_OF
    from ..workbench import RecordStore

    if not isinstance(answer, (tuple, list)) or len(answer) != 2:
        raise Wrong(
            tr('pass the store and the record id together: check("ch07.followup", (store, record_id)).')
        )
    store, record = answer
    if record is Ellipsis:
        raise NotAttempted()
    if not isinstance(store, RecordStore):
        raise Wrong(
            tr("the first item should be the RecordStore; you gave a {kind}.").format(
                kind=type(store).__name__
            )
        )
    if isinstance(record, (bool, np.bool_)) or not isinstance(record, (int, np.integer)):
        raise Wrong(
            tr("record_id should be the number `log_followup` returned; you gave a {kind}.").format(
                kind=type(record).__name__
            )
        )
    record = int(record)
    exam = _active()
    everything = store.followups()
    if record not in set(everything["record_id"]):
        mine = everything.loc[everything["customer_id"] == exam.customer_id]
        if mine.empty:
            raise Wrong(
                tr(
                    "the store holds no follow-up of the caller of task 7.1; record it with "
                    "`store.log_followup` for her customer id."
                )
            )
        raise Wrong(
            tr(
                "record_id should be the number `log_followup` returned for this customer's record; "
                "the store has no record {record}."
            ).format(record=record)
        )
    row = everything.set_index("record_id").loc[record]
    if row["customer_id"] != exam.customer_id:
        other = _caller_of_other_variant(row["customer_id"], exam)
        if other is not None:
            raise Wrong(
                tr("record {record} is a follow-up of {customer}: {wrong_caller}").format(
                    record=record, customer=row["customer_id"], wrong_caller=_wrong_caller(other, exam)
                )
            )
        raise Wrong(
            tr(
                "record {record} is a follow-up of {customer}, not of the caller of "
                "task 7.1: log it for the customer id you found there."
            ).format(record=record, customer=row["customer_id"])
        )
    if row["channel"] not in _CALL_CHANNELS:
        customer = shipped("customers").set_index("customer_id").loc[exam.customer_id]
        allowed = tuple(c for c in sorted(_CALL_CHANNELS) if bool(customer[f"consent_{c}"]))
        # one whole sentence per case; every caller consented to phone (:func:`_caller_is_usable`)
        message = {
            ("phone",): tr(
                "the record's channel is {channel}, but you called her back: record the "
                "channel of the call (she consented to phone)."
            ),
            ("wechat",): tr(
                "the record's channel is {channel}, but you called her back: record the "
                "channel of the call (she consented to WeChat)."
            ),
        }.get(
            allowed,
            tr(
                "the record's channel is {channel}, but you called her back: record the "
                "channel of the call (she consented to phone and WeChat)."
            ),
        )
        raise Wrong(message.format(channel=repr(row["channel"])))
    if row["outcome"] not in _CALL_OUTCOMES:
        message = {
            "no_answer": tr(
                "the outcome {outcome} does not fit the call: she answered. Record that you "
                "reached her ('reached')."
            ),
            "declined": tr(
                "the outcome {outcome} does not fit the call: she accepted the replacement. Record "
                "that you reached her ('reached')."
            ),
            "escalated": tr(
                "the outcome {outcome} does not fit the call: you settled it yourself, nobody else "
                "took it over. Record that you reached her ('reached')."
            ),
        }.get(
            row["outcome"],
            tr("the outcome {outcome} does not fit the call. Record that you reached her ('reached')."),
        )
        raise Wrong(message.format(outcome=repr(row["outcome"])))
    day = pd.Timestamp(row["date"]).normalize()
    opened = _complaint(exam.customer_id)["opened_at"]
    if day < opened.normalize():
        raise Wrong(
            tr(
                "the follow-up is dated {date}, before her complaint was opened "
                "({opened}): a callback comes after the complaint."
            ).format(date=day.date(), opened=opened.date())
        )
    if day != AS_OF:
        raise Wrong(
            tr(
                "the follow-up is dated {date}, but you call her back today "
                "({today}): leave `date` out, or give today's date."
            ).format(date=day.date(), today=AS_OF.date())
        )
    note = str(row["note"])
    if looks_like_filler(note):
        raise Wrong(
            tr(
                "the note says nothing a colleague could use (placeholder or repeated letters): "
                "write what was said and agreed."
            )
        )
    if text_units(note) < _MIN_NOTE_UNITS:
        raise Wrong(
            tr(
                "the note is too short to help a colleague: write what was said and agreed "
                "(at least a sentence)."
            )
        )
    missing = tuple(fact for fact, pattern in _NOTE_FACTS.items() if not pattern.search(note))
    if missing:
        raise Wrong(tr(_NOTE_MISSING[missing]))
    if pd.isna(row["next_date"]):
        raise Wrong(tr("no next contact date: a recovery call ends with an agreed next step (`next_date`)."))
    follow = pd.Timestamp(row["next_date"]).normalize()
    if follow <= day:
        raise Wrong(
            tr(
                "the next contact ({next_date}) is the day of the call itself: the replacement "
                "needs time to arrive; set the check-in for a later day within the week."
            ).format(next_date=follow.date())
        )
    if follow > day + pd.Timedelta(days=7):
        raise Wrong(
            tr(
                "the next contact ({next_date}) is more than a week away; after a "
                "complaint, follow up within the week."
            ).format(next_date=follow.date())
        )
    return tr(
        "The record names the replacement and the check-in; whether the note reads well for a "
        "colleague is for your instructor's rubric."
    )


# ------------------------------------------------------------------------------ 7.4
_OFFER_WORDS = re.compile(
    r"friend|buy (?:one|1)|get (?:one|1)|bogo|b1g1|2 ?for ?1|two for one|买一送一|买一赠一|"
    r"邀友|好友|朋友|同行",
    re.IGNORECASE,
)


@task(
    "ch07.dormancy_rule",
    N_("the 3-month dormancy rule as data"),
    hints=[
        N_(
            "A rule is a dict with `name`, `trigger`, `channel`, `offer`, and optionally "
            "`audience`, `offer_value`, `frequency_cap_days`, `quiet_hours`, `send_hour`, `priority`."
        ),
        N_(
            "Dormancy is `{'type': 'no_purchase', 'days': 90, 'max_days': 365}`; the audience is "
            "repeat buyers (`{'min_orders': 2}`); cap it at 30 days, keep 21:00–09:00 quiet and "
            "send at 19."
        ),
        N_("`workbench.validate_rules([dormancy_rule])` tells you which field is wrong."),
    ],
)
def _dormancy_rule(answer):
    from ..validation import CourseDataError
    from ..workbench import Rule, validate_rules

    if isinstance(answer, (list, tuple)):
        raise Wrong(tr("that is a list; give the one rule itself, as a dict."))
    if not isinstance(answer, (dict, Rule)):
        raise Wrong(
            tr("dormancy_rule should be one rule as a dict; you gave a {kind}.").format(
                kind=type(answer).__name__
            )
        )
    try:
        (rule,) = validate_rules([answer])
    except (CourseDataError, TypeError) as error:
        raise Wrong(tr("the rule is refused: {error}").format(error=error)) from None
    if rule.trigger != "no_purchase":
        raise Wrong(
            tr("the trigger is {trigger}; dormancy means no purchase for a while (`no_purchase`).").format(
                trigger=rule.trigger
            )
        )
    if rule.params["days"] != DORMANCY["days"]:
        raise Wrong(
            tr(
                "the rule waits {days} days; the dormancy rule of the training "
                "material is three months, 90 days."
            ).format(days=rule.params["days"])
        )
    if rule.params["max_days"] is None:
        raise Wrong(
            tr(
                "the trigger has no upper limit: customers who last bought years ago get the offer "
                "too; the task stops at a year (`max_days`)."
            )
        )
    if rule.params["max_days"] not in DORMANCY["max_days"]:
        raise Wrong(
            tr(
                "`max_days` is {max_days}; the task leaves out customers whose last "
                "purchase is more than a year old."
            ).format(max_days=rule.params["max_days"])
        )
    audience = dict(rule.audience)
    if audience.get("consent") == [f"consent_{rule.channel}"]:
        audience.pop("consent")  # the channel's own consent is required anyway
    if audience.get("min_orders", 0) < DORMANCY["min_orders"]:
        raise Wrong(
            tr(
                "the audience includes one-time buyers; the wake-up is for customers who used to "
                "buy (at least 2 orders)."
            )
        )
    if audience["min_orders"] > DORMANCY["min_orders"]:
        raise Wrong(
            tr(
                "the audience needs {orders} orders, which leaves out customers who "
                "bought exactly twice; the task says at least twice."
            ).format(orders=audience["min_orders"])
        )
    extra = sorted(set(audience) - {"min_orders"})
    if extra:
        raise Wrong(
            tr(
                "the audience also filters on {fields}; the task's audience is every customer who "
                "bought at least twice."
            ).format(fields=extra)
        )
    if rule.channel != DORMANCY["channel"]:
        raise Wrong(
            tr("the channel is {channel}; the task sends the wake-up by SMS ('sms').").format(
                channel=repr(rule.channel)
            )
        )
    if not _OFFER_WORDS.search(rule.offer):
        raise Wrong(
            tr(
                "the offer text {offer} does not say what the customer gets: the task's "
                "offer is 'bring a friend, buy one get one'."
            ).format(offer=repr(rule.offer))
        )
    if rule.offer_value <= 0:
        raise Wrong(
            tr(
                "`offer_value` is 0: give the offer's cost per customer who takes it up, so the "
                "rule can be priced (chapter 2 prices the free item at ¥25)."
            )
        )
    if rule.offer_value != DORMANCY["offer_value"]:
        raise Wrong(
            tr(
                "`offer_value` is ¥{value:g}; the task's offer is worth ¥25 per customer who takes it up."
            ).format(value=rule.offer_value)
        )
    if rule.frequency_cap_days == 0:
        raise Wrong(
            tr(
                "without a frequency cap the rule messages the same dormant customers every day; "
                "set `frequency_cap_days` (e.g. 30)."
            )
        )
    if rule.frequency_cap_days not in DORMANCY["cap_days"]:
        if rule.frequency_cap_days < min(DORMANCY["cap_days"]):
            message = tr(
                "a {days}-day cap lets the rule write more often than the task's "
                "'no more than once a month' (a cap of about 30 days)."
            )
        else:
            message = tr(
                "a {days}-day cap lets the rule write less often than the task's "
                "'no more than once a month' (a cap of about 30 days)."
            )
        raise Wrong(message.format(days=rule.frequency_cap_days))
    if rule.quiet_hours is None:
        raise Wrong(tr("no quiet hours: a marketing message must not arrive at night; set `quiet_hours`."))
    if tuple(rule.quiet_hours) == tuple(reversed(DORMANCY["quiet_hours"])):
        raise Wrong(
            tr(
                "quiet hours {hours} silence the day, 09:00–21:00; write the "
                "start first: [21, 9] is quiet from 21:00 to 09:00."
            ).format(hours=list(rule.quiet_hours))
        )
    if tuple(rule.quiet_hours) != DORMANCY["quiet_hours"]:
        start, end = rule.quiet_hours
        raise Wrong(
            tr(
                "the quiet hours {hours} ({start:02d}:00–{end:02d}:00) are not the task's 21:00 to 09:00."
            ).format(hours=list(rule.quiet_hours), start=start, end=end)
        )
    if rule.send_hour != DORMANCY["send_hour"]:
        given = "send_hour" in answer if isinstance(answer, dict) else True
        if given:
            message = tr("the rule sends at {hour:02d}:00; the task sends at 19:00.")
        else:
            message = tr(
                "the rule sends at {hour:02d}:00 (the default, as `send_hour` is not set); "
                "the task sends at 19:00."
            )
        raise Wrong(message.format(hour=rule.send_hour))
    return None


# ------------------------------------------------------------------------------ 7.5
@lru_cache(maxsize=1)
def _rule_files() -> tuple[list, list]:
    from ..workbench import load_rules

    return load_rules(_rules_path("care_calendar.yaml")), load_rules(_rules_path("dormancy_wakeup.yaml"))


@lru_cache(maxsize=16)
def _combined_contacts(day: str) -> pd.DataFrame:
    """Task 7.5's reference: both rule files and the colleague's rule, in one run on ``day``."""
    from ..workbench import evaluate_rules

    calendar, wakeup = _rule_files()
    return evaluate_rules(calendar + wakeup + [HEALTH_RULE], day=day)


def _same_contacts(mine: pd.Series, day: str) -> bool:
    theirs = _combined_contacts(day).set_index("customer_id")["rule"].sort_index()
    return set(mine.index) == set(theirs.index) and mine.equals(theirs.loc[mine.index])


@task(
    "ch07.contacts",
    N_("two rule sets and a new rule on one day, conflicts by priority"),
    hints=[
        N_(
            "Load both files with `workbench.load_rules`, add `health_rule`, put everything in "
            "one list and run `workbench.evaluate_rules` once, on the day of the task."
        ),
        N_(
            "Separate runs cannot see each other: a customer would get two messages. One run "
            "with all the rules lets priority decide."
        ),
    ],
)
def _contacts(answer):
    table = frame_like(answer, "contacts")
    if "customer_id" not in table.columns and table.index.name == "customer_id":
        table = table.reset_index()
    needed = ["customer_id", "rule", "channel", "offer", "reason"]
    missing = [c for c in needed if c not in table.columns]
    if missing:
        raise Wrong(
            tr("columns {columns} are missing; keep the table `evaluate_rules` returns.").format(
                columns=missing
            )
        )
    if table.empty:
        raise Wrong(tr("the table has no contacts; run all the rules on the task's day."))
    if not table["customer_id"].is_unique:
        raise Wrong(
            tr(
                "some customers appear twice: the two sets were run separately. Run all the rules "
                "in one `evaluate_rules` call so that priority resolves the conflicts."
            )
        )
    exam = _active()
    expected = _combined_contacts(exam.day)
    mine = table.set_index("customer_id")["rule"].astype(str).sort_index()
    if _same_contacts(mine, exam.day):
        return None
    for day in dict.fromkeys([DEFAULT_VARIANT.day, *_candidate_days()]):
        if day != exam.day and _same_contacts(mine, day):
            raise Wrong(
                tr(
                    "these are the contacts of {day}: you answered for the wrong day. Run the rules on "
                    "{exam_day}, the day shown at the top of the notebook (`exam.day`)."
                ).format(day=day, exam_day=exam.day)
            )
    found_rules = set(table["rule"].astype(str))
    dormancy = {r for r in expected["rule"].unique() if r.startswith("dormancy")}
    if not found_rules & dormancy:
        raise Wrong(tr("no dormancy rule is in the contacts: include the dormancy wake-up set."))
    if "health_check_in" not in found_rules:
        raise Wrong(tr("nobody got the health check-in: add `health_rule` to the rules you run."))
    calendar = set(expected["rule"]) - dormancy - {"health_check_in"}
    if not found_rules & calendar:
        raise Wrong(tr("no care-calendar rule is in the contacts: include the care calendar too."))
    absent = sorted(set(expected["rule"]) - found_rules)
    if absent:
        raise Wrong(
            tr(
                "nobody got the rule(s) {rules}, which reach customers on {day}: run every "
                "rule of both files, on that day."
            ).format(rules=absent, day=exam.day)
        )
    theirs = expected.set_index("customer_id")["rule"].sort_index()
    if set(mine.index) != set(theirs.index):
        raise Wrong(
            tr(
                "{found:,} contacts, but the rules as given make {expected:,} on {day}: "
                "run them on that day, with no rule changed."
            ).format(found=len(mine), expected=len(theirs), day=exam.day)
        )
    moved = (mine != theirs.loc[mine.index]).sum()
    raise Wrong(
        tr(
            "{moved:,} of your contacts carry another rule than the highest-priority one "
            "that applies to them: run the rules as they are in the files, all in one "
            "`evaluate_rules` call, so that priority decides."
        ).format(moved=moved)
    )


# ------------------------------------------------------------------------------ 7.6
@task(
    "ch07.cost_per_extra",
    N_("cost per extra reactivated customer of the wake-up offer"),
    hints=[
        N_(
            "Compare the treatment group with the control group of the wake-up campaign "
            "(`workbench.reference_campaign()`): only the difference is due to the offer."
        ),
        # the costs as CONTACT_COST and OFFER_COST print (the tests keep them in step)
        N_(
            "`rfm.offer_results(campaign, contact_cost=0.5, offer_cost=25.0)` has "
            "a row `uplift` whose `cost` is the cost per extra reactivated customer."
        ),
    ],
)
def _cost_per_extra(answer):
    from ..rfm import offer_results
    from ..workbench import reference_campaign

    if isinstance(answer, pd.DataFrame):
        raise Wrong(tr("that is the whole results table; give one number, the `cost` of its `uplift` row."))
    if isinstance(answer, pd.Series):
        raise Wrong(
            tr(
                "that is a row or column of the table; give one number, the cost per extra "
                "reactivated customer."
            )
        )
    value = number_like(answer, "cost_per_extra")
    campaign = reference_campaign()
    table = offer_results(campaign, contact_cost=CONTACT_COST, offer_cost=OFFER_COST)
    treated, control = table.loc["treatment"], table.loc["control"]
    expected = float(table.loc["uplift", "cost"])
    if to_precision(value, expected, COST_DECIMALS):
        return None
    n_treated, n_control = float(treated["contacts"]), float(control["contacts"])
    reactivated = treated["reactivation"] * n_treated
    extra = (treated["reactivation"] - control["reactivation"]) * n_treated
    uptake = treated["uptake"] * n_treated
    total = float(treated["cost"])
    slips = [
        (total, 0, tr("that is the campaign's total cost; divide it by the extra reactivated customers.")),
        (
            total / reactivated,
            0,
            tr(
                "you divided by every reactivated treatment customer, but part of them "
                "would have come back anyway (see the control group); divide by the "
                "extra ones only."
            ),
        ),
        (
            total / n_treated,
            1,
            tr("that is the cost per contact; the task asks per extra reactivated customer."),
        ),
        (
            total / (reactivated - control["reactivation"] * n_control),
            0,
            tr(
                "you subtracted the control group's number of reactivations, but the groups differ in size "
                "({treated:.0f} and {control:.0f}): subtract the reactivation rates, then count the extra "
                "customers in the treatment group."
            ).format(treated=n_treated, control=n_control),
        ),
        (
            reactivated * OFFER_COST / extra,
            0,
            tr(
                "the messages are missing from the cost: every treatment contact costs ¥{contact_cost:g} too."
            ).format(contact_cost=CONTACT_COST),
        ),
        (
            ((n_treated + n_control) * CONTACT_COST + reactivated * OFFER_COST) / extra,
            0,
            tr(
                "the control group got no message, so it costs nothing: count the message cost of the "
                "treatment contacts only."
            ),
        ),
        (
            (n_treated * CONTACT_COST + uptake * OFFER_COST) / extra,
            0,
            tr(
                "you charged the offer to everyone who responded; the task charges it per treatment "
                "customer who reactivates."
            ),
        ),
        (
            n_treated * (CONTACT_COST + OFFER_COST) / extra,
            0,
            tr(
                "you charged the offer to every contact; it costs ¥25 only per treatment customer "
                "who reactivates."
            ),
        ),
        (
            (n_treated * OFFER_COST + reactivated * CONTACT_COST) / extra,
            0,
            tr(
                "the two costs are swapped: ¥{contact_cost:g} per message, ¥{offer_cost:g} per "
                "reactivated customer."
            ).format(contact_cost=CONTACT_COST, offer_cost=OFFER_COST),
        ),
        (
            total / control["reactivation"] / n_control,
            0,
            tr(
                "you divided by the control group's reactivations; divide by the extra ones the offer brought."
            ),
        ),
        (
            total / (extra / n_treated),
            -1,
            tr(
                "you divided by the uplift in reactivation *rate*; multiply it by "
                "the treatment contacts to get the number of extra customers."
            ),
        ),
        (
            total / (extra / n_treated * 100),
            0,
            tr(
                "you divided by the uplift in percentage points; multiply "
                "the rate by the treatment contacts to count the extra customers."
            ),
        ),
        (
            total / uptake,
            0,
            tr(
                "you divided by the customers who responded; the task counts extra "
                "*reactivated* customers (treatment − control)."
            ),
        ),
    ]
    for candidate, decimals, message in slips:
        if to_precision(value, candidate, decimals):
            raise Wrong(message)
    require_precision(
        value,
        expected,
        name="cost_per_extra",
        decimals=COST_DECIMALS,
        close_hint=tr(
            "Did you round the reactivation rates before dividing? Round only the result, to the nearest yuan."
        ),
    )
    raise Wrong(tr("cost_per_extra does not match."))  # pragma: no cover - require_precision raised


# ------------------------------------------------------------------------------ 7.7
def _crm_type(value) -> str:
    word = str(value).strip().lower()
    word = re.sub(r"\s*(crm|客户关系管理)\s*$", "", word).strip()
    word = re.sub(r"^(crm\s*[:：-]?\s*)", "", word).strip()
    return _TYPE_ALIASES.get(word, word)


@task(
    "ch07.crm_types",
    N_("operational, analytical or collaborative CRM"),
    hints=[
        N_(
            "Operational CRM runs the daily contact (records, service, automation); analytical "
            "CRM turns the data into insight (segments, models, reports); collaborative CRM "
            "shares the customer across departments, channels and partners."
        ),
        N_(
            "Ask of each statement: is it *doing* the contact, *learning* from data, or "
            "*sharing* the customer between people or organisations?"
        ),
    ],
)
def _crm_types(answer):
    if isinstance(answer, pd.Series):
        answer = answer.to_dict()
    elif (
        isinstance(answer, (list, tuple))
        and len(answer) == len(CRM_QUIZ)
        and all(isinstance(v, str) or v is Ellipsis for v in answer)
    ):
        answer = dict(enumerate(answer, start=1))
    if not isinstance(answer, dict):
        raise Wrong(
            tr("crm_types should be a dict {{statement number: type}}; you gave a {kind}.").format(
                kind=type(answer).__name__
            )
        )
    if any(v is Ellipsis for v in answer.values()):
        raise NotAttempted()
    keys = {}
    for key in answer:
        text = str(key).strip()
        keys[key] = int(text) if text.isdigit() else text
    if sorted(keys.values(), key=str) != sorted(CRM_QUIZ, key=str):
        raise Wrong(
            tr("answer every statement 1–6 exactly once; you answered {answered}.").format(
                answered=sorted(map(str, keys.values()))
            )
        )
    given = {keys[k]: _crm_type(v) for k, v in answer.items()}
    unknown = sorted({str(answer[k]) for k in answer if given[keys[k]] not in CRM_TYPES})
    if unknown:
        raise Wrong(
            tr("{unknown} is not one of the three types {types} (运营型 / 分析型 / 协作型).").format(
                unknown=unknown, types=list(CRM_TYPES)
            )
        )
    wrong = sorted(k for k, v in given.items() if CRM_QUIZ[k] != v)
    if not wrong:
        return None
    head = tr("{count} of 6 are not right yet: statement(s) {statements}.").format(
        count=len(wrong), statements=wrong
    )
    if any(given[k] == "analytical" and CRM_QUIZ[k] == "operational" for k in wrong):
        why = tr(
            "{head} A rule or a record that *carries out* the contact is operational, however "
            "automated: deciding by a rule is not learning from data."
        )
    elif any(CRM_QUIZ[k] == "collaborative" for k in wrong):
        why = tr(
            "{head} A view *shared* between departments, channels or partners is "
            "collaborative, even when it shows records or data."
        )
    elif any(CRM_QUIZ[k] == "analytical" for k in wrong):
        why = tr(
            "{head} Segments, models and dashboards *learn from* the data: that is "
            "analytical, even when they run every month."
        )
    else:
        why = tr("{head} Ask whether each one does the contact, learns from data or shares the customer.")
    raise Wrong(why.format(head=head))


# ------------------------------------------------------------------------------ 7.8
#: The reasons a trainee may give for a dormancy threshold (task 7.8), by tag. Two rest on
#: Lumen's data, one on timing, one on the source; ``reach`` is the typical wrong argument.
THRESHOLD_REASONS = {
    "rhythm": "it lies beyond the normal gap between two purchases of most repeat buyers",
    "natural_return": "fewer of the flagged customers come back on their own, so less of the offer "
    "is paid to customers who would have returned anyway",
    "still_reachable": "it comes while a repeat purchase is still plausible, before the wake-up "
    "turns into a win-back",
    "source": "the tea brand of the 2025 training deck waits three months",
    "reach": "a shorter wait messages more customers, so more of them come back",
}
_DATA_REASONS = {"rhythm", "natural_return"}
_MONTH_WORDS = re.compile(r"month|月|week|周|year|年", re.IGNORECASE)


@lru_cache(maxsize=1)
def _threshold_evidence():
    from ..workbench.thresholds import repeat_gaps, threshold_range

    gaps = repeat_gaps()
    return gaps.to_numpy(), threshold_range()


def _natural_return(days: int) -> float:
    from ..workbench.thresholds import dormancy_thresholds

    return float(dormancy_thresholds(days=[days])["came_back"].iloc[0])


def _threshold_days(value) -> int:
    if value is Ellipsis:
        raise NotAttempted()
    if isinstance(value, str):
        text = value.strip()
        if _MONTH_WORDS.search(text):
            raise Wrong(
                tr(
                    "`days` is {value}: give the threshold as a number of days (three months "
                    "are about 90 days), as the rule's `trigger.days` needs it."
                ).format(value=repr(value))
            )
        if re.fullmatch(r"\d+(\.0+)?", text):
            value = float(text)
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, (int, float, np.integer, np.floating)):
        raise Wrong(
            tr("`days` should be a whole number of days such as 75; you gave a {kind}.").format(
                kind=type(value).__name__
            )
        )
    if not np.isfinite(value) or float(value) != int(value) or value < 1:
        raise Wrong(
            tr("`days` should be a whole number of days ≥ 1; you gave {value}.").format(value=repr(value))
        )
    return int(value)


def _reason_tags(value) -> list[str]:
    if value is Ellipsis:
        raise NotAttempted()
    if isinstance(value, str):
        value = [value]
    if isinstance(value, dict):
        value = list(value)
    if not isinstance(value, (list, tuple, set, pd.Series, np.ndarray)):
        raise Wrong(
            tr("`because` should be a list of reason tags from {tags}; you gave a {kind}.").format(
                tags=list(THRESHOLD_REASONS), kind=type(value).__name__
            )
        )
    tags = [re.sub(r"[\s\-]+", "_", str(v).strip().lower()) for v in value]
    if any(t in ("...", "ellipsis") for t in tags) or any(v is Ellipsis for v in value):
        raise NotAttempted()
    unknown = sorted({t for t in tags if t not in THRESHOLD_REASONS})
    if unknown:
        if len(unknown) == 1:
            message = tr("{unknown} is not a reason tag; choose from {tags} (the list above the task).")
        else:
            message = tr("{unknown} are not reason tags; choose from {tags} (the list above the task).")
        raise Wrong(message.format(unknown=unknown, tags=list(THRESHOLD_REASONS)))
    if not tags:
        raise Wrong(
            tr("`because` is empty: choose the reasons that back your threshold from {tags}.").format(
                tags=list(THRESHOLD_REASONS)
            )
        )
    return tags


@task(
    "ch07.dormancy_threshold",
    N_("a dormancy threshold decided on Lumen's data"),
    hints=[
        N_(
            "Read `workbench.dormancy_thresholds()`: `later_share` is how many repeat purchases still "
            "come after a longer silence — customers the rule would already call dormant in their "
            "normal rhythm; `came_back` is how many flagged customers return without any offer."
        ),
        N_(
            "The chapter's criteria (7.6): beyond the rhythm of at least three repeat purchases in four "
            "(`later_share` ≤ 0.25), and while at least one in twenty is still to come (≥ 0.05). Give "
            "`days` inside that range and the tags of the reasons that rest on the table."
        ),
    ],
)
def _dormancy_threshold(answer):
    if answer is Ellipsis:
        raise NotAttempted()
    if isinstance(answer, pd.Series):
        answer = answer.to_dict()
    if isinstance(answer, (int, float, np.integer, np.floating)) and not isinstance(answer, (bool, np.bool_)):
        raise Wrong(
            tr(
                "you chose {days:g} days; a decision needs its reasons too: give a dict "
                "{{'days': ..., 'because': [...]}} with the reason tags from the list."
            ).format(days=answer)
        )
    if not isinstance(answer, dict):
        raise Wrong(
            tr("dormancy_call should be a dict {{'days': ..., 'because': [...]}}; you gave a {kind}.").format(
                kind=type(answer).__name__
            )
        )
    keyed = {str(k).strip().lower(): v for k, v in answer.items()}
    if "reasons" in keyed and "because" not in keyed:
        keyed["because"] = keyed.pop("reasons")
    missing = [k for k in ("days", "because") if k not in keyed]
    if missing:
        if len(missing) == 1:
            message = tr(
                "the dict has no {key}: give the threshold in days and the reason tags that back it."
            )
        else:
            message = tr(
                "the dict has no 'days' and no 'because': give the threshold in days and the reason "
                "tags that back it."
            )
        raise Wrong(message.format(key=repr(missing[0])))
    days = _threshold_days(keyed["days"])
    tags = _reason_tags(keyed["because"])
    gaps, (low, high) = _threshold_evidence()
    later = float((gaps > days).mean())
    if days < low:
        raise Wrong(
            tr(
                "at {days} days, {later:.0%} of Lumen's repeat purchases still come after a longer "
                "silence: the rule would call customers dormant in their normal rhythm and pay the offer "
                "to many who come back anyway ({came_back:.0%} of those it flags order "
                "within 60 days without any offer). Wait beyond the rhythm of three repeat purchases "
                "in four."
            ).format(days=days, later=later, came_back=_natural_return(days))
        )
    if days > 365:
        raise Wrong(
            tr(
                "{days} days is beyond a year: the shipped rule already hands those customers to a "
                "win-back plan (`max_days: 365`); a wake-up must come while they still buy now and then."
            ).format(days=days)
        )
    if days > high:
        raise Wrong(
            tr(
                "at {days} days only {later:.1%} of Lumen's repeat purchases are still to come: most "
                "customers silent that long have stopped buying, and the wake-up has become a win-back. "
                "Wake them while at least one repeat purchase in twenty is still to come."
            ).format(days=days, later=later)
        )
    if "reach" in tags:
        raise Wrong(
            tr(
                "'reach' argues for messaging more customers; but the extra customers a shorter wait "
                "adds are mostly between two purchases and come back anyway — they raise the cost per "
                "*extra* reactivation (task 7.6). A threshold is not chosen to reach more people; drop "
                "that reason."
            )
        )
    if not set(tags) & _DATA_REASONS and "still_reachable" in tags:
        raise Wrong(
            tr(
                "'still_reachable' says why not later; a threshold needs the reason why not earlier "
                "too, from Lumen's data — the purchase rhythm (`rhythm`) or the customers who come "
                "back on their own (`natural_return`)."
            )
        )
    if not set(tags) & _DATA_REASONS:
        raise Wrong(
            tr(
                "your reasons do not use Lumen's data: the tea brand's three months describe its "
                "customers, not ours. Back the threshold with what the table shows — the purchase "
                "rhythm (`rhythm`) or the customers who come back on their own (`natural_return`)."
            )
        )
    return tr(
        "{days} days lies beyond {share:.0%} of Lumen's repeat gaps (the defensible range on "
        "this data is {low}–{high} days). How you argue it in words is for your instructor's rubric."
    ).format(days=days, share=1 - later, low=low, high=high)
