"""Section 4 figures: plotted data against the solvers, and what they show at the defaults."""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

from isacmodel import Params  # noqa: E402
from isacmodel.core.params import ParamsBatch  # noqa: E402
from isacmodel.figures.sweeps import point_batch  # noqa: E402
from isacmodel.figures.volume import (  # noqa: E402
    SIGN_CATEGORIES,
    fixed_vs_volume_figure,
    reaction_curves_figure,
    sign_map_counts,
    sign_map_data,
    sign_map_figure,
    volume_paths,
    volume_paths_figure,
)
from isacmodel.solve import nash, volume  # noqa: E402

BASELINE = Params()
CHEAP = Params().replace(k=1.0)
REACTION = Params().replace(gamma3=0.02, delta_d=0.5)


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


@pytest.fixture(scope="module")
def baseline_paths():
    return volume_paths(BASELINE, np.linspace(0.0, 0.8, 41), [0.25, 0.5, 0.75])


@pytest.fixture(scope="module")
def maps():
    return {"baseline": sign_map_data(BASELINE), "cheap": sign_map_data(CHEAP)}


def _by_gid(ax, gid):
    (line,) = [line for line in ax.get_lines() if line.get_gid() == gid]
    return line


def _xy(line):
    return np.asarray(line.get_xdata(), dtype=float), np.asarray(line.get_ydata(), dtype=float)


def _no_sharing_investment(params):
    """The symmetric investment without sharing: the same for every delta_d and delta_hat."""
    eq = volume.solve_volume_nash(params.replace(delta_d=0.0), check_global=False)
    assert eq.corner == "s_i = s_j = 0"
    return eq.t[0]


# ------------------------------------------------------------------ volume_paths
def test_volume_paths_agree_with_the_single_point_solver(baseline_paths):
    data = baseline_paths
    assert data["s"].shape == data["t"].shape == data["threshold"].shape == (3, 41)
    assert data["ok"].all()
    for row, column in ((0, 5), (1, 15), (2, 30), (0, 40)):
        point = BASELINE.replace(delta_d=float(data["delta_d"][row]),
                                 delta_hat=float(data["delta_hat"][column]))  # fmt: skip
        eq = volume.solve_volume_nash(point, check_global=False)
        assert data["s"][row, column] == pytest.approx(eq.s[0], abs=1e-12)
        assert data["t"][row, column] == pytest.approx(eq.t[0], rel=1e-12)
        assert data["corner"][row, column] == eq.corner


def test_sharing_falls_in_delta_hat_until_it_reaches_zero(baseline_paths):
    data = baseline_paths
    interior = data["corner"] == ""
    assert interior.sum() > 40 and np.all(data["ds"][interior] < 0)
    for s in data["s"]:
        positive = s > 0
        assert positive[0] and np.all(np.diff(s[positive]) < 0)
        assert np.all(s[np.argmin(positive) :] == 0)  # zero from the first zero on
    # firms share exactly where delta_d - b1 hat_delta phi(t*) > 0
    assert np.array_equal(data["s"] > 0, data["threshold"] > 0)


def test_zero_sharing_is_where_the_threshold_vanishes(baseline_paths):
    t0 = _no_sharing_investment(BASELINE)
    expected = baseline_paths["delta_d"] / (BASELINE.b1 * (1 + t0**2 / 2))
    assert baseline_paths["zero_sharing"] == pytest.approx(expected, abs=1e-9)
    assert baseline_paths["zero_sharing"][0] == pytest.approx(0.2494, abs=1e-4)


