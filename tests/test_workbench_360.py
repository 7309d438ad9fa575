"""The customer-360 view: every section from the data, records shown at once, look-up by
name or phone, a next action on a consented channel."""

import re

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from course_lib import data, metrics, rfm
from course_lib.validation import CourseDataError
from course_lib.workbench import (
    CHANNEL_CONSENT,
    Customer360,
    RecordStore,
    customer_360,
    find_customers,
    resolve_customer,
)
from course_lib.workbench.view import HEALTH_THRESHOLD, HEALTH_WEEKS

AS_OF = data.AS_OF
PAST = pd.Timestamp("2024-07-01")


@pytest.fixture(scope="module")
def tickets():
    return data.load_tickets()


@pytest.fixture
def store(tmp_path):
    return RecordStore(tmp_path / "crm.sqlite")


def test_the_view_has_every_section_as_a_dataframe(store):
    view = customer_360("C00031", store=store)
    assert isinstance(view, Customer360)
    assert list(view.sections) == [
        "profile",
        "consent",
        "value",
        "health",
        "orders",
        "tickets",
        "followups",
        "loyalty",
        "points",
        "risk",
        "next_action",
    ]
    assert all(isinstance(frame, pd.DataFrame) for frame in view.sections.values())
    assert view.customer_id == "C00031" and view.as_of == AS_OF
    assert repr(view).startswith("Customer360(C00031 as of 2025-01-01: orders ")
    assert len(view.summary()) >= 10


def test_profile_and_consent_come_from_the_customer_table(store, customers):
    row = customers.set_index("customer_id").loc["C00031"]
    view = customer_360("C00031", store=store)
    assert view.profile.loc[0, "name"] == row["name"] and view.profile.loc[0, "city"] == row["city"]
    consent = view.consent.set_index("channel")["consented"]
    for channel, flag in CHANNEL_CONSENT.items():
        assert consent[channel] == (True if flag is None else bool(row[flag]))


def test_a_past_view_shows_the_tier_of_that_day_not_todays(store, customers):
    from course_lib import churn

    then = churn.tier_as_of(customers, data.load_loyalty(), as_of=PAST)
    moved = then.index[then != customers.set_index("customer_id")["membership_tier"]]
    assert len(moved) > 0
    who = moved[0]
    assert customer_360(who, as_of=PAST, store=store).profile.loc[0, "membership_tier"] == then[who]
    today = customers.set_index("customer_id").loc[who, "membership_tier"]
    assert customer_360(who, store=store).profile.loc[0, "membership_tier"] == today


def test_orders_and_points_match_the_tables(store, orders):
    view = customer_360("C00031", as_of=PAST, store=store)
    mine = orders[(orders["customer_id"] == "C00031") & (orders["order_date"] < PAST)]
    assert len(view.orders) == len(mine)
    assert view.orders["amount"].sum() == pytest.approx(mine["amount"].sum())
    assert view.orders["order_date"].is_monotonic_decreasing
    ledger = data.load_loyalty()
    balance = ledger[(ledger["customer_id"] == "C00031") & (ledger["date"] < PAST)]["points"].sum()
    assert view.points.loc[0, "balance"] == balance


def test_value_tier_and_segment_follow_chapter_2(store, orders):
    view = customer_360("C00031", store=store)
    table = rfm.rfm_scores(rfm.rfm_table(orders, as_of=AS_OF))
    assert view.value.loc[0, "segment"] == str(rfm.segment(table).loc["C00031"])
    tiers = rfm.value_tiers(table, customers=data.load_customers()["customer_id"])
    assert view.value.loc[0, "value_tier"] == str(tiers.loc["C00031"])
    assert view.value.loc[0, "monetary"] == pytest.approx(table.loc["C00031", "monetary"])


def test_health_trend_is_chapter_1s_score_against_75(store):
    view = customer_360("C00031", store=store)
    scores = metrics.health_scores(as_of=AS_OF, weeks=HEALTH_WEEKS)
    mine = scores[scores["customer_id"] == "C00031"].sort_values("week")
    assert len(view.health) == len(mine) > 0
    assert np.allclose(view.health["health_score"], mine["health_score"], atol=0.051)
    assert (view.health["below_threshold"] == (view.health["health_score"] < HEALTH_THRESHOLD)).all()


def test_tickets_are_measured_against_the_one_hour_promise(store, tickets):
    who = tickets["customer_id"].value_counts().index[0]
    view = customer_360(who, store=store)
    mine = tickets[tickets["customer_id"] == who].set_index("ticket_id")
    hours = (mine["first_response_at"] - mine["opened_at"]).dt.total_seconds() / 3600
    shown = view.tickets.set_index("ticket_id")
    assert set(shown.index) == set(mine.index)
    assert np.allclose(shown["response_hours"], hours.loc[shown.index].round(2))
    assert (shown["within_promise"] == (shown["response_hours"] <= 1.0)).all()


