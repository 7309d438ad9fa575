"""Chapter 6 checks (the main exercise; the capstone has its own file): the solution passes,
the placeholder is not attempted, the typical mistakes of each task — written as a trainee
would write them, on the shipped data — get ✗ with a message naming that mistake, and right
answers written differently get ✓."""

import hashlib
import hmac

import numpy as np
import pytest
from check_answers import fails_with, has_cjk, passes

from course_lib import privacy, recommend, selection
from course_lib.checks import evaluate
from course_lib.checks.ch06 import SALT

pytestmark = pytest.mark.usefixtures("workspace")


@pytest.fixture(scope="module")
def safe(orders):
    return privacy.pseudonymise_columns(orders, ["customer_id"], salt=SALT)


TASKS = [
    "ch06.pseudonymise",
    "ch06.k_anonymity",
    "ch06.consent_audience",
    "ch06.tco",
    "ch06.recommender_lift",
    "ch06.cost_weight",
]


@pytest.mark.parametrize("task_id", TASKS)
def test_placeholder_is_not_attempted(task_id):
    assert evaluate(task_id, ...)[0] == "not attempted"


# ---------------------------------------------------------------------------- pseudonymise
def _hmac16(value):
    return hmac.new(SALT.encode(), value.encode(), hashlib.sha256).hexdigest()[:16]


def test_pseudonymise_right_answers(orders, safe):
    passes("ch06.pseudonymise", safe)
    passes(
        "ch06.pseudonymise", orders.assign(customer_id=privacy.pseudonymise(orders["customer_id"], salt=SALT))
    )
    by_hand = orders.copy()
    by_hand["customer_id"] = by_hand["customer_id"].map(_hmac16)
    passes("ch06.pseudonymise", by_hand)
    moved = orders.drop(columns="customer_id").assign(  # customer_id last
        customer_id=privacy.pseudonymise(list(orders["customer_id"]), salt=SALT)
    )
    passes("ch06.pseudonymise", moved)
    passes("ch06.pseudonymise", safe.sample(frac=1, random_state=0))  # rows in another order
    passes("ch06.pseudonymise", safe.set_index("order_id"))  # the key as the index


def test_pseudonymise_wrong_answers(orders, safe):
    plain = orders.assign(
        customer_id=orders["customer_id"].map(lambda v: hashlib.sha256(v.encode()).hexdigest()[:16])
    )
    fails_with("ch06.pseudonymise", plain, "unsalted SHA-256")
    salted = orders.assign(
        customer_id=orders["customer_id"].map(lambda v: hashlib.sha256((SALT + v).encode()).hexdigest()[:16])
    )
    fails_with("ch06.pseudonymise", salted, "hashes the salt and the id together")
    other_salt = privacy.pseudonymise_columns(orders, ["customer_id"], salt="some-other-salt-123")
    fails_with("ch06.pseudonymise", other_salt, "not the HMAC-SHA256 of `SALT`")
    random_codes = orders.assign(customer_id=[f"x{i}" for i in range(len(orders))])
    fails_with("ch06.pseudonymise", random_codes, "different codes in different orders")
    fails_with("ch06.pseudonymise", orders, "still holds the real ids")
    fails_with("ch06.pseudonymise", safe.iloc[:-5], "drop none")
    longer = privacy.pseudonymise_columns(orders, ["customer_id"], salt=SALT, length=32)
    fails_with("ch06.pseudonymise", longer, "keep the default 16")
    kept_too = orders.assign(customer_code=privacy.pseudonymise(orders["customer_id"], salt=SALT))
    fails_with("ch06.pseudonymise", kept_too, "went into a new column")
    renamed = safe.rename(columns={"customer_id": "customer_code"})
    fails_with("ch06.pseudonymise", renamed, "no `customer_id` column")
    everything = privacy.pseudonymise_columns(orders, ["customer_id", "order_id"], salt=SALT)
    fails_with("ch06.pseudonymise", everything, "`order_id` changed")
    fails_with("ch06.pseudonymise", safe.drop(columns="discount"), "missing: ['discount']")
    fails_with("ch06.pseudonymise", safe.assign(customer_id=safe["customer_id"].str.upper()), "in capitals")
    fails_with("ch06.pseudonymise", safe["customer_id"], "should be a pandas DataFrame")


