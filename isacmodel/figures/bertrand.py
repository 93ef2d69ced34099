r"""Figures of section 2.1: the Bertrand-Nash equilibrium (Propositions 1-4, Lemma 1).

Each function takes a :class:`~isacmodel.Params` (and the values it varies), draws on
a fresh figure and returns it, so the same function feeds the static figure, the
kernel-free frame slider (:func:`isacmodel.widgets.frame_slider`) and the live
explorer.  The data (best responses, sweeps, the symmetric path) come from
:mod:`isacmodel.figures.bertrand_data`; colours from the colour-blind-safe Okabe–Ito
palette (:data:`isacmodel.figures.style.OKABE_ITO`).
"""

from __future__ import annotations

from collections.abc import Sequence

import matplotlib.pyplot as plt
import numpy as np

from isacmodel.core import model
from isacmodel.core.params import Params
from isacmodel.figures.bertrand_data import (
    MULTIPLE_EQUILIBRIA_EXAMPLE,
    SWEPT,
    best_responses,
    broken_at_jumps,
    comparative_statics_sweeps,
    critical_sharing,
    reaction_slopes,
    symmetric_condition_curve,
)
from isacmodel.figures.style import OKABE_ITO
from isacmodel.solve import nash

__all__ = [
    "MULTIPLE_EQUILIBRIA_EXAMPLE",
    "comparative_statics_figure",
    "comparative_statics_sweeps",
    "price_vs_sharing_figure",
    "reaction_functions_figure",
    "symmetric_condition_figure",
]

_FIRM_I = OKABE_ITO[4]  # blue
_FIRM_J = OKABE_ITO[5]  # vermillion
_NASH_LABEL = "Nash equilibrium"


def _padded(low: float, high: float, fraction: float) -> tuple[float, float]:
    """Widen ``[low, high]`` by ``fraction`` of its span (a tiny span counts as 0.1 %)."""
    span = max(high - low, 1e-3 * max(abs(high), abs(low), 1e-3))
    return low - fraction * span, high + fraction * span


