"""Figures and the kernel-free frame slider: self-contained HTML, clear errors."""

import re

import matplotlib

matplotlib.use("Agg")

import pytest  # noqa: E402

from isacmodel import Params  # noqa: E402
from isacmodel.figures.model import demand_shift_figure  # noqa: E402
from isacmodel.widgets import frame_slider, live_explorer  # noqa: E402


def test_demand_shift_figure_draws_one_curve_per_rival_sharing_level():
    figure = demand_shift_figure(Params(), t=0.5, rival_sharing=(0.0, 0.3, 0.6, 1.0))
    lines = figure.axes[0].get_lines()
    assert len(lines) == 4
    # the rival's disclosure lifts the curve (delta_d t s_j outweighs gamma2 s_j^2 here)
    starts = [line.get_ydata()[0] for line in lines]
    assert starts == sorted(starts)


def test_frame_slider_is_self_contained_html():
    html = frame_slider(
        lambda d: demand_shift_figure(Params(delta_d=d)), [0.0, 0.5, 1.0], "delta_d", start=1
    ).data
    assert html.count("<img") == 3 and html.count(" hidden>") == 2
    assert not re.search(r"(src|href)=\"(https?:)?//", html), "the slider must not fetch anything"
    assert 'value="1"' in html and "delta_d = 0.5" in html


def test_frame_slider_is_deterministic():
    def render():
        return frame_slider(lambda d: demand_shift_figure(Params(delta_d=d)), [0.0, 1.0], "x").data

    assert render() == render()


@pytest.mark.parametrize(
    ("values", "start", "message"),
    [([0.5], 0, "at least two values"), ([0.0, 1.0], 2, "start must index values")],
)
def test_frame_slider_rejects_bad_input(values, start, message):
    with pytest.raises(ValueError, match=message):
        frame_slider(lambda d: demand_shift_figure(Params()), values, "x", start=start)


def test_live_explorer_redraws_when_a_slider_moves():
    calls = []

    def figure_for(delta_d):
        calls.append(delta_d)
        return demand_shift_figure(Params(delta_d=delta_d))

    box = live_explorer(figure_for, delta_d=(0.0, 1.0, 0.25, 0.25))
    box.children[0].value = 0.75
    assert calls == [0.25, 0.75]


def test_live_explorer_does_not_swallow_errors_of_the_figure_function():
    def broken(delta_d):
        raise RuntimeError("figure failed")

    with pytest.raises(RuntimeError, match="figure failed"):
        live_explorer(broken, delta_d=(0.0, 1.0, 0.25, 0.25))


def test_welfare_explorer_solves_every_regime_and_reports_unbounded_optima(capsys):
    from isacmodel.widgets import welfare_explorer

    box = welfare_explorer()
    names = [child.description for child in box.children[:-1]]
    assert names == ["b2", "gamma", "delta_d", "delta_c", "k", "rho"]
    slider = dict(zip(names, box.children[:-1], strict=True))

    def shown() -> str:
        texts = (item.get("text", "") for item in box.children[-1].outputs)
        return capsys.readouterr().out + "".join(texts)

    first = shown()
    for regime in ("nash", "joint profit", "collusion", "social optimum"):
        assert f"{regime}: s=(" in first
    assert "s=(0.8481, 0.8481)" in first  # the planner at the baseline
    slider["rho"].value = 0.9  # cheap spillover savings: the planner's welfare is unbounded
    assert "unbounded" in shown()
    import matplotlib.pyplot as plt

    plt.close("all")


def test_sequential_explorer_solves_both_timings(capsys):
    from isacmodel.widgets import sequential_explorer

    box = sequential_explorer()
    texts = (item.get("text", "") for item in box.children[-1].outputs)
    shown = capsys.readouterr().out + "".join(texts)
    assert "nash: s=(0.0508, 0.0508)" in shown and "stackelberg: s=(0.0526" in shown
    import matplotlib.pyplot as plt

    plt.close("all")


def test_volume_explorer_solves_section_4_and_reports_the_corner(capsys):
    from isacmodel.widgets import volume_explorer

    box = volume_explorer()
    names = [child.description for child in box.children[:-1]]
    assert names == ["c", "delta_hat", "delta_d", "gamma3", "k", "b2"]
    slider = dict(zip(names, box.children[:-1], strict=True))

    def shown() -> str:
        texts = (item.get("text", "") for item in box.children[-1].outputs)
        return capsys.readouterr().out + "".join(texts)

    assert "nash, volume-related costs: s=(0.0" in shown()
    slider["delta_hat"].value = 0.6  # sharing stops: the corner is reported
    assert "s=(0.0000, 0.0000)" in shown()
    import matplotlib.pyplot as plt

    plt.close("all")


def test_mechanism_explorer_solves_the_game_with_the_scheme(capsys):
    from isacmodel.widgets import mechanism_explorer

    box = mechanism_explorer()
    names = [child.description for child in box.children[:-1]]
    assert names == ["delta_c", "rho", "k", "b2", "gamma"]
    slider = dict(zip(names, box.children[:-1], strict=True))

    def shown() -> str:
        texts = (item.get("text", "") for item in box.children[-1].outputs)
        return capsys.readouterr().out + "".join(texts)

    first = shown()
    assert "s=(0.8481, 0.8481)" in first and "net outlay=" in first
    slider["rho"].value = 0.8
    shown()
    slider["k"].value = 5.0  # investment too cheap for the planner: welfare is unbounded
    assert "unbounded" in shown()
    import matplotlib.pyplot as plt

    plt.close("all")
