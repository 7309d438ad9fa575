"""Checks of chapter 3's exercises: journeys, touchpoint satisfaction, problem touchpoints,
last-touch attribution, the usual purchase gap, follow-up response rates and the
message-timing A/B test.

Every numeric answer is judged at the precision its task states (:func:`to_precision`), and
the typical slips of each task — computed on the shipped data — get their own message."""

from __future__ import annotations

import math
import re
from functools import lru_cache

import numpy as np
import pandas as pd

from ..language import N_, tr
from . import NotAttempted, Wrong, is_stub, joined, judge_number, number_like, shipped, task, to_precision

TIMING_BASELINE_MDE = 0.01
"""The effect (one percentage point) exercise 3.7 sizes the next timing test for."""

JOURNEY_DECIMALS = 3  # 3.1: a fraction to three decimals
SATISFACTION_DECIMALS = 2  # 3.2: mean ratings to two decimals
SHARE_DECIMALS = 3  # 3.4 and 3.6: shares and rates to three decimals
P_VALUE_DECIMALS = 3  # 3.7: the p-value to three decimals
SAMPLE_DECIMALS = -2  # 3.8: contacts per group to the nearest hundred


@lru_cache(maxsize=1)
def _journeys():
    from ..journey import build_journeys

    return build_journeys(shipped("touchpoints"))


def timing_contacts() -> pd.DataFrame:
    """The contacts of the message-timing A/B test, with a ``slot`` column (morning/evening)."""
    campaigns = shipped("campaigns")
    text = (campaigns["campaign_name"].astype(str) + " " + campaigns["campaign_id"].astype(str)).str.lower()
    test = campaigns[(text.str.contains("timing") | text.str.contains("send time")).to_numpy()].copy()
    test["slot"] = np.where(test["send_hour"] < 12, "morning", "evening")
    return test


@lru_cache(maxsize=1)
def _timing_result():
    from ..experiments import compare_groups

    return compare_groups(timing_contacts(), group="slot", outcome="converted", a="morning", b="evening")


# ----------------------------------------------------------------------------- helpers
def _finite_number(answer, name: str) -> float:
    value = number_like(answer, name)
    if not math.isfinite(value):
        raise Wrong(tr("{name} is infinite: look for a division by zero.").format(name=name))
    return value


def _shown(message) -> str:
    """A stored message in the course's language: an ``N_``-marked string, or a pair of an
    ``N_``-marked template and the values of its placeholders (kept apart so that a cached
    table of slips is translated when it is shown, not when it is built).

    Examples
    --------
    >>> _shown("that is the z statistic: store the p-value, `timing.p_value`.")
    'that is the z statistic: store the p-value, `timing.p_value`.'
    >>> _shown(("rounded to {baseline:g}", {"baseline": 0.0512}))
    'rounded to 0.0512'
    """
    if isinstance(message, tuple):
        template, values = message
        return tr(template).format(**values)
    return tr(message)


def _slips(table) -> list[tuple]:
    """A cached table of ``(value, message[, decimals])`` slips with its messages shown."""
    return [(slip[0], _shown(slip[1]), *slip[2:]) for slip in table]


def _label(value) -> str:
    return str(value).strip()


def _labelled(answer, name: str, what: str, example: str) -> pd.Series:
    """The answer as a float Series with text labels, from a Series, a dict, a one-column
    table or a two-column table of labels and values; anything else is refused by name.

    ``what`` is the ``N_``-marked noun of the labels (``"stage"``, ``"channel"``), shown in
    the course's language."""
    one, what = tr(what.rstrip("s")), tr(what)
    if isinstance(answer, dict):
        series = pd.Series(answer, dtype=object)
    elif isinstance(answer, pd.DataFrame):
        frame = answer
        if frame.shape[1] == 2 and frame.index.equals(pd.RangeIndex(len(frame))):
            labels = [
                c
                for c in frame.columns
                if not pd.api.types.is_numeric_dtype(frame[c]) or pd.api.types.is_bool_dtype(frame[c])
            ]
            if len(labels) == 1:
                frame = frame.set_index(labels[0])
        if frame.shape[1] == 1:
            series = frame.iloc[:, 0]
        elif frame.shape[1] == 0:
            raise Wrong(
                tr("{name} is an empty table: build a Series indexed by {what}, e.g. {example}.").format(
                    name=name, what=what, example=example
                )
            )
        else:
            columns = [str(c) for c in frame.columns[:6]]
            if set(map(str, frame.columns)) == {"False", "True"}:
                raise Wrong(
                    tr(
                        "{name} is a table with a False and a True column: keep the True "
                        "column, the share that did."
                    ).format(name=name)
                )
            raise Wrong(
                tr(
                    "{name} is a table with {count} columns ({columns}): "
                    "give one Series of values indexed by {what}, e.g. {example}."
                ).format(
                    name=name, count=frame.shape[1], columns=", ".join(columns), what=what, example=example
                )
            )
    elif isinstance(answer, pd.Series):
        series = answer
    elif isinstance(answer, (list, tuple, np.ndarray)):
        raise Wrong(
            tr(
                "{name} should be a pandas Series indexed by {what}; a "
                "{kind} has no {what} names. Try {example}."
            ).format(name=name, what=what, kind=type(answer).__name__, example=example)
        )
    else:
        raise Wrong(
            tr(
                "{name} should be a pandas Series indexed by {what}; you gave a {kind}. Try {example}."
            ).format(name=name, what=what, kind=type(answer).__name__, example=example)
        )
    if isinstance(series.index, pd.MultiIndex):
        raise Wrong(
            tr("{name} has {levels} index levels: group by {what} only.").format(
                name=name, levels=series.index.nlevels, what=what
            )
        )
    if series.empty:
        raise Wrong(
            tr("{name} is empty: it needs one value per {one}, e.g. {example}.").format(
                name=name, one=one, example=example
            )
        )
    if pd.api.types.is_datetime64_any_dtype(series) or pd.api.types.is_timedelta64_dtype(series):
        raise Wrong(
            tr("{name} holds dates or durations: give one number per {one}, e.g. {example}.").format(
                name=name, one=one, example=example
            )
        )
    values = pd.to_numeric(series, errors="coerce").astype(float)
    values.index = [_label(i) for i in series.index]
    if values.index.duplicated().any():
        twice = sorted(set(values.index[values.index.duplicated()]))[:3]
        raise Wrong(
            tr("{name} lists {labels} more than once: one value per {one}.").format(
                name=name, labels=twice, one=one
            )
        )
    return values


def _compare(got: pd.Series, target: pd.Series, decimals: int) -> bool:
    """Same labels (missing ones counted as 0) and values at the stated precision."""
    labels = got.index.union(target.index)
    a = got.reindex(labels).fillna(0.0).to_numpy(dtype=float)
    b = target.reindex(labels).fillna(0.0).to_numpy(dtype=float)
    return bool(np.all(np.abs(a - b) <= 0.5 * 10.0 ** (-decimals) * (1 + 1e-9) + 1e-12))


def _rounded(values: pd.Series, decimals: int) -> bool:
    """True when every value has at most ``decimals`` decimals (the answer was rounded)."""
    v = values.to_numpy(dtype=float)
    return bool(np.all(np.abs(v - np.round(v, decimals)) < 1e-9))


