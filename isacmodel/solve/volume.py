r"""Section 4: volume-related security costs (Proposition 7), derived.

Firm ``i``'s marginal cost is :math:`F_i = (c - \hat\delta\, t_j s_j)\,\phi(t_i)`: security
costs grow with sales, and the rival's shared information lowers them by
:math:`\hat\delta t_j s_j` per unit.  The fixed cost has no spillover
(:math:`\delta_c = 0`); the baseline is :math:`f(t) = k t^2/2` and
:math:`\phi(t) = 1 + t^2/2` (DESIGN.md).

Everything is derived here from the demand system (1) and the profit
:math:`(p_i - F_i) q_i - f(t_i)`: the second-stage prices by solving both pricing
conditions, the reduced profit :math:`b_1 (p_i - F_i)^2 - f(t_i)`, the first-stage
conditions (17)-(18), and every expression of the proof of Proposition 7, in
general form with sympy functions ``phi(t)``, ``f(t)`` and ``g(s_own, s_rival)``.
:func:`printed_expressions` transcribes the printed forms for comparison.

:func:`solve_volume_nash` and :func:`solve_volume_nash_batch` find the symmetric
equilibrium: with (17) solved for sharing (a cubic in ``t``), the investment
condition (18) becomes a polynomial of degree 11 in the common investment, and
corners at no or full sharing give their own polynomials; the stable candidate
with the lowest investment and a positive margin wins.  Firms of different size
are not solved yet.  :func:`statics_delta_hat` and :func:`sharing_reaction_slope`
give the responses at an equilibrium; :func:`best_response_batch`,
:func:`reaction_slopes` and :func:`reaction_curve` give firm i's reaction function
to any rival choice, and :func:`sign_map` solves the model over the
:math:`(\delta_d, \hat\delta)` plane.  The book's chapter ``chapters/volume.md``
shows them.
"""

from __future__ import annotations

from functools import cache

import numpy as np
import sympy as sp

from isacmodel.core.model import PARAMETER_FIELDS, SYM
from isacmodel.core.params import ParamsBatch
from isacmodel.derive import bertrand
from isacmodel.derive.bertrand import PrintedExpression
from isacmodel.solve.nash import batch_real_roots, single_point_batch
from isacmodel.solve.results import BatchEquilibria, Equilibrium, EquilibriumError

__all__ = [
    "C",
    "best_response_radius",
    "DELTA_HAT",
    "MISPRINTS",
    "first_order_conditions",
    "phi_numeric",
    "marginal_cost",
    "prices",
    "printed_expressions",
    "printed_price",
    "profit",
    "reduced_profit",
    "sharing_reaction_slope",
    "solve_volume_nash",
    "solve_volume_nash_batch",
    "specialise",
    "statics_delta_hat",
    "NEGATIVE_COST",
    "NO_SALE",
    "best_response_batch",
    "reaction_slopes",
    "sharing_given_investment",
    "sign_map",
    "reaction_curve",
    "sharing_threshold",
]

#: Section 4's parameters: the base marginal cost and the volume-related spillover.
C = sp.Symbol("c", positive=True)
DELTA_HAT = sp.Symbol("hat_delta", nonnegative=True)
#: The volume-cost shape and the fixed cost, general (``phi' > 0``, ``phi'' > 0``).
phi = sp.Function("phi")
f = sp.Function("f_4")
_D = 4 * SYM.b1**2 - SYM.b2**2


def marginal_cost(firm: str = "i") -> sp.Expr:
    r"""Return :math:`F_i = (c - \hat\delta t_j s_j)\phi(t_i)` (or :math:`F_j` for ``"j"``)."""
    if firm == "i":
        return (C - DELTA_HAT * SYM.t_j * SYM.s_j) * phi(SYM.t_i)
    return (C - DELTA_HAT * SYM.t_i * SYM.s_i) * phi(SYM.t_j)


def _demand(firm: str) -> sp.Expr:
    own, rival, shift = (SYM.p_i, SYM.p_j, SYM.B_i) if firm == "i" else (SYM.p_j, SYM.p_i, SYM.B_j)
    intercept = SYM.a_i if firm == "i" else SYM.a_j
    return intercept - SYM.b1 * own + SYM.b2 * rival + shift


