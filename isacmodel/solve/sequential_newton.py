r"""Section 3's sequential games for any :class:`~isacmodel.core.families.Specification`.

:mod:`isacmodel.solve.sequential` solves the leader-follower game and footnote 27's timing
for the baseline, where the follower's best response is a cubic's root.  For another
cost or leakage family nothing of that survives, so this module works with the payoff
:math:`\pi_i = b_1 p_i^2 - f(t_i, \delta_c t_j s_j)` that :mod:`isacmodel.solve.nash_newton`
builds with sympy, its derivatives lambdified once per specification.

**The follower** (firm ``j``, column 1) plays its global best response to the
leader's :math:`(s_i, t_i)`.  For each sharing level :math:`s_j` of a grid the
follower's payoff is maximised over :math:`t_j` (projected Newton steps), which gives
its payoff profile over sharing, corners :math:`s_j \in \{0, 1\}` included; damped
Newton steps on both of its conditions then refine the best node and the warm start,
and the most profitable candidate wins.  A sharing level at which the payoff is not
concave in :math:`t_j` counts as unbounded (exact for the menu's families, which are
quadratic in own investment): there the follower has no best response.  At the
leader's optimum the response is also compared with a grid over :math:`(s_j, t_j)`,
as the Newton path of section 2.1 does for the simultaneous game.

**The leader** maximises :math:`V(s_i, t_i) = \pi_i(s_i, t_i, s_j^*, t_j^*)`.  Its
gradient follows from the implicit function theorem on the follower's conditions
(on the investment condition alone where the follower's sharing sits at a corner),

.. math::

    \nabla V = \partial_{(s_i, t_i)} \pi_i
        - \partial_{(s_j, t_j)} \pi_i \, H_j^{-1} C_j,

with :math:`H_j` the follower's own Hessian and :math:`C_j` the cross partials of its
conditions; the Hessian of :math:`V` is a central difference of that gradient.  From
the simultaneous equilibrium the leader takes guarded Newton steps (the ascent of
:mod:`isacmodel.solve.sequential`: a step is kept only if :math:`V` rises), a few Newton
steps on :math:`\nabla V` then take the gradient to rounding level.  During the climb
the follower's response is followed from the previous one (its corners compared); at
the optimum it is recomputed on a fine sharing grid, and where that pays the follower
more the climb is redone with grid-based responses throughout.  Finally the optimum is
compared with an ``11 x 11`` grid over the leader's choices, the follower
best-responding at every node.

**Footnote 27** (investments first, then sharing, then prices): for given investments
the sharing stage is solved by projected Newton steps on both sharing conditions, its
response to :math:`t_i` by the implicit function theorem, and the symmetric investment
condition :math:`\pi_{t_i} + \pi_{s_i}\,\partial s_i/\partial t_i +
\pi_{s_j}\,\partial s_j/\partial t_i = 0` by Newton steps from the simultaneous
investment.  Both solvers reproduce :mod:`isacmodel.solve.sequential` under the baseline.
"""

from __future__ import annotations

from functools import cache

import numpy as np
import sympy as sp

from isacmodel.core.compile import compile_expressions
from isacmodel.core.families import BASELINE, Specification, require_specification
from isacmodel.core.model import PARAMETER_FIELDS, SYM
from isacmodel.core.params import ParamsBatch
from isacmodel.derive import bertrand
from isacmodel.numerics.newton import ascent_direction, line_search
from isacmodel.solve import nash_newton
from isacmodel.solve.results import BatchEquilibria

__all__ = [
    "CompiledGame",
    "check_inputs",
    "compiled_payoff",
    "equilibria",
    "newton_start",
    "solve_stackelberg_batch",
]

_NODES_SEARCH = 5  # follower's sharing grid when the climb is redone (see the docstring)
_NODES_FINAL = 21  # ... at the leader's optimum
_NODES_CHECK = 11  # ... at each node of the leader's check grid
_FOLLOWER_GRID = (21, 41)  # follower's (s_j, t_j) grid at the leader's optimum
_STEP = 1e-6  # central differences of the leader's gradient and the technology condition
_CHUNK = 200_000  # entries evaluated at once in the grid checks


