"""The automation-rule engine: validation naming the field, consent, priority, one contact a day."""

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from course_lib import data
from course_lib.course import DATASETS
from course_lib.validation import CourseDataError
from course_lib.workbench.rules import (
    CHANNEL_CONSENT,
    Rule,
    evaluate_rules,
    load_rules,
    rule_table,
    save_rules,
    validate_rules,
)

DAY = "2024-10-15"


def rule(**changes):
    base = {
        "name": "dormant",
        "trigger": {"type": "no_purchase", "days": 90},
        "channel": "sms",
        "offer": "A coupon",
        "priority": 10,
    }
    base.update(changes)
    return base


@pytest.fixture(scope="module")
def customers():
    return data.load_customers().set_index("customer_id")


@pytest.mark.parametrize(
    "bad, message",
    [
        (
            rule(trigger={"type": "no_purchase", "days": -3}),
            r"rule 1 \('dormant'\): `trigger.days` must be ≥ 1; got -3\.",
        ),
        (rule(trigger={"type": "moon_phase"}), r"`trigger.type` must be one of"),
        (
            rule(trigger={"type": "no_purchase", "weeks": 3}),
            r"`trigger.weeks` is not a parameter of no_purchase",
        ),
        (rule(channel="pigeon"), r"`channel` must be one of"),
        (rule(offer="  "), r"`offer` must be a non-empty text"),
        (
            rule(audience={"membership_tiers": ["vip"]}),
            r"`audience.membership_tiers` must be a non-empty list from",
        ),
        (
            rule(audience={"value_tiers": ["Diamond"]}),
            r"`audience.value_tiers` must be a non-empty list from \['diamond'",
        ),
        (
            rule(audience={"segments": ["vip"]}),
            r"`audience.segments` must be a non-empty list from \['important_value'",
        ),
        (rule(audience={"consent": ["consent_fax"]}), r"`audience.consent` must be a non-empty list from"),
        (
            rule(trigger={"type": "need_signal", "signal": "astrology"}),
            r"`trigger.signal` must be one of \['product_search'",
        ),
        (
            rule(trigger={"type": "no_purchase", "days": 90, "max_days": 30}),
            r"`trigger.max_days` must be at least `trigger.days` \(90\)",
        ),
        (
            rule(trigger={"type": "health_below", "threshold": 120}),
            r"`trigger.threshold` must be ≤ 100; got 120\.",
        ),
        (rule(quiet_hours=[9, 9]), r"`quiet_hours` must be two different hours"),
        (rule(send_hour=24), r"`send_hour` must be ≤ 23; got 24\."),
        (rule(audience={"favourite_colour": "red"}), r"`audience.favourite_colour` is unknown"),
        (rule(quiet_hours=[22]), r"`quiet_hours` must be two hours"),
        (rule(priority=2.5), r"`priority` must be a whole number; got 2.5\."),
        (rule(offer_value=5000), r"`offer_value` must be ≤ 2000; got 5000\."),
        (rule(colour="red"), r"unknown field\(s\) \['colour'\]"),
        ({"trigger": {"type": "birthday_month"}}, r"`name` must be a non-empty text"),
    ],
)
def test_bad_rules_are_refused_naming_the_field(bad, message):
    with pytest.raises(CourseDataError, match=message):
        validate_rules([bad])


def test_text_where_a_number_belongs_is_the_wrong_kind():
    with pytest.raises(
        TypeError, match=r"rule 1 \('dormant'\): `priority` must be a number; got str 'high'\."
    ):
        validate_rules([rule(priority="high")])


