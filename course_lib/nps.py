"""Net promoter score: categories, the score with a bootstrap interval, tables by segment and
period, and a driver analysis (analytics layer).

Taught in chapter 4 (``notebooks/04_service.ipynb``); chapter 5's KPIs
(:mod:`course_lib.kpis`) use the same :func:`nps`:

- :func:`nps_category` — promoter (9–10), passive (7–8) or detractor (0–6) for each answer;
- :func:`nps` — % promoters minus % detractors, from −100 to 100;
- :func:`nps_interval` — the score with a seeded percentile bootstrap interval;
- :func:`nps_table` — the score per group (a column) or per period, each with its interval;
- :func:`survey_features` — what each respondent lived through before answering
  (a complaint, a late answer, the tier held that day, the year's spend);
- :func:`nps_drivers` — a regression of the 0–10 score on those features.

Scores are vectors (list, numpy array or pandas Series) of whole numbers from 0 to 10.
The same names stay importable from :mod:`course_lib.service`, where they lived before.

Examples
--------
>>> nps([10, 9, 9, 8, 7, 6, 3, 10, 5, 9])   # 5 promoters, 3 detractors of 10
20.0
>>> nps_category([10, 7, 2]).tolist()
['promoter', 'passive', 'detractor']
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from .sla import RESPONSE_PROMISE_HOURS, sla_flags
from .validation import (
    CourseDataError,
    make_rng,
    require_columns,
    require_frame,
    require_non_empty,
    require_number,
    require_numeric,
    require_whole,
    to_datetime_column,
    to_vector,
)

__all__ = ["nps_category", "nps", "nps_interval", "nps_table", "survey_features", "nps_drivers"]

#: Scores as the functions accept them: a list, numpy array or pandas Series of 0–10 answers.
Scores = Sequence[float] | np.ndarray | pd.Series


def _scores(scores, arg: str = "scores") -> np.ndarray:
    values = to_vector(scores, arg)
    if len(values) == 0:
        raise CourseDataError(f"`{arg}` is empty; expected at least one 0–10 score.")
    if np.isnan(values).any():
        raise CourseDataError(
            f"`{arg}` has {int(np.isnan(values).sum())} missing value(s); drop unanswered surveys first."
        )
    bad = (values < 0) | (values > 10) | (values != np.round(values))
    if bad.any():
        first = values[bad][0]
        raise CourseDataError(
            f"`{arg}` must hold whole scores from 0 to 10; found {first:g} "
            f"at position {int(np.flatnonzero(bad)[0])}."
        )
    return values


def nps_category(scores: Scores) -> pd.Series:
    """``promoter`` (9–10), ``passive`` (7–8) or ``detractor`` (0–6) for each 0–10 score.

    Parameters
    ----------
    scores : list, numpy array or pandas Series
        Whole-number answers from 0 to 10.

    Returns
    -------
    pandas.Series
        ``nps_category`` per answer, on the index of ``scores`` when it is a Series.

    Examples
    --------
    >>> nps_category([10, 8, 6, 9]).tolist()
    ['promoter', 'passive', 'detractor', 'promoter']
    """
    values = _scores(scores)
    labels = np.select([values >= 9, values >= 7], ["promoter", "passive"], "detractor")
    index = scores.index if isinstance(scores, pd.Series) else None
    return pd.Series(labels, index=index, name="nps_category")


def nps(scores: Scores) -> float:
    """Net promoter score: % promoters (9–10) minus % detractors (0–6), from −100 to 100.

    Parameters
    ----------
    scores : list, numpy array or pandas Series
        Whole-number answers from 0 to 10 (at least one, none missing).

    Returns
    -------
    float
        The score, from −100 to 100.

    Examples
    --------
    >>> nps([10, 9, 9, 8, 7, 6, 3, 10, 5, 9])   # 5 promoters, 3 detractors of 10
    20.0
    """
    values = _scores(scores)
    return float(100 * ((values >= 9).mean() - (values <= 6).mean()))


def nps_interval(
    scores: Scores, *, level: float = 0.95, n_boot: int = 2000, seed: int | np.random.Generator = 0
) -> pd.Series:
    """NPS with a percentile bootstrap confidence interval (resampling the answers).

    Parameters
    ----------
    scores : list, numpy array or pandas Series
        Whole-number answers from 0 to 10.
    level : float
        The interval's confidence, strictly between 0 and 1.
    n_boot : int
        Bootstrap resamples (≥ 100).
    seed : int or numpy.random.Generator
        Seeds the resampling (:func:`course_lib.validation.make_rng`).

    Returns
    -------
    pandas.Series
        ``nps``, ``low``, ``high`` and ``answers``, named ``nps``.

    Examples
    --------
    >>> result = nps_interval([10, 9, 9, 8, 7, 6, 3, 10, 5, 9] * 20, seed=1)
    >>> float(result["nps"]), bool(result["low"] < 20 < result["high"])
    (20.0, True)
    """
    values = _scores(scores)
    level = require_number(level, "level", low=0, high=1, low_open=True, high_open=True)
    n_boot = require_whole(n_boot, "n_boot", low=100)
    rng = make_rng(seed)
    point = 100 * (np.where(values >= 9, 1, 0) - np.where(values <= 6, 1, 0))
    picks = rng.integers(0, len(values), size=(n_boot, len(values)))
    boot = point[picks].mean(axis=1)
    low, high = np.quantile(boot, [(1 - level) / 2, (1 + level) / 2])
    return pd.Series(
        {"nps": float(point.mean()), "low": float(low), "high": float(high), "answers": float(len(values))},
        name="nps",
    )


def nps_table(
    surveys: pd.DataFrame,
    *,
    by: str | None = None,
    freq: str | None = None,
    score: str = "nps",
    date: str = "survey_date",
    level: float = 0.95,
    n_boot: int = 2000,
    seed: int | np.random.Generator = 0,
) -> pd.DataFrame:
    """NPS per group (``by``, a column) or per period (``freq``, e.g. ``"QE"``), with intervals.

    Parameters
    ----------
    surveys : pandas.DataFrame
        One row per answer with the ``score`` column (and ``by`` or ``date``).
    by : str, optional
        A column to group by; give ``by`` or ``freq``, not both (neither: one row ``all``).
    freq : str, optional
        A pandas period such as ``"QE"`` or ``"MS"``, applied to the ``date`` column.
    score, date : str
        Column names of the 0–10 answer and the survey day.
    level, n_boot : float, int
        As for :func:`nps_interval`.
    seed : int or numpy.random.Generator
        Seeds each row's bootstrap in turn.

    Returns
    -------
    pandas.DataFrame
        One row per group or period: ``answers``, ``promoters``, ``passives``,
        ``detractors`` (shares), ``nps``, ``low`` and ``high`` (the bootstrap interval).

    Examples
    --------
    >>> surveys = pd.DataFrame({"nps": [10, 9, 3, 8, 6, 10], "tier": ["a", "a", "a", "b", "b", "b"]})
    >>> nps_table(surveys, by="tier", n_boot=200)[["answers", "promoters", "detractors", "nps"]].round(1)
          answers  promoters  detractors   nps
    tier
    a         3.0        0.7         0.3  33.3
    b         3.0        0.3         0.3   0.0
    """
    require_frame(surveys, "surveys")
    require_columns(surveys, [score], "surveys")
    require_non_empty(surveys, "surveys")
    if by is not None and freq is not None:
        raise CourseDataError("give `by` (a column) or `freq` (a period), not both.")
    if by is not None:
        require_columns(surveys, [by], "surveys")
        keys = surveys[by]
    elif freq is not None:
        require_columns(surveys, [date], "surveys")
        keys = (
            to_datetime_column(surveys, date, "surveys")
            .dt.to_period(freq.removesuffix("E") if freq.endswith("E") else freq)
            .dt.start_time
        )
        keys.name = "period"
    else:
        keys = pd.Series("all", index=surveys.index, name="group")
    rng = make_rng(seed)
    rows = {}
    for key, group in surveys.groupby(keys.to_numpy(), sort=True):
        values = _scores(group[score], f'surveys["{score}"]')
        interval = nps_interval(values, level=level, n_boot=n_boot, seed=int(rng.integers(2**31)))
        rows[key] = {
            "answers": float(len(values)),
            "promoters": float((values >= 9).mean()),
            "passives": float(((values >= 7) & (values <= 8)).mean()),
            "detractors": float((values <= 6).mean()),
            "nps": interval["nps"],
            "low": interval["low"],
            "high": interval["high"],
        }
    out = pd.DataFrame.from_dict(rows, orient="index")
    out.index.name = keys.name if keys.name is not None else by
    return out


def _tier_on(survey_days, customer_ids, customers, loyalty):
    """Each survey's membership tier on its day (the ledger's tier changes; no look-ahead)."""
    base = customers.set_index("customer_id")["membership_tier"].astype(object)
    frame = pd.DataFrame(
        {
            "customer_id": customer_ids.to_numpy(),
            "day": survey_days.to_numpy(),
            "row": np.arange(len(survey_days)),
        }
    )
    tier = base.reindex(frame["customer_id"]).to_numpy().copy()
    changes = loyalty.loc[
        loyalty["kind"] == "tier_change", ["customer_id", "date", "tier_from", "tier_to"]
    ].copy()
    if len(changes):
        changes["date"] = to_datetime_column(changes, "date", "loyalty")
        changes = changes.sort_values("date", kind="stable")
        left = frame.sort_values("day", kind="stable")
        before = pd.merge_asof(
            left,
            changes.rename(columns={"date": "day"}),
            on="day",
            by="customer_id",
            direction="backward",
            allow_exact_matches=False,
        )
        after = pd.merge_asof(
            left, changes.rename(columns={"date": "day"}), on="day", by="customer_id", direction="forward"
        )
        fill = after.set_index("row")["tier_from"].astype(object)
        known = before.set_index("row")["tier_to"].astype(object)
        fill = fill.reindex(range(len(frame)))
        known = known.reindex(range(len(frame)))
        tier = np.where(known.notna(), known, np.where(fill.notna(), fill, tier))
    return pd.Series(tier, index=survey_days.index, name="tier")


def survey_features(
    surveys: pd.DataFrame,
    tickets: pd.DataFrame,
    orders: pd.DataFrame,
    customers: pd.DataFrame,
    loyalty: pd.DataFrame,
    *,
    window_days: int = 90,
    response_hours: float = RESPONSE_PROMISE_HOURS,
) -> pd.DataFrame:
    """What each survey respondent had lived through before answering (for a driver analysis).

    Everything uses only what happened before the survey day.

    Parameters
    ----------
    surveys : pandas.DataFrame
        ``survey_id``, ``customer_id``, ``survey_date`` and ``nps``.
    tickets : pandas.DataFrame
        ``customer_id``, ``opened_at``, ``first_response_at`` and ``resolved_at``.
    orders : pandas.DataFrame
        ``customer_id``, ``order_date`` and ``amount``.
    customers : pandas.DataFrame
        ``customer_id`` and ``membership_tier`` (the tier today).
    loyalty : pandas.DataFrame
        The ledger: ``customer_id``, ``kind``, ``date``, ``tier_from`` and ``tier_to``.
    window_days : int
        How far back a complaint counts (≥ 1).
    response_hours : float
        The first-answer promise.

    Returns
    -------
    pandas.DataFrame
        One row per survey: ``survey_id``, ``customer_id``, ``survey_date``, ``nps``,
        ``complaint`` (a ticket opened in the ``window_days`` before the survey),
        ``late_answer`` (one of those waited beyond ``response_hours``), ``tier`` (held on the
        survey day, from the ledger) and ``spend_365d`` (CNY in the 365 days before).

    Examples
    --------
    >>> day = pd.to_datetime(["2024-03-10"])
    >>> features = survey_features(
    ...     pd.DataFrame({"survey_id": ["S1"], "customer_id": ["a"], "survey_date": day, "nps": [6]}),
    ...     pd.DataFrame({"customer_id": ["a"], "opened_at": pd.to_datetime(["2024-03-01 09:00"]),
    ...                   "first_response_at": pd.to_datetime(["2024-03-01 12:00"]),
    ...                   "resolved_at": pd.to_datetime(["2024-03-02 09:00"])}),
    ...     pd.DataFrame({"customer_id": ["a"], "order_date": pd.to_datetime(["2024-02-01"]), "amount": [300.0]}),
    ...     pd.DataFrame({"customer_id": ["a"], "membership_tier": ["gold"]}),
    ...     pd.DataFrame(columns=["customer_id", "kind", "date", "tier_from", "tier_to"]))
    >>> features[["complaint", "late_answer", "tier", "spend_365d"]].to_dict("records")
    [{'complaint': True, 'late_answer': True, 'tier': 'gold', 'spend_365d': 300.0}]
    """
    require_columns(surveys, ["survey_id", "customer_id", "survey_date", "nps"], "surveys")
    require_columns(tickets, ["customer_id", "opened_at", "first_response_at"], "tickets")
    require_columns(orders, ["customer_id", "order_date", "amount"], "orders")
    require_columns(customers, ["customer_id", "membership_tier"], "customers")
    require_columns(loyalty, ["customer_id", "kind", "date", "tier_from", "tier_to"], "loyalty")
    window = require_whole(window_days, "window_days", low=1)
    days = to_datetime_column(surveys, "survey_date", "surveys")
    times = sla_flags(tickets, response_hours=response_hours)
    out = pd.DataFrame(
        {
            "survey_id": surveys["survey_id"].to_numpy(),
            "customer_id": surveys["customer_id"].to_numpy(),
            "survey_date": days.to_numpy(),
            "nps": _scores(surveys["nps"], 'surveys["nps"]'),
        },
        index=surveys.index,
    )
    # tickets in the window before each survey: a join on the customer, then a date filter
    pairs = (
        out[["customer_id", "survey_date"]]
        .reset_index(names="row")
        .merge(times[["customer_id", "opened_at", "answered_in_time"]], on="customer_id")
    )
    inside = (pairs["opened_at"] < pairs["survey_date"]) & (
        pairs["opened_at"] >= pairs["survey_date"] - pd.Timedelta(days=window)
    )
    pairs = pairs[inside]
    out["complaint"] = out.index.isin(pairs["row"])
    out["late_answer"] = out.index.isin(pairs.loc[~pairs["answered_in_time"], "row"])
    out["tier"] = _tier_on(days, surveys["customer_id"], customers, loyalty)
    order_days = to_datetime_column(orders, "order_date", "orders")
    spend = (
        out[["customer_id", "survey_date"]]
        .reset_index(names="row")
        .merge(
            pd.DataFrame(
                {
                    "customer_id": orders["customer_id"].to_numpy(),
                    "day": order_days.to_numpy(),
                    "amount": require_numeric(orders, "amount", "orders").to_numpy(),
                }
            ),
            on="customer_id",
        )
    )
    spend = spend[
        (spend["day"] < spend["survey_date"])
        & (spend["day"] >= spend["survey_date"] - pd.Timedelta(days=365))
    ]
    out["spend_365d"] = spend.groupby("row")["amount"].sum().reindex(out.index, fill_value=0.0)
    return out


def nps_drivers(
    features: pd.DataFrame,
    *,
    target: str = "nps",
    numeric: Sequence[str] = ("spend_365d",),
    flags: Sequence[str] = ("complaint", "late_answer"),
    categorical: Sequence[tuple[str, str]] = (("tier", "member"),),
    spend_unit: float = 1000.0,
) -> pd.DataFrame:
    """A linear regression of the 0–10 recommendation score on the survey features.

    Each coefficient is the change of the mean score that goes with one unit of the
    feature, other features held fixed: a flag switched on, a tier against the baseline
    tier, or ``spend_unit`` CNY more spend. The score points convert roughly to NPS points
    only where many answers sit near the 6/7 and 8/9 cut-offs, so the table reports score
    points. Standard errors are the classical OLS ones; ``low`` and ``high`` span 95 %.
    An association, not a proof of cause: chapter 3's controlled tests are the proof.

    Parameters
    ----------
    features : pandas.DataFrame
        One row per answer, e.g. from :func:`survey_features`.
    target : str
        The 0–10 score column.
    numeric : sequence of str
        Numeric columns, each in units of ``spend_unit``.
    flags : sequence of str
        True/False columns.
    categorical : sequence of (column, baseline)
        Categorical columns, each level against its baseline level.
    spend_unit : float
        The unit of the numeric columns (> 0).

    Returns
    -------
    pandas.DataFrame
        Indexed by ``feature`` (intercept left out): ``effect``, ``std_error``, ``low``,
        ``high`` and ``answers_with_it``.

    Examples
    --------
    >>> rng = np.random.default_rng(0)
    >>> complaint = rng.random(400) < 0.3
    >>> score = np.clip(np.round(8 - 2 * complaint + rng.normal(0, 1, 400)), 0, 10)
    >>> features = pd.DataFrame({"nps": score, "complaint": complaint})
    >>> table = nps_drivers(features, numeric=(), flags=("complaint",), categorical=())
    >>> round(float(table.loc["complaint", "effect"]), 1)
    -2.0
    """
    from scipy import stats

    require_frame(features, "features")
    spend_unit = require_number(spend_unit, "spend_unit", low=0, low_open=True)
    columns = [target, *numeric, *flags, *(c for c, _ in categorical)]
    require_columns(features, columns, "features")
    require_non_empty(features, "features")
    design = {"intercept": np.ones(len(features))}
    for column in numeric:
        values = require_numeric(features, column, "features").to_numpy()
        design[f"{column} (per {spend_unit:,.0f})"] = values / spend_unit
    for column in flags:
        design[column] = features[column].astype(float).to_numpy()
    for column, baseline in categorical:
        levels = sorted(set(features[column].astype(str)) - {baseline})
        for level in levels:
            design[f"{column}={level}"] = (features[column].astype(str) == level).astype(float).to_numpy()
    X = np.column_stack(list(design.values()))
    y = require_numeric(features, target, "features").to_numpy()
    if len(y) <= X.shape[1]:
        raise CourseDataError(
            f"`features` has {len(y)} rows for {X.shape[1]} coefficients; "
            "the regression needs more answers than coefficients."
        )
    beta, *_ = np.linalg.lstsq(X, y, rcond=None)
    residual = y - X @ beta
    dof = len(y) - X.shape[1]
    sigma2 = residual @ residual / dof
    cov = sigma2 * np.linalg.pinv(X.T @ X)
    se = np.sqrt(np.diag(cov))
    t = stats.t.ppf(0.975, dof)
    out = pd.DataFrame(
        {"effect": beta, "std_error": se, "low": beta - t * se, "high": beta + t * se},
        index=pd.Index(list(design), name="feature"),
    )
    out["answers_with_it"] = [len(y)] + [int((X[:, j] != 0).sum()) for j in range(1, X.shape[1])]
    return out.drop(index="intercept")
