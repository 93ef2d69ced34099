r"""Primitives of the model (paper section 2): demand, leakage, spillovers, costs, prices.

Two firms, i and j, play a two-stage game.  In stage one each chooses how much
security information to share, :math:`s \in [0, 1]`, and how much to invest in
security technology, :math:`t \ge 0`; in stage two they set prices.

.. math::

    q_i &= a_i - b_1 p_i + b_2 p_j + B_i                                  && (1)\\
    g_i &= \gamma_1 s_i^2 - \gamma_2 s_j^2 - \gamma_3 s_i s_j              && (2)\\
    B_i &= t_i - \gamma t_j + \delta_d t_j s_j - g_i(s_i, s_j)             && (3)\\
    f(t_i, y_j) &= \tfrac{k}{2} t_i^2 \Bigl(1 - \rho \frac{y_j}{1 + y_j}\Bigr),
        \quad y_j = \delta_c t_j s_j                                       &&

Profit is :math:`\pi_i = p_i q_i - f(t_i, y_j)`.  :func:`bertrand_prices` solves
the two pricing first-order conditions with sympy (eq. (21) is then a check, not
an input) and :func:`reduced_profit` gives the first-stage payoff (4),
:math:`b_1 p_i^2 - f`.

Everything symbolic is built from the symbols in :data:`SYM` and cached, so each
derivation runs once per process.  Numeric versions (``*_numeric``) are numpy
functions compiled by :func:`isacmodel.core.compile.compile_expressions`; they
broadcast over arrays of decision variables.

>>> from isacmodel import Params
>>> p = Params(b1=1.0, b2=0.5, a_i=1.0, a_j=1.0)
>>> float(price_numeric(p, 0.0, 0.0, 0.0, 0.0))  # (2 b1 + b2) a / (4 b1^2 - b2^2) = 2.5/3.75
0.6666666666666666
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache

import numpy as np
import sympy as sp
from numpy.typing import ArrayLike

from isacmodel.core.compile import ARGUMENTS, compile_expressions, parameter_values
from isacmodel.core.params import Params, ParamsBatch
from isacmodel.core.properties import PropertyCheck, check_properties
from isacmodel.core.symbols import PARAMETER_FIELDS, SYM, Symbols, swap_firms

__all__ = [
    "PARAMETER_FIELDS",
    "SYM",
    "PropertyCheck",
    "Symbols",
    "assumed_properties",
    "bertrand_prices",
    "checked_decisions",
    "compiled",
    "cost_spillover",
    "demand",
    "demand_shift",
    "demand_shift_numeric",
    "equilibrium_prices",
    "evaluate_at",
    "fixed_cost",
    "leakage",
    "price_numeric",
    "printed_prices_eq21",
    "profit_numeric",
    "reduced_profit",
    "swap_firms",
]


def leakage() -> sp.Expr:
    r"""Leakage cost of firm i, eq. (2).

    :math:`g_i = \gamma_1 s_i^2 - \gamma_2 s_j^2 - \gamma_3 s_i s_j`.
    """
    return SYM.gamma1 * SYM.s_i**2 - SYM.gamma2 * SYM.s_j**2 - SYM.gamma3 * SYM.s_i * SYM.s_j


def demand_shift() -> sp.Expr:
    r"""Demand shift of firm i, eq. (3): :math:`t_i - \gamma t_j + \delta_d t_j s_j - g_i`."""
    return SYM.t_i - SYM.gamma * SYM.t_j + SYM.delta_d * SYM.t_j * SYM.s_j - leakage()


def cost_spillover() -> sp.Expr:
    r"""Return the rival's information that lowers firm i's cost, :math:`y_j = \delta_c t_j s_j`."""
    return SYM.delta_c * SYM.t_j * SYM.s_j


def fixed_cost(y: sp.Expr | None = None) -> sp.Expr:
    r"""Baseline fixed investment cost :math:`\tfrac{k}{2} t_i^2 (1 - \rho y/(1 + y))`.

    Parameters
    ----------
    y : sympy expression, optional
        The spillover argument; the free symbol ``y_j`` when omitted (for checking
        the properties the paper assumes of :math:`f(t_i, y_j)`); pass
        :func:`cost_spillover` to get the cost as a function of the decisions.
    """
    y = SYM.y_j if y is None else y
    return SYM.k / 2 * SYM.t_i**2 * (1 - SYM.rho * y / (1 + y))


def demand() -> sp.Expr:
    """Demand of firm i, eq. (1), with the shift ``B_i`` kept as a symbol."""
    return SYM.a_i - SYM.b1 * SYM.p_i + SYM.b2 * SYM.p_j + SYM.B_i


@cache
def bertrand_prices() -> tuple[sp.Expr, sp.Expr]:
    """Second-stage Bertrand prices, derived by solving both pricing first-order conditions.

    Each firm maximises ``p q - f`` over its own price (``f`` does not depend on
    prices), so the conditions are ``d(p_i q_i)/dp_i = 0`` and its mirror image.

    Returns
    -------
    tuple of sympy expressions
        ``(p_i, p_j)`` in terms of ``a_i, a_j, b1, b2, B_i, B_j``; compare eq. (21).
    """
    q_i = demand()
    q_j = swap_firms(q_i)
    conditions = [sp.diff(SYM.p_i * q_i, SYM.p_i), sp.diff(SYM.p_j * q_j, SYM.p_j)]
    solution = sp.solve(conditions, [SYM.p_i, SYM.p_j], dict=True)
    if len(solution) != 1:
        raise RuntimeError(f"expected a unique Bertrand equilibrium, sympy found {solution}")
    return sp.factor(solution[0][SYM.p_i]), sp.factor(solution[0][SYM.p_j])


def printed_prices_eq21() -> sp.Expr:
    """Firm i's price exactly as printed in eq. (21) of the paper."""
    b1, b2 = SYM.b1, SYM.b2
    return ((2 * b1 * SYM.a_i + b2 * SYM.a_j) + (2 * b1 * SYM.B_i + b2 * SYM.B_j)) / (
        4 * b1**2 - b2**2
    )


