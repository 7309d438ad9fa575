"""Chapter 2 checks: the solution passes, the placeholder is not attempted, typical mistakes
get their specific hint."""

import numpy as np
import pandas as pd
import pytest

from course_lib import rfm, segmentation
from course_lib.checks import evaluate
from course_lib.checks import ch02

TASKS = ["ch02.never_bought", "ch02.rfm_by_hand", "ch02.r_score", "ch02.value_tier",
         "ch02.top18_share", "ch02.wakeup_uplift", "ch02.segment_profile", "ch02.contact_plan"]


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


@pytest.fixture(scope="module")
def rfm_all(orders):
    from course_lib import data

    return rfm.rfm_table(orders, as_of=data.AS_OF)


def _fails_with(task_id, answer, text):
    status, message = evaluate(task_id, answer)
    assert status == "fail", message
    assert text in message, message


@pytest.mark.parametrize("task_id", TASKS)
def test_placeholder_is_not_attempted(task_id):
    assert evaluate(task_id, ...)[0] == "not attempted"


@pytest.mark.parametrize("task_id", ["ch02.r_score", "ch02.value_tier"])
def test_function_with_an_unfilled_body_is_not_attempted(task_id):
    def unfilled(values):
        ...
    assert evaluate(task_id, unfilled)[0] == "not attempted"


def test_never_bought(orders, customers):
    answer = int((~customers["customer_id"].isin(orders["customer_id"])).sum())
    assert evaluate("ch02.never_bought", answer)[0] == "pass"
    _fails_with("ch02.never_bought", orders["customer_id"].nunique(), "number of buyers")
    _fails_with("ch02.never_bought", answer / len(customers), "that is a share")
    _fails_with("ch02.never_bought", answer + 7, "is not the count")


def _by_hand(orders, as_of, amount="amount", frequency="size"):
    g = orders.groupby("customer_id")
    count = g.size() if frequency == "size" else g["order_date"].nunique()
    return pd.DataFrame({"recency_days": (pd.Timestamp(as_of) - g["order_date"].max()).dt.days,
                         "frequency": count, "monetary": g[amount].sum()})


def test_rfm_by_hand(orders, rfm_all):
    assert evaluate("ch02.rfm_by_hand", _by_hand(orders, "2025-01-01"))[0] == "pass"
    assert evaluate("ch02.rfm_by_hand", rfm_all.reset_index())[0] == "pass"
    _fails_with("ch02.rfm_by_hand", _by_hand(orders, "2024-12-31"), "one day short")
    _fails_with("ch02.rfm_by_hand", _by_hand(orders, "2025-01-01", amount="gross_amount"),
                "gross amount before discounts")
    _fails_with("ch02.rfm_by_hand", _by_hand(orders, "2025-01-01").drop(columns="monetary"),
                "columns ['monetary'] are missing")
    if (orders.groupby("customer_id")["order_date"].nunique() != orders.groupby("customer_id").size()).any():
        _fails_with("ch02.rfm_by_hand", _by_hand(orders, "2025-01-01", frequency="days"),
                    "counts distinct order days")
    _fails_with("ch02.rfm_by_hand", _by_hand(orders, "2025-01-01").iloc[:-3], "one row per buyer")
    _fails_with("ch02.rfm_by_hand", [1, 2, 3], "should be a pandas DataFrame")


def test_r_score():
    def right(recency_days):
        return pd.qcut(recency_days.rank(method="first"), 5, labels=[5, 4, 3, 2, 1]).astype(int)

    def reversed_labels(recency_days):
        return pd.qcut(recency_days.rank(method="first"), 5, labels=[1, 2, 3, 4, 5]).astype(int)

    def fixed_cuts(recency_days):
        return pd.cut(recency_days, [-1, 30, 60, 90, 180, np.inf], labels=[5, 4, 3, 2, 1]).astype(int)

    assert evaluate("ch02.r_score", right)[0] == "pass"
    _fails_with("ch02.r_score", reversed_labels, "reverse the labels")
    _fails_with("ch02.r_score", fixed_cuts, "check your quantile edges")
    _fails_with("ch02.r_score", lambda r: r.rank(pct=True), "integers 1 to 5")
    _fails_with("ch02.r_score", 5, "should be a function")


