"""Vectorised one-dimensional search: many independent maximisations at once.

Used by the coordinated regimes of section 2.2 (:mod:`isacmodel.solve.optima`) to refine
the best common sharing between two grid points.

Why hand-written and not :func:`scipy.optimize.elementwise.find_minimum` (scipy 1.17):
in ``benchmarks/run.py`` (``bench_numerics``, the social optimum's best sharing) scipy's
took 0.6 to 1.25 times our time per row (two runs on a shared machine: not reliably
faster), it needs a three-point bracket (so rows whose best grid point is a corner would
keep this search), and its maxima differ from these by up to 4e-7 in sharing (the
objective is flat to rounding that close to its maximum), which would move the values
of :func:`isacmodel.solve.optima.best_sharing` (Proposition 5's steps) by as much.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

__all__ = ["golden_section"]


def golden_section(
    function: Callable[[np.ndarray], np.ndarray], low: np.ndarray, high: np.ndarray, iterations: int
) -> np.ndarray:
    """Maximise unimodal functions on ``[low, high]`` (elementwise, vectorised)."""
    ratio = (np.sqrt(5) - 1) / 2
    a, b = low.copy(), high.copy()
    c, d = b - ratio * (b - a), a + ratio * (b - a)
    fc, fd = function(c), function(d)
    for _ in range(iterations):
        left = fc >= fd
        a, b = np.where(left, a, c), np.where(left, d, b)
        c_new, d_new = b - ratio * (b - a), a + ratio * (b - a)
        x = np.where(left, c_new, d_new)
        fx = function(x)
        c, d = np.where(left, c_new, d), np.where(left, c, d_new)
        fc, fd = np.where(left, fx, fd), np.where(left, fc, fx)
    return (a + b) / 2
