"""Section 2 and Appendix A: the derivations agree with the printed equations (or the errata)."""

import numpy as np
import pytest
import sympy as sp
from hypothesis import given, settings
from hypothesis import strategies as st

from isacmodel import Params
from isacmodel.core import model
from isacmodel.core.model import SYM
from isacmodel.core.signs import admissible_domain, is_positive, positive_domain, sign_of
from isacmodel.derive import consumer
from isacmodel.derive.consumer import U


def test_eq21_bertrand_prices_derived_equal_printed():
    p_i, p_j = model.bertrand_prices()
    printed = model.printed_prices_eq21()
    assert sp.simplify(p_i - printed) == 0
    assert sp.simplify(p_j - model.swap_firms(printed)) == 0


def test_eq4_quantity_equals_b1_times_price_at_bertrand_prices():
    p_i, p_j = model.bertrand_prices()
    q_i = model.demand().xreplace({SYM.p_i: p_i, SYM.p_j: p_j})
    assert sp.simplify(q_i - SYM.b1 * p_i) == 0


def test_eq4_reduced_profit_equals_revenue_minus_cost_at_the_equilibrium():
    p_i, p_j = model.equilibrium_prices()
    shifts = {SYM.B_i: model.demand_shift(), SYM.B_j: model.swap_firms(model.demand_shift())}
    q_i = model.demand().xreplace(shifts).xreplace({SYM.p_i: p_i, SYM.p_j: p_j})
    direct = p_i * q_i - model.fixed_cost(model.cost_spillover())
    assert sp.simplify(direct - model.reduced_profit()) == 0


def test_proposition_1_price_derivatives_in_investment_match_the_proof():
    price = model.equilibrium_prices()[0]
    b1, b2, gamma, delta_d = SYM.b1, SYM.b2, SYM.gamma, SYM.delta_d
    printed_dt_i = (2 * b1 + b2 * (delta_d * SYM.s_i - gamma)) / (4 * b1**2 - b2**2)
    printed_dt_j = (2 * b1 * (delta_d * SYM.s_j - gamma) + b2) / (4 * b1**2 - b2**2)
    assert sp.simplify(sp.diff(price, SYM.t_i) - printed_dt_i) == 0
    assert sp.simplify(sp.diff(price, SYM.t_j) - printed_dt_j) == 0


def test_swap_firms_is_an_involution():
    expr = model.reduced_profit()
    assert sp.simplify(model.swap_firms(model.swap_firms(expr)) - expr) == 0


@pytest.mark.parametrize("check", model.assumed_properties(), ids=lambda c: c.name)
def test_baseline_cost_and_leakage_have_every_property_the_paper_assumes(check):
    assert check.holds, f"{check.function}: {check.name} not proved; expression {check.expression}"


def test_sign_checker_can_fail():
    # the property machinery rejects a cost that violates f_y < 0
    t, y = SYM.t_i, SYM.y_j
    rising = SYM.k / 2 * t**2 * (1 + y)
    positive = {t: sp.Symbol("t", positive=True), y: sp.Symbol("y", positive=True)}
    assert sign_of(sp.diff(rising, y), "negative", positive) is False
    assert sign_of(sp.diff(rising, y), "positive", positive) is True
    assert sign_of(SYM.t_i - 1, "positive") is None


def test_appendix_a_eq19_first_order_conditions():
    foc1, foc2 = consumer.first_order_conditions()
    assert sp.simplify(foc1 - (U.r1 - U.d1 * U.q1 - U.z * U.q2 - U.p1)) == 0
    assert sp.simplify(foc2 - (U.r2 - U.d2 * U.q2 - U.z * U.q1 - U.p2)) == 0


def test_appendix_a_demand_coefficients_map_to_eq1():
    coefficients = consumer.demand_coefficients()
    det = U.d1 * U.d2 - U.z**2
    assert sp.simplify(coefficients["a_plus_B"] - (U.d2 * U.r1 - U.z * U.r2) / det) == 0
    assert sp.simplify(coefficients["b1"] - U.d2 / det) == 0
    assert sp.simplify(coefficients["b2"] - U.z / det) == 0
    # d_j > z makes the own-price slope exceed the cross-price slope, as eq. (1) needs
    gap = sp.Symbol("gap", positive=True)
    difference = (coefficients["b1"] - coefficients["b2"]).subs(U.d2, U.z + gap)
    assert sp.simplify(difference.subs(U.d1, U.z + gap)).is_positive


def test_appendix_a_leakage_derivatives_match_the_printed_ones():
    derived = consumer.leakage_derivatives()
    printed = consumer.printed_leakage_derivatives()
    assert derived.keys() == printed.keys()
    for name, expected in printed.items():
        assert sp.simplify(derived[name] - expected) == 0, name


admissible = st.fixed_dictionaries(
    {
        "b1": st.floats(0.5, 2.0),
        "b2_share": st.floats(0.0, 0.95),
        "gamma": st.floats(0.0, 0.9),
        "delta_d": st.floats(0.0, 1.0),
        "delta_c": st.floats(0.0, 1.0),
        "k": st.floats(1.0, 20.0),
        "rho": st.floats(0.0, 0.9),
    }
)
decisions = st.tuples(*[st.floats(0.0, 1.0)] * 2, *[st.floats(0.0, 3.0)] * 2)


