"""Small linear algebra over stacks of matrices: solves, reaction maps, stability.

Every game of the package has two firms with two choices each, so its checks are 2x2
and 4x4 algebra repeated over a batch of parameter points.  The conventions: a stack
has the batch on axis 0; a singular matrix gives NaN (not an exception); the 4x4
Jacobian of both firms' first-order conditions has rows and columns in the order
``(s_i, t_i, s_j, t_j)`` (firm i's block top left).
"""

from __future__ import annotations

import numpy as np

__all__ = [
    "best_response_radius",
    "reaction_matrices",
    "second_order_conditions",
    "solve_2x2",
    "solve_stack",
]


def solve_stack(matrices: np.ndarray, right: np.ndarray) -> np.ndarray:
    """``np.linalg.solve`` over a stack, with NaN (not an exception) for singular matrices."""
    matrices = np.array(matrices, dtype=float)
    with np.errstate(all="ignore"):
        scale = np.prod(np.linalg.norm(matrices, axis=-1), axis=-1)
        singular = ~(np.abs(np.linalg.det(np.nan_to_num(matrices))) > 1e-13 * scale)
    matrices[singular] = np.eye(matrices.shape[-1])
    right = np.array(right, dtype=float)
    right[~np.isfinite(right)] = 0.0
    solution = np.linalg.solve(matrices, right)
    solution[singular] = np.nan
    return solution


def reaction_matrices(jacobian: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``R_i = d(s_i, t_i)/d(s_j, t_j)`` and ``R_j``, each ``(n, 2, 2)``; NaN where singular."""
    m_i, n_i = jacobian[:, :2, :2], jacobian[:, :2, 2:]
    m_j, n_j = jacobian[:, 2:, 2:], jacobian[:, 2:, :2]
    return -solve_stack(m_i, n_i), -solve_stack(m_j, n_j)


def solve_2x2(matrices: np.ndarray, right: np.ndarray) -> np.ndarray:
    """:func:`solve_stack` for a stack of 2x2 systems in closed form (Cramer's rule).

    Same conventions (NaN for singular matrices, non-finite right-hand sides read as
    zero); about fifty times faster than LAPACK on a stack of 2x2 matrices.
    """
    a, b = matrices[:, 0, 0], matrices[:, 0, 1]
    c, d = matrices[:, 1, 0], matrices[:, 1, 1]
    right = np.nan_to_num(right, nan=0.0, posinf=0.0, neginf=0.0)
    top, bottom = right[:, 0], right[:, 1]
    with np.errstate(all="ignore"):
        det = a * d - b * c
        singular = ~(np.abs(det) > 1e-13 * np.hypot(a, b) * np.hypot(c, d))
        det = np.where(singular, np.nan, det)
        if right.ndim == 3:
            det, a, b, c, d = (v[:, None] for v in (det, a, b, c, d))
        return np.stack([(d * top - b * bottom) / det, (a * bottom - c * top) / det], axis=1)


def best_response_radius(jacobian: np.ndarray) -> np.ndarray:
    """Spectral radius of the best-response map ``R_i R_j`` (2x2 algebra in closed form)."""
    r_i = -solve_2x2(jacobian[:, :2, :2], jacobian[:, :2, 2:])
    r_j = -solve_2x2(jacobian[:, 2:, 2:], jacobian[:, 2:, :2])
    (a, b), (c, d) = r_i.transpose(1, 2, 0)
    (e, f), (g, h) = r_j.transpose(1, 2, 0)
    top_left, top_right = a * e + b * g, a * f + b * h
    bottom_left, bottom_right = c * e + d * g, c * f + d * h
    # eigenvalues of a 2x2 matrix in closed form: tr/2 +- sqrt(tr^2/4 - det)
    trace = top_left + bottom_right
    det = top_left * bottom_right - top_right * bottom_left
    with np.errstate(all="ignore"):
        discriminant = trace**2 / 4 - det
        real_pair = np.abs(trace) / 2 + np.sqrt(np.maximum(discriminant, 0.0))
        largest = np.where(discriminant >= 0, real_pair, np.sqrt(np.abs(det)))
        return np.sqrt(largest)


def second_order_conditions(jacobian: np.ndarray) -> np.ndarray:
    """Both firms' local second-order conditions: ``det M > 0`` and ``dH/dt < 0`` per block."""
    ok = np.ones(len(jacobian), dtype=bool)
    with np.errstate(all="ignore"):
        for block in (jacobian[:, :2, :2], jacobian[:, 2:, 2:]):
            det = block[:, 0, 0] * block[:, 1, 1] - block[:, 0, 1] * block[:, 1, 0]
            ok &= (det > 0) & (block[:, 1, 1] < 0)
    return ok
