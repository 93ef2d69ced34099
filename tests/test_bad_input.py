"""Bad input at the edges of the public API (issue 18): a named error, never a NaN or a warning.

Each rule here failed before it was added: solvers raised ``AttributeError`` for ``None``,
a dict or a string; ``ParamsBatch`` turned ``None`` into NaN and accepted booleans;
``a = 1e200`` or ``gamma1 = 1e308`` gave NaN prices; ``tolerance=nan`` ran for 90 s;
a 3-row start for a 2-row batch returned 3 rows; ``tax_with_reports(p, 5, .5)`` named
``delta_c=2.75``; strings reached ``sympy.sympify`` (which evaluates them);
``solve_technology_first_batch`` emitted hundreds of RuntimeWarnings for flagged entries.
"""

from __future__ import annotations

import math
import os
import warnings

import numpy as np
import pytest
import sympy as sp

from isacmodel import (
    EquilibriumError,
    Params,
    ParamsBatch,
    nash_equilibria,
    solve_collusion,
    solve_joint_profit,
    solve_mechanism_batch,
    solve_mechanism_nash,
    solve_nash,
    solve_nash_batch,
    solve_nash_no_sharing,
    solve_regime_batch,
    solve_social_optimum,
    solve_stackelberg,
    solve_stackelberg_batch,
    solve_technology_first,
    solve_technology_first_batch,
    solve_volume_nash,
    solve_volume_nash_batch,
)
from isacmodel.core import families, model
from isacmodel.core.params import MAGNITUDE_RANGE
from isacmodel.solve import mechanism, nash

SINGLE_POINT_SOLVERS = {
    "solve_nash": solve_nash,
    "nash_equilibria": nash_equilibria,
    "solve_stackelberg": solve_stackelberg,
    "solve_social_optimum": solve_social_optimum,
    "solve_joint_profit": solve_joint_profit,
    "solve_collusion": solve_collusion,
    "solve_nash_no_sharing": solve_nash_no_sharing,
    "solve_technology_first": solve_technology_first,
    "solve_volume_nash": solve_volume_nash,
    "solve_mechanism_nash": solve_mechanism_nash,
}
BATCH_SOLVERS = {
    "solve_nash_batch": solve_nash_batch,
    "solve_regime_batch": lambda batch: solve_regime_batch(batch, "social optimum"),
    "solve_stackelberg_batch": solve_stackelberg_batch,
    "solve_technology_first_batch": solve_technology_first_batch,
    "solve_volume_nash_batch": solve_volume_nash_batch,
    "solve_mechanism_batch": solve_mechanism_batch,
}
LOW, HIGH = MAGNITUDE_RANGE
SCALES = ("a", "b1", "gamma1", "k", "c")


def _at_scale(name: str, value: float) -> Params:
    """The baseline with one scale parameter moved (its companions kept in proportion)."""
    if name == "a":
        return Params(a_i=value, a_j=value)
    companions = {"b1": {"b2": 0.6 * value}, "gamma1": {"gamma2": value / 6}}
    return Params(**{name: value, **companions.get(name, {})})


def _extreme_points() -> list[Params]:
    """Every scale at each end of the allowed range, and all of them at once."""
    points = [_at_scale(name, value) for name in SCALES for value in (LOW, HIGH)]
    points.append(Params(c=1e-300))  # c has no lower bound but zero
    points.append(Params(c=HIGH, delta_hat=HIGH))
    for value in (LOW, HIGH):
        points.append(Params(a_i=value, a_j=value, b1=value, b2=0.6 * value, gamma1=value,
                             gamma2=value / 6, k=value, c=value))  # fmt: skip
    points.append(Params(a_i=HIGH, a_j=HIGH, b1=LOW, b2=0.0, gamma1=HIGH, k=LOW, c=HIGH))
    points.append(Params(a_i=LOW, a_j=LOW, b1=HIGH, b2=0.9 * HIGH, gamma1=LOW, gamma2=0.0, k=HIGH,
                         c=LOW))  # fmt: skip
    return points


def _sweep_points() -> list[Params]:
    """The extremes plus seeded ordinary points of a wide box (asymmetric ones too)."""
    rng = np.random.default_rng(18)
    points = _extreme_points()
    for _ in range(6):
        b1, gamma1, a = rng.uniform(0.3, 3.0), rng.uniform(0.01, 1.0), rng.uniform(0.2, 3.0)
        points.append(Params(
            a_i=a, a_j=a if rng.random() < 0.7 else a * rng.uniform(0.7, 1.3), b1=b1,
            b2=rng.uniform(0, 0.95) * b1, gamma=rng.uniform(0, 0.95), delta_d=rng.uniform(0, 1),
            delta_c=rng.uniform(0, 1), gamma1=gamma1, gamma2=rng.uniform(0, 0.45) * gamma1,
            gamma3=rng.uniform(0, 0.45) * gamma1, k=rng.uniform(0.5, 50), rho=rng.uniform(0, 0.95),
        ))  # fmt: skip
    return points


