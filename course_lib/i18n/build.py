"""The translated notebooks, written from the English ones and their catalogues.

``notebooks/zh/`` and ``solutions/zh/`` hold the translations of the English chapters and
solutions that have a complete catalogue; ``exercises/zh/`` is made from ``solutions/zh/``
exactly as ``exercises/`` is made from ``solutions/``. Code cells are the English ones (their
comments translated), after a first cell that sets the language; their stored outputs come
from running the translation (``crm-course i18n execute``) and are kept while the code is
unchanged, and nbval tests them like the English ones. Header and footer cells are written in the target language from the
chapter list, and relative links are pointed from the new folder at the translated chapter
when there is one, else at the English file.
"""

from __future__ import annotations

import os
import posixpath
import re
from pathlib import Path

import nbformat

from ..course import CHAPTERS, ROOT, Chapter, write_atomic
from ..validation import CourseDataError
from .catalog import translated_sources, translations
from .cells import translate_notebook

__all__ = [
    "ZH_FOLDER",
    "target_path",
    "zh_header",
    "zh_footer",
    "relink",
    "build_notebook",
    "expected_files",
    "build_all",
    "stale_files",
]

#: The sub-folder of a translation, e.g. ``notebooks/zh/``.
ZH_FOLDER = "zh"
_ZH_NUMBERS = "零一二三四五六七八九十"
_LINK = re.compile(r"(!?\[[^\]]*\]\()([^)\s]+)((?:\s+\"[^\"]*\")?\))")
_ATTRIBUTE = re.compile(r"""((?:src|href)=")([^"]+)(")""")


def target_path(source: Path, lang: str = "zh") -> Path:
    """Where the translation of ``source`` goes: ``<folder>/<lang>/<name>``.

    Examples
    --------
    >>> target_path(ROOT / "notebooks" / "02_customer_insight.ipynb").relative_to(ROOT).as_posix()
    'notebooks/zh/02_customer_insight.ipynb'
    """
    return Path(source).parent / lang / Path(source).name


def _chapter_zh(ch: Chapter) -> str:
    number = f"第{_ZH_NUMBERS[ch.number]}章 · " if ch.number else ""
    return f"{number}{ch.title_zh}"


def _zh_navigation(ch: Chapter) -> str:
    position = CHAPTERS.index(ch)
    parts = []
    if position > 0:
        before = CHAPTERS[position - 1]
        parts.append(f"◀ [{_chapter_zh(before)}]({before.notebook})")
    parts.append(f"[课程目录]({CHAPTERS[0].notebook})")
    if position + 1 < len(CHAPTERS):
        after = CHAPTERS[position + 1]
        parts.append(f"[{_chapter_zh(after)}]({after.notebook}) ▶")
    return " · ".join(parts)


def zh_header(ch: Chapter, prerequisites: str) -> str:
    """The Chinese header cell of a chapter (its English title kept beside the Chinese).

    Examples
    --------
    >>> print(zh_header(CHAPTERS[2], "第一章；pandas 的 `groupby`").splitlines()[0])
    # 第二章 · 客户数据分析与洞察挖掘 ｜ 2 · Customer Data Analysis and Insight
    """
    return (
        f"# {_chapter_zh(ch)} ｜ {ch.number} · {ch.title}\n"
        f"**时长**：{ch.minutes} 分钟 + 练习 {ch.exercise_minutes} 分钟 · **先修**：{prerequisites}\n\n"
        f"{_zh_navigation(ch)}"
    )


def zh_footer(ch: Chapter) -> str:
    """The Chinese footer cell of a chapter: the navigation line again."""
    return f"---\n{_zh_navigation(ch)}"


def relink(text: str, source_dir: Path, target_dir: Path, translated: set[Path], lang: str = "zh") -> str:
    """``text`` with its relative links pointed from ``target_dir`` at the same files, or at
    their translations where ``translated`` (absolute English paths) has them.

    Examples
    --------
    >>> nb, zh = ROOT / "notebooks", ROOT / "notebooks" / "zh"
    >>> relink("[map](00_welcome.ipynb) [src](../docs/sources.md#kpis)", nb, zh, {nb / "00_welcome.ipynb"})
    '[map](00_welcome.ipynb) [src](../../docs/sources.md#kpis)'
    """

    from . import documents

    def moved(url: str) -> str:
        if re.match(r"^[a-z][a-z0-9+.-]*:", url, re.I) or url.startswith(("#", "/")):
            return url
        path, hash_, anchor = url.partition("#")
        if not path:
            return url
        english = Path(posixpath.normpath((source_dir / path).as_posix()))
        goal = english
        if english in translated:  # a translated notebook, or a translated document (README.zh.md)
            goal = (
                documents.target_path(english, lang)
                if english.suffix == ".md"
                else target_path(english, lang)
            )
        relative = Path(os.path.relpath(goal, target_dir)).as_posix()
        return relative + hash_ + anchor

    text = _LINK.sub(lambda m: m.group(1) + moved(m.group(2)) + m.group(3), text)
    return _ATTRIBUTE.sub(lambda m: m.group(1) + moved(m.group(2)) + m.group(3), text)


def _chapter_of(source: Path) -> Chapter | None:
    for ch in CHAPTERS:
        if source.parent.name == "notebooks" and source.name == ch.notebook:
            return ch
    return None


