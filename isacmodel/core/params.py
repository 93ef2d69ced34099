r"""Model parameters: validated, immutable, with the paper's assumptions as methods.

Gal-Or & Ghose (2005) describe two firms with linear demand (1), a demand shift
:math:`B_i` (3), quadratic leakage costs (2) and a fixed investment cost
:math:`f(t_i, y_j)`.  A :class:`Params` holds one point of that parameter space.
Construction validates every restriction the paper (or our baseline cost family)
places on the parameters and raises :class:`ValueError` naming the condition and
the offending values, so that nothing downstream sees an inadmissible point.

Assumptions 1 and 2 of the paper involve the decision variables as well as the
parameters, so they are methods evaluated at a point ``(s_i, s_j)`` or ``t_i``;
each returns an :class:`AssumptionCheck` with its slack (positive = holds).

>>> p = Params()
>>> p.b2 < p.b1
True
>>> Params(b2=2)
Traceback (most recent call last):
...
ValueError: b2 must be smaller than b1 (got b2=2, b1=1.0)
"""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass
from numbers import Integral, Real
from types import SimpleNamespace

import numpy as np

__all__ = [
    "FIELD_NAMES",
    "MAGNITUDE_RANGE",
    "AssumptionCheck",
    "Params",
    "ParamsBatch",
    "assumption_1_bound",
    "require_batch",
    "require_count",
    "require_params",
    "require_positive",
    "require_rows",
    "require_unit_interval",
]


def assumption_1_bound(values, s):
    r"""Return the bound :math:`\bar\gamma = \delta_d s + b_2/(2 b_1)` of Assumption 1 (coded once).

    Assumption 1 is :math:`\gamma \le \bar\gamma` with ``s`` the smaller sharing level
    :math:`\min(s_1, s_2)`.  Everything that needs the bound calls this, whatever its
    numbers are: floats, numpy arrays or sympy symbols.

    Parameters
    ----------
    values : Params, ParamsBatch or Symbols
        Anything with ``delta_d``, ``b1`` and ``b2`` attributes (``SYM`` gives the
        symbolic bound).
    s : float, numpy.ndarray or sympy expression
        The smaller of the two sharing levels.

    Returns
    -------
    float, numpy.ndarray or sympy expression

    Examples
    --------
    >>> assumption_1_bound(Params(), 0.0)  # b2 / (2 b1) at the baseline
    0.3
    """
    return values.delta_d * s + values.b2 / (2 * values.b1)


@dataclass(frozen=True)
class AssumptionCheck:
    """Outcome of one of the paper's assumptions at a given point.

    Attributes
    ----------
    name : str
        Which assumption (``"Assumption 1"``, ``"Assumption 2 (s = 0)"``, ...).
    holds : bool
        Whether the inequality holds at the point.
    slack : float
        Signed distance to the boundary; positive when the assumption holds.
    detail : str
        The inequality with the numbers substituted, for reports.
    """

    name: str
    holds: bool
    slack: float
    detail: str


