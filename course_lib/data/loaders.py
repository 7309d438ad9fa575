"""Loaders for every shipped table: types parsed, schema checked (data layer).

Part of :mod:`course_lib.data`. ``load_customers()``, ``load_orders()``, ``load_touchpoints()``,
``load_tickets()``, ``load_surveys()``, ``load_loyalty()``, ``load_campaigns()`` and
``load_followups()`` read ``datasets/<table>.csv`` (found beside the ``course_lib`` package,
:data:`course_lib.course.DATASETS`, so the course works from any folder) and check each
against its schema in :mod:`course_lib.data.schema`: ids stay strings ("00042" keeps its
zeros), dates become Timestamps, flags booleans, amounts floats. Bad contents raise
:class:`~course_lib.validation.CourseDataError` naming the table, the column, the first bad
row and what was expected. :func:`load_cdnow` reads the real CDNOW sample (chapter 5).
Every chapter starts with these loaders.

Examples
--------
>>> from course_lib.data import load_orders
>>> orders = load_orders()
>>> orders["customer_id"].iloc[0], orders["order_date"].dtype.kind
('C00139', 'M')
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np
import pandas as pd

from ..course import DATASETS
from ..validation import CourseDataError
from .schema import CDNOW_COLUMNS, TABLES, Column

__all__ = [
    "validate_table",
    "load_table",
    "load_customers",
    "load_orders",
    "load_touchpoints",
    "load_tickets",
    "load_surveys",
    "load_loyalty",
    "load_campaigns",
    "load_followups",
    "load_cdnow",
]


def validate_table(
    frame: pd.DataFrame, name: str, columns: Sequence[Column] | None = None, *, key: str | None = None
) -> pd.DataFrame:
    """Check a raw table against its schema and return it with parsed types.

    Raises :class:`CourseDataError` naming the table and column for a missing column,
    an empty table, missing or duplicated ids, unparseable dates, text where numbers
    belong, a non-boolean flag or a negative amount.

    Examples
    --------
    >>> raw = pd.DataFrame({"order_id": ["O1", "O1"], "customer_id": ["C1", "C2"],
    ...     "order_date": ["2024-01-02", "2024-01-03"], "channel": ["app", "app"],
    ...     "category": ["shoes", "shoes"], "gross_amount": [10.0, 5.0], "discount": [0.0, 0.0],
    ...     "amount": [10.0, 5.0]})
    >>> validate_table(raw, "orders")
    Traceback (most recent call last):
    ...
    course_lib.validation.CourseDataError: `orders["order_id"]` has 1 duplicated id(s), first 'O1' at row 1; every order_id must be unique.
    """
    if not isinstance(frame, pd.DataFrame):
        raise TypeError(f"`{name}` must be a pandas DataFrame; got {type(frame).__name__}.")
    if columns is None:
        if name not in TABLES:
            raise CourseDataError(f"`name` must be one of {sorted(TABLES)}; got {name!r}.")
        columns = TABLES[name]["columns"]
        key = TABLES[name]["key"]
    missing = [c.name for c in columns if c.name not in frame.columns]
    if missing:
        raise CourseDataError(
            f"`{name}` lacks column(s) {missing}; it has {list(map(str, frame.columns))}. "
            "Regenerate the data with `make data` or restore the file."
        )
    if frame.empty:
        raise CourseDataError(f"`{name}` is empty; it needs at least one row.")
    out = {}
    for col in columns:
        values = frame[col.name]
        where = f'`{name}["{col.name}"]`'
        if not col.nullable and values.isna().any():
            row = int(np.flatnonzero(values.isna().to_numpy())[0])
            raise CourseDataError(
                f"{where} has {int(values.isna().sum())} missing value(s), first at row {row}; "
                f"every row needs a {col.name}."
            )
        if col.kind in ("id", "str"):
            parsed = (
                values.astype("string").astype(object).where(values.notna(), None)
                if col.nullable
                else values.astype(str)
            )
        elif col.kind in ("date", "datetime"):
            parsed = pd.to_datetime(values, errors="coerce", format="ISO8601")
            bad = parsed.isna() & values.notna()
            if bad.any():
                row = int(np.flatnonzero(bad.to_numpy())[0])
                raise CourseDataError(
                    f"{where} has a value that is not a date: {values.iloc[row]!s} at row {row}; "
                    "expected dates such as 2024-03-01."
                )
        elif col.kind in ("int", "float"):
            parsed = pd.to_numeric(values, errors="coerce")
            bad = parsed.isna() & values.notna()
            if bad.any():
                row = int(np.flatnonzero(bad.to_numpy())[0])
                raise CourseDataError(f"{where} must hold numbers; found {values.iloc[row]!s} at row {row}.")
            if col.kind == "int":
                parsed = parsed.astype("Int64") if col.nullable else parsed.astype("int64")
            if col.unit == "CNY" or col.unit == "USD":
                if (parsed < 0).any():
                    row = int(np.flatnonzero((parsed < 0).to_numpy())[0])
                    raise CourseDataError(
                        f"{where} has {int((parsed < 0).sum())} negative value(s), first at row "
                        f"{row} ({parsed.iloc[row]!s}); amounts cannot be negative."
                    )
        elif col.kind == "bool":
            if pd.api.types.is_bool_dtype(values):
                parsed = values.astype(bool)
            else:
                text = values.astype(str).str.strip().str.lower()
                mapping = {"true": True, "false": False, "1": True, "0": False}
                if not text.isin(list(mapping)).all():
                    row = int(np.flatnonzero(~text.isin(list(mapping)).to_numpy())[0])
                    raise CourseDataError(
                        f"{where} must hold True/False; found {values.iloc[row]!s} at row {row}."
                    )
                parsed = text.map(mapping).astype(bool)
        else:  # pragma: no cover - schema typo
            raise AssertionError(col.kind)
        out[col.name] = parsed
    table = pd.DataFrame(out, index=frame.index)
    if key is not None:
        dup = table[key].duplicated()
        if dup.any():
            row = int(np.flatnonzero(dup.to_numpy())[0])
            raise CourseDataError(
                f'`{name}["{key}"]` has {int(dup.sum())} duplicated id(s), first '
                f"{table[key].iloc[row]!r} at row {row}; every {key} must be unique."
            )
    return table.reset_index(drop=True)


def load_table(name: str, *, folder: str | Path | None = None) -> pd.DataFrame:
    """Load one shipped table by name, with parsed types and a checked schema.

    Parameters
    ----------
    name : str
        A table of :data:`~course_lib.data.schema.TABLES`, e.g. ``"orders"``.
    folder : str or Path, optional
        Where the CSV files are; default the course's ``datasets/``.

    Returns
    -------
    pandas.DataFrame
        The table, ids as strings, dates as Timestamps, flags as booleans.

    Examples
    --------
    >>> load_table("orders").columns.tolist()
    ['order_id', 'customer_id', 'order_date', 'channel', 'category', 'gross_amount', 'discount', 'amount']
    """
    if name not in TABLES:
        raise CourseDataError(f"`name` must be one of {sorted(TABLES)}; got {name!r}.")
    path = Path(folder or DATASETS) / f"{name}.csv"
    if not path.exists():
        raise CourseDataError(
            f"the {name} table is missing ({path.name} not in datasets/); "
            "run `make data` to regenerate the course data."
        )
    raw = pd.read_csv(path, dtype=str, keep_default_na=False, na_values=[""])
    return validate_table(raw, name)


def _loader(name: str, summary: str, example: str) -> Callable[[], pd.DataFrame]:
    """``load_<name>()``: one shipped table through :func:`load_table`, with its own docstring."""

    def load() -> pd.DataFrame:
        return load_table(name)

    load.__name__ = load.__qualname__ = f"load_{name}"
    load.__doc__ = f"""{summary}

    Returns
    -------
    pandas.DataFrame
        ``datasets/{name}.csv`` with the columns of ``TABLES["{name}"]`` (see
        ``datasets/README.md``), types parsed and the schema checked; a missing or
        malformed file raises :class:`CourseDataError`.

    Examples
    --------
    {example}
    """
    return load


load_customers = _loader(
    "customers",
    "Customers (客户): demographics, city tier, sign-up, membership tier, consent flags.",
    """>>> customers = load_customers()
    >>> len(customers), customers["customer_id"].iloc[0]
    (5000, 'C00001')""",
)
load_orders = _loader(
    "orders",
    "Orders (订单): one row per order with date, channel, category, price and discount.",
    """>>> load_orders()["amount"].dtype
    dtype('float64')""",
)
load_touchpoints = _loader(
    "touchpoints",
    "Touchpoint events (触点事件) of customer journeys, with ratings and the outcome.",
    """>>> load_touchpoints()["stage"].nunique()
    8""",
)
load_tickets = _loader(
    "tickets",
    "Service tickets (服务工单): complaints with response times, CSAT, text and sentiment.",
    """>>> sorted(load_tickets()["language"].unique())
    ['en', 'zh']""",
)
load_surveys = _loader(
    "surveys",
    "Surveys (满意度调查): NPS question (0–10), satisfaction (0–100) and CSAT (1–5).",
    """>>> bool(load_surveys()["nps"].between(0, 10).all())
    True""",
)
load_loyalty = _loader(
    "loyalty",
    "The loyalty ledger (积分流水): points earned, redeemed, expired, and tier changes.",
    """>>> sorted(load_loyalty()["kind"].unique())
    ['earn', 'expire', 'redeem', 'tier_change']""",
)
load_campaigns = _loader(
    "campaigns",
    "Campaign contacts (营销触达), treatment and control, with response and conversion.",
    """>>> sorted(load_campaigns()["group"].unique())
    ['control', 'treatment']""",
)
load_followups = _loader(
    "followups",
    "The follow-up log (回访记录): channel, purpose and whether the customer answered.",
    """>>> sorted(load_followups()["purpose"].unique())
    ['maintenance', 'onboarding', 'vip_care']""",
)


def load_cdnow() -> pd.DataFrame:
    """The real CDNOW sample: 6,919 purchases of 2,357 customers, 1997-01 to 1998-06.

    Distributed by Peter Fader and Bruce Hardie for research and teaching (see
    ``datasets/cdnow/README.md``). ``customer_id`` is the id within the sample.

    Returns
    -------
    pandas.DataFrame
        One row per purchase: ``customer_id``, ``master_id``, ``date``, ``cds`` (CDs bought)
        and ``amount`` (USD).

    Examples
    --------
    >>> cdnow = load_cdnow()
    >>> len(cdnow), cdnow["customer_id"].nunique()
    (6919, 2357)
    """
    path = DATASETS / "cdnow" / "CDNOW_sample.txt"
    if not path.exists():
        raise CourseDataError(
            "the CDNOW sample is missing (datasets/cdnow/CDNOW_sample.txt); "
            "restore it from the course repository."
        )
    raw = pd.read_csv(
        path, sep=r"\s+", header=None, dtype=str, names=["master_id", "customer_id", "date", "cds", "amount"]
    )
    raw["date"] = pd.to_datetime(raw["date"], format="%Y%m%d", errors="coerce").dt.strftime("%Y-%m-%d")
    table = validate_table(raw, "cdnow", CDNOW_COLUMNS)
    return table[["customer_id", "master_id", "date", "cds", "amount"]]
