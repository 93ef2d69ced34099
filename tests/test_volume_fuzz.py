"""Section 4's equilibria over the whole admissible region, checked from first principles.

The second stage is solved here again from the demand system (1) and the marginal
costs :math:`F_i = (c - \\hat\\delta t_j s_j)(1 + t_i^2/2)`, so that every returned
equilibrium can be held to the economic region (both margins positive), to its
first-order conditions and to a brute-force global best response, under the same
rule as the solver's flag: a deviation counts where both firms keep a positive margin.
"""

import numpy as np
from hypothesis import HealthCheck, given, settings

from isacmodel import Params
from isacmodel.solve.results import EquilibriumError
from isacmodel.solve.volume import solve_volume_nash
from tests.first_principles import bertrand_prices, levels
from tests.strategies import valid_params, wide_batch

GRID = 201


def margins_and_profit(p: Params, s_i, s_j, t_i, t_j):
    """Both firms' margins ``p - F`` and firm i's profit ``b1 (p_i - F_i)^2 - k t_i^2/2``."""
    cost_i = (p.c - p.delta_hat * t_j * s_j) * (1 + t_i**2 / 2)
    cost_j = (p.c - p.delta_hat * t_i * s_i) * (1 + t_j**2 / 2)
    level_i, level_j = levels(p, s_i, s_j, t_i, t_j)
    price_i, price_j = bertrand_prices(p, level_i, level_j, cost_i, cost_j)
    margin_i, margin_j = price_i - cost_i, price_j - cost_j
    return margin_i, margin_j, p.b1 * margin_i**2 - p.k * t_i**2 / 2


def best_deviation(p: Params, s: float, t: float) -> float:
    """Firm i's best profit on a grid of its own choices where both margins stay positive."""
    own_s, own_t = np.meshgrid(np.linspace(0, 1, GRID), np.linspace(0, max(4 * t, 2.0), GRID))
    margin_i, margin_j, profit = margins_and_profit(p, own_s, s, own_t, t)
    return float(np.where((margin_i > 0) & (margin_j > 0), profit, -np.inf).max())


def check_equilibrium(point: Params) -> str:
    """Solve section 4 at ``point`` and hold the result to the rules; return the outcome."""
    point = point.replace(delta_c=0.0)
    try:
        eq = solve_volume_nash(point)
    except EquilibriumError as error:
        assert str(error).startswith("no section-4 equilibrium"), str(error)
        return "no equilibrium"
    s, t = eq.s[0], eq.t[0]
    margin_i, margin_j, profit = margins_and_profit(point, s, s, t, t)
    assert margin_i > 0 and margin_j > 0 and min(eq.q) > 0, eq.summary()
    assert np.isclose(profit, eq.profit[0], rtol=1e-9, atol=1e-12)
    h = 1e-6
    low = max(t - h, 0.0)
    slope_t = (margins_and_profit(point, s, s, t + h, t)[2]
               - margins_and_profit(point, s, s, low, t)[2]) / (t + h - low)  # fmt: skip
    assert abs(slope_t) <= 1e-5 * max(1.0, abs(profit)), slope_t
    if 0 < s < 1:
        slope_s = (margins_and_profit(point, s + h, s, t, t)[2]
                   - margins_and_profit(point, s - h, s, t, t)[2]) / (2 * h)  # fmt: skip
        assert abs(slope_s) <= 1e-5 * max(1.0, abs(profit)), slope_s
    best = best_deviation(point, s, t)
    beaten = best > profit + 1e-9 * max(1.0, abs(profit))
    assert eq.global_best_response is not beaten, (eq.summary(), best - profit)
    return "not global" if beaten else "global"


@settings(max_examples=150, derandomize=True, deadline=None, database=None,
          suppress_health_check=[HealthCheck.too_slow])  # fmt: skip
@given(valid_params(symmetric=True))
def test_every_volume_equilibrium_is_economic_stationary_and_its_global_flag_right(point):
    check_equilibrium(point)


def test_uniform_wide_draws_reach_many_equilibria():
    """The same rules over 120 uniform draws of the wide box; most of them have an equilibrium."""
    batch = wide_batch(120, seed=4)
    columns = batch.as_dict()
    points = [
        Params(**{name: float(v[i]) for name, v in columns.items()}) for i in range(len(batch))
    ]
    outcomes = [check_equilibrium(point) for point in points]
    assert outcomes.count("global") > 30, outcomes
