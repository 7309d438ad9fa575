"""The live-figure pattern every course widget uses (presentation layer).

A course widget first draws its default state as an ordinary figure, table or text (what a
stored notebook, GitHub and the slides show), then shows its controls with an output area
below them, where the drawing is redone whenever a control moves (or a button is pressed).
This module writes that wiring once:

- :func:`live_figure` — controls → ``Output`` → ``clear_output`` → ``draw(values)``, and
  the controls displayed above the output;
- :func:`columns` — controls side by side, a column each;
- :func:`show_figure` — display a matplotlib figure (from an Axes, a Figure or an array of
  Axes) and close it, so it is shown once;
- :data:`STYLE` — the control style that keeps long bilingual descriptions readable.

Used by every module of :mod:`course_lib.widgets` (chapters 1–7). Example::

    import ipywidgets as w
    from course_lib.widgets._live import STYLE, live_figure, show_figure

    def draw(values):
        show_figure(plots.service.staffing_curve(staffing_table(values["rate"], 6, range(10, 20))))

    draw({"rate": 120.0})                                     # the static default first
    live_figure({"rate": w.FloatSlider(value=120, min=1, max=400, style=STYLE)}, draw)
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Mapping, Sequence
from typing import Any

__all__ = ["STYLE", "live_figure", "columns", "show_figure", "choices"]

#: Control style of the course: the description gets the room it needs (bilingual labels).
STYLE = {"description_width": "initial"}


def choices(values: Sequence[Hashable], names_zh: Mapping[Hashable, str]) -> list:
    """The options of a drop-down or toggle: ``values`` as they are in the English course,
    ``(Chinese name, value)`` pairs in the Chinese one (the chosen value is the same).

    Parameters
    ----------
    values : Sequence
        The values to choose from, shown as they are in English.
    names_zh : Mapping
        Value → its Chinese name; a value without one is shown as it is.

    Returns
    -------
    list
        What ``options=`` takes.

    Examples
    --------
    >>> from course_lib.language import set_language
    >>> choices(["sms", "phone"], {"sms": "短信"})
    ['sms', 'phone']
    >>> set_language("zh"); choices(["sms", "phone"], {"sms": "短信"})
    [('短信', 'sms'), ('phone', 'phone')]
    >>> set_language(None)
    """
    from ..language import language

    if language() != "zh":
        return list(values)
    return [(names_zh.get(value, str(value)), value) for value in values]


def show_figure(obj) -> None:
    """Display the figure of a matplotlib Axes, Figure or array of Axes, then close it.

    Closing keeps the figure from being shown a second time when the cell ends, and
    keeps a widget that redraws many times from piling up open figures.

    Parameters
    ----------
    obj : matplotlib.axes.Axes, matplotlib.figure.Figure or numpy.ndarray of Axes
        What a :mod:`course_lib.plots` function returned.

    Returns
    -------
    None

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import matplotlib.pyplot as plt
    >>> fig, ax = plt.subplots()
    >>> show_figure(ax)                                   # doctest: +SKIP
    """
    import matplotlib.pyplot as plt
    from IPython.display import display
    from matplotlib.figure import Figure

    if isinstance(obj, Figure):
        fig = obj
    else:
        fig = getattr(obj, "figure", None)
        if fig is None:  # an array of Axes
            fig = obj.flat[0].figure
    display(fig)
    plt.close(fig)


def columns(controls: Sequence, *sizes: int):
    """Controls side by side: the first ``sizes[0]`` in a column, the next ``sizes[1]`` in
    the next, …, the rest in the last column.

    Parameters
    ----------
    controls : sequence of ipywidgets.Widget
        The controls in reading order.
    *sizes : int
        How many controls each column but the last holds.

    Returns
    -------
    ipywidgets.HBox
        One ``VBox`` per column.

    Examples
    --------
    >>> import ipywidgets as w
    >>> box = columns([w.IntSlider(), w.IntSlider(), w.IntSlider()], 2)
    >>> [len(column.children) for column in box.children]
    [2, 1]
    """
    import ipywidgets as w

    controls = list(controls)
    groups, start = [], 0
    for size in sizes:
        groups.append(controls[start : start + size])
        start += size
    groups.append(controls[start:])
    return w.HBox([w.VBox(group) for group in groups if group])


def live_figure(controls: Mapping[Hashable, Any], draw: Callable[[dict], Any], *, layout=None, button=None):
    """Redraw below the controls whenever one of them changes, and display them.

    The caller draws the non-interactive default first (so a stored notebook shows it);
    this function adds the interactive part: an output area under the controls where
    ``draw`` runs again, after clearing what was there, with the controls' current values.

    Parameters
    ----------
    controls : mapping of name → ipywidgets.Widget
        The controls whose ``value`` ``draw`` reads; names may be any hashable key.
    draw : callable
        Called as ``draw({name: control.value, ...})`` inside the output area; whatever it
        displays or prints appears there.
    layout : ipywidgets.Widget, optional
        The controls arranged as they should appear (e.g. :func:`columns`), including
        ``button`` if one is given; by default the controls one under the other, then the
        button.
    button : ipywidgets.Button, optional
        Redraw when it is clicked instead of on every change (forms, search boxes, editors).

    Returns
    -------
    ipywidgets.VBox
        The displayed box: the controls' layout above the output area.

    Examples
    --------
    >>> import ipywidgets as w
    >>> slider = w.IntSlider(value=3)
    >>> box = live_figure({"n": slider}, lambda values: print("n =", values["n"]))  # doctest: +SKIP
    >>> slider.value = 4                      # the output area now shows "n = 4"   # doctest: +SKIP
    """
    import ipywidgets as w
    from IPython.display import display

    out = w.Output()

    def update(_change=None) -> None:
        values = {name: control.value for name, control in controls.items()}
        with out:
            out.clear_output(wait=True)
            draw(values)

    if button is not None:
        button.on_click(update)
    else:
        for control in controls.values():
            control.observe(update, names="value")
    if layout is None:
        layout = w.VBox([*controls.values(), *([button] if button is not None else [])])
    box = w.VBox([layout, out])
    display(box)
    return box
