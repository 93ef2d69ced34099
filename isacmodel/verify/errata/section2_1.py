"""Errata of sections 2 and 2.1 (the model, the Bertrand game) and their proofs in Appendix A.

The assumptions of section 2, Appendix A's demand derivation (eq. (20)) and the proofs
of Propositions 1-4; derivations in the model and Bertrand chapters.
The entries, in the order of the paper, are :data:`ERRATA`;
:mod:`isacmodel.verify.errata` joins the parts into the registry.
"""

from __future__ import annotations

import sympy as sp

from isacmodel.core import model
from isacmodel.core.model import SYM
from isacmodel.core.params import assumption_1_bound
from isacmodel.derive import bertrand, consumer
from isacmodel.derive.bertrand import PrintedExpression
from isacmodel.derive.consumer import U
from isacmodel.verify.errata.entry import Erratum, corrects, differs, same

__all__ = ["ERRATA"]


def _verify_eq20_cross_price() -> bool:
    derived = consumer.derived_demand()
    printed = consumer.printed_demand_eq20()
    det = U.determinant
    corrected = (
        (U.d2 * U.r1 - U.z * U.r2) / det - U.d2 * U.p1 / det + U.z * U.p2 / det,
        (U.d1 * U.r2 - U.z * U.r1) / det - U.d1 * U.p2 / det + U.z * U.p1 / det,
    )
    triples = zip(derived, printed, corrected, strict=True)
    return all(corrects(*triple) for triple in triples)


def _verify_slope_denominators() -> bool:
    derived = consumer.demand_coefficients()
    printed = consumer.printed_demand_coefficients()
    corrected = {"b1": U.d2 / U.determinant, "b2": U.z / U.determinant}
    return all(corrects(derived[name], printed[name], corrected[name]) for name in ("b1", "b2"))


def _verify_common_own_slope() -> bool:
    own_slope_1 = -sp.diff(consumer.derived_demand()[0], U.p1)
    own_slope_2 = -sp.diff(consumer.derived_demand()[1], U.p2)
    return differs(own_slope_1, own_slope_2) and same(
        own_slope_1.subs(U.d1, U.d2), own_slope_2.subs(U.d1, U.d2)
    )


def _verify_assumption_1_strict() -> bool:
    p_i = model.equilibrium_prices()[0]
    dp_dtj = sp.diff(p_i, SYM.t_j)
    gamma_bar = assumption_1_bound(SYM, SYM.s_j)  # s_j the smaller sharing level
    at_boundary = sp.simplify(dp_dtj.subs(SYM.gamma, gamma_bar))
    return at_boundary == 0


def _printed_row(key: str) -> PrintedExpression:
    """Return the row ``key`` of the Bertrand chapter's printed-versus-derived table."""
    return {row.key: row for row in bertrand.printed_expressions()}[key]


def _verify_strategic_cross_partials() -> bool:
    """Check both cross partials factor through dp_i/ds_i, the rest proportional to gamma_3."""
    price = bertrand.price()
    partials = bertrand.strategic_cross_partials()
    two_b1 = 2 * SYM.b1
    s_t = same(partials["s_i t_j"], two_b1 * sp.diff(price, SYM.t_j) * sp.diff(price, SYM.s_i))
    s_s = same(
        partials["s_i s_j"],
        two_b1 * (sp.diff(price, SYM.s_j) * sp.diff(price, SYM.s_i)
                  + price * sp.diff(price, SYM.s_i, SYM.s_j)),
    )  # fmt: skip
    mixed = bertrand.specialise(sp.diff(price, SYM.s_i, SYM.s_j))
    proportional_to_gamma3 = same(
        mixed, SYM.gamma3 * (2 * SYM.b1 + SYM.b2) / (4 * SYM.b1**2 - SYM.b2**2)
    )
    return s_t and s_s and proportional_to_gamma3


def _verify_strict_monotonicity() -> bool:
    """Check d2p_i/ds_i ds_j is non-zero in general and zero when gamma_3 = 0."""
    mixed = bertrand.specialise(sp.diff(bertrand.price(), SYM.s_i, SYM.s_j))
    return differs(mixed, 0) and same(mixed.subs(SYM.gamma3, 0), 0)


def _verify_b1_cross_partial() -> bool:
    row = _printed_row("d2p-dsidb1")

    g_si = sp.diff(bertrand.general().g_i, SYM.s_i)
    corrected = bertrand.at_own_condition(-2 * g_si / (4 * SYM.b1**2 - SYM.b2**2))
    return corrects(row.derived, row.printed, corrected)


def _verify_b1_argument() -> bool:
    """Check the combination p + b1 dp/db1 and the decomposition of dH_i/db1."""
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
    return same(combination, claimed) and same(h_b1, decomposition)


#: This part's entries, in the order of the paper.
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
)
