r"""Appendix A, "Derivation of Benefit Function": linear demand from a quadratic utility.

A representative consumer buys :math:`q_1, q_2` of the two products and spends the
rest of income :math:`Y` on other goods:

.. math::

    U(q_1, q_2) = r_1 q_1 + r_2 q_2 - \tfrac{d_1}{2} q_1^2 - \tfrac{d_2}{2} q_2^2
                  - z q_1 q_2 + (Y - p_1 q_1 - p_2 q_2), \qquad d_1, d_2 > z \ge 0.

The first-order conditions (19) are :math:`r_j - d_j q_j - z q_i - p_j = 0`;
solving them gives the linear demands (20), and matching coefficients with (1)
gives :math:`a_i + B_i`, :math:`b_1` and :math:`b_2` in terms of the utility
parameters.  If the consumer's appreciation :math:`r_i(s_i)` falls (at an
increasing rate) as firm i shares more, the implied leakage cost :math:`g_i`
has every sign property the paper assumes of it.

Products are labelled 1 and 2 here, as in the appendix; firm i is product 1.

>>> mapping = demand_coefficients()
>>> mapping["b2"]
z/(d_1*d_2 - z**2)
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import sympy as sp

from isacmodel.core.model import SYM

__all__ = [
    "U",
    "UtilitySymbols",
    "demand_coefficients",
    "derived_demand",
    "first_order_conditions",
    "implied_leakage",
    "leakage_derivatives",
    "printed_demand_eq20",
    "printed_leakage_derivatives",
    "utility",
]


@dataclass(frozen=True)
class UtilitySymbols:
    """Symbols of the consumer problem of Appendix A."""

    r1: sp.Symbol = sp.Symbol("r_1", positive=True)
    r2: sp.Symbol = sp.Symbol("r_2", positive=True)
    d1: sp.Symbol = sp.Symbol("d_1", positive=True)
    d2: sp.Symbol = sp.Symbol("d_2", positive=True)
    z: sp.Symbol = sp.Symbol("z", nonnegative=True)
    Y: sp.Symbol = sp.Symbol("Y", positive=True)
    q1: sp.Symbol = sp.Symbol("q_1")
    q2: sp.Symbol = sp.Symbol("q_2")
    p1: sp.Symbol = sp.Symbol("p_1")
    p2: sp.Symbol = sp.Symbol("p_2")

    @property
    def determinant(self) -> sp.Expr:
        r""":math:`d_1 d_2 - z^2`, positive because :math:`d_1, d_2 > z`."""
        return self.d1 * self.d2 - self.z**2


U = UtilitySymbols()


def utility() -> sp.Expr:
    """Return the representative consumer's quasi-linear quadratic utility."""
    return (
        U.r1 * U.q1 + U.r2 * U.q2 - U.d1 * U.q1**2 / 2 - U.d2 * U.q2**2 / 2 - U.z * U.q1 * U.q2
        + (U.Y - U.p1 * U.q1 - U.p2 * U.q2)
    )  # fmt: skip


def first_order_conditions() -> tuple[sp.Expr, sp.Expr]:
    """Eq. (19): the derivatives of the utility in ``q_1`` and ``q_2``."""
    return sp.diff(utility(), U.q1), sp.diff(utility(), U.q2)


@cache
def derived_demand() -> tuple[sp.Expr, sp.Expr]:
    """Solve (19) for the quantities: the linear demands, correct form of eq. (20)."""
    solution = sp.solve(first_order_conditions(), [U.q1, U.q2], dict=True)[0]
    return sp.expand(solution[U.q1]), sp.expand(solution[U.q2])


def printed_demand_eq20() -> tuple[sp.Expr, sp.Expr]:
    """Eq. (20) exactly as printed (the cross-price terms carry the own price)."""
    det = U.determinant
    q1 = (U.d2 * U.r1 - U.z * U.r2) / det - U.d2 * U.p1 / det + U.z * U.p1 / det
    q2 = (U.d1 * U.r2 - U.z * U.r1) / det - U.d1 * U.p2 / det + U.z * U.p2 / det
    return q1, q2


