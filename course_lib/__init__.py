"""course_lib: the helper library of the customer relationship maintenance course.

Submodules load on first use (``from course_lib import rfm`` or ``course_lib.rfm``), so
``import course_lib`` stays as cheap as importing pandas. Data flows one way:
data → analytics (rfm, segmentation, kpis, metrics, clv, journey, service, loyalty, privacy)
→ simulation → presentation (plots, widgets) → notebooks.
"""

from __future__ import annotations

import importlib

__version__ = "0.1.0"

_SUBMODULES = {
    "data", "validation", "course", "rfm", "segmentation", "kpis", "metrics", "clv", "churn",
    "cohorts", "journey", "service", "loyalty", "privacy", "experiments", "recommend",
    "selection", "roleplay", "simulation", "workbench", "plots", "widgets", "checks",
    "glossary", "slides", "cli", "notebook_tools",
}

__all__ = sorted(_SUBMODULES)


def __getattr__(name: str):
    if name in _SUBMODULES:
        module = importlib.import_module(f"{__name__}.{name}")
        globals()[name] = module
        return module
    raise AttributeError(f"module 'course_lib' has no attribute {name!r}")


def __dir__():
    return sorted(set(globals()) | _SUBMODULES)
