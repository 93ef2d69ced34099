"""The look every figure of the book shares: palette, labels, line styles, axis helpers.

Colours come from the colour-blind-safe Okabe–Ito palette (:data:`OKABE_ITO`), or are
greys; each parameter has one axis label (:data:`PARAMETER_LABELS`); a regime of
section 2.2 and a role of section 3 keep one colour, marker and line style in every
figure (:data:`REGIME_STYLES`, :data:`ROLE_STYLES`).  The helpers draw what several
chapters draw alike: hatched spans where a sweep has no equilibrium
(:func:`shade_failed`), a note saying why (:func:`failure_note`), tick labels without
an offset (:func:`plain_axis`).  The chapters' figure modules import from here and
from their own data module, never from one another.

>>> len(OKABE_ITO), OKABE_ITO[0]
(8, '#000000')
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.axes import Axes
from matplotlib.axis import Axis
from matplotlib.colors import ListedColormap, to_rgba
from matplotlib.ticker import FuncFormatter, LogLocator, MaxNLocator, NullFormatter, ScalarFormatter

from isacmodel.core.regimes import Regime
from isacmodel.figures.sweeps import SWEEPABLE, intervals

__all__ = [
    "FAILED_FILL",
    "LINE_STYLES",
    "OKABE_ITO",
    "PARAMETER_LABELS",
    "PAYOFF_MAP",
    "REGIME_HATCHES",
    "REGIME_LABELS",
    "REGIME_STYLES",
    "ROLE_LABELS",
    "ROLE_STYLES",
    "failure_note",
    "label_path_ends",
    "plain_axis",
    "plain_log_axis",
    "regime_line",
    "regime_marker",
    "shade_failed",
]

#: Okabe & Ito (2008) colour-blind-safe palette (black first).
OKABE_ITO = ("#000000", "#E69F00", "#56B4E9", "#009E73", "#0072B2", "#D55E00", "#CC79A7", "#F0E442")

#: Axis label of each parameter a figure sweeps (:data:`isacmodel.figures.sweeps.SWEEPABLE`).
PARAMETER_LABELS = {
    "a": "$a_i = a_j$",
    "b1": "$b_1$",
    "b2": "$b_2$",
    "gamma": r"$\gamma$",
    "delta_d": r"$\delta_d$",
    "delta_c": r"$\delta_c$",
    "gamma1": r"$\gamma_1$",
    "gamma2": r"$\gamma_2$",
    "gamma3": r"$\gamma_3$",
    "k": "$k$",
    "rho": r"$\rho$",
}
assert tuple(PARAMETER_LABELS) == SWEEPABLE  # one label per sweepable parameter, same order

#: Colour, marker and line style of a figure's lines, in turn (one per level swept).
LINE_STYLES = (
    dict(color=OKABE_ITO[4], marker="o", linestyle="-"),
    dict(color=OKABE_ITO[5], marker="s", linestyle="--"),
    dict(color=OKABE_ITO[3], marker="^", linestyle="-."),
    dict(color=OKABE_ITO[6], marker="D", linestyle=":"),
    dict(color=OKABE_ITO[1], marker="v", linestyle="-"),
    dict(color=OKABE_ITO[2], marker="P", linestyle="--"),
)

#: How each regime of section 2.2 is called in every legend.
REGIME_LABELS = {
    "no sharing": "no sharing",
    Regime.NASH: "market (Nash)",
    Regime.JOINT_PROFIT: "joint-profit ISA",
    Regime.COLLUSION: "colluding ISA",
    Regime.SOCIAL_OPTIMUM: "planner",
}

#: One colour, marker and line style per regime (the colluding ISA is dashed).
REGIME_STYLES = {
    "no sharing": dict(color=OKABE_ITO[6], marker="v", linestyle=":"),
    Regime.NASH: dict(color=OKABE_ITO[4], marker="o", linestyle="-"),
    Regime.JOINT_PROFIT: dict(color=OKABE_ITO[1], marker="s", linestyle="-."),
    Regime.COLLUSION: dict(color=OKABE_ITO[5], marker="D", linestyle="--"),
    Regime.SOCIAL_OPTIMUM: dict(color=OKABE_ITO[3], marker="^", linestyle=(0, (1, 1))),
}

#: Bar hatches of each regime, for greyscale prints.
REGIME_HATCHES = {"no sharing": "", Regime.NASH: "//", Regime.JOINT_PROFIT: "\\\\",
                  Regime.COLLUSION: "xx", Regime.SOCIAL_OPTIMUM: ".."}  # fmt: skip
#: How each role of section 3 is called in every legend.
ROLE_LABELS = {
    Regime.NASH: "simultaneous Nash",
    "leader": "leader (firm i)",
    "follower": "follower (firm j)",
    Regime.STACKELBERG: "Stackelberg (leader's optimum)",
    Regime.TECHNOLOGY_FIRST: "investment first (footnote 27)",
}

#: One colour, marker and line style per role; Nash is drawn as in section 2.
ROLE_STYLES = {
    Regime.NASH: dict(REGIME_STYLES[Regime.NASH]),
    "leader": dict(color=OKABE_ITO[5], marker="^", linestyle="--"),
    "follower": dict(color=OKABE_ITO[3], marker="v", linestyle="-."),
    Regime.STACKELBERG: dict(color=OKABE_ITO[5], marker="*", linestyle="none"),
    Regime.TECHNOLOGY_FIRST: dict(color=OKABE_ITO[6], marker="s", linestyle="--"),
}

#: Fill of the spans without an equilibrium (hatched, see :func:`shade_failed`).
FAILED_FILL = to_rgba("0.6", 0.25)

#: Greyscale colour map of payoff maps: light at the top of the hill.
PAYOFF_MAP = ListedColormap(plt.get_cmap("Greys")(np.linspace(0.55, 0.04, 256)))


def regime_line(regime: str, **changes: object) -> dict:
    """Keyword arguments of ``ax.plot`` for a regime's line (its style, label and gid)."""
    style = dict(REGIME_STYLES[regime], linewidth=2, label=REGIME_LABELS[regime], gid=str(regime))
    style.update(changes)
    return style


