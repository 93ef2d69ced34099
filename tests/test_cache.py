"""The disk cache behind the samples and verdicts the chapters share."""

import shutil

import numpy as np
import pytest

from isacmodel.verify import cache as store
from isacmodel.verify import claims

calls: list[tuple] = []


def _square(x: float, *, note: str = "") -> float:
    calls.append((x, note))
    return x * x


@pytest.fixture
def cache_dir(tmp_path, monkeypatch):
    monkeypatch.setenv(store.CACHE_ENV, str(tmp_path))
    calls.clear()
    return tmp_path


def test_a_stored_result_is_reused(cache_dir):
    assert store.cached_call(_square, 3.0) == 9.0
    assert store.cached_call(_square, 3.0) == 9.0
    assert store.cached_call(_square, 4.0) == 16.0
    assert [x for x, _ in calls] == [3.0, 4.0]
    assert any(cache_dir.rglob("*.pkl"))


def test_context_arguments_are_passed_but_do_not_key_the_entry(cache_dir):
    assert store.cached_call(_square, 2.0, note="first") == 4.0
    assert store.cached_call(_square, 2.0, note="second") == 4.0
    assert calls == [(2.0, "first")]


def test_a_change_to_the_package_source_makes_entries_stale(cache_dir, monkeypatch):
    store.cached_call(_square, 5.0)
    monkeypatch.setattr(store, "source_digest", lambda: "another version of isacmodel")
    store.cached_call(_square, 5.0)
    assert len(calls) == 2


def test_without_the_variable_nothing_is_stored(tmp_path, monkeypatch):
    monkeypatch.delenv(store.CACHE_ENV, raising=False)
    monkeypatch.chdir(tmp_path)
    calls.clear()
    store.cached_call(_square, 6.0)
    store.cached_call(_square, 6.0)
    assert len(calls) == 2
    assert not any(tmp_path.iterdir())


def test_source_digest_changes_with_any_module(tmp_path, monkeypatch):
    package = tmp_path / "isacmodel"
    shutil.copytree(store._PACKAGE, package, ignore=shutil.ignore_patterns("__pycache__", "data"))
    monkeypatch.setattr(store, "_PACKAGE", package)
    store.source_digest.cache_clear()
    try:
        before = store.source_digest()
        assert len(before) == 64 and before == store.source_digest()
        with (package / "solve" / "volume.py").open("a") as module:
            module.write("\n# a change\n")
        store.source_digest.cache_clear()
        assert store.source_digest() != before
    finally:
        store.source_digest.cache_clear()


def test_stored_samples_and_verdicts_equal_fresh_ones(cache_dir, monkeypatch):
    fresh = claims.draw_samples(300, 7)
    stored = claims.draw_samples(300, 7)
    assert stored is not fresh and stored.fingerprint == fresh.fingerprint
    np.testing.assert_array_equal(stored.symmetric.equilibria.s, fresh.symmetric.equilibria.s)
    claim = claims.CLAIMS["prop1.i.own"]
    first = claims.evaluate(claim, fresh)
    again = claims.evaluate(claim, stored)
    assert again.claim is claim and again == first
    monkeypatch.delenv(store.CACHE_ENV)
    assert claims.evaluate(claim, fresh) == first


def test_other_samples_get_their_own_verdicts(cache_dir):
    claim = claims.CLAIMS["prop1.i.own"]
    small, other = claims.draw_samples(300, 7), claims.draw_samples(300, 8)
    assert small.fingerprint != other.fingerprint
    assert claims.evaluate(claim, small).worst_params != claims.evaluate(claim, other).worst_params
