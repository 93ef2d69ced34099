r"""The claims of section 2.2 (chapter ``welfare.md``): Proposition 5 and collusion.

Proposition 5(i) is checked on the symmetric sample; its steps, Proposition 5(ii)
and the text after it on the ``optima`` sample (draws where the coordinated optima
exist).  Each check is a named function: ``<claim>(sample)`` returns margins,
``<claim>_proof()`` a symbolic verdict.  Tests: ``tests/test_claims_welfare.py``.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache

import numpy as np
import sympy as sp

from isacmodel.core.compile import compile_expressions, evaluate
from isacmodel.core.model import SYM
from isacmodel.core.regimes import Regime
from isacmodel.derive import welfare
from isacmodel.solve import optima
from isacmodel.verify.claims.common import SIGN_PROVER, is_positive, relative_gap
from isacmodel.verify.claims.registry import ASSUMPTION_1, Claim, register
from isacmodel.verify.sampling import Sample

__all__ = ["COORDINATED", "regime_choices", "regime_welfare"]

CHAPTER = "welfare"
A1 = (ASSUMPTION_1,)
#: The coordinated regimes of section 2.2, as :meth:`Sample.regime` names them.
COORDINATED = (Regime.JOINT_PROFIT, Regime.SOCIAL_OPTIMUM, Regime.COLLUSION)
REGIMES = "isacmodel.solve.optima:solve_regime_batch"
SHARING_AT = "isacmodel.solve.optima:sharing_at_fixed_investment"
INVESTMENT_AT = "isacmodel.solve.optima:investment_at_fixed_sharing"
REVENUE = "isacmodel.derive.welfare:revenue_coefficient"
WELFARE_COEFFICIENT = "isacmodel.derive.welfare:welfare_coefficient"
COMPILE = ("isacmodel.core.compile:compile_expressions", "isacmodel.core.compile:evaluate")
#: Pairs ``(low, high)`` of regimes compared by the steps of Proposition 5's proof.
NASH_BELOW_BOTH = ((Regime.NASH, Regime.JOINT_PROFIT), (Regime.NASH, Regime.SOCIAL_OPTIMUM))
ISA_BELOW_PLANNER = ((Regime.JOINT_PROFIT, Regime.SOCIAL_OPTIMUM),)


# ------------------------------------------------------------------- helpers
def regime_choices(sample: Sample) -> dict[str, tuple[np.ndarray, np.ndarray]]:
    """Each regime's common ``(s, t)`` per draw: the Nash equilibrium, the solved optima.

    Returns
    -------
    dict
        ``{"nash": (s, t), "joint profit": (s, t), ...}`` for ``"nash"`` and :data:`COORDINATED`.
    """
    s, _, t, _ = sample.decisions
    choices = {Regime.NASH: (s, t)}
    for regime in COORDINATED:
        result = sample.regime(regime)
        choices[regime] = (result.s[:, 0], result.t[:, 0])
    return choices


def held_fixed_margins(
    sample: Sample, respond: Callable, held: str, pairs: tuple[tuple[str, str], ...]
) -> np.ndarray:
    """Margins of orderings of one choice when the other is held at each regime's optimum.

    ``respond`` is :func:`~isacmodel.solve.optima.sharing_at_fixed_investment` (sharing
    compared, investment held: ``held="t"``) or
    :func:`~isacmodel.solve.optima.investment_at_fixed_sharing` (``held="s"``); each
    pair ``(low, high)`` of regimes must satisfy ``low < high`` at all three held values
    (the Nash equilibrium's, the joint-profit ISA's and the planner's).
    """
    held_index = 1 if held == "t" else 0
    choices = regime_choices(sample)
    regimes = {regime for pair in pairs for regime in pair}
    gaps = []
    for held in optima.PROPOSITION_5_REGIMES:
        value = choices[held][held_index]
        response = {r: respond(sample.params, r, value) for r in regimes}
        gaps += [relative_gap(response[low], response[high]) for low, high in pairs]
    return np.min(gaps, axis=0)


def optima_ordered(sample: Sample, low: str, high: str) -> np.ndarray:
    """Margins of ``s_low < s_high`` and ``t_low < t_high`` at the regimes' optima."""
    choices = {Regime.NASH: (sample.decisions[0], sample.decisions[2])}
    for regime in {low, high} - {Regime.NASH}:  # only the regimes compared are solved
        result = sample.regime(regime)
        choices[regime] = (result.s[:, 0], result.t[:, 0])
    return np.minimum(*(relative_gap(choices[low][k], choices[high][k]) for k in (0, 1)))


def regime_welfare(sample: Sample, regime: str) -> np.ndarray:
    """Welfare per draw at a regime's choices and prices (gross utility minus costs)."""
    eq = sample.regime(regime)
    s, t, q = eq.s[:, 0], eq.t[:, 0], eq.q[:, 0]
    gross = welfare.gross_utility_numeric(sample.params, s, s, t, t, q, q)
    return gross - np.sum(eq.p * eq.q, axis=1) + np.sum(eq.profit, axis=1)


def coefficient(regime: str, kind: str = "revenue") -> sp.Expr:
    """Return the revenue (or welfare) coefficient of a regime's objective (section 2.2)."""
    if kind == "revenue":
        return welfare.revenue_coefficient(regime)
    return welfare.welfare_coefficient(regime)


# ---------------------------------------------------------- Proposition 5(i)
def prop5_i(sample: Sample) -> np.ndarray:
    """Relative welfare gain of the Nash equilibrium over the no-sharing one (Proposition 5(i))."""
    t_none = sample.no_sharing_investment()
    zero = np.zeros(len(sample))
    with_sharing = sample.welfare_at(*sample.decisions)
    without = sample.welfare_at(zero, zero, t_none, t_none)
    return (with_sharing - without) / np.abs(without)


register(Claim(
    id="prop5.i", reference="Proposition 5(i)", chapter=CHAPTER, expected="holds",
    statement="Welfare at the symmetric Bertrand equilibrium is higher than at the Bertrand "
    "equilibrium in which nobody shares (investment re-optimised).", numeric=prop5_i,
    uses=("isacmodel.derive.welfare:compiled_numeric",
          "isacmodel.solve.optima:no_sharing_investment"),
))  # fmt: skip


# ------------------------------------------- Proposition 5, step by step
def prop5_step_fixed_t_nash(sample: Sample) -> np.ndarray:
    """Margins of ``s_NE(t) < s_JP(t), s_SW(t)`` at the three regimes' investments (App. A)."""
    return held_fixed_margins(sample, optima.sharing_at_fixed_investment, "t", NASH_BELOW_BOTH)


register(Claim(
    id="prop5.step.fixed-t.nash", reference="Section 2.2 and Appendix A, proof of Proposition 5",
    chapter=CHAPTER, expected="partial",
    statement="Holding the common investment fixed, the market shares less than the ISA and the "
    "planner: $s_{NE}(t) < s_{JP}(t)$ and $s_{NE}(t) < s_{SW}(t)$.",
    numeric=prop5_step_fixed_t_nash, sample="optima",
    note="Checked at the three regimes' optimal investments. The failures are ties at "
    "full sharing: at the planner's high investment all three regimes share fully.",
    uses=(SHARING_AT, REGIMES),
))  # fmt: skip


@cache
def prop5_step_fixed_t_jp_sw_proof() -> bool:
    r"""Disproof: the planner weighs revenue more (c_SW > c_JP), so its cost motive counts less.

    Both objectives are :math:`c\,(a+B)^2 - 2f`; the sharing term of ``-2f``
    rises with ``s`` when :math:`\delta_c t > 0`.  At the ISA's best sharing the
    planner's derivative in ``s`` is :math:`(1 - c_{SW}/c_{JP})` times that rising
    cost term, negative: the planner wants less sharing than the ISA at the same ``t``.
    """
    return not is_positive(coefficient(Regime.SOCIAL_OPTIMUM) - coefficient(Regime.JOINT_PROFIT))


def prop5_step_fixed_t_jp_sw(sample: Sample) -> np.ndarray:
    """Margins of ``s_JP(t) < s_SW(t)`` at the three regimes' investments (Appendix A)."""
    return held_fixed_margins(sample, optima.sharing_at_fixed_investment, "t", ISA_BELOW_PLANNER)


register(Claim(
    id="prop5.step.fixed-t.jp-sw", reference="Appendix A, proof of Proposition 5",
    chapter=CHAPTER, expected="fails",
    statement="Holding the common investment fixed, the ISA shares less than the planner: "
    "$s_{JP}(t) < s_{SW}(t)$.", symbolic=prop5_step_fixed_t_jp_sw_proof,
    numeric=prop5_step_fixed_t_jp_sw, sample="optima",
    note="Reversed: the cost-spillover term of (13) and (27) is the same, but the "
    "planner weighs revenue more, so at a fixed $t$ the ISA shares at least as much "
    "(strictly when $\\delta_c t > 0$).",
    uses=(REVENUE, WELFARE_COEFFICIENT, SHARING_AT, REGIMES, *SIGN_PROVER),
))  # fmt: skip


def prop5_step_fixed_s_nash(sample: Sample) -> np.ndarray:
    """Margins of ``t_NE(s) < t_JP(s), t_SW(s)`` at the three regimes' sharing (Appendix A)."""
    return held_fixed_margins(sample, optima.investment_at_fixed_sharing, "s", NASH_BELOW_BOTH)


register(Claim(
    id="prop5.step.fixed-s.nash", reference="Appendix A, proof of Proposition 5",
    chapter=CHAPTER, expected="holds",
    statement="Holding the common sharing fixed, the market invests less than the ISA and the "
    "planner: $t_{NE}(s) < t_{JP}(s)$ and $t_{NE}(s) < t_{SW}(s)$.", conditions=A1,
    numeric=prop5_step_fixed_s_nash, sample="optima", uses=(INVESTMENT_AT, REGIMES),
))  # fmt: skip


def prop5_step_fixed_s_jp_sw(sample: Sample) -> np.ndarray:
    """Margins of ``t_JP(s) < t_SW(s)`` at the three regimes' sharing (Appendix A)."""
    return held_fixed_margins(sample, optima.investment_at_fixed_sharing, "s", ISA_BELOW_PLANNER)


register(Claim(
    id="prop5.step.fixed-s.jp-sw", reference="Appendix A, proof of Proposition 5",
    chapter=CHAPTER, expected="holds",
    statement="Holding the common sharing fixed, the ISA invests less than the planner: "
    "$t_{JP}(s) < t_{SW}(s)$.", numeric=prop5_step_fixed_s_jp_sw, sample="optima",
    uses=(INVESTMENT_AT, REGIMES),
))  # fmt: skip


@cache
def prop5_step_eq28_eq29_proof() -> bool:
    """Assumption 1 bounds gamma - delta_d s by b2/(2 b1), below the threshold of (28)-(29)."""
    return is_positive(welfare.second_stage_comparison_threshold() - SYM.b2 / (2 * SYM.b1))


def prop5_step_eq28_eq29(sample: Sample) -> np.ndarray:
    """Slack of the (28)-vs-(29) inequality at the Nash equilibrium's sharing (Appendix A)."""
    threshold = compile_expressions(welfare.second_stage_comparison_threshold())
    s, _, _, _ = sample.decisions
    p = sample.params
    return evaluate(threshold, p, *sample.decisions) - (p.gamma - p.delta_d * s)


register(Claim(
    id="prop5.step.eq28-eq29", reference="Appendix A, proof of Proposition 5",
    chapter=CHAPTER, expected="proved",
    statement="The revenue term of the planner's investment condition (28) exceeds the "
    "market's (29) under Assumption 1: $\\gamma - \\delta_d s < (b_1 + 2b_2)/(3b_1)$.",
    conditions=A1, symbolic=prop5_step_eq28_eq29_proof, numeric=prop5_step_eq28_eq29,
    sample="optima",
    note="The exact condition is $\\gamma - \\delta_d s < (b_1 + 2b_2)/(3b_1)$, "
    "weaker than Assumption 1's $b_2/(2b_1)$.",
    uses=("isacmodel.derive.welfare:second_stage_comparison_threshold", *COMPILE, *SIGN_PROVER),
))  # fmt: skip


# --------------------------------------------------------- Proposition 5(ii)
def prop5_ii_jp_sw(sample: Sample) -> np.ndarray:
    """Margins of ``s_JP < s_SW`` and ``t_JP < t_SW`` at the optima (Proposition 5(ii))."""
    return optima_ordered(sample, Regime.JOINT_PROFIT, Regime.SOCIAL_OPTIMUM)


register(Claim(
    id="prop5.ii.jp-sw", reference="Proposition 5(ii)", chapter=CHAPTER, expected="partial",
    statement="The planner's optimum has more sharing and investment than the joint-profit "
    "ISA's: $s_{JP} < s_{SW}$, $t_{JP} < t_{SW}$.", conditions=A1, numeric=prop5_ii_jp_sw,
    sample="optima",
    note="Every failure is a tie at full sharing ($s_{JP} = s_{SW} = 1$); "
    "investment is always ordered.", uses=(REGIMES,),
))  # fmt: skip


def prop5_ii_nash_jp(sample: Sample) -> np.ndarray:
    """Margins of ``s_NE < s_JP`` and ``t_NE < t_JP`` (Proposition 5(ii))."""
    return optima_ordered(sample, Regime.NASH, Regime.JOINT_PROFIT)


register(Claim(
    id="prop5.ii.nash-jp", reference="Proposition 5(ii)", chapter=CHAPTER, expected="holds",
    statement="The joint-profit ISA's optimum has more sharing and investment than the market "
    "equilibrium: $s_{NE} < s_{JP}$, $t_{NE} < t_{JP}$.", conditions=A1,
    numeric=prop5_ii_nash_jp, sample="optima", uses=(REGIMES,),
))  # fmt: skip


# ------------------------------------------- the text after Proposition 5
@cache
def collusion_quantity_proof() -> bool:
    """``q_NE - q_JP = (a + B) (b1/(2 b1 - b2) - 1/2) > 0``; both read off the derivations."""
    _, q_collusive = welfare.collusive_price()
    _, q_bertrand = welfare.regime_price_quantity(Regime.JOINT_PROFIT)
    return is_positive((q_bertrand - q_collusive) / welfare.L_I)


register(Claim(
    id="text.collusion.quantity", reference="Section 2.2, text after Proposition 5",
    chapter=CHAPTER, expected="proved",
    statement="At the same sharing and investment, collusive pricing sells less than Bertrand "
    "pricing: $q_C = (a+B)/2 < b_1(a+B)/(2b_1 - b_2) = q_{NE}$.",
    symbolic=collusion_quantity_proof,
    uses=("isacmodel.derive.welfare:collusive_price",
          "isacmodel.derive.welfare:regime_price_quantity", *SIGN_PROVER),
))  # fmt: skip


@cache
def collusion_welfare_fixed_proof() -> bool:
    """At the same ``(s, t)`` welfare is ``w (a+B)^2 - 2 f``; ``w`` is lower with collusion."""
    bertrand_prices, collusive = (
        coefficient(r, "welfare") for r in (Regime.JOINT_PROFIT, Regime.COLLUSION)
    )
    return is_positive(bertrand_prices - collusive)


register(Claim(
    id="text.collusion.welfare-fixed", reference="Section 2.2, text after Proposition 5",
    chapter=CHAPTER, expected="proved",
    statement="At the same sharing and investment, collusive pricing lowers welfare.",
    symbolic=collusion_welfare_fixed_proof, uses=(REVENUE, WELFARE_COEFFICIENT, *SIGN_PROVER),
))  # fmt: skip


def collusion_welfare(sample: Sample) -> np.ndarray:
    """Relative welfare loss of the colluding ISA against the joint-profit one (section 2.2)."""
    return relative_gap(
        regime_welfare(sample, Regime.COLLUSION), regime_welfare(sample, Regime.JOINT_PROFIT)
    )


register(Claim(
    id="text.collusion.welfare", reference="Section 2.2, text after Proposition 5",
    chapter=CHAPTER, expected="partial",
    statement="An ISA that also colludes on price yields lower welfare than the joint-profit "
    "ISA at Bertrand prices, with sharing and investment re-optimised.",
    numeric=collusion_welfare, sample="optima",
    note="Fails for close substitutes ($b_2$ near $b_1$): collusion raises the ISA's "
    "revenue so much that it invests far more, and consumers gain more from the "
    "investment than they lose to the higher price.",
    uses=("isacmodel.derive.welfare:gross_utility_numeric", REGIMES),
))  # fmt: skip


def quantity_below_optimum(sample: Sample) -> np.ndarray:
    """Margins of ``q_NE < q_SW`` (section 2.2, text after Proposition 5)."""
    return relative_gap(sample.equilibria.q[:, 0], sample.regime(Regime.SOCIAL_OPTIMUM).q[:, 0])


register(Claim(
    id="text.quantity-below-optimum", reference="Section 2.2, text after Proposition 5",
    chapter=CHAPTER, expected="holds",
    statement="The market equilibrium's output is below the planner's: $q_{NE} < q_{SW}$.",
    numeric=quantity_below_optimum, sample="optima", uses=(REGIMES,),
))  # fmt: skip
