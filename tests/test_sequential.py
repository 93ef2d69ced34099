"""Section 3: the leader-follower game, its first-order conditions and footnote 27's timing."""

from __future__ import annotations

import numpy as np
import pytest
import sympy as sp

from isacmodel import Params, solve_nash
from isacmodel.core.model import SYM
from isacmodel.core.params import ParamsBatch
from isacmodel.derive.welfare import generic_cubics
from isacmodel.solve import nash, sequential
from isacmodel.solve.results import EquilibriumError
from isacmodel.verify.sampling import draw_sample


@pytest.fixture(scope="module")
def sample():
    return draw_sample(200, 11)


def test_derived_leader_conditions_add_the_cost_channel_to_the_printed_ones():
    y = sp.Symbol("y")
    f_y = sp.diff(sequential.bertrand.f(SYM.t_i, y), y).subs(y, SYM.delta_c * SYM.t_j * SYM.s_j)
    for term, leader in zip(sequential.omitted_cost_terms(), ("s_i", "t_i"), strict=True):
        response = sequential.RESPONSES
        expected = -SYM.delta_c * f_y * (SYM.t_j * response["s_j", leader]
                                         + SYM.s_j * response["t_j", leader])  # fmt: skip
        assert sp.simplify(generic_cubics(term - expected)) == 0


def test_without_follower_responses_the_leader_conditions_are_the_nash_ones():
    derived = sequential.leader_conditions()
    still = {symbol: 0 for symbol in sequential.RESPONSES.values()}
    profit = sequential.bertrand.profit()
    for condition, variable in zip(derived, (SYM.s_i, SYM.t_i), strict=True):
        assert sp.simplify(condition.subs(still) - sp.diff(profit, variable)) == 0


def test_numeric_gradient_is_the_derived_condition_and_matches_finite_differences(sample):
    batch = sample.params.subset(np.arange(20))
    s_i, t_i = sample.decisions[0][:20] * 1.3, sample.decisions[2][:20] * 1.2
    gradient, (s_j, t_j, corner) = sequential._gradient(batch, s_i, t_i)
    step = 1e-6
    for column, (ds, dt) in enumerate(((step, 0.0), (0.0, step))):
        up = sequential.leader_payoff(batch, s_i + ds, t_i + dt)
        down = sequential.leader_payoff(batch, s_i - ds, t_i - dt)
        assert np.allclose(gradient[:, column], (up - down) / (2 * step), rtol=1e-5, atol=1e-8)


def test_follower_plays_its_global_best_response(sample):
    batch = sample.params.subset(np.arange(10))
    s_i, t_i = np.full(10, 0.3), sample.decisions[2][:10]
    s_j, t_j, _ = sequential.follower_response(batch, s_i, t_i)
    for index in range(10):
        params = batch.params(index)
        mirrored = params.replace(a_i=params.a_j, a_j=params.a_i)
        reference = nash.best_response(mirrored, 0.3, float(t_i[index]))
        assert (reference.s, reference.t) == pytest.approx((s_j[index], t_j[index]), rel=1e-9)


def test_baseline_leader_shares_and_invests_more_and_the_follower_is_on_its_reaction():
    params = Params()
    leader, simultaneous = sequential.solve_stackelberg(params), solve_nash(params)
    assert leader.global_best_response and leader.residual < 1e-10
    assert leader.s[0] > simultaneous.s[0] and leader.t[0] > simultaneous.t[0]
    conditions = nash.evaluate_rival(
        "conditions", nash.single_point_batch(params), *leader.s, *leader.t
    )
    assert np.all(np.abs(conditions) < 1e-10)  # the follower's own first-order conditions


def test_batch_matches_the_per_point_solver(sample):
    batch = sample.params.subset(np.arange(15))
    result = sequential.solve_stackelberg_batch(batch)
    for index in np.flatnonzero(result.ok):
        single = sequential.solve_stackelberg(batch.params(int(index)), check_global=False)
        assert single.s == pytest.approx(tuple(result.s[index]), rel=1e-9)
        assert single.t == pytest.approx(tuple(result.t[index]), rel=1e-9)


