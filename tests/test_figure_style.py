"""Every figure of the book is readable: colour-blind-safe colours and no tiny text.

Each ``*_figure`` function of the figure modules is drawn at the baseline point (with
small grids) and every artist is audited: line, marker, patch and collection colours
must come from the Okabe-Ito palette or be greys; colour maps must be greyscale or
built from those colours; no text is smaller than 8 points.  (Alt text is checked on
the built pages by the accessibility test: axe-core's ``image-alt`` rule.)
"""

import inspect
from importlib import import_module

import matplotlib.pyplot as plt
import numpy as np
import pytest
from matplotlib.collections import Collection
from matplotlib.colors import to_rgba_array
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib.text import Text

from isacmodel import Params
from isacmodel.figures.style import OKABE_ITO

MODULES = ["model", "bertrand", "welfare", "sequential", "volume", "mechanism", "atlas"]
SMALL_GRIDS = {"n": 15, "nodes": 3}
SPECIAL_ARGUMENTS = {"regimes_against_parameter_figure": {"name": "delta_c"}}
WHOLE_CALLS = {
    "atlas_heatmap_figure": lambda: {"atlas": import_module("isacmodel.verify.atlas").load_atlas()},
    "claim_maps_figure": lambda: {"panels": _mapped_panels()},
}
PALETTE = to_rgba_array(OKABE_ITO)[:, :3]
MIN_POINTS = 8.0


def _mapped_panels() -> list[tuple[str, dict]]:
    """Every baseline record of the stored atlas that has a map."""
    row = import_module("isacmodel.verify.atlas").load_atlas()["rows"][0]
    records = {**row["claims"], **row["sequential claims"]}
    return [(claim_id, record) for claim_id, record in records.items() if "map" in record]


def _figure_functions():
    for module_name in MODULES:
        module = import_module(f"isacmodel.figures.{module_name}")
        for name, function in inspect.getmembers(module, inspect.isfunction):
            if name.endswith("_figure") and function.__module__ == module.__name__:
                yield pytest.param(function, id=name)


def _draw(function) -> plt.Figure:
    if function.__name__ in WHOLE_CALLS:
        return function(**WHOLE_CALLS[function.__name__]())
    parameters = inspect.signature(function).parameters
    kwargs = {key: value for key, value in SMALL_GRIDS.items() if key in parameters}
    kwargs.update(SPECIAL_ARGUMENTS.get(function.__name__, {}))
    first = next(iter(parameters))
    return function(**{first: [Params()] if first == "params_list" else Params()}, **kwargs)


def unsafe_colours(rgba: np.ndarray) -> list[tuple]:
    """Colours (RGBA rows) that are neither greys nor Okabe-Ito colours; transparent is fine."""
    rgba = np.atleast_2d(rgba)
    visible = rgba[rgba[:, 3] > 0]
    rgb = visible[:, :3]
    grey = np.ptp(rgb, axis=1) < 1e-6
    in_palette = np.min(np.abs(rgb[:, None, :] - PALETTE[None]).max(axis=2), axis=1) < 2e-3
    return [tuple(np.round(colour, 3)) for colour in rgb[~(grey | in_palette)]]


def _colours(artist) -> np.ndarray:
    if isinstance(artist, Line2D):
        found = [artist.get_color()] if artist.get_linestyle() not in ("None", "none", "") else []
        if artist.get_marker() not in (None, "None", "none", ""):
            found += [artist.get_markerfacecolor(), artist.get_markeredgecolor()]
        return to_rgba_array([c for c in found if not (isinstance(c, str) and c == "none")])
    if isinstance(artist, Patch):
        return to_rgba_array([artist.get_facecolor(), artist.get_edgecolor()])
    if isinstance(artist, Collection):
        if artist.get_array() is not None:  # coloured by a colour map: audit the map
            cmap = artist.get_cmap()
            return cmap(np.linspace(0, 1, cmap.N if cmap.N < 256 else 64))
        return np.concatenate([to_rgba_array(artist.get_facecolor()).reshape(-1, 4),
                               to_rgba_array(artist.get_edgecolor()).reshape(-1, 4)])  # fmt: skip
    return np.empty((0, 4))


def audit(figure: plt.Figure) -> list[str]:
    """Problems of a figure: unsafe colours and text smaller than ``MIN_POINTS``."""
    problems = []
    for artist in figure.findobj():
        bad = unsafe_colours(_colours(artist))
        if bad:
            problems.append(f"{type(artist).__name__} {artist.get_gid() or ''}: colours {bad[:3]}")
        if artist.get_gid() is not None and type(artist.get_gid()) is not str:
            problems.append(f"{type(artist).__name__} gid {artist.get_gid()!r} is not a plain str")
        if isinstance(artist, Text) and artist.get_text().strip() and artist.get_visible():
            if artist.get_fontsize() < MIN_POINTS:
                problems.append(f"text {artist.get_text()!r} at {artist.get_fontsize()} pt")
    return problems


@pytest.mark.parametrize("function", list(_figure_functions()))
def test_figure_is_colour_blind_safe_and_legible(function):
    figure = _draw(function)
    try:
        problems = audit(figure)
    finally:
        plt.close(figure)
    assert not problems, "\n".join(problems)


def test_the_audit_catches_a_rainbow_map_a_pure_red_and_tiny_text():
    figure, ax = plt.subplots()
    ax.plot([0, 1], [0, 1], color="red")
    ax.pcolormesh(np.arange(9).reshape(3, 3), cmap="jet")
    ax.text(0, 0, "small", fontsize=5)
    problems = audit(figure)
    plt.close(figure)
    assert any("Line2D" in p for p in problems) and any("QuadMesh" in p for p in problems)
    assert any("small" in p for p in problems)


def test_there_are_figures_to_audit():
    assert len(list(_figure_functions())) >= 22
