r"""Figures of section 2.2: the market, the information-sharing alliance and the planner.

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
(:func:`isacmodel.derive.welfare.existence_margin`); the figures leave gaps, and shade,
where it does not.

Every function takes a :class:`~isacmodel.Params`, solves with the batch solvers
(:func:`isacmodel.solve.nash.solve_nash_batch`, :func:`isacmodel.solve.optima.solve_regime_batch`)
vectorised over the values it sweeps, and returns a fresh figure.  A regime keeps
one colour (Okabe-Ito), one marker and one line style in every figure
(:data:`REGIME_STYLES`), so that colour-blind and greyscale readers can tell them
apart.

>>> data = regime_sweep(Params(), "delta_c", [0.0, 1.0])
>>> bool((data["nash"]["t"] < data["joint profit"]["t"]).all())
True
"""

from __future__ import annotations

from collections.abc import Sequence
from types import SimpleNamespace

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.colors import to_rgba
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib.ticker import FuncFormatter, LogLocator, NullFormatter

from isacmodel.core.params import Params, ParamsBatch
from isacmodel.derive import welfare
from isacmodel.figures.bertrand import OKABE_ITO
from isacmodel.solve import nash, optima
from isacmodel.solve.results import BatchEquilibria, Equilibrium, EquilibriumError

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

#: Regimes solved by :func:`regime_sweep` (keys as in :mod:`isacmodel.derive.welfare`).
SWEEP_REGIMES = ("nash", "joint profit", "social optimum", "collusion")

#: How each regime is called in every legend.
REGIME_LABELS = {
    "no sharing": "no sharing",
    "nash": "market (Nash)",
    "joint profit": "joint-profit ISA",
    "collusion": "colluding ISA",
    "social optimum": "planner",
}

#: One colour, marker and line style per regime (the colluding ISA is dashed).
REGIME_STYLES = {
    "no sharing": dict(color=OKABE_ITO[6], marker="v", linestyle=":"),
    "nash": dict(color=OKABE_ITO[4], marker="o", linestyle="-"),
    "joint profit": dict(color=OKABE_ITO[1], marker="s", linestyle="-."),
    "collusion": dict(color=OKABE_ITO[5], marker="D", linestyle="--"),
    "social optimum": dict(color=OKABE_ITO[3], marker="^", linestyle=(0, (1, 1))),
}

#: Bar hatches of :func:`regime_welfare_figure`, for greyscale prints.
_HATCHES = {"no sharing": "", "nash": "//", "joint profit": "\\\\", "collusion": "xx",
            "social optimum": ".."}  # fmt: skip

#: Parameters :func:`regime_sweep` can vary and their axis labels; ``"a"`` moves
#: both intercepts (the coordinated regimes are defined for symmetric firms).
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

#: Names accepted by :func:`regime_sweep` and the figures that sweep.
SWEEPABLE = tuple(PARAMETER_LABELS)

_UNBOUNDED = "does not exist"
_NO_OPTIMUM_FILL = to_rgba("0.6", 0.25)
_ASSUMPTION_FILL = to_rgba(OKABE_ITO[7], 0.7)


# ------------------------------------------------------------------ data
def check_name(name: str) -> None:
    if name not in PARAMETER_LABELS:
        raise ValueError(
            f"name must be one of {SWEEPABLE}: section 2's parameters, with 'a' moving both "
            f"intercepts a_i = a_j (the regimes are defined for symmetric firms); got {name!r}"
        )


def _check_symmetric(params: Params) -> None:
    if params.a_i != params.a_j:
        raise ValueError(
            "the coordinated regimes are defined for symmetric firms "
            f"(got a_i={params.a_i}, a_j={params.a_j})"
        )


def checked_values(values: object, what: str = "values") -> np.ndarray:
    try:
        array = np.asarray(values, dtype=float)
    except (TypeError, ValueError):
        raise ValueError(f"{what} must be a sequence of numbers (got {values!r})") from None
    if array.ndim != 1 or array.size < 2:
        raise ValueError(
            f"{what} must be a 1-D sequence of at least 2 numbers (got shape {array.shape})"
        )
    if not np.isfinite(array).all():
        raise ValueError(f"{what} must be finite (got {array[~np.isfinite(array)][0]})")
    return array


