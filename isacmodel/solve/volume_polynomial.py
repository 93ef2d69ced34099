r"""Section 4's exact backend for the baseline: the symmetric equilibrium through polynomials.

With the baseline's :math:`\phi(t) = 1 + t^2/2` and :math:`f(t) = k t^2/2`, (17)
solved for sharing at a symmetric point is a cubic's quotient in ``t``, so the
investment condition (18) becomes a polynomial of degree 11 in the common
investment; corners at no or full sharing give their own polynomials.  All real
roots are found at once (:func:`isacmodel.solve.nash.batch_real_roots`); the stable
candidate with the lowest investment and a positive margin wins.  Firm i's best
response to any rival choice is likewise a cubic's roots.  Public entry points are
those of :mod:`isacmodel.solve.volume`, which runs this module under the baseline.
"""

from __future__ import annotations

from functools import cache

import numpy as np
import sympy as sp

from isacmodel.core.compile import compile_expressions
from isacmodel.core.families import BASELINE
from isacmodel.core.model import PARAMETER_FIELDS, SYM
from isacmodel.core.params import ParamsBatch
from isacmodel.derive.volume import (
    DELTA_HAT,
    C,
    first_order_conditions,
    marginal_cost,
    price,
    reduced_profit,
    sharing_given_investment,
    specialise,
)
from isacmodel.solve.nash import batch_real_roots
from isacmodel.solve.results import BatchEquilibria
from isacmodel.solve.volume_responses import (
    best_candidate,
    best_response_radius,
    corner_responses,
)

__all__ = [
    "ARGS",
    "best_response_batch",
    "parameter_values",
    "reaction_slopes",
    "sharing_reaction_slope",
    "solve_volume_nash_batch",
    "statics_delta_hat",
]

#: Params fields of section 4 (``delta_c`` and ``rho`` are unused: no fixed-cost spillover).
_FIELDS = (*PARAMETER_FIELDS, "c", "delta_hat")
ARGS = (*SYM.parameters(), C, DELTA_HAT, SYM.s_i, SYM.s_j, SYM.t_i, SYM.t_j)
_S, _T = sp.symbols("s t", nonnegative=True)


def _symmetric(expr: sp.Expr) -> sp.Expr:
    point = {SYM.s_i: _S, SYM.s_j: _S, SYM.t_i: _T, SYM.t_j: _T, SYM.a_j: SYM.a_i}
    return specialise(expr).xreplace(point)


@cache
def _symmetric_sharing() -> sp.Expr:
    """Return the common sharing that solves (17) at a symmetric point, as a function of ``t``."""
    condition = sp.numer(sp.together(_symmetric(sp.diff(price(), SYM.s_i))))
    (solution,) = sp.solve(condition, _S)
    return sp.factor(solution)


def _coefficients(expr: sp.Expr) -> list[sp.Expr]:
    polynomial = sp.Poly(sp.expand(sp.numer(sp.together(expr))), _T)
    return polynomial.all_coeffs()


@cache
def _numeric():
    """Lambdified pieces: polynomials in ``t`` for each sharing regime, conditions, Jacobian."""
    investment = _symmetric(first_order_conditions()[1])
    sharing = _symmetric_sharing()
    arguments = (*SYM.parameters(), C, DELTA_HAT)
    conditions = [specialise(sp.diff(price(), SYM.s_i)), specialise(first_order_conditions()[1])]
    variables = (SYM.s_i, SYM.t_i, SYM.s_j, SYM.t_j)
    jacobian = [sp.diff(c, v) for c in conditions for v in variables]
    margin = specialise(price() - marginal_cost("i"))
    return {
        "sharing": compile_expressions(sharing, (*arguments, _T)),
        "interior": compile_expressions(_coefficients(investment.subs(_S, sharing)), arguments),
        "none": compile_expressions(_coefficients(investment.subs(_S, 0)), arguments),
        "full": compile_expressions(_coefficients(investment.subs(_S, 1)), arguments),
        "conditions": compile_expressions(conditions, ARGS),
        "jacobian": compile_expressions(jacobian, ARGS),
        "margin": compile_expressions(margin, ARGS),
        "profit": compile_expressions(specialise(reduced_profit()), ARGS),
        "price": compile_expressions(specialise(price()), ARGS),
        "marginal_cost": compile_expressions(specialise(marginal_cost("i")), ARGS),
    }


