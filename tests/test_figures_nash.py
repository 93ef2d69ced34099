"""Section 2.1 figures and the Nash explorer: shapes, markers, and the paper's signs."""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

from isacmodel import Params  # noqa: E402
from isacmodel.figures.bertrand import (  # noqa: E402
    MULTIPLE_EQUILIBRIA_EXAMPLE,
    comparative_statics_figure,
    comparative_statics_sweeps,
    price_vs_sharing_figure,
    reaction_functions_figure,
    symmetric_condition_figure,
)
from isacmodel.solve.nash import nash_equilibria, solve_nash  # noqa: E402
from isacmodel.widgets import frame_slider, nash_explorer  # noqa: E402

MULTIPLE = Params(**MULTIPLE_EQUILIBRIA_EXAMPLE)


@pytest.fixture
def close_figures():
    yield
    plt.close("all")


def _line(ax, label):
    (line,) = [line for line in ax.get_lines() if line.get_label() == label]
    return line


def _has_data(line) -> bool:
    return np.isfinite(np.asarray(line.get_ydata(), dtype=float)).sum() >= 1


@pytest.mark.parametrize(
    "params", [Params(), MULTIPLE, Params(a_i=1.4)], ids=["baseline", "multiple", "asymmetric"]
)
def test_reaction_functions_cross_at_the_nash_equilibrium(params, close_figures):
    eq = solve_nash(params)
    figure = reaction_functions_figure(params, n=21)
    assert len(figure.axes) == 2
    for ax, decision in zip(figure.axes, (eq.s, eq.t), strict=True):
        lines = ax.get_lines()
        assert len(lines) == 3 and all(_has_data(line) for line in lines)
        marker = _line(ax, "Nash equilibrium")
        # x is the rival's (firm j's) decision, y the firm's own
        assert marker.get_xdata()[0] == pytest.approx(decision[1], rel=1e-12)
        assert marker.get_ydata()[0] == pytest.approx(decision[0], rel=1e-12)
        low, high = ax.get_ylim()
        assert low <= decision[0] <= high


def test_reaction_functions_slope_upward_at_the_baseline(close_figures):
    """Lemma 1(ii) / Proposition 2: firm i's curves rise with the rival's choice."""
    figure = reaction_functions_figure(Params(), n=21)
    for ax in figure.axes:
        firm_i = ax.get_lines()[0].get_ydata()
        assert np.all(np.diff(firm_i) > 0)


def test_reaction_functions_accept_fixed_limits(close_figures):
    figure = reaction_functions_figure(Params(), n=11, s_limits=(0, 0.15), t_limits=(0, 0.2))
    assert figure.axes[0].get_ylim() == (0, 0.15)
    assert figure.axes[1].get_ylim() == (0, 0.2)


def test_price_vs_sharing_peaks_at_the_nash_sharing_level(close_figures):
    """Proposition 1(ii): an inverted U whose peak at the Nash investment is s*."""
    params = Params()
    eq = solve_nash(params)
    figure = price_vs_sharing_figure(params)
    left, right = figure.axes
    assert len(figure.axes) == 2
    assert all(_has_data(line) for ax in figure.axes for line in ax.get_lines())
    marker = _line(left, "Nash equilibrium")
    assert marker.get_xdata()[0] == pytest.approx(eq.s[0], rel=1e-12)
    assert marker.get_ydata()[0] == pytest.approx(eq.p[0], rel=1e-12)
    curve = left.get_lines()[0]
    peak = curve.get_xdata()[np.argmax(curve.get_ydata())]
    step = np.diff(curve.get_xdata())[0]
    assert abs(peak - eq.s[0]) <= step
    peaks = [line for line in right.get_lines() if line.get_label().startswith("s_i^c")]
    assert len(peaks) == 3
    critical = [line.get_xdata()[0] for line in peaks]
    assert critical[0] == pytest.approx(eq.s[0], rel=1e-6)
    assert all(0 < value < 1 for value in critical)
    assert critical == sorted(critical), "s_i^c rises with the own investment"


def test_comparative_statics_figure_has_twelve_panels(close_figures):
    figure = comparative_statics_figure(Params(), n=11)
    assert len(figure.axes) == 12
    assert all(_has_data(ax.get_lines()[0]) for ax in figure.axes)


# The paper's signs: Proposition 3 (b1 down, b2 up), Proposition 4 (a, delta_d, delta_c
# up; gamma down) for both the sharing level and the investment.
PAPER_SIGNS = {"b1": -1, "b2": 1, "a": 1, "delta_d": 1, "delta_c": 1, "gamma": -1}


@pytest.fixture(scope="module")
def sweeps():
    return comparative_statics_sweeps(Params(), n=41)


