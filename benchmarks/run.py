"""Speed figures for the book and the package: printed, never asserted.

    python benchmarks/run.py            # everything (about a minute with a warm environment)
    python benchmarks/run.py --quick    # skip the two book builds

Each figure is measured in this run, next to the baseline it should be compared with:

* book: a cold build (no ``_build``; the environment present) in a temporary copy of the
  repository, then a rebuild with nothing changed (the cache serves every notebook);
* ``import isacmodel`` in a fresh interpreter;
* the symbolic derivations (Bertrand prices, reduced profit, property checks): first call
  in a fresh interpreter (cold) against a second call (cached);
* evaluating the Bertrand price at 10,000 points: the lambdified numpy function against
  the naive way, ``sympy.subs`` point by point (on a subsample, scaled up);
* section 2.1, symmetric Nash equilibria: ``solve_nash_batch`` on 100,000 box draws
  (:func:`isacmodel.verify.sampling.draw_box`) against the naive way, ``scipy.optimize.root`` on
  the lambdified first-order conditions of both firms from a fixed start, point by point
  (on 200 points, scaled up);
* section 2.1, asymmetric equilibria with ``solve_nash_batch`` (Newton continuation);
* section 2.1, ``solve_nash`` point by point, with and without the global best-response
  check.

Equilibrium rates count draws attempted per second (the share that has an interior
stable equilibrium is printed alongside); compiling the lambdified functions is done
before any timing starts.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))
from source_copy import copy_sources  # noqa: E402

PYTHON = sys.executable


def _seconds(command: list[str], cwd: Path) -> float:
    start = time.perf_counter()
    subprocess.run(command, cwd=cwd, check=True, capture_output=True)
    return time.perf_counter() - start


def _in_fresh_interpreter(code: str) -> float:
    """Run ``code`` (which prints one float) in a new interpreter and return that float."""
    result = subprocess.run([PYTHON, "-c", code], cwd=ROOT, check=True, capture_output=True)
    return float(result.stdout.decode().split()[-1])


def bench_book() -> list[tuple[str, float, str]]:
    """Cold and no-op builds of the book in a temporary copy."""
    with tempfile.TemporaryDirectory() as folder:
        copy = Path(folder) / "book"
        copy_sources(copy)
        venv = Path(PYTHON).parent.parent
        make = ["make", "book", f"VENV={venv}", "-o", f"{venv}/.installed"]
        cold = _seconds(make, copy)
        warm = _seconds(make, copy)
    return [
        ("make book, cold (no _build, environment present)", cold, "s"),
        ("make book, nothing changed (cache hit)", warm, f"s  ({cold / warm:.1f}x faster)"),
    ]


def bench_import() -> list[tuple[str, float, str]]:
    """Import time of the package in a fresh interpreter."""
    code = "import time; t = time.perf_counter(); import isacmodel; print(time.perf_counter() - t)"
    runs = sorted(_in_fresh_interpreter(code) for _ in range(3))
    return [("import isacmodel (median of 3, fresh interpreter)", runs[1], "s")]


def bench_symbolic() -> list[tuple[str, float, str]]:
    """Cold (first) versus cached (second) symbolic derivations."""
    code = "\n".join([
        "import time",
        "from isacmodel import model",
        "def derive():",
        "    start = time.perf_counter()",
        "    model.bertrand_prices(), model.reduced_profit(), model.assumed_properties()",
        "    return time.perf_counter() - start",
        "cold = derive()",
        "print(cold, derive())",
    ])  # fmt: skip
    result = subprocess.run([PYTHON, "-c", code], cwd=ROOT, check=True, capture_output=True)
    cold, cached = (float(x) for x in result.stdout.decode().split())
    return [
        ("symbolic derivations, cold (first call)", cold, "s"),
        (
            "symbolic derivations, cached (second call)",
            cached,
            f"s  ({cold / cached:,.0f}x faster)",
        ),
    ]


def bench_numeric(points: int = 10_000, naive_sample: int = 200) -> list[tuple[str, float, str]]:
    """Vectorised price evaluation against sympy substitution point by point."""
    import numpy as np

    from isacmodel import Params
    from isacmodel.core import model
    from isacmodel.core.model import SYM

    params = Params()
    rng = np.random.default_rng(0)
    s_i, s_j, t_i, t_j = rng.uniform(0, 1, (4, points))
    model.price_numeric(params, 0.1, 0.1, 0.1, 0.1)  # build the lambdified function once
    start = time.perf_counter()
    model.price_numeric(params, s_i, s_j, t_i, t_j)
    vectorised = time.perf_counter() - start
    price = model.equilibrium_prices()[0].subs(SYM.values(params))
    start = time.perf_counter()
    for index in range(naive_sample):
        values = {
            SYM.s_i: s_i[index],
            SYM.s_j: s_j[index],
            SYM.t_i: t_i[index],
            SYM.t_j: t_j[index],
        }
        float(price.subs(values))
    naive = (time.perf_counter() - start) * points / naive_sample
    return [
        (f"price at {points:,} points, numpy (lambdify)", vectorised, "s"),
        (
            f"price at {points:,} points, naive sympy.subs (from {naive_sample})",
            naive,
            f"s  (numpy {naive / vectorised:,.0f}x faster)",
        ),
    ]


def _nash_draws(points: int, seed: int, asymmetric: bool):
    import numpy as np

    from isacmodel.verify import sampling

    return sampling.draw_box(points, np.random.default_rng(seed), asymmetric=asymmetric)


def _naive_nash_solver():
    """Both firms' first-order conditions, lambdified, for ``scipy.optimize.root``."""
    import sympy as sp

    from isacmodel.core import model
    from isacmodel.core.model import SYM
    from isacmodel.derive import bertrand

    own = [bertrand.specialise(c) for c in bertrand.first_order_conditions()]
    rival = [model.swap_firms(c) for c in own]
    arguments = (*SYM.parameters(), SYM.s_i, SYM.t_i, SYM.s_j, SYM.t_j)
    return sp.lambdify(arguments, own + rival)


