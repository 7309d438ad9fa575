"""Checks of chapter 3's exercises: journeys, touchpoint satisfaction, problem touchpoints,
last-touch attribution, the usual purchase gap, follow-up response rates and the
message-timing A/B test."""

from __future__ import annotations

from functools import lru_cache

import numpy as np
import pandas as pd

from . import NotAttempted, Wrong, close, number_like, series_like, task

TIMING_BASELINE_MDE = 0.01
"""The effect (one percentage point) exercise 3.7 sizes the next timing test for."""


@lru_cache(maxsize=1)
def _touchpoints():
    from ..data import load_touchpoints

    return load_touchpoints()


@lru_cache(maxsize=1)
def _journeys():
    from ..journey import build_journeys

    return build_journeys(_touchpoints())


@lru_cache(maxsize=1)
def _followups():
    from ..data import load_followups

    return load_followups()


def timing_contacts() -> pd.DataFrame:
    """The contacts of the message-timing A/B test, with a ``slot`` column (morning/evening)."""
    from ..data import load_campaigns

    campaigns = load_campaigns()
    text = (campaigns["campaign_name"].astype(str) + " " + campaigns["campaign_id"].astype(str)).str.lower()
    test = campaigns[(text.str.contains("timing") | text.str.contains("send time")).to_numpy()].copy()
    test["slot"] = np.where(test["send_hour"] < 12, "morning", "evening")
    return test


def _timing_result():
    from ..experiments import compare_groups

    return compare_groups(timing_contacts(), group="slot", outcome="converted", a="morning", b="evening")


# ------------------------------------------------------------------------------- 3.1
@task("ch03.journey_count", "journeys and their conversion rate",
      hints=["One journey is one `journey_id`; several touchpoint rows share it.",
             "Count distinct `journey_id`s, and compute the share of journeys (not of rows) "
             "whose `converted` is True: `journeys['converted'].mean()`."])
def _journey_conversion(answer):
    value = number_like(answer, "journey_conversion")
    tp = _touchpoints()
    expected = float(_journeys()["converted"].mean())
    if close(value, tp["converted"].mean(), rel=1e-9) and not close(value, expected, rel=1e-9):
        raise Wrong("that is the share of touchpoint *rows* marked converted: a long journey "
                    "counts once per touchpoint. Take one row per journey first.")
    if 1 < value <= 100 and close(value / 100, expected, rel=1e-6):
        raise Wrong("that looks like a percentage: give the share as a fraction between 0 and 1.")
    if value > 1:
        raise Wrong(f"{value:,.0f} is a count, not a rate: divide converted journeys by all journeys.")
    if not close(value, expected, rel=1e-6):
        raise Wrong(f"{value:.4f} is not the share of journeys that ended in an order: count "
                    "each journey once, then divide.")


# ------------------------------------------------------------------------------- 3.2
@task("ch03.stage_satisfaction", "mean satisfaction per touchpoint",
      hints=["Group the touchpoints by `stage` and average `satisfaction`.",
             "Missing ratings are not zeros: `.mean()` skips them, `.fillna(0)` would drag "
             "every touchpoint down."])
def _stage_satisfaction(answer):
    series = series_like(answer, "stage_satisfaction")
    tp = _touchpoints()
    expected = tp.groupby("stage")["satisfaction"].mean()
    if not set(map(str, series.index)) == set(map(str, expected.index)):
        raise Wrong(f"the index should be the {len(expected)} touchpoints (`stage`); yours has "
                    f"{len(series)} entries such as {list(series.index[:3])}.")
    got = pd.to_numeric(series, errors="coerce").set_axis(series.index.map(str)).reindex(expected.index)
    if np.allclose(got, tp["satisfaction"].fillna(0).groupby(tp["stage"]).mean(), atol=1e-9):
        raise Wrong("missing ratings were counted as 0: leave them out of the mean.")
    if np.allclose(got, tp.groupby("stage")["satisfaction"].count(), atol=1e-9):
        raise Wrong("those are counts of ratings: take the mean of `satisfaction`.")
    if np.allclose(got, tp.groupby("stage")["satisfaction"].median(), atol=1e-9):
        raise Wrong("those are medians: the thermometer works with the mean rating.")
    if not np.allclose(got, expected, atol=1e-6):
        raise Wrong("some touchpoints' means differ: average the `satisfaction` column of "
                    "every row of that `stage`.")


# ------------------------------------------------------------------------------- 3.3
@task("ch03.problem_touchpoints", "problem touchpoints",
      hints=["Run `thermometer(touchpoints)` (a p-chart of low ratings) and summarise it with "
             "`thermometer_summary`.",
             "A problem touchpoint is flagged in at least half of its months: keep the stages "
             "whose `problem` column is True, in journey order, as a list of names."])
