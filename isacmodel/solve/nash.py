r"""Section 2.1, numeric: best responses, every Nash equilibrium, stability, comparative statics.

All formulas come from :mod:`isacmodel.derive.bertrand` (sympy, specialised to the
baseline) through :func:`sympy.lambdify`; nothing here is typed in by hand.  The
functions work on a :class:`~isacmodel.core.params.ParamsBatch` internally, so one code
path serves a single point and a million.

How the equilibria are found
----------------------------
Firm i's sharing condition :math:`\partial p_i/\partial s_i = 0` is linear in
:math:`s_i`, so its best sharing is :math:`s_i = \text{clip}(s^0 + s^1 t_i, 0, 1)`
for given rival choices.  Substituting it into :math:`H_i` leaves a cubic in
:math:`t_i` (the rival's spillover :math:`y_j` is fixed), so a **best response**
is found exactly by comparing profit at every real root and at the kinks.

At a **symmetric** point :math:`s = \kappa t` and :math:`H \cdot (1 + y)` is a
polynomial of degree five in :math:`t`; every interior symmetric equilibrium is
one of its roots in :math:`(0, \bar t)`, where :math:`\bar t = 1/\kappa` is the
bound of Assumption 2 (beyond it sharing would exceed one).  All roots are found
(companion-matrix eigenvalues; in the batch solver, Newton's method wherever
Descartes' rule of signs certifies at most one root in the interval), each is
classified as stable or not under best-response dynamics (spectral radius of the
best-response Jacobian) and as a global or only local best response.
:func:`solve_nash` returns the **stable interior equilibrium with the lowest
investment**; :func:`nash_equilibria` returns all of them, corners included.

With different intercepts (:math:`a_i \ne a_j`) the four first-order conditions
are solved jointly by Newton's method, continued from the symmetric equilibrium
of the average intercept.

Comparative statics are computed by the implicit function theorem on the full
four-equation system (:func:`comparative_statics`, the equilibrium response) and
by the paper's one-firm argument :math:`-M^{-1}(\partial^2 p_i/\partial s_i
\partial x, \partial H_i/\partial x)` (the response of firm i holding firm j
fixed).  The two coincide for reaction-function slopes, not for parameters.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import cache

import numpy as np
import sympy as sp

from isacmodel.core.model import PARAMETER_FIELDS, SYM
from isacmodel.core.params import Params, ParamsBatch
from isacmodel.derive import bertrand
from isacmodel.solve.results import BatchEquilibria, Equilibrium, EquilibriumError, Pair

__all__ = [
    "BestResponse",
    "best_response",
    "comparative_statics",
    "comparative_statics_batch",
    "finite_difference_statics",
    "nash_equilibria",
    "one_firm_statics",
    "one_firm_statics_batch",
    "reaction_slopes",
    "solve_nash",
    "solve_nash_batch",
]

ARGS = (*SYM.parameters(), SYM.s_i, SYM.s_j, SYM.t_i, SYM.t_j)
_DECISIONS = (SYM.s_i, SYM.t_i, SYM.s_j, SYM.t_j)
_T = sp.Symbol("t", positive=True)
#: Relative tolerance for "same profit" in the global best-response check.
GLOBAL_TOLERANCE = 1e-9
#: Largest first-order-condition residual accepted for a solution.
RESIDUAL_TOLERANCE = 1e-8


# ------------------------------------------------------------------ expressions
def _conditions() -> list[sp.Expr]:
    return [bertrand.specialise(c) for c in bertrand.first_order_conditions()]


def _condition_jacobian() -> list[sp.Expr]:
    return [sp.diff(c, v) for c in _conditions() for v in _DECISIONS]


def _sharing_response() -> list[sp.Expr]:
    """``[s0, s1]`` with firm i's unconstrained best sharing ``s0 + s1 t_i``."""
    (solution,) = sp.solve(_conditions()[0], SYM.s_i)
    polynomial = sp.Poly(sp.expand(solution), SYM.t_i)
    return [polynomial.coeff_monomial(1), polynomial.coeff_monomial(SYM.t_i)]


def _polynomial_coefficients(expr: sp.Expr, variable: sp.Symbol, degree: int) -> list[sp.Expr]:
    polynomial = sp.Poly(sp.expand(expr), variable)
    if polynomial.degree() > degree:
        raise RuntimeError(f"expected degree <= {degree}, got {polynomial.degree()}")
    return [polynomial.coeff_monomial(variable**n) for n in range(degree, -1, -1)]


#: Placeholders for sub-expressions that are constant in the polynomial's variable; expanding
#: with them as plain symbols and substituting afterwards keeps sympy fast.
_S0, _S1, _K = sp.symbols("S0 S1 K")


def _best_response_cubic() -> list[sp.Expr]:
    """Coefficients (highest first) of ``H_i`` with the best sharing substituted."""
    h_i = _conditions()[1].subs(SYM.s_i, _S0 + _S1 * SYM.t_i)
    coefficients = _polynomial_coefficients(sp.together(h_i) * _cost_denominator(), SYM.t_i, 3)
    s0, s1 = _sharing_response()
    return [c.subs({_S0: s0, _S1: s1}) for c in coefficients]


def _cost_denominator() -> sp.Expr:
    return 1 + bertrand.general().y_j


def _full_sharing_line() -> list[sp.Expr]:
    """Coefficients of ``H_i (1 + y_j)`` at ``s_i = 1`` (linear in ``t_i``)."""
    h_i = _conditions()[1].subs(SYM.s_i, 1)
    return _polynomial_coefficients(sp.cancel(h_i * _cost_denominator()), SYM.t_i, 1)


def _symmetric_slope() -> sp.Expr:
    r"""``kappa``: sharing per unit of investment at a symmetric interior point, ``s = kappa t``."""
    s = sp.Symbol("s")
    condition = _conditions()[0].subs({SYM.s_i: s, SYM.s_j: s})
    (solution,) = sp.solve(condition, s)
    return sp.simplify(solution / SYM.t_i)


def _symmetric_substitution(sharing: sp.Expr) -> dict:
    return {SYM.s_i: sharing, SYM.s_j: sharing, SYM.t_i: _T, SYM.t_j: _T, SYM.a_j: SYM.a_i}


def _symmetric_quintic() -> list[sp.Expr]:
    r"""Coefficients of :math:`H (1 + y) (2 b_1 - b_2)(4 b_1^2 - b_2^2)` along ``s = kappa t``.

    The factor is positive, so the polynomial has the sign of :math:`H`.  The
    coefficients are left in terms of the placeholder ``K`` for ``kappa``
    (:func:`_symmetric_slope`), which :func:`_quintic_coefficients` fills in with its
    value: substituting kappa's formula makes them three times slower to evaluate.
    """
    h = _conditions()[1].xreplace(_symmetric_substitution(_K * _T))
    factor = (2 * SYM.b1 - SYM.b2) * (4 * SYM.b1**2 - SYM.b2**2) * (1 + SYM.delta_c * _K * _T**2)
    return _polynomial_coefficients(sp.cancel(sp.together(h * factor)), _T, 5)


def _symmetric_corner_quadratic() -> list[sp.Expr]:
    """Coefficients of ``H (1 + y)`` at ``s_i = s_j = 1`` (times the same positive factor)."""
    h = _conditions()[1].xreplace(_symmetric_substitution(sp.S.One))
    factor = (2 * SYM.b1 - SYM.b2) * (4 * SYM.b1**2 - SYM.b2**2) * (1 + SYM.delta_c * _T)
    return _polynomial_coefficients(sp.cancel(sp.together(h * factor)), _T, 2)


