"""CLV: summaries, BG/NBD and Gamma-Gamma (reproducing the published CDNOW fits), CLV."""

import warnings

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from course_lib import clv
from course_lib.validation import CourseDataError, NotFittedError


# ------------------------------------------------------------------------------ fixtures
@pytest.fixture(scope="module")
def cdnow_summary():
    from course_lib import data

    log = data.load_cdnow()
    return clv.summarize(
        log,
        customer="customer_id",
        date="date",
        amount="amount",
        calibration_end="1997-09-30",
        observation_end="1998-06-30",
    )


@pytest.fixture(scope="module")
def cdnow_bg(cdnow_summary):
    s = cdnow_summary
    return clv.BetaGeo().fit(s["frequency"], s["recency"], s["T"])


@pytest.fixture
def log():
    return pd.DataFrame(
        {
            "id": ["a", "a", "a", "a", "b", "c", "c"],
            "day": pd.to_datetime(
                [
                    "2024-01-01",
                    "2024-01-01",
                    "2024-01-15",
                    "2024-02-12",
                    "2024-01-08",
                    "2024-01-03",
                    "2024-01-31",
                ]
            ),
            "value": [10.0, 5.0, 20.0, 40.0, 8.0, 12.0, 6.0],
        }
    )


def _small_base(seed=3, n=400):
    rng = np.random.default_rng(seed)
    base = clv.simulate_customers(
        n_customers=n, T=rng.uniform(20, 40, n), r=0.5, alpha=4.0, a=0.8, b=2.5, seed=seed
    )
    return base["frequency"].to_numpy(), base["recency"].to_numpy(), base["T"].to_numpy()


# ---------------------------------------------------------------------------- summarize
def test_summarize_counts_repeat_days_and_sums_a_day(log):
    s = clv.summarize(log, customer="id", date="day", amount="value", observation_end="2024-02-12")
    assert list(s.columns) == ["frequency", "recency", "T", "monetary"]
    assert s.loc["a", "frequency"] == 2  # 3 distinct days, the first day had two orders
    assert s.loc["a", "recency"] == pytest.approx(42 / 7)
    assert s.loc["a", "T"] == pytest.approx(42 / 7)
    assert s.loc["a", "monetary"] == pytest.approx(30.0)  # mean of 20 and 40, first day excluded
    assert s.loc["b", "frequency"] == 0 and s.loc["b", "monetary"] == 0
    assert s.loc["b", "T"] == pytest.approx(35 / 7)


def test_summarize_with_calibration_splits_the_periods(log):
    s = clv.summarize(
        log,
        customer="id",
        date="day",
        amount="value",
        calibration_end="2024-01-20",
        observation_end="2024-02-29",
        unit="D",
    )
    assert s.loc["a", "frequency"] == 1 and s.loc["a", "recency"] == 14
    assert s.loc["a", "T"] == 19 and s.loc["a", "monetary"] == 20
    assert s.loc["a", "frequency_holdout"] == 1 and s.loc["c", "frequency_holdout"] == 1
    assert s.loc["c", "frequency"] == 0
    assert (s["duration_holdout"] == 40).all()


def test_summarize_leaves_out_customers_who_start_after_calibration(log):
    s = clv.summarize(
        log, customer="id", date="day", calibration_end="2024-01-02", observation_end="2024-02-29"
    )
    assert list(s.index) == ["a"]
    assert "monetary" not in s.columns


def test_summarize_keeps_string_ids_and_does_not_mutate(log):
    frame = log.assign(id=["007", "007", "007", "007", "042", "100", "100"])
    before = frame.copy()
    s = clv.summarize(frame, customer="id", date="day")
    assert list(s.index) == ["007", "042", "100"]
    pd.testing.assert_frame_equal(frame, before)


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"unit": "Y"}, r"`unit` must be one of \['D', 'M', 'W'\]; got 'Y'"),
        ({"calibration_end": "2024-03-01", "observation_end": "2024-02-01"}, r"is after `observation_end`"),
        ({"calibration_end": "2023-12-01"}, r"is before the first purchase"),
        ({"calibration_end": "not a date"}, r"`calibration_end` must be a date"),
    ],
)
def test_summarize_refuses_bad_arguments(log, kwargs, message):
    with pytest.raises(CourseDataError, match=message):
        clv.summarize(log, customer="id", date="day", **kwargs)


