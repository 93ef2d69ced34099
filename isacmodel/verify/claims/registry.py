r"""The registry of the paper's claims and the engine that checks them.

A :class:`Claim` names a result of the paper (``prop3.ii``), states it in our
words, lists the conditions it assumes, and carries up to two checks:

* ``symbolic``: a sympy proof or disproof on the admissible domain (``True`` =
  proved, ``False`` = disproved, ``None`` = sympy cannot decide);
* ``numeric``: a function of a :class:`~isacmodel.verify.sampling.Sample` returning one
  **margin** per draw, positive where the claim holds (a claim with several parts
  returns the smallest part).  A draw passes when its margin exceeds
  :data:`TOLERANCE`, so a quantity that is zero up to rounding fails a strict
  inequality.  Margins of responses (reaction slopes, comparative statics) are
  divided by the equilibrium level they move, i.e. they are semi-elasticities
  :math:`d\ln s_i/dx`, so the tolerance is relative to the level: an equilibrium
  with almost no sharing still has a measurable, correctly signed response.

The checks live in one module per chapter of the book
(:mod:`isacmodel.verify.claims.bertrand` for ``chapters/bertrand.md``, and so on); each
is a named module-level function, registered with :func:`register` together with
its metadata: the chapter, and the package functions it calls (``uses``).

:func:`evaluate` turns a claim and the samples into an :class:`Evidence` record;
:func:`verify_all` evaluates the whole registry.  Each claim also records the
status **the book states** for it (``expected``); ``python -m isacmodel verify``
exits non-zero when a computed status differs, so the book cannot silently
contradict the code.

Statuses, from strongest to weakest: ``proved symbolically``, ``holds on all
draws``, ``holds on X% of draws``, ``fails`` (including ``disproved
symbolically``).  Tags: ``OK`` for the first two, ``PARTIAL``, ``FAILS``.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from functools import cached_property
from itertools import repeat
from typing import Literal, get_args

import numpy as np

from isacmodel.core.families import BASELINE, Specification
from isacmodel.numerics.workers import worker_pool
from isacmodel.verify import cache as store
from isacmodel.verify.sampling import Sample, draw_sample, draw_volume_sample

__all__ = [
    "ASSUMPTION_1",
    "CHAPTERS",
    "CLAIMS",
    "DEFAULT_DRAWS",
    "DEFAULT_SEED",
    "TOLERANCE",
    "Category",
    "Claim",
    "Evidence",
    "Expected",
    "SampleName",
    "SAMPLE_DRAWS",
    "Samples",
    "claim_groups",
    "classify",
    "draw_named_sample",
    "draw_samples",
    "evaluate",
    "evaluate_group",
    "evidence_markdown",
    "margins_in_domain",
    "percent",
    "register",
    "verify_all",
]

#: A draw passes a claim when its margin exceeds this (absolute) tolerance.
TOLERANCE = 1e-12
#: Draws per sample and base seed of the report the book states (and the CLI default).
DEFAULT_DRAWS = 10_000
DEFAULT_SEED = 20050601
ASSUMPTION_1 = "Assumption 1 (gamma <= gamma_bar)"

#: The status the book states for a claim.
Expected = Literal["proved", "holds", "partial", "fails"]
#: The category of a computed status: one the book can state, or a defect of the checks.
Category = Literal["proved", "holds", "partial", "fails", "inconsistent", "unchecked"]
#: The samples a claim can be checked on (see :meth:`Samples.for_claim`).
SampleName = Literal["symmetric", "asymmetric", "optima", "volume", "mechanism"]
#: The book's chapters that check claims, in book order (``chapters/<name>.md``).
CHAPTERS = ("bertrand", "welfare", "sequential", "volume", "mechanism")


@dataclass(frozen=True, kw_only=True)
class Claim:
    """One claim of the paper.

    Attributes
    ----------
    id : str
        Stable identifier (``prop3.ii``; ``text.*`` for claims made in the text).
    reference : str
        Where the paper makes it.
    statement : str
        Our statement (own words; Markdown with ``$...$`` math).
    conditions : tuple of str
        Conditions the paper assumes for it beyond admissibility.
    expected : Expected
        The status the book states: ``"proved"``, ``"holds"``, ``"partial"`` or ``"fails"``.
    symbolic : callable or None
        ``() -> bool | None``: sympy proof (True), disproof (False), undecided (None).
    numeric : callable or None
        ``(Sample) -> margins``.
    sample : SampleName
        ``"symmetric"``, ``"asymmetric"`` (firm i larger), ``"optima"`` (symmetric
        draws where the coordinated optima of section 2.2 exist), ``"volume"``
        (section 4's model, interior equilibria) or ``"mechanism"`` (the optima
        sample without its Assumption-1 counterpart: Appendix B does not assume it).
    one_firm : callable or None
        ``(Sample) -> margins`` of the paper's one-firm version (firm j held fixed),
        for claims about comparative statics.
    note : str
        What the evidence shows, when it needs saying.
    domain : callable or None
        ``(Sample) -> bool mask``: the draws the claim speaks about (for example,
        where the leader-follower game has a solution); the others are left out
        and counted in :attr:`Evidence.n_outside`.
    chapter : str
        The book's chapter that discusses it (``"bertrand"`` for ``chapters/bertrand.md``);
        its checks live in the module of the same name.
    uses : tuple of str
        The package functions its checks call, declared as ``"module:qualname"``
        (``"isacmodel.solve.nash:comparative_statics_batch"``), whether directly or
        through the :class:`~isacmodel.verify.sampling.Sample` methods they use.
    """

    id: str
    reference: str
    statement: str
    conditions: tuple[str, ...] = ()
    expected: Expected
    symbolic: Callable[[], bool | None] | None = None
    numeric: Callable[[Sample], np.ndarray] | None = None
    sample: SampleName = "symmetric"
    one_firm: Callable[[Sample], np.ndarray] | None = None
    note: str = ""
    domain: Callable[[Sample], np.ndarray] | None = None
    chapter: str = ""
    uses: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if self.expected not in get_args(Expected):
            raise ValueError(f"{self.id}: expected must be one of {get_args(Expected)}")
        if self.sample not in get_args(SampleName):
            raise ValueError(f"{self.id}: unknown sample {self.sample!r}")

    @property
    def checks(self) -> tuple[Callable, ...]:
        """The claim's check functions: symbolic, numeric, one-firm and domain (those it has)."""
        return tuple(check for check in (self.symbolic, self.numeric, self.one_firm, self.domain)
                     if check is not None)  # fmt: skip


