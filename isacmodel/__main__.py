"""Command line: ``python -m isacmodel verify [--draws N] [--seed S] [--json]``.

Prints one line per claim of the registry (``[OK]`` / ``[PARTIAL]`` / ``[FAILS]``,
the status, the pass rate and the worst case) and exits with status 1 when any
computed status differs from the status the book states for that claim.
"""

from __future__ import annotations

import argparse
import json
import sys
import time

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
    arguments = parser.parse_args(argv)
    if arguments.draws < 1:
        parser.error(f"--draws must be positive (got {arguments.draws})")
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


if __name__ == "__main__":
    sys.exit(main())