def regime_marker(regime: str, gid_suffix: str = "optimum") -> dict:
    """Keyword arguments of ``ax.plot`` for a regime's large marker (no legend entry)."""
    style = REGIME_STYLES[regime]
    return dict(color=style["color"], marker=style["marker"], markersize=10, linestyle="none",
                markeredgecolor="black", markeredgewidth=1.2, zorder=6,
                label=f"_{regime} {gid_suffix}", gid=f"{regime} {gid_suffix}")  # fmt: skip


def failure_note(x: np.ndarray, failed: np.ndarray, reasons: np.ndarray, symbol: str) -> str:
    """One line per distinct reason: at which swept values there is no equilibrium, and why.

    Parameters
    ----------
    x : numpy.ndarray
        The swept values.
    failed : numpy.ndarray of bool
        Where there is no equilibrium.
    reasons : numpy.ndarray of str
        Why, at each value.
    symbol : str
        The swept parameter in mathtext, without dollars.

    Returns
    -------
    str
        The note (empty if nothing failed).
    """
    lines = []
    for reason in dict.fromkeys(reasons[failed]):
        where = x[failed & (reasons == reason)]
        at = ", ".join(f"{value:.3g}" for value in where[:4]) + (", ..." if len(where) > 4 else "")
        lines.append(f"not solved at ${symbol}$ = {at}: {reason}")
    return "\n".join(lines)


def shade_failed(ax: Axes, x: np.ndarray, failed: np.ndarray) -> None:
    """Shade (hatched grey) around each swept value ``x`` where ``failed`` holds."""
    if len(x) < 2:
        return
    edges = np.concatenate([[x[0]], (x[:-1] + x[1:]) / 2, [x[-1]]])
    for start, end in intervals(np.arange(len(x)), failed):
        ax.axvspan(edges[int(start)], edges[int(end) + 1], facecolor=FAILED_FILL,
                   edgecolor="0.45", hatch="//", linewidth=0, zorder=0,
                   gid="no equilibrium")  # fmt: skip


def plain_axis(axis: Axis, nbins: int | None = 5) -> None:
    """Tick labels without an offset or scientific notation (for narrow windows).

    Parameters
    ----------
    axis : matplotlib.axis.Axis
        ``ax.xaxis`` or ``ax.yaxis``.
    nbins : int or None
        At most this many intervals between ticks; ``None`` keeps the axis's locator.
    """
    formatter = ScalarFormatter(useOffset=False)
    formatter.set_scientific(False)
    axis.set_major_formatter(formatter)
    if nbins is not None:
        axis.set_major_locator(MaxNLocator(nbins=nbins))


