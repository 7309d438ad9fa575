"""Run a rule set in the customer-base simulator (analytics layer, on top of simulation).

The simulator of :mod:`course_lib.simulation` works with priced *levers*, not rules, so a
rule set is translated into the levers it pulls (:func:`rules_strategy`):

- a ``no_purchase`` rule with an ``offer_value`` is a win-back offer (``winback_offer``);
- a ``birthday_month`` rule is the birthday double-points gift (``birthday_double``);
- a ``complaint_waiting`` rule is a dedicated agent who follows up complainants, with
  ``offer_value`` as compensation;
- every other rule adds messages to the interaction cadence (``contacts_per_month``, by
  channel: SMS, WeChat, app push), spread over the active customers. Phone, e-mail and
  in-store contacts are outside the simulator's channels and are not counted.

How many messages a rule sends in a month (:func:`monthly_contacts`) follows from the
contacts it makes on ``day``: a rule on an *event* (``days_after_order``) meets new customers
every day, so a month is 30 such days; a rule on a *state* (no purchase for 90 days, a low
health score, the birthday month…) meets mostly the same customers again tomorrow, so its
frequency cap decides: once every ``frequency_cap_days`` days, or every day without a cap.

:func:`simulate_rules` then runs the baseline and the rule set on the same seed and reports
the difference: the uplift of revenue and profit, the cost, and two of the case's KPIs as
:mod:`course_lib.kpis` defines them (:data:`KPI_COLUMNS`): ``repurchase_rate_last3`` is the
case's *monthly* repurchase rate (``monthly_repurchase_rate`` 月复购率: customers active at the
start of a month who order in it), ``nps_last3`` the net promoter score (``nps`` 净推荐值), each
averaged over the last three simulated months — not chapter 1's yearly repurchase rate. The
simulator has no opt-out mechanics, so opt-outs come from the measured wake-up campaign
(:func:`course_lib.workbench.estimate_impact`), for the contacts of one month.
"""

from __future__ import annotations

import pandas as pd

from ..language import N_, tr
from ..validation import CourseDataError
from .impact import estimate_impact
from .rules import TRIGGERS, RuleSet, evaluate_rules, validate_rules
from .tables import course_day, table

__all__ = ["KPI_COLUMNS", "monthly_contacts", "rules_strategy", "simulate_rules"]

#: The KPI columns of :func:`simulate_rules` → the KPI of :data:`course_lib.kpis.KPIS` they report.
KPI_COLUMNS = {"repurchase_rate_last3": "monthly_repurchase_rate", "nps_last3": "nps"}

_SIM_CHANNELS = {"sms": 0, "wechat": 1, "app_push": 3}  # simulator mix: sms, wechat, community, app


def _active_customers(day: pd.Timestamp) -> int:
    orders = table("orders")
    recent = orders.loc[(orders["order_date"] < day) & (orders["order_date"] >= day - pd.Timedelta(days=365))]
    return max(int(recent["customer_id"].nunique()), 1)


def monthly_contacts(rules, contacts) -> pd.Series:
    """Messages each rule sends in a month, from the contacts it makes on one day.

    Examples
    --------
    >>> rules = [{"name": "wake", "trigger": {"type": "no_purchase"}, "channel": "sms",
    ...           "offer": "Coupon", "frequency_cap_days": 30},
    ...          {"name": "thanks", "trigger": {"type": "days_after_order"}, "channel": "sms",
    ...           "offer": "How was it?"}]
    >>> day = pd.DataFrame({"rule": ["wake"] * 300 + ["thanks"] * 10})
    >>> monthly_contacts(rules, day).to_dict()
    {'wake': 300.0, 'thanks': 300.0}
    """
    parsed = validate_rules(rules)
    counts = contacts["rule"].value_counts()
    out = {}
    for rule in parsed:
        today = float(counts.get(rule.name, 0))
        per_month = 30.0 if TRIGGERS[rule.trigger].event else 30.0 / max(rule.frequency_cap_days, 1)
        out[rule.name] = today * min(per_month, 30.0)
    return pd.Series(out, name="contacts_per_month", dtype=float)


