"""Checks of chapter 5's exercises: CLV, BG/NBD on CDNOW, churn labels, targeting by value,
loyalty and referral programme economics.

Numeric answers are judged at the precision each task states (:func:`require_precision`);
before that, a wrong value is compared with what the typical slips of the task give, so the
message names the slip. Functions are run on small cases built to separate the slips and on
Lumen's own orders.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np
import pandas as pd

from ..language import N_, tr
from . import NotAttempted, Wrong, frame_like, judge_number, number_like, shipped, task

CALIBRATION_END, OBSERVATION_END = "1997-09-30", "1998-06-30"
PUBLISHED = {"r": 0.243, "alpha": 4.414, "a": 0.793, "b": 2.426}


def _call(func, call, *args):
    """Run the trainee's function; an error becomes a ✗ that names the call."""
    try:
        return func(*args)
    except (NotAttempted, Wrong):
        raise
    except Exception as error:  # noqa: BLE001 - the trainee's code may raise anything
        raise Wrong(
            tr(
                "calling {call} raised {kind}: {error}. Try the function "
                "on the data in a cell of its own first."
            ).format(call=call, kind=type(error).__name__, error=error)
        ) from None


# ------------------------------------------------------------------------------ 5.1
def _simple(retention, margin=300.0, discount=0.10):
    return margin * retention / (1 + discount - retention)


@task(
    "ch05.clv_gain",
    N_("CLV gain from five more points of retention"),
    hints=[
        N_(
            "Compute the simple CLV twice, with retention 0.60 and 0.65, margin 300 and "
            "discount rate 0.10, then compare the two."
        ),
        N_(
            "CLV = margin × retention / (1 + discount − retention); the gain is "
            "(new − old) / old, a fraction such as 0.15 for +15 %, to three decimals."
        ),
    ],
)
def _clv_gain(answer):
    value = number_like(answer, "clv_gain")
    old, new = _simple(0.60), _simple(0.65)
    expected = (new - old) / old
    slips = [
        (
            new - old,
            tr(
                "that is the gain in CNY (new − old); the task asks for the relative gain, "
                "(new − old) / old, as a fraction."
            ),
            0,
        ),
        (expected * 100, tr("that looks like a percentage; give the fraction (0.15, not 15)."), 0),
        (new / old, tr("that is new ÷ old, the CLV ratio; the gain is that minus 1, (new − old) / old.")),
        (
            -expected,
            tr("the sign is reversed: the gain is (new − old) / old, with the CLV at 0.65 as the new one."),
        ),
        (
            (_simple(0.65, discount=0) - _simple(0.60, discount=0)) / _simple(0.60, discount=0),
            tr("that leaves out the discount rate: the denominator is 1 + 0.10 − retention."),
        ),
        (
            (_simple(0.65, discount=10) - _simple(0.60, discount=10)) / _simple(0.60, discount=10),
            tr("the discount rate went in as 10; 10 % is 0.10 in the formula."),
        ),
        (
            (300 / 0.45 - 300 / 0.5) / (300 / 0.5),
            tr("the margin is multiplied by the retention rate in the numerator: m × r / (1 + d − r)."),
        ),
        ((new - old) / new, tr("you divided by the new CLV; a gain is measured against the old one.")),
        (0.05 / 0.60, tr("that is the relative change of the retention rate itself, not of CLV.")),
    ]
    judge_number(
        value,
        expected,
        slips=slips,
        name="clv_gain",
        decimals=3,
        close_hint=tr(
            "Did you round the two CLVs before dividing? Keep them unrounded and round only the gain."
        ),
        far_hint=tr("Compute the CLV at 0.60 and at 0.65 with m × r / (1 + d − r), then (new − old) / old."),
    )


# ------------------------------------------------------------------------------ 5.2
@lru_cache(maxsize=8)
def _cdnow_summary(**overrides):
    from ..clv import summarize
    from ..data import load_cdnow

    options = dict(
        customer="customer_id",
        date="date",
        amount="amount",
        calibration_end=CALIBRATION_END,
        observation_end=OBSERVATION_END,
        unit="W",
    )
    options.update(overrides)
    return summarize(load_cdnow(), **options)


def _differs(table, expected, column, atol=1e-6):
    found = pd.to_numeric(table[column], errors="coerce").to_numpy(float)
    want = expected[column].to_numpy(float)
    return int((~np.isclose(found, want, atol=atol, rtol=0) | np.isnan(found)).sum())


