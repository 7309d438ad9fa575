"""A workshop's JupyterHub, decided before anything starts: who may log in, with which
password, on which address, and the JupyterHub configuration that follows.

Everything here is pure or only reads the system (users, ports), so that ``crm-course hub``
can refuse bad input before it writes or starts anything.
"""

from __future__ import annotations

import pwd
import re
import secrets
import socket
from dataclasses import dataclass
from pathlib import Path

from ..validation import CourseDataError

__all__ = [
    "DEV_PASSWORD",
    "GRADER_SERVICE",
    "WorkshopSettings",
    "check_password",
    "new_password",
    "read_roster",
    "numbered_trainees",
    "port_in_use",
    "free_port",
    "missing_users",
    "config_values",
    "CONFIG",
]

#: The password ``--dev`` uses when none is given; refused outside ``--dev``.
DEV_PASSWORD = "crm-course-dev"
#: Passwords refused outside ``--dev``: the course's own default and the usual guesses.
_KNOWN_PASSWORDS = {
    DEV_PASSWORD,
    "password",
    "password1",
    "12345678",
    "123456789",
    "changeme",
    "workshop",
    "jupyter",
    "jupyterhub",
    "crm-course",
    "qwertyui",
}
_MIN_LENGTH = 8  # JupyterHub's shared-password authenticator refuses shorter ones
#: The name of the hub's grading service (its URL path is /services/crm-grader/).
GRADER_SERVICE = "crm-grader"
_NAME = re.compile(r"^[a-z_][a-z0-9_-]{0,30}$")


@dataclass(frozen=True)
class WorkshopSettings:
    """What a workshop hub needs; :func:`config_text` turns it into JupyterHub's config.

    ``prefix`` is where the course is installed, read-only (its ``venv/`` runs the hub, the
    grader and every trainee server); ``state`` is the hub's own folder (database, cookie
    secret, exam records), readable by root only (``state/hub``, ``state/exam``), except
    ``state/public`` (the exam window every trainee server reads).
    """

    password: str
    trainees: tuple[str, ...]
    prefix: Path
    state: Path
    proxy: str
    ip: str = "127.0.0.1"
    port: int = 8000
    hub_port: int = 8081
    proxy_api_port: int = 8001
    grader_port: int = 8082
    idle_timeout: int = 3600
    cull_every: int = 300

    @property
    def python(self) -> Path:
        """The installed course's Python."""
        return self.prefix / "venv" / "bin" / "python"

    @property
    def private(self) -> Path:
        """The hub's own files (database, cookie secret, password, config): root only."""
        return self.state / "hub"

    @property
    def exam_state(self) -> Path:
        """The exam window file every trainee server reads (:mod:`course_lib.hub.exam`)."""
        return self.state / "public" / "exam.json"

    @property
    def url(self) -> str:
        """The address trainees open."""
        host = "127.0.0.1" if self.ip in ("", "0.0.0.0") else self.ip
        return f"http://{host}:{self.port}/"


def check_password(password: str | None, *, dev: bool = False) -> str:
    """The workshop password to use, or a :class:`CourseDataError` saying why not.

    Outside ``dev`` a password must be given, be at least 8 characters and not be a
    default or a usual guess; with ``dev`` an empty one becomes :data:`DEV_PASSWORD`.

    Examples
    --------
    >>> check_password("tea-and-loyalty-2026")
    'tea-and-loyalty-2026'
    >>> check_password(None, dev=True) == DEV_PASSWORD
    True
    >>> check_password("workshop")
    Traceback (most recent call last):
    ...
    course_lib.validation.CourseDataError: `--password` 'workshop' is a default or a usual guess: ...
    """
    text = (password or "").strip()
    if not text:
        if dev:
            return DEV_PASSWORD
        raise CourseDataError(
            "`--password` is empty: give the workshop a password of 8 characters or more "
            "(or leave it out and the command makes one), or use --dev on your own machine."
        )
    if len(text) < _MIN_LENGTH:
        raise CourseDataError(
            f"`--password` has {len(text)} characters; a workshop password needs at least {_MIN_LENGTH}."
        )
    if text.lower() in _KNOWN_PASSWORDS and not dev:
        raise CourseDataError(
            f"`--password` {text!r} is a default or a usual guess: anyone could log in as a "
            "trainee. Choose another (or leave it out and the command makes one); only --dev "
            "accepts it."
        )
    return text


