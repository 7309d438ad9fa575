"""Chapter 0 checks: right answers written in other ways pass, the mistakes a trainee really
makes on the shipped data get a message that names them, the expected figure is never shown."""

from collections import Counter

import numpy as np
import pytest
from check_answers import fails_with, has_cjk, passes

from course_lib.checks import evaluate

pytestmark = pytest.mark.usefixtures("workspace")


TASKS = [
    "ch00.order_count",
    "ch00.revenue_2024",
    "ch00.top_city",
    "ch00.orders_per_customer",
    "ch00.first_call",
]


@pytest.mark.parametrize("task_id", TASKS)
def test_placeholder_is_not_attempted(task_id):
    assert evaluate(task_id, ...)[0] == "not attempted"


# ------------------------------------------------------------------------------ order count
def test_order_count_right_variants(orders):
    for answer in (
        len(orders),
        orders.shape[0],
        float(len(orders)),
        orders["order_id"].count(),
        orders["order_id"].nunique(),
        len(orders.index),
    ):
        passes("ch00.order_count", answer)


def test_order_count_typical_mistakes(orders, customers):
    fails_with("ch00.order_count", orders["customer_id"].nunique(), "number of customers who ordered")
    fails_with("ch00.order_count", len(customers), "rows of `customers`")
    fails_with("ch00.order_count", orders.size, "counts cells")
    fails_with("ch00.order_count", orders.shape, "(rows, columns)")
    fails_with("ch00.order_count", orders.count(), "one count per column")
    fails_with("ch00.order_count", orders.index[-1], "labels start at 0")
    fails_with("ch00.order_count", len(orders.columns), "number of columns")
    fails_with("ch00.order_count", (orders["order_date"].dt.year == 2024).sum(), "orders of 2024 only")
    fails_with("ch00.order_count", len(orders[orders["amount"] > 0]), "`amount` of 0")
    fails_with("ch00.order_count", len(orders) / 2, "not a whole number")
    fails_with(
        "ch00.order_count", len(orders.drop_duplicates(["customer_id", "order_date"])), "count every row"
    )


# ------------------------------------------------------------------------------ revenue 2024
@pytest.fixture(scope="module")
def revenue(orders):
    return orders.loc[orders["order_date"].dt.year == 2024, "amount"].sum()


def test_revenue_right_variants(orders, revenue):
    in_2024 = orders["order_date"].dt.year == 2024
    for answer in (
        revenue,
        round(revenue, 2),
        round(revenue),
        int(round(revenue)),
        orders.set_index("order_date").loc["2024", "amount"].sum(),
        orders.loc[orders["order_date"].between("2024-01-01", "2024-12-31"), "amount"].sum(),
        orders.groupby(orders["order_date"].dt.year)["amount"].sum().loc[2024],
        orders.query("order_date >= '2024-01-01' and order_date < '2025-01-01'")["amount"].sum(),
        (orders.loc[in_2024, "gross_amount"] - orders.loc[in_2024, "discount"]).sum(),
    ):
        passes("ch00.revenue_2024", answer)


def test_revenue_typical_mistakes(orders, revenue):
    year = orders["order_date"].dt.year
    day = orders["order_date"]
    fails_with("ch00.revenue_2024", orders["amount"].sum(), "both years")
    fails_with("ch00.revenue_2024", orders.loc[year == 2024, "gross_amount"].sum(), "`gross_amount`")
    fails_with("ch00.revenue_2024", orders.loc[year == 2023, "amount"].sum(), "revenue of 2023")
    fails_with("ch00.revenue_2024", orders.loc[day > "2024-01-01", "amount"].sum(), "1 January")
    fails_with(
        "ch00.revenue_2024",
        orders.loc[(day >= "2024-01-01") & (day < "2024-12-31"), "amount"].sum(),
        "31 December",
    )
    fails_with("ch00.revenue_2024", orders.loc[year == 2024, "amount"].mean(), "average order")
    fails_with("ch00.revenue_2024", (year == 2024).sum(), "number of orders in 2024")
    fails_with("ch00.revenue_2024", orders.loc[year == 2024, "discount"].sum(), "sums `discount`")
    fails_with(
        "ch00.revenue_2024",
        (orders.loc[year == 2024, "amount"] - orders.loc[year == 2024, "discount"]).sum(),
        "already has it taken off",
    )
    fails_with("ch00.revenue_2024", orders.groupby(year)["amount"].sum(), "`.loc[2024]`")
    fails_with("ch00.revenue_2024", round(revenue / 10_000, 2), "万")
    for near in (round(revenue, -4), revenue + 3):
        message = fails_with("ch00.revenue_2024", near, "close, but not right")
        assert f"{revenue:,.0f}" not in message and f"{revenue:,.1f}" not in message


