"""Chapter 6's capstone and scripted cases (sections 6.6–6.11), as cells for build_06.py.

A module, not a script: ``from build_06_cases import cells as case_cells`` and insert the
cells after section 6.5, before the exercises and key points. The cells import what they use,
so they also run on their own.
"""

from course_lib.notebook_tools import code, md, notes

cells = [
    # ------------------------------------------------------------------ 6.6
    md("""
## 6.6 The turnaround capstone: diagnosis on data ｜ 综合案例:用数据诊断
> **Claim ｜ 观点:** a new-retail brand stuck at a repurchase rate under 15 %, a complaint rate of
> 22 % and an NPS of −18 took four moves — tiered operations, interaction upgrade, value
> empowerment, crisis management — and six months later reports repurchase 42 %, NPS 45,
> complaints under 5 % and referrals bringing 35 % of its new customers
> ([sources](../docs/sources.md#turnaround-case)).

The four moves follow the strategy article's four dimensions of maintenance: tiered
maintenance (分层维护), interaction empowerment (互动赋能), value co-creation (价值共生) and
crisis immunity (危机免疫). Before choosing moves, a turnaround starts with a diagnosis. Here
is Lumen's 2024, measured the way the case (and our simulator below) defines each figure:
""", slide="slide"),
    code("""
import numpy as np
import pandas as pd

from course_lib import data, plots, rfm, widgets
from course_lib.simulation import (BASELINE, DECK, cases, lever_costs, replicate, simulate,
                                   summarize_runs, tournament)

plots.use_theme()
orders_2024 = data.load_orders().query("order_date.dt.year == 2024")
tickets_2024 = data.load_tickets().query("opened_at.dt.year == 2024")
surveys_2024 = data.load_surveys().query("survey_date.dt.year == 2024")
""", slide="skip"),
    code("""
month = orders_2024["order_date"].dt.month
buyers_per_month = orders_2024.groupby(month)["customer_id"].nunique()
members_2024 = orders_2024["customer_id"].nunique()
waited = (tickets_2024["first_response_at"] - tickets_2024["opened_at"]).dt.total_seconds() / 3600
scores = surveys_2024["nps"]
spend = rfm.rfm_table(orders_2024, as_of="2025-01-01")["monetary"]
diagnosis = pd.Series({
    "customers buying in a month 月复购(均值)": buyers_per_month.mean() / members_2024,
    "buyers who complained 投诉客户占比": tickets_2024["customer_id"].nunique() / members_2024,
    "complaints answered after 1 h 超1小时响应": (waited > 1).mean(),
    "NPS 净推荐值": 100 * ((scores >= 9).mean() - (scores <= 6).mean()),
    "revenue from the top 18 % 前18%客户收入占比": rfm.concentration(spend, top=0.18),
})
diagnosis.round(3)
"""),
    md("""
Lumen looks much like the case's "before": fewer than one in four buyers order in a given month,
about one buyer in five complained during the year, almost half of the complaints waited past
the one-hour promise, NPS is below zero — and a small top group brings most of the revenue. The
diagnosis points at the same four places as the case: the valuable few are not served
differently (tiers), contact is rare and generic (interaction), nothing makes customers want to
recommend (value), and complaints are answered slowly (crisis).
""", slide="fragment"),
    notes("""
Ask the room to name the four problems before revealing the four moves: the diagnosis table
is built so each row points at one move. Stress that the case's figures are the training
material's report, not a law; the simulator that follows is the course's own model.
"""),

    # ------------------------------------------------------------------ 6.7
    md("""
## 6.7 A simulator of the customer base ｜ 客户群模拟器
A strategy is a set of **levers**, each with a price: service level per value tier, contact
cadence and channel mix, complaint response time and compensation, points and member
benefits, referral rewards, win-back offers and paid acquisition. The simulator (course design)
follows every customer month by month — value tier, satisfaction, active or lost, points — and
draws purchases, complaints, churn and referrals from probabilities that depend on that state
and on the levers. It never sets a KPI: repurchase, complaints, NPS and referrals come out of the
mechanics, and so do revenue and cost. The price list:
""", slide="slide"),
    code("""
lever_costs()
"""),
    md("""
The KPIs of the case, as the simulator defines them: **repurchase rate** = customers active at
the start of a month who order in it; **complaint rate** = customers who complained among those
who ordered; **NPS** = % promoters − % detractors among active customers; **referral share** =
new customers who came by referral among all new customers. The "baseline" is the brand before
its turnaround; the "deck" is the four moves turned into levers:
""", slide="subslide"),
    code("""
pd.DataFrame({"baseline": BASELINE.levers(), "deck": DECK.levers()}).drop("name")
"""),
    md("Twenty thousand customers, six months, the same seed for both:", slide="fragment"),
    code("""
before = simulate("baseline", n_customers=20_000, months=6, seed=0)
after = simulate("deck", n_customers=20_000, months=6, seed=0)
kpis = ["repurchase_rate", "complaint_rate", "nps", "referral_share"]
pd.DataFrame({"baseline, month 6": before.kpis.loc[6, kpis],
              "deck, month 6": after.kpis.loc[6, kpis]}).round(3)
"""),
    md("""
The deck's levers bring the simulated brand to the case's "after" within six months, while the
baseline stays where it was. One run is one possible half-year; five runs on different seeds
give a band of what luck alone changes:
""", slide="fragment"),
    code("""
runs = pd.concat([replicate(name, n_customers=10_000, months=6, seeds=5)
                  for name in ("baseline", "deck")])
bands = summarize_runs(runs)
plots.simulation.kpi_paths(bands);
"""),
    md("""
The bands are narrow: with thousands of customers the difference between the strategies is
the levers, not luck. The gains build up month by month, because satisfaction moves gradually
and churn, referrals and purchases follow it. But the deck is not free:
""", slide="subslide"),
    code("""
totals = pd.DataFrame({"baseline": before.totals, "deck": after.totals})
totals.loc[["revenue", "cost", "profit", "active_customers_end"]].round(0)
"""),
    code("""
plots.simulation.cost_breakdown(after.costs);
"""),
    md("""
**Takeaway ｜ 小结:** the deck's moves roughly double the profit of a brand that does nothing —
but its largest lever costs (service levels, member benefits, free returns, referral coupons)
go to whole tiers or to every customer alike, whatever each one brings back. That is where a
smarter mix can find money.
""", slide="fragment"),
    md("""
**Try it ｜ 动手试试:** start from the deck and change one lever at a time. Which lever costs the
most profit when you remove it? Which one can you cut without losing the customer KPIs?
""", slide="subslide"),
    code("""
widgets.simulation.strategy_lab("deck", n_customers=5_000, months=6, seed=0)
""", tags=["try-it", "nbval-ignore-output"]),
    notes("""
The lab reruns baseline and strategy on the same seed at every change (about a tenth of a
second for 5,000 customers). Good first experiments: dedicated service for Iron customers (cost
up, little gain), referral reward 100 instead of 200, benefits level 1 instead of 2.
"""),

    # ------------------------------------------------------------------ 6.8
    md("""
## 6.8 Team mode: beat the deck ｜ 团队对抗:超越标准方案
Each team designs a strategy; all strategies run on the **same seeds**, so differences come
from the levers rather than luck. The leaderboard ranks them on total profit over six months
and marks those that also meet the customer targets (complaints under 5 %, NPS above zero).
Three example teams:
""", slide="slide"),
    code("""
teams = {
    "deck": DECK,
    "Team A · focus the service": DECK.replace(name="A", service_level=(2, 1, 0, 0),
                                              referral_reward=120),
    "Team B · lean programme": DECK.replace(name="B", service_level=(2, 1, 0, 0), member_benefits=1,
                                           referral_reward=100, compensation=30, winback_offer=30),
    "Team C · buy growth": BASELINE.replace(name="C", acquisition_rate=0.08, contacts_per_month=6),
}
board = tournament(teams, n_customers=10_000, months=6, seeds=4)
board.round({"profit": 0, "profit_low": 0, "profit_high": 0, "repurchase_rate": 3,
             "complaint_rate": 3, "nps": 1, "referral_share": 3})
"""),
    code("""
plots.simulation.leaderboard(board);
"""),
    md("""
**Takeaway ｜ 小结:** the teams that target the expensive levers at the tiers where they pay
beat the deck on profit while keeping complaints under 5 % — at the price of a lower NPS. The
team that only buys new customers and messages them more never repairs the service: it
misses the customer targets, however large its acquisition bill. Judging a strategy needs both
columns, profit and customers.
""", slide="fragment"),
    notes("""
Team game (see the instructor notes): 3–5 teams, 15 minutes to design in the lab, then the
instructor collects each team's levers into a dict and runs `tournament(teams, seeds=10)` on
the projector. Ask the winners to defend their NPS, and the others what they would cut.
"""),

    # ------------------------------------------------------------------ 6.9
    md("""
## 6.9 Case: rescuing a high-value customer ｜ 案例:挽回高价值客户
> **Scenario ｜ 情景:** after a service failure a key customer says they will end the relationship;
> study the interaction record, find the cause, design the compensation and handle the call
> ([sources](../docs/sources.md#churn-rescue-case)). The call and its outcome model are course design.

The customer is in our data: the biggest spender of the last twelve months among those whose
complaint in the last 90 days was answered after the one-hour promise. Their record, as the
customer-360 view would show it:
""", slide="slide"),
    code("""
account = cases.key_account()
record = cases.account_record(account)
record["profile"].to_frame()
"""),
    code("""
record["tickets"][["opened_at", "channel", "category", "wait_hours", "late", "csat"]]
"""),
    code("""
record["followups"]
"""),
    code("""
at_stake = cases.rescue_value_at_stake(account)
print(f"Margin of the last 12 months' orders 近12个月毛利: ¥{at_stake:,.0f}")
"""),
    md("""
Read the record before the call: how many complaints, how quickly were they answered, did any
follow-up reach the customer? The call is a scenario file of steps — diagnosis, compensation,
opening, the customer's reaction, the close — and each option moves the chance of keeping the
customer and may cost money. The first step's options:
""", slide="subslide"),
    code("""
rescue = cases.load_case("churn_rescue")
rescue.options("diagnosis")
"""),
    md("One play-through: a coupon, the standard apology, more coupons when the customer pushes back:", slide="fragment"),
    code("""
outcome = cases.play("churn_rescue", {
    "diagnosis": "one_bad_day", "compensation": "coupon", "opening": "script",
    "third_time": "more_coupons", "close": "end"})
outcome.summary()
"""),
    code("""
for line in outcome.feedback:
    print("·", line)
"""),
    md("""
**Takeaway ｜ 小结:** money alone keeps few customers; the record tells you what to say, and
what the customer needs to hear is that you know what went wrong and will fix it. Find a
play-through that keeps this customer with a probability of at least 70 % — and compare its
cost with the margin at stake.
""", slide="fragment"),
    code("""
widgets.simulation.rescue_call({"diagnosis": "one_bad_day", "compensation": "coupon",
                                "opening": "script", "third_time": "more_coupons", "close": "end"})
""", tags=["try-it", "nbval-ignore-output"]),

    # ------------------------------------------------------------------ 6.10
    md("""
## 6.10 Case: a B2B negotiation ｜ 案例:B2B谈判
> **Scenario ｜ 情景:** play against a corporate buyer, predict their pain points from CRM history,
> build a targeted quotation ([sources](../docs/sources.md#b2b-negotiation-case)). The buyer, the
> account data and the acceptance model are course design.

Lumen's corporate desk sells staff uniforms and guest gift sets to a hotel group. The buyer's
role card:
""", slide="slide"),
    code("""
negotiation = cases.load_case("b2b_negotiation")
pd.Series(negotiation.spec["role_card"])
"""),
    code("""
history = negotiation.spec["crm_history"]
plots.simulation.quarterly_orders(history["orders_per_quarter"]["quarters"],
                                  history["orders_per_quarter"]["amount"]);
"""),
    code("""
pd.concat([pd.DataFrame(history["tickets"]).assign(kind="ticket"),
           pd.DataFrame(history["meeting_notes"]).rename(columns={"note": "text"}).assign(kind="meeting")],
          ignore_index=True)[["date", "kind", "text"]].sort_values("date", ignore_index=True)
"""),
    md("""
Orders fall through 2024, after late deliveries before peak seasons; the meeting notes speak of
payment terms and of cutting suppliers. The buyer accepts a quotation with a probability that
follows a logistic model: each pain point you predict correctly and address adds to the
log-odds, and so do a discount, a shorter guaranteed lead time and longer payment terms — each
at a cost to the deal's margin, paid only if she signs. The quotation's terms:
""", slide="subslide"),
    code("""
negotiation.options("quotation")
"""),
    md("Holding everything else fixed, what does the discount buy?", slide="fragment"),
    code("""
base_offer = {"pain_points": ["delivery_reliability", "payment_terms"], "account_manager": "none",
              "talk_track": "value_first",
              "quotation": {"discount": 0.0, "lead_time_days": 30, "payment_days": 60}}
rows = []
for discount in (0.0, 0.05, 0.10, 0.15, 0.20):
    offer = {**base_offer, "quotation": {**base_offer["quotation"], "discount": discount}}
    result = cases.play("b2b_negotiation", offer)
    rows.append({"discount": discount, "probability": round(result.probability, 3),
                 "margin if signed": round(420_000 - result.cost),
                 "expected margin": round(result.expected_value)})
pd.DataFrame(rows).set_index("discount")
"""),
    md("""
**Takeaway ｜ 小结:** a discount raises the chance of signing but every point of it costs
12,000 CNY of margin, so beyond a few points the expected margin falls. The record offers
cheaper arguments — delivery, payment terms, one supplier instead of several — that price
cannot buy.
""", slide="fragment"),
    code("""
widgets.simulation.negotiation_desk(base_offer)
""", tags=["try-it", "nbval-ignore-output"]),
    notes("""
Run it as a role-play in pairs first (one plays the buyer with the role card), then let each
pair enter their quotation in the desk. The model answer and the common mistakes are in the
instructor notes.
"""),

    # ------------------------------------------------------------------ 6.11
    md("""
## 6.11 Case: an omnichannel instant promotion ｜ 案例:全渠道即时促销
> **Scenario ｜ 情景:** recognise a member in store, track behaviour across channels, push an instant
> promotion ([sources](../docs/sources.md#omnichannel-case)). The trigger design and its outcome
> model are course design.

A trigger has four parts — **who** (the audience), **which signal** fires it, **which channel**
carries it, **which offer** it makes. The simulation runs it for a month over Lumen's members,
holds a random 20 % of the triggered members out as a control group, and reports the uplift
(what the message adds to what they would have bought anyway), the cost and the opt-outs.
What the members allow and do:
""", slide="slide"),
    code("""
members = cases.trigger_members()
members[["consent_sms", "consent_wechat", "app_user"]].mean().round(3)
"""),
    md("The classic blast — every member, an SMS on the 1st, 10 % off:", slide="fragment"),
    code("""
blast = cases.play("omnichannel", {"audience": "all_members", "signal": "none",
                                   "channel": "sms", "offer": "pct10"}, seed=0)
blast.summary()
"""),
    md("""
The blast reaches many members, and many of them buy — but the hold-out group buys too, so
the message adds little, the discount is paid on every order, and the opt-outs cost future
reach. A trigger that waits for a signal of intent:
""", slide="subslide"),
    code("""
in_store = cases.play("omnichannel", {"audience": "store_regulars", "signal": "store_check_in",
                                      "channel": "wechat", "offer": "styling"}, seed=0)
pd.DataFrame({"blast": blast.summary(), "store check-in": in_store.summary()})
"""),
    code("""
plots.simulation.trigger_result(in_store.metrics);
"""),
    md("""
**Takeaway ｜ 小结:** judge a trigger by its uplift against a hold-out group, not by how many
contacted members bought. A relevant signal in a personal channel earns more with fewer
messages and far fewer opt-outs. Note how a small hold-out makes the *measured* uplift noisy —
the reason real tests need enough members in the control group.
""", slide="fragment"),
    code("""
widgets.simulation.trigger_designer({"audience": "all_members", "signal": "none",
                                     "channel": "sms", "offer": "pct10"})
""", tags=["try-it", "nbval-ignore-output"]),
    notes("""
Ask for a trigger that is profitable with an opt-out rate under 1 %, then ask which of the
four parts mattered most. Many trainees pick the high-value audience first: their control
group shows they would have bought anyway.
"""),
    md("""
The capstone's graded tasks are in [the capstone exercise notebook](../exercises/ch06_capstone.ipynb),
the chapter's second exercise notebook: the baseline's month-6 repurchase, the deck's biggest
cost, a strategy that beats the deck, the key account, a rescue call, a quotation and a trigger.
""", slide="subslide"),
]
