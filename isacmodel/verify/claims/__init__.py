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
order, which fills :data:`CLAIMS` in that order; it re-exports every public name of
:mod:`.registry` (its ``__all__``).
"""

from __future__ import annotations

from isacmodel.verify.claims import bertrand, mechanism, registry, sequential, volume, welfare
from isacmodel.verify.claims.common import NUMERIC_SLACK, is_positive, relative_gap
from isacmodel.verify.claims.registry import *  # noqa: F403 - its __all__, re-exported
from isacmodel.verify.claims.volume import LARGE_DELTA_HAT, SMALL_DELTA_HAT
from isacmodel.verify.claims.welfare import regime_choices

__all__ = [
    *registry.__all__,
    "LARGE_DELTA_HAT",
    "NUMERIC_SLACK",
    "SMALL_DELTA_HAT",
    "bertrand",
    "is_positive",
    "mechanism",
    "regime_choices",
    "relative_gap",
    "sequential",
    "volume",
    "welfare",
]