def test_summarize_refuses_bad_tables(log):
    with pytest.raises(TypeError, match="`transactions` must be a pandas DataFrame"):
        clv.summarize(log.to_dict(), customer="id", date="day")
    with pytest.raises(CourseDataError, match=r"lacks column\(s\) \['value2'\]"):
        clv.summarize(log, customer="id", date="day", amount="value2")
    with pytest.raises(CourseDataError, match=r"negative value\(s\), first at row 2"):
        clv.summarize(log.assign(value=[1, 2, -3, 4, 5, 6, 7.0]), customer="id", date="day", amount="value")
    with pytest.raises(CourseDataError, match=r"missing value\(s\)"):
        clv.summarize(log.assign(id=["a", None, "a", "a", "b", "c", "c"]), customer="id", date="day")


# ---------------------------------------------------------------- reproducing the papers
def test_cdnow_summary_matches_the_published_setup(cdnow_summary):
    s = cdnow_summary
    assert len(s) == 2357
    assert int((s["frequency"] > 0).sum()) == 946
    assert s["T"].max() == pytest.approx(272 / 7)
    assert s["duration_holdout"].iloc[0] == pytest.approx(273 / 7)


def test_bg_nbd_reproduces_fader_hardie_lee_2005(cdnow_bg):
    published = {"r": 0.243, "alpha": 4.414, "a": 0.793, "b": 2.426}
    for name, value in published.items():
        assert round(cdnow_bg.params_[name], 3) == value, name
    assert cdnow_bg.log_likelihood_ == pytest.approx(-9582.4, abs=0.5)
    assert repr(cdnow_bg) == (
        "BetaGeo(r=0.243, alpha=4.414, a=0.793, b=2.426; fitted on 2,357 customers, log-likelihood -9582.4)"
    )


def test_gamma_gamma_reproduces_the_iso_value_paper(cdnow_summary):
    gg = clv.GammaGamma().fit(cdnow_summary["frequency"], cdnow_summary["monetary"])
    assert gg.n_customers_ == 946
    assert round(gg.params_["p"], 2) == 6.25
    assert round(gg.params_["q"], 2) == 3.74
    assert round(gg.params_["gamma"], 2) == 15.44


# ------------------------------------------------- the same printed figures on any CPU
# Another CPU's floating-point kernels change the path an optimiser takes; so do another
# order of the customers and another starting point. Whatever the path, every figure
# chapter 5 and the workbench print must come out the same, at the precision printed.
_STARTS = [None, {"r": 0.1, "alpha": 1.0, "a": 0.3, "b": 5.0}, {"r": 3.0, "alpha": 40.0, "a": 2.0, "b": 0.5}]
_GG_STARTS = [None, {"p": 1.0, "q": 10.0, "gamma": 100.0}, {"p": 20.0, "q": 2.0, "gamma": 3.0}]


def _printed_figures(summary, bg_start, gg_start) -> list[str]:
    """What the chapter prints from a BG/NBD and Gamma-Gamma fit, as the strings it shows."""
    from course_lib import churn

    f, r, t = summary["frequency"], summary["recency"], summary["T"]
    bg = clv.BetaGeo().fit(f, r, t, initial_params=bg_start)
    gg = clv.GammaGamma().fit(f, summary["monetary"], initial_params=gg_start)
    value = pd.Series(
        clv.customer_lifetime_value(bg, gg, f, r, t, summary["monetary"], months=12, margin=0.45),
        index=summary.index,
    ).sort_index()
    alive = pd.Series(bg.p_alive(f, r, t), index=summary.index).sort_index()
    managers = churn.allocate_managers(value, n_managers=5, accounts_per_manager=40)
    managed = managers[managers["service"] == "manager"]
    return [
        repr(bg),
        repr(gg),
        f"{bg.expected_purchases(39, [3, 3], [37.0, 12.0], [38.0, 38.0]).round(2)}",
        f"{bg.p_alive([3, 3], [37.0, 12.0], [38.0, 38.0]).round(3)}",
        f"{bg.expected_purchases(39, f, r, t).sum():,.0f}",
        value.round(0).to_string(),
        alive.round(2).to_string(),
        managed.groupby("manager")["value"].sum().round(0).to_string(),
        f"{managed['value'].sum() / managers['value'].sum():.1%}",
    ]


@pytest.mark.parametrize("which", ["cdnow", "lumen"])
def test_printed_figures_do_not_depend_on_order_or_starting_point(which, cdnow_summary):
    from course_lib import data

    if which == "cdnow":
        summary = cdnow_summary
    else:
        summary = clv.summarize(
            data.load_orders(),
            customer="customer_id",
            date="order_date",
            amount="amount",
            observation_end="2024-12-31",
        )
    expected = _printed_figures(summary, None, None)
    rng = np.random.default_rng(2024)
    for bg_start, gg_start in zip(_STARTS[1:], _GG_STARTS[1:]):
        shuffled = summary.iloc[rng.permutation(len(summary))]
        assert _printed_figures(shuffled, bg_start, gg_start) == expected
    shuffled = summary.iloc[rng.permutation(len(summary))]
    assert _printed_figures(shuffled, None, None) == expected


