"""The claims of section 3 (chapters/sequential.md).

Proposition 6, the text after it and footnote 27.
The checks live in ``isacmodel/verify/claims/sequential.py``.  Every test of a claim
evaluates it on the book's seeded samples (10,000 admissible draws each) and asserts
the verdict the book states, plus what is specific to that claim.
"""

from __future__ import annotations

import numpy as np
import pytest

from isacmodel import CLAIMS
from isacmodel.verify import claims
from tests.claims_support import book_samples, verdict


@pytest.fixture(scope="module")
def samples() -> claims.Samples:
    return book_samples()


def test_proposition_6_printed_leader_conditions_miss_the_cost_channel(samples):
    assert verdict(samples, "prop6.proof.eq15-16").status == "disproved symbolically"


def test_proposition_6_leader_shares_and_invests_more(samples):
    evidence = verdict(samples, "prop6")
    assert evidence.pass_rate == 1.0 and evidence.pass_rate_dropped < 0.9
    # the game has no solution at a few draws (unbounded leader payoff, local optimum only)
    assert 0 < evidence.n_outside < 0.05 * len(samples.symmetric)
    reasons = set(samples.symmetric.regime("stackelberg").reason) - {""}
    assert any("unbounded" in r for r in reasons) and any("local optimum" in r for r in reasons)


def test_follower_also_shares_and_invests_more(samples):
    assert verdict(samples, "text.sequential.follower").pass_rate == 1.0


def test_profit_gains_fail_only_below_the_resolution(samples):
    evidence = verdict(samples, "text.sequential.profits")
    assert evidence.pass_rate > 0.99 and evidence.worst_margin > 0  # positive, just below 1e-12


def test_footnote_27_fails_exactly_where_gamma3_is_zero(samples):
    evidence = verdict(samples, "text.footnote-27")
    sample = samples.symmetric
    margins = CLAIMS["text.footnote-27"].numeric(sample)
    solved = sample.regime("technology first").ok
    failing = solved & (margins <= claims.TOLERANCE)
    assert np.all(sample.params.gamma3[failing] == 0)
    assert np.all(np.abs(margins[failing]) < 1e-9)  # ties up to rounding
    assert np.all(margins[solved & (sample.params.gamma3 > 0)] > claims.TOLERANCE)
    assert 0.6 < evidence.pass_rate < 0.9