@cache
def prices() -> tuple[sp.Expr, sp.Expr]:
    """Second-stage prices, derived by solving both firms' pricing conditions.

    Firm i maximises :math:`(p_i - F_i) q_i` over :math:`p_i`; the demand shifts
    ``B_i``, ``B_j`` are kept as symbols.
    """
    conditions = [
        sp.diff((SYM.p_i - marginal_cost("i")) * _demand("i"), SYM.p_i),
        sp.diff((SYM.p_j - marginal_cost("j")) * _demand("j"), SYM.p_j),
    ]
    solution = sp.solve(conditions, [SYM.p_i, SYM.p_j], dict=True)[0]
    return sp.factor(solution[SYM.p_i]), sp.factor(solution[SYM.p_j])


def printed_price() -> sp.Expr:
    """Transcribe the price at the start of the proof of Proposition 7."""
    b1, b2 = SYM.b1, SYM.b2
    numerator = (2 * b1 * (SYM.a_i + SYM.B_i) + b2 * (SYM.a_j + SYM.B_j)
                 + 2 * b1**2 * marginal_cost("i") + b1 * b2 * marginal_cost("j"))  # fmt: skip
    return numerator / _D


def _with_shifts(expr: sp.Expr) -> sp.Expr:
    return expr.xreplace(bertrand.demand_shifts())


@cache
def price() -> sp.Expr:
    """Firm i's second-stage price as a function of the decisions (general ``g``, ``phi``)."""
    return _with_shifts(prices()[0])


@cache
def profit() -> sp.Expr:
    """Firm i's first-stage payoff :math:`(p_i - F_i) q_i - f(t_i)` at the second-stage prices."""
    p_i, p_j = prices()
    quantity = _demand("i").subs({SYM.p_i: p_i, SYM.p_j: p_j})
    return _with_shifts((p_i - marginal_cost("i")) * quantity) - f(SYM.t_i)


def reduced_profit() -> sp.Expr:
    r"""Return the paper's reduced form :math:`b_1 (p_i - F_i)^2 - f(t_i)`."""
    return SYM.b1 * (price() - marginal_cost("i")) ** 2 - f(SYM.t_i)


@cache
def first_order_conditions() -> tuple[sp.Expr, sp.Expr]:
    r"""Return :math:`(G_i, H_i)`, the derivatives of the payoff in ``s_i`` and ``t_i``."""
    payoff = reduced_profit()
    return sp.diff(payoff, SYM.s_i), sp.diff(payoff, SYM.t_i)


def specialise(expr: sp.Expr) -> sp.Expr:
    r"""Substitute the baselines: leakage (2), :math:`\phi = 1 + t^2/2`, :math:`f = kt^2/2`."""
    x, y = sp.symbols("x y")
    lambdas = {
        bertrand.g: sp.Lambda(
            (x, y), SYM.gamma1 * x**2 - SYM.gamma2 * y**2 - SYM.gamma3 * x * y
        ),  # fmt: skip
        phi: sp.Lambda(x, 1 + x**2 / 2),
        f: sp.Lambda(x, SYM.k * x**2 / 2),
    }
    return sp.sympify(expr).subs(lambdas).doit()


# ------------------------------------------------------------- printed forms
def _phi_prime(t: sp.Symbol) -> sp.Expr:
    return sp.diff(phi(t), t)