def parameter_values(batch) -> list[np.ndarray]:
    """Return the parameters of section 4 (those of section 2, ``c``, ``hat_delta``) as arrays."""
    return [np.asarray(getattr(batch, name), dtype=float) for name in _FIELDS]


def evaluate_piece(name: str, batch, s_i, s_j, t_i, t_j) -> np.ndarray:
    """Evaluate a lambdified piece; decisions of shape ``(n,)`` or ``(n, m)``."""
    ndim = max(np.ndim(x) for x in (s_i, s_j, t_i, t_j))
    values = (
        [v.reshape(v.shape + (1,) * (ndim - 1)) for v in parameter_values(batch)]
        if ndim
        else parameter_values(batch)
    )
    with np.errstate(all="ignore"):
        result = _numeric()[name](*values, s_i, s_j, t_i, t_j)
    shape = np.broadcast_shapes(*(np.shape(x) for x in (s_i, s_j, t_i, t_j)), values[0].shape)
    if isinstance(result, list):
        return np.array([np.broadcast_to(np.asarray(r, dtype=float), shape) for r in result])
    return np.broadcast_to(np.asarray(result, dtype=float), shape)


def _candidates(batch) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Every symmetric candidate ``(s, t, corner code)``, ``(n, m)`` each, NaN-padded.

    Interior candidates are the positive roots of the investment condition with
    (17) substituted (degree 11) whose sharing lies in (0, 1); corner candidates
    are the positive roots with sharing fixed at 0 or 1 where (17) would push
    sharing beyond that bound.  Corner codes: 0 interior, 1 ``s = 0``, 2 ``s = 1``.
    """
    values = parameter_values(batch)
    numeric = _numeric()
    columns_s, columns_t, codes = [], [], []
    for code, name in enumerate(("interior", "none", "full")):
        with np.errstate(all="ignore"):
            rows = [np.broadcast_to(np.asarray(c, dtype=float), (len(batch),))
                    for c in numeric[name](*values)]  # fmt: skip
            roots = batch_real_roots(np.column_stack(rows))
            unconstrained = numeric["sharing"](*(v[:, None] for v in values), roots)
        unconstrained = np.broadcast_to(unconstrained, roots.shape)
        keep = {
            0: (unconstrained > 0) & (unconstrained < 1),
            1: unconstrained <= 0,
            2: unconstrained >= 1,
        }[code] & (roots > 0)
        t = np.where(keep, roots, np.nan)
        s = np.where(keep, {0: unconstrained, 1: 0.0, 2: 1.0}[code], np.nan)
        columns_s.append(s)
        columns_t.append(t)
        codes.append(np.full(t.shape, code))
    return np.hstack(columns_s), np.hstack(columns_t), np.hstack(codes)


def _checks(batch, s, t, code) -> tuple[np.ndarray, np.ndarray]:
    """Per candidate (flattened): which checks pass, and the spectral radius."""
    jac = evaluate_piece("jacobian", batch, s, s, t, t).reshape(2, 4, *np.shape(s))
    jac = np.moveaxis(jac, (0, 1), (-2, -1))  # (..., 2 conditions, 4 variables)
    own, rival = jac[..., :2], jac[..., 2:]
    det = own[..., 0, 0] * own[..., 1, 1] - own[..., 0, 1] * own[..., 1, 0]
    interior = code == 0
    second_order = np.where(interior, (det > 0) & (own[..., 1, 1] < 0), own[..., 1, 1] < 0)
    radius = best_response_radius(own, rival, interior)
    margin = evaluate_piece("margin", batch, s, s, t, t)
    cost = evaluate_piece("marginal_cost", batch, s, s, t, t)
    passes = second_order & (radius < 1) & (margin > 0) & (cost > 0)
    return passes, radius


_CORNERS = np.array(["", "s_i = s_j = 0", "s_i = s_j = 1"])


def solve_volume_nash_batch(batch: ParamsBatch) -> BatchEquilibria:
    """Symmetric section-4 equilibria for many parameter points (vectorised).

    Takes the candidate with the lowest investment that satisfies the
    second-order conditions, is stable under best-response dynamics, and has a
    positive margin :math:`p_i - F_i` and marginal cost.  Entries that are
    inadmissible, asymmetric (``a_i != a_j``; not solved yet) or have no such
    candidate are flagged in ``ok``/``reason``.
    """
    n = len(batch)
    reason = batch.violations().astype(object)
    reason[(reason == "") & (batch.a_i != batch.a_j)] = "asymmetric firms: not solved in section 4"
    s_all, t_all, code_all = _candidates(batch)
    passes, radius_all = _checks(batch, np.nan_to_num(s_all), np.nan_to_num(t_all), code_all)
    passes &= np.isfinite(t_all)
    order = np.where(passes, t_all, np.inf)
    best = np.argmin(order, axis=1)
    rows = np.arange(n)
    found = np.isfinite(order[rows, best])
    reason[(reason == "") & ~found] = "no stable symmetric equilibrium with a positive margin"
    good = reason == ""
    s, t = np.where(good, s_all[rows, best], 0.5), np.where(good, t_all[rows, best], 0.5)
    price = evaluate_piece("price", batch, s, s, t, t)
    profit = evaluate_piece("profit", batch, s, s, t, t)
    margin = evaluate_piece("margin", batch, s, s, t, t)
    conditions = evaluate_piece("conditions", batch, s, s, t, t)

    def pair(values: np.ndarray) -> np.ndarray:
        return np.where(good[:, None], np.column_stack([values, values]), np.nan)

    return BatchEquilibria(
        s=pair(s), t=pair(t), p=pair(price), q=pair(batch.b1 * margin), profit=pair(profit),
        ok=good, reason=reason, spectral_radius=np.where(good, radius_all[rows, best], np.nan),
        n_equilibria=passes.sum(axis=1), corner=np.where(good, _CORNERS[code_all[rows, best]], ""),
        residual=np.where(good, np.abs(conditions).max(axis=0), np.nan),
        params=batch, spec=BASELINE,
    )  # fmt: skip


# ------------------------------------------------------- comparative statics
@cache
def _statics_pieces():
    conditions = [specialise(sp.diff(price(), SYM.s_i)), specialise(first_order_conditions()[1])]
    return compile_expressions([sp.diff(c, DELTA_HAT) for c in conditions], ARGS)


def _own_and_rival_blocks(batch, s, t) -> tuple[np.ndarray, np.ndarray]:
    """Firm i's condition Jacobian blocks in its own and the rival's ``(s, t)``, ``(n, 2, 2)``."""
    jac = evaluate_piece("jacobian", batch, s, s, t, t).reshape(2, 4, len(batch))
    jac = np.moveaxis(jac, 2, 0)
    return jac[:, :, :2], jac[:, :, 2:]


def statics_delta_hat(batch, s, t, corner) -> np.ndarray:
    r"""Return the responses ``(ds/d hat_delta, dt/d hat_delta)`` at symmetric equilibria.

    The implicit function theorem on both firms' conditions; by symmetry both
    firms respond alike, so the 4 x 4 system reduces to
    :math:`(M + N)\,dx = -\partial(G, H)/\partial\hat\delta`.  Where sharing sits
    at a corner it does not respond and only the investment condition is used.
    """
    own, rival = _own_and_rival_blocks(batch, s, t)
    with np.errstate(all="ignore"):
        rhs = -np.array(_statics_pieces()(*parameter_values(batch), s, s, t, t), dtype=float)
    rhs = np.broadcast_to(rhs, (2, len(batch))).T
    total = own + rival
    with np.errstate(all="ignore"):
        interior = np.linalg.solve(total, rhs[:, :, None])[:, :, 0]
        investment_only = rhs[:, 1] / total[:, 1, 1]
    at_corner = np.asarray(corner) != ""
    return np.where(at_corner[:, None], np.column_stack([0 * s, investment_only]), interior)


def sharing_reaction_slope(batch, s, t) -> np.ndarray:
    r"""Return :math:`\partial s_i/\partial s_j` of firm i's reaction function (both conditions)."""
    own, rival = _own_and_rival_blocks(batch, s, t)
    with np.errstate(all="ignore"):
        response = -np.linalg.solve(own, rival)
    return response[:, 0, 0]


