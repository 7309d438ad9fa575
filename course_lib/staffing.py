"""Call-centre staffing with the Erlang C queue model (analytics layer).

Taught in chapter 4 (``notebooks/04_service.ipynb``, the staffing lab): how many agents keep
a queue's promise to answer, say, 80 % of contacts within 20 seconds.

- :func:`erlang_c` — the probability that a contact has to wait, for a given number of agents;
- :func:`staffing` — load, occupancy, P(wait), mean wait and service level for one staffing
  level; :func:`staffing_table` the same for a range of levels;
- :func:`agents_needed` — the fewest agents that reach a service level.

Arrival rates are contacts per hour and handling times minutes per contact; the offered load
is A = rate × handling time / 60 erlangs. The Erlang B recursion keeps every figure exact for
thousands of agents (the textbook formula's factorials overflow beyond about 170).
The same names stay importable from :mod:`course_lib.service`, where they lived before.

Examples
--------
>>> agents_needed(200, 3, target=20 / 60, service_level=0.8)   # 10 erlangs
14
>>> round(erlang_c(200, 3, 14), 4)
0.1741
"""

from __future__ import annotations

import math
from collections.abc import Iterable

import numpy as np
import pandas as pd

from .validation import CourseDataError, require_fraction, require_number, require_whole, to_vector

__all__ = ["erlang_c", "staffing", "agents_needed", "staffing_table"]


def _queue_args(arrival_rate, handling_time) -> tuple[float, float, float]:
    arrival_rate = require_number(arrival_rate, "arrival_rate", low=0)
    handling_time = require_number(handling_time, "handling_time", low=0, low_open=True)
    return arrival_rate, handling_time, arrival_rate * handling_time / 60.0


def _erlang_b(load: float, n: int) -> float:
    """Erlang B blocking for n servers by the stable recursion B(k) = A·B(k−1) / (k + A·B(k−1)).

    Each step stays between 0 and 1, so nothing overflows (the textbook formula's A^N / N!
    overflows a float beyond about 170 agents)."""
    b = 1.0
    for k in range(1, n + 1):
        b = load * b / (k + load * b)
    return b


def _erlang_c_from_b(b: float, n: int, load: float) -> float:
    if load >= n:
        return 1.0
    return n * b / (n - load * (1.0 - b))


def erlang_c(arrival_rate: float, handling_time: float, agents: int) -> float:
    """Probability that a contact has to wait (Erlang C), for a queue with ``agents`` agents.

    ``arrival_rate`` is contacts per hour, ``handling_time`` minutes per contact; the
    offered load is A = arrival_rate × handling_time / 60 erlangs. Computed through the
    Erlang B recursion, which never forms the factorials of the textbook formula and so
    stays exact for thousands of agents. With A ≥ ``agents`` the queue grows without
    bound and every contact waits (1.0).

    Parameters
    ----------
    arrival_rate : float
        Contacts per hour (≥ 0).
    handling_time : float
        Minutes per contact (> 0).
    agents : int
        Agents on duty (≥ 1).

    Returns
    -------
    float
        P(wait), between 0 and 1.

    Examples
    --------
    >>> round(erlang_c(200, 3, 11), 4)      # 10 erlangs on 11 agents
    0.6821
    >>> round(erlang_c(30, 1, 1), 4)        # one agent: M/M/1, P(wait) = utilisation
    0.5
    """
    _, _, load = _queue_args(arrival_rate, handling_time)
    n = require_whole(agents, "agents", low=1)
    if load == 0:
        return 0.0
    return float(_erlang_c_from_b(_erlang_b(load, n), n, load))


