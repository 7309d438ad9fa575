"""Tests of course_lib.rfm: the RFM contract, scores, segments, tiers, concentration, SQL."""

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from course_lib import rfm
from course_lib.validation import CourseDataError


@pytest.fixture
def orders():
    return pd.DataFrame(
        {
            "customer_id": ["00042", "00042", "00042", "B7", "C9"],
            "order_date": pd.to_datetime(
                ["2024-03-01", "2024-03-01", "2024-05-10", "2024-01-15", "2024-06-01"]
            ),
            "amount": [100.0, 0.0, 50.5, 20.0, 300.0],
        }
    )


# ------------------------------------------------------------------------- rfm_table
def test_rfm_table_follows_the_contract(orders):
    table = rfm.rfm_table(orders, as_of="2024-06-01")
    # orders on as_of are left out: C9 disappears
    assert list(table.index) == ["00042", "B7"]
    assert table.index.name == "customer_id"
    assert table.loc["00042", "frequency"] == 3  # same-day orders count separately
    assert table.loc["00042", "monetary"] == pytest.approx(150.5)
    assert (
        table.loc["00042", "recency_days"] == (pd.Timestamp("2024-06-01") - pd.Timestamp("2024-05-10")).days
    )
    assert table.loc["B7", "recency_days"] == 138
    assert list(table.columns) == ["recency_days", "frequency", "monetary"]


def test_rfm_table_default_as_of_is_the_day_after_the_last_order(orders):
    table = rfm.rfm_table(orders)
    assert table.loc["C9", "recency_days"] == 1
    assert table["frequency"].sum() == len(orders)


def test_rfm_table_accepts_other_column_names_and_string_dates(orders):
    renamed = orders.rename(columns={"customer_id": "cid", "order_date": "day", "amount": "total"})
    renamed["day"] = renamed["day"].dt.strftime("%Y-%m-%d")
    table = rfm.rfm_table(
        renamed, as_of=pd.Timestamp("2024-07-01"), customer="cid", date="day", amount="total"
    )
    expected = rfm.rfm_table(orders, as_of="2024-07-01")
    assert table.index.name == "cid"
    np.testing.assert_array_equal(table.to_numpy(), expected.to_numpy())


def test_rfm_table_counts_whole_days_when_times_are_given():
    orders = pd.DataFrame(
        {"customer_id": ["a"], "order_date": pd.to_datetime(["2024-01-30 18:30"]), "amount": [5.0]}
    )
    assert rfm.rfm_table(orders, as_of="2024-01-31")["recency_days"].iloc[0] == 0


@pytest.mark.parametrize(
    "break_it, error, message",
    [
        (lambda df: df.drop(columns="amount"), CourseDataError, r"lacks column\(s\) \['amount'\]"),
        (
            lambda df: df.assign(amount=[12.5, -3.0, 8.0, 1.0, 2.0]),
            CourseDataError,
            r"negative value\(s\), first at row 1",
        ),
        (
            lambda df: df.assign(amount=[12.5, None, 8.0, 1.0, 2.0]),
            CourseDataError,
            r"\"amount\"\]` has 1 missing",
        ),
        (
            lambda df: df.assign(customer_id=["a", None, "b", "c", "d"]),
            CourseDataError,
            r"\"customer_id\"\]` has 1 missing",
        ),
        (
            lambda df: df.assign(order_date=[pd.NaT] + list(df["order_date"][1:])),
            CourseDataError,
            r"\"order_date\"\]` has 1 missing",
        ),
        (
            lambda df: df.assign(amount=["x", "1", "2", "3", "4"]),
            CourseDataError,
            r"must hold numbers; found x",
        ),
        (lambda df: df.iloc[:0], CourseDataError, r"`orders` is empty"),
        (lambda df: df.to_dict(), TypeError, r"must be a pandas DataFrame; got dict"),
    ],
)
def test_rfm_table_refuses_bad_orders(orders, break_it, error, message):
    with pytest.raises(error, match=message):
        rfm.rfm_table(break_it(orders))


def test_rfm_table_refuses_an_as_of_before_every_order(orders):
    with pytest.raises(CourseDataError, match=r"no order before `as_of` \(2020-01-01\)"):
        rfm.rfm_table(orders, as_of="2020-01-01")
    with pytest.raises(CourseDataError, match=r"`as_of` must be a date"):
        rfm.rfm_table(orders, as_of="not a day")