def _problem_touchpoints(answer):
    from ..journey import STAGES, problem_touchpoints, thermometer, thermometer_summary

    if isinstance(answer, pd.DataFrame):
        raise Wrong("you gave a table: the answer is a list of touchpoint names, e.g. "
                    "`list(summary.index[summary['problem']])`.")
    if isinstance(answer, str):
        raise Wrong("you gave one name as text: give a list of names, even for a single touchpoint.")
    try:
        names = [str(a) for a in answer]
    except TypeError:
        raise Wrong(f"problems should be a list of touchpoint names; you gave a {type(answer).__name__}.") from None
    unknown = [n for n in names if n not in STAGES]
    if unknown:
        raise Wrong(f"{unknown} are not touchpoints; the stages are {list(STAGES)}.")
    thermo = thermometer(_touchpoints())
    expected = problem_touchpoints(thermo)
    ever = set(thermo.loc[thermo["flag"], "stage"])
    chosen = set(names)
    if chosen == set(expected):
        return "(journey order matters less than the names; the list is right.)" if names != expected else None
    if chosen == ever and chosen != set(expected):
        raise Wrong("you listed every touchpoint flagged in *any* month: one bad month is noise. "
                    "Keep those flagged in at least half of their months.")
    missing, extra = set(expected) - chosen, chosen - set(expected)
    summary = thermometer_summary(thermo)
    if extra:
        stage = sorted(extra)[0]
        raise Wrong(f"{stage} is flagged in only {summary.loc[stage, 'share_flagged']:.0%} of its "
                    "months: it runs within the brand standard most of the time.")
    raise Wrong(f"you found {len(chosen)} of the {len(expected)} problem touchpoints: look again "
                "at the `share_flagged` column.")


# ------------------------------------------------------------------------------- 3.4
@task("ch03.last_touch", "last-touch attribution by hand",
      hints=["Keep the converted journeys, take the last channel of each `path`, and count.",
             "`converted = journeys[journeys['converted']]`, then "
             "`converted['path'].str[-1].value_counts(normalize=True)`."])
def _last_touch(answer):
    series = series_like(answer, "last_touch_share")
    journeys = _journeys()
    won = journeys[journeys["converted"]]
    expected = won["path"].str[-1].value_counts(normalize=True)
    got = pd.to_numeric(series, errors="coerce")
    got.index = got.index.map(str)
    if not set(got.index) <= set(expected.index) | set(journeys["path"].explode().unique()):
        raise Wrong(f"the index should be channel names; yours has {list(got.index[:3])}.")
    got = got.reindex(expected.index).fillna(0.0)
    if close(series.sum(), len(won), rel=1e-9):
        raise Wrong("those are counts of conversions: divide by their total to get shares "
                    "(`value_counts(normalize=True)`).")
    first = won["path"].str[0].value_counts(normalize=True).reindex(expected.index).fillna(0.0)
    if np.allclose(got, first, atol=1e-9) and not np.allclose(first, expected, atol=1e-9):
        raise Wrong("that credits the *first* channel of each journey: last touch takes `path[-1]`.")
    every = journeys["path"].str[-1].value_counts(normalize=True).reindex(expected.index).fillna(0.0)
    if np.allclose(got, every, atol=1e-9):
        raise Wrong("you counted the last channel of *every* journey: keep only journeys that "
                    "converted, since the credit is for conversions.")
    if not close(series.sum(), 1.0, rel=1e-6):
        raise Wrong(f"your shares add up to {series.sum():.3f}, not 1.")
    if not np.allclose(got, expected, atol=1e-9):
        raise Wrong("some channels' shares differ: for each converted journey credit the last "
                    "channel of its `path`.")


# ------------------------------------------------------------------------------- 3.5
_GAP_CASES = [
    (["2024-01-01", "2024-01-31", "2024-03-01"], 30.0),
    (["2024-03-01", "2024-01-01", "2024-01-31"], 30.0),                    # unsorted
    (["2024-01-01", "2024-01-01", "2024-01-11", "2024-02-20"], 25.0),      # same day twice
    (["2024-01-01", "2024-01-03", "2024-01-05", "2024-04-14"], 2.0),       # median, not mean
    (["2024-05-05"], np.nan),                                              # one order day
]


@task("ch03.usual_gap", "a customer's usual purchase gap",
      hints=["Sort the dates, drop repeats of the same day, and take the differences in days.",
             "`days = pd.Series(sorted(set(pd.to_datetime(order_dates).normalize())))`, then "
             "`days.diff().dt.days.median()`; with one order day the median of nothing is NaN."])
def _usual_gap(answer):
    if not callable(answer):
        raise Wrong(f"usual_gap should be a function; you gave a {type(answer).__name__}.")
    passed = 0
    for dates, expected in _GAP_CASES:
        try:
            got = answer(list(dates))
        except Exception as error:
            raise Wrong(f"usual_gap({dates}) raised {type(error).__name__}: {error}.") from None
        if got is None:
            raise NotAttempted
        try:
            value = float(got)
        except (TypeError, ValueError):
            raise Wrong(f"usual_gap({dates}) returned a {type(got).__name__}; return a number of days.") from None
        if np.isnan(expected):
            if not np.isnan(value):
                raise Wrong(f"with a single order day ({dates}) there is no gap: return NaN, "
                            f"not {value:g}.")
        elif not close(value, expected):
            if dates == _GAP_CASES[3][0]:
                raise Wrong(f"{passed} of {len(_GAP_CASES)} cases pass. For {dates} you returned "
                            f"{value:g}: one long pause should not move the *usual* gap much — "
                            "use the median, not the mean.")
            if dates == _GAP_CASES[2][0]:
                raise Wrong(f"{passed} of {len(_GAP_CASES)} cases pass. Two orders on the same day "
                            "are one visit: drop repeated days before taking differences.")
            if dates == _GAP_CASES[1][0]:
                raise Wrong(f"{passed} of {len(_GAP_CASES)} cases pass. The dates may come in any "
                            "order: sort them first.")
            raise Wrong(f"{passed} of {len(_GAP_CASES)} cases pass: for {dates} you returned {value:g}.")
        passed += 1


