r"""Figures of section 4: volume-related security costs and Proposition 7.

In section 4 firm ``i``'s marginal cost is :math:`(c - \hat\delta\, t_j s_j)\,\phi(t_i)`
with :math:`\phi(t) = 1 + t^2/2`: security costs grow with sales, and the rival's
shared information lowers them by :math:`\hat\delta t_j s_j` per unit.  There is no
fixed-cost spillover (:math:`\delta_c = 0`).  The solvers are in
:mod:`isacmodel.solve.volume`; the figures show what they find:

* :func:`~isacmodel.figures.volume_data.volume_paths` and :func:`volume_paths_figure`:
  equilibrium sharing :math:`s^*` and investment :math:`t^*` against :math:`\hat\delta`, one
  line per :math:`\delta_d`.  Sharing falls as :math:`\hat\delta` grows and reaches zero where
  :math:`\delta_d - b_1\hat\delta\,\phi(t^*)` (the quantity of the proof of
  Proposition 7) reaches zero;
* :func:`~isacmodel.figures.volume_data.sign_map_data`, its counts and
  :func:`sign_map_figure`: over
  the :math:`(\delta_d, \hat\delta)` square, where firms share not at all, fully
  or partly, and the signs of :math:`ds^*/d\hat\delta` and :math:`dt^*/d\hat\delta`.
  Without sharing the investment :math:`t_0` depends on neither spillover, so the
  edge of the sharing region is the ray :math:`\delta_d/\hat\delta = b_1\phi(t_0)`:
  the ratio :math:`\delta_d/\hat\delta` decides *whether* firms share, while
  wherever sharing is interior it falls in :math:`\hat\delta`;
* :func:`reaction_curves_figure`: firm ``i``'s sharing reaction function
  :math:`s_i(s_j)` for a small and a large :math:`\hat\delta` and its slope;
* :func:`fixed_vs_volume_figure`: section 2's fixed-cost spillover :math:`\delta_c`
  against section 4's volume spillover :math:`\hat\delta`, side by side.

Colours are Okabe-Ito (:data:`isacmodel.figures.style.OKABE_ITO`); every plotted artist
has a ``gid`` so that tests can read the data back.

The data are computed in :mod:`isacmodel.figures.volume_data`.

>>> figure = sign_map_figure([Params()], n=11)
>>> figure.axes[0].get_xlabel()
'demand spillover $\\delta_d$'
>>> plt.close(figure)
"""

from __future__ import annotations

from collections.abc import Sequence

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.axes import Axes
from matplotlib.colors import BoundaryNorm, Colormap, ListedColormap, Normalize
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from isacmodel.core.params import Params
from isacmodel.figures.style import LINE_STYLES, OKABE_ITO, failure_note, plain_axis, shade_failed
from isacmodel.figures.sweeps import checked_n, trend
from isacmodel.figures.volume_data import (
    DEFAULT_SIGN_MAP_PARAMS,
    SIGN_CATEGORIES,
    change_summary,
    checked_params,
    fixed_vs_volume_data,
    investment_verdict,
    point_equilibrium,
    reaction_curves,
    sharing_verdict,
    sign_map_counts,
    sign_map_data,
    sign_map_title,
    slope_verdict,
    volume_paths,
)

__all__ = [
    "SIGN_CATEGORIES",
    "SIGN_COLOURS",
    "fixed_vs_volume_figure",
    "reaction_curves_figure",
    "sign_map_counts",
    "sign_map_data",
    "sign_map_figure",
    "volume_paths",
    "volume_paths_figure",
]

#: One colour per category (Okabe-Ito, greys for no sharing and no equilibrium).
SIGN_COLOURS = {
    "no sharing": "#DDDDDD",
    "full sharing": OKABE_ITO[4],
    "sharing and investment fall": OKABE_ITO[2],
    "sharing falls, investment rises": OKABE_ITO[1],
    "sharing rises": OKABE_ITO[5],
    "no equilibrium": "0.35",
    "response undetermined": OKABE_ITO[6],
}

