r"""The data of section 2.2's figures: every regime solved along a sweep, no plotting.

Section 2.2 of the paper compares three ways of choosing the common sharing level
:math:`s` and investment :math:`t` of two symmetric firms, all at the Bertrand
prices (21) of the second stage:

* the **market** (Bertrand-Nash equilibrium of section 2.1): each firm maximises
  its own payoff (4);
* the **joint-profit ISA**: :math:`\max_{s, t}\ \pi_i + \pi_j`, eqs. (13)-(14);
* the **planner**: :math:`\max_{s, t}\ SW`, welfare (9), eqs. (27)-(28);

and two references: the market with sharing forced to zero (Proposition 5(i)) and
an ISA that also sets a collusive common price (the remark after Proposition 5).
Each coordinated objective is :math:`c\,(a + B)^2 - 2 f(t, \delta_c t s)`, so its
optimum exists only when :math:`k (1 - \rho) > c\,(1 - \gamma + \delta_d)^2`
(:func:`isacmodel.derive.welfare.existence_margin`); the figures of
:mod:`isacmodel.figures.welfare` leave gaps, and shade, where it does not.

Every function here solves with the batch solvers
(:func:`isacmodel.solve.nash.solve_nash_batch`, :func:`isacmodel.solve.optima.solve_regime_batch`)
vectorised over the values it sweeps and returns arrays (or the text of a verdict);
the drawing is in :mod:`isacmodel.figures.welfare`.

>>> data = regime_sweep(Params(), "delta_c", [0.0, 1.0])
>>> bool((data["nash"]["t"] < data["joint profit"]["t"]).all())
True
"""

from __future__ import annotations

from collections.abc import Sequence
from types import SimpleNamespace

import numpy as np

from isacmodel.core.params import Params, ParamsBatch
from isacmodel.core.regimes import Regime
from isacmodel.derive import welfare
from isacmodel.figures.sweeps import check_name, checked_values, intervals, swept_batch
from isacmodel.solve import nash, optima
from isacmodel.solve.results import BatchEquilibria, Equilibrium, EquilibriumError

__all__ = [
    "SWEEP_REGIMES",
    "SYMMETRIC_FIRMS",
    "boundary_k",
    "check_symmetric",
    "decades",
    "existence_regions",
    "held_fixed_curves",
    "margin_along",
    "missing_runs",
    "ordering_verdict",
    "point_results",
    "regime_sweep",
    "sign_changes",
]

#: Regimes solved by :func:`regime_sweep` (keys as in :mod:`isacmodel.derive.welfare`).
SWEEP_REGIMES = (Regime.NASH, Regime.JOINT_PROFIT, Regime.SOCIAL_OPTIMUM, Regime.COLLUSION)

#: Why ``"a"`` moves both intercepts, in the messages of
#: :func:`~isacmodel.figures.sweeps.check_name`.
SYMMETRIC_FIRMS = " (the regimes are defined for symmetric firms)"


def check_symmetric(params: Params) -> None:
    """Raise ValueError unless the intercepts are equal (the regimes need symmetric firms)."""
    if params.a_i != params.a_j:
        raise ValueError(
            "the coordinated regimes are defined for symmetric firms "
            f"(got a_i={params.a_i}, a_j={params.a_j})"
        )


def _regime_columns(batch: ParamsBatch, result: BatchEquilibria) -> dict[str, np.ndarray]:
    """Return the common ``s, t``, welfare, consumer surplus and joint profit of a regime."""
    ok = np.asarray(result.ok, dtype=bool).copy()
    n = len(ok)
    columns = {key: np.full(n, np.nan)
               for key in ("s", "t", "welfare", "consumer_surplus", "joint_profit")}  # fmt: skip
    if ok.any():
        s, t, q = result.s[ok, 0], result.t[ok, 0], result.q[ok, 0]
        gross = welfare.gross_utility_numeric(batch.subset(ok), s, s, t, t, q, q)
        spending = np.sum(result.p[ok] * result.q[ok], axis=1)
        profit = np.sum(result.profit[ok], axis=1)
        columns["s"][ok], columns["t"][ok] = s, t
        columns["consumer_surplus"][ok] = gross - spending
        columns["joint_profit"][ok] = profit
        columns["welfare"][ok] = gross - spending + profit
    columns["ok"] = ok
    columns["reason"] = np.asarray(result.reason).astype(str)
    corner = result.corner if result.corner is not None else np.full(n, "")
    columns["corner"] = np.asarray(corner).astype(str)
    return columns


