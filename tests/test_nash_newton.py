"""One interface per game: the Newton backends reproduce the exact baseline path where both apply.

:func:`isacmodel.solve.nash.solve_nash_batch` and
:func:`isacmodel.solve.optima.solve_regime_batch` run the exact polynomial path under the
baseline and the Newton backends (:mod:`isacmodel.solve.nash_newton`,
:mod:`isacmodel.solve.optima_newton`) under any other family; here the Newton backends
are run under the baseline too, and must agree with the exact path.
"""

import numpy as np
import pytest
import sympy as sp

from isacmodel.core import families as specs
from isacmodel.core.model import SYM
from isacmodel.core.params import Params, ParamsBatch
from isacmodel.core.regimes import Regime
from isacmodel.solve import nash, nash_newton, optima, optima_newton
from isacmodel.solve.results import BatchEquilibria, EquilibriumError
from isacmodel.verify import claims
from isacmodel.verify.sampling import draw_box

OTHER = specs.specification(cost="hyperbolic", leakage="cosh")


@pytest.fixture(scope="module")
def raw_draws() -> ParamsBatch:
    return draw_box(3000, np.random.default_rng(7))


def test_on_raw_draws_newton_accepts_and_finds_what_the_exact_path_does(raw_draws):
    mine = nash_newton.solve_newton_batch(raw_draws, specs.BASELINE)
    theirs = nash.solve_nash_batch(raw_draws)
    assert np.array_equal(mine.ok, theirs.ok)
    assert 0.5 < mine.ok.mean() < 1  # both kinds of draw are present
    for field in ("s", "t", "p", "q", "profit"):
        np.testing.assert_allclose(getattr(mine, field)[mine.ok], getattr(theirs, field)[mine.ok],
                                   rtol=1e-9, atol=1e-10, err_msg=field)  # fmt: skip
    np.testing.assert_allclose(mine.spectral_radius[mine.ok], theirs.spectral_radius[mine.ok],
                               rtol=1e-7)  # fmt: skip


def test_both_paths_return_the_one_batch_type_with_params_and_spec(raw_draws):
    few = raw_draws.subset(np.arange(20))
    for spec in (specs.BASELINE, OTHER):
        result = nash.solve_nash_batch(few, spec)
        assert isinstance(result, BatchEquilibria) and result.spec == spec
        assert result.params is few and result.s.shape == (20, 2)
        assert np.all(result.reason[result.ok] == "") and np.all(result.reason[~result.ok] != "")


@pytest.fixture(scope="module")
def sample():
    return claims.draw_samples(1000, claims.DEFAULT_SEED).symmetric


@pytest.mark.parametrize("variable", nash.STATICS_PARAMETERS)
def test_comparative_statics_of_both_paths_agree(sample, variable):
    newton = nash_newton.solve_newton_batch(sample.params, specs.BASELINE)
    exact = nash.solve_nash_batch(sample.params)
    expected = sample.statics(variable)
    np.testing.assert_allclose(nash.statics(newton, variable),
                               expected, rtol=1e-8, atol=1e-12)  # fmt: skip
    np.testing.assert_allclose(nash_newton.statics(newton, variable, specs.BASELINE), expected,
                               rtol=1e-8, atol=1e-12)  # fmt: skip
    np.testing.assert_allclose(nash.statics(exact, variable), expected, rtol=1e-12, atol=1e-14)


def test_reaction_slopes_of_both_paths_agree(sample):
    newton = nash_newton.solve_newton_batch(sample.params, specs.BASELINE)
    for slopes in (nash_newton.reaction_slopes(newton, specs.BASELINE),
                   nash.reaction_slopes(nash.solve_nash_batch(sample.params))):  # fmt: skip
        np.testing.assert_allclose(slopes[:, :, 0], sample.one_firm("s_j"), rtol=1e-8, atol=1e-12)
        np.testing.assert_allclose(slopes[:, :, 1], sample.one_firm("t_j"), rtol=1e-8, atol=1e-12)


def test_another_family_moves_the_equilibrium_and_solve_nash_follows_it():
    params = Params(delta_c=0.9)
    other = specs.specification(cost="exponential")
    base, moved = nash.solve_nash(params), nash.solve_nash(params, other)
    assert abs(moved.t[0] - base.t[0]) > 1e-5 and moved.stable and moved.residual < 1e-9
    batch = nash.solve_nash_batch(ParamsBatch(delta_c=[0.9]), other)
    assert batch.ok[0] and batch.t[0, 0] == moved.t[0]