def test_rule_objects_are_checked_like_dicts():
    bad_days = Rule("dormant", "no_purchase", {"days": -3}, "sms", "A coupon")
    with pytest.raises(CourseDataError, match=r"rule 1 \('dormant'\): `trigger.days` must be ≥ 1; got -3\."):
        validate_rules([bad_days])
    with pytest.raises(CourseDataError, match=r"`trigger.type` must be one of"):
        validate_rules([Rule("moon", "moon_phase", {}, "sms", "A coupon")])
    with pytest.raises(CourseDataError, match=r"`channel` must be one of"):
        validate_rules([Rule("dormant", "no_purchase", {"days": 90}, "pigeon", "A coupon")])
    (parsed,) = validate_rules([Rule("dormant", "no_purchase", {"days": 90}, "sms", "A coupon")])
    assert parsed.params == {"days": 90, "max_days": None}  # defaults filled in as for a dict
    assert validate_rules([parsed]) == [parsed]


def test_every_trigger_is_registered_once_for_validation_evaluation_and_docs():
    from course_lib.workbench import rules as module

    table = module.trigger_table()
    assert list(table.index) == list(module.TRIGGERS)
    for name, trigger in module.TRIGGERS.items():
        assert f"``{name}``" in module.__doc__  # the docs list it
        assert validate_rules([rule(trigger={"type": name})])[0].params == trigger.defaults
    assert [n for n, t in module.TRIGGERS.items() if t.event] == ["days_after_order"]


def test_duplicate_names_and_empty_sets_are_refused():
    with pytest.raises(CourseDataError, match="more than once"):
        validate_rules([rule(), rule()])
    with pytest.raises(CourseDataError, match="empty"):
        validate_rules([])
    with pytest.raises(TypeError, match="list of rule dicts"):
        validate_rules(42)


@pytest.mark.parametrize(
    "send_hour, quiet", [(22, [21, 9]), (3, [21, 9]), (21, [21, 9]), (0, [22, 7]), (13, [12, 14])]
)
def test_a_send_hour_inside_the_rules_own_quiet_hours_is_refused_saying_why(send_hour, quiet):
    with pytest.raises(
        CourseDataError,
        match=rf"rule 1 \('dormant'\): `send_hour` {send_hour} falls inside the "
        rf"rule's own quiet hours \[{quiet[0]}, {quiet[1]}\].*no message may go out",
    ):
        validate_rules([rule(send_hour=send_hour, quiet_hours=quiet)])


def test_the_default_send_hour_is_refused_inside_quiet_hours_and_named_as_the_default():
    with pytest.raises(
        CourseDataError, match=r"`send_hour` 10 \(the default when none is given\) falls inside"
    ):
        validate_rules([rule(quiet_hours=[8, 12])])
    assert validate_rules([rule(quiet_hours=[21, 9])])[0].send_hour == 10


@pytest.mark.parametrize("send_hour", [9, 12, 19, 20])
def test_send_hours_outside_the_quiet_hours_are_kept(send_hour):
    (parsed,) = validate_rules([rule(send_hour=send_hour, quiet_hours=[21, 9])])
    assert parsed.send_hour == send_hour and parsed.scheduled_hour() == send_hour


def test_a_rule_built_directly_is_still_never_sent_in_its_quiet_hours():
    late = Rule(
        "dormant",
        "no_purchase",
        {"days": 90, "max_days": None},
        "store",
        "A coupon",
        send_hour=23,
        quiet_hours=(21, 9),
    )
    assert late.scheduled_hour() == 9


def test_save_and_load_round_trip(tmp_path):
    rules = [
        rule(),
        rule(
            name="bday",
            trigger={"type": "birthday_month"},
            channel="wechat",
            priority=5,
            audience={"segments": ["loyal"], "consent": ["consent_email"]},
        ),
    ]
    for suffix in (".yaml", ".json"):
        path = save_rules(rules, tmp_path / f"rules{suffix}")
        assert validate_rules(rules) == load_rules(path)


