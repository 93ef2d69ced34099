r"""The data of section 4's figures: volume-related security costs; no plotting.

In section 4 firm ``i``'s marginal cost is :math:`(c - \hat\delta\, t_j s_j)\,\phi(t_i)`
with :math:`\phi(t) = 1 + t^2/2`, and there is no fixed-cost spillover
(:math:`\delta_c = 0`).  The solvers are in :mod:`isacmodel.solve.volume`; the
functions here tabulate what :mod:`isacmodel.figures.volume` draws (see its
docstring for what each figure shows).

>>> counts = sign_map_counts(Params(), n=21)
>>> counts["sharing rises"], counts["no sharing"] + counts["sharing and investment fall"]
(0, 441)
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from numpy.typing import ArrayLike

from isacmodel.core.params import Params, ParamsBatch
from isacmodel.figures.sweeps import (
    checked_levels,
    checked_n,
    checked_symmetric,
    checked_values,
    point_batch,
)
from isacmodel.solve import nash, volume
from isacmodel.solve.results import BatchEquilibria

__all__ = [
    "DEFAULT_SIGN_MAP_PARAMS",
    "NO_SHARING",
    "REACTION_PARAMS",
    "SIGN_CATEGORIES",
    "change_summary",
    "checked_params",
    "fixed_vs_volume_data",
    "investment_verdict",
    "point_equilibrium",
    "reaction_curves",
    "section_batch",
    "sharing_verdict",
    "sign_map_counts",
    "sign_map_data",
    "sign_map_title",
    "slope_verdict",
    "volume_paths",
]

#: Categories of :func:`sign_map_data`, in the order of their codes.
SIGN_CATEGORIES = (
    "no sharing",
    "full sharing",
    "sharing and investment fall",
    "sharing falls, investment rises",
    "sharing rises",
    "no equilibrium",
    "response undetermined",
)

NO_SHARING = "s_i = s_j = 0"
#: Statuses of :func:`isacmodel.solve.volume.best_response_batch` without a response.
_NO_RESPONSE = (volume.NO_SALE, volume.NEGATIVE_COST)
_FULL_SHARING = "s_i = s_j = 1"


#: The default points of the sign map: the baseline and cheap investment.
DEFAULT_SIGN_MAP_PARAMS = (Params(), Params().replace(k=1.0))
#: The default point of the reaction curves: sharing interior at a small and a large delta_hat.
REACTION_PARAMS = Params().replace(gamma3=0.02, delta_d=0.5)


def checked_params(params: object, what: str = "params") -> Params:
    """Return ``params`` (``Params()`` if None), rejecting other types and asymmetric firms."""
    return checked_symmetric(params, "section 4 is solved for symmetric firms only", what)


def section_batch(params: Params, *, section_4: bool = False, **grids: np.ndarray) -> ParamsBatch:
    """Return ``params`` with some fields set to equal-length arrays; ValueError if inadmissible.

    With ``section_4``, ``delta_c`` is set to 0 (section 4 has no fixed-cost spillover).
    """
    size = len(next(iter(grids.values())))
    fields = {name: np.full(size, value) for name, value in params.as_dict().items()}
    if section_4:
        fields["delta_c"] = np.zeros(size)
    fields.update(grids)
    batch = ParamsBatch(**fields)
    problems = batch.violations()
    bad = np.flatnonzero(problems != "")
    if bad.size:
        where = ", ".join(f"{name}={grids[name][bad[0]]:g}" for name in grids)
        raise ValueError(f"{where} gives inadmissible parameters: {problems[bad[0]]}")
    return batch


def _solve_grid(params: Params, delta_d: np.ndarray, delta_hat: np.ndarray) -> BatchEquilibria:
    """Section 4's equilibria at the pairs ``(delta_d, delta_hat)`` (``delta_c = 0``)."""
    return volume.solve_volume_nash_batch(
        section_batch(params, section_4=True, delta_d=delta_d, delta_hat=delta_hat)
    )


