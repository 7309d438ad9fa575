"""Tests of course_lib.segmentation: pipeline, clusters, choosing k, profiles, lab state."""

import numpy as np
import pandas as pd
import pytest

from course_lib import rfm as rfm_module
from course_lib import segmentation as seg
from course_lib.validation import CourseDataError


@pytest.fixture(scope="module")
def table():
    rng = np.random.default_rng(3)
    n = 300
    groups = rng.integers(0, 3, n)
    recency = np.choose(groups, [rng.integers(1, 30, n), rng.integers(60, 200, n), rng.integers(300, 700, n)])
    frequency = np.choose(groups, [rng.integers(8, 15, n), rng.integers(3, 6, n), rng.integers(1, 2, n)])
    monetary = frequency * np.choose(
        groups, [rng.gamma(20, 20, n), rng.gamma(10, 15, n), rng.gamma(5, 10, n)]
    )
    return pd.DataFrame(
        {"recency_days": recency, "frequency": frequency, "monetary": monetary.round(2)},
        index=pd.Index([f"C{i:04d}" for i in range(n)], name="customer_id"),
    )


def test_pipeline_steps_and_seed():
    pipe = seg.make_pipeline(k=5, seed=11)
    assert list(pipe.named_steps) == ["log", "scale", "kmeans"]
    assert pipe.named_steps["kmeans"].n_clusters == 5
    assert pipe.named_steps["kmeans"].random_state == 11
    assert list(seg.make_pipeline(log=False).named_steps) == ["scale", "kmeans"]


def test_cluster_finds_the_planted_groups_and_numbers_them_by_spend(table):
    labels = seg.cluster(table, k=3, seed=0)
    assert labels.index.equals(table.index)
    means = table["monetary"].groupby(labels).mean()
    assert list(means.index) == [0, 1, 2]
    assert means.is_monotonic_decreasing
    table_ari = seg.compare(labels, seg.cluster(table, k=3, seed=5))[1]
    assert table_ari > 0.95  # stable across seeds on clear groups
    assert seg.cluster(table, k=3, seed=0).equals(labels)  # same seed, same labels


def test_cluster_on_chosen_features(table):
    labels = seg.cluster(table, k=2, features=["frequency"], seed=0)
    assert labels.nunique() == 2
    with pytest.raises(CourseDataError, match=r"lacks column\(s\) \['spend'\]"):
        seg.cluster(table, features=["spend"])
    with pytest.raises(CourseDataError, match="`features` is empty"):
        seg.cluster(table, features=[])


@pytest.mark.parametrize(
    "k, error, message",
    [
        (1, CourseDataError, r"`k` must be ≥ 2; got 1"),
        (2.5, CourseDataError, r"`k` must be a whole number; got 2.5"),
        ("3", TypeError, r"`k` must be a number; got str '3'"),
        (500, CourseDataError, r"`k` \(500\) is larger than the number of customers \(300\)"),
    ],
)
def test_cluster_refuses_bad_k(table, k, error, message):
    with pytest.raises(error, match=message):
        seg.cluster(table, k=k)


def test_cluster_refuses_negative_values(table):
    with pytest.raises(CourseDataError, match=r"`rfm\[\"monetary\"\]` has negative values"):
        seg.cluster(table.assign(monetary=-table["monetary"]))


def test_choose_k_inertia_falls_and_silhouette_peaks_at_the_planted_k(table):
    result = seg.choose_k(table, ks=[2, 3, 4, 5])
    assert list(result.index) == [2, 3, 4, 5]
    assert result["inertia"].is_monotonic_decreasing
    assert result["silhouette"].idxmax() == 3


def test_churn_next_period():
    orders = pd.DataFrame(
        {
            "customer_id": ["a", "a", "b", "c", "d"],
            "order_date": pd.to_datetime(
                ["2024-01-01", "2024-07-10", "2024-03-01", "2024-08-01", "2024-06-30"]
            ),
        }
    )
    churned = seg.churn_next_period(orders, as_of="2024-07-01", days=30)
    assert churned.to_dict() == {"a": False, "b": True, "d": True}
    with pytest.raises(CourseDataError, match="no order before `as_of`"):
        seg.churn_next_period(orders, as_of="2020-01-01")


