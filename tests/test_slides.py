"""Slide decks are built from stored outputs and load nothing from the internet."""

import re

import pytest

from course_lib.course import CHAPTERS, ROOT
from course_lib.slides import build_decks

CDN = re.compile(r"unpkg\.com|cdnjs|jsdelivr|googleapis|cloudflare|cdn\.|mathjax\.org|code\.jquery", re.I)
LINK = re.compile(r"""(?:src|href)\s*=\s*["']([^"'#][^"']*)["']|url\(\s*["']?([^"')]+)""", re.I)


@pytest.fixture(scope="module", params=["en", "zh"])
def decks(tmp_path_factory, request):
    """The decks of every chapter, in English and from the Chinese edition (notebooks/zh)."""
    out = tmp_path_factory.mktemp(f"slides-{request.param}")
    return out, build_decks(out, lang=request.param)


def test_one_deck_per_chapter_notebook(decks):
    out, written = decks
    expected = [
        f"{ch.number:02d}_{ch.slug}.slides.html"
        for ch in CHAPTERS
        if (ROOT / "notebooks" / ch.notebook).exists()
    ]
    assert [p.name for p in written] == expected


def _pages(out):
    return sorted(out.rglob("*.html"))


def test_every_link_of_the_decks_and_pages_opens_offline(decks):
    """Chapter, exercise and source links of a deck open a page beside it, at its anchor."""
    from urllib.parse import unquote

    out, written = decks
    pages = [p for p in _pages(out) if "_static" not in p.parts]
    assert (out / "docs" / "sources.html").exists() and (out / "exercises").is_dir()
    ids = {}
    broken = []
    for page in pages:
        html = page.read_text(encoding="utf-8")
        assert not CDN.search(html), f"{page.relative_to(out)}: {CDN.search(html).group(0)}"
        for target in re.findall(r'href="([^"]+)"', html):
            if re.match(r"^[a-z]+:", target) or target.startswith("#"):
                continue
            file, _, anchor = target.partition("#")
            linked = (page.parent / unquote(file)).resolve()
            if not linked.exists():
                broken.append(f"{page.relative_to(out)} → {target}")
            elif anchor and not linked.name.endswith(".slides.html"):
                known = ids.setdefault(
                    linked, set(re.findall(r'id="([^"]+)"', linked.read_text(encoding="utf-8")))
                )
                if unquote(anchor) not in known:
                    broken.append(f"{page.relative_to(out)} → {target} (no such anchor)")
    assert not broken, broken[:10]
    deck = next(d for d in written if d.name.startswith("05_")).read_text(encoding="utf-8")
    sources = "sources.zh.html" if out.name.startswith("slides-zh") else "sources.html"  # the Chinese page
    assert f'href="docs/{sources}#retention-profit"' in deck
    assert 'href="exercises/ch05_loyalty_value.html"' in deck


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


def _chapter_notebooks():
    return [(ch.number, ROOT / "notebooks" / ch.notebook) for ch in CHAPTERS]


@pytest.mark.parametrize("number, path", _chapter_notebooks(), ids=lambda v: str(v)[-30:])
def test_chapters_carry_no_notes_and_every_section_has_speaker_notes(number, path):
    """Trainees never read the discussion answers in the notebook; the speaker view of
    every section slide has its timing and what to ask or say (docs/instructor/chNN.md)."""
    import nbformat

    from course_lib.slides import section_key, speaker_notes

    nb = nbformat.read(path, as_version=4)
    assert not [c for c in nb.cells if c.metadata.get("slideshow", {}).get("slide_type") == "notes"]
    assert not [c for c in nb.cells if "notes" in c.metadata.get("tags", [])]
    sections = [
        k for c in nb.cells if c.cell_type == "markdown" for k in [section_key(number, c.source)] if k
    ]
    notes = speaker_notes(number)
    assert sections and "opening" in notes
    for key in sections:
        assert key in notes and re.match(r"\*\*\d+ min\*\* — ", notes[key]), f"{key} has no timing row"
        assert "**Ask:**" in notes[key] or notes[key].count("\n\n") >= 1, (
            f"{key}: the speaker view needs a prompt or a note, not only the timing"
        )
    orphans = set(notes) - set(sections) - {"opening"}
    assert not orphans, f"instructor notes for sections the chapter does not have: {orphans}"


