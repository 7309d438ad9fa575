"""Checks of chapter 7's exercises: operate the CRM — look a customer up, read the ticket
history against the promise, record a follow-up, configure and run automation rules, price
the wake-up offer, and tell the three kinds of CRM apart."""

from __future__ import annotations

import pandas as pd

from . import NotAttempted, Wrong, close, frame_like, number_like, task

EXERCISE_PHONE = "177****6420"
EXERCISE_CUSTOMER = "C03004"
RULE_DAY = "2024-11-15"
CONTACT_COST, OFFER_COST = 0.5, 25.0

#: The colleague's rule of exercise 7.5: valuable customers whose health score fell under 75.
HEALTH_RULE = {"name": "health_check_in", "trigger": {"type": "health_below", "threshold": 75},
               "audience": {"value_tiers": ["diamond", "silver"]}, "channel": "wechat",
               "offer": "A personal check-in from your style advisor", "frequency_cap_days": 30,
               "quiet_hours": [21, 9], "priority": 70}

#: The CRM-type quiz: statement number → the kind of CRM it describes.
CRM_QUIZ = {
    1: "operational",     # agents log every call and complaint in one customer record
    2: "analytical",      # RFM segments and a churn model rank whom to keep
    3: "collaborative",   # store, app and service share one view; a complaint seen in store
    4: "operational",     # a rule sends the birthday message automatically
    5: "analytical",      # a dashboard of repurchase by cohort and campaign uplift
    6: "collaborative",   # a supplier and the brand share delivery status with the customer
}
CRM_TYPES = ("operational", "analytical", "collaborative")


def _rules_path(name: str):
    from ..course import DATASETS

    return DATASETS / "rules" / name


# ------------------------------------------------------------------------------ 7.1
@task("ch07.lookup", "look a customer up by masked phone",
      hints=["`workbench.find_customers(...)` lists the customers matching an id, a name or a "
             "phone; `workbench.resolve_customer(...)` returns the one id.",
             "Search with the whole masked number as it stands in the task, stars included."])
def _lookup(answer):
    from ..workbench import find_customers

    if isinstance(answer, pd.DataFrame):
        raise Wrong("that is the table of matches; store the one customer id as text, e.g. "
                    "`matches['customer_id'].iloc[0]` or `workbench.resolve_customer(...)`.")
    if not isinstance(answer, str):
        raise Wrong(f"customer_id should be a text such as 'C00042'; you gave a {type(answer).__name__}.")
    text = answer.strip()
    if text == "杨*平":
        raise Wrong("that is the pseudonymised name; the task asks for the customer id (C…).")
    if text.upper() == EXERCISE_CUSTOMER:
        return None
    found = find_customers(text)
    if len(found) == 1 and found["phone"].iloc[0].endswith(EXERCISE_PHONE[-4:]):
        raise Wrong(f"{text} has the phone {found['phone'].iloc[0]}: same last four digits, "
                    "another customer. Match the whole masked number.")
    raise Wrong(f"{text!r} is not the customer with phone {EXERCISE_PHONE}; search with that number.")


# ------------------------------------------------------------------------------ 7.2
def _exercise_tickets():
    from ..data import AS_OF
    from ..workbench.tables import rows_of

    tickets = rows_of("tickets", EXERCISE_CUSTOMER)
    tickets = tickets.loc[tickets["opened_at"] < AS_OF]
    response = (tickets["first_response_at"] - tickets["opened_at"]).dt.total_seconds() / 3600
    resolution = (tickets["resolved_at"] - tickets["opened_at"]).dt.total_seconds() / 3600
    return response, resolution


@task("ch07.longest_wait", "the longest wait for a first answer, in hours",
      hints=["The 360 view's `tickets` section has a `response_hours` column: the time from "
             "opening a ticket to the first answer.",
             "Take the largest value of `view.tickets['response_hours']` for this customer."])
def _longest_wait(answer):
    value = number_like(answer, "longest_wait")
    response, resolution = _exercise_tickets()
    expected = float(response.max())
    if close(value, expected, rel=2e-3):
        return None
    if close(value, float(resolution.max()), rel=5e-3):
        raise Wrong("that is the time until the ticket was resolved; the 1-hour promise is about "
                    "the first answer (`response_hours`).")
    if close(value, expected * 60, rel=2e-3):
        raise Wrong("that looks like minutes; give the wait in hours.")
    if close(value, float(response.min()), rel=5e-3):
        raise Wrong("that is the shortest wait; the task asks for the longest.")
    if close(value, float(response.mean()), rel=5e-3):
        raise Wrong("that is the mean wait over the tickets; the task asks for the longest.")
    raise Wrong(f"{value:.2f} h is not the longest first-response wait of {EXERCISE_CUSTOMER}; "
                "read `response_hours` in the view's `tickets`.")


