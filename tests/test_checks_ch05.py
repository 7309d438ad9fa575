"""Chapter 5 checks: the solution passes, the placeholder is not attempted, the typical
mistakes of each task — written as a trainee would write them, on the shipped data — get ✗
with a message naming that mistake, and right answers written differently get ✓."""

import numpy as np
import pandas as pd
import pytest
from check_answers import fails_with, has_cjk, passes

from course_lib import churn, clv, loyalty
from course_lib.checks import evaluate

pytestmark = pytest.mark.usefixtures("workspace")


@pytest.fixture(scope="module")
def cdnow():
    from course_lib import data

    return data.load_cdnow()


def _summarize(cdnow, **changes):
    options = dict(
        customer="customer_id",
        date="date",
        amount="amount",
        calibration_end="1997-09-30",
        observation_end="1998-06-30",
        unit="W",
    )
    return clv.summarize(cdnow, **(options | changes))


@pytest.fixture(scope="module")
def summary(cdnow):
    return _summarize(cdnow)


@pytest.fixture(scope="module")
def spend_2024(orders):
    return orders[orders["order_date"].dt.year == 2024].groupby("customer_id")["amount"].sum()


def _status(task_id, answer):
    return evaluate(task_id, answer)


TASKS = [
    "ch05.clv_gain",
    "ch05.cdnow_summary",
    "ch05.bgnbd_fit",
    "ch05.churn_label",
    "ch05.value_targeting",
    "ch05.break_even_lift",
    "ch05.referral_cost",
    "ch05.advisor_seats",
]


@pytest.mark.parametrize("task_id", TASKS)
def test_placeholder_is_not_attempted(task_id):
    assert _status(task_id, ...)[0] == "not attempted"


# ------------------------------------------------------------------------------ clv_gain
OLD = clv.simple_clv(300, 0.60, discount_rate=0.10)
NEW = clv.simple_clv(300, 0.65, discount_rate=0.10)


def test_clv_gain_right_answers():
    passes("ch05.clv_gain", (NEW - OLD) / OLD)
    passes("ch05.clv_gain", 300 * 0.65 / (1 + 0.10 - 0.65) / (300 * 0.60 / (1 + 0.10 - 0.60)) - 1)
    passes("ch05.clv_gain", round((NEW - OLD) / OLD, 3))  # 0.204, the stated precision
    passes("ch05.clv_gain", np.float64(0.2037))


def test_clv_gain_wrong_answers():
    gain = (NEW - OLD) / OLD
    fails_with("ch05.clv_gain", NEW - OLD, "gain in CNY")
    fails_with("ch05.clv_gain", gain * 100, "percentage")
    fails_with("ch05.clv_gain", round(gain * 100, 1), "percentage")
    no_discount = (300 * 0.65 / 0.35 - 300 * 0.6 / 0.4) / (300 * 0.6 / 0.4)
    fails_with("ch05.clv_gain", no_discount, "leaves out the discount rate")
    fails_with("ch05.clv_gain", (NEW - OLD) / NEW, "divided by the new CLV")
    fails_with("ch05.clv_gain", NEW / OLD, "new ÷ old")
    fails_with("ch05.clv_gain", (OLD - NEW) / OLD, "sign is reversed")
    fails_with("ch05.clv_gain", (0.65 - 0.60) / 0.60, "retention rate itself")
    fails_with("ch05.clv_gain", (300 / 0.45 - 300 / 0.5) / (300 / 0.5), "multiplied by the retention")
    per_cent = lambda r: 300 * r / (1 + 10 - r)  # noqa: E731  (discount written as 10)
    fails_with("ch05.clv_gain", (per_cent(0.65) - per_cent(0.6)) / per_cent(0.6), "went in as 10")
    rounded = (round(NEW) - round(OLD)) / round(OLD)  # CLVs rounded first
    message = fails_with("ch05.clv_gain", rounded, "close, but not right to 3 decimals")
    assert "round" in message and f"{gain:.3f}" not in message


# ------------------------------------------------------------------------- cdnow summary
def test_cdnow_summary_right_answers(cdnow, summary):
    passes("ch05.cdnow_summary", summary)
    passes("ch05.cdnow_summary", summary.reset_index())  # ids as a column
    passes("ch05.cdnow_summary", summary[summary.columns[::-1]])  # other column order
    passes(
        "ch05.cdnow_summary",
        clv.summarize(
            cdnow,
            customer="customer_id",
            date="date",
            amount="amount",
            calibration_end=pd.Timestamp("1997-09-30"),
        ),
    )


