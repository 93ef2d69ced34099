"""Section 2.2: welfare derived from utility, eqs. (9)-(14), (27)-(31), the regimes' optima.

The claims of Proposition 5 themselves are tested in ``test_claims_welfare.py``; here are
the derivations, the solvers (per point, batch, brute-force checks) and the steps
that hold one choice fixed.
"""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest
import sympy as sp

from isacmodel import Params, solve_nash
from isacmodel.core import model
from isacmodel.core.compile import compile_expressions, parameter_values
from isacmodel.core.model import SYM
from isacmodel.derive import bertrand, welfare
from isacmodel.derive.consumer import U
from isacmodel.solve import nash, optima

B1, B2 = SYM.b1, SYM.b2


def test_utility_parameters_invert_the_demand_system():
    parameters = welfare.utility_parameters()
    denominator = B1**2 - B2**2
    assert sp.simplify(parameters[U.d1] - B1 / denominator) == 0
    assert sp.simplify(parameters[U.z] - B2 / denominator) == 0
    assert sp.simplify(parameters[U.r1] - (B1 * welfare.L_I + B2 * welfare.L_J) / denominator) == 0


def test_symmetric_welfare_is_eq_9():
    derived = welfare.symmetric(welfare.welfare())
    assert sp.simplify(derived - welfare.printed_welfare_eq9()) == 0


def test_consumer_and_producer_surplus_add_up_to_welfare():
    total = welfare.consumer_surplus() + welfare.producer_surplus()
    assert sp.simplify(total - welfare.welfare()) == 0


def test_joint_profit_is_the_sum_of_the_reduced_profits():
    profit_i = bertrand.profit()
    profit_j = model.swap_firms(profit_i).subs(
        bertrand.f(SYM.t_j, SYM.delta_c * SYM.t_j * SYM.s_j),
        bertrand.f(SYM.t_j, SYM.delta_c * SYM.t_i * SYM.s_i),
    )
    assert sp.simplify(welfare.joint_profit() - profit_i - profit_j) == 0


def test_joint_profit_at_symmetric_points_is_the_texts_formula():
    level = welfare._symmetric_level()
    printed = 2 * B1 * level**2 / (2 * B1 - B2) ** 2 - 2 * bertrand.f(
        welfare.T, SYM.delta_c * welfare.T * welfare.S
    )
    derived = welfare.symmetric(welfare.joint_profit())
    assert sp.simplify(welfare.generic_cubics(derived - printed)) == 0


@pytest.mark.parametrize("row", welfare.printed_conditions(), ids=lambda row: row.key)
def test_printed_conditions_of_section_2_2_match(row):
    assert row.matches, row.key


def test_a_wrong_printed_condition_is_caught():
    """Negative control: change (3 b1 - 2 b2) to (3 b1 - b2) in eq. (27)."""
    (eq27,) = [row for row in welfare.printed_conditions() if row.key == "eq27"]
    wrong = eq27.printed.subs(3 * B1 - 2 * B2, 3 * B1 - B2)
    assert wrong != eq27.printed
    assert not dataclasses.replace(eq27, printed=wrong).matches


def test_generic_cubics_keep_derivatives_independent():
    g_s = sp.diff(bertrand.g(welfare.S, welfare.S), welfare.S)
    assert welfare.generic_cubics(g_s).subs(welfare.S, 0) == sp.Symbol("c_01") + sp.Symbol("c_10")


def test_comparison_of_28_and_29_holds_beyond_assumption_1():
    """The proof's inequality needs gamma - delta_d s < (b1 + 2 b2)/(3 b1), weaker than A1."""
    threshold = welfare.second_stage_comparison_threshold()
    assert sp.simplify(threshold - (B1 + 2 * B2) / (3 * B1)) == 0
    assert sp.simplify(threshold - B2 / (2 * B1) - (2 * B1 + B2) / (6 * B1)) == 0  # > A1's bound


def test_collusive_price_and_quantity_are_the_texts():
    price, quantity = welfare.collusive_price()
    assert sp.simplify(price - welfare.L_I / (2 * (B1 - B2))) == 0
    assert sp.simplify(quantity - welfare.L_I / 2) == 0
    bertrand_quantity = B1 * welfare.L_I / (2 * B1 - B2)
    gap = sp.factor(bertrand_quantity - quantity)  # q_NE - q_JP = b2 L / (2 (2 b1 - b2))
    assert sp.simplify(gap - B2 * welfare.L_I / (2 * (2 * B1 - B2))) == 0


