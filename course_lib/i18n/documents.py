"""Markdown documents of the course in other languages: the data dictionary first.

A document's messages are its blocks — a paragraph, a heading, a list, a table, a code
block — as blank lines separate them; the translation is written beside the English
(``datasets/README.md`` → ``datasets/README.zh.md``) with its links to chapters pointed at
the translated chapters. The catalogue lives with the notebooks' ones, e.g.
``i18n/zh_CN/datasets/README.po``, and is merged, checked and built the same way.
"""

from __future__ import annotations

import re
from pathlib import Path

from ..course import ROOT, write_atomic
from ..validation import CourseDataError
from .catalog import Kind, _locale, _status, empty_catalog

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
    "kept_anchor",
]


def _english_pages(folder: Path, pattern: str = "*.md") -> list[Path]:
    """The English Markdown pages of ``folder`` (not their translations, ``*.zh.md``)."""
    return sorted(p for p in folder.glob(pattern) if len(p.suffixes) == 1)


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
    parts = []
    for block in blocks(Path(document).read_text(encoding="utf-8")):
        anchor = kept_anchor(block, lookup[block])
        if anchor:
            parts.append(anchor)
        parts.append(relink(lookup[block], folder, folder, set(translated)))
    return "\n\n".join(parts) + "\n"


_HEADING = re.compile(r"^(#{1,6})\s+(.+?)\s*#*\s*$")


def kept_anchor(english: str, translation: str) -> str | None:
    """An HTML anchor with the English heading's id, to stand before its translation, when the
    translated heading's own id differs: links into the page (``ch02.md#timing``) keep working
    when they are pointed at the translation. A block is a heading when its first line is one
    (a heading written straight above its list or table); ``None`` for any other block.

    Ids are made as the course's page builder and GitHub make them (lower case, punctuation
    dropped, spaces to hyphens).

    Examples
    --------
    >>> kept_anchor("## Discussion prompts", "## 讨论题")
    '<a id="discussion-prompts"></a>'
    >>> kept_anchor("## the-five-sources", "## the-five-sources") is None
    True
    >>> kept_anchor("## Timing\\n| a |\\n|---|", "## 时间安排\\n| 甲 |\\n|---|")
    '<a id="timing"></a>'
    >>> kept_anchor("A paragraph.", "一段话。") is None
    True
    """
    from mdit_py_plugins.anchors.index import slugify

    first = english.lstrip().split("\n", 1)[0], translation.lstrip().split("\n", 1)[0]
    english_heading, translated_heading = _HEADING.match(first[0]), _HEADING.match(first[1])
    if english_heading is None or translated_heading is None:
        return None
    ours = slugify(english_heading.group(2))
    if ours == slugify(translated_heading.group(2)):
        return None
    return f'<a id="{ours}"></a>'


def write(document: Path, text: str, lang: str = "zh") -> Path:
    """Write a built translation beside its document."""
    target = target_path(document, lang)
    write_atomic(target, text.encode("utf-8"))
    return target
