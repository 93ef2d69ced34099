r"""The claims of section 2.1 (chapter ``bertrand.md``): prices, reactions, comparative statics.

Propositions 1 to 4, Lemma 1 and the text around them.  Each check is a named
function: ``<claim>(sample)`` returns margins, ``<claim>_proof()`` a symbolic
verdict, ``<claim>_one_firm(sample)`` the margins of the paper's one-firm
argument.  The claims that differ only in the parameter a response is to (and its
sign) are registered by a factory that makes their named checks: :func:`reaction_claim`
(Lemma 1(ii), Proposition 2) and :func:`statics_claim` (Propositions 3 and 4).
Tests: ``tests/test_claims_bertrand.py``.
"""

from __future__ import annotations

from functools import cache

import numpy as np
import sympy as sp

from isacmodel.core.model import SYM
from isacmodel.derive import bertrand
from isacmodel.verify.claims.common import SIGN_PROVER, is_positive, levels, name_check
from isacmodel.verify.claims.registry import ASSUMPTION_1, Claim, Expected, register
from isacmodel.verify.sampling import Sample

CHAPTER = "bertrand"
A1 = (ASSUMPTION_1,)
A2 = ("Assumption 2",)
PRICE = "isacmodel.derive.bertrand:price"
SPECIALISE = "isacmodel.derive.bertrand:specialise"
FOCS = "isacmodel.derive.bertrand:first_order_conditions"
GENERAL = "isacmodel.derive.bertrand:general"
CROSS = "isacmodel.derive.bertrand:strategic_cross_partials"
EXPRESSIONS = "isacmodel.solve.nash_polynomial:evaluate_expressions"
STATICS = "isacmodel.solve.nash:comparative_statics_batch"
ONE_FIRM = "isacmodel.solve.nash:one_firm_statics_batch"


# ------------------------------------------------------------------- helpers
def price_slope(variable: sp.Symbol) -> sp.Expr:
    """``dp_i/d variable`` of the equilibrium price, specialised to the baseline forms."""
    return bertrand.specialise(sp.diff(bertrand.price(), variable))


def sharing_condition() -> sp.Expr:
    """``dp_i/ds_i``, the sharing condition (5), specialised."""
    return bertrand.specialise(bertrand.first_order_conditions()[0])


@cache
def full_sharing_is_assumption_2() -> bool:
    """At ``s_i = s_j = 1``, (4 b1^2 - b2^2) dp_i/ds_i is exactly Assumption 2's bracket."""
    gen = bertrand.general()
    bracket = -(2 * SYM.b1 * sp.diff(gen.g_i, SYM.s_i) + SYM.b2 * sp.diff(gen.g_j, SYM.s_i))
    bracket += SYM.b2 * SYM.delta_d * SYM.t_i
    bracket = bertrand.specialise(bracket).subs({SYM.s_i: 1, SYM.s_j: 1})
    at_full = (4 * SYM.b1**2 - SYM.b2**2) * sharing_condition().subs({SYM.s_i: 1, SYM.s_j: 1})
    return sp.simplify(at_full - bracket) == 0


def statics_margins(sample: Sample, variable: str, sign: float) -> np.ndarray:
    """Margins ``sign * d ln(s_i, t_i)/d variable`` at the equilibrium (both firms adjust)."""
    return np.min(sign * sample.statics(variable)[:, :2] / levels(sample), axis=1)


def one_firm_margins(sample: Sample, variable: str, sign: float) -> np.ndarray:
    """Margins ``sign * d ln(s_i, t_i)/d variable`` with firm j's choices held fixed."""
    return np.min(sign * sample.one_firm(variable) / levels(sample), axis=1)


