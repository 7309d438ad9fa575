"""Role-play of the three-step empathy method: scenarios as data, one small engine (analytics layer).

Taught in chapter 4 (``notebooks/04_service.ipynb``). The 2025 training deck names a
three-step empathy method (同理心三步法) without giving the steps; the course's steps are
*course design*:

1. **acknowledge** the feeling (认可感受) — name what the customer feels before anything else;
2. **own** the problem (澄清并担责) — restate what went wrong, ask what is missing, take
   responsibility instead of passing it on;
3. **resolve** with a follow-up (方案与跟进) — a concrete solution, a time, and a promise to
   check back.

A scenario is a YAML file in ``course_lib/scenarios/empathy_*.yaml``: a complaint, one turn
per step (what the customer says, the options the trainee can answer with, a score and
feedback per option) and the outcomes by total score. :func:`load_scenario` validates it
with messages that name the field; :class:`RolePlay` plays it one choice at a time.

>>> game = RolePlay(load_scenario("late_gift"))
>>> game.choose(game.best_choice()).score
3
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from .language import language
from .validation import CourseDataError, require_field, require_whole

__all__ = [
    "STEPS",
    "STEP_NAMES",
    "MAX_OPTION_SCORE",
    "Option",
    "Turn",
    "Outcome",
    "Scenario",
    "StepResult",
    "RolePlay",
    "SCENARIO_DIR",
    "list_scenarios",
    "load_scenario",
    "parse_scenario",
    "play",
]

#: The three steps of the course's empathy method, in order.
STEPS = ("acknowledge", "own", "resolve")
STEP_NAMES = {
    "acknowledge": "acknowledge the feeling 认可感受",
    "own": "clarify and own the problem 澄清并担责",
    "resolve": "solve and follow up 方案与跟进",
}
MAX_OPTION_SCORE = 3
SCENARIO_DIR = Path(__file__).resolve().parent / "scenarios"


@dataclass(frozen=True)
class Option:
    """One answer the trainee can give at a turn."""

    text: str
    text_zh: str
    score: int
    feedback: str
    reply: str


@dataclass(frozen=True)
class Turn:
    """One step of the conversation: the customer's line and the possible answers."""

    step: str
    customer: str
    options: tuple[Option, ...]

    @property
    def best_score(self) -> int:
        return max(o.score for o in self.options)


@dataclass(frozen=True)
class Outcome:
    """How a conversation ended, for totals of at least ``min_share`` of the maximum."""

    min_share: float
    label: str
    message: str


@dataclass(frozen=True)
class Scenario:
    """A complaint role-play: the situation, three turns and the possible outcomes."""

    id: str
    title: str
    title_zh: str
    situation: str
    complaint: str
    turns: tuple[Turn, ...]
    outcomes: tuple[Outcome, ...]

    @property
    def max_score(self) -> int:
        return sum(t.best_score for t in self.turns)

    def outcome_for(self, total: int) -> Outcome:
        """The outcome a total score earns (the highest threshold it reaches)."""
        share = total / self.max_score if self.max_score else 0.0
        for outcome in sorted(self.outcomes, key=lambda o: o.min_share, reverse=True):
            if share >= outcome.min_share - 1e-12:
                return outcome
        raise CourseDataError(f"scenario {self.id!r}: no outcome covers a total of {total}.")


@dataclass(frozen=True)
class StepResult:
    """What one choice earned."""

    step: str
    choice: int
    score: int
    best_score: int
    feedback: str
    reply: str

    @property
    def best(self) -> bool:
        return self.score == self.best_score


# ------------------------------------------------------------------------ validation
def _require(mapping, key, where, kind=str):
    value = require_field(mapping, key, where, kind=kind)
    return value.strip() if kind is str else value


def _shown(mapping, key, where) -> str:
    """A required text as the trainee reads it: its ``<key>_zh`` neighbour in the Chinese
    course when the file gives one, else the text itself.

    Examples
    --------
    >>> from course_lib.language import set_language
    >>> line = {"reply": "Thank you.", "reply_zh": "谢谢。"}
    >>> _shown(line, "reply", "demo")
    'Thank you.'
    >>> set_language("zh"); _shown(line, "reply", "demo")
    '谢谢。'
    >>> set_language(None)
    """
    text = _require(mapping, key, where)
    chinese = mapping.get(f"{key}_zh")
    if language() == "zh" and isinstance(chinese, str) and chinese.strip():
        return chinese.strip()
    return text


