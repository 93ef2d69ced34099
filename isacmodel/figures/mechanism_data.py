r"""The data of Appendix B's figures: the subsidy-tax scheme, tabulated; no plotting.

The government pays firm ``i`` the subsidy :math:`B_i = CS + \pi_j` and taxes it the
lump sum :math:`T = B_i` at the symmetric welfare optimum (36); the solvers are in
:mod:`isacmodel.solve.mechanism`.  The functions here tabulate what
:mod:`isacmodel.figures.mechanism` draws (see its docstring for what each shows).

>>> data = payoff_maps(Params(), n=21)
>>> [round(x, 3) for x in data["best_with"]], [round(x, 3) for x in data["optimum"]]
([0.848, 0.302], [0.848, 0.302])
>>> [round(x, 3) for x in data["best_without"]]
[0.057, 0.086]
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np
from scipy.optimize import minimize

from isacmodel.core import model
from isacmodel.core.params import Params
from isacmodel.core.regimes import Regime
from isacmodel.derive import welfare
from isacmodel.figures.sweeps import (
    check_name,
    checked_levels,
    checked_n,
    checked_symmetric,
    checked_values,
    default_values,
    swept_batch,
)
from isacmodel.solve import mechanism, nash, optima

__all__ = [
    "HIGH",
    "LOW",
    "checked_params",
    "coincides",
    "outlay_sweep",
    "outlay_verdict",
    "payoff_maps",
    "report_curves",
    "reports_verdict",
]

#: Relative slack of "no unilateral deviation raises welfare" (as in the claims registry).
_SLACK = 1e-9
#: Default private-information support of :func:`report_curves`.
LOW, HIGH = 0.3, 0.7


def checked_params(params: object) -> Params:
    """Return ``params`` (``Params()`` if None), rejecting other types and asymmetric firms."""
    why = "the tax (36) is set at the symmetric welfare optimum, defined for symmetric firms only"
    return checked_symmetric(params, why)


def _refined_max(
    objective: Callable[[float, float], float],
    s: np.ndarray,
    t: np.ndarray,
    values: np.ndarray,
) -> tuple[float, float]:
    """Return the maximiser of ``objective(s_i, t_i)``: the grid's best point, refined.

    ``values`` is ``objective`` on the grid (rows ``t``, columns ``s``); bounded
    quasi-Newton steps (L-BFGS-B) start from its largest entry and stay inside the
    grid's box.  The grid point is kept if the steps do not improve on it.
    """
    row, column = np.unravel_index(np.nanargmax(values), values.shape)
    start = np.array([s[column], t[row]])
    box = [(float(s[0]), float(s[-1])), (float(t[0]), float(t[-1]))]

    def negative(x: np.ndarray) -> float:
        """Return minus the objective at ``x`` clipped into the box."""
        return -float(objective(min(max(x[0], box[0][0]), box[0][1]),
                                min(max(x[1], box[1][0]), box[1][1])))  # fmt: skip

    found = minimize(negative, start, method="L-BFGS-B", bounds=box,
                     options={"ftol": 1e-15, "gtol": 1e-10, "maxiter": 500})  # fmt: skip
    best = found.x if found.fun <= negative(start) else start
    return float(best[0]), float(best[1])


def _checked_nodes(nodes: object) -> int:
    """Return ``nodes`` as an int; ValueError unless it is a positive integer."""
    if isinstance(nodes, bool) or not isinstance(nodes, int | np.integer) or nodes < 1:
        raise ValueError(f"nodes must be an integer of at least 1 (got nodes={nodes!r})")
    return int(nodes)


def _checked_support(low: object, high: object) -> tuple[float, float]:
    """Return ``(low, high)`` as floats; ValueError unless ``0 <= low < high <= 1``."""
    try:
        low, high = float(low), float(high)
    except (TypeError, ValueError):
        raise ValueError(f"low and high must be numbers (got low={low!r}, high={high!r})") from None
    if not (np.isfinite(low) and np.isfinite(high) and 0 <= low < high <= 1):
        raise ValueError(
            f"the types' support needs 0 <= low < high <= 1 (got low={low:g}, high={high:g})"
        )
    return low, high


def _inside(values: np.ndarray, low: float, high: float, what: str) -> np.ndarray:
    """Return ``values``; ValueError if one lies outside ``[low, high]``."""
    outside = (values < low) | (values > high)
    if outside.any():
        raise ValueError(
            f"{what} must lie in [low, high] = [{low:g}, {high:g}] (got {values[outside][0]:g})"
        )
    return values


def payoff_maps(params: Params | None = None, n: int = 61) -> dict:
    r"""Tabulate firm i's objective without and with the scheme, the rival at the optimum.

    Over firm ``i``'s own sharing :math:`s_i \in [0, 1]` and investment
    :math:`t_i \in [0, 2.5\,t^{SW} + 0.2]`, the rival held at the symmetric welfare
    optimum :math:`(s^{SW}, t^{SW})` (:func:`isacmodel.solve.optima.solve_social_optimum`):
    firm ``i``'s payoff (4) (:func:`isacmodel.core.model.profit_numeric`), and its
    payoff plus subsidy minus tax :math:`\pi_i + B_i - T`, which equals
    :math:`W - T`.  Each maximiser is the grid's best point refined by bounded
    quasi-Newton steps: without the scheme it is firm ``i``'s market best response
    to the optimum (:func:`isacmodel.solve.nash.best_response`), with it the optimum itself.

    Parameters
    ----------
    params : Params, optional
        The parameter point (symmetric firms); the baseline by default.
    n : int
        Grid points per axis (at least 5).

    Returns
    -------
    dict
        ``"s"``, ``"t"``: the axes ``(n,)``; ``"without"``, ``"with"``: the two
        objectives ``(n, n)`` (rows :math:`t_i`, columns :math:`s_i`);
        ``"optimum"``: :math:`(s^{SW}, t^{SW})`; ``"tax"``: :math:`T`;
        ``"best_without"``, ``"best_with"``: the maximisers :math:`(s_i, t_i)`;
        ``"value_without"``, ``"value_with"``: the objectives there.

    Raises
    ------
    ValueError
        If ``params`` is not a symmetric :class:`~isacmodel.Params` or ``n`` is not
        an integer of at least 5.
    EquilibriumError
        If the welfare optimum does not exist (welfare is unbounded).
    """
    params = checked_params(params)
    n = checked_n(n)
    optimum = optima.solve_social_optimum(params)
    s_opt, t_opt = optimum.s[0], optimum.t[0]
    lump = mechanism.tax(params)
    s = np.linspace(0.0, 1.0, n)
    t = np.linspace(0.0, 2.5 * t_opt + 0.2, n)
    s_mesh, t_mesh = np.meshgrid(s, t)

    def without(s_i: float | np.ndarray, t_i: float | np.ndarray) -> float | np.ndarray:
        """Return firm i's payoff, the rival at the optimum."""
        return model.profit_numeric(params, s_i, s_opt, t_i, t_opt)

    def with_scheme(s_i: float | np.ndarray, t_i: float | np.ndarray) -> float | np.ndarray:
        """Return firm i's payoff plus subsidy minus tax."""
        return without(s_i, t_i) + mechanism.subsidy_numeric(params, s_i, s_opt, t_i, t_opt) - lump

    maps = {"without": without(s_mesh, t_mesh), "with": with_scheme(s_mesh, t_mesh)}
    best_without = _refined_max(without, s, t, maps["without"])
    best_with = _refined_max(with_scheme, s, t, maps["with"])
    return {
        "s": s,
        "t": t,
        **maps,
        "optimum": (float(s_opt), float(t_opt)),
        "tax": lump,
        "best_without": best_without,
        "best_with": best_with,
        "value_without": float(without(*best_without)),
        "value_with": float(with_scheme(*best_with)),
    }


