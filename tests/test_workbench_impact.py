"""Pricing a rule set: the measured wake-up campaign's rates, and the simulator bridge."""

import numpy as np
import pandas as pd
import pytest

from course_lib import rfm, simulation
from course_lib.validation import CourseDataError
from course_lib.workbench import (
    estimate_impact,
    evaluate_rules,
    monthly_contacts,
    reference_campaign,
    rules_strategy,
    simulate_rules,
)

DAY = "2024-10-15"


def rule(**changes):
    base = {
        "name": "wake",
        "trigger": {"type": "no_purchase", "days": 90},
        "channel": "sms",
        "offer": "Buy one get one",
        "offer_value": 25,
        "frequency_cap_days": 30,
    }
    base.update(changes)
    return base


def test_estimates_carry_the_measured_rates_over_per_rule():
    measured = rfm.offer_results(reference_campaign(), contact_cost=0.5, offer_cost=25.0)
    contacts = pd.DataFrame({"rule": ["a"] * 300 + ["b"] * 100})
    table = estimate_impact(contacts, order_value=200.0)
    assert table.index.tolist() == ["a", "b", "total"]
    assert table.loc["total", "contacts"] == 400
    treated, uplift = measured.loc["treatment"], measured.loc["uplift", "reactivation"]
    assert table.loc["a", "extra_reactivations"] == pytest.approx(300 * uplift, abs=0.05)
    assert table.loc["b", "opt_outs"] == pytest.approx(100 * treated["opt_out"], abs=0.05)
    assert table.loc["total", "cost"] == pytest.approx(400 * (0.5 + treated["reactivation"] * 25), abs=0.05)
    assert table.loc["total", "extra_revenue"] == pytest.approx(400 * uplift * 200, abs=0.05)
    assert table.loc["total", "cost_per_extra"] == pytest.approx(measured.loc["uplift", "cost"], abs=0.05)
    series = estimate_impact(pd.Series({"a": 300, "b": 100}), order_value=200.0)
    pd.testing.assert_frame_equal(series, table)


def test_bad_inputs_to_the_estimate_are_refused():
    with pytest.raises(CourseDataError, match=r"`contacts` lacks column\(s\) \['rule'\]"):
        estimate_impact(pd.DataFrame({"customer_id": ["C00001"]}))
    with pytest.raises(CourseDataError, match="`order_value` must be an amount in CNY ≥ 0"):
        estimate_impact(pd.DataFrame({"rule": ["a"]}), order_value=-5.0)
    with pytest.raises(CourseDataError, match="must hold a number ≥ 0 of contacts per rule"):
        estimate_impact(pd.Series({"a": -3}))
    with pytest.raises(CourseDataError, match="is not a shipped campaign; the campaigns are"):
        reference_campaign("Summer sale")


def test_monthly_contacts_follow_the_trigger_kind_and_the_cap():
    rules = [
        rule(name="state_capped"),
        rule(name="state_uncapped", frequency_cap_days=0),
        rule(name="weekly", frequency_cap_days=7),
        rule(name="event", trigger={"type": "days_after_order", "days": 3}, frequency_cap_days=0),
    ]
    day = pd.DataFrame(
        {"rule": ["state_capped"] * 10 + ["state_uncapped"] * 10 + ["weekly"] * 7 + ["event"] * 2}
    )
    assert monthly_contacts(rules, day).to_dict() == {
        "state_capped": 10.0,
        "state_uncapped": 300.0,
        "weekly": 30.0,
        "event": 60.0,
    }


def test_rules_become_the_levers_they_pull():
    rules = [
        rule(),
        rule(name="bday", trigger={"type": "birthday_month"}, channel="wechat", offer_value=0),
        rule(name="recover", trigger={"type": "complaint_waiting"}, channel="phone", offer_value=50),
        rule(
            name="thanks",
            trigger={"type": "days_after_order", "days": 3},
            channel="app_push",
            offer_value=0,
            frequency_cap_days=0,
        ),
    ]
    contacts = evaluate_rules(rules, day=DAY)
    strategy = rules_strategy(rules, day=DAY, contacts=contacts)
    assert strategy.winback_offer == 25.0 and strategy.birthday_double
    assert strategy.dedicated_agent and strategy.compensation == 50.0
    assert strategy.contacts_per_month > simulation.BASELINE.contacts_per_month
    assert sum(strategy.channel_mix) == pytest.approx(1.0)
    assert strategy.channel_mix[3] > 0  # app push messages land in the app share
    nothing = rules_strategy([rule(offer_value=0, channel="store")], day=DAY)
    assert nothing.levers().drop("name").equals(simulation.BASELINE.levers().drop("name"))


def test_a_rule_set_that_floods_customers_is_refused():
    flood = [
        rule(
            name=f"every_day_{channel}",
            trigger={"type": "no_purchase", "days": 1},
            offer_value=0,
            frequency_cap_days=0,
            channel=channel,
            priority=p,
        )
        for p, channel in enumerate(["wechat", "sms", "app_push"])
    ]
    with pytest.raises(
        CourseDataError, match="messages per active customer a month; the simulator allows up to 30"
    ):
        rules_strategy(flood, day=DAY)


def test_simulation_compares_the_rule_set_with_the_baseline_on_one_seed():
    table = simulate_rules([rule()], day=DAY, n_customers=1500, months=4, seed=3)
    base = simulation.simulate(simulation.BASELINE, n_customers=1500, months=4, seed=3).totals
    assert table.loc["baseline", "revenue"] == pytest.approx(base["revenue"])
    assert np.allclose(table.loc["difference"], table.loc["rule set"] - table.loc["baseline"])
    assert table.loc["baseline", "opt_outs"] == 0 and table.loc["rule set", "opt_outs"] > 0
    again = simulate_rules([rule()], day=DAY, n_customers=1500, months=4, seed=3)
    pd.testing.assert_frame_equal(table, again)