def reaction_functions_figure(
    params: Params,
    n: int = 81,
    *,
    s_limits: tuple[float, float] | None = None,
    t_limits: tuple[float, float] | None = None,
    t_rival_max: float | None = None,
) -> plt.Figure:
    r"""Plot both firms' reaction functions in sharing and in investment (Lemma 1(ii)).

    Left: firm i's best sharing :math:`s_i` as the rival's sharing :math:`s_j` runs
    over ``[0, 1]``, the rival's investment held at its Nash value, and firm j's
    mirror curve.  Right: the same for investment, the rival's sharing held at its
    Nash value.  Every point is firm i's exact global best response
    (:func:`isacmodel.solve.nash.best_response`), so a jump between branches shows as a
    gap.  The curves cross at the Nash equilibrium of
    :func:`isacmodel.solve.nash.solve_nash` (black dot).

    The slopes are small at the baseline (about 0.002-0.005), so by default the
    vertical axis (the firm's own decision) is zoomed onto firm i's curve while the
    horizontal axis spans the rival's range; firm j's mirror curve then looks
    vertical.  Each panel states the zoom factor and the slope at the equilibrium.

    Parameters
    ----------
    params : Params
        Parameter point (the intercepts may differ).
    n : int
        Number of points per curve.
    s_limits, t_limits : tuple of float, optional
        Fixed vertical limits of the left and right panels, for frames that should
        share their axes; by default fitted to firm i's curve.
    t_rival_max : float, optional
        Right end of the rival-investment axis; by default ``max(1, 2.5 t)`` with
        ``t`` the larger Nash investment.

    Returns
    -------
    matplotlib.figure.Figure
        Two axes; in each, the marker is the line labelled ``"Nash equilibrium"``.

    Raises
    ------
    EquilibriumError
        If there is no stable interior Nash equilibrium.

    Examples
    --------
    >>> from isacmodel import Params
    >>> figure = reaction_functions_figure(Params(), n=11)
    >>> len(figure.axes)
    2
    >>> plt.close(figure)
    """
    eq = nash.solve_nash(params, check_global=False)
    mirrored = params.replace(a_i=params.a_j, a_j=params.a_i)
    if t_rival_max is None:
        t_rival_max = max(1.0, 2.5 * max(eq.t))
    slopes = reaction_slopes(eq)
    fig, axes = plt.subplots(1, 2, figsize=(9.0, 4.3), layout="constrained")
    panels = (
        (axes[0], "s", "sharing", np.linspace(0.0, 1.0, n), eq.t, eq.s, s_limits, 1.0),
        (axes[1], "t", "investment", np.linspace(0.0, t_rival_max, n), eq.s, eq.t, t_limits, None),
    )
    for ax, symbol, noun, rival, held, at_nash, limits, upper in panels:
        column = 0 if symbol == "s" else 1
        own = broken_at_jumps(best_responses(params, rival, held[1], symbol)[:, column])
        if limits is None:
            low, high = _padded(float(np.nanmin(own)), float(np.nanmax(own)), 0.6)
            limits = (max(low, 0.0), high if upper is None else min(high, upper))
        own_grid = np.linspace(limits[0], limits[1], n)
        mirror = best_responses(mirrored, own_grid, held[0], symbol)[:, column]
        ax.plot(rival, own, color=_FIRM_I, linewidth=2,
                label="firm i's best response to firm j")  # fmt: skip
        ax.plot(broken_at_jumps(mirror), own_grid, color=_FIRM_J, linewidth=2, linestyle="--",
                label="firm j's best response to firm i")  # fmt: skip
        ax.plot([at_nash[1]], [at_nash[0]], marker="o", markersize=8, linestyle="none",
                color=OKABE_ITO[0], label=_NASH_LABEL, zorder=5)  # fmt: skip
        ax.set_xlim(rival[0], rival[-1])
        ax.set_ylim(*limits)
        ax.set_xlabel(f"rival's {noun} ${symbol}_j$")
        ax.set_ylabel(f"own {noun} ${symbol}_i$")
        held_symbol = "t" if symbol == "s" else "s"
        subtitle = f"rival's ${held_symbol}_j = {held[1]:.3g}$ (Nash)"
        zoom = (rival[-1] - rival[0]) / (limits[1] - limits[0])
        if zoom > 1.5:
            subtitle += f"; vertical axis zoomed ×{zoom:.0f}"
        ax.set_title(f"{noun.capitalize()} reaction functions\n{subtitle}", fontsize=10)
        if slopes is not None:
            slope = slopes[f"d{symbol}_i/d{symbol}_j"]
            ax.text(0.98, 0.04, rf"slope at Nash: $d{symbol}_i/d{symbol}_j = {slope:.2g}$",
                    transform=ax.transAxes, ha="right", va="bottom", fontsize=9)  # fmt: skip
        ax.grid(alpha=0.3)
    handles, labels = axes[0].get_legend_handles_labels()
    fig.legend(handles, labels, frameon=False, loc="outside lower center", ncols=3, fontsize=9)
    return fig


