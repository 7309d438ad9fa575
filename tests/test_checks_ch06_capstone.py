"""Chapter 6 capstone checks: the solution passes, the placeholder is not attempted, typical
mistakes get their specific hint, and the exercise notebook reports not-done."""

import nbformat
import pandas as pd
import pytest

from course_lib import data
from course_lib.checks import ch06_capstone, evaluate  # noqa: F401  (registers the tasks)
from course_lib.course import ROOT
from course_lib.notebook_tools import CHECK_CALL
from course_lib.simulation import BASELINE, DECK, simulate

TASKS = ["ch06.capstone_baseline_repurchase", "ch06.capstone_top_lever", "ch06.capstone_strategy",
         "ch06.case_key_account", "ch06.case_rescue", "ch06.case_quotation", "ch06.case_trigger"]
RESCUE = {"diagnosis": "service_failures", "compensation": "beyond", "opening": "empathy",
          "third_time": "own_it", "close": "written_follow_up"}
QUOTATION = {"pain_points": ["delivery_reliability", "payment_terms", "supplier_consolidation"],
             "quotation": {"discount": 0.0, "lead_time_days": 14, "payment_days": 90},
             "account_manager": "none", "talk_track": "value_first"}
TRIGGER = {"audience": "store_regulars", "signal": "store_check_in", "channel": "wechat",
           "offer": "styling"}


@pytest.fixture(autouse=True)
def workspace(tmp_path, monkeypatch):
    monkeypatch.setenv("CRM_COURSE_WORKSPACE", str(tmp_path))


@pytest.fixture(scope="module")
def baseline():
    return simulate("baseline", n_customers=20_000, months=6, seed=0)


@pytest.mark.parametrize("task_id", TASKS)
def test_placeholder_is_not_attempted(task_id):
    assert evaluate(task_id, ...)[0] == "not attempted"


def test_baseline_repurchase(baseline):
    kpis = baseline.kpis["repurchase_rate"]
    assert evaluate("ch06.capstone_baseline_repurchase", kpis.loc[6])[0] == "pass"
    assert "percentage" in evaluate("ch06.capstone_baseline_repurchase", kpis.loc[6] * 100)[1]
    assert "month 1" in evaluate("ch06.capstone_baseline_repurchase", kpis.loc[1])[1]
    assert "mean over the six months" in evaluate("ch06.capstone_baseline_repurchase", kpis.mean())[1]
    deck = simulate("deck", n_customers=20_000, months=6, seed=0).kpis.loc[6, "repurchase_rate"]
    assert "the deck's repurchase rate" in evaluate("ch06.capstone_baseline_repurchase", deck)[1]
    other_seed = simulate("baseline", n_customers=20_000, months=6, seed=1).kpis.loc[6, "repurchase_rate"]
    assert "seed=0 exactly" in evaluate("ch06.capstone_baseline_repurchase", other_seed)[1]


def test_top_lever():
    costs = simulate("deck", n_customers=20_000, months=6, seed=0).costs
    levers = costs.drop(columns="goods").sum().sort_values(ascending=False)
    assert evaluate("ch06.capstone_top_lever", levers.index[0])[0] == "pass"
    assert "not a lever" in evaluate("ch06.capstone_top_lever", "goods")[1]
    assert "number 2 cost" in evaluate("ch06.capstone_top_lever", levers.index[1])[1]
    assert "not a column" in evaluate("ch06.capstone_top_lever", "marketing")[1]
    assert "(a str)" in evaluate("ch06.capstone_top_lever", levers)[1]


def test_strategy():
    lean = DECK.replace(name="lean", service_level=(2, 1, 0, 0), member_benefits=1,
                        referral_reward=100, compensation=30, winback_offer=30)
    status, message = evaluate("ch06.capstone_strategy", lean)
    assert status == "pass" and "against the deck" in message
    assert "cannot beat itself" in evaluate("ch06.capstone_strategy", DECK.replace(name="copy"))[1]
    assert "not a name" in evaluate("ch06.capstone_strategy", "deck")[1]
    slow = lean.replace(response_hours=48.0, free_returns=False, service_reports=False)
    assert "not under 5 %" in evaluate("ch06.capstone_strategy", slow)[1]
    lavish = DECK.replace(service_level=(2, 2, 2, 2))
    assert "against the deck's" in evaluate("ch06.capstone_strategy", lavish)[1]