def test_saving_never_overwrites_a_rule_file_unless_asked(tmp_path):
    path = save_rules([rule()], tmp_path / "mine.yaml")
    before = path.read_text(encoding="utf-8")
    with pytest.raises(CourseDataError, match="mine.yaml exists already"):
        save_rules([rule(offer="Another coupon")], path)
    assert path.read_text(encoding="utf-8") == before
    save_rules([rule(offer="Another coupon")], path, overwrite=True)
    assert "Another coupon" in path.read_text(encoding="utf-8")
    with pytest.raises(CourseDataError, match="must end in .yaml"):
        save_rules([rule()], tmp_path / "rules.txt")


def test_broken_rule_files_are_named(tmp_path):
    (tmp_path / "broken.yaml").write_text("rules: [name: x\n", encoding="utf-8")
    with pytest.raises(CourseDataError, match="broken.yaml is not valid YAML"):
        load_rules(tmp_path / "broken.yaml")
    (tmp_path / "scalar.json").write_text("42", encoding="utf-8")
    with pytest.raises(CourseDataError, match="must hold a list of rules"):
        load_rules(tmp_path / "scalar.json")
    with pytest.raises(CourseDataError, match="does not exist"):
        load_rules(tmp_path / "missing.yaml")


def test_shipped_rule_sets_are_valid():
    for path in sorted((DATASETS / "rules").glob("*.yaml")):
        assert len(load_rules(path)) >= 2, path.name
        assert not rule_table(load_rules(path)).empty


def test_contacts_have_the_contract_columns_and_one_row_per_customer():
    contacts = evaluate_rules(DATASETS / "rules" / "care_calendar.yaml", day=DAY)
    assert list(contacts.columns) == ["customer_id", "rule", "channel", "offer", "reason"]
    assert len(contacts) > 0
    assert contacts["customer_id"].is_unique


def test_no_contact_without_consent_for_the_channel(customers):
    rules = load_rules(DATASETS / "rules" / "dormancy_wakeup.yaml")
    contacts = evaluate_rules(rules, day=DAY)
    assert len(contacts) > 0
    for channel, flag in CHANNEL_CONSENT.items():
        if flag is None:
            continue
        ids = contacts.loc[contacts["channel"] == channel, "customer_id"]
        assert customers.loc[ids, flag].all(), channel


def test_the_higher_priority_rule_wins_a_conflict():
    everyone = {"type": "no_purchase", "days": 1}
    low = rule(name="low", trigger=everyone, channel="store", offer="low", priority=1)
    high = rule(name="high", trigger=everyone, channel="store", offer="high", priority=9)
    for ordering in ([low, high], [high, low]):
        contacts = evaluate_rules(ordering, day=DAY)
        assert set(contacts["rule"]) == {"high"}


def test_a_customer_without_consent_falls_through_to_a_consented_rule(customers):
    trigger = {"type": "no_purchase", "days": 1}
    rules = [
        rule(name="sms_first", trigger=trigger, channel="sms", priority=9),
        rule(name="in_store", trigger=trigger, channel="store", priority=1),
    ]
    contacts = evaluate_rules(rules, day=DAY).set_index("customer_id")
    no_sms = customers.index[~customers["consent_sms"]]
    reached = contacts.index.intersection(no_sms)
    assert len(reached) > 0
    assert (contacts.loc[reached, "rule"] == "in_store").all()


def test_frequency_cap_removes_recently_contacted_customers():
    uncapped = evaluate_rules([rule(channel="store")], day=DAY)
    capped = evaluate_rules([rule(channel="store", frequency_cap_days=60)], day=DAY)
    assert set(capped["customer_id"]) < set(uncapped["customer_id"])
    # contacts made by an earlier run count too
    earlier = pd.DataFrame({"customer_id": capped["customer_id"].iloc[:10], "contact_date": "2024-10-10"})
    again = evaluate_rules([rule(channel="store", frequency_cap_days=60)], day=DAY, history=earlier)
    assert set(again["customer_id"]) == set(capped["customer_id"]) - set(earlier["customer_id"])


