r"""Footnote 27's timing (investments, then sharing, then prices) for any specification.

The Newton backend of :func:`isacmodel.solve.sequential.solve_technology_first_batch`
for a :class:`~isacmodel.core.families.Specification` other than the baseline (and,
for comparison, the baseline too).  For given investments the sharing stage -- both
sharing conditions (5), :math:`\partial\pi_i/\partial s_i = 0` -- is solved by
projected Newton steps; its response to :math:`t_i` follows from the implicit function
theorem, and the symmetric investment condition

.. math::

    \pi_{t_i} + \pi_{s_i}\,\partial s_i/\partial t_i
        + \pi_{s_j}\,\partial s_j/\partial t_i = 0

is solved by Newton steps from the simultaneous investment
(:func:`isacmodel.numerics.newton.finite_difference_newton`).  Payoffs and their
derivatives come compiled from :mod:`isacmodel.solve.sequential_newton`.
"""

from __future__ import annotations

import numpy as np

from isacmodel.core.families import BASELINE, Specification
from isacmodel.core.params import ParamsBatch
from isacmodel.numerics.newton import finite_difference_newton
from isacmodel.solve.results import BatchEquilibria
from isacmodel.solve.sequential_newton import CompiledGame, equilibria, newton_start

__all__ = ["solve_technology_first_batch"]

_STEP = 1e-6  # central differences of the technology condition


def _sharing_stage(game: CompiledGame, t_i, t_j, s_i, s_j, iterations: int = 50):
    """Equilibrium of the sharing stage for given investments (projected Newton).

    A firm whose sharing sits at 0 or 1 with its condition pointing outward is held
    there; Newton steps move the others.  Returns ``(s_i, s_j, free_i, free_j, valid)``:
    ``free`` where the firm's sharing is interior, ``valid`` where the steps converged
    and each firm's payoff is concave in its own sharing.
    """
    s_i, s_j = np.array(s_i, dtype=float), np.array(s_j, dtype=float)
    for _ in range(iterations):
        own_i = game.firm_i("sharing", s_i, s_j, t_i, t_j)
        own_j = game.firm_j("sharing", s_i, s_j, t_i, t_j)
        g_i, g_j = own_i[0], own_j[0]
        a, b, c, d = own_i[1], own_i[2], own_j[2], own_j[1]  # d g_i/d(s_i, s_j), d g_j/d(...)
        held_i = (s_i >= 1) & (g_i > 0) | (s_i <= 0) & (g_i < 0)
        held_j = (s_j >= 1) & (g_j > 0) | (s_j <= 0) & (g_j < 0)
        with np.errstate(all="ignore"):
            det = a * d - b * c
            step_i = np.where(held_j, g_i / a, (d * g_i - b * g_j) / det)
            step_j = np.where(held_i, g_j / d, (a * g_j - c * g_i) / det)
        step_i, step_j = np.where(held_i, 0.0, step_i), np.where(held_j, 0.0, step_j)
        new_i, new_j = np.clip(s_i - step_i, 0.0, 1.0), np.clip(s_j - step_j, 0.0, 1.0)
        change = np.maximum(np.abs(new_i - s_i), np.abs(new_j - s_j))
        s_i, s_j = new_i, new_j
        if not np.any(change > 1e-14):
            break
    own_i = game.firm_i("sharing", s_i, s_j, t_i, t_j)
    own_j = game.firm_j("sharing", s_i, s_j, t_i, t_j)
    free_i = ~((s_i >= 1) & (own_i[0] >= 0) | (s_i <= 0) & (own_i[0] <= 0))
    free_j = ~((s_j >= 1) & (own_j[0] >= 0) | (s_j <= 0) & (own_j[0] <= 0))
    scale = np.maximum(1.0, np.abs(own_i[1]))
    solved = (~free_i | (np.abs(own_i[0]) < 1e-10 * scale)) & (
        ~free_j | (np.abs(own_j[0]) < 1e-10 * scale))  # fmt: skip
    valid = solved & (own_i[1] < 0) & (own_j[1] < 0)
    return s_i, s_j, free_i, free_j, valid