def price_vs_sharing_figure(
    params: Params,
    investments: Sequence[float] | None = None,
    n: int = 201,
) -> plt.Figure:
    r"""Plot firm i's price against its own sharing: the inverted U of Proposition 1(ii).

    Left: the price :math:`p_i` (21) at the Nash point, as :math:`s_i` varies and
    the other three decisions stay at their Nash values, zoomed on
    :math:`[0, \min(1, 4 s^*)]`; its maximum :math:`s_i^c` is the Nash sharing
    level (the sharing condition (5) is :math:`\partial p_i/\partial s_i = 0`).
    Right: the price change :math:`p_i(s_i) - p_i(0)` over all of ``[0, 1]`` for
    the Nash investment and other investment levels :math:`t_i`; the peak
    :math:`s_i^c` moves right as :math:`t_i` grows, and the curves rise with
    :math:`t_i` in level (Proposition 1(i)), which the left panel's axis shows.

    Parameters
    ----------
    params : Params
        Parameter point.
    investments : sequence of float, optional
        Investment levels :math:`t_i` for the right panel; by default the Nash
        investment and one and two thirds of :math:`\bar t`, the bound of
        Assumption 2 (or 3 and 6 times the Nash investment if :math:`\bar t` is
        infinite).
    n : int
        Points per curve.

    Returns
    -------
    matplotlib.figure.Figure
        Two axes.  The Nash point is the line labelled ``"Nash equilibrium"``; each
        :math:`s_i^c` marker has a label starting with ``"s_i^c"``.

    Raises
    ------
    EquilibriumError
        If there is no stable interior Nash equilibrium.
    """
    eq = nash.solve_nash(params, check_global=False)
    (s_star, s_rival), (t_star, t_rival) = eq.s, eq.t
    if investments is None:
        t_bar = params.assumption_2_t_bar()
        extra = (t_bar / 3, 2 * t_bar / 3) if np.isfinite(t_bar) else (3 * t_star, 6 * t_star)
        investments = (t_star, *extra)
    fig, (left, right) = plt.subplots(1, 2, figsize=(9.0, 3.8), layout="constrained")

    s_zoom = np.linspace(0.0, min(1.0, max(4 * s_star, 0.02)), n)
    price = model.price_numeric(params, s_zoom, s_rival, t_star, t_rival)
    critical = critical_sharing(params, s_rival, t_star, t_rival)
    left.plot(s_zoom, price, color=_FIRM_I, linewidth=2, label=f"$t_i = {t_star:.3g}$ (Nash)")
    left.axvline(critical, color=OKABE_ITO[0], linestyle=":", linewidth=1)
    left.plot([eq.s[0]], [eq.p[0]], marker="o", markersize=8, linestyle="none",
              color=OKABE_ITO[0], label=_NASH_LABEL, zorder=5)  # fmt: skip
    left.annotate(rf"$s_i^c = {critical:.3g}$", (critical, eq.p[0]), xytext=(6, -14),
                  textcoords="offset points", fontsize=9)  # fmt: skip
    left.set_xlim(s_zoom[0], s_zoom[-1])
    left.set_xlabel("own sharing $s_i$")
    left.set_ylabel("price $p_i$")
    zoomed = f" (zoomed on $s_i \\leq {s_zoom[-1]:.2g}$)" if s_zoom[-1] < 1 else ""
    left.set_title(f"At the Nash point{zoomed}", fontsize=10)
    left.legend(frameon=False, loc="lower left", fontsize=9)

    s_all = np.linspace(0.0, 1.0, n)
    styles = ("-", "--", "-.", ":")
    for index, t_i in enumerate(investments):
        colour = (_FIRM_I, *OKABE_ITO[1:4], *OKABE_ITO[6:])[index % 6]
        base = model.price_numeric(params, 0.0, s_rival, t_i, t_rival)
        change = model.price_numeric(params, s_all, s_rival, t_i, t_rival) - base
        name = " (Nash)" if index == 0 and investments[0] == t_star else ""
        right.plot(s_all, change, color=colour, linestyle=styles[index % 4], linewidth=2,
                   label=f"$t_i = {t_i:.3g}${name}")  # fmt: skip
        peak = critical_sharing(params, s_rival, t_i, t_rival)
        peak_change = float(model.price_numeric(params, peak, s_rival, t_i, t_rival) - base)
        right.plot([peak], [peak_change], marker="v", markersize=7, linestyle="none",
                   color=colour, label=f"s_i^c = {peak:.3g}", zorder=5)  # fmt: skip
    right.axhline(0.0, color=OKABE_ITO[0], linewidth=0.8)
    right.set_xlim(0.0, 1.0)
    right.set_xlabel("own sharing $s_i$")
    right.set_ylabel("price change $p_i(s_i) - p_i(0)$")
    right.set_title(r"Several investments $t_i$ ($\blacktriangledown$: peak $s_i^c$)", fontsize=10)
    handles, labels = right.get_legend_handles_labels()
    keep = [i for i, label in enumerate(labels) if not label.startswith("s_i^c")]
    right.legend([handles[i] for i in keep], [labels[i] for i in keep], frameon=False,
                 fontsize=9, loc="lower left")  # fmt: skip
    for ax in (left, right):
        ax.grid(alpha=0.3)
    fig.suptitle(
        rf"Firm i's price against its own sharing (rival at Nash: $s_j = {s_rival:.3g}$, "
        rf"$t_j = {t_rival:.3g}$)",
        fontsize=11,
    )
    return fig


