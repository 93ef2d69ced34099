"""Interactive figures: live ipywidgets explorers and kernel-free frame sliders.

Two layers, one figure function (from a chapter's module in :mod:`isacmodel.figures`):

* :func:`frame_slider` pre-renders the figure for a grid of parameter values and
  returns plain HTML: the frames, an ``<input type="range">`` and a few lines of
  our own JavaScript that show the frame under the slider.  It works in the static
  HTML book, offline, with no kernel and no third-party script.
* :func:`live_explorer` wires the same figure function to an ipywidgets slider,
  redrawing on every move; it needs a running kernel (Jupyter).
* :func:`nash_explorer` is a ready-made live explorer for section 2.1: the reaction
  functions and the Nash equilibrium as six parameters move; :func:`welfare_explorer`
  does the same for section 2.2's regimes and their welfare, and
  :func:`sequential_explorer` for section 3's leader-follower game.

>>> from isacmodel import Params
>>> from isacmodel.figures.model import demand_shift_figure
>>> html = frame_slider(lambda d: demand_shift_figure(Params(delta_d=d)), [0.0, 1.0], "delta_d")
>>> html.data.count("<img")
2
"""

from __future__ import annotations

import base64
import functools
import hashlib
import html
import io
from collections.abc import Callable, Sequence
from types import ModuleType
from typing import TYPE_CHECKING

import matplotlib.pyplot as plt
from IPython.display import HTML, display

from isacmodel.core.params import Params
from isacmodel.figures.bertrand import reaction_functions_figure
from isacmodel.figures.mechanism import payoff_with_and_without_figure
from isacmodel.figures.sequential import leader_follower_figure
from isacmodel.figures.volume import volume_paths_figure
from isacmodel.figures.welfare import regime_welfare_figure
from isacmodel.solve.mechanism import solve_mechanism_nash
from isacmodel.solve.nash import solve_nash
from isacmodel.solve.optima import solve_collusion, solve_joint_profit, solve_social_optimum
from isacmodel.solve.results import EquilibriumError
from isacmodel.solve.sequential import solve_stackelberg
from isacmodel.solve.volume import solve_volume_nash

if TYPE_CHECKING:
    import ipywidgets

__all__ = [
    "frame_slider",
    "live_explorer",
    "mechanism_explorer",
    "nash_explorer",
    "sequential_explorer",
    "volume_explorer",
    "welfare_explorer",
]

#: Default slider range ``(min, max, step)`` of each parameter an explorer moves;
#: an explorer overrides the ranges its model needs (see :func:`_sliders`).
_RANGES = {
    "b2": (0.0, 0.9, 0.05),
    "gamma": (0.0, 0.9, 0.05),
    "delta_d": (0.0, 1.0, 0.05),
    "delta_c": (0.0, 1.0, 0.05),
    "k": (1.0, 20.0, 0.25),
    "rho": (0.0, 0.9, 0.05),
    "a_i": (0.5, 2.0, 0.05),
    "c": (0.05, 0.5, 0.05),
    "delta_hat": (0.0, 0.6, 0.02),
    "gamma3": (0.0, 0.05, 0.005),
}


def _sliders(
    names: str, **ranges: tuple[float, float, float]
) -> dict[str, tuple[float, float, float]]:
    """Return the slider ranges of the space-separated ``names``, in that order.

    A name's range is its keyword in ``ranges`` if given, else its entry in :data:`_RANGES`.
    """
    return {name: ranges.get(name, _RANGES[name]) for name in names.split()}


#: Slider ranges ``(min, max, step)`` of :func:`nash_explorer`; all admissible with
#: the other parameters at the baseline (``b2 < b1 = 1``).
NASH_EXPLORER_SLIDERS = _sliders(
    "b2 gamma delta_d delta_c k a_i", b2=(0.0, 0.95, 0.05), gamma=(0.0, 0.95, 0.05)
)
#: Slider ranges of :func:`welfare_explorer` and :func:`sequential_explorer`.
WELFARE_EXPLORER_SLIDERS = _sliders("b2 gamma delta_d delta_c k rho")
#: Slider ranges of :func:`volume_explorer`.
VOLUME_EXPLORER_SLIDERS = _sliders("c delta_hat delta_d gamma3 k b2", k=(1.0, 40.0, 1.0))
#: Slider ranges of :func:`mechanism_explorer`.
MECHANISM_EXPLORER_SLIDERS = _sliders(
    "delta_c rho k b2 gamma", rho=(0.0, 0.8, 0.05), k=(5.0, 20.0, 0.5), gamma=(0.0, 0.5, 0.05)
)

