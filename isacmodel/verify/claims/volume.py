r"""The claims of section 4 (chapter ``volume.md``): volume-related costs, Proposition 7.

Checked on the ``volume`` sample (interior equilibria of section 4's model).  The
reaction-slope claims of the text after Proposition 7 rescale the volume
spillover :math:`\hat\delta` to :data:`SMALL_DELTA_HAT` and :data:`LARGE_DELTA_HAT`
times the threshold :math:`\delta_d/(b_1\phi(t))`.  Tests: ``tests/test_claims_volume.py``.
"""

from __future__ import annotations

import numpy as np

from isacmodel.verify.claims.common import relative_gap
from isacmodel.verify.claims.registry import Claim, register
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
          "isacmodel.solve.volume_model:printed_expressions",
          "isacmodel.solve.volume_model:specialise"),
))  # fmt: skip


def slope_small(sample: Sample) -> np.ndarray:
    """Margins of an upward sharing reaction slope at a small ``hat_delta`` (section 4)."""
    return reaction_curve_slopes(sample, SMALL_DELTA_HAT, 1.0)


def small_curve_interior(sample: Sample) -> np.ndarray:
    """Domain: the draws whose reaction function at a small ``hat_delta`` is interior somewhere."""
    return curve_interior(sample, SMALL_DELTA_HAT)


register(Claim(
    id="text.volume.slope-small", reference="Section 4, text after Proposition 7",
    chapter=CHAPTER, expected="partial",
    statement="For small $\\hat\\delta$ the sharing reaction function slopes up: "
    "$\\partial s_i/\\partial s_j > 0$ along it.", numeric=slope_small, sample="volume",
    domain=small_curve_interior,
    note="Checked along firm i's reaction function with $\\hat\\delta$ at half of "
    "$\\delta_d/(b_1\\phi(t))$, the rival's investment at its equilibrium level and "
    "its sharing on a grid of [0, 1]. Where it fails, investment falls as the rival "
    "shares more; the slope is tiny there.", uses=CURVE,
))  # fmt: skip


def slope_large(sample: Sample) -> np.ndarray:
    """Margins of a downward sharing reaction slope at a large ``hat_delta`` (section 4)."""
    return reaction_curve_slopes(sample, LARGE_DELTA_HAT, -1.0)


def large_curve_interior(sample: Sample) -> np.ndarray:
    """Domain: the draws whose reaction function at a large ``hat_delta`` is interior somewhere."""
    return curve_interior(sample, LARGE_DELTA_HAT)


register(Claim(
    id="text.volume.slope-large", reference="Section 4, text after Proposition 7",
    chapter=CHAPTER, expected="fails",
    statement="For large $\\hat\\delta$ the sharing reaction function slopes down: "
    "$\\partial s_i/\\partial s_j < 0$ along it.", numeric=slope_large, sample="volume",
    domain=large_curve_interior,
    note="Checked with $\\hat\\delta$ at twice $\\delta_d/(b_1\\phi(t))$. A "
    "downward slope needs the rival's sharing to raise the firm's investment with "
    "an elasticity above one; the leakage complementarity $\\gamma_3$ keeps the "
    "slope positive otherwise.", uses=CURVE,
))  # fmt: skip
