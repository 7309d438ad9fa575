"""Benchmark: fitting the item-to-item recommender and recommending for every customer, and
the whole later-period comparison of chapter 6 (DESIGN.md §8 style).

The data are 200,000 seeded orders of 20,000 customers over 24 items (6 categories × 4
channels). The baseline, measured in the same run, is what a pandas user would write first:
a ``pd.crosstab`` of customers × items and the item co-occurrence matrix from it. Every
figure is the best of ``repeats`` runs.

Run: ``.venv/bin/python benchmarks/bench_recommend.py``
"""

from __future__ import annotations

import sys

import numpy as np
import pandas as pd
from timing import best_of

from course_lib import recommend

CATEGORIES = ["accessories", "beauty", "home", "menswear", "shoes", "womenswear"]
CHANNELS = ["app", "mini_program", "store", "web"]


def make_orders(n_orders: int = 200_000, n_customers: int = 20_000, *, seed: int = 3) -> pd.DataFrame:
    """Seeded orders: each customer keeps to a preferred channel 70 % of the time."""
    rng = np.random.default_rng(seed)
    who = rng.integers(0, n_customers, n_orders)
    home = rng.integers(0, len(CHANNELS), n_customers)
    channel = np.where(rng.random(n_orders) < 0.7, home[who], rng.integers(0, len(CHANNELS), n_orders))
    days = rng.integers(0, 730, n_orders)
    return pd.DataFrame(
        {
            "customer_id": np.char.add("C", who.astype(str)),
            "order_date": pd.Timestamp("2023-01-01") + pd.to_timedelta(days, unit="D"),
            "category": np.array(CATEGORIES)[rng.integers(0, len(CATEGORIES), n_orders)],
            "channel": np.array(CHANNELS)[channel],
        }
    )


def baseline(orders: pd.DataFrame) -> pd.DataFrame:
    """Customer × item crosstab and the item co-occurrence counts (no scoring, no ranking)."""
    items = orders["category"] + " · " + orders["channel"]
    matrix = pd.crosstab(orders["customer_id"], items).clip(upper=1)
    return matrix.T @ matrix


def main(repeats: int = 3) -> None:
    orders = make_orders()
    base, _ = best_of(lambda: baseline(orders), repeats)
    fit, model = best_of(lambda: recommend.ItemToItem().fit(orders), repeats)
    rec, recs = best_of(lambda: model.recommend(k=3), repeats)
    full, table = best_of(lambda: recommend.compare(orders, split="2024-07-01", k=3), repeats)
    print(
        f"orders: {len(orders):,}, customers: {orders['customer_id'].nunique():,}, items: {len(model.items_)}"
    )
    print(f"baseline crosstab + co-occurrence : {base * 1000:8.1f} ms")
    print(f"ItemToItem.fit                     : {fit * 1000:8.1f} ms  ({fit / base:.2f}× baseline)")
    print(f"recommend(k=3) for every customer  : {rec * 1000:8.1f} ms  ({len(recs):,} rows)")
    print(f"compare(): two fits, two scorings  : {full * 1000:8.1f} ms  ({full / base:.2f}× baseline)")
    print(table.round(3).to_string())


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 3)
