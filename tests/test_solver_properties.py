"""Sections 2.1 and 3 over the whole admissible region, checked from first principles.

The second stage (Bertrand prices from the demand system (1), zero marginal cost) and
the reduced profit :math:`b_1 p_i^2 - f(t_i, \\delta_c s_j t_j)` are written here again,
so that every returned equilibrium of the Bertrand-Nash, no-sharing, leader-follower
and technology-first games can be held to the economic region (both prices positive),
to its first-order conditions and to a brute-force global best response under the
rule the solvers use: a deviation counts where both firms keep a positive price.
"""

import numpy as np
from hypothesis import HealthCheck, given, settings

from isacmodel import Params
from isacmodel.solve import mechanism, nash, optima, sequential
from isacmodel.solve.results import EquilibriumError
from tests.first_principles import bertrand_prices, levels
from tests.strategies import valid_params, wide_batch

GRID = 201
SWEEP = settings(max_examples=120, derandomize=True, deadline=None, database=None,
                 suppress_health_check=[HealthCheck.too_slow])  # fmt: skip


def prices_and_profit(p: Params, s_i, s_j, t_i, t_j):
    """Both Bertrand prices and firm i's profit, from the primitives."""
    price_i, price_j = bertrand_prices(p, *levels(p, s_i, s_j, t_i, t_j))
    spill = p.delta_c * s_j * t_j
    cost = p.k * t_i**2 / 2 * (1 - p.rho * spill / (1 + spill))
    return price_i, price_j, p.b1 * price_i**2 - cost


def best_deviation(p: Params, s_j: float, t_j: float, t_scale: float) -> float:
    """Firm i's best profit on a grid of own choices where both prices stay positive."""
    own_s, own_t = np.meshgrid(np.linspace(0, 1, GRID), np.linspace(0, max(4 * t_scale, 2.0), GRID))
    price_i, price_j, profit = prices_and_profit(p, own_s, s_j, own_t, t_j)
    return float(np.where((price_i > 0) & (price_j > 0), profit, -np.inf).max())


def slopes(p: Params, s_i, s_j, t_i, t_j, h: float = 1e-6) -> tuple[float, float]:
    """Central differences of firm i's profit in its own sharing and investment."""
    profit = lambda *x: prices_and_profit(p, *x)[2]  # noqa: E731
    low_t, low_s, high_s = max(t_i - h, 0.0), max(s_i - h, 0.0), min(s_i + h, 1.0)
    d_t = (profit(s_i, s_j, t_i + h, t_j) - profit(s_i, s_j, low_t, t_j)) / (t_i + h - low_t)
    d_s = (profit(high_s, s_j, t_i, t_j) - profit(low_s, s_j, t_i, t_j)) / (high_s - low_s)
    return d_s, d_t


def swap(p: Params) -> Params:
    return p.replace(a_i=p.a_j, a_j=p.a_i)


def assert_each_firm_best_responds(p: Params, eq) -> bool:
    """Both prices positive, both firms' conditions, and return whether no deviation pays."""
    beaten = False
    for firm, point in ((0, p), (1, swap(p))):
        rival = 1 - firm
        s_i, s_j, t_i, t_j = eq.s[firm], eq.s[rival], eq.t[firm], eq.t[rival]
        price_i, price_j, profit = prices_and_profit(point, s_i, s_j, t_i, t_j)
        assert price_i > 0 and price_j > 0, eq.summary()
        assert np.isclose(price_i, eq.p[firm], rtol=1e-8), (price_i, eq.summary())
        assert np.isclose(profit, eq.profit[firm], rtol=1e-8, atol=1e-12), eq.summary()
        d_s, d_t = slopes(point, s_i, s_j, t_i, t_j)
        scale = max(1.0, abs(profit))
        assert abs(d_t) <= 1e-5 * scale, (d_t, eq.summary())
        if 0 < s_i < 1:
            assert abs(d_s) <= 1e-5 * scale, (d_s, eq.summary())
        best = best_deviation(point, s_j, t_j, t_i)
        beaten |= best > profit + 1e-9 * scale
    return beaten


@SWEEP
@given(valid_params())
def test_every_nash_equilibrium_is_economic_stationary_and_its_global_flag_right(point):
    try:
        eq = nash.solve_nash(point)
    except EquilibriumError as error:
        assert "no stable interior Nash equilibrium" in str(error), str(error)
        return
    beaten = assert_each_firm_best_responds(point, eq)
    if eq.global_best_response:
        assert not beaten, eq.summary()


