"""The trainee's CRM records: follow-ups and ticket notes in a DuckDB file (analytics layer).

Records live in the trainee's workspace (``work/crm_records.duckdb``, or under
``$CRM_COURSE_WORKSPACE``), never in the shipped ``datasets/``, so they survive a kernel
restart and a course update. Every write is validated first; a refused record writes nothing.

The course world's "today" is :data:`course_lib.data.AS_OF` (2025-01-01, the day after the
data end): a record cannot be dated after it, and a record without a date is dated today.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from ..validation import CourseDataError, to_timestamp

__all__ = ["RecordStore", "CHANNEL_CONSENT", "OUTCOMES", "default_store"]

#: Contact channel → the consent flag it needs (``None``: no consent needed, e.g. in store).
CHANNEL_CONSENT: dict[str, str | None] = {
    "phone": "consent_phone",
    "sms": "consent_sms",
    "email": "consent_email",
    "wechat": "consent_wechat",
    "app_push": "consent_wechat",
    "store": None,
}
OUTCOMES = ("reached", "no_answer", "resolved", "escalated", "declined", "callback_requested")

_SCHEMA = """
CREATE TABLE IF NOT EXISTS followups (
    record_id INTEGER PRIMARY KEY, customer_id VARCHAR NOT NULL, date DATE NOT NULL,
    channel VARCHAR NOT NULL, outcome VARCHAR NOT NULL, note VARCHAR NOT NULL,
    next_date DATE, author VARCHAR);
CREATE TABLE IF NOT EXISTS ticket_notes (
    record_id INTEGER PRIMARY KEY, ticket_id VARCHAR NOT NULL, customer_id VARCHAR NOT NULL,
    date DATE NOT NULL, note VARCHAR NOT NULL, author VARCHAR);
