"""The family menu: every family satisfies what the paper assumes; a violating one is refused."""

import pytest
import sympy as sp

from isacmodel.core import families as specs
from isacmodel.core.model import SYM, assumed_properties

MENUS = [("cost", specs.COST_FAMILIES), ("leakage", specs.LEAKAGE_FAMILIES),
         ("phi", specs.PHI_FAMILIES)]  # fmt: skip
FAMILIES = [(kind, name) for kind, menu in MENUS for name in menu]
T = sp.Symbol("t", positive=True)


def test_the_menu_has_what_the_atlas_needs():
    assert len(specs.COST_FAMILIES) >= 4 and len(specs.LEAKAGE_FAMILIES) >= 2
    assert len(specs.PHI_FAMILIES) >= 2


@pytest.mark.parametrize(("kind", "name"), FAMILIES)
def test_every_family_on_the_menu_satisfies_every_assumption(kind, name):
    menu = dict(MENUS)[kind]
    checks = specs.check_family(kind, menu[name])
    assert checks and all(check.holds for check in checks), [c for c in checks if not c.holds]


def test_the_baseline_is_proved_symbolically_as_in_the_model():
    checks = specs.check_family("cost", specs.COST_FAMILIES["baseline"])
    checks += specs.check_family("leakage", specs.LEAKAGE_FAMILIES["quadratic"])
    assert all(check.method == "sympy" and check.holds for check in checks)
    assert all(check.holds for check in assumed_properties())
    assert specs.BASELINE == specs.specification() and specs.BASELINE.is_baseline


def test_where_sympy_cannot_decide_a_dense_grid_does_and_says_so():
    methods = {
        c.name: c.method for c in specs.check_family("leakage", specs.LEAKAGE_FAMILIES["cosh"])
    }
    assert methods["g_si > 0 at s_i = s_j > 0"] == "grid"


@pytest.mark.parametrize(
    ("choice", "violated"),
    [
        ({"cost": SYM.k / 2 * SYM.t_i**2 * (1 + SYM.y_j)}, "f_y < 0"),
        ({"cost": SYM.k / 2 * (SYM.t_i + 1) ** 2 / (1 + SYM.y_j)}, "f_t\\(0, y\\) = 0"),
        ({"cost": SYM.k / 2 * SYM.t_i**2 + 1 / (1 + SYM.y_j)}, "f_ty < 0"),
        ({"leakage": SYM.gamma1 * SYM.s_i**2 + SYM.gamma2 * SYM.s_j**2}, "g_sj <= 0"),
        ({"leakage": -SYM.gamma1 * SYM.s_i**2}, "g_si > 0"),
        ({"phi": 1 - T**2}, "phi > 0"),
        ({"phi": 2 - sp.exp(-T)}, "phi'' > 0"),
    ],
)
def test_a_family_that_violates_an_assumption_is_refused_by_name(choice, violated):
    with pytest.raises(ValueError, match=f"violates {violated}"):
        specs.specification(**choice)


def test_unknown_names_and_text_are_refused_without_evaluating_anything():
    with pytest.raises(ValueError, match="unknown cost family 'quartic'"):
        specs.specification(cost="quartic")
    with pytest.raises(ValueError, match="unknown leakage family"):
        specs.specification(leakage="__import__('os').system('true')")
    with pytest.raises(TypeError, match="name or a sympy expression"):
        specs.specification(cost=1.5)


def test_a_user_expression_that_satisfies_the_assumptions_is_accepted():
    quartic_cost = SYM.k / 2 * (SYM.t_i**2 + SYM.t_i**4) / (1 + SYM.y_j)
    spec = specs.specification(cost=quartic_cost)
    assert spec.cost == quartic_cost and "f=" in spec.name


def test_the_baseline_table_and_the_menu_are_one_checker():
    baseline = specs.check_family("cost", specs.COST_FAMILIES["baseline"])
    baseline += specs.check_family("leakage", specs.LEAKAGE_FAMILIES["quadratic"])
    assert assumed_properties() == baseline
    assert specs.FamilyCheck is specs.PropertyCheck
