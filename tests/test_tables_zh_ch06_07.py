"""Tables and texts of chapters 6 and 7 in the Chinese course: selection tables, the maturity
self-assessment, the case simulations, the lever price list and the CRM workbench (360
summary, next action, rule reasons, record-store errors). English stays as it was."""

from __future__ import annotations

import re

import pandas as pd
import pytest

from course_lib import selection
from course_lib.simulation import cases, engine
from course_lib.workbench import rules as wb_rules
from course_lib.workbench import simulate as wb_simulate
from course_lib.workbench import store as wb_store
from course_lib.workbench import view as wb_view

#: Three or more English words in a row: prose the Chinese course must not show.
ENGLISH_PROSE = re.compile(r"(?:[A-Za-z][a-z']+[ ,;:]+){3,}[A-Za-z][a-z']+")
CHINESE = re.compile(r"[\u4e00-\u9fff]")


def _texts(frame: pd.DataFrame, columns) -> list[str]:
    return [str(v) for c in columns for v in frame[c]]


def _all_chinese(texts) -> None:
    for text in texts:
        assert CHINESE.search(text), text
        assert not ENGLISH_PROSE.search(text), text


# ----------------------------------------------------------------------------- selection
def test_selection_tables_in_chinese(chinese):
    _all_chinese(_texts(selection.CRITERIA, ["name", "asks"]))
    _all_chinese(_texts(selection.OPTIONS, ["name", "shape", "material_example"]))
    _all_chinese(_texts(selection.ROADMAP, ["phase", "owner", "activities", "kpi", "risk", "mitigation"]))
    assert list(selection.OPTIONS.index) == [
        "licensed_suite",
        "cloud_suite",
        "small_business_cloud",
        "composable",
    ]
    assert selection.OPTIONS.loc["cloud_suite", "name"] == "带行业模板的云套件"


def test_selection_tables_in_english_unchanged():
    assert selection.CRITERIA.loc["architecture", "asks"] == "APIs, cloud or on-premise, mobile"
    assert selection.OPTIONS.loc["cloud_suite", "name"] == "Cloud suite with industry templates"
    assert selection.ROADMAP.loc[1, "risk"] == "data silos and over-collection"
    assert selection.CRITERIA is selection.CRITERIA  # the shipped table itself, not a copy


def test_maturity_in_chinese_and_english(chinese):
    model = selection.load_maturity()
    _all_chinese(list(model.dimensions["name"]) + list(model.dimensions["next_step"]))
    _all_chinese(list(model.questions["text"]) + list(model.levels["meaning"]))
    _all_chinese([answer for answers in model.questions["answers"] for answer in answers])
    from course_lib.language import set_language

    set_language("en")
    english = selection.load_maturity()
    assert english.dimensions.loc["data", "name"] == "Customer data"
    assert english.dimensions.loc["process", "next_step"].startswith("Write down the service promises")
    assert english.questions.loc["tech_integration", "answers"][0] == "They do not."


# ----------------------------------------------------------------------------- cases
RESCUE = {
    "diagnosis": "one_bad_day",
    "compensation": "coupon",
    "opening": "script",
    "third_time": "more_coupons",
    "close": "end",
}


def test_cases_in_chinese(chinese):
    outcome = cases.play("churn_rescue", RESCUE)
    _all_chinese([outcome.message, outcome.label] + [line.split(": ", 1)[1] for line in outcome.feedback])
    _all_chinese(list(outcome.summary().index[[0, 2, 3, 4]]))
    for case in cases.CASES:
        loaded = cases.load_case(case)
        _all_chinese([loaded.title, loaded.spec["brief"]])
        for step, spec in loaded.steps.items():
            _all_chinese([spec["prompt"]])
            shown = loaded.options(step)
            _all_chinese(_texts(shown, ["label", "note"] if "label" in shown else ["text"]))
    negotiation = cases.load_case("b2b_negotiation")
    _all_chinese(negotiation.spec["role_card"].values())
    history = negotiation.spec["crm_history"]
    _all_chinese([t["text"] for t in history["tickets"]] + [n["note"] for n in history["meeting_notes"]])


