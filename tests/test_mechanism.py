"""Appendix B: the subsidy-tax scheme, derived and solved."""

from __future__ import annotations

import numpy as np
import pytest
import sympy as sp

from isacmodel import Params
from isacmodel.derive import welfare
from isacmodel.derive.consumer import U
from isacmodel.solve import mechanism, nash, optima
from isacmodel.solve.results import EquilibriumError

BASELINE = Params()


def test_payoff_plus_subsidy_is_welfare_and_the_subsidy_carries_only_the_rivals_cost():
    assert sp.simplify(mechanism.payoff_with_subsidy() - welfare.welfare()) == 0
    # B_i = CS + pi_j = U - p_i q_i - f_j: consumer surplus plus the rival's payoff
    own_cost, rival_cost = welfare.investment_costs()
    assert mechanism.subsidy().has(rival_cost) and not mechanism.subsidy().has(own_cost)


def test_printed_35_has_the_wrong_dimension_and_utility_is_a_line_integral():
    printed = mechanism.printed_subsidy()
    x, y = sp.symbols("x y", nonnegative=True)
    scale = sp.Symbol("lambda", positive=True)
    gross = U.r1 * x + U.r2 * y - U.d1 * x**2 / 2 - U.d2 * y**2 / 2 - U.z * x * y
    assert sp.simplify(printed["gross utility"] - gross) == 0
    assert sp.simplify(printed["printed"] - gross) != 0
    # the printed terms are one degree higher in the quantities than utility
    for key, degree in (("printed", 2), ("gross utility", 1)):
        leading = sp.Poly(printed[key].subs({x: scale * x, y: scale * y}), scale).monoms()[-1][0]
        assert leading == degree, key


def test_the_scheme_equilibrium_is_the_optimum_and_balances_the_budget():
    result = mechanism.solve_mechanism_nash(BASELINE)
    optimum = optima.solve_social_optimum(BASELINE)
    assert result.s == pytest.approx(optimum.s, abs=1e-9)
    assert result.t == pytest.approx(optimum.t, abs=1e-9)
    assert result.extra["net outlay"] == pytest.approx(0.0, abs=1e-9)
    assert result.extra["welfare"] == pytest.approx(optimum.welfare, rel=1e-12)
    market = nash.solve_nash(BASELINE)
    outlay = sum(
        float(mechanism.subsidy_numeric(BASELINE, *order))
        for order in (
            (market.s[0], market.s[1], market.t[0], market.t[1]),
            (market.s[1], market.s[0], market.t[1], market.t[0]),
        )
    ) - 2 * mechanism.tax(BASELINE)
    assert abs(outlay) > 1e-3  # off the optimum the scheme does cost (or earn) something


def test_the_newton_batch_solver_agrees_with_best_response_dynamics():
    from isacmodel.verify.sampling import draw_sample

    sample = draw_sample(40, 9, optima_exist=True)
    s_i, s_j, t_i, t_j = sample.decisions
    found = mechanism.solve_mechanism_nash_batch(
        sample.params, np.column_stack([s_i, s_j, t_i, t_j])
    )
    for index in (0, 20):
        if not np.isfinite(found[index]).all():
            continue
        dynamics = mechanism.solve_mechanism_nash(sample.params.params(index))
        assert np.allclose([*dynamics.s, *dynamics.t], found[index], atol=1e-7)


def test_report_slope_matches_finite_differences_of_the_tax():
    point = BASELINE
    optimum = optima.solve_social_optimum(point)
    batch = nash.single_point_batch(point)
    slope = mechanism.tax_report_slope_batch(batch, np.array([optimum.s[0]]),
                                             np.array([optimum.t[0]]),
                                             np.array([optimum.corner]))[0]  # fmt: skip
    step = 1e-4
    up, down = (mechanism.tax_with_reports(point, point.delta_c + h, point.delta_c)
                for h in (step, -step))  # fmt: skip
    numeric = (up - down) / (2 * step)
    assert slope == pytest.approx(numeric, rel=1e-3)
    assert slope > 0.1  # reporting a smaller spillover lowers the tax


def test_every_type_reports_the_lowest_spillover():
    low, high = 0.3, 0.7
    reports = np.linspace(low, high, 3)
    taxes = [mechanism.expected_tax(BASELINE, r, low, high, nodes=3) for r in reports]
    assert np.all(np.diff(taxes) > 0)
    # the report enters only through the tax, so the ranking is the same for every type
    for true_type in (0.35, 0.65):
        payoffs = [mechanism.expected_payoff(BASELINE, true_type, r, low, high, nodes=3)
                   for r in (low, true_type)]  # fmt: skip
        assert payoffs[0] > payoffs[1]


def test_types_enter_welfare_only_through_own_cost():
    typed = mechanism.welfare_with_types()
    assert sp.simplify(typed.subs({mechanism.DELTA_C_I: welfare.SYM.delta_c,
                                   mechanism.DELTA_C_J: welfare.SYM.delta_c})
                       - welfare.welfare()) == 0  # fmt: skip
    assert sp.simplify(sp.diff(mechanism.reported_subsidy(), mechanism.DELTA_C_I)) == 0


def test_no_optimum_is_named():
    with pytest.raises(EquilibriumError, match="unbounded"):
        mechanism.tax(Params(k=0.5))


def test_the_scheme_is_solved_for_the_baseline_only_and_says_so():
    from isacmodel.core import families as specs
    from isacmodel.core.params import ParamsBatch

    other = specs.specification(leakage="cosh")
    with pytest.raises(ValueError, match="baseline specification only, not for"):
        mechanism.solve_mechanism_nash(Params(), other)
    with pytest.raises(ValueError, match=other.name):
        mechanism.solve_mechanism_batch(ParamsBatch(), spec=other)


def test_the_batch_of_scheme_equilibria_holds_the_newton_points():
    from isacmodel.core.params import ParamsBatch

    batch = ParamsBatch(gamma3=[0.0, 0.03])
    points = mechanism.solve_mechanism_nash_batch(batch)
    result = mechanism.solve_mechanism_batch(batch)
    assert result.ok.all()
    np.testing.assert_array_equal(result.s, points[:, :2])
    np.testing.assert_array_equal(result.t, points[:, 2:])
    np.testing.assert_array_equal(result.q, result.p * batch.b1[:, None])
