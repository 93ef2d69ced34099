r"""Section 2.2: welfare, joint profit, the conditions of Proposition 5's proof, the optima.

Welfare is **derived**, not typed in.  The quadratic utility of Appendix A
(:mod:`isacmodel.consumer`) with a common own-price slope (:math:`d_1 = d_2 = d`,
see the erratum on the common own slope) is inverted to express its parameters
through the demand system (1): :math:`d`, :math:`z` and the appreciations
:math:`r_i` in terms of :math:`b_1`, :math:`b_2` and the demand levels
:math:`a_i + B_i`.  Welfare is then the consumer's gross utility at the Bertrand
quantities minus both firms' investment costs (production is free), and it is
checked against the paper's eq. (9),
:math:`2\int_0^{q^*} (a + B - q)/(b_1 - b_2)\,dq - 2 f(t, \delta_c t s)`, at
symmetric points.  Consumer surplus is gross utility minus spending; producer
surplus is revenue minus investment costs; they add up to welfare.

The joint-profit ISA coordinates ``s`` and ``t`` but not prices, so its payoff is
the sum of the two firms' payoffs (4) at the Bertrand prices.

The derivations use the general leakage ``g`` and cost ``f`` of
:mod:`isacmodel.bertrand`; :func:`printed_conditions` transcribes eqs.
(11)-(14) and (27)-(31) for comparison.  :func:`solve_social_optimum` and
:func:`solve_joint_profit` (and :func:`solve_collusion`, an ISA that also sets a
collusive price) find the symmetric optima after checking that they exist
(:func:`existence_margin`); :func:`solve_regime_batch` solves many points at once;
:func:`solve_nash_no_sharing` is the Bertrand-Nash equilibrium with sharing forced
to zero (Proposition 5(i)).  :func:`sharing_at_fixed_investment` and
:func:`investment_at_fixed_sharing` give each regime's choice with the other one
held fixed, the steps of the proof of Proposition 5(ii).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING, NamedTuple

import numpy as np
import sympy as sp

from . import bertrand
from .consumer import U, derived_demand
from .model import SYM, bertrand_prices, evaluate_at, fixed_cost

if TYPE_CHECKING:
    from .results import BatchEquilibria

__all__ = [
    "PROPOSITION_5_REGIMES",
    "REGIMES",
    "best_investment",
    "best_sharing",
    "collusive_price",
    "consumer_surplus",
    "consumer_surplus_numeric",
    "existence_margin",
    "generic_cubics",
    "gross_utility",
    "gross_utility_numeric",
    "investment_at_fixed_sharing",
    "joint_profit",
    "no_sharing_investment",
    "printed_conditions",
    "printed_welfare_eq9",
    "PrintedCondition",
    "producer_surplus",
    "revenue_coefficient",
    "second_stage_comparison_threshold",
    "sharing_at_fixed_investment",
    "solve_collusion",
    "solve_joint_profit",
    "solve_nash_no_sharing",
    "solve_regime_batch",
    "solve_social_optimum",
    "symmetric",
    "symmetric_objective",
    "utility_parameters",
    "welfare",
    "welfare_coefficient",
    "welfare_numeric",
]

#: The demand levels :math:`a_i + B_i` and :math:`a_j + B_j` as symbols.
L_I, L_J = sp.symbols("L_i L_j")
#: Common sharing and investment at symmetric points.
S, T = sp.Symbol("s", nonnegative=True), sp.Symbol("t", nonnegative=True)
_Q = sp.Symbol("q", nonnegative=True)


@cache
def utility_parameters() -> dict[sp.Symbol, sp.Expr]:
    r"""Invert Appendix A's demand system: ``d``, ``z``, ``r_1``, ``r_2`` from (1).

    The consumer's conditions (19) are :math:`r - D q - p = 0` with
    :math:`D = \begin{pmatrix} d & z \\ z & d \end{pmatrix}` (common own slope), so
    demand is :math:`q = D^{-1}(r - p)`, and (1) says :math:`D^{-1} =
    \begin{pmatrix} b_1 & -b_2 \\ -b_2 & b_1 \end{pmatrix}` and :math:`D^{-1} r =
    (a_i + B_i, a_j + B_j)`.  Inverting gives the utility parameters; the result is
    checked by substituting it back into :func:`isacmodel.consumer.derived_demand`.

    Returns
    -------
    dict
        ``{U.d1: ..., U.d2: ..., U.z: ..., U.r1: ..., U.r2: ...}`` in terms of
        ``b1``, ``b2`` and the levels :data:`L_I`, :data:`L_J`.
    """
    slopes = sp.Matrix([[SYM.b1, -SYM.b2], [-SYM.b2, SYM.b1]])
    d_matrix = sp.simplify(slopes.inv())
    r = sp.simplify(d_matrix * sp.Matrix([L_I, L_J]))
    solution = {U.d1: d_matrix[0, 0], U.d2: d_matrix[1, 1], U.z: d_matrix[0, 1],
                U.r1: r[0], U.r2: r[1]}  # fmt: skip
    q1, q2 = (sp.simplify(q.subs(solution)) for q in derived_demand())
    expected = (
        L_I - SYM.b1 * U.p1 + SYM.b2 * U.p2,
        L_J - SYM.b1 * U.p2 + SYM.b2 * U.p1,
    )
    if sp.simplify(q1 - expected[0]) != 0 or sp.simplify(q2 - expected[1]) != 0:
        raise RuntimeError("the inverted utility parameters do not reproduce demand (1)")
    return solution


def gross_utility(q_i: sp.Expr, q_j: sp.Expr) -> sp.Expr:
    """Consumer's gross utility (utility before spending) at quantities ``(q_i, q_j)``."""
    gross = U.r1 * U.q1 + U.r2 * U.q2 - U.d1 * U.q1**2 / 2 - U.d2 * U.q2**2 / 2
    gross -= U.z * U.q1 * U.q2
    return gross.subs(utility_parameters()).subs({U.q1: q_i, U.q2: q_j})


