"""The claims registry: every claim of the paper, with symbolic and numeric evidence.

One module per chapter of the book holds that chapter's claims, each check a named
function registered with its metadata (:func:`~isacmodel.verify.claims.registry.register`):

=========================  ==================================  ==============================
chapter                    checks                              tests
=========================  ==================================  ==============================
``chapters/bertrand.md``   :mod:`.bertrand` (section 2.1)      ``tests/test_claims_bertrand.py``
``chapters/welfare.md``    :mod:`.welfare` (section 2.2)       ``tests/test_claims_welfare.py``
``chapters/sequential.md`` :mod:`.sequential` (section 3)      ``tests/test_claims_sequential.py``
``chapters/volume.md``     :mod:`.volume` (section 4)          ``tests/test_claims_volume.py``
``chapters/mechanism.md``  :mod:`.mechanism` (Appendix B)      ``tests/test_claims_mechanism.py``
=========================  ==================================  ==============================

:mod:`.registry` holds :class:`Claim`, :class:`Evidence`, the engine (:func:`evaluate`,
:func:`verify_all`) and the Markdown table; :mod:`.common` what several chapters'
checks share.  Importing this package imports the chapters' modules in the paper's
order, which fills :data:`CLAIMS` in that order.
"""

from __future__ import annotations

from isacmodel.verify.claims import bertrand, mechanism, sequential, volume, welfare
from isacmodel.verify.claims.common import NUMERIC_SLACK, is_positive, relative_gap
from isacmodel.verify.claims.registry import (
    ASSUMPTION_1,
    CHAPTERS,
    CLAIMS,
    DEFAULT_DRAWS,
    DEFAULT_SEED,
    SAMPLE_DRAWS,
    TOLERANCE,
    Category,
    Claim,
    Evidence,
    Expected,
    SampleName,
    Samples,
    claim_groups,
    classify,
    draw_named_sample,
    draw_samples,
    evaluate,
    evaluate_group,
    evidence_markdown,
    margins_in_domain,
    percent,
    register,
    verify_all,
)
from isacmodel.verify.claims.volume import LARGE_DELTA_HAT, SMALL_DELTA_HAT
from isacmodel.verify.claims.welfare import regime_choices

__all__ = [
    "ASSUMPTION_1",
    "CHAPTERS",
    "CLAIMS",
    "DEFAULT_DRAWS",
    "DEFAULT_SEED",
    "SAMPLE_DRAWS",
    "LARGE_DELTA_HAT",
    "NUMERIC_SLACK",
    "SMALL_DELTA_HAT",
    "TOLERANCE",
    "Category",
    "Claim",
    "Evidence",
    "Expected",
    "SampleName",
    "Samples",
    "bertrand",
    "claim_groups",
    "classify",
    "draw_named_sample",
    "draw_samples",
    "evaluate",
    "evaluate_group",
    "evidence_markdown",
    "is_positive",
    "margins_in_domain",
    "mechanism",
    "percent",
    "regime_choices",
    "register",
    "relative_gap",
    "sequential",
    "verify_all",
    "volume",
    "welfare",
]
