r"""Figures of section 3: sequential entry (leader and follower) and footnote 27's timing.

In section 3 the incumbent, firm ``i``, chooses its sharing and investment
:math:`(s_i, t_i)` first; the entrant, firm ``j``, observes them and best-responds
with :math:`(s_j^*, t_j^*)`; then both set Bertrand prices.  The leader maximises

.. math::

    V(s_i, t_i) = \pi_i\bigl(s_i, t_i, s_j^*(s_i, t_i), t_j^*(s_i, t_i)\bigr),

so its optimum :math:`(s_i^S, t_i^S)` differs from the simultaneous Nash equilibrium
:math:`(s^N, t^N)`, where each firm takes the other's choices as given.  In
footnote 27's game both firms invest first, then share, then set prices.  The
solvers are in :mod:`isacmodel.solve.sequential`:

* :func:`leader_follower_figure`: the leader's payoff :math:`V` around its optimum,
  and the textbook Stackelberg picture in investments (the follower's reaction
  curve tangent to the leader's iso-profit curve);
* :func:`~isacmodel.figures.sequential_data.sequential_sweep` and
  :func:`sequential_vs_simultaneous_figure`: the
  leader's and the follower's choices, profits and welfare against the Nash
  equilibrium, along a sweep of one parameter;
* :func:`technology_first_figure`: footnote 27's equilibrium against Nash as the
  leakage term :math:`\gamma_3` grows (they coincide at :math:`\gamma_3 = 0`).

A role keeps one colour (Okabe-Ito), one marker and one line style in every
figure (:data:`ROLE_STYLES`); every plotted artist has a ``gid`` so that tests
can read the data back.

>>> data = sequential_sweep(Params(), "b2", [0.6, 0.9])
>>> bool((data["stackelberg"]["s"][:, 0] > data["nash"]["s"][:, 0]).all())
True
"""

from __future__ import annotations

from collections.abc import Sequence

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.axes import Axes
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib.ticker import FuncFormatter, MaxNLocator, NullFormatter

from isacmodel.core.params import Params
from isacmodel.core.regimes import Regime
from isacmodel.figures.sequential_data import (
    leader_follower_data,
    sequential_sweep,
    technology_first_paths,
)
from isacmodel.figures.style import (
    FAILED_FILL,
    OKABE_ITO,
    PARAMETER_LABELS,
    PAYOFF_MAP,
    ROLE_LABELS,
    ROLE_STYLES,
    failure_note,
    plain_axis,
    shade_failed,
)
from isacmodel.figures.sweeps import baseline_value, check_name, checked_values, default_values

__all__ = [
    "ROLE_LABELS",
    "ROLE_STYLES",
    "leader_follower_figure",
    "sequential_sweep",
    "sequential_vs_simultaneous_figure",
    "technology_first_figure",
]


def _marker_kwargs(role: str, gid: str, label: str, size: float = 10) -> dict:
    """Keyword arguments of ``ax.plot`` for a role's large marker."""
    style = ROLE_STYLES[role]
    return dict(color=style["color"], marker=style["marker"], linestyle="none",
                markersize=size * (1.5 if style["marker"] == "*" else 1.0),
                markeredgecolor="black", markeredgewidth=1.0, zorder=6, gid=str(gid), clip_on=False,
                label=label)  # fmt: skip


def _scientific(value: float, sign: bool = False) -> str:
    r"""Format ``value`` in compact mathtext, e.g. ``1.6 \times 10^{-7}`` (``+`` if ``sign``)."""
    plus = "+" if sign and value > 0 else ""
    if value == 0 or not np.isfinite(value):
        return f"{value:g}"
    exponent = int(np.floor(np.log10(abs(value))))
    if -3 <= exponent <= 3:
        return f"{plus}{value:.2g}"
    return rf"{plus}{value / 10**exponent:.2g} \times 10^{{{exponent}}}"