def _finite(result) -> bool:
    if isinstance(result, list):
        return all(_finite(item) for item in result)
    values = [result.s, result.t, result.p, result.q, result.profit]
    return bool(np.all(np.isfinite(np.asarray(values, dtype=float))))


# ------------------------------------------------------------- the magnitude range
@pytest.mark.parametrize("name", ["a_i", "a_j", "b1", "gamma1", "k"])
def test_params_rejects_a_scale_outside_the_range_and_names_it(name):
    with pytest.raises(ValueError, match=rf"{name} must lie in \[1e-06, 1e\+06\]"):
        Params(**{name: 1.0001 * HIGH, "b2": 0.0, "gamma2": 0.0})
    with pytest.raises(ValueError, match=rf"{name} must lie in"):
        Params(**{name: 0.9999 * LOW, "b2": 0.0, "gamma2": 0.0})
    batch = ParamsBatch(**{name: [1.0, 2 * HIGH], "b2": 0.0, "gamma2": 0.0})
    assert batch.violations()[0] == "" and batch.violations()[1].startswith(f"{name} must lie")


@pytest.mark.parametrize("name", ["c", "delta_hat"])
def test_the_ends_of_the_range_are_admissible_and_c_and_delta_hat_are_bounded_above(name):
    assert len(_extreme_points()) == 16  # all constructed without error
    Params(**{name: HIGH})
    with pytest.raises(ValueError, match=rf"{name} must be at most 1e\+06"):
        Params(**{name: 2 * HIGH})


def test_the_paper_restriction_is_reported_before_the_range():
    with pytest.raises(ValueError, match="a_i must be positive"):
        Params(a_i=-1e300)


@pytest.mark.parametrize("name", sorted(SINGLE_POINT_SOLVERS))
def test_every_solver_is_finite_or_raises_inside_the_range_without_warning(name):
    solver = SINGLE_POINT_SOLVERS[name]
    outcomes = []
    for point in _sweep_points():
        with warnings.catch_warnings():
            warnings.simplefilter("error", RuntimeWarning)
            try:
                result = solver(point)
            except EquilibriumError:
                outcomes.append("EquilibriumError")
                continue
            except ValueError as error:  # the documented one: asymmetric firms
                assert "a_i" in str(error) and point.a_i != point.a_j, error
                outcomes.append("ValueError")
                continue
        assert _finite(result), (name, point)
        outcomes.append("finite")
    assert "finite" in outcomes  # the sweep reaches the solver's answers, not only its errors


@pytest.mark.parametrize("name", sorted(BATCH_SOLVERS))
def test_every_batch_solver_is_finite_where_ok_without_warning(name):
    points = ParamsBatch.from_params(_sweep_points()).as_dict()
    # flagged entries too: not finite, the paper's restriction violated, outside the range
    extra = {"b2": [math.nan, 2.0, 0.6], "gamma1": [0.06, 0.06, 1e308]}
    for field, values in points.items():
        points[field] = np.concatenate([values, extra.get(field, np.full(3, values[0]))])
    batch = ParamsBatch(**points)
    with warnings.catch_warnings():
        warnings.simplefilter("error", RuntimeWarning)
        result = BATCH_SOLVERS[name](batch)
    decisions = np.column_stack([result.s, result.t, result.p, result.q, result.profit])
    assert np.isfinite(decisions[result.ok]).all()
    assert not result.ok[-3:].any()
    assert result.ok.any()


# ------------------------------------------------------------------- argument types
@pytest.mark.parametrize("name", sorted(SINGLE_POINT_SOLVERS))
@pytest.mark.parametrize(
    "bad", [None, {"b2": 0.5}, "Params()", ParamsBatch()], ids=lambda v: type(v).__name__
)
def test_single_point_solvers_name_a_wrong_argument_type(name, bad):
    with pytest.raises(
        TypeError, match=r"params must be an isacmodel Params, e.g. Params\(b2=0.5\) \(got "
    ):
        SINGLE_POINT_SOLVERS[name](bad)


@pytest.mark.parametrize("name", sorted(BATCH_SOLVERS))
@pytest.mark.parametrize(
    "bad", [None, {"b2": 0.5}, "batch", Params()], ids=lambda v: type(v).__name__
)
def test_batch_solvers_name_a_wrong_argument_type(name, bad):
    with pytest.raises(TypeError, match=r"batch must be an isacmodel ParamsBatch"):
        BATCH_SOLVERS[name](bad)


@pytest.mark.parametrize(
    "value",
    [None, "0.5", [True, False], np.array([True]), [0.5, None], 0.5j, [[0.5]]],
    ids=repr,
)
def test_params_batch_names_the_field_of_a_value_that_is_not_real_numbers(value):
    with pytest.raises(ValueError, match=r"^b2 must be a (real number|scalar)"):
        ParamsBatch(b2=value)


def test_params_batch_names_mismatched_lengths():
    with pytest.raises(ValueError, match=r"one length.*'b1': 3, 'b2': 2"):
        ParamsBatch(b2=[0.1, 0.2], b1=[1.0, 2.0, 3.0])