#: The registry, in the paper's order (the chapters' modules fill it); ``CLAIMS["prop3.ii"]``.
CLAIMS: dict[str, Claim] = {}


def register(claim: Claim) -> Claim:
    """Add a claim to :data:`CLAIMS` and return it.

    :data:`CLAIMS` stays in the paper's order whatever order the chapters' modules are
    imported in: by chapter (:data:`CHAPTERS`), then in the order each module registers.

    Raises
    ------
    ValueError
        If a claim with the same id is registered, or the chapter is not in :data:`CHAPTERS`.
    """
    if claim.id in CLAIMS:
        raise ValueError(f"claim {claim.id!r} is registered twice")
    if claim.chapter not in CHAPTERS:
        raise ValueError(f"{claim.id}: unknown chapter {claim.chapter!r}")
    CLAIMS[claim.id] = claim
    ordered = sorted(CLAIMS.values(), key=lambda c: CHAPTERS.index(c.chapter))  # stable
    CLAIMS.clear()
    CLAIMS.update((c.id, c) for c in ordered)
    return claim


@dataclass(frozen=True)
class Evidence:
    """What the checks of one claim found.

    Attributes
    ----------
    claim : Claim
    status : str
        ``proved symbolically`` / ``disproved symbolically`` / ``holds on all draws`` /
        ``holds on X% of draws`` / ``fails``.
    tag : str
        ``OK``, ``PARTIAL`` or ``FAILS``.
    category : Category
        ``proved``, ``holds``, ``partial`` or ``fails`` (compared with ``claim.expected``),
        or ``inconsistent`` / ``unchecked`` for a defect of the checks.
    symbolic : bool or None
        Outcome of the symbolic check (None if none or undecided).
    pass_rate : float or None
        Share of draws passing (None without a numeric check).
    n_draws : int
    seed : int
    tolerance : float
    worst_margin : float or None
        Smallest margin over the draws.
    worst_params : dict
        The parameters of that draw.
    pass_rate_dropped : float or None
        Pass rate over draws that violate Assumption 1 (symmetric claims).
    worst_dropped_params : dict
        A counterexample among those draws, if any fails.
    one_firm_pass_rate : float or None
        Pass rate of the paper's one-firm version (firm j held fixed).
    n_outside : int
        Draws of the sample outside the claim's domain (left out).
    """

    claim: Claim | None
    status: str
    tag: str
    category: Category
    symbolic: bool | None
    pass_rate: float | None
    n_draws: int
    seed: int
    tolerance: float
    worst_margin: float | None
    worst_params: dict = field(default_factory=dict)
    pass_rate_dropped: float | None = None
    worst_dropped_params: dict = field(default_factory=dict)
    one_firm_pass_rate: float | None = None
    n_outside: int = 0

    @property
    def agrees(self) -> bool:
        """Whether the computed category is the one the book states."""
        return self.category == self.claim.expected


