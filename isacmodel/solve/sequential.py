r"""Section 3: sequential entry (the leader-follower game) and footnote 27's timing.

**The game.**  The incumbent, firm ``i`` (index 0 in every result), chooses
:math:`(s_i, t_i)`; the entrant, firm ``j``, observes it and chooses
:math:`(s_j, t_j)`; then both set Bertrand prices.  The follower plays its global
best response (:func:`isacmodel.solve.nash.best_response_batch`, exact: a cubic and the
full-sharing kink), so the leader maximises
:math:`V(s_i, t_i) = \pi_i(s_i, t_i, s_j^*(s_i, t_i), t_j^*(s_i, t_i))`.

**The leader's conditions.**  :func:`leader_conditions` derives :math:`dV/ds_i` and
:math:`dV/dt_i` with sympy for a general leakage ``g`` and cost ``f``, the
follower's responses kept as symbols; :func:`printed_leader_conditions` transcribes
the paper's (15)-(16).  Numerically the responses come from the implicit function
theorem on the follower's two conditions (on its investment condition alone where
its sharing is at a corner).

**Solving.**  :func:`solve_stackelberg_batch` starts at the simultaneous Nash
equilibrium and takes guarded Newton steps on the leader's gradient (exact, by the
chain rule) with a finite-difference Hessian, accepting a step only if the
leader's payoff rises; :func:`solve_stackelberg` does the same for one point and
then checks on a grid that the optimum is global.

**Footnote 27.**  Investment first (both firms at once), then sharing (both at
once), then prices: :func:`solve_technology_first` finds the symmetric equilibrium
of that game, in which each firm's investment condition gains the term
:math:`\partial\pi_i/\partial s_j\cdot\partial s_j^*/\partial t_i`.
"""

from __future__ import annotations

from functools import cache

import numpy as np
import sympy as sp

from isacmodel.core.compile import compile_expressions
from isacmodel.core.families import BASELINE, Specification, require_specification
from isacmodel.core.model import SYM
from isacmodel.core.params import Params, ParamsBatch, require_batch, require_count, require_params
from isacmodel.core.regimes import Regime
from isacmodel.derive import bertrand
from isacmodel.numerics.newton import ascent_direction, finite_difference_newton, line_search
from isacmodel.solve import nash, sequential_newton, technology_newton
from isacmodel.solve.results import BatchEquilibria, Equilibrium, EquilibriumError

__all__ = [
    "RESPONSES",
    "follower_response",
    "follower_slopes",
    "leader_conditions",
    "leader_payoff",
    "omitted_cost_terms",
    "printed_leader_conditions",
    "solve_stackelberg",
    "solve_stackelberg_batch",
    "solve_technology_first",
    "solve_technology_first_batch",
    "stage_two_sharing",
]

#: The follower's responses to the leader's choices, as symbols:
#: ``RESPONSES["s_j", "t_i"]`` is :math:`\partial s_j/\partial t_i`.
RESPONSES = {
    (follower, leader): sp.Symbol(f"d{follower}/d{leader}")
    for follower in ("s_j", "t_j")
    for leader in ("s_i", "t_i")
}
_FOLLOWER = {"s_j": SYM.s_j, "t_j": SYM.t_j}
_LEADER = {"s_i": SYM.s_i, "t_i": SYM.t_i}


# ------------------------------------------------------------------ symbolic
def leader_conditions() -> tuple[sp.Expr, sp.Expr]:
    r"""Return the leader's first-order conditions :math:`(G_i, H_i)`, derived.

    :math:`G_i = dV/ds_i` and :math:`H_i = dV/dt_i` by the chain rule through the
    follower's responses (:data:`RESPONSES`), for the general ``g`` and ``f`` of
    :mod:`isacmodel.derive.bertrand`.  The leader's payoff is (4),
    :math:`b_1 p_i^2 - f(t_i, \delta_c t_j s_j)`: the follower's choices move the
    leader's price *and* its cost.
    """
    payoff = bertrand.profit()
    conditions = []
    for name, variable in _LEADER.items():
        total = sp.diff(payoff, variable)
        for follower, symbol in _FOLLOWER.items():
            total += sp.diff(payoff, symbol) * RESPONSES[follower, name]
        conditions.append(total)
    return conditions[0], conditions[1]


