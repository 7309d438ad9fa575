"""End to end in a real browser: search a customer in the CRM workbench, record a follow-up
and see it appear (chapter 7)."""

from __future__ import annotations

import nbformat
import pytest

from course_lib.workbench import RecordStore

from .conftest import screenshot
from .test_jupyterlab import VISIBLE, open_notebook, run_all

pytestmark = pytest.mark.e2e

NOTE = "Called after the late parcel; delivery fee refunded"


def _workbench_notebook(root):
    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_code_cell(
            "from course_lib import widgets, workbench\nwidgets.workbench.customer_lookup('C00031')"
        ),
        nbformat.v4.new_code_cell(
            "widgets.workbench.followup_form('C00031', store=workbench.default_store(), date='2024-12-31')"
        ),
    ]
    nb.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3 (ipykernel)",
        "language": "python",
    }
    nbformat.write(nb, root / "workbench_e2e.ipynb")
    return "workbench_e2e.ipynb"


def test_search_record_and_see_the_follow_up(page, lab):
    _, _, root, workspace = lab
    open_notebook(page, lab, _workbench_notebook(root))
    try:
        run_all(page)
    except Exception:
        screenshot(page, "07_workbench_run_all_failed")
        raise
    lookup = page.locator(f"{VISIBLE} .jp-OutputArea:has(.widget-text)").first
    try:
        lookup.wait_for(timeout=60_000)
    except Exception:
        screenshot(page, "07_workbench_no_lookup_widget")
        raise
    box = lookup.locator(".widget-text input").first
    box.fill("177****6420")
    lookup.get_by_role("button", name="Look up 查询").click()
    page.wait_for_function(
        "el => el.innerText.includes('C03004 · 杨*平')", arg=lookup.element_handle(), timeout=60_000
    )

    form = page.locator(f"{VISIBLE} .jp-OutputArea:has(.widget-textarea)").first
    form.scroll_into_view_if_needed()
    form.locator(".widget-textarea textarea").first.fill(NOTE)
    form.get_by_role("button", name="Save 保存").click()
    page.wait_for_function(
        "([el, note]) => el.innerText.includes('saved as record 1') && "
        "el.innerText.includes(note.slice(0, 30))",
        arg=[form.element_handle(), NOTE],
        timeout=60_000,
    )
    screenshot(page, "07_workbench_followup_saved")
    records = RecordStore(workspace / "crm_records.sqlite").followups("C00031")
    assert records["note"].tolist() == [NOTE]
