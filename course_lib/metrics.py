"""Chapter 1's measures, by their old address (a façade: nothing is defined here).

``course_lib.metrics`` used to hold all of chapter 1. Each concept now has a module of its
own; every name stays importable from here, so notebooks, tests and trainees' code written
against ``metrics`` keep working. New code should import from the module named by concept:

- :mod:`course_lib.economics` — :func:`cohort_economics`, :func:`retention_profit_uplift`,
  :func:`uplift_grid`, :func:`churn_profit_claim`, :func:`acquisition_vs_retention`,
  :data:`DEFAULT_COSTS`.
- :mod:`course_lib.health` — the customer health score: :data:`HEALTH_THRESHOLD`,
  :data:`HEALTH_WEIGHTS`, :data:`HEALTH_COMPONENTS`, :func:`week_starts`,
  :func:`health_components`, :func:`combine_health`, :func:`health_scores`,
  :func:`label_scores`, :func:`health_validation`, :func:`health_bands`,
  :func:`component_auc`, :func:`recency_warning`, :data:`CALL_CAPACITY`,
  :func:`care_call_board`.
- :mod:`course_lib.silos` — :func:`silo_customers`, :func:`silo_join`.
- :mod:`course_lib.claims` — :func:`satisfaction_churn_claim`, :func:`cross_sell_claim`.
- :mod:`course_lib.kpis` — :func:`kpi_layers`, with the KPIs it reports.

Examples
--------
>>> from course_lib import health, metrics
>>> metrics.health_scores is health.health_scores
True
"""

from __future__ import annotations

from .claims import cross_sell_claim, satisfaction_churn_claim
from .economics import (
    DEFAULT_COSTS,
    acquisition_vs_retention,
    churn_profit_claim,
    cohort_economics,
    retention_profit_uplift,
    uplift_grid,
)
from .health import (
    CALL_CAPACITY,
    HEALTH_COMPONENTS,
    HEALTH_THRESHOLD,
    HEALTH_WEIGHTS,
    care_call_board,
    combine_health,
    component_auc,
    health_bands,
    health_components,
    health_scores,
    health_validation,
    label_scores,
    recency_warning,
    week_starts,
)
from .kpis import kpi_layers
from .silos import silo_customers, silo_join

# alphabetical; where each name lives is in the module docstring above
__all__ = [
    "acquisition_vs_retention",
    "CALL_CAPACITY",
    "care_call_board",
    "churn_profit_claim",
    "cohort_economics",
    "combine_health",
    "component_auc",
    "cross_sell_claim",
    "DEFAULT_COSTS",
    "health_bands",
    "HEALTH_COMPONENTS",
    "health_components",
    "health_scores",
    "HEALTH_THRESHOLD",
    "health_validation",
    "HEALTH_WEIGHTS",
    "kpi_layers",
    "label_scores",
    "recency_warning",
    "retention_profit_uplift",
    "satisfaction_churn_claim",
    "silo_customers",
    "silo_join",
    "uplift_grid",
    "week_starts",
]