def test_cases_in_english_unchanged():
    outcome = cases.play("churn_rescue", RESCUE)
    assert outcome.message == "The customer closes the account; the next order goes to a competitor."
    assert outcome.label == "lost 流失"
    assert list(outcome.summary().index)[:3] == ["outcome", "probability", "cost (CNY)"]
    assert (
        cases.load_case("churn_rescue").options("diagnosis").loc["price", "text"]
        == "A competitor is cheaper."
    )
    assert cases.load_case("b2b_negotiation").title == "B2B negotiation with a hotel group ｜ 酒店集团B2B谈判"


def test_lever_costs(chinese):
    table = engine.lever_costs()
    _all_chinese(list(table["unit"]) + [table.columns[-1]])
    assert table.loc["compensation", "成本（元）"] == "按设定"


def test_lever_costs_english():
    table = engine.lever_costs()
    assert table.loc["dedicated_agent", "unit"] == "per complaint"
    assert table.loc["compensation", "cost (CNY)"] == "as set"


# ----------------------------------------------------------------------------- workbench
@pytest.fixture
def store(tmp_path):
    return wb_store.RecordStore(tmp_path / "crm.sqlite")


def test_360_summary_in_chinese(chinese, store):
    summary = wb_view.customer_360("C00031", store=store).summary()
    _all_chinese(list(summary.index))
    values = summary["value"]
    for field in [
        "城市·会员等级",
        "订单·消费",
        "最近购买",
        "健康分",
        "工单·超时",
        "回访",
        "建议行动",
        "原因",
    ]:
        _all_chinese([values[field].replace("delivery_delay", "")])


def test_360_summary_in_english_unchanged(store):
    summary = wb_view.customer_360("C00031", store=store).summary()["value"]
    assert summary["orders · spend 订单·消费"] == "79 orders · ¥162,715"
    assert summary["last order 最近购买"] == "7 days ago"
    assert summary["next action 建议行动"] == (
        "Service recovery call: apologise, fix the problem, agree a follow-up date [phone]"
    )


def test_rule_reasons_and_errors(chinese, store):
    rule = {"name": "wake", "trigger": {"type": "no_purchase", "days": 90}, "channel": "sms", "offer": "x"}
    contacts = wb_rules.evaluate_rules([rule], day="2024-10-15")
    _all_chinese(contacts["reason"].head(20))
    assert "发送时间" in wb_rules.rule_table([rule]).columns
    with pytest.raises(Exception) as error:
        wb_rules.validate_rules([{**rule, "quiet_hours": [21]}])
    _all_chinese([str(error.value)])
    with pytest.raises(Exception) as error:
        store.log_followup("C00031", channel="wechat", outcome="reached", note="Sent a message")
    _all_chinese([str(error.value)])
    assert list(wb_simulate._ROWS) == ["baseline", "rule set", "difference"]


def test_rule_reasons_and_errors_english(store):
    rule = {"name": "wake", "trigger": {"type": "no_purchase", "days": 90}, "channel": "sms", "offer": "x"}
    reasons = wb_rules.evaluate_rules([rule], day="2024-10-15")["reason"]
    assert reasons.str.fullmatch(r"no purchase for \d+ days · send at 10:00").all()
    with pytest.raises(Exception, match=re.escape("rule 1 ('wake'): `quiet_hours` must be two hours")):
        wb_rules.validate_rules([{**rule, "quiet_hours": [21]}])
    with pytest.raises(Exception, match="has not consented to wechat contact"):
        store.log_followup("C00031", channel="wechat", outcome="reached", note="Sent a message")


# ----------------------------------------------------------------------------- role-play
def test_roleplay_in_chinese(chinese):
    from course_lib import roleplay

    for name in roleplay.list_scenarios():
        scenario = roleplay.load_scenario(name)
        texts = [scenario.situation, scenario.complaint]
        texts += [turn.customer for turn in scenario.turns]
        texts += [text for turn in scenario.turns for o in turn.options for text in (o.feedback, o.reply)]
        texts += [text for o in scenario.outcomes for text in (o.label, o.message)]
        _all_chinese(texts)
    game = roleplay.play("late_gift", [0, 2, 1])
    _all_chinese(_texts(game.transcript(), ["step", "answer"]))


def test_roleplay_in_english_unchanged():
    from course_lib import roleplay

    game = roleplay.play("late_gift", [0, 0, 0])
    assert game.outcome().label == "Customer won back 挽回成功"
    assert game.results[0].reply == "Thank you. At least someone understands."
    assert game.transcript().loc[0, "step"] == "acknowledge the feeling 认可感受"
