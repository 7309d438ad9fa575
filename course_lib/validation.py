"""Input validation shared by every course_lib module (data layer).

Every function here raises :class:`CourseDataError` (a ``ValueError``) when the *contents*
of an argument are wrong, naming the argument or column, what was found and what is
expected, and ``TypeError`` when the argument is not the right kind of object at all.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import numpy as np
import pandas as pd

#: What a "vector" argument may be: a list, a numpy array or a pandas Series (DESIGN.md §3).
Vector = Sequence[float] | np.ndarray | pd.Series

__all__ = [
    "Vector",
    "CourseDataError",
    "NotFittedError",
    "require_frame",
    "require_columns",
    "require_non_empty",
    "require_no_missing",
    "require_unique",
    "require_non_negative",
    "require_numeric",
    "to_timestamp",
    "to_datetime_column",
    "to_vector",
    "make_rng",
    "seed_int",
    "require_field",
    "plain",
    "require_number",
    "require_whole",
    "require_fraction",
]


class CourseDataError(ValueError):
    """Bad input to a course function: the message names the argument or column,
    what was found and what is expected."""


class NotFittedError(CourseDataError, AttributeError):
    """A model's results were asked for before ``fit`` was called."""


def _names(values: Iterable) -> str:
    return "[" + ", ".join(repr(str(v)) for v in values) + "]"


def require_frame(obj, arg: str) -> pd.DataFrame:
    """Return ``obj`` if it is a DataFrame, else raise ``TypeError`` naming ``arg``.

    Examples
    --------
    >>> require_frame([1, 2], "orders")
    Traceback (most recent call last):
    ...
    TypeError: `orders` must be a pandas DataFrame; got list.
    """
    if not isinstance(obj, pd.DataFrame):
        raise TypeError(f"`{arg}` must be a pandas DataFrame; got {type(obj).__name__}.")
    return obj


def require_columns(frame: pd.DataFrame, columns: Sequence[str], arg: str) -> None:
    """Raise ``CourseDataError`` if ``frame`` lacks any of ``columns``.

    Examples
    --------
    >>> frame = pd.DataFrame({"customer_id": ["a"], "order_date": ["2024-01-01"]})
    >>> require_columns(frame, ["customer_id", "amount"], "orders")
    Traceback (most recent call last):
    ...
    course_lib.validation.CourseDataError: `orders` lacks column(s) ['amount']; it has ['customer_id', 'order_date']. Rename the columns or pass their names as arguments.
    """
    require_frame(frame, arg)
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise CourseDataError(
            f"`{arg}` lacks column(s) {_names(missing)}; it has {_names(frame.columns)}. "
            "Rename the columns or pass their names as arguments."
        )


def require_non_empty(frame: pd.DataFrame, arg: str) -> None:
    """Raise ``CourseDataError`` if ``frame`` has no rows."""
    if len(frame) == 0:
        raise CourseDataError(f"`{arg}` is empty; expected at least one row.")


def _first_row(mask: pd.Series) -> str:
    pos = int(np.flatnonzero(np.asarray(mask))[0])
    return str(mask.index[pos])


def require_no_missing(frame: pd.DataFrame, column: str, arg: str) -> None:
    """Raise ``CourseDataError`` if ``frame[column]`` has missing values."""
    mask = frame[column].isna()
    if mask.any():
        raise CourseDataError(
            f'`{arg}["{column}"]` has {int(mask.sum())} missing value(s), first at row '
            f"{_first_row(mask)}; every row needs a value."
        )


def require_unique(frame: pd.DataFrame, column: str, arg: str) -> None:
    """Raise ``CourseDataError`` if ``frame[column]`` repeats a value."""
    dup = frame[column].duplicated()
    if dup.any():
        first = frame[column][dup].iloc[0]
        raise CourseDataError(
            f'`{arg}["{column}"]` has {int(dup.sum())} duplicate value(s), first {first!s} '
            f"at row {_first_row(dup)}; each {column} must appear once."
        )


def require_numeric(frame: pd.DataFrame, column: str, arg: str) -> pd.Series:
    """Return ``frame[column]`` as float, or raise naming the first non-number."""
    values = frame[column]
    if pd.api.types.is_bool_dtype(values) or not pd.api.types.is_numeric_dtype(values):
        converted = pd.to_numeric(values, errors="coerce")
        bad = converted.isna() & values.notna()
        if bad.any() or pd.api.types.is_bool_dtype(values):
            where = _first_row(bad) if bad.any() else str(values.index[0])
            found = values[bad].iloc[0] if bad.any() else values.iloc[0]
            raise CourseDataError(
                f'`{arg}["{column}"]` must hold numbers; found {found!s} '
                f"({type(found).__name__}) at row {where}."
            )
        values = converted
    return values.astype(float)


def require_non_negative(values: pd.Series, column: str, arg: str) -> None:
    """Raise ``CourseDataError`` if any value is negative."""
    neg = values < 0
    if neg.any():
        raise CourseDataError(
            f'`{arg}["{column}"]` has {int(neg.sum())} negative value(s), first at row '
            f"{_first_row(neg)} ({values[neg].iloc[0]!s}); expected values ≥ 0."
        )


