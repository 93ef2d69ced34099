"""The model's sympy symbols, the section-2 parameter order and the swap of the two firms.

The lowest module of :mod:`isacmodel.core`: :mod:`~isacmodel.core.model`, the sign prover
(:mod:`~isacmodel.core.signs`), the assumed-property checker
(:mod:`~isacmodel.core.properties`) and the compile layer (:mod:`~isacmodel.core.compile`)
all build on it.  :mod:`isacmodel.core.model` re-exports every name, so
``from isacmodel.core.model import SYM`` keeps working.

>>> SYM.parameters()[:2]
(a_i, a_j)
"""

from __future__ import annotations

from dataclasses import dataclass

import sympy as sp

from isacmodel.core.params import Params

__all__ = ["PARAMETER_FIELDS", "SYM", "Symbols", "swap_firms"]


#: The :class:`Params` fields that enter section 2 (``c`` and ``delta_hat`` are section 4's).
PARAMETER_FIELDS = (
    "a_i", "a_j", "b1", "b2", "gamma", "delta_d", "delta_c",
    "gamma1", "gamma2", "gamma3", "k", "rho",
)  # fmt: skip


@dataclass(frozen=True)
class Symbols:
    """The sympy symbols of the model; names match :class:`~isacmodel.Params` fields."""

    a_i: sp.Symbol = sp.Symbol("a_i", positive=True)
    a_j: sp.Symbol = sp.Symbol("a_j", positive=True)
    b1: sp.Symbol = sp.Symbol("b_1", positive=True)
    b2: sp.Symbol = sp.Symbol("b_2", nonnegative=True)
    gamma: sp.Symbol = sp.Symbol("gamma", nonnegative=True)
    delta_d: sp.Symbol = sp.Symbol("delta_d", nonnegative=True)
    delta_c: sp.Symbol = sp.Symbol("delta_c", nonnegative=True)
    gamma1: sp.Symbol = sp.Symbol("gamma_1", positive=True)
    gamma2: sp.Symbol = sp.Symbol("gamma_2", nonnegative=True)
    gamma3: sp.Symbol = sp.Symbol("gamma_3", nonnegative=True)
    k: sp.Symbol = sp.Symbol("k", positive=True)
    rho: sp.Symbol = sp.Symbol("rho", nonnegative=True)
    s_i: sp.Symbol = sp.Symbol("s_i", nonnegative=True)
    s_j: sp.Symbol = sp.Symbol("s_j", nonnegative=True)
    t_i: sp.Symbol = sp.Symbol("t_i", nonnegative=True)
    t_j: sp.Symbol = sp.Symbol("t_j", nonnegative=True)
    p_i: sp.Symbol = sp.Symbol("p_i")
    p_j: sp.Symbol = sp.Symbol("p_j")
    B_i: sp.Symbol = sp.Symbol("B_i")
    B_j: sp.Symbol = sp.Symbol("B_j")
    y_j: sp.Symbol = sp.Symbol("y_j", nonnegative=True)

    def parameters(self) -> tuple[sp.Symbol, ...]:
        """Symbols of the section-2 parameters, in :data:`PARAMETER_FIELDS` order."""
        return tuple(getattr(self, name) for name in PARAMETER_FIELDS)

    def decisions(self) -> tuple[sp.Symbol, ...]:
        """Return the first-stage decision variables ``(s_i, s_j, t_i, t_j)``."""
        return (self.s_i, self.s_j, self.t_i, self.t_j)

    def values(self, params: Params) -> dict[sp.Symbol, float]:
        """Map each parameter symbol to its value in ``params`` (for ``subs``)."""
        return {getattr(self, name): getattr(params, name) for name in PARAMETER_FIELDS}


SYM = Symbols()


def swap_firms(expr: sp.Expr) -> sp.Expr:
    """Exchange the roles of firms i and j in ``expr`` (simultaneous substitution).

    Examples
    --------
    >>> swap_firms(SYM.s_i - 2 * SYM.t_j)
    s_j - 2*t_i

    A string is refused, not parsed (sympy parses strings with ``eval``):

    >>> swap_firms("s_i")
    Traceback (most recent call last):
    ...
    TypeError: swap_firms takes a sympy object, not a string to parse (got str: 's_i')
    """
    if not isinstance(expr, sp.Basic | sp.MatrixBase):
        raise TypeError(
            "swap_firms takes a sympy object, not a string to parse "
            f"(got {type(expr).__name__}: {expr!r:.60})"
        )
    pairs = [("a_i", "a_j"), ("s_i", "s_j"), ("t_i", "t_j"), ("p_i", "p_j"), ("B_i", "B_j")]
    mapping = {}
    for left, right in pairs:
        mapping[getattr(SYM, left)] = getattr(SYM, right)
        mapping[getattr(SYM, right)] = getattr(SYM, left)
    return expr.xreplace(mapping)
