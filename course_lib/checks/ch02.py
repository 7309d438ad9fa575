"""Checks of chapter 2's exercises: data quality, RFM by hand, scores, value tiers,
revenue concentration, the wake-up offer and a contact plan under a budget."""

from __future__ import annotations

from functools import lru_cache

import numpy as np
import pandas as pd

from . import NotAttempted, Wrong, close, frame_like, number_like, series_like, task

BUDGET = 3000.0
"""The contact-plan budget of exercise 2.8, in CNY."""

CONSENT = {"sms": "consent_sms", "wechat": "consent_wechat", "phone": "consent_phone",
           "email": "consent_email"}
"""The consent column that allows a contact on each channel (app pushes need none)."""

TIER_LABELS = ["金钻", "白银", "铜", "铁"]


@lru_cache(maxsize=1)
def _orders():
    from ..data import load_orders

    return load_orders()


@lru_cache(maxsize=1)
def _customers():
    from ..data import load_customers

    return load_customers()


@lru_cache(maxsize=1)
def _rfm():
    from ..data import AS_OF
    from ..rfm import rfm_table

    return rfm_table(_orders(), as_of=AS_OF)


def wakeup_contacts() -> pd.DataFrame:
    """The contacts of the 90-day dormancy wake-up campaign (treatment and control)."""
    from ..data import load_campaigns

    campaigns = load_campaigns()
    mask = (campaigns["campaign_name"].astype(str).str.contains("wake|dorman", case=False)
            | campaigns["campaign_id"].astype(str).str.contains("wake|dorman", case=False))
    return campaigns[mask.to_numpy()]


def eligible_for_contact() -> pd.DataFrame:
    """Scored buyers with their segment, the segment's channel and cost, and whether they
    consented to that channel (the table the contact plan of exercise 2.8 is graded on)."""
    from ..rfm import SEGMENTS, rfm_scores, segment

    scored = rfm_scores(_rfm())
    scored["segment"] = segment(scored).astype(str)
    scored["channel"] = SEGMENTS.loc[scored["segment"], "channel"].to_numpy()
    scored["cost"] = SEGMENTS.loc[scored["segment"], "cost"].to_numpy()
    scored["priority"] = SEGMENTS.loc[scored["segment"], "priority"].to_numpy()
    consent = _customers().set_index("customer_id")
    allowed = np.ones(len(scored), dtype=bool)
    for channel, column in CONSENT.items():
        rows = (scored["channel"] == channel).to_numpy()
        allowed[rows] = consent[column].reindex(scored.index[rows]).fillna(False).astype(bool).to_numpy()
    scored["consent"] = allowed
    return scored


def _ids(answer, name) -> list[str]:
    if isinstance(answer, pd.DataFrame):
        values = list(answer.index) if answer.index.name == "customer_id" or "customer_id" not in answer.columns \
            else list(answer["customer_id"])
    elif isinstance(answer, (pd.Series, pd.Index, np.ndarray, list, tuple, set)):
        values = list(answer.index) if isinstance(answer, pd.Series) and answer.dtype == bool else list(answer)
    else:
        raise Wrong(f"{name} should be a list of customer ids such as ['C00012', …]; you gave a "
                    f"{type(answer).__name__}.")
    return [str(v) for v in values]


# ------------------------------------------------------------------------------ 2.1
@task("ch02.never_bought", "Registered customers who never bought",
      hints=["Every customer is in `customers`; buyers are the distinct `customer_id`s of `orders`.",
             "Count the customers whose id is not among the buyers: `~customers['customer_id'].isin(...)`."])
def _never_bought(answer):
    value = number_like(answer, "never_bought")
    customers, orders = _customers(), _orders()
    buyers = orders["customer_id"].nunique()
    expected = int((~customers["customer_id"].isin(orders["customer_id"].unique())).sum())
    if close(value, buyers):
        raise Wrong("that is the number of buyers; the task asks for the registered customers "
                    "who are NOT among them.")
    if close(value, len(orders)) or close(value, len(customers)):
        raise Wrong("that counts rows of a whole table; compare the customer ids of the two tables.")
    if close(value, expected / len(customers)) or close(value, expected / len(customers) * 100):
        raise Wrong("that is a share; the task asks for the number of customers.")
    if close(value, len(customers) - len(orders)):
        raise Wrong("customers minus orders mixes two units: a customer can have many orders. "
                    "Compare ids instead.")
    if not close(value, expected):
        raise Wrong(f"{value:,.0f} is not the count: look for customers whose id never appears in "
                    "`orders['customer_id']`.")


