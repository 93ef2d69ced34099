"""Section 2.1, symbolic: the general-form derivations against the printed proofs (Appendix A)."""

import pytest
import sympy as sp

from isacmodel import Params
from isacmodel.core import model
from isacmodel.core.model import SYM
from isacmodel.derive import bertrand
from isacmodel.derive.bertrand import specialise

D = 4 * SYM.b1**2 - SYM.b2**2
#: Printed expressions known to differ from the derivation (each is on the errata page).
KNOWN_ERRATA = {"d2p-dsidb1"}


def equal(left, right) -> bool:
    return sp.simplify(left - right) == 0


def provably_positive(expr, *, gamma_below: sp.Expr | None = None) -> bool:
    """Whether sympy proves ``expr > 0`` on the interior of the parameter domain.

    ``gamma = gamma_below - slack`` (when given, as Assumption 1 bounds gamma), then
    ``b1 = b2 + gap`` (``b2 < b1``) and ``gamma1 = gamma2 + gamma3 + gap1``, and every
    remaining symbol is taken strictly positive.  The numerator and denominator of the
    result must expand to sums of positive terms.
    """
    value = sp.sympify(expr)
    if gamma_below is not None:
        value = value.xreplace({SYM.gamma: gamma_below - sp.Symbol("slack")})
    gap, gap1 = sp.Symbol("gap"), sp.Symbol("gap1")
    value = value.xreplace({SYM.b1: SYM.b2 + gap, SYM.gamma1: SYM.gamma2 + SYM.gamma3 + gap1})
    value = value.xreplace({s: sp.Symbol(s.name, positive=True) for s in value.free_symbols})
    numerator, denominator = sp.fraction(sp.factor(sp.together(value)))
    return bool(sp.expand(numerator).is_positive and sp.expand(denominator).is_positive)


def test_sign_prover_can_fail():
    assert not provably_positive(SYM.b2 - SYM.b1)
    assert not provably_positive(SYM.delta_d * SYM.s_j - SYM.gamma)
    assert provably_positive(SYM.b1 - SYM.b2)


# ----------------------------------------------------------- printed expressions
def test_every_printed_expression_matches_except_the_known_erratum():
    rows = bertrand.printed_expressions()
    mismatches = {row.key for row in rows if not row.matches}
    assert mismatches == KNOWN_ERRATA
    assert bertrand.compare_printed() == {row.key: row.key not in KNOWN_ERRATA for row in rows}


def test_printed_rows_have_unique_keys_and_say_where_they_are_printed():
    rows = bertrand.printed_expressions()
    assert len({row.key for row in rows}) == len(rows) == 40
    for row in rows:
        assert row.location and row.name, row.key
    conditional = {row.key for row in rows if row.condition}
    assert conditional == {"dp-dsj-at-focj", "d2p-dsidb1"}


def test_proposition_3_i_erratum_printed_d2p_dsi_db1_lacks_the_denominator():
    """Printed ``-2 dg_i/ds_i``; under (22) = 0 the derivative is that over ``4 b1^2 - b2^2``."""
    (row,) = [row for row in bertrand.printed_expressions() if row.key == "d2p-dsidb1"]
    g_si = sp.diff(bertrand.general().g_i, SYM.s_i)
    assert equal(row.printed, -2 * g_si)
    assert equal(row.derived, row.printed / D)
    assert not equal(row.derived, row.printed)


# ------------------------------------------------- general form versus baseline
def test_specialised_price_is_the_model_price():
    assert equal(specialise(bertrand.price()), model.equilibrium_prices()[0])


def test_specialised_profit_is_the_reduced_profit_eq4():
    assert equal(specialise(bertrand.profit()), model.reduced_profit())


def test_specialise_replaces_every_general_function():
    expressions = [bertrand.profit(), *bertrand.first_order_conditions(), *bertrand.matrix_m()]
    for expr in expressions:
        assert not specialise(expr).atoms(sp.Function, sp.Derivative, sp.Subs)


def test_eq5_eq6_first_order_conditions_in_the_papers_form():
    """(5): dpi_i/ds_i = 2 b1 p_i dp_i/ds_i; (6): H_i = 2 b1 p_i dp_i/dt_i - f_t."""
    p, pi = bertrand.price(), bertrand.profit()
    sharing, investment = bertrand.first_order_conditions()
    assert equal(sharing, sp.diff(p, SYM.s_i))
    assert equal(sp.diff(pi, SYM.s_i), 2 * SYM.b1 * p * sharing)
    f_t = bertrand.general().f_t()
    assert equal(investment, 2 * SYM.b1 * p * sp.diff(p, SYM.t_i) - f_t)


def test_specialised_first_order_conditions_differentiate_the_model():
    sharing, investment = (specialise(c) for c in bertrand.first_order_conditions())
    assert equal(sharing, sp.diff(model.equilibrium_prices()[0], SYM.s_i))
    assert equal(investment, sp.diff(model.reduced_profit(), SYM.t_i))


def test_matrix_m_differentiates_the_two_conditions_in_own_choices():
    p = bertrand.price()
    h_i = bertrand.first_order_conditions()[1]
    expected = sp.Matrix(
        [
            [sp.diff(p, SYM.s_i, 2), sp.diff(p, SYM.s_i, SYM.t_i)],
            [sp.diff(h_i, SYM.s_i), sp.diff(h_i, SYM.t_i)],
        ]
    )
    m = bertrand.matrix_m()
    assert m.shape == (2, 2)
    for got, want in zip(m, expected, strict=True):
        assert equal(got, want)