# ------------------------------------------------- firm i's reaction function
@cache
def _response_pieces():
    """Lambdified cubics in ``t_i`` of (18) with sharing from (17), at 0 and at 1."""
    investment = specialise(first_order_conditions()[1])
    arguments = (*SYM.parameters(), C, DELTA_HAT, SYM.s_j, SYM.t_j)

    def cubic(expr: sp.Expr):
        polynomial = sp.Poly(sp.expand(sp.numer(sp.together(expr))), SYM.t_i)
        return compile_expressions(polynomial.all_coeffs(), arguments)

    sharing = sharing_given_investment()
    return {
        "sharing": compile_expressions(sharing, (*arguments, SYM.t_i)),
        "interior": cubic(investment.subs(SYM.s_i, sharing)),
        "none": cubic(investment.subs(SYM.s_i, 0)),
        "full": cubic(investment.subs(SYM.s_i, 1)),
    }


def best_response_batch(batch, s_j, t_j) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    r"""Firm i's global best response ``(s_i, t_i, corner)`` under the baseline families.

    The baseline backend of :func:`isacmodel.solve.volume.best_response_batch`, which
    documents the candidates, arguments and result: the critical points are found as
    roots of cubics, and :func:`isacmodel.solve.volume_responses.best_candidate` picks one.
    """
    n = len(batch)
    s_j, t_j = (np.broadcast_to(np.asarray(x, dtype=float), (n,)) for x in (s_j, t_j))
    values = [*parameter_values(batch), s_j, t_j]
    pieces = _response_pieces()
    s_columns, t_columns = [], []
    for name, fixed in (("interior", None), ("none", 0.0), ("full", 1.0)):
        with np.errstate(all="ignore"):
            coefficients = pieces[name](*values)
            rows = [np.broadcast_to(np.asarray(c, dtype=float), (n,)) for c in coefficients]
            roots = np.hstack([batch_real_roots(np.column_stack(rows)), np.zeros((n, 1))])
            free = np.broadcast_to(pieces["sharing"](*(v[:, None] for v in values), roots),
                                   roots.shape)  # fmt: skip
        if fixed is None:  # interior roots need interior sharing; at t_i = 0 sharing is clipped
            inside = (free > 0) & (free < 1)
            inside[:, -1] = True
            sharing = np.where(inside, np.clip(free, 0.0, 1.0), np.nan)
        else:
            sharing = np.full(roots.shape, fixed)
        s_columns.append(sharing)
        t_columns.append(np.where(roots >= 0, roots, np.nan))
    s_i, t_i = np.hstack(s_columns), np.hstack(t_columns)
    rival = (s_j[:, None], t_j[:, None])
    both_sell = (evaluate_piece("margin", batch, s_i, rival[0], t_i, rival[1]) > 0) & (
        evaluate_piece("margin", batch, rival[0], s_i, rival[1], t_i) > 0
    )
    profit = np.where(
        both_sell, evaluate_piece("profit", batch, s_i, rival[0], t_i, rival[1]), -np.inf
    )
    profit = np.where(np.isfinite(t_i) & np.isfinite(s_i), profit, -np.inf)
    return best_candidate(batch, s_i, t_i, profit, s_j, t_j)


def reaction_slopes(batch, s_i, t_i, s_j, t_j, corner) -> np.ndarray:
    r"""Return firm i's responses ``(n, 2, 2)`` under the baseline families.

    The baseline backend of :func:`isacmodel.solve.volume.reaction_slopes`, which
    documents the result (:func:`isacmodel.solve.volume_responses.corner_responses`).
    """
    jac = evaluate_piece("jacobian", batch, s_i, s_j, t_i, t_j).reshape(2, 4, len(batch))
    return corner_responses(jac, corner)
