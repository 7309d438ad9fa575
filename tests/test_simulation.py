"""The customer-base simulator: contract, calibration to the turnaround case, determinism,
lever costs, refusals, replications and team mode."""

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from course_lib.simulation import (
    BASELINE,
    DECK,
    FOUR_MOVES,
    Strategy,
    lever_costs,
    replicate,
    simulate,
    strategy_named,
    summarize_runs,
    tournament,
)
from course_lib.validation import CourseDataError

KPIS = ["repurchase_rate", "complaint_rate", "nps", "referral_share", "revenue", "cost", "profit"]
SMARTER = DECK.replace(
    name="smarter",
    service_level=(2, 1, 0, 0),
    member_benefits=1,
    referral_reward=100,
    compensation=30,
    winback_offer=30,
)


def month6(strategy, seeds=(0, 1, 2, 3), n=20_000):
    rows = [simulate(strategy, n_customers=n, months=6, seed=seed).kpis.loc[6] for seed in seeds]
    return pd.DataFrame(rows).mean()


@pytest.fixture(scope="module")
def baseline6():
    return month6("baseline")


@pytest.fixture(scope="module")
def deck6():
    return month6("deck")


# ----------------------------------------------------------------------------- contract
def test_result_has_one_row_per_month_and_the_contract_columns():
    run = simulate("baseline", n_customers=1_000, months=4, seed=3)
    assert list(run.kpis.index) == [1, 2, 3, 4]
    assert set(KPIS) <= set(run.kpis.columns)
    assert run.kpis["repurchase_rate"].between(0, 1).all()
    assert run.kpis["complaint_rate"].between(0, 1).all()
    assert run.kpis["referral_share"].between(0, 1).all()
    assert run.kpis["nps"].between(-100, 100).all()
    np.testing.assert_allclose(run.kpis["profit"], run.kpis["revenue"] - run.kpis["cost"])
    np.testing.assert_allclose(run.costs.sum(axis=1), run.kpis["cost"])
    assert run.totals["profit"] == pytest.approx(run.kpis["profit"].sum())
    assert run.totals["active_customers_end"] == run.kpis["active_customers"].iloc[-1]


def test_accepts_a_strategy_object_and_the_two_names():
    assert simulate(DECK, n_customers=200, months=1, seed=0).strategy is DECK
    assert simulate("deck", n_customers=200, months=1, seed=0).strategy == DECK
    # the course's first name for the case's four moves stays an alias of the named strategy
    assert strategy_named("deck") is strategy_named("four_moves") is FOUR_MOVES is DECK
    assert simulate("baseline", n_customers=200, months=1, seed=0).strategy == BASELINE


# ----------------------------------------------------------------------------- calibration
def test_baseline_matches_the_before_figures(baseline6):
    # stated tolerances: repurchase 15 % ± 2 points, complaints 22 % ± 3 points, NPS −18 ± 5
    assert baseline6["repurchase_rate"] == pytest.approx(0.15, abs=0.02)
    assert baseline6["complaint_rate"] == pytest.approx(0.22, abs=0.03)
    assert baseline6["nps"] == pytest.approx(-18, abs=5)


def test_baseline_holds_over_a_year():
    kpis = simulate("baseline", n_customers=20_000, months=12, seed=5).kpis
    assert kpis["repurchase_rate"].between(0.13, 0.18).all()
    assert kpis["complaint_rate"].between(0.18, 0.27).all()
    assert kpis["nps"].between(-26, -10).all()


def test_deck_reaches_the_after_figures_in_month_6(deck6):
    # stated tolerances: repurchase 42 % ± 3 points, NPS 45 ± 6, complaints under 5 %,
    # referrals 35 % ± 6 points of new customers
    assert deck6["repurchase_rate"] == pytest.approx(0.42, abs=0.03)
    assert deck6["nps"] == pytest.approx(45, abs=6)
    assert deck6["complaint_rate"] < 0.05
    assert deck6["referral_share"] == pytest.approx(0.35, abs=0.06)


def test_the_deck_builds_up_over_the_months_rather_than_jumping():
    kpis = simulate("deck", n_customers=20_000, months=6, seed=2).kpis
    assert kpis.loc[1, "nps"] < kpis.loc[6, "nps"] - 20
    assert kpis.loc[1, "repurchase_rate"] < kpis.loc[6, "repurchase_rate"]


