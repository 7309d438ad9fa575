"""The Chinese edition from one source: what is translated, how a changed English cell turns
its translation stale, how links follow, and that every catalogue keeps its English's markup,
figures and glossary terms. nbval on the built notebooks runs in `make test-zh`."""

from __future__ import annotations

import re
import shutil

import nbformat
import pytest

from course_lib.course import CHAPTERS, ROOT
from course_lib.glossary import TERMS
from course_lib.i18n import build, catalog, documents
from course_lib.i18n.cells import code_comments, notebook_messages, translate_notebook
from course_lib.i18n.markup import markup_differences
from course_lib.validation import CourseDataError

COMPLETE = [s for s in catalog.translated_sources() if catalog.status(s).complete]


def _notebook(*cells):
    return nbformat.v4.new_notebook(cells=list(cells))


def test_markdown_cells_and_code_comments_are_the_messages():
    header = nbformat.v4.new_markdown_cell("# 2 · Title", metadata={"tags": ["header"]})
    nb = _notebook(
        header,
        nbformat.v4.new_markdown_cell("Read the **table**."),
        nbformat.v4.new_code_cell(
            "%matplotlib inline\n# one row per customer\nx = f()  # SOLUTION\n# BEGIN SOLUTION\n"
            "y = '#hashtag'  # noqa: E501\n# END SOLUTION"
        ),
    )
    assert [(m.text, m.where) for m in notebook_messages(nb)] == [
        ("Read the **table**.", ((1, "markdown"),)),
        ("one row per customer", ((2, "comment"),)),
    ]
    assert code_comments("if x:\n    # nested\n    pass") == ["nested"]


def test_a_translation_replaces_text_and_keeps_code_markers_and_outputs():
    code = nbformat.v4.new_code_cell("n = len(orders)  # count the rows\nn  # SOLUTION")
    code.outputs = [nbformat.v4.new_output("execute_result", {"text/plain": "5000"}, execution_count=1)]
    nb = _notebook(nbformat.v4.new_markdown_cell("How many?"), code)
    out, missing = translate_notebook(nb, {"How many?": "有多少?", "count the rows": "数一数行数"})
    assert missing == []
    assert out.cells[0].source == "有多少?"
    assert out.cells[1].source == "n = len(orders)  # 数一数行数\nn  # SOLUTION"
    assert out.cells[1].outputs == code.outputs and nb.cells[0].source == "How many?"
    _, missing = translate_notebook(nb, {})
    assert missing == ["How many?", "count the rows"]


@pytest.fixture
def course(tmp_path):
    """A small course folder with one chapter-like notebook and its complete catalogue."""
    (tmp_path / "notebooks").mkdir()
    source = tmp_path / "notebooks" / "09_demo.ipynb"
    nb = _notebook(
        nbformat.v4.new_markdown_cell("## Retention\nRetention is the share of customers who buy again."),
        nbformat.v4.new_code_cell("rate = 0.62  # last year's retention"),
    )
    nbformat.write(nb, source)
    zh = {
        "## Retention\nRetention is the share of customers who buy again.": "## 留存\n留存率是再次购买的客户所占的比例。",
        "last year's retention": "去年的留存率",
    }
    entries = catalog.merged(source)
    for message in entries:
        if message.id:
            message.string = zh[message.id]
    catalog.write_catalog(entries, catalog.catalog_path(source))
    return source


def test_a_changed_english_cell_turns_its_translation_stale_and_the_build_refuses(course):
    assert catalog.status(course).complete
    assert catalog.translations(course)["last year's retention"] == "去年的留存率"
    stored = catalog.catalog_path(course).read_text()
    nb = nbformat.read(course, as_version=4)
    nb.cells[0].source = "## Retention\nRetention is the share of last year's customers who buy again."
    nb.cells.append(nbformat.v4.new_markdown_cell("A new paragraph."))
    nbformat.write(nb, course)
    found = catalog.status(course)
    assert found.stale == [
        (nb.cells[0].source, "## Retention\nRetention is the share of customers who buy again.")
    ]
    assert found.missing == ["A new paragraph."]
    with pytest.raises(CourseDataError, match="09_demo.po is not complete: 1 message.*untranslated, 1 stale"):
        catalog.translations(course)
    assert catalog.catalog_path(course).read_text() == stored  # checking wrote nothing
    updated = catalog.update_catalog(course)
    assert len(updated.stale) == 1 and "#, fuzzy" in catalog.catalog_path(course).read_text()


def test_a_removed_english_cell_turns_obsolete(course):
    nb = nbformat.read(course, as_version=4)
    del nb.cells[1]
    nbformat.write(nb, course)
    found = catalog.status(course)
    assert found.complete and found.obsolete == ["last year's retention"]


