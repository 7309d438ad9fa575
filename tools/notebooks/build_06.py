"""Write notebooks/06_future_implementation.ipynb (then run `crm-course build` and execute it).

Sections 6.1–6.5 are written here; the capstone and the scripted cases (6.6 on) come from
build_06_cases.py and go between 6.5 and the chapter's exercises and key points.
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from build_06_cases import cells as case_cells  # noqa: E402

from course_lib.notebook_tools import code, md, notes, write_notebook  # noqa: E402

cells = [
    md("# placeholder", slide="slide", tags=["header"]),
    md("""
The analyses of chapters 2–5 only pay off when they run every day, inside a system people
use, on data the company is allowed to hold. This last chapter looks ahead and then down to
earth: which technologies change customer relationship work, how to choose a CRM and what it
really costs, how to protect the data it holds, how to get staff to use it, and in what order
to do it all. It ends with the capstone: the turnaround of a fashion brand, from the diagnosis
on data to a strategy you run in the simulator.

前几章的分析,只有每天在员工使用的系统里、用合规的数据运行,才能产生价值。本章先看技术趋势,再落到实处:
如何选型并计算CRM的真实成本、如何保护客户数据、如何让员工用起来、按什么顺序实施;最后是综合案例——
一个新零售品牌的逆转,从数据诊断到在模拟器中制定策略。
""", slide="-"),
    notes("""
Two halves: 6.1–6.5 are the manager's toolkit (trends, selection, privacy, adoption,
roadmap), each with one concrete computation; 6.6 on is the capstone and the scripted cases.
Budget: 80 minutes plus 45 for the exercises; the capstone can run as a team game (see the
case notes). Keep 6.1's trend list short — the recommender is the part that sticks.
"""),
    md("""
## Learning objectives ｜ 学习目标
After this chapter you can:
1. build a "customers also bought" recommender and judge it on a later period against a popularity baseline (→ Exercise 6.5, question 2)
2. compare CRM options with a weighted scoring matrix and a discounted five-year total cost of ownership, and show how the weights change the choice (→ Exercises 6.4 and 6.6, question 3)
3. prepare customer data for use and release: pseudonymise with a secret salt, check k-anonymity, keep only consenting customers (→ Exercises 6.1–6.3, question 1)
4. plan an implementation in phases with owners, KPIs and risks, starting where a maturity self-assessment is weakest (→ question 4)
5. turn around a brand in trouble: diagnose on data, design a strategy in the simulator and judge it on profit and customer KPIs (→ the capstone tasks, question 5)
""", slide="subslide", tags=["objectives"]),
    code("""
import hashlib

import pandas as pd

from course_lib import data, plots, privacy, recommend, selection, widgets

plots.use_theme()
customers = data.load_customers()
orders = data.load_orders()
AS_OF = data.AS_OF
""", slide="skip"),

    # ------------------------------------------------------------------ 6.1
    md("""
