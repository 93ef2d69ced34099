"""Command line of isacmodel.

``python -m isacmodel verify [--draws N] [--seed S] [--jobs J] [--json]`` prints one line per claim
of the registry (``[OK]`` / ``[PARTIAL]`` / ``[FAILS]``, the status, the pass rate and the
worst case) and exits with status 1 when any computed status differs from the status
the book states for that claim.

``python -m isacmodel atlas [--draws N] [--seed S] [--jobs J] [--output PATH]`` computes
the robustness atlas (:mod:`isacmodel.verify.atlas`) and writes it to the file the book reads,
printing the time taken and the peak memory.

``python -m isacmodel prepare [--jobs J]`` computes, with ``J`` processes, what the
book's chapters share (the samples, every claim's verdict, the errata's sympy checks)
into the disk cache named by ``ISACMODEL_CACHE`` (:mod:`isacmodel.verify.cache`); ``make book``
runs it before executing the chapters, which then read instead of compute.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import sys
import time
from collections.abc import Callable
from itertools import repeat
from pathlib import Path

from isacmodel.numerics.workers import worker_pool
from isacmodel.verify import atlas, errata
from isacmodel.verify import cache as store
from isacmodel.verify.claims import (
    ASSUMPTION_1,
    DEFAULT_DRAWS,
    DEFAULT_SEED,
    Evidence,
    claim_groups,
    draw_samples,
    evaluate_group,
    verify_all,
)


def _line(evidence: Evidence) -> str:
    claim = evidence.claim
    flag = "" if evidence.agrees else f"   <-- the book states '{claim.expected}'"
    rate = "" if evidence.pass_rate is None else f" pass {100 * evidence.pass_rate:6.2f}%"
    dropped = (
        f" | where Assumption 1 fails: {100 * evidence.pass_rate_dropped:.1f}%"
        if evidence.pass_rate_dropped is not None and ASSUMPTION_1 in claim.conditions
        else ""
    )
    return f"[{evidence.tag}] {claim.id:26s} {evidence.status:30s}{rate}{dropped}{flag}"


def _record(evidence: Evidence) -> dict:
    claim = evidence.claim
    return {
        "id": claim.id,
        "reference": claim.reference,
        "chapter": claim.chapter,
        "statement": claim.statement,
        "conditions": list(claim.conditions),
        "expected": claim.expected,
        "status": evidence.status,
        "tag": evidence.tag,
        "agrees": evidence.agrees,
        "symbolic": evidence.symbolic,
        "pass_rate": evidence.pass_rate,
        "n_draws": evidence.n_draws,
        "seed": evidence.seed,
        "tolerance": evidence.tolerance,
        "worst_margin": evidence.worst_margin,
        "worst_params": evidence.worst_params,
        "pass_rate_where_assumption_1_fails": evidence.pass_rate_dropped,
        "counterexample_where_assumption_1_fails": evidence.worst_dropped_params,
        "one_firm_pass_rate": evidence.one_firm_pass_rate,
    }


#: Bounds of the flags: with fewer draws some claims' domains hold no draw at all; 10^9
#: draws asked for 15 GiB in one array, so one machine stops at 10^6; seeds are 32-bit.
DRAWS_RANGE = (100, 1_000_000)
SEED_RANGE = (0, 2**32 - 1)
#: At most one worker per CPU (two at the least, the book's default).
JOBS_RANGE = (1, max(2, os.cpu_count() or 1))


def bounded(low: int, high: int) -> Callable[[str], int]:
    """Return an argparse type: an integer in ``[low, high]``, else an error naming both."""

    def integer(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"expected a whole number, got {text!r}") from None
        if not low <= value <= high:
            raise argparse.ArgumentTypeError(f"must be from {low} to {high} (got {value})")
        return value

    return integer


def _add_jobs(command: argparse.ArgumentParser, default: int) -> None:
    low, high = JOBS_RANGE
    command.add_argument("--jobs", type=bounded(low, high), default=default,
                         help=f"worker processes ({low} to {high} here)")  # fmt: skip


def _add_sampling(command: argparse.ArgumentParser, draws_per: str) -> None:
    """Add ``--draws``, ``--seed`` and ``--jobs`` (one process by default)."""
    low, high = DRAWS_RANGE
    command.add_argument("--draws", type=bounded(low, high), default=DEFAULT_DRAWS,
                         help=f"admissible draws per {draws_per} ({low} to {high})")  # fmt: skip
    command.add_argument("--seed", type=bounded(*SEED_RANGE), default=DEFAULT_SEED,
                         help="base random seed")  # fmt: skip
    _add_jobs(command, default=1)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m isacmodel", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    verify = commands.add_parser("verify", help="check every claim of the paper")
    _add_sampling(verify, "sample")
    verify.add_argument("--json", action="store_true", help="print JSON instead of a table")
    prepare = commands.add_parser(
        "prepare", help="fill the disk cache the book's chapters share (needs ISACMODEL_CACHE)"
    )
    _add_jobs(prepare, default=2)
    atlas = commands.add_parser("atlas", help="compute the robustness atlas (other forms)")
    _add_sampling(atlas, "specification")
    atlas.add_argument("--output", type=Path, default=None, help="where to write the JSON")
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run the command line; return the exit status (130 after Ctrl-C)."""
    parser = _parser()
    arguments = parser.parse_args(argv)
    try:
        if arguments.command == "prepare":
            return _prepare(arguments, parser)
        if arguments.command == "atlas":
            return _atlas(arguments, parser)
        return _verify(arguments)
    except KeyboardInterrupt:
        print("interrupted: the workers are stopped", file=sys.stderr)
        return 130


