"""Markdown documents of the course in other languages: the data dictionary, the instructor
pages (the Chinese decks' speaker notes), the instructor guide, the assessment kit, the sources.

A document's messages are its blocks — a paragraph, a heading, a list, a table, a code
block — as blank lines separate them; the translation is written beside the English
(``datasets/README.md`` → ``datasets/README.zh.md``) with its links to chapters pointed at
the translated chapters. The catalogue lives with the notebooks' ones, e.g.
``i18n/zh_CN/datasets/README.po``, and is merged, checked and built the same way.
"""

from __future__ import annotations

from pathlib import Path

from ..course import ROOT, write_atomic
from ..language import LANGUAGES
from ..validation import CourseDataError
from .catalog import Kind, _locale, _status, empty_catalog
from .markup import page_renderer

__all__ = [
    "DOCUMENTS",
    "blocks",
    "catalog_path",
    "target_path",
    "template",
    "merged",
    "update",
    "status",
    "build",
    "kept_anchors",
    "heading_ids",
    "page_language",
]


def page_language(path: Path) -> str:
    """The language of a Markdown page: a translation is named ``<page>.<lang>.md``.

    Examples
    --------
    >>> page_language(Path("ch02.zh.md")), page_language(Path("ch02.md")), page_language(Path("v1.2.md"))
    ('zh', 'en', 'en')
    """
    tag = Path(Path(path).stem).suffix.lstrip(".")
    return tag if tag in LANGUAGES and tag != "en" else "en"


def _english_pages(folder: Path, pattern: str = "*.md") -> list[Path]:
    """The English Markdown pages of ``folder`` (not their translations, ``*.zh.md``)."""
    return sorted(p for p in folder.glob(pattern) if page_language(p) == "en")


#: The documents that are translated (English paths): the data dictionary, the instructor
#: pages (whose speaker notes the Chinese decks show), the instructor guide, the assessment
#: kit and the sources page.
DOCUMENTS = (
    ROOT / "datasets" / "README.md",
    *_english_pages(ROOT / "docs" / "instructor", "ch[0-9][0-9]*.md"),
    ROOT / "docs" / "instructor_guide.md",
    *_english_pages(ROOT / "docs" / "assessment"),
    ROOT / "docs" / "sources.md",
)


def blocks(text: str) -> list[str]:
    """The blocks of a Markdown text: runs of lines between blank lines, a fenced code block
    whole (blank lines inside it included).

    Examples
    --------
    >>> blocks("# Title\\n\\nA paragraph\\non two lines.\\n\\n```\\nx = 1\\n\\ny = 2\\n```\\n")
    ['# Title', 'A paragraph\\non two lines.', '```\\nx = 1\\n\\ny = 2\\n```']
    """
    found, current, fenced = [], [], False
    for line in text.splitlines():
        if line.strip().startswith(("```", "~~~")):
            fenced = not fenced
        if not line.strip() and not fenced:
            if current:
                found.append("\n".join(current))
                current = []
            continue
        current.append(line)
    if current:
        found.append("\n".join(current))
    return found


def catalog_path(document: Path, lang: str = "zh") -> Path:
    """``datasets/README.md`` → ``i18n/zh_CN/datasets/README.po``."""
    relative = Path(document).resolve().relative_to(ROOT)
    return ROOT / "i18n" / _locale(lang) / relative.parent / (relative.stem + ".po")


def target_path(document: Path, lang: str = "zh") -> Path:
    """``datasets/README.md`` → ``datasets/README.zh.md``."""
    return Path(document).with_suffix(f".{lang}.md")


def template(document: Path, lang: str = "zh"):
    """A catalogue of the document's blocks with empty translations."""
    relative = Path(document).resolve().relative_to(ROOT).as_posix()
    catalog = empty_catalog(
        lang,
        f"# Simplified Chinese of {relative}: one message per Markdown block (a paragraph, a\n"
        "# heading, a list, a table). See docs/translation.md.",
    )
    for number, block in enumerate(blocks(Path(document).read_text(encoding="utf-8")), 1):
        if block not in catalog:
            catalog.add(block, "", locations=[(relative, number)])
    return catalog


KIND = Kind(template, catalog_path)
merged, update, status = KIND.merged, KIND.update, KIND.status


def build(document: Path, lang: str = "zh", *, translated: set[Path] = frozenset()) -> str:
    """The translated document (raises when its catalogue is incomplete or stale)."""
    from .build import relink

    catalog = merged(document, lang)
    found = _status(Path(document), catalog)
    if not found.complete:
        raise CourseDataError(
            f"{catalog_path(document, lang).name} is not complete: {len(found.missing)} block(s) "
            f"untranslated, {len(found.stale)} stale. Run `crm-course i18n check`."
        )
    lookup = {m.id: m.string for m in catalog if m.id}
    folder = Path(document).parent
    english = blocks(Path(document).read_text(encoding="utf-8"))
    translation = [relink(lookup[block], folder, folder, set(translated), lang) for block in english]
    parts = []
    for anchors, block in zip(kept_anchors(english, translation), translation):
        parts += [f'<a id="{anchor}"></a>' for anchor in anchors]
        parts.append(block)
    return "\n\n".join(parts) + "\n"


def heading_ids(text: str) -> list[str]:
    """The ids of the headings of a Markdown page, in order, as :func:`page_renderer` gives them.

    Examples
    --------
    >>> heading_ids("## Timing\\n\\n## See [sources](../sources.md)\\n\\n## Timing")
    ['timing', 'see-sources', 'timing-1']
    """
    return [token.attrGet("id") for token in page_renderer().parse(text) if token.type == "heading_open"]


def kept_anchors(english: list[str], translation: list[str]) -> list[list[str]]:
    """For each block of a page, the ids of its English headings that its translation must keep
    as anchors (``<a id="…">`` before the block), because the translated heading's own id
    differs: links into the page (``ch07.md#rubric-what-the-checks-cannot-judge``) then land
    in the translation too. Ids are counted over the whole page, as the page builder does.

    Examples
    --------
    >>> kept_anchors(["## Timing\\n| a |\\n|---|", "Text.", "## the-five-sources"],
    ...              ["## 时间安排\\n| 甲 |\\n|---|", "正文。", "## the-five-sources"])
    [['timing'], [], []]
    """
    ours, theirs = iter(heading_ids("\n\n".join(english))), heading_ids("\n\n".join(translation))
    taken, kept, place = set(theirs), [], iter(theirs)
    for block in english:
        anchors = []
        for _ in heading_ids(block):
            mine, translated = next(ours), next(place, None)
            if mine != translated and mine not in taken:
                anchors.append(mine)
                taken.add(mine)
        kept.append(anchors)
    return kept


def write(document: Path, text: str, lang: str = "zh") -> Path:
    """Write a built translation beside its document."""
    target = target_path(document, lang)
    write_atomic(target, text.encode("utf-8"))
    return target
