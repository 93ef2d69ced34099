r"""Appendix B: the subsidy-tax scheme that implements the welfare optimum.

The paper pays firm ``i`` the surplus its own profit leaves out, the consumers'
surplus and the rival's producer surplus at the Bertrand prices (34), and taxes
it the same payment evaluated at the welfare optimum (36).  Everything is derived
from Appendix A's quadratic utility in :mod:`isacmodel.derive.mechanism` (re-exported
here):

* :func:`subsidy` is :math:`B_i = CS + \pi_j = U(q^*) - p_i^* q_i^* - f_j`; adding it to
  firm ``i``'s payoff (4) gives total welfare, for any decisions
  (:func:`payoff_with_subsidy`), so each firm's best response maximises welfare
  in its own decisions: a Groves scheme.
* :func:`printed_subsidy` transcribes (35), whose consumer part is a *double*
  integral of an inverse demand; :func:`utility_by_line_integral` gives the gross
  utility the scheme needs (a line integral of the inverse demands).
* :func:`tax` is (36); :func:`solve_mechanism_nash` finds the Nash equilibrium of
  the game with the transfers by best-response dynamics, and
  :func:`deviation_gain_batch` checks over many draws that no firm gains by
  leaving the welfare optimum when the transfers are in place.

The private-information variant (each firm knows its own cost spillover) is in
:func:`social_optimum_with_types` and :func:`expected_payoff`.
"""

from __future__ import annotations

from functools import cache, lru_cache

import numpy as np
import sympy as sp
from scipy.optimize import minimize

from isacmodel.core import params as checks
from isacmodel.core.compile import compile_expressions
from isacmodel.core.families import BASELINE, Specification, require_specification
from isacmodel.core.model import PARAMETER_FIELDS, SYM, evaluate_at, price_numeric, profit_numeric
from isacmodel.core.params import ParamsBatch
from isacmodel.derive import bertrand, welfare
from isacmodel.derive.mechanism import (
    DELTA_C_I,
    DELTA_C_J,
    payoff_with_subsidy,
    printed_subsidy,
    reported_subsidy,
    subsidy,
    utility_by_line_integral,
    welfare_with_types,
)
from isacmodel.solve import nash, optima
from isacmodel.solve.nash import solve_nash
from isacmodel.solve.results import BatchEquilibria, Equilibrium, EquilibriumError

__all__ = [
    "DELTA_C_I",
    "DELTA_C_J",
    "deviation_gain_batch",
    "expected_payoff",
    "own_curvature_batch",
    "expected_tax",
    "reported_subsidy",
    "social_optimum_with_types",
    "tax_report_slope_batch",
    "tax_with_reports",
    "payoff_with_subsidy",
    "printed_subsidy",
    "require_baseline",
    "solve_mechanism_batch",
    "solve_mechanism_nash",
    "solve_mechanism_nash_batch",
    "subsidy",
    "subsidy_batch",
    "subsidy_numeric",
    "tax",
    "utility_by_line_integral",
    "welfare_with_types",
]


# ---------------------------------------------------------------- numerics
@cache
def _numeric(name: str):
    args = (*SYM.parameters(), SYM.s_i, SYM.s_j, SYM.t_i, SYM.t_j)
    return compile_expressions(bertrand.specialise({"subsidy": subsidy}[name]()), args)


def subsidy_numeric(params, s_i, s_j, t_i, t_j) -> np.ndarray:
    """Firm i's subsidy :math:`B_i` at the decisions (numpy, broadcasts)."""
    return evaluate_at(_numeric("subsidy"), params, s_i, s_j, t_i, t_j)


def subsidy_batch(batch, s_i, s_j, t_i, t_j) -> np.ndarray:
    """Firm i's subsidy for ``n`` parameter points and decisions ``(n,)``."""
    with np.errstate(all="ignore"):
        result = _numeric("subsidy")(*_batch_values(batch), s_i, s_j, t_i, t_j)
    return np.broadcast_to(np.asarray(result, dtype=float), (len(batch),))


