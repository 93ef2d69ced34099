r"""The data of section 2.1's figures: best responses, sweeps, the symmetric path; no plotting.

The Bertrand-Nash equilibrium of section 2.1 (Propositions 1-4, Lemma 1) is solved
by :mod:`isacmodel.solve.nash`; the functions here tabulate what
:mod:`isacmodel.figures.bertrand` draws.

>>> sweeps = comparative_statics_sweeps(Params(), n=5)
>>> sorted(sweeps)
['a', 'b1', 'b2', 'delta_c', 'delta_d', 'gamma']
"""

from __future__ import annotations

import numpy as np

from isacmodel.core import model
from isacmodel.core.params import Params, ParamsBatch
from isacmodel.solve import nash
from isacmodel.solve.results import Equilibrium, EquilibriumError

__all__ = [
    "MULTIPLE_EQUILIBRIA_EXAMPLE",
    "SWEPT",
    "best_responses",
    "broken_at_jumps",
    "comparative_statics_sweeps",
    "critical_sharing",
    "reaction_slopes",
    "symmetric_condition_curve",
]

#: A point (baseline otherwise) with two interior symmetric Nash equilibria.
#:
#: Found by a grid over ``k`` in [1, 4] (step 0.25) and ``rho`` in [0, 0.95] (step
#: 0.05), the other parameters at the baseline, counting the roots of the symmetric
#: investment condition in :math:`(0, \bar t)` (``n_equilibria`` of
#: :func:`isacmodel.solve.nash.solve_nash_batch`).  Multiplicity needs cheap investment
#: whose cost the rival's disclosure can cut a lot: it appears only in a thin band at
#: the low-``k`` edge of the region with an equilibrium (k = 1.75 with rho = 0.65-0.7;
#: k = 2 with rho = 0.85-0.95); for k <= 1.25, or k = 1.5 with rho >= 0.35, no stable
#: interior equilibrium is left.  This point has the deepest dip of the investment
#: condition between its two roots.  :func:`isacmodel.solve.nash.nash_equilibria` finds
#: (s, t) = (0.434, 0.659), stable, and (0.914, 1.389), unstable, both global best
#: responses, and no full-sharing corner.
MULTIPLE_EQUILIBRIA_EXAMPLE = dict(k=2.0, rho=0.9)

#: Parameters swept by :func:`comparative_statics_sweeps`: name, axis label, the
#: paper's result about it.
SWEPT = (
    ("b1", "$b_1$", "Prop. 3(i)"),
    ("b2", "$b_2$", "Prop. 3(ii)"),
    ("a", "$a_i = a_j$", "Prop. 4(i)"),
    ("delta_d", r"$\delta_d$", "Prop. 4(ii)"),
    ("delta_c", r"$\delta_c$", "Prop. 4(ii)"),
    ("gamma", r"$\gamma$", "Prop. 4(iii)"),
)


def broken_at_jumps(values: np.ndarray) -> np.ndarray:
    """Insert NaN where a global best response jumps between branches (no false joins)."""
    values = np.asarray(values, dtype=float).copy()
    steps = np.abs(np.diff(values))
    moving = steps[np.isfinite(steps) & (steps > 0)]  # a capped (flat) stretch does not count
    if moving.size == 0:
        return values
    threshold = 20 * np.median(moving) + 1e-9 * (1 + np.nanmax(np.abs(values)))
    values[np.flatnonzero(steps > threshold) + 1] = np.nan
    return values


def best_responses(params: Params, rival: np.ndarray, held: float, decision: str) -> np.ndarray:
    """Firm i's global best responses as the rival's ``decision`` runs over ``rival``.

    The rival's other decision is held at ``held``.  Returns an array ``(len(rival), 2)``
    of ``(s_i, t_i)``, NaN where firm i's profit is unbounded.
    """
    out = np.full((len(rival), 2), np.nan)
    for index, value in enumerate(rival):
        s_j, t_j = (value, held) if decision == "s" else (held, value)
        try:
            response = nash.best_response(params, float(s_j), float(t_j))
        except EquilibriumError:
            continue
        out[index] = response.s, response.t
    return out


def reaction_slopes(eq: Equilibrium) -> dict[str, float] | None:
    """Slopes of the reaction functions at ``eq`` (:func:`isacmodel.solve.nash.reaction_slopes`).

    None where they are not defined (a corner, or a singular Hessian).
    """
    try:
        (ds_s, ds_t), (dt_s, dt_t) = nash.reaction_slopes(eq)[0].tolist()
    except (EquilibriumError, np.linalg.LinAlgError):
        return None
    return {"ds_i/ds_j": ds_s, "dt_i/ds_j": dt_s, "ds_i/dt_j": ds_t, "dt_i/dt_j": dt_t}


def critical_sharing(params: Params, s_j: float, t_i: float, t_j: float) -> float:
    r"""Firm i's price-maximising sharing :math:`s_i^c` in ``[0, 1]`` (Proposition 1(ii)).

    The price (21) is quadratic in :math:`s_i` (the leakage (2) is), so the vertex
    of the parabola through three points is exact.
    """
    nodes = np.array([0.0, 0.5, 1.0])
    curvature, slope, _ = np.polyfit(nodes, model.price_numeric(params, nodes, s_j, t_i, t_j), 2)
    if curvature >= 0:  # not concave: the better end
        return float(nodes[np.argmax(model.price_numeric(params, nodes[[0, 2]], s_j, t_i, t_j))])
    return float(np.clip(-slope / (2 * curvature), 0.0, 1.0))


