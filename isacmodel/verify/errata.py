"""Registry of the places where the printed paper differs from our derivations.

Each :class:`Erratum` records where the slip is, what is printed, what the
derivation gives, and a ``verify`` function that re-derives the corrected form
with sympy and returns ``True`` only when the correction matches the derivation
*and* the printed form does not.  The book's errata page is generated from
:data:`ERRATA` (see :func:`errata_markdown`), and the test suite runs every
``verify``, so an entry cannot outlive the evidence behind it.

Chapters append to the registry as they check more of the paper; entries are
ordered by their place in the paper.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import sympy as sp

from isacmodel.core import model
from isacmodel.core.model import SYM
from isacmodel.core.params import Params, ParamsBatch
from isacmodel.derive import bertrand, consumer, welfare
from isacmodel.derive.consumer import U
from isacmodel.derive.welfare import generic_cubics
from isacmodel.solve import mechanism, optima, sequential, volume
from isacmodel.solve.nash import solve_nash
from isacmodel.verify import cache as store
from isacmodel.verify import claims

__all__ = ["ERRATA", "Erratum", "errata_markdown", "unconfirmed"]


@dataclass(frozen=True)
class Erratum:
    """One difference between the printed paper and the derivation.

    Attributes
    ----------
    key : str
        Stable identifier, used as an anchor on the errata page.
    location : str
        Where in the paper (section, equation, line).
    printed : str
        The printed form (LaTeX).
    corrected : str
        The corrected form (LaTeX).
    note : str
        What the slip changes, if anything, for the results.
    verify : callable or None
        Re-derives the corrected form; returns ``True`` when it matches and the
        printed form does not.  ``None`` for notational slips checked by reading.
    chapter : str
        The book chapter that shows the derivation.
    """

    key: str
    location: str
    printed: str
    corrected: str
    note: str
    verify: Callable[[], bool] | None
    chapter: str

    @property
    def how_verified(self) -> str:
        """``"sympy"`` when :attr:`verify` re-derives the correction, else ``"by reading"``."""
        return "sympy: derived ≠ printed, derived = corrected" if self.verify else "by reading"


def _differs(a: sp.Expr, b: sp.Expr) -> bool:
    return sp.simplify(a - b) != 0


def _same(a: sp.Expr, b: sp.Expr) -> bool:
    return sp.simplify(a - b) == 0


def _verify_eq20_cross_price() -> bool:
    derived = consumer.derived_demand()
    printed = consumer.printed_demand_eq20()
    det = U.determinant
    corrected = (
        (U.d2 * U.r1 - U.z * U.r2) / det - U.d2 * U.p1 / det + U.z * U.p2 / det,
        (U.d1 * U.r2 - U.z * U.r1) / det - U.d1 * U.p2 / det + U.z * U.p1 / det,
    )
    triples = zip(derived, corrected, printed, strict=True)
    return all(_same(d, c) and _differs(d, p) for d, c, p in triples)


def _verify_slope_denominators() -> bool:
    derived = consumer.demand_coefficients()
    printed = consumer.printed_demand_coefficients()
    corrected = {"b1": U.d2 / U.determinant, "b2": U.z / U.determinant}
    return all(
        _same(derived[name], corrected[name]) and _differs(derived[name], printed[name])
        for name in ("b1", "b2")
    )


def _verify_common_own_slope() -> bool:
    own_slope_1 = -sp.diff(consumer.derived_demand()[0], U.p1)
    own_slope_2 = -sp.diff(consumer.derived_demand()[1], U.p2)
    return _differs(own_slope_1, own_slope_2) and _same(
        own_slope_1.subs(U.d1, U.d2), own_slope_2.subs(U.d1, U.d2)
    )


def _verify_assumption_1_strict() -> bool:
    p_i = model.equilibrium_prices()[0]
    dp_dtj = sp.diff(p_i, SYM.t_j)
    gamma_bar = SYM.delta_d * SYM.s_j + SYM.b2 / (2 * SYM.b1)
    at_boundary = sp.simplify(dp_dtj.subs(SYM.gamma, gamma_bar))
    return at_boundary == 0


def _printed_row(key: str):

    return {row.key: row for row in bertrand.printed_expressions()}[key]


def _verify_strategic_cross_partials() -> bool:

    price = bertrand.price()
    partials = bertrand.strategic_cross_partials()
    two_b1 = 2 * SYM.b1
    s_t = _same(partials["s_i t_j"], two_b1 * sp.diff(price, SYM.t_j) * sp.diff(price, SYM.s_i))
    s_s = _same(
        partials["s_i s_j"],
        two_b1 * (sp.diff(price, SYM.s_j) * sp.diff(price, SYM.s_i)
                  + price * sp.diff(price, SYM.s_i, SYM.s_j)),
    )  # fmt: skip
    mixed = bertrand.specialise(sp.diff(price, SYM.s_i, SYM.s_j))
    proportional_to_gamma3 = _same(
        mixed, SYM.gamma3 * (2 * SYM.b1 + SYM.b2) / (4 * SYM.b1**2 - SYM.b2**2)
    )
    return s_t and s_s and proportional_to_gamma3


def _verify_strict_monotonicity() -> bool:

    mixed = bertrand.specialise(sp.diff(bertrand.price(), SYM.s_i, SYM.s_j))
    return _differs(mixed, 0) and _same(mixed.subs(SYM.gamma3, 0), 0)


def _verify_b1_cross_partial() -> bool:
    row = _printed_row("d2p-dsidb1")

    g_si = sp.diff(bertrand.general().g_i, SYM.s_i)
    corrected = bertrand.at_own_condition(-2 * g_si / (4 * SYM.b1**2 - SYM.b2**2))
    return _same(row.derived, corrected) and not row.matches


def _verify_b1_argument() -> bool:

    b1, b2 = SYM.b1, SYM.b2
    price = bertrand.price()
    shifts = bertrand.demand_shifts()
    level_i, level_j = SYM.a_i + shifts[SYM.B_i], SYM.a_j + shifts[SYM.B_j]
    combination = price + b1 * sp.diff(price, b1)
    claimed = (
        -b2 * (4 * b1 * b2 * level_i + (4 * b1**2 + b2**2) * level_j) / (4 * b1**2 - b2**2) ** 2
    )
    h_b1 = sp.diff(bertrand.first_order_conditions()[1], b1)
    p_t = sp.diff(price, SYM.t_i)
    decomposition = 2 * p_t * combination + 2 * b1 * price * sp.diff(price, SYM.t_i, b1)
    return _same(combination, claimed) and _same(h_b1, decomposition)


# ------------------------------------------------------------- section 2.2
#: A point where both coordinated optima share fully (Assumption 1 holds there).
FULL_SHARING_TIE = dict(gamma1=0.05, delta_d=0.5, k=10.0)
#: A point where a price-colluding ISA yields more welfare than the joint-profit ISA.
COLLUSION_RAISES_WELFARE = dict(b2=0.95, k=40.0)


def _verify_existence() -> bool:
    """Below the closed-form bound welfare grows without limit along full sharing."""
    import numpy as np

    base = Params()
    k_critical = base.k - welfare.existence_margin(base, "social optimum") / (1 - base.rho)
    far = np.array([1e4, 1e5])

    def grows(k: float) -> bool:
        values = welfare.welfare_numeric(base.replace(k=k), 1.0, 1.0, far, far)
        return bool(values[1] > values[0])

    return grows(0.99 * k_critical) and not grows(1.01 * k_critical)


def _verify_fixed_investment_step() -> bool:
    """Check that the planner weighs revenue more and that at a fixed t the ISA shares more."""
    import numpy as np

    weights = [welfare.revenue_coefficient(r) for r in ("social optimum", "joint profit")]
    held = np.array([solve_nash(Params()).t[0]])

    def sharing(delta_c: float) -> tuple[float, float]:
        batch = ParamsBatch(delta_c=delta_c)
        return tuple(float(optima.sharing_at_fixed_investment(batch, r, held)[0])
                     for r in ("joint profit", "social optimum"))  # fmt: skip

    isa, planner = sharing(Params().delta_c)
    isa_zero, planner_zero = sharing(0.0)
    return bool(
        claims.is_positive(weights[0] - weights[1])
        and isa > planner + 1e-6
        and abs(isa_zero - planner_zero) < 1e-7
    )


def _verify_full_sharing_tie() -> bool:

    point = Params(**FULL_SHARING_TIE)
    planner, isa = optima.solve_social_optimum(point), optima.solve_joint_profit(point)
    return planner.s == isa.s == (1.0, 1.0) and planner.t[0] > isa.t[0]


def _verify_collusion_welfare() -> bool:

    point = Params(**COLLUSION_RAISES_WELFARE)
    colluding, isa = optima.solve_collusion(point), optima.solve_joint_profit(point)
    fixed_choices = float(welfare.welfare_numeric(point, *colluding.s, *colluding.t))
    return colluding.welfare > isa.welfare and colluding.welfare < fixed_choices


#: A point where the welfare maximum is asymmetric (one firm shares far less).
ASYMMETRIC_OPTIMUM = {"a_i": 0.8, "a_j": 0.8, "b1": 0.5, "b2": 0.07, "gamma": 0.03,
                      "delta_d": 0.4, "delta_c": 0.15, "gamma1": 0.4, "gamma2": 0.39,
                      "gamma3": 0.0, "k": 15.0, "rho": 0.1}  # fmt: skip


def _verify_asymmetric_optimum() -> bool:
    """Check that welfare at an asymmetric point beats the symmetric optimum there."""
    point = Params(**ASYMMETRIC_OPTIMUM)
    symmetric = optima.solve_social_optimum(point)
    best = mechanism.social_optimum_with_types(point, point.delta_c, point.delta_c)
    values = (round(symmetric.welfare, 3), round(float(welfare.welfare_numeric(point, *best)), 3))
    shares = (round(float(best[0]), 2), round(float(best[1]), 2))
    return values == (1.481, 1.616) and shares == (0.09, 1.0)  # the numbers the note states


# --------------------------------------------------------------- section 3
def _verify_leader_conditions() -> bool:
    """Check that derived minus printed (15)-(16) is the cost channel of the responses."""
    y = sp.Symbol("y")
    f_y = sp.diff(bertrand.f(SYM.t_i, y), y).subs(y, bertrand.general().y_j)
    responses = sequential.RESPONSES
    expected = [
        -f_y * SYM.delta_c * (SYM.t_j * responses["s_j", x] + SYM.s_j * responses["t_j", x])
        for x in ("s_i", "t_i")
    ]
    derived, printed = sequential.leader_conditions(), sequential.printed_leader_conditions()
    return all(
        _same(generic_cubics(d - p), generic_cubics(e)) and _differs(d, p)
        for d, p, e in zip(derived, printed, expected, strict=True)
    )


# --------------------------------------------------------------- section 4
def _volume_rows() -> dict:

    return {row.key: row for row in volume.printed_expressions()}


#: Firm i's sharing reaction slopes down without any volume spillover (baseline, k = 40).
REACTION_SLOPES_DOWN = {"k": 40.0, "delta_hat": 0.0}


def _verify_sharing_ratio() -> bool:
    """Check sharing is positive iff delta_d/hat_delta > b1 phi(t0), and falls in hat_delta."""
    import numpy as np

    t = sp.Symbol("t", positive=True)
    symmetric = volume.sharing_given_investment().subs(
        {SYM.t_i: t, SYM.t_j: t, SYM.s_j: sp.Symbol("s")}
    )
    s = sp.Symbol("s")
    solved = sp.solve(sp.Eq(s, symmetric), s)[0]
    b1, b2, g1, g2, g3 = SYM.b1, SYM.b2, SYM.gamma1, SYM.gamma2, SYM.gamma3
    threshold = SYM.delta_d - b1 * volume.DELTA_HAT * (1 + t**2 / 2)
    expected = b2 * t * threshold / (4 * b1 * g1 - 2 * b1 * g3 - 2 * b2 * g2 - b2 * g3)
    grid = np.linspace(0.0, 1.0, 21)
    result = volume.sign_map(Params(), grid, grid)
    interior = result["ok"] & (result["corner"] == "")
    t_0 = volume.solve_volume_nash(Params(delta_hat=1.0)).t[0]  # no sharing
    ray = result["delta_d"] > Params().b1 * (1 + t_0**2 / 2) * result["delta_hat"]
    return (
        _same(solved, expected)
        and bool(np.all(result["ds"][interior] < 0))
        and bool(np.array_equal(result["threshold"] > 0, result["s"] > 0))
        and bool(np.array_equal(ray, result["s"] > 0))
    )


def _verify_reaction_slope() -> bool:
    """Check that the slope decomposes exactly and turns negative with no volume spillover."""
    import numpy as np

    sharing = volume.sharing_given_investment()
    linear = _same(sp.diff(sharing, SYM.t_i, 2), 0) and _same(sp.diff(sharing, SYM.s_j, 2), 0)
    point = Params(**REACTION_SLOPES_DOWN)
    equilibrium = volume.solve_volume_nash(point)
    batch = ParamsBatch(**{k: np.array([v]) for k, v in point.as_dict().items()})
    curve = volume.reaction_curve(batch, np.linspace(0.0, 1.0, 11), [equilibrium.t[0]])
    slopes = curve["slope"][0][curve["interior"][0]]
    return linear and bool(slopes.min() < 0 < slopes.max())


def _verify_eq33_sign() -> bool:

    row = _volume_rows()["eq33"]
    b1, b2 = SYM.b1, SYM.b2
    phi_prime = sp.diff(volume.phi(SYM.t_i), SYM.t_i)
    wrong = (2 * b1**2 + b2**2) * (volume.C - volume.DELTA_HAT * SYM.s_j * SYM.t_j) * phi_prime
    right = (2 * b1**2 - b2**2) * (volume.C - volume.DELTA_HAT * SYM.s_j * SYM.t_j) * phi_prime
    corrected = row.printed + (wrong - right) / (4 * b1**2 - b2**2)
    return _differs(row.printed, row.derived) and _same(corrected, row.derived)


def _verify_volume_denominators() -> bool:
    rows = _volume_rows()
    denominator = 4 * SYM.b1**2 - SYM.b2**2
    return all(
        _differs(rows[key].printed, rows[key].derived)
        and _same(rows[key].printed / denominator, rows[key].derived)
        for key in ("d2p-dtidsi", "dH-dsi")
    )


# --------------------------------------------------------------- Appendix B
def _verify_eq35() -> bool:
    """Check (35)'s double integrals differ from utility, and the corrected subsidy is exact."""
    printed = mechanism.printed_subsidy()
    x, y = sp.symbols("x y", nonnegative=True)
    gross = U.r1 * x + U.r2 * y - U.d1 * x**2 / 2 - U.d2 * y**2 / 2 - U.z * x * y
    return (
        _differs(printed["printed"], gross)
        and _same(printed["gross utility"], gross)
        and _same(mechanism.payoff_with_subsidy(), welfare.welfare())
    )