def _levels() -> dict[sp.Symbol, sp.Expr]:
    shifts = bertrand._demand_shifts()
    return {L_I: SYM.a_i + shifts[SYM.B_i], L_J: SYM.a_j + shifts[SYM.B_j]}


def _prices_from_levels() -> tuple[sp.Expr, sp.Expr]:
    """Bertrand prices (21) written with the levels ``L_i, L_j``."""
    p_i, p_j = bertrand_prices()
    levels = {SYM.B_i: L_I - SYM.a_i, SYM.B_j: L_J - SYM.a_j}
    return sp.expand(p_i.subs(levels)), sp.expand(p_j.subs(levels))


def _costs() -> tuple[sp.Expr, sp.Expr]:
    f_i = bertrand.f(SYM.t_i, bertrand.general().y_j)
    return f_i, bertrand.f(SYM.t_j, SYM.delta_c * SYM.t_i * SYM.s_i)


@cache
def welfare() -> sp.Expr:
    """Total welfare at the Bertrand prices: gross utility minus both investment costs.

    General ``g`` and ``f``; a function of the parameters and the decisions.
    """
    p_i, p_j = _prices_from_levels()
    quantities = (SYM.b1 * p_i, SYM.b1 * p_j)
    f_i, f_j = _costs()
    return (gross_utility(*quantities) - f_i - f_j).subs(_levels())


@cache
def consumer_surplus() -> sp.Expr:
    """Gross utility minus spending, at the Bertrand prices and quantities."""
    p_i, p_j = _prices_from_levels()
    q_i, q_j = SYM.b1 * p_i, SYM.b1 * p_j
    return (gross_utility(q_i, q_j) - p_i * q_i - p_j * q_j).subs(_levels())


@cache
def producer_surplus() -> sp.Expr:
    """Both firms' payoffs (4): revenue at the Bertrand prices minus investment costs."""
    return joint_profit()


@cache
def joint_profit() -> sp.Expr:
    """Return the joint-profit ISA's payoff: both firms' payoffs (4) at the Bertrand prices."""
    p_i, p_j = _prices_from_levels()
    f_i, f_j = _costs()
    return (SYM.b1 * p_i**2 + SYM.b1 * p_j**2 - f_i - f_j).subs(_levels())


def symmetric(expr: sp.Expr) -> sp.Expr:
    """Evaluate at a symmetric point: ``s_i = s_j = s``, ``t_i = t_j = t``, ``a_i = a_j = a``."""
    a = sp.Symbol("a", positive=True)
    substitution = {SYM.s_i: S, SYM.s_j: S, SYM.t_i: T, SYM.t_j: T, SYM.a_i: a, SYM.a_j: a}
    return sp.sympify(expr).subs(substitution).doit()


def _symmetric_level() -> sp.Expr:
    """Return ``a + B`` at a symmetric point, with B of eq. (10)."""
    a = sp.Symbol("a", positive=True)
    g_ss = bertrand.g(S, S)
    return a + T * (1 - SYM.gamma) + SYM.delta_d * T * S - g_ss


def printed_welfare_eq9() -> sp.Expr:
    r"""Return eq. (9) as printed, :math:`2\int_0^{q^*} (a + B - q)/(b_1 - b_2)\,dq - 2 f`.

    Here :math:`f = f(t, \delta_c t s)` and :math:`q^* = b_1 (a + B)/(2 b_1 - b_2)` is the
    Bertrand quantity.
    """
    level = _symmetric_level()
    q_star = SYM.b1 * level / (2 * SYM.b1 - SYM.b2)
    integral = sp.integrate((level - _Q) / (SYM.b1 - SYM.b2), (_Q, 0, q_star))
    return 2 * integral - 2 * bertrand.f(T, SYM.delta_c * T * S)


# ----------------------------------------------------------------- conditions
@dataclass(frozen=True)
class PrintedCondition:
    """A first-order condition or expression of section 2.2, printed and derived.

    Attributes
    ----------
    key : str
    location : str
    name : str
        LaTeX.
    printed : sympy expression
        Transcribed (general ``g``, ``f``; symmetric point).
    derived : sympy expression
        Our derivation at the same symmetric point.
    """

    key: str
    location: str
    name: str
    printed: sp.Expr
    derived: sp.Expr

    @property
    def matches(self) -> bool:
        """Whether ``sympy.simplify(printed - derived) == 0`` for every ``g`` and ``f``.

        sympy writes a derivative of ``g`` at a symmetric point in several equivalent
        ways (``Subs`` objects with different dummies), so both sides are compared
        with ``g`` and ``f`` replaced by :func:`generic_cubics`: all derivatives up to
        order three at the point are then independent symbols, and an identity
        between them holds for any smooth ``g`` and ``f``.
        """
        return sp.simplify(generic_cubics(self.printed - self.derived)) == 0


def generic_cubics(expr: sp.Expr) -> sp.Expr:
    """Replace ``g`` and ``f`` by cubic polynomials with symbolic coefficients, then evaluate.

    Examples
    --------
    >>> generic_cubics(sp.diff(bertrand.g(S, S), S)).subs(S, 0)
    c_01 + c_10
    """
    x, y = sp.symbols("x y")
    powers = [(m, n) for m in range(4) for n in range(4) if m + n <= 3]
    g_cubic = sum(sp.Symbol(f"c_{m}{n}") * x**m * y**n for m, n in powers)
    f_cubic = sum(sp.Symbol(f"e_{m}{n}") * x**m * y**n for m, n in powers)
    lambdas = {bertrand.g: sp.Lambda((x, y), g_cubic), bertrand.f: sp.Lambda((x, y), f_cubic)}
    return sp.sympify(expr).subs(lambdas).doit()


