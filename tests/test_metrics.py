"""Retention economics, acquisition vs retention cost, the health score and its validation,
KPI layers, the silo join and the claims of chapter 1."""

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from course_lib import metrics
from course_lib.validation import CourseDataError


# ------------------------------------------------------------------ retention economics
def test_cohort_economics_follows_the_survivors_and_discounts_each_year():
    table = metrics.cohort_economics(margin=100, retention=0.5, acquisition_cost=50,
                                     discount_rate=0.1, years=3, cohort_size=8)
    assert table["active"].tolist() == [0.0, 8.0, 4.0, 2.0]
    assert table.loc[0, "cash"] == -400.0
    assert table.loc[2, "discounted"] == pytest.approx(400 / 1.1 ** 2)
    assert table["cumulative"].iloc[-1] == pytest.approx(-400 + 800 / 1.1 + 400 / 1.21 + 200 / 1.331)


def test_referrals_cross_sell_and_care_cost_enter_the_cash():
    base = dict(margin=100, retention=1.0, acquisition_cost=0, discount_rate=0.0, years=2, cohort_size=1)
    table = metrics.cohort_economics(referral_rate=0.5, cross_sell_growth=0.1, retention_cost=20, **base)
    assert table.loc[1, "cash"] == pytest.approx(100 + 50 - 20)
    assert table.loc[2, "cash"] == pytest.approx(110 + 50 - 20)


@pytest.mark.parametrize("kwargs, message", [
    (dict(retention=1.2), r"`retention` must be ≤ 1; got 1.2"),
    (dict(margin=-5), r"`margin` must be ≥ 0; got -5.0"),
    (dict(years=0), r"`years` must be a whole number ≥ 1; got 0"),
    (dict(discount_rate=float("nan")), r"`discount_rate` must be a finite number"),
])
def test_cohort_economics_refuses_bad_settings(kwargs, message):
    settings_ = dict(margin=100, retention=0.6, acquisition_cost=150) | kwargs
    with pytest.raises(CourseDataError, match=message):
        metrics.cohort_economics(**settings_)


def test_cohort_economics_wants_numbers():
    with pytest.raises(TypeError, match=r"`margin` must be a number; got str"):
        metrics.cohort_economics(margin="100", retention=0.6, acquisition_cost=150)


def test_uplift_matches_the_hand_calculation():
    def profit(r):
        return 200 * sum(r ** t for t in range(5)) - 400

    result = metrics.retention_profit_uplift(margin=200, retention=0.6, acquisition_cost=400,
                                             discount_rate=0.0, years=5, cohort_size=1)
    assert result["uplift"] == pytest.approx((profit(0.65) - profit(0.6)) / profit(0.6))


def test_uplift_is_undefined_for_a_cohort_that_loses_money():
    result = metrics.retention_profit_uplift(margin=50, retention=0.3, acquisition_cost=500)
    assert result["profit_before"] < 0 and np.isnan(result["uplift"])
    with pytest.raises(CourseDataError, match=r"leaves 0–1"):
        metrics.retention_profit_uplift(margin=50, retention=0.98, acquisition_cost=10)


@settings(max_examples=60, deadline=None)
@given(margin=st.floats(50, 2000), retention=st.floats(0.05, 0.9), cac=st.floats(0, 1500),
       discount=st.floats(0, 0.3))
def test_more_retention_never_lowers_profit_and_thinner_profit_means_larger_uplift(margin, retention, cac, discount):
    lo = metrics.retention_profit_uplift(margin=margin, retention=retention, acquisition_cost=cac,
                                         discount_rate=discount)
    assert lo["profit_after"] >= lo["profit_before"] - 1e-6
    hi = metrics.retention_profit_uplift(margin=margin, retention=retention, acquisition_cost=cac + 100,
                                         discount_rate=discount)
    if hi["profit_before"] > 0:      # same gain, smaller base → larger relative uplift
        assert hi["uplift"] >= lo["uplift"] - 1e-9


