"""Checks of chapter 6's exercises: pseudonymisation, k-anonymity, consent, total cost of
ownership, the recommender against its baseline and a scoring-matrix judgement.

Numeric answers are judged at the precision each task states (:func:`require_precision`);
before that, a wrong value is compared with what the task's typical slips give, so the
message names the slip, never the expected value.
"""

from __future__ import annotations

import hashlib
import hmac
import math
from functools import lru_cache

import pandas as pd

from ..language import N_, tr
from . import Wrong, frame_like, judge_number, number_like, shipped, task, to_precision

SALT = "lumen-exercise-salt-2025"
SPLIT, K = "2024-10-01", 2
_BASE_WEIGHTS = {"functional_modules": 0.35, "industry_fit": 0.25, "architecture": 0.20}


def _whole_number(answer, name: str, not_whole: str) -> int:
    """``answer`` as an int; ``not_whole`` is the message (``{name}``, ``{value:g}``) for a fraction."""
    value = number_like(answer, name)
    if not math.isfinite(value):
        raise Wrong(tr("{name} is infinite: look for a division by zero.").format(name=name))
    if value != round(value):
        raise Wrong(not_whole.format(name=name, value=value))
    return int(round(value))


def _translated(slips):
    """The slips with their messages in the course's language (the cached lists hold the English)."""
    return [(value, tr(message), *rest) for value, message, *rest in slips]


# ------------------------------------------------------------------------------ 6.1
@lru_cache(maxsize=1)
def _expected_codes():
    from ..privacy import pseudonymise

    ids = pd.Series(shipped("orders")["customer_id"].unique())
    return dict(zip(ids, pseudonymise(ids, salt=SALT)))


