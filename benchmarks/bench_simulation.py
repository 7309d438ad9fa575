"""Benchmark: the simulator on 100,000 customers × 12 months (target: under 1 s per run).

Run with ``python benchmarks/bench_simulation.py``. Prints the best-of-N time of one
vectorised run of each named strategy, and, as the baseline measured in this run, the same
core draws (satisfaction drift, purchase, complaint, churn) done customer by customer in a
plain Python loop over numpy scalars — timed on fewer customers and compared per
customer-month, since the loop would take minutes on the full base.
"""

from __future__ import annotations

import math
import time

import numpy as np

from course_lib.simulation import simulate
from course_lib.simulation.engine import BASE_BUY, BASE_CHURN, TIER_SHARES

N_CUSTOMERS = 100_000
MONTHS = 12
LOOP_CUSTOMERS = 5_000
REPEATS = 3


def best_time(func, *args, **kwargs) -> float:
    best = math.inf
    for _ in range(REPEATS):
        start = time.perf_counter()
        func(*args, **kwargs)
        best = min(best, time.perf_counter() - start)
    return best


def loop_simulation(n_customers: int, months: int, seed: int = 0) -> float:
    """The baseline's core draws, one customer at a time (no levers, no bookkeeping)."""
    rng = np.random.default_rng(seed)
    tiers = rng.choice(4, size=n_customers, p=TIER_SHARES)
    sat = np.clip(rng.normal(45.0, 12.0, n_customers), 0, 100)
    active = np.ones(n_customers, dtype=bool)
    revenue = 0.0
    for _ in range(months):
        for i in range(n_customers):
            if not active[i]:
                continue
            sat[i] = min(max(sat[i] + 0.3 * (46.8 - sat[i]) + rng.normal(0, 2.0), 0.0), 100.0)
            lift = math.exp(math.log(1.03) * (sat[i] - 50))
            if rng.random() < min(BASE_BUY[tiers[i]] * lift * 1.1, 0.9):
                revenue += rng.gamma(4.0, 0.25)
                if rng.random() < 0.19 / lift:
                    sat[i] -= 17.7
            churn = BASE_CHURN[tiers[i]] * math.exp(math.log(0.8) / 10 * (sat[i] - 50))
            if rng.random() < churn:
                active[i] = False
    return revenue


def main() -> None:
    simulate("baseline", n_customers=1_000, months=2, seed=0)  # warm up
    for name in ("baseline", "deck"):
        seconds = best_time(simulate, name, n_customers=N_CUSTOMERS, months=MONTHS, seed=1)
        print(
            f"simulate({name!r}): {N_CUSTOMERS:,} customers × {MONTHS} months in {seconds:.3f} s "
            f"(target < 1 s)"
        )
    vectorised = best_time(simulate, "baseline", n_customers=N_CUSTOMERS, months=MONTHS, seed=1)
    start = time.perf_counter()
    loop_simulation(LOOP_CUSTOMERS, MONTHS)
    loop = time.perf_counter() - start
    per_vec = vectorised / (N_CUSTOMERS * MONTHS) * 1e6
    per_loop = loop / (LOOP_CUSTOMERS * MONTHS) * 1e6
    print(f"plain loop of the core draws: {LOOP_CUSTOMERS:,} customers × {MONTHS} months in {loop:.3f} s")
    print(
        f"per customer-month: vectorised {per_vec:.2f} µs, loop {per_loop:.2f} µs — "
        f"the vectorised engine is {per_loop / per_vec:.0f}× faster"
    )


if __name__ == "__main__":
    main()
