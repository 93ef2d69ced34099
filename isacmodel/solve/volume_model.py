r"""Section 4's model: volume-related security costs (Proposition 7), derived in general form.

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
:func:`printed_expressions` transcribes the printed forms for comparison.  The
solvers (:mod:`isacmodel.solve.volume`, whose public names include these) build on it.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache

import numpy as np
import sympy as sp

from isacmodel.core.model import SYM
from isacmodel.core.params import ParamsBatch
from isacmodel.derive import bertrand
from isacmodel.derive.bertrand import PrintedExpression

__all__ = [
    "C",
    "DELTA_HAT",
    "MISPRINTS",
    "NEGATIVE_COST",
    "NO_SALE",
    "best_candidate",
    "best_response_radius",
    "corner_labels",
    "corner_responses",
    "f",
    "first_order_conditions",
    "marginal_cost",
    "phi",
    "phi_numeric",
    "price",
    "prices",
    "printed_expressions",
    "printed_price",
    "profit",
    "reduced_profit",
    "sharing_given_investment",
    "specialise",
    "trace_reaction_curve",
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


def phi_numeric(t) -> np.ndarray:
    r"""Return the baseline volume-cost shape :math:`\phi(t) = 1 + t^2/2` (numpy)."""
    return 1 + np.asarray(t, dtype=float) ** 2 / 2


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


def corner_labels(s_i: np.ndarray, t_i: np.ndarray) -> np.ndarray:
    """``"s_i = 0"`` or ``"s_i = 1"``, ``"t_i = 0"``, both joined by a comma, or ``""``."""
    sharing = np.where(s_i <= 0, "s_i = 0", np.where(s_i >= 1, "s_i = 1", ""))
    investment = np.where(t_i <= 0, "t_i = 0", "")
    joiner = np.where((sharing != "") & (investment != ""), ", ", "")
    return np.char.add(np.char.add(sharing, joiner), investment)


def best_candidate(
    batch: ParamsBatch, s_i: np.ndarray, t_i: np.ndarray, profit: np.ndarray, s_j, t_j
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    r"""Pick firm i's best response among candidate choices, with its corner label.

    Shared by the backends of :func:`isacmodel.solve.volume.best_response_batch`.

    Parameters
    ----------
    batch : ParamsBatch
        Section-4 parameter points (``n`` entries).
    s_i, t_i : numpy.ndarray
        Candidate sharing and investment of firm i, shape ``(n, m)``.
    profit : numpy.ndarray
        Firm i's profit at each candidate, ``-inf`` where a candidate is not valid
        (not finite, or some firm without a positive margin), shape ``(n, m)``.
    s_j, t_j : numpy.ndarray
        The rival's sharing and investment, shape ``(n,)``.

    Returns
    -------
    s_best, t_best : numpy.ndarray
        The most profitable candidate, NaN where no candidate is valid or the
        marginal cost :math:`c - \hat\delta t_j s_j` is not positive.
    corner : numpy.ndarray of str
        :func:`corner_labels` of the choice, :data:`NO_SALE` or :data:`NEGATIVE_COST`.
    """
    best = np.argmax(profit, axis=1)
    rows = np.arange(len(best))
    cost_positive = np.asarray(batch.c) - np.asarray(batch.delta_hat) * t_j * s_j > 0
    sells = np.isfinite(profit[rows, best]) & cost_positive
    s_best = np.where(sells, s_i[rows, best], np.nan)
    t_best = np.where(sells, t_i[rows, best], np.nan)
    corner = np.where(sells, corner_labels(s_best, t_best), NO_SALE)
    corner = np.where(cost_positive, corner, NEGATIVE_COST)
    return s_best, t_best, corner


def corner_responses(
    jacobian: np.ndarray,
    corner,
    solve: Callable[[np.ndarray, np.ndarray], np.ndarray] = np.linalg.solve,
) -> np.ndarray:
    r"""Firm i's responses to the rival by the implicit function theorem, corners held.

    Shared by the backends of :func:`isacmodel.solve.volume.reaction_slopes`.

    Parameters
    ----------
    jacobian : numpy.ndarray
        The Jacobian of conditions (17)-(18) in ``(s_i, t_i, s_j, t_j)``, shape ``(2, 4, n)``.
    corner : array_like of str
        Firm i's corner labels (:func:`corner_labels`), shape ``(n,)``.
    solve : callable
        Solver of stacked 2 x 2 systems, ``solve(matrix, rhs)``; :func:`numpy.linalg.solve`
        by default.

    Returns
    -------
    numpy.ndarray
        Shape ``(n, 2, 2)``: rows ``(s_i, t_i)``, columns ``(s_j, t_j)``; a decision at
        a corner does not respond, and the other follows its own condition alone.
    """
    jac = np.moveaxis(jacobian, 2, 0)
    own, rival = jac[:, :, :2], jac[:, :, 2:]
    corner = np.asarray(corner).astype(str)
    sharing_fixed = np.char.find(corner, "s_i =") >= 0
    investment_fixed = np.char.find(corner, "t_i = 0") >= 0
    with np.errstate(all="ignore"):
        both = -solve(own, rival)
        alone = -rival / np.stack([own[:, 0, 0], own[:, 1, 1]], axis=1)[:, :, None]
    response = np.where(sharing_fixed[:, None, None] | investment_fixed[:, None, None], alone, both)
    response[sharing_fixed, 0, :] = 0.0
    response[investment_fixed, 1, :] = 0.0
    return response


def trace_reaction_curve(
    best_response: Callable, slopes: Callable, batch, s_j_values, t_j
) -> dict[str, np.ndarray]:
    r"""Trace firm i's sharing reaction function with a backend's best response and slopes.

    ``best_response(batch, s_j, t_j) -> (s_i, t_i, corner)`` and
    ``slopes(batch, s_i, t_i, s_j, t_j, corner) -> (n, 2, 2)`` are a solver's; the
    curve is returned as :func:`isacmodel.solve.volume.reaction_curve` documents.
    """
    n, grid = len(batch), np.asarray(s_j_values, dtype=float)
    m = grid.size
    repeated = ParamsBatch(**{k: np.repeat(v, m) for k, v in batch.as_dict().items()})
    s_j = np.tile(grid, n)
    t_j = np.repeat(np.broadcast_to(np.asarray(t_j, dtype=float), (n,)), m)
    s_i, t_i, corner = best_response(repeated, s_j, t_j)
    sells = (corner != NO_SALE) & (corner != NEGATIVE_COST)
    slope = np.full(n * m, np.nan)
    if sells.any():
        chosen = repeated.subset(sells)
        responses = slopes(chosen, s_i[sells], t_i[sells], s_j[sells], t_j[sells], corner[sells])
        slope[sells] = responses[:, 0, 0]
    shaped = {"s_i": s_i, "t_i": t_i, "slope": slope, "corner": corner, "interior": corner == ""}
    return {key: value.reshape(n, m) for key, value in shaped.items()}