def test_cdnow_summary_wrong_answers(cdnow, summary):
    fails_with("ch05.cdnow_summary", _summarize(cdnow, unit="D"), "those are days")
    fails_with("ch05.cdnow_summary", _summarize(cdnow, unit="M"), "those are months")
    fails_with(
        "ch05.cdnow_summary", _summarize(cdnow, unit="D", calibration_end="1997-12-31"), "those are days"
    )
    whole = clv.summarize(cdnow, customer="customer_id", date="date", amount="amount")
    fails_with("ch05.cdnow_summary", whole, "pass `calibration_end`")
    fails_with(
        "ch05.cdnow_summary",
        _summarize(cdnow, calibration_end="1997-12-31"),
        "calibration period ends on 1997-09-30",
    )
    fails_with(
        "ch05.cdnow_summary",
        _summarize(cdnow, observation_end="1998-03-31"),
        "observation ends on 1998-06-30",
    )
    fails_with("ch05.cdnow_summary", _summarize(cdnow, amount=None), "pass `amount='amount'`")
    fails_with("ch05.cdnow_summary", _summarize(cdnow, amount="cds"), "counts CDs")
    fails_with("ch05.cdnow_summary", summary[summary["frequency"] > 0], "none dropped")
    fails_with("ch05.cdnow_summary", _summarize(cdnow, customer="master_id"), "`customer_id`s")
    by_orders = summary.assign(
        frequency=cdnow.groupby("customer_id")
        .apply(lambda g: (g["date"] <= "1997-09-30").sum() - 1, include_groups=False)
        .astype(float)
    )
    fails_with("ch05.cdnow_summary", by_orders, "same day count as one")
    fails_with("ch05.cdnow_summary", [1, 2], "should be a pandas DataFrame")


# ------------------------------------------------------------------------------ bgnbd_fit
def _fit(table):
    return clv.BetaGeo().fit(table["frequency"], table["recency"], table["T"])


def test_bgnbd_fit_right_answers(summary):
    passes("ch05.bgnbd_fit", _fit(summary))
    passes(
        "ch05.bgnbd_fit",
        clv.BetaGeo().fit(
            summary["frequency"].to_numpy(),
            summary["recency"].to_numpy(),
            summary["T"].to_numpy(),
            initial_params={"r": 1, "alpha": 1, "a": 1, "b": 1},
        ),
    )
    passes("ch05.bgnbd_fit", _fit(summary.reset_index()))


def test_bgnbd_fit_wrong_answers(cdnow, summary):
    fails_with("ch05.bgnbd_fit", clv.BetaGeo(), "not fitted yet")
    whole = clv.summarize(cdnow, customer="customer_id", date="date")
    fails_with("ch05.bgnbd_fit", _fit(whole), "calibration period only")
    fails_with("ch05.bgnbd_fit", _fit(_summarize(cdnow, unit="D")), "were in days")
    fails_with("ch05.bgnbd_fit", _fit(_summarize(cdnow, unit="M")), "were in months")
    fails_with("ch05.bgnbd_fit", _fit(summary[summary["frequency"] > 0]), "those without repeat purchases")
    fails_with("ch05.bgnbd_fit", summary, "a fitted clv.BetaGeo; you gave a DataFrame")


# ----------------------------------------------------------------------------- churn_label
def _lost_flags(orders, as_of, horizon_days):
    as_of = pd.Timestamp(as_of)
    end = as_of + pd.Timedelta(days=horizon_days)
    before = orders.loc[orders["order_date"] < as_of, "customer_id"].unique()
    in_window = orders.loc[(orders["order_date"] >= as_of) & (orders["order_date"] < end), "customer_id"]
    return pd.Series(~pd.Index(before).isin(in_window), index=before).sort_index()