@task(
    "ch05.cdnow_summary",
    N_("CDNOW calibration/holdout summary"),
    hints=[
        N_("Use `clv.summarize` on the CDNOW log with `calibration_end` and `observation_end`."),
        N_(
            'Times are in weeks (`unit="W"`): the calibration period ends 1997-09-30, the '
            'observation 1998-06-30; `amount="amount"` gives the `monetary` column.'
        ),
    ],
)
def _cdnow_summary_check(answer):
    table = frame_like(answer, "cdnow_summary")
    if "customer_id" in table.columns:  # the ids as a column instead of the index
        table = table.set_index("customer_id")
    needed = ["frequency", "recency", "T", "monetary", "frequency_holdout", "duration_holdout"]
    missing = [c for c in needed if c not in table.columns]
    if len(table.columns) == 0 or len(table) == 0:
        raise Wrong(tr("cdnow_summary is empty: summarise the CDNOW log `cdnow` with `clv.summarize`."))
    if missing and all(c in missing for c in ("frequency", "recency", "T")):
        raise Wrong(
            tr(
                "this is not a BG/NBD summary: the columns {columns} are missing. Build it "
                "with `clv.summarize(cdnow, ...)`."
            ).format(columns=missing)
        )
    if "frequency_holdout" in missing:
        raise Wrong(
            tr(
                "there is no `frequency_holdout` column: pass `calibration_end` so the "
                "log is split into calibration and holdout."
            )
        )
    if "monetary" in missing:
        raise Wrong(tr("there is no `monetary` column: pass `amount='amount'`."))
    if missing:
        raise Wrong(
            tr("columns {columns} are missing: keep every column `clv.summarize` returns.").format(
                columns=missing
            )
        )
    expected = _cdnow_summary()
    if len(table) != len(expected):
        if len(table) < len(expected):
            message = tr(
                "{rows:,} rows, fewer than the sample's {customers:,} customers: "
                "keep one row per customer, none dropped (customers without a repeat "
                "purchase are part of the model)."
            )
        else:
            message = tr(
                "{rows:,} rows, more than the sample's {customers:,} customers: "
                "keep one row per customer, none dropped (customers without a repeat "
                "purchase are part of the model)."
            )
        raise Wrong(message.format(rows=len(table), customers=len(expected)))
    index = table.index.astype(str)
    if index.has_duplicates:
        raise Wrong(tr("some customers have more than one row: keep one row per customer."))
    if not index.isin(expected.index).all():
        raise Wrong(
            tr(
                "the index should be the CDNOW `customer_id`s, as `clv.summarize` returns "
                "them (summarise by `customer='customer_id'`)."
            )
        )
    table = table.set_axis(index).reindex(expected.index)
    t_max = pd.to_numeric(table["T"], errors="coerce").max()
    holdout = pd.to_numeric(table["duration_holdout"], errors="coerce")
    if _differs(table, expected, "T", atol=1e-3):
        if t_max > 80:  # weeks stay below 79 even without a calibration split
            raise Wrong(
                tr(
                    "`T` runs up to {longest:.0f}: those are days. The BG/NBD papers count in weeks — `unit='W'`."
                ).format(longest=t_max)
            )
        if t_max < 20:
            raise Wrong(
                tr(
                    "`T` runs up to about {longest:.0f}: those are months. The BG/NBD papers "
                    "count in weeks — `unit='W'`."
                ).format(longest=t_max)
            )
        if abs(t_max - expected["T"].max()) > 0.5:
            raise Wrong(
                tr(
                    "`T` runs up to {longest:.1f} weeks: the calibration period ends on "
                    "1997-09-30 (`calibration_end`)."
                ).format(longest=t_max)
            )
        raise Wrong(
            tr(
                "`T` differs for some customers: it runs from each customer's first "
                "purchase to the end of calibration, 1997-09-30, in weeks."
            )
        )
    if not np.allclose(holdout, expected["duration_holdout"], atol=1e-3):
        raise Wrong(
            tr(
                "`duration_holdout` is off: the observation ends on 1998-06-30 "
                "(`observation_end`), 39 weeks after the calibration period."
            )
        )
    if _differs(table, _cdnow_summary(amount="cds"), "monetary") == 0:
        raise Wrong(
            tr("`monetary` counts CDs: the value of a purchase is the `amount` column (`amount='amount'`).")
        )
    why = {  # column → what it should hold, one whole message each
        "frequency": N_(
            "`frequency` differs for {count:,} customers: it should be the number of repeat "
            "purchase *days* in calibration — purchases on the same day count as one, and the "
            "first purchase is not a repeat. `clv.summarize` builds all of it."
        ),
        "recency": N_(
            "`recency` differs for {count:,} customers: it should be the weeks from a "
            "customer's first to last purchase day in calibration. `clv.summarize` builds all of it."
        ),
        "monetary": N_(
            "`monetary` differs for {count:,} customers: it should be the mean value of the "
            "repeat purchase days, the first purchase left out. `clv.summarize` builds all of it."
        ),
        "frequency_holdout": N_(
            "`frequency_holdout` differs for {count:,} customers: it should be the number of "
            "purchase days after 1997-09-30 up to 1998-06-30. `clv.summarize` builds all of it."
        ),
    }
    for column, message in why.items():
        wrong = _differs(table, expected, column)
        if wrong:
            raise Wrong(tr(message).format(count=wrong))


# ------------------------------------------------------------------------------ 5.3
@task(
    "ch05.bgnbd_fit",
    N_("BG/NBD fitted on the CDNOW calibration period"),
    hints=[
        N_(
            "Create `clv.BetaGeo()` and call `.fit(frequency, recency, T)` with the three "
            "columns of the calibration summary (in weeks)."
        ),
        N_('Write `summary["T"]`, not `summary.T` — `.T` is pandas\' transpose.'),
    ],
)
def _bgnbd_fit(answer):
    from ..btyd import BetaGeo

    if not isinstance(answer, BetaGeo):
        raise Wrong(
            tr("bg should be a fitted clv.BetaGeo; you gave a {kind}.").format(kind=type(answer).__name__)
        )
    try:
        params = answer.params_
    except AttributeError:
        raise Wrong(tr("this BetaGeo is not fitted yet: call `.fit(...)` on it.")) from None
    if answer.n_customers_ != 2357:
        raise Wrong(
            tr(
                "the model was fitted on {customers:,} customers; fit it on all "
                "2,357 customers of the summary, those without repeat purchases included."
            ).format(customers=answer.n_customers_)
        )
    off = [name for name, value in PUBLISHED.items() if round(params[name], 3) != value]
    if not off:
        return None
    if off == ["alpha"]:
        if params["alpha"] > PUBLISHED["alpha"]:
            raise Wrong(
                tr(
                    "r, a and b match the paper, alpha does not: recency and T were in days. "
                    "alpha is a time scale; fit on the weekly summary (`unit='W'`)."
                )
            )
        raise Wrong(
            tr(
                "r, a and b match the paper, alpha does not: recency and T were in months. "
                "alpha is a time scale; fit on the weekly summary (`unit='W'`)."
            )
        )
    raise Wrong(
        tr(
            "{parameters} differ from the published fit: fit on the calibration period only "
            "(the summary with `calibration_end='1997-09-30'`), not on the whole log."
        ).format(parameters=off)
    )


