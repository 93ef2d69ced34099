"""The claims registry itself: metadata, the verdict engine and the CLI.

The claims' own tests are in ``tests/test_claims_<chapter>.py``, one file per chapter
and per module of :mod:`isacmodel.verify.claims`.  Here: every claim is declared in the
module of its chapter and named by a test of that chapter's file; every declared
``uses`` entry is a real function and agrees with what the check's source calls.
"""

from __future__ import annotations

import ast
import dataclasses
import importlib
import inspect
import json
import sys
import textwrap
import types
from pathlib import Path

import numpy as np
import pytest

from isacmodel import CLAIMS
from isacmodel.__main__ import main
from isacmodel.verify import claims, sampling
from tests.claims_support import book_samples, verdict

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def samples() -> claims.Samples:
    return book_samples()


# ------------------------------------------------------------------ metadata
def test_each_claim_lives_in_the_module_of_its_chapter():
    assert {claim.chapter for claim in CLAIMS.values()} == set(claims.CHAPTERS)
    for claim in CLAIMS.values():
        assert (ROOT / "chapters" / f"{claim.chapter}.md").exists(), claim.id
        for check in claim.checks:
            assert check.__module__ == f"isacmodel.verify.claims.{claim.chapter}", claim.id
            assert check.__name__ != "<lambda>" and check.__doc__, claim.id


def test_the_registry_is_in_the_papers_order_by_chapter():
    chapters = [claim.chapter for claim in CLAIMS.values()]
    assert chapters == sorted(chapters, key=claims.CHAPTERS.index)
    assert next(iter(CLAIMS)).startswith("prop1")  # the paper starts with Proposition 1


def test_every_claim_is_named_by_a_test_of_its_chapters_test_file():
    for chapter in claims.CHAPTERS:
        tree = ast.parse((ROOT / "tests" / f"test_claims_{chapter}.py").read_text())
        named = {node.value for node in ast.walk(tree)
                 if isinstance(node, ast.Constant) and isinstance(node.value, str)}  # fmt: skip
        ids = {claim.id for claim in CLAIMS.values() if claim.chapter == chapter}
        assert ids <= named, (chapter, ids - named)


def test_a_claim_is_registered_once_with_a_known_status_and_chapter():
    claim = CLAIMS["prop3.ii"]
    with pytest.raises(ValueError, match="registered twice"):
        claims.register(claim)
    with pytest.raises(ValueError, match="unknown chapter"):
        claims.register(dataclasses.replace(claim, id="x", chapter="nowhere"))
    with pytest.raises(ValueError, match="expected must be one of"):
        dataclasses.replace(claim, expected="mostly")


def qualified(function: types.FunctionType) -> str:
    return f"{function.__module__}:{function.__qualname__}"


def resolve(name: str) -> object:
    module, _, qualname = name.partition(":")
    value = importlib.import_module(module)
    for part in qualname.split("."):
        value = getattr(value, part)
    return value


def test_every_declared_use_is_a_function_of_the_package():
    for claim in CLAIMS.values():
        assert len(set(claim.uses)) == len(claim.uses), claim.id
        for name in claim.uses:
            function = inspect.unwrap(resolve(name))
            assert isinstance(function, types.FunctionType), (claim.id, name)
            assert qualified(function) == name, (claim.id, name)  # where it is defined
            assert not name.startswith("isacmodel.verify."), (claim.id, name)


def source_references(function, seen: set) -> tuple[set[str], set[str]]:
    """``(called, reachable)``: package functions a check's source calls (through the
    claims' helpers), and those the :class:`Sample` methods it uses may call."""
    function = inspect.unwrap(function)
    if function in seen:
        return set(), set()
    seen.add(function)
    namespace = sys.modules[function.__module__]
    called, reachable = set(), set()
    for node in ast.walk(ast.parse(textwrap.dedent(inspect.getsource(function)))):
        value = None
        if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name):
            owner = getattr(namespace, node.value.id, None)
            if isinstance(owner, types.ModuleType):
                value = getattr(owner, node.attr, None)
            elif node.value.id == "sample" and node.attr in sampling.METHOD_USES:
                reachable |= set(sampling.METHOD_USES[node.attr])
        elif isinstance(node, ast.Name):
            value = getattr(namespace, node.id, None)
        elif (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
              and node.func.attr == "regime" and node.args
              and isinstance(node.args[0], ast.Constant)):  # fmt: skip
            solver = sampling.OTHER_GAMES.get(node.args[0].value)
            called.add(qualified(solver) if solver else "isacmodel.solve.optima:solve_regime_batch")
        value = inspect.unwrap(value) if callable(value) else value
        if not isinstance(value, types.FunctionType) or value is function:
            continue
        if value.__module__.startswith("isacmodel.verify.claims."):
            more_called, more_reachable = source_references(value, seen)
            called |= more_called
            reachable |= more_reachable
        elif value.__module__.startswith("isacmodel.") and not value.__module__.startswith(
            "isacmodel.verify."
        ):
            called.add(qualified(value))
    return called, reachable


@pytest.mark.parametrize("claim_id", list(CLAIMS))
def test_declared_uses_agree_with_the_checks_source(claim_id):
    claim = CLAIMS[claim_id]
    called, reachable = set(), set()
    seen: set = set()
    for check in claim.checks:
        more_called, more_reachable = source_references(check, seen)
        called |= more_called
        reachable |= more_reachable
    declared = set(claim.uses)
    assert called <= declared, f"called but not declared: {called - declared}"
    assert declared <= called | reachable, (
        f"declared but not called: {declared - called - reachable}"
    )