def test_value_tier():
    def right(monetary):
        return pd.qcut(monetary.rank(method="first"), [0, .5, .8, .95, 1], labels=["铁", "铜", "白银", "金钻"])

    def reversed_labels(monetary):
        return pd.qcut(monetary.rank(method="first"), [0, .5, .8, .95, 1], labels=["金钻", "白银", "铜", "铁"])

    def quartiles(monetary):
        return pd.qcut(monetary.rank(method="first"), 4, labels=["铁", "铜", "白银", "金钻"])

    def english(monetary):
        return pd.qcut(monetary.rank(method="first"), [0, .5, .8, .95, 1], labels=["iron", "bronze", "silver", "diamond"])

    assert evaluate("ch02.value_tier", right)[0] == "pass"
    _fails_with("ch02.value_tier", reversed_labels, "biggest spenders got 铁")
    _fails_with("ch02.value_tier", quartiles, "tier sizes are off")
    _fails_with("ch02.value_tier", english, "use the labels")


def test_top18_share(rfm_all):
    share = rfm.concentration(rfm_all["monetary"], top=0.18)
    assert evaluate("ch02.top18_share", share)[0] == "pass"
    top = rfm_all["monetary"].sort_values(ascending=False)
    cut = top.iloc[: round(0.18 * len(top))].sum() / top.sum()    # a plain head() also passes
    assert evaluate("ch02.top18_share", cut)[0] == "pass"
    _fails_with("ch02.top18_share", share * 100, "looks like a percentage")
    bottom = top.iloc[-round(0.18 * len(top)):].sum() / top.sum()
    _fails_with("ch02.top18_share", bottom, "bottom 18 %")
    _fails_with("ch02.top18_share", share - 0.1, "is not the top 18 %")


def test_wakeup_uplift():
    contacts = ch02.wakeup_contacts()
    rates = contacts.groupby("group")["converted"].mean()
    uplift = rates["treatment"] - rates["control"]
    assert evaluate("ch02.wakeup_uplift", uplift)[0] == "pass"
    _fails_with("ch02.wakeup_uplift", rates["treatment"], "treatment group's reactivation rate")
    _fails_with("ch02.wakeup_uplift", uplift * 100, "percentage points")
    _fails_with("ch02.wakeup_uplift", -uplift, "sign is reversed")


def test_segment_profile(orders, rfm_all):
    rfm_mid = rfm.rfm_table(orders, as_of="2024-07-01")
    churned = segmentation.churn_next_period(orders, as_of="2024-07-01", days=184)
    labels = segmentation.cluster(rfm_mid, k=4, seed=0)
    assert evaluate("ch02.segment_profile", segmentation.profile(rfm_mid, labels, churned=churned))[0] == "pass"
    _fails_with("ch02.segment_profile", segmentation.profile(rfm_mid, labels), "pass `churned=`")
    late = segmentation.churn_next_period(orders, as_of="2024-07-01", days=60)
    _fails_with("ch02.segment_profile", segmentation.profile(rfm_mid, labels, churned=late), "days=184")
    many = segmentation.cluster(rfm_mid, k=8, seed=0)
    _fails_with("ch02.segment_profile", segmentation.profile(rfm_mid, many, churned=churned), "choose k from 3 to 6")
    whole = segmentation.profile(rfm_all, segmentation.cluster(rfm_all, k=4, seed=0),
                                 churned=pd.Series(False, index=rfm_all.index))
    _fails_with("ch02.segment_profile", whole, "take RFM as of 2024-07-01")


def _solution_plan():
    table = ch02.eligible_for_contact()
    plan = segmentation.contact_plan(table[table["consent"]], budget=ch02.BUDGET)
    return list(plan.index), table


def test_contact_plan():
    ids, table = _solution_plan()
    assert evaluate("ch02.contact_plan", ids)[0] == "pass"
    assert evaluate("ch02.contact_plan", pd.Index(ids))[0] == "pass"
    _fails_with("ch02.contact_plan", ids + ids[:1], "more than once")
    sleeper = table.index[table["segment"] == "hibernating"][0]
    _fails_with("ch02.contact_plan", ids[:-1] + [sleeper], "hibernating or regular")
    no_consent = table.index[~table["consent"] & ~table["segment"].isin(["hibernating", "regular"])][0]
    _fails_with("ch02.contact_plan", ids[:-1] + [no_consent], "never agreed to be contacted")
    everyone = list(segmentation.contact_plan(table[table["consent"]]).index)
    _fails_with("ch02.contact_plan", everyone, "over the ¥3,000 budget")
    _fails_with("ch02.contact_plan", ids[: len(ids) // 3], "spends only")
    _fails_with("ch02.contact_plan", ["NOPE"], "not buyers")
    _fails_with("ch02.contact_plan", "C00001", "should be a list of customer ids")
