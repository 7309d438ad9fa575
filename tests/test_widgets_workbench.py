"""Chapter 7 widgets: each shows its default screen, then acts through the workbench."""

import pandas as pd
import pytest

pytest.importorskip("ipywidgets")

from course_lib import workbench  # noqa: E402
from course_lib.course import DATASETS  # noqa: E402


@pytest.fixture
def store(tmp_path):
    return workbench.RecordStore(tmp_path / "crm.sqlite")


def test_customer_lookup_shows_the_360_then_searches(shown, controls, store, capsys):
    import ipywidgets as w

    from course_lib.widgets import workbench as ww

    ww.customer_lookup("C00031", store=store)
    tables = [o for o in shown if isinstance(o, pd.DataFrame)]
    assert tables[0].loc["customer 客户", "value"].startswith("C00031")
    found = controls()
    box = next(c for c in found if isinstance(c, w.Text))
    button = next(c for c in found if isinstance(c, w.Button))
    box.value = "177****6420"
    button.click()
    assert (
        [o for o in shown if isinstance(o, pd.DataFrame)][-5]
        .loc["customer 客户", "value"]
        .startswith("C03004")
    )
    box.value = "罗*艳"
    button.click()
    assert "7 customers match" in capsys.readouterr().out


def test_customer_lookup_says_it_is_fitting_before_a_slow_first_look_up(shown, store, capsys):
    from course_lib.widgets import workbench as ww

    workbench.view.clear_cache()
    ww.customer_lookup("C00031", store=store)  # the shipped day: no fit
    assert "⏳" not in capsys.readouterr().out
    ww.customer_lookup("C00031", as_of="2024-05-06", store=store)  # another day: fitted once
    assert "fitting the churn and CLV models" in capsys.readouterr().out
    ww.customer_lookup("C00042", as_of="2024-05-06", store=store)
    assert "⏳" not in capsys.readouterr().out


def test_followup_form_writes_through_the_store_and_refuses_bad_input(shown, controls, store, capsys):
    import ipywidgets as w

    from course_lib.widgets import workbench as ww

    ww.followup_form("C00031", store=store, date="2024-12-31")
    found = controls()
    channel = next(c for c in found if isinstance(c, w.Dropdown) and "Channel" in c.description)
    assert "wechat" not in channel.options and "phone" in channel.options  # only consented channels
    note = next(c for c in found if isinstance(c, w.Textarea))
    save = next(c for c in found if isinstance(c, w.Button))
    save.click()  # empty note
    assert "not saved: `note` is empty" in capsys.readouterr().out
    assert store.followups().empty
    note.value = "Called about the late parcel; refund agreed"
    save.click()
    assert "saved as record 1" in capsys.readouterr().out
    assert store.followups()["note"].tolist() == ["Called about the late parcel; refund agreed"]
    assert note.value == ""


def test_rules_editor_evaluates_and_reports_bad_rules(shown, controls, capsys):
    import ipywidgets as w

    from course_lib.widgets import workbench as ww

    ww.rules_editor(DATASETS / "rules" / "dormancy_wakeup.yaml", day="2024-10-15")
    tables = [o for o in shown if isinstance(o, pd.DataFrame)]
    assert tables[0]["rule"].tolist() == ["dormancy_wakeup_wechat", "dormancy_wakeup_sms"]
    assert "total" in tables[-1].index
    found = controls()
    text = next(c for c in found if isinstance(c, w.Textarea))
    run = next(c for c in found if isinstance(c, w.Button))
    text.value = text.value.replace("frequency_cap_days: 30", "frequency_cap_days: -1", 1)
    run.click()
    assert "`frequency_cap_days` must be ≥ 0; got -1." in capsys.readouterr().out
    text.value = text.value.replace("frequency_cap_days: -1", "frequency_cap_days: 0", 1)
    before = len(shown)
    run.click()
    assert len(shown) > before