_LEGEND_TEXT = {
    "no sharing": r"no sharing, $s^* = 0$",
    "full sharing": r"full sharing, $s^* = 1$",
    "sharing and investment fall": r"interior: $s^*$ and $t^*$ fall in $\hat\delta$",
    "sharing falls, investment rises": r"interior: $s^*$ falls, $t^*$ rises in $\hat\delta$",
    "sharing rises": r"$s^*$ rises in $\hat\delta$",
    "no equilibrium": "no stable symmetric equilibrium",
    "response undetermined": "interior, response not computed",
}

_SECTION_2 = dict(color=OKABE_ITO[4], marker="o", linestyle="-")
_SECTION_4 = dict(color=OKABE_ITO[5], marker="s", linestyle="--")


# ------------------------------------------------------------------ the paths
def volume_paths_figure(
    params: Params | None = None,
    delta_hat_values: Sequence[float] | None = None,
    delta_d_values: Sequence[float] = (0.25, 0.5, 0.75),
) -> plt.Figure:
    r"""Plot equilibrium sharing and investment against :math:`\hat\delta`, per :math:`\delta_d`.

    Left, the common sharing :math:`s^*`; right, the common investment :math:`t^*`
    (:func:`volume_paths`).  A circle on the horizontal axis marks where sharing
    reaches zero, the :math:`\hat\delta` at which
    :math:`\delta_d - b_1\hat\delta\phi(t^*) = 0` (about :math:`\delta_d/b_1` at the
    baseline, where :math:`\phi(t^*) \approx 1`); a dotted vertical line marks it in
    the right panel.  Crosses along the bottom of a panel, in a line's colour, are
    grid values without an equilibrium for that line; the legend says why.  A
    star marks the equilibrium at ``params`` itself (for the live explorer).

    Parameters
    ----------
    params : Params, optional
        The other parameters (symmetric firms); the baseline by default.
    delta_hat_values : sequence of float, optional
        The :math:`\hat\delta` grid; by default 41 values from 0 to 0.8.
    delta_d_values : sequence of float
        The values of :math:`\delta_d`, one line each.

    Returns
    -------
    matplotlib.figure.Figure
        Two axes (sharing, investment), x :math:`\hat\delta`.  In each, the line
        with ``gid`` ``"delta_d=<value:g>"`` is one path (NaN where there is no
        equilibrium); ``"no equilibrium delta_d=<value:g>"`` marks the failures
        (x only meaningful); in the sharing panel ``"zero sharing delta_d=<value:g>"``
        is the point :math:`(\hat\delta_0, 0)`, in the investment panel the vertical
        line with the same ``gid``; ``"at the point"`` (a star) is the equilibrium
        at ``params`` itself, its own :math:`\delta_d` and :math:`\hat\delta` (none if
        there is no equilibrium there).

    Raises
    ------
    ValueError
        As :func:`volume_paths`.
    """
    params = checked_params(params)
    if delta_hat_values is None:
        delta_hat_values = np.linspace(0.0, 0.8, 41)
    data = volume_paths(params, delta_hat_values, delta_d_values)
    x = data["delta_hat"]
    fig, (share_ax, invest_ax) = plt.subplots(1, 2, figsize=(10.5, 4.6), layout="constrained",
                                              sharex=True)  # fmt: skip
    notes = []
    for row, level in enumerate(data["delta_d"]):
        style = LINE_STYLES[row % len(LINE_STYLES)]
        gid = f"delta_d={level:g}"
        label = rf"$\delta_d = {level:g}$"
        failed = ~data["ok"][row]
        for ax, key in ((share_ax, "s"), (invest_ax, "t")):
            ax.plot(x, data[key][row], linewidth=2, markersize=4, gid=gid, label=label, **style)
            if failed.any():
                ax.plot(x[failed], np.full(failed.sum(), 0.035 * row), marker="x",
                        linestyle="none",
                        color=style["color"], markersize=7, markeredgewidth=1.5,
                        transform=ax.get_xaxis_transform(), clip_on=False,
                        gid=f"no equilibrium {gid}")  # fmt: skip
        if failed.any():
            note = failure_note(x, failed, data["reason"][row], r"\hat\delta")
            notes.append(rf"$\delta_d = {level:g}$: {note}")
        zero = data["zero_sharing"][row]
        if np.isfinite(zero):
            share_ax.plot([zero], [0.0], marker="o", markersize=9, linestyle="none",
                          markerfacecolor="white", markeredgecolor=style["color"],
                          markeredgewidth=2, zorder=6, clip_on=False,
                          gid=f"zero sharing {gid}")  # fmt: skip
            invest_ax.axvline(zero, color=style["color"], linestyle=":", linewidth=1.2,
                              gid=f"zero sharing {gid}")  # fmt: skip
    _mark_point(params, share_ax, invest_ax)
    share_ax.set_ylabel(r"equilibrium sharing $s^*$")
    invest_ax.set_ylabel(r"equilibrium investment $t^*$")
    share_ax.set_ylim(bottom=0.0)
    plain_axis(invest_ax.yaxis, nbins=None)
    for ax in (share_ax, invest_ax):
        ax.set_xlabel(r"volume-cost spillover $\hat\delta$")
        ax.set_xlim(x[0], x[-1])
        ax.grid(alpha=0.3)
    interior = data["ok"] & (data["corner"] == "")
    share_ax.set_title(sharing_verdict(data, interior), fontsize=10)
    invest_ax.set_title(investment_verdict(data, interior), fontsize=10)
    handles, labels = share_ax.get_legend_handles_labels()
    handles.append(Line2D([], [], marker="o", markersize=8, linestyle="none",
                          markerfacecolor="white", markeredgecolor="black"))  # fmt: skip
    labels.append(r"sharing reaches zero: $\delta_d = b_1\hat\delta\,\phi(t^*)$")
    if notes:
        handles.append(Line2D([], [], marker="x", linestyle="none", color="0.4"))
        labels.append("no equilibrium at this grid value")
    fig.legend(handles, labels, frameon=False, loc="outside lower center",
               ncols=min(len(handles), 4), fontsize=9, title="\n".join(notes) or None,
               title_fontsize=8)  # fmt: skip
    fig.suptitle(rf"Section 4: equilibrium sharing and investment against $\hat\delta$ "
                 rf"($c = {params.c:g}$, $k = {params.k:g}$)", fontsize=11)  # fmt: skip
    return fig


