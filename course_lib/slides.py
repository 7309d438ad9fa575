"""Offline reveal.js decks from the stored chapter notebooks (presentation layer).

``crm-course slides [--out DIR]`` (and ``make slides``) writes one deck per notebook plus a
``_static/`` folder with reveal.js, RequireJS and MathJax, so a deck opens from the output
folder alone with no network — classrooms are often offline. Nothing is executed: the decks
show the outputs stored in the notebooks (a widget appears as the static figure it drew
first, never as its text representation).

- **Audience decks hide code.** A code cell shows its source only when it carries the tag
  ``show-code`` (the code is what the slide teaches); ``code=True``
  (``crm-course slides --code``) builds an instructor's deck with every cell's code.
- **Speaker notes are written once, in the instructor pages.** For each section slide
  (``## 2.4 …``) the speaker view (the ``s`` key) shows that section's row of the timing table,
  its discussion prompts and its entry under "Speaker notes" in ``docs/instructor/chNN.md``
  (:func:`speaker_notes`). The chapter notebooks carry no notes cells, so trainees do not read
  the discussion answers before the discussion.
"""

from __future__ import annotations

import copy
import re
import shutil
from pathlib import Path

from .course import CHAPTERS, ROOT

__all__ = ["build_decks", "speaker_notes", "section_key", "STATIC", "SHOW_CODE"]

#: The cell tag that keeps a code cell's source on an audience slide.
SHOW_CODE = "show-code"
_WIDGET = "application/vnd.jupyter.widget-view+json"
_SECTION = re.compile(r"^##\s+(?:(\d+\.\d+)|(\d+))\s")

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


def section_key(chapter: int, source: str) -> str | None:
    """The section a markdown cell opens (``"2.4"`` for ``## 2.4 …``), or None.

    Chapter 0 numbers its sections ``## 1 · …``; they are keyed ``"0.1"`` and so on.

    Examples
    --------
    >>> section_key(2, "## 2.4 RFM step by step ｜ RFM 分步计算"), section_key(0, "## 3 · Meet Lumen")
    ('2.4', '0.3')
    >>> section_key(2, "### A sub-heading") is None
    True
    """
    match = _SECTION.match(source)
    if match is None:
        return None
    return match.group(1) or f"{chapter}.{match.group(2)}"


def _instructor_pages(chapter: int) -> list[Path]:
    folder = ROOT / "docs" / "instructor"
    return sorted(folder.glob(f"ch{chapter:02d}.md")) + sorted(folder.glob(f"ch{chapter:02d}_*.md"))


def _sections_of(text: str) -> dict[str, str]:
    """The level-2 sections of a Markdown page, by title."""
    parts = re.split(r"^## +(.+)$", text, flags=re.M)
    return {title.strip(): body for title, body in zip(parts[1::2], parts[2::2])}


def speaker_notes(chapter: int) -> dict[str, str]:
    """Speaker notes per section of a chapter, from its instructor pages (Markdown).

    Keys are ``"opening"`` (the title slide) and section numbers (``"2.4"``). Each note joins
    what the pages say about that section, written once there: the timing-table row
    (minutes and what happens), the discussion prompts (``- 2.4: …``), and the entry under
    ``## Speaker notes`` (``### 2.4``).

    Examples
    --------
    >>> notes = speaker_notes(2)
    >>> notes["2.4"].startswith("**⏱")
    True
    """
    timing: dict[str, str] = {}
    prompts: dict[str, list[str]] = {}
    spoken: dict[str, str] = {}
    for page in _instructor_pages(chapter):
        sections = _sections_of(page.read_text(encoding="utf-8"))
        for title, body in sections.items():
            if title.startswith("Timing"):
                for row in re.finditer(r"^\|\s*([^|]+?)\s*\|\s*(\d+)\s*\|\s*([^|]*?)\s*\|\s*$",
                                       body, re.M):
                    name, minutes, what = row.groups()
                    key = "opening" if name.lower().startswith("intro") else name.split()[0]
                    if re.fullmatch(r"\d+\.\d+|opening", key):
                        timing[key] = f"**⏱ {minutes} min** — {what}"
            elif title.startswith("Discussion prompts"):
                for item in re.split(r"^- ", body, flags=re.M)[1:]:
                    head = re.match(r"(\d+\.\d+)(?:[–-](\d+\.\d+))?\b[^:]*:\s*", item)
                    if head:
                        text = " ".join(item[head.end():].split())
                        for key in filter(None, head.groups()):
                            prompts.setdefault(key, []).append(text)
            elif title.startswith("Speaker notes"):
                for key, text in re.findall(r"^### +(\S+)[^\n]*\n(.*?)(?=^### |\Z)", body, re.M | re.S):
                    spoken["opening" if key.lower() == "opening" else key] = text.strip()
    notes = {}
    for key in {**timing, **prompts, **spoken}:
        parts = [timing.get(key, "")]
        parts += [f"**Ask:** {p}" for p in prompts.get(key, [])]
        parts.append(spoken.get(key, ""))
        notes[key] = "\n\n".join(p for p in parts if p)
    return notes


def _notes_cell(text: str):
    import nbformat

    cell = nbformat.v4.new_markdown_cell(text)
    cell.metadata["slideshow"] = {"slide_type": "notes"}
    return cell


def deck_notebook(nb, chapter: int, *, code: bool = False):
    """The notebook as a deck shows it: notes from the instructor pages after the title and
    each section heading, code hidden unless tagged :data:`SHOW_CODE` (or ``code=True``),
    widget outputs replaced by nothing (the figure the widget drew first stays)."""
    deck = copy.deepcopy(nb)
    notes = speaker_notes(chapter)
    cells = []
    for index, cell in enumerate(deck.cells):
        if cell.metadata.get("slideshow", {}).get("slide_type") == "notes":
            continue                      # notes live in the instructor pages, not here
        if cell.cell_type == "code":
            cell.outputs = [o for o in cell.get("outputs", []) if _WIDGET not in o.get("data", {})]
            if not code and SHOW_CODE not in cell.metadata.get("tags", []):
                cell.metadata.setdefault("tags", []).append("hide-input")
        cells.append(cell)
        key = "opening" if index == 0 else (
            section_key(chapter, cell.source) if cell.cell_type == "markdown" else None)
        if key in notes:
            cells.append(_notes_cell(notes[key]))
    deck.cells = cells
    return deck


def build_decks(out=None, *, notebooks=None, code: bool = False) -> list[Path]:
    """Write a deck for every chapter notebook into ``out`` and return their paths.

    ``code=True`` keeps every code cell's source (an instructor's deck); by default only
    cells tagged :data:`SHOW_CODE` show their code.

    Examples
    --------
    >>> decks = build_decks("build/slides")        # doctest: +SKIP
    >>> decks[0].name                               # doctest: +SKIP
    '00_welcome.slides.html'
    """
    import nbformat
    from nbconvert import SlidesExporter
    from nbconvert.preprocessors import TagRemovePreprocessor

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
    exporter.register_preprocessor(TagRemovePreprocessor(remove_input_tags={"hide-input"}),
                                   enabled=True)
    written = []
    for path in map(Path, notebooks):
        nb = nbformat.read(path, as_version=4)
        number = int(path.name[:2]) if path.name[:2].isdigit() else 0
        deck = deck_notebook(nb, number, code=code)
        html, _ = exporter.from_notebook_node(deck, resources={"metadata": {"name": path.stem}})
        target = out / f"{path.stem}.slides.html"
        target.write_text(html, encoding="utf-8")
        written.append(target)
    return written
