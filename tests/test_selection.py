"""CRM selection: weighted scoring matrix, total cost of ownership, roadmap, maturity model."""

import pandas as pd
import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from course_lib import selection
from course_lib.selection import CostProfile
from course_lib.validation import CourseDataError

SIMPLE = CostProfile(
    users=10,
    licence_per_user_year=1_000,
    implementation=50_000,
    customisation=20_000,
    training_initial=5_000,
    training_per_year=1_000,
    operations_per_year=4_000,
)


# ---------------------------------------------------------------------------------- TCO
def test_tco_table_by_hand():
    table = selection.tco_table(SIMPLE, years=3, discount_rate=0.10)
    assert table.loc[0, "total"] == 75_000  # one-off costs in year 0
    assert (table.loc[1:, "total"] == 10 * 1_000 + 1_000 + 4_000).all()
    assert table.loc[2, "present_value"] == pytest.approx(15_000 / 1.1**2)
    assert selection.total_cost_of_ownership(SIMPLE, years=3, discount_rate=0.10) == pytest.approx(
        75_000 + 15_000 * (1 / 1.1 + 1 / 1.21 + 1 / 1.331)
    )
    assert list(table.columns[:5]) == [
        "licences",
        "implementation",
        "customisation",
        "training",
        "operations",
    ]


def test_licence_growth_compounds_from_year_two():
    grown = CostProfile(users=2, licence_per_user_year=100, licence_growth=0.10)
    table = selection.tco_table(grown, years=3, discount_rate=0.0)
    assert table["licences"].tolist() == pytest.approx([0, 200, 220, 242])


@settings(max_examples=40, deadline=None)
@given(st.floats(0, 0.3), st.floats(0, 0.3), st.integers(1, 10))
def test_discounting_never_raises_the_cost(low, high, years):
    low, high = sorted((low, high))
    cheap = selection.total_cost_of_ownership(SIMPLE, years=years, discount_rate=high)
    dear = selection.total_cost_of_ownership(SIMPLE, years=years, discount_rate=low)
    nominal = selection.tco_table(SIMPLE, years=years, discount_rate=0.0)["total"].sum()
    assert cheap <= dear + 1e-6 <= nominal + 1e-5


def test_comparison_components_add_up_to_the_tco():
    table = selection.tco_comparison(years=5, discount_rate=0.08)
    parts = table[["licences", "implementation", "customisation", "training", "operations"]]
    pd.testing.assert_series_equal(parts.sum(axis=1), table["tco"], check_names=False)
    assert table["tco"].is_monotonic_increasing
    assert (table["nominal"] >= table["tco"]).all()


def test_high_upfront_option_becomes_cheaper_in_the_long_run():
    # the material's description of a bought suite: high initial cost, lower long-run cost
    costs = selection.cumulative_costs(years=10, discount_rate=0.08)
    gap = costs["licensed_suite"] - costs["cloud_suite"]
    assert gap.iloc[0] > 0 and gap.iloc[-1] < 0


@pytest.mark.parametrize(
    "kwargs, error, message",
    [
        (dict(users=0), CourseDataError, r"`users` must be ≥ 1; got 0"),
        (dict(users=2.5), CourseDataError, r"`users` must be a whole number; got 2.5"),
        (dict(users=5, implementation=-1.0), CourseDataError, r"`implementation` must be ≥ 0"),
        (dict(users=5, operations_per_year="a lot"), TypeError, r"`operations_per_year` must be a number"),
    ],
)
def test_cost_profile_refuses_bad_inputs(kwargs, error, message):
    with pytest.raises(error, match=message):
        CostProfile(**kwargs)


def test_tco_refuses_bad_settings():
    with pytest.raises(CourseDataError, match=r"`discount_rate` must be < 1; got 8"):
        selection.tco_table(SIMPLE, discount_rate=8)
    with pytest.raises(CourseDataError, match=r"`years` must be ≥ 1; got 0"):
        selection.tco_table(SIMPLE, years=0)
    with pytest.raises(CourseDataError, match=r"`years` must be ≤ 30; got 31"):
        selection.tco_table(SIMPLE, years=31)
    with pytest.raises(TypeError, match=r"`years` must be a number; got str '5'"):
        selection.tco_table(SIMPLE, years="5")
    with pytest.raises(TypeError, match=r"`profile` must be a selection.CostProfile"):
        selection.tco_table({"users": 5})


# ------------------------------------------------------------------------- scoring matrix
def test_weighted_scores_by_hand_and_weights_are_rescaled():
    scores = pd.DataFrame({"fit": [4.0, 2.0], "cost": [2.0, 5.0]}, index=["A", "B"])
    table = selection.weighted_scores(scores, {"fit": 0.6, "cost": 0.4})
    assert table.loc["A", "total"] == pytest.approx(0.6 * 4 + 0.4 * 2)
    same = selection.weighted_scores(scores, {"fit": 6, "cost": 4})
    pd.testing.assert_frame_equal(table, same)
    flipped = selection.weighted_scores(scores, {"fit": 0.2, "cost": 0.8})
    assert list(flipped.index) == ["B", "A"] and flipped["rank"].tolist() == [1, 2]


@settings(max_examples=40, deadline=None)
@given(
    st.lists(st.floats(0, 5), min_size=3, max_size=3), st.lists(st.floats(0.01, 10), min_size=3, max_size=3)
)
def test_total_lies_between_the_lowest_and_highest_score(row, weights):
    scores = pd.DataFrame([row], columns=["a", "b", "c"], index=["X"])
    total = selection.weighted_scores(scores, dict(zip("abc", weights))).loc["X", "total"]
    assert min(row) - 1e-9 <= total <= max(row) + 1e-9


