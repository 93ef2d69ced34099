"""Command line of isacmodel.

``python -m isacmodel verify [--draws N] [--seed S] [--json]`` prints one line per claim
of the registry (``[OK]`` / ``[PARTIAL]`` / ``[FAILS]``, the status, the pass rate and the
worst case) and exits with status 1 when any computed status differs from the status
the book states for that claim.

``python -m isacmodel atlas [--draws N] [--seed S] [--jobs J] [--output PATH]`` computes
the robustness atlas (:mod:`isacmodel.atlas`) and writes it to the file the book reads,
printing the time taken and the peak memory.
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import time
from pathlib import Path

from .claims import ASSUMPTION_1, DEFAULT_DRAWS, DEFAULT_SEED, Evidence, verify_all


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


def main(argv: list[str] | None = None) -> int:
    """Run the command line; return the exit status."""
    parser = argparse.ArgumentParser(prog="python -m isacmodel", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    verify = commands.add_parser("verify", help="check every claim of the paper")
    verify.add_argument(
        "--draws", type=int, default=DEFAULT_DRAWS, help="admissible draws per sample"
    )
    verify.add_argument("--seed", type=int, default=DEFAULT_SEED, help="base random seed")
    verify.add_argument("--json", action="store_true", help="print JSON instead of a table")
    atlas = commands.add_parser("atlas", help="compute the robustness atlas (other forms)")
    atlas.add_argument("--draws", type=int, default=DEFAULT_DRAWS, help="draws per specification")
    atlas.add_argument("--seed", type=int, default=DEFAULT_SEED, help="random seed")
    atlas.add_argument("--jobs", type=int, default=1, help="worker processes")
    atlas.add_argument("--output", type=Path, default=None, help="where to write the JSON")
    arguments = parser.parse_args(argv)
    if arguments.draws < 1:
        parser.error(f"--draws must be positive (got {arguments.draws})")
    if arguments.command == "atlas":
        return _atlas(arguments, parser)
    start = time.perf_counter()
    report = verify_all(arguments.draws, arguments.seed)
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
    from . import atlas

    if arguments.jobs < 1:
        parser.error(f"--jobs must be at least 1 (got {arguments.jobs})")
    start = time.perf_counter()
    result = atlas.run_atlas(arguments.draws, arguments.seed, arguments.jobs)
    path = atlas.write_atlas(result, arguments.output or atlas.ATLAS_FILE)
    peak = max(resource.getrusage(who).ru_maxrss
               for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN))  # fmt: skip
    for row in result["rows"]:
        rates = " ".join(f"{100 * c['pass_rate']:5.1f}" for c in row["claims"].values())
        print(f"{row['specification']:34s} accepted {row['draws']}/{row['drawn']}  {rates}")
    claims = len(atlas.ATLAS_CLAIMS) + len(atlas.OPTIMA_CLAIMS)
    print(
        f"{len(result['rows'])} specifications x {claims} claims, "
        f"{arguments.draws} draws each, {arguments.jobs} job(s): "
        f"{time.perf_counter() - start:.1f} s, peak memory {peak / 1024:.0f} MiB; wrote {path}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
