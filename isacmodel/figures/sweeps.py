"""Grids and argument checks shared by the figures' data modules: numpy only, no plotting.

A figure's data module (``figures/<chapter>_data.py``) sweeps one parameter around a
point, or evaluates a grid at one point; the helpers here build those batches and
check the arguments the figures accept, so that every chapter words its errors the
same way.  Nothing here imports matplotlib.

>>> swept_batch(Params(), "a", np.array([1.0, 2.0])).a_j.tolist()
[1.0, 2.0]
>>> trend(np.array([0.0, 1.0, 2.0]), np.array([3.0, 2.0, 1.0]))
'falls'
"""

from __future__ import annotations

import numpy as np

from isacmodel.core.params import Params, ParamsBatch

__all__ = [
    "SWEEPABLE",
    "baseline_value",
    "check_name",
    "checked_levels",
    "checked_n",
    "checked_symmetric",
    "checked_values",
    "default_values",
    "intervals",
    "point_batch",
    "swept_batch",
    "trend",
]

#: Parameters the sweeps can vary; ``"a"`` moves both intercepts (the coordinated
#: regimes are defined for symmetric firms).  :data:`isacmodel.figures.style.PARAMETER_LABELS`
#: labels each.
SWEEPABLE = ("a", "b1", "b2", "gamma", "delta_d", "delta_c", "gamma1", "gamma2", "gamma3",
             "k", "rho")  # fmt: skip


def check_name(name: str, why: str = "") -> None:
    """Raise ValueError unless ``name`` is one of :data:`SWEEPABLE`.

    Parameters
    ----------
    name : str
        The parameter to sweep.
    why : str
        Appended to the explanation of ``"a"`` in the message (e.g. why the firms
        must be symmetric).
    """
    if name not in SWEEPABLE:
        raise ValueError(
            f"name must be one of {SWEEPABLE}: section 2's parameters, with 'a' moving both "
            f"intercepts a_i = a_j{why}; got {name!r}"
        )


def checked_symmetric(params: object, why: str, what: str = "params") -> Params:
    """Return ``params`` (``Params()`` if None), rejecting other types and asymmetric firms.

    Parameters
    ----------
    params : object
        The argument to check.
    why : str
        Why the firms must be symmetric, the start of the message for unequal intercepts.
    what : str
        The argument's name in the messages.

    Returns
    -------
    Params

    Raises
    ------
    ValueError
        If ``params`` is neither None nor a :class:`~isacmodel.Params`, or its
        intercepts ``a_i`` and ``a_j`` differ.
    """
    if params is None:
        return Params()
    if not isinstance(params, Params):
        raise ValueError(f"{what} must be a Params (got {type(params).__name__}: {params!r})")
    if params.a_i != params.a_j:
        raise ValueError(f"{why} ({what} has a_i={params.a_i}, a_j={params.a_j})")
    return params


def checked_values(values: object, what: str = "values") -> np.ndarray:
    """Return ``values`` as a 1-D finite float array of at least two numbers.

    Raises
    ------
    ValueError
        If ``values`` is not such a sequence (``what`` names it in the message).
    """
    try:
        array = np.asarray(values, dtype=float)
    except (TypeError, ValueError):
        raise ValueError(f"{what} must be a sequence of numbers (got {values!r})") from None
    if array.ndim != 1 or array.size < 2:
        raise ValueError(
            f"{what} must be a 1-D sequence of at least 2 numbers (got shape {array.shape})"
        )
    if not np.isfinite(array).all():
        raise ValueError(f"{what} must be finite (got {array[~np.isfinite(array)][0]})")
    return array


