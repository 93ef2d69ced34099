"""The claims of section 4 (chapters/volume.md).

Proposition 7 and the reaction slopes of the text after it.
The checks live in ``isacmodel/verify/claims/volume.py``.  Every test of a claim
evaluates it on the book's seeded samples (10,000 admissible draws each) and asserts
the verdict the book states, plus what is specific to that claim.
"""

from __future__ import annotations

import numpy as np
import pytest

from isacmodel.solve import volume
from isacmodel.verify import claims
from tests.claims_support import book_samples, verdict


@pytest.fixture(scope="module")
def samples() -> claims.Samples:
    return book_samples()


def test_volume_sample_has_interior_equilibria_with_drawn_section_4_parameters(samples):
    volume_sample = samples.volume
    assert len(volume_sample) == 10_000 and volume_sample.equilibria.ok.all()
    assert np.all(volume_sample.equilibria.corner == "")
    assert np.all(volume_sample.params.delta_c == 0) and volume_sample.params.delta_hat.std() > 0.1


def test_proposition_7_i_sharing_always_falls_with_the_volume_spillover(samples):
    evidence = verdict(samples, "prop7.i.sharing")
    assert evidence.pass_rate == 0.0 and evidence.worst_margin < 0


def test_proposition_7_i_investment_is_ambiguous_but_barely(samples):
    assert 0 < verdict(samples, "prop7.i.investment").pass_rate < 0.01


def test_proposition_7_ii_volume_spillovers_lower_sharing(samples):
    assert verdict(samples, "prop7.ii").pass_rate == 1.0


def test_proposition_7_ii_the_sign_printed_for_eq_32_holds_only_at_large_investment(samples):
    evidence = verdict(samples, "prop7.proof.eq32")
    assert evidence.pass_rate < 0.05
    sample = samples.volume
    s, _, t, _ = sample.decisions
    p = sample.params
    closed_form = s * ((2 * p.b1**2 - p.b2**2) * t * t - p.b1 * p.b2 * (1 + t**2 / 2))
    values = claims.volume.eq32_values(sample)
    assert np.allclose(values, closed_form / (4 * p.b1**2 - p.b2**2), rtol=1e-9, atol=1e-15)
    # positive exactly where t^2 (2 b1^2 - b2^2 - b1 b2/2) > b1 b2: investment must be large
    large = t**2 * (2 * p.b1**2 - p.b2**2 - p.b1 * p.b2 / 2) > p.b1 * p.b2
    assert np.array_equal(values > 0, large)


def test_sharing_reaction_slope_is_not_signed_by_the_size_of_the_volume_spillover(samples):
    """Along the reaction functions: downward slopes only at the small spillover, never at large."""
    small = verdict(samples, "text.volume.slope-small")
    assert 0.9 < small.pass_rate < 0.95 and small.n_outside == 0
    large = verdict(samples, "text.volume.slope-large")
    assert large.pass_rate == 0.0 and 0.3 < large.n_outside / len(samples.volume) < 0.4
    curve = samples.volume.reaction_curve(claims.LARGE_DELTA_HAT)
    assert np.all(curve["slope"][curve["interior"]] > 0)
    curve = samples.volume.reaction_curve(claims.SMALL_DELTA_HAT)
    downward = curve["interior"] & (curve["slope"] < 0)
    assert downward.sum() > 1000 and np.abs(curve["slope"][downward]).max() < 0.01


def test_proposition_7_i_reads_the_statics_through_the_sample(samples):
    """Section 4's statics come from ``Sample.statics``, as section 2's do (both firms alike)."""
    sample = samples.volume
    s, _, t, _ = sample.decisions
    direct = volume.statics_delta_hat(sample.params, s, t, sample.equilibria.corner)
    np.testing.assert_array_equal(sample.statics("delta_hat"), np.column_stack([direct, direct]))
    with pytest.raises(ValueError, match="delta_hat only"):
        sample.statics("b1")


@pytest.mark.parametrize(
    ("claim_id", "multiple", "sign"),
    [("text.volume.slope-small", claims.SMALL_DELTA_HAT, 1.0),
     ("text.volume.slope-large", claims.LARGE_DELTA_HAT, -1.0)],
)  # fmt: skip
def test_reaction_slope_checks_are_named_after_their_claim_and_read_their_multiple(
    samples, claim_id, multiple, sign
):
    claim, sample = claims.CLAIMS[claim_id], samples.volume
    name = claim_id.replace(".", "_").replace("-", "_")
    assert (claim.numeric.__name__, claim.domain.__name__) == (name, f"{name}_domain")
    np.testing.assert_array_equal(
        claim.numeric(sample), claims.volume.reaction_curve_slopes(sample, multiple, sign)
    )
    np.testing.assert_array_equal(
        claim.domain(sample), claims.volume.curve_interior(sample, multiple)
    )