@cache
def demand_coefficients() -> dict[str, sp.Expr]:
    r"""Match the derived demand of product 1 with eq. (1): ``a_i + B_i``, ``b1``, ``b2``.

    Returns
    -------
    dict
        ``{"a_plus_B": intercept, "b1": -d q_1/d p_1, "b2": d q_1/d p_2}``.
    """
    q1 = derived_demand()[0]

    def over_determinant(expr: sp.Expr) -> sp.Expr:
        return sp.expand(sp.simplify(expr * U.determinant)) / U.determinant

    return {
        "a_plus_B": over_determinant(q1.subs({U.p1: 0, U.p2: 0})),
        "b1": over_determinant(-sp.diff(q1, U.p1)),
        "b2": over_determinant(sp.diff(q1, U.p2)),
    }


def printed_demand_coefficients() -> dict[str, sp.Expr]:
    """Return the definitions printed after eq. (20) (``d1 d2 - t^2`` in two denominators)."""
    t = sp.Symbol("t")
    return {
        "a_plus_B": (U.d2 * U.r1 - U.z * U.r2) / U.determinant,
        "b1": U.d2 / (U.d1 * U.d2 - t**2),
        "b2": U.z / (U.d1 * U.d2 - t**2),
    }


@cache
def _appreciation() -> tuple[sp.Function, sp.Function]:
    return sp.Function("r_i"), sp.Function("r_j")


def implied_leakage() -> sp.Expr:
    r"""Leakage cost implied by the utility when appreciation depends on own sharing.

    With :math:`r_i = r_i(s_i)` and :math:`r_j = r_j(s_j)`, the definition of
    :math:`B_i` (3) and :math:`a_i + B_i = (d_j r_i - z r_j)/(d_1 d_2 - z^2)` give

    .. math::

        g_i = a_i + t_i - \gamma t_j + \delta_d s_j t_j
              - \frac{d_j r_i - z r_j}{d_1 d_2 - z^2}.

    Firm i is product 1, so :math:`d_j = d_2`.
    """
    r_i, r_j = _appreciation()
    intercept = (U.d2 * r_i(SYM.s_i) - U.z * r_j(SYM.s_j)) / U.determinant
    return SYM.a_i + SYM.t_i - SYM.gamma * SYM.t_j + SYM.delta_d * SYM.s_j * SYM.t_j - intercept


def printed_leakage_derivatives() -> dict[str, sp.Expr]:
    """Return the derivatives of the implied leakage as printed in Appendix A."""
    r_i, r_j = _appreciation()
    return {
        "g_si": -U.d2 * sp.diff(r_i(SYM.s_i), SYM.s_i) / U.determinant,
        "g_sj": SYM.delta_d * SYM.t_j + U.z * sp.diff(r_j(SYM.s_j), SYM.s_j) / U.determinant,
        "g_sisi": -U.d2 * sp.diff(r_i(SYM.s_i), SYM.s_i, 2) / U.determinant,
        "g_sisj": sp.Integer(0),
        "g_sjsj": U.z * sp.diff(r_j(SYM.s_j), SYM.s_j, 2) / U.determinant,
    }


def leakage_derivatives() -> dict[str, sp.Expr]:
    """First and second derivatives of :func:`implied_leakage` (compare Appendix A)."""
    g = implied_leakage()
    s_i, s_j = SYM.s_i, SYM.s_j
    return {
        "g_si": sp.diff(g, s_i),
        "g_sj": sp.diff(g, s_j),
        "g_sisi": sp.diff(g, s_i, 2),
        "g_sisj": sp.diff(g, s_i, s_j),
        "g_sjsj": sp.diff(g, s_j, 2),
    }
