r"""Seeded random draws of admissible parameter points, with their Nash equilibria.

The verification of every claim runs over a sample drawn here.  Parameters are
drawn uniformly from a stated box (:data:`BOX`); ``b2`` and the leakage
coefficients are drawn as fractions so that ``b2 < b1`` and
``gamma1 > gamma2 + gamma3`` hold by construction; with probability
:data:`BOUNDARY_SHARE` each of ``gamma2`` and ``gamma3`` is set to zero, because
the baseline has ``gamma3 = 0`` and some of the paper's strict inequalities become
equalities there.  A draw is **admissible** when

* its symmetric Nash equilibrium (:func:`isacmodel.solve.nash.solve_nash_batch`) exists,
  is interior, satisfies the second-order conditions and is stable;
* Assumption 2 holds at it (both parts: with the quadratic leakage the first is
  ``b2 delta_d t > 0``, the second is ``t < t_bar``, which interiority implies);
* Assumption 1 holds at it (``gamma <= gamma_bar``), unless the sample is drawn
  with ``assumption_1=False``, which keeps only draws that **violate** it (the
  "condition dropped" sample for claims that assume it);
* for claims about the coordinated optima of section 2.2 (``optima_exist=True``):
  the planner's problem, and with it the joint-profit ISA's, has an optimum
  (:func:`isacmodel.derive.welfare.existence_margin`, a closed form).

The acceptance rate (admissible / drawn) is part of the result.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property

import numpy as np

from isacmodel.core.params import ParamsBatch
from isacmodel.derive.welfare import existence_margin
from isacmodel.solve import nash, optima, sequential, volume
from isacmodel.solve.results import BatchEquilibria
from isacmodel.solve.volume import solve_volume_nash_batch
from isacmodel.verify import cache as store

__all__ = [
    "BOUNDARY_SHARE",
    "BOX",
    "GAMES",
    "METHOD_USES",
    "OTHER_GAMES",
    "REACTION_GRID",
    "VOLUME_BOX",
    "Sample",
    "draw_box",
    "draw_sample",
    "draw_volume_box",
    "draw_volume_sample",
]

#: Uniform ranges of the draws (``b2`` as a fraction of ``b1``; ``gamma2``, ``gamma3``
#: as fractions of ``gamma1`` whose sum stays below one).
BOX = {
    "a": (0.5, 2.0),
    "b1": (0.5, 2.0),
    "b2_over_b1": (0.0, 0.95),
    "gamma": (0.0, 0.9),
    "delta_d": (0.0, 1.0),
    "delta_c": (0.0, 1.0),
    "gamma1": (0.02, 0.5),
    "k": (1.0, 40.0),
    "rho": (0.0, 0.95),
}
#: Probability that ``gamma2`` (independently ``gamma3``) is exactly zero.
BOUNDARY_SHARE = 0.25


def draw_box(n: int, rng: np.random.Generator, *, asymmetric: bool = False) -> ParamsBatch:
    """Draw ``n`` parameter points uniformly from :data:`BOX`.

    Parameters
    ----------
    n : int
    rng : numpy.random.Generator
    asymmetric : bool
        If True, ``a_j`` is drawn as ``a_i / r`` with ``r`` uniform on
        ``[1.05, 1.5]`` (firm i is the larger firm); otherwise ``a_i = a_j``.

    Returns
    -------
    ParamsBatch
    """

    def uniform(name: str) -> np.ndarray:
        low, high = BOX[name]
        return rng.uniform(low, high, n)

    a_i = uniform("a")
    a_j = a_i / rng.uniform(1.05, 1.5, n) if asymmetric else a_i
    b1 = uniform("b1")
    gamma1 = uniform("gamma1")
    share2 = rng.uniform(0, 1, n) * (rng.uniform(size=n) >= BOUNDARY_SHARE)
    share3 = rng.uniform(0, 1, n) * (1 - share2) * (rng.uniform(size=n) >= BOUNDARY_SHARE)
    return ParamsBatch(
        a_i=a_i,
        a_j=a_j,
        b1=b1,
        b2=b1 * uniform("b2_over_b1"),
        gamma=uniform("gamma"),
        delta_d=uniform("delta_d"),
        delta_c=uniform("delta_c"),
        gamma1=gamma1,
        gamma2=gamma1 * share2 * 0.999,
        gamma3=gamma1 * share3 * 0.999,
        k=uniform("k"),
        rho=uniform("rho"),
    )


@dataclass
class Sample:
    """Admissible draws and their equilibria.

    Attributes
    ----------
    params : ParamsBatch
        The accepted draws.
    equilibria : BatchEquilibria
        Their Nash equilibria (all ``ok``).
    drawn : int
        How many draws were made to collect them.
    seed : int
    assumption_1 : bool
        Whether the draws satisfy (True) or violate (False) Assumption 1 (True for
        section 4's sample, which does not filter on it).
    asymmetric : bool
        Whether firm i is larger than firm j in every draw.
    optima_exist : bool
        Whether the draws were kept only where the coordinated optima exist.
    game : str
        The game whose equilibria ``equilibria`` holds: ``"nash"`` (section 2) or
        ``"volume"`` (section 4); a key of :data:`GAMES`.
    """

    params: ParamsBatch
    equilibria: BatchEquilibria
    drawn: int
    seed: int
    assumption_1: bool
    asymmetric: bool
    optima_exist: bool = False
    game: str = "nash"
    _cache: dict = field(default_factory=dict, repr=False)

    def __len__(self) -> int:
        return len(self.params)

    @property
    def acceptance_rate(self) -> float:
        """Accepted draws over all draws."""
        return len(self) / self.drawn if self.drawn else float("nan")

    @cached_property
    def decisions(self) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """``(s_i, s_j, t_i, t_j)`` at the equilibria."""
        eq = self.equilibria
        return eq.s[:, 0], eq.s[:, 1], eq.t[:, 0], eq.t[:, 1]

    def statics(self, variable: str) -> np.ndarray:
        """Total equilibrium derivatives ``(n, 4)`` in ``(s_i, t_i, s_j, t_j)`` (cached).

        Section 2's game (:func:`~isacmodel.solve.nash.comparative_statics_batch`) for any
        parameter; section 4's (``game="volume"``) for ``"delta_hat"`` only
        (:func:`~isacmodel.solve.volume.statics_delta_hat`; both firms respond alike).

        Raises
        ------
        ValueError
            For a parameter section 4's statics do not cover.
        """
        key = ("total", variable)
        if key not in self._cache:
            if self.game == "volume":
                if variable != "delta_hat":
                    raise ValueError(f"section 4's statics are in delta_hat only, not {variable}")
                s, _, t, _ = self.decisions
                own = volume.statics_delta_hat(self.params, s, t, self.equilibria.corner)
                self._cache[key] = np.column_stack([own, own])
            else:
                self._cache[key] = nash.comparative_statics_batch(
                    self.params, self.decisions, variable
                )
        return self._cache[key]

    def expressions(
        self, name: str, s_i: np.ndarray, s_j: np.ndarray, t_i: np.ndarray, t_j: np.ndarray
    ) -> np.ndarray:
        """Evaluate the model's expression list ``name`` for firm i at the draws' parameters.

        Parameters
        ----------
        name : str
            A list of :func:`isacmodel.solve.nash.evaluate_expressions` (``"conditions"``,
            ``"rhs:b1"``, ...).
        s_i, s_j, t_i, t_j : numpy.ndarray
            The decisions to evaluate at (``self.decisions`` for the equilibria).

        Returns
        -------
        numpy.ndarray
            ``(len(list), n)``.
        """
        return nash.evaluate_expressions(name, self.params, s_i, s_j, t_i, t_j)

    def one_firm(self, variable: str) -> np.ndarray:
        """Return the paper's one-firm responses ``(n, 2)`` of ``(s_i, t_i)`` (cached)."""
        key = ("one firm", variable)
        if key not in self._cache:
            self._cache[key] = nash.one_firm_statics_batch(self.params, self.decisions, variable)
        return self._cache[key]

    @cached_property
    def fingerprint(self) -> str:
        """SHA-256 over the seed and the drawn parameters (keys the results kept on disk)."""
        digest = hashlib.sha256(f"{self.seed}:{len(self)};".encode())
        for name, values in sorted(self.params.as_dict().items()):
            digest.update(name.encode() + np.ascontiguousarray(values).tobytes())
        return digest.hexdigest()

    def regime(self, name: str) -> BatchEquilibria:
        """Return another regime's solutions at the draws (cached, see :meth:`cached`).

        ``name`` is a coordinated regime of :data:`isacmodel.derive.welfare.REGIMES`
        (:func:`~isacmodel.solve.optima.solve_regime_batch`), ``"stackelberg"``
        (:func:`~isacmodel.solve.sequential.solve_stackelberg_batch`) or
        ``"technology first"`` (:func:`~isacmodel.solve.sequential.solve_technology_first_batch`).
        """
        return self.cached(("regime", name), _regime_solver(name))

    def solved_with(self, **changes: np.ndarray) -> BatchEquilibria:
        """Return the sample's game solved again at the draws with some parameters changed.

        Parameters
        ----------
        **changes : numpy.ndarray
            New values of some parameters, one per draw (``delta_hat=np.zeros(n)``).

        Returns
        -------
        BatchEquilibria
            From the solver of :attr:`game` (:data:`GAMES`).
        """
        values = self.params.as_dict()
        values.update(changes)
        return GAMES[self.game](ParamsBatch(**values))

    def cached(self, key: tuple, compute: Callable[[Sample], object]):
        """Return ``compute(self)``, computed once per ``key`` (results several claims share).

        Kept in memory and, when ``ISACMODEL_CACHE`` is set, on disk, keyed by ``key``,
        :attr:`fingerprint` and the package's source (:func:`isacmodel.verify.cache.cached_call`):
        the chapters of one build and the processes of :func:`isacmodel.verify.claims.verify_all`
        then compute it once.  ``key`` must name the computation; ``compute`` is not hashed.
        """
        if key not in self._cache:
            self._cache[key] = store.cached_call(_computed, key, self.fingerprint,
                                                 compute=compute, sample=self)  # fmt: skip
        return self._cache[key]

    def reaction_curve(self, multiple: float) -> dict[str, np.ndarray]:
        r"""Firm i's sharing reaction function with :math:`\hat\delta` rescaled (cached).

        Section 4's samples only: :math:`\hat\delta` is set to ``multiple`` times
        :func:`~isacmodel.solve.volume.sharing_threshold` at the drawn equilibrium
        investment, the rival's investment is held at that investment, and the
        rival's sharing runs over :data:`REACTION_GRID`
        (:func:`~isacmodel.solve.volume.reaction_curve`).
        """

        def compute(sample: Sample) -> dict[str, np.ndarray]:
            t = sample.decisions[2]
            values = sample.params.as_dict()
            values["delta_hat"] = multiple * volume.sharing_threshold(sample.params, t)
            return volume.reaction_curve(ParamsBatch(**values), REACTION_GRID, t)

        return self.cached(("reaction curve", multiple), compute)

    def row(self, index: int) -> dict[str, float]:
        """Parameters of draw ``index`` (for worst-case reports)."""
        return {name: float(values[index]) for name, values in self.params.as_dict().items()}


#: The games a sample's equilibria can come from (:attr:`Sample.game`), by name.
GAMES: dict[str, Callable[[ParamsBatch], BatchEquilibria]] = {
    "nash": nash.solve_nash_batch,
    "volume": solve_volume_nash_batch,
}
#: The solvers of :meth:`Sample.regime` other than the coordinated regimes'
#: (:func:`~isacmodel.solve.optima.solve_regime_batch`).
OTHER_GAMES: dict[str, Callable[[ParamsBatch], BatchEquilibria]] = {
    "stackelberg": sequential.solve_stackelberg_batch,
    "technology first": sequential.solve_technology_first_batch,
}
#: The package functions each :class:`Sample` method calls (``module:qualname``), for the
#: claims' declared ``uses``; :meth:`Sample.regime` calls the one its name selects.
METHOD_USES: dict[str, tuple[str, ...]] = {
    "statics": ("isacmodel.solve.nash:comparative_statics_batch",
                "isacmodel.solve.volume:statics_delta_hat"),
    "expressions": ("isacmodel.solve.nash:evaluate_expressions",),
    "one_firm": ("isacmodel.solve.nash:one_firm_statics_batch",),
    "regime": ("isacmodel.solve.optima:solve_regime_batch",
               "isacmodel.solve.sequential:solve_stackelberg_batch",
               "isacmodel.solve.sequential:solve_technology_first_batch"),
    "reaction_curve": ("isacmodel.solve.volume:sharing_threshold",
                       "isacmodel.solve.volume:reaction_curve"),
    "solved_with": ("isacmodel.solve.nash:solve_nash_batch",
                    "isacmodel.solve.volume:solve_volume_nash_batch"),
}  # fmt: skip


def _regime_solver(name: str) -> Callable[[Sample], BatchEquilibria]:
    """Return the solver of regime ``name`` as a function of a sample."""
    if name in OTHER_GAMES:
        return lambda sample: OTHER_GAMES[name](sample.params)
    return lambda sample: optima.solve_regime_batch(sample.params, name)


def _computed(key: tuple, fingerprint: str, *, compute: Callable[[Sample], object], sample: Sample):
    """Return ``compute(sample)``; ``key`` and ``fingerprint`` only key the disk cache."""
    return compute(sample)


#: The rival's sharing levels along the reaction functions of :meth:`Sample.reaction_curve`.
REACTION_GRID = np.linspace(0.0, 1.0, 11)

#: Uniform ranges of section 4's parameters in :func:`draw_volume_sample`.
VOLUME_BOX = {"c": (0.05, 0.5), "delta_hat": (0.0, 0.5)}


def draw_volume_box(rng: np.random.Generator, n: int) -> ParamsBatch:
    """Draw ``n`` raw points of section 4's model (before any admissibility check).

    :func:`draw_box` without the fixed-cost spillover (``delta_c = 0``), with ``c`` and
    ``delta_hat`` from :data:`VOLUME_BOX`.
    """
    values = draw_box(n, rng).as_dict()
    values["delta_c"] = np.zeros(n)
    for name, (low, high) in VOLUME_BOX.items():
        values[name] = rng.uniform(low, high, n)
    return ParamsBatch(**values)


def draw_volume_sample(n: int, seed: int) -> Sample:
    """Draw ``n`` admissible points of section 4's model (volume-related costs).

    The section-2 parameters come from :data:`BOX` (with ``delta_c = 0``: section 4
    has no fixed-cost spillover), ``c`` and ``delta_hat`` from :data:`VOLUME_BOX`.
    A draw is admissible when its symmetric section-4 equilibrium
    (:func:`isacmodel.solve.volume.solve_volume_nash_batch`) exists, is stable, has a
    positive margin and **interior** sharing (the claims of section 4 are about
    how interior sharing responds).  ``sample.equilibria`` holds those equilibria.
    """

    def admissible(batch: ParamsBatch) -> np.ndarray:
        result = solve_volume_nash_batch(batch)
        return result.ok & (result.corner == "")

    params, drawn = collect_admissible(n, seed, draw_volume_box, admissible)
    return Sample(params=params, equilibria=solve_volume_nash_batch(params), drawn=drawn,
                  seed=seed, assumption_1=True, asymmetric=False, game="volume")  # fmt: skip


def collect_admissible(n: int, seed: int, draw, admissible) -> tuple[ParamsBatch, int]:
    """Draw chunks until ``n`` admissible points are collected; return them and the draws made.

    ``draw(rng, chunk)`` makes a chunk of candidate points, ``admissible(batch)``
    marks the ones to keep; the count of draws stops at the one that completes
    the sample.
    """
    if isinstance(n, bool) or not isinstance(n, int | np.integer) or n < 1:
        raise ValueError(f"n must be a positive integer (got n={n!r})")
    rng = np.random.default_rng(seed)
    accepted: list[ParamsBatch] = []
    count, drawn = 0, 0
    chunk = max(1000, 2 * n)
    while count < n:
        if drawn > 100 * n + 10 * chunk:
            raise RuntimeError(f"only {count} admissible draws in {drawn}; the box is too wide")
        batch = draw(rng, chunk)
        drawn += chunk
        keep = admissible(batch)
        needed = n - count
        if keep.sum() >= needed:  # stop at the draw that completes the sample
            last = int(np.flatnonzero(keep)[needed - 1])
            keep[last + 1 :] = False
            drawn += last + 1 - chunk
        accepted.append(batch.subset(keep))
        count += int(keep.sum())
    params = ParamsBatch(**{
        name: np.concatenate([b.as_dict()[name] for b in accepted])
        for name in accepted[0].as_dict()
    })  # fmt: skip
    return params, drawn


def _gamma_bar(batch: ParamsBatch, eq: BatchEquilibria) -> np.ndarray:
    return batch.delta_d * np.min(eq.s, axis=1) + batch.b2 / (2 * batch.b1)


def draw_sample(
    n: int,
    seed: int,
    *,
    assumption_1: bool = True,
    asymmetric: bool = False,
    optima_exist: bool = False,
) -> Sample:
    """Draw until ``n`` admissible points are collected.

    Parameters
    ----------
    n : int
        Number of admissible draws wanted (positive).
    seed : int
        Seed of :func:`numpy.random.default_rng`; the sample is a pure function of
        ``(n, seed, assumption_1, asymmetric)``.
    assumption_1 : bool
        Keep draws where Assumption 1 holds (True) or where it fails (False).
    asymmetric : bool
        Draw firm i larger than firm j (see :func:`draw_box`).
    optima_exist : bool
        Keep only draws where the social optimum (hence the joint-profit and the
        collusive optimum, whose revenue coefficients are smaller) exists.

    Returns
    -------
    Sample

    Raises
    ------
    ValueError
        If ``n`` is not a positive integer.
    RuntimeError
        If the acceptance rate is so low that ``100 n`` draws do not suffice.
    """

    def admissible(batch: ParamsBatch) -> np.ndarray:
        eq = nash.solve_nash_batch(batch)
        keep = eq.ok & (batch.b2 * batch.delta_d * eq.t[:, 0] > 0)
        with np.errstate(invalid="ignore"):
            holds_1 = batch.gamma <= _gamma_bar(batch, eq)
        keep &= holds_1 if assumption_1 else ~holds_1
        if optima_exist:
            keep &= existence_margin(batch, "social optimum") > 0
        return keep

    params, drawn = collect_admissible(
        n, seed, lambda rng, chunk: draw_box(chunk, rng, asymmetric=asymmetric), admissible
    )
    return Sample(
        params=params,
        equilibria=nash.solve_nash_batch(params),
        drawn=drawn,
        seed=seed,
        assumption_1=assumption_1,
        asymmetric=asymmetric,
        optima_exist=optima_exist,
    )
