"""Several kernels writing the trainee's workspace at once lose nothing and see no raw error.

Each test starts real processes (as JupyterLab starts kernels) that wait for one signal file
and then write at the same moment.
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
import time

import duckdb
import pytest

from course_lib.validation import CourseDataError
from course_lib.workbench.store import RecordStore, StoreBusyError

WRITES = 40


def _start(code: str, *args) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-c", textwrap.dedent(code), *map(str, args)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _finish(process: subprocess.Popen, timeout: float = 60) -> str:
    out, err = process.communicate(timeout=timeout)
    assert process.returncode == 0, err
    return out


def _wait_for(path, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while not path.exists():
        assert time.monotonic() < deadline, f"{path.name} never appeared"
        time.sleep(0.02)


_WRITER = """
    import sys, time
    from pathlib import Path
    from course_lib.workbench.store import RecordStore
    from course_lib.workbench.tables import table
    store_path, go, who, n = Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3], int(sys.argv[4])
    table("customers"); table("tickets")              # loaded before the race starts
    (go.parent / f"ready-{who}").touch()
    while not go.exists():
        time.sleep(0.005)
    store = RecordStore(store_path)
    ids = [store.log_followup("C00031", channel="store", outcome="reached",
                              note=f"writer {who}, call {i}", date="2024-12-20") for i in range(n)]
    print(len(set(ids)))
"""

_READER = """
    import sys, time
    from pathlib import Path
    from course_lib.workbench import customer_360
    from course_lib.workbench.store import RecordStore
    store_path, go = Path(sys.argv[1]), Path(sys.argv[2])
    customer_360("C00042")                            # warm: tables and the day's scores
    (go.parent / "ready-reader").touch()
    while not go.exists():
        time.sleep(0.005)
    seen = []
    for _ in range(15):
        view = customer_360("C00031", store=RecordStore(store_path))
        mine = view.followups[view.followups["source"] == "trainee"]
        assert mine["note"].str.startswith("writer ").all(), "a half-written record was read"
        seen.append(len(mine))
    assert seen == sorted(seen), seen
    print(seen[-1])
"""


def test_three_writers_at_once_lose_nothing_while_a_fourth_process_reads(tmp_path):
    store_path, go = tmp_path / "crm_records.sqlite", tmp_path / "go"
    writers = [_start(_WRITER, store_path, go, who, WRITES) for who in "abc"]
    reader = _start(_READER, store_path, go)
    for name in ("ready-a", "ready-b", "ready-c", "ready-reader"):
        _wait_for(tmp_path / name, timeout=60)
    go.touch()
    assert [_finish(w).strip() for w in writers] == [str(WRITES)] * 3
    assert 0 <= int(_finish(reader)) <= 3 * WRITES
    records = RecordStore(store_path).followups()
    assert len(records) == 3 * WRITES
    assert sorted(records["record_id"]) == list(range(1, 3 * WRITES + 1))
    for who in "abc":
        assert (records["note"].str.startswith(f"writer {who},")).sum() == WRITES


_RECORDER = """
    import sys, time
    from pathlib import Path
    from course_lib import checks
    go, who, n = Path(sys.argv[1]), sys.argv[2], int(sys.argv[3])
    (go.parent / f"ready-{who}").touch()
    while not go.exists():
        time.sleep(0.005)
    for i in range(n):
        checks._record(f"ch99.{who}{i}", "pass")
"""


def test_kernels_recording_results_at_once_lose_none(tmp_path, monkeypatch):
    workspace = tmp_path / "work"
    monkeypatch.setenv("CRM_COURSE_WORKSPACE", str(workspace))
    go = tmp_path / "go"
    kernels = [_start(_RECORDER, go, who, 30) for who in "abc"]
    for who in "abc":
        _wait_for(tmp_path / f"ready-{who}", timeout=60)
    go.touch()
    for kernel in kernels:
        _finish(kernel)
    progress = json.loads((workspace / "progress.json").read_text(encoding="utf-8"))
    assert sorted(progress) == sorted(f"ch99.{who}{i}" for who in "abc" for i in range(30))


_HOLDER = """
    import sqlite3, sys, time
    con = sqlite3.connect(sys.argv[1], isolation_level=None)
    con.execute("BEGIN IMMEDIATE")
    print("held", flush=True)
    time.sleep(float(sys.argv[2]))
    con.execute("ROLLBACK")
"""


def test_a_store_held_too_long_gives_a_clear_error_and_writes_nothing(tmp_path):
    store = RecordStore(tmp_path / "crm_records.sqlite", wait=0.3)
    store.log_followup("C00031", channel="store", outcome="reached", note="Before", date="2024-12-20")
    holder = _start(_HOLDER, store.path, 1.5)
    assert holder.stdout.readline().strip() == "held"
    started = time.monotonic()
    with pytest.raises(StoreBusyError, match=r"crm_records\.sqlite is busy.*nothing was written"):
        store.log_followup("C00031", channel="store", outcome="reached", note="During", date="2024-12-20")
    assert time.monotonic() - started < 1.4, "the write must give up after its wait, not hang"
    assert isinstance(StoreBusyError("x"), CourseDataError)
    _finish(holder)
    assert store.followups()["note"].tolist() == ["Before"]


def test_records_of_an_earlier_duckdb_store_are_kept(tmp_path):
    old = tmp_path / "crm_records.duckdb"
    with duckdb.connect(str(old)) as con:  # the schema the course used to write
        con.execute(
            "CREATE TABLE followups (record_id INTEGER PRIMARY KEY, customer_id VARCHAR, "
            "date DATE, channel VARCHAR, outcome VARCHAR, note VARCHAR, next_date DATE, "
            "author VARCHAR)"
        )
        con.execute(
            "INSERT INTO followups VALUES (1, 'C00031', '2024-12-01', 'phone', 'reached', "
            "'Old call', '2024-12-05', NULL), (2, 'C00042', '2024-12-02', 'store', "
            "'resolved', '旧记录', NULL, 'Li')"
        )
    store = RecordStore(tmp_path / "crm_records.sqlite")
    kept = store.followups()
    assert kept["record_id"].tolist() == [1, 2]
    assert kept["note"].tolist() == ["Old call", "旧记录"]
    assert str(kept.loc[0, "next_date"].date()) == "2024-12-05"
    assert (
        store.log_followup("C00031", channel="store", outcome="reached", note="New", date="2024-12-20") == 3
    )
    again = RecordStore(old)  # code that still names the old file
    assert again.path == store.path and again.followups()["record_id"].tolist() == [1, 2, 3]
    assert old.exists(), "the old file is left as it was"