def statics_claim(
    *,
    id: str,
    reference: str,
    expected: Expected,
    variable: str,
    sign: float,
    statement: str,
    conditions: tuple[str, ...] = (),
) -> Claim:
    """Register a comparative-statics claim, ``sign * d(s_i, t_i)/d variable > 0``, and return it.

    Its two checks are :func:`statics_margins` (at the equilibrium, both firms adjust)
    and :func:`one_firm_margins` (firm j held fixed, as the paper argues), named after
    the claim by :func:`name_check` (``prop3.i``: ``prop3_i`` and ``prop3_i_one_firm``).
    """
    relation = f"``d(s_i, t_i)/d {variable} {'>' if sign > 0 else '<'} 0``"

    def at_equilibrium(sample: Sample) -> np.ndarray:
        return statics_margins(sample, variable, sign)

    def one_firm(sample: Sample) -> np.ndarray:
        return one_firm_margins(sample, variable, sign)

    held_fixed = "with firm j held fixed, as the paper argues"
    name_check(at_equilibrium, id, f"Margins of {relation} at the equilibrium ({reference}).")
    name_check(one_firm, f"{id}.one_firm", f"Margins of {relation} {held_fixed} ({reference}).")
    return register(Claim(
        id=id, reference=reference, chapter=CHAPTER, expected=expected, statement=statement,
        conditions=conditions, numeric=at_equilibrium, one_firm=one_firm, uses=(STATICS, ONE_FIRM),
    ))  # fmt: skip


def reaction_claim(
    *,
    id: str,
    reference: str,
    expected: Expected,
    rival: str,
    statement: str,
    conditions: tuple[str, ...] = (),
) -> Claim:
    """Register a claim that firm i's reaction functions slope up in the ``rival`` choice.

    Its check, :func:`one_firm_margins` of ``rival``, is named after the claim by
    :func:`name_check` (``lemma1.ii.s``: ``lemma1_ii_s``).
    """

    def along_reactions(sample: Sample) -> np.ndarray:
        return one_firm_margins(sample, rival, 1.0)

    name_check(along_reactions, id, f"Margins ``d ln(s_i, t_i)/d{rival} > 0`` along the "
               f"reaction functions ({reference}).")  # fmt: skip
    return register(Claim(
        id=id, reference=reference, chapter=CHAPTER, expected=expected, statement=statement,
        conditions=conditions, numeric=along_reactions, uses=(ONE_FIRM,),
    ))  # fmt: skip


# ------------------------------------------------------------- Proposition 1
@cache
def prop1_i_own_proof() -> bool:
    """Proof that ``dp_i/dt_i > 0`` (Proposition 1(i), Gal-Or and Ghose 2005)."""
    return is_positive(price_slope(SYM.t_i))


def prop1_i_own(sample: Sample) -> np.ndarray:
    """Margins ``dp_i/dt_i`` at the equilibrium (Proposition 1(i))."""
    return sample.price_slopes(*sample.decisions)[0]


register(Claim(
    id="prop1.i.own", reference="Proposition 1(i)", chapter=CHAPTER, expected="proved",
    statement="A firm's price rises with its own investment: $\\partial p_i/\\partial t_i > 0$.",
    symbolic=prop1_i_own_proof, numeric=prop1_i_own, uses=(PRICE, SPECIALISE, *SIGN_PROVER),
))  # fmt: skip


@cache
def prop1_i_rival_proof() -> bool:
    """Proof that ``dp_i/dt_j > 0`` under Assumption 1 with slack (Proposition 1(i)).

    With ``gamma = delta_d s_j + b2/(2 b1) - slack`` (``s_j <= s_i``) the numerator
    of the slope is ``2 b1 slack``.
    """
    slack = sp.Symbol("slack", positive=True)
    expr = price_slope(SYM.t_j).subs(SYM.gamma, SYM.delta_d * SYM.s_j + SYM.b2 / (2 * SYM.b1)
                                     - slack)  # fmt: skip
    numerator, denominator = sp.fraction(sp.factor(expr))
    return bool(sp.simplify(numerator - 2 * SYM.b1 * slack) == 0 and is_positive(denominator))


def prop1_i_rival(sample: Sample) -> np.ndarray:
    """Margins ``dp_i/dt_j`` at the equilibrium (Proposition 1(i))."""
    return sample.price_slopes(*sample.decisions)[1]


register(Claim(
    id="prop1.i.rival", reference="Proposition 1(i)", chapter=CHAPTER, expected="proved",
    statement="A firm's price rises with its rival's investment: "
    "$\\partial p_i/\\partial t_j > 0$.",
    conditions=A1, symbolic=prop1_i_rival_proof, numeric=prop1_i_rival,
    note="Needs Assumption 1 with strict inequality (erratum E1).",
    uses=(PRICE, SPECIALISE, *SIGN_PROVER),
))  # fmt: skip