def to_timestamp(value, arg: str) -> pd.Timestamp:
    """Parse a date argument (a string such as ``"1997-09-30"`` or a Timestamp).

    Examples
    --------
    >>> to_timestamp("1997-09-30", "as_of")
    Timestamp('1997-09-30 00:00:00')
    >>> to_timestamp("30/30/1997", "as_of")
    Traceback (most recent call last):
    ...
    course_lib.validation.CourseDataError: `as_of` must be a date such as "2024-06-30"; got '30/30/1997'.
    """
    if value is None or (isinstance(value, float) and np.isnan(value)):
        raise CourseDataError(f'`{arg}` must be a date such as "2024-06-30"; got {value!r}.')
    try:
        ts = pd.Timestamp(value)
    except (ValueError, TypeError):
        raise CourseDataError(f'`{arg}` must be a date such as "2024-06-30"; got {value!r}.') from None
    if ts is pd.NaT:
        raise CourseDataError(f'`{arg}` must be a date such as "2024-06-30"; got {value!r}.')
    return ts


def to_datetime_column(frame: pd.DataFrame, column: str, arg: str) -> pd.Series:
    """Return ``frame[column]`` parsed as datetimes, naming the first unparseable value."""
    values = frame[column]
    if pd.api.types.is_datetime64_any_dtype(values):
        return values
    parsed = pd.to_datetime(values, errors="coerce", format="mixed")
    bad = parsed.isna() & values.notna()
    if bad.any():
        raise CourseDataError(
            f'`{arg}["{column}"]` has {int(bad.sum())} value(s) that are not dates, first '
            f"{values[bad].iloc[0]!s} at row {_first_row(bad)}; expected dates like 2024-06-30."
        )
    return parsed


def to_vector(values, arg: str, *, dtype=float) -> np.ndarray:
    """Convert a list, numpy array or pandas Series to a 1-D numpy array.

    Raises ``TypeError`` for scalars, strings, mappings and tables, and
    ``CourseDataError`` for contents that are not of ``dtype``.

    Examples
    --------
    >>> to_vector([1, 2, 3], "frequency")
    array([1., 2., 3.])
    >>> to_vector("abc", "frequency")
    Traceback (most recent call last):
    ...
    TypeError: `frequency` must be a list, numpy array or pandas Series; got str.
    """
    if isinstance(values, (str, bytes, dict, pd.DataFrame)) or np.isscalar(values) or values is None:
        raise TypeError(f"`{arg}` must be a list, numpy array or pandas Series; got {type(values).__name__}.")
    try:
        array = np.asarray(values, dtype=dtype)
    except (ValueError, TypeError):
        raise CourseDataError(f"`{arg}` must hold numbers; got {list(values)[:5]!s}…") from None
    if array.ndim != 1:
        raise CourseDataError(f"`{arg}` must be one-dimensional; got shape {array.shape}.")
    return array


# ------------------------------------------------------------------------------ scalars
# One policy for every public function: an argument of the wrong kind (text where a number
# belongs, a list where one number belongs) raises TypeError; a number of the right kind with
# a wrong value (negative, above 1, not whole, not finite) raises CourseDataError. Messages say
# argument · what is expected · what came, with plain Python values (2.5, not np.float64(2.5)).


def plain(value):
    """``value`` as a plain Python object for a message: numpy scalars become int/float/bool.

    Examples
    --------
    >>> plain(np.float64(2.5)), plain(np.int64(3)), plain("x")
    (2.5, 3, 'x')
    """
    return value.item() if isinstance(value, np.generic) else value


def _kind(value) -> str:
    value = plain(value)
    return f"{type(value).__name__} {value!r}"


def _is_real(value) -> bool:
    return isinstance(value, (int, float, np.integer, np.floating)) and not isinstance(
        value, (bool, np.bool_)
    )


def require_number(
    value, name: str, *, low=None, high=None, low_open: bool = False, high_open: bool = False
) -> float:
    """Return ``value`` as a finite float within the bounds, or raise naming ``name``.

    Parameters
    ----------
    value : object
        The argument as given.
    name : str
        The argument's name, shown in the message.
    low, high : float, optional
        Bounds; inclusive unless ``low_open`` / ``high_open``.

    Returns
    -------
    float

    Raises
    ------
    TypeError
        ``value`` is not a real number (text, a bool, a list …).
    CourseDataError
        ``value`` is NaN or infinite, or outside the bounds.

    Examples
    --------
    >>> require_number(np.int64(3), "margin")
    3.0
    >>> require_number(1.5, "margin", low=0, high=1)
    Traceback (most recent call last):
    ...
    course_lib.validation.CourseDataError: `margin` must be ≤ 1; got 1.5.
    >>> require_number("0.3", "margin")
    Traceback (most recent call last):
    ...
    TypeError: `margin` must be a number; got str '0.3'.
    """
    if not _is_real(value):
        raise TypeError(f"`{name}` must be a number; got {_kind(value)}.")
    number = float(value)
    if not np.isfinite(number):
        raise CourseDataError(f"`{name}` must be a finite number; got {number}.")
    if low is not None and (number < low or (low_open and number == low)):
        raise CourseDataError(
            f"`{name}` must be {'>' if low_open else '≥'} {plain(low)}; got {plain(value)}."
        )
    if high is not None and (number > high or (high_open and number == high)):
        raise CourseDataError(
            f"`{name}` must be {'<' if high_open else '≤'} {plain(high)}; got {plain(value)}."
        )
    return number


