"""Benchmark: one update of the segmentation lab (re-score, re-segment, re-tier and k-means)
on 5,000 customers, and k-means alone for k = 2…8.

Run with ``python benchmarks/bench_segmentation.py``. Target: one update under 100 ms.
The baseline is the bare scikit-learn pipeline fit of the same k on the same data, measured
in this run.
"""

from __future__ import annotations

import time

import numpy as np
import pandas as pd

from course_lib.segmentation import LabSettings, lab_state, make_pipeline

N_CUSTOMERS = 5_000
REPEATS = 5


def make_rfm(seed: int = 0) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    frequency = rng.geometric(0.35, N_CUSTOMERS)
    return pd.DataFrame(
        {
            "recency_days": rng.integers(1, 731, N_CUSTOMERS),
            "frequency": frequency,
            "monetary": (frequency * rng.gamma(2.0, 180.0, N_CUSTOMERS)).round(2),
        },
        index=pd.Index([f"C{i:05d}" for i in range(N_CUSTOMERS)], name="customer_id"),
    )


def best_time(func) -> float:
    times = []
    for _ in range(REPEATS):
        start = time.perf_counter()
        func()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    rfm = make_rfm()
    X = rfm.to_numpy(dtype=float)
    lab_state(rfm)  # warm-up: imports scikit-learn
    print(f"customers: {N_CUSTOMERS:,} (best of {REPEATS})")
    worst = 0.0
    for k in range(2, 9):
        settings = LabSettings(k=k, bins=5 if k % 2 else 4, weights=(2.0, 1.0, 1.0))
        t_lab = best_time(lambda settings=settings: lab_state(rfm, settings))
        t_fit = best_time(lambda k=k: make_pipeline(k=k, seed=0).fit(X))
        worst = max(worst, t_lab)
        print(
            f"k={k}: lab update {t_lab * 1000:6.1f} ms · bare pipeline fit {t_fit * 1000:6.1f} ms "
            f"· ratio {t_lab / t_fit:.2f}×"
        )
    print(f"slowest lab update: {worst * 1000:.1f} ms (target < 100 ms)")


if __name__ == "__main__":
    main()
