"""The course's figures in Chinese: every public plot function draws with Chinese labels and
no missing glyph when the course's language is Chinese; English labels stay as they were."""

import re
import warnings

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402

from course_lib import (  # noqa: E402
    churn,
    experiments,
    journey,
    loyalty,
    metrics,
    plots,
    privacy,
    recommend,
    rfm,
    selection,
    service,
    simulation,
    tiers,
)
from course_lib.language import set_language  # noqa: E402

#: English words a Chinese label may keep: names, abbreviations and symbols of the course.
PROPER = {
    "RFM",
    "NPS",
    "CLV",
    "CSAT",
    "Lumen",
    "CRM",
    "ROC",
    "AUC",
    "Erlang",
    "BG/NBD",
    "Kaplan-Meier",
    "App",
}
_CJK = re.compile(r"[\u4e00-\u9fff]")
_WORD = re.compile(r"[A-Za-z][A-Za-z/@-]{3,}")


@pytest.fixture(scope="module")
def drawn():
    """Every figure drawn once with the course in Chinese: name → what the function returned."""
    set_language("zh")
    try:
        with warnings.catch_warnings():
            warnings.filterwarnings("ignore", message="More than 20 figures have been opened")
            figures = dict(_figures())
    finally:
        set_language(None)
    yield figures
    plt.close("all")


def _first_axes(result):
    return result.flat[0] if isinstance(result, np.ndarray) else result


def _touchpoints(n=120, seed=5):
    rng = np.random.default_rng(seed)
    rows = []
    for j in range(n):
        depth = int(rng.integers(2, 9))
        start = pd.Timestamp("2024-01-01") + pd.Timedelta(days=int(rng.integers(0, 180)))
        for k in range(depth):
            stage = journey.STAGES[k]
            rating = rng.integers(1, 4) if stage == "consultation" else rng.integers(3, 6)
            channel = rng.choice(["social", "sms", "store"])
            rows.append(
                (
                    f"J{j}",
                    f"C{j % 40}",
                    start + pd.Timedelta(hours=k),
                    stage,
                    channel,
                    float(rating),
                    depth >= 7,
                )
            )
    columns = ["journey_id", "customer_id", "timestamp", "stage", "channel", "satisfaction", "converted"]
    return pd.DataFrame(rows, columns=columns)


def _orders(n_customers=60, seed=3):
    rng = np.random.default_rng(seed)
    rows = []
    for c in range(n_customers):
        for _ in range(int(rng.integers(1, 7))):
            day = pd.Timestamp("2023-01-01") + pd.Timedelta(days=int(rng.integers(0, 700)))
            rows.append((f"C{c:03d}", day, float(rng.gamma(2, 150)), rng.choice(["shoes", "beauty", "home"])))
    return pd.DataFrame(rows, columns=["customer_id", "order_date", "amount", "category"])


