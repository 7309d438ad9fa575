"""Checks of chapter 5's exercises: CLV, BG/NBD on CDNOW, churn labels, targeting by value,
loyalty and referral programme economics."""

from __future__ import annotations

import numpy as np
import pandas as pd

from . import NotAttempted, Wrong, close, frame_like, number_like, task

CALIBRATION_END, OBSERVATION_END = "1997-09-30", "1998-06-30"
PUBLISHED = {"r": 0.243, "alpha": 4.414, "a": 0.793, "b": 2.426}


def _cdnow_summary(**overrides):
    from ..clv import summarize
    from ..data import load_cdnow

    options = dict(customer="customer_id", date="date", amount="amount",
                   calibration_end=CALIBRATION_END, observation_end=OBSERVATION_END, unit="W")
    options.update(overrides)
    return summarize(load_cdnow(), **options)


# ------------------------------------------------------------------------------ 5.1
def _simple(retention):
    return 300 * retention / (1 + 0.10 - retention)


@task("ch05.clv_gain", "CLV gain from five more points of retention",
      hints=["Compute the simple CLV twice, with retention 0.60 and 0.65, margin 300 and "
             "discount rate 0.10, then compare the two.",
             "CLV = margin × retention / (1 + discount − retention); the gain is "
             "(new − old) / old, a fraction such as 0.15 for +15 %."])
def _clv_gain(answer):
    value = number_like(answer, "clv_gain")
    old, new = _simple(0.60), _simple(0.65)
    expected = (new - old) / old
    if close(value, new - old, rel=1e-3):
        raise Wrong("that is the gain in CNY; the task asks for the relative gain, "
                    "(new − old) / old, as a fraction.")
    if close(value, expected * 100, rel=1e-3):
        raise Wrong("that looks like a percentage; give the fraction (0.15, not 15).")
    no_discount = (300 * 0.65 / 0.35 - 300 * 0.60 / 0.40) / (300 * 0.60 / 0.40)
    if close(value, no_discount, rel=1e-3):
        raise Wrong("that leaves out the discount rate: the denominator is 1 + 0.10 − retention.")
    if close(value, (new - old) / new, rel=1e-3):
        raise Wrong("you divided by the new CLV; a gain is measured against the old one.")
    if close(value, 0.05 / 0.60, rel=1e-3):
        raise Wrong("that is the relative change of the retention rate itself, not of CLV.")
    if not close(value, expected, rel=1e-3):
        raise Wrong(f"{value:.4f} does not match: check margin 300, discount 0.10 and the two "
                    "retention rates 0.60 and 0.65.")


# ------------------------------------------------------------------------------ 5.2
@task("ch05.cdnow_summary", "CDNOW calibration/holdout summary",
      hints=["Use `clv.summarize` on the CDNOW log with `calibration_end` and `observation_end`.",
             "Times are in weeks (`unit=\"W\"`): the calibration period ends 1997-09-30, the "
             "observation 1998-06-30."])
def _cdnow_summary_check(answer):
    table = frame_like(answer, "cdnow_summary")
    needed = ["frequency", "recency", "T", "monetary", "frequency_holdout", "duration_holdout"]
    missing = [c for c in needed if c not in table.columns]
    if "frequency_holdout" in missing:
        raise Wrong("there is no `frequency_holdout` column: pass `calibration_end` so the "
                    "log is split into calibration and holdout.")
    if missing:
        raise Wrong(f"columns {missing} are missing: pass `amount='amount'` and keep all columns.")
    expected = _cdnow_summary()
    if len(table) != len(expected):
        raise Wrong(f"{len(table):,} rows, but the sample has {len(expected):,} customers: keep "
                    "one row per customer, none dropped.")
    if table["T"].max() > 100:
        raise Wrong("`T` runs up to about 272: those are days. The papers count in weeks — "
                    "`unit='W'`.")
    table = table.reindex(expected.index)
    if table["frequency_holdout"].isna().any():
        raise Wrong("the index should be the CDNOW customer ids as summarize returns them.")
    if not np.allclose(table["duration_holdout"], 39.0, atol=0.3):
        raise Wrong("`duration_holdout` is off: the holdout runs from 1997-09-30 to 1998-06-30.")
    if not np.allclose(table["T"], expected["T"], atol=1e-6):
        raise Wrong("`T` does not match: the calibration period ends on 1997-09-30.")
    for column in ("frequency", "recency", "monetary", "frequency_holdout"):
        if not np.allclose(table[column], expected[column], atol=1e-6):
            raise Wrong(f"`{column}` differs for some customers; build the table with "
                        "`clv.summarize` rather than by hand.")


# ------------------------------------------------------------------------------ 5.3
@task("ch05.bgnbd_fit", "BG/NBD fitted on the CDNOW calibration period",
      hints=["Create `clv.BetaGeo()` and call `.fit(frequency, recency, T)` with the three "
             "columns of the calibration summary.",
             "Write `summary[\"T\"]`, not `summary.T` — `.T` is pandas' transpose."])
