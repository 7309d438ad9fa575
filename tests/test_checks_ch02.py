"""Chapter 2 checks on the course's own data: the solution passes, the placeholder is not
attempted, the mistakes trainees really make get ✗ with a message that names them, and right
answers written another way (another idiom, ties broken otherwise, English labels, a value
rounded to the stated precision) get ✓."""

import numpy as np
import pandas as pd
import pytest
from check_answers import fails_with, has_cjk, passes

from course_lib import rfm, segmentation
from course_lib.checks import ch02, evaluate

pytestmark = pytest.mark.usefixtures("workspace")

TASKS = [
    "ch02.never_bought",
    "ch02.rfm_by_hand",
    "ch02.r_score",
    "ch02.value_tier",
    "ch02.top18_share",
    "ch02.wakeup_uplift",
    "ch02.segment_profile",
    "ch02.contact_plan",
    "ch02.tier_plan",
]
TIERS = ["铁", "铜", "白银", "金钻"]  # lowest quantile first, as qcut wants them


@pytest.fixture(scope="module")
def campaigns():
    from course_lib import data

    return data.load_campaigns()


@pytest.fixture(scope="module")
def rfm_all(orders):
    from course_lib import data

    return rfm.rfm_table(orders, as_of=data.AS_OF)


@pytest.mark.parametrize("task_id", TASKS)
def test_placeholder_is_not_attempted(task_id):
    assert evaluate(task_id, ...)[0] == "not attempted"


@pytest.mark.parametrize("task_id", ["ch02.r_score", "ch02.value_tier"])
def test_function_with_an_unfilled_body_is_not_attempted(task_id):
    def unfilled(values): ...

    assert evaluate(task_id, unfilled)[0] == "not attempted"


# ------------------------------------------------------------------------------ 2.1
def test_never_bought_right_answers(orders, customers):
    answer = int((~customers["customer_id"].isin(orders["customer_id"].unique())).sum())
    passes("ch02.never_bought", answer)
    passes("ch02.never_bought", float(answer))
    passes("ch02.never_bought", len(set(customers["customer_id"]) - set(orders["customer_id"])))
    passes("ch02.never_bought", customers["customer_id"].nunique() - orders["customer_id"].nunique())
    merged = customers.merge(orders, on="customer_id", how="left")
    passes("ch02.never_bought", int(merged["order_id"].isna().sum()))


def test_never_bought_mistakes(orders, customers, rfm_all):
    answer = int((~customers["customer_id"].isin(orders["customer_id"])).sum())
    fails_with("ch02.never_bought", orders["customer_id"].nunique(), "number of buyers")
    fails_with(
        "ch02.never_bought",
        int((~customers["customer_id"].isin(orders)).sum()),
        "`isin(orders)` looks at the column NAMES",
    )
    fails_with(
        "ch02.never_bought",
        int((~orders["customer_id"].isin(customers["customer_id"])).sum()),
        "Turn it round",
    )
    fails_with("ch02.never_bought", answer / len(customers), "that is a share")
    fails_with("ch02.never_bought", len(customers) - len(orders), "mixes two units")
    fails_with("ch02.never_bought", int((rfm_all["frequency"] == 1).sum()), "exactly one order")
    fails_with(
        "ch02.never_bought",
        customers[~customers["customer_id"].isin(orders["customer_id"])],
        "store HOW MANY",
    )
    message = fails_with("ch02.never_bought", answer + 3, "close, but not right")
    assert str(answer) not in message
    fails_with("ch02.never_bought", answer * 2, "is not the count")


# ------------------------------------------------------------------------------ 2.2
def _by_hand(orders, as_of="2025-01-01", last="max", amount="amount", frequency="size"):
    g = orders.groupby("customer_id")
    count = g.size() if frequency == "size" else g["order_date"].nunique()
    return pd.DataFrame(
        {
            "recency_days": (pd.Timestamp(as_of) - g["order_date"].agg(last)).dt.days,
            "frequency": count,
            "monetary": g[amount].sum(),
        }
    )


