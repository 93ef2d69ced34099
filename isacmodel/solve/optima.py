r"""Section 2.2's optima: the planner, the joint-profit ISA and a price-colluding ISA.

The objectives are derived in :mod:`isacmodel.derive.welfare`; this module solves
them.  :func:`solve_social_optimum` and :func:`solve_joint_profit` (and
:func:`solve_collusion`, an ISA that also sets a collusive price) find the
symmetric optima after checking that they exist
(:func:`isacmodel.derive.welfare.existence_margin`); :func:`solve_regime_batch`
solves many points at once; :func:`solve_nash_no_sharing` is the Bertrand-Nash
equilibrium with sharing forced to zero (Proposition 5(i)).
:func:`sharing_at_fixed_investment` and :func:`investment_at_fixed_sharing` give
each regime's choice with the other one held fixed, the steps of the proof of
Proposition 5(ii).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from typing import NamedTuple

import numpy as np
import sympy as sp

from isacmodel.core.compile import compile_expressions, parameter_values
from isacmodel.core.families import BASELINE, Specification
from isacmodel.core.model import SYM, price_numeric, profit_numeric
from isacmodel.core.params import require_batch, require_count, require_params
from isacmodel.core.regimes import Regime
from isacmodel.derive.welfare import (
    L_I,
    S,
    T,
    baseline_cost,
    baseline_level,
    check_regime,
    regime_price_quantity,
    symmetric_objective,
)
from isacmodel.derive.welfare import (
    existence_margin as baseline_existence_margin,
)
from isacmodel.numerics.polyroots import batch_real_roots
from isacmodel.numerics.search import golden_section
from isacmodel.solve import optima_newton
from isacmodel.solve.nash import is_baseline
from isacmodel.solve.nash_polynomial import evaluate_expressions, single_point_batch
from isacmodel.solve.optima_newton import asymptotic_cost, optimum_level
from isacmodel.solve.results import BatchEquilibria, Equilibrium, EquilibriumError

__all__ = [
    "asymptotic_cost",
    "best_investment",
    "existence_margin",
    "best_sharing",
    "investment_at_fixed_sharing",
    "no_sharing_investment",
    "optimum_level",
    "sharing_at_fixed_investment",
    "solve_collusion",
    "solve_joint_profit",
    "solve_nash_no_sharing",
    "solve_regime_batch",
    "solve_social_optimum",
]


class _RegimeFunctions(NamedTuple):
    objective: Callable
    cubic: Callable  # coefficients of the investment condition times (1 + delta_c s t)^2
    derivatives: Callable  # d/ds, d/dt, d2/ds2, d2/dsdt, d2/dt2
    level: Callable
    price_quantity: Callable
    cost: Callable


@cache
def _symmetric_functions(regime: str) -> _RegimeFunctions:
    """Lambdified objective, its investment condition as a cubic, derivatives, level, cost."""
    objective = symmetric_objective(regime)
    d_t = sp.diff(objective, T)
    cleared = sp.cancel(sp.together(d_t * (1 + SYM.delta_c * S * T) ** 2))
    polynomial = sp.Poly(sp.expand(cleared), T)
    if polynomial.degree() > 3:
        raise RuntimeError(f"expected a cubic investment condition, got {polynomial}")
    coefficients = [polynomial.coeff_monomial(T**n) for n in range(3, -1, -1)]
    derivatives = [sp.diff(objective, S), d_t, sp.diff(objective, S, 2),
                   sp.diff(objective, S, T), sp.diff(objective, T, 2)]  # fmt: skip
    arguments = (*SYM.parameters(), S, T)
    price, quantity = regime_price_quantity(regime)

    def numeric(expr):
        return compile_expressions(expr, arguments)

    return _RegimeFunctions(
        numeric(objective), numeric(coefficients), numeric(derivatives),
        numeric(baseline_level()), compile_expressions([price, quantity], (SYM.b1, SYM.b2, L_I)),
        numeric(baseline_cost()),
    )  # fmt: skip


def _values(batch) -> list[np.ndarray]:
    return parameter_values(batch)


def _aligned(values: list[np.ndarray], array: np.ndarray) -> list[np.ndarray]:
    """Per-entry parameters (axis 0) reshaped to broadcast against ``array`` of shape (n, ...)."""
    return [v.reshape(v.shape + (1,) * (array.ndim - v.ndim)) if v.ndim else v for v in values]


def best_investment(batch, regime: str, sharing) -> tuple[np.ndarray, np.ndarray]:
    r"""Return a regime's global best common investment for given common sharing, and its value.

    Only investments at which both firms sell at a non-negative price count (the
    economic region: the demand level :math:`a + B \ge 0`; under the baseline the
    level rises with ``t``, so this is ``t >= t_min(s)``).  The candidates are
    ``t_min(s)`` and every real root above it of the investment condition, a cubic
    once multiplied by the positive :math:`(1 + \delta_c s t)^2`; the best is exact,
    not a local search.  Where no investment reaches the region the value is ``-inf``.

    Parameters
    ----------
    batch : ParamsBatch or Params
    regime : str
        One of :data:`REGIMES`.
    sharing : array_like
        Common sharing levels in [0, 1]: shape ``(n,)`` or ``(n, m)`` for a batch of
        ``n`` entries (``m`` levels each), any shape for one :class:`Params`.

    Returns
    -------
    tuple of numpy.ndarray
        ``(t, objective)`` with the broadcast shape.
    """
    functions = _symmetric_functions(regime)
    sharing = np.asarray(sharing, dtype=float)
    values = _aligned(_values(batch), sharing)
    shape = np.broadcast_shapes(sharing.shape, *(v.shape for v in values))
    # the parameters broadcast against the sharing levels instead of being repeated for
    # each: the terms that involve parameters only are computed once per entry
    sharing = np.ascontiguousarray(np.broadcast_to(sharing, shape))
    with np.errstate(all="ignore"):
        rows = [np.broadcast_to(np.asarray(c, dtype=float), shape).ravel()
                for c in functions.cubic(*values, sharing, 0 * sharing)]  # fmt: skip
        roots = batch_real_roots(np.array(rows).T)  # columns contiguous
    lowest = _lowest_economic_investment(functions, values, sharing)
    candidates = np.column_stack([lowest.ravel(), roots]).reshape(*shape, -1)
    valid = np.isfinite(candidates) & (candidates >= lowest[..., None])
    candidates = np.where(valid, candidates, 0.0)
    with np.errstate(all="ignore"):
        payoff = functions.objective(*(v[..., None] for v in (*values, sharing)), candidates)
    payoff = np.where(valid, payoff, -np.inf)
    best = np.argmax(payoff, axis=-1)[..., None]
    return (np.take_along_axis(candidates, best, axis=-1)[..., 0],
            np.take_along_axis(payoff, best, axis=-1)[..., 0])  # fmt: skip


def _lowest_economic_investment(functions: _RegimeFunctions, values, sharing) -> np.ndarray:
    r"""Return the least common investment at which the demand level :math:`a + B` is non-negative.

    Under the baseline the level is linear in ``t``, :math:`L_0(s) + t\,L_1(s)` with
    :math:`L_1 = 1 - \gamma + \delta_d s > 0`, so the bound is
    :math:`\max(0, -L_0/L_1)`; ``inf`` where the level never reaches zero.
    """
    zero = np.zeros_like(sharing)
    with np.errstate(all="ignore"):
        at_zero = np.broadcast_to(functions.level(*values, sharing, zero), sharing.shape)
        slope = (
            np.broadcast_to(functions.level(*values, sharing, zero + 1), sharing.shape) - at_zero
        )
        bound = np.where(at_zero >= 0, 0.0, np.where(slope > 0, -at_zero / slope, np.inf))
    return bound


def _economic_objective(functions: _RegimeFunctions, values, s, t) -> np.ndarray:
    """Return a regime's objective, ``-inf`` outside the economic region (level below 0)."""
    with np.errstate(all="ignore"):
        objective = functions.objective(*values, s, t)
        level = functions.level(*values, s, t)
    return np.where(level >= 0, objective, -np.inf)


