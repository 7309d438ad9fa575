"""Checks of chapter 1's exercises: retention economics by hand, the CAC ratio, a health-score
component, the share under the alert line, the score's AUC, the silo join, CRM types, and a
decision — who gets the care team's calls this week — judged against the week's board.

Every check lets a right answer through first — in any reasonable form and at the precision
the task states (:func:`~course_lib.checks.to_precision`) — and only then looks for the
typical slip that produced a wrong one, computed on the shipped tables.
"""

from __future__ import annotations

import math
from functools import lru_cache

import numpy as np
import pandas as pd

from ..language import N_, tr
from . import NotAttempted, Wrong, close, joined, number_like, require_precision, shipped, task, to_precision


def _number(answer, name: str, *, fraction: bool = False) -> float:
    """The answer as a number, with a specific word for text such as ``"72%"`` and for tables."""
    if isinstance(answer, str) and answer.strip().endswith("%"):
        if fraction:
            message = tr(
                "{name} should be a number, not the text {text}; give the fraction as a number (0.5 for 50 %)."
            )
        else:
            message = tr("{name} should be a number, not the text {text}.")
        raise Wrong(message.format(name=name, text=repr(answer)))
    if isinstance(answer, (pd.Series, pd.DataFrame, np.ndarray, list, tuple)):
        size = answer.size if hasattr(answer, "size") else len(answer)
        if size != 1:
            raise Wrong(
                tr("{name} should be one number; you gave a {kind} of {size:,} values.").format(
                    name=name, kind=type(answer).__name__, size=size
                )
            )
        answer = (
            answer.to_numpy().ravel()[0]
            if hasattr(answer, "to_numpy")
            else np.ravel(np.asarray(answer, dtype=object))[0]
        )
    return number_like(answer, name)


def _precise(
    value: float, expected: float, *, name: str, decimals: int, close_hint: str, far_hint: str
) -> None:
    """The course's tolerance (:func:`require_precision`) for a value near the answer; a value
    far from it gets ``far_hint``, the task's own diagnosis, instead of a generic line.
    Both hints come translated (``tr("...")``)."""
    if not math.isfinite(value):
        raise Wrong(tr("{name} is infinite: look for a division by zero.").format(name=name))
    if abs(value - expected) <= max(0.1 * abs(expected), 5 * 10.0**-decimals):
        require_precision(value, expected, name=name, decimals=decimals, close_hint=close_hint)
        return
    shown = f"{value:.3g}" if abs(value) >= 1e9 else f"{value:,.{decimals}f}"
    verdict = tr("{name} = {value} is not right.").format(name=name, value=shown)
    raise Wrong(joined(verdict, far_hint))


def _matches(value: float, wrong: float, expected: float, decimals: int) -> bool:
    """``value`` is the typical wrong figure at the stated precision (and that figure is not
    itself right at that precision)."""
    if not math.isfinite(wrong) or to_precision(wrong, expected, decimals):
        return False
    if abs(wrong) < 10.0**-decimals:  # a tiny figure: 0 must not be taken for it
        return close(value, wrong, rel=1e-2)
    return to_precision(value, wrong, decimals)


def _not_a_percentage(value: float, expected: float, message: str) -> None:
    """A fraction given as a percentage, however rounded (72, 72.0 or 71.99 for 0.72):
    :class:`Wrong` with ``message``, which says so (translated)."""
    if 1 < value <= 100 and abs(value - 100 * expected) <= 1:
        raise Wrong(message)


# ------------------------------------------------------------------------------ 1.1
_BOX = dict(margin=200.0, acquisition_cost=400.0, discount_rate=0.0, years=5, cohort_size=1)


def _box_profit(retention, **overrides):
    from ..economics import cohort_economics

    settings = _BOX | overrides
    return float(cohort_economics(retention=retention, **settings)["discounted"].sum())


def _plain_profit(r, *, first=0, years=5, cac=400.0):
    return 200.0 * sum(r**t for t in range(first, first + years)) - cac


def _uplift_of(profit, **kw):
    before, after = profit(0.60, **kw), profit(0.65, **kw)
    return (after - before) / before


