"""Chapter 3 checks: the solution passes, the placeholder is not attempted, right answers
written another way pass, and the mistakes trainees really make — computed on the shipped
data — get the message that names them."""

import math
import re

import numpy as np
import pandas as pd
import pytest
from check_answers import fails_with, passes
from scipy import stats

from course_lib import checks, experiments, journey
from course_lib.checks import ch03, evaluate

pytestmark = pytest.mark.usefixtures("workspace")

TASKS = [
    "ch03.journey_count",
    "ch03.stage_satisfaction",
    "ch03.problem_touchpoints",
    "ch03.last_touch",
    "ch03.usual_gap",
    "ch03.response_by_channel",
    "ch03.timing_p_value",
    "ch03.sample_size",
    "ch03.care_calendar",
]


@pytest.fixture(scope="module")
def touchpoints():
    from course_lib import data

    return data.load_touchpoints()


@pytest.fixture(scope="module")
def journeys(touchpoints):
    return journey.build_journeys(touchpoints)


@pytest.fixture(scope="module")
def won(journeys):
    return journeys[journeys["converted"]]


@pytest.fixture(scope="module")
def followups():
    from course_lib import data

    return data.load_followups()


@pytest.fixture(scope="module")
def campaigns():
    from course_lib import data

    return data.load_campaigns()


@pytest.fixture(scope="module")
def contacts(campaigns):
    """The timing test's contacts, selected as the exercise does."""
    return campaigns[campaigns["campaign_name"].str.lower().str.contains("timing")].assign(
        slot=lambda f: f["send_hour"].lt(12).map({True: "morning", False: "evening"})
    )


@pytest.fixture(scope="module")
def timing(contacts):
    return experiments.compare_groups(contacts, group="slot", outcome="converted", a="morning", b="evening")


@pytest.mark.parametrize("task_id", TASKS)
def test_placeholder_is_not_attempted(task_id):
    assert evaluate(task_id, ...)[0] == "not attempted"


@pytest.mark.parametrize("task_id", TASKS)
def test_wrong_kind_of_answer_fails_without_raising(task_id):
    status, message = evaluate(task_id, object())
    assert status == "fail" and message.startswith(f"✗ {task_id} — ")


# ------------------------------------------------------------------------------ 3.1
def test_journey_count_right_variants(touchpoints, journeys):
    passes("ch03.journey_count", journeys["converted"].mean())
    passes("ch03.journey_count", journeys["converted"].sum() / len(journeys))
    passes("ch03.journey_count", touchpoints.groupby("journey_id")["converted"].any().mean())
    passes("ch03.journey_count", touchpoints.drop_duplicates("journey_id")["converted"].mean())
    passes("ch03.journey_count", round(float(journeys["converted"].mean()), 3))  # stated precision


def test_journey_count_mistakes(touchpoints, journeys):
    rate = journeys["converted"].mean()
    fails_with("ch03.journey_count", touchpoints["converted"].mean(), "touchpoint *rows*")
    fails_with("ch03.journey_count", round(touchpoints["converted"].mean(), 3), "touchpoint *rows*")
    fails_with(
        "ch03.journey_count", touchpoints.groupby("customer_id")["converted"].any().mean(), "*customers*"
    )
    fails_with("ch03.journey_count", rate * 100, "percentage")
    fails_with("ch03.journey_count", round(rate * 100, 1), "percentage")
    fails_with("ch03.journey_count", int(journeys["converted"].sum()), "number of converted journeys")
    fails_with("ch03.journey_count", 1 - rate, "did *not* end in an order")
    fails_with(
        "ch03.journey_count", journeys["converted"].value_counts(normalize=True), "shares of both outcomes"
    )
    message = fails_with("ch03.journey_count", round(rate, 2), "close, but not right to 3 decimals")
    assert f"{rate:.3f}" not in message


