"""Interactive front-ends (presentation layer): the only place that imports ipywidgets.

Every widget first draws its default state as an ordinary figure or table, so a stored
notebook, GitHub and the slides show something meaningful, then adds controls when a
kernel runs. All computation lives in the analytics modules; a widget only wires
controls to pure functions, with the one live-figure helper of :mod:`._live`
(``live_figure``: controls → output area → redraw on change; ``show_figure``; ``STYLE``).

Topic modules, one per chapter, load on first use:

- ``importance`` (ch. 1), ``segmentation`` (ch. 2), ``journey`` (ch. 3), ``service`` (ch. 4),
  ``loyalty`` (ch. 5), ``future`` and ``simulation`` (ch. 6), ``workbench`` (ch. 7)::

    from course_lib import widgets
    widgets.segmentation.segmentation_lab(rfm)
"""

from __future__ import annotations

import importlib


def __getattr__(name: str):
    try:
        module = importlib.import_module(f"{__name__}.{name}")
    except ModuleNotFoundError as error:
        if error.name == f"{__name__}.{name}":
            raise AttributeError(f"module 'course_lib.widgets' has no attribute {name!r}") from None
        raise
    globals()[name] = module
    return module
