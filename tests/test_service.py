"""course_lib.service: SLA tables, complaint churn, NPS, root causes, the service loop,
the sentiment pipeline and Erlang C staffing."""

import math
from fractions import Fraction

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from course_lib import service
from course_lib.validation import CourseDataError


def _tickets():
    opened = pd.to_datetime(["2024-03-01 09:00"] * 4 + ["2024-04-10 10:00"] * 2)
    return pd.DataFrame({
        "ticket_id": [f"T{i}" for i in range(6)],
        "customer_id": ["a", "b", "c", "d", "a", "e"],
        "opened_at": opened,
        "first_response_at": opened + pd.to_timedelta([0.5, 1.0, 2.0, 5.0, 0.2, 3.0], unit="h"),
        "resolved_at": opened + pd.to_timedelta([6, 30, 12, 48, 3, 10], unit="h"),
        "channel": ["phone", "phone", "email", "email", "store", "app"],
        "category": ["delivery_delay", "delivery_delay", "refund", "app_problem", "delivery_delay", "wrong_size"],
        "severity": ["low", "high", "medium", "high", "low", "medium"],
        "csat": [5, 4, 2, 1, 5, 3],
        "text": ["t"] * 6,
    })


# --------------------------------------------------------------------------------- SLA
def test_ticket_times_and_sla_shares():
    table = service.sla_table(_tickets())
    assert table.loc["all", "tickets"] == 6
    # 0.5 h, 1.0 h (exactly on the promise counts as kept) and 0.2 h are in time
    assert table.loc["all", "answered_in_time"] == pytest.approx(3 / 6)
    assert table.loc["all", "solved_in_time"] == pytest.approx(4 / 6)
    by = service.sla_table(_tickets(), by="severity")
    assert list(by.index) == ["low", "medium", "high"]
    assert by.loc["high", "solved_in_time"] == 0.0


def test_a_stricter_promise_never_raises_the_share_kept():
    loose = service.sla_table(_tickets(), response_hours=3.0)
    strict = service.sla_table(_tickets(), response_hours=0.5)
    assert strict.loc["all", "answered_in_time"] < loose.loc["all", "answered_in_time"]


def test_answers_before_the_complaint_are_refused():
    broken = _tickets()
    broken.loc[2, "first_response_at"] = broken.loc[2, "opened_at"] - pd.Timedelta(hours=1)
    with pytest.raises(CourseDataError, match=r'`tickets\["first_response_at"\]` comes before `opened_at` in 1 row\(s\), first at row 2'):
        service.sla_table(broken)
    with pytest.raises(CourseDataError, match=r"lacks column\(s\) \['resolved_at'\]"):
        service.sla_table(_tickets().drop(columns="resolved_at"))
    with pytest.raises(CourseDataError, match="`response_hours` must be a finite number > 0"):
        service.sla_table(_tickets(), response_hours=0)


def test_csat_by_sla_splits_by_both_promises():
    table = service.csat_by_sla(_tickets())
    assert table.loc[True, ("mean_csat", True)] == pytest.approx(5.0)   # a (x2)
    assert table.loc[False, ("mean_csat", False)] == pytest.approx(1.0)  # d
    assert int(table["tickets"].to_numpy().sum()) == 6


# ------------------------------------------------------------------------ churn link
def _orders():
    return pd.DataFrame({
        "customer_id": ["a", "b", "c", "d", "e", "a", "b", "z"],
        "order_date": pd.to_datetime(["2024-02-20", "2024-02-25", "2024-02-27", "2024-02-28",
                                      "2024-04-01", "2024-05-15", "2024-09-01", "2025-01-01"]),
        "amount": [100.0] * 8,
    })


