r"""The robustness atlas: the registry's claims checked under every functional form.

The atlas has no checks of its own: for every specification of :func:`specifications`
(each cost family of :data:`~isacmodel.core.families.COST_FAMILIES` with each leakage
family of :data:`~isacmodel.core.families.LEAKAGE_FAMILIES`) it draws the registry's
samples under that specification, with the registry's seeds
(:func:`isacmodel.verify.claims.draw_named_sample`: the same draws, admissible and
solved under the specification), and evaluates the registry's own checks
(:data:`isacmodel.verify.claims.CLAIMS`) on them; every
:class:`~isacmodel.verify.sampling.Sample` method solves and evaluates under the
sample's specification.  Under the baseline the row **is** the registry's evidence.

* Section 2.1's claims (:data:`ATLAS_CLAIMS`) and section 3's
  (:data:`SEQUENTIAL_CLAIMS`, on the draws where each game is solved) on the
  symmetric sample; Proposition 4(i) between firms of different size
  (:data:`ASYMMETRIC_CLAIMS`) on the asymmetric one;
* section 2.2's rankings (:data:`OPTIMA_CLAIMS`) on the optima sample, when the
  planner's optimum exists at all, on the draws where :data:`OPTIMUM_REGIMES` are
  solved;
* section 4's (:data:`VOLUME_CLAIMS`) in rows of their own, one per volume-cost shape
  and leakage family (:func:`volume_specifications`), on the volume sample.

The claims it leaves out are listed in :data:`OUTSIDE_ATLAS` with the reason.  Each
record holds the pass rate, the worst draw, the failures (and how many of them have
:math:`\gamma_3 = 0`) and, for a claim that holds only in part, a map of where
(:func:`claim_map`).

``python -m isacmodel atlas`` regenerates :data:`ATLAS_FILE`, which the book reads; the
file records the code digest (:func:`atlas_digest`), the draws and the seed, and a test
fails when it is out of date.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from functools import cache
from itertools import repeat
from pathlib import Path

import numpy as np

from isacmodel.core.families import (
    COST_FAMILIES,
    LEAKAGE_FAMILIES,
    PHI_FAMILIES,
    Specification,
    specification,
)
from isacmodel.core.params import ParamsBatch
from isacmodel.core.regimes import Regime
from isacmodel.numerics.workers import worker_pool
from isacmodel.solve import optima
from isacmodel.verify.cache import modules_digest
from isacmodel.verify.claims import (
    CLAIMS,
    DEFAULT_DRAWS,
    DEFAULT_SEED,
    TOLERANCE,
    draw_named_sample,
)
from isacmodel.verify.sampling import Sample

__all__ = [
    "ASYMMETRIC_CLAIMS",
    "ATLAS_CLAIMS",
    "ATLAS_FILE",
    "OPTIMA_CLAIMS",
    "OPTIMUM_REGIMES",
    "OUTSIDE_ATLAS",
    "SEQUENTIAL_CLAIMS",
    "VOLUME_CLAIMS",
    "atlas_digest",
    "checked_claims",
    "claim_map",
    "claim_records",
    "load_atlas",
    "run_atlas",
    "specifications",
    "volume_specifications",
    "write_atlas",
]


@cache
def specifications() -> tuple[Specification, ...]:
    """Every cost family with every leakage family (the volume shape does not enter section 2).

    A function, not a constant: building them runs the sympy checks of every family.
    """
    return tuple(specification(cost=cost, leakage=leak)
                 for leak in LEAKAGE_FAMILIES for cost in COST_FAMILIES)  # fmt: skip


@cache
def volume_specifications() -> tuple[Specification, ...]:
    """Every volume-cost shape with every leakage family (section 4; the cost family drops out).

    Section 4 has no fixed-cost spillover, and every cost family of the menu is
    :math:`k t^2/2` without it (:func:`isacmodel.solve.volume_compiled.fixed_cost`).
    """
    return tuple(specification(leakage=leak, phi=phi)
                 for leak in LEAKAGE_FAMILIES for phi in PHI_FAMILIES)  # fmt: skip


#: Section 2.2's cooperative regimes whose optimum may fail to exist (Proposition 5 needs
#: them); the optima claims are checked where both are solved.
OPTIMUM_REGIMES = (Regime.JOINT_PROFIT, Regime.SOCIAL_OPTIMUM)
#: The computed atlas the book reads (``python -m isacmodel atlas`` writes it).
ATLAS_FILE = Path(__file__).resolve().parents[1] / "data" / "atlas.json"

#: Bins per parameter of a claim's map (:func:`claim_map`), and the share of the draws a
#: bin needs to count towards a parameter's influence.
MAP_BINS, MAP_MIN_SHARE = 8, 0.01

_PROOF_STEP = "a step of the printed proof of Proposition 5; the atlas checks the proposition"
_NOT_BUILT = "needs {} under each family, which no solver here computes yet"
#: The registry's claims the atlas does not re-check under other families, and why.
OUTSIDE_ATLAS: dict[str, str] = {
    "lemma1.i": "checked symbolically on the baseline's equations only",
    "text.negative-spillover": "about a negative demand spillover, outside the sampled box; "
    "checked symbolically on the baseline only",
    "prop5.step.fixed-t.nash": _PROOF_STEP,
    "prop5.step.fixed-t.jp-sw": _PROOF_STEP,
    "prop5.step.fixed-s.nash": _PROOF_STEP,
    "prop5.step.fixed-s.jp-sw": _PROOF_STEP,
    "prop5.step.eq28-eq29": _PROOF_STEP,
    "text.collusion.quantity": "compares prices at the same sharing and investment, where "
    "f does not enter and g only shifts demand: the symbolic proof covers every family",
    "text.collusion.welfare-fixed": "as text.collusion.quantity: the symbolic proof at fixed "
    "sharing and investment covers every family",
    "text.collusion.welfare": _NOT_BUILT.format("the optimum of an ISA that colludes on price"),
    "prop6.proof.eq15-16": "about the printed equations (15)-(16), which the sequential "
    "chapter derives for general f and g",
    "appB.groves": "proved symbolically for general f and g",
    "appB.eq35": "about the printed subsidy (35)",
    "appB.implements": _NOT_BUILT.format("the subsidy-tax scheme's equilibrium"),
    "appB.budget": _NOT_BUILT.format("the subsidy-tax scheme's equilibrium"),
    "appB.truthful": _NOT_BUILT.format("the subsidy-tax scheme's taxes"),
}


def _checked(sample: str, *, sequential: bool | None = None) -> tuple[str, ...]:
    """Return the registry's claims on ``sample`` the atlas checks, in the registry's order."""

    def wanted(claim_id: str) -> bool:
        claim = CLAIMS[claim_id]
        in_chapter = sequential is None or (claim.chapter == "sequential") == sequential
        return claim_id not in OUTSIDE_ATLAS and claim.sample == sample and in_chapter

    return tuple(filter(wanted, CLAIMS))


#: Section 2.1's claims (and Proposition 5(i)) on the symmetric sample (``row["claims"]``).
ATLAS_CLAIMS = _checked("symmetric", sequential=False)
#: Section 3's claims on the symmetric sample (``row["sequential claims"]``).
SEQUENTIAL_CLAIMS = _checked("symmetric", sequential=True)
#: Proposition 4(i) between firms of different size (``row["asymmetric claims"]``).
ASYMMETRIC_CLAIMS = _checked("asymmetric")
#: Proposition 5's rankings where the optima exist (``row["optima claims"]``).
OPTIMA_CLAIMS = _checked("optima")
#: Section 4's claims (the ``"volume rows"``).
VOLUME_CLAIMS = _checked("volume")


def checked_claims() -> tuple[str, ...]:
    """Every claim the atlas re-checks under other families (sections 2.1, 2.2, 3 and 4)."""
    return (*ATLAS_CLAIMS, *ASYMMETRIC_CLAIMS, *OPTIMA_CLAIMS, *SEQUENTIAL_CLAIMS,
            *VOLUME_CLAIMS)  # fmt: skip


def claim_records(
    claim_ids: tuple[str, ...], sample: Sample, inside: np.ndarray | None = None
) -> dict[str, dict]:
    """Evaluate the registry's checks of ``claim_ids`` on ``sample``, one record each.

    A claim's margins are its registered ``numeric`` check's; the draws outside its
    ``domain`` (and outside ``inside``, if given) are left out and counted
    (``"outside"``).  See :func:`_record` for the rest of the record.
    """
    records = {}
    for claim_id in claim_ids:
        claim = CLAIMS[claim_id]
        margins = claim.numeric(sample)
        mask = np.ones(len(sample), dtype=bool) if claim.domain is None else claim.domain(sample)
        if inside is not None:
            mask = mask & inside
        records[claim_id] = _record(claim_id, sample.spec, margins[mask],
                                    sample.params.subset(mask))  # fmt: skip
        records[claim_id]["outside"] = int((~mask).sum())
    return records


def _cell(spec: Specification, n: int, seed: int) -> dict:
    """Return one specification's row: acceptance, and every claim's rate and worst case."""
    symmetric = draw_named_sample("symmetric", n, seed, spec)
    row = {"specification": spec.name, "cost": spec.cost_name, "leakage": spec.leakage_name,
           "draws": n, "drawn": symmetric.drawn}  # fmt: skip
    row["claims"] = claim_records(ATLAS_CLAIMS, symmetric)
    row["optima exist"] = {
        regime: float(np.mean(optima.existence_margin(symmetric.params, regime, spec) > 0))
        for regime in OPTIMUM_REGIMES
    }
    row["optima claims"] = (
        _optima_claims(spec, n, seed) if row["optima exist"][Regime.SOCIAL_OPTIMUM] else {}
    )
    row["sequential claims"] = claim_records(SEQUENTIAL_CLAIMS, symmetric)
    asymmetric = draw_named_sample("asymmetric", n, seed, spec)
    row["asymmetric claims"] = {"draws": n, "drawn": asymmetric.drawn,
                                "claims": claim_records(ASYMMETRIC_CLAIMS, asymmetric)}  # fmt: skip
    return row


def _optima_claims(spec: Specification, n: int, seed: int) -> dict:
    """Proposition 5's rankings on the optima sample, where :data:`OPTIMUM_REGIMES` are solved.

    Also counts the failures of ``prop5.ii.jp-sw`` that are ties at full sharing (both
    optima at ``s = 1``).
    """
    sample = draw_named_sample("optima", n, seed, spec)
    found = np.ones(len(sample), dtype=bool)
    full = np.ones(len(sample), dtype=bool)
    for regime in OPTIMUM_REGIMES:
        found &= sample.regime(regime).ok
        full &= sample.regime(regime).s[:, 0] >= 1 - 1e-9
    records = claim_records(OPTIMA_CLAIMS, sample, found)
    if "prop5.ii.jp-sw" in records:
        fails = found & ~(CLAIMS["prop5.ii.jp-sw"].numeric(sample) > TOLERANCE)
        records["prop5.ii.jp-sw"]["failures tied at full sharing"] = int((fails & full).sum())
    return {"draws": int(found.sum()), "drawn": sample.drawn,
            "optimum not found": int((~found).sum()), "claims": records}  # fmt: skip


def _volume_cell(spec: Specification, n: int, seed: int) -> dict:
    """One section-4 row: the registry's volume sample under ``spec`` and its claims."""
    sample = draw_named_sample("volume", n, seed, spec)
    quantiles = np.quantile(sample.decisions[2], (0.5, 0.99)).tolist()
    return {"specification": spec.name, "leakage": spec.leakage_name, "phi": spec.phi_name,
            "draws": n, "drawn": sample.drawn,
            "claims": claim_records(VOLUME_CLAIMS, sample),
            "investment quantiles": quantiles}  # fmt: skip


