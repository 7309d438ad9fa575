"""The buy-till-you-die models: BG/NBD (:class:`BetaGeo`) and Gamma-Gamma (:class:`GammaGamma`),
fitted by maximum likelihood (analytics layer).

Chapter 5 of the course (``notebooks/05_loyalty_value.ipynb``) forecasts each customer's
purchases and spend with them; :func:`course_lib.clv.customer_lifetime_value` combines the
two into a value, and :func:`course_lib.clv.summarize` prepares their inputs.

- :class:`BetaGeo` — the BG/NBD model of Fader, Hardie & Lee (2005), "'Counting your
  customers' the easy way: an alternative to the Pareto/NBD model", *Marketing Science*
  24(2). Each customer buys at their own steady rate while alive (Poisson, rates vary as a
  gamma distribution across customers, parameters ``r`` and ``alpha``) and after every
  purchase may quietly drop out for good (probability varying as a beta distribution,
  parameters ``a`` and ``b``). From a customer's ``frequency``, ``recency`` and ``T`` it
  gives the probability they are still alive and the purchases to expect.
- :class:`GammaGamma` — the spend model of Fader, Hardie & Lee (2005), "RFM and CLV: using
  iso-value curves for customer base analysis", *Journal of Marketing Research* 42(4):
  each customer's average order value varies around their own mean (gamma, shape ``p``),
  and those means vary across customers (gamma, ``q`` and ``gamma``); spend is assumed
  independent of purchase frequency.
- :func:`simulate_customers` draws customers from the BG/NBD story, to see what the
  parameters mean and check that a fit recovers them; :class:`ConvergenceWarning` flags a
  fit whose estimates should not be trusted.

Both models are fitted by maximum likelihood on log parameters: each distinct customer
history once, weighted by how many customers share it; scipy's BFGS with the analytic
gradient of the log-likelihood; then Newton steps until no log-parameter moves by 1e-10.
Stopping there, and not where a default tolerance would, is what makes the printed
estimates and forecasts the same on every CPU (``tests/test_clv.py`` refits from other
starting points and customer orders and compares every figure chapter 5 prints). scipy is
imported at module level on purpose: the first fit after import must be fast. Results
asked of a model before ``fit`` raise :class:`course_lib.validation.NotFittedError`.

The names were first in :mod:`course_lib.clv`, which still re-exports them (``clv.BetaGeo``
and ``clv.GammaGamma`` are DESIGN.md §3 contracts).

Examples
--------
>>> base = simulate_customers(n_customers=500, T=39.0, r=0.25, alpha=4.0, a=0.8, b=2.5, seed=7)
>>> bg = BetaGeo().fit(base["frequency"], base["recency"], base["T"])
>>> sorted(bg.params_)
['a', 'alpha', 'b', 'r']
"""

from __future__ import annotations

import warnings
from collections.abc import Mapping

import numpy as np
import pandas as pd
from scipy.optimize import minimize
from scipy.special import digamma, expit, gammaln, hyp2f1

from .language import tr
from .validation import (
    CourseDataError,
    NotFittedError,
    Vector,
    make_rng,
    require_number,
    require_whole,
    to_vector,
)

__all__ = [
    "ConvergenceWarning",
    "BetaGeo",
    "GammaGamma",
    "simulate_customers",
]

_MIN_CUSTOMERS = 30


class ConvergenceWarning(UserWarning):
    """A model fit returned estimates that should not be trusted (too few customers, or
    the optimiser stopped before it converged)."""


# ------------------------------------------------------------------------- validation
def _vectors(**named) -> dict[str, np.ndarray]:
    arrays = {name: to_vector(values, name) for name, values in named.items()}
    lengths = {name: len(a) for name, a in arrays.items()}
    if len(set(lengths.values())) > 1:
        listed = ", ".join(f"`{n}` {k}" for n, k in lengths.items())
        raise CourseDataError(
            f"the vectors have different lengths ({listed}); pass one value "
            "per customer in each, in the same order."
        )
    for name, a in arrays.items():
        bad = ~np.isfinite(a)
        if bad.any():
            raise CourseDataError(
                f"`{name}` has {int(bad.sum())} missing or infinite value(s), first at position "
                f"{int(np.flatnonzero(bad)[0])}; drop or fill those customers first."
            )
    if arrays and len(next(iter(arrays.values()))) == 0:
        raise CourseDataError("the vectors are empty; expected at least one customer.")
    return arrays


