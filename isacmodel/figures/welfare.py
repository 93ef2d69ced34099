r"""Figures of section 2.2: the market, the information-sharing alliance and the planner.

Section 2.2 compares the market (Bertrand-Nash), the joint-profit ISA and the
planner, with the market without sharing and the colluding ISA as references
(:mod:`isacmodel.figures.welfare_data` solves them, vectorised over the values a
figure sweeps).  Every function here takes a :class:`~isacmodel.Params` and returns a
fresh figure.  A regime keeps one colour (Okabe-Ito), one marker and one line style
in every figure (:data:`~isacmodel.figures.style.REGIME_STYLES`), so that colour-blind
and greyscale readers can tell them apart; where a coordinated optimum does not exist
(:func:`isacmodel.derive.welfare.existence_margin`) the figures leave gaps, and shade.

>>> figure = regime_welfare_figure(Params())
>>> sorted({bar.get_gid() for bar in figure.axes[0].patches})[:2]
['collusion', 'joint profit']
>>> plt.close(figure)
"""

from __future__ import annotations

from collections.abc import Sequence

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.axes import Axes
from matplotlib.colors import to_rgba
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from isacmodel.core.params import Params
from isacmodel.core.regimes import Regime
from isacmodel.figures.style import (
    FAILED_FILL,
    OKABE_ITO,
    PARAMETER_LABELS,
    REGIME_HATCHES,
    REGIME_LABELS,
    REGIME_STYLES,
    label_path_ends,
    plain_log_axis,
    regime_line,
    regime_marker,
)
from isacmodel.figures.sweeps import (
    SWEEPABLE,
    baseline_value,
    check_name,
    checked_values,
    default_values,
)
from isacmodel.figures.welfare_data import (
    SWEEP_REGIMES,
    SYMMETRIC_FIRMS,
    check_symmetric,
    decades,
    existence_regions,
    held_fixed_curves,
    missing_runs,
    ordering_verdict,
    point_results,
    regime_sweep,
    sign_changes,
)

__all__ = [
    "REGIME_LABELS",
    "REGIME_STYLES",
    "SWEEP_REGIMES",
    "SWEEPABLE",
    "collusion_figure",
    "existence_region_figure",
    "held_fixed_figure",
    "regime_paths_figure",
    "regime_sweep",
    "regime_welfare_figure",
    "regimes_against_parameter_figure",
]

_UNBOUNDED = "does not exist"
_ASSUMPTION_FILL = to_rgba(OKABE_ITO[7], 0.7)


# ------------------------------------------------------------ helpers
def _shade_missing(ax: Axes, params: Params, name: str, values: np.ndarray, regime: str,
                   text: str, scale: float = 1.0) -> bool:  # fmt: skip
    """Shade (and hatch) the ranges of ``name`` where ``regime``'s optimum does not exist.

    The horizontal axis shows ``name`` divided by ``scale``.
    """
    runs, width = missing_runs(params, name, values, regime, scale)
    for start, end in runs:
        ax.axvspan(start, end, facecolor=FAILED_FILL, edgecolor="0.45", hatch="//",
                   linewidth=0, zorder=0, gid=f"{regime} missing")  # fmt: skip
        if text:
            narrow = end - start < 0.25 * width
            ax.text((start + end) / 2, 0.97, text, transform=ax.get_xaxis_transform(),
                    ha="center", va="top", fontsize=8, color="0.25",
                    rotation=90 if narrow else 0, zorder=7,
                    bbox=dict(boxstyle="round,pad=0.2", facecolor="white", edgecolor="none",
                              alpha=0.8))  # fmt: skip
    return bool(runs)