def _sweep_range(params: Params, name: str) -> tuple[float, float]:
    """Admissible range swept for ``name`` around the point ``params``."""
    if name == "b1":
        return params.b2 + 0.05 * (params.b1 - params.b2), 2 * params.b1
    if name == "b2":
        return 0.0, 0.98 * params.b1
    if name == "a":
        smaller = min(params.a_i, params.a_j)
        return params.a_i - 0.75 * smaller, params.a_i + 2 * smaller
    if name == "gamma":
        return 0.0, 0.98
    return 0.0, 1.0  # delta_d, delta_c


def comparative_statics_sweeps(params: Params, n: int = 41) -> dict[str, dict]:
    r"""Nash sharing and investment along one-parameter sweeps (Propositions 3 and 4).

    Each of ``b1, b2, a, delta_d, delta_c, gamma`` is swept over an admissible range
    around ``params`` with the others fixed, and the Nash equilibrium is solved at
    every point by :func:`isacmodel.solve.nash.solve_nash_batch` (one vectorised call).
    ``a`` shifts both intercepts by the same amount (the swept value is
    :math:`a_i`).  Pure numerics: no plotting.

    Parameters
    ----------
    params : Params
        The point swept around.
    n : int
        Points per sweep.

    Returns
    -------
    dict
        ``{name: sweep}`` for each swept parameter, each sweep a dict with
        ``values`` (the grid), ``s`` and ``t`` (firm i's Nash sharing and
        investment, NaN where not ``ok``), ``ok`` and ``reason`` (from the batch
        solver), ``assumption_1`` (Assumption 1 holds at the equilibrium's sharing
        levels), ``baseline`` (the value at ``params``), ``label`` and ``result``
        (the paper's proposition about it).

    Examples
    --------
    >>> from isacmodel import Params
    >>> sweeps = comparative_statics_sweeps(Params(), n=5)
    >>> sorted(sweeps)
    ['a', 'b1', 'b2', 'delta_c', 'delta_d', 'gamma']
    >>> bool(sweeps["b1"]["ok"].all())
    True
    """
    if n < 2:
        raise ValueError(f"n must be at least 2 (got n={n})")
    base = params.as_dict()
    columns: dict[str, list[np.ndarray]] = {field: [] for field in base}
    grids = {}
    for name, _, _ in SWEPT:
        grids[name] = np.linspace(*_sweep_range(params, name), n)
        changed = {field: np.full(n, value) for field, value in base.items()}
        if name == "a":
            changed["a_i"] = grids[name]
            changed["a_j"] = grids[name] + (params.a_j - params.a_i)
        else:
            changed[name] = grids[name]
        for field, column in changed.items():
            columns[field].append(column)
    batch = ParamsBatch(**{field: np.concatenate(parts) for field, parts in columns.items()})
    result = nash.solve_nash_batch(batch)
    sweeps = {}
    for index, (name, label, claim) in enumerate(SWEPT):
        rows = slice(index * n, (index + 1) * n)
        s, ok = result.s[rows], result.ok[rows]
        holds = np.array([bool(ok[i]) and batch.params(index * n + i).gamma_bar(*s[i])
                          >= batch.gamma[index * n + i] for i in range(n)])  # fmt: skip
        sweeps[name] = {
            "values": grids[name],
            "s": s[:, 0].copy(),
            "t": result.t[rows, 0].copy(),
            "ok": ok.copy(),
            "reason": result.reason[rows].copy(),
            "assumption_1": holds,
            "baseline": params.a_i if name == "a" else getattr(params, name),
            "label": label,
            "result": claim,
        }
    return sweeps


def symmetric_condition_curve(params: Params, n: int = 400, t_max: float | None = None) -> dict:
    r"""Firm i's investment condition along the symmetric path, and every equilibrium.

    The condition :math:`H = \partial\pi_i/\partial t_i` (6) at :math:`s_i = s_j =
    \min(\kappa t, 1)`, :math:`t_i = t_j = t`; its zeros are the symmetric equilibria.

    Parameters
    ----------
    params : Params
        Parameter point with equal intercepts.
    n : int
        Points on the curve.
    t_max : float, optional
        Right end of the curve; by default :math:`1.25 \bar t`, extended to reach
        corners up to :math:`2 \bar t`.

    Returns
    -------
    dict
        ``"kappa"``, ``"t_bar"`` (:math:`1/\kappa`, infinite if :math:`\kappa \le 0`),
        ``"equilibria"`` (:func:`isacmodel.solve.nash.nash_equilibria`), ``"t_max"``,
        ``"t"`` and ``"condition"`` ``(n,)``.

    Raises
    ------
    ValueError
        If the intercepts differ (there is no symmetric path).
    """
    if params.a_i != params.a_j:
        raise ValueError(
            "the symmetric condition needs equal intercepts "
            f"(got a_i={params.a_i}, a_j={params.a_j})"
        )
    batch = ParamsBatch(**params.as_dict())
    kappa = float(nash.evaluate_expressions("kappa", batch, 0.0, 0.0, 0.0, 0.0)[0, 0])
    t_bar = 1 / kappa if kappa > 0 else np.inf
    equilibria = nash.nash_equilibria(params)
    if t_max is None:
        if np.isfinite(t_bar):
            corners = [e.t[0] for e in equilibria if e.corner and e.t[0] <= 2 * t_bar]
            t_max = max([1.25 * t_bar, *(1.1 * t for t in corners)])
        else:
            t_max = 1.5 * max([e.t[0] for e in equilibria] or [1.0])
    t = np.linspace(0.0, t_max, n + 1)[1:]
    s = np.minimum(kappa * t, 1.0)
    condition = nash.evaluate_expressions("conditions", batch, s, s, t, t)[1]

    return {"kappa": kappa, "t_bar": t_bar, "equilibria": equilibria, "t_max": t_max, "t": t,
            "condition": condition}  # fmt: skip