# ------------------------------------------------------------------------------ 5.4
AS_OF_TOY, HORIZON_TOY = pd.Timestamp("2024-03-01"), 150  # window [03-01, 07-29)
_TOY_ORDERS = {
    "a": ["2024-01-10", "2024-03-15"],  # bought inside the window → kept
    "b": ["2024-02-01"],  # nothing after → lost
    "c": ["2024-01-20", "2024-08-20"],  # next order after the window → lost
    "d": ["2024-04-01"],  # first order after as_of → no label
    "e": ["2023-12-31", "2024-07-29"],  # next order on the window's end day → lost
    "f": ["2024-02-10", "2024-03-01"],  # next order on as_of itself → kept
    "g": ["2024-03-01"],  # first order on as_of → no label
    "h": ["2024-01-05", "2024-07-28"],  # next order on the window's last day → kept
    "i": ["2023-06-01"],  # long silent → lost
    "j": ["2024-02-15", "2024-10-01"],  # next order long after the window → lost
}
_TOY_EXPECTED = {"a": False, "b": True, "c": True, "e": True, "f": False, "h": False, "i": True, "j": True}


def _label_cases():
    rows = [(c, d) for c, days in _TOY_ORDERS.items() for d in days]
    orders = pd.DataFrame(
        {
            "customer_id": [c for c, _ in rows],
            "order_date": pd.to_datetime([d for _, d in rows]),
            "amount": 100.0,
        }
    )
    return orders.sort_values("order_date", kind="stable").reset_index(drop=True), AS_OF_TOY, HORIZON_TOY


def _reference(orders, as_of, horizon):
    """The right labels as {id: bool}, for any window (churn.churn_label refuses a window the
    data do not cover)."""
    dates = orders["order_date"]
    before = set(orders.loc[dates < as_of, "customer_id"].astype(str))
    end = as_of + pd.Timedelta(days=horizon)
    inside = set(orders.loc[(dates >= as_of) & (dates < end), "customer_id"].astype(str))
    return {c: c not in inside for c in before}


def _labels(result, name="lost_flags"):
    """The trainee's labels as {customer id: bool}, or a Wrong naming what the result is."""
    if result is None:
        raise NotAttempted()
    if isinstance(result, pd.DataFrame):
        rest = [c for c in result.columns if c != "customer_id"]
        if "customer_id" in result.columns and len(rest) == 1:
            result = result.set_index("customer_id")[rest[0]]
        elif len(result.columns) == 1:
            result = result.iloc[:, 0]
        else:
            raise Wrong(
                tr(
                    "{name} returned a table with columns {columns}; return "
                    "one True/False per customer, a Series indexed by customer_id."
                ).format(name=name, columns=list(result.columns)[:4])
            )
    if not isinstance(result, pd.Series):
        raise Wrong(
            tr("{name} should return a pandas Series; it returned a {kind}.").format(
                name=name, kind=type(result).__name__
            )
        )
    if result.index.has_duplicates:
        raise Wrong(
            tr(
                "{name} returned {rows:,} rows for {ids:,} ids: one label per customer, not one per order."
            ).format(name=name, rows=len(result), ids=result.index.nunique())
        )
    if result.isna().any():
        raise Wrong(
            tr(
                "{missing} labels are missing (NaN): every customer with an "
                "order before `as_of` gets True or False, the others no row at all."
            ).format(missing=int(result.isna().sum()))
        )
    values = result.tolist()
    if not all(
        isinstance(v, (bool, np.bool_)) or (isinstance(v, (int, np.integer, float)) and v in (0, 1))
        for v in values
    ):
        raise Wrong(
            tr(
                "the labels should be True (lost) or False (kept); {name} returned values such as {example}."
            ).format(name=name, example=repr(values[0]))
        )
    return {str(k): bool(v) for k, v in result.items()}


@lru_cache(maxsize=1)
def _lumen_ids() -> frozenset:
    return frozenset(shipped("orders")["customer_id"].astype(str))


@lru_cache(maxsize=4)
def _real_labels(as_of: str, horizon: int):
    from ..churn import churn_label

    flags = churn_label(shipped("orders"), as_of=as_of, horizon_days=horizon)
    return {str(k): bool(v) for k, v in flags.items()}


