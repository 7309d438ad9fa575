"""Benchmark: the six attribution models on 50,000 journeys (DESIGN.md §8 style).

Each model runs on the same 50,000 synthetic journeys (8 channels, 1–8 touches, about a
fifth converting, seeded). The baseline, measured in the same run, is the simplest
attribution a pandas user would write: last-touch credit by a ``groupby`` over a table
with one row per journey. Every figure is the best of ``repeats`` runs.

Run: ``.venv/bin/python benchmarks/bench_attribution.py``
"""

from __future__ import annotations

import sys

import numpy as np
import pandas as pd
from timing import best_of

from course_lib import journey

CHANNELS = np.array(["paid_search", "social", "wechat", "sms", "email", "app_push", "store", "direct"])


def make_journeys(n: int = 50_000, *, seed: int = 7):
    """``n`` seeded journeys: lists of channel names and a same-length boolean array."""
    rng = np.random.default_rng(seed)
    lengths = rng.integers(1, 9, n)
    flat = rng.choice(CHANNELS, size=int(lengths.sum()), p=[0.2, 0.2, 0.15, 0.1, 0.1, 0.1, 0.1, 0.05])
    bounds = np.cumsum(lengths)[:-1]
    paths = [list(p) for p in np.split(flat, bounds)]
    # journeys through wechat or store convert more often, so the models have something to find
    has = np.array([("wechat" in p) or ("store" in p) for p in paths])
    converted = rng.random(n) < np.where(has, 0.28, 0.12)
    return paths, converted


def main(n: int = 50_000, repeats: int = 3) -> int:
    paths, converted = make_journeys(n)
    table = pd.DataFrame({"last": [p[-1] for p in paths], "converted": converted})

    def baseline():
        credit = table.loc[table["converted"], "last"].value_counts()
        return credit / credit.sum()

    def baseline_from_paths():
        last = pd.Series([p[-1] for p in paths])[converted].value_counts()
        return last / last.sum()

    base_time, base_shares = best_of(baseline, repeats)
    raw_time, _ = best_of(baseline_from_paths, repeats)
    print(
        f"{n:,} journeys, {sum(map(len, paths)):,} touches, {converted.mean():.1%} converted; "
        f"best of {repeats} runs"
    )
    print(f"baseline, last touch by pandas value_counts on a journey table: {base_time * 1000:8.1f} ms")
    print(
        f"(the same from the raw lists, building the table first:           {raw_time * 1000:8.1f} ms, "
        f"{raw_time / base_time:.1f}× the baseline)"
    )
    ok = True
    for name, model in (
        ("first_touch", journey.first_touch),
        ("last_touch", journey.last_touch),
        ("linear", journey.linear),
        ("time_decay", journey.time_decay),
        ("markov", journey.markov_attribution),
        ("shapley", journey.shapley_attribution),
    ):
        seconds, shares = best_of(lambda model=model: model(paths, converted), repeats)
        ok &= abs(sum(shares.values()) - 1) < 1e-9
        print(f"{name:<12} {seconds * 1000:8.1f} ms   {seconds / base_time:7.1f}× the baseline")
        if name == "last_touch":
            agree = all(abs(shares[c] - base_shares.get(c, 0.0)) < 1e-12 for c in shares)
            ok &= agree
            print(f"{'':12} same shares as the baseline: {agree}")
    seconds, _ = best_of(lambda: journey.attribution_table(paths, converted), repeats)
    print(
        f"{'all six':<12} {seconds * 1000:8.1f} ms   {seconds / base_time:7.1f}× the baseline "
        "(attribution_table; each model validates its input afresh)"
    )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
