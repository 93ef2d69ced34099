"""Fuzzing the section-2.1 solvers: bad input is named, good input solves or fails cleanly.

Hypothesis runs derandomized (seeded), so CI sees the same examples every time.
"""

import math

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from isacmodel import Params
from isacmodel.core.params import FIELD_NAMES, ParamsBatch
from isacmodel.solve import nash
from isacmodel.solve.results import EquilibriumError
from tests.strategies import valid_params

FUZZ = settings(
    max_examples=1000,
    derandomize=True,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)


def below(bound: float) -> st.SearchStrategy[float]:
    return st.floats(max_value=bound, exclude_max=True, allow_nan=False)


def above(bound: float) -> st.SearchStrategy[float]:
    return st.floats(min_value=bound, exclude_min=True, allow_nan=False)


def outside_domain(field: str, point: Params) -> st.SearchStrategy[float]:
    """Values of ``field`` that make ``point`` inadmissible (others fixed), nan and inf included."""
    finite_bad = {
        "a_i": st.floats(max_value=0.0),
        "a_j": st.floats(max_value=0.0),
        "b1": st.floats(max_value=0.0),
        "b2": st.one_of(below(0.0), st.floats(min_value=point.b1)),
        "gamma": st.one_of(below(0.0), st.floats(min_value=1.0)),
        "delta_d": st.one_of(below(0.0), above(1.0)),
        "delta_c": st.one_of(below(0.0), above(1.0)),
        "gamma1": st.floats(max_value=point.gamma2 + point.gamma3),
        "gamma2": below(0.0),
        "gamma3": below(0.0),
        "k": st.floats(max_value=0.0),
        "rho": st.one_of(below(0.0), st.floats(min_value=1.0)),
        "c": st.floats(max_value=0.0),
        "delta_hat": below(0.0),
    }[field]
    return st.one_of(finite_bad, st.sampled_from([math.nan, math.inf, -math.inf]))


@st.composite
def invalid_change(draw) -> tuple[Params, str, float]:
    point = draw(valid_params())
    field = draw(st.sampled_from(FIELD_NAMES))
    return point, field, draw(outside_domain(field, point))


# ------------------------------------------------------- (1) invalid parameters
@FUZZ
@given(invalid_change())
def test_one_field_out_of_its_domain_raises_a_value_error_naming_it(change):
    point, field, value = change
    with pytest.raises(ValueError) as caught:
        point.replace(**{field: value})
    message = str(caught.value)
    assert message.startswith(f"{field} must"), message
    assert "\n" not in message
    if math.isfinite(value):
        # the batch validates with the same table and says the same thing, solver included
        batch = ParamsBatch(**{**point.as_dict(), field: [value]})
        assert batch.violations()[0] == message
        result = nash.solve_nash_batch(batch)
        assert not result.ok[0] and result.reason[0] == message


# ---------------------------------------------------------- (2) valid parameters
def assert_checked_equilibrium(eq) -> None:
    values = [*eq.s, *eq.t, *eq.p, *eq.q, *eq.profit, eq.residual, eq.spectral_radius]
    assert all(math.isfinite(v) for v in values), eq
    assert all(0 < s < 1 for s in eq.s), eq
    assert all(t > 0 for t in eq.t) and all(p > 0 for p in eq.p), eq
    assert eq.residual < 1e-8, eq
    assert eq.second_order is True and eq.stable is True and eq.interior, eq


@FUZZ
@given(valid_params())
def test_valid_parameters_give_a_checked_equilibrium_or_an_equilibrium_error(params):
    batch = nash.solve_nash_batch(ParamsBatch.from_params([params]))
    try:
        eq = nash.solve_nash(params, check_global=False)
    except EquilibriumError as error:
        assert "no stable interior Nash equilibrium" in str(error)
        assert isinstance(error.diagnostics["found"], list)
        assert not batch.ok[0], f"the batch found s={batch.s[0]}, t={batch.t[0]}; solve_nash not"
        return
    assert_checked_equilibrium(eq)
    assert eq.global_best_response is None
    assert batch.ok[0], f"solve_nash found {eq.summary()}; the batch says {batch.reason[0]!r}"
    assert batch.t[0] == pytest.approx(eq.t, rel=1e-9, abs=1e-12)
    assert batch.s[0] == pytest.approx(eq.s, rel=1e-9, abs=1e-12)