def tax(params) -> float:
    """Return the lump-sum tax (36): the subsidy at the symmetric welfare optimum.

    Raises
    ------
    EquilibriumError
        If the welfare optimum does not exist (:func:`isacmodel.derive.welfare.existence_margin`).
    """
    optimum = optima.solve_social_optimum(params)
    return float(subsidy_numeric(params, *optimum.s, *optimum.t))


def _welfare_batch(batch, s_i, s_j, t_i, t_j) -> np.ndarray:
    """Welfare for ``n`` parameter points; decisions broadcast against ``(n, 1)``."""
    values = [v[:, None] for v in _batch_values(batch)]
    with np.errstate(all="ignore"):
        result = welfare.compiled_numeric("welfare")(*values, s_i, s_j, t_i, t_j)
    shape = np.broadcast_shapes((len(batch), 1), *(np.shape(x) for x in (s_i, s_j, t_i, t_j)))
    return np.broadcast_to(np.asarray(result, dtype=float), shape)


def deviation_gain_batch(batch, s, t, grid: int = 41) -> np.ndarray:
    r"""Largest welfare gain from a unilateral deviation at symmetric points ``(s, t)``.

    With the subsidy, firm i's payoff is welfare minus a lump sum, so the welfare
    optimum is a Nash equilibrium of the game with transfers exactly when no
    ``(s_i, t_i)`` raises welfare with the rival held at ``(s, t)``.  The deviations
    form a ``grid x grid`` net over :math:`s_i \in [0, 1]`,
    :math:`t_i \in [0, 3t + 1]`; returns ``(n,)`` gains (positive: a profitable
    deviation exists).
    """
    s, t = np.asarray(s, dtype=float), np.asarray(t, dtype=float)
    shares = np.linspace(0.0, 1.0, grid)
    fractions = np.linspace(0.0, 1.0, grid)
    s_grid = np.tile(shares, grid)[None, :]
    t_grid = (3 * t + 1)[:, None] * np.repeat(fractions, grid)[None, :]
    deviations = _welfare_batch(batch, s_grid, s[:, None], t_grid, t[:, None])
    at_optimum = _welfare_batch(batch, s[:, None], s[:, None], t[:, None], t[:, None])
    return deviations.max(axis=1) - at_optimum[:, 0]


def own_curvature_batch(batch, s, t, corner) -> np.ndarray:
    r"""Largest eigenvalue of welfare's Hessian in firm i's own free decisions, ``(n,)``.

    At a symmetric optimum firm i's own welfare gradient vanishes (or points out
    of the box at full sharing), so a positive value means a small unilateral
    move raises welfare: the grid of :func:`deviation_gain_batch` could miss it.
    ``corner == "s_i = s_j = 1"`` leaves only investment free.
    """
    delta_c = np.asarray(batch.delta_c, dtype=float)
    hessian = _hessians((*_batch_values(batch), delta_c, delta_c, s, s, t, t), len(batch))
    own = hessian[:, [0, 2]][:, :, [0, 2]]  # (s_i, t_i)
    both = np.linalg.eigvalsh(own)[:, -1]
    return np.where(np.asarray(corner) == "s_i = s_j = 1", own[:, 1, 1], both)


# ------------------------------------------------------ private information
_DECISIONS = (SYM.s_i, SYM.s_j, SYM.t_i, SYM.t_j)
#: Tolerances of the bounded quasi-Newton searches (welfare is smooth and cheap).
_TIGHT = {"ftol": 1e-15, "gtol": 1e-11, "maxiter": 2000}
_BOUNDS = [(0, 1), (0, 1), (0, None), (0, None)]
_TYPED_ARGS = (*SYM.parameters(), DELTA_C_I, DELTA_C_J, *_DECISIONS)


