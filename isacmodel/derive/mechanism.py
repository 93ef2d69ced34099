r"""Appendix B's scheme derived: the subsidy (34), its printed form (35), welfare with types.

Firm ``i``'s subsidy is :math:`B_i = CS + \pi_j = U(q^*) - p_i^* q_i^* - f_j`; adding it
to firm ``i``'s payoff (4) gives total welfare for any decisions
(:func:`payoff_with_subsidy`), so under the scheme each firm maximises welfare in its
own decisions (a Groves scheme).  :func:`printed_subsidy` transcribes (35), whose
consumer part is a double integral of an inverse demand, next to the gross utility
the scheme needs (:func:`utility_by_line_integral`).  With private information each
firm has its own cost spillover (:func:`welfare_with_types`, :func:`reported_subsidy`).
The games with the transfers are solved in :mod:`isacmodel.solve.mechanism`.
"""

from __future__ import annotations

from functools import cache

import sympy as sp

from isacmodel.core.model import SYM
from isacmodel.derive import bertrand, welfare
from isacmodel.derive.consumer import U

__all__ = [
    "DELTA_C_I",
    "DELTA_C_J",
    "payoff_with_subsidy",
    "printed_subsidy",
    "reported_subsidy",
    "subsidy",
    "utility_by_line_integral",
    "welfare_with_types",
]

#: Firm-specific cost spillovers of the private-information variant (firm i's cost is
#: :math:`f(t_i, \delta_c^i t_j s_j)`).
DELTA_C_I, DELTA_C_J = sp.symbols("delta_c^i delta_c^j", nonnegative=True)
_X, _Y = sp.symbols("x y", nonnegative=True)


# --------------------------------------------------------------- derivations
@cache
def subsidy() -> sp.Expr:
    r"""Return :math:`B_i = CS + \pi_j`, the surplus firm i's payoff leaves out.

    Consumer surplus at the Bertrand prices plus the rival's payoff (4); general
    ``g`` and ``f``.
    """
    _, p_j = welfare.prices_from_levels()
    _, f_j = welfare.investment_costs()
    rival = (SYM.b1 * p_j**2 - f_j).subs(welfare.demand_levels())
    return welfare.consumer_surplus() + rival


def payoff_with_subsidy() -> sp.Expr:
    """Firm i's payoff (4) plus its subsidy (equal to total welfare for every decision)."""
    return bertrand.profit() + subsidy()


def utility_by_line_integral() -> sp.Expr:
    r"""Gross utility as a line integral of the inverse demands, at quantities ``(x, y)``.

    :math:`U(x, y) = \int_0^x P_i(u, 0)\,du + \int_0^y P_j(x, v)\,dv`, with
    :math:`P_i = r_i - d_1 q_i - z q_j` (Appendix A).  Returned in the utility's own
    symbols (:data:`isacmodel.derive.consumer.U`).
    """
    u, v = sp.symbols("u v")
    inverse_i = U.r1 - U.d1 * u  # along q_j = 0
    inverse_j = U.r2 - U.d2 * v - U.z * _X  # then along q_j, with q_i = x
    return sp.integrate(inverse_i, (u, 0, _X)) + sp.integrate(inverse_j, (v, 0, _Y))


def printed_subsidy() -> dict[str, sp.Expr]:
    r"""Transcribe (35) with Appendix A's inverse demands, at quantities ``(x, y)``.

    Returns the two double integrals of (35),
    :math:`\int_0^{q_j}\int_0^{q_i} P_i\,dq_i\,dq_j` and
    :math:`\int_0^{q_i}\int_0^{q_j} P_j\,dq_j\,dq_i`, and their sum, next to the gross
    utility :func:`utility_by_line_integral` that the scheme needs in their place.
    """
    q_i, q_j = sp.symbols("q_i q_j", nonnegative=True)
    inverse_i = U.r1 - U.d1 * q_i - U.z * q_j
    inverse_j = U.r2 - U.d2 * q_j - U.z * q_i
    first = sp.integrate(sp.integrate(inverse_i, (q_i, 0, _X)), (q_j, 0, _Y))
    second = sp.integrate(sp.integrate(inverse_j, (q_j, 0, _Y)), (q_i, 0, _X))
    return {"own": sp.expand(first), "rival": sp.expand(second),
            "printed": sp.expand(first + second),
            "gross utility": sp.expand(utility_by_line_integral())}  # fmt: skip


@cache
def welfare_with_types() -> sp.Expr:
    r"""Return welfare with firm-specific cost spillovers :math:`\delta_c^i`, :math:`\delta_c^j`."""
    f_i, f_j = welfare.investment_costs()
    typed = {SYM.delta_c: DELTA_C_I}, {SYM.delta_c: DELTA_C_J}
    return welfare.welfare() + f_i + f_j - f_i.subs(typed[0]) - f_j.subs(typed[1])


@cache
def reported_subsidy() -> sp.Expr:
    r"""Firm i's subsidy when firm j's cost is computed from j's report :math:`\delta_c^j`.

    :math:`\hat B_i = CS + \hat\pi_j`; it does not depend on firm i's own report.
    """
    _, f_j = welfare.investment_costs()
    return subsidy() + f_j - f_j.subs(SYM.delta_c, DELTA_C_J)
