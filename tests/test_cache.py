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


def _typed(x: float) -> float:
    calls.append((x, ""))
    return x * x


def _entries(folder) -> list:
    return sorted(folder.rglob("output.pkl"))


@pytest.fixture
def fresh_warnings():
    store._usable_folder.cache_clear()
    yield
    store._usable_folder.cache_clear()


@pytest.mark.parametrize("kind", ["file", "/dev/null", "below a file"])
def test_a_cache_that_is_not_a_folder_gets_one_line_and_computes(
    kind, tmp_path, monkeypatch, fresh_warnings
):
    file = tmp_path / "a-file"
    file.write_text("not a folder")
    named = {"file": file, "/dev/null": "/dev/null", "below a file": file / "cache"}[kind]
    monkeypatch.setenv(store.CACHE_ENV, str(named))
    calls.clear()
    with pytest.warns(UserWarning) as caught:
        assert store.cached_call(_square, 3.0) == 9.0
        assert store.cached_call(_square, 3.0) == 9.0
    assert len(caught) == 1, "one warning per folder and process"
    message = str(caught[0].message)
    assert "\n" not in message and str(named) in message and "without the disk cache" in message
    assert ("is not a folder" if kind != "below a file" else "cannot be written") in message
    assert len(calls) == 2
    assert file.read_text() == "not a folder"


_READ_ONLY_PROBE = """
import sys, warnings
sys.path.insert(0, sys.argv[1])
from isacmodel.verify import cache as store
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    value = store.cached_call(abs, -3)
print(value, len(caught), caught[0].message if caught else "")
"""


def test_a_read_only_empty_folder_gets_one_line_and_computes(tmp_path):
    """Root writes into a read-only folder anyway: as root, the probe runs without that power."""
    import os
    import subprocess
    import sys
    from pathlib import Path

    folder = tmp_path / "cache"
    folder.mkdir()
    folder.chmod(0o555)
    probe = [sys.executable, "-c", _READ_ONLY_PROBE, str(Path(store.__file__).parents[2])]
    if os.geteuid() == 0:
        if not shutil.which("setpriv"):
            pytest.skip("as root, needs setpriv (util-linux) to drop the power to write anywhere")
        probe = ["setpriv", "--bounding-set", "-dac_override,-dac_read_search,-fowner", *probe]
    env = {**os.environ, store.CACHE_ENV: str(folder)}
    try:
        done = subprocess.run(probe, env=env, capture_output=True, text=True, timeout=120)
    finally:
        folder.chmod(0o755)
    assert done.returncode == 0, done.stderr[-2000:]
    value, count, message = done.stdout.strip().split(" ", 2)
    assert (value, count) == ("3", "1")
    assert f"{folder} cannot be written to (Permission denied)" in message
    assert not any(folder.iterdir())


def test_a_truncated_entry_is_computed_again_quietly(cache_dir, capfd, recwarn):
    value = store.cached_call(_square, float(np.pi))
    (entry,) = _entries(cache_dir)
    entry.write_bytes(entry.read_bytes()[:5])
    assert store.cached_call(_square, float(np.pi)) == value
    assert len(calls) == 2
    assert capfd.readouterr() == ("", "")
    assert not recwarn.list
    assert store.cached_call(_square, float(np.pi)) == value
    assert len(calls) == 2, "the entry computed again is stored"


def test_an_entry_of_the_wrong_type_is_computed_again(cache_dir, capfd):
    import joblib

    assert store.cached_call(_typed, 2.0) == 4.0
    (entry,) = _entries(cache_dir)
    joblib.dump("poisoned", entry)
    assert store.cached_call(_typed, 2.0) == 4.0
    assert len(calls) == 2
    assert capfd.readouterr() == ("", "")


@pytest.mark.parametrize(
    "value, annotation, expected",
    [
        (1.0, float, True),
        ("1", float, False),
        (["a"], list[str], True),
        (["a", 1], list[str], False),
        ((1, "a"), tuple[int, str], True),
        ((1, 2), tuple[int, str], False),
        ((1, 2, 3), tuple[int, ...], True),
        ({"a": 1}, dict[str, int], True),
        ({"a": "1"}, dict[str, int], False),
        (None, float | None, True),
        ("x", float | None, False),
        ({}, list[str], False),
    ],
)
def test_has_type(value, annotation, expected):
    assert store._has_type(value, annotation) is expected
