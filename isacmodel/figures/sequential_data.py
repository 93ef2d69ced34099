r"""The data of section 3's figures: leader and follower, footnote 27's timing; no plotting.

In section 3 the incumbent, firm ``i``, chooses its sharing and investment
:math:`(s_i, t_i)` first; the entrant, firm ``j``, observes them and best-responds;
then both set Bertrand prices.  The solvers are in :mod:`isacmodel.solve.sequential`;
the functions here tabulate what :mod:`isacmodel.figures.sequential` draws.

>>> data = sequential_sweep(Params(), "b2", [0.6, 0.9])
>>> bool((data["stackelberg"]["s"][:, 0] > data["nash"]["s"][:, 0]).all())
True
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from numpy.typing import ArrayLike

from isacmodel.core.params import Params, ParamsBatch
from isacmodel.core.regimes import Regime
from isacmodel.derive import welfare
from isacmodel.figures.sweeps import check_name, checked_values, point_batch, swept_batch
from isacmodel.solve import nash, sequential
from isacmodel.solve.results import BatchEquilibria, EquilibriumError

__all__ = ["leader_follower_data", "sequential_sweep", "technology_first_paths"]


def _payoff_hessian(params: Params, s_i: float, t_i: float, step: float = 1e-4) -> np.ndarray:
    """Central-difference Hessian of the leader's payoff :math:`V` in ``(s_i, t_i)``."""
    offsets = np.array([-1.0, 0.0, 1.0]) * step
    ds, dt = (grid.ravel() for grid in np.meshgrid(offsets, offsets))
    values = sequential.leader_payoff(point_batch(params, 9), s_i + ds, t_i + dt).reshape(3, 3)
    h_ss = (values[1, 2] - 2 * values[1, 1] + values[1, 0]) / step**2
    h_tt = (values[2, 1] - 2 * values[1, 1] + values[0, 1]) / step**2
    h_st = (values[2, 2] - values[2, 0] - values[0, 2] + values[0, 0]) / (4 * step**2)
    return np.array([[h_ss, h_st], [h_st, h_tt]])


def _window(params: Params, leader: np.ndarray, nash_point: np.ndarray, gain: float,
            interior: bool, zoom: float) -> np.ndarray:  # fmt: skip
    r"""Return the half-widths ``(w_s, w_t)`` of the window around the leader's optimum.

    At ``zoom=1`` the window spans twice the box around the leader's iso-payoff
    ellipse through the Nash point, :math:`\tfrac12 x^\top (-H) x = V^S - \pi_i^N`
    (``H`` the Hessian of ``V`` at the optimum), so the Nash point lies inside at
    about half the window.  Where the payoff is not strictly concave there (sharing
    at a corner) or the two points (nearly) coincide, three times their distance
    (at least 1e-4 times the scale of each decision) is used instead.
    """
    distance = np.abs(leader - nash_point)
    floor = 1e-4 * (1 + np.abs(leader))
    fallback = 3 * np.maximum(distance, floor)
    if interior:
        hessian = _payoff_hessian(params, *leader)
        concave = hessian[0, 0] < 0 and np.linalg.det(hessian) > 0
        level = max(4 * gain, 1e-11 * (1 + abs(gain)))
        if concave:
            box = np.sqrt(2 * level * np.diag(np.linalg.inv(-hessian)))
            if np.all(np.isfinite(box)) and np.all(box > 0):
                fallback = np.maximum(box, 1.1 * distance)
    return fallback / zoom


def _limits(centre: float, half: float, low: float = 0.0, high: float = np.inf) -> tuple:
    """Return ``centre ± half``, shifted (not shrunk) to stay inside ``[low, high]``."""
    start, end = centre - half, centre + half
    if start < low:
        start, end = low, min(low + 2 * half, high)
    if end > high:
        start, end = max(high - 2 * half, low), high
    return start, end


