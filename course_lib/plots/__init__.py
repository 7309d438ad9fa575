"""Figures in one course theme (presentation layer).

:func:`use_theme` applies the seaborn theme once and registers a CJK font so Chinese
labels render (Debian's ``fonts-noto-cjk`` if installed, else the Noto Sans CJK SC that
the ``mplfonts`` package ships, added with ``font_manager.addfont``; matplotlib's own
files are never touched). Topic modules hold the chapter figures and load on first use::

    from course_lib import plots
    plots.insight.pareto(rfm["monetary"])

Every figure function takes ``ax=None`` and returns the Axes it drew on. Labels follow the
course's language (:func:`course_lib.language.language`): :func:`bilingual` gives
"English 中文" in the English course and the complete Chinese in the Chinese one;
:func:`localized` is for text the English course shows in English only (annotations,
legend and tick labels made of English words). The English course's figures stay exactly
as they were before the Chinese edition.
"""

from __future__ import annotations

import importlib
from pathlib import Path
from typing import TYPE_CHECKING

from ..language import language

if TYPE_CHECKING:
    from matplotlib.axes import Axes

__all__ = ["use_theme", "cjk_font_name", "bilingual", "localized", "PALETTE"]

PALETTE = ["#1f5f8b", "#e07b39", "#3a9d5d", "#c44e52", "#8172b3", "#937860", "#da8bc3", "#8c8c8c"]

_CJK_CANDIDATES = ("Noto Sans CJK SC", "Noto Sans CJK JP", "Source Han Sans SC", "WenQuanYi Zen Hei")
_THEMED = False


def cjk_font_name() -> str:
    """Register and return the name of a font that has Chinese glyphs."""
    from matplotlib import font_manager

    installed = {f.name for f in font_manager.fontManager.ttflist}
    for name in _CJK_CANDIDATES:
        if name in installed:
            return name
    import mplfonts

    path = Path(mplfonts.__file__).parent / "fonts" / "NotoSansCJKsc-Regular.otf"
    font_manager.fontManager.addfont(str(path))
    return font_manager.FontProperties(fname=str(path)).get_name()


def use_theme() -> None:
    """Apply the course theme (idempotent): seaborn whitegrid, course palette, CJK font.

    Every figure function of this package calls it, so a notebook needs it only for figures
    it draws with matplotlib or seaborn directly.

    Returns
    -------
    None
        The theme is set in matplotlib's ``rcParams``; later calls do nothing.
    """
    global _THEMED
    if _THEMED:
        return
    import matplotlib as mpl
    import seaborn as sns

    font = cjk_font_name()
    sns.set_theme(
        style="whitegrid",
        palette=PALETTE,
        rc={
            "font.family": "sans-serif",
            "font.sans-serif": [font, "DejaVu Sans"],
            "axes.unicode_minus": False,
            "figure.figsize": (7.5, 4.2),
            "figure.dpi": 90,
        },
    )
    mpl.rcParams["svg.hashsalt"] = "crm-course"
    _THEMED = True


def bilingual(english: str, chinese: str, *, zh: str | None = None) -> str:
    """A figure's label: both languages in the English course, Chinese alone in the Chinese one.

    The English course shows ``"{english} {chinese}"``, the short Chinese a reader of the
    English edition glances at. The Chinese course (:func:`course_lib.language.language`
    is ``"zh"``) shows the Chinese alone, so it must say all the English says: when the
    short ``chinese`` leaves something out (a number, a unit, "(%)"), pass the complete
    label as ``zh``, which only the Chinese course shows; English labels stay as they were.

    Parameters
    ----------
    english : str
        The English label.
    chinese : str
        The short Chinese printed after it in the English course.
    zh : str, optional
        The complete Chinese label for the Chinese course; ``chinese`` when not given
        (and ``english`` when that is empty too).

    Returns
    -------
    str
        The label in the current language.

    Examples
    --------
    >>> from course_lib.language import set_language
    >>> bilingual("Share of revenue (%)", "收入占比", zh="收入占比(%)")
    'Share of revenue (%) 收入占比'
    >>> set_language("zh")
    >>> bilingual("Share of revenue (%)", "收入占比", zh="收入占比(%)"), bilingual("Revenue", "收入")
    ('收入占比(%)', '收入')
    >>> set_language(None)
    """
    if language() == "zh":
        return zh if zh is not None else (chinese or english)
    return f"{english} {chinese}"


def localized(english: str, chinese: str) -> str:
    """Text a figure shows in one language only: ``english`` in the English course (as it
    always was), ``chinese`` in the Chinese one.

    For what the English course never doubled in Chinese: annotations, legend and tick
    labels made of English words or code names.

    Parameters
    ----------
    english, chinese : str
        The text in each language, values already filled in.

    Returns
    -------
    str
        The text in the current language.

    Examples
    --------
    >>> from course_lib.language import set_language
    >>> localized("top 18% → 52%", "前 18% 客户 → 52% 收入")
    'top 18% → 52%'
    >>> set_language("zh"); localized("top 18% → 52%", "前 18% 客户 → 52% 收入")
    '前 18% 客户 → 52% 收入'
    >>> set_language(None)
    """
    return chinese if language() == "zh" else english


def new_axes(ax: Axes | None = None, *, figsize: tuple[float, float] | None = None) -> Axes:
    """Return ``ax`` or a fresh Axes, with the theme applied.

    Parameters
    ----------
    ax : matplotlib.axes.Axes, optional
        Axes to draw on; returned as it is.
    figsize : tuple of float, optional
        Size (inches) of the new figure; the theme's default size otherwise.

    Returns
    -------
    matplotlib.axes.Axes
        ``ax``, or the Axes of a new figure.
    """
    use_theme()
    if ax is not None:
        return ax
    import matplotlib.pyplot as plt

    _, ax = plt.subplots(figsize=figsize)
    return ax


def __getattr__(name: str):
    try:
        module = importlib.import_module(f"{__name__}.{name}")
    except ModuleNotFoundError as error:
        if error.name == f"{__name__}.{name}":
            raise AttributeError(f"module 'course_lib.plots' has no attribute {name!r}") from None
        raise
    globals()[name] = module
    return module