# --------------------------------------------------------------- the engine
def test_claims_outside_their_domain_are_left_out(samples):
    evidence = claims.evaluate(CLAIMS["prop6"], samples)
    assert evidence.n_draws + evidence.n_outside == len(samples.symmetric)
    nowhere = dataclasses.replace(CLAIMS["prop6"], domain=lambda s: np.zeros(len(s), bool))
    with pytest.raises(RuntimeError, match="no draw"):
        claims.evaluate(nowhere, samples)


def test_classification_covers_every_case():
    classify = claims.classify
    assert classify(True, 1.0)[2] == "proved" and classify(True, None)[2] == "proved"
    assert classify(False, 0.0)[2] == "fails"
    assert classify(True, 0.99)[2] == "inconsistent"
    assert classify(None, 1.0)[2] == "holds"
    assert classify(None, 0.5) == ("holds on 50.0% of draws", "PARTIAL", "partial")
    assert classify(None, 0.0)[2] == "fails"
    assert classify(None, None)[2] == "unchecked"


def test_a_zero_quantity_fails_a_strict_inequality(samples):
    zero = dataclasses.replace(CLAIMS["prop3.i"], numeric=lambda sample: np.zeros(len(sample)),
                               one_firm=None)  # fmt: skip
    assert claims.evaluate(zero, samples).status == "fails"


def test_non_finite_margins_are_an_error(samples):
    broken = dataclasses.replace(CLAIMS["prop3.i"], numeric=lambda s: np.full(len(s), np.nan))
    with pytest.raises(RuntimeError, match="non-finite"):
        claims.evaluate(broken, samples)


def test_evidence_table_leaves_out_columns_no_record_fills(samples):
    welfare_only = claims.evidence_markdown([verdict(samples, "text.collusion.quantity")])
    assert welfare_only.splitlines()[0] == "| Claim | Statement | Status | Pass rate |"
    with_statics = claims.evidence_markdown([verdict(samples, "prop3.ii")])
    assert "Where A1 fails | One firm |" in with_statics.splitlines()[0]
    assert with_statics.splitlines()[2].endswith("| 100.0% | 100.0% | 100.0% |")


def test_sample_size_must_be_positive():
    with pytest.raises(ValueError, match="n must be a positive integer"):
        claims.draw_samples(0, 1)


def test_cli_prints_every_claim_and_exits_zero(capsys):
    assert main(["verify", "--draws", "2000"]) == 0
    out = capsys.readouterr().out
    assert all(claim_id in out for claim_id in CLAIMS)
    assert "[FAILS] text.cross-partial.si-tj" in out and "0 differ from the book" in out


def test_cli_json(capsys):
    assert main(["verify", "--draws", "2000", "--json"]) == 0  # prop7.i.investment is rare
    records = json.loads(capsys.readouterr().out)
    assert [r["id"] for r in records] == list(CLAIMS)
    assert [r["chapter"] for r in records] == [claim.chapter for claim in CLAIMS.values()]
    assert all(r["agrees"] for r in records)


def test_cli_exits_non_zero_when_the_book_disagrees(monkeypatch, capsys):
    wrong = dataclasses.replace(CLAIMS["prop3.i"], expected="fails")
    monkeypatch.setitem(CLAIMS, "prop3.i", wrong)
    assert main(["verify", "--draws", "500"]) == 1
    assert "the book states 'fails'" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["verify", "--draws", "0"], "--draws: must be from 100 to 1000000 (got 0)"),
        (["verify", "--draws", "3"], "--draws: must be from 100 to 1000000 (got 3)"),
        (["atlas", "--draws", "5"], "--draws: must be from 100 to 1000000 (got 5)"),
        (["verify", "--draws", "1000000000"], "--draws: must be from 100 to 1000000"),
        (["verify", "--seed", "-1"], "--seed: must be from 0 to 4294967295 (got -1)"),
        (["verify", "--jobs", "100"], "--jobs: must be from 1 to"),
        (["prepare", "--jobs", "0"], "--jobs: must be from 1 to"),
        (["verify", "--draws", "many"], "--draws: expected a whole number, got 'many'"),
    ],
)
def test_cli_bounds_every_number_with_an_error_naming_the_flag(arguments, message, capsys):
    with pytest.raises(SystemExit) as exit_:
        main(arguments)
    assert exit_.value.code == 2
    assert message in capsys.readouterr().err


def test_cli_rejects_bad_jobs_and_prepare_without_a_cache(monkeypatch, capsys):
    with pytest.raises(SystemExit):
        main(["verify", "--jobs", "0"])
    monkeypatch.delenv("ISACMODEL_CACHE", raising=False)
    with pytest.raises(SystemExit):
        main(["prepare"])
    assert "set ISACMODEL_CACHE" in capsys.readouterr().err


def test_cli_prepare_refuses_a_cache_it_cannot_write(monkeypatch, capsys, tmp_path):
    not_a_folder = tmp_path / "file"
    not_a_folder.write_text("")
    monkeypatch.setenv("ISACMODEL_CACHE", str(not_a_folder))
    with pytest.raises(SystemExit), pytest.warns(UserWarning, match="is not a folder"):
        main(["prepare"])
    assert "is not a folder this user can write to" in capsys.readouterr().err


def test_the_groups_cover_every_claim_once_and_parallel_verdicts_equal_serial_ones():
    grouped = [claim_id for group in claims.claim_groups() for claim_id in group]
    assert sorted(grouped) == sorted(CLAIMS)
    serial = claims.verify_all(300, seed=7)
    parallel = claims.verify_all(300, seed=7, jobs=2)
    assert [e.claim.id for e in parallel] == list(CLAIMS)
    for one, two in zip(serial, parallel, strict=True):
        assert (one.status, one.pass_rate, one.worst_margin) == (
            two.status, two.pass_rate, two.worst_margin), one.claim.id  # fmt: skip