def build_notebook(source: Path, lang: str = "zh", *, translated: set[Path] | None = None):
    """The translated notebook of ``source`` (raises when its catalogue is not complete)."""
    source = Path(source)
    lookup = translations(source, lang)
    nb = nbformat.read(source, as_version=4)
    out, missing = translate_notebook(nb, lookup)
    if missing:  # translations() already refuses incomplete catalogues; this is a guard
        raise CourseDataError(f"{source.name}: {len(missing)} message(s) without a translation.")
    translated = set(translated_sources(lang)) if translated is None else translated
    target_dir = target_path(source, lang).parent
    for cell in out.cells:
        if cell.cell_type == "markdown":
            cell.source = relink(cell.source, source.parent, target_dir, translated, lang)
    ch = _chapter_of(source)
    if ch is not None:
        prerequisites = lookup[ch.prerequisites]
        for cell in out.cells:
            tags = cell.get("metadata", {}).get("tags", [])
            if "header" in tags:
                cell.source = relink(
                    zh_header(ch, prerequisites), source.parent, target_dir, translated, lang
                )
            elif "footer" in tags:
                cell.source = zh_footer(ch)
    first_code = next((i for i, c in enumerate(out.cells) if c.cell_type == "code"), len(out.cells))
    out.cells.insert(first_code, language_cell(lang))
    out.metadata.pop("jupytext", None)  # translations are written, not paired
    out.metadata["crm_course"] = {"lang": lang, "source": f"{source.parent.name}/{source.name}"}
    for cell in out.cells:  # outputs come from running the translation (keep_outputs)
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
            cell.metadata.pop("execution", None)
    return out


def language_cell(lang: str):
    """The code cell a translated notebook starts with: it sets the course's language, so
    check feedback, hints and figures speak it whatever ``COURSE_LANG`` says.

    Examples
    --------
    >>> print(language_cell("zh").source)
    from course_lib.language import set_language
    <BLANKLINE>
    set_language("zh")
    """
    cell = nbformat.v4.new_code_cell(
        f'from course_lib.language import set_language\n\nset_language("{lang}")',
        metadata={"tags": ["language"], "slideshow": {"slide_type": "skip"}},
    )
    cell.id = "course-language"  # the same at every build
    return cell


def keep_outputs(built, existing) -> None:
    """Give ``built``'s code cells the stored outputs of ``existing`` (the translation as it was
    last executed) where their code is unchanged; a changed or new cell has none until the
    notebook is run again (``crm-course i18n execute``)."""
    from difflib import SequenceMatcher

    new = [c for c in built.cells if c.cell_type == "code"]
    old = [c for c in existing.cells if c.cell_type == "code"]
    matcher = SequenceMatcher(a=[c.source for c in old], b=[c.source for c in new], autojunk=False)
    for block in matcher.get_matching_blocks():
        for k in range(block.size):
            before, after = old[block.a + k], new[block.b + k]
            after.outputs, after.execution_count = before.get("outputs", []), before.get("execution_count")


def expected_files(lang: str = "zh", *, root: Path = ROOT, complete_only: bool = False) -> dict[Path, str]:
    """Every translated file and its expected text (exercises from the translated solutions).

    With ``complete_only``, notebooks whose catalogue is incomplete or stale are left out
    (``crm-course i18n check`` names them); otherwise such a notebook raises.
    """
    from ..notebook_tools import make_exercise
    from . import documents
    from .catalog import status

    sources = translated_sources(lang, root=root)
    if complete_only:
        sources = [s for s in sources if status(s, lang).complete]
    translated = set(sources)
    if root == ROOT:
        translated |= {
            d
            for d in documents.DOCUMENTS
            if documents.catalog_path(d, lang).exists() and documents.status(d, lang).complete
        }
    expected = {}
    for source in sources:
        nb = build_notebook(source, lang, translated=translated)
        target = target_path(source, lang)
        if target.exists():
            keep_outputs(nb, nbformat.read(target, as_version=4))
        expected[target] = nbformat.writes(nb) + "\n"
        if source.parent.name == "solutions":
            exercise = make_exercise(nb, source.name)
            path = root / "exercises" / lang / source.name
            expected[path] = nbformat.writes(exercise) + "\n"
    if root == ROOT:  # the translated documents (the data dictionary)
        for document in documents.DOCUMENTS:
            if not documents.catalog_path(document, lang).exists():
                continue
            if complete_only and not documents.status(document, lang).complete:
                continue
            expected[documents.target_path(document, lang)] = documents.build(
                document, lang, translated=translated
            )
    return expected


def build_all(lang: str = "zh", *, root: Path = ROOT) -> list[Path]:
    """Write every translated file that changed; return their paths."""
    changed = []
    for path, text in expected_files(lang, root=root).items():
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            path.parent.mkdir(parents=True, exist_ok=True)
            write_atomic(path, text.encode("utf-8"))
            changed.append(path)
    return changed


def stale_files(lang: str = "zh", *, root: Path = ROOT) -> list[Path]:
    """Translated files that differ from what :func:`build_all` would write."""
    return [
        path
        for path, text in expected_files(lang, root=root).items()
        if not path.exists() or path.read_text(encoding="utf-8") != text
    ]