@task(
    "ch06.pseudonymise",
    N_("orders pseudonymised with the salt"),
    hints=[
        N_(
            "Replace only the `customer_id` column, keep every row and every other column; "
            "`privacy.pseudonymise_columns` does this."
        ),
        N_(
            "Pass the salt of the task, `salt=SALT`, and keep the default length of 16 "
            "characters, so the codes match the customer table's release."
        ),
    ],
)
def _pseudonymise(answer):
    table = frame_like(answer, "safe_orders")
    orders = shipped("orders")
    for key in ("order_id", "customer_id"):  # a key moved into the index is still kept
        if key not in table.columns and key in (table.index.names or []):
            table = table.reset_index(level=key)
    if len(table) != len(orders):
        raise Wrong(
            tr(
                "safe_orders has {rows:,} rows, the orders {orders:,}: pseudonymise every row, drop none."
            ).format(rows=len(table), orders=len(orders))
        )
    real_ids = set(orders["customer_id"].astype(str))
    head = table.head(1000)
    holding = [
        c for c in table.columns if c != "customer_id" and head[c].astype(str).isin(real_ids).mean() > 0.5
    ]
    if holding:
        raise Wrong(
            tr(
                "the column `{column}` still holds the real customer ids: replace "
                "`customer_id` itself by the codes; no copy of the real id may stay."
            ).format(column=holding[0])
        )
    if "customer_id" not in table.columns:
        raise Wrong(
            tr(
                "there is no `customer_id` column: keep the column's name and put the codes "
                "in it, so the release joins with the customer table's codes."
            )
        )
    extra = sorted(set(table.columns) - set(orders.columns))
    gone = sorted(set(orders.columns) - set(table.columns))
    if head["customer_id"].astype(str).isin(real_ids).mean() > 0.5:
        if extra:
            raise Wrong(
                tr(
                    "the codes went into a new column {columns} while `customer_id` still holds "
                    "the real ids: replace `customer_id` itself, keep no real id."
                ).format(columns=extra)
            )
        raise Wrong(tr("`customer_id` still holds the real ids: replace them with their codes."))
    if extra or gone:
        raise Wrong(
            tr(
                "keep the columns of `orders` (extra: {extra}, missing: {missing}): only `customer_id` is replaced."
            ).format(extra=extra, missing=gone)
        )
    if not table["order_id"].astype(str).isin(set(orders["order_id"])).all():
        raise Wrong(tr("`order_id` changed: only `customer_id` is to be pseudonymised."))
    if table["order_id"].duplicated().any():
        raise Wrong(tr("some orders appear twice: keep every order once."))
    table = table.set_index("order_id").reindex(orders["order_id"])
    for column in ("amount", "order_date", "channel", "category"):
        if column in table.columns and not table[column].reset_index(drop=True).equals(
            orders[column].reset_index(drop=True)
        ):
            raise Wrong(
                tr("`{column}` changed: only `customer_id` is to be pseudonymised.").format(column=column)
            )
    ids = table["customer_id"].astype(str).reset_index(drop=True)
    original = orders["customer_id"].astype(str).reset_index(drop=True)
    pairs = pd.DataFrame({"id": original, "code": ids}).drop_duplicates()
    if pairs["id"].duplicated().any():
        raise Wrong(
            tr(
                "the same customer got different codes in different orders: a pseudonym must "
                "be stable (the same id always gives the same code), or the orders no longer "
                "join."
            )
        )
    if pairs["code"].duplicated().any():
        raise Wrong(tr("two different customers share a code: the codes must tell customers apart."))
    expected = original.map(_expected_codes())
    if ids.equals(expected):
        return None
    first, code = original.iloc[0], ids.iloc[0]
    length = len(code)
    salt = SALT.encode()
    if code == hmac.new(salt, first.encode(), hashlib.sha256).hexdigest()[:length]:
        raise Wrong(
            tr(
                "the codes have {length} characters; keep the default 16 so they match the "
                "other tables of the release."
            ).format(length=length)
        )
    if code == hmac.new(salt, first.encode(), hashlib.sha256).hexdigest()[:length].upper():
        raise Wrong(
            tr(
                "the codes are in capitals; keep them as `privacy.pseudonymise` writes them, "
                "or they will not join with the customer table's codes."
            )
        )
    plain = hashlib.sha256(first.encode()).hexdigest()
    if code.lower() in (plain[:length], plain[-length:]):
        raise Wrong(
            tr(
                "that is a plain, unsalted SHA-256: anyone can hash every possible id and look "
                "the codes up (section 6.3). Use the HMAC with the secret salt."
            )
        )
    for mixed in (SALT + first, first + SALT):
        digest = hashlib.sha256(mixed.encode()).hexdigest()
        if code.lower() in (digest[:length], digest[-length:]):
            raise Wrong(
                tr(
                    "that hashes the salt and the id together with plain SHA-256; the release "
                    "uses the HMAC-SHA256 keyed with the salt — "
                    "`privacy.pseudonymise(..., salt=SALT)`."
                )
            )
    raise Wrong(
        tr(
            "the codes are stable but not the HMAC-SHA256 of `SALT`: every table of one "
            "release must use the same salt and method (`privacy.pseudonymise(..., "
            "salt=SALT)`), or they will not join."
        )
    )


# ------------------------------------------------------------------------------ 6.2
@lru_cache(maxsize=1)
def _app_release():
    from ..data import AS_OF
    from ..privacy import generalise

    table = generalise(shipped("customers"), as_of=AS_OF, age_width=10)
    return table[table["signup_channel"] == "app"]