def test_initial_params_are_checked(cdnow_summary):
    s = cdnow_summary
    with pytest.raises(CourseDataError, match="initial_params"):
        clv.BetaGeo().fit(s["frequency"], s["recency"], s["T"], initial_params={"r": 1.0})
    with pytest.raises(CourseDataError, match="initial_params"):
        clv.GammaGamma().fit(
            s["frequency"], s["monetary"], initial_params={"p": -1.0, "q": 1.0, "gamma": 1.0}
        )


def test_bg_nbd_predictions_are_sensible_on_cdnow(cdnow_bg, cdnow_summary):
    s = cdnow_summary
    args = (s["frequency"], s["recency"], s["T"])
    alive = cdnow_bg.p_alive(*args)
    assert ((alive > 0) & (alive <= 1)).all()
    assert (alive[s["frequency"].to_numpy() == 0] == 1).all()
    expected = cdnow_bg.expected_purchases(39, *args)
    # the aggregate holdout forecast lands within 15 % of the 1,882 actual repeat days
    assert expected.sum() == pytest.approx(s["frequency_holdout"].sum(), rel=0.15)
    longer = cdnow_bg.expected_purchases(52, *args)
    assert (longer >= expected).all()


# ----------------------------------------------------------------------------- BetaGeo
def test_results_before_fit_raise_not_fitted():
    for model, attribute in (
        (clv.BetaGeo(), "params_"),
        (clv.GammaGamma(), "params_"),
        (clv.BetaGeo(), "log_likelihood_"),
    ):
        with pytest.raises(NotFittedError, match=r"not fitted yet.*call `\w+\(\)\.fit"):
            getattr(model, attribute)
        assert not hasattr(model, attribute)
    with pytest.raises(AttributeError):
        clv.BetaGeo().p_alive([1], [1.0], [2.0])
    assert repr(clv.BetaGeo()) == "BetaGeo(not fitted)"


def test_not_fitted_error_is_a_course_data_error():
    with pytest.raises(CourseDataError):
        clv.GammaGamma().expected_spend([1], [10.0])


@pytest.mark.parametrize(
    "frequency, recency, T, message",
    [
        ([1, -1], [1.0, 0.0], [2.0, 2.0], r"`frequency` has 1 negative value\(s\), first at position 1"),
        (
            [1.5, 0],
            [1.0, 0.0],
            [2.0, 2.0],
            r"`frequency` has 1 fractional value\(s\), first at position 0 \(1.5\)",
        ),
        ([1, 2], [3.0, 1.0], [2.0, 2.0], r"`recency` exceeds `T` for 1 customer\(s\), first at position 0"),
        ([0, 2], [1.0, 1.0], [2.0, 2.0], r"`recency` is not 0 for 1 customer\(s\) with frequency 0"),
        (
            [1, np.nan],
            [1.0, 0.0],
            [2.0, 2.0],
            r"`frequency` has 1 missing or infinite value\(s\), first at position 1",
        ),
        ([1, 2], [1.0, 1.0], [2.0], r"different lengths \(`frequency` 2, `recency` 2, `T` 1\)"),
        ([1, 2], [1.0, -1.0], [2.0, 2.0], r"`recency` has 1 negative value\(s\)"),
        ([], [], [], r"the vectors are empty"),
    ],
)
def test_beta_geo_refuses_bad_inputs(frequency, recency, T, message):
    with pytest.raises(CourseDataError, match=message):
        clv.BetaGeo().fit(frequency, recency, T)


def test_beta_geo_refuses_a_table_or_text():
    with pytest.raises(TypeError, match="`T` must be a list, numpy array or pandas Series; got DataFrame"):
        clv.BetaGeo().fit([1], [1.0], pd.DataFrame({"T": [2.0]}))
    with pytest.raises(CourseDataError, match="`frequency` must hold numbers"):
        clv.BetaGeo().fit(["one"], [1.0], [2.0])


def test_whole_number_floats_are_integer_frequencies():
    x, tx, T = _small_base()
    as_int = clv.BetaGeo().fit(x.astype(int), tx, T)
    as_float = clv.BetaGeo().fit(pd.Series(x.astype(float)), list(tx), T)
    assert as_int.params_ == pytest.approx(as_float.params_)