def baseline_value(params: Params, name: str) -> float:
    return params.a_i if name == "a" else getattr(params, name)


def swept_batch(params: Params, name: str, values: np.ndarray) -> ParamsBatch:
    """Return ``params`` with ``name`` set to each of ``values`` (ValueError if inadmissible)."""
    fields = {field: np.full(len(values), value) for field, value in params.as_dict().items()}
    for field in ("a_i", "a_j") if name == "a" else (name,):
        fields[field] = values
    batch = ParamsBatch(**fields)
    problems = batch.violations()
    bad = np.flatnonzero(problems != "")
    if bad.size:
        raise ValueError(
            f"{name}={values[bad[0]]:g} gives inadmissible parameters: {problems[bad[0]]}"
        )
    return batch


def default_values(params: Params, name: str, n: int = 21) -> np.ndarray:
    """Return ``n`` admissible values of ``name`` around ``params`` (the figures' default)."""
    g1, g2, g3 = params.gamma1, params.gamma2, params.gamma3
    ranges = {
        "a": (0.5 * params.a_i, 2 * params.a_i),
        "b1": (max(params.b2 / 0.9, 0.5 * params.b1), 2 * params.b1),
        "b2": (0.05 * params.b1, 0.9 * params.b1),
        "gamma": (0.0, 0.95),
        "delta_d": (0.0, 1.0),
        "delta_c": (0.0, 1.0),
        "gamma1": (g2 + g3 + 0.2 * (g1 - g2 - g3), 3 * g1),
        "gamma2": (0.0, 0.9 * (g1 - g3)),
        "gamma3": (0.0, 0.9 * (g1 - g2)),
        "k": (0.25 * params.k, 2.5 * params.k),
        "rho": (0.0, 0.95),
    }
    return np.linspace(*ranges[name], n)


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
    if regime == "nash":
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
        One of :data:`SWEEPABLE` (``"a"`` moves both intercepts).
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
    check_name(name)
    _check_symmetric(params)
    values = checked_values(values)
    batch = swept_batch(params, name, values)
    data: dict = {"values": values}
    for regime in SWEEP_REGIMES:
        data[regime] = _regime_columns(batch, _solve(batch, regime))
    market = data["nash"]
    data["assumption_1"] = np.array([
        bool(market["ok"][i]) and batch.params(i).assumption_1(market["s"][i], market["s"][i]).holds
        for i in range(len(values))
    ])  # fmt: skip
    return data


# ------------------------------------------------------------ helpers
def _line_kwargs(regime: str, **changes: object) -> dict:
    style = dict(REGIME_STYLES[regime], linewidth=2, label=REGIME_LABELS[regime], gid=regime)
    style.update(changes)
    return style


def _optimum_kwargs(regime: str, gid_suffix: str = "optimum") -> dict:
    style = REGIME_STYLES[regime]
    return dict(color=style["color"], marker=style["marker"], markersize=10, linestyle="none",
                markeredgecolor="black", markeredgewidth=1.2, zorder=6,
                label=f"_{regime} {gid_suffix}", gid=f"{regime} {gid_suffix}")  # fmt: skip


def intervals(x: np.ndarray, mask: np.ndarray) -> list[tuple[float, float]]:
    """Maximal runs of ``x`` (sorted) where ``mask`` holds, as ``(start, end)`` pairs."""
    runs, start = [], None
    for index, flag in enumerate(mask):
        if flag and start is None:
            start = index
        if start is not None and (not flag or index == len(mask) - 1):
            end = index if flag else index - 1
            runs.append((float(x[start]), float(x[end])))
            start = None
    return runs


def _margin_along(params: Params, name: str, x: np.ndarray, regime: str) -> np.ndarray:
    """Return :func:`~isacmodel.derive.welfare.existence_margin` along ``name`` = ``x``."""
    fields = {field: np.full(len(x), value) for field, value in params.as_dict().items()}
    for field in ("a_i", "a_j") if name == "a" else (name,):
        fields[field] = x
    return np.asarray(welfare.existence_margin(SimpleNamespace(**fields), regime), dtype=float)