def test_uplift_grid_marks_where_the_claim_holds():
    grid = metrics.uplift_grid(retentions=[0.3, 0.5, 0.6, 0.9], margins=[200, 300, 800], acquisition_cost=350)
    assert list(grid.columns) == [0.3, 0.5, 0.6, 0.9] and list(grid.index) == [200.0, 300.0, 800.0]
    assert np.isnan(grid.loc[200.0, 0.3])                    # the cohort loses money
    assert grid.loc[800.0].max() < 0.25                        # fat profit: small uplift
    assert ((grid >= 0.25) & (grid <= 0.95)).to_numpy().any()  # the claim's band exists


def test_churn_profit_claim_finds_the_cut_that_reaches_the_target():
    settings_ = dict(margin=300, retention=0.6, acquisition_cost=350, discount_rate=0.1, years=5)
    result = metrics.churn_profit_claim(churn_cut=0.15, target=0.2, **settings_)
    assert result["churn_after"] == pytest.approx(0.34)
    needed = result["churn_cut_for_target"]
    check = metrics.retention_profit_uplift(increase=needed * 0.4, **settings_)["uplift"]
    assert check == pytest.approx(0.2, abs=1e-6)


# --------------------------------------------------------- acquisition vs retention cost
@pytest.fixture
def cost_tables():
    orders = pd.DataFrame({
        "customer_id": ["old", "old", "old", "new", "new", "late"],
        "order_date": pd.to_datetime(["2023-03-01", "2024-02-01", "2024-05-01", "2024-03-01",
                                      "2024-04-01", "2024-06-01"]),
        "discount": [5.0, 10.0, 0.0, 20.0, 4.0, 0.0], "amount": [100.0] * 6})
    customers = pd.DataFrame({"customer_id": ["old", "new", "late"],
                              "signup_date": pd.to_datetime(["2023-01-01", "2024-02-20", "2021-05-05"])})
    campaigns = pd.DataFrame({"customer_id": ["old", "old", "new"],
                              "contact_date": pd.to_datetime(["2024-01-10", "2024-02-10", "2024-05-10"]),
                              "channel": ["sms", "wechat", "sms"], "group": ["treatment", "control", "treatment"]})
    followups = pd.DataFrame({"customer_id": ["old"], "date": pd.to_datetime(["2024-03-01"]),
                              "channel": ["phone"]})
    loyalty = pd.DataFrame({"customer_id": ["old", "new"], "date": pd.to_datetime(["2024-06-01", "2024-06-01"]),
                            "kind": ["redeem", "redeem"], "points": [-500, -300]})
    return orders, customers, campaigns, followups, loyalty


def test_acquisition_vs_retention_counts_new_and_returning_customers(cost_tables):
    costs = {"acquisition_budget": 1000.0, "message": {"sms": 1.0, "wechat": 2.0},
             "followup": {"phone": 10.0}, "point_value": 0.01}
    table = metrics.acquisition_vs_retention(*cost_tables, year=2024, costs=costs)
    # "late" signed up in 2021 and first bought in 2024: reactivated, neither new nor retained
    assert table.loc["acquire", "customers"] == 1 and table.loc["acquire", "discounts"] == 20.0
    assert table.loc["retain", "orders"] == 2 and table.loc["retain", "discounts"] == 10.0
    # one treatment SMS (control costs nothing), one phone call, 500 points at 0.01
    assert table.loc["retain", "marketing"] == pytest.approx(1.0 + 10.0 + 5.0)
    assert table.loc["acquire", "marketing_per_customer"] == 1000.0
    assert table.loc["retain", "per_order"] == pytest.approx((16.0 + 10.0) / 2)


def test_acquisition_vs_retention_names_a_missing_column(cost_tables):
    orders, *rest = cost_tables
    with pytest.raises(CourseDataError, match=r"`orders` lacks column\(s\) \['discount'\]"):
        metrics.acquisition_vs_retention(orders.drop(columns="discount"), *rest)


# ----------------------------------------------------------------------- health score
def _empty(columns):
    return pd.DataFrame({c: pd.Series([], dtype="datetime64[us]") if c not in ("customer_id", "journey_id",
                         "satisfaction", "responded") else pd.Series([], dtype=object) for c in columns})