def test_rfm_by_hand_right_answers(orders, rfm_all):
    passes("ch02.rfm_by_hand", _by_hand(orders))
    passes("ch02.rfm_by_hand", rfm_all.reset_index())  # id as a column
    named = orders.groupby("customer_id").agg(
        recency_days=("order_date", lambda d: (pd.Timestamp("2025-01-01") - d.max()).days),
        frequency=("order_id", "count"),
        monetary=("amount", "sum"),
    )
    passes("ch02.rfm_by_hand", named)
    tidy = _by_hand(orders)[["monetary", "frequency", "recency_days"]].astype(float).round(2)
    passes("ch02.rfm_by_hand", tidy.sample(frac=1, random_state=0))  # floats, rounded, shuffled


def test_rfm_by_hand_mistakes(orders, customers):
    right = _by_hand(orders)
    fails_with("ch02.rfm_by_hand", _by_hand(orders, as_of="2024-12-31"), "one day short")
    fails_with("ch02.rfm_by_hand", _by_hand(orders, as_of="2026-03-01"), "off by the same +424 days")
    fails_with("ch02.rfm_by_hand", _by_hand(orders, last="min"), "FIRST order")
    timedelta = right.assign(
        recency_days=pd.Timestamp("2025-01-01") - orders.groupby("customer_id")["order_date"].max()
    )
    fails_with("ch02.rfm_by_hand", timedelta, "time spans")
    fails_with("ch02.rfm_by_hand", _by_hand(orders, amount="gross_amount"), "gross amount before discounts")
    fails_with(
        "ch02.rfm_by_hand",
        right.assign(monetary=orders.groupby("customer_id")["amount"].mean()),
        "mean order value",
    )
    fails_with("ch02.rfm_by_hand", right.assign(monetary=right["monetary"].round(0)), "keep the cents")
    fails_with("ch02.rfm_by_hand", _by_hand(orders, frequency="days"), "counts distinct order days")
    everyone = customers[["customer_id"]].merge(right.reset_index(), on="customer_id", how="left")
    fails_with("ch02.rfm_by_hand", everyone, "including those who never bought")
    fails_with("ch02.rfm_by_hand", right.drop(columns="monetary"), "columns ['monetary'] are missing")
    fails_with("ch02.rfm_by_hand", right.iloc[:-3], "one row per buyer")
    fails_with("ch02.rfm_by_hand", [1, 2, 3], "should be a pandas DataFrame")


# ------------------------------------------------------------------------------ 2.3
RIGHT_R = {
    "solution": lambda r: pd.qcut(r.rank(method="first"), 5, labels=[5, 4, 3, 2, 1]).astype(int),
    "qcut on the values (ties kept together)": lambda r: pd.qcut(r, 5, labels=[5, 4, 3, 2, 1]).astype(int),
    "qcut of minus recency": lambda r: pd.qcut(-r, 5, labels=[1, 2, 3, 4, 5]).astype(int),
    "labels=False then 5 minus": lambda r: 5 - pd.qcut(r.rank(method="first"), 5, labels=False),
    "ceil of the descending percentile, floats": lambda r: np.ceil(r.rank(ascending=False, pct=True) * 5),
    "a categorical, sorted by score": lambda r: pd.qcut(
        r.rank(method="min"), 5, labels=[5, 4, 3, 2, 1]
    ).sort_values(),
    "quantile edges with pd.cut": lambda r: pd.cut(
        r, r.quantile([0, 0.2, 0.4, 0.6, 0.8, 1]).to_numpy(), include_lowest=True, labels=[5, 4, 3, 2, 1]
    ).astype(int),
    "the library's R": lambda r: rfm.rfm_scores(
        pd.DataFrame({"recency_days": r, "frequency": 1, "monetary": 1.0})
    )["R"],
    "a NumPy array": lambda r: (
        pd.qcut(r.rank(method="first"), 5, labels=[5, 4, 3, 2, 1]).astype(int).to_numpy()
    ),
}


@pytest.mark.parametrize("name", RIGHT_R)
def test_r_score_right_answers(name):
    passes("ch02.r_score", RIGHT_R[name])