# ------------------------------------------------------------------------------ 3.2
def test_stage_satisfaction_right_variants(touchpoints):
    mean = touchpoints.groupby("stage")["satisfaction"].mean()
    passes("ch03.stage_satisfaction", mean)
    passes("ch03.stage_satisfaction", mean.round(2))
    passes("ch03.stage_satisfaction", mean.reindex(list(journey.STAGES)))  # journey order
    passes(
        "ch03.stage_satisfaction",
        touchpoints.pivot_table(index="stage", values="satisfaction", aggfunc="mean"),
    )  # one-column table
    passes("ch03.stage_satisfaction", mean.reset_index())  # stage as a column
    passes(
        "ch03.stage_satisfaction",
        touchpoints.dropna(subset=["satisfaction"])
        .groupby("stage")["satisfaction"]
        .agg(lambda s: s.sum() / len(s)),
    )
    passes("ch03.stage_satisfaction", mean.rename(index=journey.STAGE_NAMES_ZH))  # Chinese names


def test_stage_satisfaction_mistakes(touchpoints):
    grouped = touchpoints.groupby("stage")["satisfaction"]
    fails_with(
        "ch03.stage_satisfaction",
        touchpoints.assign(satisfaction=touchpoints["satisfaction"].fillna(0))
        .groupby("stage")["satisfaction"]
        .mean(),
        "counted as 0",
    )
    fails_with("ch03.stage_satisfaction", grouped.sum() / touchpoints.groupby("stage").size(), "counted as 0")
    fails_with("ch03.stage_satisfaction", grouped.count(), "counts of ratings")
    fails_with("ch03.stage_satisfaction", grouped.median(), "medians")
    fails_with(
        "ch03.stage_satisfaction", touchpoints.groupby("channel")["satisfaction"].mean(), "indexed by channel"
    )
    fails_with(
        "ch03.stage_satisfaction",
        touchpoints.dropna().groupby("stage")["satisfaction"].mean(),
        "`dropna()` without `subset=`",
    )
    fails_with("ch03.stage_satisfaction", grouped.mean().round(1), "close, but not right to two decimals")
    fails_with("ch03.stage_satisfaction", grouped.mean().astype(int), "whole numbers")
    in_2024 = touchpoints[touchpoints["timestamp"].dt.year == 2024]
    fails_with("ch03.stage_satisfaction", in_2024.groupby("stage")["satisfaction"].mean(), "all months")
    fails_with(
        "ch03.stage_satisfaction", touchpoints.groupby("stage")["converted"].mean(), "shares of `converted`"
    )
    fails_with(
        "ch03.stage_satisfaction",
        touchpoints.groupby("stage")[["satisfaction", "converted"]].mean(),
        "a table with 2 columns",
    )
    fails_with("ch03.stage_satisfaction", np.zeros((3, 3)), "should be a pandas Series")


# ------------------------------------------------------------------------------ 3.3
def test_problem_touchpoints(touchpoints):
    thermo = journey.thermometer(touchpoints)
    summary = journey.thermometer_summary(thermo)
    expected = journey.problem_touchpoints(thermo)
    assert 1 <= len(expected) <= 4
    passes("ch03.problem_touchpoints", expected)
    passes("ch03.problem_touchpoints", list(reversed(expected)))
    passes("ch03.problem_touchpoints", summary.index[summary["problem"]])  # an Index
    passes("ch03.problem_touchpoints", summary.query("share_flagged >= 0.5").index.tolist())
    passes("ch03.problem_touchpoints", [journey.STAGE_NAMES_ZH[s] for s in expected])  # 中文
    passes("ch03.problem_touchpoints", [f"{s} {journey.STAGE_NAMES_ZH[s]}" for s in expected])
    fails_with("ch03.problem_touchpoints", expected[0], "one name as text")
    fails_with("ch03.problem_touchpoints", ["checkout_page"], "is not a touchpoint")
    fails_with("ch03.problem_touchpoints", ["mini_program"], "is a channel")
    fails_with("ch03.problem_touchpoints", summary, "you gave a table")
    fails_with("ch03.problem_touchpoints", summary["problem"], "True/False column")
    fails_with("ch03.problem_touchpoints", list(summary.index), "all 8 touchpoints")
    healthy = [s for s in journey.STAGES if s not in expected]
    fails_with("ch03.problem_touchpoints", expected + healthy[:1], "is flagged in only")
    strict = summary.index[summary["share_flagged"] > 0.7].tolist()  # threshold too high
    if set(strict) != set(expected):
        fails_with("ch03.problem_touchpoints", strict, f"{len(strict)} of the {len(expected)}")
    fails_with("ch03.problem_touchpoints", [], f"0 of the {len(expected)}")


