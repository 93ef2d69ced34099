r"""Section 4 (Proposition 7) for any :class:`~isacmodel.core.families.Specification`.

:mod:`isacmodel.derive.volume` derives section 4 in general form, with sympy functions for the
leakage :math:`g(s_{own}, s_{rival})`, the volume-cost shape :math:`\phi(t)` and the fixed
cost :math:`f(t)`, and solves it for the baseline through a polynomial of degree 11.  For
another leakage or shape nothing of that polynomial survives, so this module solves the
first-order conditions directly, batched over parameter points, as
:mod:`isacmodel.solve.nash_newton` does for section 2.1:

1. the general expressions of :mod:`isacmodel.derive.volume` (the price, firm i's sharing
   condition (17) :math:`G_i = \partial p_i/\partial s_i` and investment condition (18)
   :math:`H_i = \partial\pi_i/\partial t_i` of the reduced profit
   :math:`b_1 (p_i - F_i)^2 - f(t_i)`) are specialised with the specification's
   :math:`g` and :math:`\phi` (:func:`isacmodel.solve.volume_compiled.specialise`) and compiled;
2. at a symmetric point :math:`(s, t)` both conditions are solved by damped Newton
   steps from a grid of starts (:data:`STARTS`); sharing at a corner (:math:`s = 0` or
   :math:`s = 1`) leaves the investment condition alone, whose roots are bracketed on
   :data:`T_GRID` and refined by safeguarded Newton steps, and is a candidate where (17)
   pushes sharing beyond that bound;
3. a candidate must have positive margin :math:`p_i - F_i` and marginal cost, satisfy
   the second-order conditions of the firm's own problem, be stable under best-response
   dynamics (spectral radius below one) and beat a grid over the firm's own choices
   (a global best-response check); of those, the one with the **lowest investment** is
   kept -- the selection rule of the baseline's polynomial path.

Section 4 has no fixed-cost spillover (:math:`\delta_c = 0`), so the fixed cost is the
specification's :math:`f(t, 0)`, which is :math:`k t^2/2` for every family of
:data:`~isacmodel.core.families.COST_FAMILIES`: the cost family does not matter here.

Comparative statics (:func:`statics_delta_hat`), the equilibrium without the volume
spillover (:func:`solve_without_volume_spillover`), firm i's best response and the slope
of its sharing reaction function (:func:`best_response_batch`, :func:`reaction_curve`)
follow; :mod:`isacmodel.solve.volume` runs this module for every specification but the
baseline, and :mod:`isacmodel.verify.atlas` checks the registry's section-4 claims
with them under any specification.

>>> from isacmodel.core.params import ParamsBatch
>>> result = solve_volume_nash_batch(ParamsBatch(c=[0.3], delta_hat=[0.1]))
>>> bool(result.ok[0]), str(result.corner[0]), round(float(result.t[0, 0]), 6)
(True, '', 0.066419)
"""

from __future__ import annotations

import numpy as np

from isacmodel.core.compile import compile_expressions
from isacmodel.core.families import BASELINE, Specification, require_specification
from isacmodel.core.params import ParamsBatch
from isacmodel.numerics.newton import decreasing_root
from isacmodel.solve import volume_responses
from isacmodel.solve.results import BatchEquilibria
from isacmodel.solve.volume_compiled import (
    as_columns,
    call,
    parameter_values,
    phi_lambda,
)

__all__ = [
    "STARTS",
    "T_GRID",
    "best_response_batch",
    "eq32_derived",
    "is_global_best_response",
    "phi_values",
    "reaction_slopes",
    "sharing_threshold",
    "solve_volume_nash_batch",
    "solve_without_volume_spillover",
    "statics_delta_hat",
]