def test_r_score_mistakes():
    def equal_width(recency_days):  # the reviewer's case: 2,366/723/431/400/277
        return pd.cut(recency_days, 5, labels=[5, 4, 3, 2, 1]).astype(int)

    def fixed_cuts(recency_days):
        return pd.cut(recency_days, [-1, 30, 60, 90, 180, np.inf], labels=[5, 4, 3, 2, 1]).astype(int)

    def cuts_that_miss(recency_days):
        return pd.cut(recency_days, [0, 30, 60, 90, 180, 365], labels=[5, 4, 3, 2, 1])

    def reversed_labels(recency_days):
        return pd.qcut(recency_days.rank(method="first"), 5, labels=[1, 2, 3, 4, 5]).astype(int)

    def group_numbers(recency_days):
        return pd.qcut(recency_days.rank(method="first"), 5, labels=False)

    def quartiles(recency_days):
        return pd.qcut(recency_days.rank(method="first"), 4, labels=[4, 3, 2, 1]).astype(int)

    def takes_the_table(rfm_table):
        return pd.qcut(rfm_table["recency_days"].rank(method="first"), 5, labels=[5, 4, 3, 2, 1]).astype(int)

    message = fails_with("ch02.r_score", equal_width, "equal RANGES of days")
    assert "2,366 / 723 / 431 / 400 / 277" in message
    fails_with("ch02.r_score", fixed_cuts, "not by ranges of days")
    fails_with("ch02.r_score", cuts_that_miss, "got no score (NaN)")
    fails_with("ch02.r_score", reversed_labels, "reverse the labels")
    fails_with("ch02.r_score", group_numbers, "run from 0 to 4")
    fails_with("ch02.r_score", quartiles, "FIVE groups")
    fails_with("ch02.r_score", lambda r: r.rank(pct=True), "percentile ranks")
    fails_with("ch02.r_score", lambda r: r.rank(method="first").astype(int), "integers 1 to 5")
    fails_with("ch02.r_score", takes_the_table, "raised KeyError")
    fails_with("ch02.r_score", lambda r: reversed_labels(r).astype(str), "as text")
    fails_with("ch02.r_score", 5, "should be a function")


# ------------------------------------------------------------------------------ 2.4
EDGES = ch02.tier_edges()  # [0, .3, .6, .82, 1]: rfm.TIER_CUTOFFS from the bottom

RIGHT_TIER = {
    "solution": lambda m: pd.qcut(m.rank(method="first"), EDGES, labels=TIERS),
    "qcut on the values": lambda m: pd.qcut(m, EDGES, labels=TIERS),
    "English names": lambda m: pd.qcut(
        m.rank(method="first"), EDGES, labels=["Iron", "Bronze", "Silver", "Diamond"]
    ),
    "the library's keys": lambda m: rfm.value_tiers(pd.DataFrame({"monetary": m})),
    "np.select on the percentile": lambda m: pd.Series(
        np.select(
            [m.rank(pct=True) > 0.82, m.rank(pct=True) > 0.6, m.rank(pct=True) > 0.3],
            ["金钻", "白银", "铜"],
            default="铁",
        ),
        index=m.index,
    ),
    "a plain list": lambda m: list(pd.qcut(m.rank(method="first"), EDGES, labels=TIERS).astype(str)),
}


def test_value_tier_edges_are_the_course_thresholds():
    assert EDGES == [0.0, 0.3, 0.6, 0.82, 1.0]
    assert np.allclose(1 - np.array(EDGES[1:4])[::-1], rfm.TIER_CUTOFFS)


@pytest.mark.parametrize("name", RIGHT_TIER)
def test_value_tier_right_answers(name):
    passes("ch02.value_tier", RIGHT_TIER[name])