def printed_leader_conditions() -> tuple[sp.Expr, sp.Expr]:
    """Transcribe the paper's (15)-(16): the price channel of the follower's responses only."""
    price = bertrand.price()
    revenue = 2 * SYM.b1 * price
    f_t = sp.diff(bertrand.f(SYM.t_i, bertrand.general().y_j), SYM.t_i)
    slope = {name: sp.diff(price, symbol) for name, symbol in {**_LEADER, **_FOLLOWER}.items()}
    g_i = revenue * (slope["s_i"] + slope["s_j"] * RESPONSES["s_j", "s_i"]
                     + slope["t_j"] * RESPONSES["t_j", "s_i"])  # fmt: skip
    h_i = revenue * (slope["t_i"] + slope["t_j"] * RESPONSES["t_j", "t_i"]
                     + slope["s_j"] * RESPONSES["s_j", "t_i"]) - f_t  # fmt: skip
    return g_i, h_i


def omitted_cost_terms() -> tuple[sp.Expr, sp.Expr]:
    r"""Return derived minus printed leader conditions: the cost channel (15)-(16) leave out.

    The follower's sharing and investment lower the leader's cost through
    :math:`y_j = \delta_c t_j s_j`, so each condition gains
    :math:`-f_y\,\delta_c\,(s_j\,\partial t_j/\partial x + t_j\,\partial s_j/\partial x)`,
    positive when the follower's responses are.
    """
    derived, printed = leader_conditions(), printed_leader_conditions()
    return (sp.simplify(derived[0] - printed[0]), sp.simplify(derived[1] - printed[1]))


# ------------------------------------------------------------------ numerics
@cache
def _payoff_gradient():
    """Lambdified gradient of the leader's payoff in ``(s_i, t_i, s_j, t_j)``."""
    payoff = bertrand.specialise(bertrand.profit())
    variables = (SYM.s_i, SYM.t_i, SYM.s_j, SYM.t_j)
    return compile_expressions([sp.diff(payoff, v) for v in variables], nash.ARGS)


def _values(batch: ParamsBatch) -> list[np.ndarray]:
    return [getattr(batch, field) for field in nash.PARAMETER_FIELDS]


def follower_response(batch: ParamsBatch, s_i, t_i) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Return the follower's global best response ``(s_j, t_j, corner)`` to the leader's choices.

    Parameters
    ----------
    batch : ParamsBatch
    s_i, t_i : numpy.ndarray
        The leader's choices, one per entry.
    """
    s, t, _, corner, _ = nash.best_response_batch(nash.with_intercepts_swapped(batch), s_i, t_i)
    return s, t, np.char.replace(corner.astype(str), "s_i", "s_j")


def leader_payoff(batch: ParamsBatch, s_i, t_i) -> np.ndarray:
    """Return the leader's payoff when the follower best-responds (one per entry)."""
    s_j, t_j, _ = follower_response(batch, s_i, t_i)
    return nash.evaluate_expressions("profit", batch, s_i, s_j, t_i, t_j)[0]


def _follower_slopes(batch, s_i, t_i, s_j, t_j, corner) -> np.ndarray:
    """``d(s_j, t_j)/d(s_i, t_i)``, ``(n, 2, 2)``, by the implicit function theorem.

    Where the follower's sharing sits at a corner it does not respond, and its
    investment responds through its investment condition alone.
    """
    jacobian = nash.jacobians(batch, s_i, s_j, t_i, t_j)  # rows: (P_i, H_i, P_j, H_j)
    _, interior = nash.reaction_matrices(jacobian)
    h_j = jacobian[:, 3, :]  # d H_j / d(s_i, t_i, s_j, t_j)
    with np.errstate(all="ignore"):
        investment_only = -h_j[:, :2] / h_j[:, 3:4]
    at_corner = corner != ""
    slopes = interior.copy()
    slopes[at_corner, 0, :] = 0.0
    slopes[at_corner, 1, :] = investment_only[at_corner]
    return slopes