def bench_nash_symmetric(
    points: int = 100_000, naive_sample: int = 200
) -> list[tuple[str, float, str]]:
    """Batched symmetric equilibria against scipy.optimize.root point by point."""
    import numpy as np
    from scipy.optimize import root

    from isacmodel.core.model import PARAMETER_FIELDS
    from isacmodel.solve import nash

    batch = _nash_draws(points, seed=1, asymmetric=False)
    nash.solve_nash_batch(batch.subset(np.arange(10)))  # compile the lambdified functions
    start = time.perf_counter()
    result = nash.solve_nash_batch(batch)
    batched = points / (time.perf_counter() - start)
    repeated = []
    for _ in range(5):
        start = time.perf_counter()
        nash.solve_nash_batch(batch)
        repeated.append(points / (time.perf_counter() - start))
    conditions = _naive_nash_solver()
    conditions(*(1.0 for _ in PARAMETER_FIELDS), 0.1, 0.1, 0.1, 0.1)
    agree = converged = 0
    start = time.perf_counter()
    for index in range(naive_sample):
        values = [float(getattr(batch, name)[index]) for name in PARAMETER_FIELDS]
        solution = root(lambda x, v=values: conditions(*v, *x), x0=[0.1, 0.1, 0.1, 0.1])
        converged += bool(solution.success)
        expected = np.array([result.s[index, 0], result.t[index, 0]] * 2)
        agree += bool(solution.success and np.allclose(solution.x, expected, rtol=1e-6))
    naive = naive_sample / (time.perf_counter() - start)
    sample_ok = int(result.ok[:naive_sample].sum())
    return [
        (
            f"symmetric Nash, solve_nash_batch on {points:,} draws",
            batched,
            f"equilibria/s  ({result.ok.mean():.1%} have one; first call on the batch)",
        ),
        (
            "symmetric Nash, the same batch again (median of 5 calls)",
            float(np.median(repeated)),
            "equilibria/s  (the arrays' memory already mapped)",
        ),
        (
            f"symmetric Nash, scipy root on lambdified FOCs ({naive_sample} draws)",
            naive,
            f"equilibria/s  (batch {batched / naive:,.0f}x faster; root converged on "
            f"{converged}, and matched the batch on {agree} of the {sample_ok} draws the "
            "batch solved; root checks neither stability nor the second-order conditions)",
        ),
    ]