def test_value_tier_mistakes():
    def with_edges(edges, labels=TIERS):
        return lambda monetary: pd.qcut(monetary.rank(method="first"), edges, labels=labels)

    fails_with("ch02.value_tier", with_edges(EDGES, TIERS[::-1]), "biggest spenders got 铁")
    fails_with("ch02.value_tier", with_edges(4), "quartiles")
    fails_with("ch02.value_tier", lambda m: pd.cut(m, 4, labels=TIERS), "equal RANGES of money")
    fails_with("ch02.value_tier", with_edges([0, 0.18, 0.4, 0.7, 1]), "read from the top")
    fails_with(
        "ch02.value_tier", with_edges([0, 0.5, 0.8, 0.95, 1]), "金钻 is the top 18 %, 白银 the next 22 %"
    )
    fails_with(
        "ch02.value_tier", lambda m: pd.cut(m, [0, 800, 2500, 6000, np.inf], labels=TIERS), "tiers hold"
    )
    fails_with(
        "ch02.value_tier", with_edges(EDGES, ["铁", "白银", "铜", "金钻"]), "tiers must rise with spend"
    )
    fails_with("ch02.value_tier", with_edges(EDGES, False), "returned group numbers")
    fails_with(
        "ch02.value_tier", with_edges(EDGES, ["member", "silver", "gold", "platinum"]), "MEMBERSHIP tiers"
    )
    fails_with(
        "ch02.value_tier", with_edges(EDGES, ["Bronze", "Silver", "Gold", "Platinum"]), "MEMBERSHIP tiers"
    )
    fails_with("ch02.value_tier", with_edges(EDGES, ["D", "C", "B", "A"]), "use the tier labels")


# ------------------------------------------------------------------------------ 2.5
def test_top18_share(rfm_all, orders):
    share = rfm.concentration(rfm_all["monetary"], top=0.18)
    top = rfm_all["monetary"].sort_values(ascending=False)
    n = round(0.18 * len(top))
    passes("ch02.top18_share", share)
    passes("ch02.top18_share", top.iloc[:n].sum() / top.sum())  # a plain head()
    passes("ch02.top18_share", top.head(int(np.ceil(0.18 * len(top)))).sum() / top.sum())
    m = rfm_all["monetary"]
    passes("ch02.top18_share", m[m >= m.quantile(0.82)].sum() / m.sum())
    passes("ch02.top18_share", round(share, 2))  # the stated precision
    fails_with("ch02.top18_share", share * 100, "looks like a percentage")
    fails_with("ch02.top18_share", top.iloc[-n:].sum() / top.sum(), "bottom 18 %")
    with_non_buyers = pd.concat([m, pd.Series(0.0, index=range(803))]).sort_values(ascending=False)
    fails_with("ch02.top18_share", with_non_buyers.head(900).sum() / m.sum(), "counts non-buyers")
    fails_with("ch02.top18_share", top.head(18).sum() / top.sum(), "top 18 CUSTOMERS")
    amounts = orders["amount"]
    fails_with(
        "ch02.top18_share",
        amounts.nlargest(round(0.18 * len(amounts))).sum() / amounts.sum(),
        "ranks single ORDERS",
    )
    fails_with("ch02.top18_share", top.iloc[:n].sum(), "amount of money")
    message = fails_with(
        "ch02.top18_share", rfm.concentration(m, top=0.20), "close, but not right to 2 decimals"
    )
    assert f"{share:.2f}" not in message


# ------------------------------------------------------------------------------ 2.6
def test_wakeup_uplift(campaigns):
    contacts = ch02.wakeup_contacts()
    rates = contacts.groupby("group")["converted"].mean()
    uplift = rates["treatment"] - rates["control"]
    passes("ch02.wakeup_uplift", uplift)
    passes("ch02.wakeup_uplift", round(uplift, 3))
    passes(
        "ch02.wakeup_uplift",
        rfm.offer_results(contacts, contact_cost=0.5, offer_cost=25.0).loc["uplift", "reactivation"],
    )
    fails_with("ch02.wakeup_uplift", rates["treatment"], "treatment group's reactivation rate")
    fails_with("ch02.wakeup_uplift", rates["control"], "control group's rate")
    fails_with("ch02.wakeup_uplift", uplift * 100, "percentage points")
    fails_with("ch02.wakeup_uplift", -uplift, "sign is reversed")
    responded = contacts.groupby("group")["responded"].mean()
    fails_with("ch02.wakeup_uplift", responded["treatment"] - responded["control"], "uses `responded`")
    fails_with("ch02.wakeup_uplift", rates["treatment"] / rates["control"], "ratio")
    fails_with("ch02.wakeup_uplift", contacts["converted"].mean(), "both groups together")
    every = campaigns.groupby("group")["converted"].mean()
    fails_with("ch02.wakeup_uplift", every["treatment"] - every["control"], "every campaign")
    message = fails_with("ch02.wakeup_uplift", round(uplift, 3) + 0.002, "close, but not right to 3 decimals")
    assert f"{uplift:.3f}" not in message


