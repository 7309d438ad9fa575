"""The course lock, the test lock and the conda environment pin the same versions."""

import importlib.util
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
spec = importlib.util.spec_from_file_location("sync_environment", ROOT / "tools" / "sync_environment.py")
sync = importlib.util.module_from_spec(spec)
spec.loader.exec_module(sync)

TEST_TOOLS = ("pytest", "pytest-xdist", "nbval", "hypothesis", "playwright")


def _pins(name: str) -> dict[str, str]:
    pins = sync.locked_pins((ROOT / name).read_text(encoding="utf-8"))
    return dict(pin.lower().split("==") for pin in pins)


def test_environment_yml_pins_exactly_the_course_lock():
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


def test_core_packages_are_pinned_and_test_tools_only_in_the_test_lock():
    course = _pins("requirements.lock")
    for package in ("pandas", "scikit-learn", "ipywidgets", "duckdb", "lifelines", "jupyterlab"):
        assert package in course, package
    assert not set(TEST_TOOLS) & set(course), "a trainee's `make lab` should not install test tools"
    assert set(TEST_TOOLS) <= set(_pins("requirements-test.lock"))


def test_the_test_lock_keeps_every_course_pin():
    course, test = _pins("requirements.lock"), _pins("requirements-test.lock")
    changed = {
        name: (version, test.get(name)) for name, version in course.items() if test.get(name) != version
    }
    assert not changed, f"requirements-test.lock differs from the course lock: {changed}"