@lru_cache(maxsize=1)
def _k_values():
    from ..privacy import k_anonymity

    app = _app_release()
    quasi = ["gender", "age_band", "city_tier"]
    report = k_anonymity(app, quasi, k=5)
    slips = [
        (
            len(report.classes),
            N_("that is the number of equivalence classes; k is the size of the smallest one."),
        ),
        (
            int(report.classes["size"].max()),
            N_("that is the largest class; k is set by the smallest, the rows easiest to single out."),
        ),
        (
            len(report.rows_at_risk),
            N_(
                "that is the number of rows in classes below 5; the task "
                "asks for k itself, the size of the smallest class."
            ),
        ),
        (
            5,
            N_(
                "5 is the k you require of the release (`k=5`); the task asks for the k the table "
                "has, the size of its smallest class."
            ),
        ),
        (
            k_anonymity(app, ["gender", "age_band"]).k,
            N_("city tier is missing from the quasi-identifiers: check on gender, age band and city tier."),
        ),
        (
            k_anonymity(app, ["age_band", "city_tier"]).k,
            N_("gender is missing from the quasi-identifiers: check on gender, age band and city tier."),
        ),
        (
            k_anonymity(app, ["gender", "city_tier"]).k,
            N_(
                "the age band is missing from the quasi-identifiers: check on gender, age band and city tier."
            ),
        ),
        (
            1,
            N_(
                "k = 1 means some row is unique — what you get for all customers, with birth dates or "
                "with 5-year bands: keep the app sign-ups only and use 10-year age bands."
            ),
        ),
        (
            len(app),
            N_(
                "that is the number of app sign-ups; k is the size of the smallest class of "
                "gender × age band × city tier."
            ),
        ),
    ]
    return report.k, slips


@task(
    "ch06.k_anonymity",
    N_("k of the app sign-ups' release table"),
    hints=[
        N_(
            "Generalise the customers as of `AS_OF` with 10-year age bands, keep those who signed "
            "up through the app, then check k on gender, age band and city tier."
        ),
        N_(
            "`privacy.k_anonymity(table, ['gender', 'age_band', 'city_tier'])` returns a report; "
            "its `.k` is the size of the smallest equivalence class."
        ),
    ],
)
def _k_anonymity(answer):
    if hasattr(answer, "k") and hasattr(answer, "classes"):
        raise Wrong(tr("that is the whole report; store its `.k`, a whole number."))
    if isinstance(answer, pd.DataFrame):
        raise Wrong(
            tr("that is a table; store k, the size of its smallest equivalence class, a whole number.")
        )
    value = number_like(answer, "k_release")
    expected, slips = _k_values()
    if value == expected:
        return None
    if math.isfinite(value) and 0 < value < 1:
        raise Wrong(tr("that is a share; k is a number of rows, the size of the smallest equivalence class."))
    value = _whole_number(
        value,
        "k_release",
        tr("{name} = {value:g} is not a whole number; k, the size of the smallest class, is a count."),
    )
    diagnosis = tr(
        "k is the size of the smallest class of the app sign-ups on gender, age band "
        "and city tier: list `report.classes` and look at its first row."
    )
    judge_number(
        value,
        expected,
        name="k_release",
        decimals=0,
        slips=_translated(slips),
        close_hint=diagnosis,
        far_hint=diagnosis,
    )


# ------------------------------------------------------------------------------ 6.3
def _tier(*tiers):
    customers = shipped("customers")
    return customers[customers["membership_tier"].isin(list(tiers))]


@lru_cache(maxsize=1)
def _audience_values():
    from ..privacy import filter_by_consent as keep

    vip = _tier("gold", "platinum")
    right = len(keep(vip, ["sms", "wechat"], require="any"))
    slips = [
        (
            len(vip),
            N_(
                "that is the whole planned audience: leave out those who gave neither SMS nor WeChat consent."
            ),
        ),
        (
            len(vip) - right,
            N_("that is the number left out; the task asks for those who may receive the campaign."),
        ),
        (len(keep(vip, "sms")), N_("that counts SMS consent only; the campaign may use SMS or WeChat.")),
        (
            len(keep(vip, "wechat")),
            N_("that counts WeChat consent only (or SMS-or-e-mail); the campaign may use SMS or WeChat."),
        ),
        (
            len(keep(vip, ["sms", "wechat"], require="all")),
            N_(
                "that keeps only customers who consented to both channels; one of the two is enough "
                "(`require='any'`)."
            ),
        ),
        (
            len(keep(shipped("customers"), ["sms", "wechat"], require="any")),
            N_("that counts all customers; the campaign is for gold and platinum members."),
        ),
        (
            len(keep(_tier("gold"), ["sms", "wechat"], require="any")),
            N_("that counts the gold members only; the campaign is for gold and platinum."),
        ),
        (
            len(keep(_tier("platinum"), ["sms", "wechat"], require="any")),
            N_("that counts the platinum members only; the campaign is for gold and platinum."),
        ),
        (
            len(keep(_tier("silver", "gold", "platinum"), ["sms", "wechat"], require="any")),
            N_(
                "that includes membership tier silver (银卡) members; the campaign is for gold and platinum only."
            ),
        ),
        (
            len(keep(vip, ["sms", "wechat", "email", "phone"], require="any")),
            N_("that counts consent for any channel; the campaign goes out by SMS or WeChat only."),
        ),
    ]
    return right, slips


