""" "Customers also bought": an item-to-item recommender on the order log (analytics layer).

Taught in chapter 6 (``notebooks/06_future_implementation.ipynb``, section 6.1) as the
concrete face of "AI personalisation". The method is item-based collaborative filtering,
the idea behind the classic "customers who bought this also bought" lists:

1. an *item* is what we recommend — here a product category, or a category in a channel
   (``beauty · app``), read from the order columns named in ``item``;
2. a customer × item matrix marks which items each customer bought before a day
   (1 = bought at least once, so a heavy buyer does not dominate);
3. two items are similar when the same customers bought both: the **cosine** of their
   columns, |A ∩ B| / √(|A| · |B|), where |A| counts the buyers of item A;
4. a customer's score for an item they have not bought is the sum of its similarities to
   the items they did buy; the top ``k`` are the recommendation.

The honest test is the later period: fit on the orders before a day, recommend, and count
how many customers then bought one of the recommended *new* items (hit rate@k) and what
share of the k slots were bought (precision@k), against a **popularity** baseline that
recommends the best-selling items each customer does not have yet. A recommender that does
not beat popularity has learned nothing worth its complexity.
"""

from __future__ import annotations

from typing import Self

import numpy as np
import pandas as pd

from .validation import (
    CourseDataError,
    NotFittedError,
    require_columns,
    require_frame,
    require_no_missing,
    require_whole,
    to_datetime_column,
    to_timestamp,
)

__all__ = ["item_labels", "ItemToItem", "Popularity", "evaluate_later_period", "compare"]

_SEPARATOR = " · "


def _item_columns(item) -> list[str]:
    columns = [item] if isinstance(item, str) else list(item)
    if not columns:
        raise CourseDataError(
            "`item` is empty; name the order column(s) that define an item, "
            "e.g. 'category' or ('category', 'channel')."
        )
    return columns


def item_labels(orders, *, item=("category", "channel")) -> pd.Series:
    """The item of each order: the values of the ``item`` columns joined by " · ".

    Examples
    --------
    >>> orders = pd.DataFrame({"category": ["shoes", "home"], "channel": ["app", "store"]})
    >>> item_labels(orders).tolist()
    ['shoes · app', 'home · store']
    >>> item_labels(orders, item="category").tolist()
    ['shoes', 'home']
    """
    require_frame(orders, "orders")
    columns = _item_columns(item)
    require_columns(orders, columns, "orders")
    for column in columns:
        require_no_missing(orders, column, "orders")
    labels = orders[columns[0]].astype(str)
    for column in columns[1:]:
        labels = labels + _SEPARATOR + orders[column].astype(str)
    return labels.rename("item")


def _check_orders(orders, customer, date, item):
    require_frame(orders, "orders")
    columns = _item_columns(item)
    require_columns(orders, [customer, date, *columns], "orders")
    if len(orders) == 0:
        raise CourseDataError("`orders` is empty; expected at least one order to learn from.")
    require_no_missing(orders, customer, "orders")
    to_datetime_column(orders, date, "orders")
    return columns


