r"""Section 2.1 under the baseline, exactly: the polynomial backend of :mod:`isacmodel.solve.nash`.

All formulas come from :mod:`isacmodel.derive.bertrand` (sympy, specialised to the
baseline) through :mod:`isacmodel.core.compile`; nothing here is typed in by hand.  The
functions work on a :class:`~isacmodel.core.params.ParamsBatch`, so one code path serves
a single point and a million.  Callers use :func:`isacmodel.solve.nash.solve_nash_batch`,
which comes here for the baseline specification.

How the equilibria are found
----------------------------
Firm i's sharing condition (5), :math:`\partial p_i/\partial s_i = 0`, is linear in
:math:`s_i`, so its best sharing is :math:`s_i = \text{clip}(s^0 + s^1 t_i, 0, 1)`
for given rival choices.  Substituting it into the investment condition (6),
:math:`H_i`, leaves a cubic in :math:`t_i` (the rival's spillover :math:`y_j` is
fixed), so a **best response** is found exactly by comparing profit at every real
root and at the kinks (:func:`best_response_batch`).

At a **symmetric** point :math:`s = \kappa t` and :math:`H \cdot (1 + y)` is a
polynomial of degree five in :math:`t`; every interior symmetric equilibrium is
one of its roots in :math:`(0, \bar t)`, where :math:`\bar t = 1/\kappa` is the
bound of Assumption 2 (beyond it sharing would exceed one).  The roots come from
:func:`isacmodel.numerics.polyroots.roots_in_interval`; each is classified as stable
or not under best-response dynamics (spectral radius of the best-response Jacobian).
:func:`solve_polynomial_batch` keeps the **stable interior equilibrium with the lowest
investment**.

With different intercepts (:math:`a_i \ne a_j`) the four first-order conditions
are solved jointly by Newton's method, continued from the symmetric equilibrium
of the average intercept (:func:`continue_asymmetric`).
"""

from __future__ import annotations

from functools import cache

import numpy as np
import sympy as sp

from isacmodel.core.compile import compile_expressions, evaluate, parameter_values
from isacmodel.core.model import SYM
from isacmodel.core.params import Params, ParamsBatch
from isacmodel.derive import bertrand
from isacmodel.numerics.linalg import (
    best_response_radius,
    second_order_conditions,
    solve_stack,
)
from isacmodel.numerics.polyroots import batch_real_roots, real_roots, roots_in_interval
from isacmodel.solve.results import BatchEquilibria

__all__ = [
    "ARGS",
    "RESIDUAL_TOLERANCE",
    "best_response_batch",
    "conditions_both",
    "continue_asymmetric",
    "evaluate_both",
    "evaluate_expressions",
    "evaluate_rival",
    "jacobians",
    "quintic_coefficients",
    "single_point_batch",
    "solve_polynomial_batch",
    "symmetric_candidates",
    "with_intercepts_swapped",
]

ARGS = (*SYM.parameters(), SYM.s_i, SYM.s_j, SYM.t_i, SYM.t_j)


_DECISIONS = (SYM.s_i, SYM.t_i, SYM.s_j, SYM.t_j)


_T = sp.Symbol("t", positive=True)


#: Largest first-order-condition residual accepted for a solution.
RESIDUAL_TOLERANCE = 1e-8


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
    (:func:`_symmetric_slope`), which :func:`quintic_coefficients` fills in with its
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
    return compile_expressions(expressions, ARGS)


def evaluate_expressions(name: str, batch: ParamsBatch, s_i, s_j, t_i, t_j) -> np.ndarray:
    """Evaluate expression list ``name`` for firm i; shape ``(len(list), n)``."""
    return evaluate(_function(name), batch, s_i, s_j, t_i, t_j)


@cache
def _quintic_function():
    return compile_expressions(_symmetric_quintic(), (*SYM.parameters(), _K))


def quintic_coefficients(batch: ParamsBatch, kappa: np.ndarray) -> np.ndarray:
    """Evaluate the symmetric quintic's coefficients, highest first, ``(n, 6)``, at ``kappa``."""
    values = parameter_values(batch)
    with np.errstate(all="ignore"):
        results = _quintic_function()(*values, kappa)
    return np.array([np.broadcast_to(np.asarray(r, dtype=float), kappa.shape) for r in results]).T


def evaluate_rival(name: str, batch: ParamsBatch, s_i, s_j, t_i, t_j) -> np.ndarray:
    """Evaluate the same expressions for firm j (intercepts and decisions swapped)."""
    return evaluate_expressions(name, with_intercepts_swapped(batch), s_j, s_i, t_j, t_i)


def evaluate_both(name: str, batch: ParamsBatch, s_i, s_j, t_i, t_j):
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
    """Return ``batch`` with ``a_i`` and ``a_j`` exchanged (firm j's view of the market)."""
    values = batch.as_dict()
    values["a_i"], values["a_j"] = values["a_j"], values["a_i"]
    return ParamsBatch(**values)