@cache
def equilibrium_prices() -> tuple[sp.Expr, sp.Expr]:
    """Bertrand prices as functions of the first-stage decisions ``(s_i, s_j, t_i, t_j)``."""
    shifts = {SYM.B_i: demand_shift(), SYM.B_j: swap_firms(demand_shift())}
    p_i, p_j = bertrand_prices()
    return sp.expand(p_i.xreplace(shifts)), sp.expand(p_j.xreplace(shifts))


@cache
def reduced_profit() -> sp.Expr:
    r"""First-stage payoff of firm i, eq. (4): :math:`b_1 p_i^2 - f(t_i, y_j)`.

    Derived, not assumed: at the Bertrand prices :math:`q_i = b_1 p_i`, which is
    checked here (a ``RuntimeError`` would mean the derivation broke).
    """
    p_i, p_j = bertrand_prices()
    quantity = demand().xreplace({SYM.p_i: p_i, SYM.p_j: p_j})
    if sp.simplify(quantity - SYM.b1 * p_i) != 0:
        raise RuntimeError("q_i = b1 p_i fails at the Bertrand prices")
    return SYM.b1 * equilibrium_prices()[0] ** 2 - fixed_cost(cost_spillover())


_NUMERIC_EXPRESSIONS = {
    "demand_shift": demand_shift,
    "price": lambda: equilibrium_prices()[0],
    "profit": reduced_profit,
}


@cache
def compiled(name: str) -> Callable:
    """Compile one of ``"demand_shift"``, ``"price"``, ``"profit"`` on the standard arguments."""
    return compile_expressions(_NUMERIC_EXPRESSIONS[name](), ARGUMENTS)


def checked_decisions(
    s_i: ArrayLike, s_j: ArrayLike, t_i: ArrayLike, t_j: ArrayLike
) -> list[np.ndarray]:
    """Convert the decisions to float arrays; ValueError names any outside the domain.

    Sharing levels must lie in [0, 1], investments in [0, inf), all finite.
    """
    decisions = []
    for name, value in zip(("s_i", "s_j", "t_i", "t_j"), (s_i, s_j, t_i, t_j), strict=True):
        array = np.asarray(value, dtype=float)
        upper = 1.0 if name.startswith("s") else np.inf
        bad = ~np.isfinite(array) | (array < 0) | (array > upper)
        if np.any(bad):
            domain = "[0, 1]" if name.startswith("s") else "[0, inf)"
            raise ValueError(
                f"{name} must be finite and in {domain} (got {name}={array[bad].flat[0]})"
            )
        decisions.append(array)
    return decisions


