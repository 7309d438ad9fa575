"""Chapter 6 checks: the solution passes, the placeholder is not attempted, typical mistakes
get their specific hint."""

import hashlib

import pandas as pd
import pytest

from course_lib import privacy, recommend, selection
from course_lib.checks import evaluate
from course_lib.checks.ch06 import SALT


@pytest.fixture(autouse=True)
def workspace(tmp_path, monkeypatch):
    monkeypatch.setenv("CRM_COURSE_WORKSPACE", str(tmp_path))


@pytest.fixture(scope="module")
def orders():
    from course_lib import data

    return data.load_orders()


@pytest.fixture(scope="module")
def customers():
    from course_lib import data

    return data.load_customers()


TASKS = ["ch06.pseudonymise", "ch06.k_anonymity", "ch06.consent_audience", "ch06.tco",
         "ch06.recommender_lift", "ch06.cost_weight"]


@pytest.mark.parametrize("task_id", TASKS)
def test_placeholder_is_not_attempted(task_id):
    assert evaluate(task_id, ...)[0] == "not attempted"


# ---------------------------------------------------------------------------- pseudonymise
def test_pseudonymise(orders):
    right = privacy.pseudonymise_columns(orders, ["customer_id"], salt=SALT)
    assert evaluate("ch06.pseudonymise", right)[0] == "pass"
    plain = orders.assign(customer_id=orders["customer_id"].map(
        lambda v: hashlib.sha256(v.encode()).hexdigest()[:16]))
    status, message = evaluate("ch06.pseudonymise", plain)
    assert status == "fail" and "unsalted SHA-256" in message
    other_salt = privacy.pseudonymise_columns(orders, ["customer_id"], salt="some-other-salt-123")
    assert "not those of the salt `SALT`" in evaluate("ch06.pseudonymise", other_salt)[1]
    random_codes = orders.assign(customer_id=[f"x{i}" for i in range(len(orders))])
    assert "different codes in different orders" in evaluate("ch06.pseudonymise", random_codes)[1]
    assert "still holds the real ids" in evaluate("ch06.pseudonymise", orders)[1]
    assert "drop none" in evaluate("ch06.pseudonymise", right.iloc[:-5])[1]
    longer = privacy.pseudonymise_columns(orders, ["customer_id"], salt=SALT, length=32)
    assert "keep the default 16" in evaluate("ch06.pseudonymise", longer)[1]


# ----------------------------------------------------------------------------- k-anonymity
def test_k_anonymity(customers):
    from course_lib import data

    release = privacy.generalise(customers, as_of=data.AS_OF, age_width=10)
    app = release[release["signup_channel"] == "app"]
    report = privacy.k_anonymity(app, ["gender", "age_band", "city_tier"])
    assert evaluate("ch06.k_anonymity", report.k)[0] == "pass"
    assert "number of equivalence classes" in evaluate("ch06.k_anonymity", len(report.classes))[1]
    assert "largest class" in evaluate("ch06.k_anonymity", int(report.classes["size"].max()))[1]
    status, message = evaluate("ch06.k_anonymity", privacy.k_anonymity(app, ["gender", "age_band"]).k)
    assert status == "fail" and "city tier is missing" in message
    everyone = privacy.k_anonymity(release, ["gender", "age_band", "city_tier"]).k
    assert "keep the app sign-ups only" in evaluate("ch06.k_anonymity", everyone)[1]
    assert "whole report" in evaluate("ch06.k_anonymity", report)[1]


# --------------------------------------------------------------------------------- consent
def test_consent_audience(customers):
    vip = customers[customers["membership_tier"].isin(["gold", "platinum"])]
    right = len(privacy.filter_by_consent(vip, ["sms", "wechat"], require="any"))
    assert evaluate("ch06.consent_audience", right)[0] == "pass"
    assert "whole planned audience" in evaluate("ch06.consent_audience", len(vip))[1]
    assert "SMS consent only" in evaluate("ch06.consent_audience",
                                          len(privacy.filter_by_consent(vip, "sms")))[1]
    both = len(privacy.filter_by_consent(vip, ["sms", "wechat"]))
    assert "consented to both channels" in evaluate("ch06.consent_audience", both)[1]
    everyone = len(privacy.filter_by_consent(customers, ["sms", "wechat"], require="any"))
    assert "counts all customers" in evaluate("ch06.consent_audience", everyone)[1]
    table = privacy.filter_by_consent(vip, ["sms", "wechat"], require="any")
    assert "store its size" in evaluate("ch06.consent_audience", table)[1]


