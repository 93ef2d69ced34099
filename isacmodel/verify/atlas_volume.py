"""Section 4's claims under any family of the menu, for the atlas.

The margins of the registry's six section-4 claims as functions of a
:class:`~isacmodel.solve.results.BatchEquilibria` of the Newton path
(:mod:`isacmodel.solve.volume_newton`, run for every family, the baseline included), and the atlas's
section-4 sample.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from isacmodel.core.families import Specification, require_specification
from isacmodel.core.params import ParamsBatch
from isacmodel.solve.results import BatchEquilibria
from isacmodel.solve.volume_model import trace_reaction_curve
from isacmodel.solve.volume_newton import (
    best_response_batch,
    eq32_derived,
    reaction_slopes,
    sharing_threshold,
    solve_volume_nash_batch,
    solve_without_volume_spillover,
    statics_delta_hat,
)
from isacmodel.verify.claims import LARGE_DELTA_HAT, SMALL_DELTA_HAT, relative_gap
from isacmodel.verify.sampling import REACTION_GRID, collect_admissible, draw_volume_box

__all__ = ["VOLUME_CLAIMS", "draw_volume_atlas_sample"]


def _curve(result: BatchEquilibria, multiple: float) -> dict[str, np.ndarray]:
    """Return the registry's reaction curve, hat_delta at ``multiple`` x the threshold (cached)."""
    key = ("reaction curve", multiple)
    if key not in result.extra:
        values = result.params.as_dict()
        t, spec = result.t[:, 0], result.spec
        values["delta_hat"] = multiple * sharing_threshold(result.params, t, spec)

        def best(points, s_j, t_j):
            return best_response_batch(points, s_j, t_j, spec)

        def slopes(points, s_i, t_i, s_j, t_j, corner):
            return reaction_slopes(points, s_i, t_i, s_j, t_j, corner, spec)

        result.extra[key] = trace_reaction_curve(best, slopes, ParamsBatch(**values),
                                                 REACTION_GRID, t)  # fmt: skip
    return result.extra[key]


# -------------------------------------------------------------- the claims
Margins = Callable[[BatchEquilibria], np.ndarray]


def _statics_margin(column: int) -> Margins:
    def margins(result: BatchEquilibria) -> np.ndarray:
        key = "statics delta_hat"
        if key not in result.extra:
            s, t = result.s[:, 0], result.t[:, 0]
            statics = statics_delta_hat(result.params, s, t, result.corner, result.spec)
            result.extra[key] = np.where(result.ok[:, None], statics, np.nan)
        return result.extra[key][:, column] / (result.s, result.t)[column][:, 0]

    return margins


def _below_without_spillover(result: BatchEquilibria) -> np.ndarray:
    return relative_gap(result.s[:, 0], solve_without_volume_spillover(result).s[:, 0])


def _slopes(multiple: float, sign: float) -> Margins:
    def margins(result: BatchEquilibria) -> np.ndarray:
        curve = _curve(result, multiple)
        return np.where(curve["interior"], sign * curve["slope"], np.inf).min(axis=1)

    return margins


def _has_interior(multiple: float) -> Callable[[BatchEquilibria], np.ndarray]:
    return lambda result: _curve(result, multiple)["interior"].any(axis=1)


def _claims() -> dict[str, tuple[Margins, Callable | None]]:
    return {
        "prop7.i.sharing": (_statics_margin(0), None),
        "prop7.i.investment": (_statics_margin(1), None),
        "prop7.ii": (_below_without_spillover, None),
        "prop7.proof.eq32": (eq32_derived, None),
        "text.volume.slope-small": (_slopes(SMALL_DELTA_HAT, 1.0), _has_interior(SMALL_DELTA_HAT)),
        "text.volume.slope-large": (_slopes(LARGE_DELTA_HAT, -1.0),
                                    _has_interior(LARGE_DELTA_HAT)),
    }  # fmt: skip


#: The registry's six section-4 claims: ``{id: (margins, domain or None)}``, functions of a
#: :class:`BatchEquilibria` (margins positive where the claim holds; the domain a
#: mask of the draws the claim speaks about).  prop7.proof.eq32 evaluates the derived
#: cross derivative (:func:`eq32_derived`); prop7.ii's margin is NaN where the model
#: without the spillover has no equilibrium.
VOLUME_CLAIMS: dict[str, tuple[Margins, Callable | None]] = _claims()


# ------------------------------------------------------------------ sampling
def draw_volume_atlas_sample(spec: Specification, n: int, seed: int) -> tuple[BatchEquilibria, int]:
    """Collect ``n`` admissible section-4 draws under ``spec`` (as the registry's volume sample).

    The draws are :func:`isacmodel.verify.sampling.draw_volume_sample`'s (same box, chunks and
    :func:`isacmodel.verify.sampling.collect_admissible`); a draw is admissible when its equilibrium
    (:func:`solve_volume_nash_batch`) exists and has interior sharing.  Under the
    baseline these are the registry's draws.  The registry draws its volume sample
    with seed ``DEFAULT_SEED + 5`` (:func:`isacmodel.verify.claims.draw_samples`).

    Returns
    -------
    tuple
        The equilibria of the accepted draws and the number of draws made.
    """
    spec = require_specification(spec)

    def admissible(batch: ParamsBatch) -> np.ndarray:
        result = solve_volume_nash_batch(batch, spec)
        return result.ok & (result.corner == "")

    params, drawn = collect_admissible(n, seed, draw_volume_box, admissible)
    return solve_volume_nash_batch(params, spec), drawn