def bench_nash_asymmetric(points: int = 100_000) -> list[tuple[str, float, str]]:
    """Batched asymmetric equilibria (symmetric start, Newton continuation)."""
    import numpy as np

    from isacmodel.solve import nash

    batch = _nash_draws(points, seed=2, asymmetric=True)
    nash.solve_nash_batch(batch.subset(np.arange(10)))
    start = time.perf_counter()
    result = nash.solve_nash_batch(batch)
    rate = points / (time.perf_counter() - start)
    return [
        (
            f"asymmetric Nash, solve_nash_batch on {points:,} draws",
            rate,
            f"equilibria/s  ({result.ok.mean():.1%} have one)",
        )
    ]


def bench_nash_points(points: int = 200) -> list[tuple[str, float, str]]:
    """solve_nash one point at a time, with and without the global best-response check."""
    from isacmodel.solve import nash
    from isacmodel.solve.results import EquilibriumError

    batch = _nash_draws(points, seed=3, asymmetric=False)
    draws = [batch.params(index) for index in range(points)]
    nash.solve_nash_batch(batch)  # compile the lambdified functions
    with contextlib.suppress(EquilibriumError):
        nash.best_response(draws[0], 0.1, 0.1)
    rows = []
    for check_global in (False, True):
        start = time.perf_counter()
        for params in draws:
            try:
                nash.solve_nash(params, check_global=check_global)
            except EquilibriumError:
                pass
        rate = points / (time.perf_counter() - start)
        label = "with" if check_global else "without"
        rows.append((f"solve_nash per point, {label} global check ({points})", rate, "calls/s"))
    return rows


def bench_regimes(points: int = 10_000, per_point: int = 50) -> list[tuple[str, float, str]]:
    """Coordinated optima (section 2.2): solve_regime_batch against the per-point solver."""
    import numpy as np

    from isacmodel.solve import optima
    from isacmodel.verify.sampling import draw_sample

    batch = draw_sample(points, seed=4, optima_exist=True).params
    rows = []
    for regime in ("social optimum", "joint profit"):
        optima.solve_regime_batch(batch.subset(np.arange(5)), regime)  # compile
        start = time.perf_counter()
        optima.solve_regime_batch(batch, regime)
        batched = points / (time.perf_counter() - start)
        start = time.perf_counter()
        for index in range(per_point):
            optima.solve_regime_batch(batch.subset([index]), regime, grid=401)
        single = per_point / (time.perf_counter() - start)
        rows.append((f"{regime}, solve_regime_batch on {points:,} draws", batched, "optima/s"))
        rows.append((f"{regime}, per point ({per_point}); batch is {batched / single:.0f}x",
                     single, "optima/s"))  # fmt: skip
    return rows


