"""What the claims' tests share: the book's samples, drawn once per session, and ``verdict``."""

from __future__ import annotations

import functools

from isacmodel.verify import claims


@functools.cache
def book_samples() -> claims.Samples:
    """The samples the book states its verdicts on (10,000 admissible draws each)."""
    return claims.draw_samples(claims.DEFAULT_DRAWS, claims.DEFAULT_SEED)


def verdict(samples: claims.Samples, claim_id: str) -> claims.Evidence:
    """Evaluate a registered claim and assert the verdict is the one the book states."""
    evidence = claims.evaluate(claims.CLAIMS[claim_id], samples)
    assert evidence.agrees, (claim_id, evidence.status, evidence.claim.expected)
    return evidence
