"""The robustness atlas: the registry under the baseline, and a stored file that is current."""

import json

import numpy as np
import pytest

from isacmodel import atlas, claims, specs

SMALL = 400


def test_every_atlas_claim_is_a_registry_claim_of_the_symmetric_sample():
    for claim_id in atlas.ATLAS_CLAIMS:
        assert claims.CLAIMS[claim_id].sample == "symmetric"
    assert len(atlas.specifications()) == len(specs.COST_FAMILIES) * len(specs.LEAKAGE_FAMILIES)


def test_under_the_baseline_the_atlas_reproduces_the_registry():
    """Same box, same seed, same admissibility: the same draws, so the same rates."""
    row = atlas._cell(specs.BASELINE, SMALL, claims.DEFAULT_SEED)
    samples = claims.draw_samples(SMALL, claims.DEFAULT_SEED)
    assert row["drawn"] == samples.symmetric.drawn
    for claim_id, cell in row["claims"].items():
        evidence = claims.evaluate(claims.CLAIMS[claim_id], samples)
        assert cell["pass_rate"] == evidence.pass_rate, claim_id
        assert cell["worst_margin"] == pytest.approx(evidence.worst_margin, rel=1e-6, abs=1e-14)


def test_under_the_baseline_proposition_5_reproduces_the_registry_on_its_optima_sample():
    found = atlas._optima_claims(specs.BASELINE, SMALL, claims.DEFAULT_SEED)
    samples = claims.draw_samples(SMALL, claims.DEFAULT_SEED)
    assert found["drawn"] == samples.optima.drawn and found["optimum not found"] == 0
    for claim_id in atlas.OPTIMA_CLAIMS:
        evidence = claims.evaluate(claims.CLAIMS[claim_id], samples)
        assert found["claims"][claim_id]["pass_rate"] == evidence.pass_rate, claim_id


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


def test_the_stored_atlas_matches_a_fresh_small_run_within_sampling_error():
    stored = {row["specification"]: row for row in atlas.load_atlas()["rows"]}
    fresh = atlas.run_atlas(SMALL, seed=11)
    for row in fresh["rows"]:
        cells = {**row["claims"], **row["optima claims"].get("claims", {})}
        old = stored[row["specification"]]
        for claim_id, cell in cells.items():
            rate = {**old["claims"], **old["optima claims"].get("claims", {})}[claim_id][
                "pass_rate"
            ]
            error = 4 * np.sqrt(max(rate * (1 - rate), 1 / SMALL) / SMALL)
            assert abs(cell["pass_rate"] - rate) <= error, (row["specification"], claim_id)


def test_a_stale_or_missing_atlas_is_refused(tmp_path):
    with pytest.raises(RuntimeError, match="no atlas"):
        atlas.load_atlas(tmp_path / "atlas.json")
    stale = tmp_path / "stale.json"
    stale.write_text(json.dumps({"digest": "old", "rows": []}))
    with pytest.raises(RuntimeError, match="computed by other code"):
        atlas.load_atlas(stale)


def test_run_atlas_refuses_a_bad_job_count():
    with pytest.raises(ValueError, match="jobs must be at least 1"):
        atlas.run_atlas(10, jobs=0)