def comparative_statics_figure(params: Params, n: int = 41) -> plt.Figure:
    r"""Plot Nash sharing :math:`s^*` and investment :math:`t^*` against six parameters.

    A 4 x 3 grid: for each of :math:`b_1, b_2, a, \delta_d, \delta_c, \gamma`, the
    sharing level (upper panel) and investment (lower panel) of firm i along the
    sweep of :func:`comparative_statics_sweeps`.  The dashed line marks the value
    at ``params``; gaps are points without a stable interior equilibrium; grey
    shading marks where Assumption 1 fails at the equilibrium (Proposition 3(ii)
    assumes it).  Each column names the paper's result about its parameter.

    Parameters
    ----------
    params, n
        As :func:`comparative_statics_sweeps`.

    Returns
    -------
    matplotlib.figure.Figure
        Twelve axes, row-major: sharing of b1, b2, a, investment of b1, b2, a,
        then the same for delta_d, delta_c, gamma.
    """
    sweeps = comparative_statics_sweeps(params, n)
    fig, axes = plt.subplots(4, 3, figsize=(9.0, 8.6), layout="constrained")
    for index, (name, label, claim) in enumerate(SWEPT):
        sweep = sweeps[name]
        block, column = divmod(index, 3)
        values = sweep["values"]
        fails = ~sweep["assumption_1"] & sweep["ok"]
        for row, key, ylabel in ((2 * block, "s", "sharing $s^*$"),
                                 (2 * block + 1, "t", "investment $t^*$")):  # fmt: skip
            ax = axes[row, column]
            ax.plot(values, sweep[key], color=_FIRM_I if key == "s" else OKABE_ITO[3],
                    linewidth=2)  # fmt: skip
            ax.axvline(sweep["baseline"], color=OKABE_ITO[0], linestyle="--", linewidth=1)
            if fails.any():
                ax.fill_between(values, 0, 1, where=fails, color="0.85", linewidth=0,
                                transform=ax.get_xaxis_transform(), zorder=0)  # fmt: skip
            ax.set_xlim(values[0], values[-1])
            if column == 0:
                ax.set_ylabel(ylabel)
            if key == "s":
                ax.set_title(f"{label}: {claim}", fontsize=10)
                ax.tick_params(labelbottom=False)
            else:
                ax.set_xlabel(label)
            ax.grid(alpha=0.3)
    fig.suptitle(
        "Symmetric Nash equilibrium along one-parameter sweeps "
        "(dashed: the point; grey: Assumption 1 fails)",
        fontsize=11,
    )
    return fig