_SCRIPT = """
(function () {
  var root = document.getElementById("%(id)s");
  var slider = root.querySelector("input[type=range]");
  var readout = root.querySelector("output");
  var frames = root.querySelectorAll("img");
  function show() {
    var index = Number(slider.value);
    frames.forEach(function (frame, i) { frame.hidden = i !== index; });
    readout.textContent = frames[index].dataset.label;
    slider.setAttribute("aria-valuetext", frames[index].dataset.label);
  }
  slider.addEventListener("input", show);
  show();
})();
"""


def _ipywidgets() -> ModuleType:
    """Import ipywidgets on first use by a live explorer.

    Lazy on purpose: ipywidgets is optional (the ``widgets`` extra of the package) and
    only the live explorers need it, not :func:`frame_slider`.  Measured with
    ``python -X importtime`` (after matplotlib and IPython.display, which this module
    imports anyway), it adds 0.16-0.37 s to the 3.6-4.2 s import of this module on the
    2-core build machine, which the processes that only render frames (the tests, the
    chapters without an explorer) need not pay.
    """
    import ipywidgets  # noqa: PLC0415 (measured cost, see above)

    return ipywidgets


def _png(figure: plt.Figure, dpi: int) -> str:
    """Render ``figure`` as a base64 PNG at ``dpi`` and close it."""
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=dpi)
    plt.close(figure)
    return base64.b64encode(buffer.getvalue()).decode("ascii")


def frame_slider(
    figure_for: Callable[[float], plt.Figure],
    values: Sequence[float],
    name: str,
    start: int = 0,
    dpi: int = 80,
    alt: str = "",
) -> HTML:
    """Pre-render ``figure_for(value)`` for each value behind a kernel-free range slider.

    Parameters
    ----------
    figure_for : callable
        Maps one parameter value to a matplotlib figure (closed after rendering).
    values : sequence of float
        The grid of values, one frame each (at least two).
    name : str
        Parameter name shown next to the slider (plain text).
    start : int
        Index of the frame shown first.
    dpi : int
        Resolution of the frames.
    alt : str
        Alternative text for the frames; ``"<name> = <value>"`` is appended.

    Returns
    -------
    IPython.display.HTML
        Self-contained HTML (images as data URIs, inline script, no network).

    Raises
    ------
    ValueError
        If fewer than two values are given or ``start`` is out of range.
    """
    if len(values) < 2:
        raise ValueError(f"frame_slider needs at least two values (got {len(values)})")
    if not 0 <= start < len(values):
        raise ValueError(f"start must index values (got start={start}, {len(values)} values)")
    labels = [f"{name} = {value:g}" for value in values]
    images = [_png(figure_for(value), dpi) for value in values]
    digest = hashlib.sha1("".join(images).encode()).hexdigest()[:12]
    element_id = f"isac-frames-{digest}"
    frames = "\n".join(
        f'<img src="data:image/png;base64,{image}" data-label="{html.escape(label)}" '
        f'alt="{html.escape((alt + " " if alt else "") + label)}" style="max-width:100%"'
        f"{'' if index == start else ' hidden'}>"
        for index, (image, label) in enumerate(zip(images, labels, strict=True))
    )
    markup = (
        f'<div class="isac-frames" id="{element_id}">\n'
        f'<label>{html.escape(name)} <input type="range" min="0" max="{len(values) - 1}" '
        f'step="1" value="{start}" aria-label="{html.escape(name)}"></label> '
        f"<output>{html.escape(labels[start])}</output>\n{frames}\n</div>\n"
        f"<script>{_SCRIPT % {'id': element_id}}</script>"
    )
    return HTML(markup)


def live_explorer(
    figure_for: Callable[..., plt.Figure], **sliders: tuple[float, float, float, float]
) -> ipywidgets.VBox:
    """Redraw ``figure_for(**values)`` as ipywidgets sliders move (needs a kernel).

    Parameters
    ----------
    figure_for : callable
        Takes the slider values as keyword arguments and returns a figure.
    **sliders
        ``name=(min, max, step, initial)`` for each slider.

    Returns
    -------
    ipywidgets.VBox
        The sliders above an output area holding the current figure.
    """
    return _slider_box(sliders, lambda values: (None, figure_for(**values)))


