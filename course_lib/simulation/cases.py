"""Scripted cases: scenario files run by one small engine (simulation layer).

Each case is a YAML file in ``course_lib/scenarios/`` (``case_<id>.yaml``): a brief, a start
step and steps whose options carry their effects, plus outcome bands. :func:`play` walks the
steps a trainee chose and returns a :class:`CaseOutcome`. Two outcome models:

- ``logistic`` — every option moves the log-odds of success (``logit``) and may cost money
  (``cost``, CNY); ``terms`` steps add ``logit_per_unit × (value − reference)`` and
  ``cost_per_unit × (value − reference)`` for numbers such as a discount. The probability is
  ``1 / (1 + e^(−log-odds))``; the expected value is ``p × value_at_stake − cost`` when costs
  are paid whatever happens (``costs_paid: always``) and ``p × (value_at_stake − cost)`` when
  they are paid only on success (``on_success``).
- ``trigger`` — the choices (audience, signal, channel, offer) parameterise a seeded
  simulation over the course's members with a random hold-out group, which reports uplift,
  cost, incremental margin and opt-outs.

The three cases (all outcome models are *course design*; see ``docs/sources.md``):

1. ``churn_rescue`` — a high-value customer about to leave; the account is found in the
   course data (:func:`key_account`, :func:`account_record`) and its margin is what is at stake;
2. ``b2b_negotiation`` — a corporate buyer's role card and CRM history, pain points and a
   quotation answered by a logistic acceptance model;
3. ``omnichannel`` — an instant-promotion trigger run against the members.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from ..language import language, tr
from ..validation import CourseDataError, make_rng, require_number, to_timestamp

__all__ = [
    "CASES",
    "Case",
    "CaseOutcome",
    "load_case",
    "play",
    "key_account",
    "account_record",
    "rescue_value_at_stake",
    "trigger_members",
]

SCENARIOS = Path(__file__).resolve().parent.parent / "scenarios"
CASES = ("churn_rescue", "b2b_negotiation", "omnichannel")
PROMISE_HOURS = 1.0
MARGIN = 0.45


# ----------------------------------------------------------------------------- loading
@dataclass(frozen=True)
class Case:
    """A scenario read from its YAML file (see :func:`load_case`)."""

    id: str
    spec: dict = field(repr=False)

    @property
    def title(self) -> str:
        if language() == "zh":
            return self.spec["title_zh"]
        return f"{self.spec['title']} ｜ {self.spec['title_zh']}"

    @property
    def steps(self) -> dict:
        return self.spec["steps"]

    def options(self, step: str) -> pd.DataFrame:
        """The options of one step as the trainee sees them (text only, no effects)."""
        spec = self._step(step)
        if spec.get("kind") == "terms":
            rows = [
                {
                    "term": name,
                    "label": t["label"],
                    "min": t["min"],
                    "max": t["max"],
                    "note": t.get("note", ""),
                }
                for name, t in spec["terms"].items()
            ]
            return pd.DataFrame(rows).set_index("term")
        rows = [{"option": name, "text": o["text"]} for name, o in spec["options"].items()]
        return pd.DataFrame(rows).set_index("option")

    def _step(self, step: str) -> dict:
        if step not in self.steps:
            raise CourseDataError(f"case {self.id!r} has no step {step!r}; its steps are {list(self.steps)}.")
        return self.steps[step]

    def __repr__(self):
        return f"Case({self.id!r}: {self.spec['title']}, steps {list(self.steps)})"


def _validate_spec(case_id: str, spec: dict) -> None:
    where = f"scenario file case_{case_id}.yaml"
    for key in ("id", "title", "title_zh", "model", "start", "steps", "outcomes"):
        if key not in spec:
            raise CourseDataError(f"{where} lacks the key {key!r}.")
    if spec["model"] not in ("logistic", "trigger"):
        raise CourseDataError(f"{where}: `model` must be 'logistic' or 'trigger'; got {spec['model']!r}.")
    steps = spec["steps"]
    if spec["start"] not in steps:
        raise CourseDataError(f"{where}: the start step {spec['start']!r} is not among {list(steps)}.")
    for name, step in steps.items():
        kind = step.get("kind", "choice")
        targets = [step.get("next")]
        if kind == "terms":
            if not step.get("terms"):
                raise CourseDataError(f"{where}: step {name!r} has no terms.")
        else:
            if not step.get("options"):
                raise CourseDataError(f"{where}: step {name!r} has no options.")
            targets += [o.get("next") for o in step["options"].values()]
        for target in targets:
            if target is not None and target not in steps:
                raise CourseDataError(f"{where}: step {name!r} leads to {target!r}, which does not exist.")


@cache
def _read(case_id: str) -> dict:
    import yaml

    with open(SCENARIOS / f"case_{case_id}.yaml", encoding="utf-8") as handle:
        spec = yaml.safe_load(handle)
    _validate_spec(case_id, spec)
    return spec


def load_case(case: str | Case) -> Case:
    """Read a case by id: ``"churn_rescue"``, ``"b2b_negotiation"`` or ``"omnichannel"``.

    Parameters
    ----------
    case : str or Case
        The case's id (a :class:`Case` is returned as it is).

    Returns
    -------
    Case
        The scenario: its steps, options and outcome bands. In the Chinese course every
        text the file also gives in Chinese (``prompt_zh`` beside ``prompt``, ``text_zh``,
        ``feedback_zh``, ``message_zh``, ``label_zh``, ``role_card_zh``, …) is shown in Chinese.

    Examples
    --------
    >>> load_case("b2b_negotiation").title
    'B2B negotiation with a hotel group ｜ 酒店集团B2B谈判'
    """
    if isinstance(case, Case):
        return case
    if not isinstance(case, str):
        raise TypeError(f"`case` must be a case id or a Case; got {type(case).__name__}.")
    if case not in CASES:
        raise CourseDataError(f"`case` {case!r} is unknown; the cases are {list(CASES)}.")
    spec = _read(case)
    return Case(case, _in_chinese(spec) if language() == "zh" else spec)


def _in_chinese(node):
    """A copy of a case's spec where every text with a ``<key>_zh`` neighbour is that Chinese
    text (what the Chinese course shows the trainee); the ``*_zh`` keys stay beside it.

    Examples
    --------
    >>> _in_chinese({"prompt": "Why?", "prompt_zh": "为什么?", "options": [{"text": "Price"}]})
    {'prompt': '为什么?', 'prompt_zh': '为什么?', 'options': [{'text': 'Price'}]}
    """
    if isinstance(node, list):
        return [_in_chinese(item) for item in node]
    if not isinstance(node, dict):
        return node
    copy = {key: _in_chinese(value) for key, value in node.items()}
    for key in node:
        chinese = f"{key}_zh" if isinstance(key, str) else None
        if chinese in node and node[chinese] not in (None, ""):
            copy[key] = _in_chinese(node[chinese])
    return copy


# ----------------------------------------------------------------------------- outcomes
@dataclass
class CaseOutcome:
    """The result of one play-through of a case."""

    case: str
    path: list
    feedback: list
    outcome: str
    label: str
    message: str
    cost: float
    probability: float | None = None
    value_at_stake: float | None = None
    expected_value: float | None = None
    metrics: dict = field(default_factory=dict)

    def summary(self) -> pd.Series:
        """The outcome's figures as a Series (rounded for display; labelled in the course's language)."""
        values = {tr("outcome"): self.label}
        if self.probability is not None:
            values.update(
                {
                    tr("probability"): round(self.probability, 3),
                    tr("cost (CNY)"): round(self.cost, 0),
                    tr("value at stake (CNY)"): round(self.value_at_stake, 0),
                    tr("expected value (CNY)"): round(self.expected_value, 0),
                }
            )
        else:
            values.update({k: (round(v, 4) if isinstance(v, float) else v) for k, v in self.metrics.items()})
        return pd.Series(values, name=self.case, dtype=object)

    def __repr__(self):
        if self.probability is not None:
            return (
                f"CaseOutcome({self.case!r}: {self.label}, probability {self.probability:.2f}, "
                f"cost ¥{self.cost:,.0f}, expected value ¥{self.expected_value:,.0f})"
            )
        return (
            f"CaseOutcome({self.case!r}: {self.label}, uplift "
            f"{self.metrics['uplift']:+.2%}, incremental margin ¥{self.metrics['incremental_margin']:,.0f}, "
            f"opt-outs {self.metrics['opt_outs']})"
        )


def _pick(case: Case, step: str, spec: dict, choices: dict):
    if step not in choices:
        listed = list(spec["terms"]) if spec.get("kind") == "terms" else list(spec["options"])
        raise CourseDataError(
            f"`choices` has no answer for step {step!r} of case {case.id!r}; choose from {listed}."
        )
    return choices[step]


def _walk(case: Case, choices) -> tuple[float, float, list, list, dict]:
    """Follow the chosen path; return log-odds, cost, path, feedback and chosen options."""
    if not isinstance(choices, dict):
        raise TypeError(f"`choices` must be a dict of step → option; got {type(choices).__name__}.")
    unknown = sorted(set(choices) - set(case.steps))
    if unknown:
        raise CourseDataError(
            f"`choices` names step(s) {unknown} that case {case.id!r} does not "
            f"have; its steps are {list(case.steps)}."
        )
    logit, cost, path, feedback, chosen = float(case.spec.get("intercept", 0.0)), 0.0, [], [], {}
    step = case.spec["start"]
    while step is not None:
        spec = case.steps[step]
        kind = spec.get("kind", "choice")
        answer = _pick(case, step, spec, choices)
        following = spec.get("next")
        if kind == "terms":
            if not isinstance(answer, dict):
                raise CourseDataError(
                    f"step {step!r} needs a dict of terms {list(spec['terms'])}; got {answer!r}."
                )
            missing = [t for t in spec["terms"] if t not in answer]
            extra = sorted(set(answer) - set(spec["terms"]))
            if missing or extra:
                raise CourseDataError(
                    f"step {step!r} needs the terms {list(spec['terms'])}; "
                    f"missing {missing}, unknown {extra}."
                )
            for name, term in spec["terms"].items():
                value = answer[name]
                if isinstance(value, (bool, np.bool_)) or not isinstance(value, (int, float, np.number)):
                    raise TypeError(f"term {name!r} must be a number; got {type(value).__name__}.")
                if not (term["min"] <= float(value) <= term["max"]):
                    raise CourseDataError(
                        f"term {name!r} must lie between {term['min']} and {term['max']}; got {value!s}."
                    )
                delta = float(value) - term["reference"]
                logit += term.get("logit_per_unit", 0.0) * delta
                cost += term.get("cost_per_unit", 0.0) * delta
            path.append((step, dict(answer)))
            chosen[step] = dict(answer)
        else:
            picked = list(answer) if kind == "multi" else [answer]
            if kind == "multi" and (isinstance(answer, str) or not picked):
                raise CourseDataError(
                    f"step {step!r} takes a list of options from {list(spec['options'])}; got {answer!r}."
                )
            for option in picked:
                if option not in spec["options"]:
                    raise CourseDataError(
                        f"{option!r} is not an option of step {step!r}; choose from {list(spec['options'])}."
                    )
                details = spec["options"][option]
                logit += details.get("logit", 0.0)
                cost += details.get("cost", 0.0)
                if details.get("feedback"):
                    feedback.append(f"{step} · {option}: {details['feedback']}")
                following = details.get("next", following)
            path.append((step, picked if kind == "multi" else answer))
            chosen[step] = (
                [spec["options"][o] for o in picked] if kind == "multi" else spec["options"][answer]
            )
        step = following
    return logit, cost, path, feedback, chosen


def _band(case: Case, key: str, value: float) -> dict:
    for band in case.spec["outcomes"]:
        if value >= band[key]:
            return band
    return case.spec["outcomes"][-1]


def play(
    case: str | Case,
    choices: Mapping[str, Any],
    *,
    value_at_stake: float | None = None,
    seed: int | np.random.Generator = 0,
) -> CaseOutcome:
    """Play a case with the trainee's choices.

    Parameters
    ----------
    case : str or Case
        ``"churn_rescue"``, ``"b2b_negotiation"`` or ``"omnichannel"``.
    choices : dict
        Step → option id (a list of ids for a ``multi`` step, a dict of numbers for a
        ``terms`` step). Only the steps on the chosen path are needed.
    value_at_stake : float, optional
        For the logistic cases: what success is worth (CNY). By default the case file's
        figure, or for the churn rescue the key account's margin (:func:`rescue_value_at_stake`).
    seed : int or numpy.random.Generator
        For the trigger case's simulation.

    Returns
    -------
    CaseOutcome
        The path taken with each step's feedback, the outcome band, and the case's figures
        (cost, probability of success, value at stake and expected value, or the trigger's
        simulated metrics).

    Examples
    --------
    >>> result = play("b2b_negotiation", {"pain_points": ["price"], "talk_track": "pressure",
    ...     "quotation": {"discount": 0.0, "lead_time_days": 30, "payment_days": 30},
    ...     "account_manager": "none"})
    >>> result.outcome, round(result.probability, 3)
    ('lost', 0.052)
    """
    case = load_case(case)
    logit, cost, path, feedback, chosen = _walk(case, choices)
    if case.spec["model"] == "trigger":
        metrics = _run_trigger(case, chosen, seed=seed)
        band = _band(case, "min_incremental_margin", metrics["incremental_margin"])
        return CaseOutcome(
            case.id,
            path,
            feedback,
            band["id"],
            band["label"],
            band["message"],
            cost=metrics["cost"],
            metrics=metrics,
        )
    if value_at_stake is None:
        value_at_stake = case.spec.get("value_at_stake")
        if value_at_stake is None:
            value_at_stake = _key_account_value()
    value_at_stake = require_number(value_at_stake, "value_at_stake")
    probability = 1.0 / (1.0 + math.exp(-logit))
    if case.spec.get("costs_paid", "always") == "always":
        expected = probability * value_at_stake - cost
    else:
        expected = probability * (value_at_stake - cost)
    band = _band(case, "min_probability", probability)
    return CaseOutcome(
        case.id,
        path,
        feedback,
        band["id"],
        band["label"],
        band["message"],
        cost=float(cost),
        probability=probability,
        value_at_stake=float(value_at_stake),
        expected_value=float(expected),
    )


# ----------------------------------------------------------------------------- case 1: the key account
def _late_tickets(tickets: pd.DataFrame, promise_hours: float) -> pd.DataFrame:
    waited = (tickets["first_response_at"] - tickets["opened_at"]).dt.total_seconds() / 3600
    return tickets.assign(wait_hours=waited.round(2), late=waited > promise_hours)


def key_account(
    *,
    orders: pd.DataFrame | None = None,
    tickets: pd.DataFrame | None = None,
    as_of: str | pd.Timestamp | None = None,
    window_days: int = 90,
    promise_hours: float = PROMISE_HOURS,
) -> str:
    """The customer the churn rescue is about: the highest spender of the last 12 months
    among those whose complaint in the last ``window_days`` was answered after the promise.

    Parameters
    ----------
    orders, tickets : pandas.DataFrame, optional
        The orders and tickets tables; default the shipped ones.
    as_of : str or Timestamp, optional
        The day of the rescue call; default the course's today (``data.AS_OF``).
    window_days : int
        How far back a late complaint counts.
    promise_hours : float
        The first-response promise (hours).

    Returns
    -------
    str
        The customer id.

    Examples
    --------
    >>> account = key_account()
    >>> bool(account_record(account)["tickets"]["late"].any())
    True
    """
    from .. import data

    orders = data.load_orders() if orders is None else orders
    tickets = data.load_tickets() if tickets is None else tickets
    as_of = data.AS_OF if as_of is None else to_timestamp(as_of, "as_of")
    recent = tickets[
        (tickets["opened_at"] < as_of) & (tickets["opened_at"] >= as_of - pd.Timedelta(days=window_days))
    ]
    late = _late_tickets(recent, promise_hours)
    candidates = late.loc[late["late"], "customer_id"].unique()
    if len(candidates) == 0:
        raise CourseDataError(
            f"no complaint in the {window_days} days before {as_of.date()} was "
            f"answered after {promise_hours:g} h; widen `window_days`."
        )
    year = orders[(orders["order_date"] < as_of) & (orders["order_date"] >= as_of - pd.DateOffset(years=1))]
    spend = year.groupby("customer_id")["amount"].sum().reindex(candidates, fill_value=0.0)
    return str(spend.sort_values(ascending=False, kind="stable").index[0])


def account_record(
    customer_id: str, *, as_of: str | pd.Timestamp | None = None, promise_hours: float = PROMISE_HOURS
) -> dict:
    """What the CRM shows about one customer before the rescue call.

    Parameters
    ----------
    customer_id : str
        A customer of the shipped data.
    as_of : str or Timestamp, optional
        The day of the call; default the course's today (``data.AS_OF``).
    promise_hours : float
        The first-response promise: answers after it are ``late``.

    Returns
    -------
    dict
        ``profile`` (a Series), ``tickets`` (last 12 months, with ``wait_hours`` and ``late``),
        ``orders_by_quarter``, ``followups`` and ``surveys`` (the last five each).

    Examples
    --------
    >>> record = account_record(key_account())
    >>> sorted(record)
    ['followups', 'orders_by_quarter', 'profile', 'surveys', 'tickets']
    """
    from .. import data

    as_of = data.AS_OF if as_of is None else to_timestamp(as_of, "as_of")
    customers = data.load_customers()
    if customer_id not in set(customers["customer_id"]):
        raise CourseDataError(f"`customer_id` {customer_id!r} is not in the customers table.")
    profile = customers.set_index("customer_id").loc[
        customer_id,
        ["name", "city", "city_tier", "signup_date", "membership_tier", "consent_wechat", "consent_phone"],
    ]
    tickets = data.load_tickets()
    tickets = tickets[
        (tickets["customer_id"] == customer_id)
        & (tickets["opened_at"] < as_of)
        & (tickets["opened_at"] >= as_of - pd.DateOffset(years=1))
    ]
    tickets = _late_tickets(tickets, promise_hours)[
        ["opened_at", "channel", "category", "severity", "wait_hours", "late", "csat", "text"]
    ]
    orders = data.load_orders()
    orders = orders[(orders["customer_id"] == customer_id) & (orders["order_date"] < as_of)]
    by_quarter = (
        orders.groupby(orders["order_date"].dt.to_period("Q").astype(str))["amount"]
        .agg(orders="size", spend="sum")
        .round(1)
    )
    by_quarter.index.name = "quarter"
    followups = data.load_followups()
    followups = followups[(followups["customer_id"] == customer_id) & (followups["date"] < as_of)]
    surveys = data.load_surveys()
    surveys = surveys[(surveys["customer_id"] == customer_id) & (surveys["survey_date"] < as_of)]
    return {
        "profile": profile,
        "tickets": tickets.reset_index(drop=True),
        "orders_by_quarter": by_quarter,
        "followups": followups[["date", "channel", "purpose", "outcome"]].tail(5).reset_index(drop=True),
        "surveys": surveys[["survey_date", "nps", "satisfaction"]].tail(5).reset_index(drop=True),
    }


@lru_cache(maxsize=1)
def _key_account_value() -> float:
    return rescue_value_at_stake(key_account())


def rescue_value_at_stake(
    customer_id: str, *, as_of: str | pd.Timestamp | None = None, margin: float = MARGIN
) -> float:
    """The margin a year of this customer brings: ``margin`` × spend in the 12 months before ``as_of``.

    Parameters
    ----------
    customer_id : str
        The customer.
    as_of : str or Timestamp, optional
        Default the course's today (``data.AS_OF``).
    margin : float
        Gross margin as a share of spend.

    Returns
    -------
    float
        CNY, rounded to the fen.

    Examples
    --------
    >>> rescue_value_at_stake(key_account()) > 0
    True
    """
    from .. import data

    as_of = data.AS_OF if as_of is None else to_timestamp(as_of, "as_of")
    orders = data.load_orders()
    year = orders[
        (orders["customer_id"] == customer_id)
        & (orders["order_date"] < as_of)
        & (orders["order_date"] >= as_of - pd.DateOffset(years=1))
    ]
    return float(round(margin * year["amount"].sum(), 2))


# ----------------------------------------------------------------------------- case 3: the trigger
@lru_cache(maxsize=4)
def _members(as_of: pd.Timestamp) -> pd.DataFrame:
    from .. import data

    customers = data.load_customers()
    orders = data.load_orders()
    orders = orders[orders["order_date"] < as_of]
    per = orders.groupby("customer_id")
    last = per["order_date"].max()
    store = orders.assign(store=orders["channel"] == "store").groupby("customer_id")["store"].mean()
    online = (
        orders.assign(online=orders["channel"].isin(["app", "mini_program"]))
        .groupby("customer_id")["online"]
        .mean()
    )
    app_user = orders.assign(app=orders["channel"] == "app").groupby("customer_id")["app"].any()
    table = customers.set_index("customer_id")[
        ["membership_tier", "consent_sms", "consent_wechat", "birth_date"]
    ].copy()
    table["days_since_order"] = (as_of - last).dt.days.reindex(table.index).fillna(9999).astype(int)
    table["store_share"] = store.reindex(table.index).fillna(0.0)
    table["online_share"] = online.reindex(table.index).fillna(0.0)
    table["app_user"] = app_user.reindex(table.index).fillna(False).astype(bool)
    table["birthday_month"] = table.pop("birth_date").dt.month == as_of.month
    return table


def trigger_members(*, as_of: str | pd.Timestamp | None = None) -> pd.DataFrame:
    """One row per member with what a trigger can use.

    Parameters
    ----------
    as_of : str or Timestamp, optional
        Default the course's today (``data.AS_OF``).

    Returns
    -------
    pandas.DataFrame
        Indexed by ``customer_id``: ``membership_tier``, ``consent_sms``, ``consent_wechat``,
        ``days_since_order``, ``store_share``, ``online_share``, ``app_user`` and
        ``birthday_month`` (the birthday falls in the month of ``as_of``).

    Examples
    --------
    >>> members = trigger_members()
    >>> len(members), bool(members["store_share"].between(0, 1).all())
    (5000, True)
    """
    from .. import data

    return _members(data.AS_OF if as_of is None else to_timestamp(as_of, "as_of")).copy()


def _audience(members: pd.DataFrame, audience: str) -> np.ndarray:
    if audience == "all_members":
        return np.ones(len(members), dtype=bool)
    if audience == "lapsed_60":
        return (members["days_since_order"] > 60).to_numpy()
    if audience == "high_value":
        return members["membership_tier"].isin(["gold", "platinum"]).to_numpy()
    if audience == "store_regulars":
        return (members["store_share"] >= 0.5).to_numpy()
    raise CourseDataError(f"unknown audience {audience!r}.")


def _fire_probability(members: pd.DataFrame, fire: str) -> np.ndarray:
    if fire == "store":
        return 0.6 * members["store_share"].to_numpy()
    if fire == "online":
        return 0.5 * members["online_share"].to_numpy()
    if fire == "birthday":
        return members["birthday_month"].to_numpy().astype(float)
    if fire == "everyone":
        return np.ones(len(members))
    raise CourseDataError(f"unknown signal kind {fire!r}.")


def _run_trigger(case: Case, chosen: dict, *, seed) -> dict:
    rng = make_rng(seed)
    members = trigger_members()
    audience_name = next(k for k, v in case.steps["audience"]["options"].items() if v is chosen["audience"])
    audience, signal = chosen["audience"], chosen["signal"]
    channel, offer = chosen["channel"], chosen["offer"]
    in_audience = _audience(members, audience_name)
    consent = members[channel["consent"]].to_numpy().astype(bool)
    fired = rng.random(len(members)) < _fire_probability(members, signal["fire"])
    eligible = in_audience & consent & fired
    control = eligible & (rng.random(len(members)) < case.spec["control_share"])
    treated = eligible & ~control
    p_base = audience["base"] * signal["intent"]
    p_treated = min(p_base * (1 + channel["response"] * offer["lift"] * signal["relevance"]), 0.95)
    draws = rng.random(len(members))
    converted_control = control & (draws < p_base)
    converted_treated = treated & (draws < p_treated)
    opted_out = treated & (rng.random(len(members)) < channel["opt_out"] * 1.4 / signal["relevance"])
    n_treated, n_control = int(treated.sum()), int(control.sum())
    rate_treated = converted_treated.sum() / n_treated if n_treated else 0.0
    rate_control = converted_control.sum() / n_control if n_control else 0.0
    uplift = p_treated - p_base  # what the message really adds (the model)
    incremental_orders = uplift * n_treated
    n_opt_outs = int(opted_out.sum())
    cost = (
        n_treated * channel["contact_cost"]
        + n_treated * p_treated * offer["offer_cost"]
        + n_opt_outs * case.spec["opt_out_cost"]
    )
    margin = incremental_orders * case.spec["basket"] * case.spec["margin"]
    return {
        "audience": int(in_audience.sum()),
        "signals": int((in_audience & fired).sum()),
        "contacted": n_treated,
        "control": n_control,
        "conversion_treated": float(rate_treated),
        "conversion_control": float(rate_control),
        "measured_uplift": float(rate_treated - rate_control),
        "uplift": float(uplift),
        "incremental_orders": float(incremental_orders),
        "cost": float(cost),
        "incremental_margin": float(margin - cost),
        "opt_outs": n_opt_outs,
        "opt_out_rate": n_opt_outs / n_treated if n_treated else 0.0,
    }