@cache
def printed_expressions() -> tuple[PrintedExpression, ...]:
    r"""Transcribe the expressions of the proof of Proposition 7 next to our derivations.

    The printed forms use general ``g``, ``phi``; where the paper evaluates an
    expression at the sharing condition (17) (``G_i = 0``, so
    :math:`\partial p_i/\partial s_i = 0`), ``condition`` says so.
    """
    b1, b2, dd, gam = SYM.b1, SYM.b2, SYM.delta_d, SYM.gamma
    s_i, s_j, t_i, t_j = SYM.s_i, SYM.s_j, SYM.t_i, SYM.t_j
    gen = bertrand.general()
    g_i_si, g_j_si = sp.diff(gen.g_i, s_i), sp.diff(gen.g_j, s_i)
    f_i, f_j = marginal_cost("i"), marginal_cost("j")
    p_i = price()
    margin_t = sp.diff(p_i, t_i) - sp.diff(f_i, t_i)
    dp_dsi = (2 * b1 * (-g_i_si) + b2 * (dd * t_i - g_j_si) - b1 * b2 * DELTA_HAT * t_i
              * phi(t_j)) / _D  # fmt: skip
    dp_dti = (2 * b1 + b2 * (dd * s_i - gam) + 2 * b1**2 * (C - DELTA_HAT * s_j * t_j)
              * _phi_prime(t_i) - b1 * b2 * DELTA_HAT * s_i * phi(t_j)) / _D  # fmt: skip
    dp_ddh = -(2 * b1**2 * t_j * s_j * phi(t_i) + b1 * b2 * t_i * s_i * phi(t_j)) / _D
    eq32 = (2 * b1**2 * t_j * s_j * _phi_prime(t_i) - b1 * b2 * s_i * phi(t_j)
            - b2**2 * t_j * s_j * _phi_prime(t_i)) / _D  # fmt: skip
    eq33 = (2 * b1 + b2 * (dd * s_i - gam) - (2 * b1**2 + b2**2) * (C - DELTA_HAT * s_j * t_j)
            * _phi_prime(t_i) - b1 * b2 * DELTA_HAT * s_i * phi(t_j)) / _D  # fmt: skip
    d2p_sisj = (-2 * b1 * sp.diff(gen.g_i, s_i, s_j) - b2 * sp.diff(gen.g_j, s_i, s_j)) / _D
    d2p_sitj = -b1 * b2 * t_i * DELTA_HAT * _phi_prime(t_j) / _D
    h_i = first_order_conditions()[1]
    rows = [
        ("price", "Proof of Proposition 7, the price", r"p_i", printed_price(), prices()[0]),
        ("dFi-dsj", "Proof of Proposition 7", r"\partial F_i/\partial s_j",
         -DELTA_HAT * t_j * phi(t_i), sp.diff(f_i, s_j)),
        ("dFi-dti", "Proof of Proposition 7", r"\partial F_i/\partial t_i",
         (C - DELTA_HAT * t_j * s_j) * _phi_prime(t_i), sp.diff(f_i, t_i)),
        ("dFj-dsi", "Proof of Proposition 7", r"\partial F_j/\partial s_i",
         -DELTA_HAT * t_i * phi(t_j), sp.diff(f_j, s_i)),
        ("dFj-dti", "Proof of Proposition 7", r"\partial F_j/\partial t_i",
         -DELTA_HAT * s_i * phi(t_j), sp.diff(f_j, t_i)),
        ("dp-dsi", "Proof of Proposition 7(i)", r"\partial p_i/\partial s_i", dp_dsi,
         sp.diff(p_i, s_i)),
        ("dp-dti", "Proof of Proposition 7(ii)", r"\partial p_i/\partial t_i", dp_dti,
         sp.diff(p_i, t_i)),
        ("dp-ddhat", "Proof of Proposition 7(ii)", r"\partial p_i/\partial \hat\delta", dp_ddh,
         sp.diff(p_i, DELTA_HAT)),
        ("dF-ddhat", "Proof of Proposition 7(ii)", r"\partial F_i/\partial \hat\delta",
         -s_j * t_j * phi(t_i), sp.diff(f_i, DELTA_HAT)),
        ("d2p-dsi-ddhat", "Proof of Proposition 7(ii)",
         r"\partial^2 p_i/\partial s_i \partial \hat\delta", -b1 * b2 * t_i * phi(t_j) / _D,
         sp.diff(p_i, s_i, DELTA_HAT)),
        ("eq32", "Proof of Proposition 7(ii), eq. (32)",
         r"\partial^2 (p_i - F_i)/\partial t_i \partial \hat\delta", eq32,
         sp.diff(margin_t, DELTA_HAT)),
        ("eq33", "Proof of Proposition 7(ii), eq. (33)",
         r"\partial (p_i - F_i)/\partial t_i", eq33, margin_t),
        ("d2p-dsidsj", "Proof of Proposition 7(ii)",
         r"\partial^2 p_i/\partial s_i \partial s_j", d2p_sisj, sp.diff(p_i, s_i, s_j)),
        ("d2p-dsidtj", "Proof of Proposition 7(ii)",
         r"\partial^2 p_i/\partial s_i \partial t_j", d2p_sitj, sp.diff(p_i, s_i, t_j)),
        ("d2p-dtidsi", "Proof of Proposition 7(ii)",
         r"\partial^2 p_i/\partial t_i \partial s_i", b2 * (dd - b1 * DELTA_HAT * phi(t_j)),
         sp.diff(p_i, t_i, s_i)),
        ("dH-dsi", "Proof of Proposition 7(ii), at (17)", r"\partial H_i/\partial s_i",
         2 * b1 * (p_i - f_i) * b2 * (dd - b1 * DELTA_HAT * phi(t_j)),
         sp.diff(h_i, s_i) - 2 * b1 * sp.diff(p_i, s_i) * margin_t,
         "the sharing condition (17), where the dropped term vanishes"),
    ]  # fmt: skip
    return tuple(PrintedExpression(*row) for row in rows)


