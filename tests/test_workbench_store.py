"""Follow-up records: validated, kept in the workspace, never in datasets/."""

import pandas as pd
import pytest

from course_lib import data
from course_lib.course import DATASETS
from course_lib.validation import CourseDataError
from course_lib.workbench.store import RecordStore, default_store


@pytest.fixture
def store(tmp_path):
    return RecordStore(tmp_path / "crm.sqlite")


@pytest.fixture(scope="module")
def consenting():
    customers = data.load_customers()
    return customers.loc[customers["consent_phone"] & ~customers["consent_sms"], "customer_id"].iloc[0]


def test_a_follow_up_is_stored_and_read_back(store, consenting):
    record = store.log_followup(
        consenting,
        channel="phone",
        outcome="reached",
        note="Agreed a fitting on Saturday",
        date="2024-12-02",
        next_date="2024-12-07",
    )
    assert record == 1
    table = store.followups(consenting)
    assert table.loc[0, "note"] == "Agreed a fitting on Saturday"
    assert str(table.loc[0, "next_date"].date()) == "2024-12-07"


def test_records_survive_a_new_connection(tmp_path, consenting):
    RecordStore(tmp_path / "crm.sqlite").log_followup(
        consenting, channel="store", outcome="resolved", note="Exchanged the size", date="2024-11-30"
    )
    assert len(RecordStore(tmp_path / "crm.sqlite").followups()) == 1


@pytest.mark.parametrize(
    "changes, message",
    [
        ({"customer_id": "C99999"}, r"`customer_id` 'C99999' is not a customer"),
        ({"note": "   "}, r"`note` is empty"),
        ({"date": "2031-01-01"}, r"`date` 2031-01-01 is in the future"),
        ({"channel": "sms"}, r"has not consented to sms contact \(`consent_sms` is False\)"),
        ({"channel": "fax"}, r"`channel` must be one of"),
        ({"outcome": "great"}, r"`outcome` must be one of"),
        ({"next_date": "2024-11-01"}, r"`next_date` 2024-11-01 is before the follow-up"),
        ({"date": "yesterday-ish"}, r"`date` must be a date"),
        ({"date": "2015-01-01"}, r"`date` 2015-01-01 is before customer C\d{5} joined"),
        ({"author": 42}, r"`author` must be a name \(text\) or None; got 42"),
    ],
)
def test_bad_records_are_refused_and_write_nothing(store, consenting, changes, message):
    args = {
        "customer_id": consenting,
        "channel": "phone",
        "outcome": "reached",
        "note": "Called about the delay",
        "date": "2024-12-02",
    }
    args.update(changes)
    customer_id = args.pop("customer_id")
    with pytest.raises(CourseDataError, match=message):
        store.log_followup(customer_id, **args)
    assert store.followups().empty


def test_ticket_notes_need_a_real_ticket_and_a_sensible_date(store):
    ticket = data.load_tickets().iloc[0]
    store.log_ticket_note(ticket["ticket_id"], note="Refund approved", date="2024-12-01")
    notes = store.ticket_notes(ticket["customer_id"])
    assert notes.shape[0] == 1 and notes.loc[0, "ticket_id"] == ticket["ticket_id"]
    with pytest.raises(CourseDataError, match="is not a ticket"):
        store.log_ticket_note("T-nope", note="x")
    opened = ticket["opened_at"].normalize()
    with pytest.raises(CourseDataError, match="before the ticket was opened"):
        store.log_ticket_note(ticket["ticket_id"], note="Too early", date=opened - pd.Timedelta(days=1))
    with pytest.raises(CourseDataError, match="`note` is empty"):
        store.log_ticket_note(ticket["ticket_id"], note="")
    assert store.ticket_notes().shape[0] == 1


def test_a_write_by_one_store_is_seen_by_another_on_the_same_file(tmp_path, consenting):
    reader = RecordStore(tmp_path / "crm.sqlite")
    assert reader.followups().empty  # reads (and caches) before the file exists
    writer = RecordStore(tmp_path / "crm.sqlite")
    writer.log_followup(consenting, channel="store", outcome="reached", note="First", date="2024-12-01")
    assert reader.followups()["note"].tolist() == ["First"]
    writer.log_followup(consenting, channel="store", outcome="resolved", note="Second", date="2024-12-02")
    assert reader.followups()["note"].tolist() == ["First", "Second"]
    assert reader.followups()["record_id"].tolist() == [1, 2]


def test_undated_records_are_dated_the_course_today(store, consenting):
    store.log_followup(consenting, channel="store", outcome="reached", note="Today")
    assert store.followups().loc[0, "date"] == data.AS_OF


def test_the_store_repr_names_the_file_not_its_folder(store):
    assert repr(store) == "RecordStore(crm.sqlite: 0 follow-ups, 0 ticket notes)"
    with pytest.raises(CourseDataError, match="must be a .sqlite file"):
        RecordStore(store.path.with_suffix(".csv"))


def test_the_default_store_lives_in_the_workspace(tmp_path, monkeypatch):
    monkeypatch.setenv("CRM_COURSE_WORKSPACE", str(tmp_path))
    store = default_store()
    assert store.path.parent == tmp_path
    assert DATASETS not in store.path.parents