# ------------------------------------------------------------- figures
def regime_paths_figure(
    params: Params,
    name: str = "delta_c",
    values: Sequence[float] | None = None,
    *,
    log: bool | None = None,
) -> plt.Figure:
    r"""Plot each regime's :math:`(s, t)` as one parameter sweeps: the paths in the plane.

    One axes in the :math:`(s, t)` plane with the path of the market's equilibrium,
    the joint-profit ISA's optimum and the planner's optimum as ``name`` runs over
    ``values`` (small markers at the solved points, each end labelled with its
    value; gaps where an optimum does not exist), and each regime's point at
    ``params`` (large marker).  Proposition 5(ii) says the paths are ordered
    market < ISA < planner in both coordinates; the title reports whether that
    holds at every swept value.

    Parameters
    ----------
    params, name
        As :func:`regime_sweep`.
    values : sequence of float, optional
        The sweep; by default 21 values over a range of ``name`` around ``params``
        (:math:`\delta_c \in [0, 1]`, :math:`b_2 \in [0.05, 0.9]\,b_1`, ...).
    log : bool, optional
        Logarithmic axes; by default when the investments span more than a factor
        10 (and every solved ``s`` and ``t`` is positive), so that the market's
        and the ISA's paths are not squeezed into a corner by the planner's.

    Returns
    -------
    matplotlib.figure.Figure
        One axes; each path is the line with ``gid`` equal to the regime
        (``"nash"``, ``"joint profit"``, ``"social optimum"``), each point at
        ``params`` the line with ``gid`` ``"<regime> baseline"``.
    """
    check_name(name, SYMMETRIC_FIRMS)
    values = default_values(params, name) if values is None else checked_values(values)
    base = baseline_value(params, name)
    data = regime_sweep(params, name, np.append(values, base))
    symbol = PARAMETER_LABELS[name].strip("$")
    regimes = (Regime.NASH, Regime.JOINT_PROFIT, Regime.SOCIAL_OPTIMUM)

    fig, ax = plt.subplots(figsize=(7.6, 5.2), layout="constrained")
    ax.axvline(1.0, color="0.4", linestyle=":", linewidth=1)
    ax.annotate("full sharing $s = 1$", (1.0, 0.02), xycoords=("data", "axes fraction"),
                xytext=(-4, 0), textcoords="offset points", ha="right", fontsize=8,
                color="0.3")  # fmt: skip
    solved = np.concatenate([np.column_stack([data[r]["s"], data[r]["t"]]) for r in regimes])
    solved = solved[np.isfinite(solved).all(axis=1)]
    positive = solved.size > 0 and bool((solved > 0).all())
    if log is None:
        log = positive and solved[:, 1].max() > 10 * solved[:, 1].min()
    if log and positive:
        ax.set_xscale("log")
        ax.set_yscale("log")
        plain_log_axis(ax.xaxis)
        plain_log_axis(ax.yaxis)
        ax.set_xlim(0.7 * solved[:, 0].min(), 1.3)
        ax.set_ylim(0.7 * solved[:, 1].min(), 1.6 * solved[:, 1].max())
    else:
        t_high = solved[:, 1].max() if solved.size and solved[:, 1].max() > 0 else 1.0
        ax.set_xlim(-0.02, 1.08)
        ax.set_ylim(0.0, 1.15 * t_high)
    paths = {regime: (data[regime]["s"][:-1], data[regime]["t"][:-1]) for regime in regimes}
    for regime, (s, t) in paths.items():
        ax.plot(s, t, markersize=4, **regime_line(regime))
        ax.plot(data[regime]["s"][-1:], data[regime]["t"][-1:],
                **regime_marker(regime, "baseline"))  # fmt: skip
    markers = np.array([[data[r]["s"][-1], data[r]["t"][-1]] for r in regimes])
    legend = np.array([[x, y] for x in np.linspace(0.0, 0.35, 8) for y in (0.75, 0.85, 0.95)])
    label_path_ends(ax, paths, values, symbol, markers[np.isfinite(markers).all(axis=1)], legend)
    ax.set_xlabel("common sharing $s$")
    ax.set_ylabel("common investment $t$")
    ax.set_title(f"Sharing and investment of each regime as ${symbol}$ runs from "
                 f"{values[0]:.3g} to {values[-1]:.3g}\n"
                 f"{ordering_verdict(data, regimes)}", fontsize=10)  # fmt: skip
    handles, labels = ax.get_legend_handles_labels()
    handles.append(Line2D([], [], marker="o", markersize=10, linestyle="none",
                          markerfacecolor="white", markeredgecolor="black"))  # fmt: skip
    labels.append(f"at the point (${symbol} = {base:.3g}$)")
    ax.legend(handles, labels, frameon=False, fontsize=9, loc="upper left")
    ax.grid(alpha=0.3)
    return fig