@task(
    "ch06.consent_audience",
    N_("consent-filtered audience of the VIP campaign"),
    hints=[
        N_("Start from the gold and platinum members, then keep those with consent for SMS *or* WeChat."),
        N_("`privacy.filter_by_consent(vip, ['sms', 'wechat'], require='any')`, then count the rows."),
    ],
)
def _consent_audience(answer):
    if isinstance(answer, (pd.DataFrame, pd.Series)):
        raise Wrong(tr("that is the audience itself; store its size, the number of members (`len(...)`)."))
    value = number_like(answer, "audience_size")
    expected, slips = _audience_values()
    if value == expected:
        return None
    value = _whole_number(
        value,
        "audience_size",
        tr("{name} = {value:g} is not a whole number; a number of members is a count."),
    )
    diagnosis = tr(
        "count the gold and platinum members with consent for SMS or WeChat: filter "
        "those members by consent for either channel."
    )
    judge_number(
        value,
        expected,
        name="audience_size",
        decimals=0,
        slips=_translated(slips),
        close_hint=diagnosis,
        far_hint=diagnosis,
    )


# ------------------------------------------------------------------------------ 6.4
def _task_profile(**changes):
    from ..selection import CostProfile

    settings = (
        dict(
            users=50,
            licence_per_user_year=5_000,
            implementation=300_000,
            customisation=120_000,
            training_initial=60_000,
            training_per_year=15_000,
            operations_per_year=90_000,
        )
        | changes
    )
    return CostProfile(**settings)


@lru_cache(maxsize=1)
def _tco_values():
    from ..selection import tco_table
    from ..selection import total_cost_of_ownership as tco

    profile = _task_profile()
    expected = tco(profile, years=5, discount_rate=0.08)
    table = tco_table(profile, years=5, discount_rate=0.08)
    upfront, yearly = float(table.loc[0, "total"]), float(table.loc[1, "total"])

    def annuity(first, last, rate=0.08):
        return sum(1 / (1 + rate) ** t for t in range(first, last + 1))

    slips = [
        (
            float(table["total"].sum()),
            N_("that is the undiscounted sum; discount each year's costs by 1 / 1.08^t."),
        ),
        (
            expected - upfront,
            N_("the one-off costs of year 0 (implementation, customisation, first training) are missing."),
        ),
        (
            upfront / 1.08 + yearly * annuity(1, 5),
            N_("the one-off costs are paid now, in year 0: do not discount them."),
        ),
        (
            upfront + yearly * annuity(0, 4),
            N_(
                "the yearly costs were paid at the start of each "
                "year; they fall at the end of years 1–5 (t = 1…5)."
            ),
        ),
        (
            upfront + yearly * annuity(0, 5),
            N_("that counts six years of yearly costs (t = 0…5); they fall at the end of years 1–5."),
        ),
        (upfront + yearly * annuity(1, 4), N_("that covers four years; the task asks for five.")),
        (
            upfront + (5_000 + 15_000 + 90_000) * annuity(1, 5),
            N_("the licence is per user: multiply ¥5,000 by the 50 users."),
        ),
        (
            upfront + (yearly + 45_000) * annuity(1, 5),
            N_("training costs ¥60,000 once, before go-live, then ¥15,000 a year; not ¥60,000 a year."),
        ),
        (tco(_task_profile(training_per_year=0)), N_("the yearly training of ¥15,000 is missing.")),
        (tco(_task_profile(operations_per_year=0)), N_("the yearly operations of ¥90,000 are missing.")),
        (
            upfront + yearly * sum(0.92**t for t in range(1, 6)),
            N_("that multiplies by 0.92^t; discounting divides by 1.08^t."),
        ),
        (upfront + yearly * annuity(1, 5, rate=8), N_("the discount rate went in as 8; 8 % is 0.08.")),
        (expected / 1e6, N_("give the TCO in CNY, not in millions."), 1),
        (expected / 1e3, N_("give the TCO in CNY, not in thousands."), 0),
    ]
    return expected, slips


