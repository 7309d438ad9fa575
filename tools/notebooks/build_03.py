"""Write notebooks/03_communication.ipynb (then run `crm-course build` and execute it)."""

from course_lib.notebook_tools import code, md, notes, write_notebook

cells = [
    md("# placeholder", slide="slide", tags=["header"]),
    md("""
Lumen 澜悦 talks to its customers through ads, search, articles, the mini-program, advisors,
stores, checkout and after-sales service — and through SMS, e-mail, WeChat and app pushes.
Each channel was set up by a different team, so nobody sees the whole conversation. This
chapter follows the training material's strategy frame — **read the need → tailor the
content → choose the moment** — and joins the channels into one picture: the journey a
customer takes, how it feels at each touchpoint, which channels earn the order, when to send
a message, and how to follow up.

澜悦通过广告、搜索、内容、小程序、顾问、门店、结算与售后和客户打交道,又通过短信、邮件、微信和App推送触达客户。
各渠道各自为政,没有人看到完整的对话。本章沿着"识别需求 → 定制内容 → 把握时机"的框架,把渠道整合成一张图:
客户旅程、各触点体验、渠道贡献、发送时机与回访关怀。
"""),
    notes("""
Open with a question to the room: "How many different teams at your company talk to the same
customer in one week? Who sees all of it?" The chapter answers with data in five steps. Budget:
70 minutes plus 35 for the exercises. For front-line staff spend longer on 3.3 and 3.7
(touchpoints and follow-up); for managers and marketers on 3.5 and 3.6 (attribution, A/B
tests).
"""),
    md("""
## Learning objectives ｜ 学习目标
After this chapter you can:
1. turn touchpoint events into journeys and draw a journey map with conversion and drop-off between touchpoints (→ Exercises 3.1–3.2, question 1)
2. run a touchpoint thermometer with control limits and name the problem touchpoints (→ Exercise 3.3, question 2)
3. compare six attribution models and explain why first touch, last touch and Markov disagree (→ Exercise 3.4, question 3)
4. read a customer's purchase cycle, test a message-timing change and size the next test (→ Exercises 3.5 and 3.7–3.8)
5. plan follow-ups by tier, purchase cycle and the channel customers answer, and judge a budget shift (→ Exercises 3.6 and 3.9, question 4)
""", slide="subslide", tags=["objectives"]),
    code("""
import pandas as pd

from course_lib import data, experiments, journey, plots, widgets

plots.use_theme()
touchpoints = data.load_touchpoints()
customers = data.load_customers()
orders = data.load_orders()
AS_OF = data.AS_OF
""", slide="skip"),

    # ------------------------------------------------------------------ 3.1
    md("""
## 3.1 From touchpoint events to journeys ｜ 从触点事件到客户旅程
The `touchpoints` table has one row per event: a customer met the brand at a journey
**stage** (ad view, search, content, mini-program browse, consultation, store visit, checkout,
after-sales) through a marketing **channel**, sometimes rated it (1–5), and the event belongs
to a **journey** that did or did not end in an order:
""", slide="slide"),
    code("""
touchpoints.head(6)
"""),
    md("""
A CRM reasons in journeys, not events. `journey.build_journeys` puts each journey's events
in time order and keeps the sequence of channels (`path`) and stages:
""", slide="fragment"),
    code("""
journeys = journey.build_journeys(touchpoints)
journeys[["customer_id", "touches", "path", "converted"]].head()
"""),
    code("""
pd.Series({
    "events 事件": len(touchpoints),
    "journeys 旅程": len(journeys),
    "customers with a journey 有旅程的客户": journeys["customer_id"].nunique(),
    "touches per journey (median) 每段旅程触点数": journeys["touches"].median(),
    "share of journeys ending in an order 转化率": round(journeys["converted"].mean(), 3),
}).to_frame("value")
"""),
    md("""
Per customer, `journey.customer_journeys` counts journeys and conversions — the view an
advisor needs before calling someone:
""", slide="fragment"),
    code("""
per_customer = journey.customer_journeys(journeys)
per_customer["journeys"].describe().round(2).to_frame("journeys per customer")
"""),
    md("""
**Takeaway ｜ 小结:** events become journeys once they are grouped and ordered; the
conversion rate above is per journey — counting rows instead would give long journeys more
weight (Exercise 3.1 asks for exactly this number).
""", slide="fragment"),

    # ------------------------------------------------------------------ 3.2
    md("""
## 3.2 The customer journey map ｜ 客户旅程地图
> **Claim ｜ 观点:** map the customer journey on 5–8 key touchpoints and hold every
> touchpoint to shared service standards ([sources](../docs/sources.md#journey-map)); experience
> breaks between online and offline are a main challenge ([sources](../docs/sources.md#experience-breaks)).

Lumen's map has eight touchpoints. A journey *reaches* a touchpoint when it gets that far;
`step_conversion` is the share that goes on to the next touchpoint and `drop_off` the share
that stops:
""", slide="slide"),
    code("""
journey_map = journey.journey_map(touchpoints)
journey_map
"""),
    md("""
The same table as a figure: bars are journeys reaching each touchpoint, the percentage after
each bar is the step conversion, ★ the mean rating. The touchpoints the thermometer in 3.3
flags are drawn in red:
""", slide="subslide"),
    code("""
thermo = journey.thermometer(touchpoints)
problems = journey.problem_touchpoints(thermo)
plots.journey.journey_map(journey_map, problems=problems);
"""),
    code("""
weakest = journey_map["satisfaction"].nsmallest(3).index.tolist()
before_order = journey_map.loc[:"store_visit"]
biggest_drop = before_order["drop_off"].idxmax()
print(f"Lowest-rated touchpoints 评分最低: {weakest}")
print(f"Largest drop-off before checkout 下单前流失最大: {biggest_drop} "
      f"({before_order.loc[biggest_drop, 'drop_off']:.0%} stop there)")
"""),
    md("""
**Takeaway ｜ 小结:** the map shows *where* journeys leak and where ratings sag; a touchpoint
that is both poorly rated and followed by a large drop-off is the first place to fix. (After
checkout the order is won: only journeys with an after-sales contact go on, so the "drop"
there is no loss — which is why we look for leaks before checkout.)
""", slide="fragment"),
    md("""
### Shared standards at every touchpoint ｜ 触点服务标准清单
A journey map is only useful with a promise at each touchpoint that every channel keeps. The
checklist below is the course's proposal for Lumen (course design), measured against a target
mean rating of 4.0:
""", slide="subslide"),
    code("""
journey.standards_checklist(touchpoints)[["stage_zh", "standard", "satisfaction", "meets"]]
"""),
    notes("""
Ask each table group to rewrite one standard for their own company. Good standards are
observable ("first reply within 2 minutes"), not wishes ("friendly service").
"""),

    # ------------------------------------------------------------------ 3.3
    md("""
## 3.3 The touchpoint thermometer ｜ 触点温度计
> **Claim ｜ 观点:** a touchpoint thermometer monitors the experience at every touchpoint in
> real time and flags the problem ones ([sources](../docs/sources.md#touchpoint-thermometer)).

A thermometer needs a rule for "too cold". We borrow the control chart from quality
management. Each month and touchpoint we take the share of low ratings (1–2 of 5); the centre
line is the brand-wide share — the shared standard — and the control limits are three
standard errors around it, narrower where more customers rated (a **p-chart**). A month
above the upper limit is flagged:
""", slide="slide"),
    code("""
thermo.head()
"""),
    code("""
plots.journey.thermometer_heatmap(thermo);
"""),
    md("""
One bad month can be chance; a touchpoint flagged month after month is a problem. The summary
calls a touchpoint a *problem touchpoint* when at least half of its months are flagged:
""", slide="subslide"),
    code("""
journey.thermometer_summary(thermo)
"""),
    code("""
print("Problem touchpoints 问题触点:", ", ".join(f"{s} {journey.STAGE_NAMES_ZH[s]}" for s in problems))
plots.journey.control_chart(thermo, problems[0]);
"""),
    md("""
**Takeaway ｜ 小结:** the problem touchpoints stay above the brand standard almost every
month — a lasting weakness of the process, not a bad week; they are also the red bars of the
journey map in 3.2.
""", slide="fragment"),
    md("""
**Try it ｜ 动手试试:** switch to an X-bar chart of the mean rating, widen or narrow the limits,
or count 3 as a low rating. Which touchpoints stay flagged whatever you choose?
""", slide="subslide"),
    code("""
widgets.journey.thermometer_explorer(touchpoints)
""", tags=["try-it", "nbval-ignore-output"]),
    notes("""
Point out that narrower limits (±2σ) flag more months by chance alone: with eight touchpoints
and 24 months there are 192 chances. That is why the rule asks for half of the months.
"""),

    # ------------------------------------------------------------------ 3.4
    md("""
## 3.4 Reading the need: seven signals ｜ 识别需求:七大信号
> **Claim ｜ 观点:** a customer's need state can be read from seven signals; the training
> material names three — active product search, negative social-media comments and an
> abnormal gap in the usual purchase cycle ([sources](../docs/sources.md#seven-signals)).

The other four below are the course's own design, and say so. Lumen has no social-media
feed, so negative tickets stand in for negative comments. Each rule is written down, so a
team can argue about it:
""", slide="slide"),
    code("""
journey.SIGNALS[["signal_zh", "source", "expects", "rule"]]
"""),
    md("""
A signal is only worth acting on if it predicts something. We flag every customer as of
1 October 2024, using only what happened before, and score each signal against the next
30 days: did the customer buy? *Precision* is the share of flagged customers whose expected
outcome happened (a purchase, or for warning signals no purchase); *coverage* the share of all
customers with that outcome whom the signal caught; *lift* compares precision with the base rate.
""", slide="subslide"),
    code("""
signal_day = pd.Timestamp("2024-10-01")
flags = journey.need_signals(
    customers, orders=orders, touchpoints=touchpoints, tickets=data.load_tickets(),
    surveys=data.load_surveys(), campaigns=data.load_campaigns(), as_of=signal_day)
bought = journey.next_purchase(orders, customers, as_of=signal_day, horizon_days=30)
scores = journey.score_signals(flags, bought)
scores.round(3)
"""),
    code("""
plots.journey.signal_scores(scores);
"""),
    code("""
useful = scores[scores["lift"] > 1.1].index.tolist()
print(f"Signals that beat the base rate by more than 10 % 优于基准的信号: {useful}")
print(f"Customers with at least one signal 至少一个信号的客户: {flags.any(axis=1).mean():.1%}")
"""),
    md("""
**Takeaway ｜ 小结:** signals differ a lot in precision and reach; keep the ones with a lift
clearly above 1, and re-score them every quarter — a rule no one checks turns into noise.
""", slide="fragment"),
    md("""
### The purchase cycle and when to get in touch ｜ 购买周期与联系时机
The third named signal needs a *usual* cycle first: the median gap between a customer's order
days (customers with at least three). When the silence lasts more than 1.5 usual gaps, the
gap is abnormal. The suggested contact day is three days before the next order is due — or
today, when that day has passed:
""", slide="subslide"),
    code("""
cycle = journey.purchase_cycle(orders, as_of=AS_OF)
cycle.sort_values("gap_ratio", ascending=False).head(8)
"""),
    code("""
pd.Series({
    "customers with a usual cycle 有稳定周期的客户": len(cycle),
    "median usual gap, days 典型间隔(天)": cycle["usual_gap_days"].median(),
    "abnormal gap now 当前周期异常": int(cycle["abnormal"].sum()),
    "contact due in January 2025 一月应联系": int((cycle["suggested_contact"] < "2025-02-01").sum()),
}).to_frame("value")
"""),
    md("""
**Takeaway ｜ 小结:** timing starts from the customer's own rhythm: a weekly buyer silent for
three weeks and a quarterly buyer silent for three weeks are in different states.
""", slide="fragment"),

    # ------------------------------------------------------------------ 3.5
    md("""
## 3.5 Which channels earn the order? Attribution ｜ 渠道归因
> **Claim ｜ 观点:** Markov-chain and Shapley-value models quantify each channel's contribution
> to conversion and guide the budget ([sources](../docs/sources.md#attribution)).

Attribution shares the credit for each order among the channels of its journey. Six models,
from the simplest to the two the training material names:

| model 模型 | rule |
|---|---|
| first touch 首次触点 | all credit to the first channel |
| last touch 末次触点 | all credit to the last channel (what most ad dashboards report) |
| linear 线性 | equal credit to every touch |
| time decay 时间衰减 | credit halves with every step back from the order |
| Markov 马尔可夫 | how much conversion falls if the channel were removed from the chain of transitions |
| Shapley 沙普利 | each channel's average marginal contribution over all orders in which channels could join |
""", slide="slide"),
    code("""
attribution = journey.attribution_table(journeys["path"], journeys["converted"])
attribution.round(3)
"""),
    code("""
plots.journey.attribution_bars(attribution);
"""),
    md("""
How the Markov model works: count every move — start → first channel, channel → next channel
(repeats included), last channel → order or no order — and turn the counts into transition
probabilities. The *removal effect* of a channel is how much the chance of reaching an order
falls when every move into that channel goes nowhere instead. The shares are the removal
effects scaled to add up to 1. Unlike the rules above it uses the journeys that did *not*
convert too. Here are the removal shares next to last touch, with the gap between them:
""", slide="subslide"),
    code("""
gap = (attribution["markov"] - attribution["last_touch"]).sort_values()
pd.DataFrame({"last_touch": attribution["last_touch"], "markov": attribution["markov"],
              "markov − last": gap}).loc[gap.index].round(3)
"""),
    md("""
**Takeaway ｜ 小结:** channels that open journeys look weak under last touch and stronger under
Markov and first touch; channels that close them do the opposite. A budget set on last touch
alone starves the channels that start the conversation.
""", slide="fragment"),
    md("""
**Try it ｜ 动手试试:** choose which models to compare and change the time-decay half-life. At
which half-life does time decay look like last touch, and at which like linear?
""", slide="subslide"),
    code("""
widgets.journey.attribution_explorer(journeys["path"], journeys["converted"])
""", tags=["try-it", "nbval-ignore-output"]),
    notes("""
The Shapley column equals splitting each order evenly among the distinct channels of its
journey (a known property of this "simplified" Shapley game) — so it ignores order, repeats and
lost journeys. Say so if someone asks why Shapley and linear look alike. Neither model proves
causation: only an experiment with a control group does (3.6 and chapter 2's wake-up test).
"""),

    # ------------------------------------------------------------------ 3.6
    md("""
## 3.6 Choosing the moment: a message-timing A/B test ｜ 发送时机的A/B测试
Timing is the third step of the strategy frame. Lumen ran a test: the same message, sent to
randomly chosen customers either in the morning or in the evening. Did the hour change how
many customers ordered within 7 days?
""", slide="slide"),
    code("""
campaigns = data.load_campaigns()
names = campaigns["campaign_name"].str.lower()
contacts = campaigns[names.str.contains("timing")].assign(
    slot=lambda f: f["send_hour"].lt(12).map({True: "morning", False: "evening"}))
contacts.groupby("slot")["send_hour"].agg(["min", "max", "size"])
"""),
    code("""
timing = experiments.compare_groups(contacts, group="slot", outcome="converted",
                                    a="morning", b="evening")
print(timing)
timing.to_frame()
"""),
    code("""
plots.journey.ab_test(timing);
"""),
    md("""
The test is a **two-proportion z-test**: if the hour made no difference, how often would two
random groups of these sizes differ this much? That chance is the p-value. The confidence
interval gives the range of differences the data are compatible with — more useful to a
manager than "significant or not".

Before the next test, decide how small an effect is worth finding and compute how many
contacts it needs. To detect one percentage point on the morning rate with 80 % power:
""", slide="subslide"),
    code("""
n_needed = experiments.sample_size(timing.rate_a, mde=0.01)
print(f"{n_needed:,} contacts per group 每组 ({2 * n_needed:,} in all 共计); "
      f"this test had {timing.n_a:,} and {timing.n_b:,}.")
print(f"With this test's sizes, the smallest detectable rise was "
      f"{experiments.minimum_detectable_effect(timing.rate_a, min(timing.n_a, timing.n_b)):.2%}.")
"""),
    md("""
**Takeaway ｜ 小结:** read the interval, not just the p-value, and size a test before running it:
small effects on low conversion rates need thousands of contacts per group.
""", slide="fragment"),
    md("""
**Try it ｜ 动手试试:** how many contacts would you need to detect half a percentage point? What
does raising the power to 90 % cost?
""", slide="subslide"),
    code("""
widgets.journey.sample_size_calculator(baseline=round(timing.rate_a, 2))
""", tags=["try-it", "nbval-ignore-output"]),

    # ------------------------------------------------------------------ 3.7
    md("""
## 3.7 Follow-up and care ｜ 回访与关怀
> **Claim ｜ 观点:** schedule follow-ups (回访) by customer type and purchase frequency, with
> targeted content (onboarding, maintenance, VIP care), on the channels customers answer, and
> record every one ([sources](../docs/sources.md#follow-up)).

Lumen records its follow-ups. Which channels do customers answer? (The interval is a 95 %
Wilson interval.)
""", slide="slide"),
    code("""
followups = data.load_followups()
response = journey.followup_response(followups)
response
"""),
    code("""
plots.journey.response_rates(response);
"""),
    code("""
journey.followup_response(followups, by="purpose")
"""),
    md("""
**Takeaway ｜ 小结:** response rates differ by channel and by purpose; the plan below sends each
customer's follow-up on the best-answered channel they consented to.
""", slide="fragment"),
    md("""
### A follow-up plan by tier and purchase cycle ｜ 按等级与周期的回访计划
The course's rules: new customers get onboarding at once; gold and platinum members get VIP
care; everyone else maintenance. The interval comes from the tier (platinum 30 days, gold 45,
silver 60, member 90), shortened to the customer's own purchase cycle when that is shorter:
""", slide="subslide"),
    code("""
journey.TIER_INTERVALS
"""),
    code("""
plan = journey.followup_plan(customers, orders, as_of=AS_OF, followups=followups)
plan.head()
"""),
    code("""
due_soon = plan[plan["next_followup"] < AS_OF + pd.Timedelta(days=14)]
pd.crosstab(due_soon["purpose"], due_soon["channel"], margins=True, margins_name="total")
"""),
    md("""
### An event-triggered care calendar ｜ 事件触发的关怀日历
The care plan greets customers on birthdays and holidays, rewards heavy buyers with a surprise
(the training material's coffee chain gives customers buying 10+ times a month a custom cup
and a handwritten card), marks life stages, follows up after an order and reminds before a
date that matters. An online travel platform reported 40 % fewer complaints after adding a
follow-up three days after ordering and a reminder one day before travel
([sources](../docs/sources.md#travel-followup)). At Lumen the reminder is for expiring points,
and the life stage is the membership anniversary. January 2025:
""", slide="subslide"),
    code("""
calendar = journey.care_calendar(customers, orders, start="2025-01-01", end="2025-02-01",
                                 loyalty=data.load_loyalty())
calendar.groupby("trigger").agg(messages=("customer_id", "size"),
                                customers=("customer_id", "nunique"),
                                first_day=("date", "min"))
"""),
    code("""
calendar[calendar["customer_id"] == calendar["customer_id"].iloc[0]]
"""),
    md("""
**Takeaway ｜ 小结:** triggers turn care from a campaign into a routine; but count the messages
per customer before switching them on — a holiday greeting to everyone on top of
birthday and order follow-ups can feel like spam. Chapter 6's automation rules cap contacts at
one per customer and day and respect consent.
""", slide="fragment"),
    notes("""
Ask: which of these triggers would you switch off first if complaints about "too many
messages" rose? Usually the holiday broadcast — it is the least personal.
"""),

    # ------------------------------------------------------------------ exercises
    md("""
## Exercises ｜ 练习
Practise on the same data in [the chapter 3 exercises](../exercises/ch03_communication.ipynb)
(or run `crm-course start 3` for your own copy): count journeys, rate touchpoints, find the
problem touchpoints, compute last-touch credit by hand, write a purchase-gap function, compare
follow-up channels, read the timing test and size the next one, and argue a budget shift.
""", slide="slide"),

    # ------------------------------------------------------------------ key points
    md("""
## Key points ｜ 要点
- Group events into journeys before counting: rates per journey, not per event row.
- A journey map shows where journeys leak; a thermometer with control limits separates lasting problem touchpoints from bad luck.
- A need signal is a written rule scored against what customers did next — keep those with real lift.
- Attribution models disagree by design: last touch favours closers, first touch openers; Markov uses lost journeys too. None replaces an experiment.
- Size an A/B test before running it, read the confidence interval, and follow up on the channels customers actually answer.
""", slide="slide", tags=["keypoints"]),

    # ------------------------------------------------------------------ questionnaire
    md("""
## Check your understanding ｜ 自测
1. *(recall)* Which three need signals does the training material name, and why does the
   course use complaint tickets for one of them?
2. *(data)* Which touchpoints does the thermometer flag, and are they the same ones where the
   journey map shows the lowest ratings? What would you check next?
3. *(data)* Pick the channel whose share changes most between last touch and Markov. What
   role does it play in journeys, and what would happen to conversions if its budget were cut
   because of the last-touch report?
4. *(judgement)* The timing test found a difference. Would you move *all* messages to the
   winning slot tomorrow? What else would you want to know?

<details><summary>Suggested answers ｜ 参考答案</summary>

1. Active product search, negative social-media comments and an abnormal gap in the usual
   purchase cycle. Lumen has no social-media data; negative-sentiment tickets are the closest
   signal of public dissatisfaction it holds — a stand-in, stated as such.
2. See the summary table in 3.3: the flagged touchpoints are also among the lowest-rated on
   the map. Next: read their tickets and comments, check whether the problem is in every
   city and channel, and compare the months before and after any process change.
3. A channel that gains under Markov tends to open or carry journeys rather than close them;
   cutting it removes the moves that lead into the closing channels, so conversions fall
   further than last touch predicts. Test the cut on a region first.
4. Not all at once: check that the effect holds per channel and segment, that the interval's
   lower end is still worth the change, and that the test period was typical; roll out with
   a holdout group and keep measuring.
</details>
""", slide="slide", tags=["questionnaire"]),
    md("""
Next, chapter 4 turns from talking to customers to serving them: complaint handling within the
1-hour promise, root-cause reviews and what response time does to churn.
"""),
    md("# placeholder", tags=["footer"]),
]

write_notebook("notebooks/03_communication.ipynb", cells)
