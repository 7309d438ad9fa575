"""The course data: loaders for every shipped table and the seeded generator (data layer).

*Lumen 澜悦* is a fictional fashion and lifestyle retailer that sells through stores, an
app, a WeChat mini-program and a website in Chinese cities of four tiers. The generator
writes two years of its history (2023-01-01 to 2024-12-31) into ``datasets/``: customers,
orders, touchpoint events, service tickets, surveys, the loyalty ledger, campaign contacts
and follow-ups. Every random draw comes from one seeded generator, so ``python -m
course_lib.data`` rewrites the files byte for byte.

The customer base is simulated month by month. Each customer has a purchase rate, a typical
basket, a satisfaction level (0–100) and a monthly chance of leaving for good. That chance
falls with satisfaction (×0.65 for every +10 points), rises for nine months after a complaint
that waited beyond the 1-hour promise (×3), and is lower in higher membership tiers. So the
structure the chapters discover is the consequence of documented mechanics, never set
directly. ``datasets/README.md`` (written by the same command) documents every column.

Loaders parse types and check the schema; bad contents raise :class:`CourseDataError`
naming the table and column. The real CDNOW sample ships beside the synthetic tables
(:func:`load_cdnow`).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from .validation import CourseDataError

__all__ = [
    "CourseDataError", "AS_OF", "START", "END", "SEED", "TABLES", "Column", "load_table",
    "load_customers", "load_orders", "load_touchpoints", "load_tickets", "load_surveys",
    "load_loyalty", "load_campaigns", "load_followups", "load_cdnow", "validate_table",
    "generate", "write_datasets", "data_dictionary",
]

SEED = 20250101
START = pd.Timestamp("2023-01-01")
END = pd.Timestamp("2024-12-31")
#: The course world's "today": the day after the last day of data.
AS_OF = pd.Timestamp("2025-01-01")
N_CUSTOMERS = 5000


def _datasets_dir() -> Path:
    from .course import DATASETS

    return DATASETS


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
        "zh": "客户", "key": "customer_id",
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
            _c("membership_tier", "str", "会员等级",
               "tier on 2024-12-31: `member` 普通会员, `silver` 银卡, `gold` 金卡, `platinum` 白金卡"),
            _c("consent_sms", "bool", "短信授权", "agreed to marketing by SMS"),
            _c("consent_email", "bool", "邮件授权", "agreed to marketing by e-mail"),
            _c("consent_wechat", "bool", "微信授权", "agreed to contact through WeChat (official account, enterprise WeChat)"),
            _c("consent_phone", "bool", "电话授权", "agreed to be called"),
        ],
    },
    "orders": {
        "zh": "订单", "key": "order_id",
        "about": "One row per order, 2023-01-01 to 2024-12-31.",
        "columns": [
            _c("order_id", "id", "订单编号", "order id"),
            _c("customer_id", "id", "客户编号", "who ordered"),
            _c("order_date", "date", "下单日期", "day of the order"),
            _c("channel", "str", "渠道", "`store`, `app`, `mini_program` or `web`"),
            _c("category", "str", "品类", "main product category of the basket"),
            _c("gross_amount", "float", "原价金额", "list price of the basket", "CNY"),
            _c("discount", "float", "折扣金额", "discount given", "CNY"),
            _c("amount", "float", "实付金额", "paid: gross_amount − discount (0 for a fully discounted order)", "CNY"),
        ],
    },
    "touchpoints": {
        "zh": "触点事件", "key": None,
        "about": "One row per touchpoint event of a customer journey (a sample of journeys: "
                 "about a quarter of orders have one, plus journeys that ended without an order).",
        "columns": [
            _c("journey_id", "id", "旅程编号", "journey id; several events share it"),
            _c("customer_id", "id", "客户编号", "whose journey"),
            _c("timestamp", "datetime", "时间", "time of the event"),
            _c("stage", "str", "触点", "journey-map touchpoint: ad_view, search, content, "
               "mini_program_browse, consultation, store_visit, checkout, after_sales"),
            _c("channel", "str", "渠道", "marketing channel of the event"),
            _c("satisfaction", "int", "满意度", "rating given at the touchpoint, 1–5", "1–5", nullable=True),
            _c("converted", "bool", "是否转化", "the journey ended in an order"),
            _c("order_id", "id", "订单编号", "the order the journey ended in (on the checkout event)", nullable=True),
        ],
    },
    "tickets": {
        "zh": "服务工单", "key": "ticket_id",
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
        "zh": "满意度调查", "key": "survey_id",
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
        "zh": "积分流水", "key": "entry_id",
        "about": "The loyalty ledger: points earned, redeemed and expired, and tier changes.",
        "columns": [
            _c("entry_id", "id", "流水编号", "ledger entry id"),
            _c("customer_id", "id", "客户编号", "whose account"),
            _c("date", "date", "日期", "day of the entry"),
            _c("kind", "str", "类型", "`earn`, `redeem`, `expire` or `tier_change`"),
            _c("points", "int", "积分", "points added (earn, positive) or taken (redeem, expire: negative); 0 for tier changes", "points"),
            _c("order_id", "id", "订单编号", "the order that earned the points", nullable=True),
            _c("tier_from", "str", "原等级", "tier before a tier change", nullable=True),
            _c("tier_to", "str", "新等级", "tier after a tier change", nullable=True),
        ],
    },
    "campaigns": {
        "zh": "营销触达", "key": "contact_id",
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
            _c("converted", "bool", "是否转化", "ordered within the campaign's window after the contact date"),
            _c("opted_out", "bool", "是否退订", "unsubscribed after the message"),
        ],
    },
    "followups": {
        "zh": "回访记录", "key": "followup_id",
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


# ------------------------------------------------------------------------------ loaders
def validate_table(frame: pd.DataFrame, name: str, columns=None, *, key=None) -> pd.DataFrame:
    """Check a raw table against its schema and return it with parsed types.

    Raises :class:`CourseDataError` naming the table and column for a missing column,
    an empty table, missing or duplicated ids, unparseable dates, text where numbers
    belong, a non-boolean flag or a negative amount.

    Examples
    --------
    >>> raw = pd.DataFrame({"order_id": ["O1", "O1"], "customer_id": ["C1", "C2"],
    ...     "order_date": ["2024-01-02", "2024-01-03"], "channel": ["app", "app"],
    ...     "category": ["shoes", "shoes"], "gross_amount": [10.0, 5.0], "discount": [0.0, 0.0],
    ...     "amount": [10.0, 5.0]})
    >>> validate_table(raw, "orders")
    Traceback (most recent call last):
    ...
    course_lib.validation.CourseDataError: `orders["order_id"]` has 1 duplicated id(s), first 'O1' at row 1; every order_id must be unique.
    """
    if not isinstance(frame, pd.DataFrame):
        raise TypeError(f"`{name}` must be a pandas DataFrame; got {type(frame).__name__}.")
    if columns is None:
        if name not in TABLES:
            raise CourseDataError(f"`name` must be one of {sorted(TABLES)}; got {name!r}.")
        columns = TABLES[name]["columns"]
        key = TABLES[name]["key"]
    missing = [c.name for c in columns if c.name not in frame.columns]
    if missing:
        raise CourseDataError(f"`{name}` lacks column(s) {missing}; it has {list(map(str, frame.columns))}. "
                              "Regenerate the data with `make data` or restore the file.")
    if frame.empty:
        raise CourseDataError(f"`{name}` is empty; it needs at least one row.")
    out = {}
    for col in columns:
        values = frame[col.name]
        where = f"`{name}[\"{col.name}\"]`"
        if not col.nullable and values.isna().any():
            row = int(np.flatnonzero(values.isna().to_numpy())[0])
            raise CourseDataError(f"{where} has {int(values.isna().sum())} missing value(s), first at row {row}; "
                                  f"every row needs a {col.name}.")
        if col.kind in ("id", "str"):
            parsed = values.astype("string").astype(object).where(values.notna(), None) if col.nullable \
                else values.astype(str)
        elif col.kind in ("date", "datetime"):
            parsed = pd.to_datetime(values, errors="coerce", format="ISO8601")
            bad = parsed.isna() & values.notna()
            if bad.any():
                row = int(np.flatnonzero(bad.to_numpy())[0])
                raise CourseDataError(f"{where} has a value that is not a date: {values.iloc[row]!s} at row {row}; "
                                      "expected dates such as 2024-03-01.")
        elif col.kind in ("int", "float"):
            parsed = pd.to_numeric(values, errors="coerce")
            bad = parsed.isna() & values.notna()
            if bad.any():
                row = int(np.flatnonzero(bad.to_numpy())[0])
                raise CourseDataError(f"{where} must hold numbers; found {values.iloc[row]!s} at row {row}.")
            if col.kind == "int":
                parsed = parsed.astype("Int64") if col.nullable else parsed.astype("int64")
            if col.unit == "CNY" or col.unit == "USD":
                if (parsed < 0).any():
                    row = int(np.flatnonzero((parsed < 0).to_numpy())[0])
                    raise CourseDataError(f"{where} has {int((parsed < 0).sum())} negative value(s), first at row "
                                          f"{row} ({parsed.iloc[row]!s}); amounts cannot be negative.")
        elif col.kind == "bool":
            if pd.api.types.is_bool_dtype(values):
                parsed = values.astype(bool)
            else:
                text = values.astype(str).str.strip().str.lower()
                mapping = {"true": True, "false": False, "1": True, "0": False}
                if not text.isin(list(mapping)).all():
                    row = int(np.flatnonzero(~text.isin(list(mapping)).to_numpy())[0])
                    raise CourseDataError(f"{where} must hold True/False; found {values.iloc[row]!s} at row {row}.")
                parsed = text.map(mapping).astype(bool)
        else:  # pragma: no cover - schema typo
            raise AssertionError(col.kind)
        out[col.name] = parsed
    table = pd.DataFrame(out, index=frame.index)
    if key is not None:
        dup = table[key].duplicated()
        if dup.any():
            row = int(np.flatnonzero(dup.to_numpy())[0])
            raise CourseDataError(f"`{name}[\"{key}\"]` has {int(dup.sum())} duplicated id(s), first "
                                  f"{table[key].iloc[row]!r} at row {row}; every {key} must be unique.")
    return table.reset_index(drop=True)


def load_table(name: str, *, folder=None) -> pd.DataFrame:
    """Load one shipped table by name, with parsed types and a checked schema.

    Examples
    --------
    >>> load_table("orders").columns.tolist()
    ['order_id', 'customer_id', 'order_date', 'channel', 'category', 'gross_amount', 'discount', 'amount']
    """
    if name not in TABLES:
        raise CourseDataError(f"`name` must be one of {sorted(TABLES)}; got {name!r}.")
    path = Path(folder or _datasets_dir()) / f"{name}.csv"
    if not path.exists():
        raise CourseDataError(f"the {name} table is missing ({path.name} not in datasets/); "
                              "run `make data` to regenerate the course data.")
    raw = pd.read_csv(path, dtype=str, keep_default_na=False, na_values=[""])
    return validate_table(raw, name)


def load_customers() -> pd.DataFrame:
    """Customers (客户): demographics, city tier, sign-up, membership tier, consent flags."""
    return load_table("customers")


def load_orders() -> pd.DataFrame:
    """Orders (订单): one row per order with date, channel, category, price and discount."""
    return load_table("orders")


def load_touchpoints() -> pd.DataFrame:
    """Touchpoint events (触点事件) of customer journeys, with ratings and the outcome."""
    return load_table("touchpoints")


def load_tickets() -> pd.DataFrame:
    """Service tickets (服务工单): complaints with response times, CSAT, text and sentiment."""
    return load_table("tickets")


def load_surveys() -> pd.DataFrame:
    """Surveys (满意度调查): NPS question (0–10), satisfaction (0–100) and CSAT (1–5)."""
    return load_table("surveys")


def load_loyalty() -> pd.DataFrame:
    """The loyalty ledger (积分流水): points earned, redeemed, expired, and tier changes."""
    return load_table("loyalty")


def load_campaigns() -> pd.DataFrame:
    """Campaign contacts (营销触达), treatment and control, with response and conversion."""
    return load_table("campaigns")


def load_followups() -> pd.DataFrame:
    """The follow-up log (回访记录): channel, purpose and whether the customer answered."""
    return load_table("followups")


def load_cdnow() -> pd.DataFrame:
    """The real CDNOW sample: 6,919 purchases of 2,357 customers, 1997-01 to 1998-06.

    Distributed by Peter Fader and Bruce Hardie for research and teaching (see
    ``datasets/cdnow/README.md``). ``customer_id`` is the id within the sample.

    Examples
    --------
    >>> cdnow = load_cdnow()
    >>> len(cdnow), cdnow["customer_id"].nunique()
    (6919, 2357)
    """
    path = _datasets_dir() / "cdnow" / "CDNOW_sample.txt"
    if not path.exists():
        raise CourseDataError("the CDNOW sample is missing (datasets/cdnow/CDNOW_sample.txt); "
                              "restore it from the course repository.")
    raw = pd.read_csv(path, sep=r"\s+", header=None, dtype=str,
                      names=["master_id", "customer_id", "date", "cds", "amount"])
    raw["date"] = pd.to_datetime(raw["date"], format="%Y%m%d", errors="coerce").dt.strftime("%Y-%m-%d")
    table = validate_table(raw, "cdnow", CDNOW_COLUMNS)
    return table[["customer_id", "master_id", "date", "cds", "amount"]]


# ---------------------------------------------------------------------------- generator
CITIES = [  # (city, tier, weight)
    ("Shanghai", 1, 10), ("Beijing", 1, 9), ("Guangzhou", 1, 7), ("Shenzhen", 1, 7),
    ("Chengdu", 2, 6), ("Hangzhou", 2, 6), ("Wuhan", 2, 5), ("Nanjing", 2, 5), ("Xi'an", 2, 4),
    ("Suzhou", 2, 4), ("Changsha", 3, 3), ("Qingdao", 3, 3), ("Hefei", 3, 3), ("Kunming", 3, 2),
    ("Xiamen", 3, 2), ("Shaoxing", 4, 2), ("Luoyang", 4, 2), ("Yangzhou", 4, 2), ("Ganzhou", 4, 1),
]
SURNAMES = list("王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高")
GIVEN = list("伟芳娜敏静丽强磊洋艳勇军杰娟涛明超秀霞平刚桂英华玲")
ORDER_CHANNELS = ["store", "app", "mini_program", "web"]
CATEGORIES = ["womenswear", "menswear", "shoes", "accessories", "beauty", "home"]
TIERS = ["member", "silver", "gold", "platinum"]
#: Rolling 12-month spend (CNY) that qualifies for each tier (course design).
TIER_SPEND = {"silver": 1500.0, "gold": 4000.0, "platinum": 9000.0}
#: Monthly churn hazard multiplier by membership tier (benefits keep members).
TIER_HAZARD = {"member": 1.0, "silver": 0.7, "gold": 0.45, "platinum": 0.3}
AGENTS = ["Chen Yu", "Li Na", "Wang Lei", "Zhao Min", "Zhou Jie", "Sun Li"]

STAGES = ("ad_view", "search", "content", "mini_program_browse", "consultation",
          "store_visit", "checkout", "after_sales")
STAGE_CHANNELS = {
    "ad_view": (["social", "search_ads", "video", "sms"], [0.4, 0.25, 0.25, 0.1]),
    "search": (["search_ads", "app"], [0.55, 0.45]),
    "content": (["social", "wechat", "email", "video"], [0.3, 0.4, 0.15, 0.15]),
    "mini_program_browse": (["mini_program"], [1.0]),
    "consultation": (["wechat", "store"], [0.7, 0.3]),
    "store_visit": (["store"], [1.0]),
}
#: Mean rating (1–5) at each touchpoint; three touchpoints are planted as problems.
STAGE_RATING = {"ad_view": 4.0, "search": 4.0, "content": 4.1, "mini_program_browse": 3.2,
                "consultation": 3.15, "store_visit": 4.2, "checkout": 4.0, "after_sales": 2.95}

TICKET_CATEGORIES = ["delivery_delay", "product_quality", "wrong_size", "refund",
                     "staff_attitude", "app_problem", "points_dispute"]
TICKET_CATEGORY_P = [0.24, 0.2, 0.16, 0.14, 0.1, 0.1, 0.06]
TICKET_CHANNELS = ["phone", "wechat", "app", "email", "store"]
#: Median first-response time (hours) by ticket channel.
RESPONSE_MEDIAN = {"phone": 0.5, "wechat": 0.9, "app": 1.6, "email": 5.0, "store": 0.3}

_ISSUE = {
    "delivery_delay": ("my order arrived {d} days late", "我的订单晚了{d}天才到"),
    "product_quality": ("the seam of the jacket came apart after one wash", "衣服洗了一次就开线了"),
    "wrong_size": ("the shoes are a size smaller than the chart says", "鞋子比尺码表小了一码"),
    "refund": ("my refund has still not arrived after {d} days", "退款{d}天了还没到账"),
    "staff_attitude": ("the sales assistant ignored me at the counter", "门店店员对我爱答不理"),
    "app_problem": ("the app crashed at payment and charged me twice", "小程序付款时闪退还扣了两次钱"),
    "points_dispute": ("my points from the last order are missing", "上次订单的积分没有到账"),
}
_TONE = {
    "negative": [("This is unacceptable and I am very disappointed.", "太让人失望了,完全不能接受。"),
                 ("I want a full refund, and I will not shop here again.", "我要全额退款,以后再也不来了。"),
                 ("Nobody has answered me and I am angry.", "一直没人回复,我非常生气。"),
                 ("Terrible service, really annoying.", "服务太差了,真的很烦。")],
    "neutral": [("Please tell me how to get it fixed.", "请告诉我该怎么处理。"),
                ("Could you check the order and let me know?", "麻烦帮我查一下订单。"),
                ("I would like an exchange, what are the steps?", "我想换货,需要什么流程?")],
    "positive": [("Your agent already helped me a lot, thank you!", "客服已经帮了我很多,谢谢!"),
                 ("Otherwise I love the brand, thanks for the quick help.", "总体很喜欢这个品牌,感谢快速处理。")],
}
_OPEN = [("Hello,", "你好,"), ("Hi,", "您好,"), ("", "")]


def _day_weights(days: pd.DatetimeIndex) -> np.ndarray:
    """Relative order volume per day: seasons, Spring Festival, 618 and Double 11."""
    month_factor = np.array([1.0, 0.8, 0.95, 0.95, 1.0, 1.15, 0.9, 0.9, 1.0, 1.05, 1.25, 1.15])
    w = month_factor[days.month - 1].astype(float)
    md = days.month * 100 + days.day
    w = w * np.where((md >= 601) & (md <= 618), 1.8, 1.0) * np.where((md >= 1101) & (md <= 1111), 2.4, 1.0)
    for festival in ("2023-01-22", "2024-02-10"):
        gap = np.abs((days - pd.Timestamp(festival)).days)
        w = w * np.where(gap <= 5, 0.45, 1.0)
    w = w * np.where(days.day_of_week >= 5, 1.25, 1.0)
    return w


def _pick(rng, n, options, p=None):
    return np.asarray(options, dtype=object)[rng.choice(len(options), size=n, p=p)]


def _customers_base(rng) -> pd.DataFrame:
    n = N_CUSTOMERS
    ids = np.array([f"C{i:05d}" for i in range(1, n + 1)], dtype=object)
    old = rng.random(n) < 0.35
    early = pd.Timestamp("2020-01-01")
    pre_span = (START - early).days
    in_span = (END - START).days + 1
    offset = np.where(old, rng.integers(0, pre_span, n),
                      pre_span + np.floor(in_span * rng.random(n) ** 0.8).astype(int))
    signup = early + pd.to_timedelta(offset, unit="D")
    order = np.argsort(signup.values, kind="stable")
    signup = signup[order]
    weights = np.array([w for _, _, w in CITIES], dtype=float)
    city_idx = rng.choice(len(CITIES), size=n, p=weights / weights.sum())
    ages = np.clip(rng.normal(33, 9, n), 18, 68)
    birth = pd.Timestamp("2024-12-31") - pd.to_timedelta(np.round(ages * 365.25), unit="D")
    gender = np.where(rng.random(n) < 0.64, "F", "M")
    names = [f"{SURNAMES[a]}*{GIVEN[b]}" for a, b in zip(rng.integers(0, len(SURNAMES), n),
                                                       rng.integers(0, len(GIVEN), n))]
    prefixes = rng.choice(["138", "139", "135", "186", "188", "158", "177"], size=n)
    phones = [f"{p}****{s:04d}" for p, s in zip(prefixes, rng.integers(0, 10000, n))]
    signup_channel = _pick(rng, n, ORDER_CHANNELS, [0.42, 0.24, 0.26, 0.08])
    frame = pd.DataFrame({
        "customer_id": ids, "name": names, "phone": phones, "gender": gender,
        "birth_date": birth.normalize(), "city": [CITIES[i][0] for i in city_idx],
        "city_tier": [CITIES[i][1] for i in city_idx], "signup_date": signup,
        "signup_channel": signup_channel,
    })
    # referrals: a share of customers who joined in the data's two years were invited by an
    # earlier member (more often by heavy buyers, see _simulate)
    frame["referred"] = (frame["signup_date"] >= START) & (rng.random(n) < 0.14)
    frame["consent_wechat"] = rng.random(n) < 0.72
    frame["consent_sms"] = rng.random(n) < 0.58
    frame["consent_email"] = rng.random(n) < 0.34
    frame["consent_phone"] = rng.random(n) < 0.41
    return frame


@dataclass(frozen=True)
class _Campaign:
    campaign_id: str
    name: str
    day: str
    window: int          # days after the contact in which an order counts as a conversion
    offer: str
    hours: tuple         # send hours (treatment); the timing test splits them
    control: float       # share held out as control
    lift_alive: float    # chance of an extra order for a treated, still-active customer
    lift_lapsed: float   # chance a treated, lapsed customer comes back
    opt_out: float
    open_rate: float


CAMPAIGNS = (
    _Campaign("CMP-2024-TIMING", "Message timing test: morning vs evening", "2024-05-14", 7,
              "new-season lookbook", (9, 10, 11, 19, 20, 21), 0.0, 0.035, 0.0, 0.008, 0.2),
    _Campaign("CMP-2024-WAKEUP", "Dormancy wake-up: bring a friend, buy one get one", "2024-09-03", 30,
              "buy one, get one free with a friend", (12,), 0.5, 0.10, 0.07, 0.03, 0.14),
    _Campaign("CMP-2024-D11", "Double 11 pre-sale invitation", "2024-10-28", 14,
              "pre-sale deposit doubles", (20,), 0.1, 0.05, 0.01, 0.015, 0.22),
)
BIRTHDAY = _Campaign("CMP-2024-BDAY", "Birthday month double points", "2024-01-01", 30,
                     "double points all month", (10,), 0.0, 0.06, 0.0, 0.004, 0.28)
#: The timing test: the extra chance of ordering is higher for evening messages.
EVENING_LIFT = 0.02


def _contact_channel(rng, consent: pd.DataFrame) -> np.ndarray:
    """The marketing channel for each customer: WeChat, else SMS, else e-mail, else app push."""
    wechat, sms, email = (consent[c].to_numpy() for c in ("consent_wechat", "consent_sms", "consent_email"))
    return np.select([wechat, sms, email], ["wechat", "sms", "email"], "app_push")


def _simulate(rng):
    cust = _customers_base(rng)
    n = len(cust)
    days = pd.date_range(START, END, freq="D")
    day_w = _day_weights(days)
    months = pd.date_range(START, END, freq="MS")
    signup = cust["signup_date"].to_numpy().astype("datetime64[D]")
    birth_month = cust["birth_date"].dt.month.to_numpy()

    buyer = rng.random(n) > 0.06
    heavy = rng.random(n) < 0.15
    rate = rng.gamma(1.0, 2.4, n) * (1 + 4 * heavy) * buyer                 # orders per year while active
    basket = np.exp(rng.normal(np.log(200), 0.6, n) + 0.22 * np.log1p(rate))
    referred = cust["referred"].to_numpy()
    sat = np.clip(rng.normal(60, 15, n) + 5 * referred, 5, 100)
    chan_pref = rng.choice(4, size=n, p=[0.4, 0.25, 0.25, 0.1])
    cat_pref = rng.choice(len(CATEGORIES), size=n)
    pre = signup < np.datetime64(START.date())
    alive = np.ones(n, bool)
    left_month = np.full(n, 99)
    late_until = np.full(n, -1)
    last_order = np.full(n, np.datetime64("NaT"), dtype="datetime64[D]")
    pre_spend = rate * basket * pre
    tier_idx = np.select([pre_spend >= TIER_SPEND["platinum"], pre_spend >= TIER_SPEND["gold"],
                          pre_spend >= TIER_SPEND["silver"]], [3, 2, 1], 0)
    tier_hazard = np.array([TIER_HAZARD[t] for t in TIERS])
    consent = cust[["consent_wechat", "consent_sms", "consent_email", "consent_phone"]]
    contact_channel = _contact_channel(rng, consent)
    month_spend = np.zeros((len(months), n))
    orders, tickets, surveys, tiers, contacts = [], [], [], [], []

    def campaign_contacts(camp, idx, day, hours=None):
        k = len(idx)
        group = np.where(rng.random(k) < camp.control, "control", "treatment")
        hour = rng.choice(camp.hours, size=k) if hours is None else hours
        contacts.append(pd.DataFrame({"campaign": camp.campaign_id, "customer": idx, "day": day,
                                      "send_hour": hour, "group": group}))
        return group == "treatment", hour

    for m, month in enumerate(months):
        month_end = month + pd.offsets.MonthEnd(0)
        in_month = (days >= month) & (days <= month_end)
        mdays, mw = days[in_month].to_numpy().astype("datetime64[D]"), day_w[in_month]
        joined = signup <= np.datetime64(month_end.date())
        new = joined & (signup >= np.datetime64(month.date()))
        active = alive & joined
        count = rng.poisson(rate / 12 * mw.mean() * active)
        count += (new & buyer & (rng.random(n) < 0.9)).astype(int)
        who = np.repeat(np.arange(n), count)
        cum = np.cumsum(mw) / mw.sum()
        when = mdays[np.minimum(np.searchsorted(cum, rng.random(len(who))), len(mdays) - 1)]
        when = np.maximum(when, signup[who])
        extra_who, extra_when = [], []
        # campaigns of this month: who is contacted, and the extra orders they bring
        due = [c for c in CAMPAIGNS if pd.Timestamp(c.day).to_period("M") == month.to_period("M")]
        if month.year == 2024:
            due.append(BIRTHDAY)
        for camp in due:
            day = np.datetime64(month.date()) if camp is BIRTHDAY else np.datetime64(camp.day)
            bought_before = ~np.isnat(last_order)
            if camp.campaign_id == "CMP-2024-TIMING":
                pool = np.flatnonzero(bought_before & cust["consent_wechat"].to_numpy())
                idx = np.sort(rng.choice(pool, size=min(4400, len(pool)), replace=False))
                hours = np.where(rng.random(len(idx)) < 0.5, rng.choice([9, 10, 11], len(idx)),
                                 rng.choice([19, 20, 21], len(idx)))
                treated, hour = campaign_contacts(camp, idx, day, hours)
                lift = camp.lift_alive + EVENING_LIFT * (hour >= 12)
            elif camp.campaign_id == "CMP-2024-WAKEUP":
                quiet = (day - last_order).astype(float) >= 90
                pool = np.flatnonzero(bought_before & quiet & (contact_channel != "app_push"))
                idx = pool
                treated, _ = campaign_contacts(camp, idx, day)
                lift = np.where(alive[idx], camp.lift_alive, camp.lift_lapsed)
            elif camp is BIRTHDAY:
                idx = np.flatnonzero(bought_before & (birth_month == month.month) & joined
                                     & (contact_channel != "app_push"))
                treated, _ = campaign_contacts(camp, idx, day)
                lift = np.where(alive[idx], camp.lift_alive, 0.0)
            else:
                pool = np.flatnonzero(bought_before & (contact_channel != "app_push"))
                idx = np.sort(rng.choice(pool, size=min(3000, len(pool)), replace=False))
                treated, _ = campaign_contacts(camp, idx, day)
                lift = np.where(alive[idx], camp.lift_alive, camp.lift_lapsed)
            lift = lift * treated
            hit = idx[rng.random(len(idx)) < lift]
            revived = hit[~alive[hit]]
            alive[revived] = True
            left_month[revived] = 99
            last_day = min(day + camp.window - 1, mdays[-1])
            span = int((last_day - day).astype(int)) + 1
            extra_who.append(hit)
            extra_when.append(day + rng.integers(0, span, len(hit)).astype("timedelta64[D]"))
        if extra_who:
            who = np.concatenate([who, *extra_who])
            when = np.concatenate([when, *extra_when])
        k = len(who)
        gross = np.maximum(np.round(basket[who] * np.exp(rng.normal(0, 0.42, k)) / 10) * 10 - 1, 39.0)
        month_of = when.astype("datetime64[M]").astype(int) % 12 + 1
        festival = np.isin(month_of, [6, 11])
        disc_rate = np.where(rng.random(k) < np.where(festival, 0.7, 0.3),
                             rng.choice([0.1, 0.2, 0.3], size=k), 0.0)
        discount = np.round(gross * disc_rate, 2)
        channel = np.where(rng.random(k) < 0.7, chan_pref[who], rng.integers(0, 4, k))
        category = np.where(rng.random(k) < 0.55, cat_pref[who], rng.integers(0, len(CATEGORIES), k))
        amount = np.round(gross - discount, 2)
        orders.append(pd.DataFrame({"customer": who, "order_date": when, "channel": channel,
                                    "category": category, "gross_amount": gross,
                                    "discount": discount, "amount": amount}))
        np.add.at(month_spend[m], who, amount)
        if k:
            np.maximum.at(last_order.view("int64"), who, when.view("int64"))
            # an order sometimes goes wrong and the customer complains
            bad = rng.random(k) < 0.055 + 0.05 * (sat[who] < 45)
            tw = who[bad]
            ticket_channel = _pick(rng, len(tw), TICKET_CHANNELS, [0.3, 0.32, 0.18, 0.1, 0.1])
            wait = np.array([RESPONSE_MEDIAN[c] for c in ticket_channel]) * np.exp(rng.normal(0, 0.9, len(tw)))
            late = wait > 1.0
            tickets.append(pd.DataFrame({"customer": tw, "order_date": when[bad], "row": np.flatnonzero(bad),
                                         "month": m, "wait_hours": wait, "channel": ticket_channel}))
            sat[tw] = np.clip(sat[tw] - np.where(late, 15.0, 2.0), 0, 100)
            late_until[tw[late]] = m + 9
            asked = rng.random(k) < 0.13
            surveys.append(pd.DataFrame({"customer": who[asked], "order_date": when[asked],
                                         "sat": sat[who[asked]]}))
        # membership tiers: upgrades at month end on the rolling 12-month spend; a tier is
        # kept until the yearly review in December, which moves a customer down at most one tier
        rolling = month_spend[max(0, m - 11):m + 1].sum(axis=0)
        earned = np.select([rolling >= TIER_SPEND["platinum"], rolling >= TIER_SPEND["gold"],
                            rolling >= TIER_SPEND["silver"]], [3, 2, 1], 0)
        target = np.maximum(earned, tier_idx)
        if month.month == 12:
            target = np.maximum(earned, tier_idx - 1)
        changed = np.flatnonzero(target != tier_idx)
        tiers.append(pd.DataFrame({"customer": changed, "date": month_end,
                                   "tier_from": tier_idx[changed], "tier_to": target[changed]}))
        tier_idx = target
        # leaving for good: a monthly hazard from satisfaction, late complaints, tier, referral
        hazard = (0.034 * 0.65 ** ((sat - 60) / 10) * tier_hazard[tier_idx]
                  * np.where(late_until >= m, 3.0, 1.0) * np.where(referred, 0.8, 1.0))
        leaving = active & ~new & (rng.random(n) < hazard)
        alive &= ~leaving
        left_month[leaving] = m
        sat = np.clip(sat + rng.normal(0.3, 1.5, n), 0, 100)

    return dict(cust=cust, orders=pd.concat(orders, ignore_index=True),
                tickets=pd.concat(tickets, ignore_index=True), surveys=pd.concat(surveys, ignore_index=True),
                tiers=pd.concat(tiers, ignore_index=True), contacts=pd.concat(contacts, ignore_index=True),
                tier_idx=tier_idx, alive=alive, left_month=left_month, contact_channel=contact_channel)


def _ids(prefix: str, k: int, width: int) -> np.ndarray:
    return np.array([f"{prefix}{i:0{width}d}" for i in range(1, k + 1)], dtype=object)


def _times(rng, dates, low=9, high=22) -> pd.DatetimeIndex:
    """Times of day (to the minute) on the given days, between ``low`` and ``high`` o'clock."""
    minutes = rng.integers(low * 60, high * 60, len(dates))
    return pd.DatetimeIndex(dates) + pd.to_timedelta(minutes, unit="min")