def _threshold(params: Params, delta_d: ArrayLike, delta_hat: ArrayLike) -> np.ndarray:
    r"""Return :math:`\delta_d - b_1\hat\delta\phi(t^*)` at the equilibrium (NaN where none)."""
    delta_d, delta_hat = np.broadcast_arrays(np.asarray(delta_d, float), np.asarray(delta_hat))
    result = _solve_grid(params, delta_d, delta_hat.astype(float))
    return delta_d - params.b1 * delta_hat * volume.phi_numeric(result.t[:, 0])


def _zero_sharing(params: Params, delta_d: np.ndarray, x: np.ndarray,
                  threshold: np.ndarray, steps: int = 40) -> np.ndarray:  # fmt: skip
    r"""Return the :math:`\hat\delta` where the threshold turns non-positive, per row.

    The first pair of neighbouring grid values (``x`` increasing) with a solved
    equilibrium at both, the threshold positive at the first and not at the
    second, brackets the crossing; bisection refines it (linear interpolation
    on the bracket where an equilibrium is missing inside it).  NaN where there
    is no such pair: sharing is positive on the whole grid, zero from its
    start, or the crossing falls where there is no equilibrium.
    """
    out = np.full(len(delta_d), np.nan)
    rows, low, high, start, end = [], [], [], [], []
    for row, values in enumerate(threshold):
        crossing = np.flatnonzero((values[:-1] > 0) & (values[1:] <= 0))
        if crossing.size:
            k = crossing[0]
            rows.append(row)
            low.append(x[k])
            high.append(x[k + 1])
            start.append(values[k])
            end.append(values[k + 1])
    if not rows:
        return out
    rows, low, high = np.array(rows), np.array(low), np.array(high)
    start, end = np.array(start), np.array(end)
    interpolated = low + (high - low) * start / (start - end)
    solved = np.ones(len(rows), dtype=bool)
    for _ in range(steps):
        middle = (low + high) / 2
        value = _threshold(params, delta_d[rows], middle)
        solved &= np.isfinite(value)
        low = np.where(solved & (value > 0), middle, low)
        high = np.where(solved & ~(value > 0), middle, high)
    out[rows] = np.where(solved, (low + high) / 2, interpolated)
    return out


def _no_sharing_investment(params: Params) -> float:
    r"""Return the symmetric investment :math:`t_0` without sharing (NaN if none).

    With :math:`s_i = s_j = 0` neither spillover enters firm ``i``'s payoff, so
    :math:`t_0` is the same for every :math:`(\delta_d, \hat\delta)`; at
    :math:`\delta_d = 0` firms never share.
    """
    result = _solve_grid(params, np.zeros(1), np.array([params.delta_hat]))
    return float(result.t[0, 0]) if result.corner[0] == NO_SHARING else np.nan


def change_summary(y: np.ndarray) -> str:
    """Return the change from the first to the last finite value, with its relative size."""
    finite = y[np.isfinite(y)]
    if finite.size < 2:
        return "n/a"
    change = finite[-1] - finite[0]
    if finite[0] == 0:
        return f"{change:+.2g}"
    percent = 100 * change / finite[0]
    digits = ".0f" if abs(percent) >= 10 else ".2g"
    return f"{change:+.2g}, {percent:+{digits}}%"


def point_equilibrium(params: Params) -> BatchEquilibria:
    """Section 4's equilibrium at ``params`` itself (its own delta_d and delta_hat)."""
    return _solve_grid(params, np.array([params.delta_d]), np.array([params.delta_hat]))