def bench_numerics(
    points: int = 20_000, optima_points: int = 3_000
) -> list[tuple[str, float, str]]:
    """The hand-written kernels of isacmodel.numerics against scipy's elementwise solvers.

    Same inputs as the solvers give them: the bracketed root of the symmetric quintic
    (every box draw whose quintic changes sign once in ``(0, 1/kappa)``), and the
    golden-section search for a coordinated regime's best sharing between the best grid
    point's neighbours (rows whose best grid point is interior: scipy's ``find_minimum``
    needs a three-point bracket).  Ratios are scipy's time over ours, per row.
    """
    import numpy as np
    from scipy.optimize import elementwise

    from isacmodel.core.params import ParamsBatch
    from isacmodel.numerics import polyroots, search
    from isacmodel.solve import nash_polynomial, optima
    from isacmodel.verify.sampling import draw_sample

    batch = _nash_draws(points, seed=1, asymmetric=False)
    zero = np.zeros(points)
    kappa = nash_polynomial.evaluate_expressions("kappa", batch, zero, zero, zero, zero)[0]
    coefficients = nash_polynomial.quintic_coefficients(batch, kappa)
    with np.errstate(divide="ignore"):
        upper = np.where(kappa > 0, 1 / kappa, np.inf)
    variations, certain = polyroots.sign_variations(coefficients, upper)
    rows = np.flatnonzero(certain & (variations == 1) & np.isfinite(upper))
    coefficients, upper = coefficients[rows], upper[rows]

    def polynomial(x, *columns):
        value = np.zeros_like(x)
        for column in columns:
            value = value * x + column
        return value

    start = time.perf_counter()
    ours = polyroots.bracketed_root(coefficients, upper)
    ours_time = time.perf_counter() - start
    start = time.perf_counter()
    theirs = elementwise.find_root(polynomial, (np.zeros(len(rows)), upper),
                                   args=tuple(coefficients.T))  # fmt: skip
    theirs_time = time.perf_counter() - start
    both = np.isfinite(ours) & theirs.success
    gap = np.max(np.abs(ours[both] - theirs.x[both]) / np.abs(ours[both]), initial=0.0)
    rows_out = [
        (f"bracketed root of the quintic, {len(rows):,} rows (polyroots)", len(rows) / ours_time,
         "roots/s"),
        ("  scipy elementwise.find_root, same rows", len(rows) / theirs_time,
         f"roots/s  (time ratio scipy/ours {theirs_time / ours_time:.2f}; same rows found: "
         f"{np.array_equal(np.isfinite(ours), theirs.success)}; largest relative gap {gap:.1e})"),
    ]  # fmt: skip

    params = draw_sample(optima_points, seed=4, optima_exist=True).params
    regime, grid = "social optimum", 65
    sharing = np.linspace(0.0, 1.0, grid)
    levels = np.broadcast_to(sharing, (len(params), grid))
    best = np.argmax(optima.best_investment(params, regime, levels)[1], axis=1)
    low, high = sharing[np.maximum(best - 1, 0)], sharing[np.minimum(best + 1, grid - 1)]
    start = time.perf_counter()
    searched = search.golden_section(
        lambda s: optima.best_investment(params, regime, s)[1], low, high, 40
    )
    ours_time = (time.perf_counter() - start) / len(params)
    fields, values = list(params.as_dict()), list(params.as_dict().values())
    inner = (best > 0) & (best < grid - 1)

    def negative(s, *columns):
        return -optima.best_investment(ParamsBatch(**dict(zip(fields, columns, strict=True))),
                                       regime, s)[1]  # fmt: skip

    start = time.perf_counter()
    found = elementwise.find_minimum(
        negative, (low[inner], sharing[best][inner], high[inner]),
        args=tuple(np.asarray(v)[inner] for v in values),
        tolerances={"xatol": 1e-12, "xrtol": 1e-12},
    )  # fmt: skip
    theirs_time = (time.perf_counter() - start) / max(int(inner.sum()), 1)
    gap = np.max(np.abs(found.x - searched[inner]), initial=0.0)
    rows_out += [
        (f"golden section for the best sharing, {len(params):,} rows (search)", 1 / ours_time,
         "searches/s"),
        (f"  scipy elementwise.find_minimum, {int(inner.sum()):,} interior rows", 1 / theirs_time,
         f"searches/s  (time ratio scipy/ours per row {theirs_time / ours_time:.2f}; largest "
         f"gap in sharing {gap:.1e}: the objective is flat to rounding within ~1e-7 of its "
         "maximum)"),
    ]  # fmt: skip
    return rows_out