def _rule(*, before="<", start=">=", end="<", days=None, unit="days", backward=False):
    """A lost_flags written with one typical slip."""
    ops = {
        "<": lambda a, b: a < b,
        "<=": lambda a, b: a <= b,
        ">": lambda a, b: a > b,
        ">=": lambda a, b: a >= b,
        None: lambda a, b: a == a,
    }

    def lost_flags(orders, as_of, horizon_days):
        as_of = pd.Timestamp(as_of)
        span = days if days is not None else horizon_days
        stop = as_of + (pd.Timedelta(days=span) if unit == "days" else pd.Timedelta(span))
        dates = orders["order_date"]
        earlier = orders[ops[before](dates, as_of)]
        if backward:
            since = (as_of - earlier.groupby("customer_id")["order_date"].max()).dt.days
            return since > horizon_days
        ids = earlier["customer_id"].unique()
        inside = orders.loc[ops[start](dates, as_of) & ops[end](dates, stop), "customer_id"]
        return pd.Series(~pd.Index(ids).isin(inside), index=ids)

    return lost_flags


def test_churn_label_right_answers():
    passes("ch05.churn_label", _lost_flags)
    passes("ch05.churn_label", lambda o, a, h: churn.churn_label(o, as_of=a, horizon_days=h))

    def by_groups(orders, as_of, horizon_days):  # groupby, 0/1 ints, other name
        end = as_of + pd.Timedelta(days=horizon_days)
        first = orders.groupby("customer_id")["order_date"].min()
        known = first[first < as_of].index
        window = orders[orders["order_date"].between(as_of, end, inclusive="left")]
        kept = set(window["customer_id"])
        return pd.Series([0 if c in kept else 1 for c in known], index=known, name="churned")

    passes("ch05.churn_label", by_groups)

    def as_table(orders, as_of, horizon_days):  # a two-column frame
        flags = _lost_flags(orders, as_of, horizon_days)
        return pd.DataFrame({"customer_id": flags.index, "lost": flags.to_numpy()})

    passes("ch05.churn_label", as_table)


def test_churn_label_wrong_answers(orders):
    fails_with("ch05.churn_label", _rule(end="<="), "end excluded")
    fails_with("ch05.churn_label", _rule(before="<="), "first order is on `as_of` itself")
    fails_with("ch05.churn_label", _rule(start=">"), "placed on `as_of` itself was not counted")
    fails_with("ch05.churn_label", _rule(end=None), "orders after the window's end")
    fails_with("ch05.churn_label", _rule(days=180), "use the `horizon_days` argument")
    fails_with("ch05.churn_label", _rule(unit="ns"), "nanoseconds")
    fails_with("ch05.churn_label", _rule(backward=True), "look back")

    def everyone(orders, as_of, horizon_days):
        flags = _lost_flags(orders, as_of, horizon_days)
        return flags.reindex(sorted(orders["customer_id"].unique()), fill_value=False)

    fails_with("ch05.churn_label", everyone, "first order comes after `as_of`")
    fails_with("ch05.churn_label", lambda o, a, h: ~_lost_flags(o, a, h), "wrong way round")

    def notebook_orders(table, as_of, horizon_days):  # reads the notebook's table
        return _lost_flags(orders, as_of, horizon_days)

    fails_with("ch05.churn_label", notebook_orders, "not the notebook's `orders`")
    fixed_day = lambda o, a, h: _lost_flags(o, "2024-07-01", h)  # noqa: E731
    fails_with("ch05.churn_label", fixed_day, "use the `as_of` argument")

    def per_order(orders, as_of, horizon_days):
        flags = _lost_flags(orders, as_of, horizon_days)
        known = orders[orders["customer_id"].isin(flags.index)]
        return known["customer_id"].map(flags).set_axis(known["customer_id"])

    fails_with("ch05.churn_label", per_order, "one label per customer")
    words = lambda o, a, h: _lost_flags(o, a, h).map({True: "lost", False: "kept"})  # noqa: E731
    fails_with("ch05.churn_label", words, "should be True (lost) or False")

    def by_position(orders, as_of, horizon_days):  # one row per order, no ids
        return orders["order_date"] < as_of

    fails_with("ch05.churn_label", by_position, "not indexed by customer_id")

    def wrong_column(orders, as_of, horizon_days):
        return orders.groupby("customer")["order_date"].max() < as_of  # KeyError: 'customer'

    fails_with("ch05.churn_label", wrong_column, "raised KeyError")

    def unfinished(orders, as_of, horizon_days): ...

    assert _status("ch05.churn_label", unfinished)[0] == "not attempted"