def _shade_missing(ax, params: Params, name: str, values: np.ndarray, regime: str,
                   text: str, scale: float = 1.0) -> bool:  # fmt: skip
    """Shade (and hatch) the ranges of ``name`` where ``regime``'s optimum does not exist.

    The horizontal axis shows ``name`` divided by ``scale``.
    """
    fine = np.linspace(float(np.min(values)), float(np.max(values)), 801)
    missing = ~(_margin_along(params, name, fine, regime) > 0)
    runs = intervals(fine / scale, missing)
    for start, end in runs:
        ax.axvspan(start, end, facecolor=_NO_OPTIMUM_FILL, edgecolor="0.45", hatch="//",
                   linewidth=0, zorder=0, gid=f"{regime} missing")  # fmt: skip
        if text:
            narrow = end - start < 0.25 * (fine[-1] - fine[0]) / scale
            ax.text((start + end) / 2, 0.97, text, transform=ax.get_xaxis_transform(),
                    ha="center", va="top", fontsize=8, color="0.25",
                    rotation=90 if narrow else 0, zorder=7,
                    bbox=dict(boxstyle="round,pad=0.2", facecolor="white", edgecolor="none",
                              alpha=0.8))  # fmt: skip
    return bool(runs)


def _symmetric_batch(params: Params, n: int) -> ParamsBatch:
    return ParamsBatch(**{field: np.full(n, value) for field, value in params.as_dict().items()})


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
    params : Params
        The point swept around (equal intercepts).
    name : str
        One of :data:`SWEEPABLE`.
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
    check_name(name)
    values = default_values(params, name) if values is None else checked_values(values)
    base = baseline_value(params, name)
    data = regime_sweep(params, name, np.append(values, base))
    symbol = PARAMETER_LABELS[name].strip("$")
    regimes = ("nash", "joint profit", "social optimum")

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
        for axis in (ax.xaxis, ax.yaxis):
            axis.set_major_locator(LogLocator(subs=(1.0, 2.0, 5.0)))
            axis.set_major_formatter(FuncFormatter(lambda value, _: f"{value:g}"))
            axis.set_minor_formatter(NullFormatter())
        ax.set_xlim(0.7 * solved[:, 0].min(), 1.3)
        ax.set_ylim(0.7 * solved[:, 1].min(), 1.6 * solved[:, 1].max())
    else:
        t_high = solved[:, 1].max() if solved.size and solved[:, 1].max() > 0 else 1.0
        ax.set_xlim(-0.02, 1.08)
        ax.set_ylim(0.0, 1.15 * t_high)
    paths = {regime: (data[regime]["s"][:-1], data[regime]["t"][:-1]) for regime in regimes}
    for regime, (s, t) in paths.items():
        ax.plot(s, t, markersize=4, **_line_kwargs(regime))
        ax.plot(data[regime]["s"][-1:], data[regime]["t"][-1:],
                **_optimum_kwargs(regime, "baseline"))  # fmt: skip
    markers = np.array([[data[r]["s"][-1], data[r]["t"][-1]] for r in regimes])
    legend = np.array([[x, y] for x in np.linspace(0.0, 0.35, 8) for y in (0.75, 0.85, 0.95)])
    _label_path_ends(ax, paths, values, symbol, markers[np.isfinite(markers).all(axis=1)], legend)
    ax.set_xlabel("common sharing $s$")
    ax.set_ylabel("common investment $t$")
    ax.set_title(f"Sharing and investment of each regime as ${symbol}$ runs from "
                 f"{values[0]:.3g} to {values[-1]:.3g}\n"
                 f"{_ordering_verdict(data, regimes)}", fontsize=10)  # fmt: skip
    handles, labels = ax.get_legend_handles_labels()
    handles.append(Line2D([], [], marker="o", markersize=10, linestyle="none",
                          markerfacecolor="white", markeredgecolor="black"))  # fmt: skip
    labels.append(f"at the point (${symbol} = {base:.3g}$)")
    ax.legend(handles, labels, frameon=False, fontsize=9, loc="upper left")
    ax.grid(alpha=0.3)
    return fig


def _ordering_verdict(data: dict, regimes: tuple[str, str, str]) -> str:
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


