"""Privacy tools for customer data: pseudonymisation, k-anonymity, consent, minimisation
(analytics layer).

Taught in chapter 6 (``notebooks/06_future_implementation.ipynb``, section 6.3). The
sources warn that collecting more than needed creates legal risk and ask for
anonymisation, compliant storage and telling customers how their data are used; they name the
EU's GDPR, and the course adds China's Personal Information Protection Law (PIPL), which asks
the same in Chinese law. This
module gives the four everyday tools a CRM analyst needs before data leave their hands:

- **Pseudonymisation** (:func:`pseudonymise`, :func:`pseudonymise_columns`): an identifier
  is replaced by HMAC-SHA256 of the identifier under a secret *salt* (the HMAC key). The same
  id under the same salt always gives the same code, so tables still join; without the salt
  nobody can recompute a code from a guessed id, and a code cannot be turned back into the
  id. A plain, unsalted hash is *not* enough: phone numbers and customer ids are so few that
  an attacker hashes them all and looks the codes up. Pseudonymised data are still personal
  data under PIPL and GDPR — whoever holds the salt can re-link them — so keep the salt
  apart from the data (a key vault), and use a different salt per recipient so two
  releases cannot be joined with each other.
- **k-anonymity** (:func:`k_anonymity`, :func:`age_band`, :func:`generalise`,
  :func:`suppress`): a table is *k-anonymous* on its quasi-identifiers (columns that are not
  names but together can single a person out: gender, birth date, city …) when every
  combination of their values is shared by at least *k* rows (an *equivalence class*). The
  check reports the smallest class and the rows in classes below the required k; coarser
  values (age bands instead of birth dates, city tier instead of city) and removing the
  rare rows fix it. k-anonymity protects against singling out, not against everything (a
  class whose members all share a sensitive value still leaks it) — a first gate, not a
  guarantee.
- **Consent** (:func:`consent_column`, :func:`filter_by_consent`, :func:`consent_summary`):
  marketing goes only to customers who agreed to that channel; a customer without a consent
  record counts as not consenting.
- **Minimisation** (:func:`minimise`, :data:`PURPOSES`): each purpose gets only the
  columns it needs.

The tools explain principles; they are not legal advice.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from .validation import (
    CourseDataError,
    require_columns,
    require_frame,
    require_no_missing,
    require_whole,
    to_timestamp,
)

__all__ = [
    "CHANNELS",
    "DIRECT_IDENTIFIERS",
    "QUASI_IDENTIFIERS",
    "PURPOSES",
    "pseudonymise",
    "pseudonymise_columns",
    "KAnonymityReport",
    "equivalence_classes",
    "k_anonymity",
    "age_band",
    "generalise",
    "suppress",
    "consent_column",
    "filter_by_consent",
    "consent_summary",
    "minimise",
]

#: Contact channels with a consent flag in the customer table (``consent_<channel>``).
CHANNELS = ("sms", "email", "wechat", "phone")
#: Columns of the customer table that name a person directly.
DIRECT_IDENTIFIERS = ("customer_id", "name", "phone")
#: Columns that, combined, can single a person out.
QUASI_IDENTIFIERS = ("gender", "birth_date", "city", "city_tier", "signup_date")
#: The columns each purpose needs (course design): everything else stays behind.
PURPOSES = {
    "sms_campaign": ("customer_id", "phone", "consent_sms"),
    "wechat_campaign": ("customer_id", "consent_wechat", "membership_tier"),
    "analytics_release": ("customer_id", "gender", "birth_date", "city_tier", "membership_tier"),
    "service_callback": ("customer_id", "name", "phone", "consent_phone"),
}

_MIN_SALT_BYTES = 16


# ----------------------------------------------------------------------- pseudonymisation
def _salt_bytes(salt) -> bytes:
    if isinstance(salt, str):
        key = salt.encode("utf-8")
    elif isinstance(salt, bytes):
        key = salt
    else:
        raise TypeError(f"`salt` must be a str or bytes secret; got {type(salt).__name__}.")
    if len(key) < _MIN_SALT_BYTES:
        raise CourseDataError(
            f"`salt` has {len(key)} bytes; use a secret of at least {_MIN_SALT_BYTES}, e.g. "
            "secrets.token_hex(16), and keep it apart from the data."
        )
    return key


def _digest(key: bytes, value, length: int) -> str:
    return hmac.new(key, str(value).encode("utf-8"), hashlib.sha256).hexdigest()[:length]


def pseudonymise(values, *, salt, length: int = 16):
    """Replace identifiers by salted, stable, irreversible codes (HMAC-SHA256).

    Parameters
    ----------
    values : pandas.Series, list or numpy array
        Identifiers (customer ids, phone numbers …); each is read as text, so ``42`` and
        ``"42"`` get the same code.
    salt : str or bytes
        The secret key of the HMAC, at least 16 bytes. Same salt → same codes, so tables
        pseudonymised with it still join; a different salt per recipient keeps releases
        apart. Losing the salt makes the codes unlinkable for everyone.
    length : int
        Hex characters kept of the 64 (8–64). 16 characters (64 bits) make a collision
        among a million ids about a one-in-37-million event.

    Returns
    -------
    pandas.Series or list
        A Series with the same index (and name) for a Series, else a list of codes.

    Examples
    --------
    >>> pseudonymise(["C00001", "C00002", "C00001"], salt="course-demo-salt-2025")
    ['65c47846948d179d', '99f547bdd7944984', '65c47846948d179d']
    >>> codes = pseudonymise(["C00001", "C00002", "C00001"], salt="course-demo-salt-2025")
    >>> codes[0] == codes[2], codes[0] == codes[1], len(codes[0])
    (True, False, 16)
    >>> pseudonymise(["C00001"], salt="short")
    Traceback (most recent call last):
    ...
    course_lib.validation.CourseDataError: `salt` has 5 bytes; use a secret of at least 16, e.g. secrets.token_hex(16), and keep it apart from the data.
    """
    key = _salt_bytes(salt)
    length = require_whole(length, "length", low=8, high=64)  # hex characters
    if isinstance(values, (str, bytes, dict, pd.DataFrame)) or np.isscalar(values) or values is None:
        raise TypeError(
            "`values` must be a list, numpy array or pandas Series of identifiers; "
            f"got {type(values).__name__}."
        )
    series = values if isinstance(values, pd.Series) else pd.Series(list(values), dtype=object)
    missing = series.isna()
    if missing.any():
        position = int(np.flatnonzero(missing.to_numpy())[0])
        raise CourseDataError(
            f"`values` has {int(missing.sum())} missing identifier(s), first at "
            f"position {position}; a missing id cannot be pseudonymised — drop "
            "or fill those rows first."
        )
    codes = [_digest(key, v, int(length)) for v in series.tolist()]
    if isinstance(values, pd.Series):
        return pd.Series(codes, index=values.index, name=values.name, dtype="str")
    return codes


def pseudonymise_columns(
    table: pd.DataFrame, columns: str | Sequence[str], *, salt: str | bytes, length: int = 16
) -> pd.DataFrame:
    """A copy of ``table`` with each of ``columns`` replaced by its pseudonymised codes.

    Use the same ``salt`` for every table of one release so ids still join across them
    (an order's ``customer_id`` gets the same code as the customer's).

    Parameters
    ----------
    table : pandas.DataFrame
        The table to release.
    columns : str or list of str
        The identifier columns to replace.
    salt : str or bytes
        The secret key (at least 16 bytes), kept apart from the data.
    length : int
        Hex characters per code, 8 to 64.

    Returns
    -------
    pandas.DataFrame
        The copy; other columns unchanged.

    Examples
    --------
    >>> orders = pd.DataFrame({"customer_id": ["C1", "C2", "C1"], "amount": [10.0, 5.0, 7.5]})
    >>> safe = pseudonymise_columns(orders, ["customer_id"], salt="course-demo-salt-2025")
    >>> safe["customer_id"].nunique(), safe["amount"].tolist()
    (2, [10.0, 5.0, 7.5])
    """
    require_frame(table, "table")
    columns = [columns] if isinstance(columns, str) else list(columns)
    require_columns(table, columns, "table")
    result = table.copy()
    for column in columns:
        result[column] = pseudonymise(table[column], salt=salt, length=length)
    return result


# ----------------------------------------------------------------------------- k-anonymity
@dataclass(frozen=True)
class KAnonymityReport:
    """What :func:`k_anonymity` found: the smallest class and the rows below the required k.

    Attributes
    ----------
    k : int
        Size of the smallest equivalence class: the table is k-anonymous for this k.
    required_k : int
        The k the release must reach.
    quasi_identifiers : tuple of str
        The columns checked.
    classes : pandas.DataFrame
        One row per combination of quasi-identifier values, with ``size``, smallest first.
    rows_at_risk : pandas.Index
        Index labels of the rows in classes smaller than ``required_k``.
    n_rows : int
        Rows in the table.
    """

    k: int
    required_k: int
    quasi_identifiers: tuple
    classes: pd.DataFrame
    rows_at_risk: pd.Index
    n_rows: int

    @property
    def passes(self) -> bool:
        """True when every class has at least ``required_k`` rows."""
        return self.k >= self.required_k

    @property
    def share_at_risk(self) -> float:
        """Share of rows in classes below ``required_k``."""
        return len(self.rows_at_risk) / self.n_rows

    def __repr__(self) -> str:
        verdict = "passes" if self.passes else "fails"
        return (
            f"KAnonymityReport(k={self.k}, required_k={self.required_k}: {verdict}; "
            f"{len(self.classes):,} classes over {list(self.quasi_identifiers)}, "
            f"{len(self.rows_at_risk):,} of {self.n_rows:,} rows at risk)"
        )


def _quasi(table, quasi_identifiers) -> list[str]:
    require_frame(table, "table")
    columns = [quasi_identifiers] if isinstance(quasi_identifiers, str) else list(quasi_identifiers)
    if not columns:
        raise CourseDataError(
            "`quasi_identifiers` is empty; name the columns that together "
            "could single a person out, e.g. ['gender', 'age_band', 'city']."
        )
    require_columns(table, columns, "table")
    if len(table) == 0:
        raise CourseDataError("`table` is empty; expected at least one row to release.")
    for column in columns:
        require_no_missing(table, column, "table")
    return columns


def equivalence_classes(table, quasi_identifiers) -> pd.DataFrame:
    """One row per combination of quasi-identifier values with its ``size``, smallest first.

    Examples
    --------
    >>> people = pd.DataFrame({"gender": ["F", "F", "M"], "city": ["Wuhan", "Wuhan", "Xiamen"]})
    >>> equivalence_classes(people, ["gender", "city"])
      gender    city  size
    0      M  Xiamen     1
    1      F   Wuhan     2
    """
    columns = _quasi(table, quasi_identifiers)
    sizes = table.groupby(columns, sort=True, observed=True).size().rename("size").reset_index()
    return sizes.sort_values(["size", *columns], kind="stable").reset_index(drop=True)


def k_anonymity(table: pd.DataFrame, quasi_identifiers: Sequence[str], *, k: int = 5) -> KAnonymityReport:
    """Check a table before release: how anonymous is it on its quasi-identifiers?

    Parameters
    ----------
    table : pandas.DataFrame
        The table as it would be released.
    quasi_identifiers : list of str
        Columns that could single a person out in combination (gender, age band, city …).
    k : int
        The required k: every combination must be shared by at least ``k`` rows.

    Returns
    -------
    KAnonymityReport
        The smallest class size (the table's k), whether it passes, and the classes at risk.

    Examples
    --------
    >>> people = pd.DataFrame({"gender": ["F", "F", "F", "M"], "city": ["Wuhan"] * 3 + ["Xiamen"]})
    >>> report = k_anonymity(people, ["gender", "city"], k=2)
    >>> report.k, report.passes, list(report.rows_at_risk)
    (1, False, [3])
    """
    required = require_whole(k, "k", low=1)
    columns = _quasi(table, quasi_identifiers)
    sizes = table.groupby(columns, sort=False, observed=True)[columns[0]].transform("size")
    classes = equivalence_classes(table, columns)
    return KAnonymityReport(
        k=int(classes["size"].min()),
        required_k=required,
        quasi_identifiers=tuple(columns),
        classes=classes,
        rows_at_risk=table.index[(sizes < required).to_numpy()],
        n_rows=len(table),
    )


def age_band(birth_date, *, as_of, width: int = 10, top: int = 60) -> pd.Series:
    """Ages as of ``as_of`` in bands of ``width`` years, with one open band from ``top``.

    Examples
    --------
    >>> born = pd.Series(pd.to_datetime(["1990-06-30", "1990-07-02", "1958-01-01", "2007-03-01"]))
    >>> age_band(born, as_of="2025-07-01").tolist()
    ['30–39', '30–39', '60+', '10–19']
    >>> age_band(born, as_of="2025-07-01", width=5).tolist()
    ['35–39', '30–34', '60+', '15–19']
    """
    as_of = to_timestamp(as_of, "as_of")
    if not isinstance(birth_date, pd.Series):
        raise TypeError(f"`birth_date` must be a pandas Series of dates; got {type(birth_date).__name__}.")
    width, top = require_whole(width, "width", low=1), require_whole(top, "top", low=1)  # years
    dates = pd.to_datetime(birth_date, errors="coerce")
    if dates.isna().any():
        bad = birth_date[dates.isna()].iloc[0]
        raise CourseDataError(
            f"`birth_date` has {int(dates.isna().sum())} missing or unreadable "
            f"date(s), first {bad!s}; expected dates such as 1990-06-30."
        )
    if (dates > as_of).any():
        raise CourseDataError(
            f"`birth_date` has dates after `as_of` ({as_of.date()}); check the column and the reference day."
        )
    before_birthday = (dates.dt.month > as_of.month) | (
        (dates.dt.month == as_of.month) & (dates.dt.day > as_of.day)
    )
    age = as_of.year - dates.dt.year - before_birthday.astype(int)
    low = (age // width) * width
    labels = [
        f"{top}+" if a >= top else f"{lo}–{lo + width - 1}" for a, lo in zip(age.tolist(), low.tolist())
    ]
    return pd.Series(labels, index=birth_date.index, name="age_band", dtype="str")


def generalise(
    customers: pd.DataFrame, *, as_of: str | pd.Timestamp, age_width: int = 10, drop_city: bool = True
) -> pd.DataFrame:
    """Coarsen a customer table's quasi-identifiers for release.

    ``birth_date`` becomes ``age_band`` (see :func:`age_band`), ``city`` is dropped in favour
    of ``city_tier`` (with ``drop_city``), ``signup_date`` becomes ``signup_year``. Other
    columns pass through unchanged; the input is not modified.

    Parameters
    ----------
    customers : pandas.DataFrame
        A customer table (all of it or some of its columns).
    as_of : str or Timestamp
        The day ages are counted to.
    age_width : int
        Width of the age bands in years.
    drop_city : bool
        Drop ``city`` (``city_tier`` stays).

    Returns
    -------
    pandas.DataFrame
        The generalised copy.

    Examples
    --------
    >>> people = pd.DataFrame({"gender": ["F"], "birth_date": pd.to_datetime(["1990-06-30"]),
    ...     "city": ["Wuhan"], "city_tier": [2], "signup_date": pd.to_datetime(["2021-03-04"])})
    >>> generalise(people, as_of="2025-01-01")
      gender  city_tier age_band  signup_year
    0      F          2    30–39         2021
    """
    require_frame(customers, "customers")
    result = customers.copy()
    if "birth_date" in result.columns:
        require_no_missing(result, "birth_date", "customers")
        result["age_band"] = age_band(result["birth_date"], as_of=as_of, width=age_width)
        result = result.drop(columns="birth_date")
    if drop_city and "city" in result.columns:
        if "city_tier" not in result.columns:
            raise CourseDataError(
                "`customers` has `city` but no `city_tier` to put in its place; "
                "add the tier or pass drop_city=False."
            )
        result = result.drop(columns="city")
    if "signup_date" in result.columns:
        result["signup_year"] = pd.to_datetime(result["signup_date"]).dt.year
        result = result.drop(columns="signup_date")
    return result


def suppress(table: pd.DataFrame, quasi_identifiers: Sequence[str], *, k: int = 5) -> pd.DataFrame:
    """Drop the rows in equivalence classes smaller than ``k`` (the last resort after
    generalising): the result is k-anonymous on ``quasi_identifiers``.

    Parameters
    ----------
    table : pandas.DataFrame
        The (generalised) table.
    quasi_identifiers : list of str
        As in :func:`k_anonymity`.
    k : int
        The required k (≥ 1).

    Returns
    -------
    pandas.DataFrame
        The rows that stay, index kept.

    Examples
    --------
    >>> people = pd.DataFrame({"gender": ["F", "F", "M"], "city": ["Wuhan", "Wuhan", "Xiamen"]})
    >>> suppress(people, ["gender", "city"], k=2).index.tolist()
    [0, 1]
    """
    report = k_anonymity(table, quasi_identifiers, k=k)
    return table.drop(index=report.rows_at_risk)


# ---------------------------------------------------------------------------------- consent
def consent_column(channel: str) -> str:
    """The customer-table column holding consent for ``channel``.

    Examples
    --------
    >>> consent_column("wechat")
    'consent_wechat'
    >>> consent_column("fax")
    Traceback (most recent call last):
    ...
    course_lib.validation.CourseDataError: `channel` 'fax' has no consent flag; expected one of ['sms', 'email', 'wechat', 'phone'].
    """
    if not isinstance(channel, str):
        raise TypeError(f"`channel` must be a channel name such as 'sms'; got {type(channel).__name__}.")
    name = channel.strip().lower().removeprefix("consent_")
    if name not in CHANNELS:
        raise CourseDataError(f"`channel` {channel!r} has no consent flag; expected one of {list(CHANNELS)}.")
    return f"consent_{name}"


def _flags(customers, column) -> pd.Series:
    flags = customers[column]
    if not pd.api.types.is_bool_dtype(flags):
        raise CourseDataError(f'`customers["{column}"]` must hold True/False; it has dtype {flags.dtype}.')
    return flags.fillna(False).astype(bool)


def filter_by_consent(
    audience: pd.DataFrame,
    channel: str | Sequence[str],
    *,
    customers: pd.DataFrame | None = None,
    customer: str = "customer_id",
    require: str = "all",
) -> pd.DataFrame:
    """Keep only the rows of ``audience`` whose customer agreed to be contacted on ``channel``.

    Parameters
    ----------
    audience : pandas.DataFrame
        The planned audience, one row per customer with a ``customer`` column; it may hold
        the ``consent_*`` columns itself (the customer table does).
    channel : str or list of str
        ``"sms"``, ``"email"``, ``"wechat"`` or ``"phone"``, or several of them.
    customers : pandas.DataFrame, optional
        The customer table to look consent up in when ``audience`` lacks the flags. A
        customer missing from it has no consent record and is left out (no record, no
        consent).
    require : {"all", "any"}
        With several channels: consent to all of them, or to at least one.

    Returns
    -------
    pandas.DataFrame
        The rows of ``audience`` that may be contacted, in their order.

    Examples
    --------
    >>> people = pd.DataFrame({"customer_id": ["a", "b", "c"], "consent_sms": [True, False, True],
    ...                        "consent_wechat": [True, True, False]})
    >>> filter_by_consent(people, "sms")["customer_id"].tolist()
    ['a', 'c']
    >>> filter_by_consent(people, ["sms", "wechat"], require="any")["customer_id"].tolist()
    ['a', 'b', 'c']
    >>> plan = pd.DataFrame({"customer_id": ["c", "z"]})
    >>> filter_by_consent(plan, "sms", customers=people)["customer_id"].tolist()
    ['c']
    """
    require_frame(audience, "audience")
    channels = [channel] if isinstance(channel, str) else list(channel)
    if not channels:
        raise CourseDataError("`channel` is empty; name at least one channel, e.g. 'sms'.")
    columns = [consent_column(c) for c in channels]
    if require not in ("all", "any"):
        raise CourseDataError(f"`require` must be 'all' or 'any'; got {require!r}.")
    if all(c in audience.columns for c in columns):
        flags = pd.DataFrame({c: _flags(audience, c) for c in columns}, index=audience.index)
    else:
        if customers is None:
            missing = [c for c in columns if c not in audience.columns]
            raise CourseDataError(
                f"`audience` lacks {missing}; pass the customer table as "
                "`customers=` to look consent up there."
            )
        require_columns(audience, [customer], "audience")
        require_columns(customers, ["customer_id", *columns], "customers")
        table = customers.drop_duplicates("customer_id").set_index("customer_id")
        looked_up = {c: _flags(table, c) for c in columns}
        keys = audience[customer].astype(str)
        flags = pd.DataFrame(
            {c: keys.map(looked_up[c]).fillna(False).astype(bool) for c in columns}, index=audience.index
        )
    keep = flags.all(axis=1) if require == "all" else flags.any(axis=1)
    return audience.loc[keep.to_numpy()]


def consent_summary(customers: pd.DataFrame) -> pd.DataFrame:
    """Customers and share with consent per channel, plus those reachable on none.

    Parameters
    ----------
    customers : pandas.DataFrame
        The customer table with its ``consent_*`` flags.

    Returns
    -------
    pandas.DataFrame
        Indexed by ``channel`` (the four channels, then ``none``): ``customers`` and ``share``.

    Examples
    --------
    >>> people = pd.DataFrame({"consent_sms": [True, False], "consent_email": [False, False],
    ...     "consent_wechat": [True, False], "consent_phone": [False, False]})
    >>> consent_summary(people)
             customers  share
    channel
    sms              1    0.5
    email            0    0.0
    wechat           1    0.5
    phone            0    0.0
    none             1    0.5
    """
    require_frame(customers, "customers")
    columns = [consent_column(c) for c in CHANNELS]
    require_columns(customers, columns, "customers")
    if len(customers) == 0:
        raise CourseDataError("`customers` is empty; expected at least one row.")
    flags = pd.DataFrame({c: _flags(customers, consent_column(c)) for c in CHANNELS})
    counts = flags.sum()
    counts["none"] = int((~flags.any(axis=1)).sum())
    table = pd.DataFrame({"customers": counts.astype(int), "share": counts / len(customers)})
    table.index.name = "channel"
    return table


# ----------------------------------------------------------------------------- minimisation
def minimise(table: pd.DataFrame, purpose: str | Sequence[str]) -> pd.DataFrame:
    """Only the columns a purpose needs (data minimisation, 数据最小化).

    Parameters
    ----------
    table : pandas.DataFrame
    purpose : str or list of str
        A key of :data:`PURPOSES` (e.g. ``"sms_campaign"``) or the list of columns to keep.

    Returns
    -------
    pandas.DataFrame
        A copy with only those columns, in the purpose's order.

    Examples
    --------
    >>> people = pd.DataFrame({"customer_id": ["a"], "name": ["王*明"], "phone": ["138****0000"],
    ...     "consent_sms": [True], "birth_date": ["1990-01-01"]})
    >>> list(minimise(people, "sms_campaign").columns)
    ['customer_id', 'phone', 'consent_sms']
    """
    require_frame(table, "table")
    if isinstance(purpose, str):
        if purpose not in PURPOSES:
            raise CourseDataError(
                f"`purpose` {purpose!r} is not defined; expected one of "
                f"{sorted(PURPOSES)} or a list of columns."
            )
        keep = list(PURPOSES[purpose])
    else:
        keep = list(purpose)
        if not keep:
            raise CourseDataError("`purpose` is an empty list; name the columns the purpose needs.")
    require_columns(table, keep, "table")
    return table[keep].copy()
