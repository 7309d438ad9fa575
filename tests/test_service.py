"""course_lib.service: complaint churn, root causes, the service loop and the compensation ladder;
course_lib.sla through the façade (ticket times, SLA tables); the names service re-exports."""

import numpy as np
import pandas as pd
import pytest

from course_lib import nps, sentiment, service, sla, staffing
from course_lib.validation import CourseDataError


def _tickets():
    opened = pd.to_datetime(["2024-03-01 09:00"] * 4 + ["2024-04-10 10:00"] * 2)
    return pd.DataFrame(
        {
            "ticket_id": [f"T{i}" for i in range(6)],
            "customer_id": ["a", "b", "c", "d", "a", "e"],
            "opened_at": opened,
            "first_response_at": opened + pd.to_timedelta([0.5, 1.0, 2.0, 5.0, 0.2, 3.0], unit="h"),
            "resolved_at": opened + pd.to_timedelta([6, 30, 12, 48, 3, 10], unit="h"),
            "channel": ["phone", "phone", "email", "email", "store", "app"],
            "category": [
                "delivery_delay",
                "delivery_delay",
                "refund",
                "app_problem",
                "delivery_delay",
                "wrong_size",
            ],
            "severity": ["low", "high", "medium", "high", "low", "medium"],
            "csat": [5, 4, 2, 1, 5, 3],
            "text": ["t"] * 6,
        }
    )


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
    with pytest.raises(
        CourseDataError,
        match=r'`tickets\["first_response_at"\]` comes before `opened_at` in 1 row\(s\), first at row 2',
    ):
        service.sla_table(broken)
    with pytest.raises(CourseDataError, match=r"lacks column\(s\) \['resolved_at'\]"):
        service.sla_table(_tickets().drop(columns="resolved_at"))
    with pytest.raises(CourseDataError, match=r"`response_hours` must be > 0; got 0\."):
        service.sla_table(_tickets(), response_hours=0)
    with pytest.raises(TypeError, match=r"`response_hours` must be a number; got str '1'"):
        service.sla_table(_tickets(), response_hours="1")


def test_csat_by_sla_splits_by_both_promises():
    table = service.csat_by_sla(_tickets())
    assert table.loc[True, ("mean_csat", True)] == pytest.approx(5.0)  # a (x2)
    assert table.loc[False, ("mean_csat", False)] == pytest.approx(1.0)  # d
    assert int(table["tickets"].to_numpy().sum()) == 6


# ------------------------------------------------------------------------ churn link
def _orders():
    return pd.DataFrame(
        {
            "customer_id": ["a", "b", "c", "d", "e", "a", "b", "z"],
            "order_date": pd.to_datetime(
                [
                    "2024-02-20",
                    "2024-02-25",
                    "2024-02-27",
                    "2024-02-28",
                    "2024-04-01",
                    "2024-05-15",
                    "2024-09-01",
                    "2025-01-01",
                ]
            ),
            "amount": [100.0] * 8,
        }
    )


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
    table = pd.DataFrame(
        {"late": [True] * 10 + [False] * 10, "lost": [True] * 4 + [False] * 6 + [True] * 2 + [False] * 8}
    )
    result = service.late_churn_ratio(table)
    assert result["ratio"] == pytest.approx(0.4 / 0.2)
    with pytest.raises(CourseDataError, match="needs both late and on-time cases"):
        service.late_churn_ratio(table[table["late"]])


def test_the_course_data_plant_late_answers_cost_customers():
    from course_lib import data

    table = service.complaint_churn(data.load_tickets(), data.load_orders())
    ratio = service.late_churn_ratio(table)
    assert ratio["ratio"] >= 1.5, ratio


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
        service.root_cause_review(
            _tickets(),
            dimensions={
                "delivery_delay": "service process",
                "refund": "service process",
                "app_problem": "service process",
            },
        )
    with pytest.raises(CourseDataError, match="must map to"):
        service.root_cause_review(_tickets(), dimensions={"refund": "luck"})


def test_complaint_records_have_three_parts():
    records = service.complaint_records(_tickets())
    assert list(records.columns.get_level_values(0).unique()) == ["content", "handling", "result"]
    assert not records.loc["T3", ("handling", "answered_in_time")]
    assert records.loc["T0", ("result", "csat")] == 5


def test_service_loop_applies_each_lever_to_its_categories():
    churn_table = pd.DataFrame(
        {"late": [True] * 10 + [False] * 10, "lost": [True] * 5 + [False] * 5 + [True] * 2 + [False] * 8}
    )
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
    with pytest.raises(
        CourseDataError, match=r"`fix_categories` names categories the tickets do not have: \['points'\]"
    ):
        service.service_loop(_tickets(), churn_table, fix_categories=("points",))


def test_compensation_climbs_with_severity_and_a_missed_promise():
    tickets = pd.DataFrame(
        {
            "severity": ["low", "medium", "high", "low", "medium", "high"],
            "opened_at": pd.to_datetime(["2024-03-01 09:00"] * 6),
            "first_response_at": pd.to_datetime(["2024-03-01 10:00"] * 3 + ["2024-03-01 10:01"] * 3),
            "resolved_at": pd.to_datetime(["2024-03-01 20:00"] * 6),
        }
    )
    assert service.compensation_level(tickets).tolist() == [
        "fix_only",
        "goodwill",
        "make_good",
        "goodwill",
        "make_good",
        "beyond",
    ]
    assert list(service.COMPENSATION_LADDER) == ["fix_only", "goodwill", "make_good", "beyond"]
    with pytest.raises(CourseDataError, match="severity"):
        service.compensation_level(tickets.assign(severity="urgent"))


# ------------------------------------------------------------------------ re-exports
def test_old_paths_keep_every_moved_name():
    from course_lib.service import agents_needed, nps_table

    assert nps_table is nps.nps_table and agents_needed is staffing.agents_needed
    for module in (sla, nps, staffing, sentiment):
        for name in module.__all__:
            assert name in service.__all__ and getattr(service, name) is getattr(module, name), name
    assert "survey_features" in dir(service)