# ------------------------------------------------------------------------------ 3.4
def test_last_touch_right_variants(touchpoints, journeys, won):
    share = won["path"].str[-1].value_counts(normalize=True)
    passes("ch03.last_touch", share)
    passes("ch03.last_touch", share.round(3))
    passes("ch03.last_touch", won["path"].apply(lambda p: p[-1]).value_counts() / len(won))
    passes("ch03.last_touch", pd.Series(journey.last_touch(journeys["path"], journeys["converted"])))
    last = (
        touchpoints[touchpoints["converted"]]
        .sort_values(["journey_id", "timestamp"], kind="stable")
        .groupby("journey_id")["channel"]
        .last()
    )
    passes("ch03.last_touch", last.value_counts(normalize=True).to_dict())  # a dict
    passes("ch03.last_touch", share.rename_axis("channel").reset_index())  # channel as a column


def test_last_touch_mistakes(touchpoints, journeys, won):
    share = won["path"].str[-1].value_counts(normalize=True)
    fails_with("ch03.last_touch", won["path"].str[-1].value_counts(), "counts of conversions")
    fails_with("ch03.last_touch", won["path"].str[0].value_counts(normalize=True), "*first* channel")
    fails_with(
        "ch03.last_touch",
        journeys["path"].str[-1].value_counts(normalize=True),
        "last channel of *every* journey",
    )
    fails_with(
        "ch03.last_touch",
        touchpoints[touchpoints["converted"]]["channel"].value_counts(normalize=True),
        "every touch",
    )
    fails_with("ch03.last_touch", won["stages"].str[-1].value_counts(normalize=True), "touchpoint stages")
    fails_with("ch03.last_touch", share * 100, "percentages")
    fails_with("ch03.last_touch", share.round(2), "close, but not right to three decimals")
    fails_with("ch03.last_touch", share.drop(share.index[-1]), "add up to")
    fails_with("ch03.last_touch", list(share), "has no channel names")
    fails_with("ch03.last_touch", np.zeros((3, 3)), "should be a pandas Series")


# ------------------------------------------------------------------------------ 3.5
def _gap_median(order_dates):
    days = pd.Series(sorted(set(pd.to_datetime(order_dates).normalize())))
    return days.diff().dt.days.median()


def test_usual_gap_right_variants():
    passes("ch03.usual_gap", _gap_median)

    def with_numpy(order_dates):
        days = np.unique(pd.to_datetime(order_dates).normalize().to_numpy())
        if len(days) < 2:
            return float("nan")
        return float(np.median(np.diff(days) / np.timedelta64(1, "D")))

    def with_dates(order_dates):
        days = sorted({pd.Timestamp(d).date() for d in order_dates})
        gaps = [(b - a).days for a, b in zip(days, days[1:])]
        return pd.Series(gaps, dtype=float).median()

    def as_timedelta(order_dates):  # a Timedelta is a number of days too
        days = pd.Series(pd.to_datetime(order_dates).normalize()).drop_duplicates().sort_values()
        return days.diff().median()

    passes("ch03.usual_gap", with_numpy)
    passes("ch03.usual_gap", with_dates)
    passes("ch03.usual_gap", as_timedelta)


