r"""Section 2.2's optima for any family: the Newton backend of :mod:`isacmodel.solve.optima`.

Under the baseline :func:`isacmodel.solve.optima.solve_regime_batch` finds each regime's
symmetric optimum exactly (a cubic in the common investment); for another family of
:mod:`isacmodel.core.families` this module climbs the symmetric objective
:math:`c\,(a + B)^2 - 2 f(t, \delta_c t s)` of :func:`isacmodel.derive.welfare.revenue_coefficient`
(eqs. (9), (13) and the collusive ISA after Proposition 5) by Newton steps from the
starts of :data:`isacmodel.solve.nash_newton.STARTS`, then checks the result against a
grid of ``(s, t)``.  Whether an optimum exists at all is decided first
(:func:`existence_margin`).
"""

from __future__ import annotations

from functools import cache

import numpy as np
import sympy as sp

from isacmodel.core.compile import compile_expressions, parameter_values
from isacmodel.core.families import BASELINE, Specification
from isacmodel.core.model import SYM
from isacmodel.core.params import ParamsBatch
from isacmodel.core.regimes import Regime
from isacmodel.derive.welfare import L_I, regime_price_quantity, revenue_coefficient
from isacmodel.solve.nash_newton import GLOBAL_GRID, STARTS
from isacmodel.solve.results import BatchEquilibria

__all__ = ["asymptotic_cost", "existence_margin", "optimum_level", "solve_optimum_batch"]

_S_GRID = np.linspace(0.05, 1.0, 20)
_S, _T = sp.Symbol("s", nonnegative=True), sp.Symbol("t", nonnegative=True)
_OPTIMUM_ARGS = (*SYM.parameters(), _S, _T)


@cache
def asymptotic_cost(spec: Specification) -> sp.Expr:
    r"""Return :math:`L(s) = \lim_{t\to\infty} f(t, \delta_c t s)/t^2` for ``s, delta_c > 0``.

    The cooperative objectives grow like :math:`c\,(1 - \gamma + \delta_d s)^2 t^2 - 2f`
    along a ray of common sharing ``s``, so they are bounded above exactly when
    :math:`2L(s) > c\,(1 - \gamma + \delta_d s)^2` on every ray (see
    :func:`existence_margin`).  The baseline gives :math:`k(1-\rho)/2`; a cost whose
    saving grows without bound, as ``hyperbolic`` or ``exponential``, gives 0.
    """
    s, t = sp.Symbol("s", positive=True), sp.Symbol("t", positive=True)
    delta_c = sp.Symbol("delta_c", positive=True)
    cost = spec.cost.xreplace({SYM.t_i: t, SYM.y_j: delta_c * t * s})
    limit = sp.limit(cost / t**2, t, sp.oo)
    if limit.has(sp.oo, sp.zoo, sp.nan, sp.Limit):
        raise ValueError(f"no finite limit of f(t, delta_c t s)/t^2 for {spec.name}: {limit}")
    return limit.xreplace({s: sp.Symbol("s"), delta_c: SYM.delta_c})


@cache
def _existence_functions(spec: Specification, regime: str):
    """Lambdified revenue coefficient, L(s) and the limit of f(t, 0)/t^2 (sympy work once)."""
    t = sp.Symbol("t", positive=True)
    without = sp.limit(spec.cost.xreplace({SYM.y_j: 0, SYM.t_i: t}) / t**2, t, sp.oo)
    return (
        compile_expressions(revenue_coefficient(regime), (SYM.b1, SYM.b2)),
        compile_expressions(asymptotic_cost(spec), (*SYM.parameters(), sp.Symbol("s"))),
        compile_expressions(without, SYM.parameters()),
    )


def existence_margin(batch: ParamsBatch, regime: str, spec: Specification = BASELINE):
    r"""Slack of the condition under which a cooperative regime has a global symmetric optimum.

    :math:`\min_s [2L(s) - c\,(1 - \gamma + \delta_d s)^2]` over common sharing levels
    ``s`` in (0, 1] (:func:`asymptotic_cost`; with :math:`\delta_c = 0` the cost is
    :math:`f(t, 0)`).  Positive: the optimum exists; negative: the objective is
    unbounded and the regime has no optimum.  Under the baseline it equals
    :func:`isacmodel.derive.welfare.existence_margin`.
    """
    coefficient, spillover, no_spillover = _existence_functions(spec, regime)
    c = coefficient(batch.b1, batch.b2)
    values = parameter_values(batch)
    margins = []
    for share in _S_GRID:
        limit = np.where(batch.delta_c > 0, spillover(*values, share), no_spillover(*values))
        margins.append(2 * limit - c * (1 - batch.gamma + batch.delta_d * share) ** 2)
    return np.min(np.broadcast_arrays(*margins), axis=0)


