"""What of a notebook is translated, and how a translation is put back.

A Markdown cell is one message: its whole source, as it stands in the English notebook. A
code cell is shared between languages; only its comments (each comment's text, without the
``#``) and the strings it shows a trainee (each literal of two or more words, as written,
quotes included: a label, a printed sentence) are messages. A literal that is also a key the
code looks up is translated as itself. The header and footer cells (tagged ``header``/``footer``) are not: the
build writes them from the chapter list in the target language. Solution markers
(``# SOLUTION``, ``# BEGIN SOLUTION``, ``# END SOLUTION``) and tool comments (``# noqa``,
``# fmt: …``, ``# type: …``) stay as they are.
"""

from __future__ import annotations

import copy
import io
import re
import tokenize
from collections.abc import Mapping
from dataclasses import dataclass

__all__ = [
    "GENERATED_TAGS",
    "Message",
    "code_comments",
    "code_strings",
    "notebook_messages",
    "translate_notebook",
]

#: Cells the build writes itself, in the target language.
GENERATED_TAGS = ("header", "footer")
_KEEP = re.compile(r"^(SOLUTION|BEGIN SOLUTION|END SOLUTION|noqa\b.*|fmt:.*|type:.*|pragma:.*)$")


@dataclass(frozen=True)
class Message:
    """A text to translate and where it stands: ``(cell index, "markdown" | "comment")``."""

    text: str
    where: tuple[tuple[int, str], ...]


def _comment_tokens(source: str) -> list[tuple[int, int, int, str]]:
    """``(line, start column, end column, text)`` of each ``#`` comment of ``source``.

    IPython's magics (``%timeit``, ``!pip``) are not Python: such lines are blanked for the
    tokenizer, and a cell Python cannot tokenize falls back to whole-line comments.
    """
    lines = source.splitlines()
    python = "\n".join("" if line.lstrip().startswith(("%", "!")) else line for line in lines) + "\n"
    found = []
    try:
        for token in tokenize.generate_tokens(io.StringIO(python).readline):
            if token.type == tokenize.COMMENT:
                (row, col), (_, end) = token.start, token.end
                found.append((row - 1, col, end, token.string))
    except (tokenize.TokenError, IndentationError, SyntaxError):
        found = [
            (i, len(line) - len(line.lstrip()), len(line), line.strip())
            for i, line in enumerate(lines)
            if line.lstrip().startswith("#")
        ]
    return found


#: A word of English prose, not a piece of an identifier (``order_date.dt.year``).
_ENGLISH_WORD = re.compile(r"(?<![\w])(?<!\w\.)[A-Za-z]{2,}(?!\w)(?!\.\w)")
#: Code written as a string: a query (``"year == 2024"``), a line of YAML (``"  - name: x"``).
_CODE_LIKE = re.compile(r"[=!<>]=|^\s*-\s+[\w.]+:(\s|$)")


def _reads_as_text(literal: str) -> bool:
    """Whether a string literal (as written) is text a trainee reads: two or more parts
    separated by spaces, one of them an English word (not a piece of an identifier) — a label
    ("after suppression", "healthy 健康"), a printed sentence, ``f"{n:,} customers"`` — not a
    key such as ``"customer_id"``, a pattern such as ``"%Y-%m-%d %H:%M"``, or code written as
    a string (a query with ``==``, a line of YAML).

    Examples
    --------
    >>> [_reads_as_text(s) for s in ['"case before"', '"buyers"', '"%Y-%m-%d %H:%M"', 'f"{n} rows"']]
    [True, False, False, True]
    >>> [_reads_as_text(s) for s in ['"order_date.dt.year == 2024"', '"  - name: wake_up"', '"Done."']]
    [False, False, False]
    """
    body = re.sub(r"^[A-Za-z]*(\'\'\'|\"\"\"|\'|\")", "", literal)
    text = re.sub(r"\{[^{}]*\}", " ", body)  # an f-string's placeholders are code
    if _CODE_LIKE.search(text):
        return False
    return len(body.split()) >= 2 and bool(_ENGLISH_WORD.search(text))


#: Python 3.12 tokenizes an f-string as FSTRING_START … FSTRING_END (3.11: one STRING).
_FSTRING = (getattr(tokenize, "FSTRING_START", -1), getattr(tokenize, "FSTRING_END", -1))


def _literal_spans(tokens, fstring: tuple[int, int] = _FSTRING) -> list[tuple[tuple, tuple]]:
    """``(start, end)`` (row, column) of each whole string literal among ``tokens``: a STRING,
    or an f-string from its FSTRING_START to its matching FSTRING_END (strings inside its
    placeholders belong to it), so the literals are the same on every Python.

    Examples
    --------
    >>> from tokenize import STRING, NAME, TokenInfo as T
    >>> START, END = 901, 902  # as Python 3.12 would give them
    >>> tokens = [T(START, 'f"', (1, 0), (1, 2), ""), T(STRING, "'a'", (1, 3), (1, 6), ""),
    ...           T(END, '"', (1, 7), (1, 8), ""), T(STRING, '"b c"', (1, 9), (1, 14), "")]
    >>> _literal_spans(tokens, (START, END))
    [((1, 0), (1, 8)), ((1, 9), (1, 14))]
    """
    spans, depth, opened = [], 0, None
    for token in tokens:
        if token.type == fstring[0]:
            if depth == 0:
                opened = token.start
            depth += 1
        elif token.type == fstring[1]:
            depth -= 1
            if depth == 0:
                spans.append((opened, token.end))
        elif token.type == tokenize.STRING and depth == 0:
            spans.append((token.start, token.end))
    return spans


