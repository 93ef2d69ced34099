r"""Batched Newton iterations on small systems: one row per parameter point.

The solvers of sections 3 and 4 climb or root-find in one or two unknowns at many
parameter points at once.  The loops they share live here:

* :func:`ascent_direction` -- a guarded Newton direction for maximising a function of
  ``(s, t)`` with :math:`s \in [0, 1]`, :math:`t \ge 0` (the leader's problem of
  section 3, the payoff :math:`V(s_i, t_i)` behind (15)-(16));
* :func:`line_search` -- the largest step :math:`2^{-k}` along a direction that raises
  the objective (the leader's guarded ascent);
* :func:`finite_difference_newton` -- Newton steps on a scalar condition with a
  central-difference slope, kept non-negative (footnote 27's investment condition);
* :func:`decreasing_root` -- the root of a decreasing function on ``[0, 1]``, clipped
  (section 4's sharing condition (17) at zero investment), by scipy's elementwise
  bracketing solver.

Each function works on arrays of shape ``(n,)`` (``(n, 2)`` for directions) and
never fails an entry silently: a non-finite value stays visible to the caller.

>>> import numpy as np
>>> root = finite_difference_newton(lambda t, centre: 1.0 - t**2, np.array([2.0, 0.5]), 20)
>>> np.round(root, 12).tolist()
[1.0, 1.0]
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
from scipy.optimize.elementwise import find_root

__all__ = ["ascent_direction", "decreasing_root", "finite_difference_newton", "line_search"]


def ascent_direction(
    gradient: np.ndarray, hessian: np.ndarray, s: np.ndarray, t: np.ndarray
) -> np.ndarray:
    r"""Return a guarded Newton ascent direction ``(n, 2)`` in ``(s, t)``.

    A Newton step :math:`-H^{-1}\nabla` where the Hessian is negative definite, a
    step of length :math:`(1 + |t|)/4` uphill otherwise; where sharing sits at a bound
    and its gradient pushes outward, sharing is held and investment moves alone
    (Newton in ``t`` where :math:`H_{tt} < 0`, else the long step).  NaN marks an
    entry whose gradient is not finite.

    Parameters
    ----------
    gradient : numpy.ndarray
        Shape ``(n, 2)``: :math:`(\partial V/\partial s, \partial V/\partial t)`.
    hessian : numpy.ndarray
        Shape ``(n, 2, 2)``, symmetric.
    s, t : numpy.ndarray
        The current point, shape ``(n,)``.
    """
    det = hessian[:, 0, 0] * hessian[:, 1, 1] - hessian[:, 0, 1] ** 2
    concave = (hessian[:, 0, 0] < 0) & (det > 0)
    safe = np.where(concave[:, None, None], hessian, -np.eye(2))
    reach = 0.25 * (1 + np.abs(t))  # where the payoff is not concave: a long trial step
    with np.errstate(all="ignore"):
        newton = -np.linalg.solve(safe, gradient[:, :, None])[:, :, 0]
        along_t = np.where(hessian[:, 1, 1] < 0, -gradient[:, 1] / hessian[:, 1, 1],
                           np.sign(gradient[:, 1]) * reach)  # fmt: skip
        uphill = gradient / np.linalg.norm(gradient, axis=1, keepdims=True) * reach[:, None]
    direction = np.where(concave[:, None], newton, np.nan_to_num(uphill))
    pinned = (s >= 1) & (gradient[:, 0] > 0) | (s <= 0) & (gradient[:, 0] < 0)
    direction[pinned, 0] = 0.0
    direction[pinned, 1] = along_t[pinned]
    return direction


def line_search(
    objective: Callable[[np.ndarray, np.ndarray, np.ndarray], tuple[np.ndarray, tuple]],
    s: np.ndarray,
    t: np.ndarray,
    direction: np.ndarray,
    value: np.ndarray,
    payload: tuple[np.ndarray, ...] = (),
    halvings: int = 30,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, tuple[np.ndarray, ...], np.ndarray]:
    r"""Take the largest step :math:`2^{-k}` along ``direction`` that raises the objective.

    Trial points are projected on :math:`s \in [0, 1]`, :math:`t \ge 0`.  An entry
    leaves the search at its first improving step, or after ``halvings`` halvings.

    Parameters
    ----------
    objective : callable
        ``objective(index, s, t) -> (values, payload)``: the objective at trial points
        of the entries ``index``, and per-entry arrays to keep where a step is taken
        (e.g. the follower's response there; ``()`` for none).
    s, t : numpy.ndarray
        The current point, shape ``(n,)`` (not modified).
    direction : numpy.ndarray
        Shape ``(n, 2)``.
    value : numpy.ndarray
        The objective at ``(s, t)``.
    payload : tuple of numpy.ndarray
        The payload at ``(s, t)``, one array per element the objective returns.
    halvings : int
        Trial steps per entry.

    Returns
    -------
    s, t, value : numpy.ndarray
        The new point and its objective (unchanged where no step improved).
    payload : tuple of numpy.ndarray
        Updated where a step was taken.
    moved : numpy.ndarray of bool
        Where a step was taken.
    """
    s, t, value = s.copy(), t.copy(), value.copy()
    payload = tuple(p.copy() for p in payload)
    step = np.ones(len(s))
    moved = np.zeros(len(s), dtype=bool)
    pending = np.arange(len(s))
    for _ in range(halvings):
        if not len(pending):
            break
        trial_s = np.clip(s[pending] + step[pending] * direction[pending, 0], 0.0, 1.0)
        trial_t = np.maximum(t[pending] + step[pending] * direction[pending, 1], 0.0)
        trial, found = objective(pending, trial_s, trial_t)
        accept = trial > value[pending]
        index = pending[accept]
        s[index], t[index], value[index] = trial_s[accept], trial_t[accept], trial[accept]
        for target, source in zip(payload, found, strict=True):
            target[index] = source[accept]
        moved[index] = True
        pending = pending[~accept]
        step[pending] /= 2
    return s, t, value, payload, moved


def finite_difference_newton(
    condition: Callable[[np.ndarray, bool], np.ndarray],
    x: np.ndarray,
    iterations: int,
    step: float = 1e-6,
    *,
    keep_nonfinite: bool = False,
) -> np.ndarray:
    r"""Newton steps on ``condition(x) = 0``, slope by central differences, ``x >= 0``.

    Each step evaluates the condition at :math:`x` and :math:`x \pm` ``step``; exactly
    ``iterations`` steps are taken (no early exit, so every entry sees the same
    arithmetic).  A hand-written loop rather than :func:`scipy.optimize.elementwise.find_root`:
    that needs a bracket, which footnote 27's condition does not come with (the
    Newton start is the simultaneous investment), and a bracketing search would
    change where the conditions are evaluated.

    Parameters
    ----------
    condition : callable
        ``condition(x, centre)``, vectorised; ``centre`` is True at the step's own
        point (where a warm start may be updated) and False at ``x + step`` and
        ``x - step``, which follow it.
    x : numpy.ndarray
        Starting points, shape ``(n,)``.
    iterations : int
    step : float
        Half-width of the central difference.
    keep_nonfinite : bool
        Where a step is not finite keep the previous ``x`` (else the NaN propagates).
    """
    for _ in range(iterations):
        value = condition(x, True)
        up, down = condition(x + step, False), condition(x - step, False)
        with np.errstate(all="ignore"):
            new = np.maximum(x - value / ((up - down) / (2 * step)), 0.0)
        x = np.where(np.isfinite(new), new, x) if keep_nonfinite else new
    return x


def decreasing_root(
    condition: Callable[..., np.ndarray], args: tuple[np.ndarray, ...], n: int
) -> np.ndarray:
    r"""Return the root in ``[0, 1]`` of decreasing conditions, clipped to the interval.

    Where ``condition`` is non-positive at 0 the result is 0, where it is non-negative
    at 1 it is 1; elsewhere :func:`scipy.optimize.elementwise.find_root` (Chandrupatla's
    bracketing method, default tolerances: about 1e-12 here) finds the root.  It
    replaced 40 hand-written bisection steps: ``benchmarks/run.py``
    (``bench_root_finders``) measured it at 0.34x their time on 20,000 rows of section
    4's condition (17), the roots within 5e-13 of the bisection's.

    Parameters
    ----------
    condition : callable
        ``condition(x, *args)``, elementwise in ``x`` and the arrays of ``args``.
    args : tuple of numpy.ndarray
        Per-row arrays of shape ``(n,)``.
    n : int
        Number of rows.
    """
    low = condition(np.zeros(n), *args)
    high = condition(np.ones(n), *args)
    root = np.where(low <= 0, 0.0, np.where(high >= 0, 1.0, np.nan))
    inside = (low > 0) & (high < 0)
    if inside.any():
        found = find_root(condition, (0.0, 1.0), args=tuple(a[inside] for a in args))
        root[inside] = found.x
    return root