def _check_frequency(x: np.ndarray) -> None:
    bad = x < 0
    if bad.any():
        i = int(np.flatnonzero(bad)[0])
        raise CourseDataError(
            f"`frequency` has {int(bad.sum())} negative value(s), first at position {i} "
            f"({x[i]!s}); frequency counts repeat purchase days and is ≥ 0."
        )
    frac = x != np.round(x)
    if frac.any():
        i = int(np.flatnonzero(frac)[0])
        raise CourseDataError(
            f"`frequency` has {int(frac.sum())} fractional value(s), first at position {i} "
            f"({x[i]!s}); it counts repeat purchase days, a whole number."
        )


def _rfm_vectors(frequency, recency, T) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    v = _vectors(frequency=frequency, recency=recency, T=T)
    x, tx, big_t = v["frequency"], v["recency"], v["T"]
    _check_frequency(x)
    for name, a in (("recency", tx), ("T", big_t)):
        bad = a < 0
        if bad.any():
            i = int(np.flatnonzero(bad)[0])
            raise CourseDataError(
                f"`{name}` has {int(bad.sum())} negative value(s), first at "
                f"position {i} ({a[i]!s}); times are ≥ 0."
            )
    over = tx > big_t
    if over.any():
        i = int(np.flatnonzero(over)[0])
        raise CourseDataError(
            f"`recency` exceeds `T` for {int(over.sum())} customer(s), first at position {i} "
            f"(recency {tx[i]!s} > T {big_t[i]!s}); recency runs from the first to the last "
            "purchase and cannot be longer than T. Check that both use the same unit and end date."
        )
    lone = (x == 0) & (tx != 0)
    if lone.any():
        i = int(np.flatnonzero(lone)[0])
        raise CourseDataError(
            f"`recency` is not 0 for {int(lone.sum())} customer(s) with frequency 0, first at "
            f"position {i} (recency {tx[i]!s}); without a repeat purchase the last purchase "
            "is the first, so recency must be 0."
        )
    return x, tx, big_t


def _distinct_rows(*columns) -> tuple[tuple[np.ndarray, ...], np.ndarray]:
    """The distinct rows of equally long vectors (sorted) and how often each occurs.

    A likelihood summed over customers only needs each distinct history once, weighted by
    its count: CDNOW's 2,357 customers have 1,016 distinct (frequency, recency, T) rows.
    Sorting also makes the sum independent of the order the customers came in.
    """
    rows, counts = np.unique(np.column_stack(columns), axis=0, return_counts=True)
    return tuple(rows.T), counts.astype(float)


def _newton_polish(value_and_gradient, theta, args, *, steps=6, step_tol=1e-10):
    """Newton steps on a converged BFGS point until no log-parameter moves by ``step_tol``.

    The Hessian comes from forward differences of the analytic gradient (its error of about
    1e-6 only slows Newton's quadratic convergence to a linear one at rate 1e-6). A step is
    taken only while the Hessian is positive definite and the step lowers the objective, so
    a flat or ill-posed likelihood (a handful of customers) keeps the BFGS point.
    """
    h = 1e-6
    eye = np.eye(len(theta))
    fun, grad = value_and_gradient(theta, *args)
    for _ in range(steps):
        hessian = np.array([(value_and_gradient(theta + h * e, *args)[1] - grad) / h for e in eye])
        hessian = (hessian + hessian.T) / 2
        try:
            lower = np.linalg.cholesky(hessian)
        except np.linalg.LinAlgError:
            break
        step = -np.linalg.solve(lower.T, np.linalg.solve(lower, grad))
        new_fun, new_grad = value_and_gradient(theta + step, *args)
        if not np.isfinite(new_fun) or new_fun > fun + 1e-12 * max(1.0, abs(fun)):
            break
        theta, fun, grad = theta + step, new_fun, new_grad
        if np.max(np.abs(step)) < step_tol:
            break
    return theta, fun, grad


