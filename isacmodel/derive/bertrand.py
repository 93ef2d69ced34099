r"""Section 2.1, symbolic: every expression the proofs of Propositions 1-4 and Lemma 1 use.

The paper proves its section-2.1 results for a general leakage :math:`g` and a
general cost :math:`f`, so the derivations here are done twice over the same code:

* in **general form**, with sympy ``Function`` objects ``g(s_own, s_rival)`` and
  ``f(t, y)`` (firm i's leakage is ``g(s_i, s_j)``, firm j's ``g(s_j, s_i)``), which
  is what the printed proofs are compared against; and
* **specialised** to the baseline (quadratic leakage (2), the cost of
  :func:`isacmodel.core.model.fixed_cost`) by :func:`specialise`, which is what the
  numeric solvers in :mod:`isacmodel.solve.nash` lambdify.

The first-stage payoff is (4), :math:`\pi_i = b_1 p_i^2 - f(t_i, y_j)`, with
:math:`p_i` the Bertrand price (21).  Its first-order conditions are (5)
:math:`2 b_1 p_i\,\partial p_i/\partial s_i = 0` and (6) :math:`H_i = 0`.  As in the
paper, the sharing condition is used in the form :math:`\partial p_i/\partial s_i = 0`
(prices are positive), which is why the matrix :math:`M` mixes rows of
:math:`\partial p_i/\partial s_i` and of :math:`H_i`.

:func:`printed_expressions` transcribes the displayed equations of the proofs
(Appendix A) and :func:`compare_printed` checks each against the derivation with
``sympy.simplify(printed - derived) == 0``; the differences are on the errata page.

The numeric side (solvers, stability, comparative statics) is in
:mod:`isacmodel.solve.nash`; this module is kept symbolic so that it can be read next to
the paper's appendix.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import sympy as sp

from isacmodel.core.model import SYM, bertrand_prices, fixed_cost, leakage, swap_firms

__all__ = [
    "COMPARATIVE_STATICS_PARAMETERS",
    "PrintedExpression",
    "compare_printed",
    "effect_decomposition",
    "first_order_conditions",
    "general",
    "matrix_m",
    "price",
    "printed_expressions",
    "profit",
    "right_hand_side",
    "specialise",
    "strategic_cross_partials",
]

#: Leakage of a firm as a function of its own and its rival's sharing, ``g(s_own, s_rival)``.
g = sp.Function("g")
#: Fixed investment cost ``f(t, y)``.
f = sp.Function("f")
_Y = sp.Symbol("y")
_D = 4 * SYM.b1**2 - SYM.b2**2

#: Parameters of Propositions 3-4 (``a`` is a common change of both intercepts).
COMPARATIVE_STATICS_PARAMETERS = ("b1", "b2", "a_i", "a_j", "a", "delta_d", "delta_c", "gamma")


@dataclass(frozen=True)
class General:
    """The general-form objects: leakages, cost and their derivatives as printed.

    Attributes
    ----------
    g_i, g_j : sympy expressions
        ``g(s_i, s_j)`` and ``g(s_j, s_i)``.
    y_j : sympy expression
        The cost spillover ``delta_c t_j s_j``.
    """

    g_i: sp.Expr
    g_j: sp.Expr
    y_j: sp.Expr

    def f_t(self) -> sp.Expr:
        r""":math:`\partial f/\partial t_i` at :math:`(t_i, y_j)`."""
        return sp.diff(f(SYM.t_i, _Y), SYM.t_i).subs(_Y, self.y_j)

    def f_ty(self) -> sp.Expr:
        r""":math:`\partial^2 f/\partial t_i \partial y_j` at :math:`(t_i, y_j)`."""
        # Written with the y-derivative first: the form sympy's chain rule produces,
        # so that printed and derived expressions compare structurally.
        return sp.Subs(sp.Derivative(f(SYM.t_i, _Y), _Y, SYM.t_i), _Y, self.y_j)

    def f_tt(self) -> sp.Expr:
        r""":math:`\partial^2 f/\partial t_i^2` at :math:`(t_i, y_j)`."""
        return sp.diff(f(SYM.t_i, _Y), SYM.t_i, 2).subs(_Y, self.y_j)


def general() -> General:
    """Return the general-form leakages and cost spillover used by the printed proofs."""
    return General(
        g_i=g(SYM.s_i, SYM.s_j),
        g_j=g(SYM.s_j, SYM.s_i),
        y_j=SYM.delta_c * SYM.t_j * SYM.s_j,
    )


def demand_shifts() -> dict[sp.Symbol, sp.Expr]:
    gen = general()
    s_i, s_j, t_i, t_j = SYM.s_i, SYM.s_j, SYM.t_i, SYM.t_j
    return {
        SYM.B_i: t_i - SYM.gamma * t_j + SYM.delta_d * t_j * s_j - gen.g_i,
        SYM.B_j: t_j - SYM.gamma * t_i + SYM.delta_d * t_i * s_i - gen.g_j,
    }


@cache
def price() -> sp.Expr:
    """Firm i's Bertrand price (21) as a function of the decisions, general ``g``."""
    return bertrand_prices()[0].xreplace(demand_shifts())


