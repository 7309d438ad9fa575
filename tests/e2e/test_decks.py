"""Every slide of every deck, English and Chinese, fits 1280×800 and 1920×1080, with nothing
missing (browser test).

A slide that overflows its box (reveal.js cuts it off), a file the deck cannot load, or a
widget's text representation fails the test; a screenshot of each failing slide is saved in
``build/e2e/decks/``.
"""

from __future__ import annotations

import pytest

from course_lib.course import CHAPTERS, ROOT
from course_lib.slides import build_decks

from .conftest import SHOTS
from .deck_fit import measure

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module", params=["en", "zh"])
def decks(tmp_path_factory, request):
    """The English decks and the Chinese ones (from notebooks/zh)."""
    return build_decks(tmp_path_factory.mktemp(f"decks-{request.param}"), lang=request.param)


@pytest.mark.parametrize("size", [(1280, 800), (1920, 1080)], ids=["1280x800", "1920x1080"])
def test_every_slide_fits_and_loads(browser, decks, size):
    context = browser.new_context(viewport={"width": size[0], "height": size[1]})
    problems = []
    try:
        for deck in decks:
            page = context.new_page()
            report = measure(page, deck, shots=SHOTS / "decks" / deck.parent.name)
            page.close()
            assert len(report.slides) >= 5, deck.name
            problems += [
                f"{deck.name} #/{s.h}/{s.v} {s.title!r}: {', '.join(s.problems)}" for s in report.failing
            ]
            problems += [f"{deck.name} could not load {url}" for url in sorted(set(report.missing))]
    finally:
        context.close()
    assert not problems, f"{len(problems)} problems:\n" + "\n".join(problems)
    assert len(decks) == len([c for c in CHAPTERS if (ROOT / "notebooks" / c.notebook).exists()])
