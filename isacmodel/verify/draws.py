r"""The box the samples are drawn from, and the loop that collects admissible draws.

:func:`draw_box` draws section 2's parameters uniformly from :data:`BOX`,
:func:`draw_volume_box` adds section 4's (:data:`VOLUME_BOX`);
:func:`collect_admissible` draws chunks until enough of them pass an admissibility
test.  :mod:`isacmodel.verify.sampling` builds the claims' samples on them.
"""

from __future__ import annotations

import numpy as np

from isacmodel.core.params import ParamsBatch

__all__ = ["BOUNDARY_SHARE", "BOX", "VOLUME_BOX", "collect_admissible", "draw_box",
           "draw_volume_box"]  # fmt: skip

#: Uniform ranges of the draws (``b2`` as a fraction of ``b1``; ``gamma2``, ``gamma3``
#: as fractions of ``gamma1`` whose sum stays below one).
BOX = {
    "a": (0.5, 2.0),
    "b1": (0.5, 2.0),
    "b2_over_b1": (0.0, 0.95),
    "gamma": (0.0, 0.9),
    "delta_d": (0.0, 1.0),
    "delta_c": (0.0, 1.0),
    "gamma1": (0.02, 0.5),
    "k": (1.0, 40.0),
    "rho": (0.0, 0.95),
}
#: Probability that ``gamma2`` (independently ``gamma3``) is exactly zero.
BOUNDARY_SHARE = 0.25


def draw_box(n: int, rng: np.random.Generator, *, asymmetric: bool = False) -> ParamsBatch:
    """Draw ``n`` parameter points uniformly from :data:`BOX`.

    Parameters
    ----------
    n : int
    rng : numpy.random.Generator
    asymmetric : bool
        If True, ``a_j`` is drawn as ``a_i / r`` with ``r`` uniform on
        ``[1.05, 1.5]`` (firm i is the larger firm); otherwise ``a_i = a_j``.

    Returns
    -------
    ParamsBatch
    """

    def uniform(name: str) -> np.ndarray:
        low, high = BOX[name]
        return rng.uniform(low, high, n)

    a_i = uniform("a")
    a_j = a_i / rng.uniform(1.05, 1.5, n) if asymmetric else a_i
    b1 = uniform("b1")
    gamma1 = uniform("gamma1")
    share2 = rng.uniform(0, 1, n) * (rng.uniform(size=n) >= BOUNDARY_SHARE)
    share3 = rng.uniform(0, 1, n) * (1 - share2) * (rng.uniform(size=n) >= BOUNDARY_SHARE)
    return ParamsBatch(
        a_i=a_i,
        a_j=a_j,
        b1=b1,
        b2=b1 * uniform("b2_over_b1"),
        gamma=uniform("gamma"),
        delta_d=uniform("delta_d"),
        delta_c=uniform("delta_c"),
        gamma1=gamma1,
        gamma2=gamma1 * share2 * 0.999,
        gamma3=gamma1 * share3 * 0.999,
        k=uniform("k"),
        rho=uniform("rho"),
    )


#: Uniform ranges of section 4's parameters in :func:`draw_volume_sample`.
VOLUME_BOX = {"c": (0.05, 0.5), "delta_hat": (0.0, 0.5)}


def draw_volume_box(rng: np.random.Generator, n: int) -> ParamsBatch:
    """Draw ``n`` raw points of section 4's model (before any admissibility check).

    :func:`draw_box` without the fixed-cost spillover (``delta_c = 0``), with ``c`` and
    ``delta_hat`` from :data:`VOLUME_BOX`.
    """
    values = draw_box(n, rng).as_dict()
    values["delta_c"] = np.zeros(n)
    for name, (low, high) in VOLUME_BOX.items():
        values[name] = rng.uniform(low, high, n)
    return ParamsBatch(**values)


def collect_admissible(n: int, seed: int, draw, admissible) -> tuple[ParamsBatch, int]:
    """Draw chunks until ``n`` admissible points are collected; return them and the draws made.

    ``draw(rng, chunk)`` makes a chunk of candidate points, ``admissible(batch)``
    marks the ones to keep; the count of draws stops at the one that completes
    the sample.
    """
    if isinstance(n, bool) or not isinstance(n, int | np.integer) or n < 1:
        raise ValueError(f"n must be a positive integer (got n={n!r})")
    rng = np.random.default_rng(seed)
    accepted: list[ParamsBatch] = []
    count, drawn = 0, 0
    chunk = max(1000, 2 * n)
    while count < n:
        if drawn > 100 * n + 10 * chunk:
            raise RuntimeError(f"only {count} admissible draws in {drawn}; the box is too wide")
        batch = draw(rng, chunk)
        drawn += chunk
        keep = admissible(batch)
        needed = n - count
        if keep.sum() >= needed:  # stop at the draw that completes the sample
            last = int(np.flatnonzero(keep)[needed - 1])
            keep[last + 1 :] = False
            drawn += last + 1 - chunk
        accepted.append(batch.subset(keep))
        count += int(keep.sum())
    params = ParamsBatch(**{
        name: np.concatenate([b.as_dict()[name] for b in accepted])
        for name in accepted[0].as_dict()
    })  # fmt: skip
    return params, drawn
