"""Section 3 figures: shapes, plotted data against the solvers, and what they show."""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

from isacmodel import Params  # noqa: E402
from isacmodel.figures.sequential import (  # noqa: E402
    leader_follower_figure,
    sequential_sweep,
    sequential_vs_simultaneous_figure,
    technology_first_figure,
)
from isacmodel.solve import nash, sequential  # noqa: E402

BASELINE = Params()


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


@pytest.fixture(scope="module")
def baseline_equilibria():
    return sequential.solve_stackelberg(BASELINE), nash.solve_nash(BASELINE)


@pytest.fixture(scope="module")
def baseline_picture():
    figure = leader_follower_figure(BASELINE)
    yield figure
    plt.close(figure)


def _by_gid(ax, gid):
    (line,) = [line for line in ax.get_lines() if line.get_gid() == gid]
    return line


def _xy(line):
    return np.asarray(line.get_xdata(), dtype=float), np.asarray(line.get_ydata(), dtype=float)


def _contour(ax, gid):
    (contours,) = [c for c in ax.collections if c.get_gid() == gid]
    return np.vstack([path.vertices for path in contours.get_paths() if len(path.vertices)])


# --------------------------------------------------------- leader_follower_figure
def test_leader_follower_figure_marks_the_solvers_points(baseline_picture, baseline_equilibria):
    stackelberg, simultaneous = baseline_equilibria
    left, right = baseline_picture.axes[:2]
    assert len(baseline_picture.axes) == 3  # two panels and the colour bar
    assert left.get_xlabel() == "leader's sharing $s_i$"
    assert right.get_ylabel() == "follower's investment $t_j$"
    x, y = _xy(_by_gid(left, "stackelberg"))
    assert (x[0], y[0]) == pytest.approx((stackelberg.s[0], stackelberg.t[0]), rel=1e-12)
    x, y = _xy(_by_gid(left, "nash"))
    assert (x[0], y[0]) == pytest.approx((simultaneous.s[0], simultaneous.t[0]), rel=1e-12)
    x, y = _xy(_by_gid(right, "stackelberg"))
    assert (x[0], y[0]) == pytest.approx(stackelberg.t, rel=1e-12)
    x, y = _xy(_by_gid(right, "nash"))
    assert (x[0], y[0]) == pytest.approx(simultaneous.t, rel=1e-12)
    # the small baseline shift is visible: the two points are well apart in the window
    # (in the leader's sharing on the left, in the follower's investment on the right)
    for ax, coordinate, get_limits in ((left, 0, left.get_xlim), (right, 1, right.get_ylim)):
        shift = _xy(_by_gid(ax, "stackelberg"))[coordinate] - _xy(_by_gid(ax, "nash"))[coordinate]
        assert abs(shift[0]) > 0.1 * np.diff(get_limits())[0]
    assert "leader gains" in baseline_picture.get_suptitle()


def test_leader_follower_reaction_curves_cross_at_nash(baseline_picture, baseline_equilibria):
    stackelberg, simultaneous = baseline_equilibria
    right = baseline_picture.axes[1]
    height = np.diff(right.get_ylim())[0]
    t_i, t_j = _xy(_by_gid(right, "follower reaction at nash sharing"))
    assert np.interp(simultaneous.t[0], t_i, t_j) == pytest.approx(simultaneous.t[1],
                                                                    abs=1e-3 * height)  # fmt: skip
    t_i, t_j = _xy(_by_gid(right, "follower reaction"))
    assert np.interp(stackelberg.t[0], t_i, t_j) == pytest.approx(stackelberg.t[1],
                                                                   abs=1e-3 * height)  # fmt: skip
    own, rival = _xy(_by_gid(right, "leader reaction"))  # x: leader's t_i, y: follower's t_j
    assert np.interp(simultaneous.t[1], rival, own) == pytest.approx(
        simultaneous.t[0], abs=1e-3 * np.diff(right.get_xlim())[0]
    )


