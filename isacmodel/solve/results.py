"""Result types shared by every solver: one equilibrium, a batch of them, and the error.

Each chapter's solver (Bertrand-Nash here; joint profit, planner, leader-follower
and section 4 later) returns an :class:`Equilibrium`, so the book and the tests
read ``.s``, ``.t``, ``.p``, ``.q``, ``.profit`` the same way everywhere; each
is a pair ``(firm i, firm j)``.  Batch solvers return a :class:`BatchEquilibria`
with a per-entry ``ok`` flag and reason instead of failing the batch.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

import numpy as np

from isacmodel.core.families import Specification
from isacmodel.core.params import Params, ParamsBatch
from isacmodel.derive.welfare import gross_utility_numeric

__all__ = ["BatchEquilibria", "Equilibrium", "EquilibriumError"]


Pair = tuple[float, float]


class EquilibriumError(RuntimeError):
    """No interior equilibrium of the requested kind exists, or none was found.

    Attributes
    ----------
    diagnostics : dict
        What was found (roots, corners, residuals, the failed condition).
    """

    def __init__(self, message: str, **diagnostics: object) -> None:
        super().__init__(message)
        self.diagnostics = diagnostics


@dataclass(frozen=True)
class Equilibrium:
    """One equilibrium of the first-stage game, with its checks.

    Attributes
    ----------
    regime : str
        ``"nash"`` (and, in later chapters, ``"joint profit"``, ...).
    params : Params
        The parameter point.
    s, t, p, q, profit : tuple of float
        Sharing, investment, price, quantity and reduced-form profit of
        ``(firm i, firm j)``.
    corner : str
        ``""`` for an interior equilibrium, else which constraint binds
        (e.g. ``"s_i = s_j = 1"``).
    residual : float
        Largest absolute first-order-condition residual.
    second_order : bool
        Both firms' local second-order conditions hold
        (``det M > 0`` and ``dH_i/dt_i < 0``).
    spectral_radius : float
        Of the best-response map's Jacobian; below 1 means locally stable under
        simultaneous best-response dynamics.
    global_best_response : bool or None
        Each firm's choice is its global best response to the other's (checked
        over all candidate optima); ``None`` if not checked.
    """

    regime: str
    params: Params
    s: Pair
    t: Pair
    p: Pair
    q: Pair
    profit: Pair
    corner: str = ""
    residual: float = 0.0
    second_order: bool = True
    spectral_radius: float = float("nan")
    global_best_response: bool | None = None
    extra: dict = field(default_factory=dict, repr=False, compare=False)

    @property
    def stable(self) -> bool:
        """Locally stable under simultaneous best-response dynamics."""
        return bool(self.spectral_radius < 1)

    @property
    def interior(self) -> bool:
        """No sharing constraint binds."""
        return not self.corner

    @property
    def consumer_surplus(self) -> float:
        """Consumer surplus: gross utility at the quantities minus spending at the prices."""
        decisions = (self.s[0], self.s[1], self.t[0], self.t[1])
        gross = float(gross_utility_numeric(self.params, *decisions, *self.q))
        return gross - self.p[0] * self.q[0] - self.p[1] * self.q[1]

    @property
    def welfare(self) -> float:
        """Total welfare: consumer surplus plus both firms' profits (net of investment costs)."""
        return self.consumer_surplus + self.profit[0] + self.profit[1]

    def summary(self) -> str:
        """One line for reports: ``s, t, p, profit`` of both firms and the checks."""

        def pair(values: Pair) -> str:
            return f"({values[0]:.4f}, {values[1]:.4f})"

        stability = "stable" if self.stable else "unstable"
        flags = [
            "interior" if self.interior else f"corner {self.corner}",
            stability if self.spectral_radius == self.spectral_radius else "an optimum",
            {True: "global BR", False: "local BR only", None: "global BR unchecked"}[
                self.global_best_response
            ],
        ]
        return (
            f"{self.regime}: s={pair(self.s)} t={pair(self.t)} p={pair(self.p)} "
            f"profit={pair(self.profit)} [{', '.join(flags)}]"
        )


