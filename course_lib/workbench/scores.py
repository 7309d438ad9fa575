"""Each customer's churn probability and 12-month CLV on a day: the models of chapter 5.

The 360 view shows both for the customer looked up. Fitting them needs every customer and
scikit-learn (a logistic churn model) and scipy (BG/NBD and Gamma-Gamma), which take a few
seconds in a fresh kernel, most of it importing the libraries. So the scores of the course's
own day (``course_lib.data.AS_OF``) are computed once where the data are written
(``make data`` → :func:`write_scores`) and shipped as ``datasets/scores.csv``; the trainee's
first look-up reads them in milliseconds. Any other day is fitted on first use and cached.

``tests/test_workbench_360.py`` refits the shipped day and checks the file against it, so a
change of data or models that is not written back fails the suite.

Examples
--------
>>> scores = shipped_scores()
>>> list(scores.columns)
['churn_probability', 'clv_12m']
>>> bool(scores["churn_probability"].between(0, 1).all())
True
"""

from __future__ import annotations

import warnings
from pathlib import Path

import pandas as pd

from ..language import tr
from .tables import table

__all__ = ["MARGIN", "CHURN_HORIZON_DAYS", "compute_scores", "shipped_scores", "write_scores", "SCORES_FILE"]

#: Gross margin used for CLV, as in chapter 5 (course design).
MARGIN = 0.45
#: Horizon of the churn label and of the model's training window, in days (as chapter 5).
CHURN_HORIZON_DAYS = 180
#: Name of the shipped scores of ``AS_OF`` in ``datasets/``.
SCORES_FILE = "scores.csv"
#: Digits kept in the file: far below what the view shows (a percent, whole yuan).
_DIGITS = {"churn_probability": 6, "clv_12m": 2}


def compute_scores(day: pd.Timestamp) -> tuple[pd.DataFrame, str]:
    """Fit chapter 5's churn and CLV models on what was known before ``day`` and score everyone.

    Returns a DataFrame indexed by ``customer_id`` with ``churn_probability`` and ``clv_12m``
    (empty when the data before ``day`` are too short to train on) and a note saying why
    no score is possible, or ``""``.
    """
    from .. import churn, clv

    orders = table("orders")
    known = orders.loc[orders["order_date"] < day]
    # train on labels that are complete by `day`: the window must end where the known orders do
    observed_to = known["order_date"].max() + pd.Timedelta(days=1) if len(known) else day
    train_day = observed_to - pd.Timedelta(days=CHURN_HORIZON_DAYS)
    empty = pd.DataFrame(
        {"churn_probability": pd.Series(dtype=float), "clv_12m": pd.Series(dtype=float)}
    ).rename_axis("customer_id")
    if known.empty or not (orders["order_date"] < train_day).any():
        note = tr("no prediction: the models need orders from {days} days before {day}")
        return empty, note.format(days=CHURN_HORIZON_DAYS, day=day.date())
    extra = dict(
        customers=table("customers"),
        loyalty=table("loyalty"),
        tickets=table("tickets"),
        surveys=table("surveys"),
    )
    x_train = churn.churn_features(orders, as_of=train_day, **extra)
    y_train = churn.churn_label(known, as_of=train_day, horizon_days=CHURN_HORIZON_DAYS)
    x_now = churn.churn_features(orders, as_of=day, **extra)
    from sklearn.exceptions import ConvergenceWarning

    with warnings.catch_warnings():
        # scikit-learn's solver chatter ("lbfgs failed to converge") must not reach the
        # 360 screen; every other warning does, course_lib's own (an unreliable BG/NBD fit) included
        warnings.filterwarnings("ignore", category=ConvergenceWarning, module=r"sklearn\.")
        model = churn.churn_model(seed=0).fit(x_train, y_train.reindex(x_train.index).astype(int))
        probability = pd.Series(model.predict_proba(x_now)[:, 1], index=x_now.index)
        summary = clv.summarize(
            known,
            customer="customer_id",
            date="order_date",
            amount="amount",
            observation_end=day - pd.Timedelta(days=1),
        )
        value = clv.forecast_value(summary, months=12, margin=MARGIN)["clv"]
    scores = pd.DataFrame({"churn_probability": probability, "clv_12m": value})
    scores.index.name = "customer_id"
    return scores.sort_index().round(_DIGITS), ""


def _scores_path(folder=None) -> Path:
    from ..course import DATASETS

    return Path(folder if folder is not None else DATASETS) / SCORES_FILE


def shipped_scores(folder=None) -> pd.DataFrame:
    """The shipped scores of ``course_lib.data.AS_OF`` (``datasets/scores.csv``), by customer."""
    return pd.read_csv(_scores_path(folder), dtype={"customer_id": str}, index_col="customer_id")


def write_scores(folder=None) -> Path:
    """Fit the models for ``course_lib.data.AS_OF`` and write ``scores.csv`` (``make data``)."""
    from ..data import AS_OF

    scores, note = compute_scores(AS_OF)
    if note:
        raise RuntimeError(note)
    path = _scores_path(folder)
    scores.to_csv(path, lineterminator="\n")
    return path