def test_leader_optimum_beats_a_fine_grid(sample):
    batch = sample.params.subset(np.arange(40, 50))
    result = sequential.solve_stackelberg_batch(batch)
    assert result.ok.sum() >= 8
    fine = sequential._global_on_grid(batch, result.t[:, 0], result.profit[:, 0], grid=31)
    assert np.all(fine[result.ok])


def test_failures_are_reported_not_hidden():
    with pytest.raises(EquilibriumError, match="local optimum only|not global"):
        sequential.solve_stackelberg(Params(k=2.5, rho=0.9))
    result = sequential.solve_stackelberg_batch(ParamsBatch(k=[10.0, 2.5], rho=[0.5, 0.9]))
    assert result.ok.tolist() == [True, False] and np.isnan(result.s[1]).all()


def test_technology_first_equals_nash_without_gamma3_and_exceeds_it_with():
    same, nash_eq = sequential.solve_technology_first(Params()), solve_nash(Params())
    assert same.s[0] == pytest.approx(nash_eq.s[0], rel=1e-12)
    assert same.t[0] == pytest.approx(nash_eq.t[0], rel=1e-9)
    params = Params(gamma3=0.03)
    higher, reference = sequential.solve_technology_first(params), solve_nash(params)
    assert higher.s[0] > reference.s[0] and higher.t[0] > reference.t[0]
    # independently of the Newton solve: the condition falls through zero there on a grid
    grid = np.linspace(0.5 * higher.t[0], 1.5 * higher.t[0], 2001)
    many = ParamsBatch(**{name: np.full(grid.size, v) for name, v in params.as_dict().items()})
    values = sequential._technology_condition(many, grid)
    crossing = np.flatnonzero((values[:-1] > 0) & (values[1:] <= 0))
    assert len(crossing) == 1 and grid[crossing[0]] <= higher.t[0] <= grid[crossing[0] + 1]
    assert (
        abs(
            float(
                sequential._technology_condition(
                    nash.single_point_batch(params), np.array([higher.t[0]])
                )[0]
            )
        )
        < 1e-9
    )


def test_stage_two_sharing_solves_both_sharing_conditions(sample):
    batch = sample.params.subset(np.arange(30))
    t_i, t_j = sample.decisions[2][:30], 1.1 * sample.decisions[3][:30]
    s_i, s_j = sequential.stage_two_sharing(batch, t_i, t_j)
    own = nash.evaluate_expressions("conditions", batch, s_i, s_j, t_i, t_j)[0]
    rival = nash.evaluate_rival("conditions", batch, s_i, s_j, t_i, t_j)[0]
    interior = (s_i > 0) & (s_i < 1) & (s_j > 0) & (s_j < 1)
    assert interior.mean() > 0.9
    assert np.all(np.abs(own[interior]) < 1e-12) and np.all(np.abs(rival[interior]) < 1e-12)


def test_technology_first_needs_symmetric_firms():
    with pytest.raises(ValueError, match="symmetric firms"):
        sequential.solve_technology_first(Params(a_i=1.2))


def test_one_interface_solves_another_family_by_the_newton_path():
    from isacmodel.core import families as specs

    other = specs.specification(leakage="cosh")
    eq = sequential.solve_stackelberg(Params(), other, check_global=False)
    base = sequential.solve_stackelberg(Params(), check_global=False)
    assert eq.regime == base.regime == "stackelberg"
    assert eq.t[0] != pytest.approx(base.t[0], rel=1e-6)  # the family moves the answer
    assert eq.q[0] == pytest.approx(Params().b1 * eq.p[0])
    tech = sequential.solve_technology_first(Params(), other)
    assert tech.regime == "technology first" and tech.s[0] == tech.s[1]
    with pytest.raises(TypeError, match="spec must be"):
        sequential.solve_stackelberg_batch(ParamsBatch(), "cosh")
