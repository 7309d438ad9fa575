"""course_lib.metrics is a façade: every name it always had is still there, and each is the
object defined in the module named by its concept (economics, health, silos, claims, kpis)."""

import importlib
import inspect

from course_lib import metrics

HOMES = {
    "economics": [
        "cohort_economics",
        "retention_profit_uplift",
        "uplift_grid",
        "churn_profit_claim",
        "DEFAULT_COSTS",
        "acquisition_vs_retention",
    ],
    "health": [
        "HEALTH_THRESHOLD",
        "HEALTH_WEIGHTS",
        "HEALTH_COMPONENTS",
        "week_starts",
        "health_components",
        "combine_health",
        "health_scores",
        "label_scores",
        "health_validation",
        "health_bands",
        "component_auc",
        "recency_warning",
        "CALL_CAPACITY",
        "care_call_board",
    ],
    "silos": ["silo_customers", "silo_join"],
    "claims": ["satisfaction_churn_claim", "cross_sell_claim"],
    "kpis": ["kpi_layers"],
}


def test_every_old_name_is_reexported_from_its_new_home():
    assert sorted(metrics.__all__) == sorted(name for names in HOMES.values() for name in names)
    for module, names in HOMES.items():
        home = importlib.import_module(f"course_lib.{module}")
        for name in names:
            assert getattr(metrics, name) is getattr(home, name), name
            assert name in home.__all__, (module, name)


def test_the_facade_defines_nothing_of_its_own():
    own = [
        name
        for name, obj in vars(metrics).items()
        if (inspect.isfunction(obj) or inspect.isclass(obj)) and obj.__module__ == metrics.__name__
    ]
    assert own == []
