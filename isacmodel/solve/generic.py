r"""Section 2.1's symmetric Nash equilibrium for any specification of the family menu.

The baseline solvers of :mod:`isacmodel.solve.nash` use the baseline's polynomial structure
(sharing proportional to investment, a quintic in ``t``).  For another cost or leakage
family nothing of that survives, so this module solves the first-order conditions
directly, batched over parameter points:

1. the payoff :math:`\pi_i = b_1 p_i^2 - f(t_i, \delta_c t_j s_j)` is built by sympy
   from the family expressions and the Bertrand prices of :mod:`isacmodel.core.model`,
   and its first-order conditions and their derivatives are lambdified;
2. at a symmetric point the two conditions are solved by damped Newton steps from a
   grid of starts (:data:`STARTS`), and every root with interior sharing and positive
   investment is a candidate;
3. a candidate is an equilibrium when the firm's own problem is locally concave there,
   best-response dynamics are stable (spectral radius below one), and no point of a
   grid over the firm's own choices pays more (a global best-response check); the
   lowest-sharing equilibrium is kept, as in :func:`isacmodel.solve.nash.solve_nash_batch`.

Comparative statics and reaction slopes then follow from the implicit function theorem,
exactly as for the baseline.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import numpy as np
import sympy as sp

from isacmodel.core.families import BASELINE, Specification
from isacmodel.core.model import PARAMETER_FIELDS, SYM, bertrand_prices, swap_firms
from isacmodel.core.params import ParamsBatch
from isacmodel.derive import bertrand
from isacmodel.derive.welfare import revenue_coefficient, welfare

__all__ = [
    "AsymmetricBatch",
    "STARTS",
    "SymmetricBatch",
    "asymptotic_cost",
    "existence_margin",
    "investment_condition_slope",
    "no_sharing_investment",
    "price_slopes",
    "specialise",
    "welfare_at",
    "reaction_slopes",
    "solve_asymmetric_batch",
    "solve_symmetric_batch",
    "statics",
]

#: Starting points (s, t) of the Newton search.
STARTS = tuple((s, t) for s in (0.05, 0.35, 0.7, 0.95) for t in (0.05, 0.3, 1.0))
_DECISIONS = (SYM.s_i, SYM.s_j, SYM.t_i, SYM.t_j)
ARGS = (*SYM.parameters(), *_DECISIONS)
_GRID = (21, 41)  # own sharing x own investment points of the global check
_TOLERANCE = 1e-10
#: Parameters whose equilibrium derivatives :func:`statics` gives ("a" moves both intercepts).
STATICS_PARAMETERS = ("a_i", "a", "b1", "b2", "gamma", "delta_d", "delta_c")


@dataclass
class SymmetricBatch:
    """Symmetric equilibria of a batch (NaN where none was found).

    Attributes
    ----------
    params : ParamsBatch
    s, t : numpy.ndarray
        Common sharing and investment.
    ok : numpy.ndarray
        Where an interior, locally concave, stable and globally best equilibrium exists.
    """

    params: ParamsBatch
    s: np.ndarray
    t: np.ndarray
    ok: np.ndarray

    def decisions(self) -> tuple[np.ndarray, ...]:
        """Return ``(s_i, s_j, t_i, t_j)`` at the equilibria."""
        return self.s, self.s, self.t, self.t


@cache
def _price(spec: Specification) -> sp.Expr:
    """Firm i's Bertrand price with the specification's leakage in its demand shift."""
    shift = SYM.t_i - SYM.gamma * SYM.t_j + SYM.delta_d * SYM.t_j * SYM.s_j - spec.leakage
    p_i, _ = bertrand_prices()
    return p_i.xreplace({SYM.B_i: shift, SYM.B_j: swap_firms(shift)})


@cache
def payoff_expression(spec: Specification) -> sp.Expr:
    cost = spec.cost.xreplace({SYM.y_j: SYM.delta_c * SYM.t_j * SYM.s_j})
    return SYM.b1 * _price(spec) ** 2 - cost


@cache
def _functions(spec: Specification):
    """Lambdified payoff, conditions, their Jacobians and parameter derivatives."""
    payoff = payoff_expression(spec)
    conditions = sp.Matrix([sp.diff(payoff, SYM.s_i), sp.diff(payoff, SYM.t_i)])
    both = sp.Matrix([*conditions, *(swap_firms(c) for c in conditions)])
    order = (SYM.s_i, SYM.t_i, SYM.s_j, SYM.t_j)
    symmetric = {SYM.s_j: SYM.s_i, SYM.t_j: SYM.t_i}
    reduced = conditions.xreplace(symmetric)
    rhs = {name: both.diff(getattr(SYM, name)) for name in STATICS_PARAMETERS if name != "a"}
    rhs["a"] = both.diff(SYM.a_i) + both.diff(SYM.a_j)

    def compile_(expr):
        matrix = expr if isinstance(expr, sp.MatrixBase) else sp.Matrix([[expr]])
        return [[sp.lambdify(ARGS, entry, "numpy") for entry in row] for row in matrix.tolist()]

    return {
        "payoff": compile_(payoff),
        "conditions": compile_(conditions),
        "reduced": compile_(reduced),
        "reduced jacobian": compile_(reduced.jacobian([SYM.s_i, SYM.t_i])),
        "jacobian": compile_(both.jacobian(order)),
        "price slopes": compile_(sp.Matrix([sp.diff(_price(spec), v)
                                            for v in (SYM.t_i, SYM.t_j, SYM.s_i)])),
        "cross partials": compile_(sp.Matrix([sp.diff(payoff, SYM.s_i, SYM.t_j),
                                              sp.diff(payoff, SYM.s_i, SYM.s_j),
                                              sp.diff(payoff, SYM.t_i, SYM.t_j)])),
        **{f"rhs:{name}": compile_(expr) for name, expr in rhs.items()},
    }  # fmt: skip


def call_compiled(
    spec: Specification, name: str, batch: ParamsBatch, s_i, s_j, t_i, t_j
) -> np.ndarray:
    """Evaluate a compiled function; the leading axes are the expression's, the last the batch."""
    values = [getattr(batch, field) for field in PARAMETER_FIELDS]
    shape = np.broadcast(values[0], s_i).shape
    return np.array([[np.broadcast_to(entry(*values, s_i, s_j, t_i, t_j), shape) for entry in row]
                     for row in _functions(spec)[name]])  # fmt: skip