def test_leader_iso_profit_curve_touches_the_follower_reaction(baseline_picture,
                                                                baseline_equilibria):  # fmt: skip
    """The textbook picture: the leader's best iso-profit curve is tangent, not crossing."""
    stackelberg, _ = baseline_equilibria
    right = baseline_picture.axes[1]
    t_i, t_j = _xy(_by_gid(right, "follower reaction"))
    iso = _contour(right, "stackelberg iso-profit")
    gap = iso[:, 1] - np.interp(iso[:, 0], t_i, t_j)
    height = np.diff(right.get_ylim())[0]
    assert gap.min() > -2e-3 * height  # the curve stays on one side of the reaction
    touch = iso[np.argmin(np.abs(gap))]
    assert touch[0] == pytest.approx(stackelberg.t[0], abs=0.05 * np.diff(right.get_xlim())[0])


def test_leader_payoff_map_passes_its_nash_curve_through_nash(baseline_picture,
                                                              baseline_equilibria):  # fmt: skip
    _, simultaneous = baseline_equilibria
    left = baseline_picture.axes[0]
    curve = _contour(left, "nash iso-payoff")
    scale = np.array([np.diff(left.get_xlim())[0], np.diff(left.get_ylim())[0]])
    distance = np.hypot(*((curve - [simultaneous.s[0], simultaneous.t[0]]) / scale).T)
    assert distance.min() < 0.02


def test_leader_follower_zoom_halves_the_window():
    wide = leader_follower_figure(BASELINE, n=10)
    narrow = leader_follower_figure(BASELINE, zoom=2, n=10)
    for a, b in zip(wide.axes[:2], narrow.axes[:2], strict=True):
        assert np.diff(b.get_xlim())[0] == pytest.approx(np.diff(a.get_xlim())[0] / 2, rel=1e-6)


def test_leader_follower_figure_renders_the_slider_frames():
    """The book's slider: b2 in [0.2, 0.9]; below b2 ~ 0.47 the leader shares less than Nash."""
    for b2 in np.linspace(0.2, 0.9, 8):
        params = BASELINE.replace(b2=float(b2))
        figure = leader_follower_figure(params)
        s_leader = _xy(_by_gid(figure.axes[0], "stackelberg"))[0][0]
        s_nash = _xy(_by_gid(figure.axes[0], "nash"))[0][0]
        assert (s_leader > s_nash) == (b2 > 0.47)
        plt.close(figure)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [(dict(zoom=0), "zoom must be a positive number"),
     (dict(zoom=float("nan")), "zoom must be a positive number"),
     (dict(zoom="2"), "zoom must be a positive number"),
     (dict(n=3), "n must be an integer of at least 5")],
)  # fmt: skip
def test_leader_follower_figure_rejects_bad_input(kwargs, message):
    with pytest.raises(ValueError, match=message):
        leader_follower_figure(BASELINE, **kwargs)


# ---------------------------------------------------------------- sequential_sweep
def test_sequential_sweep_agrees_with_the_single_point_solvers(baseline_equilibria):
    stackelberg, simultaneous = baseline_equilibria
    data = sequential_sweep(BASELINE, "b2", [0.6, 0.8])
    assert set(data) == {"values", "nash", "stackelberg"}
    for columns, eq in ((data["stackelberg"], stackelberg), (data["nash"], simultaneous)):
        assert columns["ok"].all()
        assert columns["s"].shape == columns["profit"].shape == (2, 2)
        for key in ("s", "t", "p", "q", "profit"):
            assert columns[key][0] == pytest.approx(getattr(eq, key), rel=1e-7)
        assert columns["welfare"][0] == pytest.approx(eq.welfare, rel=1e-9)
        assert columns["consumer_surplus"][0] == pytest.approx(eq.consumer_surplus, rel=1e-9)


def test_sequential_sweep_leader_shares_more_and_gains_around_the_baseline():
    data = sequential_sweep(BASELINE, "b2", [0.55, 0.6, 0.7])
    leader, simultaneous = data["stackelberg"], data["nash"]
    assert np.all(leader["s"][:, 0] >= simultaneous["s"][:, 0])
    assert np.all(leader["profit"][:, 0] >= simultaneous["profit"][:, 0])
    # the follower earns a bit more than the leader (a second-mover advantage)
    assert np.all(leader["profit"][:, 1] > leader["profit"][:, 0])


def test_sequential_sweep_flags_values_without_an_equilibrium():
    data = sequential_sweep(BASELINE, "delta_d", [0.0, 0.25])
    stackelberg = data["stackelberg"]
    assert list(stackelberg["ok"]) == [False, True]
    assert stackelberg["reason"][0] != "" and stackelberg["reason"][1] == ""
    assert np.isnan(stackelberg["s"][0]).all() and np.isnan(stackelberg["welfare"][0])


