r"""Section 4's expressions specialised to a specification and compiled.

The general expressions of :mod:`isacmodel.derive.volume` -- the price, firm i's
sharing condition (17) :math:`G_i = \partial p_i/\partial s_i`, its investment condition
(18) :math:`H_i = \partial\pi_i/\partial t_i` of the reduced profit
:math:`b_1 (p_i - F_i)^2 - f(t_i)`, their Jacobians, the margin and eq. (32)'s
derivative -- with the specification's leakage :math:`g`, shape :math:`\phi` and fixed
cost :math:`f(t, 0)` substituted (:func:`specialise`), compiled once per specification
(:func:`compiled_functions`) and evaluated by :func:`call`.  The Newton backend
:mod:`isacmodel.solve.volume_newton` solves with them.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache

import numpy as np
import sympy as sp

from isacmodel.core.compile import compile_expressions
from isacmodel.core.families import BASELINE, Specification, require_specification
from isacmodel.core.model import PARAMETER_FIELDS, SYM
from isacmodel.core.params import ParamsBatch
from isacmodel.derive import bertrand
from isacmodel.derive import volume as derive_volume

__all__ = [
    "as_columns",
    "call",
    "compiled_functions",
    "fixed_cost",
    "parameter_values",
    "phi_lambda",
    "specialise",
    "symmetric_symbols",
]

_FIELDS = (*PARAMETER_FIELDS, "c", "delta_hat")
_PARAMETERS = (*SYM.parameters(), derive_volume.C, derive_volume.DELTA_HAT)
_ARGS = (*_PARAMETERS, SYM.s_i, SYM.s_j, SYM.t_i, SYM.t_j)
_S, _T = sp.Symbol("s_common"), sp.Symbol("t_common")
_X = sp.Symbol("x_phi", positive=True)
_SYMMETRIC_ARGS = (*_PARAMETERS, _S, _T)


def symmetric_symbols() -> tuple[sp.Symbol, sp.Symbol]:
    """Return the common sharing and investment symbols of the symmetric-point functions."""
    return _S, _T


def fixed_cost(spec: Specification = BASELINE) -> sp.Expr:
    r"""Return section 4's fixed cost :math:`f(t_i, 0)` of ``spec`` (no spillover, in ``t_i``).

    Every family of :data:`~isacmodel.core.families.COST_FAMILIES` gives :math:`k t_i^2/2`.
    """
    return require_specification(spec).cost.xreplace({SYM.y_j: 0})


def phi_lambda(spec: Specification) -> sp.Lambda:
    """Return ``spec``'s ``phi`` as a sympy Lambda (of its one free symbol, named ``t``)."""
    (argument,) = [s for s in spec.phi.free_symbols if s.name == "t"] or [_X]
    return sp.Lambda(_X, spec.phi.xreplace({argument: _X}))


def specialise(expr: sp.Expr, spec: Specification = BASELINE) -> sp.Expr:
    r"""Substitute ``spec``'s leakage, :math:`\phi` and :math:`f(t, 0)` into a general expression.

    The general expressions are those of :mod:`isacmodel.solve.volume` (sympy functions
    ``bertrand.g``, ``derive.volume.phi``, ``volume.f``); under the baseline this equals
    :func:`isacmodel.solve.volume.specialise`.
    """
    return _specialise(expr, _key(require_specification(spec)))


def _specialise(expr: sp.Expr, key: tuple[sp.Expr, sp.Lambda, sp.Expr]) -> sp.Expr:
    leakage, phi, cost = key
    x, y = sp.Dummy("x"), sp.Dummy("y")
    lambdas = {
        bertrand.g: sp.Lambda((x, y), leakage.xreplace({SYM.s_i: x, SYM.s_j: y})),
        derive_volume.phi: phi,
        derive_volume.f: sp.Lambda(x, cost.xreplace({SYM.t_i: x})),
    }
    return sp.sympify(expr).subs(lambdas).doit()


def _key(spec: Specification) -> tuple[sp.Expr, sp.Lambda, sp.Expr]:
    """Return what section 4 depends on: leakage, phi and f(t, 0) (cost families share work)."""
    return spec.leakage, phi_lambda(spec), fixed_cost(spec)


