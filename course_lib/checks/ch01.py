"""Checks of chapter 1's exercises: retention economics by hand, the CAC ratio, a health-score
component, the share under the alert line, the score's AUC, the silo join, CRM types."""

from __future__ import annotations

from functools import lru_cache

import numpy as np
import pandas as pd

from . import NotAttempted, Wrong, close, number_like, task

# ------------------------------------------------------------------------------ 1.1
_BOX = dict(margin=200.0, acquisition_cost=400.0, discount_rate=0.0, years=5, cohort_size=1)


def _box_profit(retention, **overrides):
    from ..metrics import cohort_economics

    settings = _BOX | overrides
    return float(cohort_economics(retention=retention, **settings)["discounted"].sum())


@task("ch01.retention_uplift", "profit uplift of five more points of retention",
      hints=["Profit of one customer over five years = margin × (1 + r + r² + r³ + r⁴) − CAC; "
             "compute it at r = 0.60 and at r = 0.65.",
             "The uplift is (profit after − profit before) / profit before, a fraction; the CAC "
             "is paid once, in both cases."])
def _retention_uplift(answer):
    value = number_like(answer, "uplift")
    before, after = _box_profit(0.60), _box_profit(0.65)
    expected = (after - before) / before
    if close(value, expected * 100, rel=1e-3):
        raise Wrong("that looks like a percentage; give the fraction (0.5, not 50).")
    if close(value, after - before, rel=1e-3):
        raise Wrong("that is the gain in CNY per customer; the task asks for the relative uplift, "
                    "(after − before) / before.")
    no_cac = (after + 400) / (before + 400) - 1
    if close(value, no_cac, rel=1e-3):
        raise Wrong("that compares the margins only: profit is margin minus the acquisition cost "
                    "of ¥400, paid once per customer.")
    relative = _box_profit(0.63)
    if close(value, (relative - before) / before, rel=1e-3):
        raise Wrong("that raises retention by 5 % *of* 0.60 (to 0.63); the task adds five "
                    "points, to 0.65.")
    discounted = (_box_profit(0.65, discount_rate=0.1) - _box_profit(0.60, discount_rate=0.1)) \
        / _box_profit(0.60, discount_rate=0.1)
    if close(value, discounted, rel=1e-3):
        raise Wrong("that discounts the margins; this task has no discounting (discount rate 0).")
    six_years = (_box_profit(0.65, years=6) - _box_profit(0.60, years=6)) / _box_profit(0.60, years=6)
    four_years = (_box_profit(0.65, years=4) - _box_profit(0.60, years=4)) / _box_profit(0.60, years=4)
    if close(value, six_years, rel=1e-3) or close(value, four_years, rel=1e-3):
        raise Wrong("count five years of margin: the year of acquisition and four more (r⁰ … r⁴).")
    if not close(value, expected, rel=1e-3):
        raise Wrong(f"{value:.4f} does not match: check margin 200, CAC 400, five years and the "
                    "two retention rates.")


# ------------------------------------------------------------------------------ 1.2
@lru_cache(maxsize=8)
def _costs(budget=250_000.0):
    from ..data import load_campaigns, load_customers, load_followups, load_loyalty, load_orders
    from ..metrics import acquisition_vs_retention

    return acquisition_vs_retention(load_orders(), load_customers(), load_campaigns(),
                                    load_followups(), load_loyalty(), year=2024,
                                    costs={"acquisition_budget": budget})


@task("ch01.cac_ratio", "acquisition against retention cost per customer",
      hints=["Call `metrics.acquisition_vs_retention` on the course tables for 2024 with "
             "`costs={\"acquisition_budget\": 250_000}`.",
             "Divide the `marketing_per_customer` of the `acquire` row by that of the `retain` "
             "row: how many times more does winning a customer cost?"])
def _cac_ratio(answer):
    value = number_like(answer, "cac_ratio")
    table = _costs()
    expected = table.loc["acquire", "marketing_per_customer"] / table.loc["retain", "marketing_per_customer"]
    if close(value, 1 / expected, rel=1e-3):
        raise Wrong("that is retain ÷ acquire; the question is how many times more *winning* a "
                    "customer costs, acquire ÷ retain.")
    default = _costs(300_000.0)
    if close(value, default.loc["acquire", "marketing_per_customer"]
             / default.loc["retain", "marketing_per_customer"], rel=1e-3):
        raise Wrong("that uses the default budget of ¥300,000; the task sets ¥250,000.")
    if close(value, table.loc["acquire", "per_customer"] / table.loc["retain", "per_customer"], rel=1e-3):
        raise Wrong("that includes the discounts (`per_customer`); compare the marketing cost "
                    "per customer only.")
    if close(value, table.loc["acquire", "per_order"] / table.loc["retain", "per_order"], rel=1e-3):
        raise Wrong("that compares cost per order; the task compares marketing cost per customer.")
    if not close(value, expected, rel=1e-3):
        raise Wrong(f"{value:.3f} does not match: use year 2024, the ¥250,000 budget and the "
                    "`marketing_per_customer` column.")