def _verify(arguments: argparse.Namespace) -> int:
    start = time.perf_counter()
    report = verify_all(arguments.draws, arguments.seed, jobs=arguments.jobs)
    elapsed = time.perf_counter() - start
    if arguments.json:
        print(json.dumps([_record(e) for e in report], indent=1))
    else:
        for evidence in report:
            print(_line(evidence))
        disagreements = sum(not e.agrees for e in report)
        print(
            f"{len(report)} claims, {arguments.draws} draws per sample, seed {arguments.seed}, "
            f"{elapsed:.1f} s; {disagreements} differ from the book"
        )
    return 0 if all(e.agrees for e in report) else 1


def _atlas(arguments: argparse.Namespace, parser: argparse.ArgumentParser) -> int:

    start = time.perf_counter()
    result = atlas.run_atlas(arguments.draws, arguments.seed, arguments.jobs)
    path = atlas.write_atlas(result, arguments.output or atlas.ATLAS_FILE)
    peak = max(resource.getrusage(who).ru_maxrss
               for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN))  # fmt: skip
    for row in result["rows"] + result["volume rows"]:
        cells = {**row["claims"], **row.get("sequential claims", {})}
        rates = " ".join(f"{100 * c['pass_rate']:5.1f}" for c in cells.values())
        print(f"{row['specification']:34s} accepted {row['draws']}/{row['drawn']}  {rates}")
    claims = len(atlas.checked_claims()) - len(atlas.VOLUME_CLAIMS)
    print(
        f"{len(result['rows'])} specifications x {claims} claims and "
        f"{len(result['volume rows'])} x {len(atlas.VOLUME_CLAIMS)} (section 4), "
        f"{arguments.draws} draws each, {arguments.jobs} job(s): "
        f"{time.perf_counter() - start:.1f} s, peak memory {peak / 1024:.0f} MiB; wrote {path}"
    )
    return 0


def _prepare(arguments: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    """Compute what the chapters share (samples, verdicts, errata checks) into the disk cache.

    The errata's sympy checks run in a worker while this process draws the samples; then
    the claim groups (:func:`isacmodel.verify.claims.claim_groups`) share the workers.
    """
    if not os.environ.get(store.CACHE_ENV):
        parser.error(f"prepare fills the disk cache: set {store.CACHE_ENV} to a folder")
    if store.cache_location() is None:
        parser.error(
            f"prepare fills the disk cache: {store.CACHE_ENV}={os.environ[store.CACHE_ENV]} "
            "is not a folder this user can write to"
        )
    start = time.perf_counter()
    with worker_pool(arguments.jobs) as pool:
        confirmed = pool.apply_async(errata.unconfirmed)
        samples = draw_samples(DEFAULT_DRAWS, DEFAULT_SEED)
        groups = pool.starmap(evaluate_group, zip(claim_groups(), repeat(samples)), chunksize=1)
        evaluated = sum(len(group) for group in groups)
        failed = confirmed.get()
    print(f"prepared {evaluated} verdicts and {len(errata.ERRATA)} errata checks "
          f"({len(failed)} unconfirmed) with {arguments.jobs} job(s) in "
          f"{time.perf_counter() - start:.1f} s")  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