# ------------------------------------------------------ the leader-follower picture
def leader_follower_figure(params: Params, *, zoom: float | None = None, n: int = 60) -> plt.Figure:
    r"""Draw the leader's problem around its optimum: payoff map and Stackelberg picture.

    Left, the leader's choices :math:`(s_i, t_i)`: filled contours of its payoff
    :math:`V(s_i, t_i)` with the follower best-responding
    (:func:`isacmodel.solve.sequential.leader_payoff`), relative to the optimum and in units
    of the leader's gain :math:`V^S - \pi_i^N`, so that the iso-payoff curve through
    the simultaneous Nash point (drawn) is the level :math:`-1`.  The leader's
    optimum (:func:`isacmodel.solve.sequential.solve_stackelberg`, star) is the top of
    the hill; the Nash point (:func:`isacmodel.solve.nash.solve_nash`, circle) lies
    below it.

    Right, investments :math:`(t_i, t_j)`, the leader's sharing held at
    :math:`s_i^S`: the follower's reaction :math:`t_j^*(t_i)`
    (:func:`isacmodel.solve.sequential.follower_response`) and the leader's iso-profit
    curves :math:`\pi_i(s_i^S, t_i, s_j, t_j) = \text{const}`, where :math:`s_j` is
    the follower's best sharing for its investment :math:`t_j` (its condition (5);
    on the reaction curve this is its best response).  The leader picks the point
    of the reaction curve on its best iso-profit curve: the Stackelberg point is
    at the tangency (the classic textbook picture).  The Nash point is where the
    follower's reaction with the leader's sharing at its Nash level (dashed)
    crosses the leader's own reaction in the simultaneous game, given the
    follower's Nash sharing (dotted).

    The effect is small at the baseline (the leader shares about 0.002 more and
    gains about :math:`1.6 \times 10^{-7}`), so both panels are zoomed on the two
    points; the title gives each firm's gain over Nash.

    Parameters
    ----------
    params : Params
        The parameter point.
    zoom : float, optional
        Magnification of the window.  At the default (``None``, same as 1) the
        window is centred on the leader's optimum and spans twice the box around
        its iso-payoff curve through the Nash point (so the Nash point lies about
        half-way to the edge); ``zoom=2`` halves the window (the Nash point is then
        near its edge), ``zoom=0.5`` doubles it.
    n : int
        Grid points per axis of the contour maps (``n`` by ``n`` evaluations of
        the follower's best response each).

    Returns
    -------
    matplotlib.figure.Figure
        Two axes and a colour bar.  Left (x ``s_i``, y ``t_i``): the lines with
        ``gid`` ``"stackelberg"`` and ``"nash"`` are the two points, the filled
        contours have ``gid="leader payoff"`` and the curve through the Nash point
        ``gid="nash iso-payoff"``.  Right (x ``t_i``, y ``t_j``): lines
        ``"follower reaction"`` (leader's sharing at :math:`s_i^S`),
        ``"follower reaction at nash sharing"``, ``"leader reaction"``,
        ``"stackelberg"`` and ``"nash"``; contours ``"iso-profit"`` and
        ``"stackelberg iso-profit"``.

    Raises
    ------
    ValueError
        If ``zoom`` is not a positive number or ``n < 5``.
    EquilibriumError
        If there is no Nash equilibrium or no leader-follower equilibrium.

    Examples
    --------
    >>> figure = leader_follower_figure(Params(), n=20)
    >>> [ax.get_xlabel() for ax in figure.axes[:2]]
    ["leader's sharing $s_i$", "leader's investment $t_i$"]
    >>> plt.close(figure)
    """
    zoom = 1.0 if zoom is None else zoom
    if not (isinstance(zoom, int | float) and np.isfinite(zoom) and zoom > 0):
        raise ValueError(f"zoom must be a positive number (got zoom={zoom!r})")
    if not (isinstance(n, int | np.integer) and n >= 5):
        raise ValueError(f"n must be an integer of at least 5 (got n={n!r})")
    data = leader_follower_data(params, float(zoom), n)
    stackelberg, simultaneous = data[Regime.STACKELBERG], data["simultaneous"]
    leader, nash_point, unit = data["leader"], data["nash_point"], data["unit"]
    gain, follower_gain = data["gain"], data["follower_gain"]
    s_limits, t_limits, tj_limits = data["s_limits"], data["t_limits"], data["tj_limits"]
    s_mesh, t_mesh, relative = data["s_mesh"], data["t_mesh"], data["relative"]
    t_i, reaction_s, reaction_n = data["t_i"], data["reaction_s"], data["reaction_n"]
    ti_mesh, tj_mesh, profit = data["ti_mesh"], data["tj_mesh"], data["profit"]
    tj_dense, own = data["tj_dense"], data["own"]

    fig, (left, right) = plt.subplots(1, 2, figsize=(10.5, 4.9), layout="constrained")

    # left: the leader's payoff with the follower responding
    levels = MaxNLocator(nbins=12).tick_values(np.nanmin(relative), max(np.nanmax(relative), 0))
    filled = left.contourf(s_mesh, t_mesh, relative, levels=levels, cmap=PAYOFF_MAP)
    filled.set_gid("leader payoff")
    left.contour(
        s_mesh, t_mesh, relative, levels=levels, colors="0.45", linewidths=0.5, linestyles="solid"
    )
    if unit is not None:
        through_nash = left.contour(s_mesh, t_mesh, relative, levels=[-1.0],
                                    colors=[ROLE_STYLES[Regime.NASH]["color"]], linewidths=1.8,
                                    linestyles="--")  # fmt: skip
        through_nash.set_gid("nash iso-payoff")
    left.plot(*nash_point, **_marker_kwargs(Regime.NASH, Regime.NASH, ROLE_LABELS[Regime.NASH]))
    left.plot(
        *leader,
        **_marker_kwargs(Regime.STACKELBERG, Regime.STACKELBERG, ROLE_LABELS[Regime.STACKELBERG]),
    )
    bar = fig.colorbar(filled, ax=left, shrink=0.9, pad=0.02)
    bar.set_label("leader's payoff $V - V^S$, in units of $V^S - \\pi_i^N$" if unit is not None
                  else "leader's payoff $V - V^S$")  # fmt: skip
    left.set_xlim(*s_limits)
    left.set_ylim(*t_limits)
    left.set_xlabel("leader's sharing $s_i$")
    left.set_ylabel("leader's investment $t_i$")
    widths = np.diff(s_limits)[0], np.diff(t_limits)[0]
    left.set_title("Leader's payoff $V(s_i, t_i)$, the follower responding\n"
                   f"window {widths[0]:.2g} wide in $s_i$, {widths[1]:.2g} in $t_i$",
                   fontsize=10)  # fmt: skip

    # right: investments, the leader's sharing at its optimum
    iso_levels = MaxNLocator(nbins=10).tick_values(np.nanmin(profit), np.nanmax(profit))
    iso = right.contour(ti_mesh, tj_mesh, profit, levels=iso_levels, colors="0.6",
                        linewidths=0.8, linestyles="solid")  # fmt: skip
    iso.set_gid("iso-profit")
    through = right.contour(ti_mesh, tj_mesh, profit, levels=[0.0],
                            colors=[ROLE_STYLES["leader"]["color"]], linewidths=2.0)  # fmt: skip
    through.set_gid("stackelberg iso-profit")
    follower_style = ROLE_STYLES["follower"]
    right.plot(
        t_i,
        reaction_s,
        color=follower_style["color"],
        linewidth=2.2,
        gid="follower reaction",
        label=f"follower's reaction $t_j^*(t_i)$, $s_i = s_i^S = {leader[0]:.4f}$",
    )
    right.plot(t_i, reaction_n, color=follower_style["color"], linewidth=1.4, linestyle="--",
               gid="follower reaction at nash sharing",
               label=f"follower's reaction, $s_i = s_i^N = {nash_point[0]:.4f}$")  # fmt: skip
    right.plot(own, tj_dense, color=ROLE_STYLES[Regime.NASH]["color"], linewidth=1.4, linestyle=":",
               gid="leader reaction",
               label="leader's reaction $t_i^*(t_j)$ in the simultaneous game, "
                     "$s_j = s_j^N$")  # fmt: skip
    leading = _marker_kwargs(Regime.STACKELBERG, Regime.STACKELBERG, "_stackelberg")
    right.plot(stackelberg.t[0], stackelberg.t[1], **leading)
    right.plot(
        simultaneous.t[0], simultaneous.t[1], **_marker_kwargs(Regime.NASH, Regime.NASH, "_nash")
    )
    right.set_xlim(*t_limits)
    right.set_ylim(*tj_limits)
    right.set_xlabel("leader's investment $t_i$")
    right.set_ylabel("follower's investment $t_j$")
    right.set_title("Investments, the leader's sharing at $s_i^S$:\nits iso-profit curve "
                    "touches the follower's reaction", fontsize=10)  # fmt: skip
    for ax in (left, right):
        plain_axis(ax.xaxis)
        plain_axis(ax.yaxis)

    handles, labels = left.get_legend_handles_labels()
    if unit is not None:
        handles.append(Line2D([], [], color=ROLE_STYLES[Regime.NASH]["color"], linestyle="--",
                              linewidth=1.8))  # fmt: skip
        labels.append("leader's iso-payoff curve through Nash")
    right_handles, right_labels = right.get_legend_handles_labels()
    handles += [Line2D([], [], color=ROLE_STYLES["leader"]["color"], linewidth=2.0),
                *right_handles]  # fmt: skip
    labels += ["leader's iso-profit curves (thick: through the optimum)", *right_labels]
    fig.legend(handles, labels, frameon=False, loc="outside lower center", ncols=2, fontsize=8.5)
    share = gain / abs(simultaneous.profit[0]) * 100 if simultaneous.profit[0] else np.nan
    fig.suptitle(
        rf"Firm i leads ($b_2 = {params.b2:g}$): "
        rf"$s_i^S - s_i^N = {_scientific(leader[0] - nash_point[0], sign=True)}$, "
        rf"$t_i^S - t_i^N = {_scientific(leader[1] - nash_point[1], sign=True)}$"
        "\n"
        rf"Over Nash the leader gains $V^S - \pi_i^N = {_scientific(gain)}$ "
        rf"(${_scientific(share)}$ %), the follower "
        rf"$\pi_j^S - \pi_j^N = {_scientific(follower_gain, sign=True)}$",
        fontsize=10.5,
    )
    return fig