def _fit_logparams(value_and_gradient, start, args, names, n_customers, model):
    """Maximum likelihood on log parameters: BFGS with the analytic gradient, then Newton.

    The result is converged to about 1e-10 in every log-parameter, far below any digit the
    course prints, so that other CPUs' floating-point kernels (and other customer orders or
    starting points) print the same figures.
    """
    with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
        result = minimize(
            value_and_gradient,
            start,
            args=args,
            jac=True,
            method="BFGS",
            options={"gtol": 1e-9, "maxiter": 500},
        )
        theta, fun, grad = result.x, result.fun, result.jac
        if np.all(np.isfinite(theta)) and np.isfinite(fun):
            theta, fun, grad = _newton_polish(value_and_gradient, theta, args)
    params = np.exp(theta)
    if not np.all(np.isfinite(params)) or not np.isfinite(fun):
        raise CourseDataError(
            f"the {model} fit did not find finite estimates on {n_customers} customers; the "
            "data may be too few or too uniform. Try more customers or a longer period."
        )
    converged = grad is not None and np.max(np.abs(grad)) < 1e-6
    trouble = []
    if not converged:
        trouble.append(f"the optimiser stopped early ({result.message})")
    if np.any(np.abs(theta) > np.log(1e4)):
        extreme = [n for n, v in zip(names, theta) if abs(v) > np.log(1e4)]
        trouble.append(f"parameter(s) {extreme} ran to an extreme value")
    if n_customers < _MIN_CUSTOMERS:
        trouble.append(f"only {n_customers} customers were given")
    if trouble:
        warnings.warn(
            f"{model} estimates may be unreliable: {'; '.join(trouble)}. Fit on more customers "
            f"(at least {_MIN_CUSTOMERS}, ideally hundreds) or a longer calibration period.",
            ConvergenceWarning,
            stacklevel=3,
        )
    return params, float(fun)


def _not_fitted(model: str, attribute: str) -> NotFittedError:
    return NotFittedError(
        f"this {model} is not fitted yet, so it has no `{attribute}`; call "
        f"`{model}().fit(...)` with your customers first."
    )


def simulate_customers(
    *,
    n_customers: int,
    T: float | Vector,
    r: float,
    alpha: float,
    a: float,
    b: float,
    seed: int | np.random.Generator,
) -> pd.DataFrame:
    """Draw customers from the BG/NBD story: ``frequency``, ``recency`` and ``T`` per customer.

    Each customer makes a first purchase at time 0, buys at a rate drawn from
    Gamma(``r``, ``alpha``) and after every purchase drops out with a probability drawn from
    Beta(``a``, ``b``). Useful to see what the parameters mean and to check that a fit
    recovers them.

    Parameters
    ----------
    n_customers : int
        Number of customers to draw.
    T : float or vector
        Observation time of each customer (one number for all, or one per customer).
    r, alpha, a, b : float
        BG/NBD parameters (all > 0).
    seed : int or numpy.random.Generator
        Seed of the random numbers.

    Returns
    -------
    pandas.DataFrame
        One row per customer with ``frequency`` (repeat purchases), ``recency`` (time of the
        last purchase) and ``T``, ready for :meth:`BetaGeo.fit`.

    Examples
    --------
    >>> base = simulate_customers(n_customers=3, T=39.0, r=0.25, alpha=4.4, a=0.8, b=2.4, seed=1)
    >>> list(base.columns)
    ['frequency', 'recency', 'T']
    """
    n_customers = require_whole(n_customers, "n_customers", low=1)
    for name, value in (("r", r), ("alpha", alpha), ("a", a), ("b", b)):
        require_number(value, name, low=0, low_open=True)
    rng = make_rng(seed)
    horizon = np.broadcast_to(np.asarray(T, dtype=float), (n_customers,)).copy()
    if np.any(~np.isfinite(horizon)) or np.any(horizon < 0):
        raise CourseDataError(f"`T` must be finite and ≥ 0; got {T!s}.")
    rate = rng.gamma(r, 1.0 / alpha, n_customers)
    drop = rng.beta(a, b, n_customers)
    now = np.zeros(n_customers)
    last = np.zeros(n_customers)
    count = np.zeros(n_customers)
    active = np.ones(n_customers, dtype=bool)
    while active.any():
        idx = np.flatnonzero(active)
        now[idx] += rng.exponential(1.0 / np.maximum(rate[idx], 1e-12))
        bought = now[idx] <= horizon[idx]
        buyers = idx[bought]
        count[buyers] += 1
        last[buyers] = now[buyers]
        active[idx[~bought]] = False
        gone = rng.random(len(buyers)) < drop[buyers]
        active[buyers[gone]] = False
    return pd.DataFrame({"frequency": count, "recency": last, "T": horizon})


