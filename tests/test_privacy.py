"""Pseudonymisation, k-anonymity, consent filtering and minimisation."""

import hashlib
import hmac

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from course_lib import privacy
from course_lib.validation import CourseDataError

SALT = "course-test-salt-0001"


@pytest.fixture
def people():
    return pd.DataFrame(
        {
            "customer_id": ["a", "b", "c", "d", "e", "f"],
            "gender": ["F", "F", "F", "M", "M", "F"],
            "birth_date": pd.to_datetime(
                ["1990-05-01", "1991-02-03", "1994-12-31", "1980-01-01", "1985-06-15", "1960-03-03"]
            ),
            "city": ["Wuhan", "Wuhan", "Hefei", "Wuhan", "Wuhan", "Xiamen"],
            "city_tier": [2, 2, 2, 2, 2, 2],
            "signup_date": pd.to_datetime(["2021-01-01"] * 6),
            "consent_sms": [True, False, True, True, False, False],
            "consent_email": [False, False, True, False, False, False],
            "consent_wechat": [True, True, False, False, False, True],
            "consent_phone": [False, True, False, False, False, False],
        }
    )


# ------------------------------------------------------------------------ pseudonymisation
def test_pseudonym_is_the_hmac_of_the_id_under_the_salt():
    expected = hmac.new(SALT.encode(), b"C00042", hashlib.sha256).hexdigest()
    assert privacy.pseudonymise(["C00042"], salt=SALT, length=64) == [expected]
    assert privacy.pseudonymise(["C00042"], salt=SALT) == [expected[:16]]


def test_pseudonyms_are_stable_and_differ_by_salt():
    ids = pd.Series(["C1", "C2", "C1"], index=[10, 11, 12], name="customer_id")
    first = privacy.pseudonymise(ids, salt=SALT)
    again = privacy.pseudonymise(ids, salt=SALT)
    other = privacy.pseudonymise(ids, salt="another-salt-of-16+")
    pd.testing.assert_series_equal(first, again)
    assert list(first.index) == [10, 11, 12] and first.name == "customer_id"
    assert first.iloc[0] == first.iloc[2] != first.iloc[1]
    assert not set(first) & set(other)


def test_unsalted_hash_is_not_what_we_produce():
    # the plain SHA-256 of a short id is what a dictionary attack would compute
    plain = hashlib.sha256(b"C00042").hexdigest()[:16]
    assert privacy.pseudonymise(["C00042"], salt=SALT) != [plain]


def test_numbers_and_text_ids_get_the_same_code():
    assert privacy.pseudonymise([42], salt=SALT) == privacy.pseudonymise(["42"], salt=SALT)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.text(min_size=1, max_size=12), min_size=1, max_size=30))