def _follower_sharing(params: Params, s_i: ArrayLike, t_i: ArrayLike, t_j: ArrayLike) -> np.ndarray:
    r"""Return the follower's best sharing for its investment ``t_j`` (condition (5)).

    Sharing condition (5) is linear in the follower's own sharing, which is then
    linear in its investment: :math:`s_j = \mathrm{clip}(s^0 + s^1 t_j, 0, 1)` with
    :math:`s^0, s^1` depending on the leader's :math:`(s_i, t_i)`.
    """
    s_i, t_i, t_j = np.broadcast_arrays(*(np.asarray(x, dtype=float) for x in (s_i, t_i, t_j)))
    batch = nash.with_intercepts_swapped(point_batch(params, t_i.size))
    zero = np.zeros(t_i.size)
    s0, s1 = nash.evaluate_expressions(
        "sharing_response", batch, zero, s_i.ravel(), zero, t_i.ravel()
    )
    return np.clip(s0 + s1 * t_j.ravel(), 0.0, 1.0).reshape(t_i.shape)


def _leader_profit(params: Params, s_i: ArrayLike, t_i: ArrayLike, t_j: ArrayLike) -> np.ndarray:
    r"""Return :math:`\pi_i(s_i, t_i, s_j, t_j)`, the follower's sharing best for ``t_j``."""
    s_i, t_i, t_j = np.broadcast_arrays(*(np.asarray(x, dtype=float) for x in (s_i, t_i, t_j)))
    s_j = _follower_sharing(params, s_i, t_i, t_j).ravel()
    batch = point_batch(params, t_i.size)
    value = nash.evaluate_expressions("profit", batch, s_i.ravel(), s_j, t_i.ravel(), t_j.ravel())[
        0
    ]
    return value.reshape(t_i.shape)


def _iso_profit_offsets(params: Params, s_i: float, t_i: np.ndarray, t_j: float,
                        level: float) -> np.ndarray:  # fmt: skip
    """Approximate ``t_j`` offsets of the leader's iso-profit curve at ``level`` along ``t_i``.

    One Newton step from ``t_j`` in the follower's investment (the profit is close
    to linear in it over the window), used only to size the window.
    """
    step = 1e-6 * (1 + abs(t_j))
    here = _leader_profit(params, s_i, t_i, t_j)
    slope = (_leader_profit(params, s_i, t_i, t_j + step) - here) / step
    with np.errstate(all="ignore"):
        return np.where(slope != 0, (level - here) / slope, np.nan)