#: The printed expressions that differ from the derivation, and how.
MISPRINTS = {
    "eq33": "the coefficient of (c - hat_delta s_j t_j) phi'(t_i) is 2 b1^2 - b2^2, not "
    "2 b1^2 + b2^2",
    "d2p-dtidsi": "the denominator 4 b1^2 - b2^2 is missing",
    "dH-dsi": "the denominator 4 b1^2 - b2^2 is missing (it carries over from the line above)",
}


# ------------------------------------------------------------- the equilibrium
#: Params fields of section 4 (``delta_c`` and ``rho`` are unused: no fixed-cost spillover).
_FIELDS = (*PARAMETER_FIELDS, "c", "delta_hat")
ARGS = (*SYM.parameters(), C, DELTA_HAT, SYM.s_i, SYM.s_j, SYM.t_i, SYM.t_j)
_S, _T = sp.symbols("s t", nonnegative=True)


def phi_numeric(t) -> np.ndarray:
    r"""Return the baseline volume-cost shape :math:`\phi(t) = 1 + t^2/2` (numpy)."""
    return 1 + np.asarray(t, dtype=float) ** 2 / 2


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
        "sharing": sp.lambdify((*arguments, _T), sharing, "numpy"),
        "interior": sp.lambdify(arguments, _coefficients(investment.subs(_S, sharing))),
        "none": sp.lambdify(arguments, _coefficients(investment.subs(_S, 0))),
        "full": sp.lambdify(arguments, _coefficients(investment.subs(_S, 1))),
        "conditions": sp.lambdify(ARGS, conditions, "numpy"),
        "jacobian": sp.lambdify(ARGS, jacobian, "numpy"),
        "margin": sp.lambdify(ARGS, margin, "numpy"),
        "profit": sp.lambdify(ARGS, specialise(reduced_profit()), "numpy"),
        "price": sp.lambdify(ARGS, specialise(price()), "numpy"),
        "marginal_cost": sp.lambdify(ARGS, specialise(marginal_cost("i")), "numpy"),
    }


def parameter_values(batch) -> list[np.ndarray]:
    return [np.asarray(getattr(batch, name), dtype=float) for name in _FIELDS]


def _at(name: str, batch, s_i, s_j, t_i, t_j) -> np.ndarray:
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
    jac = _at("jacobian", batch, s, s, t, t).reshape(2, 4, *np.shape(s))
    jac = np.moveaxis(jac, (0, 1), (-2, -1))  # (..., 2 conditions, 4 variables)
    own, rival = jac[..., :2], jac[..., 2:]
    det = own[..., 0, 0] * own[..., 1, 1] - own[..., 0, 1] * own[..., 1, 0]
    interior = code == 0
    second_order = np.where(interior, (det > 0) & (own[..., 1, 1] < 0), own[..., 1, 1] < 0)
    radius = best_response_radius(own, rival, interior)
    margin = _at("margin", batch, s, s, t, t)
    cost = _at("marginal_cost", batch, s, s, t, t)
    passes = second_order & (radius < 1) & (margin > 0) & (cost > 0)
    return passes, radius


