r"""Seeded random draws of admissible parameter points, with their Nash equilibria.

The verification of every claim runs over a sample drawn here.  Parameters are drawn
uniformly from a stated box (:data:`BOX`, :mod:`isacmodel.verify.draws`); ``b2`` and the leakage
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
  (:func:`optimum_exists`; under the baseline a closed form).

The acceptance rate (admissible / drawn) is part of the result.

A sample is drawn under a :class:`~isacmodel.core.families.Specification`
(``spec``, the baseline by default): the draws are the same, admissibility and the
equilibria are solved under it, and every :class:`Sample` method solves and evaluates
under it (the exact backends under the baseline, Newton's method otherwise), so the
registry's checks run unchanged under any family (:mod:`isacmodel.verify.atlas`).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache, cached_property

import numpy as np
import sympy as sp

from isacmodel.core.compile import compile_expressions, evaluate
from isacmodel.core.families import BASELINE, Specification, require_specification
from isacmodel.core.model import SYM
from isacmodel.core.params import ParamsBatch
from isacmodel.core.regimes import Regime
from isacmodel.derive import bertrand, welfare
from isacmodel.derive.welfare import existence_margin
from isacmodel.solve import nash, optima, sequential, volume, volume_newton
from isacmodel.solve.results import BatchEquilibria
from isacmodel.solve.volume import solve_volume_nash_batch
from isacmodel.verify import cache as store
from isacmodel.verify.draws import (
    BOUNDARY_SHARE,
    BOX,
    VOLUME_BOX,
    collect_admissible,
    draw_box,
    draw_volume_box,
)

__all__ = [
    "collect_admissible",
    "BOUNDARY_SHARE",
    "BOX",
    "GAMES",
    "METHOD_USES",
    "OTHER_GAMES",
    "REACTION_GRID",
    "VOLUME_BOX",
    "Sample",
    "baseline_cross_partial",
    "baseline_eq32",
    "baseline_price_slope",
    "draw_box",
    "draw_sample",
    "draw_volume_box",
    "draw_volume_sample",
    "optimum_exists",
]


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
    spec : Specification
        The functional forms every method solves and evaluates under
        (:data:`~isacmodel.core.families.BASELINE` by default: the exact backends).
    """

    params: ParamsBatch
    equilibria: BatchEquilibria
    drawn: int
    seed: int
    assumption_1: bool
    asymmetric: bool
    optima_exist: bool = False
    game: str = Regime.NASH
    spec: Specification = BASELINE
    _cache: dict = field(default_factory=dict, repr=False)

    def __len__(self) -> int:
        return len(self.params)

    @property
    def acceptance_rate(self) -> float:
        """Accepted draws over all draws."""
        return len(self) / self.drawn if self.drawn else float("nan")

    @property
    def is_baseline(self) -> bool:
        """Whether the sample is drawn under the paper's baseline forms (the exact backends)."""
        return nash.is_baseline(self.spec)

    @cached_property
    def decisions(self) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """``(s_i, s_j, t_i, t_j)`` at the equilibria."""
        eq = self.equilibria
        return eq.s[:, 0], eq.s[:, 1], eq.t[:, 0], eq.t[:, 1]

    def statics(self, variable: str) -> np.ndarray:
        """Total equilibrium derivatives ``(n, 4)`` in ``(s_i, t_i, s_j, t_j)`` (cached).

        Section 2's game (:func:`~isacmodel.solve.nash.statics`; under the baseline
        :func:`~isacmodel.solve.nash.comparative_statics_batch`) for any parameter;
        section 4's (``game="volume"``) for ``"delta_hat"`` only
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
                own = volume.statics_delta_hat(self.params, s, t, self.equilibria.corner,
                                               self.spec)  # fmt: skip
                self._cache[key] = np.column_stack([own, own])
            elif self.is_baseline:
                self._cache[key] = nash.comparative_statics_batch(
                    self.params, self.decisions, variable
                )
            else:
                self._cache[key] = nash.statics(self.equilibria, variable, self.spec)
        return self._cache[key]

    def expressions(
        self, name: str, s_i: np.ndarray, s_j: np.ndarray, t_i: np.ndarray, t_j: np.ndarray
    ) -> np.ndarray:
        """Evaluate the baseline model's expression list ``name`` for firm i at the draws.

        Baseline samples only; the spec-aware methods (:meth:`price_slopes`,
        :meth:`investment_condition_slope`, :meth:`cross_partials`, :meth:`welfare_at`)
        cover what the claims evaluate under any family.

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

        Raises
        ------
        ValueError
            If the sample is not drawn under the baseline.
        """
        self._require_baseline("expressions")
        return nash.evaluate_expressions(name, self.params, s_i, s_j, t_i, t_j)

    def _require_baseline(self, what: str) -> None:
        if not self.is_baseline:
            raise ValueError(
                f"{what} is the baseline's only (the sample is under {self.spec.name})"
            )

    def _broadcast(self, values) -> np.ndarray:
        return np.broadcast_to(np.asarray(values, dtype=float), (len(self),)).copy()

    def price_slopes(
        self, s_i: np.ndarray, s_j: np.ndarray, t_i: np.ndarray, t_j: np.ndarray
    ) -> np.ndarray:
        r"""Firm i's price slopes at the given decisions, ``(3, n)``.

        Rows :math:`\partial p_i/\partial t_i`, :math:`\partial p_i/\partial t_j` and the
        sharing condition (5) (Proposition 1).  Under the baseline the compiled
        :func:`baseline_price_slope` and the condition as
        :func:`~isacmodel.solve.nash.evaluate_expressions` lists it; otherwise
        :func:`~isacmodel.solve.nash.price_slopes` (whose last row is the condition
        divided by :math:`2 b_1 p_i`, of the same sign).
        """
        if not self.is_baseline:
            return nash.price_slopes(self.params, self.spec, s_i, s_j, t_i, t_j)
        own, rival = (evaluate(baseline_price_slope(which), self.params, s_i, s_j, t_i, t_j)
                      for which in ("own", "rival"))  # fmt: skip
        condition = nash.evaluate_expressions("conditions", self.params, s_i, s_j, t_i, t_j)[0]
        return np.stack([own, rival, self._broadcast(condition)])

    def investment_condition_slope(self, variable: str) -> np.ndarray:
        r""":math:`\partial H_i/\partial x` of firm i's investment condition at the equilibria.

        Under the baseline the ``rhs:<variable>`` list of
        :func:`~isacmodel.solve.nash.evaluate_expressions`, otherwise
        :func:`~isacmodel.solve.nash.investment_condition_slope`.
        """
        if not self.is_baseline:
            return nash.investment_condition_slope(self.equilibria, variable, self.spec)
        return nash.evaluate_expressions(f"rhs:{variable}", self.params, *self.decisions)[1]

    def cross_partials(self) -> np.ndarray:
        r""":math:`\pi_{s_i t_j}, \pi_{s_i s_j}, \pi_{t_i t_j}` at the equilibria, ``(n, 3)``.

        Under the baseline the compiled :func:`baseline_cross_partial`, otherwise
        :func:`~isacmodel.solve.nash.cross_partials`.
        """
        if not self.is_baseline:
            return nash.cross_partials(self.equilibria, self.spec)
        return np.column_stack([
            evaluate(baseline_cross_partial(name), self.params, *self.decisions)
            for name in CROSS_PARTIALS
        ])  # fmt: skip

    def welfare_at(
        self, s_i: np.ndarray, s_j: np.ndarray, t_i: np.ndarray, t_j: np.ndarray
    ) -> np.ndarray:
        """Total welfare at Bertrand prices and the given decisions, one value per draw.

        Under the baseline :func:`isacmodel.derive.welfare.compiled_numeric`, otherwise
        :func:`~isacmodel.solve.nash.welfare_at`.
        """
        if not self.is_baseline:
            return nash.welfare_at(self.params, self.spec, s_i, s_j, t_i, t_j)
        return evaluate(welfare.compiled_numeric("welfare"), self.params, s_i, s_j, t_i, t_j)

    def no_sharing_investment(self) -> np.ndarray:
        """Return the common investment of the symmetric equilibrium without sharing.

        Under the baseline :func:`isacmodel.solve.optima.no_sharing_investment`,
        otherwise :func:`isacmodel.solve.nash.no_sharing_investment`.
        """
        if not self.is_baseline:
            return nash.no_sharing_investment(self.params, self.spec)
        return optima.no_sharing_investment(self.params)[0]

    def eq32(self) -> np.ndarray:
        r"""Return the derived (32), :math:`\partial^2(p_i - F_i)/\partial t_i\partial\hat\delta`.

        Section 4's samples: under the baseline the compiled :func:`baseline_eq32`,
        otherwise :func:`isacmodel.solve.volume_newton.eq32_derived`.
        """
        if not self.is_baseline:
            return volume_newton.eq32_derived(self.equilibria, self.spec)
        s, _, t, _ = self.decisions
        values = baseline_eq32()(*volume.parameter_values(self.params), s, s, t, t)
        return np.asarray(values, dtype=float)

    def one_firm(self, variable: str) -> np.ndarray:
        """Return the paper's one-firm responses ``(n, 2)`` of ``(s_i, t_i)`` (cached).

        Under another family than the baseline only the reaction slopes, ``"s_j"`` and
        ``"t_j"`` (:func:`~isacmodel.solve.nash.reaction_slopes`).

        Raises
        ------
        ValueError
            For another variable under another family than the baseline.
        """
        key = ("one firm", variable)
        if key not in self._cache:
            if self.is_baseline:
                self._cache[key] = nash.one_firm_statics_batch(
                    self.params, self.decisions, variable
                )
            elif variable in RIVAL_CHOICES:
                slopes = nash.reaction_slopes(self.equilibria, self.spec)
                self._cache[key] = slopes[:, :, RIVAL_CHOICES.index(variable)]
            else:
                self._require_baseline(f"the one-firm response to {variable}")
        return self._cache[key]

    @cached_property
    def fingerprint(self) -> str:
        """SHA-256 over the seed, the specification and the draws (keys the disk cache)."""
        spec = self.spec
        digest = hashlib.sha256(f"{self.seed}:{len(self)};".encode())
        digest.update(f"{spec.name}|{spec.cost}|{spec.leakage}|{spec.phi};".encode())
        for name, values in sorted(self.params.as_dict().items()):
            digest.update(name.encode() + np.ascontiguousarray(values).tobytes())
        return digest.hexdigest()

    def regime(self, name: str) -> BatchEquilibria:
        """Return another regime's solutions at the draws under :attr:`spec` (cached).

        ``name`` is a coordinated regime of :data:`isacmodel.derive.welfare.REGIMES`
        (:func:`~isacmodel.solve.optima.solve_regime_batch`), ``"stackelberg"``
        (:func:`~isacmodel.solve.sequential.solve_stackelberg_batch`) or
        ``"technology first"`` (:func:`~isacmodel.solve.sequential.solve_technology_first_batch`).
        """
        canonical = str(Regime(name))  # a plain string: the disk cache's key is its pickle
        return self.cached(("regime", canonical), _regime_solver(canonical))

    def solved_with(self, **changes: np.ndarray) -> BatchEquilibria:
        """Return the sample's game solved again at the draws with some parameters changed.

        Parameters
        ----------
        **changes : numpy.ndarray
            New values of some parameters, one per draw (``delta_hat=np.zeros(n)``).

        Returns
        -------
        BatchEquilibria
            From the solver of :attr:`game` (:data:`GAMES`) under :attr:`spec`.
        """
        values = self.params.as_dict()
        values.update(changes)
        return GAMES[self.game](ParamsBatch(**values), self.spec)

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
        (:func:`~isacmodel.solve.volume.reaction_curve`), all under :attr:`spec`.
        """

        def compute(sample: Sample) -> dict[str, np.ndarray]:
            t = sample.decisions[2]
            values = sample.params.as_dict()
            values["delta_hat"] = multiple * volume.sharing_threshold(sample.params, t,
                                                                      sample.spec)  # fmt: skip
            return volume.reaction_curve(ParamsBatch(**values), REACTION_GRID, t, sample.spec)

        return self.cached(("reaction curve", multiple), compute)

    def row(self, index: int) -> dict[str, float]:
        """Parameters of draw ``index`` (for worst-case reports)."""
        return {name: float(values[index]) for name, values in self.params.as_dict().items()}