@cache
def prop1_ii_proof() -> bool:
    """Proof of the inverted U (Proposition 1(ii)).

    ``dp_i/ds_i`` is concave in ``s_i``, positive at ``s_i = 0``, rising in ``s_j``
    and, at full sharing, Assumption 2's bracket (negative).
    """
    p_si = sharing_condition()
    denominator = 4 * SYM.b1**2 - SYM.b2**2
    concave = is_positive(-sp.diff(p_si, SYM.s_i))
    rising_at_zero = is_positive(p_si.subs(SYM.s_i, 0))
    monotone_in_rival = (
        sp.simplify(sp.diff(p_si, SYM.s_j) - SYM.gamma3 * (2 * SYM.b1 + SYM.b2) / denominator) == 0
    )  # >= 0: the value at (1, s_j) is at most the value at (1, 1), negative by Assumption 2
    return bool(concave and rising_at_zero and monotone_in_rival and full_sharing_is_assumption_2())


def prop1_ii(sample: Sample) -> np.ndarray:
    """``dp_i/ds_i`` at ``s_i = 0`` and minus it at ``s_i = 1``, the smaller (Proposition 1(ii))."""
    s_i, s_j, t_i, t_j = sample.decisions
    at_zero = sample.price_slopes(0 * s_i, s_j, t_i, t_j)[2]
    at_one = sample.price_slopes(0 * s_i + 1, s_j, t_i, t_j)[2]
    return np.minimum(at_zero, -at_one)


register(Claim(
    id="prop1.ii", reference="Proposition 1(ii)", chapter=CHAPTER, expected="proved",
    statement="Price is an inverted U in own sharing: $\\partial p_i/\\partial s_i$ is positive at "
    "$s_i = 0$, negative at $s_i = 1$ and decreasing in between.",
    conditions=A2, symbolic=prop1_ii_proof, numeric=prop1_ii,
    uses=(FOCS, GENERAL, SPECIALISE, EXPRESSIONS, *SIGN_PROVER),
))  # fmt: skip


# ------------------------------------------------------------------- Lemma 1
@cache
def lemma1_i_proof() -> bool:
    """Lemma 1(i): full sharing violates Assumption 2; the printed conditions match ours."""
    printed = {row.key: row.matches for row in bertrand.printed_expressions()}
    return bool(full_sharing_is_assumption_2() and printed["lemma1-sharing"]
                and printed["lemma1-investment"])  # fmt: skip


register(Claim(
    id="lemma1.i", reference="Lemma 1(i)", chapter=CHAPTER, expected="proved",
    statement="Under Assumption 2 full sharing is not a symmetric equilibrium; the interior "
    "equilibrium solves the two conditions of Lemma 1.",
    conditions=A2, symbolic=lemma1_i_proof,
    uses=(FOCS, GENERAL, "isacmodel.derive.bertrand:printed_expressions", SPECIALISE),
))  # fmt: skip


reaction_claim(
    id="lemma1.ii.s", reference="Lemma 1(ii)", expected="holds", rival="s_j",
    statement="Reaction functions slope up in the rival's sharing: "
    "$\\partial s_i/\\partial s_j > 0$, $\\partial t_i/\\partial s_j > 0$.",
)  # fmt: skip
reaction_claim(
    id="lemma1.ii.t", reference="Lemma 1(ii)", expected="holds", rival="t_j", conditions=A1,
    statement="Reaction functions slope up in the rival's investment: "
    "$\\partial s_i/\\partial t_j > 0$, $\\partial t_i/\\partial t_j > 0$.",
)  # fmt: skip


# ------------------------------------------------------------- Proposition 2
reaction_claim(
    id="prop2.i", reference="Proposition 2(i)", expected="holds", rival="s_j",
    statement="More sharing by one firm leads the other to share and invest more.",
)  # fmt: skip
reaction_claim(
    id="prop2.ii", reference="Proposition 2(ii)", expected="holds", rival="t_j", conditions=A1,
    statement="More investment by one firm leads the other to share and invest more.",
)  # fmt: skip