def _newton(spec: Specification, batch: ParamsBatch, s, t, iterations: int = 60):
    """Damped Newton on the symmetric conditions, kept in s in [0, 1], t >= 0."""
    for _ in range(iterations):
        with np.errstate(all="ignore"):
            value = call_compiled(spec, "reduced", batch, s, s, t, t)[:, 0]  # (2, n)
            jac = call_compiled(spec, "reduced jacobian", batch, s, s, t, t)  # (2, 2, n)
            det = jac[0, 0] * jac[1, 1] - jac[0, 1] * jac[1, 0]
            ds = (jac[1, 1] * value[0] - jac[0, 1] * value[1]) / det
            dt = (jac[0, 0] * value[1] - jac[1, 0] * value[0]) / det
        step = np.where(np.isfinite(ds) & np.isfinite(dt), 1.0, 0.0)
        scale = np.minimum(1.0, 0.5 / np.maximum(np.abs(ds) + np.abs(dt), 1e-300))
        s = np.clip(s - step * scale * np.nan_to_num(ds), 0.0, 1.0)
        t = np.maximum(t - step * scale * np.nan_to_num(dt), 0.0)
    return s, t


def solve_symmetric_batch(batch: ParamsBatch, spec: Specification = BASELINE) -> SymmetricBatch:
    """Find each point's lowest-sharing interior symmetric Nash equilibrium under ``spec``.

    Parameters
    ----------
    batch : ParamsBatch
        Points with ``a_i == a_j`` (symmetric firms).
    spec : Specification

    Returns
    -------
    SymmetricBatch

    Raises
    ------
    ValueError
        If some point has asymmetric intercepts.
    """
    if not np.allclose(batch.a_i, batch.a_j):
        index = int(np.flatnonzero(~np.isclose(batch.a_i, batch.a_j))[0])
        raise ValueError(f"symmetric firms need a_i == a_j (got a_i={batch.a_i[index]}, "
                         f"a_j={batch.a_j[index]} at entry {index})")  # fmt: skip
    n = len(batch)
    found_s, found_t = [], []
    for s0, t0 in STARTS:
        s, t = _newton(spec, batch, np.full(n, s0), np.full(n, t0))
        local = _is_local_equilibrium(spec, batch, s, t)
        found_s.append(np.where(local, s, np.inf))
        found_t.append(t)
    found_s, found_t = np.column_stack(found_s), np.column_stack(found_t)
    order = np.argsort(found_s, axis=1)  # lowest sharing first, as the baseline solver
    found_s = np.take_along_axis(found_s, order, axis=1)
    found_t = np.take_along_axis(found_t, order, axis=1)
    best_s, best_t = np.full(n, np.nan), np.full(n, np.nan)
    for column in range(found_s.shape[1]):
        pending = np.isnan(best_s) & np.isfinite(found_s[:, column])
        if not pending.any():
            break
        s, t = found_s[pending, column], found_t[pending, column]
        best = _globally_best(spec, batch.subset(pending), s, t)
        index = np.flatnonzero(pending)[best]
        best_s[index], best_t[index] = s[best], t[best]
    return SymmetricBatch(batch, best_s, best_t, np.isfinite(best_s))


