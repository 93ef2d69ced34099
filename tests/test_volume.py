"""Section 4: prices, the reduced profit, the proof of Proposition 7, the equilibrium.

The registry entries of Proposition 7 are not written yet; these tests pin the
derivations and the solver they will build on.
"""

from __future__ import annotations

import numpy as np
import pytest
import sympy as sp

from isacmodel import Params, nash, solve_nash, volume
from isacmodel.model import SYM
from isacmodel.params import ParamsBatch
from isacmodel.results import EquilibriumError
from isacmodel.sampling import draw_sample


def test_prices_solve_both_pricing_conditions_and_match_the_print():
    p_i, p_j = volume.prices()
    assert sp.simplify(p_i - volume.printed_price()) == 0
    mirrored = volume.printed_price().xreplace({
        SYM.a_i: SYM.a_j, SYM.a_j: SYM.a_i, SYM.B_i: SYM.B_j, SYM.B_j: SYM.B_i,
        SYM.s_i: SYM.s_j, SYM.s_j: SYM.s_i, SYM.t_i: SYM.t_j, SYM.t_j: SYM.t_i,
    })  # fmt: skip
    assert sp.simplify(p_j - mirrored) == 0


def test_reduced_profit_is_the_profit_at_the_second_stage_prices():
    assert sp.simplify(volume.profit() - volume.reduced_profit()) == 0


def test_without_volume_costs_the_price_is_section_2s():
    from isacmodel import bertrand

    no_volume_cost = {volume.C: 0, volume.DELTA_HAT: 0}
    assert sp.simplify(volume.price().subs(no_volume_cost) - bertrand.price()) == 0


@pytest.mark.parametrize("row", volume.printed_expressions(), ids=lambda row: row.key)
def test_printed_expressions_of_the_proof_of_proposition_7(row):
    assert row.matches is (row.key not in volume.MISPRINTS), row.key


def test_the_extra_sharing_term_of_volume_costs():
    """The sharing slope gains -b1 b2 hat_delta t_i phi(t_j)/D against section 2's (22)."""
    from isacmodel import bertrand

    extra = sp.diff(volume.price(), SYM.s_i) - sp.diff(bertrand.price(), SYM.s_i)
    expected = -SYM.b1 * SYM.b2 * volume.DELTA_HAT * SYM.t_i * volume.phi(SYM.t_j)
    assert sp.simplify(extra - expected / (4 * SYM.b1**2 - SYM.b2**2)) == 0


def test_baseline_specialisation_is_explicit():
    price = volume.specialise(volume.price())
    assert not price.atoms(sp.Function) - {sp.Abs}  # no unknown functions left
    point = {
        **SYM.values(__import__("isacmodel").Params()),
        volume.C: 0.2,
        volume.DELTA_HAT: 0.1,
        SYM.s_i: 0.1,
        SYM.s_j: 0.1,
        SYM.t_i: 0.1,
        SYM.t_j: 0.1,
    }
    assert float(price.subs(point)) > 0  # fmt: skip


# ------------------------------------------------------------- the equilibrium
def test_baseline_equilibrium_solves_both_conditions_and_is_a_global_best_response():
    eq = volume.solve_volume_nash(Params())
    assert eq.interior and eq.stable and eq.global_best_response and eq.residual < 1e-12
    batch = nash._single(Params())
    conditions = volume._at("conditions", batch, *(np.array([x]) for x in (*eq.s, *eq.t)))
    assert np.all(np.abs(conditions) < 1e-12)
    margin = eq.p[0] - (Params().c - Params().delta_hat * eq.t[0] * eq.s[0]) * (
        1 + eq.t[0] ** 2 / 2
    )
    assert eq.q[0] == pytest.approx(Params().b1 * margin, rel=1e-12)


def test_without_volume_costs_the_equilibrium_is_section_2s_without_cost_spillover():
    reduced = volume.solve_volume_nash(Params(c=1e-12, delta_hat=0.0, delta_c=0.0))
    reference = solve_nash(Params(delta_c=0.0))
    assert reduced.s[0] == pytest.approx(reference.s[0], rel=1e-9)
    assert reduced.t[0] == pytest.approx(reference.t[0], rel=1e-9)


def test_large_volume_spillover_drives_sharing_to_the_corner():
    eq = volume.solve_volume_nash(Params(delta_hat=0.8))
    assert eq.s == (0.0, 0.0) and eq.corner == "s_i = s_j = 0" and eq.global_best_response
    # at the corner, own sharing would lower the price: dp_i/ds_i <= 0 at s_i = 0
    batch = nash._single(Params(delta_hat=0.8))
    slope = volume._at("conditions", batch, *(np.array([x]) for x in (0.0, 0.0, *eq.t)))[0]
    assert slope[0] <= 0


def test_batch_matches_the_per_point_solver_and_a_brute_force_best_response():
    batch = draw_sample(30, 5).params
    values = batch.as_dict()
    values["delta_hat"] = np.linspace(0.0, 0.6, len(batch))
    batch = ParamsBatch(**values)
    result = volume.solve_volume_nash_batch(batch)
    assert result.ok.all()
    for index in range(0, len(batch), 3):
        single = volume.solve_volume_nash(batch.params(index))
        assert single.global_best_response
        assert single.s[0] == pytest.approx(result.s[index, 0], abs=1e-12)
        assert single.t[0] == pytest.approx(result.t[index, 0], rel=1e-12)


def test_bad_input_is_named():
    with pytest.raises(ValueError, match="symmetric firms"):
        volume.solve_volume_nash(Params(a_i=1.2))
    with pytest.raises(ValueError, match="delta_hat must be non-negative"):
        Params(delta_hat=-0.1)
    result = volume.solve_volume_nash_batch(ParamsBatch(c=[0.2, 0.0]))
    assert result.ok.tolist() == [True, False] and "c must be positive" in result.reason[1]
    with pytest.raises(EquilibriumError, match="no section-4 equilibrium"):
        volume.solve_volume_nash(Params(c=5.0))  # the margin p - F is negative everywhere