def _right_hand_side(variable: str) -> list[sp.Expr]:
    return [bertrand.specialise(e) for e in bertrand.right_hand_side(variable)]


_EXPRESSIONS = {
    "conditions": _conditions,
    "jacobian": _condition_jacobian,
    "sharing_response": _sharing_response,
    "br_cubic": _best_response_cubic,
    "full_sharing_line": _full_sharing_line,
    "kappa": lambda: [_symmetric_slope()],
    "corner_quadratic": _symmetric_corner_quadratic,
    "price": lambda: [bertrand.specialise(bertrand.price())],
    "profit": lambda: [bertrand.specialise(bertrand.profit())],
    "dp_dt": lambda: [bertrand.specialise(sp.diff(bertrand.price(), SYM.t_i))],
}


@cache
def _function(name: str):
    if name.startswith("rhs:"):
        expressions = _right_hand_side(name[4:])
    else:
        expressions = _EXPRESSIONS[name]()
    return sp.lambdify(ARGS, expressions, "numpy")


def evaluate_expressions(name: str, batch: ParamsBatch, s_i, s_j, t_i, t_j) -> np.ndarray:
    """Evaluate expression list ``name`` for firm i; shape ``(len(list), n)``."""
    values = [getattr(batch, field) for field in PARAMETER_FIELDS]
    with np.errstate(all="ignore"):
        results = _function(name)(*values, s_i, s_j, t_i, t_j)
    shape = np.broadcast_shapes(*(np.shape(v) for v in (*values, s_i, s_j, t_i, t_j)))
    return np.array([np.broadcast_to(np.asarray(r, dtype=float), shape) for r in results])


@cache
def _quintic_function():
    return sp.lambdify((*SYM.parameters(), _K), _symmetric_quintic(), "numpy")


def _quintic_coefficients(batch: ParamsBatch, kappa: np.ndarray) -> np.ndarray:
    """Evaluate the symmetric quintic's coefficients, highest first, ``(n, 6)``, at ``kappa``."""
    values = [getattr(batch, field) for field in PARAMETER_FIELDS]
    with np.errstate(all="ignore"):
        results = _quintic_function()(*values, kappa)
    return np.array([np.broadcast_to(np.asarray(r, dtype=float), kappa.shape) for r in results]).T


def evaluate_rival(name: str, batch: ParamsBatch, s_i, s_j, t_i, t_j) -> np.ndarray:
    """Evaluate the same expressions for firm j (intercepts and decisions swapped)."""
    return evaluate_expressions(name, with_intercepts_swapped(batch), s_j, s_i, t_j, t_i)


def _evaluate_both(name: str, batch: ParamsBatch, s_i, s_j, t_i, t_j):
    """Evaluate expression list ``name`` for firm i and for firm j: ``(own, rival)``.

    Where every entry is symmetric (``a_i = a_j``, ``s_i = s_j``, ``t_i = t_j``) the
    rival's evaluation has the same arguments as the firm's, so it is not repeated.
    """
    own = evaluate_expressions(name, batch, s_i, s_j, t_i, t_j)
    pairs = ((batch.a_i, batch.a_j), (s_i, s_j), (t_i, t_j))
    if all(np.array_equal(mine, theirs) for mine, theirs in pairs):
        return own, own
    return own, evaluate_rival(name, batch, s_i, s_j, t_i, t_j)


def with_intercepts_swapped(batch: ParamsBatch) -> ParamsBatch:
    values = batch.as_dict()
    values["a_i"], values["a_j"] = values["a_j"], values["a_i"]
    return ParamsBatch(**values)


# -------------------------------------------------------------- best responses
@dataclass(frozen=True)
class BestResponse:
    """Firm i's global best response to ``(s_j, t_j)``.

    Attributes
    ----------
    s, t : float
        Best sharing and investment.
    profit : float
        The profit they earn.
    corner : str
        ``""``, or ``"s_i = 1"`` / ``"s_i = 0"`` when the sharing constraint binds.
    candidates : int
        How many stationary points and kinks were compared.
    """

    s: float
    t: float
    profit: float
    corner: str
    candidates: int


def single_point_batch(params: Params) -> ParamsBatch:
    if not isinstance(params, Params):
        raise TypeError(f"expected a Params, got {type(params).__name__}")
    return ParamsBatch(**params.as_dict())


def _check_rival(s_j: float, t_j: float) -> None:
    if not (np.isfinite(s_j) and 0 <= s_j <= 1):
        raise ValueError(f"s_j must be finite and in [0, 1] (got s_j={s_j})")
    if not (np.isfinite(t_j) and t_j >= 0):
        raise ValueError(f"t_j must be finite and non-negative (got t_j={t_j})")


def best_response(params: Params, s_j: float, t_j: float) -> BestResponse:
    r"""Firm i's global best response :math:`(s_i, t_i)` to the rival's ``(s_j, t_j)``.

    The candidates are every real non-negative root of the investment condition
    with the best sharing substituted (a cubic where sharing is interior, a line
    where it is capped at one), the kink where sharing reaches one, and
    ``t_i = 0``; the one with the highest profit wins.

    Raises
    ------
    EquilibriumError
        If the profit is unbounded in ``t_i`` (investment cost not convex enough:
        ``k (1 - rho y/(1+y)) <= 2 b1 (dp_i/dt_i)^2`` at the sharing level firm i
        would choose for large ``t_i``).
    ValueError
        If ``s_j`` or ``t_j`` is outside its domain.
    """
    _check_rival(s_j, t_j)
    batch = single_point_batch(params)
    s0, s1 = evaluate_expressions("sharing_response", batch, 0.0, s_j, 0.0, t_j)[:, 0]
    _require_bounded(params, batch, s_j, t_j, 1.0 if s1 > 0 else float(np.clip(s0, 0, 1)))
    s, t, profit, corner, count = best_response_batch(batch, np.array([s_j]), np.array([t_j]))
    return BestResponse(float(s[0]), float(t[0]), float(profit[0]), str(corner[0]), int(count[0]))


