"""The robustness atlas: the registry's checks under every family, the baseline row the
registry itself, and a stored file that is current."""

import json
import re
import shutil
from pathlib import Path

import numpy as np
import pytest

from isacmodel.core import families as specs
from isacmodel.verify import atlas, claims

SMALL = 400


def test_every_registry_claim_is_checked_by_the_atlas_or_has_a_stated_reason_not_to_be():
    checked = atlas.checked_claims()
    assert len(checked) == len(set(checked))
    assert not set(checked) & set(atlas.OUTSIDE_ATLAS)
    assert set(checked) | set(atlas.OUTSIDE_ATLAS) == set(claims.CLAIMS)
    assert all(len(reason) > 20 for reason in atlas.OUTSIDE_ATLAS.values())


def test_every_atlas_claim_is_a_registry_claim_of_the_symmetric_sample():
    for claim_id in atlas.ATLAS_CLAIMS:
        assert claims.CLAIMS[claim_id].sample == "symmetric"
    assert len(atlas.specifications()) == len(specs.COST_FAMILIES) * len(specs.LEAKAGE_FAMILIES)


@pytest.fixture(scope="module")
def registry_samples():
    return claims.draw_samples(SMALL, claims.DEFAULT_SEED)


def _assert_is_the_registry(records: dict, samples) -> None:
    for claim_id, cell in records.items():
        evidence = claims.evaluate(claims.CLAIMS[claim_id], samples)
        assert cell["pass_rate"] == evidence.pass_rate, claim_id
        assert cell["worst_margin"] == evidence.worst_margin, claim_id
        assert cell["outside"] == evidence.n_outside, claim_id


def test_every_claim_the_atlas_checks_has_a_numeric_check_on_a_sample_it_draws():
    for claim_id in atlas.checked_claims():
        claim = claims.CLAIMS[claim_id]
        assert claim.numeric is not None and claim.sample != "mechanism", claim_id


def test_under_the_baseline_the_atlas_row_is_the_registry(registry_samples):
    """The registry's samples and checks under the baseline: the same rates and worst margins."""
    row = atlas._cell(specs.BASELINE, SMALL, claims.DEFAULT_SEED)
    assert row["drawn"] == registry_samples.symmetric.drawn
    assert row["asymmetric claims"]["drawn"] == registry_samples.asymmetric.drawn
    assert row["optima claims"]["drawn"] == registry_samples.optima.drawn
    assert row["optima claims"]["optimum not found"] == 0
    _assert_is_the_registry(row["claims"], registry_samples)
    _assert_is_the_registry(row["sequential claims"], registry_samples)
    _assert_is_the_registry(row["asymmetric claims"]["claims"], registry_samples)
    _assert_is_the_registry(row["optima claims"]["claims"], registry_samples)


def test_under_the_baseline_section_4_is_the_registry(registry_samples):
    row = atlas._volume_cell(specs.BASELINE, SMALL, claims.DEFAULT_SEED)
    assert row["drawn"] == registry_samples.volume.drawn
    assert set(row["claims"]) == {c.id for c in claims.CLAIMS.values() if c.sample == "volume"}
    _assert_is_the_registry(row["claims"], registry_samples)


def test_a_sample_under_another_family_is_drawn_and_solved_under_it():
    spec = atlas.specifications()[1]
    sample = claims.draw_named_sample("symmetric", 50, claims.DEFAULT_SEED, spec)
    baseline = claims.draw_named_sample("symmetric", 50, claims.DEFAULT_SEED)
    assert sample.spec == spec and sample.equilibria.spec == spec
    assert sample.fingerprint != baseline.fingerprint
    assert sample.price_slopes(*sample.decisions).shape == (3, 50)
    with pytest.raises(ValueError, match="baseline"):
        sample.expressions("conditions", *sample.decisions)


def test_a_claim_map_puts_the_parameter_that_decides_first(registry_samples):
    """A claim that holds exactly where gamma3 > 0.2 maps over gamma3; noise does not lead."""
    sample = registry_samples.symmetric.params
    passes = sample.gamma3 > 0.2
    grid = atlas.claim_map(passes, sample)
    assert grid["x"] == "gamma3"
    assert (
        grid["influence"]["gamma3"]
        > 0.9
        > 0.3
        > max(
            value for name, value in grid["influence"].items() if name not in ("gamma3", "gamma1")
        )
    )
    rate = np.array(grid["pass_rate"], dtype=float)
    counts = np.array(grid["count"])
    assert counts.sum() == len(sample) and rate.shape == (atlas.MAP_BINS, atlas.MAP_BINS)
    held = np.nansum(rate * counts)
    assert held == pytest.approx(passes.sum())


