"""The model's second stage written again from its primitives, for the property tests.

Independent of the package: the demand shifts of (1)-(2), the Bertrand prices of the
demand system with marginal costs ``F_i`` (zero in section 2), nothing else.
"""

from isacmodel import Params


def levels(p: Params, s_i, s_j, t_i, t_j):
    """Both demand levels ``a + B`` (intercept plus the shift of security choices)."""
    shift_i = (
        t_i
        - p.gamma * t_j
        + p.delta_d * s_j * t_j
        - (p.gamma1 * s_i**2 - p.gamma2 * s_j**2 - p.gamma3 * s_i * s_j)
    )
    shift_j = (
        t_j
        - p.gamma * t_i
        + p.delta_d * s_i * t_i
        - (p.gamma1 * s_j**2 - p.gamma2 * s_i**2 - p.gamma3 * s_i * s_j)
    )
    return p.a_i + shift_i, p.a_j + shift_j


def bertrand_prices(p: Params, level_i, level_j, cost_i=0.0, cost_j=0.0):
    """Prices solving ``2 b1 p_i - b2 p_j = level_i + b1 F_i`` and firm j's twin (Cramer)."""
    right_i, right_j = level_i + p.b1 * cost_i, level_j + p.b1 * cost_j
    det = 4 * p.b1**2 - p.b2**2
    return (2 * p.b1 * right_i + p.b2 * right_j) / det, (2 * p.b1 * right_j + p.b2 * right_i) / det