# ------------------------------------------------------------------ evaluation
@dataclass(frozen=True)
class Samples:
    """The samples the claims are checked on (one seed, offsets per sample).

    ``optima`` and ``optima_dropped`` keep only draws where the coordinated optima
    of section 2.2 exist (with and without Assumption 1); ``volume`` holds
    section 4's model (:func:`~isacmodel.verify.sampling.draw_volume_sample`).
    """

    symmetric: Sample
    dropped: Sample
    asymmetric: Sample
    optima: Sample
    optima_dropped: Sample
    volume: Sample

    def for_claim(self, claim: Claim) -> tuple[Sample, Sample | None]:
        """Return the sample a claim is checked on and its Assumption-1-violating counterpart."""
        return {
            "symmetric": (self.symmetric, self.dropped),
            "optima": (self.optima, self.optima_dropped),
            "asymmetric": (self.asymmetric, None),
            "volume": (self.volume, None),
            "mechanism": (self.optima, None),
        }[claim.sample]

    @property
    def seed(self) -> int:
        """The base seed."""
        return self.symmetric.seed

    @cached_property
    def fingerprint(self) -> str:
        """SHA-256 over every sample's seed and drawn parameters (keys the stored verdicts)."""
        every = (self.symmetric, self.dropped, self.asymmetric, self.optima,
                 self.optima_dropped, self.volume)  # fmt: skip
        digest = hashlib.sha256("".join(sample.fingerprint for sample in every).encode())
        return digest.hexdigest()


def draw_samples(n: int, seed: int, spec: Specification = BASELINE) -> Samples:
    """Draw the samples of :class:`Samples`, ``n`` draws each, under ``spec``.

    Kept on disk when ``ISACMODEL_CACHE`` is set (see :mod:`isacmodel.verify.cache`), so the
    chapters of one build draw them once.  Each sample is :func:`draw_named_sample`'s.
    """
    return store.cached_call(_draw_samples, n, seed, spec)


def _draw_samples(n: int, seed: int, spec: Specification) -> Samples:
    return Samples(**{name: draw_named_sample(name, n, seed, spec) for name in SAMPLE_DRAWS})


#: How each sample of :class:`Samples` is drawn: its seed's offset from the base seed and
#: the options of :func:`~isacmodel.verify.sampling.draw_sample` (``volume``:
#: :func:`~isacmodel.verify.sampling.draw_volume_sample`).
SAMPLE_DRAWS: dict[str, tuple[int, dict]] = {
    "symmetric": (0, {}),
    "dropped": (1, {"assumption_1": False}),
    "asymmetric": (2, {"asymmetric": True}),
    "optima": (3, {"optima_exist": True}),
    "optima_dropped": (4, {"assumption_1": False, "optima_exist": True}),
    "volume": (5, {}),
}


def draw_named_sample(name: str, n: int, seed: int, spec: Specification = BASELINE) -> Sample:
    """Draw the sample ``name`` of :class:`Samples` under ``spec`` (:data:`SAMPLE_DRAWS`).

    Parameters
    ----------
    name : str
        A field of :class:`Samples` (``"symmetric"``, ``"dropped"``, ...).
    n : int
        Admissible draws.
    seed : int
        The base seed (the sample's own is offset from it).
    spec : Specification
        The functional forms its equilibria are solved under.

    Returns
    -------
    Sample
    """
    offset, options = SAMPLE_DRAWS[name]
    if name == "volume":
        return draw_volume_sample(n, seed + offset, spec)
    return draw_sample(n, seed + offset, spec=spec, **options)