def symmetric_condition_figure(
    params: Params,
    n: int = 400,
    t_max: float | None = None,
) -> plt.Figure:
    r"""Plot the investment condition along the symmetric path, with every equilibrium.

    At a symmetric interior point, the sharing condition gives :math:`s = \kappa t`,
    so the symmetric equilibria are the zeros of firm i's investment condition
    :math:`H = \partial\pi_i/\partial t_i` (6) evaluated at :math:`s_i = s_j =
    \kappa t`, :math:`t_i = t_j = t`, for :math:`t \in (0, \bar t)`, :math:`\bar t =
    1/\kappa` (beyond it sharing would exceed one).  Past :math:`\bar t` the curve
    continues (dashed) with full sharing :math:`s = 1`, where its zeros are the
    full-sharing corners.  Each equilibrium of :func:`isacmodel.solve.nash.nash_equilibria`
    is marked (filled: stable under best-response dynamics; open: unstable; square:
    corner) and labelled, with "local BR only" if it is not a global best
    response.  Corners are not labelled stable or unstable: the spectral radius that
    :func:`~isacmodel.solve.nash.nash_equilibria` reports for them is that of the interior
    best-response map, whereas at a corner sharing stays at one.

    Parameters
    ----------
    params : Params
        Parameter point with equal intercepts (``a_i == a_j``).
    n : int
        Points on the curve.
    t_max : float, optional
        Right end of the axis; by default :math:`1.25 \bar t`, extended to show
        corners up to :math:`2 \bar t` (corners further out are listed in the title).

    Returns
    -------
    matplotlib.figure.Figure
        One axis; each equilibrium marker is a line with ``gid="equilibrium"``.

    Raises
    ------
    ValueError
        If the intercepts differ (there is no symmetric path).
    """
    data = symmetric_condition_curve(params, n, t_max)
    kappa, t_bar, t_max = data["kappa"], data["t_bar"], data["t_max"]
    equilibria, t, condition = data["equilibria"], data["t"], data["condition"]

    fig, ax = plt.subplots(figsize=(8.4, 4.0), layout="constrained")
    interior = t <= t_bar
    ax.plot(t[interior], condition[interior], color=_FIRM_I, linewidth=2,
            label=rf"$H$ at $s = \kappa t$ ($\kappa = {kappa:.3g}$)")  # fmt: skip
    if (~interior).any():
        ax.plot(t[~interior], condition[~interior], color=_FIRM_I, linewidth=2, linestyle="--",
                label="$H$ at full sharing $s = 1$")  # fmt: skip
        ax.axvline(t_bar, color=OKABE_ITO[0], linestyle=":", linewidth=1)
        ax.annotate(r"$\bar t = 1/\kappa$", (t_bar, 1.0), xycoords=("data", "axes fraction"),
                    xytext=(3, -4), textcoords="offset points", va="top", fontsize=9)  # fmt: skip
    ax.axhline(0.0, color=OKABE_ITO[0], linewidth=0.8)
    off_axis = [eq for eq in equilibria if eq.t[0] > t_max]
    seen: set[str] = set()
    for eq in (eq for eq in equilibria if eq.t[0] <= t_max):
        root = eq.t[0]
        if eq.corner:
            kind, text = "corner equilibrium", f"corner\n$t = {root:.3g}$\n$s = {eq.s[0]:.3g}$"
        else:
            kind = "stable equilibrium" if eq.stable else "unstable equilibrium"
            text = f"{kind.split()[0]}\n$t = {root:.3g}$\n$s = {eq.s[0]:.3g}$"
        if eq.global_best_response is False:
            text += "\nlocal BR only"
        ax.plot([root], [0.0], marker="s" if eq.corner else "o", markersize=8,
                linestyle="none", color=OKABE_ITO[5] if eq.corner else OKABE_ITO[0],
                markerfacecolor=None if eq.stable and not eq.corner else "white", zorder=5,
                gid="equilibrium", label="_nolegend_" if kind in seen else kind)  # fmt: skip
        seen.add(kind)
        # label on the side of the axis the curve leaves free: above where H falls
        step = 0.01 * t_max
        falling = np.interp(root + step, t, condition) < np.interp(root - step, t, condition)
        ax.annotate(text, (root, 0.0), xytext=(5, 6 if falling else -6), fontsize=8,
                    textcoords="offset points", va="bottom" if falling else "top")  # fmt: skip
    low, high = min(float(np.nanmin(condition)), 0.0), max(float(np.nanmax(condition)), 0.0)
    ax.set_ylim(low - 0.2 * (high - low), high + 0.2 * (high - low))
    ax.set_xlim(0.0, t_max)
    ax.set_xlabel(r"common investment $t$ (sharing $s = \min(\kappa t, 1)$)")
    ax.set_ylabel(r"$H = \partial \pi_i / \partial t_i$")
    title = "Investment condition along the symmetric path"
    if off_axis:
        title += "\nalso off the axis: " + ", ".join(
            f"{'corner' if e.corner else 'equilibrium'} at $t = {e.t[0]:.3g}$, $s = {e.s[0]:.3g}$"
            for e in off_axis
        )
    ax.set_title(title, fontsize=10)
    fig.legend(frameon=False, fontsize=9, loc="outside right upper")
    ax.grid(alpha=0.3)
    return fig