# ------------------------------------------------------------------------------- 3.6
@task("ch03.response_by_channel", "follow-up response rate by channel",
      hints=["Group the follow-up log by `channel` and average `responded`.",
             "`followups.groupby('channel')['responded'].mean()` — the mean of True/False is the "
             "share of True."])
def _response_by_channel(answer):
    series = series_like(answer, "response_by_channel")
    log = _followups()
    expected = log.groupby("channel")["responded"].mean()
    got = pd.to_numeric(series, errors="coerce")
    got.index = got.index.map(str)
    if set(got.index) != set(map(str, expected.index)):
        raise Wrong(f"the index should be the {len(expected)} follow-up channels; yours has "
                    f"{sorted(got.index)[:5]}.")
    got = got.reindex(expected.index.map(str)).to_numpy(dtype=float)
    counts = log.groupby("channel")["responded"].sum().to_numpy(dtype=float)
    if np.allclose(got, counts):
        raise Wrong("those are numbers of responses: a rate divides by the follow-ups made on "
                    "that channel.")
    share = counts / counts.sum()
    if np.allclose(got, share):
        raise Wrong("those are each channel's share of all responses: the rate divides by the "
                    "channel's own follow-ups, so busy channels do not look better.")
    if np.allclose(got / 100, expected.to_numpy(dtype=float)):
        raise Wrong("those look like percentages: give fractions between 0 and 1.")
    if not np.allclose(got, expected.to_numpy(dtype=float)):
        raise Wrong("some channels' rates differ: for each channel, responses ÷ follow-ups.")


# ------------------------------------------------------------------------------- 3.7
@task("ch03.timing_p_value", "p-value of the message-timing test",
      hints=["Compare the conversion (`converted`) of morning and evening sends in the timing "
             "test with `experiments.compare_groups(contacts, group='slot', "
             "outcome='converted', a='morning', b='evening')`.",
             "The test is two-sided, and the outcome is an order within 7 days (`converted`), "
             "not a reply (`responded`). Store `result.p_value`."])
def _timing_p_value(answer):
    from ..experiments import compare_groups

    value = number_like(answer, "timing_p_value")
    contacts = timing_contacts()
    result = _timing_result()
    if not 0 <= value <= 1:
        raise Wrong(f"a p-value lies between 0 and 1; you gave {value:g}.")
    if close(value, result.p_value / 2, rel=1e-6):
        raise Wrong("that is a one-sided p-value: we did not know beforehand which slot would win, "
                    "so test both directions.")
    replies = compare_groups(contacts, group="slot", outcome="responded", a="morning", b="evening")
    if close(value, replies.p_value, rel=1e-6):
        raise Wrong("that tests replies (`responded`): the question is about orders, `converted`.")
    if close(value, 1 - result.p_value, rel=1e-6):
        raise Wrong("that is 1 − p: the p-value is the chance of a difference at least this "
                    "large if the hour did not matter.")
    if not close(value, result.p_value, rel=1e-4):
        raise Wrong(f"{value:.4g} does not match the two-proportion test of morning against evening "
                    "conversion in the timing test: check which contacts you kept.")


@task("ch03.sample_size", "contacts needed for the next timing test",
      hints=["Use `experiments.sample_size(baseline, mde=0.01)` with the morning group's "
             "conversion rate as the baseline.",
             "`experiments.sample_size(morning_rate, mde=0.01)` gives contacts *per group*; that "
             "is the answer."])
def _sample_size(answer):
    from ..experiments import sample_size

    value = number_like(answer, "n_per_group")
    result = _timing_result()
    expected = sample_size(result.rate_a, mde=TIMING_BASELINE_MDE)
    if value == 2 * expected:
        raise Wrong("that counts both groups together: give the contacts needed *per group*.")
    if value == sample_size(result.rate_b, mde=TIMING_BASELINE_MDE):
        raise Wrong("that uses the evening rate as the baseline: the reference is the current "
                    "practice, the morning send.")
    if result.rate_a * 1.01 < 1 and value == sample_size(result.rate_a, mde=result.rate_a * 0.01):
        raise Wrong("that reads the effect as 1 % of the baseline: `mde` is one percentage point, 0.01.")
    if not value == expected:
        raise Wrong(f"{value:,.0f} is not what `sample_size` gives for the morning rate and a one "
                    "percentage-point effect at 95 % confidence and 80 % power.")