def prop2_iii(sample: Sample) -> np.ndarray:
    """Return the smallest of the four reaction slopes (Proposition 2(iii), complements)."""
    return np.minimum(one_firm_margins(sample, "s_j", 1.0), one_firm_margins(sample, "t_j", 1.0))


register(Claim(
    id="prop2.iii", reference="Proposition 2(iii)", chapter=CHAPTER, expected="holds",
    statement="Investment and sharing are strategic complements: all four reaction slopes are "
    "positive.", conditions=A1, numeric=prop2_iii, uses=(ONE_FIRM,),
))  # fmt: skip


# ------------------------------------------- the text after Proposition 2
@cache
def cross_partial_si_tj_proof() -> bool:
    """Disproof: the cross partial equals ``2 b1 dp_i/dt_j dp_i/ds_i``, zero where (5) holds."""
    cross = bertrand.strategic_cross_partials()["s_i t_j"]
    price = bertrand.price()
    identity = (
        sp.simplify(cross - 2 * SYM.b1 * sp.diff(price, SYM.t_j) * sp.diff(price, SYM.s_i)) == 0
    )
    return not identity  # False = disproved: not positive at an interior equilibrium


def cross_partial_si_tj(sample: Sample) -> np.ndarray:
    """``d2 pi_i/ds_i dt_j`` at the equilibrium (section 2.1, text after Proposition 2)."""
    return sample.cross_partials()[:, 0]


register(Claim(
    id="text.cross-partial.si-tj", reference="Section 2.1, text after Proposition 2",
    chapter=CHAPTER, expected="fails",
    statement="$\\partial^2\\pi_i/\\partial s_i\\partial t_j > 0$ at the equilibrium.",
    symbolic=cross_partial_si_tj_proof, numeric=cross_partial_si_tj,
    note="It equals $2b_1\\,\\partial p_i/\\partial t_j\\,\\partial p_i/\\partial s_i$, "
    "which the sharing condition (5) sets to zero.", uses=(PRICE, SPECIALISE, CROSS),
))  # fmt: skip


def cross_partial_si_sj(sample: Sample) -> np.ndarray:
    """``d2 pi_i/ds_i ds_j`` at the equilibrium (section 2.1, text after Proposition 2)."""
    return sample.cross_partials()[:, 1]


register(Claim(
    id="text.cross-partial.si-sj", reference="Section 2.1, text after Proposition 2",
    chapter=CHAPTER, expected="partial",
    statement="$\\partial^2\\pi_i/\\partial s_i\\partial s_j > 0$ at the equilibrium.",
    numeric=cross_partial_si_sj,
    note="At the equilibrium it is proportional to $\\gamma_3$: zero when "
    "$\\gamma_3 = 0$, as at the baseline.", uses=(SPECIALISE, CROSS),
))  # fmt: skip


def cross_partial_ti_tj(sample: Sample) -> np.ndarray:
    """``d2 pi_i/dt_i dt_j`` at the equilibrium (section 2.1, text after Proposition 2)."""
    return sample.cross_partials()[:, 2]


register(Claim(
    id="text.cross-partial.ti-tj", reference="Section 2.1, text after Proposition 2",
    chapter=CHAPTER, expected="holds",
    statement="$\\partial^2\\pi_i/\\partial t_i\\partial t_j > 0$ when $\\gamma$ is small.",
    conditions=A1, numeric=cross_partial_ti_tj, uses=(SPECIALISE, CROSS),
))  # fmt: skip


@cache
def negative_spillover_proof() -> bool:
    """With ``delta_d < 0`` the sharing condition is negative at every symmetric ``s >= 0``."""
    s, e = sp.Symbol("s", nonnegative=True), sp.Symbol("e", positive=True)
    symmetric = sharing_condition().subs({SYM.s_i: s, SYM.s_j: s, SYM.delta_d: -e})
    at_zero = is_positive(-symmetric.subs(s, 0))
    positive_s = is_positive(-symmetric.subs(s, sp.Symbol("s_pos", positive=True)))
    return at_zero and positive_s


register(Claim(
    id="text.negative-spillover", reference="Section 2.1, text after Proposition 2",
    chapter=CHAPTER, expected="proved",
    statement="With a negative demand spillover ($\\delta_d < 0$) the only symmetric "
    "equilibrium has no sharing.", symbolic=negative_spillover_proof,
    uses=(FOCS, SPECIALISE, *SIGN_PROVER),
))  # fmt: skip


