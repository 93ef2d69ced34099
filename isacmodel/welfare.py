r"""Section 2.2, symbolic: welfare, joint profit and the conditions of Proposition 5's proof.

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

Everything is symbolic and uses the general leakage ``g`` and cost ``f`` of
:mod:`isacmodel.bertrand`; :func:`printed_conditions` transcribes eqs.
(11)-(14) and (27)-(31) for comparison.  The solvers of section 2.2 are not
written yet.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import sympy as sp

from . import bertrand
from .consumer import U, derived_demand
from .model import SYM, bertrand_prices

__all__ = [
    "PrintedCondition",
    "collusive_price",
    "consumer_surplus",
    "generic_cubics",
    "gross_utility",
    "joint_profit",
    "level_symbols",
    "printed_conditions",
    "printed_welfare_eq9",
    "producer_surplus",
    "second_stage_comparison_threshold",
    "symmetric",
    "utility_parameters",
    "welfare",
]

#: The demand levels :math:`a_i + B_i` and :math:`a_j + B_j` as symbols.
L_I, L_J = sp.symbols("L_i L_j")
#: Common sharing and investment at symmetric points.
S, T = sp.Symbol("s", nonnegative=True), sp.Symbol("t", nonnegative=True)
_Q = sp.Symbol("q", nonnegative=True)


def level_symbols() -> tuple[sp.Symbol, sp.Symbol]:
    """Return the symbols of the demand levels ``(a_i + B_i, a_j + B_j)``."""
    return L_I, L_J


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
