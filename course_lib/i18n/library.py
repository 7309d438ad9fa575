"""Catalogues of the library's own strings (check feedback, hints, labels), one per module.

Strings marked with :func:`course_lib.language.tr` or :func:`~course_lib.language.N_` are
extracted with Babel's Python extractor into ``i18n/<locale>/course_lib/<module>.po`` (e.g.
``course_lib.checks.ch02.po``), merged like the notebooks' catalogues: a changed English
string turns its translation fuzzy (stale), a new one arrives empty.
"""

from __future__ import annotations

import re
from pathlib import Path

from ..course import ROOT
from . import LANGUAGES
from .catalog import Kind, empty_catalog

__all__ = [
    "KEYWORDS",
    "module_name",
    "catalog_path",
    "marked_modules",
    "template",
    "merged",
    "update",
    "status",
    "placeholder_differences",
]

#: The marking functions Babel looks for.
KEYWORDS = {"tr": None, "N_": None}
_PACKAGE = ROOT / "course_lib"
_PLACEHOLDER = re.compile(r"\{[^{}]*\}")


def module_name(path: Path) -> str:
    """``course_lib/checks/ch02.py`` → ``"course_lib.checks.ch02"``.

    Examples
    --------
    >>> module_name(ROOT / "course_lib" / "checks" / "__init__.py")
    'course_lib.checks'
    """
    parts = Path(path).resolve().relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def catalog_path(path: Path, lang: str = "zh") -> Path:
    """The catalogue of a module's strings, e.g. ``i18n/zh_CN/course_lib/course_lib.checks.ch02.po``."""
    return ROOT / "i18n" / LANGUAGES[lang] / "course_lib" / f"{module_name(path)}.po"


def _extract(path: Path) -> list[tuple[str, int]]:
    from babel.messages.extract import extract_from_file

    found = []
    for lineno, message, _comments, _context in extract_from_file("python", str(path), keywords=KEYWORDS):
        if isinstance(message, str) and message:
            found.append((message, lineno))
    return found


def marked_modules() -> list[Path]:
    """The library's modules with at least one marked string."""
    marked = []
    for path in sorted(_PACKAGE.rglob("*.py")):
        text = path.read_text(encoding="utf-8")
        if ("tr(" in text or "N_(" in text) and _extract(path):
            marked.append(path)
    return marked


def template(path: Path, lang: str = "zh"):
    """A catalogue of a module's marked strings with empty translations."""
    catalog = empty_catalog(
        lang,
        f"# Simplified Chinese of the strings {module_name(path)} shows (check feedback, hints, labels).\n"
        "# Message ids are the English strings marked with tr() or N_(); keep every {placeholder}\n"
        "# and `code span` as it is. See docs/translation.md.",
    )
    for message, lineno in _extract(path):
        catalog.add(message, "", locations=[(Path(path).resolve().relative_to(ROOT).as_posix(), lineno)])
    return catalog


KIND = Kind(template, catalog_path)
merged, update, status = KIND.merged, KIND.update, KIND.status


def placeholder_differences(english: str, translated: str) -> list[str]:
    """The ``{placeholders}`` a translation lost or added (``str.format`` would fail on them).

    Examples
    --------
    >>> placeholder_differences("{task} — correct", "{task} — 正确"), placeholder_differences("{n} rows", "行")
    ([], ['placeholders differ: lost {n}; new none'])
    """
    en, zh = set(_PLACEHOLDER.findall(english)), set(_PLACEHOLDER.findall(translated))
    if en == zh:
        return []
    return [
        f"placeholders differ: lost {', '.join(sorted(en - zh)) or 'none'}; new {', '.join(sorted(zh - en)) or 'none'}"
    ]