@task(
    "ch01.retention_uplift",
    N_("profit uplift of five more points of retention"),
    hints=[
        N_(
            "Profit of one customer over five years = margin × (1 + r + r² + r³ + r⁴) − CAC; "
            "compute it at r = 0.60 and at r = 0.65."
        ),
        N_(
            "The uplift is (profit after − profit before) / profit before, a fraction to three "
            "decimals; the CAC is paid once, in both cases."
        ),
    ],
)
def _retention_uplift(answer):
    if isinstance(answer, dict) and "uplift" in answer:
        raise Wrong(tr("that is the library's whole result (a dict); store the uplift itself, a number."))
    value = _number(answer, "uplift", fraction=True)
    before, after = _plain_profit(0.60), _plain_profit(0.65)
    expected = (after - before) / before
    if to_precision(value, expected, 3):
        return None
    _not_a_percentage(value, expected, tr("that looks like a percentage; give the fraction (0.5, not 50)."))
    slips = [
        (
            after / before,
            tr(
                "that is profit after ÷ profit before; the uplift is that ratio minus 1, "
                "(after − before) / before."
            ),
        ),
        (
            (after - before) / after,
            tr(
                "that divides by the profit *after*; the relative change is measured against the profit before."
            ),
        ),
        (
            (after + 400) / (before + 400) - 1,
            tr(
                "that compares the margins only: profit is margin "
                "minus the acquisition cost of ¥400, paid once per customer."
            ),
        ),
        (
            _uplift_of(_plain_profit, cac=400.0 * 5),
            tr(
                "that charges the ¥400 acquisition cost every year; it is paid once, when the customer is won."
            ),
        ),
        (
            (_plain_profit(0.63) - before) / before,
            tr("that raises retention by 5 % *of* 0.60 (to 0.63); the task adds five points, to 0.65."),
        ),
        (
            0.05 / 0.60,
            tr(
                "that is the relative change of the retention rate (0.05 / 0.60); the task "
                "asks how much the *profit* changes."
            ),
        ),
        (
            _uplift_of(lambda r: _box_profit(r, discount_rate=0.1)),
            tr("that discounts the margins; this task has no discounting (discount rate 0)."),
        ),
        (
            _uplift_of(_plain_profit, first=1),
            tr("that starts at r¹: the year the customer is won counts too, with the term r⁰ = 1."),
        ),
        (
            _uplift_of(_plain_profit, years=4),
            tr("count five years of margin: the year of acquisition and four more (r⁰ … r⁴)."),
        ),
        (
            _uplift_of(_plain_profit, years=6),
            tr("count five years of margin: the year of acquisition and four more (r⁰ … r⁴)."),
        ),
        (
            after - before,
            tr(
                "that is the gain in CNY per customer; the task asks for the relative "
                "uplift, (after − before) / before."
            ),
        ),
    ]
    for wrong, message in slips:
        if _matches(value, wrong, expected, 3):
            raise Wrong(message)
    _precise(
        value,
        expected,
        name="uplift",
        decimals=3,
        close_hint=tr(
            "Likely slips: a term of 1, r, r², r³, r⁴ missing at one of the rates, or "
            "profits rounded before dividing."
        ),
        far_hint=tr(
            "Profit = 200 × (1 + r + r² + r³ + r⁴) − 400 at r = 0.60 and at r = 0.65; "
            "the uplift is their relative change, a fraction."
        ),
    )


# ------------------------------------------------------------------------------ 1.2
@lru_cache(maxsize=8)
def _costs(budget=250_000.0, with_loyalty=True):
    from ..economics import acquisition_vs_retention

    return acquisition_vs_retention(
        shipped("orders"),
        shipped("customers"),
        shipped("campaigns"),
        shipped("followups"),
        shipped("loyalty") if with_loyalty else None,
        year=2024,
        costs={"acquisition_budget": budget},
    )


def _ratio(table, column="marketing_per_customer"):
    return float(table.loc["acquire", column] / table.loc["retain", column])


@task(
    "ch01.cac_ratio",
    N_("acquisition against retention cost per customer"),
    hints=[
        N_(
            "Call `economics.acquisition_vs_retention` on the course tables (orders, customers, "
            "campaigns, followups and loyalty) for 2024 with "
            '`costs={"acquisition_budget": 250_000}`.'
        ),
        N_(
            "Divide the `marketing_per_customer` of the `acquire` row by that of the `retain` "
            "row, to one decimal: how many times more does winning a customer cost?"
        ),
    ],
)
def _cac_ratio(answer):
    value = _number(answer, "cac_ratio")
    table = _costs()
    expected = _ratio(table)
    if to_precision(value, expected, 1):
        return None
    slips = [
        (
            lambda: 1 / expected,
            N_(
                "that is retain ÷ acquire; the question is how many times more "
                "*winning* a customer costs, acquire ÷ retain."
            ),
        ),
        (
            lambda: _ratio(_costs(300_000.0)),
            N_("that uses the default budget of ¥300,000; the task sets ¥250,000."),
        ),
        (
            lambda: _ratio(_costs(250.0)),
            N_("that sets the budget to ¥250; the task's budget is ¥250,000 (`250_000`)."),
        ),
        (
            lambda: _ratio(_costs(with_loyalty=False)),
            N_(
                "that leaves out the `loyalty` table: the points retained customers redeem are part of "
                "what keeping them costs. Pass `loyalty` after `followups`."
            ),
        ),
        (
            lambda: _ratio(table, "per_customer"),
            N_("that includes the discounts (`per_customer`); compare the marketing cost per customer only."),
        ),
        (
            lambda: _ratio(table, "per_order"),
            N_("that compares cost per order; the task compares marketing cost per customer."),
        ),
        (
            lambda: _ratio(table, "marketing"),
            N_(
                "that compares the total marketing of each group; "
                "divide by the customers first — `marketing_per_customer`."
            ),
        ),
        (
            lambda: _ratio(table, "total"),
            N_("that compares total costs; the task compares marketing cost per customer."),
        ),
        (
            lambda: float(
                table.loc["acquire", "marketing_per_customer"] - table.loc["retain", "marketing_per_customer"]
            ),
            N_("that is the difference in CNY; the task asks how many *times* more, acquire ÷ retain."),
        ),
    ]
    for wrong, message in slips:
        if _matches(value, wrong(), expected, 1):
            raise Wrong(tr(message))
    _precise(
        value,
        expected,
        name="cac_ratio",
        decimals=1,
        close_hint=tr(
            "Likely slips: the two costs rounded before dividing, or a table built with "
            "other settings than year 2024, the ¥250,000 budget and all five tables."
        ),
        far_hint=tr(
            "Divide the `acquire` row's `marketing_per_customer` by the `retain` row's, "
            "in the 2024 table with the ¥250,000 budget."
        ),
    )