def _solve(batch: ParamsBatch, regime: str) -> BatchEquilibria:
    """Solve ``regime`` at every point of ``batch`` (the market by the Nash solver)."""
    if regime == Regime.NASH:
        return nash.solve_nash_batch(batch)
    return optima.solve_regime_batch(batch, regime)


def regime_sweep(params: Params, name: str, values: Sequence[float]) -> dict:
    r"""Solve every regime of section 2.2 along a sweep of one parameter.

    For each value of ``name`` (the other parameters at ``params``), the market's
    Bertrand-Nash equilibrium (:func:`isacmodel.solve.nash.solve_nash_batch`) and the
    joint-profit ISA's, the planner's and the colluding ISA's symmetric optima
    (:func:`isacmodel.solve.optima.solve_regime_batch`) are found in one vectorised call
    each.  Welfare is the consumer's gross utility at the regime's quantities minus
    spending (consumer surplus) plus both firms' profits net of investment costs
    (joint profit).

    Parameters
    ----------
    params : Params
        The point swept around; its intercepts must be equal.
    name : str
        One of :data:`~isacmodel.figures.sweeps.SWEEPABLE` (``"a"`` moves both intercepts).
    values : sequence of float
        At least two finite values, each giving admissible parameters.

    Returns
    -------
    dict
        ``"values"`` (the grid, as an array) and, for each regime of
        :data:`SWEEP_REGIMES`, a dict of arrays ``s``, ``t`` (the common sharing and
        investment), ``welfare``, ``consumer_surplus``, ``joint_profit`` (NaN where
        not ``ok``), ``ok``, ``reason`` and ``corner`` (``""`` or the binding
        sharing constraint); and ``"assumption_1"``, whether Assumption 1
        (:math:`\gamma \le \delta_d s + b_2/(2 b_1)`, which the proof of
        Proposition 5 uses) holds at the market equilibrium's sharing (False where
        there is none).

    Raises
    ------
    ValueError
        If ``name`` is not sweepable, ``values`` are not at least two finite
        numbers or give inadmissible parameters, or ``a_i != a_j``.

    Examples
    --------
    >>> data = regime_sweep(Params(), "k", [5.0, 10.0])
    >>> [round(float(x), 3) for x in data["social optimum"]["s"]]
    [1.0, 0.848]
    >>> str(data["social optimum"]["corner"][0])
    's_i = s_j = 1'
    """
    check_name(name, SYMMETRIC_FIRMS)
    check_symmetric(params)
    values = checked_values(values)
    batch = swept_batch(params, name, values)
    data: dict = {"values": values}
    for regime in SWEEP_REGIMES:
        data[regime] = _regime_columns(batch, _solve(batch, regime))
    market = data[Regime.NASH]
    data["assumption_1"] = np.array([
        bool(market["ok"][i]) and batch.params(i).assumption_1(market["s"][i], market["s"][i]).holds
        for i in range(len(values))
    ])  # fmt: skip
    return data


def margin_along(params: Params, name: str, x: np.ndarray, regime: str) -> np.ndarray:
    """Return :func:`~isacmodel.derive.welfare.existence_margin` along ``name`` = ``x``."""
    fields = {field: np.full(len(x), value) for field, value in params.as_dict().items()}
    for field in ("a_i", "a_j") if name == "a" else (name,):
        fields[field] = x
    return np.asarray(welfare.existence_margin(SimpleNamespace(**fields), regime), dtype=float)


def _symmetric_batch(params: Params, n: int) -> ParamsBatch:
    """Return ``params`` repeated ``n`` times."""
    return ParamsBatch(**{field: np.full(n, value) for field, value in params.as_dict().items()})


def ordering_verdict(data: dict, regimes: tuple[str, str, str]) -> str:
    """Say at how many swept values (the last entry excluded) ``s`` and ``t`` are ordered."""
    s_cols = [data[r]["s"][:-1] for r in regimes]
    t_cols = [data[r]["t"][:-1] for r in regimes]
    every = np.isfinite(np.column_stack(s_cols)).all(axis=1)
    ordered = every & (s_cols[0] < s_cols[1]) & (s_cols[1] < s_cols[2])
    ordered &= (t_cols[0] < t_cols[1]) & (t_cols[1] < t_cols[2])
    count = int(every.sum())
    if count == 0:
        return "no swept value has all three"
    if ordered[every].all():
        return f"market < ISA < planner in $s$ and $t$ at all {count} values where all exist"
    verdict = (f"market < ISA < planner in $s$ and $t$ at {int(ordered.sum())} of the "
               f"{count} values where all exist")  # fmt: skip
    unordered = every & ~ordered
    failing = int((unordered & ~data["assumption_1"][:-1]).sum())
    if failing == unordered.sum():
        return verdict + f";\nAssumption 1 fails at the market equilibrium at all {failing} others"
    return verdict + (f";\nAssumption 1 fails at the market equilibrium at {failing} of the "
                      f"{int(unordered.sum())} others")  # fmt: skip


