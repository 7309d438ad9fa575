"""CRM system selection, the implementation roadmap and a maturity self-assessment
(analytics layer).

Taught in chapter 6 (``notebooks/06_future_implementation.ipynb``, sections 6.2 and 6.5).

**Selection.** The CRM teaching deck names four criteria for choosing a CRM: functional
modules (customer data, sales funnel, marketing automation, service tickets), industry fit
(finance needs compliance audit, retail needs membership loyalty), architecture
compatibility (APIs, cloud or on-premise, mobile) and total cost of ownership (licences plus
implementation, customisation, training and operations). :func:`weighted_scores` turns
scores of 0–5 per criterion into one weighted total per option.

**Total cost of ownership** (:class:`CostProfile`, :func:`tco_table`,
:func:`total_cost_of_ownership`). One-off costs fall in year 0 (an upfront licence,
implementation, customisation, initial training); licences per user, refresher training and
operations fall at the end of each year 1…N. Each year's cost is discounted to today with
1 / (1 + d)^t, so a yuan paid in year 5 weighs less than one paid now; the TCO is the sum of
the discounted costs.

The four options of :data:`OPTIONS`, their scores in :data:`OPTION_SCORES` and their cost
profiles in :data:`COST_PROFILES` are **course design**: archetypes for the course brand,
not evaluations of any product. Each archetype carries the example the CRM teaching deck
gives for it, with the deck's own words only.

**Roadmap and maturity** (:data:`ROADMAP`, :func:`load_maturity`, :func:`score_maturity`):
also course design — no source gives a roadmap or maturity model. The questions of the
self-assessment are data, in ``course_lib/scenarios/maturity.yaml``.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, fields
from pathlib import Path

import numpy as np
import pandas as pd

from .language import N_, language, tr
from .validation import CourseDataError, require_field, require_frame, require_number, require_whole

__all__ = [
    "CRITERIA",  # noqa: F822 - in the current language, from __getattr__
    "OPTIONS",  # noqa: F822
    "OPTION_SCORES",
    "COST_PROFILES",
    "DEFAULT_WEIGHTS",
    "CostProfile",
    "tco_table",
    "total_cost_of_ownership",
    "tco_comparison",
    "cumulative_costs",
    "cost_scores",
    "weighted_scores",
    "selection_matrix",
    "ROADMAP",  # noqa: F822
    "MaturityModel",
    "MaturityResult",
    "load_maturity",
    "score_maturity",
    "MATURITY_FILE",
]

#: The four selection criteria of the CRM teaching deck.
_CRITERIA = pd.DataFrame(
    {
        "criterion": ["functional_modules", "industry_fit", "architecture", "total_cost"],
        "name": [
            "Functional modules",
            "Industry fit",
            "Architecture compatibility",
            "Total cost of ownership",
        ],
        "name_zh": ["功能模块", "行业适配", "架构兼容", "总拥有成本"],
        "asks": [
            N_("customer data, sales funnel, marketing automation, service tickets"),
            N_("what the industry needs: compliance audit in finance, membership loyalty in retail"),
            N_("APIs, cloud or on-premise, mobile"),
            N_("licences plus implementation, customisation, training and operations"),
        ],
    }
).set_index("criterion")

#: Default weights (course design): what matters most to the course brand.
DEFAULT_WEIGHTS = {"functional_modules": 0.35, "industry_fit": 0.25, "architecture": 0.20, "total_cost": 0.20}

#: Four archetypes of CRM option (course design), each with the CRM teaching deck's example.
_OPTIONS = pd.DataFrame(
    {
        "option": ["licensed_suite", "cloud_suite", "small_business_cloud", "composable"],
        "name": [
            "Licensed enterprise suite",
            "Cloud suite with industry templates",
            "Small-business cloud CRM",
            "Composable platform",
        ],
        "name_zh": ["买断式企业套件", "带行业模板的云套件", "中小企业云CRM", "组合式平台"],
        "shape": [
            N_("bought once and run on own servers; high upfront cost, low yearly fee"),
            N_("subscription per user; industry templates shorten implementation"),
            N_("subscription per user; quick to start, fewer modules"),
            N_("microservices joined by an integration layer; built to the brand's channels"),
        ],
        "material_example": [
            N_("SAP CRM: high initial cost, lower long-run cost"),
            N_("Microsoft Dynamics 365: 21 industry templates"),
            N_("HubSpot and Zoho for small firms"),
            N_("Oracle CX Cloud: microservices, ERP links; MuleSoft: 300+ prebuilt connectors"),
        ],
    }
).set_index("option")

#: Scores 0–5 of each archetype for the course brand, an omnichannel fashion retailer
#: (course design: a worked example for discussion, not a product evaluation). The cost
#: criterion is scored from the TCO by :func:`cost_scores`.
OPTION_SCORES = pd.DataFrame(
    {
        "functional_modules": [4.5, 4.5, 3.0, 4.0],
        "industry_fit": [3.5, 4.5, 2.5, 4.0],
        "architecture": [2.5, 4.0, 3.0, 5.0],
    },
    index=pd.Index(_OPTIONS.index, name="option"),
)


@dataclass(frozen=True)
class CostProfile:
    """The cost inputs of one CRM option (CNY). All figures are assumptions to replace.

    Parameters
    ----------
    users : int
        People who log in (licences are per user).
    licence_upfront : float
        One-off licence purchase (year 0), for a bought licence.
    licence_per_user_year : float
        Subscription or maintenance fee per user and year (years 1…N).
    implementation : float
        One-off set-up: project team, data migration, integration (year 0).
    customisation : float
        One-off adaptation to the company's processes (year 0).
    training_initial : float
        Training before go-live (year 0).
    training_per_year : float
        Refresher training and training of new staff (years 1…N).
    operations_per_year : float
        Hosting, administration, support staff, integration upkeep (years 1…N).
    licence_growth : float
        Yearly growth of the licence bill (more users, price rises), e.g. 0.05.
    """

    users: int
    licence_upfront: float = 0.0
    licence_per_user_year: float = 0.0
    implementation: float = 0.0
    customisation: float = 0.0
    training_initial: float = 0.0
    training_per_year: float = 0.0
    operations_per_year: float = 0.0
    licence_growth: float = 0.0

    def __post_init__(self):
        for f in fields(self):
            if f.name == "users":
                require_whole(self.users, "users", low=1)
            else:
                require_number(getattr(self, f.name), f.name, low=-0.5 if f.name == "licence_growth" else 0)


#: Five-year cost profiles of the four archetypes for a brand with 80 CRM users (course
#: design; order of magnitude only — replace with quotations before deciding).
COST_PROFILES = {
    "licensed_suite": CostProfile(
        users=80,
        licence_upfront=960_000,
        licence_per_user_year=2_400,
        implementation=900_000,
        customisation=500_000,
        training_initial=150_000,
        training_per_year=30_000,
        operations_per_year=250_000,
    ),
    "cloud_suite": CostProfile(
        users=80,
        licence_per_user_year=9_600,
        implementation=400_000,
        customisation=150_000,
        training_initial=100_000,
        training_per_year=30_000,
        operations_per_year=80_000,
        licence_growth=0.03,
    ),
    "small_business_cloud": CostProfile(
        users=80,
        licence_per_user_year=3_600,
        implementation=80_000,
        customisation=60_000,
        training_initial=40_000,
        training_per_year=20_000,
        operations_per_year=40_000,
        licence_growth=0.03,
    ),
    "composable": CostProfile(
        users=80,
        licence_per_user_year=6_000,
        implementation=700_000,
        customisation=400_000,
        training_initial=120_000,
        training_per_year=30_000,
        operations_per_year=260_000,
        licence_growth=0.03,
    ),
}

_COMPONENTS = ["licences", "implementation", "customisation", "training", "operations"]


def _profile(profile, name="profile") -> CostProfile:
    if not isinstance(profile, CostProfile):
        raise TypeError(f"`{name}` must be a selection.CostProfile; got {type(profile).__name__}.")
    return profile


def tco_table(profile: CostProfile, *, years: int = 5, discount_rate: float = 0.08) -> pd.DataFrame:
    """Year-by-year costs of one option, nominal and discounted.

    Parameters
    ----------
    profile : CostProfile
        The option's cost inputs.
    years : int
        The horizon in years, 1 to 30.
    discount_rate : float
        Yearly discount rate, from 0 to below 1 (0.08 for 8 %).

    Returns
    -------
    pandas.DataFrame
        One row per year 0…``years`` with the cost components ``licences``,
        ``implementation``, ``customisation``, ``training``, ``operations``, their ``total``,
        the ``discount_factor`` 1 / (1 + d)^t and the ``present_value`` of the year's total.

    Examples
    --------
    >>> p = CostProfile(users=10, licence_per_user_year=1_000, implementation=50_000,
    ...                 operations_per_year=5_000)
    >>> tco_table(p, years=2, discount_rate=0.10)[["total", "present_value"]].round(1)
            total  present_value
    year
    0     50000.0        50000.0
    1     15000.0        13636.4
    2     15000.0        12396.7
    """
    profile = _profile(profile)
    years = require_whole(years, "years", low=1, high=30)
    rate = require_number(discount_rate, "discount_rate", low=0, high=1, high_open=True)
    t = np.arange(years + 1)
    later = (t > 0).astype(float)
    growth = (1 + profile.licence_growth) ** np.maximum(t - 1, 0)
    table = pd.DataFrame(
        {
            "licences": np.where(
                t == 0, profile.licence_upfront, profile.users * profile.licence_per_user_year * growth
            ),
            "implementation": np.where(t == 0, profile.implementation, 0.0),
            "customisation": np.where(t == 0, profile.customisation, 0.0),
            "training": np.where(t == 0, profile.training_initial, profile.training_per_year * later),
            "operations": profile.operations_per_year * later,
        },
        index=pd.Index(t, name="year"),
    ).astype(float)
    table["total"] = table[_COMPONENTS].sum(axis=1)
    table["discount_factor"] = 1 / (1 + rate) ** t
    table["present_value"] = table["total"] * table["discount_factor"]
    return table


def total_cost_of_ownership(profile: CostProfile, *, years: int = 5, discount_rate: float = 0.08) -> float:
    """The present value of all costs of an option over ``years`` (CNY).

    Parameters
    ----------
    profile : CostProfile
        The option's cost inputs.
    years, discount_rate
        As in :func:`tco_table`.

    Returns
    -------
    float
        The TCO: the sum of the yearly present values of :func:`tco_table`.

    Examples
    --------
    >>> p = CostProfile(users=10, licence_per_user_year=1_000, implementation=50_000,
    ...                 operations_per_year=5_000)
    >>> round(total_cost_of_ownership(p, years=2, discount_rate=0.10), 1)
    76033.1
    >>> total_cost_of_ownership(p, years=2, discount_rate=0.0)
    80000.0
    """
    return float(tco_table(profile, years=years, discount_rate=discount_rate)["present_value"].sum())


def _profiles(profiles) -> dict:
    if not isinstance(profiles, dict) or not profiles:
        raise TypeError(
            "`profiles` must be a non-empty dict of option name → CostProfile; got "
            f"{type(profiles).__name__}."
        )
    for name, profile in profiles.items():
        _profile(profile, f"profiles[{name!r}]")
    return profiles


def tco_comparison(
    profiles: Mapping[str, CostProfile] | None = None, *, years: int = 5, discount_rate: float = 0.08
) -> pd.DataFrame:
    """Discounted cost components of several options over ``years``, cheapest first.

    Parameters
    ----------
    profiles : dict of str to CostProfile, optional
        The options; default :data:`COST_PROFILES`.
    years, discount_rate
        As in :func:`tco_table`.

    Returns
    -------
    pandas.DataFrame
        Indexed by ``option``: the five components (present values), ``tco`` (their sum),
        ``nominal`` (the undiscounted sum) and ``upfront`` (year 0).

    Examples
    --------
    >>> tco_comparison().index[0]
    'small_business_cloud'
    """
    profiles = _profiles(COST_PROFILES if profiles is None else profiles)
    rows = {}
    for name, profile in profiles.items():
        table = tco_table(profile, years=years, discount_rate=discount_rate)
        row = table[_COMPONENTS].mul(table["discount_factor"], axis=0).sum()
        row["tco"] = table["present_value"].sum()
        row["nominal"] = table["total"].sum()
        row["upfront"] = table.loc[0, "total"]
        rows[name] = row
    result = pd.DataFrame(rows).T
    result.index.name = "option"
    return result.sort_values("tco", kind="stable")


def cumulative_costs(
    profiles: Mapping[str, CostProfile] | None = None, *, years: int = 10, discount_rate: float = 0.08
) -> pd.DataFrame:
    """Cumulative discounted cost by year (rows) for each option (columns).

    Where two lines cross, the option with the higher upfront cost has become the cheaper
    one over that horizon.

    Parameters
    ----------
    profiles : dict of str to CostProfile, optional
        The options to compare; by default the four archetypes of :data:`COST_PROFILES`.
    years, discount_rate
        The horizon and yearly discount rate, as in :func:`tco_table`.

    Returns
    -------
    pandas.DataFrame
        Indexed by year 0…``years``, one column per option (CNY, present values summed).

    Examples
    --------
    >>> cumulative_costs(years=3).shape
    (4, 4)
    """
    profiles = _profiles(COST_PROFILES if profiles is None else profiles)
    frame = pd.DataFrame(
        {
            name: tco_table(p, years=years, discount_rate=discount_rate)["present_value"].cumsum()
            for name, p in profiles.items()
        }
    )
    frame.columns.name = "option"
    return frame


def cost_scores(tco) -> pd.Series:
    """Score costs 0–5: the cheapest option gets 5, an option costing twice as much 2.5.

    Examples
    --------
    >>> cost_scores(pd.Series({"a": 100.0, "b": 200.0, "c": 400.0})).tolist()
    [5.0, 2.5, 1.25]
    """
    if not isinstance(tco, pd.Series):
        raise TypeError(f"`tco` must be a pandas Series of costs by option; got {type(tco).__name__}.")
    if len(tco) == 0 or tco.isna().any() or (tco <= 0).any():
        raise CourseDataError(f"`tco` must hold one positive cost per option; got {tco.tolist()!s}.")
    return (5.0 * tco.min() / tco).rename("total_cost")


def _weights(weights, criteria) -> pd.Series:
    if isinstance(weights, pd.Series):
        weights = weights.to_dict()
    if not isinstance(weights, dict):
        raise TypeError(
            f"`weights` must be a dict or Series of criterion → weight; got {type(weights).__name__}."
        )
    missing = [c for c in criteria if c not in weights]
    extra = [c for c in weights if c not in criteria]
    if missing or extra:
        raise CourseDataError(
            f"`weights` must give one weight per criterion {list(criteria)}; "
            f"missing {missing}, unknown {extra}."
        )
    values = pd.Series({c: weights[c] for c in criteria}, dtype=float)
    if values.isna().any() or (values < 0).any():
        bad = values[values.isna() | (values < 0)]
        raise CourseDataError(f"`weights` must be ≥ 0; got {bad.index[0]}={bad.iloc[0]!s}.")
    if values.sum() == 0:
        raise CourseDataError("`weights` are all 0; give at least one criterion a weight.")
    return values / values.sum()


def weighted_scores(scores, weights=None) -> pd.DataFrame:
    """The weighted scoring matrix: each criterion's weighted contribution and the total.

    Parameters
    ----------
    scores : pandas.DataFrame
        One row per option, one column per criterion, scores from 0 (useless) to 5 (ideal).
    weights : dict or Series, optional
        One weight per column of ``scores``; they are rescaled to sum to 1. By default
        :data:`DEFAULT_WEIGHTS`.

    Returns
    -------
    pandas.DataFrame
        Per option: weight × score for each criterion, ``total`` (0–5) and ``rank``
        (1 = best), best first.

    Examples
    --------
    >>> scores = pd.DataFrame({"fit": [4.0, 2.0], "cost": [2.0, 5.0]}, index=["A", "B"])
    >>> weighted_scores(scores, {"fit": 3, "cost": 1})
       fit  cost  total  rank
    A  3.0  0.50   3.50     1
    B  1.5  1.25   2.75     2
    """
    require_frame(scores, "scores")
    if len(scores) == 0:
        raise CourseDataError("`scores` is empty; expected one row per option.")
    weights = _weights(DEFAULT_WEIGHTS if weights is None else weights, list(scores.columns))
    values = scores.apply(pd.to_numeric, errors="coerce")
    bad = values.isna() | (values < 0) | (values > 5)
    if bad.to_numpy().any():
        row, col = [(r, c) for r in scores.index for c in scores.columns if bad.loc[r, c]][0]
        raise CourseDataError(
            f"`scores` must hold numbers from 0 to 5; got {scores.loc[row, col]!s} "
            f"for option {row!s}, criterion {col!s}."
        )
    contributions = values.astype(float).mul(weights, axis=1)
    contributions["total"] = contributions.sum(axis=1)
    contributions["rank"] = contributions["total"].rank(ascending=False, method="min").astype(int)
    return contributions.sort_values("rank", kind="stable")


def selection_matrix(
    scores: pd.DataFrame | None = None,
    profiles: Mapping[str, CostProfile] | None = None,
    weights: Mapping[str, float] | pd.Series | None = None,
    *,
    years: int = 5,
    discount_rate: float = 0.08,
) -> pd.DataFrame:
    """Scores of the non-cost criteria plus a cost score from the TCO, weighted.

    Parameters
    ----------
    scores : pandas.DataFrame, optional
        Option × criterion scores from 0 to 5; default the course's :data:`OPTIONS` scores.
    profiles : dict of str to CostProfile, optional
        Cost profiles of the same options; default :data:`COST_PROFILES`.
    weights : dict or Series, optional
        Criterion → weight (≥ 0, normalised to sum 1); default :data:`DEFAULT_WEIGHTS`.
    years, discount_rate
        As in :func:`tco_table`.

    Returns
    -------
    pandas.DataFrame
        :func:`weighted_scores` of ``scores`` joined with :func:`cost_scores` of the options'
        TCO (``total`` and ``rank``), and the ``tco`` itself (CNY) as the last column.

    Examples
    --------
    >>> selection_matrix().columns[-3:].tolist()
    ['total', 'rank', 'tco']
    """
    scores = OPTION_SCORES if scores is None else scores
    require_frame(scores, "scores")
    tco = tco_comparison(profiles, years=years, discount_rate=discount_rate)["tco"]
    missing = [o for o in scores.index if o not in tco.index]
    if missing:
        raise CourseDataError(f"options {missing} in `scores` have no cost profile in `profiles`.")
    tco = tco.reindex(scores.index)
    table = weighted_scores(scores.join(cost_scores(tco)), weights)
    table["tco"] = tco.reindex(table.index)
    return table


# ----------------------------------------------------------------------------- roadmap
#: A twelve-month implementation roadmap for the course brand (course design), following
#: the turnaround case's order: diagnose, build the data base, pilot, roll out, optimise.
_ROADMAP = pd.DataFrame(
    {
        "phase": ["Diagnose and decide", "Data foundation", "Pilot", "Roll-out", "Optimise"],
        "phase_zh": ["诊断与决策", "数据基础", "试点", "全面推广", "持续优化"],
        "start_month": [1, 2, 4, 7, 10],
        "months": [2, 3, 3, 3, 3],
        "owner": [
            N_("CRM project lead with finance"),
            N_("IT and data lead with the privacy officer"),
            N_("CRM operations manager and two pilot stores"),
            N_("Regional managers and HR"),
            N_("Analytics team and the CRM steering group"),
        ],
        "activities": [
            N_("RFM and churn diagnosis, maturity self-assessment, selection matrix and TCO"),
            N_(
                "one customer id across store, app, mini-program and web; consent per channel; "
                "pseudonymised analysis copy"
            ),
            N_(
                "tiered service for high-value customers, 4-hour complaint promise, trigger rules in two stores"
            ),
            N_("all stores; community and referral programme; phased training by role"),
            N_("churn and CLV models, recommender, quarterly service reports"),
        ],
        "kpi": [
            N_("baseline measured: repurchase, complaint rate, NPS"),
            N_("share of orders linked to a member id; consent recorded for every member"),
            N_("pilot vs control stores: repurchase, response time"),
            N_("daily active CRM users; NPS; referral share of new customers"),
            N_("profit per customer; CLV; model accuracy on a later period"),
        ],
        "risk": [
            N_("buying a tool before naming the problem"),
            N_("data silos and over-collection"),
            N_("staff resist a complicated system"),
            N_("departments keep their own data; training fatigue"),
            N_("models drift; privacy rules change"),
        ],
        "mitigation": [
            N_("decide on the diagnosis and the weighted matrix, not the demo"),
            N_("integration first; minimise and pseudonymise"),
            N_("simple screens, champions in each store, use counted in reviews"),
            N_("shared KPIs across departments; train in waves"),
            N_("check models on each new period; yearly privacy audit"),
        ],
    }
)


#: The prose columns of each table that :func:`tr` translates; the ``name`` (``phase``)
#: column shows its ``name_zh`` (``phase_zh``) neighbour in the Chinese course.
_SHOWN = {
    "CRITERIA": (lambda: _CRITERIA, ("asks",), ("name", "name_zh")),
    "OPTIONS": (lambda: _OPTIONS, ("shape", "material_example"), ("name", "name_zh")),
    "ROADMAP": (
        lambda: _ROADMAP,
        ("owner", "activities", "kpi", "risk", "mitigation"),
        ("phase", "phase_zh"),
    ),
}


def _shown(table: str) -> pd.DataFrame:
    """One of the course's tables in the current language (a fresh copy in Chinese).

    Examples
    --------
    >>> from course_lib.language import set_language
    >>> _shown("OPTIONS").loc["cloud_suite", "name"]
    'Cloud suite with industry templates'
    >>> set_language("zh"); _shown("OPTIONS").loc["cloud_suite", "name"]
    '带行业模板的云套件'
    >>> set_language(None)
    """
    build, prose, (name, name_zh) = _SHOWN[table]
    frame = build()
    if language() == "en":
        return frame
    frame = frame.copy()
    for column in prose:
        frame[column] = frame[column].map(tr)
    frame[name] = frame[name_zh]
    return frame


def __getattr__(name: str):
    """``CRITERIA``, ``OPTIONS`` and ``ROADMAP`` in the course's current language."""
    if name in _SHOWN:
        return _shown(name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


# ----------------------------------------------------------------------------- maturity
MATURITY_FILE = Path(__file__).resolve().parent / "scenarios" / "maturity.yaml"


@dataclass(frozen=True)
class MaturityModel:
    """A maturity self-assessment read from YAML: levels, dimensions and questions."""

    title: str
    title_zh: str
    levels: pd.DataFrame
    dimensions: pd.DataFrame
    questions: pd.DataFrame

    def __repr__(self) -> str:
        return (
            f"MaturityModel({self.title!r}: {len(self.dimensions)} dimensions, "
            f"{len(self.questions)} questions, levels 1–{len(self.levels)})"
        )


@dataclass(frozen=True)
class MaturityResult:
    """Scores of one self-assessment: per dimension, overall, and where to start."""

    by_dimension: pd.DataFrame
    score: float
    level: int
    level_name: str
    weakest: str

    def __repr__(self) -> str:
        return (
            f"MaturityResult(score={self.score:.2f}, level {self.level} {self.level_name}; "
            f"weakest dimension {self.weakest!r})"
        )


def load_maturity(path: str | Path | None = None) -> MaturityModel:
    """Read and validate a maturity self-assessment (default: the course's own).

    Every error names the field, e.g. ``dimensions[2].questions[0].answers``.

    Parameters
    ----------
    path : str or Path, optional
        A YAML file like the course's ``maturity.yaml``.

    Returns
    -------
    MaturityModel
        Its ``levels``, ``dimensions`` and ``questions`` as tables. In the Chinese course
        the shown texts (``name``, ``meaning``, ``next_step``, ``text``, ``answers``) are their
        optional ``*_zh`` neighbours in the file, the English where a file has none.

    Examples
    --------
    >>> model = load_maturity()
    >>> model
    MaturityModel('CRM maturity self-assessment': 5 dimensions, 10 questions, levels 1–5)
    """
    import yaml

    path = MATURITY_FILE if path is None else Path(path)
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise CourseDataError(
            f"no maturity file at {path.name!r}; pass the path of a YAML "
            "file like course_lib/scenarios/maturity.yaml."
        ) from None
    except yaml.YAMLError as error:
        raise CourseDataError(f"{path.name} is not valid YAML: {error}") from None
    name = path.name
    title = require_field(raw, "title", name)
    title_zh = require_field(raw, "title_zh", name)
    levels = require_field(raw, "levels", name, list)
    level_rows = []
    for i, level in enumerate(levels):
        where = f"{name}: levels[{i}]"
        number = require_field(level, "level", where, int)
        if number != i + 1:
            raise CourseDataError(
                f"`{where}.level` must be {i + 1} (levels are numbered 1, 2, … in order); got {number}."
            )
        level_rows.append(
            {
                "level": number,
                "name": require_field(level, "name", where),
                "name_zh": require_field(level, "name_zh", where),
                "meaning": require_field(level, "meaning", where),
            }
        )
    n_levels = len(level_rows)
    dimension_rows, question_rows, seen = [], [], set()
    for i, dim in enumerate(require_field(raw, "dimensions", name, list)):
        where = f"{name}: dimensions[{i}]"
        dim_id = require_field(dim, "id", where)
        if dim_id in seen:
            raise CourseDataError(f"`{where}.id` {dim_id!r} is used twice; ids must be unique.")
        seen.add(dim_id)
        dimension_rows.append(
            {
                "dimension": dim_id,
                "name": require_field(dim, "name", where),
                "name_zh": require_field(dim, "name_zh", where),
                "next_step": require_field(dim, "next_step", where),
            }
        )
        for j, q in enumerate(require_field(dim, "questions", where, list)):
            qwhere = f"{where}.questions[{j}]"
            q_id = require_field(q, "id", qwhere)
            if q_id in seen:
                raise CourseDataError(f"`{qwhere}.id` {q_id!r} is used twice; ids must be unique.")
            seen.add(q_id)
            answers = require_field(q, "answers", qwhere, list)
            if len(answers) != n_levels:
                raise CourseDataError(
                    f"`{qwhere}.answers` must have one answer per level ({n_levels}); it has {len(answers)}."
                )
            for k, answer in enumerate(answers):
                if not isinstance(answer, str) or not answer.strip():
                    raise CourseDataError(f"`{qwhere}.answers[{k}]` must be non-empty text; got {answer!r}.")
            question_rows.append(
                {
                    "question": q_id,
                    "dimension": dim_id,
                    "text": require_field(q, "text", qwhere),
                    "text_zh": require_field(q, "text_zh", qwhere),
                    "answers": answers,
                }
            )
    if language() == "zh":  # the Chinese course reads the Chinese beside each English text
        _chinese(level_rows, levels, {"name": "name_zh", "meaning": "meaning_zh"})
        dims = require_field(raw, "dimensions", name, list)
        _chinese(dimension_rows, dims, {"name": "name_zh", "next_step": "next_step_zh"})
        raw_questions = [q for dim in dims for q in dim["questions"]]
        _chinese(question_rows, raw_questions, {"text": "text_zh"})
        for row, q in zip(question_rows, raw_questions, strict=True):
            chinese = q.get("answers_zh")
            if isinstance(chinese, list) and len(chinese) == len(row["answers"]):
                row["answers"] = [str(answer) for answer in chinese]
    return MaturityModel(
        title=title,
        title_zh=title_zh,
        levels=pd.DataFrame(level_rows).set_index("level"),
        dimensions=pd.DataFrame(dimension_rows).set_index("dimension"),
        questions=pd.DataFrame(question_rows).set_index("question"),
    )


def _chinese(rows: list[dict], raw: list[dict], fields: dict[str, str]) -> None:
    """Put each raw entry's Chinese field (where it has one) into its row's English column.

    Examples
    --------
    >>> rows = [{"name": "Initial"}, {"name": "Defined"}]
    >>> _chinese(rows, [{"name_zh": "起步"}, {}], {"name": "name_zh"}); rows
    [{'name': '起步'}, {'name': 'Defined'}]
    """
    for row, entry in zip(rows, raw, strict=True):
        for column, chinese in fields.items():
            if isinstance(entry.get(chinese), str) and entry[chinese].strip():
                row[column] = entry[chinese]


def score_maturity(answers: Mapping[str, int], model: MaturityModel | None = None) -> MaturityResult:
    """Score a self-assessment: the mean level per dimension, overall, and the next step.

    Parameters
    ----------
    answers : dict
        Question id → the level of the chosen answer (1 = first answer … 5 = last).
        Every question must be answered.
    model : MaturityModel, optional
        By default :func:`load_maturity`'s course model.

    Returns
    -------
    MaturityResult
        ``by_dimension`` (``name``, ``name_zh``, ``score``, ``level``, ``next_step``),
        ``score`` (mean of the dimension scores), ``level`` (the score rounded down:
        a company is at a level when it has reached it), its ``level_name`` and the
        ``weakest`` dimension, where the roadmap should start.

    Examples
    --------
    >>> model = load_maturity()
    >>> answers = {q: 2 for q in model.questions.index} | {"gov_consent": 4, "gov_protection": 4}
    >>> result = score_maturity(answers, model)
    >>> result
    MaturityResult(score=2.40, level 2 Repeatable; weakest dimension 'data')
    """
    model = load_maturity() if model is None else model
    if not isinstance(model, MaturityModel):
        raise TypeError(f"`model` must be a MaturityModel from load_maturity(); got {type(model).__name__}.")
    if not isinstance(answers, dict):
        raise TypeError(f"`answers` must be a dict of question id → level; got {type(answers).__name__}.")
    questions = model.questions
    missing = [q for q in questions.index if q not in answers]
    unknown = sorted(str(q) for q in answers if q not in questions.index)
    if unknown:
        raise CourseDataError(
            f"`answers` has unknown question id(s) {unknown}; the questions are {list(questions.index)}."
        )
    if missing:
        raise CourseDataError(f"`answers` leaves {len(missing)} question(s) unanswered: {missing}.")
    n_levels = len(model.levels)
    for q, level in answers.items():
        require_whole(level, f"answers[{q!r}]", low=1, high=n_levels)
    levels = pd.Series({q: int(answers[q]) for q in questions.index}, dtype=float)
    by_dim = levels.groupby(questions["dimension"], sort=False).mean().rename("score")
    table = model.dimensions.join(by_dim)
    table["level"] = np.floor(table["score"] + 1e-9).astype(int)
    table = table[["name", "name_zh", "score", "level", "next_step"]]
    score = float(table["score"].mean())
    level = int(math.floor(score + 1e-9))
    weakest = str(table["score"].idxmin())
    return MaturityResult(
        by_dimension=table,
        score=score,
        level=level,
        level_name=str(model.levels.loc[level, "name"]),
        weakest=weakest,
    )