def best_sharing(batch, regime: str, investment, grid: int = 65) -> np.ndarray:
    """Return a regime's best common sharing in [0, 1] for a given common investment.

    Grid search, then golden-section search between the grid neighbours of the best
    grid point (for the steps of the proof of Proposition 5 that hold ``t`` fixed).

    Parameters
    ----------
    batch : ParamsBatch
    regime : str
        One of :data:`REGIMES`.
    investment : numpy.ndarray
        Common investment, one per entry.
    grid : int
        Grid points on [0, 1].
    """
    functions = _symmetric_functions(regime)
    values = _values(batch)
    t = np.asarray(investment, dtype=float)

    def objective(s: np.ndarray) -> np.ndarray:
        return _economic_objective(functions, _aligned(values, s), s, _aligned([t], s)[0])

    return _maximise_over_sharing(objective, len(t), grid)


def _maximise_over_sharing(objective, n: int, grid: int, iterations: int = 40) -> np.ndarray:
    sharing = np.linspace(0.0, 1.0, grid)
    with np.errstate(all="ignore"):
        best = np.argmax(objective(np.broadcast_to(sharing, (n, grid))), axis=1)
    low = sharing[np.maximum(best - 1, 0)]
    high = sharing[np.minimum(best + 1, grid - 1)]
    with np.errstate(all="ignore"):
        searched = golden_section(objective, low, high, iterations)
        # golden section never returns an end point exactly: snap to a corner that is
        # at least as good (corners first, so that argmax prefers them on ties)
        candidates = np.column_stack([np.zeros(n), np.ones(n), searched])
        values = objective(candidates)
    return candidates[np.arange(n), np.argmax(values, axis=1)]