# ------------------------------------------------------------------------------ 2.7
@pytest.fixture(scope="module")
def mid(orders):
    rfm_mid = rfm.rfm_table(orders, as_of="2024-07-01")
    churned = segmentation.churn_next_period(orders, as_of="2024-07-01", days=184)
    return rfm_mid, churned, segmentation.cluster(rfm_mid, k=4, seed=0)


def test_segment_profile_right_answers(mid):
    rfm_mid, churned, labels = mid
    status, message = evaluate("ch02.segment_profile", segmentation.profile(rfm_mid, labels, churned=churned))
    assert status == "pass" and "instructor's rubric" in message, message
    other = segmentation.cluster(rfm_mid, k=6, seed=7, features=["frequency", "monetary"])
    passes("ch02.segment_profile", segmentation.profile(rfm_mid, other, churned=churned))
    by_hand = (
        rfm_mid.assign(cluster=labels, churned=churned)
        .groupby("cluster")
        .agg(
            customers=("monetary", "size"),
            revenue=("monetary", "sum"),
            recency_days=("recency_days", "mean"),
            frequency=("frequency", "mean"),
            monetary=("monetary", "mean"),
            churn_rate=("churned", "mean"),
        )
    )
    by_hand["revenue_share"] = by_hand["revenue"] / by_hand["revenue"].sum()
    passes("ch02.segment_profile", by_hand.iloc[::-1])  # own groupby, other order


def test_segment_profile_mistakes(orders, rfm_all, mid):
    rfm_mid, churned, labels = mid
    profile = segmentation.profile
    fails_with("ch02.segment_profile", profile(rfm_mid, labels), "pass `churned=`")
    default = segmentation.churn_next_period(orders, as_of="2024-07-01")  # 180 days
    fails_with("ch02.segment_profile", profile(rfm_mid, labels, churned=default), "days=184")
    fails_with(
        "ch02.segment_profile", profile(rfm_mid, labels, churned=rfm_mid["recency_days"] > 180), "look BACK"
    )
    fails_with("ch02.segment_profile", profile(rfm_mid, labels, churned=~churned), "reversed")
    many = segmentation.cluster(rfm_mid, k=8, seed=0)
    fails_with("ch02.segment_profile", profile(rfm_mid, many, churned=churned), "choose k from 3 to 6")
    rules = rfm.segment(rfm.rfm_scores(rfm_mid))
    fails_with("ch02.segment_profile", profile(rfm_mid, rules, churned=churned), "rule-based RFM segments")
    whole = profile(
        rfm_all,
        pd.qcut(rfm_all["monetary"].rank(method="first"), 4, labels=False),
        churned=pd.Series(False, index=rfm_all.index),
    )
    fails_with("ch02.segment_profile", whole, "take RFM as of 2024-07-01")
    day_early = rfm.rfm_table(orders, as_of="2024-06-30")
    fails_with(
        "ch02.segment_profile",
        profile(
            day_early,
            pd.qcut(day_early["monetary"].rank(method="first"), 4, labels=False),
            churned=segmentation.churn_next_period(orders, as_of="2024-06-30", days=184),
        ),
        "bought before 2024-07-01",
    )
    gross = rfm.rfm_table(orders, as_of="2024-07-01", amount="gross_amount")
    fails_with("ch02.segment_profile", profile(gross, labels, churned=churned), "monetary is not the spend")
    table = profile(rfm_mid, labels, churned=churned)
    fails_with("ch02.segment_profile", table.T, "turned on its side")
    fails_with("ch02.segment_profile", table.assign(churn_rate=table["churn_rate"] * 100), "0.35, not 35")