## 6.1 Technology trends ｜ 技术趋势
> **Claim ｜ 观点:** the training material expects customer data platforms (CDP) joining online
> and offline data, real-time event streams, AI customer profiles with predictive analytics
> and intelligent service, microservice CRM architectures, IoT-triggered service tickets,
> partner data shared on a consortium blockchain, and a data lake with an AI analytics engine.
> It names tools with figures — Kafka (millisecond event streams), MuleSoft (300+ prebuilt
> connectors), Microsoft Dynamics 365 (21 industry templates) among them
> ([sources](../docs/sources.md#crm-tools)) — and reports that 85 % of companies' CRM is not
> connected to sales and service data ([sources](../docs/sources.md#data-silos)).

Each trend answers a problem the earlier chapters met:

| trend 趋势 | the problem it answers | where we met it |
|---|---|---|
| CDP 客户数据平台 | one customer, many ids and channels | chapter 2: RFM needs every order of a customer |
| event streams 实时事件流 | a trigger that fires a day late is too late | chapter 3: the follow-up 3 days after ordering |
| AI profiles and prediction 智能画像与预测 | whom to call, what to offer | chapter 5: churn risk × value |
| microservices, integration layers 微服务与集成 | systems that cannot talk | the data-silo claim above |

Why a CDP matters at Lumen: how many customers buy in more than one channel?
""", slide="slide"),
    code("""
channels_per_customer = orders.groupby("customer_id")["channel"].nunique()
omnichannel = channels_per_customer[channels_per_customer >= 2].index
revenue_share = orders.loc[orders["customer_id"].isin(omnichannel), "amount"].sum() / orders["amount"].sum()
print(f"{len(omnichannel):,} of {len(channels_per_customer):,} buyers "
      f"({len(omnichannel) / len(channels_per_customer):.0%}) bought in two or more channels "
      f"and brought {revenue_share:.0%} of revenue")
"""),
    md("""
Without one customer id across store, app, mini-program and web, each of these customers
would look like two or three small customers — and the best of them would never reach the
top tier of an RFM table.

### AI personalisation made concrete: "customers also bought" ｜ 个性化推荐:买了又买
The simplest recommender that learns from data is **item-to-item collaborative filtering**
(协同过滤): two items are similar when the same customers bought both (the cosine of their
buyer columns); a customer is offered the unbought items most similar to what they have.
Fit it on the orders before 2024-07-01 and look at what it learned about categories:
""", slide="subslide"),
    code("""
SPLIT = "2024-07-01"
before = orders[orders["order_date"] < SPLIT]
by_category = recommend.ItemToItem(item="category").fit(before)
by_category
"""),
    code("""
plots.future.similarity_heatmap(by_category.similarity_);
"""),
    md("""
Every pair of categories is about equally similar (≈ 0.42–0.44): Lumen's customers do not
buy shoes *with* accessories more than with anything else. A recommender can only find
structure that is there. Now make an item a category **in a channel** (`beauty · app`):
""", slide="fragment"),
    code("""
by_channel = recommend.ItemToItem(item=("category", "channel")).fit(before)
by_channel.also_bought("beauty · app", k=4).round(3)
"""),
    md("""
Here the structure appears: the items most like *beauty in the app* are other categories in
the app. Customers keep to their channel. The honest test is the future: recommend 3 new
items to each customer, then count who bought one of them after 2024-07-01 (**hit rate**
命中率) and what share of the 3 slots was bought (**precision@3**), against the plain
**popularity** baseline — the best sellers the customer does not have yet:
""", slide="subslide"),
    code("""
evaluation = {
    "category": recommend.compare(orders, split=SPLIT, k=3, item="category"),
    "category × channel": recommend.compare(orders, split=SPLIT, k=3, item=("category", "channel")),
}
pd.concat(evaluation, names=["item"]).round(3)
"""),
    code("""
plots.future.recommender_comparison(evaluation);
"""),
    md("""
**Takeaway ｜ 小结:** on categories alone, item-to-item is no better than popularity (there
is no co-purchase structure to learn); with channel in the item it almost doubles the hit
rate of popularity, because it learns each customer's channel. "AI personalisation" is worth
its cost only when it beats a simple baseline on a *later* period — test it that way before
buying it.
""", slide="fragment"),
    notes("""
Ask before showing the heatmap: "which categories do you expect to go together?" Then the
flat heatmap is the lesson — the data (synthetic here) have no cross-category pattern, and a
real brand must check its own. Precision@3 looks low (about 0.2); ask what a random pick of 3
out of the unbought items would give. Ordering the steps matters: fit before the split,
score after it, leave out items the customer already had.
"""),

    # ------------------------------------------------------------------ 6.2
    md("""
## 6.2 Choosing a CRM system ｜ CRM系统选型
> **Claim ｜ 观点:** choose a CRM on its functional modules (customer data, sales funnel,
> marketing automation, service tickets), its industry fit (finance needs compliance audit,
> retail needs membership loyalty), its architecture compatibility (APIs, cloud or
> on-premise, mobile) and its **total cost of ownership** — licences plus implementation,
> customisation, training and operations ([sources](../docs/sources.md#crm-selection)).

The four criteria:
""", slide="slide"),
    code("""
selection.CRITERIA
"""),
    md("""
Four archetypes of option, each with the example the training material gives for it. The
scores and costs that follow are the **course's own worked example** for Lumen (80 CRM users),
not an evaluation of any product — replace them with your quotations and your team's scores:
""", slide="subslide"),
    code("""
NAMES = selection.OPTIONS["name"].to_dict()
selection.OPTIONS[["name", "name_zh", "shape", "material_example"]]
"""),
    md("""
**Total cost of ownership ｜ 总拥有成本.** One-off costs fall in year 0; licences, refresher
training and operations at the end of each year. A yuan paid in year 5 is worth less than a
yuan today, so each year is discounted: cost × 1 / (1 + d)^t, here with d = 8 % a year. The
cloud suite, year by year:
""", slide="subslide"),
    code("""
cloud = selection.tco_table(selection.COST_PROFILES["cloud_suite"], years=5, discount_rate=0.08)
(cloud.drop(columns="discount_factor").div(1000).round(1)      # thousand CNY
 .assign(discount_factor=cloud["discount_factor"].round(3)))
"""),
    md("All four options over five years (present values in CNY):", slide="fragment"),
    code("""
tco = selection.tco_comparison(years=5, discount_rate=0.08)
tco.rename(index=NAMES).round(-3)
"""),
    code("""
plots.future.tco_breakdown(tco, names=NAMES);
"""),
    md("""
The licence is the smaller part of most bills: implementation, customisation and operations
weigh as much or more. The material describes a bought suite (its example: SAP CRM) as "high
initial cost, lower long-run cost" — the cumulative costs show what that means:
""", slide="subslide"),
    code("""
plots.future.cumulative_costs(selection.cumulative_costs(years=10, discount_rate=0.08), names=NAMES);
"""),
    md("""
Over five years at 8 % the licensed suite still costs a little more than the cloud suite; the
lines cross in year 6. The horizon and the discount rate decide which is "cheaper" — so say
both whenever you quote a TCO.

Now the **weighted scoring matrix ｜ 加权评分矩阵**: each option's score per criterion (0–5)
times the criterion's weight, summed. The cost score comes from the TCO — the cheapest option
gets 5, one costing twice as much 2.5:
""", slide="subslide"),
    code("""
matrix = selection.selection_matrix(weights=selection.DEFAULT_WEIGHTS, years=5, discount_rate=0.08)
matrix.rename(index=NAMES).round(2)
"""),
    code("""
plots.future.scoring_matrix(matrix, names=NAMES);
"""),
    md("""
With the default weights (functions 35 %, industry fit 25 %, architecture 20 %, cost 20 %)
the cloud suite with industry templates wins narrowly over the composable platform. Put more
weight on cost and the small-business CRM wins:
""", slide="fragment"),
    code("""
cost_first = {"functional_modules": 0.2, "industry_fit": 0.2, "architecture": 0.2, "total_cost": 0.4}
selection.selection_matrix(weights=cost_first)[["total", "rank"]].rename(index=NAMES).round(2)
"""),
    md("""
**Takeaway ｜ 小结:** a scoring matrix does not find the answer — it makes the team's
priorities explicit and shows when a small change of weights flips the ranking. Agree the
weights *before* the vendor demos, and read the TCO with its horizon and discount rate.
""", slide="fragment"),
    md("""
**Try it ｜ 动手试试:** move the weights. How much weight on architecture makes the composable
platform win? What discount rate makes the licensed suite the cheapest over five years?
""", slide="subslide"),
    code("""
widgets.future.selection_lab(years=5, discount_rate=0.08)
""", tags=["try-it", "nbval-ignore-output"]),
    notes("""
Run the widget live and let the room propose weights. The point to land: people argue about
scores, but the decision usually turns on the weights, so agree them first. Remind them the
figures are course assumptions; a real selection collects quotations for each cost line.
"""),

    # ------------------------------------------------------------------ 6.3
    md("""
## 6.3 Privacy and data security ｜ 隐私与数据安全
> **Claim ｜ 观点:** collecting more data than needed creates legal risk; anonymise, store
> compliantly and tell users how their data are used. The material names the EU's GDPR; China's
> Personal Information Protection Law (PIPL, 个人信息保护法) asks the same in law
> ([sources](../docs/sources.md#privacy)).

What PIPL- and GDPR-style rules ask of a CRM team, in plain words (principles, not legal advice):

| principle 原则 | what it asks | tool in this section |
|---|---|---|
| lawful basis, consent 合法基础与同意 | a reason for every use; for marketing usually the customer's consent, as easy to withdraw as to give | `filter_by_consent` |
| purpose limitation, minimisation 目的限定与最小化 | only the data a stated purpose needs, kept no longer than needed | `minimise` |
| transparency 公开透明 | tell customers what is collected and why | the privacy notice |
| security 安全保障 | protect the data: access by role, encryption, pseudonymisation | `pseudonymise` |
| individuals' rights 个人权利 | access, correction, deletion, withdrawing consent | the customer 360 view |
| sensitive data, transfers 敏感信息与跨境 | stricter rules for sensitive data and for sending data abroad (PIPL especially) | keep releases coarse: `k_anonymity` |

**Minimise first.** An analysis partner studying tiers does not need names or phone numbers:
""", slide="slide"),
    code("""
release = privacy.minimise(customers, "analytics_release")
release.head(3)
"""),
    md("""
**Pseudonymise the id ｜ 假名化.** A plain hash of the id is not enough: there are only
100,000 possible ids of the form C00000–C99999, so anyone can hash them all and look the codes
up. Watch it happen:
""", slide="subslide"),
    code("""
def plain_hash(value):
    return hashlib.sha256(str(value).encode()).hexdigest()[:16]


leaked = release.assign(customer_id=release["customer_id"].map(plain_hash))
dictionary = {plain_hash(f"C{i:05d}"): f"C{i:05d}" for i in range(100_000)}
print(f"unsalted hash: {leaked['customer_id'].map(dictionary).notna().mean():.0%} of ids recovered")

DEMO_SALT = "lumen-course-demo-salt-2025"   # a real salt: secrets.token_hex(16), kept in a key vault
safe = privacy.pseudonymise_columns(release, ["customer_id"], salt=DEMO_SALT)
print(f"HMAC with a secret salt: {safe['customer_id'].map(dictionary).notna().mean():.0%} recovered")
safe.head(3)
"""),
    md("""
The salted code (HMAC-SHA256 keyed by the salt) is stable — the same customer gets the same
code in the orders table, so the partner can still join them — but without the salt nobody can
compute it. Pseudonymised data are still personal data: whoever holds the salt can re-link
them, so the salt stays with the company.

**Check k-anonymity before release ｜ 发布前检查k-匿名.** Without names, can a row still be
singled out? Gender, birth date and city together are nearly unique:
""", slide="subslide"),
    code("""
raw = privacy.k_anonymity(customers, ["gender", "birth_date", "city"], k=5)
raw
"""),
    md("Generalise — age bands instead of birth dates, city tier instead of city — and check again:", slide="fragment"),
    code("""
coarse = privacy.generalise(safe, as_of=AS_OF, age_width=10)
QUASI = ["gender", "age_band", "city_tier", "membership_tier"]
generalised = privacy.k_anonymity(coarse, QUASI, k=5)
print(generalised)
generalised.classes.head(5)
"""),
    md("The few rows still in classes smaller than 5 (older members of rare tiers in small cities) are suppressed:", slide="fragment"),
    code("""
published = privacy.suppress(coarse, QUASI, k=5)
suppressed = privacy.k_anonymity(published, QUASI, k=5)
print(f"{len(published):,} of {len(coarse):,} rows released; {suppressed}")
"""),
    code("""
plots.future.rows_at_risk({"raw: gender, birth date, city": raw,
                           "generalised: age band, city tier": generalised,
                           "after suppression": suppressed});
"""),
    md("""
**Consent ｜ 授权.** Marketing goes only to customers who agreed to the channel. Who may
Lumen contact, and on which channel?
""", slide="subslide"),
    code("""
reach = privacy.consent_summary(customers)
reach.round(3)
"""),
    code("""
plots.future.consent_reach(reach);
"""),
    md("A campaign for gold and platinum members — how many may actually receive it?", slide="fragment"),
    code("""
vip = customers[customers["membership_tier"].isin(["gold", "platinum"])]
pd.Series({"planned audience": len(vip),
           "SMS consent": len(privacy.filter_by_consent(vip, "sms")),
           "WeChat consent": len(privacy.filter_by_consent(vip, "wechat")),
           "SMS or WeChat": len(privacy.filter_by_consent(vip, ["sms", "wechat"], require="any"))})
"""),
    md("""
**Takeaway ｜ 小结:** minimise, pseudonymise with a secret salt, check k before release,
filter by consent before every send. Using two channels reaches more customers legally than
pushing harder on one.
""", slide="fragment"),
    notes("""
The dictionary attack is the moment that convinces: 100 % of unsalted ids come back in a
fraction of a second. Stress that k-anonymity is a first gate, not a guarantee (a class whose
members share a sensitive value still leaks it), and that this is not legal advice — the
company's data-protection officer decides.
"""),

    # ------------------------------------------------------------------ 6.4
    md("""
## 6.4 Getting people to use it ｜ 推动员工采纳
> **Claim ｜ 观点:** staff resist complicated systems; the answer is phased training, simpler
> interfaces and system use in performance reviews. Data silos call for integration and
> sharing across departments ([sources](../docs/sources.md#data-silos)).

A CRM is only as good as what people record in it. Lumen's care team logs its follow-ups; the
records per agent and quarter are the simplest measure of system use — and the response rate
shows whether the records are of real contacts:
""", slide="slide"),
    code("""
followups = data.load_followups()
quarter = followups["date"].dt.to_period("Q").astype(str)
use = (followups.assign(quarter=quarter)
       .pivot_table(index="agent", columns="quarter", values="followup_id", aggfunc="size",
                    fill_value=0))
use.iloc[:, -4:]
"""),
    md("""
In a performance review this table needs a partner: records logged *and* their quality
(responded, resolved). Counting records alone rewards empty entries.

A phased training plan for the roll-out (course design), one wave per role, each wave
trained on the screens it uses every day:

| wave 批次 | who | what they learn | measured by |
|---|---|---|---|
| 1 · champions 种子用户 | one store manager and one care agent per region | everything; they then coach their colleagues | pilot KPIs, questions answered |
| 2 · front line 一线 | store staff, care team | customer 360 look-up, logging a follow-up, consent check | daily active users, records per person |
| 3 · managers 管理层 | store and regional managers | dashboards, tier and churn lists | KPI reviews held on CRM data |
| 4 · analysts 分析 | marketing and data team | segments, automation rules, tests with control groups | campaigns with a measured uplift |
""", slide="subslide"),
    md("""
**Takeaway ｜ 小结:** adoption is designed, not hoped for: simple screens for the daily task,
training in waves with champions, and use *and* quality of records in the reviews.
""", slide="fragment"),

    # ------------------------------------------------------------------ 6.5
    md("""
## 6.5 The implementation roadmap and a maturity self-assessment ｜ 实施路线图与成熟度自评
No source gives a roadmap or a maturity model: the ones below are **course design**
([sources](../docs/sources.md#course-design)), following the order of the turnaround case —
diagnose, build the data base, pilot, roll out, optimise. Each phase has an owner, KPIs and
the risk most likely to sink it:
""", slide="slide"),
    code("""
selection.ROADMAP[["phase", "phase_zh", "start_month", "months", "owner", "kpi", "risk", "mitigation"]]
"""),
    code("""
plots.future.roadmap_gantt(selection.ROADMAP);
"""),
    md("""
Where to start depends on where the company stands. The self-assessment has two questions
in each of five dimensions; each answer is a level from 1 (initial) to 5 (optimising). The
questions are data (`course_lib/scenarios/maturity.yaml`), so a company can add its own:
""", slide="subslide"),
    code("""
maturity = selection.load_maturity()
print(maturity)
maturity.questions[["dimension", "text"]]
"""),
    md("""
Lumen before its turnaround, as its project lead answered (course design): receipts in
several systems, tiers by spend only, complaints without a time promise, consent recorded per
channel but names removed by hand:
""", slide="fragment"),
    code("""
lumen_before = {"data_single_view": 2, "data_quality": 2, "process_tiering": 3,
                "process_complaints": 2, "tech_integration": 2, "tech_automation": 3,
                "people_usage": 3, "people_skills": 2, "gov_consent": 3, "gov_protection": 2}
assessment = selection.score_maturity(lumen_before, maturity)
print(assessment)
assessment.by_dimension[["name", "score", "level", "next_step"]]
"""),
    code("""
plots.future.maturity_profile(assessment);
"""),
    md("""
**Takeaway ｜ 小结:** the weakest dimension — here customer data — is where the roadmap
starts; buying automation before one customer id exists only automates the silos.
""", slide="fragment"),
    md("""
**Try it ｜ 动手试试:** answer for your own company (or one you know). Which dimension is
weakest, and does the roadmap's first phase address it?
""", slide="subslide"),
    code("""
widgets.future.maturity_self_assessment(lumen_before)
""", tags=["try-it", "nbval-ignore-output"]),
    notes("""
Have pairs answer for a company they know, then compare the weakest dimensions across the
room. The scoring is deliberately simple (mean level per dimension, rounded down overall):
the value is the conversation about each answer, not the decimal.
"""),

    # ------------------------------------------------------------------ capstone and cases
    *case_cells,

    # ------------------------------------------------------------------ wrap-up
    md("""
## Exercises ｜ 练习
Practise sections 6.1–6.5 in [the exercise notebook](../exercises/ch06_future_implementation.ipynb)
(or run `crm-course start 6` for your own copy): pseudonymise consistently, find k of a release
table, size a consent-filtered audience, compute an option's TCO, test the recommender against
popularity and judge a scoring matrix. The turnaround and the cases have their own
[capstone exercises](../exercises/ch06_capstone.ipynb).
""", slide="slide"),
    md("""
## Key points ｜ 要点
- Judge any "AI" feature against a simple baseline on a later period: our recommender doubles popularity's hit rate only where the data have structure (the channel).
- Choose a CRM with weights agreed before the demos; read a TCO with its horizon and discount rate — licences are often the smaller part.
- Before data leave their system: minimise, pseudonymise with a secret salt (never a plain hash), check k-anonymity, and filter every audience by consent.
- Adoption is designed: phased training with champions, simple screens, system use and record quality in reviews; start the roadmap where the maturity self-assessment is weakest.
- A turnaround starts with the diagnosis on data and is judged on profit *and* customer KPIs — every lever in the simulator costs money.
""", slide="slide", tags=["keypoints"]),
    md("""
## Check your understanding ｜ 自测
1. *(recall)* Why is a plain SHA-256 hash of the customer id not a safe pseudonym, and what does a secret salt change? Are pseudonymised data anonymous under PIPL or GDPR?
2. *(data)* In 6.1 the item-to-item recommender beats popularity with category × channel items but not with categories alone. What does that tell you about Lumen's customers, and what would you check before putting recommendations into the app?
3. *(data)* In 6.2, which option is cheapest over five years at 8 %, and why can the licensed suite still be the right choice for a company planning for ten years?
4. *(judgement)* Lumen's maturity self-assessment is weakest on customer data. The marketing director wants to start with marketing automation because "it brings revenue fastest". What do you answer?
5. *(capstone)* In the turnaround, a strategy that raises NPS and repurchase the most is not necessarily the best. How do you judge a strategy, and what makes the deck's four moves beatable?

<details><summary>Suggested answers ｜ 参考答案</summary>

1. There are few possible ids, so anyone can hash them all and look codes up (100 % recovered in 6.3). HMAC with a secret salt cannot be recomputed without the salt, yet stays stable for joins. Pseudonymised data remain personal data: the salt holder can re-link them.
2. Customers keep to their channel and show no cross-category pattern; the recommender's gain is really "offer items in the customer's channel". Check it on a later period again, with an A/B test in the app, and that the gain is not just what a channel-aware popularity list would give.
3. The small-business cloud CRM is cheapest, but scores lower on functions and fit. The licensed suite's high upfront cost is repaid by low yearly costs: its cumulative cost crosses the cloud suite's in year 6, so on a ten-year horizon it is cheaper.
4. Automation on fragmented data sends the wrong offer to the wrong id and cannot measure its effect; start with one customer id and consent records (a few months), then automate — and pilot a quick win such as the complaint promise meanwhile.
5. Judge it on profit over the horizon together with the customer KPIs (repurchase, complaints, NPS, referrals), because every lever costs money. The deck's moves apply everything to everyone; targeting levers by tier and value gives similar KPIs for less cost.
</details>
""", slide="slide", tags=["questionnaire"]),
    md("""
This is the last chapter of the course's main path: chapter 7 puts everything into practice in
the CRM workbench, where you operate the customer 360 view and automation rules yourself.
""", slide="-"),
    md("footer", slide="-", tags=["footer"]),
]

write_notebook("notebooks/06_future_implementation.ipynb", cells)
