"""Service promises (SLA): how long complaints wait for a first answer and for a solution, and
the share kept within the promises (analytics layer).

Taught in chapter 4 (``notebooks/04_service.ipynb``, section on answering in time); the
complaint analyses of :mod:`course_lib.service` and the survey features of
:mod:`course_lib.nps` build on it.

- :data:`RESPONSE_PROMISE_HOURS` (a first answer within 1 hour) and
  :data:`RESOLUTION_PROMISE_HOURS` (a solution within 24 hours): the strategy article's promises;
- :func:`ticket_times` — hours to the first answer and to the solution;
- :func:`sla_flags` — those hours and whether each ticket kept each promise;
- :func:`sla_table` — the share kept, median and 90th-percentile hours, overall or by channel
  or severity (:data:`SEVERITY_ORDER`);
- :func:`csat_by_sla` — CSAT by promise kept or missed.

The same names stay importable from :mod:`course_lib.service`, where they lived before.

Examples
--------
>>> tickets = pd.DataFrame({"opened_at": pd.to_datetime(["2024-03-01 09:00", "2024-03-01 10:00"]),
...     "first_response_at": pd.to_datetime(["2024-03-01 09:30", "2024-03-01 12:15"]),
...     "resolved_at": pd.to_datetime(["2024-03-01 15:00", "2024-03-03 10:00"])})
>>> sla_table(tickets)[["tickets", "answered_in_time", "solved_in_time"]]
       tickets  answered_in_time  solved_in_time
group
all          2               0.5             0.5
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .validation import (
    CourseDataError,
    require_columns,
    require_frame,
    require_no_missing,
    require_non_empty,
    require_number,
    require_numeric,
    to_datetime_column,
)

__all__ = [
    "RESPONSE_PROMISE_HOURS",
    "RESOLUTION_PROMISE_HOURS",
    "SEVERITY_ORDER",
    "ticket_times",
    "sla_flags",
    "sla_table",
    "csat_by_sla",
]

#: The strategy article's promises: first answer within 1 hour, a solution within 24 hours.
RESPONSE_PROMISE_HOURS = 1.0
RESOLUTION_PROMISE_HOURS = 24.0
SEVERITY_ORDER = ["low", "medium", "high"]


# ------------------------------------------------------------------------------ SLA
def ticket_times(
    tickets: pd.DataFrame,
    *,
    opened: str = "opened_at",
    responded: str = "first_response_at",
    resolved: str = "resolved_at",
) -> pd.DataFrame:
    """Hours from a complaint's arrival to its first answer and to its solution.

    A ticket answered before it was opened is refused: the timestamps are then in the wrong
    columns or time zones.

    Parameters
    ----------
    tickets : pandas.DataFrame
        One row per complaint with the three time columns (none missing).
    opened, responded, resolved : str
        Column names: arrival, first answer, solution.

    Returns
    -------
    pandas.DataFrame
        A copy of ``tickets`` with ``response_hours`` and ``resolution_hours`` (both counted
        from ``opened``).

    Examples
    --------
    >>> tickets = pd.DataFrame({"opened_at": pd.to_datetime(["2024-03-01 09:00", "2024-03-01 10:00"]),
    ...     "first_response_at": pd.to_datetime(["2024-03-01 09:30", "2024-03-01 12:15"]),
    ...     "resolved_at": pd.to_datetime(["2024-03-01 15:00", "2024-03-03 10:00"])})
    >>> ticket_times(tickets)[["response_hours", "resolution_hours"]]
       response_hours  resolution_hours
    0            0.50               6.0
    1            2.25              48.0
    """
    require_frame(tickets, "tickets")
    require_columns(tickets, [opened, responded, resolved], "tickets")
    require_non_empty(tickets, "tickets")
    for column in (opened, responded, resolved):
        require_no_missing(tickets, column, "tickets")
    start = to_datetime_column(tickets, opened, "tickets")
    answer = to_datetime_column(tickets, responded, "tickets")
    solved = to_datetime_column(tickets, resolved, "tickets")
    for column, values in ((responded, answer), (resolved, solved)):
        early = values < start
        if early.any():
            row = str(tickets.index[int(np.flatnonzero(early.to_numpy())[0])])
            raise CourseDataError(
                f'`tickets["{column}"]` comes before `{opened}` in {int(early.sum())} row(s), '
                f"first at row {row}; every time must be on or after the complaint's arrival."
            )
    out = tickets.copy()
    out["response_hours"] = (answer - start).dt.total_seconds().to_numpy() / 3600
    out["resolution_hours"] = (solved - start).dt.total_seconds().to_numpy() / 3600
    return out


def sla_flags(
    tickets: pd.DataFrame,
    *,
    response_hours: float = RESPONSE_PROMISE_HOURS,
    resolution_hours: float = RESOLUTION_PROMISE_HOURS,
) -> pd.DataFrame:
    """:func:`ticket_times` plus whether each ticket kept the two promises.

    Every analysis of promises kept (:func:`sla_table`, :func:`csat_by_sla`, the complaint
    analyses of :mod:`course_lib.service`) starts from this table.

    Parameters
    ----------
    tickets : pandas.DataFrame
        One row per complaint with ``opened_at``, ``first_response_at`` and ``resolved_at``.
    response_hours, resolution_hours : float
        The promises in hours (> 0): first answer, solution.

    Returns
    -------
    pandas.DataFrame
        A copy of ``tickets`` with ``response_hours``, ``resolution_hours``,
        ``answered_in_time`` and ``solved_in_time`` (a promise met exactly is kept).

    Examples
    --------
    >>> tickets = pd.DataFrame({"opened_at": pd.to_datetime(["2024-03-01 09:00"]),
    ...     "first_response_at": pd.to_datetime(["2024-03-01 10:00"]),
    ...     "resolved_at": pd.to_datetime(["2024-03-02 12:00"])})
    >>> sla_flags(tickets)[["answered_in_time", "solved_in_time"]].to_dict("records")
    [{'answered_in_time': True, 'solved_in_time': False}]
    """
    response_hours = require_number(response_hours, "response_hours", low=0, low_open=True)
    resolution_hours = require_number(resolution_hours, "resolution_hours", low=0, low_open=True)
    table = ticket_times(tickets)
    table["answered_in_time"] = table["response_hours"] <= response_hours
    table["solved_in_time"] = table["resolution_hours"] <= resolution_hours
    return table


def sla_table(
    tickets: pd.DataFrame,
    *,
    by: str | None = None,
    response_hours: float = RESPONSE_PROMISE_HOURS,
    resolution_hours: float = RESOLUTION_PROMISE_HOURS,
) -> pd.DataFrame:
    """Response and resolution times against the promises, overall or per group.

    One row per value of ``by`` (a column such as ``"channel"`` or ``"severity"``; ``None``
    for one row, ``"all"``) with the number of tickets, median and 90th-percentile hours to
    the first answer and to the solution, the share answered within ``response_hours`` and
    solved within ``resolution_hours``, and the mean CSAT when ``tickets`` has a ``csat``
    column. Severities are listed low → high.

    Parameters
    ----------
    tickets : pandas.DataFrame
        As for :func:`ticket_times` (plus ``by`` and, optionally, ``csat``).
    by : str, optional
        The column to group by.
    response_hours, resolution_hours : float
        The promises in hours (> 0): first answer, solution.

    Returns
    -------
    pandas.DataFrame
        One row per group: ``tickets``, ``median_response_hours``, ``p90_response_hours``,
        ``answered_in_time``, ``median_resolution_hours``, ``p90_resolution_hours``,
        ``solved_in_time`` (and ``mean_csat``).

    Examples
    --------
    >>> tickets = pd.DataFrame({"channel": ["phone", "phone", "email"],
    ...     "opened_at": pd.to_datetime(["2024-03-01 09:00"] * 3),
    ...     "first_response_at": pd.to_datetime(["2024-03-01 09:20", "2024-03-01 10:30", "2024-03-01 14:00"]),
    ...     "resolved_at": pd.to_datetime(["2024-03-01 12:00", "2024-03-02 12:00", "2024-03-01 20:00"])})
    >>> sla_table(tickets, by="channel")[["tickets", "answered_in_time", "solved_in_time"]]
             tickets  answered_in_time  solved_in_time
    channel
    email          1               0.0             1.0
    phone          2               0.5             0.5
    """
    table = sla_flags(tickets, response_hours=response_hours, resolution_hours=resolution_hours)
    if by is not None:
        require_columns(tickets, [by], "tickets")
        keys = table[by]
    else:
        keys = pd.Series("all", index=table.index, name="group")
    grouped = table.groupby(keys.to_numpy())
    out = pd.DataFrame(
        {
            "tickets": grouped.size(),
            "median_response_hours": grouped["response_hours"].median(),
            "p90_response_hours": grouped["response_hours"].quantile(0.9),
            "answered_in_time": grouped["answered_in_time"].mean(),
            "median_resolution_hours": grouped["resolution_hours"].median(),
            "p90_resolution_hours": grouped["resolution_hours"].quantile(0.9),
            "solved_in_time": grouped["solved_in_time"].mean(),
        }
    )
    if "csat" in table.columns:
        out["mean_csat"] = grouped["csat"].mean()
    out.index.name = by if by is not None else "group"
    if by == "severity" and set(out.index) <= set(SEVERITY_ORDER):
        out = out.reindex([s for s in SEVERITY_ORDER if s in out.index])
    return out


def csat_by_sla(
    tickets: pd.DataFrame,
    *,
    response_hours: float = RESPONSE_PROMISE_HOURS,
    resolution_hours: float = RESOLUTION_PROMISE_HOURS,
) -> pd.DataFrame:
    """Mean CSAT (1–5) and the share of satisfied customers (4–5) by promise kept or missed.

    Parameters
    ----------
    tickets : pandas.DataFrame
        As for :func:`ticket_times`, with ``csat``.
    response_hours, resolution_hours : float
        The promises in hours (> 0): first answer, solution.

    Returns
    -------
    pandas.DataFrame
        Rows: answered within ``response_hours`` or not; columns: solved within
        ``resolution_hours`` or not, for ``mean_csat``, ``satisfied`` and ``tickets``.

    Examples
    --------
    >>> tickets = pd.DataFrame({"csat": [5, 4, 2, 1],
    ...     "opened_at": pd.to_datetime(["2024-03-01 09:00"] * 4),
    ...     "first_response_at": pd.to_datetime(["2024-03-01 09:10", "2024-03-01 09:40",
    ...                                          "2024-03-01 13:00", "2024-03-01 15:00"]),
    ...     "resolved_at": pd.to_datetime(["2024-03-01 12:00", "2024-03-03 12:00",
    ...                                    "2024-03-01 20:00", "2024-03-04 09:00"])})
    >>> csat_by_sla(tickets)["mean_csat"]
    solved_in_time    False  True
    answered_in_time
    False               1.0   2.0
    True                4.0   5.0
    """
    require_columns(tickets, ["csat"], "tickets")
    table = sla_flags(tickets, response_hours=response_hours, resolution_hours=resolution_hours)
    table["csat"] = require_numeric(table, "csat", "tickets")
    table["satisfied"] = table["csat"] >= 4
    out = table.pivot_table(
        index="answered_in_time",
        columns="solved_in_time",
        values=["csat", "satisfied"],
        aggfunc="mean",
        observed=True,
    )
    counts = table.pivot_table(
        index="answered_in_time", columns="solved_in_time", values="csat", aggfunc="size", observed=True
    )
    result = pd.concat({"mean_csat": out["csat"], "satisfied": out["satisfied"], "tickets": counts}, axis=1)
    return result