# ------------------------------------------------------------------------------ 2.2
@task("ch02.rfm_by_hand", "RFM table with groupby",
      hints=["Group `orders` by `customer_id`; recency needs the last order date, frequency the "
             "number of orders, monetary the sum of `amount`.",
             "Recency is counted to `data.AS_OF` (2025-01-01), in whole days: "
             "`(AS_OF - last_order).dt.days`.",
             "Keep exactly the columns recency_days, frequency, monetary, indexed by customer_id."])
def _rfm_by_hand(answer):
    table = frame_like(answer, "rfm_hand")
    expected = _rfm()
    if "customer_id" in table.columns and table.index.name != "customer_id":
        table = table.set_index("customer_id")
    missing = [c for c in ("recency_days", "frequency", "monetary") if c not in table.columns]
    if missing:
        raise Wrong(f"columns {missing} are missing; name them recency_days, frequency and monetary.")
    table.index = table.index.astype(str)
    if len(table) != len(expected):
        raise Wrong(f"{len(table):,} rows, but {len(expected):,} customers bought something: one row "
                    "per buyer, none dropped and none added.")
    if not table.index.sort_values().equals(expected.index.astype(str).sort_values()):
        raise Wrong("the index does not hold the buyers' customer ids; group by `customer_id`.")
    table = table.loc[expected.index.astype(str)]
    recency = pd.to_numeric(table["recency_days"], errors="coerce").to_numpy(dtype=float)
    gap = recency - expected["recency_days"].to_numpy()
    if np.allclose(gap, -1):
        raise Wrong("recency_days is one day short for every customer: count the days to "
                    "`AS_OF` (2025-01-01), not to the last day of the data.")
    if np.allclose(gap, 1):
        raise Wrong("recency_days is one day too long for every customer: count from the last "
                    "order to `AS_OF` itself.")
    if not np.allclose(gap, 0):
        raise Wrong(f"recency_days differs for {int((~np.isclose(gap, 0)).sum()):,} customers: "
                    "subtract each customer's LAST order date from AS_OF and take `.dt.days`.")
    frequency = pd.to_numeric(table["frequency"], errors="coerce").to_numpy(dtype=float)
    if not np.allclose(frequency, expected["frequency"]):
        distinct_days = _orders().groupby("customer_id")["order_date"].nunique().reindex(expected.index)
        if np.allclose(frequency, distinct_days):
            raise Wrong("frequency counts distinct order days; in RFM every order counts, "
                        "same-day orders included.")
        raise Wrong(f"frequency differs for {int((~np.isclose(frequency, expected['frequency'])).sum()):,} "
                    "customers: count the orders (rows) of each customer.")
    monetary = pd.to_numeric(table["monetary"], errors="coerce").to_numpy(dtype=float)
    if not np.allclose(monetary, expected["monetary"], rtol=1e-6, atol=0.01):
        gross = _orders().groupby("customer_id")["gross_amount"].sum().reindex(expected.index)
        if np.allclose(monetary, gross, atol=0.01):
            raise Wrong("monetary is the gross amount before discounts; sum `amount` (what the "
                        "customer paid).")
        mean = _orders().groupby("customer_id")["amount"].mean().reindex(expected.index)
        if np.allclose(monetary, mean, atol=0.01):
            raise Wrong("monetary is the mean order value; RFM uses the total spend (sum).")
        raise Wrong("monetary differs: sum `amount` per customer.")


# ------------------------------------------------------------------------------ 2.3
def _score_cases():
    rng = np.random.default_rng(202)
    distinct = pd.Series(rng.permutation(np.arange(1, 501)), index=[f"x{i}" for i in range(500)], dtype=float)
    return distinct


