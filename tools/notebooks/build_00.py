"""Write notebooks/00_welcome.ipynb (then run `crm-course build` and execute it)."""

from course_lib.notebook_tools import code, md, notes, write_notebook

cells = [
    md("# placeholder", slide="slide", tags=["header"]),
    md("""
Welcome to **Customer Relationship Maintenance** — a course you *work through* rather than
read. Each chapter pairs an idea from CRM practice with the data to test it on, so by the end
you can segment a customer base, read a service dashboard, price a loyalty programme and run
a CRM's daily work yourself.

欢迎来到「客户关系维护」实训课程。每一章都把一个客户关系管理的理念与可以验证它的数据放在一起:学完之后,
你能亲手细分客户、解读服务指标、测算会员计划,并像使用真实 CRM 一样完成日常工作。
""", slide="-"),
    notes("""
Open with the promise of the course: every claim we quote from practice, we test on data.
Ask the room who works in sales, service or marketing; the examples in chapters 2–5 map to
those roles. Keep this notebook to 15 minutes: its job is to make sure every laptop works.
"""),
    md("""
## What you will do here ｜ 本节内容
1. check that your environment works: libraries, data, widgets and Chinese fonts;
2. see how chapters, exercises and solutions fit together;
3. meet *Lumen 澜悦*, the fictional retailer whose customers you will study;
4. find your way around the course map and know where to get help.
""", slide="subslide"),
    md("""
## 1 · Is everything working? ｜ 环境自检
Run the cells below one by one (Shift + Enter). Each prints what it checked; if one fails,
the *Troubleshooting* section of the README says what to do.
""", slide="slide"),
    code("""
import platform

import ipywidgets
import matplotlib
import pandas as pd
import scipy
import seaborn
import sklearn

from course_lib import checks, data, glossary, plots
from course_lib.course import CHAPTERS
""", slide="skip"),
    md("The libraries the course uses, with the exact versions it was tested with:", slide="-"),
    code("""
versions = pd.Series({
    "python": ".".join(platform.python_version_tuple()[:2]),
    "pandas": pd.__version__,
    "scikit-learn": sklearn.__version__,
    "scipy": scipy.__version__,
    "seaborn": seaborn.__version__,
    "matplotlib": matplotlib.__version__,
    "ipywidgets": ipywidgets.__version__,
}, name="version")
versions.to_frame()
""", tags=["nbval-ignore-output"]),
    md("""
If these differ from the versions in `requirements.lock`, you are not running the course's
environment: restart JupyterLab with `make lab`. Next, the data — every table the chapters use,
with its size:
"""),
    code("""
tables = {
    "customers": data.load_customers(),
    "orders": data.load_orders(),
    "touchpoints": data.load_touchpoints(),
    "tickets": data.load_tickets(),
    "surveys": data.load_surveys(),
    "loyalty": data.load_loyalty(),
    "campaigns": data.load_campaigns(),
    "followups": data.load_followups(),
    "cdnow": data.load_cdnow(),
}
pd.DataFrame({name: {"rows": len(t), "columns": t.shape[1]} for name, t in tables.items()}).T
"""),
    md("""
Figures in this course carry labels in English and Chinese. If the title below shows empty
boxes instead of characters, see *Chinese characters show as empty boxes* in the README.
"""),
    code("""
plots.use_theme()
orders = tables["orders"]
monthly = orders.set_index("order_date")["amount"].resample("MS").sum() / 1e3
ax = monthly.plot(marker="o")
ax.set_title(plots.bilingual("Lumen's monthly revenue", "澜悦月度销售额"))
ax.set_xlabel(plots.bilingual("Month", "月份"))
ax.set_ylabel(plots.bilingual("Revenue (thousand CNY)", "销售额(千元)"));
"""),
    md("""
The peaks are the shopping festivals — 618 in June and Double 11 in November — and the dip is
Spring Festival. Finally, widgets: move the slider and the text should change at once.
"""),
    code("""
slider = ipywidgets.IntSlider(value=75, min=0, max=100, description="Health score")
label = ipywidgets.Label()

def show(change=None):
    flag = "needs attention 需要关注" if slider.value < 75 else "healthy 健康"
    label.value = f"A customer with score {slider.value} is {flag}."

slider.observe(show, names="value")
show()
ipywidgets.VBox([slider, label])
""", tags=["try-it", "nbval-ignore-output"]),
    md("""
**Takeaway ｜ 小结:** if all four checks printed sensible output, you are ready. The slider
used the course's *health score* rule — below 75 means a customer needs attention — which
chapter 1 builds from data.
""", slide="fragment"),
    md("""
## 2 · Chapters, exercises and solutions ｜ 章节、练习与答案
- **Chapters** (`notebooks/`) teach: short text, code on the course data, a figure, and what
  it means. Run them top to bottom; change the code and run again — you cannot break anything.
- **Exercises** (`exercises/`) are for you to solve. Do not work in that folder: run
  `crm-course start 2` in a terminal (or the cell below) to get your *own* copy of chapter 2's
  exercise in `work/`. Course updates never touch `work/`.
- **Solutions** (`solutions/`) hold the worked answers. Try first; every task also offers
  hints in steps.

Each exercise task ends with a check cell. It prints `✓` when your answer is right and `✗`
with a specific hint when it is not — for example, this is what an untouched task says:
""", slide="slide"),
    code("""
status, message = checks.evaluate("ch00.order_count", ...)
print(message)
"""),
    md("""
Stuck? Ask for a hint, then a more specific one, and finally the worked solution:
""", slide="fragment"),
    code("""
checks.hint("ch00.order_count")
checks.hint("ch00.order_count", 2)
"""),
    notes("""
Demonstrate `crm-course start 0` live in a terminal: show that running it twice does not
overwrite an edited copy. Trainees lose work most often by editing files in `exercises/`.
"""),
    md("""
## 3 · Meet Lumen 澜悦 ｜ 认识澜悦
Lumen is a fictional fashion and lifestyle retailer that sells through stores, an app, a
WeChat mini-program and a website in cities of every tier. Its growth has stalled: it wins
customers but does not keep them. You will diagnose why, chapter by chapter. Here are a few of
its customers:
""", slide="slide"),
    code("""
customers = tables["customers"]
customers[["customer_id", "city", "city_tier", "signup_channel", "membership_tier"]].head()
"""),
    md("""
And how they are spread over city tiers and membership tiers (share of customers):
"""),
    code("""
pd.crosstab(customers["city_tier"], customers["membership_tier"], normalize=True).round(3)
"""),
    md("""
The data dictionary, [datasets/README.md](../datasets/README.md), describes every table and
column with its Chinese name. Terms the course uses are in the
[glossary](../docs/glossary.md) — for example:
"""),
    code("""
pd.DataFrame([(t.english, t.chinese) for t in glossary.TERMS[:6]], columns=["English", "中文"])
"""),
    md("## 4 · Course map ｜ 课程地图", slide="slide"),
    code("""
from IPython.display import Markdown

rows = [f"| {ch.number} | [{ch.title}]({ch.notebook}) | {ch.title_zh} | {ch.minutes} + {ch.exercise_minutes} min |"
        for ch in CHAPTERS]
Markdown("| # | Chapter | 章节 | Time 时长 |\\n|---|---|---|---|\\n" + "\\n".join(rows))
"""),
    md("""
Your progress so far (it fills in as you run exercise checks; kept in `work/progress.json`
on your machine):
"""),
    code("""
from course_lib.cli import progress_table

progress_table()
""", tags=["nbval-ignore-output"]),
    md("""
## 5 · Getting help ｜ 获取帮助
- In a notebook: `hint("task id")` for a hint, `solution("task id")` for the worked answer;
  `help(function)` or Shift + Tab for any function's documentation.
- The README's *Troubleshooting* section covers the kernel, ports, fonts and widgets.
- Terms: [docs/glossary.md](../docs/glossary.md); where figures come from:
  [docs/sources.md](../docs/sources.md).
- In a class, ask your instructor — they have the [instructor guide](../docs/instructor_guide.md).

Your first exercise is a warm-up on the course data:
[../exercises/ch00_warmup.ipynb](../exercises/ch00_warmup.ipynb) — or get your own copy with
`crm-course start 0`. Then continue with chapter 1, which asks why keeping customers pays.
""", slide="slide"),
    md("# placeholder", tags=["footer"]),
]

write_notebook("notebooks/00_welcome.ipynb", cells)
