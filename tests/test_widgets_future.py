"""Chapter 6 widgets and figures: each draws its default state, then redraws when a control moves."""

import matplotlib

matplotlib.use("Agg")

import pandas as pd  # noqa: E402
import pytest  # noqa: E402

pytest.importorskip("ipywidgets")

from course_lib import plots, privacy, recommend, selection  # noqa: E402


def test_selection_lab_draws_default_and_follows_the_weights(shown, controls):
    import ipywidgets as w
    from matplotlib.figure import Figure

    from course_lib.widgets import future

    future.selection_lab()
    assert isinstance(shown[0], Figure)
    table = shown[1]
    assert isinstance(table, pd.DataFrame) and table.index[0] == "cloud_suite"
    sliders = {c.description: c for c in controls() if isinstance(c, w.FloatSlider)}
    before = len(shown)
    sliders["total_cost"].value = 0.9
    assert len(shown) == before + 2  # a new figure and a new table
    assert shown[-1].index[0] == "small_business_cloud"


def test_selection_lab_explains_all_zero_weights(shown, controls, capsys):
    import ipywidgets as w

    from course_lib.widgets import future

    future.selection_lab()
    sliders = [
        c for c in controls() if isinstance(c, w.FloatSlider) and c.description in selection.DEFAULT_WEIGHTS
    ]
    before = len(shown)
    for slider in sliders:
        slider.value = 0.0
    assert len(shown) == before + 2 * (len(sliders) - 1)  # the last move draws nothing
    assert "at least one criterion" in capsys.readouterr().out


def test_maturity_widget_scores_the_chosen_answers(shown, controls, capsys):
    import ipywidgets as w
    from matplotlib.figure import Figure

    from course_lib.widgets import future

    model = selection.load_maturity()
    future.maturity_self_assessment({q: 3 for q in model.questions.index}, model=model)
    assert isinstance(shown[0], Figure)
    assert shown[1]["score"].eq(3).all()
    menus = [c for c in controls() if isinstance(c, w.Dropdown)]
    assert len(menus) == len(model.questions)
    menus[0].value = 1  # data_single_view → level 1
    assert shown[-1].loc["data", "score"] == 2.0
    assert "Customer data" in capsys.readouterr().out.splitlines()[-1]


def test_figures_return_their_axes():
    import matplotlib.pyplot as plt

    orders = pd.DataFrame(
        {
            "customer_id": list("aabbccd"),
            "category": list("xyxyxzz"),
            "channel": ["app"] * 7,
            "order_date": pd.to_datetime(["2024-01-01"] * 4 + ["2024-08-01"] * 3),
        }
    )
    table = recommend.compare(orders, split="2024-06-01", k=1, item="category")
    people = pd.DataFrame({"gender": list("FFM"), "city": ["A", "A", "B"]})
    report = privacy.k_anonymity(people, ["gender", "city"], k=2)
    summary = privacy.consent_summary(pd.DataFrame({f"consent_{c}": [True, False] for c in privacy.CHANNELS}))
    result = selection.score_maturity({q: 2 for q in selection.load_maturity().questions.index})
    axes = [
        plots.future.recommender_comparison({"category": table}),
        plots.future.similarity_heatmap(recommend.ItemToItem(item="category").fit(orders).similarity_),
        plots.future.rows_at_risk({"raw": report}),
        plots.future.consent_reach(summary),
        plots.future.scoring_matrix(selection.selection_matrix()),
        plots.future.tco_breakdown(selection.tco_comparison()),
        plots.future.cumulative_costs(selection.cumulative_costs()),
        plots.future.roadmap_gantt(selection.ROADMAP),
        plots.future.maturity_profile(result),
    ]
    for ax in axes:
        assert ax.get_title()
        plt.close(ax.figure)