"""


_EMPTY = {
    "followups": {"record_id": "int64", "customer_id": object, "date": "datetime64[ns]",
                  "channel": object, "outcome": object, "note": object,
                  "next_date": "datetime64[ns]", "author": object},
    "ticket_notes": {"record_id": "int64", "ticket_id": object, "customer_id": object,
                     "date": "datetime64[ns]", "note": object, "author": object},
}


#: Writes made in this session, per database file.
_WRITES: dict[Path, int] = {}


def _wrote(path: Path) -> None:
    key = path.resolve()
    _WRITES[key] = _WRITES.get(key, 0) + 1


def _today() -> pd.Timestamp:
    from ..data import AS_OF

    return AS_OF


def _customers() -> pd.DataFrame:
    from .tables import table

    return table("customers")


@dataclass(repr=False)
class RecordStore:
    """Follow-ups and ticket notes a trainee records, kept in one DuckDB file.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> store = RecordStore(pathlib.Path(tempfile.mkdtemp()) / "crm.duckdb")
    >>> store.log_followup("C00031", channel="phone", outcome="reached",
    ...                    note="Apologised for the late delivery; offered a fitting.", date="2024-12-20")
    1
    >>> store.followups("C00031")[["customer_id", "channel", "outcome"]]
      customer_id channel  outcome
    0      C00031   phone  reached
    """

    path: Path

    def __post_init__(self):
        self.path = Path(self.path)
        if self.path.suffix != ".duckdb":
            raise CourseDataError(f"`path` must be a .duckdb file; got {self.path.name!r}.")
        self._cache: dict[str, tuple[tuple, pd.DataFrame]] = {}

    def _connect(self):
        import duckdb

        self.path.parent.mkdir(parents=True, exist_ok=True)
        con = duckdb.connect(str(self.path))
        con.execute(_SCHEMA)
        return con

    def __repr__(self) -> str:
        return (f"RecordStore({self.path.name}: {len(self._table('followups'))} follow-ups, "
                f"{len(self._table('ticket_notes'))} ticket notes)")

    def _signature(self) -> tuple:
        """What changes whenever the database file is written (by this or any other store).

        Writes in this session are counted per file (file times can be too coarse to tell two
        quick writes apart); writes from another kernel change the file's time and size.
        """
        parts = [_WRITES.get(self.path.resolve(), 0)]
        for file in (self.path, self.path.with_name(self.path.name + ".wal")):
            try:
                stat = file.stat()
                parts.append((stat.st_mtime_ns, stat.st_size))
            except FileNotFoundError:
                parts.append(None)
        return tuple(parts)

    # -------------------------------------------------------------- validation
    @staticmethod
    def _customer_row(customer_id) -> pd.Series:
        customers = _customers()
        key = str(customer_id).strip()
        match = customers.loc[customers["customer_id"] == key]
        if match.empty:
            raise CourseDataError(f"`customer_id` {customer_id!r} is not a customer; ids look "
                                  "like 'C00042' (search by name or phone with find_customers).")
        return match.iloc[0]

    @staticmethod
    def _day(value, arg: str, *, today: pd.Timestamp) -> pd.Timestamp:
        day = to_timestamp(value, arg).normalize()
        if day > today:
            raise CourseDataError(f"`{arg}` {day.date()} is in the future: the course's today is "
                                  f"{today.date()}; record what has happened.")
        return day

    @staticmethod
    def _author(author) -> None:
        if author is not None and (not isinstance(author, str) or not author.strip()):
            raise CourseDataError(f"`author` must be a name (text) or None; got {author!r}.")

    @staticmethod
    def _note(note, arg: str = "note") -> str:
        if not isinstance(note, str) or not note.strip():
            raise CourseDataError(f"`{arg}` is empty; write what was said or agreed, e.g. "
                                  "'Customer accepted the replacement; call back on Friday'.")
        return note.strip()

    # -------------------------------------------------------------------- writes
    def log_followup(self, customer_id, *, channel: str, outcome: str, note: str, date=None,
                     next_date=None, author: str | None = None) -> int:
        """Record a follow-up (回访) and return its record id.

        Refused, writing nothing: an unknown customer, an empty note, a date after the
        course's today, an unknown channel or outcome, a channel the customer has not
        consented to, a next date before the follow-up.
        """
        today = _today()
        customer = self._customer_row(customer_id)
        if channel not in CHANNEL_CONSENT:
            raise CourseDataError(f"`channel` must be one of {sorted(CHANNEL_CONSENT)}; got {channel!r}.")
        flag = CHANNEL_CONSENT[channel]
        if flag is not None and not bool(customer[flag]):
            raise CourseDataError(f"customer {customer['customer_id']} has not consented to "
                                  f"{channel} contact (`{flag}` is False); choose a channel they "
                                  "consented to, or record an in-store conversation as 'store'.")
        if outcome not in OUTCOMES:
            raise CourseDataError(f"`outcome` must be one of {list(OUTCOMES)}; got {outcome!r}.")
        text = self._note(note)
        day = self._day(today if date is None else date, "date", today=today)
        if day < customer["signup_date"].normalize():
            raise CourseDataError(f"`date` {day.date()} is before customer {customer['customer_id']} "
                                  f"joined ({customer['signup_date'].date()}).")
        self._author(author)
        follow = None
        if next_date is not None:
            follow = to_timestamp(next_date, "next_date").normalize()
            if follow < day:
                raise CourseDataError(f"`next_date` {follow.date()} is before the follow-up "
                                      f"itself ({day.date()}).")
        with self._connect() as con:
            next_id = con.execute("SELECT coalesce(max(record_id), 0) + 1 FROM followups").fetchone()[0]
            con.execute("INSERT INTO followups VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                        [next_id, customer["customer_id"], day.date(), channel, outcome, text,
                         None if follow is None else follow.date(), author])
        _wrote(self.path)
        return int(next_id)

    def log_ticket_note(self, ticket_id, *, note: str, date=None, author: str | None = None) -> int:
        """Add a note to a service ticket (what was done, what was agreed) and return its id.

        Refused, writing nothing: an unknown ticket, an empty note, a date after the course's
        today or before the ticket was opened.
        """
        from .tables import table

        today = _today()
        tickets = table("tickets")
        match = tickets.loc[tickets["ticket_id"] == str(ticket_id).strip()]
        if match.empty:
            raise CourseDataError(f"`ticket_id` {ticket_id!r} is not a ticket in the data; ids look "
                                  "like 'T00042' (the 360 view lists a customer's tickets).")
        text = self._note(note)
        day = self._day(today if date is None else date, "date", today=today)
        opened = match.iloc[0]["opened_at"].normalize()
        if day < opened:
            raise CourseDataError(f"`date` {day.date()} is before the ticket was opened "
                                  f"({opened.date()}).")
        self._author(author)
        with self._connect() as con:
            next_id = con.execute("SELECT coalesce(max(record_id), 0) + 1 FROM ticket_notes").fetchone()[0]
            con.execute("INSERT INTO ticket_notes VALUES (?, ?, ?, ?, ?, ?)",
                        [next_id, match.iloc[0]["ticket_id"], match.iloc[0]["customer_id"], day.date(), text, author])
        _wrote(self.path)
        return int(next_id)

    # --------------------------------------------------------------------- reads
    def _table(self, table: str) -> pd.DataFrame:
        """A whole table, read again only when the file has changed since the last read."""
        signature = self._signature()
        cached = self._cache.get(table)
        if cached is not None and cached[0] == signature:
            return cached[1]
        if signature[1] is None:
            frame = pd.DataFrame({c: pd.Series(dtype=t) for c, t in _EMPTY[table].items()})
        else:
            with self._connect() as con:
                frame = con.execute(f"SELECT * FROM {table} ORDER BY record_id").df()
            signature = self._signature()
        for column in ("date", "next_date"):
            if column in frame:
                frame[column] = pd.to_datetime(frame[column])
        for column in ("customer_id", "channel", "outcome", "note", "author", "ticket_id"):
            if column in frame:
                frame[column] = frame[column].astype(object)
        self._cache[table] = (signature, frame)
        return frame

    def _read(self, table: str, customer_id=None) -> pd.DataFrame:
        frame = self._table(table)
        if customer_id is not None:
            frame = frame.loc[frame["customer_id"] == str(customer_id)]
        return frame.reset_index(drop=True)

    def followups(self, customer_id=None) -> pd.DataFrame:
        """Recorded follow-ups, of one customer or all."""
        return self._read("followups", customer_id)

    def ticket_notes(self, customer_id=None) -> pd.DataFrame:
        """Recorded ticket notes, of one customer or all."""
        return self._read("ticket_notes", customer_id)


def default_store() -> RecordStore:
    """The store in the trainee's workspace (``work/crm_records.duckdb``).

    One store object per file is kept, so its read cache is shared between look-ups.
    """
    from ..course import workspace

    path = workspace() / "crm_records.duckdb"
    if path not in _STORES:
        _STORES[path] = RecordStore(path)
    return _STORES[path]


_STORES: dict[Path, RecordStore] = {}
