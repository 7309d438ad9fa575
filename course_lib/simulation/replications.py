"""Replications and team mode for the simulator (simulation layer).

One run of :func:`~course_lib.simulation.engine.simulate` is one possible six or twelve
months; :func:`replicate` runs a strategy on several seeds and :func:`summarize_runs` turns
the runs into a mean and a 90 % band per month. :func:`tournament` is the instructor's team
mode: several named strategies run on the *same* seeds (common random numbers, so the
differences come from the levers rather than luck) and are ranked on profit in a leaderboard.

A progress bar (tqdm) is shown only when asked for, or by default when the output is a
terminal — never in a notebook's stored outputs.
"""

from __future__ import annotations

import sys
from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

from ..validation import CourseDataError, plain, require_fraction, require_number, require_whole, seed_int
from .engine import Strategy, simulate, strategy_named

__all__ = ["replicate", "summarize_runs", "tournament", "LEADERBOARD_COLUMNS"]

KPI_COLUMNS = ("repurchase_rate", "complaint_rate", "nps", "referral_share", "revenue", "cost", "profit")
LEADERBOARD_COLUMNS = (
    "rank",
    "strategy",
    "profit",
    "profit_low",
    "profit_high",
    "repurchase_rate",
    "complaint_rate",
    "nps",
    "referral_share",
    "meets_targets",
)


def _seeds(seeds) -> list[int]:
    """A number of runs (seeds 0, 1, …) or a list of seeds, each by :func:`seed_int`'s rule."""
    if isinstance(seeds, (list, tuple, range, np.ndarray)):
        values = list(seeds)
        if not values:
            raise CourseDataError("`seeds` must be a number of runs or a non-empty list of seeds; got [].")
        return [seed_int(v, f"seeds[{i}]") for i, v in enumerate(values)]
    if isinstance(seeds, (int, np.integer)) and not isinstance(seeds, (bool, np.bool_)):
        return list(range(require_whole(seeds, "seeds", low=1)))
    raise TypeError(
        f"`seeds` must be a number of runs or a list of seeds; "
        f"got {type(plain(seeds)).__name__} {plain(seeds)!r}."
    )


def _progress(iterable, *, progress, total, desc):
    show = sys.stderr.isatty() if progress is None else bool(progress)
    if not show:
        return iterable
    from tqdm.auto import tqdm

    return tqdm(iterable, total=total, desc=desc, leave=False)


def replicate(
    strategy: Strategy | str,
    *,
    n_customers: int,
    months: int,
    seeds: int | Sequence[int] = 20,
    progress: bool | None = None,
) -> pd.DataFrame:
    """Run one strategy on several seeds; one row per run and month.

    Parameters
    ----------
    strategy : Strategy or {"baseline", "four_moves"}
    n_customers, months : int
        As in :func:`simulate`.
    seeds : int or list of int
        A number of runs (seeds 0, 1, …) or the seeds themselves.
    progress : bool, optional
        Show a progress bar; by default only when the output is a terminal.

    Returns
    -------
    pandas.DataFrame
        Columns ``strategy``, ``seed``, ``month`` and every KPI of :func:`simulate`.

    Examples
    --------
    >>> runs = replicate("baseline", n_customers=500, months=2, seeds=3)
    >>> runs.groupby("seed").size().tolist()
    [2, 2, 2]
    """
    strategy = strategy_named(strategy)
    seeds = _seeds(seeds)
    frames = []
    for seed in _progress(seeds, progress=progress, total=len(seeds), desc=strategy.name):
        kpis = simulate(strategy, n_customers=n_customers, months=months, seed=seed).kpis
        frames.append(kpis.reset_index().assign(strategy=strategy.name, seed=seed))
    runs = pd.concat(frames, ignore_index=True)
    first = ["strategy", "seed", "month"]
    return runs[first + [c for c in runs.columns if c not in first]]