def rules_strategy(rules, *, day, contacts=None):
    """The simulator :class:`~course_lib.simulation.Strategy` that a rule set amounts to.

    Examples
    --------
    >>> s = rules_strategy([{"name": "wake", "trigger": {"type": "no_purchase", "days": 90},
    ...                      "channel": "sms", "offer": "Buy one get one", "offer_value": 25}],
    ...                    day="2024-10-15")
    >>> s.winback_offer, s.name
    (25.0, 'rule set')
    """
    from ..simulation import BASELINE

    parsed = validate_rules(rules)
    day = course_day(day, "day")
    contacts = evaluate_rules(parsed, day=day) if contacts is None else contacts
    by_rule = monthly_contacts(parsed, contacts)
    levers: dict = {}
    per_channel = [0.0, 0.0, 0.0, 0.0]
    for rule in parsed:
        if rule.trigger == "no_purchase" and rule.offer_value > 0:
            levers["winback_offer"] = max(levers.get("winback_offer", 0.0), rule.offer_value)
        elif rule.trigger == "birthday_month":
            levers["birthday_double"] = True
        elif rule.trigger == "complaint_waiting":
            levers["dedicated_agent"] = True
            levers["compensation"] = max(levers.get("compensation", 0.0), rule.offer_value)
        elif rule.channel in _SIM_CHANNELS:
            per_channel[_SIM_CHANNELS[rule.channel]] += float(by_rule[rule.name])
    active = _active_customers(day)
    base = BASELINE.contacts_per_month
    extra = [n / active for n in per_channel]
    total = base + sum(extra)
    if total > 30:
        raise CourseDataError(
            f"the rules send {total:.1f} messages per active customer a month; "
            "the simulator allows up to 30. Add frequency caps or narrow the audiences."
        )
    mix = [(base * b + e) / total for b, e in zip(BASELINE.channel_mix, extra)]
    return BASELINE.replace(
        name="rule set", contacts_per_month=round(total, 3), channel_mix=tuple(mix), **levers
    )


def simulate_rules(
    rules: RuleSet,
    *,
    day: str | pd.Timestamp,
    n_customers: int = 5000,
    months: int = 6,
    seed: int = 0,
    contact_cost: float = 0.5,
    offer_cost: float = 25.0,
) -> pd.DataFrame:
    """Baseline against the rule set in the simulator, plus the opt-outs the rules would cause.

    Parameters
    ----------
    rules : list of dict or Rule, or path
        The rule set (see :mod:`course_lib.workbench.rules`).
    day : date-like
        The day whose contacts stand for a typical day of the rule set.
    n_customers, months, seed : int
        The simulation's size, length and seed (the baseline runs on the same seed).
    contact_cost, offer_cost : float
        Cost of one message and of the offer per customer who takes it up, in CNY.

    Returns
    -------
    pandas.DataFrame
        Rows ``baseline``, ``rule set`` and ``difference`` (基线, 规则集, 差值 in the
        Chinese course); columns ``revenue``, ``cost``,
        ``profit`` (CNY over ``months``), ``repurchase_rate_last3`` and ``nps_last3`` (the case's
        monthly repurchase rate and NPS of :mod:`course_lib.kpis`, means of the last three
        months; see :data:`KPI_COLUMNS`), and ``opt_outs`` (expected over ``months`` from the measured campaign;
        0 for the baseline, which sends no rule-based message).

    Examples
    --------
    >>> rules = [{"name": "wake", "trigger": {"type": "no_purchase", "days": 90}, "channel": "sms",
    ...           "offer": "Buy one get one", "offer_value": 25, "frequency_cap_days": 30}]
    >>> table = simulate_rules(rules, day="2024-10-15", n_customers=2000, months=3, seed=1)
    >>> table.index.tolist()
    ['baseline', 'rule set', 'difference']
    """
    from ..simulation import BASELINE, simulate

    parsed = validate_rules(rules)
    contacts = evaluate_rules(parsed, day=day)
    strategy = rules_strategy(parsed, day=day, contacts=contacts)
    columns = ["revenue", "cost", "profit", "repurchase_rate_last3", "nps_last3"]
    base = simulate(BASELINE, n_customers=n_customers, months=months, seed=seed).totals[columns]
    ruled = simulate(strategy, n_customers=n_customers, months=months, seed=seed).totals[columns]
    out = pd.DataFrame([base, ruled], index=["baseline", "rule set"])
    scale = n_customers / len(table("customers"))
    per_month = monthly_contacts(parsed, contacts)
    opt_outs = 0.0
    if per_month.sum() > 0:
        impact = estimate_impact(per_month, contact_cost=contact_cost, offer_cost=offer_cost)
        opt_outs = float(impact.loc["total", "opt_outs"]) * scale * months
    out["opt_outs"] = [0.0, round(opt_outs, 1)]
    out.loc["difference"] = out.loc["rule set"] - out.loc["baseline"]
    return out.rename(index=lambda row: tr(_ROWS.get(row, row)))


#: The rows of :func:`simulate_rules`, labelled in the course's language when shown.
_ROWS = {"baseline": N_("baseline"), "rule set": N_("rule set"), "difference": N_("difference")}
