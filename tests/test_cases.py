"""Scripted cases: scenario files, the engine that plays them, one test per outcome."""

import copy

import pandas as pd
import pytest

from course_lib import data
from course_lib.simulation import cases
from course_lib.simulation.cases import (
    CASES,
    account_record,
    key_account,
    load_case,
    play,
    rescue_value_at_stake,
)
from course_lib.validation import CourseDataError

RESCUE_BEST = {
    "diagnosis": "service_failures",
    "compensation": "beyond",
    "opening": "empathy",
    "third_time": "own_it",
    "close": "written_follow_up",
}
RESCUE_MIDDLE = {
    "diagnosis": "service_failures",
    "compensation": "coupon",
    "opening": "script",
    "third_time": "more_coupons",
    "close": "end",
}
RESCUE_WORST = {
    "diagnosis": "price",
    "compensation": "cash",
    "opening": "defend",
    "escalation": "email",
    "close": "end",
}
B2B_GOOD = {
    "pain_points": ["delivery_reliability", "payment_terms", "supplier_consolidation"],
    "quotation": {"discount": 0.0, "lead_time_days": 21, "payment_days": 60},
    "account_manager": "dedicated",
    "talk_track": "value_first",
}
B2B_MIDDLE = {
    "pain_points": ["delivery_reliability", "price"],
    "quotation": {"discount": 0.08, "lead_time_days": 30, "payment_days": 60},
    "account_manager": "none",
    "talk_track": "price_first",
}
B2B_BAD = {
    "pain_points": ["price", "design"],
    "quotation": {"discount": 0.0, "lead_time_days": 30, "payment_days": 30},
    "account_manager": "none",
    "talk_track": "pressure",
}
TRIGGER_GOOD = {
    "audience": "store_regulars",
    "signal": "store_check_in",
    "channel": "wechat",
    "offer": "styling",
}
TRIGGER_FLAT = {"audience": "high_value", "signal": "birthday", "channel": "wechat", "offer": "none"}
TRIGGER_BLAST = {"audience": "all_members", "signal": "none", "channel": "sms", "offer": "pct10"}


@pytest.mark.parametrize("case_id", CASES)
def test_every_scenario_file_loads_and_every_step_is_reachable(case_id):
    case = load_case(case_id)
    reachable, todo = set(), [case.spec["start"]]
    while todo:
        step = todo.pop()
        if step in reachable:
            continue
        reachable.add(step)
        spec = case.steps[step]
        todo += [t for t in [spec.get("next")] if t]
        todo += [o["next"] for o in spec.get("options", {}).values() if o.get("next")]
    assert reachable == set(case.steps)
    assert case.spec["source"] in ("churn-rescue-case", "b2b-negotiation-case", "omnichannel-case")
    assert {band["id"] for band in case.spec["outcomes"]}


# ----------------------------------------------------------------------------- one test per outcome
@pytest.mark.parametrize(
    "choices, outcome", [(RESCUE_BEST, "retained"), (RESCUE_MIDDLE, "undecided"), (RESCUE_WORST, "lost")]
)
def test_churn_rescue_outcomes(choices, outcome):
    result = play("churn_rescue", choices)
    assert result.outcome == outcome
    assert [step for step, _ in result.path] == list(choices)


@pytest.mark.parametrize(
    "choices, outcome", [(B2B_GOOD, "signed"), (B2B_MIDDLE, "counter_offer"), (B2B_BAD, "lost")]
)
def test_b2b_outcomes(choices, outcome):
    assert play("b2b_negotiation", choices).outcome == outcome


@pytest.mark.parametrize(
    "choices, outcome", [(TRIGGER_GOOD, "profitable"), (TRIGGER_FLAT, "break_even"), (TRIGGER_BLAST, "loss")]
)
def test_omnichannel_outcomes(choices, outcome):
    assert play("omnichannel", choices, seed=0).outcome == outcome


# ----------------------------------------------------------------------------- the logistic model
def test_rescue_probability_and_cost_follow_the_documented_model():
    result = play("churn_rescue", RESCUE_MIDDLE, value_at_stake=10_000)
    spec = load_case("churn_rescue").spec
    logit = spec["intercept"] + 1.2 + 0.4 + 0.0 + 0.2 + 0.0
    expected_p = 1 / (1 + pd.Series([logit]).mul(-1).apply(__import__("math").exp)[0])
    assert result.probability == pytest.approx(expected_p)
    assert result.cost == 200 + 300
    assert result.expected_value == pytest.approx(expected_p * 10_000 - 500)  # costs paid always