def test_rfm_table_does_not_change_its_input(orders):
    before = orders.copy()
    rfm.rfm_table(orders, as_of="2024-06-01")
    pd.testing.assert_frame_equal(orders, before)


def test_rfm_sql_equals_pandas_for_a_frame_and_a_csv_file(orders, tmp_path):
    orders = pd.concat(
        [orders, orders.assign(customer_id="Z1", amount=[1.25, 2, 3, 4, 5])], ignore_index=True
    )
    expected = rfm.rfm_table(orders, as_of="2024-06-01")
    from_frame = rfm.rfm_sql(orders, as_of="2024-06-01")
    pd.testing.assert_frame_equal(from_frame, expected, check_index_type=False, check_dtype=True)
    path = tmp_path / "orders.csv"
    orders.to_csv(path, index=False)
    from_file = rfm.rfm_sql(path, as_of=pd.Timestamp("2024-06-01"))
    assert list(from_file.index) == list(expected.index)  # "00042" stays a string
    np.testing.assert_allclose(from_file.to_numpy(dtype=float), expected.to_numpy(dtype=float))
    assert "GROUP BY" in rfm.RFM_SQL


def test_rfm_sql_refuses_a_missing_file(tmp_path):
    with pytest.raises(CourseDataError, match=r"'nothing.csv' does not exist"):
        rfm.rfm_sql(tmp_path / "nothing.csv", as_of="2024-01-01")


order_rows = st.lists(
    st.tuples(
        st.sampled_from(["a", "b", "c", "007"]),
        st.integers(0, 400),
        st.floats(0, 5000, allow_nan=False).map(lambda x: round(x, 2)),
    ),
    min_size=1,
    max_size=40,
)


@settings(max_examples=50, deadline=None)
@given(order_rows)
def test_rfm_table_conserves_orders_and_revenue_and_matches_sql(rows):
    orders = pd.DataFrame(rows, columns=["customer_id", "day", "amount"])
    orders["order_date"] = pd.Timestamp("2023-01-01") + pd.to_timedelta(orders["day"], unit="D")
    table = rfm.rfm_table(orders)
    assert table["frequency"].sum() == len(orders)
    assert table["monetary"].sum() == pytest.approx(orders["amount"].sum())
    assert (table["recency_days"] >= 1).all() and table["recency_days"].min() == 1
    sql = rfm.rfm_sql(orders, as_of=orders["order_date"].max() + pd.Timedelta(days=1))
    np.testing.assert_array_equal(sql["frequency"].to_numpy(), table["frequency"].to_numpy())
    np.testing.assert_array_equal(sql["recency_days"].to_numpy(), table["recency_days"].to_numpy())
    np.testing.assert_allclose(sql["monetary"].to_numpy(), table["monetary"].to_numpy())


# ---------------------------------------------------------------------------- scores
rfm_frames = st.lists(
    st.tuples(st.integers(0, 700), st.integers(1, 30), st.floats(0, 1e5, allow_nan=False)),
    min_size=1,
    max_size=60,
).map(
    lambda rows: pd.DataFrame(
        rows, columns=["recency_days", "frequency", "monetary"], index=[f"c{i}" for i in range(len(rows))]
    )
)


@settings(max_examples=50, deadline=None)
@given(rfm_frames, st.integers(2, 10))
def test_scores_stay_in_range_and_are_monotone(table, bins):
    scores = rfm.rfm_scores(table, bins=bins)
    for letter in "RFM":
        assert scores[letter].between(1, bins).all()
    for letter, column, sign in (("R", "recency_days", -1), ("F", "frequency", 1), ("M", "monetary", 1)):
        order = np.argsort(sign * table[column].to_numpy(), kind="stable")
        assert (np.diff(scores[letter].to_numpy()[order]) >= 0).all()
        # ties share a score
        assert scores.groupby(table[column])[letter].nunique().max() == 1


