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
    """Open ``name`` alone (``reset`` drops the tabs an earlier test left open)."""
    base, token, _, _ = lab
    page.goto(f"{base}/lab/tree/{name}?reset&token={token}", wait_until="domcontentloaded")
    page.wait_for_selector(f"{VISIBLE} .jp-Notebook .jp-Cell", timeout=90_000)
    page.wait_for_selector(".jp-Notebook-ExecutionIndicator[data-status='idle']", timeout=90_000)


_PROMPTS = "[...document.querySelectorAll('.jp-NotebookPanel:not(.lm-mod-hidden) .jp-InputArea-prompt')]"


def run_all(page, attempts: int = 3):
    """Run every cell of the notebook on show and wait until the last one has finished.

    A freshly opened notebook can drop the command while its kernel is still connecting
    (no prompt changes), so the command is given again when nothing started.
    """
    prompts_text = f"{_PROMPTS}.map(p => p.textContent).join('|')"
    for attempt in range(attempts):
        before = page.evaluate(f"() => {prompts_text}")
        page.locator(f"{VISIBLE} .jp-Notebook").first.click()
        page.get_by_role("menuitem", name="Run", exact=True).click()
        page.get_by_role("menuitem", name="Run All Cells", exact=True).click()
        try:
            page.wait_for_function(f"before => {prompts_text} !== before", arg=before, timeout=30_000)
            break
        except PlaywrightTimeout:
            if attempt == attempts - 1:
                raise
    page.wait_for_function(
        f"""() => {{
            const prompts = {_PROMPTS};
            return prompts.length > 0 && prompts.every(p => !p.textContent.includes('*'))
                && prompts.some(p => /\\[\\d+\\]/.test(p.textContent));
        }}""", timeout=180_000)


def test_segmentation_lab_reacts_to_its_slider(page, lab):
    open_notebook(page, lab, "02_customer_insight.ipynb")
    run_all(page)
    assert page.locator(".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.stderr']").count() == 0
    lab_view = page.locator(f"{VISIBLE} .jp-OutputArea-output:has(.widget-slider)").first
    lab_view.scroll_into_view_if_needed()
    lab_view.wait_for(timeout=60_000)
    before = lab_view.inner_text()
    handle = lab_view.locator(".widget-slider .noUi-handle, .widget-slider input[type=range]").first
    handle.focus()
    for _ in range(2):
        page.keyboard.press("ArrowRight")
    page.wait_for_function(
        "([el, text]) => el.innerText !== text", arg=[lab_view.element_handle(), before], timeout=30_000)
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