#: The rival's choices of :meth:`Sample.one_firm`'s reaction slopes, in the column order of
#: :func:`~isacmodel.solve.nash.reaction_slopes`.
RIVAL_CHOICES = ("s_j", "t_j")
#: The strategic cross partials of :meth:`Sample.cross_partials`, in its column order.
CROSS_PARTIALS = ("s_i t_j", "s_i s_j", "t_i t_j")


def baseline_price_slope(which: str) -> Callable:
    """Compiled baseline ``dp_i/dt_i`` (``"own"``) or ``dp_i/dt_j`` (``"rival"``) (cached)."""
    return _compiled("price slope", which)


def baseline_cross_partial(name: str) -> Callable:
    """Compiled baseline strategic cross partial ``name`` (``"s_i t_j"``, ...) (cached)."""
    return _compiled("cross partial", name)


@cache
def baseline_eq32() -> Callable:
    """Compiled derived (32) of the baseline (cross derivative in ``t_i``, ``hat_delta``)."""
    row = next(r for r in volume.printed_expressions() if r.key == "eq32")
    return compile_expressions(volume.specialise(row.derived), volume.ARGS)


@cache
def _compiled(kind: str, name: str) -> Callable:
    if kind == "price slope":
        symbol = {"own": SYM.t_i, "rival": SYM.t_j}[name]
        expression = bertrand.specialise(sp.diff(bertrand.price(), symbol))
    else:
        expression = bertrand.specialise(bertrand.strategic_cross_partials()[name])
    return compile_expressions(expression)


