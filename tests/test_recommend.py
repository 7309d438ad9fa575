"""The item-to-item recommender, its popularity baseline and the later-period evaluation."""

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from course_lib import recommend
from course_lib.validation import CourseDataError, NotFittedError


def _orders(rows, day="2024-01-01"):
    customers, categories = zip(*rows)
    return pd.DataFrame(
        {
            "customer_id": list(customers),
            "category": list(categories),
            "order_date": pd.to_datetime([day] * len(rows)),
        }
    )


@pytest.fixture
def small():
    # shoes and bags go together; hats are bought alone
    return _orders(
        [
            ("a", "shoes"),
            ("a", "bags"),
            ("b", "shoes"),
            ("b", "bags"),
            ("c", "shoes"),
            ("d", "hats"),
            ("e", "hats"),
            ("f", "hats"),
            ("a", "shoes"),
        ]
    )


def test_cosine_similarity_by_hand(small):
    model = recommend.ItemToItem(item="category").fit(small)
    sim = model.similarity_
    # shoes buyers {a, b, c}, bags buyers {a, b}: 2 / sqrt(3 * 2)
    assert sim.loc["shoes", "bags"] == pytest.approx(2 / np.sqrt(6))
    assert sim.loc["shoes", "hats"] == 0 and sim.loc["hats", "hats"] == 0
    np.testing.assert_allclose(sim.to_numpy(), sim.to_numpy().T)
    assert model.popularity_.to_dict() == {"bags": 2, "hats": 3, "shoes": 3}


def test_repeat_orders_do_not_weigh_more(small):
    once = recommend.ItemToItem(item="category").fit(small)
    many = recommend.ItemToItem(item="category").fit(pd.concat([small] + [small.iloc[[0]]] * 5))
    pd.testing.assert_frame_equal(once.similarity_, many.similarity_)


def test_item_to_item_follows_co_purchase_where_popularity_does_not(small):
    i2i = recommend.ItemToItem(item="category").fit(small).recommend(k=1)
    pop = recommend.Popularity(item="category").fit(small).recommend(k=1)
    assert i2i.set_index("customer_id").loc["c", "item"] == "bags"
    # popularity offers c the most bought item c lacks: hats (3 buyers) before bags (2)
    assert pop.set_index("customer_id").loc["c", "item"] == "hats"


def test_seen_items_are_excluded_and_complete_customers_get_nothing():
    orders = _orders([("a", "x"), ("a", "y"), ("b", "x")])
    recs = recommend.ItemToItem(item="category").fit(orders).recommend(k=3)
    assert recs["customer_id"].tolist() == ["b"]
    assert recs["item"].tolist() == ["y"]
    every = recommend.ItemToItem(item="category").fit(orders).recommend(k=3, exclude_seen=False)
    assert set(every["customer_id"]) == {"a", "b"}


def test_items_can_combine_columns():
    orders = _orders([("a", "shoes"), ("b", "shoes")]).assign(channel=["app", "store"])
    model = recommend.ItemToItem(item=("category", "channel")).fit(orders)
    assert list(model.items_) == ["shoes · app", "shoes · store"]
    assert "2 customers × 2 items" in repr(model)


@settings(max_examples=40, deadline=None)
@given(
    st.lists(st.tuples(st.sampled_from("abcdefg"), st.sampled_from("pqrstu")), min_size=1, max_size=40),
    st.integers(1, 4),
)
def test_recommendations_are_new_ranked_and_at_most_k(rows, k):
    orders = _orders(rows)
    for cls in (recommend.ItemToItem, recommend.Popularity):
        recs = cls(item="category").fit(orders).recommend(k=k)
        bought = set(zip(orders["customer_id"], orders["category"]))
        assert not any((c, i) in bought for c, i in zip(recs["customer_id"], recs["item"]))
        assert recs.groupby("customer_id").size().le(k).all()
        for _, group in recs.groupby("customer_id"):
            assert group["rank"].tolist() == list(range(1, len(group) + 1))
            assert group["score"].is_monotonic_decreasing


def test_evaluation_counts_hits_on_new_items_only():
    recs = pd.DataFrame(
        {
            "customer_id": ["a", "a", "b", "b", "c", "c"],
            "rank": [1, 2] * 3,
            "item": ["x", "y", "x", "z", "y", "z"],
        }
    )
    before = _orders([("a", "w"), ("b", "w"), ("c", "y")])
    later = _orders([("a", "y"), ("b", "w"), ("c", "y"), ("c", "z")], day="2024-08-01")
    scores = recommend.evaluate_later_period(recs, later, k=2, seen=before, item="category")
    # b bought only w again (not new) → not evaluated; a hit y; c's only new item is z → hit
    assert scores == {"customers": 2, "hit_rate": 1.0, "precision_at_k": 0.5}
    one = recommend.evaluate_later_period(recs, later, k=1, seen=before, item="category")
    assert one["hit_rate"] == 0.0  # a got x first, c got y first (c's y is not new)


def test_compare_on_course_data_beats_popularity_with_channel_items():
    from course_lib import data

    table = recommend.compare(data.load_orders(), split="2024-07-01", k=3)
    assert list(table.index) == ["item-to-item", "popularity"]
    assert table.loc["item-to-item", "hit_rate"] > 1.3 * table.loc["popularity", "hit_rate"]
    assert table["precision_at_k"].le(table["hit_rate"]).all()


def test_not_fitted_and_unknown_item_are_explained(small):
    with pytest.raises(NotFittedError, match=r"call \.fit\(orders\) first"):
        recommend.ItemToItem().recommend()
    model = recommend.ItemToItem(item="category").fit(small)
    with pytest.raises(CourseDataError, match=r"`item` 'socks' was not in the fitted orders"):
        model.also_bought("socks")
    assert "not fitted" in repr(recommend.Popularity())


@pytest.mark.parametrize(
    "break_it, message",
    [
        (lambda o: o.drop(columns="category"), r"lacks column\(s\) \['category'\]"),
        (lambda o: o.iloc[:0], r"`orders` is empty"),
        (lambda o: o.assign(customer_id=[None] + list(o["customer_id"][1:])), r"1 missing value"),
    ],
)
def test_fit_refuses_bad_orders(small, break_it, message):
    with pytest.raises(CourseDataError, match=message):
        recommend.ItemToItem(item="category").fit(break_it(small))


def test_compare_refuses_a_split_outside_the_history(small):
    with pytest.raises(CourseDataError, match=r"leaves 9 orders before and 0 after"):
        recommend.compare(small, split="2030-01-01", item="category")
    with pytest.raises(CourseDataError, match=r"`k` must be ≥ 1; got 0"):
        recommend.ItemToItem(item="category").fit(small).recommend(k=0)