def require_whole(value, name: str, *, low=None, high=None) -> int:
    """Return ``value`` as an int within the bounds; whole floats such as ``3.0`` count.

    Raises ``TypeError`` for anything but a real number and ``CourseDataError`` for a number
    that is not whole or lies outside ``[low, high]``.

    Examples
    --------
    >>> require_whole(3.0, "months", low=1)
    3
    >>> require_whole(2.5, "months", low=1)
    Traceback (most recent call last):
    ...
    course_lib.validation.CourseDataError: `months` must be a whole number; got 2.5.
    >>> require_whole(0, "months", low=1)
    Traceback (most recent call last):
    ...
    course_lib.validation.CourseDataError: `months` must be ≥ 1; got 0.
    """
    number = require_number(value, name)
    if number != int(number):
        raise CourseDataError(f"`{name}` must be a whole number; got {plain(value)}.")
    whole = int(number)
    if low is not None and whole < low:
        raise CourseDataError(f"`{name}` must be ≥ {plain(low)}; got {whole}.")
    if high is not None and whole > high:
        raise CourseDataError(f"`{name}` must be ≤ {plain(high)}; got {whole}.")
    return whole


def require_fraction(value, name: str) -> float:
    """Return ``value`` as a float between 0 and 1 inclusive (a share, a rate, a probability).

    Examples
    --------
    >>> require_fraction(0.25, "retention")
    0.25
    >>> require_fraction(25, "retention")
    Traceback (most recent call last):
    ...
    course_lib.validation.CourseDataError: `retention` must be ≤ 1; got 25.
    """
    return require_number(value, name, low=0, high=1)


# -------------------------------------------------------------------------------- seeds
def seed_int(seed, name: str = "seed") -> int:
    """The one seed rule of the course: a whole number ≥ 0, or a numpy Generator to draw one from.

    Returns an int usable as scikit-learn's ``random_state`` or numpy's ``default_rng`` seed.

    Examples
    --------
    >>> seed_int(7)
    7
    >>> seed_int(-1)
    Traceback (most recent call last):
    ...
    course_lib.validation.CourseDataError: `seed` must be ≥ 0; got -1.
    """
    if isinstance(seed, np.random.Generator):
        return int(seed.integers(0, 2**31 - 1))
    if not isinstance(seed, (int, np.integer)) or isinstance(seed, (bool, np.bool_)):
        raise TypeError(f"`{name}` must be a whole number ≥ 0 or a numpy Generator; got {_kind(seed)}.")
    return require_whole(seed, name, low=0)


def make_rng(seed) -> np.random.Generator:
    """Return a numpy Generator from a seed (:func:`seed_int`'s rule) or pass a Generator through.

    Examples
    --------
    >>> make_rng(7).integers(0, 10, 3)
    array([9, 6, 6])
    """
    if isinstance(seed, np.random.Generator):
        return seed
    return np.random.default_rng(seed_int(seed))


def require_field(mapping, key: str, where: str, kind=str):
    """Return ``mapping[key]`` from a scenario or rule file, checked against ``kind``.

    ``kind`` is ``str`` (non-empty text), ``list`` (a non-empty list), ``int`` (a whole
    number) or ``None`` (anything). Messages name the field by its path in the file.

    Examples
    --------
    >>> require_field({"title": "Dormancy wake-up"}, "title", "rules.yaml")
    'Dormancy wake-up'
    >>> require_field({"title": ""}, "steps", "rules.yaml")
    Traceback (most recent call last):
    ...
    course_lib.validation.CourseDataError: `rules.yaml` lacks the field `steps`; it has ['title'].
    """
    if not isinstance(mapping, dict):
        raise CourseDataError(f"`{where}` must be a mapping of fields; got {type(mapping).__name__}.")
    if key not in mapping:
        raise CourseDataError(f"`{where}` lacks the field `{key}`; it has {sorted(map(str, mapping))}.")
    value = mapping[key]
    if kind is str and (not isinstance(value, str) or not value.strip()):
        raise CourseDataError(f"`{where}.{key}` must be non-empty text; got {value!r}.")
    if kind is list and (not isinstance(value, list) or not value):
        raise CourseDataError(f"`{where}.{key}` must be a non-empty list; got {value!r}.")
    if kind is int and (isinstance(value, bool) or not isinstance(value, int)):
        raise CourseDataError(f"`{where}.{key}` must be a whole number; got {value!r}.")
    return value
