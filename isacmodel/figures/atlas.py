"""Figures of the robustness atlas (:mod:`isacmodel.verify.atlas`): greyscale, so colour-blind safe.

>>> fig = existence_map_figure(n=11)
>>> len(fig.axes) >= 3
True
"""

from __future__ import annotations

from collections.abc import Sequence

import matplotlib.pyplot as plt
import numpy as np
import numpy.ma as ma

from isacmodel.core.families import Specification, specification
from isacmodel.core.params import Params, ParamsBatch
from isacmodel.core.regimes import Regime
from isacmodel.figures.style import PARAMETER_LABELS
from isacmodel.solve import optima
from isacmodel.verify.atlas import ATLAS_CLAIMS

__all__ = ["atlas_heatmap_figure", "claim_maps_figure", "existence_map_figure"]


def atlas_heatmap_figure(atlas: dict) -> plt.Figure:
    """Pass rates of every atlas claim (rows) under every specification (columns).

    Parameters
    ----------
    atlas : dict
        As returned by :func:`isacmodel.verify.atlas.load_atlas`.
    """
    rows = atlas["rows"]
    claims = [c for c in ATLAS_CLAIMS if c in rows[0]["claims"]]  # the registry's order
    rates = np.array([[row["claims"][c]["pass_rate"] for row in rows] for c in claims])
    fig, ax = plt.subplots(figsize=(10.5, 0.42 * len(claims) + 2.4), layout="constrained")
    image = ax.imshow(100 * rates, cmap="Greys", vmin=0, vmax=100, aspect="auto")
    for (i, j), rate in np.ndenumerate(rates):
        ax.text(j, i, f"{100 * rate:.0f}", ha="center", va="center", fontsize=9,
                color="white" if rate > 0.55 else "black")  # fmt: skip
    labels = [f"f: {row['cost']}\ng: {row['leakage']}" for row in rows]
    ax.set_xticks(range(len(rows)), labels, fontsize=8.5, rotation=30, ha="right")
    ax.set_yticks(range(len(claims)), claims, fontsize=9)
    fig.colorbar(image, ax=ax, label="pass rate (%)", shrink=0.8)
    ax.set_title(f"Pass rates over {atlas['draws']:,} admissible draws per specification",
                 fontsize=10)  # fmt: skip
    return fig


def existence_map_figure(
    base: Params | None = None,
    families: Sequence[str] = ("baseline", "capped-exponential", "hyperbolic"),
    n: int = 81,
) -> plt.Figure:
    """Where the planner's optimum exists, over the cost parameters ``(k, rho)``.

    One panel per cost family; the other parameters stay at ``base``.  Dark cells: the
    planner's symmetric problem has a global optimum; light cells: its objective is
    unbounded (:func:`isacmodel.solve.optima.existence_margin`).
    """
    base = base or Params()
    k, rho = np.meshgrid(np.linspace(1, 40, n), np.linspace(0, 0.95, n))
    batch = ParamsBatch(**{**base.as_dict(), "k": k.ravel(), "rho": rho.ravel()})
    fig, axes = plt.subplots(1, len(families), figsize=(3.2 * len(families), 3.4),
                             layout="constrained", sharey=True)  # fmt: skip
    for ax, name in zip(np.atleast_1d(axes), families, strict=True):
        spec: Specification = specification(cost=name)
        exists = optima.existence_margin(batch, Regime.SOCIAL_OPTIMUM, spec).reshape(k.shape) > 0
        ax.pcolormesh(k, rho, exists.astype(float), cmap="Greys", vmin=-0.3, vmax=1.3,
                      shading="nearest")  # fmt: skip
        ax.set_title(f"f = {name}\noptimum exists on {100 * exists.mean():.0f}% of the grid",
                     fontsize=9.5)  # fmt: skip
        ax.set_xlabel("$k$")
    np.atleast_1d(axes)[0].set_ylabel(r"$\rho$")
    return fig


#: Axis labels, with section 4's parameters.
_LABELS = {**PARAMETER_LABELS, "a": "$a$", "c": "$c$", "delta_hat": r"$\hat\delta$"}


def claim_maps_figure(panels: Sequence[tuple[str, dict]], columns: int = 4) -> plt.Figure:
    """Where claims hold: one panel per ``(title, record)`` of the stored atlas.

    Each record's ``map`` (:func:`isacmodel.verify.atlas.claim_map`) gives the pass rate on a
    grid of the two parameters that matter most for it; dark cells hold on every draw,
    white cells on none, blank cells have no draws.

    Parameters
    ----------
    panels : sequence of (str, dict)
        A title and an atlas record that has a map (a claim that holds on some draws
        and fails on others).
    columns : int
        Panels per row.
    """
    if not panels:
        raise ValueError("claim_maps_figure needs at least one (title, record) panel")
    missing = [title for title, record in panels if "map" not in record]
    if missing:
        raise ValueError(f"these records hold everywhere or nowhere and have no map: {missing}")
    rows = -(-len(panels) // columns)
    width = min(columns, len(panels))
    fig, axes = plt.subplots(rows, width, figsize=(2.9 * width + 0.8, 2.7 * rows),
                             layout="constrained", squeeze=False)  # fmt: skip
    image = None
    for ax, (title, record) in zip(axes.flat, panels, strict=False):
        grid = record["map"]
        rate = ma.masked_invalid(np.array(grid["pass_rate"], dtype=float))
        image = ax.pcolormesh(grid["x_edges"], grid["y_edges"], 100 * rate, cmap="Greys",
                              vmin=0, vmax=100)  # fmt: skip
        ax.set_xlabel(_LABELS[grid["x"]])
        ax.set_ylabel(_LABELS[grid["y"]])
        ax.set_title(f"{title}\nholds on {100 * record['pass_rate']:.1f}%", fontsize=9)
    for ax in list(axes.flat)[len(panels) :]:
        ax.set_visible(False)
    fig.colorbar(image, ax=axes, label="pass rate in the cell (%)", shrink=0.8)
    return fig