def _record(claim_id: str, spec: Specification, values: np.ndarray, params: ParamsBatch) -> dict:
    r"""Pass rate, worst margin and worst draw of one claim under one specification.

    It also counts the failures, and those on draws with :math:`\gamma_3 = 0` (where
    several of the paper's strict inequalities become equalities).  Where the claim
    holds on some draws and fails on others the record carries its map
    (:func:`claim_map`).

    Raises
    ------
    RuntimeError
        If no draw is left or a margin is not finite.
    """
    if not len(values):
        raise RuntimeError(f"{claim_id} under {spec.name}: no draw lies in the claim's domain")
    if not np.all(np.isfinite(values)):
        raise RuntimeError(f"{claim_id} under {spec.name}: non-finite margins")
    worst = int(np.argmin(values))
    passes = values > TOLERANCE
    record = {"pass_rate": float(np.mean(passes)), "worst_margin": float(values[worst]),
              "worst_params": params.params(worst).as_dict(),
              "failures": int((~passes).sum()),
              "failures where gamma3 = 0": int((~passes & (params.gamma3 == 0)).sum())}  # fmt: skip
    if 0 < record["pass_rate"] < 1:
        record["map"] = claim_map(passes, params)
    return record


def _varying(params: ParamsBatch) -> dict[str, np.ndarray]:
    """Return the drawn parameters that vary (``a`` for ``a_i = a_j`` when symmetric)."""
    values = params.as_dict()
    if np.array_equal(values["a_i"], values["a_j"]):
        values["a"] = values.pop("a_i")
        del values["a_j"]
    return {name: v for name, v in values.items() if np.ptp(v) > 0}