def summarize_runs(runs: pd.DataFrame, *, level: float = 0.90) -> pd.DataFrame:
    """Mean and central ``level`` band of each KPI per strategy and month.

    Parameters
    ----------
    runs : pandas.DataFrame
        What :func:`replicate` returns (several strategies may be concatenated).
    level : float
        Width of the band, strictly between 0 and 1 (0.90: from the 5th to the 95th percentile).

    Returns
    -------
    pandas.DataFrame
        Indexed by ``strategy`` and ``month``, with columns ``<kpi>``, ``<kpi>_low`` and
        ``<kpi>_high`` for every KPI.

    Examples
    --------
    >>> bands = summarize_runs(replicate("baseline", n_customers=500, months=2, seeds=3))
    >>> bands.index.tolist()
    [('baseline', 1), ('baseline', 2)]
    >>> summarize_runs(bands.reset_index(), level=90)
    Traceback (most recent call last):
    ...
    course_lib.validation.CourseDataError: `level` must be < 1; got 90.
    """
    if not isinstance(runs, pd.DataFrame):
        raise TypeError(f"`runs` must be the DataFrame of replicate(); got {type(runs).__name__}.")
    missing = [c for c in ("strategy", "month", *KPI_COLUMNS) if c not in runs.columns]
    if missing:
        raise CourseDataError(f"`runs` lacks column(s) {missing}; pass what replicate() returns.")
    level = require_number(level, "level", low=0, high=1, low_open=True, high_open=True)
    grouped = runs.groupby(["strategy", "month"], sort=False)[list(KPI_COLUMNS)]
    low, high = (1 - level) / 2, 1 - (1 - level) / 2
    mean = grouped.mean()
    lo = grouped.quantile(low).add_suffix("_low")
    hi = grouped.quantile(high).add_suffix("_high")
    table = pd.concat([mean, lo, hi], axis=1)
    order = [c for k in KPI_COLUMNS for c in (k, f"{k}_low", f"{k}_high")]
    return table[order]


def tournament(
    strategies: Mapping[str, Strategy | str] | Sequence[Strategy | str],
    *,
    n_customers: int = 5_000,
    months: int = 6,
    seeds: int | Sequence[int] = 10,
    complaint_target: float = 0.05,
    progress: bool | None = None,
) -> pd.DataFrame:
    """Team mode: run several strategies on the same seeds and rank them on total profit.

    Parameters
    ----------
    strategies : dict of name → Strategy, or a list of Strategy / named strategies
        The teams' strategies; names must be unique.
    n_customers, months : int
        As in :func:`simulate` (six months by default, the case's horizon).
    seeds : int or list of int
        The runs every strategy gets (the same for all).
    complaint_target : float
        A strategy ``meets_targets`` when its mean complaint rate in the last month is below
        this (the case's "under 5 %") and its NPS is above zero.

    Returns
    -------
    pandas.DataFrame
        The leaderboard (:data:`LEADERBOARD_COLUMNS`): total profit over the months (mean and
        90 % band over the seeds) and the last month's customer KPIs, best profit first.

    Examples
    --------
    >>> board = tournament({"A": "baseline", "B": "four_moves"}, n_customers=500, months=2, seeds=2)
    >>> board["strategy"].tolist() == sorted(board["strategy"], key=board.set_index("strategy")["profit"].get, reverse=True)
    True
    """
    if isinstance(strategies, dict):
        items = list(strategies.items())
    elif isinstance(strategies, (list, tuple)):
        items = [(strategy_named(s).name, s) for s in strategies]
    else:
        raise TypeError(
            f"`strategies` must be a dict of name → Strategy or a list; got {type(strategies).__name__}."
        )
    if not items:
        raise CourseDataError("`strategies` is empty; give at least one strategy.")
    names = [str(name) for name, _ in items]
    if len(set(names)) != len(names):
        dupes = sorted({n for n in names if names.count(n) > 1})
        raise CourseDataError(f"`strategies` has duplicate names {dupes}; give each team its own name.")
    complaint_target = require_fraction(complaint_target, "complaint_target")
    seeds = _seeds(seeds)
    rows = []
    for name, strategy in _progress(items, progress=progress, total=len(items), desc="teams"):
        chosen = strategy_named(strategy)
        if not isinstance(chosen, Strategy):
            raise TypeError(f"strategy {name!r} is not a Strategy.")
        profits, last = [], []
        for seed in seeds:
            kpis = simulate(chosen, n_customers=n_customers, months=months, seed=seed).kpis
            profits.append(kpis["profit"].sum())
            last.append(kpis.iloc[-1])
        last = pd.DataFrame(last)
        rows.append(
            {
                "strategy": name,
                "profit": float(np.mean(profits)),
                "profit_low": float(np.quantile(profits, 0.05)),
                "profit_high": float(np.quantile(profits, 0.95)),
                "repurchase_rate": float(last["repurchase_rate"].mean()),
                "complaint_rate": float(last["complaint_rate"].mean()),
                "nps": float(last["nps"].mean()),
                "referral_share": float(last["referral_share"].mean()),
            }
        )
    board = pd.DataFrame(rows)
    board["meets_targets"] = (board["complaint_rate"] < complaint_target) & (board["nps"] > 0)
    board = board.sort_values(["profit", "strategy"], ascending=[False, True], ignore_index=True)
    board.insert(0, "rank", np.arange(1, len(board) + 1))
    return board[list(LEADERBOARD_COLUMNS)]