# ------------------------------------------------------------------------------ 7.3
@task("ch07.followup", "a follow-up recorded in the store",
      hints=["`store.log_followup(customer_id, channel=..., outcome=..., note=..., "
             "next_date=...)` writes the record and returns its id.",
             "Use a channel the customer consented to (the view's `consent` section), write "
             "what you agreed in the note, and set the next contact within a week of today "
             "(the course's today is 2025-01-01)."])
def _followup(answer):
    from ..data import AS_OF
    from ..workbench import RecordStore

    if not isinstance(answer, tuple) or len(answer) != 2:
        raise Wrong("pass the store and the record id together: check(\"ch07.followup\", (store, record_id)).")
    store, record = answer
    if record is Ellipsis:
        raise NotAttempted()
    if not isinstance(store, RecordStore):
        raise Wrong(f"the first item should be the RecordStore; you gave a {type(store).__name__}.")
    mine = store.followups(EXERCISE_CUSTOMER)
    if mine.empty:
        raise Wrong(f"the store holds no follow-up of {EXERCISE_CUSTOMER}; record it with "
                    "`store.log_followup` for the customer of task 7.1.")
    if isinstance(record, bool) or not isinstance(record, int) or record not in set(mine["record_id"]):
        raise Wrong("record_id should be the number `log_followup` returned for this customer's record.")
    row = mine.set_index("record_id").loc[record]
    if len(row["note"].split()) < 4:
        raise Wrong("the note is too short to help a colleague: write what was said and agreed "
                    "(at least a sentence).")
    if pd.isna(row["next_date"]):
        raise Wrong("no next contact date: a recovery call ends with an agreed next step (`next_date`).")
    if row["next_date"] > AS_OF + pd.Timedelta(days=7):
        raise Wrong(f"the next contact ({row['next_date'].date()}) is more than a week away; after a "
                    "complaint, follow up within the week.")
    return None


# ------------------------------------------------------------------------------ 7.4
@task("ch07.dormancy_rule", "the 3-month dormancy rule as data",
      hints=["A rule is a dict with `name`, `trigger`, `channel`, `offer`, and optionally "
             "`audience`, `offer_value`, `frequency_cap_days`, `quiet_hours`, `send_hour`, `priority`.",
             "Dormancy is `{'type': 'no_purchase', 'days': 90}`; the audience is repeat buyers "
             "(`{'min_orders': 2}`); cap it at 30 days and keep 21:00–09:00 quiet.",
             "`workbench.validate_rules([dormancy_rule])` tells you which field is wrong."])
def _dormancy_rule(answer):
    from ..validation import CourseDataError
    from ..workbench import evaluate_rules, validate_rules

    if not isinstance(answer, dict):
        raise Wrong(f"dormancy_rule should be one rule as a dict; you gave a {type(answer).__name__}.")
    try:
        rule, = validate_rules([answer])
    except CourseDataError as error:
        raise Wrong(f"the rule is refused: {error}") from None
    if rule.trigger != "no_purchase":
        raise Wrong(f"the trigger is {rule.trigger}; dormancy means no purchase for a while (`no_purchase`).")
    if rule.params["days"] != 90:
        raise Wrong(f"the rule waits {rule.params['days']} days; the dormancy rule of the training "
                    "material is three months, 90 days.")
    if rule.audience.get("min_orders", 0) < 2:
        raise Wrong("the audience includes one-time buyers; the wake-up is for customers who used to "
                    "buy (at least 2 orders).")
    if rule.frequency_cap_days < 7:
        raise Wrong("without a frequency cap the rule messages the same dormant customers every day; "
                    "set `frequency_cap_days` (e.g. 30).")
    if rule.quiet_hours is None:
        raise Wrong("no quiet hours: a marketing message must not arrive at night; set `quiet_hours`.")
    start, end = rule.quiet_hours
    night = [22, 23, 0, 6]
    covered = all((h >= start or h < end) if start > end else (start <= h < end) for h in night)
    if not covered:
        raise Wrong(f"the quiet hours {list(rule.quiet_hours)} leave part of the night open; "
                    "they should cover at least 22:00 to 07:00.")
    if rule.offer_value <= 0:
        raise Wrong("`offer_value` is 0: give the offer's cost per customer who takes it up, so the "
                    "rule can be priced (chapter 2 prices the free item at ¥25).")
    if evaluate_rules([rule], day=RULE_DAY).empty:
        raise Wrong(f"on {RULE_DAY} the rule contacts nobody; check the audience and the channel.")
    return None


# ------------------------------------------------------------------------------ 7.5
def _combined_contacts():
    from ..workbench import evaluate_rules, load_rules

    rules = (load_rules(_rules_path("care_calendar.yaml")) + load_rules(_rules_path("dormancy_wakeup.yaml"))
             + [HEALTH_RULE])
    return evaluate_rules(rules, day=RULE_DAY)


@task("ch07.contacts", "two rule sets and a new rule on one day, conflicts by priority",
      hints=["Load both files with `workbench.load_rules`, add `health_rule`, put everything in "
             "one list and run `workbench.evaluate_rules` once, on the day of the task.",
             "Separate runs cannot see each other: a customer would get two messages. One run "
             "with all the rules lets priority decide."])