@task(
    "ch05.churn_label",
    N_("churn labels without looking ahead"),
    hints=[
        N_(
            "Customers to label are those with an order *before* `as_of`; the others had not "
            "bought yet and cannot be lost."
        ),
        N_(
            "A customer is lost (True) when none of their orders falls in "
            "[as_of, as_of + horizon_days): an order on `as_of` counts, one on the end day does "
            "not. Write the end as `as_of + pd.Timedelta(days=horizon_days)`."
        ),
        N_(
            "`before = orders.loc[orders['order_date'] < as_of, 'customer_id'].unique()`, then "
            "the customers with an order inside the window are kept."
        ),
    ],
)
def _churn_label(answer):
    if not callable(answer):
        raise Wrong(
            tr("lost_flags should be a function; you gave a {kind}.").format(kind=type(answer).__name__)
        )
    orders, as_of, horizon = _label_cases()
    got = _labels(_call(answer, "lost_flags(orders, as_of, horizon_days)", orders.copy(), as_of, horizon))
    expected = _TOY_EXPECTED
    if got != expected:
        labelled = set(got)
        for day in ("2024-07-01", "2025-01-01"):
            if any(got == _reference(orders, pd.Timestamp(day), days) for days in (horizon, 180)):
                raise Wrong(
                    tr(
                        "lost_flags labels as of {day} whatever `as_of` it is given: use the "
                        "`as_of` argument, not a fixed date."
                    ).format(day=day)
                )
        if "d" in labelled:
            raise Wrong(
                tr(
                    "a customer whose first order comes after `as_of` got a label; only "
                    "customers who bought before `as_of` can be lost."
                )
            )
        if "g" in labelled:
            raise Wrong(
                tr(
                    "a customer whose first order is on `as_of` itself got a label: 'before "
                    "`as_of`' means `order_date < as_of`; that order is in the window."
                )
            )
        if len(labelled & _lumen_ids()) > len(labelled) / 2:
            raise Wrong(
                tr(
                    "given a small test table, lost_flags labelled Lumen's customers: use the "
                    "function's `orders` argument, not the notebook's `orders` table."
                )
            )
        if not labelled & set(_TOY_ORDERS):
            shown = ", ".join(sorted(labelled)[:3])
            raise Wrong(
                tr(
                    "the Series is not indexed by customer_id (its index holds {examples} …): "
                    "index it by the customers' ids, one label per customer."
                ).format(examples=shown)
            )
        if labelled != set(expected):
            raise Wrong(
                tr(
                    "your Series covers {labelled} of the {customers} customers of a "
                    "small test who bought before `as_of`; label every one of them, indexed by "
                    "customer_id."
                ).format(labelled=len(got), customers=len(expected))
            )
        wrong = {k for k in expected if got[k] != expected[k]}
        if wrong == set(expected):
            raise Wrong(
                tr("every label is the wrong way round: True should mean lost (no order in the window).")
            )
        if wrong == {"a", "h"} or wrong == {"a", "h", "f"}:
            raise Wrong(
                tr(
                    "orders well inside the window did not count: the window is far too "
                    "short. `pd.Timedelta(horizon_days)` is nanoseconds; write "
                    "`pd.Timedelta(days=horizon_days)`."
                )
            )
        if not any(got.values()) or wrong == {"b", "c", "e", "j"}:
            raise Wrong(
                tr(
                    "customers with no order after `as_of` were counted as kept: did you look "
                    "back (days since the last order) instead of forward? Lost means no "
                    "order in [as_of, as_of + horizon_days)."
                )
            )
        if "f" in wrong:
            raise Wrong(
                tr(
                    "an order placed on `as_of` itself was not counted: the window starts at "
                    "`as_of`, included (`>= as_of`)."
                )
            )
        if {"c", "e"} <= wrong and "j" not in wrong:
            raise Wrong(
                tr(
                    "the window ran to 180 days although `horizon_days` was 150: use the "
                    "`horizon_days` argument, not a fixed number."
                )
            )
        if {"c", "e", "j"} <= wrong:
            raise Wrong(
                tr(
                    "orders after the window's end were counted as kept: only orders before "
                    "`as_of + horizon_days` count."
                )
            )
        if "e" in wrong:
            raise Wrong(
                tr(
                    "a customer whose next order fell on the window's end day was counted as "
                    "kept: the window is [as_of, as_of + horizon_days), end excluded."
                )
            )
        if "h" in wrong:
            raise Wrong(
                tr(
                    "an order on the window's last day (as_of + horizon_days − 1) was not "
                    "counted: the window ends just before `as_of + horizon_days`."
                )
            )
        raise Wrong(
            tr(
                "{wrong} of {customers} customers of a small test got the wrong "
                "label: True only for those with no order in [as_of, as_of + horizon_days)."
            ).format(wrong=len(wrong), customers=len(expected))
        )
    real = shipped("orders")
    for day, days in (("2024-07-01", 180), ("2024-04-01", 90)):
        want = _real_labels(day, days)
        call = f"lost_flags(orders, pd.Timestamp('{day}'), {days})"
        mine = _labels(_call(answer, call, real.copy(), pd.Timestamp(day), days))
        if mine == want:
            continue
        if mine == _real_labels(day, 180):
            raise Wrong(
                tr(
                    "on Lumen's orders with `horizon_days=90` your labels are those of a "
                    "180-day window: use the `horizon_days` argument, not a fixed number."
                )
            )
        if set(mine) != set(want):
            raise Wrong(
                tr(
                    "on Lumen's orders (as_of {day}) your Series labels {labelled:,} "
                    "customers; {customers:,} bought before that day."
                ).format(day=day, labelled=len(mine), customers=len(want))
            )
        wrong = sum(mine[k] != want[k] for k in want)
        raise Wrong(
            tr(
                "on Lumen's orders (as_of {day}, {days} days) "
                "{wrong:,} of {labels:,} labels differ: compare dates, not text, and "
                "keep the window [as_of, as_of + horizon_days)."
            ).format(day=day, days=days, wrong=wrong, labels=len(want))
        )
    return None


# ------------------------------------------------------------------------------ 5.5
def _targeting_cases():
    scored = pd.DataFrame(
        {
            "p_lost": [0.95, 0.90, 0.85, 0.40, 0.35, 0.20, 0.10, 0.60],
            "clv": [40.0, 60.0, 30.0, 3000.0, 2500.0, 5000.0, 8000.0, 900.0],
        },
        index=pd.Index(["A", "B", "C", "D", "E", "F", "G", "H"], name="customer_id"),
    )
    return scored


