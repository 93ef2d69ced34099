"""Section 4: prices, the reduced profit, the proof of Proposition 7, the equilibrium.

Also firm i's reaction function off equilibrium, the exact decomposition of its
slope, and the sign map over the spillovers.  The pass rates of Proposition 7
are registry entries (tests/test_claims_volume.py).
"""

from __future__ import annotations

import numpy as np
import pytest
import sympy as sp

from isacmodel import Params, solve_nash
from isacmodel.core.model import SYM
from isacmodel.core.params import ParamsBatch
from isacmodel.solve import nash, volume
from isacmodel.solve.results import EquilibriumError
from isacmodel.solve.volume_polynomial import evaluate_piece as at
from isacmodel.verify.sampling import draw_sample


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
    from isacmodel.derive import bertrand

    no_volume_cost = {volume.C: 0, volume.DELTA_HAT: 0}
    assert sp.simplify(volume.price().subs(no_volume_cost) - bertrand.price()) == 0


@pytest.mark.parametrize("row", volume.printed_expressions(), ids=lambda row: row.key)
def test_printed_expressions_of_the_proof_of_proposition_7(row):
    assert row.matches is (row.key not in volume.MISPRINTS), row.key


def test_the_extra_sharing_term_of_volume_costs():
    """The sharing slope gains -b1 b2 hat_delta t_i phi(t_j)/D against section 2's (22)."""
    from isacmodel.derive import bertrand

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
    batch = nash.single_point_batch(Params())
    conditions = at("conditions", batch, *(np.array([x]) for x in (*eq.s, *eq.t)))
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
    batch = nash.single_point_batch(Params(delta_hat=0.8))
    slope = at("conditions", batch, *(np.array([x]) for x in (0.0, 0.0, *eq.t)))[0]
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


# --------------------------------------------------- the reaction function
def _wide_draws(n: int, seed: int) -> tuple[ParamsBatch, np.ndarray, np.ndarray]:
    """Admissible section-4 points with large spillovers and cheap investment, and rival choices."""
    from isacmodel.verify.sampling import draw_box

    rng = np.random.default_rng(seed)
    values = draw_box(n, rng).as_dict()
    values.update(delta_c=np.zeros(n), c=rng.uniform(0.05, 3, n), k=rng.uniform(0.05, 20, n),
                  delta_hat=rng.uniform(0, 5, n))  # fmt: skip
    admissible = ParamsBatch(**values).violations() == ""
    batch = ParamsBatch(**{name: v[admissible] for name, v in values.items()})
    return batch, rng.uniform(0, 1, len(batch)), rng.uniform(0, 3, len(batch))


def test_sharing_from_condition_17_is_linear_in_own_investment_and_rival_sharing():
    """s_i = [b2 t_i (dd - b1 hat_delta phi(t_j)) + g3 (2b1 + b2) s_j] / (2(2b1 g1 - b2 g2))."""
    b1, b2, g1, g2, g3 = SYM.b1, SYM.b2, SYM.gamma1, SYM.gamma2, SYM.gamma3
    phi_j = 1 + SYM.t_j**2 / 2
    expected = (b2 * SYM.t_i * (SYM.delta_d - b1 * volume.DELTA_HAT * phi_j)
                + g3 * (2 * b1 + b2) * SYM.s_j) / (2 * (2 * b1 * g1 - b2 * g2))  # fmt: skip
    assert sp.simplify(volume.sharing_given_investment() - expected) == 0
    condition = volume.specialise(sp.diff(volume.price(), SYM.s_i))
    assert sp.simplify(condition.subs(SYM.s_i, expected)) == 0


def test_best_response_beats_a_grid_over_own_choices():
    batch, s_j, t_j = _wide_draws(400, 11)
    s_i, t_i, corner = volume.best_response_batch(batch, s_j, t_j)
    sells = np.flatnonzero((corner != volume.NO_SALE) & (corner != volume.NEGATIVE_COST))
    assert len(sells) > 100
    assert set(np.unique(corner)) >= {"", "s_i = 0", volume.NO_SALE, volume.NEGATIVE_COST}
    s_grid, t_grid = (
        g.ravel() for g in np.meshgrid(np.linspace(0, 1, 101), np.linspace(0, 3, 301))
    )
    for index in sells[:40]:
        point = batch.params(index)
        many = ParamsBatch(**{k: np.full(s_grid.size, v) for k, v in point.as_dict().items()})
        rival = np.full(s_grid.size, s_j[index]), np.full(s_grid.size, t_j[index])
        margin = np.minimum(
            at("margin", many, s_grid, rival[0], t_grid, rival[1]),
            at("margin", many, rival[0], s_grid, rival[1], t_grid),
        )
        grid_best = np.where(margin > 0, at("profit", many, s_grid, rival[0], t_grid,
                                                      rival[1]), -np.inf).max()  # fmt: skip
        one = nash.single_point_batch(point)
        chosen = at("profit", one, s_i[[index]], s_j[[index]], t_i[[index]], t_j[[index]])
        assert chosen[0] >= grid_best - 1e-9 * max(1.0, abs(grid_best)), index


