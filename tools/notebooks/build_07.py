"""Write notebooks/07_crm_workbench.ipynb (then run `crm-course build` and execute it)."""

from course_lib.course import ROOT
from course_lib.notebook_tools import code, md, notes, write_notebook

# The templates and rubrics have one source, the instructors' assessment kit.
_KIT = (ROOT / "docs" / "assessment" / "README.md").read_text(encoding="utf-8")
ASSESSMENT_KIT = _KIT[_KIT.index("### Customer-profile report"):].rstrip() + "\n"

cells = [
    md("# placeholder", slide="slide", tags=["header"]),
    md("""
The earlier chapters analysed the customer base from above. This chapter sits at the desk of
the people who keep the relationships day by day: the service agent who takes a complaint,
the care team that calls back, the marketer who sets up the automatic messages. We operate a
CRM (customer relationship management system) as they do — look a customer up, record what
was done, analyse, configure marketing automation — on the course brand's data, in a small
CRM of our own: the **workbench** (`course_lib.workbench`), backed by a real database.

前几章从整体分析客户群;本章坐到一线岗位上:接投诉的客服、做回访的关怀团队、配置自动营销的运营人员。我们像他们一样操作
CRM——查询客户、记录工作、分析数据、配置营销自动化——用的是课程品牌的数据和一个有真实数据库支撑的小型CRM:工作台。
""", slide="-"),
    notes("""
The teaching deck's aim is that trainees can operate a CRM, not only talk about one.
Commercial CRMs cannot ship with a course; the workbench does the same jobs on our data.
Budget: 60 minutes plus 30 for the exercises, which double as a simulated CRM-operation exam.
Run it live: type the look-ups, let the room suggest the follow-up note.
"""),
    md("""
## Learning objectives ｜ 学习目标
After this chapter you can:
1. look a customer up in the 360 view by id, name or phone and say what to do next and why (→ Exercises 7.1–7.2, question 1)
2. record a follow-up and a ticket note that a colleague can act on, and say why a record is refused (→ Exercise 7.3)
3. answer a complaint with the history pulled from the CRM (→ Exercise 7.3, question 2)
4. write an automation rule — trigger, audience, channel, offer, cap, quiet hours, priority — run it on a day and defend its cost (→ Exercises 7.4–7.6, question 3)
5. tell operational, analytical and collaborative CRM apart (→ Exercise 7.7, question 4)
""", slide="subslide", tags=["objectives"]),
    code("""
import tempfile
from pathlib import Path

import matplotlib.pyplot as plt
import pandas as pd

from course_lib import data, metrics, plots, widgets, workbench
from course_lib.course import DATASETS

plots.use_theme()
AS_OF = data.AS_OF                               # the course's today, 2025-01-01
RULES = DATASETS / "rules"
demo_dir = Path(tempfile.mkdtemp())              # a practice CRM, fresh for every run
store = workbench.RecordStore(demo_dir / "crm_demo.duckdb")
store
""", slide="skip"),

    # ------------------------------------------------------------------ 7.1
    md("""
## 7.1 Three kinds of CRM, one workbench ｜ 三类CRM与本章工作台
The training material sorts CRM systems into three kinds ([sources](../docs/sources.md#crm-history)):

| kind | 中文 | what it does | in the workbench |
|---|---|---|---|
| operational | 运营型 | runs the daily contact: customer records, service tickets, follow-ups, campaign automation | `customer_360`, `RecordStore`, `evaluate_rules` |
| analytical | 分析型 | turns the records into insight: segments, value tiers, health scores, churn and CLV models | the value, health and risk sections of the 360 view; `estimate_impact`, `simulate_rules` |
| collaborative | 协作型 | shares one customer across departments, channels and partners | one record that service, care and marketing all read and write; consent flags every channel obeys |

Real products mix the three; the question for any system (and in the exercise) is which job
a feature does — *doing* the contact, *learning* from the data, or *sharing* the customer.
""", slide="slide"),

    # ------------------------------------------------------------------ 7.2
    md("""
## 7.2 Look a customer up ｜ 客户360视图
A customer rings. Before saying a word the agent needs one screen with everything the brand
knows: who she is and how she may be contacted, what she is worth, how the relationship is
going, what she bought, what went wrong, who spoke to her last. Agents search by what the
caller gives them — often a name or a phone number, masked in our data for privacy
([sources](../docs/sources.md#privacy)). A name alone is rarely enough:
""", slide="slide"),
    code("""
workbench.find_customers("罗*艳")
"""),
    md("Asking the CRM for *the* 罗*艳 is refused with the candidates, rather than a guess:", slide="fragment"),
    code("""
try:
    workbench.customer_360("罗*艳", store=store)
except data.CourseDataError as error:
    print(error)
"""),
    md("The caller confirms her number. One match, and the 360 view opens:", slide="subslide"),
    code("""
view = workbench.customer_360("138****8631", store=store)
view.summary()
"""),
    md("""
In one glance: a platinum member in Beijing, ¥160,000 over two years, a *Diamond* customer
of chapter 2's tiers — and a recent complaint that waited far beyond the 1-hour promise. The
view's suggestion is not a sales pitch but a service recovery call, and it says why. Each
line is backed by a section of the view, a table of its own:
""", slide="fragment"),
    code("""
list(view.sections)
"""),
    md("""
The health score is chapter 1's weekly 0–100 score; the training material puts the line
for attention at 75 ([sources](../docs/sources.md#health-score)). Her last weeks:
""", slide="subslide"),
    code("""
fig, ax = plt.subplots(figsize=(7.5, 3.2))
ax.plot(view.health["week"], view.health["health_score"], marker="o", label="health score 健康分")
ax.axhline(workbench.view.HEALTH_THRESHOLD, color="tab:red", linestyle="--", label="threshold 75 预警线")
ax.set(title="Weekly health score · 每周客户健康分 (C00031)", xlabel="week 周", ylabel="score 分",
       ylim=(0, 100))
ax.legend(loc="lower left")
fig.autofmt_xdate();
"""),
    md("Her tickets, newest first, measured against the 1-hour promise ([sources](../docs/sources.md#complaint-rules)):", slide="fragment"),
    code("""
view.tickets[["ticket_id", "opened_at", "channel", "category", "severity", "response_hours",
              "within_promise", "csat"]]
"""),
    md("""
**Try it ｜ 动手试试:** look up another caller — by id (`C03004`), by phone (`177****6420`)
or by the last four digits (`6420`, which two customers share). What does the view suggest
for each, and why?
""", slide="subslide"),
    code("""
widgets.workbench.customer_lookup("C00031", store=store)
""", tags=["try-it", "nbval-ignore-output"]),
    md("""
**Takeaway ｜ 小结:** a look-up is only useful if it is exact (one customer, or a clear list
of candidates) and complete (service history next to value), so the next action can be
argued from the record rather than from memory.
""", slide="fragment"),

    # ------------------------------------------------------------------ 7.3
    md("""
## 7.3 Record the work ｜ 记录回访与工单备注
The training material asks that every follow-up (回访) be recorded ([sources](../docs/sources.md#follow-up)):
a colleague who picks the customer up tomorrow must know what was said and agreed. The
workbench writes records into a DuckDB database in your workspace (`work/`), never into the
shipped data; here we use a practice database made for this notebook. A care agent calls
C00031 back:
""", slide="slide"),
    code("""
store.log_followup("C00031", channel="phone", outcome="reached", date="2024-12-31",
                   note="Apologised for the late parcel and the 3.6-hour wait; refund of delivery fee agreed",
                   next_date="2025-01-07", author="care desk")
store.log_ticket_note("T01363", date="2024-12-31",
                      note="Customer called back; delivery fee refunded, courier complaint filed")
view = workbench.customer_360("C00031", store=store)
view.followups.head(3)
"""),
    md("The ticket carries the note too:", slide="fragment"),
    code("""
view.tickets.loc[view.tickets["ticket_id"] == "T01363", ["ticket_id", "your_notes", "latest_note"]]
"""),
    md("""
A CRM is only as good as what goes in. Records that would mislead are refused with a message
that says what is wrong, and **nothing is written**:
""", slide="subslide"),
    code("""
attempts = {
    "unknown customer": dict(customer_id="C99999", channel="phone", note="Called"),
    "empty note": dict(customer_id="C00031", channel="phone", note="   "),
    "a date in the future": dict(customer_id="C00031", channel="phone", note="Called", date="2025-03-01"),
    "no consent for WeChat": dict(customer_id="C00031", channel="wechat", note="Sent a message"),
}
for what, record in attempts.items():
    try:
        store.log_followup(record.pop("customer_id"), outcome="reached", **record)
    except data.CourseDataError as error:
        print(f"{what}: {error}")
print(f"records in the store: {len(store.followups())}")
"""),
    md("""
Records survive a kernel restart and a course update: the database is a file. A new store
object on the same file — what a restarted kernel would create — reads them back:
""", slide="fragment"),
    code("""
after_restart = workbench.RecordStore(store.path)
after_restart.followups()[["record_id", "customer_id", "date", "channel", "outcome", "next_date"]]
"""),
    md("""
**Try it ｜ 动手试试:** record a follow-up for C00031 with the form. The channel list offers
only the channels she consented to (and a conversation in store). Try an empty note.
""", slide="subslide"),
    code("""
widgets.workbench.followup_form("C00031", store=store, date="2024-12-31")
""", tags=["try-it", "nbval-ignore-output"]),
    md("""
**Takeaway ｜ 小结:** a record says who, when, by which consented channel, what was said and
what happens next; the CRM refuses the rest so the history stays trustworthy.
""", slide="fragment"),

    # ------------------------------------------------------------------ 7.4
    md("""
## 7.4 The complaint scenario ｜ 投诉处理情景
The teaching deck's scenario: after a service failure a key customer says she will end the
relationship; the trainee studies the record, finds the cause, designs the compensation and
handles the call ([sources](../docs/sources.md#churn-rescue-case)). C00031 writes: *"my order
arrived 10 days late. This is …"* Before calling, pull the history. First the pattern of her
complaints — what goes wrong, and how fast we answered:
""", slide="slide"),
    code("""
tickets = view.tickets
tickets.groupby("category").agg(tickets=("ticket_id", "size"),
                                within_promise=("within_promise", "mean"),
                                mean_csat=("csat", "mean")).round(2)
"""),
    md("Then how we have tried to reach her, and whether she answered:", slide="fragment"),
    code("""
shipped = view.followups[view.followups["source"] == "shipped log"]
pd.crosstab(shipped["channel"], shipped["outcome"])
"""),
    md("And whether she is already drifting away — orders and spend per quarter:", slide="fragment"),
    code("""
quarter = view.orders["order_date"].dt.to_period("Q")
view.orders.groupby(quarter).agg(orders=("order_id", "size"), spend=("amount", "sum")).round(0).tail(6)
"""),
    md("""
What the record says, before the call:

- **The cause is delivery, twice in two months**, and this time the first answer came after
  3.6 hours against a 1-hour promise — the waiting, not only the parcel, is the complaint.
  Product-quality tickets earlier were answered quickly and rated well.
- **The care team has been writing to her** by e-mail and SMS, and she does not answer; she
  *did* consent to calls. The channel, not the customer, was wrong.
- **She is still buying**, so this is a rescue, not a win-back: the value at stake is her
  12-month CLV in the risk section.

So the call: apologise for the wait first (the empathy of chapter 4), refund the delivery fee
at once, offer a dedicated contact for her next orders, and agree a date to check the next
delivery — then record it, as in 7.3.
""", slide="subslide"),
    code("""
view.risk[["churn_probability", "clv_12m", "clv_percentile"]]
"""),
    notes("""
Role-play it in pairs: one reads the customer's message, the other has only the 360 view.
Debrief on what the agent said in the first 30 seconds. Common mistake: opening with the
compensation before acknowledging the wait. The refusal messages of 7.3 come up here too —
someone always tries to log the call on WeChat.
"""),
    md("""
**Takeaway ｜ 小结:** the history answers three questions before the call — what really went
wrong, how she wants to be reached, and how much is at stake — and the recorded follow-up makes
the promise visible to the next colleague.
""", slide="fragment"),

    # ------------------------------------------------------------------ 7.5
    md("""
## 7.5 From one customer to the base ｜ 从单个客户到客户群
The same records answer the manager's question: who else needs attention today? Chapter 1's
health score, chapter 2's value tiers and the service log, for every customer at once:
""", slide="slide"),
    code("""
facts = workbench.customer_facts(AS_OF)
health = metrics.health_scores(as_of=AS_OF).set_index("customer_id")["health_score"]
facts["under_75"] = health.reindex(facts.index) < 75
pd.crosstab(facts["value_tier"], facts["under_75"], margins=True).reindex(
    ["diamond", "silver", "bronze", "iron", "All"])
"""),
    md("""
The cells that matter are the valuable customers under the line: they are few enough to call
one by one, and each call starts from the 360 view. The rest of the base needs rules that run
by themselves — the subject of the next section.
""", slide="fragment"),

    # ------------------------------------------------------------------ 7.6
    md("""
## 7.6 Marketing automation as data ｜ 营销自动化规则
A marketing-automation rule (营销自动化) reads: *when* something happens (trigger), *to whom*
(audience), *how* (channel), *what* (offer), and the manners of the brand — how often at
most (frequency cap), never at night (quiet hours), which rule wins when two apply
(priority). The workbench keeps rules as data in YAML or JSON files, so they can be read,
reviewed and versioned. The 3-month dormancy wake-up ([sources](../docs/sources.md#dormancy-offer)):
""", slide="slide"),
    code("""
print((RULES / "dormancy_wakeup.yaml").read_text(encoding="utf-8"))
"""),
    code("""
wakeup = workbench.load_rules(RULES / "dormancy_wakeup.yaml")
workbench.rule_table(wakeup)
"""),
    md("Run it on a day — who gets what, and why:", slide="subslide"),
    code("""
DAY = "2024-10-15"
contacts = workbench.evaluate_rules(wakeup, day=DAY)
print(f"{len(contacts):,} contacts on {DAY}")
contacts.head()
"""),
    md("""
Two rules carry the same offer on two channels: WeChat first (priority 50), SMS for those who
allow SMS but not WeChat. Nobody is contacted on a channel they did not consent to — check it
against the customer table:
""", slide="fragment"),
    code("""
customers = data.load_customers().set_index("customer_id")
flag = contacts["channel"].map(workbench.CHANNEL_CONSENT)
consented = [bool(customers.at[c, f]) for c, f in zip(contacts["customer_id"], flag)]
pd.Series({"contacts": len(contacts), "with consent for the channel": sum(consented)})
"""),
    md("""
The brand also runs the event-triggered care calendar of chapter 3
([sources](../docs/sources.md#follow-up)): a recovery call for a complaint beyond the
promise, a surprise at 10+ orders a month, birthday double points, a check-in three days
after an order. Run both sets together and each customer gets at most one message that day —
the highest-priority rule that applies:
""", slide="subslide"),
    code("""
calendar = workbench.load_rules(RULES / "care_calendar.yaml")
both = workbench.evaluate_rules(calendar + wakeup, day=DAY)
both.groupby(["rule", "channel"]).size().rename("contacts").to_frame()
"""),
    code("""
both.loc[both["rule"] == "complaint_recovery_call", ["customer_id", "rule", "reason"]].head(3)
"""),
    md("""
A rule with a mistake is refused before it can send anything, with a message that names the
rule and the field:
""", slide="fragment"),
    code("""
sloppy = {"name": "night_blast", "trigger": {"type": "no_purchase", "days": 90},
          "channel": "sms", "offer": "20% off", "quiet_hours": [21]}
try:
    workbench.validate_rules([sloppy])
except data.CourseDataError as error:
    print(error)
"""),
    md("""
Your own rule sets are saved in your workspace (`workbench.save_rules(rules,
course.workspace() / "my_rules.yaml")`); an existing file is never overwritten unless you
say so. Here, in the practice folder:
""", slide="fragment"),
    code("""
mine = workbench.save_rules(calendar + wakeup, demo_dir / "my_rules.yaml")
[rule.name for rule in workbench.load_rules(mine)]
"""),

    # ------------------------------------------------------------------ 7.7
    md("""
## 7.7 Does the rule pay? ｜ 规则是否划算
A rule must earn more than it costs. The honest evidence is a test with a control group: the
September wake-up campaign held a random half of the dormant customers out. Its measured
rates, carried over to the contacts the rule makes on our day:
""", slide="slide"),
    code("""
workbench.estimate_impact(contacts).drop(columns="basis")
"""),
    md("""
The estimate rests on one campaign (924 treated, 896 held out); it holds as far as the new
audience and offer resemble the tested ones. The second view is the customer-base simulator
of chapter 6: the rule set becomes the levers it pulls (here a ¥25 win-back offer) and runs
six months against the baseline on the same seed:
""", slide="subslide"),
    code("""
workbench.simulate_rules(wakeup, day=DAY, months=6, seed=0).round(3)
"""),
    md("""
Both views agree on the sign: the offer costs less than the extra orders it brings, and its
price in goodwill is a small share of customers who unsubscribe. The frequency cap is part of
the economics — without it the same dormant customers would get a message every day.
""", slide="fragment"),
    md("""
**Try it ｜ 动手试试:** edit the rules — drop the frequency cap, widen the audience to every
buyer, move the send hour to 22:00 — and evaluate. What happens to the contacts and the cost?
Which edits does the validator refuse?
""", slide="subslide"),
    code("""
widgets.workbench.rules_editor(wakeup, day=DAY)
""", tags=["try-it", "nbval-ignore-output"]),
    md("""
**Takeaway ｜ 小结:** write a rule as data, run it on a day to see exactly who gets what and
why, and price it with a controlled test before it runs every day.
""", slide="fragment"),

    # ------------------------------------------------------------------ 7.8
    md("""
## 7.8 Assessment kit ｜ 考核工具包
The teaching deck assesses the course by a simulated CRM-operation exam, a service-plan
design and a field-research report on a real company, with group discussion of cases
([sources](../docs/sources.md#assessment)); the templates and rubrics below are the course's own design. The exercise notebook of this chapter is the
operation exam. Templates and scoring rubrics for the three written pieces follow; each
rubric scores 0–4 per criterion (0 missing, 2 adequate, 4 excellent). Instructors have the same
kit, ready to print, in [docs/assessment](../docs/assessment/README.md).

""" + ASSESSMENT_KIT + """""", slide="slide"),
    md("""
### CRM-type quiz ｜ CRM类型测验
Exercise 7.7 is graded; for class, a quick round — which kind is each? (A printable
ten-item version with its answer key is [docs/assessment/crm_type_quiz.md](../docs/assessment/crm_type_quiz.md).)
(a) a call-centre screen pops the caller's record; (b) a model scores every customer's churn
risk each week; (c) the store assistant sees the complaint the customer made in the app;
(d) a supplier portal shows the retailer's stock to the brand; (e) an SMS goes out three
days after each order; (f) a report compares campaign uplift by segment.

<details><summary>Answers ｜ 答案</summary>

(a) operational · (b) analytical · (c) collaborative · (d) collaborative · (e) operational · (f) analytical
</details>

### Case discussion prompts ｜ 案例讨论 ([sources](../docs/sources.md#crm-history))
- **Amazon:** recommendations from browsing and purchase history. Which tables of our CRM
  would such a feature read, which kind of CRM is it, and where does it stop being helpful
  and start being intrusive?
- **Starbucks:** app, points, personalised drinks and birthday offers. Write its birthday
  offer as a workbench rule. What would you measure to know whether the app builds loyalty
  or only discounts sales?
- **Haier** (人单合一: every employee tied to the customers they serve; full-process service,
  [sources](../docs/sources.md#haier-service)): what would a service agent's 360 screen and
  targets look like in such a model, and what changes in how complaints are owned?
""", slide="subslide"),
    notes("""
Use the quiz as a warm-up before the exercise; the items are deliberately mixed. For the
cases, split the room in three groups, ten minutes each, then one minute per group on the
question "which kind of CRM carries the case?" Model answers are in the instructor notes.
"""),

    # ------------------------------------------------------------------ wrap-up
    md("""
## Exercises ｜ 练习
The simulated CRM-operation exam is [the exercise notebook](../exercises/ch07_crm_workbench.ipynb)
(or run `crm-course start 7` for your own copy): identify a caller by phone, read her ticket
history against the promise, record the follow-up, configure the dormancy rule, run two rule
sets on one day, price the wake-up offer, and tell the kinds of CRM apart.
""", slide="slide"),
    md("""
## Key points ｜ 要点
- Look customers up exactly: an id, or a name or phone that matches one customer — otherwise choose from the list.
- Read service next to value: a complaint beyond the 1-hour promise outranks any sales pitch.
- Record every contact with its channel, a note a colleague can act on and the next date; the CRM refuses the rest.
- Write automation as data — trigger, audience, channel, offer, cap, quiet hours, priority — and run it on a day to see who gets what and why.
- Price a rule with a controlled test (and the simulator) before it runs every day; opt-outs are part of its cost.
""", slide="slide", tags=["keypoints"]),
    md("""
## Check your understanding ｜ 自测
1. *(recall)* Name the sections of the customer-360 view an agent should read before returning a complaint call, and say what each tells them.
2. *(data)* In 7.4, the care team's follow-ups to C00031 went unanswered. What in the record explains it, and what should change?
3. *(data)* The wake-up rule's cost per extra reactivated customer is about ¥49 (7.7). Why divide by the *extra* reactivations and not by all reactivated customers — and what would the figure be without a control group?
4. *(judgement)* A colleague proposes dropping the frequency cap "so that no dormant customer is missed". What do you answer?

<details><summary>Suggested answers ｜ 参考答案</summary>

1. Profile and consent (who, and on which channels you may call), tickets with response times (what went wrong and how we answered), follow-ups (who spoke to her last and what was promised), value and risk (what is at stake), the next action with its reason.
2. The shipped log shows e-mails and SMS with no answer; her consent flags allow phone, and she does not allow WeChat. Call her — and record the channel that works so the next colleague uses it.
3. Some dormant customers come back without any offer (the control group's 7.6 %); paying for them is not an effect of the offer. Dividing by all reactivated treatment customers would make the offer look almost half as expensive as it is (about ¥28).
4. Without a cap the rule messages the same customers every day: costs multiply, opt-outs rise and the customers we want back learn to ignore us. A 30-day cap still reaches every dormant customer once a month; if some are missed, widen the audience or add a second channel, not the frequency.
</details>
""", slide="slide", tags=["questionnaire"]),
    md("""
This is the last chapter: the course map in [the welcome notebook](00_welcome.ipynb) shows what
you have done, and the exercise notebooks remain there for practice.
""", slide="-"),
    md("footer", slide="-", tags=["footer"]),
]

write_notebook("notebooks/07_crm_workbench.ipynb", cells)
