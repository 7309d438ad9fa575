"""The course data: the tables' schema, their loaders and the seeded generator (data layer).

*Lumen 澜悦* is a fictional fashion and lifestyle retailer that sells through stores, an
app, a WeChat mini-program and a website in Chinese cities of four tiers. Two years of its
history (2023-01-01 to 2024-12-31) ship in ``datasets/``: customers, orders, touchpoint
events, service tickets, surveys, the loyalty ledger, campaign contacts and follow-ups,
beside the real CDNOW sample. Every chapter starts here.

This package re-exports every public name, so ``from course_lib.data import load_orders``
and ``data.AS_OF`` work as they always did. Where each concept lives:

- :mod:`course_lib.data.schema` — the world's fixed facts (``AS_OF``, ``START``, ``END``,
  ``SEED``, ``TIERS``, ``TIER_SPEND``), ``TABLES`` and ``Column`` (every column's kind,
  unit, meaning and Chinese name), ``CDNOW_COLUMNS`` and ``data_dictionary()``;
- :mod:`course_lib.data.loaders` — ``load_customers()``, ``load_orders()``, … ,
  ``load_table(name)``, ``load_cdnow()`` and ``validate_table``: types parsed, schema checked,
  bad contents refused with :class:`CourseDataError`;
- :mod:`course_lib.data.generator` — ``generate()`` and ``write_datasets()``, the seeded
  month-by-month simulation that writes ``datasets/`` (``python -m course_lib.data``,
  ``make data``), with its mechanics' constants (``TIER_HAZARD``, ``CAMPAIGNS``,
  ``EVENING_LIFT``, …).

Examples
--------
>>> from course_lib import data
>>> orders = data.load_orders()
>>> bool(orders["order_date"].max() < data.AS_OF)
True
"""

from __future__ import annotations

from ..validation import CourseDataError
from .generator import (
    AGENTS,
    BIRTHDAY,
    CAMPAIGNS,
    CATEGORIES,
    CITIES,
    EVENING_LIFT,
    FOLLOWUP_PLAN,
    FOLLOWUP_RESPONSE,
    GIVEN,
    ORDER_CHANNELS,
    RESPONSE_MEDIAN,
    STAGE_CHANNELS,
    STAGE_RATING,
    STAGES,
    SURNAMES,
    TICKET_CATEGORIES,
    TICKET_CATEGORY_P,
    TICKET_CHANNELS,
    TIER_HAZARD,
    generate,
    main,
    write_datasets,
)
from .loaders import (
    load_campaigns,
    load_cdnow,
    load_customers,
    load_followups,
    load_loyalty,
    load_orders,
    load_surveys,
    load_table,
    load_tickets,
    load_touchpoints,
    validate_table,
)
from .schema import (
    AS_OF,
    CDNOW_COLUMNS,
    END,
    N_CUSTOMERS,
    SEED,
    START,
    TABLES,
    TIER_SPEND,
    TIERS,
    Column,
    data_dictionary,
)

__all__ = [
    "CourseDataError",
    "AS_OF",
    "START",
    "END",
    "SEED",
    "TABLES",
    "Column",
    "load_table",
    "load_customers",
    "load_orders",
    "load_touchpoints",
    "load_tickets",
    "load_surveys",
    "load_loyalty",
    "load_campaigns",
    "load_followups",
    "load_cdnow",
    "validate_table",
    "generate",
    "write_datasets",
    "data_dictionary",
    # constants of the world and of the generator's mechanics
    "N_CUSTOMERS",
    "TIERS",
    "TIER_SPEND",
    "CDNOW_COLUMNS",
    "TIER_HAZARD",
    "CITIES",
    "SURNAMES",
    "GIVEN",
    "ORDER_CHANNELS",
    "CATEGORIES",
    "AGENTS",
    "STAGES",
    "STAGE_CHANNELS",
    "STAGE_RATING",
    "TICKET_CATEGORIES",
    "TICKET_CATEGORY_P",
    "TICKET_CHANNELS",
    "RESPONSE_MEDIAN",
    "CAMPAIGNS",
    "BIRTHDAY",
    "EVENING_LIFT",
    "FOLLOWUP_PLAN",
    "FOLLOWUP_RESPONSE",
    "main",
]
