r"""Functional-form families for the robustness atlas, each checked for what the paper assumes.

The paper proves its results for a general investment cost :math:`f(t_i, y_j)`, leakage
:math:`g_i(s_i, s_j)` and, in section 4, a volume-cost shape :math:`\phi(t)`, under
sign assumptions only; every number of the book uses one baseline of each
(DESIGN.md).  This module offers a small menu of alternatives:

* :data:`COST_FAMILIES` -- ``baseline`` :math:`\tfrac{k}{2}t^2(1 - \rho y/(1+y))`,
  ``hyperbolic`` :math:`k t^2/(2(1+y))`, ``exponential`` :math:`\tfrac{k}{2}t^2 e^{-y}`
  and ``capped-exponential`` :math:`\tfrac{k}{2}t^2(1 - \rho(1 - e^{-y}))`;
* :data:`LEAKAGE_FAMILIES` -- ``quadratic`` (eq. 2) and ``cosh``
  :math:`2\gamma_1(\cosh s_i - 1) - \gamma_2 s_j^2 - \gamma_3 s_i s_j`, whose own
  leakage grows faster than quadratically;
* :data:`PHI_FAMILIES` -- ``quadratic`` :math:`1 + t^2/2` and ``cosh`` :math:`\cosh t`.

Each family is a sympy expression in the model's symbols (:data:`~isacmodel.core.model.SYM`,
with ``y_j`` the cost spillover and ``t_i`` the own investment).  :func:`check_family`
proves every assumed sign with sympy on the stated domain, and where sympy cannot
decide, checks it on a dense grid of that domain (the check says which).
:func:`specification` builds a :class:`Specification` from family names or sympy
expressions and refuses one that violates an assumption, naming it.  Nothing typed by a
user is evaluated as code: families are picked by name or passed as sympy expressions.

>>> specification(cost="hyperbolic").cost_name
'hyperbolic'
>>> specification(cost=SYM.k / 2 * SYM.t_i**2 * (1 + SYM.y_j))  # doctest: +ELLIPSIS
Traceback (most recent call last):
...
ValueError: the cost family k*t_i**2*(y_j + 1)/2 violates f_y < 0 (... checked by sympy ...)
"""

from __future__ import annotations

from dataclasses import dataclass

import sympy as sp

from isacmodel.core.model import SYM, fixed_cost, leakage
from isacmodel.core.properties import PHI_ARGUMENT, PropertyCheck, check_properties

__all__ = [
    "BASELINE",
    "COST_FAMILIES",
    "LEAKAGE_FAMILIES",
    "PHI_FAMILIES",
    "FamilyCheck",
    "PropertyCheck",
    "Specification",
    "check_family",
    "require_specification",
    "specification",
]

_T = PHI_ARGUMENT  # phi's argument

#: Investment-cost families f(t_i, y_j).
COST_FAMILIES: dict[str, sp.Expr] = {
    "baseline": fixed_cost(),
    "hyperbolic": SYM.k * SYM.t_i**2 / (2 * (1 + SYM.y_j)),
    "exponential": SYM.k / 2 * SYM.t_i**2 * sp.exp(-SYM.y_j),
    "capped-exponential": SYM.k / 2 * SYM.t_i**2 * (1 - SYM.rho * (1 - sp.exp(-SYM.y_j))),
}
#: Leakage families g_i(s_i, s_j).
LEAKAGE_FAMILIES: dict[str, sp.Expr] = {
    "quadratic": leakage(),
    "cosh": 2 * SYM.gamma1 * (sp.cosh(SYM.s_i) - 1)
    - SYM.gamma2 * SYM.s_j**2
    - SYM.gamma3 * SYM.s_i * SYM.s_j,
}
#: Volume-cost shapes phi(t) of section 4 (in the symbol ``t``).
PHI_FAMILIES: dict[str, sp.Expr] = {"quadratic": 1 + _T**2 / 2, "cosh": sp.cosh(_T)}


#: The record of one checked property (the name the family menu used).
FamilyCheck = PropertyCheck


