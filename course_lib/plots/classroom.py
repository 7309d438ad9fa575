"""The instructor's view of a class: share of each chapter's tasks each trainee has passed
(presentation layer).

The numbers come from :func:`course_lib.classroom.pass_shares`, over the exports the
instructor collected (:func:`course_lib.classroom.read_exports`)::

    from course_lib import classroom, plots
    found = classroom.read_exports("exports")
    plots.classroom.progress_heatmap(classroom.pass_shares(found.records, trainees=found.trainees))
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import pandas as pd

from . import bilingual, new_axes

if TYPE_CHECKING:
    from matplotlib.axes import Axes

__all__ = ["progress_heatmap"]


def _chapter_label(key) -> str:
    match = re.fullmatch(r"ch(\d+)", str(key))
    return str(int(match.group(1))) if match else str(key)


def progress_heatmap(shares: pd.DataFrame, *, ax: Axes | None = None) -> Axes:
    """Trainee × chapter heat map of the share of tasks passed, annotated in %.

    Read a row for one trainee's way through the course, a column for where the class
    stands in one chapter: a pale column is a chapter to revisit with everyone, a pale
    row a trainee to sit beside.

    Parameters
    ----------
    shares : pandas.DataFrame
        :func:`course_lib.classroom.pass_shares`: trainees in rows, chapter keys (``ch00``,
        …) in columns, shares from 0 to 1 (NaN for a chapter without graded tasks).
    ax : matplotlib.axes.Axes, optional
        Draw here; a new figure, sized to the class, otherwise.

    Returns
    -------
    matplotlib.axes.Axes
        The axes drawn on.
    """
    import seaborn as sns

    rows, cols = shares.shape
    ax = new_axes(ax, figsize=(max(5.5, 1.6 + 0.75 * cols), max(2.6, 1.4 + 0.32 * rows)))
    frame = pd.DataFrame(
        shares.to_numpy(dtype=float) * 100,
        index=[str(name) for name in shares.index],
        columns=[_chapter_label(key) for key in shares.columns],
    )
    sns.heatmap(
        frame,
        cmap="YlGn",
        vmin=0,
        vmax=100,
        annot=rows <= 40,
        fmt=".0f",
        annot_kws={"fontsize": 7},
        linewidths=0.5,
        linecolor="white",
        cbar_kws={"label": bilingual("Tasks passed (%)", "任务通过率", zh="任务通过率(%)")},
        ax=ax,
    )
    ax.set_xlabel(bilingual("Chapter", "章节"))
    ax.set_ylabel(bilingual("Trainee", "学员"))
    ax.tick_params(axis="y", labelrotation=0)
    ax.set_title(bilingual("Share of each chapter's tasks passed", "各章任务通过率"), fontsize=11)
    return ax