@dataclass
class AsymmetricBatch:
    """Equilibria between firms of different size (NaN where none was found).

    Attributes
    ----------
    params : ParamsBatch
    s, t : numpy.ndarray
        Shape ``(n, 2)``: firm i in column 0, firm j in column 1.
    ok : numpy.ndarray
        Where Newton's continuation converged to an interior point at which both
        firms' problems are locally concave and best-response dynamics are stable.
    """

    params: ParamsBatch
    s: np.ndarray
    t: np.ndarray
    ok: np.ndarray


def _swapped(batch: ParamsBatch) -> ParamsBatch:
    values = batch.as_dict()
    values["a_i"], values["a_j"] = values["a_j"], values["a_i"]
    return ParamsBatch(**values)


def _both_conditions(spec: Specification, batch: ParamsBatch, x: np.ndarray) -> np.ndarray:
    """Both firms' conditions at ``x`` (rows ``(s_i, t_i, s_j, t_j)``), shape ``(n, 4)``."""
    s_i, t_i, s_j, t_j = x.T
    own = call_compiled(spec, "conditions", batch, s_i, s_j, t_i, t_j)[:, 0]
    rival = call_compiled(spec, "conditions", _swapped(batch), s_j, s_i, t_j, t_i)[:, 0]
    return np.concatenate([own, rival]).T


def _newton_both(spec: Specification, batch: ParamsBatch, x: np.ndarray, iterations: int = 40):
    """Newton steps on both firms' conditions; rows that leave the domain become NaN."""
    for _ in range(iterations):
        with np.errstate(all="ignore"):
            jacobian = np.moveaxis(
                call_compiled(spec, "jacobian", batch, *x[:, [0, 2, 1, 3]].T), -1, 0
            )
            step = np.linalg.solve(jacobian, -_both_conditions(spec, batch, x)[:, :, None])[..., 0]
        x = x + np.where(np.isfinite(step), step, np.nan)
        x[(x[:, [0, 2]] < 0).any(axis=1) | (x[:, [0, 2]] > 1).any(axis=1)] = np.nan
    return x