def test_welfare_at_the_baseline_equilibrium_is_profits_plus_consumer_surplus():
    params = Params()
    eq = solve_nash(params)
    values = {**SYM.values(params), SYM.s_i: eq.s[0], SYM.s_j: eq.s[1], SYM.t_i: eq.t[0],
              SYM.t_j: eq.t[1]}  # fmt: skip

    def at_equilibrium(expr):
        return float(bertrand.specialise(expr).subs(values))

    surplus, total = at_equilibrium(welfare.consumer_surplus()), at_equilibrium(welfare.welfare())
    assert surplus > 0
    assert np.isclose(total, surplus + sum(eq.profit), rtol=1e-12)


# ------------------------------------------------------ the coordinated regimes
from isacmodel.solve.results import EquilibriumError  # noqa: E402

BERTRAND_REGIMES = ("social optimum", "joint profit")
SOLVERS = {
    "social optimum": optima.solve_social_optimum,
    "joint profit": optima.solve_joint_profit,
    "collusion": optima.solve_collusion,
}


@pytest.mark.parametrize("regime", BERTRAND_REGIMES)
def test_symmetric_objective_is_the_specialised_objective(regime):
    """The c (a + B)^2 - 2 f form equals the full derivation at random symmetric points."""
    full = bertrand.specialise(welfare._regime_objective(regime))
    compact = welfare.symmetric_objective(regime)
    rng = np.random.default_rng(0)
    for _ in range(5):
        values = {symbol: float(rng.uniform(0.05, 0.45)) for symbol in SYM.parameters()}
        values[SYM.b1] = 1.0 + values[SYM.b1]
        s, t = rng.uniform(0, 1), rng.uniform(0, 2)
        point = {SYM.s_i: s, SYM.s_j: s, SYM.t_i: t, SYM.t_j: t, SYM.a_j: values[SYM.a_i]}
        exact = float(full.subs(point).subs(values))
        fast = float(compact.subs({welfare.S: s, welfare.T: t}).subs(values))
        assert np.isclose(exact, fast, rtol=1e-12), (regime, exact, fast)


def test_baseline_regimes_and_their_ordering():
    params = Params()
    nash_eq = solve_nash(params)
    planner = optima.solve_social_optimum(params)
    isa = optima.solve_joint_profit(params)
    assert planner.s[0] == pytest.approx(0.8481, abs=1e-4)
    assert planner.t[0] == pytest.approx(0.3018, abs=1e-4)
    assert isa.s[0] == pytest.approx(0.2297, abs=1e-4)
    assert isa.t[0] == pytest.approx(0.0887, abs=1e-4)
    for optimum in (planner, isa):
        assert optimum.interior and optimum.second_order and optimum.residual < 1e-9
    assert planner.welfare > isa.welfare > nash_eq.welfare
    assert sum(isa.profit) > sum(nash_eq.profit)
    assert nash_eq.s[0] < isa.s[0] < planner.s[0] and nash_eq.t[0] < isa.t[0] < planner.t[0]


@pytest.mark.parametrize("regime", welfare.REGIMES)
@pytest.mark.parametrize("changes", [{}, {"delta_c": 0.0}, {"b2": 0.3, "gamma": 0.1}, {"k": 6.0}])
def test_optimum_beats_a_brute_force_grid(regime, changes):
    params = Params(**changes)
    optimum = SOLVERS[regime](params)
    s, t = np.meshgrid(np.linspace(0, 1, 201), np.linspace(0, 3 * optimum.t[0] + 0.5, 801))
    objective = _objectives()[regime]
    grid = objective(params, s, s, t, t)
    best = objective(params, *optimum.s, *optimum.t)
    assert float(best) >= grid.max() - 1e-12
    assert float(best) - grid.max() < 1e-3  # the grid gets close


def _objectives():
    return {"social optimum": welfare.welfare_numeric, "joint profit": _joint_profit,
            "collusion": _collusive_profit}  # fmt: skip