@cache
def _typed_pieces():
    """Lambdified welfare with types, its gradient and Hessian, and the report derivatives."""
    objective = bertrand.specialise(welfare_with_types())
    transfer = bertrand.specialise(reported_subsidy())
    gradient = [sp.diff(objective, x) for x in _DECISIONS]
    return {
        "welfare": compile_expressions(objective, _TYPED_ARGS),
        "gradient": compile_expressions(gradient, _TYPED_ARGS),
        "hessian": compile_expressions(
            [[sp.diff(g, x) for x in _DECISIONS] for g in gradient], _TYPED_ARGS
        ),  # fmt: skip
        "cross": compile_expressions([sp.diff(g, DELTA_C_I) for g in gradient], _TYPED_ARGS),
        "subsidy": compile_expressions(transfer, _TYPED_ARGS),
        "subsidy gradient": compile_expressions(
            [sp.diff(transfer, x) for x in _DECISIONS], _TYPED_ARGS
        ),  # fmt: skip
    }


def _batch_values(batch) -> list[np.ndarray]:
    """Return the section-2 parameter arrays of a batch, in :data:`PARAMETER_FIELDS` order."""
    return [np.asarray(getattr(batch, name), dtype=float) for name in PARAMETER_FIELDS]


def _hessians(arguments: tuple, n: int) -> np.ndarray:
    """Welfare's Hessians in the decisions at ``n`` points, ``(n, 4, 4)``."""
    with np.errstate(all="ignore"):
        rows = _typed_pieces()["hessian"](*arguments)
    return np.moveaxis(np.array([_stacked(row, n) for row in rows]), 2, 0)


def _stacked(entries, n: int) -> np.ndarray:
    """Stack lambdified list entries (arrays or constants) into ``(len(entries), n)``."""
    return np.array([np.broadcast_to(np.asarray(e, dtype=float), (n,)) for e in entries])


def _typed_values(params, delta_c_i, delta_c_j) -> list:
    values = [getattr(params, name) for name in PARAMETER_FIELDS]
    return [*values, delta_c_i, delta_c_j]


@lru_cache(maxsize=256)
def _symmetric_investment(params) -> float:
    return optima.solve_social_optimum(params).t[0]


def social_optimum_with_types(params, delta_c_i: float, delta_c_j: float) -> np.ndarray:
    r"""Welfare-maximising ``(s_i, s_j, t_i, t_j)`` when the firms' cost spillovers differ.

    Maximises :func:`welfare_with_types` over :math:`[0, 1]^2 \times [0, \infty)^2` by
    bounded quasi-Newton steps (scipy's L-BFGS-B with the exact gradient) from five
    starting points (both firms sharing nothing, half, everything, and one firm
    everything while the other nothing; investment at the symmetric optimum's
    level for the average spillover), keeping the best.

    Raises
    ------
    EquilibriumError
        If welfare grows without bound along the search (no optimum).
    """
    checks.require_unit_interval(delta_c_i=delta_c_i, delta_c_j=delta_c_j)
    pieces = _typed_pieces()
    head = _typed_values(params, delta_c_i, delta_c_j)

    def negative(x: np.ndarray) -> float:
        return -float(pieces["welfare"](*head, *x))

    def negative_gradient(x: np.ndarray) -> np.ndarray:
        return -np.array(pieces["gradient"](*head, *x), dtype=float)

    level = _symmetric_investment(params.replace(delta_c=(delta_c_i + delta_c_j) / 2))
    best = None
    for s_i, s_j in ((0.0, 0.0), (0.5, 0.5), (1.0, 1.0), (1.0, 0.0), (0.0, 1.0)):
        start = np.array([s_i, s_j, level, level])
        found = minimize(negative, start, jac=negative_gradient, method="L-BFGS-B",
                         bounds=_BOUNDS, options=_TIGHT)  # fmt: skip
        if best is None or found.fun < best.fun:
            best = found
    if not np.all(np.isfinite(best.x)) or best.x[2:].max() > 1e6:
        raise EquilibriumError(f"welfare has no maximum at delta_c=({delta_c_i}, {delta_c_j})")
    return best.x


def tax_with_reports(params, report_i: float, report_j: float) -> float:
    """Return the tax (37) on firm i: its reported subsidy at the optimum the reports imply."""
    pieces = _typed_pieces()
    optimum = social_optimum_with_types(params, report_i, report_j)
    return float(pieces["subsidy"](*_typed_values(params, report_i, report_j), *optimum))