@pytest.mark.parametrize(
    ("name", "values", "message"),
    [("zeta", [0.5, 0.6], "name must be one of"),
     ("b2", [0.5], "at least 2 numbers"),
     ("b2", [0.5, float("nan")], "must be finite"),
     ("b2", "abc", "sequence of numbers"),
     ("b2", [0.5, 1.5], "b2=1.5 gives inadmissible parameters")],
)  # fmt: skip
def test_sequential_sweep_rejects_bad_input(name, values, message):
    with pytest.raises(ValueError, match=message):
        sequential_sweep(BASELINE, name, values)


# --------------------------------------------------------------- sequential_vs_simultaneous
def test_sequential_vs_simultaneous_figure_plots_the_differences():
    values = [0.3, 0.6, 0.8]
    figure = sequential_vs_simultaneous_figure(BASELINE, "b2", values)
    assert len(figure.axes) == 4
    data = sequential_sweep(BASELINE, "b2", values)
    seq, sim = data["stackelberg"], data["nash"]
    share, invest, profit, welfare_ax = figure.axes
    for ax, key in ((share, "s"), (invest, "t"), (profit, "profit")):
        for column, role in enumerate(("leader", "follower")):
            x, y = _xy(_by_gid(ax, role))
            assert np.allclose(x, values)
            assert np.allclose(y, seq[key][:, column] - sim[key][:, column], rtol=1e-8, atol=0)
    x, y = _xy(_by_gid(welfare_ax, "welfare"))
    assert np.allclose(y, seq["welfare"] - sim["welfare"], rtol=1e-8, atol=0)
    # the leader never loses by moving first
    assert np.all(_xy(_by_gid(profit, "leader"))[1] >= -1e-12)
    assert profit.get_yscale() == "symlog"  # the follower's change dwarfs the leader's gain


def test_sequential_vs_simultaneous_figure_shades_and_explains_failures():
    figure = sequential_vs_simultaneous_figure(BASELINE, "delta_d", [0.0, 0.25, 0.5])
    for ax in figure.axes:
        assert [p for p in ax.patches if p.get_gid() == "no equilibrium"]
        assert np.isnan(_xy(ax.get_lines()[0])[1][0])
    (legend,) = figure.legends
    assert "not solved at" in legend.get_title().get_text()


def test_sequential_vs_simultaneous_figure_rejects_bad_input():
    with pytest.raises(ValueError, match="name must be one of"):
        sequential_vs_simultaneous_figure(BASELINE, "nope")
    with pytest.raises(ValueError, match="gives inadmissible parameters"):
        sequential_vs_simultaneous_figure(BASELINE, "gamma", [0.2, 1.2])


# ---------------------------------------------------------------- technology_first_figure
def test_technology_first_figure_coincides_with_nash_at_gamma3_zero():
    figure = technology_first_figure(BASELINE, [0.0, 0.03])
    assert len(figure.axes) == 3
    for ax in figure.axes[:2]:
        x, first = _xy(_by_gid(ax, "technology first"))
        _, simultaneous = _xy(_by_gid(ax, "nash"))
        assert np.allclose(x, [0.0, 0.03])
        assert first[0] == pytest.approx(simultaneous[0], rel=1e-9)
        assert first[1] > simultaneous[1]  # they part once gamma3 > 0
    eq = sequential.solve_technology_first(BASELINE.replace(gamma3=0.03))
    assert _xy(_by_gid(figure.axes[1], "technology first"))[1][1] == pytest.approx(eq.t[0])
    assert _xy(_by_gid(figure.axes[2], "t"))[1][0] == pytest.approx(0.0, abs=1e-12)


def test_technology_first_figure_default_sweep():
    figure = technology_first_figure(BASELINE)
    x, y = _xy(_by_gid(figure.axes[1], "technology first"))
    assert len(x) == 15 and x[0] == 0.0 and x[-1] < BASELINE.gamma1 - BASELINE.gamma2
    assert np.isfinite(y).all()


def test_technology_first_figure_rejects_bad_input():
    with pytest.raises(ValueError, match="symmetric firms"):
        technology_first_figure(BASELINE.replace(a_j=1.2))
    with pytest.raises(ValueError, match="gamma3=0.06 gives inadmissible parameters"):
        technology_first_figure(BASELINE, [0.0, 0.06])