def test_triggers_fire_on_what_the_data_say(customers):
    day = pd.Timestamp(DAY)
    orders = data.load_orders()
    three_days = evaluate_rules(
        [rule(trigger={"type": "days_after_order", "days": 3}, channel="store")], day=DAY
    )
    expected = set(orders.loc[orders["order_date"] == day - pd.Timedelta(days=3), "customer_id"])
    assert set(three_days["customer_id"]) == expected
    birthdays = evaluate_rules([rule(trigger={"type": "birthday_month"}, channel="store")], day=DAY)
    assert set(birthdays["customer_id"]) == set(customers.index[customers["birth_date"].dt.month == 10])
    late = evaluate_rules(
        [rule(trigger={"type": "complaint_waiting", "hours": 1, "within_days": 30}, channel="store")], day=DAY
    )
    tickets = data.load_tickets()
    recent = tickets[(tickets["opened_at"] < day) & (tickets["opened_at"] >= day - pd.Timedelta(days=30))]
    waited = (
        recent["first_response_at"].where(recent["first_response_at"] < day).fillna(day) - recent["opened_at"]
    ).dt.total_seconds() / 3600
    assert set(late["customer_id"]) == set(recent.loc[waited > 1, "customer_id"])
    assert late["reason"].str.contains("promise: 1 h").all()


def test_need_signal_trigger_follows_chapter_3s_flags():
    from course_lib import journey

    flags = journey.need_signals(
        data.load_customers(),
        orders=data.load_orders(),
        touchpoints=data.load_touchpoints(),
        tickets=data.load_tickets(),
        surveys=data.load_surveys(),
        campaigns=data.load_campaigns(),
        as_of=DAY,
        window_days=30,
    )
    contacts = evaluate_rules(
        [rule(trigger={"type": "need_signal", "signal": "product_search"}, channel="store")], day=DAY
    )
    assert set(contacts["customer_id"]) == set(flags.index[flags["product_search"]])


def test_audience_filters_by_segment_value_tier_and_extra_consent(customers):
    from course_lib.workbench.tables import value_table

    values = value_table(DAY)
    chosen = rule(
        channel="store",
        audience={
            "segments": ["wake_up", "at_risk"],
            "value_tiers": ["silver", "diamond"],
            "consent": ["consent_email"],
        },
    )
    contacts = evaluate_rules([chosen], day=DAY)
    assert len(contacts) > 0
    ids = contacts["customer_id"]
    assert values.loc[ids, "segment"].isin(["wake_up", "at_risk"]).all()
    assert values.loc[ids, "value_tier"].isin(["silver", "diamond"]).all()
    assert customers.loc[ids, "consent_email"].all()


def test_tier_audiences_use_the_tier_held_on_the_day(customers):
    from course_lib import churn

    then = churn.tier_as_of(customers.reset_index(), data.load_loyalty(), as_of=DAY)
    gold = evaluate_rules(
        [
            rule(
                channel="store",
                trigger={"type": "no_purchase", "days": 1},
                audience={"membership_tiers": ["gold"]},
            )
        ],
        day=DAY,
    )
    assert len(gold) > 0 and (then.loc[gold["customer_id"]] == "gold").all()


def test_quiet_hours_show_in_the_reason():
    contacts = evaluate_rules([rule(channel="store", send_hour=19, quiet_hours=[21, 9])], day=DAY)
    assert len(contacts) > 0 and contacts["reason"].str.endswith("send at 19:00").all()
    evening = Rule(
        "dormant",
        "no_purchase",
        {"days": 90, "max_days": None},
        "store",
        "A coupon",
        send_hour=20,
        quiet_hours=(21, 9),
    )
    contacts = evaluate_rules([evening], day=DAY)
    assert len(contacts) > 0 and contacts["reason"].str.endswith("send at 20:00").all()
    late = Rule(
        "dormant",
        "no_purchase",
        {"days": 90, "max_days": None},
        "store",
        "A coupon",
        send_hour=22,
        quiet_hours=(21, 9),
    )
    with pytest.raises(CourseDataError, match=r"`send_hour` 22 falls inside the rule's own quiet hours"):
        evaluate_rules([late], day=DAY)  # a Rule object is checked too