def test_records_show_at_once_and_only_up_to_the_day(store, customers, tickets):
    who = customers.loc[customers["consent_phone"], "customer_id"].iloc[0]
    before = customer_360(who, store=store)
    store.log_followup(
        who,
        channel="phone",
        outcome="reached",
        note="Checked the new size fits",
        date="2024-12-30",
        next_date="2025-01-15",
    )
    after = customer_360(who, store=store)
    assert len(after.followups) == len(before.followups) + 1
    first = after.followups.iloc[0]
    assert first["source"] == "trainee" and first["note"] == "Checked the new size fits"
    assert first["next_date"] == pd.Timestamp("2025-01-15")
    assert len(customer_360(who, as_of="2024-12-15", store=store).followups.query("source == 'trainee'")) == 0

    ticket = tickets.iloc[0]
    store.log_ticket_note(ticket["ticket_id"], note="Replacement sent by courier", date="2024-12-31")
    row = (
        customer_360(ticket["customer_id"], store=store)
        .tickets.set_index("ticket_id")
        .loc[ticket["ticket_id"]]
    )
    assert row["your_notes"] == 1 and row["latest_note"] == "Replacement sent by courier"


def test_the_default_store_is_the_workspace_one(tmp_path, monkeypatch, customers):
    monkeypatch.setenv("CRM_COURSE_WORKSPACE", str(tmp_path))
    who = customers["customer_id"].iloc[3]
    RecordStore(tmp_path / "crm_records.sqlite").log_followup(
        who, channel="store", outcome="resolved", note="Exchanged in store", date="2024-12-20"
    )
    assert "Exchanged in store" in customer_360(who).followups["note"].tolist()


def test_look_up_by_name_phone_or_digits(customers):
    row = customers.iloc[10]
    assert resolve_customer(row["customer_id"].lower()) == row["customer_id"]
    assert resolve_customer(row["phone"]) == row["customer_id"]
    unique_names = customers["name"].value_counts()
    single = unique_names.index[unique_names == 1][0]
    assert resolve_customer(single) == customers.loc[customers["name"] == single, "customer_id"].iloc[0]
    digits = row["phone"][-4:]
    assert row["customer_id"] in find_customers(digits)["customer_id"].tolist()


def test_an_ambiguous_or_unknown_search_is_refused_with_the_matches(customers, store):
    common = customers["name"].value_counts().index[0]
    ids = customers.loc[customers["name"] == common, "customer_id"].sort_values()
    listing = re.escape(f"{len(ids)} customers match '{common}': {ids.iloc[0]} {common} ")
    with pytest.raises(
        CourseDataError, match=listing + ".* and 11 more. Pick one by its id" if len(ids) == 21 else listing
    ):
        customer_360(common, store=store)
    with pytest.raises(CourseDataError, match="no customer matches 'C99999'"):
        customer_360("C99999", store=store)
    with pytest.raises(CourseDataError, match="`query` is empty"):
        find_customers("  ")
    with pytest.raises(TypeError, match="`query` must be a text"):
        find_customers(42)


def test_bad_arguments_are_refused(store):
    with pytest.raises(
        CourseDataError, match="`as_of` must be a day after 2023-01-01 and at most 2025-01-01"
    ):
        customer_360("C00031", as_of="2026-01-01", store=store)
    with pytest.raises(TypeError, match="`store` must be a RecordStore"):
        customer_360("C00031", store="crm.sqlite")


def test_churn_risk_and_clv_where_the_models_can_say(store, customers, orders):
    buyer = customer_360("C00031", store=store).risk.iloc[0]
    assert 0 <= buyer["churn_probability"] <= 1 and buyer["clv_12m"] >= 0 and buyer["note"] == ""
    never = sorted(set(customers["customer_id"]) - set(orders["customer_id"]))
    if never:
        risk = customer_360(never[0], store=store).risk.iloc[0]
        assert np.isnan(risk["churn_probability"]) and "no order" in risk["note"]
    early = customer_360("C00031", as_of="2023-03-01", store=store).risk.iloc[0]
    assert np.isnan(early["churn_probability"]) and "180 days" in early["note"]


