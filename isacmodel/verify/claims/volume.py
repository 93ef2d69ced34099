r"""The claims of section 4 (chapter ``volume.md``): volume-related costs, Proposition 7.

Checked on the ``volume`` sample (interior equilibria of section 4's model).  The
reaction-slope claims of the text after Proposition 7 rescale the volume
spillover :math:`\hat\delta` to :data:`SMALL_DELTA_HAT` and :data:`LARGE_DELTA_HAT`
times the threshold :math:`\delta_d/(b_1\phi(t))`; :func:`curve_slope_claim` registers both
with their named checks.  Tests: ``tests/test_claims_volume.py``.
"""

from __future__ import annotations

import numpy as np

from isacmodel.verify.claims.common import name_check, relative_gap
from isacmodel.verify.claims.registry import Claim, Expected, register
from isacmodel.verify.sampling import Sample

__all__ = ["LARGE_DELTA_HAT", "SMALL_DELTA_HAT", "eq32_values"]

CHAPTER = "volume"
#: Multiples of the threshold :math:`\delta_d/(b_1\phi(t))` that stand for a small and a
#: large volume spillover in the reaction-slope claims.
SMALL_DELTA_HAT, LARGE_DELTA_HAT = 0.5, 2.0
STATICS = "isacmodel.solve.volume:statics_delta_hat"
CURVE = ("isacmodel.solve.volume:reaction_curve", "isacmodel.solve.volume:sharing_threshold")


def delta_hat_statics(sample: Sample, column: int, sign: float) -> np.ndarray:
    """Margins ``sign * d ln(s or t)/d hat_delta`` at section 4's equilibria."""
    s, _, t, _ = sample.decisions
    return sign * sample.statics("delta_hat")[:, column] / (s, t)[column]


def reaction_curve_slopes(sample: Sample, multiple: float, sign: float) -> np.ndarray:
    """Margins ``sign * slope`` at the least favourable interior point of each reaction curve."""
    curve = sample.reaction_curve(multiple)
    signed = np.where(curve["interior"], sign * curve["slope"], np.inf)
    return signed.min(axis=1)


def curve_interior(sample: Sample, multiple: float) -> np.ndarray:
    """Domain: the draws whose reaction function at ``multiple`` is interior somewhere."""
    return sample.reaction_curve(multiple)["interior"].any(axis=1)


def curve_slope_claim(
    *, id: str, expected: Expected, multiple: float, sign: float, statement: str, note: str
) -> Claim:
    """Register a claim on the sign of the sharing reaction slope at a ``hat_delta`` multiple.

    Its checks, :func:`reaction_curve_slopes` and the domain :func:`curve_interior` at
    ``multiple``, are named after the claim (``text.volume.slope-small``:
    ``text_volume_slope_small`` and ``text_volume_slope_small_domain``).
    """
    direction = "an upward" if sign > 0 else "a downward"

    def slope(sample: Sample) -> np.ndarray:
        return reaction_curve_slopes(sample, multiple, sign)

    def interior(sample: Sample) -> np.ndarray:
        return curve_interior(sample, multiple)

    where = f"``hat_delta`` at {multiple} times the threshold"
    name_check(slope, id, f"Margins of {direction} sharing reaction slope, {where} (section 4).")
    name_check(interior, f"{id}.domain", f"Domain: the draws whose reaction function ({where}) "
               "is interior somewhere.")  # fmt: skip
    return register(Claim(
        id=id, reference="Section 4, text after Proposition 7", chapter=CHAPTER,
        expected=expected, statement=statement, numeric=slope, sample="volume", domain=interior,
        note=note, uses=CURVE,
    ))  # fmt: skip


def prop7_i_sharing(sample: Sample) -> np.ndarray:
    """Margins of ``ds/d hat_delta > 0``, the rise Proposition 7(i)'s ambiguity needs."""
    return delta_hat_statics(sample, 0, 1.0)