def test_usual_gap_mistakes():
    def mean_gap(order_dates):
        days = pd.Series(sorted(set(pd.to_datetime(order_dates).normalize())))
        return days.diff().dt.days.mean()

    def keeps_duplicates(order_dates):
        return pd.Series(sorted(pd.to_datetime(order_dates))).diff().dt.days.median()

    def unsorted(order_dates):
        return pd.Series(pd.to_datetime(order_dates)).drop_duplicates().diff().dt.days.median()

    def keeps_time_of_day(order_dates):
        days = pd.Series(sorted(set(pd.to_datetime(order_dates))))
        return days.diff().dt.days.median()

    def zero_for_one_day(order_dates):
        gap = _gap_median(order_dates)
        return 0.0 if np.isnan(gap) else gap

    def none_for_one_day(order_dates):
        gap = _gap_median(order_dates)
        return None if np.isnan(gap) else gap

    def prints(order_dates):
        print(_gap_median(order_dates))

    def strings_only(order_dates):
        from datetime import datetime

        days = sorted({datetime.strptime(d[:10], "%Y-%m-%d") for d in order_dates})
        return pd.Series(days).diff().dt.days.median()

    def stub(order_dates):
        """Median days between consecutive distinct order days."""
        ...

    fails_with("ch03.usual_gap", mean_gap, "use the median, not the mean")
    fails_with("ch03.usual_gap", keeps_duplicates, "drop repeated days")
    fails_with("ch03.usual_gap", unsorted, "sort them first")
    fails_with("ch03.usual_gap", keeps_time_of_day, "different hours of one day")
    fails_with("ch03.usual_gap", zero_for_one_day, "return NaN")
    fails_with("ch03.usual_gap", none_for_one_day, "returned None")
    fails_with("ch03.usual_gap", prints, "returned None")
    fails_with("ch03.usual_gap", strings_only, "Timestamps as well as text")
    fails_with("ch03.usual_gap", 30, "should be a function")
    assert evaluate("ch03.usual_gap", stub)[0] == "not attempted"


# ------------------------------------------------------------------------------ 3.6
def test_response_by_channel_right_variants(followups):
    grouped = followups.groupby("channel")["responded"]
    passes("ch03.response_by_channel", grouped.mean())
    passes("ch03.response_by_channel", grouped.mean().round(3))
    passes("ch03.response_by_channel", grouped.sum() / grouped.size())
    passes(
        "ch03.response_by_channel",
        pd.crosstab(followups["channel"], followups["responded"], normalize="index")[True],
    )
    passes("ch03.response_by_channel", journey.followup_response(followups)[["response_rate"]])
    passes(
        "ch03.response_by_channel",
        followups.assign(r=followups["outcome"].ne("no_answer")).groupby("channel")["r"].mean(),
    )


def test_response_by_channel_mistakes(followups):
    grouped = followups.groupby("channel")["responded"]
    fails_with("ch03.response_by_channel", grouped.sum(), "numbers of responses")
    fails_with("ch03.response_by_channel", grouped.sum() / grouped.sum().sum(), "share of all responses")
    fails_with("ch03.response_by_channel", grouped.sum() / len(followups), "divides by *all* follow-ups")
    fails_with("ch03.response_by_channel", grouped.mean() * 100, "percentages")
    fails_with("ch03.response_by_channel", 1 - grouped.mean(), "*without* a response")
    fails_with(
        "ch03.response_by_channel",
        followups["outcome"].eq("resolved").groupby(followups["channel"]).mean(),
        "'resolved'",
    )
    fails_with(
        "ch03.response_by_channel",
        followups["outcome"].isin(["reached", "resolved"]).groupby(followups["channel"]).mean(),
        "asked for a call back",
    )
    fails_with(
        "ch03.response_by_channel", followups.groupby("purpose")["responded"].mean(), "indexed by `purpose`"
    )
    fails_with(
        "ch03.response_by_channel",
        pd.crosstab(followups["channel"], followups["responded"], normalize="index"),
        "keep the True column",
    )
    fails_with("ch03.response_by_channel", journey.followup_response(followups), "a table with 5 columns")
    fails_with("ch03.response_by_channel", grouped.mean().round(2), "close, but not right to three decimals")
    in_2024 = followups[followups["date"].dt.year == 2024]
    fails_with(
        "ch03.response_by_channel",
        in_2024.groupby("channel")["responded"].mean(),
        "use every follow-up of the log",
    )