@lru_cache(maxsize=1)
def _shipped_scored():
    from ..course import DATASETS

    scores = pd.read_csv(DATASETS / "scores.csv", dtype={"customer_id": str}, index_col="customer_id")
    return scores.rename(columns={"churn_probability": "p_lost", "clv_12m": "clv"})


def _picked(result, scored, n):
    if result is None:
        raise NotAttempted()
    if isinstance(result, pd.DataFrame):
        raise Wrong(tr("pick_customers returned a table; return the ids, e.g. `list(top.index)`."))
    if (
        isinstance(result, pd.Series)
        and pd.api.types.is_numeric_dtype(result)
        and result.index.isin(scored.index).all()
        and len(result) == n
    ):
        raise Wrong(
            tr(
                "pick_customers returned the expected values themselves; return their "
                "index, the customer ids (`list(ev.nlargest(n).index)`)."
            )
        )
    if isinstance(result, (str, bytes, dict)) or np.isscalar(result):
        raise Wrong(
            tr("pick_customers should return a list of customer ids; it returned a {kind}.").format(
                kind=type(result).__name__
            )
        )
    try:
        picked = [str(x) for x in list(result)]
    except TypeError:
        raise Wrong(tr("pick_customers should return a list (or Index) of customer ids.")) from None
    ids = set(scored.index.astype(str))
    if not set(picked) <= ids:
        raise Wrong(tr("return the customer ids (the index of `scored`), not positions or values."))
    if len(set(picked)) != len(picked):
        raise Wrong(tr("pick_customers returned the same customer more than once."))
    if len(picked) != n:
        raise Wrong(
            tr(
                "asked for {n} customers, pick_customers returned {returned}: return "
                "exactly `n` ids — use the argument `n`, not a fixed number, and keep a "
                "customer even when their expected value is negative."
            ).format(n=n, returned=len(picked))
        )
    return set(picked)


def _is_top(picked, score, n, tol=1e-9):
    """True when ``picked`` are n customers with the largest ``score`` (any tie-breaking)."""
    cut = score.nlargest(n).iloc[-1]
    chosen = score.reindex(list(picked))
    above = set(score.index[score > cut + tol].astype(str))
    return bool((chosen >= cut - tol).all()) and above <= picked


@task(
    "ch05.value_targeting",
    N_("contact by expected value saved"),
    hints=[
        N_("Rank customers by what a call is expected to save, not by risk alone."),
        N_(
            "Expected value saved = p_lost × save_rate × clv − contact_cost; keep the n "
            "customers with the largest values."
        ),
        N_(
            "`churn.expected_value_saved(scored['p_lost'], scored['clv'], save_rate=..., "
            "contact_cost=...)` computes it; `nlargest` picks the top n."
        ),
    ],
)
def _value_targeting(answer):
    if not callable(answer):
        raise Wrong(
            tr("pick_customers should be a function; you gave a {kind}.").format(kind=type(answer).__name__)
        )
    cases = [(_targeting_cases(), 3), (_shipped_scored(), 50)]
    picks = [
        _picked(_call(answer, f"pick_customers(scored, {n})", scored.copy(), n), scored, n)
        for scored, n in cases
    ]
    if all(_is_top(picked, _ev(scored), n) for picked, (scored, n) in zip(picks, cases)):
        return None
    slips = [
        (
            lambda s: s["p_lost"],
            N_(
                "those are the likeliest to leave, but they are worth little: weigh the risk by the "
                "value at stake."
            ),
        ),
        (
            lambda s: s["clv"],
            N_(
                "those are the most valuable, but some are very unlikely to leave: weigh the value by "
                "the churn probability."
            ),
        ),
        (
            lambda s: (1 - s["p_lost"]) * s["clv"],
            N_(
                "that weighs the value by the chance of *staying*, 1 − p_lost; a call saves value only "
                "from customers who would leave: p_lost × save_rate × clv."
            ),
        ),
        (
            lambda s: -_ev(s),
            N_(
                "those are the n *lowest* expected values: keep the largest (`nlargest`, or "
                "`sort_values(ascending=False)`)."
            ),
        ),
        (
            lambda s: s["p_lost"] * (0.25 * s["clv"] - 30.0),
            N_(
                "the contact cost was multiplied by p_lost: a call costs ¥30 whether the customer "
                "would leave or not — p_lost × save_rate × clv − contact_cost."
            ),
        ),
    ]
    for score, message in slips:
        if all(_is_top(picked, score(scored), n) for picked, (scored, n) in zip(picks, cases)):
            raise Wrong(tr(message))
    if not _is_top(picks[0], _ev(cases[0][0]), 3):
        raise Wrong(
            tr(
                "on a small test that is not the top n by p_lost × save_rate × clv − contact_cost; "
                "check the formula and that you keep the largest values."
            )
        )
    raise Wrong(
        tr(
            "on Lumen's {customers:,} scored customers (n=50) that is not the top n by "
            "p_lost × save_rate × clv − contact_cost; check the formula and that you keep the "
            "largest values."
        ).format(customers=len(cases[1][0]))
    )


def _ev(scored):
    return scored["p_lost"] * 0.25 * scored["clv"] - 30.0


# ------------------------------------------------------------------------------ 5.6
_POINTS = dict(
    earn_rate=1.0, point_value=0.01, redemption_rate=0.6, margin=0.45, spend_lift=0.04, running_cost=15.0
)