def _stage_name(label: str) -> str:
    """A touchpoint given by its code, its Chinese name, or both ("consultation 咨询")."""
    from ..journey import STAGE_NAMES_ZH

    text = _label(label)
    if text in STAGE_NAMES_ZH:
        return text
    by_zh = {zh: code for code, zh in STAGE_NAMES_ZH.items()}
    if text in by_zh:
        return by_zh[text]
    parts = text.replace("(", " ").replace(")", " ").replace("（", " ").replace("）", " ").split()
    found = {p if p in STAGE_NAMES_ZH else by_zh.get(p) for p in parts} - {None}
    return found.pop() if len(found) == 1 else text


# ------------------------------------------------------------------------------- 3.1
@task(
    "ch03.journey_count",
    N_("journeys and their conversion rate"),
    hints=[
        N_("One journey is one `journey_id`; several touchpoint rows share it."),
        N_(
            "Count distinct `journey_id`s, and compute the share of journeys (not of rows) "
            "whose `converted` is True: `journeys['converted'].mean()`."
        ),
    ],
)
def _journey_conversion(answer):
    if isinstance(answer, pd.Series) and len(answer) <= 2 and True in set(answer.index):
        raise Wrong(
            tr(
                "you gave the shares of both outcomes (`value_counts`): keep the share of "
                "True, e.g. `journeys['converted'].mean()`."
            )
        )
    value = _finite_number(answer, "journey_conversion")
    expected, mistakes = _journey_reference()
    if not 0 <= value <= 1:
        far = tr(
            "{value:.4g} is not the share of journeys that ended in an order: a share lies between 0 and 1."
        )
    else:
        far = tr(
            "{value:.4g} is not the share of journeys that ended in an order (converted journeys ÷ "
            "all journeys, the mean of `converted` over the rows of `journeys`)."
        )
    judge_number(
        value,
        expected,
        name="journey_conversion",
        decimals=JOURNEY_DECIMALS,
        slips=_slips(mistakes),
        far_hint=far.format(value=value),
        close_hint=tr("Use all journeys, each once."),
    )


@lru_cache(maxsize=1)
def _journey_reference():
    tp, journeys = shipped("touchpoints"), _journeys()
    expected = float(journeys["converted"].mean())
    converted = int(journeys["converted"].sum())
    customers = tp["customer_id"].nunique()
    return expected, (
        (
            float(tp["converted"].mean()),
            N_(
                "that is the share of touchpoint *rows* marked converted: a long journey counts once per "
                "touchpoint. Take one row per journey first (the `journeys` table)."
            ),
        ),
        (
            float(tp.groupby("customer_id")["converted"].any().mean()),
            N_(
                "that is the share of *customers* with a converting journey: a customer can have several "
                "journeys, and the task counts journeys."
            ),
        ),
        (1 - expected, N_("that is the share of journeys that did *not* end in an order.")),
        (
            100 * expected,
            N_("that looks like a percentage: give the share as a fraction between 0 and 1."),
            JOURNEY_DECIMALS - 2,
        ),
        (
            float(converted),
            N_("that is the number of converted journeys, not a rate: divide by all journeys."),
        ),
        (
            float(len(journeys)),
            N_("that is the number of journeys: the task asks for the share that ended in an order."),
        ),
        (
            converted / customers,
            N_("that divides converted journeys by *customers*: divide by all journeys."),
        ),
        (
            0.0,
            N_(
                "0 is the median of True/False (most journeys did not convert): take the mean, the "
                "share of True."
            ),
        ),
    )


# ------------------------------------------------------------------------------- 3.2
@task(
    "ch03.stage_satisfaction",
    N_("mean satisfaction per touchpoint"),
    hints=[
        N_("Group the touchpoints by `stage` and average `satisfaction`."),
        N_(
            "Missing ratings are not zeros: `.mean()` skips them, `.fillna(0)` would drag every touchpoint down."
        ),
    ],
)
def _stage_satisfaction(answer):
    from ..journey import STAGES

    example = "`touchpoints.groupby('stage')['satisfaction'].mean()`"
    got = _labelled(answer, "stage_satisfaction", N_("stage"), example)
    got.index = [_stage_name(i) for i in got.index]
    if got.index.duplicated().any():
        raise Wrong(
            tr(
                "stage_satisfaction names a touchpoint twice (once in English, once in Chinese?): "
                "one value per touchpoint."
            )
        )
    tp = shipped("touchpoints")
    expected, mistakes = _satisfaction_reference()
    labels = set(got.index)
    if labels != set(expected.index):
        channels = set(tp["channel"].astype(str))
        if labels <= channels:
            raise Wrong(
                tr("that is indexed by channel: the touchpoints are the journey stages, group by `stage`.")
            )
        if labels < set(expected.index):
            raise Wrong(
                tr(
                    "only {found} of the {count} touchpoints ({stages}): "
                    "a touchpoint went missing. `dropna()` without `subset=` drops every row with "
                    "any empty cell (`order_id` is empty on most rows); `.mean()` already skips "
                    "missing ratings."
                ).format(found=len(labels), count=len(expected), stages=", ".join(sorted(labels)))
            )
        raise Wrong(
            tr(
                "the index should be the {count} touchpoints (`stage`: {stages}, …); "
                "yours has {entries} entries such as {examples}."
            ).format(
                count=len(expected),
                stages=", ".join(STAGES[:3]),
                entries=len(got),
                examples=list(got.index[:3]),
            )
        )
    got = got.reindex(expected.index)
    if got.isna().any():
        raise Wrong(
            tr(
                "stage_satisfaction has no number for {stages}: every "
                "touchpoint has ratings, so the mean is a number."
            ).format(stages=", ".join(got.index[got.isna()]))
        )
    for wrong, message in mistakes:
        if _compare(got, wrong, SATISFACTION_DECIMALS):
            raise Wrong(tr(message))
    if _compare(got, expected, SATISFACTION_DECIMALS):
        return None
    off = [s for s in expected.index if not to_precision(got[s], expected[s], SATISFACTION_DECIMALS)]
    if ((got < 1) | (got > 5)).any():
        raise Wrong(
            tr(
                "a mean rating lies between 1 and 5: average the `satisfaction` column of each touchpoint's rows."
            )
        )
    if _rounded(got, 0):
        raise Wrong(
            tr(
                "those are whole numbers — medians, or means cut or rounded to integers "
                "(`astype(int)`, `round()`): give the mean rating to two decimals."
            )
        )
    if _rounded(got, 1) and all(abs(got[s] - expected[s]) <= 0.06 for s in off):
        raise Wrong(
            tr(
                "close, but not right to two decimals for {stages}: round to two "
                "decimals (or not at all), not one."
            ).format(stages=", ".join(off))
        )
    raise Wrong(
        tr(
            "the means of {stages} differ: average the `satisfaction` of every rated "
            "row of that stage — all months, all journeys."
        ).format(stages=", ".join(off))
    )


@lru_cache(maxsize=1)
def _satisfaction_reference():
    tp = shipped("touchpoints")
    rating = pd.to_numeric(tp["satisfaction"], errors="coerce").astype(float)
    expected = rating.groupby(tp["stage"]).mean()
    by_stage = rating.groupby(tp["stage"])
    mistakes = [
        (
            rating.fillna(0).groupby(tp["stage"]).mean(),
            N_("missing ratings were counted as 0: leave them out of the mean (`.mean()` skips them)."),
        ),
        (by_stage.count().astype(float), N_("those are counts of ratings: take the mean of `satisfaction`.")),
        (
            by_stage.size().astype(float),
            N_("those are numbers of touchpoint rows: take the mean of `satisfaction`."),
        ),
        (by_stage.sum(), N_("those are sums of ratings: take the mean of `satisfaction`.")),
        (by_stage.median(), N_("those are medians: the thermometer works with the mean rating.")),
        (
            tp["converted"].astype(float).groupby(tp["stage"]).mean(),
            N_("those are shares of `converted`: average the `satisfaction` column."),
        ),
    ]
    return expected, tuple((w, m) for w, m in mistakes if not _compare(w, expected, SATISFACTION_DECIMALS))


