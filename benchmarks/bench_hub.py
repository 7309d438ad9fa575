"""Benchmark: a workshop hub under a class's load.

Prints the time until 5 and then 20 trainees all have a running server (each asked for at
once, as a class does at the start of a session), the memory of one trainee's idle server,
and the chapter 2 exercise's run time under that load. The baseline is the same trainee
running the same exercise while theirs is the only server, measured in the same run.

Needs root (trainees are system users) and the hub's tools (`make hub-tools`); the users it
creates are removed at the end whatever happens.

Run: ``sudo .venv/bin/python benchmarks/bench_hub.py``
"""

from __future__ import annotations

import os
import secrets
import shutil
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

CLASS = 20


def _memory_mb(user: str) -> tuple[float, float]:
    """Proportional and resident memory (MB) of every process of ``user``."""
    pids = subprocess.run(["pgrep", "-u", user], capture_output=True, text=True).stdout.split()
    pss = rss = 0
    for pid in pids:
        try:
            for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
                if line.startswith("Pss:"):
                    pss += int(line.split()[1])
                elif line.startswith("Rss:"):
                    rss += int(line.split()[1])
        except OSError:
            continue
    return pss / 1024, rss / 1024


def _all_ready(trainees) -> float:
    began = time.monotonic()
    with ThreadPoolExecutor(len(trainees)) as pool:
        list(pool.map(lambda t: t.start_server(timeout=600), trainees))
    return time.monotonic() - began


def _run_ch02(trainee, cells) -> float:
    began = time.monotonic()
    results = trainee.run(cells)
    errors = [r["error"] for r in results if r["status"] != "ok"]
    if errors:
        raise RuntimeError(f"{trainee.name}: {errors}")
    return time.monotonic() - began


def main() -> int:
    if os.geteuid() != 0 or shutil.which("useradd") is None:
        print("skipped: the hub benchmark needs root and useradd (run it with sudo)")
        return 0
    from course_lib.hub import users
    from course_lib.hub.run import find_proxy
    from tests.e2e.hub_client import PASSWORD, Hub, solution_cells, workshop_folder

    try:
        find_proxy()
    except Exception as error:
        print(f"skipped: {error}")
        return 0
    names = [f"crmb{secrets.token_hex(2)}{i:02d}" for i in range(1, CLASS + 1)]
    base = workshop_folder()
    hub = Hub(base, names)
    try:
        users.create_trainees(names, home_base=base / "home")
        began = time.monotonic()
        hub.start()
        print(f"hub up (course installed, proxy, grader, culler): {time.monotonic() - began:.1f} s")
        trainees = [hub.trainee(i) for i in range(CLASS)]
        with ThreadPoolExecutor(8) as pool:
            list(pool.map(lambda t: t.login(PASSWORD), trainees))
        cells = solution_cells("ch02_customer_insight")
        first = trainees[0]
        first.start_server()
        _run_ch02(first, cells)  # warm the file cache once
        alone = min(_run_ch02(first, cells) for _ in range(2))
        first.stop_server()
        time.sleep(2)

        five = _all_ready(trainees[:5])
        print(f"5 servers asked for at once, all running after:  {five:5.1f} s")
        rest = _all_ready(trainees[5:])
        print(
            f"15 more at once, all {CLASS} running after:        {rest:5.1f} s  ({five + rest:.1f} s for {CLASS})"
        )
        time.sleep(5)
        memory = [_memory_mb(t.name) for t in trainees]
        pss = sum(m[0] for m in memory) / CLASS
        rss = sum(m[1] for m in memory) / CLASS
        print(f"memory of an idle trainee server: {pss:.0f} MB proportional ({rss:.0f} MB resident)")

        print(f"chapter 2 exercise, the only server:            {alone:5.1f} s (baseline)")
        loaded = _run_ch02(first, cells)
        print(
            f"chapter 2 exercise, {CLASS} servers running:       {loaded:5.1f} s  ratio {loaded / alone:.2f}"
        )
        with ThreadPoolExecutor(5) as pool:
            together = list(pool.map(lambda t: _run_ch02(t, cells), trainees[:5]))
        mean = sum(together) / len(together)
        print(
            f"chapter 2 exercise, 5 trainees at once of {CLASS}:  {mean:5.1f} s each on average, "
            f"ratio {mean / alone:.2f} (2 cores)"
        )
        seconds = hub.stop()
        print(f"hub stopped with {CLASS} servers running:         {seconds:5.1f} s")
    finally:
        hub.stop()
        users.remove_trainees(names)
        shutil.rmtree(base, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