def solve_regime_batch(
    batch, regime: str, grid: int = 65, *, spec: Specification = BASELINE
) -> BatchEquilibria:
    """Solve a coordinated regime's symmetric problem for many parameter points.

    For each entry: the existence condition (:func:`existence_margin`); then the
    best common sharing over [0, 1] with the exact best investment for each
    sharing level inside the economic region, where both prices are not negative
    (:func:`best_investment`): a grid, golden-section search between
    the best grid point's neighbours, and guarded Newton steps on both first-order
    conditions.  Entries that are inadmissible, asymmetric or unbounded, or whose
    optimum fails the second-order conditions, are flagged in ``ok``/``reason``.

    Parameters
    ----------
    batch : ParamsBatch
    regime : str
        One of :data:`REGIMES`.
    grid : int
        Sharing grid points.
    spec : Specification
        The functional forms.  Under any family but the baseline the Newton backend
        runs (:func:`isacmodel.solve.optima_newton.solve_optimum_batch`: Newton ascent
        from a grid of starts, a grid check; ``grid`` is not used, and the points must
        have symmetric firms).

    Returns
    -------
    BatchEquilibria
        With ``corner`` set (``"s_i = s_j = 1"`` etc.), ``params`` and ``spec``;
        ``spectral_radius`` NaN.
    """
    require_batch(batch)
    require_count(2, grid=grid)
    check_regime(regime)
    if not is_baseline(spec):
        return optima_newton.solve_optimum_batch(batch, regime, spec).flag_inadmissible()
    n = len(batch)
    reason = batch.violations()
    reason[(reason == "") & (batch.a_i != batch.a_j)] = "asymmetric firms (a_i != a_j)"
    margin = baseline_existence_margin(batch, regime)
    reason[(reason == "") & ~(margin > 0)] = "unbounded: k (1 - rho) <= c (1 - gamma + delta_d)^2"
    s = t = np.full(n, np.nan)
    active = reason == ""
    if active.any():
        points = batch.subset(active)
        s_active = _maximise_over_sharing(
            lambda x: best_investment(points, regime, x)[1], len(points), grid
        )
        s_active, t_active = _polish(points, regime, s_active, radius=2 / (grid - 1))
        s, t = s.copy(), t.copy()
        s[active], t[active] = s_active, t_active
    return _regime_result(batch, regime, s, t, reason)