def follower_slopes(params: Params, s_i: float, t_i: float) -> dict[str, float]:
    """Return the follower's responses to the leader's choices, at its best response.

    Returns
    -------
    dict
        ``{"ds_j/ds_i", "dt_j/ds_i", "ds_j/dt_i", "dt_j/dt_i"}`` (implicit function
        theorem on the follower's conditions; its sharing does not respond at a corner).
    """
    batch = nash.single_point_batch(params)
    s, t = np.array([float(s_i)]), np.array([float(t_i)])
    s_j, t_j, corner = follower_response(batch, s, t)
    slopes = _follower_slopes(batch, s, t, s_j, t_j, corner)[0]
    return {"ds_j/ds_i": float(slopes[0, 0]), "dt_j/ds_i": float(slopes[1, 0]),
            "ds_j/dt_i": float(slopes[0, 1]), "dt_j/dt_i": float(slopes[1, 1])}  # fmt: skip


def _gradient(batch, s_i, t_i) -> tuple[np.ndarray, tuple]:
    """Return the leader's gradient ``(n, 2)`` and the follower's response there."""
    s_j, t_j, corner = follower_response(batch, s_i, t_i)
    with np.errstate(all="ignore"):
        partial = np.array(_payoff_gradient()(*_values(batch), s_i, s_j, t_i, t_j), dtype=float)
    partial = np.broadcast_to(partial, (4, len(batch))).T
    slopes = _follower_slopes(batch, s_i, t_i, s_j, t_j, corner)
    gradient = partial[:, :2] + np.einsum("nf,nfl->nl", partial[:, 2:], slopes)
    return gradient, (s_j, t_j, corner)


def _hessian(batch, s_i, t_i, step: float = 1e-6) -> np.ndarray:
    """Central finite differences of the exact gradient, symmetrised; ``(n, 2, 2)``."""
    columns = []
    for ds, dt in ((step, 0.0), (0.0, step)):
        up, _ = _gradient(batch, s_i + ds, t_i + dt)
        down, _ = _gradient(batch, s_i - ds, t_i - dt)
        columns.append((up - down) / (2 * step))
    hessian = np.stack(columns, axis=2)
    return (hessian + hessian.transpose(0, 2, 1)) / 2


def _newton_ascent(batch, s_i, t_i, iterations: int = 40) -> tuple[np.ndarray, np.ndarray]:
    """Guarded Newton ascent on the leader's payoff (sharing kept in [0, 1], t >= 0).

    A Newton step where the Hessian is negative definite (in ``t`` alone where
    sharing is at one and wants to rise), a long gradient step otherwise; halved
    until the payoff rises.  Entries leave the loop once their projected gradient
    is below 1e-12 or no step raises their payoff.
    """
    s_i, t_i = s_i.copy(), t_i.copy()
    active = np.arange(len(batch))
    for _ in range(iterations):
        if not len(active):
            break
        points = batch.subset(active)
        s, t = s_i[active], t_i[active]
        gradient, _ = _gradient(points, s, t)
        hessian = _hessian(points, s, t)
        direction = ascent_direction(gradient, hessian, s, t)
        done = np.max(np.abs(np.where(direction == 0, 0.0, gradient)), axis=1) < 1e-12

        def objective(index, trial_s, trial_t, points=points):
            return leader_payoff(points.subset(index), trial_s, trial_t), ()

        value = leader_payoff(points, s, t)
        s_new, t_new, _, _, moved = line_search(objective, s, t, direction, value)
        s_i[active], t_i[active] = s_new, t_new
        active = active[~done & moved]
    return s_i, t_i