# ----------------------------------------------------------------------------- BG/NBD
def _bg_loglik_terms(log_params, x, tx, big_t, x_values=None, x_at=None):
    """Each row's BG/NBD log-likelihood (equation 6 of the paper) and its gradient.

    Returns the log-likelihoods and a (4, rows) array of their derivatives with respect
    to ``log r``, ``log alpha``, ``log a`` and ``log b``. The gamma functions of ``x`` are
    evaluated once per distinct frequency (``x_values``, with ``x_at`` indexing them per row).
    """
    if x_values is None:
        x_values, x_at = np.unique(x, return_inverse=True)
    r, alpha, a, b = np.exp(log_params)
    repeat = x > 0
    log_at = np.log(alpha + big_t)
    log_atx = np.log(alpha + tx)
    b_x_1 = np.where(repeat, b + x - 1, 1.0)
    # log odds that the customer dropped out right after their last purchase (none without one)
    log_odds = np.where(repeat, np.log(a) - np.log(b_x_1) + (r + x) * (log_at - log_atx), -np.inf)
    lg_r = gammaln(r + x_values)[x_at]
    lg_b = gammaln(b + x_values)[x_at]
    lg_ab = gammaln(a + b + x_values)[x_at]
    terms = (
        lg_r
        - gammaln(r)
        + r * np.log(alpha)
        + gammaln(a + b)
        + lg_b
        - gammaln(b)
        - lg_ab
        - (r + x) * log_at
        + np.logaddexp(0.0, log_odds)
    )
    dropped = expit(log_odds)  # posterior probability of having dropped out
    psi_ab = digamma(a + b)
    psi_ab_x = digamma(a + b + x_values)[x_at]
    gradient = np.array(
        [
            r
            * (
                digamma(r + x_values)[x_at]
                - digamma(r)
                + np.log(alpha)
                - log_at
                + dropped * (log_at - log_atx)
            ),
            alpha
            * (
                r / alpha
                - (r + x) / (alpha + big_t)
                + dropped * (r + x) * (1 / (alpha + big_t) - 1 / (alpha + tx))
            ),
            a * (psi_ab - psi_ab_x) + dropped,
            b * (psi_ab + digamma(b + x_values)[x_at] - digamma(b) - psi_ab_x - dropped / b_x_1),
        ]
    )
    return terms, gradient


def _bg_objective(log_params, x, tx, big_t, weight, x_values, x_at):
    """Mean negative log-likelihood over customers (rows weighted by count), and its gradient."""
    terms, gradient = _bg_loglik_terms(log_params, x, tx, big_t, x_values, x_at)
    total = weight.sum()
    return -(weight @ terms) / total, -(gradient @ weight) / total


def _start(initial_params, names, default, scales):
    """Log starting point of a fit: ``default`` or the user's ``initial_params`` (rescaled)."""
    if initial_params is None:
        return np.log(np.asarray(default, dtype=float))
    if not isinstance(initial_params, dict) or set(initial_params) != set(names):
        raise CourseDataError(
            f"`initial_params` must be a dict with the keys {names}; got {initial_params!r}."
        )
    values = np.array([initial_params[n] for n in names], dtype=float) / np.asarray(scales)
    if not np.all(np.isfinite(values) & (values > 0)):
        raise CourseDataError(f"`initial_params` must all be numbers > 0; got {initial_params!r}.")
    return np.log(values)


class _FittedModel:
    """The fitted state both models share: results before ``fit`` raise :class:`NotFittedError`."""

    _NAME = "model"

    def __init__(self):
        self._params = None

    def _fitted(self, attribute: str):
        if self._params is None:
            raise _not_fitted(self._NAME, attribute)

    @property
    def params_(self) -> dict[str, float]:
        """Fitted parameters (BetaGeo: ``r``, ``alpha``, ``a``, ``b``; GammaGamma: ``p``, ``q``, ``gamma``)."""
        self._fitted("params_")
        return dict(self._params)

    @property
    def log_likelihood_(self) -> float:
        """Total log-likelihood of the fit (GammaGamma: over repeat buyers only)."""
        self._fitted("log_likelihood_")
        return self._log_likelihood

    @property
    def n_customers_(self) -> int:
        """Number of customers the model was fitted on (GammaGamma: repeat buyers)."""
        self._fitted("n_customers_")
        return self._n


