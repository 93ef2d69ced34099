"""Section 2.2, symbolic part: welfare derived from utility, joint profit, eqs. (9)-(14), (27)-(31).

The solvers and the numeric checks of Proposition 5 are not written yet; these
tests pin the derivations they will build on.
"""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest
import sympy as sp

from isacmodel import Params, bertrand, model, solve_nash, welfare
from isacmodel.consumer import U
from isacmodel.model import SYM

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