def _polish(points, regime: str, s: np.ndarray, radius: float) -> tuple[np.ndarray, np.ndarray]:
    """Guarded Newton steps on both first-order conditions, from the searched optimum.

    A step is kept only where it stays within ``radius`` of the start (a grid
    spacing), inside the domain, and does not lower the objective: Newton's method
    would otherwise happily converge to a saddle point far away.  Corners
    (``s`` within 1e-9 of 0 or 1) are snapped and keep their exact best investment.
    """
    functions = _symmetric_functions(regime)
    values = _values(points)
    s = np.where(s <= 1e-9, 0.0, np.where(s >= 1 - 1e-9, 1.0, s))
    t = best_investment(points, regime, s)[0]
    interior = (s > 0) & (s < 1)
    start = s.copy()
    for _ in range(8):
        with np.errstate(all="ignore"):
            d_s, d_t, d_ss, d_st, d_tt = (
                np.broadcast_to(np.asarray(v, dtype=float), s.shape)
                for v in functions.derivatives(*values, s, t)
            )
            det = d_ss * d_tt - d_st**2
            step_s = (d_tt * d_s - d_st * d_t) / det
            step_t = (d_ss * d_t - d_st * d_s) / det
            new_s, new_t = s - step_s, t - step_t
            current = functions.objective(*values, s, t)
            better = _economic_objective(
                functions, values, new_s, new_t
            ) >= current - 1e-14 * np.abs(current)
        take = (interior & np.isfinite(new_s) & np.isfinite(new_t) & (new_s > 0) & (new_s < 1)
                & (new_t >= 0) & (np.abs(new_s - start) <= radius) & better)  # fmt: skip
        if not take.any():
            break
        s, t = np.where(take, new_s, s), np.where(take, new_t, t)
    return s, t


def _regime_result(batch, regime: str, s: np.ndarray, t: np.ndarray, reason) -> BatchEquilibria:

    functions = _symmetric_functions(regime)
    values = _values(batch)
    good = reason == ""
    s_safe, t_safe = np.where(good, s, 0.5), np.where(good, t, 0.5)
    with np.errstate(all="ignore"):
        d_s, d_t, d_ss, d_st, d_tt = (
            np.broadcast_to(np.asarray(v, dtype=float), (len(batch),))
            for v in functions.derivatives(*values, s_safe, t_safe)
        )
    corner = np.where(s_safe <= 0, "s_i = s_j = 0", np.where(s_safe >= 1, "s_i = s_j = 1", ""))
    interior = corner == ""
    second_order = np.where(interior, (d_ss < 0) & (d_ss * d_tt - d_st**2 > 0), d_tt < 0)
    reason[good & ~second_order] = "second-order conditions fail at the optimum"
    good = reason == ""
    with np.errstate(all="ignore"):  # inadmissible entries are masked below
        level = functions.level(*values, s_safe, t_safe)
        price, quantity = (
            np.broadcast_to(np.asarray(v, dtype=float), (len(batch),))
            for v in functions.price_quantity(batch.b1, batch.b2, level)
        )
        profit = price * quantity - functions.cost(*values, s_safe, t_safe)

    def pair(values: np.ndarray) -> np.ndarray:
        return np.where(good[:, None], np.column_stack([values, values]), np.nan)

    residual = np.where(interior, np.maximum(np.abs(d_s), np.abs(d_t)), np.abs(d_t))
    return BatchEquilibria(
        s=pair(s_safe), t=pair(t_safe), p=pair(price), q=pair(quantity), profit=pair(profit),
        ok=good, reason=reason, spectral_radius=np.full(len(batch), np.nan),
        n_equilibria=good.astype(int), corner=np.where(good, corner, ""), params=batch,
        spec=BASELINE,
        residual=np.where(good, residual, np.nan),
    )  # fmt: skip


def _solve_symmetric_regime(params, regime: Regime, spec: Specification = BASELINE):
    """Solve one point of :func:`solve_regime_batch`, as an ``Equilibrium``."""
    batch = single_point_batch(params)
    if params.a_i != params.a_j:
        raise ValueError(
            f"the {regime} is defined for symmetric firms (got a_i={params.a_i}, a_j={params.a_j})"
        )
    result = solve_regime_batch(batch, regime, grid=401, spec=spec)
    if not result.ok[0]:
        margin = float(existence_margin(batch, regime, spec)[0])
        if margin <= 0:
            raise EquilibriumError(
                f"the {regime} problem is unbounded under {spec.name}: it needs the cost to "
                f"outgrow the revenue, k (1 - rho) > c (1 - gamma + delta_d)^2 under the "
                f"baseline (slack {margin:.4g}); raise k or lower rho",
                margin=margin,
            )
        raise EquilibriumError(f"no {regime} optimum under {spec.name}: {result.reason[0]}")
    return Equilibrium(
        regime=regime, params=params, s=_pair(result.s), t=_pair(result.t), p=_pair(result.p),
        q=_pair(result.q), profit=_pair(result.profit), corner=str(result.corner[0]),
        residual=float(result.residual[0]), second_order=True, global_best_response=True,
    )  # fmt: skip