class BetaGeo(_FittedModel):
    """The BG/NBD model: how many purchases to expect, and whether a customer is still alive.

    Assumptions, in plain words: while alive, a customer buys at a steady rate of their
    own (purchases follow a Poisson process); rates differ between customers as a gamma
    distribution (``r``, ``alpha``); after each purchase a customer drops out for good
    with a probability of their own, which differs between customers as a beta distribution
    (``a``, ``b``). Dropping out is never observed; the model infers it from silence.
    Reference: Fader, Hardie & Lee (2005), *Marketing Science* 24(2).

    ``fit`` finds the unpenalised maximum-likelihood parameters (BFGS on log parameters).

    Examples
    --------
    >>> base = simulate_customers(n_customers=1000, T=39.0, r=0.25, alpha=4.0, a=0.8,
    ...                           b=2.5, seed=7)
    >>> model = BetaGeo().fit(base["frequency"], base["recency"], base["T"])
    >>> sorted(model.params_)
    ['a', 'alpha', 'b', 'r']
    >>> model.p_alive([4, 4], [38.0, 8.0], [39.0, 39.0]).round(2)   # recent vs long silent
    array([0.86, 0.03])
    """

    _NAME = "BetaGeo"

    def fit(
        self,
        frequency: Vector,
        recency: Vector,
        T: Vector,
        *,
        initial_params: Mapping[str, float] | None = None,
    ) -> BetaGeo:
        """Fit the model on one row per customer (see :func:`course_lib.clv.summarize`); returns ``self``.

        The maximum-likelihood estimates are found by BFGS with the analytic gradient of the
        log-likelihood, then polished by Newton steps until no log-parameter moves by more
        than 1e-10: the estimates do not depend on the starting point, the order of the
        customers or the CPU's floating-point kernels at any digit the course prints.

        Parameters
        ----------
        frequency : vector
            Repeat purchase days (whole numbers ≥ 0; ``2.0`` counts as 2).
        recency : vector
            Time from the first to the last purchase (0 without repeats).
        T : vector
            Time from the first purchase to the end of the period, ≥ recency.
        initial_params : dict, optional
            Where the optimiser starts (``r``, ``alpha``, ``a``, ``b``, all > 0); by default
            1, a tenth of the longest ``T`` (rounded to a power of ten), 1 and 1.

        Returns
        -------
        BetaGeo
            ``self``, fitted: ``params_``, ``log_likelihood_``, ``n_customers_``.

        Examples
        --------
        >>> base = simulate_customers(n_customers=500, T=39.0, r=0.25, alpha=4.0, a=0.8, b=2.5, seed=7)
        >>> model = BetaGeo().fit(base["frequency"], base["recency"], base["T"])
        >>> model.n_customers_
        500
        """
        x, tx, big_t = _rfm_vectors(frequency, recency, T)
        # time in units near 1 for the optimiser (alpha is a time, rescaled back below)
        longest = float(np.max(big_t))
        scale = 10.0 ** np.floor(np.log10(longest)) if longest > 0 else 1.0
        names = ["r", "alpha", "a", "b"]
        start = _start(initial_params, names, [1.0, 1.0, 1.0, 1.0], [1.0, scale, 1.0, 1.0])
        (x_u, tx_u, t_u), weight = _distinct_rows(x, tx, big_t)
        x_values, x_at = np.unique(x_u, return_inverse=True)
        params, _ = _fit_logparams(
            _bg_objective,
            start,
            (x_u, tx_u / scale, t_u / scale, weight, x_values, x_at),
            names,
            len(x),
            self._NAME,
        )
        r, alpha, a, b = params
        self._params = {"r": float(r), "alpha": float(alpha * scale), "a": float(a), "b": float(b)}
        log_params = np.log([r, alpha * scale, a, b])
        self._log_likelihood = float(weight @ _bg_loglik_terms(log_params, x_u, tx_u, t_u, x_values, x_at)[0])
        self._n = len(x)
        return self

    def _ready(self):
        if self._params is None:
            raise _not_fitted(self._NAME, "params_")
        p = self._params
        return p["r"], p["alpha"], p["a"], p["b"]

    def p_alive(self, frequency: Vector, recency: Vector, T: Vector) -> np.ndarray:
        """Probability that each customer is still alive at the end of their ``T``.

        A customer without repeat purchases is alive with probability 1 in this model
        (the BG/NBD lets customers drop out only right after a purchase).

        Parameters
        ----------
        frequency, recency, T : vector
            One row per customer, as in :meth:`fit`.

        Returns
        -------
        numpy.ndarray
            One probability (0–1) per customer.

        Examples
        --------
        >>> base = simulate_customers(n_customers=500, T=39.0, r=0.25, alpha=4.0, a=0.8, b=2.5, seed=7)
        >>> model = BetaGeo().fit(base["frequency"], base["recency"], base["T"])
        >>> float(model.p_alive([0], [0.0], [39.0])[0])
        1.0
        """
        r, alpha, a, b = self._ready()
        x, tx, big_t = _rfm_vectors(frequency, recency, T)
        repeat = x > 0
        ratio = np.where(repeat, a / np.where(repeat, b + x - 1, 1.0), 0.0)
        log_term = (r + x) * (np.log(alpha + big_t) - np.log(alpha + tx))
        return 1.0 / (1.0 + ratio * np.exp(log_term))

    def expected_purchases(
        self, t: float | Vector, frequency: Vector, recency: Vector, T: Vector
    ) -> np.ndarray:
        """Expected purchases of each customer in the next ``t`` periods (conditional
        expectation, equation 10 of the paper).

        Parameters
        ----------
        t : float or vector
            A number (the same horizon for everyone) or one horizon per customer, in the
            unit of ``recency`` and ``T`` (≥ 0).
        frequency, recency, T : vector
            One row per customer, as in :meth:`fit`.

        Returns
        -------
        numpy.ndarray
            Expected purchases per customer.

        Examples
        --------
        >>> base = simulate_customers(n_customers=500, T=39.0, r=0.25, alpha=4.0, a=0.8, b=2.5, seed=7)
        >>> model = BetaGeo().fit(base["frequency"], base["recency"], base["T"])
        >>> model.expected_purchases(52, [2, 2], [30.0, 5.0], [39.0, 39.0]).round(2).tolist()   # recent vs silent
        [1.66, 0.32]
        """
        r, alpha, a, b = self._ready()
        x, tx, big_t = _rfm_vectors(frequency, recency, T)
        horizon = self._horizon(t, len(x))
        z = horizon / (alpha + big_t + horizon)
        hyp = hyp2f1(r + x, b + x, a + b + x - 1, z)
        head = (a + b + x - 1) / (a - 1)
        body = 1 - ((alpha + big_t) / (alpha + big_t + horizon)) ** (r + x) * hyp
        repeat = x > 0
        ratio = np.where(repeat, a / np.where(repeat, b + x - 1, 1.0), 0.0)
        alive_odds = 1 + ratio * ((alpha + big_t) / (alpha + tx)) ** (r + x)
        return head * body / alive_odds

    def expected_purchases_new(self, t) -> np.ndarray:
        """Expected purchases in ``t`` periods of a customer just acquired (equation 9)."""
        r, alpha, a, b = self._ready()
        horizon = self._horizon(t, None)
        hyp = hyp2f1(r, b, a + b - 1, horizon / (alpha + horizon))
        return (a + b - 1) / (a - 1) * (1 - (alpha / (alpha + horizon)) ** r * hyp)

    @staticmethod
    def _horizon(t, n) -> np.ndarray:
        if np.isscalar(t):
            horizon = np.asarray(require_number(t, "t", low=0))
        else:
            horizon = to_vector(t, "t")
            if n is not None and len(horizon) != n:
                raise CourseDataError(
                    f"`t` has {len(horizon)} values but there are {n} "
                    "customers; pass one number or one horizon per customer."
                )
        if np.any(~np.isfinite(horizon)) or np.any(horizon < 0):
            raise CourseDataError(f"`t` must be finite and ≥ 0; got {t!s}.")
        return horizon

    def __repr__(self) -> str:
        if self._params is None:
            return "BetaGeo(" + tr("not fitted") + ")"
        p = self._params
        return (
            f"BetaGeo(r={p['r']:.3f}, alpha={p['alpha']:.3f}, a={p['a']:.3f}, "
            f"b={p['b']:.3f}; "
            + tr("fitted on {n} customers, log-likelihood {log_likelihood}").format(
                n=f"{self._n:,}", log_likelihood=f"{self._log_likelihood:.1f}"
            )
            + ")"
        )


