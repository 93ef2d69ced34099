"""Small presentation helpers the chapters share (typeset equations, evidence tables, glue).

Like :mod:`isacmodel.widgets`, this module is for the book's notebooks; the math
modules never import it.
"""

from __future__ import annotations

import sympy as sp
from IPython.display import Markdown, Math, display

from isacmodel.verify.claims import Evidence, evidence_markdown

__all__ = ["evidence_table", "glue_evidence", "percent", "show"]


def show(lhs: str, rhs: sp.Expr) -> None:
    """Display ``lhs = rhs`` as typeset math (``lhs`` in LaTeX)."""
    display(Math(f"{lhs} = {sp.latex(rhs)}"))


def percent(rate: float) -> float:
    """Return a share in [0, 1] as a percentage (a Python float, as glue needs)."""
    return float(100 * rate)


def evidence_table(evidence: dict[str, Evidence], *ids: str) -> Markdown:
    """Return the evidence table of some claims (without the paper's references)."""
    return Markdown(evidence_markdown([evidence[i] for i in ids], references=False))


def glue_evidence(evidence: dict[str, Evidence]) -> None:
    """Check each verdict is the one the book states, and glue its status and pass rates.

    Glue keys: ``status-<id>``, and where the claim has them ``rate-<id>`` and
    ``dropped-<id>`` (percentages).

    Raises
    ------
    AssertionError
        If a computed verdict differs from the one the book states.
    """
    from myst_nb import glue  # noqa: PLC0415 (the book build's package, not the model's)

    for claim_id, record in evidence.items():
        assert record.agrees, (claim_id, record.status, record.claim.expected)
        glue(f"status-{claim_id}", record.status, display=False)
        if record.pass_rate is not None:
            glue(f"rate-{claim_id}", percent(record.pass_rate), display=False)
        if record.pass_rate_dropped is not None:
            glue(f"dropped-{claim_id}", percent(record.pass_rate_dropped), display=False)
