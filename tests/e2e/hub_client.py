"""The class hub for tests and benchmarks: :class:`Hub` runs ``crm-course hub`` on a free
port of 127.0.0.1, :class:`Trainee` is a trainee's side through the REST API (log in, start a
server, run code in a kernel of one's own). Used by tests/e2e/test_hub.py and
benchmarks/bench_hub.py.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import tempfile
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import nbformat
import requests
import websocket

from course_lib.hub import users
from course_lib.hub.run import PROXY_DIR
from course_lib.hub.workshop import free_port
from course_lib.notebook_tools import solution_code

ROOT = Path(__file__).resolve().parents[2]
#: The workshop password of the hubs tests and benchmarks start (made anew each run).
PASSWORD = "harbor-" + uuid.uuid4().hex[:8] + "-lotus"


class HubRefused(RuntimeError):
    """The hub answered a request with an error status."""


@dataclass
class Trainee:
    """One trainee's session with the hub at ``base`` (e.g. ``http://127.0.0.1:8000``)."""

    base: str
    name: str
    token: str = ""
    session: requests.Session = field(default_factory=requests.Session)

    def login(self, password: str) -> Trainee:
        """Log in through the hub's login form, then ask for an API token of one's own."""
        self.session.get(f"{self.base}/hub/login", timeout=30)
        xsrf = self.session.cookies.get("_xsrf", "")
        reply = self.session.post(
            f"{self.base}/hub/login?next=",
            data={"username": self.name, "password": password, "_xsrf": xsrf},
            allow_redirects=False,
            timeout=30,
        )
        if reply.status_code != 302:
            raise HubRefused(f"login of {self.name} refused: HTTP {reply.status_code}")
        reply = self.session.post(
            f"{self.base}/hub/api/users/{self.name}/tokens",
            json={"note": "e2e"},
            headers={"X-XSRFToken": self.session.cookies.get("_xsrf", "")},
            timeout=30,
        )
        if reply.status_code != 201:
            raise HubRefused(f"token for {self.name} refused: HTTP {reply.status_code} {reply.text[:200]}")
        self.token = reply.json()["token"]
        return self

    def api(self, method: str, path: str, **kwargs) -> requests.Response:
        """A request to the hub with the trainee's token (``path`` from the host root)."""
        headers = {"Authorization": f"token {self.token}", **kwargs.pop("headers", {})}
        return requests.request(method, f"{self.base}{path}", headers=headers, timeout=60, **kwargs)

    def start_server(self, timeout: float = 180.0) -> float:
        """Ask the hub for the trainee's server and wait until it is ready; return the seconds."""
        began = time.monotonic()
        reply = self.api("POST", f"/hub/api/users/{self.name}/server")
        if reply.status_code not in (201, 202, 400):  # 400: already running
            raise HubRefused(f"server of {self.name} refused: HTTP {reply.status_code} {reply.text[:200]}")
        while time.monotonic() - began < timeout:
            model = self.api("GET", f"/hub/api/users/{self.name}").json()
            server = (model.get("servers") or {}).get("")
            if server and server.get("ready"):
                return time.monotonic() - began
            time.sleep(0.5)
        raise TimeoutError(f"the server of {self.name} was not ready within {timeout:.0f} s")

    def stop_server(self) -> None:
        """Stop the trainee's server (as the idle culler would)."""
        self.api("DELETE", f"/hub/api/users/{self.name}/server")

    def server_is_running(self) -> bool:
        """Whether the hub lists a server for the trainee."""
        model = self.api("GET", f"/hub/api/users/{self.name}").json()
        return bool((model.get("servers") or {}).get(""))

    def contents(self, path: str, *, owner: str | None = None) -> requests.Response:
        """GET a file through a server's contents API (another trainee's with ``owner``)."""
        return self.api("GET", f"/user/{owner or self.name}/api/contents/{path}")

    def run(self, cells: list[str], timeout: float = 300.0) -> list[dict]:
        """Run ``cells`` one after another in a new kernel of the trainee's server.

        Returns one dict per cell: ``status`` of the execute reply, its ``stdout`` and, on an
        error, ``error``. The kernel is shut down afterwards.
        """
        reply = self.api("POST", f"/user/{self.name}/api/kernels", json={"name": "python3"})
        if reply.status_code != 201:
            raise HubRefused(f"kernel of {self.name} refused: HTTP {reply.status_code} {reply.text[:200]}")
        kernel = reply.json()["id"]
        url = self.base.replace("http", "ws", 1) + f"/user/{self.name}/api/kernels/{kernel}/channels"
        ws = websocket.create_connection(url, header=[f"Authorization: token {self.token}"], timeout=timeout)
        results = []
        try:
            for source in cells:
                results.append(_execute(ws, source, timeout))
        finally:
            ws.close()
            self.api("DELETE", f"/user/{self.name}/api/kernels/{kernel}")
        return results