def regimes_against_parameter_figure(
    params: Params, name: str, values: Sequence[float] | None = None
) -> plt.Figure:
    r"""Plot each regime's sharing and investment against one parameter.

    Left: the common sharing :math:`s`; right: the common investment :math:`t`; for
    the market, the joint-profit ISA, the planner and the colluding ISA (dashed),
    from :func:`regime_sweep`.  Hatched grey: values of ``name`` where the
    planner's optimum does not exist (:func:`isacmodel.derive.welfare.existence_margin`
    on a fine grid); other regimes' gaps show as breaks in their lines.  A yellow
    strip along the bottom marks the swept values where Assumption 1, which the
    proof of Proposition 5 uses, fails at the market equilibrium.  The dashed
    vertical line marks the value at ``params``.

    Parameters
    ----------
    params, name, values
        As :func:`regime_paths_figure`.

    Returns
    -------
    matplotlib.figure.Figure
        Two axes (sharing, investment); each regime's curve has ``gid`` equal to the
        regime.
    """
    check_name(name, SYMMETRIC_FIRMS)
    values = default_values(params, name) if values is None else checked_values(values)
    data = regime_sweep(params, name, values)
    label = PARAMETER_LABELS[name]
    order = np.argsort(values, kind="stable")
    x = values[order]
    fails = (data[Regime.NASH]["ok"] & ~data["assumption_1"])[order]
    fig, axes = plt.subplots(1, 2, figsize=(10.0, 4.4), layout="constrained", sharex=True)
    for ax, key, ylabel in ((axes[0], "s", "common sharing $s$"),
                            (axes[1], "t", "common investment $t$")):  # fmt: skip
        shaded = _shade_missing(ax, params, name, values, Regime.SOCIAL_OPTIMUM,
                                "planner's optimum\n" + _UNBOUNDED)  # fmt: skip
        for regime in (Regime.NASH, Regime.JOINT_PROFIT, Regime.COLLUSION, Regime.SOCIAL_OPTIMUM):
            ax.plot(x, data[regime][key][order], markersize=4, **regime_line(regime))
        if fails.any():
            ax.fill_between(x, 0, 0.035, where=fails, step="mid", facecolor=_ASSUMPTION_FILL,
                            transform=ax.get_xaxis_transform(), edgecolor="0.3", hatch="\\\\",
                            linewidth=0, zorder=1, gid="assumption 1 fails")  # fmt: skip
        ax.axvline(baseline_value(params, name), color=OKABE_ITO[0], linestyle="--",
                   linewidth=1, label=f"at the point ({label} = "
                   f"{baseline_value(params, name):.3g})")  # fmt: skip
        ax.set_xlim(x[0], x[-1])
        ax.set_xlabel(label)
        ax.set_ylabel(ylabel)
        ax.set_ylim(bottom=0.0)
        ax.grid(alpha=0.3)
    axes[0].set_title("Sharing", fontsize=10)
    axes[1].set_title("Investment", fontsize=10)
    handles, labels = axes[0].get_legend_handles_labels()
    if shaded:
        handles.append(Patch(facecolor=FAILED_FILL, edgecolor="0.45", hatch="//"))
        labels.append("planner's optimum does not exist")
    if fails.any():
        handles.append(Patch(facecolor=_ASSUMPTION_FILL, edgecolor="0.3", hatch="\\\\"))
        labels.append("strip: Assumption 1 fails at the market equilibrium")
    fig.legend(handles, labels, frameon=False, loc="outside lower center", ncols=3, fontsize=9)
    fig.suptitle(f"Each regime's choices as {label} varies", fontsize=11)
    return fig


