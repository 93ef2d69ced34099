r"""Section 2.1's Nash equilibria for any family: the Newton backend of :mod:`isacmodel.solve.nash`.

The baseline's exact solver (:mod:`isacmodel.solve.nash_polynomial`) uses the baseline's
polynomial structure (sharing proportional to investment, a quintic in ``t``).  For
another cost or leakage family of :mod:`isacmodel.core.families` nothing of that
survives, so this module solves the first-order conditions (5)-(6) directly, batched
over parameter points; :func:`isacmodel.solve.nash.solve_nash_batch` comes here for
every specification but the baseline.

1. the payoff :math:`\pi_i = b_1 p_i^2 - f(t_i, \delta_c t_j s_j)` is built by sympy
   from the family expressions and the Bertrand prices of :mod:`isacmodel.core.model`,
   and its first-order conditions and their derivatives are compiled
   (:mod:`isacmodel.core.compile`);
2. at a symmetric point the two conditions are solved by damped Newton steps from a
   grid of starts (:data:`STARTS`), and every root with interior sharing and positive
   investment is a candidate;
3. a candidate is an equilibrium when the firm's own problem is locally concave there,
   best-response dynamics are stable (spectral radius below one), and no point of a
   grid over the firm's own choices pays more (a global best-response check); the
   lowest-sharing equilibrium is kept, as the baseline solver keeps the lowest root;
4. firms of different size (:math:`a_i \ne a_j`) are continued from the symmetric
   equilibrium of the average intercept by Newton steps on all four conditions.

Comparative statics and reaction slopes then follow from the implicit function theorem,
exactly as for the baseline.

Why hand-written and not :func:`scipy.optimize.elementwise.find_root`: that solver is
scalar per element (one equation in one unknown), while these Newton steps solve two
or four coupled conditions at once.
"""

from __future__ import annotations

from functools import cache

import numpy as np
import sympy as sp

from isacmodel.core.compile import ARGUMENTS, compile_expressions, evaluate, parameter_values
from isacmodel.core.families import BASELINE, Specification
from isacmodel.core.model import SYM, bertrand_prices, swap_firms
from isacmodel.core.params import ParamsBatch
from isacmodel.derive import bertrand
from isacmodel.derive.welfare import welfare
from isacmodel.numerics.linalg import best_response_radius
from isacmodel.solve.results import BatchEquilibria

__all__ = [
    "ARGS",
    "GLOBAL_GRID",
    "STARTS",
    "STATICS_PARAMETERS",
    "both_conditions",
    "call_compiled",
    "package",
    "cross_partials",
    "investment_condition_slope",
    "no_sharing_investment",
    "payoff",
    "payoff_expression",
    "price_slopes",
    "reaction_slopes",
    "solve_asymmetric_batch",
    "solve_newton_batch",
    "solve_symmetric_batch",
    "specialise",
    "statics",
    "welfare_at",
]

#: Starting points (s, t) of the Newton search.
STARTS = tuple((s, t) for s in (0.05, 0.35, 0.7, 0.95) for t in (0.05, 0.3, 1.0))
ARGS = ARGUMENTS
#: Own sharing x own investment points of the global best-response check.
GLOBAL_GRID = (21, 41)
_TOLERANCE = 1e-10
#: Parameters whose equilibrium derivatives :func:`statics` gives ("a" moves both intercepts).
STATICS_PARAMETERS = ("a_i", "a", "b1", "b2", "gamma", "delta_d", "delta_c")


@cache
def _price(spec: Specification) -> sp.Expr:
    """Firm i's Bertrand price with the specification's leakage in its demand shift."""
    shift = SYM.t_i - SYM.gamma * SYM.t_j + SYM.delta_d * SYM.t_j * SYM.s_j - spec.leakage
    p_i, _ = bertrand_prices()
    return p_i.xreplace({SYM.B_i: shift, SYM.B_j: swap_firms(shift)})