# ------------------------------------------------------------------------------ 1.3
_DAYS = np.array([0.0, 30.0, 60.0, 120.0, 240.0, 365.0])


@task("ch01.recency_component", "the recency component of the health score",
      hints=["The component is 100 on the day of an order and halves every 120 days.",
             "100 × 0.5 ** (days / 120): 50 after 120 days, 25 after 240."])
def _recency_component(answer):
    if not callable(answer):
        raise Wrong(f"recency_score should be a function; you gave a {type(answer).__name__}.")
    result = answer(_DAYS.copy())
    if result is None:
        raise NotAttempted()
    try:
        got = np.asarray(result, dtype=float).ravel()
    except (TypeError, ValueError):
        raise Wrong("recency_score should return numbers, one per value of `days`.") from None
    if got.shape != _DAYS.shape:
        raise Wrong(f"for {len(_DAYS)} values of days, recency_score returned {got.size} values; "
                    "return one score per customer.")
    expected = 100 * 0.5 ** (_DAYS / 120)
    if np.allclose(got, expected / 100, rtol=1e-6):
        raise Wrong("the scores run from 0 to 1; the health score's components are on 0–100.")
    if np.allclose(got, 100 - expected, rtol=1e-6):
        raise Wrong("the score rises with the days since the last order; a recent order should "
                    "score high, a long silence low.")
    if np.allclose(got, 100 * np.exp(-_DAYS / 120), rtol=1e-6):
        raise Wrong("exp(−days/120) falls to 37 %, not half, after 120 days; use 0.5 ** (days / 120).")
    if np.allclose(got, 100 * 0.5 ** (_DAYS / 90), rtol=1e-6):
        raise Wrong("that halves every 90 days; the component's half-life is 120 days.")
    if not np.allclose(got, expected, rtol=1e-6):
        wrong = int((~np.isclose(got, expected, rtol=1e-6)).sum())
        raise Wrong(f"{wrong} of {len(_DAYS)} test values are off: a customer who ordered today "
                    "scores 100, one who ordered 120 days ago 50.")


# ------------------------------------------------------------------------------ 1.4
_SHARE_DAY = pd.Timestamp("2024-09-30")


@lru_cache(maxsize=8)
def _share_parts():
    from ..data import load_orders
    from ..metrics import health_scores

    scores = health_scores(as_of=_SHARE_DAY)
    orders = load_orders()
    last = orders[orders["order_date"] < _SHARE_DAY].groupby("customer_id")["order_date"].max()
    active = ((_SHARE_DAY - last).dt.days < 180).reindex(scores["customer_id"]).to_numpy()
    return scores["health_score"].to_numpy(), active


@task("ch01.share_under", "share of active customers under the alert line",
      hints=["Score the week before 2024-09-30 with `metrics.health_scores(as_of=\"2024-09-30\")`, "
             "then keep the customers whose last order before that day is less than 180 days old.",
             "Among those active customers, the share with `health_score` < 75, as a fraction."])
def _share_under(answer):
    value = number_like(answer, "share_under")
    score, active = _share_parts()
    expected = float((score[active] < 75).mean())
    if close(value, expected * 100, rel=1e-4):
        raise Wrong("that looks like a percentage; give the fraction (0.3, not 30).")
    if close(value, 1 - expected, rel=1e-4):
        raise Wrong("that is the share at or above 75; the task asks for the share under it.")
    if close(value, float((score < 75).mean()), rel=1e-4):
        raise Wrong("that counts every scored customer, including those gone for months; keep "
                    "only customers with an order in the 180 days before 2024-09-30.")
    if close(value, float((score[active] < 75).sum()), rel=1e-4):
        raise Wrong("that is a count of customers; divide by the number of active customers.")
    if not close(value, expected, rel=1e-4):
        raise Wrong(f"{value:.4f} does not match: score the week before 2024-09-30 with the "
                    "default weights and count active customers (last order < 180 days).")


# ------------------------------------------------------------------------------ 1.5
@lru_cache(maxsize=8)
def _labelled():
    from ..data import load_orders
    from ..metrics import health_scores, label_scores

    return label_scores(health_scores(as_of="2024-07-01", weeks=4), load_orders(),
                        horizon_days=180, active_days=180)


@task("ch01.score_auc", "ROC AUC of the health score for churn",
      hints=["`sklearn.metrics.roc_auc_score(labels, scores)` expects scores that are *higher* "
             "for the positive class (lost = True).",
             "A low health score should mean churn, so pass the negative score: "
             "`roc_auc_score(labelled['lost'], -labelled['health_score'])`."])
