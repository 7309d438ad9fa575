"""Slide decks are built from stored outputs and load nothing from the internet."""

import re
from pathlib import Path

import pytest

from course_lib.course import CHAPTERS, ROOT
from course_lib.slides import build_decks

CDN = re.compile(r"unpkg\.com|cdnjs|jsdelivr|googleapis|cloudflare|cdn\.|mathjax\.org|code\.jquery", re.I)
LINK = re.compile(r"""(?:src|href)\s*=\s*["']([^"'#][^"']*)["']|url\(\s*["']?([^"')]+)""", re.I)


@pytest.fixture(scope="module")
def decks(tmp_path_factory):
    out = tmp_path_factory.mktemp("slides")
    return out, build_decks(out)


def test_one_deck_per_chapter_notebook(decks):
    out, written = decks
    expected = [f"{ch.number:02d}_{ch.slug}.slides.html" for ch in CHAPTERS
                if (ROOT / "notebooks" / ch.notebook).exists()]
    assert [p.name for p in written] == expected


def test_decks_name_no_cdn_and_every_local_file_exists(decks):
    out, written = decks
    for deck in written:
        html = deck.read_text(encoding="utf-8")
        assert not CDN.search(html), f"{deck.name}: {CDN.search(html).group(0)}"
        for match in LINK.finditer(html):
            target = (match.group(1) or match.group(2)).strip()
            if target.startswith(("data:", "mailto:")):
                continue
            assert not re.match(r"(https?:)?//", target), f"{deck.name} loads {target}"
            local = target.split("?")[0]
            if local.startswith("_static/"):
                assert (out / local).exists(), f"{deck.name} points at missing {local}"


def test_decks_hold_slides_and_speaker_notes(decks):
    _, written = decks
    html = written[0].read_text(encoding="utf-8")
    assert html.count("<section") >= 5
    assert '<aside class="notes">' in html