def existence_margin(batch, regime: str, spec: Specification = BASELINE) -> np.ndarray:
    r"""Slack of the condition under which a coordinated regime's symmetric optimum exists.

    Positive: the objective is bounded above and the optimum exists.  Under the baseline
    :func:`isacmodel.derive.welfare.existence_margin` (exact: :math:`k (1 - \rho) - c
    (1 - \gamma + \delta_d)^2`), else
    :func:`isacmodel.solve.optima_newton.existence_margin` (a grid over common sharing).
    """
    if is_baseline(spec):
        return np.asarray(baseline_existence_margin(batch, regime), dtype=float).reshape(-1)
    return optima_newton.existence_margin(batch, regime, spec)


def _pair(values: np.ndarray) -> tuple[float, float]:
    return float(values[0, 0]), float(values[0, 1])


def solve_social_optimum(params, spec: Specification = BASELINE) -> Equilibrium:
    r"""Solve the planner's symmetric problem at Bertrand prices (eqs. (9), (27)-(28)).

    The global maximum of welfare over :math:`s \in [0, 1]`, :math:`t \ge 0` with both
    prices not negative (the economic region, :func:`best_investment`; the optimum
    lies inside it, since :math:`c\,a^2 > 0` at the origin beats :math:`-2f \le 0` on
    its edge): for each ``s`` on a grid the best ``t`` is found exactly (a cubic), then
    ``s`` is refined by golden-section search and both first-order conditions are
    polished by Newton (:func:`solve_regime_batch` with a 401-point grid).

    Raises
    ------
    EquilibriumError
        If welfare is unbounded (see :func:`existence_margin`).
    ValueError
        If ``a_i != a_j``.
    """
    return _solve_symmetric_regime(require_params(params), Regime.SOCIAL_OPTIMUM, spec)


def solve_joint_profit(params, spec: Specification = BASELINE) -> Equilibrium:
    """Solve the joint-profit ISA's symmetric problem at Bertrand prices (eqs. (13)-(14)).

    Same method and errors as :func:`solve_social_optimum`.
    """
    return _solve_symmetric_regime(require_params(params), Regime.JOINT_PROFIT, spec)


def solve_collusion(params, spec: Specification = BASELINE) -> Equilibrium:
    """Solve the ISA's problem when it also sets a collusive common price (text after Prop. 5).

    Same method and errors as :func:`solve_social_optimum`; prices and quantities
    of the result are the collusive ones, and its ``welfare`` is computed at them.
    """
    return _solve_symmetric_regime(require_params(params), Regime.COLLUSION, spec)


# ------------------------------------------- the steps of the proof of Prop. 5
#: The regimes compared in Proposition 5: the market (Bertrand-Nash) and the two
#: coordinated regimes at Bertrand prices.
PROPOSITION_5_REGIMES = (Regime.NASH, Regime.JOINT_PROFIT, Regime.SOCIAL_OPTIMUM)


def sharing_at_fixed_investment(batch, regime: str, investment) -> np.ndarray:
    """Return the common sharing a regime chooses when the common investment is held fixed.

    For ``"nash"`` it is the symmetric solution of the sharing condition (5) at
    ``t_i = t_j = t`` (linear in the common sharing with the quadratic leakage, so
    two evaluations give it), clipped to [0, 1]; for the coordinated regimes it is
    the maximiser of the objective over [0, 1] (:func:`best_sharing`).

    Parameters
    ----------
    batch : ParamsBatch
    regime : str
        ``"nash"`` or one of :data:`REGIMES`.
    investment : numpy.ndarray
        Common investment, one per entry.
    """
    t = np.asarray(investment, dtype=float)
    if regime != Regime.NASH:
        return best_sharing(batch, regime, t)

    at_zero = evaluate_expressions("conditions", batch, 0 * t, 0 * t, t, t)[0]
    at_one = evaluate_expressions("conditions", batch, 0 * t + 1, 0 * t + 1, t, t)[0]
    with np.errstate(all="ignore"):
        root = at_zero / (at_zero - at_one)
    return np.clip(np.where(at_zero > 0, np.where(at_one < 0, root, 1.0), 0.0), 0.0, 1.0)