def volume_paths(
    params: Params | None, delta_hat_values: Sequence[float], delta_d_values: Sequence[float]
) -> dict:
    r"""Solve section 4's symmetric equilibrium along :math:`\hat\delta` for each :math:`\delta_d`.

    Parameters
    ----------
    params : Params or None
        The other parameters (symmetric firms; ``None`` is the baseline).
        ``delta_c`` is set to 0 (section 4 has no fixed-cost spillover).
    delta_hat_values : sequence of float
        At least two finite non-negative values of :math:`\hat\delta` (sorted here).
    delta_d_values : sequence of float
        One or more values of :math:`\delta_d` in :math:`[0, 1]`.

    Returns
    -------
    dict
        ``"delta_hat"`` (the sorted grid, ``(m,)``), ``"delta_d"`` (``(l,)``), and
        arrays of shape ``(l, m)``: ``s``, ``t`` (NaN where there is no
        equilibrium), ``ds``, ``dt`` (:math:`ds^*/d\hat\delta`, :math:`dt^*/d\hat\delta`,
        :func:`isacmodel.solve.volume.statics_delta_hat`), ``ok``, ``reason``, ``corner``
        and ``threshold`` (:math:`\delta_d - b_1\hat\delta\phi(t^*)`, positive exactly
        where firms share); and ``"zero_sharing"`` (``(l,)``): the :math:`\hat\delta`
        where the threshold, hence sharing, first reaches zero, refined by
        bisection between neighbouring solved grid points (NaN where sharing
        stays positive on the grid, is zero from its start, or reaches zero
        next to a grid value without an equilibrium).

    Raises
    ------
    ValueError
        If the grids are not finite numbers (two or more values of
        :math:`\hat\delta`), give inadmissible parameters, or ``params`` is not a
        symmetric :class:`~isacmodel.Params`.

    Examples
    --------
    >>> data = volume_paths(Params(), [0.0, 0.1, 0.2, 0.3], [0.25])
    >>> [round(float(s), 4) for s in data["s"][0]]
    [0.0461, 0.0275, 0.0091, 0.0]
    >>> round(float(data["zero_sharing"][0]), 4)
    0.2494
    """
    params = checked_params(params)
    x = np.sort(checked_values(delta_hat_values, "delta_hat_values"))
    levels = checked_levels(delta_d_values, "delta_d_values")
    dd, dh = (grid.ravel() for grid in np.meshgrid(levels, x, indexing="ij"))
    batch = section_batch(params, section_4=True, delta_d=dd, delta_hat=dh)
    result = volume.solve_volume_nash_batch(batch)
    s, t, ok = result.s[:, 0], result.t[:, 0], result.ok
    statics = np.full((dd.size, 2), np.nan)
    if ok.any():
        statics[ok] = volume.statics_delta_hat(batch.subset(ok), s[ok], t[ok], result.corner[ok])
    shape = (len(levels), len(x))
    data = {
        "delta_hat": x,
        "delta_d": levels,
        "s": s.reshape(shape),
        "t": t.reshape(shape),
        "ds": statics[:, 0].reshape(shape),
        "dt": statics[:, 1].reshape(shape),
        "ok": ok.reshape(shape),
        "reason": np.asarray(result.reason).astype(str).reshape(shape),
        "corner": np.asarray(result.corner).astype(str).reshape(shape),
        "threshold": (dd - params.b1 * dh * volume.phi_numeric(t)).reshape(shape),
    }
    data["zero_sharing"] = _zero_sharing(params, levels, x, data["threshold"])
    return data


def _direction(slopes: np.ndarray) -> str:
    """Say how a quantity moves from the signs of its ``slopes`` at the interior points."""
    if np.all(slopes < 0):
        return "falls"
    if np.all(slopes > 0):
        return "rises"
    return f"rises at {int(np.sum(slopes > 0))} of {slopes.size} interior points"


def investment_verdict(data: dict, interior: np.ndarray) -> str:
    """Title of the investment panel: the sign of dt/d hat_delta where sharing is interior."""
    dt = data["dt"][interior]
    none = data["ok"] & (data["corner"] == NO_SHARING)
    flat = "\n(and does not depend on $\\hat\\delta$ without sharing)" if none.any() else ""
    if dt.size == 0:
        return "Investment: no interior equilibrium on the grid"
    return f"Investment {_direction(dt)} in $\\hat\\delta$ where sharing is interior{flat}"


def sharing_verdict(data: dict, interior: np.ndarray) -> str:
    """Title of the sharing panel: the sign of ds/d hat_delta where sharing is interior."""
    ds = data["ds"][interior]
    if ds.size == 0:
        return "Sharing: no interior equilibrium on the grid"
    verb = _direction(ds)
    zeros = data["zero_sharing"][np.isfinite(data["zero_sharing"])]
    reach = ""
    if zeros.size:
        reach = "\nand reaches zero at $\\hat\\delta$ = " + ", ".join(f"{z:.3g}" for z in zeros)
    return f"Sharing {verb} in $\\hat\\delta$ wherever it is interior{reach}"