def _symmetric_derivative(expr: sp.Expr, variable: sp.Symbol) -> sp.Expr:
    return sp.diff(symmetric(expr), variable)


@cache
def printed_conditions() -> tuple[PrintedCondition, ...]:
    r"""Transcribe eqs. (11)-(14), (27)-(31) and compare them with the derivations.

    All are at symmetric points (``s_i = s_j = s``, ``t_i = t_j = t``) with the
    paper's :math:`f^i(t, \delta_c t s)`; :math:`f_y` and :math:`f_t` are its partial
    derivatives there.
    """
    b1, b2, dd, dc, gam = SYM.b1, SYM.b2, SYM.delta_d, SYM.delta_c, SYM.gamma
    level = _symmetric_level()
    y = sp.Symbol("y")
    cost = bertrand.f(T, y)
    f_t = sp.diff(cost, T).subs(y, dc * T * S)
    f_y = sp.Subs(sp.Derivative(bertrand.f(T, y), y), y, dc * T * S)
    own, cross = _leakage_slopes()
    db_ds = dd * T - (own + cross)  # eq. (11)
    db_dt = 1 - gam + dd * S
    sw_factor = b1 * level * (3 * b1 - 2 * b2) / ((2 * b1 - b2) ** 2 * (b1 - b2))
    jp_factor = 4 * b1 * level / (2 * b1 - b2) ** 2
    b_sym = level - sp.Symbol("a", positive=True)
    p_si, h_i = bertrand.first_order_conditions()
    d = 4 * b1**2 - b2**2
    rows = [
        ("eq11", "Section 2.2, eq. (11)", r"\partial B/\partial s", db_ds, sp.diff(b_sym, S)),
        ("eq12", "Section 2.2, eq. (12)", r"\text{Nash sharing condition} \times D/b_2",
         dd * T - (2 * b1 / b2 * own + cross), symmetric(p_si) * d / b2),
        ("eq13", "Section 2.2, eq. (13)", r"\partial \Pi_{JP}/\partial s",
         jp_factor * db_ds - 2 * dc * T * f_y, _symmetric_derivative(joint_profit(), S)),
        ("eq14", "Section 2.2, eq. (14)", r"\partial \Pi_{JP}/\partial t",
         jp_factor * db_dt - 2 * (f_t + dc * S * f_y), _symmetric_derivative(joint_profit(), T)),
        ("eq27", "Appendix A, eq. (27)", r"\partial SW/\partial s",
         2 * sw_factor * db_ds - 2 * dc * T * f_y, _symmetric_derivative(welfare(), S)),
        ("eq28", "Appendix A, eq. (28)", r"\tfrac12 \partial SW/\partial t",
         sw_factor * db_dt - (f_t + dc * S * f_y), _symmetric_derivative(welfare(), T) / 2),
        ("eq29", "Appendix A, eq. (29)", r"H \text{ (Nash investment condition)}",
         2 * b1 * level * (2 * b1 + b2 * (dd * S - gam)) / ((2 * b1 - b2) * d) - f_t,
         symmetric(h_i)),
        ("eq30", "Appendix A, eq. (30)", r"\partial \Pi_{JP}/\partial s",
         jp_factor * db_ds - 2 * dc * T * f_y, _symmetric_derivative(joint_profit(), S)),
        ("eq31", "Appendix A, eq. (31)", r"\partial \Pi_{JP}/\partial t",
         jp_factor * (1 - gam + dd * S) - 2 * (f_t + dc * S * f_y),
         _symmetric_derivative(joint_profit(), T)),
    ]  # fmt: skip
    return tuple(PrintedCondition(*row) for row in rows)


def _leakage_slopes() -> tuple[sp.Expr, sp.Expr]:
    r"""Return :math:`\partial g_i/\partial s_i`, :math:`\partial g_i/\partial s_j` (symmetric)."""
    own = sp.diff(bertrand.g(SYM.s_i, SYM.s_j), SYM.s_i)
    cross = sp.diff(bertrand.g(SYM.s_i, SYM.s_j), SYM.s_j)
    return symmetric(own), symmetric(cross)


def second_stage_comparison_threshold() -> sp.Expr:
    r"""Return the bound on :math:`\gamma - \delta_d s` below which (28)'s revenue term wins.

    The proof of Proposition 5 compares the revenue coefficients of (28) and (29)
    through :math:`(3b_1 - 2b_2)(2b_1 + b_2)(1 - \gamma + \delta_d s) > 2(b_1 - b_2)
    (2b_1 + b_2(\delta_d s - \gamma))` and asserts it under :math:`\gamma \le \bar\gamma`.
    The difference is linear in :math:`x = \delta_d s - \gamma`; it is positive exactly
    when :math:`\gamma - \delta_d s` is below the returned expression.
    """
    b1, b2 = SYM.b1, SYM.b2
    x = sp.Symbol("x")
    difference = (3 * b1 - 2 * b2) * (2 * b1 + b2) * (1 + x) - 2 * (b1 - b2) * (2 * b1 + b2 * x)
    (root,) = sp.solve(difference, x)
    return sp.factor(-root)


def collusive_price() -> tuple[sp.Expr, sp.Expr]:
    r"""Symmetric price and quantity if the ISA also coordinated prices (the text's remark).

    Maximises joint revenue :math:`2 p\,(a + B - (b_1 - b_2) p)` over a common price.

    Returns
    -------
    tuple of sympy expressions
        ``(p_JP, q_JP)`` in terms of ``b1``, ``b2`` and the level ``L_i`` (``a + B``).
    """
    p = sp.Symbol("p", positive=True)
    quantity = L_I - (SYM.b1 - SYM.b2) * p
    (price,) = sp.solve(sp.diff(2 * p * quantity, p), p)
    return sp.factor(price), sp.factor(quantity.subs(p, price))