class _Recommender:
    """Shared fit/recommend machinery: a binary customer × item matrix and a score."""

    name = "recommender"

    def __init__(
        self,
        *,
        item: str | tuple[str, ...] = ("category", "channel"),
        customer: str = "customer_id",
        date: str = "order_date",
    ):
        self.item = item
        self.customer = customer
        self.date = date

    def fit(self, orders: pd.DataFrame) -> Self:
        """Learn from ``orders`` (one row per order); returns ``self``.

        Parameters
        ----------
        orders : pandas.DataFrame
            One row per order with the customer, date and item column(s).

        Returns
        -------
        ItemToItem or Popularity
            ``self``, fitted (``items_``, ``customers_``, ``popularity_`` …).

        Examples
        --------
        >>> orders = pd.DataFrame({"customer_id": ["a", "b", "b", "c"],
        ...     "order_date": pd.to_datetime(["2024-01-01"] * 4),
        ...     "category": ["shoes", "shoes", "bags", "hats"]})
        >>> model = ItemToItem(item="category").fit(orders)
        >>> model.items_.tolist()
        ['bags', 'hats', 'shoes']
        """
        _check_orders(orders, self.customer, self.date, self.item)
        labels = item_labels(orders, item=self.item)
        ids = orders[self.customer].astype(str)
        self.items_ = pd.Index(sorted(labels.unique()), name="item")
        self.customers_ = pd.Index(sorted(ids.unique()), name=self.customer)
        rows = self.customers_.get_indexer(ids)
        cols = self.items_.get_indexer(labels)
        matrix = np.zeros((len(self.customers_), len(self.items_)), dtype=float)
        matrix[rows, cols] = 1.0
        self.matrix_ = matrix
        self.popularity_ = pd.Series(matrix.sum(axis=0).astype(int), index=self.items_, name="buyers")
        self._learn(matrix)
        return self

    def _learn(self, matrix):  # pragma: no cover - overridden
        raise NotImplementedError

    def _scores(self) -> np.ndarray:  # pragma: no cover - overridden
        raise NotImplementedError

    def _require_fitted(self):
        if not hasattr(self, "matrix_"):
            raise NotFittedError(f"this {type(self).__name__} is not fitted yet: call .fit(orders) first.")

    def recommend(self, *, k: int = 3, exclude_seen: bool = True) -> pd.DataFrame:
        """Top-``k`` items for every customer seen in ``fit``.

        Ties are broken by popularity, then by name, so the result is deterministic.

        Parameters
        ----------
        k : int
            Items per customer (≥ 1).
        exclude_seen : bool
            Leave out the items a customer already bought; a customer who already has every
            item then gets no rows.

        Returns
        -------
        pandas.DataFrame
            ``customer_id``, ``rank`` (1 = best), ``item`` and ``score``.

        Examples
        --------
        >>> orders = pd.DataFrame({"customer_id": list("abbc"), "category": ["shoes", "shoes", "bags", "hats"],
        ...                        "order_date": pd.Timestamp("2024-01-01")})
        >>> ItemToItem(item="category").fit(orders).recommend(k=1)["item"].tolist()     # a: bags; b: hats; c: shoes
        ['bags', 'hats', 'shoes']
        """
        self._require_fitted()
        k = require_whole(k, "k", low=1)
        scores = self._scores().astype(float)
        # tie-break: a hair of popularity, then the item's position (alphabetical)
        n_items = len(self.items_)
        pop = self.popularity_.to_numpy(float)
        tie = pop / (pop.max() + 1.0) * 1e-9 - np.arange(n_items) * 1e-13
        ranked = scores + tie
        if exclude_seen:
            ranked = np.where(self.matrix_ > 0, -np.inf, ranked)
        order = np.argsort(-ranked, axis=1, kind="stable")[:, :k]
        top_rank = np.take_along_axis(ranked, order, axis=1)
        top_score = np.take_along_axis(scores, order, axis=1)
        keep = np.isfinite(top_rank)
        rows, slots = np.nonzero(keep)
        return pd.DataFrame(
            {
                "customer_id": self.customers_.to_numpy()[rows],
                "rank": slots + 1,
                "item": self.items_.to_numpy()[order[rows, slots]],
                "score": np.round(top_score[rows, slots], 6),
            }
        )

    def __repr__(self) -> str:
        if not hasattr(self, "matrix_"):
            return f"{type(self).__name__}(item={self.item!r}; not fitted)"
        return (
            f"{type(self).__name__}(item={self.item!r}; fitted on "
            f"{len(self.customers_):,} customers × {len(self.items_)} items)"
        )


