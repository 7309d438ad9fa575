"""course_lib.followup: follow-up response and plan, the care calendar, content by need state."""

import math

import pandas as pd
import pytest

from course_lib.followup import (
    care_calendar,
    contact_state,
    followup_plan,
    followup_response,
    offer_uplift,
)
from course_lib.validation import CourseDataError


# ------------------------------------------------------------------- follow-up and care
def test_followup_response_rates_and_interval():
    log = pd.DataFrame(
        {
            "channel": ["phone"] * 10 + ["sms"] * 10,
            "responded": [True] * 8 + [False] * 2 + [True] * 2 + [False] * 8,
        }
    )
    table = followup_response(log)
    assert table.loc["phone", "response_rate"] == 0.8
    assert table.loc["sms", "responses"] == 2
    assert (table["ci_low"] < table["response_rate"]).all()
    assert (table["response_rate"] < table["ci_high"]).all()
    with pytest.raises(CourseDataError, match=r"lacks column\(s\) \['purpose'\]"):
        followup_response(log, by="purpose")


def _plan_tables():
    customers = pd.DataFrame(
        {
            "customer_id": ["n", "v", "m"],
            "membership_tier": ["member", "platinum", "silver"],
            "signup_date": pd.to_datetime(["2024-05-20", "2023-01-01", "2023-01-01"]),
            "consent_sms": [True, True, False],
            "consent_email": [True, False, False],
            "consent_wechat": [False, True, False],
            "consent_phone": [False, True, False],
        }
    )
    orders = pd.DataFrame(
        {
            "customer_id": ["v", "v", "v", "m", "m"],
            "order_date": pd.to_datetime(
                ["2024-01-01", "2024-01-21", "2024-02-10", "2023-06-01", "2024-01-01"]
            ),
        }
    )
    followups = pd.DataFrame(
        {
            "customer_id": ["v", "m", "m"],
            "date": pd.to_datetime(["2024-05-25", "2024-02-01", "2024-03-01"]),
            "channel": ["wechat", "sms", "wechat"],
            "responded": [True, False, True],
        }
    )
    return customers, orders, followups


def test_followup_plan_by_tier_and_cycle():
    customers, orders, followups = _plan_tables()
    plan = followup_plan(customers, orders, as_of="2024-06-01", followups=followups)
    assert plan.loc["n", "purpose"] == "onboarding"
    assert plan.loc["n", "next_followup"] == pd.Timestamp("2024-06-01")
    assert plan.loc["v", "purpose"] == "vip_care"
    assert plan.loc["v", "interval_days"] == 20  # usual gap shorter than platinum's 30
    assert plan.loc["v", "next_followup"] == pd.Timestamp("2024-06-14")
    assert plan.loc["v", "channel"] == "wechat"  # best response rate among consents
    assert plan.loc["m", "purpose"] == "maintenance"
    assert plan.loc["m", "interval_days"] == 60
    assert plan.loc["m", "channel"] == "none"
    assert plan.loc["n", "channel"] in {"sms", "email"}


def test_followup_plan_refuses_unknown_tier():
    customers, orders, _ = _plan_tables()
    with pytest.raises(CourseDataError, match=r"tier\(s\) \['platinum'\] without an interval"):
        followup_plan(
            customers, orders, as_of="2024-06-01", intervals={"member": 90, "silver": 60, "gold": 45}
        )


def test_care_calendar_triggers():
    customers = pd.DataFrame(
        {
            "customer_id": ["a", "b"],
            "birth_date": pd.to_datetime(["1990-06-15", "1985-01-02"]),
            "signup_date": pd.to_datetime(["2023-06-10", "2024-06-05"]),
        }
    )
    orders = pd.DataFrame(
        {
            "customer_id": ["b"] * 10 + ["a"],
            "order_date": pd.to_datetime([f"2024-05-{d:02d}" for d in range(1, 11)] + ["2024-06-20"]),
        }
    )
    loyalty = pd.DataFrame({"customer_id": ["a"], "date": pd.to_datetime(["2024-06-30"]), "kind": ["expire"]})
    calendar = care_calendar(customers, orders, start="2024-06-01", end="2024-07-01", loyalty=loyalty)
    got = set(zip(calendar["date"].dt.strftime("%m-%d"), calendar["customer_id"], calendar["trigger"]))
    assert ("06-01", "a", "birthday_month") in got
    assert ("06-01", "b", "surprise") in got  # 10 orders in May
    assert ("06-10", "a", "anniversary") in got
    assert not any(t == "anniversary" and c == "b" for _, c, t in got)  # joined this year
    assert ("06-18", "a", "holiday") in got and ("06-18", "b", "holiday") in got
    assert ("06-23", "a", "after_order") in got
    assert ("06-29", "a", "reminder") in got
    assert calendar["date"].between("2024-06-01", "2024-06-30").all()
    assert calendar.equals(calendar.sort_values(["date", "customer_id", "trigger"], ignore_index=True))
    with pytest.raises(CourseDataError, match=r"`end` \(2024-05-01\) must come after `start`"):
        care_calendar(customers, orders, start="2024-06-01", end="2024-05-01")


def test_offer_uplift_by_state_uses_orders_before_the_contact_and_the_control_group():
    contacts = pd.DataFrame(
        {
            "customer_id": ["a", "b", "c", "d", "e", "f"],
            "contact_date": pd.to_datetime(["2024-06-01"] * 6),
            "offer": ["gift"] * 4 + ["lookbook"] * 2,
            "group": ["treatment", "treatment", "control", "control", "treatment", "treatment"],
            "responded": [1, 0, 0, 0, 1, 0],
            "converted": [1, 1, 0, 1, 0, 0],
        }
    )
    orders = pd.DataFrame(
        {
            "customer_id": ["a", "b", "c", "d", "e", "e"],
            "order_date": pd.to_datetime(
                ["2024-05-31", "2024-01-01", "2024-01-02", "2024-05-01", "2024-06-01", "2024-06-20"]
            ),
        }
    )
    assert contact_state(contacts, orders).tolist() == [
        "active",
        "sleeping",
        "sleeping",
        "active",
        "never bought",
        "never bought",
    ]
    table = offer_uplift(contacts, orders)
    assert table.loc[("gift", "active"), "uplift"] == 0.0  # 1 of 1 against 1 of 1 held out
    assert table.loc[("gift", "sleeping"), "uplift"] == 1.0  # 1 of 1 against 0 of 1
    assert math.isnan(table.loc[("lookbook", "never bought"), "control_conversion"])
    assert table.loc[("lookbook", "never bought"), "response_rate"] == 0.5
    with pytest.raises(CourseDataError):
        offer_uplift(contacts.drop(columns="group"), orders)


def test_day_counts_follow_the_validation_policy():
    customers, orders, _ = _plan_tables()
    with pytest.raises(CourseDataError, match=r"`min_interval` must be ≥ 1; got 0\."):
        followup_plan(customers, orders, as_of="2024-06-01", min_interval=0)
    with pytest.raises(CourseDataError, match=r"`intervals\['gold'\]` must be a whole number; got 45.5"):
        followup_plan(
            customers,
            orders,
            as_of="2024-06-01",
            intervals={"member": 90, "silver": 60, "gold": 45.5, "platinum": 30},
        )
    contacts = pd.DataFrame({"customer_id": ["n"], "contact_date": ["2024-06-01"]})
    with pytest.raises(TypeError, match=r"`dormant_days` must be a number; got str '90'"):
        contact_state(contacts, orders, dormant_days="90")
