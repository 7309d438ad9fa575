"""Checks of chapter 6's exercises: pseudonymisation, k-anonymity, consent, total cost of
ownership, the recommender against its baseline and a scoring-matrix judgement."""

from __future__ import annotations

import hashlib
from functools import lru_cache

import numpy as np
import pandas as pd

from . import Wrong, close, frame_like, number_like, task

SALT = "lumen-exercise-salt-2025"
SPLIT, K = "2024-10-01", 2
_BASE_WEIGHTS = {"functional_modules": 0.35, "industry_fit": 0.25, "architecture": 0.20}


@lru_cache(maxsize=1)
def _orders():
    from ..data import load_orders

    return load_orders()


@lru_cache(maxsize=1)
def _customers():
    from ..data import load_customers

    return load_customers()


# ------------------------------------------------------------------------------ 6.1
@task("ch06.pseudonymise", "orders pseudonymised with the salt",
      hints=["Replace only the `customer_id` column, keep every row and every other column; "
             "`privacy.pseudonymise_columns` does this.",
             "Pass the salt of the task, `salt=SALT`, and keep the default length of 16 "
             "characters, so the codes match the customer table's release."])
def _pseudonymise(answer):
    from ..privacy import pseudonymise

    table = frame_like(answer, "safe_orders")
    orders = _orders()
    if len(table) != len(orders):
        raise Wrong(f"safe_orders has {len(table):,} rows, the orders {len(orders):,}: "
                    "pseudonymise every row, drop none.")
    if list(table.columns) != list(orders.columns):
        raise Wrong("keep the columns of `orders` as they are, only with `customer_id` replaced.")
    ids = table["customer_id"].astype(str).reset_index(drop=True)
    original = orders["customer_id"].reset_index(drop=True)
    if ids.equals(original.astype(str)):
        raise Wrong("`customer_id` still holds the real ids: replace them with their codes.")
    for column in ("order_id", "amount"):
        if not table[column].reset_index(drop=True).equals(orders[column].reset_index(drop=True)):
            raise Wrong(f"`{column}` changed: only `customer_id` is to be pseudonymised, and "
                        "the row order kept.")
    pairs = pd.DataFrame({"id": original, "code": ids}).drop_duplicates()
    if pairs["id"].duplicated().any():
        raise Wrong("the same customer got different codes in different orders: a pseudonym must "
                    "be stable (the same id always gives the same code), or the orders no longer "
                    "join.")
    first = original.iloc[0]
    if ids.iloc[0] == hashlib.sha256(str(first).encode()).hexdigest()[:len(ids.iloc[0])]:
        raise Wrong("that is a plain, unsalted SHA-256: anyone can hash every possible id and look "
                    "the codes up (section 6.3). Use the HMAC with the secret salt.")
    if pairs["code"].duplicated().any():
        raise Wrong("two different customers share a code: the codes must tell customers apart.")
    expected = pseudonymise(original, salt=SALT)
    if not ids.equals(expected.astype(str).reset_index(drop=True)):
        if len(ids.iloc[0]) != 16:
            raise Wrong(f"the codes have {len(ids.iloc[0])} characters; keep the default 16 so "
                        "they match the other tables of the release.")
        raise Wrong("the codes are stable but not those of the salt `SALT`: every table of one "
                    "release must use the same salt, or they will not join.")


# ------------------------------------------------------------------------------ 6.2
@lru_cache(maxsize=1)
def _app_release():
    from ..data import AS_OF
    from ..privacy import generalise

    table = generalise(_customers(), as_of=AS_OF, age_width=10)
    return table[table["signup_channel"] == "app"]


@task("ch06.k_anonymity", "k of the app sign-ups' release table",
      hints=["Generalise the customers as of `AS_OF` with 10-year age bands, keep those who signed "
             "up through the app, then check k on gender, age band and city tier.",
             "`privacy.k_anonymity(table, ['gender', 'age_band', 'city_tier'])` returns a report; "
             "its `.k` is the size of the smallest equivalence class."])