def test_a_smarter_mix_beats_the_deck_on_profit_with_complaints_under_5_percent():
    board = tournament({"deck": DECK, "smarter": SMARTER}, n_customers=20_000, months=6, seeds=3)
    by_name = board.set_index("strategy")
    assert by_name.loc["smarter", "profit"] > by_name.loc["deck", "profit"]
    assert by_name.loc["smarter", "complaint_rate"] < 0.05
    assert by_name.loc["smarter", "nps"] < by_name.loc["deck", "nps"]  # the trade-off


# ----------------------------------------------------------------------------- determinism
def test_same_seed_same_run_and_another_seed_another_run():
    a = simulate("deck", n_customers=3_000, months=3, seed=11).kpis
    b = simulate("deck", n_customers=3_000, months=3, seed=11).kpis
    c = simulate("deck", n_customers=3_000, months=3, seed=12).kpis
    pd.testing.assert_frame_equal(a, b)
    assert not a.equals(c)


def test_a_generator_is_accepted_as_seed():
    a = simulate("baseline", n_customers=500, months=2, seed=np.random.default_rng(4)).kpis
    b = simulate("baseline", n_customers=500, months=2, seed=np.random.default_rng(4)).kpis
    pd.testing.assert_frame_equal(a, b)


# ----------------------------------------------------------------------------- costs
@pytest.mark.parametrize(
    "changes, column",
    [
        ({"service_level": (1, 1, 1, 1)}, "service_level"),
        ({"contacts_per_month": 6.0}, "contacts"),
        ({"response_hours": 2.0}, "complaint_staff"),
        ({"compensation": 50.0}, "compensation"),
        ({"dedicated_agent": True}, "dedicated_agent"),
        ({"free_returns": True}, "free_returns"),
        ({"service_reports": True}, "service_reports"),
        ({"points_multiplier": 2.0}, "points"),
        ({"birthday_double": True}, "birthday"),
        ({"member_benefits": 1}, "member_benefits"),
        ({"referral_reward": 100.0}, "referral_rewards"),
        ({"winback_offer": 40.0}, "winback"),
        ({"acquisition_rate": 0.06}, "acquisition"),
    ],
)
def test_every_lever_costs_money(changes, column):
    before = simulate(BASELINE, n_customers=5_000, months=3, seed=1).costs[column].sum()
    after = simulate(BASELINE.replace(**changes), n_customers=5_000, months=3, seed=1).costs[column].sum()
    assert after > before


def test_the_price_list_names_every_lever():
    table = lever_costs()
    levers = {
        "service_level",
        "contacts",
        "response_hours",
        "compensation",
        "dedicated_agent",
        "free_returns",
        "service_reports",
        "points",
        "birthday_double",
        "member_benefits",
        "referral_reward",
        "winback_offer",
        "acquisition_rate",
    }
    assert levers == set(table.index)


def test_buying_every_lever_at_its_maximum_loses_to_the_deck():
    everything = Strategy(
        name="everything",
        service_level=(2, 2, 2, 2),
        contacts_per_month=20,
        channel_mix=(0.25, 0.25, 0.25, 0.25),
        response_hours=0.5,
        compensation=500,
        dedicated_agent=True,
        free_returns=True,
        service_reports=True,
        points_multiplier=5,
        birthday_double=True,
        member_benefits=2,
        referral_reward=1000,
        winback_offer=500,
    )
    run = simulate(everything, n_customers=5_000, months=6, seed=0)
    deck = simulate(DECK, n_customers=5_000, months=6, seed=0)
    assert run.totals["profit"] < deck.totals["profit"]


# ----------------------------------------------------------------------------- refusals
@pytest.mark.parametrize(
    "kwargs, error, message",
    [
        ({"strategy": "magic"}, CourseDataError, r"`strategy` 'magic' is unknown"),
        ({"strategy": 42}, TypeError, r"`strategy` must be a Strategy"),
        ({"n_customers": 0}, CourseDataError, r"`n_customers` must be ≥ 1; got 0"),
        ({"months": 0}, CourseDataError, r"`months` must be ≥ 1; got 0"),
        ({"months": -3}, CourseDataError, r"`months` must be ≥ 1; got -3"),
        ({"n_customers": 10.5}, CourseDataError, r"`n_customers` must be a whole number; got 10.5"),
        ({"months": "3"}, TypeError, r"`months` must be a number; got str '3'"),
        (
            {"seed": "abc"},
            TypeError,
            r"`seed` must be a whole number ≥ 0 or a numpy Generator; got str .abc.",
        ),
    ],
)
def test_bad_arguments_are_refused(kwargs, error, message):
    args = {"strategy": "baseline", "n_customers": 100, "months": 2, "seed": 0, **kwargs}
    strategy = args.pop("strategy")
    with pytest.raises(error, match=message):
        simulate(strategy, **args)