def coincides(point: Sequence[float], other: Sequence[float], s: np.ndarray, t: np.ndarray) -> bool:
    """Whether two points are within one grid step of each other in both coordinates."""
    return abs(point[0] - other[0]) <= s[1] - s[0] and abs(point[1] - other[1]) <= t[1] - t[0]


def report_curves(
    params: Params | None = None,
    low: float = LOW,
    high: float = HIGH,
    types: Sequence[float] = (0.35, 0.5, 0.65),
    reports: Sequence[float] | None = None,
    nodes: int = 4,
) -> dict:
    r"""Tabulate each type's expected objective against its report of the cost spillover.

    Each firm's cost spillover :math:`\delta_c^i` is private, uniform on
    ``[low, high]``; the rival reports truthfully.  Firm ``i``'s expected objective
    (38) with true type :math:`\theta` and report :math:`r` is
    :math:`V(\theta, r) = A(\theta) - E[\hat T_i(r, \theta_j)]`
    (:func:`isacmodel.solve.mechanism.expected_payoff`): only the expected tax
    (:func:`isacmodel.solve.mechanism.expected_tax`) depends on the report, and not on
    the type.  So the expected tax is computed once per report and
    :math:`A(\theta)` once per type (from one call of ``expected_payoff``), and the
    curves of the types are vertical shifts of one another: every type has the
    same best report.  At the baseline the expected tax rises in the report and
    the best report is the lowest, ``low``, for every type.

    Parameters
    ----------
    params : Params, optional
        The other parameters (symmetric firms; ``delta_c`` is replaced by the
        types); the baseline by default.
    low, high : float
        Support of the types, ``0 <= low < high <= 1``.
    types : sequence of float
        True types (one curve each), in ``[low, high]``.
    reports : sequence of float, optional
        At least two reports in ``[low, high]`` (sorted here); by default 7 values
        from ``low`` to ``high``.
    nodes : int
        Gauss-Legendre nodes of the expectation over the rival's type (each
        expected tax solves ``nodes`` welfare optima).

    Returns
    -------
    dict
        ``"reports"`` ``(m,)``, ``"types"`` ``(l,)``; ``"expected_tax"`` ``(m,)``;
        ``"payoff"`` ``(l, m)``: :math:`V(\theta, r)`; ``"truthful_payoff"`` ``(l,)``:
        :math:`V(\theta, \theta)`; ``"best_report"``, ``"best_payoff"`` ``(l,)``:
        the best report on the grid and its payoff; ``"gain"`` ``(l,)``: best
        minus truthful payoff; ``"lowest_is_best"``: whether every type's best
        report is the lowest on the grid; and ``"low"``, ``"high"``, ``"nodes"``.

    Raises
    ------
    ValueError
        If ``params`` is not a symmetric :class:`~isacmodel.Params`, the support is
        not ``0 <= low < high <= 1``, a type or report is not a finite number in
        ``[low, high]`` (or fewer than two reports), or ``nodes`` is not a
        positive integer.
    """
    params = checked_params(params)
    low, high = _checked_support(low, high)
    levels = _inside(checked_levels(types, "types"), low, high, "types")
    if reports is None:
        reports = np.linspace(low, high, 7)
    grid = _inside(np.sort(checked_values(reports, "reports")), low, high, "reports")
    nodes = _checked_nodes(nodes)
    taxes: dict[float, float] = {}

    def expected_tax(report: float) -> float:
        """Return the expected tax of ``report``, computed once per report."""
        key = round(float(report), 12)
        if key not in taxes:
            taxes[key] = mechanism.expected_tax(params, float(report), low, high, nodes)
        return taxes[key]

    tax = np.array([expected_tax(r) for r in grid])
    base = np.array([mechanism.expected_payoff(params, float(theta), float(grid[0]), low, high,
                                               nodes) + tax[0] for theta in levels])  # fmt: skip
    payoff = base[:, None] - tax[None, :]
    truthful = base - np.array([expected_tax(theta) for theta in levels])
    best = np.argmax(payoff, axis=1)
    return {
        "reports": grid,
        "types": levels,
        "expected_tax": tax,
        "payoff": payoff,
        "truthful_payoff": truthful,
        "best_report": grid[best],
        "best_payoff": payoff[np.arange(len(levels)), best],
        "gain": payoff[np.arange(len(levels)), best] - truthful,
        "lowest_is_best": bool(np.all(best == 0)),
        "low": low,
        "high": high,
        "nodes": nodes,
    }