def expected_tax(params, report: float, low: float, high: float, nodes: int = 8) -> float:
    r"""Firm i's expected tax for its report, the rival reporting its type truthfully.

    The rival's type is uniform on ``[low, high]`` (Gauss-Legendre quadrature with
    ``nodes`` points).  Only this term of firm i's objective (38) depends on its
    report: its subsidy uses the rival's report, and its payoff its true type.
    """
    points, weights = np.polynomial.legendre.leggauss(nodes)
    types = low + (high - low) * (points + 1) / 2
    taxes = [tax_with_reports(params, report, rival) for rival in types]
    return float(np.dot(weights, taxes) / 2)


def expected_payoff(params, true_type: float, report: float, low: float, high: float,
                    nodes: int = 8) -> float:  # fmt: skip
    r"""Firm i's expected objective (38) for a true type and a report, own cost included.

    The rival reports its type, uniform on ``[low, high]``, truthfully, and the
    decisions are the welfare optimum of the true types (what the firms choose
    when both reports are true; (38) holds the rival's decisions fixed).  Firm i's
    payoff plus its subsidy is then welfare at the true types, and only the tax
    depends on the report:
    :math:`V = E[W(\theta_i, \theta_j)] - E[\hat T_i(r, \theta_j)]`.
    """
    points, weights = np.polynomial.legendre.leggauss(nodes)
    types = low + (high - low) * (points + 1) / 2
    pieces = _typed_pieces()
    welfare_levels = []
    for rival in types:
        optimum = social_optimum_with_types(params, true_type, rival)
        welfare_levels.append(float(pieces["welfare"](*_typed_values(params, true_type, rival),
                                                      *optimum)))  # fmt: skip
    return float(np.dot(weights, welfare_levels) / 2) - expected_tax(params, report, low, high,
                                                                     nodes)  # fmt: skip


def tax_report_slope_batch(batch, s, t, corner) -> np.ndarray:
    r"""Return :math:`\partial \hat T_i/\partial \hat\delta_c^i` at truthful symmetric profiles.

    Both firms report the true common :math:`\delta_c`; ``(s, t)`` is the symmetric
    welfare optimum and ``corner`` its label (``"s_i = s_j = 1"`` fixes sharing).
    The optimum's response to firm i's report follows from the implicit function
    theorem on the welfare gradient; the tax moves with it through the subsidy.
    Truth-telling can be weakly dominant only if this is zero (for an interior
    type a small misreport would otherwise lower the tax).
    """
    pieces = _typed_pieces()
    n = len(batch)
    delta_c = np.asarray(batch.delta_c, dtype=float)
    arguments = (*_batch_values(batch), delta_c, delta_c, s, s, t, t)
    hessian = _hessians(arguments, n)
    with np.errstate(all="ignore"):
        cross = _stacked(pieces["cross"](*arguments), n).T
        slope = _stacked(pieces["subsidy gradient"](*arguments), n).T
    free = np.ones((n, 4), dtype=bool)
    free[np.asarray(corner) == "s_i = s_j = 1", :2] = False
    response = np.zeros((n, 4))
    for pattern in {tuple(row) for row in free}:
        rows = np.flatnonzero((free == pattern).all(axis=1))
        keep = np.flatnonzero(pattern)
        block = hessian[rows][:, keep][:, :, keep]
        response[np.ix_(rows, keep)] = -np.linalg.solve(block, cross[rows][:, keep][:, :, None])[
            :, :, 0
        ]
    return np.einsum("nk,nk->n", slope, response)


