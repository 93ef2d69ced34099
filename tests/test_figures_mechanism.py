"""Appendix B figures: plotted data against the mechanism's solvers, and what they show."""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402
import sympy  # noqa: E402

from isacmodel import Params  # noqa: E402
from isacmodel.core import model  # noqa: E402
from isacmodel.core.compile import compile_expressions  # noqa: E402
from isacmodel.core.symbols import SYM  # noqa: E402
from isacmodel.derive import welfare  # noqa: E402
from isacmodel.figures.mechanism import (  # noqa: E402
    outlay_figure,
    outlay_sweep,
    payoff_maps,
    payoff_with_and_without_figure,
    report_curves,
    reports_figure,
)
from isacmodel.solve import mechanism, nash, optima  # noqa: E402

BASELINE = Params()
#: Report grid of the default figure: 7 values from 0.3 to 0.7.
REPORTS = np.linspace(0.3, 0.7, 7)


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


@pytest.fixture(scope="module")
def maps():
    return payoff_maps(BASELINE)


@pytest.fixture(scope="module")
def curves():
    return report_curves(BASELINE)


@pytest.fixture(scope="module")
def sweep():
    return outlay_sweep(BASELINE)


def _by_gid(ax, gid):
    (line,) = [line for line in ax.get_lines() if line.get_gid() == gid]
    return line


def _xy(line):
    return np.asarray(line.get_xdata(), dtype=float), np.asarray(line.get_ydata(), dtype=float)


# ------------------------------------------------------ payoff with and without
def test_payoff_maps_are_the_payoffs_with_the_rival_at_the_optimum(maps):
    optimum = optima.solve_social_optimum(BASELINE)
    assert maps["optimum"] == pytest.approx((optimum.s[0], optimum.t[0]), rel=1e-12)
    assert maps["tax"] == pytest.approx(mechanism.tax(BASELINE), rel=1e-12)
    s, t = np.meshgrid(maps["s"], maps["t"])
    assert maps["without"].shape == (61, 61)
    assert maps["t"][-1] == pytest.approx(2.5 * optimum.t[0] + 0.2)
    rival = (optimum.s[1], optimum.t[1])
    profit = model.profit_numeric(BASELINE, s, rival[0], t, rival[1])
    assert np.allclose(maps["without"], profit, rtol=1e-12, atol=1e-14)
    # payoff plus subsidy minus tax is welfare minus the tax, at every decision
    total = welfare.welfare_numeric(BASELINE, s, rival[0], t, rival[1])
    assert np.allclose(maps["with"], total - maps["tax"], rtol=0, atol=1e-12)


def test_with_the_scheme_firm_i_chooses_the_welfare_optimum(maps):
    step = maps["s"][1] - maps["s"][0], maps["t"][1] - maps["t"][0]
    best, optimum = np.array(maps["best_with"]), np.array(maps["optimum"])
    assert np.all(np.abs(best - optimum) < step)  # to grid resolution ...
    assert best == pytest.approx(optimum, abs=1e-5)  # ... and, refined, much closer
    # there, payoff plus subsidy minus tax is the firm's own payoff: B_i = T
    own = model.profit_numeric(BASELINE, *optimum[[0, 0]], *optimum[[1, 1]])
    assert maps["value_with"] == pytest.approx(float(own), abs=1e-9)


def test_without_the_scheme_firm_i_best_responds_far_from_the_optimum(maps):
    response = nash.best_response(BASELINE, *maps["optimum"])
    assert maps["best_without"] == pytest.approx((response.s, response.t), abs=1e-5)
    assert maps["value_without"] == pytest.approx(response.profit, abs=1e-10)
    assert maps["best_without"] == pytest.approx((0.0569, 0.0865), abs=1e-4)
    gap = np.abs(np.array(maps["best_without"]) - np.array(maps["optimum"]))
    assert gap[0] > 0.7 and gap[1] > 0.2  # many grid steps away in both decisions