def _unbounded(batch: ParamsBatch, t_i: np.ndarray) -> np.ndarray:
    """Whether the leader's payoff at full sharing keeps rising far beyond ``t_i``."""
    one = np.ones(len(batch))
    far = 1e3 * (1 + np.abs(t_i))
    with np.errstate(all="ignore"):
        near_value, far_value = (leader_payoff(batch, one, x) for x in (far, 10 * far))
    return far_value > near_value


def solve_stackelberg_batch(
    batch: ParamsBatch,
    spec: Specification = BASELINE,
    check_grid: int = 11,
    *,
    simultaneous: BatchEquilibria | None = None,
) -> BatchEquilibria:
    """Leader-follower equilibria for many parameter points (firm i leads; vectorised).

    Under :data:`~isacmodel.core.families.BASELINE` the exact path below runs; any
    other specification goes to :func:`isacmodel.solve.sequential_newton.solve_stackelberg_batch`
    (the follower's response by Newton steps and grids; ``simultaneous``, the
    :class:`~isacmodel.solve.BatchEquilibria` of ``batch``, saves its start).

    Starts at the simultaneous Nash equilibrium (:func:`isacmodel.solve.nash.solve_nash_batch`)
    and climbs the leader's payoff with the follower best-responding.  Entries
    without a Nash starting point, where the climb does not converge (or runs off:
    the leader's payoff is unbounded), where the leader's second-order condition
    fails, or where a node of a ``check_grid`` x ``check_grid`` net over the
    leader's choices pays more, are flagged in ``ok``/``reason``.

    Returns
    -------
    BatchEquilibria
        Column 0 is the leader, column 1 the follower; ``corner`` names a binding
        sharing constraint; ``residual`` is the largest component of the leader's
        (projected) gradient (baseline; the Newton path leaves both ``None``).
    """
    require_batch(batch)
    require_count(2, check_grid=check_grid)
    if require_specification(spec) != BASELINE:
        return sequential_newton.solve_stackelberg_batch(
            batch, spec, simultaneous, check_grid
        ).flag_inadmissible()
    start = nash.solve_nash_batch(batch)
    reason = start.reason.astype(object)
    good = start.ok.copy()
    n = len(batch)
    s_i, t_i = np.where(good, start.s[:, 0], 0.5), np.where(good, start.t[:, 0], 0.5)
    s_i, t_i = _newton_ascent(batch, s_i, t_i)
    gradient, (s_j, t_j, corner_j) = _gradient(batch, s_i, t_i)
    hessian = _hessian(batch, s_i, t_i)
    at_full = s_i >= 1
    pinned = at_full & (gradient[:, 0] > 0) | (s_i <= 0) & (gradient[:, 0] < 0)
    residual = np.maximum(np.where(pinned, 0.0, np.abs(gradient[:, 0])), np.abs(gradient[:, 1]))
    det = hessian[:, 0, 0] * hessian[:, 1, 1] - hessian[:, 0, 1] ** 2
    second_order = np.where(pinned, hessian[:, 1, 1] < 0, (hessian[:, 0, 0] < 0) & (det > 0))
    scale = np.maximum(np.abs(np.column_stack([s_i, t_i])).max(axis=1), 1.0)
    stuck = good & ~(residual < 1e-6 * scale)
    reason[stuck] = "the leader's gradient did not vanish"
    ran_off = (t_i > 50 * (1 + np.where(start.ok, start.t[:, 0], 0.0))) | ~(residual < 1e6)
    reason[stuck & (ran_off | _unbounded(batch, t_i))] = (
        "the leader's payoff is unbounded: it keeps rising with its investment"
    )
    reason[good & (reason == "") & ~second_order] = "the leader's second-order condition fails"
    good = reason == ""
    value = leader_payoff(batch, s_i, t_i)
    local = np.zeros(n, dtype=bool)  # searched only where an optimum stands (else all-NaN rows)
    local[good] = ~_global_on_grid(batch.subset(good), t_i[good], value[good], check_grid)
    reason[local] = "a local optimum only: a point of the check net pays the leader more"
    good = reason == ""
    price = np.column_stack(
        [
            nash.evaluate_expressions("price", batch, s_i, s_j, t_i, t_j)[0],
            nash.evaluate_rival("price", batch, s_i, s_j, t_i, t_j)[0],
        ]
    )
    profit = np.column_stack(
        [
            nash.evaluate_expressions("profit", batch, s_i, s_j, t_i, t_j)[0],
            nash.evaluate_rival("profit", batch, s_i, s_j, t_i, t_j)[0],
        ]
    )
    corner = np.where(at_full, "s_i = 1", np.where(s_i <= 0, "s_i = 0", ""))
    corner = np.char.add(corner, np.where((corner != "") & (corner_j != ""), ", ", ""))
    corner = np.char.add(corner, corner_j)  # fmt: skip

    def pair(values: np.ndarray) -> np.ndarray:
        return np.where(good[:, None], values, np.nan)

    return BatchEquilibria(
        s=pair(np.column_stack([s_i, s_j])), t=pair(np.column_stack([t_i, t_j])),
        p=pair(price), q=pair(price * batch.b1[:, None]), profit=pair(profit), ok=good,
        reason=reason, spectral_radius=np.full(n, np.nan), n_equilibria=good.astype(int),
        corner=np.where(good, corner, ""), residual=np.where(good, residual, np.nan),
        params=batch, spec=BASELINE,
    )  # fmt: skip