@task("ch02.r_score", "Recency score 1–5 by quintiles",
      hints=["Split customers into five equal groups by recency_days: `pd.qcut` on the rank.",
             "Recency is better when SMALLER: the most recent fifth gets 5, the longest-absent fifth 1.",
             "Rank first (`rank(method='first')`) so ties do not break `qcut`, and return integers."])
def _r_score(answer):
    if not callable(answer):
        raise Wrong("r_score should be a function that takes a Series of recency_days.")
    cases = _score_cases()
    result = answer(cases.copy())
    if result is None:
        raise NotAttempted()
    scores = series_like(result, "r_score(...)")
    if len(scores) != len(cases):
        raise Wrong(f"r_score returned {len(scores)} values for {len(cases)} customers; return one "
                    "score per customer.")
    values = pd.to_numeric(pd.Series(np.asarray(scores)), errors="coerce")
    if values.isna().any():
        raise Wrong("some scores are not numbers: return integers 1–5 (use `.astype(int)`).")
    if sorted(values.unique()) != [1, 2, 3, 4, 5]:
        raise Wrong(f"the scores should be the integers 1 to 5; you returned {sorted(values.unique())[:8]}.")
    recency = cases.to_numpy()
    most_recent = values.to_numpy()[recency <= 100]
    if (most_recent == 1).all():
        raise Wrong("the most recent customers got score 1: recency is better when smaller, so "
                    "reverse the labels.")
    if not (most_recent == 5).all():
        raise Wrong("the fifth of customers with the fewest days since their last order should "
                    "all get 5; check your quantile edges.")
    order = np.argsort(recency)
    if (np.diff(values.to_numpy()[order]) > 0).any():
        raise Wrong("a customer with more days since the last order got a higher score than one "
                    "with fewer; the score must fall as recency_days grows.")
    if values.value_counts().min() < 95:
        raise Wrong("the five groups should be (nearly) equal in size: use quantiles, not fixed cut-offs.")


# ------------------------------------------------------------------------------ 2.4
@task("ch02.value_tier", "Value tiers 金钻 / 白银 / 铜 / 铁",
      hints=["Rank customers by spend; the top 5 % are 金钻, the next 15 % 白银, the next 30 % 铜, "
             "the bottom 50 % 铁.",
             "`pd.qcut(monetary.rank(method='first'), [0, .5, .8, .95, 1], labels=[...])` — the "
             "labels go from the LOWEST quantile to the highest."])
def _value_tier(answer):
    if not callable(answer):
        raise Wrong("value_tier should be a function that takes a Series of total spend.")
    spend = _score_cases() * 10.0
    result = answer(spend.copy())
    if result is None:
        raise NotAttempted()
    tiers = series_like(result, "value_tier(...)").astype(str)
    if len(tiers) != len(spend):
        raise Wrong(f"value_tier returned {len(tiers)} labels for {len(spend)} customers.")
    labels = set(tiers.unique())
    if not labels <= set(TIER_LABELS):
        raise Wrong(f"use the labels {TIER_LABELS}; you returned {sorted(labels)}.")
    tiers = pd.Series(np.asarray(tiers), index=spend.index)
    top = tiers[spend.rank(ascending=False) <= 25]
    if (top == "铁").all():
        raise Wrong("the biggest spenders got 铁: the labels run from the lowest quantile to the "
                    "highest, so 铁 comes first.")
    counts = tiers.value_counts().reindex(TIER_LABELS, fill_value=0)
    expected = {"金钻": 25, "白银": 75, "铜": 150, "铁": 250}
    wrong = [f"{label} {counts[label]}" for label in TIER_LABELS if abs(counts[label] - expected[label]) > 2]
    if wrong:
        raise Wrong(f"on 500 customers the tier sizes are off ({', '.join(wrong)}): 金钻 is the top "
                    "5 %, 白银 the next 15 %, 铜 the next 30 %, 铁 the bottom half.")
    rank = tiers.map({label: i for i, label in enumerate(TIER_LABELS)}).to_numpy()
    if (np.diff(rank[np.argsort(-spend.to_numpy())]) < 0).any():
        raise Wrong("a customer who spent more sits in a lower tier than one who spent less.")


# ------------------------------------------------------------------------------ 2.5
@task("ch02.top18_share", "Revenue share of the top 18 % of buyers",
      hints=["Sort the buyers' total spend from high to low and add up the top 18 %.",
             "`rfm.concentration(rfm_table['monetary'], top=0.18)` does it; give a fraction (0–1)."])
