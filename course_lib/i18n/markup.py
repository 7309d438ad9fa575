"""What a translation must keep of its English: the markup and the facts, not the words.

A translated Markdown cell keeps every code span and code block (a code block's ``#``
comments aside), every bold phrase (rendered: CommonMark is strict about ``**`` beside
Chinese punctuation), link target, heading level, table shape,
HTML comment and formula of its English cell, and every number of two or more digits (the
course's figures, years, amounts) at least once. :func:`markup_differences` names what a translation lost
or changed, so a broken cell is caught before a trainee sees it.
"""

from __future__ import annotations

import functools
import re
from collections import Counter

__all__ = ["markup_differences", "page_renderer"]

_FENCE = re.compile(r"^(```|~~~)")
_CODE = re.compile(r"(`+)(.+?)\1", re.S)  # a code span may wrap onto the next line
_LINK = re.compile(r"\]\(([^)\s]+)(?:\s+(?:\"[^\"]*\"|'[^']*'))?\)")  # a title in either quotes
_COMMENT = re.compile(r"<!--.*?-->", re.S)
_MATH = re.compile(r"\$\$.+?\$\$|\$[^$\n]+\$", re.S)
_NUMBER = re.compile(r"(?<![A-Za-z0-9_.])\d[\d,]*(?:\.\d+)?")
_HEADING = re.compile(r"^(#{1,6})\s")


def _outside_fences(text: str) -> list[str]:
    lines, inside = [], False
    for line in text.splitlines():
        if _FENCE.match(line.strip()):
            inside = not inside
            continue
        if not inside:
            lines.append(line)
    return lines


_FENCED_BLOCK = re.compile(r"^[ \t]*(```|~~~)([^\n]*)\n(.*?)^[ \t]*\1[ \t]*$", re.S | re.M)
#: Code blocks whose ``#`` comments a translation may translate: shell, Python, YAML, TOML.
_HASH_COMMENTED = {"", "bash", "sh", "shell", "console", "python", "py", "ipython3", "yaml", "yml", "toml"}
_LINE_COMMENT = re.compile(r"(?:^|[ \t]+)#(?!!).*$", re.M)  # a shebang (#!) is code


def _code_blocks(text: str) -> list[str]:
    """The fenced code blocks of ``text`` (language and code), their ``#`` comments left out
    where the language has them: a translation may translate a code block's comments, never
    its code."""
    found = []
    for match in _FENCED_BLOCK.finditer(text):
        language = (match.group(2).split() or [""])[0].lower()
        code = match.group(3)
        if language in _HASH_COMMENTED:
            code = _LINE_COMMENT.sub("", code)
        found.append(f"{language}\n{code}")
    return found


def _without_code_blocks(text: str) -> str:
    return _FENCED_BLOCK.sub(" ", text)


def _bold_phrases(text: str) -> int:
    """How many bold phrases ``text`` renders: ``**…**`` that CommonMark does not close (a
    full-width colon inside before a Chinese character, ``**小结：**这``) shows its asterisks."""
    return page_renderer().render(text).count("<strong>")


@functools.cache
def page_renderer():
    """The Markdown renderer of the course's pages (the decks' site), the one the checks of a
    translation render with too: CommonMark with tables, HTML, and heading ids made as GitHub
    makes them (rendered text, lower case, punctuation dropped, spaces to hyphens, a repeated
    id numbered)."""
    from markdown_it import MarkdownIt
    from mdit_py_plugins.anchors import anchors_plugin

    return MarkdownIt("commonmark", {"html": True}).enable("table").use(anchors_plugin, max_level=6)


def _headings(text: str) -> list[int]:
    return [len(m.group(1)) for line in _outside_fences(text) if (m := _HEADING.match(line))]


def _table_shape(text: str) -> list[int]:
    return [
        line.strip().strip("|").count("|") + 1
        for line in _outside_fences(text)
        if line.strip().startswith("|")
    ]


def _numbers(text: str) -> Counter:
    prose = _CODE.sub(" ", _COMMENT.sub(" ", _without_code_blocks(text)))
    prose = "\n".join(line for line in prose.splitlines() if not _HEADING.match(line))
    found = (n.replace(",", "") for n in _NUMBER.findall(prose))
    return Counter(n for n in found if len(n.replace(".", "")) >= 2)


def markup_differences(english: str, translated: str) -> list[str]:
    """What ``translated`` lost or changed of ``english``'s markup and figures (empty: none).

    Examples
    --------
    >>> markup_differences("## Task 2.1 · Recency\\nStore `r_score`; 18 % of [buyers](a.md).",
    ...                    "## 任务 2.1 · 最近一次购买\\n把结果存入 `r_score`;占[买家](a.md)的 18%。")
    []
    >>> markup_differences("Store `r_score` in 2024.", "存入 `rscore`。")
    ['code spans differ: lost `r_score`; new `rscore`', 'numbers lost: 2024']

    A code block's comments may be translated, its code not:

    >>> markup_differences("```bash\\nmake lab      # open the course\\n```", "```bash\\nmake lab  # 打开课程\\n```")
    []
    >>> markup_differences("~~~\\nmake lab\\n~~~", "~~~\\nmake test\\n~~~")
    ['code blocks differ (only their # comments may be translated)']
    >>> markup_differences("**Summary:** done.", "**小结：**完成。")[0][:20]
    'bold phrases differ:'

    """
    problems = []
    en_code = {m.group(2) for m in _CODE.finditer(_without_code_blocks(english))}
    zh_code = {m.group(2) for m in _CODE.finditer(_without_code_blocks(translated))}
    if en_code != zh_code:
        lost = ", ".join(f"`{c}`" for c in sorted(en_code - zh_code))
        new = ", ".join(f"`{c}`" for c in sorted(zh_code - en_code))
        problems.append(f"code spans differ: lost {lost or 'none'}; new {new or 'none'}")
    if _code_blocks(english) != _code_blocks(translated):
        problems.append("code blocks differ (only their # comments may be translated)")
    bold = _bold_phrases(english), _bold_phrases(translated)
    if bold[0] != bold[1]:
        problems.append(
            f"bold phrases differ: {bold[0]} in the English, {bold[1]} rendered in the translation "
            "(write **标签**：, with the punctuation outside the asterisks)"
        )
    if sorted(_LINK.findall(english)) != sorted(_LINK.findall(translated)):
        problems.append(
            f"link targets differ: {sorted(_LINK.findall(english))} → {sorted(_LINK.findall(translated))}"
        )
    if _headings(english) != _headings(translated):
        problems.append(f"heading levels differ: {_headings(english)} → {_headings(translated)}")
    if _table_shape(english) != _table_shape(translated):
        problems.append(
            f"table shape differs: {_table_shape(english)} → {_table_shape(translated)} columns per row"
        )
    if _COMMENT.findall(english) != _COMMENT.findall(translated):
        problems.append("HTML comments (such as <!-- BEGIN ANSWER -->) differ")
    if sorted(_MATH.findall(english)) != sorted(_MATH.findall(translated)):
        problems.append("formulas ($…$) differ")
    lost = set(_numbers(english)) - set(_numbers(translated))  # a bilingual label says a figure twice
    if lost:
        problems.append("numbers lost: " + ", ".join(sorted(lost)))
    return problems