def _verify_eq38_own_cost() -> bool:
    """Check that (38) without the own cost is not welfare, and with it is."""
    f_i, _ = welfare.investment_costs()
    without_cost = mechanism.payoff_with_subsidy() + f_i
    return _differs(without_cost, welfare.welfare()) and _same(
        mechanism.payoff_with_subsidy(), welfare.welfare()
    )


def _verify_truthful_reports() -> bool:
    """Check that the tax rises with the own report, so every type reports low (baseline)."""
    point = Params()
    low, high = 0.3, 0.7
    taxes = [mechanism.expected_tax(point, r, low, high, nodes=3) for r in (low, 0.5, high)]
    return bool(taxes[0] < taxes[1] < taxes[2])


ERRATA: tuple[Erratum, ...] = (
    Erratum(
        key="assumption-1-strict",
        location="Section 2.1, Assumption 1 (used in Proposition 1(i))",
        printed=r"\gamma \le \delta_d \min(s_1, s_2) + \tfrac{b_2}{2 b_1}",
        corrected=r"\gamma < \delta_d \min(s_1, s_2) + \tfrac{b_2}{2 b_1}",
        note=(
            "At equality the rival's investment leaves the price unchanged, "
            r"$\partial p_i/\partial t_j = 0$, so the strict claim $dp_i/dt_j > 0$ of "
            "Proposition 1(i) needs the strict inequality."
        ),
        verify=_verify_assumption_1_strict,
        chapter="chapters/model",
    ),
    Erratum(
        key="cost-zero-marginal-argument",
        location="Section 2, assumptions on the investment cost",
        printed=r"\partial f^i(0, y_i)/\partial t_i = 0",
        corrected=r"\partial f^i(0, y_j)/\partial t_i = 0",
        note="Notational slip: firm i's cost depends on the rival's information $y_j$.",
        verify=None,
        chapter="chapters/model",
    ),
    Erratum(
        key="strategic-cross-partials",
        location="Section 2.1, text after Proposition 2 (strategic complements)",
        printed=(
            r"\frac{\partial^2 \pi_i}{\partial s_i \partial t_j} > 0, \qquad "
            r"\frac{\partial^2 \pi_i}{\partial s_i \partial s_j} > 0"
        ),
        corrected=(
            r"\frac{\partial^2 \pi_i}{\partial s_i \partial t_j} = 2 b_1 "
            r"\frac{\partial p_i}{\partial t_j}\frac{\partial p_i}{\partial s_i} = 0, \qquad "
            r"\frac{\partial^2 \pi_i}{\partial s_i \partial s_j} = 2 b_1 p_i "
            r"\frac{\gamma_3 (2 b_1 + b_2)}{4 b_1^2 - b_2^2} \ge 0"
            r"\quad \text{where (5) holds}"
        ),
        note=(
            "Both cross partials contain $\\partial p_i/\\partial s_i$, which the sharing "
            "condition (5) sets to zero; what is left of the second is proportional to "
            "$\\gamma_3$ and vanishes at the baseline ($\\gamma_3 = 0$). The reaction "
            "functions still slope upward (Lemma 1(ii) holds on every draw), but through "
            "the investment condition: a rival's choice moves $H_i$, and $t_i$ moves "
            "$s_i$ through $\\partial^2 p_i/\\partial s_i\\partial t_i > 0$."
        ),
        verify=_verify_strategic_cross_partials,
        chapter="chapters/bertrand",
    ),
    Erratum(
        key="eq20-cross-price",
        location="Appendix A, eq. (20)",
        printed=(
            r"q_1 = \frac{d_2 r_1 - z r_2}{d_1 d_2 - z^2} - \frac{d_2 p_1}{d_1 d_2 - z^2}"
            r" + \frac{z\,p_1}{d_1 d_2 - z^2}"
        ),
        corrected=(
            r"q_1 = \frac{d_2 r_1 - z r_2}{d_1 d_2 - z^2} - \frac{d_2 p_1}{d_1 d_2 - z^2}"
            r" + \frac{z\,p_2}{d_1 d_2 - z^2}"
        ),
        note=(
            "The cross-price term of each demand carries the rival's price ($p_2$ in $q_1$, "
            "$p_1$ in $q_2$); as printed both prices of a demand are the own price. "
            "The text's linear demand (1) is the corrected form, so nothing downstream changes."
        ),
        verify=_verify_eq20_cross_price,
        chapter="chapters/model",
    ),
    Erratum(
        key="slope-denominators",
        location="Appendix A, slope definitions after eq. (20)",
        printed=r"b_1 = \frac{d_j}{d_1 d_2 - t^2},\quad b_2 = \frac{z}{d_1 d_2 - t^2}",
        corrected=r"b_1 = \frac{d_j}{d_1 d_2 - z^2},\quad b_2 = \frac{z}{d_1 d_2 - z^2}",
        note="Typographical: $t$ for $z$ in the denominators (the intercept's is printed right).",
        verify=_verify_slope_denominators,
        chapter="chapters/model",
    ),
    Erratum(
        key="common-own-slope",
        location="Appendix A, own-price slope (implicit assumption)",
        printed=r"b_1 = \frac{d_j}{d_1 d_2 - z^2} \text{ for both firms}",
        corrected=(
            r"b_1 = \frac{d_j}{d_1 d_2 - z^2} \text{ is common to both firms only if } d_1 = d_2"
        ),
        note=(
            "Product 1's own-price slope is $d_2/(d_1 d_2 - z^2)$, product 2's is "
            "$d_1/(d_1 d_2 - z^2)$. The single $b_1$ of eq. (1) silently assumes "
            "$d_1 = d_2$; asymmetric firms (Proposition 4(i)) can differ only in $r_i$, "
            "i.e. in $a_i$."
        ),
        verify=_verify_common_own_slope,
        chapter="chapters/model",
    ),
    Erratum(
        key="prop1-strict-monotonicity",
        location="Appendix A, proof of Proposition 1(ii)",
        printed=(
            r"\frac{\partial^2 g_i}{\partial s_i \partial s_j} \le 0 \;\Rightarrow\; "
            r"\frac{\partial p_i}{\partial s_i} \text{ strictly increasing in } s_j"
        ),
        corrected=(
            r"\frac{\partial^2 p_i}{\partial s_i \partial s_j} = "
            r"\frac{\gamma_3 (2 b_1 + b_2)}{4 b_1^2 - b_2^2} \ge 0"
            r"\;\Rightarrow\; \text{weakly increasing}"
        ),
        note=(
            "With $\\gamma_3 = 0$ (the baseline) the slope does not depend on $s_j$ at all. "
            "The proof only needs the weak version, so Proposition 1(ii) is unaffected."
        ),
        verify=_verify_strict_monotonicity,
        chapter="chapters/bertrand",
    ),
    Erratum(
        key="prop3-b1-cross-partial",
        location="Appendix A, proof of Proposition 3(i)",
        printed=(
            r"\frac{\partial^2 p_i}{\partial s_i \partial b_1} = "
            r"-2\,\frac{\partial g_i}{\partial s_i}"
        ),
        corrected=(
            r"\frac{\partial^2 p_i}{\partial s_i \partial b_1} = "
            r"\frac{-2\,\partial g_i/\partial s_i}{4 b_1^2 - b_2^2}"
            r"\quad \text{where (22) vanishes}"
        ),
        note=(
            "The denominator $4b_1^2 - b_2^2$ is missing. It is positive, so the sign used in "
            "the proof is right."
        ),
        verify=_verify_b1_cross_partial,
        chapter="chapters/bertrand",
    ),
    Erratum(
        key="prop3-b1-argument",
        location="Appendix A, proof of Proposition 3(i): the sign of dH_i/db_1",
        printed=(
            r"\frac{\partial H_i}{\partial b_1} = 2 p_i \frac{\partial p_i}{\partial t_i} + "
            r"2 b_1 \frac{\partial p_i}{\partial b_1}\frac{\partial p_i}{\partial t_i} + "
            r"2 b_1 p_i \frac{\partial^2 p_i}{\partial b_1 \partial t_i} < 0"
            r"\quad\text{(from the signs of the terms)}"
        ),
        corrected=(
            r"p_i + b_1 \frac{\partial p_i}{\partial b_1} = "
            r"-\frac{b_2\,[4 b_1 b_2 (a_i + B_i) + (4 b_1^2 + b_2^2)(a_j + B_j)]}"
            r"{(4 b_1^2 - b_2^2)^2} \le 0"
        ),
        note=(
            "The first term is positive, so the signs of the displayed terms do not settle "
            "the sign. Grouping the first two terms, as above, does: the group is "
            "non-positive whenever both demand levels $a + B$ are positive, and the third "
            "term is negative. The conclusion holds on every draw (claim `prop3.i.step`); "
            "the printed argument has a gap."
        ),
        verify=_verify_b1_argument,
        chapter="chapters/bertrand",
    ),
    Erratum(
        key="prop4-part-labels",
        location="Appendix A, proof of Proposition 4",
        printed=(
            r"\text{(i) } \partial H_i/\partial \delta_d \ldots \quad "
            r"\text{(ii) } \partial H_i/\partial \gamma \ldots"
        ),
        corrected=(
            r"\text{(ii) } \partial H_i/\partial \delta_d \ldots \quad "
            r"\text{(iii) } \partial H_i/\partial \gamma \ldots"
        ),
        note=(
            "The proof labels its parts one lower than the statement: firm size (statement "
            "(i)) is treated without a label, spillovers under (i) and $\\gamma$ under (ii)."
        ),
        verify=None,
        chapter="chapters/bertrand",
    ),
    Erratum(
        key="prop5-existence",
        location="Section 2.2, the planner's and the ISA's problems (eqs. (9), (13)-(14))",
        printed=r"\max_{s, t}\; SW(s, t) \text{ and } \max_{s, t}\; \Pi_{JP}(s, t) "
        r"\text{ taken to exist}",
        corrected=r"\text{an optimum exists iff } k(1 - \rho) > c\,(1 - \gamma + \delta_d)^2,"
        r"\quad c = c_{SW} \text{ or } c_{JP}",
        note=(
            "With linear demand, revenue grows like $t^2$ and so does the cost; with the "
            "cost spillover the cost per unit of $t^2$ falls towards $k(1-\\rho)/2$. Below "
            "the bound the coordinated objective is unbounded. The paper's results are "
            "about optima, so they apply only above it."
        ),
        verify=_verify_existence,
        chapter="chapters/welfare",
    ),
    Erratum(
        key="prop5-fixed-investment-step",
        location="Appendix A, proof of Proposition 5 (comparison of (30) with (27))",
        printed=r"\text{at a fixed } t:\quad s_{NE}(t) < s_{JP}(t) < s_{SW}(t)",
        corrected=r"\text{at a fixed } t:\quad s_{NE}(t) < s_{SW}(t) \le s_{JP}(t)",
        note=(
            "The cost-spillover term of (27) and (30) is the same, but the planner weighs "
            "revenue more ($c_{SW} > c_{JP}$), so the cost saving from sharing counts for "
            "less and the ISA shares more at any fixed $t$ (equally when $\\delta_c = 0$). "
            "The ordering of the optima survives because the planner invests more, which "
            "raises the sharing it wants."
        ),
        verify=_verify_fixed_investment_step,
        chapter="chapters/welfare",
    ),
    Erratum(
        key="prop5-ties-at-full-sharing",
        location="Section 2.2, Proposition 5(ii)",
        printed=r"s_{JP} < s_{SW}",
        corrected=r"s_{JP} \le s_{SW} \text{ (equal when both share fully)}, "
        r"\quad t_{JP} < t_{SW}",
        note=(
            "Both coordinated regimes often choose full sharing, a corner the first-order "
            "comparison does not see (for example at $\\gamma_1 = 0.05$, $\\delta_d = 0.5$, "
            "$k = 10$, where Assumption 1 holds)."
        ),
        verify=_verify_full_sharing_tie,
        chapter="chapters/welfare",
    ),
    Erratum(
        key="collusion-welfare",
        location="Section 2.2, text after Proposition 5 (collusion on prices)",
        printed=r"W(\text{ISA colluding on price}) < W(\text{ISA at Bertrand prices})",
        corrected=r"\text{true at fixed } (s, t)\text{; can fail once the colluding ISA "
        r"re-optimises } (s, t)",
        note=(
            "Collusion raises the ISA's return on demand, so it invests more. For close "
            "substitutes the extra investment outweighs the price effect: at $b_2 = 0.95$, "
            "$k = 40$ (other parameters at the baseline) welfare is higher with collusion."
        ),
        verify=_verify_collusion_welfare,
        chapter="chapters/welfare",
    ),
    Erratum(
        key="welfare-optimum-asymmetric",
        location="Section 2.2, the planner's problem (9), and Appendix B, the tax (36)",
        printed=r"\max_{s, t} W(s, s, t, t) \text{ (a symmetric optimum)}",
        corrected=r"\max_{s_i, s_j, t_i, t_j} W \text{ can be asymmetric}",
        note=(
            "The planner's problem is solved over symmetric choices. On a few percent of the "
            "draws where it has a solution, welfare rises when one firm moves away from it: with "
            "leakage from the rival's sharing nearly as large as from one's own "
            "($\\gamma_2 \\approx \\gamma_1$), it is better that one firm shares fully and "
            "the other little. Example: $a = 0.8$, $b_1 = 0.5$, $b_2 = 0.07$, $\\gamma = 0.03$, "
            "$\\delta_d = 0.4$, $\\delta_c = 0.15$, $\\gamma_1 = 0.4$, $\\gamma_2 = 0.39$, "
            "$\\gamma_3 = 0$, $k = 15$, $\\rho = 0.1$: welfare 1.481 at the symmetric "
            "optimum, 1.616 with sharing (0.09, 1). The scheme's tax (36), set at the "
            "symmetric optimum, then no longer balances the budget."
        ),
        verify=_verify_asymmetric_optimum,
        chapter="chapters/mechanism",
    ),
    Erratum(
        key="leader-conditions-cost-channel",
        location="Section 3, the leader's conditions (15)-(16)",
        printed=r"G_i = 2b_1 p_i\Big(\frac{\partial p_i}{\partial s_i} + \frac{\partial p_i}"
        r"{\partial s_j}\frac{\partial s_j}{\partial s_i} + \frac{\partial p_i}{\partial t_j}"
        r"\frac{\partial t_j}{\partial s_i}\Big), \quad H_i = \ldots - f_t",
        corrected=r"G_i = \ldots - \delta_c f_y \Big(t_j \frac{\partial s_j}{\partial s_i} "
        r"+ s_j \frac{\partial t_j}{\partial s_i}\Big), \quad H_i = \ldots - \delta_c f_y "
        r"\Big(t_j \frac{\partial s_j}{\partial t_i} + s_j \frac{\partial t_j}{\partial t_i}\Big)",
        note=(
            "The leader's cost $f(t_i, \\delta_c t_j s_j)$ depends on the follower's choices, so "
            "the follower's responses also lower the leader's cost. The printed conditions keep "
            "only the price channel. The missing terms are positive when the responses are, so "
            "they strengthen Proposition 6 rather than overturn it."
        ),
        verify=_verify_leader_conditions,
        chapter="chapters/sequential",
    ),
    Erratum(
        key="prop7-sharing-ratio",
        location="Section 4, Proposition 7(i) and the text after it (the ratio of the two "
        "spillovers)",
        printed=r"\frac{ds}{d\hat\delta} \text{ ambiguous, its sign set by } "
        r"\delta_d/\hat\delta",
        corrected=r"s > 0 \iff \delta_d/\hat\delta > b_1\phi(t_0); \text{ where } s > 0, "
        r"\ \frac{ds}{d\hat\delta} < 0 \text{ at every point checked}",
        note=(
            "At a symmetric equilibrium (17) gives $s = b_2 t[\\delta_d - b_1\\hat\\delta"
            "\\phi(t)]/(4b_1\\gamma_1 - 2b_1\\gamma_3 - 2b_2\\gamma_2 - b_2\\gamma_3)$, "
            "so firms share iff $\\delta_d > b_1\\hat\\delta\\phi(t)$; on that boundary "
            "investment is $t_0$, its level without sharing, so the boundary is the ray "
            "$\\delta_d/\\hat\\delta = b_1\\phi(t_0)$. The ratio decides whether firms "
            "share at all. Wherever they share, sharing "
            "falls as $\\hat\\delta$ grows, on every draw of the section-4 sample and every "
            "point of the sign maps; only investment responds with both signs."
        ),
        verify=_verify_sharing_ratio,
        chapter="chapters/volume",
    ),
    Erratum(
        key="volume-reaction-slope",
        location="Section 4, text after Proposition 7 (slope of the sharing reaction function)",
        printed=r"\frac{\partial s_i}{\partial s_j} > 0 \text{ for small } \hat\delta, "
        r"\ < 0 \text{ for large } \hat\delta",
        corrected=r"\frac{\partial s_i}{\partial s_j} = S_{s_j} + S_t\,"
        r"\frac{\partial t_i}{\partial s_j} \text{ with } S_{s_j} \ge 0,\ "
        r"S_t \propto \delta_d - b_1\hat\delta\phi(t_j)",
        note=(
            "(17) makes firm i's sharing linear in its investment and the rival's sharing, "
            "so the slope is the leakage term plus the investment channel. It can be "
            "negative with no volume spillover at all (baseline with $k = 40$, "
            "$\\hat\\delta = 0$, rival sharing above about 0.3), where investment falls "
            "as the rival shares more. For large $\\hat\\delta$ a downward slope needs "
            "an elasticity of investment in the rival's sharing above one; none was found "
            "in the section-4 sample."
        ),
        verify=_verify_reaction_slope,
        chapter="chapters/volume",
    ),
    Erratum(
        key="volume-eq33-sign",
        location="Appendix A, proof of Proposition 7(ii), eq. (33)",
        printed=r"\ldots - (2b_1^2 + b_2^2)(c - \hat\delta s_j t_j)\phi'(t_i) \ldots",
        corrected=r"\ldots - (2b_1^2 - b_2^2)(c - \hat\delta s_j t_j)\phi'(t_i) \ldots",
        note=(
            "Sign slip in the coefficient of the marginal-cost term of "
            "$\\partial(p_i - F_i)/\\partial t_i$: $2b_1^2/D - 1 = -(2b_1^2 - b_2^2)/D$. The "
            "term stays negative, so the argument is unaffected."
        ),
        verify=_verify_eq33_sign,
        chapter="chapters/volume",
    ),
    Erratum(
        key="volume-denominators",
        location="Appendix A, proof of Proposition 7(ii), the cross derivative of the price "
        "in own investment and sharing, and the derivative of H_i in own sharing",
        printed=r"\frac{\partial^2 p_i}{\partial t_i \partial s_i} = "
        r"b_2(\delta_d - b_1\hat\delta\phi(t_j))",
        corrected=r"\frac{\partial^2 p_i}{\partial t_i \partial s_i} = "
        r"\frac{b_2(\delta_d - b_1\hat\delta\phi(t_j))}{4b_1^2 - b_2^2}",
        note=(
            "The denominator $4b_1^2 - b_2^2$ is missing, here and in the "
            "$\\partial H_i/\\partial s_i$ built from it. It is positive, so the signs the "
            "proof discusses are unaffected."
        ),
        verify=_verify_volume_denominators,
        chapter="chapters/volume",
    ),
    Erratum(
        key="appb-eq35-double-integrals",
        location="Appendix B, the subsidy (35)",
        printed=r"B_i = \Big[\int_0^{q_j^*}\!\!\int_0^{q_i^*} F_i\,dq_i\,dq_j - p_i^* q_i^*\Big] "
        r"+ \Big[\int_0^{q_i^*}\!\!\int_0^{q_j^*} F_j\,dq_j\,dq_i - f(t_j, y_i)\Big]",
        corrected=r"B_i = U(q_i^*, q_j^*) - p_i^* q_i^* - f(t_j, y_i), \quad U(x, y) = "
        r"\int_0^{x} F_i(u, 0)\,du + \int_0^{y} F_j(x, v)\,dv",
        note=(
            "A double integral of an inverse demand has the dimension of price times "
            "quantity squared, not a surplus. Gross utility is a line integral of the "
            "inverse demands; with it the subsidy is consumer surplus plus the rival's "
            "payoff, and a firm's payoff plus subsidy is total welfare for every decision."
        ),
        verify=_verify_eq35,
        chapter="chapters/mechanism",
    ),
    Erratum(
        key="appb-eq38-own-cost",
        location="Appendix B, firm i's objective (38) and the IR constraints",
        printed=r"V^i = b_1 (p_i^*)^2 + E\big[\hat B_i - \hat T_i\big]",
        corrected=r"V^i = b_1 (p_i^*)^2 - f^i(t_i, \delta_c^i s_j t_j) + E\big[\hat B_i - "
        r"\hat T_i\big]",
        note=(
            "The firm's own investment cost is missing. Without it the objective is not "
            "welfare and the firm would overinvest. The claim that the objective does not "
            "depend on the true type, $\\partial V^i/\\partial\\delta_c^i = 0$, rests on the "
            "omission; with the cost the type enters, but apart from the report."
        ),
        verify=_verify_eq38_own_cost,
        chapter="chapters/mechanism",
    ),
    Erratum(
        key="appb-truthful-reports",
        location="Appendix B, private information: (IC) and the claim of no informational rent",
        printed=r"\text{truthful reports weakly dominant; (IR) binding for every type}",
        corrected=r"\hat T_i \text{ depends on firm } i\text{'s own report: every type reports "
        r"the lowest } \delta_c",
        note=(
            "The tax (37) is the subsidy at the optimum computed from both reports, so a "
            "firm moves its own tax with its report. At the baseline with spillovers "
            "uniform on [0.3, 0.7] the expected tax rises with the report, so every type "
            "reports 0.3 and keeps a rent. Truth-telling needs a tax that depends only on "
            "the rival's report (the Groves form), for example its expectation over the "
            "firm's own type; the budget then balances only in expectation."
        ),
        verify=_verify_truthful_reports,
        chapter="chapters/mechanism",
    ),
)