def test_asymmetric_firms_are_refused_by_name_by_the_symmetric_backend():
    with pytest.raises(ValueError, match=r"a_i == a_j \(got a_i=1.5, a_j=1.0 at entry 0\)"):
        nash_newton.solve_symmetric_batch(ParamsBatch(a_i=[1.5]))


def test_an_unknown_statics_parameter_is_refused():
    result = nash.solve_nash_batch(ParamsBatch(), OTHER)
    with pytest.raises(ValueError, match="variable must be one of"):
        nash.statics(result, "k")


def test_existence_of_the_cooperative_optima_matches_the_baseline_and_fails_for_hyperbolic():
    from isacmodel.derive import welfare

    batch = draw_box(2000, np.random.default_rng(3))
    for regime in ("joint profit", "social optimum"):
        np.testing.assert_allclose(optima_newton.existence_margin(batch, regime),
                                   welfare.existence_margin(batch, regime), rtol=1e-12)  # fmt: skip
        for name in ("hyperbolic", "exponential"):
            spec = specs.specification(cost=name)
            assert optima.asymptotic_cost(spec) == 0
            assert np.all(optima.existence_margin(batch, regime, spec) < 0)


@pytest.mark.parametrize("regime", list(Regime)[1:4])
def test_the_cooperative_optima_of_both_paths_agree(regime):
    optimum_sample = claims.draw_samples(1000, claims.DEFAULT_SEED).optima
    mine = optima_newton.solve_optimum_batch(optimum_sample.params, regime, specs.BASELINE)
    theirs = optima.solve_regime_batch(optimum_sample.params, regime)
    assert mine.ok.all() and theirs.ok.all()
    np.testing.assert_allclose(mine.s, theirs.s, atol=1e-10)
    for field in ("t", "p", "q", "profit"):
        np.testing.assert_allclose(getattr(mine, field), getattr(theirs, field), rtol=1e-9,
                                   err_msg=field)  # fmt: skip
    assert np.array_equal(mine.corner, theirs.corner)


def test_no_optimum_is_reported_where_it_does_not_exist():
    batch = draw_box(200, np.random.default_rng(5))
    result = optima.solve_regime_batch(batch, "social optimum", spec=OTHER)
    assert not result.ok.any() and np.isnan(result.t).all()
    with pytest.raises(EquilibriumError, match="unbounded under"):
        optima.solve_social_optimum(Params(), OTHER)


def test_specialise_under_the_baseline_is_bertrands_and_welfare_follows_the_family():
    from isacmodel.derive import bertrand, welfare

    general, baseline = welfare.welfare(), bertrand.specialise(welfare.welfare())
    assert sp.simplify(nash_newton.specialise(general, specs.BASELINE) - baseline) == 0
    cosh = specs.specification(leakage="cosh")
    difference = nash_newton.specialise(general, cosh) - baseline
    point = {symbol: 0.5 for symbol in difference.free_symbols}  # sharing 0.5: cosh differs
    point[SYM.b1] = 1.0  # b2 < b1
    assert abs(float(difference.subs(point))) > 1e-6


def test_the_no_sharing_equilibrium_matches_the_welfare_chapters_and_rejects_convex_payoffs():
    batch = draw_box(2000, np.random.default_rng(5))
    expected, _ = optima.no_sharing_investment(batch)
    found = nash.no_sharing_investment(batch, specs.BASELINE)
    assert np.array_equal(np.isnan(found), np.isnan(expected))
    np.testing.assert_allclose(found, expected, rtol=1e-10)
    cheap = batch.params(0).as_dict() | {"k": 1e-6}  # investment nearly free: no best response
    assert np.isnan(nash.no_sharing_investment(ParamsBatch(**cheap), specs.BASELINE)[0])


def test_between_unequal_firms_newton_accepts_and_finds_what_the_exact_path_does():
    batch = draw_box(2000, np.random.default_rng(3), asymmetric=True)
    found = nash_newton.solve_newton_batch(batch, specs.BASELINE)
    expected = nash.solve_nash_batch(batch)
    assert np.array_equal(found.ok, expected.ok) and found.ok.mean() > 0.9
    np.testing.assert_allclose(found.s[found.ok], expected.s[expected.ok], rtol=1e-12)
    np.testing.assert_allclose(found.t[found.ok], expected.t[expected.ok], rtol=1e-12)
    assert np.all(found.s[found.ok, 0] > found.s[found.ok, 1])  # the larger firm shares more