def leader_follower_data(params: Params, zoom: float = 1.0, n: int = 60) -> dict:
    r"""Tabulate the leader's problem around its optimum (for the leader-follower figure).

    Parameters
    ----------
    params : Params
        The parameter point.
    zoom : float
        Magnification of the window around the leader's optimum (see
        :func:`isacmodel.figures.sequential.leader_follower_figure`).
    n : int
        Grid points per axis of the two maps.

    Returns
    -------
    dict
        ``"stackelberg"``, ``"simultaneous"`` (the two equilibria); ``"leader"``,
        ``"nash_point"`` (the leader's ``(s_i, t_i)`` in each); ``"best"``
        (:math:`V^S`), ``"gain"`` (:math:`V^S - \pi_i^N`), ``"follower_gain"``;
        ``"unit"`` (the gain, or None if it is negligible); ``"s_limits"``,
        ``"t_limits"``, ``"tj_limits"``; the payoff map ``"s_mesh"``, ``"t_mesh"``,
        ``"relative"`` (:math:`(V - V^S)/` unit); the investment panel's
        ``"t_i"``, ``"reaction_s"``, ``"reaction_n"`` (the follower's reaction at
        the leader's Stackelberg and Nash sharing), ``"ti_mesh"``, ``"tj_mesh"``,
        ``"profit"`` (the leader's profit relative to :math:`V^S`, per unit),
        ``"tj_dense"`` and ``"own"`` (the leader's simultaneous reaction).

    Raises
    ------
    EquilibriumError
        If there is no Nash equilibrium or no leader-follower equilibrium.
    """
    stackelberg = sequential.solve_stackelberg(params)
    simultaneous = nash.solve_nash(params, check_global=False)
    leader = np.array([stackelberg.s[0], stackelberg.t[0]])
    nash_point = np.array([simultaneous.s[0], simultaneous.t[0]])
    best = stackelberg.profit[0]
    gain = best - simultaneous.profit[0]
    follower_gain = stackelberg.profit[1] - simultaneous.profit[1]
    interior = "s_i" not in stackelberg.corner
    half = _window(params, leader, nash_point, gain, interior, float(zoom))
    s_limits = _limits(leader[0], half[0], 0.0, 1.0)
    t_limits = _limits(leader[1], half[1])
    unit = gain if gain > 1e-14 * max(1.0, abs(best)) else None

    s_grid = np.linspace(*s_limits, n)
    t_grid = np.linspace(*t_limits, n)
    s_mesh, t_mesh = np.meshgrid(s_grid, t_grid)
    payoff = sequential.leader_payoff(point_batch(params, s_mesh.size), s_mesh.ravel(),
                                      t_mesh.ravel()).reshape(s_mesh.shape)  # fmt: skip
    relative = (payoff - best) / (unit or 1.0)
    t_i = np.linspace(*t_limits, 4 * n + 1)
    one_curve = point_batch(params, t_i.size)
    reaction_s = sequential.follower_response(one_curve, np.full(t_i.size, leader[0]), t_i)[1]
    reaction_n = sequential.follower_response(one_curve, np.full(t_i.size, nash_point[0]), t_i)[1]
    points_tj = np.array([stackelberg.t[1], simultaneous.t[1]])
    iso_offsets = _iso_profit_offsets(params, leader[0], t_i, stackelberg.t[1], best)
    span = np.concatenate([reaction_s, reaction_n, points_tj, stackelberg.t[1] + iso_offsets])
    span = span[np.isfinite(span)]
    low, high = float(span.min()), float(span.max())
    pad = max(0.15 * (high - low), 1e-6 * (1 + abs(high)))
    tj_limits = (max(low - pad, 0.0), high + pad)
    tj_grid = np.linspace(*tj_limits, n)
    ti_mesh, tj_mesh = np.meshgrid(np.linspace(*t_limits, n), tj_grid)
    profit = (_leader_profit(params, leader[0], ti_mesh, tj_mesh) - best) / (unit or 1.0)
    tj_dense = np.linspace(*tj_limits, 2 * n + 1)
    own = nash.best_response_batch(
        point_batch(params, tj_dense.size), np.full(tj_dense.size, simultaneous.s[1]), tj_dense
    )[1]
    return {
        Regime.STACKELBERG: stackelberg, "simultaneous": simultaneous, "leader": leader,
        "nash_point": nash_point, "best": best, "gain": gain, "follower_gain": follower_gain,
        "unit": unit, "s_limits": s_limits, "t_limits": t_limits, "tj_limits": tj_limits,
        "s_mesh": s_mesh, "t_mesh": t_mesh, "relative": relative, "t_i": t_i,
        "reaction_s": reaction_s, "reaction_n": reaction_n, "ti_mesh": ti_mesh,
        "tj_mesh": tj_mesh, "profit": profit, "tj_dense": tj_dense, "own": own,
    }  # fmt: skip


def _columns(batch: ParamsBatch, result: BatchEquilibria) -> dict[str, np.ndarray]:
    """Both firms' ``s, t, profit`` ``(n, 2)`` and welfare, consumer surplus ``(n,)``."""
    ok = np.asarray(result.ok, dtype=bool).copy()
    n = len(ok)
    columns = {key: np.where(ok[:, None], getattr(result, key), np.nan)
               for key in ("s", "t", "p", "q", "profit")}  # fmt: skip
    columns["welfare"] = np.full(n, np.nan)
    columns["consumer_surplus"] = np.full(n, np.nan)
    if ok.any():
        s, t, q = result.s[ok], result.t[ok], result.q[ok]
        gross = welfare.gross_utility_numeric(batch.subset(ok), s[:, 0], s[:, 1], t[:, 0],
                                              t[:, 1], q[:, 0], q[:, 1])  # fmt: skip
        surplus = gross - np.sum(result.p[ok] * q, axis=1)
        columns["consumer_surplus"][ok] = surplus
        columns["welfare"][ok] = surplus + np.sum(result.profit[ok], axis=1)
    columns["ok"] = ok
    columns["reason"] = np.asarray(result.reason).astype(str)
    corner = result.corner if result.corner is not None else np.full(n, "")
    columns["corner"] = np.asarray(corner).astype(str)
    return columns