def solve_asymmetric_batch(
    batch: ParamsBatch, spec: Specification = BASELINE, steps: int = 8
) -> AsymmetricBatch:
    """Equilibria between firms of different size, continued from the symmetric one.

    As :func:`isacmodel.solve.nash.solve_nash_batch` does for the baseline: the symmetric
    equilibrium at the average intercept (:func:`solve_symmetric_batch`) is carried in
    ``steps`` Newton continuations to the actual intercepts; the result must solve both
    firms' conditions, have interior sharing, locally concave own problems and stable
    best-response dynamics.
    """
    values = batch.as_dict()
    mean = (values["a_i"] + values["a_j"]) / 2
    start = solve_symmetric_batch(ParamsBatch(**{**values, "a_i": mean, "a_j": mean}), spec)
    x = np.column_stack([start.s, start.t, start.s, start.t])  # (s_i, t_i, s_j, t_j)
    for step in range(1, steps + 1):
        weight = step / steps
        on_the_way = {**values, "a_i": mean + weight * (values["a_i"] - mean),
                      "a_j": mean + weight * (values["a_j"] - mean)}  # fmt: skip
        x = _newton_both(spec, ParamsBatch(**on_the_way), x)
    ok = _is_asymmetric_equilibrium(spec, batch, x)
    x[~ok] = np.nan
    return AsymmetricBatch(batch, x[:, [0, 2]], x[:, [1, 3]], ok)


def _is_asymmetric_equilibrium(spec: Specification, batch: ParamsBatch, x) -> np.ndarray:
    with np.errstate(all="ignore"):
        residual = np.abs(_both_conditions(spec, batch, x)).max(axis=1)
        sharing, investment = x[:, [0, 2]], x[:, [1, 3]]
        interior = ((sharing > 1e-9) & (sharing < 1 - 1e-9) & (investment > 1e-9)).all(axis=1)
        usable = interior & (residual < _TOLERANCE)
        jacobian = np.moveaxis(call_compiled(spec, "jacobian", batch, *x[:, [0, 2, 1, 3]].T), -1, 0)
        jacobian = np.where(usable[:, None, None], jacobian, -np.eye(4))
        own_i, own_j = jacobian[:, :2, :2], jacobian[:, 2:, 2:]
        concave = np.ones(len(x), dtype=bool)
        for own in (own_i, own_j):
            concave &= (own[:, 0, 0] < 0) & (own[:, 0, 0] * own[:, 1, 1] - own[:, 0, 1] ** 2 > 0)
        reaction_i = -np.linalg.solve(own_i, jacobian[:, :2, 2:])
        reaction_j = -np.linalg.solve(own_j, jacobian[:, 2:, :2])
        radius = np.abs(np.linalg.eigvals(reaction_i @ reaction_j)).max(axis=1)
    return usable & concave & (radius < 1)


def _is_local_equilibrium(spec: Specification, batch: ParamsBatch, s, t) -> np.ndarray:
    """Interior roots where the own problem is locally concave and the dynamics stable."""
    with np.errstate(all="ignore"):
        residual = np.abs(call_compiled(spec, "reduced", batch, s, s, t, t)[:, 0]).max(axis=0)
        interior = (s > 1e-9) & (s < 1 - 1e-9) & (t > 1e-9) & (residual < _TOLERANCE)
        jacobian = np.moveaxis(
            call_compiled(spec, "jacobian", batch, s, s, t, t), -1, 0
        )  # (n, 4, 4)
        own = jacobian[:, :2, :2]
        concave = (own[:, 0, 0] < 0) & (own[:, 0, 0] * own[:, 1, 1] - own[:, 0, 1] ** 2 > 0)
        stable = np.zeros(len(s), dtype=bool)
        usable = interior & concave
        stable[usable] = _spectral_radius(jacobian[usable]) < 1
    return usable & stable


def _spectral_radius(jacobian: np.ndarray) -> np.ndarray:
    """Spectral radius of best-response dynamics at symmetric points (reaction matrix R)."""
    reaction = -np.linalg.solve(jacobian[:, :2, :2], jacobian[:, :2, 2:])
    return np.abs(np.linalg.eigvals(reaction)).max(axis=1)


