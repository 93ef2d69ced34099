r"""Figures of Appendix B: the subsidy-tax scheme that implements the welfare optimum.

The government pays firm ``i`` the subsidy :math:`B_i = CS + \pi_j`, the consumers'
surplus plus the rival's payoff at the Bertrand prices, so that firm ``i``'s payoff
plus its subsidy is total welfare :math:`W` for every decision; it taxes each firm
the lump sum :math:`T = B_i` at the symmetric welfare optimum (36).  The solvers are
in :mod:`isacmodel.solve.mechanism`; the figures show what the scheme does:

* :func:`payoff_maps` and :func:`payoff_with_and_without_figure`: firm ``i``'s
  objective over its own :math:`(s_i, t_i)`, the rival at the welfare optimum,
  without the scheme (its payoff :math:`\pi_i`, maximised by its market best
  response, little sharing and investment) and with it
  (:math:`\pi_i + B_i - T = W - T`, maximised at the welfare optimum itself);
* :func:`report_curves` and :func:`reports_figure`: with private cost spillovers
  (each firm knows its own :math:`\delta_c^i`, uniform on ``[low, high]``), a
  firm's expected objective against the spillover it reports.  The report moves
  only the expected tax, which rises in the report, so every type does best
  reporting the lowest value: truth-telling is not an equilibrium of this scheme;
* :func:`outlay_sweep` and :func:`outlay_figure`: the government's net outlay
  :math:`\sum_i (B_i - T)` along a parameter, zero at the scheme's equilibrium
  (the welfare optimum) and not at the market equilibrium the firms would reach
  without the scheme (there the firms pay in more than they receive).

Colours are Okabe-Ito (:data:`isacmodel.figures.bertrand.OKABE_ITO`); every plotted artist
has a ``gid`` so that tests can read the data back.

>>> data = payoff_maps(Params(), n=21)
>>> [round(x, 3) for x in data["best_with"]], [round(x, 3) for x in data["optimum"]]
([0.848, 0.302], [0.848, 0.302])
>>> [round(x, 3) for x in data["best_without"]]
[0.057, 0.086]
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.colors import Normalize
from matplotlib.ticker import MaxNLocator

from isacmodel.core import model
from isacmodel.core.params import Params
from isacmodel.derive import welfare
from isacmodel.figures.style import (
    LINE_STYLES,
    OKABE_ITO,
    PARAMETER_LABELS,
    PAYOFF_MAP,
    failure_note,
    plain_axis,
    shade_failed,
)
from isacmodel.figures.sweeps import (
    baseline_value,
    check_name,
    checked_levels,
    checked_n,
    checked_values,
    default_values,
    swept_batch,
    trend,
)
from isacmodel.solve import mechanism, nash, optima

__all__ = [
    "outlay_figure",
    "outlay_sweep",
    "payoff_maps",
    "payoff_with_and_without_figure",
    "report_curves",
    "reports_figure",
]

#: Relative slack of "no unilateral deviation raises welfare" (as in the claims registry).
_SLACK = 1e-9
#: Default private-information support and types of :func:`reports_figure`.
_LOW, _HIGH = 0.3, 0.7

_MAXIMISER = dict(marker="o", markersize=9, linestyle="none", color=OKABE_ITO[5],
                  markeredgecolor="white", markeredgewidth=1.2, zorder=7,
                  clip_on=False)  # fmt: skip
_OPTIMUM = dict(marker="s", markersize=17, linestyle="none", markerfacecolor="none",
                markeredgecolor=OKABE_ITO[3], markeredgewidth=2.4, zorder=6,
                clip_on=False)  # fmt: skip
_SCHEME = dict(color=OKABE_ITO[3], marker="o", linestyle="-")
_MARKET = dict(color=OKABE_ITO[4], marker="s", linestyle="--")


# ------------------------------------------------------------------ helpers
def _checked_params(params: object) -> Params:
    """Return ``params`` (``Params()`` if None), rejecting other types and asymmetric firms."""
    if params is None:
        return Params()
    if not isinstance(params, Params):
        raise ValueError(f"params must be a Params (got {type(params).__name__}: {params!r})")
    if params.a_i != params.a_j:
        raise ValueError(
            "the tax (36) is set at the symmetric welfare optimum, defined for symmetric "
            f"firms only (params has a_i={params.a_i}, a_j={params.a_j})"
        )
    return params


def _pair(values: Sequence[float]) -> str:
    return f"({values[0]:.3f}, {values[1]:.3f})"


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
    from scipy.optimize import minimize

    row, column = np.unravel_index(np.nanargmax(values), values.shape)
    start = np.array([s[column], t[row]])
    box = [(float(s[0]), float(s[-1])), (float(t[0]), float(t[-1]))]

    def negative(x: np.ndarray) -> float:
        return -float(objective(min(max(x[0], box[0][0]), box[0][1]),
                                min(max(x[1], box[1][0]), box[1][1])))  # fmt: skip

    found = minimize(negative, start, method="L-BFGS-B", bounds=box,
                     options={"ftol": 1e-15, "gtol": 1e-10, "maxiter": 500})  # fmt: skip
    best = found.x if found.fun <= negative(start) else start
    return float(best[0]), float(best[1])


def _checked_nodes(nodes: object) -> int:
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
    outside = (values < low) | (values > high)
    if outside.any():
        raise ValueError(
            f"{what} must lie in [low, high] = [{low:g}, {high:g}] (got {values[outside][0]:g})"
        )
    return values


# ------------------------------------------------------ payoff with and without
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
    params = _checked_params(params)
    n = checked_n(n)
    optimum = optima.solve_social_optimum(params)
    s_opt, t_opt = optimum.s[0], optimum.t[0]
    lump = mechanism.tax(params)
    s = np.linspace(0.0, 1.0, n)
    t = np.linspace(0.0, 2.5 * t_opt + 0.2, n)
    s_mesh, t_mesh = np.meshgrid(s, t)

    def without(s_i, t_i):
        return model.profit_numeric(params, s_i, s_opt, t_i, t_opt)

    def with_scheme(s_i, t_i):
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


def _colour_scale(values: np.ndarray) -> tuple[Normalize, np.ndarray]:
    """Colour scale and contour levels resolving the top of a map.

    The objectives fall steeply at large investment, so the scale runs from the
    map's 40th percentile (darker below) to its maximum, with 10 contour levels
    in that range.
    """
    low, high = float(np.nanquantile(values, 0.4)), float(np.nanmax(values))
    if not high > low:
        low = high - 1.0
    return Normalize(vmin=low, vmax=high), MaxNLocator(nbins=10).tick_values(low, high)


def _coincides(point: Sequence[float], other: Sequence[float], s: np.ndarray, t: np.ndarray):
    """Whether two points are within one grid step of each other in both coordinates."""
    return abs(point[0] - other[0]) <= s[1] - s[0] and abs(point[1] - other[1]) <= t[1] - t[0]


def payoff_with_and_without_figure(params: Params | None = None, n: int = 61) -> plt.Figure:
    r"""Show that the scheme turns firm i's best choice into the welfare optimum.

    Two maps over firm ``i``'s own :math:`(s_i, t_i)`, the rival at the symmetric
    welfare optimum (:func:`payoff_maps`).  Left, without the scheme: firm ``i``'s
    payoff :math:`\pi_i`, maximised (dot) at its market best response, far below
    the optimum (square) at the baseline.  Right, with it: :math:`\pi_i + B_i - T
    = W - T`, maximised at the optimum.  The titles give both maximisers.  Quick
    enough (well under a second after the first call) to be one frame of a
    kernel-free slider (:func:`isacmodel.widgets.frame_slider`).

    Parameters
    ----------
    params : Params, optional
        The parameter point (symmetric firms); the baseline by default.
    n : int
        Grid points per axis (at least 5).

    Returns
    -------
    matplotlib.figure.Figure
        Two map axes (x :math:`s_i`, y :math:`t_i`) and their colour bars.  In each
        map, the mesh ``"payoff"`` holds the objective (``get_array()``, rows
        :math:`t_i`), the contour set ``"payoff contours"`` its level curves, the
        line ``"maximiser"`` the panel's maximiser and ``"welfare optimum"`` the
        optimum.

    Raises
    ------
    ValueError
        As :func:`payoff_maps`.
    EquilibriumError
        If the welfare optimum does not exist.
    """
    params = _checked_params(params)
    data = payoff_maps(params, n)
    s, t = data["s"], data["t"]
    fig, (left, right) = plt.subplots(1, 2, figsize=(10.5, 4.8), layout="constrained",
                                      sharey=True)  # fmt: skip
    titles = {
        "without": ("Without the scheme: firm i's payoff $\\pi_i$", "its market best response"),
        "with": ("With the scheme: $\\pi_i + B_i - T = W - T$", "the welfare optimum"),
    }
    for ax, key in ((left, "without"), (right, "with")):
        values, best = data[key], data[f"best_{key}"]
        norm, levels = _colour_scale(values)
        mesh = ax.pcolormesh(s, t, values, cmap=PAYOFF_MAP, norm=norm, shading="gouraud",
                             gid="payoff")  # fmt: skip
        contours = ax.contour(s, t, values, levels=levels, colors="0.4", linewidths=0.6)
        contours.set_gid("payoff contours")
        bar = fig.colorbar(mesh, ax=ax, shrink=0.9, pad=0.02, extend="min")
        bar.set_label(titles[key][0].split(": ")[1])
        ax.plot(*data["optimum"], gid="welfare optimum",
                label=f"welfare optimum {_pair(data['optimum'])}", **_OPTIMUM)  # fmt: skip
        ax.plot(*best, gid="maximiser", label="maximiser of the panel", **_MAXIMISER)
        where = "at" if _coincides(best, data["optimum"], s, t) else "away from"
        ax.set_title(f"{titles[key][0]}\nmaximised at {_pair(best)}, {titles[key][1]},\n"
                     f"{where} the welfare optimum", fontsize=10)  # fmt: skip
        ax.set_xlabel("firm i's sharing $s_i$")
        ax.set_xlim(s[0], s[-1])
        ax.set_ylim(t[0], t[-1])
        plain_axis(ax.xaxis)
    left.set_ylabel("firm i's investment $t_i$")
    handles, labels = left.get_legend_handles_labels()
    fig.legend(handles, labels, frameon=False, loc="outside lower center", ncols=2, fontsize=9)
    opt = data["optimum"]
    fig.suptitle(rf"Appendix B, the rival at the welfare optimum $(s_j, t_j) = {_pair(opt)}$ "
                 rf"($\delta_c = {params.delta_c:g}$; tax $T = {data['tax']:.4g}$)",
                 fontsize=11)  # fmt: skip
    return fig


# ------------------------------------------------------ private information
def report_curves(
    params: Params | None = None,
    low: float = _LOW,
    high: float = _HIGH,
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
    params = _checked_params(params)
    low, high = _checked_support(low, high)
    levels = _inside(checked_levels(types, "types"), low, high, "types")
    if reports is None:
        reports = np.linspace(low, high, 7)
    grid = _inside(np.sort(checked_values(reports, "reports")), low, high, "reports")
    nodes = _checked_nodes(nodes)
    taxes: dict[float, float] = {}

    def expected_tax(report: float) -> float:
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


def reports_figure(
    params: Params | None = None,
    low: float = _LOW,
    high: float = _HIGH,
    types: Sequence[float] = (0.35, 0.5, 0.65),
    reports: Sequence[float] | None = None,
    nodes: int = 4,
) -> plt.Figure:
    r"""Plot each type's expected objective against its report: truth-telling does not pay.

    Left, one curve per true type :math:`\theta` (:func:`report_curves`): the
    expected objective :math:`V(\theta, r)` against the report :math:`r`, a hollow
    circle at the truthful report :math:`r = \theta` and a star at the best report
    on the grid; the legend gives each type's best report and its gain over the
    truth.  Right, the expected tax :math:`E[\hat T_i(r, \theta_j)]`, the only part
    of the objective the report moves (the same for every type).  At the baseline
    with ``[low, high] = [0.3, 0.7]`` the expected tax rises in the report, so
    every type reports 0.3.

    Parameters
    ----------
    params, low, high, types, reports, nodes
        As :func:`report_curves` (each expected tax solves ``nodes`` welfare
        optima, about 0.2 s at ``nodes=4``).

    Returns
    -------
    matplotlib.figure.Figure
        Two axes, x the report.  Left: lines ``"type=<theta:g>"`` (the curves),
        ``"truthful type=<theta:g>"`` and ``"best type=<theta:g>"`` (one point
        each).  Right: line ``"expected tax"``.

    Raises
    ------
    ValueError
        As :func:`report_curves`.
    """
    params = _checked_params(params)
    data = report_curves(params, low, high, types, reports, nodes)
    x = data["reports"]
    fig, (left, right) = plt.subplots(1, 2, figsize=(10.5, 4.6), layout="constrained",
                                      width_ratios=(1.5, 1.0))  # fmt: skip
    for index, theta in enumerate(data["types"]):
        style = LINE_STYLES[index % len(LINE_STYLES)]
        colour = style["color"]
        best, gain = data["best_report"][index], data["gain"][index]
        left.plot(x, data["payoff"][index], color=colour, linestyle=style["linestyle"],
                  linewidth=2, marker=style["marker"], markersize=4, gid=f"type={theta:g}",
                  label=rf"type $\theta = {theta:g}$: best report {best:g}, "
                        rf"{gain:+.3g} over the truth")  # fmt: skip
        left.plot([theta], [data["truthful_payoff"][index]], marker="o", markersize=11,
                  linestyle="none", markerfacecolor="white", markeredgecolor=colour,
                  markeredgewidth=2, zorder=6, gid=f"truthful type={theta:g}")  # fmt: skip
        left.plot([best], [data["best_payoff"][index]], marker="*", markersize=16,
                  linestyle="none", color=colour, markeredgecolor="black", zorder=7,
                  clip_on=False, gid=f"best type={theta:g}")  # fmt: skip
    left.plot([], [], marker="o", markersize=9, linestyle="none", markerfacecolor="white",
              markeredgecolor="black", label=r"truthful report $r = \theta$")  # fmt: skip
    left.plot([], [], marker="*", markersize=13, linestyle="none", color="0.6",
              markeredgecolor="black", label="best report on the grid")  # fmt: skip
    right.plot(x, data["expected_tax"], color=OKABE_ITO[0], linewidth=2, marker="o",
               markersize=4, gid="expected tax")  # fmt: skip
    for ax in (left, right):
        ax.set_xlabel(r"reported cost spillover $r$")
        ax.set_xlim(x[0], x[-1])
        ax.grid(alpha=0.3)
        plain_axis(ax.yaxis)
    left.set_ylabel(r"expected objective $V(\theta, r)$")
    right.set_ylabel(r"expected tax $E[\hat T_i(r, \theta_j)]$")
    left.set_title(_reports_verdict(data), fontsize=10)
    change = data["expected_tax"][-1] - data["expected_tax"][0]
    right.set_title(f"The expected tax {trend(x, data['expected_tax'])} in the report "
                    f"(by {change:+.3g})\nthe only term the report moves, for every type",
                    fontsize=10)  # fmt: skip
    handles, labels = left.get_legend_handles_labels()
    fig.legend(handles, labels, frameon=False, loc="outside lower center", ncols=2, fontsize=9)
    fig.suptitle(rf"Appendix B with private cost spillovers: types uniform on "
                 rf"$[{data['low']:g}, {data['high']:g}]$, the rival truthful "
                 rf"({data['nodes']} quadrature nodes)", fontsize=11)  # fmt: skip
    return fig


def _reports_verdict(data: dict) -> str:
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


# ------------------------------------------------------------------ outlay
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
        The parameter varied (one of :data:`isacmodel.figures.welfare.SWEEPABLE`,
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
    params = _checked_params(params)
    check_name(name)
    if values is None:
        x = default_values(params, name)
    else:
        x = np.sort(checked_values(values, "values"))
    batch = swept_batch(params, name, x)
    optimum = optima.solve_regime_batch(batch, "social optimum", grid=401)
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


def outlay_figure(
    params: Params | None = None, values: Sequence[float] | None = None, *, name: str = "delta_c"
) -> plt.Figure:
    r"""Plot the government's net outlay: nothing at the scheme's equilibrium, not so elsewhere.

    Left, the net outlay :math:`\sum_i (B_i - T)` against ``name``
    (:func:`outlay_sweep`): at the scheme's equilibrium, the welfare optimum, it
    is zero; at the market equilibrium the firms reach if they ignore the scheme
    it is not (at the baseline's :math:`\delta_c` range it is negative: the
    subsidies there fall short of the taxes and the firms pay in net).  Right, its
    parts: firm ``i``'s subsidy :math:`B_i` at each equilibrium and the tax
    :math:`T`.  Crosses at zero mark values where the optimum is not an
    equilibrium of the game with the transfers (none at the defaults); hatched
    grey marks values without a welfare optimum or market equilibrium; a dotted
    line marks ``params`` itself.

    Parameters
    ----------
    params : Params, optional
        The other parameters (symmetric firms); the baseline by default.
    values : sequence of float, optional
        Values of ``name`` (at least two); 21 admissible values by default.
    name : str
        The parameter varied; :math:`\delta_c` by default.

    Returns
    -------
    matplotlib.figure.Figure
        Two axes, x the parameter.  Left: lines ``"outlay scheme"``,
        ``"outlay market"``, ``"zero"``, and ``"optimum not an equilibrium"`` if
        any.  Right: lines ``"subsidy scheme"``, ``"subsidy market"``, ``"tax"``.
        Both: ``"at the point"`` (vertical line), patches ``"no equilibrium"``.

    Raises
    ------
    ValueError
        As :func:`outlay_sweep`.
    """
    params = _checked_params(params)
    data = outlay_sweep(params, name, values)
    x = data["values"]
    label = PARAMETER_LABELS[name]
    fig, (left, right) = plt.subplots(1, 2, figsize=(10.5, 4.6), layout="constrained",
                                      sharex=True)  # fmt: skip
    left.axhline(0.0, color="0.3", linewidth=1, gid="zero")
    left.plot(x, data["scheme_outlay"], linewidth=2, markersize=5, gid="outlay scheme",
              label="at the scheme's equilibrium (the welfare optimum)", **_SCHEME)  # fmt: skip
    left.plot(x, data["market_outlay"], linewidth=2, markersize=5, gid="outlay market",
              label="at the market equilibrium (firms ignore the scheme)", **_MARKET)  # fmt: skip
    failed = data["ok_optimum"] & ~data["is_equilibrium"]
    if failed.any():
        left.plot(x[failed], np.zeros(failed.sum()), marker="x", markersize=9, linestyle="none",
                  color=OKABE_ITO[5], markeredgewidth=2, zorder=7,
                  gid="optimum not an equilibrium",
                  label="optimum not an equilibrium of the scheme")  # fmt: skip
    right.plot(x, data["subsidy_scheme"], linewidth=2, markersize=5, gid="subsidy scheme",
               label="_scheme", **_SCHEME)  # fmt: skip
    right.plot(x, data["subsidy_market"], linewidth=2, markersize=5, gid="subsidy market",
               label="_market", **_MARKET)  # fmt: skip
    right.plot(x, data["tax"], color=OKABE_ITO[0], linestyle=":", linewidth=2.2, gid="tax",
               label="tax $T$ (36), the subsidy at the optimum")  # fmt: skip
    missing = ~(data["ok_optimum"] & data["ok_market"])
    notes = []
    symbol = label.strip("$")
    for key in ("optimum", "market"):
        bad = ~data[f"ok_{key}"]
        if bad.any():
            notes.append(failure_note(x, bad, data[f"reason_{key}"], symbol))
    here = baseline_value(params, name)
    for ax in (left, right):
        shade_failed(ax, x, missing)
        if x[0] <= here <= x[-1]:
            ax.axvline(here, color="0.5", linestyle=":", linewidth=1.2, gid="at the point")
        ax.set_xlabel(label)
        ax.set_xlim(x[0], x[-1])
        ax.grid(alpha=0.3)
    left.set_ylabel(r"net outlay $\sum_i (B_i - T)$")
    right.set_ylabel("per firm")
    left.set_title(_outlay_verdict(data), fontsize=10)
    right.set_title("Firm i's subsidy $B_i = CS + \\pi_j$ at each equilibrium,\n"
                    "and the tax $T$", fontsize=10)  # fmt: skip
    handles, labels = left.get_legend_handles_labels()
    more_handles, more_labels = right.get_legend_handles_labels()
    fig.legend(handles + more_handles, labels + more_labels, frameon=False,
               loc="outside lower center", ncols=2, fontsize=9,
               title="\n".join(notes) or None, title_fontsize=8)  # fmt: skip
    fig.suptitle(f"Appendix B: what the subsidy-tax scheme costs the government, against "
                 f"{label}", fontsize=11)  # fmt: skip
    return fig


def _outlay_verdict(data: dict) -> str:
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