# ------------------------------------------------------------------------------ 2.8
@pytest.fixture(scope="module")
def plan_parts(rfm_all, customers):
    """The notebook's scored buyers, their consent to their segment's channel, and the
    eligible (consenting, non-automated) customers with priority and cost."""
    scores = rfm.rfm_scores(rfm_all)
    scores["segment"] = rfm.segment(scores).astype(str)
    channel = rfm.SEGMENTS.loc[scores["segment"], "channel"].to_numpy()
    consent = customers.set_index("customer_id")
    allowed = np.array(
        [
            True if ch not in ch02.CONSENT else bool(consent.at[cid, ch02.CONSENT[ch]])
            for cid, ch in zip(scores.index, channel)
        ]
    )
    eligible = scores[allowed].join(rfm.SEGMENTS[["priority", "cost"]], on="segment")
    eligible = eligible[~eligible["segment"].isin(ch02.AUTOMATED)]
    return scores, allowed, eligible


def _within_budget(ordered):
    return list(ordered[ordered["cost"].cumsum() <= ch02.BUDGET].index)


def test_contact_plan_right_answers(plan_parts):
    scores, allowed, eligible = plan_parts
    plan = segmentation.contact_plan(scores[allowed], budget=ch02.BUDGET)
    passes("ch02.contact_plan", list(plan.index))
    passes("ch02.contact_plan", plan)  # the plan table itself
    passes("ch02.contact_plan", set(plan.index))
    passes("ch02.contact_plan", pd.Series(scores.index.isin(plan.index), index=scores.index))
    shuffled = eligible.sample(frac=1, random_state=1)  # ties in another order
    by_hand = shuffled.sort_values(["priority", "score"], ascending=[True, False], kind="stable")
    passes("ch02.contact_plan", _within_budget(by_hand))
    left, greedy = ch02.BUDGET, []
    for cid, row in by_hand.iterrows():  # skip who does not fit
        if row["cost"] <= left:
            greedy.append(cid)
            left -= row["cost"]
    passes("ch02.contact_plan", greedy)