@cache
def _optimum_functions(spec: Specification, regime: str):
    """Lambdified symmetric objective c (a + B)^2 - 2 f, its gradient and Hessian, and B."""
    level = (SYM.a_i + _T * (1 - SYM.gamma) + SYM.delta_d * _T * _S
             - spec.leakage.xreplace({SYM.s_i: _S, SYM.s_j: _S}))  # fmt: skip
    cost = spec.cost.xreplace({SYM.t_i: _T, SYM.y_j: SYM.delta_c * _T * _S})
    objective = revenue_coefficient(regime) * level**2 - 2 * cost
    gradient = [sp.diff(objective, v) for v in (_S, _T)]
    hessian = [sp.diff(objective, a, b) for a, b in ((_S, _S), (_S, _T), (_T, _T))]
    return [compile_expressions(expr, _OPTIMUM_ARGS)
            for expr in (objective, *gradient, *hessian, level, cost)]  # fmt: skip


def _optimum_values(spec, regime, batch: ParamsBatch, s, t) -> list[np.ndarray]:
    """Objective, gradient, Hessian, level and cost at ``(s, t)``.

    Overflow and invalid values are silenced here: a NaN or inf fails every test of
    :func:`solve_optimum_batch` (stationarity, the grid, the existence margin), and
    inadmissible entries are flagged by the caller.
    """
    values = parameter_values(batch)
    shape = np.broadcast(values[0], s).shape
    with np.errstate(all="ignore"):
        return [np.broadcast_to(f(*values, s, t), shape)
                for f in _optimum_functions(spec, regime)]  # fmt: skip


def _ascend(spec, regime, batch: ParamsBatch, s, t, iterations: int = 60):
    """Newton steps on the gradient, sharing kept in [0, 1] (only investment moves at a corner)."""
    for _ in range(iterations):
        with np.errstate(all="ignore"):
            _, g_s, g_t, h_ss, h_st, h_tt, *_ = _optimum_values(spec, regime, batch, s, t)
            det = h_ss * h_tt - h_st**2
            # Newton where the objective is locally concave, else a short uphill step in s
            step_s = np.where(det > 0, (h_tt * g_s - h_st * g_t) / det, -0.05 * np.sign(g_s))
            step_t = np.where(det > 0, (h_ss * g_t - h_st * g_s) / det, g_t / h_tt)
            corner = ((s <= 0) & (g_s <= 0)) | ((s >= 1) & (g_s >= 0))
            step_t = np.where(corner, g_t / h_tt, step_t)
            step_s = np.where(corner, 0.0, step_s)
            ascent = (h_tt < 0) & np.isfinite(step_s) & np.isfinite(step_t)
        # damped: sharing moves at most 0.5, investment at most 0.5 + t (far optima near the
        # existence boundary are reached by doubling)
        scale_s = np.minimum(1.0, 0.5 / np.maximum(np.abs(step_s), 1e-300))
        scale_t = np.minimum(1.0, (0.5 + t) / np.maximum(np.abs(step_t), 1e-300))
        new_s = np.clip(s - np.where(ascent, scale_s * step_s, 0.0), 0.0, 1.0)
        new_t = np.maximum(t - np.where(ascent, scale_t * step_t, -0.1 * t), 0.0)
        s, t = _stay_economic(spec, regime, batch, (s, t), (new_s, new_t))
    return s, t


def _stay_economic(spec, regime, batch: ParamsBatch, old, new, halvings: int = 30):
    """Shorten the steps from ``old`` to ``new`` that leave the economic region ``a + B >= 0``.

    A step from a point inside the region is halved until its end is inside too (or
    dropped); a start outside the region moves freely, and its end is rejected later.
    """
    s, t = old
    new_s, new_t = new
    inside = _level(spec, regime, batch, s, t) >= 0
    for _ in range(halvings):
        leaving = inside & ~(_level(spec, regime, batch, new_s, new_t) >= 0)
        if not leaving.any():
            return new_s, new_t
        new_s = np.where(leaving, (s + new_s) / 2, new_s)
        new_t = np.where(leaving, (t + new_t) / 2, new_t)
    leaving = inside & ~(_level(spec, regime, batch, new_s, new_t) >= 0)
    return np.where(leaving, s, new_s), np.where(leaving, t, new_t)


def _level(spec, regime, batch: ParamsBatch, s, t) -> np.ndarray:
    """Return the demand level ``a + B`` at common ``(s, t)`` (prices are its multiples)."""
    with np.errstate(all="ignore"):
        return _optimum_values(spec, regime, batch, s, t)[6]