def best_response_radius(own: np.ndarray, rival: np.ndarray, interior) -> np.ndarray:
    """Spectral radius of best-response dynamics at symmetric points.

    ``own`` and ``rival`` are the blocks ``(..., 2, 2)`` of a firm's two conditions
    differentiated in its own and in the rival's ``(s, t)``.  Where sharing is at a
    corner (``interior`` False) only investment responds, and the radius is the ratio
    of the investment condition's rival and own slopes.
    """
    det = own[..., 0, 0] * own[..., 1, 1] - own[..., 0, 1] * own[..., 1, 0]
    with np.errstate(all="ignore"):
        adjugate = np.stack([np.stack([own[..., 1, 1], -own[..., 0, 1]], -1),
                             np.stack([-own[..., 1, 0], own[..., 0, 0]], -1)], -2)  # fmt: skip
        reaction = -(adjugate / det[..., None, None]) @ rival
        trace = reaction[..., 0, 0] + reaction[..., 1, 1]
        determinant = (reaction[..., 0, 0] * reaction[..., 1, 1]
                       - reaction[..., 0, 1] * reaction[..., 1, 0])  # fmt: skip
        discriminant = trace**2 / 4 - determinant
        largest = np.where(discriminant >= 0,
                           np.abs(trace) / 2 + np.sqrt(np.maximum(discriminant, 0.0)),
                           np.sqrt(np.abs(determinant)))  # fmt: skip
        investment_only = np.abs(rival[..., 1, 1] / own[..., 1, 1])
    return np.where(interior, largest, investment_only)


_CORNERS = np.array(["", "s_i = s_j = 0", "s_i = s_j = 1"])


def solve_volume_nash_batch(batch) -> BatchEquilibria:
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
    price = _at("price", batch, s, s, t, t)
    profit = _at("profit", batch, s, s, t, t)
    margin = _at("margin", batch, s, s, t, t)

    def pair(values: np.ndarray) -> np.ndarray:
        return np.where(good[:, None], np.column_stack([values, values]), np.nan)

    return BatchEquilibria(
        s=pair(s), t=pair(t), p=pair(price), q=pair(batch.b1 * margin), profit=pair(profit),
        ok=good, reason=reason, spectral_radius=np.where(good, radius_all[rows, best], np.nan),
        n_equilibria=passes.sum(axis=1), corner=np.where(good, _CORNERS[code_all[rows, best]], ""),
        residual=np.where(good, np.abs(_at("conditions", batch, s, s, t, t)).max(axis=0), np.nan),
    )  # fmt: skip


def solve_volume_nash(params, *, check_global: bool = True) -> Equilibrium:
    """Solve the symmetric Bertrand-Nash equilibrium of section 4 (volume-related costs).

    Quantities are :math:`b_1 (p_i - F_i)`, the demand at the second-stage prices.
    With ``check_global``, each firm's choice is compared with a grid over its own
    decisions (the rival held at the equilibrium).

    Raises
    ------
    EquilibriumError
        If there is no stable symmetric equilibrium with a positive margin.
    ValueError
        If the parameters are inadmissible or ``a_i != a_j`` (not solved yet).
    """
    if params.a_i != params.a_j:
        raise ValueError(
            f"section 4 is solved for symmetric firms only (got a_i={params.a_i}, a_j={params.a_j})"
        )
    batch = single_point_batch(params)
    result = solve_volume_nash_batch(batch)
    if not result.ok[0]:
        raise EquilibriumError(f"no section-4 equilibrium at {params}: {result.reason[0]}")
    s, t = float(result.s[0, 0]), float(result.t[0, 0])
    profit = float(result.profit[0, 0])
    is_global = _is_global(params, s, t, profit) if check_global else None
    return Equilibrium(
        regime="nash, volume-related costs", params=params, s=(s, s), t=(t, t),
        p=(float(result.p[0, 0]),) * 2, q=(float(result.q[0, 0]),) * 2, profit=(profit, profit),
        corner=str(result.corner[0]), residual=float(result.residual[0]), second_order=True,
        spectral_radius=float(result.spectral_radius[0]), global_best_response=is_global,
    )  # fmt: skip


