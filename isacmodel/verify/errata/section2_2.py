"""Errata of section 2.2 (welfare: the planner, the joint-profit ISA, price collusion).

The existence of the coordinated optima, the proof of Proposition 5 and the text
after it; derivations in the welfare and mechanism chapters.
The entries, in the order of the paper, are :data:`ERRATA`;
:mod:`isacmodel.verify.errata` joins the parts into the registry.
"""

from __future__ import annotations

import numpy as np

from isacmodel.core.params import Params, ParamsBatch
from isacmodel.core.regimes import Regime
from isacmodel.core.signs import admissible_domain, is_positive
from isacmodel.derive import welfare
from isacmodel.solve import mechanism, optima
from isacmodel.solve.nash import solve_nash
from isacmodel.verify.errata.entry import Erratum

__all__ = ["ASYMMETRIC_OPTIMUM", "COLLUSION_RAISES_WELFARE", "ERRATA", "FULL_SHARING_TIE"]


#: A point where both coordinated optima share fully (Assumption 1 holds there).
FULL_SHARING_TIE = dict(gamma1=0.05, delta_d=0.5, k=10.0)
#: A point where a price-colluding ISA yields more welfare than the joint-profit ISA.
COLLUSION_RAISES_WELFARE = dict(b2=0.95, k=40.0)


def _verify_existence() -> bool:
    """Below the closed-form bound welfare grows without limit along full sharing."""
    base = Params()
    k_critical = base.k - welfare.existence_margin(base, Regime.SOCIAL_OPTIMUM) / (1 - base.rho)
    far = np.array([1e4, 1e5])

    def grows(k: float) -> bool:
        values = welfare.welfare_numeric(base.replace(k=k), 1.0, 1.0, far, far)
        return bool(values[1] > values[0])

    return grows(0.99 * k_critical) and not grows(1.01 * k_critical)


def _verify_fixed_investment_step() -> bool:
    """Check that the planner weighs revenue more and that at a fixed t the ISA shares more."""
    weights = [welfare.revenue_coefficient(r) for r in (Regime.SOCIAL_OPTIMUM, Regime.JOINT_PROFIT)]
    held = np.array([solve_nash(Params()).t[0]])

    def sharing(delta_c: float) -> tuple[float, float]:
        batch = ParamsBatch(delta_c=delta_c)
        return tuple(float(optima.sharing_at_fixed_investment(batch, r, held)[0])
                     for r in (Regime.JOINT_PROFIT, Regime.SOCIAL_OPTIMUM))  # fmt: skip

    isa, planner = sharing(Params().delta_c)
    isa_zero, planner_zero = sharing(0.0)
    return bool(
        is_positive(weights[0] - weights[1], admissible_domain(), simplify=False)
        and isa > planner + 1e-6
        and abs(isa_zero - planner_zero) < 1e-7
    )


def _verify_full_sharing_tie() -> bool:
    """Check both coordinated optima share fully, the planner investing more."""
    point = Params(**FULL_SHARING_TIE)
    planner, isa = optima.solve_social_optimum(point), optima.solve_joint_profit(point)
    return planner.s == isa.s == (1.0, 1.0) and planner.t[0] > isa.t[0]


def _verify_collusion_welfare() -> bool:
    """Check price collusion beats the joint-profit ISA in welfare at the stated point."""
    point = Params(**COLLUSION_RAISES_WELFARE)
    colluding, isa = optima.solve_collusion(point), optima.solve_joint_profit(point)
    fixed_choices = float(welfare.welfare_numeric(point, *colluding.s, *colluding.t))
    return colluding.welfare > isa.welfare and colluding.welfare < fixed_choices


#: A point where the welfare maximum is asymmetric (one firm shares far less).
ASYMMETRIC_OPTIMUM = {"a_i": 0.8, "a_j": 0.8, "b1": 0.5, "b2": 0.07, "gamma": 0.03,
                      "delta_d": 0.4, "delta_c": 0.15, "gamma1": 0.4, "gamma2": 0.39,
                      "gamma3": 0.0, "k": 15.0, "rho": 0.1}  # fmt: skip


def _verify_asymmetric_optimum() -> bool:
    """Check that welfare at an asymmetric point beats the symmetric optimum there."""
    point = Params(**ASYMMETRIC_OPTIMUM)
    symmetric = optima.solve_social_optimum(point)
    best = mechanism.social_optimum_with_types(point, point.delta_c, point.delta_c)
    values = (round(symmetric.welfare, 3), round(float(welfare.welfare_numeric(point, *best)), 3))
    shares = (round(float(best[0]), 2), round(float(best[1]), 2))
    return values == (1.481, 1.616) and shares == (0.09, 1.0)  # the numbers the note states


