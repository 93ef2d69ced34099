"""Section 2.2 figures: shapes, plotted data against the solvers, and the findings they show."""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

from isacmodel import Params, ParamsBatch, solve_nash, solve_nash_batch  # noqa: E402
from isacmodel.derive import welfare  # noqa: E402
from isacmodel.figures.welfare import (  # noqa: E402
    REGIME_LABELS,
    SWEEP_REGIMES,
    collusion_figure,
    existence_region_figure,
    held_fixed_figure,
    regime_paths_figure,
    regime_sweep,
    regime_welfare_figure,
    regimes_against_parameter_figure,
)
from isacmodel.solve import optima  # noqa: E402

BASELINE = Params()
SOLVERS = {
    "nash": solve_nash,
    "joint profit": optima.solve_joint_profit,
    "social optimum": optima.solve_social_optimum,
    "collusion": optima.solve_collusion,
}


@pytest.fixture
def close_figures():
    yield
    plt.close("all")


def _by_gid(ax, gid):
    (line,) = [line for line in ax.get_lines() if line.get_gid() == gid]
    return line


def _xy(line):
    return np.asarray(line.get_xdata(), dtype=float), np.asarray(line.get_ydata(), dtype=float)


# ----------------------------------------------------------------- regime_sweep
def test_regime_sweep_orders_the_regimes_at_the_baseline():
    """Proposition 5(ii): market < joint-profit ISA < planner in sharing and investment."""
    data = regime_sweep(BASELINE, "delta_c", [0.25, 0.5, 0.75])
    assert set(data) >= {"values", "assumption_1", *SWEEP_REGIMES}
    for key in ("s", "t"):
        assert np.all(data["nash"][key] < data["joint profit"][key])
        assert np.all(data["joint profit"][key] < data["social optimum"][key])
    assert data["assumption_1"].all()


def test_regime_sweep_agrees_with_the_single_point_solvers():
    data = regime_sweep(BASELINE, "delta_c", [0.5, 1.0])
    for regime, solve in SOLVERS.items():
        eq = solve(BASELINE)
        columns = data[regime]
        assert columns["ok"].all()
        assert columns["s"][0] == pytest.approx(eq.s[0], rel=1e-6)
        assert columns["t"][0] == pytest.approx(eq.t[0], rel=1e-6)
        assert columns["welfare"][0] == pytest.approx(eq.welfare, rel=1e-6)
        assert columns["consumer_surplus"][0] == pytest.approx(eq.consumer_surplus, rel=1e-6)
        assert columns["joint_profit"][0] == pytest.approx(sum(eq.profit), rel=1e-6)
    # at delta_c = 1 the planner shares everything
    assert data["social optimum"]["corner"][1] == "s_i = s_j = 1"


def test_regime_sweep_leaves_gaps_where_an_optimum_does_not_exist():
    data = regime_sweep(BASELINE, "k", [3.0, 10.0])  # planner's boundary: k = 4.59
    planner = data["social optimum"]
    assert list(planner["ok"]) == [False, True]
    assert np.isnan(planner["welfare"][0]) and planner["reason"][0].startswith("unbounded")
    assert data["joint profit"]["ok"].all()


@pytest.mark.parametrize(
    ("name", "values", "match"),
    [
        ("nope", [0.1, 0.2], r"name must be one of \('a', 'b1', 'b2'"),
        ("a_i", [0.1, 0.2], "name must be one of"),
        ("delta_c", [0.5], "at least 2"),
        ("delta_c", 0.5, "at least 2"),
        ("delta_c", [0.1, np.nan], "must be finite"),
        ("delta_c", ["x", "y"], "sequence of numbers"),
        ("b2", [0.5, 1.5], r"b2=1\.5 gives inadmissible parameters: b2 must be smaller than b1"),
    ],
)
def test_regime_sweep_rejects_bad_input(name, values, match):
    with pytest.raises(ValueError, match=match):
        regime_sweep(BASELINE, name, values)


def test_figures_reject_bad_input(close_figures):
    with pytest.raises(ValueError, match="name must be one of"):
        regime_paths_figure(BASELINE, "nope")
    with pytest.raises(ValueError, match="at least 2"):
        regimes_against_parameter_figure(BASELINE, "delta_c", [0.5])
    with pytest.raises(ValueError, match=r"ratios b2/b1 and must lie in \[0, 1\)"):
        collusion_figure(BASELINE, [0.5, 1.2])
    with pytest.raises(ValueError, match="symmetric firms"):
        regime_welfare_figure(Params(a_i=1.2))