def _is_global(params, s: float, t: float, profit: float, grid: int = 201) -> bool:
    """Whether no own choice on a grid beats the equilibrium profit (rival held fixed)."""
    s_grid, t_grid = np.meshgrid(np.linspace(0, 1, grid), np.linspace(0, 4 * t + 0.5, grid))
    many = ParamsBatch(**{name: np.full(s_grid.size, v) for name, v in params.as_dict().items()})
    values = _at("profit", many, s_grid.ravel(), np.full(s_grid.size, s), t_grid.ravel(),
                 np.full(s_grid.size, t))  # fmt: skip
    return bool(values.max() <= profit + 1e-10 * max(1.0, abs(profit)))


# ------------------------------------------------------- comparative statics
@cache
def _statics_pieces():
    conditions = [specialise(sp.diff(price(), SYM.s_i)), specialise(first_order_conditions()[1])]
    return sp.lambdify(ARGS, [sp.diff(c, DELTA_HAT) for c in conditions], "numpy")


def _own_and_rival_blocks(batch, s, t) -> tuple[np.ndarray, np.ndarray]:
    """Firm i's condition Jacobian blocks in its own and the rival's ``(s, t)``, ``(n, 2, 2)``."""
    jac = _at("jacobian", batch, s, s, t, t).reshape(2, 4, len(batch))
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
#: Status of a best response where no choice leaves both firms a positive margin.
NO_SALE = "no choice where both firms have a positive margin p - F"
#: Status where the rival's sharing makes firm i's marginal cost non-positive.
NEGATIVE_COST = "marginal cost (c - hat_delta t_j s_j) phi(t_i) is not positive"


@cache
def sharing_given_investment() -> sp.Expr:
    r"""Return firm i's sharing that solves (17) for given ``t_i`` and rival ``(s_j, t_j)``.

    (17) is linear in :math:`s_i`; with the baseline forms the solution is

    .. math::

        s_i = \frac{b_2 t_i\,[\delta_d - b_1\hat\delta\,\phi(t_j)] + \gamma_3 (2b_1 + b_2)\, s_j}
                   {2\,(2 b_1\gamma_1 - b_2\gamma_2)},

    so the sign of :math:`\delta_d - b_1\hat\delta\phi(t_j)` decides whether investing
    more makes firm i share more or less.
    """
    condition = sp.numer(sp.together(specialise(sp.diff(price(), SYM.s_i))))
    (solution,) = sp.solve(condition, SYM.s_i)
    return sp.factor(solution)


@cache
def _response_pieces():
    """Lambdified cubics in ``t_i`` of (18) with sharing from (17), at 0 and at 1."""
    investment = specialise(first_order_conditions()[1])
    arguments = (*SYM.parameters(), C, DELTA_HAT, SYM.s_j, SYM.t_j)

    def cubic(expr: sp.Expr):
        polynomial = sp.Poly(sp.expand(sp.numer(sp.together(expr))), SYM.t_i)
        return sp.lambdify(arguments, polynomial.all_coeffs())

    sharing = sharing_given_investment()
    return {
        "sharing": sp.lambdify((*arguments, SYM.t_i), sharing, "numpy"),
        "interior": cubic(investment.subs(SYM.s_i, sharing)),
        "none": cubic(investment.subs(SYM.s_i, 0)),
        "full": cubic(investment.subs(SYM.s_i, 1)),
    }


