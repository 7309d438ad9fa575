"""Write notebooks/01_importance.ipynb (then run `crm-course build` and execute it)."""

from course_lib.notebook_tools import code, md, notes, write_notebook

cells = [
    md("# placeholder", slide="slide", tags=["header"]),
    md("""
Why should a shop care about customers it already has, when new ones walk in every day? This
chapter answers with numbers. It takes the training material's claims about retention,
satisfaction and acquisition cost, turns each into a question, and lets Lumen's two years of
data answer. Then it builds the tools the rest of the course uses: a layered KPI system and a
weekly customer **health score** (客户健康度) that warns before a customer leaves.

老客户为什么值得维护?本章把培训材料中关于留存、满意度和获客成本的观点变成可检验的问题,用澜悦两年的数据作答;
再搭建后续章节要用的工具:分层指标体系和每周更新的客户健康度。
""", slide="-"),
    notes("""
Open with a show of hands: "who thinks keeping a customer is cheaper than winning one?"
Everyone will. The chapter's point is not that the claim is wrong but that it depends on
numbers a manager can look up — margin, retention, acquisition cost. Budget: 60 minutes plus
30 for the exercises; sections 1.3 and 1.4 are discussion, the others hands-on.
"""),
    md("""
## Learning objectives ｜ 学习目标
After this chapter you can:
1. compute a cohort's profit from margin, retention and acquisition cost, and say when "+5 points of retention → +25–95 % profit" holds (→ Exercise 1.1, question 1)
2. compare what winning and keeping a customer cost on real orders and stated assumptions (→ Exercise 1.2)
3. tell operational, analytical and collaborative CRM apart and place a KPI in its layer (→ Exercise 1.7, questions 2 and 3)
4. build a weekly 0–100 health score from components and check it against later churn with AUC and lift (→ Exercises 1.3–1.5)
5. join sales and service data to find what neither shows alone (→ Exercise 1.6, question 4)
""", slide="subslide", tags=["objectives"]),
    code("""
import numpy as np
import pandas as pd

from course_lib import data, metrics, plots, widgets

plots.use_theme()
customers = data.load_customers()
orders = data.load_orders()
surveys = data.load_surveys()
tickets = data.load_tickets()
campaigns = data.load_campaigns()
followups = data.load_followups()
AS_OF = data.AS_OF
""", slide="skip"),

    # ------------------------------------------------------------------ 1.1
    md("""
## 1.1 Why relationships matter — the claims ｜ 为什么要维护客户关系
The training material makes its case with figures. Each is a **claim** of that material
(follow the links for what it says exactly); the course tests them where our data allow.

| claim ｜ 观点 | figure | tested here |
|---|---|---|
| global CRM market in 2025 ([sources](../docs/sources.md#crm-market)) | ≈ US$180 bn, +12 % a year | context only |
| retention and profit ([sources](../docs/sources.md#retention-profit)) | +5 % retention → +25–95 % profit | 1.2, model |
| acquisition cost ([sources](../docs/sources.md#acquisition-cost)) | a new customer costs 5–10× keeping one; a repeat purchase costs ≈ 50 % of a first one | 1.2, data |
| churn and profit ([sources](../docs/sources.md#churn-profit)) | a retailer cut churn 15 % and profit rose 20 % | 1.2, model |
| satisfaction and churn ([sources](../docs/sources.md#satisfaction-churn)) | +10 points satisfaction ≈ −20 % churn | below, data |
| cross-selling ([sources](../docs/sources.md#cross-sell)) | highly satisfied customers convert 35 % more often | below, data |
| trust ([sources](../docs/sources.md#trust-recommendations)) | 87 % of consumers trust recommendations from people they know more | not in our data |
| membership ([sources](../docs/sources.md#membership-repurchase)) | a membership scheme lifts repurchase by more than 30 % | chapter 5 |
| operating cost ([sources](../docs/sources.md#operating-cost)) | CRM done well cuts operating cost 20–30 % | not in our data |

Loyalty and the relationship feed each other: satisfaction, good service and a good
experience build loyalty; loyalty brings repeat purchases, word of mouth (口碑) and patience
when something goes wrong — which in turn gives the brand room to keep the relationship good.
""", slide="slide"),
    md("""
**Satisfaction and churn.** Take every customer surveyed in the year before 2024-07-01 and
ask whether they ordered again in the next 180 days. A logistic regression of churn on the
latest satisfaction score tells how much the average churn rate falls if everyone were 10
points more satisfied:
""", slide="subslide"),
    code("""
satisfaction = metrics.satisfaction_churn_claim(orders, surveys, as_of="2024-07-01")
satisfaction
"""),
    md("""
Lumen's churn falls by about a sixth per +10 points — the direction and the size of the
claim's "−20 %", a little weaker. The same question asked a half-year earlier gives a smaller
effect (try `as_of="2024-01-01"`): a figure like this is an estimate with noise, not a
constant.

**Cross-selling.** Among the same customers, who bought in a category they had never bought
before, in the next 180 days? Compare the highly satisfied (satisfaction ≥ 80) with the rest:
""", slide="fragment"),
    code("""
cross_sell = metrics.cross_sell_claim(orders, surveys, as_of="2024-07-01")
cross_sell
"""),
    md("""
**Takeaway ｜ 小结:** both claims point the right way on our data — satisfied customers
leave less and buy across more categories. Note what the data cannot say: satisfied
customers may differ in other ways (they also buy more often), so this is association, not
proof that raising satisfaction *causes* the gain.
""", slide="fragment"),
    notes("""
If someone asks why the cross-sell figure (+44 %) beats the claim while the churn figure is
weaker: both come from under a thousand surveyed customers, so a few dozen customers move
them by several points. Encourage trainees to rerun with another `as_of` and compare.
"""),

    # ------------------------------------------------------------------ 1.2
    md("""
## 1.2 Retention economics ｜ 留存的经济账
> **Claim ｜ 观点:** raising retention by 5 % lifts profit by 25–95 % ([sources](../docs/sources.md#retention-profit)).

The course's model (course design, `metrics.cohort_economics`) follows a cohort of new
customers: each costs the acquisition cost (CAC, 获客成本) once; every year they are still
active they bring a margin; a share *r* of them stay for the next year; money later is worth
less (discount rate *d*). Referrals and cross-sell growth can be switched on. Lumen's own
figures first — the share of 2023's buyers who bought again in 2024, and the margin an active
customer brought in 2024 at a 45 % gross margin:
""", slide="slide"),
    code("""
year = orders["order_date"].dt.year
buyers_2023 = set(orders.loc[year == 2023, "customer_id"])
spend_2024 = orders[year == 2024].groupby("customer_id")["amount"].sum()
retention = len(buyers_2023 & set(spend_2024.index)) / len(buyers_2023)
MARGIN = 0.45                                         # gross margin of the brand (course design)
margin_per_year = MARGIN * spend_2024.mean()
pd.Series({"retention 2023→2024": round(retention, 3),
           "margin per active customer-year (CNY)": round(margin_per_year, 1)})
"""),
    md("""
**What does a new customer cost, and what does keeping one cost?** The counts and discounts
come from the data: customers who signed up and first bought in 2024, and the 2024 orders of
customers who had bought before. The unit costs are the course's assumptions, stated in
`metrics.DEFAULT_COSTS`: a ¥300,000 acquisition budget for 2024 (ads, search, street
promotion, trade shows), a few fen per message, a few yuan of staff time per follow-up, one fen
per redeemed point.
""", slide="subslide"),
    code("""
metrics.DEFAULT_COSTS
"""),
    code("""
costs = metrics.acquisition_vs_retention(orders, customers, campaigns, followups,
                                         data.load_loyalty(), year=2024)
costs.round(1)
"""),
    code("""
plots.importance.cost_comparison(costs);
"""),
    code("""
cac = costs.loc["acquire", "marketing_per_customer"]
pd.Series({"marketing: acquire ÷ retain, per customer":
               round(cac / costs.loc["retain", "marketing_per_customer"], 1),
           "all costs: repeat order ÷ first order":
               round(costs.loc["retain", "per_order"] / costs.loc["acquire", "per_order"], 2)})
"""),
    md("""
Under these assumptions winning a customer costs about 6–7 times the marketing that keeps
one, inside the claim's 5–10×. A repeat order costs about a fifth of a first order once
discounts are counted — cheaper still than the claim's "about half". Change the budget in
`costs={"acquisition_budget": ...}` and the ratio moves with it: the data fix the counts,
the assumptions fix the prices.
""", slide="fragment"),
    md("""
**Now the claim.** A cohort of 1,000 customers with Lumen's margin, retention and CAC, over five
years at a 10 % discount rate — as it is, and with five more points of retention:
""", slide="subslide"),
    code("""
lumen = dict(margin=margin_per_year, acquisition_cost=cac, discount_rate=0.10, years=5)
before = metrics.cohort_economics(retention=retention, **lumen)
after = metrics.cohort_economics(retention=retention + 0.05, **lumen)
plots.importance.cohort_profit(before, after);
"""),
    code("""
uplift = metrics.retention_profit_uplift(retention=retention, increase=0.05, **lumen)
pd.Series(uplift).round(3)
"""),
    md("""
About +10 % — well below 25 %. Lumen's cohort is already very profitable (margin far above
CAC), so five points add relatively little. Where does the claim hold? The uplift over a grid
of base retention and margin, at a CAC of ¥350 (a brand that pays more for its customers):
""", slide="fragment"),
    code("""
grid = metrics.uplift_grid(retentions=[0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9],
                           margins=[100, 200, 300, 500, 800], acquisition_cost=350,
                           discount_rate=0.10, years=5)
plots.importance.uplift_heatmap(grid);
"""),
    md("""
The 25–95 % band (outlined) lies along a diagonal: where the cohort only just pays back its
acquisition cost. There, a little more retention turns a thin profit into a much larger one;
where profit is fat, the same five points add 10–15 %; where the cohort loses money (—), a
relative uplift means nothing. The claim is true *for businesses with thin profit per
customer* — as in the financial services the classic studies looked at.
""", slide="fragment"),
    md("""
> **Claim ｜ 观点:** a retail brand cut churn by 15 % and profit rose 20 % ([sources](../docs/sources.md#churn-profit)).

What would a 15 % cut of Lumen's churn (from 38 % to 32 % a year) do, and what cut would +20 %
need?
""", slide="subslide"),
    code("""
churn_claim = metrics.churn_profit_claim(retention=retention, churn_cut=0.15, target=0.20, **lumen)
pd.Series(churn_claim).round(3)
"""),
    md("""
**Takeaway ｜ 小结:** for Lumen's economics −15 % churn gives about +11 % profit; +20 % needs
roughly a quarter less churn. The brand in the claim probably had thinner margins or a higher
CAC — the model says which assumptions make its story consistent.
""", slide="fragment"),
    md("""
**Try it ｜ 动手试试:** raise the CAC until the uplift of +5 points passes 25 %. Then switch on
referrals (0.1 new customers per active customer a year) — does retention matter more or
less? What does a ¥100 yearly care cost do?
""", slide="subslide"),
    code("""
widgets.importance.retention_economics_lab(margin=round(margin_per_year), retention=round(retention, 2),
                                           acquisition_cost=round(cac), discount_rate=0.10, years=5)
""", tags=["try-it", "nbval-ignore-output"]),
    notes("""
The most common misreading: "+5 %" as five *percent of the retention rate* (62 % → 65.1 %)
rather than five *points* (62 % → 67 %). The course uses points, as does the question in
Exercise 1.1; say so explicitly and let trainees try both in the lab.
"""),

    # ------------------------------------------------------------------ 1.3
    md("""
## 1.3 Three trends for 2025 ｜ 2025年三大趋势
The training material names three trends, against a CRM market it puts at about US$180 bn in
2025 ([sources](../docs/sources.md#crm-market)):

1. **AI-driven personalisation (AI驱动的个性化):** models that predict what each customer needs next
   and when to contact them — chapter 2's segments and chapter 5's churn model are the
   analytical core of it.
2. **Social and omnichannel interaction (社交化与全渠道互动):** the customer moves between store,
   app, mini-program and messaging; the brand must recognise them and keep one conversation —
   chapter 3.
3. **Quantified customer lifetime value (客户终身价值的量化管理):** managing customers by what they are
   worth over time, not by last month's sales — section 1.2 in miniature, chapter 5 in full.

Lumen's data show where it stands on the second trend:
""", slide="slide"),
    code("""
channels = orders.groupby("customer_id")["channel"].nunique()
pd.Series({"orders outside stores": round((orders["channel"] != "store").mean(), 3),
           "buyers using 2+ channels": round((channels >= 2).mean(), 3)})
"""),
    md("""
**Takeaway ｜ 小结:** two thirds of orders are placed online and almost half of the buyers
already use more than one channel — a CRM that sees only one channel sees only part of the customer.
""", slide="fragment"),

    # ------------------------------------------------------------------ 1.4
    md("""
## 1.4 What CRM is, and where it came from ｜ CRM的定义与演进
**CRM** (客户关系管理) is two things at once: a customer-centred strategy, and the software that
joins sales, marketing and service around it. Its scope runs through four steps: identify,
acquire, retain and upgrade customers (客户识别、获取、保持、升级). Acquisition joins online
channels (social media, search ads) and offline ones (trade shows, street promotion) into one
customer database, where browsing can be tracked to tailor offers.

Its history in three stages ([sources](../docs/sources.md#crm-history)):

| period | stage | what it did | limits |
|---|---|---|---|
| 1980s–90s | database marketing 数据库营销 | mailing lists and purchase records for targeted offers | marketing only |
| 1990s–2000s | packaged CRM 套装软件 (Siebel) | sales force automation, customer service | isolated systems, costly to implement |
| 2010s– | cloud SaaS 云端CRM (Salesforce) | shared data in the cloud, AI and prediction | data quality, privacy |
""", slide="slide"),
    md("""
**Three kinds of CRM (三类CRM)** — most real systems mix them, but each answers a different
question:

| kind | question | Lumen example |
|---|---|---|
| operational 运营型 | how do we run the daily work? | logging a complaint ticket, sending the birthday campaign |
| analytical 分析型 | what do the data tell us? | the health score and churn model of this course |
| collaborative 协作型 | how do teams and channels share what they know? | the store assistant seeing the app complaint of the customer in front of her |

The **IDIC model** (the material names the model; the expansion is the standard one) orders
one-to-one relationship work: **I**dentify customers, **D**ifferentiate them by value and
needs, **I**nteract with them, **C**ustomize the offer.

Three cases for discussion: **Amazon** (recommendations from each customer's history —
analytical CRM driving personalisation), **Starbucks** (membership, app ordering and stars —
one relationship across channels), **Haier** (its 人单合一 model ties every employee directly
to the customers they serve — the organisation itself built around the relationship).
""", slide="subslide"),
    notes("""
Run the CRM-type classification as a quick quiz: read out five activities (an automated
welcome SMS; a quarterly churn report; a shared customer timeline for store and hotline; a
sales pipeline; a segment dashboard) and have the room call the type. Model answers and the
case prompts are in the instructor guide.
"""),

    # ------------------------------------------------------------------ 1.5
    md("""
## 1.5 A KPI system in layers ｜ 分层关键指标体系
The training material builds a customer profile (客户画像) from indicators in four layers:
who the customers are, what they buy, how they use the channels, and how they interact
socially. The same four layers, measured on Lumen's last year:
""", slide="slide"),
    code("""
kpis = metrics.kpi_layers(customers=customers, orders=orders, surveys=surveys, tickets=tickets,
                          campaigns=campaigns, followups=followups, as_of=AS_OF)
with pd.option_context("display.width", 160, "display.max_colwidth", 60):
    print(kpis.assign(value=kpis["value"].round(3)).set_index(["layer", "kpi"]))
"""),
    md("""
Three principles make indicators useful rather than decorative:

- **tied to a business goal** — "CLV +20 % this year", not "more data"; each KPI should say
  which goal it serves (retention → CLV; complaint rate and late responses → satisfaction);
- **trackable in real time** — the weekly health score below, not an annual survey alone;
- **differentiated by customer group** — a platinum member's repurchase rate means something
  different from a new member's; report KPIs per segment (chapter 2).

**Takeaway ｜ 小结:** NPS below zero, one complaint in sixteen orders and almost half of the
complaints answered late — the social-interaction layer is where Lumen is in trouble, and the
transaction layer alone would not show it.
""", slide="fragment"),

    # ------------------------------------------------------------------ 1.6
    md("""
## 1.6 The customer health score ｜ 客户健康度
> **Claim ｜ 观点:** a customer health score refreshed weekly, with a threshold of 75 points;
> customers below it get attention ([sources](../docs/sources.md#health-score)).

The material gives the idea and the threshold; the scale and the components are the course's
own design. Five components, each 0–100 (100 = healthiest), from data a CRM holds:
""", slide="slide"),
    code("""
pd.DataFrame({"meaning": metrics.HEALTH_COMPONENTS, "weight": metrics.HEALTH_WEIGHTS})
"""),
    md("""
The score is the weighted mean of the components. Each week uses only what was known before
the week ended, so it is exactly what the CRM would have shown on that Monday. All customers
who have ever bought, for the week before 2024-07-01:
""", slide="fragment"),
    code("""
tables = dict(orders=orders, surveys=surveys, tickets=tickets, campaigns=campaigns,
              followups=followups, touchpoints=data.load_touchpoints())
week = metrics.health_scores(as_of="2024-07-01", tables=tables)
print(f"{len(week):,} customers scored for the week of {week['week'].iloc[0].date()}")
week.set_index(["customer_id", "week"]).sort_values("health_score").head().round(1)
"""),
    code("""
plots.importance.health_distribution(week["health_score"]);
"""),
    md("""
Many of the lowest scores belong to customers who stopped buying long ago — they need no
alert to be found. The real test is the **active** customers (an order in the last 180 days):
does a score under 75 come before churn (no order in the next 180 days)? Eight weekly scores,
May–June 2024, each checked against what happened after its week:
""", slide="subslide"),
    code("""
eight_weeks = metrics.health_scores(as_of="2024-07-01", weeks=8, tables=tables)
labelled = metrics.label_scores(eight_weeks, orders, horizon_days=180, active_days=180)
metrics.health_validation(labelled)
"""),
    code("""
plots.importance.churn_by_band(metrics.health_bands(labelled));
"""),
    md("""
Active customers under 75 churn about twice as often as those at or above it, and the AUC
says that a customer who will leave scores lower than one who stays about 70 % of the time.
Good enough to decide whom to call this week; not a crystal ball. Which components carry the
warning?
""", slide="fragment"),
    code("""
plots.importance.component_auc(metrics.component_auc(labelled));
"""),
    md("""
**Takeaway ｜ 小结:** recency, engagement and frequency carry most of the signal; satisfaction
and service add little on their own because few customers have a recent survey or complaint —
but for those who do, they matter (chapter 4). The combined score beats every component
alone.
""", slide="fragment"),
    md("""
**Try it ｜ 动手试试:** move the weights. Can you beat the default AUC? What happens to the
share of customers under the line when you raise the threshold to 80 — is a longer call list
still useful?
""", slide="subslide"),
    code("""
widgets.importance.health_weights_lab(labelled)
""", tags=["try-it", "nbval-ignore-output"]),
    notes("""
Stress that weights tuned on these eight weeks will look better on them than on the future:
if a trainee finds a better AUC, ask them to check it on another as_of (e.g. 2024-04-01).
The 36 % share under 75 is a workload question for the care team — a threshold is a budget
decision as much as a statistical one.
"""),

    # ------------------------------------------------------------------ 1.7
    md("""
## 1.7 Three challenges ｜ 三大挑战
The training material names three obstacles and an answer to each:

| challenge | the material says | answer |
|---|---|---|
| data silos 数据孤岛 ([sources](../docs/sources.md#data-silos)) | 85 % of companies' CRM is not connected to sales and service data | integrate: a data lake plus analytics |
| experience breaks 体验断层 ([sources](../docs/sources.md#experience-breaks)) | offline service and online touchpoints disagree | one omnichannel experience map with shared standards |
| missing emotional connection 情感认知缺失 ([sources](../docs/sources.md#transactional-conversations)) | 68 % of service conversations stay transactional | train agents in a three-step empathy method (同理心三步法, chapter 4) |

**The silo, made concrete.** Sales sees its best customers — the top 20 % by spend in the
year before 2024-07-01. Service sees customers whose complaint in the last 180 days waited
more than an hour for a first answer. Neither list alone names the customers on both:
""", slide="slide"),
    code("""
silo = metrics.silo_join(orders, tickets, as_of="2024-07-01", top=0.2, window_days=180)
pd.Series(silo, dtype=object)
"""),
    md("The customers on both lists, biggest spenders first — the call list neither team could write alone:", slide="fragment"),
    code("""
metrics.silo_customers(orders, tickets, as_of="2024-07-01", top=0.2, window_days=180).head()
"""),
    md("""
One high spender in eight waited too long on a complaint in the last half-year, and those
customers then churned markedly more than the other high spenders — with several hundred
thousand yuan of last year's spend between them. Sales would not see the complaint; service
would not see the value. Only the join does.
""", slide="fragment"),
    md("""
**Takeaway ｜ 小结:** integration is not an IT project for its own sake: the join of two tables
that already exist finds the customers most worth a call today.
""", slide="fragment"),

    # ------------------------------------------------------------------ wrap-up
    md("""
## Exercises ｜ 练习
Practise each step in [the exercise notebook](../exercises/ch01_importance.ipynb) (or run
`crm-course start 1` for your own copy): the profit uplift of retention by hand, the CAC ratio,
a health-score component, the share of customers under the alert line, the AUC of the score,
the silo join, and a judgement call on the threshold.
""", slide="slide"),
    md("""
## Key points ｜ 要点
- Retention pays most where profit per customer is thin: "+5 points → +25–95 % profit" holds for high CAC and low margins, not everywhere.
- Winning a customer costs several times keeping one — but the ratio depends on cost assumptions; state them.
- Operational CRM runs the work, analytical CRM reads the data, collaborative CRM shares it; IDIC orders the work: identify, differentiate, interact, customize.
- A health score is only as good as its validation: check that customers under the line really churn more, on weeks the score did not see.
- Data silos hide the most valuable problems; join sales and service data before deciding whom to call.
""", slide="slide", tags=["keypoints"]),
    md("""
## Check your understanding ｜ 自测
1. *(recall)* In the cohort model, why does +5 points of retention raise profit by 95 % for one business and by 10 % for another?
2. *(recall)* A store assistant sees on a tablet that the customer in front of her complained in the app yesterday. Which kind of CRM is that, and which IDIC step does it serve?
3. *(data)* In section 1.5, the "late first response" KPI sits in the social-interaction layer. Which business goal does it serve, and what would make it "differentiated by customer group"?
4. *(judgement)* Lumen's care team can call 150 customers a week. The health score puts about a third of active customers under 75. Would you lower the threshold, rank by score, or combine the score with something else? Say why.

<details><summary>Suggested answers ｜ 参考答案</summary>

1. The uplift is relative to the profit before. Where margin barely covers CAC, the profit before is small and the extra years of margin from five points more retention are large against it; where margin is far above CAC, the same extra margin is a small share of a large profit.
2. Collaborative CRM (knowledge shared across channels and teams); it serves *Interact* — and, if she adapts her offer, *Customize*.
3. Satisfaction and retention (late answers raise churn); differentiated: report it per tier or value segment, and set a stricter target for high-value customers.
4. Rank rather than cut: call the lowest scores first, weighted by value (the silo join and chapter 5's value-based targeting) so the calls go where they save the most; keep the threshold as the alert line for the CRM, and check the outcome of the calls with a control group.
</details>
""", slide="slide", tags=["questionnaire"]),
    md("""
Next, chapter 2 opens the customer data properly: RFM, value tiers and segments, the profile
every later chapter builds on.
""", slide="-"),
    md("footer", slide="-", tags=["footer"]),
]

write_notebook("notebooks/01_importance.ipynb", cells)
