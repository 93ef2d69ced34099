"""The whole admissible region, for the property-based tests of every public solver.

Both the Hypothesis strategy and the numpy sampler draw from one wide box that
spans far beyond the book's sampling box (:mod:`isacmodel.verify.draws`): demand
levels from 0.01 to 5, slopes from 0.05 to 5, costs from 0.01 to 100, and every
bounded parameter over its whole admissible range (boundaries, zeros and tiny
values included by Hypothesis).
"""

import numpy as np
from hypothesis import strategies as st

from isacmodel import Params
from isacmodel.core.params import ParamsBatch

#: Ranges of the wide box: ``(low, high)`` per field; ``b2``, ``gamma2`` and ``gamma3``
#: are drawn as fractions of ``b1`` and ``gamma1`` so that every draw is admissible.
WIDE_BOX = {
    "a": (0.01, 5.0),
    "b1": (0.05, 5.0),
    "b2_share": (0.0, 0.999),
    "gamma": (0.0, 0.999),
    "delta_d": (0.0, 1.0),
    "delta_c": (0.0, 1.0),
    "gamma1": (1e-4, 2.0),
    "leak_share": (0.0, 0.999),  # (gamma2 + gamma3) / gamma1
    "split": (0.0, 1.0),  # gamma2 / (gamma2 + gamma3)
    "k": (0.01, 100.0),
    "rho": (0.0, 0.999),
    "c": (0.01, 5.0),
    "delta_hat": (0.0, 1.0),
}


def _point(a_i, a_j, b1, b2_share, gamma, delta_d, delta_c, gamma1, leak_share, split, k, rho, c,
           delta_hat) -> dict:  # fmt: skip
    return dict(
        a_i=a_i, a_j=a_j, b1=b1, b2=b1 * b2_share, gamma=gamma, delta_d=delta_d,
        delta_c=delta_c, gamma1=gamma1, gamma2=gamma1 * leak_share * split,
        gamma3=gamma1 * leak_share * (1 - split), k=k, rho=rho, c=c, delta_hat=delta_hat,
    )  # fmt: skip


@st.composite
def valid_params(draw, symmetric: bool = False) -> Params:
    """Any admissible point of the wide box, boundaries, zeros and subnormal values included."""
    values = {name: draw(st.floats(*bounds)) for name, bounds in WIDE_BOX.items()}
    a_i = values.pop("a")
    a_j = a_i if symmetric else draw(st.one_of(st.just(a_i), st.floats(*WIDE_BOX["a"])))
    return Params(**_point(a_i, a_j, **values))


def wide_batch(n: int, seed: int, *, symmetric: bool = True) -> ParamsBatch:
    """``n`` admissible points drawn uniformly from the wide box (seeded)."""
    rng = np.random.default_rng(seed)
    values = {name: rng.uniform(*bounds, n) for name, bounds in WIDE_BOX.items()}
    a_i = values.pop("a")
    a_j = a_i if symmetric else rng.uniform(*WIDE_BOX["a"], n)
    return ParamsBatch(**_point(a_i, a_j, **values))