def best_response_batch(batch, s_j, t_j) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    r"""Firm i's global best response ``(s_i, t_i, corner)`` to rival choices, vectorised.

    Candidates are the critical points of (17)-(18): interior sharing, and
    investment alone with sharing at 0 or 1, plus no investment; the one with the
    highest profit among those where both firms keep a positive margin (so that
    the second-stage prices apply) wins.

    Parameters
    ----------
    batch : ParamsBatch
        Section-4 parameter points (``n`` entries).
    s_j, t_j : array_like
        The rival's sharing and investment, broadcast to ``(n,)``.

    Returns
    -------
    s_i, t_i : ndarray
        The best response, NaN where ``corner`` is :data:`NO_SALE` or
        :data:`NEGATIVE_COST`.
    corner : ndarray of str
        ``"s_i = 0"``, ``"s_i = 1"`` or ``""`` (interior sharing), with ``"t_i = 0"``
        added when firm i does not invest; :data:`NO_SALE` when no candidate keeps
        both margins positive, :data:`NEGATIVE_COST` when
        :math:`c - \hat\delta t_j s_j \le 0`.
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
    both_sell = (_at("margin", batch, s_i, rival[0], t_i, rival[1]) > 0) & (
        _at("margin", batch, rival[0], s_i, rival[1], t_i) > 0
    )
    profit = np.where(both_sell, _at("profit", batch, s_i, rival[0], t_i, rival[1]), -np.inf)
    profit = np.where(np.isfinite(t_i) & np.isfinite(s_i), profit, -np.inf)
    best = np.argmax(profit, axis=1)
    rows = np.arange(n)
    cost_positive = np.asarray(batch.c) - np.asarray(batch.delta_hat) * t_j * s_j > 0
    sells = np.isfinite(profit[rows, best]) & cost_positive
    s_best = np.where(sells, s_i[rows, best], np.nan)
    t_best = np.where(sells, t_i[rows, best], np.nan)
    corner = np.where(sells, corner_labels(s_best, t_best), NO_SALE)
    corner = np.where(cost_positive, corner, NEGATIVE_COST)
    return s_best, t_best, corner


def corner_labels(s_i: np.ndarray, t_i: np.ndarray) -> np.ndarray:
    """``"s_i = 0"`` or ``"s_i = 1"``, ``"t_i = 0"``, both joined by a comma, or ``""``."""
    sharing = np.where(s_i <= 0, "s_i = 0", np.where(s_i >= 1, "s_i = 1", ""))
    investment = np.where(t_i <= 0, "t_i = 0", "")
    joiner = np.where((sharing != "") & (investment != ""), ", ", "")
    return np.char.add(np.char.add(sharing, joiner), investment)


def reaction_slopes(batch, s_i, t_i, s_j, t_j, corner) -> np.ndarray:
    r"""Return firm i's responses ``(n, 2, 2)``: rows ``(s_i, t_i)``, columns ``(s_j, t_j)``.

    The implicit function theorem on (17)-(18) at firm i's best response
    (``corner`` as :func:`best_response_batch` reports it).  A decision at a
    corner does not respond, and the other follows its own condition alone.
    ``[:, 0, 0]`` is the slope :math:`\partial s_i/\partial s_j` of the sharing
    reaction function (the rival's investment held fixed).
    """
    n = len(batch)
    jac = _at("jacobian", batch, s_i, s_j, t_i, t_j).reshape(2, 4, n)
    jac = np.moveaxis(jac, 2, 0)
    own, rival = jac[:, :, :2], jac[:, :, 2:]
    corner = np.asarray(corner).astype(str)
    sharing_fixed = np.char.find(corner, "s_i =") >= 0
    investment_fixed = np.char.find(corner, "t_i = 0") >= 0
    with np.errstate(all="ignore"):
        both = -np.linalg.solve(own, rival)
        alone = -rival / np.stack([own[:, 0, 0], own[:, 1, 1]], axis=1)[:, :, None]
    response = np.where(sharing_fixed[:, None, None] | investment_fixed[:, None, None], alone, both)
    response[sharing_fixed, 0, :] = 0.0
    response[investment_fixed, 1, :] = 0.0
    return response


def sign_map(params, delta_d, delta_hat) -> dict[str, np.ndarray]:
    r"""Solve section 4 over a grid of :math:`(\delta_d, \hat\delta)` and sign the responses.

    Parameters
    ----------
    params : Params
        The other parameters (symmetric firms).
    delta_d, delta_hat : array_like
        Grid values (1-D); the result arrays have shape ``(len(delta_hat), len(delta_d))``.

    Returns
    -------
    dict
        ``s``, ``t`` (NaN where no equilibrium), ``ds``, ``dt`` (the responses to
        :math:`\hat\delta`, :func:`statics_delta_hat`), ``corner``, ``ok``, ``reason``,
        and ``threshold``: :math:`\delta_d - b_1\hat\delta\,\phi(t)`, positive exactly
        where firms share (at a symmetric equilibrium, (17) gives
        :math:`s = b_2 t\,[\delta_d - b_1\hat\delta\phi(t)]/(4b_1\gamma_1 - 2b_1\gamma_3
        - 2b_2\gamma_2 - b_2\gamma_3)`, a positive denominator).
    """
    dd, dh = np.meshgrid(np.asarray(delta_d, dtype=float), np.asarray(delta_hat, dtype=float))
    values = {name: np.full(dd.size, value) for name, value in params.as_dict().items()}
    values.update(delta_d=dd.ravel(), delta_hat=dh.ravel(), delta_c=np.zeros(dd.size))
    batch = ParamsBatch(**values)
    result = solve_volume_nash_batch(batch)
    s, t = result.s[:, 0], result.t[:, 0]
    statics = np.full((dd.size, 2), np.nan)
    good = result.ok
    if good.any():
        chosen = ParamsBatch(**{name: v[good] for name, v in values.items()})
        statics[good] = statics_delta_hat(chosen, s[good], t[good], result.corner[good])
    phi_t = phi_numeric(t)
    out = {
        "delta_d": dd, "delta_hat": dh, "s": s, "t": t, "ds": statics[:, 0], "dt": statics[:, 1],
        "corner": result.corner, "ok": result.ok, "reason": result.reason,
        "threshold": dd.ravel() - batch.b1 * dh.ravel() * phi_t,
    }  # fmt: skip
    return {k: (v.reshape(dd.shape) if k not in ("delta_d", "delta_hat") else v)
            for k, v in out.items()}  # fmt: skip


def sharing_threshold(batch, t_j) -> np.ndarray:
    r"""Return :math:`\hat\delta_0 = \delta_d/(b_1\phi(t_j))`, where (17)'s investment term flips.

    Below it, firm i's sharing from (17) rises with its own investment; above it,
    sharing falls with investment.  The proof of Proposition 7 leaves the sign of
    :math:`\delta_d - b_1\hat\delta\phi(t_j)` open.  Evaluated at :math:`t_0`, the
    investment of symmetric firms that do not share, it is exactly the spillover
    above which symmetric firms stop sharing (on that boundary neither spillover
    enters the payoffs, so investment is :math:`t_0` all along it).
    """
    return np.asarray(batch.delta_d, dtype=float) / (np.asarray(batch.b1) * phi_numeric(t_j))


def reaction_curve(batch, s_j_values, t_j) -> dict[str, np.ndarray]:
    r"""Firm i's sharing reaction function over a grid of the rival's sharing.

    Parameters
    ----------
    batch : ParamsBatch
        ``n`` section-4 parameter points.
    s_j_values : array_like
        The rival's sharing levels (``m`` values).
    t_j : array_like
        The rival's investment, held fixed along each curve, ``(n,)``.

    Returns
    -------
    dict
        ``s_i``, ``t_i``, ``slope`` (:math:`\partial s_i/\partial s_j`), ``corner``,
        each ``(n, m)``; ``interior`` marks points with sharing strictly inside
        (0, 1) and positive investment.
    """
    n, grid = len(batch), np.asarray(s_j_values, dtype=float)
    m = grid.size
    repeated = ParamsBatch(**{k: np.repeat(v, m) for k, v in batch.as_dict().items()})
    s_j = np.tile(grid, n)
    t_j = np.repeat(np.broadcast_to(np.asarray(t_j, dtype=float), (n,)), m)
    s_i, t_i, corner = best_response_batch(repeated, s_j, t_j)
    sells = (corner != NO_SALE) & (corner != NEGATIVE_COST)
    slope = np.full(n * m, np.nan)
    if sells.any():
        chosen = ParamsBatch(**{k: v[sells] for k, v in repeated.as_dict().items()})
        responses = reaction_slopes(chosen, s_i[sells], t_i[sells], s_j[sells], t_j[sells],
                                    corner[sells])  # fmt: skip
        slope[sells] = responses[:, 0, 0]
    shaped = {"s_i": s_i, "t_i": t_i, "slope": slope, "corner": corner, "interior": corner == ""}
    return {key: value.reshape(n, m) for key, value in shaped.items()}