def test_links_follow_the_translation():
    notebooks, zh = ROOT / "notebooks", ROOT / "notebooks" / "zh"
    translated = {notebooks / "01_importance.ipynb"}
    text = (
        "[next](01_importance.ipynb) · [lab](02_customer_insight.ipynb#top) · [kpis](../docs/sources.md#kpis)"
        ' · [web](https://example.org/a.md) · [here](#top) · <img src="../datasets/x.png">'
    )
    assert build.relink(text, notebooks, zh, translated) == (
        "[next](01_importance.ipynb) · [lab](../02_customer_insight.ipynb#top) · [kpis](../../docs/sources.md#kpis)"
        ' · [web](https://example.org/a.md) · [here](#top) · <img src="../../datasets/x.png">'
    )


def test_the_chinese_header_names_the_chapter_and_its_neighbours():
    text = build.zh_header(CHAPTERS[7], "第一至六章")
    assert text.startswith(
        "# 第七章 · CRM实操工作台 ｜ 7 · The CRM Workbench\n**时长**：60 分钟 + 练习 30 分钟"
    )
    assert text.endswith(
        "◀ [第六章 · 客户关系维护的未来趋势与实施路径](06_future_implementation.ipynb) · [课程目录](00_welcome.ipynb)"
    )


def test_markup_differences_name_what_a_translation_broke():
    english = "| a | b |\n|---|---|\n| `x` | 18 % |\n\n<!-- BEGIN ANSWER -->\nSee [src](../docs/sources.md#kpis), $r^2$."
    good = "| 甲 | 乙 |\n|---|---|\n| `x` | 18% |\n\n<!-- BEGIN ANSWER -->\n见[来源](../docs/sources.md#kpis),$r^2$。"
    assert markup_differences(english, good) == []
    broken = "| 甲 乙 |\n|---|\n| x | 十八 |\n\n见[来源](../docs/sources.md)。"
    assert markup_differences(english, broken) == [
        "code spans differ: lost `x`; new none",
        "link targets differ: ['../docs/sources.md#kpis'] → ['../docs/sources.md']",
        "table shape differs: [2, 2, 2] → [1, 1, 2] columns per row",
        "HTML comments (such as <!-- BEGIN ANSWER -->) differ",
        "formulas ($…$) differ",
        "numbers lost: 18",
    ]


# ---------------------------------------------------------------------------- the shipped catalogues
def _entries(source):
    return [m for m in catalog.merged(source) if m.id and m.string and not m.fuzzy]


def _translated_entries(source):
    """Entries whose translation differs from the English: a literal kept as it is (a key the
    code uses, sample text fed to a model) is not prose to judge."""
    return [m for m in _entries(source) if m.string != m.id]


@pytest.mark.parametrize("source", COMPLETE, ids=lambda p: p.name)
def test_every_translation_keeps_its_englishs_markup_and_figures(source):
    problems = [
        f"{m.id.splitlines()[0][:50]!r}: {why}"
        for m in _entries(source)
        for why in markup_differences(m.id, m.string)
    ]
    assert not problems, problems[:10]


#: Glossary words that are also everyday English: "percentage points", "key points", "to lift",
#: a model's relative "uplift", how often messages go out ("frequency"). Where the English
#: means the glossary's sense, its Chinese is checked in chapter review, not here.
EVERYDAY = {"points", "lift", "uplift", "frequency"}


def _glossary_pattern(term) -> re.Pattern:
    english = re.sub(r"\s*\(.*?\)", "", term.english)  # "customer lifetime value (CLV)" → the words
    return re.compile(rf"\b{re.escape(english)}s?\b", re.IGNORECASE)


@pytest.mark.parametrize("source", COMPLETE, ids=lambda p: p.name)
def test_glossary_terms_keep_their_glossary_form(source):
    terms = sorted((t for t in TERMS if t.english not in EVERYDAY), key=lambda t: -len(t.english))
    misses = []
    for message in _translated_entries(source):
        prose = re.sub(r"`[^`]*`|\]\([^)]*\)|\{[^{}]*\}", " ", message.id)  # code, links, placeholders
        for term in terms:  # the longest first: "frequency cap" is not "frequency"
            pattern = _glossary_pattern(term)
            if pattern.search(prose):
                if term.chinese not in message.string:
                    misses.append(
                        f"{term.english} → {term.chinese} missing in {message.id.splitlines()[0][:40]!r}"
                    )
                prose = pattern.sub(" ", prose)
    assert not misses, misses[:10]


