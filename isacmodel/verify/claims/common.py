r"""What the checks of several chapters share: the sign prover, relative gaps, levels.

* :func:`is_positive` proves an expression positive on the admissible domain with the
  package's one sign prover (:mod:`isacmodel.core.signs`), the workhorse of the
  symbolic checks; a check that calls it declares :data:`SIGN_PROVER` among its ``uses``;
* :func:`relative_gap` is the margin of a strict ordering ``low < high``;
* :func:`levels` is firm i's equilibrium ``(s_i, t_i)``, the scale of its responses;
* :func:`name_check` names a check that a factory made after its claim.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import sympy as sp

from isacmodel.core import signs
from isacmodel.verify.sampling import Sample

__all__ = ["NUMERIC_SLACK", "SIGN_PROVER", "is_positive", "levels", "name_check", "relative_gap"]

#: Relative slack for equalities computed along independent numeric paths.
NUMERIC_SLACK = 1e-9
#: The package functions :func:`is_positive` calls (for the claims' declared ``uses``).
SIGN_PROVER = ("isacmodel.core.signs:admissible_domain", "isacmodel.core.signs:is_positive")


def is_positive(expr: sp.Expr) -> bool:
    """Prove ``expr > 0`` on :func:`isacmodel.core.signs.admissible_domain`, or return False.

    The first step of :func:`isacmodel.core.signs.sign_of` only: numerator and
    denominator, over a common denominator, each expand to a sum of positive terms
    (or both of negative ones).  Undecided is False; no slow :func:`sympy.simplify`.

    Parameters
    ----------
    expr : sympy.Expr

    Returns
    -------
    bool
    """
    return signs.is_positive(expr, signs.admissible_domain(), simplify=False)


def relative_gap(low: np.ndarray, high: np.ndarray) -> np.ndarray:
    """Relative margin of ``low < high``: zero for a tie, NaN only if an input is NaN."""
    scale = np.maximum(np.maximum(np.abs(low), np.abs(high)), 1e-300)
    return (high - low) / scale


def levels(sample: Sample) -> np.ndarray:
    """Firm i's equilibrium ``(s_i, t_i)``, ``(n, 2)``: the scale of its responses."""
    s_i, _, t_i, _ = sample.decisions
    return np.column_stack([s_i, t_i])


def name_check(check: Callable, claim_id: str, doc: str) -> None:
    """Name a check made by a factory after its claim (``prop3.i`` -> ``prop3_i``) and document it.

    Its qualname keeps the factory's, so it says where the check's code is.
    """
    name = claim_id.replace(".", "_").replace("-", "_")
    factory = check.__qualname__.split(".<locals>.")[0]
    check.__name__, check.__qualname__, check.__doc__ = name, f"{factory}.<locals>.{name}", doc
