"""Write environment.yml from requirements.lock so conda and pip users get the same pins.

Run by ``make lock``; ``tests/test_environment.py`` fails when the two disagree.
"""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PIN = re.compile(r"^([A-Za-z0-9_.\-\[\]]+)==([^\s;]+)")


def locked_pins(text: str) -> list[str]:
    """The ``name==version`` lines of a uv/pip-compile lock file."""
    return [f"{m.group(1)}=={m.group(2)}" for line in text.splitlines() if (m := PIN.match(line))]


def environment_yaml(pins: list[str]) -> str:
    """The environment.yml text for ``pins`` (repo2docker-compatible)."""
    lines = [
        "# Generated from requirements.lock by `make lock`; do not edit by hand.",
        "# conda env create -f environment.yml && conda activate crm-course",
        "name: crm-course",
        "channels:",
        "  - conda-forge",
        "dependencies:",
        "  - python=3.11",
        "  - pip",
        "  - pip:",
    ]
    lines += [f"      - {pin}" for pin in pins]
    lines.append("      - -e .")
    return "\n".join(lines) + "\n"


def main() -> None:
    pins = locked_pins((ROOT / "requirements.lock").read_text(encoding="utf-8"))
    (ROOT / "environment.yml").write_text(environment_yaml(pins), encoding="utf-8")


if __name__ == "__main__":
    main()