def sign_map_data(params: Params | None = None, n: int = 61) -> dict:
    r"""Classify section 4's equilibria over :math:`\delta_d, \hat\delta \in [0, 1]`.

    Each cell of an ``n`` by ``n`` grid gets one of :data:`SIGN_CATEGORIES`, from
    :func:`isacmodel.solve.volume.sign_map`: no sharing (:math:`s^* = 0`), full sharing
    (:math:`s^* = 1`), interior sharing with :math:`ds^*/d\hat\delta \le 0` and
    :math:`dt^*/d\hat\delta \le 0` ("sharing and investment fall") or
    :math:`dt^*/d\hat\delta > 0` ("sharing falls, investment rises"),
    :math:`ds^*/d\hat\delta > 0` ("sharing rises"), no stable symmetric equilibrium,
    and an interior equilibrium whose responses are not finite ("response
    undetermined"; none has been seen).

    Parameters
    ----------
    params : Params, optional
        The other parameters (symmetric firms); the baseline by default.
    n : int
        Grid points per axis (at least 5).

    Returns
    -------
    dict
        ``"map"``: the dict of :func:`isacmodel.solve.volume.sign_map` (arrays of shape
        ``(n, n)``, rows :math:`\hat\delta`, columns :math:`\delta_d`);
        ``"delta_d"``, ``"delta_hat"``: the two axes ``(n,)``; ``"category"``:
        codes ``(n, n)`` indexing :data:`SIGN_CATEGORIES`; ``"counts"``:
        category -> number of cells; ``"investment_rises_at_full_sharing"``: cells
        at full sharing where :math:`dt^*/d\hat\delta > 0`; ``"t0"``: the
        investment without sharing (NaN if that equilibrium does not exist);
        ``"ratio"``: :math:`b_1\phi(t_0)`; ``"ratio_rule_holds"``: whether firms
        share at exactly the solved cells where :math:`\delta_d > b_1\phi(t_0)\,\hat\delta`.

    Raises
    ------
    ValueError
        If ``params`` is not a symmetric :class:`~isacmodel.Params` or ``n`` is
        not an integer of at least 5.
    RuntimeError
        If the solver reports a corner other than no or full sharing (a cell
        would fall in no category).
    """
    params = checked_params(params)
    n = checked_n(n)
    grid = np.linspace(0.0, 1.0, n)
    found = volume.sign_map(params, grid, grid)
    ok, corner = found["ok"], np.asarray(found["corner"]).astype(str)
    ds, dt = found["ds"], found["dt"]
    interior = ok & (corner == "")
    signed = interior & np.isfinite(ds) & np.isfinite(dt)
    masks = {
        "no sharing": ok & (corner == NO_SHARING),
        "full sharing": ok & (corner == _FULL_SHARING),
        "sharing and investment fall": signed & (ds <= 0) & (dt <= 0),
        "sharing falls, investment rises": signed & (ds <= 0) & (dt > 0),
        "sharing rises": signed & (ds > 0),
        "no equilibrium": ~ok,
        "response undetermined": interior & ~signed,
    }
    category = np.full(ok.shape, -1)
    for code, name in enumerate(SIGN_CATEGORIES):
        category[masks[name]] = code
    if np.any(category < 0):  # a corner solve_volume_nash_batch does not report
        raise RuntimeError(f"unclassified cells with corners {set(corner[category < 0])}")
    t0 = _no_sharing_investment(params)
    ratio = float(params.b1 * volume.phi_numeric(t0))
    above = found["delta_d"] > ratio * found["delta_hat"]
    return {
        "map": found,
        "delta_d": grid,
        "delta_hat": grid,
        "category": category,
        "counts": {name: int(masks[name].sum()) for name in SIGN_CATEGORIES},
        "investment_rises_at_full_sharing": int(np.sum(masks["full sharing"] & (dt > 0))),
        "t0": t0,
        "ratio": ratio,
        "ratio_rule_holds": bool(np.isfinite(ratio) and np.all((found["s"] > 0)[ok] == above[ok])),
    }