# ------------------------------------------------------------------ compiled payoff
@cache
def compiled_payoff(spec: Specification) -> dict:
    """Compiled payoff derivatives of firm i (one function per group, common subexpressions).

    Groups: ``payoff``, ``gradient`` (in ``s_i, t_i, s_j, t_j``), ``own`` (own first
    and second derivatives), ``investment``, ``cross``, ``sharing`` and ``price``.
    """
    payoff = nash_newton.payoff_expression(spec)
    s_i, t_i, s_j, t_j = SYM.s_i, SYM.t_i, SYM.s_j, SYM.t_j

    def d(*variables):
        return sp.diff(payoff, *variables)

    groups = {
        "payoff": [payoff],
        "gradient": [d(s_i), d(t_i), d(s_j), d(t_j)],
        "own": [d(s_i), d(t_i), d(s_i, s_i), d(s_i, t_i), d(t_i, t_i)],
        "investment": [d(t_i), d(t_i, t_i)],
        "cross": [d(s_i, s_j), d(s_i, t_j), d(t_i, s_j), d(t_i, t_j)],
        "sharing": [d(s_i), d(s_i, s_i), d(s_i, s_j), d(s_i, t_i), d(s_i, t_j)],
    }
    functions = {name: compile_expressions(exprs, nash_newton.ARGS, cse=True)
                 for name, exprs in groups.items()}  # fmt: skip
    functions["price"] = compile_expressions([nash_newton.specialise(bertrand.price(), spec)],
                                             nash_newton.ARGS)  # fmt: skip
    return functions


class CompiledGame:
    r"""A specification's compiled derivatives at a batch of points (arrays, no validation).

    Firm i's payoff :math:`\pi_i = b_1 p_i^2 - f(t_i, \delta_c t_j s_j)` (4), its
    derivatives and its price, grouped as :func:`compiled_payoff` lists them;
    :meth:`firm_i` and :meth:`firm_j` evaluate a group for either firm.
    """

    def __init__(self, spec: Specification, values: tuple[np.ndarray, ...]) -> None:
        self.spec, self.values = spec, values
        self.functions = compiled_payoff(spec)

    @classmethod
    def of(cls, spec: Specification, batch: ParamsBatch) -> CompiledGame:
        """Compile ``spec`` (cached) for the points of ``batch``."""
        return cls(spec, tuple(np.asarray(getattr(batch, f), dtype=float)
                               for f in PARAMETER_FIELDS))  # fmt: skip

    def __len__(self) -> int:
        return len(self.values[0])

    def take(self, index: np.ndarray) -> CompiledGame:
        """Return the points selected by ``index`` (a mask or indices)."""
        return CompiledGame(self.spec, tuple(v[index] for v in self.values))

    def repeat(self, count: int) -> CompiledGame:
        """Return every point repeated ``count`` times in a row."""
        return CompiledGame(self.spec, tuple(np.repeat(v, count) for v in self.values))

    def firm_i(self, name: str, s_i, s_j, t_i, t_j) -> np.ndarray:
        """Firm i's group ``name``, shape ``(k, n)``."""
        return self._evaluate(name, self.values, s_i, s_j, t_i, t_j)

    def firm_j(self, name: str, s_i, s_j, t_i, t_j) -> np.ndarray:
        """Firm j's group ``name`` (own variables ``s_j, t_j``), shape ``(k, n)``."""
        swapped = (self.values[1], self.values[0], *self.values[2:])
        return self._evaluate(name, swapped, s_j, s_i, t_j, t_i)

    def _evaluate(self, name, values, s_i, s_j, t_i, t_j) -> np.ndarray:
        shape = np.broadcast(values[0], s_i, s_j, t_i, t_j).shape
        with np.errstate(all="ignore"):
            out = self.functions[name](*values, s_i, s_j, t_i, t_j)
        result = np.empty((len(out), *shape))
        for row, entry in zip(result, out, strict=True):
            row[...] = entry
        return result