def test_shipped_scores_are_a_fresh_fit_of_the_course_day():
    """datasets/scores.csv is what chapter 5's models give for AS_OF (rewritten by make data)."""
    from course_lib.workbench.scores import compute_scores, shipped_scores

    fresh, note = compute_scores(AS_OF)
    shipped = shipped_scores()
    assert note == ""
    assert shipped.index.equals(fresh.index)
    assert np.allclose(shipped["churn_probability"], fresh["churn_probability"], rtol=0, atol=2e-6)
    assert np.allclose(shipped["clv_12m"], fresh["clv_12m"], rtol=1e-7, atol=0.011)


def test_the_course_day_needs_no_fit_and_another_day_is_fitted_once(store):
    from course_lib.workbench import view

    view.clear_cache()
    assert view.models_ready() and view.models_ready(AS_OF)
    assert not view.models_ready(PAST)
    past = customer_360("C00031", as_of=PAST, store=store).risk.iloc[0]
    assert view.models_ready(PAST) and 0 <= past["churn_probability"] <= 1


def test_a_late_recent_complaint_gets_a_recovery_call(store, tickets):
    day = pd.Timestamp("2024-12-01")
    recent = tickets[(tickets["opened_at"] < day) & (tickets["opened_at"] >= day - pd.Timedelta(days=30))]
    late = recent[(recent["first_response_at"] - recent["opened_at"]).dt.total_seconds() > 3600]
    assert len(late) > 0
    action = customer_360(late["customer_id"].iloc[0], as_of=day, store=store).next_action.iloc[0]
    assert action["action"].startswith("Service recovery call")
    assert "promise 1 h" in action["reason"]


@settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(index=st.integers(0, 4999))
def test_property_next_action_uses_a_consented_channel_and_nothing_after_the_day(index, store):
    customers = data.load_customers()
    who = customers["customer_id"].iloc[index]
    view = customer_360(who, as_of=PAST, store=store)
    consent = view.consent.set_index("channel")["consented"]
    assert consent[view.next_action.loc[0, "channel"]]
    assert (view.orders["order_date"] < PAST).all() and (view.tickets["opened_at"] < PAST).all()
    assert (view.loyalty["date"] < PAST).all() if len(view.loyalty) else True
    assert view.next_action.loc[0, "reason"]


def test_a_table_handed_out_is_a_copy_and_clear_cache_forgets_every_day_cache(store):
    from course_lib.workbench import clear_cache, rules, tables, view

    orders = tables.table("orders")
    orders["amount"] = 0.0
    assert tables.table("orders")["amount"].sum() > 0, "a caller's change must not reach the cache"
    values, facts = tables.value_table(PAST), rules.customer_facts(PAST)
    kept = values["value_tier"].copy()
    values["value_tier"] = "spoiled"
    facts.loc[:, "n_orders"] = -1
    assert tables.value_table(PAST)["value_tier"].equals(kept)  # cached frames stay intact
    assert (rules.customer_facts(PAST)["n_orders"] >= 0).all()
    customer_360("C00031", as_of=PAST, store=store)
    assert view._MODELS and rules._facts.cache_info().currsize
    clear_cache()
    assert not view._MODELS and rules._facts.cache_info().currsize == 0
    assert tables._loaded.cache_info().currsize == 0 and tables._value_table.cache_info().currsize == 0
    misses = tables._value_table.cache_info().misses
    assert tables.value_table(PAST)["value_tier"].equals(kept)  # computed again, same values
    assert tables._value_table.cache_info().misses == misses + 1
    assert customer_360("C00031", store=store).profile.loc[0, "customer_id"] == "C00031"


def test_scores_silence_only_scikit_learns_solver_chatter(monkeypatch):
    """A fit that fails to converge in scikit-learn stays quiet; course_lib's own warnings
    (an unreliable BG/NBD fit) reach the trainee."""
    import warnings

    from sklearn.exceptions import ConvergenceWarning
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline

    from course_lib import churn, clv
    from course_lib.workbench.scores import compute_scores

    real_model, real_fit = churn.churn_model, clv.BetaGeo.fit

    def short_model(**kwargs):  # one solver step: sklearn warns
        pipeline = real_model(**kwargs)
        return make_pipeline(pipeline.steps[0][1], LogisticRegression(max_iter=1))

    def worried_fit(self, *args, **kwargs):
        fitted = real_fit(self, *args, **kwargs)
        warnings.warn("BG/NBD estimates may be unreliable", clv.ConvergenceWarning, stacklevel=2)
        return fitted

    monkeypatch.setattr(churn, "churn_model", short_model)
    monkeypatch.setattr(clv.BetaGeo, "fit", worried_fit)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        compute_scores(PAST)
    kinds = {w.category for w in caught}
    assert clv.ConvergenceWarning in kinds and ConvergenceWarning not in kinds