@pytest.mark.parametrize(
    "changes, error, message",
    [
        ({"service_level": (0, 1, 3, 0)}, CourseDataError, r"`service_level` must be four levels"),
        ({"service_level": (0, 1)}, CourseDataError, r"`service_level` must be four levels"),
        ({"channel_mix": (0.5, 0.2, 0.2, 0.2)}, CourseDataError, r"sum to 1; they sum to 1.100"),
        ({"response_hours": 0.0}, CourseDataError, r"`response_hours` must be ≥ 0.25; got 0.0"),
        ({"compensation": -5}, CourseDataError, r"`compensation` must be ≥ 0; got -5"),
        ({"compensation": 2500}, CourseDataError, r"`compensation` must be ≤ 2000; got 2500"),
        ({"free_returns": "yes"}, TypeError, r"`free_returns` must be True or False"),
        ({"member_benefits": 3}, CourseDataError, r"`member_benefits` must be ≤ 2; got 3"),
        ({"referral_reward": "200"}, TypeError, r"`referral_reward` must be a number"),
    ],
)
def test_bad_levers_are_refused(changes, error, message):
    with pytest.raises(error, match=message):
        DECK.replace(**changes)


def test_replace_refuses_a_lever_that_does_not_exist():
    with pytest.raises(CourseDataError, match=r"no lever\(s\) \['discount'\]"):
        DECK.replace(discount=0.1)