def test_complaint_churn_follows_each_month_from_the_next_month():
    table = service.complaint_churn(_tickets(), _orders(), horizon_days=90)
    march = table[table["month"] == pd.Timestamp("2024-04-01")].set_index("customer_id")
    assert sorted(march.index) == ["a", "b", "c", "d"]
    assert march.loc["c", "late"] and march.loc["d", "late"] and not march.loc["b", "late"]
    # a orders on 05-15 (kept); b only on 09-01, after the 90-day window (lost)
    assert not march.loc["a", "lost"] and march.loc["b", "lost"]
    ratio = service.late_churn_ratio(table)
    assert ratio["late_cases"] + ratio["on_time_cases"] == len(table)


def test_late_churn_ratio_is_late_rate_over_on_time_rate():
    table = pd.DataFrame({"late": [True] * 10 + [False] * 10,
                          "lost": [True] * 4 + [False] * 6 + [True] * 2 + [False] * 8})
    result = service.late_churn_ratio(table)
    assert result["ratio"] == pytest.approx(0.4 / 0.2)
    with pytest.raises(CourseDataError, match="needs both late and on-time cases"):
        service.late_churn_ratio(table[table["late"]])


def test_the_course_data_plant_late_answers_cost_customers():
    from course_lib import data

    table = service.complaint_churn(data.load_tickets(), data.load_orders())
    ratio = service.late_churn_ratio(table)
    assert ratio["ratio"] >= 1.5, ratio


# ------------------------------------------------------------------------------- NPS
def test_nps_categories_and_score():
    assert service.nps_category([0, 6, 7, 8, 9, 10]).tolist() == [
        "detractor", "detractor", "passive", "passive", "promoter", "promoter"]
    assert service.nps([9, 9, 9, 9]) == 100.0
    assert service.nps([0, 6, 7, 8]) == -50.0
    with pytest.raises(CourseDataError, match="whole scores from 0 to 10; found 11 at position 1"):
        service.nps([5, 11])
    with pytest.raises(CourseDataError, match="whole scores from 0 to 10; found 7.5"):
        service.nps([7.5])
    with pytest.raises(TypeError, match="`scores` must be a list"):
        service.nps(9)


@settings(max_examples=40, deadline=None)
@given(st.lists(st.integers(0, 10), min_size=1, max_size=60))
def test_nps_lies_in_range_and_inside_its_interval(scores):
    value = service.nps(scores)
    assert -100 <= value <= 100
    interval = service.nps_interval(scores, n_boot=200, seed=3)
    assert interval["low"] - 1e-9 <= value <= interval["high"] + 1e-9


def test_nps_interval_is_seeded_and_narrows_with_more_answers():
    scores = [10, 9, 8, 7, 6, 3, 9, 10, 5, 9]
    first = service.nps_interval(scores, seed=7)
    assert first.equals(service.nps_interval(scores, seed=7))
    wide = first["high"] - first["low"]
    many = service.nps_interval(scores * 30, seed=7)
    assert many["high"] - many["low"] < wide / 3


def test_nps_table_by_group_and_period():
    surveys = pd.DataFrame({"nps": [10, 9, 2, 8, 10, 10],
                            "tier": ["a", "a", "a", "b", "b", "b"],
                            "survey_date": pd.to_datetime(["2024-01-05", "2024-02-01", "2024-04-02",
                                                           "2024-05-01", "2024-07-07", "2024-08-08"])})
    by_tier = service.nps_table(surveys, by="tier", n_boot=200)
    assert by_tier.loc["b", "nps"] == pytest.approx(100 * 2 / 3)
    by_quarter = service.nps_table(surveys, freq="QE", n_boot=200)
    assert list(by_quarter.index) == list(pd.to_datetime(["2024-01-01", "2024-04-01", "2024-07-01"]))
    assert by_quarter["answers"].sum() == 6
    with pytest.raises(CourseDataError, match="not both"):
        service.nps_table(surveys, by="tier", freq="QE")