@task(
    "ch06.tco",
    N_("five-year TCO of the offered option"),
    hints=[
        N_(
            "Describe the offer as a `selection.CostProfile` (50 users, ¥5,000 per user and "
            "year, and the one-off and yearly costs of the task), then discount."
        ),
        N_(
            "`selection.total_cost_of_ownership(profile, years=5, discount_rate=0.08)`: one-off "
            "costs in year 0 are not discounted, yearly costs at the end of years 1–5 are. Give "
            "it to the nearest thousand yuan."
        ),
    ],
)
def _tco(answer):
    value = number_like(answer, "tco_offer")
    expected, slips = _tco_values()
    judge_number(
        value,
        expected,
        slips=_translated(slips),
        name="tco_offer",
        decimals=-3,
        unit=tr(" CNY"),
        close_hint=tr(
            "Did you round the discount factors (to two or three decimals, as in a "
            "printed table)? Keep them unrounded."
        ),
        far_hint=tr("Add the year-0 costs to each year's costs discounted by 1 / 1.08^t, t = 1…5."),
    )


# ------------------------------------------------------------------------------ 6.5
@lru_cache(maxsize=8)
def _compare(split, k, item):
    from ..recommend import compare

    return compare(shipped("orders"), split=split, k=k, item=item)


def _lift(split=SPLIT, k=K, item=("category", "channel"), metric="hit_rate"):
    table = _compare(split, k, item)
    return float(table.loc["item-to-item", metric] / table.loc["popularity", metric])


@lru_cache(maxsize=1)
def _lift_values():
    table = _compare(SPLIT, K, ("category", "channel"))
    hit = table["hit_rate"]
    right = _lift()
    slips = [
        (1 / right, N_("that is popularity ÷ item-to-item; the lift is item-to-item ÷ popularity.")),
        (
            hit["item-to-item"] - hit["popularity"],
            N_("that is the difference of the hit rates; the lift is their ratio."),
        ),
        (right - 1, N_("that is the relative improvement (lift − 1); the task asks for the ratio itself.")),
        (right * 100, N_("that looks like a percentage; give the ratio (1.5, not 150)."), 0),
        (hit["item-to-item"], N_("that is item-to-item's hit rate alone; divide it by popularity's.")),
        (
            hit["popularity"],
            N_("that is popularity's hit rate alone; the lift is item-to-item's hit rate divided by it."),
        ),
        (
            _lift(metric="precision_at_k"),
            N_("that is the ratio of precision@k; the task asks for the hit rates."),
        ),
        (
            _lift(item="category"),
            N_(
                "that uses categories as items; make an item a category in a "
                "channel, item=('category', 'channel')."
            ),
        ),
        (
            _lift(item="channel"),
            N_(
                "that uses channels as items; make an item a category in a "
                "channel, item=('category', 'channel')."
            ),
        ),
        (_lift(k=3), N_("that is for k = 3 (the default); the task recommends 2 items.")),
        (_lift(k=1), N_("that is for k = 1; the task recommends 2 items.")),
        (
            _lift(split="2024-07-01"),
            N_("that splits on 2024-07-01; the task fits on the orders before 2024-10-01."),
        ),
    ]
    return right, slips