def check_inputs(batch, spec, simultaneous) -> BatchEquilibria:
    """Check the arguments of a solver; return the simultaneous equilibria (solved if ``None``)."""
    if not isinstance(batch, ParamsBatch):
        raise TypeError(f"batch must be a ParamsBatch, got {type(batch).__name__}")
    require_specification(spec)
    if simultaneous is None:
        return nash_newton.solve_symmetric_batch(batch, spec)
    if not isinstance(simultaneous, BatchEquilibria) or len(simultaneous.s) != len(batch):
        raise ValueError("simultaneous must be the BatchEquilibria of this batch and spec")
    return simultaneous


def newton_start(
    batch: ParamsBatch, spec: Specification, simultaneous: BatchEquilibria | None
) -> tuple[BatchEquilibria, CompiledGame, np.ndarray, np.ndarray, np.ndarray]:
    """Check a sequential solver's arguments and set up its Newton search.

    Parameters
    ----------
    batch, spec, simultaneous
        As :func:`check_inputs` takes them.

    Returns
    -------
    start : BatchEquilibria
        The simultaneous equilibria.
    game : CompiledGame
        The compiled game of ``batch`` under ``spec``.
    reason : numpy.ndarray of object
        ``""``, or why a point has no simultaneous equilibrium to start from.
    s, t : numpy.ndarray
        Firm i's simultaneous sharing and investment, 0.5 where there is none.
    """
    start = check_inputs(batch, spec, simultaneous)
    game = CompiledGame.of(spec, batch)
    reason = np.where(start.ok, "", "no simultaneous equilibrium to start from").astype(object)
    s, t = np.where(start.ok, start.s[:, 0], 0.5), np.where(start.ok, start.t[:, 0], 0.5)
    return start, game, reason, s, t


# ------------------------------------------------------------------ the follower
def _best_investment(game: CompiledGame, s_i, t_i, s_j, t_j, iterations: int = 50):
    r"""Maximise the follower's payoff over ``t_j >= 0`` at fixed ``s_j`` (projected Newton).

    Returns ``(t_j, valid)``: ``valid`` where the steps converged and the payoff is
    concave in ``t_j`` there (else the follower's payoff is taken as unbounded).
    Hand-written: ``scipy.optimize.elementwise.find_minimum`` needs a bracket, and
    :math:`t_j \ge 0` has no upper end known in advance (non-concavity is the
    verdict sought here, which a bracketing search would not report).
    """
    t = np.array(t_j, dtype=float)
    valid = np.zeros(len(t), dtype=bool)
    active = np.flatnonzero(np.isfinite(t))
    for _ in range(iterations):
        if not len(active):
            break
        part = game.take(active)
        slope, curvature = part.firm_j("investment", s_i[active], s_j[active], t_i[active],
                                       t[active])  # fmt: skip
        with np.errstate(all="ignore"):
            new = np.maximum(t[active] - slope / curvature, 0.0)
        concave = curvature < 0
        new = np.where(concave & np.isfinite(new), new, np.nan)
        done = ~np.isfinite(new) | (np.abs(new - t[active]) <= 1e-10 * (1 + np.abs(new)))
        t[active] = new
        valid[active[done]] = np.isfinite(new[done])
        active = active[~done]
    t[active] = np.nan
    return t, valid


