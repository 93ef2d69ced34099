"""Section 2.1, numeric: best responses, Nash equilibria, stability and comparative statics."""

import warnings

import numpy as np
import pytest

from isacmodel import Params
from isacmodel.core import model
from isacmodel.core.params import ParamsBatch
from isacmodel.derive import bertrand
from isacmodel.solve import nash
from isacmodel.solve.results import EquilibriumError

BASELINE = Params()
#: Firm i has the larger market (intercept 1.2 against 1.0).
ASYMMETRIC = Params(a_i=1.2, a_j=1.0)
#: Two interior symmetric equilibria (stable, then unstable) and two full-sharing corners.
MULTIPLE = Params(k=2.0, delta_d=0.5, rho=0.5, delta_c=0.5, gamma=0.25, gamma1=0.1)
#: Leakage so cheap that only full sharing is an equilibrium.
CORNER_ONLY = Params(k=3.0, delta_d=0.5, gamma1=0.03)
#: Profit unbounded in investment: the cost is not convex enough.
UNBOUNDED = Params(k=0.1)


def draw_box(n: int, seed: int, asymmetric_share: float = 0.5) -> ParamsBatch:
    """Draw ``n`` admissible points uniformly from a box around the baseline."""
    rng = np.random.default_rng(seed)
    b1 = rng.uniform(0.7, 1.5, n)
    gamma1 = rng.uniform(0.03, 0.3, n)
    leak = rng.uniform(0.0, 0.95, n)  # (gamma2 + gamma3) / gamma1
    split = rng.uniform(0.0, 1.0, n)
    a_i = rng.uniform(0.6, 1.5, n)
    a_j = np.where(rng.uniform(size=n) < asymmetric_share, rng.uniform(0.6, 1.5, n), a_i)
    return ParamsBatch(
        a_i=a_i,
        a_j=a_j,
        b1=b1,
        b2=b1 * rng.uniform(0.1, 0.9, n),
        gamma=rng.uniform(0.0, 0.6, n),
        delta_d=rng.uniform(0.0, 1.0, n),
        delta_c=rng.uniform(0.0, 1.0, n),
        gamma1=gamma1,
        gamma2=gamma1 * leak * split,
        gamma3=gamma1 * leak * (1 - split),
        k=rng.uniform(3.0, 30.0, n),
        rho=rng.uniform(0.0, 0.9, n),
    )


def mirrored(params: Params) -> Params:
    return params.replace(a_i=params.a_j, a_j=params.a_i)


def fixed_cost(params: Params, t_i: float, s_j: float, t_j: float) -> float:
    y_j = params.delta_c * t_j * s_j
    return params.k / 2 * t_i**2 * (1 - params.rho * y_j / (1 + y_j))


# ------------------------------------------------------------------ equilibria
def test_baseline_symmetric_equilibrium():
    eq = nash.solve_nash(BASELINE)
    assert eq.regime == "nash" and eq.params == BASELINE
    assert eq.s == pytest.approx((0.0508, 0.0508), abs=1e-3)
    assert eq.t == pytest.approx((0.0773, 0.0773), abs=1e-3)
    assert eq.s[0] == eq.s[1] and eq.t[0] == eq.t[1]
    assert eq.interior and eq.stable and eq.second_order and eq.global_best_response
    assert eq.residual < 1e-10
    assert 0 <= eq.spectral_radius < 1


@pytest.mark.parametrize("params", [BASELINE, ASYMMETRIC], ids=["symmetric", "asymmetric"])
def test_eq4_equilibrium_profit_is_b1_p_squared_minus_cost(params):
    eq = nash.solve_nash(params)
    for firm, rival, firm_params in ((0, 1, params), (1, 0, mirrored(params))):
        decisions = (eq.s[firm], eq.s[rival], eq.t[firm], eq.t[rival])
        price = model.price_numeric(firm_params, *decisions)
        assert eq.p[firm] == pytest.approx(float(price), rel=1e-12)
        assert eq.q[firm] == pytest.approx(params.b1 * eq.p[firm], rel=1e-12)
        cost = fixed_cost(params, eq.t[firm], eq.s[rival], eq.t[rival])
        assert eq.profit[firm] == pytest.approx(params.b1 * eq.p[firm] ** 2 - cost, rel=1e-12)
        profit = model.profit_numeric(firm_params, *decisions)
        assert eq.profit[firm] == pytest.approx(float(profit), rel=1e-12)