def new_password() -> str:
    """A fresh workshop password, easy to read aloud and type (three words of letters and a
    number), e.g. ``"mint-6482-river"``.

    Examples
    --------
    >>> len(new_password()) >= 12
    True
    """
    words = ["amber", "cedar", "coral", "delta", "ember", "fjord", "grove", "harbor", "indigo",
             "jade", "lotus", "maple", "mint", "ocean", "pearl", "river", "sage", "tide"]  # fmt: skip
    return f"{secrets.choice(words)}-{secrets.randbelow(9000) + 1000}-{secrets.choice(words)}"


def _valid_name(name: str) -> str:
    if not _NAME.match(name):
        raise CourseDataError(
            f"trainee name {name!r} cannot be a system user name: use lower-case letters, digits, "
            "'_' or '-', starting with a letter, at most 31 characters (e.g. wang_fang)."
        )
    return name


def read_roster(text: str) -> tuple[str, ...]:
    """The trainees' names from a roster: one per line or separated by commas; ``#`` comments.

    Examples
    --------
    >>> read_roster("wang_fang, li_wei\\n# late joiner\\nzhang_min")
    ('li_wei', 'wang_fang', 'zhang_min')
    """
    names = []
    for line in text.splitlines():
        line = line.split("#", 1)[0]
        names.extend(part.strip() for part in line.split(",") if part.strip())
    if not names:
        raise CourseDataError("the roster names no trainee: give one name per line or separated by commas.")
    duplicates = sorted({n for n in names if names.count(n) > 1})
    if duplicates:
        raise CourseDataError(f"the roster names {', '.join(duplicates)} more than once.")
    return tuple(sorted(_valid_name(n) for n in names))


def numbered_trainees(count: int, prefix: str = "trainee") -> tuple[str, ...]:
    """``count`` names ``prefix01``, ``prefix02``, … for a workshop without a roster.

    Examples
    --------
    >>> numbered_trainees(3)
    ('trainee01', 'trainee02', 'trainee03')
    """
    if isinstance(count, bool) or not isinstance(count, int) or not 1 <= count <= 200:
        raise CourseDataError(
            f"`--trainees` must be a number from 1 to 200 or a list of names; got {count!r}."
        )
    return tuple(_valid_name(f"{prefix}{i:02d}") for i in range(1, count + 1))


def missing_users(names) -> list[str]:
    """The names that are not system users of this machine.

    Examples
    --------
    >>> missing_users(["root", "no_such_user_here"])
    ['no_such_user_here']
    """
    missing = []
    for name in names:
        try:
            pwd.getpwnam(name)
        except KeyError:
            missing.append(name)
    return missing


def port_in_use(ip: str, port: int) -> bool:
    """Whether something already listens on ``ip:port`` (e.g. another hub).

    Examples
    --------
    >>> port_in_use("127.0.0.1", free_port())
    False
    """
    host = "127.0.0.1" if ip in ("", "0.0.0.0") else ip
    with socket.socket() as sock:
        sock.settimeout(1.0)
        return sock.connect_ex((host, port)) == 0


def free_port(ip: str = "127.0.0.1") -> int:
    """A port the system has just found free on ``ip``."""
    with socket.socket() as sock:
        sock.bind((ip, 0))
        return sock.getsockname()[1]