# ------------------------------------------------------------------------------- 3.3
@task(
    "ch03.problem_touchpoints",
    N_("problem touchpoints"),
    hints=[
        N_(
            "Run `thermometer(touchpoints)` (a p-chart of low ratings) and summarise it with "
            "`thermometer_summary`."
        ),
        N_(
            "A problem touchpoint is flagged in at least half of its months: keep the stages "
            "whose `problem` column is True, in journey order, as a list of names."
        ),
    ],
)
def _problem_touchpoints(answer):
    from ..journey import STAGES, problem_touchpoints

    if isinstance(answer, pd.DataFrame):
        raise Wrong(
            tr(
                "you gave a table: the answer is a list of touchpoint names, e.g. "
                "`list(summary.index[summary['problem']])`."
            )
        )
    if isinstance(answer, pd.Series) and pd.api.types.is_bool_dtype(answer):
        raise Wrong(
            tr(
                "you gave the True/False column: keep the names where it is True, e.g. "
                "`list(summary.index[summary['problem']])`."
            )
        )
    if isinstance(answer, (str, bytes)):
        raise Wrong(tr("you gave one name as text: give a list of names, even for a single touchpoint."))
    if isinstance(answer, dict):
        raise Wrong(tr("you gave a dict: give a list of the touchpoint names, e.g. ['consultation', …]."))
    if isinstance(answer, np.ndarray) and answer.ndim != 1:
        raise Wrong(
            tr("problems should be a flat list of touchpoint names; you gave a {dims}-D array.").format(
                dims=answer.ndim
            )
        )
    try:
        names = [_stage_name(a) for a in answer]
    except TypeError:
        raise Wrong(
            tr("problems should be a list of touchpoint names; you gave a {kind}.").format(
                kind=type(answer).__name__
            )
        ) from None
    channels = set(shipped("touchpoints")["channel"].astype(str))
    unknown = [n for n in names if n not in STAGES]
    if unknown:
        if set(unknown) <= channels:
            if len(unknown) == 1:
                message = tr("{names} is a channel, not a touchpoint: name the stages, such as {stages}.")
            else:
                message = tr("{names} are channels, not touchpoints: name the stages, such as {stages}.")
            raise Wrong(message.format(names=unknown, stages=list(STAGES[:3])))
        if len(unknown) == 1:
            message = tr("{names} is not a touchpoint; the stages are {stages}.")
        else:
            message = tr("{names} are not touchpoints; the stages are {stages}.")
        raise Wrong(message.format(names=unknown[:3], stages=list(STAGES)))
    thermo, summary = _thermometer()
    expected = problem_touchpoints(thermo)
    ever = set(thermo.loc[thermo["flag"], "stage"])
    chosen = set(names)
    if chosen == set(expected):
        return (
            tr("(journey order matters less than the names; the list is right.)")
            if names != expected
            else None
        )
    if chosen == set(STAGES):
        raise Wrong(
            tr(
                "you listed all {count} touchpoints: keep only those whose `problem` "
                "column is True (flagged in at least half of their months)."
            ).format(count=len(STAGES))
        )
    if chosen == ever:
        raise Wrong(
            tr(
                "you listed every touchpoint flagged in *any* month: one bad month is noise. "
                "Keep those flagged in at least half of their months."
            )
        )
    extra = chosen - set(expected)
    if extra:
        stage = [s for s in STAGES if s in extra][0]
        raise Wrong(
            tr(
                "{stage} is flagged in only {share:.0%} of its "
                "months: it runs within the brand standard most of the time."
            ).format(stage=stage, share=summary.loc[stage, "share_flagged"])
        )
    raise Wrong(
        tr(
            "you found {found} of the {count} problem touchpoints: a touchpoint "
            "flagged in half of its months or more counts (`share_flagged >= 0.5`, the "
            "`problem` column)."
        ).format(found=len(chosen), count=len(expected))
    )


@lru_cache(maxsize=1)
def _thermometer():
    from ..journey import thermometer, thermometer_summary

    thermo = thermometer(shipped("touchpoints"))
    return thermo, thermometer_summary(thermo)


# ------------------------------------------------------------------------------- 3.4
@task(
    "ch03.last_touch",
    N_("last-touch attribution by hand"),
    hints=[
        N_("Keep the converted journeys, take the last channel of each `path`, and count."),
        N_(
            "`converted = journeys[journeys['converted']]`, then "
            "`converted['path'].str[-1].value_counts(normalize=True)`."
        ),
    ],
)
def _last_touch(answer):
    from ..journey import STAGES

    example = "`won['path'].str[-1].value_counts(normalize=True)`"
    got = _labelled(answer, "last_touch_share", N_("channel"), example)
    expected, channels, mistakes = _last_touch_reference()
    if not set(got.index) <= channels:
        if {_stage_name(i) for i in got.index} <= set(STAGES):
            raise Wrong(
                tr(
                    "those are touchpoint stages: credit the *channel* of the last touch "
                    "(`path`), not its stage (`stages`)."
                )
            )
        raise Wrong(
            tr("the index should be channel names such as {channels}; yours has {labels}.").format(
                channels=sorted(channels)[:3], labels=list(got.index[:3])
            )
        )
    if got.isna().any():
        raise Wrong(
            tr(
                "last_touch_share has no number for {channels}: "
                "give each channel's share as a number (0 where it never closes a journey)."
            ).format(channels=", ".join(got.index[got.isna()][:3]))
        )
    for wrong, message, places in mistakes:
        if _compare(got, wrong, places):
            raise Wrong(tr(message))
    if _compare(got, expected, SHARE_DECIMALS):
        return None
    total = float(got.sum())
    if not to_precision(total, 1.0, 2):
        raise Wrong(
            tr(
                "your shares add up to {total:.3f}, not 1: divide each channel's conversions by all conversions."
            ).format(total=total)
        )
    labels = got.index.union(expected.index)
    g, e = got.reindex(labels).fillna(0.0), expected.reindex(labels).fillna(0.0)
    off = [c for c in labels if not to_precision(g[c], e[c], SHARE_DECIMALS)]
    if _rounded(g, 2) and all(abs(g[c] - e[c]) <= 0.006 for c in off):
        raise Wrong(
            tr(
                "close, but not right to three decimals for {channels}: round to three "
                "decimals (or not at all), not two."
            ).format(channels=", ".join(off))
        )
    raise Wrong(
        tr(
            "the shares of {channels} differ: for each converted journey — all of "
            "them — credit the last channel of its `path`, once."
        ).format(channels=", ".join(off))
    )