# ---------------------------------------------------------------------- figures
def test_regime_paths_figure_plots_the_solved_paths(close_figures):
    values = np.linspace(0.0, 1.0, 5)
    figure = regime_paths_figure(BASELINE, "delta_c", values)
    assert len(figure.axes) == 1
    (ax,) = figure.axes
    batch = ParamsBatch(delta_c=values[[1, 3]])
    solved = {"nash": solve_nash_batch(batch)}
    for regime in ("joint profit", "social optimum"):
        solved[regime] = optima.solve_regime_batch(batch, regime)
    for regime, result in solved.items():
        s, t = _xy(_by_gid(ax, regime))
        assert s[[1, 3]] == pytest.approx(result.s[:, 0], rel=1e-9)
        assert t[[1, 3]] == pytest.approx(result.t[:, 0], rel=1e-9)
        eq = SOLVERS[regime](BASELINE)
        marker = _by_gid(ax, f"{regime} baseline")
        assert _xy(marker)[0][0] == pytest.approx(eq.s[0], rel=1e-6)
        assert _xy(marker)[1][0] == pytest.approx(eq.t[0], rel=1e-6)
    assert "at all 5 values" in ax.get_title()


def test_regime_paths_figure_reports_where_the_ordering_fails(close_figures):
    """For weak substitutes the market invests more than the ISA (Assumption 1 fails there)."""
    figure = regime_paths_figure(BASELINE, "b2")
    (ax,) = figure.axes
    assert ax.get_xscale() == "log"  # the planner's investment spans more than a decade
    title = ax.get_title()
    assert "of the 18 values" in title and "Assumption 1 fails" in title
    market, isa = _xy(_by_gid(ax, "nash"))[1], _xy(_by_gid(ax, "joint profit"))[1]
    assert market[0] > isa[0] and market[-1] < isa[-1]


def test_regimes_against_parameter_figure_shades_where_the_planner_has_no_optimum(
    close_figures,
):
    values = np.linspace(2.5, 25.0, 10)
    figure = regimes_against_parameter_figure(BASELINE, "k", values)
    assert len(figure.axes) == 2
    # the existence margin is linear in k: its root is the planner's boundary (4.59)
    one, two = (welfare.existence_margin(BASELINE.replace(k=k), "social optimum") for k in (1, 2))
    boundary = 1 - one / (two - one)
    for ax, key in zip(figure.axes, ("s", "t"), strict=True):
        (shade,) = [patch for patch in ax.patches if patch.get_gid() == "social optimum missing"]
        assert shade.get_x() == pytest.approx(2.5)
        assert shade.get_x() + shade.get_width() == pytest.approx(boundary, abs=25 / 800)
        planner = _xy(_by_gid(ax, "social optimum"))[1]
        assert np.isnan(planner[values < boundary]).all()
        assert np.isfinite(planner[values > boundary]).all()
        for regime in ("nash", "collusion"):
            eq = SOLVERS[regime](BASELINE.replace(k=float(values[-1])))
            plotted = _xy(_by_gid(ax, regime))[1][-1]
            assert plotted == pytest.approx(getattr(eq, key)[0], rel=1e-6)


def test_regime_welfare_figure_bars_match_the_solvers(close_figures):
    figure = regime_welfare_figure(BASELINE)
    assert len(figure.axes) == 1
    (ax,) = figure.axes
    results = dict(SOLVERS, **{"no sharing": optima.solve_nash_no_sharing})
    texts = {text.get_text() for text in ax.texts}
    for regime, solve in results.items():
        eq = solve(BASELINE)
        bars = [patch for patch in ax.patches if patch.get_gid() == regime]
        expected = [eq.welfare, eq.consumer_surplus, sum(eq.profit)]
        assert [bar.get_height() for bar in bars] == pytest.approx(expected, rel=1e-6)
        assert f"{eq.welfare:.3f}" in texts
    labels = [text.get_text() for text in figure.legends[0].get_texts()]
    order = ("no sharing", "nash", "joint profit", "collusion", "social optimum")
    assert labels == [REGIME_LABELS[regime] for regime in order]


def test_regime_welfare_figure_notes_a_missing_optimum(close_figures):
    figure = regime_welfare_figure(BASELINE.replace(k=4.0))  # planner's boundary: 4.59
    (ax,) = figure.axes
    planner = [patch for patch in ax.patches if patch.get_gid() == "social optimum"]
    assert all(bar.get_height() == 0 for bar in planner)
    assert sum(text.get_text() == "no optimum" for text in ax.texts) == 3


