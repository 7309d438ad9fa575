"""Write notebooks/05_loyalty_value.ipynb (then run `crm-course build` and execute it)."""

from course_lib.notebook_tools import code, md, notes, write_notebook

cells = [
    md("# placeholder", slide="slide", tags=["header"]),
    md("""
Loyal customers buy again, recommend the brand and forgive a mistake — but a loyalty
programme costs real money in points, perks and staff. This chapter puts a price on a
customer's future (customer lifetime value, 客户终身价值), finds the customers about to leave
and the ones worth saving, and then prices the programmes meant to keep them: points and
tiers, referrals and one-to-one service.

忠诚客户会复购、推荐、包容失误;但会员计划需要真金白银。本章先给客户的未来定价(CLV),再找出即将流失且值得挽留的客户,
最后测算积分等级、推荐裂变与专属服务这些计划是否划算。
""", slide="-"),
    notes("""
Frame the chapter as one question asked four times: "what is this customer (or this
programme) worth, and how sure are we?" Sections 5.1–5.3 answer it for customers, 5.4–5.6
for churn risk, 5.7–5.9 for programmes. Budget: 80 minutes plus 40 for the exercises.
"""),
    md("""
## Learning objectives ｜ 学习目标
After this chapter you can:
1. compute a simple CLV and say what five more points of retention are worth (→ Exercise 5.1, question 1)
2. fit the BG/NBD and Gamma-Gamma models on purchase histories and check them on a holdout period (→ Exercises 5.2–5.3)
3. label churn without looking ahead, and judge a churn model by AUC and calibration on a later period (→ Exercise 5.4, question 2)
4. choose whom to contact by the value a call is expected to save, not by risk alone (→ Exercise 5.5, question 3)
5. price a points-and-tiers programme and a referral programme, and find their break-even (→ Exercises 5.6–5.7, question 4)
""", slide="subslide", tags=["objectives"]),
    code("""
import numpy as np
import pandas as pd

from course_lib import churn, clv, data, loyalty, plots, widgets

plots.use_theme()
customers = data.load_customers()
orders = data.load_orders()
AS_OF = data.AS_OF
""", slide="skip"),

    # ------------------------------------------------------------------ 5.1
    md("""
## 5.1 What is a customer worth? ｜ 客户值多少钱
> **Claim ｜ 观点:** raising retention by 5 % lifts profit by 25–95 % ([sources](../docs/sources.md#retention-profit)),
> and a membership scheme lifts existing customers' repurchase rate by more than 30 % ([sources](../docs/sources.md#membership-repurchase)).

The simplest CLV follows one average customer: each year they are still with us they bring a
margin *m*; they stay from one year to the next with probability *r*; money next year is worth
less than money today (discount rate *d*). Summing the years gives

$$\\text{CLV} = \\sum_{t\\ge1} \\frac{m\\,r^t}{(1+d)^t} = \\frac{m\\,r}{1+d-r}.$$

First Lumen's own figures: the share of 2023's buyers who bought again in 2024, and what an
active customer spent in 2024:
""", slide="slide"),
    code("""
year = orders["order_date"].dt.year
buyers_2023 = set(orders.loc[year == 2023, "customer_id"])
buyers_2024 = set(orders.loc[year == 2024, "customer_id"])
retention = len(buyers_2023 & buyers_2024) / len(buyers_2023)
spend_2024 = orders[year == 2024].groupby("customer_id")["amount"].sum()
MARGIN = 0.45                                   # gross margin of the brand (course design)
margin_per_year = MARGIN * spend_2024.mean()
pd.Series({"retention 2023→2024": round(retention, 3),
           "mean spend 2024 (CNY)": round(spend_2024.mean(), 1),
           "margin per customer-year (CNY)": round(margin_per_year, 1)})
"""),
    md("What five more points of retention do to the CLV of an average customer:", slide="fragment"),
    code("""
now = clv.simple_clv(margin_per_year, retention, discount_rate=0.10)
better = clv.simple_clv(margin_per_year, retention + 0.05, discount_rate=0.10)
pd.Series({"CLV now": round(now, 1), "CLV with +5 points": round(better, 1),
           "relative gain": round(better / now - 1, 3)})
"""),
    code("""
plots.value.simple_clv_curve(margin_per_year, discount_rate=0.10,
                             mark=[round(retention, 2), round(retention + 0.05, 2)]);
"""),
    md("""
The curve bends upwards: each point of retention is worth more than the one before, because a
kept customer keeps bringing margin *and* keeps the chance of staying again. That is why the
claim's range is so wide — at low retention five points add little, at high retention they
add a lot.
""", slide="fragment"),
    md("""
**Takeaway ｜ 小结:** the formula turns "retention matters" into a number for one average
customer — but customers are not average, so the next sections give each one their own value.
""", slide="fragment"),

    # ------------------------------------------------------------------ 5.2
    md("""
## 5.2 Counting customers who leave silently ｜ 悄悄离开的客户
In retail nobody cancels a contract; a customer simply stops buying. The **BG/NBD** model
(Fader, Hardie & Lee, 2005) tells the story in two parts:

- while *alive*, each customer buys at their own steady rate — some often, some rarely;
- after each purchase, each customer may quietly drop out for good, with their own probability.

It needs three numbers per customer: **frequency** (repeat purchase days — note: not the RFM
order count), **recency** (time from the first to the last purchase) and **T** (time from the
first purchase to the end of the period). We test it first on real data, the CDNOW music
retailer ([sources](../docs/sources.md#cdnow)), where the published fit is known.
""", slide="slide"),
    code("""
cdnow = data.load_cdnow()
cdnow_summary = clv.summarize(cdnow, customer="customer_id", date="date", amount="amount",
                              calibration_end="1997-09-30", observation_end="1998-06-30",
                              unit="W")
cdnow_summary.head().round(2)
"""),
    md("Fitting the model on the calibration period (39 weeks) takes a fraction of a second:", slide="fragment"),
    code("""
bg_cdnow = clv.BetaGeo().fit(cdnow_summary["frequency"], cdnow_summary["recency"],
                             cdnow_summary["T"])
bg_cdnow
"""),
    md("""
These are the paper's published values (r = 0.243, α = 4.414, a = 0.793, b = 2.426,
log-likelihood −9582.4), so our implementation is the model of the paper. `r` and `α` describe
how purchase rates vary (mean rate r/α ≈ 0.055 purchases a week); `a` and `b` how the
drop-out probability varies (mean a/(a+b) ≈ 25 % after each purchase).

Two customers with the same three repeat purchases — one bought last week, the other has been
silent for half a year:
""", slide="subslide"),
    code("""
two = pd.DataFrame({"frequency": [3, 3], "recency": [37.0, 12.0], "T": [38.0, 38.0]},
                   index=["recent 最近购买", "silent 沉默已久"])
two["p_alive"] = bg_cdnow.p_alive(two["frequency"], two["recency"], two["T"]).round(3)
two["expected next 39 weeks"] = bg_cdnow.expected_purchases(
    39, two["frequency"], two["recency"], two["T"]).round(2)
two
"""),
    md("""
The same purchase count means very different futures: silence after a busy spell is
evidence that the customer has left. That is what an RFM score cannot say on its own.

The real test is the **holdout**: predict purchases in the 39 weeks after calibration and
compare with what customers actually did.
""", slide="fragment"),
    code("""
cdnow_predicted = bg_cdnow.expected_purchases(
    cdnow_summary["duration_holdout"], cdnow_summary["frequency"], cdnow_summary["recency"],
    cdnow_summary["T"])
pd.Series({"predicted repeat purchases": round(cdnow_predicted.sum(), 0),
           "actual repeat purchases": cdnow_summary["frequency_holdout"].sum()})
"""),
    code("""
plots.value.holdout_check(cdnow_summary, cdnow_predicted);
"""),
    md("""
Next, what each purchase is worth. The **Gamma-Gamma** model shrinks each customer's average
spend towards the population's mean — more for customers with few purchases — assuming spend
per purchase does not depend on how often they buy. Check that assumption first:
""", slide="subslide"),
    code("""
repeaters = cdnow_summary[cdnow_summary["frequency"] > 0]
print(f"correlation of frequency and mean spend: "
      f"{repeaters['frequency'].corr(repeaters['monetary']):.2f}")
gg_cdnow = clv.GammaGamma().fit(cdnow_summary["frequency"], cdnow_summary["monetary"])
gg_cdnow
"""),
    md("""
**Takeaway ｜ 小结:** the weak correlation lets us use Gamma-Gamma, and both fits reproduce
the published parameters (p = 6.25, q = 3.74, γ = 15.44 for Gamma-Gamma) — our tools work on
real data before we trust them on Lumen's.
""", slide="fragment"),
    notes("""
If trainees ask why not just use the last year's spend: the holdout plot is the answer — the
model predicts the next period per group of customers, including the many one-time buyers
whose future is mostly zero. Point out the paper references in the `clv` docstrings.
"""),

    # ------------------------------------------------------------------ 5.3
    md("""
## 5.3 CLV for Lumen's customers ｜ 澜悦客户的终身价值
Same recipe on the course brand: calibrate on 2023-01-01 … 2024-06-30, check on the second
half of 2024.
""", slide="slide"),
    code("""
lumen_check = clv.summarize(orders, customer="customer_id", date="order_date", amount="amount",
                            calibration_end="2024-06-30", observation_end="2024-12-31")
bg_check = clv.BetaGeo().fit(lumen_check["frequency"], lumen_check["recency"], lumen_check["T"])
lumen_predicted = bg_check.expected_purchases(lumen_check["duration_holdout"],
                                              lumen_check["frequency"], lumen_check["recency"],
                                              lumen_check["T"])
print(bg_check)
print(f"predicted {lumen_predicted.sum():,.0f} repeat purchase days in the holdout, "
      f"actual {lumen_check['frequency_holdout'].sum():,.0f}")
"""),
    code("""
plots.value.holdout_check(lumen_check, lumen_predicted);
"""),
    md("""
With the check done, refit on the full two years and value every customer's next 12 months,
at a monthly discount rate of 1 % and Lumen's 45 % margin:
""", slide="subslide"),
    code("""
lumen = clv.summarize(orders, customer="customer_id", date="order_date", amount="amount",
                      observation_end="2024-12-31")
bg = clv.BetaGeo().fit(lumen["frequency"], lumen["recency"], lumen["T"])
gg = clv.GammaGamma().fit(lumen["frequency"], lumen["monetary"])
lumen["p_alive"] = bg.p_alive(lumen["frequency"], lumen["recency"], lumen["T"])
lumen["clv_12m"] = clv.customer_lifetime_value(
    bg, gg, lumen["frequency"], lumen["recency"], lumen["T"], lumen["monetary"],
    months=12, discount_rate=0.01, margin=MARGIN)
print(gg)
top5 = lumen.sort_values("clv_12m", ascending=False).head(5)
top5.round({"recency": 1, "T": 1, "monetary": 0, "p_alive": 2, "clv_12m": 0})
"""),
    code("""
plots.value.clv_distribution(lumen["clv_12m"], top=0.18);
"""),
    md("Average predicted CLV by membership tier (today's tier):", slide="fragment"),
    code("""
by_tier = (lumen.join(customers.set_index("customer_id")["membership_tier"])
           .groupby("membership_tier")
           .agg(customers=("clv_12m", "size"), mean_clv=("clv_12m", "mean"),
                mean_p_alive=("p_alive", "mean"))
           .reindex(churn.TIER_ORDER).round({"mean_clv": 0, "mean_p_alive": 2}))
by_tier
"""),
    md("""
**Takeaway ｜ 小结:** CLV is concentrated — a minority of customers holds most of next year's
value — and it rises with the tier, so the tier ladder already tracks value roughly; CLV says
*which* customers within each tier matter most.
""", slide="fragment"),

    # ------------------------------------------------------------------ 5.4
    md("""
## 5.4 Who is about to leave? ｜ 谁将流失
> **Claim ｜ 观点:** +10 points of satisfaction go with about −20 % churn ([sources](../docs/sources.md#satisfaction-churn)).

A churn model learns from the past and is used on the future, so we build it that way:
features as of **2024-01-01** with the label "no order in the next 180 days" to *train*;
the same features as of **2024-07-01**, labelled by the second half of 2024, to *test*.
Every feature uses only what was known on its day.
""", slide="slide"),
    code("""
tables = dict(customers=customers, loyalty=data.load_loyalty(), tickets=data.load_tickets(),
              surveys=data.load_surveys())
TRAIN_DAY, TEST_DAY, HORIZON = "2024-01-01", "2024-07-01", 180

X_train = churn.churn_features(orders, as_of=TRAIN_DAY, **tables)
y_train = churn.churn_label(orders, as_of=TRAIN_DAY, horizon_days=HORIZON).reindex(X_train.index)
X_test = churn.churn_features(orders, as_of=TEST_DAY, **tables)
y_test = churn.churn_label(orders, as_of=TEST_DAY, horizon_days=HORIZON).reindex(X_test.index)
print(f"train: {len(X_train):,} customers, {y_train.mean():.1%} lost · "
      f"test: {len(X_test):,} customers, {y_test.mean():.1%} lost")
X_test.head(3)
"""),
    md("First, the claim on its own: churn rate in the test period by last satisfaction score:", slide="fragment"),
    code("""
band = pd.cut(X_test["satisfaction"], bins=[0, 40, 50, 60, 70, 80, 90, 100], include_lowest=True)
y_test.groupby(band, observed=True).agg(["size", "mean"]).round(3).rename(
    columns={"size": "customers", "mean": "churn rate"})
"""),
    md("Now the model: a logistic regression inside a scikit-learn pipeline (impute, scale, one-hot encode):", slide="subslide"),
    code("""
model = churn.churn_model(seed=0).fit(X_train, y_train)
p_test = model.predict_proba(X_test)[:, 1]
churn.evaluate_model(y_test, p_test)
"""),
    code("""
import matplotlib.pyplot as plt

fig, (left, right) = plt.subplots(1, 2, figsize=(9.6, 4.4))
plots.value.roc_curve(y_test, p_test, ax=left)
plots.value.calibration(churn.calibration_table(y_test, p_test), ax=right)
fig.tight_layout();
"""),
    md("""
AUC answers "does the model rank the leavers first?"; the calibration plot answers "when it
says 40 %, do 40 % leave?". We need both: ranking to choose whom to call, honest probabilities
to compute what a call is worth.
""", slide="fragment"),
    md("""
**Takeaway ｜ 小结:** trained on the past and tested on a later period, the model ranks
leavers well above chance and its probabilities can be used as they are.
""", slide="fragment"),
    notes("""
Common confusion: "why not a random train/test split?" Because customers in the same period
share the season and the campaigns; testing on a later day is what the model will face in
production. The boosting variant (`kind="boosting"`) is worth a try in the exercise discussion.
"""),

    # ------------------------------------------------------------------ 5.5
    md("""
## 5.5 Whom to call: risk × value ｜ 挽留谁:风险 × 价值
A retention call costs money (here ¥30 of staff time and a voucher) and saves only some of the
customers who would have left (here 25 %, an assumption to replace with the result of a
controlled campaign like chapter 3's wake-up test). The value a call is expected to save is

$$p(\\text{lost}) \\times \\text{save rate} \\times \\text{CLV} - \\text{cost}.$$

The value at stake is each customer's predicted 12-month CLV as of the test day:
""", slide="slide"),
    code("""
mid = clv.summarize(orders, customer="customer_id", date="order_date", amount="amount",
                    observation_end="2024-06-30")
mid = mid.reindex(X_test.index)
bg_mid = clv.BetaGeo().fit(mid["frequency"], mid["recency"], mid["T"])
gg_mid = clv.GammaGamma().fit(mid["frequency"], mid["monetary"])
value_test = clv.customer_lifetime_value(bg_mid, gg_mid, mid["frequency"], mid["recency"],
                                         mid["T"], mid["monetary"], months=12, margin=MARGIN)
churn.compare_targeting(p_test, value_test, y_test, n_contacts=500, save_rate=0.25,
                        contact_cost=30.0, seed=0).round(0)
"""),
    code("""
plots.value.targeting_gains(p_test, value_test, y_test, save_rate=0.25, contact_cost=30.0);
"""),
    md("""
Ranking by probability reaches the most leavers, but many of them are one-time buyers worth
little; ranking by expected value saved reaches fewer leavers and saves more money. The peak
of each curve is the campaign size beyond which another call costs more than it saves.
""", slide="fragment"),
    md("""
**Takeaway ｜ 小结:** the best list is not "who is likeliest to leave" but "where does a call
change the most value" — and it also tells you when to stop calling.
""", slide="fragment"),

    # ------------------------------------------------------------------ 5.6
    md("""
## 5.6 Retention curves by tier ｜ 各会员等级的留存曲线
A Kaplan-Meier curve shows the share of customers still active *d* days after a start day,
using customers who are still active too (they are *censored*: we know they lasted at least
this long). A customer counts as lost 180 days after their last order.

To compare tiers fairly we take the tier each customer held on **2024-01-01** and follow the
customers active that day — today's tier would flatter the high tiers, since customers who
stayed had time to climb.
""", slide="slide"),
    code("""
tier_then = churn.tier_as_of(customers, tables["loyalty"], as_of="2024-01-01")
lives = churn.survival_table(orders, as_of=AS_OF, landmark="2024-01-01", inactivity_days=180)
lives["tier"] = tier_then.reindex(lives.index)
curves = churn.kaplan_meier(lives["duration_days"], lives["lost"], lives["tier"],
                            order=churn.TIER_ORDER, timeline=np.arange(0, 367, 30))
test = churn.logrank(lives["duration_days"], lives["lost"], lives["tier"])
plots.value.survival_curves(curves, p_value=test["p_value"]);
"""),
    code("""
curves.loc[[180, 360]].round(3)
"""),
    md("""
**Takeaway ｜ 小结:** the tiers' curves separate clearly and the log-rank test rules out
chance; whether the tier *causes* the loyalty or merely marks it is a separate question
(question 4 below).
""", slide="fragment"),

    # ------------------------------------------------------------------ 5.7
    md("""
## 5.7 Pricing a points-and-tiers programme ｜ 积分与等级计划的账
> **Claim ｜ 观点:** tiered membership with points, where deeper relationships unlock more —
> priority purchase, a one-to-one advisor, scarce "black card" privileges ([sources](../docs/sources.md#vip-privileges)).

The course's programme model (course design, in `course_lib.loyalty`): members earn 1 point
per CNY, worth ¥0.01 when redeemed; 70 % of points are redeemed and the rest expire
(*breakage*); tiers give back 1–5 % of spend in perks; running the programme costs ¥15 per
member a year. It pays through extra spend and extra retention. On 2024's spend:
""", slide="slide"),
    code("""
loyalty.DEFAULT_TIERS
"""),
    code("""
programme = loyalty.points_programme(spend_2024, margin=MARGIN, spend_lift=0.05,
                                     retention_lift=0.03)
programme.round(0)
"""),
    code("""
plots.value.programme_waterfall(programme);
"""),
    code("""
break_even = loyalty.break_even_retention_lift(spend_2024, margin=MARGIN, spend_lift=0.05)
print(f"the programme breaks even at a retention lift of {break_even:+.1%}")
"""),
    md("""
**Takeaway ｜ 小结:** a programme is a bet on behaviour — the break-even lift is the number
to test in a pilot with a control group before rolling it out.
""", slide="fragment"),
    md("""
**Try it ｜ 动手试试:** change the earn rate, redemption rate and lifts. Which lever moves the
break-even most? What happens to the top tier's net when its benefits rise?
""", slide="subslide"),
    code("""
widgets.loyalty.points_programme_lab(spend_2024, margin=MARGIN)
""", tags=["try-it", "nbval-ignore-output"]),

    # ------------------------------------------------------------------ 5.8
    md("""
## 5.8 Referral programmes ｜ 口碑裂变
> **Claim ｜ 观点:** two-sided rewards — cashback for the referrer, a gift for the newcomer;
> refer three friends for a year of VIP; once the referred friend orders, both get a ¥200
> coupon with no minimum spend ([sources](../docs/sources.md#referral-rewards)); and 87 % of
> consumers put more trust in recommendations from people they know ([sources](../docs/sources.md#trust-recommendations)).

First, what Lumen's data say about referred customers so far:
""", slide="slide"),
    code("""
buyers = orders.groupby("customer_id")["amount"].agg(["size", "sum"])
referred = customers.set_index("customer_id")["referred_by"].notna()
compare = (buyers.join(referred.rename("referred"), how="right").fillna({"size": 0, "sum": 0})
           .groupby("referred").agg(customers=("size", "size"), bought=("size", lambda s: (s > 0).mean()),
                                    orders=("size", "mean"), spend=("sum", "mean")).round(2))
compare
"""),
    md("""
Now a programme on 5,000 customers, rewards paid only after the newcomer's first order. The
**viral coefficient** k is the number of new customers each customer brings; below 1, every
round is smaller than the last.
""", slide="subslide"),
    code("""
after = loyalty.referral_programme(5000, rounds=4, value_per_customer=600.0)
upfront = loyalty.referral_programme(5000, rounds=4, value_per_customer=600.0,
                                     pay_after_first_order=False)
pd.DataFrame({"after first order 首单后发放": [after.viral_coefficient, after.new_customers,
                                          after.cost, after.cost_per_customer, after.net_value],
              "at sign-up 注册即发放": [upfront.viral_coefficient, upfront.new_customers,
                                    upfront.cost, upfront.cost_per_customer, upfront.net_value]},
             index=["viral coefficient k", "new customers", "cost (CNY)",
                    "cost per new customer (CNY)", "net value (CNY)"]).round(2)
"""),
    code("""
plots.value.referral_rounds(after);
"""),
    md("""
**Takeaway ｜ 小结:** paying after the first order buys the same customers for less — the
rewards of sign-ups who never buy are never paid — and k far below 1 means a referral
programme is a cheap acquisition channel, not a chain reaction.
""", slide="fragment"),
    md("""
**Try it ｜ 动手试试:** how many invitations per referrer, at what sign-up rate, would push k
to 1? Is that realistic for a fashion brand?
""", slide="subslide"),
    code("""
widgets.loyalty.referral_lab(5000, value_per_customer=600.0)
""", tags=["try-it", "nbval-ignore-output"]),

    # ------------------------------------------------------------------ 5.9
    md("""
## 5.9 Service level by CLV ｜ 按客户价值分配服务
> **Claim ｜ 观点:** high-value customers get a one-to-one advisor ([sources](../docs/sources.md#vip-privileges));
> high-CLV customers get a customer success manager while the rest are reached by automation.

Lumen can afford 5 success managers with 40 accounts each. Give them the top accounts by
predicted CLV, and spread the accounts so each manager's portfolio is of similar value:
""", slide="slide"),
    code("""
allocation = churn.allocate_managers(lumen["clv_12m"], n_managers=5, accounts_per_manager=40)
managed = allocation[allocation["service"] == "manager"]
print(f"{len(managed)} managed accounts ({len(managed) / len(allocation):.1%} of customers) "
      f"hold {managed['value'].sum() / allocation['value'].sum():.1%} of next year's CLV")
managed.groupby("manager")["value"].agg(["size", "sum"]).round(0)
"""),
    code("""
plots.value.manager_allocation(allocation);
"""),
    md("""
**Try it ｜ 动手试试:** with a fixed budget, is it better to hire more managers with fewer
accounts each, or fewer managers with more? Watch the captured share of CLV.
""", slide="subslide"),
    code("""
widgets.loyalty.manager_lab(lumen["clv_12m"], n_managers=5, accounts_per_manager=40)
""", tags=["try-it", "nbval-ignore-output"]),
    md("""
**Takeaway ｜ 小结:** a few percent of accounts hold a large share of next year's value, so a
small team of managers covers much of it; everyone else still deserves good automated care.
""", slide="fragment"),

    # ------------------------------------------------------------------ wrap-up
    md("""
## Exercises ｜ 练习
Practise each step in [the exercise notebook](../exercises/ch05_loyalty_value.ipynb) (or run
`crm-course start 5` for your own copy): the value of retention, the CDNOW summary and fit,
churn labels without hindsight, targeting by value, the programme's break-even and the cost
of a referred customer.
""", slide="slide"),
    md("""
## Key points ｜ 要点
- CLV = margin × retention / (1 + discount − retention) for an average customer; each point of retention is worth more than the last.
- BG/NBD reads "alive or silently gone" from frequency, recency and T; always check it on a holdout period before trusting it.
- Build churn models as they will be used: features from one day, labels from the days after, tested on a later day; judge them by AUC *and* calibration.
- Contact customers by expected value saved (risk × value × save rate − cost), and stop where another call saves less than it costs.
- Price every loyalty or referral programme: the break-even lift is the number a pilot must beat.
""", slide="slide", tags=["keypoints"]),
    md("""
## Check your understanding ｜ 自测
1. *(recall)* Write the simple CLV formula and say what each letter means. Why does the same +5 points of retention add more CLV at 80 % retention than at 40 %?
2. *(data)* In section 5.4 the model is trained on features as of 2024-01-01 and tested as of 2024-07-01. What would go wrong if `tier` were today's `membership_tier` rather than the tier held on each day?
3. *(data)* In section 5.5, why does ranking by churn probability reach more leavers but save less value than ranking by expected value saved?
4. *(judgement)* Higher tiers have better retention curves (5.6). Should Lumen make it easier to reach gold in order to keep more customers? What would you want to know first?

<details><summary>Suggested answers ｜ 参考答案</summary>

1. CLV = m·r / (1 + d − r): m margin per period, r retention per period, d discount rate. The denominator shrinks as r rises, so the curve bends upward: at 80 % a kept customer is expected to stay for years, at 40 % for barely one.
2. Today's tier was reached partly *because* the customer stayed and bought; using it for past days leaks the outcome into the features and inflates the model's accuracy on paper, not in use.
3. Many likely leavers are one-time buyers with little value at stake; expected value saved weighs risk by what is lost, so it picks fewer but more valuable leavers.
4. Not on this evidence: the tier may mark loyalty rather than cause it. First test it — lower the threshold for a random half of near-gold customers and compare their retention and margin with the other half, including the cost of gold benefits.
</details>
""", slide="slide", tags=["questionnaire"]),
    md("""
Next, chapter 6 looks ahead: the data platforms, AI tools and implementation steps that turn
these analyses into a CRM that runs every day.
""", slide="-"),
    md("footer", slide="-", tags=["footer"]),
]

write_notebook("notebooks/05_loyalty_value.ipynb", cells)
