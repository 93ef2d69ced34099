r"""Section 4's best responses, the numeric pieces both backends share.

The expressions are derived in :mod:`isacmodel.derive.volume`; the exact polynomial
backend (:mod:`isacmodel.solve.volume_polynomial`) and the Newton backend
(:mod:`isacmodel.solve.volume_newton`) both pick a firm's best candidate, label corners,
measure the stability of best-response dynamics and trace reaction curves with these.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from isacmodel.core.params import ParamsBatch

__all__ = [
    "NEGATIVE_COST",
    "NO_SALE",
    "best_candidate",
    "best_response_radius",
    "corner_labels",
    "corner_responses",
    "trace_reaction_curve",
]

#: Status of a best response where no choice leaves both firms a positive margin.
NO_SALE = "no choice where both firms have a positive margin p - F"
#: Status where the rival's sharing makes firm i's marginal cost non-positive.
NEGATIVE_COST = "marginal cost (c - hat_delta t_j s_j) phi(t_i) is not positive"


def best_response_radius(own: np.ndarray, rival: np.ndarray, interior) -> np.ndarray:
    """Spectral radius of best-response dynamics at symmetric points.

    ``own`` and ``rival`` are the blocks ``(..., 2, 2)`` of a firm's two conditions
    differentiated in its own and in the rival's ``(s, t)``.  Where sharing is at a
    corner (``interior`` False) only investment responds, and the radius is the ratio
    of the investment condition's rival and own slopes.
    """
    det = own[..., 0, 0] * own[..., 1, 1] - own[..., 0, 1] * own[..., 1, 0]
    with np.errstate(all="ignore"):
        adjugate = np.stack([np.stack([own[..., 1, 1], -own[..., 0, 1]], -1),
                             np.stack([-own[..., 1, 0], own[..., 0, 0]], -1)], -2)  # fmt: skip
        reaction = -(adjugate / det[..., None, None]) @ rival
        trace = reaction[..., 0, 0] + reaction[..., 1, 1]
        determinant = (reaction[..., 0, 0] * reaction[..., 1, 1]
                       - reaction[..., 0, 1] * reaction[..., 1, 0])  # fmt: skip
        discriminant = trace**2 / 4 - determinant
        largest = np.where(discriminant >= 0,
                           np.abs(trace) / 2 + np.sqrt(np.maximum(discriminant, 0.0)),
                           np.sqrt(np.abs(determinant)))  # fmt: skip
        investment_only = np.abs(rival[..., 1, 1] / own[..., 1, 1])
    return np.where(interior, largest, investment_only)


def corner_labels(s_i: np.ndarray, t_i: np.ndarray) -> np.ndarray:
    """``"s_i = 0"`` or ``"s_i = 1"``, ``"t_i = 0"``, both joined by a comma, or ``""``."""
    sharing = np.where(s_i <= 0, "s_i = 0", np.where(s_i >= 1, "s_i = 1", ""))
    investment = np.where(t_i <= 0, "t_i = 0", "")
    joiner = np.where((sharing != "") & (investment != ""), ", ", "")
    return np.char.add(np.char.add(sharing, joiner), investment)


def best_candidate(
    batch: ParamsBatch, s_i: np.ndarray, t_i: np.ndarray, profit: np.ndarray, s_j, t_j
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    r"""Pick firm i's best response among candidate choices, with its corner label.

    Shared by the backends of :func:`isacmodel.solve.volume.best_response_batch`.

    Parameters
    ----------
    batch : ParamsBatch
        Section-4 parameter points (``n`` entries).
    s_i, t_i : numpy.ndarray
        Candidate sharing and investment of firm i, shape ``(n, m)``.
    profit : numpy.ndarray
        Firm i's profit at each candidate, ``-inf`` where a candidate is not valid
        (not finite, or some firm without a positive margin), shape ``(n, m)``.
    s_j, t_j : numpy.ndarray
        The rival's sharing and investment, shape ``(n,)``.

    Returns
    -------
    s_best, t_best : numpy.ndarray
        The most profitable candidate, NaN where no candidate is valid or the
        marginal cost :math:`c - \hat\delta t_j s_j` is not positive.
    corner : numpy.ndarray of str
        :func:`corner_labels` of the choice, :data:`NO_SALE` or :data:`NEGATIVE_COST`.
    """
    best = np.argmax(profit, axis=1)
    rows = np.arange(len(best))
    cost_positive = np.asarray(batch.c) - np.asarray(batch.delta_hat) * t_j * s_j > 0
    sells = np.isfinite(profit[rows, best]) & cost_positive
    s_best = np.where(sells, s_i[rows, best], np.nan)
    t_best = np.where(sells, t_i[rows, best], np.nan)
    corner = np.where(sells, corner_labels(s_best, t_best), NO_SALE)
    corner = np.where(cost_positive, corner, NEGATIVE_COST)
    return s_best, t_best, corner


def corner_responses(
    jacobian: np.ndarray,
    corner,
    solve: Callable[[np.ndarray, np.ndarray], np.ndarray] = np.linalg.solve,
) -> np.ndarray:
    r"""Firm i's responses to the rival by the implicit function theorem, corners held.

    Shared by the backends of :func:`isacmodel.solve.volume.reaction_slopes`.

    Parameters
    ----------
    jacobian : numpy.ndarray
        The Jacobian of conditions (17)-(18) in ``(s_i, t_i, s_j, t_j)``, shape ``(2, 4, n)``.
    corner : array_like of str
        Firm i's corner labels (:func:`corner_labels`), shape ``(n,)``.
    solve : callable
        Solver of stacked 2 x 2 systems, ``solve(matrix, rhs)``; :func:`numpy.linalg.solve`
        by default.

    Returns
    -------
    numpy.ndarray
        Shape ``(n, 2, 2)``: rows ``(s_i, t_i)``, columns ``(s_j, t_j)``; a decision at
        a corner does not respond, and the other follows its own condition alone.
    """
    jac = np.moveaxis(jacobian, 2, 0)
    own, rival = jac[:, :, :2], jac[:, :, 2:]
    corner = np.asarray(corner).astype(str)
    sharing_fixed = np.char.find(corner, "s_i =") >= 0
    investment_fixed = np.char.find(corner, "t_i = 0") >= 0
    with np.errstate(all="ignore"):
        both = -solve(own, rival)
        alone = -rival / np.stack([own[:, 0, 0], own[:, 1, 1]], axis=1)[:, :, None]
    response = np.where(sharing_fixed[:, None, None] | investment_fixed[:, None, None], alone, both)
    response[sharing_fixed, 0, :] = 0.0
    response[investment_fixed, 1, :] = 0.0
    return response


def trace_reaction_curve(
    best_response: Callable, slopes: Callable, batch, s_j_values, t_j
) -> dict[str, np.ndarray]:
    r"""Trace firm i's sharing reaction function with a backend's best response and slopes.

    ``best_response(batch, s_j, t_j) -> (s_i, t_i, corner)`` and
    ``slopes(batch, s_i, t_i, s_j, t_j, corner) -> (n, 2, 2)`` are a solver's; the
    curve is returned as :func:`isacmodel.solve.volume.reaction_curve` documents.
    """
    n, grid = len(batch), np.asarray(s_j_values, dtype=float)
    m = grid.size
    repeated = ParamsBatch(**{k: np.repeat(v, m) for k, v in batch.as_dict().items()})
    s_j = np.tile(grid, n)
    t_j = np.repeat(np.broadcast_to(np.asarray(t_j, dtype=float), (n,)), m)
    s_i, t_i, corner = best_response(repeated, s_j, t_j)
    sells = (corner != NO_SALE) & (corner != NEGATIVE_COST)
    slope = np.full(n * m, np.nan)
    if sells.any():
        chosen = repeated.subset(sells)
        responses = slopes(chosen, s_i[sells], t_i[sells], s_j[sells], t_j[sells], corner[sells])
        slope[sells] = responses[:, 0, 0]
    shaped = {"s_i": s_i, "t_i": t_i, "slope": slope, "corner": corner, "interior": corner == ""}
    return {key: value.reshape(n, m) for key, value in shaped.items()}