@dataclass(frozen=True)
class Specification:
    """A choice of cost, leakage and volume-cost families (every assumption checked).

    Build it with :func:`specification`, which refuses a family that violates an
    assumption.
    """

    cost_name: str
    leakage_name: str
    phi_name: str
    cost: sp.Expr
    leakage: sp.Expr
    phi: sp.Expr

    @property
    def name(self) -> str:
        """A short label, e.g. ``"f=hyperbolic, g=quadratic"`` (phi only when not quadratic)."""
        label = f"f={self.cost_name}, g={self.leakage_name}"
        return label if self.phi_name == "quadratic" else f"{label}, phi={self.phi_name}"

    @property
    def is_baseline(self) -> bool:
        """Whether this is DESIGN.md's baseline specification."""
        return (self.cost_name, self.leakage_name, self.phi_name) == (
            "baseline", "quadratic", "quadratic")  # fmt: skip


def _family(kind: str, choice: str | sp.Expr, menu: dict[str, sp.Expr]) -> tuple[str, sp.Expr]:
    if isinstance(choice, str):
        if choice not in menu:
            raise ValueError(f"unknown {kind} family {choice!r}; choose one of {sorted(menu)}")
        return choice, menu[choice]
    if not isinstance(choice, sp.Expr):
        raise TypeError(f"a {kind} family is a name or a sympy expression, got {type(choice)}")
    return str(choice), choice


def require_specification(spec: object) -> Specification:
    """Return ``spec`` if it is a :class:`Specification`, else raise a TypeError naming it."""
    if not isinstance(spec, Specification):
        raise TypeError(
            "spec must be an isacmodel.core.families.Specification (build one with "
            f"specs.specification(...)), got {type(spec).__name__}"
        )
    return spec


def specification(
    cost: str | sp.Expr = "baseline",
    leakage: str | sp.Expr = "quadratic",
    phi: str | sp.Expr = "quadratic",
) -> Specification:
    """Pick families by name from the menus, or pass sympy expressions.

    Parameters
    ----------
    cost, leakage, phi : str or sympy expression
        A family name (:data:`COST_FAMILIES`, :data:`LEAKAGE_FAMILIES`,
        :data:`PHI_FAMILIES`) or an expression in the model's symbols (``phi`` in the
        symbol ``t``).

    Returns
    -------
    Specification

    Raises
    ------
    ValueError
        If a name is unknown or a family violates a property the paper assumes (the
        message names the property and how it was checked).
    """
    chosen = {
        "cost": _family("cost", cost, COST_FAMILIES),
        "leakage": _family("leakage", leakage, LEAKAGE_FAMILIES),
        "phi": _family("phi", phi, PHI_FAMILIES),
    }
    for kind, (name, expression) in chosen.items():
        for check in check_family(kind, expression):
            if not check.holds:
                raise ValueError(
                    f"the {kind} family {name} violates {check.name} (the paper assumes it; "
                    f"checked by {check.method} on {check.domain})"
                )
    return Specification(
        cost_name=chosen["cost"][0], leakage_name=chosen["leakage"][0],
        phi_name=chosen["phi"][0], cost=chosen["cost"][1], leakage=chosen["leakage"][1],
        phi=chosen["phi"][1],
    )  # fmt: skip


#: DESIGN.md's baseline specification.
BASELINE = Specification("baseline", "quadratic", "quadratic", COST_FAMILIES["baseline"],
                         LEAKAGE_FAMILIES["quadratic"], PHI_FAMILIES["quadratic"])  # fmt: skip


def check_family(kind: str, expression: sp.Expr) -> tuple[PropertyCheck, ...]:
    """Check every sign property the paper assumes of one family.

    The one checker of :mod:`isacmodel.core.properties` (which the model chapter's
    baseline table uses too); cached there.

    Parameters
    ----------
    kind : {"cost", "leakage", "phi"}
    expression : sympy expression

    Returns
    -------
    tuple of PropertyCheck

    Raises
    ------
    TypeError
        If ``expression`` is not a sympy expression: a string is refused, not parsed
        (sympy parses strings with ``eval``), as :func:`specification` does.
    """
    if not isinstance(expression, sp.Expr):
        raise TypeError(
            f"expression must be a sympy expression, not parsed from a string "
            f"(got {type(expression).__name__}: {expression!r:.60})"
        )
    return check_properties(kind, expression)