# ------------------------------------------------------- coordinated regimes
#: The coordinated regimes of section 2.2: the planner and the joint-profit ISA
#: (both at Bertrand prices), and an ISA that also sets a collusive common price
#: (the text's remark after Proposition 5).
REGIMES = ("social optimum", "joint profit", "collusion")


def _check_regime(regime: str) -> None:
    if regime not in REGIMES:
        raise ValueError(f"regime must be one of {REGIMES} (got {regime!r})")


def _regime_objective(regime: str) -> sp.Expr:
    """Return a Bertrand-price regime's objective as a function of all decisions (general g, f)."""
    _check_regime(regime)
    if regime == "collusion":
        raise ValueError("the collusive regime is defined at symmetric points only")
    return welfare() if regime == "social optimum" else joint_profit()


def _regime_price_quantity(regime: str) -> tuple[sp.Expr, sp.Expr]:
    """Return a regime's common price and quantity as functions of the level ``L_i`` (``a + B``)."""
    _check_regime(regime)
    if regime == "collusion":
        return collusive_price()
    price = _prices_from_levels()[0].subs(L_J, L_I)
    return sp.factor(price), sp.factor(SYM.b1 * price)


def _coefficient(expr: sp.Expr, what: str) -> sp.Expr:
    coefficient = sp.factor(sp.simplify(expr.subs(L_J, L_I) / L_I**2))
    if coefficient.free_symbols - {SYM.b1, SYM.b2}:
        raise RuntimeError(f"{what} is not a multiple of (a + B)^2: {coefficient}")
    return coefficient


@cache
def revenue_coefficient(regime: str) -> sp.Expr:
    r"""Return the coefficient :math:`c` of a regime's symmetric objective :math:`c (a+B)^2 - 2f`.

    :math:`c_{SW} = b_1 (3 b_1 - 2 b_2)/((2 b_1 - b_2)^2 (b_1 - b_2))` for the planner
    (gross utility at the Bertrand quantities), :math:`c_{JP} = 2 b_1/(2 b_1 - b_2)^2`
    for the joint-profit ISA (revenue at Bertrand prices) and
    :math:`c_{C} = 1/(2 (b_1 - b_2))` for the collusive ISA (revenue at the
    collusive price).
    """
    _check_regime(regime)
    price, quantity = _regime_price_quantity(regime)
    if regime == "social optimum":
        revenue = gross_utility(quantity, quantity)
    else:
        revenue = 2 * price * quantity
    return _coefficient(revenue, f"the {regime} objective")


@cache
def welfare_coefficient(regime: str) -> sp.Expr:
    r"""Return the coefficient :math:`w` of welfare :math:`w (a+B)^2 - 2f` at a regime's prices.

    :math:`w = c_{SW}` at Bertrand prices; with collusive prices the quantities are
    :math:`(a+B)/2` and :math:`w = 3/(4 (b_1 - b_2))`.
    """
    _, quantity = _regime_price_quantity(regime)
    return _coefficient(gross_utility(quantity, quantity), f"welfare under {regime}")


def existence_margin(params, regime: str) -> np.ndarray | float:
    r"""Slack of the condition under which a regime's symmetric problem has a global optimum.

    With linear demand the objective grows like :math:`c\,(1 - \gamma + \delta_d s)^2 t^2`
    and the cost like :math:`k\,t^2 (1 - \rho\,y/(1+y))`, with :math:`y = \delta_c t s^2
    \to \infty`.  The objective is bounded above, and the optimum exists, exactly
    when :math:`k\,(1 - \rho) > c\,(1 - \gamma + \delta_d)^2` (the worst ray is full
    sharing; with :math:`\delta_c = 0` the factor :math:`1 - \rho` is 1).

    Parameters
    ----------
    params : Params or ParamsBatch
    regime : str
        One of :data:`REGIMES`.

    Returns
    -------
    float or numpy.ndarray
        :math:`k (1 - \rho) - c (1 - \gamma + \delta_d)^2`; positive when the optimum exists.
    """
    coefficient = sp.lambdify((SYM.b1, SYM.b2), revenue_coefficient(regime), "numpy")
    with np.errstate(all="ignore"):
        saving = np.where(np.asarray(params.delta_c) > 0, params.rho, 0.0)
        margin = (
            params.k * (1 - saving)
            - coefficient(params.b1, params.b2) * (1 - params.gamma + params.delta_d) ** 2
        )
    return float(margin) if np.ndim(margin) == 0 else margin


# ---------------------------------------------------------------- numerics
_ARGS = (*SYM.parameters(), SYM.s_i, SYM.s_j, SYM.t_i, SYM.t_j)
_QUANTITIES = sp.symbols("q_i q_j")


@cache
def _numeric(name: str):
    """Lambdified welfare or consumer surplus at Bertrand prices, arguments ``_ARGS``."""
    expressions = {"welfare": welfare, "consumer_surplus": consumer_surplus}
    return sp.lambdify(_ARGS, bertrand.specialise(expressions[name]()), "numpy")


@cache
def _gross_utility_function():
    expr = bertrand.specialise(gross_utility(*_QUANTITIES).subs(_levels()))
    return sp.lambdify((*_ARGS, *_QUANTITIES), expr, "numpy")


def welfare_numeric(params, s_i, s_j, t_i, t_j) -> np.ndarray:
    """Total welfare at the decisions (numpy, broadcasts); Bertrand prices."""
    return evaluate_at(_numeric("welfare"), params, s_i, s_j, t_i, t_j)


