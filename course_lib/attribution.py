"""Attribution: which channels earn the credit for a conversion (analytics layer).

Chapter 3 ("Communication strategy and channel integration", ``notebooks/03_communication.ipynb``)
compares the attribution models side by side on Lumen's journeys:

- heuristics: :func:`first_touch`, :func:`last_touch`, :func:`linear` (equal split over the
  touches) and :func:`time_decay` (credit halving every ``half_life`` touches back);
- :func:`markov_attribution`: the removal effect of a first-order Markov chain with start,
  conversion and null states (a DESIGN.md §3 contract, also importable as
  ``course_lib.journey.markov_attribution``);
- :func:`shapley_attribution`: the Shapley value of the game "conversions won by a set of
  channels";
- :func:`attribution_table`: every model in one table, one row per channel.

Every model takes ``paths`` (a sequence of journeys, each a sequence of channel names — numpy
strings are fine) and ``converted`` (a same-length sequence of booleans or 0/1) and returns a
dict channel → share of the credit; the shares sum to 1. :class:`AttributionWarning` marks a
result that needs care in reading. The journeys themselves come from
:func:`course_lib.journey.build_journeys` (its ``path`` and ``converted`` columns).

Examples
--------
>>> paths = [["social", "email"], ["social"], ["email", "email"], ["sms"]]
>>> shares = markov_attribution(paths, [True, False, True, False])
>>> {channel: round(share, 3) for channel, share in shares.items()}
{'email': 0.667, 'sms': 0.0, 'social': 0.333}
"""

from __future__ import annotations

import warnings
from collections.abc import Iterable, Sequence
from itertools import chain
from math import factorial

import numpy as np
import pandas as pd

from .validation import CourseDataError, require_number, require_whole

#: A sequence of journeys, each the channel names in the order they were touched.
Paths = Sequence[Sequence[str]]
#: One outcome per journey: booleans or 0/1.
Outcomes = Sequence[bool] | Sequence[int] | np.ndarray | pd.Series

__all__ = [
    "AttributionWarning",
    "first_touch",
    "last_touch",
    "linear",
    "time_decay",
    "markov_attribution",
    "shapley_attribution",
    "attribution_table",
]


class AttributionWarning(UserWarning):
    """An attribution result that needs care in reading (e.g. every journey converted)."""


def _prepare(paths, converted) -> tuple[list[str], np.ndarray, np.ndarray, np.ndarray]:
    """Validate and flatten: channel names, flat codes, journey lengths, outcomes."""
    if isinstance(paths, (str, bytes, dict, pd.DataFrame)) or not hasattr(paths, "__len__"):
        raise TypeError(
            "`paths` must be a sequence of journeys (each a list of channel names); "
            f"got {type(paths).__name__}."
        )
    if isinstance(converted, (str, bytes, dict, pd.DataFrame)) or not hasattr(converted, "__len__"):
        raise TypeError(
            "`converted` must be a sequence of booleans or 0/1, one per journey; "
            f"got {type(converted).__name__}."
        )
    journeys = list(paths)
    outcome = np.asarray(list(converted) if not isinstance(converted, np.ndarray) else converted)
    if outcome.ndim != 1:
        raise CourseDataError(f"`converted` must be one-dimensional; got shape {outcome.shape}.")
    if len(journeys) != len(outcome):
        raise CourseDataError(
            f"`paths` has {len(journeys)} journeys but `converted` has "
            f"{len(outcome)} values; give one outcome per journey."
        )
    if not journeys:
        raise CourseDataError("`paths` is empty; attribution needs at least one journey.")
    if outcome.dtype != bool:
        try:
            numeric = outcome.astype(float)
        except (TypeError, ValueError):
            numeric = None
        if numeric is None or not np.isin(numeric, (0.0, 1.0)).all():
            bad_at = 0 if numeric is None else int(np.flatnonzero(~np.isin(numeric, (0.0, 1.0)))[0])
            raise CourseDataError(
                f"`converted` must hold booleans or 0/1; found {outcome[bad_at]!s} at position {bad_at}."
            )
        outcome = numeric.astype(bool)
    lengths = np.empty(len(journeys), dtype=np.int64)
    for i, path in enumerate(journeys):
        if isinstance(path, (str, bytes)) or not hasattr(path, "__len__"):
            raise CourseDataError(
                f"`paths[{i}]` is a {type(path).__name__}; each journey must be a "
                "sequence of channel names such as ['social', 'email']."
            )
        lengths[i] = len(path)
        if lengths[i] == 0:
            raise CourseDataError(f"`paths[{i}]` is empty; every journey needs at least one touchpoint.")
    if not outcome.any():
        raise CourseDataError(
            f"none of the {len(journeys)} journeys converted; attribution shares "
            "credit for conversions, so it needs at least one converting journey."
        )
    flat = np.empty(int(lengths.sum()), dtype=object)
    flat[:] = list(chain.from_iterable(journeys))
    codes, uniques = pd.factorize(flat)  # hashing: "a" and numpy.str_("a") are one channel
    names = [str(c) for c in uniques]
    if len(set(names)) < len(names):  # e.g. 1 and "1": merge by their text
        codes, uniques = pd.factorize(np.asarray(names, dtype=object)[codes])
        names = [str(c) for c in uniques]
    order = np.argsort(names)
    rank = np.empty(len(order), dtype=np.int64)
    rank[order] = np.arange(len(order))
    return [names[i] for i in order], rank[codes], lengths, outcome