def test_cost_scores_give_the_cheapest_five():
    scores = selection.cost_scores(pd.Series({"a": 2.0, "b": 1.0}))
    assert scores.to_dict() == {"a": 2.5, "b": 5.0}


def test_default_matrix_ranks_the_cloud_suite_first_and_weights_change_the_winner():
    default = selection.selection_matrix()
    assert default.index[0] == "cloud_suite"
    assert set(default.index) == set(selection.OPTIONS.index)
    cost_first = selection.selection_matrix(
        weights={"functional_modules": 0.2, "industry_fit": 0.2, "architecture": 0.2, "total_cost": 0.4}
    )
    assert cost_first.index[0] == "small_business_cloud"


@pytest.mark.parametrize(
    "weights, message",
    [
        ({"fit": 1.0}, r"missing \['cost'\]"),
        ({"fit": 1.0, "cost": 1.0, "speed": 1.0}, r"unknown \['speed'\]"),
        ({"fit": -1.0, "cost": 1.0}, r"`weights` must be ≥ 0; got fit=-1.0"),
        ({"fit": 0.0, "cost": 0.0}, r"`weights` are all 0"),
    ],
)
def test_weights_are_validated(weights, message):
    scores = pd.DataFrame({"fit": [4.0], "cost": [2.0]}, index=["A"])
    with pytest.raises(CourseDataError, match=message):
        selection.weighted_scores(scores, weights)


def test_scores_outside_zero_to_five_are_refused():
    scores = pd.DataFrame({"fit": [4.0, 7.0], "cost": [2.0, 1.0]}, index=["A", "B"])
    with pytest.raises(CourseDataError, match=r"got 7.0 for option B, criterion fit"):
        selection.weighted_scores(scores, {"fit": 1, "cost": 1})


def test_options_quote_the_material_and_roadmap_is_complete():
    assert "21 industry templates" in selection.OPTIONS.loc["cloud_suite", "material_example"]
    assert "300+ prebuilt connectors" in selection.OPTIONS.loc["composable", "material_example"]
    road = selection.ROADMAP
    assert road[["owner", "kpi", "risk", "mitigation"]].notna().all().all()
    assert road["start_month"].is_monotonic_increasing


# ------------------------------------------------------------------------------- maturity
def test_course_maturity_model_loads():
    model = selection.load_maturity()
    assert len(model.levels) == 5 and len(model.dimensions) == 5
    assert model.questions.groupby("dimension").size().eq(2).all()
    assert model.questions["answers"].map(len).eq(5).all()


def test_scores_are_means_and_the_weakest_dimension_is_named():
    model = selection.load_maturity()
    answers = {q: 3 for q in model.questions.index} | {"data_single_view": 1, "data_quality": 2}
    result = selection.score_maturity(answers, model)
    assert result.by_dimension.loc["data", "score"] == 1.5
    assert result.by_dimension.loc["data", "level"] == 1
    assert result.score == pytest.approx((1.5 + 3 * 4) / 5)
    assert result.level == 2 and result.level_name == "Repeatable"
    assert result.weakest == "data"
    top = selection.score_maturity({q: 5 for q in model.questions.index}, model)
    assert top.level == 5 and top.level_name == "Optimising"


def test_answers_are_validated():
    model = selection.load_maturity()
    full = {q: 3 for q in model.questions.index}
    with pytest.raises(CourseDataError, match=r"leaves 1 question\(s\) unanswered: \['gov_consent'\]"):
        selection.score_maturity({q: v for q, v in full.items() if q != "gov_consent"}, model)
    with pytest.raises(CourseDataError, match=r"unknown question id\(s\) \['budget'\]"):
        selection.score_maturity(full | {"budget": 3}, model)
    with pytest.raises(CourseDataError, match=r"`answers\['data_quality'\]` must be ≤ 5; got 6"):
        selection.score_maturity(full | {"data_quality": 6}, model)


def _write(tmp_path, raw):
    path = tmp_path / "maturity.yaml"
    path.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    "break_it, message",
    [
        (lambda raw: raw.pop("title"), r"`maturity.yaml` lacks the field `title`"),
        (
            lambda raw: raw["dimensions"][2]["questions"][0].pop("answers"),
            r"`maturity.yaml: dimensions\[2\].questions\[0\]` lacks the field `answers`",
        ),
        (
            lambda raw: raw["dimensions"][1]["questions"][1]["answers"].pop(),
            r"`maturity.yaml: dimensions\[1\].questions\[1\].answers` must have one answer per level \(5\); it has 4",
        ),
        (lambda raw: raw["levels"][1].update(level=7), r"`maturity.yaml: levels\[1\].level` must be 2"),
        (
            lambda raw: raw["dimensions"][0]["questions"][1].update(id="data_single_view"),
            r"'data_single_view' is used twice",
        ),
        (
            lambda raw: raw["dimensions"][3].update(next_step=""),
            r"dimensions\[3\].next_step` must be non-empty text",
        ),
    ],
)
def test_bad_maturity_files_are_refused_naming_the_field(tmp_path, break_it, message):
    raw = yaml.safe_load(selection.MATURITY_FILE.read_text(encoding="utf-8"))
    break_it(raw)
    with pytest.raises(CourseDataError, match=message):
        selection.load_maturity(_write(tmp_path, raw))


def test_missing_maturity_file_is_explained(tmp_path):
    with pytest.raises(CourseDataError, match=r"no maturity file at 'absent.yaml'"):
        selection.load_maturity(tmp_path / "absent.yaml")