@task(
    "ch06.recommender_lift",
    N_("hit rate of item-to-item against popularity"),
    hints=[
        N_(
            "Fit on the orders before 2024-10-01 and score on the orders from that day on, "
            "k = 2, with an item being a category in a channel."
        ),
        N_(
            "`recommend.compare(orders, split='2024-10-01', k=2, item=('category', 'channel'))` "
            "gives both hit rates; divide item-to-item's by popularity's, to two decimals."
        ),
    ],
)
def _recommender_lift(answer):
    value = number_like(answer, "lift")
    expected, slips = _lift_values()
    judge_number(
        value,
        expected,
        slips=_translated(slips),
        name="lift",
        decimals=2,
        close_hint=tr("Did you round the two hit rates before dividing? Divide the unrounded rates."),
        far_hint=tr(
            "Divide item-to-item's hit rate by popularity's, both from "
            "`recommend.compare` with the task's split, k and item."
        ),
    )


# ------------------------------------------------------------------------------ 6.6
def _winner(cost_weight, rescale=True):
    from ..selection import selection_matrix

    if rescale:
        rest = 1 - cost_weight
        weights = {c: w / sum(_BASE_WEIGHTS.values()) * rest for c, w in _BASE_WEIGHTS.items()}
    else:
        weights = dict(_BASE_WEIGHTS)
    weights["total_cost"] = cost_weight
    return selection_matrix(weights=weights).index[0]


@lru_cache(maxsize=2)
def _smallest_cost_weight(rescale=True):
    for step in range(0, 101):
        weight = step / 100
        if _winner(weight, rescale) == "small_business_cloud":
            return weight
    return float("nan")


@task(
    "ch06.cost_weight",
    N_("the cost weight that makes the small-business CRM win"),
    hints=[
        N_(
            "Try cost weights 0.00, 0.01, … 1.00; give the other three criteria the rest of the "
            "weight, 1 − w, in the default proportions 35 : 25 : 20."
        ),
        N_(
            "For each weight build the weights dict, call `selection.selection_matrix(weights=...)` "
            "and look at `.index[0]`; stop at the first weight where it is "
            "'small_business_cloud'."
        ),
    ],
)
def _cost_weight(answer):
    value = number_like(answer, "cost_weight")
    right = _smallest_cost_weight()
    if math.isfinite(value) and to_precision(value, right, 2):
        return None
    if 1 < value <= 100 and to_precision(value / 100, right, 2):
        raise Wrong(tr("that looks like a percentage; give the weight as a fraction (0.25, not 25)."))
    if not 0 <= value <= 1:
        raise Wrong(tr("a weight is between 0 and 1; got {value:g}.").format(value=value))
    if to_precision(value, 1 - right, 2):
        raise Wrong(
            tr(
                "that is the weight left for the other three criteria, 1 − w; store the "
                "weight of `total_cost` itself."
            )
        )
    if to_precision(value, _smallest_cost_weight(rescale=False), 2):
        raise Wrong(
            tr(
                "the other three weights were left at 0.35, 0.25 and 0.20, so the weights "
                "add up to more than 1 and are rescaled: give the three criteria 1 − w "
                "together, in the proportions 35 : 25 : 20."
            )
        )
    if to_precision(value, 0.20, 2):
        raise Wrong(tr("0.20 is the default cost weight, at which the cloud suite wins; raise it."))
    if value < right:
        raise Wrong(
            tr(
                "at a cost weight of {value:.2f} the option ranked first is "
                "{option}, not the small-business CRM: raise the weight."
            ).format(value=value, option=repr(_winner(value)))
        )
    raise Wrong(
        tr(
            "at {value:.2f} the small-business CRM wins, but it already wins at a lower "
            "weight: find the smallest, in steps of 0.01."
        ).format(value=value)
    )


# The capstone tasks of the turnaround case live in their own module; importing it here
# registers them whenever a "ch06.…" task is looked up.
from . import ch06_capstone  # noqa: E402,F401  (registers the capstone tasks)
