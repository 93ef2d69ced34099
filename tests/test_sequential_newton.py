"""Section 3's sequential games for any specification reproduce the baseline solvers."""

from __future__ import annotations

import numpy as np
import pytest

from isacmodel.core import families as specs
from isacmodel.core.params import ParamsBatch
from isacmodel.solve import nash_newton, sequential, technology_newton
from isacmodel.solve import sequential_newton as gs
from isacmodel.verify import claims
from isacmodel.verify.sampling import draw_sample

OTHER = specs.specification(cost="exponential", leakage="cosh")


@pytest.fixture(scope="module")
def baseline():
    sample = draw_sample(300, claims.DEFAULT_SEED)
    simultaneous = nash_newton.solve_symmetric_batch(sample.params)
    return {
        "sample": sample,
        "simultaneous": simultaneous,
        "stackelberg": (sequential.solve_stackelberg_batch(sample.params),
                        gs.solve_stackelberg_batch(sample.params, simultaneous=simultaneous)),
        "technology first": (sequential.solve_technology_first_batch(sample.params),
                             technology_newton.solve_technology_first_batch(sample.params,
                                                             simultaneous=simultaneous)),
    }  # fmt: skip


@pytest.fixture(scope="module")
def other():
    sample = draw_sample(100, claims.DEFAULT_SEED, spec=OTHER).equilibria
    return sample, gs.solve_stackelberg_batch(sample.params, OTHER, simultaneous=sample)


def test_the_public_solver_runs_the_newton_path_under_another_specification(other):
    sample, result = other
    rows = np.arange(10)
    public = sequential.solve_stackelberg_batch(sample.params.subset(rows), OTHER)
    assert public.spec == OTHER and np.array_equal(public.ok, result.ok[rows])
    ok = public.ok
    np.testing.assert_allclose(public.t[ok], result.t[rows][ok], rtol=1e-9)
    b1 = sample.params.subset(rows).b1[ok, None]
    assert np.all(public.p[ok] > 0) and np.array_equal(public.q[ok], public.p[ok] * b1)


@pytest.mark.parametrize("game", ["stackelberg", "technology first"])
def test_under_the_baseline_both_games_equal_the_sequential_module_s(baseline, game):
    theirs, mine = baseline[game]
    assert np.array_equal(mine.ok, theirs.ok)
    assert mine.ok.mean() > 0.9
    ok = mine.ok
    # the baseline ascent stops at a gradient of up to ~1e-8: sharing near zero differs by ~1e-9
    for field in ("s", "t", "profit"):
        np.testing.assert_allclose(getattr(mine, field)[ok], getattr(theirs, field)[ok],
                                   rtol=1e-6, atol=1e-8, err_msg=field)  # fmt: skip
    assert np.all(np.isnan(mine.s[~ok])) and np.all(mine.reason[~ok] != "")


def test_leader_and_follower_share_and_invest_more_than_simultaneously(baseline):
    _, mine = baseline["stackelberg"]
    simultaneous, ok = baseline["simultaneous"], mine.ok
    s, t = simultaneous.s[:, 0], simultaneous.t[:, 0]
    for firm in (0, 1):  # prop6 (the leader) and text.sequential.follower
        margins = np.minimum(claims.relative_gap(s, mine.s[:, firm]),
                             claims.relative_gap(t, mine.t[:, firm]))  # fmt: skip
        assert np.all(margins[ok] > claims.TOLERANCE)


def test_the_leader_gradient_is_the_derivative_of_its_payoff(other):
    sample, _ = other
    game = gs.CompiledGame.of(OTHER, sample.params.subset(np.arange(20)))
    s_i, t_i = sample.s[:20, 0] * 1.2, sample.t[:20, 0] * 1.1
    warm = (sample.s[:20, 0], sample.t[:20, 0])
    _, (s_j, t_j, corner) = gs._leader_value(game, s_i, t_i, warm, 11)
    gradient = gs._leader_gradient(game, s_i, t_i, s_j, t_j, corner)
    step = 1e-6
    for column, (d_s, d_t) in enumerate(((step, 0.0), (0.0, step))):
        up, _ = gs._leader_value(game, s_i + d_s, t_i + d_t, warm, 11)
        down, _ = gs._leader_value(game, s_i - d_s, t_i - d_t, warm, 11)
        np.testing.assert_allclose(gradient[:, column], (up - down) / (2 * step),
                                   rtol=1e-5, atol=1e-8)  # fmt: skip