def test_larger_firm_shares_and_invests_more():
    eq = nash.solve_nash(ASYMMETRIC)
    assert eq.interior and eq.stable and eq.second_order and eq.global_best_response
    assert eq.residual < 1e-10
    assert eq.s[0] > eq.s[1] > 0 and eq.t[0] > eq.t[1] > 0
    assert eq.p[0] > eq.p[1] and eq.profit[0] > eq.profit[1]


def test_swapping_the_intercepts_mirrors_the_equilibrium():
    eq, swapped = nash.solve_nash(ASYMMETRIC), nash.solve_nash(mirrored(ASYMMETRIC))
    for name in ("s", "t", "p", "q", "profit"):
        assert getattr(swapped, name)[::-1] == pytest.approx(getattr(eq, name), rel=1e-10)
    assert swapped.spectral_radius == pytest.approx(eq.spectral_radius, rel=1e-8)


def test_several_symmetric_equilibria_are_sorted_and_the_lowest_stable_is_chosen():
    found = nash.nash_equilibria(MULTIPLE)
    investments = [eq.t[0] for eq in found]
    assert investments == sorted(investments)
    interior = [eq for eq in found if eq.interior]
    corners = [eq for eq in found if not eq.interior]
    assert len(interior) == 2 and len(corners) == 2
    assert [eq.stable for eq in interior] == [True, False]
    for eq in interior:
        assert eq.residual < 1e-10 and 0 < eq.s[0] < 1 and eq.s == (eq.s[0], eq.s[0])
    for eq in corners:
        assert eq.s == (1.0, 1.0) and eq.corner == "s_i = s_j = 1"
    assert all(eq.global_best_response for eq in found)
    chosen = nash.solve_nash(MULTIPLE)
    candidates = [eq for eq in interior if eq.stable and eq.second_order]
    assert chosen == min(candidates, key=lambda eq: eq.t[0]) == interior[0]
    batch = nash.solve_nash_batch(ParamsBatch.from_params([MULTIPLE]))
    assert batch.n_equilibria[0] == 2
    assert batch.t[0] == pytest.approx(chosen.t, rel=1e-12)


def test_no_interior_equilibrium_raises_with_what_was_found():
    with pytest.raises(EquilibriumError, match="no stable interior Nash equilibrium") as caught:
        nash.solve_nash(CORNER_ONLY)
    found = caught.value.diagnostics["found"]
    assert found and all(eq.corner == "s_i = s_j = 1" for eq in found)
    assert "corner s_i = s_j = 1" in str(caught.value)
    assert "k=3.0" in str(caught.value)  # the parameter point is named
    with pytest.raises(EquilibriumError) as caught:
        nash.solve_nash(UNBOUNDED, check_global=False)
    assert caught.value.diagnostics == {"found": []}


# -------------------------------------------------------------- best responses
RIVAL_CHOICES = [
    (BASELINE, 0.0, 0.0),
    (BASELINE, 0.05, 0.077),
    (BASELINE, 0.5, 0.3),
    (BASELINE, 1.0, 1.0),
    (ASYMMETRIC, 0.05, 0.08),
    (MULTIPLE, 0.3, 0.8),
    (MULTIPLE, 1.0, 1.47),
    (MULTIPLE, 1.0, 5.0),
]


@pytest.mark.parametrize(("params", "s_j", "t_j"), RIVAL_CHOICES, ids=str)
def test_best_response_beats_a_dense_grid(params, s_j, t_j):
    response = nash.best_response(params, s_j, t_j)
    own = float(model.profit_numeric(params, response.s, s_j, response.t, t_j))
    assert response.profit == pytest.approx(own, rel=1e-12)
    s = np.linspace(0.0, 1.0, 201)
    t = np.linspace(0.0, max(3.0, 4 * response.t), 801)
    grid = model.profit_numeric(params, s[:, None], s_j, t[None, :], t_j)
    best = np.unravel_index(np.argmax(grid), grid.shape)
    assert grid[best] <= response.profit + 1e-12 * max(1.0, abs(response.profit))
    assert response.profit - grid[best] < 1e-4 * max(1.0, abs(response.profit))
    assert abs(s[best[0]] - response.s) <= 2 * (s[1] - s[0])
    assert abs(t[best[1]] - response.t) <= 2 * (t[1] - t[0])
    assert (response.corner == "s_i = 1") == (response.s == 1.0)


