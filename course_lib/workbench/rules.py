"""Marketing-automation rules (营销自动化) as data, and their evaluation (analytics layer).

A rule is a dict (or a YAML/JSON file of them) with a **trigger**, an **audience** filter, a
**channel**, an **offer**, a **frequency cap**, **quiet hours** and a **priority**::

    name: dormancy_wakeup
    trigger: {type: no_purchase, days: 90, max_days: 365}
    audience: {membership_tiers: [member, silver], min_orders: 2}   # membership tiers 普通会员, 银卡
    channel: wechat
    offer: "Bring a friend: buy one, get one free"
    offer_value: 25             # CNY the offer costs per customer who takes it up (optional)
    frequency_cap_days: 30      # skip anyone contacted by any campaign in the last 30 days
    quiet_hours: [21, 9]        # never send between 21:00 and 09:00
    send_hour: 19               # outside the quiet hours, or the rule is refused
    priority: 50                # the higher number wins when rules conflict

Trigger types (``trigger.type``), each registered once in :data:`TRIGGERS` with what makes
it fire, its parameters and its evaluator (validation, evaluation, :func:`trigger_table` and
this list all read that registry; adding a trigger is one decorated function):

.. the list of triggers is generated here from TRIGGERS when the module loads

Audience filters (``audience``): ``membership_tiers`` (the loyalty programme's member, silver,
gold, platinum = 普通会员/银卡/金卡/白金卡), ``value_tiers`` (chapter 2's analytics tiers diamond,
silver, bronze, iron = 金钻/白银/铜/铁, as of ``day``, with :data:`course_lib.tiers.TIER_CUTOFFS`:
top 18 % of buyers Diamond, next 22 % Silver, next 30 % Bronze), ``segments`` (the RFM
segments of :data:`course_lib.rfm.SEGMENTS`), ``city_tiers`` (1–4), ``consent`` (consent
flags the customer must also have given, e.g. ``[consent_email]``), ``min_orders`` and
``max_orders``. Consent for the rule's own channel is always required.

:func:`evaluate_rules` returns at most one contact per customer and day: rules are tried
from the highest priority down, and a customer taken by one rule is not offered to the
next. Only what happened before ``day`` is known.

Taught in chapter 7 (``notebooks/07_crm_workbench.ipynb``); the editor is
:func:`course_lib.widgets.workbench.rules_editor`.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from ..language import language, tr
from ..validation import CourseDataError, require_number, require_whole
from .store import CHANNEL_CONSENT
from .tables import cached, clear_cache, course_day, latest_health, membership_tiers, table, value_table

__all__ = [
    "Rule",
    "Trigger",
    "Param",
    "TRIGGERS",
    "AUDIENCE_KEYS",
    "validate_rules",
    "load_rules",
    "save_rules",
    "evaluate_rules",
    "customer_facts",
    "rule_table",
    "trigger_table",
    "clear_cache",
]

AUDIENCE_KEYS = (
    "membership_tiers",
    "value_tiers",
    "segments",
    "city_tiers",
    "consent",
    "min_orders",
    "max_orders",
)
MEMBERSHIP_TIERS = ("member", "silver", "gold", "platinum")
VALUE_TIERS = ("diamond", "silver", "bronze", "iron")
#: The two tier systems an audience can filter on, told apart (both have a "silver").
TIER_SYSTEMS = (
    "Value tiers (diamond, silver, bronze, iron = 金钻/白银/铜/铁) are chapter 2's analytics "
    "classification by spend; membership tiers (member, silver, gold, platinum = "
    "普通会员/银卡/金卡/白金卡) are the loyalty programme the customer sees."
)
CONSENT_FLAGS = ("consent_sms", "consent_email", "consent_wechat", "consent_phone")
_RULE_KEYS = {
    "name",
    "description",
    "trigger",
    "audience",
    "channel",
    "offer",
    "offer_value",
    "frequency_cap_days",
    "quiet_hours",
    "send_hour",
    "priority",
}


# ------------------------------------------------------------------------ trigger registry
@dataclass(frozen=True)
class Param:
    """One parameter of a trigger: its default and the values it takes.

    A whole number between ``low`` and ``high`` (either may be None), or, with ``choices``,
    one of the names that function returns; ``optional`` lets ``None`` (no limit) through.
    """

    default: Any
    low: int | None = 1
    high: int | None = None
    optional: bool = False
    choices: Callable[[], Sequence[str]] | None = None

    def check(self, value, where: str, name: str):
        """Return ``value`` checked, or raise naming the rule (``where``) and the field."""
        if value is None and self.optional:
            return None
        if self.choices is not None:
            allowed = list(self.choices())
            if value not in allowed:
                raise _fail(where, name, tr("one of {allowed}").format(allowed=allowed), value)
            return value
        return _checked(require_whole, value, where, name, low=self.low, high=self.high)


@dataclass(frozen=True)
class Trigger:
    """A trigger type: when it fires, its parameters and the function that evaluates it.

    ``fires(params, facts)`` returns a boolean Series (does the trigger fire for each
    customer on the facts' day?) and a Series of reason texts, both indexed by customer.
    ``event`` marks triggers that fire on a one-day event (a contact a month per customer
    in the simulator, :func:`course_lib.workbench.simulate_rules`); ``check(params, where)``
    checks the parameters together, after each was checked alone.
    """

    name: str
    fires_when: str
    params: Mapping[str, Param]
    fires: Callable[[dict, _Facts], tuple[pd.Series, pd.Series]]
    event: bool = False
    check: Callable[[dict, str], None] | None = None

    @property
    def defaults(self) -> dict[str, Any]:
        """The parameters with their defaults, as a new dict."""
        return {key: param.default for key, param in self.params.items()}


#: Trigger type → :class:`Trigger`, filled by the ``@_trigger`` evaluators below.
TRIGGERS: dict[str, Trigger] = {}


def _trigger(name: str, fires_when: str, *, event: bool = False, check=None, **params: Param):
    """Register the decorated evaluator as the trigger ``name`` (see :class:`Trigger`)."""

    def register(func):
        TRIGGERS[name] = Trigger(name, fires_when, params, func, event=event, check=check)
        return func

    return register


@dataclass(frozen=True)
class Rule:
    """A validated automation rule (see the module docstring for the fields)."""

    name: str
    trigger: str
    params: dict
    channel: str
    offer: str
    audience: dict = field(default_factory=dict)
    frequency_cap_days: int = 0
    quiet_hours: tuple[int, int] | None = None
    send_hour: int = 10
    priority: int = 0
    description: str = ""
    offer_value: float = 0.0

    def scheduled_hour(self) -> int:
        """The send hour moved out of the quiet hours (to the hour they end).

        :func:`validate_rules` refuses a rule (a dict or a :class:`Rule`) whose send hour falls
        in its quiet hours; a :class:`Rule` built directly is still never scheduled in them.

        Examples
        --------
        >>> Rule("r", "birthday_month", {}, "sms", "gift", send_hour=22, quiet_hours=(21, 9)).scheduled_hour()
        9
        """
        if self.quiet_hours is None:
            return self.send_hour
        return self.quiet_hours[1] if _in_quiet_hours(self.send_hour, self.quiet_hours) else self.send_hour

    def as_dict(self) -> dict[str, Any]:
        """The rule as the plain dict a YAML or JSON rule file holds.

        Examples
        --------
        >>> Rule("bday", "birthday_month", {}, "sms", "Double points").as_dict()["trigger"]
        {'type': 'birthday_month'}
        """
        trigger = {"type": self.trigger, **{k: v for k, v in self.params.items() if v is not None}}
        out = {
            "name": self.name,
            "description": self.description,
            "trigger": trigger,
            "audience": self.audience,
            "channel": self.channel,
            "offer": self.offer,
            "offer_value": self.offer_value,
            "frequency_cap_days": self.frequency_cap_days,
            "send_hour": self.send_hour,
            "priority": self.priority,
        }
        if self.quiet_hours is not None:
            out["quiet_hours"] = list(self.quiet_hours)
        return out


#: What the rule functions accept: rule dicts or :class:`Rule` objects (or one of them), or a rule file.
RuleSet = Sequence[Mapping[str, Any] | Rule] | Mapping[str, Any] | Rule | str | Path
#: A day: ``"2024-10-15"`` or a Timestamp.
DateLike = str | pd.Timestamp


def _in_quiet_hours(hour: int, quiet) -> bool:
    """True when ``hour`` (0–23) lies in the quiet hours ``[start, end)``.

    Examples
    --------
    >>> _in_quiet_hours(22, (21, 9)), _in_quiet_hours(3, (21, 9)), _in_quiet_hours(9, (21, 9))
    (True, True, False)
    >>> _in_quiet_hours(13, (12, 14)), _in_quiet_hours(14, (12, 14))
    (True, False)
    """
    start, end = quiet
    if start > end:  # the quiet time runs over midnight, e.g. 21:00 → 09:00
        return hour >= start or hour < end
    return start <= hour < end


#: Examples inside messages, kept out of the messages' {placeholders}.
_TRIGGER_EXAMPLE = "{type: no_purchase, days: 90}"
_AUDIENCE_EXAMPLE = "{membership_tiers: [gold]}"


def _fail(where: str, field_name: str, expected: str, got) -> CourseDataError:
    """The error of a rule's field: ``expected`` is already in the course's language."""
    message = tr("{where}: `{field}` must be {expected}; got {got}.")
    return CourseDataError(message.format(where=where, field=field_name, expected=expected, got=repr(got)))


def _checked(check: Callable, value, where: str, name: str, **bounds):
    """Run a :mod:`course_lib.validation` check on a rule's field, the rule named in front."""
    try:
        return check(value, name, **bounds)
    except (TypeError, CourseDataError) as error:
        raise type(error)(f"{where}: {error}") from None


def _choices(value, where, name, allowed):
    if not isinstance(value, list) or not value or not set(value) <= set(allowed):
        raise _fail(where, name, tr("a non-empty list from {allowed}").format(allowed=list(allowed)), value)
    return list(value)


def _trigger_params(trigger, where: str) -> tuple[str, dict]:
    if not isinstance(trigger, dict) or "type" not in trigger:
        raise _fail(
            where,
            "trigger",
            tr("a mapping with a `type`, e.g. {example}").format(example=_TRIGGER_EXAMPLE),
            trigger,
        )
    kind = trigger["type"]
    if kind not in TRIGGERS:
        raise _fail(where, "trigger.type", tr("one of {allowed}").format(allowed=sorted(TRIGGERS)), kind)
    spec = TRIGGERS[kind]
    params = spec.defaults
    for key, value in trigger.items():
        if key == "type":
            continue
        if key not in spec.params:
            raise CourseDataError(
                f"{where}: `trigger.{key}` is not a parameter of {kind}; "
                f"it takes {sorted(spec.params) or 'none'}."
            )
        params[key] = spec.params[key].check(value, where, f"trigger.{key}")
    if spec.check is not None:
        spec.check(params, where)
    return kind, params


def _tier_choices(key: str, value, where: str) -> list:
    """The audience's membership or value tiers; a value tier among membership tiers (or the
    other way round) is named, since both systems have a "silver"."""
    allowed, other, other_key = (
        (MEMBERSHIP_TIERS, VALUE_TIERS, "value_tiers")
        if key == "membership_tiers"
        else (VALUE_TIERS, MEMBERSHIP_TIERS, "membership_tiers")
    )
    try:
        return _choices(value, where, f"audience.{key}", allowed)
    except CourseDataError as error:
        mixed = (
            sorted({v for v in value if isinstance(v, str) and v in other and v not in allowed})
            if isinstance(value, list)
            else []
        )
        if not mixed:
            raise
        kind = "value" if key == "membership_tiers" else "membership"
        what = f"is a {kind} tier" if len(mixed) == 1 else f"are {kind} tiers"
        both = (
            " 'silver' in this list means the membership tier silver 银卡."
            if key == "membership_tiers" and "silver" in value
            else ""
        )
        raise CourseDataError(
            f"{error} {', '.join(mixed)} {what}: use `audience.{other_key}` for "
            f"{'it' if len(mixed) == 1 else 'them'}.{both} {TIER_SYSTEMS}"
        ) from None


def _tier_text(key: str, tiers) -> str:
    """An audience's tiers with the system they belong to, e.g. 'value tiers Diamond 金钻, Silver 白银'."""
    from .view import membership_label, value_label

    label = value_label if key == "value_tiers" else membership_label
    system = "value tiers" if key == "value_tiers" else "membership tiers"
    return f"{system} " + ", ".join(label(t) for t in tiers)


def _audience(audience, where: str) -> dict:
    from ..rfm import SEGMENTS

    if audience is None:
        return {}
    if not isinstance(audience, dict):
        raise _fail(
            where, "audience", tr("a mapping such as {example}").format(example=_AUDIENCE_EXAMPLE), audience
        )
    checked = {}
    for key, value in audience.items():
        name = f"audience.{key}"
        if key in ("membership_tiers", "value_tiers"):
            checked[key] = _tier_choices(key, value, where)
        elif key == "segments":
            checked[key] = _choices(value, where, name, list(SEGMENTS.index))
        elif key == "city_tiers":
            checked[key] = _choices(value, where, name, [1, 2, 3, 4])
        elif key == "consent":
            checked[key] = _choices(value, where, name, CONSENT_FLAGS)
        elif key in ("min_orders", "max_orders"):
            checked[key] = _checked(require_whole, value, where, name, low=0)
        else:
            raise CourseDataError(f"{where}: `{name}` is unknown; use {list(AUDIENCE_KEYS)}.")
    return checked


def _one_rule(raw, index: int) -> Rule:
    if not isinstance(raw, dict):
        raise CourseDataError(
            f"rule {index}: must be a mapping of fields (name, trigger, channel, "
            f"offer, …); got {type(raw).__name__}."
        )
    name = raw.get("name")
    where = (
        tr("rule {index} ({name})").format(index=index, name=repr(name))
        if name
        else tr("rule {index}").format(index=index)
    )
    if not isinstance(name, str) or not name.strip():
        raise _fail(where, "name", tr("a non-empty text"), name)
    unknown = sorted(set(raw) - _RULE_KEYS)
    if unknown:
        raise CourseDataError(f"{where}: unknown field(s) {unknown}; the fields are {sorted(_RULE_KEYS)}.")
    kind, params = _trigger_params(raw.get("trigger"), where)
    channel = raw.get("channel")
    if channel not in CHANNEL_CONSENT:
        raise _fail(where, "channel", tr("one of {allowed}").format(allowed=sorted(CHANNEL_CONSENT)), channel)
    offer = raw.get("offer")
    if not isinstance(offer, str) or not offer.strip():
        raise _fail(where, "offer", tr("a non-empty text describing what the customer gets"), offer)
    quiet = raw.get("quiet_hours")
    if quiet is not None:
        if not isinstance(quiet, (list, tuple)) or len(quiet) != 2:
            raise _fail(where, "quiet_hours", tr("two hours [start, end], e.g. [21, 9]"), quiet)
        quiet = tuple(_checked(require_whole, h, where, "quiet_hours", low=0, high=23) for h in quiet)
        if quiet[0] == quiet[1]:
            raise _fail(where, "quiet_hours", tr("two different hours [start, end]"), list(quiet))
    value = _checked(require_number, raw.get("offer_value", 0), where, "offer_value", low=0, high=2000)
    description = raw.get("description", "")
    if not isinstance(description, str):
        raise _fail(where, "description", tr("a text"), description)
    send_hour = _checked(require_whole, raw.get("send_hour", 10), where, "send_hour", low=0, high=23)
    if quiet is not None and _in_quiet_hours(send_hour, quiet):
        given = "send_hour" in raw
        first, last = quiet[1], (quiet[0] - 1) % 24
        raise CourseDataError(
            f"{where}: `send_hour` {send_hour}{'' if given else ' (the default when none is given)'} "
            f"falls inside the rule's own quiet hours {list(quiet)} ({quiet[0]:02d}:00–{quiet[1]:02d}:00), "
            f"when no message may go out; choose a send hour between {first} and {last}."
        )
    return Rule(
        name=name.strip(),
        trigger=kind,
        params=params,
        channel=channel,
        offer=offer.strip(),
        audience=_audience(raw.get("audience"), where),
        frequency_cap_days=_checked(
            require_whole, raw.get("frequency_cap_days", 0), where, "frequency_cap_days", low=0
        ),
        quiet_hours=quiet,
        send_hour=send_hour,
        priority=_checked(require_whole, raw.get("priority", 0), where, "priority", low=-1000, high=1000),
        description=description.strip(),
        offer_value=float(value),
    )


def validate_rules(rules: RuleSet) -> list[Rule]:
    """Validate rule dicts (or a path to a YAML/JSON rule file) and return :class:`Rule` objects.

    Messages name the rule and the field. A send hour inside the rule's own quiet hours is
    refused too: the rule would promise a time it can never keep. A :class:`Rule` object is
    checked exactly as its dict (:meth:`Rule.as_dict`) would be.

    Parameters
    ----------
    rules : list of dict or Rule, a single rule, or a path
        The rules, or a YAML/JSON rule file (see the module docstring for the fields).

    Returns
    -------
    list of Rule
        The rules with every default filled in, in the order given.

    Raises
    ------
    TypeError
        ``rules`` is not a list, rule or path; a number field holds text.
    CourseDataError
        A field is missing or wrong; the message names the rule and the field.

    Examples
    --------
    >>> validate_rules([{"name": "dormant", "trigger": {"type": "no_purchase", "days": -3},
    ...                  "channel": "sms", "offer": "A coupon"}])
    Traceback (most recent call last):
    ...
    course_lib.validation.CourseDataError: rule 1 ('dormant'): `trigger.days` must be ≥ 1; got -3.
    >>> validate_rules([{"name": "late", "trigger": {"type": "birthday_month"}, "channel": "sms",
    ...                  "offer": "Double points", "send_hour": 22, "quiet_hours": [21, 9]}])
    Traceback (most recent call last):
    ...
    course_lib.validation.CourseDataError: rule 1 ('late'): `send_hour` 22 falls inside the rule's own quiet hours [21, 9] (21:00–09:00), when no message may go out; choose a send hour between 9 and 20.
    """
    if isinstance(rules, (str, Path)):
        rules = load_rules(rules, validate=False)
    if isinstance(rules, (dict, Rule)):
        rules = [rules]
    if not isinstance(rules, (list, tuple)):
        raise TypeError(
            f"`rules` must be a list of rule dicts or a path to a rule file; got {type(rules).__name__}."
        )
    if not rules:
        raise CourseDataError("`rules` is empty; give at least one rule.")
    parsed = [_one_rule(r.as_dict() if isinstance(r, Rule) else r, i) for i, r in enumerate(rules, start=1)]
    names = [r.name for r in parsed]
    duplicated = sorted({n for n in names if names.count(n) > 1})
    if duplicated:
        raise CourseDataError(f"`rules` use the name(s) {duplicated} more than once; names must be unique.")
    return parsed


def load_rules(path: str | Path, *, validate: bool = True) -> list[Rule] | list[dict]:
    """Read a rule file (YAML or JSON: a list of rules, or a mapping with a ``rules`` list).

    Parameters
    ----------
    path : str or pathlib.Path
        The rule file; ``.json`` is read as JSON, anything else as YAML.
    validate : bool
        Return validated :class:`Rule` objects (default), or the raw dicts.

    Returns
    -------
    list of Rule, or list of dict
        The rules in the file's order.

    Examples
    --------
    >>> from course_lib.course import DATASETS
    >>> [r.name for r in load_rules(DATASETS / "rules" / "dormancy_wakeup.yaml")]
    ['dormancy_wakeup_wechat', 'dormancy_wakeup_sms']
    """
    import yaml

    path = Path(path)
    if not path.exists():
        raise CourseDataError(f"rule file {path.name} does not exist (looked in {path.parent.name}/).")
    text = path.read_text(encoding="utf-8")
    kind = "JSON" if path.suffix == ".json" else "YAML"
    try:
        content = json.loads(text) if path.suffix == ".json" else yaml.safe_load(text)
    except (ValueError, yaml.YAMLError) as error:
        raise CourseDataError(f"rule file {path.name} is not valid {kind}: {error}") from None
    if isinstance(content, dict) and "rules" in content:
        content = content["rules"]
    if not isinstance(content, list):
        raise CourseDataError(
            f"rule file {path.name} must hold a list of rules (or `rules:` "
            f"with a list); found {type(content).__name__}."
        )
    return validate_rules(content) if validate else content


def save_rules(rules: RuleSet, path: str | Path, *, overwrite: bool = False) -> Path:
    """Validate ``rules`` and write them to a YAML (or ``.json``) file; return the path.

    An existing file is never replaced unless ``overwrite=True``: a trainee's rule set is
    their work.

    Parameters
    ----------
    rules : list of dict or Rule, or path
        The rules to write (validated first).
    path : str or pathlib.Path
        The file to write, ending in ``.yaml``, ``.yml`` or ``.json``.
    overwrite : bool
        Replace an existing file.

    Returns
    -------
    pathlib.Path
        The file written.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> save_rules([{"name": "bday", "trigger": {"type": "birthday_month"}, "channel": "sms",
    ...              "offer": "Double points"}], folder / "mine.yaml").name
    'mine.yaml'
    """
    import yaml

    parsed = validate_rules(rules)
    path = Path(path)
    if path.suffix not in (".yaml", ".yml", ".json"):
        raise CourseDataError(f"`path` must end in .yaml, .yml or .json; got {path.name!r}.")
    if path.exists() and not overwrite:
        raise CourseDataError(
            f"{path.name} exists already; choose another name or pass overwrite=True to replace it."
        )
    plain = [r.as_dict() for r in parsed]
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.suffix == ".json":
        path.write_text(json.dumps({"rules": plain}, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    else:
        path.write_text(
            yaml.safe_dump({"rules": plain}, allow_unicode=True, sort_keys=False), encoding="utf-8"
        )
    return path


def rule_table(rules: RuleSet) -> pd.DataFrame:
    """The rules as a readable table (one row per rule, highest priority first).

    Parameters
    ----------
    rules : list of dict or Rule, or path
        The rules (validated first).

    Returns
    -------
    pandas.DataFrame
        ``rule``, ``priority``, ``trigger``, ``parameters``, ``audience``, ``channel``,
        ``offer``, ``cap (days)`` and ``send at``.

    Examples
    --------
    >>> rule_table([{"name": "bday", "trigger": {"type": "birthday_month"}, "channel": "sms",
    ...              "offer": "Double points", "send_hour": 19, "quiet_hours": [21, 9]}])[["rule", "send at"]]
       rule send at
    0  bday   19:00
    """
    parsed = validate_rules(rules)
    rows = [
        {
            "rule": r.name,
            "priority": r.priority,
            "trigger": r.trigger,
            "parameters": ", ".join(f"{k}={v}" for k, v in r.params.items() if v is not None),
            "audience": "; ".join(
                _tier_text(k, v) if k in ("value_tiers", "membership_tiers") else f"{k}={v}"
                for k, v in r.audience.items()
            )
            or tr("everyone"),
            "channel": r.channel,
            "offer": r.offer,
            tr("cap (days)"): r.frequency_cap_days,
            tr("send at"): f"{r.scheduled_hour():02d}:00",
        }
        for r in parsed
    ]
    return pd.DataFrame(rows).sort_values("priority", ascending=False, kind="stable").reset_index(drop=True)


# ---------------------------------------------------------------------------- evaluation
@dataclass(frozen=True)
class _Facts:
    """What the rules may know on one day: a frame per customer and the raw events."""

    day: pd.Timestamp
    frame: pd.DataFrame
    orders: pd.DataFrame
    tickets: pd.DataFrame
    contacts: pd.DataFrame


@cached(maxsize=8)
def _facts(day: pd.Timestamp) -> _Facts:
    customers = table("customers").set_index("customer_id")
    orders = table("orders")
    orders = orders.loc[orders["order_date"] < day, ["customer_id", "order_date"]]
    by = orders.groupby("customer_id")
    frame = pd.DataFrame(index=customers.index)
    frame["membership_tier"] = membership_tiers(day).reindex(frame.index).astype(str)
    frame["city_tier"] = customers["city_tier"].astype(int)
    frame["birth_month"] = customers["birth_date"].dt.month
    for flag in CONSENT_FLAGS:
        frame[flag] = customers[flag].astype(bool)
    frame["n_orders"] = by.size().reindex(frame.index, fill_value=0).astype(int)
    frame["days_since_order"] = (day - by["order_date"].max().reindex(frame.index)).dt.days
    this_month = orders.loc[orders["order_date"] >= day.replace(day=1), "customer_id"].value_counts()
    frame["orders_this_month"] = this_month.reindex(frame.index, fill_value=0).astype(int)
    values = value_table(day)
    frame["value_tier"] = values["value_tier"].reindex(frame.index).astype(str)
    frame["segment"] = values["segment"].reindex(frame.index)

    tickets = table("tickets")
    tickets = tickets.loc[tickets["opened_at"] < day, ["customer_id", "opened_at", "first_response_at"]]
    answered = tickets["first_response_at"].where(tickets["first_response_at"] < day)
    tickets = tickets.assign(
        wait_hours=(answered.fillna(day) - tickets["opened_at"]).dt.total_seconds() / 3600,
        age_days=(day - tickets["opened_at"]).dt.total_seconds() / 86400,
    )

    campaigns = table("campaigns")
    contacts = campaigns.loc[
        (campaigns["group"] == "treatment") & (campaigns["contact_date"] < day),
        ["customer_id", "contact_date"],
    ]
    return _Facts(day, frame, orders, tickets, contacts)


@cached(maxsize=8)
def _signals(day: pd.Timestamp, window_days: int) -> pd.DataFrame:
    from ..journey import need_signals

    return need_signals(
        table("customers"),
        orders=table("orders"),
        touchpoints=table("touchpoints"),
        tickets=table("tickets"),
        surveys=table("surveys"),
        campaigns=table("campaigns"),
        as_of=day,
        window_days=window_days,
    )


def customer_facts(day: DateLike) -> pd.DataFrame:
    """One row per customer with what triggers and audiences look at, as of ``day``.

    Parameters
    ----------
    day : str or pandas.Timestamp
        A day of the course's data.

    Returns
    -------
    pandas.DataFrame
        Indexed by ``customer_id``: membership and value tier, segment, city tier, birth
        month, consent flags, orders so far and this month, days since the last order.

    Only data before ``day`` are used (orders, tickets and contacts on ``day`` or later are
    not known yet). Cached per day.

    Examples
    --------
    >>> facts = customer_facts("2024-10-15")
    >>> facts.loc["C00001", "membership_tier"], bool(facts.loc["C00001", "consent_wechat"])
    ('member', True)
    """
    return _facts(course_day(day, "day")).frame.copy(deep=False)


# ------------------------------------------------------------------------------ triggers
def _signal_names() -> list[str]:
    from ..journey import SIGNALS

    return list(SIGNALS.index)


def _max_not_below_days(params: dict, where: str) -> None:
    if params["max_days"] is not None and params["max_days"] < params["days"]:
        raise _fail(
            where,
            "trigger.max_days",
            tr("at least `trigger.days` ({days})").format(days=params["days"]),
            params["max_days"],
        )


def _filled(template: str, **columns: pd.Series | str) -> pd.Series:
    """``template`` filled in row by row from the Series in ``columns`` (strings as they are).

    Placeholders not named in ``columns`` stay as they are.

    Examples
    --------
    >>> _filled("no purchase for {days} days", days=pd.Series(["90", "120"])).tolist()
    ['no purchase for 90 days', 'no purchase for 120 days']
    """
    series = {k: v for k, v in columns.items() if isinstance(v, pd.Series)}
    fixed = {k: v for k, v in columns.items() if not isinstance(v, pd.Series)}
    index = next(iter(series.values())).index
    out = pd.Series(template, index=index)
    for name, value in fixed.items():
        out = out.str.replace("{" + name + "}", value, regex=False)
    for name, value in series.items():
        parts = out.str.split("{" + name + "}", n=1, regex=False)
        out = parts.str[0] + value.astype(str) + parts.str[1]
    return out


@_trigger(
    "no_purchase",
    "the last order is at least ``days`` days old (and at most ``max_days``, if "
    "given); customers who never bought are left out",
    days=Param(90),
    max_days=Param(None, optional=True),
    check=_max_not_below_days,
)
def _no_purchase(p: dict, facts: _Facts) -> tuple[pd.Series, pd.Series]:
    frame = facts.frame
    gap = frame["days_since_order"]
    mask = gap.ge(p["days"]) & frame["n_orders"].gt(0)
    if p["max_days"] is not None:
        mask &= gap.le(p["max_days"])
    return mask, _filled(tr("no purchase for {days} days"), days=gap.fillna(0).astype(int).astype(str))


@_trigger("days_after_order", "an order was placed exactly ``days`` days before", event=True, days=Param(3))
def _days_after_order(p: dict, facts: _Facts) -> tuple[pd.Series, pd.Series]:
    frame = facts.frame
    target = facts.day - pd.Timedelta(days=p["days"])
    ordered = facts.orders.loc[facts.orders["order_date"].dt.normalize() == target, "customer_id"]
    mask = pd.Series(frame.index.isin(ordered.unique()), index=frame.index)
    why = tr("ordered on {date}, {days} days ago").format(date=target.date(), days=p["days"])
    return mask, pd.Series(why, index=frame.index)


@_trigger("birthday_month", "``day`` falls in the customer's birth month")
def _birthday_month(p: dict, facts: _Facts) -> tuple[pd.Series, pd.Series]:
    frame, day = facts.frame, facts.day
    mask = frame["birth_month"].eq(day.month)
    month = day.strftime("%B") if language() == "en" else f"{day.month}月"
    return mask, pd.Series(tr("birthday month ({month})").format(month=month), index=frame.index)


@_trigger("purchases_in_month", "``min_orders`` or more orders so far this month", min_orders=Param(10))
def _purchases_in_month(p: dict, facts: _Facts) -> tuple[pd.Series, pd.Series]:
    frame = facts.frame
    mask = frame["orders_this_month"].ge(p["min_orders"])
    return mask, _filled(tr("{orders} orders this month"), orders=frame["orders_this_month"].astype(str))


@_trigger(
    "complaint_waiting",
    "a ticket opened in the last ``within_days`` days waited (or still "
    "waits) longer than ``hours`` for a first answer",
    hours=Param(1),
    within_days=Param(7),
)
def _complaint_waiting(p: dict, facts: _Facts) -> tuple[pd.Series, pd.Series]:
    t = facts.tickets
    late = t.loc[(t["age_days"] <= p["within_days"]) & (t["wait_hours"] > p["hours"])]
    longest = late.groupby("customer_id")["wait_hours"].max().reindex(facts.frame.index)
    why = tr("a complaint waited {hours} h for a first answer (promise: {promise} h)")
    return longest.notna(), _filled(
        why, hours=longest.fillna(0).round(1).astype(str), promise=str(p["hours"])
    )


@_trigger(
    "health_below",
    "the latest weekly health score (chapter 1) is under ``threshold`` (default 75)",
    threshold=Param(75, low=0, high=100),
)
def _health_below(p: dict, facts: _Facts) -> tuple[pd.Series, pd.Series]:
    score = latest_health(facts.day).reindex(facts.frame.index)
    mask = score.lt(p["threshold"])
    score = score.fillna(0).round(0).astype(int).astype(str)
    return mask, _filled(tr("health score {score} < {threshold}"), score=score, threshold=str(p["threshold"]))


@_trigger(
    "need_signal",
    "the need signal ``signal`` of chapter 3 is on (:data:`course_lib.journey.SIGNALS`)",
    signal=Param("product_search", choices=_signal_names),
    window_days=Param(30),
)
def _need_signal(p: dict, facts: _Facts) -> tuple[pd.Series, pd.Series]:
    frame = facts.frame
    flags = _signals(facts.day, p["window_days"])[p["signal"]].reindex(frame.index, fill_value=False)
    return flags.astype(bool), pd.Series(
        tr("need signal: {signal}").format(signal=p["signal"]), index=frame.index
    )


def trigger_table() -> pd.DataFrame:
    """The trigger types a rule may use: when each fires and its parameters with defaults.

    Parameters
    ----------
    None

    Returns
    -------
    pandas.DataFrame
        Indexed by trigger type, with ``fires when`` and ``parameters``.

    Examples
    --------
    >>> trigger_table().loc["no_purchase", "parameters"]
    'days=90, max_days=None'
    """
    rows = {
        name: {
            "fires when": re.sub(r":\w+:`([^`]+)`", r"\1", t.fires_when).replace("``", ""),
            "parameters": ", ".join(
                f"{k}={v!r}" if isinstance(v, str) else f"{k}={v}" for k, v in t.defaults.items()
            )
            or "—",
        }
        for name, t in TRIGGERS.items()
    }
    return pd.DataFrame.from_dict(rows, orient="index").rename_axis("trigger")


def _trigger_docs() -> str:
    return "\n".join(
        f"- ``{name}`` ({', '.join(f'{k}={v!r}' for k, v in t.defaults.items()) or 'no parameters'}): "
        f"fires for a customer when, on ``day``, {t.fires_when}."
        for name, t in TRIGGERS.items()
    )


def _in_audience(rule: Rule, frame: pd.DataFrame) -> pd.Series:
    a = rule.audience
    mask = pd.Series(True, index=frame.index)
    if "membership_tiers" in a:
        mask &= frame["membership_tier"].isin(a["membership_tiers"])
    if "value_tiers" in a:
        mask &= frame["value_tier"].isin(a["value_tiers"])
    if "segments" in a:
        mask &= frame["segment"].isin(a["segments"])
    if "city_tiers" in a:
        mask &= frame["city_tier"].isin(a["city_tiers"])
    for flag in a.get("consent", []):
        mask &= frame[flag]
    if "min_orders" in a:
        mask &= frame["n_orders"].ge(a["min_orders"])
    if "max_orders" in a:
        mask &= frame["n_orders"].le(a["max_orders"])
    return mask


def _days_since_contact(facts: _Facts, history) -> pd.Series:
    contacts = facts.contacts
    if history is not None:
        if not isinstance(history, pd.DataFrame):
            raise TypeError(
                f"`history` must be a DataFrame of earlier contacts; got {type(history).__name__}."
            )
        from ..validation import require_columns, to_datetime_column

        require_columns(history, ["customer_id", "contact_date"], "history")
        extra = pd.DataFrame(
            {
                "customer_id": history["customer_id"].astype(str),
                "contact_date": to_datetime_column(history, "contact_date", "history"),
            }
        )
        contacts = pd.concat([contacts, extra.loc[extra["contact_date"] < facts.day]], ignore_index=True)
    last = contacts.groupby("customer_id")["contact_date"].max().reindex(facts.frame.index)
    return (facts.day - last).dt.days


def evaluate_rules(rules: RuleSet, *, day: DateLike, history: pd.DataFrame | None = None) -> pd.DataFrame:
    """Who gets what on ``day``, and why: one row per contact.

    Parameters
    ----------
    rules : list of dict, or path
        Rule dicts (see the module docstring) or a YAML/JSON rule file.
    day : date-like
        The day the rules run; only what happened before it is known.
    history : pandas.DataFrame, optional
        Earlier contacts (``customer_id``, ``contact_date``) to count for frequency caps on
        top of the shipped campaign contacts, e.g. the output of earlier days' runs.

    Returns
    -------
    pandas.DataFrame
        Columns ``customer_id``, ``rule``, ``channel``, ``offer``, ``reason``; at most one row
        per customer: the highest-priority rule that fires, whose audience includes the
        customer, who consented to its channel and was not contacted within its frequency
        cap (ties go to the rule listed first). Sorted by customer id.

    Examples
    --------
    >>> rules = [{"name": "birthday", "trigger": {"type": "birthday_month"},
    ...           "channel": "sms", "offer": "Double points this month", "priority": 10}]
    >>> contacts = evaluate_rules(rules, day="2024-06-15")
    >>> list(contacts.columns)
    ['customer_id', 'rule', 'channel', 'offer', 'reason']
    >>> contacts["customer_id"].is_unique
    True
    """
    parsed = validate_rules(rules)
    facts = _facts(course_day(day, "day"))
    frame = facts.frame
    since_contact = _days_since_contact(facts, history) if any(r.frequency_cap_days for r in parsed) else None
    order = sorted(range(len(parsed)), key=lambda i: (-parsed[i].priority, i))
    chosen = np.full(len(frame), -1)
    reasons = np.full(len(frame), "", dtype=object)
    for i in order:
        rule = parsed[i]
        fires, why = TRIGGERS[rule.trigger].fires(rule.params, facts)
        fires = fires.fillna(False).astype(bool)
        eligible = fires & _in_audience(rule, frame) & (chosen == -1)
        flag = CHANNEL_CONSENT[rule.channel]
        if flag is not None:
            eligible &= frame[flag]
        if rule.frequency_cap_days:
            eligible &= ~since_contact.le(rule.frequency_cap_days).fillna(False).astype(bool)
        take = eligible.to_numpy()
        chosen[take] = i
        send_at = tr("send at {time}").format(time=f"{rule.scheduled_hour():02d}:00")
        reasons[take] = (why[eligible] + " · " + send_at).to_numpy()
    picked = np.flatnonzero(chosen >= 0)
    out = pd.DataFrame(
        {
            "customer_id": frame.index[picked].astype(str),
            "rule": [parsed[i].name for i in chosen[picked]],
            "channel": [parsed[i].channel for i in chosen[picked]],
            "offer": [parsed[i].offer for i in chosen[picked]],
            "reason": reasons[picked].astype(str),
        }
    )
    return out.sort_values("customer_id", kind="stable").reset_index(drop=True)


__doc__ = __doc__.replace(
    ".. the list of triggers is generated here from TRIGGERS when the module loads", _trigger_docs()
)