def _ticket_text(rng, category, language, sentiment):
    texts = []
    for cat, lang, sent in zip(category, language, sentiment):
        zh = lang == "zh"
        opener = _OPEN[rng.integers(len(_OPEN))][zh]
        issue = _ISSUE[cat][zh].format(d=int(rng.integers(3, 12)))
        tone = _TONE[sent][rng.integers(len(_TONE[sent]))][zh]
        if zh:
            texts.append(f"{opener}{issue}。{tone}")
        else:
            texts.append(f"{opener} {issue[0].upper() + issue[1:] if not opener else issue}. {tone}".strip())
    return texts


def _journeys(rng, orders: pd.DataFrame, customers: pd.DataFrame) -> pd.DataFrame:
    """Touchpoint events: journeys that ended in a sample of the orders, and journeys that did not."""
    online = orders["channel"].isin(["app", "mini_program", "web"]).to_numpy()
    take = rng.random(len(orders)) < np.where(online, 0.34, 0.12)
    won = orders.loc[take, ["order_id", "customer_id", "order_date", "channel"]].reset_index(drop=True)
    n_lost = 9000
    lost_days = START + pd.to_timedelta(rng.integers(0, (END - START).days + 1, n_lost), unit="D")
    lost = pd.DataFrame({"order_id": None, "customer_id": rng.choice(customers["customer_id"].to_numpy(), n_lost),
                         "order_date": lost_days, "channel": _pick(rng, n_lost, ORDER_CHANNELS, [0.2, 0.35, 0.35, 0.1])})
    journeys = pd.concat([won.assign(converted=True), lost.assign(converted=False)], ignore_index=True)
    journeys = journeys.sort_values(["order_date", "customer_id"], kind="stable", ignore_index=True)
    journeys["journey_id"] = _ids("J", len(journeys), 6)
    # deepest stage: converted journeys reach checkout (and sometimes after-sales); the others
    # stop earlier, most often at the weak mini-program and consultation touchpoints
    k = len(journeys)
    conv = journeys["converted"].to_numpy()
    stop = rng.choice(7, size=k, p=[0.22, 0.13, 0.12, 0.25, 0.12, 0.04, 0.12])
    deepest = np.where(conv, np.where(rng.random(k) < 0.3, 7, 6), stop)
    start = np.minimum(rng.choice(3, size=k, p=[0.5, 0.28, 0.22]), deepest)
    include = {0: 0.0, 1: 0.35, 2: 0.4, 4: 0.3}
    rows = []
    chan = journeys["channel"].to_numpy()
    for s, stage in enumerate(STAGES):
        if s in (6, 7):
            present = deepest >= s
        elif s == 3:
            present = (start <= 3) & (deepest >= 3) & ((deepest == 3) | (rng.random(k) < np.where(chan == "mini_program", 0.75, 0.2)))
        elif s == 5:
            present = (deepest >= 5) & ((deepest == 5) | (rng.random(k) < np.where(chan == "store", 0.9, 0.05)))
        else:
            present = (start <= s) & (deepest >= s) & ((start == s) | (deepest == s) | (rng.random(k) < include[s]))
        idx = np.flatnonzero(present)
        if stage in STAGE_CHANNELS:
            options, p = STAGE_CHANNELS[stage]
            p = np.asarray(p, float)
            if stage == "ad_view":  # journeys that end in an order started more often from search ads
                won_p = np.array([0.28, 0.42, 0.18, 0.12])
                channel = np.where(conv[idx], _pick(rng, len(idx), options, won_p), _pick(rng, len(idx), options, p))
            elif stage == "content":
                won_p = np.array([0.2, 0.55, 0.12, 0.13])
                channel = np.where(conv[idx], _pick(rng, len(idx), options, won_p), _pick(rng, len(idx), options, p))
            else:
                channel = _pick(rng, len(idx), options, p)
        else:
            channel = chan[idx]
        rows.append(pd.DataFrame({"j": idx, "s": s, "channel": channel}))
    events = pd.concat(rows, ignore_index=True)
    # times: stages in order over the days before the order (after-sales a few days after);
    # each journey has its own pace, and within a day the stages follow each other
    order_day = journeys["order_date"].to_numpy()[events["j"]]
    s = events["s"].to_numpy()
    pace = rng.integers(0, 3, k)[events["j"]]
    since_start = (pd.DatetimeIndex(order_day) - START).days.to_numpy()
    lead = np.minimum((6 - np.minimum(s, 6)) * pace, since_start)
    after = rng.integers(2, 9, k)[events["j"]]
    lead = np.where(s == 7, -after, lead)
    minute = 8 * 60 + s * 100 + rng.integers(0, 9, len(events)) * 10
    when = pd.DatetimeIndex(order_day - lead.astype("timedelta64[D]")) + pd.to_timedelta(minute, unit="min")
    when = when.where(when < AS_OF, END + pd.Timedelta(hours=22, minutes=30))
    # ratings: about half the events are rated; three touchpoints are planted as weak
    mean = np.array([STAGE_RATING[STAGES[i]] for i in s]) + np.where(conv[events["j"]], 0.15, -0.15)
    month_wobble = 0.12 * np.sin(when.month.to_numpy() + s)
    rated = rng.random(len(events)) < np.where(s == 7, 0.7, 0.45)
    rating = np.clip(np.round(rng.normal(mean + month_wobble, 0.95)), 1, 5)
    table = pd.DataFrame({
        "journey_id": journeys["journey_id"].to_numpy()[events["j"]],
        "customer_id": journeys["customer_id"].to_numpy()[events["j"]],
        "timestamp": when, "stage": np.asarray(STAGES, dtype=object)[s], "channel": events["channel"].to_numpy(),
        "satisfaction": pd.array(np.where(rated, rating, np.nan), dtype="Int64"),
        "converted": conv[events["j"]],
        "order_id": np.where(s == 6, journeys["order_id"].to_numpy()[events["j"]], None),
    })
    return table.sort_values(["journey_id", "timestamp", "stage"], kind="stable", ignore_index=True)