def _shares(channels: list[str], credit: np.ndarray, extra) -> dict[str, float]:
    total = credit.sum()
    result = {c: float(v / total) for c, v in zip(channels, credit)}
    for c in extra or ():
        result.setdefault(str(c), 0.0)
    return dict(sorted(result.items()))


def _positions(lengths: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    ends = np.cumsum(lengths)
    starts = ends - lengths
    journey_of = np.repeat(np.arange(len(lengths)), lengths)
    return starts, ends - 1, journey_of


def _single_touch(paths, converted, channels, *, first: bool) -> dict[str, float]:
    """Every conversion credited to one touch of its journey: the first or the last."""
    names, codes, lengths, outcome = _prepare(paths, converted)
    starts, lasts, _ = _positions(lengths)
    credit = np.bincount(codes[starts if first else lasts][outcome], minlength=len(names)).astype(float)
    return _shares(names, credit, channels)


def first_touch(
    paths: Paths, converted: Outcomes, *, channels: Iterable[str] | None = None
) -> dict[str, float]:
    """All credit for a conversion to the journey's first channel.

    Parameters
    ----------
    paths, converted, channels
        Journeys, their outcomes and extra channels to list, as for :func:`markov_attribution`.
        Only the first channel of each converting journey matters.

    Returns
    -------
    dict of str to float
        Channel → share of the converting journeys that it opened.

    Examples
    --------
    >>> first_touch([["social", "email"], ["sms"], ["social"]], [1, 1, 0])
    {'email': 0.0, 'sms': 0.5, 'social': 0.5}

    The journey ``["social"]`` did not convert, so it adds nothing to social's share.
    """
    return _single_touch(paths, converted, channels, first=True)


def last_touch(
    paths: Paths, converted: Outcomes, *, channels: Iterable[str] | None = None
) -> dict[str, float]:
    """All credit for a conversion to the journey's last channel.

    Parameters
    ----------
    paths, converted, channels
        As for :func:`markov_attribution`: journeys, outcomes, channels to list with 0.

    Returns
    -------
    dict of str to float
        Channel → share of the converting journeys that it closed; the shares sum to 1.
        Channels that never close a converting journey get 0.

    Examples
    --------
    >>> last_touch([["social", "email"], ["sms"], ["social"]], [1, 1, 0], channels=["store"])
    {'email': 0.5, 'sms': 0.5, 'social': 0.0, 'store': 0.0}
    """
    return _single_touch(paths, converted, channels, first=False)


def linear(paths: Paths, converted: Outcomes, *, channels: Iterable[str] | None = None) -> dict[str, float]:
    """A conversion's credit split equally over the journey's touches (repeats count).

    Parameters
    ----------
    paths, converted, channels
        Journeys (a channel may repeat), outcomes and extra channels; see :func:`markov_attribution`.

    Returns
    -------
    dict of str to float
        Channel → its share of the touches, each converting journey weighing one conversion.

    Examples
    --------
    >>> linear([["social", "email"], ["sms"], ["social"]], [1, 1, 0])
    {'email': 0.25, 'sms': 0.5, 'social': 0.25}
    """
    names, codes, lengths, outcome = _prepare(paths, converted)
    _, _, journey_of = _positions(lengths)
    weight = (outcome / lengths)[journey_of]
    credit = np.bincount(codes, weights=weight, minlength=len(names))
    return _shares(names, credit, channels)


def time_decay(
    paths: Paths, converted: Outcomes, *, half_life: float = 1.0, channels: Iterable[str] | None = None
) -> dict[str, float]:
    """Credit that halves every ``half_life`` touches back from the conversion.

    The last touch gets weight 1, the one before 0.5 ** (1 / half_life), and so on; each
    converting journey's weights are scaled to sum to one conversion. (Journeys in the
    course data last days, not weeks, so the decay is counted in touches, not in time.)

    Parameters
    ----------
    paths, converted, channels
        As for :func:`markov_attribution`.
    half_life : float
        Touches after which the weight halves (> 0); a very long half-life tends to :func:`linear`.

    Returns
    -------
    dict of str to float
        Channel → share of the decayed credit, sorted by channel name; the shares sum to 1.

    Examples
    --------
    >>> shares = time_decay([["social", "email"], ["sms"]], [1, 1], half_life=1)
    >>> {c: round(s, 3) for c, s in shares.items()}
    {'email': 0.333, 'sms': 0.5, 'social': 0.167}
    """
    half_life = require_number(half_life, "half_life", low=0, low_open=True)
    names, codes, lengths, outcome = _prepare(paths, converted)
    _, lasts, journey_of = _positions(lengths)
    steps_back = lasts[journey_of] - np.arange(len(codes))
    weight = 0.5 ** (steps_back / half_life)
    per_journey = np.bincount(journey_of, weights=weight, minlength=len(lengths))
    weight = weight / per_journey[journey_of] * outcome[journey_of]
    credit = np.bincount(codes, weights=weight, minlength=len(names))
    return _shares(names, credit, channels)


def _conversion_probability(start: np.ndarray, q: np.ndarray, r: np.ndarray) -> float:
    k = len(r)
    solved = np.linalg.solve(np.eye(k) - q, r)
    return float(start @ solved)


def markov_attribution(
    paths: Paths, converted: Outcomes, *, channels: Iterable[str] | None = None
) -> dict[str, float]:
    """Share of conversions by the removal effect of a first-order Markov chain.

    The chain has a start state, one state per channel, and two absorbing states:
    conversion and null (no order). Transitions are counted as they occur — start → first
    channel, every consecutive pair of a journey (repeats of a channel included), and the
    last channel → conversion or null — and divided by the row totals. The *removal effect*
    of a channel is the relative fall in the probability of reaching conversion from start
    when the channel is removed (every transition into it goes to null instead). Shares are
    the removal effects divided by their sum, so they sum to 1.

    Parameters
    ----------
    paths : sequence of sequences of str
        One journey per item, each the channels in the order they were touched; channel
        names may be numpy strings.
    converted : sequence of bool or 0/1
        Whether each journey ended in a conversion.
    channels : iterable of str, optional
        Extra channel names to report with a share of 0 (channels that never appear get
        nothing).

    Returns
    -------
    dict
        Channel → share, sorted by channel name. A channel seen only in journeys that did
        not convert gets 0.

    Raises
    ------
    CourseDataError
        When no journey converted (there is no credit to share), when ``paths`` and
        ``converted`` differ in length, a journey is empty, or an outcome is not boolean.

    Warns
    -----
    AttributionWarning
        When every journey converted: then no path ends in null, and the removal effect
        only says how much of the conversion flow passes through each channel, not what
        separates customers who buy from those who do not. The shares are still returned.

    Examples
    --------
    >>> paths = [["social", "email"], ["social"], ["email", "email"], ["sms"]]
    >>> shares = markov_attribution(paths, [True, False, True, False])
    >>> {c: round(s, 3) for c, s in shares.items()}
    {'email': 0.667, 'sms': 0.0, 'social': 0.333}
    """
    names, codes, lengths, outcome = _prepare(paths, converted)
    if outcome.all():
        warnings.warn(
            f"all {len(outcome)} journeys converted: no path ends in the null state, so the "
            "removal effect only measures how much of the conversion flow passes through each "
            "channel, not what separates buyers from non-buyers.",
            AttributionWarning,
            stacklevel=2,
        )
    k = len(names)
    starts, lasts, _ = _positions(lengths)
    start = np.bincount(codes[starts], minlength=k) / len(lengths)
    is_last = np.zeros(len(codes), dtype=bool)
    is_last[lasts] = True
    source = codes[:-1][~is_last[:-1]]
    target = codes[1:][~is_last[:-1]]
    counts = np.bincount(source * (k + 2) + target, minlength=k * (k + 2)).reshape(k, k + 2).astype(float)
    ends = np.where(outcome, k, k + 1)
    np.add.at(counts, (codes[lasts], ends), 1.0)
    probs = counts / counts.sum(axis=1, keepdims=True)
    q, r = probs[:, :k], probs[:, k]
    base = _conversion_probability(start, q, r)
    effects = np.empty(k)
    for c in range(k):
        q_removed = q.copy()
        q_removed[:, c] = 0.0
        start_removed = start.copy()
        start_removed[c] = 0.0
        effects[c] = 1.0 - _conversion_probability(start_removed, q_removed, r) / base
    effects = np.clip(effects, 0.0, None)
    return _shares(names, effects, channels)


def shapley_attribution(
    paths: Paths, converted: Outcomes, *, channels: Iterable[str] | None = None, max_channels: int = 14
) -> dict[str, float]:
    """Shapley value of each channel in the game "conversions won by a set of channels".

    The value of a coalition S of channels is the number of converting journeys that used
    only channels in S. Each channel's Shapley value is its marginal contribution averaged
    over every order in which the channels could join; the values add up to all
    conversions, and the shares divide by that total. The computation runs over all 2ⁿ
    coalitions (n at most ``max_channels``). In this game the Shapley value works out to
    splitting each conversion equally among the *distinct* channels of its journey — order
    and repeats do not matter, and journeys that did not convert carry no weight.

    Parameters
    ----------
    paths, converted, channels
        As for :func:`markov_attribution`; only the distinct channels of a journey matter.
    max_channels : int
        The most distinct channels computed exactly (2^n coalitions); more are refused.

    Returns
    -------
    dict of str to float
        Channel → Shapley value over all conversions, sorted by channel name; sums to 1.

    Examples
    --------
    >>> shapley_attribution([["social", "email", "email"], ["sms"], ["social"]], [1, 1, 0])
    {'email': 0.25, 'sms': 0.5, 'social': 0.25}
    """
    max_channels = require_whole(max_channels, "max_channels", low=1)
    names, codes, lengths, outcome = _prepare(paths, converted)
    k = len(names)
    if k > max_channels:
        raise CourseDataError(
            f"`paths` use {k} channels; exact Shapley values over 2^{k} coalitions "
            f"are limited to `max_channels`={max_channels}. Group rare channels first."
        )
    _, _, journey_of = _positions(lengths)
    bits = np.bitwise_or.reduceat((np.int64(1) << codes), np.cumsum(lengths) - lengths)
    wins = np.bincount(bits[outcome], minlength=1 << k).astype(float)
    # v(S) = conversions of journeys whose channel set is a subset of S (zeta transform)
    value = wins.copy()
    masks = np.arange(1 << k)
    for c in range(k):
        has = (masks >> c) & 1 == 1
        value[has] += value[masks[has] ^ (1 << c)]
    sizes = np.array([bin(m).count("1") for m in range(1 << k)])
    weight_of_size = np.array([factorial(s) * factorial(k - s - 1) / factorial(k) for s in range(k)])
    credit = np.empty(k)
    for c in range(k):
        without = masks[(masks >> c) & 1 == 0]
        credit[c] = float(
            np.sum(weight_of_size[sizes[without]] * (value[without | (1 << c)] - value[without]))
        )
    return _shares(names, credit, channels)


_MODELS = {
    "first_touch": first_touch,
    "last_touch": last_touch,
    "linear": linear,
    "time_decay": time_decay,
    "markov": markov_attribution,
    "shapley": shapley_attribution,
}


def attribution_table(
    paths: Paths, converted: Outcomes, *, half_life: float = 1.0, models: Sequence[str] = tuple(_MODELS)
) -> pd.DataFrame:
    """The attribution models side by side: one row per channel, one column per model.

    Parameters
    ----------
    paths : sequence of sequences of str
        One journey per item, the channels in the order they were touched.
    converted : sequence of bool or 0/1
        Whether each journey ended in a conversion.
    half_life : float
        Passed to :func:`time_decay`.
    models : sequence of str
        Which models, in column order: any of ``first_touch``, ``last_touch``, ``linear``,
        ``time_decay``, ``markov`` and ``shapley`` (all by default).

    Returns
    -------
    pandas.DataFrame
        Indexed by ``channel`` (sorted), one column of shares per model; each column sums to 1.

    Examples
    --------
    >>> attribution_table([["social", "email"], ["sms"], ["social"]], [1, 1, 0]).round(3)
             first_touch  last_touch  linear  time_decay  markov  shapley
    channel
    email            0.0         0.5    0.25       0.333   0.333     0.25
    sms              0.5         0.5    0.50       0.500   0.333     0.50
    social           0.5         0.0    0.25       0.167   0.333     0.25
    """
    unknown = [m for m in models if m not in _MODELS]
    if unknown or isinstance(models, str):
        raise CourseDataError(
            f"`models` has unknown model(s) {unknown or models!r}; choose from {list(_MODELS)}."
        )
    columns = {}
    for name in models:
        kwargs = {"half_life": half_life} if name == "time_decay" else {}
        columns[name] = _MODELS[name](paths, converted, **kwargs)
    table = pd.DataFrame(columns).fillna(0.0)
    table.index.name = "channel"
    return table.sort_index()