def test_contact_plan_mistakes(plan_parts, customers):
    scores, allowed, eligible = plan_parts
    plan = list(segmentation.contact_plan(scores[allowed], budget=ch02.BUDGET).index)
    fails_with("ch02.contact_plan", plan + plan[:1], "more than once")
    sleeper = scores.index[scores["segment"] == "hibernating"][0]
    fails_with("ch02.contact_plan", plan[:-1] + [sleeper], "hibernating or regular")
    fails_with(
        "ch02.contact_plan",
        list(segmentation.contact_plan(scores, budget=ch02.BUDGET).index),
        "never agreed to be contacted",
    )
    sms_only = customers.set_index("customer_id")["consent_sms"].reindex(scores.index).to_numpy()
    fails_with(
        "ch02.contact_plan",
        list(segmentation.contact_plan(scores[sms_only], budget=ch02.BUDGET).index),
        "consent column of THAT channel",
    )
    fails_with(
        "ch02.contact_plan", list(segmentation.contact_plan(scores[allowed]).index), "over the ¥3,000 budget"
    )
    lowest_first = eligible.sort_values(["priority", "score"], ascending=[True, True])
    fails_with("ch02.contact_plan", _within_budget(lowest_first), "the higher combined score goes first")
    by_spend = eligible.sort_values(["priority", "monetary"], ascending=[True, False])
    fails_with("ch02.contact_plan", _within_budget(by_spend), "the higher combined score goes first")
    by_score = eligible.sort_values("score", ascending=False)
    fails_with("ch02.contact_plan", _within_budget(by_score), "fill the list in priority order")
    backwards = eligible.sort_values(["priority", "score"], ascending=[False, False])
    fails_with("ch02.contact_plan", _within_budget(backwards), "fill the list in priority order")
    ordered = eligible.sort_values(["priority", "score"], ascending=[True, False])
    fails_with(
        "ch02.contact_plan",
        list(ordered[ordered["cost"].cumsum() < ch02.BUDGET].index),
        "at or under the budget",
    )
    everyone = scores.copy()
    cut_first = segmentation.contact_plan(everyone, budget=ch02.BUDGET).index
    fails_with(
        "ch02.contact_plan",
        [c for c in cut_first if allowed[scores.index.get_loc(c)]],
        "cut BEFORE the customers without consent were dropped",
    )
    fails_with("ch02.contact_plan", plan[: len(plan) // 3], "still fits")
    fails_with("ch02.contact_plan", ["NOPE"], "not buyers")
    fails_with("ch02.contact_plan", "C00001", "should be a list of customer ids")


def test_contact_plan_accepts_stopping_or_skipping_at_the_budget():
    groups = pd.DataFrame({"group": [0, 0, 1, 2, 2], "cost": [30.0, 30.0, 30.0, 5.0, 5.0]})
    prefix, greedy = ch02._expected_counts(groups, 70.0)
    assert prefix == [2, 0, 0]  # stops at the first customer who no longer fits
    assert greedy == [2, 0, 2]  # or skips them and fills with cheaper contacts


# ------------------------------------------------------------------------------ 2.9
PLAN = {
    "金钻": ("personal_care", 80_000, "755 customers bring 72 % of revenue; an advisor keeps them"),
    "白银": ("grow_interaction", 35_000, "steady mid spenders who can grow into Diamond with more contact"),
    "铜": ("trial_offers", 22_000, "low spenders; cheap trials test who can move up a tier"),
    "铁": ("awaken", 13_000, "little or no spend yet; light regular contact awakens a first purchase"),
}


def _with(tier, **change):
    action, budget, why = PLAN[tier]
    entry = (change.get("action", action), change.get("budget", budget), change.get("why", why))
    return {**PLAN, tier: entry}


def test_tier_plan_is_judged_on_lumens_tiers():
    sizes = ch02.tier_sizes()
    assert sizes.tolist() == [755, 923, 1255, 2067]  # rfm.TIER_CUTOFFS, non-buyers in 铁
    assert evaluate("ch02.tier_plan", {**PLAN, "铁": (..., ..., ...)})[0] == "not attempted"


def test_tier_plan_right_answers():
    message = passes("ch02.tier_plan", PLAN)
    assert "instructor's rubric" in message
    english = {
        "Diamond": {
            "action": "personal_care",
            "budget": 84_000.0,
            "why": "they bring most of the revenue; keep them",
        },
        "silver": {
            "strategy": "grow_interaction",
            "budget": 30_000,
            "reason": "can grow into Diamond with invitations",
        },
        "Bronze": ["trial_offers", 18_000, "trials and offers to move up a tier"],
        "iron": ("trial_offers", 17_000, "首次购买靠试用装和新人券唤醒"),
    }  # a trial also serves 铁
    passes("ch02.tier_plan", english)
    passes("ch02.tier_plan", pd.DataFrame(PLAN, index=["action", "budget", "why"]).T)  # one row per tier


def test_tier_plan_mistakes():
    fails_with("ch02.tier_plan", _with("铜", action="deep_discount"), "30 % discount")
    fails_with("ch02.tier_plan", _with("铁", action="none"), "gives up on 2,067 customers")
    fails_with("ch02.tier_plan", _with("白银", action="personal_care"), "keeps it for 金钻")
    fails_with("ch02.tier_plan", _with("金钻", action="grow_interaction"), "action for a lower tier")
    fails_with("ch02.tier_plan", _with("铜", action="win_back_call"), "at-risk segment")
    fails_with("ch02.tier_plan", _with("铜", action="coupons"), "not on the menu")
    fails_with("ch02.tier_plan", _with("金钻", budget=100_000), "over the ¥150,000 budget")
    fails_with("ch02.tier_plan", _with("金钻", budget=60_000), "unused")
    equal = {tier: (action, 37_500, why) for tier, (action, _, why) in PLAN.items()}
    fails_with("ch02.tier_plan", equal, "¥49.67 each")  # split evenly by tier
    per_head = {
        tier: (action, 30 * n, why) for (tier, (action, _, why)), n in zip(PLAN.items(), ch02.tier_sizes())
    }  # the same per customer
    fails_with("ch02.tier_plan", per_head, "less than 'personal_care' costs")
    inverted = {
        "金钻": PLAN["金钻"][:1] + (61_000,) + PLAN["金钻"][2:],
        "白银": PLAN["白银"][:1] + (19_000,) + PLAN["白银"][2:],
        "铜": PLAN["铜"][:1] + (11_000,) + PLAN["铜"][2:],
        "铁": ("trial_offers", 59_000, PLAN["铁"][2]),
    }
    fails_with("ch02.tier_plan", inverted, "per customer, 铁 gets")
    fails_with("ch02.tier_plan", _with("铜", why="asdf asdf"), "says too little")
    fails_with("ch02.tier_plan", {k: v[:2] for k, v in PLAN.items()}, "say WHY")
    fails_with("ch02.tier_plan", {**PLAN, "gold": PLAN["金钻"]}, "MEMBERSHIP tier")
    fails_with("ch02.tier_plan", {k: v for k, v in PLAN.items() if k != "铁"}, "no entry for 铁")
    fails_with("ch02.tier_plan", [PLAN], "should be a dict")
    fails_with("ch02.tier_plan", _with("铜", budget="a lot"), "amount in yuan")


# ------------------------------------------------------------------------------ in Chinese
def test_titles_name_the_budgets():
    """The two titles are written out for the catalogue; they must keep naming the budgets."""
    from course_lib.checks import tasks

    titles = {t.id: t.title for t in tasks("ch02")}
    assert f"¥{ch02.BUDGET:,.0f}" in titles["ch02.contact_plan"]
    assert f"¥{ch02.TIER_BUDGET:,.0f}" in titles["ch02.tier_plan"]


def test_in_chinese_unfilled_and_solution(chinese, orders, customers):
    status, message = evaluate("ch02.never_bought", ...)
    assert status == "not attempted" and "尚未作答" in message
    answer = int((~customers["customer_id"].isin(orders["customer_id"].unique())).sum())
    message = passes("ch02.never_bought", answer)
    assert message == "✓ ch02.never_bought — 注册后从未购买的客户：正确。"
    message = passes("ch02.tier_plan", PLAN)
    assert "价值层级" in message and "由讲师按评分标准评判" in message


def test_in_chinese_wrong_answers_name_the_mistake(chinese, orders):
    message = fails_with("ch02.never_bought", orders["customer_id"].nunique(), "这是买家的人数")
    assert has_cjk(message.split(" — ", 1)[1]), message
    message = fails_with(
        "ch02.r_score", lambda r: pd.cut(r, 5, labels=[5, 4, 3, 2, 1]).astype(int), "五个等宽的天数区间"
    )
    assert "2,366 / 723 / 431 / 400 / 277" in message
    message = fails_with(
        "ch02.value_tier", lambda m: pd.qcut(m.rank(method="first"), 4, labels=TIERS), "四等分是四分位数"
    )
    assert "换层。四等分" in message  # the cause follows the sentence without a space
    message = fails_with("ch02.tier_plan", _with("铁", action="none"), "等于放弃了 2,067 位客户")
    assert "唤醒需求" in message  # the tier's aim is shown in Chinese too


def test_in_chinese_hints(chinese, capsys):
    from course_lib.checks import hint

    hint("ch02.r_score", 1)
    shown = capsys.readouterr().out
    assert shown.startswith("ch02.r_score 的提示 1/3：按 recency_days 把客户分成人数相等的五组") and has_cjk(
        shown
    )
    assert "hint('ch02.r_score', 2)" in shown
