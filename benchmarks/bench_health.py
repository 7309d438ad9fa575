"""Benchmark: the weekly health score for every customer of the course data.

Run with ``python benchmarks/bench_health.py``. Prints, measured in this run (best of N):

- ``metrics.health_scores`` for one week and for 52 weeks (target: one week well under 1 s);
- a floor: a bare pandas groupby of each customer's last order date, the least any score
  with a recency component must do, and the ratio of one scored week to it;
- a naive baseline: the same five components computed customer by customer in a Python
  loop (timed on a sample, scaled to all customers), and the speed-up of the vectorised code.
"""

from __future__ import annotations

import time

import numpy as np
import pandas as pd

from course_lib import data, metrics

REPEATS = 5
AS_OF = pd.Timestamp("2024-07-01")
LOOP_SAMPLE = 200


def best_time(func, *args, repeats=REPEATS, **kwargs) -> float:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        func(*args, **kwargs)
        times.append(time.perf_counter() - start)
    return min(times)


def bare_groupby(orders, end):
    return (end - orders[orders["order_date"] < end].groupby("customer_id")["order_date"].max()).dt.days


def loop_components(ids, end, tables):
    """The components one customer at a time: what a first spreadsheet-style attempt does."""
    rows = []
    for customer in ids:
        own = {name: frame[frame["customer_id"] == customer] for name, frame in tables.items()}
        orders = own["orders"][own["orders"]["order_date"] < end]
        days = (end - orders["order_date"].max()).days
        n52 = int((orders["order_date"] >= end - pd.Timedelta(weeks=52)).sum())
        surveys = own["surveys"][
            (own["surveys"]["survey_date"] < end)
            & (own["surveys"]["survey_date"] >= end - pd.Timedelta(weeks=52))
        ]
        satisfaction = (
            float(surveys.sort_values("survey_date")["satisfaction"].iloc[-1]) if len(surveys) else 70.0
        )
        tickets = own["tickets"][
            (own["tickets"]["opened_at"] < end)
            & (own["tickets"]["opened_at"] >= end - pd.Timedelta(weeks=26))
        ]
        penalty = 0.0
        for _, t in tickets.iterrows():
            answered = t["first_response_at"] if t["first_response_at"] < end else end
            penalty += (
                20
                + 40 * ((answered - t["opened_at"]).total_seconds() > 3600)
                + 30 * (not t["resolved_at"] < end)
            )
        start13 = end - pd.Timedelta(weeks=13)
        touch = own["touchpoints"][
            (own["touchpoints"]["timestamp"] < end) & (own["touchpoints"]["timestamp"] >= start13)
        ]
        camp = own["campaigns"][
            (own["campaigns"]["contact_date"] < end) & (own["campaigns"]["contact_date"] >= start13)
        ]
        fu = own["followups"][(own["followups"]["date"] < end) & (own["followups"]["date"] >= start13)]
        interactions = (
            touch["journey_id"].nunique() + int(camp["responded"].sum()) + int(fu["responded"].sum())
        )
        rows.append(
            (
                customer,
                100 * 0.5 ** (days / 120),
                100 * min(n52 / 2, 1),
                satisfaction,
                max(100 - penalty, 0),
                50 + 50 * (1 - 0.5**interactions),
            )
        )
    return pd.DataFrame(rows, columns=["customer_id", *metrics.HEALTH_COMPONENTS]).set_index("customer_id")


def main() -> None:
    tables = dict(
        orders=data.load_orders(),
        surveys=data.load_surveys(),
        tickets=data.load_tickets(),
        touchpoints=data.load_touchpoints(),
        campaigns=data.load_campaigns(),
        followups=data.load_followups(),
    )
    week = metrics.health_scores(as_of=AS_OF, tables=tables)
    n = len(week)
    ids = week["customer_id"].iloc[:: max(n // LOOP_SAMPLE, 1)].iloc[:LOOP_SAMPLE].tolist()
    looped = loop_components(ids, AS_OF, tables)
    vectorised = week.set_index("customer_id").loc[ids, list(metrics.HEALTH_COMPONENTS)]
    assert np.allclose(looped.to_numpy(), vectorised.to_numpy()), "loop and vectorised disagree"

    t_week = best_time(metrics.health_scores, as_of=AS_OF, tables=tables)
    t_year = best_time(metrics.health_scores, as_of=AS_OF, weeks=52, tables=tables, repeats=1)
    t_floor = best_time(bare_groupby, tables["orders"], AS_OF)
    t_loop = best_time(loop_components, ids, AS_OF, tables, repeats=1) * n / len(ids)
    print(f"customers scored per week: {n:,} (best of {REPEATS})")
    print(f"health_scores, one week:            {t_week * 1000:8.1f} ms  (target: well under 1 s)")
    print(
        f"health_scores, 52 weeks:            {t_year * 1000:8.1f} ms  ({t_year / 52 * 1000:.1f} ms a week)"
    )
    print(
        f"floor, bare groupby of last orders: {t_floor * 1000:8.1f} ms  → one week is {t_week / t_floor:.1f}× the floor"
    )
    print(
        f"naive loop, scaled to all:          {t_loop * 1000:8.1f} ms  → vectorised is {t_loop / t_week:.0f}× faster"
    )


if __name__ == "__main__":
    main()