def _place_label(ax: Axes, anchor: np.ndarray, text: str, obstacles: list[np.ndarray],
                 colour: str) -> None:  # fmt: skip
    """Annotate ``anchor`` (axes fraction) with ``text`` where it covers the fewest obstacles.

    Eight directions are tried; each candidate's box (estimated from the text length
    and the axes size) is scored by its distance to the obstacles (points in axes
    fraction: the paths, the markers, earlier labels) and must stay inside the axes.
    """
    width_in, height_in = ax.figure.get_size_inches() * ax.get_position().size
    lines = text.split("\n")
    chars = max(len(line.replace("$", "").replace("\\", "")) for line in lines)
    box_w, box_h = 4.4 * chars / (72 * width_in), 11 * len(lines) / (72 * height_in)
    gap_x, gap_y = 9 / (72 * width_in), 9 / (72 * height_in)
    points = np.vstack(obstacles) if obstacles else np.empty((0, 2))
    best = None
    for angle in np.deg2rad(np.arange(0, 360, 45) + 22.5):
        dx, dy = np.cos(angle), np.sin(angle)
        centre = anchor + np.array([dx * (gap_x + box_w / 2), dy * (gap_y + box_h / 2)])
        low, high = centre - [box_w / 2, box_h / 2], centre + [box_w / 2, box_h / 2]
        inside = (low >= 0.01).all() and (high <= 0.99).all()
        scaled = (points - centre) / [box_w / 2 + 0.01, box_h / 2 + 0.01]
        covered = int((np.abs(scaled) <= 1).all(axis=1).sum()) if len(points) else 0
        nearest = float(np.min(np.hypot(*scaled.T))) if len(points) else 10.0
        score = (inside, -covered, nearest)
        if best is None or score > best[0]:
            best = (score, dx, dy, centre)
    _, dx, dy, centre = best
    ax.annotate(text, anchor, xycoords="axes fraction", xytext=(9 * np.sign(dx), 9 * np.sign(dy)),
                textcoords="offset points", fontsize=8, color=colour,
                ha="left" if dx > 0 else "right", va="bottom" if dy > 0 else "top",
                bbox=dict(boxstyle="round,pad=0.15", facecolor="white", edgecolor="none",
                          alpha=0.85))  # fmt: skip
    obstacles.append(np.array([centre]))


def _span(values: np.ndarray) -> str:
    """Format the range of ``values`` to three decimals (one number if they agree)."""
    low, high = f"{np.nanmin(values):.3f}", f"{np.nanmax(values):.3f}"
    return low if low == high else f"{low}-{high}"


def plain_log_axis(axis: Axis, subs: tuple[float, ...] | None = (1.0, 2.0, 5.0)) -> None:
    """Label a logarithmic (or symmetric-log) axis's ticks as plain numbers, minor ones not.

    Parameters
    ----------
    axis : matplotlib.axis.Axis
        ``ax.xaxis`` or ``ax.yaxis``, already on a log scale.
    subs : tuple of float or None
        Major ticks at these multiples of each power of ten; ``None`` keeps the
        axis's ticks.
    """
    if subs is not None:
        axis.set_major_locator(LogLocator(subs=subs))
    axis.set_major_formatter(FuncFormatter(lambda value, _: f"{value:g}"))
    axis.set_minor_formatter(NullFormatter())


def label_path_ends(ax: Axes, paths: dict[str, tuple[np.ndarray, np.ndarray]], values: np.ndarray,
                     symbol: str, markers: np.ndarray, keep_clear: np.ndarray) -> None:  # fmt: skip
    """Label each regime's path's first and last solved points with the parameter value.

    A path too short for two labels gets one, with the ranges of ``s`` and ``t``.
    Labels go where they hide the least of the paths, the ``markers`` (data
    coordinates, rows ``(s, t)``), the points ``keep_clear`` (axes fraction, e.g.
    the legend) and other labels.
    """
    to_fraction = ax.transScale + ax.transLimits  # data to axes fraction (any scale)

    def fraction(s: np.ndarray, t: np.ndarray) -> np.ndarray:
        """Return data coordinates ``(s, t)`` in axes fraction."""
        with np.errstate(all="ignore"):
            return to_fraction.transform(np.column_stack([s, t]))

    obstacles = [keep_clear, fraction(*np.asarray(markers, dtype=float).T)]
    for s, t in paths.values():
        finite = np.isfinite(s) & np.isfinite(t)
        dense = np.linspace(0, 1, 8)[:, None]
        points = fraction(s[finite], t[finite])
        obstacles += [p0 + dense * (p1 - p0) for p0, p1 in zip(points[:-1], points[1:],
                                                                  strict=True)]  # fmt: skip
        obstacles.append(points)
    for regime, (s, t) in paths.items():
        finite = np.flatnonzero(np.isfinite(s) & np.isfinite(t))
        if finite.size == 0:
            continue
        colour = REGIME_STYLES[regime]["color"]
        points = fraction(s[finite], t[finite])
        length = float(np.sum(np.hypot(*np.diff(points, axis=0).T))) if len(points) > 1 else 0.0
        if length < 0.1:
            text = (f"${symbol} = {values[finite[0]]:.3g}$ to ${values[finite[-1]]:.3g}$:\n"
                    f"$s$ {_span(s)}, $t$ {_span(t)}")  # fmt: skip
            _place_label(ax, points[len(points) // 2], text, obstacles, colour)
            continue
        for end in (0, -1):
            _place_label(ax, points[end], f"${symbol} = {values[finite[end]]:.3g}$", obstacles,
                         colour)  # fmt: skip