@cache
def profit() -> sp.Expr:
    r"""First-stage payoff (4), :math:`b_1 p_i^2 - f(t_i, y_j)`, general ``g`` and ``f``."""
    return SYM.b1 * price() ** 2 - f(SYM.t_i, general().y_j)


@cache
def first_order_conditions() -> tuple[sp.Expr, sp.Expr]:
    r"""Return firm i's sharing and investment conditions :math:`(\partial p_i/\partial s_i, H_i)`.

    The first is the sharing condition (5) divided by :math:`2 b_1 p_i > 0`; the
    second is (6), :math:`H_i = d\pi_i/dt_i`.
    """
    return sp.diff(price(), SYM.s_i), sp.diff(profit(), SYM.t_i)


@cache
def matrix_m() -> sp.Matrix:
    r"""Return the proofs' matrix :math:`M`: the two conditions differentiated in ``(s_i, t_i)``."""
    conditions = first_order_conditions()
    return sp.Matrix([[sp.diff(c, v) for v in (SYM.s_i, SYM.t_i)] for c in conditions])


def _parameter_symbol(name: str) -> sp.Symbol:
    return getattr(SYM, name)


@cache
def right_hand_side(variable: str) -> tuple[sp.Expr, sp.Expr]:
    r"""Differentiate firm i's two conditions with respect to a rival choice or a parameter.

    These are the vectors that :math:`-M^{-1}` multiplies in (23)-(26):
    :math:`(\partial^2 p_i/\partial s_i \partial x, \partial H_i/\partial x)`.

    Parameters
    ----------
    variable : str
        ``"s_j"``, ``"t_j"``, a :class:`~isacmodel.Params` field of section 2, or
        ``"a"`` (both intercepts moved together).

    Returns
    -------
    tuple of sympy expressions
    """
    conditions = first_order_conditions()
    if variable == "a":
        return tuple(sp.diff(c, SYM.a_i) + sp.diff(c, SYM.a_j) for c in conditions)  # type: ignore[return-value]
    symbol = _parameter_symbol(variable)
    return sp.diff(conditions[0], symbol), sp.diff(conditions[1], symbol)


@cache
def strategic_cross_partials() -> dict[str, sp.Expr]:
    r"""Cross partials of firm i's payoff in its own and the rival's choices.

    The text after Proposition 2 argues that :math:`\partial^2\pi_i/\partial s_i\partial t_j`,
    :math:`\partial^2\pi_i/\partial s_i\partial s_j` and
    :math:`\partial^2\pi_i/\partial t_i\partial t_j` are positive.
    """
    pi = profit()
    s_i, s_j, t_i, t_j = SYM.s_i, SYM.s_j, SYM.t_i, SYM.t_j
    return {
        "s_i t_j": sp.diff(pi, s_i, t_j),
        "s_i s_j": sp.diff(pi, s_i, s_j),
        "t_i t_j": sp.diff(pi, t_i, t_j),
        "t_i s_j": sp.diff(pi, t_i, s_j),
    }


