"""The course data: loaders refuse bad tables, the generator is reproducible, and the
structure the chapters teach is really in the data (DESIGN.md §6)."""

import filecmp

import numpy as np
import pandas as pd
import pytest

from course_lib import churn, data, journey, rfm
from course_lib.course import DATASETS
from course_lib.data import CourseDataError, validate_table


def _raw_orders():
    return pd.DataFrame(
        {
            "order_id": ["O1", "O2", "O3"],
            "customer_id": ["00042", "C2", "C2"],
            "order_date": ["2024-01-02", "2024-01-03", "2024-02-01"],
            "channel": ["app", "store", "web"],
            "category": ["shoes", "home", "beauty"],
            "gross_amount": ["10.00", "5.00", "8.00"],
            "discount": ["0.00", "0.00", "8.00"],
            "amount": ["10.00", "5.00", "0.00"],
        }
    )


# ------------------------------------------------------------------------------ loaders
def test_validate_parses_types_and_keeps_ids_as_strings():
    table = validate_table(_raw_orders(), "orders")
    assert table["customer_id"].tolist() == ["00042", "C2", "C2"]
    assert pd.api.types.is_datetime64_any_dtype(table["order_date"])
    assert table["amount"].dtype == float and table["amount"].iloc[2] == 0.0


def test_missing_column_is_named():
    with pytest.raises(CourseDataError, match=r"`orders` lacks column\(s\) \['amount'\]"):
        validate_table(_raw_orders().drop(columns="amount"), "orders")


def test_text_where_numbers_belong_is_named():
    raw = _raw_orders().assign(amount=["10.00", "five", "0.00"])
    with pytest.raises(CourseDataError, match=r'`orders\["amount"\]` must hold numbers; found five at row 1'):
        validate_table(raw, "orders")


def test_unparseable_date_is_named():
    raw = _raw_orders().assign(order_date=["2024-01-02", "2024-13-45", "2024-02-01"])
    with pytest.raises(
        CourseDataError, match=r'`orders\["order_date"\]` has a value that is not a date: 2024-13-45'
    ):
        validate_table(raw, "orders")


def test_negative_amount_is_refused():
    raw = _raw_orders().assign(amount=["10.00", "-5.00", "0.00"])
    with pytest.raises(CourseDataError, match=r"1 negative value\(s\), first at row 1 \(-5.0\)"):
        validate_table(raw, "orders")


def test_empty_table_is_refused():
    with pytest.raises(CourseDataError, match="`orders` is empty"):
        validate_table(_raw_orders().iloc[:0], "orders")


def test_duplicate_ids_are_refused():
    raw = _raw_orders().assign(order_id=["O1", "O2", "O1"])
    with pytest.raises(CourseDataError, match=r"1 duplicated id\(s\), first 'O1' at row 2"):
        validate_table(raw, "orders")


def test_missing_ids_are_refused():
    raw = _raw_orders()
    raw.loc[1, "customer_id"] = None
    with pytest.raises(
        CourseDataError, match=r'`orders\["customer_id"\]` has 1 missing value\(s\), first at row 1'
    ):
        validate_table(raw, "orders")


def test_non_boolean_flag_is_refused():
    customers = data.load_customers().head(3).astype(str)
    customers.loc[customers.index[0], "consent_sms"] = "maybe"
    with pytest.raises(
        CourseDataError, match=r'`customers\["consent_sms"\]` must hold True/False; found maybe'
    ):
        validate_table(customers, "customers")


def test_wrong_kind_and_unknown_table():
    with pytest.raises(TypeError, match="must be a pandas DataFrame"):
        validate_table([1, 2], "orders")
    with pytest.raises(CourseDataError, match="`name` must be one of"):
        data.load_table("invoices")


def test_missing_file_says_how_to_regenerate(tmp_path):
    with pytest.raises(CourseDataError, match="run `make data`"):
        data.load_table("orders", folder=tmp_path)


@pytest.mark.parametrize("name", sorted(data.TABLES))
def test_every_shipped_table_loads_with_its_schema(name):
    table = data.load_table(name)
    assert list(table.columns) == [c.name for c in data.TABLES[name]["columns"]]
    assert len(table) > 100
    assert table["customer_id"].map(type).eq(str).all()


def test_cdnow_sample_is_the_published_one():
    cdnow = data.load_cdnow()
    assert (len(cdnow), cdnow["customer_id"].nunique()) == (6919, 2357)
    assert cdnow["date"].min() == pd.Timestamp("1997-01-01")
    assert cdnow["date"].max() == pd.Timestamp("1998-06-30")


# -------------------------------------------------------------------------- generator
def test_regeneration_is_byte_identical(tmp_path):
    written = data.write_datasets(tmp_path)
    for path in written:
        assert filecmp.cmp(path, DATASETS / path.name, shallow=False), f"{path.name} differs"


def test_a_different_seed_gives_different_data():
    other = data.generate(seed=7)["orders"]
    assert len(other) != len(data.load_orders()) or not other["amount"].equals(data.load_orders()["amount"])