def _place_label(ax, anchor: np.ndarray, text: str, obstacles: list[np.ndarray],
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
    low, high = f"{np.nanmin(values):.3f}", f"{np.nanmax(values):.3f}"
    return low if low == high else f"{low}-{high}"


def _label_path_ends(ax, paths: dict[str, tuple[np.ndarray, np.ndarray]], values: np.ndarray,
                     symbol: str, markers: np.ndarray, keep_clear: np.ndarray) -> None:  # fmt: skip
    """Label each path's first and last solved points with the parameter value.

    A path too short for two labels gets one, with the ranges of ``s`` and ``t``.
    Labels go where they hide the least of the paths, the ``markers`` (data
    coordinates, rows ``(s, t)``), the points ``keep_clear`` (axes fraction, e.g.
    the legend) and other labels.
    """
    to_fraction = ax.transScale + ax.transLimits  # data to axes fraction (any scale)

    def fraction(s: np.ndarray, t: np.ndarray) -> np.ndarray:
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
    params : Params
        The point swept around (equal intercepts).
    name : str
        One of :data:`SWEEPABLE`.
    values : sequence of float, optional
        The sweep; by default 21 values over a range around ``params``.

    Returns
    -------
    matplotlib.figure.Figure
        Two axes (sharing, investment); each regime's curve has ``gid`` equal to the
        regime.
    """
    check_name(name)
    values = default_values(params, name) if values is None else checked_values(values)
    data = regime_sweep(params, name, values)
    label = PARAMETER_LABELS[name]
    order = np.argsort(values, kind="stable")
    x = values[order]
    fails = (data["nash"]["ok"] & ~data["assumption_1"])[order]
    fig, axes = plt.subplots(1, 2, figsize=(10.0, 4.4), layout="constrained", sharex=True)
    for ax, key, ylabel in ((axes[0], "s", "common sharing $s$"),
                            (axes[1], "t", "common investment $t$")):  # fmt: skip
        shaded = _shade_missing(ax, params, name, values, "social optimum",
                                "planner's optimum\n" + _UNBOUNDED)  # fmt: skip
        for regime in ("nash", "joint profit", "collusion", "social optimum"):
            ax.plot(x, data[regime][key][order], markersize=4, **_line_kwargs(regime))
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
        handles.append(Patch(facecolor=_NO_OPTIMUM_FILL, edgecolor="0.45", hatch="//"))
        labels.append("planner's optimum does not exist")
    if fails.any():
        handles.append(Patch(facecolor=_ASSUMPTION_FILL, edgecolor="0.3", hatch="\\\\"))
        labels.append("strip: Assumption 1 fails at the market equilibrium")
    fig.legend(handles, labels, frameon=False, loc="outside lower center", ncols=3, fontsize=9)
    fig.suptitle(f"Each regime's choices as {label} varies", fontsize=11)
    return fig


def _point_results(params: Params) -> dict[str, Equilibrium | str]:
    """Each regime's result at ``params``, or the reason it has none."""
    solvers = {
        "no sharing": optima.solve_nash_no_sharing,
        "nash": lambda p: nash.solve_nash(p, check_global=False),
        "joint profit": optima.solve_joint_profit,
        "collusion": optima.solve_collusion,
        "social optimum": optima.solve_social_optimum,
    }
    results: dict[str, Equilibrium | str] = {}
    for regime, solve in solvers.items():
        try:
            results[regime] = solve(params)
        except EquilibriumError as error:
            results[regime] = str(error)
    return results


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
    _check_symmetric(params)
    results = _point_results(params)
    regimes = tuple(results)
    measures = (("welfare", "welfare"), ("consumer_surplus", "consumer surplus"),
                ("joint_profit", "joint profit"))  # fmt: skip
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
                      hatch=_HATCHES[regime], edgecolor="white" if regime != "no sharing" else
                      "black", linewidth=0.6, label=REGIME_LABELS[regime])  # fmt: skip
        for bar in bars:
            bar.set_gid(regime)
        for position, height in zip(positions, heights, strict=True):
            if np.isfinite(height):
                ax.annotate(f"{height:.3f}", (position, height), xytext=(0, 2),
                            textcoords="offset points", ha="center", va="bottom",
                            fontsize=8)  # fmt: skip
                top = max(top, height)
            else:
                missing = "no equilibrium" if regime in ("nash", "no sharing") else "no optimum"
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


def _decades(ratio: float) -> int:
    """Return the number of powers of ten needed to reach ``ratio`` (0 if it is at most 1)."""
    return int(np.ceil(np.log10(ratio))) if ratio > 1 else 0


