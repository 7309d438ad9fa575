"""Widgets of chapter 7: the CRM workbench's screens (presentation layer).

- :func:`customer_lookup` — the customer-360 screen: search by id, name or phone;
- :func:`followup_form` — log a follow-up (回访) that is written through the record store;
- :func:`rules_editor` — edit a rule set as YAML, evaluate it on a day, price the contacts.

Each first shows its default state as ordinary tables (what a stored notebook, GitHub and
the slides show), then adds controls that redraw below it when a kernel runs. The work is
done by :mod:`course_lib.workbench`.
"""

from __future__ import annotations

__all__ = ["show_360", "customer_lookup", "followup_form", "rules_editor"]

_STYLE = {"description_width": "initial"}
_WIDE = {"width": "32em"}


def show_360(view, *, rows: int = 5) -> None:
    """Display a :class:`~course_lib.workbench.Customer360` as a CRM screen of tables."""
    from IPython.display import Markdown, display

    display(Markdown(f"**Customer 360 客户360视图 · {view.customer_id} · as of {view.as_of.date()}**"))
    display(view.summary())
    parts = [("Health score, last weeks 健康分趋势", view.health[["week", "health_score", "below_threshold"]].tail(rows)),
             ("Orders 订单", view.orders.head(rows)),
             ("Service tickets 服务工单", view.tickets.drop(columns=["text"]).head(rows)),
             ("Follow-ups 回访记录", view.followups.head(rows))]
    for title, frame in parts:
        display(Markdown(f"*{title}* ({len(frame)} shown)"))
        display(frame)


def customer_lookup(query: str = "C00042", *, as_of=None, store=None) -> None:
    """Look customers up as in a CRM: the 360 view of ``query`` first, then a search box.

    A search that matches several customers (a common pseudonymised name) lists them, so
    the next search can use the id.
    """
    import ipywidgets as w
    from IPython.display import display

    from ..validation import CourseDataError
    from ..workbench import customer_360
    from ..workbench.view import models_ready

    def draw(text):
        try:
            if not models_ready(as_of):
                print("⏳ First look-up of this day: fitting the churn and CLV models on every "
                      "customer (a few seconds, once per day) … 正在拟合当日模型")
            show_360(customer_360(text, as_of=as_of, store=store))
        except CourseDataError as error:
            print(f"✗ {error}")

    draw(query)
    box = w.Text(value=query, description="Id, name or phone 编号/姓名/电话", style=_STYLE, layout=_WIDE)
    button = w.Button(description="Look up 查询", button_style="primary")
    out = w.Output()

    def update(_=None):
        with out:
            out.clear_output(wait=True)
            draw(box.value)

    button.on_click(update)
    display(w.VBox([w.HBox([box, button]), out]))


def followup_form(customer_id: str, *, store, date=None) -> None:
    """A follow-up form for one customer that writes through ``store``.

    Shows the customer's follow-ups, then channel (only those the customer consented to,
    plus in store), outcome, note and next date; *Save* writes the record, or prints why it
    was refused, and shows the follow-ups again.
    """
    import ipywidgets as w
    from IPython.display import display

    from ..validation import CourseDataError
    from ..workbench import OUTCOMES, customer_360

    def draw():
        view = customer_360(customer_id, store=store)
        display(view.followups.head(8))
        return view

    view = draw()
    allowed = [c for c, ok in zip(view.consent["channel"], view.consent["consented"]) if ok]
    channel = w.Dropdown(options=allowed, value=allowed[0], description="Channel 渠道", style=_STYLE)
    outcome = w.Dropdown(options=list(OUTCOMES), description="Outcome 结果", style=_STYLE)
    note = w.Textarea(placeholder="What was said or agreed 沟通内容与约定", description="Note 备注",
                      style=_STYLE, layout=_WIDE)
    next_date = w.DatePicker(description="Next contact 下次回访", style=_STYLE)
    save = w.Button(description="Save 保存", button_style="success")
    out = w.Output()

    def submit(_=None):
        with out:
            out.clear_output(wait=True)
            try:
                record = store.log_followup(view.customer_id, channel=channel.value, outcome=outcome.value,
                                            note=note.value, date=date, next_date=next_date.value)
            except CourseDataError as error:
                print(f"✗ not saved: {error}")
                return
            print(f"✓ saved as record {record}")
            note.value = ""
            draw()

    save.on_click(submit)
    display(w.VBox([w.HBox([channel, outcome]), note, w.HBox([next_date, save]), out]))


def rules_editor(rules, *, day, rows: int = 5) -> None:
    """Edit a rule set as YAML and evaluate it on a day: contacts per rule, examples, cost.

    Shows the rule table, the contacts per rule and the estimated impact for ``rules`` on
    ``day`` first; then a text area with the rules as YAML, a day and an *Evaluate* button.
    Validation messages name the rule and the field.
    """
    import ipywidgets as w
    import pandas as pd
    import yaml
    from IPython.display import Markdown, display

    from ..validation import CourseDataError
    from ..workbench import estimate_impact, evaluate_rules, rule_table, validate_rules
    from ..workbench.rules import _as_dict

    def draw(rule_set, when):
        display(rule_table(rule_set))
        contacts = evaluate_rules(rule_set, day=when)
        display(Markdown(f"*{len(contacts):,} contacts on {pd.Timestamp(when).date()}*"))
        if len(contacts):
            display(contacts.head(rows))
            display(estimate_impact(contacts).drop(columns="basis"))

    parsed = validate_rules(rules)
    draw(parsed, day)
    text = w.Textarea(value=yaml.safe_dump({"rules": [_as_dict(r) for r in parsed]}, allow_unicode=True,
                                           sort_keys=False),
                      layout={"width": "48em", "height": "18em"})
    when = w.DatePicker(value=pd.Timestamp(day).date(), description="Day 日期", style=_STYLE)
    run = w.Button(description="Evaluate 运行规则", button_style="primary")
    out = w.Output()

    def update(_=None):
        with out:
            out.clear_output(wait=True)
            try:
                content = yaml.safe_load(text.value)
                content = content.get("rules", content) if isinstance(content, dict) else content
                draw(validate_rules(content), when.value)
            except (CourseDataError, yaml.YAMLError, TypeError) as error:
                print(f"✗ {error}")

    run.on_click(update)
    display(w.VBox([text, w.HBox([when, run]), out]))
