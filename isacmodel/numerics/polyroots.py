"""Real roots of many polynomials at once: companion matrices, closed forms and Newton.

The kernels behind every exact solver of the package (the baseline's symmetric quintic
and best-response cubic of section 2.1, the cooperative regimes' investment cubic of
section 2.2, section 4's conditions): each row of a coefficient array (highest degree
first) is one polynomial, and the roots come back NaN- or inf-padded, one row each.

* :func:`batch_real_roots`: every real root (closed form for cubics, eigenvalues of the
  companion matrix otherwise), polished by Newton steps on the untrimmed polynomial;
* :func:`roots_in_interval`: the real roots in ``(0, upper)``, certified by Descartes'
  rule of signs (:func:`sign_variations`) where possible and then found by Newton's
  method, else by eigenvalues;
* :func:`real_roots`: the real roots of one polynomial, as a sorted list.

Why hand-written and not :func:`scipy.optimize.elementwise.find_root` (scipy 1.17):
on the same rows (the symmetric quintics of 20,000 box draws that change sign once in
``(0, 1/kappa)``) both find the same roots (largest relative gap 8e-16), but scipy's
took 1.5 to 2.7 times as long as :func:`bracketed_root` in ``benchmarks/run.py``
(``bench_numerics``, two runs on a shared machine).
"""

from __future__ import annotations

import math

import numpy as np

__all__ = [
    "batch_real_roots",
    "bracketed_root",
    "real_roots",
    "roots_in_interval",
    "sign_variations",
]


def _large(coefficients: np.ndarray) -> np.ndarray:
    """Coefficients that are not negligible (relative size 1e-13) against a row's largest."""
    scale = np.max(np.abs(coefficients), axis=-1, keepdims=True)
    return np.abs(coefficients) > 1e-13 * scale


def _significant(coefficients: np.ndarray) -> np.ndarray:
    """Leading-coefficient mask: False for leading terms negligible against the largest.

    A leading coefficient of relative size 1e-13 only adds roots near 1e13 (far
    outside any admissible investment level) and would overflow the companion matrix.
    """
    return np.cumsum(_large(coefficients), axis=-1) > 0


def _polish(coefficients: np.ndarray, roots: np.ndarray, steps: int = 3) -> np.ndarray:
    """Newton steps on the full polynomials (rows of ``coefficients``) from ``roots`` (rows).

    Roots come from companion matrices of possibly trimmed polynomials; a few Newton
    steps on the untrimmed polynomial remove both the trimming and the eigenvalue error.
    A root whose residual is still not small relative to the size of the polynomial's
    terms there was spurious (an artefact of trimming) and becomes NaN.
    """
    present = ~np.isnan(roots)
    if present.all():
        return _newton_polish(coefficients, roots, steps)
    # NaN stays NaN: polish only the roots present, one polynomial row per root
    rows, columns = np.nonzero(present)
    polished = np.full(roots.shape, np.nan)
    polished[rows, columns] = _newton_polish(coefficients[rows], roots[rows, columns], steps)
    return polished


def _newton_polish(coefficients: np.ndarray, roots: np.ndarray, steps: int) -> np.ndarray:
    """:func:`_polish` where every root is present; ``roots`` of shape ``(n,)`` or ``(n, m)``."""
    degree = coefficients.shape[1] - 1
    derivative = coefficients[:, :-1] * np.arange(degree, 0, -1)
    for _ in range(steps):
        value = _horner(coefficients, roots)
        slope = _horner(derivative, roots)
        with np.errstate(all="ignore"):
            step = np.where(slope != 0, value / slope, 0.0)
        roots = np.where(np.isfinite(step), roots - step, roots)
    with np.errstate(all="ignore"):
        size = _horner(np.abs(coefficients), np.abs(roots))  # scale of the terms at the root
        converged = np.abs(_horner(coefficients, roots)) <= 1e-9 * size
    return np.where(converged, roots, np.nan)


def _horner(coefficients: np.ndarray, x: np.ndarray) -> np.ndarray:
    """Evaluate row ``i`` of ``coefficients`` (highest first) at ``x[i]`` (a value or a row)."""
    result = np.zeros_like(x)
    for column in range(coefficients.shape[1]):
        term = coefficients[:, column]
        result = result * x + (term[:, None] if x.ndim == 2 else term)
    return result


def real_roots(coefficients: np.ndarray) -> list[float]:
    """Real roots of one polynomial (highest degree first), polished, as a sorted list."""
    coefficients = np.asarray(coefficients, dtype=float)
    if not np.all(np.isfinite(coefficients)) or not np.any(coefficients):
        return []
    full = coefficients
    coefficients = coefficients[_significant(coefficients)]
    if len(coefficients) < 2:
        return []
    roots = np.roots(coefficients)
    real = roots[np.abs(roots.imag) <= 1e-9 * np.maximum(1.0, np.abs(roots))].real
    polished = _polish(full[None, :], real[None, :])[0]
    return sorted(float(r) for r in polished if np.isfinite(r))


