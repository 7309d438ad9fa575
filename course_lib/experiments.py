"""A/B tests of conversion rates (analytics layer).

Chapter 3 tests whether the hour a message is sent changes how many customers buy:

- :func:`two_proportion_test` compares two conversion rates: the difference with a
  confidence interval (unpooled standard error) and a two-sided z-test (pooled standard
  error under the null hypothesis of equal rates);
- :func:`compare_groups` runs it on a table with one row per contact;
- :func:`sample_size` says how many contacts per group a test needs to detect a given
  difference; :func:`minimum_detectable_effect` answers the reverse question.

These are the textbook normal-approximation formulas; they assume independent contacts
and at least a handful of successes and failures in each group. scipy is imported inside
the functions, so importing this module stays cheap.
"""

from __future__ import annotations

import math
from collections.abc import Hashable
from dataclasses import dataclass

import pandas as pd

from .language import tr
from .validation import CourseDataError, require_columns, require_non_empty, require_number, require_whole

__all__ = [
    "ProportionTest",
    "two_proportion_test",
    "compare_groups",
    "sample_size",
    "minimum_detectable_effect",
]


@dataclass(frozen=True)
class ProportionTest:
    """The result of :func:`two_proportion_test`; ``difference`` is rate B − rate A."""

    label_a: str
    label_b: str
    n_a: int
    n_b: int
    successes_a: int
    successes_b: int
    rate_a: float
    rate_b: float
    difference: float
    ci_low: float
    ci_high: float
    z: float
    p_value: float
    confidence: float

    @property
    def significant(self) -> bool:
        """True when the p-value is below 1 − ``confidence``."""
        return self.p_value < 1 - self.confidence

    @property
    def relative_lift(self) -> float:
        """Rate B relative to rate A, minus one (NaN when rate A is 0)."""
        return self.rate_b / self.rate_a - 1 if self.rate_a else float("nan")

    def to_frame(self) -> pd.DataFrame:
        """The two groups as a small table: contacts, successes and rate."""
        return pd.DataFrame(
            {
                "contacts": [self.n_a, self.n_b],
                "successes": [self.successes_a, self.successes_b],
                "rate": [round(self.rate_a, 4), round(self.rate_b, 4)],
            },
            index=pd.Index([self.label_a, self.label_b], name="group"),
        )

    def __str__(self) -> str:
        level = f"{self.confidence:.0%}"
        return (
            f"{self.label_b} − {self.label_a}: {self.difference:+.2%} "
            "("
            + tr("{level} CI {low} to {high}").format(
                level=level, low=f"{self.ci_low:+.2%}", high=f"{self.ci_high:+.2%}"
            )
            + "), "
            f"z = {self.z:.2f}, p = {self.p_value:.4f}"
        )


def two_proportion_test(
    successes_a, n_a, successes_b, n_b, *, confidence: float = 0.95, labels: tuple[str, str] = ("A", "B")
) -> ProportionTest:
    """Compare two conversion rates: difference, confidence interval and two-sided z-test.

    Parameters
    ----------
    successes_a, n_a : int
        Conversions and contacts in group A (the reference, e.g. the control).
    successes_b, n_b : int
        Conversions and contacts in group B.
    confidence : float
        Confidence level of the interval; the test is significant when p < 1 − confidence.
    labels : tuple of str
        Names of the two groups for the printout.

    Returns
    -------
    ProportionTest

    Examples
    --------
    >>> result = two_proportion_test(120, 2000, 156, 2000, labels=("morning", "evening"))
    >>> print(result)
    evening − morning: +1.80% (95% CI +0.23% to +3.37%), z = 2.25, p = 0.0247
    >>> result.significant
    True
    """
    s_a, n_a = require_whole(successes_a, "successes_a", low=0), require_whole(n_a, "n_a", low=0)
    s_b, n_b = require_whole(successes_b, "successes_b", low=0), require_whole(n_b, "n_b", low=0)
    confidence = require_number(confidence, "confidence", low=0, high=1, low_open=True, high_open=True)
    for s, n, name in ((s_a, n_a, "a"), (s_b, n_b, "b")):
        if n == 0:
            raise CourseDataError(f"`n_{name}` is 0; each group needs at least one contact.")
        if s > n:
            raise CourseDataError(
                f"`successes_{name}` ({s}) exceeds `n_{name}` ({n}); a group "
                "cannot convert more contacts than it has."
            )
    from scipy import stats

    p_a, p_b = s_a / n_a, s_b / n_b
    diff = p_b - p_a
    z_crit = float(stats.norm.ppf(0.5 + confidence / 2))
    se = math.sqrt(p_a * (1 - p_a) / n_a + p_b * (1 - p_b) / n_b)
    pooled = (s_a + s_b) / (n_a + n_b)
    se_null = math.sqrt(pooled * (1 - pooled) * (1 / n_a + 1 / n_b))
    if se_null == 0:
        z, p_value = 0.0, 1.0
    else:
        z = diff / se_null
        p_value = float(2 * stats.norm.sf(abs(z)))
    return ProportionTest(
        str(labels[0]),
        str(labels[1]),
        n_a,
        n_b,
        s_a,
        s_b,
        p_a,
        p_b,
        diff,
        diff - z_crit * se,
        diff + z_crit * se,
        float(z),
        p_value,
        confidence,
    )


