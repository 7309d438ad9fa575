"""Chapter 1 widgets and figures: each draws its default state, then redraws when a control moves."""

import matplotlib

matplotlib.use("Agg")

import numpy as np
import pandas as pd
import pytest

pytest.importorskip("ipywidgets")

from course_lib import metrics, plots  # noqa: E402


@pytest.fixture(scope="module")
def labelled():
    rng = np.random.default_rng(8)
    n = 400
    parts = pd.DataFrame({name: rng.uniform(0, 100, n) for name in metrics.HEALTH_COMPONENTS})
    risk = 1 / (1 + np.exp((parts["recency"] - 50) / 10))
    parts["lost"] = rng.random(n) < risk
    parts["health_score"] = metrics.combine_health(parts)
    return parts


def _slider(controls, text):
    import ipywidgets as w

    return next(c for c in controls((w.FloatSlider, w.IntSlider)) if text in c.description)


def test_retention_lab_draws_default_and_redraws(shown, controls, capsys):
    from matplotlib.figure import Figure

    from course_lib.widgets import importance

    importance.retention_economics_lab(margin=300, retention=0.6, acquisition_cost=350)
    assert isinstance(shown[0], Figure)
    first = capsys.readouterr().out
    expected = metrics.retention_profit_uplift(margin=300, retention=0.6, acquisition_cost=350)["uplift"]
    assert f"{expected:+.0%}" in first
    before = len(shown)
    _slider(controls, "CAC").value = 50.0
    assert len(shown) == before + 1 and isinstance(shown[-1], Figure)
    cheaper = metrics.retention_profit_uplift(margin=300, retention=0.6, acquisition_cost=50)["uplift"]
    assert f"{cheaper:+.0%}" in capsys.readouterr().out


def test_retention_lab_says_when_the_cohort_loses_money(shown, capsys):
    from course_lib.widgets import importance

    importance.retention_economics_lab(margin=60, retention=0.3, acquisition_cost=900)
    assert "undefined" in capsys.readouterr().out


def test_health_lab_reweights_and_handles_all_zero(labelled, shown, controls, capsys):
    from matplotlib.figure import Figure

    from course_lib.widgets import importance

    importance.health_weights_lab(labelled)
    assert isinstance(shown[0], Figure)
    default = metrics.health_validation(labelled)
    assert f"AUC {default['auc']:.3f}" in capsys.readouterr().out
    names = list(metrics.HEALTH_COMPONENTS)
    for name in names[1:]:
        _slider(controls, name).value = 0.0
    only_recency = labelled.assign(health_score=labelled["recency"])
    assert f"AUC {metrics.health_validation(only_recency)['auc']:.3f}" in capsys.readouterr().out
    _slider(controls, "recency").value = 0.0
    assert "at least one component" in capsys.readouterr().out


def test_figures_return_their_axes():
    import matplotlib.pyplot as plt

    before = metrics.cohort_economics(margin=300, retention=0.6, acquisition_cost=350)
    after = metrics.cohort_economics(margin=300, retention=0.65, acquisition_cost=350)
    grid = metrics.uplift_grid(retentions=[0.4, 0.6], margins=[200, 300], acquisition_cost=350)
    costs = pd.DataFrame(
        {"marketing_per_customer": [177.0, 27.0], "per_order": [204.0, 43.0]}, index=["acquire", "retain"]
    )
    bands = pd.DataFrame({"customers": [10, 20], "churn_rate": [0.5, 0.2]}, index=["[0, 75)", "[75, 100]"])
    axes = [
        plots.importance.cohort_profit(before, after),
        plots.importance.uplift_heatmap(grid),
        plots.importance.cost_comparison(costs),
        plots.importance.health_distribution([40, 80, 90]),
        plots.importance.churn_by_band(bands),
        plots.importance.component_auc(pd.Series({"health_score": 0.7, "recency": 0.66})),
    ]
    for ax in axes:
        assert ax.get_title()
        assert ax.get_xlabel() or ax.get_ylabel()
    assert len(axes[0].lines) >= 2  # before and after
    assert "under 75" in axes[3].texts[0].get_text()
    plt.close("all")