def test_nps_drivers_recover_a_planted_effect():
    rng = np.random.default_rng(4)
    n = 3000
    late = rng.random(n) < 0.2
    tier = rng.choice(["member", "gold"], n)
    spend = rng.gamma(2, 800, n)
    score = np.clip(np.round(7 - 2.0 * late + 0.8 * (tier == "gold") + rng.normal(0, 1.2, n)), 0, 10)
    features = pd.DataFrame({"nps": score, "late_answer": late, "complaint": rng.random(n) < 0.15,
                             "tier": tier, "spend_365d": spend})
    table = service.nps_drivers(features)
    assert table.loc["late_answer", "effect"] == pytest.approx(-2.0, abs=0.2)
    assert table.loc["complaint", "low"] < 0 < table.loc["complaint", "high"]
    assert table.loc["tier=gold", "effect"] == pytest.approx(0.8, abs=0.15)
    assert abs(table.loc["spend_365d (per 1,000)", "effect"]) < 0.1


def test_survey_features_use_only_the_past():
    surveys = pd.DataFrame({"survey_id": ["S1", "S2"], "customer_id": ["a", "c"],
                            "survey_date": pd.to_datetime(["2024-03-05", "2024-03-01"]), "nps": [8, 3]})
    customers = pd.DataFrame({"customer_id": ["a", "c"], "membership_tier": ["gold", "member"]})
    loyalty = pd.DataFrame({"customer_id": ["a"], "kind": ["tier_change"], "date": pd.to_datetime(["2024-06-01"]),
                            "tier_from": ["silver"], "tier_to": ["gold"]})
    features = service.survey_features(surveys, _tickets(), _orders(), customers, loyalty)
    assert features["complaint"].tolist() == [True, False]    # c's ticket opened on the survey day itself
    assert features["tier"].tolist() == ["silver", "member"]  # a reached gold only in June
    assert features.loc[0, "spend_365d"] == 100.0


# -------------------------------------------------------------------------- root causes
def test_pareto_table_orders_and_marks_the_vital_few():
    table = service.pareto_table(_tickets())
    assert table.index[0] == "delivery_delay" and table["complaints"].iloc[0] == 3
    assert table["cumulative_share"].iloc[-1] == pytest.approx(1.0)
    assert table["vital_few"].tolist() == [True, True, True, False]
    assert (np.diff(table["complaints"]) <= 0).all()


def test_root_cause_review_needs_a_dimension_for_every_category():
    review = service.root_cause_review(_tickets())
    assert review.loc["delivery_delay", "dimension"].startswith("service process")
    with pytest.raises(CourseDataError, match=r"no entry for the categories \['wrong_size'\]"):
        service.root_cause_review(_tickets(), dimensions={"delivery_delay": "service process",
                                                          "refund": "service process",
                                                          "app_problem": "service process"})
    with pytest.raises(CourseDataError, match="must map to"):
        service.root_cause_review(_tickets(), dimensions={"refund": "luck"})


def test_complaint_records_have_three_parts():
    records = service.complaint_records(_tickets())
    assert list(records.columns.get_level_values(0).unique()) == ["content", "handling", "result"]
    assert not records.loc["T3", ("handling", "answered_in_time")]
    assert records.loc["T0", ("result", "csat")] == 5


def test_service_loop_applies_each_lever_to_its_categories():
    churn_table = pd.DataFrame({"late": [True] * 10 + [False] * 10,
                                "lost": [True] * 5 + [False] * 5 + [True] * 2 + [False] * 8})
    loop = service.service_loop(_tickets(), churn_table, compensation_categories=("refund",))
    follow = loop.iloc[0]
    # three delivery complaints in a 41-day span, scaled to a year, 40 % avoided
    years = 41 / 365
    assert follow["complaints_affected"] == pytest.approx(3 / years)
    assert follow["complaints_avoided"] == pytest.approx(0.4 * 3 / years)
    answer = loop.loc[loop["source"] == "complaint-rules"].iloc[0]
    assert answer["late_answers_avoided"] == pytest.approx(3 / years)
    assert answer["customers_kept"] == pytest.approx(3 / years * (0.5 - 0.2))
    compensation = loop.loc[loop["source"] == "over-compensation"].iloc[0]
    assert compensation["satisfied_before"] == 0.0 and compensation["satisfied_after"] == 0.85
    with pytest.raises(CourseDataError, match=r"`fix_categories` names categories the tickets do not have: \['points'\]"):
        service.service_loop(_tickets(), churn_table, fix_categories=("points",))