def test_another_specification_is_solved_on_most_draws(other):
    sample, result = other
    assert result.ok.mean() > 0.9
    ok = result.ok
    for field in ("s", "t", "profit"):
        assert np.all(np.isfinite(getattr(result, field)[ok]))
    assert np.all((result.s[ok] >= 0) & (result.s[ok] <= 1) & (result.t[ok] > 0))
    # the family moves the answer: not the baseline's
    baseline = gs.solve_stackelberg_batch(sample.params.subset(ok))
    both = baseline.ok
    assert np.max(np.abs(baseline.t[both] - result.t[ok][both])) > 1e-4


def test_the_leader_optimum_beats_nearby_choices_under_another_specification(other):
    sample, result = other
    ok = np.flatnonzero(result.ok)[:30]
    game = gs.CompiledGame.of(OTHER, sample.params.subset(ok))
    s, t = result.s[ok, 0], result.t[ok, 0]
    warm = (result.s[ok, 1], result.t[ok, 1])
    for d_s, d_t in ((1e-3, 0.0), (-1e-3, 0.0), (0.0, 1e-3), (0.0, -1e-3)):
        value, _ = gs._leader_value(game, np.clip(s + d_s, 0, 1), t + d_t, warm, 11)
        assert np.all(value <= result.profit[ok, 0] + 1e-12)


def test_technology_first_is_solved_under_another_specification(other):
    sample, _ = other
    result = technology_newton.solve_technology_first_batch(
        sample.params, OTHER, simultaneous=sample
    )
    assert result.ok.mean() > 0.9
    assert np.all(np.isfinite(result.t[result.ok])) and np.all(result.t[result.ok] > 0)


def test_a_wrong_specification_type_is_refused_by_name():
    refused = r"spec must be an isacmodel\.core\.families\.Specification .* got "
    with pytest.raises(TypeError, match=refused + "str"):
        gs.solve_stackelberg_batch(ParamsBatch(), "exponential")
    with pytest.raises(TypeError, match=refused + "NoneType"):
        technology_newton.solve_technology_first_batch(ParamsBatch(), None)
    with pytest.raises(TypeError, match="batch must be a ParamsBatch"):
        gs.solve_stackelberg_batch({"a_i": 1.0})


def test_a_mismatched_start_and_asymmetric_firms_are_refused():
    start = nash_newton.solve_symmetric_batch(ParamsBatch(a_i=[1.0, 1.2], a_j=[1.0, 1.2]))
    with pytest.raises(ValueError, match="simultaneous must be the BatchEquilibria"):
        gs.solve_stackelberg_batch(ParamsBatch(), simultaneous=start)
    with pytest.raises(ValueError, match="a_i == a_j"):
        technology_newton.solve_technology_first_batch(ParamsBatch(a_i=[1.5]))


def test_the_climb_with_grid_based_follower_responses_finds_the_same_optimum(baseline):
    _, mine = baseline["stackelberg"]
    rows = np.flatnonzero(mine.ok)[:20]
    simultaneous = baseline["simultaneous"]
    game = gs.CompiledGame.of(specs.BASELINE, baseline["sample"].params.subset(rows))
    s, t = simultaneous.s[rows, 0], simultaneous.t[rows, 0]
    _, first = gs._leader_value(game, s, t, (s, t), gs._NODES_FINAL)
    s, t, _, response = gs._ascend(game, s, t, first, nodes=gs._NODES_SEARCH)
    s, t, _ = gs._polish(game, s, t, response)
    np.testing.assert_allclose(s, mine.s[rows, 0], rtol=1e-9, atol=1e-12)
    np.testing.assert_allclose(t, mine.t[rows, 0], rtol=1e-9)