def test_payoff_figure_plots_the_maps_and_the_maximisers(maps):
    figure = payoff_with_and_without_figure()
    left, right = figure.axes[:2]
    for ax, key in ((left, "without"), (right, "with")):
        (mesh,) = [c for c in ax.collections if c.get_gid() == "payoff"]
        assert np.allclose(np.asarray(mesh.get_array()).reshape(61, 61), maps[key], rtol=1e-12)
        assert [c for c in ax.collections if c.get_gid() == "payoff contours"]
        x, y = _xy(_by_gid(ax, "maximiser"))
        assert (x[0], y[0]) == pytest.approx(maps[f"best_{key}"], abs=1e-12)
        x, y = _xy(_by_gid(ax, "welfare optimum"))
        assert (x[0], y[0]) == pytest.approx(maps["optimum"], abs=1e-12)
        assert ax.get_xlabel() == "firm i's sharing $s_i$"
    assert "maximised at (0.057, 0.086), its market best response" in left.get_title()
    assert "away from the welfare optimum" in left.get_title()
    assert "maximised at (0.848, 0.302), the welfare optimum" in right.get_title()
    assert right.get_title().endswith("at the welfare optimum")
    assert "(0.848, 0.302)" in figure.get_suptitle()


@pytest.mark.parametrize("delta_c", [0.3, 0.7])
def test_payoff_figure_is_a_slider_frame_that_compiles_no_model_expression(delta_c, monkeypatch):
    # what makes a frame quick: the payoff, subsidy and welfare expressions (functions of
    # the decisions) are compiled once and reused, not lambdified again for each frame
    # (derive.welfare.existence_margin still compiles its small coefficient in b1, b2
    # on every call, so expressions without decisions are not counted)
    point = BASELINE.replace(delta_c=delta_c)
    payoff_maps(BASELINE, n=11)  # compiles what a frame needs, once
    compiled = []
    lambdify = sympy.lambdify

    def counting_lambdify(arguments, expressions, *args, **kwargs):
        compiled.append(expressions)
        return lambdify(arguments, expressions, *args, **kwargs)

    monkeypatch.setattr(sympy, "lambdify", counting_lambdify)
    compile_expressions(SYM.s_i, (SYM.s_i,))  # the package compiles through the spy
    assert len(compiled) == 1
    compiled.clear()
    figure = payoff_with_and_without_figure(point)
    figure.canvas.draw()
    decisions = {SYM.s_i, SYM.s_j, SYM.t_i, SYM.t_j}
    free = [
        set().union(*(sympy.sympify(e).free_symbols for e in sympy.flatten([x]))) for x in compiled
    ]
    assert [symbols & decisions for symbols in free if symbols & decisions] == []
    optimum = optima.solve_social_optimum(point)
    x, y = _xy(_by_gid(figure.axes[1], "maximiser"))
    assert (x[0], y[0]) == pytest.approx((optimum.s[0], optimum.t[0]), abs=1e-5)
    x, y = _xy(_by_gid(figure.axes[0], "maximiser"))
    response = nash.best_response(point, optimum.s[1], optimum.t[1])
    assert (x[0], y[0]) == pytest.approx((response.s, response.t), abs=1e-5)
    if delta_c == 0.7:  # the optimum is full sharing: the maximiser sits on the edge
        assert x.size == 1 and optimum.s[0] == 1.0


# ------------------------------------------------------ private information
def test_report_curves_agree_with_the_expected_payoff(curves):
    assert np.allclose(curves["reports"], REPORTS)
    assert curves["payoff"].shape == (3, 7)
    for report in (0, 6):
        expected = mechanism.expected_payoff(BASELINE, 0.5, float(REPORTS[report]), 0.3, 0.7, 4)
        assert curves["payoff"][1, report] == pytest.approx(expected, abs=1e-12)
    assert curves["payoff"][1, [0, 3, 6]] == pytest.approx([0.3949, 0.3723, 0.3418], abs=1e-4)
    assert curves["truthful_payoff"][1] == pytest.approx(curves["payoff"][1, 3], abs=1e-12)
    assert curves["expected_tax"][0] == pytest.approx(
        mechanism.expected_tax(BASELINE, 0.3, 0.3, 0.7, 4), abs=1e-12
    )