def regime_welfare_figure(params: Params) -> plt.Figure:
    r"""Plot welfare, consumer surplus and joint profit of every regime at one point.

    Grouped bars: for the market without sharing, the market (Nash), the
    joint-profit ISA, the colluding ISA and the planner, the welfare, consumer
    surplus and joint profit (net of investment costs) at ``params``, each value
    written on its bar (3 decimals).  A regime without an optimum (or a stable
    interior equilibrium) at ``params`` gets no bar but a note.

    Parameters
    ----------
    params : Params
        The point (equal intercepts).

    Returns
    -------
    matplotlib.figure.Figure
        One axes; each bar has ``gid`` equal to its regime (``"no sharing"``,
        ``"nash"``, ``"joint profit"``, ``"collusion"``, ``"social optimum"``) and
        the bars of a regime are in the order welfare, consumer surplus, joint profit.
    """
    check_symmetric(params)
    results = point_results(params)
    regimes = tuple(results)
    measures = (("welfare", "welfare"), ("consumer_surplus", "consumer surplus"),
                ("joint_profit", Regime.JOINT_PROFIT))  # fmt: skip
    width = 0.8 / len(regimes)
    fig, ax = plt.subplots(figsize=(9.0, 4.6), layout="constrained")
    top = 0.0
    for index, regime in enumerate(regimes):
        result = results[regime]
        positions = np.arange(len(measures)) + (index - (len(regimes) - 1) / 2) * width
        if isinstance(result, str):
            heights = np.full(len(measures), np.nan)
        else:
            heights = np.array([result.welfare, result.consumer_surplus, sum(result.profit)])
        style = REGIME_STYLES[regime]
        bars = ax.bar(positions, np.nan_to_num(heights), width * 0.92, color=style["color"],
                      hatch=REGIME_HATCHES[regime], edgecolor="white" if regime != "no sharing" else
                      "black", linewidth=0.6, label=REGIME_LABELS[regime])  # fmt: skip
        for bar in bars:
            bar.set_gid(str(regime))
        for position, height in zip(positions, heights, strict=True):
            if np.isfinite(height):
                ax.annotate(f"{height:.3f}", (position, height), xytext=(0, 2),
                            textcoords="offset points", ha="center", va="bottom",
                            fontsize=8)  # fmt: skip
                top = max(top, height)
            else:
                missing = (
                    "no equilibrium" if regime in (Regime.NASH, "no sharing") else "no optimum"
                )
                ax.annotate(missing, (position, 0.0), xytext=(0, 3),
                            textcoords="offset points", ha="center", va="bottom", rotation=90,
                            fontsize=8, color="0.3")  # fmt: skip
    ax.set_xticks(np.arange(len(measures)), [label for _, label in measures])
    ax.set_ylim(min(0.0, ax.get_ylim()[0]), 1.12 * top if top > 0 else 1.0)
    ax.axhline(0.0, color=OKABE_ITO[0], linewidth=0.8)
    ax.set_ylabel("value")
    ax.grid(axis="y", alpha=0.3)
    fig.legend(frameon=False, fontsize=9, loc="outside right upper")
    ax.set_title(
        rf"Welfare and its split at $b_2 = {params.b2:g}$, $\delta_c = {params.delta_c:g}$, "
        rf"$\delta_d = {params.delta_d:g}$, $k = {params.k:g}$, $\rho = {params.rho:g}$",
        fontsize=10,
    )
    return fig