def config_values(settings: WorkshopSettings, *, password_file: Path) -> dict:
    """The settings :data:`CONFIG` reads (``workshop.json`` beside it in the state folder).

    The password is not among them: the config reads it from ``password_file`` (root's
    only). Trainees log in with their name and the shared password (JupyterHub's
    shared-password authenticator, limited to the roster); each trainee's server runs as the
    system user of that name (the local process spawner), in their home, with the course's
    exercises brought in by :mod:`course_lib.hub.singleuser`. The grading service and
    jupyterhub-idle-culler run beside the hub.

    Examples
    --------
    >>> s = WorkshopSettings("x" * 12, ("wang_fang",), Path("/opt/crm-course"), Path("/var/lib/crm-course-hub"), "chp")
    >>> config_values(s, password_file=Path("/var/lib/crm-course-hub/password"))["cmd"][-1]
    'course_lib.hub.singleuser'
    """
    s = settings
    py = str(s.python)
    services = [
        {
            "name": GRADER_SERVICE,
            "url": f"http://127.0.0.1:{s.grader_port}",
            "command": [py, "-m", "course_lib.hub.grader", "--state", str(s.state)],
            "display": False,
        },
        {
            "name": "idle-culler",
            # The hub stops its services with SIGINT, which the culler ignores (the hub would
            # wait 10 s before a SIGTERM): exit at once, it keeps no state.
            "command": [
                py,
                "-c",
                "import os, signal; signal.signal(signal.SIGINT, lambda *_: os._exit(0)); "
                "from jupyterhub_idle_culler import main; main()",
                f"--timeout={s.idle_timeout}",
                f"--cull-every={s.cull_every}",
            ],
        },
    ]
    roles = [
        {"name": "user", "scopes": ["self", f"access:services!service={GRADER_SERVICE}"]},
        {
            "name": "idle-culler",
            "scopes": ["list:users", "read:users:activity", "read:servers", "delete:servers"],
            "services": ["idle-culler"],
        },
    ]
    return {
        "ip": s.ip,
        "port": s.port,
        "hub_port": s.hub_port,
        "proxy_api": f"http://127.0.0.1:{s.proxy_api_port}",
        "proxy": [s.proxy],
        "db": f"sqlite:///{s.private / 'jupyterhub.sqlite'}",
        "cookie": str(s.private / "jupyterhub_cookie_secret"),
        "pid": str(s.private / "jupyterhub.pid"),
        "password_file": str(password_file),
        "trainees": list(s.trainees),
        "cmd": [py, "-m", "course_lib.hub.singleuser"],
        "environment": {
            "PATH": f"{s.prefix / 'venv' / 'bin'}:/usr/local/bin:/usr/bin:/bin",
            "CRM_COURSE_EXAM_STATE": str(s.exam_state),
            "CRM_COURSE_GRADER_URL": f"http://127.0.0.1:{s.port}/services/{GRADER_SERVICE}",
            "OMP_NUM_THREADS": "1",
        },
        "server_scopes": [
            "users:activity!user",
            "access:servers!server",
            f"access:services!service={GRADER_SERVICE}",
        ],
        "services": services,
        "roles": roles,
    }


#: The ``jupyterhub_config.py`` of a workshop: static, it reads ``workshop.json`` beside it.
CONFIG = """\
# JupyterHub configuration of a crm-course workshop, written by `crm-course hub` with
# workshop.json beside it; the command writes both anew at every start.
import json
from pathlib import Path

c = get_config()  # noqa: F821
S = json.loads(Path(__file__).with_name("workshop.json").read_text())

c.JupyterHub.ip = S["ip"]
c.JupyterHub.port = S["port"]
c.JupyterHub.hub_ip = "127.0.0.1"
c.JupyterHub.hub_port = S["hub_port"]
c.ConfigurableHTTPProxy.api_url = S["proxy_api"]
c.ConfigurableHTTPProxy.command = S["proxy"]
c.JupyterHub.db_url = S["db"]
c.JupyterHub.cookie_secret_file = S["cookie"]
c.JupyterHub.pid_file = S["pid"]
c.JupyterHub.cleanup_servers = True
c.JupyterHub.cleanup_proxy = True

c.JupyterHub.authenticator_class = "shared-password"
c.SharedPasswordAuthenticator.user_password = Path(S["password_file"]).read_text().strip()
c.Authenticator.allowed_users = set(S["trainees"])

c.JupyterHub.spawner_class = "localprocess"
c.Spawner.cmd = S["cmd"]
c.Spawner.default_url = "/lab"
c.Spawner.notebook_dir = "~"
c.Spawner.start_timeout = 120
c.Spawner.http_timeout = 120
c.Spawner.environment = S["environment"]
c.Spawner.server_token_scopes = S["server_scopes"]

c.JupyterHub.services = S["services"]
c.JupyterHub.load_roles = S["roles"]
"""
