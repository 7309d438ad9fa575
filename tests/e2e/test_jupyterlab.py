"""End to end in a real browser: run a chapter, move a slider, open a slide deck."""

from __future__ import annotations

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from course_lib.slides import build_decks

from .conftest import screenshot

pytestmark = pytest.mark.e2e


#: The notebook on show: JupyterLab keeps other tabs in the page, hidden.
VISIBLE = ".jp-NotebookPanel:not(.lm-mod-hidden)"


def open_notebook(page, lab, name):
    """Open ``name`` (a path under the course root) alone; ``reset`` drops earlier tabs."""
    base, token, _, _ = lab
    page.goto(f"{base}/lab/tree/{name}?reset&token={token}", wait_until="domcontentloaded")
    wait_for_notebook(page)


def wait_for_notebook(page):
    """Wait until the notebook on show has drawn its cells and its kernel is idle."""
    page.wait_for_selector(f"{VISIBLE} .jp-Notebook .jp-Cell", timeout=120_000)
    page.wait_for_selector(f"{VISIBLE} .jp-Notebook-ExecutionIndicator[data-status='idle']", timeout=120_000)


_PROMPTS = "[...document.querySelectorAll('.jp-NotebookPanel:not(.lm-mod-hidden) .jp-InputArea-prompt')]"
_FINISHED = f"{_PROMPTS}.filter(p => /\\[\\d+\\]/.test(p.textContent)).length"


def wait_while_progressing(page, condition: str, *, what: str, stall_seconds: int = 60):
    """Wait until the JavaScript ``condition`` holds, for as long as cells keep finishing.

    A loaded machine runs cells slowly, not never: the test fails only when no cell has
    finished for ``stall_seconds``, not after a fixed total time.
    """
    finished = -1
    while True:
        try:
            page.wait_for_function(condition, timeout=stall_seconds * 1000)
            return
        except PlaywrightTimeout:
            now = page.evaluate(f"() => {_FINISHED}")
            if now <= finished:
                raise AssertionError(
                    f"{what}: no cell finished for {stall_seconds} s ({now} cells done)"
                ) from None
            finished = now


def _menu(page, menu: str, item: str):
    page.locator(f"{VISIBLE} .jp-Notebook").first.click()
    page.get_by_role("menuitem", name=menu, exact=True).click()
    page.get_by_role("menuitem", name=item, exact=True).click()


def run_all(page, attempts: int = 3):
    """Run every cell of the notebook on show and wait until the last one has finished.

    The stored execution counts are cleared first, so that a number in a prompt means the
    cell ran now. A freshly opened notebook can drop the command while its kernel is still
    connecting (no cell starts), so the command is given again when nothing started.
    """
    _menu(page, "Edit", "Clear Outputs of All Cells")
    page.wait_for_function(f"() => !{_PROMPTS}.some(p => /\\d/.test(p.textContent))", timeout=30_000)
    for attempt in range(attempts):
        _menu(page, "Run", "Run All Cells")
        try:
            page.wait_for_function(
                f"() => {_PROMPTS}.some(p => /\\[(\\*|\\d+)\\]/.test(p.textContent))", timeout=30_000
            )
            break
        except PlaywrightTimeout:
            if attempt == attempts - 1:
                raise
    wait_while_progressing(
        page,
        f"""() => {{
            const prompts = {_PROMPTS};
            return prompts.every(p => !p.textContent.includes('*'))
                && prompts.some(p => /\\[\\d+\\]/.test(p.textContent))
                && document.querySelector("{VISIBLE} .jp-Notebook-ExecutionIndicator[data-status='idle']") !== null;
        }}""",
        what="Run All",
    )


def test_segmentation_lab_reacts_to_its_slider(page, lab):
    open_notebook(page, lab, "notebooks/02_customer_insight.ipynb")
    run_all(page)
    assert page.locator(".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.stderr']").count() == 0
    lab_view = page.locator(f"{VISIBLE} .jp-OutputArea-output:has(.widget-slider)").first
    lab_view.wait_for(timeout=60_000)
    lab_view.scroll_into_view_if_needed()
    before = lab_view.inner_text()
    handle = lab_view.locator(".widget-slider .noUi-handle, .widget-slider input[type=range]").first
    handle.focus()
    for _ in range(2):
        page.keyboard.press("ArrowRight")
    page.wait_for_function(
        "([el, text]) => el.innerText !== text", arg=[lab_view.element_handle(), before], timeout=30_000
    )
    screenshot(page, "02_segmentation_lab_after_slider")
    assert lab_view.inner_text() != before


def test_a_slide_deck_renders_offline(page, tmp_path):
    decks = build_decks(tmp_path)
    deck = next(d for d in decks if d.name.startswith("02_")) if len(decks) > 2 else decks[0]
    requests = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto(deck.as_uri())
    page.wait_for_selector(".reveal.ready, .reveal .slides section.present", timeout=30_000)
    sections = page.locator(".reveal .slides > section").count()
    assert sections >= 5
    page.keyboard.press("ArrowRight")
    screenshot(page, f"{deck.stem}_slide")
    remote = [url for url in requests if url.startswith(("http://", "https://"))]
    assert remote == [], remote


def test_the_course_is_one_folder_and_a_chapter_links_to_its_exercise(page, lab):
    """Rooted at the course: a chapter's exercise link opens, and so does a work/ copy."""
    from course_lib.cli import start_exercises

    base, token, root, workspace = lab
    copies = start_exercises(2, dest=workspace)
    assert copies and copies[0][0].parent == workspace

    missing = []
    page.on(
        "response", lambda r: missing.append(r.url) if r.status == 404 and "/api/contents/" in r.url else None
    )
    open_notebook(page, lab, "notebooks/02_customer_insight.ipynb")
    link = page.locator(f"{VISIBLE} a[href*='exercises/ch02_customer_insight.ipynb']").first
    link.scroll_into_view_if_needed()
    link.click()
    page.wait_for_selector(
        ".lm-TabBar-tab.lm-mod-current:has-text('ch02_customer_insight.ipynb')", timeout=60_000
    )
    wait_for_notebook(page)
    assert page.locator(f"{VISIBLE} .jp-Cell").count() > 5
    assert missing == [], missing
    screenshot(page, "02_exercise_link_opened")

    work_copy = copies[0][0].relative_to(root).as_posix()
    open_notebook(page, lab, work_copy)
    run_all(page)
    text = page.locator(f"{VISIBLE} .jp-OutputArea").all_inner_texts()
    assert any("not attempted yet" in t for t in text), "the work/ copy's checks did not run"
    screenshot(page, "02_work_copy_run")
    # the course's settings overrides: no "get notified about official Jupyter news?" pop-up
    assert page.get_by_text("official Jupyter news").count() == 0