# ------------------------------------------------------------------------------------- TCO
PROFILE = selection.CostProfile(users=50, licence_per_user_year=5_000, implementation=300_000,
                                customisation=120_000, training_initial=60_000,
                                training_per_year=15_000, operations_per_year=90_000)


def test_tco():
    right = selection.total_cost_of_ownership(PROFILE, years=5, discount_rate=0.08)
    assert evaluate("ch06.tco", right)[0] == "pass"
    nominal = selection.tco_table(PROFILE, years=5, discount_rate=0.0)["total"].sum()
    status, message = evaluate("ch06.tco", nominal)
    assert status == "fail" and "undiscounted sum" in message
    assert "year 0" in evaluate("ch06.tco", right - 480_000)[1]
    four = selection.total_cost_of_ownership(PROFILE, years=4, discount_rate=0.08)
    assert "four years" in evaluate("ch06.tco", four)[1]
    annuity = sum(1 / 1.08 ** t for t in range(1, 6))
    assert "per user" in evaluate("ch06.tco", 480_000 + 110_000 * annuity)[1]
    assert "do not discount them" in evaluate("ch06.tco", 480_000 / 1.08 + 355_000 * annuity)[1]
    assert "not in millions" in evaluate("ch06.tco", right / 1e6)[1]


# ----------------------------------------------------------------------------- recommender
def test_recommender_lift(orders):
    table = recommend.compare(orders, split="2024-10-01", k=2, item=("category", "channel"))
    hit = table["hit_rate"]
    right = hit["item-to-item"] / hit["popularity"]
    assert evaluate("ch06.recommender_lift", right)[0] == "pass"
    assert right > 1.5
    status, message = evaluate("ch06.recommender_lift", 1 / right)
    assert status == "fail" and "popularity ÷ item-to-item" in message
    assert "difference" in evaluate("ch06.recommender_lift", hit["item-to-item"] - hit["popularity"])[1]
    precision = table["precision_at_k"]
    assert "precision@k" in evaluate("ch06.recommender_lift",
                                     precision["item-to-item"] / precision["popularity"])[1]
    by_category = recommend.compare(orders, split="2024-10-01", k=2, item="category")["hit_rate"]
    assert "categories as items" in evaluate("ch06.recommender_lift",
                                             by_category["item-to-item"] / by_category["popularity"])[1]


# ----------------------------------------------------------------------------- cost weight
def _winner(weight):
    rest = {"functional_modules": 0.35, "industry_fit": 0.25, "architecture": 0.20}
    weights = {c: v / 0.8 * (1 - weight) for c, v in rest.items()} | {"total_cost": weight}
    return selection.selection_matrix(weights=weights).index[0]


def test_cost_weight():
    right = next(step / 100 for step in range(101) if _winner(step / 100) == "small_business_cloud")
    assert _winner(right - 0.01) != "small_business_cloud"
    assert evaluate("ch06.cost_weight", right)[0] == "pass"
    status, message = evaluate("ch06.cost_weight", 0.20)
    assert status == "fail" and "default cost weight" in message
    assert "raise the weight" in evaluate("ch06.cost_weight", right - 0.05)[1]
    assert "find the smallest" in evaluate("ch06.cost_weight", right + 0.1)[1]
    assert "percentage" in evaluate("ch06.cost_weight", right * 100)[1]
    assert "should be a number" in evaluate("ch06.cost_weight", "a third")[1]


def test_wrong_messages_never_reveal_the_answer(orders):
    table = recommend.compare(orders, split="2024-10-01", k=2, item=("category", "channel"))
    right = table.loc["item-to-item", "hit_rate"] / table.loc["popularity", "hit_rate"]
    message = evaluate("ch06.recommender_lift", 1.0)[1]
    assert f"{right:.3f}" not in message and f"{right:.2f}" not in message
    tco = selection.total_cost_of_ownership(PROFILE)
    assert f"{tco:,.0f}" not in evaluate("ch06.tco", 1.0)[1]