#: Starting points ``(s, t)`` of the Newton search on both conditions.
STARTS = tuple((s, t) for s in (0.05, 0.35, 0.7, 0.95) for t in (0.01, 0.1, 0.5, 2.0))
#: Investments on which the investment condition alone (sharing at a corner) is scanned
#: for sign changes, each then refined by Newton steps.
T_GRID = np.geomspace(1e-8, 1e3, 111)
_CORNER_ROOTS = 2
_CORNERS = np.array(["", "s_i = s_j = 0", "s_i = s_j = 1"])
_ITERATIONS = 60
_T_MAX = 1e4  # investment beyond which the Newton search gives up
_CHUNK = 8192  # best responses computed at once
_GRID = (21, 41)  # own sharing x own investment points of the global check
_STEP_TOLERANCE = 1e-9  # relative Newton step at which a root counts as converged


# --------------------------------------------------------- symmetric equilibrium
def _newton_2d(spec, name, values, s, t, iterations: int = _ITERATIONS):
    """Damped Newton on two conditions in ``(s, t)``, kept in ``[0, 1] x [0, inf)``.

    ``name`` is ``"newton"`` (the symmetric conditions in ``(s, t)``) or ``"own newton"``
    (firm i's conditions in ``(s_i, t_i)``, ``values`` then ending with ``s_j, t_j``).
    Points whose step is negligible are set aside.  A two-unknown system: scipy's
    elementwise solvers are scalar, so the loop is hand-written.  Returns
    ``(s, t, converged)``, with
    the shape of ``values`` and the starts broadcast together.
    """
    shape = np.broadcast_shapes(*(np.shape(x) for x in (*values, s, t)))
    flat = [np.broadcast_to(x, shape).ravel() for x in values]
    s, t = (np.broadcast_to(np.asarray(x, dtype=float), shape).ravel().copy() for x in (s, t))
    converged = np.zeros(s.size, dtype=bool)
    active = np.arange(s.size)
    for _ in range(iterations):
        part = [x[active] for x in flat]
        s_a, t_a = s[active], t[active]
        if name == "newton":
            g, h, g_s, g_t, h_s, h_t = call(spec, name, part, s_a, t_a)
        else:
            *params, s_j, t_j = part
            g, h, g_s, g_t, h_s, h_t = call(spec, name, params, s_a, s_j, t_a, t_j)
        with np.errstate(all="ignore"):
            det = g_s * h_t - g_t * h_s
            ds = (h_t * g - g_t * h) / det
            dt = (g_s * h - h_s * g) / det
        finite = np.isfinite(ds) & np.isfinite(dt)
        ds, dt = np.where(finite, ds, 0.0), np.where(finite, dt, 0.0)
        # at most half a unit of sharing, and half a unit or a doubling of investment
        scale = np.minimum(
            1.0,
            np.minimum(
                0.5 / np.maximum(np.abs(ds), 1e-300),
                np.maximum(0.5, t_a) / np.maximum(np.abs(dt), 1e-300),
            ),
        )
        s_new = np.clip(s_a - scale * ds, 0.0, 1.0)
        t_new = np.maximum(t_a - scale * dt, 0.0)
        s[active], t[active] = s_new, t_new
        done = finite & (np.abs(dt) <= _STEP_TOLERANCE * t_new + 1e-15) & (
            np.abs(ds) <= _STEP_TOLERANCE * s_new + 1e-15)  # fmt: skip
        converged[active[done]] = True
        # pushed against a bound twice running, or off to infinity: no root this way
        stuck = ((s_new == s_a) & ((s_a == 0) | (s_a == 1))) | ((t_new == 0) & (t_a == 0))
        active = active[~(done | stuck | (t_new > _T_MAX))]
        if not active.size:
            break
    return s.reshape(shape), t.reshape(shape), converged.reshape(shape)