def _global_on_grid(batch: ParamsBatch, t_i, value, grid: int, chunk: int = 500) -> np.ndarray:
    r"""Whether no point of a ``grid`` x ``grid`` net over the leader's choices pays more.

    The net covers :math:`s_i \in [0, 1]` and :math:`t_i \in [0, 4 t_i + 0.5]`; the
    follower best-responds at every node.
    """
    unit = np.linspace(0.0, 1.0, grid)
    s_net, t_net = (a.ravel() for a in np.meshgrid(unit, unit))
    result = np.ones(len(batch), dtype=bool)
    for first in range(0, len(batch), chunk):
        rows = np.arange(first, min(first + chunk, len(batch)))
        repeated = np.repeat(rows, s_net.size)
        t_max = 4 * np.nan_to_num(t_i[rows]) + 0.5
        s = np.tile(s_net, len(rows))
        t = (t_net[None, :] * t_max[:, None]).ravel()
        with np.errstate(all="ignore"):
            values = leader_payoff(batch.subset(repeated), s, t).reshape(len(rows), -1)
        best = np.nanmax(values, axis=1)
        result[rows] = best <= value[rows] + 1e-10 * np.abs(value[rows])
    return result


def _leader_is_global(params: Params, result: BatchEquilibria, grid: int = 41) -> bool:
    """Whether no point of a fine net over the leader's choices pays the leader more."""
    batch = nash.single_point_batch(params)
    return bool(_global_on_grid(batch, result.t[:, 0], result.profit[:, 0], grid)[0])


def solve_stackelberg(
    params: Params, spec: Specification = BASELINE, *, check_global: bool = True
) -> Equilibrium:
    """Solve the leader-follower game with firm i (index 0) leading.

    Parameters
    ----------
    params : Params
    spec : Specification
        The cost and leakage families (:func:`solve_stackelberg_batch` dispatches).
    check_global : bool
        Compare the leader's payoff with a 41 x 41 grid over its choices (the
        follower best-responding at each) and raise if a grid point pays more.

    Raises
    ------
    EquilibriumError
        If there is no Nash equilibrium to start from, the leader's second-order
        condition fails, or the optimum found is not global.
    """
    batch = nash.single_point_batch(require_params(params))
    baseline = require_specification(spec) == BASELINE
    result = solve_stackelberg_batch(batch, spec, 11 if baseline or not check_global else 41)
    if not result.ok[0]:
        raise EquilibriumError(f"no leader-follower equilibrium: {result.reason[0]}")
    if not check_global:
        is_global = None
    else:  # the Newton path checked the 41 x 41 net itself
        is_global = _leader_is_global(params, result) if baseline else True
    if is_global is False:
        raise EquilibriumError(
            "the leader's optimum found from the Nash equilibrium is not global: a grid "
            "point pays the leader more (its payoff may be unbounded; raise k)"
        )
    return Equilibrium(
        regime=Regime.STACKELBERG, params=params,
        s=(float(result.s[0, 0]), float(result.s[0, 1])),
        t=(float(result.t[0, 0]), float(result.t[0, 1])),
        p=(float(result.p[0, 0]), float(result.p[0, 1])),
        q=(float(result.q[0, 0]), float(result.q[0, 1])),
        profit=(float(result.profit[0, 0]), float(result.profit[0, 1])),
        corner="" if result.corner is None else str(result.corner[0]),
        residual=float("nan") if result.residual is None else float(result.residual[0]),
        second_order=True, global_best_response=is_global,
    )  # fmt: skip