def collusion_figure(params: Params, values: Sequence[float] | None = None) -> plt.Figure:
    r"""Plot welfare with and without price collusion as the products become closer substitutes.

    As :math:`b_2 / b_1` varies (:math:`b_2` = ratio times ``params.b1``), left: welfare
    of the joint-profit ISA (Bertrand prices), of the colluding ISA (which also sets
    a common price) and of the market, on a log scale when it spans more than a
    decade; right: the welfare loss from collusion :math:`W_{JP} - W_{C}`, with a
    zero line and each sign change marked.  The text after Proposition 5 says
    collusion always lowers welfare; the loss turns negative for close substitutes,
    where the colluding ISA's optimum runs towards its existence boundary and its
    investment grows without bound.  Gaps (hatched) are where an optimum does not
    exist.

    Parameters
    ----------
    params : Params
        The point (equal intercepts); ``b2`` is replaced by the sweep.
    values : sequence of float, optional
        Ratios :math:`b_2/b_1` in ``[0, 1)``; by default 30 values in
        ``[0.05, 0.95]``.

    Returns
    -------
    matplotlib.figure.Figure
        Two axes; in the left one each curve has ``gid`` equal to the regime, in the
        right one the loss is the line with ``gid="loss"`` and each sign change a
        line with ``gid="sign change"``.
    """
    ratio = np.linspace(0.05, 0.95, 30) if values is None else checked_values(values)
    if ((ratio < 0) | (ratio >= 1)).any():
        raise ValueError(f"values are ratios b2/b1 and must lie in [0, 1) (got {ratio})")
    data = regime_sweep(params, "b2", ratio * params.b1)
    order = np.argsort(ratio, kind="stable")
    x = ratio[order]
    fig, (left, right) = plt.subplots(1, 2, figsize=(10.0, 4.4), layout="constrained")
    for ax in (left, right):
        _shade_missing(ax, params, "b2", ratio * params.b1, Regime.COLLUSION, "", scale=params.b1)
        ax.axvline(params.b2 / params.b1, color=OKABE_ITO[0], linestyle="--", linewidth=1)
        ax.set_xlim(x[0], x[-1])
        ax.set_xlabel("substitutability $b_2 / b_1$")
        ax.grid(alpha=0.3)
    for regime in (Regime.NASH, Regime.JOINT_PROFIT, Regime.COLLUSION):
        left.plot(x, data[regime]["welfare"][order], markersize=4, **regime_line(regime))
    finite = np.concatenate(
        [data[r]["welfare"] for r in (Regime.NASH, Regime.JOINT_PROFIT, Regime.COLLUSION)]
    )
    finite = finite[np.isfinite(finite)]
    if finite.size and finite.min() > 0 and finite.max() > 10 * finite.min():
        left.set_yscale("log")
        plain_log_axis(left.yaxis)
        left.set_ylabel("welfare $W$ (log scale)")
    else:
        left.set_ylabel("welfare $W$")
    left.set_title("Welfare of each regime", fontsize=10)

    loss = (data[Regime.JOINT_PROFIT]["welfare"] - data[Regime.COLLUSION]["welfare"])[order]
    right.axhline(0.0, color=OKABE_ITO[0], linewidth=1)
    right.plot(x, loss, color=OKABE_ITO[5], marker="D", markersize=4, linewidth=2, gid="loss",
               label=r"$W_{JP} - W_{C}$")  # fmt: skip
    magnitude = np.abs(loss[np.isfinite(loss)])
    positive = loss[np.isfinite(loss) & (loss > 0)]
    if magnitude.size and positive.size and magnitude.max() > 5 * positive.max():
        threshold = float(10 ** np.ceil(np.log10(positive.max())))
        right.set_yscale("symlog", linthresh=threshold, linscale=2.0)
        low = min(float(np.nanmin(loss)), -threshold)
        high = max(float(np.nanmax(loss)), threshold)
        below = [-threshold * 10.0**p for p in range(1, decades(-low / threshold) + 1)]
        above = [threshold * 10.0**p for p in range(1, decades(high / threshold) + 1)]
        right.set_yticks([*reversed(below), *np.linspace(-threshold, threshold, 5), *above])
        right.set_ylim(1.6 * low, 1.6 * high if above else 1.15 * high)
        plain_log_axis(right.yaxis, subs=None)
        right.set_ylabel(f"welfare loss $W_{{JP}} - W_{{C}}$\n(linear within ±{threshold:g}, "
                         "log beyond)")  # fmt: skip
    else:
        right.set_ylabel("welfare loss $W_{JP} - W_{C}$")
    for crossing in sign_changes(x, loss):
        right.axvline(crossing, color=OKABE_ITO[5], linestyle=":", linewidth=1.5,
                      gid="sign change")  # fmt: skip
        right.annotate(f"sign change\n$b_2/b_1 \\approx {crossing:.2f}$", (crossing, 0.0),
                       xytext=(-6, 8), textcoords="offset points", ha="right", fontsize=8,
                       color="0.2")  # fmt: skip
    right.annotate("collusion lowers welfare", (0.03, 0.93), xycoords="axes fraction",
                   fontsize=8, color="0.3")  # fmt: skip
    right.annotate("collusion raises welfare", (0.03, 0.05), xycoords="axes fraction",
                   fontsize=8, color="0.3")  # fmt: skip
    right.set_title("Welfare loss from price collusion", fontsize=10)
    handles, labels = left.get_legend_handles_labels()
    handles += [Line2D([], [], color=OKABE_ITO[0], linestyle="--", linewidth=1),
                Patch(facecolor=FAILED_FILL, edgecolor="0.45", hatch="//")]  # fmt: skip
    labels += [f"at the point ($b_2/b_1 = {params.b2 / params.b1:.3g}$)",
               "colluding ISA's optimum does not exist"]  # fmt: skip
    fig.legend(handles, labels, frameon=False, loc="outside lower center", ncols=3, fontsize=9)
    return fig