def _influence(passes: np.ndarray, values: np.ndarray) -> float:
    """Range of the pass rate over equal-width bins of ``values`` (well-filled bins only)."""
    edges = np.linspace(values.min(), values.max(), MAP_BINS + 1)
    count = np.histogram(values, edges)[0]
    held = np.histogram(values, edges, weights=passes.astype(float))[0]
    full = count >= MAP_MIN_SHARE * len(values)
    return float(np.ptp(held[full] / count[full])) if full.any() else 0.0


def claim_map(passes: np.ndarray, params: ParamsBatch) -> dict:
    """Where a claim holds, over the two parameters its pass rate depends on most.

    A parameter's influence is the range of the pass rate over :data:`MAP_BINS`
    equal-width bins of it (bins with under :data:`MAP_MIN_SHARE` of the draws left out);
    the map is the pass rate on the grid of the two most influential parameters.

    Returns
    -------
    dict
        ``x``, ``y`` (parameter names), ``x_edges``, ``y_edges``, ``pass_rate`` and
        ``count`` (``MAP_BINS`` x ``MAP_BINS`` lists, ``[y][x]``; ``None`` where empty)
        and ``influence`` (every varying parameter's, largest first).
    """
    varying = _varying(params)
    influence = {name: _influence(passes, values) for name, values in varying.items()}
    ranked = sorted(influence, key=lambda name: (-influence[name], name))
    x, y = varying[ranked[0]], varying[ranked[1]]
    x_edges = np.linspace(x.min(), x.max(), MAP_BINS + 1)
    y_edges = np.linspace(y.min(), y.max(), MAP_BINS + 1)
    count = np.histogram2d(y, x, (y_edges, x_edges))[0]
    held = np.histogram2d(y, x, (y_edges, x_edges), weights=passes.astype(float))[0]
    with np.errstate(invalid="ignore"):
        rate = held / count
    return {"x": ranked[0], "y": ranked[1], "x_edges": x_edges.tolist(),
            "y_edges": y_edges.tolist(),
            "pass_rate": [[None if np.isnan(v) else float(v) for v in row] for row in rate],
            "count": count.astype(int).tolist(),
            "influence": {name: influence[name] for name in ranked}}  # fmt: skip