# --------------------------------------------------------- footnote 27's timing
def stage_two_sharing(batch: ParamsBatch, t_i, t_j) -> tuple[np.ndarray, np.ndarray]:
    """Return the simultaneous sharing equilibrium ``(s_i, s_j)`` for given investments.

    Each sharing condition (5) is linear in both sharing levels, so the equilibrium
    solves a 2 x 2 linear system; it is clipped to [0, 1].
    """
    n = len(batch)
    zero, one = np.zeros(n), np.ones(n)
    own_i = nash.evaluate_expressions("conditions", batch, zero, zero, t_i, t_j)[0]
    own_i_s = nash.evaluate_expressions("conditions", batch, one, zero, t_i, t_j)[0] - own_i
    own_i_r = nash.evaluate_expressions("conditions", batch, zero, one, t_i, t_j)[0] - own_i
    own_j = nash.evaluate_rival("conditions", batch, zero, zero, t_i, t_j)[0]
    own_j_s = nash.evaluate_rival("conditions", batch, zero, one, t_i, t_j)[0] - own_j
    own_j_r = nash.evaluate_rival("conditions", batch, one, zero, t_i, t_j)[0] - own_j
    det = own_i_s * own_j_s - own_i_r * own_j_r
    with np.errstate(all="ignore"):
        s_i = (-own_i * own_j_s + own_i_r * own_j) / det
        s_j = (-own_j * own_i_s + own_j_r * own_i) / det
    return np.clip(s_i, 0.0, 1.0), np.clip(s_j, 0.0, 1.0)


def _technology_condition(batch: ParamsBatch, t: np.ndarray, step: float = 1e-6) -> np.ndarray:
    """Firm i's total investment derivative at a common investment ``t`` (sharing re-chosen)."""
    s_i, s_j = stage_two_sharing(batch, t, t)
    gradient = np.array(_payoff_gradient()(*_values(batch), s_i, s_j, t, t), dtype=float)
    gradient = np.broadcast_to(gradient, (4, len(batch)))
    up = stage_two_sharing(batch, t + step, t)
    down = stage_two_sharing(batch, t - step, t)
    ds_i, ds_j = ((u - d) / (2 * step) for u, d in zip(up, down, strict=True))
    return gradient[1] + gradient[0] * ds_i + gradient[2] * ds_j