def _mark_point(params: Params, share_ax: Axes, invest_ax: Axes) -> None:
    """Mark the equilibrium at ``params`` itself (its own delta_d and delta_hat), if any."""
    result = point_equilibrium(params)
    if not result.ok[0]:
        return
    label = rf"at the point ($\delta_d = {params.delta_d:g}$, $\hat\delta = {params.delta_hat:g}$)"
    for ax, value in ((share_ax, result.s[0, 0]), (invest_ax, result.t[0, 0])):
        ax.plot([params.delta_hat], [value], marker="*", markersize=13, linestyle="none",
                color="black", markeredgecolor="white", zorder=7, gid="at the point",
                label=label)  # fmt: skip


# ------------------------------------------------------------------ the sign map
_RAYS = (0.5, 2.0, 4.0)


def sign_map_figure(params_list: Sequence[Params] | None = None, n: int = 61) -> plt.Figure:
    r"""Map where firms share and how sharing and investment respond to :math:`\hat\delta`.

    One panel per parameter point (by default the baseline and the
    cheap-investment variant :math:`k = 1`) over :math:`\delta_d \in [0, 1]`
    (horizontal) and :math:`\hat\delta \in [0, 1]` (vertical), each cell coloured by
    its category (:func:`sign_map_data`; the legend gives the count of each
    category in the panel, empty ones such as "sharing rises" included).  The black curve is
    :math:`\delta_d - b_1\hat\delta\phi(t^*) = 0`, the edge of the sharing region;
    dashed grey rays are constant ratios :math:`\delta_d/\hat\delta` (the text's
    account of what signs the effect of :math:`\hat\delta`), and the dash-dotted
    ray is the ratio :math:`b_1\phi(t_0)`, with :math:`t_0` the investment without
    sharing, on which the curve lies: the ratio decides whether firms share,
    while sharing falls in :math:`\hat\delta` wherever it is interior.  Black dots
    mark full-sharing cells where investment rises in :math:`\hat\delta`.

    Parameters
    ----------
    params_list : sequence of Params, optional
        One to four parameter points (symmetric firms); by default
        ``(Params(), Params().replace(k=1.0))``.
    n : int
        Grid points per axis (at least 5).

    Returns
    -------
    matplotlib.figure.Figure
        One map per point (``figure.axes[:m]`` for ``m`` points), then one axes
        under each holding its legend (``figure.axes[m:]``, no frame).  In each
        map, the mesh with ``gid="categories"`` holds the
        category codes (``get_array()``, rows :math:`\hat\delta`); the contour set
        ``"threshold zero"`` is the edge of the sharing region; lines
        ``"ray <ratio:g>"`` the dashed rays, ``"boundary ray"`` the ray
        :math:`b_1\phi(t_0)`, ``"investment rises at full sharing"`` the dots.  The
        category entries of each legend end with the count, e.g. ``"... (0 cells)"``.

    Raises
    ------
    ValueError
        If ``params_list`` is empty, longer than four or holds anything but
        symmetric :class:`~isacmodel.Params`, or ``n`` is not an integer of at
        least 5.
    """
    if params_list is None:
        params_list = DEFAULT_SIGN_MAP_PARAMS
    if isinstance(params_list, Params):
        params_list = [params_list]
    params_list = list(params_list)
    if not 1 <= len(params_list) <= 4:
        raise ValueError(f"params_list must hold 1 to 4 points (got {len(params_list)})")
    points = [checked_params(p, f"params_list[{i}]") for i, p in enumerate(params_list)]
    n = checked_n(n)
    fig, axes = plt.subplots(2, len(points), figsize=(5.2 * len(points) + 0.4, 8.0),
                             layout="constrained", squeeze=False,
                             height_ratios=(3.0, 1.2))  # fmt: skip
    cmap = ListedColormap([SIGN_COLOURS[name] for name in SIGN_CATEGORIES])
    norm = BoundaryNorm(np.arange(len(SIGN_CATEGORIES) + 1) - 0.5, cmap.N)
    for ax, legend_ax, params in zip(axes[0], axes[1], points, strict=True):
        data = sign_map_data(params, n)
        _draw_sign_map(ax, legend_ax, params, data, cmap, norm)
    fig.suptitle(r"Section 4 over $(\delta_d, \hat\delta)$: where firms share, and the signs of "
                 r"$ds^*/d\hat\delta$ and $dt^*/d\hat\delta$", fontsize=11)  # fmt: skip
    return fig