@SWEEP
@given(valid_params(symmetric=True))
def test_the_no_sharing_equilibrium_is_economic_and_stationary(point):
    try:
        eq = optima.solve_nash_no_sharing(point)
    except EquilibriumError as error:
        assert "not concave" in str(error), str(error)
        return
    for firm in (0, 1):
        price_i, price_j, profit = prices_and_profit(point, 0.0, 0.0, eq.t[firm], eq.t[1 - firm])
        assert price_i > 0 and price_j > 0, eq.summary()
        assert np.isclose(profit, eq.profit[firm], rtol=1e-8, atol=1e-12)
        d_t = slopes(point, 0.0, 0.0, eq.t[firm], eq.t[1 - firm])[1]
        assert abs(d_t) <= 1e-5 * max(1.0, abs(profit)), (d_t, eq.summary())


def test_uniform_wide_draws_reach_many_nash_equilibria():
    """The same rules over 150 uniform draws of the wide box (asymmetric firms included)."""
    batch = wide_batch(150, seed=5, symmetric=False)
    columns = batch.as_dict()
    checked = 0
    for i in range(len(batch)):
        point = Params(**{name: float(v[i]) for name, v in columns.items()})
        try:
            eq = nash.solve_nash(point)
        except EquilibriumError:
            continue
        beaten = assert_each_firm_best_responds(point, eq)
        assert not (eq.global_best_response and beaten), eq.summary()
        checked += 1
    assert checked > 100, checked


def follower_response(p: Params, s_i, t_i, t_scale: float) -> tuple[np.ndarray, np.ndarray]:
    """Firm j's best ``(s_j, t_j)`` against each leader choice: a grid, then a finer one."""
    mirrored = swap(p)
    s_i, t_i = np.asarray(s_i)[..., None], np.asarray(t_i)[..., None]
    low_s, high_s = np.zeros_like(s_i), np.ones_like(s_i)
    low_t, high_t = np.zeros_like(t_i), np.full_like(t_i, max(4 * t_scale, 2.0))
    for _ in range(3):  # zoom in twice around the best point
        own_s = low_s + (high_s - low_s) * np.linspace(0, 1, 41)[:, None].repeat(41, 1).ravel()
        own_t = low_t + (high_t - low_t) * np.linspace(0, 1, 41)[None, :].repeat(41, 0).ravel()
        price_j, price_i, profit = prices_and_profit(mirrored, own_s, s_i, own_t, t_i)
        profit = np.where((price_j > 0) & (price_i > 0), profit, -np.inf)
        best = np.argmax(profit, axis=-1)[..., None]
        s_j = np.take_along_axis(own_s, best, -1)
        t_j = np.take_along_axis(own_t, best, -1)
        step_s, step_t = (high_s - low_s) / 40, (high_t - low_t) / 40
        low_s, high_s = np.maximum(s_j - 2 * step_s, 0), np.minimum(s_j + 2 * step_s, 1)
        low_t, high_t = np.maximum(t_j - 2 * step_t, 0), t_j + 2 * step_t
    return s_j[..., 0], t_j[..., 0]


@settings(SWEEP, max_examples=40)
@given(valid_params())
def test_every_leader_follower_equilibrium_is_economic_and_both_firms_best_respond(point):
    try:
        eq = sequential.solve_stackelberg(point)
    except EquilibriumError:
        return
    s_i, s_j, t_i, t_j = eq.s[0], eq.s[1], eq.t[0], eq.t[1]
    price_i, price_j, leader = prices_and_profit(point, s_i, s_j, t_i, t_j)
    assert price_i > 0 and price_j > 0, eq.summary()
    assert np.isclose(leader, eq.profit[0], rtol=1e-8, atol=1e-12), eq.summary()
    # the follower: its conditions and no better grid choice
    follower = prices_and_profit(swap(point), s_j, s_i, t_j, t_i)[2]
    d_s, d_t = slopes(swap(point), s_j, s_i, t_j, t_i)
    scale = max(1.0, abs(follower))
    assert abs(d_t) <= 1e-5 * scale and (not 0 < s_j < 1 or abs(d_s) <= 1e-5 * scale)
    assert best_deviation(swap(point), s_i, t_i, t_j) <= follower + 1e-9 * scale
    # the leader: no grid choice pays more once the follower responds to it
    grid_s, grid_t = np.meshgrid(np.linspace(0, 1, 21), np.linspace(0, max(4 * t_i, 2.0), 21))
    response_s, response_t = follower_response(point, grid_s.ravel(), grid_t.ravel(), t_j)
    prices = prices_and_profit(point, grid_s.ravel(), response_s, grid_t.ravel(), response_t)
    payoff = np.where((prices[0] > 0) & (prices[1] > 0), prices[2], -np.inf)
    assert payoff.max() <= leader + 1e-4 * max(1.0, abs(leader)), (payoff.max(), eq.summary())