def staffing(arrival_rate: float, handling_time: float, agents: int, *, target: float = 20 / 60) -> pd.Series:
    """Queue figures for one staffing level: load, occupancy, P(wait), mean wait, service level.

    ``target`` is the answer-time promise in minutes (20 seconds by default, a common
    phone standard); ``service_level`` is the share of contacts answered within it,
    1 − P(wait)·exp(−(agents − A)·target / handling_time). Waits are in minutes. With too
    few agents (A ≥ agents) the mean wait is infinite and the service level 0.

    Parameters
    ----------
    arrival_rate, handling_time, agents
        As for :func:`erlang_c`: contacts per hour, minutes per contact, agents on duty.
    target : float
        The answer-time promise in minutes (≥ 0).

    Returns
    -------
    pandas.Series
        ``load_erlangs``, ``agents``, ``occupancy``, ``p_wait``, ``mean_wait_minutes`` and
        ``service_level``, named ``staffing``.

    Examples
    --------
    >>> staffing(200, 3, 11, target=20 / 60).round(4)
    load_erlangs         10.0000
    agents               11.0000
    occupancy             0.9091
    p_wait                0.6821
    mean_wait_minutes     2.0464
    service_level         0.3896
    Name: staffing, dtype: float64
    """
    _, handling, load = _queue_args(arrival_rate, handling_time)
    n = require_whole(agents, "agents", low=1)
    target = require_number(target, "target", low=0)
    p_wait = erlang_c(arrival_rate, handling_time, n)
    if load >= n:
        mean_wait, level = float("inf"), 0.0
    else:
        mean_wait = p_wait * handling / (n - load)
        level = 1.0 - p_wait * math.exp(-(n - load) * target / handling)
    return pd.Series(
        {
            "load_erlangs": load,
            "agents": float(n),
            "occupancy": min(load / n, 1.0),
            "p_wait": p_wait,
            "mean_wait_minutes": mean_wait,
            "service_level": level,
        },
        name="staffing",
    )


def agents_needed(
    arrival_rate: float,
    handling_time: float,
    *,
    target: float = 20 / 60,
    service_level: float = 0.8,
    max_agents: int = 10_000,
) -> int:
    """The fewest agents that answer ``service_level`` of contacts within ``target`` minutes.

    Parameters
    ----------
    arrival_rate, handling_time : float
        As for :func:`erlang_c`: contacts per hour, minutes per contact.
    target : float
        The answer-time promise in minutes (≥ 0).
    service_level : float
        The share of contacts to answer within ``target`` (0 ≤ share < 1).
    max_agents : int
        Where the search gives up.

    Returns
    -------
    int
        The number of agents (1 when no contacts arrive).

    Examples
    --------
    >>> agents_needed(200, 3, target=20 / 60, service_level=0.8)
    14
    """
    _, handling, load = _queue_args(arrival_rate, handling_time)
    target = require_number(target, "target", low=0)
    goal = require_fraction(service_level, "service_level")
    max_agents = require_whole(max_agents, "max_agents", low=1)
    if goal == 1.0:
        raise CourseDataError("`service_level` 1.0 can never be met by a queue; ask for less, e.g. 0.95.")
    if load == 0:
        return 1
    b = 1.0
    for n in range(1, max_agents + 1):
        b = load * b / (n + load * b)
        if load < n:
            c = _erlang_c_from_b(b, n, load)
            if 1.0 - c * math.exp(-(n - load) * target / handling) >= goal:
                return n
    raise CourseDataError(
        f"even {max_agents:,} agents do not reach the service level; check the "
        "units (contacts per hour, minutes per contact) or raise `max_agents`."
    )


def staffing_table(
    arrival_rate: float, handling_time: float, agents: Iterable[int], *, target: float = 20 / 60
) -> pd.DataFrame:
    """:func:`staffing` for each number of agents in ``agents`` (e.g. ``range(10, 17)``).

    Parameters
    ----------
    arrival_rate, handling_time, target
        As for :func:`staffing`.
    agents : list, range, numpy array or pandas Series of int
        The staffing levels to compare (whole numbers ≥ 1).

    Returns
    -------
    pandas.DataFrame
        Indexed by ``agents``: ``load_erlangs``, ``occupancy``, ``p_wait``,
        ``mean_wait_minutes`` and ``service_level``.

    Examples
    --------
    >>> staffing_table(200, 3, range(11, 14))["service_level"].round(3).tolist()
    [0.39, 0.64, 0.796]
    """
    levels = to_vector(agents, "agents", dtype=float)
    if len(levels) == 0:
        raise CourseDataError("`agents` is empty; give at least one staffing level.")
    bad = (levels != np.round(levels)) | (levels < 1)
    if bad.any():
        raise CourseDataError(
            f"`agents` must hold whole numbers ≥ 1; got {levels[bad][0]:g} "
            f"at position {int(np.flatnonzero(bad)[0])}."
        )
    rows = [staffing(arrival_rate, handling_time, int(n), target=target) for n in levels]
    return pd.DataFrame(rows).set_index(pd.Index(levels.astype(int), name="agents")).drop(columns="agents")
