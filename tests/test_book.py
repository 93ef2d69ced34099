"""The chapters' shared presentation helpers."""

import dataclasses

import pytest

from isacmodel import CLAIMS, book
from isacmodel.verify import claims


@pytest.fixture(scope="module")
def evidence():
    samples = claims.draw_samples(200, claims.DEFAULT_SEED)
    return {"prop1.i.own": claims.evaluate(CLAIMS["prop1.i.own"], samples)}


def test_evidence_table_lists_the_requested_claims(evidence):
    table = book.evidence_table(evidence, "prop1.i.own").data
    assert "`prop1.i.own`" in table and "Proposition 1(i)" not in table  # no references


def test_glue_evidence_refuses_a_verdict_the_book_does_not_state(evidence):
    record = evidence["prop1.i.own"]
    wrong = dataclasses.replace(record, claim=dataclasses.replace(record.claim, expected="fails"))
    with pytest.raises(AssertionError, match="prop1.i.own"):
        book.glue_evidence({"prop1.i.own": wrong})


def test_percent_is_a_python_float():
    assert book.percent(0.25) == 25.0 and type(book.percent(0.25)) is float