# ------------------------------------------------------------------------------ top city
def test_top_city_right_variants(customers):
    counts = customers["city"].value_counts()
    for answer in (
        counts.index[0],
        counts.idxmax(),
        customers["city"].mode()[0],
        customers.groupby("city").size().sort_values().index[-1],
        "shanghai",
        " Shanghai ",
        "上海",
        "上海市",
    ):
        passes("ch00.top_city", answer)
    assert "[0]" in passes("ch00.top_city", customers["city"].mode())


def test_top_city_typical_mistakes(customers):
    counts = customers["city"].value_counts()
    fails_with("ch00.top_city", customers["city"].value_counts(ascending=True).index[0], "fewest customers")
    fails_with("ch00.top_city", counts.index[1], "`.index[1]`")
    fails_with("ch00.top_city", customers["city"].max(), "alphabetical order")
    fails_with("ch00.top_city", customers["city"].min(), "compares letters")
    fails_with("ch00.top_city", counts.max(), "the count of the top city's customers")
    fails_with("ch00.top_city", counts, "count table")
    fails_with("ch00.top_city", counts.head(1), "count table")
    fails_with("ch00.top_city", "Shangai", "not a city")
    fails_with("ch00.top_city", customers["city_tier"].mode()[0], "you gave a number")


# -------------------------------------------------------------------- orders per customer
def test_orders_per_customer_right_variants(orders):
    grouped = orders.groupby("customer_id")
    for answer in (
        grouped.size(),
        orders["customer_id"].value_counts(),
        grouped["order_id"].count(),
        grouped["order_id"].nunique(),
        grouped.size().astype(float),
        grouped.agg(n_orders=("order_id", "count")),
        orders.groupby("customer_id", as_index=False).size(),
        grouped.size().reset_index(),
        dict(Counter(orders["customer_id"])),
    ):
        passes("ch00.orders_per_customer", answer)


def test_orders_per_customer_typical_mistakes(orders, customers):
    grouped = orders.groupby("customer_id")
    fails_with("ch00.orders_per_customer", grouped.count(), "`.count()` on every column")
    fails_with("ch00.orders_per_customer", grouped["amount"].sum(), "amounts spent")
    fails_with("ch00.orders_per_customer", grouped["amount"].mean(), "amounts spent")
    fails_with("ch00.orders_per_customer", grouped["order_date"].nunique(), "distinct order days")
    fails_with("ch00.orders_per_customer", grouped["category"].nunique(), "distinct categories")
    fails_with(
        "ch00.orders_per_customer", orders["customer_id"].value_counts().values, "not the customer ids"
    )
    fails_with("ch00.orders_per_customer", grouped.size().reset_index(drop=True), "not the customer ids")
    every = customers["customer_id"].map(orders["customer_id"].value_counts()).fillna(0)
    fails_with("ch00.orders_per_customer", every.set_axis(customers["customer_id"]), "never ordered")
    in_2024 = orders[orders["order_date"].dt.year == 2024]
    fails_with("ch00.orders_per_customer", in_2024.groupby("customer_id").size(), "ordered in 2024")
    fails_with("ch00.orders_per_customer", orders.set_index("customer_id")["order_id"], "one row per order")
    filled = grouped.size()
    fails_with("ch00.orders_per_customer", filled.where(filled < 20, 20), "too few orders")
    fails_with("ch00.orders_per_customer", np.zeros((3, 3)), "shape (3, 3)")


# ------------------------------------------------------------------------------ first call
AT_RISK, QUIET, TOP, NEW = "C01591", "C00883", "C02047", "C04975"


def _plan(order, reason="late_complaint"):
    return {"order": order, "reason": reason}


def test_first_call_unfilled_and_right_variants():
    assert evaluate("ch00.first_call", _plan(..., ...))[0] == "not attempted"
    for answer in (
        _plan([AT_RISK, QUIET, TOP, NEW]),
        _plan([AT_RISK, QUIET, NEW, TOP], "投诉"),
        _plan((AT_RISK.lower(), QUIET, TOP, NEW), "Late complaint"),
        _plan(np.array([AT_RISK, QUIET, TOP, NEW]), " complaint "),
        {"Order": [AT_RISK, QUIET, NEW, TOP], "REASON": "late-complaint"},
        ([AT_RISK, QUIET, TOP, NEW], "late_complaint"),
    ):
        passes("ch00.first_call", answer)