#: The games a sample's equilibria can come from (:attr:`Sample.game`), by name.
GAMES: dict[str, Callable[[ParamsBatch, Specification], BatchEquilibria]] = {
    Regime.NASH: nash.solve_nash_batch,
    "volume": solve_volume_nash_batch,
}
#: The solvers of :meth:`Sample.regime` other than the coordinated regimes'
#: (:func:`~isacmodel.solve.optima.solve_regime_batch`).
OTHER_GAMES: dict[str, Callable[..., BatchEquilibria]] = {
    Regime.STACKELBERG: sequential.solve_stackelberg_batch,
    Regime.TECHNOLOGY_FIRST: sequential.solve_technology_first_batch,
}
#: The package functions each :class:`Sample` method calls (``module:qualname``), for the
#: claims' declared ``uses``; :meth:`Sample.regime` calls the one its name selects.
METHOD_USES: dict[str, tuple[str, ...]] = {
    "statics": ("isacmodel.solve.nash:comparative_statics_batch",
                "isacmodel.solve.nash:statics",
                "isacmodel.solve.volume:statics_delta_hat"),
    "expressions": ("isacmodel.solve.nash_polynomial:evaluate_expressions",),
    "price_slopes": ("isacmodel.derive.bertrand:price",
                     "isacmodel.derive.bertrand:specialise",
                     "isacmodel.solve.nash_polynomial:evaluate_expressions",
                     "isacmodel.solve.nash_newton:price_slopes"),
    "investment_condition_slope": ("isacmodel.solve.nash_polynomial:evaluate_expressions",
                                   "isacmodel.solve.nash_newton:investment_condition_slope"),
    "cross_partials": ("isacmodel.derive.bertrand:strategic_cross_partials",
                       "isacmodel.derive.bertrand:specialise",
                       "isacmodel.solve.nash_newton:cross_partials"),
    "welfare_at": ("isacmodel.derive.welfare:compiled_numeric",
                   "isacmodel.solve.nash_newton:welfare_at"),
    "no_sharing_investment": ("isacmodel.solve.optima:no_sharing_investment",
                              "isacmodel.solve.nash_newton:no_sharing_investment"),
    "eq32": ("isacmodel.solve.volume_polynomial:parameter_values",
             "isacmodel.derive.volume:printed_expressions",
             "isacmodel.derive.volume:specialise",
             "isacmodel.solve.volume_newton:eq32_derived"),
    "one_firm": ("isacmodel.solve.nash:one_firm_statics_batch",
                 "isacmodel.solve.nash:reaction_slopes"),
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

        def solve(sample: Sample) -> BatchEquilibria:
            if sample.is_baseline:
                return OTHER_GAMES[name](sample.params)
            return OTHER_GAMES[name](sample.params, sample.spec, simultaneous=sample.equilibria)

        return solve
    return lambda sample: optima.solve_regime_batch(sample.params, name, spec=sample.spec)


def _computed(key: tuple, fingerprint: str, *, compute: Callable[[Sample], object], sample: Sample):
    """Return ``compute(sample)``; ``key`` and ``fingerprint`` only key the disk cache."""
    return compute(sample)


#: The rival's sharing levels along the reaction functions of :meth:`Sample.reaction_curve`.
REACTION_GRID = np.linspace(0.0, 1.0, 11)


def draw_volume_sample(n: int, seed: int, spec: Specification = BASELINE) -> Sample:
    """Draw ``n`` admissible points of section 4's model (volume-related costs).

    The section-2 parameters come from :data:`BOX` (with ``delta_c = 0``: section 4
    has no fixed-cost spillover), ``c`` and ``delta_hat`` from :data:`VOLUME_BOX`.
    A draw is admissible when its symmetric section-4 equilibrium
    (:func:`isacmodel.solve.volume.solve_volume_nash_batch`) exists, is stable, has a
    positive margin and **interior** sharing (the claims of section 4 are about
    how interior sharing responds).  ``sample.equilibria`` holds those equilibria.
    Under another ``spec`` (leakage and volume-cost shape) the equilibria are solved
    with it (:func:`isacmodel.solve.volume.solve_volume_nash_batch`), the draws the same.
    """
    spec = require_specification(spec)

    def admissible(batch: ParamsBatch) -> np.ndarray:
        result = solve_volume_nash_batch(batch, spec)
        return result.ok & (result.corner == "")

    params, drawn = collect_admissible(n, seed, draw_volume_box, admissible)
    return Sample(params=params, equilibria=solve_volume_nash_batch(params, spec), drawn=drawn,
                  seed=seed, assumption_1=True, asymmetric=False, game="volume",
                  spec=spec)  # fmt: skip


def _gamma_bar(batch: ParamsBatch, eq: BatchEquilibria) -> np.ndarray:
    return batch.delta_d * np.min(eq.s, axis=1) + batch.b2 / (2 * batch.b1)


def draw_sample(
    n: int,
    seed: int,
    *,
    assumption_1: bool = True,
    asymmetric: bool = False,
    optima_exist: bool = False,
    spec: Specification = BASELINE,
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
    spec : Specification
        The functional forms the equilibria (and the optimum's existence) are solved
        under: the same draws, admissible under ``spec`` (the baseline by default).

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
    spec = require_specification(spec)

    def admissible(batch: ParamsBatch) -> np.ndarray:
        eq = nash.solve_nash_batch(batch, spec)
        with np.errstate(invalid="ignore"):
            keep = eq.ok & (batch.b2 * batch.delta_d * eq.t[:, 0] > 0)
            holds_1 = batch.gamma <= _gamma_bar(batch, eq)
        keep &= holds_1 if assumption_1 else ~holds_1
        if optima_exist:
            keep &= optimum_exists(batch, spec)
        return keep

    params, drawn = collect_admissible(
        n, seed, lambda rng, chunk: draw_box(chunk, rng, asymmetric=asymmetric), admissible
    )
    return Sample(
        params=params,
        equilibria=nash.solve_nash_batch(params, spec),
        drawn=drawn,
        seed=seed,
        assumption_1=assumption_1,
        asymmetric=asymmetric,
        optima_exist=optima_exist,
        spec=spec,
    )


def optimum_exists(batch: ParamsBatch, spec: Specification = BASELINE) -> np.ndarray:
    """Return where the planner's optimum exists (a mask).

    The closed form under the baseline (:func:`isacmodel.derive.welfare.existence_margin`),
    else :func:`isacmodel.solve.optima.existence_margin`.
    """
    if nash.is_baseline(spec):
        return existence_margin(batch, Regime.SOCIAL_OPTIMUM) > 0
    return optima.existence_margin(batch, Regime.SOCIAL_OPTIMUM, spec) > 0