def atlas_digest(package: Path | None = None) -> str:
    """SHA-256 over every module the atlas imports, directly or not (keys :data:`ATLAS_FILE`).

    ``package`` is the ``isacmodel`` folder to read (default: this one); the set of
    modules is read from the imports (:func:`isacmodel.verify.cache.imported_modules`).
    """
    return modules_digest(__name__, *([package] if package else []))


def run_atlas(n: int = DEFAULT_DRAWS, seed: int = DEFAULT_SEED, jobs: int = 1) -> dict:
    """Compute the atlas: every claim it covers under every specification.

    Parameters
    ----------
    n : int
        Admissible draws per sample.
    seed : int
        The registry's base seed (each sample offset from it as the registry's).
    jobs : int
        Worker processes (one specification each).

    Returns
    -------
    dict
        ``{"digest", "draws", "seed", "rows": [...], "volume rows": [...]}`` (JSON-ready).
    """
    if jobs < 1:
        raise ValueError(f"jobs must be at least 1 (got {jobs})")
    tasks = [(_cell, spec) for spec in specifications()]
    tasks += [(_volume_cell, spec) for spec in volume_specifications()]
    if jobs == 1:
        rows = [_run_task(task, n, seed) for task in tasks]
    else:
        with worker_pool(jobs) as pool:
            rows = pool.starmap(_run_task, zip(tasks, repeat(n), repeat(seed)), chunksize=1)
    return {"digest": atlas_digest(), "draws": n, "seed": seed,
            "rows": rows[: len(specifications())],
            "volume rows": rows[len(specifications()) :]}  # fmt: skip


def _run_task(task: tuple[Callable, Specification], n: int, seed: int) -> dict:
    cell, spec = task
    return cell(spec, n, seed)


def write_atlas(atlas: dict, path: Path = ATLAS_FILE) -> Path:
    """Write the atlas as JSON."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(atlas, indent=1, sort_keys=True) + "\n")
    return path


def load_atlas(path: Path = ATLAS_FILE) -> dict:
    """Read the stored atlas, refusing one computed by other code.

    Raises
    ------
    RuntimeError
        If the file is missing or its digest differs from :func:`atlas_digest`.
    """
    if not path.is_file():
        raise RuntimeError(f"no atlas at {path}: run `python -m isacmodel atlas`")
    atlas = json.loads(path.read_text())
    if atlas.get("digest") != atlas_digest():
        raise RuntimeError(f"{path} was computed by other code: run `python -m isacmodel atlas`")
    return atlas