def _translated(slips):
    """The slips with their messages in the course's language (the cached lists hold the English)."""
    return [(value, tr(message), *rest) for value, message, *rest in slips]


@lru_cache(maxsize=1)
def _break_even_values():
    from ..loyalty import break_even_retention_lift as lift

    orders = shipped("orders")
    year = orders["order_date"].dt.year
    spend = orders[year == 2024].groupby("customer_id")["amount"].sum()
    right = lift(spend, **_POINTS)
    everyone = spend.reindex(shipped("customers")["customer_id"], fill_value=0.0)
    slips = [
        (right * 100, N_("that looks like a percentage; give the fraction (0.02 for 2 points)."), 1),
        (
            lift(spend, **(_POINTS | {"redemption_rate": 0.7})),
            N_("that uses the default redemption rate 0.7; the task sets 0.6."),
        ),
        (
            lift(spend, **(_POINTS | {"redemption_rate": 0.4})),
            N_("that uses a redemption rate of 0.4: 0.6 of the points are redeemed, 0.4 expire."),
        ),
        (
            lift(spend, **(_POINTS | {"spend_lift": 0.05})),
            N_("that uses the default spend lift 0.05; the task sets 0.04."),
        ),
        (
            lift(spend, **(_POINTS | {"running_cost": 0.0})),
            N_("the running cost of ¥15 per member is missing."),
        ),
        (
            lift(orders.groupby("customer_id")["amount"].sum(), **_POINTS),
            N_("that uses both years of orders; take the spend of 2024 only."),
        ),
        (
            lift(orders[year == 2023].groupby("customer_id")["amount"].sum(), **_POINTS),
            N_("that uses the spend of 2023; the task takes 2024."),
        ),
        (
            lift(orders.loc[year == 2024, "amount"], **_POINTS),
            N_(
                "that passes one amount per order; the programme needs each customer's total for the "
                "year (`groupby('customer_id')['amount'].sum()`)."
            ),
        ),
        (
            lift(orders.loc[year == 2024, "gross_amount"].groupby(orders["customer_id"]).sum(), **_POINTS),
            N_("that uses `gross_amount`, before discounts; the spend is the `amount` paid."),
        ),
        (
            lift(everyone, **_POINTS),
            N_(
                "that counts customers with no order in 2024 as members with ¥0 spend; take the "
                "customers who ordered in 2024."
            ),
        ),
    ]
    return right, slips


@task(
    "ch05.break_even_lift",
    N_("break-even retention lift of the points programme"),
    hints=[
        N_(
            "Take each customer's total `amount` in 2024 (customers who ordered in 2024), "
            "then call `loyalty.break_even_retention_lift` with the settings of the task."
        ),
        N_(
            "The settings: earn_rate=1, point_value=0.01, redemption_rate=0.6, margin=0.45, "
            "spend_lift=0.04, running_cost=15; the answer is a fraction (0.02 = 2 points), "
            "to three decimals."
        ),
    ],
)
def _break_even(answer):
    value = number_like(answer, "break_even")
    expected, slips = _break_even_values()
    judge_number(
        value,
        expected,
        slips=_translated(slips),
        name="break_even",
        decimals=3,
        close_hint=tr(
            "A setting slightly off the task's, or customers missing from the 2024 "
            "totals, would move the third decimal."
        ),
        far_hint=tr(
            "Pass each customer's 2024 total `amount` and the task's six settings to "
            "`loyalty.break_even_retention_lift`."
        ),
    )


# ------------------------------------------------------------------------------ 5.7
_REFERRAL = dict(
    share_referring=0.08,
    invites=4.0,
    accept_rate=0.25,
    first_order_rate=0.5,
    referrer_reward=200.0,
    newcomer_reward=200.0,
    vip_after=3,
    vip_cost=300.0,
    rounds=3,
)


@lru_cache(maxsize=1)
def _referral_values():
    from ..loyalty import referral_programme

    def per_customer(**changes):
        return referral_programme(
            5000, **(_REFERRAL | {"pay_after_first_order": True} | changes)
        ).cost_per_customer

    right = referral_programme(5000, pay_after_first_order=True, **_REFERRAL)
    table = right.table
    every_referrer = (
        float(table["reward_cost"].sum()) + float(table["referrers"].sum()) * 300.0
    ) / right.new_customers
    slips = [
        (
            per_customer(pay_after_first_order=False),
            N_(
                "that pays the rewards at sign-up, also for newcomers who never order; the "
                "programme pays only after the first order."
            ),
        ),
        (
            right.cost / float(table["signups"].sum()),
            N_("you divided by sign-ups; an acquired customer is one who placed a first order."),
        ),
        (right.cost, N_("that is the total cost; divide by the number of new customers."), -2),
        (
            float(table["reward_cost"].sum()) / right.new_customers,
            N_("the year-of-VIP bonus for referrers with 3+ successful referrals is missing."),
        ),
        (
            per_customer(newcomer_reward=0.0),
            N_("only one side is rewarded there: referrer and newcomer get ¥200 each."),
        ),
        (
            every_referrer,
            N_(
                "that gives every referrer the VIP year; only those with 3 or more successful referrals get it."
            ),
        ),
        (
            per_customer(vip_after=4),
            N_("that starts the VIP year at 4 referrals; 3 or more is enough (`vip_after=3`)."),
        ),
        (
            per_customer(invites=3.0),
            N_("that uses the default of 3 invitations per referrer; the task sets 4."),
        ),
        (
            per_customer(accept_rate=0.3),
            N_(
                "that uses a default rate (0.3 accepting, or 0.6 ordering); the task sets 25 % of "
                "invitations signing up and half of the sign-ups ordering."
            ),
        ),
        (
            -right.net_value / right.new_customers if right.new_customers else float("nan"),
            N_("that is cost minus value per customer; the task asks for the cost alone."),
        ),
        (
            right.value / right.new_customers - right.cost_per_customer,
            N_("that is the net value per customer; the task asks for the cost per customer."),
        ),
    ]
    return right.cost_per_customer, slips


