"""The errata registry: every computable entry is confirmed by its derivation."""

import pytest
import sympy as sp

from isacmodel.verify.errata import ERRATA, errata_markdown
from isacmodel.verify.errata.entry import corrects


@pytest.mark.parametrize("entry", [e for e in ERRATA if e.verify], ids=lambda e: e.key)
def test_erratum_is_confirmed_by_the_derivation(entry):
    assert entry.verify(), f"{entry.key}: derivation no longer matches the correction"


def test_keys_are_unique_and_every_entry_is_complete():
    keys = [entry.key for entry in ERRATA]
    assert len(keys) == len(set(keys))
    for entry in ERRATA:
        assert entry.location and entry.printed and entry.corrected and entry.note
        assert entry.printed != entry.corrected


def test_markdown_lists_every_entry_with_both_forms():
    text = errata_markdown()
    for number, entry in enumerate(ERRATA, start=1):
        assert f"### E{number}. {entry.location}" in text
        assert entry.printed in text and entry.corrected in text


def test_a_correction_is_confirmed_only_where_the_derivation_matches_it_and_not_the_print():
    x = sp.Symbol("x")
    derived = (x + 1) ** 2
    assert corrects(derived, x**2 + 1, x**2 + 2 * x + 1)
    assert not corrects(derived, x**2 + 2 * x + 1, x**2 + 2 * x + 1)  # printed right: no erratum
    assert not corrects(derived, x**2 + 1, x**2 + 1)  # correction wrong