def _rate(margins: np.ndarray) -> float:
    return float(np.mean(margins > TOLERANCE))


def evaluate(claim: Claim, samples: Samples) -> Evidence:
    """Run a claim's checks and classify the result.

    The verdicts of registered claims are kept on disk when ``ISACMODEL_CACHE`` is set
    (keyed by the claim's id and :attr:`Samples.fingerprint`), so the book's
    verification page does not check again what the chapters have checked.

    Parameters
    ----------
    claim : Claim
    samples : Samples

    Returns
    -------
    Evidence
    """
    if CLAIMS.get(claim.id) is not claim:
        return _evaluate(claim, samples)
    stored = store.cached_call(_evaluate_registered, claim.id, samples.fingerprint, samples=samples)
    return replace(stored, claim=claim)


def _evaluate_registered(claim_id: str, fingerprint: str, *, samples: Samples) -> Evidence:
    """Evaluate a registered claim; the stored copy leaves the claim out (it does not pickle)."""
    return replace(_evaluate(CLAIMS[claim_id], samples), claim=None)


def _evaluate(claim: Claim, samples: Samples) -> Evidence:
    symbolic = claim.symbolic() if claim.symbolic else None
    sample, dropped_sample = samples.for_claim(claim)
    rate = worst = None
    worst_params: dict = {}
    dropped_rate = one_firm_rate = None
    dropped_params: dict = {}
    n_outside = 0
    if claim.numeric:
        margins, inside = margins_in_domain(claim, sample, "in the sample")
        n_outside = len(sample) - len(inside)
        rate = _rate(margins)
        index = int(np.argmin(margins))
        worst, worst_params = float(margins[index]), sample.row(int(inside[index]))
        if dropped_sample is not None:
            dropped, inside_dropped = margins_in_domain(
                claim, dropped_sample, "where Assumption 1 fails"
            )
            dropped_rate = _rate(dropped)
            if dropped_rate < 1:
                dropped_params = dropped_sample.row(int(inside_dropped[np.argmin(dropped)]))
        if claim.one_firm:
            one_firm_rate = _rate(claim.one_firm(sample))
    status, tag, category = classify(symbolic, rate)
    return Evidence(
        claim=claim,
        status=status,
        tag=tag,
        category=category,
        symbolic=symbolic,
        pass_rate=rate,
        n_draws=len(sample) - n_outside if claim.numeric else 0,
        seed=sample.seed,
        tolerance=TOLERANCE,
        worst_margin=worst,
        worst_params=worst_params,
        pass_rate_dropped=dropped_rate,
        worst_dropped_params=dropped_params,
        one_firm_pass_rate=one_firm_rate,
        n_outside=n_outside,
    )


def margins_in_domain(claim: Claim, sample: Sample, where: str) -> tuple[np.ndarray, np.ndarray]:
    """Return the claim's margins on the draws of its domain, and those draws' indices."""
    margins = claim.numeric(sample)
    inside = np.flatnonzero(claim.domain(sample)) if claim.domain else np.arange(len(sample))
    margins = margins[inside]
    if not len(margins):
        raise RuntimeError(f"{claim.id}: no draw {where} lies in the claim's domain")
    if not np.all(np.isfinite(margins)):
        raise RuntimeError(f"{claim.id}: non-finite margins {where}")
    return margins, inside


def classify(symbolic: bool | None, rate: float | None) -> tuple[str, str, Category]:
    """Classify the outcome of a claim's checks.

    Parameters
    ----------
    symbolic : bool or None
        The symbolic verdict (None: none or undecided).
    rate : float or None
        The share of draws passing (None: no numeric check).

    Returns
    -------
    tuple of str
        The status, the tag (``OK``, ``PARTIAL``, ``FAILS``) and the category.
    """
    if symbolic is True and rate in (None, 1.0):
        return "proved symbolically", "OK", "proved"
    if symbolic is False and rate in (None, 0.0):
        return "disproved symbolically", "FAILS", "fails"
    if symbolic is not None and rate is not None:
        return "symbolic and numeric checks disagree", "FAILS", "inconsistent"
    if rate is None:
        return "unchecked", "FAILS", "unchecked"
    if rate == 1.0:
        return "holds on all draws", "OK", "holds"
    if rate == 0.0:
        return "fails", "FAILS", "fails"
    return f"holds on {percent(rate)} of draws", "PARTIAL", "partial"