def bench_stackelberg(points: int = 10_000, per_point: int = 30) -> list[tuple[str, float, str]]:
    """Leader-follower equilibria: solve_stackelberg_batch against the per-point solver."""
    import numpy as np

    from isacmodel.solve import sequential
    from isacmodel.verify.sampling import draw_sample

    batch = draw_sample(points, seed=6).params
    sequential.solve_stackelberg_batch(batch.subset(np.arange(5)))  # compile
    start = time.perf_counter()
    result = sequential.solve_stackelberg_batch(batch)
    batched = points / (time.perf_counter() - start)
    start = time.perf_counter()
    for index in range(per_point):
        try:
            sequential.solve_stackelberg(batch.params(index), check_global=False)
        except Exception:  # noqa: BLE001 - a failed point still costs its time
            pass
    single = per_point / (time.perf_counter() - start)
    return [
        (f"Stackelberg, solve_stackelberg_batch on {points:,} draws", batched,
         f"equilibria/s  ({result.ok.mean():.1%} solved)"),
        (f"Stackelberg per point ({per_point}); batch is {batched / single:.0f}x", single,
         "equilibria/s"),
    ]  # fmt: skip


def bench_volume(points: int = 20_000, per_point: int = 100) -> list[tuple[str, float, str]]:
    """Section 4: the batched symmetric solver and best response against per-point loops."""
    import numpy as np

    from isacmodel.solve import volume
    from isacmodel.verify.sampling import draw_volume_sample

    batch = draw_volume_sample(points, seed=8).params
    volume.solve_volume_nash_batch(batch.subset(np.arange(5)))  # compile
    start = time.perf_counter()
    volume.solve_volume_nash_batch(batch)
    batched = points / (time.perf_counter() - start)
    start = time.perf_counter()
    for index in range(per_point):
        volume.solve_volume_nash(batch.params(index), check_global=False)
    single = per_point / (time.perf_counter() - start)
    rival = np.linspace(0.0, 1.0, points)
    start = time.perf_counter()
    volume.best_response_batch(batch, rival, 0.07)
    responses = points / (time.perf_counter() - start)
    start = time.perf_counter()
    for index in range(per_point):
        volume.best_response_batch(batch.subset(np.array([index])), rival[index], 0.07)
    responses_single = per_point / (time.perf_counter() - start)
    return [
        (f"Section 4, solve_volume_nash_batch on {points:,} draws", batched, "equilibria/s"),
        (f"Section 4 per point ({per_point}); batch is {batched / single:.0f}x", single,
         "equilibria/s"),
        (f"Section 4 best responses, batched on {points:,}", responses, "responses/s"),
        (f"Section 4 best responses one at a time; batch is "
         f"{responses / responses_single:.0f}x", responses_single, "responses/s"),
    ]  # fmt: skip


def bench_mechanism(points: int = 10_000, per_point: int = 5) -> list[tuple[str, float, str]]:
    """Appendix B: batched Newton equilibrium search against per-point best-response dynamics."""
    import numpy as np

    from isacmodel.solve import mechanism
    from isacmodel.verify.sampling import draw_sample

    sample = draw_sample(points, seed=9, optima_exist=True)
    start = np.column_stack(sample.decisions)
    mechanism.solve_mechanism_nash_batch(sample.params.subset(np.arange(5)), start[:5])  # compile
    began = time.perf_counter()
    found = mechanism.solve_mechanism_nash_batch(sample.params, start)
    batched = points / (time.perf_counter() - began)
    began = time.perf_counter()
    for index in range(per_point):
        mechanism.solve_mechanism_nash(sample.params.params(index))
    single = per_point / (time.perf_counter() - began)
    converged = np.isfinite(found).all(axis=1).mean()
    return [
        (f"Appendix B, solve_mechanism_nash_batch on {points:,} draws", batched,
         f"equilibria/s  ({converged:.1%} converged)"),
        (f"Appendix B best-response dynamics per point ({per_point}); batch is "
         f"{batched / single:.0f}x", single, "equilibria/s"),
    ]  # fmt: skip