@cache
def payoff_expression(spec: Specification) -> sp.Expr:
    r"""Firm i's payoff :math:`b_1 p_i^2 - f(t_i, \delta_c t_j s_j)` under ``spec`` (sympy)."""
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
        return [[compile_expressions(entry, ARGS) for entry in row] for row in matrix.tolist()]

    return {
        "payoff": compile_(payoff),
        "price": compile_(_price(spec)),
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
    values = parameter_values(batch)
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


def solve_symmetric_batch(batch: ParamsBatch, spec: Specification = BASELINE) -> BatchEquilibria:
    """Find each point's lowest-sharing interior symmetric Nash equilibrium under ``spec``.

    Parameters
    ----------
    batch : ParamsBatch
        Points with ``a_i == a_j`` (symmetric firms).
    spec : Specification

    Returns
    -------
    BatchEquilibria
        See :func:`package`; ``n_equilibria`` is 1 where one was found (the starts'
        roots are not counted).

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
    ok = np.isfinite(best_s)
    reason = np.where(ok, "", "no interior, locally concave, stable, globally best equilibrium")
    result = package(spec, batch, np.column_stack([best_s, best_s]),
                     np.column_stack([best_t, best_t]), ok, reason)  # fmt: skip
    result.n_equilibria[:] = ok
    return result


def package(
    spec: Specification, batch: ParamsBatch, s: np.ndarray, t: np.ndarray, ok, reason
) -> BatchEquilibria:
    """Package equilibria found by Newton's method as a :class:`BatchEquilibria`.

    Parameters
    ----------
    spec : Specification
    batch : ParamsBatch
    s, t : numpy.ndarray
        Shape ``(n, 2)``: sharing and investment of ``(firm i, firm j)``.
    ok : numpy.ndarray of bool
    reason : numpy.ndarray of str
        ``""`` where ``ok``.

    Returns
    -------
    BatchEquilibria
        Prices from the specification's Bertrand prices, quantities ``b1 p``, profits
        the payoff :math:`b_1 p_i^2 - f`, the best-response map's spectral radius; NaN
        where not ``ok``; ``n_equilibria`` is -1 (not counted).
    """
    ok = np.asarray(ok, dtype=bool)
    s_i, s_j = (np.where(ok, column, 0.5) for column in s.T)
    t_i, t_j = (np.where(ok, column, 0.5) for column in t.T)
    swapped = _swapped(batch)
    with np.errstate(all="ignore"):
        price = np.column_stack(
            [
                call_compiled(spec, "price", batch, s_i, s_j, t_i, t_j)[0, 0],
                call_compiled(spec, "price", swapped, s_j, s_i, t_j, t_i)[0, 0],
            ]
        )
        profit = np.column_stack(
            [payoff(batch, spec, s_i, s_j, t_i, t_j), payoff(swapped, spec, s_j, s_i, t_j, t_i)]
        )
        jacobian = np.moveaxis(call_compiled(spec, "jacobian", batch, s_i, s_j, t_i, t_j), -1, 0)
        radius = best_response_radius(jacobian)  # fmt: skip

    def masked(values: np.ndarray) -> np.ndarray:
        return np.where(ok[:, None], values, np.nan)

    return BatchEquilibria(
        s=masked(s), t=masked(t), p=masked(price), q=masked(price * batch.b1[:, None]),
        profit=masked(profit), ok=ok, reason=np.asarray(reason, dtype=str),
        spectral_radius=np.where(ok, radius, np.nan), n_equilibria=np.full(len(ok), -1),
        params=batch, spec=spec,
    )  # fmt: skip


def payoff(params: ParamsBatch, spec: Specification, s_i, s_j, t_i, t_j) -> np.ndarray:
    r"""Return firm i's payoff :math:`b_1 p_i^2 - f(t_i, \delta_c t_j s_j)` under ``spec``."""
    return call_compiled(spec, "payoff", params, s_i, s_j, t_i, t_j)[0, 0]


def solve_newton_batch(batch: ParamsBatch, spec: Specification = BASELINE) -> BatchEquilibria:
    """Solve every entry by Newton's method: symmetric entries directly, others by continuation.

    Rows with ``a_i == a_j`` go to :func:`solve_symmetric_batch`, the others to
    :func:`solve_asymmetric_batch`; the result has one row per entry of ``batch``.
    """
    symmetric = np.asarray(batch.a_i == batch.a_j)
    if symmetric.all():
        return solve_symmetric_batch(batch, spec)
    if not symmetric.any():
        return solve_asymmetric_batch(batch, spec)
    parts = {True: solve_symmetric_batch(batch.subset(symmetric), spec),
             False: solve_asymmetric_batch(batch.subset(~symmetric), spec)}  # fmt: skip
    n = len(batch)
    s, t = np.full((n, 2), np.nan), np.full((n, 2), np.nan)
    ok, reason = np.zeros(n, dtype=bool), np.full(n, "", dtype=object)
    for flag, part in parts.items():
        rows = symmetric if flag else ~symmetric
        s[rows], t[rows], ok[rows], reason[rows] = part.s, part.t, part.ok, part.reason
    result = package(spec, batch, s, t, ok, reason.astype(str))
    result.n_equilibria[symmetric] = ok[symmetric]
    return result


def _swapped(batch: ParamsBatch) -> ParamsBatch:
    values = batch.as_dict()
    values["a_i"], values["a_j"] = values["a_j"], values["a_i"]
    return ParamsBatch(**values)


def both_conditions(spec: Specification, batch: ParamsBatch, x: np.ndarray) -> np.ndarray:
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
            step = np.linalg.solve(jacobian, -both_conditions(spec, batch, x)[:, :, None])[..., 0]
        x = x + np.where(np.isfinite(step), step, np.nan)
        x[(x[:, [0, 2]] < 0).any(axis=1) | (x[:, [0, 2]] > 1).any(axis=1)] = np.nan
    return x


def solve_asymmetric_batch(
    batch: ParamsBatch, spec: Specification = BASELINE, steps: int = 8
) -> BatchEquilibria:
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
    x = np.column_stack([start.s[:, 0], start.t[:, 0], start.s[:, 0], start.t[:, 0]])
    for step in range(1, steps + 1):
        weight = step / steps
        on_the_way = {**values, "a_i": mean + weight * (values["a_i"] - mean),
                      "a_j": mean + weight * (values["a_j"] - mean)}  # fmt: skip
        x = _newton_both(spec, ParamsBatch(**on_the_way), x)
    ok = _is_asymmetric_equilibrium(spec, batch, x)
    x[~ok] = np.nan
    reason = np.where(ok, "", "continuation to an interior, concave, stable equilibrium failed")
    return package(spec, batch, x[:, [0, 2]], x[:, [1, 3]], ok, reason)


def _is_asymmetric_equilibrium(spec: Specification, batch: ParamsBatch, x) -> np.ndarray:
    with np.errstate(all="ignore"):
        residual = np.abs(both_conditions(spec, batch, x)).max(axis=1)
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
        stable[usable] = _symmetric_radius(jacobian[usable]) < 1
    return usable & stable


def _symmetric_radius(jacobian: np.ndarray) -> np.ndarray:
    """Spectral radius of best-response dynamics at symmetric points (reaction matrix R)."""
    reaction = -np.linalg.solve(jacobian[:, :2, :2], jacobian[:, :2, 2:])
    return np.abs(np.linalg.eigvals(reaction)).max(axis=1)


def _globally_best(spec: Specification, batch: ParamsBatch, s, t) -> np.ndarray:
    """No own (s_i, t_i) on a grid pays more than the candidate (rival at the candidate)."""
    if not len(s):
        return np.zeros(0, dtype=bool)
    own_s = np.linspace(0.0, 1.0, GLOBAL_GRID[0])
    best = np.full(len(s), -np.inf)
    for fraction in np.linspace(0.0, 1.0, GLOBAL_GRID[1]):
        own_t = fraction * np.maximum(4 * t, 2.0)
        for value in own_s:
            payoff = call_compiled(spec, "payoff", batch, np.full_like(s, value), s, own_t, t)[0, 0]
            best = np.maximum(best, payoff)
    at = call_compiled(spec, "payoff", batch, s, s, t, t)[0, 0]
    return best <= at + 1e-9 * np.maximum(1.0, np.abs(at))


def statics(result: BatchEquilibria, variable: str, spec: Specification = BASELINE) -> np.ndarray:
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


def reaction_slopes(result: BatchEquilibria, spec: Specification = BASELINE) -> np.ndarray:
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
    result: BatchEquilibria, variable: str, spec: Specification = BASELINE
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
    return compile_expressions(specialise(welfare(), spec), ARGS)


def welfare_at(params: ParamsBatch, spec: Specification, s_i, s_j, t_i, t_j) -> np.ndarray:
    """Total welfare at Bertrand prices (as :func:`isacmodel.derive.welfare.welfare`), ``spec``."""
    return evaluate(_welfare_function(spec), params, s_i, s_j, t_i, t_j)


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


def cross_partials(result: BatchEquilibria, spec: Specification = BASELINE) -> np.ndarray:
    r"""Return :math:`\pi_{s_i t_j}, \pi_{s_i s_j}, \pi_{t_i t_j}` at the equilibria, ``(n, 3)``."""
    values = call_compiled(spec, "cross partials", result.params, *result.decisions())[:, 0]
    return values.T