def _option(raw, where) -> Option:
    score = _require(raw, "score", where, kind=None)
    if isinstance(score, bool) or not isinstance(score, int) or not 0 <= score <= MAX_OPTION_SCORE:
        raise CourseDataError(
            f"{where}.score must be a whole number from 0 to {MAX_OPTION_SCORE}; got {score!r}."
        )
    reply = raw.get("reply", "")
    if not isinstance(reply, str):
        raise CourseDataError(f"{where}.reply must be text; got {reply!r}.")
    if reply.strip():
        reply = _shown(raw, "reply", where)
    return Option(
        text=_require(raw, "text", where),
        text_zh=_require(raw, "text_zh", where),
        score=score,
        feedback=_shown(raw, "feedback", where),
        reply=reply.strip(),
    )


def parse_scenario(raw, *, source="scenario") -> Scenario:
    """Build a :class:`Scenario` from a parsed YAML mapping, naming any bad field.

    In the Chinese course (:func:`course_lib.language.language` is ``"zh"``) the texts the
    trainee reads — ``situation``, ``complaint``, each turn's ``customer`` line, each option's
    ``feedback`` and ``reply``, each outcome's ``label`` and ``message`` — are their optional
    ``*_zh`` neighbours (``feedback_zh`` …) where the file gives them. Options keep ``text``
    and ``text_zh`` both.

    Examples
    --------
    >>> parse_scenario({"id": "x", "title": "t"}, source="demo.yaml")
    Traceback (most recent call last):
    ...
    course_lib.validation.CourseDataError: `demo.yaml` lacks the field `title_zh`; it has ['id', 'title'].
    """
    fields = {key: _require(raw, key, source) for key in ("id", "title", "title_zh")}
    fields |= {key: _shown(raw, key, source) for key in ("situation", "complaint")}
    turns_raw = _require(raw, "turns", source, kind=list)
    if len(turns_raw) != len(STEPS):
        raise CourseDataError(
            f"{source}.turns must have {len(STEPS)} turns, one per step {list(STEPS)}; got {len(turns_raw)}."
        )
    turns = []
    for i, (turn, expected) in enumerate(zip(turns_raw, STEPS)):
        where = f"{source}.turns[{i}]"
        step = _require(turn, "step", where)
        if step != expected:
            raise CourseDataError(
                f"{where}.step must be {expected!r} (the steps run {list(STEPS)}); got {step!r}."
            )
        options_raw = _require(turn, "options", where, kind=list)
        if len(options_raw) < 2:
            raise CourseDataError(
                f"{where}.options needs at least 2 options to choose from; got {len(options_raw)}."
            )
        options = tuple(_option(o, f"{where}.options[{j}]") for j, o in enumerate(options_raw))
        scores = [o.score for o in options]
        if len(set(scores)) == 1:
            raise CourseDataError(
                f"{where}.options all score {scores[0]}; a turn needs a better and a worse answer."
            )
        turns.append(Turn(step=step, customer=_shown(turn, "customer", where), options=options))
    outcomes_raw = _require(raw, "outcomes", source, kind=list)
    outcomes = []
    for k, item in enumerate(outcomes_raw):
        where = f"{source}.outcomes[{k}]"
        share = _require(item, "min_share", where, kind=None)
        if isinstance(share, bool) or not isinstance(share, (int, float)) or not 0 <= share <= 1:
            raise CourseDataError(f"{where}.min_share must be a fraction from 0 to 1; got {share!r}.")
        outcomes.append(Outcome(float(share), _shown(item, "label", where), _shown(item, "message", where)))
    if not any(o.min_share == 0 for o in outcomes):
        raise CourseDataError(
            f"{source}.outcomes must include one with min_share 0, so every total has an outcome."
        )
    shares = [o.min_share for o in outcomes]
    if len(set(shares)) != len(shares):
        raise CourseDataError(f"{source}.outcomes repeat a min_share: {shares}.")
    return Scenario(turns=tuple(turns), outcomes=tuple(outcomes), **fields)


def list_scenarios() -> list[str]:
    """Names of the shipped scenarios (``empathy_<name>.yaml``), sorted."""
    return sorted(p.stem.removeprefix("empathy_") for p in SCENARIO_DIR.glob("empathy_*.yaml"))


def load_scenario(name: str | Path) -> Scenario:
    """Load a shipped scenario by name (``"late_gift"``) or a YAML file by path."""
    import yaml

    if isinstance(name, Path) or (isinstance(name, str) and name.endswith((".yaml", ".yml"))):
        path = Path(name)
    elif isinstance(name, str):
        path = SCENARIO_DIR / f"empathy_{name}.yaml"
    else:
        raise TypeError(f"`name` must be a scenario name or a path; got {type(name).__name__}.")
    if not path.exists():
        raise CourseDataError(
            f"`name` {str(name)!r}: no such scenario; the shipped ones are {list_scenarios()}."
        )
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as error:
        raise CourseDataError(f"{path.name} is not valid YAML: {error}") from None
    return parse_scenario(raw, source=path.name)


