"""Section 4, symbolic part: prices, the reduced profit and the proof of Proposition 7.

The equilibrium solver and the numeric checks of Proposition 7 are not written yet;
these tests pin the derivations they will build on.
"""

from __future__ import annotations

import pytest
import sympy as sp

from isacmodel import volume
from isacmodel.model import SYM


def test_prices_solve_both_pricing_conditions_and_match_the_print():
    p_i, p_j = volume.prices()
    assert sp.simplify(p_i - volume.printed_price()) == 0
    mirrored = volume.printed_price().xreplace({
        SYM.a_i: SYM.a_j, SYM.a_j: SYM.a_i, SYM.B_i: SYM.B_j, SYM.B_j: SYM.B_i,
        SYM.s_i: SYM.s_j, SYM.s_j: SYM.s_i, SYM.t_i: SYM.t_j, SYM.t_j: SYM.t_i,
    })  # fmt: skip
    assert sp.simplify(p_j - mirrored) == 0


def test_reduced_profit_is_the_profit_at_the_second_stage_prices():
    assert sp.simplify(volume.profit() - volume.reduced_profit()) == 0


def test_without_volume_costs_the_price_is_section_2s():
    from isacmodel import bertrand

    no_volume_cost = {volume.C: 0, volume.DELTA_HAT: 0}
    assert sp.simplify(volume.price().subs(no_volume_cost) - bertrand.price()) == 0


@pytest.mark.parametrize("row", volume.printed_expressions(), ids=lambda row: row.key)
def test_printed_expressions_of_the_proof_of_proposition_7(row):
    assert row.matches is (row.key not in volume.MISPRINTS), row.key


def test_the_extra_sharing_term_of_volume_costs():
    """The sharing slope gains -b1 b2 hat_delta t_i phi(t_j)/D against section 2's (22)."""
    from isacmodel import bertrand

    extra = sp.diff(volume.price(), SYM.s_i) - sp.diff(bertrand.price(), SYM.s_i)
    expected = -SYM.b1 * SYM.b2 * volume.DELTA_HAT * SYM.t_i * volume.phi(SYM.t_j)
    assert sp.simplify(extra - expected / (4 * SYM.b1**2 - SYM.b2**2)) == 0


def test_baseline_specialisation_is_explicit():
    price = volume.specialise(volume.price())
    assert not price.atoms(sp.Function) - {sp.Abs}  # no unknown functions left
    point = {
        **SYM.values(__import__("isacmodel").Params()),
        volume.C: 0.2,
        volume.DELTA_HAT: 0.1,
        SYM.s_i: 0.1,
        SYM.s_j: 0.1,
        SYM.t_i: 0.1,
        SYM.t_j: 0.1,
    }
    assert float(price.subs(point)) > 0  # fmt: skip