def _technology_condition(game: CompiledGame, t_i, t_j, s_i, s_j):
    """Firm i's total investment derivative (sharing re-chosen), and the sharing stage."""
    s_i, s_j, free_i, free_j, valid = _sharing_stage(game, t_i, t_j, s_i, s_j)
    g = game.firm_i("gradient", s_i, s_j, t_i, t_j)
    own_i = game.firm_i("sharing", s_i, s_j, t_i, t_j)
    own_j = game.firm_j("sharing", s_i, s_j, t_i, t_j)
    a, b, e = own_i[1], own_i[2], own_i[3]  # d g_i / d(s_i, s_j, t_i)
    c, d, f = own_j[2], own_j[1], own_j[4]  # d g_j / d(s_i, s_j, t_i)
    with np.errstate(all="ignore"):
        det = a * d - b * c
        both = (-(d * e - b * f) / det, -(a * f - c * e) / det)
        ds_i = np.where(free_i & free_j, both[0], np.where(free_i, -e / a, 0.0))
        ds_j = np.where(free_i & free_j, both[1], np.where(free_j, -f / d, 0.0))
    return g[1] + g[0] * ds_i + g[2] * ds_j, (s_i, s_j, valid)


def _technology_is_global(game: CompiledGame, s, t, grid: int = 41) -> np.ndarray:
    """Firm i's investment beats a grid of deviations (sharing stage re-solved after each)."""
    at = game.firm_i("payoff", s, s, t, t)[0]
    best = np.full(len(s), -np.inf)
    for fraction in np.linspace(0.0, 1.0, grid):
        own_t = fraction * np.maximum(4 * t, 2.0)
        s_i, s_j, _, _, valid = _sharing_stage(game, own_t, t, s, s)
        payoff = game.firm_i("payoff", s_i, s_j, own_t, t)[0]
        best = np.fmax(best, np.where(valid, payoff, -np.inf))
    own_s = np.linspace(0.0, 1.0, 101)  # stage two: firm i's sharing is its best response
    for level in own_s:
        best = np.fmax(best, game.firm_i("payoff", np.full_like(s, level), s, t, t)[0])
    return best <= at + 1e-9 * np.maximum(1.0, np.abs(at))


def solve_technology_first_batch(
    batch: ParamsBatch,
    spec: Specification = BASELINE,
    simultaneous: BatchEquilibria | None = None,
    iterations: int = 30,
) -> BatchEquilibria:
    r"""Footnote 27's symmetric equilibrium (investments, then sharing, then prices) under ``spec``.

    Newton steps from the simultaneous investment on firm i's total investment
    condition at a common investment :math:`t`, the sharing stage re-solved at each
    (:func:`isacmodel.solve.sequential.solve_technology_first_batch` for the baseline).  An
    entry is ``ok`` when the condition is solved to 1e-8 and decreasing in the common
    investment (the baseline's criteria), the sharing stage converged with each payoff
    concave in own sharing, and neither firm's stage-two sharing nor firm i's
    investment (sharing re-solved) is beaten on a grid.

    Parameters
    ----------
    batch : ParamsBatch
        Points with symmetric firms (``a_i == a_j``).
    spec : Specification
    simultaneous : BatchEquilibria, optional
        The simultaneous equilibria, if already solved.
    iterations : int
        Newton steps on the investment condition.

    Returns
    -------
    BatchEquilibria
        Both columns hold the common choices; ``params`` and ``spec`` set.

    Raises
    ------
    TypeError
        If ``batch`` is not a ParamsBatch or ``spec`` not a Specification.
    ValueError
        If some point has asymmetric firms, or ``simultaneous`` does not fit.
    """
    _, game, reason, s, t = newton_start(batch, spec, simultaneous)
    n = len(batch)

    def condition(at, warm):
        value, (s_i, _, valid) = _technology_condition(game, at, at, warm, warm)
        return value, s_i, valid

    warm = [s]

    def newton_condition(at: np.ndarray, centre: bool) -> np.ndarray:
        value, s_i, _ = condition(at, warm[0])
        if centre:  # the sharing stage at the step's own point warm-starts the next ones
            warm[0] = s_i
        return value

    t = finite_difference_newton(newton_condition, t, iterations, _STEP, keep_nonfinite=True)
    s = warm[0]
    value, s, valid = condition(t, s)
    slope = condition(t + _STEP, s)[0] - condition(t - _STEP, s)[0]
    good = reason == ""
    reason[good & ~(np.abs(value) < 1e-8)] = "the technology-first condition was not solved"
    reason[(reason == "") & ~(slope < 0)] = "the technology-first condition is not decreasing"
    reason[(reason == "") & ~valid] = "the sharing stage has no equilibrium found"
    good = reason == ""
    is_global = np.zeros(n, dtype=bool)
    is_global[good] = _technology_is_global(game.take(good), s[good], t[good])
    reason[good & ~is_global] = "a grid point pays firm i more (its sharing or investment)"
    ok = reason == ""
    return equilibria(game, spec, batch, (s, s), (t, t), ok, reason)