# ----------------------------------------------------------------------------- properties
levers = st.builds(
    Strategy,
    service_level=st.tuples(*[st.integers(0, 2)] * 4),
    contacts_per_month=st.floats(0, 30),
    channel_mix=st.sampled_from([(1, 0, 0, 0), (0, 1, 0, 0), (0.25, 0.25, 0.25, 0.25), (0.1, 0.3, 0.4, 0.2)]),
    response_hours=st.floats(0.25, 168),
    compensation=st.floats(0, 2000),
    dedicated_agent=st.booleans(),
    free_returns=st.booleans(),
    service_reports=st.booleans(),
    points_multiplier=st.floats(0, 5),
    birthday_double=st.booleans(),
    member_benefits=st.integers(0, 2),
    referral_reward=st.floats(0, 2000),
    winback_offer=st.floats(0, 2000),
    acquisition_rate=st.floats(0, 0.5),
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(strategy=levers, n=st.integers(1, 400), months=st.integers(1, 4), seed=st.integers(0, 10**6))
def test_any_strategy_gives_valid_kpis(strategy, n, months, seed):
    run = simulate(strategy, n_customers=n, months=months, seed=seed)
    kpis = run.kpis
    assert list(kpis.index) == list(range(1, months + 1))
    for column in ("repurchase_rate", "complaint_rate", "referral_share", "churn_rate"):
        assert kpis[column].between(0, 1).all(), column
    assert kpis["nps"].between(-100, 100).all()
    assert (kpis["revenue"] >= 0).all() and (kpis["cost"] >= 0).all()
    assert (run.costs >= 0).all().all()
    np.testing.assert_allclose(kpis["profit"], kpis["revenue"] - kpis["cost"])
    assert kpis["satisfaction"].between(0, 100).all()


@settings(max_examples=15, deadline=None)
@given(hours=st.floats(0.25, 100), seed=st.integers(0, 1000))
def test_faster_answers_never_cost_less_staff(hours, seed):
    slow = simulate(BASELINE.replace(response_hours=hours + 4), n_customers=300, months=1, seed=seed)
    fast = simulate(BASELINE.replace(response_hours=hours), n_customers=300, months=1, seed=seed)
    assert fast.costs["complaint_staff"].iloc[0] > slow.costs["complaint_staff"].iloc[0]


# ----------------------------------------------------------------------------- replications and teams
def test_replicate_gives_bands_that_contain_the_mean():
    runs = replicate("deck", n_customers=2_000, months=3, seeds=5)
    assert len(runs) == 15 and sorted(runs["seed"].unique()) == [0, 1, 2, 3, 4]
    bands = summarize_runs(runs)
    assert list(bands.index.get_level_values("month")) == [1, 2, 3]
    for kpi in ("repurchase_rate", "nps", "profit"):
        assert (bands[f"{kpi}_low"] <= bands[kpi]).all() and (bands[kpi] <= bands[f"{kpi}_high"]).all()
    assert (bands["profit_high"] > bands["profit_low"]).all()


def test_replicate_with_explicit_seeds_repeats_single_runs():
    runs = replicate("baseline", n_customers=800, months=2, seeds=[7, 9])
    single = simulate("baseline", n_customers=800, months=2, seed=9).kpis
    np.testing.assert_allclose(runs.loc[runs["seed"] == 9, "profit"], single["profit"])


def test_replicate_shows_no_progress_bar_unless_asked(capsys):
    replicate("baseline", n_customers=200, months=1, seeds=2)
    captured = capsys.readouterr()
    assert captured.err == "" and captured.out == ""


@pytest.mark.parametrize(
    "seeds, error, message",
    [
        (0, CourseDataError, r"`seeds` must be ≥ 1; got 0"),
        ([], CourseDataError, r"non-empty list of seeds; got \[\]"),
        ([1, -2], CourseDataError, r"`seeds\[1\]` must be ≥ 0; got -2"),
        ([1, "a"], TypeError, r"`seeds\[1\]` must be a whole number ≥ 0 or a numpy Generator; got str 'a'"),
        ("5", TypeError, r"`seeds` must be a number of runs or a list of seeds; got str '5'"),
    ],
)
def test_bad_seeds_are_refused(seeds, error, message):
    with pytest.raises(error, match=message):
        replicate("baseline", n_customers=100, months=1, seeds=seeds)


def test_summarize_runs_and_tournament_refuse_bad_settings():
    runs = replicate("baseline", n_customers=100, months=1, seeds=2)
    with pytest.raises(CourseDataError, match=r"`level` must be < 1; got 90"):
        summarize_runs(runs, level=90)
    with pytest.raises(CourseDataError, match=r"`complaint_target` must be ≤ 1; got 5"):
        tournament(["baseline"], n_customers=100, months=1, seeds=1, complaint_target=5)


def test_tournament_ranks_by_profit_on_the_same_seeds():
    board = tournament({"A": "baseline", "B": "deck", "C": SMARTER}, n_customers=3_000, months=4, seeds=2)
    assert list(board["rank"]) == [1, 2, 3]
    assert board["profit"].is_monotonic_decreasing
    alone = np.mean(
        [simulate("deck", n_customers=3_000, months=4, seed=s).kpis["profit"].sum() for s in (0, 1)]
    )
    assert board.set_index("strategy").loc["B", "profit"] == pytest.approx(alone)
    assert not board.set_index("strategy").loc["A", "meets_targets"]


def test_tournament_refuses_duplicate_team_names():
    with pytest.raises(CourseDataError, match=r"duplicate names \['four_moves'\]"):
        tournament(["deck", "deck"], n_customers=100, months=1, seeds=1)


# ----------------------------------------------------------------------------- figures and the lab widget


def test_figures_draw_kpis_bands_and_the_leaderboard():
    import matplotlib

    matplotlib.use("Agg")
    from course_lib import plots

    bands = summarize_runs(replicate("deck", n_customers=500, months=3, seeds=3))
    axes = plots.simulation.kpi_paths(bands)
    assert axes.shape == (2, 2) and len(axes[0, 0].collections) == 1  # the band
    board = tournament({"A": "baseline", "B": "deck"}, n_customers=500, months=2, seeds=2)
    ax = plots.simulation.leaderboard(board)
    assert [t.get_text() for t in ax.get_yticklabels()] == list(board["strategy"][::-1])
    run = simulate("deck", n_customers=500, months=2, seed=0)
    ax = plots.simulation.cost_breakdown(run.costs)
    assert "goods" not in [t.get_text() for t in ax.get_yticklabels()]


def test_strategy_lab_draws_its_default_then_reruns_on_a_slider(shown, controls):
    pytest.importorskip("ipywidgets")
    import ipywidgets as w
    import matplotlib

    matplotlib.use("Agg")
    from course_lib import widgets

    widgets.simulation.strategy_lab("deck", n_customers=500, months=2, seed=0)
    tables = [o for o in shown if isinstance(o, pd.DataFrame)]
    assert list(tables[0].columns) == ["baseline", "four_moves"]
    slider = next(c for c in controls(w.FloatSlider) if "Referral" in c.description)
    before = len(shown)
    slider.value = 50.0
    redrawn = [o for o in shown[before:] if isinstance(o, pd.DataFrame)]
    assert list(redrawn[0].columns) == ["baseline", "your strategy"]
