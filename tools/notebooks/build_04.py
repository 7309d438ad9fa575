"""Write notebooks/04_service.ipynb (then run `crm-course build` and execute it)."""

from course_lib.notebook_tools import code, md, notes, write_notebook

cells = [
    md("# placeholder", slide="slide", tags=["header"]),
    md("""
A complaint is the moment a relationship is most at risk — and, handled well, the moment it
can grow strongest. This chapter measures Lumen's service the way a service manager would:
how fast complaints get an answer and a solution, what a late answer costs in satisfaction
and in customers, how customers rate the brand (NPS), which causes produce most complaints
and what the prevent → respond → review loop is worth. Then come the tools: a role-play of
the empathy method, a classifier that reads complaint texts in Chinese and English, and a
staffing calculator that says how many agents a promise needs.

投诉是客户关系最危险的时刻,处理得好也是关系升温的时刻。本章像服务经理一样衡量澜悦的服务:响应与解决有多快、超时的代价、
NPS、投诉根因,以及"预防-响应-复盘"闭环的价值;再练习同理心沟通,用情感分析读投诉文本,用 Erlang C 测算人手。
""", slide="-"),
    notes("""
The chapter follows one complaint's life: it arrives (4.1 speed), it is felt (4.2 cost, 4.3
NPS), it is explained (4.4 root causes), it is prevented next time (4.5 loop), and in the
moment itself it is a conversation (4.6 empathy) that machines can help read (4.7) and that
needs someone on duty to answer (4.8). Budget: 70 minutes plus 35 for the exercises.
"""),
    md("""
## Learning objectives ｜ 学习目标
After this chapter you can:
1. measure first-response and resolution times against the 1-hour and 24-hour promises, by channel and severity (→ Exercise 4.1)
2. show what a late answer costs in CSAT and churn, and compute NPS with its uncertainty (→ Exercises 4.2–4.3, question 2)
3. turn complaints into a Pareto table and a root-cause review on three dimensions, and price the prevent → respond → review levers (→ Exercise 4.6, question 3)
4. answer a complaint with the three-step empathy method and judge a sentiment classifier on held-out texts (→ Exercise 4.5, question 1)
5. compute with Erlang C how many agents a response promise needs (→ Exercise 4.4, question 4)
""", slide="subslide", tags=["objectives"]),
    code("""
import numpy as np
import pandas as pd

from course_lib import data, plots, roleplay, service, widgets

plots.use_theme()
tickets = data.load_tickets()
surveys = data.load_surveys()
orders = data.load_orders()
customers = data.load_customers()
loyalty = data.load_loyalty()
""", slide="skip"),

    # ------------------------------------------------------------------ 4.1
    md("""
## 4.1 How fast does Lumen answer? ｜ 响应与解决速度
> **Claim ｜ 观点:** respond to a complaint within **1 hour**, and give complex cases a
> solution within **24 hours** ([sources](../docs/sources.md#complaint-rules)).

Each of Lumen's complaint tickets records when it arrived, when an agent first answered and
when it was closed with a solution. First the whole desk against the two promises:
""", slide="slide"),
    code("""
times = service.ticket_times(tickets)
service.sla_table(tickets).round(2)
"""),
    md("""
The median complaint is answered within the hour, yet a large minority waits longer: a median
hides the tail, and the tail is where customers are lost. The distribution per channel shows
where the tail comes from:
""", slide="fragment"),
    code("""
plots.service.response_times(times, by="channel");
"""),
    code("""
by_channel = service.sla_table(tickets, by="channel")
by_channel.round(2)
"""),
    code("""
plots.service.promises_kept(by_channel);
"""),
    md("""
Phone and store answer almost at once; e-mail and app messages sit in a queue for hours.
The solution time depends on something else — how hard the case is:
""", slide="subslide"),
    code("""
service.sla_table(tickets, by="severity").round(2)
"""),
    md("""
**Takeaway ｜ 小结:** the 1-hour promise is a *channel* problem (the written channels wait),
the 24-hour promise a *severity* problem (high-severity cases take days). The two need different
fixes: queue rules and alerts for the first, escalation and authority to decide for the second.
""", slide="fragment"),

    # ------------------------------------------------------------------ 4.2
    md("""
## 4.2 What a late answer costs ｜ 超时的代价
The material says only that quick resolution avoids churn; our data let us measure it. First
satisfaction with the handling (CSAT 1–5; *satisfied* = 4 or 5), split by both promises:
""", slide="slide"),
    code("""
service.csat_by_sla(tickets).round(2)
"""),
    md("""
Each promise kept adds about a point of CSAT; a complaint that misses both leaves almost
nobody satisfied. Do late answers also cost customers? For each month we take the customers
who complained and follow them from the first day of the next month: *lost* means no order in
the following 180 days (`churn.churn_label`, as in chapter 5).
""", slide="subslide"),
    code("""
followed = service.complaint_churn(tickets, orders, horizon_days=180)
ratio = service.late_churn_ratio(followed)
ratio.round(3)
"""),
    code("""
plots.service.churn_after_answer(ratio);
"""),
    md("""
Customers whose complaint waited beyond the hour are lost far more often than those answered
in time. This is a comparison, not an experiment: late answers cluster in e-mail and the app,
whose users may differ. Chapter 3's controlled test is how a brand would prove the effect
before investing — but the size of the gap already says where to look.
""", slide="fragment"),
    md("""
**Takeaway ｜ 小结:** a missed promise costs twice — a lower rating today and a customer who
does not come back. That turns "answer within an hour" from courtesy into money.
""", slide="fragment"),
    notes("""
Ask the room before showing the ratio: "how much more often do you think late-answered
customers leave?" Guesses are usually far below the data. The course data plant a strong
effect (documented in datasets/README.md); stress that real brands must measure their own.
"""),

    # ------------------------------------------------------------------ 4.3
    md("""
## 4.3 Measuring satisfaction: NPS ｜ 满意度测评与净推荐值
Satisfaction is measured by questionnaires, online surveys and interviews. Lumen sends a
short online survey after some orders with three questions — a small survey design worth
copying:

| question | scale | what it measures |
|---|---|---|
| How likely are you to recommend Lumen to a friend? 您向朋友推荐澜悦的可能性有多大? | 0–10 | NPS, the relationship |
| How satisfied are you with Lumen overall? 您对澜悦的整体满意度? | 0–100 | overall satisfaction |
| How satisfied are you with this purchase? 您对本次购买满意吗? | 1–5 | CSAT, the transaction |

One question per idea, the relationship before the transaction, the same scale every time so
answers compare over time. The **net promoter score** counts promoters (9–10) minus
detractors (0–6), in points from −100 to 100:
""", slide="slide"),
    code("""
overall = service.nps_interval(surveys["nps"], seed=0)
mix = service.nps_category(surveys["nps"]).value_counts(normalize=True).reindex(
    ["promoter", "passive", "detractor"])
print(f"NPS {overall['nps']:+.1f} (95 % interval {overall['low']:+.1f} … {overall['high']:+.1f}, "
      f"{overall['answers']:,.0f} answers)")
mix.round(3)
"""),
    md("""
A brand in trouble: more detractors than promoters. The interval comes from the bootstrap —
resample the answers many times and see how much the score moves. Per quarter the intervals
are wider, because each quarter has fewer answers:
""", slide="subslide"),
    code("""
by_quarter = service.nps_table(surveys, freq="QE", seed=0)
plots.service.nps_over_time(by_quarter);
"""),
    code("""
by_quarter[["answers", "nps", "low", "high"]].round(1)
"""),
    md("""
NPS rose in 2024 by more than the width of the intervals, so the change is real rather than
noise. What moves it? Each survey answer is joined to what the respondent lived through before
answering — a complaint in the previous 90 days, a late answer to it, the tier held that day,
the spend of the previous year:
""", slide="subslide"),
    code("""
features = service.survey_features(surveys, tickets, orders, customers, loyalty, window_days=365)
tiers = ["member", "silver", "gold", "platinum"]
by_tier = service.nps_table(features, by="tier", seed=0).reindex(tiers)
by_tier.index.name = "tier"
plots.service.nps_mix(by_tier);
"""),
    code("""
features.groupby("tier")[["complaint", "late_answer", "spend_365d"]].mean().reindex(tiers).round(2)
"""),
    md("""
Platinum members are the *least* likely to recommend Lumen. They are also the ones who buy
most — and so have lived through the most complaints and late answers in the year before
answering. Is it the tier or the experience? A regression holds each factor fixed while it
measures the others:
""", slide="fragment"),
    code("""
drivers = service.nps_drivers(features)
drivers.round(3)
"""),
    code("""
plots.service.nps_drivers(drivers);
"""),
    md("""
Read each effect *with the others held fixed*: a complaint answered on time costs little; a
late answer takes more than a point off the 0–10 score — enough to turn a passive into a
detractor. Once the experience is in the model, the platinum gap shrinks to a fraction of a
point: Lumen's best customers are not unhappy because they are platinum but because they
complain most and are too often answered late. The regression shows association, not cause;
but it points at the same lever as 4.2.
""", slide="fragment"),
    md("""
**Takeaway ｜ 小结:** report NPS with its interval, compare periods only when the intervals
say the change is real, and look for drivers in what customers experienced — here, the speed of
the answer.
""", slide="fragment"),

    # ------------------------------------------------------------------ 4.4
    md("""
## 4.4 Why do customers complain? ｜ 投诉根因
> **Claim ｜ 观点:** review the root cause after every complaint, on three dimensions —
> customer needs, service process, staff training; a bank that found unclear app guidance
> cut operating errors by 62 % after the fix ([sources](../docs/sources.md#root-cause)).

Complaint handling starts with a good record: *what* was complained about, *how* it was
handled, and *the result*. Three of Lumen's records:
""", slide="slide"),
    code("""
records = service.complaint_records(tickets)
records.loc[["T00001", "T00002", "T00003"]].round(2).T
"""),
    md("With every complaint recorded, the causes can be counted — largest first, a Pareto table:", slide="fragment"),
    code("""
causes = service.pareto_table(tickets)
causes.round(3)
"""),
    code("""
plots.service.pareto(causes);
"""),
    md("""
Five of the seven causes make up 80 % of complaints: fixing one cause will not be enough,
but the top two — late deliveries and product quality — make up nearly half. The review sheet
adds how each cause is handled and where its review should look first:
""", slide="subslide"),
    code("""
review = service.root_cause_review(tickets)
review.round(2)
"""),
    md("""
The dimension is where the review *starts*, not its verdict (course design): a late delivery
is first a process question (warehouse, courier, promise), a wrong size first a question of
what the customer needed to know (a size chart that says "runs small"), a rude assistant first
a question of training. Each review asks all three.
""", slide="fragment"),
    md("""
**Takeaway ｜ 小结:** record every complaint in three parts, count the causes, and send each
large cause to the dimension where its fix is likely to be.
""", slide="fragment"),

    # ------------------------------------------------------------------ 4.5
    md("""
## 4.5 Prevent → respond → review ｜ 预防-响应-复盘闭环
> **Claims ｜ 观点:** an online travel platform that followed up 3 days after ordering and
> reminded customers 1 day before travel saw **40 %** fewer complaints; a hotel double-confirms
> room preferences by SMS and phone the day before arrival
> ([sources](../docs/sources.md#travel-followup)); a courier that refunded a late delivery in
> full and added a free year of insurance raised satisfaction from **30 % to 85 %**
> ([sources](../docs/sources.md#over-compensation)).

Turned into what-ifs on Lumen's own complaints (a year's volume), one lever at a time: the
follow-up before delivery applied to delivery complaints, double confirmation (no figure in
the material — we assume 30 %) to wrong sizes, over-compensation to late deliveries, the
root-cause fix (−62 %) to app problems. Customers kept count only the late-answer effect
measured in 4.2:
""", slide="slide"),
    code("""
loop = service.service_loop(tickets, followed)
loop[["complaints_affected", "complaints_avoided", "late_answers_avoided", "customers_kept",
      "satisfied_before", "satisfied_after"]].round(2)
"""),
    code("""
plots.service.service_loop(loop);
"""),
    md("""
Answering every complaint on time keeps the most customers, because it touches every
complaint; each prevention lever touches one cause but removes the complaint altogether — no
cost of handling, no risk of a late answer. Over-compensation changes no volume but lifts the
share of satisfied delivery complainers from about half to 85 %, the courier's "after" figure.
""", slide="fragment"),
    md("""
**Takeaway ｜ 小结:** the loop needs all three stages: prevention shrinks the volume, fast
and generous response protects the customers who still complain, and review finds the next
cause to prevent.
""", slide="fragment"),
    md("""
The same loop, run on the whole customer journey rather than on complaints, is *experience
optimisation* (体验优化): map the journey (chapter 3's journey map), collect feedback at each
touchpoint (the touchpoint ratings, the surveys of 4.3), and act first where satisfaction and
conversion drop — then measure again.
""", slide="fragment"),
    notes("""
The figures are the material's claims applied to our volume; they are planning numbers, not
forecasts. Invite the room to change a lever's category or size (every lever is an argument
of `service.service_loop`) and see what moves.
"""),

    # ------------------------------------------------------------------ 4.6
    md("""
## 4.6 The three-step empathy method ｜ 同理心三步法
> **Claim ｜ 观点:** answer with empathy rather than a mechanical apology — "I completely
> understand how you feel; in your place I would be angry too"
> ([sources](../docs/sources.md#empathy-method)).

The material names a three-step empathy method without giving the steps; the course's steps
(course design) are:

1. **Acknowledge the feeling** 认可感受 — say what the customer feels and why it is reasonable, before any explanation;
2. **Clarify and own the problem** 澄清并担责 — restate the facts, ask for what is missing, take responsibility instead of passing it on;
3. **Solve and follow up** 方案与跟进 — a concrete solution with a time, compensation where it is due, and a promise to check back.

Each role-play is a scenario file with one turn per step; every answer scores 0–3 with
feedback. An agent who is kind but vague gets this far:
""", slide="slide"),
    code("""
mixed = roleplay.play("late_gift", [0, 2, 1])
print(f"{mixed.total} / {mixed.scenario.max_score}: {mixed.outcome().label}")
mixed.transcript()
"""),
    md("""
**Try it ｜ 动手试试:** a complaint arrives — choose an answer at each step and read the
feedback. Then try `"double_charge"` and `"wrong_size"`.
""", slide="subslide"),
    code("""
widgets.service.empathy_roleplay("late_gift")
""", tags=["try-it", "nbval-ignore-output"]),
    md("""
**Takeaway ｜ 小结:** the order matters — a solution offered before the feeling is heard
sounds like a brush-off, and a kind word without an owner, a time and a follow-up changes
nothing.
""", slide="fragment"),

    # ------------------------------------------------------------------ 4.7
    md("""
## 4.7 Reading complaints at scale ｜ 用情感分析读投诉
> **Claim ｜ 观点:** 24/7 online service, ticket systems and NLP sentiment analysis of service
> calls and social text spot service crises early ([sources](../docs/sources.md#service-innovation));
> Haier's full-process service raised complaint resolution by 40 % ([sources](../docs/sources.md#haier-service)).

Lumen's complaints come in Chinese and English. Chinese has no spaces between words, so
instead of words the classifier counts **character n-grams** (runs of 1–3 characters:
"失望", "不能接", "angr") weighted by TF-IDF, then a logistic regression learns which
n-grams signal which sentiment. We keep a quarter of the labelled tickets aside, stratified by
label, and never let the model see them while it learns:
""", slide="slide"),
    code("""
texts_train, texts_test, labels_train, labels_test = service.split_texts(
    tickets.set_index("ticket_id")["text"], tickets.set_index("ticket_id")["sentiment"],
    test_size=0.25, seed=0)
model = service.sentiment_model(seed=0).fit(texts_train, labels_train)
report = service.evaluate_sentiment(model, texts_test, labels_test)
report
"""),
    code("""
plots.service.confusion(report.confusion);
"""),
    md("""
Perfect on the held-out quarter — which should make us suspicious, not proud. Lumen's ticket
texts reuse a small set of phrasings, so the test texts resemble the training texts closely.
A fair test uses texts written differently, the way real customers write:
""", slide="subslide"),
    code("""
fresh = pd.DataFrame({
    "text": ["快递慢得离谱,等了半个月,气死我了", "Still waiting for my refund. Third time I write. Ridiculous.",
             "客服态度很好,问题解决得很快,点赞!", "Thanks, the exchange went smoothly.",
             "尺码偏小,能换大一号吗?", "请问退货地址是哪里?", "店员小李特别耐心,帮我挑到了合适的尺码",
             "谢谢,不过我还是想退货", "I am not angry, just tell me when it ships.", "What a joke of a service"],
    "label": ["negative", "negative", "positive", "positive", "neutral", "neutral", "positive",
              "neutral", "neutral", "negative"]})
fresh_report = service.evaluate_sentiment(model, fresh["text"], fresh["label"])
print(fresh_report)
fresh_report.misclassified
"""),
    md("""
On new phrasings the model slips: it knows the words of its training texts, not sentiment in
general. A polite "thank you, but I still want to return it" reads as praise because of
"谢谢"; "I am *not* angry" reads as anger because of "angry"; praise for a patient assistant in
words the tickets never used reads as a complaint. Two lessons: an evaluation is only as honest as its test set is *different* from the training
set, and a classifier for a real service desk must be trained on real, varied texts and
watched for the cases it gets wrong — which is why the misclassified list matters more than
the accuracy.
""", slide="fragment"),
    md("""
**Takeaway ｜ 小结:** character n-grams read Chinese and English with one pipeline; judge
the model on texts unlike its training data, and read its mistakes.
""", slide="fragment"),

    # ------------------------------------------------------------------ 4.8
    md("""
## 4.8 How many agents does a promise need? ｜ 承诺需要多少人手
A promise is kept by people on duty. The **Erlang C** model describes a queue in which
contacts arrive at random (λ per hour), each takes on average *h* minutes, and *N* agents
answer in order of arrival. The offered load A = λh/60 (in erlangs) is the number of agents
busy on average; with N > A, the probability that a contact must wait is

$$C(N, A) = \\frac{\\frac{A^N}{N!}\\frac{N}{N-A}}{\\sum_{k<N}\\frac{A^k}{k!} + \\frac{A^N}{N!}\\frac{N}{N-A}},$$

the mean wait is C·h/(N − A) and the share answered within t minutes is
1 − C·e^{−(N−A)t/h}. (The code computes it through a recursion that never forms the
factorials, so it stays exact for large queues.)

A planning example (course design): after a national roll-out, Lumen's service desk expects
**120 contacts an hour** in the evening peak, **6 minutes** each:
""", slide="slide"),
    code("""
staff = service.staffing_table(120, 6, range(13, 20), target=20 / 60)
staff.round(3)
"""),
    code("""
pd.Series({
    "phone standard: 80 % within 20 seconds": service.agents_needed(120, 6, target=20 / 60, service_level=0.8),
    "the promise: 95 % within 1 hour": service.agents_needed(120, 6, target=60, service_level=0.95),
}, name="agents needed")
"""),
    md("""
The 1-hour promise needs just one agent more than the load itself; answering the phone within
20 seconds needs several more. So the late answers of 4.1 are not a headcount problem: at
Lumen's volume a single agent could answer every e-mail within the hour. They are a queue
problem — written channels wait until someone looks at them. Erlang C assumes agents pick up
the next contact as soon as they are free; the fix for e-mail is a rule that makes them do so.
""", slide="fragment"),
    md("""
**Try it ｜ 动手试试:** how does the number of agents change when handling time falls from 6
to 4 minutes (a better knowledge base)? When the target tightens from 60 to 5 minutes?
""", slide="subslide"),
    code("""
widgets.service.staffing_lab(120, 6, target=20 / 60, goal=0.8)
""", tags=["try-it", "nbval-ignore-output"]),
    md("""
**Takeaway ｜ 小结:** staffing grows with the load and with how tight the promise is; a
generous promise is cheap to keep if every channel's queue is actually worked.
""", slide="fragment"),

    # ------------------------------------------------------------------ wrap-up
    md("""
## Exercises ｜ 练习
Practise each step in [the exercise notebook](../exercises/ch04_service.ipynb) (or run
`crm-course start 4` for your own copy): the share answered within the hour, NPS from raw
scores, the late-versus-on-time churn ratio, agents for a promise, a sentiment metric, and a
root-cause judgement on complaint records.
""", slide="slide"),
    md("""
## Key points ｜ 要点
- Measure both promises — first answer within 1 hour, solution within 24 hours — per channel and severity; medians hide the tail that loses customers.
- In Lumen's data a late answer costs about a point of CSAT and raises churn markedly; quick answers are worth money.
- Report NPS with its bootstrap interval; look for its drivers in what customers experienced.
- Record complaints as content · handling · result, count causes in a Pareto table and review them on customer needs, service process and staff training — prevent, respond, review.
- Empathy first, then ownership, then a solution with a follow-up; models that read complaints must be tested on texts unlike their training data; Erlang C says what a promise costs in agents.
""", slide="slide", tags=["keypoints"]),
    md("""
## Check your understanding ｜ 自测
1. *(recall)* Name the three steps of the course's empathy method in order, and say what goes wrong when step 3 comes first.
2. *(data)* In 4.2, late-answered complainers churn far more than on-time ones. Give one reason why this comparison could overstate the effect of answering late, and say how Lumen could measure the effect properly.
3. *(data)* The Pareto table shows five causes needed for 80 % of complaints. Which cause would you review first, and on which dimension would you start? Use the review sheet's figures.
4. *(judgement)* Lumen's e-mail complaints miss the 1-hour promise most often. The service manager asks for three more agents. Using 4.8, what would you answer?

<details><summary>Suggested answers ｜ 参考答案</summary>

1. Acknowledge the feeling, clarify and own the problem, solve and follow up. A solution offered before the customer feels heard sounds like a brush-off, and without clarifying first it may solve the wrong problem.
2. Late answers cluster in e-mail and the app, whose users (or their problems) may differ from phone and store customers — they might churn more anyway. A controlled test (chapter 3): route a random half of e-mail complaints to a fast queue and compare churn.
3. Late deliveries: the largest cause (about a quarter of complaints); start with the service process — warehouse dispatch, courier and the promised date — and then ask what customers needed to know (a reminder before delivery) and what staff can decide.
4. More agents will not fix it: at Lumen's volume one agent could answer every e-mail within the hour (Erlang C). The problem is that the e-mail queue is not worked as it arrives; fix the routing and alerts first, then measure again.
</details>
""", slide="slide", tags=["questionnaire"]),
    md("""
Next, chapter 5 asks what keeping a customer is worth — customer lifetime value — and which
loyalty programmes pay for themselves.
""", slide="-"),
    md("footer", slide="-", tags=["footer"]),
]

write_notebook("notebooks/04_service.ipynb", cells)
