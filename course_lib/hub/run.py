"""``crm-course hub``: start a workshop's JupyterHub, open and close exams, see the class.

The order matters: everything that can be refused (password, names, port, the state folder
held by another hub) is checked before anything is written or started, so a mistaken
second command loses nothing of the first.
"""

from __future__ import annotations

import fcntl
import json
import os
import shutil
import signal
import subprocess
from dataclasses import replace
from pathlib import Path

from ..course import ROOT, write_atomic
from ..validation import CourseDataError
from . import exam, install, users, workshop

__all__ = [
    "DEFAULT_PREFIX",
    "DEFAULT_STATE",
    "find_proxy",
    "prepare",
    "run_hub",
    "open_exam",
    "close_exam",
    "roster_of",
    "sittings",
]

DEFAULT_PREFIX = Path("/opt/crm-course")
DEFAULT_STATE = Path("/var/lib/crm-course-hub")
#: Where `make hub` installs configurable-http-proxy with npm.
PROXY_DIR = ROOT / "build" / "hub-proxy"


def find_proxy(given: str | None = None) -> str:
    """The configurable-http-proxy command: ``given``, the one `make hub` installed, or PATH's."""
    candidates = [given] if given else [str(PROXY_DIR / "node_modules" / ".bin" / "configurable-http-proxy")]
    candidates.append(shutil.which("configurable-http-proxy") or "")
    for candidate in candidates:
        if candidate and Path(candidate).is_file() and os.access(candidate, os.X_OK):
            return candidate
    raise CourseDataError(
        "configurable-http-proxy (the hub's proxy, from npm) is not installed: run `make hub`, "
        "which installs it, or give its path with --proxy."
    )


def _lock_state(state: Path):
    """Hold ``state/hub/hub.lock`` for as long as the returned file is open; refuse if held."""
    (state / "hub").mkdir(parents=True, exist_ok=True, mode=0o700)
    handle = open(state / "hub" / "hub.lock", "a+")
    try:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        handle.seek(0)
        owner = handle.read().strip() or "another process"
        handle.close()
        raise CourseDataError(
            f"another hub ({owner}) is running with the state folder {state}; stop it first, or "
            "give this one another --state. Nothing was changed."
        ) from None
    handle.seek(0)
    handle.truncate()
    handle.write(f"pid {os.getpid()}")
    handle.flush()
    return handle


def prepare(
    *,
    trainees: tuple[str, ...],
    password: str | None,
    dev: bool,
    ip: str,
    port: int,
    prefix: Path,
    state: Path,
    proxy: str | None,
    idle_timeout: int,
    cull_every: int,
    create_users: bool,
) -> tuple[workshop.WorkshopSettings, bool]:
    """Check every input, then settle the settings; return them and whether the password was
    made by the command. Writes nothing.
    """
    generated = password is None and not dev
    password = workshop.new_password() if generated else workshop.check_password(password, dev=dev)
    if not trainees:
        raise CourseDataError("`--trainees` names nobody: give a number (e.g. 30) or the trainees' names.")
    for name, value in (("--idle-timeout", idle_timeout), ("--cull-every", cull_every)):
        if value < 10:
            raise CourseDataError(f"`{name}` must be at least 10 seconds; got {value}.")
    if workshop.port_in_use(ip, port):
        raise CourseDataError(
            f"port {port} on {ip} is already in use (another hub, or another server): stop it or "
            "choose another --port. Nothing was changed."
        )
    if os.geteuid() != 0:
        raise CourseDataError(
            "the hub runs each trainee's server as their own system user, which needs root: run it with sudo."
        )
    missing = workshop.missing_users(trainees)
    if missing and not create_users:
        raise CourseDataError(
            f"{', '.join(missing)} {'is' if len(missing) == 1 else 'are'} not a user of this machine; "
            "create them, or leave out --no-create-users."
        )
    settings = workshop.WorkshopSettings(
        password=password,
        trainees=tuple(trainees),
        prefix=prefix.resolve(),
        state=state.resolve(),
        proxy=find_proxy(proxy),
        ip=ip,
        port=port,
        idle_timeout=idle_timeout,
        cull_every=cull_every,
    )
    ports = set()
    while len(ports) < 3:
        ports.add(workshop.free_port())
    hub_port, api_port, grader_port = sorted(ports)
    return replace(settings, hub_port=hub_port, proxy_api_port=api_port, grader_port=grader_port), generated


def _write_state(settings: workshop.WorkshopSettings) -> Path:
    state, private = settings.state, settings.private
    state.chmod(0o755)
    for folder, mode in ((private, 0o700), (state / "exam", 0o700), (state / "public", 0o755)):
        folder.mkdir(exist_ok=True)
        folder.chmod(mode)
    password_file = private / "password"
    write_atomic(password_file, settings.password.encode() + b"\n", mode=0o600)
    values = workshop.config_values(settings, password_file=password_file)
    write_atomic(private / "workshop.json", json.dumps(values, indent=1).encode(), mode=0o600)
    config = private / "jupyterhub_config.py"
    write_atomic(config, workshop.CONFIG.encode(), mode=0o600)
    return config


