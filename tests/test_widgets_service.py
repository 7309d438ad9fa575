"""Chapter 4 widgets and figures: each draws its default state, then reacts to the controls."""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402

pytest.importorskip("ipywidgets")

from course_lib import plots, roleplay, service  # noqa: E402


def test_staffing_lab_draws_the_default_then_recomputes(shown, controls, capsys):
    import ipywidgets as w

    from course_lib.widgets import service as ws

    ws.staffing_lab(120, 6, target=20 / 60, goal=0.8)
    tables = [o for o in shown if isinstance(o, pd.DataFrame)]
    assert tables and 16 in tables[0].index  # the static default, before any control
    assert "最少客服人数: 16" in capsys.readouterr().out
    sliders = {s.description.split(" ")[0]: s for s in controls(w.FloatSlider)}
    sliders["Handling"].value = 4.0  # a faster knowledge base
    fewer = service.agents_needed(120, 4, target=20 / 60, service_level=0.8)
    assert fewer < 16
    redrawn = [o for o in shown if isinstance(o, pd.DataFrame)]
    assert len(redrawn) == 2 and fewer in redrawn[-1].index
    assert f"最少客服人数: {fewer}" in capsys.readouterr().out
    plt.close("all")


def test_roleplay_widget_shows_the_first_turn_and_plays_to_the_end(shown, controls):
    import ipywidgets as w
    from IPython.display import Markdown

    from course_lib.widgets import service as ws

    ws.empathy_roleplay("double_charge")
    situation, first_turn = [o for o in shown if isinstance(o, Markdown)][:2]
    assert "Charged twice" in situation.data and "Step 1" not in situation.data
    assert "Step 1" in first_turn.data and "🗨" not in first_turn.data  # a glyph the fonts lack
    scenario = roleplay.load_scenario("double_charge")
    for turn in scenario.turns:
        buttons = [b for b in controls(w.Button) if b.description.startswith("Answer")]
        assert len(buttons) == len(turn.options)
        best = [o.score for o in turn.options].index(max(o.score for o in turn.options))
        buttons[best].click()
    restart = [b for b in controls(w.Button) if b.description.startswith("Play again")]
    assert restart, "the finished game offers to play again"


def test_turn_markdown_numbers_every_option():
    from course_lib.widgets import service as ws

    scenario = roleplay.load_scenario("wrong_size")
    text = ws.turn_markdown(scenario, 1)
    assert "Step 2" in text and all(f"\n{i}. " in text for i in range(len(scenario.turns[1].options)))


def test_every_figure_draws_on_the_course_data_shapes():
    opened = pd.to_datetime(["2024-03-01 09:00"] * 4)
    tickets = pd.DataFrame(
        {
            "opened_at": opened,
            "channel": ["phone", "email", "phone", "app"],
            "first_response_at": opened + pd.to_timedelta([0.3, 3, 0.8, 2], unit="h"),
            "resolved_at": opened + pd.to_timedelta([5, 30, 12, 20], unit="h"),
            "csat": [5, 2, 4, 3],
            "category": ["a", "b", "a", "c"],
        }
    )
    axes = [
        plots.service.response_times(service.ticket_times(tickets)),
        plots.service.promises_kept(service.sla_table(tickets, by="channel")),
        plots.service.churn_after_answer(
            pd.Series(
                {"on_time_churn": 0.2, "late_churn": 0.4, "on_time_cases": 10, "late_cases": 8, "ratio": 2.0}
            )
        ),
        plots.service.pareto(service.pareto_table(tickets)),
        plots.service.confusion(pd.DataFrame([[3, 1], [0, 4]], index=["neg", "pos"], columns=["neg", "pos"])),
        plots.service.staffing_curve(service.staffing_table(120, 6, range(12, 18)), goal=0.8),
    ]
    surveys = pd.DataFrame(
        {
            "nps": [10, 9, 3, 8, 6, 10],
            "tier": ["member", "gold"] * 3,
            "survey_date": pd.to_datetime(["2024-01-05", "2024-04-01", "2024-07-02"] * 2),
        }
    )
    axes.append(plots.service.nps_over_time(service.nps_table(surveys, freq="QE", n_boot=200)))
    axes.append(plots.service.nps_mix(service.nps_table(surveys, by="tier", n_boot=200)))
    drivers = pd.DataFrame(
        {"effect": [-1.2, 0.1], "low": [-1.5, -0.2], "high": [-0.9, 0.4]}, index=["late", "gold"]
    )
    axes.append(plots.service.nps_drivers(drivers))
    assert all(ax.get_title() for ax in axes)
    assert len(axes[3].patches) == 3  # one bar per cause
    assert np.allclose(axes[2].patches[1].get_height(), 40.0)
    plt.close("all")