# ------------------------------------------------------------------------------ 3.7
def test_timing_p_value_right_variants(contacts, timing):
    assert set(contacts["slot"]) == {"morning", "evening"}
    passes("ch03.timing_p_value", timing.p_value)
    swapped = experiments.compare_groups(
        contacts, group="slot", outcome="converted", a="evening", b="morning"
    )
    passes("ch03.timing_p_value", swapped.p_value)
    table = pd.crosstab(contacts["slot"], contacts["converted"])
    passes("ch03.timing_p_value", stats.chi2_contingency(table, correction=False)[1])
    passes("ch03.timing_p_value", round(timing.p_value, 3))
    n = contacts.groupby("slot")["converted"].agg(["sum", "size"])
    passes(
        "ch03.timing_p_value",
        experiments.two_proportion_test(
            int(n.loc["morning", "sum"]),
            int(n.loc["morning", "size"]),
            int(n.loc["evening", "sum"]),
            int(n.loc["evening", "size"]),
        ).p_value,
    )


def test_timing_p_value_mistakes(contacts, campaigns, timing):
    fails_with("ch03.timing_p_value", timing.p_value / 2, "one-sided")
    replies = experiments.compare_groups(
        contacts, group="slot", outcome="responded", a="morning", b="evening"
    )
    assert abs(replies.p_value - timing.p_value) > 1e-3
    fails_with("ch03.timing_p_value", replies.p_value, "tests replies")
    fails_with("ch03.timing_p_value", 1 - timing.p_value, "1 − p")
    table = pd.crosstab(contacts["slot"], contacts["converted"])
    fails_with("ch03.timing_p_value", stats.chi2_contingency(table)[1], "Yates")
    every = campaigns.assign(slot=campaigns["send_hour"].lt(12).map({True: "morning", False: "evening"}))
    fails_with(
        "ch03.timing_p_value",
        experiments.compare_groups(
            every, group="slot", outcome="converted", a="morning", b="evening"
        ).p_value,
        "*all* campaigns",
    )
    fails_with("ch03.timing_p_value", timing.z, "z statistic")
    fails_with("ch03.timing_p_value", timing, "whole test result")
    fails_with("ch03.timing_p_value", 3.2, "between 0 and 1")


# ------------------------------------------------------------------------------ 3.8
def test_sample_size_right_variants(contacts, timing):
    morning = contacts.loc[contacts["slot"] == "morning", "converted"].mean()
    n = experiments.sample_size(morning, mde=0.01)
    passes("ch03.sample_size", n)
    passes(
        "ch03.sample_size",
        float(experiments.sample_size(timing.rate_a, mde=0.01, confidence=0.95, power=0.8)),
    )
    p1, p2 = morning, morning + 0.01  # the textbook formula by hand
    by_hand = (1.96 + 0.84) ** 2 * (p1 * (1 - p1) + p2 * (1 - p2)) / 0.01**2
    passes("ch03.sample_size", math.ceil(by_hand))
    passes("ch03.sample_size", round(n, -2))  # to the nearest hundred