def _figures():
    """(name, Axes) for one call of every public plot function on small data."""
    orders = _orders()
    table = rfm.rfm_table(orders)
    scores = rfm.rfm_scores(table)
    summary = pd.DataFrame(
        {"share": [0.3, 0.7], "revenue_share": [0.6, 0.4], "name_zh": ["忠诚", "一般"]},
        index=["Loyal", "Other"],
    )
    k_table = pd.DataFrame({"inertia": [30.0, 18.0, 12.0], "silhouette": [0.4, 0.5, 0.45]}, index=[2, 3, 4])
    labels = pd.Series(np.arange(len(table)) % 3, index=table.index)
    tier = pd.DataFrame(
        [[0.8, 0.2], [0.1, 0.9]], index=list(tiers.TIERS.index[:2]), columns=list(tiers.TIERS.index[:2])
    )
    yield "insight.pareto", plots.insight.pareto(table["monetary"], mark=(0.12, 0.18))
    yield "insight.rfm_grid", plots.insight.rfm_grid(scores)
    yield "insight.share_bars", plots.insight.share_bars(summary, title="RFM segments", title_zh="RFM分群")
    yield "insight.choose_k", plots.insight.choose_k(k_table)
    yield "insight.cluster_scatter", plots.insight.cluster_scatter(table, labels)
    retention = pd.DataFrame(
        [[1.0, 0.4, 0.3], [1.0, 0.5, np.nan]], index=["2024-01", "2024-02"], columns=[0, 1, 2]
    )
    yield "insight.cohort_heatmap", plots.insight.cohort_heatmap(retention, months=2)
    yield "insight.migration_heatmap", plots.insight.migration_heatmap(tier)
    yield (
        "classroom.progress_heatmap",
        plots.classroom.progress_heatmap(
            pd.DataFrame({"ch00": [1.0, 0.5], "ch02": [1 / 3, np.nan]}, index=["amy", "陈静"])
        ),
    )

    before = metrics.cohort_economics(margin=300, retention=0.6, acquisition_cost=350)
    after = metrics.cohort_economics(margin=300, retention=0.65, acquisition_cost=350)
    grid = metrics.uplift_grid(retentions=[0.4, 0.6], margins=[200, 300], acquisition_cost=350)
    costs = pd.DataFrame(
        {"marketing_per_customer": [177.0, 27.0], "per_order": [204.0, 43.0]}, index=["acquire", "retain"]
    )
    bands = pd.DataFrame({"customers": [10, 20], "churn_rate": [0.5, 0.2]}, index=["[0, 75)", "[75, 100]"])
    yield "importance.cohort_profit", plots.importance.cohort_profit(before, after)
    yield "importance.uplift_heatmap", plots.importance.uplift_heatmap(grid)
    yield "importance.cost_comparison", plots.importance.cost_comparison(costs)
    yield "importance.health_distribution", plots.importance.health_distribution([40, 80, 90])
    yield "importance.churn_by_band", plots.importance.churn_by_band(bands)
    yield (
        "importance.component_auc",
        plots.importance.component_auc(pd.Series({"health_score": 0.7, "recency": 0.66})),
    )

    touchpoints = _touchpoints()
    thermo = journey.thermometer(touchpoints)
    journeys = journey.build_journeys(touchpoints)
    yield (
        "journey.journey_map",
        plots.journey.journey_map(journey.journey_map(touchpoints), problems=["consultation"]),
    )
    yield "journey.thermometer_heatmap", plots.journey.thermometer_heatmap(thermo)
    yield "journey.control_chart", plots.journey.control_chart(thermo, "consultation")
    yield (
        "journey.attribution_bars",
        plots.journey.attribution_bars(journey.attribution_table(journeys["path"], journeys["converted"])),
    )
    yield "journey.ab_test", plots.journey.ab_test(experiments.two_proportion_test(30, 500, 45, 500))
    yield (
        "journey.response_rates",
        plots.journey.response_rates(
            journey.followup_response(
                pd.DataFrame({"channel": ["sms", "phone"] * 20, "responded": [True, False, True, True] * 10})
            )
        ),
    )
    signals = pd.DataFrame(
        {
            "coverage": [0.2, 0.4],
            "precision": [0.5, 0.3],
            "flagged": [40, 80],
            "expects": ["purchase", "lapse"],
            "base_rate": [0.1, 0.2],
        },
        index=["product_search", "detractor"],
    )
    yield "journey.signal_scores", plots.journey.signal_scores(signals)

    opened = pd.to_datetime(["2024-03-01 09:00"] * 4)
    tickets = pd.DataFrame(
        {
            "opened_at": opened,
            "channel": ["phone", "email", "phone", "app"],
            "first_response_at": opened + pd.to_timedelta([0.3, 3, 0.8, 2], unit="h"),
            "resolved_at": opened + pd.to_timedelta([5, 30, 12, 20], unit="h"),
            "csat": [5, 2, 4, 3],
            "category": ["delivery_delay", "refund", "delivery_delay", "wrong_size"],
        }
    )
    surveys = pd.DataFrame(
        {
            "nps": [10, 9, 3, 8, 6, 10],
            "tier": ["member", "gold"] * 3,
            "survey_date": pd.to_datetime(["2024-01-05", "2024-04-01", "2024-07-02"] * 2),
        }
    )
    drivers = pd.DataFrame(
        {"effect": [-1.2, 0.1], "low": [-1.5, -0.2], "high": [-0.9, 0.4]}, index=["late_answer", "tier=gold"]
    )
    ratio = pd.Series(
        {"on_time_churn": 0.2, "late_churn": 0.4, "on_time_cases": 10, "late_cases": 8, "ratio": 2.0}
    )
    loop = pd.DataFrame(
        {
            "stage": ["prevent 预防", "respond 响应"],
            "complaints_avoided": [30.0, 0.0],
            "late_answers_avoided": [0.0, 50.0],
        },
        index=["follow-up 交付前回访", "answer within 1 h 1小时响应"],
    )
    confusion = pd.DataFrame(
        [[3, 1], [0, 4]], index=["negative", "positive"], columns=["negative", "positive"]
    )
    yield "service.response_times", plots.service.response_times(service.ticket_times(tickets))
    yield "service.promises_kept", plots.service.promises_kept(service.sla_table(tickets, by="channel"))
    yield "service.churn_after_answer", plots.service.churn_after_answer(ratio)
    yield (
        "service.nps_over_time",
        plots.service.nps_over_time(service.nps_table(surveys, freq="QE", n_boot=100)),
    )
    yield "service.nps_mix", plots.service.nps_mix(service.nps_table(surveys, by="tier", n_boot=100))
    yield "service.nps_drivers", plots.service.nps_drivers(drivers)
    yield "service.pareto", plots.service.pareto(service.pareto_table(tickets))
    yield "service.service_loop", plots.service.service_loop(loop)
    yield "service.confusion", plots.service.confusion(confusion)
    yield (
        "service.staffing_curve",
        plots.service.staffing_curve(service.staffing_table(120, 6, range(12, 18)), goal=0.8),
    )

    rng = np.random.default_rng(2)
    lost = rng.random(200) < 0.3
    probability = np.clip(lost * 0.3 + rng.random(200) * 0.7, 0, 1)
    value = rng.gamma(2, 300, 200)
    summary = pd.DataFrame({"frequency": [0, 1, 2, 3, 8], "frequency_holdout": [0, 1, 1, 2, 5]})
    durations = rng.integers(30, 700, 60)
    tier_of = np.array(["member", "gold"] * 30)
    yield "value.simple_clv_curve", plots.value.simple_clv_curve(300.0, discount_rate=0.1, mark=[0.6, 0.65])
    yield "value.holdout_check", plots.value.holdout_check(summary, [0.2, 0.9, 1.3, 2.1, 4.8])
    yield "value.p_alive_history", plots.value.p_alive_history([0, 10, 20, 30], [1.0, 0.8, 0.95, 0.6], [20])
    yield "value.clv_distribution", plots.value.clv_distribution(value, top=0.18)
    yield "value.roc_curve", plots.value.roc_curve(lost, probability)
    yield "value.calibration", plots.value.calibration(churn.calibration_table(lost, probability, bins=5))
    yield "value.targeting_gains", plots.value.targeting_gains(probability, value, lost)
    yield (
        "value.survival_curves",
        plots.value.survival_curves(
            churn.kaplan_meier(durations, rng.random(60) < 0.5, tier_of), p_value=0.03
        ),
    )
    yield "value.programme_waterfall", plots.value.programme_waterfall(loyalty.points_programme(value * 10))
    yield "value.referral_rounds", plots.value.referral_rounds(loyalty.referral_programme(5000, rounds=3))
    yield (
        "value.manager_allocation",
        plots.value.manager_allocation(churn.allocate_managers(value, n_managers=2, accounts_per_manager=20)),
    )

    run = simulation.simulate("deck", n_customers=300, months=2, seed=0)
    board = pd.DataFrame(
        {
            "strategy": ["四步走", "基线"],
            "profit": [2e6, 1e6],
            "profit_low": [1.8e6, 0.9e6],
            "profit_high": [2.2e6, 1.1e6],
            "meets_targets": [True, False],
        }
    )
    yield "simulation.kpi_paths", plots.simulation.kpi_paths({"基线": run.kpis})
    yield "simulation.leaderboard", plots.simulation.leaderboard(board)
    yield "simulation.cost_breakdown", plots.simulation.cost_breakdown(run.costs)
    yield (
        "simulation.quarterly_orders",
        plots.simulation.quarterly_orders(["2024Q1", "2024Q2"], [120.0, 80.0]),
    )
    yield (
        "simulation.trigger_result",
        plots.simulation.trigger_result(
            {
                "conversion_control": 0.05,
                "conversion_treated": 0.08,
                "contacted": 900,
                "control": 100,
                "opt_outs": 4,
            }
        ),
    )

    orders_small = pd.DataFrame(
        {
            "customer_id": list("aabbccd"),
            "category": list("xyxyxzz"),
            "channel": ["app"] * 7,
            "order_date": pd.to_datetime(["2024-01-01"] * 4 + ["2024-08-01"] * 3),
        }
    )
    compared = recommend.compare(orders_small, split="2024-06-01", k=1, item="category")
    people = pd.DataFrame({"gender": list("FFM"), "city": ["A", "A", "B"]})
    report = privacy.k_anonymity(people, ["gender", "city"], k=2)
    consent = privacy.consent_summary(pd.DataFrame({f"consent_{c}": [True, False] for c in privacy.CHANNELS}))
    result = selection.score_maturity({q: 2 for q in selection.load_maturity().questions.index})
    names = selection.OPTIONS["name_zh"].to_dict()
    yield "future.recommender_comparison", plots.future.recommender_comparison({"品类": compared})
    yield (
        "future.similarity_heatmap",
        plots.future.similarity_heatmap(recommend.ItemToItem(item="category").fit(orders_small).similarity_),
    )
    yield "future.rows_at_risk", plots.future.rows_at_risk({"原始表": report})
    yield "future.consent_reach", plots.future.consent_reach(consent)
    yield "future.scoring_matrix", plots.future.scoring_matrix(selection.selection_matrix(), names=names)
    yield "future.tco_breakdown", plots.future.tco_breakdown(selection.tco_comparison(), names=names)
    yield "future.cumulative_costs", plots.future.cumulative_costs(selection.cumulative_costs(), names=names)
    yield "future.roadmap_gantt", plots.future.roadmap_gantt(selection.ROADMAP)
    yield "future.maturity_profile", plots.future.maturity_profile(result)