# ------------------------------------------------------------------------------ 1.3
_DAYS = np.array([0.0, 30.0, 60.0, 120.0, 200.0, 240.0, 365.0])
_RECENCY = 100 * 0.5 ** (_DAYS / 120)
_RECENCY_SLIPS = [
    (_RECENCY / 100, N_("the scores run from 0 to 1; the health score's components are on 0–100.")),
    (
        100 - _RECENCY,
        N_(
            "the score rises with the days since the last order; a recent order should "
            "score high, a long silence low."
        ),
    ),
    (
        100 * np.exp(-_DAYS / 120),
        N_("exp(−days/120) falls to 37 %, not half, after 120 days; use 0.5 ** (days / 120)."),
    ),
    (100 * 0.5 ** (_DAYS / 90), N_("that halves every 90 days; the component's half-life is 120 days.")),
    (100 * 0.5 ** (_DAYS / 365), N_("that halves once a year; the component halves every 120 days.")),
    (
        100 * 0.5 ** (_DAYS // 120),
        N_(
            "the score drops in steps: `days // 120` rounds down to whole "
            "periods. Use `days / 120` so it falls a little every day."
        ),
    ),
    (
        100 * 0.5**_DAYS / 120,
        N_(
            "the power takes only `days`: `0.5 ** days / 120` is (0.5 ** days) / 120. "
            "Put the exponent in brackets, `0.5 ** (days / 120)`."
        ),
    ),
    (
        100 * 0.5 * _DAYS / 120,
        N_(
            "that multiplies by 0.5 instead of raising 0.5 to a power; halving "
            "every 120 days is `0.5 ** (days / 120)`."
        ),
    ),
    (
        np.clip(100 - _DAYS * 50 / 120, 0, 100),
        N_("that falls in a straight line to 0; halving every 120 days gives 25 after 240 days, never 0."),
    ),
    (
        100 - _DAYS * 50 / 120,
        N_(
            "that falls in a straight line, below 0 in the end; halving every 120 "
            "days gives 25 after 240 days, never 0."
        ),
    ),
]
_DAY_INDEX = [f"C{i:05d}" for i in range(1, len(_DAYS) + 1)]
#: The kinds of input the function is tried on: what the remark calls each.
_KINDS = {"series": N_("a Series"), "array": N_("an array"), "list": N_("a list")}


def _recency_values(func, days):
    """Call ``func`` on one kind of input; (values or None, error or None)."""
    try:
        result = func(days)
    except Exception as error:  # the trainee's function failed on this input
        return None, error
    if result is None:
        raise NotAttempted()
    try:
        got = np.asarray(result, dtype=float).ravel()
    except (TypeError, ValueError):
        raise Wrong(tr("recency_score should return numbers, one per value of `days`.")) from None
    return got, None


def _fails_on(kinds: list[str]) -> str:
    """The remark on a right function that fails on one or two kinds of input (all three fail
    earlier, with :class:`Wrong`)."""
    names = [tr(_KINDS[kind]) for kind in kinds]
    if len(names) == 1:
        message = tr(
            "(On {kind} of days it raises an error; "
            "`np.asarray(days, dtype=float)` at the start would make it take those too.)"
        )
        return message.format(kind=names[0])
    message = tr(
        "(On {kind} and {other} of days it raises an error; "
        "`np.asarray(days, dtype=float)` at the start would make it take those too.)"
    )
    return message.format(kind=names[0], other=names[1])


@task(
    "ch01.recency_component",
    N_("the recency component of the health score"),
    hints=[
        N_("The component is 100 on the day of an order and halves every 120 days."),
        N_(
            "100 × 0.5 ** (days / 120): 50 after 120 days, 25 after 240. `np.asarray(days, "
            "dtype=float)` lets it take a list as well as an array or a Series."
        ),
    ],
)
def _recency_component(answer):
    if not callable(answer) or isinstance(answer, type):
        raise Wrong(
            tr("recency_score should be a function; you gave a {kind}.").format(kind=type(answer).__name__)
        )
    inputs = {
        "series": pd.Series(_DAYS.copy(), index=_DAY_INDEX, name="days"),
        "array": _DAYS.copy(),
        "list": [float(d) for d in _DAYS],
    }
    results = {kind: _recency_values(answer, days) for kind, days in inputs.items()}
    working = [got for got, error in results.values() if error is None]
    if not working:
        error = results["series"][1]
        raise Wrong(
            tr(
                "recency_score raised {kind} for days = {days} (as a Series, an array and a list): "
                "{error}. Use operations that work on a whole array at once (`/`, `**`, `np.exp`), "
                "not `math` functions or an `if` on the whole input."
            ).format(kind=type(error).__name__, days=[int(d) for d in _DAYS], error=error)
        )

    def same(a, b):
        return a.shape == b.shape and bool(np.all(np.abs(a - b) <= 0.05 + 1e-9))

    # judge the first input on which the function goes wrong (all agree for nearly every answer)
    got = next((g for g in working if not same(g, _RECENCY)), working[0])
    if got.shape != _DAYS.shape:
        raise Wrong(
            tr(
                "for {count} values of days, recency_score returned {returned} values; "
                "return one score per customer."
            ).format(count=len(_DAYS), returned=got.size)
        )
    if not np.isfinite(got).all():
        raise Wrong(
            tr(
                "recency_score returned NaN or infinite scores; every number of days has a "
                "score between 0 and 100."
            )
        )

    if same(got, _RECENCY):
        failed = [kind for kind, (_, error) in results.items() if error is not None]
        return _fails_on(failed) if failed else None
    if np.array_equal(got, np.round(got)) and same(np.round(_RECENCY), got):
        raise Wrong(
            tr(
                "the scores are rounded to whole numbers; keep at least one decimal (no "
                "`round(…)` or `.astype(int)`)."
            )
        )
    for wrong, message in _RECENCY_SLIPS:
        if same(got, wrong):
            raise Wrong(tr(message))
    off = np.flatnonzero(np.abs(got - _RECENCY) > 0.05)
    first = int(off[0])
    raise Wrong(
        tr(
            "{off} of {count} test values are off, e.g. {days:g} days gives {score:.1f}. "
            "The component is 100 on the day of an order and halves every 120 days: 50 after "
            "120, 25 after 240."
        ).format(off=len(off), count=len(_DAYS), days=_DAYS[first], score=got[first])
    )


# ------------------------------------------------------------------------------ 1.4
_SHARE_DAY = pd.Timestamp("2024-09-30")


@lru_cache(maxsize=8)
def _share_parts(as_of: str = "2024-09-30"):
    """Health score, days since the last order before ``as_of`` and since the last order on or
    before it, one value per scored customer."""
    from ..health import health_scores

    day = pd.Timestamp(as_of)
    scores = health_scores(as_of=day)
    orders = shipped("orders")
    ids = scores["customer_id"]

    def days(mask):
        last = orders[mask].groupby("customer_id")["order_date"].max()
        return (day - last).dt.days.reindex(ids).to_numpy(dtype=float)

    return (
        scores["health_score"].to_numpy(),
        days(orders["order_date"] < day),
        days(orders["order_date"] <= day),
    )


def _share(score, days, active_days=180, threshold=75.0):
    active = days < active_days
    return float((score[active] < threshold).mean())


@task(
    "ch01.share_under",
    N_("share of active customers under the alert line"),
    hints=[
        N_(
            'Score the week before 2024-09-30 with `health.health_scores(as_of="2024-09-30")`, '
            "then keep the customers whose last order before that day is less than 180 days old."
        ),
        N_(
            "Among those active customers, the share with `health_score` < 75, as a fraction to three decimals."
        ),
    ],
)
def _share_under(answer):
    value = _number(answer, "share_under", fraction=True)
    score, days, days_incl = _share_parts()
    active = days < 180
    expected = _share(score, days)
    if to_precision(value, expected, 3):
        return None
    _not_a_percentage(value, expected, tr("that looks like a percentage; give the fraction (0.3, not 30)."))
    slips = [
        (lambda: 1 - expected, N_("that is the share at or above 75; the task asks for the share under it.")),
        (
            lambda: float((score < 75).mean()),
            N_(
                "that counts every scored customer, including those gone for months; keep only "
                "customers with an order in the 180 days before 2024-09-30."
            ),
        ),
        (
            lambda: float((score[active] < 75).sum() / len(score)),
            N_(
                "that divides by every scored customer; the share is among the active customers, so "
                "divide by their number."
            ),
        ),
        (
            lambda: float((score[active] < 75).sum()),
            N_("that is a count of customers; divide by the number of active customers."),
        ),
        (
            lambda: _share(score, days_incl),
            N_(
                "that counts orders placed on 2024-09-30 itself; the last order *before* that day "
                "decides who is active."
            ),
        ),
        (
            lambda: _share(score, days, 90),
            N_(
                "that keeps customers active within 90 days; the task's "
                "active customers ordered in the last 180 days."
            ),
        ),
        (
            lambda: _share(score, days, 365),
            N_(
                "that keeps customers active within a year; the task's "
                "active customers ordered in the last 180 days."
            ),
        ),
        (
            lambda: _share(*_share_parts("2024-07-01")[:2]),
            N_("that scores the week before 2024-07-01; the task scores the week before 2024-09-30."),
        ),
        (
            lambda: _share(score, days, threshold=70.0),
            N_("that uses 70 as the alert line; the task's line is 75."),
        ),
        (
            lambda: _share(score, days, threshold=80.0),
            N_("that uses 80 as the alert line; the task's line is 75."),
        ),
    ]
    for wrong, message in slips:
        if _matches(value, wrong(), expected, 3):
            raise Wrong(tr(message))
    _precise(
        value,
        expected,
        name="share_under",
        decimals=3,
        close_hint=tr(
            "Likely slips: who counts as active (an order in the 180 days before "
            "2024-09-30, that day excluded), or rounding before the end."
        ),
        far_hint=tr(
            "Among the customers with an order in the 180 days before 2024-09-30, take "
            "the share whose health score is under 75, as a fraction."
        ),
    )


# ------------------------------------------------------------------------------ 1.5
@lru_cache(maxsize=1)
def _four_weeks():
    from ..health import health_scores

    return health_scores(as_of="2024-07-01", weeks=4)


@lru_cache(maxsize=4)
def _labelled(horizon_days: int = 180):
    """``labelled`` as the notebook builds it (or with another churn horizon)."""
    from ..health import label_scores

    return label_scores(_four_weeks(), shipped("orders"), horizon_days=horizon_days, active_days=180)


def _last_week():
    """The week before 2024-07-01 alone: each week is scored and labelled on its own, so this is
    what one week of scores (``weeks=1``) gives."""
    table = _labelled()
    return table[table["week"] == table["week"].max()]


@task(
    "ch01.score_auc",
    N_("ROC AUC of the health score for churn"),
    hints=[
        N_(
            "`sklearn.metrics.roc_auc_score(labels, scores)` expects scores that are *higher* "
            "for the positive class (lost = True)."
        ),
        N_(
            "A low health score should mean churn, so pass the negative score: "
            "`roc_auc_score(labelled['lost'], -labelled['health_score'])`, to three decimals."
        ),
    ],
)
def _score_auc(answer):
    from sklearn.metrics import roc_auc_score as _auc

    value = _number(answer, "score_auc")
    table = _labelled()
    lost, score = table["lost"], table["health_score"]
    expected = _auc(lost, -score)
    if to_precision(value, expected, 3):
        return None
    _not_a_percentage(value, expected, tr("that looks like a percentage; AUC is a number between 0 and 1."))
    slips = [
        (
            lambda: 1 - expected,
            N_(
                "below 0.5: the score was used the wrong way round. A *low* score "
                "should predict churn — pass minus the score."
            ),
        ),
        (
            lambda: _auc(lost, score < 75),
            N_(
                "that turns the score into under/over 75 first; pass "
                "the score itself (negated) so every rank counts."
            ),
        ),
        (
            lambda: _auc(lost, score >= 75),
            N_(
                "that turns the score into under/over 75 first, and "
                "the wrong way round; pass minus the score itself."
            ),
        ),
        (
            lambda: float(((score < 75) == lost).mean()),
            N_(
                "that is the share of customers the 75 line classifies right (accuracy), not the ROC "
                "AUC; use `roc_auc_score`."
            ),
        ),
        (
            lambda: _auc(lost, -table["recency"]),
            N_("that uses the recency component only; use `health_score`."),
        ),
        (
            lambda: _auc(_last_week()["lost"], -_last_week()["health_score"]),
            N_("that scores one week; use the four weeks of `labelled` as built in the cell above."),
        ),
        (
            lambda: _auc(_labelled(horizon_days=90)["lost"], -_labelled(horizon_days=90)["health_score"]),
            N_("that labels churn over 90 days; use `labelled` as built in the cell above (180 days)."),
        ),
    ]
    for wrong, message in slips:
        if _matches(value, wrong(), expected, 3):
            raise Wrong(tr(message))
    _precise(
        value,
        expected,
        name="score_auc",
        decimals=3,
        close_hint=tr(
            "Likely slips: only part of the four weeks of `labelled`, another label "
            "than `lost`, or rounding before the end."
        ),
        far_hint=tr(
            "Pass `labelled['lost']` as the labels and minus `labelled['health_score']` as the scores."
        ),
    )


# ------------------------------------------------------------------------------ 1.6
_SILO_DAY = pd.Timestamp("2024-07-01")


@lru_cache(maxsize=64)
def _silo_set(
    *,
    spend_days=365,
    spend_until=True,
    by="amount",
    among_all=False,
    rule="nlargest",
    window=180,
    tickets_until=True,
    late_hours=1.0,
    seconds_only=False,
) -> frozenset:
    """The silo join computed with one setting changed: the right answer and its usual slips."""
    orders, tickets, customers = shipped("orders"), shipped("tickets"), shipped("customers")
    day = _SILO_DAY
    when = orders["order_date"]
    keep = when >= day - pd.Timedelta(days=spend_days)
    if spend_until:
        keep &= when < day
    grouped = orders[keep].groupby("customer_id")
    spend = grouped["amount"].sum() if by == "amount" else grouped.size().astype(float)
    if among_all:
        spend = spend.reindex(customers["customer_id"], fill_value=0.0)
    n = len(spend) * 0.2
    if rule == "quantile>=":
        high = spend.index[spend >= spend.quantile(0.8)]
    elif rule == "quantile>":
        high = spend.index[spend > spend.quantile(0.8)]
    else:
        k = {"nlargest": round(n), "ceil": math.ceil(n), "floor": math.floor(n)}[rule]
        high = spend.nlargest(k).index
    opened = tickets["opened_at"]
    keep = opened >= day - pd.Timedelta(days=window)
    if tickets_until:
        keep &= opened < day
    recent = tickets[keep]
    gap = recent["first_response_at"] - recent["opened_at"]
    hours = (gap.dt.seconds if seconds_only else gap.dt.total_seconds()) / 3600
    late = set(recent.loc[hours > late_hours, "customer_id"])
    return frozenset(str(c) for c in high if c in late)


_SILO_RIGHT = [
    dict(),
    dict(rule="quantile>="),
    dict(rule="quantile>"),
    dict(rule="ceil"),
    dict(rule="floor"),
    dict(seconds_only=True),
]
_SILO_SLIPS = [
    (
        dict(late_hours=0.0),
        N_(
            "that takes every high spender who complained; keep only complaints "
            "first answered more than 1 hour after they were opened (from "
            "`opened_at` to `first_response_at`, in hours)."
        ),
    ),
    (
        dict(tickets_until=False),
        N_("that includes tickets opened on or after 2024-07-01; the service view stops the day before."),
    ),
    (
        dict(window=365),
        N_(
            "that looks back a whole year for complaints; the service view covers the "
            "180 days before 2024-07-01."
        ),
    ),
    (
        dict(window=90),
        N_(
            "that looks back only 90 days for complaints; the service view covers the "
            "180 days before 2024-07-01."
        ),
    ),
    (
        dict(late_hours=24.0),
        N_("that keeps only complaints answered more than a day late; late means more than 1 hour."),
    ),
    (
        dict(among_all=True),
        N_(
            "that takes the top 20 % of all registered customers, counting those "
            "who bought nothing as 0; take the top 20 % among the customers who "
            "bought in the 365 days."
        ),
    ),
    (
        dict(by="orders"),
        N_("that ranks the customers by number of orders; high spenders are ranked by total `amount`."),
    ),
    (
        dict(spend_until=False),
        N_(
            "that counts orders on and after 2024-07-01 in the spend; the "
            "sales view is the 365 days before that day."
        ),
    ),
    (
        dict(spend_days=730),
        N_("that adds up spend over the whole history; the sales view is the 365 days before 2024-07-01."),
    ),
    (
        dict(spend_days=180),
        N_(
            "that adds up spend over 180 days; the sales view is the 365 days "
            "before 2024-07-01 (the 180 days are the service view's)."
        ),
    ),
]


def _ids(answer, name: str = "silo_ids") -> list[str]:
    """The customer ids of an answer: a list, array, Index, set, a Series of ids or a Series /
    table indexed by them, or a table with a ``customer_id`` column."""

    def looks_like_ids(values) -> bool:
        values = list(values)
        return bool(values) and all(isinstance(v, str) and v[:1] == "C" for v in values)

    if isinstance(answer, (str, bytes)) or np.isscalar(answer) or answer is None:
        raise Wrong(tr("{name} should be a list of customer ids, e.g. ['C00368', …].").format(name=name))
    if isinstance(answer, dict):
        raise Wrong(
            tr(
                "{name} should be a list of customer ids; you gave a dict — its keys? "
                "`list(d)` makes a list of them."
            ).format(name=name)
        )
    if callable(answer) and not isinstance(answer, (pd.Series, pd.DataFrame)):
        raise Wrong(tr("{name} should be a list of customer ids; you gave a function.").format(name=name))
    if isinstance(answer, pd.DataFrame):
        if "customer_id" in answer.columns:
            return [str(x) for x in answer["customer_id"]]
        return [str(x) for x in answer.index]
    values = answer.to_numpy() if isinstance(answer, (pd.Series, pd.Index)) else answer
    if (
        isinstance(values, (list, tuple, np.ndarray))
        and len(values)
        and all(isinstance(v, (bool, np.bool_)) for v in np.asarray(values, dtype=object).ravel())
    ):
        raise Wrong(
            tr(
                "that is a True/False mask (e.g. from `.isin` or a comparison), not the ids: "
                "use it to select them, e.g. `table.index[mask]`."
            )
        )
    if isinstance(answer, pd.Series) and not looks_like_ids(answer) and looks_like_ids(answer.index):
        return [str(x) for x in answer.index]
    if isinstance(answer, np.ndarray) and answer.ndim != 1:
        raise Wrong(
            tr("{name} should be a flat list of customer ids; you gave an array of shape {shape}.").format(
                name=name, shape=answer.shape
            )
        )
    try:
        return [str(x) for x in list(answer)]
    except TypeError:
        raise Wrong(tr("{name} should be a list of customer ids.").format(name=name)) from None


@task(
    "ch01.silo_join",
    N_("high spenders with a late-answered complaint"),
    hints=[
        N_(
            "Sales view: total `amount` per customer over the 365 days before 2024-07-01; keep "
            "the top 20 % of those buyers. Service view: tickets opened in the 180 days before, "
            "first answered more than 1 hour after opening."
        ),
        N_(
            "The answer is the customers on *both* lists: e.g. "
            "`high.index.intersection(late_ids)` — a list of customer ids."
        ),
    ],
)
def _silo_join(answer):
    ids = _ids(answer, "silo_ids")
    if not ids:
        raise Wrong(
            tr(
                "silo_ids is empty; some high spenders did wait more than an hour for an "
                "answer — keep the customers on both lists."
            )
        )
    got = set(ids)
    if len(got) < len(ids):
        raise Wrong(
            tr(
                "{count} id(s) appear more than once (a join keeps one row per "
                "ticket); keep each customer once, e.g. with `.unique()`."
            ).format(count=len(ids) - len(got))
        )
    expected = _silo_set()
    if any(got == _silo_set(**variant) for variant in _SILO_RIGHT):
        return None
    for variant, message in _SILO_SLIPS:
        slip = _silo_set(**variant)
        if got == slip and slip != expected:
            raise Wrong(tr(message))
    if len(got) > 3 * len(expected):
        raise Wrong(
            tr(
                "{count:,} customers is far more than the join gives; keep the customers "
                "on *both* lists, not either."
            ).format(count=len(got))
        )
    missing, extra = len(expected - got), len(got - expected)
    raise Wrong(
        tr(
            "{missing} customer(s) missing and {extra} too many: check the 365-day spend "
            "window before 2024-07-01, that the top 20 % is taken among buyers of that year, "
            "and the 180-day, more-than-1-hour rule for complaints."
        ).format(missing=missing, extra=extra)
    )


# ------------------------------------------------------------------------------ 1.7
_CRM_TYPES = {
    "a": "operational",
    "b": "analytical",
    "c": "collaborative",
    "d": "operational",
    "e": "analytical",
    "f": "collaborative",
}
_ALIASES = {
    "运营型": "operational",
    "分析型": "analytical",
    "协作型": "collaborative",
    "運營型": "operational",
    "協作型": "collaborative",
    "运营": "operational",
    "分析": "analytical",
    "协作": "collaborative",
    "操作型": "operational",
    "operation": "operational",
    "operations": "operational",
    "analysis": "analytical",
    "analytic": "analytical",
    "analytics": "analytical",
    "collaboration": "collaborative",
    "collaborate": "collaborative",
}


def _crm_word(value) -> str:
    word = str(value).strip().lower().replace("crm", "").replace("客户关系管理", "").strip(" -_")
    return _ALIASES.get(word, word)


@task(
    "ch01.crm_types",
    N_("operational, analytical or collaborative CRM"),
    hints=[
        N_(
            "Ask of each activity: does it *run* a daily process (operational), *read* the data "
            "for a decision (analytical), or *share* what one team knows with another team or "
            "partner (collaborative)?"
        ),
        N_(
            "Two activities of each kind. A shared view across teams is collaborative even if it "
            "shows data; a report or dashboard is analytical."
        ),
    ],
)
def _crm_types(answer):
    if not isinstance(answer, dict):
        raise Wrong(
            tr("crm_types should be a dict such as {{'a': 'operational', …}}; you gave a {kind}.").format(
                kind=type(answer).__name__
            )
        )
    if answer and all(v is Ellipsis for v in answer.values()):
        raise NotAttempted()
    keys = {str(k).strip().strip(")").lower(): v for k, v in answer.items()}
    missing = sorted(set(_CRM_TYPES) - set(keys))
    if missing:
        raise Wrong(
            tr(
                "activities {activities} have no answer; give one of 'operational', "
                "'analytical' or 'collaborative' for each of a–f."
            ).format(activities=missing)
        )
    unfinished = sorted(k for k in _CRM_TYPES if keys[k] is Ellipsis)
    if unfinished:
        raise Wrong(
            tr(
                "activities {activities} still hold `...`; replace each with 'operational', "
                "'analytical' or 'collaborative'."
            ).format(activities=unfinished)
        )
    got = {key: _crm_word(keys[key]) for key in _CRM_TYPES}
    unknown = sorted(k for k, v in got.items() if v not in {"operational", "analytical", "collaborative"})
    if unknown:
        raise Wrong(
            tr(
                "the answers for {activities} are not one of 'operational', 'analytical', "
                "'collaborative' (运营型 / 分析型 / 协作型)."
            ).format(activities=unknown)
        )
    wrong = sorted(k for k in _CRM_TYPES if got[k] != _CRM_TYPES[k])
    if not wrong:
        return None
    if any(k in ("c", "f") for k in wrong):
        message = tr(
            "{wrong} of 6 wrong: a view *shared* across teams or partners is collaborative CRM, "
            "even though it shows data and serves daily work."
        )
    elif any(got[k] == "analytical" for k in ("a", "d") if k in wrong):
        message = tr(
            "{wrong} of 6 wrong: an activity that carries out a daily process — sending a message, "
            "working a pipeline — is operational, however automated."
        )
    elif any(k in ("b", "e") for k in wrong):
        message = tr(
            "{wrong} of 6 wrong: a report or a dashboard *reads* the data for a decision — that is "
            "analytical CRM, whoever looks at it."
        )
    elif any(got[k] == "collaborative" for k in ("a", "d") if k in wrong):
        message = tr(
            "{wrong} of 6 wrong: a message or a sales pipeline run by one team is operational; "
            "collaborative CRM shares what one team knows with another team or partner."
        )
    else:
        message = tr(
            "{wrong} of 6 wrong: decide whether each activity runs a process, reads data for a decision "
            "or shares knowledge across teams."
        )
    raise Wrong(message.format(wrong=len(wrong)))


# ------------------------------------------------------------------------------ 1.8
_CALL_DAY = "2024-09-30"
#: A list must reach at least this share of the spend the same number of calls could reach
#: among the callable customers under the line (a random or lowest-score-first list reaches
#: about 0.4–0.55 on the shipped data; ranking by spend or spend × risk 0.9–1.0).
_VALUE_FLOOR = 0.65


@lru_cache(maxsize=1)
def _board():
    from ..health import care_call_board

    return care_call_board(as_of=_CALL_DAY)


def _sentence(clauses: list[str]) -> str:
    """Clauses (translated) joined into one sentence: ``"a; b."`` in English."""
    return tr("{clauses}.").format(clauses=tr("; ").join(clauses))


@task(
    "ch01.call_list",
    N_("this week's care calls: who gets the 150"),
    hints=[
        N_(
            "Filter before you rank: under the alert line (`health_score < 75`), still active "
            "(`days_since_order < 180`) and agreed to be called (`consent_phone`). Then keep at "
            "most 150."
        ),
        N_(
            "Among those, call first where most is at stake: sort by `spend_365d` (or by spend × "
            "(100 − score) / 100) and keep the first 150 — `list(ranked.head(150).index)`."
        ),
    ],
)
def _call_list(answer):
    from ..health import CALL_CAPACITY

    ids = _ids(answer, "call_list")
    if not ids:
        raise Wrong(
            tr(
                "call_list is empty; the team has {capacity} calls this week — choose whom they go to."
            ).format(capacity=CALL_CAPACITY)
        )
    chosen_ids = set(ids)
    if len(chosen_ids) < len(ids):
        raise Wrong(
            tr("{count} id(s) appear more than once; one call per customer.").format(
                count=len(ids) - len(chosen_ids)
            )
        )
    board = _board()
    unknown = sorted(chosen_ids - set(board.index))
    if unknown:
        raise Wrong(
            tr(
                "{count} id(s) are not on this week's board (e.g. {example}): pick "
                "customer ids from `board.index`."
            ).format(count=len(unknown), example=repr(unknown[0]))
        )
    chosen = board.loc[sorted(chosen_ids)]
    problems = []
    if len(chosen) > CALL_CAPACITY:
        problems.append(
            tr(
                "{calls} calls for a capacity of {capacity}: the team cannot "
                "make them all — you decide which ones matter most"
            ).format(calls=len(chosen), capacity=CALL_CAPACITY)
        )
    lapsed = int((chosen["days_since_order"] >= 180).sum())
    if lapsed:
        problems.append(
            tr(
                "{count} customer(s) have not ordered for 180 days or more: they are "
                "already lapsed — a win-back offer is the tool for them, not a care call"
            ).format(count=lapsed)
        )
    over = int((chosen["health_score"] >= 75).sum())
    if over:
        problems.append(
            tr("{count} customer(s) score 75 or more: the score raises no alert for them").format(count=over)
        )
    refused = int((~chosen["consent_phone"]).sum())
    if refused:
        problems.append(
            tr(
                "{count} customer(s) did not agree to phone contact (`consent_phone` is "
                "False): the team may not call them"
            ).format(count=refused)
        )
    if problems:
        raise Wrong(_sentence(problems))
    callable_ = board[
        (board["health_score"] < 75) & (board["days_since_order"] < 180) & board["consent_phone"]
    ]
    needed = min(CALL_CAPACITY, len(callable_))
    if len(chosen) < 0.9 * needed:
        raise Wrong(
            tr(
                "{calls} calls chosen: {unused} of the team's {capacity} would go unused while "
                "{waiting} callable customers under the line wait."
            ).format(
                calls=len(chosen),
                unused=CALL_CAPACITY - len(chosen),
                capacity=CALL_CAPACITY,
                waiting=len(callable_) - len(chosen),
            )
        )
    reached = float(chosen["spend_365d"].sum())
    best = float(callable_["spend_365d"].nlargest(len(chosen)).sum())
    share = reached / best if best else 1.0
    if share < _VALUE_FLOOR:
        raise Wrong(
            tr(
                "the list ignores value: its customers spent ¥{reached:,.0f} in the last 365 "
                "days, {share:.0%} of what {calls} calls could reach among the callable "
                "customers under the line. Rank them by value at stake (spend, or spend × risk), "
                "not by score alone or at random."
            ).format(reached=reached, share=share, calls=len(chosen))
        )
    late = int(chosen["late_complaint"].sum())
    return tr(
        "Your {calls} calls reach ¥{reached:,.0f} of last year's spend ({share:.0%} of the "
        "most that {calls} calls could reach) and {late} of the {late_total} callable "
        "customers with a late-answered complaint."
    ).format(
        calls=len(chosen),
        reached=reached,
        share=share,
        late=late,
        late_total=int(callable_["late_complaint"].sum()),
    )