def consumer_surplus_numeric(params, s_i, s_j, t_i, t_j) -> np.ndarray:
    """Consumer surplus at the decisions (numpy, broadcasts); Bertrand prices."""
    return evaluate_at(_numeric("consumer_surplus"), params, s_i, s_j, t_i, t_j)


def gross_utility_numeric(params, s_i, s_j, t_i, t_j, q_i, q_j) -> np.ndarray:
    """Consumer's gross utility at quantities ``(q_i, q_j)``; the decisions set the demand levels.

    Prices need not be Bertrand prices, so results of any regime (collusive prices
    included) get their welfare from it: gross utility minus both costs.
    """
    function = _gross_utility_function()
    return evaluate_at(lambda *x: function(*x, q_i, q_j), params, s_i, s_j, t_i, t_j)


def symmetric_objective(regime: str) -> sp.Expr:
    r"""Return a regime's objective at symmetric points, with the baseline ``g`` and ``f``.

    Built as :math:`c\,(a + B)^2 - 2 f(t, \delta_c t s)`: every objective is a
    revenue term that depends on the demand levels only, minus both costs
    (:func:`welfare`, :func:`joint_profit`), and :func:`revenue_coefficient` reads
    ``c`` off the revenue term (a test checks the whole objective against this form);
    ``a`` is written ``a_i``.  Symbols ``S``, ``T`` are the common sharing and
    investment.
    """
    return revenue_coefficient(regime) * _baseline_level() ** 2 - 2 * _baseline_cost()


def _baseline_level() -> sp.Expr:
    return bertrand.specialise(_symmetric_level()).subs(sp.Symbol("a", positive=True), SYM.a_i)


def _baseline_cost() -> sp.Expr:
    return fixed_cost(SYM.delta_c * T * S).subs(SYM.t_i, T)


class _RegimeFunctions(NamedTuple):
    objective: Callable
    cubic: Callable  # coefficients of the investment condition times (1 + delta_c s t)^2
    derivatives: Callable  # d/ds, d/dt, d2/ds2, d2/dsdt, d2/dt2
    level: Callable
    price_quantity: Callable
    cost: Callable


@cache
def _symmetric_functions(regime: str) -> _RegimeFunctions:
    """Lambdified objective, its investment condition as a cubic, derivatives, level, cost."""
    objective = symmetric_objective(regime)
    d_t = sp.diff(objective, T)
    cleared = sp.cancel(sp.together(d_t * (1 + SYM.delta_c * S * T) ** 2))
    polynomial = sp.Poly(sp.expand(cleared), T)
    if polynomial.degree() > 3:
        raise RuntimeError(f"expected a cubic investment condition, got {polynomial}")
    coefficients = [polynomial.coeff_monomial(T**n) for n in range(3, -1, -1)]
    derivatives = [sp.diff(objective, S), d_t, sp.diff(objective, S, 2),
                   sp.diff(objective, S, T), sp.diff(objective, T, 2)]  # fmt: skip
    arguments = (*SYM.parameters(), S, T)
    price, quantity = _regime_price_quantity(regime)

    def numeric(expr):
        return sp.lambdify(arguments, expr, "numpy")

    return _RegimeFunctions(
        numeric(objective), numeric(coefficients), numeric(derivatives),
        numeric(_baseline_level()), sp.lambdify((SYM.b1, SYM.b2, L_I), [price, quantity]),
        numeric(_baseline_cost()),
    )  # fmt: skip


def _values(batch) -> list[np.ndarray]:
    from .model import PARAMETER_FIELDS

    return [np.asarray(getattr(batch, field), dtype=float) for field in PARAMETER_FIELDS]


def _aligned(values: list[np.ndarray], array: np.ndarray) -> list[np.ndarray]:
    """Per-entry parameters (axis 0) reshaped to broadcast against ``array`` of shape (n, ...)."""
    return [v.reshape(v.shape + (1,) * (array.ndim - v.ndim)) if v.ndim else v for v in values]


def best_investment(batch, regime: str, sharing) -> tuple[np.ndarray, np.ndarray]:
    r"""Return a regime's global best common investment for given common sharing, and its value.

    The candidates are ``t = 0`` and every positive real root of the investment
    condition, a cubic once multiplied by the positive :math:`(1 + \delta_c s t)^2`;
    the best is exact, not a local search.

    Parameters
    ----------
    batch : ParamsBatch or Params
    regime : str
        One of :data:`REGIMES`.
    sharing : array_like
        Common sharing levels in [0, 1]: shape ``(n,)`` or ``(n, m)`` for a batch of
        ``n`` entries (``m`` levels each), any shape for one :class:`Params`.

    Returns
    -------
    tuple of numpy.ndarray
        ``(t, objective)`` with the broadcast shape.
    """
    from .nash import _batch_real_roots

    functions = _symmetric_functions(regime)
    sharing = np.asarray(sharing, dtype=float)
    values = _aligned(_values(batch), sharing)
    shape = np.broadcast_shapes(sharing.shape, *(v.shape for v in values))
    # the parameters broadcast against the sharing levels instead of being repeated for
    # each: the terms that involve parameters only are computed once per entry
    sharing = np.ascontiguousarray(np.broadcast_to(sharing, shape))
    with np.errstate(all="ignore"):
        rows = [np.broadcast_to(np.asarray(c, dtype=float), shape).ravel()
                for c in functions.cubic(*values, sharing, 0 * sharing)]  # fmt: skip
        roots = _batch_real_roots(np.array(rows).T)  # columns contiguous
    candidates = np.column_stack([np.zeros(len(roots)), roots]).reshape(*shape, -1)
    valid = np.isfinite(candidates) & (candidates >= 0)
    candidates = np.where(valid, candidates, 0.0)
    with np.errstate(all="ignore"):
        payoff = functions.objective(*(v[..., None] for v in (*values, sharing)), candidates)
    payoff = np.where(valid, payoff, -np.inf)
    best = np.argmax(payoff, axis=-1)[..., None]
    return (np.take_along_axis(candidates, best, axis=-1)[..., 0],
            np.take_along_axis(payoff, best, axis=-1)[..., 0])  # fmt: skip