def _labels(ax):
    """The title, axis labels and colour-bar labels a reader sees first."""
    figure = ax.figure
    texts = [figure._suptitle.get_text() if figure._suptitle else ""]
    for axes in figure.axes:
        texts += [axes.get_title(), axes.get_xlabel(), axes.get_ylabel()]
    return [text for text in texts if text]


def _english_words(text):
    return [word for word in _WORD.findall(text) if word not in PROPER]


def test_every_public_plot_function_is_drawn_in_chinese(drawn):
    public = {
        f"{module}.{name}"
        for module in (
            "classroom",
            "future",
            "importance",
            "insight",
            "journey",
            "service",
            "simulation",
            "value",
        )
        for name in getattr(plots, module).__all__
        if callable(getattr(getattr(plots, module), name))
    }
    assert public <= set(drawn), f"not drawn in Chinese: {sorted(public - set(drawn))}"


def test_chinese_figures_have_chinese_labels_and_every_glyph(drawn):
    for name, result in drawn.items():
        ax = _first_axes(result)
        with warnings.catch_warnings():
            warnings.filterwarnings("error", message=r".*[Gg]lyph .* missing from")
            ax.figure.set_dpi(30)  # every glyph is still looked up; fewer pixels to fill
            ax.figure.canvas.draw()
        labels = _labels(ax)
        assert labels, f"{name} draws no title or axis label"
        for label in labels:
            assert _CJK.search(label) or not re.search("[A-Za-z]", label), f"{name}: {label!r} has no Chinese"
            assert not _english_words(label), f"{name}: {label!r} keeps English words {_english_words(label)}"