def best_response_batch(
    batch: ParamsBatch, s_j: np.ndarray, t_j: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """:func:`best_response` for many points at once (no boundedness check).

    Firm i's best sharing is linear in its investment, :math:`s_i = s_0 + s_1 t_i`,
    capped to [0, 1]; the candidates for ``t_i`` are 0, the kink where sharing
    reaches one, the roots of the cubic investment condition below the kink and the
    root of the (linear) full-sharing condition above it.  The most profitable wins.

    Parameters
    ----------
    batch : ParamsBatch
    s_j, t_j : numpy.ndarray
        The rival's choices, one per entry.

    Returns
    -------
    tuple of numpy.ndarray
        ``(s_i, t_i, profit, corner, n_candidates)``, one entry each; ``corner`` is
        ``"s_i = 1"``, ``"s_i = 0"`` or ``""``.  Where profit is unbounded in ``t_i``
        the result is only the best of the candidates (see :func:`best_response`).
    """
    n = len(batch)
    zero = np.zeros(n)
    args = (batch, zero, s_j, zero, t_j)
    s0, s1 = evaluate_expressions("sharing_response", *args)
    with np.errstate(all="ignore"):
        kink = np.where(s1 > 0, (1.0 - s0) / s1, np.where(s0 >= 1, 0.0, np.inf))
        roots = batch_real_roots(evaluate_expressions("br_cubic", *args).T)
        roots = np.where((roots > 0) & (roots < kink[:, None]), roots, np.nan)
        slope, intercept = evaluate_expressions("full_sharing_line", *args)
        line = np.where((slope != 0) & np.isfinite(kink), -intercept / slope, np.nan)
        line = np.where(line > kink, line, np.nan)
        kink_candidate = np.where(np.isfinite(kink) & (kink > 0), kink, np.nan)
    t_values = np.column_stack([zero, kink_candidate, roots, line])
    valid = np.isfinite(t_values)
    t_values = np.where(valid, t_values, 0.0)
    s_values = np.clip(s0[:, None] + s1[:, None] * t_values, 0.0, 1.0)
    profits = evaluate_expressions("profit", batch, s_values.T, s_j, t_values.T, t_j)[0].T
    profits = np.where(valid, profits, -np.inf)
    best = np.argmax(profits, axis=1)
    rows = np.arange(n)
    t_best, s_best = t_values[rows, best], s_values[rows, best]
    unconstrained = s0 + s1 * t_best
    corner = np.where(unconstrained > 1, "s_i = 1", np.where(unconstrained < 0, "s_i = 0", ""))
    return s_best, t_best, profits[rows, best], corner, valid.sum(axis=1)


def _require_bounded(params: Params, batch: ParamsBatch, s_j, t_j, s_limit: float) -> None:
    dp_dt = evaluate_expressions("dp_dt", batch, s_limit, s_j, 1.0, t_j)[0, 0]
    y_j = params.delta_c * t_j * s_j
    curvature = params.k * (1 - params.rho * y_j / (1 + y_j))
    if curvature <= 2 * params.b1 * dp_dt**2:
        raise EquilibriumError(
            "firm i's profit is unbounded in t_i: the cost curvature "
            f"k (1 - rho y/(1+y)) = {curvature:.4g} does not exceed 2 b1 (dp_i/dt_i)^2 = "
            f"{2 * params.b1 * dp_dt**2:.4g} (raise k)",
            curvature=curvature,
            revenue_curvature=2 * params.b1 * dp_dt**2,
        )


def _large(coefficients: np.ndarray) -> np.ndarray:
    """Coefficients that are not negligible (relative size 1e-13) against a row's largest."""
    scale = np.max(np.abs(coefficients), axis=-1, keepdims=True)
    return np.abs(coefficients) > 1e-13 * scale


def _significant(coefficients: np.ndarray) -> np.ndarray:
    """Leading-coefficient mask: False for leading terms negligible against the largest.

    A leading coefficient of relative size 1e-13 only adds roots near 1e13 (far
    outside any admissible investment level) and would overflow the companion matrix.
    """
    return np.cumsum(_large(coefficients), axis=-1) > 0


def _polish(coefficients: np.ndarray, roots: np.ndarray, steps: int = 3) -> np.ndarray:
    """Newton steps on the full polynomials (rows of ``coefficients``) from ``roots`` (rows).

    Roots come from companion matrices of possibly trimmed polynomials; a few Newton
    steps on the untrimmed polynomial remove both the trimming and the eigenvalue error.
    A root whose residual is still not small relative to the size of the polynomial's
    terms there was spurious (an artefact of trimming) and becomes NaN.
    """
    present = ~np.isnan(roots)
    if present.all():
        return _newton_polish(coefficients, roots, steps)
    # NaN stays NaN: polish only the roots present, one polynomial row per root
    rows, columns = np.nonzero(present)
    polished = np.full(roots.shape, np.nan)
    polished[rows, columns] = _newton_polish(coefficients[rows], roots[rows, columns], steps)
    return polished


def _newton_polish(coefficients: np.ndarray, roots: np.ndarray, steps: int) -> np.ndarray:
    """:func:`_polish` where every root is present; ``roots`` of shape ``(n,)`` or ``(n, m)``."""
    degree = coefficients.shape[1] - 1
    derivative = coefficients[:, :-1] * np.arange(degree, 0, -1)
    for _ in range(steps):
        value = _horner(coefficients, roots)
        slope = _horner(derivative, roots)
        with np.errstate(all="ignore"):
            step = np.where(slope != 0, value / slope, 0.0)
        roots = np.where(np.isfinite(step), roots - step, roots)
    with np.errstate(all="ignore"):
        size = _horner(np.abs(coefficients), np.abs(roots))  # scale of the terms at the root
        converged = np.abs(_horner(coefficients, roots)) <= 1e-9 * size
    return np.where(converged, roots, np.nan)


def _horner(coefficients: np.ndarray, x: np.ndarray) -> np.ndarray:
    """Evaluate row ``i`` of ``coefficients`` (highest first) at ``x[i]`` (a value or a row)."""
    result = np.zeros_like(x)
    for column in range(coefficients.shape[1]):
        term = coefficients[:, column]
        result = result * x + (term[:, None] if x.ndim == 2 else term)
    return result


def _real_roots(coefficients: np.ndarray) -> list[float]:
    coefficients = np.asarray(coefficients, dtype=float)
    if not np.all(np.isfinite(coefficients)) or not np.any(coefficients):
        return []
    full = coefficients
    coefficients = coefficients[_significant(coefficients)]
    if len(coefficients) < 2:
        return []
    roots = np.roots(coefficients)
    real = roots[np.abs(roots.imag) <= 1e-9 * np.maximum(1.0, np.abs(roots))].real
    polished = _polish(full[None, :], real[None, :])[0]
    return sorted(float(r) for r in polished if np.isfinite(r))


# ---------------------------------------------------------- checks at a point
def jacobians(batch: ParamsBatch, s_i, s_j, t_i, t_j) -> np.ndarray:
    """Jacobian of the four conditions in ``(s_i, t_i, s_j, t_j)``; shape ``(n, 4, 4)``."""
    own, rival = _evaluate_both("jacobian", batch, s_i, s_j, t_i, t_j)  # rows of (2, 4), flat
    rival = rival[[2, 3, 0, 1, 6, 7, 4, 5]]  # its own choices first -> our column order
    # one row per entry of the matrix, so that each entry is contiguous across the batch
    return np.concatenate([own, rival]).T.reshape(-1, 4, 4)


def _conditions_both(batch: ParamsBatch, s_i, s_j, t_i, t_j) -> np.ndarray:
    own, rival = _evaluate_both("conditions", batch, s_i, s_j, t_i, t_j)
    return np.concatenate([own, rival]).T  # (n, 4)


def _solve(matrices: np.ndarray, right: np.ndarray) -> np.ndarray:
    """``np.linalg.solve`` over a stack, with NaN (not an exception) for singular matrices."""
    matrices = np.array(matrices, dtype=float)
    with np.errstate(all="ignore"):
        scale = np.prod(np.linalg.norm(matrices, axis=-1), axis=-1)
        singular = ~(np.abs(np.linalg.det(np.nan_to_num(matrices))) > 1e-13 * scale)
    matrices[singular] = np.eye(matrices.shape[-1])
    right = np.array(right, dtype=float)
    right[~np.isfinite(right)] = 0.0
    solution = np.linalg.solve(matrices, right)
    solution[singular] = np.nan
    return solution


def reaction_matrices(jacobian: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``R_i = d(s_i, t_i)/d(s_j, t_j)`` and ``R_j``, each ``(n, 2, 2)``; NaN where singular."""
    m_i, n_i = jacobian[:, :2, :2], jacobian[:, :2, 2:]
    m_j, n_j = jacobian[:, 2:, 2:], jacobian[:, 2:, :2]
    return -_solve(m_i, n_i), -_solve(m_j, n_j)


def _solve_2x2(matrices: np.ndarray, right: np.ndarray) -> np.ndarray:
    """:func:`_solve` for a stack of 2x2 systems in closed form (Cramer's rule).

    Same conventions (NaN for singular matrices, non-finite right-hand sides read as
    zero); about fifty times faster than LAPACK on a stack of 2x2 matrices.
    """
    a, b = matrices[:, 0, 0], matrices[:, 0, 1]
    c, d = matrices[:, 1, 0], matrices[:, 1, 1]
    right = np.nan_to_num(right, nan=0.0, posinf=0.0, neginf=0.0)
    top, bottom = right[:, 0], right[:, 1]
    with np.errstate(all="ignore"):
        det = a * d - b * c
        singular = ~(np.abs(det) > 1e-13 * np.hypot(a, b) * np.hypot(c, d))
        det = np.where(singular, np.nan, det)
        if right.ndim == 3:
            det, a, b, c, d = (v[:, None] for v in (det, a, b, c, d))
        return np.stack([(d * top - b * bottom) / det, (a * bottom - c * top) / det], axis=1)


def _spectral_radius(jacobian: np.ndarray) -> np.ndarray:
    """Spectral radius of the best-response map ``R_i R_j`` (2x2 algebra in closed form)."""
    r_i = -_solve_2x2(jacobian[:, :2, :2], jacobian[:, :2, 2:])
    r_j = -_solve_2x2(jacobian[:, 2:, 2:], jacobian[:, 2:, :2])
    (a, b), (c, d) = r_i.transpose(1, 2, 0)
    (e, f), (g, h) = r_j.transpose(1, 2, 0)
    top_left, top_right = a * e + b * g, a * f + b * h
    bottom_left, bottom_right = c * e + d * g, c * f + d * h
    # eigenvalues of a 2x2 matrix in closed form: tr/2 +- sqrt(tr^2/4 - det)
    trace = top_left + bottom_right
    det = top_left * bottom_right - top_right * bottom_left
    with np.errstate(all="ignore"):
        discriminant = trace**2 / 4 - det
        real_pair = np.abs(trace) / 2 + np.sqrt(np.maximum(discriminant, 0.0))
        largest = np.where(discriminant >= 0, real_pair, np.sqrt(np.abs(det)))
        return np.sqrt(largest)


def _second_order(jacobian: np.ndarray) -> np.ndarray:
    ok = np.ones(len(jacobian), dtype=bool)
    with np.errstate(all="ignore"):
        for block in (jacobian[:, :2, :2], jacobian[:, 2:, 2:]):
            det = block[:, 0, 0] * block[:, 1, 1] - block[:, 0, 1] * block[:, 1, 0]
            ok &= (det > 0) & (block[:, 1, 1] < 0)
    return ok


# -------------------------------------------------------- symmetric equilibria
def _symmetric_candidates(params: Params) -> list[tuple[float, float, str]]:
    """Every symmetric equilibrium candidate ``(s, t, corner)``: interior roots, then corners."""
    batch = single_point_batch(params)
    args = (batch, 0.0, 0.0, 0.0, 0.0)
    kappa = float(evaluate_expressions("kappa", *args)[0, 0])
    t_bar = 1 / kappa if kappa > 0 else np.inf
    no_sharing = "s_i = s_j = 0 (b2 delta_d = 0: sharing has no benefit)"
    candidates = [(kappa * t, t, "" if kappa * t > 0 else no_sharing)
                  for t in _real_roots(_quintic_coefficients(batch, np.array([kappa]))[0])
                  if 0 < t < t_bar]  # fmt: skip
    corners = _real_roots(evaluate_expressions("corner_quadratic", *args)[:, 0])
    candidates += [(1.0, t, "s_i = s_j = 1") for t in corners if t >= t_bar]
    return candidates


def _equilibrium(params: Params, s: Pair, t: Pair, corner: str, check_global: bool):
    batch = single_point_batch(params)
    s_i, s_j = np.array([s[0]]), np.array([s[1]])
    t_i, t_j = np.array([t[0]]), np.array([t[1]])
    price = evaluate_expressions("price", batch, s_i, s_j, t_i, t_j)[0, 0]
    price_j = evaluate_rival("price", batch, s_i, s_j, t_i, t_j)[0, 0]
    profit = evaluate_expressions("profit", batch, s_i, s_j, t_i, t_j)[0, 0]
    profit_j = evaluate_rival("profit", batch, s_i, s_j, t_i, t_j)[0, 0]
    conditions = _conditions_both(batch, s_i, s_j, t_i, t_j)[0]
    if corner:  # the sharing conditions do not hold with equality at a corner
        conditions = conditions[[1, 3]]
    jacobian = jacobians(batch, s_i, s_j, t_i, t_j)
    if corner:  # sharing is pinned: only the investment conditions respond
        second_order, radius = _investment_only_checks(jacobian[0])
    else:
        second_order, radius = (
            bool(_second_order(jacobian)[0]),
            float(_spectral_radius(jacobian)[0]),
        )
    global_br = None
    if check_global:
        global_br = _is_global(params, s, t, (profit, profit_j))
    return Equilibrium(
        regime="nash",
        params=params,
        s=(float(s[0]), float(s[1])),
        t=(float(t[0]), float(t[1])),
        p=(float(price), float(price_j)),
        q=(float(params.b1 * price), float(params.b1 * price_j)),
        profit=(float(profit), float(profit_j)),
        corner=corner,
        residual=float(np.max(np.abs(conditions))),
        second_order=second_order,
        spectral_radius=radius,
        global_best_response=global_br,
    )


def _investment_only_checks(jacobian: np.ndarray) -> tuple[bool, float]:
    """Second-order condition and stability at a sharing corner, where only ``t`` responds.

    The reaction slopes are ``dt_i/dt_j = -H_i,tj / H_i,ti`` (and firm j's mirror);
    the best-response map's spectral radius is the root of their product's modulus.
    """
    h_ti, h_tj = jacobian[1, 1], jacobian[1, 3]
    h_j_tj, h_j_ti = jacobian[3, 3], jacobian[3, 1]
    second_order = bool(h_ti < 0 and h_j_tj < 0)
    with np.errstate(all="ignore"):
        radius = float(np.sqrt(abs((h_tj / h_ti) * (h_j_ti / h_j_tj))))
    return second_order, radius


def _is_global(params: Params, s: Pair, t: Pair, profits: Pair) -> bool:
    mirrored = params.replace(a_i=params.a_j, a_j=params.a_i)
    for firm_params, (s_j, t_j), own in ((params, (s[1], t[1]), profits[0]),
                                         (mirrored, (s[0], t[0]), profits[1])):  # fmt: skip
        try:
            response = best_response(firm_params, s_j, t_j)
        except EquilibriumError:  # the firm's profit is unbounded against this rival choice
            return False
        if response.profit > own + GLOBAL_TOLERANCE * max(1.0, abs(own)):
            return False
    return True


def nash_equilibria(params: Params, *, check_global: bool = True) -> list[Equilibrium]:
    r"""Every Nash equilibrium found, sorted by firm i's investment.

    For symmetric firms (``a_i == a_j``) these are all symmetric equilibria:
    every root of the symmetric investment condition in :math:`(0, \bar t)` and
    every full-sharing corner.  For different intercepts, each symmetric
    equilibrium of the average intercept is continued to the actual intercepts;
    branches that fail to converge, or converge to sharing outside ``(0, 1)`` (where
    the unconstrained conditions no longer describe an equilibrium), are dropped.

    Parameters
    ----------
    params : Params
    check_global : bool
        Check that each firm's choice is a global best response (slower).

    Returns
    -------
    list of Equilibrium
        Possibly empty.  Each carries ``stable``, ``second_order``, ``corner``
        and ``global_best_response``.
    """
    if params.a_i == params.a_j:
        return [_equilibrium(params, (s, s), (t, t), corner, check_global)
                for s, t, corner in _symmetric_candidates(params)]  # fmt: skip
    mean = params.replace(a_i=(params.a_i + params.a_j) / 2, a_j=(params.a_i + params.a_j) / 2)
    found = []
    for start in nash_equilibria(mean, check_global=False):
        if start.corner:
            continue
        solution = _continue_asymmetric(
            single_point_batch(params), np.array([[start.s[0], start.t[0]]])
        )
        if solution is None:
            continue
        s_i, t_i, s_j, t_j = solution[0]
        if 0 < s_i < 1 and 0 < s_j < 1 and t_i > 0 and t_j > 0:
            found.append(_equilibrium(params, (s_i, s_j), (t_i, t_j), "", check_global))
    return _distinct(sorted(found, key=lambda e: e.t[0]))


def _distinct(equilibria: list[Equilibrium]) -> list[Equilibrium]:
    """Drop repeats: continuation from two symmetric roots can reach the same point."""
    kept: list[Equilibrium] = []
    for candidate in equilibria:
        point = np.array([*candidate.s, *candidate.t])
        if not any(np.allclose(point, [*e.s, *e.t], rtol=1e-8, atol=1e-12) for e in kept):
            kept.append(candidate)
    return kept


def solve_nash(params: Params, *, check_global: bool = True) -> Equilibrium:
    """Solve for the Nash equilibrium of the first-stage game that the paper discusses.

    Among the interior equilibria returned by :func:`nash_equilibria`, the stable
    one with the lowest investment (the paper's comparative statics describe a
    stable interior equilibrium).

    Parameters
    ----------
    params : Params
    check_global : bool
        Also check global optimality of each firm's choice; the result's
        ``global_best_response`` records the outcome (it is not required).

    Returns
    -------
    Equilibrium

    Raises
    ------
    EquilibriumError
        When no stable interior equilibrium exists; ``diagnostics["found"]``
        lists what was found (corners, unstable roots).

    Examples
    --------
    >>> eq = solve_nash(Params())
    >>> round(eq.s[0], 4), round(eq.t[0], 4), eq.stable, eq.global_best_response
    (0.0508, 0.0773, True, True)
    """
    found = nash_equilibria(params, check_global=check_global)
    chosen = [e for e in found if e.interior and e.stable and e.second_order
              and e.residual < RESIDUAL_TOLERANCE]  # fmt: skip
    if not chosen:
        described = "; ".join(e.summary() for e in found) or "none"
        raise EquilibriumError(
            f"no stable interior Nash equilibrium at {params}; found: {described}",
            found=found,
        )
    return chosen[0]


# ------------------------------------------------------------ asymmetric (batch)
def _continue_asymmetric(batch: ParamsBatch, start: np.ndarray, steps: int = 8):
    """Newton continuation from the average-intercept equilibrium ``start`` (n, 2: s, t).

    Returns the solutions ``(n, 4)`` in the order ``(s_i, t_i, s_j, t_j)``, NaN rows
    where Newton failed; ``None`` for a single failed point.
    """
    x = np.column_stack([start, start])
    target = batch.as_dict()
    mean = (target["a_i"] + target["a_j"]) / 2
    for step in range(1, steps + 1):
        weight = step / steps
        values = dict(target)
        values["a_i"] = mean + weight * (target["a_i"] - mean)
        values["a_j"] = mean + weight * (target["a_j"] - mean)
        x = _newton(ParamsBatch(**values), x)
    if len(x) == 1 and not np.all(np.isfinite(x)):
        return None
    return x


def _newton(batch: ParamsBatch, x: np.ndarray, iterations: int = 40) -> np.ndarray:
    """Vectorised Newton steps on the four conditions; rows that do not converge become NaN."""
    x = x.copy()
    active = np.all(np.isfinite(x), axis=1)
    for _ in range(iterations):
        if not active.any():
            break
        rows = np.flatnonzero(active)
        sub = batch.subset(rows)
        s_i, t_i, s_j, t_j = x[rows].T
        residual = _conditions_both(sub, s_i, s_j, t_i, t_j)
        jacobian = jacobians(sub, s_i, s_j, t_i, t_j)
        step = _solve(jacobian, residual[..., None])[..., 0]
        x[rows] -= step
        done = ~np.all(np.isfinite(step), axis=1) | np.all(
            np.abs(step) <= 1e-13 * np.maximum(1.0, np.abs(x[rows])), axis=1
        )
        active[rows[done]] = False
    s_i, t_i, s_j, t_j = x.T
    with np.errstate(all="ignore"):
        residual = np.max(np.abs(_conditions_both(batch, s_i, s_j, t_i, t_j)), axis=1)
    x[~(residual < RESIDUAL_TOLERANCE)] = np.nan
    return x


# ---------------------------------------------------------------- batch solver
def _lowest_stable_symmetric(batch: ParamsBatch) -> tuple[np.ndarray, ...]:
    """Per entry: ``(t, n_roots, spectral_radius, second_order)`` of the lowest stable root.

    ``second_order`` says whether the second-order conditions hold there
    (:func:`_second_order`), from the same Jacobian as the radius.
    """
    n = len(batch)
    zero = np.zeros(n)
    kappa = evaluate_expressions("kappa", batch, zero, zero, zero, zero)[0]
    coefficients = _quintic_coefficients(batch, kappa)  # (n, 6)
    with np.errstate(all="ignore"):
        t_bar = np.where(kappa > 0, 1 / kappa, np.inf)
    roots = _roots_in_interval(coefficients, t_bar)  # (n, 5), ascending, +inf padded
    count = np.isfinite(roots).sum(axis=1)
    chosen_t = np.full(n, np.nan)
    chosen_radius = np.full(n, np.nan)
    chosen_second_order = np.zeros(n, dtype=bool)
    for column in range(roots.shape[1]):
        pending = np.isnan(chosen_t) & np.isfinite(roots[:, column])
        if not pending.any():
            continue
        t = roots[pending, column]
        s = kappa[pending] * t
        jacobian = jacobians(batch.subset(pending), s, s, t, t)
        radius = _spectral_radius(jacobian)
        stable = radius < 1
        index = np.flatnonzero(pending)[stable]
        chosen_t[index] = t[stable]
        chosen_radius[index] = radius[stable]
        chosen_second_order[index] = _second_order(jacobian[stable])
    return chosen_t, count, chosen_radius, chosen_second_order


def batch_real_roots(coefficients: np.ndarray) -> np.ndarray:
    """Real roots of many polynomials (rows, highest degree first); NaN-padded, ``(n, deg)``."""
    n, width = coefficients.shape
    degree = width - 1
    roots = np.full((n, degree), np.nan)
    with np.errstate(invalid="ignore"):  # the first significant coefficient (_significant)
        large = _large(coefficients)
        usable = large.any(axis=1) & np.isfinite(coefficients).all(axis=1)
    leading = np.where(usable, large.argmax(axis=1), width)
    groups = np.flatnonzero(np.bincount(leading, minlength=width + 1))
    for first in groups:
        rows = slice(None) if len(groups) == 1 else np.flatnonzero(leading == first)
        d = degree - first
        if d < 1:
            continue
        normalised = coefficients[rows, first + 1 :] / coefficients[rows, first][:, None]
        if d == 3:  # closed form: ~20 times faster than eigenvalues of 3x3 companions
            roots[rows, :3] = _monic_cubic_roots(normalised)
            continue
        companion = np.zeros((len(normalised), d, d))
        companion[:, 0, :] = -normalised
        companion[:, np.arange(1, d), np.arange(d - 1)] = 1.0
        eigenvalues = np.linalg.eigvals(companion)
        real = np.abs(eigenvalues.imag) <= 1e-9 * np.maximum(1.0, np.abs(eigenvalues))
        roots[rows, :d] = np.where(real, eigenvalues.real, np.nan)
    with np.errstate(all="ignore"):
        return _polish(coefficients, roots)


def _roots_in_interval(coefficients: np.ndarray, upper: np.ndarray) -> np.ndarray:
    """Real roots in ``(0, upper)`` of many polynomials; ascending, +inf padded, ``(n, deg)``.

    The roots :func:`batch_real_roots` finds, restricted to the interval, found
    faster.  Descartes' rule of signs on the interval (:func:`_sign_variations`)
    certifies for most rows that there is no root there or exactly one, a simple
    root; Newton's method finds that one (:func:`_single_root`) and :func:`_polish`
    finishes it as it finishes the eigenvalues.  Where :func:`_significant` trims
    negligible leading terms (the eigenvalues are then those of the trimmed
    polynomial), the trimmed polynomial must have the same certificate.  Rows
    without one (several roots possible, a sign too close to zero to trust) take
    the eigenvalues.
    """
    n, width = coefficients.shape
    with np.errstate(invalid="ignore"):
        usable = np.isfinite(coefficients).all(axis=1) & np.isfinite(upper) & (upper > 0)
    rows = np.flatnonzero(usable)
    polynomials, bounds = coefficients[rows], upper[rows]
    with np.errstate(all="ignore"):  # overflow leaves a row uncertain
        variations, certain = _sign_variations(polynomials, bounds)
    trimmed = np.flatnonzero(~_large(polynomials)[:, 0])  # a leading term _significant drops
    if trimmed.size:
        kept = np.where(_significant(polynomials[trimmed]), polynomials[trimmed], 0.0)
        with np.errstate(all="ignore"):
            count, sure = _sign_variations(kept, bounds[trimmed])
        certain[trimmed] &= sure & (count == variations[trimmed])
    single = np.flatnonzero(certain & (variations == 1))
    root = _single_root(polynomials[single], bounds[single])
    with np.errstate(invalid="ignore"):
        inside = (root > 0) & (root < bounds[single])
    roots = np.full((n, width - 1), np.inf)
    roots[rows[single], 0] = np.where(inside, root, np.inf)
    hard = np.ones(n, dtype=bool)
    hard[rows[certain & (variations == 0)]] = False
    hard[rows[single[np.isfinite(root)]]] = False
    hard = np.flatnonzero(hard)
    found = batch_real_roots(coefficients[hard])
    with np.errstate(invalid="ignore"):
        found = np.where((found > 0) & (found < upper[hard, None]), found, np.inf)
    roots[hard] = np.sort(found, axis=1)
    return roots


def _sign_variations(coefficients: np.ndarray, upper: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    r"""Descartes' rule of signs on ``(0, upper)``: a bound on the number of roots there.

    The substitution :math:`x = U u / (1 + u)` maps ``(0, U)`` onto
    :math:`(0, \infty)`; the sign changes in the coefficients of
    :math:`(1 + u)^d P(U u / (1 + u))` bound the number of roots of :math:`P` in
    ``(0, U)``, counted with multiplicity, and have its parity: no change means no
    root, one change exactly one (Collins and Akritas 1976).

    Returns
    -------
    tuple of numpy.ndarray
        ``(variations, certain)``, one entry per row; ``certain`` is False where a
        transformed coefficient is too small against the terms summed into it (below
        1e-10 of them) for its sign, and so the count, to be trusted.
    """
    n, width = coefficients.shape
    degree = width - 1
    transformed = [np.zeros(n) for _ in range(width)]
    magnitude = [np.zeros(n) for _ in range(width)]
    power = np.ones(n)
    for k in range(width):  # the term of x^k, times U^k, spread by (1 + u)^(d - k)
        term = coefficients[:, degree - k] * power
        size = np.abs(term)
        for j in range(k, width):
            weight = math.comb(degree - k, j - k)
            transformed[j] += weight * term
            magnitude[j] += weight * size
        power = power * upper
    certain = np.ones(n, dtype=bool)
    variations = np.zeros(n, dtype=int)
    for j in range(width):
        certain &= np.abs(transformed[j]) > 1e-10 * magnitude[j]
        if j:
            variations += (transformed[j] > 0) != (transformed[j - 1] > 0)
    return variations, certain


def _single_root(coefficients: np.ndarray, upper: np.ndarray, newton_steps: int = 2):
    """Find the one root in ``(0, upper)`` of polynomials that change sign there once, polished.

    Newton's method from the root of the linear Taylor polynomial at 0 (for the
    symmetric quintic within a few per cent of the root).  Where it has settled
    inside the interval after ``newton_steps`` steps (the last one below 1e-6
    relative), the three Newton steps of :func:`_polish` bring it to machine
    precision; the other rows continue with the safeguarded :func:`_bracketed_root`.
    NaN where :func:`_polish` rejects the root.
    """
    derivative = coefficients[:, :-1] * np.arange(coefficients.shape[1] - 1, 0, -1)
    with np.errstate(all="ignore"):
        x = -coefficients[:, -1] / coefficients[:, -2]
        x = np.where((x > 0) & (x < upper), x, upper / 2)[:, None]
        step = np.full_like(x, np.inf)
        for _ in range(newton_steps):
            step = _horner(coefficients, x) / _horner(derivative, x)
            x = x - step
        x, step = x[:, 0], step[:, 0]
        settled = (np.abs(step) <= 1e-6 * np.abs(x)) & (x > 0) & (x < upper)
        x = _polish(coefficients, x[:, None])[:, 0]
        settled &= (x > 0) & (x < upper)
    rest = np.flatnonzero(~settled)
    found = _bracketed_root(coefficients[rest], upper[rest])
    with np.errstate(all="ignore"):
        x[rest] = _polish(coefficients[rest], found[:, None])[:, 0]
    return x


def _bracketed_root(coefficients: np.ndarray, upper: np.ndarray, iterations: int = 200):
    """Find the one root in ``(0, upper)`` of polynomials that change sign there exactly once.

    Newton's method safeguarded by bisection: each step keeps a bracket
    ``[low, high]`` around the sign change and takes its midpoint when the Newton
    step leaves it; stops when the step is below 1e-13 relative.  NaN where it has
    not converged in ``iterations`` steps.
    """
    n = len(coefficients)
    derivative = coefficients[:, :-1] * np.arange(coefficients.shape[1] - 1, 0, -1)
    rising = coefficients[:, -1] < 0  # negative at 0: the sign change is from - to +
    x, low, high = upper / 2, np.zeros(n), np.array(upper, dtype=float)
    found = np.full(n, np.nan)
    index = np.arange(n)
    for _ in range(iterations):
        if not index.size:
            break
        with np.errstate(all="ignore"):
            value = _horner(coefficients, x[:, None])[:, 0]
            left_of_root = (value < 0) == rising
            low, high = np.where(left_of_root, x, low), np.where(left_of_root, high, x)
            newton = x - value / _horner(derivative, x[:, None])[:, 0]
            step = np.where((newton >= low) & (newton <= high), newton, (low + high) / 2)
            done = np.abs(step - x) <= 1e-13 * np.abs(x)
        found[index[done]] = step[done]
        keep = np.flatnonzero(~done)
        index, x, low, high, rising = index[keep], step[keep], low[keep], high[keep], rising[keep]
        coefficients, derivative = coefficients[keep], derivative[keep]
    return found


def _monic_cubic_roots(coefficients: np.ndarray) -> np.ndarray:
    """Real roots of ``x^3 + b x^2 + c x + d`` (rows ``(b, c, d)``), NaN-padded, ``(n, 3)``.

    Trigonometric form for three real roots, Cardano's formula for one; the caller
    polishes them by Newton steps on the full polynomial.
    """
    b, c, d = coefficients.T
    p = c - b**2 / 3
    q = 2 * b**3 / 27 - b * c / 3 + d
    shift = -b / 3
    roots = np.full((len(b), 3), np.nan)
    with np.errstate(all="ignore"):
        discriminant = (q / 2) ** 2 + (p / 3) ** 3
        three = discriminant < 0  # then p < 0
        trig, single = np.flatnonzero(three), np.flatnonzero(~three)
        p_trig, q_trig, shift_trig = p[trig], q[trig], shift[trig]
        radius = 2 * np.sqrt(-p_trig / 3)
        angle = np.arccos(np.clip(3 * q_trig / (p_trig * radius), -1.0, 1.0)) / 3
        for k in range(3):
            roots[trig, k] = radius * np.cos(angle - 2 * np.pi * k / 3) + shift_trig
        q_single, root = q[single], np.sqrt(discriminant[single])
        roots[single, 0] = np.cbrt(-q_single / 2 + root) + np.cbrt(-q_single / 2 - root)
        roots[single, 0] += shift[single]
    return roots


def solve_nash_batch(batch: ParamsBatch) -> BatchEquilibria:
    """:func:`solve_nash` for many parameter points at once (vectorised numpy).

    Symmetric entries (``a_i == a_j``) take the lowest stable interior root of
    the symmetric condition; asymmetric entries are continued from the symmetric
    equilibrium of their average intercept.  Entries that are inadmissible, have
    no stable interior equilibrium, or fail the second-order or residual checks
    are flagged in ``ok``/``reason``; the batch never raises for them.  (The
    global best-response check is left to :func:`solve_nash`.)

    Parameters
    ----------
    batch : ParamsBatch

    Returns
    -------
    BatchEquilibria
    """
    n = len(batch)
    reason = batch.violations()
    admissible = reason == ""
    mean_batch = _average_intercepts(batch)
    admitted = mean_batch if admissible.all() else mean_batch.subset(admissible)
    t_sym, counts, radius_sym, second_order_sym = _lowest_stable_symmetric(admitted)
    t, radius = np.full(n, np.nan), np.full(n, np.nan)
    second_order = np.zeros(n, dtype=bool)
    t[admissible], radius[admissible] = t_sym, radius_sym
    second_order[admissible] = second_order_sym
    n_equilibria = np.zeros(n, dtype=int)
    n_equilibria[admissible] = counts
    zero = np.zeros(n)
    kappa = evaluate_expressions("kappa", mean_batch, zero, zero, zero, zero)[0]
    found = admissible & np.isfinite(t)
    reason[admissible & ~found] = "no stable interior symmetric equilibrium"
    with np.errstate(invalid="ignore"):
        no_sharing = found & ~(kappa * t > 0)
    reason[no_sharing] = "sharing at a corner (s = 0: b2 delta_d = 0, sharing has no benefit)"
    found &= ~no_sharing
    x = np.full((n, 4), np.nan)
    x[found] = np.column_stack([kappa * t, t, kappa * t, t])[found]
    asymmetric = found & (batch.a_i != batch.a_j)
    if asymmetric.any():
        start = np.column_stack([kappa * t, t])[asymmetric]
        x[asymmetric] = _continue_asymmetric(batch.subset(asymmetric), start)
        n_equilibria[asymmetric] = -1
        failed = asymmetric & ~np.isfinite(x).all(axis=1)
        reason[failed] = "Newton continuation to the asymmetric equilibrium failed"
        radius[asymmetric] = np.nan  # the symmetric root's checks do not apply there
    return _batch_result(batch, x, reason, n_equilibria, (radius, second_order))


def _average_intercepts(batch: ParamsBatch) -> ParamsBatch:
    """Replace both intercepts by their mean (return the batch itself where they are equal)."""
    if np.array_equal(batch.a_i, batch.a_j):  # (a + a) / 2 == a exactly
        return batch
    mean = batch.as_dict()
    mean["a_i"] = mean["a_j"] = (mean["a_i"] + mean["a_j"]) / 2
    return ParamsBatch(**mean)


def _batch_result(
    batch: ParamsBatch, x: np.ndarray, reason, n_equilibria, known=None
) -> BatchEquilibria:
    """Check the candidates ``x`` (rows ``(s_i, t_i, s_j, t_j)``) and package them.

    ``known``, if given, is ``(spectral_radius, second_order)`` already computed at
    exactly these candidates (from the same Jacobian); rows with a NaN radius, and
    everything when ``known`` is None, are computed here.
    """
    good = reason == ""
    s_i, t_i, s_j, t_j = (np.where(good, column, 0.5) for column in x.T)
    radius, second_order = known if known is not None else (np.full(len(good), np.nan), None)
    fresh = good & np.isnan(radius)
    if known is None or fresh.any():
        jacobian = jacobians(batch, s_i, s_j, t_i, t_j)
        radius = np.where(fresh, _spectral_radius(jacobian), radius)
        computed = _second_order(jacobian)
        second_order = computed if known is None else np.where(fresh, computed, second_order)
    residual = np.max(np.abs(_conditions_both(batch, s_i, s_j, t_i, t_j)), axis=1)
    inside = (s_i > 0) & (s_i < 1) & (s_j > 0) & (s_j < 1)
    checks = [
        (residual < RESIDUAL_TOLERANCE, "first-order residual too large"),
        (inside, "sharing at a corner"),
        (second_order, "second-order conditions fail (det M <= 0 or dH/dt >= 0)"),
        (radius < 1, "equilibrium unstable under best-response dynamics"),
    ]
    for ok, message in checks:
        reason[good & ~ok & (reason == "")] = message
    good = reason == ""
    price = np.column_stack([v[0] for v in _evaluate_both("price", batch, s_i, s_j, t_i, t_j)])
    profit = np.column_stack([v[0] for v in _evaluate_both("profit", batch, s_i, s_j, t_i, t_j)])
    reason[good & ~(price > 0).all(axis=1)] = "price not positive"
    good = reason == ""

    def masked(values: np.ndarray) -> np.ndarray:
        return np.where(good[:, None], values, np.nan)

    return BatchEquilibria(
        s=masked(np.column_stack([s_i, s_j])),
        t=masked(np.column_stack([t_i, t_j])),
        p=masked(price),
        q=masked(price * batch.b1[:, None]),
        profit=masked(profit),
        ok=good,
        reason=_as_str(reason),
        spectral_radius=np.where(good, radius, np.nan),
        n_equilibria=n_equilibria,
    )


def _as_str(reason: np.ndarray) -> np.ndarray:
    """``reason.astype(str)``, converting only the non-empty messages (the few failures)."""
    flagged = np.flatnonzero(reason != "")
    messages = reason[flagged].astype(str)
    text = np.zeros(len(reason), dtype=max(messages.dtype, np.dtype("<U1")))
    text[flagged] = messages
    return text


# --------------------------------------------------------- comparative statics
def _point(eq: Equilibrium) -> tuple[ParamsBatch, tuple[np.ndarray, ...]]:
    decisions = tuple(np.array([v]) for v in (eq.s[0], eq.s[1], eq.t[0], eq.t[1]))
    return single_point_batch(eq.params), decisions


def _check_variable(variable: str, allowed: tuple[str, ...]) -> None:
    if variable not in allowed:
        raise ValueError(f"variable must be one of {allowed} (got {variable!r})")


def _rhs_both(batch: ParamsBatch, variable: str, decisions) -> np.ndarray:
    """Differentiate all four conditions with respect to ``variable``; ``(n, 4)``."""
    own = evaluate_expressions(f"rhs:{variable}", batch, *decisions)
    rival_name = {"a_i": "a_j", "a_j": "a_i"}.get(variable, variable)
    rival = evaluate_rival(f"rhs:{rival_name}", batch, *decisions)
    return np.concatenate([own, rival]).T


def comparative_statics_batch(batch: ParamsBatch, decisions, variable: str) -> np.ndarray:
    r"""Total equilibrium derivatives for many points; rows ``(s_i, t_i, s_j, t_j)``.

    Parameters
    ----------
    batch : ParamsBatch
    decisions : tuple of arrays
        ``(s_i, s_j, t_i, t_j)`` at each point's equilibrium.
    variable : str
        One of :data:`isacmodel.derive.bertrand.COMPARATIVE_STATICS_PARAMETERS`.

    Returns
    -------
    numpy.ndarray
        Shape ``(n, 4)``: :math:`-J_x^{-1} J_\theta`.
    """
    _check_variable(variable, bertrand.COMPARATIVE_STATICS_PARAMETERS)
    jacobian = jacobians(batch, *decisions)
    rhs = _rhs_both(batch, variable, decisions)
    return -_solve(jacobian, rhs[..., None])[..., 0]


def one_firm_statics_batch(batch: ParamsBatch, decisions, variable: str) -> np.ndarray:
    r"""Compute the paper's one-firm responses for many points; rows ``(s_i, t_i)``.

    :math:`-M^{-1}` times firm i's right-hand side, firm j held fixed; for
    ``variable`` in ``("s_j", "t_j")`` these are reaction-function slopes.
    """
    allowed = ("s_j", "t_j", *bertrand.COMPARATIVE_STATICS_PARAMETERS)
    _check_variable(variable, allowed)
    jacobian = jacobians(batch, *decisions)
    if variable in ("s_j", "t_j"):
        rhs = jacobian[:, :2, {"s_j": 2, "t_j": 3}[variable]]
    else:
        rhs = evaluate_expressions(f"rhs:{variable}", batch, *decisions).T
    return -_solve(jacobian[:, :2, :2], rhs[..., None])[..., 0]


def comparative_statics(eq: Equilibrium, variable: str) -> dict[str, float]:
    r"""Differentiate the equilibrium in a parameter (implicit function theorem, both firms).

    Differentiates all four first-order conditions, so both firms adjust:
    :math:`dx/d\theta = -J_x^{-1} J_\theta` with :math:`x = (s_i, t_i, s_j, t_j)`.

    Parameters
    ----------
    eq : Equilibrium
        An interior equilibrium (from :func:`solve_nash`).
    variable : str
        One of :data:`isacmodel.derive.bertrand.COMPARATIVE_STATICS_PARAMETERS`.

    Returns
    -------
    dict
        ``{"s_i": ds_i/dθ, "t_i": ..., "s_j": ..., "t_j": ...}``.
    """
    if eq.corner:
        raise EquilibriumError(f"comparative statics need an interior equilibrium ({eq.corner})")
    derivative = comparative_statics_batch(*_point(eq), variable)[0]
    return dict(zip(("s_i", "t_i", "s_j", "t_j"), map(float, derivative), strict=True))


def one_firm_statics(eq: Equilibrium, variable: str) -> dict[str, float]:
    r"""Apply the paper's one-firm argument: :math:`-M^{-1}` times firm i's right-hand side.

    This is how firm i's choices respond when firm j's are held fixed.  For
    ``variable`` in ``("s_j", "t_j")`` it is the slope of firm i's reaction
    function (Lemma 1(ii), Proposition 2); for a parameter it ignores the rival's
    response, which :func:`comparative_statics` includes.

    Returns
    -------
    dict
        ``{"s_i": ..., "t_i": ...}``.
    """
    derivative = one_firm_statics_batch(*_point(eq), variable)[0]
    return {"s_i": float(derivative[0]), "t_i": float(derivative[1])}


def reaction_slopes(eq: Equilibrium) -> dict[str, float]:
    r"""Slopes of firm i's reaction functions at the equilibrium.

    Returns
    -------
    dict
        ``{"ds_i/ds_j", "dt_i/ds_j", "ds_i/dt_j", "dt_i/dt_j"}``.
    """
    by_s, by_t = one_firm_statics(eq, "s_j"), one_firm_statics(eq, "t_j")
    return {"ds_i/ds_j": by_s["s_i"], "dt_i/ds_j": by_s["t_i"],
            "ds_i/dt_j": by_t["s_i"], "dt_i/dt_j": by_t["t_i"]}  # fmt: skip


def finite_difference_statics(params: Params, variable: str, step: float = 1e-5) -> dict:
    """Central finite differences of :func:`solve_nash` with respect to a parameter.

    The independent check of :func:`comparative_statics`; ``variable="a"`` moves
    both intercepts.
    """
    _check_variable(variable, bertrand.COMPARATIVE_STATICS_PARAMETERS)
    names = ("a_i", "a_j") if variable == "a" else (variable,)

    def shifted(sign: float) -> Equilibrium:
        changes = {name: getattr(params, name) + sign * step for name in names}
        return solve_nash(params.replace(**changes), check_global=False)

    up, down = shifted(1.0), shifted(-1.0)
    values = {"s_i": (up.s[0], down.s[0]), "t_i": (up.t[0], down.t[0]),
              "s_j": (up.s[1], down.s[1]), "t_j": (up.t[1], down.t[1])}  # fmt: skip
    return {key: (hi - lo) / (2 * step) for key, (hi, lo) in values.items()}
