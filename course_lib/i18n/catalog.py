"""gettext catalogues of the translated notebooks, keyed by the English texts.

Each English notebook that is translated has one catalogue per language,
``i18n/<locale>/<folder>/<notebook>.po`` (e.g. ``i18n/zh_CN/notebooks/02_customer_insight.po``),
whose message ids are the notebook's messages (:func:`course_lib.i18n.cells.notebook_messages`)
and whose strings are their translations. Babel reads and writes them, and merges a new
English version in the way ``msgmerge`` does: a message whose English changed a little keeps
its old translation flagged *fuzzy* — stale until a translator confirms it — with the old
English beside it; a new message arrives empty; a removed one turns obsolete.
"""

from __future__ import annotations

import copy
import io
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import nbformat

from .. import __version__
from ..course import CHAPTERS, ROOT, write_atomic
from ..validation import CourseDataError
from . import LANGUAGES
from .cells import notebook_messages

__all__ = [
    "SOURCE_FOLDERS",
    "Status",
    "catalog_path",
    "template",
    "read_catalog",
    "write_catalog",
    "merge_stored",
    "empty_catalog",
    "Kind",
    "NOTEBOOKS",
    "merged",
    "update_catalog",
    "status",
    "translations",
    "translated_sources",
]

#: The folders whose notebooks are translated (exercises are built from the solutions).
SOURCE_FOLDERS = ("notebooks", "solutions")
_CREATED = datetime(2026, 12, 1, tzinfo=UTC)  # fixed: an update changes no header line
_HEADER = """\
# Simplified Chinese of {source}, the course's English source.
# Message ids are the English texts (a Markdown cell, or a code comment); "#: file:N" names
# the cell (N counts from 1). A stale translation is flagged fuzzy with the old English as
# "#| msgid". See docs/translation.md."""


@dataclass
class Status:
    """How a catalogue stands against its English notebook."""

    source: Path
    missing: list[str] = field(default_factory=list)
    stale: list[tuple[str, str]] = field(default_factory=list)  # (new English, old English)
    obsolete: list[str] = field(default_factory=list)

    @property
    def complete(self) -> bool:
        """Every message translated, none stale."""
        return not self.missing and not self.stale


def _locale(lang: str) -> str:
    try:
        return LANGUAGES[lang]
    except KeyError:
        known = ", ".join(sorted(LANGUAGES))
        raise CourseDataError(f"`lang` must be one of {known}; got {lang!r}.") from None


def catalog_path(source: Path, lang: str = "zh") -> Path:
    """The catalogue of an English notebook, e.g. ``i18n/zh_CN/notebooks/02_x.po`` (in the
    course folder the notebook's folder belongs to).

    Examples
    --------
    >>> catalog_path(ROOT / "notebooks" / "02_customer_insight.ipynb").relative_to(ROOT).as_posix()
    'i18n/zh_CN/notebooks/02_customer_insight.po'
    """
    source = Path(source)
    return source.parent.parent / "i18n" / _locale(lang) / source.parent.name / (source.stem + ".po")


def empty_catalog(lang: str, header_comment: str):
    """A new catalogue of the course in ``lang``, with the course's fixed header (dates fixed,
    so an update changes no header line) and ``header_comment`` above it."""
    from babel.messages.catalog import Catalog

    return Catalog(
        locale=_locale(lang),
        project="crm-course",
        version=__version__,
        charset="utf-8",
        fuzzy=False,
        creation_date=_CREATED,
        revision_date=_CREATED,
        msgid_bugs_address="the course's issue tracker",
        last_translator="the course's translators",
        language_team="Simplified Chinese 简体中文",
        header_comment=header_comment,
    )


