"""Chapter 3 widgets and figures: each draws its default state, then redraws when a control moves."""

import matplotlib

matplotlib.use("Agg")

import numpy as np
import pandas as pd
import pytest

pytest.importorskip("ipywidgets")

from course_lib import experiments, journey, plots  # noqa: E402


@pytest.fixture(scope="module")
def touchpoints():
    rng = np.random.default_rng(5)
    rows = []
    for j in range(400):
        depth = int(rng.integers(2, 9))
        start = pd.Timestamp("2024-01-01") + pd.Timedelta(days=int(rng.integers(0, 180)))
        for k in range(depth):
            stage = journey.STAGES[k]
            rating = rng.integers(1, 4) if stage == "consultation" else rng.integers(3, 6)
            rows.append(
                (
                    f"J{j}",
                    f"C{j % 90}",
                    start + pd.Timedelta(hours=k),
                    stage,
                    rng.choice(["social", "sms", "store"]),
                    float(rating),
                    depth >= 7,
                )
            )
    return pd.DataFrame(
        rows,
        columns=["journey_id", "customer_id", "timestamp", "stage", "channel", "satisfaction", "converted"],
    )


def test_thermometer_explorer_draws_default_and_redraws(touchpoints, shown, controls):
    import ipywidgets as w
    from matplotlib.figure import Figure

    from course_lib.widgets import journey as wj

    wj.thermometer_explorer(touchpoints)
    assert isinstance(shown[0], Figure)
    summary = shown[1]
    assert isinstance(summary, pd.DataFrame) and bool(summary.loc["consultation", "problem"])
    before = len(shown)
    toggle = next(c for c in controls() if isinstance(c, w.ToggleButtons))
    toggle.value = "xbar"
    assert len(shown) == before + 2  # a new figure and a new summary
    assert isinstance(shown[-2], Figure)


def test_attribution_explorer_redraws_and_handles_no_model(touchpoints, shown, controls):
    import ipywidgets as w
    from matplotlib.figure import Figure

    from course_lib.widgets import journey as wj

    journeys = journey.build_journeys(touchpoints)
    wj.attribution_explorer(journeys["path"], journeys["converted"])
    assert isinstance(shown[0], Figure)
    found = controls()
    choose = next(c for c in found if isinstance(c, w.SelectMultiple))
    slider = next(c for c in found if isinstance(c, w.FloatSlider))
    before = len(shown)
    slider.value = 3.0
    assert len(shown) == before + 1
    choose.value = ()
    assert len(shown) == before + 1  # nothing drawn, a message printed instead


def test_sample_size_calculator_shows_table_and_updates(shown, controls):
    import ipywidgets as w

    from course_lib.widgets import journey as wj

    wj.sample_size_calculator(baseline=0.06)
    table = shown[0]
    assert table.loc["+1.0%", "power 80%"] == experiments.sample_size(0.06, mde=0.01)
    found = controls()
    html = next(c for c in found if isinstance(c, w.HTML))
    assert f"{experiments.sample_size(0.06, mde=0.01):,}" in html.value
    effect = next(c for c in found if isinstance(c, w.FloatSlider) and "Effect" in c.description)
    effect.value = 0.02
    assert f"{experiments.sample_size(0.06, mde=0.02):,}" in html.value


def test_figures_return_their_axes(touchpoints):
    import matplotlib.pyplot as plt

    thermo = journey.thermometer(touchpoints)
    journeys = journey.build_journeys(touchpoints)
    axes = [
        plots.journey.journey_map(journey.journey_map(touchpoints), problems=["consultation"]),
        plots.journey.thermometer_heatmap(thermo),
        plots.journey.control_chart(thermo, "consultation"),
        plots.journey.attribution_bars(journey.attribution_table(journeys["path"], journeys["converted"])),
        plots.journey.ab_test(experiments.two_proportion_test(30, 500, 45, 500)),
        plots.journey.response_rates(
            journey.followup_response(
                pd.DataFrame({"channel": ["sms", "phone"] * 20, "responded": [True, False, True, True] * 10})
            )
        ),
    ]
    for ax in axes:
        assert ax.get_title()
        plt.close(ax.figure)
    with pytest.raises(journey.CourseDataError, match=r"`stage` 'nowhere' is not in the thermometer"):
        plots.journey.control_chart(thermo, "nowhere")