def _refine(game: CompiledGame, s_i, t_i, s_j, t_j, iterations: int = 40):
    """Damped Newton on the follower's two conditions; returns ``(s_j, t_j, valid)``.

    Sharing stays in [0, 1]: where it sits at a bound with its condition pointing
    outward it is held and the step moves investment alone.  A start from which the
    steps meet a point where the payoff is not concave is given up.  ``valid`` where
    the steps converged to interior sharing at which the follower's own Hessian is
    negative definite (a strict local maximum).
    """
    s, t = np.array(s_j, dtype=float), np.array(t_j, dtype=float)
    converged = np.zeros(len(s), dtype=bool)
    active = np.flatnonzero(np.isfinite(s) & np.isfinite(t))
    for _ in range(iterations):
        if not len(active):
            break
        part = game.take(active)
        s_a, t_a = s[active], t[active]
        d_s, d_t, h_ss, h_st, h_tt = part.firm_j("own", s_i[active], s_a, t_i[active], t_a)
        held = (s_a >= 1) & (d_s > 0) | (s_a <= 0) & (d_s < 0)
        with np.errstate(all="ignore"):
            det = h_ss * h_tt - h_st**2
            # Newton steps only where the payoff is concave: elsewhere they cycle or climb
            # to a saddle; such a start is given up (the other candidates remain)
            concave = np.where(held, h_tt < 0, (h_ss < 0) & (det > 0))
            step_s = np.where(held, 0.0, (h_tt * d_s - h_st * d_t) / det)
            step_t = np.where(held, d_t / h_tt, (h_ss * d_t - h_st * d_s) / det)
            scale = np.minimum(1.0, 0.5 / np.maximum(np.abs(step_s), 1e-300))
        new_s = np.clip(s_a - scale * step_s, 0.0, 1.0)
        new_t = np.maximum(t_a - scale * step_t, 0.0)
        finite = np.isfinite(new_s) & np.isfinite(new_t) & concave
        done = ~finite | ((np.abs(new_s - s_a) <= 1e-10)
                          & (np.abs(new_t - t_a) <= 1e-10 * (1 + np.abs(new_t))))  # fmt: skip
        s[active], t[active] = np.where(finite, new_s, np.nan), np.where(finite, new_t, np.nan)
        converged[active[done & finite]] = True
        active = active[~done]
    _, _, h_ss, h_st, h_tt = game.firm_j("own", s_i, s, t_i, t)
    concave = (h_ss < 0) & (h_ss * h_tt - h_st**2 > 0)
    valid = converged & (s > 0) & (s < 1) & concave
    return s, t, valid


def _follower_response(game: CompiledGame, s_i, t_i, s_warm, t_warm, nodes: int):
    """Return the follower's best response ``(s_j, t_j, corner, found)`` to ``(s_i, t_i)``.

    Candidates: the payoff-maximising investment at each of ``nodes`` sharing levels
    (at least the corners 0 and 1), Newton refinements from the warm start and from
    the best interior node.  ``corner`` is True where the chosen sharing is 0 or 1;
    ``found`` is False where the follower has no best response (unbounded) or the
    best candidate is beaten by a grid node.
    """
    n = len(game)
    levels = np.linspace(0.0, 1.0, max(nodes, 2))
    t_start = np.where(np.isfinite(t_warm), t_warm, 0.5)
    node_s = np.repeat(levels[None, :], n, axis=0)  # (n, m)
    node_t = np.empty_like(node_s)
    unbounded = np.zeros(n, dtype=bool)
    for column, level in enumerate(levels):
        t, valid = _best_investment(game, s_i, t_i, np.full(n, level), t_start)
        node_t[:, column] = t
        unbounded |= ~valid
    node_value = np.column_stack([
        game.firm_j("payoff", s_i, node_s[:, c], t_i, node_t[:, c])[0] for c in range(len(levels))
    ])  # fmt: skip
    node_value = np.where(np.isfinite(node_value), node_value, -np.inf)
    best_node = np.argmax(node_value[:, 1:-1], axis=1) + 1 if len(levels) > 2 else None
    starts = [(np.where(np.isfinite(s_warm), s_warm, 0.5), t_start)]
    if best_node is not None:
        rows = np.arange(n)
        starts.append((node_s[rows, best_node], node_t[rows, best_node]))
    cand_s, cand_t = [node_s[:, 0], node_s[:, -1]], [node_t[:, 0], node_t[:, -1]]
    cand_value = [node_value[:, 0], node_value[:, -1]]
    for s0, t0 in starts:
        s, t, valid = _refine(game, s_i, t_i, s0, t0)
        value = game.firm_j("payoff", s_i, s, t_i, t)[0]
        cand_s.append(s), cand_t.append(t)
        cand_value.append(np.where(valid & np.isfinite(value), value, -np.inf))
    values = np.column_stack(cand_value)
    pick = np.argmax(values, axis=1)
    rows = np.arange(n)
    s_best = np.column_stack(cand_s)[rows, pick]
    t_best = np.column_stack(cand_t)[rows, pick]
    value = values[rows, pick]
    grid_best = node_value.max(axis=1)
    found = (~unbounded & np.isfinite(value)
             & (value >= grid_best - 1e-10 * np.maximum(1.0, np.abs(grid_best))))  # fmt: skip
    s_best, t_best = np.where(found, s_best, np.nan), np.where(found, t_best, np.nan)
    return s_best, t_best, pick < 2, found