@lru_cache(maxsize=1)
def _last_touch_reference():
    journeys, tp = _journeys(), shipped("touchpoints")
    won = journeys[journeys["converted"]]
    channels = set(journeys["path"].explode().astype(str))
    expected = won["path"].str[-1].value_counts(normalize=True)
    mistakes = [
        (
            won["path"].str[-1].value_counts().astype(float),
            N_(
                "those are counts of conversions: divide by their total to get shares "
                "(`value_counts(normalize=True)`)."
            ),
            0,
        ),
        (
            100 * expected,
            N_("those look like percentages: give shares that add up to 1."),
            SHARE_DECIMALS - 2,
        ),
        (
            won["path"].str[0].value_counts(normalize=True),
            N_("that credits the *first* channel of each journey: last touch takes `path[-1]`."),
        ),
        (
            journeys["path"].str[-1].value_counts(normalize=True),
            N_(
                "you counted the last channel of *every* journey: keep only journeys that converted, "
                "since the credit is for conversions."
            ),
        ),
        (
            won["path"].explode().astype(str).value_counts(normalize=True),
            N_(
                "that counts every touch of the converted journeys: last touch gives each conversion's "
                "whole credit to its last channel."
            ),
        ),
        (
            tp.loc[tp["converted"], "channel"].astype(str).value_counts(normalize=True),
            N_(
                "that counts every touchpoint row of the converted journeys: credit only the last channel "
                "of each journey."
            ),
        ),
        (
            journeys.loc[~journeys["converted"], "path"].str[-1].value_counts(normalize=True),
            N_("those are the journeys that did *not* convert: keep `journeys['converted']` == True."),
        ),
    ]
    table = [(m[0], m[1], m[2] if len(m) > 2 else SHARE_DECIMALS) for m in mistakes]
    return expected, channels, tuple(m for m in table if not _compare(m[0], expected, SHARE_DECIMALS))


# ------------------------------------------------------------------------------- 3.5
_GAP_CASES = [
    (["2024-01-01", "2024-01-31", "2024-03-01"], 30.0, ""),
    (
        ["2024-03-01", "2024-01-01", "2024-01-31"],
        30.0,  # unsorted
        N_("The dates may come in any order: sort them first."),
    ),
    (
        ["2024-01-01", "2024-01-01", "2024-01-11", "2024-02-20"],
        25.0,  # same day twice
        N_("Two orders on the same day are one visit: drop repeated days before taking differences."),
    ),
    (
        ["2024-01-01", "2024-01-03", "2024-01-05", "2024-04-14"],
        2.0,  # median, not mean
        N_("One long pause should not move the *usual* gap much — use the median, not the mean."),
    ),
    (
        ["2024-03-01 09:30", "2024-03-01 18:00", "2024-03-11 10:00", "2024-03-21 08:00"],
        10.0,
        N_(
            "Orders at different hours of one day are one visit, and a gap counts whole days: drop "
            "the time of day first (`.normalize()` or `.dt.date`), then drop repeats."
        ),
    ),
    (
        [pd.Timestamp("2024-06-01"), pd.Timestamp("2024-06-15"), pd.Timestamp("2024-07-13")],
        21.0,
        N_("The dates may be Timestamps as well as text: `pd.to_datetime` reads both."),
    ),
    (["2024-05-05"], np.nan, ""),  # one order day
    (
        ["2024-05-05 10:00", "2024-05-05 19:30"],
        np.nan,  # one day, two orders
        N_("Two orders on one day are one order day: with a single order day there is no gap."),
    ),
]


def _days(got, dates) -> float:
    if isinstance(got, (pd.Timedelta, np.timedelta64)) or got is pd.NaT:
        delta = pd.Timedelta(got)
        return float("nan") if pd.isna(delta) else delta / pd.Timedelta(days=1)
    if isinstance(got, (str, bytes, bool, np.bool_)) or got is None:
        kind = "None" if got is None else type(got).__name__
        raise Wrong(
            tr(
                "usual_gap({dates}) returned {kind}; return a number of days (NaN when there is no gap)."
            ).format(dates=dates, kind=kind)
        )
    try:
        return float(got)
    except (TypeError, ValueError):
        raise Wrong(
            tr(
                "usual_gap({dates}) returned a {kind}; return one number of "
                "days, e.g. `days.diff().dt.days.median()`."
            ).format(dates=dates, kind=type(got).__name__)
        ) from None


@task(
    "ch03.usual_gap",
    N_("a customer's usual purchase gap"),
    hints=[
        N_("Sort the dates, drop repeats of the same day, and take the differences in days."),
        N_(
            "`days = pd.Series(sorted(set(pd.to_datetime(order_dates).normalize())))`, then "
            "`days.diff().dt.days.median()`; with one order day the median of nothing is NaN."
        ),
    ],
)
def _usual_gap(answer):
    if not callable(answer):
        raise Wrong(
            tr("usual_gap should be a function; you gave a {kind}.").format(kind=type(answer).__name__)
        )
    passed = 0
    for dates, expected, why in _GAP_CASES:
        why = tr(why) if why else ""
        try:
            got = answer(list(dates))
        except Exception as error:
            message = tr("{passed} of {cases} cases pass: usual_gap({dates}) raised {kind}: {error}.").format(
                passed=passed, cases=len(_GAP_CASES), dates=dates, kind=type(error).__name__, error=error
            )
            raise Wrong(joined(message, why)) from None
        if got is None and is_stub(answer):
            raise NotAttempted
        value = _days(got, dates)
        if np.isnan(expected):
            if not np.isnan(value):
                message = tr(
                    "{passed} of {cases} cases pass. With a single order day "
                    "({dates}) there is no gap: return NaN (`float('nan')`), not {value:g}."
                ).format(passed=passed, cases=len(_GAP_CASES), dates=dates, value=value)
                raise Wrong(joined(message, why))
        elif np.isnan(value) or abs(value - expected) > 1e-6:
            message = tr("{passed} of {cases} cases pass: for {dates} you returned {value:g}.").format(
                passed=passed, cases=len(_GAP_CASES), dates=dates, value=value
            )
            raise Wrong(joined(message, why or tr("Take the median of the day differences.")))
        passed += 1


# ------------------------------------------------------------------------------- 3.6
@task(
    "ch03.response_by_channel",
    N_("follow-up response rate by channel"),
    hints=[
        N_("Group the follow-up log by `channel` and average `responded`."),
        N_(
            "`followups.groupby('channel')['responded'].mean()` — the mean of True/False is the share of True."
        ),
    ],
)
def _response_by_channel(answer):
    example = "`followups.groupby('channel')['responded'].mean()`"
    got = _labelled(answer, "response_by_channel", N_("channel"), example)
    log = shipped("followups")
    expected, mistakes = _response_reference()
    if set(got.index) != set(expected.index):
        for column in ("purpose", "agent", "outcome"):
            if set(got.index) <= set(log[column].astype(str)):
                raise Wrong(
                    tr("that is indexed by `{column}`: group the follow-ups by `channel`.").format(
                        column=column
                    )
                )
        if set(got.index) <= {"True", "False", "1", "0", "1.0", "0.0"}:
            raise Wrong(
                tr("that is indexed by the answer (True/False): group by `channel` and average `responded`.")
            )
        raise Wrong(
            tr("the index should be the {count} follow-up channels ({channels}); yours has {labels}.").format(
                count=len(expected), channels=", ".join(expected.index), labels=sorted(got.index)[:5]
            )
        )
    if got.isna().any():
        raise Wrong(
            tr(
                "response_by_channel has no number for {channels}: give each channel's rate as a number."
            ).format(channels=", ".join(got.index[got.isna()]))
        )
    for wrong, message, places in mistakes:
        if _compare(got, wrong, places):
            raise Wrong(_shown(message))
    if _compare(got, expected, SHARE_DECIMALS):
        return None
    off = [c for c in expected.index if not to_precision(got[c], expected[c], SHARE_DECIMALS)]
    if ((got < 0) | (got > 1)).any():
        raise Wrong(tr("a response rate lies between 0 and 1: for each channel, responses ÷ follow-ups."))
    if _rounded(got, 2) and all(abs(got[c] - expected[c]) <= 0.006 for c in off):
        raise Wrong(
            tr(
                "close, but not right to three decimals for {channels}: round to three "
                "decimals (or not at all), not two."
            ).format(channels=", ".join(off))
        )
    raise Wrong(
        tr(
            "the rates of {channels} differ: use every follow-up of the log, and for each "
            "channel divide its responses by its follow-ups."
        ).format(channels=", ".join(off))
    )