def _golden_section(function, low: np.ndarray, high: np.ndarray, iterations: int) -> np.ndarray:
    """Maximise unimodal functions on ``[low, high]`` (elementwise, vectorised)."""
    ratio = (np.sqrt(5) - 1) / 2
    a, b = low.copy(), high.copy()
    c, d = b - ratio * (b - a), a + ratio * (b - a)
    fc, fd = function(c), function(d)
    for _ in range(iterations):
        left = fc >= fd
        a, b = np.where(left, a, c), np.where(left, d, b)
        c_new, d_new = b - ratio * (b - a), a + ratio * (b - a)
        x = np.where(left, c_new, d_new)
        fx = function(x)
        c, d = np.where(left, c_new, d), np.where(left, c, d_new)
        fc, fd = np.where(left, fx, fd), np.where(left, fc, fx)
    return (a + b) / 2


def best_sharing(batch, regime: str, investment, grid: int = 65) -> np.ndarray:
    """Return a regime's best common sharing in [0, 1] for a given common investment.

    Grid search, then golden-section search between the grid neighbours of the best
    grid point (for the steps of the proof of Proposition 5 that hold ``t`` fixed).

    Parameters
    ----------
    batch : ParamsBatch
    regime : str
        One of :data:`REGIMES`.
    investment : numpy.ndarray
        Common investment, one per entry.
    grid : int
        Grid points on [0, 1].
    """
    functions = _symmetric_functions(regime)
    values = _values(batch)
    t = np.asarray(investment, dtype=float)

    def objective(s: np.ndarray) -> np.ndarray:
        return functions.objective(*_aligned(values, s), s, _aligned([t], s)[0])

    return _maximise_over_sharing(objective, len(t), grid)


def _maximise_over_sharing(objective, n: int, grid: int, iterations: int = 40) -> np.ndarray:
    sharing = np.linspace(0.0, 1.0, grid)
    with np.errstate(all="ignore"):
        best = np.argmax(objective(np.broadcast_to(sharing, (n, grid))), axis=1)
    low = sharing[np.maximum(best - 1, 0)]
    high = sharing[np.minimum(best + 1, grid - 1)]
    with np.errstate(all="ignore"):
        searched = _golden_section(objective, low, high, iterations)
        # golden section never returns an end point exactly: snap to a corner that is
        # at least as good (corners first, so that argmax prefers them on ties)
        candidates = np.column_stack([np.zeros(n), np.ones(n), searched])
        values = objective(candidates)
    return candidates[np.arange(n), np.argmax(values, axis=1)]


def solve_regime_batch(batch, regime: str, grid: int = 65) -> BatchEquilibria:
    """Solve a coordinated regime's symmetric problem for many parameter points.

    For each entry: the existence condition (:func:`existence_margin`); then the
    best common sharing over [0, 1] with the exact best investment for each
    sharing level (:func:`best_investment`): a grid, golden-section search between
    the best grid point's neighbours, and guarded Newton steps on both first-order
    conditions.  Entries that are inadmissible, asymmetric or unbounded, or whose
    optimum fails the second-order conditions, are flagged in ``ok``/``reason``.

    Parameters
    ----------
    batch : ParamsBatch
    regime : str
        One of :data:`REGIMES`.
    grid : int
        Sharing grid points.

    Returns
    -------
    BatchEquilibria
        With ``corner`` set (``"s_i = s_j = 1"`` etc.); ``spectral_radius`` NaN.
    """
    _check_regime(regime)
    n = len(batch)
    reason = batch.violations()
    reason[(reason == "") & (batch.a_i != batch.a_j)] = "asymmetric firms (a_i != a_j)"
    margin = existence_margin(batch, regime)
    reason[(reason == "") & ~(margin > 0)] = "unbounded: k (1 - rho) <= c (1 - gamma + delta_d)^2"
    s = t = np.full(n, np.nan)
    active = reason == ""
    if active.any():
        points = batch.subset(active)
        s_active = _maximise_over_sharing(
            lambda x: best_investment(points, regime, x)[1], len(points), grid
        )
        s_active, t_active = _polish(points, regime, s_active, radius=2 / (grid - 1))
        s, t = s.copy(), t.copy()
        s[active], t[active] = s_active, t_active
    return _regime_result(batch, regime, s, t, reason)


def _polish(points, regime: str, s: np.ndarray, radius: float) -> tuple[np.ndarray, np.ndarray]:
    """Guarded Newton steps on both first-order conditions, from the searched optimum.

    A step is kept only where it stays within ``radius`` of the start (a grid
    spacing), inside the domain, and does not lower the objective: Newton's method
    would otherwise happily converge to a saddle point far away.  Corners
    (``s`` within 1e-9 of 0 or 1) are snapped and keep their exact best investment.
    """
    functions = _symmetric_functions(regime)
    values = _values(points)
    s = np.where(s <= 1e-9, 0.0, np.where(s >= 1 - 1e-9, 1.0, s))
    t = best_investment(points, regime, s)[0]
    interior = (s > 0) & (s < 1)
    start = s.copy()
    for _ in range(8):
        with np.errstate(all="ignore"):
            d_s, d_t, d_ss, d_st, d_tt = (
                np.broadcast_to(np.asarray(v, dtype=float), s.shape)
                for v in functions.derivatives(*values, s, t)
            )
            det = d_ss * d_tt - d_st**2
            step_s = (d_tt * d_s - d_st * d_t) / det
            step_t = (d_ss * d_t - d_st * d_s) / det
            new_s, new_t = s - step_s, t - step_t
            better = functions.objective(*values, new_s, new_t) >= functions.objective(
                *values, s, t
            ) - 1e-14 * np.abs(functions.objective(*values, s, t))
        take = (interior & np.isfinite(new_s) & np.isfinite(new_t) & (new_s > 0) & (new_s < 1)
                & (new_t >= 0) & (np.abs(new_s - start) <= radius) & better)  # fmt: skip
        if not take.any():
            break
        s, t = np.where(take, new_s, s), np.where(take, new_t, t)
    return s, t


