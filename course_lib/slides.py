"""Offline reveal.js decks from the stored chapter notebooks (presentation layer).

``crm-course slides [--out DIR]`` (and ``make slides``) writes one deck per notebook plus a
``_static/`` folder with reveal.js, RequireJS and MathJax, so a deck opens from the output
folder alone with no network — classrooms are often offline. Nothing is executed: the decks
show the outputs stored in the notebooks (a widget appears as the static figure it drew
first). Speaker notes (cells of slide type ``notes``) open with the ``s`` key.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from .course import CHAPTERS, ROOT

__all__ = ["build_decks", "STATIC"]

STATIC = Path(__file__).resolve().parent / "static"
_TEMPLATES = STATIC / "templates"


def _copy_static(out: Path) -> None:
    import jupyter_server_mathjax

    target = out / "_static"
    if target.exists():
        shutil.rmtree(target)
    shutil.copytree(STATIC / "reveal.js", target / "reveal.js")
    shutil.copytree(STATIC / "requirejs", target / "requirejs")
    mathjax = Path(jupyter_server_mathjax.__file__).parent / "static"
    shutil.copytree(mathjax, target / "mathjax",
                    ignore=shutil.ignore_patterns("*.md", "unpacked", "test", "docs"))


def build_decks(out=None, *, notebooks=None) -> list[Path]:
    """Write a deck for every chapter notebook into ``out`` and return their paths.

    Examples
    --------
    >>> decks = build_decks("build/slides")        # doctest: +SKIP
    >>> decks[0].name                               # doctest: +SKIP
    '00_welcome.slides.html'
    """
    import nbformat
    from nbconvert import SlidesExporter

    out = Path(out) if out is not None else ROOT / "build" / "slides"
    out.mkdir(parents=True, exist_ok=True)
    _copy_static(out)
    if notebooks is None:
        notebooks = [ROOT / "notebooks" / ch.notebook for ch in CHAPTERS
                     if (ROOT / "notebooks" / ch.notebook).exists()]
    exporter = SlidesExporter(
        template_name="crm_reveal",
        extra_template_basedirs=[str(_TEMPLATES)],
        reveal_url_prefix="_static/reveal.js",
        reveal_theme="white",
        reveal_scroll=True,
        require_js_url="_static/requirejs/require.js",
        mathjax_url="_static/mathjax/MathJax.js?config=TeX-AMS-MML_HTMLorMML-full,Safe",
        font_awesome_url="",
        jquery_url="",
        exclude_input_prompt=True,
        exclude_output_prompt=True,
    )
    written = []
    for path in map(Path, notebooks):
        nb = nbformat.read(path, as_version=4)
        html, _ = exporter.from_notebook_node(nb, resources={"metadata": {"name": path.stem}})
        target = out / f"{path.stem}.slides.html"
        target.write_text(html, encoding="utf-8")
        written.append(target)
    return written