@settings(max_examples=50, deadline=None)
@given(rfm_frames, st.integers(2, 10))
def test_every_customer_lands_in_exactly_one_segment_and_one_tier(table, bins):
    scores = rfm.rfm_scores(table, bins=bins)
    segments = rfm.segment(scores, bins=bins)
    assert segments.notna().all() and len(segments) == len(table)
    assert set(segments.astype(str)) <= set(rfm.SEGMENTS.index)
    tiers = rfm.value_tiers(table, customers=list(table.index) + ["never_bought"])
    assert tiers.notna().all() and len(tiers) == len(table) + 1
    assert tiers["never_bought"] == "iron"
    # a higher spender never sits in a lower tier
    rank = tiers.drop("never_bought").cat.codes.to_numpy()  # 0 = diamond
    order = np.argsort(-table["monetary"].to_numpy(), kind="stable")
    assert (np.diff(rank[order]) >= 0).all()


def test_scores_on_quintiles_split_distinct_values_evenly():
    table = pd.DataFrame(
        {
            "recency_days": np.arange(100),
            "frequency": np.arange(1, 101),
            "monetary": np.linspace(1, 1000, 100),
        }
    )
    scores = rfm.rfm_scores(table)
    assert scores["M"].value_counts().tolist() == [20] * 5
    assert scores.loc[0, "R"] == 5 and scores.loc[99, "R"] == 1
    assert scores.loc[0, "code"] == "511"


def test_a_single_customer_scores_in_the_middle():
    table = pd.DataFrame({"recency_days": [10], "frequency": [2], "monetary": [99.0]})
    assert rfm.rfm_scores(table)[["R", "F", "M"]].iloc[0].tolist() == [3, 3, 3]


def test_weights_change_the_combined_score():
    table = pd.DataFrame({"recency_days": [1, 500], "frequency": [1, 9], "monetary": [10.0, 10.0]})
    plain = rfm.rfm_scores(table, bins=5)
    recency_first = rfm.rfm_scores(table, bins=5, weights=(3, 1, 1))
    assert plain.loc[0, "score"] < plain.loc[1, "score"] or plain.loc[0, "score"] == plain.loc[1, "score"]
    assert recency_first.loc[0, "score"] > recency_first.loc[1, "score"]


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"bins": 1}, r"`bins` must be ≥ 2; got 1"),
        ({"bins": 11}, r"`bins` must be ≤ 10; got 11"),
        ({"bins": 3.5}, r"`bins` must be a whole number; got 3.5"),
        ({"weights": (1, 1)}, r"`weights` must be three non-negative numbers"),
        ({"weights": (0, 0, 0)}, r"`weights` must be three non-negative numbers"),
    ],
)
def test_rfm_scores_refuses_bad_settings(kwargs, message):
    table = pd.DataFrame({"recency_days": [1], "frequency": [1], "monetary": [1.0]})
    with pytest.raises(CourseDataError, match=message):
        rfm.rfm_scores(table, **kwargs)


def test_segments_follow_their_rules():
    scores = pd.DataFrame(
        {"R": [5, 4, 5, 5, 1, 2, 1, 3], "F": [5, 5, 2, 1, 5, 1, 1, 2], "M": [5, 2, 5, 1, 2, 5, 1, 2]},
        index=list("abcdefgh"),
    )
    assert rfm.segment(scores, bins=5).tolist() == [
        "important_value",
        "loyal",
        "potential",
        "new",
        "wake_up",
        "at_risk",
        "hibernating",
        "regular",
    ]
    rules = rfm.segment_rules()
    assert rules.loc["potential", "name_zh"] == "潜力培育客户"
    assert rules.loc["at_risk", "rule"] == "R ≤ 2 and F ≤ 2 and M ≥ 4"
    assert {"重要价值客户", "潜力培育客户", "唤醒待激活客户"} <= set(rules["name_zh"])


def test_segment_scales_other_bins_and_refuses_out_of_range_scores():
    scores = pd.DataFrame({"R": [3, 1], "F": [3, 3], "M": [3, 1]})
    assert rfm.segment(scores, bins=3).tolist() == ["important_value", "wake_up"]
    with pytest.raises(CourseDataError, match=r"`scores\[\"R\"\]` must lie between 1 and 3; found 1 to 4"):
        rfm.segment(scores.assign(R=[4, 1]), bins=3)