register(Claim(
    id="prop7.i.sharing", reference="Proposition 7(i)", chapter=CHAPTER, expected="fails",
    statement="A larger volume spillover $\\hat\\delta$ has an ambiguous effect on sharing: "
    "it raises it somewhere ($ds/d\\hat\\delta > 0$ is the check).",
    numeric=prop7_i_sharing, sample="volume",
    note="At every interior equilibrium drawn, sharing falls as $\\hat\\delta$ grows.",
    uses=(STATICS,),
))  # fmt: skip


def prop7_i_investment(sample: Sample) -> np.ndarray:
    """Margins of ``dt/d hat_delta > 0``, the rise Proposition 7(i)'s ambiguity needs."""
    return delta_hat_statics(sample, 1, 1.0)


register(Claim(
    id="prop7.i.investment", reference="Proposition 7(i)", chapter=CHAPTER, expected="partial",
    statement="A larger volume spillover has an ambiguous effect on investment: it raises it "
    "somewhere ($dt/d\\hat\\delta > 0$ is the check).", numeric=prop7_i_investment,
    sample="volume",
    note="Ambiguous, but only just: investment rises on a tiny share of the draws.",
    uses=(STATICS,),
))  # fmt: skip


def prop7_ii(sample: Sample) -> np.ndarray:
    """Margins of ``s(hat_delta) < s(0)``: the same draws solved without the spillover (7(ii))."""
    without = sample.solved_with(delta_hat=np.zeros(len(sample)))
    return relative_gap(sample.decisions[0], without.s[:, 0])


register(Claim(
    id="prop7.ii", reference="Proposition 7(ii)", chapter=CHAPTER, expected="holds",
    statement="Volume-related spillovers lower sharing compared with the same model without "
    "them: $s(\\hat\\delta) < s(0)$.", numeric=prop7_ii, sample="volume",
    uses=("isacmodel.solve.volume:solve_volume_nash_batch",),
))  # fmt: skip


def eq32_values(sample: Sample) -> np.ndarray:
    """Value of (32) at each draw's equilibrium (Appendix A, proof of Proposition 7(ii))."""
    return sample.eq32()


register(Claim(
    id="prop7.proof.eq32", reference="Appendix A, proof of Proposition 7(ii), eq. (32)",
    chapter=CHAPTER, expected="partial",
    statement="The cross derivative of the margin, "
    "$\\partial^2(p_i - F_i)/\\partial t_i\\partial\\hat\\delta$, is positive.",
    numeric=eq32_values, sample="volume",
    note="At a symmetric point it is "
    "$s[(2b_1^2 - b_2^2)t\\phi'(t) - b_1 b_2\\phi(t)]/D$, negative unless investment "
    "is large.",
    uses=("isacmodel.solve.volume_polynomial:parameter_values",
          "isacmodel.derive.volume:printed_expressions",
          "isacmodel.derive.volume:specialise"),
))  # fmt: skip


curve_slope_claim(
    id="text.volume.slope-small", expected="partial", multiple=SMALL_DELTA_HAT, sign=1.0,
    statement="For small $\\hat\\delta$ the sharing reaction function slopes up: "
    "$\\partial s_i/\\partial s_j > 0$ along it.",
    note="Checked along firm i's reaction function with $\\hat\\delta$ at half of "
    "$\\delta_d/(b_1\\phi(t))$, the rival's investment at its equilibrium level and "
    "its sharing on a grid of [0, 1]. Where it fails, investment falls as the rival "
    "shares more; the slope is tiny there.",
)  # fmt: skip
curve_slope_claim(
    id="text.volume.slope-large", expected="fails", multiple=LARGE_DELTA_HAT, sign=-1.0,
    statement="For large $\\hat\\delta$ the sharing reaction function slopes down: "
    "$\\partial s_i/\\partial s_j < 0$ along it.",
    note="Checked with $\\hat\\delta$ at twice $\\delta_d/(b_1\\phi(t))$. A "
    "downward slope needs the rival's sharing to raise the firm's investment with "
    "an elasticity above one; the leakage complementarity $\\gamma_3$ keeps the "
    "slope positive otherwise.",
)  # fmt: skip