@task(
    "ch05.referral_cost",
    N_("cost per new customer of the referral programme"),
    hints=[
        N_(
            "Call `loyalty.referral_programme(5000, ...)` with the task's settings and read "
            "`cost_per_customer` of the result."
        ),
        N_(
            "Rewards are paid only after the newcomer's first order: "
            "`pay_after_first_order=True`. Give the cost in CNY to the nearest yuan."
        ),
    ],
)
def _referral_cost(answer):
    value = number_like(answer, "referral_cost")
    expected, slips = _referral_values()
    judge_number(
        value,
        expected,
        slips=_translated(slips),
        name="referral_cost",
        decimals=0,
        unit=tr(" CNY"),
        close_hint=tr(
            "Did you round an intermediate number (the share of referrers reaching "
            "VIP, or a round's new customers)? Keep them unrounded."
        ),
        far_hint=tr(
            "Read `cost_per_customer` of `loyalty.referral_programme(5000, ...)` run "
            "with the task's settings."
        ),
    )


# ------------------------------------------------------------------------------ 5.8
ADVISORS, ACCOUNTS_EACH = 3, 40
SEATS = ADVISORS * ACCOUNTS_EACH
GONE_BELOW = 0.5  # p_alive under this: the customer has most likely stopped buying
VALUE_SHARE = 0.93  # of the CLV the same number of best accounts would hold


@lru_cache(maxsize=1)
def _accounts() -> pd.DataFrame:
    from ..churn import advisor_accounts

    return advisor_accounts(shipped("orders"), shipped("customers"), observation_end="2024-12-31")


_SEAT_WORDS = ("advisor", "adviser", "manager", "seat", "顾问", "专属", "经理", "person", "human")


def _seat_ids(answer) -> list[str]:
    """The trainee's answer as a list of customer ids given a seat: a list (or Index, array,
    set) of ids, a table whose index or `customer_id` column holds them, or a mapping
    id → "advisor" / "automation" (or True / False)."""
    if isinstance(answer, pd.DataFrame):
        if "customer_id" in answer.columns:
            return [str(x) for x in answer["customer_id"]]
        return [str(x) for x in answer.index]
    if isinstance(answer, pd.Series):
        keys = [str(k) for k in answer.index]
        if not set(keys) & set(_accounts().index):  # a Series of ids
            return _listed(answer.tolist())
        answer = dict(zip(keys, answer.tolist()))
    if isinstance(answer, dict):
        chosen = []
        for key, value in answer.items():
            if value is Ellipsis:
                raise NotAttempted()
            if isinstance(value, (bool, np.bool_)) or (
                isinstance(value, (int, np.integer)) and value in (0, 1)
            ):
                keep = bool(value)
            elif isinstance(value, str):
                keep = any(word in value.lower() for word in _SEAT_WORDS)
            else:
                raise Wrong(
                    tr(
                        "for {key} the value {value} says neither 'advisor' nor "
                        "'automation': give a list of the customer ids that get a seat."
                    ).format(key=repr(key), value=repr(value))
                )
            if keep:
                chosen.append(str(key))
        return chosen
    if isinstance(answer, (str, bytes)) or np.isscalar(answer):
        raise Wrong(
            tr(
                "advisor_seats should be a list of customer ids (e.g. ['C00031', ...]); you gave a {kind}."
            ).format(kind=type(answer).__name__)
        )
    try:
        values = list(answer)
    except TypeError:
        raise Wrong(
            tr("advisor_seats should be a list of customer ids; you gave a {kind}.").format(
                kind=type(answer).__name__
            )
        ) from None
    return _listed(values)


def _listed(values) -> list[str]:
    if any(v is Ellipsis for v in values):
        raise NotAttempted()
    if values and all(isinstance(v, (bool, np.bool_)) for v in values):
        accounts = _accounts()
        if len(values) != len(accounts):
            raise Wrong(
                tr(
                    "a list of {values} True/False values cannot be matched to the "
                    "{accounts:,} accounts: give the customer ids that get a seat."
                ).format(values=len(values), accounts=len(accounts))
            )
        return [str(i) for i, v in zip(accounts.index, values) if v]
    return [str(v) for v in values]


def _gone_note(k: int) -> str:
    """The sentence that names how many chosen accounts have most likely stopped buying."""
    if k == 1:
        return tr("1 of your accounts has most likely stopped buying (p_alive below {threshold}).").format(
            threshold=GONE_BELOW
        )
    return tr("{count} of your accounts have most likely stopped buying (p_alive below {threshold}).").format(
        count=k, threshold=GONE_BELOW
    )


def _overlap(picked: set, score: pd.Series, n: int) -> float:
    return len(picked & set(score.nlargest(n).index)) / max(n, 1)