def _draw_sign_map(
    ax: Axes, legend_ax: Axes, params: Params, data: dict, cmap: Colormap, norm: Normalize
) -> None:
    """Draw one panel of :func:`sign_map_figure`, its legend in ``legend_ax``."""
    grid = data["delta_d"]
    half = (grid[1] - grid[0]) / 2
    edges = np.concatenate([grid - half, [grid[-1] + half]])
    mesh = ax.pcolormesh(edges, edges, data["category"], cmap=cmap, norm=norm, shading="flat")
    mesh.set_gid("categories")
    found = data["map"]
    threshold = np.where(found["ok"], found["threshold"], np.nan)
    if np.nanmin(threshold) < 0 < np.nanmax(threshold):
        edge = ax.contour(grid, grid, threshold, levels=[0.0], colors="black", linewidths=2.2)
        edge.set_gid("threshold zero")
    for ratio in _RAYS:
        ax.plot(grid, grid / ratio, color="0.25", linestyle="--", linewidth=1.0,
                gid=f"ray {ratio:g}")  # fmt: skip
        end = min(1.0, ratio)
        ax.annotate(rf"$\delta_d/\hat\delta = {ratio:g}$", (end, end / ratio), xytext=(-3, 3),
                    textcoords="offset points", ha="right", va="bottom", fontsize=8,
                    color="0.2", rotation=np.degrees(np.arctan(1 / ratio)),
                    rotation_mode="anchor")  # fmt: skip
    ratio = data["ratio"]
    if np.isfinite(ratio):
        ax.plot(grid, grid / ratio, color=OKABE_ITO[6], linestyle="-.", linewidth=1.6,
                gid="boundary ray")  # fmt: skip
    full = (data["category"] == SIGN_CATEGORIES.index("full sharing")) & (found["dt"] > 0)
    if full.any():
        ax.plot(
            found["delta_d"][full],
            found["delta_hat"][full],
            marker=".",
            markersize=2.5,
            linestyle="none",
            color="black",
            gid="investment rises at full sharing",
        )
    ax.set_xlim(0.0, 1.0)
    ax.set_ylim(0.0, 1.0)
    ax.set_aspect("equal")
    ax.set_xlabel(r"demand spillover $\delta_d$")
    ax.set_ylabel(r"volume-cost spillover $\hat\delta$")
    counts = data["counts"]
    handles, labels = [], []
    for name in SIGN_CATEGORIES:
        if counts[name] or name != "response undetermined":
            handles.append(Patch(facecolor=SIGN_COLOURS[name], edgecolor="0.4"))
            labels.append(f"{_LEGEND_TEXT[name]} ({counts[name]} cells)")
    if full.any():
        handles.append(Line2D([], [], marker=".", linestyle="none", color="black"))
        labels.append(rf"full sharing, $t^*$ rises in $\hat\delta$ "
                      f"({data['investment_rises_at_full_sharing']} cells)")  # fmt: skip
    handles.append(Line2D([], [], color="black", linewidth=2.2))
    labels.append(r"$\delta_d = b_1\hat\delta\,\phi(t^*)$: edge of sharing")
    if np.isfinite(ratio):
        handles.append(Line2D([], [], color=OKABE_ITO[6], linestyle="-.", linewidth=1.6))
        labels.append(rf"ray $\delta_d/\hat\delta = b_1\phi(t_0) = {ratio:.4g}$")
    handles.append(Line2D([], [], color="0.25", linestyle="--", linewidth=1.0))
    labels.append(r"rays of constant $\delta_d/\hat\delta$")
    legend_ax.axis("off")
    legend_ax.legend(handles, labels, loc="upper center", frameon=False, fontsize=8.5)
    ax.set_title(sign_map_title(params, data), fontsize=9.5)