def test_sample_size_mistakes(contacts, campaigns):
    morning = contacts.loc[contacts["slot"] == "morning", "converted"].mean()
    evening = contacts.loc[contacts["slot"] == "evening", "converted"].mean()
    n = experiments.sample_size(morning, mde=0.01)
    fails_with("ch03.sample_size", 2 * n, "*per group*")
    fails_with("ch03.sample_size", experiments.sample_size(evening, mde=0.01), "evening rate")
    fails_with(
        "ch03.sample_size", experiments.sample_size(morning, mde=morning * 0.01), "1 % of the baseline"
    )
    fails_with(
        "ch03.sample_size",
        experiments.sample_size(contacts["converted"].mean(), mde=0.01),
        "both slots together",
    )
    fails_with("ch03.sample_size", experiments.sample_size(morning, mde=0.01, power=0.9), "90 % power")
    fails_with("ch03.sample_size", experiments.sample_size(morning, mde=-0.01), "*drop*")
    morning_all = campaigns.loc[campaigns["send_hour"] < 12, "converted"].mean()
    fails_with("ch03.sample_size", experiments.sample_size(morning_all, mde=0.01), "*all* campaigns")
    fails_with("ch03.sample_size", n + 400, "close, but not right to the nearest 100")
    fails_with("ch03.sample_size", -n, "positive")


def test_hints_never_run_out_and_solutions_exist():
    from course_lib.checks import tasks

    for found in tasks("ch03"):
        assert len(found.hints) >= 2, found.id
        assert checks.solution_text(found.id), found.id
    assert sorted(t.id for t in tasks("ch03")) == sorted(TASKS)
    assert np.isfinite(ch03.TIMING_BASELINE_MDE)


# ------------------------------------------------------------------------------ 3.10
@pytest.fixture(scope="module")
def care_events():
    """The six customers' December events, as the solution lists them before the CRM rules."""
    from course_lib import data

    customers = data.load_customers()
    care = customers[customers["customer_id"].isin(ch03.CARE_CUSTOMERS)]
    events = journey.care_calendar(
        care, data.load_orders(), start="2024-12-01", end="2025-01-01", loyalty=data.load_loyalty()
    )
    return events, care.set_index("customer_id")


def _care_plan(events, care):
    def channel(customer):
        return next((c for c in ("wechat", "sms", "email") if care.loc[customer, f"consent_{c}"]), None)

    events = events.assign(channel=events["customer_id"].map(channel)).dropna(subset=["channel"])
    return (
        events.groupby(["customer_id", "date", "channel"], as_index=False)["trigger"]
        .agg("+".join)
        .rename(columns={"trigger": "event"})
    )


def test_care_calendar_right_variants(care_events):
    events, care = care_events
    plan = _care_plan(events, care)
    passes("ch03.care_calendar", plan)
    passes(
        "ch03.care_calendar",
        [
            {
                "Customer": r.customer_id,
                "date": r.date.strftime("%Y-%m-%d"),
                "events": r.event.split("+"),
                "channel": r.channel.upper(),
            }
            for r in plan.itertuples()
        ],
    )
    passes(
        "ch03.care_calendar",
        [
            (
                r.customer_id,
                str(r.date.date()),
                r.event.replace("+", " and "),
                {"wechat": "企业微信", "sms": "短信"}[r.channel],
            )
            for r in plan.itertuples()
        ],
    )
    passes("ch03.care_calendar", plan.assign(message="…").set_index(["customer_id", "date"]))