def batch_real_roots(coefficients: np.ndarray) -> np.ndarray:
    """Real roots of many polynomials (rows, highest degree first); NaN-padded, ``(n, deg)``."""
    n, width = coefficients.shape
    degree = width - 1
    roots = np.full((n, degree), np.nan)
    with np.errstate(invalid="ignore"):  # the first significant coefficient (_significant)
        large = _large(coefficients)
        usable = large.any(axis=1) & np.isfinite(coefficients).all(axis=1)
    leading = np.where(usable, large.argmax(axis=1), width)
    groups = np.flatnonzero(np.bincount(leading, minlength=width + 1))
    for first in groups:
        rows = slice(None) if len(groups) == 1 else np.flatnonzero(leading == first)
        d = degree - first
        if d < 1:
            continue
        normalised = coefficients[rows, first + 1 :] / coefficients[rows, first][:, None]
        if d == 3:  # closed form: ~20 times faster than eigenvalues of 3x3 companions
            roots[rows, :3] = _monic_cubic_roots(normalised)
            continue
        companion = np.zeros((len(normalised), d, d))
        companion[:, 0, :] = -normalised
        companion[:, np.arange(1, d), np.arange(d - 1)] = 1.0
        eigenvalues = np.linalg.eigvals(companion)
        real = np.abs(eigenvalues.imag) <= 1e-9 * np.maximum(1.0, np.abs(eigenvalues))
        roots[rows, :d] = np.where(real, eigenvalues.real, np.nan)
    with np.errstate(all="ignore"):
        return _polish(coefficients, roots)


def roots_in_interval(coefficients: np.ndarray, upper: np.ndarray) -> np.ndarray:
    """Real roots in ``(0, upper)`` of many polynomials; ascending, +inf padded, ``(n, deg)``.

    The roots :func:`batch_real_roots` finds, restricted to the interval, found
    faster.  Descartes' rule of signs on the interval (:func:`sign_variations`)
    certifies for most rows that there is no root there or exactly one, a simple
    root; Newton's method finds that one (:func:`_single_root`) and :func:`_polish`
    finishes it as it finishes the eigenvalues.  Where :func:`_significant` trims
    negligible leading terms (the eigenvalues are then those of the trimmed
    polynomial), the trimmed polynomial must have the same certificate.  Rows
    without one (several roots possible, a sign too close to zero to trust) take
    the eigenvalues.
    """
    n, width = coefficients.shape
    with np.errstate(invalid="ignore"):
        usable = np.isfinite(coefficients).all(axis=1) & np.isfinite(upper) & (upper > 0)
    rows = np.flatnonzero(usable)
    polynomials, bounds = coefficients[rows], upper[rows]
    with np.errstate(all="ignore"):  # overflow leaves a row uncertain
        variations, certain = sign_variations(polynomials, bounds)
    trimmed = np.flatnonzero(~_large(polynomials)[:, 0])  # a leading term _significant drops
    if trimmed.size:
        kept = np.where(_significant(polynomials[trimmed]), polynomials[trimmed], 0.0)
        with np.errstate(all="ignore"):
            count, sure = sign_variations(kept, bounds[trimmed])
        certain[trimmed] &= sure & (count == variations[trimmed])
    single = np.flatnonzero(certain & (variations == 1))
    root = _single_root(polynomials[single], bounds[single])
    with np.errstate(invalid="ignore"):
        inside = (root > 0) & (root < bounds[single])
    roots = np.full((n, width - 1), np.inf)
    roots[rows[single], 0] = np.where(inside, root, np.inf)
    hard = np.ones(n, dtype=bool)
    hard[rows[certain & (variations == 0)]] = False
    hard[rows[single[np.isfinite(root)]]] = False
    hard = np.flatnonzero(hard)
    found = batch_real_roots(coefficients[hard])
    with np.errstate(invalid="ignore"):
        found = np.where((found > 0) & (found < upper[hard, None]), found, np.inf)
    roots[hard] = np.sort(found, axis=1)
    return roots