# ----------------------------------------------------------------------------- k-anonymity
@pytest.fixture(scope="module")
def app(customers):
    from course_lib import data

    release = privacy.generalise(customers, as_of=data.AS_OF, age_width=10)
    return release[release["signup_channel"] == "app"]


def test_k_anonymity_right_answers(app):
    report = privacy.k_anonymity(app, ["gender", "age_band", "city_tier"])
    passes("ch06.k_anonymity", report.k)
    passes("ch06.k_anonymity", float(report.classes["size"].min()))
    passes(
        "ch06.k_anonymity", app.groupby(["city_tier", "gender", "age_band"], observed=True).size().min()
    )  # numpy int, by hand


def test_k_anonymity_wrong_answers(customers, app):
    from course_lib import data

    report = privacy.k_anonymity(app, ["gender", "age_band", "city_tier"])
    fails_with("ch06.k_anonymity", len(report.classes), "number of equivalence classes")
    fails_with("ch06.k_anonymity", int(report.classes["size"].max()), "largest class")
    fails_with("ch06.k_anonymity", privacy.k_anonymity(app, ["gender", "age_band"]).k, "city tier is missing")
    fails_with("ch06.k_anonymity", privacy.k_anonymity(app, ["age_band", "city_tier"]).k, "gender is missing")
    everyone = privacy.generalise(customers, as_of=data.AS_OF, age_width=10)
    fails_with(
        "ch06.k_anonymity",
        privacy.k_anonymity(everyone, ["gender", "age_band", "city_tier"]).k,
        "keep the app sign-ups only",
    )
    fails_with("ch06.k_anonymity", len(report.rows_at_risk), "rows in classes below 5")
    fails_with("ch06.k_anonymity", report.required_k, "the k you require")
    fails_with("ch06.k_anonymity", report.share_at_risk, "that is a share")
    fails_with("ch06.k_anonymity", report, "whole report")
    fails_with("ch06.k_anonymity", report.classes, "that is a table")


# --------------------------------------------------------------------------------- consent
def test_consent_audience_right_answers(customers):
    vip = customers[customers["membership_tier"].isin(["gold", "platinum"])]
    passes("ch06.consent_audience", len(privacy.filter_by_consent(vip, ["sms", "wechat"], require="any")))
    passes("ch06.consent_audience", (vip["consent_sms"] | vip["consent_wechat"]).sum())
    passes(
        "ch06.consent_audience",
        float(
            customers.query(
                "membership_tier in ['gold', 'platinum'] and (consent_sms or consent_wechat)"
            ).shape[0]
        ),
    )


def test_consent_audience_wrong_answers(customers):
    vip = customers[customers["membership_tier"].isin(["gold", "platinum"])]
    keep = privacy.filter_by_consent
    fails_with("ch06.consent_audience", len(vip), "whole planned audience")
    fails_with("ch06.consent_audience", len(keep(vip, "sms")), "SMS consent only")
    fails_with("ch06.consent_audience", len(keep(vip, ["sms", "wechat"])), "consented to both channels")
    fails_with(
        "ch06.consent_audience",
        len(keep(customers, ["sms", "wechat"], require="any")),
        "counts all customers",
    )
    gold = customers[customers["membership_tier"] == "gold"]
    fails_with(
        "ch06.consent_audience", len(keep(gold, ["sms", "wechat"], require="any")), "gold members only"
    )
    silver_up = customers[customers["membership_tier"] != "member"]
    fails_with(
        "ch06.consent_audience",
        len(keep(silver_up, ["sms", "wechat"], require="any")),
        "includes membership tier silver (银卡) members",
    )
    flags = ["sms", "wechat", "email", "phone"]
    fails_with("ch06.consent_audience", len(keep(vip, flags, require="any")), "any channel")
    fails_with(
        "ch06.consent_audience", int((~vip["consent_sms"] & ~vip["consent_wechat"]).sum()), "number left out"
    )
    fails_with("ch06.consent_audience", keep(vip, ["sms", "wechat"], require="any"), "store its size")
    fails_with("ch06.consent_audience", 290.5, "not a whole number")


