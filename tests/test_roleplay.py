"""The empathy role-play: every shipped scenario is valid and each outcome is reachable."""

import copy

import pytest
import yaml

from course_lib import roleplay
from course_lib.validation import CourseDataError

SCENARIOS = roleplay.list_scenarios()


def _raw(name="late_gift"):
    path = roleplay.SCENARIO_DIR / f"empathy_{name}.yaml"
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def _path(scenario, pick):
    """Option numbers chosen by ``pick`` (max or min) of the scores at each turn."""
    return [[o.score for o in t.options].index(pick(o.score for o in t.options)) for t in scenario.turns]


def test_three_scenarios_ship():
    assert len(SCENARIOS) >= 3


@pytest.mark.parametrize("name", SCENARIOS)
def test_scenario_follows_the_three_steps(name):
    scenario = roleplay.load_scenario(name)
    assert [t.step for t in scenario.turns] == list(roleplay.STEPS)
    assert scenario.max_score == 3 * roleplay.MAX_OPTION_SCORE


@pytest.mark.parametrize("name", SCENARIOS)
def test_best_path_wins_the_customer_back(name):
    scenario = roleplay.load_scenario(name)
    game = roleplay.play(scenario, _path(scenario, max))
    assert game.total == scenario.max_score
    assert all(r.best for r in game.results)
    assert game.outcome() == max(scenario.outcomes, key=lambda o: o.min_share)


@pytest.mark.parametrize("name", SCENARIOS)
def test_worst_path_loses_the_customer(name):
    scenario = roleplay.load_scenario(name)
    game = roleplay.play(scenario, _path(scenario, min))
    assert not any(r.best for r in game.results)
    assert game.outcome().min_share == 0


@pytest.mark.parametrize("name", SCENARIOS)
def test_a_mixed_path_ends_in_the_middle(name):
    scenario = roleplay.load_scenario(name)
    best, worst = _path(scenario, max), _path(scenario, min)
    # strong on the feeling and the solution, weak on owning the problem
    game = roleplay.play(scenario, [best[0], worst[1], best[2]])
    middle = sorted(o.min_share for o in scenario.outcomes)[1]
    outcome = game.outcome()
    assert outcome.min_share == middle, (game.total, outcome.label)
    assert game.results[1].feedback == scenario.turns[1].options[worst[1]].feedback
    assert game.transcript()["score"].tolist() == [r.score for r in game.results]


def test_the_engine_refuses_out_of_order_play():
    game = roleplay.RolePlay(roleplay.load_scenario("late_gift"))
    with pytest.raises(CourseDataError, match="turn\\(s\\) left"):
        game.outcome()
    with pytest.raises(CourseDataError, match="`choice` must be ≤ 2; got 3"):
        game.choose(3)
    with pytest.raises(TypeError, match="`choice` must be a number; got str '1'"):
        game.choose("1")
    for _ in range(3):
        game.choose(0)
    with pytest.raises(CourseDataError, match="the conversation is over"):
        game.choose(0)
    with pytest.raises(TypeError, match="must be a Scenario"):
        roleplay.RolePlay({"id": "x"})
    with pytest.raises(CourseDataError, match="one option per turn \\(3\\); got 2"):
        roleplay.play("late_gift", [0, 1])


@pytest.mark.parametrize(
    "break_it, message",
    [
        (lambda d: d.pop("complaint"), r"lacks the field `complaint`"),
        (lambda d: d["turns"].pop(), r"turns must have 3 turns, one per step"),
        (lambda d: d["turns"][1].update(step="resolve"), r"turns\[1\]\.step must be 'own'"),
        (
            lambda d: d["turns"][0]["options"][1].update(score="high"),
            r"turns\[0\]\.options\[1\]\.score must be a whole number from 0 to 3; got 'high'",
        ),
        (
            lambda d: d["turns"][2]["options"][0].update(score=5),
            r"turns\[2\]\.options\[0\]\.score must be a whole number from 0 to 3; got 5",
        ),
        (
            lambda d: d["turns"][0]["options"][2].pop("feedback"),
            r"turns\[0\]\.options\[2\]` lacks the field `feedback`",
        ),
        (
            lambda d: d["turns"][1].update(options=d["turns"][1]["options"][:1]),
            r"turns\[1\]\.options needs at least 2 options",
        ),
        (lambda d: [o.update(score=2) for o in d["turns"][0]["options"]], r"turns\[0\]\.options all score 2"),
        (lambda d: d["outcomes"].pop(), r"must include one with min_share 0"),
        (lambda d: d["outcomes"][0].update(min_share=1.5), r"outcomes\[0\]\.min_share must be a fraction"),
    ],
)
def test_bad_scenarios_name_the_field(break_it, message):
    raw = copy.deepcopy(_raw())
    break_it(raw)
    with pytest.raises(CourseDataError, match=message):
        roleplay.parse_scenario(raw, source="empathy_late_gift.yaml")


def test_load_scenario_by_path_and_unknown_names(tmp_path):
    path = tmp_path / "mine.yaml"
    path.write_text(yaml.safe_dump(_raw("wrong_size"), allow_unicode=True), encoding="utf-8")
    assert roleplay.load_scenario(path).id == "wrong_size"
    with pytest.raises(CourseDataError, match=r"no such scenario; the shipped ones are \["):
        roleplay.load_scenario("missing")
    broken = tmp_path / "broken.yaml"
    broken.write_text("id: [unclosed", encoding="utf-8")
    with pytest.raises(CourseDataError, match="broken.yaml is not valid YAML"):
        roleplay.load_scenario(broken)