# ------------------------------------------------------------------------ value_targeting
def _pick(scored, n, save_rate=0.25, contact_cost=30.0):
    ev = churn.expected_value_saved(
        scored["p_lost"], scored["clv"], save_rate=save_rate, contact_cost=contact_cost
    )
    return list(pd.Series(ev, index=scored.index).nlargest(n).index)


def test_value_targeting_right_answers():
    passes("ch05.value_targeting", _pick)

    def by_hand(scored, n, save_rate=0.25, contact_cost=30.0):
        ev = scored["p_lost"] * save_rate * scored["clv"] - contact_cost
        return ev.sort_values(ascending=False).head(n).index  # an Index, not a list

    passes("ch05.value_targeting", by_hand)

    def at_stake(scored, n, save_rate=0.25, contact_cost=30.0):  # same order without constants
        order = np.argsort(-(scored["p_lost"] * scored["clv"]).to_numpy(), kind="stable")
        return [scored.index[i] for i in order[:n]]

    passes("ch05.value_targeting", at_stake)


def test_value_targeting_wrong_answers():
    fails_with(
        "ch05.value_targeting",
        lambda scored, n: list(scored["p_lost"].nlargest(n).index),
        "likeliest to leave",
    )
    fails_with(
        "ch05.value_targeting", lambda scored, n: list(scored["clv"].nlargest(n).index), "most valuable"
    )
    staying = lambda s, n: list(((1 - s["p_lost"]) * s["clv"]).nlargest(n).index)  # noqa: E731
    fails_with("ch05.value_targeting", staying, "chance of *staying*")
    ascending = lambda s, n: list((s["p_lost"] * 0.25 * s["clv"] - 30).sort_values().head(n).index)  # noqa: E731
    fails_with("ch05.value_targeting", ascending, "*lowest*")
    cost_weighted = lambda s, n: list((s["p_lost"] * (0.25 * s["clv"] - 30)).nlargest(n).index)  # noqa: E731
    fails_with("ch05.value_targeting", cost_weighted, "contact cost was multiplied by p_lost")
    fails_with("ch05.value_targeting", lambda scored, n: [0, 1, 2][:n] + list(range(3, n)), "customer ids")
    fixed = lambda s, n: _pick(s, 3)  # noqa: E731
    fails_with("ch05.value_targeting", fixed, "use the argument `n`")
    values = lambda s, n: (s["p_lost"] * 0.25 * s["clv"] - 30).nlargest(n)  # noqa: E731
    fails_with("ch05.value_targeting", values, "expected values themselves")
    rows = lambda s, n: s.loc[_pick(s, n)]  # noqa: E731
    fails_with("ch05.value_targeting", rows, "returned a table")


# ------------------------------------------------------------------------ break_even_lift
SETTINGS = dict(
    earn_rate=1.0, point_value=0.01, redemption_rate=0.6, margin=0.45, spend_lift=0.04, running_cost=15.0
)


def test_break_even_lift_right_answers(orders, spend_2024):
    right = loyalty.break_even_retention_lift(spend_2024, **SETTINGS)
    passes("ch05.break_even_lift", right)
    passes("ch05.break_even_lift", round(right, 3))
    in_2024 = orders[orders["order_date"].between("2024-01-01", "2024-12-31")]
    by_hand = in_2024.groupby("customer_id").agg(total=("amount", "sum"))["total"].to_numpy()
    passes(
        "ch05.break_even_lift",
        loyalty.break_even_retention_lift(by_hand, spend_lift=0.04, running_cost=15, redemption_rate=0.6),
    )  # defaults for the rest