def test_care_calendar_mistakes(care_events):
    events, care = care_events
    plan = _care_plan(events, care)
    fails_with(
        "ch03.care_calendar",
        events.assign(channel="wechat").rename(columns={"trigger": "event"}),
        "did not agree to wechat",
    )
    fails_with(
        "ch03.care_calendar",
        events[events["customer_id"] != "C03180"].assign(
            channel=lambda f: f["customer_id"].map({"C02046": "sms", "C03117": "sms"}).fillna("wechat")
        ),
        "two contacts for C01651 on 2024-12-01",
    )
    everyone = (
        events.assign(channel="sms")
        .groupby(["customer_id", "date", "channel"], as_index=False)["trigger"]
        .agg(list)
    )
    fails_with("ch03.care_calendar", everyone, "C01651 did not agree to sms")
    fails_with(
        "ch03.care_calendar",
        pd.concat(
            [
                plan,
                pd.DataFrame(
                    {
                        "customer_id": ["C03180"],
                        "date": [pd.Timestamp("2024-12-21")],
                        "channel": ["sms"],
                        "event": ["holiday"],
                    }
                ),
            ]
        ),
        "C03180 agreed to no message channel",
    )
    fails_with(
        "ch03.care_calendar",
        plan.assign(channel=plan["channel"].where(plan["customer_id"] != "C03340", "sms")),
        "send on wechat",
    )
    fails_with(
        "ch03.care_calendar",
        plan.assign(channel=plan["channel"].where(plan["customer_id"] != "C03117", "phone")),
        "phone consent covers the follow-up calls",
    )
    fails_with("ch03.care_calendar", plan[plan["customer_id"] != "C02046"], "rather than leave them out")
    from course_lib import data

    strict = journey.care_calendar(
        care.reset_index(),
        data.load_orders(),
        start="2024-12-01",
        end="2025-01-01",
        loyalty=data.load_loyalty(),
        surprise_orders=11,
    )
    fails_with("ch03.care_calendar", _care_plan(strict, care), "exactly 10 orders in November")
    fails_with(
        "ch03.care_calendar", _care_plan(events[events["trigger"] != "holiday"], care), "Winter Solstice"
    )
    shifted = events.assign(
        date=events["date"] - pd.to_timedelta((events["trigger"] == "after_order") * 3, unit="D")
    )
    fails_with(
        "ch03.care_calendar", _care_plan(shifted[shifted["date"] >= "2024-12-01"], care), "on the order day"
    )
    late = events.assign(
        date=events["date"] + pd.to_timedelta((events["trigger"] == "reminder") * 1, unit="D")
    )
    fails_with("ch03.care_calendar", _care_plan(late, care), "one day before, on 30 December")
    born = events.copy()
    birthday = born["trigger"] == "birthday_month"
    born.loc[birthday, "date"] = [
        pd.Timestamp(2024, 12, care.loc[c, "birth_date"].day) for c in born.loc[birthday, "customer_id"]
    ]
    fails_with("ch03.care_calendar", _care_plan(born, care), "first day of the birth month")
    fails_with(
        "ch03.care_calendar", _care_plan(events[events["trigger"] != "anniversary"], care), "signup_date"
    )
    fails_with(
        "ch03.care_calendar", plan.assign(date=plan["date"] + pd.Timedelta(days=31)), "outside December"
    )
    fails_with("ch03.care_calendar", plan.drop(columns="channel"), "channel is missing")
    fails_with("ch03.care_calendar", plan.assign(event="newsletter"), "not one of the calendar's events")
    fails_with("ch03.care_calendar", pd.DataFrame(), "empty")
    assert evaluate("ch03.care_calendar", [("C03981", ..., ..., ...)])[0] == "not attempted"


# ------------------------------------------------------------------------ in Chinese
_CJK = re.compile(r"[\u4e00-\u9fff]")


def fails_in_chinese(task_id, answer, phrase):
    """``fails_with`` for a Chinese message: it names the mistake in Chinese."""
    message = fails_with(task_id, answer, phrase)
    assert _CJK.search(message.split(" — ", 1)[1]), message
    return message


def verdict(task_id, title):
    """The framework's ✓ line in Chinese for a task with the Chinese title ``title``."""
    from course_lib.language import translate

    return translate("✓ {task} — {title}: correct.", "zh").format(task=task_id, title=title)