def errata_markdown(errata: tuple[Erratum, ...] = ERRATA) -> str:
    """Render the registry as MyST markdown: one subsection per erratum.

    Each subsection carries the label ``erratum-<key>``, so chapters can link to an
    entry with ``{ref}`erratum-<key>``` whatever its number.

    Parameters
    ----------
    errata : tuple of Erratum
        Entries to render (the whole registry by default).

    Returns
    -------
    str
        Markdown with display math, for ``IPython.display.Markdown``.
    """
    blocks = []
    for number, entry in enumerate(errata, start=1):
        blocks.append(
            "\n".join(
                [
                    f"(erratum-{entry.key})=",
                    f"### E{number}. {entry.location}",
                    "",
                    "Printed:",
                    "",
                    f"$$ {entry.printed} $$",
                    "",
                    "Corrected:",
                    "",
                    f"$$ {entry.corrected} $$",
                    "",
                    entry.note,
                    "",
                    f"*Checked {entry.how_verified}; derivation in* `{entry.chapter}` "
                    f"*(key* `{entry.key}`*).*",
                ]
            )  # fmt: skip
        )
    return "\n\n".join(blocks)


def unconfirmed() -> list[str]:
    """Return the keys of the entries whose sympy check no longer confirms them.

    An entry is confirmed when its derivation matches the correction and differs from
    the print (:attr:`Erratum.verify`).  Kept on disk when ``ISACMODEL_CACHE`` is set
    (:func:`isacmodel.verify.cache.cached_call`): the checks take a while.
    """
    return store.cached_call(_unconfirmed)


def _unconfirmed() -> list[str]:
    return [entry.key for entry in ERRATA if entry.verify is not None and not entry.verify()]