def test_a_handful_of_customers_warns_instead_of_raising():
    with pytest.warns(clv.ConvergenceWarning, match=r"only 3 customers were given"):
        model = clv.BetaGeo().fit([1, 0, 2], [5.0, 0.0, 8.0], [10.0, 10.0, 10.0])
    assert all(np.isfinite(v) for v in model.params_.values())


def test_enough_customers_fit_without_warning():
    x, tx, T = _small_base()
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        model = clv.BetaGeo().fit(x, tx, T)
    assert "fitted on 400 customers" in repr(model)


def test_expected_purchases_takes_scalar_or_vector_horizon():
    x, tx, T = _small_base()
    model = clv.BetaGeo().fit(x, tx, T)
    scalar = model.expected_purchases(10, x[:3], tx[:3], T[:3])
    vector = model.expected_purchases([10, 10, 20], x[:3], tx[:3], T[:3])
    assert vector[:2] == pytest.approx(scalar[:2])
    assert vector[2] > scalar[2]
    assert model.expected_purchases(0, x[:3], tx[:3], T[:3]) == pytest.approx(0)
    with pytest.raises(CourseDataError, match=r"`t` has 2 values but there are 3 customers"):
        model.expected_purchases([1, 2], x[:3], tx[:3], T[:3])
    with pytest.raises(CourseDataError, match=r"`t` must be ≥ 0; got -1"):
        model.expected_purchases(-1, x[:3], tx[:3], T[:3])
    with pytest.raises(CourseDataError, match=r"`t` must be finite and ≥ 0"):
        model.expected_purchases([1, -2, 3], x[:3], tx[:3], T[:3])
    with pytest.raises(TypeError, match=r"`t` must be a number; got str '10'"):
        model.expected_purchases("10", x[:3], tx[:3], T[:3])
    with pytest.raises(TypeError, match=r"`t` must be a number; got bool True"):
        model.expected_purchases(True, x[:3], tx[:3], T[:3])


def test_long_silence_lowers_p_alive():
    x, tx, T = _small_base()
    model = clv.BetaGeo().fit(x, tx, T)
    recent, silent = model.p_alive([4, 4], [39.0, 5.0], [40.0, 40.0])
    assert recent > silent


@settings(max_examples=50, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 20), st.floats(0, 1), st.floats(0.5, 60)), min_size=1, max_size=20))
def test_p_alive_and_expectations_stay_in_range(rows):
    model = clv.BetaGeo()
    model._params = {"r": 0.243, "alpha": 4.414, "a": 0.793, "b": 2.426}
    model._n, model._log_likelihood = 2357, -9582.4
    x = np.array([r[0] for r in rows], dtype=float)
    T = np.array([r[2] for r in rows])
    tx = np.where(x > 0, T * np.array([r[1] for r in rows]), 0.0)
    alive = model.p_alive(x, tx, T)
    assert np.all((alive > 0) & (alive <= 1))
    short, long_ = model.expected_purchases(5, x, tx, T), model.expected_purchases(50, x, tx, T)
    assert np.all(short >= -1e-9) and np.all(long_ >= short - 1e-9)


# -------------------------------------------------------------------------- GammaGamma
def test_gamma_gamma_refuses_bad_spend():
    with pytest.raises(CourseDataError, match=r"no customer has a repeat purchase"):
        clv.GammaGamma().fit([0, 0], [0.0, 0.0])
    with pytest.raises(
        CourseDataError,
        match=r"`monetary` is not positive for 1 repeat buyer\(s\), first at position 1 \(0.0\)",
    ):
        clv.GammaGamma().fit([1, 2, 0], [10.0, 0.0, 0.0])
    with pytest.raises(CourseDataError, match=r"`monetary` has 1 missing"):
        clv.GammaGamma().fit([1, 2], [10.0, np.nan])


def test_expected_spend_shrinks_towards_the_population_mean():
    rng = np.random.default_rng(5)
    x = rng.integers(1, 8, 300).astype(float)
    m = rng.gamma(6.0, 6.0, 300)
    model = clv.GammaGamma().fit(x, m)
    p, q, v = model.params_["p"], model.params_["q"], model.params_["gamma"]
    population = p * v / (q - 1)
    spend = model.expected_spend([1, 10, 0], [500.0, 500.0, 0.0])
    assert population < spend[0] < spend[1] < 500  # more repeats, more weight on own mean
    assert spend[2] == pytest.approx(population)
    assert "fitted on 300 repeat buyers" in repr(model)