def checked_levels(values: object, what: str) -> np.ndarray:
    """Return ``values`` as a non-empty 1-D finite array (a single number is allowed).

    Raises
    ------
    ValueError
        If ``values`` is not such a sequence (``what`` names it in the message).
    """
    try:
        array = np.atleast_1d(np.asarray(values, dtype=float))
    except (TypeError, ValueError):
        raise ValueError(f"{what} must be a sequence of numbers (got {values!r})") from None
    if array.ndim != 1 or array.size == 0:
        raise ValueError(f"{what} must be a non-empty 1-D sequence of numbers (got {values!r})")
    if not np.isfinite(array).all():
        raise ValueError(f"{what} must be finite (got {array[~np.isfinite(array)][0]})")
    return array


def checked_n(n: object, smallest: int = 5) -> int:
    """Return ``n`` as an int; ValueError unless it is an integer of at least ``smallest``."""
    if isinstance(n, bool) or not isinstance(n, int | np.integer) or n < smallest:
        raise ValueError(f"n must be an integer of at least {smallest} (got n={n!r})")
    return int(n)


def baseline_value(params: Params, name: str) -> float:
    """Return the value of ``name`` at ``params`` (``a_i`` for ``"a"``)."""
    return params.a_i if name == "a" else getattr(params, name)


def swept_batch(params: Params, name: str, values: np.ndarray) -> ParamsBatch:
    """Return ``params`` with ``name`` set to each of ``values`` (ValueError if inadmissible)."""
    fields = {field: np.full(len(values), value) for field, value in params.as_dict().items()}
    for field in ("a_i", "a_j") if name == "a" else (name,):
        fields[field] = values
    batch = ParamsBatch(**fields)
    problems = batch.violations()
    bad = np.flatnonzero(problems != "")
    if bad.size:
        raise ValueError(
            f"{name}={values[bad[0]]:g} gives inadmissible parameters: {problems[bad[0]]}"
        )
    return batch


def point_batch(params: Params, n: int) -> ParamsBatch:
    """Return ``params`` repeated ``n`` times (to evaluate a grid for one point)."""
    return ParamsBatch(**{field: np.full(n, value) for field, value in params.as_dict().items()})


def default_values(params: Params, name: str, n: int = 21) -> np.ndarray:
    """Return ``n`` admissible values of ``name`` around ``params`` (the figures' default)."""
    g1, g2, g3 = params.gamma1, params.gamma2, params.gamma3
    ranges = {
        "a": (0.5 * params.a_i, 2 * params.a_i),
        "b1": (max(params.b2 / 0.9, 0.5 * params.b1), 2 * params.b1),
        "b2": (0.05 * params.b1, 0.9 * params.b1),
        "gamma": (0.0, 0.95),
        "delta_d": (0.0, 1.0),
        "delta_c": (0.0, 1.0),
        "gamma1": (g2 + g3 + 0.2 * (g1 - g2 - g3), 3 * g1),
        "gamma2": (0.0, 0.9 * (g1 - g3)),
        "gamma3": (0.0, 0.9 * (g1 - g2)),
        "k": (0.25 * params.k, 2.5 * params.k),
        "rho": (0.0, 0.95),
    }
    return np.linspace(*ranges[name], n)


def intervals(x: np.ndarray, mask: np.ndarray) -> list[tuple[float, float]]:
    """Maximal runs of ``x`` (sorted) where ``mask`` holds, as ``(start, end)`` pairs."""
    runs, start = [], None
    for index, flag in enumerate(mask):
        if flag and start is None:
            start = index
        if start is not None and (not flag or index == len(mask) - 1):
            end = index if flag else index - 1
            runs.append((float(x[start]), float(x[end])))
            start = None
    return runs


def trend(x: np.ndarray, y: np.ndarray) -> str:
    """Return "rises", "falls", "is flat" or "is not monotone" for ``y`` along ``x``."""
    keep = np.isfinite(y)
    steps = np.diff(y[keep][np.argsort(x[keep])])
    if steps.size == 0 or np.all(steps == 0):
        return "is flat"
    if np.all(steps >= 0):
        return "rises"
    if np.all(steps <= 0):
        return "falls"
    return "is not monotone"
