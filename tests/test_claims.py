"""The 2025 training deck's claims tested on data (course_lib.claims, chapter 1)."""

import numpy as np
import pandas as pd
import pytest

from course_lib import claims
from course_lib.validation import CourseDataError


def test_satisfaction_claim_recovers_a_planted_effect():
    rng = np.random.default_rng(11)
    n = 3000
    ids = [f"C{i:04d}" for i in range(n)]
    sat = rng.uniform(20, 100, n)
    p = 1 / (1 + np.exp(-(1.0 - 0.03 * sat)))
    lost = rng.random(n) < p
    orders = pd.DataFrame(
        {
            "customer_id": ids + [i for i, gone in zip(ids, lost) if not gone],
            "order_date": [pd.Timestamp("2024-01-10")] * n
            + [pd.Timestamp("2024-03-01")] * int((~lost).sum()),
        }
    )
    orders = pd.concat(
        [orders, pd.DataFrame({"customer_id": ["Z"], "order_date": [pd.Timestamp("2024-12-31")]})]
    )
    surveys = pd.DataFrame(
        {"customer_id": ids, "survey_date": pd.Timestamp("2024-01-15"), "satisfaction": sat}
    )
    result = claims.satisfaction_churn_claim(orders, surveys, as_of="2024-02-01", horizon_days=180)
    x = sat / 10
    true = (1 / (1 + np.exp(-(1.0 - 0.3 * np.minimum(x + 1, 10))))).mean() / p.mean() - 1
    assert result["churn_change_per_10_points"] == pytest.approx(true, abs=0.04)


def test_cross_sell_counts_only_new_categories():
    orders = pd.DataFrame(
        {
            "customer_id": ["a", "a", "b", "b", "c", "c"],
            "order_date": pd.to_datetime(
                ["2024-01-01", "2024-03-01", "2024-01-01", "2024-03-01", "2024-01-01", "2024-03-01"]
            ),
            "category": ["shoes", "bags", "shoes", "shoes", "bags", "beauty"],
        }
    )
    surveys = pd.DataFrame(
        {
            "customer_id": ["a", "b", "c"],
            "survey_date": pd.Timestamp("2024-01-15"),
            "satisfaction": [90, 85, 40],
        }
    )
    result = claims.cross_sell_claim(orders, surveys, as_of="2024-02-01", window_days=60, high=80)
    assert result["rate_highly_satisfied"] == 0.5 and result["rate_others"] == 1.0
    assert result["relative_difference"] == -0.5
    assert result["ordered_highly_satisfied"] == 1.0 and result["ordered_others"] == 1.0


def test_satisfaction_claim_survives_perfectly_separable_data():
    """Everyone under 50 leaves, everyone over stays: no finite maximum-likelihood slope.
    The fit stops at a steep slope instead of failing, and the effect comes out as large."""
    ids = [f"C{i:02d}" for i in range(40)]
    sat = np.linspace(10, 95, 40)
    kept = [i for i, s in zip(ids, sat) if s > 50]
    orders = pd.DataFrame(
        {
            "customer_id": ids + kept + ["Z"],
            "order_date": [pd.Timestamp("2024-01-10")] * 40
            + [pd.Timestamp("2024-03-01")] * len(kept)
            + [pd.Timestamp("2024-12-31")],
        }
    )
    surveys = pd.DataFrame(
        {"customer_id": ids, "survey_date": pd.Timestamp("2024-01-15"), "satisfaction": sat}
    )
    result = claims.satisfaction_churn_claim(orders, surveys, as_of="2024-02-01", horizon_days=180)
    assert result["customers"] == 40 and result["churn_rate"] == 19 / 40
    assert -1 <= result["churn_change_per_10_points"] < -0.2 and np.isfinite(
        result["churn_change_per_10_points"]
    )


def test_cross_sell_claim_checks_its_arguments():
    orders = pd.DataFrame(
        {"customer_id": ["a"], "order_date": pd.to_datetime(["2024-01-01"]), "category": ["x"]}
    )
    surveys = pd.DataFrame(
        {"customer_id": ["a"], "survey_date": pd.Timestamp("2024-01-15"), "satisfaction": [90]}
    )
    with pytest.raises(CourseDataError, match=r"`high` must be ≤ 100; got 180"):
        claims.cross_sell_claim(orders, surveys, as_of="2024-02-01", high=180)
    with pytest.raises(TypeError, match=r"`window_days` must be a number; got str '60'"):
        claims.cross_sell_claim(orders, surveys, as_of="2024-02-01", window_days="60")
