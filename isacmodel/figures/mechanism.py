r"""Figures of Appendix B: the subsidy-tax scheme that implements the welfare optimum.

The government pays firm ``i`` the subsidy :math:`B_i = CS + \pi_j`, the consumers'
surplus plus the rival's payoff at the Bertrand prices, so that firm ``i``'s payoff
plus its subsidy is total welfare :math:`W` for every decision; it taxes each firm
the lump sum :math:`T = B_i` at the symmetric welfare optimum (36).  The solvers are
in :mod:`isacmodel.solve.mechanism`, the tables in :mod:`isacmodel.figures.mechanism_data`;
the figures show what the scheme does:

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

Colours are Okabe-Ito (:data:`isacmodel.figures.style.OKABE_ITO`); every plotted artist
has a ``gid`` so that tests can read the data back.  The docstring of
:mod:`isacmodel.figures.mechanism_data` shows both maximisers at the baseline.
"""

from __future__ import annotations

from collections.abc import Sequence

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.colors import Normalize
from matplotlib.ticker import MaxNLocator

from isacmodel.core.params import Params
from isacmodel.figures.mechanism_data import (
    HIGH,
    LOW,
    checked_params,
    coincides,
    outlay_sweep,
    outlay_verdict,
    payoff_maps,
    report_curves,
    reports_verdict,
)
from isacmodel.figures.style import (
    LINE_STYLES,
    OKABE_ITO,
    PARAMETER_LABELS,
    PAYOFF_MAP,
    failure_note,
    plain_axis,
    shade_failed,
)
from isacmodel.figures.sweeps import baseline_value, trend

__all__ = [
    "outlay_figure",
    "outlay_sweep",
    "payoff_maps",
    "payoff_with_and_without_figure",
    "report_curves",
    "reports_figure",
]

_MAXIMISER = dict(marker="o", markersize=9, linestyle="none", color=OKABE_ITO[5],
                  markeredgecolor="white", markeredgewidth=1.2, zorder=7,
                  clip_on=False)  # fmt: skip
_OPTIMUM = dict(marker="s", markersize=17, linestyle="none", markerfacecolor="none",
                markeredgecolor=OKABE_ITO[3], markeredgewidth=2.4, zorder=6,
                clip_on=False)  # fmt: skip
_SCHEME = dict(color=OKABE_ITO[3], marker="o", linestyle="-")
_MARKET = dict(color=OKABE_ITO[4], marker="s", linestyle="--")


def _pair(values: Sequence[float]) -> str:
    """Format a point as ``(s, t)`` with three decimals."""
    return f"({values[0]:.3f}, {values[1]:.3f})"


# ------------------------------------------------------ payoff with and without
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
    params, n
        As :func:`payoff_maps`.

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
    params = checked_params(params)
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
        where = "at" if coincides(best, data["optimum"], s, t) else "away from"
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
def reports_figure(
    params: Params | None = None,
    low: float = LOW,
    high: float = HIGH,
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
    params = checked_params(params)
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
    left.set_title(reports_verdict(data), fontsize=10)
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


# ------------------------------------------------------------------ outlay
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
    params = checked_params(params)
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
    left.set_title(outlay_verdict(data), fontsize=10)
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