def _score_auc(answer):
    from ..metrics import _auc

    value = number_like(answer, "score_auc")
    table = _labelled()
    expected = _auc(table["lost"], -table["health_score"])
    if close(value, 1 - expected, rel=1e-4):
        raise Wrong("below 0.5: the score was used the wrong way round. A *low* score should "
                    "predict churn — pass minus the score.")
    if close(value, expected * 100, rel=1e-4):
        raise Wrong("that looks like a percentage; AUC is a number between 0 and 1.")
    if not close(value, expected, rel=1e-3):
        raise Wrong(f"{value:.4f} does not match: use the four weeks of `labelled` as built in the "
                    "cell above, with `lost` as the labels.")


# ------------------------------------------------------------------------------ 1.6
@lru_cache(maxsize=8)
def _silo_expected(**overrides):
    from ..data import load_orders, load_tickets
    from ..metrics import silo_customers

    settings = dict(as_of="2024-07-01", top=0.2, window_days=180, response_hours=1.0) | overrides
    return set(silo_customers(load_orders(), load_tickets(), **settings).index)


@task("ch01.silo_join", "high spenders with a late-answered complaint",
      hints=["Sales view: total `amount` per customer over the 365 days before 2024-07-01; keep "
             "the top 20 % of those buyers. Service view: tickets opened in the 180 days before, "
             "first answered more than 1 hour after opening.",
             "The answer is the customers on *both* lists: e.g. "
             "`high.index.intersection(late_ids)` — a list of customer ids."])
def _silo_join(answer):
    if isinstance(answer, (str, bytes)) or np.isscalar(answer):
        raise Wrong("silo_ids should be a list of customer ids, e.g. ['C00368', …].")
    if isinstance(answer, pd.DataFrame):
        got = {str(x) for x in answer.index}
    else:
        try:
            got = {str(x) for x in list(answer)}
        except TypeError:
            raise Wrong("silo_ids should be a list of customer ids.") from None
    expected = _silo_expected()
    if got == expected:
        return None
    if got == _silo_expected(response_hours=0.0):
        raise Wrong("that takes every high spender who complained; keep only complaints first "
                    "answered more than 1 hour after they were opened.")
    if got == _silo_expected(window_days=365):
        raise Wrong("that looks back a whole year for complaints; the service view covers the "
                    "180 days before 2024-07-01.")
    if len(got) > 3 * len(expected):
        raise Wrong(f"{len(got):,} customers is far more than the join gives; keep the customers "
                    "on *both* lists, not either.")
    missing, extra = len(expected - got), len(got - expected)
    raise Wrong(f"{missing} customer(s) missing and {extra} too many: check the 365-day spend "
                "window before 2024-07-01 and that the top 20 % is taken among buyers of that year.")


# ------------------------------------------------------------------------------ 1.7
_CRM_TYPES = {"a": "operational", "b": "analytical", "c": "collaborative", "d": "operational",
              "e": "analytical", "f": "collaborative"}
_ALIASES = {"运营型": "operational", "分析型": "analytical", "协作型": "collaborative",
            "operation": "operational", "analysis": "analytical", "analytic": "analytical",
            "collaboration": "collaborative"}


@task("ch01.crm_types", "operational, analytical or collaborative CRM",
      hints=["Ask of each activity: does it *run* a daily process (operational), *read* the data "
             "for a decision (analytical), or *share* what one team knows with another team or "
             "partner (collaborative)?",
             "Two activities of each kind. A shared view across teams is collaborative even if it "
             "shows data; a report or dashboard is analytical."])
def _crm_types(answer):
    if not isinstance(answer, dict):
        raise Wrong(f"crm_types should be a dict such as {{'a': 'operational', …}}; you gave a "
                    f"{type(answer).__name__}.")
    if all(v is Ellipsis for v in answer.values()):
        raise NotAttempted()
    keys = {str(k).strip().lower(): v for k, v in answer.items()}
    missing = sorted(set(_CRM_TYPES) - set(keys))
    if missing:
        raise Wrong(f"activities {missing} have no answer; give one of 'operational', "
                    "'analytical' or 'collaborative' for each of a–f.")
    got = {}
    for key in _CRM_TYPES:
        word = str(keys[key]).strip().lower()
        got[key] = _ALIASES.get(word, word)
    unknown = sorted(k for k, v in got.items() if v not in {"operational", "analytical", "collaborative"})
    if unknown:
        raise Wrong(f"the answers for {unknown} are not one of 'operational', 'analytical', "
                    "'collaborative'.")
    wrong = sorted(k for k in _CRM_TYPES if got[k] != _CRM_TYPES[k])
    if not wrong:
        return None
    if any(got[k] == "analytical" for k in ("c", "f") if k in wrong):
        raise Wrong(f"{len(wrong)} of 6 wrong: a view *shared* across teams or partners is "
                    "collaborative CRM, even though it shows data.")
    if any(got[k] == "analytical" for k in ("a", "d") if k in wrong):
        raise Wrong(f"{len(wrong)} of 6 wrong: an activity that carries out a daily process — "
                    "sending a message, working a pipeline — is operational, however automated.")
    raise Wrong(f"{len(wrong)} of 6 wrong: {wrong}. Decide whether each one runs, reads or shares.")
