"""The claims of section 2.1 (chapters/bertrand.md).

Propositions 1 to 4, Lemma 1 and the text after Proposition 2.
The checks live in ``isacmodel/verify/claims/bertrand.py``.  Every test of a claim
evaluates it on the book's seeded samples (10,000 admissible draws each) and asserts
the verdict the book states, plus what is specific to that claim.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from isacmodel import CLAIMS, Params
from isacmodel.solve import nash
from isacmodel.solve.results import EquilibriumError
from isacmodel.verify import claims
from tests.claims_support import book_samples, verdict

SEED = claims.DEFAULT_SEED


@pytest.fixture(scope="module")
def samples() -> claims.Samples:
    return book_samples()


def test_samples_are_admissible_and_seeded(samples):
    symmetric = samples.symmetric
    assert len(symmetric) == 10_000 and 0.05 < symmetric.acceptance_rate < 1
    assert symmetric.equilibria.ok.all()
    s_i, s_j, t_i, t_j = symmetric.decisions
    assert np.all((s_i > 0) & (s_i < 1)) and np.array_equal(s_i, s_j)
    gamma_bar = symmetric.params.delta_d * s_i + symmetric.params.b2 / (2 * symmetric.params.b1)
    assert np.all(symmetric.params.gamma <= gamma_bar)
    assert np.all(samples.dropped.params.gamma > samples.dropped.params.delta_d
                  * samples.dropped.decisions[0] + samples.dropped.params.b2
                  / (2 * samples.dropped.params.b1))  # fmt: skip
    assert np.all(samples.asymmetric.params.a_i > samples.asymmetric.params.a_j)
    again = claims.draw_samples(10_000, SEED).symmetric
    assert np.array_equal(again.params.k, symmetric.params.k)


def test_proposition_1_i_own_investment_raises_price(samples):
    evidence = verdict(samples, "prop1.i.own")
    assert evidence.symbolic is True and evidence.pass_rate == 1.0


def test_proposition_1_i_rival_investment_raises_price_only_under_assumption_1(samples):
    evidence = verdict(samples, "prop1.i.rival")
    assert evidence.symbolic is True and evidence.pass_rate == 1.0
    assert evidence.pass_rate_dropped == 0.0  # at symmetric points: exactly when gamma > gamma_bar


def test_proposition_1_ii_price_is_inverted_u_in_own_sharing(samples):
    evidence = verdict(samples, "prop1.ii")
    assert evidence.symbolic is True and evidence.worst_margin > 0


def test_lemma_1_i_no_full_sharing_equilibrium(samples):
    assert claims.evaluate(CLAIMS["lemma1.i"], samples).status == "proved symbolically"


@pytest.mark.parametrize("claim_id", ["lemma1.ii.s", "prop2.i"])
def test_lemma_1_ii_and_proposition_2_i_reactions_to_rival_sharing(samples, claim_id):
    evidence = verdict(samples, claim_id)
    assert evidence.pass_rate == 1.0 and evidence.pass_rate_dropped == 1.0


@pytest.mark.parametrize("claim_id", ["lemma1.ii.t", "prop2.ii", "prop2.iii"])
def test_lemma_1_ii_and_proposition_2_ii_iii_need_assumption_1(samples, claim_id):
    evidence = verdict(samples, claim_id)
    assert evidence.pass_rate == 1.0
    assert 0 < evidence.pass_rate_dropped < 0.1  # the bound is only a little too strong
    assert evidence.worst_dropped_params  # a counterexample is recorded


def test_text_cross_partial_in_sharing_and_rival_investment_is_zero(samples):
    evidence = verdict(samples, "text.cross-partial.si-tj")
    assert evidence.symbolic is False and evidence.pass_rate == 0.0
    assert abs(evidence.worst_margin) < claims.TOLERANCE


def test_text_cross_partial_in_both_sharing_levels_vanishes_with_gamma3(samples):
    evidence = verdict(samples, "text.cross-partial.si-sj")
    margins = CLAIMS["text.cross-partial.si-sj"].numeric(samples.symmetric)
    zero_gamma3 = samples.symmetric.params.gamma3 == 0
    assert np.all(margins[~zero_gamma3] > claims.TOLERANCE)
    assert np.all(margins[zero_gamma3] <= claims.TOLERANCE)
    assert evidence.pass_rate == pytest.approx(1 - zero_gamma3.mean())


def test_text_cross_partial_in_investments(samples):
    assert verdict(samples, "text.cross-partial.ti-tj").pass_rate == 1.0


def test_text_negative_spillover_means_no_sharing(samples):
    assert claims.evaluate(CLAIMS["text.negative-spillover"], samples).symbolic is True


@pytest.mark.parametrize("claim_id", ["prop3.i", "prop3.i.step"])
def test_proposition_3_i_disloyalty_lowers_sharing_and_investment(samples, claim_id):
    evidence = verdict(samples, claim_id)
    assert evidence.pass_rate == 1.0
    assert evidence.one_firm_pass_rate in (None, 1.0)


def test_proposition_3_ii_substitutability_raises_sharing_and_investment(samples):
    evidence = verdict(samples, "prop3.ii")
    assert evidence.pass_rate == 1.0 and evidence.one_firm_pass_rate == 1.0
    assert evidence.pass_rate_dropped == 1.0  # holds even where Assumption 1 fails


def test_proposition_4_i_larger_firms_share_and_invest_more(samples):
    assert verdict(samples, "prop4.i").one_firm_pass_rate == 1.0
    assert verdict(samples, "prop4.i.asymmetric").pass_rate == 1.0


@pytest.mark.parametrize("claim_id", ["prop4.ii.dd", "prop4.ii.dc", "prop4.iii"])
def test_proposition_4_ii_iii_spillovers_and_business_stealing(samples, claim_id):
    evidence = verdict(samples, claim_id)
    assert evidence.pass_rate == 1.0 and evidence.one_firm_pass_rate == 1.0


FACTORY_MADE = {
    "lemma1.ii.s": ("reaction_claim", "s_j", 1.0),
    "lemma1.ii.t": ("reaction_claim", "t_j", 1.0),
    "prop2.i": ("reaction_claim", "s_j", 1.0),
    "prop2.ii": ("reaction_claim", "t_j", 1.0),
    "prop3.i": ("statics_claim", "b1", -1.0),
    "prop3.ii": ("statics_claim", "b2", 1.0),
    "prop4.ii.dd": ("statics_claim", "delta_d", 1.0),
    "prop4.ii.dc": ("statics_claim", "delta_c", 1.0),
    "prop4.iii": ("statics_claim", "gamma", -1.0),
}


@pytest.mark.parametrize("claim_id", list(FACTORY_MADE))
def test_factory_made_checks_are_named_after_their_claim_and_respond_to_its_parameter(
    samples, claim_id
):
    factory, variable, sign = FACTORY_MADE[claim_id]
    claim, sample = CLAIMS[claim_id], samples.symmetric
    name = claim_id.replace(".", "_")
    assert claim.numeric.__qualname__ == f"{factory}.<locals>.{name}"
    if factory == "statics_claim":
        np.testing.assert_array_equal(
            claim.numeric(sample), claims.bertrand.statics_margins(sample, variable, sign)
        )
        assert claim.one_firm.__name__ == f"{name}_one_firm"
    else:
        assert claim.one_firm is None
    one_firm = claim.one_firm or claim.numeric
    np.testing.assert_array_equal(
        one_firm(sample), claims.bertrand.one_firm_margins(sample, variable, sign)
    )


unit = st.floats(0.0, 1.0)


@st.composite
def admissible_points(draw):
    b1 = draw(st.floats(0.5, 2.0))
    gamma1 = draw(st.floats(0.02, 0.5))
    share2 = draw(unit)
    share3 = draw(unit) * (1 - share2)
    # b2 and delta_d are kept away from zero: below ~1e-300 the strict signs underflow.
    return Params(a_i=draw(st.floats(0.5, 2.0)), a_j=1.0, b1=b1,
                  b2=b1 * draw(st.floats(0.01, 0.95)),
                  gamma=draw(st.floats(0, 0.9)), delta_d=draw(st.floats(0.01, 1.0)),
                  delta_c=draw(unit), gamma1=gamma1, gamma2=0.999 * gamma1 * share2,
                  gamma3=0.999 * gamma1 * share3, k=draw(st.floats(1, 40)),
                  rho=draw(st.floats(0, 0.95)))  # fmt: skip


@settings(max_examples=300, derandomize=True, deadline=None,
          suppress_health_check=[HealthCheck.too_slow])  # fmt: skip
@given(admissible_points())
def test_key_inequalities_at_random_equilibria(params):
    """Where an equilibrium exists and Assumption 1 holds there, the signs hold."""
    try:
        eq = nash.solve_nash(params, check_global=False)
    except EquilibriumError:
        return
    if not params.assumption_1(*eq.s).holds:
        return
    slopes = nash.reaction_slopes(eq)
    assert np.all(slopes > 0), slopes
    for name, sign in (("b1", -1), ("b2", 1), ("a_i", 1), ("delta_d", 1), ("gamma", -1)):
        total = nash.comparative_statics(eq, name)
        assert sign * total["s_i"] > 0 and sign * total["t_i"] > 0, (name, total)
    if params.a_i > params.a_j:
        assert eq.s[0] > eq.s[1] and eq.t[0] > eq.t[1]