def generate(seed: int = SEED) -> dict[str, pd.DataFrame]:
    """Generate every table of the synthetic brand; the same seed gives the same tables.

    Examples
    --------
    >>> sorted(TABLES)                    # generate() returns one DataFrame per table
    ['campaigns', 'customers', 'followups', 'loyalty', 'orders', 'surveys', 'tickets', 'touchpoints']
    """
    rng = np.random.default_rng(seed)
    w = _simulate(rng)
    cust = w["cust"]
    ids = cust["customer_id"].to_numpy()
    n = len(cust)

    # ---- orders
    o = w["orders"]
    # a gift redeemed with a voucher is a separate, fully discounted order on the day of a paid one
    gift = o[(o["amount"] > 0).to_numpy() & (rng.random(len(o)) < 0.005)].copy()
    gift["gross_amount"] = rng.choice([59.0, 99.0, 129.0, 199.0], size=len(gift))
    gift["discount"], gift["amount"] = gift["gross_amount"], 0.0
    gift["category"] = CATEGORIES.index("accessories")
    o = pd.concat([o, gift], ignore_index=True)
    o = o.sort_values(["order_date", "customer"], kind="stable", ignore_index=True)
    orders = pd.DataFrame({
        "order_id": _ids("O", len(o), 6), "customer_id": ids[o["customer"]],
        "order_date": pd.to_datetime(o["order_date"]),
        "channel": np.asarray(ORDER_CHANNELS, dtype=object)[o["channel"]],
        "category": np.asarray(CATEGORIES, dtype=object)[o["category"]],
        "gross_amount": o["gross_amount"].astype(float), "discount": o["discount"].astype(float),
        "amount": o["amount"].astype(float),
    })

    # ---- customers: referrers are earlier members, more often heavy buyers
    spend = orders.groupby("customer_id")["amount"].sum().reindex(ids, fill_value=0.0).to_numpy()
    referred_by = np.full(n, None, dtype=object)
    for i in np.flatnonzero(cust["referred"].to_numpy()):
        if i == 0:
            continue
        weights = spend[:i] + 50.0
        referred_by[i] = ids[rng.choice(i, p=weights / weights.sum())]
    customers = cust.drop(columns="referred").assign(
        referred_by=referred_by,
        membership_tier=np.asarray(TIERS, dtype=object)[w["tier_idx"]])
    customers = customers[[c.name for c in TABLES["customers"]["columns"]]]

    # ---- tickets
    t = w["tickets"].sort_values(["order_date", "customer"], kind="stable", ignore_index=True)
    k = len(t)
    order_lookup = o.reset_index().set_index(["customer", "order_date"])["index"]
    first_order = order_lookup[~order_lookup.index.duplicated()]
    order_rows = first_order.reindex(pd.MultiIndex.from_arrays([t["customer"], t["order_date"]])).to_numpy()
    opened = _times(rng, pd.to_datetime(t["order_date"]) + pd.to_timedelta(rng.integers(1, 9, k), unit="D"), 8, 23)
    opened = opened.where(opened < AS_OF, END + pd.Timedelta(hours=18))
    wait = pd.to_timedelta(np.round(t["wait_hours"].to_numpy() * 60), unit="min")
    severity = _pick(rng, k, ["low", "medium", "high"], [0.45, 0.4, 0.15])
    solve_median = np.select([severity == "low", severity == "medium"], [6.0, 14.0], 30.0)
    solve = pd.to_timedelta(np.round(solve_median * np.exp(rng.normal(0, 0.8, k)) * 60), unit="min")
    late = t["wait_hours"].to_numpy() > 1.0
    slow = (wait + solve) > pd.Timedelta(hours=24)
    csat = np.clip(np.round(rng.normal(4.1 - 1.1 * late - 0.8 * np.asarray(slow), 0.8)), 1, 5).astype(int)
    category = _pick(rng, k, TICKET_CATEGORIES, TICKET_CATEGORY_P)
    language = np.where(rng.random(k) < 0.62, "zh", "en")
    p_neg = np.select([severity == "high", severity == "medium"], [0.85, 0.66], 0.45)
    u = rng.random(k)
    sentiment = np.where(u < p_neg, "negative", np.where(u < p_neg + (1 - p_neg) * 0.72, "neutral", "positive"))
    tickets = pd.DataFrame({
        "ticket_id": _ids("T", k, 5), "customer_id": ids[t["customer"]],
        "order_id": orders["order_id"].to_numpy()[order_rows],
        "opened_at": opened, "first_response_at": opened + wait, "resolved_at": opened + wait + solve,
        "channel": t["channel"].to_numpy(), "category": category, "severity": severity, "csat": csat,
        "language": language, "text": _ticket_text(rng, category, language, sentiment), "sentiment": sentiment,
    })

    # ---- surveys
    s = w["surveys"].sort_values(["order_date", "customer"], kind="stable", ignore_index=True)
    k = len(s)
    satisfaction = np.clip(np.round(s["sat"].to_numpy() + rng.normal(0, 6, k)), 0, 100).astype(int)
    survey_date = pd.to_datetime(s["order_date"]) + pd.to_timedelta(rng.integers(2, 10, k), unit="D")
    survey_date = survey_date.where(survey_date <= END, END)
    surveys = pd.DataFrame({
        "survey_id": _ids("S", k, 5), "customer_id": ids[s["customer"]], "survey_date": survey_date,
        "nps": np.clip(np.round((satisfaction + 6) / 10 + rng.normal(0, 1.3, k)), 0, 10).astype(int),
        "satisfaction": satisfaction,
        "csat": np.clip(np.round(1 + satisfaction / 25 + rng.normal(0, 0.6, k)), 1, 5).astype(int),
    }).sort_values(["survey_date", "customer_id"], kind="stable", ignore_index=True)
    surveys["survey_id"] = _ids("S", k, 5)

    # ---- loyalty ledger
    loyalty = _ledger(orders, customers, w["tiers"], ids)

    # ---- campaigns: conversion is read off the orders themselves
    c = w["contacts"].reset_index(drop=True)
    c["customer_id"] = ids[c["customer"]]
    c["day"] = pd.to_datetime(c["day"])
    meta = {camp.campaign_id: camp for camp in (*CAMPAIGNS, BIRTHDAY)}
    window = c["campaign"].map(lambda x: meta[x].window).to_numpy()
    pairs = c[["customer_id", "day"]].assign(row=np.arange(len(c)), window=window).merge(
        orders[["customer_id", "order_date"]], on="customer_id", how="inner")
    hit = (pairs["order_date"] >= pairs["day"]) & (pairs["order_date"] < pairs["day"] + pd.to_timedelta(pairs["window"], unit="D"))
    converted = np.zeros(len(c), bool)
    converted[pairs.loc[hit, "row"].unique()] = True
    treated = (c["group"] == "treatment").to_numpy()
    open_rate = c["campaign"].map(lambda x: meta[x].open_rate).to_numpy()
    responded = treated & ((converted & (rng.random(len(c)) < 0.8)) | (rng.random(len(c)) < open_rate))
    opted = treated & (rng.random(len(c)) < c["campaign"].map(lambda x: meta[x].opt_out).to_numpy())
    campaigns = pd.DataFrame({
        "contact_id": None, "campaign_id": c["campaign"].to_numpy(),
        "campaign_name": c["campaign"].map(lambda x: meta[x].name).to_numpy(),
        "customer_id": c["customer_id"].to_numpy(), "contact_date": c["day"],
        "send_hour": c["send_hour"].astype(int).to_numpy(),
        "channel": np.where(c["campaign"] == "CMP-2024-TIMING", "app_push", w["contact_channel"][c["customer"]]),
        "group": c["group"].to_numpy(), "offer": c["campaign"].map(lambda x: meta[x].offer).to_numpy(),
        "responded": responded, "converted": converted, "opted_out": opted,
    }).sort_values(["contact_date", "campaign_id", "customer_id"], kind="stable", ignore_index=True)
    campaigns["contact_id"] = _ids("K", len(campaigns), 6)

    followups = _followups(rng, customers, orders, w["left_month"])
    touchpoints = _journeys(rng, orders, customers)
    return {"customers": customers, "orders": orders, "touchpoints": touchpoints, "tickets": tickets,
            "surveys": surveys, "loyalty": loyalty, "campaigns": campaigns, "followups": followups}