@dataclass(frozen=True)
class Params:
    r"""One point of the parameter space (baseline defaults; see the book's model chapter).

    Parameters
    ----------
    a_i, a_j : float
        Initial demand intercepts of firms i and j, eq. (1); positive.
    b1 : float
        Own-price slope of demand ("disloyalty"), eq. (1); positive.
    b2 : float
        Cross-price slope (substitutability), eq. (1); ``0 <= b2 < b1``.
    gamma : float
        Business-stealing effect of the rival's investment in (3); ``0 <= gamma < 1``.
    delta_d : float
        Demand spillover of the rival's shared information in (3); in ``[0, 1]``.
    delta_c : float
        Cost spillover, ``y_j = delta_c t_j s_j``; in ``[0, 1]``.
    gamma1, gamma2, gamma3 : float
        Leakage-cost coefficients of (2): ``g_i = gamma1 s_i^2 - gamma2 s_j^2 - gamma3 s_i s_j``;
        ``gamma2, gamma3 >= 0`` and ``gamma1 > gamma2 + gamma3``.
    k : float
        Scale of the fixed investment cost ``f = (k/2) t^2 (1 - rho y/(1+y))``; positive.
    rho : float
        Largest fraction of the investment cost the rival's information can save;
        ``0 <= rho < 1``.
    c : float
        Section 4: base marginal cost; positive.
    delta_hat : float
        Section 4: volume-related cost spillover; non-negative.

    Notes
    -----
    The scale parameters must also lie in the range in which the solvers are checked
    to return finite numbers, :data:`MAGNITUDE_RANGE`: ``a_i``, ``a_j``, ``b1``,
    ``gamma1`` and ``k`` in ``[1e-6, 1e6]``, ``c`` and ``delta_hat`` at most ``1e6``
    (``b2``, ``gamma2`` and ``gamma3`` are bounded by ``b1`` and ``gamma1``; the other
    fields lie in ``[0, 1]``).  Far outside it the arithmetic overflows or underflows
    (``a = 1e200`` or ``gamma1 = 1e308`` gave NaN prices); inside it every public
    solver returns finite numbers or raises
    :class:`~isacmodel.solve.results.EquilibriumError` (``tests/test_bad_input.py``
    sweeps both ends of the range).  A numpy 0-d array counts as a scalar (stored as
    its Python value).
    """

    a_i: float = 1.0
    a_j: float = 1.0
    b1: float = 1.0
    b2: float = 0.6
    gamma: float = 0.25
    delta_d: float = 0.25
    delta_c: float = 0.5
    gamma1: float = 0.06
    gamma2: float = 0.01
    gamma3: float = 0.0
    k: float = 10.0
    rho: float = 0.5
    c: float = 0.2
    delta_hat: float = 0.1

    def __post_init__(self) -> None:
        for field in dataclasses.fields(self):
            value = getattr(self, field.name)
            if isinstance(value, np.ndarray) and value.ndim == 0:  # a numpy scalar array
                value = value.item()
                object.__setattr__(self, field.name, value)
            _require_finite_real(field.name, value)
        for message in self.violations():
            raise ValueError(message)

    def violations(self) -> list[str]:
        """List every violated parameter restriction (empty when admissible).

        Returns
        -------
        list of str
            One message per violated condition, naming it and the values.
        """
        return [message(self) for holds, message in _CONDITIONS if not bool(holds(self))]

    def replace(self, **changes: float) -> Params:
        """Return a copy with some fields changed (validated again).

        Examples
        --------
        >>> Params().replace(b2=0.7).b2
        0.7
        """
        return dataclasses.replace(self, **changes)

    def as_dict(self) -> dict[str, float]:
        """Return the parameters as a plain ``{name: value}`` dictionary."""
        return dataclasses.asdict(self)

    # ----------------------------------------------------------------- assumptions
    def gamma_bar(self, s_i: float, s_j: float) -> float:
        r"""Upper bound on ``gamma`` of Assumption 1: ``delta_d min(s_i, s_j) + b2 / (2 b1)``."""
        return assumption_1_bound(self, min(s_i, s_j))

    def assumption_1(self, s_i: float, s_j: float) -> AssumptionCheck:
        r"""Assumption 1 of the paper at sharing levels ``(s_i, s_j)``.

        The rival's investment must not hurt the firm's demand too much:
        :math:`\gamma \le \delta_d \min(s_1, s_2) + b_2/(2 b_1) = \bar\gamma`.
        It is what makes :math:`\partial p_i/\partial t_j` non-negative (strictly
        positive only with strict inequality; see the errata page).

        Parameters
        ----------
        s_i, s_j : float
            Sharing levels in ``[0, 1]``.

        Returns
        -------
        AssumptionCheck
            ``slack = gamma_bar - gamma``.
        """
        _require_unit_interval("s_i", s_i)
        _require_unit_interval("s_j", s_j)
        bound = self.gamma_bar(s_i, s_j)
        slack = bound - self.gamma
        return AssumptionCheck(
            name="Assumption 1",
            holds=slack >= 0,
            slack=slack,
            detail=f"gamma={self.gamma:.4g} <= gamma_bar={bound:.4g}",
        )

    def assumption_2_margin(self, s: float, t_i: float) -> float:
        r"""Bracket of Assumption 2 at the symmetric sharing level ``s`` and investment ``t_i``.

        :math:`-(2 b_1\, \partial g_i/\partial s_i + b_2\, \partial g_j/\partial s_i)
        + b_2 \delta_d t_i`, evaluated with the quadratic leakage (2) at
        :math:`s_i = s_j = s`.  It is the numerator of :math:`\partial p_i/\partial s_i`.
        """
        dgi_dsi = (2 * self.gamma1 - self.gamma3) * s
        dgj_dsi = -(2 * self.gamma2 + self.gamma3) * s
        return -(2 * self.b1 * dgi_dsi + self.b2 * dgj_dsi) + self.b2 * self.delta_d * t_i

    def assumption_2(self, t_i: float) -> tuple[AssumptionCheck, AssumptionCheck]:
        r"""Both parts of Assumption 2 at investment level ``t_i``.

        The bracket must be positive when both firms share nothing and negative
        when both share everything.  With the quadratic leakage (2) the first part
        reduces to :math:`b_2 \delta_d t_i > 0` and the second to
        :math:`t_i < \bar t`, see :meth:`assumption_2_t_bar`.

        Parameters
        ----------
        t_i : float
            Investment level, non-negative.

        Returns
        -------
        tuple of AssumptionCheck
            ``(no sharing part, full sharing part)``; slacks are the bracket and
            minus the bracket respectively.
        """
        _require_non_negative("t_i", t_i)
        at_zero = self.assumption_2_margin(0.0, t_i)
        at_one = self.assumption_2_margin(1.0, t_i)
        return (
            AssumptionCheck(
                name="Assumption 2 (s_i = s_j = 0)",
                holds=at_zero > 0,
                slack=at_zero,
                detail=f"bracket at s=0 is {at_zero:.4g} > 0",
            ),
            AssumptionCheck(
                name="Assumption 2 (s_i = s_j = 1)",
                holds=at_one < 0,
                slack=-at_one,
                detail=f"bracket at s=1 is {at_one:.4g} < 0",
            ),
        )

    def assumption_2_t_bar(self) -> float:
        r"""Investment level above which the full-sharing part of Assumption 2 fails.

        :math:`\bar t = [2 b_1 (2\gamma_1 - \gamma_3) - b_2 (2\gamma_2 + \gamma_3)] /
        (b_2 \delta_d)`; ``inf`` when ``b2 * delta_d == 0``.
        """
        numerator = 2 * self.b1 * (2 * self.gamma1 - self.gamma3) - self.b2 * (
            2 * self.gamma2 + self.gamma3
        )
        denominator = self.b2 * self.delta_d
        return math.inf if denominator == 0 else numerator / denominator


