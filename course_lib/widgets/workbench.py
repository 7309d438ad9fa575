"""Widgets of chapter 7: the CRM workbench's screens (presentation layer).

- :func:`customer_lookup` — the customer-360 screen: search by id, name or phone;
- :func:`followup_form` — log a follow-up (回访) that is written through the record store;
- :func:`rules_editor` — edit a rule set as YAML, evaluate it on a day, price the contacts.

Each first shows its default state as ordinary tables (what a stored notebook, GitHub and
the slides show), then adds controls that redraw below it when a kernel runs. The work is
done by :mod:`course_lib.workbench`.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..plots import localized
from ._live import STYLE, choices, live_figure

#: Chinese names of the follow-up outcomes (course_lib.workbench.OUTCOMES).
_OUTCOME_ZH = {
    "reached": "已联系上",
    "no_answer": "未接通",
    "resolved": "已解决",
    "escalated": "已升级",
    "declined": "已拒绝",
    "callback_requested": "要求回电",
}

if TYPE_CHECKING:
    import pandas as pd

    from ..workbench import Customer360, RecordStore, Rule

__all__ = ["show_360", "customer_lookup", "followup_form", "rules_editor"]

_WIDE = {"width": "32em"}


def show_360(view: Customer360, *, rows: int = 5) -> None:
    """Display a :class:`~course_lib.workbench.Customer360` as a CRM screen of tables.

    Parameters
    ----------
    view : course_lib.workbench.Customer360
        What :func:`course_lib.workbench.customer_360` returned.
    rows : int
        Rows shown of each long section (health trend, orders, tickets, follow-ups).

    Returns
    -------
    None
        The headline summary and one table per section are displayed.

    Examples
    --------
    >>> from course_lib import workbench
    >>> from course_lib.widgets.workbench import show_360
    >>> show_360(workbench.customer_360("C00042"), rows=3)          # doctest: +SKIP
    """
    from IPython.display import Markdown, display

    day = view.as_of.date()
    display(
        Markdown(
            localized(
                f"**Customer 360 客户360视图 · {view.customer_id} · as of {day}**",
                f"**客户360视图 · {view.customer_id} · 截至 {day}**",
            )
        )
    )
    display(view.summary())
    parts = [
        (
            localized("Health score, last weeks 健康分趋势", "健康分趋势(最近几周)"),
            view.health[["week", "health_score", "below_threshold"]].tail(rows),
        ),
        (localized("Orders 订单", "订单"), view.orders.head(rows)),
        (localized("Service tickets 服务工单", "服务工单"), view.tickets.drop(columns=["text"]).head(rows)),
        (localized("Follow-ups 回访记录", "回访记录"), view.followups.head(rows)),
    ]
    for title, frame in parts:
        display(Markdown(localized(f"*{title}* ({len(frame)} shown)", f"*{title}*(显示 {len(frame)} 条)")))
        display(frame)


def customer_lookup(
    query: str = "C00042", *, as_of: str | pd.Timestamp | None = None, store: RecordStore | None = None
) -> None:
    """Look customers up as in a CRM: the 360 view of ``query`` first, then a search box.

    A search that matches several customers (a common pseudonymised name) lists them, so
    the next search can use the id.

    Parameters
    ----------
    query : str, default "C00042"
        A customer id, pseudonymised name or masked phone to show first.
    as_of : str or pandas.Timestamp, optional
        The day of the view (default the course's today).
    store : course_lib.workbench.RecordStore, optional
        Where the trainee's records are kept (default the workspace store).

    Returns
    -------
    None
        The 360 view, the search box and its button are displayed.

    Examples
    --------
    >>> from course_lib.widgets import workbench as ww
    >>> ww.customer_lookup("C00042")                                  # doctest: +SKIP
    """
    import ipywidgets as w

    from ..validation import CourseDataError
    from ..workbench import customer_360
    from ..workbench.view import models_ready

    def draw(text):
        try:
            if not models_ready(as_of):
                print(
                    localized(
                        "⏳ First look-up of this day: fitting the churn and CLV models on every "
                        "customer (a few seconds, once per day) … 正在拟合当日模型",
                        "⏳ 当日首次查询:正在为全部客户拟合流失与CLV模型(每天一次,需几秒钟)…",
                    )
                )
            show_360(customer_360(text, as_of=as_of, store=store))
        except CourseDataError as error:
            print(f"✗ {error}")

    draw(query)
    box = w.Text(
        value=query,
        description=localized("Id, name or phone 编号/姓名/电话", "编号/姓名/电话"),
        style=STYLE,
        layout=_WIDE,
    )
    button = w.Button(description=localized("Look up 查询", "查询"), button_style="primary")
    live_figure(
        {"query": box}, lambda values: draw(values["query"]), button=button, layout=w.HBox([box, button])
    )


def followup_form(customer_id: str, *, store: RecordStore, date: str | pd.Timestamp | None = None) -> None:
    """A follow-up form for one customer that writes through ``store``.

    Shows the customer's follow-ups, then channel (only those the customer consented to,
    plus in store), outcome, note and next date; *Save* writes the record, or prints why it
    was refused, and shows the follow-ups again.

    Parameters
    ----------
    customer_id : str
        The customer (an id, pseudonymised name or masked phone naming one customer).
    store : course_lib.workbench.RecordStore
        Where the follow-up is written.
    date : str or pandas.Timestamp, optional
        The follow-up's date (default today).

    Returns
    -------
    None
        The follow-ups table and the form are displayed.

    Examples
    --------
    >>> from course_lib import workbench
    >>> from course_lib.widgets import workbench as ww
    >>> ww.followup_form("C00042", store=workbench.default_store())  # doctest: +SKIP
    """
    import ipywidgets as w
    from IPython.display import display

    from ..plots.journey import CHANNEL_NAMES_ZH
    from ..validation import CourseDataError
    from ..workbench import OUTCOMES, customer_360

    def draw():
        view = customer_360(customer_id, store=store)
        display(view.followups.head(8))
        return view

    view = draw()
    allowed = [c for c, ok in zip(view.consent["channel"], view.consent["consented"]) if ok]
    channel = w.Dropdown(
        options=choices(allowed, CHANNEL_NAMES_ZH),
        value=allowed[0],
        description=localized("Channel 渠道", "渠道"),
        style=STYLE,
    )
    outcome = w.Dropdown(
        options=choices(OUTCOMES, _OUTCOME_ZH), description=localized("Outcome 结果", "结果"), style=STYLE
    )
    note = w.Textarea(
        placeholder=localized("What was said or agreed 沟通内容与约定", "沟通内容与约定"),
        description=localized("Note 备注", "备注"),
        style=STYLE,
        layout=_WIDE,
    )
    next_date = w.DatePicker(description=localized("Next contact 下次回访", "下次回访"), style=STYLE)
    save = w.Button(description=localized("Save 保存", "保存"), button_style="success")

    def submit(values):
        try:
            record = store.log_followup(view.customer_id, date=date, **values)
        except CourseDataError as error:
            print(localized(f"✗ not saved: {error}", f"✗ 未保存:{error}"))
            return
        print(localized(f"✓ saved as record {record}", f"✓ 已保存,记录编号 {record}"))
        note.value = ""
        draw()

    live_figure(
        {"channel": channel, "outcome": outcome, "note": note, "next_date": next_date},
        submit,
        button=save,
        layout=w.VBox([w.HBox([channel, outcome]), note, w.HBox([next_date, save])]),
    )


def rules_editor(
    rules: Sequence[dict | Rule] | str | Path, *, day: str | pd.Timestamp, rows: int = 5
) -> None:
    """Edit a rule set as YAML and evaluate it on a day: contacts per rule, examples, cost.

    Shows the rule table, the contacts per rule and the estimated impact for ``rules`` on
    ``day`` first; then a text area with the rules as YAML, a day and an *Evaluate* button.
    Validation messages name the rule and the field.

    Parameters
    ----------
    rules : list of dict or Rule, or path
        The rule set to start from, or a YAML/JSON rule file
        (see :mod:`course_lib.workbench.rules`).
    day : str or pandas.Timestamp
        The day the rules run (the editor's date picker starts there).
    rows : int, default 5
        Example contacts shown.

    Returns
    -------
    None
        The rule table, the contacts, the impact estimate and the editor are displayed.

    Examples
    --------
    >>> from course_lib.widgets import workbench as ww
    >>> ww.rules_editor("datasets/rules/dormancy_wakeup.yaml", day="2024-10-15")  # doctest: +SKIP
    """
    import ipywidgets as w
    import pandas as pd
    import yaml
    from IPython.display import Markdown, display

    from ..validation import CourseDataError
    from ..workbench import estimate_impact, evaluate_rules, rule_table, validate_rules

    def draw(rule_set, when):
        display(rule_table(rule_set))
        contacts = evaluate_rules(rule_set, day=when)
        on = pd.Timestamp(when).date()
        display(
            Markdown(
                localized(f"*{len(contacts):,} contacts on {on}*", f"*{on} 共触达 {len(contacts):,} 人次*")
            )
        )
        if len(contacts):
            display(contacts.head(rows))
            display(estimate_impact(contacts).drop(columns="basis"))

    parsed = validate_rules(rules)
    draw(parsed, day)
    text = w.Textarea(
        value=yaml.safe_dump({"rules": [r.as_dict() for r in parsed]}, allow_unicode=True, sort_keys=False),
        layout={"width": "48em", "height": "18em"},
    )
    when = w.DatePicker(
        value=pd.Timestamp(day).date(), description=localized("Day 日期", "日期"), style=STYLE
    )
    run = w.Button(description=localized("Evaluate 运行规则", "运行规则"), button_style="primary")

    def redraw(values: dict[str, Any]) -> None:
        try:
            content = yaml.safe_load(values["text"])
            content = content.get("rules", content) if isinstance(content, dict) else content
            draw(validate_rules(content), values["day"])
        except (CourseDataError, yaml.YAMLError, TypeError) as error:
            print(f"✗ {error}")

    live_figure({"text": text, "day": when}, redraw, button=run, layout=w.VBox([text, w.HBox([when, run])]))