class ItemToItem(_Recommender):
    """Item-based collaborative filtering with cosine similarity ("customers also bought").

    Parameters
    ----------
    item : str or tuple of str
        Order column(s) whose values make an item: ``"category"`` or
        ``("category", "channel")``.
    customer, date : str
        Names of the customer and date columns of the orders.

    Attributes
    ----------
    similarity_ : pandas.DataFrame
        Item × item cosine similarity (diagonal 0: an item does not recommend itself).
    popularity_ : pandas.Series
        Buyers of each item in the fitted orders.

    Examples
    --------
    >>> orders = pd.DataFrame({
    ...     "customer_id": ["a", "a", "b", "b", "c", "c", "d"],
    ...     "order_date": pd.to_datetime(["2024-01-01"] * 7),
    ...     "category": ["shoes", "bags", "shoes", "bags", "shoes", "hats", "shoes"]})
    >>> model = ItemToItem(item="category").fit(orders)
    >>> model.also_bought("shoes", k=2)
    item
    bags    0.707107
    hats    0.500000
    Name: similarity, dtype: float64
    >>> model.recommend(k=1)
      customer_id  rank  item     score
    0           a     1  hats  0.500000
    1           b     1  hats  0.500000
    2           c     1  bags  0.707107
    3           d     1  bags  0.707107
    """

    name = "item-to-item"

    def _learn(self, matrix):
        co = matrix.T @ matrix
        norms = np.sqrt(np.diag(co))
        with np.errstate(invalid="ignore", divide="ignore"):
            similarity = co / np.outer(norms, norms)
        similarity = np.nan_to_num(similarity)
        np.fill_diagonal(similarity, 0.0)
        self.similarity_ = pd.DataFrame(similarity, index=self.items_, columns=self.items_)

    def _scores(self):
        return self.matrix_ @ self.similarity_.to_numpy()

    def also_bought(self, item: str, *, k: int = 3) -> pd.Series:
        """The ``k`` items most similar to ``item`` (cosine), best first.

        Parameters
        ----------
        item : str
            An item of the fitted orders.
        k : int
            How many similar items (≥ 1).

        Returns
        -------
        pandas.Series
            ``similarity`` by item, best first.

        Examples
        --------
        >>> bought = {"a": ["shoes", "bags"], "b": ["shoes", "bags"], "c": ["hats"]}
        >>> orders = pd.DataFrame([(c, i) for c, items in bought.items() for i in items],
        ...                       columns=["customer_id", "category"]).assign(order_date=pd.Timestamp("2024-01-01"))
        >>> ItemToItem(item="category").fit(orders).also_bought("shoes", k=1).index.tolist()
        ['bags']
        """
        self._require_fitted()
        k = require_whole(k, "k", low=1)
        if item not in self.items_:
            raise CourseDataError(
                f"`item` {item!r} was not in the fitted orders; known items are e.g. {list(self.items_[:4])}."
            )
        row = self.similarity_.loc[item].drop(index=item)
        order = np.lexsort((row.index.to_numpy(), -row.to_numpy()))
        return row.iloc[order[:k]].rename("similarity")


class Popularity(_Recommender):
    """The baseline: every customer is offered the best-selling items they do not have yet.

    Examples
    --------
    >>> orders = pd.DataFrame({"customer_id": ["a", "b", "b", "c"],
    ...     "order_date": pd.to_datetime(["2024-01-01"] * 4),
    ...     "category": ["shoes", "shoes", "bags", "hats"]})
    >>> Popularity(item="category").fit(orders).recommend(k=1)["item"].tolist()
    ['bags', 'hats', 'shoes']
    """

    name = "popularity"

    def _learn(self, matrix):
        pass

    def _scores(self):
        return np.tile(self.popularity_.to_numpy(float), (len(self.customers_), 1))