# ------------------------------------------------------------------------ Gamma-Gamma
def _gg_loglik_terms(log_params, x, m, x_values=None, x_at=None):
    """Each repeat buyer's Gamma-Gamma log-likelihood and its gradient with respect to
    ``log p``, ``log q`` and ``log gamma`` (a (3, rows) array). The gamma functions of
    ``p·x`` are evaluated once per distinct frequency (``x_values``, indexed by ``x_at``)."""
    if x_values is None:
        x_values, x_at = np.unique(x, return_inverse=True)
    p, q, v = np.exp(log_params)
    px = p * x
    log_vmx = np.log(v + m * x)
    pxv = p * x_values
    terms = (
        (gammaln(pxv + q) - gammaln(pxv))[x_at]
        - gammaln(q)
        + q * np.log(v)
        + (px - 1) * np.log(m)
        + px * np.log(x)
        - (px + q) * log_vmx
    )
    psi_pxq = digamma(pxv + q)[x_at]
    gradient = np.array(
        [
            px * (psi_pxq - digamma(pxv)[x_at] + np.log(m) + np.log(x) - log_vmx),
            q * (psi_pxq - digamma(q) + np.log(v) - log_vmx),
            q - (px + q) * v / (v + m * x),
        ]
    )
    return terms, gradient