@lru_cache(maxsize=1)
def _response_reference():
    log = shipped("followups")
    channel = log["channel"].astype(str)
    by_channel = log["responded"].astype(float).groupby(channel)
    expected = by_channel.mean()
    counts = by_channel.sum()
    sizes = by_channel.size().astype(float)
    outcome = log["outcome"].astype(str)
    mistakes = [
        (
            counts,
            N_("those are numbers of responses: a rate divides by the follow-ups made on that channel."),
            0,
        ),
        (sizes, N_("those are numbers of follow-ups per channel: the rate is responses ÷ follow-ups."), 0),
        (
            counts / counts.sum(),
            N_(
                "those are each channel's share of all responses: the rate divides "
                "by the channel's own follow-ups, so busy channels do not look better."
            ),
        ),
        (
            counts / len(log),
            N_("that divides by *all* follow-ups: the rate divides by the follow-ups made on that channel."),
        ),
        (sizes / len(log), N_("those are each channel's share of the follow-ups made, not of answers.")),
        (
            100 * expected,
            N_("those look like percentages: give fractions between 0 and 1."),
            SHARE_DECIMALS - 2,
        ),
        (1 - expected, N_("those are the shares *without* a response: average `responded` itself.")),
    ]
    for kind in sorted(outcome.unique()):
        only = N_(
            "that counts only the follow-ups with the outcome {outcome}: a response is "
            "any answer, the `responded` column."
        )
        mistakes.append(
            ((outcome == kind).astype(float).groupby(channel).mean(), (only, {"outcome": repr(kind)}))
        )
    mistakes.append(
        (
            outcome.isin(["reached", "resolved"]).astype(float).groupby(channel).mean(),
            N_(
                "that leaves out customers who asked for a call back: a response is any answer, "
                "the `responded` column."
            ),
        )
    )
    table = [(m[0], m[1], m[2] if len(m) > 2 else SHARE_DECIMALS) for m in mistakes]
    return expected, tuple(m for m in table if not _compare(m[0], expected, SHARE_DECIMALS))


# ------------------------------------------------------------------------------- 3.7
@task(
    "ch03.timing_p_value",
    N_("p-value of the message-timing test"),
    hints=[
        N_(
            "Compare the conversion (`converted`) of morning and evening sends in the timing "
            "test with `experiments.compare_groups(contacts, group='slot', "
            "outcome='converted', a='morning', b='evening')`."
        ),
        N_(
            "The test is two-sided, and the outcome is an order within 7 days (`converted`), "
            "not a reply (`responded`). Store `result.p_value`."
        ),
    ],
)
def _timing_p_value(answer):
    from ..experiments import ProportionTest

    if isinstance(answer, ProportionTest):
        raise Wrong(tr("you gave the whole test result: store its p-value, `timing.p_value`."))
    value = _finite_number(answer, "timing_p_value")
    result = _timing_result()
    mistakes = _timing_mistakes()
    if not 0 <= value <= 1:
        far = tr("a p-value lies between 0 and 1; you gave {value:g}.")
    else:
        far = tr(
            "{value:.4g} is not the p-value of the two-sided two-proportion test of "
            "morning against evening conversion in the timing test (`contacts`)."
        )
    judge_number(
        value,
        result.p_value,
        name="timing_p_value",
        decimals=P_VALUE_DECIMALS,
        slips=_slips(mistakes),
        far_hint=far.format(value=value),
        close_hint=tr("Use the timing-test contacts as selected above, and round only the final p-value."),
    )


@lru_cache(maxsize=1)
def _timing_mistakes():
    from scipy import stats

    from ..experiments import compare_groups

    contacts = timing_contacts()
    result = _timing_result()
    replies = compare_groups(contacts, group="slot", outcome="responded", a="morning", b="evening")
    every = shipped("campaigns").assign(slot=lambda f: np.where(f["send_hour"] < 12, "morning", "evening"))
    all_campaigns = compare_groups(every, group="slot", outcome="converted", a="morning", b="evening")
    table = pd.crosstab(contacts["slot"], contacts["converted"])
    yates = float(stats.chi2_contingency(table, correction=True)[1])
    return (
        (
            result.p_value / 2,
            N_(
                "that is a one-sided p-value: we did not know beforehand which slot "
                "would win, so test both directions."
            ),
        ),
        (
            replies.p_value,
            N_("that tests replies (`responded`): the question is about orders, `converted`."),
        ),
        (
            replies.p_value / 2,
            N_(
                "that tests replies (`responded`), one-sided: the question is about "
                "orders, `converted`, in both directions."
            ),
        ),
        (
            1 - result.p_value,
            N_(
                "that is 1 − p: the p-value is the chance of a difference at least this "
                "large if the hour did not matter."
            ),
        ),
        (
            yates,
            N_(
                "that is the chi-square test with Yates' continuity correction (the default of "
                "`chi2_contingency`): use `compare_groups`, or `correction=False`."
            ),
        ),
        (
            all_campaigns.p_value,
            N_(
                "that compares morning and evening sends of *all* campaigns: keep "
                "the contacts of the timing test (`contacts`)."
            ),
        ),
        (abs(result.z), N_("that is the z statistic: store the p-value, `timing.p_value`.")),
        (abs(result.difference), N_("that is the difference of the two conversion rates, not the p-value.")),
        (result.rate_a, N_("that is the morning conversion rate, not the p-value.")),
        (result.rate_b, N_("that is the evening conversion rate, not the p-value.")),
        (
            100 * result.p_value,
            N_("that looks like a percentage: a p-value is a fraction between 0 and 1."),
            P_VALUE_DECIMALS - 2,
        ),
    )


@task(
    "ch03.sample_size",
    N_("contacts needed for the next timing test"),
    hints=[
        N_(
            "Use `experiments.sample_size(baseline, mde=0.01)` with the morning group's "
            "conversion rate as the baseline."
        ),
        N_(
            "`experiments.sample_size(morning_rate, mde=0.01)` gives contacts *per group*; that is the answer."
        ),
    ],
)
def _sample_size(answer):
    value = _finite_number(answer, "n_per_group")
    if value <= 0:
        raise Wrong(tr("n_per_group = {value:g}: a number of contacts is positive.").format(value=value))
    expected, mistakes = _sample_reference()
    judge_number(
        value,
        expected,
        name="n_per_group",
        decimals=SAMPLE_DECIMALS,
        slips=_slips(mistakes),
        far_hint=tr(
            "{value:,.0f} is not what `sample_size` gives for the morning conversion rate "
            "of the timing test and a one percentage-point effect at 95 % confidence and "
            "80 % power."
        ).format(value=value),
        close_hint=tr("Take the morning rate unrounded as the baseline."),
    )


