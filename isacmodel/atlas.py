r"""The robustness atlas: which of section 2.1's conclusions survive other functional forms.

For every specification of :func:`specifications` (each cost family of
:data:`~isacmodel.specs.COST_FAMILIES` with each leakage family of
:data:`~isacmodel.specs.LEAKAGE_FAMILIES`) a sample of admissible draws is collected
exactly as the book's symmetric sample is (the same box and seed,
:func:`isacmodel.sampling.draw_box`), but with the symmetric equilibrium solved by
:func:`isacmodel.generic.solve_symmetric_batch` under that specification.  Each claim of
:data:`ATLAS_CLAIMS` is then checked on every draw, with the margins the registry
(:mod:`isacmodel.claims`) uses for the same claim: the pass rate and the worst draw are
recorded.  Under the baseline specification the atlas reproduces the registry's rates
(a test checks it).  For section 2.2 each row also records on how many of its draws the
cooperative optima exist (:func:`isacmodel.generic.existence_margin`): Proposition 5
compares them with the market, so where they do not exist it says nothing.

``python -m isacmodel atlas`` regenerates :data:`ATLAS_FILE`, which the book reads; the
file records the code digest (:func:`atlas_digest`), the draws and the seed, and a test
fails when it is out of date.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from functools import cache
from pathlib import Path

import numpy as np

from . import generic
from .claims import DEFAULT_DRAWS, DEFAULT_SEED, TOLERANCE, _gap
from .params import ParamsBatch
from .sampling import _collect, draw_box
from .specs import COST_FAMILIES, LEAKAGE_FAMILIES, Specification, specification

__all__ = [
    "ATLAS_CLAIMS",
    "ATLAS_FILE",
    "OPTIMA_CLAIMS",
    "OPTIMUM_REGIMES",
    "specifications",
    "atlas_digest",
    "draw_atlas_sample",
    "load_atlas",
    "run_atlas",
]


@cache
def specifications() -> tuple[Specification, ...]:
    """Every cost family with every leakage family (the volume shape does not enter section 2).

    A function, not a constant: building them runs the sympy checks of every family.
    """
    return tuple(specification(cost=cost, leakage=leak)
                 for leak in LEAKAGE_FAMILIES for cost in COST_FAMILIES)  # fmt: skip


#: Section 2.2's cooperative regimes whose optimum may fail to exist (Proposition 5 needs them).
OPTIMUM_REGIMES = ("joint profit", "social optimum")
#: The computed atlas the book reads (``python -m isacmodel atlas`` writes it).
ATLAS_FILE = Path(__file__).resolve().parent / "data" / "atlas.json"
_DEPENDENCIES = ("atlas.py", "generic.py", "specs.py", "model.py", "params.py", "sampling.py")

Margins = Callable[[generic.SymmetricBatch, Specification], np.ndarray]


def _levels(result: generic.SymmetricBatch) -> np.ndarray:
    return np.column_stack([result.s, result.t])


def _reaction(column: int) -> Margins:
    def margins(result, spec):
        return np.min(generic.reaction_slopes(result, spec)[:, :, column] / _levels(result), axis=1)

    return margins


def _all_reactions(result, spec) -> np.ndarray:
    return np.minimum(_reaction(0)(result, spec), _reaction(1)(result, spec))


def _statics(variable: str, sign: float) -> Margins:
    def margins(result, spec):
        return np.min(sign * generic.statics(result, variable, spec)[:, :2] / _levels(result),
                      axis=1)  # fmt: skip

    return margins


def _size(result, spec) -> np.ndarray:
    return np.minimum(_statics("a_i", 1.0)(result, spec), _statics("a", 1.0)(result, spec))


def _cross_partial(index: int) -> Margins:
    return lambda result, spec: generic.cross_partials(result, spec)[:, index]


#: Proposition 5's rankings, checked where the cooperative optima exist (see ``_optima_claims``).
OPTIMA_CLAIMS = ("prop5.ii.jp-sw", "prop5.ii.nash-jp", "text.quantity-below-optimum")
#: Section 2.1's claims about the symmetric equilibrium, with the registry's margins.
ATLAS_CLAIMS: dict[str, Margins] = {
    "lemma1.ii.s": _reaction(0),
    "lemma1.ii.t": _reaction(1),
    "prop2.iii": _all_reactions,
    "text.cross-partial.si-tj": _cross_partial(0),
    "text.cross-partial.si-sj": _cross_partial(1),
    "text.cross-partial.ti-tj": _cross_partial(2),
    "prop3.i": _statics("b1", -1.0),
    "prop3.ii": _statics("b2", 1.0),
    "prop4.i": _size,
    "prop4.ii.dd": _statics("delta_d", 1.0),
    "prop4.ii.dc": _statics("delta_c", 1.0),
    "prop4.iii": _statics("gamma", -1.0),
}


def draw_atlas_sample(
    spec: Specification, n: int, seed: int, *, optima_exist: bool = False
) -> tuple[generic.SymmetricBatch, int]:
    r"""Collect ``n`` admissible draws under ``spec`` (as the book's symmetric sample).

    A draw is admissible when it has an interior symmetric equilibrium (locally concave,
    stable, globally best on a grid), :math:`b_2\delta_d t > 0`, and Assumption 1 holds
    (:math:`\gamma \le \delta_d s + b_2/(2b_1)`); with ``optima_exist`` also the
    planner's optimum must exist (:func:`isacmodel.generic.existence_margin`), as in the
    registry's ``optima`` sample.

    Returns
    -------
    tuple
        The equilibria of the accepted draws and the number of draws made.
    """

    def admissible(batch: ParamsBatch) -> np.ndarray:
        result = generic.solve_symmetric_batch(batch, spec)
        with np.errstate(invalid="ignore"):
            keep = result.ok & (batch.b2 * batch.delta_d * result.t > 0)
            keep &= batch.gamma <= batch.delta_d * result.s + batch.b2 / (2 * batch.b1)
        if optima_exist:
            keep &= generic.existence_margin(batch, "social optimum", spec) > 0
        return keep

    params, drawn = _collect(n, seed, lambda rng, chunk: draw_box(chunk, rng), admissible)
    return generic.solve_symmetric_batch(params, spec), drawn


def _cell(spec: Specification, n: int, seed: int) -> dict:
    """Return one specification's row: acceptance, and every claim's rate and worst case."""
    result, drawn = draw_atlas_sample(spec, n, seed)
    row = {"specification": spec.name, "cost": spec.cost_name, "leakage": spec.leakage_name,
           "draws": n, "drawn": drawn, "claims": {}}  # fmt: skip
    row["optima exist"] = {
        regime: float(np.mean(generic.existence_margin(result.params, regime, spec) > 0))
        for regime in OPTIMUM_REGIMES
    }
    for claim_id, margins in ATLAS_CLAIMS.items():
        row["claims"][claim_id] = _record(claim_id, spec, margins(result, spec), result.params)
    row["optima claims"] = (
        _optima_claims(spec, n, seed) if row["optima exist"]["social optimum"] else {}
    )
    return row


def _record(claim_id: str, spec: Specification, values: np.ndarray, params: ParamsBatch) -> dict:
    """Pass rate, worst margin and worst draw of one claim under one specification."""
    if not np.all(np.isfinite(values)):
        raise RuntimeError(f"{claim_id} under {spec.name}: non-finite margins")
    worst = int(np.argmin(values))
    return {"pass_rate": float(np.mean(values > TOLERANCE)), "worst_margin": float(values[worst]),
            "worst_params": params.params(worst).as_dict()}  # fmt: skip


def _optima_claims(spec: Specification, n: int, seed: int) -> dict:
    """Proposition 5's rankings on draws where the planner's optimum exists (seed + 3)."""
    result, drawn = draw_atlas_sample(spec, n, seed + 3, optima_exist=True)
    optima = {regime: generic.solve_optimum_batch(result.params, regime, spec)
              for regime in OPTIMUM_REGIMES}  # fmt: skip
    found = optima["joint profit"].ok & optima["social optimum"].ok
    choices = {"nash": (result.s, result.t),
               **{regime: (o.s, o.t) for regime, o in optima.items()}}  # fmt: skip

    def ordered(low, high):
        return np.minimum(*(_gap(choices[low][k], choices[high][k]) for k in (0, 1)))

    level_nash = generic.optimum_level(result, "social optimum", spec)
    level_planner = generic.optimum_level(optima["social optimum"], "social optimum", spec)
    margins = {
        "prop5.ii.jp-sw": ordered("joint profit", "social optimum"),
        "prop5.ii.nash-jp": ordered("nash", "joint profit"),
        "text.quantity-below-optimum": _gap(level_nash, level_planner),
    }
    params = result.params.subset(found)
    records = {cid: _record(cid, spec, m[found], params) for cid, m in margins.items()}
    fails = found & (margins["prop5.ii.jp-sw"] <= TOLERANCE)
    full = (optima["joint profit"].s >= 1 - 1e-9) & (optima["social optimum"].s >= 1 - 1e-9)
    records["prop5.ii.jp-sw"]["failures tied at full sharing"] = int((fails & full).sum())
    records["prop5.ii.jp-sw"]["failures"] = int(fails.sum())
    return {"draws": int(found.sum()), "drawn": drawn, "optimum not found": int((~found).sum()),
            "claims": records}  # fmt: skip


def atlas_digest() -> str:
    """SHA-256 over the modules the atlas depends on (keys :data:`ATLAS_FILE`)."""
    digest = hashlib.sha256()
    for name in _DEPENDENCIES:
        digest.update(name.encode() + (Path(__file__).parent / name).read_bytes())
    return digest.hexdigest()


def run_atlas(n: int = DEFAULT_DRAWS, seed: int = DEFAULT_SEED, jobs: int = 1) -> dict:
    """Compute the atlas: every claim of :data:`ATLAS_CLAIMS` under every specification.

    Parameters
    ----------
    n : int
        Admissible draws per specification.
    seed : int
    jobs : int
        Worker processes (one specification each).

    Returns
    -------
    dict
        ``{"digest", "draws", "seed", "rows": [...]}`` (JSON-ready).
    """
    if jobs < 1:
        raise ValueError(f"jobs must be at least 1 (got {jobs})")
    if jobs == 1:
        rows = [_cell(spec, n, seed) for spec in specifications()]
    else:
        with ProcessPoolExecutor(max_workers=jobs) as pool:
            count = len(specifications())
            rows = list(pool.map(_cell, specifications(), [n] * count, [seed] * count))
    return {"digest": atlas_digest(), "draws": n, "seed": seed, "rows": rows}


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
