"""course_lib.sentiment: the bilingual classifier, the stratified split and the evaluation."""

import numpy as np
import pandas as pd
import pytest

from course_lib import sentiment
from course_lib.validation import CourseDataError


def test_sentiment_pipeline_reads_chinese_without_a_tokenizer():
    texts = [
        "太让人失望了,完全不能接受。",
        "服务太差了,真的很烦。",
        "请告诉我该怎么处理。",
        "麻烦帮我查一下订单。",
        "客服已经帮了我很多,谢谢!",
        "感谢快速处理,谢谢!",
    ] * 5
    labels = ["negative", "negative", "neutral", "neutral", "positive", "positive"] * 5
    model = sentiment.sentiment_model(seed=0).fit(texts, labels)
    report = sentiment.evaluate_sentiment(
        model, ["服务太差了,完全不能接受。", "谢谢,客服帮了我很多!"], ["negative", "positive"]
    )
    assert report.accuracy == 1.0
    assert report.confusion.loc["negative", "negative"] == 1
    assert report.misclassified.empty


def test_sentiment_seeds_are_validated():
    with pytest.raises(
        TypeError, match="`seed` must be a whole number ≥ 0 or a numpy Generator; got str 'x'"
    ):
        sentiment.sentiment_model(seed="x")
    with pytest.raises(CourseDataError, match="`seed` must be ≥ 0; got -1"):
        sentiment.sentiment_model(seed=-1)
    model = sentiment.sentiment_model(seed=np.random.default_rng(3))
    assert isinstance(model.named_steps["classifier"].random_state, int)
    with pytest.raises(CourseDataError, match="`ngram_range` must be two whole numbers"):
        sentiment.sentiment_model(ngram_range=(3, 1))


def test_split_is_stratified_and_seeded_and_keeps_the_index():
    texts = pd.Series([f"text {i}" for i in range(40)], index=[f"T{i}" for i in range(40)])
    labels = pd.Series(["a"] * 30 + ["b"] * 10, index=texts.index)
    first = sentiment.split_texts(texts, labels, test_size=0.25, seed=1)
    again = sentiment.split_texts(texts, labels, test_size=0.25, seed=1)
    assert list(first[1].index) == list(again[1].index)
    assert (first[3] == "b").sum() == 3 and first[1].index.isin(texts.index).all()
    with pytest.raises(CourseDataError, match="`texts` has 40 entries but `labels` has 3"):
        sentiment.split_texts(texts, ["a", "b", "a"])


def test_evaluate_sentiment_lists_the_mistakes():
    class Always:
        def predict(self, texts):
            return np.array(["negative"] * len(texts))

    report = sentiment.evaluate_sentiment(
        Always(), ["bad", "fine", "great"], ["negative", "neutral", "positive"]
    )
    assert report.accuracy == pytest.approx(1 / 3)
    assert report.misclassified["true"].tolist() == ["neutral", "positive"]
    assert report.confusion.loc["positive", "negative"] == 1
    with pytest.raises(TypeError, match="fitted classifier"):
        sentiment.evaluate_sentiment("model", ["x"], ["negative"])
    with pytest.raises(CourseDataError, match=r"must hold text; found 3 at position 1"):
        sentiment.evaluate_sentiment(Always(), ["x", 3], ["negative", "neutral"])