def _ledger(orders, customers, tier_moves, ids) -> pd.DataFrame:
    """Points: 1 per yuan paid (double in the birthday month); redemptions of 500-point
    vouchers; at each year end the balance of a customer silent for 180 days expires."""
    birth = customers.set_index("customer_id")["birth_date"].dt.month
    earn = orders[orders["amount"] > 0][["customer_id", "order_date", "order_id", "amount"]].copy()
    double = earn["order_date"].dt.month.to_numpy() == birth.reindex(earn["customer_id"]).to_numpy()
    earn["points"] = np.floor(earn["amount"]).astype(int) * np.where(double, 2, 1)
    rows = []
    rng = np.random.default_rng(SEED + 1)
    year_ends = [pd.Timestamp("2023-12-31"), pd.Timestamp("2024-12-31")]
    for cid, group in earn.groupby("customer_id", sort=True):
        balance, last = 0, None
        pending = list(year_ends)
        for day, oid, pts in zip(group["order_date"], group["order_id"], group["points"]):
            while pending and day > pending[0]:
                if balance > 0 and (pending[0] - last).days > 180:
                    rows.append((cid, pending[0], "expire", -balance, None, None, None))
                    balance = 0
                pending.pop(0)
            if balance >= 1000 and rng.random() < 0.35:
                used = int(balance // 500) * 500
                rows.append((cid, day, "redeem", -used, oid, None, None))
                balance -= used
            rows.append((cid, day, "earn", int(pts), oid, None, None))
            balance += int(pts)
            last = day
        for end in pending:
            if balance > 0 and (end - last).days > 180:
                rows.append((cid, end, "expire", -balance, None, None, None))
                balance = 0
    moves = tier_moves.assign(customer_id=ids[tier_moves["customer"]])
    for cid, day, a, b in zip(moves["customer_id"], moves["date"], moves["tier_from"], moves["tier_to"]):
        rows.append((cid, day, "tier_change", 0, None, TIERS[a], TIERS[b]))
    ledger = pd.DataFrame(rows, columns=["customer_id", "date", "kind", "points", "order_id", "tier_from", "tier_to"])
    ledger["date"] = pd.to_datetime(ledger["date"]).dt.normalize()
    kind_order = ledger["kind"].map({"tier_change": 0, "redeem": 1, "earn": 2, "expire": 3})
    ledger = ledger.assign(_k=kind_order).sort_values(["date", "customer_id", "_k"], kind="stable",
                                                       ignore_index=True).drop(columns="_k")
    ledger.insert(0, "entry_id", _ids("L", len(ledger), 6))
    return ledger


#: Follow-up interval (days) by membership tier and the share of each tier the care team covers.
FOLLOWUP_PLAN = {"member": (90, 0.1), "silver": (60, 0.35), "gold": (45, 0.8), "platinum": (30, 1.0)}
FOLLOWUP_RESPONSE = {"phone": 0.56, "wechat": 0.47, "sms": 0.19, "email": 0.11}


def _followups(rng, customers, orders, left_month) -> pd.DataFrame:
    rows = []
    tiers = customers["membership_tier"].to_numpy()
    signup = customers["signup_date"].to_numpy()
    first_order = orders.groupby("customer_id")["order_date"].min().reindex(customers["customer_id"])
    channels = np.array(["phone", "wechat", "sms", "email"])
    consent = customers[["consent_phone", "consent_wechat", "consent_sms", "consent_email"]].to_numpy()
    for i, cid in enumerate(customers["customer_id"].to_numpy()):
        interval, cover = FOLLOWUP_PLAN[tiers[i]]
        if not consent[i].any() or rng.random() >= cover or pd.isna(first_order.iloc[i]):
            continue
        day = max(pd.Timestamp(signup[i]), START) + pd.Timedelta(days=int(rng.integers(3, 20)))
        gone = START + pd.DateOffset(months=int(left_month[i])) if left_month[i] < 99 else AS_OF
        allowed = channels[consent[i]]
        first = True
        while day <= END:
            channel = allowed[rng.integers(len(allowed))]
            p = FOLLOWUP_RESPONSE[channel] * (0.35 if day > gone else 1.0)
            answered = rng.random() < p
            onboarding = first and pd.Timestamp(signup[i]) >= START
            purpose = "onboarding" if onboarding else ("vip_care" if tiers[i] in ("gold", "platinum") else "maintenance")
            outcome = (rng.choice(["reached", "resolved", "callback_requested"], p=[0.7, 0.2, 0.1])
                       if answered else "no_answer")
            rows.append((cid, day, channel, purpose, answered, outcome, AGENTS[rng.integers(len(AGENTS))]))
            first = False
            day = day + pd.Timedelta(days=int(interval * rng.uniform(0.8, 1.3)))
    table = pd.DataFrame(rows, columns=["customer_id", "date", "channel", "purpose", "responded", "outcome", "agent"])
    table = table.sort_values(["date", "customer_id"], kind="stable", ignore_index=True)
    table.insert(0, "followup_id", _ids("F", len(table), 5))
    return table


# ------------------------------------------------------------------------------ writing
def _to_csv_frame(frame: pd.DataFrame, columns) -> pd.DataFrame:
    out = {}
    for col in columns:
        values = frame[col.name]
        if col.kind == "date":
            out[col.name] = pd.to_datetime(values).dt.strftime("%Y-%m-%d")
        elif col.kind == "datetime":
            out[col.name] = pd.to_datetime(values).dt.strftime("%Y-%m-%d %H:%M")
        elif col.kind == "float":
            out[col.name] = values.map(lambda v: f"{v:.2f}")
        else:
            out[col.name] = values
    return pd.DataFrame(out)


def write_datasets(folder=None, *, seed: int = SEED) -> list[Path]:
    """Generate the tables and write them, and the data dictionary, into ``folder``."""
    folder = Path(folder or _datasets_dir())
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, table in generate(seed).items():
        path = folder / f"{name}.csv"
        _to_csv_frame(table, TABLES[name]["columns"]).to_csv(path, index=False, lineterminator="\n")
        written.append(path)
    readme = folder / "README.md"
    readme.write_text(data_dictionary(), encoding="utf-8")
    written.append(readme)
    return written


def data_dictionary() -> str:
    """The data dictionary (``datasets/README.md``) as Markdown, from :data:`TABLES`."""
    lines = [
        "# The course data ｜ 课程数据",
        "",
        "Written by `python -m course_lib.data` (or `make data`) from a fixed seed; regenerating gives",
        "byte-identical files. Do not edit these files by hand: change `course_lib/data.py` and regenerate.",
        "",
        "*Lumen 澜悦* is a fictional fashion and lifestyle retailer with stores, an app, a WeChat",
        f"mini-program and a website in Chinese cities of four tiers: {N_CUSTOMERS:,} members and two years of",
        f"history ({START.date()} to {END.date()}). The course's \"today\" is {AS_OF.date()}.",
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
        lines += [f"### `{name}.csv` — {spec['zh']}", "", spec["about"], "",
                  "| column | 中文 | type | unit | meaning |", "|---|---|---|---|---|"]
        for col in spec["columns"]:
            kind = col.kind + (" (may be empty)" if col.nullable else "")
            lines.append(f"| `{col.name}` | {col.zh} | {kind} | {col.unit} | {col.meaning} |")
        lines.append("")
    lines += ["### `cdnow/CDNOW_sample.txt` — CDNOW 样本 (real data)", "",
              "Real purchases of the online music retailer CDNOW; see [cdnow/README.md](cdnow/README.md).",
              "`data.load_cdnow()` returns:", "",
              "| column | 中文 | type | unit | meaning |", "|---|---|---|---|---|"]
    for col in CDNOW_COLUMNS:
        lines.append(f"| `{col.name}` | {col.zh} | {col.kind} | {col.unit} | {col.meaning} |")
    lines += ["", "### `scores.csv` — 客户评分 (derived: model output, not data)", "",
              "Each buyer's churn probability and 12-month CLV on the course's day (2025-01-01), "
              "from chapter 5's models fitted on the tables above (`course_lib.workbench.scores`). "
              "The CRM workbench's 360 view reads it so that the first look-up does not wait for "
              "the fits; `make data` rewrites it after the tables, and a test refits it.", "",
              "| column | 中文 | type | unit | meaning |", "|---|---|---|---|---|",
              "| `customer_id` | 客户编号 | text | — | a customer with at least one order |",
              "| `churn_probability` | 流失概率 | number | share 0–1 | chance of no order in the "
              "next 180 days (logistic churn model) |",
              "| `clv_12m` | 12个月客户终身价值 | number | CNY | discounted margin (45 %) of the next "
              "12 months' purchases (BG/NBD × Gamma-Gamma) |",
              "", "Automation rule sets used by the CRM workbench ship in `rules/`.", ""]
    return "\n".join(lines)


def main(argv=None) -> int:
    """``python -m course_lib.data``: regenerate ``datasets/``."""
    for path in write_datasets():
        print(f"wrote {path.relative_to(_datasets_dir().parent)}")
    return 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
