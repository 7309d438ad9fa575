"""The class hub's decisions, without starting a hub: passwords, rosters, ports, the
configuration, exam windows, hub-side grading and what a trainee's kernel does while an exam
is open. The hub itself, with real users and servers, is tested in tests/e2e/test_hub.py.
"""

from __future__ import annotations

import json
import os
import socket
from pathlib import Path

import pytest
from traitlets.config import Config

from course_lib.checks import check, evaluate, hint, load_progress, solution
from course_lib.checks.ch07 import DEFAULT_VARIANT, exam_variant, exam_variants
from course_lib.hub import exam, grader, install, run, workshop
from course_lib.hub.wire import dumps
from course_lib.validation import CourseDataError

pytestmark = pytest.mark.usefixtures("workspace")
OPENED = "2026-12-02T09:00:00+08:00"


# ---------------------------------------------------------------------------- the workshop
@pytest.mark.parametrize(
    "password, dev, message",
    [
        ("", False, "`--password` is empty"),
        (None, False, "`--password` is empty"),
        ("short", False, "`--password` has 5 characters"),
        ("workshop", False, "a default or a usual guess"),
        ("PASSWORD", False, "a default or a usual guess"),
        (workshop.DEV_PASSWORD, False, "a default or a usual guess"),
        ("short", True, "`--password` has 5 characters"),
    ],
)
def test_a_weak_or_missing_password_is_refused(password, dev, message):
    with pytest.raises(CourseDataError, match=message):
        workshop.check_password(password, dev=dev)


def test_dev_mode_accepts_the_default_password():
    assert workshop.check_password("", dev=True) == workshop.DEV_PASSWORD
    assert workshop.check_password("workshop", dev=True) == "workshop"
    assert workshop.check_password("  tide-4821-cedar ") == "tide-4821-cedar"


def test_a_new_password_passes_the_policy():
    passwords = {workshop.new_password() for _ in range(5)}
    assert len(passwords) > 1
    assert all(workshop.check_password(p) == p for p in passwords)


def test_rosters():
    assert workshop.read_roster("li_wei\nwang_fang, zhang-min  # late\n\n") == (
        "li_wei",
        "wang_fang",
        "zhang-min",
    )
    with pytest.raises(CourseDataError, match="names li_wei more than once"):
        workshop.read_roster("li_wei, li_wei")
    with pytest.raises(CourseDataError, match="'Wang Fang' cannot be a system user name"):
        workshop.read_roster("Wang Fang")
    with pytest.raises(CourseDataError, match="names no trainee"):
        workshop.read_roster("# nobody yet")
    assert workshop.numbered_trainees(12)[-1] == "trainee12"
    with pytest.raises(CourseDataError, match="from 1 to 200"):
        workshop.numbered_trainees(0)


def test_a_busy_port_is_seen_and_refused_before_anything_is_written(tmp_path):
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        sock.listen()
        port = sock.getsockname()[1]
        assert workshop.port_in_use("127.0.0.1", port)
        with pytest.raises(CourseDataError, match=f"port {port} on 127.0.0.1 is already in use"):
            run.prepare(
                trainees=("alice",), password="tide-4821-cedar", dev=False, ip="127.0.0.1", port=port,
                prefix=tmp_path / "opt", state=tmp_path / "state", proxy=None,
                idle_timeout=3600, cull_every=300, create_users=False,
            )  # fmt: skip
    assert not (tmp_path / "state").exists() and not (tmp_path / "opt").exists()


def _settings(tmp_path, **changes):
    values = dict(
        password="tide-4821-cedar", trainees=("alice", "bob"), prefix=tmp_path / "opt",
        state=tmp_path / "state", proxy="/usr/bin/configurable-http-proxy",
    )  # fmt: skip
    return workshop.WorkshopSettings(**{**values, **changes})