def _margin_t() -> sp.Expr:
    r"""Return the general :math:`\partial(p_i - F_i)/\partial t_i`."""
    return sp.diff(derive_volume.price() - derive_volume.marginal_cost("i"), SYM.t_i)


@cache
def _compiled(key: tuple[sp.Expr, sp.Lambda, sp.Expr]) -> dict[str, Callable]:
    """Lambdified conditions, Jacobians and payoffs of one specification (sympy work once)."""

    def specialise(expr: sp.Expr) -> sp.Expr:
        return _specialise(expr, key)

    conditions = [specialise(sp.diff(derive_volume.price(), SYM.s_i)),
                  specialise(derive_volume.first_order_conditions()[1])]  # fmt: skip
    own_order = (SYM.s_i, SYM.t_i, SYM.s_j, SYM.t_j)
    jacobian = [sp.diff(c, v) for c in conditions for v in own_order]
    margin = specialise(derive_volume.price() - derive_volume.marginal_cost("i"))
    cost = specialise(derive_volume.marginal_cost("i"))
    profit = specialise(derive_volume.reduced_profit())
    rhs = [sp.diff(c, derive_volume.DELTA_HAT) for c in conditions]
    eq32 = specialise(sp.diff(_margin_t(), derive_volume.DELTA_HAT))
    point = {SYM.s_i: _S, SYM.s_j: _S, SYM.t_i: _T, SYM.t_j: _T}
    reduced = [c.xreplace(point) for c in conditions]
    newton = [*reduced, *(sp.diff(c, v) for c in reduced for v in (_S, _T))]
    own_newton = [*conditions, *(sp.diff(c, v) for c in conditions for v in (SYM.s_i, SYM.t_i))]

    def symmetric(exprs: list[sp.Expr]) -> Callable:
        return compile_expressions([e.xreplace(point) for e in exprs], _SYMMETRIC_ARGS, cse=True)

    def general(exprs: list[sp.Expr]) -> Callable:
        return compile_expressions(exprs, _ARGS, cse=True)

    return {
        "newton": compile_expressions(newton, _SYMMETRIC_ARGS, cse=True),
        "checks": symmetric([*jacobian, margin, cost]),
        "rhs": symmetric(rhs),
        "eq32": symmetric([eq32]),
        "outcome": symmetric([specialise(derive_volume.price()), margin, profit]),
        "investment": compile_expressions(
            [reduced[1], sp.diff(reduced[1], _T)], _SYMMETRIC_ARGS, cse=True
        ),
        "own newton": general(own_newton),
        "own investment": general([conditions[1], sp.diff(conditions[1], SYM.t_i)]),
        "jacobian": general(jacobian),
        "profit and margin": general([profit, margin]),
    }


def compiled_functions(spec: Specification) -> dict[str, Callable]:
    """Return the compiled functions of ``spec`` by name (sympy work once per specification).

    Symmetric-point functions (arguments: parameters, then common ``s, t``): ``newton``,
    ``checks``, ``rhs``, ``eq32``, ``outcome``, ``investment``; general ones (then
    ``s_i, s_j, t_i, t_j``): ``own newton``, ``own investment``, ``jacobian``,
    ``profit and margin``.
    """
    return _compiled_for(require_specification(spec))


@cache
def _compiled_for(spec: Specification) -> dict[str, Callable]:
    return _compiled(_key(spec))


def parameter_values(batch: ParamsBatch) -> list[np.ndarray]:
    """Return the parameters of section 4 (those of section 2, ``c``, ``hat_delta``) as arrays."""
    return [np.asarray(getattr(batch, name), dtype=float) for name in _FIELDS]


def call(spec: Specification, name: str, values: list[np.ndarray], *decisions) -> np.ndarray:
    """Evaluate a compiled list: ``(entries, *shape)``, the shape of the decisions and values."""
    shape = np.broadcast_shapes(*(np.shape(x) for x in (*values, *decisions)))
    with np.errstate(all="ignore"):
        result = compiled_functions(spec)[name](*values, *decisions)
    return np.array([np.broadcast_to(np.asarray(r, dtype=float), shape) for r in result])


def as_columns(values: list[np.ndarray]) -> list[np.ndarray]:
    """Return the parameter arrays as columns ``(n, 1)``, to broadcast against candidates."""
    return [v[:, None] for v in values]