@pytest.mark.parametrize(
    ("params", "index"),
    [(BASELINE, 0), (ASYMMETRIC, 0), (MULTIPLE, 0), (MULTIPLE, 1), (MULTIPLE, 2), (MULTIPLE, 3)],
    ids=["baseline", "asymmetric", "multiple-0", "multiple-1", "multiple-2", "multiple-3"],
)
def test_each_firm_is_on_its_reaction_function_at_the_equilibrium(params, index):
    eq = nash.nash_equilibria(params)[index]
    for firm, rival, firm_params in ((0, 1, params), (1, 0, mirrored(params))):
        response = nash.best_response(firm_params, eq.s[rival], eq.t[rival])
        assert response.s == pytest.approx(eq.s[firm], rel=1e-9, abs=1e-12)
        assert response.t == pytest.approx(eq.t[firm], rel=1e-9)
        assert response.profit == pytest.approx(eq.profit[firm], rel=1e-12)


@pytest.mark.parametrize(
    ("s_j", "t_j", "message"),
    [
        (-0.1, 0.1, r"s_j must be finite and in \[0, 1\] \(got s_j=-0.1\)"),
        (1.5, 0.1, r"s_j must be finite and in \[0, 1\] \(got s_j=1.5\)"),
        (np.nan, 0.1, r"s_j must be finite and in \[0, 1\] \(got s_j=nan\)"),
        (0.5, -1.0, r"t_j must be finite and non-negative \(got t_j=-1.0\)"),
        (0.5, np.inf, r"t_j must be finite and non-negative \(got t_j=inf\)"),
    ],
)
def test_best_response_rejects_rival_choices_outside_the_domain(s_j, t_j, message):
    with pytest.raises(ValueError, match=message):
        nash.best_response(BASELINE, s_j, t_j)


def test_best_response_reports_unbounded_profit_with_both_curvatures():
    with pytest.raises(EquilibriumError, match="unbounded in t_i") as caught:
        nash.best_response(UNBOUNDED, 0.5, 0.5)
    diagnostics = caught.value.diagnostics
    assert 0 < diagnostics["curvature"] <= diagnostics["revenue_curvature"]


def test_best_response_wants_params():
    with pytest.raises(TypeError, match="expected a Params"):
        nash.best_response(BASELINE.as_dict(), 0.5, 0.5)  # type: ignore[arg-type]


# -------------------------------------------------------- comparative statics
#: The baseline, the asymmetric point and three random points (two asymmetric).
STATICS_POINTS = [BASELINE, ASYMMETRIC, *(draw_box(3, seed=5).params(i) for i in range(3))]


@pytest.mark.parametrize("variable", bertrand.COMPARATIVE_STATICS_PARAMETERS)
@pytest.mark.parametrize(
    "params", STATICS_POINTS, ids=lambda p: f"a=({p.a_i:.3f},{p.a_j:.3f}),k={p.k:.2f}"
)
def test_implicit_function_theorem_agrees_with_finite_differences(params, variable):
    eq = nash.solve_nash(params, check_global=False)
    exact = nash.comparative_statics(eq, variable)
    numeric = nash.finite_difference_statics(params, variable)
    assert exact.keys() == numeric.keys() == {"s_i", "t_i", "s_j", "t_j"}
    for key, value in exact.items():
        assert value == pytest.approx(numeric[key], rel=1e-6, abs=1e-9), key


@pytest.mark.parametrize("params", [BASELINE, ASYMMETRIC], ids=["symmetric", "asymmetric"])
@pytest.mark.parametrize("variable", ["s_j", "t_j"])
def test_one_firm_statics_is_the_slope_of_the_reaction_function(params, variable):
    eq = nash.solve_nash(params)
    step = 1e-6
    rival = {"s_j": eq.s[1], "t_j": eq.t[1]}
    up = nash.best_response(params, **{**rival, variable: rival[variable] + step})
    down = nash.best_response(params, **{**rival, variable: rival[variable] - step})
    slope = nash.one_firm_statics(eq, variable)
    assert slope["s_i"] == pytest.approx((up.s - down.s) / (2 * step), rel=1e-6, abs=1e-10)
    assert slope["t_i"] == pytest.approx((up.t - down.t) / (2 * step), rel=1e-6, abs=1e-10)
    slopes = nash.reaction_slopes(eq)[0, :, {"s_j": 0, "t_j": 1}[variable]]
    assert slopes[0] == slope["s_i"]
    assert slopes[1] == slope["t_i"]