@settings(FUZZ, max_examples=200)
@given(valid_params())
def test_every_equilibrium_listed_is_distinct_sorted_and_solves_its_conditions(params):
    found = nash.nash_equilibria(params, check_global=False)
    investments = [eq.t[0] for eq in found]
    assert investments == sorted(investments)
    points = {(eq.corner, *eq.s, *eq.t) for eq in found}
    assert len(points) == len(found), [eq.summary() for eq in found]
    for eq in found:
        scale = max(1.0, params.k * max(eq.t))  # H_i is of the order of f_t = k t
        assert eq.residual < nash.RESIDUAL_TOLERANCE * scale, eq.summary()
        assert all(0 <= s <= 1 for s in eq.s) and all(t > 0 for t in eq.t), eq.summary()


# Found by the fuzzing above, fixed, kept as regressions.
def test_subnormal_sharing_slope_is_the_no_sharing_corner():
    """kappa = 6.7e-324 > 0 once passed as interior sharing, though s = kappa t was 0.0."""
    params = Params(b1=1.5, b2=1e-323, gamma=0.0, delta_d=1.0, delta_c=0.0, gamma1=0.5,
                    gamma2=0.0, k=1.0, rho=0.0)  # fmt: skip
    batch = nash.solve_nash_batch(ParamsBatch.from_params([params]))
    assert batch.reason[0].startswith("sharing at a corner")
    with pytest.raises(EquilibriumError, match="corner s_i = s_j = 0"):
        nash.solve_nash(params, check_global=False)


def test_asymmetric_no_sharing_point_is_not_interior_in_the_batch():
    """The batch once continued it by Newton's method to s = (3.4e-49, 8.6e-50), 'ok'."""
    params = Params(a_i=2.0, a_j=1.0, b2=0.0, gamma=0.0, delta_d=0.0, delta_c=1.0,
                    gamma1=0.0078125, gamma2=0.0, gamma3=0.00390625, k=25.0)  # fmt: skip
    with pytest.raises(EquilibriumError):
        nash.solve_nash(params, check_global=False)
    batch = nash.solve_nash_batch(ParamsBatch.from_params([params]))
    assert not batch.ok[0], f"batch ok with s = {batch.s[0]}"


@settings(FUZZ, max_examples=200)
@given(valid_params())
def test_valid_parameters_with_the_global_check(params):
    try:
        eq = nash.solve_nash(params)
    except EquilibriumError:
        return
    assert_checked_equilibrium(eq)
    assert eq.global_best_response in (True, False)


# ------------------------------------------------------ (3) non-finite entries
NON_FINITE = [math.nan, math.inf, -math.inf]


def non_finite_cases():
    for field in FIELD_NAMES:
        for value in NON_FINITE:
            yield pytest.param(field, value, id=f"{field}={value}")


@pytest.mark.parametrize(("field", "value"), list(non_finite_cases()))
def test_batch_flags_a_non_finite_entry_naming_the_field(field, value):
    batch = ParamsBatch(**{field: [getattr(Params(), field), value]})
    result = nash.solve_nash_batch(batch)
    assert result.ok[0] and not result.ok[1]
    assert result.reason[1] == batch.violations()[1]
    assert field in result.reason[1] and str(value) in result.reason[1], result.reason[1]
    assert np.isnan(result.s[1]).all()


def test_batch_message_for_a_non_finite_entry_is_the_params_message():
    differ = []
    for field in FIELD_NAMES:
        for value in NON_FINITE:
            with pytest.raises(ValueError) as caught:
                Params(**{field: value})
            message = ParamsBatch(**{field: [value]}).violations()[0]
            if message != str(caught.value):
                differ.append(f"{message!r} != {str(caught.value)!r}")
    assert not differ, "\n".join(differ)


@settings(FUZZ, max_examples=200)  # each example solves two batches of up to five points
@given(
    st.lists(valid_params(), min_size=1, max_size=4),
    st.sampled_from(FIELD_NAMES),
    st.sampled_from(NON_FINITE),
    st.data(),
)
def test_a_non_finite_entry_is_flagged_and_leaves_the_rest_of_the_batch_alone(
    points, field, value, data
):
    position = data.draw(st.integers(0, len(points)))
    clean = ParamsBatch.from_params(points)
    values = {name: np.insert(array, position, getattr(Params(), name)) for name, array in
              clean.as_dict().items()}  # fmt: skip
    values[field][position] = value
    result = nash.solve_nash_batch(ParamsBatch(**values))
    assert not result.ok[position]
    assert field in result.reason[position] and str(value) in result.reason[position]
    expected = nash.solve_nash_batch(clean)
    others = np.delete(np.arange(len(points) + 1), position)
    assert (result.ok[others] == expected.ok).all()
    np.testing.assert_array_equal(result.t[others], expected.t)