@settings(max_examples=60, deadline=None)
@given(admissible, decisions)
def test_numeric_price_and_profit_match_the_symbolic_expressions(draw, point):
    p = Params(
        b1=draw["b1"], b2=draw["b2_share"] * draw["b1"], gamma=draw["gamma"],
        delta_d=draw["delta_d"], delta_c=draw["delta_c"], k=draw["k"], rho=draw["rho"],
    )  # fmt: skip
    values = {**SYM.values(p), **dict(zip(SYM.decisions(), point, strict=True))}
    price = float(model.equilibrium_prices()[0].subs(values))
    profit = float(model.reduced_profit().subs(values))
    assert model.price_numeric(p, *point) == pytest.approx(price, rel=1e-10, abs=1e-12)
    assert model.profit_numeric(p, *point) == pytest.approx(profit, rel=1e-10, abs=1e-12)


def test_numeric_functions_broadcast_over_arrays():
    s = np.linspace(0, 1, 5)
    prices = model.price_numeric(Params(), s, s[::-1], 0.1, np.full(5, 0.2))
    assert prices.shape == (5,) and np.all(np.isfinite(prices))
    assert model.demand_shift_numeric(Params(), 0.0, 0.0, 0.0, 0.0).shape == ()


def test_firm_j_price_is_firm_i_price_with_roles_swapped():
    p = Params(a_i=1.0, a_j=1.4)
    rng = np.random.default_rng(0)
    for s_i, s_j, t_i, t_j in rng.uniform(0, 1, (5, 4)):
        values = {**SYM.values(p), SYM.s_i: s_i, SYM.s_j: s_j, SYM.t_i: t_i, SYM.t_j: t_j}
        p_j = float(model.equilibrium_prices()[1].subs(values))
        swapped = model.price_numeric(p.replace(a_i=p.a_j, a_j=p.a_i), s_j, s_i, t_j, t_i)
        assert swapped == pytest.approx(p_j, rel=1e-12)
        assert abs(p_j - model.price_numeric(p, s_i, s_j, t_i, t_j)) > 1e-3  # sizes differ


@pytest.mark.parametrize(
    ("point", "message"),
    [
        ((1.2, 0.0, 0.1, 0.1), r"s_i must be finite and in \[0, 1\] \(got s_i=1.2\)"),
        ((0.0, -0.1, 0.1, 0.1), r"s_j must be finite and in \[0, 1\] \(got s_j=-0.1\)"),
        ((0.0, 0.0, np.nan, 0.1), r"t_i must be finite and in \[0, inf\) \(got t_i=nan\)"),
        ((0.0, 0.0, 0.1, [0.1, -2.0]), r"t_j must be finite and in \[0, inf\) \(got t_j=-2.0\)"),
    ],
)
def test_numeric_functions_reject_decisions_outside_the_domain(point, message):
    with pytest.raises(ValueError, match=message):
        model.profit_numeric(Params(), *point)


def test_assumption_2_margin_of_params_equals_the_sympy_bracket():
    """Params hand-codes the bracket of Assumption 2; it must equal the derivation."""
    g_i = model.leakage()
    g_j = model.swap_firms(g_i)
    bracket = -(2 * SYM.b1 * sp.diff(g_i, SYM.s_i) + SYM.b2 * sp.diff(g_j, SYM.s_i))
    bracket += SYM.b2 * SYM.delta_d * SYM.t_i
    # the bracket is the numerator of dp_i/ds_i, eq. (22), times (4 b1^2 - b2^2)
    dp_ds = sp.diff(model.equilibrium_prices()[0], SYM.s_i)
    assert sp.simplify(dp_ds * (4 * SYM.b1**2 - SYM.b2**2) - bracket) == 0
    s = sp.Symbol("s")
    rng = np.random.default_rng(1)
    for _ in range(20):
        p = Params(b2=rng.uniform(0, 0.9), delta_d=rng.uniform(0, 1), gamma1=rng.uniform(0.05, 0.3),
                   gamma2=rng.uniform(0, 0.02), gamma3=rng.uniform(0, 0.02))  # fmt: skip
        level, t = rng.uniform(0, 1), rng.uniform(0, 3)
        symbolic = bracket.subs({SYM.s_i: s, SYM.s_j: s}).subs(
            {**SYM.values(p), s: level, SYM.t_i: t}
        )
        assert p.assumption_2_margin(level, t) == pytest.approx(float(symbolic), abs=1e-12)
    t_bar = sp.solve(bracket.subs({SYM.s_i: 1, SYM.s_j: 1}), SYM.t_i)[0]
    assert float(t_bar.subs(SYM.values(Params()))) == pytest.approx(Params().assumption_2_t_bar())


def test_the_sign_prover_answers_proved_disproved_or_undecided():
    x = sp.Symbol("x", positive=True)
    assert sign_of(x / (1 + x), "positive") is True
    assert sign_of(-x / (1 + x), "positive") is False
    assert sign_of(x - 1, "positive") is None
    assert sign_of(sp.Integer(0), "zero") is True and sign_of(-x, "nonpositive") is True
    # on the admissible domain b2 < b1, rho < 1, gamma1 > gamma2 + gamma3
    assert is_positive(SYM.b1 - SYM.b2, admissible_domain())
    assert is_positive(1 - SYM.rho, positive_domain())
    assert is_positive(SYM.gamma1 - SYM.gamma2 - SYM.gamma3, positive_domain())
    assert not is_positive(SYM.b2 - SYM.b1, admissible_domain())
    with pytest.raises(ValueError, match="sign must be one of"):
        sign_of(x, "big")