def _banner(settings: workshop.WorkshopSettings, generated: bool, created: list[str]) -> str:
    names = ", ".join(settings.trainees[:6]) + (", …" if len(settings.trainees) > 6 else "")
    lines = [
        f"The workshop hub is starting at {settings.url}",
        f"  trainees ({len(settings.trainees)}): {names}",
        f"  workshop password: {settings.password}" + ("   (made for this workshop)" if generated else ""),
        f"  the course, read-only: {settings.prefix / 'course'}; each trainee works in their home",
        f"  idle servers stop after {settings.idle_timeout // 60} min; their work stays in their home",
    ]
    if created:
        lines.append(f"  created system users: {', '.join(created)}")
    lines += [
        "Exams: crm-course hub exam open ch07  ·  crm-course hub exam close",
        "Class table: crm-course hub progress  ·  stop the hub: Ctrl-C",
    ]
    return "\n".join(lines)


def run_hub(settings: workshop.WorkshopSettings, *, generated: bool, home_base: Path | None = None) -> int:
    """Install the course, write the hub's state and run JupyterHub until Ctrl-C or SIGTERM.

    On either, the hub stops every trainee server and its proxy, then exits with 0.
    """
    lock = _lock_state(settings.state)
    try:
        created = users.create_trainees(settings.trainees, home_base=home_base)
        done = install.ensure_installed(settings.prefix)
        if done:
            print(f"Installed the course in {settings.prefix}: {', '.join(done)}.", flush=True)
        window = exam.current_window(settings.exam_state)
        install.set_solutions_readable(settings.prefix, window is None)
        config = _write_state(settings)
        print(_banner(settings, generated, created), flush=True)
        hub = subprocess.Popen(
            [str(settings.prefix / "venv" / "bin" / "jupyterhub"), "-f", str(config)],
            cwd=settings.private,
            start_new_session=True,
            umask=0o077,  # the hub's database and logs are root's alone
        )
        stopping = []

        def stop(signum, frame):
            stopping.append(signum)
            if hub.poll() is None:
                hub.send_signal(signal.SIGTERM)

        previous = {sig: signal.signal(sig, stop) for sig in (signal.SIGINT, signal.SIGTERM)}
        try:
            while True:
                try:
                    code = hub.wait(timeout=1.0)
                    break
                except subprocess.TimeoutExpired:
                    continue
        finally:
            for sig, handler in previous.items():
                signal.signal(sig, handler)
            if hub.poll() is None:
                hub.terminate()
                try:
                    hub.wait(timeout=30)
                except subprocess.TimeoutExpired:
                    hub.kill()
        if stopping:
            print("The hub has stopped; every trainee's work is in their home.", flush=True)
            return 0
        return code
    finally:
        lock.close()


def _state_settings(state: Path) -> dict:
    try:
        return json.loads((state / "hub" / "workshop.json").read_text(encoding="utf-8"))
    except OSError:
        raise CourseDataError(
            f"{state} holds no workshop hub (no workshop.json): give the hub's --state."
        ) from None


def roster_of(state: Path) -> list[str]:
    """The trainees of the hub whose state folder is ``state``."""
    return list(_state_settings(state)["trainees"])


def open_exam(
    state: Path, prefix: Path, chapter: str, *, variants: str | int = 0, seed: int | None = None
) -> exam.ExamWindow:
    """Open an exam window for ``chapter``: hints and solutions close, checks go to the grader."""
    from ..checks import tasks
    from ..course import chapter as find_chapter

    key = find_chapter(chapter).short
    if not tasks(key):
        raise CourseDataError(f"chapter {chapter!r} has no graded tasks to examine.")
    _state_settings(state)
    if seed is None:
        seed = int.from_bytes(os.urandom(4), "big")
    document = exam.window_document(key, variants=variants, seed=seed)
    public = state / "public"
    public.mkdir(exist_ok=True)
    install.set_solutions_readable(prefix, False)
    write_atomic(public / "exam.json", json.dumps(document).encode(), mode=0o644)
    return exam.parse_window(document)


def close_exam(state: Path, prefix: Path) -> exam.ExamWindow | None:
    """Close the open exam window (if any): hints and solutions come back. Returns it."""
    window = exam.current_window(state / "public" / "exam.json")
    (state / "public" / "exam.json").unlink(missing_ok=True)
    install.set_solutions_readable(prefix, True)
    return window


def sittings(state: Path) -> list[Path]:
    """The exam sittings recorded by the grader, oldest first."""
    folder = state / "exam"
    return sorted(p for p in folder.iterdir() if p.is_dir()) if folder.is_dir() else []