def test_reaction_slopes_match_finite_differences_of_the_best_response():
    batch, s_j, t_j = _wide_draws(2000, 12)
    s_i, t_i, corner = volume.best_response_batch(batch, s_j, t_j)
    slopes = volume.reaction_slopes(batch, s_i, t_i, s_j, t_j, corner)
    step = 1e-6
    up = volume.best_response_batch(batch, s_j + step, t_j)
    down = volume.best_response_batch(batch, s_j - step, t_j)
    valid = (corner != volume.NO_SALE) & (corner != volume.NEGATIVE_COST)
    same = (up[2] == corner) & (down[2] == corner) & valid & (s_j > step)
    assert same.sum() > 500
    for row, decision in ((0, 0), (1, 1)):
        numeric = (up[decision] - down[decision]) / (2 * step)
        assert np.allclose(slopes[same, row, 0], numeric[same], rtol=1e-4, atol=1e-6)


def test_a_downward_sharing_reaction_needs_an_investment_elasticity_above_one():
    """Along the interior reaction function ds_i/ds_j = S_sj + S_t dt_i/ds_j exactly (S from (17)).

    With S_t < 0 (hat_delta above delta_d/(b1 phi(t_j))) a negative slope needs
    dt_i/ds_j > t_i/s_j; with S_t > 0 it needs investment to fall in s_j.
    """
    batch, s_j, t_j = _wide_draws(100_000, 13)
    s_i, t_i, corner = volume.best_response_batch(batch, s_j, t_j)
    interior = corner == ""
    slopes = volume.reaction_slopes(batch, s_i, t_i, s_j, t_j, corner)
    denominator = 2 * (2 * batch.b1 * batch.gamma1 - batch.b2 * batch.gamma2)
    s_t = batch.b2 * (batch.delta_d - batch.b1 * batch.delta_hat * (1 + t_j**2 / 2)) / denominator
    s_sj = batch.gamma3 * (2 * batch.b1 + batch.b2) / denominator
    decomposed = s_sj + s_t * slopes[:, 1, 0]
    assert np.allclose(slopes[interior, 0, 0], decomposed[interior], rtol=1e-8, atol=1e-12)
    negative = interior & (slopes[:, 0, 0] < 0)
    assert negative.sum() > 100  # downward slopes exist off equilibrium with large spillovers
    flipped = negative & (s_t < 0)
    assert flipped.sum() > 50
    assert np.all(slopes[flipped, 1, 0] * s_j[flipped] / t_i[flipped] > 1)
    assert np.all(slopes[negative & (s_t > 0), 1, 0] < 0)


def test_reaction_slope_is_positive_at_every_interior_equilibrium_of_the_sample():
    from isacmodel.verify.sampling import draw_volume_sample

    sample = draw_volume_sample(2000, 3)
    s, _, t, _ = sample.decisions
    assert np.all(volume.sharing_reaction_slope(sample.params, s, t) > 0)


# ------------------------------------------------------------------ sign map
@pytest.mark.parametrize("changes", [{}, {"k": 1.0}, {"c": 0.5, "k": 0.5}, {"gamma3": 0.03}])
def test_sign_map_firms_share_exactly_where_delta_d_exceeds_b1_hat_delta_phi(changes):
    grid = np.linspace(0, 1, 31)
    result = volume.sign_map(Params(**changes), grid, grid)
    ok = result["ok"]
    assert ok.mean() > 0.7  # cheap investment (k = 1) has no stable equilibrium in a quarter
    assert set(result["reason"][~ok]) <= {"no stable symmetric equilibrium with a positive margin"}
    assert np.array_equal((result["threshold"] > 0)[ok], (result["s"] > 0)[ok])
    interior = ok & (result["corner"] == "")
    assert interior.sum() > 0 and np.all(result["ds"][interior] < 0)
    no_sharing = ok & (result["s"] == 0)
    assert np.all(result["dt"][no_sharing] == 0)  # without sharing hat_delta does nothing
