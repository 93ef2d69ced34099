r"""Section 2.2: welfare, joint profit, the conditions of Proposition 5's proof, the optima.

Welfare is **derived**, not typed in.  The quadratic utility of Appendix A
(:mod:`isacmodel.derive.consumer`) with a common own-price slope (:math:`d_1 = d_2 = d`,
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
:mod:`isacmodel.derive.bertrand`; :func:`printed_conditions` transcribes eqs.
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

import numpy as np
import sympy as sp

from isacmodel.core.compile import ARGUMENTS, compile_expressions
from isacmodel.core.model import SYM, bertrand_prices, evaluate_at, fixed_cost
from isacmodel.core.regimes import Regime
from isacmodel.derive import bertrand
from isacmodel.derive.consumer import U, derived_demand

__all__ = [
    "REGIMES",
    "collusive_price",
    "consumer_surplus",
    "consumer_surplus_numeric",
    "existence_margin",
    "generic_cubics",
    "gross_utility",
    "gross_utility_numeric",
    "joint_profit",
    "printed_conditions",
    "printed_welfare_eq9",
    "PrintedCondition",
    "producer_surplus",
    "revenue_coefficient",
    "second_stage_comparison_threshold",
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
    checked by substituting it back into :func:`isacmodel.derive.consumer.derived_demand`.

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


def demand_levels() -> dict[sp.Symbol, sp.Expr]:
    shifts = bertrand.demand_shifts()
    return {L_I: SYM.a_i + shifts[SYM.B_i], L_J: SYM.a_j + shifts[SYM.B_j]}


def prices_from_levels() -> tuple[sp.Expr, sp.Expr]:
    """Bertrand prices (21) written with the levels ``L_i, L_j``."""
    p_i, p_j = bertrand_prices()
    levels = {SYM.B_i: L_I - SYM.a_i, SYM.B_j: L_J - SYM.a_j}
    return sp.expand(p_i.subs(levels)), sp.expand(p_j.subs(levels))


def investment_costs() -> tuple[sp.Expr, sp.Expr]:
    f_i = bertrand.f(SYM.t_i, bertrand.general().y_j)
    return f_i, bertrand.f(SYM.t_j, SYM.delta_c * SYM.t_i * SYM.s_i)


@cache
def welfare() -> sp.Expr:
    """Total welfare at the Bertrand prices: gross utility minus both investment costs.

    General ``g`` and ``f``; a function of the parameters and the decisions.
    """
    p_i, p_j = prices_from_levels()
    quantities = (SYM.b1 * p_i, SYM.b1 * p_j)
    f_i, f_j = investment_costs()
    return (gross_utility(*quantities) - f_i - f_j).subs(demand_levels())


@cache
def consumer_surplus() -> sp.Expr:
    """Gross utility minus spending, at the Bertrand prices and quantities."""
    p_i, p_j = prices_from_levels()
    q_i, q_j = SYM.b1 * p_i, SYM.b1 * p_j
    return (gross_utility(q_i, q_j) - p_i * q_i - p_j * q_j).subs(demand_levels())


@cache
def producer_surplus() -> sp.Expr:
    """Both firms' payoffs (4): revenue at the Bertrand prices minus investment costs."""
    return joint_profit()


@cache
def joint_profit() -> sp.Expr:
    """Return the joint-profit ISA's payoff: both firms' payoffs (4) at the Bertrand prices."""
    p_i, p_j = prices_from_levels()
    f_i, f_j = investment_costs()
    return (SYM.b1 * p_i**2 + SYM.b1 * p_j**2 - f_i - f_j).subs(demand_levels())


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
class PrintedCondition(bertrand.PrintedExpression):
    """A first-order condition or expression of section 2.2, printed and derived.

    The fields of :class:`~isacmodel.derive.bertrand.PrintedExpression`, both sides at
    the symmetric point; only the comparison (:attr:`matches`) differs.
    """

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
REGIMES = (Regime.SOCIAL_OPTIMUM, Regime.JOINT_PROFIT, Regime.COLLUSION)


def check_regime(regime: str) -> None:
    if regime not in REGIMES:
        raise ValueError(f"regime must be one of {REGIMES} (got {regime!r})")


def _regime_objective(regime: str) -> sp.Expr:
    """Return a Bertrand-price regime's objective as a function of all decisions (general g, f)."""
    check_regime(regime)
    if regime == Regime.COLLUSION:
        raise ValueError("the collusive regime is defined at symmetric points only")
    return welfare() if regime == Regime.SOCIAL_OPTIMUM else joint_profit()


def regime_price_quantity(regime: str) -> tuple[sp.Expr, sp.Expr]:
    """Return a regime's common price and quantity as functions of the level ``L_i`` (``a + B``)."""
    check_regime(regime)
    if regime == Regime.COLLUSION:
        return collusive_price()
    price = prices_from_levels()[0].subs(L_J, L_I)
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
    check_regime(regime)
    price, quantity = regime_price_quantity(regime)
    if regime == Regime.SOCIAL_OPTIMUM:
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
    _, quantity = regime_price_quantity(regime)
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
    coefficient = compile_expressions(revenue_coefficient(regime), (SYM.b1, SYM.b2))
    with np.errstate(all="ignore"):
        saving = np.where(np.asarray(params.delta_c) > 0, params.rho, 0.0)
        margin = (
            params.k * (1 - saving)
            - coefficient(params.b1, params.b2) * (1 - params.gamma + params.delta_d) ** 2
        )
    return float(margin) if np.ndim(margin) == 0 else margin


# ---------------------------------------------------------------- numerics
_ARGS = ARGUMENTS
_QUANTITIES = sp.symbols("q_i q_j")


@cache
def compiled_numeric(name: str) -> Callable:
    """Compile welfare or consumer surplus at Bertrand prices on the standard arguments.

    The arguments are :data:`~isacmodel.core.compile.ARGUMENTS` (parameters, then
    ``s_i, s_j, t_i, t_j``); ``name`` is ``"welfare"`` or ``"consumer_surplus"``.
    """
    expressions = {"welfare": welfare, "consumer_surplus": consumer_surplus}
    return compile_expressions(bertrand.specialise(expressions[name]()), _ARGS)


@cache
def _gross_utility_function() -> Callable:
    """Compile gross utility at quantities ``q_i, q_j`` (appended to the standard arguments)."""
    expr = bertrand.specialise(gross_utility(*_QUANTITIES).subs(demand_levels()))
    return compile_expressions(expr, (*_ARGS, *_QUANTITIES))


def welfare_numeric(params, s_i, s_j, t_i, t_j) -> np.ndarray:
    """Total welfare at the decisions (numpy, broadcasts); Bertrand prices."""
    return evaluate_at(compiled_numeric("welfare"), params, s_i, s_j, t_i, t_j)


def consumer_surplus_numeric(params, s_i, s_j, t_i, t_j) -> np.ndarray:
    """Consumer surplus at the decisions (numpy, broadcasts); Bertrand prices."""
    return evaluate_at(compiled_numeric("consumer_surplus"), params, s_i, s_j, t_i, t_j)


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
    return revenue_coefficient(regime) * baseline_level() ** 2 - 2 * baseline_cost()


def baseline_level() -> sp.Expr:
    return bertrand.specialise(_symmetric_level()).subs(sp.Symbol("a", positive=True), SYM.a_i)


def baseline_cost() -> sp.Expr:
    return fixed_cost(SYM.delta_c * T * S).subs(SYM.t_i, T)
