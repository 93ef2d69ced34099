r"""Figures of section 2's model chapter: the primitives before any equilibrium.

>>> figure = demand_shift_figure(Params())
>>> len(figure.axes[0].get_lines())
3
>>> plt.close(figure)
"""

from __future__ import annotations

from collections.abc import Sequence

import matplotlib.pyplot as plt
import numpy as np

from isacmodel.core import model
from isacmodel.core.params import Params
from isacmodel.figures.style import OKABE_ITO

__all__ = ["demand_shift_figure"]


def demand_shift_figure(
    params: Params,
    t: float = 0.5,
    rival_sharing: Sequence[float] = (0.0, 0.5, 1.0),
) -> plt.Figure:
    r"""Plot the demand shift :math:`B_i` (3) against own sharing :math:`s_i`.

    Both firms invest ``t``; one curve per rival sharing level :math:`s_j`.
    The vertical offset between curves is the rival's spillover
    :math:`\delta_d t s_j` net of the switchers it loses (:math:`\gamma_2 s_j^2`,
    :math:`\gamma_3 s_i s_j`); the downward bend is firm i's own leakage.

    Parameters
    ----------
    params : Params
        Parameter point.
    t : float
        Common investment level ``t_i = t_j``.
    rival_sharing : sequence of float
        Values of :math:`s_j` in ``[0, 1]``, one curve each.

    Returns
    -------
    matplotlib.figure.Figure
    """
    s_i = np.linspace(0.0, 1.0, 201)
    fig, ax = plt.subplots(figsize=(6.0, 3.6), layout="constrained")
    styles = ("-", "--", ":", "-.")
    for index, s_j in enumerate(rival_sharing):
        ax.plot(
            s_i,
            model.demand_shift_numeric(params, s_i, s_j, t, t),
            color=OKABE_ITO[index % len(OKABE_ITO)],
            linestyle=styles[index % len(styles)],
            linewidth=2,
            label=f"rival shares $s_j = {s_j:g}$",
        )
    ax.set_xlabel("own sharing $s_i$")
    ax.set_ylabel("demand shift $B_i$")
    ax.set_title(f"$t_i = t_j = {t:g}$, $\\delta_d = {params.delta_d:g}$", fontsize=11)
    ax.legend(frameon=False)
    ax.grid(alpha=0.3)
    return fig