def test_the_configuration_jupyterhub_reads(tmp_path):
    settings = _settings(tmp_path, port=8123)
    private = settings.private
    private.mkdir(parents=True)
    (private / "password").write_text("tide-4821-cedar\n")
    values = workshop.config_values(settings, password_file=private / "password")
    assert "tide-4821-cedar" not in json.dumps(values)  # the password stays in its own file
    (private / "workshop.json").write_text(json.dumps(values))
    config = Config()
    exec(workshop.CONFIG, {"get_config": lambda: config, "__file__": str(private / "jupyterhub_config.py")})
    assert config.JupyterHub.ip == "127.0.0.1" and config.JupyterHub.port == 8123
    assert config.JupyterHub.authenticator_class == "shared-password"
    assert config.SharedPasswordAuthenticator.user_password == "tide-4821-cedar"
    assert config.Authenticator.allowed_users == {"alice", "bob"}
    assert config.JupyterHub.spawner_class == "localprocess"
    assert config.Spawner.cmd[1:] == ["-m", "course_lib.hub.singleuser"]
    env = config.Spawner.environment
    assert env["CRM_COURSE_EXAM_STATE"] == str(settings.state / "public" / "exam.json")
    assert env["CRM_COURSE_GRADER_URL"] == "http://127.0.0.1:8123/services/crm-grader"
    names = [s["name"] for s in config.JupyterHub.services]
    assert names == ["crm-grader", "idle-culler"]
    assert "--timeout=3600" in config.JupyterHub.services[1]["command"]
    assert "access:services!service=crm-grader" in config.Spawner.server_token_scopes


# ---------------------------------------------------------------------------- exam windows
def test_windows_round_trip_and_bad_files_read_as_closed(tmp_path):
    document = exam.window_document("ch07", variants="per-trainee", seed=3, opened=OPENED)
    window = exam.parse_window(document)
    assert window == exam.ExamWindow("ch07", OPENED, "per-trainee", 3)
    assert window.covers("ch07.lookup") and not window.covers("ch02.r_score")
    for bad in ({}, {**document, "variants": True}, {**document, "chapter": 7}, [], "x"):
        assert exam.parse_window(bad) is None
    path = tmp_path / "exam.json"
    path.write_text("{ half a file")
    assert exam.current_window(path) is None


def test_per_trainee_variants_are_stable_and_spread():
    window = exam.ExamWindow("ch07", OPENED, "per-trainee", seed=11)
    count = len(exam_variants())
    names = [f"trainee{i:02d}" for i in range(1, 31)]
    numbers = [exam.variant_number(window, name, count) for name in names]
    assert numbers == [exam.variant_number(window, name, count) for name in names]
    assert all(1 <= n < count for n in numbers)
    assert len(set(numbers)) >= 15  # neighbours rarely share a variant
    other = exam.ExamWindow("ch07", OPENED, "per-trainee", seed=12)
    assert numbers != [exam.variant_number(other, name, count) for name in names]


@pytest.fixture
def open_exam(tmp_path, monkeypatch):
    """An open exam window of chapter 7 as a trainee's server sees it (no grader reachable)."""

    def opener(variants=0):
        state = tmp_path / "exam.json"
        state.write_text(json.dumps(exam.window_document("ch07", variants=variants, seed=5, opened=OPENED)))
        monkeypatch.setenv(exam.STATE_ENV, str(state))
        monkeypatch.setenv("JUPYTERHUB_USER", "alice")
        monkeypatch.delenv(exam.GRADER_ENV, raising=False)
        return state

    return opener


def test_during_an_exam_hints_and_solutions_are_closed_for_its_chapter_only(open_exam, capsys):
    open_exam()
    hint("ch07.lookup")
    solution("ch07.lookup")
    hint("ch02.r_score")
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("Hints are closed during the exam of ch07 (open since 2026-12-02 09:00)")
    assert lines[1].startswith("Worked solutions are closed during the exam of ch07")
    assert lines[2].startswith("Hint 1/")


def test_during_an_exam_a_check_is_not_graded_in_the_kernel(open_exam, capsys):
    open_exam()
    check("ch07.lookup", DEFAULT_VARIANT.customer_id)
    check("ch07.lookup", ...)
    first, second = capsys.readouterr().out.splitlines()
    assert first.startswith(
        "✗ ch07.lookup — not graded: the exam is open but this server does not know the hub's grader"
    )
    assert "not attempted yet" in second
    assert "ch07.lookup" not in load_progress()  # nothing the trainee could edit