def _top18(answer):
    from ..rfm import concentration

    value = number_like(answer, "top18_share")
    monetary = _rfm()["monetary"]
    expected = concentration(monetary, top=0.18)
    if 1 < value <= 100 and abs(value / 100 - expected) < 0.01:
        raise Wrong("that looks like a percentage; give the fraction (0.7, not 70).")
    if abs(value - (1 - concentration(monetary, top=0.82))) < 0.01:
        raise Wrong("that is the share of the bottom 18 %; sort from the highest spend down.")
    if value > 1000:
        raise Wrong("that is an amount of money; divide by the total revenue to get a share.")
    everyone = pd.concat([monetary, pd.Series(0.0, index=range(len(_customers()) - len(monetary)))])
    if abs(value - concentration(everyone, top=0.18)) < 0.005 and abs(value - expected) >= 0.005:
        raise Wrong("that counts non-buyers in the 18 %; the claim is about buyers, so use "
                    "the RFM table's customers only.")
    if abs(value - expected) > 0.01:
        raise Wrong(f"{value:.3f} is not the top 18 %'s share: take the top 18 % of BUYERS by "
                    "total spend and divide their spend by the total.")


# ------------------------------------------------------------------------------ 2.6
@task("ch02.wakeup_uplift", "Reactivation uplift of the wake-up offer",
      hints=["Select the wake-up campaign's contacts; compare the `converted` rate of the "
             "treatment group with that of the control group.",
             "Uplift = treatment rate − control rate, a fraction such as 0.05; "
             "`rfm.offer_results(...)` has it in its `uplift` row."])
def _wakeup_uplift(answer):
    value = number_like(answer, "wakeup_uplift")
    contacts = wakeup_contacts()
    rates = contacts.groupby("group")["converted"].mean()
    uplift = rates["treatment"] - rates["control"]
    if close(value, rates["treatment"], rel=1e-3) and not close(uplift, rates["treatment"]):
        raise Wrong("that is the treatment group's reactivation rate; subtract the control "
                    "group's rate to see what the offer itself added.")
    if close(value, -uplift, rel=1e-3):
        raise Wrong("the sign is reversed: treatment minus control.")
    if close(value, uplift * 100, rel=1e-3):
        raise Wrong("that looks like percentage points; give a fraction (0.05, not 5).")
    responded = contacts.groupby("group")["responded"].mean()
    if close(value, responded["treatment"] - responded["control"], rel=1e-3):
        raise Wrong("that uses `responded` (uptake); reactivation is `converted` (ordered within 7 days).")
    if close(value, rates["treatment"] / rates["control"], rel=1e-3):
        raise Wrong("that is a ratio; the uplift is the difference of the two rates.")
    if not close(value, uplift, rel=1e-3, abs_=1e-6):
        raise Wrong(f"{value:.4f} is not the uplift: use only the wake-up campaign's contacts and "
                    "the `converted` column.")


# ------------------------------------------------------------------------------ 2.7
MID = "2024-07-01"
"""The day the segmentation of exercise 2.7 is taken; churn is measured over the 184 days after."""


@lru_cache(maxsize=1)
def _mid_churn():
    from ..segmentation import churn_next_period

    return churn_next_period(_orders(), as_of=MID, days=184)


@task("ch02.segment_profile", "Profile of a k-means segmentation with next-period churn",
      hints=["Take RFM as of 2024-07-01, cluster it with `segmentation.cluster` (your k, 3–6), and "
             "profile the clusters with `segmentation.profile`.",
             "Pass `churned=segmentation.churn_next_period(orders, as_of='2024-07-01', days=184)` "
             "so the profile gets a churn_rate column for July–December."])