def investment_at_fixed_sharing(batch, regime: str, sharing) -> np.ndarray:
    r"""Return the common investment a regime chooses when the common sharing is held fixed.

    For ``"nash"`` it is the lowest positive symmetric solution of the investment
    condition (6) at ``s_i = s_j = s``: with the baseline cost the condition times
    :math:`1 + \delta_c s t` is a quadratic in the common ``t`` (three evaluations
    give it), positive at ``t = 0``; NaN if it has no positive root.  For the
    coordinated regimes it is the exact best investment (:func:`best_investment`).

    Parameters
    ----------
    batch : ParamsBatch
    regime : str
        ``"nash"`` or one of :data:`REGIMES`.
    sharing : numpy.ndarray
        Common sharing, one per entry.
    """
    s = np.asarray(sharing, dtype=float)
    if regime != Regime.NASH:
        return best_investment(batch, regime, s)[0]

    def cleared(t: float) -> np.ndarray:
        h = evaluate_expressions("conditions", batch, s, s, 0 * s + t, 0 * s + t)[1]
        return h * (1 + batch.delta_c * s * t)

    h0, h1, h2 = cleared(0.0), cleared(1.0), cleared(2.0)
    quadratic = (h2 - 2 * h1 + h0) / 2
    roots = batch_real_roots(np.column_stack([quadratic, h1 - h0 - quadratic, h0]))
    with np.errstate(invalid="ignore"):
        positive = np.where(roots > 0, roots, np.inf)
    lowest = positive.min(axis=1)
    return np.where(np.isfinite(lowest) & (h0 > 0), lowest, np.nan)


def no_sharing_investment(batch) -> tuple[np.ndarray, np.ndarray]:
    """Return the no-sharing equilibrium's common investment for many points, and ``dH_i/dt_i``.

    With :math:`s_i = s_j = 0` there is no spillover, so the investment condition at
    a common investment ``t`` is linear in ``t``: two evaluations give its root.

    Parameters
    ----------
    batch : ParamsBatch

    Returns
    -------
    tuple of numpy.ndarray
        ``(t, own_slope)``; ``t`` is NaN where the own slope is not negative (no
        best response: the payoff is not concave in own investment).
    """
    n = len(batch)
    zero, one = np.zeros(n), np.ones(n)
    at_zero = evaluate_expressions("conditions", batch, zero, zero, zero, zero)[1]
    at_one = evaluate_expressions("conditions", batch, zero, zero, one, one)[1]
    own_slope = evaluate_expressions("jacobian", batch, zero, zero, one, one)[5]  # dH_i/dt_i
    slope = at_one - at_zero
    with np.errstate(all="ignore"):
        t = np.where((own_slope < 0) & (slope < 0), -at_zero / slope, np.nan)
    return t, own_slope


def solve_nash_no_sharing(params):
    r"""Solve for the symmetric Bertrand-Nash equilibrium with sharing forced to zero.

    Used by Proposition 5(i).  Without sharing there is no spillover, so the
    investment condition is linear in the common investment (one root); each
    firm's payoff is concave in its own investment when
    :math:`k > 2 b_1 (\partial p_i/\partial t_i)^2`, which is checked, so the root is
    each firm's global best response.

    Raises
    ------
    EquilibriumError
        If the payoff is not concave in own investment (no best response).
    ValueError
        If ``a_i != a_j``.
    """
    if require_params(params).a_i != params.a_j:
        raise ValueError(
            f"the no-sharing equilibrium is symmetric (got a_i={params.a_i}, a_j={params.a_j})"
        )
    batch = single_point_batch(params)
    (t,), (own_slope,) = no_sharing_investment(batch)
    if not np.isfinite(t):
        raise EquilibriumError(
            "no investment best response without sharing: each firm's payoff is not concave "
            f"in its own investment (dH_i/dt_i = {own_slope:.4g}); raise k",
            own_slope=own_slope,
        )
    t = float(t)
    price = float(price_numeric(params, 0.0, 0.0, t, t))
    profit = float(profit_numeric(params, 0.0, 0.0, t, t))
    one = np.ones(1)
    rival_slope = evaluate_expressions("jacobian", batch, 0 * one, 0 * one, one, one)[
        7, 0
    ]  # dH_i/dt_j
    return Equilibrium(
        regime="nash, no sharing", params=params, s=(0.0, 0.0), t=(t, t), p=(price, price),
        q=(params.b1 * price, params.b1 * price), profit=(profit, profit),
        corner="s_i = s_j = 0 (imposed)", residual=0.0, second_order=True,
        spectral_radius=abs(rival_slope / own_slope), global_best_response=True,
    )  # fmt: skip
