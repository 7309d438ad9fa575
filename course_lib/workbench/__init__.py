"""The CRM a trainee operates (客户关系管理工作台): customer 360, records, automation rules.

Commercial CRMs cannot ship with a course, so the workbench gives the same hands-on work on
the course data, backed by a real database (analytics layer; the front-ends are in
:mod:`course_lib.widgets.workbench`):

- :func:`customer_360` — look a customer up by id, pseudonymised name or masked phone and see
  profile, consent, value tier and RFM segment, health trend, orders, tickets against the
  1-hour promise, follow-ups, points, churn risk, CLV and a suggested next action;
- :class:`RecordStore` — log follow-ups (回访) and ticket notes into a SQLite file in the
  trainee's workspace (:func:`default_store`), validated before anything is written;
- :func:`evaluate_rules` — run marketing-automation rules (营销自动化), kept as YAML or JSON,
  on a day: who gets what and why, one contact per customer, never without consent;
  :func:`estimate_impact` prices a day's contacts with a measured campaign's uplift, and
  :func:`simulate_rules` runs the rule set in the customer-base simulator against the
  baseline (uplift, cost, opt-outs);
- :func:`dormancy_thresholds` — where a dormancy rule's threshold should lie, on the brand's own
  purchase rhythm (the evidence for chapter 7's judgement task).

Taught in chapter 7 (``notebooks/07_crm_workbench.ipynb``).
"""

from __future__ import annotations

from .impact import estimate_impact, reference_campaign
from .rules import (
    TRIGGERS,
    Rule,
    customer_facts,
    evaluate_rules,
    load_rules,
    rule_table,
    save_rules,
    trigger_table,
    validate_rules,
)
from .simulate import monthly_contacts, rules_strategy, simulate_rules
from .store import CHANNEL_CONSENT, OUTCOMES, RecordStore, default_store
from .tables import clear_cache
from .thresholds import dormancy_thresholds, repeat_gaps, threshold_range
from .view import Customer360, customer_360, find_customers, next_action, resolve_customer

__all__ = [
    "customer_360",
    "Customer360",
    "find_customers",
    "resolve_customer",
    "next_action",
    "RecordStore",
    "default_store",
    "CHANNEL_CONSENT",
    "OUTCOMES",
    "Rule",
    "TRIGGERS",
    "validate_rules",
    "load_rules",
    "save_rules",
    "rule_table",
    "trigger_table",
    "customer_facts",
    "evaluate_rules",
    "estimate_impact",
    "reference_campaign",
    "monthly_contacts",
    "rules_strategy",
    "simulate_rules",
    "dormancy_thresholds",
    "repeat_gaps",
    "threshold_range",
    "clear_cache",
]
