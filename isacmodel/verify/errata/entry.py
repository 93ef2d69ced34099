"""The record of one erratum, and the comparisons the erratum checks use."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import sympy as sp

__all__ = ["Erratum", "corrects", "differs", "same"]


@dataclass(frozen=True)
class Erratum:
    """One difference between the printed paper and the derivation.

    Attributes
    ----------
    key : str
        Stable identifier, used as an anchor on the errata page.
    location : str
        Where in the paper (section, equation, line).
    printed : str
        The printed form (LaTeX).
    corrected : str
        The corrected form (LaTeX).
    note : str
        What the slip changes, if anything, for the results.
    verify : callable or None
        Re-derives the corrected form; returns ``True`` when it matches and the
        printed form does not.  ``None`` for notational slips checked by reading.
    chapter : str
        The book chapter that shows the derivation.
    """

    key: str
    location: str
    printed: str
    corrected: str
    note: str
    verify: Callable[[], bool] | None
    chapter: str

    @property
    def how_verified(self) -> str:
        """``"sympy"`` when :attr:`verify` re-derives the correction, else ``"by reading"``."""
        return "sympy: derived ≠ printed, derived = corrected" if self.verify else "by reading"


def differs(a: sp.Expr, b: sp.Expr) -> bool:
    """Return whether ``a - b`` does not simplify to zero."""
    return sp.simplify(a - b) != 0


def same(a: sp.Expr, b: sp.Expr) -> bool:
    """Return whether ``a - b`` simplifies to zero."""
    return sp.simplify(a - b) == 0


def corrects(derived: sp.Expr, printed: sp.Expr, corrected: sp.Expr) -> bool:
    """Return whether the derivation equals the corrected form and not the printed one.

    What an erratum's ``verify`` establishes (:class:`Erratum`).
    """
    return same(derived, corrected) and differs(derived, printed)
