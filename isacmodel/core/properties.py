r"""The properties the paper assumes of the cost ``f``, the leakage ``g`` and ``phi``, checked once.

The paper proves its results for any investment cost :math:`f(t_i, y_j)` and leakage
:math:`g_i(s_i, s_j)` (and, in section 4, volume-cost shape :math:`\phi(t)`) with the
signs it assumes: :math:`f_t > 0`, :math:`f_y < 0`, :math:`f_t(0, y) = 0`,
:math:`f_{ty} < 0`, :math:`f_{tt} > 0`; ``g`` increasing in the own sharing level and
decreasing in the rival's, :math:`g_{s_i s_i} > 0`, :math:`g_{s_j s_j} \le 0`,
:math:`g_{s_i s_j} \le 0`, own effects larger than cross effects; ``phi`` positive,
increasing and convex.  :func:`check_properties` checks them for one expression: each
sign is proved by :func:`~isacmodel.core.signs.sign_of` on
:func:`~isacmodel.core.signs.positive_domain`, and where sympy cannot decide, checked
at every point of a dense grid of the domain (the check says which).  The baseline
table of the model chapter (:func:`isacmodel.core.model.assumed_properties`) and the
family menu (:func:`isacmodel.core.families.check_family`) both call it.

>>> from isacmodel.core.symbols import SYM
>>> [c.holds for c in check_properties("cost", SYM.k / 2 * SYM.t_i**2 / (1 + SYM.y_j))]
[True, True, True, True, True]
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import numpy as np
import sympy as sp

from isacmodel.core.compile import compile_expressions
from isacmodel.core.signs import positive_domain, sign_of
from isacmodel.core.symbols import SYM, swap_firms

__all__ = ["FUNCTIONS", "GRID_POINTS", "PHI_ARGUMENT", "PropertyCheck", "check_properties"]

#: The argument of the volume-cost shape phi(t) of section 4.
PHI_ARGUMENT = sp.Symbol("t", positive=True)
#: The function each kind of family is, as the paper writes it.
FUNCTIONS = {"cost": "f", "leakage": "g", "phi": "phi"}
#: Points per axis of the grid that decides what sympy cannot.
GRID_POINTS = 41
_F_DOMAIN = "t > 0, y > 0, 0 < rho < 1"


@dataclass(frozen=True)
class PropertyCheck:
    """One sign property the paper assumes of ``f``, ``g`` or ``phi``, checked.

    Attributes
    ----------
    function : str
        ``"f"``, ``"g"`` or ``"phi"``.
    name : str
        The property, e.g. ``"f_ty < 0"``.
    expression : sympy expression
        The expression whose sign is claimed (the derivative, at symmetric sharing
        ``s_i = s_j = s`` where the property says so).
    holds : bool
        Whether the sign holds on the domain.
    domain : str
        Where the sign is claimed.
    method : str
        ``"sympy"`` (proved or disproved symbolically) or ``"grid"`` (sympy could not
        decide; checked at every point of a dense grid of the domain).
    """

    function: str
    name: str
    expression: sp.Expr
    holds: bool
    domain: str
    method: str = "sympy"


@cache
def check_properties(kind: str, expression: sp.Expr) -> tuple[PropertyCheck, ...]:
    """Check every sign property the paper assumes of one cost, leakage or phi.

    Parameters
    ----------
    kind : {"cost", "leakage", "phi"}
    expression : sympy expression
        In the model's symbols (``t_i``, ``y_j`` for a cost; ``s_i``, ``s_j`` for a
        leakage; :data:`PHI_ARGUMENT` for phi).

    Returns
    -------
    tuple of PropertyCheck
    """
    properties = {"cost": _cost_properties, "leakage": _leakage_properties,
                  "phi": _phi_properties}  # fmt: skip
    if kind not in properties:
        raise ValueError(f"kind must be one of {sorted(properties)}, got {kind!r}")
    return tuple(
        _check(FUNCTIONS[kind], name, derivative, sign, domain, grid)
        for name, derivative, sign, domain, grid in properties[kind](expression)
    )


def _cost_properties(f: sp.Expr) -> list[tuple]:
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


def _leakage_properties(g: sp.Expr) -> list[tuple]:
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


def _phi_properties(phi: sp.Expr) -> list[tuple]:
    t = PHI_ARGUMENT
    grid = {t: (0.01, 3.0)}
    return [
        ("phi > 0", phi, "positive", "t > 0", grid),
        ("phi' > 0", sp.diff(phi, t), "positive", "t > 0", grid),
        ("phi'' > 0", sp.diff(phi, t, 2), "positive", "t > 0", grid),
    ]


def _check(
    function: str, name: str, expression: sp.Expr, sign: str, domain: str, grid: dict
) -> PropertyCheck:
    proved = sign_of(expression, sign, positive_domain())
    if proved is not None:
        return PropertyCheck(function, name, expression, proved, domain, "sympy")
    holds = _grid_sign(expression, sign, grid)
    return PropertyCheck(function, name, expression, holds, domain, "grid")


def _grid_sign(expression: sp.Expr, sign: str, grid: dict) -> bool:
    """Check the sign at every point of a dense grid (and with gamma_1 > gamma_2 + gamma_3)."""
    symbols = sorted(sp.sympify(expression).free_symbols, key=str)
    missing = [symbol for symbol in symbols if symbol not in grid]
    if missing:
        raise ValueError(f"no grid range for {missing} in {expression}")
    axes = [np.linspace(*grid[symbol], GRID_POINTS if grid[symbol][0] != grid[symbol][1] else 1)
            for symbol in symbols]  # fmt: skip
    mesh = [axis.ravel() for axis in np.meshgrid(*axes, indexing="ij")]
    values = dict(zip(symbols, mesh, strict=True))
    if SYM.gamma1 in values:  # the leakage assumption gamma_1 > gamma_2 + gamma_3
        values[SYM.gamma1] = (values[SYM.gamma1] + values.get(SYM.gamma2, 0)
                              + values.get(SYM.gamma3, 0))  # fmt: skip
    result = np.broadcast_to(
        compile_expressions(expression, symbols)(*(values[s] for s in symbols)), mesh[0].shape
    ) if symbols else np.array([float(expression)])  # fmt: skip
    tolerance = 1e-12
    return bool({"positive": np.all(result > 0), "negative": np.all(result < 0),
                 "zero": np.all(np.abs(result) <= tolerance),
                 "nonpositive": np.all(result <= tolerance)}[sign])  # fmt: skip