def point_results(params: Params) -> dict[str, Equilibrium | str]:
    """Each regime's result at ``params``, or the reason it has none."""
    solvers = {
        "no sharing": optima.solve_nash_no_sharing,
        Regime.NASH: lambda p: nash.solve_nash(p, check_global=False),
        Regime.JOINT_PROFIT: optima.solve_joint_profit,
        Regime.COLLUSION: optima.solve_collusion,
        Regime.SOCIAL_OPTIMUM: optima.solve_social_optimum,
    }
    results: dict[str, Equilibrium | str] = {}
    for regime, solve in solvers.items():
        try:
            results[regime] = solve(params)
        except EquilibriumError as error:
            results[regime] = str(error)
    return results


def decades(ratio: float) -> int:
    """Return the number of powers of ten needed to reach ``ratio`` (0 if it is at most 1)."""
    return int(np.ceil(np.log10(ratio))) if ratio > 1 else 0


def sign_changes(x: np.ndarray, y: np.ndarray) -> list[float]:
    """Linearly interpolated zeros of ``y`` between consecutive finite points."""
    crossings = []
    for index in range(len(x) - 1):
        y0, y1 = y[index], y[index + 1]
        if np.isfinite(y0) and np.isfinite(y1) and (y0 > 0) != (y1 > 0):
            crossings.append(float(x[index] + (x[index + 1] - x[index]) * y0 / (y0 - y1)))
    return crossings


def boundary_k(namespace: SimpleNamespace, regime: str) -> np.ndarray:
    """Return the ``k`` at which :func:`~isacmodel.derive.welfare.existence_margin` is zero.

    The margin is linear in ``k``: two evaluations give its root.
    """
    at_zero = welfare.existence_margin(SimpleNamespace(**{**vars(namespace), "k": 0.0}), regime)
    at_one = welfare.existence_margin(SimpleNamespace(**{**vars(namespace), "k": 1.0}), regime)
    with np.errstate(all="ignore"):
        return np.asarray(-at_zero / (at_one - at_zero), dtype=float)


def _unbounded_at_sharing(batch: ParamsBatch, regime: str, s: np.ndarray) -> np.ndarray:
    r"""Whether a coordinated regime's objective is unbounded in ``t`` at common sharing ``s``.

    At a fixed ``s`` the objective grows like :math:`c\,(1 - \gamma + \delta_d s)^2 t^2`
    against the cost :math:`k (1 - \rho) t^2` (no saving when :math:`\delta_c s = 0`):
    :func:`~isacmodel.derive.welfare.existence_margin` with :math:`\delta_d s` for
    :math:`\delta_d` and :math:`\delta_c s` for :math:`\delta_c`.
    """
    fields = {**batch.as_dict(), "delta_d": batch.delta_d * s, "delta_c": batch.delta_c * s}
    return ~(np.asarray(welfare.existence_margin(SimpleNamespace(**fields), regime)) > 0)