def _regime_result(batch, regime: str, s: np.ndarray, t: np.ndarray, reason) -> BatchEquilibria:
    from .results import BatchEquilibria

    functions = _symmetric_functions(regime)
    values = _values(batch)
    good = reason == ""
    s_safe, t_safe = np.where(good, s, 0.5), np.where(good, t, 0.5)
    with np.errstate(all="ignore"):
        d_s, d_t, d_ss, d_st, d_tt = (
            np.broadcast_to(np.asarray(v, dtype=float), (len(batch),))
            for v in functions.derivatives(*values, s_safe, t_safe)
        )
    corner = np.where(s_safe <= 0, "s_i = s_j = 0", np.where(s_safe >= 1, "s_i = s_j = 1", ""))
    interior = corner == ""
    second_order = np.where(interior, (d_ss < 0) & (d_ss * d_tt - d_st**2 > 0), d_tt < 0)
    reason[good & ~second_order] = "second-order conditions fail at the optimum"
    good = reason == ""
    with np.errstate(all="ignore"):  # inadmissible entries are masked below
        level = functions.level(*values, s_safe, t_safe)
        price, quantity = (
            np.broadcast_to(np.asarray(v, dtype=float), (len(batch),))
            for v in functions.price_quantity(batch.b1, batch.b2, level)
        )
        profit = price * quantity - functions.cost(*values, s_safe, t_safe)

    def pair(values: np.ndarray) -> np.ndarray:
        return np.where(good[:, None], np.column_stack([values, values]), np.nan)

    residual = np.where(interior, np.maximum(np.abs(d_s), np.abs(d_t)), np.abs(d_t))
    return BatchEquilibria(
        s=pair(s_safe), t=pair(t_safe), p=pair(price), q=pair(quantity), profit=pair(profit),
        ok=good, reason=reason, spectral_radius=np.full(len(batch), np.nan),
        n_equilibria=good.astype(int), corner=np.where(good, corner, ""),
        residual=np.where(good, residual, np.nan),
    )  # fmt: skip


def _solve_symmetric_regime(params, regime: str):
    """One point of :func:`solve_regime_batch`, as an :class:`~isacmodel.results.Equilibrium`."""
    from .nash import _single
    from .results import Equilibrium, EquilibriumError

    batch = _single(params)
    if params.a_i != params.a_j:
        raise ValueError(
            f"the {regime} is defined for symmetric firms (got a_i={params.a_i}, a_j={params.a_j})"
        )
    result = solve_regime_batch(batch, regime, grid=401)
    if not result.ok[0]:
        margin = existence_margin(params, regime)
        if margin <= 0:
            raise EquilibriumError(
                f"the {regime} problem is unbounded: it needs k (1 - rho) > "
                f"c (1 - gamma + delta_d)^2 (slack {margin:.4g}); raise k or lower rho",
                margin=margin,
            )
        raise EquilibriumError(f"no {regime} optimum: {result.reason[0]}")
    return Equilibrium(
        regime=regime, params=params, s=_pair(result.s), t=_pair(result.t), p=_pair(result.p),
        q=_pair(result.q), profit=_pair(result.profit), corner=str(result.corner[0]),
        residual=float(result.residual[0]), second_order=True, global_best_response=True,
    )  # fmt: skip


def _pair(values: np.ndarray) -> tuple[float, float]:
    return float(values[0, 0]), float(values[0, 1])


def solve_social_optimum(params):
    r"""Solve the planner's symmetric problem at Bertrand prices (eqs. (9), (27)-(28)).

    The global maximum of welfare over :math:`s \in [0, 1]`, :math:`t \ge 0`: for each
    ``s`` on a grid the best ``t`` is found exactly (a cubic), then ``s`` is refined by
    golden-section search and both first-order conditions are polished by Newton
    (:func:`solve_regime_batch` with a 401-point grid).

    Raises
    ------
    EquilibriumError
        If welfare is unbounded (see :func:`existence_margin`).
    ValueError
        If ``a_i != a_j``.
    """
    return _solve_symmetric_regime(params, "social optimum")


def solve_joint_profit(params):
    """Solve the joint-profit ISA's symmetric problem at Bertrand prices (eqs. (13)-(14)).

    Same method and errors as :func:`solve_social_optimum`.
    """
    return _solve_symmetric_regime(params, "joint profit")


def solve_collusion(params):
    """Solve the ISA's problem when it also sets a collusive common price (text after Prop. 5).

    Same method and errors as :func:`solve_social_optimum`; prices and quantities
    of the result are the collusive ones, and its ``welfare`` is computed at them.
    """
    return _solve_symmetric_regime(params, "collusion")


# ------------------------------------------- the steps of the proof of Prop. 5
#: The regimes compared in Proposition 5: the market (Bertrand-Nash) and the two
#: coordinated regimes at Bertrand prices.
PROPOSITION_5_REGIMES = ("nash", "joint profit", "social optimum")