def sign_variations(coefficients: np.ndarray, upper: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    r"""Descartes' rule of signs on ``(0, upper)``: a bound on the number of roots there.

    The substitution :math:`x = U u / (1 + u)` maps ``(0, U)`` onto
    :math:`(0, \infty)`; the sign changes in the coefficients of
    :math:`(1 + u)^d P(U u / (1 + u))` bound the number of roots of :math:`P` in
    ``(0, U)``, counted with multiplicity, and have its parity: no change means no
    root, one change exactly one (Collins and Akritas 1976).

    Returns
    -------
    tuple of numpy.ndarray
        ``(variations, certain)``, one entry per row; ``certain`` is False where a
        transformed coefficient is too small against the terms summed into it (below
        1e-10 of them) for its sign, and so the count, to be trusted.
    """
    n, width = coefficients.shape
    degree = width - 1
    transformed = [np.zeros(n) for _ in range(width)]
    magnitude = [np.zeros(n) for _ in range(width)]
    power = np.ones(n)
    for k in range(width):  # the term of x^k, times U^k, spread by (1 + u)^(d - k)
        term = coefficients[:, degree - k] * power
        size = np.abs(term)
        for j in range(k, width):
            weight = math.comb(degree - k, j - k)
            transformed[j] += weight * term
            magnitude[j] += weight * size
        power = power * upper
    certain = np.ones(n, dtype=bool)
    variations = np.zeros(n, dtype=int)
    for j in range(width):
        certain &= np.abs(transformed[j]) > 1e-10 * magnitude[j]
        if j:
            variations += (transformed[j] > 0) != (transformed[j - 1] > 0)
    return variations, certain


def _single_root(coefficients: np.ndarray, upper: np.ndarray, newton_steps: int = 2):
    """Find the one root in ``(0, upper)`` of polynomials that change sign there once, polished.

    Newton's method from the root of the linear Taylor polynomial at 0 (for the
    symmetric quintic within a few per cent of the root).  Where it has settled
    inside the interval after ``newton_steps`` steps (the last one below 1e-6
    relative), the three Newton steps of :func:`_polish` bring it to machine
    precision; the other rows continue with the safeguarded :func:`bracketed_root`.
    NaN where :func:`_polish` rejects the root.
    """
    derivative = coefficients[:, :-1] * np.arange(coefficients.shape[1] - 1, 0, -1)
    with np.errstate(all="ignore"):
        x = -coefficients[:, -1] / coefficients[:, -2]
        x = np.where((x > 0) & (x < upper), x, upper / 2)[:, None]
        step = np.full_like(x, np.inf)
        for _ in range(newton_steps):
            step = _horner(coefficients, x) / _horner(derivative, x)
            x = x - step
        x, step = x[:, 0], step[:, 0]
        settled = (np.abs(step) <= 1e-6 * np.abs(x)) & (x > 0) & (x < upper)
        x = _polish(coefficients, x[:, None])[:, 0]
        settled &= (x > 0) & (x < upper)
    rest = np.flatnonzero(~settled)
    found = bracketed_root(coefficients[rest], upper[rest])
    with np.errstate(all="ignore"):
        x[rest] = _polish(coefficients[rest], found[:, None])[:, 0]
    return x


def bracketed_root(coefficients: np.ndarray, upper: np.ndarray, iterations: int = 200):
    """Find the one root in ``(0, upper)`` of polynomials that change sign there exactly once.

    Newton's method safeguarded by bisection: each step keeps a bracket
    ``[low, high]`` around the sign change and takes its midpoint when the Newton
    step leaves it; stops when the step is below 1e-13 relative.  NaN where it has
    not converged in ``iterations`` steps.
    """
    n = len(coefficients)
    derivative = coefficients[:, :-1] * np.arange(coefficients.shape[1] - 1, 0, -1)
    rising = coefficients[:, -1] < 0  # negative at 0: the sign change is from - to +
    x, low, high = upper / 2, np.zeros(n), np.array(upper, dtype=float)
    found = np.full(n, np.nan)
    index = np.arange(n)
    for _ in range(iterations):
        if not index.size:
            break
        with np.errstate(all="ignore"):
            value = _horner(coefficients, x[:, None])[:, 0]
            left_of_root = (value < 0) == rising
            low, high = np.where(left_of_root, x, low), np.where(left_of_root, high, x)
            newton = x - value / _horner(derivative, x[:, None])[:, 0]
            step = np.where((newton >= low) & (newton <= high), newton, (low + high) / 2)
            done = np.abs(step - x) <= 1e-13 * np.abs(x)
        found[index[done]] = step[done]
        keep = np.flatnonzero(~done)
        index, x, low, high, rising = index[keep], step[keep], low[keep], high[keep], rising[keep]
        coefficients, derivative = coefficients[keep], derivative[keep]
    return found


def _monic_cubic_roots(coefficients: np.ndarray) -> np.ndarray:
    """Real roots of ``x^3 + b x^2 + c x + d`` (rows ``(b, c, d)``), NaN-padded, ``(n, 3)``.

    Trigonometric form for three real roots, Cardano's formula for one; the caller
    polishes them by Newton steps on the full polynomial.
    """
    b, c, d = coefficients.T
    p = c - b**2 / 3
    q = 2 * b**3 / 27 - b * c / 3 + d
    shift = -b / 3
    roots = np.full((len(b), 3), np.nan)
    with np.errstate(all="ignore"):
        discriminant = (q / 2) ** 2 + (p / 3) ** 3
        three = discriminant < 0  # then p < 0
        trig, single = np.flatnonzero(three), np.flatnonzero(~three)
        p_trig, q_trig, shift_trig = p[trig], q[trig], shift[trig]
        radius = 2 * np.sqrt(-p_trig / 3)
        angle = np.arccos(np.clip(3 * q_trig / (p_trig * radius), -1.0, 1.0)) / 3
        for k in range(3):
            roots[trig, k] = radius * np.cos(angle - 2 * np.pi * k / 3) + shift_trig
        q_single, root = q[single], np.sqrt(discriminant[single])
        roots[single, 0] = np.cbrt(-q_single / 2 + root) + np.cbrt(-q_single / 2 - root)
        roots[single, 0] += shift[single]
    return roots