def _gg_objective(log_params, x, m, weight, x_values, x_at):
    """Mean negative log-likelihood over repeat buyers, and its gradient."""
    terms, gradient = _gg_loglik_terms(log_params, x, m, x_values, x_at)
    total = weight.sum()
    return -(weight @ terms) / total, -(gradient @ weight) / total


def _spend_vectors(frequency, monetary, *, require_repeat: bool):
    v = _vectors(frequency=frequency, monetary=monetary)
    x, m = v["frequency"], v["monetary"]
    _check_frequency(x)
    repeat = x > 0
    if require_repeat and not repeat.any():
        raise CourseDataError(
            "no customer has a repeat purchase (all frequencies are 0); the "
            "Gamma-Gamma model learns from repeat buyers only."
        )
    bad = repeat & (m <= 0)
    if bad.any():
        i = int(np.flatnonzero(bad)[0])
        raise CourseDataError(
            f"`monetary` is not positive for {int(bad.sum())} repeat buyer(s), first at "
            f"position {i} ({m[i]!s}); the Gamma-Gamma model needs a positive mean spend. "
            "Leave out customers whose repeat purchases were free."
        )
    return x, m, repeat


class GammaGamma(_FittedModel):
    """The Gamma-Gamma spend model: what a customer's average purchase will be worth.

    Assumptions, in plain words: the value of a customer's purchases varies around their
    own mean; those means differ between customers as a gamma distribution; and how much a
    customer spends per purchase does not depend on how often they buy (check it: the
    correlation of ``frequency`` and ``monetary`` among repeat buyers should be weak).
    Customers with ``frequency`` 0 are left out of the fit. Reference: Fader, Hardie & Lee
    (2005), *Journal of Marketing Research* 42(4).

    Examples
    --------
    >>> rng = np.random.default_rng(3)
    >>> frequency = rng.integers(0, 6, 500)
    >>> nu = rng.gamma(4.0, 1 / 15.0, 500)          # each customer's spend scale
    >>> x = np.maximum(frequency, 1)                # mean of x orders, each Gamma(6, nu)
    >>> monetary = np.where(frequency > 0, rng.gamma(6.0 * x, 1 / (nu * x)), 0.0)
    >>> model = GammaGamma().fit(frequency, monetary)
    >>> sorted(model.params_)
    ['gamma', 'p', 'q']
    >>> model.n_customers_
    417
    """

    _NAME = "GammaGamma"

    def fit(
        self, frequency: Vector, monetary: Vector, *, initial_params: Mapping[str, float] | None = None
    ) -> GammaGamma:
        """Fit on one row per customer: repeat purchase days and mean repeat spend.

        Maximum likelihood by BFGS with the analytic gradient, polished by Newton steps
        until no log-parameter moves by more than 1e-10 (see :meth:`BetaGeo.fit`).

        Parameters
        ----------
        frequency : vector
            Repeat purchase days; customers with 0 are left out.
        monetary : vector
            Mean value of each customer's repeat purchase days (> 0 for repeat buyers).
        initial_params : dict, optional
            Where the optimiser starts (``p``, ``q``, ``gamma``, all > 0); by default 1, 1
            and the median spend rounded down to a power of ten.

        Returns
        -------
        GammaGamma
            ``self``, fitted: ``params_``, ``log_likelihood_``, ``n_customers_``.

        Examples
        --------
        >>> rng = np.random.default_rng(3)
        >>> freq = rng.integers(1, 6, 300)
        >>> model = GammaGamma().fit(freq, rng.gamma(6.0, 5.0, 300))
        >>> sorted(model.params_)
        ['gamma', 'p', 'q']
        """
        x, m, repeat = _spend_vectors(frequency, monetary, require_repeat=True)
        x, m = x[repeat], m[repeat]
        scale = 10.0 ** np.floor(np.log10(np.median(m)))
        names = ["p", "q", "gamma"]
        start = _start(initial_params, names, [1.0, 1.0, 1.0], [1.0, 1.0, scale])
        (x_u, m_u), weight = _distinct_rows(x, m)
        x_values, x_at = np.unique(x_u, return_inverse=True)
        params, _ = _fit_logparams(
            _gg_objective, start, (x_u, m_u / scale, weight, x_values, x_at), names, len(x), self._NAME
        )
        p, q, v = params
        self._params = {"p": float(p), "q": float(q), "gamma": float(v * scale)}
        log_params = np.log([p, q, v * scale])
        self._log_likelihood = float(weight @ _gg_loglik_terms(log_params, x_u, m_u, x_values, x_at)[0])
        self._n = len(x)
        return self

    def expected_spend(self, frequency: Vector, monetary: Vector) -> np.ndarray:
        """Expected value of each customer's future purchases.

        A weighted mean of the population mean ``p·gamma/(q−1)`` and the customer's own
        ``monetary``; the more repeat purchases, the more weight on their own mean. For a
        customer without repeats it is the population mean.

        Parameters
        ----------
        frequency, monetary : vector
            One row per customer, as in :meth:`fit`; customers without repeats are allowed.

        Returns
        -------
        numpy.ndarray
            Expected spend per purchase, per customer.

        Examples
        --------
        >>> rng = np.random.default_rng(3)
        >>> model = GammaGamma().fit(rng.integers(1, 6, 300), rng.gamma(6.0, 5.0, 300))
        >>> spend = model.expected_spend([0, 5], [0.0, 80.0])
        >>> bool(spend[1] > spend[0])          # a big spender with repeats expects more
        True
        """
        if self._params is None:
            raise _not_fitted(self._NAME, "params_")
        x, m, _ = _spend_vectors(frequency, monetary, require_repeat=False)
        p, q, v = self._params["p"], self._params["q"], self._params["gamma"]
        if q <= 1:
            raise CourseDataError(
                f"the fitted q is {q:.3f} ≤ 1, so the mean spend is not finite; fit on more repeat buyers."
            )
        own = np.where(x > 0, m, 0.0)
        return (v + x * own) * p / (p * x + q - 1)

    def __repr__(self) -> str:
        if self._params is None:
            return "GammaGamma(" + tr("not fitted") + ")"
        p = self._params
        return (
            f"GammaGamma(p={p['p']:.2f}, q={p['q']:.2f}, gamma={p['gamma']:.2f}; "
            + tr("fitted on {n} repeat buyers, log-likelihood {log_likelihood}").format(
                n=f"{self._n:,}", log_likelihood=f"{self._log_likelihood:.1f}"
            )
            + ")"
        )
