"""Registry of the places where the printed paper differs from our derivations.

Each :class:`Erratum` records where the slip is, what is printed, what the
derivation gives, and a ``verify`` function that re-derives the corrected form
with sympy and returns ``True`` only when the correction matches the derivation
*and* the printed form does not.  The book's errata page is generated from
:data:`ERRATA` (see :func:`errata_markdown`), and the test suite runs every
``verify``, so an entry cannot outlive the evidence behind it.

Chapters append to the registry as they check more of the paper; entries are
ordered by their place in the paper, one module per part of it:
:mod:`~isacmodel.verify.errata.section2_1` (sections 2 and 2.1 with their Appendix A
proofs), :mod:`~isacmodel.verify.errata.section2_2` (welfare),
:mod:`~isacmodel.verify.errata.section3` (the leader-follower game),
:mod:`~isacmodel.verify.errata.section4` (volume-related costs) and
:mod:`~isacmodel.verify.errata.appendix_b` (the subsidy mechanism).  The record is
:class:`~isacmodel.verify.errata.entry.Erratum`.
"""

from __future__ import annotations

from isacmodel.verify import cache as store
from isacmodel.verify.errata import appendix_b, section2_1, section2_2, section3, section4
from isacmodel.verify.errata.entry import Erratum
from isacmodel.verify.errata.section2_2 import (
    ASYMMETRIC_OPTIMUM,
    COLLUSION_RAISES_WELFARE,
    FULL_SHARING_TIE,
)
from isacmodel.verify.errata.section4 import REACTION_SLOPES_DOWN

__all__ = [
    "ASYMMETRIC_OPTIMUM",
    "COLLUSION_RAISES_WELFARE",
    "ERRATA",
    "FULL_SHARING_TIE",
    "REACTION_SLOPES_DOWN",
    "Erratum",
    "errata_markdown",
    "unconfirmed",
]

#: Every erratum, in the order of the paper (the parts are consecutive stretches of it).
ERRATA: tuple[Erratum, ...] = (
    *section2_1.ERRATA,
    *section2_2.ERRATA,
    *section3.ERRATA,
    *section4.ERRATA,
    *appendix_b.ERRATA,
)


def errata_markdown(errata: tuple[Erratum, ...] = ERRATA) -> str:
    """Render the registry as MyST markdown: one subsection per erratum.

    Each subsection carries the label ``erratum-<key>``, so chapters can link to an
    entry with ``{ref}`erratum-<key>``` whatever its number.

    Parameters
    ----------
    errata : tuple of Erratum
        Entries to render (the whole registry by default).

    Returns
    -------
    str
        Markdown with display math, for ``IPython.display.Markdown``.
    """
    blocks = []
    for number, entry in enumerate(errata, start=1):
        blocks.append(
            "\n".join(
                [
                    f"(erratum-{entry.key})=",
                    f"### E{number}. {entry.location}",
                    "",
                    "Printed:",
                    "",
                    f"$$ {entry.printed} $$",
                    "",
                    "Corrected:",
                    "",
                    f"$$ {entry.corrected} $$",
                    "",
                    entry.note,
                    "",
                    f"*Checked {entry.how_verified}; derivation in* `{entry.chapter}` "
                    f"*(key* `{entry.key}`*).*",
                ]
            )  # fmt: skip
        )
    return "\n\n".join(blocks)


def unconfirmed() -> list[str]:
    """Return the keys of the entries whose sympy check no longer confirms them.

    An entry is confirmed when its derivation matches the correction and differs from
    the print (:attr:`Erratum.verify`).  Kept on disk when ``ISACMODEL_CACHE`` is set
    (:func:`isacmodel.verify.cache.cached_call`): the checks take a while.
    """
    return store.cached_call(_unconfirmed)


def _unconfirmed() -> list[str]:
    return [entry.key for entry in ERRATA if entry.verify is not None and not entry.verify()]