def _slider_box(
    sliders: dict[str, tuple[float, float, float, float]],
    frame: Callable[[dict[str, float]], tuple[str | None, plt.Figure | None]],
) -> ipywidgets.VBox:
    """Sliders ``name=(min, max, step, initial)`` above an output area showing ``frame(values)``.

    ``frame`` maps the sliders' values by name to a text (printed unless None) and a
    figure (shown and closed unless None).  It runs once when the box is built and
    again on every move, outside the output area, which would swallow its
    exceptions.  The readouts show two decimals (the ``FloatSlider`` default, stated).
    """
    widgets = _ipywidgets()
    controls = {
        name: widgets.FloatSlider(
            value=initial, min=low, max=high, step=step, description=name,
            continuous_update=False, readout_format=".2f",
        )
        for name, (low, high, step, initial) in sliders.items()
    }  # fmt: skip
    output = widgets.Output()

    def redraw(_change: object = None) -> None:
        """Show the frame at the sliders' values in the output area."""
        text, figure = frame({name: control.value for name, control in controls.items()})
        with output:
            output.clear_output(wait=True)
            if text is not None:
                print(text)
            if figure is not None:
                display(figure)
        if figure is not None:
            plt.close(figure)

    for control in controls.values():
        control.observe(redraw, names="value")
    redraw()
    return widgets.VBox([*controls.values(), output])


def _solver_explorer(
    params: Params,
    sliders: dict[str, tuple[float, float, float]],
    render: Callable[[Params], tuple[str, plt.Figure]],
) -> ipywidgets.VBox:
    """Sliders for some parameters of ``params``; ``render(point)`` gives a text and a figure.

    A point the solvers reject (:class:`EquilibriumError`, ``ValueError``) shows
    the error message instead of a figure.
    """
    ranges = {name: (*bounds, getattr(params, name)) for name, bounds in sliders.items()}

    def frame(values: dict[str, float]) -> tuple[str, plt.Figure | None]:
        """Solve and draw at ``values``; the message alone if the solvers refuse."""
        try:
            return render(params.replace(**values))
        except (EquilibriumError, ValueError) as error:
            return f"{type(error).__name__}: {error}", None

    return _slider_box(ranges, frame)


def _baseline(params: Params | None) -> Params:
    """Return ``params``, or the baseline if it is None."""
    return Params() if params is None else params


def _nash_frame(point: Params, n: int) -> tuple[str, plt.Figure]:
    """Return the Nash equilibrium's summary and the reaction functions at ``point``."""
    return solve_nash(point).summary(), reaction_functions_figure(point, n=n)


def _welfare_frame(point: Params) -> tuple[str, plt.Figure]:
    """Return each regime's summary and welfare, and the regimes' figure, at ``point``."""
    solvers = (solve_nash, solve_joint_profit, solve_collusion, solve_social_optimum)
    results = [solve(point) for solve in solvers]
    text = "\n".join(f"{result.summary()} welfare={result.welfare:.4f}" for result in results)
    return text, regime_welfare_figure(point)


def _sequential_frame(point: Params) -> tuple[str, plt.Figure]:
    """Return both timings' summaries and the leader-follower figure at ``point``."""
    text = f"{solve_nash(point).summary()}\n{solve_stackelberg(point).summary()}"
    return text, leader_follower_figure(point)


def _volume_frame(point: Params) -> tuple[str, plt.Figure]:
    """Return section 4's equilibrium summary and the volume paths at ``point``."""
    return solve_volume_nash(point).summary(), volume_paths_figure(point)


def _mechanism_frame(point: Params) -> tuple[str, plt.Figure]:
    """Return the scheme's summary, welfare, tax and outlay, and the payoff maps, at ``point``."""
    result = solve_mechanism_nash(point)
    extra = result.extra
    text = (f"{result.summary()} welfare={extra['welfare']:.4f} "
            f"tax={extra['tax']:.4f} net outlay={extra['net outlay']:.2e}")  # fmt: skip
    return text, payoff_with_and_without_figure(point, n=41)