@pytest.mark.parametrize("variable", bertrand.COMPARATIVE_STATICS_PARAMETERS)
def test_one_firm_statics_moves_the_best_response_with_the_rival_held_fixed(variable):
    eq = nash.solve_nash(ASYMMETRIC)
    names = ("a_i", "a_j") if variable == "a" else (variable,)
    step = 1e-6

    def response(sign: float) -> nash.BestResponse:
        changed = ASYMMETRIC.replace(**{n: getattr(ASYMMETRIC, n) + sign * step for n in names})
        return nash.best_response(changed, eq.s[1], eq.t[1])

    up, down = response(1.0), response(-1.0)
    slope = nash.one_firm_statics(eq, variable)
    assert slope["s_i"] == pytest.approx((up.s - down.s) / (2 * step), rel=1e-6, abs=1e-10)
    assert slope["t_i"] == pytest.approx((up.t - down.t) / (2 * step), rel=1e-6, abs=1e-10)


def test_statics_reject_unknown_variables_and_corners():
    eq = nash.solve_nash(BASELINE)
    with pytest.raises(ValueError, match="variable must be one of .* \\(got 'k'\\)"):
        nash.comparative_statics(eq, "k")
    with pytest.raises(ValueError, match="got 's_j'"):
        nash.finite_difference_statics(BASELINE, "s_j")
    with pytest.raises(ValueError, match="got 'rho'"):
        nash.one_firm_statics(eq, "rho")
    corner = nash.nash_equilibria(CORNER_ONLY)[0]
    with pytest.raises(EquilibriumError, match="interior"):
        nash.comparative_statics(corner, "b1")


# --------------------------------------------------------------- batch solver
def test_batch_agrees_with_solve_nash_point_by_point():
    batch = draw_box(200, seed=2005)
    assert (batch.a_i != batch.a_j).sum() > 80  # asymmetric entries are well represented
    result = nash.solve_nash_batch(batch)
    assert len(result) == 200 and result.ok.mean() > 0.9
    disagreements = []
    for index in range(len(batch)):
        params = batch.params(index)
        try:
            eq = nash.solve_nash(params, check_global=False)
        except EquilibriumError as error:
            if result.ok[index]:
                disagreements.append(f"{index}: batch ok, solve_nash raised {error}")
            continue
        if not result.ok[index]:
            disagreements.append(f"{index}: solve_nash ok, batch says {result.reason[index]!r}")
            continue
        for name in ("s", "t", "p", "q", "profit"):
            got = getattr(result, name)[index]
            assert got == pytest.approx(getattr(eq, name), rel=1e-9, abs=1e-12), (index, name)
        assert result.spectral_radius[index] == pytest.approx(eq.spectral_radius, rel=1e-7)
        assert result.reason[index] == ""
    assert not disagreements, "\n".join(disagreements)


def test_batch_marks_failures_with_nan_and_a_reason():
    batch = draw_box(200, seed=2005)
    result = nash.solve_nash_batch(batch)
    for name in ("s", "t", "p", "q", "profit"):
        values = getattr(result, name)
        assert values.shape == (200, 2)
        assert np.isnan(values[~result.ok]).all() and np.isfinite(values[result.ok]).all()
    assert (result.reason[result.ok] == "").all() and (result.reason[~result.ok] != "").all()
    symmetric = result.ok & (batch.a_i == batch.a_j)
    assert (result.n_equilibria[symmetric] >= 1).all()
    assert (result.n_equilibria[result.ok & (batch.a_i != batch.a_j)] == -1).all()


INADMISSIBLE = [
    {"b2": 1.2},
    {"b2": 2.0},  # 2 b1 - b2 = 0: the symmetric formulas divide by zero
    {"b1": 0.0, "b2": 0.0},
    {"b2": -0.1},
    {"gamma": 1.0},
    {"delta_d": 1.5},
    {"delta_c": -0.2},
    {"gamma1": 0.01},
    {"gamma2": -0.01},
    {"k": 0.0},
    {"k": -1.0},
    {"rho": 1.0},
    {"rho": -1.0},
    {"a_i": 0.0},
    {"a_j": -1.0},
    {"c": 0.0},
]