def sign_map_counts(params: Params | None = None, n: int = 61) -> dict[str, int]:
    """Return the number of cells of each category of :func:`sign_map_data`.

    Parameters
    ----------
    params, n
        As :func:`sign_map_data`.

    Returns
    -------
    dict of str to int
        Every name of :data:`SIGN_CATEGORIES`, in that order; the counts add up
        to ``n * n``.

    Raises
    ------
    ValueError
        As :func:`sign_map_data`.
    """
    return sign_map_data(params, n)["counts"]


def sign_map_title(params: Params, data: dict) -> str:
    """Title of one panel of the sign map: where firms share, and how sharing responds."""
    counts = data["counts"]
    interior = counts["sharing and investment fall"] + counts["sharing falls, investment rises"]
    interior += counts["sharing rises"]
    head = rf"$c = {params.c:g}$, $k = {params.k:g}$"
    if data["ratio_rule_holds"]:
        head += rf": firms share exactly where $\delta_d/\hat\delta > {data['ratio']:.4g}$"
        if counts["no equilibrium"]:
            head += "\n(where an equilibrium exists)"
    else:
        head += ": firms share right of the black curve"
    if counts["sharing rises"] == 0:
        tail = f"interior sharing falls in $\\hat\\delta$ in all {interior} interior cells"
    else:
        tail = f"sharing rises in {counts['sharing rises']} of {interior} interior cells"
    return f"{head}\n{tail}"


def reaction_curves(
    params: Params | None = None, delta_hat_values: Sequence[float] = (0.05, 1.0), n: int = 101
) -> dict:
    r"""Firm i's sharing reaction function and its slope for each :math:`\hat\delta`.

    Parameters
    ----------
    params : Params, optional
        The other parameters (symmetric firms); by default :data:`REACTION_PARAMS`
        (``Params().replace(gamma3=0.02, delta_d=0.5)``), where sharing is interior
        at :math:`\hat\delta = 0.05` and, for most :math:`s_j`, at 1.
    delta_hat_values : sequence of float
        One or more non-negative values of :math:`\hat\delta`.
    n : int
        Points per curve (at least 5).

    Returns
    -------
    dict
        ``"params"``, ``"values"`` (the :math:`\hat\delta` values), ``"small"`` (the
        smallest), ``"s_star"``, ``"t_star"`` (the symmetric equilibrium there),
        ``"s_j"`` ``(n,)``; and per value, lists of arrays ``(n,)``: ``"s_i"`` (the
        global best sharing), ``"slope"`` (:math:`\partial s_i/\partial s_j`, NaN
        where firm i has no response), ``"at_corner"``; and ``"interior_slopes"``.

    Raises
    ------
    ValueError
        If ``params`` is not a symmetric :class:`~isacmodel.Params`, the values are
        not finite non-negative numbers, or ``n`` is not an integer of at least 5.
    EquilibriumError
        If there is no symmetric equilibrium at the smallest :math:`\hat\delta`.
    """
    params = REACTION_PARAMS if params is None else checked_params(params)
    values = checked_levels(delta_hat_values, "delta_hat_values")
    if np.any(values < 0):
        raise ValueError(f"delta_hat_values must be non-negative (got {values[values < 0][0]:g})")
    n = checked_n(n)
    small = float(values.min())
    eq = volume.solve_volume_nash(params.replace(delta_hat=small), check_global=False)
    s_star, t_star = eq.s[0], eq.t[0]
    s_j = np.linspace(0.0, 1.0, n)
    t_j = np.full(n, t_star)
    curves: dict[str, list[np.ndarray]] = {"s_i": [], "slope": [], "at_corner": [],
                                           "interior_slopes": []}  # fmt: skip
    for delta_hat in values:
        batch = point_batch(params.replace(delta_hat=float(delta_hat)), n)
        s_i, t_i, corner = volume.best_response_batch(batch, s_j, t_j)
        slope = volume.reaction_slopes(batch, s_i, t_i, s_j, t_j, corner)[:, 0, 0]
        sells = ~np.isin(corner, _NO_RESPONSE)
        slope = np.where(sells, slope, np.nan)
        at_corner = sells & (np.char.find(corner.astype(str), "s_i =") >= 0)
        for key, value in (("s_i", s_i), ("slope", slope), ("at_corner", at_corner),
                           ("interior_slopes", slope[sells & ~at_corner])):  # fmt: skip
            curves[key].append(value)
    return {"params": params, "values": values, "small": small, "s_star": s_star,
            "t_star": t_star, "s_j": s_j, **curves}  # fmt: skip