@cache
def effect_decomposition() -> dict[str, sp.Expr]:
    r"""Split the first-stage incentives into direct and strategic effects, eqs. (7)-(8).

    With full profit :math:`\pi_i = p_i q_i(p_i, p_j, B_i) - f`, a first-stage choice
    :math:`x_i` acts directly (through :math:`B_i`, :math:`B_j` and :math:`f` at given
    prices) and strategically (through the rival's price :math:`p_j`).  Firm i's own
    price term vanishes at the Bertrand prices (envelope theorem).

    Returns
    -------
    dict
        ``direct_s``, ``strategic_s``, ``direct_t``, ``strategic_t``: general-form
        expressions at the Bertrand prices; ``direct_x + strategic_x`` equals
        :math:`d\pi_i/dx_i`.
    """
    shifts = demand_shifts()
    p_i, p_j = (p.xreplace(shifts) for p in bertrand_prices())
    cost = f(SYM.t_i, general().y_j)
    full = SYM.p_i * (SYM.a_i - SYM.b1 * SYM.p_i + SYM.b2 * SYM.p_j + shifts[SYM.B_i]) - cost
    at_prices = {SYM.p_i: p_i, SYM.p_j: p_j}
    result = {}
    for name, variable in (("s", SYM.s_i), ("t", SYM.t_i)):
        result[f"direct_{name}"] = sp.diff(full, variable).xreplace(at_prices)
        result[f"strategic_{name}"] = (sp.diff(full, SYM.p_j) * sp.diff(p_j, variable)).xreplace(
            at_prices
        )
    return result


def specialise(expr: sp.Expr) -> sp.Expr:
    """Replace the general ``g`` and ``f`` by the baseline leakage (2) and cost.

    Examples
    --------
    >>> from isacmodel.core.model import leakage, swap_firms
    >>> specialise(general().g_j) - swap_firms(leakage())
    0
    """
    own, rival = sp.symbols("own rival")
    leak = leakage().xreplace({SYM.s_i: own, SYM.s_j: rival})
    cost = fixed_cost(_Y).xreplace({SYM.t_i: own})
    lambdas = {g: sp.Lambda((own, rival), leak), f: sp.Lambda((own, _Y), cost)}
    return sp.sympify(expr).subs(lambdas).doit()


# ------------------------------------------------------------ printed expressions
@dataclass(frozen=True)
class PrintedExpression:
    r"""One displayed expression of the paper's proofs, next to our derivation.

    Attributes
    ----------
    key : str
        Stable identifier.
    location : str
        Where it is printed.
    name : str
        What it is, in LaTeX (e.g. ``\partial p_i/\partial t_i``).
    printed : sympy expression
        Transcribed from the paper, general ``g`` and ``f``.
    derived : sympy expression
        Our derivation.
    condition : str
        Empty, or the equilibrium condition both sides are evaluated under (the
        paper sometimes substitutes a first-order condition).
    """

    key: str
    location: str
    name: str
    printed: sp.Expr
    derived: sp.Expr
    condition: str = ""

    @property
    def matches(self) -> bool:
        """Whether ``sympy.simplify(printed - derived) == 0``."""
        return sp.simplify(self.printed - self.derived) == 0


def at_own_condition(expr: sp.Expr) -> sp.Expr:
    """Impose firm i's sharing condition (22) = 0 by eliminating ``t_i`` (it enters linearly)."""
    condition = first_order_conditions()[0]
    (solution,) = sp.solve(condition, SYM.t_i)
    return sp.simplify(expr.subs(SYM.t_i, solution))


def _at_rival_condition(expr: sp.Expr) -> sp.Expr:
    """Impose firm j's sharing condition by eliminating ``t_j``."""
    condition = sp.diff(swap_firms(price()), SYM.s_j)
    (solution,) = sp.solve(condition, SYM.t_j)
    return sp.simplify(expr.subs(SYM.t_j, solution))