def test_first_call_typical_mistakes():
    fails_with(
        "ch00.first_call", _plan([TOP, NEW, QUIET, AT_RISK], "top_spender"), "order in which the table lists"
    )
    fails_with("ch00.first_call", _plan([TOP, AT_RISK, QUIET, NEW], "top_spender"), "Spend alone")
    fails_with("ch00.first_call", _plan([QUIET, AT_RISK, TOP, NEW], "gone_quiet"), "24-hour solution")
    fails_with("ch00.first_call", _plan([NEW, AT_RISK, QUIET, TOP], "new_customer"), "automatic welcome")
    fails_with("ch00.first_call", _plan([AT_RISK, QUIET, TOP, NEW], "top_spender"), "3.5× as much")
    fails_with("ch00.first_call", _plan([AT_RISK, QUIET, TOP, NEW], "dormant"), "not quiet")
    fails_with("ch00.first_call", _plan([AT_RISK, QUIET, TOP, NEW], "new"), "not new")
    fails_with("ch00.first_call", _plan([AT_RISK, TOP, QUIET, NEW]), "nothing to repair")
    fails_with("ch00.first_call", _plan([AT_RISK, NEW, QUIET, TOP]), "larger loss")
    fails_with("ch00.first_call", _plan([AT_RISK, QUIET, TOP]), "3 of the 4")
    fails_with("ch00.first_call", _plan([AT_RISK, AT_RISK, QUIET, TOP]), "appears twice")
    fails_with("ch00.first_call", _plan([AT_RISK, QUIET, TOP, "C00001"]), "not on the list")
    fails_with("ch00.first_call", _plan(AT_RISK), "not one id")
    fails_with("ch00.first_call", _plan([AT_RISK, QUIET, TOP, NEW], "urgent"), "is not one of")
    fails_with("ch00.first_call", _plan([AT_RISK, QUIET, TOP, NEW], ...), "reason_first still holds")
    fails_with("ch00.first_call", [AT_RISK, QUIET, TOP, NEW], "pass your decision")


# ------------------------------------------------------------------------------ in Chinese


def test_in_chinese_unfilled_and_solution(chinese, orders):
    status, message = evaluate("ch00.order_count", ...)
    assert status == "not attempted" and "尚未作答" in message
    assert passes("ch00.order_count", len(orders)) == "✓ ch00.order_count — 订单数：正确。"
    message = passes("ch00.first_call", _plan([AT_RISK, QUIET, TOP, NEW]))
    assert message == "✓ ch00.first_call — 客户关怀专席先联系谁：正确。"


def test_in_chinese_wrong_answers_name_the_mistake(chinese, orders, revenue):
    year = orders["order_date"].dt.year
    for task_id, answer, phrase in [
        ("ch00.order_count", orders["customer_id"].nunique(), "这是下过单的客户数，不是订单数"),
        ("ch00.revenue_2024", orders["amount"].sum(), "两年（2023年和2024年）的销售额"),
        ("ch00.revenue_2024", round(revenue / 10_000, 2), "以万元为单位"),
        ("ch00.first_call", _plan([AT_RISK, QUIET, TOP, NEW], "top_spender"), "是这位的 3.5 倍"),
    ]:
        message = fails_with(task_id, answer, phrase)
        assert has_cjk(message.split(" — ", 1)[1]), message
    # the task's own diagnosis follows the framework's sentence without a space
    message = fails_with("ch00.revenue_2024", revenue + 3, "很接近了")
    assert "。检查2024年1月1日和12月31日" in message and f"{revenue:,.0f}" not in message
    message = fails_with("ch00.revenue_2024", 5.0, "revenue_2024 = 5 不对。按 `order_date` 的年份筛选订单")
    fails_with("ch00.revenue_2024", orders.loc[year == 2024, "amount"].mean(), "平均订单金额")


def test_in_chinese_stored_messages_follow_the_language(chinese, orders):
    """The slips are stored in English once and translated when shown."""
    from course_lib.language import set_language

    grouped = orders.groupby("customer_id")
    fails_with("ch00.orders_per_customer", grouped["category"].nunique(), "不重复的品类数")
    set_language("en")
    fails_with("ch00.orders_per_customer", grouped["category"].nunique(), "distinct categories")


def test_in_chinese_hints(chinese, capsys):
    from course_lib.checks import hint

    hint("ch00.order_count", 1)
    shown = capsys.readouterr().out
    assert shown.startswith("ch00.order_count 的提示 1/2：`orders` 的每一行是一笔订单") and has_cjk(shown)
    assert "hint('ch00.order_count', 2)" in shown