def _follower_is_global(game: CompiledGame, s_i, t_i, s_j, t_j) -> np.ndarray:
    """No follower choice on a grid over ``(s_j, t_j)`` pays it more (generic's global check)."""
    if not len(s_j):
        return np.zeros(0, dtype=bool)
    at = game.firm_j("payoff", s_i, s_j, t_i, t_j)[0]
    best = np.full(len(s_j), -np.inf)
    for fraction in np.linspace(0.0, 1.0, _FOLLOWER_GRID[1]):
        own_t = fraction * np.maximum(4 * t_j, 2.0)
        for level in np.linspace(0.0, 1.0, _FOLLOWER_GRID[0]):
            payoff = game.firm_j("payoff", s_i, np.full_like(s_j, level), t_i, own_t)[0]
            best = np.fmax(best, payoff)
    return best <= at + 1e-9 * np.maximum(1.0, np.abs(at))


# ------------------------------------------------------------------ the leader
def _leader_gradient(game: CompiledGame, s_i, t_i, s_j, t_j, corner) -> np.ndarray:
    """Return the leader's total gradient ``(n, 2)`` (implicit function theorem)."""
    g = game.firm_i("gradient", s_i, s_j, t_i, t_j)  # d pi_i / d(s_i, t_i, s_j, t_j)
    _, _, h_ss, h_st, h_tt = game.firm_j("own", s_i, s_j, t_i, t_j)
    c_ss, c_st, c_ts, c_tt = game.firm_j("cross", s_i, s_j, t_i, t_j)  # rows s_j, t_j
    with np.errstate(all="ignore"):
        det = h_ss * h_tt - h_st**2
        ds_dsi = np.where(corner, 0.0, -(h_tt * c_ss - h_st * c_ts) / det)
        ds_dti = np.where(corner, 0.0, -(h_tt * c_st - h_st * c_tt) / det)
        dt_dsi = np.where(corner, -c_ts / h_tt, -(h_ss * c_ts - h_st * c_ss) / det)
        dt_dti = np.where(corner, -c_tt / h_tt, -(h_ss * c_tt - h_st * c_st) / det)
    return np.column_stack([g[0] + g[2] * ds_dsi + g[3] * dt_dsi,
                            g[1] + g[2] * ds_dti + g[3] * dt_dti])  # fmt: skip


def _leader_value(game: CompiledGame, s_i, t_i, warm, nodes: int):
    """Return the leader's payoff with the follower best-responding, and that response."""
    s_j, t_j, corner, found = _follower_response(game, s_i, t_i, *warm, nodes)
    value = game.firm_i("payoff", s_i, s_j, t_i, t_j)[0]
    return np.where(found, value, np.nan), (s_j, t_j, corner)


def _leader_hessian(game: CompiledGame, s_i, t_i, response) -> np.ndarray:
    """Central differences of the exact gradient, symmetrised, ``(n, 2, 2)``."""
    columns = []
    for d_s, d_t in ((_STEP, 0.0), (0.0, _STEP)):
        sides = []
        for sign in (1.0, -1.0):
            s, t = s_i + sign * d_s, t_i + sign * d_t
            s_j, t_j, corner, _ = _follower_response(game, s, t, response[0], response[1], 0)
            sides.append(_leader_gradient(game, s, t, s_j, t_j, corner))
        columns.append((sides[0] - sides[1]) / (2 * _STEP))
    hessian = np.stack(columns, axis=2)
    return (hessian + hessian.transpose(0, 2, 1)) / 2


def _ascent_direction(gradient, hessian, s, t) -> np.ndarray:
    """:func:`isacmodel.numerics.newton.ascent_direction`, NaN read as no move."""
    return np.nan_to_num(ascent_direction(gradient, hessian, s, t))