# ------------------------------------------------ the game with the transfers
def _welfare_best_response(params, rival: np.ndarray, firm: int) -> np.ndarray:
    """Firm ``firm``'s ``(s, t)`` maximising welfare with the rival's ``(s, t)`` held fixed."""
    pieces = _typed_pieces()
    head = _typed_values(params, params.delta_c, params.delta_c)
    own = (0, 2) if firm == 0 else (1, 3)

    def full(x: np.ndarray) -> np.ndarray:
        point = np.empty(4)
        point[list(own)] = x
        point[[1, 3] if firm == 0 else [0, 2]] = rival
        return point

    def negative(x: np.ndarray) -> tuple[float, np.ndarray]:
        point = full(x)
        gradient = np.array(pieces["gradient"](*head, *point), dtype=float)
        return -float(pieces["welfare"](*head, *point)), -gradient[list(own)]

    best = None
    for share in (0.0, 0.5, 1.0):
        found = minimize(negative, np.array([share, rival[1]]), jac=True, method="L-BFGS-B",
                         bounds=[(0, 1), (0, None)], options=_TIGHT)  # fmt: skip
        # a candidate at which a firm's price is negative is outside the economic region
        found.fun += 0.0 if min(_prices(params, full(found.x))) >= 0 else np.inf
        if best is None or found.fun < best.fun:
            best = found
    return best.x


def _newton_polish(params, point: np.ndarray, steps: int = 20) -> np.ndarray:
    """Newton steps on the welfare gradient in the decisions not at a bound."""
    pieces = _typed_pieces()
    head = _typed_values(params, params.delta_c, params.delta_c)
    point = point.copy()
    free = np.array([0 < point[0] < 1, 0 < point[1] < 1, point[2] > 0, point[3] > 0])
    if not free.any():
        return point
    for _ in range(steps):
        gradient = np.array(pieces["gradient"](*head, *point), dtype=float)[free]
        if np.abs(gradient).max() < 1e-14:
            break
        hessian = np.array(pieces["hessian"](*head, *point), dtype=float)[np.ix_(free, free)]
        point[free] -= np.linalg.solve(hessian, gradient)
    return point


def require_baseline(spec: Specification) -> None:
    """Raise a ValueError naming ``spec`` unless it is the baseline (for which (34)-(36) hold)."""
    if require_specification(spec) != BASELINE:
        raise ValueError(
            f"Appendix B's subsidy-tax scheme is derived for the baseline specification "
            f"only, not for {spec.name!r}"
        )


def solve_mechanism_nash(params, spec: Specification = BASELINE, *, start=None,
                         tolerance: float = 1e-6, max_rounds: int = 500):  # fmt: skip
    """Solve the first-stage game with the subsidies and taxes in place (symmetric information).

    Each firm's payoff plus its subsidy is total welfare, so each best-responds by
    maximising welfare in its own ``(s, t)``; best responses are iterated from
    ``start`` (the market equilibrium by default) until they settle within
    ``tolerance``, then Newton steps on the welfare gradient polish the point.  The result's
    ``profit`` is each firm's payoff plus subsidy minus tax, and ``extra`` holds the
    subsidies, the tax and the government's net outlay.

    Raises
    ------
    EquilibriumError
        If the iteration does not settle, settles where a firm's price is negative
        (outside the economic region), or the welfare optimum (needed for the tax)
        does not exist.
    ValueError
        If ``spec`` is not the baseline (:func:`require_baseline`), or ``a_i != a_j``
        (the tax needs the planner's symmetric optimum).
    """
    require_baseline(spec)
    checks.require_positive(tolerance=tolerance, max_rounds=max_rounds)
    lump_sum = tax(checks.require_params(params))
    if start is None:
        market = solve_nash(params)
        start = (*market.s, *market.t)
    point = checks.require_rows("start", start, 0, 4)  # (s_i, s_j, t_i, t_j)
    for _ in range(max_rounds):
        firm_i = _welfare_best_response(params, point[[1, 3]], 0)
        firm_j = _welfare_best_response(params, np.array([firm_i[0], firm_i[1]]), 1)
        updated = np.array([firm_i[0], firm_j[0], firm_i[1], firm_j[1]])
        if np.abs(updated - point).max() < tolerance:
            point = _newton_polish(params, updated)
            break
        point = updated
    else:
        raise EquilibriumError(f"best responses did not settle in {max_rounds} rounds at {params}")
    if min(_prices(params, point)) < 0:
        raise EquilibriumError(
            f"the welfare-maximising choices leave a firm a negative price {_prices(params, point)}"
            f" at {params}: no equilibrium inside the economic region (both prices >= 0)"
        )
    s_i, s_j, t_i, t_j = (float(x) for x in point)
    subsidies = (float(subsidy_numeric(params, s_i, s_j, t_i, t_j)),
                 float(subsidy_numeric(params, s_j, s_i, t_j, t_i)))  # fmt: skip
    profits = (float(profit_numeric(params, s_i, s_j, t_i, t_j)),
               float(profit_numeric(params, s_j, s_i, t_j, t_i)))  # fmt: skip
    p_i, p_j = (float(v) for v in _prices(params, point))
    return Equilibrium(
        regime="nash under the subsidy-tax scheme", params=params, s=(s_i, s_j),
        t=(t_i, t_j), p=(p_i, p_j), q=(params.b1 * p_i, params.b1 * p_j),
        profit=(profits[0] + subsidies[0] - lump_sum, profits[1] + subsidies[1] - lump_sum),
        extra={"subsidy": subsidies, "tax": lump_sum,
               "net outlay": subsidies[0] + subsidies[1] - 2 * lump_sum,
               "welfare": float(welfare.welfare_numeric(params, s_i, s_j, t_i, t_j))},
    )  # fmt: skip