def bench_atlas(points: int = 20_000, draws: int = 2_000) -> list[tuple[str, float, str]]:
    """The specification-generic symmetric solver against the baseline's, and the atlas."""
    import resource

    import numpy as np

    from isacmodel.core import families as specs
    from isacmodel.solve import nash, nash_newton
    from isacmodel.verify import atlas

    batch = _nash_draws(points, seed=7, asymmetric=False)
    nash_newton.solve_newton_batch(batch.subset(np.arange(10)))  # compile
    nash.solve_nash_batch(batch.subset(np.arange(10)))
    start = time.perf_counter()
    nash.solve_nash_batch(batch)
    baseline = points / (time.perf_counter() - start)
    rows = []
    for spec in (specs.BASELINE, specs.specification(cost="hyperbolic", leakage="cosh")):
        nash_newton.solve_newton_batch(batch.subset(np.arange(10)), spec)
        start = time.perf_counter()
        result = nash_newton.solve_newton_batch(batch, spec)
        rate = points / (time.perf_counter() - start)
        rows.append((f"Newton symmetric Nash ({spec.name}) on {points:,} draws", rate,
                     f"equilibria/s  ({result.ok.mean():.1%} have one; the baseline's "
                     f"polynomial solver is {baseline / rate:.0f}x faster)"))  # fmt: skip
    rows += _bench_generic_games(points // 10)
    for jobs in (1, 2):
        start = time.perf_counter()
        atlas.run_atlas(draws, seed=1, jobs=jobs)
        elapsed = time.perf_counter() - start
        rows.append((f"atlas, {len(atlas.specifications())} specifications x {draws:,} draws, "
                     f"--jobs {jobs}", elapsed, "s"))  # fmt: skip
    peak = max(resource.getrusage(who).ru_maxrss
               for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN))  # fmt: skip
    rows.append(("peak memory of the benchmark process so far", peak / 1024, "MiB"))
    return rows


def _timed_rate(solve, points: int) -> float:
    start = time.perf_counter()
    solve()
    return points / (time.perf_counter() - start)


def _bench_generic_games(points: int) -> list[tuple[str, float, str]]:
    """Sections 3 and 4: the Newton backends against the baseline's exact paths, same draws."""
    import numpy as np

    from isacmodel.core import families as specs
    from isacmodel.solve import nash_newton, sequential, sequential_newton, volume, volume_newton
    from isacmodel.verify.sampling import draw_volume_box

    batch = _nash_draws(points, seed=8, asymmetric=False)
    simultaneous = nash_newton.solve_symmetric_batch(batch)
    sequential_newton.solve_stackelberg_batch(batch.subset(np.arange(5)))  # compile
    sequential.solve_stackelberg_batch(batch.subset(np.arange(5)))
    ours = _timed_rate(lambda: sequential_newton.solve_stackelberg_batch(
        batch, specs.BASELINE, simultaneous), points)  # fmt: skip
    theirs = _timed_rate(lambda: sequential.solve_stackelberg_batch(batch), points)
    draws = draw_volume_box(np.random.default_rng(8), points)
    volume_newton.solve_volume_nash_batch(draws.subset(np.arange(5)))  # compile
    volume.solve_volume_nash_batch(draws.subset(np.arange(5)))
    ours_volume = _timed_rate(lambda: volume_newton.solve_volume_nash_batch(draws), points)
    theirs_volume = _timed_rate(lambda: volume.solve_volume_nash_batch(draws), points)
    return [
        (f"Newton Stackelberg (baseline) on {points:,} draws", ours,
         f"draws/s  ({ours / theirs:.1f}x the speed of the exact path, {theirs:,.0f}/s)"),
        (f"Newton section-4 equilibrium (baseline) on {points:,} draws", ours_volume,
         f"draws/s  ({ours_volume / theirs_volume:.1f}x the speed of the polynomial "
         f"path, {theirs_volume:,.0f}/s)"),
    ]  # fmt: skip