def test_every_type_reports_the_lowest_value(curves):
    assert curves["lowest_is_best"]
    assert np.all(curves["best_report"] == 0.3)
    assert np.all(np.diff(curves["expected_tax"]) > 0)  # the tax rises in the report
    assert np.all(np.diff(curves["payoff"], axis=1) < 0)
    # only the tax depends on the report: the curves are shifts of one another
    shifts = curves["payoff"] - curves["payoff"][:1]
    assert np.allclose(shifts, shifts[:, :1], rtol=0, atol=1e-12)
    # lying pays more the higher the true type; truth-telling is never optimal
    assert np.all(curves["gain"] > 0) and np.all(np.diff(curves["gain"]) > 0)


def test_reports_figure_plots_the_curves(curves):
    figure = reports_figure()
    left, right = figure.axes
    for index, theta in enumerate((0.35, 0.5, 0.65)):
        x, y = _xy(_by_gid(left, f"type={theta:g}"))
        assert np.allclose(x, REPORTS) and np.allclose(y, curves["payoff"][index], rtol=1e-12)
        x, y = _xy(_by_gid(left, f"truthful type={theta:g}"))
        assert (x[0], y[0]) == pytest.approx((theta, curves["truthful_payoff"][index]))
        x, y = _xy(_by_gid(left, f"best type={theta:g}"))
        assert (x[0], y[0]) == pytest.approx((0.3, curves["best_payoff"][index]))
    x, y = _xy(_by_gid(right, "expected tax"))
    assert np.allclose(y, curves["expected_tax"], rtol=1e-12)
    assert left.get_title().startswith("Every type does best reporting the lowest value, 0.3")
    assert "truth-telling is not optimal for 3 of 3 types" in left.get_title()
    assert right.get_title().startswith("The expected tax rises in the report")
    (legend,) = figure.legends
    texts = [text.get_text() for text in legend.get_texts()]
    assert any(text.startswith(r"type $\theta = 0.5$: best report 0.3, +0.0226") for text in texts)


# ------------------------------------------------------------------ outlay
def test_outlay_is_zero_at_the_scheme_equilibrium_and_not_at_the_market(sweep):
    assert np.allclose(sweep["values"], np.linspace(0.0, 1.0, 21))
    assert sweep["is_equilibrium"].all() and sweep["ok_market"].all()
    assert np.all(sweep["deviation_gain"] <= 1e-9)
    assert np.all(sweep["scheme_outlay"] == 0.0)
    assert np.all(sweep["market_outlay"] < -0.6)  # the firms would pay in, net
    assert sweep["market_outlay"][10] == pytest.approx(-0.8160, abs=1e-4)
    assert np.all(np.diff(sweep["market_outlay"]) < 0)


def test_outlay_agrees_with_the_single_point_solvers(sweep):
    point = BASELINE  # delta_c = 0.5, the 11th value
    scheme = mechanism.solve_mechanism_nash(point)
    assert scheme.extra["net outlay"] == pytest.approx(sweep["scheme_outlay"][10], abs=1e-9)
    assert scheme.extra["tax"] == pytest.approx(sweep["tax"][10], rel=1e-12)
    optimum = optima.solve_social_optimum(point)
    assert scheme.s == pytest.approx(optimum.s, abs=1e-6)
    assert scheme.t == pytest.approx(optimum.t, abs=1e-6)
    market = nash.solve_nash(point)
    paid = sum(float(mechanism.subsidy_numeric(point, *order)) for order in
               ((*market.s, *market.t), (*market.s[::-1], *market.t[::-1])))  # fmt: skip
    assert paid - 2 * mechanism.tax(point) == pytest.approx(sweep["market_outlay"][10], abs=1e-9)


def test_outlay_figure_plots_the_sweep(sweep):
    figure = outlay_figure()
    left, right = figure.axes
    for ax, gid, key in ((left, "outlay scheme", "scheme_outlay"),
                         (left, "outlay market", "market_outlay"),
                         (right, "subsidy scheme", "subsidy_scheme"),
                         (right, "subsidy market", "subsidy_market"),
                         (right, "tax", "tax")):  # fmt: skip
        x, y = _xy(_by_gid(ax, gid))
        assert np.allclose(x, sweep["values"]) and np.allclose(y, sweep[key], rtol=1e-12)
    assert not [line for line in left.get_lines() if line.get_gid() == "optimum not an equilibrium"]
    assert _xy(_by_gid(left, "at the point"))[0][0] == 0.5
    assert left.get_title().startswith("Zero at the scheme's equilibrium (21 of 21 values)")
    assert "the firms pay in net, 0.64 to 1.1" in left.get_title()
    assert left.get_xlabel() == r"$\delta_c$"