def test_segment_refuses_a_rule_table_without_catch_all():
    scores = pd.DataFrame({"R": [1], "F": [1], "M": [1]})
    with pytest.raises(CourseDataError, match="catch-all row"):
        rfm.segment(scores, bins=5, segments=rfm.SEGMENTS.iloc[:1])


# ----------------------------------------------------------------------------- tiers
def test_value_tiers_shares_and_iron_for_non_buyers():
    table = pd.DataFrame(
        {"monetary": np.arange(100, 0, -1, dtype=float)}, index=[f"c{i}" for i in range(100)]
    )
    tiers = rfm.value_tiers(table, customers=list(table.index) + ["x", "y"])
    counts = tiers.value_counts()
    assert (counts["diamond"], counts["silver"], counts["bronze"], counts["iron"]) == (18, 22, 30, 32)
    assert tiers["c0"] == "diamond" and tiers["x"] == "iron"
    assert list(tiers.cat.categories) == rfm.TIER_ORDER
    assert rfm.TIERS.loc["diamond", "name_zh"] == "金钻" and "butler" in rfm.TIERS.loc["diamond", "strategy"]


def test_value_tiers_ties_share_a_tier():
    table = pd.DataFrame({"monetary": [100.0, 50.0, 50.0, 10.0]})
    tiers = rfm.value_tiers(table, cutoffs=(0.25, 0.5, 0.75))
    assert tiers.tolist() == ["diamond", "bronze", "bronze", "iron"]


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"cutoffs": (0.5, 0.2, 0.8)}, r"`cutoffs` must be three increasing shares"),
        ({"cutoffs": (0.1, 0.2)}, r"`cutoffs` must be three increasing shares"),
        ({"spend": (10, 100, 1000)}, r"`spend` must be three decreasing amounts"),
        ({"by": "value"}, r"lacks column\(s\) \['value'\]"),
    ],
)
def test_value_tiers_refuses_bad_thresholds(kwargs, message):
    with pytest.raises(CourseDataError, match=message):
        rfm.value_tiers(pd.DataFrame({"monetary": [1.0, 2.0]}), **kwargs)


def test_tier_migration_counts_and_rates():
    orders = pd.DataFrame(
        {
            "customer_id": ["a", "a", "b", "b", "c", "d"],
            "order_date": pd.to_datetime(
                ["2023-02-01", "2024-02-01", "2023-05-01", "2024-06-01", "2023-07-01", "2024-03-01"]
            ),
            "amount": [2000.0, 100.0, 100.0, 3000.0, 500.0, 50.0],
        }
    )
    everyone = ["a", "b", "c", "d", "e"]
    first = rfm.period_tiers(
        orders, start="2023-01-01", end="2024-01-01", spend=(1000, 300, 60), customers=everyone
    )
    second = rfm.period_tiers(
        orders, start="2024-01-01", end="2025-01-01", spend=(1000, 300, 60), customers=everyone
    )
    assert first.tolist() == ["diamond", "bronze", "silver", "iron", "iron"]
    assert second.tolist() == ["bronze", "diamond", "iron", "iron", "iron"]
    result = rfm.tier_migration(first, second)
    assert result["counts"].to_numpy().sum() == 5
    assert result["counts"].loc["bronze", "diamond"] == 1
    np.testing.assert_allclose(result["shares"].dropna().sum(axis=1), 1.0)
    assert result["rates"].loc["iron", "stay"] == 1.0
    assert result["rates"].loc["bronze", "up"] == 1.0
    assert result["rates"].loc["diamond", "down"] == 1.0