def _globally_best(spec: Specification, batch: ParamsBatch, s, t) -> np.ndarray:
    """No own (s_i, t_i) on a grid pays more than the candidate (rival at the candidate)."""
    if not len(s):
        return np.zeros(0, dtype=bool)
    own_s = np.linspace(0.0, 1.0, _GRID[0])
    best = np.full(len(s), -np.inf)
    for fraction in np.linspace(0.0, 1.0, _GRID[1]):
        own_t = fraction * np.maximum(4 * t, 2.0)
        for value in own_s:
            payoff = call_compiled(spec, "payoff", batch, np.full_like(s, value), s, own_t, t)[0, 0]
            best = np.maximum(best, payoff)
    at = call_compiled(spec, "payoff", batch, s, s, t, t)[0, 0]
    return best <= at + 1e-9 * np.maximum(1.0, np.abs(at))


def statics(result: SymmetricBatch, variable: str, spec: Specification = BASELINE) -> np.ndarray:
    r"""Total equilibrium derivatives ``(n, 4)`` in ``(s_i, t_i, s_j, t_j)`` (both firms move).

    :math:`-J^{-1}\,\partial F/\partial x` with :math:`J` the Jacobian of both firms'
    first-order conditions; ``variable`` is one of :data:`STATICS_PARAMETERS`.
    """
    if variable not in STATICS_PARAMETERS:
        raise ValueError(f"variable must be one of {STATICS_PARAMETERS}, got {variable!r}")
    args = (spec, result.params, *result.decisions())
    jacobian = np.moveaxis(call_compiled(args[0], "jacobian", *args[1:]), -1, 0)
    rhs = np.moveaxis(call_compiled(args[0], f"rhs:{variable}", *args[1:])[:, 0], -1, 0)
    return -np.linalg.solve(jacobian, rhs[..., None])[..., 0]


def reaction_slopes(result: SymmetricBatch, spec: Specification = BASELINE) -> np.ndarray:
    r"""Reaction-function slopes ``(n, 2, 2)``: rows ``(s_i, t_i)``, columns ``(s_j, t_j)``."""
    jacobian = np.moveaxis(
        call_compiled(spec, "jacobian", result.params, *result.decisions()), -1, 0
    )
    return -np.linalg.solve(jacobian[:, :2, :2], jacobian[:, :2, 2:])


def price_slopes(params: ParamsBatch, spec: Specification, s_i, s_j, t_i, t_j) -> np.ndarray:
    r"""Return firm i's price slopes in its investment, the rival's and its own sharing.

    :math:`(\partial p_i/\partial t_i, \partial p_i/\partial t_j, \partial p_i/\partial s_i)`
    at the given choices, shape ``(3, n)``; the last is the sharing condition (5)
    divided by :math:`2 b_1 p_i`.
    """
    return call_compiled(spec, "price slopes", params, s_i, s_j, t_i, t_j)[:, 0]


def investment_condition_slope(
    result: SymmetricBatch, variable: str, spec: Specification = BASELINE
) -> np.ndarray:
    r"""Return the investment condition's slope in a parameter at the equilibria.

    :math:`\partial H_i/\partial x` with :math:`H_i = \partial\pi_i/\partial t_i` and
    :math:`x` one of :data:`STATICS_PARAMETERS`: the step of the proof of Proposition 3
    that the implicit function theorem builds on.
    """
    return call_compiled(spec, f"rhs:{variable}", result.params, *result.decisions())[1, 0]


def specialise(expr: sp.Expr, spec: Specification = BASELINE) -> sp.Expr:
    """Substitute ``spec``'s leakage and cost for the general ``g`` and ``f`` of :mod:`bertrand`.

    Under the baseline this is :func:`isacmodel.derive.bertrand.specialise`.
    """
    own, rival = sp.Dummy("own"), sp.Dummy("rival")
    leakage = spec.leakage.xreplace({SYM.s_i: own, SYM.s_j: rival})
    cost = spec.cost.xreplace({SYM.t_i: own, SYM.y_j: rival})
    lambdas = {bertrand.g: sp.Lambda((own, rival), leakage),
               bertrand.f: sp.Lambda((own, rival), cost)}  # fmt: skip
    return sp.sympify(expr).subs(lambdas).doit()


