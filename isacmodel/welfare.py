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
:func:`solve_joint_profit` find the symmetric optima after checking that they
exist (:func:`existence_margin`); :func:`solve_nash_no_sharing` is the
Bertrand-Nash equilibrium with sharing forced to zero (Proposition 5(i)).  Still to
come for section 2.2: batch forms, the claims of Proposition 5(ii) and of the
collusion remark (5(i) is in the registry), and the chapter.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import numpy as np
import sympy as sp

from . import bertrand
from .consumer import U, derived_demand
from .model import SYM, bertrand_prices, evaluate_at, fixed_cost

__all__ = [
    "PrintedCondition",
    "REGIMES",
    "collusive_price",
    "consumer_surplus",
    "consumer_surplus_numeric",
    "existence_margin",
    "generic_cubics",
    "gross_utility",
    "joint_profit",
    "no_sharing_investment",
    "printed_conditions",
    "printed_welfare_eq9",
    "producer_surplus",
    "revenue_coefficient",
    "second_stage_comparison_threshold",
    "symmetric_objective",
    "solve_joint_profit",
    "solve_nash_no_sharing",
    "solve_social_optimum",
    "symmetric",
    "utility_parameters",
    "welfare",
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
#: The two coordinated regimes of section 2.2 and their objectives.
REGIMES = ("social optimum", "joint profit")


def _regime_objective(regime: str) -> sp.Expr:
    if regime not in REGIMES:
        raise ValueError(f"regime must be one of {REGIMES} (got {regime!r})")
    return welfare() if regime == "social optimum" else joint_profit()


@cache
def revenue_coefficient(regime: str) -> sp.Expr:
    r"""Return the coefficient :math:`c` of a regime's symmetric objective :math:`c (a+B)^2 - 2f`.

    :math:`c_{SW} = b_1 (3 b_1 - 2 b_2)/((2 b_1 - b_2)^2 (b_1 - b_2))` for the planner
    and :math:`c_{JP} = 2 b_1/(2 b_1 - b_2)^2` for the joint-profit ISA.
    """
    _regime_objective(regime)  # validates the name
    p_i, p_j = _prices_from_levels()
    revenue = {
        "social optimum": gross_utility(SYM.b1 * p_i, SYM.b1 * p_j),
        "joint profit": SYM.b1 * p_i**2 + SYM.b1 * p_j**2,
    }[regime]
    coefficient = sp.factor(sp.simplify(revenue.subs(L_J, L_I) / L_I**2))
    if coefficient.free_symbols - {SYM.b1, SYM.b2}:
        raise RuntimeError(f"the {regime} objective is not c (a + B)^2 - 2 f: {coefficient}")
    return coefficient


def existence_margin(params, regime: str) -> float:
    r"""Slack of the condition under which a regime's symmetric problem has a global optimum.

    With linear demand the objective grows like :math:`c\,(1 - \gamma + \delta_d s)^2 t^2`
    and the cost like :math:`k\,t^2 (1 - \rho\,y/(1+y))`, with :math:`y = \delta_c t s^2
    \to \infty`.  The objective is bounded above, and the optimum exists, exactly
    when :math:`k\,(1 - \rho) > c\,(1 - \gamma + \delta_d)^2` (the worst ray is full
    sharing; with :math:`\delta_c = 0` the factor :math:`1 - \rho` is 1).

    Returns
    -------
    float
        :math:`k (1 - \rho) - c (1 - \gamma + \delta_d)^2`; positive when the optimum exists.
    """
    coefficient = float(revenue_coefficient(regime).subs({SYM.b1: params.b1, SYM.b2: params.b2}))
    saving = params.rho if params.delta_c > 0 else 0.0
    return params.k * (1 - saving) - coefficient * (1 - params.gamma + params.delta_d) ** 2


# ---------------------------------------------------------------- numerics
_ARGS = (*SYM.parameters(), SYM.s_i, SYM.s_j, SYM.t_i, SYM.t_j)


@cache
def _numeric(name: str):
    expressions = {
        "welfare": welfare,
        "consumer_surplus": consumer_surplus,
    }
    return sp.lambdify(_ARGS, bertrand.specialise(expressions[name]()), "numpy")


def welfare_numeric(params, s_i, s_j, t_i, t_j) -> np.ndarray:
    """Total welfare at the decisions (numpy, broadcasts); Bertrand prices."""
    return evaluate_at(_numeric("welfare"), params, s_i, s_j, t_i, t_j)


def consumer_surplus_numeric(params, s_i, s_j, t_i, t_j) -> np.ndarray:
    """Consumer surplus at the decisions (numpy, broadcasts); Bertrand prices."""
    return evaluate_at(_numeric("consumer_surplus"), params, s_i, s_j, t_i, t_j)


def symmetric_objective(regime: str) -> sp.Expr:
    r"""Return a regime's objective at symmetric points, with the baseline ``g`` and ``f``.

    Built as :math:`c\,(a + B)^2 - 2 f(t, \delta_c t s)`: both objectives are a
    revenue term that depends on the demand levels only, minus both costs
    (:func:`welfare`, :func:`joint_profit`), and :func:`revenue_coefficient` reads
    ``c`` off the revenue term (a test checks the whole objective against this form);
    ``a`` is written ``a_i``.  Symbols ``S``, ``T`` are the common sharing and
    investment.
    """
    level = bertrand.specialise(_symmetric_level()).subs(sp.Symbol("a", positive=True), SYM.a_i)
    cost = fixed_cost(SYM.delta_c * T * S).subs(SYM.t_i, T)
    return revenue_coefficient(regime) * level**2 - 2 * cost


@cache
def _symmetric_functions(regime: str):
    """Lambdified objective, its investment condition as a cubic, and its derivatives."""
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
    return (
        sp.lambdify(arguments, objective, "numpy"),
        sp.lambdify(arguments, coefficients, "numpy"),
        sp.lambdify(arguments, derivatives, "numpy"),
    )


def _parameter_values(params) -> list[float]:
    from .model import PARAMETER_FIELDS

    return [getattr(params, field) for field in PARAMETER_FIELDS]


def _best_investment(params, regime: str, sharing: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    r"""For each common sharing level, the global best common investment and the objective there.

    The candidates are ``t = 0`` and every positive real root of the investment
    condition, a cubic once multiplied by the positive :math:`(1 + \\delta_c s t)^2`.
    """
    from .nash import _batch_real_roots

    objective, coefficients, _ = _symmetric_functions(regime)
    values = _parameter_values(params)
    with np.errstate(all="ignore"):
        rows = [np.broadcast_to(np.asarray(c, dtype=float), sharing.shape)
                for c in coefficients(*values, sharing, 0 * sharing)]  # fmt: skip
        roots = _batch_real_roots(np.column_stack(rows))
    candidates = np.column_stack([np.zeros(len(sharing)), roots])
    valid = np.isfinite(candidates) & (candidates >= 0)
    candidates = np.where(valid, candidates, 0.0)
    with np.errstate(all="ignore"):
        payoff = np.where(valid, objective(*values, sharing[:, None], candidates), -np.inf)
    best = np.argmax(payoff, axis=1)
    rows_index = np.arange(len(sharing))
    return candidates[rows_index, best], payoff[rows_index, best]


def _golden_section(function, low: float, high: float, iterations: int = 80) -> float:
    """Maximise a unimodal scalar function on ``[low, high]`` (used near the grid's best point)."""
    ratio = (np.sqrt(5) - 1) / 2
    a, b = low, high
    c, d = b - ratio * (b - a), a + ratio * (b - a)
    fc, fd = function(c), function(d)
    for _ in range(iterations):
        if fc >= fd:
            b, d, fd = d, c, fc
            c = b - ratio * (b - a)
            fc = function(c)
        else:
            a, c, fc = c, d, fd
            d = a + ratio * (b - a)
            fd = function(d)
    return (a + b) / 2


def _solve_symmetric_regime(params, regime: str, grid: int = 401):
    from .model import price_numeric, profit_numeric
    from .params import Params
    from .results import Equilibrium, EquilibriumError

    if not isinstance(params, Params):
        raise TypeError(f"expected a Params, got {type(params).__name__}")
    if params.a_i != params.a_j:
        raise ValueError(
            f"the {regime} is defined for symmetric firms (got a_i={params.a_i}, a_j={params.a_j})"
        )
    margin = existence_margin(params, regime)
    if margin <= 0:
        raise EquilibriumError(
            f"the {regime} problem is unbounded: it needs k (1 - rho) > c (1 - gamma + delta_d)^2 "
            f"(slack {margin:.4g}); raise k or lower rho",
            margin=margin,
        )
    sharing = np.linspace(0.0, 1.0, grid)
    _, values = _best_investment(params, regime, sharing)
    k = int(np.argmax(values))
    low, high = sharing[max(k - 1, 0)], sharing[min(k + 1, grid - 1)]
    s = _golden_section(lambda x: _best_investment(params, regime, np.array([x]))[1][0], low, high)
    s, t = _polish(params, regime, s, radius=2 / (grid - 1))
    corner = "s_i = s_j = 0" if s <= 1e-9 else ("s_i = s_j = 1" if s >= 1 - 1e-9 else "")
    s = float(np.clip(s, 0.0, 1.0))
    if corner:
        t = float(_best_investment(params, regime, np.array([s]))[0][0])
    _, _, derivatives = _symmetric_functions(regime)
    d_s, d_t, d_ss, d_st, d_tt = (float(v) for v in derivatives(*_parameter_values(params), s, t))
    residual = abs(d_t) if corner else max(abs(d_s), abs(d_t))
    second_order = (d_tt < 0) if corner else (d_ss < 0 and d_ss * d_tt - d_st**2 > 0)
    price = float(price_numeric(params, s, s, t, t))
    profit = float(profit_numeric(params, s, s, t, t))
    return Equilibrium(
        regime=regime, params=params, s=(s, s), t=(t, t), p=(price, price),
        q=(params.b1 * price, params.b1 * price), profit=(profit, profit), corner=corner,
        residual=residual, second_order=bool(second_order), global_best_response=True,
    )  # fmt: skip


def _polish(params, regime: str, s: float, radius: float) -> tuple[float, float]:
    """Newton steps on both first-order conditions from the grid-and-golden-section optimum.

    A step is taken only if it stays within ``radius`` of the start (the grid
    spacing), inside the domain, and does not lower the objective; Newton's method
    would otherwise happily converge to a saddle point far away.
    """
    t = float(_best_investment(params, regime, np.array([s]))[0][0])
    objective, _, derivatives = _symmetric_functions(regime)
    values = _parameter_values(params)
    start = s
    for _ in range(8):
        d_s, d_t, d_ss, d_st, d_tt = (float(v) for v in derivatives(*values, s, t))
        hessian = np.array([[d_ss, d_st], [d_st, d_tt]])
        if not np.all(np.isfinite(hessian)) or abs(np.linalg.det(hessian)) < 1e-300:
            break
        step = np.linalg.solve(hessian, [d_s, d_t])
        new_s, new_t = s - step[0], t - step[1]
        inside = 0 <= new_s <= 1 and new_t >= 0 and abs(new_s - start) <= radius
        if not inside or objective(*values, new_s, new_t) < objective(*values, s, t) - 1e-14:
            break
        s, t = new_s, new_t
    return s, t


def solve_social_optimum(params):
    r"""Solve the planner's symmetric problem at Bertrand prices (eqs. (9), (27)-(28)).

    The global maximum of welfare over :math:`s \in [0, 1]`, :math:`t \ge 0`: for each
    ``s`` on a grid the best ``t`` is found exactly (a cubic), then ``s`` is refined by
    golden-section search and both first-order conditions are polished by Newton.

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