def test_chinese_annotations_legends_and_ticks(drawn):
    pareto = drawn["insight.pareto"]
    assert [t.get_text() for t in pareto.texts][0].startswith("前 12% 客户 → ")
    assert "基尼系数" in pareto.get_title()
    legend = [t.get_text() for t in drawn["journey.attribution_bars"].get_legend().get_texts()]
    assert "首次触点" in legend and not any("touch" in text for text in legend)
    ticks = [t.get_text() for t in _first_axes(drawn["simulation.cost_breakdown"]).get_yticklabels()]
    assert ticks and all(_CJK.search(text) for text in ticks)
    assert drawn["importance.health_distribution"].texts[0].get_text() == "33% 低于警戒线 75"
    assert drawn["journey.ab_test"].get_title().endswith("不显著)")


def test_english_labels_are_unchanged():
    set_language(None)
    ax = plots.insight.pareto([100.0, 50.0, 25.0, 25.0])
    assert ax.get_title() == "Revenue concentration (Gini 0.31) 收入集中度"
    assert ax.get_xlabel() == "Share of customers, best first (%) 客户占比"
    assert ax.texts[0].get_text() == "top 18% → 36%"
    plt.close(ax.figure)
    assert plots.bilingual("Revenue", "收入", zh="收入(元)") == "Revenue 收入"


