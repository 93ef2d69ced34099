r"""The claims of section 3 (chapter ``sequential.md``): the leader-follower game.

Proposition 6, its printed first-order conditions (15)-(16), the text after it and
footnote 27.  The checks compare another game's solution
(:meth:`~isacmodel.verify.sampling.Sample.regime`) with the simultaneous equilibrium,
on the draws where that game is solved (the claim's domain).  Tests:
``tests/test_claims_sequential.py``.
"""

from __future__ import annotations

from functools import cache

import numpy as np
import sympy as sp

from isacmodel.core.regimes import Regime
from isacmodel.solve import sequential
from isacmodel.verify.claims.common import relative_gap
from isacmodel.verify.claims.registry import ASSUMPTION_1, Claim, register
from isacmodel.verify.sampling import Sample

CHAPTER = "sequential"
STACKELBERG = "isacmodel.solve.sequential:solve_stackelberg_batch"
TECHNOLOGY_FIRST = "isacmodel.solve.sequential:solve_technology_first_batch"


def above_simultaneous(
    sample: Sample, game: str, firm: int, fields: tuple[str, ...] = ("s", "t")
) -> np.ndarray:
    """Margins of ``x_game > x_nash`` for firm ``firm`` (0 = i, the leader) and each field."""
    solved, simultaneous = sample.regime(game), sample.equilibria
    gaps = [relative_gap(getattr(simultaneous, f)[:, firm], getattr(solved, f)[:, firm])
            for f in fields]  # fmt: skip
    return np.min(gaps, axis=0)


def stackelberg_solved(sample: Sample) -> np.ndarray:
    """Domain: the draws where the leader-follower game has a solution."""
    return sample.regime(Regime.STACKELBERG).ok


def technology_first_solved(sample: Sample) -> np.ndarray:
    """Domain: the draws where the investment-first game of footnote 27 has a solution."""
    return sample.regime(Regime.TECHNOLOGY_FIRST).ok


@cache
def prop6_eq15_16_proof() -> bool:
    """Disproof of (15)-(16) as printed: the derivation has extra cost-spillover terms."""
    return all(sp.simplify(term) == 0 for term in sequential.omitted_cost_terms())


register(Claim(
    id="prop6.proof.eq15-16", reference="Section 3, eqs. (15)-(16)", chapter=CHAPTER,
    expected="fails",
    statement="The leader's first-order conditions are the simultaneous ones plus the price "
    "effects of the follower's responses, as printed.", symbolic=prop6_eq15_16_proof,
    note="The follower's responses also lower the leader's cost (through "
    "$y_j = \\delta_c t_j s_j$); that channel is missing from the print.",
    uses=("isacmodel.solve.sequential:omitted_cost_terms",),
))  # fmt: skip


def prop6(sample: Sample) -> np.ndarray:
    """Margins of ``s_i^S > s_i^NE`` and ``t_i^S > t_i^NE`` for the leader (Proposition 6)."""
    return above_simultaneous(sample, Regime.STACKELBERG, 0)


register(Claim(
    id="prop6", reference="Proposition 6", chapter=CHAPTER, expected="holds",
    statement="The leader (the incumbent) shares and invests more than in the simultaneous "
    "game: $s_i^S > s_i^{NE}$, $t_i^S > t_i^{NE}$.", conditions=(ASSUMPTION_1,),
    numeric=prop6, domain=stackelberg_solved, uses=(STACKELBERG,),
))  # fmt: skip


def follower_above_simultaneous(sample: Sample) -> np.ndarray:
    """Margins of ``s_j^S > s_j^NE`` and ``t_j^S > t_j^NE`` (section 3, after Proposition 6)."""
    return above_simultaneous(sample, Regime.STACKELBERG, 1)


register(Claim(
    id="text.sequential.follower", reference="Section 3, text after Proposition 6",
    chapter=CHAPTER, expected="holds",
    statement="The follower (the entrant) also shares and invests more than in the simultaneous "
    "game.", numeric=follower_above_simultaneous, domain=stackelberg_solved,
    uses=(STACKELBERG,),
))  # fmt: skip


def both_profits_higher(sample: Sample) -> np.ndarray:
    """Margins of both firms' profit gains in the sequential game (section 3)."""
    return np.minimum(*(above_simultaneous(sample, Regime.STACKELBERG, firm, ("profit",))
                        for firm in (0, 1)))  # fmt: skip


register(Claim(
    id="text.sequential.profits", reference="Section 3, text after Proposition 6",
    chapter=CHAPTER, expected="partial",
    statement="Both firms' profits are strictly higher in the sequential game.",
    numeric=both_profits_higher, domain=stackelberg_solved,
    note="The failures are gains below the $10^{-12}$ resolution: the leader's gain "
    "is second order in its move, which is tiny where the follower barely reacts.",
    uses=(STACKELBERG,),
))  # fmt: skip


def footnote_27(sample: Sample) -> np.ndarray:
    """Margins of sharing and investment above the simultaneous game's (footnote 27)."""
    return above_simultaneous(sample, Regime.TECHNOLOGY_FIRST, 0)


register(Claim(
    id="text.footnote-27", reference="Section 3, footnote 27", chapter=CHAPTER,
    expected="partial",
    statement="If investments are chosen first and sharing second (both simultaneously), "
    "sharing and investment are higher than in the simultaneous game.",
    numeric=footnote_27, domain=technology_first_solved,
    note="Equal when $\\gamma_3 = 0$: the rival's sharing then does not respond "
    "to a firm's investment, and the two games coincide.", uses=(TECHNOLOGY_FIRST,),
))  # fmt: skip