@lru_cache(maxsize=1)
def _sample_reference():
    from ..experiments import sample_size

    contacts = timing_contacts()
    result = _timing_result()
    base = result.rate_a
    every = shipped("campaigns")
    morning_all = float(every.loc[every["send_hour"] < 12, "converted"].mean())
    replies = float(contacts.loc[contacts["slot"] == "morning", "responded"].mean())
    return float(sample_size(base, mde=TIMING_BASELINE_MDE)), (
        (
            2.0 * sample_size(base, mde=TIMING_BASELINE_MDE),
            N_("that counts both groups together: give the contacts needed *per group*."),
        ),
        (
            float(sample_size(result.rate_b, mde=TIMING_BASELINE_MDE)),
            N_(
                "that uses the evening rate as the baseline: the reference is the current practice, the "
                "morning send."
            ),
        ),
        (
            float(sample_size(float(contacts["converted"].mean()), mde=TIMING_BASELINE_MDE)),
            N_("that uses the rate of both slots together as the baseline: take the morning rate."),
        ),
        (
            float(sample_size(base, mde=base * 0.01)),
            N_("that reads the effect as 1 % of the baseline: `mde` is one percentage point, 0.01."),
        ),
        (
            float(sample_size(base, mde=-TIMING_BASELINE_MDE)),
            N_("that sizes the test for a *drop* of one point: the task asks for a rise, `mde=0.01`."),
        ),
        (
            float(sample_size(base, mde=TIMING_BASELINE_MDE, power=0.9)),
            N_("that uses 90 % power: the task asks for 80 % (`power=0.8`, the default)."),
        ),
        (
            float(sample_size(base, mde=TIMING_BASELINE_MDE, confidence=0.9)),
            N_("that uses 90 % confidence: the task asks for 95 % (`confidence=0.95`, the default)."),
        ),
        (
            float(sample_size(morning_all, mde=TIMING_BASELINE_MDE)),
            N_(
                "that takes the morning rate of *all* campaigns: the baseline is the morning group of the "
                "timing test."
            ),
        ),
        (
            float(sample_size(replies, mde=TIMING_BASELINE_MDE)),
            N_("that takes the morning *reply* rate (`responded`): the baseline is the conversion rate."),
        ),
        (
            float(sample_size(round(base, 2), mde=TIMING_BASELINE_MDE)),
            (
                N_(
                    "that uses the morning rate rounded to {baseline:g}: a rounded baseline moves the "
                    "answer by hundreds of contacts, so pass the rate unrounded."
                ),
                {"baseline": round(base, 2)},
            ),
        ),
        (
            float(sample_size(round(base, 3), mde=TIMING_BASELINE_MDE)),
            (
                N_("that uses the morning rate rounded to {baseline:g}: pass the rate unrounded."),
                {"baseline": round(base, 3)},
            ),
        ),
    )


# ------------------------------------------------------------------------------ 3.10
#: The care-calendar task: six customers, December 2024 (a month whose orders are known).
CARE_CUSTOMERS = ("C01651", "C02046", "C03117", "C03180", "C03340", "C03981")
CARE_START, CARE_END = pd.Timestamp("2024-12-01"), pd.Timestamp("2024-12-31")
#: Channels for care messages, best answered first (3.8's follow-up log); phone calls are
#: kept for the follow-up plan, so they are not a care-message channel.
CARE_CHANNELS = ("wechat", "sms", "email")
CARE_EVENTS = ("birthday_month", "surprise", "anniversary", "holiday", "after_order", "reminder")

_EVENT_WORDS = (  # (keyword in the trainee's label, event); first match wins
    ("birthday", "birthday_month"),
    ("生日", "birthday_month"),
    ("surprise", "surprise"),
    ("惊喜", "surprise"),
    ("gift", "surprise"),
    ("10+", "surprise"),
    ("anniversary", "anniversary"),
    ("life_stage", "anniversary"),
    ("life stage", "anniversary"),
    ("周年", "anniversary"),
    ("holiday", "holiday"),
    ("solstice", "holiday"),
    ("冬至", "holiday"),
    ("节日", "holiday"),
    ("festival", "holiday"),
    ("after_order", "after_order"),
    ("after order", "after_order"),
    ("follow", "after_order"),
    ("回访", "after_order"),
    ("purchase", "after_order"),
    ("order", "after_order"),
    ("reminder", "reminder"),
    ("remind", "reminder"),
    ("expir", "reminder"),
    ("points", "reminder"),
    ("到期", "reminder"),
    ("提醒", "reminder"),
)
_CHANNEL_WORDS = (
    ("wechat", "wechat"),
    ("weixin", "wechat"),
    ("微信", "wechat"),
    ("wecom", "wechat"),
    ("sms", "sms"),
    ("短信", "sms"),
    ("text", "sms"),
    ("e-mail", "email"),
    ("email", "email"),
    ("mail", "email"),
    ("邮件", "email"),
    ("phone", "phone"),
    ("call", "phone"),
    ("电话", "phone"),
    ("app", "app_push"),
    ("push", "app_push"),
)
_SEPARATORS = re.compile(r"\s*(?:\+|,|;|/|&|\||、|，|；|\band\b)\s*")


@lru_cache(maxsize=1)
def _care_tables():
    customers = shipped("customers")
    care = customers[customers["customer_id"].isin(CARE_CUSTOMERS)].set_index("customer_id")
    orders = shipped("orders")
    orders = orders[orders["customer_id"].isin(CARE_CUSTOMERS)]
    loyalty = shipped("loyalty")
    return care, orders, loyalty[loyalty["customer_id"].isin(CARE_CUSTOMERS)]


@lru_cache(maxsize=1)
def care_reference() -> pd.DataFrame:
    """The calendar the rules give: one row per customer and day, ``events`` a frozenset."""
    from ..followup import care_calendar

    care, orders, loyalty = _care_tables()
    events = care_calendar(
        care.reset_index(), orders, start=CARE_START, end=CARE_END + pd.Timedelta(days=1), loyalty=loyalty
    )
    events["channel"] = events["customer_id"].map(_care_channel)
    events = events.dropna(subset=["channel"])
    return (
        events.groupby(["customer_id", "date", "channel"])["trigger"]
        .agg(frozenset)
        .rename("events")
        .reset_index()
    )


def _care_channel(customer_id: str):
    care = _care_tables()[0]
    for channel in CARE_CHANNELS:
        if bool(care.loc[customer_id, f"consent_{channel}"]):
            return channel
    return None


