"""Offline reveal.js decks from the stored chapter notebooks (presentation layer).

``crm-course slides [--out DIR]`` (and ``make slides``) writes one deck per notebook plus a
``_static/`` folder with reveal.js, RequireJS and MathJax, so a deck opens from the output
folder alone with no network — classrooms are often offline. Nothing is executed: the decks
show the outputs stored in the notebooks (a widget appears as the static figure it drew
first, never as its text representation).

- **Audience decks hide code.** A code cell shows its source only when it carries the tag
  ``show-code`` (the code is what the slide teaches); ``code=True``
  (``crm-course slides --code``) builds an instructor's deck with every cell's code.
- **Links work offline.** The course's documents (``docs/``, the data dictionary) are written
  as HTML beside the decks and the exercises as read-only HTML pages; a deck's links to a
  chapter, an exercise or a source point at them (:func:`build_site`).
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
from .validation import CourseDataError

__all__ = ["build_decks", "build_site", "speaker_notes", "section_key", "STATIC", "SHOW_CODE"]

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
    shutil.copytree(
        mathjax, target / "mathjax", ignore=shutil.ignore_patterns("*.md", "unpacked", "test", "docs")
    )


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


def _instructor_pages(chapter: int, lang: str = "en") -> list[Path]:
    """The instructor pages of a chapter (``chNN.md``, ``chNN_*.md``) in ``lang``: for another
    language their translations beside them (``chNN.zh.md``), built by ``crm-course i18n build``."""
    from .i18n.documents import page_language, target_path

    folder = ROOT / "docs" / "instructor"
    english = [
        p
        for p in sorted(folder.glob(f"ch{chapter:02d}.md")) + sorted(folder.glob(f"ch{chapter:02d}_*.md"))
        if page_language(p) == "en"
    ]
    if lang == "en":
        return english
    pages = [target_path(page, lang) for page in english]
    missing = [p.name for p in pages if not p.exists()]
    if missing:
        raise CourseDataError(
            f"speaker notes in {lang!r}: {', '.join(missing)} not found in docs/instructor. "
            "`crm-course i18n check` says what is left to translate; `crm-course i18n build` "
            "writes the pages."
        )
    return pages


_ANCHOR_LINE = re.compile(r'^<a id="[^"]*"></a>\n+', re.M)

#: How the instructor pages name the parts the speaker notes are made of, per language: the
#: section titles (their beginning), the timing table's first row, the opening entry, and
#: the words the notes add.
_NOTE_WORDS = {
    "en": {
        "timing": "Timing",
        "prompts": "Discussion prompts",
        "spoken": "Speaker notes",
        "intro": "intro",
        "opening": "opening",
        "minutes": "**{minutes} min** — {what}",
        "ask": "**Ask:** {prompt}",
    },
    "zh": {
        "timing": "时间安排",
        "prompts": "讨论题",
        "spoken": "讲者备注",
        "intro": "导入",
        "opening": "开场",
        "minutes": "**{minutes} 分钟** — {what}",
        "ask": "**提问**：{prompt}",
    },
}


def _sections_of(text: str) -> dict[str, str]:
    """The level-2 sections of a Markdown page, by title."""
    parts = re.split(r"^## +(.+)$", text, flags=re.M)
    return {title.strip(): body for title, body in zip(parts[1::2], parts[2::2])}


def speaker_notes(chapter: int, lang: str = "en") -> dict[str, str]:
    """Speaker notes per section of a chapter, from its instructor pages (Markdown).

    Keys are ``"opening"`` (the title slide) and section numbers (``"2.4"``). Each note joins
    what the pages say about that section, written once there: the timing-table row
    (minutes and what happens), the discussion prompts (``- 2.4: …``), and the entry under
    ``## Speaker notes`` (``### 2.4``). ``lang="zh"`` reads the Chinese pages
    (``docs/instructor/chNN.zh.md``), whose parts are named as in :data:`_NOTE_WORDS`.

    Examples
    --------
    >>> notes = speaker_notes(2)
    >>> notes["2.4"].startswith("**8 min**")
    True
    >>> speaker_notes(2, lang="zh")["2.4"].startswith("**8 分钟**")
    True
    """
    if lang not in _NOTE_WORDS:
        raise ValueError(f"lang: expected one of {sorted(_NOTE_WORDS)}, got {lang!r}")
    words = _NOTE_WORDS[lang]
    timing: dict[str, str] = {}
    prompts: dict[str, list[str]] = {}
    spoken: dict[str, str] = {}
    for page in _instructor_pages(chapter, lang):
        text = _ANCHOR_LINE.sub("", page.read_text(encoding="utf-8"))  # a translation's kept ids
        sections = _sections_of(text)
        for title, body in sections.items():
            if title.startswith(words["timing"]):
                for row in re.finditer(r"^\|\s*([^|]+?)\s*\|\s*(\d+)\s*\|\s*([^|]*?)\s*\|\s*$", body, re.M):
                    name, minutes, what = row.groups()
                    key = "opening" if name.lower().startswith(words["intro"]) else name.split()[0]
                    if re.fullmatch(r"\d+\.\d+|opening", key):
                        timing[key] = words["minutes"].format(minutes=minutes, what=what)
            elif title.startswith(words["prompts"]):
                for item in re.split(r"^- ", body, flags=re.M)[1:]:
                    item = re.split(r"^#", item, flags=re.M)[0]  # a sub-heading ends the list
                    head = re.match(r"(\d+\.\d+)(?:[–-](\d+\.\d+))?\b[^:：]*[:：]\s*", item)
                    if head:
                        text = " ".join(item[head.end() :].split())
                        for key in filter(None, head.groups()):
                            prompts.setdefault(key, []).append(text)
            elif title.startswith(words["spoken"]):
                for key, text in re.findall(r"^### +(\S+)[^\n]*\n(.*?)(?=^### |\Z)", body, re.M | re.S):
                    opening = key.lower() in {"opening", words["opening"]}
                    spoken["opening" if opening else key] = text.strip()
    notes = {}
    for key in {**timing, **prompts, **spoken}:
        parts = [timing.get(key, "")]
        parts += [words["ask"].format(prompt=p) for p in prompts.get(key, [])]
        parts.append(spoken.get(key, ""))
        notes[key] = "\n\n".join(p for p in parts if p)
    return notes


def _notes_cell(text: str):
    import nbformat

    cell = nbformat.v4.new_markdown_cell(text)
    cell.metadata["slideshow"] = {"slide_type": "notes"}
    return cell


def deck_notebook(nb, chapter: int, *, code: bool = False, lang: str = "en"):
    """The notebook as a deck shows it: notes from the instructor pages after the title and
    each section heading, code hidden unless tagged :data:`SHOW_CODE` (or ``code=True``),
    widget outputs dropped, and a ``try-it`` cell reduced to the figure its widget drew first."""
    deck = copy.deepcopy(nb)
    notes = speaker_notes(chapter, lang)
    cells = []
    for index, cell in enumerate(deck.cells):
        if cell.metadata.get("slideshow", {}).get("slide_type") == "notes":
            continue  # notes live in the instructor pages, not here
        if cell.cell_type == "code":
            cell.outputs = [o for o in cell.get("outputs", []) if _WIDGET not in o.get("data", {})]
            if "try-it" in cell.metadata.get("tags", []):
                # a widget's slide shows the figure it drew first, not the tables around it
                figures = [o for o in cell.outputs if "image/png" in o.get("data", {})]
                cell.outputs = figures[:1] or cell.outputs[:1]
            if not code and SHOW_CODE not in cell.metadata.get("tags", []):
                cell.metadata.setdefault("tags", []).append("hide-input")
        cells.append(cell)
        key = (
            "opening"
            if index == 0
            else (section_key(chapter, cell.source) if cell.cell_type == "markdown" else None)
        )
        if key in notes:
            cells.append(_notes_cell(notes[key]))
    deck.cells = cells
    return deck


_PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"/><title>{title}</title>
<style>
body {{ font-family: "Source Sans Pro", "Noto Sans CJK SC", "Noto Sans SC", "Microsoft YaHei",
       sans-serif; max-width: 60rem; margin: 2rem auto; padding: 0 1rem; line-height: 1.5;
       color: #222; }}
table {{ border-collapse: collapse; margin: 1rem 0; }}
th, td {{ border: 1px solid #ccc; padding: 0.25rem 0.5rem; vertical-align: top; }}
code, pre {{ background: #f4f4f4; font-size: 0.9em; }}
pre {{ padding: 0.5rem; overflow-x: auto; }}
a {{ color: #1f5f8b; }}
</style></head><body>
{body}
</body></html>
"""

