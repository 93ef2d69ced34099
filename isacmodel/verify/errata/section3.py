"""Errata of section 3 (the leader-follower game).

The leader's first-order conditions (15)-(16); derivation in the sequential chapter.
The entries, in the order of the paper, are :data:`ERRATA`;
:mod:`isacmodel.verify.errata` joins the parts into the registry.
"""

from __future__ import annotations

import sympy as sp

from isacmodel.core.model import SYM
from isacmodel.derive import bertrand
from isacmodel.derive.welfare import generic_cubics
from isacmodel.solve import sequential
from isacmodel.verify.errata.entry import Erratum, differs, same

__all__ = ["ERRATA"]


def _verify_leader_conditions() -> bool:
    """Check that derived minus printed (15)-(16) is the cost channel of the responses."""
    y = sp.Symbol("y")
    f_y = sp.diff(bertrand.f(SYM.t_i, y), y).subs(y, bertrand.general().y_j)
    responses = sequential.RESPONSES
    expected = [
        -f_y * SYM.delta_c * (SYM.t_j * responses["s_j", x] + SYM.s_j * responses["t_j", x])
        for x in ("s_i", "t_i")
    ]
    derived, printed = sequential.leader_conditions(), sequential.printed_leader_conditions()
    return all(
        same(generic_cubics(d - p), generic_cubics(e)) and differs(d, p)
        for d, p, e in zip(derived, printed, expected, strict=True)
    )


#: This part's entries, in the order of the paper.
ERRATA: tuple[Erratum, ...] = (
    Erratum(
        key="leader-conditions-cost-channel",
        location="Section 3, the leader's conditions (15)-(16)",
        printed=r"G_i = 2b_1 p_i\Big(\frac{\partial p_i}{\partial s_i} + \frac{\partial p_i}"
        r"{\partial s_j}\frac{\partial s_j}{\partial s_i} + \frac{\partial p_i}{\partial t_j}"
        r"\frac{\partial t_j}{\partial s_i}\Big), \quad H_i = \ldots - f_t",
        corrected=r"G_i = \ldots - \delta_c f_y \Big(t_j \frac{\partial s_j}{\partial s_i} "
        r"+ s_j \frac{\partial t_j}{\partial s_i}\Big), \quad H_i = \ldots - \delta_c f_y "
        r"\Big(t_j \frac{\partial s_j}{\partial t_i} + s_j \frac{\partial t_j}{\partial t_i}\Big)",
        note=(
            "The leader's cost $f(t_i, \\delta_c t_j s_j)$ depends on the follower's choices, so "
            "the follower's responses also lower the leader's cost. The printed conditions keep "
            "only the price channel. The missing terms are positive when the responses are, so "
            "they strengthen Proposition 6 rather than overturn it."
        ),
        verify=_verify_leader_conditions,
        chapter="chapters/sequential",
    ),
)