def _care_rows(answer) -> list[dict]:
    """The answer as rows of customer_id, date, events (a set) and channel, whatever its form."""
    if isinstance(answer, pd.DataFrame) and answer.empty:
        raise Wrong(
            tr("care_plan is an empty table: five of the six customers have care messages in December.")
        )
    if isinstance(answer, pd.DataFrame):
        frame = answer.reset_index() if not isinstance(answer.index, pd.RangeIndex) else answer
        columns = {str(c).strip().lower(): c for c in frame.columns}

        def column(*names, starts=()):
            for name in names:
                if name in columns:
                    return columns[name]
            for key, original in columns.items():
                if any(key.startswith(s) for s in starts):
                    return original
            return None

        picked = {
            "customer_id": column("customer_id", "customer", "cid", starts=("customer",)),
            "date": column("date", "day", "send_date", starts=("date",)),
            "event": column("event", "events", "trigger", "triggers", starts=("event", "trigger")),
            "channel": column("channel", starts=("channel",)),
        }
        missing = [k for k, v in picked.items() if v is None]
        if missing:
            if len(missing) == 1:
                message = tr(
                    "care_plan needs the columns customer_id, date, event and channel; {missing} is missing "
                    "(yours: {columns})."
                )
            else:
                message = tr(
                    "care_plan needs the columns customer_id, date, event and channel; {missing} are missing "
                    "(yours: {columns})."
                )
            raise Wrong(
                message.format(
                    missing=", ".join(missing), columns=", ".join(map(str, list(frame.columns)[:6]))
                )
            )
        records = [{k: row[v] for k, v in picked.items()} for _, row in frame.iterrows()]
    elif isinstance(answer, (list, tuple)):
        records = []
        for item in answer:
            if item is Ellipsis:
                raise NotAttempted()
            if isinstance(item, dict):
                keyed = {str(k).strip().lower(): v for k, v in item.items()}

                def get(*names, keyed=keyed):
                    return next((keyed[n] for n in names if n in keyed), None)

                records.append(
                    {
                        "customer_id": get("customer_id", "customer"),
                        "date": get("date", "day"),
                        "event": get("event", "events", "trigger", "triggers"),
                        "channel": get("channel"),
                    }
                )
            elif isinstance(item, (list, tuple)) and len(item) == 4:
                records.append(dict(zip(("customer_id", "date", "event", "channel"), item)))
            else:
                raise Wrong(
                    tr(
                        "each entry of care_plan should be a row (customer_id, date, event, channel) "
                        "or a dict with those keys; one entry is {entry:.60}."
                    ).format(entry=repr(item))
                )
    else:
        raise Wrong(
            tr(
                "care_plan should be a table with the columns customer_id, date, event and "
                "channel (or a list of such rows); you gave a {kind}."
            ).format(kind=type(answer).__name__)
        )
    if not records:
        raise Wrong(tr("care_plan is empty: five of the six customers have care messages in December."))
    rows = []
    for record in records:
        if any(v is Ellipsis for v in record.values()):
            raise NotAttempted()
        for key in ("customer_id", "date", "event", "channel"):
            value = record[key]
            if value is None or (not isinstance(value, (list, tuple, set, frozenset)) and pd.isna(value)):
                raise Wrong(
                    tr(
                        "a row of care_plan has no {column}: every contact needs a customer, a date, "
                        "what it is for and a channel."
                    ).format(column=key)
                )
        try:
            day = pd.Timestamp(record["date"]).normalize()
        except (TypeError, ValueError):
            raise Wrong(
                tr("{value} is not a date: write dates as '2024-12-01' or Timestamps.").format(
                    value=repr(record["date"])
                )
            ) from None
        rows.append(
            {
                "customer_id": str(record["customer_id"]).strip().upper(),
                "date": day,
                "events": _care_events(record["event"]),
                "channel": _care_channel_name(record["channel"]),
            }
        )
    return rows


def _care_events(value) -> frozenset:
    parts = list(value) if isinstance(value, (list, tuple, set, frozenset)) else _SEPARATORS.split(str(value))
    found = set()
    for part in parts:
        text = str(part).strip().lower()
        if not text:
            continue
        event = next((e for word, e in _EVENT_WORDS if word in text), None)
        if event is None:
            raise Wrong(
                tr("{label} is not one of the calendar's events: {events}.").format(
                    label=repr(str(part)), events=", ".join(CARE_EVENTS)
                )
            )
        found.add(event)
    if not found:
        raise Wrong(tr("a row of care_plan names no event: say what each contact is for."))
    return frozenset(found)


def _care_channel_name(value) -> str:
    text = str(value).strip().lower()
    channel = next((c for word, c in _CHANNEL_WORDS if word in text), None)
    if channel is None:
        raise Wrong(
            tr("{value} is not a channel: care messages go by WeChat, SMS or e-mail.").format(
                value=repr(value)
            )
        )
    return channel


def _fmt(day) -> str:
    return pd.Timestamp(day).strftime("%Y-%m-%d")


@task(
    "ch03.care_calendar",
    N_("an event-triggered care calendar"),
    hints=[
        N_(
            "`journey.care_calendar(care_customers, orders, start=..., end=..., loyalty=loyalty)` "
            "lists the events; then decide each customer's channel from their consent and put "
            "a customer's events of one day into one contact."
        ),
        N_(
            "Channel: WeChat if consented, else SMS, else e-mail, else no message at all. One "
            "row per customer and day: group by customer and date and join the events, e.g. "
            "`.groupby(['customer_id', 'date', 'channel'], as_index=False)['trigger'].agg('+'.join)`."
        ),
    ],
)
def _care_calendar(answer):
    rows = _care_rows(answer)
    care, orders, loyalty = _care_tables()
    expected = care_reference()
    unknown = sorted({r["customer_id"] for r in rows} - set(CARE_CUSTOMERS))
    if unknown:
        if len(unknown) == 1:
            message = tr(
                "{customers} is not among the six customers of the task ({six}): plan for them only."
            )
        else:
            message = tr(
                "{customers} are not among the six customers of the task ({six}): plan for them only."
            )
        raise Wrong(message.format(customers=", ".join(unknown[:3]), six=", ".join(CARE_CUSTOMERS)))
    outside = [r for r in rows if not CARE_START <= r["date"] <= CARE_END]
    if outside:
        r = outside[0]
        raise Wrong(
            tr(
                "{customer} on {date} falls outside December 2024: the plan "
                "covers 1–31 December; an event due later belongs to January's calendar."
            ).format(customer=r["customer_id"], date=_fmt(r["date"]))
        )
    # consent and channel
    for customer in CARE_CUSTOMERS:
        mine = [r for r in rows if r["customer_id"] == customer]
        consented = [
            c for c in ("wechat", "sms", "email", "phone") if bool(care.loc[customer, f"consent_{c}"])
        ]
        best = _care_channel(customer)
        for r in mine:
            if best is None:
                if consented:
                    message = tr(
                        "{customer} agreed to no message channel (only phone calls): leave them out of "
                        "the calendar — no consent, no care message, however loyal they are."
                    )
                else:
                    message = tr(
                        "{customer} agreed to no message channel (no WeChat, SMS, e-mail or phone): leave "
                        "them out of the calendar — no consent, no care message, however loyal they are."
                    )
                raise Wrong(message.format(customer=customer))
            if r["channel"] not in consented:
                raise Wrong(
                    tr(
                        "{customer} did not agree to {channel} (their consents: "
                        "{consents}): a care message goes only on a channel the "
                        "customer agreed to."
                    ).format(customer=customer, channel=r["channel"], consents=", ".join(consented))
                )
            if r["channel"] == "phone":
                raise Wrong(
                    tr(
                        "{customer}: care messages are written messages — the phone consent covers "
                        "the follow-up calls of 3.8's plan. Use {best}, which they agreed to."
                    ).format(customer=customer, best=best)
                )
            if r["channel"] != best:
                rates = _response_reference()[0]
                raise Wrong(
                    tr(
                        "{customer} agreed to {best} as well as {channel}: send on {best}, which "
                        "customers answer more often ({best_rate:.0%} against "
                        "{rate:.0%} in the follow-up log)."
                    ).format(
                        customer=customer,
                        best=best,
                        channel=r["channel"],
                        best_rate=rates.get(best, float("nan")),
                        rate=rates.get(r["channel"], float("nan")),
                    )
                )
    # one contact per customer and day
    seen = {}
    for r in rows:
        key = (r["customer_id"], r["date"])
        if key in seen:
            both = sorted(seen[key] | r["events"])
            raise Wrong(
                tr(
                    "two contacts for {customer} on {date}: one message a day — put the "
                    "events of that day into one row (e.g. event {event})."
                ).format(customer=key[0], date=_fmt(key[1]), event=repr("+".join(both)))
            )
        seen[key] = r["events"]
    given = {(c, d, e) for (c, d), events in seen.items() for e in events}
    want = {(r.customer_id, r.date, e) for r in expected.itertuples() for e in r.events}
    missing, extra = want - given, given - want
    if not missing and not extra:
        return None
    _care_diagnose(missing, extra, orders, loyalty, care)