def template(source: Path, lang: str = "zh"):
    """A catalogue of ``source``'s messages with empty translations, cells as locations."""
    nb = nbformat.read(source, as_version=4)
    catalog = empty_catalog(lang, _HEADER.format(source=f"{Path(source).parent.name}/{Path(source).name}"))
    for message in notebook_messages(nb):
        places = [(Path(source).name, index + 1) for index, _kind in message.where]  # "line" = cell number
        catalog.add(message.text, "", locations=places)
    for ch in CHAPTERS:  # the header cell's one English text that is not in a cell
        if Path(source).parent.name == "notebooks" and Path(source).name == ch.notebook:
            catalog.add(
                ch.prerequisites, "", auto_comments=["the chapter's prerequisites, in its header cell"]
            )
    return catalog


def read_catalog(path: Path):
    """The Babel catalogue stored at ``path``."""
    from babel.messages.pofile import read_po

    with open(path, "rb") as handle:
        return read_po(handle, abort_invalid=True)


def write_catalog(catalog, path: Path) -> None:
    """Write ``catalog`` to ``path`` (lines unwrapped, so a diff shows what changed)."""
    from babel.messages.pofile import write_po

    buffer = io.BytesIO()
    write_po(buffer, catalog, width=0, include_previous=True, omit_header=False)
    path.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(path, buffer.getvalue())


def merge_stored(fresh, path: Path):
    """``fresh`` (a template of the English as it stands) merged into the catalogue stored at
    ``path``, as ``msgmerge`` would (changed entries fuzzy, removed ones obsolete); ``fresh``
    itself when nothing is stored yet. The stored file is not changed."""
    if not path.exists():
        return fresh
    catalog = copy.deepcopy(read_catalog(path))
    catalog.update(fresh, update_creation_date=False)
    return catalog


def _status(source: Path, catalog) -> Status:
    found = Status(Path(source))
    for message in catalog:
        if not message.id:
            continue
        if message.fuzzy:
            old = message.previous_id[0] if message.previous_id else ""
            found.stale.append((message.id, old))
        elif not message.string:
            found.missing.append(message.id)
    found.obsolete = [message.id for message in catalog.obsolete.values()]
    return found


@dataclass(frozen=True)
class Kind:
    """One kind of translated source — notebooks, library modules, documents: how the
    template of a source is made and where its catalogue lives. Each kind merges, updates
    and reports the same way."""

    template: Callable[[Path, str], object]
    path: Callable[[Path, str], Path]

    def merged(self, source: Path, lang: str = "zh"):
        """The catalogue of ``source`` merged with its English as it stands now (not written)."""
        return merge_stored(self.template(source, lang), self.path(source, lang))

    def update(self, source: Path, lang: str = "zh") -> Status:
        """Merge the English into the catalogue and write it; return the status."""
        catalog = self.merged(source, lang)
        write_catalog(catalog, self.path(source, lang))
        return _status(Path(source), catalog)

    def status(self, source: Path, lang: str = "zh") -> Status:
        """Missing, stale and obsolete messages of the catalogue, without writing it."""
        return _status(Path(source), self.merged(source, lang))


NOTEBOOKS = Kind(template, catalog_path)
merged, update_catalog, status = NOTEBOOKS.merged, NOTEBOOKS.update, NOTEBOOKS.status


def translations(source: Path, lang: str = "zh") -> dict[str, str]:
    """English message → translation, for a complete, current catalogue.

    Raises
    ------
    CourseDataError
        When a message has no translation or a stale one: nothing falls back to English.
    """
    catalog = merged(source, lang)
    found = _status(source, catalog)
    if not found.complete:
        raise CourseDataError(
            f"{catalog_path(source, lang).name} is not complete: {len(found.missing)} "
            f"message(s) untranslated, {len(found.stale)} stale. Run `crm-course i18n check`."
        )
    return {m.id: m.string for m in catalog if m.id and m.string}


def translated_sources(lang: str = "zh", *, root: Path = ROOT) -> list[Path]:
    """The English notebooks that have a catalogue in ``lang``.

    Examples
    --------
    >>> all(p.suffix == ".ipynb" for p in translated_sources())
    True
    """
    found = []
    for folder in SOURCE_FOLDERS:
        for source in sorted((root / folder).glob("*.ipynb")):
            if catalog_path(source, lang).exists():
                found.append(source)
    return found