def verify_all(
    n: int = DEFAULT_DRAWS, seed: int = DEFAULT_SEED, *, jobs: int = 1
) -> list[Evidence]:
    """Evaluate every claim of the registry.

    Parameters
    ----------
    n : int
        Draws per sample (each claim sees ``n`` admissible draws).
    seed : int
        Base seed; the result is a pure function of ``(n, seed)``.
    jobs : int
        Processes; above one, the groups of :func:`claim_groups` are evaluated in
        parallel (same results).

    Returns
    -------
    list of Evidence
        In registry order.
    """
    if jobs < 1:
        raise ValueError(f"jobs must be at least 1, got {jobs}")
    samples = draw_samples(n, seed)
    if jobs == 1:
        return [evaluate(claim, samples) for claim in CLAIMS.values()]
    with worker_pool(jobs) as pool:
        groups = pool.starmap(evaluate_group, zip(claim_groups(), repeat(samples)), chunksize=1)
        stored = dict(pair for group in groups for pair in group)
    return [replace(stored[claim_id], claim=claim) for claim_id, claim in CLAIMS.items()]


def claim_groups() -> list[tuple[str, ...]]:
    """Return the claims' ids grouped by the sample they are checked on, largest group first.

    Claims on one sample share its solved regimes, so a group is the unit of work that
    :func:`verify_all` hands to a process.
    """
    groups: dict[str, list[str]] = {}
    for claim in CLAIMS.values():
        groups.setdefault(claim.sample, []).append(claim.id)
    return sorted((tuple(ids) for ids in groups.values()), key=len, reverse=True)


def evaluate_group(claim_ids: tuple[str, ...], samples: Samples) -> list[tuple[str, Evidence]]:
    """Evaluate registered claims as :func:`evaluate` does.

    Returns ``(id, evidence)`` pairs whose evidence leaves the claim out (it does not
    pickle, and this runs in another process).
    """
    return [(claim_id, replace(evaluate(CLAIMS[claim_id], samples), claim=None))
            for claim_id in claim_ids]  # fmt: skip


def percent(rate: float | None) -> str:
    """One decimal, or two where one would round a partial rate to 0% or 100%."""
    if rate is None:
        return "–"
    digits = 2 if 0 < rate < 1 and not 0.001 <= rate <= 0.999 else 1
    return f"{100 * rate:.{digits}f}%"


def evidence_markdown(report: list[Evidence], *, references: bool = True) -> str:
    """Render evidence records as a Markdown table (for the book's pages).

    Columns: the claim (its id, and where the paper makes it if ``references``), our
    statement, the status, the pass rate, the pass rate where Assumption 1 fails (for
    claims that assume it) and the pass rate of the paper's one-firm argument
    (comparative statics).  The last two are left out when no record has them.
    """
    header = ["Claim", "Statement", "Status", "Pass rate", "Where A1 fails", "One firm"]
    table = []
    for evidence in report:
        claim = evidence.claim
        dropped = percent(evidence.pass_rate_dropped) if ASSUMPTION_1 in claim.conditions else "–"
        name = f"`{claim.id}` ({claim.reference})" if references else f"`{claim.id}`"
        status = f"**{evidence.tag}** {evidence.status}"
        rates = [percent(evidence.pass_rate), dropped, percent(evidence.one_firm_pass_rate)]
        table.append([name, claim.statement, status, *rates])
    keep = [c for c in range(len(header)) if c < 4 or any(row[c] != "–" for row in table)]
    rows = [[row[c] for c in keep] for row in [header, *table]]
    lines = ["| " + " | ".join(rows[0]) + " |", "|" + "---|" * len(keep)]
    return "\n".join(lines + ["| " + " | ".join(row) + " |" for row in rows[1:]])