def test_compensation_climbs_with_severity_and_a_missed_promise():
    tickets = pd.DataFrame({"severity": ["low", "medium", "high", "low", "medium", "high"],
                            "opened_at": pd.to_datetime(["2024-03-01 09:00"] * 6),
                            "first_response_at": pd.to_datetime(["2024-03-01 10:00"] * 3
                                                                + ["2024-03-01 10:01"] * 3),
                            "resolved_at": pd.to_datetime(["2024-03-01 20:00"] * 6)})
    assert service.compensation_level(tickets).tolist() == [
        "fix_only", "goodwill", "make_good", "goodwill", "make_good", "beyond"]
    assert list(service.COMPENSATION_LADDER) == ["fix_only", "goodwill", "make_good", "beyond"]
    with pytest.raises(CourseDataError, match="severity"):
        service.compensation_level(tickets.assign(severity="urgent"))


# ---------------------------------------------------------------------------- sentiment
def test_sentiment_pipeline_reads_chinese_without_a_tokenizer():
    texts = ["太让人失望了,完全不能接受。", "服务太差了,真的很烦。", "请告诉我该怎么处理。", "麻烦帮我查一下订单。",
             "客服已经帮了我很多,谢谢!", "感谢快速处理,谢谢!"] * 5
    labels = ["negative", "negative", "neutral", "neutral", "positive", "positive"] * 5
    model = service.sentiment_model(seed=0).fit(texts, labels)
    report = service.evaluate_sentiment(model, ["服务太差了,完全不能接受。", "谢谢,客服帮了我很多!"],
                                        ["negative", "positive"])
    assert report.accuracy == 1.0
    assert report.confusion.loc["negative", "negative"] == 1
    assert report.misclassified.empty


def test_sentiment_seeds_are_validated():
    with pytest.raises(TypeError, match="`seed` must be a whole number ≥ 0 or a numpy Generator; got str 'x'"):
        service.sentiment_model(seed="x")
    with pytest.raises(CourseDataError, match="`seed` must be ≥ 0; got -1"):
        service.sentiment_model(seed=-1)
    model = service.sentiment_model(seed=np.random.default_rng(3))
    assert isinstance(model.named_steps["classifier"].random_state, int)
    with pytest.raises(CourseDataError, match="`ngram_range` must be two whole numbers"):
        service.sentiment_model(ngram_range=(3, 1))


def test_split_is_stratified_and_seeded_and_keeps_the_index():
    texts = pd.Series([f"text {i}" for i in range(40)], index=[f"T{i}" for i in range(40)])
    labels = pd.Series(["a"] * 30 + ["b"] * 10, index=texts.index)
    first = service.split_texts(texts, labels, test_size=0.25, seed=1)
    again = service.split_texts(texts, labels, test_size=0.25, seed=1)
    assert list(first[1].index) == list(again[1].index)
    assert (first[3] == "b").sum() == 3 and first[1].index.isin(texts.index).all()
    with pytest.raises(CourseDataError, match="`texts` has 40 entries but `labels` has 3"):
        service.split_texts(texts, ["a", "b", "a"])