def test_profile_conserves_customers_and_revenue(table):
    labels = seg.cluster(table, k=3, seed=0)
    churned = pd.Series(table["recency_days"] > 250, index=table.index)
    result = seg.profile(table, labels, churned=churned)
    assert result["customers"].sum() == len(table)
    assert result["revenue_share"].sum() == pytest.approx(1.0, abs=0.002)
    assert result.loc[2, "churn_rate"] > result.loc[0, "churn_rate"]
    assert list(result.columns) == [
        "customers",
        "share",
        "revenue_share",
        "recency_days",
        "frequency",
        "monetary",
        "churn_rate",
    ]
    with pytest.raises(CourseDataError, match=r"`labels` lacks 1 customer\(s\) of `rfm`, first C0000"):
        seg.profile(table, labels.iloc[1:])
    with pytest.raises(CourseDataError, match=r"`churned` lacks 1 customer\(s\)"):
        seg.profile(table, labels, churned=churned.iloc[1:])


def test_compare_cross_table(table):
    scores = rfm_module.rfm_scores(table)
    segments = rfm_module.segment(scores)
    labels = seg.cluster(table, k=3, seed=0)
    crosstab, ari = seg.compare(segments, labels)
    assert crosstab.to_numpy().sum() == len(table)
    assert -1 <= ari <= 1


def test_lab_state_tables_add_up_and_respond_to_settings(table):
    state = seg.lab_state(table)
    assert state.segments["customers"].sum() == len(table)
    assert state.tiers["customers"].sum() == len(table)
    assert state.segments["revenue_share"].sum() == pytest.approx(1.0, abs=0.01)
    assert len(state.clusters) == 4 and len(state.contact_first) == 10
    assert state.crosstab.to_numpy().sum() == len(table)
    # the default tiers are the course's one set of thresholds, rfm.TIER_CUTOFFS (18/22/30/30 %)
    assert seg.LabSettings().cutoffs == rfm_module.TIER_CUTOFFS
    shares = np.diff(np.concatenate([[0.0], rfm_module.TIER_CUTOFFS, [1.0]]))
    assert state.tiers["customers"].tolist() == [round(s * len(table)) for s in shares]
    other = seg.lab_state(
        table,
        seg.LabSettings(
            bins=3, cutoffs=(0.25, 0.5, 0.8), k=2, contacts=3, features=("frequency", "monetary")
        ),
    )
    assert len(other.clusters) == 2 and len(other.contact_first) == 3
    assert other.tiers.loc["diamond", "customers"] > state.tiers.loc["diamond", "customers"]
    assert other.tiers.loc["iron", "customers"] < state.tiers.loc["iron", "customers"]
    assert not other.segments["customers"].equals(state.segments["customers"])
    with pytest.raises(TypeError, match="`settings` must be a LabSettings"):
        seg.lab_state(table, {"k": 3})


def test_contact_plan_orders_by_priority_and_stays_in_budget(table):
    scored = rfm_module.rfm_scores(table)
    scored["segment"] = rfm_module.segment(scored)
    plan = seg.contact_plan(scored, budget=500)
    assert plan["cost"].sum() <= 500
    priorities = rfm_module.SEGMENTS.loc[plan["segment"], "priority"].to_numpy()
    assert (np.diff(priorities) >= 0).all()
    assert not plan["segment"].isin(["hibernating", "regular"]).any()
    whole = seg.contact_plan(scored)
    assert len(whole) >= len(plan)
    with pytest.raises(CourseDataError, match=r"`budget` must be ≥ 0; got -5"):
        seg.contact_plan(scored, budget=-5)
    with pytest.raises(CourseDataError, match=r"unknown segment\(s\) \['vip'\]"):
        seg.contact_plan(scored.assign(segment="vip"))