@cache
def printed_expressions() -> tuple[PrintedExpression, ...]:  # noqa: PLR0915 - one table
    r"""Transcribe the displayed expressions of the proofs of Propositions 1-4 and Lemma 1.

    Returns
    -------
    tuple of PrintedExpression
        In the order they appear in Appendix A.
    """
    b1, b2, dd, dc, gam = SYM.b1, SYM.b2, SYM.delta_d, SYM.delta_c, SYM.gamma
    s_i, s_j, t_i, t_j, a_i, a_j = SYM.s_i, SYM.s_j, SYM.t_i, SYM.t_j, SYM.a_i, SYM.a_j
    gen = general()
    g_i, g_j = gen.g_i, gen.g_j
    p = price()
    pi = profit()
    p_si, h_i = first_order_conditions()
    shifts = demand_shifts()
    d = sp.diff
    p_ti, p_tj, p_sj = d(p, t_i), d(p, t_j), d(p, s_j)
    x_i = dd * s_i - gam
    m = "Appendix A, proof of Proposition "
    rows = [
        ("eq5", m + "1 / eq. (5)", r"d\pi_i/ds_i", 2 * b1 * p * p_si, d(pi, s_i)),
        ("eq6", m + "1 / eq. (6)", r"H_i = d\pi_i/dt_i", 2 * b1 * p * p_ti - gen.f_t(), h_i),
        ("dp-dti", m + "1", r"\partial p_i/\partial t_i", (2 * b1 + b2 * x_i) / _D, p_ti),
        ("dp-dtj", m + "1", r"\partial p_i/\partial t_j", (2 * b1 * (dd * s_j - gam) + b2) / _D,
         p_tj),
        ("eq22", m + "1 / eq. (22)", r"\partial p_i/\partial s_i",
         (2 * b1 * (-d(g_i, s_i)) + b2 * (-d(g_j, s_i)) + b2 * dd * t_i) / _D, p_si),
        ("lemma1-sharing", "Lemma 1(i)", r"D\,\partial p_i/\partial s_i",
         b2 * dd * t_i - (2 * b1 * d(g_i, s_i) + b2 * d(g_j, s_i)), _D * p_si),
        ("lemma1-investment", "Lemma 1(i)", r"H_i",
         2 * b1 * p * (2 * b1 + b2 * x_i) / _D - gen.f_t(), h_i),
        ("dH-dsj", m + "2(i)", r"\partial H_i/\partial s_j",
         2 * b1 * p_ti * p_sj + 2 * b1 * p * d(p, t_i, s_j) - dc * t_j * gen.f_ty(), d(h_i, s_j)),
        ("dH-dsi", m + "2(i)", r"\partial H_i/\partial s_i",
         2 * b1 * p_si * p_ti + 2 * b1 * p * d(p, t_i, s_i), d(h_i, s_i)),
        ("dH-dti", m + "2(i)", r"\partial H_i/\partial t_i",
         2 * b1 * p_ti**2 + 2 * b1 * p * d(p, t_i, 2) - gen.f_tt(), d(h_i, t_i)),
        ("d2p-dtidsi", m + "2(i)", r"\partial^2 p_i/\partial t_i \partial s_i", b2 * dd / _D,
         d(p, t_i, s_i)),
        ("d2p-dsi2", m + "2(i)", r"\partial^2 p_i/\partial s_i^2",
         -(2 * b1 * d(g_i, s_i, 2) + b2 * d(g_j, s_i, 2)) / _D, d(p, s_i, 2)),
        ("dp-dsj", m + "2(i)", r"\partial p_i/\partial s_j",
         (2 * b1 * (dd * t_j - d(g_i, s_j)) + b2 * (-d(g_j, s_j))) / _D, p_sj),
        ("dp-dsj-at-focj", m + "2(i)", r"\partial p_i/\partial s_j",
         _at_rival_condition((dd * t_j - d(g_i, s_j)) / (2 * b1)), _at_rival_condition(p_sj),
         r"firm j's sharing condition \partial p_j/\partial s_j = 0"),
        ("d2p-dtidsj", m + "2(i)", r"\partial^2 p_i/\partial t_i \partial s_j", sp.S.Zero,
         d(p, t_i, s_j)),
        ("d2p-dsidsj", m + "2(i)", r"\partial^2 p_i/\partial s_i \partial s_j",
         (-2 * b1 * d(g_i, s_i, s_j) - b2 * d(g_j, s_i, s_j)) / _D, d(p, s_i, s_j)),
        ("d2p-dsidtj", m + "2(ii)", r"\partial^2 p_i/\partial s_i \partial t_j", sp.S.Zero,
         d(p, s_i, t_j)),
        ("dH-dtj", m + "2(ii)", r"\partial H_i/\partial t_j",
         2 * b1 * p_tj * p_ti + 2 * b1 * p * d(p, t_i, t_j) - dc * s_j * gen.f_ty(), d(h_i, t_j)),
        ("d2p-dtidtj", m + "2(ii)", r"\partial^2 p_i/\partial t_i \partial t_j", sp.S.Zero,
         d(p, t_i, t_j)),
        ("dH-db1", m + "3(i)", r"\partial H_i/\partial b_1",
         2 * p * p_ti + 2 * b1 * d(p, b1) * p_ti + 2 * b1 * p * d(p, t_i, b1), d(h_i, b1)),
        ("dp-db1", m + "3(i)", r"\partial p_i/\partial b_1",
         -2 * (4 * b1 * p - (a_i + shifts[SYM.B_i])) / _D, d(p, b1)),
        ("d2p-dtidb1", m + "3(i)", r"\partial^2 p_i/\partial t_i \partial b_1",
         (2 * _D - 8 * b1 * (2 * b1 + b2 * x_i)) / _D**2, d(p, t_i, b1)),
        ("d2p-dsidb1", m + "3(i)", r"\partial^2 p_i/\partial s_i \partial b_1",
         at_own_condition(-2 * d(g_i, s_i)), at_own_condition(d(p_si, b1)),
         r"firm i's sharing condition (22) = 0"),
        ("dH-db2", m + "3(ii)", r"\partial H_i/\partial b_2",
         2 * b1 * d(p, b2) * p_ti + 2 * b1 * p * d(p, t_i, b2), d(h_i, b2)),
        ("dp-db2", m + "3(ii)", r"\partial p_i/\partial b_2",
         (a_j + shifts[SYM.B_j]) / _D + 2 * b2 * p / _D, d(p, b2)),
        ("d2p-dtidb2", m + "3(ii)", r"\partial^2 p_i/\partial t_i \partial b_2",
         (4 * b1 * b2 + (4 * b1**2 + b2**2) * x_i) / _D**2, d(p, t_i, b2)),
        ("d2p-dsidb2", m + "3(ii)", r"\partial^2 p_i/\partial s_i \partial b_2",
         (dd * t_i - d(g_j, s_i)) / _D
         + (-2 * b1 * d(g_i, s_i) - b2 * d(g_j, s_i) + b2 * dd * t_i) * 2 * b2 / _D**2,
         d(p_si, b2)),
        ("dH-dai", m + "4", r"\partial H_i/\partial a_i", 2 * b1 * d(p, a_i) * p_ti, d(h_i, a_i)),
        ("dH-daj", m + "4", r"\partial H_i/\partial a_j", 2 * b1 * d(p, a_j) * p_ti, d(h_i, a_j)),
        ("dp-dai", m + "4", r"\partial p_i/\partial a_i", 2 * b1 / _D, d(p, a_i)),
        ("dp-daj", m + "4", r"\partial p_i/\partial a_j", b2 / _D, d(p, a_j)),
        ("dH-ddd", m + "4", r"\partial H_i/\partial \delta_d",
         2 * b1 * d(p, dd) * p_ti + 2 * b1 * p * d(p, t_i, dd), d(h_i, dd)),
        ("dp-ddd", m + "4", r"\partial p_i/\partial \delta_d", (2 * b1 * s_j * t_j + b2 * t_i * s_i)
         / _D, d(p, dd)),
        ("d2p-dsiddd", m + "4", r"\partial^2 p_i/\partial s_i \partial \delta_d", b2 * t_i / _D,
         d(p_si, dd)),
        ("d2p-dtiddd", m + "4", r"\partial^2 p_i/\partial t_i \partial \delta_d", b2 * s_i / _D,
         d(p, t_i, dd)),
        ("dH-ddc", m + "4", r"\partial H_i/\partial \delta_c", -gen.f_ty() * t_j * s_j,
         d(h_i, dc)),
        ("dH-dgamma", m + "4", r"\partial H_i/\partial \gamma",
         2 * b1 * d(p, gam) * p_ti + 2 * b1 * p * d(p, t_i, gam), d(h_i, gam)),
        ("dp-dgamma", m + "4", r"\partial p_i/\partial \gamma", -(2 * b1 * t_j + b2 * t_i) / _D,
         d(p, gam)),
        ("d2p-dtidgamma", m + "4", r"\partial^2 p_i/\partial t_i \partial \gamma", -b2 / _D,
         d(p, t_i, gam)),
        ("d2p-dsidgamma", m + "4", r"\partial^2 p_i/\partial s_i \partial \gamma", sp.S.Zero,
         d(p_si, gam)),
    ]  # fmt: skip
    return tuple(PrintedExpression(*row) for row in rows)


def compare_printed() -> dict[str, bool]:
    """Map each printed expression's key to whether it matches the derivation."""
    return {row.key: row.matches for row in printed_expressions()}