def test_key_account():
    from course_lib.simulation.cases import key_account

    assert evaluate("ch06.case_key_account", key_account())[0] == "pass"
    orders = data.load_orders()
    year = orders[orders["order_date"] >= pd.Timestamp(data.AS_OF) - pd.DateOffset(years=1)]
    top = year.groupby("customer_id")["amount"].sum().idxmax()
    if top != key_account():
        assert "biggest spender overall" in evaluate("ch06.case_key_account", top)[1]
    tickets = data.load_tickets()
    recent = tickets[tickets["opened_at"] >= pd.Timestamp(data.AS_OF) - pd.Timedelta(days=90)]
    waited = (recent["first_response_at"] - recent["opened_at"]).dt.total_seconds() / 3600
    on_time = sorted(set(recent.loc[waited <= 1, "customer_id"]) - set(recent.loc[waited > 1, "customer_id"]) - {top})
    late = sorted(set(recent.loc[waited > 1, "customer_id"]) - {key_account(), top})
    assert "answered within the hour" in evaluate("ch06.case_key_account", on_time[0])[1]
    assert "not the biggest spender" in evaluate("ch06.case_key_account", late[0])[1]
    assert "not a customer id" in evaluate("ch06.case_key_account", "C99999")[1]
    assert "(a str)" in evaluate("ch06.case_key_account", 31)[1]


def test_rescue():
    status, message = evaluate("ch06.case_rescue", RESCUE)
    assert status == "pass" and "92%" in message
    assert "step 'diagnosis'" in evaluate("ch06.case_rescue", {**RESCUE, "diagnosis": "price",
                                                               "compensation": "coupon"})[1]
    assert "more than ¥1,500" in evaluate("ch06.case_rescue", {**RESCUE, "compensation": "cash"})[1]
    assert "cannot be played" in evaluate("ch06.case_rescue", {"diagnosis": "service_failures"})[1]
    assert "should be a dict" in evaluate("ch06.case_rescue", ["empathy"])[1]


def test_quotation():
    assert evaluate("ch06.case_quotation", QUOTATION)[0] == "pass"
    guessed = {**QUOTATION, "pain_points": ["delivery_reliability", "design"]}
    assert "does not support" in evaluate("ch06.case_quotation", guessed)[1]
    missed = {**QUOTATION, "pain_points": ["delivery_reliability"]}
    assert "more pain points" in evaluate("ch06.case_quotation", missed)[1]
    generous = {**QUOTATION, "quotation": {"discount": 0.15, "lead_time_days": 14, "payment_days": 90}}
    assert "give away too much margin" in evaluate("ch06.case_quotation", generous)[1]


def test_trigger():
    status, message = evaluate("ch06.case_trigger", TRIGGER)
    assert status == "pass" and "opt-outs" in message
    blast = {"audience": "all_members", "signal": "none", "channel": "sms", "offer": "pct10"}
    assert "not profitable" in evaluate("ch06.case_trigger", blast)[1]
    noisy = {"audience": "store_regulars", "signal": "store_check_in", "channel": "sms", "offer": "pct10"}
    assert "opt out" in evaluate("ch06.case_trigger", noisy)[1]


def test_exercise_notebook_has_every_task_and_no_answers():
    exercise = ROOT / "exercises" / "ch06_capstone.ipynb"
    nb = nbformat.read(exercise, as_version=4)
    used = {tid for cell in nb.cells if cell.cell_type == "code" for tid in CHECK_CALL.findall(cell.source)}
    assert used == set(TASKS)
    text = "\n".join(cell.source for cell in nb.cells)
    assert "service_failures\", \"compensation\": \"beyond\"" not in text
    assert "BEGIN SOLUTION" not in text and "# SOLUTION" not in text