def solve_optimum_batch(
    batch: ParamsBatch, regime: str, spec: Specification = BASELINE
) -> BatchEquilibria:
    r"""Symmetric optimum of a coordinated regime (joint profit, social optimum, collusion).

    Newton ascent on the symmetric objective :math:`c\,(a + B)^2 - 2f` from a grid of
    starts, then a global check on a grid of ``(s, t)``, both within the economic region
    (the demand level :math:`a + B \ge 0`, so that prices and quantities are not
    negative); ``ok`` only where the optimum exists (:func:`existence_margin`), the
    ascent converged inside the region and no grid point of the region is better.

    Returns
    -------
    BatchEquilibria
        Both columns hold the common choices; prices and quantities are the regime's
        (:func:`isacmodel.derive.welfare.regime_price_quantity`), profits net of the
        cost; ``corner`` and ``residual`` (the gradient) set, ``params`` and ``spec``.
        :func:`optimum_level` gives the demand level ``a + B``.
    """
    n = len(batch)
    exists = existence_margin(batch, regime, spec) > 0
    best_s, best_t, best_value = np.full(n, np.nan), np.full(n, np.nan), np.full(n, -np.inf)
    for s0, t0 in STARTS:
        s, t = _ascend(spec, regime, batch, np.full(n, s0), np.full(n, t0))
        value, g_s, g_t, *_ = _optimum_values(spec, regime, batch, s, t)
        stationary = (np.abs(g_t) < 1e-9) & (
            (np.abs(g_s) < 1e-9) | ((s <= 0) & (g_s <= 0)) | ((s >= 1) & (g_s >= 0)))  # fmt: skip
        economic = _level(spec, regime, batch, s, t) >= 0
        better = exists & stationary & economic & (value > best_value + 1e-12)
        best_s, best_t = np.where(better, s, best_s), np.where(better, t, best_t)
        best_value = np.where(better, value, best_value)
    found = np.isfinite(best_s)
    index = np.flatnonzero(found)
    is_global, grid_s, grid_t = _optimum_is_global(
        spec, regime, batch.subset(index), best_s[index], best_t[index], best_value[index]
    )
    # a local optimum beaten on the grid: climb once more from the best grid point
    retry = index[~is_global]
    if len(retry):
        part = batch.subset(retry)
        s, t = _ascend(spec, regime, part, grid_s[~is_global], grid_t[~is_global])
        value = _optimum_values(spec, regime, part, s, t)[0]
        again, _, _ = _optimum_is_global(spec, regime, part, s, t, value)
        best_s[retry], best_t[retry] = s, t
        is_global[~is_global] = again
    found[index] = is_global
    return _optimum_result(spec, Regime(regime), batch, best_s, best_t, found)


def _optimum_result(spec, regime: Regime, batch: ParamsBatch, s, t, found) -> BatchEquilibria:
    """Package the symmetric optima: prices and quantities of the regime, profits net of cost."""
    s_safe, t_safe = np.where(found, s, 0.5), np.where(found, t, 0.5)
    with np.errstate(all="ignore"):
        _, g_s, g_t, *_, level, cost = _optimum_values(spec, regime, batch, s_safe, t_safe)
        price, quantity = (
            np.broadcast_to(np.asarray(v, dtype=float), (len(batch),))
            for v in _price_quantity(regime)(batch.b1, batch.b2, level)
        )
        profit = price * quantity - cost  # fmt: skip
    corner = np.where(s_safe <= 0, "s_i = s_j = 0", np.where(s_safe >= 1, "s_i = s_j = 1", ""))
    residual = np.where(corner == "", np.maximum(np.abs(g_s), np.abs(g_t)), np.abs(g_t))

    def pair(values: np.ndarray) -> np.ndarray:
        return np.where(found[:, None], np.column_stack([values, values]), np.nan)

    return BatchEquilibria(
        s=pair(s_safe), t=pair(t_safe), p=pair(price), q=pair(quantity), profit=pair(profit),
        ok=found, reason=np.where(found, "", f"no {regime} optimum found"),
        spectral_radius=np.full(len(batch), np.nan), n_equilibria=found.astype(int),
        corner=np.where(found, corner, ""), residual=np.where(found, residual, np.nan),
        params=batch, spec=spec,
    )  # fmt: skip


@cache
def _price_quantity(regime: str):
    return compile_expressions(list(regime_price_quantity(regime)), (SYM.b1, SYM.b2, L_I))


def _optimum_is_global(spec, regime, batch: ParamsBatch, s, t, value):
    """Whether no grid point beats the candidate; also the best grid point ``(s, t)``."""
    best = np.full(len(s), -np.inf)
    best_s, best_t = np.zeros(len(s)), np.zeros(len(s))
    # a linear grid up to 4 t, then far investments up to 1e5 times that: near the
    # existence boundary the optimum can lie at a large investment
    near = np.maximum(4 * t, 2.0)
    scales = np.concatenate([np.linspace(0.0, 1.0, GLOBAL_GRID[1]), np.geomspace(1.5, 1e5, 15)])
    for scale in scales:
        grid_t = scale * near
        for grid_s in np.linspace(0.0, 1.0, GLOBAL_GRID[0]):
            values = _optimum_values(spec, regime, batch, np.full_like(s, grid_s), grid_t)
            candidate = np.where(values[6] >= 0, values[0], -np.inf)
            better = candidate > best
            best = np.where(better, candidate, best)
            best_s, best_t = np.where(better, grid_s, best_s), np.where(better, grid_t, best_t)
    return best <= value + 1e-9 * np.maximum(1.0, np.abs(value)), best_s, best_t


def optimum_level(result: BatchEquilibria, regime: str, spec: Specification = BASELINE):
    """Return the demand level ``a + B`` at each optimum (quantity is ``b1 (a+B)/(2b1 - b2)``)."""
    return _optimum_values(spec, regime, result.params, result.s[:, 0], result.t[:, 0])[6]