def test_outlay_flags_an_optimum_that_is_not_an_equilibrium(monkeypatch):
    """Where a deviation would raise welfare, the outlay at the scheme's equilibrium is unknown."""
    original = mechanism.deviation_gain_batch

    def gain(batch, s, t, grid=41):
        found = original(batch, s, t, grid)
        return np.where(np.asarray(batch.delta_c) == 0.5, 1.0, found)

    monkeypatch.setattr(mechanism, "deviation_gain_batch", gain)
    values = [0.3, 0.5, 0.7]
    data = outlay_sweep(BASELINE, values=values)
    assert list(data["is_equilibrium"]) == [True, False, True]
    assert np.isnan(data["scheme_outlay"][1]) and np.all(data["scheme_outlay"][[0, 2]] == 0)
    figure = outlay_figure(BASELINE, values)
    x, y = _xy(_by_gid(figure.axes[0], "optimum not an equilibrium"))
    assert list(x) == [0.5] and list(y) == [0.0]
    assert "(2 of 3 values)" in figure.axes[0].get_title()


def test_outlay_figure_shades_missing_optima():
    values = np.linspace(2.0, 12.0, 11)
    data = outlay_sweep(BASELINE, name="k", values=values)
    missing = ~data["ok_optimum"]
    assert missing.any() and data["ok_optimum"][-1]
    assert np.isnan(data["tax"][missing]).all() and np.isnan(data["scheme_outlay"][missing]).all()
    figure = outlay_figure(BASELINE, values, name="k")
    assert [p for p in figure.axes[0].patches if p.get_gid() == "no equilibrium"]
    (legend,) = figure.legends
    assert "not solved at $k$ = 2" in legend.get_title().get_text()


# ------------------------------------------------------------------ bad input
ASYMMETRIC = Params().replace(a_i=1.2)


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: payoff_maps(ASYMMETRIC), r"symmetric firms only \(params has a_i=1.2"),
        (lambda: payoff_maps("baseline"), "params must be a Params"),
        (lambda: payoff_maps(BASELINE, n=3), "n must be an integer of at least 5"),
        (lambda: payoff_with_and_without_figure(n=4.5), "n must be an integer of at least 5"),
        (lambda: report_curves(low=0.7, high=0.3), r"0 <= low < high <= 1 \(got low=0.7"),
        (lambda: report_curves(low=-0.1), "0 <= low < high <= 1"),
        (lambda: report_curves(low="a"), "low and high must be numbers"),
        (lambda: report_curves(types=[0.2]), r"types must lie in \[low, high\] = \[0.3, 0.7\]"),
        (lambda: report_curves(types=[np.nan]), "types must be finite"),
        (lambda: report_curves(types=[]), "types must be a non-empty"),
        (lambda: report_curves(reports=[0.3, 0.8]), r"reports must lie in .* \(got 0.8\)"),
        (lambda: report_curves(reports=[0.5]), "reports must be a 1-D sequence of at least 2"),
        (lambda: report_curves(nodes=0), "nodes must be an integer of at least 1"),
        (lambda: report_curves(nodes=2.5), "nodes must be an integer of at least 1"),
        (lambda: reports_figure(ASYMMETRIC), "symmetric firms only"),
        (lambda: outlay_sweep(name="c"), "name must be one of"),
        (lambda: outlay_sweep(values=[0.0, 1.5]), "delta_c=1.5 gives inadmissible parameters"),
        (lambda: outlay_figure(values=[0.1]), "values must be a 1-D sequence of at least 2"),
        (lambda: outlay_figure(values="abc"), "values must be a sequence of numbers"),
        (lambda: outlay_figure(ASYMMETRIC), "symmetric firms only"),
    ],
)  # fmt: skip
def test_bad_input_is_named(call, message):
    with pytest.raises(ValueError, match=message):
        call()