def nash_explorer(params: Params | None = None, n: int = 41) -> ipywidgets.VBox:
    """Live explorer of section 2.1: reaction functions and the Nash equilibrium (needs a kernel).

    Sliders for ``b2, gamma, delta_d, delta_c, k, a_i`` (ranges in
    :data:`NASH_EXPLORER_SLIDERS`, starting from ``params``); on every move the
    equilibrium is solved again (:func:`isacmodel.solve.nash.solve_nash`), its one-line
    summary printed and the reaction functions redrawn
    (:func:`isacmodel.figures.bertrand.reaction_functions_figure`).  A point without a stable
    interior equilibrium, or an inadmissible one, shows the solver's message
    instead of a figure.

    Parameters
    ----------
    params : Params, optional
        Starting point and the values of the parameters without a slider; the
        baseline by default.
    n : int
        Points per reaction curve (fewer redraw faster).

    Returns
    -------
    ipywidgets.VBox
        The sliders above an output area holding the summary and the figure.
    """
    render = functools.partial(_nash_frame, n=n)
    return _solver_explorer(_baseline(params), NASH_EXPLORER_SLIDERS, render)


def welfare_explorer(params: Params | None = None) -> ipywidgets.VBox:
    """Live explorer of section 2.2: the regimes' choices and welfare (needs a kernel).

    Sliders for ``b2, gamma, delta_d, delta_c, k, rho`` (ranges in
    :data:`WELFARE_EXPLORER_SLIDERS`); on every move the market equilibrium, the
    joint-profit ISA, the colluding ISA and the planner are solved again, their
    one-line summaries printed and
    :func:`isacmodel.figures.welfare.regime_welfare_figure` redrawn.  Where an
    optimum does not exist the solver's message is shown instead.

    Parameters
    ----------
    params : Params, optional
        Starting point; the baseline by default.

    Returns
    -------
    ipywidgets.VBox
        The sliders above an output area holding the summaries and the figure.
    """
    return _solver_explorer(_baseline(params), WELFARE_EXPLORER_SLIDERS, _welfare_frame)


def sequential_explorer(params: Params | None = None) -> ipywidgets.VBox:
    """Live explorer of section 3: the leader-follower game against simultaneous play (kernel).

    Same sliders as :func:`welfare_explorer`; on every move the simultaneous Nash
    equilibrium and the leader-follower equilibrium are solved again, their
    summaries printed and
    :func:`isacmodel.figures.sequential.leader_follower_figure` redrawn.

    Parameters
    ----------
    params : Params, optional
        Starting point; the baseline by default.

    Returns
    -------
    ipywidgets.VBox
        The sliders above an output area holding the summaries and the figure.
    """
    return _solver_explorer(_baseline(params), WELFARE_EXPLORER_SLIDERS, _sequential_frame)


def volume_explorer(params: Params | None = None) -> ipywidgets.VBox:
    """Live explorer of section 4: equilibrium sharing and investment (needs a kernel).

    Sliders for ``c, delta_hat, delta_d, gamma3, k, b2`` (ranges in
    :data:`VOLUME_EXPLORER_SLIDERS`); on every move the symmetric equilibrium is
    solved again (:func:`isacmodel.solve.volume.solve_volume_nash`), its summary printed
    and :func:`isacmodel.figures.volume.volume_paths_figure` redrawn.  Where there
    is no equilibrium the solver's message is shown instead.

    Parameters
    ----------
    params : Params, optional
        Starting point (``delta_c`` is set to 0, as section 4 assumes); the baseline
        by default.

    Returns
    -------
    ipywidgets.VBox
        The sliders above an output area holding the summaries and the figure.
    """
    start = _baseline(params).replace(delta_c=0.0)
    return _solver_explorer(start, VOLUME_EXPLORER_SLIDERS, _volume_frame)


def mechanism_explorer(params: Params | None = None) -> ipywidgets.VBox:
    """Live explorer of Appendix B: the game with the subsidy and the tax (needs a kernel).

    Sliders for ``delta_c, rho, k, b2, gamma`` (ranges in
    :data:`MECHANISM_EXPLORER_SLIDERS`); on every move the game with the scheme is
    solved again (:func:`isacmodel.solve.mechanism.solve_mechanism_nash`), its summary
    and the government's net outlay printed, and
    :func:`isacmodel.figures.mechanism.payoff_with_and_without_figure` redrawn.
    Where the welfare optimum does not exist the solver's message is shown.

    Parameters
    ----------
    params : Params, optional
        Starting point; the baseline by default.

    Returns
    -------
    ipywidgets.VBox
        The sliders above an output area holding the summaries and the figure.
    """
    return _solver_explorer(_baseline(params), MECHANISM_EXPLORER_SLIDERS, _mechanism_frame)