@pytest.fixture
def small_tables():
    orders = pd.DataFrame({"customer_id": ["a", "a", "a", "b", "c"],
                           "order_date": pd.to_datetime(["2024-03-01", "2024-05-20", "2024-06-25",
                                                         "2023-09-01", "2024-06-03"])})
    surveys = pd.DataFrame({"customer_id": ["a", "a", "c"], "survey_date": pd.to_datetime(
        ["2024-01-05", "2024-06-01", "2024-06-30"]), "satisfaction": [40, 90, 10]})
    tickets = pd.DataFrame({"customer_id": ["c", "c"],
                            "opened_at": pd.to_datetime(["2024-06-10 10:00", "2024-06-20 10:00"]),
                            "first_response_at": pd.to_datetime(["2024-06-10 10:30", "2024-06-20 14:00"]),
                            "resolved_at": pd.to_datetime(["2024-06-11", "2024-07-05"])})
    touchpoints = pd.DataFrame({"customer_id": ["a", "a", "a"], "journey_id": ["J1", "J1", "J2"],
                                "timestamp": pd.to_datetime(["2024-06-01", "2024-06-01", "2024-06-15"])})
    campaigns = pd.DataFrame({"customer_id": ["a", "b"], "contact_date": pd.to_datetime(["2024-06-02", "2024-06-02"]),
                              "responded": [True, False]})
    followups = _empty(["customer_id", "date", "responded"])
    return dict(orders=orders, surveys=surveys, tickets=tickets, touchpoints=touchpoints,
                campaigns=campaigns, followups=followups)


def test_week_starts_are_the_mondays_of_complete_weeks():
    assert week_list("2024-07-03", 2) == ["2024-06-17", "2024-06-24"]
    assert week_list("2024-07-01", 1) == ["2024-06-24"]       # a Monday: the week just ended
    assert week_list("2024-06-30", 1) == ["2024-06-17"]       # a Sunday: that week is not over
    with pytest.raises(CourseDataError, match=r"`weeks` must be a whole number ≥ 1; got 0"):
        metrics.week_starts("2024-07-01", 0)


def week_list(day, n):
    return metrics.week_starts(day, n).strftime("%Y-%m-%d").tolist()


def test_health_components_follow_their_documented_scales(small_tables):
    parts = metrics.health_components(pd.Timestamp("2024-07-01"), small_tables)
    assert parts.loc["a", "recency"] == pytest.approx(100 * 0.5 ** (6 / 120))
    assert parts.loc["a", "frequency"] == 100.0               # 3 orders in 52 weeks, capped
    assert parts.loc["b", "frequency"] == 50.0
    assert parts.loc["a", "satisfaction"] == 90.0             # the latest survey
    assert parts.loc["b", "satisfaction"] == 70.0             # never surveyed: neutral
    assert parts.loc["c", "satisfaction"] == 10.0
    # c: two complaints (−40), one answered after 4 hours (−40), one still open on 07-01 (−30)
    assert parts.loc["c", "service"] == 0.0
    # a: two journeys and one campaign response in 13 weeks → 50 + 50 × (1 − 0.5³)
    assert parts.loc["a", "engagement"] == pytest.approx(50 + 50 * 0.875)
    assert parts.loc["b", "engagement"] == 50.0


def test_health_components_use_nothing_after_the_week_end(small_tables):
    before = metrics.health_components(pd.Timestamp("2024-06-24"), small_tables)
    assert "a" in before.index and before.loc["a", "recency"] == pytest.approx(100 * 0.5 ** (35 / 120))
    assert before.loc["c", "satisfaction"] == 70.0            # the 06-30 survey is not known yet
    assert before.loc["c", "service"] == 0.0                  # 100 − 20 − (20 + 40 + 30), floored
    earlier = metrics.health_components(pd.Timestamp("2024-06-17"), small_tables)
    assert earlier.loc["c", "service"] == 80.0               # only the complaint answered in time
    # a future order changes nothing before it
    later = dict(small_tables, orders=pd.concat([small_tables["orders"], pd.DataFrame(
        {"customer_id": ["b"], "order_date": pd.to_datetime(["2024-06-28"])})]))
    again = metrics.health_components(pd.Timestamp("2024-06-24"), later)
    pd.testing.assert_frame_equal(before, again)