@dataclass(frozen=True)
class BatchEquilibria:
    """Equilibria of many parameter points (one row each).

    Attributes
    ----------
    s, t, p, q, profit : numpy.ndarray
        Shape ``(n, 2)``: firm i in column 0, firm j in column 1; NaN where
        ``ok`` is False.
    ok : numpy.ndarray of bool
        Shape ``(n,)``: an interior equilibrium passing its checks was found.
    reason : numpy.ndarray of str
        Shape ``(n,)``: ``""`` where ok, else why not.
    spectral_radius : numpy.ndarray
        Shape ``(n,)``: of the best-response map at the returned equilibrium.
    n_equilibria : numpy.ndarray of int
        Shape ``(n,)``: number of interior symmetric equilibria found (``-1`` for
        asymmetric entries, where only one branch is followed).
    corner : numpy.ndarray of str, optional
        Shape ``(n,)``: the sharing constraint that binds (``""`` if none); set by
        the coordinated-regime solvers, whose optima may lie on a corner.
    residual : numpy.ndarray, optional
        Shape ``(n,)``: largest first-order residual (coordinated regimes).
    params : ParamsBatch, optional
        The parameter points solved (row ``k`` of every array belongs to row ``k``).
    spec : Specification, optional
        The functional-form family solved (``None``: the baseline).
    extra : dict
        Game-specific arrays of shape ``(n, ...)`` (documented by the solver that
        sets them) and results computed later from this batch, keyed by name.
    """

    s: np.ndarray
    t: np.ndarray
    p: np.ndarray
    q: np.ndarray
    profit: np.ndarray
    ok: np.ndarray
    reason: np.ndarray
    spectral_radius: np.ndarray
    n_equilibria: np.ndarray
    corner: np.ndarray | None = None
    residual: np.ndarray | None = None
    params: ParamsBatch | None = None
    spec: Specification | None = None
    extra: dict = field(default_factory=dict, repr=False, compare=False)

    def __len__(self) -> int:
        return len(self.ok)

    def decisions(self) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """Return ``(s_i, s_j, t_i, t_j)``, one entry per row (the compiled functions' order)."""
        return self.s[:, 0], self.s[:, 1], self.t[:, 0], self.t[:, 1]

    def flag_inadmissible(self) -> BatchEquilibria:
        """Return a copy in which every entry that violates a restriction is flagged.

        Its ``reason`` is the violated condition (:meth:`ParamsBatch.violations`), ``ok``
        False and its numbers NaN, whatever the backend computed there (the Newton
        backends solve the conditions without asking whether the point is admissible).
        """
        violated = self.params.violations()
        bad = violated != ""
        if not bad.any():
            return self

        def masked(values: np.ndarray | None) -> np.ndarray | None:
            if values is None:
                return None
            shape = (-1,) + (1,) * (np.ndim(values) - 1)
            return np.where(bad.reshape(shape), np.nan, values)

        return replace(
            self, s=masked(self.s), t=masked(self.t), p=masked(self.p), q=masked(self.q),
            profit=masked(self.profit), ok=self.ok & ~bad,
            reason=np.where(bad, violated, np.asarray(self.reason, dtype=object)),
            spectral_radius=masked(self.spectral_radius), residual=masked(self.residual),
            n_equilibria=np.where(bad, 0, self.n_equilibria),
            corner=None if self.corner is None else np.where(bad, "", self.corner),
        )  # fmt: skip

    @classmethod
    def from_equilibrium(cls, eq: Equilibrium) -> BatchEquilibria:
        """One equilibrium as a batch of one row (``params`` the one-point batch)."""

        def row(pair) -> np.ndarray:
            return np.array([pair], dtype=float)

        return cls(
            s=row(eq.s), t=row(eq.t), p=row(eq.p), q=row(eq.q), profit=row(eq.profit),
            ok=np.array([True]), reason=np.array([""]),
            spectral_radius=np.array([eq.spectral_radius]), n_equilibria=np.array([1]),
            corner=np.array([eq.corner]), residual=np.array([eq.residual]),
            params=ParamsBatch(**eq.params.as_dict()), extra=dict(eq.extra),
        )  # fmt: skip