# ------------------------------------------------------------------------------------- TCO
PROFILE = selection.CostProfile(
    users=50,
    licence_per_user_year=5_000,
    implementation=300_000,
    customisation=120_000,
    training_initial=60_000,
    training_per_year=15_000,
    operations_per_year=90_000,
)
ANNUITY = sum(1 / 1.08**t for t in range(1, 6))


def test_tco_right_answers():
    right = selection.total_cost_of_ownership(PROFILE, years=5, discount_rate=0.08)
    passes("ch06.tco", right)
    passes("ch06.tco", round(right, -3))  # nearest thousand
    by_hand = 300_000 + 120_000 + 60_000 + sum((50 * 5_000 + 15_000 + 90_000) / 1.08**t for t in range(1, 6))
    passes("ch06.tco", int(by_hand))
    passes("ch06.tco", selection.tco_table(PROFILE)["present_value"].sum())


def test_tco_wrong_answers():
    right = selection.total_cost_of_ownership(PROFILE, years=5, discount_rate=0.08)
    nominal = selection.tco_table(PROFILE, years=5, discount_rate=0.0)["total"].sum()
    fails_with("ch06.tco", nominal, "undiscounted sum")
    fails_with("ch06.tco", right - 480_000, "year 0")
    four = selection.total_cost_of_ownership(PROFILE, years=4, discount_rate=0.08)
    fails_with("ch06.tco", four, "four years")
    fails_with("ch06.tco", 480_000 + 110_000 * ANNUITY, "per user")
    fails_with("ch06.tco", 480_000 / 1.08 + 355_000 * ANNUITY, "do not discount them")
    fails_with("ch06.tco", right / 1e6, "not in millions")
    fails_with("ch06.tco", round(right / 1e6, 2), "not in millions")
    start_of_year = 480_000 + sum(355_000 / 1.08**t for t in range(0, 5))
    fails_with("ch06.tco", start_of_year, "start of each year")
    fails_with("ch06.tco", 480_000 + 400_000 * ANNUITY, "not ¥60,000 a year")
    fails_with("ch06.tco", 480_000 + sum(355_000 * 0.92**t for t in range(1, 6)), "0.92^t")
    fails_with("ch06.tco", 480_000 + sum(355_000 / 9**t for t in range(1, 6)), "went in as 8")
    rounded_factors = 480_000 + 355_000 * sum(round(1 / 1.08**t, 2) for t in range(1, 6))
    message = fails_with("ch06.tco", rounded_factors, "close, but not right")
    assert f"{right:,.0f}" not in message and f"{round(right, -3):,.0f}" not in message


# ----------------------------------------------------------------------------- recommender
@pytest.fixture(scope="module")
def hits(orders):
    return recommend.compare(orders, split="2024-10-01", k=2, item=("category", "channel"))


def test_recommender_lift_right_answers(orders, hits):
    right = hits.loc["item-to-item", "hit_rate"] / hits.loc["popularity", "hit_rate"]
    passes("ch06.recommender_lift", right)
    passes("ch06.recommender_lift", round(right, 2))
    rates = hits["hit_rate"].to_dict()
    passes("ch06.recommender_lift", rates["item-to-item"] / rates["popularity"])
    assert right > 1.5


def test_recommender_lift_wrong_answers(orders, hits):
    hit = hits["hit_rate"]
    right = hit["item-to-item"] / hit["popularity"]
    fails_with("ch06.recommender_lift", 1 / right, "popularity ÷ item-to-item")
    fails_with("ch06.recommender_lift", hit["item-to-item"] - hit["popularity"], "difference")
    precision = hits["precision_at_k"]
    fails_with("ch06.recommender_lift", precision["item-to-item"] / precision["popularity"], "precision@k")
    by_category = recommend.compare(orders, split="2024-10-01", k=2, item="category")["hit_rate"]
    fails_with(
        "ch06.recommender_lift",
        by_category["item-to-item"] / by_category["popularity"],
        "categories as items",
    )
    default_k = recommend.compare(orders, split="2024-10-01", item=("category", "channel"))["hit_rate"]
    fails_with("ch06.recommender_lift", default_k["item-to-item"] / default_k["popularity"], "k = 3")
    july = recommend.compare(orders, split="2024-07-01", k=2)["hit_rate"]
    fails_with("ch06.recommender_lift", july["item-to-item"] / july["popularity"], "2024-07-01")
    fails_with("ch06.recommender_lift", right - 1, "lift − 1")
    fails_with("ch06.recommender_lift", right * 100, "percentage")
    fails_with(
        "ch06.recommender_lift", round(precision["item-to-item"] / precision["popularity"], 2), "precision@k"
    )  # 1.99 also fits k = 1: both named
    message = fails_with("ch06.recommender_lift", 1.0, "not right to 2 decimals")
    assert f"{right:.3f}" not in message and f"{right:.2f}" not in message