def _bgnbd_fit(answer):
    from ..clv import BetaGeo

    if not isinstance(answer, BetaGeo):
        raise Wrong(f"bg should be a fitted clv.BetaGeo; you gave a {type(answer).__name__}.")
    try:
        params = answer.params_
    except AttributeError:
        raise Wrong("this BetaGeo is not fitted yet: call `.fit(...)` on it.") from None
    if answer.n_customers_ != 2357:
        raise Wrong(f"the model was fitted on {answer.n_customers_:,} customers; fit it on all "
                    "2,357 customers of the summary.")
    if params["alpha"] > 20:
        raise Wrong("alpha is far larger than the paper's: were recency and T given in days? "
                    "Use the weekly summary.")
    off = [name for name, value in PUBLISHED.items() if round(params[name], 3) != value]
    if off:
        raise Wrong(f"{off} differ from the published fit: fit on the calibration period only "
                    "(the summary with `calibration_end='1997-09-30'`).")


# ------------------------------------------------------------------------------ 5.4
def _label_cases():
    orders = pd.DataFrame({
        "customer_id": ["a", "a", "b", "c", "c", "d", "e", "e"],
        "order_date": pd.to_datetime(["2024-01-10", "2024-03-15", "2024-02-01", "2024-01-20",
                                      "2024-08-20", "2024-04-01", "2023-12-31", "2024-07-29"]),
        "amount": [120.0, 80.0, 60.0, 200.0, 90.0, 40.0, 75.0, 30.0]})
    return orders, pd.Timestamp("2024-03-01"), 150


@task("ch05.churn_label", "churn labels without looking ahead",
      hints=["Customers to label are those with an order *before* `as_of`; the others had not "
             "bought yet and cannot be lost.",
             "A customer is lost (True) when none of their orders falls in "
             "[as_of, as_of + horizon_days). Compare dates with `<` at the window's end.",
             "`before = orders.loc[orders['order_date'] < as_of, 'customer_id'].unique()`, then "
             "the customers with an order inside the window are kept."])
def _churn_label(answer):
    if not callable(answer):
        raise Wrong(f"lost_flags should be a function; you gave a {type(answer).__name__}.")
    orders, as_of, horizon = _label_cases()
    result = answer(orders.copy(), as_of, horizon)
    if result is None:
        raise NotAttempted()
    if not isinstance(result, pd.Series):
        raise Wrong(f"lost_flags should return a pandas Series; it returned a {type(result).__name__}.")
    got = {str(k): bool(v) for k, v in result.items()}
    # a: 01-10 and 03-15 → kept; b: 02-01 only → lost; c: 01-20 and 08-20, after the window →
    # lost; e: 12-31 and 07-29, the day the 150-day window ends (excluded) → lost; d: first
    # order after as_of → not labelled
    expected = {"a": False, "b": True, "c": True, "e": True}
    if "d" in got:
        raise Wrong("a customer whose first order comes after `as_of` got a label; only customers "
                    "who bought before `as_of` can be lost.")
    if set(got) != set(expected):
        raise Wrong(f"your Series covers {sorted(got)}; it should cover every customer with an "
                    "order before `as_of`.")
    if all(got[k] != v for k, v in expected.items()):
        raise Wrong("every label is the wrong way round: True should mean lost (no order in the "
                    "window).")
    if got["e"] is False:
        raise Wrong("a customer whose next order fell on the window's end day was counted as "
                    "kept: the window is [as_of, as_of + horizon_days), end excluded.")
    if got != expected:
        wrong = sorted(k for k in expected if got[k] != expected[k])
        raise Wrong(f"{len(wrong)} of {len(expected)} small test customers got the wrong label; "
                    "look only at orders inside the window.")


# ------------------------------------------------------------------------------ 5.5
def _targeting_cases():
    scored = pd.DataFrame({
        "p_lost": [0.95, 0.90, 0.85, 0.40, 0.35, 0.20, 0.10, 0.60],
        "clv": [40.0, 60.0, 30.0, 3000.0, 2500.0, 5000.0, 8000.0, 900.0]},
        index=pd.Index(["A", "B", "C", "D", "E", "F", "G", "H"], name="customer_id"))
    return scored


@task("ch05.value_targeting", "contact by expected value saved",
      hints=["Rank customers by what a call is expected to save, not by risk alone.",
             "Expected value saved = p_lost × save_rate × clv − contact_cost; keep the n "
             "customers with the largest values.",
             "`churn.expected_value_saved(scored['p_lost'], scored['clv'], save_rate=..., "
             "contact_cost=...)` computes it; `nlargest` picks the top n."])
