r"""One sympy sign prover: whether an expression is positive (negative, zero, ...) on a domain.

Every symbolic sign claim of the package goes through :func:`sign_of`: the properties
the paper assumes of ``f``, ``g`` and ``phi`` (:mod:`isacmodel.core.properties`), the
claims' symbolic proofs and the errata's.  A domain is a substitution that puts each
parameter strictly inside its admissible range by writing it in positive symbols
(:func:`positive_domain`, :func:`admissible_domain`); with positive symbols throughout,
sympy's assumption system can often decide a sign on its own.

The prover answers ``True`` (proved), ``False`` (disproved: the opposite is proved) or
``None`` (undecided).  It tries, cheapest first:

1. the signs of the numerator and the denominator of the expression over a common
   denominator, each expanded (a sum of positive terms is positive);
2. unless ``simplify=False``, the sign of the simplified expression.

Both steps use only what sympy proves, so neither can contradict the other: a later
step can only decide what an earlier one left open.

>>> import sympy as sp
>>> x = sp.Symbol("x", positive=True)
>>> sign_of(x / (1 + x), "positive"), sign_of(-x, "positive"), sign_of(x - 1, "positive")
(True, False, None)
"""

from __future__ import annotations

from typing import Literal

import sympy as sp

from isacmodel.core.symbols import SYM

__all__ = ["SIGNS", "Sign", "admissible_domain", "is_positive", "positive_domain", "sign_of"]

Sign = Literal["positive", "negative", "zero", "nonpositive", "nonnegative", "nonzero"]

#: The signs :func:`sign_of` can be asked about, each as the set of signs (-1, 0, 1) it allows.
SIGNS: dict[str, frozenset[int]] = {
    "positive": frozenset({1}),
    "negative": frozenset({-1}),
    "zero": frozenset({0}),
    "nonpositive": frozenset({-1, 0}),
    "nonnegative": frozenset({0, 1}),
    "nonzero": frozenset({-1, 1}),
}
_ANY = frozenset({-1, 0, 1})


def positive_domain() -> dict[sp.Symbol, sp.Expr]:
    r"""Return the domain of the assumed-property checks: strictly positive stand-ins.

    ``t_i`` and ``y_j`` positive, :math:`\rho = 1/(1 + r)` (any value in (0, 1)),
    ``gamma_2``, ``gamma_3`` positive and :math:`\gamma_1 = \gamma_2 + \gamma_3 + g`
    (:math:`\gamma_1 > \gamma_2 + \gamma_3`), with ``r, g > 0``.

    Returns
    -------
    dict
        Substitutions for :meth:`sympy.Basic.xreplace`.
    """
    pos = {name: sp.Symbol(name, positive=True) for name in ("t", "y", "r", "g", "g2", "g3")}
    return {
        SYM.t_i: pos["t"], SYM.y_j: pos["y"], SYM.rho: 1 / (1 + pos["r"]),
        SYM.gamma2: pos["g2"], SYM.gamma3: pos["g3"],
        SYM.gamma1: pos["g2"] + pos["g3"] + pos["g"],
    }  # fmt: skip


def admissible_domain() -> dict[sp.Symbol, sp.Expr]:
    r"""Return the interior of the whole parameter space, written in positive symbols.

    ``b2 = b1/(1+e)``, ``gamma = 1/(1+e)``, ``rho = 1/(1+e)``,
    ``gamma1 = gamma2 + gamma3 + gap``; the decisions and every other parameter
    positive.  (The domain of the claims' symbolic proofs.)

    Returns
    -------
    dict
        Substitutions for :meth:`sympy.Basic.xreplace`.
    """
    e = {name: sp.Symbol(f"e_{name}", positive=True) for name in ("b", "g", "r", "gap")}
    positive = {s: sp.Symbol(s.name, positive=True) for s in (
        SYM.b2, SYM.gamma, SYM.delta_d, SYM.delta_c, SYM.gamma2, SYM.gamma3, SYM.rho,
        SYM.s_i, SYM.s_j, SYM.t_i, SYM.t_j)}  # fmt: skip
    return {
        **positive,
        SYM.b2: SYM.b1 / (1 + e["b"]),
        SYM.gamma: 1 / (1 + e["g"]),
        SYM.rho: 1 / (1 + e["r"]),
        SYM.gamma1: positive[SYM.gamma2] + positive[SYM.gamma3] + e["gap"],
    }


def possible_signs(expr: sp.Expr) -> frozenset[int]:
    """Return the signs (-1, 0, 1) that sympy's assumptions leave possible for ``expr``."""
    if expr.is_zero:
        return frozenset({0})
    if expr.is_positive:
        return frozenset({1})
    if expr.is_negative or (-expr).is_positive:
        return frozenset({-1})
    if expr.is_nonnegative:
        return frozenset({0, 1})
    if expr.is_nonpositive or (-expr).is_nonnegative:
        return frozenset({-1, 0})
    if expr.is_nonzero:
        return frozenset({-1, 1})
    return _ANY


def _decide(possible: frozenset[int], sign: str) -> bool | None:
    allowed = SIGNS[sign]
    if possible <= allowed:
        return True
    if not possible & allowed:
        return False
    return None


def _quotient_signs(value: sp.Expr) -> frozenset[int]:
    numerator, denominator = sp.fraction(sp.together(value))
    top, bottom = possible_signs(sp.expand(numerator)), possible_signs(sp.expand(denominator))
    if 0 in bottom:
        return _ANY
    return frozenset(a * b for a in top for b in bottom)


def sign_of(
    expr: sp.Expr,
    sign: Sign = "positive",
    domain: dict | None = None,
    *,
    simplify: bool = True,
) -> bool | None:
    """Prove or disprove that ``expr`` has ``sign`` everywhere on ``domain``.

    Parameters
    ----------
    expr : sympy expression
    sign : {"positive", "negative", "zero", "nonpositive", "nonnegative", "nonzero"}
    domain : dict, optional
        Substitutions applied first (:func:`positive_domain`, :func:`admissible_domain`,
        or any dict for :meth:`sympy.Basic.xreplace`); the symbols' own assumptions
        are the domain when omitted.
    simplify : bool
        Fall back on :func:`sympy.simplify` when the numerator and denominator do not
        decide (slow on large expressions).

    Returns
    -------
    bool or None
        ``True`` when proved, ``False`` when the opposite is proved, ``None`` when
        sympy cannot decide.
    """
    if sign not in SIGNS:
        raise ValueError(f"sign must be one of {sorted(SIGNS)}, got {sign!r}")
    value = sp.sympify(expr)
    if domain:
        value = value.xreplace(domain)
    decided = _decide(_quotient_signs(value), sign)
    if decided is None and simplify:
        decided = _decide(possible_signs(sp.simplify(value)), sign)
    return decided


def is_positive(expr: sp.Expr, domain: dict | None = None, *, simplify: bool = True) -> bool:
    """Return whether ``expr > 0`` is proved on ``domain`` (``False`` when undecided).

    Examples
    --------
    >>> is_positive(SYM.b1 - SYM.b2, admissible_domain(), simplify=False)
    True
    """
    return sign_of(expr, "positive", domain, simplify=simplify) is True
