"""The shape of the course data: the world's fixed facts, every table's columns, the data dictionary.

Part of :mod:`course_lib.data` (data layer). Everything here is description, not data:

- the world of *Lumen 澜悦*: its two years (:data:`START` to :data:`END`), the course's
  "today" :data:`AS_OF` (2025-01-01), the generator's :data:`SEED`, the number of members,
  the membership tiers and the spend that qualifies for each (:data:`TIER_SPEND`);
- :data:`TABLES`: for each shipped table its key and its :class:`Column` list (name, kind,
  unit, meaning, Chinese name, whether it may be empty), which the loaders
  (:mod:`course_lib.data.loaders`) check and the generator (:mod:`course_lib.data.generator`)
  writes; :data:`CDNOW_COLUMNS` for the real CDNOW sample;
- :func:`data_dictionary`, the Markdown of ``datasets/README.md`` built from these lists.

Every chapter reads it indirectly through the loaders; chapter 0 shows the dictionary.

Examples
--------
>>> from course_lib.data import AS_OF, TABLES
>>> AS_OF.date(), TABLES["orders"]["key"]
(datetime.date(2025, 1, 1), 'order_id')
>>> [c.name for c in TABLES["orders"]["columns"]][:3]
['order_id', 'customer_id', 'order_date']
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

__all__ = [
    "SEED",
    "START",
    "END",
    "AS_OF",
    "N_CUSTOMERS",
    "TIERS",
    "TIER_SPEND",
    "Column",
    "TABLES",
    "CDNOW_COLUMNS",
    "data_dictionary",
]

# ------------------------------------------------------------------------------ the world
#: The generator's seed: ``python -m course_lib.data`` with it rewrites ``datasets/`` byte for byte.
SEED = 20250101
#: First and last day of Lumen's history in the tables.
START = pd.Timestamp("2023-01-01")
END = pd.Timestamp("2024-12-31")
#: The course world's "today": the day after the last day of data.
AS_OF = pd.Timestamp("2025-01-01")
#: Registered members in ``customers.csv``.
N_CUSTOMERS = 5000
#: Membership tiers, lowest first (普通会员, 银卡, 金卡, 白金卡).
TIERS = ["member", "silver", "gold", "platinum"]
#: Rolling 12-month spend (CNY) that qualifies for each tier (course design).
TIER_SPEND = {"silver": 1500.0, "gold": 4000.0, "platinum": 9000.0}


# ------------------------------------------------------------------------------ schema
@dataclass(frozen=True)
class Column:
    """One column of a shipped table: its name, kind, unit, meaning and Chinese name."""

    name: str
    kind: str  # id, str, int, float, bool, date, datetime
    zh: str
    meaning: str
    unit: str = ""
    nullable: bool = False


def _c(name, kind, zh, meaning, unit="", nullable=False):
    return Column(name, kind, zh, meaning, unit, nullable)


TABLES: dict[str, dict] = {
    "customers": {
        "zh": "客户",
        "key": "customer_id",
        "about": "One row per registered customer (member), including those who never bought.",
        "columns": [
            _c("customer_id", "id", "客户编号", "customer id, `C` and five digits"),
            _c("name", "str", "姓名(脱敏)", "pseudonymised name: surname, a star, last character"),
            _c("phone", "str", "手机号(脱敏)", "masked mobile number"),
            _c("gender", "str", "性别", "`F` or `M`"),
            _c("birth_date", "date", "出生日期", "date of birth"),
            _c("city", "str", "城市", "city of residence"),
            _c("city_tier", "int", "城市等级", "city tier 1 (largest) to 4"),
            _c("signup_date", "date", "注册日期", "day the customer joined the membership"),
            _c("signup_channel", "str", "注册渠道", "`store`, `app`, `mini_program` or `web`"),
            _c("referred_by", "id", "推荐人", "id of the member who referred this customer", nullable=True),
            _c(
                "membership_tier",
                "str",
                "会员等级",
                "tier on 2024-12-31: `member` 普通会员, `silver` 银卡, `gold` 金卡, `platinum` 白金卡",
            ),
            _c("consent_sms", "bool", "短信授权", "agreed to marketing by SMS"),
            _c("consent_email", "bool", "邮件授权", "agreed to marketing by e-mail"),
            _c(
                "consent_wechat",
                "bool",
                "微信授权",
                "agreed to contact through WeChat (official account, enterprise WeChat)",
            ),
            _c("consent_phone", "bool", "电话授权", "agreed to be called"),
        ],
    },
    "orders": {
        "zh": "订单",
        "key": "order_id",
        "about": "One row per order, 2023-01-01 to 2024-12-31.",
        "columns": [
            _c("order_id", "id", "订单编号", "order id"),
            _c("customer_id", "id", "客户编号", "who ordered"),
            _c("order_date", "date", "下单日期", "day of the order"),
            _c("channel", "str", "渠道", "`store`, `app`, `mini_program` or `web`"),
            _c("category", "str", "品类", "main product category of the basket"),
            _c("gross_amount", "float", "原价金额", "list price of the basket", "CNY"),
            _c("discount", "float", "折扣金额", "discount given", "CNY"),
            _c(
                "amount",
                "float",
                "实付金额",
                "paid: gross_amount − discount (0 for a fully discounted order)",
                "CNY",
            ),
        ],
    },
    "touchpoints": {
        "zh": "触点事件",
        "key": None,
        "about": "One row per touchpoint event of a customer journey (a sample of journeys: "
        "about a quarter of orders have one, plus journeys that ended without an order).",
        "columns": [
            _c("journey_id", "id", "旅程编号", "journey id; several events share it"),
            _c("customer_id", "id", "客户编号", "whose journey"),
            _c("timestamp", "datetime", "时间", "time of the event"),
            _c(
                "stage",
                "str",
                "触点",
                "journey-map touchpoint: ad_view, search, content, "
                "mini_program_browse, consultation, store_visit, checkout, after_sales",
            ),
            _c("channel", "str", "渠道", "marketing channel of the event"),
            _c("satisfaction", "int", "满意度", "rating given at the touchpoint, 1–5", "1–5", nullable=True),
            _c("converted", "bool", "是否转化", "the journey ended in an order"),
            _c(
                "order_id",
                "id",
                "订单编号",
                "the order the journey ended in (on the checkout event)",
                nullable=True,
            ),
        ],
    },
    "tickets": {
        "zh": "服务工单",
        "key": "ticket_id",
        "about": "One row per complaint ticket.",
        "columns": [
            _c("ticket_id", "id", "工单编号", "ticket id"),
            _c("customer_id", "id", "客户编号", "who complained"),
            _c("order_id", "id", "订单编号", "the order complained about", nullable=True),
            _c("opened_at", "datetime", "创建时间", "when the complaint arrived"),
            _c("first_response_at", "datetime", "首次响应时间", "first answer by an agent"),
            _c("resolved_at", "datetime", "解决时间", "when the case was closed with a solution"),
            _c("channel", "str", "渠道", "`phone`, `wechat`, `app`, `email` or `store`"),
            _c("category", "str", "类别", "what the complaint is about"),
            _c("severity", "str", "严重程度", "`low`, `medium` or `high`"),
            _c("csat", "int", "满意度评分", "the customer's rating of the handling, 1–5", "1–5"),
            _c("language", "str", "语言", "`zh` or `en`"),
            _c("text", "str", "投诉内容", "the complaint as the customer wrote it"),
            _c("sentiment", "str", "情感", "`negative`, `neutral` or `positive` (labelled by an agent)"),
        ],
    },
    "surveys": {
        "zh": "满意度调查",
        "key": "survey_id",
        "about": "One row per answered survey (sent after some orders).",
        "columns": [
            _c("survey_id", "id", "问卷编号", "survey id"),
            _c("customer_id", "id", "客户编号", "who answered"),
            _c("survey_date", "date", "调查日期", "day of the answer"),
            _c("nps", "int", "推荐意愿", "likelihood to recommend, 0–10 (the NPS question)", "0–10"),
            _c("satisfaction", "int", "满意度", "overall satisfaction", "0–100"),
            _c("csat", "int", "满意度评分", "satisfaction with the last purchase", "1–5"),
        ],
    },
    "loyalty": {
        "zh": "积分流水",
        "key": "entry_id",
        "about": "The loyalty ledger: points earned, redeemed and expired, and tier changes.",
        "columns": [
            _c("entry_id", "id", "流水编号", "ledger entry id"),
            _c("customer_id", "id", "客户编号", "whose account"),
            _c("date", "date", "日期", "day of the entry"),
            _c("kind", "str", "类型", "`earn`, `redeem`, `expire` or `tier_change`"),
            _c(
                "points",
                "int",
                "积分",
                "points added (earn, positive) or taken (redeem, expire: negative); 0 for tier changes",
                "points",
            ),
            _c("order_id", "id", "订单编号", "the order that earned the points", nullable=True),
            _c("tier_from", "str", "原等级", "tier before a tier change", nullable=True),
            _c("tier_to", "str", "新等级", "tier after a tier change", nullable=True),
        ],
    },
    "campaigns": {
        "zh": "营销触达",
        "key": "contact_id",
        "about": "One row per customer contacted (or held out as control) in a campaign.",
        "columns": [
            _c("contact_id", "id", "触达编号", "contact id"),
            _c("campaign_id", "id", "活动编号", "campaign id"),
            _c("campaign_name", "str", "活动名称", "campaign name"),
            _c("customer_id", "id", "客户编号", "who"),
            _c("contact_date", "date", "触达日期", "day of the message (or of the hold-out for control)"),
            _c("send_hour", "int", "发送时刻", "hour of the day the message went out", "hour"),
            _c("channel", "str", "渠道", "`sms`, `wechat`, `email` or `app_push`"),
            _c("group", "str", "组别", "`treatment` (got the message) or `control` (held out)"),
            _c("offer", "str", "权益", "what the message offered"),
            _c("responded", "bool", "是否响应", "opened or used the offer"),
            _c(
                "converted", "bool", "是否转化", "ordered within the campaign's window after the contact date"
            ),
            _c("opted_out", "bool", "是否退订", "unsubscribed after the message"),
        ],
    },
    "followups": {
        "zh": "回访记录",
        "key": "followup_id",
        "about": "The follow-up (回访) log of Lumen's customer-care team.",
        "columns": [
            _c("followup_id", "id", "回访编号", "follow-up id"),
            _c("customer_id", "id", "客户编号", "who was followed up"),
            _c("date", "date", "日期", "day of the follow-up"),
            _c("channel", "str", "渠道", "`phone`, `wechat`, `sms` or `email`"),
            _c("purpose", "str", "目的", "`onboarding`, `maintenance` or `vip_care`"),
            _c("responded", "bool", "是否回应", "the customer answered"),
            _c("outcome", "str", "结果", "`reached`, `no_answer`, `resolved`, `callback_requested`"),
            _c("agent", "str", "回访人", "care agent"),
        ],
    },
}

CDNOW_COLUMNS = [
    _c("customer_id", "id", "客户编号", "customer id within the sample (1–2357)"),
    _c("master_id", "id", "主编号", "customer id in the full CDNOW file"),
    _c("date", "date", "日期", "day of the purchase"),
    _c("cds", "int", "CD数量", "number of CDs bought"),
    _c("amount", "float", "金额", "value of the purchase", "USD"),
]


# ---------------------------------------------------------------------- data dictionary
def data_dictionary() -> str:
    """The data dictionary (``datasets/README.md``) as Markdown, from :data:`TABLES`.

    Returns
    -------
    str
        Markdown: how the data were generated, then one table of columns (name, Chinese
        name, type, unit, meaning) per shipped table.

    Examples
    --------
    >>> text = data_dictionary()
    >>> text.splitlines()[0]
    '# The course data ｜ 课程数据'
    >>> "### `orders.csv` — 订单" in text
    True
    """
    lines = [
        "# The course data ｜ 课程数据",
        "",
        "Written by `python -m course_lib.data` (or `make data`) from a fixed seed; regenerating gives",
        "byte-identical files. Do not edit these files by hand: change `course_lib/data/generator.py` and regenerate.",
        "",
        "*Lumen 澜悦* is a fictional fashion and lifestyle retailer with stores, an app, a WeChat",
        f"mini-program and a website in Chinese cities of four tiers: {N_CUSTOMERS:,} members and two years of",
        f'history ({START.date()} to {END.date()}). The course\'s "today" is {AS_OF.date()}.',
        "Names and phone numbers are pseudonymised.",
        "",
        "## How the data were generated ｜ 生成方式",
        "",
        "The customer base is simulated month by month (all of it *course design*):",
        "",
        "- each member has a purchase rate (orders per year: gamma-distributed, five times as high for a",
        "  heavy-buying 15 %; 6 % never buy), a typical basket (log-normal, larger for frequent buyers), a",
        "  preferred channel and category, and a satisfaction level (0–100);",
        "- order days follow the seasons: busier in June (618) and November (Double 11), quieter around",
        "  Spring Festival and on weekdays; discounts are more frequent in festival months; a gift redeemed",
        "  with a voucher is a separate, fully discounted order beside a paid one;",
        "- about 5.5 % of orders lead to a complaint (10.5 % for customers below 45 satisfaction); the first",
        "  response takes a channel-dependent, log-normal time; a complaint answered after the 1-hour",
        "  promise costs 15 points of satisfaction, one answered in time 2 points;",
        "- each month an active member leaves for good with a probability of 3.4 % × 0.65 per 10 points",
        "  of satisfaction above 60, × 3 in the nine months after a late-answered complaint, × 1.0 / 0.7 /",
        "  0.45 / 0.3 for member / silver / gold / platinum, × 0.8 for referred members;",
        "- tiers: upgrades at month end when the rolling 12-month spend reaches "
        + ", ".join(f"{v:,.0f} CNY ({k})" for k, v in TIER_SPEND.items())
        + "; the December review moves a member down at most one tier;",
        "- campaigns add real orders: the timing test (evening messages convert more), the dormancy",
        "  wake-up offer (treatment against a 50 % control; it also brings some lapsed members back), the",
        "  Double 11 invitation and the birthday-month double points;",
        "- journeys: about a third of online orders and an eighth of store orders come with the journey",
        "  that led to them, plus 9,000 journeys that ended without an order; the mini-program,",
        "  consultation and after-sales touchpoints are rated lower (the problem touchpoints).",
        "",
        "Several of these mechanics plant a claim of the course's sources, so that the chapters' methods",
        "have something to find: finding the effect again on these data shows that the method works, not",
        "that the claim is true. Which effects were planted, why, and what the real CDNOW sample can test",
        "instead: [docs/sources.md](../docs/sources.md#lumen-planted).",
        "",
        "## Tables ｜ 数据表",
        "",
    ]
    for name, spec in TABLES.items():
        lines += [
            f"### `{name}.csv` — {spec['zh']}",
            "",
            spec["about"],
            "",
            "| column | 中文 | type | unit | meaning |",
            "|---|---|---|---|---|",
        ]
        for col in spec["columns"]:
            kind = col.kind + (" (may be empty)" if col.nullable else "")
            lines.append(f"| `{col.name}` | {col.zh} | {kind} | {col.unit} | {col.meaning} |")
        lines.append("")
    lines += [
        "### `cdnow/CDNOW_sample.txt` — CDNOW 样本 (real data)",
        "",
        "Real purchases of the online music retailer CDNOW; see [cdnow/README.md](cdnow/README.md).",
        "`data.load_cdnow()` returns:",
        "",
        "| column | 中文 | type | unit | meaning |",
        "|---|---|---|---|---|",
    ]
    for col in CDNOW_COLUMNS:
        lines.append(f"| `{col.name}` | {col.zh} | {col.kind} | {col.unit} | {col.meaning} |")
    lines += [
        "",
        "### `scores.csv` — 客户评分 (derived: model output, not data)",
        "",
        "Each buyer's churn probability and 12-month CLV on the course's day (2025-01-01), "
        "from chapter 5's models fitted on the tables above (`course_lib.workbench.scores`). "
        "The CRM workbench's 360 view reads it so that the first look-up does not wait for "
        "the fits; `make data` rewrites it after the tables, and a test refits it.",
        "",
        "| column | 中文 | type | unit | meaning |",
        "|---|---|---|---|---|",
        "| `customer_id` | 客户编号 | text | — | a customer with at least one order |",
        "| `churn_probability` | 流失概率 | number | share 0–1 | chance of no order in the "
        "next 180 days (logistic churn model) |",
        "| `clv_12m` | 12个月客户终身价值 | number | CNY | discounted margin (45 %) of the next "
        "12 months' purchases (BG/NBD × Gamma-Gamma) |",
        "",
        "Automation rule sets used by the CRM workbench ship in `rules/`.",
        "",
    ]
    return "\n".join(lines)
