"""The trainee's CRM records: follow-ups and ticket notes in a SQLite file (analytics layer).

Records live in the trainee's workspace (``work/crm_records.sqlite``, or under
``$CRM_COURSE_WORKSPACE``), never in the shipped ``datasets/``, so they survive a kernel
restart and a course update. Every write is validated first; a refused record writes nothing.

Why SQLite and not DuckDB. A trainee has chapter 7, its exercise and the follow-up form open
at once: three kernels, one store; on a class hub an instructor's notebook reads the
trainees' stores while they write. DuckDB lets one process hold a database file for writing
and refuses every other process outright ("Could not set lock on file"), so writes that meet
are lost. The records are many small transactions from several processes, which is the job
SQLite was built for: in WAL mode readers never block the writer and never see a half-written
record, and a writer waits for the lock (SQLite's busy handler, up to :data:`WAIT_SECONDS`)
instead of failing. DuckDB stays where it is strong, on the analysis side (chapter 2's SQL
over the shipped tables). Each write is one ``BEGIN IMMEDIATE`` transaction: the id and the
row are written together or not at all. Only when another program holds the store for longer
than the wait does a write fail, with :class:`StoreBusyError` naming the file and what to do.

Earlier versions of the course kept the records in ``crm_records.duckdb``. A DuckDB file with
the same name beside the store is copied in once, ids kept, the first time the store is opened
(the old file is left as it was), so no trainee loses a record; code that still names the
``.duckdb`` file opens the SQLite store beside it.

The course world's "today" is :data:`course_lib.data.AS_OF` (2025-01-01, the day after the
data end): a record cannot be dated after it, and a record without a date is dated today.
"""

from __future__ import annotations

import sqlite3
import time
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from ..language import tr
from ..validation import CourseDataError, to_timestamp

__all__ = ["RecordStore", "StoreBusyError", "CHANNEL_CONSENT", "OUTCOMES", "default_store", "WAIT_SECONDS"]

#: How long a write waits for another process's write to finish before giving up.
WAIT_SECONDS = 15.0
#: File names a store may have; ``.duckdb`` names the store beside an old DuckDB file.
_SUFFIXES = (".sqlite", ".sqlite3", ".db")

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
    record_id INTEGER PRIMARY KEY, customer_id TEXT NOT NULL, date TEXT NOT NULL,
    channel TEXT NOT NULL, outcome TEXT NOT NULL, note TEXT NOT NULL,
    next_date TEXT, author TEXT);
CREATE TABLE IF NOT EXISTS ticket_notes (
    record_id INTEGER PRIMARY KEY, ticket_id TEXT NOT NULL, customer_id TEXT NOT NULL,
    date TEXT NOT NULL, note TEXT NOT NULL, author TEXT);