def slope_verdict(values: np.ndarray, slopes: list[np.ndarray]) -> str:
    """Title of the slope panel: the sign of the interior slope along each curve."""
    parts = []
    for delta_hat, slope in zip(values, slopes, strict=True):
        slope = slope[np.isfinite(slope)]
        if slope.size == 0:
            parts.append(rf"$\hat\delta = {delta_hat:g}$: no interior point")
            continue
        sign = "up" if np.all(slope > 0) else "down" if np.all(slope < 0) else "up and down"
        parts.append(rf"$\hat\delta = {delta_hat:g}$: slopes {sign} "
                     f"({slope.min():.3g} to {slope.max():.3g})")  # fmt: skip
    return "Slope where sharing is interior:\n" + "\n".join(parts)


def fixed_vs_volume_data(
    params: Params | None = None,
    delta_c_values: Sequence[float] | None = None,
    delta_hat_values: Sequence[float] | None = None,
) -> dict:
    r"""Section 2's equilibria along :math:`\delta_c` and section 4's along :math:`\hat\delta`.

    Parameters
    ----------
    params : Params, optional
        The point (symmetric firms); the baseline by default.  Section 2 ignores
        ``c`` and ``delta_hat``; section 4 ignores ``delta_c`` and ``rho``.
    delta_c_values : sequence of float, optional
        At least two values in :math:`[0, 1]`; by default 21 from 0 to 1.
    delta_hat_values : sequence of float, optional
        At least two non-negative values; by default 26 from 0 to 0.5.

    Returns
    -------
    dict
        ``"params"``; ``"x2"``, ``"x4"`` (the sorted grids); ``"section2"``,
        ``"section4"`` (the batch results); ``"paths"`` (:func:`volume_paths` at
        ``params.delta_d``); ``"assumptions"`` (Assumption 1 or 2 fails at the
        section-2 equilibrium).

    Raises
    ------
    ValueError
        If ``params`` is not a symmetric :class:`~isacmodel.Params` or a grid is
        not at least two finite numbers giving admissible parameters.
    """
    params = checked_params(params)
    if delta_c_values is None:
        delta_c_values = np.linspace(0.0, 1.0, 21)
    if delta_hat_values is None:
        delta_hat_values = np.linspace(0.0, 0.5, 26)
    x2 = np.sort(checked_values(delta_c_values, "delta_c_values"))
    x4 = np.sort(checked_values(delta_hat_values, "delta_hat_values"))
    section2 = nash.solve_nash_batch(section_batch(params, delta_c=x2))
    section4 = volume.solve_volume_nash_batch(section_batch(params, section_4=True, delta_hat=x4))
    paths = volume_paths(params, x4, [params.delta_d])
    assumptions = assumptions_fail(params, x2, section2)

    return {"params": params, "x2": x2, "x4": x4, "section2": section2, "section4": section4,
            "paths": paths, "assumptions": assumptions}  # fmt: skip


def assumptions_fail(params: Params, x: np.ndarray, result: BatchEquilibria) -> np.ndarray:
    """Whether Assumption 1 or 2 fails at each section-2 equilibrium (False where none)."""
    fails = np.zeros(len(x), dtype=bool)
    for index in np.flatnonzero(result.ok):
        point = params.replace(delta_c=float(x[index]))
        s, t = float(result.s[index, 0]), float(result.t[index, 0])
        checks = (point.assumption_1(min(max(s, 0.0), 1.0), min(max(s, 0.0), 1.0)),
                  *point.assumption_2(max(t, 0.0)))  # fmt: skip
        fails[index] = not all(check.holds for check in checks)
    return fails