def test_only_partial_claims_carry_a_map():
    stored = atlas.load_atlas()
    for row in stored["rows"] + stored["volume rows"]:
        for claim_id, cell in row["claims"].items():
            assert ("map" in cell) == (0 < cell["pass_rate"] < 1), (row["specification"], claim_id)


def test_proposition_5_is_checked_exactly_where_the_optima_exist():
    for row in atlas.load_atlas()["rows"]:
        if row["cost"] in ("hyperbolic", "exponential"):
            assert row["optima exist"]["social optimum"] == 0 and row["optima claims"] == {}
        else:
            assert set(row["optima claims"]["claims"]) == set(atlas.OPTIMA_CLAIMS)


def test_the_stored_atlas_is_computed_by_the_current_code():
    stored = atlas.load_atlas()
    assert stored["draws"] >= 10_000 and stored["seed"] == claims.DEFAULT_SEED
    assert [row["specification"] for row in stored["rows"]] == [
        s.name for s in atlas.specifications()
    ]
    for row in stored["rows"]:
        assert set(row["claims"]) == set(atlas.ATLAS_CLAIMS)
    assert [row["specification"] for row in stored["volume rows"]] == [
        s.name for s in atlas.volume_specifications()
    ]


def test_the_stored_atlas_matches_a_fresh_small_run_within_sampling_error():
    stored = atlas.load_atlas()
    fresh = atlas.run_atlas(SMALL, seed=11)
    for key in ("rows", "volume rows"):
        for old, row in zip(stored[key], fresh[key], strict=True):
            assert old["specification"] == row["specification"]
            for claim_id, cell in _claim_cells(row).items():
                rate = _claim_cells(old)[claim_id]["pass_rate"]
                error = 4 * np.sqrt(max(rate * (1 - rate), 1 / SMALL) / SMALL)
                assert abs(cell["pass_rate"] - rate) <= error, (row["specification"], claim_id)


def test_a_stale_or_missing_atlas_is_refused(tmp_path):
    with pytest.raises(RuntimeError, match="no atlas"):
        atlas.load_atlas(tmp_path / "atlas.json")
    stale = tmp_path / "stale.json"
    stale.write_text(json.dumps({"digest": "old", "rows": []}))
    with pytest.raises(RuntimeError, match="computed by other code"):
        atlas.load_atlas(stale)


def test_a_change_to_the_claims_tolerance_makes_the_stored_atlas_stale(tmp_path):
    """The digest covers what the atlas imports, found from the source (no hand-typed list)."""
    package = tmp_path / "isacmodel"
    shutil.copytree(Path(atlas.__file__).parents[1], package,
                    ignore=shutil.ignore_patterns("__pycache__"))  # fmt: skip
    assert atlas.atlas_digest(package) == atlas.atlas_digest() == atlas.load_atlas()["digest"]
    (defining,) = [path for path in (package / "verify").rglob("*.py")
                   if re.search(r"(?m)^TOLERANCE = ", path.read_text())]  # fmt: skip
    source = defining.read_text()
    defining.write_text(re.sub(r"(?m)^TOLERANCE = .*$", "TOLERANCE = 1e-9", source))
    assert atlas.atlas_digest(package) != atlas.load_atlas()["digest"]


def test_run_atlas_refuses_a_bad_job_count():
    with pytest.raises(ValueError, match="jobs must be at least 1"):
        atlas.run_atlas(10, jobs=0)


def _claim_cells(row: dict) -> dict:
    """A row's claims, with sections 3's, the unequal firms' and Proposition 5's (if any)."""
    return {**row["claims"], **row.get("sequential claims", {}),
            **row.get("asymmetric claims", {}).get("claims", {}),
            **row.get("optima claims", {}).get("claims", {})}  # fmt: skip


def test_the_maps_figure_refuses_records_without_a_map():
    from isacmodel.figures import atlas as atlas_figures

    row = atlas.load_atlas()["rows"][0]
    with pytest.raises(ValueError, match="at least one"):
        atlas_figures.claim_maps_figure([])
    with pytest.raises(ValueError, match="no map.*prop3.i"):
        atlas_figures.claim_maps_figure([("prop3.i", row["claims"]["prop3.i"])])