def test_collusion_figure_loss_changes_sign_for_close_substitutes(close_figures):
    """The text says collusion always lowers welfare; for close substitutes it raises it."""
    figure = collusion_figure(BASELINE)
    assert len(figure.axes) == 2
    left, right = figure.axes
    ratio, loss = _xy(_by_gid(right, "loss"))
    assert len(ratio) == 30
    finite = np.isfinite(loss)
    assert (loss[finite] > 0).any() and (loss[finite] < 0).any()
    assert loss[0] > 0 and loss[finite][-1] < 0
    (change,) = [line for line in right.get_lines() if line.get_gid() == "sign change"]
    assert 0.75 < _xy(change)[0][0] < 0.9
    # the colluding ISA's optimum needs k (1 - rho) > 1 / (2 (b1 - b2)): b2/b1 < 0.9 here
    collusive = _xy(_by_gid(left, "collusion"))[1]
    assert np.isnan(collusive[ratio >= 0.9]).all() and np.isfinite(collusive[ratio < 0.89]).all()
    for index in (0, 15):
        point = BASELINE.replace(b2=float(ratio[index]))
        w_jp = optima.solve_joint_profit(point).welfare
        w_c = optima.solve_collusion(point).welfare
        assert _xy(_by_gid(left, "joint profit"))[1][index] == pytest.approx(w_jp, rel=1e-6)
        assert loss[index] == pytest.approx(w_jp - w_c, rel=1e-5)


def test_existence_region_boundaries_match_the_existence_margin(close_figures):
    figure = existence_region_figure(BASELINE, n=41)
    assert len(figure.axes) == 2
    for ax, varied in zip(figure.axes, ("b2", "rho"), strict=True):
        point = _xy(_by_gid(ax, "point"))
        assert point[1][0] == BASELINE.k
        assert point[0][0] == pytest.approx(0.6 if varied == "b2" else BASELINE.rho)
        for regime in ("social optimum", "joint profit", "collusion"):
            x, k = _xy(_by_gid(ax, f"{regime} boundary"))
            for index in (3, 20, 37):
                value = x[index] * BASELINE.b1 if varied == "b2" else x[index]
                for factor, sign in ((0.98, -1), (1.02, 1)):
                    params = BASELINE.replace(**{varied: float(value), "k": float(k[index])
                                                 * factor})  # fmt: skip
                    assert np.sign(welfare.existence_margin(params, regime)) == sign
    # the planner needs the larger k everywhere
    x, planner = _xy(_by_gid(figure.axes[0], "social optimum boundary"))
    assert np.all(planner > _xy(_by_gid(figure.axes[0], "joint profit boundary"))[1])


@pytest.mark.parametrize("delta_c", [0.0, 0.5])
def test_held_fixed_figure_sharing_curves(delta_c, close_figures):
    """With delta_c = 0 the ISA's and the planner's sharing at fixed t coincide; with a cost
    spillover the ISA shares more at every t (the proof's step is reversed)."""
    figure = held_fixed_figure(BASELINE, delta_c=delta_c)
    assert len(figure.axes) == 2
    left, right = figure.axes
    t, isa = _xy(_by_gid(left, "joint profit"))
    planner = _xy(_by_gid(left, "social optimum"))[1]
    if delta_c == 0:
        assert np.max(np.abs(isa - planner)) < 1e-6
    else:
        assert np.all(isa >= planner - 1e-9) and np.max(isa - planner) > 0.05
    point = BASELINE.replace(delta_c=delta_c)
    batch = ParamsBatch(**{**point.as_dict(), "delta_c": np.full(2, delta_c)})
    expected = optima.sharing_at_fixed_investment(batch, "nash", t[[10, 40]])
    assert _xy(_by_gid(left, "nash"))[1][[10, 40]] == pytest.approx(expected, rel=1e-9)
    # each optimum lies on both of its curves
    for regime in optima.PROPOSITION_5_REGIMES:
        s_star, t_star = (float(v[0]) for v in _xy(_by_gid(right, f"{regime} optimum")))
        assert np.interp(t_star, *_xy(_by_gid(left, regime))) == pytest.approx(s_star, abs=2e-3)
        assert np.interp(s_star, *_xy(_by_gid(right, regime))) == pytest.approx(t_star, abs=2e-3)
    # investment with sharing fixed: market < ISA < planner (this step of the proof holds)
    curves = [_xy(_by_gid(right, r))[1] for r in ("nash", "joint profit", "social optimum")]
    assert np.all(curves[0] < curves[1]) and np.all(curves[1] < curves[2])


def test_held_fixed_figure_accepts_fixed_limits(close_figures):
    figure = held_fixed_figure(BASELINE, delta_c=1.0, s_limits=(0, 1), t_limits=(0, 0.5))
    left, right = figure.axes
    assert left.get_xlim() == (0, 0.5) and left.get_ylim() == (0, 1)
    assert right.get_xlim() == (0, 1) and right.get_ylim() == (0, 0.5)
    assert _xy(_by_gid(left, "nash"))[0][-1] == pytest.approx(0.5)