def test_health_scores_contract(small_tables):
    scores = metrics.health_scores(as_of="2024-07-03", weeks=2, tables=small_tables)
    assert list(scores.columns) == ["customer_id", "week", "health_score", *metrics.HEALTH_COMPONENTS]
    assert scores["week"].dt.day_of_week.eq(0).all()
    assert scores.groupby("week").size().to_dict() == {pd.Timestamp("2024-06-17"): 3,
                                                       pd.Timestamp("2024-06-24"): 3}
    assert not scores.duplicated(["customer_id", "week"]).any()
    recomputed = metrics.combine_health(scores[list(metrics.HEALTH_COMPONENTS)])
    np.testing.assert_allclose(scores["health_score"], recomputed)


def test_health_scores_accept_weights_and_partial_tables(small_tables):
    recency_only = metrics.health_scores(as_of="2024-07-01", weights={"recency": 1}, tables=small_tables)
    np.testing.assert_allclose(recency_only["health_score"], recency_only["recency"])
    loaded = metrics.health_scores(as_of="2024-07-01", tables={"orders": small_tables["orders"]})
    assert set(loaded["customer_id"]) == {"a", "b", "c"}


@pytest.mark.parametrize("weights, error, message", [
    ({"loyalty": 1}, CourseDataError, r"unknown component\(s\) \['loyalty'\]"),
    ({"recency": 0}, CourseDataError, r"`weights` are all zero"),
    ({"recency": -1}, CourseDataError, r"`weights\['recency'\]` must be ≥ 0"),
    ([0.3, 0.7], TypeError, r"`weights` must be a dict"),
])
def test_health_scores_refuse_bad_weights(small_tables, weights, error, message):
    with pytest.raises(error, match=message):
        metrics.health_scores(as_of="2024-07-01", weights=weights, tables=small_tables)


def test_health_scores_refuse_bad_tables(small_tables):
    with pytest.raises(TypeError, match=r"`tables` must be a dict of DataFrames; got list"):
        metrics.health_scores(as_of="2024-07-01", tables=[small_tables["orders"]])
    broken = dict(small_tables, surveys=small_tables["surveys"].drop(columns="satisfaction"))
    with pytest.raises(CourseDataError, match=r"`tables\['surveys'\]` lacks column\(s\) \['satisfaction'\]"):
        metrics.health_scores(as_of="2024-07-01", tables=broken)
    with pytest.raises(CourseDataError, match=r"no order falls before 2023-01-02"):
        metrics.health_scores(as_of="2023-01-03", tables=small_tables)


@settings(max_examples=40, deadline=None)
@given(weights=st.dictionaries(st.sampled_from(list(metrics.HEALTH_COMPONENTS)), st.floats(0, 5),
                               min_size=1).filter(lambda w: sum(w.values()) > 1e-3),
       values=st.lists(st.floats(0, 100), min_size=5, max_size=5))
def test_combined_score_stays_within_its_components(weights, values):
    parts = pd.DataFrame([dict(zip(metrics.HEALTH_COMPONENTS, values))])
    score = float(metrics.combine_health(parts, weights).iloc[0])
    used = [v for name, v in zip(metrics.HEALTH_COMPONENTS, values) if weights.get(name, 0) > 0]
    assert min(used) - 1e-9 <= score <= max(used) + 1e-9


# ------------------------------------------------------------------------- validation
def _validation_orders():
    return pd.DataFrame({"customer_id": list("aabccdd"), "order_date": pd.to_datetime(
        ["2024-01-02", "2024-02-10", "2024-01-03", "2024-01-20", "2024-02-15", "2024-01-25", "2024-03-05"])})


def test_validation_auc_and_lift_on_a_known_case():
    scores = pd.DataFrame({"customer_id": list("abcd"), "health_score": [90.0, 40.0, 60.0, 80.0],
                           "week": pd.Timestamp("2024-01-22")})
    result = metrics.health_validation(scores, _validation_orders(), horizon_days=30)
    # lost: b and d. Pairs (lost, kept) ranked right: (b,a), (b,c), (d,a); wrong: (d,c) → 3/4
    assert result["auc"] == 0.75
    assert result["share_under"] == 0.5 and result["churn_under"] == 0.5 and result["churn_over"] == 0.5
    assert result["lift"] == 1.0