def _execute(ws, source: str, timeout: float) -> dict:
    msg_id = uuid.uuid4().hex
    ws.send(
        json.dumps(
            {
                "header": {
                    "msg_id": msg_id,
                    "msg_type": "execute_request",
                    "username": "",
                    "session": "e2e",
                    "version": "5.3",
                },
                "parent_header": {},
                "metadata": {},
                "content": {"code": source, "silent": False, "store_history": True, "allow_stdin": False},
                "channel": "shell",
            }
        )
    )
    result, idle, replied = {"status": None, "stdout": "", "error": None}, False, False
    deadline = time.monotonic() + timeout
    while not (idle and replied):
        if time.monotonic() > deadline:
            raise TimeoutError(f"a cell ran longer than {timeout:.0f} s")
        message = json.loads(ws.recv())
        if message.get("parent_header", {}).get("msg_id") != msg_id:
            continue
        kind, content = message["msg_type"], message["content"]
        if kind == "stream" and content.get("name") == "stdout":
            result["stdout"] += content["text"]
        elif kind == "error":
            result["error"] = f"{content['ename']}: {content['evalue']}"
        elif kind == "status" and content.get("execution_state") == "idle":
            idle = True
        elif kind == "execute_reply":
            result["status"], replied = content["status"], True
    return result


def solution_cells(name: str) -> list[str]:
    """The code a trainee who worked exercise ``name`` runs: its solution, markers removed."""
    notebook = nbformat.read(ROOT / "solutions" / f"{name}.ipynb", as_version=4)
    return [solution_code(cell.source) for cell in notebook.cells if cell.cell_type == "code"]


class Hub:
    """A running ``crm-course hub`` and what it was started with."""

    def __init__(self, base: Path, names: list[str], *, idle_timeout: int = 3600, cull_every: int = 300):
        self.base, self.names = base, names
        self.prefix, self.state, self.homes = base / "opt", base / "state", base / "home"
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log_path = base / "hub.log"
        self.args = [
            "--trainees", ",".join(names), "--password", PASSWORD, "--port", str(self.port),
            "--prefix", str(self.prefix), "--state", str(self.state), "--home-base", str(self.homes),
            "--idle-timeout", str(idle_timeout), "--cull-every", str(cull_every),
        ]  # fmt: skip
        self.process = None

    def crm_course(self, *args, **kwargs) -> subprocess.CompletedProcess:
        command = [sys.executable, "-m", "course_lib.cli", *args]
        return subprocess.run(command, capture_output=True, text=True, timeout=600, **kwargs)

    def start(self) -> Hub:
        self.log = open(self.log_path, "w")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "course_lib.cli", "hub", *self.args],
            stdout=self.log,
            stderr=subprocess.STDOUT,
            env=dict(os.environ, PATH=f"{PROXY_DIR / 'node_modules' / '.bin'}:{os.environ['PATH']}"),
        )
        deadline = time.monotonic() + 300
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"the hub exited early:\n{self.log_path.read_text()[-3000:]}")
            try:
                if requests.get(f"{self.url}/hub/api/", timeout=2).status_code == 200:
                    return self
            except requests.RequestException:
                pass
            time.sleep(0.5)
        raise RuntimeError(f"the hub did not start within 300 s:\n{self.log_path.read_text()[-3000:]}")

    def stop(self, timeout: float = 60) -> float:
        """Ctrl-C the hub; return how long it took to exit."""
        began = time.monotonic()
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
            try:
                self.process.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        if getattr(self, "log", None) is not None:
            self.log.close()
        return time.monotonic() - began

    def trainee(self, index: int) -> Trainee:
        return Trainee(self.url, self.names[index])

    def home(self, index: int) -> Path:
        return users.home_of(self.names[index])


def workshop_folder() -> Path:
    base = Path(tempfile.mkdtemp(prefix="crm-hub-e2e-"))
    base.chmod(0o755)  # trainees reach their homes under it, as under /home
    (base / "home").mkdir(mode=0o755)
    return base