def test_the_right_diagnosis_raises_the_chance_of_keeping_the_customer():
    wrong = play("churn_rescue", {**RESCUE_MIDDLE, "diagnosis": "range"})
    right = play("churn_rescue", RESCUE_MIDDLE)
    assert right.probability > wrong.probability
    assert any("diagnosis · range" in line for line in wrong.feedback)


def test_defending_the_policy_leads_to_the_escalation_branch():
    result = play("churn_rescue", RESCUE_WORST)
    assert ("escalation", "email") in result.path
    with pytest.raises(CourseDataError, match=r"no answer for step 'escalation'"):
        play("churn_rescue", {k: v for k, v in RESCUE_WORST.items() if k != "escalation"})


def test_b2b_costs_are_paid_only_when_the_deal_is_signed():
    result = play("b2b_negotiation", B2B_GOOD)
    assert result.value_at_stake == 420_000
    assert result.cost == pytest.approx(60_000 + 2_500 * 9 + 164 * 30)
    assert result.expected_value == pytest.approx(result.probability * (420_000 - result.cost))


def test_b2b_discounts_buy_probability_at_a_falling_expected_margin():
    def with_discount(d):
        return play("b2b_negotiation", {**B2B_GOOD, "quotation": {**B2B_GOOD["quotation"], "discount": d}})

    low, high = with_discount(0.02), with_discount(0.15)
    assert high.probability > low.probability
    assert high.expected_value < low.expected_value


def test_predicting_the_recorded_pain_points_beats_guessing():
    guessed = play("b2b_negotiation", {**B2B_GOOD, "pain_points": ["design", "sustainability"]})
    assert play("b2b_negotiation", B2B_GOOD).probability > guessed.probability


# ----------------------------------------------------------------------------- refusals
@pytest.mark.parametrize(
    "case, choices, error, message",
    [
        ("nothing", {}, CourseDataError, r"`case` 'nothing' is unknown"),
        (3, {}, TypeError, r"`case` must be a case id"),
        ("churn_rescue", ["empathy"], TypeError, r"`choices` must be a dict"),
        (
            "churn_rescue",
            {"diagnosis": "aliens"},
            CourseDataError,
            r"'aliens' is not an option of step 'diagnosis'; choose from \['service_failures'",
        ),
        ("churn_rescue", {**RESCUE_BEST, "mood": "calm"}, CourseDataError, r"step\(s\) \['mood'\]"),
        (
            "b2b_negotiation",
            {**B2B_GOOD, "pain_points": "price"},
            CourseDataError,
            r"takes a list of options",
        ),
        (
            "b2b_negotiation",
            {**B2B_GOOD, "quotation": {"discount": 0.5, "lead_time_days": 21, "payment_days": 60}},
            CourseDataError,
            r"term 'discount' must lie between 0.0 and 0.2; got 0.5",
        ),
        (
            "b2b_negotiation",
            {**B2B_GOOD, "quotation": {"discount": 0.05}},
            CourseDataError,
            r"missing \['lead_time_days', 'payment_days'\]",
        ),
        (
            "b2b_negotiation",
            {**B2B_GOOD, "quotation": {"discount": "5%", "lead_time_days": 21, "payment_days": 60}},
            TypeError,
            r"term 'discount' must be a number",
        ),
    ],
)
def test_bad_plays_are_refused(case, choices, error, message):
    with pytest.raises(error, match=message):
        play(case, choices)


def test_a_broken_scenario_file_is_refused():
    spec = copy.deepcopy(load_case("churn_rescue").spec)
    spec["steps"]["close"]["options"]["end"]["next"] = "nowhere"
    with pytest.raises(CourseDataError, match=r"leads to 'nowhere', which does not exist"):
        cases._validate_spec("churn_rescue", spec)
    del spec["start"]
    with pytest.raises(CourseDataError, match=r"lacks the key 'start'"):
        cases._validate_spec("churn_rescue", spec)


# ----------------------------------------------------------------------------- the key account
def test_key_account_is_the_top_spender_with_a_late_recent_complaint():
    account = key_account()
    tickets = data.load_tickets()
    orders = data.load_orders()
    waited = (tickets["first_response_at"] - tickets["opened_at"]).dt.total_seconds() / 3600
    recent = tickets["opened_at"] >= data.AS_OF - pd.Timedelta(days=90)
    late_ids = set(tickets.loc[recent & (waited > 1), "customer_id"])
    assert account in late_ids
    year = orders[orders["order_date"] >= data.AS_OF - pd.DateOffset(years=1)]
    spend = year.groupby("customer_id")["amount"].sum()
    assert spend[account] == spend.reindex(sorted(late_ids)).max()
    assert rescue_value_at_stake(account) == pytest.approx(0.45 * spend[account], abs=0.01)


