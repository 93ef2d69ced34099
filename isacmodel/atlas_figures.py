"""Figures of the robustness atlas (:mod:`isacmodel.atlas`): greyscale, so colour-blind safe.

>>> fig = existence_map_figure(n=11)
>>> len(fig.axes) >= 3
True
"""

from __future__ import annotations

from collections.abc import Sequence

import matplotlib.pyplot as plt
import numpy as np

from . import generic
from .params import Params, ParamsBatch
from .specs import Specification, specification

__all__ = ["atlas_heatmap_figure", "existence_map_figure"]


def atlas_heatmap_figure(atlas: dict) -> plt.Figure:
    """Pass rates of every atlas claim (rows) under every specification (columns).

    Parameters
    ----------
    atlas : dict
        As returned by :func:`isacmodel.atlas.load_atlas`.
    """
    rows = atlas["rows"]
    claims = list(rows[0]["claims"])
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
    unbounded (:func:`isacmodel.generic.existence_margin`).
    """
    base = base or Params()
    k, rho = np.meshgrid(np.linspace(1, 40, n), np.linspace(0, 0.95, n))
    batch = ParamsBatch(**{**base.as_dict(), "k": k.ravel(), "rho": rho.ravel()})
    fig, axes = plt.subplots(1, len(families), figsize=(3.2 * len(families), 3.4),
                             layout="constrained", sharey=True)  # fmt: skip
    for ax, name in zip(np.atleast_1d(axes), families, strict=True):
        spec: Specification = specification(cost=name)
        exists = generic.existence_margin(batch, "social optimum", spec).reshape(k.shape) > 0
        ax.pcolormesh(k, rho, exists.astype(float), cmap="Greys", vmin=-0.3, vmax=1.3,
                      shading="nearest")  # fmt: skip
        ax.set_title(f"f = {name}\noptimum exists on {100 * exists.mean():.0f}% of the grid",
                     fontsize=9.5)  # fmt: skip
        ax.set_xlabel("$k$")
    np.atleast_1d(axes)[0].set_ylabel(r"$\rho$")
    return fig
