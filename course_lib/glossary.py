"""English ↔ 中文 terms of the course, and the table of names used in code (data layer).

Notebooks and plots take their bilingual labels from here; ``crm-course build`` writes
``docs/glossary.md`` from it.

Examples
--------
>>> zh("repurchase rate")
'复购率'
>>> lookup("流失").english
'churn'
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["Term", "TERMS", "NAMES", "zh", "lookup", "glossary_markdown"]


@dataclass(frozen=True)
class Term:
    english: str
    chinese: str
    meaning: str
    chapter: int


TERMS: tuple[Term, ...] = (
    Term(
        "customer relationship maintenance",
        "客户关系维护",
        "The ongoing work of keeping customers satisfied, loyal and growing in value.",
        1,
    ),
    Term(
        "customer relationship management (CRM)",
        "客户关系管理",
        "A customer-centred strategy plus the software that joins sales, marketing and service.",
        1,
    ),
    Term(
        "operational CRM",
        "运营型CRM",
        "CRM that runs day-to-day processes: sales force automation, service tickets, campaigns.",
        1,
    ),
    Term(
        "analytical CRM",
        "分析型CRM",
        "CRM that analyses customer data: segments, churn risk, lifetime value.",
        1,
    ),
    Term(
        "collaborative CRM",
        "协作型CRM",
        "CRM that shares customer knowledge across departments, channels and partners.",
        1,
    ),
    Term(
        "IDIC model",
        "IDIC模型",
        "Identify, Differentiate, Interact, Customize: the four steps of one-to-one relationships.",
        1,
    ),
    Term(
        "customer acquisition cost (CAC)",
        "获客成本",
        "Marketing and sales spend divided by the number of new customers won.",
        1,
    ),
    Term(
        "retention",
        "留存",
        "Keeping a customer buying over time; the retention rate is the share still active.",
        1,
    ),
    Term(
        "churn",
        "流失",
        "A customer stopping buying; here, no order in the 180 days after a reference date.",
        1,
    ),
    Term(
        "health score",
        "客户健康度",
        "A weekly 0–100 score of a customer's relationship; below 75 triggers attention.",
        1,
    ),
    Term(
        "data silo",
        "数据孤岛",
        "Customer data locked in one department's system and invisible to the others.",
        1,
    ),
    Term(
        "experience break",
        "体验断层",
        "A gap where online and offline service disagree for the same customer.",
        1,
    ),
    Term(
        "key performance indicator (KPI)",
        "关键绩效指标",
        "A measured figure tied to a business goal and tracked over time.",
        1,
    ),
    Term("discount rate", "折现率", "How much less money next year is worth than money today, per year.", 1),
    Term(
        "omnichannel",
        "全渠道",
        "Serving one customer consistently across stores, app, mini-program, web and messaging.",
        1,
    ),
    Term(
        "ROC AUC",
        "AUC值",
        "The chance that a customer who churns gets a worse score than one who stays (0.5 = no signal).",
        1,
    ),
    Term(
        "lift",
        "提升度",
        "How many times the rate in a selected group (e.g. churn under the alert line) exceeds the overall rate.",
        1,
    ),
    Term("customer profile", "客户画像", "A description of a customer along value, needs and behaviour.", 2),
    Term("segmentation", "客户细分", "Dividing customers into groups that are served differently.", 2),
    Term("recency", "最近一次消费", "How long ago a customer last bought (RFM: `recency_days`).", 2),
    Term(
        "frequency",
        "消费频率",
        "How often a customer buys (RFM: number of orders; CLV: repeat purchase days).",
        2,
    ),
    Term("monetary value", "消费金额", "How much a customer spends (RFM: total spend).", 2),
    Term("important-value customers", "重要价值客户", "Recent, frequent and high-spending customers.", 2),
    Term("potential-cultivation customers", "潜力培育客户", "Customers who spend a lot but buy rarely.", 2),
    Term(
        "wake-up customers",
        "唤醒待激活客户",
        "Customers who used to buy often but have been inactive for long.",
        2,
    ),
    Term(
        "value tier",
        "价值分层",
        "The brand's internal classification of customers by value (金钻 / 白银 / 铜 / 铁, the classification outline), set by `rfm.TIER_CUTOFFS` and never shown to the customer; not the membership tier (会员等级) the customer earns and sees.",
        2,
    ),
    Term(
        "Diamond customers",
        "金钻客户",
        "Value tier Diamond: the top 18 % of buyers by spend (`rfm.TIER_CUTOFFS`, the turnaround case's high-value group); most revenue and loyalty.",
        2,
    ),
    Term(
        "Silver customers",
        "白银客户",
        "Value tier Silver: the next 22 % of buyers; stable spend, can grow into Diamond. Not membership tier silver (银卡).",
        2,
    ),
    Term(
        "Bronze customers",
        "铜客户",
        "Value tier Bronze: the next 30 % of buyers; low frequency and spend.",
        2,
    ),
    Term(
        "Iron customers",
        "铁客户",
        "Value tier Iron: the remaining buyers and every registered customer with no purchase yet.",
        2,
    ),
    Term(
        "customer lifecycle",
        "客户生命周期",
        "Acquire → convert (first purchase) → retain → expand (cross-sell, up-sell, referrals), as in the classification outline.",
        2,
    ),
    Term(
        "revenue concentration",
        "收入集中度",
        "The share of revenue brought by the top share of customers (Pareto).",
        2,
    ),
    Term("cohort", "同期群", "Customers who joined in the same period, followed over time.", 2),
    Term(
        "customer journey map",
        "客户旅程地图",
        "The key touchpoints a customer passes, with conversion between them.",
        3,
    ),
    Term(
        "touchpoint",
        "触点",
        "A moment where the customer meets the brand: an ad, a store visit, a service call.",
        3,
    ),
    Term(
        "touchpoint thermometer",
        "触点温度计",
        "Monitoring satisfaction per touchpoint over time to flag problem ones.",
        3,
    ),
    Term(
        "private domain",
        "私域",
        "Channels the brand owns: official account, enterprise messaging, mini-program, communities.",
        3,
    ),
    Term(
        "follow-up visit",
        "回访",
        "A planned contact after a purchase or service event, recorded in the CRM.",
        3,
    ),
    Term(
        "attribution", "归因", "Sharing the credit for a conversion among the channels a customer passed.", 3
    ),
    Term("A/B test", "A/B测试", "A randomised comparison of two treatments on comparable customers.", 3),
    Term(
        "content customisation",
        "内容定制",
        "Matching content and offer to the need state a customer is in; step 2 of need identification → content customisation → timing.",
        3,
    ),
    Term(
        "uplift",
        "增量效果",
        "The orders a message itself adds: the contacted group's rate minus a held-out control group's.",
        3,
    ),
    Term(
        "care calendar",
        "关怀日历",
        "Care messages triggered by a customer's own moments (birthday month, anniversary, orders, expiring points), sent only with consent.",
        3,
    ),
    Term("complaint handling", "投诉处理", "Receiving, resolving and learning from complaints.", 4),
    Term(
        "service level agreement (SLA)",
        "服务水平协议",
        "A promised response or resolution time, e.g. answer within 1 hour.",
        4,
    ),
    Term(
        "net promoter score (NPS)",
        "净推荐值",
        "Share of promoters (9–10) minus share of detractors (0–6), on −100…100.",
        4,
    ),
    Term(
        "customer satisfaction (CSAT)",
        "客户满意度",
        "A customer's rating of an interaction or of the brand.",
        4,
    ),
    Term(
        "empathy",
        "同理心",
        "Understanding and acknowledging the customer's feelings before solving the problem.",
        4,
    ),
    Term(
        "root-cause review",
        "根因复盘",
        "Finding why a complaint happened: customer needs, service process, staff training.",
        4,
    ),
    Term("sentiment analysis", "情感分析", "Classifying text as negative, neutral or positive.", 4),
    Term(
        "first-response time",
        "首次响应时长",
        "Time from a complaint's arrival to an agent's first answer.",
        4,
    ),
    Term(
        "promoter", "推荐者", "A survey answer of 9 or 10 to the NPS question; 7–8 are passives (中立者).", 4
    ),
    Term("detractor", "贬损者", "A survey answer of 0 to 6 to the NPS question.", 4),
    Term(
        "Pareto analysis",
        "帕累托分析",
        "Ranking causes by size to find the few that make up most of the effect.",
        4,
    ),
    Term(
        "three-step empathy method",
        "同理心三步法",
        "Acknowledge the feeling, clarify and own the problem, solve and follow up (the steps are course design).",
        4,
    ),
    Term(
        "Erlang C",
        "Erlang C模型",
        "The queueing formula for the chance of waiting, given arrivals, handling time and agents.",
        4,
    ),
    Term(
        "service level",
        "服务水平",
        "The share of contacts answered within a target time, e.g. 80 % within 20 seconds.",
        4,
    ),
    Term("loyalty", "忠诚度", "A customer's disposition to keep buying, recommend and forgive mistakes.", 5),
    Term(
        "membership tier",
        "会员等级",
        "A level of the loyalty programme the customer sees and earns by points or spend, with its own benefits (member 普通会员 / silver 银卡 / gold 金卡 / platinum 白金卡); not the internal value tiers 金钻 / 白银 / 铜 / 铁.",
        5,
    ),
    Term("points", "积分", "Loyalty currency earned on purchases and redeemed for rewards.", 5),
    Term("breakage", "积分沉淀", "Points that are never redeemed and expire.", 5),
    Term(
        "customer lifetime value (CLV)",
        "客户终身价值",
        "The present value of the margin a customer will bring in the future.",
        5,
    ),
    Term("repurchase rate", "复购率", "Share of customers who buy again within a period.", 5),
    Term("cross-selling", "交叉销售", "Selling a customer a product from another category.", 5),
    Term("up-selling", "向上销售", "Selling a customer a higher-value version of what they buy.", 2),
    Term("referral", "推荐", "A customer bringing in a new customer.", 5),
    Term("word of mouth", "口碑", "What customers tell others about the brand.", 5),
    Term(
        "referral fission",
        "口碑裂变",
        "Growth through customers referring customers, often with two-sided rewards.",
        5,
    ),
    Term(
        "share of wallet",
        "钱包份额",
        "The share of a customer's spending in a category that goes to one brand.",
        5,
    ),
    Term(
        "self-selection bias",
        "自选择偏差",
        "A group looks better because those who chose to join it were already different.",
        5,
    ),
    Term(
        "value co-creation",
        "价值共创",
        "Customers helping to shape products and services, e.g. an experience-officer panel.",
        5,
    ),
    Term(
        "customer data platform (CDP)",
        "客户数据平台",
        "A system joining online and offline customer data into one profile.",
        6,
    ),
    Term(
        "total cost of ownership (TCO)",
        "总拥有成本",
        "Licences plus implementation, customisation, training and operations over the years.",
        6,
    ),
    Term(
        "pseudonymisation",
        "假名化",
        "Replacing identifiers with stable codes that cannot be reversed without a secret.",
        6,
    ),
    Term(
        "k-anonymity", "k-匿名", "Every combination of quasi-identifiers is shared by at least k records.", 6
    ),
    Term(
        "consent",
        "同意",
        "A customer's permission to be contacted or to have data processed for a purpose.",
        6,
    ),
    Term(
        "marketing automation",
        "营销自动化",
        "Rules that contact customers when a trigger fires: trigger → audience → channel → offer.",
        6,
    ),
    Term("customer 360 view", "客户360视图", "One screen with everything known about a customer.", 6),
    Term(
        "frequency cap",
        "频次上限",
        "The shortest time allowed between two marketing contacts to the same customer.",
        7,
    ),
    Term("quiet hours", "免打扰时段", "Hours of the day in which no automated message is sent.", 7),
    Term(
        "dormancy threshold",
        "沉睡阈值",
        "Days without a purchase after which a wake-up rule treats a customer as dormant; set beyond the brand's own purchase rhythm, not copied from another brand.",
        7,
    ),
    Term(
        "quasi-identifier",
        "准标识符",
        "A column that is not a name but, combined with others (gender, age, city), can single a person out.",
        6,
    ),
    Term(
        "data minimisation", "数据最小化", "Collecting and sharing only the data a stated purpose needs.", 6
    ),
    Term(
        "collaborative filtering",
        "协同过滤",
        "Recommending what similar customers bought; item-to-item: items bought by the same customers.",
        6,
    ),
    Term(
        "hit rate",
        "命中率",
        "Share of customers who later bought at least one of the items recommended to them.",
        6,
    ),
    Term(
        "weighted scoring matrix",
        "加权评分矩阵",
        "Options scored per criterion, each score multiplied by the criterion's weight and summed.",
        6,
    ),
    Term(
        "maturity model",
        "成熟度模型",
        "Levels describing how far a company's practice has developed, used for a self-assessment.",
        6,
    ),
    Term(
        "pilot and control stores",
        "试点店与对照店",
        "A move tried in stores drawn by lot and compared with similar stores that carry on as before, over the same months.",
        6,
    ),
    Term(
        "pre-registration",
        "预先登记",
        "Writing down the KPI, its definition and the result that would refute a move before the test starts.",
        6,
    ),
)

#: The names the library and notebooks use for the same things everywhere.
NAMES: dict[str, str] = {
    "orders": "one row per order: customer_id, order_date, amount (CNY, after discount)",
    "customers": "one row per registered customer, keyed by customer_id (a string)",
    "rfm": "one row per customer: recency_days, frequency (orders), monetary (total spend)",
    "recency_days": "RFM: whole days from the last order to as_of",
    "recency": "CLV: time from first to last purchase, in weeks",
    "frequency": "RFM: number of orders; CLV: repeat purchase days",
    "as_of": "the day an analysis is taken at; orders on or after it are left out",
    "seed": "the integer (or numpy Generator) that makes a random function repeatable",
}


def zh(english: str) -> str:
    """The Chinese term for an English one (case-insensitive; the text before any bracket)."""
    return lookup(english).chinese


def lookup(text: str) -> Term:
    """Find a term by its English or Chinese name."""
    from .validation import CourseDataError

    key = str(text).strip().lower()
    for term in TERMS:
        short = term.english.split(" (")[0].lower()
        if key in (term.english.lower(), short, term.chinese):
            return term
    raise CourseDataError(f"`text` {text!r} is not in the glossary; see docs/glossary.md.")


def glossary_markdown() -> str:
    """The glossary page (``docs/glossary.md``) as Markdown."""
    lines = [
        "# Glossary ｜ 术语表",
        "",
        "Generated from `course_lib.glossary` by `crm-course build`; edit the module, not this page.",
        "",
        "| English | 中文 | Meaning | Chapter |",
        "|---|---|---|---|",
    ]
    for term in sorted(TERMS, key=lambda t: (t.chapter, t.english.lower())):
        lines.append(f"| {term.english} | {term.chinese} | {term.meaning} | {term.chapter} |")
    lines += ["", "## Names used in code ｜ 代码中的名称", "", "| name | meaning |", "|---|---|"]
    lines += [f"| `{name}` | {meaning} |" for name, meaning in NAMES.items()]
    return "\n".join(lines) + "\n"
