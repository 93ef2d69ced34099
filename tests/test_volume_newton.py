"""Section 4 under any specification: the Newton path reproduces the baseline's polynomial path."""

import numpy as np
import pytest
import sympy as sp

from isacmodel.core import families as specs
from isacmodel.core.model import SYM
from isacmodel.core.params import ParamsBatch
from isacmodel.solve import volume, volume_compiled, volume_newton
from isacmodel.solve.volume_responses import (
    trace_reaction_curve,
)
from isacmodel.verify import claims, sampling
from isacmodel.verify.sampling import draw_volume_sample

# the registry draws its volume sample with this seed (claims.draw_samples)
SEED = claims.DEFAULT_SEED + 5
COSH_PHI = specs.specification(phi="cosh")


@pytest.mark.parametrize("family", sorted(specs.COST_FAMILIES))
def test_without_spillover_every_cost_family_is_the_baseline_fixed_cost(family):
    spec = specs.specification(cost=family)
    difference = volume_compiled.fixed_cost(spec) - SYM.k * SYM.t_i**2 / 2
    assert sp.simplify(difference) == 0


def test_baseline_specialisation_is_volumes():
    for expr in (volume.price(), *volume.first_order_conditions()):
        assert sp.expand(volume_compiled.specialise(expr) - volume.specialise(expr)) == 0


@pytest.fixture(scope="module")
def raw_draws() -> ParamsBatch:
    return sampling.draw_volume_box(np.random.default_rng(3), 3000)


def test_on_raw_draws_it_accepts_and_finds_what_the_baseline_solver_does(raw_draws):
    mine = volume_newton.solve_volume_nash_batch(raw_draws)
    theirs = volume.solve_volume_nash_batch(raw_draws)
    assert np.array_equal(mine.ok, theirs.ok)
    assert np.array_equal(mine.corner, theirs.corner)
    assert 0.5 < np.mean(mine.corner[mine.ok] == "") < 0.9  # interior and corners both present
    np.testing.assert_allclose(mine.s[mine.ok], theirs.s[mine.ok], rtol=1e-8, atol=1e-300)
    np.testing.assert_allclose(mine.t[mine.ok], theirs.t[mine.ok], rtol=1e-8)
    for field in ("p", "q", "profit"):
        np.testing.assert_allclose(getattr(mine, field)[mine.ok], getattr(theirs, field)[mine.ok],
                                   rtol=1e-7, err_msg=field)  # fmt: skip


@pytest.fixture(scope="module")
def samples():
    """The registry's volume sample (300 draws) and the Newton path's equilibria at its draws."""
    registry = draw_volume_sample(300, SEED)
    return registry, volume_newton.solve_volume_nash_batch(registry.params)


def test_under_the_baseline_the_newton_path_finds_the_registrys_equilibria(samples):
    registry, mine = samples
    assert mine.ok.all() and (mine.corner == "").all()
    s, _, t, _ = registry.decisions
    np.testing.assert_allclose(mine.s[:, 0], s, rtol=1e-8)
    np.testing.assert_allclose(mine.t[:, 0], t, rtol=1e-8)


def test_statics_equal_the_baseline_ones(samples):
    registry, mine = samples
    s, _, t, _ = registry.decisions
    theirs = volume.statics_delta_hat(registry.params, s, t, registry.equilibria.corner)
    ours = volume_newton.statics_delta_hat(mine.params, mine.s[:, 0], mine.t[:, 0], mine.corner)
    np.testing.assert_allclose(ours, theirs, rtol=1e-8)
    # the public function under another family runs the Newton path
    other = volume.statics_delta_hat(mine.params, mine.s[:, 0], mine.t[:, 0], mine.corner,
                                     COSH_PHI)  # fmt: skip
    assert np.isfinite(other).all() and not np.allclose(other, ours)


def test_the_derived_eq32_is_the_registrys(samples):
    registry, mine = samples
    np.testing.assert_allclose(volume_newton.eq32_derived(mine), registry.eq32(),
                               rtol=1e-7, atol=1e-14)  # fmt: skip


def test_the_reaction_curve_is_volumes(samples):
    registry, mine = samples
    theirs = registry.reaction_curve(claims.SMALL_DELTA_HAT)
    t = mine.t[:, 0]
    values = mine.params.as_dict()
    values["delta_hat"] = claims.SMALL_DELTA_HAT * volume_newton.sharing_threshold(
        mine.params, t, specs.BASELINE
    )

    def best(points, s_j, t_j):
        return volume_newton.best_response_batch(points, s_j, t_j, specs.BASELINE)

    def slopes(points, s_i, t_i, s_j, t_j, corner):
        return volume_newton.reaction_slopes(points, s_i, t_i, s_j, t_j, corner, specs.BASELINE)

    ours = trace_reaction_curve(best, slopes, ParamsBatch(**values), sampling.REACTION_GRID, t)
    assert np.array_equal(ours["corner"], theirs["corner"])
    for key in ("s_i", "t_i", "slope"):
        np.testing.assert_allclose(ours[key], theirs[key], rtol=1e-8, atol=1e-12)


def test_the_cosh_volume_shape_solves_most_draws_with_finite_output(raw_draws):
    part = raw_draws.subset(np.arange(500))
    result = volume_newton.solve_volume_nash_batch(part, COSH_PHI)
    assert result.ok.mean() > 0.9
    assert np.isfinite(result.s[result.ok]).all() and np.isfinite(result.t[result.ok]).all()
    ok = result.ok
    statics = volume.statics_delta_hat(part.subset(ok), result.s[ok, 0], result.t[ok, 0],
                                       result.corner[ok], COSH_PHI)  # fmt: skip
    assert np.isfinite(statics).all()
    public = volume.solve_volume_nash_batch(part, COSH_PHI)  # dispatches to the Newton path
    assert np.array_equal(public.ok, result.ok) and np.array_equal(public.t[ok], result.t[ok])
    # phi enters: the equilibria differ from the baseline's somewhere
    base = volume_newton.solve_volume_nash_batch(part)
    both = result.ok & base.ok
    assert np.max(np.abs(result.t[both] - base.t[both]) / base.t[both]) > 1e-6


def test_the_global_check_rejects_a_point_that_is_not_a_best_response():
    batch = ParamsBatch(c=[0.3], delta_hat=[0.1])
    result = volume_newton.solve_volume_nash_batch(batch)
    values = volume_compiled.parameter_values(batch)
    spec = specs.BASELINE
    s, t = result.s[:, 0], result.t[:, 0]
    assert volume_newton.is_global_best_response(spec, values, s, t)[0]
    assert not volume_newton.is_global_best_response(spec, values, s, 3 * t)[0]


def test_a_bad_specification_fails_clearly():
    with pytest.raises(TypeError, match="spec must be an isacmodel.core.families.Specification"):
        volume_newton.solve_volume_nash_batch(ParamsBatch(), "cosh")
    with pytest.raises(TypeError, match="spec must be an isacmodel.core.families.Specification"):
        volume.solve_volume_nash_batch(ParamsBatch(), "cosh")
    result = volume_newton.solve_volume_nash_batch(ParamsBatch())
    with pytest.raises(ValueError, match="result was solved under"):
        volume_newton.eq32_derived(result, COSH_PHI)


def test_asymmetric_firms_are_flagged():
    result = volume_newton.solve_volume_nash_batch(ParamsBatch(a_i=[1.5, 1.0]))
    assert not result.ok[0] and "asymmetric" in result.reason[0]
    assert result.ok[1]
