"""The tables chapters 0–2 show, in Chinese for the Chinese course and unchanged in English.

Covers the progress table (:func:`course_lib.cli.progress_table`), the KPI definitions and the
layered KPI system (:mod:`course_lib.kpis`), the health score's components
(:data:`course_lib.health.HEALTH_COMPONENTS`), the segment rules and the contact plan
(:func:`course_lib.rfm.segment_rules`, :func:`course_lib.segmentation.contact_plan`), the
value tiers and the action menu (:data:`course_lib.tiers.TIERS`,
:data:`~course_lib.tiers.TIER_ACTIONS`) and the module catalogues behind them.
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest

from course_lib import cli, health, kpis, rfm, segmentation, tiers
from course_lib.course import ROOT
from course_lib.i18n import library
from course_lib.i18n.catalog import read_catalog
from course_lib.i18n.markup import markup_differences

#: Three or more English words in a row.
ENGLISH_PROSE = re.compile(r"(?:[A-Za-z][a-z']+[ ,;:]+){2,}[A-Za-z][a-z']+")
CHINESE = re.compile(r"[\u4e00-\u9fff]")
MODULES = ["tiers", "rfm", "kpis", "health"]


def _all_chinese(values) -> None:
    values = list(values)
    assert values
    for value in values:
        assert CHINESE.search(value), value
        assert not ENGLISH_PROSE.search(value), value


def _layers() -> pd.DataFrame:
    """The layered KPI system on a few customers (every table with its required columns)."""
    day = pd.Timestamp
    customers = pd.DataFrame(
        {
            "customer_id": ["a", "b"],
            "birth_date": [day("1990-01-01"), day("1980-06-01")],
            "city_tier": [1, 2],
            "gender": ["F", "M"],
            "referred_by": [None, "a"],
        }
    )
    orders = pd.DataFrame(
        {
            "customer_id": ["a", "a", "b"],
            "order_date": [day("2023-05-01"), day("2024-03-01"), day("2024-04-01")],
            "amount": [100.0, 200.0, 50.0],
            "channel": ["store", "app", "store"],
        }
    )
    surveys = pd.DataFrame(
        {"customer_id": ["a"], "survey_date": [day("2024-05-01")], "nps": [9], "satisfaction": [80.0]}
    )
    tickets = pd.DataFrame(
        {
            "customer_id": ["b"],
            "opened_at": [day("2024-04-02 10:00")],
            "first_response_at": [day("2024-04-02 10:30")],
        }
    )
    campaigns = pd.DataFrame(
        {
            "customer_id": ["a"],
            "contact_date": [day("2024-06-01")],
            "group": ["treatment"],
            "responded": [True],
        }
    )
    followups = pd.DataFrame({"customer_id": ["b"], "date": [day("2024-06-01")], "responded": [False]})
    return kpis.kpi_layers(
        customers=customers,
        orders=orders,
        surveys=surveys,
        tickets=tickets,
        campaigns=campaigns,
        followups=followups,
        as_of="2025-01-01",
    )


def _plan() -> pd.DataFrame:
    scored = pd.DataFrame(
        {
            "segment": ["at_risk", "important_value", "new"],
            "score": [3.0, 5.0, 3.5],
            "monetary": [2000.0, 5000.0, 90.0],
        },
        index=["b", "c", "d"],
    )
    return segmentation.contact_plan(scored)


# ------------------------------------------------------------------------------ English
def test_english_tables_are_as_they_were(workspace):
    assert rfm.segment_rules().loc["wake_up", "rule"] == "R ≤ 2 and F ≥ 3"
    assert rfm.segment_rules().loc["regular", "action"] == (
        "Regular content and seasonal promotions; watch for movement up or down"
    )
    assert rfm.TIERS is tiers.TIERS and rfm.TIER_ACTIONS is tiers.TIER_ACTIONS
    assert tiers.TIERS.loc["iron", "who"] == "No purchase yet, or the lowest value"
    assert (
        tiers.TIER_ACTIONS.loc["deep_discount", "what"] == "A 30 % discount on every order for the whole year"
    )
    assert (
        health.HEALTH_COMPONENTS["recency"] == "days since the last order, halving every 120 days (最近购买)"
    )
    table = kpis.kpi_table()
    assert table.loc["monthly_repurchase_rate", "definition"] == (
        "customers active at the start of the month (an order in the previous 365 days) "
        "who ordered in the month / customers active at the start of the month"
    )
    assert table.loc["nps", "label"] == "net promoter score"
    layers = _layers().set_index("kpi")
    assert layers.loc["members 会员数", "definition"] == "registered customers"
    assert layers.loc["repurchase rate (yearly) 年复购率", "layer"] == "transactions 交易行为"
    assert (
        _plan().loc["b", "action"] == "Win-back call: ask what went wrong, fix it, offer a personal incentive"
    )
    progress = cli.progress_table()
    assert list(progress.columns) == ["tasks", "passed", "tried, not yet passed", "to do"]
    assert progress.index.name == "chapter" and progress.index[0] == "0 · Welcome and Set-up"


# ------------------------------------------------------------------------------ Chinese
def test_segment_rules_and_contact_plan_in_chinese(chinese):
    rules = rfm.segment_rules()
    _all_chinese(rules["action"])
    assert rules.loc["wake_up", "rule"] == "R ≤ 2 且 F ≥ 3"
    assert rules.loc["regular", "rule"] == "其余所有客户"
    _all_chinese(_plan()["action"])
    # the segment table itself keeps its English actions: code reads its other columns
    assert rfm.SEGMENTS.loc["new", "action"].startswith("Onboarding")


def test_tiers_and_actions_in_chinese(chinese):
    _all_chinese(rfm.TIERS["who"])
    _all_chinese(rfm.TIERS["strategy"])
    _all_chinese(rfm.TIER_ACTIONS["what"])
    assert list(rfm.TIER_ACTIONS.index) == list(tiers._TIER_ACTIONS.index)
    assert rfm.TIER_ACTIONS["cost_from"].tolist() == tiers._TIER_ACTIONS["cost_from"].tolist()


def test_kpis_in_chinese(chinese):
    table = kpis.kpi_table()
    _all_chinese(table["definition"])
    _all_chinese(table["label"])
    assert "365" in table.loc["monthly_repurchase_rate", "definition"]
    layers = _layers()
    _all_chinese(layers["definition"])
    _all_chinese(layers["kpi"])
    assert "members 会员数" not in set(layers["kpi"]) and "会员数" in set(layers["kpi"])
    # the notebooks select rows by layer: the layer names stay as they are
    assert layers["layer"].unique().tolist() == [
        "demographics 人口属性",
        "transactions 交易行为",
        "channel behaviour 渠道行为",
        "social interaction 社交互动",
    ]


def test_health_components_in_chinese(chinese):
    components = pd.DataFrame({"meaning": health.HEALTH_COMPONENTS, "weight": health.HEALTH_WEIGHTS})
    _all_chinese(components["meaning"])
    assert list(components.index) == ["recency", "frequency", "satisfaction", "service", "engagement"]


def test_progress_table_in_chinese(chinese, workspace):
    table = cli.progress_table()
    assert list(table.columns) == ["任务数", "已通过", "已尝试、未通过", "待完成"]
    assert table.index.name == "章节"
    assert table.index[0] == "0 · 欢迎与环境准备"
    _all_chinese(table.index)


@pytest.mark.parametrize("module", MODULES)
def test_catalogue_is_complete_and_keeps_placeholders(module):
    source = ROOT / "course_lib" / f"{module}.py"
    status = library.status(Path(source))
    assert status.missing == [] and status.stale == [], status
    for message in read_catalog(library.catalog_path(source)):
        if message.id:
            assert library.placeholder_differences(message.id, message.string) == [], message.id
            assert markup_differences(message.id, message.string) == [], message.id