@task(
    "ch05.advisor_seats",
    N_("one-to-one advisor seats by the value still to come"),
    hints=[
        N_(
            "A seat is worth most where the value still to come is largest: look at "
            "`clv_12m`, not at what a customer has already spent, and leave out customers who "
            "have most likely stopped buying (`p_alive` below 0.5)."
        ),
        N_(
            "Use the capacity — 3 advisors × 40 accounts = 120 seats, no more and not many "
            "fewer — and give the seats to the live accounts with the largest `clv_12m`."
        ),
        N_(
            "`accounts[accounts['p_alive'] >= 0.5]['clv_12m'].nlargest(SEATS).index` gives "
            "such a list; write your reasons in the cell below."
        ),
    ],
)
def _advisor_seats(answer):
    accounts = _accounts()
    ids = _seat_ids(answer)
    if not ids:
        raise Wrong(tr("no customer got a seat: list the customer ids that get a one-to-one advisor."))
    if len(set(ids)) != len(ids):
        raise Wrong(tr("some customers appear more than once: one seat per customer."))
    unknown = [i for i in ids if i not in accounts.index]
    if unknown:
        if all(i.lstrip("-").isdigit() for i in unknown):
            raise Wrong(
                tr(
                    "those look like row positions, not customer ids: give the index of "
                    "`accounts` (ids such as 'C00031')."
                )
            )
        raise Wrong(
            tr(
                "{unknown} of your ids are not among the accounts (e.g. "
                "{example}): choose from the index of `accounts`."
            ).format(unknown=len(unknown), example=repr(unknown[0]))
        )
    picked = set(ids)
    n = len(ids)
    if n > SEATS:
        raise Wrong(
            tr(
                "{n} accounts for {seats} seats ({advisors} advisors × {each} "
                "accounts): over capacity. An advisor with more accounts than they can "
                "serve gives nobody the one-to-one service; choose the best {seats}."
            ).format(n=n, seats=SEATS, advisors=ADVISORS, each=ACCOUNTS_EACH)
        )
    chosen = accounts.loc[ids]
    live = accounts[accounts["p_alive"] >= GONE_BELOW]
    gone = chosen[chosen["p_alive"] < GONE_BELOW]
    gone_note = f" {_gone_note(len(gone))}" if len(gone) else ""
    banked = max(
        _overlap(picked, table[column], n)
        for table in (accounts, live)
        for column in ("spend_to_date", "orders")
    )
    if banked >= 0.6 and _overlap(picked, accounts["clv_12m"], n) < banked:
        raise Wrong(
            tr(
                "those are the biggest customers so far, by spend or by orders: what is "
                "already banked does not come back because of an advisor. Give the seats "
                "by the value still to come, `clv_12m`."
            )
            + gone_note
        )
    best = accounts["clv_12m"].nlargest(n).sum()
    share = float(chosen["clv_12m"].sum() / best) if best > 0 else 0.0
    platinum = int((chosen["membership_tier"] == "platinum").sum())
    if platinum >= 0.9 * n and (share < VALUE_SHARE or len(gone)):
        raise Wrong(
            tr(
                "{platinum} of your {n} accounts are platinum (白金卡): a membership tier "
                "records past spend, and some members of lower tiers have more value to "
                "come. Rank by `clv_12m`."
            ).format(platinum=platinum, n=n)
            + gone_note
        )
    if len(gone):
        example = gone.sort_values("p_alive").iloc[0]
        if len(gone) == 1:
            message = tr(
                "1 of your accounts has most likely stopped buying (p_alive "
                "below {threshold}; e.g. {customer}, last order "
                "{days} days ago): an advisor cannot "
                "serve a customer who has gone — win-back is a retention call (section 5.7), not "
                "a seat."
            )
        else:
            message = tr(
                "{count} of your accounts have most likely stopped buying (p_alive "
                "below {threshold}; e.g. {customer}, last order "
                "{days} days ago): an advisor cannot "
                "serve a customer who has gone — win-back is a retention call (section 5.7), not "
                "a seat."
            )
        raise Wrong(
            message.format(
                count=len(gone),
                threshold=GONE_BELOW,
                customer=example.name,
                days=int(example["days_since_last_order"]),
            )
        )
    if n < 0.9 * SEATS:
        raise Wrong(
            tr(
                "only {n} of the {seats} seats are used: the advisors are already paid "
                "for, so an idle seat is value left on the table — fill it with the next "
                "most valuable live account."
            ).format(n=n, seats=SEATS)
        )
    if share >= VALUE_SHARE:
        return tr(
            "Your {n} accounts hold ¥{clv:,.0f} of next year's CLV. "
            "Now write why, and what the other customers get."
        ).format(n=n, clv=chosen["clv_12m"].sum())
    rules = [
        (
            accounts["p_alive"],
            N_(
                "p_alive alone puts first customers with a single purchase "
                "(BG/NBD gives them p_alive 1) — alive, but worth little. Use "
                "p_alive to leave out the gone, and rank by `clv_12m`."
            ),
        ),
        (
            1 - accounts["p_alive"],
            N_(
                "those are the customers likeliest to have left: a seat is "
                "for the value still to come, not a rescue call."
            ),
        ),
        (
            (1 - accounts["p_alive"]) * accounts["clv_12m"],
            N_(
                "that is a retention list (risk × value, section 5.7): rescue calls go there; an advisor "
                "seat goes to the largest value still to come, `clv_12m`."
            ),
        ),
        (
            -accounts["days_since_last_order"],
            N_("those are the most recent buyers; a recent single purchase is not a large future value."),
        ),
    ]
    for score, message in rules:
        if _overlap(picked, score, n) >= 0.6:
            raise Wrong(tr(message))
    raise Wrong(
        tr(
            "your {n} accounts hold {share:.0%} of the 12-month CLV that the {n} most "
            "valuable live accounts would hold: give the seats by the value still to come "
            "(`clv_12m`)."
        ).format(n=n, share=share)
    )