def _care_diagnose(missing, extra, orders, loyalty, care):
    def of(kind, pool):
        return sorted((c, d) for c, d, e in pool if e == kind)

    for customer in CARE_CUSTOMERS:
        owed = [x for x in missing if x[0] == customer]
        if (
            owed
            and len(owed)
            == sum(1 for r in care_reference().itertuples() if r.customer_id == customer for _ in r.events)
            and _care_channel(customer) != "wechat"
        ):
            raise Wrong(
                tr(
                    "{customer} has no care message: they did not agree to WeChat, but they did agree "
                    "to {channel} — send their messages there rather than leave them out."
                ).format(customer=customer, channel=_care_channel(customer))
            )
    order_days = {
        c: set(pd.to_datetime(g["order_date"]).dt.normalize()) for c, g in orders.groupby("customer_id")
    }
    # birthday
    gone, added = of("birthday_month", missing), of("birthday_month", extra)
    if gone and added and all(d.day != 1 for _, d in added):
        raise Wrong(
            tr(
                "the birthday-month message goes out on the first day of the birth month (double "
                "points all month), not on the birthday itself."
            )
        )
    # surprise
    gone, added = of("surprise", missing), of("surprise", extra)
    if gone or added:
        counts = (
            orders.assign(m=pd.to_datetime(orders["order_date"]).dt.to_period("M"))
            .groupby(["customer_id", "m"])
            .size()
        )
        if (
            gone
            and not added
            and all(int(counts.get((c, pd.Period("2024-11", "M")), 0)) == 10 for c, _ in gone)
        ):
            raise Wrong(
                tr(
                    "{customer} placed exactly 10 orders in November: '10 or more a month' "
                    "includes 10 — the surprise is theirs too."
                ).format(customer=gone[0][0])
            )
        if added and all(d.day != 1 for _, d in added):
            raise Wrong(
                tr(
                    "the surprise for 10+ orders in a month goes out on the first day of the next "
                    "month, once the month is complete."
                )
            )
        raise Wrong(
            tr(
                "the surprises are not right: customers with 10 or more orders in November get "
                "one on 1 December ({missing} missing, {extra} extra)."
            ).format(missing=len(gone), extra=len(added))
        )
    # after-order follow-up
    gone, added = of("after_order", missing), of("after_order", extra)
    if added:
        offsets = set(range(0, 8))
        for c, d in added:
            offsets &= {k for k in range(0, 8) if d - pd.Timedelta(days=k) in order_days.get(c, set())}
        offsets.discard(3)
        if offsets:
            k = min(offsets)
            if k == 0:
                message = tr(
                    "your follow-ups come on the order day: the rule "
                    "is 3 days after each order (an order on 1 December → 4 December)."
                )
            elif k == 1:
                message = tr(
                    "your follow-ups come 1 day after the order: the rule "
                    "is 3 days after each order (an order on 1 December → 4 December)."
                )
            else:
                message = tr(
                    "your follow-ups come {days} days after the order: the rule "
                    "is 3 days after each order (an order on 1 December → 4 December)."
                )
            raise Wrong(message.format(days=k))
    if gone and not added:
        november = [(c, d) for c, d in gone if (d - pd.Timedelta(days=3)).month == 11]
        if november and len(november) == len(gone):
            raise Wrong(
                tr(
                    "orders placed at the end of November are followed up in December ({customer} "
                    "on {date}): the follow-up's date decides, not the order's."
                ).format(customer=november[0][0], date=_fmt(november[0][1]))
            )
        c, d = gone[0]
        if len(gone) > 1:
            message = tr(
                "{count} after-order follow-ups are missing, e.g. {customer} on {date}: every order "
                "gets one 3 days later (orders of one day share it)."
            )
        else:
            message = tr(
                "{count} after-order follow-up is missing, e.g. {customer} on {date}: every order "
                "gets one 3 days later (orders of one day share it)."
            )
        raise Wrong(message.format(count=len(gone), customer=c, date=_fmt(d)))
    if added:
        c, d = added[0]
        raise Wrong(
            tr(
                "{customer} on {date} is not 3 days after one of their orders: follow up 3 days after each order."
            ).format(customer=c, date=_fmt(d))
        )
    # reminder
    gone, added = of("reminder", missing), of("reminder", extra)
    if added and all(d.strftime("%m-%d") == "12-31" for _, d in added):
        raise Wrong(
            tr(
                "the points expire on 31 December: the reminder goes one day before, on 30 December, "
                "while the customer can still redeem."
            )
        )
    if gone or added:
        expiring = sorted(set(loyalty.loc[loyalty["kind"] == "expire", "customer_id"]))
        reachable = ", ".join(c for c in expiring if _care_channel(c))
        if reachable:
            message = tr(
                "reminders go to customers whose points expire (the `loyalty` rows of kind "
                "'expire': {customers}), one day before they expire."
            )
        else:
            message = tr(
                "reminders go to customers whose points expire (the `loyalty` rows of kind "
                "'expire': none), one day before they expire."
            )
        raise Wrong(message.format(customers=reachable))
    # anniversary
    gone, added = of("anniversary", missing), of("anniversary", extra)
    if gone or added:
        c = (gone or added)[0][0]
        raise Wrong(
            tr(
                "the membership anniversary is the day of the sign-up date in this year for members who "
                "joined in an earlier year: look at {customer}'s `signup_date` ({signup})."
            ).format(customer=c, signup=_fmt(care.loc[c, "signup_date"]))
        )
    # holiday
    gone, added = of("holiday", missing), of("holiday", extra)
    if gone:
        raise Wrong(
            tr(
                "the Winter Solstice (冬至, 21 December, in `journey.HOLIDAYS`) greeting is missing for "
                "{customers}: every customer who can be reached gets it."
            ).format(customers=", ".join(sorted({c for c, _ in gone})))
        )
    if added:
        raise Wrong(
            tr(
                "{customer} on {date}: December's only holiday in the calendar is the "
                "Winter Solstice on 21 December."
            ).format(customer=added[0][0], date=_fmt(added[0][1]))
        )
    # birthday, left over
    gone, added = of("birthday_month", missing), of("birthday_month", extra)
    if gone:
        raise Wrong(
            tr(
                "{customer} was born in December: their birthday-month message (1 December) is missing."
            ).format(customer=gone[0][0])
        )
    raise Wrong(
        tr(
            "{customer} was not born in December: only December birthdays get a birthday-month "
            "message this month."
        ).format(customer=added[0][0])
    )