def _line_search(game: CompiledGame, s, t, direction, value, response, nodes: int):
    """Take the largest step ``2^-k`` along ``direction`` that raises the leader's payoff."""

    def objective(index, trial_s, trial_t):
        warm = (response[0][index], response[1][index])
        return _leader_value(game.take(index), trial_s, trial_t, warm, nodes)

    return line_search(objective, s, t, direction, value, response)


def _ascend(game: CompiledGame, s_i, t_i, response, nodes: int, iterations: int = 40):
    """Guarded Newton ascent on the leader's payoff, as :mod:`isacmodel.solve.sequential` climbs.

    ``response`` is the follower's ``(s_j, t_j, corner)`` at the start; the follower's
    responses along the climb use ``nodes`` sharing levels (0: the branch followed
    from the warm start and the corners).  Returns the leader's choices, its payoff
    and the follower's response there.
    """
    s_i, t_i = s_i.copy(), t_i.copy()
    response = tuple(r.copy() for r in response)
    value = _payoff_i(game, s_i, t_i, response)
    active = np.flatnonzero(np.isfinite(value))
    for _ in range(iterations):
        if not len(active):
            break
        part = game.take(active)
        s, t = s_i[active], t_i[active]
        here = tuple(r[active] for r in response)
        gradient = _leader_gradient(part, s, t, *here)
        hessian = _leader_hessian(part, s, t, here)
        direction = _ascent_direction(gradient, hessian, s, t)
        done = np.max(np.abs(np.where(direction == 0, 0.0, gradient)), axis=1) < 1e-12
        climb = np.flatnonzero(~done)
        active = active[climb]
        s, t, v, here, moved = _line_search(part.take(climb), s[climb], t[climb],
                                            direction[climb], value[active],
                                            tuple(r[climb] for r in here), nodes)  # fmt: skip
        s_i[active], t_i[active], value[active] = s, t, v
        for target, source in zip(response, here, strict=True):
            target[active] = source
        active = active[moved]
    return s_i, t_i, value, response


def _residual(gradient, s) -> np.ndarray:
    """Largest component of the leader's projected gradient (sharing at a bound may push out)."""
    pinned = (s >= 1) & (gradient[:, 0] > 0) | (s <= 0) & (gradient[:, 0] < 0)
    return np.maximum(np.where(pinned, 0.0, np.abs(gradient[:, 0])), np.abs(gradient[:, 1]))


def _polish(game: CompiledGame, s_i, t_i, response, steps: int = 4):
    """Newton steps on the leader's gradient near its optimum, kept while the residual falls.

    The ascent accepts a step only if the payoff rises, which rounding hides once the
    gradient is below about 1e-8; these steps take the residual to rounding level.
    """
    s_i, t_i = s_i.copy(), t_i.copy()
    response = tuple(r.copy() for r in response)
    for _ in range(steps):
        gradient = _leader_gradient(game, s_i, t_i, *response)
        hessian = _leader_hessian(game, s_i, t_i, response)
        residual = _residual(gradient, s_i)
        direction = _ascent_direction(gradient, hessian, s_i, t_i)
        trial_s = np.clip(s_i + direction[:, 0], 0.0, 1.0)
        trial_t = np.maximum(t_i + direction[:, 1], 0.0)
        s_j, t_j, corner, found = _follower_response(game, trial_s, trial_t, *response[:2], 0)
        trial_gradient = _leader_gradient(game, trial_s, trial_t, s_j, t_j, corner)
        value = _payoff_i(game, s_i, t_i, response)
        trial_value = game.firm_i("payoff", trial_s, s_j, trial_t, t_j)[0]
        accept = (found & (_residual(trial_gradient, trial_s) < residual)
                  & (trial_value >= value - 1e-14 * np.abs(value)))  # fmt: skip
        if not accept.any():
            break
        s_i[accept], t_i[accept] = trial_s[accept], trial_t[accept]
        for target, source in zip(response, (s_j, t_j, corner), strict=True):
            target[accept] = source[accept]
    return s_i, t_i, response


def _payoff_i(game: CompiledGame, s_i, t_i, response) -> np.ndarray:
    return game.firm_i("payoff", s_i, response[0], t_i, response[1])[0]