def test_tier_migration_keeps_later_registrations_apart_as_acquisitions():
    orders = pd.DataFrame(
        {
            "customer_id": ["a", "a", "b", "n", "m"],
            "order_date": pd.to_datetime(
                ["2023-02-01", "2024-02-01", "2024-06-01", "2024-03-01", "2024-09-01"]
            ),
            "amount": [200.0, 2000.0, 400.0, 1500.0, 90.0],
        }
    )
    everyone = ["a", "b", "c", "n", "m"]
    signup = pd.to_datetime(
        pd.Series(["2022-01-01", "2023-06-01", "2022-09-09", "2024-02-20", "2024-08-30"], index=everyone)
    )
    first = rfm.period_tiers(
        orders, start="2023-01-01", end="2024-01-01", spend=(1000, 300, 60), customers=everyone
    )
    second = rfm.period_tiers(
        orders, start="2024-01-01", end="2025-01-01", spend=(1000, 300, 60), customers=everyone
    )
    naive = rfm.tier_migration(first, second)  # n and m booked as Iron → up
    assert naive["counts"].loc["iron"].sum() == 4 and naive["acquisitions"]["customers"].sum() == 0
    result = rfm.tier_migration(first, second, signup=signup, joined_before="2024-01-01")
    assert result["counts"].to_numpy().sum() == 3  # a, b, c were customers in 2023
    assert result["counts"].loc["bronze", "diamond"] == 1  # a: a real upgrade
    assert result["counts"].loc["iron", "silver"] == 1  # b: registered, first bought in 2024
    assert result["rates"].loc["iron", "customers"] == 2 and result["rates"].loc["iron", "up"] == 0.5
    acquired = result["acquisitions"]
    assert acquired["customers"].tolist() == [1, 0, 1, 0]  # n reached Diamond, m Bronze
    assert acquired["share"].sum() == pytest.approx(1.0)
    # the migration plus the acquisitions account for every customer once
    assert result["counts"].to_numpy().sum() + acquired["customers"].sum() == len(everyone)


def test_tier_migration_refuses_half_a_boundary_and_missing_signups():
    tiers = pd.Series(["iron", "bronze"], index=["a", "b"])
    signup = pd.to_datetime(pd.Series(["2022-01-01"], index=["a"]))
    with pytest.raises(CourseDataError, match="pass `signup` and `joined_before` together"):
        rfm.tier_migration(tiers, tiers, signup=signup)
    with pytest.raises(
        CourseDataError, match=r"no registration date for 1 customer\(s\) compared, first 'b'"
    ):
        rfm.tier_migration(tiers, tiers, signup=signup, joined_before="2024-01-01")
    with pytest.raises(CourseDataError, match="every customer registered on or after 2020-01-01"):
        rfm.tier_migration(tiers.iloc[:1], tiers.iloc[:1], signup=signup, joined_before="2020-01-01")


def test_tier_thresholds_turn_the_course_shares_into_amounts():
    spend = pd.DataFrame({"monetary": np.arange(100, 0, -1, dtype=float)})
    limits = rfm.tier_thresholds(spend)  # TIER_CUTOFFS: 18 / 22 / 30 / 30 %
    assert limits == (83.0, 61.0, 31.0)
    same = rfm.value_tiers(spend, spend=limits)
    assert same.equals(rfm.value_tiers(spend))  # the amounts reproduce the shares
    with pytest.raises(CourseDataError, match="no buyer falls in the diamond tier"):
        rfm.tier_thresholds(pd.DataFrame({"monetary": [5.0, 4.0]}), cutoffs=(0.1, 0.5, 0.9))


def test_tier_migration_refuses_unknown_tiers_and_no_overlap():
    with pytest.raises(CourseDataError, match=r"unknown tier\(s\) \['gold'\]"):
        rfm.tier_migration(pd.Series(["gold"], index=["a"]), pd.Series(["iron"], index=["a"]))
    with pytest.raises(CourseDataError, match="share no customer"):
        rfm.tier_migration(pd.Series(["iron"], index=["a"]), pd.Series(["iron"], index=["b"]))
    with pytest.raises(TypeError, match="`before` must be a pandas Series"):
        rfm.tier_migration(["iron"], pd.Series(["iron"]))


# --------------------------------------------------------------------- concentration
def test_concentration_pareto_and_gini():
    spend = pd.Series([0.0, 10.0, 30.0, 60.0])
    assert rfm.concentration(spend, top=0.25) == pytest.approx(0.6)
    assert rfm.concentration(spend, top=1.0) == pytest.approx(1.0)
    assert rfm.customers_for_share(spend, 0.9) == pytest.approx(0.5)
    curve = rfm.pareto_curve(spend)
    assert curve.iloc[0].tolist() == [0.0, 0.0] and curve.iloc[-1].tolist() == [1.0, 1.0]
    assert (np.diff(curve["revenue_share"]) >= 0).all()
    assert rfm.gini([1, 1, 1]) == pytest.approx(0.0)
    assert rfm.gini(np.r_[np.zeros(99), 1.0]) == pytest.approx(0.99)


