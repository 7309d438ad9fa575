"""Text sentiment of service tickets: a bilingual classifier and its honest evaluation
(analytics layer).

Taught in chapter 4 (``notebooks/04_service.ipynb``):

- :func:`sentiment_model` — character n-gram TF-IDF + logistic regression, which reads Chinese
  (no spaces between words) and English without a tokenizer;
- :func:`split_texts` — a stratified, seeded train/test split that keeps the tickets' index;
- :func:`evaluate_sentiment` — accuracy, macro F1, per-class precision and recall, the
  confusion matrix and the misclassified texts, as a :class:`SentimentReport`.

scikit-learn is imported inside the functions that need it, so importing this module stays
cheap. The same names stay importable from :mod:`course_lib.service`, where they lived before.

Examples
--------
>>> texts = ["太差了,不能接受", "服务太差", "谢谢,很满意", "非常感谢"] * 3
>>> labels = ["negative", "negative", "positive", "positive"] * 3
>>> model = sentiment_model(seed=0).fit(texts, labels)
>>> evaluate_sentiment(model, ["太差了", "谢谢"], ["negative", "positive"],
...                    order=("negative", "positive")).accuracy
1.0
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from .language import tr
from .validation import CourseDataError, require_number, seed_int

if TYPE_CHECKING:
    from typing import Protocol

    from sklearn.pipeline import Pipeline

    class TextClassifier(Protocol):
        """What :func:`evaluate_sentiment` needs of a model: ``predict`` from texts to labels
        (a fitted :func:`sentiment_model` pipeline, or any object with such a method)."""

        def predict(self, texts: list[str], /) -> Sequence[str] | np.ndarray: ...


__all__ = ["sentiment_model", "split_texts", "SentimentReport", "evaluate_sentiment"]


def sentiment_model(
    *, seed: int | np.random.Generator = 0, ngram_range: tuple[int, int] = (1, 3), C: float = 4.0
) -> Pipeline:
    """A bilingual sentiment classifier: character n-gram TF-IDF + logistic regression.

    Character n-grams need no word segmentation, so the same pipeline reads Chinese
    (no spaces between words) and English.

    Parameters
    ----------
    seed : int or numpy.random.Generator
        The classifier's ``random_state`` (:func:`course_lib.validation.seed_int`).
    ngram_range : tuple of int
        The shortest and longest character n-grams.
    C : float
        Inverse regularisation strength of the logistic regression (> 0).

    Returns
    -------
    sklearn.pipeline.Pipeline
        Unfitted steps ``tfidf`` and ``classifier``; call ``fit(texts, labels)``.

    Examples
    --------
    >>> model = sentiment_model(seed=0)
    >>> [name for name, _ in model.steps]
    ['tfidf', 'classifier']
    """
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import Pipeline

    pair = tuple(ngram_range) if isinstance(ngram_range, (tuple, list)) else ()
    if (
        len(pair) != 2
        or not all(isinstance(n, int) and not isinstance(n, bool) for n in pair)
        or not 1 <= pair[0] <= pair[1]
    ):
        raise CourseDataError(f"`ngram_range` must be two whole numbers 1 ≤ low ≤ high; got {ngram_range!r}.")
    low, high = pair
    C = require_number(C, "C", low=0, low_open=True)
    return Pipeline(
        [
            ("tfidf", TfidfVectorizer(analyzer="char", ngram_range=(low, high), sublinear_tf=True, min_df=2)),
            ("classifier", LogisticRegression(C=C, max_iter=2000, random_state=seed_int(seed))),
        ]
    )


def _texts(texts, arg="texts"):
    if (
        isinstance(texts, (str, bytes))
        or np.isscalar(texts)
        or texts is None
        or isinstance(texts, pd.DataFrame)
    ):
        raise TypeError(
            f"`{arg}` must be a list, numpy array or pandas Series of texts; got {type(texts).__name__}."
        )
    series = pd.Series(list(texts), dtype=object)
    bad = series.isna() | ~series.map(lambda t: isinstance(t, str))
    if bad.any():
        raise CourseDataError(
            f"`{arg}` must hold text; found {series[bad].iloc[0]!r} at "
            f"position {int(np.flatnonzero(bad.to_numpy())[0])}."
        )
    return series


def split_texts(
    texts: Sequence[str] | np.ndarray | pd.Series,
    labels: Sequence[str] | np.ndarray | pd.Series,
    *,
    test_size: float = 0.25,
    seed: int | np.random.Generator = 0,
) -> list[pd.Series]:
    """A stratified, seeded train/test split of texts and labels (each label keeps its share).

    Parameters
    ----------
    texts : list, numpy array or pandas Series of str
        The texts; a Series keeps its index (e.g. ticket ids).
    labels : list, numpy array or pandas Series
        One label per text.
    test_size : float
        The held-out share, strictly between 0 and 1.
    seed : int or numpy.random.Generator
        The split's ``random_state``.

    Returns
    -------
    list of pandas.Series
        ``texts_train, texts_test, labels_train, labels_test``, keeping the original index, so
        misclassified examples can be traced back to their tickets.

    Examples
    --------
    >>> texts = pd.Series(["a", "b", "c", "d"], index=["T1", "T2", "T3", "T4"])
    >>> train, test, y_train, y_test = split_texts(texts, ["x", "x", "y", "y"], test_size=0.5, seed=0)
    >>> len(test), sorted(y_test)
    (2, ['x', 'y'])
    """
    from sklearn.model_selection import train_test_split

    text_series = texts if isinstance(texts, pd.Series) else _texts(texts)
    _texts(text_series)
    label_series = labels if isinstance(labels, pd.Series) else pd.Series(list(labels))
    if len(text_series) != len(label_series):
        raise CourseDataError(
            f"`texts` has {len(text_series)} entries but `labels` has "
            f"{len(label_series)}; give one label per text."
        )
    test_size = require_number(test_size, "test_size", low=0, high=1, low_open=True, high_open=True)
    return train_test_split(
        text_series,
        label_series.set_axis(text_series.index),
        test_size=test_size,
        random_state=seed_int(seed),
        stratify=label_series.to_numpy(),
    )


@dataclass(frozen=True)
class SentimentReport:
    """Held-out evaluation of a sentiment classifier."""

    accuracy: float
    macro_f1: float
    per_class: pd.DataFrame
    confusion: pd.DataFrame
    misclassified: pd.DataFrame

    def __repr__(self) -> str:
        n = int(self.confusion.to_numpy().sum())
        return (
            f"SentimentReport(accuracy={self.accuracy:.3f}, macro_f1={self.macro_f1:.3f}; "
            + tr("{n} held-out texts, {wrong} misclassified").format(
                n=f"{n:,}", wrong=f"{len(self.misclassified):,}"
            )
            + ")"
        )


def evaluate_sentiment(
    model: TextClassifier,
    texts: Sequence[str] | np.ndarray | pd.Series,
    labels: Sequence[str] | np.ndarray | pd.Series,
    *,
    order: Sequence[str] = ("negative", "neutral", "positive"),
) -> SentimentReport:
    """Accuracy, macro F1, per-class precision/recall, confusion matrix and the mistakes.

    Parameters
    ----------
    model : fitted classifier
        Anything with ``predict(texts)``, e.g. a fitted :func:`sentiment_model`.
    texts : list, numpy array or pandas Series of str
        The held-out texts.
    labels : list, numpy array or pandas Series
        Their true labels.
    order : sequence of str
        The labels in the order the tables list them.

    Returns
    -------
    SentimentReport
        ``accuracy``, ``macro_f1``, ``per_class`` (precision, recall, f1, support),
        ``confusion`` (true label in rows, predicted in columns) and ``misclassified``.

    Examples
    --------
    >>> class Negative:
    ...     def predict(self, texts):
    ...         return ["negative"] * len(texts)
    >>> evaluate_sentiment(Negative(), ["bad", "great"], ["negative", "positive"])
    SentimentReport(accuracy=0.500, macro_f1=0.222; 2 held-out texts, 1 misclassified)
    """
    from sklearn.metrics import confusion_matrix, precision_recall_fscore_support

    if not hasattr(model, "predict"):
        raise TypeError(f"`model` must be a fitted classifier with `predict`; got {type(model).__name__}.")
    text_series = texts if isinstance(texts, pd.Series) else _texts(texts)
    _texts(text_series)
    truth = pd.Series(list(labels), index=text_series.index, dtype=object)
    if len(truth) != len(text_series):
        raise CourseDataError(f"`texts` has {len(text_series)} entries but `labels` has {len(truth)}.")
    predicted = pd.Series(model.predict(list(text_series)), index=text_series.index, dtype=object)
    order = list(order)
    unknown = sorted(set(truth) - set(order))
    if unknown:
        raise CourseDataError(f"`labels` holds {unknown}, which are not in `order` {order}.")
    precision, recall, f1, support = precision_recall_fscore_support(
        truth, predicted, labels=order, zero_division=0
    )
    per_class = pd.DataFrame(
        {"precision": precision, "recall": recall, "f1": f1, "support": support.astype(int)},
        index=pd.Index(order, name="label"),
    )
    confusion = pd.DataFrame(
        confusion_matrix(truth, predicted, labels=order),
        index=pd.Index(order, name="true"),
        columns=pd.Index(order, name="predicted"),
    )
    wrong = truth != predicted
    misclassified = pd.DataFrame(
        {"text": text_series[wrong], "true": truth[wrong], "predicted": predicted[wrong]}
    )
    return SentimentReport(
        accuracy=float((~wrong).mean()),
        macro_f1=float(np.mean(f1)),
        per_class=per_class,
        confusion=confusion,
        misclassified=misclassified,
    )