def _leader_is_global(game: CompiledGame, s_i, t_i, value, response, grid: int) -> np.ndarray:
    r"""No node of a ``grid`` x ``grid`` net over the leader's choices pays it more.

    The net covers :math:`s_i \in [0, 1]`, :math:`t_i \in [0, 4 t_i + 0.5]` (as
    :mod:`isacmodel.solve.sequential`); the follower best-responds at every node, and nodes
    where it has no best response are left out.
    """
    unit = np.linspace(0.0, 1.0, grid)
    s_net, t_net = (a.ravel() for a in np.meshgrid(unit, unit))
    per = s_net.size
    result = np.ones(len(game), dtype=bool)
    rows_per_chunk = max(1, _CHUNK // per)
    for first in range(0, len(game), rows_per_chunk):
        rows = np.arange(first, min(first + rows_per_chunk, len(game)))
        part = game.take(rows).repeat(per)
        s = np.tile(s_net, len(rows))
        t = (t_net[None, :] * (4 * np.nan_to_num(t_i[rows]) + 0.5)[:, None]).ravel()
        warm = (np.repeat(response[0][rows], per), np.repeat(response[1][rows], per))
        values, _ = _leader_value(part, s, t, warm, _NODES_CHECK)
        best = np.where(np.isfinite(values), values, -np.inf).reshape(len(rows), per).max(axis=1)
        result[rows] = best <= value[rows] + 1e-10 * np.abs(value[rows])
    return result


def solve_stackelberg_batch(
    batch: ParamsBatch,
    spec: Specification = BASELINE,
    simultaneous: BatchEquilibria | None = None,
    check_grid: int = 11,
) -> BatchEquilibria:
    """Leader-follower equilibria (firm i leads) of section 3 under ``spec``, vectorised.

    Starts at the simultaneous equilibrium and climbs the leader's payoff with the
    follower best-responding, as :func:`isacmodel.solve.sequential.solve_stackelberg_batch`
    does for the baseline (whose results it reproduces).  An entry is ``ok`` when the
    simultaneous equilibrium exists, the leader's projected gradient vanishes
    (``< 1e-6`` relative), its second-order condition holds, the follower's response
    at the optimum beats a grid over its own choices, and no node of a
    ``check_grid`` x ``check_grid`` net over the leader's choices pays the leader more.

    Parameters
    ----------
    batch : ParamsBatch
        Points with symmetric firms (``a_i == a_j``).
    spec : Specification
        Cost and leakage families (:func:`isacmodel.core.families.specification`).
    simultaneous : BatchEquilibria, optional
        The simultaneous equilibria of ``batch`` under ``spec``, if already solved
        (:func:`isacmodel.solve.nash_newton.solve_symmetric_batch`).
    check_grid : int
        Nodes per axis of the leader's global check.

    Returns
    -------
    BatchEquilibria
        Column 0 is the leader, column 1 the follower; ``params`` and ``spec`` set.

    Raises
    ------
    TypeError
        If ``batch`` is not a ParamsBatch or ``spec`` not a Specification.
    ValueError
        If some point has asymmetric firms, or ``simultaneous`` does not fit.
    """
    start, game, reason, s_i, t_i = newton_start(batch, spec, simultaneous)
    n = len(batch)
    index = np.flatnonzero(start.ok)
    part = game.take(index)
    s, t = s_i[index], t_i[index]
    _, first = _leader_value(part, s, t, (s, t), _NODES_FINAL)
    s, t, _, response = _ascend(part, s, t, first, nodes=0)
    s, t, response = _polish(part, s, t, response)
    tracked = _payoff_i(part, s, t, response)
    # the optimum: the follower's response with a fine sharing grid; where it beats the
    # branch followed during the climb, climb again with global responses throughout
    value, (s_j, t_j, corner) = _leader_value(part, s, t, response[:2], _NODES_FINAL)
    jumped = np.flatnonzero(value > tracked + 1e-12 * np.maximum(1.0, np.abs(tracked)))
    if len(jumped):
        again = part.take(jumped)
        warm = (s_j[jumped], t_j[jumped], corner[jumped])
        climbed = _ascend(again, s[jumped], t[jumped], warm, _NODES_SEARCH)
        s[jumped], t[jumped], response = _polish(again, climbed[0], climbed[1], climbed[3])
        value[jumped], found = _leader_value(again, s[jumped], t[jumped], response[:2],
                                             _NODES_FINAL)  # fmt: skip
        s_j[jumped], t_j[jumped], corner[jumped] = found
    s_i[index], t_i[index] = s, t
    gradient = _leader_gradient(part, s, t, s_j, t_j, corner)
    hessian = _leader_hessian(part, s, t, (s_j, t_j, corner))
    pinned = (s >= 1) & (gradient[:, 0] > 0) | (s <= 0) & (gradient[:, 0] < 0)
    residual = _residual(gradient, s)
    det = hessian[:, 0, 0] * hessian[:, 1, 1] - hessian[:, 0, 1] ** 2
    second_order = np.where(pinned, hessian[:, 1, 1] < 0, (hessian[:, 0, 0] < 0) & (det > 0))
    scale = np.maximum(np.maximum(np.abs(s), np.abs(t)), 1.0)
    why = np.full(len(index), "", dtype=object)
    why[~np.isfinite(value)] = "the follower has no best response at the leader's optimum"
    why[(why == "") & ~(residual < 1e-6 * scale)] = "the leader's gradient did not vanish"
    ran_off = np.fmax(t, t_j) > 50 * (1 + start.t[index, 0])
    why[(why == "the leader's gradient did not vanish") & ran_off] = (
        "the leader's payoff seems unbounded: the investments ran off"
    )
    why[(why == "") & ~second_order] = "the leader's second-order condition fails"
    good = why == ""
    follower_ok = np.zeros(len(index), dtype=bool)
    follower_ok[good] = _follower_is_global(part.take(good), s[good], t[good], s_j[good],
                                            t_j[good])  # fmt: skip
    why[good & ~follower_ok] = "a grid point pays the follower more than its response"
    good = why == ""
    leader_ok = np.zeros(len(index), dtype=bool)
    leader_ok[good] = _leader_is_global(part.take(good), s[good], t[good], value[good],
                                        (s_j[good], t_j[good]), check_grid)  # fmt: skip
    why[good & ~leader_ok] = "a local optimum only: a point of the check net pays the leader more"
    reason[index] = why
    ok = reason == ""
    follower = np.full((n, 2), np.nan)
    follower[index] = np.column_stack([s_j, t_j])
    return equilibria(game, spec, batch, (s_i, follower[:, 0]), (t_i, follower[:, 1]), ok,
                      reason)  # fmt: skip


def equilibria(game: CompiledGame, spec: Specification, batch: ParamsBatch, s: tuple,
               t: tuple, ok: np.ndarray, reason: np.ndarray) -> BatchEquilibria:  # fmt: skip
    """Return the batch of equilibria at the choices (NaN where not ok).

    ``s`` and ``t`` are ``(firm i, firm j)`` pairs of arrays; prices are (3)'s with the
    specification's leakage, quantities :math:`b_1 p`, profits (4).
    """
    n = len(ok)
    s_i, s_j = (np.where(ok, x, 0.5) for x in s)
    t_i, t_j = (np.where(ok, x, 0.5) for x in t)
    price = np.column_stack([game.firm_i("price", s_i, s_j, t_i, t_j)[0],
                             game.firm_j("price", s_i, s_j, t_i, t_j)[0]])  # fmt: skip
    profit = np.column_stack([game.firm_i("payoff", s_i, s_j, t_i, t_j)[0],
                              game.firm_j("payoff", s_i, s_j, t_i, t_j)[0]])  # fmt: skip

    def pair(values: np.ndarray) -> np.ndarray:
        return np.where(ok[:, None], values, np.nan)

    return BatchEquilibria(
        s=pair(np.column_stack([s_i, s_j])), t=pair(np.column_stack([t_i, t_j])),
        p=pair(price), q=pair(price * np.asarray(batch.b1, dtype=float)[:, None]),
        profit=pair(profit), ok=ok, reason=reason.astype(str),
        spectral_radius=np.full(n, np.nan), n_equilibria=ok.astype(int), params=batch, spec=spec,
    )  # fmt: skip