@SWEEP
@given(valid_params(symmetric=True))
def test_technology_first_sharing_is_a_stage_two_equilibrium_at_positive_prices(point):
    try:
        eq = sequential.solve_technology_first(point)
    except EquilibriumError:
        return
    for firm in (0, 1):
        rival = 1 - firm
        s_i, s_j, t_i, t_j = eq.s[firm], eq.s[rival], eq.t[firm], eq.t[rival]
        price_i, price_j, profit = prices_and_profit(point, s_i, s_j, t_i, t_j)
        assert price_i > 0 and price_j > 0, eq.summary()
        # investments fixed, each firm's sharing is its best on [0, 1]
        own = np.linspace(0, 1, 2001)
        prices = prices_and_profit(point, own, s_j, t_i, t_j)
        best = np.where((prices[0] > 0) & (prices[1] > 0), prices[2], -np.inf).max()
        assert best <= profit + 1e-9 * max(1.0, abs(profit)), (best - profit, eq.summary())


def welfare(p: Params, s_i, s_j, t_i, t_j):
    """Gross utility at the Bertrand quantities minus both fixed costs, from the primitives.

    With demand ``q = L - M p`` (``M = [[b1, -b2], [-b2, b1]]``) the gross utility is
    ``q . M^-1 L - q . M^-1 q / 2``, whose gradient is the inverse demand.
    """
    level_i, level_j = levels(p, s_i, s_j, t_i, t_j)
    price_i, price_j = bertrand_prices(p, level_i, level_j)
    q_i, q_j = p.b1 * price_i, p.b1 * price_j
    det = p.b1**2 - p.b2**2
    inverse = lambda x, y: ((p.b1 * x + p.b2 * y) / det, (p.b2 * x + p.b1 * y) / det)  # noqa: E731
    m_l, m_q = inverse(level_i, level_j), inverse(q_i, q_j)
    utility = q_i * m_l[0] + q_j * m_l[1] - (q_i * m_q[0] + q_j * m_q[1]) / 2
    spill_j, spill_i = p.delta_c * s_j * t_j, p.delta_c * s_i * t_i
    cost_i = p.k * t_i**2 / 2 * (1 - p.rho * spill_j / (1 + spill_j))
    cost_j = p.k * t_j**2 / 2 * (1 - p.rho * spill_i / (1 + spill_i))
    return utility - cost_i - cost_j, price_i, price_j


@settings(SWEEP, max_examples=40)
@given(valid_params())
def test_under_the_mechanism_each_firm_maximises_welfare_in_its_own_choices(point):
    """Appendix B: a firm's payoff plus subsidy is welfare, so each maximises welfare."""
    try:
        eq = mechanism.solve_mechanism_nash(point)
    except EquilibriumError:
        return
    except ValueError as error:  # documented: the tax needs the planner's symmetric optimum
        assert point.a_i != point.a_j and "symmetric firms" in str(error), str(error)
        return
    for firm, p in ((0, point), (1, swap(point))):
        rival = 1 - firm
        s_i, s_j, t_i, t_j = eq.s[firm], eq.s[rival], eq.t[firm], eq.t[rival]
        value, price_i, price_j = welfare(p, s_i, s_j, t_i, t_j)
        assert price_i > 0 and price_j > 0, eq.summary()
        own_s, own_t = np.meshgrid(np.linspace(0, 1, GRID), np.linspace(0, max(4 * t_i, 2.0), GRID))
        grid, grid_i, grid_j = welfare(p, own_s, s_j, own_t, t_j)
        best = np.where((grid_i > 0) & (grid_j > 0), grid, -np.inf).max()
        assert best <= value + 1e-7 * max(1.0, abs(value)), (best - value, eq.summary())
