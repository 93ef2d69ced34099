r"""What the checks of several chapters share: the symbolic domain, relative gaps, levels.

* :func:`is_positive` proves an expression positive on the admissible domain
  (:func:`admissible_domain`), the workhorse of the symbolic checks;
* :func:`relative_gap` is the margin of a strict ordering ``low < high``;
* :func:`at_equilibrium` evaluates a lambdified expression of the baseline model
  at each draw's equilibrium;
* :func:`levels` is firm i's equilibrium ``(s_i, t_i)``, the scale of its responses.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import sympy as sp

from isacmodel.core.model import SYM
from isacmodel.solve import nash
from isacmodel.verify.sampling import Sample

__all__ = [
    "NUMERIC_SLACK",
    "admissible_domain",
    "at_equilibrium",
    "is_positive",
    "levels",
    "relative_gap",
]

#: Relative slack for equalities computed along independent numeric paths.
NUMERIC_SLACK = 1e-9


def admissible_domain() -> dict:
    """Substitutions putting every parameter strictly inside its admissible range.

    ``b2 = b1/(1+e)``, ``gamma = 1/(1+e)``, ``gamma1 = gamma2 + gamma3 + gap``,
    ``rho = 1/(1+e)``, decisions and other parameters positive; with positive
    symbols throughout, a rational function whose numerator and denominator
    expand to sums of positive terms is positive.

    Returns
    -------
    dict
        ``{symbol: replacement}``.
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


def is_positive(expr: sp.Expr, extra: dict | None = None) -> bool:
    """Prove ``expr > 0`` on :func:`admissible_domain`, or return False.

    Parameters
    ----------
    expr : sympy.Expr
    extra : dict, optional
        Substitutions made first.

    Returns
    -------
    bool
        True when numerator and denominator both expand to sums of positive terms
        (or both of negative ones).
    """
    value = sp.sympify(expr)
    if extra:
        value = value.subs(extra)
    numerator, denominator = sp.fraction(sp.together(value.subs(admissible_domain())))
    numerator, denominator = sp.expand(numerator), sp.expand(denominator)
    signs = [numerator.is_positive, denominator.is_positive]
    negated = [(-numerator).is_positive, (-denominator).is_positive]
    return bool(all(signs) or all(negated))


def relative_gap(low: np.ndarray, high: np.ndarray) -> np.ndarray:
    """Relative margin of ``low < high``: zero for a tie, NaN only if an input is NaN."""
    scale = np.maximum(np.maximum(np.abs(low), np.abs(high)), 1e-300)
    return (high - low) / scale


def at_equilibrium(sample: Sample, function: Callable) -> np.ndarray:
    """Evaluate a function of :data:`isacmodel.solve.nash.ARGS` at each draw's equilibrium.

    Parameters
    ----------
    sample : Sample
    function : callable
        A lambdified expression of the parameters and the decisions ``(s_i, s_j, t_i, t_j)``.

    Returns
    -------
    numpy.ndarray
        One value per draw (a constant expression is broadcast).

    Raises
    ------
    ValueError
        If the sample is not drawn under the baseline (the expression is the baseline's).
    """
    if not sample.is_baseline:
        raise ValueError(f"a baseline expression cannot be evaluated under {sample.spec.name}")
    values = [getattr(sample.params, f) for f in nash.PARAMETER_FIELDS]
    result = function(*values, *sample.decisions)
    return np.broadcast_to(np.asarray(result, dtype=float), (len(sample),)).copy()


def levels(sample: Sample) -> np.ndarray:
    """Firm i's equilibrium ``(s_i, t_i)``, ``(n, 2)``: the scale of its responses."""
    s_i, _, t_i, _ = sample.decisions
    return np.column_stack([s_i, t_i])
