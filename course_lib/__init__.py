"""course_lib: the helper library of the customer relationship maintenance course.

Submodules load on first use (``from course_lib import rfm`` or ``course_lib.rfm``), so
``import course_lib`` stays as cheap as importing pandas. Data flows one way, and
``make lint`` (import-linter, contracts in pyproject.toml) keeps it so:

==============  =====================================================================
layer           modules, one concept each
==============  =====================================================================
foundation      ``validation`` (argument checks, one policy, one seed rule),
                ``language`` (the course's language: ``set_language``, ``tr``),
                ``course`` (paths, the chapter list), ``glossary`` (English ↔ 中文 terms)
data            ``data`` (``schema``, ``loaders``, ``generate``: the shipped tables and
                the seeded generator of Lumen 澜悦, the CDNOW sample)
analytics       customers and value: ``rfm`` (RFM table, scores, segments),
                ``rfm_checks`` (order-log and RFM-table checks),
                ``tiers`` (value tiers), ``concentration`` (Pareto, Gini),
                ``segmentation``, ``clv`` (customer summary, CLV), ``btyd``
                (BG/NBD, Gamma-Gamma), ``churn`` (the one churn label, risk
                models), ``cohorts``, ``recommend``;
                KPIs and the case for CRM: ``kpis`` (every KPI defined once),
                ``economics`` (retention economics, acquisition cost), ``health``
                (the weekly health score), ``silos``, ``claims`` (the sources' claims
                tested), ``metrics`` (re-exports chapter 1's names from those);
                communication: ``journey`` (touchpoints, journeys, signals),
                ``attribution``, ``followup`` (follow-ups, care calendar);
                service: ``sla``, ``service`` (complaints, root causes, the service
                loop), ``nps``, ``staffing`` (Erlang C), ``sentiment``;
                loyalty and more: ``loyalty`` (points, tiers, referrals),
                ``experiments`` (A/B tests), ``privacy``, ``selection`` (CRM
                selection, TCO), ``roleplay``
simulation      ``simulation`` (``engine``, ``replications``, ``cases``)
operation       ``workbench`` (the CRM a trainee operates)
presentation    ``plots``, ``widgets``, ``checks`` (exercise checks), ``classroom``
                (a class's progress for the instructor), ``updates`` (course
                updates by the nbgitpuller rule), ``deploy`` (nbgitpuller and Binder
                links), ``hub`` (a workshop's JupyterHub: exam windows, hub-side
                grading, the installed course), ``i18n`` (the Chinese edition from
                gettext catalogues), ``slides``,
                ``notebook_tools``, ``cli`` (the ``crm-course`` command)
==============  =====================================================================
"""

from __future__ import annotations

import importlib

__version__ = "0.1.0"

_SUBMODULES = {
    "validation",
    "language",
    "course",
    "glossary",
    "data",
    "rfm",
    "rfm_checks",
    "tiers",
    "concentration",
    "segmentation",
    "clv",
    "btyd",
    "churn",
    "cohorts",
    "recommend",
    "kpis",
    "economics",
    "health",
    "silos",
    "claims",
    "metrics",
    "journey",
    "attribution",
    "followup",
    "sla",
    "service",
    "nps",
    "staffing",
    "sentiment",
    "loyalty",
    "experiments",
    "privacy",
    "selection",
    "roleplay",
    "simulation",
    "workbench",
    "plots",
    "widgets",
    "checks",
    "classroom",
    "updates",
    "slides",
    "notebook_tools",
    "deploy",
    "hub",
    "i18n",
    "cli",
}

__all__ = sorted(_SUBMODULES)


def __getattr__(name: str):
    if name in _SUBMODULES:
        module = importlib.import_module(f"{__name__}.{name}")
        globals()[name] = module
        return module
    raise AttributeError(f"module 'course_lib' has no attribute {name!r}")


def __dir__():
    return sorted(set(globals()) | _SUBMODULES)