def test_params_batch_still_flags_a_nan_entry_instead_of_raising():
    assert ParamsBatch(b2=[0.5, math.nan]).violations()[1] == "b2 must be finite (got b2=nan)"


def test_params_takes_a_zero_dimensional_array_as_a_scalar():
    point = Params(b2=np.array(0.5), k=np.array(12))
    assert point == Params(b2=0.5, k=12) and type(point.b2) is float and type(point.k) is int
    with pytest.raises(ValueError, match="b2 must be a real number"):
        Params(b2=np.array(True))


# ------------------------------------------------------------- numeric settings
@pytest.mark.parametrize("grid", [0, 1, -5])
def test_a_grid_too_small_is_named(grid):
    with pytest.raises(ValueError, match=rf"grid must be at least 2 \(got grid={grid}\)"):
        solve_regime_batch(ParamsBatch(), "joint profit", grid=grid)
    with pytest.raises(ValueError, match="check_grid must be at least 2"):
        solve_stackelberg_batch(ParamsBatch(), check_grid=grid)


def test_a_grid_that_is_not_an_integer_is_named():
    with pytest.raises(TypeError, match="grid must be an integer"):
        solve_regime_batch(ParamsBatch(), "joint profit", grid=2.5)
    with pytest.raises(TypeError, match="iterations must be an integer"):
        solve_technology_first_batch(ParamsBatch(), iterations=True)


def test_a_zero_step_is_named():
    with pytest.raises(ValueError, match=r"step must be positive \(got step=0\)"):
        nash.finite_difference_statics(Params(), "b2", step=0)


@pytest.mark.parametrize(
    ("setting", "message"),
    [({"tolerance": math.nan}, "tolerance must be finite"),
     ({"tolerance": 0.0}, "tolerance must be positive"),
     ({"max_rounds": 0}, "max_rounds must be positive"),
     ({"start": (0.1, 0.1, 0.1)}, r"start must have shape \(4,\) \(got shape \(3,\)\)")],
)  # fmt: skip
def test_the_mechanism_names_a_bad_setting(setting, message):
    with pytest.raises(ValueError, match=message):
        solve_mechanism_nash(Params(), **setting)


def test_a_start_with_the_wrong_number_of_rows_is_named():
    with pytest.raises(ValueError, match=r"start must have shape \(2, 4\) \(got shape \(3, 4\)\)"):
        solve_mechanism_batch(ParamsBatch(b2=[0.5, 0.6]), np.full((3, 4), 0.1))


def test_tax_with_reports_names_the_report_the_user_passed():
    with pytest.raises(ValueError, match=r"delta_c_i must lie in \[0, 1\] \(got delta_c_i=5\)"):
        mechanism.tax_with_reports(Params(), 5, 0.5)


# ------------------------------------------------------------- no string reaches eval
_EVALUATED = "__import__('os').environ.__setitem__('ISACMODEL_EVALUATED', 'yes')"


def test_check_family_refuses_a_string():
    with pytest.raises(TypeError, match="sympy expression, not parsed from a string"):
        families.check_family("cost", _EVALUATED)
    assert "ISACMODEL_EVALUATED" not in os.environ
    assert families.check_family("cost", families.COST_FAMILIES["baseline"])


def test_swap_firms_refuses_a_string():
    with pytest.raises(TypeError, match="not a string to parse"):
        model.swap_firms(_EVALUATED)
    assert "ISACMODEL_EVALUATED" not in os.environ
    assert model.swap_firms(sp.Matrix([model.SYM.s_i])) == sp.Matrix([model.SYM.s_j])


@pytest.mark.parametrize("spec", ["baseline", {}, 3], ids=repr)
@pytest.mark.parametrize(
    "solve",
    [lambda spec: solve_nash(Params(), spec), lambda spec: solve_nash_batch(ParamsBatch(), spec),
     lambda spec: solve_social_optimum(Params(), spec),
     lambda spec: solve_regime_batch(ParamsBatch(), "joint profit", spec=spec)],
    ids=["solve_nash", "solve_nash_batch", "solve_social_optimum", "solve_regime_batch"],
)  # fmt: skip
def test_a_spec_that_is_not_a_specification_is_named(solve, spec):
    with pytest.raises(TypeError, match="spec must be an isacmodel.core.families.Specification"):
        solve(spec)


@pytest.mark.parametrize(
    "solve",
    [solve_nash_batch, solve_stackelberg_batch, solve_technology_first_batch,
     lambda batch, spec: solve_regime_batch(batch, "joint profit", spec=spec)],
    ids=["solve_nash_batch", "solve_stackelberg_batch", "solve_technology_first_batch",
         "solve_regime_batch"],
)  # fmt: skip
def test_the_newton_backends_flag_an_inadmissible_entry(solve):
    batch = ParamsBatch(gamma=[0.25, 1.5], rho=[0.5, 0.5])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # optima_newton computes on it first
        result = solve(batch, families.specification(leakage="cosh"))
    assert list(result.ok) == [True, False]
    assert result.reason[1] == "gamma must lie in [0, 1) (got gamma=1.5)"
    assert np.isnan(result.s[1]).all() and np.isfinite(result.s[0]).all()