def test_batch_flags_inadmissible_entries_with_the_params_message():
    fields = {name: [getattr(BASELINE, name)] for case in INADMISSIBLE for name in case}
    for case in INADMISSIBLE:
        for name in fields:
            fields[name].append(case.get(name, getattr(BASELINE, name)))
    result = nash.solve_nash_batch(ParamsBatch(**fields))
    assert result.ok[0] and result.t[0] == pytest.approx(nash.solve_nash(BASELINE).t, rel=1e-12)
    for index, case in enumerate(INADMISSIBLE, start=1):
        with pytest.raises(ValueError) as caught:
            BASELINE.replace(**case)
        assert not result.ok[index]
        assert result.reason[index] == str(caught.value), case
        assert np.isnan(result.s[index]).all()


def test_batch_of_nothing():
    result = nash.solve_nash_batch(ParamsBatch(b1=np.zeros(0)))
    assert len(result) == 0 and result.s.shape == (0, 2)


# ------------------------------------------- root-finding regressions (found by fuzzing)
def test_every_equilibrium_reported_solves_its_first_order_conditions():
    found = nash.nash_equilibria(Params(delta_c=1.0, rho=0.9, k=3.0, delta_d=3.4e-5))
    assert [eq.interior for eq in found] == [True, True]
    for eq in found:
        assert eq.residual < nash.RESIDUAL_TOLERANCE, eq.summary()


def test_an_unpolished_root_does_not_hide_the_equilibrium():
    params = Params(a_i=1.893189914924825, a_j=1.893189914924825, b1=3.6888876475381536,
                    b2=3.161640774812246, gamma=0.30832727434983676, delta_d=3.006657146372268e-08,
                    delta_c=4.2760800013118264e-07, gamma1=0.9803326038344189,
                    gamma2=0.4852512494368272, gamma3=0.430666730847426, k=0.1764314208610706,
                    rho=0.9619578776259512)  # fmt: skip
    (only,) = nash.nash_equilibria(params)
    assert only.interior and only.stable and only.second_order and only.global_best_response
    assert nash.solve_nash(params).t == only.t


# ------------------------------------------------ regressions of bugs found by fuzzing
#: A spurious root of the trimmed quintic (-6.6e4; the full quintic has -4.7e4 +- 4.8e4j
#: there) is "polished" by three Newton steps into t = 3.65, which is not a root.
POLISH_JUMP = Params(a_i=0.7, a_j=0.7, b1=1.7, b2=0.00015, gamma=0.6, delta_d=0.0066,
                     delta_c=1.6e-06, gamma1=0.00015, gamma2=9.5e-05, gamma3=1.4e-05, k=0.74,
                     rho=0.984)  # fmt: skip


def test_polishing_does_not_turn_a_spurious_root_into_an_equilibrium():
    found = nash.nash_equilibria(POLISH_JUMP, check_global=False)
    for eq in found:
        assert eq.residual < nash.RESIDUAL_TOLERANCE, eq.summary()
    interior = [eq for eq in found if eq.interior]
    batch = nash.solve_nash_batch(ParamsBatch.from_params([POLISH_JUMP]))
    assert batch.n_equilibria[0] == len(interior) == 1


def test_asymmetric_branches_are_listed_once():
    params = POLISH_JUMP.replace(a_i=0.6, a_j=0.8)
    found = nash.nash_equilibria(params, check_global=False)
    points = {(round(eq.s[0], 12), round(eq.t[0], 12), round(eq.t[1], 12)) for eq in found}
    assert len(points) == len(found) == 1


#: The lowest stable equilibrium (t = 0.397) is each firm's global best response, but
#: against the unstable one (t = 4.91) the rival's information makes firm i's profit
#: unbounded in t_i.
GLOBAL_CHECK_RAISES = Params(a_i=0.6, a_j=0.6, b1=2.65, b2=0.56, gamma=0.44, delta_d=0.68,
                             delta_c=0.77, gamma1=0.5, gamma2=0.04, gamma3=0.07, k=0.43,
                             rho=0.92)  # fmt: skip


def test_the_global_check_does_not_fail_the_equilibrium_it_is_not_about():
    chosen = nash.solve_nash(GLOBAL_CHECK_RAISES, check_global=False)
    response = nash.best_response(GLOBAL_CHECK_RAISES, chosen.s[1], chosen.t[1])
    assert response.t == pytest.approx(chosen.t[0], rel=1e-9)  # it is a global best response
    checked = nash.solve_nash(GLOBAL_CHECK_RAISES)
    assert checked.t == chosen.t and checked.global_best_response is True


def test_inadmissible_entries_do_not_leak_numpy_warnings():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        result = nash.solve_nash_batch(ParamsBatch(b1=[1.0, 0.0], b2=[0.6, 0.0]))
    assert list(result.ok) == [True, False]