def _control_texts(widget):
    """The descriptions, placeholders and option labels of a widget and those inside it."""
    texts = [getattr(widget, "description", ""), getattr(widget, "placeholder", "")]
    texts += [str(label) for label in getattr(widget, "_options_labels", ())]
    for child in getattr(widget, "children", ()):
        texts += _control_texts(child)
    return [text for text in texts if text]


def _walk(widgets):
    for widget in widgets:
        yield widget
        yield from _walk(getattr(widget, "children", ()))


def _widget_calls():
    rng = np.random.default_rng(8)
    parts = pd.DataFrame({name: rng.uniform(0, 100, 300) for name in metrics.HEALTH_COMPONENTS})
    parts["lost"] = rng.random(300) < 1 / (1 + np.exp((parts["recency"] - 50) / 10))
    parts["health_score"] = metrics.combine_health(parts)
    journeys = journey.build_journeys(_touchpoints(60))
    spend = pd.Series(rng.gamma(2, 1500, 200))
    from course_lib import widgets

    return {
        "retention_economics_lab": lambda: widgets.importance.retention_economics_lab(
            margin=300, retention=0.6, acquisition_cost=350
        ),
        "health_weights_lab": lambda: widgets.importance.health_weights_lab(parts),
        "attribution_explorer": lambda: widgets.journey.attribution_explorer(
            journeys["path"], journeys["converted"]
        ),
        "sample_size_calculator": lambda: widgets.journey.sample_size_calculator(),
        "staffing_lab": lambda: widgets.service.staffing_lab(120, 6, target=20 / 60, goal=0.8),
        "points_programme_lab": lambda: widgets.loyalty.points_programme_lab(spend),
        "referral_lab": lambda: widgets.loyalty.referral_lab(5000),
        "manager_lab": lambda: widgets.loyalty.manager_lab(spend, n_managers=2, accounts_per_manager=20),
        "selection_lab": lambda: widgets.future.selection_lab(),
        "maturity_self_assessment": lambda: widgets.future.maturity_self_assessment(),
    }


def test_widgets_in_chinese_label_their_controls_and_print_chinese(shown, capsys):
    import ipywidgets as w

    set_language("zh")
    try:
        for name, call in _widget_calls().items():
            shown.clear()
            call()
            boxes = [o for o in shown if isinstance(o, w.Box)]
            texts = [text for box in boxes for text in _control_texts(box)]
            assert texts, f"{name} shows no controls"
            printed = capsys.readouterr().out
            if name == "maturity_self_assessment":  # its answers and next steps are English data
                descriptions = [c.description for c in _walk(boxes) if isinstance(c, w.Dropdown)]
                assert descriptions and all(_CJK.search(d) for d in descriptions)
                assert printed.startswith("从此入手:")
                continue
            for text in texts:
                assert _CJK.search(text) or not re.search("[A-Za-z]{2,}", text), (
                    f"{name}: {text!r} is not Chinese"
                )
                assert not _english_words(text), f"{name}: {text!r} keeps English words"
            for line in printed.splitlines():
                assert not _english_words(line), f"{name} printed {line!r}"
            plt.close("all")
    finally:
        set_language(None)