# ---------------------------------------------------------------------------------- CLV
def test_simple_clv_matches_the_closed_form_and_the_finite_sum():
    assert clv.simple_clv(100.0, 0.8, discount_rate=0.1) == pytest.approx(100 * 0.8 / 0.3)
    finite = clv.simple_clv(100.0, 0.8, discount_rate=0.1, periods=400)
    assert finite == pytest.approx(clv.simple_clv(100.0, 0.8, discount_rate=0.1))
    assert clv.simple_clv(100.0, 0.0) == 0


@pytest.mark.parametrize(
    "kwargs, error, message",
    [
        ({"retention": 1.0}, CourseDataError, r"`retention` must be < 1; got 1.0"),
        ({"retention": 80}, CourseDataError, r"`retention` must be < 1; got 80"),
        ({"retention": float("nan")}, CourseDataError, r"`retention` must be a finite number; got nan"),
        ({"discount_rate": -0.1}, CourseDataError, r"`discount_rate` must be ≥ 0; got -0.1"),
        ({"periods": 0}, CourseDataError, r"`periods` must be ≥ 1; got 0"),
        ({"periods": 2.5}, CourseDataError, r"`periods` must be a whole number; got 2.5"),
        ({"margin": "100"}, TypeError, r"`margin` must be a number; got str '100'"),
    ],
)
def test_simple_clv_refuses_bad_arguments(kwargs, error, message):
    args = {"margin": 100.0, "retention": 0.8} | kwargs
    margin, retention = args.pop("margin"), args.pop("retention")
    with pytest.raises(error, match=message):
        clv.simple_clv(margin, retention, **args)


def test_customer_lifetime_value_discounts_and_scales(cdnow_bg, cdnow_summary):
    s = cdnow_summary.iloc[:200]
    gg = clv.GammaGamma().fit(cdnow_summary["frequency"], cdnow_summary["monetary"])
    args = (cdnow_bg, gg, s["frequency"], s["recency"], s["T"], s["monetary"])
    base = clv.customer_lifetime_value(*args, months=12, discount_rate=0.0, margin=1.0)
    spend = gg.expected_spend(s["frequency"], s["monetary"])
    purchases = cdnow_bg.expected_purchases(12 * 365.25 / 12 / 7, s["frequency"], s["recency"], s["T"])
    assert base == pytest.approx(purchases * spend)
    discounted = clv.customer_lifetime_value(*args, months=12, discount_rate=0.01, margin=1.0)
    assert np.all(discounted < base)
    half = clv.customer_lifetime_value(*args, months=12, discount_rate=0.0, margin=0.5)
    assert half == pytest.approx(base / 2)
    with pytest.raises(CourseDataError, match=r"`margin` must be ≤ 1; got 30"):
        clv.customer_lifetime_value(*args, margin=30)
    with pytest.raises(CourseDataError, match=r"`months` must be ≥ 1; got 0"):
        clv.customer_lifetime_value(*args, months=0)
    with pytest.raises(TypeError, match=r"`bg` must be a fitted BetaGeo"):
        clv.customer_lifetime_value(gg, cdnow_bg, *args[2:])


def test_a_fit_recovers_the_parameters_it_was_simulated_with():
    base = clv.simulate_customers(n_customers=4000, T=39.0, r=0.25, alpha=4.0, a=0.8, b=2.5, seed=11)
    model = clv.BetaGeo().fit(base["frequency"], base["recency"], base["T"])
    assert model.params_["r"] == pytest.approx(0.25, rel=0.2)
    assert model.params_["alpha"] == pytest.approx(4.0, rel=0.25)
    assert model.params_["a"] == pytest.approx(0.8, rel=0.35)
    assert model.params_["b"] == pytest.approx(2.5, rel=0.5)
    assert (base["recency"] <= base["T"]).all()


def test_simulate_customers_refuses_bad_parameters():
    with pytest.raises(CourseDataError, match=r"`alpha` must be > 0; got -1"):
        clv.simulate_customers(n_customers=3, T=39.0, r=0.25, alpha=-1, a=0.8, b=2.5, seed=1)
    with pytest.raises(TypeError, match=r"`b` must be a number; got str '2.5'"):
        clv.simulate_customers(n_customers=3, T=39.0, r=0.25, alpha=4, a=0.8, b="2.5", seed=1)
    with pytest.raises(CourseDataError, match=r"`n_customers` must be ≥ 1; got 0"):
        clv.simulate_customers(n_customers=0, T=39.0, r=0.25, alpha=4, a=0.8, b=2.5, seed=1)