# Each condition is a pair (holds, message) of functions of an object with the
# Params fields as attributes.  ``holds`` uses only ``&`` and comparisons, so the
# same table validates one Params (floats) and a ParamsBatch (numpy arrays).
_CONDITIONS = [
    (lambda v: v.a_i > 0, lambda v: f"a_i must be positive (got a_i={v.a_i})"),
    (lambda v: v.a_j > 0, lambda v: f"a_j must be positive (got a_j={v.a_j})"),
    (lambda v: v.b1 > 0, lambda v: f"b1 must be positive (got b1={v.b1})"),
    (lambda v: v.b2 >= 0, lambda v: f"b2 must be non-negative (got b2={v.b2})"),
    (lambda v: v.b2 < v.b1, lambda v: f"b2 must be smaller than b1 (got b2={v.b2}, b1={v.b1})"),
    (lambda v: (v.gamma >= 0) & (v.gamma < 1),
     lambda v: f"gamma must lie in [0, 1) (got gamma={v.gamma})"),
    (lambda v: (v.delta_d >= 0) & (v.delta_d <= 1),
     lambda v: f"delta_d must lie in [0, 1] (got delta_d={v.delta_d})"),
    (lambda v: (v.delta_c >= 0) & (v.delta_c <= 1),
     lambda v: f"delta_c must lie in [0, 1] (got delta_c={v.delta_c})"),
    (lambda v: v.gamma2 >= 0, lambda v: f"gamma2 must be non-negative (got gamma2={v.gamma2})"),
    (lambda v: v.gamma3 >= 0, lambda v: f"gamma3 must be non-negative (got gamma3={v.gamma3})"),
    (lambda v: v.gamma1 > v.gamma2 + v.gamma3,
     lambda v: "gamma1 must exceed gamma2 + gamma3 (got gamma1="
     f"{v.gamma1}, gamma2 + gamma3={v.gamma2 + v.gamma3})"),
    (lambda v: v.k > 0, lambda v: f"k must be positive (got k={v.k})"),
    (lambda v: (v.rho >= 0) & (v.rho < 1), lambda v: f"rho must lie in [0, 1) (got rho={v.rho})"),
    (lambda v: v.c > 0, lambda v: f"c must be positive (got c={v.c})"),
    (lambda v: v.delta_hat >= 0,
     lambda v: f"delta_hat must be non-negative (got delta_hat={v.delta_hat})"),
]  # fmt: skip