def bench_root_finders(points: int = 20_000, repeats: int = 3) -> list[tuple[str, float, str]]:
    """The hand-written loops of numerics/newton.py against scipy's elementwise solvers.

    Section 4's sharing condition (17) at zero investment (Newton path, cosh leakage so
    the condition is not linear) is solved on ``points`` rival choices by
    40 hand-written bisections (the loop the package used) and by
    :func:`isacmodel.numerics.newton.decreasing_root` (``scipy.optimize.elementwise.find_root``,
    Chandrupatla) on the same bracket [0, 1];
    the ratio is library time over hand-written time (above 1: the library is slower),
    best of ``repeats``, with the largest difference of the roots found.
    """
    import numpy as np

    from isacmodel.core import families as specs
    from isacmodel.numerics.newton import decreasing_root
    from isacmodel.solve.volume_compiled import call, parameter_values
    from isacmodel.verify.sampling import draw_volume_box

    spec = specs.specification(leakage="cosh")
    values = parameter_values(draw_volume_box(np.random.default_rng(8), points))
    rng = np.random.default_rng(9)
    s_j, t_j = rng.uniform(0, 1, points), rng.uniform(0, 0.5, points)

    def condition(s_i, *arguments):
        *params, rival_s, rival_t = arguments
        return call(spec, "own newton", list(params), s_i, rival_s, 0 * rival_s, rival_t)[0]

    def hand_written(iterations: int = 40):  # the loop decreasing_root replaced
        low, high = np.zeros(points), np.ones(points)
        g_low, g_high = condition(low, *values, s_j, t_j), condition(high, *values, s_j, t_j)
        for _ in range(iterations):
            middle = (low + high) / 2
            g = condition(middle, *values, s_j, t_j)
            low, high = np.where(g > 0, middle, low), np.where(g > 0, high, middle)
        return np.where(g_low <= 0, 0.0, np.where(g_high >= 0, 1.0, (low + high) / 2))

    def library():
        return decreasing_root(condition, (*values, s_j, t_j), points)

    hand_written(), library()  # compile
    timings = {}
    for name, solve in (("hand", hand_written), ("library", library)):
        timings[name] = _best_of(solve, repeats)
    ratio = timings["library"][0] / timings["hand"][0]
    difference = np.nanmax(np.abs(timings["library"][1] - timings["hand"][1]))
    rows = [
        (f"Section 4 sharing at t_i = 0, bisection on {points:,}", points / timings["hand"][0],
         "roots/s"),
        (f"... scipy elementwise.find_root: time ratio {ratio:.2f}x, roots differ by "
         f"{difference:.1e}", points / timings["library"][0], "roots/s"),
    ]  # fmt: skip
    return rows + _bench_corner_roots(points, repeats)


def _best_of(solve, repeats: int) -> tuple[float, object]:
    best, result = float("inf"), None
    for _ in range(repeats):
        start = time.perf_counter()
        result = solve()
        best = min(best, time.perf_counter() - start)
    return best, result