def _k_anonymity(answer):
    from ..privacy import k_anonymity

    if hasattr(answer, "k") and hasattr(answer, "classes"):
        raise Wrong("that is the whole report; store its `.k`, a whole number.")
    value = number_like(answer, "k_release")
    quasi = ["gender", "age_band", "city_tier"]
    report = k_anonymity(_app_release(), quasi, k=5)
    if close(value, len(report.classes)):
        raise Wrong("that is the number of equivalence classes; k is the size of the smallest one.")
    if close(value, report.classes["size"].max()):
        raise Wrong("that is the largest class; k is set by the smallest, the rows easiest to "
                    "single out.")
    if close(value, len(report.rows_at_risk)):
        raise Wrong("that is the number of rows in classes below 5; the task asks for k itself.")
    if close(value, k_anonymity(_app_release(), ["gender", "age_band"], k=5).k):
        raise Wrong("city tier is missing from the quasi-identifiers: check on gender, age band "
                    "and city tier.")
    if close(value, 1):
        raise Wrong("k = 1 is the k of all customers (or of birth dates): keep the app sign-ups "
                    "only and use 10-year age bands.")
    if not close(value, report.k):
        raise Wrong(f"{value:g} is not the smallest class size; list `report.classes` and look at "
                    "its first row.")


# ------------------------------------------------------------------------------ 6.3
def _vip():
    customers = _customers()
    return customers[customers["membership_tier"].isin(["gold", "platinum"])]


@task("ch06.consent_audience", "consent-filtered audience of the VIP campaign",
      hints=["Start from the gold and platinum members, then keep those with consent for SMS "
             "*or* WeChat.",
             "`privacy.filter_by_consent(vip, ['sms', 'wechat'], require='any')`, then count the rows."])
def _consent_audience(answer):
    from ..privacy import filter_by_consent

    if isinstance(answer, pd.DataFrame):
        raise Wrong("that is the audience table; store its size, the number of rows.")
    value = number_like(answer, "audience_size")
    vip = _vip()
    if close(value, len(vip)):
        raise Wrong("that is the whole planned audience: leave out those who gave neither SMS nor "
                    "WeChat consent.")
    if close(value, len(filter_by_consent(vip, "sms"))):
        raise Wrong("that counts SMS consent only; the campaign may use SMS or WeChat.")
    if close(value, len(filter_by_consent(vip, "wechat"))):
        raise Wrong("that counts WeChat consent only; the campaign may use SMS or WeChat.")
    if close(value, len(filter_by_consent(vip, ["sms", "wechat"], require="all"))):
        raise Wrong("that keeps only customers who consented to both channels; one of the two is "
                    "enough (`require='any'`).")
    if close(value, len(filter_by_consent(_customers(), ["sms", "wechat"], require="any"))):
        raise Wrong("that counts all customers; the campaign is for gold and platinum members.")
    if not close(value, len(filter_by_consent(vip, ["sms", "wechat"], require="any"))):
        raise Wrong(f"{value:g} does not match: filter the gold and platinum members by consent for "
                    "SMS or WeChat.")


# ------------------------------------------------------------------------------ 6.4
def _task_profile():
    from ..selection import CostProfile

    return CostProfile(users=50, licence_per_user_year=5_000, implementation=300_000,
                       customisation=120_000, training_initial=60_000, training_per_year=15_000,
                       operations_per_year=90_000)


@task("ch06.tco", "five-year TCO of the offered option",
      hints=["Describe the offer as a `selection.CostProfile` (50 users, ¥5,000 per user and "
             "year, and the one-off and yearly costs of the task), then discount.",
             "`selection.total_cost_of_ownership(profile, years=5, discount_rate=0.08)`: one-off "
             "costs in year 0 are not discounted, yearly costs at the end of years 1–5 are."])
def _tco(answer):
    from ..selection import tco_table, total_cost_of_ownership

    value = number_like(answer, "tco_offer")
    profile = _task_profile()
    expected = total_cost_of_ownership(profile, years=5, discount_rate=0.08)
    table = tco_table(profile, years=5, discount_rate=0.08)
    upfront = float(table.loc[0, "total"])
    yearly = float(table.loc[1, "total"])
    annuity = sum(1 / 1.08 ** t for t in range(1, 6))
    if close(value, float(table["total"].sum()), rel=1e-4):
        raise Wrong("that is the undiscounted sum; discount each year's costs by 1 / 1.08^t.")
    if close(value, expected - upfront, rel=1e-4):
        raise Wrong("the one-off costs of year 0 (implementation, customisation, first training) "
                    "are missing.")
    if close(value, upfront / 1.08 + yearly * annuity, rel=1e-4):
        raise Wrong("the one-off costs are paid now, in year 0: do not discount them.")
    if close(value, upfront + yearly * sum(1 / 1.08 ** t for t in range(1, 5)), rel=1e-4):
        raise Wrong("that covers four years; the task asks for five.")
    if close(value, upfront + (5_000 + 15_000 + 90_000) * annuity, rel=1e-4):
        raise Wrong("the licence is per user: multiply ¥5,000 by the 50 users.")
    if close(value, expected / 1e6, rel=1e-3):
        raise Wrong("give the TCO in CNY, not in millions.")
    if not close(value, expected, rel=1e-4):
        raise Wrong(f"¥{value:,.0f} does not match: check each cost line of the offer, 5 years and "
                    "a discount rate of 8 %.")