def test_auc_agrees_with_scikit_learn():
    from sklearn.metrics import roc_auc_score

    rng = np.random.default_rng(3)
    y = rng.random(300) < 0.3
    s = np.round(rng.normal(size=300) + y, 1)          # rounded: ties included
    assert metrics._auc(y, s) == pytest.approx(roc_auc_score(y, s))


def test_validation_leaves_out_customers_already_gone():
    scores = pd.DataFrame({"customer_id": list("abcd"), "health_score": [90.0, 40.0, 60.0, 80.0],
                           "week": pd.Timestamp("2024-01-22")})
    labelled = metrics.label_scores(scores, _validation_orders(), horizon_days=30, active_days=10)
    assert labelled["customer_id"].tolist() == ["c", "d"]      # a and b last bought > 10 days before
    with pytest.raises(CourseDataError, match=r"has no `lost` column"):
        metrics.health_validation(scores)


def test_health_bands_cover_the_whole_scale():
    table = pd.DataFrame({"health_score": [0.0, 74.9, 75.0, 100.0], "lost": [True, True, False, False]})
    bands = metrics.health_bands(table, bins=(0, 75, 100))
    assert bands["customers"].tolist() == [2, 2]
    assert bands["churn_rate"].tolist() == [1.0, 0.0]


def test_course_data_health_score_warns_of_churn():
    """The planted finding: active customers under 75 churn clearly more in the next months."""
    scores = metrics.health_scores(as_of="2024-07-01", weeks=4)
    result = metrics.health_validation(scores, data_orders())
    assert result["auc"] > 0.65
    assert result["churn_ratio"] > 1.8
    assert 0.2 < result["share_under"] < 0.6


def data_orders():
    from course_lib import data

    return data.load_orders()


# -------------------------------------------------------------------- KPIs and silos
def test_kpi_layers_on_the_course_data():
    from course_lib import data

    kpis = metrics.kpi_layers(customers=data.load_customers(), orders=data.load_orders(),
                              surveys=data.load_surveys(), tickets=data.load_tickets(),
                              campaigns=data.load_campaigns(), followups=data.load_followups(),
                              as_of="2025-01-01")
    assert kpis.groupby("layer", sort=False).size().tolist() == [4, 6, 3, 7]
    value = kpis.set_index("kpi")["value"]
    assert value["members 会员数"] == 5000
    assert -100 <= value["net promoter score 净推荐值"] < 0   # a brand in trouble
    # the KPIs defined in course_lib.kpis appear under their names, with their values
    from course_lib import kpis as named
    assert value["repurchase rate (yearly) 年复购率"] == named.yearly_repurchase_rate(data.load_orders(), year=2024)
    assert value["complaining buyers (yearly) 年投诉客户占比"] == pytest.approx(0.201, abs=5e-4)
    shares = kpis[kpis["definition"].str.startswith("share")]["value"]
    assert shares.between(0, 1).all()
    assert kpis.loc[kpis["unit"] == "share", "value"].between(0, 1).all()
    assert set(kpis["unit"]) == {"count", "years", "share", "CNY", "score"}


def test_silo_join_finds_only_customers_on_both_lists():
    orders = pd.DataFrame({"customer_id": list("abcde"), "amount": [900.0, 800.0, 100.0, 50.0, 20.0],
                           "order_date": pd.to_datetime(["2024-05-01"] * 5)})
    tickets = pd.DataFrame({"customer_id": ["b", "c", "a"],
                            "opened_at": pd.to_datetime(["2024-05-02 10:00", "2024-05-03 10:00", "2024-05-04 10:00"]),
                            "first_response_at": pd.to_datetime(["2024-05-02 13:30", "2024-05-03 15:00",
                                                                 "2024-05-04 10:20"])})
    joined = metrics.silo_customers(orders, tickets, as_of="2024-06-01", top=0.4)
    assert joined.index.tolist() == ["b"]                      # a was answered in time, c spends little
    extra = pd.DataFrame({"customer_id": list("abcde"), "amount": [1.0] * 5,
                          "order_date": pd.to_datetime(["2024-11-01"] * 5)})
    result = metrics.silo_join(pd.concat([orders, extra]), tickets, as_of="2024-06-01", top=0.4,
                               horizon_days=30)
    assert result["high_spenders"] == 2 and result["late_complainers"] == 2
    assert result["share_of_high_spenders"] == 0.5 and result["revenue_at_risk"] == 800.0
    with pytest.raises(CourseDataError, match=r"`top` must be > 0"):
        metrics.silo_customers(orders, tickets, as_of="2024-06-01", top=0)