def _collusive_profit(params, s_i, s_j, t_i, t_j):
    """Both firms' profits at the collusive price (a + B)/(2 (b1 - b2)), from first principles."""
    level = params.a_i + model.demand_shift_numeric(params, s_i, s_j, t_i, t_j)
    price, quantity = level / (2 * (params.b1 - params.b2)), level / 2
    minus_cost = (
        model.profit_numeric(params, s_i, s_j, t_i, t_j)
        - params.b1 * model.price_numeric(params, s_i, s_j, t_i, t_j) ** 2
    )
    return 2 * (price * quantity + minus_cost)


def _joint_profit(params, s_i, s_j, t_i, t_j):
    return model.profit_numeric(params, s_i, s_j, t_i, t_j) + model.profit_numeric(
        params.replace(a_i=params.a_j, a_j=params.a_i), s_j, s_i, t_j, t_i
    )


@pytest.mark.parametrize("regime", welfare.REGIMES)
def test_existence_margin_separates_bounded_from_unbounded(regime):
    base = Params()
    coefficient = float(welfare.revenue_coefficient(regime).subs({B1: base.b1, B2: base.b2}))
    k_critical = coefficient * (1 - base.gamma + base.delta_d) ** 2 / (1 - base.rho)
    objective = _objectives()[regime]
    far = np.array([1e4, 1e5])
    for factor, bounded in ((1.05, True), (0.95, False)):
        params = base.replace(k=factor * k_critical)
        assert (welfare.existence_margin(params, regime) > 0) is bounded
        along_full_sharing = objective(params, 1.0, 1.0, far, far)
        assert bool(along_full_sharing[1] < along_full_sharing[0]) is bounded
    with pytest.raises(EquilibriumError, match="unbounded"):
        SOLVERS[regime](base.replace(k=0.95 * k_critical))


def test_regime_errors():
    with pytest.raises(ValueError, match="symmetric firms"):
        optima.solve_social_optimum(Params(a_i=1.2))
    with pytest.raises(ValueError, match="regime must be one of"):
        welfare.revenue_coefficient("cartel")


def test_no_sharing_equilibrium_solves_the_investment_condition_at_zero_sharing():
    params = Params()
    none = optima.solve_nash_no_sharing(params)
    h = nash_conditions(params, none)
    assert abs(h) < 1e-12 and none.s == (0.0, 0.0) and none.stable
    brute = np.linspace(0, 3 * none.t[0], 30001)
    profit = model.profit_numeric(params, 0.0, 0.0, brute, none.t[1])
    assert profit.max() <= none.profit[0] + 1e-12  # global best response in t
    assert solve_nash(params).welfare > none.welfare  # Proposition 5(i) at the baseline


def nash_conditions(params, eq):
    from isacmodel.solve.nash import evaluate_expressions, single_point_batch

    decisions = [np.array([v]) for v in (eq.s[0], eq.s[1], eq.t[0], eq.t[1])]
    return float(evaluate_expressions("conditions", single_point_batch(params), *decisions)[1, 0])


def test_no_sharing_equilibrium_needs_concavity():
    with pytest.raises(EquilibriumError, match="not concave"):
        optima.solve_nash_no_sharing(Params(k=0.5))


# ------------------------------------------------------------- batch and steps
from isacmodel.core.params import ParamsBatch  # noqa: E402
from isacmodel.verify.sampling import draw_sample  # noqa: E402


def symmetric_objective(regime: str):
    """The regime's objective at symmetric points, compiled here, apart from the solver's."""
    arguments = (*SYM.parameters(), welfare.S, welfare.T)
    return compile_expressions(welfare.symmetric_objective(regime), arguments)


@pytest.fixture(scope="module")
def optima_sample():
    return draw_sample(300, 7, optima_exist=True)


@pytest.mark.parametrize("regime", welfare.REGIMES)
def test_batch_optima_match_the_per_point_solver(optima_sample, regime):
    batch = optima_sample.params.subset(np.arange(40))
    result = optima.solve_regime_batch(batch, regime)
    assert result.ok.all()
    for index in range(len(batch)):
        single = SOLVERS[regime](batch.params(index))
        assert single.s[0] == pytest.approx(result.s[index, 0], abs=1e-6)
        assert single.t[0] == pytest.approx(result.t[index, 0], rel=1e-6)
        assert single.corner == result.corner[index]


