"""Write notebooks/02_customer_insight.ipynb (then run `crm-course build` and execute it)."""

from course_lib.course import ROOT
from course_lib.notebook_tools import code, md, notes, write_notebook

cells = [
    md("# placeholder", slide="slide", tags=["header"]),
    md("""
A shop that knows its customers only as a till total treats them all alike: the same coupon
for the person who buys every week and for the one who came once two years ago. This chapter
turns Lumen 澜悦's two years of orders, surveys and campaigns into a picture of who its
customers are, which of them carry the business, which are slipping away, and what to do for
each group — first by simple, explainable rules (RFM and value tiers), then with clustering,
and finally in SQL as a CRM database would.

只看收银总额的商家,会把每周都来的老客和两年前只来过一次的客人同等对待。本章用澜悦两年的订单、问卷和营销数据,
回答:客户是谁、谁撑起了生意、谁正在流失、每类客户该怎么维护——先用可解释的规则(RFM、价值分层),再用聚类,最后用SQL。
"""),
    notes("""
Frame the chapter as a chain: data → clean data → one row per customer → groups → actions.
Every section ends with something a sales or service team could act on on Monday. Budget: 75
minutes plus 40 for the exercises; 2.10–2.11 (k-means, cohorts) can be shortened for
front-line audiences, 2.3 and 2.13 (profile, SQL) for managers.
"""),
    md("""
## Learning objectives ｜ 学习目标
After this chapter you can:
1. check an order log for quality problems and turn it into one RFM row per customer, in pandas and in SQL (→ Exercises 2.1–2.2, question 1)
2. score R, F and M by quantiles and name the segments they define, stating the rule behind each (→ Exercise 2.3, question 2)
3. place customers in the 金钻 / 白银 / 铜 / 铁 tiers, measure how concentrated revenue is and say what each tier should get (→ Exercises 2.4–2.5, question 3)
4. judge whether a k-means segmentation adds anything to the rule-based one, and turn segments into a contact plan within a budget (→ Exercises 2.6–2.8, question 4)
""", slide="subslide", tags=["objectives"]),
    code("""
import numpy as np
import pandas as pd

from course_lib import cohorts, data, plots, rfm, segmentation, widgets
from course_lib.course import DATASETS

plots.use_theme()
customers = data.load_customers()
orders = data.load_orders()
AS_OF = data.AS_OF
""", slide="skip"),

    # ------------------------------------------------------------------ 2.1
    md("""
## 2.1 Three layers of customer data ｜ 客户数据的三个层次
The training material sorts what a company can know about a customer into three layers:

| layer 层次 | what it holds | at Lumen 澜悦 |
|---|---|---|
| **basic 基础** | who they are and what they bought: age, region; amount and frequency of purchases | `customers`, `orders`, `loyalty` |
| **advanced 进阶** | how they behave across channels: app time, web paths, social likes and comments | `touchpoints`, `campaigns`, `followups` |
| **deep 深度** | what they think and feel: psychometric tests, emotional feedback such as tone of voice | `surveys`, `tickets` (complaint text and its sentiment) |

Each layer is harder to collect and richer to use. Most of this chapter works on the basic
layer, because it is the one every shop already has; section 2.9 adds satisfaction from the
deep layer.
""", slide="slide"),
    code("""
tables = {"customers": customers, "orders": orders, "touchpoints": data.load_touchpoints(),
          "campaigns": data.load_campaigns(), "followups": data.load_followups(),
          "surveys": data.load_surveys(), "tickets": data.load_tickets()}
layer = {"customers": "basic 基础", "orders": "basic 基础", "touchpoints": "advanced 进阶",
         "campaigns": "advanced 进阶", "followups": "advanced 进阶", "surveys": "deep 深度",
         "tickets": "deep 深度"}
pd.DataFrame({"layer": layer,
              "rows": {name: len(t) for name, t in tables.items()},
              "customers": {name: t["customer_id"].nunique() for name, t in tables.items()},
              "columns": {name: t.shape[1] for name, t in tables.items()}})
"""),
    md("""
**Takeaway ｜ 小结:** the deeper the layer, the fewer customers it covers — a survey or a
complaint reaches only part of the base, so deep-layer insight must be generalised with care.
""", slide="fragment"),

    # ------------------------------------------------------------------ 2.2
    md("""
## 2.2 Data quality before insight ｜ 先做数据质量检查
An analysis is only as good as its table. Before computing anything, check the order log
for the problems that break RFM silently: missing ids or dates, duplicated orders, negative or
inconsistent amounts, orders placed before the customer registered, and customers who
registered but never bought (they will not appear in any order-based table at all).
""", slide="slide"),
    code("""
signup = customers.set_index("customer_id")["signup_date"]
quality = pd.Series({
    "missing customer_id or order_date": int(orders[["customer_id", "order_date"]].isna().any(axis=1).sum()),
    "duplicated order_id": int(orders["order_id"].duplicated().sum()),
    "negative amount": int((orders["amount"] < 0).sum()),
    "amount ≠ gross − discount": int(((orders["gross_amount"] - orders["discount"] - orders["amount"]).abs() > 0.01).sum()),
    "order before signup": int((orders["order_date"] < orders["customer_id"].map(signup)).sum()),
    "order by an unknown customer": int((~orders["customer_id"].isin(customers["customer_id"])).sum()),
    "zero-amount orders (valid: fully discounted)": int((orders["amount"] == 0).sum()),
    "registered, never bought": int((~customers["customer_id"].isin(orders["customer_id"])).sum()),
}, name="rows")
quality.to_frame()
"""),
    md("""
The log is clean on the checks that would corrupt RFM. The last line is not an error but a
finding: these customers exist in the CRM with a phone number and a consent record, yet no
order table will ever show them. The value tiers in 2.6 put them in 铁 (Iron), the tier whose
job is to awaken a first purchase.
""", slide="fragment"),
    notes("""
Ask the room which checks they would add for their own systems: typical answers are test
orders by staff, returns booked as negative orders, the same person registered twice with two
phone numbers (identity resolution, chapter 3's omnichannel case), and time zones.
"""),

    # ------------------------------------------------------------------ 2.3
    md("""
## 2.3 A customer profile in three dimensions ｜ 客户画像的三个维度
The training material describes a customer profile (客户画像) along three dimensions:
**value** (high, mid or low spending power), **needs** (what they care about — function,
price or brand) and **behaviour** (their activity cycle: daily, weekly, monthly). On our data
each becomes a column: spend level, price sensitivity (the share of the list price they got
as discount) with their favourite category, and the typical number of days between orders.
""", slide="slide"),
    code("""
spent = orders.groupby("customer_id")["amount"].sum()
value = pd.qcut(spent.rank(method="first"), 3, labels=["low 低", "mid 中", "high 高"])
discount_share = orders.groupby("customer_id")["discount"].sum() / orders.groupby("customer_id")["gross_amount"].sum()
favourite = orders.groupby(["customer_id", "category"]).size().reset_index(name="n") \\
    .sort_values(["customer_id", "n", "category"], ascending=[True, False, True]) \\
    .drop_duplicates("customer_id").set_index("customer_id")["category"]
gaps = orders.sort_values(["customer_id", "order_date"]).groupby("customer_id")["order_date"].diff().dt.days
cycle_days = gaps.groupby(orders.sort_values(["customer_id", "order_date"])["customer_id"]).median()
cycle = pd.cut(cycle_days, [-1, 10, 45, 120, np.inf],
               labels=["weekly 每周", "monthly 每月", "quarterly 每季", "rarer 更少"]).cat.add_categories("one order 仅一单")
profile = pd.DataFrame({"value": value, "price_sensitivity": discount_share.round(2),
                        "favourite_category": favourite,
                        "cycle": cycle.reindex(spent.index).fillna("one order 仅一单")})
profile.head(8)
"""),
    code("""
pd.crosstab(profile["value"], profile["cycle"], margins=True, margins_name="all 合计")
"""),
    md("""
**Takeaway ｜ 小结:** high spenders are overwhelmingly the customers who come back on a
short cycle — spending power and activity rhythm are two views of the same relationship, and
RFM (next) captures both in three numbers.
""", slide="fragment"),

    # ------------------------------------------------------------------ 2.4
    md("""
## 2.4 RFM step by step ｜ RFM 分析
RFM describes each customer by three numbers: **Recency** 最近一次消费 (days since the last
order), **Frequency** 消费频率 (number of orders) and **Monetary** 消费金额 (total spend). The
more recent, frequent and large, the more valuable the customer. We count recency to
`AS_OF` = 2025-01-01, the day after the data end:
""", slide="slide"),
    code("""
rfm_all = rfm.rfm_table(orders, as_of=AS_OF)
rfm_all.head()
"""),
    code("""
rfm_all.describe().round(1)
"""),
    md("""
All three are skewed: most customers bought a few times for modest sums, a few bought often
and a lot. Raw values are therefore hard to compare, so each is turned into a **score** from 1
to 5 by quintiles — the best fifth of customers get 5 — with recency reversed (fewer days is
better). Tied values share a score, so the many customers with exactly one order all get the
same F:
""", slide="subslide"),
    code("""
scores = rfm.rfm_scores(rfm_all)
scores.head()
"""),
    code("""
plots.insight.rfm_grid(scores);
"""),
    md("""
**Takeaway ｜ 小结:** the top-right corner (recent *and* frequent) holds the high spenders;
the left column holds customers who used to buy — some of them often — and have gone quiet.
Those two corners are where the named segments come from.
""", slide="fragment"),

    # ------------------------------------------------------------------ 2.5
    md("""
## 2.5 Named segments and the rule behind each ｜ RFM 客户分群
The training material names three groups: **important-value customers 重要价值客户** (recent,
frequent, high spend), **potential-cultivation customers 潜力培育客户** (buy rarely but spend a
lot) and **wake-up customers 唤醒待激活客户** (long inactive but used to buy often), "and other
types". The course adds loyal, new, at-risk, hibernating and regular (*course design*). The
rules are data — a table you can read, question and change:
""", slide="slide"),
    code("""
rfm.segment_rules()[["name_zh", "rule", "action"]]
"""),
    md("""
The rules are tried from the top; a customer gets the first segment whose conditions hold,
and the last row catches everyone else, so each customer lands in exactly one segment.
""", slide="fragment"),
    code("""
scores["segment"] = rfm.segment(scores)
segment_summary = segmentation.profile(rfm_all, scores["segment"])
segment_summary.insert(0, "name_zh", rfm.SEGMENTS["name_zh"].reindex(segment_summary.index))
segment_summary
"""),
    code("""
plots.insight.share_bars(segment_summary, title="RFM segments", title_zh="RFM分群");
"""),
    md("""
**Takeaway ｜ 小结:** a small important-value segment brings a far larger share of revenue
than of customers, while the hibernating segment is large and brings little — the same budget
spent evenly would mostly land on customers who are not listening.
""", slide="fragment"),
    notes("""
Invite disagreement with the rules: should a customer with one very large order and no
return be "potential" or "at risk"? The point is not the right answer but that the rule is
visible and can be argued about — the strength of RFM over a black-box model.
"""),

    # ------------------------------------------------------------------ 2.6
    md("""
## 2.6 Four value tiers and what each gets ｜ 金钻 / 白银 / 铜 / 铁 四级客户
The classification outline divides customers into four value tiers, each with its own
strategy ([sources](../docs/sources.md#value-tiers)). Registered customers who never bought
belong to 铁 (Iron): the tier of *potential* customers whose demand must be awakened. The
thresholds — top 5 % of buyers by spend for 金钻, the next 15 % for 白银, the next 30 % for 铜 —
are *course design*; change them in the lab below.
""", slide="slide"),
    code("""
rfm.TIERS[["name_zh", "who", "strategy"]]
"""),
    code("""
tiers = rfm.value_tiers(rfm_all, customers=customers["customer_id"])
spend_all = rfm_all["monetary"].reindex(tiers.index, fill_value=0.0)
tier_table = pd.DataFrame({
    "name_zh": rfm.TIERS["name_zh"],
    "customers": tiers.value_counts().reindex(rfm.TIER_ORDER),
    "revenue_share": (spend_all.groupby(tiers, observed=False).sum() / spend_all.sum()).reindex(rfm.TIER_ORDER).round(3),
    "mean_spend": spend_all.groupby(tiers, observed=False).mean().reindex(rfm.TIER_ORDER).round(0),
})
tier_table
"""),
    md("""
The aim for every lower tier is to move up (铜 → 白银 → 金钻). Whether that happens is
measured by **tier migration**: tiers by each year's spend with fixed thresholds, 2023 against
2024, in a transition matrix (each row sums to 100 %):
""", slide="subslide"),
    code("""
SPEND = (6000, 2500, 800)          # CNY a year for 金钻 / 白银 / 铜 (course design)
tiers_2023 = rfm.period_tiers(orders, start="2023-01-01", end="2024-01-01", spend=SPEND,
                              customers=customers["customer_id"])
tiers_2024 = rfm.period_tiers(orders, start="2024-01-01", end="2025-01-01", spend=SPEND,
                              customers=customers["customer_id"])
migration = rfm.tier_migration(tiers_2023, tiers_2024)
migration["rates"].round(3)
"""),
    code("""
plots.insight.migration_heatmap(migration["shares"]);
"""),
    md("""
**Takeaway ｜ 小结:** read the diagonal first (who stayed), then the cells to its left (who
moved up): the upgrade rate of 白银 and 铜 is the number a tier programme exists to raise, and
the share of 金钻 that fell back is the first list for a personal call.
""", slide="fragment"),

    # ------------------------------------------------------------------ 2.7
    md("""
## 2.7 A few customers carry the revenue ｜ 少数客户贡献大部分收入
> **Claim ｜ 观点:** a fresh-food e-commerce found its important-value customers were 12 % of
> customers and brought 65 % of revenue; a new-retail brand found 18 % of customers brought
> 72 % ([sources](../docs/sources.md#revenue-concentration)).

The Pareto curve sorts buyers from the biggest spender down and plots the share of revenue
reached against the share of customers counted:
""", slide="slide"),
    code("""
pd.Series({"revenue share of the top 12 %": round(rfm.concentration(rfm_all["monetary"], top=0.12), 3),
           "revenue share of the top 18 %": round(rfm.concentration(rfm_all["monetary"], top=0.18), 3),
           "customers needed for 72 % of revenue": round(rfm.customers_for_share(rfm_all["monetary"], 0.72), 3),
           "Gini coefficient": round(rfm.gini(rfm_all["monetary"]), 3)})
"""),
    code("""
plots.insight.pareto(rfm_all["monetary"], mark=(0.12, 0.18));
"""),
    md("""
**Takeaway ｜ 小结:** the shop is as concentrated as the turnaround brand in the claim: losing a
handful of its best customers costs more revenue than losing the whole bottom half, which is
why chapter 5 asks what keeping them is worth.
""", slide="fragment"),

    # ------------------------------------------------------------------ 2.8
    md("""
## 2.8 The 3-month rule and a social wake-up offer ｜ 三个月唤醒规则
> **Claim ｜ 观点:** a tea brand sends every customer with no purchase in three months a
> "buy one, get one free when you order with a friend" coupon — a wake-up offer that also
> brings a new customer ([sources](../docs/sources.md#dormancy-offer)).

How many of our buyers does the 3-month rule flag today?
""", slide="slide"),
    code("""
sleeping = rfm.dormant(rfm_all, days=90)
pd.Series({"buyers": len(rfm_all), "no order in 90 days": len(sleeping),
           "share": round(len(sleeping) / len(rfm_all), 3)})
"""),
    md("""
Lumen ran such an offer on customers dormant for 90 days, holding out a random control group
that got nothing. Uptake is the share who responded, reactivation the share who ordered within
7 days; the control group shows how many would have come back anyway. Costs are *course
design*: ¥0.5 per message and ¥25 for the free item per customer who orders.
""", slide="subslide"),
    code("""
campaigns = data.load_campaigns()
is_wakeup = campaigns["campaign_name"].str.contains("wake|dorman", case=False) | campaigns["campaign_id"].str.contains("wake|dorman", case=False)
wakeup = campaigns[is_wakeup]
wakeup_results = rfm.offer_results(wakeup, contact_cost=0.5, offer_cost=25.0)
wakeup_results.round(3)
"""),
    md("""
**Takeaway ｜ 小结:** judge a wake-up offer by the `uplift` row, not the treatment row: only
the reactivations above the control group are bought by the offer, and its `cost` column is
the price of each of those extra customers.
""", slide="fragment"),

    # ------------------------------------------------------------------ 2.9
    md("""
## 2.9 Value seen from both sides ｜ 兼顾财务与满意度的客户价值
The training material insists that customer value is judged with financial figures *and*
satisfaction: a big spender who is unhappy is a risk, not an asset. A simple course score
(*course design*) combines the spend percentile (70 %) with the latest survey satisfaction
(30 %, 0–100); customers without a survey get the median.
""", slide="slide"),
    code("""
surveys = data.load_surveys()
latest = surveys.sort_values(["customer_id", "survey_date"]).groupby("customer_id")["satisfaction"].last()
value = rfm.value_score(rfm_all, latest, weight=0.3)
value["tier"] = tiers.reindex(value.index)
value.groupby("tier", observed=True)[["spend_score", "satisfaction_score", "value_score"]].mean().round(1)
"""),
    code("""
unhappy_vips = value[(value["tier"] == "diamond") & value["surveyed"] & (value["satisfaction_score"] < 60)]
print(f"金钻 customers with a survey: {int(((value['tier'] == 'diamond') & value['surveyed']).sum())}; "
      f"of them below 60 satisfaction: {len(unhappy_vips)}")
"""),
    md("""
**Takeaway ｜ 小结:** spend alone would treat every 金钻 customer as safe; the satisfaction half
of the score picks out the unhappy ones, who belong on the service team's call list before the
marketing team's.
""", slide="fragment"),

    # ------------------------------------------------------------------ 2.10
    md("""
## 2.10 Letting the data draw the groups: k-means ｜ K-means 聚类
Rules encode what we already believe. **k-means** looks for groups without being told: it
places k centres and assigns each customer to the nearest. Because spend and order counts are
skewed, the pipeline first takes logarithms, then puts the three features on the same scale,
then clusters (`random_state` fixed, so the result repeats). How many groups? The **elbow**
(where adding a cluster stops reducing the spread much) and the **silhouette** (how much
closer customers are to their own cluster than to the next; higher is better) help decide:
""", slide="slide"),
    code("""
k_table = segmentation.choose_k(rfm_all, ks=range(2, 9), seed=0)
k_table.round(3)
"""),
    code("""
plots.insight.choose_k(k_table);
"""),
    md("""
Neither curve gives a sharp answer — typical of real customers, who form a continuum rather
than islands. We take k = 4, a number a team can still name and serve, and profile the
clusters, adding the share of each cluster who bought nothing in the following six months
(RFM taken as of 2024-07-01, churn measured over July–December):
""", slide="subslide"),
    code("""
rfm_mid = rfm.rfm_table(orders, as_of="2024-07-01")
churned = segmentation.churn_next_period(orders, as_of="2024-07-01", days=184)
clusters_mid = segmentation.cluster(rfm_mid, k=4, seed=0)
segmentation.profile(rfm_mid, clusters_mid, churned=churned)
"""),
    code("""
plots.insight.cluster_scatter(rfm_mid, clusters_mid);
"""),
    md("How do the clusters line up with the rule-based segments (same customers, same day)?", slide="fragment"),
    code("""
scores_mid = rfm.rfm_scores(rfm_mid)
crosstab, ari = segmentation.compare(rfm.segment(scores_mid), clusters_mid)
print(f"adjusted Rand index: {ari:.2f}")
crosstab
"""),
    md("""
**Takeaway ｜ 小结:** k-means mostly re-discovers the RFM picture — a high-value cluster, a
lapsed one, and two in between — and its churn column shows the groups really behave
differently afterwards; where it splits a rule segment, ask whether the split changes what you
would *do*, otherwise keep the rules, which everyone can read.
""", slide="fragment"),
    notes("""
If asked "which is right?": neither. Rules are explainable and stable from month to month;
clusters adapt to the data but renumber and move when the data change. Many CRM teams use rules
for operations and clustering to *review* the rules once or twice a year — the outline's
"classification is a continuous-improvement process".
"""),

    # ------------------------------------------------------------------ 2.11
    md("""
## 2.11 Do new customers stay? Cohort retention ｜ 同期群留存
Segments are a snapshot. A **cohort** table follows each month's new sign-ups over time: row =
signup month, column = months since signup, cell = share of the cohort who ordered that month.
It answers "are we keeping the customers we acquire better than last year?". The order
history starts in January 2023, so we follow the members who joined since then (earlier
members' first months are not in the data):
""", slide="slide"),
    code("""
joined_since_2023 = customers[customers["signup_date"] >= "2023-01-01"]
retention = cohorts.cohort_retention(orders, joined_since_2023)
retention.iloc[:6, :7].round(2)
"""),
    code("""
plots.insight.cohort_heatmap(retention, months=12);
"""),
    md("""
**Takeaway ｜ 小结:** the first column (the signup month itself) is bright, the rest fade fast:
most of the loss happens right after the first purchase, so onboarding — the second order —
is where retention is won or lost.
""", slide="fragment"),

    # ------------------------------------------------------------------ 2.12
    md("""
## 2.12 The segmentation lab ｜ 分群实验室
**Try it:** change the number of score levels and the weights of R, F and M, the tier
thresholds, the clustering features and k. The segment bars, the clusters, the tier table and
the list of customers to contact first redraw at once. Try: does the contact list change if
recency counts three times as much as spend? What happens to 金钻's revenue share if it is the
top 10 % instead of 5 %?
""", slide="slide"),
    code("""
widgets.segmentation.segmentation_lab(rfm_all)
""", tags=["try-it", "nbval-ignore-output"]),
    notes("""
Let pairs play for five minutes, then ask each pair for one setting that changed a decision
(not just a number). Good answers: raising the recency weight moves lapsed big spenders down
the contact list; k = 2 merges new and potential customers, who need different actions.
"""),

    # ------------------------------------------------------------------ 2.13
    md("""
## 2.13 The same RFM in SQL ｜ 用 SQL 计算 RFM
In a company, orders live in a database, not in a notebook. The RFM table is one `GROUP BY`
query; the course runs it with DuckDB directly on the CSV file, and the same SQL runs unchanged
(or nearly: date functions differ slightly) on the warehouse engines a CRM team uses:
""", slide="slide"),
    code("""
print(rfm.RFM_SQL.format(customer="customer_id", date="order_date", amount="amount"))
"""),
    code("""
rfm_from_sql = rfm.rfm_sql(DATASETS / "orders.csv", as_of=AS_OF)
same = (rfm_from_sql.index.equals(rfm_all.index)
        and (rfm_from_sql[["recency_days", "frequency"]] == rfm_all[["recency_days", "frequency"]]).all().all()
        and np.allclose(rfm_from_sql["monetary"], rfm_all["monetary"]))
print(f"SQL rows: {len(rfm_from_sql)}; identical to the pandas table: {same}")
"""),
    md("""
**Takeaway ｜ 小结:** the definition, not the tool, is the insight: write RFM once, precisely,
and it gives the same answer in pandas, DuckDB or the company warehouse.
""", slide="fragment"),

    # ------------------------------------------------------------------ 2.14
    md("""
## 2.14 From insight to action ｜ 从洞察到行动
The training material names three uses of customer insight: **personalised marketing**,
**service optimisation** and **product innovation**. On our segments:

- *Marketing:* a contact list in priority order, each customer with the action, channel and
  cost of their segment — and only on channels they consented to (chapter 6 returns to privacy).
- *Service:* at-risk and unhappy 金钻 customers go to people, not to automated messages.
- *Product:* 金钻 customers want new products and take part in shaping them; their favourite
  categories tell the buyers where to start.
""", slide="slide"),
    code("""
consent = customers.set_index("customer_id")
channel = rfm.SEGMENTS.loc[scores["segment"].astype(str), "channel"].to_numpy()
column = pd.Series(channel).map({"sms": "consent_sms", "wechat": "consent_wechat",
                                 "phone": "consent_phone", "email": "consent_email"})
allowed = [True if pd.isna(c) else bool(consent.at[cid, c]) for cid, c in zip(scores.index, column)]
plan = segmentation.contact_plan(scores[allowed], budget=3000)
print(f"¥3,000 reaches {len(plan)} customers:")
plan.groupby("segment", observed=True).agg(customers=("cost", "size"), cost=("cost", "sum"))
"""),
    code("""
diamond_ids = tiers.index[tiers == "diamond"]
pd.concat({"金钻": orders[orders["customer_id"].isin(diamond_ids)]["category"].value_counts(normalize=True),
           "others 其他": orders[~orders["customer_id"].isin(diamond_ids)]["category"].value_counts(normalize=True)},
          axis=1).round(3)
"""),
    md("""
**Takeaway ｜ 小结:** segments earn their keep only when each one maps to an action, a channel,
a cost and an owner — a segmentation nobody acts on is a chart, not insight.
""", slide="fragment"),

    # ------------------------------------------------------------------ exercises
    md("""
## Exercises ｜ 练习
Open [the exercise notebook](../exercises/ch02_customer_insight.ipynb) — or run
`crm-course start 2` to get your own copy in `work/`. Eight tasks, from counting the customers
who never bought and computing RFM by hand to choosing whom to contact with ¥3,000 and
defending the choice. Each `check(...)` cell tells you whether your answer is right and, if
not, what to look at; `hint("ch02.rfm_by_hand")` gives a hint, a second call with `2` a
more specific one.
""", slide="slide"),

    # ------------------------------------------------------------------ key points
    md("""
## Key points ｜ 要点
- Check the data first: missing ids, duplicates, inconsistent amounts and never-buyers change every number after them.
- RFM turns an order log into three numbers per customer; quantile scores and visible rules turn those into named segments anyone can argue with.
- Revenue is concentrated: a small top group brings most of it, so tiers (金钻 / 白银 / 铜 / 铁) get different service, and tier migration shows whether customers move up.
- Judge an offer by its uplift over a control group, and a customer by spend *and* satisfaction.
- Clustering is a check on the rules, not a replacement; a segment matters only if it changes an action.
""", slide="slide", tags=["keypoints"]),

    # ------------------------------------------------------------------ questionnaire
    md("""
## Check your understanding ｜ 自测
1. *(recall)* What do R, F and M measure, and why is the recency score reversed?
2. *(data)* In 2.7, what share of revenue comes from the top 18 % of buyers, and how close is it to the claim? What would change if the registered customers who never bought were counted?
3. *(data)* In 2.8, why is the treatment group's reactivation rate not the effect of the wake-up offer? What is the cost of one extra reactivated customer?
4. *(judgement)* A regional manager wants to replace the RFM rules with the four k-means clusters "because they are data-driven". What do you advise, and why?

<details><summary>Suggested answers 参考答案</summary>

1. Recency: days since the last order; frequency: number of orders; monetary: total spend.
   Fewer days since the last order is *better*, so the most recent customers get the highest
   score, while for F and M the highest values do.
2. Read it from the table in 2.7 (about 0.7 on our data, close to the turnaround brand's 72 %).
   Counting never-buyers adds customers with zero spend, so the top 18 % becomes a larger group
   of buyers and the share rises: say which base a concentration figure uses.
3. Some dormant customers come back on their own; the control group (no offer) measures
   that. The effect is the difference of the two rates (the `uplift` row), and the cost per
   extra reactivation is the campaign cost divided by the extra reactivations.
4. Keep the rules for operations: they are readable, stable between runs and map to actions;
   the clusters largely agree with them (2.10). Use k-means to review the rules periodically,
   and adopt a new split only if it changes what the team would do for those customers.
</details>
""", slide="slide", tags=["questionnaire"]),
    md("""
Next, chapter 3 takes these segments into the customer journey: which touchpoints each
group meets, where the experience breaks, and which channel deserves the credit for an order.
"""),
    md("# placeholder", slide="-", tags=["footer"]),
]

write_notebook(ROOT / "notebooks" / "02_customer_insight.ipynb", cells)
