"""The tables and texts chapters 3–5 show, in Chinese for the Chinese course and unchanged in English.

Covers :data:`course_lib.journey.SIGNALS`, :data:`~course_lib.journey.TOUCHPOINT_STANDARDS`
(and :func:`~course_lib.journey.standards_checklist`), the care calendar's messages
(:func:`course_lib.followup.care_calendar`), the targeting rules of
:func:`course_lib.churn.compare_targeting`, the fitted models' and reports' summaries
(:mod:`course_lib.btyd`, :mod:`course_lib.sentiment`, :mod:`course_lib.experiments`) and the
module catalogues behind them.
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest

from course_lib import churn, journey
from course_lib.btyd import BetaGeo, GammaGamma
from course_lib.course import ROOT
from course_lib.experiments import two_proportion_test
from course_lib.followup import care_calendar
from course_lib.i18n import library
from course_lib.i18n.catalog import read_catalog
from course_lib.i18n.markup import markup_differences
from course_lib.sentiment import SentimentReport

#: Three or more English words in a row (code spans taken out first).
ENGLISH_PROSE = re.compile(r"(?:[A-Za-z][a-z']+[ ,;:]+){2,}[A-Za-z][a-z']+")
CHINESE = re.compile(r"[\u4e00-\u9fff]")
#: The summaries are fitted on eight made-up customers: too few for stable estimates, on purpose.
pytestmark = pytest.mark.filterwarnings("ignore::course_lib.btyd.ConvergenceWarning")
MODULES = ["journey", "followup", "churn", "btyd", "sentiment", "experiments"]


def _prose(text: str) -> str:
    return re.sub(r"`[^`]*`", "", text)


def _all_chinese(values) -> None:
    for value in values:
        assert CHINESE.search(value), value
        assert not ENGLISH_PROSE.search(_prose(value)), value


def _care_inputs():
    customers = pd.DataFrame(
        {
            "customer_id": ["a", "b"],
            "birth_date": pd.to_datetime(["1990-06-15", "1985-01-02"]),
            "signup_date": pd.to_datetime(["2023-06-10", "2024-06-05"]),
        }
    )
    orders = pd.DataFrame(
        {
            "customer_id": ["b"] * 10 + ["a"],
            "order_date": pd.to_datetime([f"2024-05-{d:02d}" for d in range(1, 11)] + ["2024-06-20"]),
        }
    )
    loyalty = pd.DataFrame({"customer_id": ["a"], "date": pd.to_datetime(["2024-06-30"]), "kind": ["expire"]})
    return customers, orders, loyalty


def _messages() -> dict[str, str]:
    customers, orders, loyalty = _care_inputs()
    calendar = care_calendar(customers, orders, start="2024-06-01", end="2024-07-01", loyalty=loyalty)
    return dict(zip(calendar["trigger"], calendar["message"]))


def _targeting() -> pd.DataFrame:
    return churn.compare_targeting(
        [0.9, 0.1, 0.5, 0.3], [10.0, 500.0, 80.0, 40.0], [1, 1, 0, 1], n_contacts=2
    )


def _fitted_summaries() -> list[str]:
    frequency = pd.Series([0, 1, 2, 0, 3, 1, 0, 4])
    recency = pd.Series([0.0, 20.0, 30.0, 0.0, 35.0, 10.0, 0.0, 38.0])
    age = pd.Series([40.0] * 8)
    monetary = pd.Series([0.0, 50.0, 80.0, 0.0, 60.0, 40.0, 0.0, 70.0])
    bg = BetaGeo().fit(frequency, recency, age)
    gg = GammaGamma().fit(frequency, monetary)
    return [repr(bg), repr(gg), repr(BetaGeo()), repr(GammaGamma())]


def _report() -> SentimentReport:
    confusion = pd.DataFrame(
        [[1, 1], [0, 2]], index=["negative", "positive"], columns=["negative", "positive"]
    )
    wrong = pd.DataFrame({"text": ["ok"], "true": ["negative"], "predicted": ["positive"]})
    return SentimentReport(
        accuracy=0.75, macro_f1=0.733, per_class=pd.DataFrame(), confusion=confusion, misclassified=wrong
    )


# ------------------------------------------------------------------------- English
def test_english_tables_are_unchanged():
    assert journey.SIGNALS.loc["detractor", "rule"] == "gave an NPS of 0–6 in a survey in the last 90 days"
    assert (journey.SIGNALS["source"] == "2025 training deck").sum() == 3
    assert journey.TOUCHPOINT_STANDARDS.loc["after_sales", "measure"] == "after-sales rating"
    events = pd.DataFrame({"stage": ["checkout"], "satisfaction": [4]})
    checklist = journey.standards_checklist(events)
    assert (
        checklist.loc["checkout", "standard"]
        == "three steps at most; every payment method of every channel works"
    )
    assert checklist.loc["checkout", "stage_zh"] == "下单结算"
    messages = _messages()
    assert messages["holiday"] == "618 festival greetings 618购物节祝福"
    assert (
        messages["anniversary"] == "Membership anniversary: thank you, with your year in styles 入会周年感谢"
    )
    assert list(_targeting().index) == ["by probability", "by expected value saved", "at random"]


def test_english_summaries_are_unchanged():
    bg, gg, bare_bg, bare_gg = _fitted_summaries()
    assert re.fullmatch(r"BetaGeo\(r=.*; fitted on 8 customers, log-likelihood -?\d+\.\d\)", bg)
    assert re.fullmatch(r"GammaGamma\(p=.*; fitted on 5 repeat buyers, log-likelihood -?\d+\.\d\)", gg)
    assert (bare_bg, bare_gg) == ("BetaGeo(not fitted)", "GammaGamma(not fitted)")
    assert (
        repr(_report())
        == "SentimentReport(accuracy=0.750, macro_f1=0.733; 4 held-out texts, 1 misclassified)"
    )
    test = two_proportion_test(10, 100, 20, 100, labels=("control", "message"))
    assert str(test).startswith("message − control: +10.00% (95% CI +")
    assert re.search(r"\(95% CI [+-]\d+\.\d\d% to [+-]\d+\.\d\d%\), z = ", str(test))


# ------------------------------------------------------------------------- Chinese
def test_chinese_signals_and_standards(chinese):
    signals = journey.SIGNALS
    assert list(signals.index) == list(journey._SIGNALS.index)
    assert set(signals["source"]) == {"2025 年培训课件", "课程设计"}
    _all_chinese(signals["rule"])
    assert "`window_days`" in signals.loc["product_search", "rule"]  # code spans stay
    assert list(signals["expects"].unique()) == ["purchase", "lapse"]  # codes stay
    _all_chinese(journey.TOUCHPOINT_STANDARDS["standard"])
    _all_chinese(journey.TOUCHPOINT_STANDARDS["measure"])
    checklist = journey.standards_checklist(
        pd.DataFrame({"stage": ["search", "checkout"], "satisfaction": [5, 3]})
    )
    _all_chinese(checklist["standard"])
    assert list(checklist.columns[:3]) == ["stage_zh", "standard", "measure"]
    assert journey._SIGNALS.loc["detractor", "source"] == "course design"  # the stored table stays English


def test_chinese_care_messages_and_rules(chinese):
    messages = _messages()
    assert set(messages) == {
        "birthday_month",
        "surprise",
        "anniversary",
        "holiday",
        "after_order",
        "reminder",
    }
    _all_chinese(messages.values())
    assert messages["holiday"] == "618购物节祝福"
    _all_chinese(_targeting().index)
    assert _targeting().index.name == "rule"


def test_chinese_summaries(chinese):
    bg, gg, bare_bg, _ = _fitted_summaries()
    assert "基于 8 位客户拟合，对数似然" in bg and bg.startswith("BetaGeo(r=")
    assert "基于 5 位复购客户拟合" in gg
    assert bare_bg == "BetaGeo(尚未拟合)"
    assert repr(_report()).endswith("留出文本 4 条，分错 1 条)")
    assert "95% 置信区间" in str(two_proportion_test(10, 100, 20, 100))
    for text in [bg, gg, repr(_report())]:
        assert not ENGLISH_PROSE.search(text), text


@pytest.mark.parametrize("module", MODULES)
def test_catalogues_complete(module):
    source = ROOT / "course_lib" / f"{module}.py"
    state = library.status(source)
    assert (state.missing, state.stale, state.obsolete) == ([], [], [])
    for message in read_catalog(library.catalog_path(Path(source))):
        if message.id:
            assert library.placeholder_differences(message.id, message.string) == []
            assert markup_differences(message.id, message.string) == []
