"""Benchmark: RFM table on 1,000,000 orders against a bare pandas groupby of the same columns.

Run with ``python benchmarks/bench_rfm.py``. Prints the best-of-N time of each and their ratio,
both measured in this run (target: rfm_table within 1.5× of the bare groupby).
"""

from __future__ import annotations

import time

import numpy as np
import pandas as pd

from course_lib.rfm import rfm_sql, rfm_table

N_ORDERS = 1_000_000
N_CUSTOMERS = 100_000
REPEATS = 5


def make_orders(seed: int = 0) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    ids = np.array([f"C{i:06d}" for i in range(N_CUSTOMERS)])
    days = rng.integers(0, 730, N_ORDERS)
    return pd.DataFrame(
        {
            "customer_id": pd.array(ids[rng.integers(0, N_CUSTOMERS, N_ORDERS)], dtype="str"),
            "order_date": pd.Timestamp("2023-01-01") + pd.to_timedelta(days, unit="D"),
            "amount": rng.gamma(2.0, 150.0, N_ORDERS).round(2),
        }
    )


def bare_groupby(orders: pd.DataFrame, as_of: pd.Timestamp) -> pd.DataFrame:
    table = orders.groupby("customer_id").agg(
        last=("order_date", "max"), frequency=("order_date", "size"), monetary=("amount", "sum")
    )
    table["recency_days"] = (as_of - table.pop("last")).dt.days
    return table


def best_time(func, *args, **kwargs) -> float:
    times = []
    for _ in range(REPEATS):
        start = time.perf_counter()
        func(*args, **kwargs)
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    orders = make_orders()
    as_of = pd.Timestamp("2025-01-01")
    ours = rfm_table(orders, as_of=as_of)
    theirs = bare_groupby(orders, as_of)
    assert (ours["frequency"].to_numpy() == theirs["frequency"].to_numpy()).all()
    assert np.allclose(ours["monetary"].to_numpy(), theirs["monetary"].to_numpy())
    assert (ours["recency_days"].to_numpy() == theirs["recency_days"].to_numpy()).all()
    t_base = best_time(bare_groupby, orders, as_of)
    t_rfm = best_time(rfm_table, orders, as_of=as_of)
    t_sql = best_time(rfm_sql, orders, as_of=as_of)
    print(f"orders: {N_ORDERS:,}, customers: {N_CUSTOMERS:,} (best of {REPEATS})")
    print(f"bare pandas groupby : {t_base * 1000:8.1f} ms")
    print(f"rfm.rfm_table       : {t_rfm * 1000:8.1f} ms   ratio {t_rfm / t_base:.2f}× (target ≤ 1.5×)")
    print(f"rfm.rfm_sql (DuckDB): {t_sql * 1000:8.1f} ms   ratio {t_sql / t_base:.2f}×")


if __name__ == "__main__":
    main()