def _investment_roots(spec, name, values, s, roots: int = _CORNER_ROOTS) -> np.ndarray:
    """Investments where the investment condition falls through zero, sharing held at ``s``.

    The condition is evaluated on :data:`T_GRID`; in each of the first ``roots`` brackets
    where it changes sign from positive to negative (a local maximum of the profit in
    ``t``: only these satisfy the second-order condition), Newton steps safeguarded by
    bisection find the root.  Returns ``(n, roots)``, NaN where there are fewer.

    Kept hand-written: ``scipy.optimize.elementwise.find_root`` on the same brackets
    found the same roots (within 1e-13 relative) but took 0.59x-1.02x this loop's time
    on 20,000 draws (``benchmarks/run.py``, ``bench_root_finders``): slower for the
    baseline, which the atlas runs most.
    """

    def condition(t):
        if name == "investment":
            return call(spec, name, values, s, t)
        *params, s_j, t_j = values
        return call(spec, name, params, s, s_j, t, t_j)

    grid = T_GRID[None, :]
    h = condition(grid)[0]
    falls = (h[:, :-1] > 0) & (h[:, 1:] <= 0)
    n = h.shape[0]
    rank = np.cumsum(falls, axis=1)
    low = np.full((n, roots), np.nan)
    for k in range(roots):
        first = falls & (rank == k + 1)
        found = first.any(axis=1)
        low[found, k] = T_GRID[np.argmax(first[found], axis=1)]
    found = np.isfinite(low)
    ratio = T_GRID[1] / T_GRID[0]
    low = np.where(found, low, 1.0)
    high = low * ratio
    t = np.sqrt(low * high)
    converged = ~found
    for _ in range(_ITERATIONS):
        value, slope = condition(t)
        with np.errstate(all="ignore"):
            step = t - value / slope
        low, high = np.where(value > 0, t, low), np.where(value > 0, high, t)
        inside = np.isfinite(step) & (step >= low) & (step <= high)
        update = np.where(inside, step, (low + high) / 2)
        with np.errstate(invalid="ignore"):
            close = inside & (np.abs(step - t) <= _STEP_TOLERANCE * t + 1e-15)
        t = np.where(converged, t, update)
        converged |= close
        if converged.all():
            break
    return np.where(found & converged, t, np.nan)


def _candidates(spec, values) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    r"""Symmetric candidates ``(s, t, corner code)``, ``(n, m)`` each, NaN where none.

    Interior: Newton roots of both conditions with sharing strictly inside (0, 1) and
    positive investment.  Corners: roots of the investment condition with sharing at 0
    (where (17) would lower it further, :math:`G \le 0`) or at 1 (:math:`G \ge 0`).
    Codes: 0 interior, 1 ``s = 0``, 2 ``s = 1``.
    """
    n = len(values[0])
    column = as_columns(values)
    starts = np.array(STARTS)
    s0 = np.broadcast_to(starts[:, 0], (n, len(STARTS)))
    t0 = np.broadcast_to(starts[:, 1], (n, len(STARTS)))
    s, t, converged = _newton_2d(spec, "newton", column, s0, t0)
    keep = converged & (s > 0) & (s < 1) & (t > 0)
    columns = [(np.where(keep, s, np.nan), np.where(keep, t, np.nan), np.zeros(s.shape, int))]
    for code, bound in ((1, 0.0), (2, 1.0)):
        t = _investment_roots(spec, "investment", column, bound)
        g = call(spec, "newton", column, bound, np.nan_to_num(t))[0]  # (17) at the corner
        keep = np.isfinite(t) & (g <= 0 if bound == 0 else g >= 0)
        columns.append((np.where(keep, bound, np.nan), np.where(keep, t, np.nan),
                        np.full(t.shape, code)))  # fmt: skip
    return tuple(np.hstack([c[k] for c in columns]) for k in range(3))