def test_bad_days_are_refused():
    with pytest.raises(CourseDataError, match="`day` must be a day after 2023-01-01"):
        evaluate_rules([rule()], day="2031-01-01")
    with pytest.raises(TypeError, match="`history` must be a DataFrame"):
        evaluate_rules([rule(frequency_cap_days=5)], day=DAY, history=[1, 2])


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    priorities=st.lists(st.integers(-5, 5), min_size=2, max_size=4),
    channels=st.lists(st.sampled_from(sorted(CHANNEL_CONSENT)), min_size=4, max_size=4),
    day=st.dates(min_value=pd.Timestamp("2023-06-01").date(), max_value=pd.Timestamp("2024-12-31").date()),
)
def test_property_one_contact_per_customer_and_consent_respected(priorities, channels, day):
    customers = data.load_customers().set_index("customer_id")
    triggers = [
        {"type": "no_purchase", "days": 30},
        {"type": "birthday_month"},
        {"type": "days_after_order", "days": 3},
        {"type": "purchases_in_month", "min_orders": 2},
    ]
    rules = [
        rule(name=f"r{i}", trigger=triggers[i], channel=channels[i], priority=p)
        for i, p in enumerate(priorities)
    ]
    contacts = evaluate_rules(rules, day=str(day))
    assert contacts["customer_id"].is_unique
    for channel, flag in CHANNEL_CONSENT.items():
        ids = contacts.loc[contacts["channel"] == channel, "customer_id"]
        if flag is not None:
            assert customers.loc[ids, flag].all()


# ------------------------------------------------------------------------ dormancy threshold
def test_dormancy_thresholds_on_lumen_and_cdnow():
    from course_lib.workbench import dormancy_thresholds, threshold_range

    lumen = dormancy_thresholds()
    assert list(lumen.columns) == ["later_share", "flagged", "came_back"]
    assert lumen["later_share"].is_monotonic_decreasing and lumen["flagged"].is_monotonic_decreasing
    low, high = threshold_range()
    assert low < 90 < high  # the tea brand's three months fit Lumen's rhythm
    cdnow = data.load_cdnow()
    real = dormancy_thresholds(cdnow, date="date", as_of="1998-03-01", days=[90])
    assert real.loc[90, "later_share"] > lumen.loc[90, "later_share"]  # real buyers are slower
    assert threshold_range(cdnow, date="date")[0] > low


def test_dormancy_thresholds_refuse_what_they_cannot_use():
    from course_lib.workbench import dormancy_thresholds

    with pytest.raises(CourseDataError, match="whole numbers of days"):
        dormancy_thresholds(days=[0])
    with pytest.raises(CourseDataError, match="no order before as_of"):
        dormancy_thresholds(as_of="2020-01-01")
    one_each = pd.DataFrame({"customer_id": ["a", "b"], "order_date": ["2024-01-01", "2024-02-01"]})
    with pytest.raises(CourseDataError, match="no repeat purchase"):
        dormancy_thresholds(one_each)


def test_audience_names_the_other_tier_system():
    with pytest.raises(
        CourseDataError,
        match=r"diamond is a value tier: use `audience.value_tiers`.*'silver' in "
        r"this list means the membership tier silver 银卡",
    ):
        validate_rules([rule(audience={"membership_tiers": ["diamond", "silver"]})])
    with pytest.raises(CourseDataError, match=r"gold is a membership tier: use `audience.membership_tiers`"):
        validate_rules([rule(audience={"value_tiers": ["gold"]})])
    shown = rule_table(
        [rule(audience={"value_tiers": ["diamond", "silver"], "membership_tiers": ["silver"]})]
    )
    assert shown.loc[0, "audience"] == "value tiers Diamond 金钻, Silver 白银; membership tiers silver 银卡"