# ------------------------------------------------------------- Proposition 3
statics_claim(
    id="prop3.i", reference="Proposition 3(i)", expected="holds",
    variable="b1", sign=-1.0,
    statement="Less loyal consumers (larger $b_1$) lower sharing and investment: "
    "$ds/db_1 < 0$, $dt/db_1 < 0$.",
)  # fmt: skip


def prop3_i_step(sample: Sample) -> np.ndarray:
    """Margins of ``dH_i/db_1 < 0`` at the equilibrium (Appendix A, proof of Proposition 3(i))."""
    return -sample.investment_condition_slope("b1")


register(Claim(
    id="prop3.i.step", reference="Appendix A, proof of Proposition 3(i)", chapter=CHAPTER,
    expected="holds",
    statement="The step $\\partial H_i/\\partial b_1 < 0$ at the equilibrium.",
    numeric=prop3_i_step,
    note="True, but not for the reason printed: one of its three terms is positive.",
    uses=(EXPRESSIONS,),
))  # fmt: skip

statics_claim(
    id="prop3.ii", reference="Proposition 3(ii)", expected="holds",
    variable="b2", sign=1.0, conditions=A1,
    statement="More substitutable products (larger $b_2$) raise sharing and investment: "
    "$ds/db_2 > 0$, $dt/db_2 > 0$.",
)  # fmt: skip


# ------------------------------------------------------------- Proposition 4
def prop4_i(sample: Sample) -> np.ndarray:
    """Margins of ``d(s_i, t_i)/da_i > 0`` and ``d(s, t)/da > 0`` (Proposition 4(i))."""
    return np.minimum(statics_margins(sample, "a_i", 1.0), statics_margins(sample, "a", 1.0))


def prop4_i_one_firm(sample: Sample) -> np.ndarray:
    """Proposition 4(i) with firm j held fixed, as the paper argues."""
    return one_firm_margins(sample, "a_i", 1.0)


register(Claim(
    id="prop4.i", reference="Proposition 4(i)", chapter=CHAPTER, expected="holds",
    statement="Larger firms share and invest more: $ds_i/da_i > 0$, $dt_i/da_i > 0$, and both "
    "rise when both intercepts grow.", numeric=prop4_i, one_firm=prop4_i_one_firm,
    uses=(STATICS, ONE_FIRM),
))  # fmt: skip


def prop4_i_asymmetric(sample: Sample) -> np.ndarray:
    """Margins of ``s_i > s_j`` and ``t_i > t_j`` when ``a_i > a_j`` (Proposition 4(i))."""
    eq = sample.equilibria
    return np.minimum(eq.s[:, 0] / eq.s[:, 1] - 1, eq.t[:, 0] / eq.t[:, 1] - 1)


register(Claim(
    id="prop4.i.asymmetric", reference="Proposition 4(i)", chapter=CHAPTER, expected="holds",
    statement="In an equilibrium between a larger firm i ($a_i > a_j$) and a smaller firm j, "
    "the larger firm shares and invests more.", numeric=prop4_i_asymmetric,
    sample="asymmetric",
))  # fmt: skip

statics_claim(
    id="prop4.ii.dd", reference="Proposition 4(ii)", expected="holds",
    variable="delta_d", sign=1.0,
    statement="A larger demand spillover raises sharing and investment: "
    "$ds/d\\delta_d > 0$, $dt/d\\delta_d > 0$.",
)  # fmt: skip
statics_claim(
    id="prop4.ii.dc", reference="Proposition 4(ii)", expected="holds",
    variable="delta_c", sign=1.0,
    statement="A larger cost spillover raises sharing and investment: "
    "$ds/d\\delta_c > 0$, $dt/d\\delta_c > 0$.",
)  # fmt: skip
statics_claim(
    id="prop4.iii", reference="Proposition 4(iii)", expected="holds",
    variable="gamma", sign=-1.0,
    statement="A stronger business-stealing effect of the rival's investment (larger $\\gamma$) "
    "lowers sharing and investment: $ds/d\\gamma < 0$, $dt/d\\gamma < 0$.",
)  # fmt: skip
