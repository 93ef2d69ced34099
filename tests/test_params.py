"""Params: baseline defaults, validation with clear messages, Assumptions 1 and 2."""

import math

import numpy as np
import pytest
import sympy as sp

from isacmodel import Params
from isacmodel.core.model import SYM
from isacmodel.core.params import ParamsBatch, assumption_1_bound

BAD_VALUES = [
    ({"b2": 1.2}, "b2 must be smaller than b1 (got b2=1.2, b1=1.0)"),
    ({"b1": 0.0, "b2": 0.0}, "b1 must be positive (got b1=0.0)"),
    ({"b2": -0.1}, "b2 must be non-negative (got b2=-0.1)"),
    ({"gamma": 1.0}, "gamma must lie in [0, 1) (got gamma=1.0)"),
    ({"gamma": -0.1}, "gamma must lie in [0, 1) (got gamma=-0.1)"),
    ({"delta_d": 1.5}, "delta_d must lie in [0, 1] (got delta_d=1.5)"),
    ({"delta_c": -0.2}, "delta_c must lie in [0, 1] (got delta_c=-0.2)"),
    (
        {"gamma1": 0.01},
        "gamma1 must exceed gamma2 + gamma3 (got gamma1=0.01, gamma2 + gamma3=0.01)",
    ),
    ({"gamma2": -0.01}, "gamma2 must be non-negative (got gamma2=-0.01)"),
    ({"gamma3": -0.01}, "gamma3 must be non-negative (got gamma3=-0.01)"),
    ({"k": 0.0}, "k must be positive (got k=0.0)"),
    ({"rho": 1.0}, "rho must lie in [0, 1) (got rho=1.0)"),
    ({"c": 0.0}, "c must be positive (got c=0.0)"),
    ({"delta_hat": -1.0}, "delta_hat must be non-negative (got delta_hat=-1.0)"),
    ({"a_i": 0.0}, "a_i must be positive (got a_i=0.0)"),
    ({"a_j": -1.0}, "a_j must be positive (got a_j=-1.0)"),
    ({"k": math.nan}, "k must be finite (got k=nan)"),
    ({"b1": math.inf}, "b1 must be finite (got b1=inf)"),
    ({"gamma": "0.2"}, "gamma must be a real number (got gamma='0.2')"),
    ({"rho": True}, "rho must be a real number (got rho=True)"),
]


@pytest.mark.parametrize(("changes", "message"), BAD_VALUES, ids=lambda v: str(v)[:40])
def test_each_violated_condition_is_named_with_its_values(changes, message):
    with pytest.raises(ValueError) as caught:
        Params(**changes)
    assert str(caught.value) == message
    assert "\n" not in str(caught.value)


def test_baseline_is_admissible_and_immutable():
    p = Params()
    assert p.violations() == []
    with pytest.raises(AttributeError):
        p.b1 = 2.0  # type: ignore[misc]


def test_replace_validates_again():
    assert Params().replace(b2=0.7).b2 == 0.7
    with pytest.raises(ValueError, match="b2 must be smaller than b1"):
        Params().replace(b2=1.0)


def test_numpy_scalars_are_accepted():
    np = pytest.importorskip("numpy")
    assert Params(b2=np.float64(0.3), k=np.int64(5)).k == 5


def test_assumption_1_slack_is_gamma_bar_minus_gamma():
    p = Params(gamma=0.3, delta_d=0.4, b1=1.0, b2=0.5)
    check = p.assumption_1(0.5, 0.2)  # min(s) = 0.2 -> bound 0.08 + 0.25 = 0.33
    assert check.holds and check.slack == pytest.approx(0.03)
    assert not p.assumption_1(0.0, 0.9).holds  # bound 0.25 < gamma


def test_assumption_2_threshold_separates_holding_from_failing():
    p = Params()
    t_bar = p.assumption_2_t_bar()
    expected = (2 * p.b1 * (2 * p.gamma1 - p.gamma3) - p.b2 * (2 * p.gamma2 + p.gamma3)) / (
        p.b2 * p.delta_d
    )
    assert t_bar == pytest.approx(expected)
    zero_part, full_part = p.assumption_2(0.99 * t_bar)
    assert zero_part.holds and full_part.holds
    assert not p.assumption_2(1.01 * t_bar)[1].holds
    assert p.assumption_2_margin(1.0, t_bar) == pytest.approx(0.0, abs=1e-12)
    assert not p.assumption_2(0.0)[0].holds  # no investment, no spillover to outweigh leakage


def test_assumption_2_threshold_is_infinite_without_spillover():
    assert Params(delta_d=0.0).assumption_2_t_bar() == math.inf


@pytest.mark.parametrize(("s_i", "s_j"), [(-0.1, 0.5), (0.5, 1.5), (math.nan, 0.5)])
def test_assumption_1_rejects_sharing_outside_unit_interval(s_i, s_j):
    with pytest.raises(ValueError, match="must"):
        Params().assumption_1(s_i, s_j)


def test_assumption_2_rejects_negative_investment():
    with pytest.raises(ValueError, match=r"t_i must be non-negative \(got t_i=-1\)"):
        Params().assumption_2(-1)


def test_assumption_1_bound_is_one_formula_for_floats_arrays_and_symbols():
    p = Params(delta_d=0.4, b2=0.5)
    assert p.gamma_bar(0.5, 0.2) == assumption_1_bound(p, 0.2) == 0.4 * 0.2 + 0.5 / 2
    batch = ParamsBatch(delta_d=[0.4, 0.1], b2=[0.5, 0.3])
    s = np.array([[0.5, 0.2], [0.1, 0.9]])
    expected = batch.delta_d * np.min(s, axis=1) + batch.b2 / (2 * batch.b1)
    assert np.array_equal(batch.gamma_bar(s[:, 0], s[:, 1]), expected)
    symbolic = assumption_1_bound(SYM, SYM.s_j)
    assert sp.simplify(symbolic - (SYM.delta_d * SYM.s_j + SYM.b2 / (2 * SYM.b1))) == 0
