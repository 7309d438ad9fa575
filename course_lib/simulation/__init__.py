"""The customer-base simulation and the scripted cases (simulation layer).

- :mod:`.engine` — :func:`simulate` runs a customer base month by month under a
  :class:`Strategy` of priced levers; ``"baseline"`` and ``"four_moves"`` replay the strategy
  article's turnaround case (``"four_moves"`` holds the case's four moves; ``"deck"`` and
  ``DECK``, the names the course first used, still work). The simulator was calibrated so that they reproduce the case's "before" and
  "after": it compares strategies' costs and trade-offs under its rules, it cannot confirm the
  case's effect sizes.
- :mod:`.replications` — :func:`replicate` (uncertainty bands over seeds) and
  :func:`tournament` (team mode: several strategies on the same seeds, a leaderboard).
- :mod:`.cases` — the scripted cases (churn rescue, B2B negotiation, omnichannel trigger),
  read from scenario files in ``course_lib/scenarios/``.
"""

from __future__ import annotations

from .engine import (
    BASELINE,
    CHANNELS,
    DECK,
    FOUR_MOVES,
    LEVER_COSTS,
    TIERS,
    SimulationResult,
    Strategy,
    lever_costs,
    normalise_mix,
    simulate,
    strategy_named,
)
from .replications import replicate, summarize_runs, tournament

__all__ = [
    "BASELINE",
    "CHANNELS",
    "DECK",
    "FOUR_MOVES",
    "LEVER_COSTS",
    "TIERS",
    "SimulationResult",
    "Strategy",
    "lever_costs",
    "normalise_mix",
    "simulate",
    "strategy_named",
    "replicate",
    "summarize_runs",
    "tournament",
]