def solve_technology_first_batch(
    batch: ParamsBatch,
    spec: Specification = BASELINE,
    iterations: int = 30,
    *,
    simultaneous: BatchEquilibria | None = None,
) -> BatchEquilibria:
    r"""Footnote 27's symmetric equilibrium for many points, by Newton from the Nash investment.

    Under :data:`~isacmodel.core.families.BASELINE` the exact path below runs (stage
    two's sharing a 2 x 2 linear solve); any other specification goes to
    :func:`isacmodel.solve.technology_newton.solve_technology_first_batch`
    (``simultaneous`` as for :func:`solve_stackelberg_batch`).

    The Nash investment is a good start: the two games' investment conditions
    differ only by :math:`\partial\pi_i/\partial s_j\cdot\partial s_j^*/\partial t_i`,
    which vanishes when :math:`\gamma_3 = 0`.  Entries whose condition is not
    solved to 1e-8, or is not decreasing at the root, are flagged.
    """
    require_batch(batch)
    require_count(1, iterations=iterations)
    if require_specification(spec) != BASELINE:
        return technology_newton.solve_technology_first_batch(
            batch, spec, simultaneous, iterations
        ).flag_inadmissible()
    start = nash.solve_nash_batch(batch)
    reason = start.reason.astype(object)
    reason[(reason == "") & (batch.a_i != batch.a_j)] = "asymmetric firms (a_i != a_j)"
    # Only the entries with a Nash start are solved: the others are flagged already, and
    # their numbers (an inadmissible gamma1 = 1e308, say) would overflow for nothing.
    solved = np.flatnonzero(reason == "")
    s_i, s_j, t, value, slope = (np.full(len(batch), np.nan) for _ in range(5))
    if solved.size:
        s_i[solved], s_j[solved], t[solved], value[solved], slope[solved] = _technology_root(
            batch.subset(solved), start.t[solved, 0], iterations
        )
    good = reason == ""
    reason[good & ~(np.abs(value) < 1e-8)] = "the technology-first condition was not solved"
    reason[(reason == "") & ~(slope < 0)] = "the technology-first condition is not decreasing"
    good = reason == ""
    price, profit = np.full(len(batch), np.nan), np.full(len(batch), np.nan)
    if good.any():
        kept = (batch.subset(good), s_i[good], s_j[good], t[good], t[good])
        price[good] = nash.evaluate_expressions("price", *kept)[0]
        profit[good] = nash.evaluate_expressions("profit", *kept)[0]

    def pair(values: np.ndarray, other: np.ndarray | None = None) -> np.ndarray:
        both = np.column_stack([values, values if other is None else other])
        return np.where(good[:, None], both, np.nan)

    return BatchEquilibria(
        s=pair(s_i, s_j), t=pair(t), p=pair(price), q=pair(price * batch.b1), profit=pair(profit),
        ok=good, reason=reason, spectral_radius=np.full(len(batch), np.nan),
        n_equilibria=good.astype(int), residual=np.where(good, np.abs(value), np.nan),
        params=batch, spec=BASELINE,
    )  # fmt: skip


def _technology_root(batch: ParamsBatch, t: np.ndarray, iterations: int, step: float = 1e-6):
    """Newton on footnote 27's condition from ``t``: ``(s_i, s_j, t, value, slope)`` at the end."""
    t = finite_difference_newton(lambda x, _: _technology_condition(batch, x), t, iterations, step)
    value = _technology_condition(batch, t)
    slope = _technology_condition(batch, t + step) - _technology_condition(batch, t - step)
    return (*stage_two_sharing(batch, t, t), t, value, slope)


def solve_technology_first(params: Params, spec: Specification = BASELINE) -> Equilibrium:
    r"""Solve footnote 27's game: investments first, then sharing, then prices (symmetric).

    One point of :func:`solve_technology_first_batch` (Newton from the Nash
    investment on firm i's total investment condition, sharing re-chosen in stage
    two), under ``spec``.

    Raises
    ------
    EquilibriumError
        If the condition is not solved there or is not decreasing at the root.
    ValueError
        If ``a_i != a_j``.
    """
    if require_params(params).a_i != params.a_j:
        raise ValueError(
            f"the technology-first game is solved for symmetric firms "
            f"(got a_i={params.a_i}, a_j={params.a_j})"
        )
    result = solve_technology_first_batch(nash.single_point_batch(params), spec)
    if not result.ok[0]:
        raise EquilibriumError(f"no technology-first equilibrium: {result.reason[0]}")

    def pair(values: np.ndarray) -> tuple[float, float]:
        return float(values[0, 0]), float(values[0, 1])

    return Equilibrium(
        regime=Regime.TECHNOLOGY_FIRST, params=params, s=pair(result.s),
        t=pair(result.t), p=pair(result.p), q=pair(result.q), profit=pair(result.profit),
        residual=float("nan") if result.residual is None else float(result.residual[0]),
        second_order=True,
    )  # fmt: skip