def evaluate_at(
    function: Callable,
    params: Params | ParamsBatch,
    s_i: ArrayLike,
    s_j: ArrayLike,
    t_i: ArrayLike,
    t_j: ArrayLike,
) -> np.ndarray:
    """Evaluate a compiled ``function(*parameters, s_i, s_j, t_i, t_j)`` at checked decisions.

    The checked-decisions entry point of :mod:`isacmodel.core.compile`: the decisions
    are validated (``ValueError`` names one outside its domain), the parameters read by
    :func:`~isacmodel.core.compile.parameter_values`, and the result is broadcast to the
    decisions' common shape.

    Parameters
    ----------
    function : callable
        Compiled on :data:`~isacmodel.core.compile.ARGUMENTS`.
    params : Params or ParamsBatch
    s_i, s_j, t_i, t_j : float or array_like

    Returns
    -------
    numpy.ndarray
    """
    decisions = checked_decisions(s_i, s_j, t_i, t_j)
    result = np.asarray(function(*parameter_values(params), *decisions), dtype=float)
    return np.broadcast_arrays(result, *decisions)[0].copy()


def demand_shift_numeric(
    params: Params, s_i: ArrayLike, s_j: ArrayLike, t_i: ArrayLike, t_j: ArrayLike
) -> np.ndarray:
    """Firm i's demand shift :math:`B_i` (3) at the decisions (numpy, broadcasts)."""
    return evaluate_at(compiled("demand_shift"), params, s_i, s_j, t_i, t_j)


def price_numeric(
    params: Params, s_i: ArrayLike, s_j: ArrayLike, t_i: ArrayLike, t_j: ArrayLike
) -> np.ndarray:
    """Firm i's Bertrand price at the decisions (numpy, broadcasts over arrays).

    Parameters
    ----------
    params : Params
        The parameter point.
    s_i, s_j, t_i, t_j : float or array_like
        Sharing levels and investments.  Firm j's price is ``price_numeric``
        with the decisions swapped and ``params.replace(a_i=a_j, a_j=a_i)``.

    Returns
    -------
    numpy.ndarray
        The price, eq. (21) with (3) substituted.
    """
    return evaluate_at(compiled("price"), params, s_i, s_j, t_i, t_j)


def profit_numeric(
    params: Params, s_i: ArrayLike, s_j: ArrayLike, t_i: ArrayLike, t_j: ArrayLike
) -> np.ndarray:
    """Firm i's reduced-form profit (4) at the decisions (numpy, broadcasts)."""
    return evaluate_at(compiled("profit"), params, s_i, s_j, t_i, t_j)


# ------------------------------------------------------------- assumed properties
@cache
def assumed_properties() -> tuple[PropertyCheck, ...]:
    r"""Check every sign property the paper assumes of the baseline cost ``f`` and leakage ``g``.

    The paper assumes :math:`f_t > 0`, :math:`f_y < 0`, :math:`f_t(0, y) = 0`,
    :math:`f_{ty} < 0`, :math:`f_{tt} > 0`; and, for ``g``, increasing in the own
    sharing level and decreasing in the rival's, :math:`g_{s_i s_i} > 0`,
    :math:`g_{s_j s_j} \le 0`, :math:`g_{s_i s_j} \le 0`, and own effects larger than
    cross effects at symmetric points.  The one checker of the package,
    :func:`~isacmodel.core.properties.check_properties` (the family menu's too), proves
    each sign with sympy on strictly positive ``t``, ``s``, ``y``, ``rho`` written as
    ``1 - (positive gap)``, and ``gamma_1 = gamma_2 + gamma_3 + (gap)`` with
    ``gamma_2, gamma_3 > 0``.  (With ``rho = 0`` or ``gamma_2 = 0`` the strict
    inequalities become equalities; the chapter says so.)

    Returns
    -------
    tuple of PropertyCheck
        The cost's five checks, then the leakage's seven.
    """
    return check_properties("cost", fixed_cost()) + check_properties("leakage", leakage())
