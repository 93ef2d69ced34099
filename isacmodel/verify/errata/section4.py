"""Errata of section 4 (volume-related costs) and its proof in Appendix A.

Proposition 7 and the proof of its part (ii); derivations in the volume chapter.
The entries, in the order of the paper, are :data:`ERRATA`;
:mod:`isacmodel.verify.errata` joins the parts into the registry.
"""

from __future__ import annotations

import numpy as np
import sympy as sp

from isacmodel.core.model import SYM
from isacmodel.core.params import Params, ParamsBatch
from isacmodel.derive.bertrand import PrintedExpression
from isacmodel.solve import volume
from isacmodel.verify.errata.entry import Erratum, corrects, same

__all__ = ["ERRATA", "REACTION_SLOPES_DOWN"]


def _volume_rows() -> dict[str, PrintedExpression]:
    """Return the volume chapter's printed-versus-derived rows by key."""
    return {row.key: row for row in volume.printed_expressions()}


#: Firm i's sharing reaction slopes down without any volume spillover (baseline, k = 40).
REACTION_SLOPES_DOWN = {"k": 40.0, "delta_hat": 0.0}


def _verify_sharing_ratio() -> bool:
    """Check sharing is positive iff delta_d/hat_delta > b1 phi(t0), and falls in hat_delta."""
    t = sp.Symbol("t", positive=True)
    symmetric = volume.sharing_given_investment().subs(
        {SYM.t_i: t, SYM.t_j: t, SYM.s_j: sp.Symbol("s")}
    )
    s = sp.Symbol("s")
    solved = sp.solve(sp.Eq(s, symmetric), s)[0]
    b1, b2, g1, g2, g3 = SYM.b1, SYM.b2, SYM.gamma1, SYM.gamma2, SYM.gamma3
    threshold = SYM.delta_d - b1 * volume.DELTA_HAT * (1 + t**2 / 2)
    expected = b2 * t * threshold / (4 * b1 * g1 - 2 * b1 * g3 - 2 * b2 * g2 - b2 * g3)
    grid = np.linspace(0.0, 1.0, 21)
    result = volume.sign_map(Params(), grid, grid)
    interior = result["ok"] & (result["corner"] == "")
    t_0 = volume.solve_volume_nash(Params(delta_hat=1.0)).t[0]  # no sharing
    ray = result["delta_d"] > Params().b1 * (1 + t_0**2 / 2) * result["delta_hat"]
    return (
        same(solved, expected)
        and bool(np.all(result["ds"][interior] < 0))
        and bool(np.array_equal(result["threshold"] > 0, result["s"] > 0))
        and bool(np.array_equal(ray, result["s"] > 0))
    )


def _verify_reaction_slope() -> bool:
    """Check that the slope decomposes exactly and turns negative with no volume spillover."""
    sharing = volume.sharing_given_investment()
    linear = same(sp.diff(sharing, SYM.t_i, 2), 0) and same(sp.diff(sharing, SYM.s_j, 2), 0)
    point = Params(**REACTION_SLOPES_DOWN)
    equilibrium = volume.solve_volume_nash(point)
    batch = ParamsBatch(**{k: np.array([v]) for k, v in point.as_dict().items()})
    curve = volume.reaction_curve(batch, np.linspace(0.0, 1.0, 11), [equilibrium.t[0]])
    slopes = curve["slope"][0][curve["interior"][0]]
    return linear and bool(slopes.min() < 0 < slopes.max())


def _verify_eq33_sign() -> bool:
    """Check (33) is corrected by the sign of b2^2 in the phi' term."""
    row = _volume_rows()["eq33"]
    b1, b2 = SYM.b1, SYM.b2
    phi_prime = sp.diff(volume.phi(SYM.t_i), SYM.t_i)
    wrong = (2 * b1**2 + b2**2) * (volume.C - volume.DELTA_HAT * SYM.s_j * SYM.t_j) * phi_prime
    right = (2 * b1**2 - b2**2) * (volume.C - volume.DELTA_HAT * SYM.s_j * SYM.t_j) * phi_prime
    corrected = row.printed + (wrong - right) / (4 * b1**2 - b2**2)
    return corrects(row.derived, row.printed, corrected)


def _verify_volume_denominators() -> bool:
    rows = _volume_rows()
    denominator = 4 * SYM.b1**2 - SYM.b2**2
    return all(
        corrects(rows[key].derived, rows[key].printed, rows[key].printed / denominator)
        for key in ("d2p-dtidsi", "dH-dsi")
    )