def _symlog_if_spread(ax: Axes, series: Sequence[np.ndarray], label: str) -> None:
    """Use a symmetric log scale when the series' typical sizes differ by over 30 times."""
    sizes = []
    for values in series:
        magnitude = np.abs(values[np.isfinite(values) & (values != 0)])
        if magnitude.size:
            sizes.append(float(np.median(magnitude)))
    if len(sizes) < 2 or max(sizes) < 30 * min(sizes):
        ax.set_ylabel(label)
        return
    threshold = float(10 ** np.floor(np.log10(min(sizes))))
    ax.set_yscale("symlog", linthresh=threshold, linscale=0.6)
    ax.yaxis.set_major_formatter(FuncFormatter(lambda value, _: f"{value:.0e}" if value else "0"))
    ax.yaxis.set_minor_formatter(NullFormatter())
    ax.set_ylabel(f"{label}\n(linear within ±{threshold:.0e}, log beyond)")


def sequential_vs_simultaneous_figure(
    params: Params, name: str = "b2", values: Sequence[float] | None = None
) -> plt.Figure:
    r"""Plot how moving first changes choices, profits and welfare, against one parameter.

    Four panels against ``name``, each the leader-follower equilibrium minus the
    simultaneous Nash equilibrium (:func:`sequential_sweep`), so that the small
    differences show (the zero line is Nash): the leader's and the follower's
    sharing (top left) and investment (top right); their profits (bottom left, on
    a symmetric log scale when the follower's change dwarfs the leader's); welfare
    and its parts, consumer surplus and joint profit (bottom right).  The leader's
    gain is never negative (it could choose its Nash point, to which the
    follower's best response is its Nash choice).  Hatched grey marks swept values
    without a leader-follower equilibrium, and a note under the figure says why
    (e.g. the leader's payoff is unbounded); the dashed vertical line is the value
    at ``params``.

    Parameters
    ----------
    params : Params
        The point swept around.
    name : str
        One of :data:`isacmodel.figures.sweeps.SWEEPABLE`.
    values : sequence of float, optional
        The sweep; by default 21 values over a range around ``params``
        (:math:`b_2 \in [0.05, 0.9]\,b_1`, ...).

    Returns
    -------
    matplotlib.figure.Figure
        Four axes (sharing, investment, profit, welfare), x the swept values in
        increasing order.  Lines with ``gid`` ``"leader"`` and ``"follower"`` in the
        first three (firm minus its own Nash value), ``"welfare"``,
        ``"consumer surplus"``, ``"joint profit"`` in the last; ``"nash"`` is the
        zero line in each.

    Raises
    ------
    ValueError
        As :func:`sequential_sweep`.
    """
    check_name(name)
    values = default_values(params, name) if values is None else checked_values(values)
    data = sequential_sweep(params, name, values)
    order = np.argsort(values, kind="stable")
    x = values[order]
    label = PARAMETER_LABELS[name]
    seq, sim = data[Regime.STACKELBERG], data[Regime.NASH]
    failed = ~seq["ok"][order]
    difference = {key: (seq[key] - sim[key])[order] for key in ("s", "t", "profit")}
    fig, axes = plt.subplots(2, 2, figsize=(10.0, 7.4), layout="constrained", sharex=True)
    (share_ax, invest_ax), (profit_ax, welfare_ax) = axes
    panels = ((share_ax, "s", "sharing", "sharing minus Nash sharing"),
              (invest_ax, "t", "investment", "investment minus Nash investment"),
              (profit_ax, "profit", "profit", "profit minus Nash profit"))  # fmt: skip
    for ax, key, noun, ylabel in panels:
        for column, role in enumerate(("leader", "follower")):
            ax.plot(x, difference[key][:, column], linewidth=2, markersize=4, gid=str(role),
                    label=ROLE_LABELS[role], **ROLE_STYLES[role])  # fmt: skip
        ax.set_title(f"{noun.capitalize()}: sequential minus simultaneous", fontsize=10)
        if key == "profit":  # the leader's gain is far smaller than the follower's change
            _symlog_if_spread(ax, [difference[key][:, 0], difference[key][:, 1]], ylabel)
        else:
            ax.set_ylabel(ylabel)
    change = {
        "welfare": (seq["welfare"] - sim["welfare"])[order],
        "consumer surplus": (seq["consumer_surplus"] - sim["consumer_surplus"])[order],
        Regime.JOINT_PROFIT: (seq["profit"].sum(axis=1) - sim["profit"].sum(axis=1))[order],
    }
    welfare_styles = {"welfare": dict(color=OKABE_ITO[0], marker="D", linestyle="-", linewidth=2),
                      "consumer surplus": dict(color=OKABE_ITO[2], marker="s", linestyle="--",
                                               linewidth=1.4),
                      Regime.JOINT_PROFIT: dict(color=OKABE_ITO[1], marker="P", linestyle=":",
                                           linewidth=1.4)}  # fmt: skip
    for key, style in welfare_styles.items():
        welfare_ax.plot(x, change[key], markersize=4, gid=str(key), label=f"{key} (S − N)", **style)
    welfare_ax.set_title("Welfare: sequential minus simultaneous", fontsize=10)
    _symlog_if_spread(welfare_ax, list(change.values()), "change from Nash")
    welfare_ax.legend(frameon=False, fontsize=8.5, loc="best")
    base = baseline_value(params, name)
    for ax in axes.ravel():
        ax.axhline(0.0, color=ROLE_STYLES[Regime.NASH]["color"], linewidth=1.2, gid="nash",
                   label=f"{ROLE_LABELS['nash']} (zero line)")  # fmt: skip
        shade_failed(ax, x, failed)
        ax.axvline(base, color=OKABE_ITO[0], linestyle="--", linewidth=1,
                   label=f"at the point ({label} = {base:.3g})")  # fmt: skip
        ax.set_xlim(x[0], x[-1])
        ax.grid(alpha=0.3)
    for ax in axes[1]:
        ax.set_xlabel(label)
    handles, labels = share_ax.get_legend_handles_labels()
    if failed.any():
        handles.append(Patch(facecolor=FAILED_FILL, edgecolor="0.45", hatch="//"))
        labels.append("no leader-follower equilibrium found")
    note = None
    if failed.any():
        note = failure_note(x, failed, seq["reason"][order], label.strip("$"))
    fig.legend(handles, labels, frameon=False, loc="outside lower center",
               ncols=len(handles) if len(handles) <= 4 else 3,
               fontsize=9, title=note, title_fontsize=8)  # fmt: skip
    fig.suptitle(f"Firm i leads, firm j follows: the change from the simultaneous game as "
                 f"{label} varies", fontsize=11)  # fmt: skip
    return fig


