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
solvers (:mod:`isacmodel.solve.volume`, whose public names include these, and the
numeric pieces both backends share, :mod:`isacmodel.solve.volume_responses`) build on it.
"""

from __future__ import annotations

from functools import cache

import numpy as np
import sympy as sp

from isacmodel.core.model import SYM
from isacmodel.derive import bertrand
from isacmodel.derive.bertrand import PrintedExpression

__all__ = [
    "C",
    "DELTA_HAT",
    "MISPRINTS",
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