def _segment_profile(answer):
    table = frame_like(answer, "segment_profile")
    for column in ("customers", "revenue_share"):
        if column not in table.columns:
            raise Wrong(f"there is no `{column}` column: build the table with `segmentation.profile`.")
    if "churn_rate" not in table.columns:
        raise Wrong("there is no `churn_rate` column: pass `churned=` to `segmentation.profile`.")
    churned = _mid_churn()
    total = int(pd.to_numeric(table["customers"]).sum())
    if total == len(_rfm()):
        raise Wrong("the profile covers every buyer up to 2025; take RFM as of 2024-07-01 so the "
                    "following six months can show who churned.")
    if total != len(churned):
        raise Wrong(f"the segments hold {total:,} customers, but {len(churned):,} bought before "
                    "2024-07-01; profile all of them, once each.")
    if not 3 <= len(table) <= 6:
        raise Wrong(f"{len(table)} segments: choose k from 3 to 6 — fewer hides differences, more "
                    "is hard for a team to serve.")
    if abs(float(pd.to_numeric(table["revenue_share"]).sum()) - 1) > 0.01:
        raise Wrong("the revenue shares do not add up to 1: divide each segment's spend by the "
                    "total spend of all segments.")
    rates = pd.to_numeric(table["churn_rate"]).to_numpy(dtype=float)
    overall = float(np.sum(rates * pd.to_numeric(table["customers"]).to_numpy()) / total)
    if abs(overall - churned.mean()) > 0.01:
        raise Wrong(f"the churn rates average {overall:.3f} over all customers, which does not "
                    "match churn over July–December 2024: use `as_of='2024-07-01'` and `days=184`.")
    if np.ptp(rates) < 0.05:
        raise Wrong("the segments churn at nearly the same rate, so they do not separate "
                    "behaviour; cluster on recency, frequency and monetary together.")


# ------------------------------------------------------------------------------ 2.8
@task("ch02.contact_plan", f"Contact plan within a budget of ¥{BUDGET:,.0f}",
      hints=["Score and segment the buyers, leave out hibernating and regular customers (they get "
             "automated messages), and keep only customers who consented to their segment's channel.",
             "Order by segment priority (`rfm.SEGMENTS['priority']`, 1 first), then by score, and "
             "keep customers while the running cost stays within the budget; "
             "`segmentation.contact_plan(scored, budget=...)` does the ordering.",
             "Hand in the customer ids (e.g. `list(plan.index)`)."])
def _contact_plan(answer):
    ids = _ids(answer, "contact_ids")
    if not ids:
        raise Wrong("the list is empty: a budget of ¥3,000 pays for dozens of contacts.")
    repeated = len(ids) - len(set(ids))
    if repeated:
        raise Wrong(f"{repeated} customer id(s) appear more than once; contact each customer once.")
    table = eligible_for_contact()
    unknown = [i for i in ids if i not in table.index]
    if unknown:
        raise Wrong(f"{len(unknown)} id(s) are not buyers, first {unknown[0]}; choose among the "
                    "customers of the RFM table.")
    chosen = table.loc[ids]
    automated = chosen["segment"].isin(["hibernating", "regular"])
    if automated.any():
        raise Wrong(f"{int(automated.sum())} hibernating or regular customer(s) are on the list; they "
                    "are served by automated reminders, not by the contact budget.")
    no_consent = ~chosen["consent"]
    if no_consent.any():
        raise Wrong(f"{int(no_consent.sum())} customer(s) never agreed to be contacted on their "
                    "segment's channel; leave them out (consent first).")
    cost = float(chosen["cost"].sum())
    if cost > BUDGET + 1e-6:
        raise Wrong(f"the plan costs ¥{cost:,.1f}, over the ¥{BUDGET:,.0f} budget; cut from the "
                    "lowest priority.")
    eligible = table[table["consent"] & ~table["segment"].isin(["hibernating", "regular"])]
    if cost < 0.9 * BUDGET and len(chosen) < len(eligible):
        raise Wrong(f"the plan spends only ¥{cost:,.1f} of ¥{BUDGET:,.0f}; more eligible customers "
                    "can be reached.")
    worst = int(chosen["priority"].max())
    skipped = eligible[(eligible["priority"] < worst) & ~eligible.index.isin(ids)]
    if len(skipped):
        first = skipped.sort_values("priority").iloc[0]
        raise Wrong(f"{len(skipped)} eligible customer(s) of a higher-priority segment are left out "
                    f"(e.g. a {first['segment']} customer) while a lower-priority one is contacted; "
                    "fill the list in priority order.")