def test_matrix_m_entries_of_the_baseline():
    m = bertrand.matrix_m().applyfunc(specialise)
    gamma1, gamma2, b1, b2 = SYM.gamma1, SYM.gamma2, SYM.b1, SYM.b2
    assert equal(m[0, 0], -(4 * b1 * gamma1 - 2 * b2 * gamma2) / D)
    assert equal(m[0, 1], b2 * SYM.delta_d / D)
    p = model.equilibrium_prices()[0]
    sharing = sp.diff(p, SYM.s_i)
    assert equal(m[1, 0], 2 * b1 * (sharing * sp.diff(p, SYM.t_i) + p * m[0, 1]))


@pytest.mark.parametrize("variable", ["s_j", "t_j", *bertrand.COMPARATIVE_STATICS_PARAMETERS])
def test_right_hand_side_differentiates_the_conditions(variable):
    conditions = bertrand.first_order_conditions()
    if variable == "a":
        wanted = [sp.diff(c, SYM.a_i) + sp.diff(c, SYM.a_j) for c in conditions]
    else:
        wanted = [sp.diff(c, getattr(SYM, variable)) for c in conditions]
    for got, want in zip(bertrand.right_hand_side(variable), wanted, strict=True):
        assert equal(got, want)


# ----------------------------------------------------- signs the proofs state
def d(*variables):
    return specialise(sp.diff(bertrand.price(), *variables))


def test_proposition_1_own_investment_raises_the_price():
    assert provably_positive(d(SYM.t_i), gamma_below=sp.S.One)  # gamma < 1


def test_proposition_1_rival_investment_raises_the_price_under_assumption_1():
    bound = SYM.delta_d * SYM.s_j + SYM.b2 / (2 * SYM.b1)
    assert provably_positive(d(SYM.t_j), gamma_below=bound)


def test_proposition_1_sharing_pays_at_zero_sharing_with_investment():
    """Assumption 2's first part: dp_i/ds_i = b2 delta_d t_i / D > 0 at s_i = s_j = 0."""
    at_zero = d(SYM.s_i).subs({SYM.s_i: 0, SYM.s_j: 0})
    assert equal(at_zero, SYM.b2 * SYM.delta_d * SYM.t_i / D)
    assert provably_positive(at_zero)


def test_proposition_2_investment_and_sharing_are_complements():
    """d2p_i/dt_i ds_i = b2 delta_d / D > 0 (the off-diagonal entry of M)."""
    cross = d(SYM.t_i, SYM.s_i)
    assert equal(cross, SYM.b2 * SYM.delta_d / D)
    assert provably_positive(cross)


def test_proposition_2_price_is_concave_in_own_sharing():
    assert provably_positive(-d(SYM.s_i, 2))


def test_proposition_2_rival_sharing_raises_own_marginal_value_of_sharing():
    assert equal(d(SYM.s_i, SYM.s_j), (2 * SYM.b1 + SYM.b2) * SYM.gamma3 / D)
    assert provably_positive(d(SYM.s_i, SYM.s_j))


@pytest.mark.parametrize(
    "variables",
    [(SYM.t_i, SYM.s_j), (SYM.s_i, SYM.t_j), (SYM.t_i, SYM.t_j), (SYM.s_i, SYM.gamma)],
    ids=lambda v: f"{v[0]}-{v[1]}",
)
def test_cross_derivatives_the_proofs_set_to_zero_vanish(variables):
    assert d(*variables) == 0


@pytest.mark.parametrize(
    ("variables", "expected"),
    [
        ((SYM.a_i,), 2 * SYM.b1 / D),
        ((SYM.a_j,), SYM.b2 / D),
        ((SYM.t_i, SYM.delta_d), SYM.b2 * SYM.s_i / D),
        ((SYM.s_i, SYM.delta_d), SYM.b2 * SYM.t_i / D),
        ((SYM.t_i, SYM.gamma), -SYM.b2 / D),
    ],
    ids=["dp-dai", "dp-daj", "d2p-dtiddd", "d2p-dsiddd", "d2p-dtidgamma"],
)
def test_proposition_4_price_derivatives_and_their_signs(variables, expected):
    value = d(*variables)
    assert equal(value, expected)
    sign = -1 if variables[-1] == SYM.gamma else 1
    assert provably_positive(sign * value)


def test_proposition_4_cost_spillover_raises_the_marginal_value_of_investment():
    """dH_i/d delta_c = -f_ty t_j s_j > 0 because f_ty < 0."""
    value = specialise(bertrand.right_hand_side("delta_c")[1])
    assert equal(
        value,
        SYM.k * SYM.rho * SYM.s_j * SYM.t_i * SYM.t_j / (1 + SYM.delta_c * SYM.s_j * SYM.t_j) ** 2,
    )
    assert provably_positive(value)


def test_proposition_2_strategic_cross_partials():
    """d2pi/ds_i dt_j = 2 b1 p_tj p_si vanishes at an interior optimum; the t_i partials do not."""
    cross = bertrand.strategic_cross_partials()
    p = bertrand.price()
    assert equal(cross["s_i t_j"], 2 * SYM.b1 * sp.diff(p, SYM.t_j) * sp.diff(p, SYM.s_i))
    # at the baseline equilibrium (s, t) = (0.0508, 0.0773) of solve_nash
    point = {**SYM.values(Params()), SYM.s_i: 0.05083424698, SYM.s_j: 0.05083424698}
    point |= {SYM.t_i: 0.07726805541, SYM.t_j: 0.07726805541}
    values = {key: float(specialise(expr).subs(point)) for key, expr in cross.items()}
    assert values["s_i t_j"] == pytest.approx(0, abs=1e-9)
    assert values["t_i t_j"] > 0.01 and values["t_i s_j"] > 0.01