def test_volume_paths_figure_plots_the_paths(baseline_paths):
    figure = volume_paths_figure()
    share, invest = figure.axes
    assert share.get_xlabel() == r"volume-cost spillover $\hat\delta$"
    for row, level in enumerate((0.25, 0.5, 0.75)):
        x, s = _xy(_by_gid(share, f"delta_d={level:g}"))
        assert np.allclose(x, baseline_paths["delta_hat"])
        assert np.allclose(s, baseline_paths["s"][row], rtol=1e-12, atol=1e-15)
        _, t = _xy(_by_gid(invest, f"delta_d={level:g}"))
        assert np.allclose(t, baseline_paths["t"][row], rtol=1e-12)
        zx, zy = _xy(_by_gid(share, f"zero sharing delta_d={level:g}"))
        assert (zx[0], zy[0]) == pytest.approx((baseline_paths["zero_sharing"][row], 0.0))
        assert not [line for line in share.get_lines() if "no equilibrium" in str(line.get_gid())]
    assert share.get_title().startswith("Sharing falls in")
    assert invest.get_title().startswith("Investment falls in")


def test_volume_paths_figure_marks_the_point_itself():
    point = BASELINE.replace(delta_d=0.4, delta_hat=0.15)
    figure = volume_paths_figure(point)
    eq = volume.solve_volume_nash(point, check_global=False)
    for ax, value in zip(figure.axes, (eq.s[0], eq.t[0]), strict=True):
        x, y = _xy(_by_gid(ax, "at the point"))
        assert (x[0], y[0]) == pytest.approx((0.15, value), rel=1e-12)


def test_volume_paths_figure_flags_points_without_an_equilibrium():
    figure = volume_paths_figure(CHEAP, delta_d_values=[0.25, 0.5])
    share = figure.axes[0]
    data = volume_paths(CHEAP, np.linspace(0.0, 0.8, 41), [0.25, 0.5])
    failed = ~data["ok"][1]
    assert failed.any() and data["ok"][0].all()
    x, _ = _xy(_by_gid(share, "no equilibrium delta_d=0.5"))
    assert np.allclose(x, data["delta_hat"][failed])
    assert np.isnan(_xy(_by_gid(share, "delta_d=0.5"))[1][failed]).all()
    (legend,) = figure.legends
    assert "not solved at" in legend.get_title().get_text()
    # the crossing of delta_d = 0.5 lies past the gap and is still found
    t0 = _no_sharing_investment(CHEAP)
    assert data["zero_sharing"][1] == pytest.approx(0.5 / (1 + t0**2 / 2), abs=1e-9)


# ------------------------------------------------------------------ the sign map
def test_sign_map_counts_at_the_defaults(maps):
    baseline, cheap = maps["baseline"]["counts"], maps["cheap"]["counts"]
    assert list(baseline) == list(SIGN_CATEGORIES)
    assert sum(baseline.values()) == sum(cheap.values()) == 61 * 61
    assert baseline["sharing rises"] == cheap["sharing rises"] == 0
    assert baseline["no equilibrium"] == baseline["full sharing"] == 0
    assert baseline["sharing and investment fall"] > 1000 and baseline["no sharing"] > 1000
    # cheap investment: full sharing, where investment rises in hat_delta, and gaps
    assert cheap["full sharing"] > 0 and cheap["no equilibrium"] > 0
    assert maps["cheap"]["investment_rises_at_full_sharing"] == cheap["full sharing"]
    assert cheap["response undetermined"] == 0
    assert sign_map_counts(BASELINE, n=21)["sharing rises"] == 0


def test_sign_map_agrees_with_the_solver(maps):
    data = maps["cheap"]
    found = volume.sign_map(CHEAP, data["delta_d"], data["delta_hat"])
    category = np.array(SIGN_CATEGORIES)[data["category"]]
    assert np.array_equal(category == "no equilibrium", ~found["ok"])
    assert np.array_equal(category == "full sharing", found["corner"] == "s_i = s_j = 1")
    interior = found["ok"] & (found["corner"] == "")
    assert np.array_equal(category == "sharing falls, investment rises",
                          interior & (found["ds"] <= 0) & (found["dt"] > 0))  # fmt: skip


