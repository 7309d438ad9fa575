"""Fixtures shared by the unit tests (the repository's root conftest sets the workspace)."""

import pytest


@pytest.fixture
def shown(monkeypatch):
    """What a widget function displays, captured instead of sent to a notebook front-end."""
    import IPython.display

    captured = []
    monkeypatch.setattr(IPython.display, "display", lambda *objs, **kw: captured.extend(objs))
    return captured