def held_fixed_curves(
    params: Params,
    n: int = 81,
    s_limits: tuple[float, float] | None = None,
    t_limits: tuple[float, float] | None = None,
) -> dict:
    r"""Each regime's choice of one decision with the other held fixed (Proposition 5's proof).

    For the market, the joint-profit ISA and the planner
    (:data:`isacmodel.solve.optima.PROPOSITION_5_REGIMES`): the common sharing chosen
    at each fixed common investment (:func:`isacmodel.solve.optima.sharing_at_fixed_investment`)
    and the common investment chosen at each fixed common sharing
    (:func:`isacmodel.solve.optima.investment_at_fixed_sharing`; NaN where a coordinated
    regime's objective is unbounded in ``t``), and each regime's optimum.

    Parameters
    ----------
    params : Params
        The point (equal intercepts).
    n : int
        Points per curve (at least 2).
    s_limits, t_limits : tuple of float, optional
        Ranges of sharing and investment; by default ``[0, 1.02]`` and
        ``[0, 1.2 t*]``, ``t*`` the planner's optimal investment.

    Returns
    -------
    dict
        ``"regimes"``; ``"optimum"``: regime -> ``(s*, t*)``; ``"s_limits"``,
        ``"t_limits"``; the grids ``"t_grid"``, ``"s_grid"`` ``(n,)``; and
        ``"sharing"``, ``"investment"``: regime -> curve ``(n,)``.

    Raises
    ------
    ValueError
        If the intercepts differ or ``n < 2``.
    """
    check_symmetric(params)
    if n < 2:
        raise ValueError(f"n must be at least 2 (got n={n})")
    regimes = optima.PROPOSITION_5_REGIMES
    one = _symmetric_batch(params, 1)
    optimum = {}
    for regime in regimes:
        result = _solve(one, regime)
        optimum[regime] = (float(result.s[0, 0]), float(result.t[0, 0]))
    if t_limits is None:
        t_star = optimum[Regime.SOCIAL_OPTIMUM][1]
        if not np.isfinite(t_star):
            t_star = np.nanmax([point[1] for point in optimum.values()] + [0.0]) or 1.0
        t_limits = (0.0, 1.2 * t_star)
    s_limits = (0.0, 1.02) if s_limits is None else s_limits

    batch = _symmetric_batch(params, n)
    t_grid = np.linspace(max(t_limits[0], 0.0), t_limits[1], n)
    s_grid = np.linspace(max(s_limits[0], 0.0), min(s_limits[1], 1.0), n)
    sharing, investment = {}, {}
    for regime in regimes:
        sharing[regime] = optima.sharing_at_fixed_investment(batch, regime, t_grid)
        curve = np.asarray(optima.investment_at_fixed_sharing(batch, regime, s_grid), float)
        if regime != Regime.NASH:
            curve = np.where(_unbounded_at_sharing(batch, regime, s_grid), np.nan, curve)
        investment[regime] = curve
    return {"regimes": regimes, "optimum": optimum, "s_limits": s_limits, "t_limits": t_limits,
            "t_grid": t_grid, "s_grid": s_grid, "sharing": sharing,
            "investment": investment}  # fmt: skip


def missing_runs(
    params: Params, name: str, values: np.ndarray, regime: str, scale: float = 1.0
) -> tuple[list[tuple[float, float]], float]:
    """Ranges of ``name``/``scale`` over ``values``'s span where ``regime``'s optimum is missing.

    Returns
    -------
    runs : list of (float, float)
        The ranges, from :func:`margin_along` on a grid of 801 points, divided by ``scale``.
    width : float
        The whole span divided by ``scale``.
    """
    fine = np.linspace(float(np.min(values)), float(np.max(values)), 801)
    missing = ~(margin_along(params, name, fine, regime) > 0)
    return intervals(fine / scale, missing), (fine[-1] - fine[0]) / scale


def existence_regions(
    params: Params, varied: str, x_grid: np.ndarray, k_grid: np.ndarray
) -> tuple[np.ndarray, dict[str, np.ndarray]]:
    """Where the planner's and the joint-profit ISA's optima exist, over ``(x, k)``.

    Parameters
    ----------
    params : Params
        The other parameters.
    varied : str
        ``"b2"`` (``x_grid`` is then :math:`b_2/b_1`) or ``"rho"``.
    x_grid, k_grid : numpy.ndarray
        The two axes.

    Returns
    -------
    code : numpy.ndarray
        ``(len(k_grid), len(x_grid))``: 2 where the planner's optimum exists, 1 where
        only the ISA's does, 0 where neither.
    boundaries : dict
        Regime -> the boundary ``k`` along ``x_grid`` (:func:`boundary_k`), for the
        planner, the joint-profit ISA and the colluding ISA.
    """
    base = params.as_dict()
    column = x_grid * params.b1 if varied == "b2" else x_grid
    line = SimpleNamespace(**{**base, varied: column})
    grid = SimpleNamespace(**{**base, varied: column[None, :], "k": k_grid[:, None]})
    exists = {r: np.asarray(welfare.existence_margin(grid, r)) > 0
              for r in (Regime.SOCIAL_OPTIMUM, Regime.JOINT_PROFIT)}  # fmt: skip
    code = np.where(exists[Regime.SOCIAL_OPTIMUM], 2, np.where(exists[Regime.JOINT_PROFIT], 1, 0))
    regimes = (Regime.SOCIAL_OPTIMUM, Regime.JOINT_PROFIT, Regime.COLLUSION)
    return code, {regime: boundary_k(line, regime) for regime in regimes}