def compare_groups(
    frame: pd.DataFrame, *, group: str, outcome: str, a: Hashable, b: Hashable, confidence: float = 0.95
) -> ProportionTest:
    """Run :func:`two_proportion_test` on a table with one row per contact.

    Parameters
    ----------
    frame : pandas.DataFrame
        One row per contact.
    group : str
        Column holding the group of each contact.
    outcome : str
        Boolean (or 0/1) column: did the contact convert?
    a, b
        The values of ``group`` to compare (``a`` is the reference).
    confidence : float
        Confidence level of the interval, strictly between 0 and 1.

    Returns
    -------
    ProportionTest
        Contacts, successes and rates of both groups, the difference b − a with its
        confidence interval, z and the two-sided p-value.

    Examples
    --------
    >>> contacts = pd.DataFrame({"slot": ["am"] * 4 + ["pm"] * 4,
    ...                          "converted": [1, 0, 0, 0, 1, 1, 0, 0]})
    >>> compare_groups(contacts, group="slot", outcome="converted", a="am", b="pm").to_frame()
           contacts  successes  rate
    group
    am            4          1  0.25
    pm            4          2  0.50
    """
    require_columns(frame, [group, outcome], "frame")
    require_non_empty(frame, "frame")
    values = frame[outcome]
    if not pd.api.types.is_bool_dtype(values):
        ok = values.isin([0, 1]) & values.notna()
        if not ok.all():
            raise CourseDataError(
                f'`frame["{outcome}"]` must hold True/False or 0/1; found {values[~ok].iloc[0]!s}.'
            )
    present = set(frame[group].dropna().unique())
    for label, arg in ((a, "a"), (b, "b")):
        if label not in present:
            raise CourseDataError(
                f'`{arg}`={label!r} is not a value of `frame["{group}"]`; it has {sorted(map(str, present))}.'
            )
    hits = values.astype(int)
    in_a, in_b = frame[group] == a, frame[group] == b
    return two_proportion_test(
        int(hits[in_a].sum()),
        int(in_a.sum()),
        int(hits[in_b].sum()),
        int(in_b.sum()),
        confidence=confidence,
        labels=(str(a), str(b)),
    )


def sample_size(baseline: float, *, mde: float, confidence: float = 0.95, power: float = 0.8) -> int:
    """Contacts needed *per group* to detect a change of ``mde`` in a conversion rate.

    The normal-approximation formula for a two-sided test of two proportions,
    n = (z₁₋α/₂ √(2 p̄ q̄) + z₁₋β √(p₁q₁ + p₂q₂))² / mde², with p₁ = ``baseline``,
    p₂ = ``baseline`` + ``mde`` and p̄ their mean, rounded up.

    Parameters
    ----------
    baseline : float
        The conversion rate of the reference group, e.g. 0.06.
    mde : float
        The smallest absolute difference worth detecting, e.g. 0.01 (one percentage point);
        may be negative.
    confidence : float
        1 − the significance level α.
    power : float
        The chance of detecting a real difference of ``mde``.

    Returns
    -------
    int
        Contacts per group (rounded up).

    Examples
    --------
    >>> sample_size(0.06, mde=0.01)
    9540
    >>> sample_size(0.06, mde=0.02)
    2554
    """
    # rates, confidence and power lie strictly between 0 and 1
    p1 = require_number(baseline, "baseline", low=0, high=1, low_open=True, high_open=True)
    mde = require_number(mde, "mde")
    confidence = require_number(confidence, "confidence", low=0, high=1, low_open=True, high_open=True)
    power = require_number(power, "power", low=0, high=1, low_open=True, high_open=True)
    p2 = p1 + mde
    if mde == 0 or not 0 < p2 < 1:
        raise CourseDataError(
            f"`mde` must be non-zero and keep `baseline` + `mde` between 0 and 1; "
            f"got mde={mde!s} with baseline={p1!s}."
        )
    from scipy import stats

    z_a = float(stats.norm.ppf(0.5 + confidence / 2))
    z_b = float(stats.norm.ppf(power))
    p_bar = (p1 + p2) / 2
    root = z_a * math.sqrt(2 * p_bar * (1 - p_bar)) + z_b * math.sqrt(p1 * (1 - p1) + p2 * (1 - p2))
    return int(math.ceil(root**2 / mde**2))


def minimum_detectable_effect(
    baseline: float, n: int, *, confidence: float = 0.95, power: float = 0.8
) -> float:
    """The smallest rise in the rate a test with ``n`` contacts per group detects.

    Solves :func:`sample_size` for ``mde`` (upwards from ``baseline``) by bisection.

    Parameters
    ----------
    baseline : float
        The conversion rate of the reference group, strictly between 0 and 1.
    n : int
        Contacts per group (≥ 2).
    confidence, power : float
        As in :func:`sample_size`.

    Returns
    -------
    float
        The smallest absolute rise of the rate the test detects; NaN if even a rise to 100 %
        needs more contacts than ``n``.

    Examples
    --------
    >>> round(minimum_detectable_effect(0.06, 9540), 4)
    0.01
    """
    p1 = require_number(baseline, "baseline", low=0, high=1, low_open=True, high_open=True)
    n = require_whole(n, "n", low=2)
    low, high = 1e-9, (1 - p1) * (1 - 1e-9)
    if sample_size(p1, mde=high, confidence=confidence, power=power) > n:
        return float("nan")
    for _ in range(60):
        mid = (low + high) / 2
        if sample_size(p1, mde=mid, confidence=confidence, power=power) > n:
            low = mid
        else:
            high = mid
    return high