# ------------------------------------------------------------------ reaction curves


def reaction_curves_figure(
    params: Params | None = None, delta_hat_values: Sequence[float] = (0.05, 1.0), n: int = 101
) -> plt.Figure:
    r"""Plot firm i's sharing reaction function and its slope for each :math:`\hat\delta`.

    Left: firm ``i``'s global best sharing (:func:`isacmodel.solve.volume.best_response_batch`)
    as the rival's sharing :math:`s_j` runs over :math:`[0, 1]`, the rival's
    investment held at the symmetric equilibrium :math:`t^*` of the smallest
    :math:`\hat\delta` (where that curve crosses the 45° line, at the marked
    equilibrium), one curve per :math:`\hat\delta`; hollow markers are points where
    firm ``i``'s sharing sits at a corner (0 or 1).  Right: the slope
    :math:`\partial s_i/\partial s_j` along each curve
    (:func:`isacmodel.solve.volume.reaction_slopes`; 0 at a corner, hollow markers), with
    the zero line.

    Parameters
    ----------
    params, delta_hat_values, n
        As :func:`reaction_curves`.

    Returns
    -------
    matplotlib.figure.Figure
        Two axes, x :math:`s_j`.  Left: lines ``"reaction delta_hat=<value:g>"``
        (NaN where firm i has no response: no sale, or a non-positive marginal
        cost), ``"corner delta_hat=<value:g>"`` (the
        corner points), ``"45-degree"`` and ``"equilibrium"``.  Right: lines
        ``"slope delta_hat=<value:g>"`` (NaN at corners),
        ``"slope corner delta_hat=<value:g>"`` (0 at the corners) and ``"zero slope"``.

    Raises
    ------
    ValueError
        As :func:`reaction_curves`.
    EquilibriumError
        If there is no symmetric equilibrium at the smallest :math:`\hat\delta`.
    """
    data = reaction_curves(params, delta_hat_values, n)
    params, values, small = data["params"], data["values"], data["small"]
    s_star, t_star, s_j = data["s_star"], data["t_star"], data["s_j"]
    fig, (curve_ax, slope_ax) = plt.subplots(1, 2, figsize=(10.5, 4.6), layout="constrained",
                                             sharex=True)  # fmt: skip
    curve_ax.plot([0, 1], [0, 1], color="0.5", linestyle=":", linewidth=1, gid="45-degree",
                  label="45° line $s_i = s_j$")  # fmt: skip
    for index, delta_hat in enumerate(values):
        style = LINE_STYLES[index % len(LINE_STYLES)]
        s_i, slope, at_corner = data["s_i"][index], data["slope"][index], data["at_corner"][index]
        label = rf"$\hat\delta = {delta_hat:g}$"
        curve_ax.plot(s_j, s_i, color=style["color"], linestyle=style["linestyle"], linewidth=2,
                      gid=f"reaction delta_hat={delta_hat:g}", label=label)  # fmt: skip
        curve_ax.plot(s_j[at_corner], s_i[at_corner], marker=style["marker"], markersize=3.5,
                      linestyle="none", markerfacecolor="white", markeredgecolor=style["color"],
                      gid=f"corner delta_hat={delta_hat:g}")  # fmt: skip
        slope_ax.plot(s_j, np.where(at_corner, np.nan, slope), color=style["color"],
                      linestyle=style["linestyle"], linewidth=2,
                      gid=f"slope delta_hat={delta_hat:g}", label=label)  # fmt: skip
        slope_ax.plot(s_j[at_corner], slope[at_corner], marker=style["marker"], markersize=3.5,
                      linestyle="none", markerfacecolor="white", markeredgecolor=style["color"],
                      gid=f"slope corner delta_hat={delta_hat:g}")  # fmt: skip
    curve_ax.plot([s_star], [s_star], marker="o", markersize=9, linestyle="none", color="black",
                  zorder=6, gid="equilibrium",
                  label=rf"symmetric equilibrium at $\hat\delta = {small:g}$")  # fmt: skip
    slope_ax.axhline(0.0, color="black", linewidth=1, gid="zero slope")
    curve_ax.set_xlim(0.0, 1.0)
    curve_ax.set_ylim(bottom=-0.02)
    curve_ax.set_xlabel(r"rival's sharing $s_j$")
    slope_ax.set_xlabel(r"rival's sharing $s_j$")
    curve_ax.set_ylabel(r"firm i's best sharing $s_i$")
    slope_ax.set_ylabel(r"slope $\partial s_i/\partial s_j$ (0 at a corner)")
    curve_ax.set_title(rf"Reaction functions, the rival's investment held at "
                       rf"$t_j = {t_star:.4g}$" "\n" rf"($t^*$ at $\hat\delta = {small:g}$; "
                       "hollow markers: $s_i$ at a corner)", fontsize=10)  # fmt: skip
    slope_ax.set_title(slope_verdict(values, data["interior_slopes"]), fontsize=10)
    for ax in (curve_ax, slope_ax):
        ax.grid(alpha=0.3)
    handles, labels = curve_ax.get_legend_handles_labels()
    fig.legend(handles, labels, frameon=False, loc="outside lower center", ncols=len(handles),
               fontsize=9)  # fmt: skip
    fig.suptitle(rf"Section 4: firm i's sharing reaction function "
                 rf"($\delta_d = {params.delta_d:g}$, $\gamma_3 = {params.gamma3:g}$, "
                 rf"$k = {params.k:g}$)", fontsize=11)  # fmt: skip
    return fig