@pytest.mark.parametrize("key", ["baseline", "cheap"])
def test_firms_share_exactly_above_the_ray_of_the_no_sharing_investment(maps, key):
    data = maps[key]
    found = data["map"]
    ok = found["ok"]
    assert np.array_equal((found["s"] > 0)[ok], (found["threshold"] > 0)[ok])
    params = BASELINE if key == "baseline" else CHEAP
    t0 = _no_sharing_investment(params)
    assert data["t0"] == pytest.approx(t0, rel=1e-12)
    assert data["ratio"] == pytest.approx(params.b1 * (1 + t0**2 / 2), rel=1e-12)
    assert data["ratio_rule_holds"]
    above = found["delta_d"] > data["ratio"] * found["delta_hat"]
    assert np.array_equal((found["s"] > 0)[ok], above[ok])


def test_sign_map_figure_shows_the_categories_and_the_boundary(maps):
    figure = sign_map_figure()
    assert len(figure.axes) == 4  # two maps, two legend axes
    for ax, legend_ax, key in zip(figure.axes[:2], figure.axes[2:], ("baseline", "cheap"),
                                  strict=True):  # fmt: skip
        data = maps[key]
        (mesh,) = [c for c in ax.collections if c.get_gid() == "categories"]
        assert np.array_equal(np.asarray(mesh.get_array()).reshape(61, 61), data["category"])
        texts = [text.get_text() for text in legend_ax.get_legend().get_texts()]
        assert any(text.endswith("rises in $\\hat\\delta$ (0 cells)") for text in texts)
        assert any(f"({data['counts']['no sharing']} cells)" in text for text in texts)
        (edge,) = [c for c in ax.collections if c.get_gid() == "threshold zero"]
        vertices = np.vstack([path.vertices for path in edge.get_paths() if len(path.vertices)])
        # the edge of sharing lies on the ray delta_d / hat_delta = b1 phi(t0), within a cell
        gap = vertices[:, 1] - vertices[:, 0] / data["ratio"]
        assert np.abs(gap).max() < 1 / 60
        ray_x, ray_y = _xy(_by_gid(ax, "boundary ray"))
        assert np.allclose(ray_y, ray_x / data["ratio"])
        for ratio in (0.5, 2.0, 4.0):
            assert _by_gid(ax, f"ray {ratio:g}")
        assert ax.get_xlabel() == r"demand spillover $\delta_d$"
        assert "interior sharing falls" in ax.get_title()
    dots = _xy(_by_gid(figure.axes[1], "investment rises at full sharing"))[0]
    assert len(dots) == maps["cheap"]["investment_rises_at_full_sharing"]


# ------------------------------------------------------------------ reaction curves
def test_reaction_curves_are_the_global_best_responses():
    figure = reaction_curves_figure(n=41)
    curve_ax, slope_ax = figure.axes
    eq = volume.solve_volume_nash(REACTION.replace(delta_hat=0.05), check_global=False)
    s_j = np.linspace(0.0, 1.0, 41)
    t_j = np.full(41, eq.t[0])
    for delta_hat in (0.05, 1.0):
        batch = point_batch(REACTION.replace(delta_hat=delta_hat), 41)
        s_i, t_i, corner = volume.best_response_batch(batch, s_j, t_j)
        slope = volume.reaction_slopes(batch, s_i, t_i, s_j, t_j, corner)[:, 0, 0]
        x, y = _xy(_by_gid(curve_ax, f"reaction delta_hat={delta_hat:g}"))
        assert np.allclose(x, s_j) and np.allclose(y, s_i, rtol=1e-12, atol=1e-15)
        at_corner = corner == "s_i = 0"
        _, plotted = _xy(_by_gid(slope_ax, f"slope delta_hat={delta_hat:g}"))
        assert np.allclose(plotted[~at_corner], slope[~at_corner], rtol=1e-12)
        assert np.isnan(plotted[at_corner]).all()
        corner_x, corner_y = _xy(_by_gid(slope_ax, f"slope corner delta_hat={delta_hat:g}"))
        assert np.allclose(corner_x, s_j[at_corner]) and np.all(corner_y == 0)
        # the reaction function slopes up wherever sharing is interior, at both hat_delta
        assert np.all(plotted[~at_corner] > 0)
    # at the large hat_delta firm i shares nothing while the rival shares little
    corner_x, corner_y = _xy(_by_gid(curve_ax, "corner delta_hat=1"))
    assert corner_x.size > 0 and np.all(corner_y == 0) and corner_x.max() < 0.5
    assert _xy(_by_gid(curve_ax, "corner delta_hat=0.05"))[0].size == 0


