"""Browser tests: JupyterLab on 127.0.0.1 with a token, driven in headless Chromium.

Chromium is Debian's (found with ``shutil.which("chromium")``; set ``CRM_COURSE_CHROMIUM``
to use another binary). Screenshots are saved under ``build/e2e/``.
"""

from __future__ import annotations

import os
import secrets
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SHOTS = ROOT / "build" / "e2e"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def _chromium() -> str | None:
    return (
        os.environ.get("CRM_COURSE_CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
    )


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="session")
def browser():
    executable = _chromium()
    if executable is None:
        pytest.skip("Chromium not found: install Debian's chromium or set CRM_COURSE_CHROMIUM")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


#: What the lab fixture copies: the course as a trainee has it (work/ is made by the tests).
COURSE_FOLDERS = ("notebooks", "exercises", "solutions", "docs")


@pytest.fixture(scope="session")
def lab(tmp_path_factory):
    """JupyterLab started as ``make lab`` starts it, on a copy of the course.

    The server is rooted at the course folder (notebooks/, exercises/, solutions/, docs/ and
    the trainee's work/ side by side) and reads the course's settings overrides from the
    environment. Yields (base_url, token, root, workspace); the workspace is ``root/work``.
    """
    root = tmp_path_factory.mktemp("course")
    for folder in COURSE_FOLDERS:
        shutil.copytree(ROOT / folder, root / folder)
    workspace = root / "work"
    workspace.mkdir()
    # Draw every cell of a notebook, not only those near the screen, so that tests find
    # links and outputs anywhere in a chapter (the trainee's default is left alone).
    tracker = root / ".jupyter" / "lab" / "user-settings" / "@jupyterlab" / "notebook-extension"
    tracker.mkdir(parents=True)
    (tracker / "tracker.jupyterlab-settings").write_text('{"windowingMode": "none"}', encoding="utf-8")
    port, token = _free_port(), secrets.token_hex(16)
    env = dict(os.environ, CRM_COURSE_WORKSPACE=str(workspace), JUPYTER_CONFIG_DIR=str(root / ".jupyter"))
    log_path = tmp_path_factory.mktemp("log") / "lab.log"
    log = open(log_path, "w")
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "jupyterlab",
            "--no-browser",
            "--ServerApp.ip=127.0.0.1",
            f"--ServerApp.port={port}",
            f"--IdentityProvider.token={token}",
            f"--ServerApp.root_dir={root}",
            "--ServerApp.open_browser=False",
            "--ServerApp.allow_root=True",
        ],
        stdout=log,
        stderr=subprocess.STDOUT,
        env=env,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"{base}/api/status?token={token}", timeout=2)
            break
        except OSError as error:
            if server.poll() is not None:
                raise RuntimeError(f"JupyterLab exited early; see {log_path}") from error
            time.sleep(0.5)
    else:
        server.terminate()
        raise RuntimeError(f"JupyterLab did not start within 120 s; see {log_path}")
    yield base, token, root, workspace
    server.terminate()
    try:
        server.wait(timeout=15)
    except subprocess.TimeoutExpired:
        server.kill()
    log.close()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """Keep each phase's report on the test item, so fixtures know whether the test failed."""
    outcome = yield
    report = outcome.get_result()
    setattr(item, f"report_{report.when}", report)


@pytest.fixture
def page(browser, request):
    """A browser page; when the test fails, its screenshot and console log are saved."""
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    page = context.new_page()
    console = []
    page.on("console", lambda message: console.append(f"[{message.type}] {message.text}"))
    page.on("pageerror", lambda error: console.append(f"[pageerror] {error}"))
    yield page
    report = getattr(request.node, "report_call", None)
    if report is not None and report.failed:
        name = f"FAILED_{request.node.name}"
        try:
            screenshot(page, name)
        except Exception as error:  # a crashed page still gets its log saved
            console.append(f"[screenshot failed] {error}")
        (SHOTS / f"{name}.console.log").write_text("\n".join(console) + "\n", encoding="utf-8")
    context.close()


def screenshot(page, name: str) -> Path:
    SHOTS.mkdir(parents=True, exist_ok=True)
    path = SHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=False)
    return path