# ------------------------------------------------------------------ fixed vs volume
def fixed_vs_volume_figure(
    params: Params | None = None,
    *,
    delta_c_values: Sequence[float] | None = None,
    delta_hat_values: Sequence[float] | None = None,
) -> plt.Figure:
    r"""Contrast the fixed-cost spillover :math:`\delta_c` with the volume one, :math:`\hat\delta`.

    Left column, section 2 (:func:`isacmodel.solve.nash.solve_nash_batch`): equilibrium
    sharing (top) and investment (bottom) against :math:`\delta_c` over its
    admissible range :math:`[0, 1]`; Proposition 4(ii) says both rise.  Right
    column, section 4 (:func:`isacmodel.solve.volume.solve_volume_nash_batch`,
    :math:`\delta_c = 0`): the same against :math:`\hat\delta`.  Both sharing panels
    have the same vertical axis, so that the rise on the left (small at the
    baseline) and the fall on the right read at a glance; an inset zooms on the
    left curve.  Hatched grey marks values without an equilibrium; open black
    circles mark section-2 equilibria where Assumption 1 or 2 fails.

    Parameters
    ----------
    params, delta_c_values, delta_hat_values
        As :func:`fixed_vs_volume_data`.

    Returns
    -------
    matplotlib.figure.Figure
        Four axes (the inset is ``axes[0].child_axes[0]``): ``axes[0]`` section 2 sharing (line
        ``"section 2 sharing"``), ``axes[1]`` section 4 sharing (``"section 4
        sharing"``, and ``"zero sharing"`` where it reaches zero), ``axes[2]``
        section 2 investment (``"section 2 investment"``), ``axes[3]`` section 4
        investment (``"section 4 investment"``); the inset's line is ``"section 2
        sharing zoom"``.  ``"assumption fails"`` marks Assumption failures,
        patches ``"no equilibrium"`` the missing values.

    Raises
    ------
    ValueError
        As :func:`fixed_vs_volume_data`.
    """
    data = fixed_vs_volume_data(params, delta_c_values, delta_hat_values)
    params, x2, x4, paths = data["params"], data["x2"], data["x4"], data["paths"]
    section2, section4, assumptions = data["section2"], data["section4"], data["assumptions"]
    fig, axes = plt.subplots(2, 2, figsize=(10.5, 7.0), layout="constrained",
                             sharex="col", height_ratios=(1.6, 1.0))  # fmt: skip
    (share2, share4), (invest2, invest4) = axes
    s2, t2 = section2.s[:, 0], section2.t[:, 0]
    s4, t4 = section4.s[:, 0], section4.t[:, 0]
    share2.plot(x2, s2, linewidth=2, markersize=4, gid="section 2 sharing",
                label=r"section 2: fixed-cost spillover $\delta_c$", **_SECTION_2)  # fmt: skip
    invest2.plot(x2, t2, linewidth=2, markersize=4, gid="section 2 investment", **_SECTION_2)
    share4.plot(x4, s4, linewidth=2, markersize=4, gid="section 4 sharing",
                label=r"section 4: volume-cost spillover $\hat\delta$ ($\delta_c = 0$)",
                **_SECTION_4)  # fmt: skip
    invest4.plot(x4, t4, linewidth=2, markersize=4, gid="section 4 investment", **_SECTION_4)
    for ax, key in ((share2, "s"), (invest2, "t")):
        if assumptions.any():
            values = (s2 if key == "s" else t2)[assumptions]
            ax.plot(x2[assumptions], values, marker="o", markersize=9, linestyle="none",
                    markerfacecolor="none", markeredgecolor="black", gid="assumption fails",
                    label="Assumption 1 or 2 fails" if key == "s" else None)  # fmt: skip
    for ax, x, result in ((share2, x2, section2), (invest2, x2, section2),
                          (share4, x4, section4), (invest4, x4, section4)):  # fmt: skip
        shade_failed(ax, x, ~result.ok)
        ax.set_xlim(x[0], x[-1])
        ax.grid(alpha=0.3)
    zero = paths["zero_sharing"][0]
    if np.isfinite(zero):
        share4.plot([zero], [0.0], marker="o", markersize=9, linestyle="none",
                    markerfacecolor="white", markeredgecolor=_SECTION_4["color"],
                    markeredgewidth=2, clip_on=False, zorder=6, gid="zero sharing",
                    label=rf"sharing reaches zero, $\hat\delta = {zero:.3g}$")  # fmt: skip
    top = np.nanmax(np.concatenate([s2, s4, [0.0]]))
    for ax in (share2, share4):
        ax.set_ylim(0.0, 1.15 * top if top > 0 else 1.0)
    share2.set_ylabel(r"equilibrium sharing $s^*$")
    invest2.set_ylabel(r"equilibrium investment $t^*$")
    invest2.set_xlabel(r"fixed-cost spillover $\delta_c$ (section 2)")
    invest4.set_xlabel(r"volume-cost spillover $\hat\delta$ (section 4)")
    for ax in (invest2, invest4):
        plain_axis(ax.yaxis, nbins=None)
    share2.set_title(rf"Section 2: sharing {trend(x2, s2)} in $\delta_c$ "
                     rf"(by {change_summary(s2)})", fontsize=10)  # fmt: skip
    share4.set_title(rf"Section 4: sharing {trend(x4, s4)} in $\hat\delta$ "
                     rf"(by {change_summary(s4)})", fontsize=10)  # fmt: skip
    invest2.set_title(rf"investment {trend(x2, t2)} (by {change_summary(t2)})", fontsize=9)
    invest4.set_title(rf"investment {trend(x4, t4)} (by {change_summary(t4)})", fontsize=9)
    _zoom_inset(share2, x2, s2)
    handles, labels = [], []
    for ax in (share2, share4):
        more_handles, more_labels = ax.get_legend_handles_labels()
        handles += more_handles
        labels += more_labels
    notes = []
    for symbol, x, result in ((r"\delta_c", x2, section2), (r"\hat\delta", x4, section4)):
        if not result.ok.all():
            notes.append(failure_note(x, ~result.ok, np.asarray(result.reason), symbol))
    fig.legend(handles, labels, frameon=False, loc="outside lower center", ncols=2, fontsize=9,
               title="\n".join(notes) or None, title_fontsize=8)  # fmt: skip
    fig.suptitle(rf"Fixed-cost spillover (section 2) vs volume-related spillover (section 4), "
                 rf"$\delta_d = {params.delta_d:g}$, $k = {params.k:g}$", fontsize=11)  # fmt: skip
    return fig


def _zoom_inset(ax: Axes, x: np.ndarray, y: np.ndarray) -> None:
    """Add an inset with the curve ``y(x)`` on its own vertical scale."""
    finite = np.isfinite(y)
    if finite.sum() < 2 or np.ptp(y[finite]) == 0:
        return
    inset = ax.inset_axes((0.5, 0.12, 0.46, 0.36))
    inset.plot(x, y, linewidth=1.5, markersize=3, gid="section 2 sharing zoom", **_SECTION_2)
    inset.set_xlim(x[0], x[-1])
    inset.tick_params(labelsize=7)
    plain_axis(inset.yaxis, nbins=None)
    inset.set_title("zoomed", fontsize=8)
    inset.grid(alpha=0.3)