def existence_region_figure(params: Params, n: int = 241) -> plt.Figure:
    r"""Map where the planner's and the joint-profit ISA's optima exist.

    Both optima exist exactly when :math:`k (1 - \rho) > c\,(1 - \gamma + \delta_d)^2`,
    with a regime-specific :math:`c(b_1, b_2)` (:func:`isacmodel.derive.welfare.existence_margin`;
    the factor :math:`1 - \rho` is 1 when :math:`\delta_c = 0`).  The planner's
    :math:`c` is the larger, so its region lies inside the ISA's.  Left: over
    :math:`b_2/b_1 \in [0, 0.95]` and :math:`k \in [1, 40]`; right: over
    :math:`\rho \in [0, 0.95]` and :math:`k` (log scale); other parameters at ``params``.  The
    boundary curves :math:`k = c\,(1 - \gamma + \delta_d)^2/(1 - \rho)` are drawn for
    the planner, the joint-profit ISA and (thin) the colluding ISA; the star is
    ``params``.

    Parameters
    ----------
    params : Params
        The other parameters.
    n : int
        Grid points per axis.

    Returns
    -------
    matplotlib.figure.Figure
        Two axes; each boundary is the line with ``gid`` ``"<regime> boundary"``
        (``x`` the horizontal variable, ``y`` the boundary ``k``), the point is the
        line with ``gid="point"``.
    """
    k_grid = np.geomspace(1.0, 40.0, n)
    x_grid = np.linspace(0.0, 0.95, n)
    colours = (to_rgba("0.55", 0.35), to_rgba(REGIME_STYLES[Regime.JOINT_PROFIT]["color"], 0.3),
               to_rgba(REGIME_STYLES[Regime.SOCIAL_OPTIMUM]["color"], 0.3))  # fmt: skip
    hatches = ("xx", "//", None)
    region_labels = ("neither optimum exists", "only the joint-profit ISA's optimum exists",
                     "the planner's (and the ISA's) optimum exists")  # fmt: skip
    fig, axes = plt.subplots(1, 2, figsize=(10.0, 4.6), layout="constrained", sharey=True)
    panels = (
        (axes[0], "b2", "substitutability $b_2 / b_1$", params.b2 / params.b1),
        (axes[1], "rho", r"cost saving $\rho$", params.rho),
    )
    for ax, varied, xlabel, point in panels:
        code, boundaries = existence_regions(params, varied, x_grid, k_grid)
        ax.contourf(x_grid, k_grid, code, levels=[-0.5, 0.5, 1.5, 2.5], colors=colours,
                    hatches=hatches)  # fmt: skip
        for regime, width in (
            (Regime.SOCIAL_OPTIMUM, 2.2),
            (Regime.JOINT_PROFIT, 2.2),
            (Regime.COLLUSION, 1.2),
        ):
            style = REGIME_STYLES[regime]
            ax.plot(x_grid, boundaries[regime], color=style["color"], linewidth=width,
                    linestyle=style["linestyle"], gid=f"{regime} boundary",
                    label=f"{REGIME_LABELS[regime]}'s boundary")  # fmt: skip
        ax.plot([point], [params.k], marker="*", markersize=15, color=OKABE_ITO[0],
                markeredgecolor="white", linestyle="none", gid="point", zorder=6,
                label=f"the point ($k = {params.k:g}$)")  # fmt: skip
        ax.set_xlim(x_grid[0], x_grid[-1])
        ax.set_ylim(k_grid[0], k_grid[-1])
        ax.set_yscale("log")
        ax.set_yticks([1, 2, 5, 10, 20, 40])
        plain_log_axis(ax.yaxis, subs=None)
        ax.set_xlabel(xlabel)
    axes[0].set_ylabel("investment cost scale $k$ (log scale)")
    axes[0].set_title(rf"$\rho = {params.rho:g}$", fontsize=10)
    note = " ($\\delta_c = 0$: no saving, $\\rho$ does not matter)" if params.delta_c == 0 else ""
    axes[1].set_title(rf"$b_2/b_1 = {params.b2 / params.b1:.3g}${note}", fontsize=10)
    handles, labels = axes[0].get_legend_handles_labels()
    handles += [Patch(facecolor=colour, hatch=hatch, edgecolor="0.35")
                for colour, hatch in zip(colours, hatches, strict=True)]  # fmt: skip
    labels += list(region_labels)
    fig.legend(handles, labels, frameon=False, loc="outside lower center", ncols=3, fontsize=9)
    fig.suptitle(
        rf"Where the optima exist: $k(1-\rho) > c\,(1-\gamma+\delta_d)^2$ "
        rf"($\gamma = {params.gamma:g}$, $\delta_d = {params.delta_d:g}$, "
        rf"$\delta_c = {params.delta_c:g}$)",
        fontsize=11,
    )
    return fig