@cache
def _welfare_function(spec: Specification):

    return sp.lambdify(ARGS, specialise(welfare(), spec), "numpy")


def welfare_at(params: ParamsBatch, spec: Specification, s_i, s_j, t_i, t_j) -> np.ndarray:
    """Total welfare at Bertrand prices (as :func:`isacmodel.derive.welfare.welfare`), ``spec``."""
    values = [getattr(params, field) for field in PARAMETER_FIELDS]
    with np.errstate(all="ignore"):
        welfare = _welfare_function(spec)(*values, s_i, s_j, t_i, t_j)
    return np.broadcast_to(np.asarray(welfare, dtype=float), np.shape(s_i)).copy()


def no_sharing_investment(
    params: ParamsBatch, spec: Specification = BASELINE, iterations: int = 30
) -> np.ndarray:
    """Return the common investment of the symmetric equilibrium with sharing held at zero.

    Newton steps on the investment condition at ``s_i = s_j = 0`` from zero investment
    (for the menu's families that condition is linear in the common investment, as in
    :func:`isacmodel.solve.optima.no_sharing_investment`, so one step lands on the root).
    NaN where the firm's payoff is not concave in its own investment there (no best
    response) or no root was reached.
    """
    zero = np.zeros(len(params))
    t = zero.copy()
    for _ in range(iterations):
        with np.errstate(all="ignore"):
            value = call_compiled(spec, "reduced", params, zero, zero, t, t)[1, 0]
            slope = call_compiled(spec, "reduced jacobian", params, zero, zero, t, t)[1, 1]
            t = np.maximum(t - value / slope, 0.0)
    with np.errstate(all="ignore"):
        own = call_compiled(spec, "jacobian", params, zero, zero, t, t)[1, 1]  # dH_i/dt_i
        settled = (
            np.abs(call_compiled(spec, "reduced", params, zero, zero, t, t)[1, 0]) < _TOLERANCE
        )
    return np.where(settled & (own < 0), t, np.nan)


def cross_partials(result: SymmetricBatch, spec: Specification = BASELINE) -> np.ndarray:
    r"""Return :math:`\pi_{s_i t_j}, \pi_{s_i s_j}, \pi_{t_i t_j}` at the equilibria, ``(n, 3)``."""
    values = call_compiled(spec, "cross partials", result.params, *result.decisions())[:, 0]
    return values.T


# ---------------------------------------------------------------- section 2.2: existence
_S_GRID = np.linspace(0.05, 1.0, 20)


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
        sp.lambdify((SYM.b1, SYM.b2), revenue_coefficient(regime), "numpy"),
        sp.lambdify((*SYM.parameters(), sp.Symbol("s")), asymptotic_cost(spec), "numpy"),
        sp.lambdify(SYM.parameters(), without, "numpy"),
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
    values = [getattr(batch, field) for field in PARAMETER_FIELDS]
    margins = []
    for share in _S_GRID:
        limit = np.where(batch.delta_c > 0, spillover(*values, share), no_spillover(*values))
        margins.append(2 * limit - c * (1 - batch.gamma + batch.delta_d * share) ** 2)
    return np.min(np.broadcast_arrays(*margins), axis=0)


# ---------------------------------------------------------------- section 2.2: the optima
_S, _T = sp.Symbol("s", nonnegative=True), sp.Symbol("t", nonnegative=True)
_OPTIMUM_ARGS = (*SYM.parameters(), _S, _T)


@cache
def _optimum_functions(spec: Specification, regime: str):
    """Lambdified symmetric objective c (a + B)^2 - 2 f, its gradient and Hessian, and B."""
    level = (SYM.a_i + _T * (1 - SYM.gamma) + SYM.delta_d * _T * _S
             - spec.leakage.xreplace({SYM.s_i: _S, SYM.s_j: _S}))  # fmt: skip
    cost = spec.cost.xreplace({SYM.t_i: _T, SYM.y_j: SYM.delta_c * _T * _S})
    objective = revenue_coefficient(regime) * level**2 - 2 * cost
    gradient = [sp.diff(objective, v) for v in (_S, _T)]
    hessian = [sp.diff(objective, a, b) for a, b in ((_S, _S), (_S, _T), (_T, _T))]
    return [sp.lambdify(_OPTIMUM_ARGS, expr, "numpy")
            for expr in (objective, *gradient, *hessian, level)]  # fmt: skip