FIELD_NAMES = tuple(field.name for field in dataclasses.fields(Params))

#: Smallest and largest magnitude of a scale parameter (see the notes of :class:`Params`).
MAGNITUDE_RANGE = (1e-6, 1e6)
_POSITIVE_SCALES = ("a_i", "a_j", "b1", "gamma1", "k")


def _in_range(name: str):
    low, high = MAGNITUDE_RANGE
    return (
        lambda v: (getattr(v, name) >= low) & (getattr(v, name) <= high),
        lambda v: (
            f"{name} must lie in [{low:g}, {high:g}], the range in which the solvers "
            f"are checked (got {name}={getattr(v, name)})"
        ),
    )


# Checked after the paper's restrictions, so that a negative a_i is reported as such.
# A small marginal cost c is harmless (c = 1e-12 approximates section 2 in the tests).
_CONDITIONS += [_in_range(name) for name in _POSITIVE_SCALES]
_CONDITIONS += [
    (lambda v, name=name: getattr(v, name) <= MAGNITUDE_RANGE[1],
     lambda v, name=name: f"{name} must be at most {MAGNITUDE_RANGE[1]:g}, the range in which "
     f"the solvers are checked (got {name}={getattr(v, name)})")
    for name in ("c", "delta_hat")
]  # fmt: skip

# Checked first for a batch (a Params rejects non-finite values on construction).
_FINITE = [
    (lambda v, name=name: np.isfinite(getattr(v, name)),
     lambda v, name=name: f"{name} must be finite (got {name}={getattr(v, name)})")
    for name in reversed(FIELD_NAMES)
]  # fmt: skip