# ------------------------------------------------------------------------------ 6.5
@lru_cache(maxsize=8)
def _compare(split, k, item):
    from ..recommend import compare

    return compare(_orders(), split=split, k=k, item=item)


def _lift(split=SPLIT, k=K, item=("category", "channel"), metric="hit_rate"):
    table = _compare(split, k, item)
    return float(table.loc["item-to-item", metric] / table.loc["popularity", metric])


@task("ch06.recommender_lift", "hit rate of item-to-item against popularity",
      hints=["Fit on the orders before 2024-10-01 and score on the orders from that day on, "
             "k = 2, with an item being a category in a channel.",
             "`recommend.compare(orders, split='2024-10-01', k=2, item=('category', 'channel'))` "
             "gives both hit rates; divide item-to-item's by popularity's."])
def _recommender_lift(answer):
    value = number_like(answer, "lift")
    table = _compare(SPLIT, K, ("category", "channel"))
    right = _lift()
    if close(value, 1 / right, rel=1e-4):
        raise Wrong("that is popularity ÷ item-to-item; the lift is item-to-item ÷ popularity.")
    if close(value, table.loc["item-to-item", "hit_rate"] - table.loc["popularity", "hit_rate"], rel=1e-4):
        raise Wrong("that is the difference of the hit rates; the lift is their ratio.")
    if close(value, _lift(metric="precision_at_k"), rel=1e-4):
        raise Wrong("that is the ratio of precision@k; the task asks for the hit rates.")
    if close(value, _lift(item="category"), rel=1e-4):
        raise Wrong("that uses categories as items; make an item a category in a channel, "
                    "item=('category', 'channel').")
    if close(value, _lift(k=3), rel=1e-4):
        raise Wrong("that is for k = 3; the task recommends 2 items.")
    if close(value, _lift(split="2024-07-01"), rel=1e-4):
        raise Wrong("that splits on 2024-07-01; the task fits on the orders before 2024-10-01.")
    if not close(value, right, rel=1e-4):
        raise Wrong(f"{value:.3f} does not match: check the split day, k and the item definition.")


# ------------------------------------------------------------------------------ 6.6
def _winner(cost_weight):
    from ..selection import selection_matrix

    rest = 1 - cost_weight
    weights = {c: w / sum(_BASE_WEIGHTS.values()) * rest for c, w in _BASE_WEIGHTS.items()}
    weights["total_cost"] = cost_weight
    return selection_matrix(weights=weights).index[0]


@lru_cache(maxsize=1)
def _smallest_cost_weight():
    for step in range(0, 101):
        weight = step / 100
        if _winner(weight) == "small_business_cloud":
            return weight
    return float("nan")


@task("ch06.cost_weight", "the cost weight that makes the small-business CRM win",
      hints=["Try cost weights 0.00, 0.01, … 1.00; give the other three criteria the rest of the "
             "weight in the default proportions 35 : 25 : 20.",
             "For each weight build the weights dict, call `selection.selection_matrix(weights=...)` "
             "and look at `.index[0]`; stop at the first weight where it is "
             "'small_business_cloud'."])
def _cost_weight(answer):
    value = number_like(answer, "cost_weight")
    right = _smallest_cost_weight()
    if 1 < value <= 100 and abs(value / 100 - right) < 0.005:
        raise Wrong("that looks like a percentage; give the weight as a fraction (0.25, not 25).")
    if not 0 <= value <= 1:
        raise Wrong(f"a weight is between 0 and 1; got {value:g}.")
    if close(value, 0.20):
        raise Wrong("0.20 is the default cost weight, at which the cloud suite wins; raise it.")
    if value < right - 0.005:
        raise Wrong(f"at a cost weight of {value:.2f} the option ranked first is "
                    f"{_winner(value)!r}, not the small-business CRM: raise the weight.")
    if value > right + 0.005:
        raise Wrong(f"at {value:.2f} the small-business CRM wins, but it already wins at a lower "
                    "weight: find the smallest, in steps of 0.01.")


# The capstone tasks of the turnaround case live in their own module; importing it here
# registers them whenever a "ch06.…" task is looked up.
from . import ch06_capstone  # noqa: E402,F401  (registers the capstone tasks)