@settings(max_examples=50, deadline=None)
@given(
    st.lists(st.floats(0, 1e6, allow_nan=False), min_size=1, max_size=80).filter(lambda v: sum(v) > 0),
    st.floats(0, 1),
)
def test_concentration_is_at_least_the_customer_share(values, top):
    share = rfm.concentration(values, top=top)
    assert top - 1e-9 <= share <= 1 + 1e-9
    assert 0 <= rfm.gini(values) < 1


@pytest.mark.parametrize(
    "values, error, message",
    [
        ([], CourseDataError, "is empty"),
        ([1.0, -2.0], CourseDataError, r"1 negative value\(s\)"),
        ([0.0, 0.0], CourseDataError, "sums to 0"),
        ([1.0, np.nan], CourseDataError, r"1 missing value\(s\)"),
        (pd.DataFrame({"a": [1]}), TypeError, "not a table"),
    ],
)
def test_concentration_refuses_bad_values(values, error, message):
    with pytest.raises(error, match=message):
        rfm.concentration(values, top=0.2)


def test_concentration_refuses_a_percentage():
    with pytest.raises(CourseDataError, match=r"`top` must be ≤ 1; got 18"):
        rfm.concentration([1, 2], top=18)
    with pytest.raises(TypeError, match=r"`top` must be a number; got str '18%'"):
        rfm.concentration([1, 2], top="18%")


# -------------------------------------------------------------- dormancy and wake-up
def test_dormant_uses_more_than_the_given_days():
    table = pd.DataFrame({"recency_days": [89, 90, 91]}, index=["a", "b", "c"])
    assert rfm.dormant(table).tolist() == ["c"]
    assert rfm.dormant(table, days=60).tolist() == ["a", "b", "c"]
    with pytest.raises(CourseDataError, match=r"`days` must be ≥ 1; got 0"):
        rfm.dormant(table, days=0)


def test_offer_results_uplift_and_cost_per_extra_reactivation():
    campaigns = pd.DataFrame(
        {
            "group": ["treatment"] * 10 + ["control"] * 10,
            "responded": [True] * 4 + [False] * 6 + [False] * 10,
            "converted": [True] * 3 + [False] * 7 + [True] + [False] * 9,
            "opted_out": [False] * 9 + [True] + [False] * 10,
        }
    )
    table = rfm.offer_results(campaigns, contact_cost=0.5, offer_cost=20)
    assert table.loc["treatment", "reactivation"] == pytest.approx(0.3)
    assert table.loc["uplift", "reactivation"] == pytest.approx(0.2)
    assert table.loc["treatment", "cost"] == pytest.approx(10 * 0.5 + 3 * 20)
    assert table.loc["uplift", "cost"] == pytest.approx(65 / 2)
    with pytest.raises(
        CourseDataError, match=r"must hold both 'treatment' and 'control'; found \['treatment'\]"
    ):
        rfm.offer_results(campaigns.iloc[:10], contact_cost=0.5, offer_cost=20)
    with pytest.raises(CourseDataError, match=r"`offer_cost` must be ≥ 0; got -1"):
        rfm.offer_results(campaigns, contact_cost=0.5, offer_cost=-1)


def test_value_score_combines_spend_and_satisfaction():
    table = pd.DataFrame({"monetary": [100.0, 400.0, 900.0]}, index=["a", "b", "c"])
    satisfaction = pd.Series({"a": 100.0, "b": 0.0, "c": 50.0})
    spend_only = rfm.value_score(table, satisfaction, weight=0.0)["value_score"]
    assert spend_only.tolist() == [0.0, 50.0, 100.0]
    both = rfm.value_score(table, satisfaction, weight=0.5)
    assert both.loc["a", "value_score"] == pytest.approx(50.0)
    assert both["surveyed"].all()
    with pytest.raises(CourseDataError, match=r"between 0 and 100; found 1 to 500"):
        rfm.value_score(table, pd.Series({"a": 1.0, "b": 500.0}))
    with pytest.raises(TypeError, match="`satisfaction` must be a pandas Series"):
        rfm.value_score(table, [1, 2, 3])