def _optimum_values(spec, regime, batch: ParamsBatch, s, t) -> list[np.ndarray]:
    values = [getattr(batch, field) for field in PARAMETER_FIELDS]
    shape = np.broadcast(values[0], s).shape
    return [np.broadcast_to(f(*values, s, t), shape)
            for f in _optimum_functions(spec, regime)]  # fmt: skip


def _ascend(spec, regime, batch: ParamsBatch, s, t, iterations: int = 60):
    """Newton steps on the gradient, sharing kept in [0, 1] (only investment moves at a corner)."""
    for _ in range(iterations):
        with np.errstate(all="ignore"):
            _, g_s, g_t, h_ss, h_st, h_tt, _ = _optimum_values(spec, regime, batch, s, t)
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
        s = np.clip(s - np.where(ascent, scale_s * step_s, 0.0), 0.0, 1.0)
        t = np.maximum(t - np.where(ascent, scale_t * step_t, -0.1 * t), 0.0)
    return s, t


def solve_optimum_batch(
    batch: ParamsBatch, regime: str, spec: Specification = BASELINE
) -> SymmetricBatch:
    r"""Symmetric optimum of a cooperative regime (``"joint profit"``, ``"social optimum"``).

    Newton ascent on the symmetric objective :math:`c\\,(a + B)^2 - 2f` from a grid of
    starts, then a global check on a grid of ``(s, t)``; ``ok`` only where the optimum
    exists (:func:`existence_margin`), the ascent converged and no grid point is better.
    The returned ``t`` and ``s`` are the common choices; ``level`` holds ``a + B``.
    """
    n = len(batch)
    exists = existence_margin(batch, regime, spec) > 0
    best_s, best_t, best_value = np.full(n, np.nan), np.full(n, np.nan), np.full(n, -np.inf)
    for s0, t0 in STARTS:
        s, t = _ascend(spec, regime, batch, np.full(n, s0), np.full(n, t0))
        value, g_s, g_t, *_ = _optimum_values(spec, regime, batch, s, t)
        stationary = (np.abs(g_t) < 1e-9) & (
            (np.abs(g_s) < 1e-9) | ((s <= 0) & (g_s <= 0)) | ((s >= 1) & (g_s >= 0)))  # fmt: skip
        better = exists & stationary & (value > best_value + 1e-12)
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
    return SymmetricBatch(batch, np.where(found, best_s, np.nan),
                          np.where(found, best_t, np.nan), found)  # fmt: skip


def _optimum_is_global(spec, regime, batch: ParamsBatch, s, t, value):
    """Whether no grid point beats the candidate; also the best grid point ``(s, t)``."""
    best = np.full(len(s), -np.inf)
    best_s, best_t = np.zeros(len(s)), np.zeros(len(s))
    for fraction in np.linspace(0.0, 1.0, _GRID[1]):
        grid_t = fraction * np.maximum(4 * t, 2.0)
        for grid_s in np.linspace(0.0, 1.0, _GRID[0]):
            candidate = _optimum_values(spec, regime, batch, np.full_like(s, grid_s), grid_t)[0]
            better = candidate > best
            best = np.where(better, candidate, best)
            best_s, best_t = np.where(better, grid_s, best_s), np.where(better, grid_t, best_t)
    return best <= value + 1e-9 * np.maximum(1.0, np.abs(value)), best_s, best_t


def optimum_level(result: SymmetricBatch, regime: str, spec: Specification = BASELINE):
    """Return the demand level ``a + B`` at each optimum (quantity is ``b1 (a+B)/(2b1 - b2)``)."""
    return _optimum_values(spec, regime, result.params, result.s, result.t)[-1]
