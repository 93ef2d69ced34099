r"""The robustness atlas: which of the paper's conclusions survive other functional forms.

For every specification of :func:`specifications` (each cost family of
:data:`~isacmodel.core.families.COST_FAMILIES` with each leakage family of
:data:`~isacmodel.core.families.LEAKAGE_FAMILIES`) a sample of admissible draws is collected
exactly as the book's symmetric sample is (the same box and seed,
:func:`isacmodel.verify.sampling.draw_box`), but with the symmetric equilibrium solved by
:func:`isacmodel.solve.nash.solve_nash_batch` under that specification.  On those
draws the atlas checks, with the margins the registry (:mod:`isacmodel.verify.claims`) uses
for the same claim,

* section 2.1's claims (:data:`ATLAS_CLAIMS`), and Proposition 4(i) between firms of
  different size on a third sample (:func:`isacmodel.solve.nash.solve_nash_batch`);
* section 3's (:data:`SEQUENTIAL_CLAIMS`), where the leader-follower game and footnote
  27's game are solved (:mod:`isacmodel.solve.sequential_newton`,
  :mod:`isacmodel.solve.technology_newton`);
* section 2.2's rankings (:data:`OPTIMA_CLAIMS`) on a second sample where the planner's
  optimum exists (:func:`isacmodel.solve.optima.existence_margin`), when it exists at all.

Section 4 has its own rows, one per volume-cost shape and leakage family
(:func:`volume_specifications`), on the registry's volume sample redrawn under each
(:mod:`isacmodel.solve.volume_newton`).  Each record holds the pass rate, the worst draw,
the failures (and how many of them have :math:`\gamma_3 = 0`) and, for a claim that
holds only in part, a map of where (:func:`claim_map`).  Under the baseline the atlas
reproduces the registry's rates (tests check it).

``python -m isacmodel atlas`` regenerates :data:`ATLAS_FILE`, which the book reads; the
file records the code digest (:func:`atlas_digest`), the draws and the seed, and a test
fails when it is out of date.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
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
from isacmodel.solve import nash, optima, sequential_newton, technology_newton
from isacmodel.solve.results import BatchEquilibria
from isacmodel.verify import atlas_volume
from isacmodel.verify.cache import modules_digest
from isacmodel.verify.claims import DEFAULT_DRAWS, DEFAULT_SEED, TOLERANCE, relative_gap
from isacmodel.verify.sampling import collect_admissible, draw_box

__all__ = [
    "ATLAS_CLAIMS",
    "ATLAS_FILE",
    "OPTIMA_CLAIMS",
    "OPTIMUM_REGIMES",
    "OUTSIDE_ATLAS",
    "SEQUENTIAL_CLAIMS",
    "checked_claims",
    "claim_map",
    "specifications",
    "volume_specifications",
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


@cache
def volume_specifications() -> tuple[Specification, ...]:
    """Every volume-cost shape with every leakage family (section 4; the cost family drops out).

    Section 4 has no fixed-cost spillover, and every cost family of the menu is
    :math:`k t^2/2` without it (:func:`isacmodel.solve.volume_compiled.fixed_cost`).
    """
    return tuple(specification(leakage=leak, phi=phi)
                 for leak in LEAKAGE_FAMILIES for phi in PHI_FAMILIES)  # fmt: skip


#: Section 2.2's cooperative regimes whose optimum may fail to exist (Proposition 5 needs them).
OPTIMUM_REGIMES = ("joint profit", "social optimum")
#: The computed atlas the book reads (``python -m isacmodel atlas`` writes it).
ATLAS_FILE = Path(__file__).resolve().parents[1] / "data" / "atlas.json"

#: Bins per parameter of a claim's map (:func:`claim_map`), and the share of the draws a
#: bin needs to count towards a parameter's influence.
MAP_BINS, MAP_MIN_SHARE = 8, 0.01

Margins = Callable[[BatchEquilibria, Specification], np.ndarray]


def _levels(result: BatchEquilibria) -> np.ndarray:
    return np.column_stack([result.s[:, 0], result.t[:, 0]])


def _reaction(column: int) -> Margins:
    def margins(result, spec):
        return np.min(nash.reaction_slopes(result, spec)[:, :, column] / _levels(result), axis=1)

    return margins


def _all_reactions(result, spec) -> np.ndarray:
    return np.minimum(_reaction(0)(result, spec), _reaction(1)(result, spec))


def _statics(variable: str, sign: float) -> Margins:
    def margins(result, spec):
        return np.min(sign * nash.statics(result, variable, spec)[:, :2] / _levels(result),
                      axis=1)  # fmt: skip

    return margins


def _size(result, spec) -> np.ndarray:
    return np.minimum(_statics("a_i", 1.0)(result, spec), _statics("a", 1.0)(result, spec))


def _price_slope(index: int) -> Margins:
    return lambda result, spec: nash.price_slopes(result.params, spec, *result.decisions())[index]


def _inverted_u(result, spec) -> np.ndarray:
    """``dp_i/ds_i`` at ``s_i = 0`` (must be > 0) and minus it at ``s_i = 1``; the smaller."""
    _, s_j, t_i, t_j = result.decisions()
    at_zero, at_one = (nash.price_slopes(result.params, spec, 0 * s_j + s_i, s_j, t_i, t_j)[2]
                       for s_i in (0.0, 1.0))  # fmt: skip
    return np.minimum(at_zero, -at_one)


def _investment_condition_b1(result, spec) -> np.ndarray:
    return -nash.investment_condition_slope(result, "b1", spec)


def _welfare_gain_from_sharing(result, spec) -> np.ndarray:
    """Relative welfare gain of the equilibrium over the one without sharing (Prop. 5(i))."""
    t_none = nash.no_sharing_investment(result.params, spec)
    zero = np.zeros(len(t_none))
    with_sharing = nash.welfare_at(result.params, spec, *result.decisions())
    without = nash.welfare_at(result.params, spec, zero, zero, t_none, t_none)
    return (with_sharing - without) / np.abs(without)


def _cross_partial(index: int) -> Margins:
    return lambda result, spec: nash.cross_partials(result, spec)[:, index]


#: Proposition 5's rankings, checked where the cooperative optima exist (see ``_optima_claims``).
OPTIMA_CLAIMS = ("prop5.ii.jp-sw", "prop5.ii.nash-jp", "text.quantity-below-optimum")
#: Section 2.1's claims about the symmetric equilibrium, with the registry's margins.
ATLAS_CLAIMS: dict[str, Margins] = {
    "prop1.i.own": _price_slope(0),
    "prop1.i.rival": _price_slope(1),
    "prop1.ii": _inverted_u,
    "lemma1.ii.s": _reaction(0),
    "lemma1.ii.t": _reaction(1),
    "prop2.i": _reaction(0),
    "prop2.ii": _reaction(1),
    "prop2.iii": _all_reactions,
    "text.cross-partial.si-tj": _cross_partial(0),
    "text.cross-partial.si-sj": _cross_partial(1),
    "text.cross-partial.ti-tj": _cross_partial(2),
    "prop3.i": _statics("b1", -1.0),
    "prop3.i.step": _investment_condition_b1,
    "prop3.ii": _statics("b2", 1.0),
    "prop4.i": _size,
    "prop4.ii.dd": _statics("delta_d", 1.0),
    "prop4.ii.dc": _statics("delta_c", 1.0),
    "prop4.iii": _statics("gamma", -1.0),
    "prop5.i": _welfare_gain_from_sharing,
}


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


def checked_claims() -> tuple[str, ...]:
    """Every claim the atlas re-checks under other families (sections 2.1, 2.2, 3 and 4)."""
    return (*ATLAS_CLAIMS, "prop4.i.asymmetric", *OPTIMA_CLAIMS, *SEQUENTIAL_CLAIMS,
            *atlas_volume.VOLUME_CLAIMS)  # fmt: skip


def draw_atlas_sample(
    spec: Specification, n: int, seed: int, *, optima_exist: bool = False
) -> tuple[BatchEquilibria, int]:
    r"""Collect ``n`` admissible draws under ``spec`` (as the book's symmetric sample).

    A draw is admissible when it has an interior symmetric equilibrium (locally concave,
    stable, globally best on a grid), :math:`b_2\delta_d t > 0`, and Assumption 1 holds
    (:math:`\gamma \le \delta_d s + b_2/(2b_1)`); with ``optima_exist`` also the
    planner's optimum must exist (:func:`isacmodel.solve.optima.existence_margin`), as in the
    registry's ``optima`` sample.

    Returns
    -------
    tuple
        The equilibria of the accepted draws and the number of draws made.
    """

    def admissible(batch: ParamsBatch) -> np.ndarray:
        result = nash.solve_nash_batch(batch, spec)
        with np.errstate(invalid="ignore"):
            keep = result.ok & (batch.b2 * batch.delta_d * result.t[:, 0] > 0)
            keep &= batch.gamma <= batch.delta_d * result.s[:, 0] + batch.b2 / (2 * batch.b1)
        if optima_exist:
            keep &= optima.existence_margin(batch, "social optimum", spec) > 0
        return keep

    params, drawn = collect_admissible(n, seed, lambda rng, chunk: draw_box(chunk, rng), admissible)
    return nash.solve_nash_batch(params, spec), drawn


def _cell(spec: Specification, n: int, seed: int) -> dict:
    """Return one specification's row: acceptance, and every claim's rate and worst case."""
    result, drawn = draw_atlas_sample(spec, n, seed)
    row = {"specification": spec.name, "cost": spec.cost_name, "leakage": spec.leakage_name,
           "draws": n, "drawn": drawn, "claims": {}}  # fmt: skip
    row["optima exist"] = {
        regime: float(np.mean(optima.existence_margin(result.params, regime, spec) > 0))
        for regime in OPTIMUM_REGIMES
    }
    for claim_id, margins in ATLAS_CLAIMS.items():
        row["claims"][claim_id] = _record(claim_id, spec, margins(result, spec), result.params)
    row["optima claims"] = (
        _optima_claims(spec, n, seed) if row["optima exist"]["social optimum"] else {}
    )
    row["sequential claims"] = _sequential_claims(result, spec)
    row["asymmetric claims"] = _asymmetric_claims(spec, n, seed)
    return row


def _asymmetric_claims(spec: Specification, n: int, seed: int) -> dict:
    """Proposition 4(i) between a larger and a smaller firm (the registry's sample, seed + 2).

    Drawn as :func:`isacmodel.verify.sampling.draw_sample` with ``asymmetric=True`` draws, with
    the equilibria of :func:`isacmodel.solve.nash.solve_nash_batch`; the margin is the
    registry's: the larger firm's sharing and investment over the smaller's, minus one.
    """

    def admissible(batch: ParamsBatch) -> np.ndarray:
        found = nash.solve_nash_batch(batch, spec)
        with np.errstate(invalid="ignore"):
            keep = found.ok & (batch.b2 * batch.delta_d * found.t[:, 0] > 0)
            bound = batch.delta_d * np.min(found.s, axis=1) + batch.b2 / (2 * batch.b1)
            return keep & (batch.gamma <= bound)

    params, drawn = collect_admissible(
        n, seed + 2, lambda rng, chunk: draw_box(chunk, rng, asymmetric=True), admissible
    )
    found = nash.solve_nash_batch(params, spec)
    margins = np.minimum(found.s[:, 0] / found.s[:, 1] - 1, found.t[:, 0] / found.t[:, 1] - 1)
    record = _record("prop4.i.asymmetric", spec, margins, params)
    return {"draws": n, "drawn": drawn, "claims": {"prop4.i.asymmetric": record}}


#: Section 3's claims, checked on the same draws as section 2.1 where each game is solved.
SEQUENTIAL_CLAIMS = ("prop6", "text.sequential.follower", "text.sequential.profits",
                     "text.footnote-27")  # fmt: skip


def _sequential_claims(result: BatchEquilibria, spec: Specification) -> dict:
    """Proposition 6 and the text around it: each game against the simultaneous one.

    The margins are the registry's: the game's sharing and investment (or profit) minus
    the simultaneous ones, for the leader (firm i, column 0) or the follower.
    """
    games = {"stackelberg": sequential_newton.solve_stackelberg_batch(result.params, spec, result),
             "technology first": technology_newton.solve_technology_first_batch(
                 result.params, spec, result)}  # fmt: skip
    profit = nash.payoff(result.params, spec, *result.decisions())
    simultaneous = {"s": result.s[:, 0], "t": result.t[:, 0], "profit": profit}

    def above(game: str, firm: int, fields: tuple[str, ...] = ("s", "t")) -> np.ndarray:
        solved = games[game]
        return np.min(
            [relative_gap(simultaneous[f], getattr(solved, f)[:, firm]) for f in fields], axis=0
        )

    checks = {
        "prop6": ("stackelberg", above("stackelberg", 0)),
        "text.sequential.follower": ("stackelberg", above("stackelberg", 1)),
        "text.sequential.profits": ("stackelberg", np.minimum(
            above("stackelberg", 0, ("profit",)), above("stackelberg", 1, ("profit",)))),
        "text.footnote-27": ("technology first", above("technology first", 0)),
    }  # fmt: skip
    records = {}
    for claim_id, (game, margins) in checks.items():
        solved = games[game].ok
        records[claim_id] = _record(claim_id, spec, margins[solved], result.params.subset(solved))
        records[claim_id]["outside"] = int((~solved).sum())
    return records


def _record(claim_id: str, spec: Specification, values: np.ndarray, params: ParamsBatch) -> dict:
    r"""Pass rate, worst margin and worst draw of one claim under one specification.

    It also counts the failures, and those on draws with :math:`\gamma_3 = 0` (where
    several of the paper's strict inequalities become equalities).  Where the claim
    holds on some draws and fails on others the record carries its map
    (:func:`claim_map`).
    """
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


def _optima_claims(spec: Specification, n: int, seed: int) -> dict:
    """Proposition 5's rankings on draws where the planner's optimum exists (seed + 3)."""
    result, drawn = draw_atlas_sample(spec, n, seed + 3, optima_exist=True)
    solved = {regime: optima.solve_regime_batch(result.params, regime, spec=spec)
              for regime in OPTIMUM_REGIMES}  # fmt: skip
    found = solved["joint profit"].ok & solved["social optimum"].ok
    choices = {"nash": (result.s[:, 0], result.t[:, 0]),
               **{regime: (o.s[:, 0], o.t[:, 0]) for regime, o in solved.items()}}  # fmt: skip

    def ordered(low, high):
        return np.minimum(*(relative_gap(choices[low][k], choices[high][k]) for k in (0, 1)))

    level_nash = optima.optimum_level(result, "social optimum", spec)
    level_planner = optima.optimum_level(solved["social optimum"], "social optimum", spec)
    margins = {
        "prop5.ii.jp-sw": ordered("joint profit", "social optimum"),
        "prop5.ii.nash-jp": ordered("nash", "joint profit"),
        "text.quantity-below-optimum": relative_gap(level_nash, level_planner),
    }
    params = result.params.subset(found)
    records = {cid: _record(cid, spec, m[found], params) for cid, m in margins.items()}
    fails = found & (margins["prop5.ii.jp-sw"] <= TOLERANCE)
    full = np.ones(len(found), dtype=bool)
    for regime in OPTIMUM_REGIMES:
        full &= solved[regime].s[:, 0] >= 1 - 1e-9
    records["prop5.ii.jp-sw"]["failures tied at full sharing"] = int((fails & full).sum())
    return {"draws": int(found.sum()), "drawn": drawn, "optimum not found": int((~found).sum()),
            "claims": records}  # fmt: skip


def _volume_cell(spec: Specification, n: int, seed: int) -> dict:
    """One section-4 row: the registry's volume sample (seed + 5) under ``spec``, six claims."""
    result, drawn = atlas_volume.draw_volume_atlas_sample(spec, n, seed + 5)
    row = {"specification": spec.name, "leakage": spec.leakage_name, "phi": spec.phi_name,
           "draws": n, "drawn": drawn, "claims": {},
           "investment quantiles": np.quantile(result.t[:, 0], (0.5, 0.99)).tolist()}  # fmt: skip
    for claim_id, (margins, domain) in atlas_volume.VOLUME_CLAIMS.items():
        inside = np.ones(n, dtype=bool) if domain is None else domain(result)
        values = margins(result)[inside]
        row["claims"][claim_id] = _record(claim_id, spec, values, result.params.subset(inside))
        row["claims"][claim_id]["outside"] = int((~inside).sum())
    return row


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
        Admissible draws per specification.
    seed : int
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
        with ProcessPoolExecutor(max_workers=jobs) as pool:
            rows = list(pool.map(_run_task, tasks, repeat(n), repeat(seed)))
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