def single_point_batch(params: Params) -> ParamsBatch:
    """Return one :class:`Params` as a batch of one entry (``TypeError`` for anything else)."""
    if not isinstance(params, Params):
        raise TypeError(f"expected a Params, got {type(params).__name__}")
    return ParamsBatch(**params.as_dict())


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


def jacobians(batch: ParamsBatch, s_i, s_j, t_i, t_j) -> np.ndarray:
    """Jacobian of the four conditions in ``(s_i, t_i, s_j, t_j)``; shape ``(n, 4, 4)``."""
    own, rival = evaluate_both("jacobian", batch, s_i, s_j, t_i, t_j)  # rows of (2, 4), flat
    rival = rival[[2, 3, 0, 1, 6, 7, 4, 5]]  # its own choices first -> our column order
    # one row per entry of the matrix, so that each entry is contiguous across the batch
    return np.concatenate([own, rival]).T.reshape(-1, 4, 4)


def conditions_both(batch: ParamsBatch, s_i, s_j, t_i, t_j) -> np.ndarray:
    """Both firms' conditions (5)-(6), ``(n, 4)`` in the order ``(s_i, t_i, s_j, t_j)``."""
    own, rival = evaluate_both("conditions", batch, s_i, s_j, t_i, t_j)
    return np.concatenate([own, rival]).T  # (n, 4)


def symmetric_candidates(params: Params) -> list[tuple[float, float, str]]:
    """Every symmetric equilibrium candidate ``(s, t, corner)``: interior roots, then corners."""
    batch = single_point_batch(params)
    args = (batch, 0.0, 0.0, 0.0, 0.0)
    kappa = float(evaluate_expressions("kappa", *args)[0, 0])
    t_bar = 1 / kappa if kappa > 0 else np.inf
    no_sharing = "s_i = s_j = 0 (b2 delta_d = 0: sharing has no benefit)"
    candidates = [(kappa * t, t, "" if kappa * t > 0 else no_sharing)
                  for t in real_roots(quintic_coefficients(batch, np.array([kappa]))[0])
                  if 0 < t < t_bar]  # fmt: skip
    corners = real_roots(evaluate_expressions("corner_quadratic", *args)[:, 0])
    candidates += [(1.0, t, "s_i = s_j = 1") for t in corners if t >= t_bar]
    return candidates


def continue_asymmetric(batch: ParamsBatch, start: np.ndarray, steps: int = 8):
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
        residual = conditions_both(sub, s_i, s_j, t_i, t_j)
        jacobian = jacobians(sub, s_i, s_j, t_i, t_j)
        step = solve_stack(jacobian, residual[..., None])[..., 0]
        x[rows] -= step
        done = ~np.all(np.isfinite(step), axis=1) | np.all(
            np.abs(step) <= 1e-13 * np.maximum(1.0, np.abs(x[rows])), axis=1
        )
        active[rows[done]] = False
    s_i, t_i, s_j, t_j = x.T
    with np.errstate(all="ignore"):
        residual = np.max(np.abs(conditions_both(batch, s_i, s_j, t_i, t_j)), axis=1)
    x[~(residual < RESIDUAL_TOLERANCE)] = np.nan
    return x


def _lowest_stable_symmetric(batch: ParamsBatch) -> tuple[np.ndarray, ...]:
    """Per entry: ``(t, n_roots, spectral_radius, second_order)`` of the lowest stable root.

    ``second_order`` says whether the second-order conditions hold there
    (:func:`second_order_conditions`), from the same Jacobian as the radius.
    """
    n = len(batch)
    zero = np.zeros(n)
    kappa = evaluate_expressions("kappa", batch, zero, zero, zero, zero)[0]
    coefficients = quintic_coefficients(batch, kappa)  # (n, 6)
    with np.errstate(all="ignore"):
        t_bar = np.where(kappa > 0, 1 / kappa, np.inf)
    roots = roots_in_interval(coefficients, t_bar)  # (n, 5), ascending, +inf padded
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
        radius = best_response_radius(jacobian)
        stable = radius < 1
        index = np.flatnonzero(pending)[stable]
        chosen_t[index] = t[stable]
        chosen_radius[index] = radius[stable]
        chosen_second_order[index] = second_order_conditions(jacobian[stable])
    return chosen_t, count, chosen_radius, chosen_second_order


def solve_polynomial_batch(batch: ParamsBatch) -> BatchEquilibria:
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
        x[asymmetric] = continue_asymmetric(batch.subset(asymmetric), start)
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
        radius = np.where(fresh, best_response_radius(jacobian), radius)
        computed = second_order_conditions(jacobian)
        second_order = computed if known is None else np.where(fresh, computed, second_order)
    residual = np.max(np.abs(conditions_both(batch, s_i, s_j, t_i, t_j)), axis=1)
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
    price = np.column_stack([v[0] for v in evaluate_both("price", batch, s_i, s_j, t_i, t_j)])
    profit = np.column_stack([v[0] for v in evaluate_both("profit", batch, s_i, s_j, t_i, t_j)])
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