def test_break_even_lift_wrong_answers(orders, spend_2024):
    be = loyalty.break_even_retention_lift
    right = be(spend_2024, **SETTINGS)
    fails_with("ch05.break_even_lift", right * 100, "percentage")
    fails_with(
        "ch05.break_even_lift",
        be(spend_2024, **(SETTINGS | {"redemption_rate": 0.7})),
        "default redemption rate 0.7",
    )
    fails_with(
        "ch05.break_even_lift",
        be(spend_2024, **(SETTINGS | {"redemption_rate": 0.4})),
        "redemption rate of 0.4",
    )
    fails_with(
        "ch05.break_even_lift", be(spend_2024, **(SETTINGS | {"spend_lift": 0.05})), "default spend lift 0.05"
    )
    fails_with(
        "ch05.break_even_lift", be(spend_2024, **(SETTINGS | {"running_cost": 0})), "running cost of ¥15"
    )
    fails_with(
        "ch05.break_even_lift", be(orders.groupby("customer_id")["amount"].sum(), **SETTINGS), "both years"
    )
    in_2023 = orders[orders["order_date"].dt.year == 2023]
    fails_with(
        "ch05.break_even_lift",
        be(in_2023.groupby("customer_id")["amount"].sum(), **SETTINGS),
        "spend of 2023",
    )
    per_order = orders.loc[orders["order_date"].dt.year == 2024, "amount"]
    fails_with("ch05.break_even_lift", be(per_order, **SETTINGS), "one amount per order")
    fails_with("ch05.break_even_lift", round(be(per_order, **SETTINGS), 3), "one amount per order")
    gross = orders[orders["order_date"].dt.year == 2024].groupby("customer_id")["gross_amount"].sum()
    fails_with("ch05.break_even_lift", be(gross, **SETTINGS), "`gross_amount`")
    fails_with("ch05.break_even_lift", "2%", "should be a number")
    message = fails_with("ch05.break_even_lift", right - 0.0012, "close, but not right")
    assert f"{right:.3f}" not in message


# -------------------------------------------------------------------------- referral_cost
REFERRAL = dict(
    share_referring=0.08,
    invites=4.0,
    accept_rate=0.25,
    first_order_rate=0.5,
    referrer_reward=200.0,
    newcomer_reward=200.0,
    vip_after=3,
    vip_cost=300.0,
    rounds=3,
)


def test_referral_cost_right_answers():
    right = loyalty.referral_programme(5000, pay_after_first_order=True, **REFERRAL)
    passes("ch05.referral_cost", right.cost_per_customer)
    passes("ch05.referral_cost", round(right.cost_per_customer))  # to the yuan
    passes("ch05.referral_cost", float(right.table["cost"].sum() / right.table["new_customers"].sum()))
    passes(
        "ch05.referral_cost",
        loyalty.referral_programme(
            5000,
            share_referring=0.08,
            invites=4,
            accept_rate=0.25,
            first_order_rate=0.5,
            vip_after=3,
            rounds=3,
        ).cost_per_customer,
    )  # defaults elsewhere


def test_referral_cost_wrong_answers():
    right = loyalty.referral_programme(5000, pay_after_first_order=True, **REFERRAL)
    upfront = loyalty.referral_programme(5000, pay_after_first_order=False, **REFERRAL)
    fails_with("ch05.referral_cost", upfront.cost_per_customer, "at sign-up")
    fails_with("ch05.referral_cost", right.cost / right.table["signups"].sum(), "divided by sign-ups")
    fails_with("ch05.referral_cost", right.cost, "total cost")
    fails_with(
        "ch05.referral_cost", right.table["reward_cost"].sum() / right.new_customers, "year-of-VIP bonus"
    )
    one_side = loyalty.referral_programme(5000, **(REFERRAL | {"newcomer_reward": 0}))
    fails_with("ch05.referral_cost", one_side.cost_per_customer, "only one side is rewarded")
    four = loyalty.referral_programme(5000, **(REFERRAL | {"vip_after": 4}))
    fails_with("ch05.referral_cost", four.cost_per_customer, "starts the VIP year at 4")
    three_invites = loyalty.referral_programme(5000, **(REFERRAL | {"invites": 3.0}))
    fails_with("ch05.referral_cost", three_invites.cost_per_customer, "default of 3 invitations")
    every = (right.table["reward_cost"].sum() + right.table["referrers"].sum() * 300) / right.new_customers
    fails_with("ch05.referral_cost", every, "every referrer the VIP year")
    fails_with("ch05.referral_cost", right.cost_per_customer + 1.2, "close, but not right")


# --------------------------------------------------------------------------- advisor_seats
@pytest.fixture(scope="module")
def accounts(orders, customers):
    return churn.advisor_accounts(orders, customers, observation_end="2024-12-31")


def _top(score, n=120):
    return list(score.nlargest(n).index)


def test_advisor_accounts_banked_beside_to_come(accounts, orders):
    assert list(accounts.columns) == [
        "membership_tier",
        "orders",
        "spend_to_date",
        "days_since_last_order",
        "p_alive",
        "clv_12m",
    ]
    assert len(accounts) == orders["customer_id"].nunique()
    assert accounts["spend_to_date"].sum() == pytest.approx(orders["amount"].sum())
    assert accounts["p_alive"].between(0, 1).all() and (accounts["clv_12m"] >= 0).all()