@pytest.mark.parametrize("task_id", ["ch03.journey_count", "ch03.usual_gap", "ch03.care_calendar"])
def test_chinese_placeholder_is_not_attempted(chinese, task_id):
    from course_lib.language import translate

    line = translate(
        "✗ {task} — not attempted yet: replace the ... with your answer, then run the cell again.", "zh"
    ).format(task=task_id)
    assert "尚未作答" in line
    assert evaluate(task_id, ...) == ("not attempted", line)


def test_chinese_solutions_pass(chinese, journeys, won, touchpoints, care_events):
    journey_line = passes("ch03.journey_count", journeys["converted"].mean())
    assert journey_line == verdict("ch03.journey_count", "旅程数与旅程转化率") and _CJK.search(journey_line)
    share = won["path"].str[-1].value_counts(normalize=True)
    assert passes("ch03.last_touch", share) == verdict("ch03.last_touch", "手算末次触点归因")
    assert passes("ch03.usual_gap", _gap_median) == verdict("ch03.usual_gap", "客户的常规购买间隔")
    events, care = care_events
    plan = _care_plan(events, care)
    assert passes("ch03.care_calendar", plan) == verdict("ch03.care_calendar", "事件触发的关怀日历")
    expected = journey.problem_touchpoints(journey.thermometer(touchpoints))
    if len(expected) > 1:  # right names in another order: a Chinese remark after the ✓
        assert "旅程顺序不那么重要" in passes("ch03.problem_touchpoints", list(reversed(expected)))


def test_chinese_mistakes_are_named(chinese, touchpoints, journeys, won, contacts, timing, care_events):
    fails_in_chinese("ch03.journey_count", touchpoints["converted"].mean(), "触点*行*所占的比例")
    fails_in_chinese("ch03.journey_count", 3.0, "比例应在 0 到 1 之间")
    grouped = touchpoints.groupby("stage")["satisfaction"]
    fails_in_chinese("ch03.stage_satisfaction", grouped.count(), "评分的条数")
    fails_in_chinese("ch03.stage_satisfaction", np.zeros((3, 3)), "以环节为索引的 pandas Series")
    fails_in_chinese("ch03.last_touch", won["path"].str[0].value_counts(normalize=True), "*第一个*渠道")
    fails_in_chinese("ch03.last_touch", list(won["path"].str[-1].value_counts()), "以渠道为索引")
    fails_in_chinese("ch03.timing_p_value", timing.p_value / 2, "单侧 p 值")
    morning = contacts.loc[contacts["slot"] == "morning", "converted"].mean()
    n = experiments.sample_size(morning, mde=0.01)
    message = fails_in_chinese("ch03.sample_size", n + 400, "很接近了")
    assert "以未经四舍五入的上午转化率作为基准" in message
    events, care = care_events
    plan = _care_plan(events, care)
    fails_in_chinese(
        "ch03.care_calendar",
        plan.assign(channel=plan["channel"].where(plan["customer_id"] != "C03340", "sms")),
        "请通过 wechat 发送",
    )


def test_chinese_usual_gap_names_the_case_and_the_slip(chinese):
    def mean_gap(order_dates):
        days = pd.Series(sorted(set(pd.to_datetime(order_dates).normalize())))
        return days.diff().dt.days.mean()

    message = fails_in_chinese("ch03.usual_gap", mean_gap, "个测试用例通过了")
    assert "用中位数，不要用平均值" in message and "。 " not in message
    always_a_month = fails_in_chinese("ch03.usual_gap", lambda order_dates: 31.0, "个测试用例通过了 0 个")
    assert always_a_month.endswith("取相邻下单日间隔天数的中位数。")


def test_chinese_hints(chinese, capsys):
    checks.hint("ch03.last_touch", 1)
    shown = capsys.readouterr().out
    assert shown.startswith("ch03.last_touch 的提示 1/2：保留已转化的旅程") and "`path`" in shown
    checks.hint("ch03.care_calendar", 2)
    assert "同意微信就用微信" in capsys.readouterr().out
