"""The specification-generic solver reproduces the baseline solvers where both apply."""

import numpy as np
import pytest
import sympy as sp

from isacmodel.core import families as specs
from isacmodel.core.model import SYM
from isacmodel.core.params import ParamsBatch
from isacmodel.solve import generic, nash, optima
from isacmodel.verify import claims
from isacmodel.verify.sampling import draw_box


@pytest.fixture(scope="module")
def raw_draws() -> ParamsBatch:
    return draw_box(3000, np.random.default_rng(7))


def test_on_raw_draws_it_accepts_and_finds_what_the_baseline_solver_does(raw_draws):
    mine, theirs = generic.solve_symmetric_batch(raw_draws), nash.solve_nash_batch(raw_draws)
    assert np.array_equal(mine.ok, theirs.ok)
    assert 0.5 < mine.ok.mean() < 1  # both kinds of draw are present
    np.testing.assert_allclose(mine.s[mine.ok], theirs.s[mine.ok, 0], atol=1e-10)
    np.testing.assert_allclose(mine.t[mine.ok], theirs.t[mine.ok, 0], rtol=1e-10)


@pytest.fixture(scope="module")
def sample():
    return claims.draw_samples(1000, claims.DEFAULT_SEED).symmetric


@pytest.mark.parametrize("variable", generic.STATICS_PARAMETERS)
def test_comparative_statics_equal_the_baseline_ones(sample, variable):
    result = generic.solve_symmetric_batch(sample.params)
    np.testing.assert_allclose(generic.statics(result, variable), sample.statics(variable),
                               rtol=1e-8, atol=1e-12)  # fmt: skip


def test_reaction_slopes_equal_the_baseline_ones(sample):
    result = generic.solve_symmetric_batch(sample.params)
    slopes = generic.reaction_slopes(result)
    np.testing.assert_allclose(slopes[:, :, 0], sample.one_firm("s_j"), rtol=1e-8, atol=1e-12)
    np.testing.assert_allclose(slopes[:, :, 1], sample.one_firm("t_j"), rtol=1e-8, atol=1e-12)


def test_another_family_moves_the_equilibrium():
    batch = ParamsBatch(delta_c=[0.9])
    base = generic.solve_symmetric_batch(batch)
    other = generic.solve_symmetric_batch(batch, specs.specification(cost="exponential"))
    assert base.ok[0] and other.ok[0] and abs(other.t[0] - base.t[0]) > 1e-5


def test_asymmetric_firms_are_refused_by_name():
    with pytest.raises(ValueError, match=r"a_i == a_j \(got a_i=1.5, a_j=1.0 at entry 0\)"):
        generic.solve_symmetric_batch(ParamsBatch(a_i=[1.5]))


def test_an_unknown_statics_parameter_is_refused():
    result = generic.solve_symmetric_batch(ParamsBatch())
    with pytest.raises(ValueError, match="variable must be one of"):
        generic.statics(result, "k")


def test_existence_of_the_cooperative_optima_matches_the_baseline_and_fails_for_hyperbolic():
    from isacmodel.derive import welfare

    batch = draw_box(2000, np.random.default_rng(3))
    for regime in ("joint profit", "social optimum"):
        np.testing.assert_allclose(generic.existence_margin(batch, regime),
                                   welfare.existence_margin(batch, regime), rtol=1e-12)  # fmt: skip
        for name in ("hyperbolic", "exponential"):
            spec = specs.specification(cost=name)
            assert generic.asymptotic_cost(spec) == 0
            assert np.all(generic.existence_margin(batch, regime, spec) < 0)


@pytest.mark.parametrize("regime", ["joint profit", "social optimum"])
def test_the_cooperative_optima_equal_the_baseline_solver_s(regime):
    optima = claims.draw_samples(1000, claims.DEFAULT_SEED).optima
    mine, theirs = generic.solve_optimum_batch(optima.params, regime), optima.regime(regime)
    assert mine.ok.all() and theirs.ok.all()
    np.testing.assert_allclose(mine.s, theirs.s[:, 0], atol=1e-10)
    np.testing.assert_allclose(mine.t, theirs.t[:, 0], rtol=1e-9)


def test_no_optimum_is_reported_where_it_does_not_exist():
    batch = draw_box(200, np.random.default_rng(5))
    result = generic.solve_optimum_batch(
        batch, "social optimum", specs.specification(cost="hyperbolic")
    )
    assert not result.ok.any() and np.isnan(result.t).all()


def test_specialise_under_the_baseline_is_bertrands_and_welfare_follows_the_family():
    from isacmodel.derive import bertrand, welfare

    general, baseline = welfare.welfare(), bertrand.specialise(welfare.welfare())
    assert sp.simplify(generic.specialise(general, specs.BASELINE) - baseline) == 0
    cosh = specs.specification(leakage="cosh")
    difference = generic.specialise(general, cosh) - baseline
    point = {symbol: 0.5 for symbol in difference.free_symbols}  # sharing 0.5: cosh differs
    point[SYM.b1] = 1.0  # b2 < b1
    assert abs(float(difference.subs(point))) > 1e-6


def test_the_no_sharing_equilibrium_matches_the_welfare_chapters_and_rejects_convex_payoffs():

    batch = draw_box(2000, np.random.default_rng(5))
    expected, _ = optima.no_sharing_investment(batch)
    found = generic.no_sharing_investment(batch, specs.BASELINE)
    assert np.array_equal(np.isnan(found), np.isnan(expected))
    np.testing.assert_allclose(found, expected, rtol=1e-10)
    cheap = batch.params(0).as_dict() | {"k": 1e-6}  # investment nearly free: no best response
    assert np.isnan(generic.no_sharing_investment(ParamsBatch(**cheap), specs.BASELINE)[0])


def test_between_unequal_firms_it_accepts_and_finds_what_the_baseline_solver_does():
    batch = draw_box(2000, np.random.default_rng(3), asymmetric=True)
    found, expected = generic.solve_asymmetric_batch(batch), nash.solve_nash_batch(batch)
    assert np.array_equal(found.ok, expected.ok) and found.ok.mean() > 0.9
    np.testing.assert_allclose(found.s[found.ok], expected.s[expected.ok], rtol=1e-12)
    np.testing.assert_allclose(found.t[found.ok], expected.t[expected.ok], rtol=1e-12)
    assert np.all(found.s[found.ok, 0] > found.s[found.ok, 1])  # the larger firm shares more