def _string_tokens(source: str) -> list[tuple[int, int, str]]:
    """``(start offset, end offset, literal)`` of each string literal of ``source`` that a
    trainee reads (:func:`_reads_as_text`). A cell Python cannot tokenize has none."""
    lines = source.splitlines(keepends=True)
    starts = [0]
    for line in lines:
        starts.append(starts[-1] + len(line))
    python = "".join(
        " " * len(line.rstrip("\n")) + line[len(line.rstrip("\n")) :]
        if line.lstrip().startswith(("%", "!"))
        else line
        for line in lines
    )
    try:
        spans = _literal_spans(tokenize.generate_tokens(io.StringIO(python).readline))
    except (tokenize.TokenError, IndentationError, SyntaxError):
        return []
    found = []
    for (row, col), (end_row, end_col) in spans:
        start, end = starts[row - 1] + col, starts[end_row - 1] + end_col
        if _reads_as_text(source[start:end]):
            found.append((start, end, source[start:end]))
    return found


def code_strings(source: str) -> list[str]:
    """The string literals of a code cell that a trainee reads, as they stand in the code
    (quotes and ``f`` prefix included): their translation is another literal.

    Examples
    --------
    >>> code_strings('print(f"{n:,} customers scored this week"); table["customer_id"]')
    ['f"{n:,} customers scored this week"']
    """
    return [text for _start, _end, text in _string_tokens(source)]


def code_comments(source: str) -> list[str]:
    """The translatable comments of a code cell, in order, without ``#``.

    Examples
    --------
    >>> code_comments("x = 1  # one order\\n# BEGIN SOLUTION\\ny = f(x)  # SOLUTION\\n# END SOLUTION")
    ['one order']
    """
    texts = []
    for _row, _start, _end, comment in _comment_tokens(source):
        text = comment.lstrip("#").strip()
        if text and not _KEEP.match(text):
            texts.append(text)
    return texts


def _generated(cell) -> bool:
    return any(tag in cell.get("metadata", {}).get("tags", []) for tag in GENERATED_TAGS)


def notebook_messages(nb) -> list[Message]:
    """Every message of a notebook, each text once, in the order it first appears.

    Examples
    --------
    >>> import nbformat
    >>> nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("Hello"),
    ...                                      nbformat.v4.new_code_cell("x = 1  # Hello")])
    >>> [(m.text, m.where) for m in notebook_messages(nb)]
    [('Hello', ((0, 'markdown'), (1, 'comment')))]
    """
    where: dict[str, list[tuple[int, str]]] = {}
    for index, cell in enumerate(nb.cells):
        if cell.cell_type == "markdown" and not _generated(cell) and cell.source.strip():
            where.setdefault(cell.source, []).append((index, "markdown"))
        elif cell.cell_type == "code":
            for text in code_comments(cell.source):
                where.setdefault(text, []).append((index, "comment"))
            for text in code_strings(cell.source):
                where.setdefault(text, []).append((index, "string"))
    return [Message(text, tuple(places)) for text, places in where.items()]


def _translate_code(source: str, lookup: Mapping[str, str], missing: list[str]) -> str:
    for start, end, literal in reversed(_string_tokens(source)):
        if literal in lookup:
            source = source[:start] + lookup[literal] + source[end:]
        else:
            missing.append(literal)
    lines = source.splitlines(keepends=True)
    for row, start, end, comment in reversed(_comment_tokens(source)):
        text = comment.lstrip("#").strip()
        if not text or _KEEP.match(text):
            continue
        if text not in lookup:
            missing.append(text)
            continue
        line = lines[row]
        newline = "\n" if line.endswith("\n") else ""
        body = line[: len(line) - len(newline)]
        hashes = comment[: len(comment) - len(comment.lstrip("#"))]
        lines[row] = f"{body[:start]}{hashes} {lookup[text]}{body[end:]}{newline}"
    return "".join(lines)


def translate_notebook(nb, lookup: Mapping[str, str]):
    """A copy of ``nb`` with every message replaced by ``lookup[message]``.

    Returns ``(notebook, missing)``: ``missing`` lists the messages ``lookup`` has no
    translation for (they are left in English; the build refuses such a notebook).

    Examples
    --------
    >>> import nbformat
    >>> nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("n = 3  # orders\\nprint(n)")])
    >>> translated, missing = translate_notebook(nb, {"orders": "订单数"})
    >>> print(translated.cells[0].source)
    n = 3  # 订单数
    print(n)
    """
    out, missing = copy.deepcopy(nb), []
    for cell in out.cells:
        if cell.cell_type == "markdown" and not _generated(cell) and cell.source.strip():
            if cell.source in lookup:
                cell.source = lookup[cell.source]
            else:
                missing.append(cell.source)
        elif cell.cell_type == "code":
            cell.source = _translate_code(cell.source, lookup, missing)
    return out, missing