def reports_verdict(data: dict) -> str:
    """Title of the payoff panel: which report is best, and whether the truth is."""
    best = data["best_report"]
    if np.all(best == best[0]):
        which = (
            "the lowest"
            if data["lowest_is_best"]
            else ("the highest" if best[0] == data["reports"][-1] else "the same")
        )
        head = f"Every type does best reporting {which} value, {best[0]:g}"
    else:
        head = "Best reports: " + ", ".join(
            f"{best[i]:g} for {theta:g}" for i, theta in enumerate(data["types"])
        )
    truthful = np.isclose(best, data["types"], rtol=0, atol=1e-12)
    if truthful.all():
        tail = "truth-telling is optimal for every type"
    else:
        tail = f"truth-telling is not optimal for {int((~truthful).sum())} of {len(best)} types"
    return f"{head}:\n{tail}"


def outlay_sweep(
    params: Params | None = None, name: str = "delta_c", values: Sequence[float] | None = None
) -> dict:
    r"""Compute the government's net outlay along ``name``, with and without the scheme.

    The net outlay is :math:`\sum_i (B_i - T)`, subsidies paid minus taxes
    collected.  (a) At the scheme's equilibrium.  Firm ``i``'s payoff plus subsidy
    is welfare, so the symmetric welfare optimum
    (:func:`isacmodel.solve.optima.solve_regime_batch`, as
    :func:`isacmodel.solve.optima.solve_social_optimum`) is an equilibrium of the
    game with the transfers exactly when no unilateral deviation raises welfare,
    which :func:`isacmodel.solve.mechanism.deviation_gain_batch` checks on a grid of
    deviations; there the outlay is zero by (36).  This is used instead of
    :func:`isacmodel.solve.mechanism.solve_mechanism_nash` (best-response dynamics,
    1-3 s per point) because it is vectorised and exact where it applies: where
    the check fails, the scheme's equilibrium is not the optimum, the outlay
    there is unknown and left NaN (``is_equilibrium`` False).  (b) At the market
    equilibrium the firms reach if they ignore the scheme
    (:func:`isacmodel.solve.nash.solve_nash_batch`, as :func:`isacmodel.solve.nash.solve_nash`):
    the subsidies at those decisions minus the same taxes.

    Parameters
    ----------
    params : Params, optional
        The other parameters (symmetric firms); the baseline by default.
    name : str
        The parameter varied (one of :data:`isacmodel.figures.sweeps.SWEEPABLE`,
        ``"a"`` moving both intercepts).
    values : sequence of float, optional
        At least two values (sorted here); by default 21 admissible values around
        ``params`` (for :math:`\delta_c`, 0 to 1).

    Returns
    -------
    dict
        ``"name"``, ``"values"`` ``(m,)`` and arrays ``(m,)``: ``"tax"``
        (:math:`T`, NaN without an optimum), ``"scheme_outlay"``,
        ``"market_outlay"``, ``"subsidy_scheme"``, ``"subsidy_market"`` (firm
        ``i``'s :math:`B_i`), ``"deviation_gain"`` (relative to
        :math:`\max(1, |W|)`), ``"is_equilibrium"``, ``"ok_optimum"``,
        ``"ok_market"``, ``"reason_optimum"``, ``"reason_market"``.

    Raises
    ------
    ValueError
        If ``params`` is not a symmetric :class:`~isacmodel.Params`, ``name`` is
        not sweepable, or ``values`` are not at least two finite numbers giving
        admissible parameters.
    """
    params = checked_params(params)
    check_name(name)
    if values is None:
        x = default_values(params, name)
    else:
        x = np.sort(checked_values(values, "values"))
    batch = swept_batch(params, name, x)
    optimum = optima.solve_regime_batch(batch, Regime.SOCIAL_OPTIMUM, grid=401)
    market = nash.solve_nash_batch(batch)
    m = len(x)
    tax, scheme_subsidy, gain = (np.full(m, np.nan) for _ in range(3))
    ok = optimum.ok
    if ok.any():
        points = batch.subset(ok)
        s, t = optimum.s[ok], optimum.t[ok]
        tax[ok] = mechanism.subsidy_numeric(points, s[:, 0], s[:, 0], t[:, 0], t[:, 0])
        scheme_subsidy[ok] = mechanism.subsidy_numeric(points, s[:, 0], s[:, 1], t[:, 0], t[:, 1])
        level = welfare.welfare_numeric(points, s[:, 0], s[:, 1], t[:, 0], t[:, 1])
        gain[ok] = mechanism.deviation_gain_batch(points, s[:, 0], t[:, 0]) / np.maximum(
            1.0, np.abs(level)
        )
    is_equilibrium = ok & (gain <= _SLACK)
    scheme_rival = np.full(m, np.nan)
    if ok.any():
        s, t = optimum.s[ok], optimum.t[ok]
        scheme_rival[ok] = mechanism.subsidy_numeric(batch.subset(ok), s[:, 1], s[:, 0], t[:, 1],
                                                     t[:, 0])  # fmt: skip
    market_subsidy, market_rival = np.full(m, np.nan), np.full(m, np.nan)
    if market.ok.any():
        points = batch.subset(market.ok)
        s, t = market.s[market.ok], market.t[market.ok]
        market_subsidy[market.ok] = mechanism.subsidy_numeric(points, s[:, 0], s[:, 1], t[:, 0],
                                                               t[:, 1])  # fmt: skip
        market_rival[market.ok] = mechanism.subsidy_numeric(points, s[:, 1], s[:, 0], t[:, 1],
                                                            t[:, 0])  # fmt: skip
    scheme_outlay = np.where(is_equilibrium, scheme_subsidy + scheme_rival - 2 * tax, np.nan)
    return {
        "name": name,
        "values": x,
        "tax": tax,
        "scheme_outlay": scheme_outlay,
        "market_outlay": market_subsidy + market_rival - 2 * tax,
        "subsidy_scheme": np.where(is_equilibrium, scheme_subsidy, np.nan),
        "subsidy_market": market_subsidy,
        "deviation_gain": gain,
        "is_equilibrium": is_equilibrium,
        "ok_optimum": ok,
        "ok_market": market.ok,
        "reason_optimum": np.asarray(optimum.reason).astype(str),
        "reason_market": np.asarray(market.reason).astype(str),
    }


def outlay_verdict(data: dict) -> str:
    """Title of the outlay panel: zero at the scheme's equilibrium, the sign at the market's."""
    scheme = data["scheme_outlay"][np.isfinite(data["scheme_outlay"])]
    market = data["market_outlay"][np.isfinite(data["market_outlay"])]
    total = len(data["values"])
    if scheme.size and np.all(scheme == 0):
        head = f"Zero at the scheme's equilibrium ({scheme.size} of {total} values)"
    elif scheme.size:
        head = f"At the scheme's equilibrium: up to {np.abs(scheme).max():.3g}"
    else:
        head = "The optimum is an equilibrium of the scheme nowhere on the grid"
    if market.size == 0:
        tail = "no market equilibrium on the grid"
    elif np.all(market < 0):
        tail = (f"at the market equilibrium the firms pay in net, "
                f"{-market.max():.3g} to {-market.min():.3g}")  # fmt: skip
    elif np.all(market > 0):
        tail = f"at the market equilibrium it pays {market.min():.3g} to {market.max():.3g}"
    else:
        tail = f"at the market equilibrium from {market.min():.3g} to {market.max():.3g}"
    return f"{head};\n{tail}"