def test_the_record_supports_the_model_diagnosis():
    record = account_record(key_account())
    assert len(record["tickets"]) >= 2  # repeated failures
    assert bool(record["tickets"].sort_values("opened_at")["late"].iloc[-1])  # latest answered late
    assert not (record["followups"]["outcome"] == "resolved").any()
    assert record["profile"]["membership_tier"] in ("gold", "platinum")


def test_key_account_refuses_an_empty_window():
    with pytest.raises(CourseDataError, match=r"no complaint in the 1 days"):
        key_account(as_of="2023-01-01", window_days=1)


def test_account_record_refuses_an_unknown_customer():
    with pytest.raises(CourseDataError, match=r"`customer_id` 'X1' is not in the customers table"):
        account_record("X1")


# ----------------------------------------------------------------------------- the trigger simulation
def test_trigger_runs_are_seeded():
    a = play("omnichannel", TRIGGER_GOOD, seed=3).metrics
    b = play("omnichannel", TRIGGER_GOOD, seed=3).metrics
    c = play("omnichannel", TRIGGER_GOOD, seed=4).metrics
    assert a == b and a != c


def test_trigger_respects_consent_and_the_holdout():
    metrics = play("omnichannel", TRIGGER_BLAST, seed=0).metrics
    members = cases.trigger_members()
    assert metrics["contacted"] + metrics["control"] <= int(members["consent_sms"].sum())
    assert metrics["control"] / (metrics["contacted"] + metrics["control"]) == pytest.approx(0.2, abs=0.03)


def test_a_blast_annoys_more_than_a_relevant_message():
    blast = play("omnichannel", TRIGGER_BLAST, seed=0).metrics
    relevant = play(
        "omnichannel", {**TRIGGER_BLAST, "signal": "store_check_in", "channel": "wechat"}, seed=0
    ).metrics
    assert blast["opt_out_rate"] > 2 * relevant["opt_out_rate"]


def test_high_value_members_buy_anyway_so_their_offer_pays_for_existing_orders():
    metrics = play(
        "omnichannel",
        {"audience": "high_value", "signal": "browse_no_buy", "channel": "wechat", "offer": "pct10"},
        seed=0,
    ).metrics
    lapsed = play(
        "omnichannel",
        {"audience": "lapsed_60", "signal": "browse_no_buy", "channel": "wechat", "offer": "pct10"},
        seed=0,
    ).metrics
    share_anyway_high = 1 - metrics["uplift"] / (metrics["uplift"] + 0.14 * 2.0)
    share_anyway_lapsed = 1 - lapsed["uplift"] / (lapsed["uplift"] + 0.03 * 2.0)
    assert share_anyway_high == pytest.approx(share_anyway_lapsed)  # same relative lift …
    assert metrics["cost"] / metrics["contacted"] > lapsed["cost"] / lapsed["contacted"]  # … dearer offers


def test_outcome_summary_and_repr():
    rescue = play("churn_rescue", RESCUE_BEST)
    assert "probability" in rescue.summary().index and "retained" in repr(rescue)
    trigger = play("omnichannel", TRIGGER_GOOD)
    assert "uplift" in trigger.summary().index and "incremental margin" in repr(trigger)


# ----------------------------------------------------------------------------- the case widgets
@pytest.fixture
def shown(monkeypatch):
    import IPython.display

    captured = []
    monkeypatch.setattr(IPython.display, "display", lambda *objs, **kw: captured.extend(objs))
    return captured


@pytest.mark.parametrize(
    "widget, choices",
    [("rescue_call", RESCUE_BEST), ("negotiation_desk", B2B_GOOD), ("trigger_designer", TRIGGER_GOOD)],
)
def test_case_widgets_show_the_default_outcome_then_controls(shown, controls, capsys, widget, choices):
    pytest.importorskip("ipywidgets")
    import ipywidgets as w
    import matplotlib

    matplotlib.use("Agg")
    from course_lib import widgets

    getattr(widgets.simulation, widget)(choices)
    frames = [o for o in shown if isinstance(o, pd.DataFrame)]
    assert any("outcome" in f.index for f in frames)
    assert isinstance(shown[-1], w.Box)
    printed = capsys.readouterr().out
    assert printed.strip()  # the outcome message and feedback
    dropdown = controls(w.Dropdown)[0]
    before = len(shown)
    dropdown.value = next(key for _, key in dropdown.options if key != dropdown.value)
    replayed = [o for o in shown[before:] if isinstance(o, pd.DataFrame)]
    assert replayed and "outcome" in replayed[0].index