def _value_targeting(answer):
    from ..churn import expected_value_saved

    if not callable(answer):
        raise Wrong(f"pick_customers should be a function; you gave a {type(answer).__name__}.")
    scored = _targeting_cases()
    result = answer(scored.copy(), 3)
    if result is None:
        raise NotAttempted()
    try:
        picked = [str(x) for x in list(result)]
    except TypeError:
        raise Wrong("pick_customers should return a list (or Index) of customer ids.") from None
    if len(picked) != 3:
        raise Wrong(f"asked for 3 customers, pick_customers returned {len(picked)}.")
    if not set(picked) <= set(scored.index):
        raise Wrong("return the customer ids (the index of `scored`), not positions or values.")
    ev = pd.Series(expected_value_saved(scored["p_lost"], scored["clv"], save_rate=0.25,
                                        contact_cost=30.0), index=scored.index)
    if set(picked) == set(scored["p_lost"].nlargest(3).index):
        raise Wrong("those are the three likeliest to leave, but they are worth little: weigh "
                    "the risk by the value at stake.")
    if set(picked) == set(scored["clv"].nlargest(3).index):
        raise Wrong("those are the three most valuable, but one of them is very unlikely to "
                    "leave: weigh the value by the churn probability.")
    if set(picked) != set(ev.nlargest(3).index):
        raise Wrong("that is not the top 3 by p_lost × save_rate × clv − contact_cost; check "
                    "the formula and that you sort in descending order.")


# ------------------------------------------------------------------------------ 5.6
def _spend_2024():
    from ..data import load_orders

    orders = load_orders()
    in_2024 = orders[orders["order_date"].dt.year == 2024]
    return in_2024.groupby("customer_id")["amount"].sum()


@task("ch05.break_even_lift", "break-even retention lift of the points programme",
      hints=["Take each customer's total `amount` in 2024 (customers who ordered in 2024), "
             "then call `loyalty.break_even_retention_lift` with the settings of the task.",
             "The settings: earn_rate=1, point_value=0.01, redemption_rate=0.6, margin=0.45, "
             "spend_lift=0.04, running_cost=15; the answer is a fraction (0.02 = 2 points)."])
def _break_even(answer):
    from ..loyalty import break_even_retention_lift

    value = number_like(answer, "break_even")
    settings = dict(earn_rate=1.0, point_value=0.01, redemption_rate=0.6, margin=0.45,
                    spend_lift=0.04, running_cost=15.0)
    spend = _spend_2024()
    expected = break_even_retention_lift(spend, **settings)
    if close(value, expected * 100, rel=1e-4):
        raise Wrong("that looks like a percentage; give the fraction (0.02 for 2 points).")
    if close(value, break_even_retention_lift(spend, **(settings | {"redemption_rate": 0.7})), rel=1e-4):
        raise Wrong("that uses the default redemption rate 0.7; the task sets 0.6.")
    from ..data import load_orders

    orders = load_orders()
    both = orders.groupby("customer_id")["amount"].sum()
    if close(value, break_even_retention_lift(both, **settings), rel=1e-4):
        raise Wrong("that uses both years of orders; take the spend of 2024 only.")
    if not close(value, expected, rel=1e-4):
        raise Wrong(f"{value:.4f} does not match: check the 2024 filter and each setting of the task.")


# ------------------------------------------------------------------------------ 5.7
_REFERRAL = dict(share_referring=0.08, invites=4.0, accept_rate=0.25, first_order_rate=0.5,
                 referrer_reward=200.0, newcomer_reward=200.0, vip_after=3, vip_cost=300.0,
                 rounds=3)


@task("ch05.referral_cost", "cost per new customer of the referral programme",
      hints=["Call `loyalty.referral_programme(5000, ...)` with the task's settings and read "
             "`cost_per_customer` of the result.",
             "Rewards are paid only after the newcomer's first order: `pay_after_first_order=True`."])
def _referral_cost(answer):
    from ..loyalty import referral_programme

    value = number_like(answer, "referral_cost")
    right = referral_programme(5000, pay_after_first_order=True, **_REFERRAL)
    upfront = referral_programme(5000, pay_after_first_order=False, **_REFERRAL)
    if close(value, upfront.cost_per_customer, rel=1e-4):
        raise Wrong("that pays the rewards at sign-up, also for newcomers who never order; the "
                    "programme pays only after the first order.")
    signups = float(right.table["signups"].sum())
    if close(value, right.cost / signups, rel=1e-4):
        raise Wrong("you divided by sign-ups; an acquired customer is one who placed a first order.")
    if close(value, right.cost, rel=1e-4):
        raise Wrong("that is the total cost; divide by the number of new customers.")
    if close(value, float(right.table["reward_cost"].sum()) / right.new_customers, rel=1e-4):
        raise Wrong("the year-of-VIP bonus for referrers with 3+ successful referrals is missing.")
    if not close(value, right.cost_per_customer, rel=1e-4):
        raise Wrong(f"{value:,.2f} does not match: check each setting of the task, rounds=3 included.")