def _prices(params, point: np.ndarray) -> tuple[float, float]:

    s_i, s_j, t_i, t_j = point
    mirrored = params.replace(a_i=params.a_j, a_j=params.a_i)
    return (float(price_numeric(params, s_i, s_j, t_i, t_j)),
            float(price_numeric(mirrored, s_j, s_i, t_j, t_i)))  # fmt: skip


def solve_mechanism_nash_batch(
    batch: ParamsBatch,
    start: np.ndarray | None = None,
    iterations: int = 400,
    *,
    spec: Specification = BASELINE,
) -> np.ndarray:
    r"""Critical points of welfare reached from ``start`` by projected Newton steps, ``(n, 4)``.

    Under the scheme each firm maximises welfare in its own decisions, so an
    equilibrium zeroes the whole welfare gradient (with the usual signs at the
    bounds :math:`s \in \{0, 1\}`, :math:`t = 0`).  From ``start`` (rows
    ``(s_i, s_j, t_i, t_j)``, typically the market equilibrium) Newton steps on
    the decisions off their bounds (gradient steps where Newton's is not uphill),
    clipped to the box and halved until welfare does not fall, find such a point
    without using the planner's solver.  Rows that do not converge are NaN;
    whether a point is an equilibrium is checked separately
    (:func:`deviation_gain_batch`).  Without ``start`` the market equilibria
    (:func:`isacmodel.solve.nash.solve_nash_batch`) are the start; rows with a non-finite
    start stay NaN.

    Raises
    ------
    ValueError
        If ``spec`` is not the baseline (:func:`require_baseline`).
    """
    require_baseline(spec)
    if start is None:
        market = nash.solve_nash_batch(batch)
        start = np.column_stack([market.s[:, 0], market.s[:, 1], market.t[:, 0], market.t[:, 1]])
    pieces = _typed_pieces()
    all_values = _batch_values(checks.require_batch(batch))
    x = checks.require_rows("start", start, len(batch), 4)
    upper = np.array([1.0, 1.0, np.inf, np.inf])
    active = np.flatnonzero(np.isfinite(x).all(axis=1))
    for _ in range(iterations):
        values = [v[active] for v in all_values]
        delta_c, point, n = values[PARAMETER_FIELDS.index("delta_c")], x[active], len(active)
        arguments = (*values, delta_c, delta_c, *point.T)
        with np.errstate(all="ignore"):
            gradient = _stacked(pieces["gradient"](*arguments), n).T
        hessian = _hessians(arguments, n)
        free = ~(((point <= 0) & (gradient <= 0)) | ((point >= upper) & (gradient >= 0)))
        done = np.where(free, np.abs(gradient), 0.0).max(axis=1) < 1e-12
        masked = np.where(free[:, :, None] & free[:, None, :], hessian, 0.0)
        masked += np.where(free, 0.0, -1.0)[:, :, None] * np.eye(4)  # fixed decisions stay put
        ascent = np.where(free, gradient, 0.0)
        with np.errstate(all="ignore"):
            step = -np.linalg.solve(masked, ascent[:, :, None])[:, :, 0]
            scale = 1.0 / np.maximum(1.0, np.abs(hessian).max(axis=(1, 2)))
        uphill = (np.einsum("nk,nk->n", step, ascent) > 0) & np.isfinite(step).all(axis=1)
        step = np.where(uphill[:, None], step, ascent * scale[:, None])
        moved = _uphill_step(pieces, values, delta_c, point, step, upper)
        x[active] = np.where(done[:, None], point, moved)
        active = active[~done]
        if not active.size:
            break
    x[active] = np.nan
    return x


