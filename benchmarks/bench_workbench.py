"""Benchmark: the CRM workbench's customer-360 look-up and a day of ten automation rules.

Run with ``python benchmarks/bench_workbench.py``. Targets (DESIGN.md §8): the 360 view of one
customer under 1 s on the first call after the kernel starts and under 200 ms once the day's
cache is warm; ten rules over all customers for one day under 1 s. Each figure is printed with its ratio to a baseline measured in the same run:

- 360 view: a plain pandas boolean filter of the same customer's rows from the orders,
  tickets, follow-ups and loyalty tables (what a look-up without indexes or caches costs);
- rules: a plain pandas filter for one rule (no purchase in 90 days, with SMS consent) on the
  same day, written directly against the tables.
"""

from __future__ import annotations

import statistics
import tempfile
import time
from pathlib import Path

import pandas as pd

from course_lib import data, workbench
from course_lib.workbench import rules as rules_module
from course_lib.workbench.tables import table, tables

CUSTOMERS = [f"C{i:05d}" for i in range(31, 5000, 250)]  # 20 customers across the base
DAYS = pd.date_range("2024-06-03", periods=5, freq="7D")  # a fresh day for each run

TEN_RULES = [
    {
        "name": "complaint",
        "trigger": {"type": "complaint_waiting", "hours": 1, "within_days": 7},
        "channel": "phone",
        "offer": "Recovery call",
        "priority": 100,
    },
    {
        "name": "health",
        "trigger": {"type": "health_below", "threshold": 75},
        "audience": {"value_tiers": ["diamond", "silver"]},
        "channel": "wechat",
        "offer": "Check-in",
        "frequency_cap_days": 30,
        "priority": 90,
    },
    {
        "name": "search",
        "trigger": {"type": "need_signal", "signal": "product_search"},
        "channel": "wechat",
        "offer": "New-season guide",
        "frequency_cap_days": 14,
        "priority": 85,
    },
    {
        "name": "cart",
        "trigger": {"type": "need_signal", "signal": "abandoned_checkout"},
        "channel": "app_push",
        "offer": "Your basket is waiting",
        "priority": 84,
    },
    {
        "name": "surprise",
        "trigger": {"type": "purchases_in_month", "min_orders": 10},
        "channel": "store",
        "offer": "Gift and card",
        "priority": 80,
    },
    {
        "name": "birthday",
        "trigger": {"type": "birthday_month"},
        "audience": {"membership_tiers": ["silver", "gold", "platinum"]},
        "channel": "wechat",
        "offer": "Double points",
        "frequency_cap_days": 20,
        "priority": 60,
    },
    {
        "name": "wake_wechat",
        "trigger": {"type": "no_purchase", "days": 90, "max_days": 365},
        "audience": {"min_orders": 2},
        "channel": "wechat",
        "offer": "Bring a friend",
        "priority": 50,
    },
    {
        "name": "wake_sms",
        "trigger": {"type": "no_purchase", "days": 90, "max_days": 365},
        "audience": {"min_orders": 2},
        "channel": "sms",
        "offer": "Bring a friend",
        "priority": 40,
    },
    {
        "name": "at_risk",
        "trigger": {"type": "no_purchase", "days": 60},
        "audience": {"segments": ["at_risk", "wake_up"]},
        "channel": "email",
        "offer": "We miss you",
        "priority": 30,
    },
    {
        "name": "thanks",
        "trigger": {"type": "days_after_order", "days": 3},
        "channel": "sms",
        "offer": "How was your order?",
        "quiet_hours": [21, 9],
        "priority": 20,
    },
]


def timed(func, *args, **kwargs) -> float:
    start = time.perf_counter()
    func(*args, **kwargs)
    return time.perf_counter() - start


def plain_filter(customer_id: str, as_of: pd.Timestamp) -> dict:
    loaded = tables()
    return {
        "orders": loaded["orders"][
            (loaded["orders"]["customer_id"] == customer_id) & (loaded["orders"]["order_date"] < as_of)
        ],
        "tickets": loaded["tickets"][
            (loaded["tickets"]["customer_id"] == customer_id) & (loaded["tickets"]["opened_at"] < as_of)
        ],
        "followups": loaded["followups"][
            (loaded["followups"]["customer_id"] == customer_id) & (loaded["followups"]["date"] < as_of)
        ],
        "loyalty": loaded["loyalty"][
            (loaded["loyalty"]["customer_id"] == customer_id) & (loaded["loyalty"]["date"] < as_of)
        ],
    }


def plain_rule(day: pd.Timestamp) -> pd.Series:
    orders, customers = table("orders"), table("customers").set_index("customer_id")
    last = orders[orders["order_date"] < day].groupby("customer_id")["order_date"].max()
    dormant = last.index[(day - last).dt.days >= 90]
    return customers.loc[customers.index.isin(dormant) & customers["consent_sms"]].index.to_series()


def main() -> None:
    store = workbench.RecordStore(Path(tempfile.mkdtemp()) / "bench.sqlite")
    store.log_followup(
        "C00031", channel="phone", outcome="reached", note="Benchmark record", date="2024-12-30"
    )
    start = time.perf_counter()
    workbench.customer_360(CUSTOMERS[0], store=store)
    first = time.perf_counter() - start
    other_day = timed(workbench.customer_360, CUSTOMERS[0], as_of="2024-09-02", store=store)
    views = [timed(workbench.customer_360, c, store=store) for c in CUSTOMERS]
    plain = [timed(plain_filter, c, data.AS_OF) for c in CUSTOMERS]
    view_ms, plain_ms = statistics.median(views) * 1000, statistics.median(plain) * 1000
    print(
        f"customer_360, first call in this process (loads the tables, reads the shipped "
        f"scores of the course's day): {first:.2f} s (target < 1 s)"
    )
    print(
        f"customer_360, first call on another day (fits the churn and CLV models): "
        f"{other_day:.2f} s; the look-up widget says so before it starts"
    )
    print(
        f"customer_360, warm, median of {len(CUSTOMERS)} customers: {view_ms:.1f} ms "
        f"(max {max(views) * 1000:.1f} ms; target < 200 ms)"
    )
    print(f"plain pandas filter of the same rows: {plain_ms:.1f} ms · ratio {view_ms / plain_ms:.1f}×")

    rules = workbench.validate_rules(TEN_RULES)
    cold, warm, baseline, sizes = [], [], [], []
    for day in DAYS:
        rules_module.clear_cache()
        cold.append(timed(workbench.evaluate_rules, rules, day=day))
        warm.append(timed(workbench.evaluate_rules, rules, day=day))
        baseline.append(timed(plain_rule, day))
        sizes.append(len(workbench.evaluate_rules(rules, day=day)))
    cold_s, warm_s, base_s = statistics.median(cold), statistics.median(warm), statistics.median(baseline)
    print(
        f"ten rules over {len(table('customers')):,} customers, a new day (facts computed): "
        f"{cold_s:.3f} s (target < 1 s); same day again: {warm_s:.3f} s; "
        f"{statistics.median(sizes):,.0f} contacts a day"
    )
    print(
        f"plain pandas filter for one rule on the same day: {base_s * 1000:.1f} ms · ratio "
        f"{cold_s / base_s:.1f}× for ten rules (new day), {warm_s / base_s:.1f}× (same day)"
    )


if __name__ == "__main__":
    main()