class ParamsBatch:
    """Many parameter points at once, one numpy array per :class:`Params` field.

    Used by the batch solvers and the verification sampler.  Unlike
    :class:`Params`, construction does not raise on inadmissible entries: each
    entry's violations are listed by :meth:`violations` and the batch solvers
    flag those entries instead of failing the whole batch.

    Parameters
    ----------
    **fields : array_like
        Values for any :class:`Params` fields; missing fields take the baseline
        default.  All are broadcast to one 1-D shape.

    Examples
    --------
    >>> batch = ParamsBatch(b2=[0.5, 1.5])
    >>> len(batch), batch.violations()[1]
    (2, 'b2 must be smaller than b1 (got b2=1.5, b1=1.0)')
    >>> batch.params(0).b2
    0.5
    """

    def __init__(self, **fields: object) -> None:
        unknown = sorted(set(fields) - set(FIELD_NAMES))
        if unknown:
            raise ValueError(f"unknown parameter names {unknown}; expected some of {FIELD_NAMES}")
        defaults = Params()
        arrays = [_field_array(name, fields.get(name, getattr(defaults, name)))
                  for name in FIELD_NAMES]  # fmt: skip
        lengths = {name: len(a) for name, a in zip(FIELD_NAMES, arrays, strict=True) if len(a) != 1}
        if len(set(lengths.values())) > 1:
            raise ValueError(
                f"the parameter arrays must have one length (or be scalars); got lengths {lengths}"
            )
        broadcast = np.broadcast_arrays(*arrays)
        self._values = {name: np.array(a) for name, a in zip(FIELD_NAMES, broadcast, strict=True)}

    @classmethod
    def from_params(cls, points: list[Params]) -> ParamsBatch:
        """Stack a list of :class:`Params` into a batch."""
        return cls(**{name: [getattr(p, name) for p in points] for name in FIELD_NAMES})

    def __len__(self) -> int:
        return len(self._values["a_i"])

    def __getattr__(self, name: str) -> np.ndarray:
        try:
            return self.__dict__["_values"][name]
        except KeyError:
            raise AttributeError(name) from None

    def as_dict(self) -> dict[str, np.ndarray]:
        """Return ``{field: array}`` (copies)."""
        return {name: array.copy() for name, array in self._values.items()}

    def gamma_bar(self, s_i, s_j) -> np.ndarray:
        r"""Assumption 1's bound at sharing levels ``(s_i, s_j)``, one per entry.

        :math:`\delta_d \min(s_i, s_j) + b_2/(2 b_1)` (:func:`assumption_1_bound`).
        """
        return assumption_1_bound(self, np.minimum(s_i, s_j))

    def subset(self, mask: np.ndarray) -> ParamsBatch:
        """Return the entries selected by a boolean mask or an index array."""
        is_mask = np.asarray(mask).dtype == bool
        index = np.flatnonzero(mask) if is_mask else mask  # indices select faster than a mask
        return ParamsBatch(**{name: array[index] for name, array in self._values.items()})

    def violations(self) -> np.ndarray:
        """First violated condition of each entry (``""`` when admissible), as an array of str."""
        messages = np.full(len(self), "", dtype=object)
        for holds, message in reversed(_FINITE + _CONDITIONS):
            bad = ~np.asarray(holds(self), dtype=bool)
            for index in np.flatnonzero(bad):
                messages[index] = message(self.params_unchecked(index))
        return messages

    def params_unchecked(self, index: int) -> SimpleNamespace:
        """Entry ``index`` as a plain namespace of floats (no validation)."""
        return SimpleNamespace(**{name: float(a[index]) for name, a in self._values.items()})

    def params(self, index: int) -> Params:
        """Entry ``index`` as a validated :class:`Params` (``ValueError`` if inadmissible)."""
        return Params(**{name: float(a[index]) for name, a in self._values.items()})


_REALS = "a real number or a 1-D array of real numbers"


def _field_array(name: str, value: object) -> np.ndarray:
    """Return ``value`` as a 1-D float array, or raise a ValueError naming the field."""
    array = np.atleast_1d(np.asarray(value))
    if array.dtype == object:  # e.g. None, or a list holding None (numpy would make it NaN)
        for item in array.reshape(-1):
            if isinstance(item, bool) or not isinstance(item, Real):
                raise ValueError(f"{name} must be {_REALS} (got {name}={_short(value)})")
    elif array.dtype.kind not in "iuf":  # booleans, strings, complex numbers, dates
        raise ValueError(
            f"{name} must be {_REALS} (got {name}={_short(value)}, dtype {array.dtype})"
        )
    if array.ndim != 1:
        raise ValueError(f"{name} must be a scalar or a 1-D array (got shape {array.shape})")
    return array.astype(float)