def _sign_changes(x: np.ndarray, y: np.ndarray) -> list[float]:
    """Linearly interpolated zeros of ``y`` between consecutive finite points."""
    crossings = []
    for index in range(len(x) - 1):
        y0, y1 = y[index], y[index + 1]
        if np.isfinite(y0) and np.isfinite(y1) and (y0 > 0) != (y1 > 0):
            crossings.append(float(x[index] + (x[index + 1] - x[index]) * y0 / (y0 - y1)))
    return crossings


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
        _shade_missing(ax, params, "b2", ratio * params.b1, "collusion", "", scale=params.b1)
        ax.axvline(params.b2 / params.b1, color=OKABE_ITO[0], linestyle="--", linewidth=1)
        ax.set_xlim(x[0], x[-1])
        ax.set_xlabel("substitutability $b_2 / b_1$")
        ax.grid(alpha=0.3)
    for regime in ("nash", "joint profit", "collusion"):
        left.plot(x, data[regime]["welfare"][order], markersize=4, **_line_kwargs(regime))
    finite = np.concatenate([data[r]["welfare"] for r in ("nash", "joint profit", "collusion")])
    finite = finite[np.isfinite(finite)]
    if finite.size and finite.min() > 0 and finite.max() > 10 * finite.min():
        left.set_yscale("log")
        left.yaxis.set_major_locator(LogLocator(subs=(1.0, 2.0, 5.0)))
        left.yaxis.set_major_formatter(FuncFormatter(lambda value, _: f"{value:g}"))
        left.yaxis.set_minor_formatter(NullFormatter())
        left.set_ylabel("welfare $W$ (log scale)")
    else:
        left.set_ylabel("welfare $W$")
    left.set_title("Welfare of each regime", fontsize=10)

    loss = (data["joint profit"]["welfare"] - data["collusion"]["welfare"])[order]
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
        below = [-threshold * 10.0**p for p in range(1, _decades(-low / threshold) + 1)]
        above = [threshold * 10.0**p for p in range(1, _decades(high / threshold) + 1)]
        right.set_yticks([*reversed(below), *np.linspace(-threshold, threshold, 5), *above])
        right.set_ylim(1.6 * low, 1.6 * high if above else 1.15 * high)
        right.yaxis.set_major_formatter(FuncFormatter(lambda value, _: f"{value:g}"))
        right.yaxis.set_minor_formatter(NullFormatter())
        right.set_ylabel(f"welfare loss $W_{{JP}} - W_{{C}}$\n(linear within ±{threshold:g}, "
                         "log beyond)")  # fmt: skip
    else:
        right.set_ylabel("welfare loss $W_{JP} - W_{C}$")
    for crossing in _sign_changes(x, loss):
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
                Patch(facecolor=_NO_OPTIMUM_FILL, edgecolor="0.45", hatch="//")]  # fmt: skip
    labels += [f"at the point ($b_2/b_1 = {params.b2 / params.b1:.3g}$)",
               "colluding ISA's optimum does not exist"]  # fmt: skip
    fig.legend(handles, labels, frameon=False, loc="outside lower center", ncols=3, fontsize=9)
    return fig