def test_reaction_curve_is_missing_where_firm_i_has_no_response():
    """With a large spillover the rival's sharing makes firm i's marginal cost negative."""
    params = REACTION.replace(c=0.05)
    figure = reaction_curves_figure(params, delta_hat_values=(0.05, 10.0), n=21)
    s_j, s_i = _xy(_by_gid(figure.axes[0], "reaction delta_hat=10"))
    batch = point_batch(params.replace(delta_hat=10.0), 21)
    t_j = volume.solve_volume_nash(params.replace(delta_hat=0.05), check_global=False).t[0]
    corner = volume.best_response_batch(batch, s_j, np.full(21, t_j))[2]
    missing = np.isin(corner, (volume.NO_SALE, volume.NEGATIVE_COST))
    assert missing.any() and np.array_equal(np.isnan(s_i), missing)
    assert "no interior point" in figure.axes[1].get_title()


def test_reaction_curve_passes_through_the_symmetric_equilibrium():
    figure = reaction_curves_figure(n=41)
    curve_ax = figure.axes[0]
    x, y = _xy(_by_gid(curve_ax, "equilibrium"))
    eq = volume.solve_volume_nash(REACTION.replace(delta_hat=0.05), check_global=False)
    assert (x[0], y[0]) == pytest.approx((eq.s[0], eq.s[0]), rel=1e-12)
    s_j, s_i = _xy(_by_gid(curve_ax, "reaction delta_hat=0.05"))
    assert np.interp(eq.s[0], s_j, s_i) == pytest.approx(eq.s[0], abs=1e-6)
    assert np.allclose(_xy(_by_gid(curve_ax, "45-degree"))[1], [0, 1])
    assert "slopes up" in figure.axes[1].get_title()


# ------------------------------------------------------------------ fixed vs volume
def test_fixed_vs_volume_contrast_at_the_baseline():
    figure = fixed_vs_volume_figure()
    share2, share4, invest2, invest4 = figure.axes
    x2, s2 = _xy(_by_gid(share2, "section 2 sharing"))
    _, t2 = _xy(_by_gid(invest2, "section 2 investment"))
    x4, s4 = _xy(_by_gid(share4, "section 4 sharing"))
    _, t4 = _xy(_by_gid(invest4, "section 4 investment"))
    assert x2[0] == 0.0 and x2[-1] == 1.0  # delta_c over its admissible range
    # Proposition 4(ii): both rise with the fixed-cost spillover
    assert np.all(np.diff(s2) > 0) and np.all(np.diff(t2) > 0)
    # section 4: sharing falls with hat_delta while positive, then stays at zero
    positive = s4 > 0
    assert np.all(np.diff(s4[positive]) < 0) and np.all(s4[~positive] == 0)
    assert np.all(np.diff(t4) <= 1e-15)
    assert share2.get_ylim() == share4.get_ylim()
    assert "rises" in share2.get_title() and "falls" in share4.get_title()
    (inset,) = share2.child_axes
    assert np.allclose(_xy(_by_gid(inset, "section 2 sharing zoom"))[1], s2)
    # the plotted values are the solvers'
    reference = nash.solve_nash_batch(ParamsBatch(delta_c=x2))
    assert np.allclose(s2, reference.s[:, 0], rtol=1e-12)
    eq = volume.solve_volume_nash(BASELINE.replace(delta_hat=float(x4[3])), check_global=False)
    assert s4[3] == pytest.approx(eq.s[0], abs=1e-12)
    zx, _ = _xy(_by_gid(share4, "zero sharing"))
    assert zx[0] == pytest.approx(0.25 / (1 + _no_sharing_investment(BASELINE) ** 2 / 2))
    assert not [line for line in share2.get_lines() if line.get_gid() == "assumption fails"]