def evaluate_later_period(
    recommendations,
    later_orders,
    *,
    k: int,
    seen=None,
    customer: str = "customer_id",
    item=("category", "channel"),
) -> dict:
    """Score recommendations against what customers bought afterwards.

    A customer is evaluated when they received recommendations *and* bought at least one
    item in ``later_orders`` that is not in ``seen`` (their items before the split; with
    ``seen`` None every later item counts). A **hit** is a customer who bought at least one
    of their recommended items; **precision@k** is the share of the k slots that were
    bought, averaged over the evaluated customers.

    Parameters
    ----------
    recommendations : pandas.DataFrame
        ``customer_id``, ``rank`` and ``item`` columns, as :meth:`ItemToItem.recommend` returns.
    later_orders : pandas.DataFrame
        Orders after the split day.
    k : int
        The number of slots (recommendations per customer were cut at this k).
    seen : pandas.DataFrame, optional
        Orders before the split, to leave out the items a customer already had.

    Returns
    -------
    dict
        ``customers`` (evaluated), ``hit_rate`` and ``precision_at_k``.
    """
    k = require_whole(k, "k", low=1)
    require_columns(recommendations, ["customer_id", "rank", "item"], "recommendations")
    require_frame(later_orders, "later_orders")
    require_columns(later_orders, [customer], "later_orders")
    later = pd.DataFrame(
        {"customer_id": later_orders[customer].astype(str), "item": item_labels(later_orders, item=item)}
    ).drop_duplicates()
    if seen is not None:
        before = pd.DataFrame(
            {"customer_id": seen[customer].astype(str), "item": item_labels(seen, item=item)}
        ).drop_duplicates()
        later = later.merge(before, how="left", indicator=True)
        later = later.loc[later["_merge"] == "left_only", ["customer_id", "item"]]
    recs = recommendations.loc[recommendations["rank"] <= k, ["customer_id", "item"]]
    recs = recs.assign(customer_id=recs["customer_id"].astype(str))
    evaluated = pd.Index(sorted(set(later["customer_id"]) & set(recs["customer_id"])))
    if len(evaluated) == 0:
        return {"customers": 0, "hit_rate": float("nan"), "precision_at_k": float("nan")}
    bought = recs.merge(later, on=["customer_id", "item"])
    hits = bought.groupby("customer_id").size().reindex(evaluated, fill_value=0)
    return {
        "customers": int(len(evaluated)),
        "hit_rate": float((hits > 0).mean()),
        "precision_at_k": float((hits / k).mean()),
    }


def compare(
    orders: pd.DataFrame,
    *,
    split: str | pd.Timestamp,
    k: int = 3,
    item: str | tuple[str, ...] = ("category", "channel"),
    customer: str = "customer_id",
    date: str = "order_date",
) -> pd.DataFrame:
    """Fit item-to-item and popularity on the orders before ``split``; score both on the
    orders from ``split`` on (new items only).

    Parameters
    ----------
    orders : pandas.DataFrame
        One row per order.
    split : str or Timestamp
        The first day of the later period.
    k : int
        Recommendations per customer (≥ 1).
    item : str or tuple of str
        Order column(s) whose values make an item.
    customer, date : str
        Column names in ``orders``.

    Returns
    -------
    pandas.DataFrame
        One row per model (``item-to-item``, ``popularity``) with ``customers``,
        ``hit_rate`` and ``precision_at_k`` (see :func:`evaluate_later_period`).

    Examples
    --------
    >>> from course_lib import data
    >>> table = compare(data.load_orders(), split="2024-07-01", k=3)
    >>> list(table.columns)
    ['customers', 'hit_rate', 'precision_at_k']
    >>> bool(table.loc["item-to-item", "hit_rate"] > table.loc["popularity", "hit_rate"])
    True
    """
    _check_orders(orders, customer, date, item)
    split = to_timestamp(split, "split")
    dates = to_datetime_column(orders, date, "orders")
    before, after = orders[dates < split], orders[dates >= split]
    if len(before) == 0 or len(after) == 0:
        raise CourseDataError(
            f"`split` {split.date()} leaves {len(before)} orders before and "
            f"{len(after)} after it; pick a day inside the order history "
            f"({dates.min().date()} … {dates.max().date()})."
        )
    rows = {}
    for model in (
        ItemToItem(item=item, customer=customer, date=date),
        Popularity(item=item, customer=customer, date=date),
    ):
        model.fit(before)
        rows[model.name] = evaluate_later_period(
            model.recommend(k=k), after, k=k, seen=before, customer=customer, item=item
        )
    table = pd.DataFrame(rows).T
    table["customers"] = table["customers"].astype(int)
    table.index.name = "model"
    return table[["customers", "hit_rate", "precision_at_k"]]
