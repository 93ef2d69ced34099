"""The claims of Appendix B (chapters/mechanism.md).

The subsidy-tax scheme.
The checks live in ``isacmodel/verify/claims/mechanism.py``.  Every test of a claim
evaluates it on the book's seeded samples (10,000 admissible draws each) and asserts
the verdict the book states, plus what is specific to that claim.
"""

from __future__ import annotations

import numpy as np
import pytest

from isacmodel.verify import claims
from tests.claims_support import book_samples, verdict


@pytest.fixture(scope="module")
def samples() -> claims.Samples:
    return book_samples()


def test_scheme_makes_payoffs_welfare_and_the_printed_subsidy_is_not_it(samples):
    assert verdict(samples, "appB.groves").status == "proved symbolically"
    assert verdict(samples, "appB.eq35").status == "disproved symbolically"


def test_the_optimum_is_an_equilibrium_under_the_scheme_except_where_it_is_not_the_maximum(
    samples,
):
    evidence = verdict(samples, "appB.implements")
    assert 0.95 < evidence.pass_rate < 0.99 and evidence.pass_rate_dropped is None
    sample = samples.optima
    failing = claims.mechanism.optimum_deviation_gain(sample) > claims.NUMERIC_SLACK
    optimum = sample.regime("social optimum")
    # where a firm gains by moving, welfare itself rises: the symmetric optimum is not the maximum
    assert failing.sum() > 100 and np.all(optimum.ok[failing])


def test_budget_balances_at_the_scheme_equilibrium_found_from_the_market(samples):
    evidence = verdict(samples, "appB.budget")
    assert evidence.pass_rate > 0.999 and evidence.n_outside < 0.1 * len(samples.optima)


def test_truth_telling_fails_the_necessary_condition_almost_everywhere(samples):
    evidence = verdict(samples, "appB.truthful")
    assert evidence.pass_rate == 0.0 and evidence.worst_margin < -1
    relative = 2 * claims.TOLERANCE - claims.mechanism.truthful_reports(samples.optima)
    assert np.median(relative) > 1e-3  # not a rounding question: the tax moves with the report