# ----------------------------------------------------------------------------- cost weight
def _winner(weight, rescale=True):
    rest = {"functional_modules": 0.35, "industry_fit": 0.25, "architecture": 0.20}
    share = (1 - weight) / 0.8 if rescale else 1.0
    weights = {c: v * share for c, v in rest.items()} | {"total_cost": weight}
    return selection.selection_matrix(weights=weights).index[0]


@pytest.fixture(scope="module")
def right_weight():
    return next(step / 100 for step in range(101) if _winner(step / 100) == "small_business_cloud")


def test_cost_weight_right_answers(right_weight):
    assert _winner(right_weight - 0.01) != "small_business_cloud"
    passes("ch06.cost_weight", right_weight)
    found = next(w for w in np.arange(0.25, 1.01, 0.01) if _winner(w) == "small_business_cloud")
    passes("ch06.cost_weight", found)  # 0.33000000000000002 from arange
    passes("ch06.cost_weight", round(right_weight * 100) / 100)
    passes("ch06.cost_weight", 0.325)  # between two steps: either neighbour


def test_cost_weight_wrong_answers(right_weight):
    right = right_weight
    fails_with("ch06.cost_weight", 0.20, "default cost weight")
    fails_with("ch06.cost_weight", right - 0.05, "raise the weight")
    fails_with("ch06.cost_weight", right + 0.1, "find the smallest")
    fails_with("ch06.cost_weight", right * 100, "percentage")
    fails_with("ch06.cost_weight", 1 - right, "1 − w")
    unscaled = next(
        s / 100 for s in range(30, 101) if _winner(s / 100, rescale=False) == "small_business_cloud"
    )
    fails_with("ch06.cost_weight", unscaled, "left at 0.35, 0.25 and 0.20")
    fails_with("ch06.cost_weight", "a third", "should be a number")


# ------------------------------------------------------------------------------ in Chinese


def test_in_chinese_unfilled_and_solution(chinese):
    status, message = evaluate("ch06.tco", ...)
    assert status == "not attempted" and "尚未作答" in message
    right = selection.total_cost_of_ownership(PROFILE, years=5, discount_rate=0.08)
    assert passes("ch06.tco", right) == "✓ ch06.tco — 报价方案的五年总拥有成本：正确。"


def test_in_chinese_wrong_answers_name_the_mistake(chinese, customers):
    right = selection.total_cost_of_ownership(PROFILE, years=5, discount_rate=0.08)
    nominal = selection.tco_table(PROFILE, years=5, discount_rate=0.0)["total"].sum()
    vip = customers[customers["membership_tier"].isin(["gold", "platinum"])]
    for task_id, answer, phrase in [
        ("ch06.tco", nominal, "未折现的合计"),
        ("ch06.tco", right / 1e6, "不要以百万元为单位"),
        ("ch06.consent_audience", len(vip), "计划中的全部受众"),
        ("ch06.cost_weight", 0.20, "默认的成本权重"),
    ]:
        message = fails_with(task_id, answer, phrase)
        assert has_cjk(message.split(" — ", 1)[1]), message


def test_in_chinese_hints(chinese, capsys):
    from course_lib.checks import hint

    hint("ch06.tco", 1)
    shown = capsys.readouterr().out
    assert shown.startswith("ch06.tco 的提示 1/2：把这份报价写成一个 `selection.CostProfile`") and has_cjk(
        shown
    )