def test_every_section_slide_of_a_deck_shows_its_notes(decks):
    out, written = decks
    html = next(d for d in written if d.name.startswith("02_")).read_text(encoding="utf-8")
    asides = re.findall(r'<aside class="notes">(.*?)</aside>', html, re.S)
    assert len(asides) >= 15  # the title and 14 sections
    if out.name.startswith("slides-zh"):  # the Chinese deck speaks from the Chinese pages
        assert any("8 分钟" in a and "提问" in a for a in asides)
        assert not [a for a in asides if "Ask:" in a or " min</strong>" in a]
    else:
        assert any("8 min" in a and "Ask:" in a for a in asides)


@pytest.mark.parametrize("number", [ch.number for ch in CHAPTERS])
def test_the_chinese_speaker_notes_cover_what_the_english_ones_do(number):
    """Every section with notes in English has them in Chinese (docs/instructor/chNN.zh.md,
    built from i18n/zh_CN/docs/instructor): its timing, its prompts, what to say."""
    from course_lib.slides import speaker_notes

    english, chinese = speaker_notes(number), speaker_notes(number, lang="zh")
    assert set(chinese) == set(english)
    for key, note in english.items():
        assert chinese[key].count("**提问**：") == note.count("**Ask:**"), key
        minutes = re.match(r"\*\*(\d+) min\*\*", note)
        assert minutes is None or chinese[key].startswith(f"**{minutes.group(1)} 分钟**"), key
        assert re.search(r"[\u4e00-\u9fff]", chinese[key]), key


def test_speaker_notes_name_the_language_they_cannot_give():
    from course_lib.slides import speaker_notes

    with pytest.raises(ValueError, match="lang: expected one of"):
        speaker_notes(2, lang="fr")


def test_audience_decks_hide_code_and_widget_reprs(decks, tmp_path):
    _, written = decks
    for deck in written:
        html = deck.read_text(encoding="utf-8")
        assert "VBox(children" not in html and "HBox(children" not in html, deck.name
        assert "widget-view+json" not in html, deck.name
    audience = next(d for d in written if d.name.startswith("02_")).read_text(encoding="utf-8")
    assert "plots.use_theme()" not in audience
    instructor = build_decks(
        tmp_path, notebooks=[ROOT / "notebooks" / "02_customer_insight.ipynb"], code=True
    )[0].read_text(encoding="utf-8")
    assert "k_table" in instructor and "k_table" not in audience


def test_a_chinese_deck_without_its_chinese_instructor_page_is_refused(tmp_path, monkeypatch):
    """Nothing falls back to English: a missing translation is named, with what to run."""
    import shutil

    from course_lib import slides
    from course_lib.validation import CourseDataError

    (tmp_path / "docs" / "instructor").mkdir(parents=True)
    shutil.copy(ROOT / "docs" / "instructor" / "ch02.md", tmp_path / "docs" / "instructor" / "ch02.md")
    monkeypatch.setattr(slides, "ROOT", tmp_path)
    assert "2.4" in slides.speaker_notes(2)
    with pytest.raises(CourseDataError, match=r"ch02\.zh\.md not found.*crm-course i18n build"):
        slides.speaker_notes(2, lang="zh")
    out = tmp_path / "decks"
    zh = ROOT / "notebooks" / "zh" / "02_customer_insight.ipynb"
    with pytest.raises(CourseDataError):
        slides.build_decks(out, notebooks=[zh], lang="zh")
    assert not out.exists()  # refused before anything was written


def test_the_slides_command_reports_a_refused_deck_without_a_traceback(monkeypatch, capsys):
    from course_lib import cli, slides
    from course_lib.validation import CourseDataError

    def refuse(*args, **kwargs):
        raise CourseDataError("speaker notes in 'zh': ch02.zh.md not found in docs/instructor.")

    monkeypatch.setattr(slides, "build_decks", refuse)
    assert cli.main(["slides", "--lang", "zh"]) == 1
    assert "ch02.zh.md not found" in capsys.readouterr().err


def test_chinese_notes_render_their_bold_and_carry_no_anchors():
    """`**提问**：` (not `**提问：**`, which CommonMark leaves as asterisks before a Chinese
    character), and the ids a translated page keeps are not read as note text."""
    from markdown_it import MarkdownIt

    from course_lib.slides import speaker_notes

    render = MarkdownIt("commonmark").render
    for ch in CHAPTERS:
        for key, note in speaker_notes(ch.number, lang="zh").items():
            assert "<a id=" not in note, (ch.number, key)
            assert "**" not in render(note).replace("****", ""), (ch.number, key, note[:80])