@pytest.mark.parametrize("name", sorted(PAPER_SIGNS))
def test_comparative_statics_sweeps_are_monotone_as_the_paper_claims(sweeps, name):
    sweep = sweeps[name]
    ok = sweep["ok"]
    assert ok.sum() >= 35, f"{name}: too few equilibria ({set(sweep['reason'][~ok])})"
    assert sweep["values"][0] < sweep["baseline"] < sweep["values"][-1]
    for key in ("s", "t"):
        steps = np.diff(sweep[key][ok]) * PAPER_SIGNS[name]
        assert np.all(steps > 0), f"d{key}*/d{name} has the wrong sign somewhere on the sweep"


def test_comparative_statics_sweeps_agree_with_solve_nash(sweeps):
    sweep = sweeps["b2"]
    index = int(np.flatnonzero(sweep["ok"])[len(sweep["values"]) // 2])
    eq = solve_nash(Params(b2=float(sweep["values"][index])))
    assert sweep["s"][index] == pytest.approx(eq.s[0], rel=1e-9)
    assert sweep["t"][index] == pytest.approx(eq.t[0], rel=1e-9)


def test_comparative_statics_sweeps_flag_the_gaps(sweeps):
    # no sharing at all without a demand spillover: a corner, not an interior equilibrium
    assert sweeps["delta_d"]["values"][0] == 0 and not sweeps["delta_d"]["ok"][0]
    assert np.isnan(sweeps["delta_d"]["s"][0])


def test_multiple_equilibria_example_has_two_interior_symmetric_equilibria():
    interior = [eq for eq in nash_equilibria(MULTIPLE) if eq.interior]
    assert len(interior) >= 2
    assert [eq.stable for eq in interior] == [True, False]
    assert all(eq.global_best_response for eq in interior)
    assert all(eq.residual < 1e-10 for eq in interior)


@pytest.mark.parametrize(
    "params",
    [Params(), MULTIPLE, Params(k=1.75, rho=0.65), Params(delta_d=0.0)],
    ids=["baseline", "multiple", "with-corners", "no-spillover"],
)
def test_symmetric_condition_marks_every_equilibrium(params, close_figures):
    figure = symmetric_condition_figure(params)
    (ax,) = figure.axes
    curves = [line for line in ax.get_lines() if line.get_gid() != "equilibrium"]
    assert curves and all(_has_data(line) for line in curves)
    markers = [line for line in ax.get_lines() if line.get_gid() == "equilibrium"]
    right = ax.get_xlim()[1]
    shown = [eq.t[0] for eq in nash_equilibria(params) if eq.t[0] <= right]
    assert len(markers) == len(shown) >= 1
    assert [m.get_xdata()[0] for m in markers] == pytest.approx(shown, rel=1e-12)
    assert all(m.get_ydata()[0] == 0 for m in markers)


def test_symmetric_condition_changes_sign_at_each_interior_root(close_figures):
    figure = symmetric_condition_figure(MULTIPLE, n=800)
    t, h = (np.asarray(a) for a in figure.axes[0].get_lines()[0].get_data())
    crossings = t[:-1][np.diff(np.sign(h)) != 0]
    roots = [eq.t[0] for eq in nash_equilibria(MULTIPLE) if eq.interior]
    assert len(crossings) == len(roots) == 2
    assert crossings == pytest.approx(roots, abs=2 * (t[1] - t[0]))


def test_symmetric_condition_needs_equal_intercepts():
    with pytest.raises(ValueError, match="equal intercepts"):
        symmetric_condition_figure(Params(a_i=1.5))


def test_frame_slider_over_b2_with_fixed_axes():
    values = [0.4, 0.6, 0.8]
    html = frame_slider(
        lambda v: reaction_functions_figure(
            Params(b2=v), n=11, s_limits=(0, 0.15), t_limits=(0, 0.15)
        ),  # fmt: skip
        values,
        "b2",
        start=1,
    ).data
    assert html.count("<img") == 3 and "b2 = 0.6" in html


def _explorer_text(box) -> str:
    return "".join(item.get("text", "") for item in box.children[-1].outputs)


def test_nash_explorer_redraws_and_reports_errors(capsys):
    box = nash_explorer(n=11)
    names = [child.description for child in box.children[:-1]]
    assert names == ["b2", "gamma", "delta_d", "delta_c", "k", "a_i"]
    slider = dict(zip(names, box.children[:-1], strict=True))
    first = capsys.readouterr().out + _explorer_text(box)
    assert "s=(0.0508, 0.0508)" in first
    slider["k"].value = 1.0  # too cheap to invest: no stable interior equilibrium
    second = capsys.readouterr().out + _explorer_text(box)
    assert "EquilibriumError" in second
    slider["k"].value = 10.0
    slider["a_i"].value = 1.5  # asymmetric firms
    third = capsys.readouterr().out + _explorer_text(box)
    assert "nash: s=(" in third and "EquilibriumError" not in third.split("nash: s=(")[-1]
    plt.close("all")