def _contacts(answer):
    table = frame_like(answer, "contacts")
    needed = ["customer_id", "rule", "channel", "offer", "reason"]
    missing = [c for c in needed if c not in table.columns]
    if missing:
        raise Wrong(f"columns {missing} are missing; keep the table `evaluate_rules` returns.")
    if not table["customer_id"].is_unique:
        raise Wrong("some customers appear twice: the two sets were run separately. Run all the rules "
                    "in one `evaluate_rules` call so that priority resolves the conflicts.")
    expected = _combined_contacts()
    found_rules = set(table["rule"])
    dormancy = {r for r in expected["rule"].unique() if r.startswith("dormancy")}
    if not found_rules & dormancy:
        raise Wrong("no dormancy rule is in the contacts: include the dormancy wake-up set.")
    if "health_check_in" not in found_rules:
        raise Wrong("nobody got the health check-in: add `health_rule` to the rules you run.")
    calendar = set(expected["rule"]) - dormancy - {"health_check_in"}
    if not found_rules & calendar:
        raise Wrong("no care-calendar rule is in the contacts: include the care calendar too.")
    mine = table.set_index("customer_id")["rule"].sort_index()
    theirs = expected.set_index("customer_id")["rule"].sort_index()
    if set(mine.index) != set(theirs.index):
        raise Wrong(f"{len(mine):,} contacts, but the two sets make {len(theirs):,} on {RULE_DAY}; "
                    "check the day.")
    if not mine.equals(theirs):
        raise Wrong("the right customers, but some got a different rule: the rules' priorities "
                    "decide, so load the files as they are.")
    return None


# ------------------------------------------------------------------------------ 7.6
@task("ch07.cost_per_extra", "cost per extra reactivated customer of the wake-up offer",
      hints=["Compare the treatment group with the control group of the wake-up campaign "
             "(`workbench.reference_campaign()`): only the difference is due to the offer.",
             f"`rfm.offer_results(campaign, contact_cost={CONTACT_COST}, offer_cost={OFFER_COST})` has "
             "a row `uplift` whose `cost` is the cost per extra reactivated customer."])
def _cost_per_extra(answer):
    from ..rfm import offer_results
    from ..workbench import reference_campaign

    value = number_like(answer, "cost_per_extra")
    table = offer_results(reference_campaign(), contact_cost=CONTACT_COST, offer_cost=OFFER_COST)
    treated = table.loc["treatment"]
    expected = float(table.loc["uplift", "cost"])
    if close(value, expected, rel=1e-3):
        return None
    if close(value, treated["cost"], rel=1e-3):
        raise Wrong("that is the campaign's total cost; divide it by the extra reactivated customers.")
    if close(value, treated["cost"] / (treated["reactivation"] * treated["contacts"]), rel=1e-3):
        raise Wrong("you divided by every reactivated treatment customer, but part of them would have "
                    "come back anyway (see the control group); divide by the extra ones only.")
    if close(value, treated["cost"] / treated["contacts"], rel=1e-3):
        raise Wrong("that is the cost per contact; the task asks per extra reactivated customer.")
    raise Wrong(f"{value:.2f} does not match: contact cost {CONTACT_COST}, offer cost {OFFER_COST} per "
                "reactivated treatment customer, divided by treatment − control reactivations.")


# ------------------------------------------------------------------------------ 7.7
@task("ch07.crm_types", "operational, analytical or collaborative CRM",
      hints=["Operational CRM runs the daily contact (records, service, automation); analytical "
             "CRM turns the data into insight (segments, models, reports); collaborative CRM "
             "shares the customer across departments, channels and partners.",
             "Ask of each statement: is it *doing* the contact, *learning* from data, or "
             "*sharing* the customer between people or organisations?"])
def _crm_types(answer):
    if not isinstance(answer, dict):
        raise Wrong(f"crm_types should be a dict {{statement number: type}}; you gave a {type(answer).__name__}.")
    if any(v is Ellipsis for v in answer.values()):
        raise NotAttempted()
    keys = {int(k) if str(k).isdigit() else k for k in answer}
    if keys != set(CRM_QUIZ):
        raise Wrong(f"answer every statement 1–6 exactly once; you answered {sorted(map(str, keys))}.")
    given = {int(k): str(v).strip().lower() for k, v in answer.items()}
    unknown = sorted({v for v in given.values() if v not in CRM_TYPES})
    if unknown:
        raise Wrong(f"{unknown} is not one of the three types {list(CRM_TYPES)}.")
    wrong = sorted(k for k, v in given.items() if CRM_QUIZ[k] != v)
    if wrong:
        raise Wrong(f"{len(wrong)} of 6 are not right yet: statement(s) {wrong}. Ask whether each "
                    "one does the contact, learns from data or shares the customer.")
    return None
