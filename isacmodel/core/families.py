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
from functools import cache

import numpy as np
import sympy as sp

from isacmodel.core.model import SYM, fixed_cost, leakage, swap_firms

__all__ = [
    "BASELINE",
    "COST_FAMILIES",
    "LEAKAGE_FAMILIES",
    "PHI_FAMILIES",
    "FamilyCheck",
    "Specification",
    "check_family",
    "require_specification",
    "specification",
]

_T = sp.Symbol("t", positive=True)  # phi's argument

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

_F_DOMAIN = "t > 0, y > 0, 0 < rho < 1"
_GRID_POINTS = 41


@dataclass(frozen=True)
class FamilyCheck:
    """One assumed property of one family.

    Attributes
    ----------
    name : str
        The property, e.g. ``"f_ty < 0"``.
    holds : bool
    method : str
        ``"sympy"`` (proved or disproved symbolically) or ``"grid"`` (sympy could not
        decide; checked at every point of a dense grid of the domain).
    domain : str
    """

    name: str
    holds: bool
    method: str
    domain: str


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


@cache
def check_family(kind: str, expression: sp.Expr) -> tuple[FamilyCheck, ...]:
    """Check every sign property the paper assumes of one family.

    Parameters
    ----------
    kind : {"cost", "leakage", "phi"}
    expression : sympy expression

    Returns
    -------
    tuple of FamilyCheck
    """
    properties = {"cost": _cost_properties, "leakage": _leakage_properties,
                  "phi": _phi_properties}  # fmt: skip
    if kind not in properties:
        raise ValueError(f"kind must be one of {sorted(properties)}, got {kind!r}")
    return tuple(
        _check(name, derivative, sign, domain, grid)
        for name, derivative, sign, domain, grid in properties[kind](expression)
    )


def _cost_properties(f: sp.Expr):
    t, y = SYM.t_i, SYM.y_j
    f_t = sp.diff(f, t)
    grid = {t: (0.05, 3.0), y: (0.01, 5.0), SYM.rho: (0.01, 0.99), SYM.k: (1.0, 40.0)}
    zero_t = {**grid, t: (0.0, 0.0)}
    return [
        ("f_t > 0", f_t, "positive", _F_DOMAIN, grid),
        ("f_y < 0", sp.diff(f, y), "negative", _F_DOMAIN, grid),
        ("f_t(0, y) = 0", f_t.subs(t, 0), "zero", "y >= 0", zero_t),
        ("f_ty < 0", sp.diff(f, t, y), "negative", _F_DOMAIN, grid),
        ("f_tt > 0", sp.diff(f, t, 2), "positive", _F_DOMAIN, grid),
    ]


def _leakage_properties(g: sp.Expr):
    s = sp.Symbol("s", positive=True)
    own, cross = sp.diff(g, SYM.s_i), sp.diff(g, SYM.s_j)
    rival2 = sp.diff(swap_firms(g), SYM.s_i, 2)
    symmetric = {SYM.s_i: s, SYM.s_j: s}
    gammas = {SYM.gamma1: (0.02, 0.5), SYM.gamma2: (0.0, 0.45), SYM.gamma3: (0.0, 0.45)}
    grid = {**gammas, SYM.s_i: (0.0, 1.0), SYM.s_j: (0.0, 1.0)}
    at_s = {**gammas, s: (0.01, 1.0)}
    domain = "0 <= s <= 1, gamma_1 > gamma_2 + gamma_3, gamma_2, gamma_3 >= 0"
    return [
        ("g_si > 0 at s_i = s_j > 0", own.xreplace(symmetric), "positive", domain, at_s),
        ("g_sj <= 0 at s_i = s_j > 0", cross.xreplace(symmetric), "nonpositive", domain, at_s),
        ("g_sisi > 0", sp.diff(g, SYM.s_i, 2), "positive", domain, grid),
        ("g_sjsj <= 0", sp.diff(g, SYM.s_j, 2), "nonpositive", domain, grid),
        ("g_sisj <= 0", sp.diff(g, SYM.s_i, SYM.s_j), "nonpositive", domain, grid),
        ("abs(g_si) > abs(g_sj) at s_i = s_j > 0", (own + cross).xreplace(symmetric),
         "positive", domain, at_s),
        ("abs(g_i,sisi) > abs(g_j,sisi)", sp.diff(g, SYM.s_i, 2) + rival2, "positive", domain,
         grid),
    ]  # fmt: skip


def _phi_properties(phi: sp.Expr):
    grid = {_T: (0.01, 3.0)}
    return [
        ("phi > 0", phi, "positive", "t > 0", grid),
        ("phi' > 0", sp.diff(phi, _T), "positive", "t > 0", grid),
        ("phi'' > 0", sp.diff(phi, _T, 2), "positive", "t > 0", grid),
    ]


def _check(name: str, expression, sign: str, domain: str, grid: dict) -> FamilyCheck:
    proved = _sympy_sign(expression, sign)
    if proved is not None:
        return FamilyCheck(name, proved, "sympy", domain)
    return FamilyCheck(name, _grid_sign(expression, sign, grid), "grid", domain)


def _positive_domain() -> dict:
    """Strictly positive stand-ins, with rho < 1 and gamma_1 > gamma_2 + gamma_3."""
    pos = {name: sp.Symbol(name, positive=True) for name in ("t", "y", "r", "g", "g2", "g3", "s")}
    return {
        SYM.t_i: pos["t"], SYM.y_j: pos["y"], SYM.rho: 1 / (1 + pos["r"]),
        SYM.gamma2: pos["g2"], SYM.gamma3: pos["g3"],
        SYM.gamma1: pos["g2"] + pos["g3"] + pos["g"],
    }  # fmt: skip


def _sympy_sign(expression, sign: str) -> bool | None:
    """Return True or False when sympy decides the sign on the positive domain, else None."""
    value = sp.simplify(sp.sympify(expression).xreplace(_positive_domain()))
    holds = {"positive": value.is_positive, "negative": value.is_negative,
             "zero": value.is_zero, "nonpositive": value.is_nonpositive}[sign]  # fmt: skip
    if holds is None and sign == "nonpositive" and value.is_positive:
        return False
    return holds


def _grid_sign(expression, sign: str, grid: dict) -> bool:
    """Check the sign at every point of a dense grid (and with gamma_1 > gamma_2 + gamma_3)."""
    symbols = sorted(sp.sympify(expression).free_symbols, key=str)
    missing = [symbol for symbol in symbols if symbol not in grid]
    if missing:
        raise ValueError(f"no grid range for {missing} in {expression}")
    axes = [np.linspace(*grid[symbol], _GRID_POINTS if grid[symbol][0] != grid[symbol][1] else 1)
            for symbol in symbols]  # fmt: skip
    mesh = [axis.ravel() for axis in np.meshgrid(*axes, indexing="ij")]
    values = dict(zip(symbols, mesh, strict=True))
    if SYM.gamma1 in values:  # the leakage assumption gamma_1 > gamma_2 + gamma_3
        values[SYM.gamma1] = (values[SYM.gamma1] + values.get(SYM.gamma2, 0)
                              + values.get(SYM.gamma3, 0))  # fmt: skip
    result = np.broadcast_to(
        sp.lambdify(symbols, expression, "numpy")(*(values[s] for s in symbols)), mesh[0].shape
    ) if symbols else np.array([float(expression)])  # fmt: skip
    tolerance = 1e-12
    return bool({"positive": np.all(result > 0), "negative": np.all(result < 0),
                 "zero": np.all(np.abs(result) <= tolerance),
                 "nonpositive": np.all(result <= tolerance)}[sign])  # fmt: skip