#: How a link in a notebook or a document becomes a link between the built pages.
_LINKS = [  # a translated notebook's links climb one folder more and name the zh/ folders
    (re.compile(r"^(?:\.\./)*(docs/.+?|datasets/.+?)\.md(#.*)?$"), r"\1.html\2"),
    (re.compile(r"^(?:\.\./)*(?:exercises/)?(?:zh/)?(ch\d\d_[\w-]+)\.ipynb(#.*)?$"), r"exercises/\1.html\2"),
    (re.compile(r"^(?:\.\./)*(?:notebooks/)?(?:zh/)?(\d\d_[\w-]+)\.ipynb(#.*)?$"), r"\1.slides.html\2"),
]


def site_link(target: str) -> str:
    """Where a link of a chapter points in the built site (paths relative to the decks).

    Examples
    --------
    >>> site_link("../docs/sources.md#retention-profit")
    'docs/sources.html#retention-profit'
    >>> site_link("03_communication.ipynb"), site_link("../exercises/ch02_customer_insight.ipynb")
    ('03_communication.slides.html', 'exercises/ch02_customer_insight.html')
    """
    for pattern, replacement in _LINKS:
        if pattern.match(target):
            return pattern.sub(replacement, target)
    return target


def _relink(html: str, depth: int = 0) -> str:
    """Rewrite every local ``href`` in ``html``; ``depth`` is how far the page is below the decks."""
    up = "../" * depth

    def swap(match):
        target = match.group(2)
        if re.match(r"^([a-z]+:|#|/)", target):
            return match.group(0)
        new = site_link(target)
        if new == target:
            return match.group(0)
        return f'{match.group(1)}"{up}{new}"'

    return re.sub(r'(href=)"([^"]+)"', swap, html)