#: This part's entries, in the order of the paper.
ERRATA: tuple[Erratum, ...] = (
    Erratum(
        key="prop7-sharing-ratio",
        location="Section 4, Proposition 7(i) and the text after it (the ratio of the two "
        "spillovers)",
        printed=r"\frac{ds}{d\hat\delta} \text{ ambiguous, its sign set by } "
        r"\delta_d/\hat\delta",
        corrected=r"s > 0 \iff \delta_d/\hat\delta > b_1\phi(t_0); \text{ where } s > 0, "
        r"\ \frac{ds}{d\hat\delta} < 0 \text{ at every point checked}",
        note=(
            "At a symmetric equilibrium (17) gives $s = b_2 t[\\delta_d - b_1\\hat\\delta"
            "\\phi(t)]/(4b_1\\gamma_1 - 2b_1\\gamma_3 - 2b_2\\gamma_2 - b_2\\gamma_3)$, "
            "so firms share iff $\\delta_d > b_1\\hat\\delta\\phi(t)$; on that boundary "
            "investment is $t_0$, its level without sharing, so the boundary is the ray "
            "$\\delta_d/\\hat\\delta = b_1\\phi(t_0)$. The ratio decides whether firms "
            "share at all. Wherever they share, sharing "
            "falls as $\\hat\\delta$ grows, on every draw of the section-4 sample and every "
            "point of the sign maps; only investment responds with both signs."
        ),
        verify=_verify_sharing_ratio,
        chapter="chapters/volume",
    ),
    Erratum(
        key="volume-reaction-slope",
        location="Section 4, text after Proposition 7 (slope of the sharing reaction function)",
        printed=r"\frac{\partial s_i}{\partial s_j} > 0 \text{ for small } \hat\delta, "
        r"\ < 0 \text{ for large } \hat\delta",
        corrected=r"\frac{\partial s_i}{\partial s_j} = S_{s_j} + S_t\,"
        r"\frac{\partial t_i}{\partial s_j} \text{ with } S_{s_j} \ge 0,\ "
        r"S_t \propto \delta_d - b_1\hat\delta\phi(t_j)",
        note=(
            "(17) makes firm i's sharing linear in its investment and the rival's sharing, "
            "so the slope is the leakage term plus the investment channel. It can be "
            "negative with no volume spillover at all (baseline with $k = 40$, "
            "$\\hat\\delta = 0$, rival sharing above about 0.3), where investment falls "
            "as the rival shares more. For large $\\hat\\delta$ a downward slope needs "
            "an elasticity of investment in the rival's sharing above one; none was found "
            "in the section-4 sample."
        ),
        verify=_verify_reaction_slope,
        chapter="chapters/volume",
    ),
    Erratum(
        key="volume-eq33-sign",
        location="Appendix A, proof of Proposition 7(ii), eq. (33)",
        printed=r"\ldots - (2b_1^2 + b_2^2)(c - \hat\delta s_j t_j)\phi'(t_i) \ldots",
        corrected=r"\ldots - (2b_1^2 - b_2^2)(c - \hat\delta s_j t_j)\phi'(t_i) \ldots",
        note=(
            "Sign slip in the coefficient of the marginal-cost term of "
            "$\\partial(p_i - F_i)/\\partial t_i$: $2b_1^2/D - 1 = -(2b_1^2 - b_2^2)/D$. The "
            "term stays negative, so the argument is unaffected."
        ),
        verify=_verify_eq33_sign,
        chapter="chapters/volume",
    ),
    Erratum(
        key="volume-denominators",
        location="Appendix A, proof of Proposition 7(ii), the cross derivative of the price "
        "in own investment and sharing, and the derivative of H_i in own sharing",
        printed=r"\frac{\partial^2 p_i}{\partial t_i \partial s_i} = "
        r"b_2(\delta_d - b_1\hat\delta\phi(t_j))",
        corrected=r"\frac{\partial^2 p_i}{\partial t_i \partial s_i} = "
        r"\frac{b_2(\delta_d - b_1\hat\delta\phi(t_j))}{4b_1^2 - b_2^2}",
        note=(
            "The denominator $4b_1^2 - b_2^2$ is missing, here and in the "
            "$\\partial H_i/\\partial s_i$ built from it. It is positive, so the signs the "
            "proof discusses are unaffected."
        ),
        verify=_verify_volume_denominators,
        chapter="chapters/volume",
    ),
)
