"""One compile-and-evaluate layer: sympy expressions become numpy functions over batches.

Every numeric function of the package is a sympy expression (derived, never typed in)
compiled once by :func:`compile_expressions` and evaluated over a
:class:`~isacmodel.core.params.ParamsBatch` (or one :class:`~isacmodel.core.params.Params`)
by :func:`evaluate`.  The standard argument order is :data:`ARGUMENTS`: the parameters
in :data:`~isacmodel.core.model.PARAMETER_FIELDS` order, then the decisions
``s_i, s_j, t_i, t_j``.  Compiled functions are cached by the caller (``functools.cache``
on the function that builds the expressions), since building them is the slow part.

>>> from isacmodel.core.model import SYM
>>> from isacmodel.core.params import ParamsBatch
>>> double_k = compile_expressions(2 * SYM.k)
>>> evaluate(double_k, ParamsBatch(k=[1.0, 2.5]), 0.0, 0.0, 0.0, 0.0).tolist()
[2.0, 5.0]
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np
import sympy as sp

from isacmodel.core.symbols import PARAMETER_FIELDS, SYM

__all__ = ["ARGUMENTS", "compile_expressions", "evaluate", "parameter_values"]

#: The standard arguments of a compiled function: every parameter, then the decisions.
ARGUMENTS: tuple[sp.Symbol, ...] = (*SYM.parameters(), SYM.s_i, SYM.s_j, SYM.t_i, SYM.t_j)


def compile_expressions(
    expressions: sp.Expr | Sequence,
    arguments: Sequence[sp.Symbol] = ARGUMENTS,
    *,
    cse: bool = False,
) -> Callable:
    """Compile one expression, or a (nested) list of them, to a numpy function of ``arguments``.

    Parameters
    ----------
    expressions : sympy.Expr or sequence
        What to compute; a list gives a function returning a list.
    arguments : sequence of sympy.Symbol
        The positional arguments, :data:`ARGUMENTS` unless stated.
    cse : bool
        Eliminate common subexpressions first (faster for large derivative lists; the
        result can differ from the plain form in the last bits).

    Returns
    -------
    callable
    """
    return sp.lambdify(tuple(arguments), expressions, "numpy", cse=cse)


def parameter_values(params) -> list[np.ndarray]:
    """Return the parameters of ``params`` (``Params`` or ``ParamsBatch``) as float arrays."""
    return [np.asarray(getattr(params, field), dtype=float) for field in PARAMETER_FIELDS]


def evaluate(function: Callable, params, *decisions) -> np.ndarray:
    """Evaluate a function compiled on :data:`ARGUMENTS` at ``params`` and the decisions.

    Floating-point warnings are silenced (a NaN or inf marks a point the caller rejects);
    the result broadcasts to the common shape of the parameters and the decisions, with
    a leading axis when ``function`` returns a list.
    """
    values = parameter_values(params)
    with np.errstate(all="ignore"):
        result = function(*values, *decisions)
    shape = np.broadcast_shapes(*(np.shape(v) for v in (*values, *decisions)))
    if isinstance(result, list | tuple):
        return np.array([np.broadcast_to(np.asarray(r, dtype=float), shape) for r in result])
    return np.broadcast_to(np.asarray(result, dtype=float), shape).copy()