# ------------------------------------------------------------------------ the claims
def test_satisfaction_claim_recovers_a_planted_effect():
    rng = np.random.default_rng(11)
    n = 3000
    ids = [f"C{i:04d}" for i in range(n)]
    sat = rng.uniform(20, 100, n)
    p = 1 / (1 + np.exp(-(1.0 - 0.03 * sat)))
    lost = rng.random(n) < p
    orders = pd.DataFrame({"customer_id": ids + [i for i, gone in zip(ids, lost) if not gone],
                           "order_date": [pd.Timestamp("2024-01-10")] * n
                           + [pd.Timestamp("2024-03-01")] * int((~lost).sum())})
    orders = pd.concat([orders, pd.DataFrame({"customer_id": ["Z"], "order_date": [pd.Timestamp("2024-12-31")]})])
    surveys = pd.DataFrame({"customer_id": ids, "survey_date": pd.Timestamp("2024-01-15"), "satisfaction": sat})
    result = metrics.satisfaction_churn_claim(orders, surveys, as_of="2024-02-01", horizon_days=180)
    x = sat / 10
    true = (1 / (1 + np.exp(-(1.0 - 0.3 * np.minimum(x + 1, 10))))).mean() / p.mean() - 1
    assert result["churn_change_per_10_points"] == pytest.approx(true, abs=0.04)


def test_cross_sell_counts_only_new_categories():
    orders = pd.DataFrame({"customer_id": ["a", "a", "b", "b", "c", "c"],
                           "order_date": pd.to_datetime(["2024-01-01", "2024-03-01", "2024-01-01",
                                                         "2024-03-01", "2024-01-01", "2024-03-01"]),
                           "category": ["shoes", "bags", "shoes", "shoes", "bags", "beauty"]})
    surveys = pd.DataFrame({"customer_id": ["a", "b", "c"], "survey_date": pd.Timestamp("2024-01-15"),
                            "satisfaction": [90, 85, 40]})
    result = metrics.cross_sell_claim(orders, surveys, as_of="2024-02-01", window_days=60, high=80)
    assert result["rate_highly_satisfied"] == 0.5 and result["rate_others"] == 1.0
    assert result["relative_difference"] == -0.5
    assert result["ordered_highly_satisfied"] == 1.0 and result["ordered_others"] == 1.0


def test_recency_warning_reads_any_order_log():
    log = pd.DataFrame({"buyer": list("aabbcde"), "day": pd.to_datetime(
        ["2024-05-20", "2024-08-01", "2024-02-10", "2024-08-20", "2024-03-01", "2024-01-20", "2024-10-01"])})
    result = metrics.recency_warning(log, as_of="2024-07-01", horizon_days=90, customer="buyer", date="day")
    assert result["customers"] == 4 and result["churn_rate"] == 0.5 and result["auc"] == 0.75
    with pytest.raises(CourseDataError, match="before the 200-day horizon"):
        metrics.recency_warning(log, as_of="2024-07-01", horizon_days=200, customer="buyer", date="day")


def test_recency_warning_on_real_cdnow_transactions():
    from course_lib import data

    result = metrics.recency_warning(data.load_cdnow(), as_of="1998-01-01", date="date")
    assert 0.55 < result["auc"] < 0.7 and result["churn_under"] > result["churn_over"]


def test_care_call_board_is_what_the_team_sees():
    board = metrics.care_call_board(as_of="2024-09-30")
    assert board.index.is_unique and board.index.is_monotonic_increasing
    assert board["health_score"].between(0, 100).all() and (board["spend_365d"] >= 0).all()
    assert (board["days_since_order"] >= 0).all() and board["late_complaint"].sum() > 0
    assert 0.3 < board["consent_phone"].mean() < 0.5