# ------------------------------------------------------------- footnote 27
def technology_first_figure(params: Params, values: Sequence[float] | None = None) -> plt.Figure:
    r"""Plot footnote 27's equilibrium (invest, then share) against Nash as :math:`\gamma_3` grows.

    In footnote 27's game both firms invest, then both choose their sharing
    knowing the investments, then set prices
    (:func:`isacmodel.solve.sequential.solve_technology_first`, one call per value).  Its
    investment condition differs from the simultaneous one by
    :math:`\partial\pi_i/\partial s_j \cdot \partial s_j^*/\partial t_i`, which
    vanishes at :math:`\gamma_3 = 0`: the two equilibria coincide there and part as
    :math:`\gamma_3` grows.  Left: the common sharing; middle: the common
    investment; right: the differences (footnote 27 minus Nash) in sharing,
    investment and profit.  Gaps are values where a game has no equilibrium.

    Parameters
    ----------
    params : Params
        The point (equal intercepts); ``gamma3`` is replaced by the sweep.
    values : sequence of float, optional
        Values of :math:`\gamma_3` in :math:`[0, \gamma_1 - \gamma_2)`; by default
        15 values from 0 to :math:`0.95\,(\gamma_1 - \gamma_2)`.

    Returns
    -------
    matplotlib.figure.Figure
        Three axes, x the values of :math:`\gamma_3` in increasing order.  In the
        first two the lines with ``gid`` ``"technology first"`` and ``"nash"`` are
        the common sharing and investment; in the third the lines ``"s"``, ``"t"``
        and ``"profit"`` are the differences.

    Raises
    ------
    ValueError
        If ``a_i != a_j``, or ``values`` are not at least two finite numbers
        giving admissible parameters (:math:`0 \le \gamma_3 < \gamma_1 - \gamma_2`).
    """
    data = technology_first_paths(params, values)
    x, first, nash_values, ok = data["x"], data["first"], data[Regime.NASH], data["ok"]
    reasons = data["reasons"]
    fig, axes = plt.subplots(1, 3, figsize=(11.5, 4.0), layout="constrained", sharex=True)
    for ax, column, ylabel in ((axes[0], 0, "common sharing $s$"),
                               (axes[1], 1, "common investment $t$")):  # fmt: skip
        for role, series, width in (
            (Regime.NASH, nash_values, 2.6),
            (Regime.TECHNOLOGY_FIRST, first, 2),
        ):
            size = 4 if role == Regime.NASH else 5
            ax.plot(x, series[:, column], linewidth=width, markersize=size,
                    gid=str(role), label=ROLE_LABELS[role], **ROLE_STYLES[role])  # fmt: skip
        ax.set_ylabel(ylabel)
    axes[0].set_title("Sharing", fontsize=10)
    axes[1].set_title("Investment", fontsize=10)
    difference = first - nash_values
    for key, column, style in (("s", 0, dict(color=OKABE_ITO[3], marker="v", linestyle="-")),
                               ("t", 1, dict(color=OKABE_ITO[1], marker="^", linestyle="--")),
                               ("profit", 2, dict(color=OKABE_ITO[0], marker="D",
                                                  linestyle=":"))):  # fmt: skip
        axes[2].plot(x, difference[:, column], linewidth=1.8, markersize=4, gid=str(key),
                     label={"s": "sharing", "t": "investment", "profit": "profit"}[key],
                     **style)  # fmt: skip
    axes[2].axhline(0.0, color=ROLE_STYLES[Regime.NASH]["color"], linewidth=1.2)
    axes[2].set_title("Footnote 27 minus Nash", fontsize=10)
    axes[2].set_ylabel("difference")
    axes[2].legend(frameon=False, fontsize=9, loc="upper left")
    at_zero = np.flatnonzero(x == 0.0)
    for ax in axes:
        ax.axvline(params.gamma3, color=OKABE_ITO[0], linestyle="--", linewidth=1)
        ax.set_xlim(x[0], x[-1])
        ax.set_xlabel(r"leakage term $\gamma_3$")
        ax.grid(alpha=0.3)
    if at_zero.size and np.all(np.isfinite(difference[at_zero[0]])):
        gap = float(np.max(np.abs(difference[at_zero[0], :2])))
        axes[2].annotate(f"coincide at $\\gamma_3 = 0$\n(largest gap {gap:.1g})", (0.0, 0.0),
                         xytext=(12, 30), textcoords="offset points", fontsize=8,
                         arrowprops=dict(arrowstyle="->", color="0.3"))  # fmt: skip
    handles, labels = axes[0].get_legend_handles_labels()
    handles.append(Line2D([], [], color=OKABE_ITO[0], linestyle="--", linewidth=1))
    labels.append(rf"at the point ($\gamma_3 = {params.gamma3:g}$)")
    missing = reasons + [
        f"$\\gamma_3$ = {g:.3g}: no Nash equilibrium ({r})"
        for g, r in zip(x[~ok], data["nash_reason"][~ok], strict=True)
    ]
    fig.legend(handles, labels, frameon=False, loc="outside lower center", ncols=3, fontsize=9,
               title="\n".join(missing) or None, title_fontsize=8)  # fmt: skip
    fig.suptitle(
        rf"Investment first, then sharing (footnote 27) vs simultaneous choice, "
        rf"$\gamma_1 = {params.gamma1:g}$, $\gamma_2 = {params.gamma2:g}$",
        fontsize=11,
    )
    return fig