def test_the_window_chooses_the_exam_variant(open_exam):
    open_exam(variants=3)
    assert exam_variant() == exam_variants()[3]
    open_exam(variants="per-trainee")
    window = exam.current_window()
    assert exam_variant() == exam_variants()[exam.variant_number(window, "alice", len(exam_variants()))]


# ---------------------------------------------------------------------------- hub-side grading
@pytest.fixture
def hub_state(tmp_path):
    """A hub state folder with an open exam of chapter 7, one variant per trainee."""
    (tmp_path / "public").mkdir()
    document = exam.window_document("ch07", variants="per-trainee", seed=5, opened=OPENED)
    (tmp_path / "public" / "exam.json").write_text(json.dumps(document))
    return tmp_path


def _variant_of(trainee: str):
    window = exam.ExamWindow("ch07", OPENED, "per-trainee", 5)
    return exam_variants()[exam.variant_number(window, trainee, len(exam_variants()))]


def test_the_grader_grades_each_trainees_own_variant_and_keeps_the_records(hub_state):
    mine = _variant_of("alice")
    assert mine != DEFAULT_VARIANT
    code, reply = grader.grade(hub_state, "alice", "ch07.lookup", dumps(DEFAULT_VARIANT.customer_id).decode())
    assert code == 200 and reply["status"] == "fail" and "wrong caller" in reply["message"]
    code, reply = grader.grade(hub_state, "alice", "ch07.lookup", dumps(mine.customer_id).decode())
    assert (code, reply["status"]) == (200, "pass")
    assert reply["message"] == evaluate("ch07.lookup", DEFAULT_VARIANT.customer_id)[1]  # the same validator
    (sitting,) = (hub_state / "exam").iterdir()
    assert sitting.name == "ch07-2026-12-02T0900"
    record = json.loads((sitting / "alice" / "progress.json").read_text())["ch07.lookup"]
    assert record["status"] == "pass" and record["attempts"] == 2 and record["last_attempt"] == "pass"
    assert oct((sitting / "alice" / "progress.json").stat().st_mode & 0o777) == "0o600"


@pytest.mark.parametrize(
    "task, payload, code, message",
    [
        ("ch02.r_score", dumps(1).decode(), 409, "no exam is open for this task"),
        ("ch07.no_such_task", dumps(1).decode(), 404, "has no task 'ch07.no_such_task'"),
        ("ch07.lookup", '{"type": "pickle", "data": "gASV"}', 400, "the answer could not be read"),
        ("ch07.lookup", "not json", 400, "the answer could not be read"),
    ],
)
def test_the_grader_refuses_what_it_cannot_grade_and_records_nothing(hub_state, task, payload, code, message):
    got, reply = grader.grade(hub_state, "alice", task, payload)
    assert got == code and message in reply["message"]
    assert not (hub_state / "exam").exists()


def test_the_grader_never_grades_a_store_that_is_not_the_trainees(hub_state, tmp_path):
    from course_lib.workbench import RecordStore

    store = RecordStore(tmp_path / "someone_else.sqlite")  # made by this process's user
    store.log_followup(
        DEFAULT_VARIANT.customer_id, channel="phone", outcome="reached", note="x", next_date="2025-01-06"
    )
    owner = "nobody" if os.geteuid() == 0 else "root"
    code, reply = grader.grade(hub_state, owner, "ch07.followup", dumps((store, 1)).decode())
    assert code == 200 and reply["status"] == "fail"
    assert "must be a record store of your own" in reply["message"]


# ---------------------------------------------------------------------------- the installed course
def test_the_install_fingerprint_follows_the_files(tmp_path):
    (tmp_path / "course_lib").mkdir()
    (tmp_path / "course_lib" / "a.py").write_text("x = 1\n")
    before = install.fingerprint(tmp_path)
    (tmp_path / "course_lib" / "a.py").write_text("x = 2\n")
    assert install.fingerprint(tmp_path) != before
    with pytest.raises(CourseDataError, match="is the course folder itself"):
        install.ensure_installed(tmp_path, source=tmp_path)


def test_a_python_in_roots_home_is_not_offered_to_trainees(tmp_path):
    private = tmp_path / "private"
    private.mkdir(mode=0o700)
    (private / "python").write_text("")
    (private / "python").chmod(0o755)
    assert not install.world_usable(private / "python")
    assert install.world_usable(Path("/bin/sh"))
