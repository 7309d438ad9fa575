"""The segmentation lab: draws its default state, then redraws when a control moves."""

import matplotlib

matplotlib.use("Agg")

import numpy as np
import pandas as pd
import pytest

pytest.importorskip("ipywidgets")

from course_lib import rfm as rfm_module  # noqa: E402


@pytest.fixture
def rfm():
    rng = np.random.default_rng(2)
    n = 400
    frequency = rng.geometric(0.35, n)
    return pd.DataFrame(
        {
            "recency_days": rng.integers(1, 731, n),
            "frequency": frequency,
            "monetary": (frequency * rng.gamma(2.0, 180.0, n)).round(2),
        },
        index=pd.Index([f"C{i:04d}" for i in range(n)], name="customer_id"),
    )


def test_lab_draws_default_then_controls_and_redraws_on_change(rfm, shown, controls):
    import ipywidgets as w
    import matplotlib.pyplot as plt

    from course_lib.widgets import segmentation

    segmentation.segmentation_lab(rfm)
    figures = [o for o in shown if isinstance(o, plt.Figure)]
    tables = [o for o in shown if isinstance(o, pd.DataFrame)]
    assert len(figures) == 1 and len(tables) == 3  # tiers, clusters, contact list
    assert len(tables[2]) == 10 and "action" in tables[2].columns
    assert isinstance(shown[-1], w.VBox)
    by_name = {c.description: c for c in controls() if getattr(c, "description", "")}
    assert set(segmentation.SLIDERS.values()) <= set(by_name)
    # the sliders start at the course's thresholds (a slider clamps a value outside its range)
    tier_sliders = [by_name[segmentation.SLIDERS[n]] for n in ("diamond", "silver", "bronze")]
    assert tuple(s.value for s in tier_sliders) == pytest.approx(rfm_module.TIER_CUTOFFS)
    assert all(s.min < s.value < s.max for s in tier_sliders)
    assert tier_sliders[0].max > tier_sliders[1].value  # Diamond can be pushed past Silver

    before = len(shown)
    by_name[segmentation.SLIDERS["k"]].value = 6
    redrawn = [o for o in shown[before:] if isinstance(o, pd.DataFrame)]
    assert len(redrawn[1]) == 6  # six clusters in the profile now

    before = len(shown)
    by_name[segmentation.SLIDERS["contacts"]].value = 5
    assert len([o for o in shown[before:] if isinstance(o, pd.DataFrame)][2]) == 5

    before = len(shown)
    by_name[segmentation.SLIDERS["diamond"]].value = 0.45  # above Silver (0.40): refused politely
    new = shown[before:]
    assert not any(isinstance(o, pd.DataFrame) for o in new)
    plt.close("all")


def test_lab_reports_bad_settings_in_words(rfm, shown, controls, capsys):
    from course_lib.widgets import segmentation

    segmentation.segmentation_lab(rfm)
    by_name = {c.description: c for c in controls() if getattr(c, "description", "")}
    by_name[segmentation.SLIDERS["diamond"]].value = 0.45  # above Silver (0.40)
    assert "These settings do not work: `cutoffs` must be three increasing shares" in capsys.readouterr().out
