"""Errata of Appendix B (the subsidy mechanism).

The subsidy (35), the firm's objective (38) and the incentive constraints;
derivations in the mechanism chapter.
The entries, in the order of the paper, are :data:`ERRATA`;
:mod:`isacmodel.verify.errata` joins the parts into the registry.
"""

from __future__ import annotations

import sympy as sp

from isacmodel.core.params import Params
from isacmodel.derive import welfare
from isacmodel.derive.consumer import U
from isacmodel.solve import mechanism
from isacmodel.verify.errata.entry import Erratum, corrects, differs, same

__all__ = ["ERRATA"]


def _verify_eq35() -> bool:
    """Check (35)'s double integrals differ from utility, and the corrected subsidy is exact."""
    printed = mechanism.printed_subsidy()
    x, y = sp.symbols("x y", nonnegative=True)
    gross = U.r1 * x + U.r2 * y - U.d1 * x**2 / 2 - U.d2 * y**2 / 2 - U.z * x * y
    return (
        differs(printed["printed"], gross)
        and same(printed["gross utility"], gross)
        and same(mechanism.payoff_with_subsidy(), welfare.welfare())
    )


def _verify_eq38_own_cost() -> bool:
    """Check that (38) without the own cost is not welfare, and with it is."""
    f_i, _ = welfare.investment_costs()
    without_cost = mechanism.payoff_with_subsidy() + f_i
    return corrects(welfare.welfare(), without_cost, mechanism.payoff_with_subsidy())


def _verify_truthful_reports() -> bool:
    """Check that the tax rises with the own report, so every type reports low (baseline)."""
    point = Params()
    low, high = 0.3, 0.7
    taxes = [mechanism.expected_tax(point, r, low, high, nodes=3) for r in (low, 0.5, high)]
    return bool(taxes[0] < taxes[1] < taxes[2])


#: This part's entries, in the order of the paper.
ERRATA: tuple[Erratum, ...] = (
    Erratum(
        key="appb-eq35-double-integrals",
        location="Appendix B, the subsidy (35)",
        printed=r"B_i = \Big[\int_0^{q_j^*}\!\!\int_0^{q_i^*} F_i\,dq_i\,dq_j - p_i^* q_i^*\Big] "
        r"+ \Big[\int_0^{q_i^*}\!\!\int_0^{q_j^*} F_j\,dq_j\,dq_i - f(t_j, y_i)\Big]",
        corrected=r"B_i = U(q_i^*, q_j^*) - p_i^* q_i^* - f(t_j, y_i), \quad U(x, y) = "
        r"\int_0^{x} F_i(u, 0)\,du + \int_0^{y} F_j(x, v)\,dv",
        note=(
            "A double integral of an inverse demand has the dimension of price times "
            "quantity squared, not a surplus. Gross utility is a line integral of the "
            "inverse demands; with it the subsidy is consumer surplus plus the rival's "
            "payoff, and a firm's payoff plus subsidy is total welfare for every decision."
        ),
        verify=_verify_eq35,
        chapter="chapters/mechanism",
    ),
    Erratum(
        key="appb-eq38-own-cost",
        location="Appendix B, firm i's objective (38) and the IR constraints",
        printed=r"V^i = b_1 (p_i^*)^2 + E\big[\hat B_i - \hat T_i\big]",
        corrected=r"V^i = b_1 (p_i^*)^2 - f^i(t_i, \delta_c^i s_j t_j) + E\big[\hat B_i - "
        r"\hat T_i\big]",
        note=(
            "The firm's own investment cost is missing. Without it the objective is not "
            "welfare and the firm would overinvest. The claim that the objective does not "
            "depend on the true type, $\\partial V^i/\\partial\\delta_c^i = 0$, rests on the "
            "omission; with the cost the type enters, but apart from the report."
        ),
        verify=_verify_eq38_own_cost,
        chapter="chapters/mechanism",
    ),
    Erratum(
        key="appb-truthful-reports",
        location="Appendix B, private information: (IC) and the claim of no informational rent",
        printed=r"\text{truthful reports weakly dominant; (IR) binding for every type}",
        corrected=r"\hat T_i \text{ depends on firm } i\text{'s own report: every type reports "
        r"the lowest } \delta_c",
        note=(
            "The tax (37) is the subsidy at the optimum computed from both reports, so a "
            "firm moves its own tax with its report. At the baseline with spillovers "
            "uniform on [0.3, 0.7] the expected tax rises with the report, so every type "
            "reports 0.3 and keeps a rent. Truth-telling needs a tax that depends only on "
            "the rival's report (the Groves form), for example its expectation over the "
            "firm's own type; the budget then balances only in expectation."
        ),
        verify=_verify_truthful_reports,
        chapter="chapters/mechanism",
    ),
)