#: This part's entries, in the order of the paper.
ERRATA: tuple[Erratum, ...] = (
    Erratum(
        key="prop5-existence",
        location="Section 2.2, the planner's and the ISA's problems (eqs. (9), (13)-(14))",
        printed=r"\max_{s, t}\; SW(s, t) \text{ and } \max_{s, t}\; \Pi_{JP}(s, t) "
        r"\text{ taken to exist}",
        corrected=r"\text{an optimum exists iff } k(1 - \rho) > c\,(1 - \gamma + \delta_d)^2,"
        r"\quad c = c_{SW} \text{ or } c_{JP}",
        note=(
            "With linear demand, revenue grows like $t^2$ and so does the cost; with the "
            "cost spillover the cost per unit of $t^2$ falls towards $k(1-\\rho)/2$. Below "
            "the bound the coordinated objective is unbounded. The paper's results are "
            "about optima, so they apply only above it."
        ),
        verify=_verify_existence,
        chapter="chapters/welfare",
    ),
    Erratum(
        key="prop5-fixed-investment-step",
        location="Appendix A, proof of Proposition 5 (comparison of (30) with (27))",
        printed=r"\text{at a fixed } t:\quad s_{NE}(t) < s_{JP}(t) < s_{SW}(t)",
        corrected=r"\text{at a fixed } t:\quad s_{NE}(t) < s_{SW}(t) \le s_{JP}(t)",
        note=(
            "The cost-spillover term of (27) and (30) is the same, but the planner weighs "
            "revenue more ($c_{SW} > c_{JP}$), so the cost saving from sharing counts for "
            "less and the ISA shares more at any fixed $t$ (equally when $\\delta_c = 0$). "
            "The ordering of the optima survives because the planner invests more, which "
            "raises the sharing it wants."
        ),
        verify=_verify_fixed_investment_step,
        chapter="chapters/welfare",
    ),
    Erratum(
        key="prop5-ties-at-full-sharing",
        location="Section 2.2, Proposition 5(ii)",
        printed=r"s_{JP} < s_{SW}",
        corrected=r"s_{JP} \le s_{SW} \text{ (equal when both share fully)}, "
        r"\quad t_{JP} < t_{SW}",
        note=(
            "Both coordinated regimes often choose full sharing, a corner the first-order "
            "comparison does not see (for example at $\\gamma_1 = 0.05$, $\\delta_d = 0.5$, "
            "$k = 10$, where Assumption 1 holds)."
        ),
        verify=_verify_full_sharing_tie,
        chapter="chapters/welfare",
    ),
    Erratum(
        key="collusion-welfare",
        location="Section 2.2, text after Proposition 5 (collusion on prices)",
        printed=r"W(\text{ISA colluding on price}) < W(\text{ISA at Bertrand prices})",
        corrected=r"\text{true at fixed } (s, t)\text{; can fail once the colluding ISA "
        r"re-optimises } (s, t)",
        note=(
            "Collusion raises the ISA's return on demand, so it invests more. For close "
            "substitutes the extra investment outweighs the price effect: at $b_2 = 0.95$, "
            "$k = 40$ (other parameters at the baseline) welfare is higher with collusion."
        ),
        verify=_verify_collusion_welfare,
        chapter="chapters/welfare",
    ),
    Erratum(
        key="welfare-optimum-asymmetric",
        location="Section 2.2, the planner's problem (9), and Appendix B, the tax (36)",
        printed=r"\max_{s, t} W(s, s, t, t) \text{ (a symmetric optimum)}",
        corrected=r"\max_{s_i, s_j, t_i, t_j} W \text{ can be asymmetric}",
        note=(
            "The planner's problem is solved over symmetric choices. On a few percent of the "
            "draws where it has a solution, welfare rises when one firm moves away from it: with "
            "leakage from the rival's sharing nearly as large as from one's own "
            "($\\gamma_2 \\approx \\gamma_1$), it is better that one firm shares fully and "
            "the other little. Example: $a = 0.8$, $b_1 = 0.5$, $b_2 = 0.07$, $\\gamma = 0.03$, "
            "$\\delta_d = 0.4$, $\\delta_c = 0.15$, $\\gamma_1 = 0.4$, $\\gamma_2 = 0.39$, "
            "$\\gamma_3 = 0$, $k = 15$, $\\rho = 0.1$: welfare 1.481 at the symmetric "
            "optimum, 1.616 with sharing (0.09, 1). The scheme's tax (36), set at the "
            "symmetric optimum, then no longer balances the budget."
        ),
        verify=_verify_asymmetric_optimum,
        chapter="chapters/mechanism",
    ),
)
