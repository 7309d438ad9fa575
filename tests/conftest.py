"""Fixtures shared by the unit tests (the repository's root conftest sets the workspace)."""

import pytest


@pytest.fixture
def shown(monkeypatch):
    """What a widget function displays, captured instead of sent to a notebook front-end."""
    import IPython.display

    captured = []
    monkeypatch.setattr(IPython.display, "display", lambda *objs, **kw: captured.extend(objs))
    return captured


@pytest.fixture
def workspace(tmp_path, monkeypatch):
    """A fresh trainee workspace for one test (progress records, started exercises)."""
    monkeypatch.setenv("CRM_COURSE_WORKSPACE", str(tmp_path))
    return tmp_path


@pytest.fixture(scope="module")
def orders():
    """The shipped orders (a fresh frame per test module)."""
    from course_lib import data

    return data.load_orders()


@pytest.fixture(scope="module")
def customers():
    """The shipped customers (a fresh frame per test module)."""
    from course_lib import data

    return data.load_customers()
