"""Fixtures shared by the unit tests (the repository's root conftest sets the workspace)."""

import pytest


@pytest.fixture
def shown(monkeypatch):
    """What a widget function displays, captured instead of sent to a notebook front-end."""
    import IPython.display

    captured = []
    monkeypatch.setattr(IPython.display, "display", lambda *objs, **kw: captured.extend(objs))
    return captured


def _walk(widget):
    """A widget and every widget inside it, depth first."""
    yield widget
    for child in getattr(widget, "children", ()):
        yield from _walk(child)


@pytest.fixture
def controls(shown):
    """Find the controls a widget function displayed: ``controls()`` lists every widget in
    the one box it displayed (asserting there is one), ``controls(w.Button)`` those of a kind.

    A widget function displays its controls once, in one box; what it draws later (figures,
    tables, Markdown) is captured in ``shown`` alongside.
    """

    def find(kind=None):
        import ipywidgets as w

        boxes = [o for o in shown if isinstance(o, w.Box)]
        assert len(boxes) == 1, f"expected one box of controls, found {len(boxes)}"
        found = list(_walk(boxes[0]))
        return found if kind is None else [c for c in found if isinstance(c, kind)]

    return find


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


@pytest.fixture
def chinese():
    """The course in Chinese for one test (``set_language("zh")``), English again afterwards."""
    from course_lib.language import set_language

    set_language("zh")
    yield
    set_language(None)
