"""The language of what ``course_lib`` shows: check feedback, hints, figure labels, widgets.

The language is the notebook's or the course's choice, never the machine's: a Chinese
notebook calls ``set_language("zh")`` in its first cell, and ``make lab COURSE_LANG=zh`` sets
the environment variable ``COURSE_LANG`` for every kernel. The operating system's locale
(``LANG``, ``LC_ALL``) is ignored, so English outputs are the same on a Chinese laptop.

Library strings are marked in the code: :func:`tr` where a string is shown (it returns the
translation in the current language), :func:`N_` where it is only stored to be shown later
(a task's hints, its title). The English text is the message id; the translations live in
``i18n/<locale>/course_lib/<module>.po``, read once, when a language other than English is
first used. This module imports the standard library only.

Examples
--------
>>> tr("not attempted yet")
'not attempted yet'
"""

from __future__ import annotations

import os
from functools import cache
from pathlib import Path

__all__ = [
    "LANG_ENV",
    "LANGUAGES",
    "normalise",
    "set_language",
    "language",
    "translate",
    "tr",
    "translated_columns",
    "N_",
]

#: The environment variable that chooses the course's language.
LANG_ENV = "COURSE_LANG"
#: Language code → gettext locale folder; English is the source and has no catalogue.
LANGUAGES = {"en": None, "zh": "zh_CN"}
_ALIASES = {
    "en": "en",
    "english": "en",
    "zh": "zh",
    "zh_cn": "zh",
    "zh-cn": "zh",
    "zh-hans": "zh",
    "cn": "zh",
}
_chosen: str | None = None
_I18N = Path(__file__).resolve().parents[1] / "i18n"


def normalise(lang: str) -> str:
    """``"en"`` or ``"zh"`` for a language name as people write it.

    Examples
    --------
    >>> normalise("zh_CN"), normalise("EN")
    ('zh', 'en')
    """
    key = str(lang).strip().lower()
    if key not in _ALIASES:
        known = ", ".join(sorted(set(_ALIASES.values())))
        raise ValueError(f"`lang` must be one of {known} (or zh_CN, zh-CN); got {lang!r}.")
    return _ALIASES[key]


def set_language(lang: str | None) -> None:
    """Show the course in ``lang`` (``"zh"`` or ``"en"``) from now on in this kernel;
    ``None`` goes back to ``$COURSE_LANG`` (English when it is unset).

    Examples
    --------
    >>> set_language("en"); language()
    'en'
    >>> set_language(None)
    """
    global _chosen
    _chosen = None if lang is None else normalise(lang)


def language() -> str:
    """The current language: :func:`set_language`'s, else ``$COURSE_LANG``'s, else English."""
    if _chosen is not None:
        return _chosen
    env = os.environ.get(LANG_ENV, "").strip()
    if not env:
        return "en"
    try:
        return normalise(env)
    except ValueError:
        return "en"


@cache
def _catalogue(lang: str) -> dict[str, str]:
    """Every library translation of ``lang``: English → translation (complete, not fuzzy)."""
    from babel.messages.pofile import read_po

    folder = _I18N / LANGUAGES[lang] / "course_lib"
    found: dict[str, str] = {}
    for path in sorted(folder.glob("*.po")):
        with open(path, "rb") as handle:
            for message in read_po(handle):
                if message.id and message.string and not message.fuzzy:
                    found[message.id] = message.string
    return found


def translate(message: str, lang: str) -> str:
    """``message`` in ``lang``, whatever the current language (the build writes a Chinese
    exercise's stored "not attempted" lines with it).

    Examples
    --------
    >>> translate("not attempted yet", "en")
    'not attempted yet'
    """
    lang = normalise(lang)
    return message if lang == "en" else _catalogue(lang).get(message, message)


def tr(message: str) -> str:
    """``message`` in the current language (its English text when that is English).

    A message without a translation is shown in English; ``tests/test_i18n_library.py`` and
    ``crm-course i18n check`` make sure none is missing.
    """
    lang = language()
    if lang == "en":
        return message
    return _catalogue(lang).get(message, message)


def translated_columns(table, columns):
    """``table`` (a DataFrame) with the prose of ``columns`` in the course's language: the same
    object in English, a copy with every text translated (:func:`tr`) in any other language.
    Columns missing from ``table`` are skipped; values that are not text stay as they are.

    Examples
    --------
    >>> import pandas as pd
    >>> table = pd.DataFrame({"rule": ["everyone else"]})
    >>> translated_columns(table, ["rule", "absent"]) is table
    True
    """
    present = [c for c in columns if c in table.columns]
    if not present or language() == "en":
        return table
    return table.assign(**{c: table[c].map(lambda v: tr(v) if isinstance(v, str) else v) for c in present})


def N_(message: str) -> str:  # noqa: N802 - gettext's name for "mark, translate later"
    """Mark ``message`` for translation where it is stored; :func:`tr` translates it when shown."""
    return message