def _blocks(checks: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Own and rival Jacobian blocks ``(..., 2, 2)`` from the first 8 rows of ``checks``."""
    jac = np.moveaxis(checks[:8].reshape(2, 4, *checks.shape[1:]), (0, 1), (-2, -1))
    return jac[..., :2], jac[..., 2:]


def _local_checks(spec, values, s, t, code) -> tuple[np.ndarray, np.ndarray]:
    """Which candidates pass the local checks, and their spectral radii."""
    checks = call(spec, "checks", as_columns(values), np.nan_to_num(s), np.nan_to_num(t))
    own, rival = _blocks(checks)
    margin, cost = checks[8], checks[9]
    det = own[..., 0, 0] * own[..., 1, 1] - own[..., 0, 1] * own[..., 1, 0]
    interior = code == 0
    second_order = np.where(interior, (det > 0) & (own[..., 1, 1] < 0), own[..., 1, 1] < 0)
    radius = volume_responses.best_response_radius(own, rival, interior)
    passes = second_order & (radius < 1) & (margin > 0) & (cost > 0) & np.isfinite(t)
    return passes, radius


def is_global_best_response(
    spec: Specification, values: list[np.ndarray], s, t, grid: tuple[int, int] = _GRID
) -> np.ndarray:
    """Return whether no own ``(s_i, t_i)`` on a grid pays firm i more (rival held at ``(s, t)``).

    The one rule of section 4's global check, for every family: a deviation counts
    only where both firms keep a positive margin :math:`p - F` (the profit
    :math:`b_1 (p_i - F_i)^2 - f` is the second stage's only where both firms sell
    above their volume cost; below it the formula would reward a negative margin).

    Parameters
    ----------
    spec : Specification
    values : list of numpy.ndarray
        The parameter columns (:func:`isacmodel.core.compile.parameter_values`), one
        entry per symmetric point.
    s, t : numpy.ndarray
        The common choices at each point.
    grid : tuple of int
        Own sharing x own investment points; investment spans ``[0, max(4 t, 2)]``.

    Returns
    -------
    numpy.ndarray of bool
    """
    s, t = np.asarray(s, dtype=float), np.asarray(t, dtype=float)
    if not len(s):
        return np.zeros(0, dtype=bool)
    column = as_columns(values)
    own_s = np.linspace(0.0, 1.0, grid[0])[None, :]
    at = call(spec, "profit and margin", values, s, s, t, t)[0]
    best = np.full(len(s), -np.inf)
    for fraction in np.linspace(0.0, 1.0, grid[1]):
        own_t = (fraction * np.maximum(4 * t, 2.0))[:, None]
        profit, margin = call(spec, "profit and margin", column, own_s, s[:, None], own_t,
                               t[:, None])  # fmt: skip
        rival = call(spec, "profit and margin", column, s[:, None], own_s, t[:, None], own_t)[1]
        profit = np.where((margin > 0) & (rival > 0), profit, -np.inf)
        best = np.maximum(best, profit.max(axis=1))
    return best <= at + 1e-9 * np.maximum(1.0, np.abs(at))


def solve_volume_nash_batch(
    batch: ParamsBatch, spec: Specification = BASELINE, *, check_global: bool = True
) -> BatchEquilibria:
    """Symmetric section-4 equilibria of ``spec`` for many parameter points.

    Candidates (:data:`STARTS`, :data:`T_GRID`) that satisfy the second-order
    conditions, are stable under best-response dynamics, have a positive margin
    :math:`p_i - F_i` and marginal cost and (with ``check_global``) beat a grid over
    the firm's own choices are equilibria; the one with the lowest investment is kept,
    as on the baseline's polynomial path (:mod:`isacmodel.solve.volume_polynomial`).

    Parameters
    ----------
    batch : ParamsBatch
        Section-4 points (``c``, ``delta_hat``; ``delta_c`` is not used).
    spec : Specification
        Its leakage and volume-cost shape are used (the cost family reduces to
        :math:`k t^2/2` in section 4).
    check_global : bool
        Require the global best-response check.

    Returns
    -------
    BatchEquilibria
        Both columns hold the common choices; ``corner`` is ``""``, ``"s_i = s_j = 0"``
        or ``"s_i = s_j = 1"``; ``n_equilibria`` counts the candidates passing the
        local checks (a root found from several starts counts once per start);
        ``params`` and ``spec`` are set, ``extra`` caches results derived later.
        Entries that are inadmissible, asymmetric (``a_i != a_j``) or have no
        equilibrium are flagged in ``ok`` and ``reason``.

    Raises
    ------
    TypeError
        If ``spec`` is not a :class:`~isacmodel.core.families.Specification`.
    """
    spec = require_specification(spec)
    n = len(batch)
    values = parameter_values(batch)
    reason = batch.violations().astype(object)
    reason[(reason == "") & (batch.a_i != batch.a_j)] = "asymmetric firms: not solved in section 4"
    s_all, t_all, code_all = _candidates(spec, values)
    passes, radius_all = _local_checks(spec, values, s_all, t_all, code_all)
    order = np.argsort(np.where(passes, t_all, np.inf), axis=1, kind="stable")
    s_all, t_all, code_all, radius_all, passes = (
        np.take_along_axis(a, order, axis=1) for a in (s_all, t_all, code_all, radius_all, passes)
    )
    chosen = np.full(n, -1)
    for column in range(s_all.shape[1]):
        pending = (chosen < 0) & passes[:, column] & (reason == "")
        if not pending.any():
            continue
        if check_global:
            index = np.flatnonzero(pending)
            best = is_global_best_response(spec, [v[index] for v in values], s_all[index, column],
                              t_all[index, column])  # fmt: skip
            pending[index[~best]] = False
        chosen[pending] = column
    any_local = passes.any(axis=1)
    reason[(reason == "") & ~any_local] = "no stable symmetric equilibrium with a positive margin"
    reason[(reason == "") & (chosen < 0)] = "no stable candidate is a global best response"
    good = reason == ""
    rows, pick = np.arange(n), np.maximum(chosen, 0)
    s = np.where(good, s_all[rows, pick], np.nan)
    t = np.where(good, t_all[rows, pick], np.nan)
    price, margin, profit = call(spec, "outcome", values, s, t)

    def pair(x: np.ndarray) -> np.ndarray:
        return np.where(good[:, None], np.column_stack([x, x]), np.nan)

    return BatchEquilibria(
        s=pair(s), t=pair(t), p=pair(price), q=pair(np.asarray(batch.b1) * margin),
        profit=pair(profit), ok=good, reason=reason.astype(str),
        spectral_radius=np.where(good, radius_all[rows, pick], np.nan),
        n_equilibria=passes.sum(axis=1), corner=np.where(good, _CORNERS[code_all[rows, pick]], ""),
        params=batch, spec=spec,
    )  # fmt: skip


def _solve(matrix: np.ndarray, rhs: np.ndarray) -> np.ndarray:
    """Solve stacked 2 x 2 systems, NaN where a matrix is singular or not finite."""
    det = matrix[:, 0, 0] * matrix[:, 1, 1] - matrix[:, 0, 1] * matrix[:, 1, 0]
    usable = np.isfinite(matrix).all(axis=(1, 2)) & np.isfinite(det) & (det != 0)
    safe = np.where(usable[:, None, None], matrix, np.eye(2))
    return np.where(usable[:, None, None], np.linalg.solve(safe, rhs), np.nan)


def _result_spec(result: BatchEquilibria, spec: Specification | None) -> Specification:
    if spec is None:
        return result.spec
    if require_specification(spec) != result.spec:
        raise ValueError(f"result was solved under {result.spec.name!r}, not {spec.name!r}")
    return spec


# ------------------------------------------------------- comparative statics
def statics_delta_hat(
    batch: ParamsBatch, s, t, corner, spec: Specification = BASELINE
) -> np.ndarray:
    r"""Return ``(ds/d hat_delta, dt/d hat_delta)`` at symmetric equilibria ``(s, t)``, ``(n, 2)``.

    The implicit function theorem on both firms' conditions (17)-(18); by symmetry
    :math:`(M + N)\,dx = -\partial(G, H)/\partial\hat\delta` with :math:`M`, :math:`N`
    firm i's Jacobian blocks in its own and the rival's choices.  At a sharing corner
    (``corner != ""``) only investment responds (its condition alone).
    """
    spec = require_specification(spec)
    values = parameter_values(batch)
    checks = call(spec, "checks", values, s, t)
    own, rival = _blocks(checks)
    rhs = -call(spec, "rhs", values, s, t).T
    total = own + rival
    with np.errstate(all="ignore"):
        interior = _solve(total, rhs[:, :, None])[:, :, 0]
        investment_only = rhs[:, 1] / total[:, 1, 1]
    at_corner = np.asarray(corner) != ""
    return np.where(at_corner[:, None], np.column_stack([0 * s, investment_only]), interior)


def eq32_derived(result: BatchEquilibria, spec: Specification | None = None) -> np.ndarray:
    r"""Return the derived :math:`\partial^2(p_i - F_i)/\partial t_i\partial\hat\delta` per draw.

    This is the quantity of eq. (32) of the proof of Proposition 7(ii), **derived**
    from the model with ``spec``'s :math:`g` and :math:`\phi` -- not the printed
    expression, which is the baseline's transcription (as the registry's claim
    ``prop7.proof.eq32``, which also evaluates the derivation).
    """
    spec = _result_spec(result, spec)
    return call(spec, "eq32", parameter_values(result.params), result.s[:, 0], result.t[:, 0])[0]


def solve_without_volume_spillover(
    result: BatchEquilibria, spec: Specification | None = None
) -> BatchEquilibria:
    r"""Solve the same points again with :math:`\hat\delta = 0` (cached on ``result``).

    Proposition 7(ii) compares sharing with and without the volume spillover; the
    solution without it may be at a corner.
    """
    spec = _result_spec(result, spec)
    if "without spillover" not in result.extra:
        values = result.params.as_dict()
        values["delta_hat"] = np.zeros(len(result))
        result.extra["without spillover"] = solve_volume_nash_batch(ParamsBatch(**values), spec)
    return result.extra["without spillover"]


# ------------------------------------------------- firm i's reaction function
def sharing_threshold(batch: ParamsBatch, t_j, spec: Specification = BASELINE) -> np.ndarray:
    r"""Return :math:`\delta_d/(b_1\phi(t_j))` with ``spec``'s :math:`\phi`.

    Where (17)'s investment term :math:`b_2 t_i[\delta_d - b_1\hat\delta\phi(t_j)]`
    flips sign (see :func:`isacmodel.solve.volume.sharing_threshold`); it is compiled at
    each call (sympy work of milliseconds), as the atlas calls it once per sample.
    """
    value = phi_values(t_j, spec)
    return np.asarray(batch.delta_d, dtype=float) / (np.asarray(batch.b1) * value)


def phi_values(t, spec: Specification = BASELINE) -> np.ndarray:
    r"""Return ``spec``'s volume-cost shape :math:`\phi(t)` at ``t`` (compiled at each call)."""
    x = phi_lambda(require_specification(spec)).variables[0]
    phi = compile_expressions(phi_lambda(spec)(x), (x,))
    t = np.asarray(t, dtype=float)
    return np.broadcast_to(np.asarray(phi(t), dtype=float), t.shape)