def sequential_sweep(params: Params, name: str, values: Sequence[float]) -> dict:
    r"""Solve the simultaneous and the sequential game along a sweep of one parameter.

    For each value of ``name`` (the other parameters at ``params``), the
    Bertrand-Nash equilibrium (:func:`isacmodel.solve.nash.solve_nash_batch`) and the
    leader-follower equilibrium with firm i leading
    (:func:`isacmodel.solve.sequential.solve_stackelberg_batch`), one vectorised call
    each.  Welfare is as in :attr:`isacmodel.solve.results.Equilibrium.welfare`: the
    consumer's gross utility at the quantities
    (:func:`isacmodel.derive.welfare.gross_utility_numeric`) minus spending (consumer
    surplus), plus both firms' profits net of investment costs.

    Parameters
    ----------
    params : Params
        The point swept around (the intercepts may differ unless ``name="a"``,
        which sets both).
    name : str
        One of :data:`isacmodel.figures.sweeps.SWEEPABLE`.
    values : sequence of float
        At least two finite values, each giving admissible parameters.

    Returns
    -------
    dict
        ``"values"`` (the grid, as an array), ``"nash"`` and ``"stackelberg"``,
        each a dict of arrays: ``s``, ``t``, ``p``, ``q``, ``profit`` of shape
        ``(n, 2)`` (column 0 firm i, the leader; column 1 firm j, the follower),
        ``welfare`` and ``consumer_surplus`` of shape ``(n,)`` (NaN where not
        ``ok``), ``ok``, ``reason`` (why not, e.g. "the leader's payoff is
        unbounded...") and ``corner`` (a binding sharing constraint, ``""`` if
        none).

    Raises
    ------
    ValueError
        If ``name`` is not sweepable or ``values`` are not at least two finite
        numbers giving admissible parameters.

    Examples
    --------
    >>> data = sequential_sweep(Params(), "b2", [0.2, 0.6])
    >>> [round(float(x), 4) for x in data["stackelberg"]["s"][:, 0]]
    [0.0101, 0.0526]
    >>> [round(float(x), 4) for x in data["nash"]["s"][:, 0]]
    [0.0121, 0.0508]
    """
    check_name(name)
    values = checked_values(values)
    batch = swept_batch(params, name, values)
    return {
        "values": values,
        Regime.NASH: _columns(batch, nash.solve_nash_batch(batch)),
        Regime.STACKELBERG: _columns(batch, sequential.solve_stackelberg_batch(batch)),
    }


def technology_first_paths(params: Params, values: Sequence[float] | None = None) -> dict:
    r"""Solve footnote 27's game and the simultaneous one along :math:`\gamma_3`.

    Parameters
    ----------
    params : Params
        The point (equal intercepts); ``gamma3`` is replaced by the sweep.
    values : sequence of float, optional
        Values of :math:`\gamma_3`; by default 15 from 0 to
        :math:`0.95\,(\gamma_1 - \gamma_2)`.

    Returns
    -------
    dict
        ``"x"`` (the sorted values), ``"first"`` and ``"nash"`` (arrays ``(m, 3)``
        of firm i's ``s, t, profit``, NaN where a game has no equilibrium),
        ``"ok"`` (the simultaneous game solved), ``"nash_reason"`` and ``"reasons"``
        (why footnote 27's game has none, one line per value).

    Raises
    ------
    ValueError
        If ``a_i != a_j``, or ``values`` are not at least two finite numbers
        giving admissible parameters.
    """
    if params.a_i != params.a_j:
        raise ValueError(
            "footnote 27's game is solved for symmetric firms "
            f"(got a_i={params.a_i}, a_j={params.a_j})"
        )
    if values is None:
        values = np.linspace(0.0, 0.95 * (params.gamma1 - params.gamma2), 15)
    x = np.sort(checked_values(values))
    simultaneous = nash.solve_nash_batch(swept_batch(params, "gamma3", x))
    first = np.full((len(x), 3), np.nan)  # s, t, profit
    reasons = []
    for index, gamma3 in enumerate(x):
        try:
            eq = sequential.solve_technology_first(params.replace(gamma3=float(gamma3)))
        except EquilibriumError as error:
            reasons.append(f"$\\gamma_3$ = {gamma3:.3g}: {error}")
            continue
        first[index] = eq.s[0], eq.t[0], eq.profit[0]
    ok = simultaneous.ok
    nash_values = np.column_stack([np.where(ok, simultaneous.s[:, 0], np.nan),
                                   np.where(ok, simultaneous.t[:, 0], np.nan),
                                   np.where(ok, simultaneous.profit[:, 0], np.nan)])  # fmt: skip

    return {"x": x, "first": first, Regime.NASH: nash_values, "ok": ok,
            "nash_reason": simultaneous.reason, "reasons": reasons}  # fmt: skip
