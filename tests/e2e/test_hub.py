"""The class hub for real, on 127.0.0.1: JupyterHub, configurable-http-proxy, system users.

The trainees are system users with a prefix of this run's own, created here and removed
afterwards whatever happens; the course is installed into a temporary prefix exactly as
``crm-course hub`` installs it under /opt. Needs root (as ``make hub`` does); ``make e2e``
installs the hub's extra and its proxy first.
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import subprocess
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import nbformat
import pytest
import requests

from course_lib.checks import tasks
from course_lib.hub import install, users
from course_lib.hub.workshop import free_port

from .hub_client import PASSWORD, Hub, HubRefused, Trainee, solution_cells, workshop_folder

ROOT = Path(__file__).resolve().parents[2]
N_TRAINEES = 5

pytestmark = pytest.mark.skipif(
    os.geteuid() != 0 or shutil.which("useradd") is None,
    reason="the hub runs trainees as system users: needs root and useradd",
)


@pytest.fixture(scope="module")
def hub():
    """A workshop hub for five trainees, its users removed afterwards whatever happens."""
    tag = secrets.token_hex(2)
    names = [f"crme{tag}{i:02d}" for i in range(1, N_TRAINEES + 1)]
    base = workshop_folder()
    running = Hub(base, names)
    try:
        users.create_trainees(names, home_base=base / "home")
        yield running.start()
    finally:
        running.stop()
        users.remove_trainees(names)
        shutil.rmtree(base, ignore_errors=True)


def test_five_trainees_work_the_chapter_2_exercise_at_once(hub):
    cells = solution_cells("ch02_customer_insight")

    def work(index: int):
        trainee = hub.trainee(index).login(PASSWORD)
        trainee.start_server()
        return trainee.run(cells)

    with ThreadPoolExecutor(N_TRAINEES) as pool:
        results = list(pool.map(work, range(N_TRAINEES)))
    chapter_tasks = {t.id for t in tasks("ch02")}
    for index, cells_run in enumerate(results):
        errors = [r["error"] for r in cells_run if r["status"] != "ok"]
        assert not errors, f"{hub.names[index]}: {errors}"
        home = hub.home(index)
        assert (home / "ch02_customer_insight.ipynb").is_file()  # brought in at the first start
        progress = json.loads((home / "progress.json").read_text())
        passed = {task for task, record in progress.items() if record["status"] == "pass"}
        assert chapter_tasks <= passed, f"{hub.names[index]} missed {sorted(chapter_tasks - passed)}"
        assert all(progress[t]["time"] and progress[t]["attempts"] >= 1 for t in chapter_tasks)
        assert home.stat().st_uid == users.pwd.getpwnam(hub.names[index]).pw_uid


def test_a_trainee_cannot_open_another_trainees_notebook(hub):
    alice, bob = hub.trainee(0).login(PASSWORD), hub.trainee(1).login(PASSWORD)
    bob.start_server()
    alice.start_server()
    assert bob.contents("ch02_customer_insight.ipynb").status_code == 200
    refused = alice.contents("ch02_customer_insight.ipynb", owner=bob.name)
    assert refused.status_code in (403, 404), refused.status_code
    # and through the file system, from alice's own kernel: the operating system refuses
    (result,) = alice.run([f"open({str(hub.home(1) / 'progress.json')!r}).read()"])
    assert result["error"] and result["error"].startswith("PermissionError")


def test_wrong_password_and_unknown_trainee_are_refused(hub):
    with pytest.raises(HubRefused, match="login of .* refused: HTTP 403"):
        hub.trainee(2).login(PASSWORD + "x")
    with pytest.raises(HubRefused, match="login of .* refused: HTTP 403"):
        Trainee(hub.url, "crmnobody").login(PASSWORD)
    assert hub.trainee(2).login(PASSWORD).token  # the right password still works


def test_a_second_hub_on_a_busy_port_is_refused_and_changes_nothing(hub):
    other_state = hub.base / "other-state"
    args = [a if a != str(hub.state) else str(other_state) for a in hub.args]
    refused = hub.crm_course("hub", *args)
    assert refused.returncode == 2
    assert f"port {hub.port} on 127.0.0.1 is already in use" in refused.stderr
    assert not other_state.exists()
    # the same state folder on another port: the running hub holds it
    args = [a if a != str(hub.port) else str(free_port()) for a in hub.args]
    refused = hub.crm_course("hub", *args)
    assert refused.returncode == 2 and "another hub" in refused.stderr
    assert requests.get(f"{hub.url}/hub/api/", timeout=5).status_code == 200
    # bad passwords are refused before anything starts
    weak = hub.crm_course(
        "hub", "--password", "workshop", "--port", str(free_port()), "--state", str(other_state)
    )
    assert weak.returncode == 2 and "a default or a usual guess" in weak.stderr
    empty = hub.crm_course("hub", "--password", "", "--port", str(free_port()), "--state", str(other_state))
    assert empty.returncode == 2 and "`--password` is empty" in empty.stderr
    assert not other_state.exists()


def test_exam_mode_grades_on_the_hub_and_closes_hints(hub):
    trainee = hub.trainee(3).login(PASSWORD)
    trainee.start_server()
    opened = hub.crm_course(
        "hub",
        "exam",
        "open",
        "ch07",
        "--variants",
        "per-trainee",
        "--state",
        str(hub.state),
        "--prefix",
        str(hub.prefix),
    )
    assert opened.returncode == 0, opened.stderr
    try:
        cells = solution_cells("ch07_crm_workbench")
        probe = [
            "from course_lib.checks import hint, solution, check\n"
            "hint('ch07.lookup'); solution('ch07.lookup'); check('ch07.lookup', 'C00001')",
            f"import os; os.listdir({str(hub.prefix / 'course' / 'solutions')!r})",
        ]
        closed, unreadable = trainee.run(probe)
        assert "Hints are closed during the exam of ch07" in closed["stdout"]
        assert "Worked solutions are closed" in closed["stdout"]
        assert "graded by the hub" in closed["stdout"] and "✗ ch07.lookup" in closed["stdout"]
        assert unreadable["error"].startswith("PermissionError")
        ran = trainee.run(cells)
        assert not [r["error"] for r in ran if r["status"] != "ok"]
        printed = "".join(r["stdout"] for r in ran)
        assert printed.count("(graded by the hub; your instructor sees this result)") >= len(tasks("ch07"))
        assert "✗" not in printed  # the worked solution passes every task, graded by the hub
    finally:
        closed_run = hub.crm_course(
            "hub", "exam", "close", "--state", str(hub.state), "--prefix", str(hub.prefix)
        )
    assert closed_run.returncode == 0
    (sitting,) = sorted((hub.state / "exam").iterdir())
    records = json.loads((sitting / trainee.name / "progress.json").read_text())
    assert {t.id for t in tasks("ch07")} <= set(records)
    assert records["ch07.lookup"]["attempts"] == 2 and records["ch07.lookup"]["status"] == "pass"
    assert records["ch07.lookup"]["last_attempt"] == "pass" and records["ch07.lookup"]["first_passed"]
    # the exam's records are not in the trainee's own (editable) progress file
    own = hub.home(3) / "progress.json"
    assert not own.exists() or not any(k.startswith("ch07.") for k in json.loads(own.read_text()))
    (after,) = trainee.run(["from course_lib.checks import hint; hint('ch07.lookup')"])
    assert after["stdout"].startswith("Hint 1/")
    table = hub.crm_course("hub", "progress", "--state", str(hub.state))
    assert table.returncode == 0 and trainee.name in table.stdout and "Exam ch07-" in table.stdout


def test_a_course_update_reaches_trainees_and_keeps_their_edits(hub):
    trainee = hub.trainee(4).login(PASSWORD)
    trainee.start_server()
    path = "ch03_communication.ipynb"
    notebook = trainee.contents(path).json()["content"]
    notebook["cells"][0]["source"] = "My own notes on chapter 3."
    saved = trainee.api(
        "PUT", f"/user/{trainee.name}/api/contents/{path}", json={"type": "notebook", "content": notebook}
    )
    assert saved.status_code == 200
    trainee.stop_server()
    # a new release of the course: chapter 3's exercise changed, a new exercise appeared
    source = hub.base / "release"
    for name in install.COURSE_FILES:
        (shutil.copytree if (ROOT / name).is_dir() else shutil.copy2)(ROOT / name, source / name)
    changed = nbformat.read(source / "exercises" / path, as_version=4)
    changed.cells.append(nbformat.v4.new_markdown_cell("A new closing question."))
    nbformat.write(changed, source / "exercises" / path)
    shutil.copy2(
        source / "exercises" / "ch05_loyalty_value.ipynb", source / "exercises" / "ch05_bonus_case.ipynb"
    )
    assert install.ensure_installed(hub.prefix, source=source) == ["course files"]
    trainee.start_server()
    home = hub.home(4)
    assert "My own notes on chapter 3." in (home / path).read_text()  # the edit survived
    beside = list(home.glob("ch03_communication.course-*.ipynb"))
    assert beside and "A new closing question." in beside[0].read_text()  # the new version beside it
    assert (home / "ch05_bonus_case.ipynb").is_file()  # new material arrived


def test_the_hub_stops_cleanly(hub):
    seconds = hub.stop()
    assert hub.process.returncode == 0
    assert seconds < 30
    assert "The hub has stopped" in hub.log_path.read_text()
    leftover = subprocess.run(["pgrep", "-u", ",".join(hub.names)], capture_output=True, text=True)
    assert leftover.stdout.strip() == ""
    with pytest.raises(requests.ConnectionError):
        requests.get(f"{hub.url}/hub/api/", timeout=5)


def test_an_idle_server_is_culled_and_the_work_is_there_at_the_next_login():
    name = f"crmc{secrets.token_hex(2)}01"
    base = workshop_folder()
    idle = Hub(base, [name], idle_timeout=10, cull_every=10)
    try:
        users.create_trainees([name], home_base=base / "home")
        idle.start()
        trainee = idle.trainee(0).login(PASSWORD)
        trainee.start_server()
        (result,) = trainee.run(["open('notes.txt', 'w').write('call Ms Wang back on Friday')"])
        assert result["status"] == "ok"
        deadline = time.monotonic() + 90
        while trainee.server_is_running() and time.monotonic() < deadline:
            time.sleep(2)
        assert not trainee.server_is_running(), "the idle culler did not stop the idle server"
        trainee.start_server()
        (result,) = trainee.run(["print(open('notes.txt').read())"])
        assert result["stdout"].strip() == "call Ms Wang back on Friday"
    finally:
        idle.stop()
        users.remove_trainees([name])
        shutil.rmtree(base, ignore_errors=True)