def _sharing_at_zero_investment(spec, values, s_j, t_j) -> np.ndarray:
    """Firm i's sharing from (17) at ``t_i = 0``, clipped to [0, 1] (G falls in s_i)."""

    def condition(s_i: np.ndarray, *arguments: np.ndarray) -> np.ndarray:
        *params, rival_s, rival_t = arguments
        return call(spec, "own newton", list(params), s_i, rival_s, 0 * rival_s, rival_t)[0]

    return decreasing_root(condition, (*values, s_j, t_j), len(s_j))


def best_response_batch(
    batch: ParamsBatch, s_j, t_j, spec: Specification = BASELINE
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    r"""Firm i's best response ``(s_i, t_i, corner)`` to rival choices under ``spec``, vectorised.

    The backend of :func:`isacmodel.solve.volume.best_response_batch` for families
    other than the baseline; that function documents the arguments and result.
    Candidates are the critical points of (17)-(18) found by Newton steps from
    :data:`STARTS` (interior sharing), of (18) alone with sharing at 0 or 1
    (bracketed on :data:`T_GRID`), and no investment (sharing from (17), 0 or 1);
    :func:`isacmodel.solve.volume_responses.best_candidate` picks the most profitable one
    where both firms keep a positive margin.
    """
    spec = require_specification(spec)
    n = len(batch)
    s_j, t_j = (np.broadcast_to(np.asarray(x, dtype=float), (n,)) for x in (s_j, t_j))
    if n > _CHUNK:  # bound the memory of the Newton search
        parts = [best_response_batch(batch.subset(np.arange(start, min(start + _CHUNK, n))),
                                     s_j[start:start + _CHUNK], t_j[start:start + _CHUNK], spec)
                 for start in range(0, n, _CHUNK)]  # fmt: skip
        return tuple(np.concatenate([part[k] for part in parts]) for k in range(3))
    params = parameter_values(batch)
    column = [*as_columns(params), s_j[:, None], t_j[:, None]]
    starts = np.array(STARTS)
    s_columns, t_columns = [], []
    s, t, converged = _newton_2d(spec, "own newton", column, starts[None, :, 0],
                                 starts[None, :, 1])  # fmt: skip
    keep = converged & (s > 0) & (s < 1)
    s_columns.append(np.where(keep, s, np.nan))
    t_columns.append(np.where(keep, t, np.nan))
    for bound in (0.0, 1.0):
        t = _investment_roots(spec, "own investment", column, bound)
        s_columns.append(np.where(np.isfinite(t), bound, np.nan))
        t_columns.append(t)
    free = _sharing_at_zero_investment(spec, params, s_j, t_j)
    s_columns.append(np.column_stack([free, np.zeros(n), np.ones(n)]))
    t_columns.append(np.zeros((n, 3)))
    s_i, t_i = np.hstack(s_columns), np.hstack(t_columns)
    profit, margin = call(spec, "profit and margin", as_columns(params), s_i, s_j[:, None], t_i,
                           t_j[:, None])  # fmt: skip
    rival = call(spec, "profit and margin", as_columns(params), s_j[:, None], s_i, t_j[:, None],
                  t_i)[1]  # fmt: skip
    valid = (margin > 0) & (rival > 0) & np.isfinite(s_i) & np.isfinite(t_i)
    profit = np.where(valid, profit, -np.inf)
    return volume_responses.best_candidate(batch, s_i, t_i, profit, s_j, t_j)


def reaction_slopes(
    batch: ParamsBatch, s_i, t_i, s_j, t_j, corner, spec: Specification = BASELINE
) -> np.ndarray:
    r"""Return firm i's responses ``(n, 2, 2)``: rows ``(s_i, t_i)``, columns ``(s_j, t_j)``.

    The implicit function theorem on (17)-(18) at firm i's best response, a decision
    at a corner not responding (as :func:`isacmodel.solve.volume.reaction_slopes`);
    ``[:, 0, 0]`` is :math:`\partial s_i/\partial s_j`.
    """
    spec = require_specification(spec)
    n = len(batch)
    jac = call(spec, "jacobian", parameter_values(batch), s_i, s_j, t_i, t_j).reshape(2, 4, n)
    return volume_responses.corner_responses(jac, corner, _solve)