def _require_finite_real(name: str, value: object) -> None:
    if isinstance(value, bool) or not isinstance(value, Real):
        raise ValueError(f"{name} must be a real number (got {name}={value!r})")
    if not math.isfinite(value):
        raise ValueError(f"{name} must be finite (got {name}={value})")


def _require_unit_interval(name: str, value: float) -> None:
    _require_finite_real(name, value)
    if not 0 <= value <= 1:
        raise ValueError(f"{name} must lie in [0, 1] (got {name}={value})")


def _require_non_negative(name: str, value: float) -> None:
    _require_finite_real(name, value)
    if value < 0:
        raise ValueError(f"{name} must be non-negative (got {name}={value})")


# ------------------------------------------------- arguments of the public solvers
def require_params(value: object, name: str = "params") -> Params:
    """Return ``value`` if it is a :class:`Params`, else raise a TypeError naming ``name``.

    Every public single-point solver calls it first, so that ``None``, a dict or a
    string fails at once with the argument's name instead of deep inside the solver.

    Examples
    --------
    >>> require_params({"b2": 0.5})
    Traceback (most recent call last):
    ...
    TypeError: params must be an isacmodel Params, e.g. Params(b2=0.5) (got dict: {'b2': 0.5})
    """
    if not isinstance(value, Params):
        raise TypeError(
            f"{name} must be an isacmodel Params, e.g. Params(b2=0.5) "
            f"(got {type(value).__name__}: {_short(value)})"
        )
    return value


def require_batch(value: object, name: str = "batch") -> ParamsBatch:
    """Return ``value`` if it is a :class:`ParamsBatch`, else raise a TypeError naming ``name``."""
    if not isinstance(value, ParamsBatch):
        raise TypeError(
            f"{name} must be an isacmodel ParamsBatch, e.g. ParamsBatch(b2=[0.4, 0.5]) "
            f"(got {type(value).__name__}: {_short(value)})"
        )
    return value


def require_count(minimum: int, **values: object) -> None:
    """Raise unless each keyword's value is an integer of at least ``minimum`` (a grid size).

    Raises
    ------
    TypeError
        If a value is not an integer (booleans included), naming the keyword.
    ValueError
        If it is smaller than ``minimum``, naming the keyword.

    Examples
    --------
    >>> require_count(2, grid=1)
    Traceback (most recent call last):
    ...
    ValueError: grid must be at least 2 (got grid=1)
    """
    for name, value in values.items():
        if isinstance(value, bool) or not isinstance(value, Integral):
            raise TypeError(f"{name} must be an integer (got {name}={_short(value)})")
        if value < minimum:
            raise ValueError(f"{name} must be at least {minimum} (got {name}={value})")


def require_positive(**values: object) -> None:
    """Raise a ValueError naming the keyword unless each value is finite and positive (a step).

    Examples
    --------
    >>> require_positive(tolerance=float("nan"))
    Traceback (most recent call last):
    ...
    ValueError: tolerance must be finite (got tolerance=nan)
    """
    for name, value in values.items():
        _require_finite_real(name, value)
        if not value > 0:
            raise ValueError(f"{name} must be positive (got {name}={value})")


def require_unit_interval(**values: object) -> None:
    """Raise a ValueError naming the keyword unless each value is a real number in [0, 1]."""
    for name, value in values.items():
        _require_unit_interval(name, value)


def require_rows(name: str, value: object, rows: int, columns: int) -> np.ndarray:
    """Return ``value`` as a float array of shape ``(rows, columns)`` or raise a ValueError.

    ``rows == 0`` stands for one row given as a flat sequence of ``columns`` numbers
    (the start of a single-point solver).
    """
    try:
        array = np.array(value, dtype=float)
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be an array of real numbers (got {_short(value)})") from None
    shape = (columns,) if rows == 0 else (rows, columns)
    if array.shape != shape:
        raise ValueError(f"{name} must have shape {shape} (got shape {array.shape})")
    return array


def _short(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."