def _markdown_page(path: Path, relative: Path) -> str:
    from .i18n.markup import page_renderer

    renderer = page_renderer()
    text = path.read_text(encoding="utf-8")
    if text.startswith("---\n") and "\n---\n" in text[4:]:  # a paired notebook's jupytext header
        text = text[4:].split("\n---\n", 1)[1]

    # links between documents are relative to the document: resolve them from the course root
    def absolute(match):
        target = match.group(2)
        if re.match(r"^([a-z]+:|#|/)", target):
            return match.group(0)
        resolved = (path.parent / target.split("#")[0]).resolve()
        try:
            rooted = resolved.relative_to(ROOT).as_posix()
        except ValueError:
            return match.group(0)
        anchor = "#" + target.split("#", 1)[1] if "#" in target else ""
        return f"{match.group(1)}({rooted}{anchor})"

    text = re.sub(r"(\]\s*)\(([^)\s]+)\)", absolute, text)
    title = next((line.lstrip("# ").strip() for line in text.splitlines() if line.startswith("#")), path.stem)
    depth = len(relative.parts) - 1
    return _relink(_PAGE.format(title=title, body=renderer.render(text)), depth)


def build_site(out, *, lang: str = "en") -> list[Path]:
    """Write the course's documents and exercises as HTML pages beside the decks in ``out``
    (the exercises of ``lang``: ``exercises/zh/`` for Chinese decks).

    ``docs/**/*.md`` and ``datasets/README.md`` become ``out/docs/….html`` and
    ``out/datasets/README.html`` (with their translations into ``lang``, ``….zh.html``, and
    no other language's pages); each exercise notebook becomes ``out/exercises/chNN_….html``
    (no outputs, nothing loaded from the network). Links between the pages are rewritten to
    point at the pages (:func:`site_link`).
    """
    import nbformat
    from nbconvert import HTMLExporter

    from .i18n.documents import page_language

    out = Path(out)
    written = []
    sources = sorted((ROOT / "docs").rglob("*.md")) + sorted((ROOT / "datasets").rglob("README*.md"))
    for source in sources:
        if page_language(source) not in ("en", lang):
            continue  # another language's page (``ch02.zh.md`` is not in the English site)
        relative = source.relative_to(ROOT).with_suffix(".html")
        target = out / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(_markdown_page(source, relative), encoding="utf-8")
        written.append(target)
    exporter = HTMLExporter(
        template_name="crm_page",
        extra_template_basedirs=[str(_TEMPLATES)],
        mathjax_url="../_static/mathjax/MathJax.js?config=TeX-AMS-MML_HTMLorMML-full,Safe",
        require_js_url="../_static/requirejs/require.js",
        jquery_url="",
        font_awesome_url="",
        widget_renderer_url="",
    )
    exercises = ROOT / "exercises" if lang == "en" else ROOT / "exercises" / lang
    for notebook in sorted(exercises.glob("*.ipynb")):
        html, _ = exporter.from_notebook_node(nbformat.read(notebook, as_version=4))
        target = out / "exercises" / f"{notebook.stem}.html"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(_relink(html, 1), encoding="utf-8")
        written.append(target)
    return written