# -------------------------------------------------------------------------- the engine
class RolePlay:
    """Play a scenario: one :meth:`choose` per turn, a score and feedback for each.

    Examples
    --------
    >>> game = RolePlay(load_scenario("late_gift"))
    >>> game.current_turn.step
    'acknowledge'
    >>> _ = game.choose(game.best_choice()); _ = game.choose(0); _ = game.choose(0)
    >>> game.done, game.total <= game.scenario.max_score
    (True, True)
    """

    def __init__(self, scenario: Scenario):
        if not isinstance(scenario, Scenario):
            raise TypeError(
                f"`scenario` must be a Scenario (see load_scenario); got {type(scenario).__name__}."
            )
        self.scenario = scenario
        self.results: list[StepResult] = []

    def __repr__(self) -> str:
        return (
            f"RolePlay({self.scenario.id!r}: turn {min(len(self.results) + 1, len(self.scenario.turns))}"
            f" of {len(self.scenario.turns)}, score {self.total}/{self.scenario.max_score})"
        )

    @property
    def done(self) -> bool:
        return len(self.results) == len(self.scenario.turns)

    @property
    def current_turn(self) -> Turn:
        if self.done:
            raise CourseDataError("the conversation is over; start a new RolePlay to play again.")
        return self.scenario.turns[len(self.results)]

    @property
    def total(self) -> int:
        return sum(r.score for r in self.results)

    def best_choice(self) -> int:
        """Index of the (first) highest-scoring option at the current turn."""
        scores = [o.score for o in self.current_turn.options]
        return scores.index(max(scores))

    def choose(self, choice: int) -> StepResult:
        """Answer the current turn with option number ``choice`` (0-based).

        Parameters
        ----------
        choice : int
            The option's number in the current turn, from 0.

        Returns
        -------
        StepResult
            The step, the choice, its score and feedback, and whether it was the best.

        Examples
        --------
        >>> game = RolePlay(load_scenario("late_gift"))
        >>> result = game.choose(0)
        >>> result.step, result.score
        ('acknowledge', 3)
        """
        turn = self.current_turn
        choice = require_whole(choice, "choice", low=0, high=len(turn.options) - 1)  # option number
        option = turn.options[choice]
        result = StepResult(
            step=turn.step,
            choice=choice,
            score=option.score,
            best_score=turn.best_score,
            feedback=option.feedback,
            reply=option.reply,
        )
        self.results.append(result)
        return result

    def outcome(self) -> Outcome:
        """The conversation's outcome; only once every turn is answered."""
        if not self.done:
            raise CourseDataError(
                f"the conversation has {len(self.scenario.turns) - len(self.results)} "
                "turn(s) left; answer them before asking for the outcome."
            )
        return self.scenario.outcome_for(self.total)

    def transcript(self) -> pd.DataFrame:
        """One row per answered turn: step, the answer chosen, score, best possible score
        (the step's and the answer's Chinese in the Chinese course)."""
        chinese = language() == "zh"
        rows = []
        for turn, result in zip(self.scenario.turns, self.results):
            option = turn.options[result.choice]
            rows.append(
                {
                    "step": STEP_NAMES[turn.step].rsplit(" ", 1)[-1] if chinese else STEP_NAMES[turn.step],
                    "answer": option.text_zh if chinese else option.text,
                    "score": result.score,
                    "best": result.best_score,
                }
            )
        return pd.DataFrame(rows, columns=["step", "answer", "score", "best"])


def play(scenario: str | Scenario, choices: Sequence[int]) -> RolePlay:
    """Play ``choices`` (one option number per turn) through and return the finished game.

    Parameters
    ----------
    scenario : str or Scenario
        A shipped scenario's name (``"late_gift"``) or a parsed :class:`Scenario`.
    choices : sequence of int
        One option number (0-based) per turn, in order.

    Returns
    -------
    RolePlay
        The finished game: ``total``, ``outcome()``, ``results`` and ``transcript()``.

    Examples
    --------
    >>> game = play("late_gift", [0, 0, 0])
    >>> game.total, game.outcome().label
    (9, 'Customer won back 挽回成功')
    """
    if isinstance(scenario, str):
        scenario = load_scenario(scenario)
    game = RolePlay(scenario)
    choices = list(choices)
    if len(choices) != len(scenario.turns):
        raise CourseDataError(
            f"`choices` must give one option per turn ({len(scenario.turns)}); got {len(choices)}."
        )
    for choice in choices:
        game.choose(choice)
    return game