def solve_mechanism_batch(batch: ParamsBatch, start: np.ndarray | None = None, *,
                          spec: Specification = BASELINE) -> BatchEquilibria:  # fmt: skip
    r"""Return :func:`solve_mechanism_nash_batch`'s points as a batch of equilibria.

    ``ok`` where the Newton steps converged to a point where both prices are not
    negative (``reason`` says which failed); ``profit`` is each firm's payoff (4) plus
    its subsidy (34) *before* the lump-sum tax (36) (which needs the planner's optimum
    per point, :func:`tax`); ``extra["subsidy"]`` holds the subsidies ``(n, 2)``.
    """
    x = solve_mechanism_nash_batch(batch, start, spec=spec)
    converged = np.isfinite(x).all(axis=1)
    s_i, s_j, t_i, t_j = (np.where(converged, x[:, k], 0.5) for k in range(4))
    both = {name: np.column_stack([nash.evaluate_expressions(name, batch, s_i, s_j, t_i, t_j)[0],
                                   nash.evaluate_rival(name, batch, s_i, s_j, t_i, t_j)[0]])
            for name in ("price", "profit")}  # fmt: skip
    ok = converged & (both["price"] >= 0).all(axis=1)
    reason = np.where(converged, "a firm's price is negative (outside the economic region)",
                      "the Newton steps on welfare did not converge")  # fmt: skip
    subsidies = np.column_stack([subsidy_batch(batch, s_i, s_j, t_i, t_j),
                                 subsidy_batch(batch, s_j, s_i, t_j, t_i)])  # fmt: skip
    pair = lambda values: np.where(ok[:, None], values, np.nan)  # noqa: E731
    return BatchEquilibria(
        s=pair(x[:, :2]), t=pair(x[:, 2:]), p=pair(both["price"]),
        q=pair(both["price"] * np.asarray(batch.b1, dtype=float)[:, None]),
        profit=pair(both["profit"] + subsidies), ok=ok, spectral_radius=np.full(len(ok), np.nan),
        reason=np.where(ok, "", reason), params=batch,
        n_equilibria=ok.astype(int), spec=BASELINE, extra={"subsidy": pair(subsidies)},
    )  # fmt: skip


def _uphill_step(pieces, values, delta_c, x, step, upper, halvings: int = 40) -> np.ndarray:
    """Clip ``x + step`` to the box, halving the step until welfare does not fall."""

    def welfare_at(point: np.ndarray) -> np.ndarray:
        with np.errstate(all="ignore"):
            return np.asarray(pieces["welfare"](*values, delta_c, delta_c, *point.T), dtype=float)

    now = welfare_at(x)
    result, pending, length = x.copy(), np.ones(len(x), dtype=bool), 1.0
    for _ in range(halvings):
        trial = np.clip(x + length * step, 0.0, upper)
        accept = pending & (welfare_at(trial) >= now - 1e-15 * np.maximum(1.0, np.abs(now)))
        result[accept] = trial[accept]
        pending &= ~accept
        if not pending.any():
            break
        length /= 2
    return result