def held_fixed_figure(
    params: Params,
    delta_c: float | None = None,
    n: int = 81,
    *,
    s_limits: tuple[float, float] | None = None,
    t_limits: tuple[float, float] | None = None,
) -> plt.Figure:
    r"""Plot the steps of the proof of Proposition 5: one choice with the other held fixed.

    Left: for a common investment :math:`t` held fixed, the common sharing each of
    the market (the symmetric solution of (5)), the joint-profit ISA and the
    planner chooses (:func:`isacmodel.solve.optima.sharing_at_fixed_investment`).  Right:
    for a common sharing :math:`s` held fixed, each one's investment
    (:func:`isacmodel.solve.optima.investment_at_fixed_sharing`).  Each regime's optimum
    :math:`(s^*, t^*)` is marked; it lies on both of its curves.  The proof needs
    the planner's curve above the ISA's in both panels; with :math:`\delta_c > 0`
    the ISA's sharing lies above the planner's at every fixed :math:`t` (the step
    is reversed), and the two coincide when :math:`\delta_c = 0`.

    Parameters
    ----------
    params : Params
        The point (equal intercepts).
    delta_c : float, optional
        Overrides ``params.delta_c`` (for a slider over it).
    n : int
        Points per curve.
    s_limits, t_limits : tuple of float, optional
        Fixed limits of the sharing and investment axes (both panels), so that the
        frames of a slider share their axes.  By default sharing spans ``[0, 1]``
        and investment ``[0, 1.2 t*]``, ``t*`` the planner's optimal investment.

    Returns
    -------
    matplotlib.figure.Figure
        Two axes; each regime's curve has ``gid`` equal to the regime (``"nash"``,
        ``"joint profit"``, ``"social optimum"``), its optimum ``gid``
        ``"<regime> optimum"``.  Left: x is ``t``, y is ``s``; right: x is ``s``,
        y is ``t``.
    """
    if delta_c is not None:
        params = params.replace(delta_c=float(delta_c))
    curves = held_fixed_curves(params, n, s_limits, t_limits)
    regimes, optimum = curves["regimes"], curves["optimum"]
    s_limits, t_limits = curves["s_limits"], curves["t_limits"]
    t_grid, s_grid = curves["t_grid"], curves["s_grid"]
    sharing, investment = curves["sharing"], curves["investment"]

    fig, (left, right) = plt.subplots(1, 2, figsize=(10.0, 4.4), layout="constrained")
    for regime in regimes:
        s_star, t_star = optimum[regime]
        left.plot(t_grid, sharing[regime], **regime_line(regime, marker=None))
        right.plot(s_grid, investment[regime], **regime_line(regime, marker=None))
        left.plot([t_star], [s_star], **regime_marker(regime))
        right.plot([s_star], [t_star], **regime_marker(regime))
    gap = sharing[Regime.JOINT_PROFIT] - sharing[Regime.SOCIAL_OPTIMUM]
    if np.nanmax(np.abs(gap)) < 1e-6:
        verdict = "ISA and planner curves coincide"
    elif np.nanmin(gap) >= -1e-9:
        verdict = f"ISA shares more than the planner\n(by up to {np.nanmax(gap):.3f})"
    elif np.nanmax(gap) <= 1e-9:
        verdict = f"planner shares more than the ISA\n(by up to {-np.nanmin(gap):.3f})"
    else:
        verdict = "ISA and planner curves cross"
    box = dict(boxstyle="round", facecolor="white", edgecolor="0.7")
    left.text(0.98, 0.04, verdict, transform=left.transAxes, ha="right", va="bottom",
              fontsize=9, bbox=box)  # fmt: skip
    defined = np.isfinite(np.column_stack(list(investment.values()))).all(axis=1)
    ordered = defined & (investment[Regime.NASH] < investment[Regime.JOINT_PROFIT])
    ordered &= investment[Regime.JOINT_PROFIT] < investment[Regime.SOCIAL_OPTIMUM]
    if not defined.any():
        verdict = "no value of $s$ where\nall three are defined"
    elif ordered[defined].all():
        verdict = f"market < ISA < planner\nat all {int(defined.sum())} values of $s$"
    else:
        verdict = f"market < ISA < planner\nat {int(ordered.sum())} of {int(defined.sum())} values"
    if 0 < defined.sum() < n:
        verdict += "\nwhere all three are defined"
    right.text(0.98, 0.04, verdict, transform=right.transAxes, ha="right", va="bottom",
               fontsize=9, bbox=box)  # fmt: skip
    left.set_xlim(*t_limits)
    left.set_ylim(*s_limits)
    left.set_xlabel("common investment $t$ (held fixed)")
    left.set_ylabel("chosen common sharing $s$")
    left.set_title("Sharing with investment held fixed", fontsize=10)
    right.set_xlim(*s_limits)
    right.set_ylim(*t_limits)
    right.set_xlabel("common sharing $s$ (held fixed)")
    right.set_ylabel("chosen common investment $t$")
    right.set_title("Investment with sharing held fixed", fontsize=10)
    for ax in (left, right):
        ax.grid(alpha=0.3)
    handles = [Line2D([], [], linewidth=2, markersize=9, markeredgecolor="black",
                      **REGIME_STYLES[regime]) for regime in regimes]  # fmt: skip
    labels = [f"{REGIME_LABELS[regime]} (marker: its optimum)" for regime in regimes]
    fig.legend(handles, labels, frameon=False, loc="outside lower center", ncols=3, fontsize=9)
    fig.suptitle(rf"Steps of the proof of Proposition 5 at $\delta_c = {params.delta_c:g}$",
                 fontsize=11)  # fmt: skip
    return fig