def test_shipped_tables_stay_small():
    total = sum(p.stat().st_size for p in DATASETS.rglob("*") if p.is_file())
    assert total < 10 * 2**20


def test_tables_are_consistent_with_each_other():
    customers, orders = data.load_customers(), data.load_orders()
    signup = customers.set_index("customer_id")["signup_date"]
    assert orders["customer_id"].isin(customers["customer_id"]).all()
    assert (orders["order_date"] >= orders["customer_id"].map(signup)).all()
    assert np.allclose(orders["gross_amount"] - orders["discount"], orders["amount"], atol=0.01)
    assert orders["order_date"].between(data.START, data.END).all()
    tickets = data.load_tickets()
    assert (tickets["first_response_at"] >= tickets["opened_at"]).all()
    assert (tickets["resolved_at"] >= tickets["first_response_at"]).all()
    loyalty = data.load_loyalty()
    balance = loyalty.groupby("customer_id")["points"].sum()
    assert (balance >= 0).all()
    referrers = customers["referred_by"].dropna()
    assert referrers.isin(customers["customer_id"]).all()


def test_campaign_contacts_respect_consent():
    customers = data.load_customers().set_index("customer_id")
    contacts = data.load_campaigns()
    for channel in ("sms", "wechat", "email"):
        who = contacts.loc[contacts["channel"] == channel, "customer_id"]
        assert customers.loc[who, f"consent_{channel}"].all(), channel


# ------------------------------------------------------------------ planted findings
@pytest.fixture(scope="module")
def spend():
    return rfm.rfm_table(data.load_orders(), as_of=data.AS_OF)["monetary"]


def test_revenue_is_concentrated_like_the_turnaround_brand(spend):
    assert 0.68 <= rfm.concentration(spend, top=0.18) <= 0.76
    assert 0.58 <= rfm.concentration(spend, top=0.12) <= 0.68


def test_complaint_rate_and_nps_of_a_brand_in_trouble():
    orders, tickets, surveys = data.load_orders(), data.load_tickets(), data.load_surveys()
    for year in (2023, 2024):
        buyers = set(orders.loc[orders["order_date"].dt.year == year, "customer_id"])
        complained = set(tickets.loc[tickets["opened_at"].dt.year == year, "customer_id"])
        assert 0.15 <= len(buyers & complained) / len(buyers) <= 0.25, year
    nps = 100 * ((surveys["nps"] >= 9).mean() - (surveys["nps"] <= 6).mean())
    assert -30 <= nps <= -5


@pytest.fixture(scope="module")
def lost():
    return churn.churn_label(data.load_orders(), as_of="2024-07-01", horizon_days=180)


def test_complaints_answered_late_churn_clearly_more(lost):
    tickets = data.load_tickets()
    window = tickets[(tickets["opened_at"] >= "2023-07-01") & (tickets["opened_at"] < "2024-07-01")]
    late = (window["first_response_at"] - window["opened_at"]) > pd.Timedelta(hours=1)
    late_customers = set(window.loc[late, "customer_id"])
    on_time = set(window.loc[~late, "customer_id"]) - late_customers
    ratio = lost.reindex(sorted(late_customers)).mean() / lost.reindex(sorted(on_time)).mean()
    assert ratio >= 1.5


def test_more_satisfied_customers_churn_less(lost):
    surveys = data.load_surveys()
    last = (
        surveys[surveys["survey_date"] < "2024-07-01"]
        .sort_values("survey_date")
        .groupby("customer_id")["satisfaction"]
        .last()
    )
    frame = pd.DataFrame({"satisfaction": last}).join(lost, how="inner")
    slope = np.polyfit(frame["satisfaction"], frame["lost"].astype(float), 1)[0]
    relative = 10 * slope / frame["lost"].mean()  # change in churn per +10 points
    assert -0.30 <= relative <= -0.10


def test_problem_touchpoints_are_planted():
    touchpoints = data.load_touchpoints()
    problems = journey.problem_touchpoints(journey.thermometer(touchpoints))
    assert 2 <= len(problems) <= 3
    assert "mini_program_browse" in problems
    stages = journey.build_journeys(touchpoints)["stages"]
    assert stages.map(lambda s: list(s) == sorted(s, key=journey.STAGES.index)).all()


def test_loyalty_tiers_differ_in_survival():
    customers, orders = data.load_customers(), data.load_orders()
    lives = churn.survival_table(orders, as_of=data.AS_OF, landmark="2024-01-01", inactivity_days=180)
    lives["tier"] = churn.tier_as_of(customers, data.load_loyalty(), as_of="2024-01-01").reindex(lives.index)
    retained = 1 - lives.groupby("tier")["lost"].mean()
    assert retained["member"] < retained["silver"] < retained["platinum"]
    assert churn.logrank(lives["duration_days"], lives["lost"], lives["tier"])["p_value"] < 0.001


def test_wakeup_offer_has_a_real_uplift_over_its_control():
    contacts = data.load_campaigns()
    wakeup = contacts[contacts["campaign_id"] == "CMP-2024-WAKEUP"]
    rates = wakeup.groupby("group")["converted"].mean()
    assert 0.05 <= rates["treatment"] - rates["control"] <= 0.15