def sharing_at_fixed_investment(batch, regime: str, investment) -> np.ndarray:
    """Return the common sharing a regime chooses when the common investment is held fixed.

    For ``"nash"`` it is the symmetric solution of the sharing condition (5) at
    ``t_i = t_j = t`` (linear in the common sharing with the quadratic leakage, so
    two evaluations give it), clipped to [0, 1]; for the coordinated regimes it is
    the maximiser of the objective over [0, 1] (:func:`best_sharing`).

    Parameters
    ----------
    batch : ParamsBatch
    regime : str
        ``"nash"`` or one of :data:`REGIMES`.
    investment : numpy.ndarray
        Common investment, one per entry.
    """
    t = np.asarray(investment, dtype=float)
    if regime != "nash":
        return best_sharing(batch, regime, t)
    from .nash import _evaluate

    at_zero = _evaluate("conditions", batch, 0 * t, 0 * t, t, t)[0]
    at_one = _evaluate("conditions", batch, 0 * t + 1, 0 * t + 1, t, t)[0]
    with np.errstate(all="ignore"):
        root = at_zero / (at_zero - at_one)
    return np.clip(np.where(at_zero > 0, np.where(at_one < 0, root, 1.0), 0.0), 0.0, 1.0)


def investment_at_fixed_sharing(batch, regime: str, sharing) -> np.ndarray:
    r"""Return the common investment a regime chooses when the common sharing is held fixed.

    For ``"nash"`` it is the lowest positive symmetric solution of the investment
    condition (6) at ``s_i = s_j = s``: with the baseline cost the condition times
    :math:`1 + \delta_c s t` is a quadratic in the common ``t`` (three evaluations
    give it), positive at ``t = 0``; NaN if it has no positive root.  For the
    coordinated regimes it is the exact best investment (:func:`best_investment`).

    Parameters
    ----------
    batch : ParamsBatch
    regime : str
        ``"nash"`` or one of :data:`REGIMES`.
    sharing : numpy.ndarray
        Common sharing, one per entry.
    """
    s = np.asarray(sharing, dtype=float)
    if regime != "nash":
        return best_investment(batch, regime, s)[0]
    from .nash import _batch_real_roots, _evaluate

    def cleared(t: float) -> np.ndarray:
        h = _evaluate("conditions", batch, s, s, 0 * s + t, 0 * s + t)[1]
        return h * (1 + batch.delta_c * s * t)

    h0, h1, h2 = cleared(0.0), cleared(1.0), cleared(2.0)
    quadratic = (h2 - 2 * h1 + h0) / 2
    roots = _batch_real_roots(np.column_stack([quadratic, h1 - h0 - quadratic, h0]))
    with np.errstate(invalid="ignore"):
        positive = np.where(roots > 0, roots, np.inf)
    lowest = positive.min(axis=1)
    return np.where(np.isfinite(lowest) & (h0 > 0), lowest, np.nan)


def no_sharing_investment(batch) -> tuple[np.ndarray, np.ndarray]:
    """Return the no-sharing equilibrium's common investment for many points, and ``dH_i/dt_i``.

    With :math:`s_i = s_j = 0` there is no spillover, so the investment condition at
    a common investment ``t`` is linear in ``t``: two evaluations give its root.

    Parameters
    ----------
    batch : ParamsBatch

    Returns
    -------
    tuple of numpy.ndarray
        ``(t, own_slope)``; ``t`` is NaN where the own slope is not negative (no
        best response: the payoff is not concave in own investment).
    """
    from .nash import _evaluate

    n = len(batch)
    zero, one = np.zeros(n), np.ones(n)
    at_zero = _evaluate("conditions", batch, zero, zero, zero, zero)[1]
    at_one = _evaluate("conditions", batch, zero, zero, one, one)[1]
    own_slope = _evaluate("jacobian", batch, zero, zero, one, one)[5]  # dH_i/dt_i
    slope = at_one - at_zero
    with np.errstate(all="ignore"):
        t = np.where((own_slope < 0) & (slope < 0), -at_zero / slope, np.nan)
    return t, own_slope


def solve_nash_no_sharing(params):
    r"""Solve for the symmetric Bertrand-Nash equilibrium with sharing forced to zero.

    Used by Proposition 5(i).  Without sharing there is no spillover, so the
    investment condition is linear in the common investment (one root); each
    firm's payoff is concave in its own investment when
    :math:`k > 2 b_1 (\partial p_i/\partial t_i)^2`, which is checked, so the root is
    each firm's global best response.

    Raises
    ------
    EquilibriumError
        If the payoff is not concave in own investment (no best response).
    ValueError
        If ``a_i != a_j``.
    """
    from .model import price_numeric, profit_numeric
    from .nash import _evaluate, _single
    from .results import Equilibrium, EquilibriumError

    if params.a_i != params.a_j:
        raise ValueError(
            f"the no-sharing equilibrium is symmetric (got a_i={params.a_i}, a_j={params.a_j})"
        )
    batch = _single(params)
    (t,), (own_slope,) = no_sharing_investment(batch)
    if not np.isfinite(t):
        raise EquilibriumError(
            "no investment best response without sharing: each firm's payoff is not concave "
            f"in its own investment (dH_i/dt_i = {own_slope:.4g}); raise k",
            own_slope=own_slope,
        )
    t = float(t)
    price = float(price_numeric(params, 0.0, 0.0, t, t))
    profit = float(profit_numeric(params, 0.0, 0.0, t, t))
    one = np.ones(1)
    rival_slope = _evaluate("jacobian", batch, 0 * one, 0 * one, one, one)[7, 0]  # dH_i/dt_j
    return Equilibrium(
        regime="nash, no sharing", params=params, s=(0.0, 0.0), t=(t, t), p=(price, price),
        q=(params.b1 * price, params.b1 * price), profit=(profit, profit),
        corner="s_i = s_j = 0 (imposed)", residual=0.0, second_order=True,
        spectral_radius=abs(rival_slope / own_slope), global_best_response=True,
    )  # fmt: skip
