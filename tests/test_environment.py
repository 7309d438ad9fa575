"""The conda environment and the pip lock pin the same versions."""

import importlib.util
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
spec = importlib.util.spec_from_file_location("sync_environment", ROOT / "tools" / "sync_environment.py")
sync = importlib.util.module_from_spec(spec)
spec.loader.exec_module(sync)


def test_environment_yml_pins_exactly_the_lock():
    env = yaml.safe_load((ROOT / "environment.yml").read_text(encoding="utf-8"))
    pip_section = next(item["pip"] for item in env["dependencies"] if isinstance(item, dict))
    env_pins = sorted(p for p in pip_section if "==" in p)
    lock_pins = sorted(sync.locked_pins((ROOT / "requirements.lock").read_text(encoding="utf-8")))
    assert lock_pins, "requirements.lock holds no pins"
    assert env_pins == lock_pins


def test_environment_yml_uses_python_311_and_pip():
    env = yaml.safe_load((ROOT / "environment.yml").read_text(encoding="utf-8"))
    assert "python=3.11" in env["dependencies"]
    assert "pip" in env["dependencies"]


def test_core_packages_are_pinned():
    pins = {p.split("==")[0].lower() for p in sync.locked_pins((ROOT / "requirements.lock").read_text())}
    for package in ("pandas", "scikit-learn", "ipywidgets", "nbval", "duckdb", "lifelines", "jupyterlab"):
        assert package in pins, package