def _chapter_number(notebook: Path) -> int:
    """``02_customer_insight.ipynb`` → 2 (0 for a notebook without a number)."""
    name = Path(notebook).name
    return int(name[:2]) if name[:2].isdigit() else 0


def build_decks(out=None, *, notebooks=None, code: bool = False, lang: str = "en") -> list[Path]:
    """Write a deck for every chapter notebook into ``out`` and return their paths.

    ``code=True`` keeps every code cell's source (an instructor's deck); by default only
    cells tagged :data:`SHOW_CODE` show their code. ``lang="zh"`` builds the Chinese decks
    from ``notebooks/zh/`` (into ``build/slides/zh`` by default), with the Chinese exercises
    as pages beside them; speaker notes come from the instructor pages, as for English.

    Examples
    --------
    >>> decks = build_decks("build/slides")        # doctest: +SKIP
    >>> decks[0].name                               # doctest: +SKIP
    '00_welcome.slides.html'
    """
    import nbformat
    from nbconvert import SlidesExporter
    from nbconvert.preprocessors import TagRemovePreprocessor

    folder = ROOT / "notebooks" if lang == "en" else ROOT / "notebooks" / lang
    out = Path(out) if out is not None else ROOT / "build" / "slides" / ("" if lang == "en" else lang)
    if notebooks is None:
        notebooks = [folder / ch.notebook for ch in CHAPTERS if (folder / ch.notebook).exists()]
    for path in map(Path, notebooks):  # every deck's notes are there before anything is written
        speaker_notes(_chapter_number(path), lang)
    out.mkdir(parents=True, exist_ok=True)
    _copy_static(out)
    build_site(out, lang=lang)
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
    exporter.register_preprocessor(TagRemovePreprocessor(remove_input_tags={"hide-input"}), enabled=True)
    written = []
    for path in map(Path, notebooks):
        nb = nbformat.read(path, as_version=4)
        deck = deck_notebook(nb, _chapter_number(path), code=code, lang=lang)
        html, _ = exporter.from_notebook_node(deck, resources={"metadata": {"name": path.stem}})
        html = _relink(html)
        target = out / f"{path.stem}.slides.html"
        target.write_text(html, encoding="utf-8")
        written.append(target)
    return written