def test_fixed_vs_volume_flags_missing_equilibria():
    figure = fixed_vs_volume_figure(CHEAP.replace(delta_d=0.5),
                                    delta_hat_values=np.linspace(0.0, 0.5, 11))  # fmt: skip
    share4 = figure.axes[1]
    assert [p for p in share4.patches if p.get_gid() == "no equilibrium"]
    (legend,) = figure.legends
    assert "not solved at" in legend.get_title().get_text()


# ------------------------------------------------------------------ bad input
ASYMMETRIC = Params().replace(a_i=1.2)


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: volume_paths(ASYMMETRIC, [0.0, 0.1], [0.25]), "symmetric firms only"),
        (lambda: volume_paths("baseline", [0.0, 0.1], [0.25]), "params must be a Params"),
        (lambda: volume_paths(BASELINE, [], [0.25]), "at least 2 numbers"),
        (lambda: volume_paths(BASELINE, [0.0, np.nan], [0.25]), "delta_hat_values must be finite"),
        (lambda: volume_paths(BASELINE, [0.0, 0.1], []), "delta_d_values must be a non-empty"),
        (lambda: volume_paths(BASELINE, [0.0, 0.1], "abc"), "delta_d_values must be a sequence"),
        (lambda: volume_paths(BASELINE, [0.0, 0.1], [np.inf]), "delta_d_values must be finite"),
        (lambda: volume_paths(BASELINE, [-0.1, 0.1], [0.25]),
         "delta_hat=-0.1 gives inadmissible parameters: delta_hat must be non-negative"),
        (lambda: volume_paths(BASELINE, [0.0, 0.1], [1.5]),
         "delta_d=1.5, delta_hat=0 gives inadmissible parameters: delta_d must lie in"),
        (lambda: volume_paths_figure(ASYMMETRIC), "symmetric firms only"),
        (lambda: sign_map_counts(BASELINE, n=3), "n must be an integer of at least 5"),
        (lambda: sign_map_counts(BASELINE, n=10.5), "n must be an integer of at least 5"),
        (lambda: sign_map_data(ASYMMETRIC), "symmetric firms only"),
        (lambda: sign_map_figure([]), "params_list must hold 1 to 4 points"),
        (lambda: sign_map_figure([BASELINE, ASYMMETRIC]),
         r"section 4 is solved for symmetric firms only \(params_list\[1\] has a_i=1.2"),
        (lambda: sign_map_figure([BASELINE, {"k": 1.0}]), r"params_list\[1\] must be a Params"),
        (lambda: reaction_curves_figure(ASYMMETRIC), "symmetric firms only"),
        (lambda: reaction_curves_figure(delta_hat_values=[0.05, -1.0]),
         "delta_hat_values must be non-negative"),
        (lambda: reaction_curves_figure(delta_hat_values=[]), "delta_hat_values must be a non"),
        (lambda: reaction_curves_figure(n=2), "n must be an integer of at least 5"),
        (lambda: fixed_vs_volume_figure(ASYMMETRIC), "symmetric firms only"),
        (lambda: fixed_vs_volume_figure(delta_c_values=[0.0, 1.5]),
         "delta_c=1.5 gives inadmissible parameters"),
        (lambda: fixed_vs_volume_figure(delta_hat_values=[0.1]), "at least 2 numbers"),
    ],
)  # fmt: skip
def test_bad_input_is_named(call, message):
    with pytest.raises(ValueError, match=message):
        call()