@pytest.mark.parametrize("source", COMPLETE, ids=lambda p: p.name)
def test_no_english_prose_is_left_in_a_translation(source):
    for message in _translated_entries(source):
        prose = re.sub(
            r"\$\$.+?\$\$|`[^`]*`|\]\([^)]*\)|<[^>]+>|\$[^$\n]+\$|https?://\S+",
            " ",
            message.string,
            flags=re.S,
        )
        prose = re.sub(r"\*\*[a-z_]+\*\*", " ", prose)  # a value the code expects, in bold (e.g. **holiday**)
        prose = re.sub(r"\{[^{}]*\}", " ", prose)  # an f-string's placeholders are code
        words = re.findall(r"\b[a-z]{4,}\b", prose)
        english_words = [w for w in words if w not in {"lumen", "python", "pandas", "jupyter", "jupyterlab"}]
        assert len(english_words) <= 3, (message.id.splitlines()[0][:50], english_words[:8])


def test_an_incomplete_catalogue_is_never_built_with_english_in_it(tmp_path):
    shutil.copytree(ROOT / "notebooks", tmp_path / "notebooks", ignore=shutil.ignore_patterns("zh", "*.md"))
    source = tmp_path / "notebooks" / "00_welcome.ipynb"
    catalog.write_catalog(catalog.template(source), catalog.catalog_path(source))
    assert build.expected_files(root=tmp_path, complete_only=True) == {}
    with pytest.raises(CourseDataError, match="not complete"):
        build.expected_files(root=tmp_path)


# ---------------------------------------------------------------------------- documents
DOCUMENTS_DONE = [
    d for d in documents.DOCUMENTS if documents.catalog_path(d).exists() and documents.status(d).complete
]


def test_a_document_is_translated_block_by_block():
    text = "# Data\n\nSee [chapter 2](../notebooks/02_customer_insight.ipynb).\n\n| a | b |\n|---|---|\n| 1 | 2 |\n"
    assert documents.blocks(text) == [
        "# Data",
        "See [chapter 2](../notebooks/02_customer_insight.ipynb).",
        "| a | b |\n|---|---|\n| 1 | 2 |",
    ]
    assert documents.target_path(ROOT / "datasets" / "README.md").name == "README.zh.md"


@pytest.mark.parametrize("document", DOCUMENTS_DONE, ids=lambda p: p.name)
def test_every_document_block_keeps_its_markup_and_figures(document):
    problems = [
        f"{m.id.splitlines()[0][:50]!r}: {why}"
        for m in documents.merged(document)
        if m.id and m.string
        for why in markup_differences(m.id, m.string)
    ]
    assert not problems, problems[:10]
    built = documents.build(document)
    english = document.read_text(encoding="utf-8")
    if re.search(r"\]\((?:\.\./)+notebooks/\d\d_", english):  # a link to a chapter
        assert re.search(r"\]\((?:\.\./)+notebooks/zh/\d\d_", built)


@pytest.mark.parametrize("document", DOCUMENTS_DONE, ids=lambda p: p.name)
def test_links_into_a_translated_document_find_their_anchors(document):
    """Every heading id of the English page is an id of its translation (the translated
    heading's own, or an anchor the build keeps before it), so `ch07.md#…` links still land."""
    built = documents.build(document)
    ids = documents.heading_ids(built) + re.findall(r'<a id="([^"]+)"></a>', built)
    english = documents.heading_ids(document.read_text(encoding="utf-8"))
    assert not [i for i in english if i not in ids]
    assert len(ids) == len(set(ids)), "an id twice on the page"


@pytest.mark.parametrize("source", COMPLETE, ids=lambda p: p.name)
def test_translated_code_cells_still_parse(source):
    """A translated string literal is a literal again: every code cell of the build parses."""
    import ast

    nb = build.build_notebook(source)
    for index, cell in enumerate(nb.cells):
        if cell.cell_type == "code":
            code = "\n".join(
                "" if line.lstrip().startswith(("%", "!")) else line for line in cell.source.splitlines()
            )
            try:
                ast.parse(code)
            except SyntaxError as error:
                pytest.fail(f"{source.name} cell {index}: {error}")


def test_string_literals_a_trainee_reads_are_messages():
    from course_lib.i18n.cells import code_strings

    cell = (
        'ax.set_title("Revenue by month and channel")\nx = df["customer_id"]\n'
        'table = {"case before": 0.15, "buyers": 3}\nwhen = t.strftime("%Y-%m-%d %H:%M")'
    )
    assert code_strings(cell) == ['"Revenue by month and channel"', '"case before"']
    nb = _notebook(nbformat.v4.new_code_cell('label = "orders outside stores"  # three words'))
    out, missing = translate_notebook(
        nb, {'"orders outside stores"': '"门店以外的订单"', "three words": "三个词"}
    )
    assert missing == [] and out.cells[0].source == 'label = "门店以外的订单"  # 三个词'
