"""Benchmark: follow-up records written per second by one kernel and by three at once.

The workbench's record store is a SQLite file in WAL mode that several kernels write at the
same time (``course_lib.workbench.store``). Each writer is a separate process, as a kernel
is; each write is a full ``log_followup`` (validation, then one transaction). The baseline
is one writer alone, measured in the same run; three writers share the file's one write
lock, so their total rate shows what the waiting costs.

Run: ``.venv/bin/python benchmarks/bench_store.py``
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import time
from pathlib import Path

WRITES = 200

_WRITER = r"""
import sys, time
from pathlib import Path
from course_lib.workbench.store import RecordStore
from course_lib.workbench.tables import table
path, go, n = Path(sys.argv[1]), Path(sys.argv[2]), int(sys.argv[3])
table("customers")
(go.parent / f"ready-{sys.argv[4]}").touch()
while not go.exists():
    time.sleep(0.001)
store = RecordStore(path)
start = time.perf_counter()
for i in range(n):
    store.log_followup("C00031", channel="store", outcome="reached", note=f"call {i}", date="2024-12-20")
print(time.perf_counter() - start)
"""


def run(writers: int) -> tuple[float, int]:
    folder = Path(tempfile.mkdtemp())
    store, go = folder / "crm.sqlite", folder / "go"
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", _WRITER, str(store), str(go), str(WRITES), str(k)],
            stdout=subprocess.PIPE,
            text=True,
        )
        for k in range(writers)
    ]
    while len(list(folder.glob("ready-*"))) < writers:
        time.sleep(0.01)
    start = time.perf_counter()
    go.touch()
    for p in procs:
        p.communicate()
    elapsed = time.perf_counter() - start
    from course_lib.workbench.store import RecordStore

    return elapsed, len(RecordStore(store).followups())


def main() -> int:
    one, n_one = run(1)
    three, n_three = run(3)
    print(f"one writer:    {n_one} records in {one:.2f} s → {n_one / one:,.0f} records/s")
    print(
        f"three writers: {n_three} records in {three:.2f} s → {n_three / three:,.0f} records/s "
        f"({(n_three / three) / (n_one / one):.2f}× the single writer's rate; none lost: "
        f"{n_three == 3 * WRITES})"
    )
    return 0 if n_one == WRITES and n_three == 3 * WRITES else 1


if __name__ == "__main__":
    sys.exit(main())