def test_advisor_seats_right_answers(accounts):
    live = accounts[accounts["p_alive"] >= 0.5]
    right = _top(live["clv_12m"])
    passes("ch05.advisor_seats", right)
    passes("ch05.advisor_seats", accounts["clv_12m"].nlargest(120).index)  # an Index
    passes("ch05.advisor_seats", _top(accounts["clv_12m"], 110))  # a few seats spare
    passes("ch05.advisor_seats", _top(accounts["clv_12m"] * accounts["p_alive"]))
    passes("ch05.advisor_seats", {c: "advisor 顾问" if c in right else "automation" for c in accounts.index})
    passes("ch05.advisor_seats", pd.Series(accounts.index.isin(right), index=accounts.index))
    passes("ch05.advisor_seats", accounts.loc[right])


def test_advisor_seats_typical_mistakes(accounts):
    live = accounts[accounts["p_alive"] >= 0.5]
    right = _top(live["clv_12m"])
    fails_with("ch05.advisor_seats", _top(accounts["spend_to_date"]), "already banked")
    fails_with("ch05.advisor_seats", _top(live["spend_to_date"]), "already banked")
    fails_with("ch05.advisor_seats", _top(accounts["orders"]), "by spend or by orders")
    fails_with("ch05.advisor_seats", _top(accounts["clv_12m"], 150), "over capacity")
    fails_with("ch05.advisor_seats", _top(accounts["clv_12m"], 60), "seats are used")
    fails_with(
        "ch05.advisor_seats",
        right[:119] + [accounts["p_alive"].idxmin()],
        "1 of your accounts has most likely stopped buying",
    )
    fails_with("ch05.advisor_seats", _top(accounts["p_alive"]), "single purchase")
    fails_with("ch05.advisor_seats", _top(-accounts["days_since_last_order"]), "most recent")
    platinum = list(accounts.index[accounts["membership_tier"] == "platinum"])
    fails_with("ch05.advisor_seats", platinum, "are platinum")
    fails_with("ch05.advisor_seats", list(range(120)), "row positions")
    fails_with("ch05.advisor_seats", right + right[:1], "more than once")
    fails_with("ch05.advisor_seats", "C00031", "list of customer ids")
    assert _status("ch05.advisor_seats", [...])[0] == "not attempted"


# ------------------------------------------------------------------------------ in Chinese


def test_in_chinese_unfilled_and_solution(chinese):
    status, message = _status("ch05.clv_gain", ...)
    assert status == "not attempted" and "尚未作答" in message
    message = passes("ch05.clv_gain", (NEW - OLD) / OLD)
    assert message == "✓ ch05.clv_gain — 留存率提高 5 个百分点带来的 CLV 增幅：正确。"


def test_in_chinese_wrong_answers_name_the_mistake(chinese):
    gain = (NEW - OLD) / OLD
    for answer, phrase in [
        (NEW - OLD, "以元计的增加额"),
        (gain * 100, "这看起来是百分数"),
        ((NEW - OLD) / NEW, "你除以的是新的 CLV"),
    ]:
        message = fails_with("ch05.clv_gain", answer, phrase)
        assert has_cjk(message.split(" — ", 1)[1]), message
    message = fails_with("ch05.churn_label", _rule(end="<="), "不含终点")
    assert "[as_of, as_of + horizon_days)" in message


def test_in_chinese_cached_slips_follow_the_language(chinese, spend_2024):
    """The slips of 5.6 are computed once per session: their messages are translated when shown."""
    from course_lib.language import set_language

    percent = loyalty.break_even_retention_lift(spend_2024, **SETTINGS) * 100
    fails_with("ch05.break_even_lift", percent, "2 个百分点写作 0.02")
    set_language("en")
    fails_with("ch05.break_even_lift", percent, "give the fraction (0.02 for 2 points)")


def test_in_chinese_hints(chinese, capsys):
    from course_lib.checks import hint

    hint("ch05.clv_gain", 1)
    shown = capsys.readouterr().out
    assert shown.startswith("ch05.clv_gain 的提示 1/2：把简单 CLV 计算两次") and has_cjk(shown)
    assert "hint('ch05.clv_gain', 2)" in shown