CREATE TABLE IF NOT EXISTS migrations (source TEXT PRIMARY KEY, records INTEGER NOT NULL);
"""
_COLUMNS = {
    "followups": ["record_id", "customer_id", "date", "channel", "outcome", "note", "next_date", "author"],
    "ticket_notes": ["record_id", "ticket_id", "customer_id", "date", "note", "author"],
}


class StoreBusyError(CourseDataError):
    """Another program held the record store for longer than a write may wait."""


_EMPTY = {
    "followups": {
        "record_id": "int64",
        "customer_id": object,
        "date": "datetime64[ns]",
        "channel": object,
        "outcome": object,
        "note": object,
        "next_date": "datetime64[ns]",
        "author": object,
    },
    "ticket_notes": {
        "record_id": "int64",
        "ticket_id": object,
        "customer_id": object,
        "date": "datetime64[ns]",
        "note": object,
        "author": object,
    },
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
    """Follow-ups and ticket notes a trainee records, kept in one SQLite file.

    Several kernels may write to the same store at once: each write waits for the others
    (up to ``wait`` seconds) and none is lost. See the module docstring for why SQLite.

    Parameters
    ----------
    path : str or pathlib.Path
        The store's file, ending in ``.sqlite`` or ``.db`` (created on the first write).
    wait : float
        Seconds a write waits for other kernels' writes before giving up.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> store = RecordStore(pathlib.Path(tempfile.mkdtemp()) / "crm.sqlite")
    >>> store.log_followup("C00031", channel="phone", outcome="reached",
    ...                    note="Apologised for the late delivery; offered a fitting.", date="2024-12-20")
    1
    >>> store.followups("C00031")[["customer_id", "channel", "outcome"]]
      customer_id channel  outcome
    0      C00031   phone  reached
    """

    path: Path
    wait: float = WAIT_SECONDS

    def __post_init__(self):
        self.path = Path(self.path)
        if self.path.suffix == ".duckdb":  # the name of the course's earlier stores
            self.path = self.path.with_suffix(".sqlite")
        if self.path.suffix not in _SUFFIXES:
            raise CourseDataError(f"`path` must be a .sqlite file (or .db); got {self.path.name!r}.")
        if not isinstance(self.wait, (int, float)) or isinstance(self.wait, bool) or self.wait < 0:
            raise CourseDataError(f"`wait` must be a number of seconds ≥ 0; got {self.wait!r}.")
        self._cache: dict[str, tuple[tuple, pd.DataFrame]] = {}
        self._ready = False

    @property
    def legacy_path(self) -> Path:
        """Where an earlier version of the course kept these records (a DuckDB file)."""
        return self.path.with_suffix(".duckdb")

    def _busy(self, error: Exception) -> StoreBusyError:
        return StoreBusyError(
            f"the record store {self.path} is busy: another program has been writing to it for "
            f"more than {self.wait:g} s, so nothing was written. Close the other notebooks that "
            "use it (or shut their kernels down) and run the cell again. "
            f"(SQLite said: {error})"
        )

    def _run(self, work, *, write: bool):
        """Run ``work(connection)`` in one transaction and return its result.

        ``BEGIN IMMEDIATE`` takes the write lock before anything is read, so a write is all or
        nothing. When another process holds the lock (SQLite's busy handler waits within each
        attempt), the whole transaction is retried with growing pauses until :attr:`wait`
        seconds have passed; then :class:`StoreBusyError` says which file is busy.
        """
        deadline, pause = time.monotonic() + self.wait, 0.005
        while True:
            try:
                return self._attempt(work, write=write, timeout=max(deadline - time.monotonic(), 0))
            except sqlite3.OperationalError as error:
                if not ("locked" in str(error) or "busy" in str(error)):
                    raise
                if time.monotonic() >= deadline:
                    raise self._busy(error) from None
                time.sleep(min(pause, max(deadline - time.monotonic(), 0)))
                pause = min(pause * 2, 0.25)

    def _attempt(self, work, *, write: bool, timeout: float):
        self.path.parent.mkdir(parents=True, exist_ok=True)
        con = sqlite3.connect(self.path, timeout=timeout, isolation_level=None)
        try:
            if not self._ready:
                self._prepare(con)
            con.execute("BEGIN IMMEDIATE" if write else "BEGIN")
            try:
                result = work(con)
            except BaseException:
                con.execute("ROLLBACK")
                raise
            con.execute("COMMIT")
            return result
        finally:
            con.close()

    def _prepare(self, con) -> None:
        """WAL mode, the tables, and the one-time copy of an earlier DuckDB store."""
        if con.execute("PRAGMA journal_mode").fetchone()[0].lower() != "wal":
            con.execute("PRAGMA journal_mode=WAL")
        con.execute("BEGIN IMMEDIATE")
        try:
            for statement in filter(str.strip, _SCHEMA.split(";")):
                con.execute(statement)
            self._migrate(con)
            con.execute("COMMIT")
        except BaseException:
            con.execute("ROLLBACK")
            raise
        self._ready = True

    def _migrate(self, con) -> None:
        legacy = self.legacy_path
        if not legacy.exists():
            return
        done = con.execute("SELECT 1 FROM migrations WHERE source = ?", [legacy.name]).fetchone()
        if done:
            return
        import duckdb

        copied = 0
        old = duckdb.connect(str(legacy), read_only=True)
        try:
            present = {
                row[0] for row in old.execute("SELECT table_name FROM information_schema.tables").fetchall()
            }
            for table, columns in _COLUMNS.items():
                if table not in present:
                    continue
                rows = old.execute(f"SELECT {', '.join(columns)} FROM {table} ORDER BY record_id").fetchall()
                rows = [[v.isoformat() if hasattr(v, "isoformat") else v for v in row] for row in rows]
                marks = ", ".join("?" * len(columns))
                con.executemany(
                    f"INSERT OR IGNORE INTO {table} ({', '.join(columns)}) VALUES ({marks})", rows
                )
                copied += len(rows)
        finally:
            old.close()
        con.execute("INSERT INTO migrations VALUES (?, ?)", [legacy.name, copied])

    def __repr__(self) -> str:
        return (
            f"RecordStore({self.path.name}: {len(self._table('followups'))} follow-ups, "
            f"{len(self._table('ticket_notes'))} ticket notes)"
        )

    def _signature(self) -> tuple:
        """What changes whenever the database file is written (by this or any other store).

        Writes in this session are counted per file (file times can be too coarse to tell two
        quick writes apart); writes from another kernel change the file's time and size.
        """
        parts = [_WRITES.get(self.path.resolve(), 0)]
        for file in (self.path, self.path.with_name(self.path.name + "-wal")):
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
            raise CourseDataError(
                tr(
                    "`customer_id` {customer_id} is not a customer; ids look "
                    "like 'C00042' (search by name or phone with find_customers)."
                ).format(customer_id=repr(customer_id))
            )
        return match.iloc[0]

    @staticmethod
    def _day(value, arg: str, *, today: pd.Timestamp) -> pd.Timestamp:
        day = to_timestamp(value, arg).normalize()
        if day > today:
            raise CourseDataError(
                tr(
                    "`{arg}` {day} is in the future: the course's today is {today}; record what has happened."
                ).format(arg=arg, day=day.date(), today=today.date())
            )
        return day

    @staticmethod
    def _author(author) -> None:
        if author is not None and (not isinstance(author, str) or not author.strip()):
            raise CourseDataError(f"`author` must be a name (text) or None; got {author!r}.")

    @staticmethod
    def _note(note, arg: str = "note") -> str:
        if not isinstance(note, str) or not note.strip():
            raise CourseDataError(
                tr(
                    "`{arg}` is empty; write what was said or agreed, e.g. "
                    "'Customer accepted the replacement; call back on Friday'."
                ).format(arg=arg)
            )
        return note.strip()

    # -------------------------------------------------------------------- writes
    @staticmethod
    def _insert(con, table: str, row: list) -> int:
        """Insert ``row`` with the next record id, inside the caller's write transaction."""
        next_id = con.execute(f"SELECT coalesce(max(record_id), 0) + 1 FROM {table}").fetchone()[0]
        marks = ", ".join("?" * (len(row) + 1))
        con.execute(f"INSERT INTO {table} VALUES ({marks})", [next_id, *row])
        return next_id

    def log_followup(
        self,
        customer_id: str,
        *,
        channel: str,
        outcome: str,
        note: str,
        date: str | pd.Timestamp | None = None,
        next_date: str | pd.Timestamp | None = None,
        author: str | None = None,
    ) -> int:
        """Record a follow-up (回访) and return its record id.

        Refused, writing nothing: an unknown customer, an empty note, a date after the
        course's today, an unknown channel or outcome, a channel the customer has not
        consented to, a next date before the follow-up.

        Parameters
        ----------
        customer_id : str
            The customer, e.g. ``"C00031"``.
        channel : str
            One of :data:`CHANNEL_CONSENT` (``"phone"``, ``"wechat"``, …, ``"store"``).
        outcome : str
            One of :data:`OUTCOMES`.
        note : str
            What was said or agreed.
        date, next_date : date-like, optional
            The follow-up's day (default the course's today) and the next contact's day.
        author : str, optional
            Who made the call (default "you" in the 360 view).

        Returns
        -------
        int
            The new record's id.

        Examples
        --------
        >>> import tempfile, pathlib
        >>> store = RecordStore(pathlib.Path(tempfile.mkdtemp()) / "crm.sqlite")
        >>> store.log_followup("C00031", channel="phone", outcome="reached",
        ...                    note="Agreed a fitting on Friday.", date="2024-12-20")
        1
        """
        today = _today()
        customer = self._customer_row(customer_id)
        if channel not in CHANNEL_CONSENT:
            raise CourseDataError(f"`channel` must be one of {sorted(CHANNEL_CONSENT)}; got {channel!r}.")
        flag = CHANNEL_CONSENT[channel]
        if flag is not None and not bool(customer[flag]):
            raise CourseDataError(
                tr(
                    "customer {customer} has not consented to {channel} contact (`{flag}` is False); "
                    "choose a channel they consented to, or record an in-store conversation as 'store'."
                ).format(customer=customer["customer_id"], channel=channel, flag=flag)
            )
        if outcome not in OUTCOMES:
            raise CourseDataError(f"`outcome` must be one of {list(OUTCOMES)}; got {outcome!r}.")
        text = self._note(note)
        day = self._day(today if date is None else date, "date", today=today)
        if day < customer["signup_date"].normalize():
            raise CourseDataError(
                f"`date` {day.date()} is before customer {customer['customer_id']} "
                f"joined ({customer['signup_date'].date()})."
            )
        self._author(author)
        follow = None
        if next_date is not None:
            follow = to_timestamp(next_date, "next_date").normalize()
            if follow < day:
                raise CourseDataError(
                    f"`next_date` {follow.date()} is before the follow-up itself ({day.date()})."
                )
        row = [
            customer["customer_id"],
            day.date().isoformat(),
            channel,
            outcome,
            text,
            None if follow is None else follow.date().isoformat(),
            author,
        ]
        next_id = self._run(lambda con: self._insert(con, "followups", row), write=True)
        _wrote(self.path)
        return int(next_id)

    def log_ticket_note(
        self, ticket_id: str, *, note: str, date: str | pd.Timestamp | None = None, author: str | None = None
    ) -> int:
        """Add a note to a service ticket (what was done, what was agreed) and return its id.

        Refused, writing nothing: an unknown ticket, an empty note, a date after the course's
        today or before the ticket was opened.

        Parameters
        ----------
        ticket_id : str
            The ticket, e.g. ``"T00042"`` (the 360 view lists a customer's tickets).
        note : str
            What was done or agreed.
        date : date-like, optional
            The note's day (default the course's today).
        author : str, optional
            Who wrote it.

        Returns
        -------
        int
            The new record's id (notes and follow-ups are numbered separately).

        Examples
        --------
        >>> store = default_store()                                        # doctest: +SKIP
        >>> store.log_ticket_note("T00001", note="Refund confirmed by phone.")  # doctest: +SKIP
        1
        """
        from .tables import table

        today = _today()
        tickets = table("tickets")
        match = tickets.loc[tickets["ticket_id"] == str(ticket_id).strip()]
        if match.empty:
            raise CourseDataError(
                tr(
                    "`ticket_id` {ticket_id} is not a ticket in the data; ids look "
                    "like 'T00042' (the 360 view lists a customer's tickets)."
                ).format(ticket_id=repr(ticket_id))
            )
        text = self._note(note)
        day = self._day(today if date is None else date, "date", today=today)
        opened = match.iloc[0]["opened_at"].normalize()
        if day < opened:
            raise CourseDataError(f"`date` {day.date()} is before the ticket was opened ({opened.date()}).")
        self._author(author)
        row = [match.iloc[0]["ticket_id"], match.iloc[0]["customer_id"], day.date().isoformat(), text, author]
        next_id = self._run(lambda con: self._insert(con, "ticket_notes", row), write=True)
        _wrote(self.path)
        return int(next_id)

    # --------------------------------------------------------------------- reads
    def _table(self, table: str) -> pd.DataFrame:
        """A whole table, read again only when the file has changed since the last read."""
        signature = self._signature()
        cached = self._cache.get(table)
        if cached is not None and cached[0] == signature:
            return cached[1]
        if signature[1] is None and not self.legacy_path.exists():
            frame = pd.DataFrame({c: pd.Series(dtype=t) for c, t in _EMPTY[table].items()})
        else:
            rows = self._run(
                lambda con: con.execute(f"SELECT * FROM {table} ORDER BY record_id").fetchall(), write=False
            )
            frame = pd.DataFrame(rows, columns=_COLUMNS[table]).astype({"record_id": "int64"})
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

    def followups(self, customer_id: str | None = None) -> pd.DataFrame:
        """Recorded follow-ups, of one customer or all.

        Parameters
        ----------
        customer_id : str, optional
            Only this customer's follow-ups.

        Returns
        -------
        pandas.DataFrame
            One row per record, oldest first (``record_id``, ``customer_id``, ``date``,
            ``channel``, ``outcome``, ``note``, ``next_date``, ``author``).

        Examples
        --------
        >>> import tempfile, pathlib
        >>> RecordStore(pathlib.Path(tempfile.mkdtemp()) / "crm.sqlite").followups().empty
        True
        """
        return self._read("followups", customer_id)

    def ticket_notes(self, customer_id: str | None = None) -> pd.DataFrame:
        """Recorded ticket notes, of one customer or all.

        Parameters
        ----------
        customer_id : str, optional
            Only this customer's notes.

        Returns
        -------
        pandas.DataFrame
            One row per note, oldest first (``record_id``, ``ticket_id``, ``customer_id``,
            ``date``, ``note``, ``author``).

        Examples
        --------
        >>> import tempfile, pathlib
        >>> RecordStore(pathlib.Path(tempfile.mkdtemp()) / "crm.sqlite").ticket_notes().empty
        True
        """
        return self._read("ticket_notes", customer_id)


def default_store() -> RecordStore:
    """The store in the trainee's workspace (``work/crm_records.sqlite``).

    One store object per file is kept, so its read cache is shared between look-ups.
    """
    from ..course import workspace

    path = workspace() / "crm_records.sqlite"
    if path not in _STORES:
        _STORES[path] = RecordStore(path)
    return _STORES[path]


_STORES: dict[Path, RecordStore] = {}