def test_pseudonymisation_keeps_equality_and_hides_the_id(ids):
    codes = privacy.pseudonymise(ids, salt=SALT)
    assert len(codes) == len(ids)
    for i, j in [(0, len(ids) - 1), (0, len(ids) // 2)]:
        assert (codes[i] == codes[j]) == (ids[i] == ids[j])
    assert all(len(c) == 16 and c not in ids for c in codes)


def test_columns_are_pseudonymised_with_one_salt_so_tables_still_join(people):
    orders = pd.DataFrame({"customer_id": ["a", "c", "a"], "amount": [1.0, 2.0, 3.0]})
    safe_people = privacy.pseudonymise_columns(people, ["customer_id"], salt=SALT)
    safe_orders = privacy.pseudonymise_columns(orders, "customer_id", salt=SALT)
    joined = safe_orders.merge(safe_people, on="customer_id")
    assert len(joined) == 3
    assert people["customer_id"].tolist()[0] == "a"  # input untouched


@pytest.mark.parametrize(
    "kwargs, error, message",
    [
        (dict(salt="short"), CourseDataError, r"`salt` has 5 bytes"),
        (dict(salt=1234), TypeError, r"`salt` must be a str or bytes"),
        (dict(salt=SALT, length=4), CourseDataError, r"`length` must be ≥ 8; got 4"),
        (dict(salt=SALT, length=65), CourseDataError, r"`length` must be ≤ 64; got 65"),
    ],
)
def test_pseudonymise_refuses_weak_settings(kwargs, error, message):
    with pytest.raises(error, match=message):
        privacy.pseudonymise(["C1"], **kwargs)


def test_pseudonymise_refuses_missing_ids_and_scalars():
    with pytest.raises(CourseDataError, match=r"1 missing identifier\(s\), first at position 1"):
        privacy.pseudonymise(pd.Series(["C1", None]), salt=SALT)
    with pytest.raises(TypeError, match=r"`values` must be a list"):
        privacy.pseudonymise("C1", salt=SALT)


# ----------------------------------------------------------------------------- k-anonymity
def test_k_is_the_smallest_class_and_rows_at_risk_are_those_below_k(people):
    report = privacy.k_anonymity(people, ["gender", "city"], k=2)
    # (F, Wuhan) 2, (F, Hefei) 1, (M, Wuhan) 2, (F, Xiamen) 1
    assert report.k == 1 and not report.passes
    assert sorted(report.rows_at_risk) == [2, 5]
    assert report.share_at_risk == pytest.approx(2 / 6)
    assert report.classes["size"].tolist() == [1, 1, 2, 2]
    assert "fails" in repr(report) and "2 of 6 rows at risk" in repr(report)


def test_generalising_raises_k(people):
    raw = privacy.k_anonymity(people, ["gender", "birth_date", "city"], k=2)
    coarse = privacy.generalise(people, as_of="2025-01-01", age_width=20)
    better = privacy.k_anonymity(coarse, ["gender", "age_band", "city_tier"], k=2)
    assert raw.k == 1 and better.k >= raw.k
    assert "city" not in coarse.columns and "birth_date" not in coarse.columns
    assert coarse["signup_year"].tolist() == [2021] * 6


def test_suppression_makes_the_table_k_anonymous(people):
    kept = privacy.suppress(people, ["gender", "city"], k=2)
    assert privacy.k_anonymity(kept, ["gender", "city"], k=2).passes
    assert sorted(kept.index) == [0, 1, 3, 4]


@settings(max_examples=40, deadline=None)
@given(
    st.lists(st.tuples(st.sampled_from("FM"), st.integers(0, 4)), min_size=1, max_size=60), st.integers(1, 6)
)
def test_suppressed_tables_always_pass_and_k_is_a_class_size(rows, k):
    table = pd.DataFrame(rows, columns=["gender", "band"])
    report = privacy.k_anonymity(table, ["gender", "band"], k=k)
    assert report.k == table.value_counts().min()
    kept = privacy.suppress(table, ["gender", "band"], k=k)
    if len(kept):
        assert privacy.k_anonymity(kept, ["gender", "band"], k=k).passes
    assert len(kept) + len(report.rows_at_risk) == len(table)


def test_age_bands_count_birthdays():
    born = pd.Series(pd.to_datetime(["1995-01-01", "1995-01-02", "1960-01-01"]))
    assert privacy.age_band(born, as_of="2025-01-01").tolist() == ["30–39", "20–29", "60+"]
    with pytest.raises(CourseDataError, match=r"dates after `as_of`"):
        privacy.age_band(pd.Series(pd.to_datetime(["2030-01-01"])), as_of="2025-01-01")
    with pytest.raises(CourseDataError, match=r"`width` must be ≥ 1; got 0"):
        privacy.age_band(born, as_of="2025-01-01", width=0)
    with pytest.raises(CourseDataError, match=r"`top` must be a whole number; got 60.5"):
        privacy.age_band(born, as_of="2025-01-01", top=60.5)


@pytest.mark.parametrize(
    "columns, k, error, message",
    [
        (["gender", "income"], 2, CourseDataError, r"lacks column\(s\) \['income'\]"),
        ([], 2, CourseDataError, r"`quasi_identifiers` is empty"),
        (["gender"], 0, CourseDataError, r"`k` must be ≥ 1; got 0"),
        (["gender"], 2.5, CourseDataError, r"`k` must be a whole number; got 2.5"),
        (["gender"], "5", TypeError, r"`k` must be a number; got str '5'"),
    ],
)
def test_k_anonymity_refuses_bad_arguments(people, columns, k, error, message):
    with pytest.raises(error, match=message):
        privacy.k_anonymity(people, columns, k=k)


def test_k_anonymity_refuses_missing_values(people):
    people.loc[3, "gender"] = None
    with pytest.raises(CourseDataError, match=r'`table\["gender"\]` has 1 missing value'):
        privacy.k_anonymity(people, ["gender"], k=2)


# -------------------------------------------------------------------------------- consent
def test_consent_filter_on_one_and_several_channels(people):
    assert privacy.filter_by_consent(people, "sms")["customer_id"].tolist() == ["a", "c", "d"]
    both = privacy.filter_by_consent(people, ["sms", "wechat"])
    either = privacy.filter_by_consent(people, ["sms", "wechat"], require="any")
    assert both["customer_id"].tolist() == ["a"]
    assert either["customer_id"].tolist() == ["a", "b", "c", "d", "f"]


def test_consent_is_looked_up_and_unknown_customers_are_left_out(people):
    plan = pd.DataFrame({"customer_id": ["d", "b", "zz"], "offer": ["x", "y", "z"]})
    reached = privacy.filter_by_consent(plan, "sms", customers=people)
    assert reached["customer_id"].tolist() == ["d"]
    assert list(reached.columns) == ["customer_id", "offer"]


def test_filtered_audience_never_contains_a_refusal(people):
    for channel in privacy.CHANNELS:
        kept = privacy.filter_by_consent(people, channel)
        assert kept[f"consent_{channel}"].all()
        assert len(kept) == int(people[f"consent_{channel}"].sum())


@pytest.mark.parametrize(
    "kwargs, message",
    [
        (dict(channel="fax"), r"`channel` 'fax' has no consent flag"),
        (dict(channel="sms", require="most"), r"`require` must be 'all' or 'any'"),
        (dict(channel=[]), r"`channel` is empty"),
    ],
)
def test_consent_filter_refuses_bad_arguments(people, kwargs, message):
    with pytest.raises(CourseDataError, match=message):
        privacy.filter_by_consent(people, **kwargs)


def test_consent_filter_asks_for_the_customer_table_when_flags_are_missing():
    with pytest.raises(CourseDataError, match=r"pass the customer table as `customers=`"):
        privacy.filter_by_consent(pd.DataFrame({"customer_id": ["a"]}), "sms")


def test_consent_flags_must_be_booleans(people):
    people["consent_sms"] = people["consent_sms"].map({True: "yes", False: "no"})
    with pytest.raises(CourseDataError, match=r"must hold True/False"):
        privacy.filter_by_consent(people, "sms")


def test_consent_summary_counts_people_reachable_on_no_channel(people):
    table = privacy.consent_summary(people)
    assert table.loc["sms", "customers"] == 3
    assert table.loc["none", "customers"] == 1  # only e consented to nothing
    assert table.loc["wechat", "share"] == pytest.approx(3 / 6)


# ---------------------------------------------------------------------------- minimisation
def test_minimise_keeps_only_the_purpose_columns(people):
    people["phone"] = "138****0000"
    table = privacy.minimise(people, "sms_campaign")
    assert list(table.columns) == ["customer_id", "phone", "consent_sms"]
    assert list(privacy.minimise(people, ["gender"]).columns) == ["gender"]


def test_minimise_refuses_unknown_purposes_and_missing_columns(people):
    with pytest.raises(CourseDataError, match=r"`purpose` 'ads' is not defined"):
        privacy.minimise(people, "ads")
    with pytest.raises(CourseDataError, match=r"lacks column\(s\) \['phone'\]"):
        privacy.minimise(people, "sms_campaign")


def test_on_course_data_generalising_and_suppressing_reaches_k5():
    from course_lib import data

    customers = data.load_customers()
    release = privacy.generalise(privacy.minimise(customers, "analytics_release"), as_of=data.AS_OF)
    quasi = ["gender", "age_band", "city_tier", "membership_tier"]
    raw = privacy.k_anonymity(customers, ["gender", "birth_date", "city"], k=5)
    coarse = privacy.k_anonymity(release, quasi, k=5)
    assert raw.share_at_risk > 0.5 > coarse.share_at_risk
    assert privacy.k_anonymity(privacy.suppress(release, quasi, k=5), quasi, k=5).passes