def _bench_corner_roots(points: int, repeats: int) -> list[tuple[str, float, str]]:
    """Section 4's investment condition (18) at a sharing corner: the safeguarded Newton loop
    of the Newton path (``volume_newton._investment_roots``) against ``find_root`` on the same
    brackets (the first two sign changes on ``T_GRID``); ratio library over hand-written."""
    from functools import partial

    import numpy as np
    from scipy.optimize.elementwise import find_root

    from isacmodel.core import families as specs
    from isacmodel.solve import volume_newton
    from isacmodel.solve.volume_compiled import as_columns, call, parameter_values
    from isacmodel.verify.sampling import draw_volume_box

    grid = volume_newton.T_GRID
    values = as_columns(parameter_values(draw_volume_box(np.random.default_rng(8), points)))

    def library(spec, bound):
        h = call(spec, "investment", values, bound, grid[None, :])[0]
        falls = (h[:, :-1] > 0) & (h[:, 1:] <= 0)
        rank = np.cumsum(falls, axis=1)
        rows, cols, lows = [], [], []
        for k in range(2):
            first = falls & (rank == k + 1)
            found = np.flatnonzero(first.any(axis=1))
            rows.append(found), cols.append(np.full(found.size, k))
            lows.append(grid[np.argmax(first[found], axis=1)])
        rows, cols, low = (np.concatenate(x) for x in (rows, cols, lows))
        args = tuple(v[rows, 0] for v in values)
        found = find_root(lambda t, *a: call(spec, "investment", list(a), bound, t)[0],
                          (low, low * grid[1] / grid[0]), args=args)  # fmt: skip
        out = np.full((len(values[0]), 2), np.nan)
        out[rows, cols] = np.where(found.success, found.x, np.nan)
        return out

    out = []
    for spec in (specs.BASELINE, specs.specification(leakage="cosh", phi="cosh")):
        for bound in (0.0, 1.0):
            hand = _best_of(partial(volume_newton._investment_roots, spec, "investment", values,
                                    bound), repeats)  # fmt: skip
            lib = _best_of(partial(library, spec, bound), repeats)
            same = np.array_equal(np.isfinite(hand[1]), np.isfinite(lib[1]))
            gap = np.nanmax(np.abs(hand[1] - lib[1]) / np.abs(hand[1]))
            out.append((f"... (18) at s = {bound:.0f} ({spec.name}), find_root: ratio "
                        f"{lib[0] / hand[0]:.2f}x, same roots found {same}, rel. gap {gap:.0e}",
                        points / hand[0], "rows/s (hand-written)"))  # fmt: skip
    return out


def bench_verify(draws: int = 10_000) -> list[tuple[str, float, str]]:
    """Wall time of the whole verification report (every claim, three samples of `draws`)."""
    from isacmodel.verify import claims

    claims.verify_all(200)  # symbolic proofs and lambdified functions, cached per process
    start = time.perf_counter()
    samples = claims.draw_samples(draws, claims.DEFAULT_SEED)
    sampled = time.perf_counter() - start
    for claim in claims.CLAIMS.values():
        claims.evaluate(claim, samples)
    total = time.perf_counter() - start
    start = time.perf_counter()
    claims.verify_all(draws, jobs=2)
    parallel = time.perf_counter() - start
    cold = _in_fresh_interpreter(
        "import time; start = time.perf_counter(); from isacmodel import verify_all; "
        f"verify_all({draws}); print(time.perf_counter() - start)"
    )
    return [
        (f"verify: drawing 5 samples of {draws:,} admissible draws", sampled, "s"),
        (f"verify: samples + every claim ({len(claims.CLAIMS)} claims), warm", total, "s"),
        (
            "verify: same, claim groups in 2 processes (verify --jobs 2)",
            parallel,
            f"s  ({total / parallel:.1f}x)",
        ),
        ("verify: same, in a fresh interpreter (incl. sympy derivations)", cold, "s"),
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="skip the book builds")
    arguments = parser.parse_args()
    # measure computations, not the disk cache the Makefile points to (make book sets it again)
    os.environ.pop("ISACMODEL_CACHE", None)
    rows = []
    if not arguments.quick:
        rows += bench_book()
    rows += bench_import() + bench_symbolic() + bench_numeric()
    rows += bench_nash_symmetric() + bench_nash_asymmetric() + bench_nash_points()
    rows += bench_regimes() + bench_stackelberg() + bench_volume() + bench_mechanism()
    rows += bench_numerics() + bench_root_finders()
    rows += bench_atlas() + bench_verify()
    width = max(len(name) for name, _, _ in rows)
    print(f"isacmodel benchmarks  (python {sys.version.split()[0]})")
    for name, value, unit in rows:
        number = f"{value:12.4f}" if value < 1000 else f"{value:12,.0f}"
        print(f"  {name:<{width}}  {number} {unit}")


if __name__ == "__main__":
    main()
