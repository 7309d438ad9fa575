"""What course_lib shows, in the course's language: the language is the notebook's or
COURSE_LANG's, never the machine's; every marked string has a current translation that keeps
its placeholders, code and figures; and the checks answer in Chinese when asked to."""

from __future__ import annotations

import nbformat
import pytest

from course_lib.checks import evaluate, hint
from course_lib.i18n import library
from course_lib.i18n.markup import markup_differences
from course_lib.language import language, set_language, tr, translate
from course_lib.notebook_tools import make_exercise

MODULES = library.marked_modules()


def test_the_machines_locale_never_chooses_the_language(monkeypatch):
    for name in ("LANG", "LC_ALL", "LC_MESSAGES", "LANGUAGE"):
        monkeypatch.setenv(name, "zh_CN.UTF-8")
    monkeypatch.delenv("COURSE_LANG", raising=False)
    assert language() == "en"
    assert tr("to the nearest whole number") == "to the nearest whole number"


def test_course_lang_and_the_notebook_choose_it(monkeypatch):
    monkeypatch.setenv("COURSE_LANG", "zh_CN")
    assert language() == "zh" and tr("to the nearest whole number") == "精确到整数"
    monkeypatch.setenv("COURSE_LANG", "klingon")
    assert language() == "en"  # an unknown value is not an error in a trainee's kernel
    set_language("zh")
    try:
        assert language() == "zh"
    finally:
        set_language(None)
    with pytest.raises(ValueError, match="`lang` must be one of en, zh"):
        set_language("fr")


def test_the_checks_answer_in_chinese(chinese, capsys):
    status, message = evaluate("ch00.order_count", ...)
    assert status == "not attempted" and message.startswith("✗ ch00.order_count — 尚未作答")
    status, message = evaluate("ch99.nothing", 1)
    assert message.startswith("✗ 没有编号为 'ch99.nothing' 的任务")
    hint("ch99.nothing")
    assert capsys.readouterr().out.startswith("没有任务 'ch99.nothing'")


def test_a_chinese_exercise_stores_the_chinese_not_attempted_line():
    solution = nbformat.v4.new_notebook(
        cells=[nbformat.v4.new_code_cell('n = len(orders)  # SOLUTION\ncheck("ch00.order_count", n)')],
        metadata={"crm_course": {"lang": "zh"}},
    )
    exercise = make_exercise(solution, "demo")
    expected = translate(
        "✗ {task} — not attempted yet: replace the ... with your answer, then run the cell again.", "zh"
    )
    assert exercise.cells[0].outputs[0]["text"] == expected.format(task="ch00.order_count") + "\n"


@pytest.mark.parametrize("module", MODULES, ids=library.module_name)
def test_every_marked_string_has_a_current_translation(module):
    found = library.status(module)
    assert not found.missing, found.missing[:5]
    assert not found.stale, found.stale[:5]


@pytest.mark.parametrize("module", MODULES, ids=library.module_name)
def test_translations_keep_placeholders_code_and_figures(module):
    problems = []
    for message in library.merged(module):
        if message.id and message.string:
            for why in library.placeholder_differences(message.id, message.string) + markup_differences(
                message.id, message.string
            ):
                problems.append(f"{message.id[:50]!r}: {why}")
    assert not problems, problems[:8]


def test_a_shared_english_string_has_one_translation():
    """All library catalogues are one lookup: the same English must read the same everywhere."""
    seen: dict[str, tuple[str, str]] = {}
    clashes = []
    for module in MODULES:
        for message in library.merged(module):
            if not (message.id and message.string):
                continue
            first = seen.setdefault(message.id, (message.string, library.module_name(module)))
            if first[0] != message.string:
                clashes.append(f"{message.id[:40]!r}: {first[1]} and {library.module_name(module)} differ")
    assert not clashes, clashes[:8]