def _boundary_k(namespace: SimpleNamespace, regime: str) -> np.ndarray:
    """Return the ``k`` at which :func:`~isacmodel.derive.welfare.existence_margin` is zero.

    The margin is linear in ``k``: two evaluations give its root.
    """
    at_zero = welfare.existence_margin(SimpleNamespace(**{**vars(namespace), "k": 0.0}), regime)
    at_one = welfare.existence_margin(SimpleNamespace(**{**vars(namespace), "k": 1.0}), regime)
    with np.errstate(all="ignore"):
        return np.asarray(-at_zero / (at_one - at_zero), dtype=float)


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
    colours = (to_rgba("0.55", 0.35), to_rgba(REGIME_STYLES["joint profit"]["color"], 0.3),
               to_rgba(REGIME_STYLES["social optimum"]["color"], 0.3))  # fmt: skip
    hatches = ("xx", "//", None)
    region_labels = ("neither optimum exists", "only the joint-profit ISA's optimum exists",
                     "the planner's (and the ISA's) optimum exists")  # fmt: skip
    fig, axes = plt.subplots(1, 2, figsize=(10.0, 4.6), layout="constrained", sharey=True)
    panels = (
        (axes[0], "b2", "substitutability $b_2 / b_1$", params.b2 / params.b1),
        (axes[1], "rho", r"cost saving $\rho$", params.rho),
    )
    base = params.as_dict()
    for ax, varied, xlabel, point in panels:
        column = x_grid * params.b1 if varied == "b2" else x_grid
        line = SimpleNamespace(**{**base, varied: column})
        grid = SimpleNamespace(**{**base, varied: column[None, :], "k": k_grid[:, None]})
        exists = {r: np.asarray(welfare.existence_margin(grid, r)) > 0
                  for r in ("social optimum", "joint profit")}  # fmt: skip
        code = np.where(exists["social optimum"], 2, np.where(exists["joint profit"], 1, 0))
        ax.contourf(x_grid, k_grid, code, levels=[-0.5, 0.5, 1.5, 2.5], colors=colours,
                    hatches=hatches)  # fmt: skip
        for regime, width in (("social optimum", 2.2), ("joint profit", 2.2), ("collusion", 1.2)):
            style = REGIME_STYLES[regime]
            ax.plot(x_grid, _boundary_k(line, regime), color=style["color"], linewidth=width,
                    linestyle=style["linestyle"], gid=f"{regime} boundary",
                    label=f"{REGIME_LABELS[regime]}'s boundary")  # fmt: skip
        ax.plot([point], [params.k], marker="*", markersize=15, color=OKABE_ITO[0],
                markeredgecolor="white", linestyle="none", gid="point", zorder=6,
                label=f"the point ($k = {params.k:g}$)")  # fmt: skip
        ax.set_xlim(x_grid[0], x_grid[-1])
        ax.set_ylim(k_grid[0], k_grid[-1])
        ax.set_yscale("log")
        ax.set_yticks([1, 2, 5, 10, 20, 40])
        ax.yaxis.set_major_formatter(FuncFormatter(lambda value, _: f"{value:g}"))
        ax.yaxis.set_minor_formatter(NullFormatter())
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


def _unbounded_at_sharing(batch: ParamsBatch, regime: str, s: np.ndarray) -> np.ndarray:
    r"""Whether a coordinated regime's objective is unbounded in ``t`` at common sharing ``s``.

    At a fixed ``s`` the objective grows like :math:`c\,(1 - \gamma + \delta_d s)^2 t^2`
    against the cost :math:`k (1 - \rho) t^2` (no saving when :math:`\delta_c s = 0`):
    :func:`~isacmodel.derive.welfare.existence_margin` with :math:`\delta_d s` for
    :math:`\delta_d` and :math:`\delta_c s` for :math:`\delta_c`.
    """
    fields = {**batch.as_dict(), "delta_d": batch.delta_d * s, "delta_c": batch.delta_c * s}
    return ~(np.asarray(welfare.existence_margin(SimpleNamespace(**fields), regime)) > 0)


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
    _check_symmetric(params)
    if n < 2:
        raise ValueError(f"n must be at least 2 (got n={n})")
    regimes = optima.PROPOSITION_5_REGIMES
    one = _symmetric_batch(params, 1)
    optimum = {}
    for regime in regimes:
        result = _solve(one, regime)
        optimum[regime] = (float(result.s[0, 0]), float(result.t[0, 0]))
    if t_limits is None:
        t_star = optimum["social optimum"][1]
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
        if regime != "nash":
            curve = np.where(_unbounded_at_sharing(batch, regime, s_grid), np.nan, curve)
        investment[regime] = curve

    fig, (left, right) = plt.subplots(1, 2, figsize=(10.0, 4.4), layout="constrained")
    for regime in regimes:
        s_star, t_star = optimum[regime]
        left.plot(t_grid, sharing[regime], **_line_kwargs(regime, marker=None))
        right.plot(s_grid, investment[regime], **_line_kwargs(regime, marker=None))
        left.plot([t_star], [s_star], **_optimum_kwargs(regime))
        right.plot([s_star], [t_star], **_optimum_kwargs(regime))
    gap = sharing["joint profit"] - sharing["social optimum"]
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
    ordered = defined & (investment["nash"] < investment["joint profit"])
    ordered &= investment["joint profit"] < investment["social optimum"]
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