@pytest.mark.parametrize("regime", welfare.REGIMES)
def test_batch_optima_beat_a_brute_force_grid_at_random_draws(optima_sample, regime):
    batch = optima_sample.params.subset(np.arange(60, 90))
    result = optima.solve_regime_batch(batch, regime)
    objective = symmetric_objective(regime)
    for index in range(len(batch)):
        values = parameter_values(batch.params(index))
        s, t = np.meshgrid(np.linspace(0, 1, 101), np.linspace(0, 4 * result.t[index, 0], 801))
        best = objective(*values, result.s[index, 0], result.t[index, 0])
        assert best >= objective(*values, s, t).max() - 1e-10 * abs(best)


def test_batch_flags_unbounded_asymmetric_and_inadmissible_entries():
    batch = ParamsBatch(k=[5.0, 0.5, 5.0, 5.0], a_j=[1.0, 1.0, 1.2, 1.0], b2=[0.5, 0.5, 0.5, 2.0])
    result = optima.solve_regime_batch(batch, "social optimum")
    assert result.ok.tolist() == [True, False, False, False]
    assert "unbounded" in result.reason[1] and "asymmetric" in result.reason[2]
    assert "b2 must be smaller than b1" in result.reason[3]
    assert np.isnan(result.s[1:]).all()


def test_collusive_coefficients():
    assert sp.simplify(welfare.revenue_coefficient("collusion") - 1 / (2 * (B1 - B2))) == 0
    assert sp.simplify(welfare.welfare_coefficient("collusion") - 3 / (4 * (B1 - B2))) == 0
    bertrand_welfare = welfare.welfare_coefficient("joint profit")
    assert sp.simplify(bertrand_welfare - welfare.revenue_coefficient("social optimum")) == 0


def test_collusive_result_uses_collusive_prices_and_its_own_welfare():
    params = Params()
    colluding = optima.solve_collusion(params)
    level = params.a_i + float(model.demand_shift_numeric(params, *colluding.s, *colluding.t))
    assert colluding.p[0] == pytest.approx(level / (2 * (params.b1 - params.b2)), rel=1e-12)
    assert colluding.q[0] == pytest.approx(level / 2, rel=1e-12)
    bertrand_welfare = float(welfare.welfare_numeric(params, *colluding.s, *colluding.t))
    assert colluding.welfare < bertrand_welfare  # same choices, collusive prices: less welfare


@pytest.mark.parametrize("solve", [solve_nash, optima.solve_social_optimum])
def test_result_welfare_from_quantities_equals_bertrand_welfare(solve):
    result = solve(Params())
    direct = float(welfare.welfare_numeric(Params(), *result.s, *result.t))
    assert result.welfare == pytest.approx(direct, rel=1e-12)


def test_steps_with_one_choice_held_fixed_solve_their_conditions(optima_sample):
    batch = optima_sample.params
    s_ne, _, t_ne, _ = optima_sample.decisions
    assert np.allclose(optima.sharing_at_fixed_investment(batch, "nash", t_ne), s_ne, atol=1e-12)
    assert np.allclose(optima.investment_at_fixed_sharing(batch, "nash", s_ne), t_ne, rtol=1e-9)
    t = 2 * t_ne  # away from the equilibrium: the Nash investment condition still holds
    s_held = np.full(len(batch), 0.6)
    t_held = optima.investment_at_fixed_sharing(batch, "nash", s_held)
    h = nash.evaluate_expressions("conditions", batch, s_held, s_held, t_held, t_held)[1]
    assert np.all(np.abs(h) < 1e-9)
    for regime in ("joint profit", "social optimum"):
        s = optima.sharing_at_fixed_investment(batch, regime, t)
        grid = np.linspace(0, 1, 2001)
        objective = symmetric_objective(regime)
        values = [v[:, None] for v in parameter_values(batch)]
        brute = objective(*values, grid[None, :], t[:, None]).max(axis=1)
        found = objective(*[v[:, 0] for v in values], s, t)
        assert np.all(found >= brute - 1e-10 * np.abs(brute)), regime


def test_sharing_at_zero_investment_is_exactly_zero():
    """Without investment sharing only leaks: the corner s = 0, exactly (ties go to corners)."""
    batch = ParamsBatch(k=[10.0, 20.0], delta_c=[0.5, 1.0])
    for regime in ("joint profit", "social optimum"):
        assert optima.sharing_at_fixed_investment(batch, regime, np.zeros(2)).tolist() == [0, 0]