def test_evaluate_sentiment_lists_the_mistakes():
    class Always:
        def predict(self, texts):
            return np.array(["negative"] * len(texts))

    report = service.evaluate_sentiment(Always(), ["bad", "fine", "great"], ["negative", "neutral", "positive"])
    assert report.accuracy == pytest.approx(1 / 3)
    assert report.misclassified["true"].tolist() == ["neutral", "positive"]
    assert report.confusion.loc["positive", "negative"] == 1
    with pytest.raises(TypeError, match="fitted classifier"):
        service.evaluate_sentiment("model", ["x"], ["negative"])
    with pytest.raises(CourseDataError, match=r"must hold text; found 3 at position 1"):
        service.evaluate_sentiment(Always(), ["x", 3], ["negative", "neutral"])


# ----------------------------------------------------------------------------- Erlang C
def _erlang_c_exact(load, n):
    """The textbook formula in exact rational arithmetic (only for small, integral cases)."""
    a = Fraction(load)
    top = a ** n / math.factorial(n) * Fraction(n) / (n - a)
    bottom = sum(a ** k / math.factorial(k) for k in range(n)) + top
    return float(top / bottom)


@pytest.mark.parametrize("rate, minutes, agents", [(200, 3, 11), (200, 3, 14), (60, 5, 6), (120, 4, 9),
                                                   (30, 2, 2), (600, 3, 31)])
def test_erlang_c_matches_the_exact_formula(rate, minutes, agents):
    load = Fraction(rate * minutes, 60)
    assert service.erlang_c(rate, minutes, agents) == pytest.approx(_erlang_c_exact(load, agents), rel=1e-10)


def test_erlang_c_known_values():
    # the classic table: 10 erlangs on 11 agents waits 68.21 %, on 14 agents 17.41 %
    assert service.erlang_c(200, 3, 11) == pytest.approx(0.6821, abs=5e-5)
    assert service.erlang_c(200, 3, 14) == pytest.approx(0.1741, abs=5e-5)
    # one agent is M/M/1: P(wait) = utilisation, mean wait = rho / (1 - rho) × handling time
    row = service.staffing(30, 1, 1)
    assert row["p_wait"] == pytest.approx(0.5) and row["mean_wait_minutes"] == pytest.approx(1.0)


def test_erlang_c_is_stable_for_large_queues():
    # 950 erlangs on 1,000 agents: the factorials overflow floats, the recursion does not
    value = service.erlang_c(57_000, 1, 1000)
    assert 0 < value < 1 and math.isfinite(value)
    assert service.erlang_c(60, 60, 60) == 1.0           # load = agents: unstable, always wait
    assert service.staffing(60, 60, 50)["service_level"] == 0.0


@settings(max_examples=40, deadline=None)
@given(st.floats(1, 500), st.floats(0.5, 20), st.integers(1, 80))
def test_more_agents_never_wait_more(rate, minutes, agents):
    assert service.erlang_c(rate, minutes, agents + 1) <= service.erlang_c(rate, minutes, agents) + 1e-12


def test_agents_needed_is_the_fewest_that_meet_the_target():
    n = service.agents_needed(200, 3, target=20 / 60, service_level=0.8)
    assert n == 14
    assert service.staffing(200, 3, n, target=20 / 60)["service_level"] >= 0.8
    assert service.staffing(200, 3, n - 1, target=20 / 60)["service_level"] < 0.8
    # a one-hour promise needs hardly more agents than the load itself
    assert service.agents_needed(200, 3, target=60, service_level=0.95) == 11
    with pytest.raises(CourseDataError, match="can never be met"):
        service.agents_needed(200, 3, service_level=1.0)
    with pytest.raises(CourseDataError, match="`handling_time` must be a finite number > 0"):
        service.agents_needed(200, 0)
    with pytest.raises(CourseDataError, match="`agents` must be a whole number ≥ 1; got 2.5"):
        service.erlang_c(10, 3, 2.5)


def test_staffing_table_one_row_per_level():
    table = service.staffing_table(200, 3, range(11, 15))
    assert list(table.index) == [11, 12, 13, 14]
    assert table["p_wait"].is_monotonic_decreasing and table["service_level"].is_monotonic_increasing
