"""The fast paths of the batch solvers against the slower, independent algorithms they replace.

``solve_nash_batch`` finds the roots of the symmetric quintic in ``(0, t_bar)`` by
Descartes' rule of signs and Newton's method instead of companion-matrix
eigenvalues, and the spectral radius and second-order conditions by 2x2 algebra in
closed form instead of LAPACK.  Each is checked here against the algorithm it
replaces, which is still in the package (the eigenvalues serve the rows without a
Descartes certificate) or in numpy.
"""

import numpy as np
import pytest

from isacmodel.numerics import linalg, polyroots
from isacmodel.solve import nash, nash_polynomial
from isacmodel.verify import sampling


def eigenvalue_roots_in_interval(coefficients: np.ndarray, upper: np.ndarray) -> np.ndarray:
    """The reference: every polished real eigenvalue root in ``(0, upper)``, ascending."""
    roots = nash.batch_real_roots(coefficients)
    with np.errstate(invalid="ignore"):
        inside = (roots > 0) & (roots < upper[:, None])
    return np.sort(np.where(inside, roots, np.inf), axis=1)


def assert_same_roots(found: np.ndarray, expected: np.ndarray) -> None:
    np.testing.assert_array_equal(np.isfinite(found), np.isfinite(expected))
    finite = np.isfinite(expected)
    np.testing.assert_allclose(found[finite], expected[finite], rtol=1e-12, atol=0)


@pytest.fixture(scope="module")
def quintics():
    """The symmetric quintics and their bounds ``t_bar`` at 30,000 box draws."""
    batch = sampling.draw_box(30_000, np.random.default_rng(12))
    batch = batch.subset(batch.violations() == "")
    zero = np.zeros(len(batch))
    kappa = nash.evaluate_expressions("kappa", batch, zero, zero, zero, zero)[0]
    return nash_polynomial.quintic_coefficients(batch, kappa), 1 / kappa


def test_interval_roots_of_the_symmetric_quintic_match_the_eigenvalues(quintics):
    coefficients, t_bar = quintics
    found = polyroots.roots_in_interval(coefficients, t_bar)
    assert_same_roots(found, eigenvalue_roots_in_interval(coefficients, t_bar))
    counts = np.bincount(np.isfinite(found).sum(axis=1))
    assert counts[1] > 0.9 * len(found) and counts[0] > 0 and counts[2] > 0  # all kinds met


def test_descartes_certifies_most_rows(quintics):
    coefficients, t_bar = quintics
    variations, certain = polyroots.sign_variations(coefficients, t_bar)
    assert certain.mean() > 0.99 and np.isin(variations[certain], [0, 1]).mean() > 0.98


def from_roots(roots: list[complex], leading: float = 1.0) -> np.ndarray:
    return leading * np.real(np.poly(roots))


@pytest.mark.parametrize(
    "roots",
    [
        [0.3, 2.0 + 1j, 2.0 - 1j, -1.0, 5.0],  # one root inside, one beyond the bound
        [0.3, 0.3 + 1e-7, 3.0, -1.0, -2.0],  # two roots closer than the certificate resolves
        [0.3, 0.3, 3.0, -1.0, -2.0],  # a double root
        [0.5 + 1e-6j, 0.5 - 1e-6j, 3.0, -1.0, -2.0],  # a complex pair next to the interval
        [1.0 - 1e-14, 3.0, 4.0, -1.0, -2.0],  # a root at the bound
        [1e-9, 3.0, 4.0, -1.0, -2.0],  # a root at zero
        [0.2, 0.4, 0.6, 0.8, -1.0],  # four roots inside
        [3.0, 4.0, 5.0, 6.0, 7.0],  # none inside
    ],
)
def test_hard_polynomials_take_the_eigenvalues_or_agree_with_them(roots):
    coefficients = np.vstack([from_roots(roots, leading) for leading in (1.0, -2.0, 1e-14)])
    upper = np.ones(len(coefficients))
    with np.errstate(all="ignore"):
        found = polyroots.roots_in_interval(coefficients, upper)
    assert_same_roots(found, eigenvalue_roots_in_interval(coefficients, upper))


def test_non_finite_coefficients_or_bounds_find_no_roots():
    coefficients = np.vstack([from_roots([0.3, 3.0, 4.0, 5.0, 6.0])] * 3)
    coefficients[0, 2] = np.nan
    upper = np.array([1.0, np.inf, -1.0])
    with np.errstate(all="ignore"):
        found = polyroots.roots_in_interval(coefficients, upper)
    assert_same_roots(found, eigenvalue_roots_in_interval(coefficients, upper))


def random_jacobians(n: int, seed: int) -> np.ndarray:
    rng = np.random.default_rng(seed)
    jacobian = rng.normal(size=(n, 4, 4))
    jacobian[:3, :2, :2] = [[1.0, 2.0], [2.0, 4.0]]  # a singular own block: NaN
    return jacobian


def test_spectral_radius_matches_numpy_eigenvalues():
    jacobian = random_jacobians(2000, seed=3)
    radius = linalg.best_response_radius(jacobian)
    assert np.isnan(radius[:3]).all()
    regular = jacobian[3:]
    r_i = -np.linalg.solve(regular[:, :2, :2], regular[:, :2, 2:])
    r_j = -np.linalg.solve(regular[:, 2:, 2:], regular[:, 2:, :2])
    expected = np.sqrt(np.max(np.abs(np.linalg.eigvals(r_i @ r_j)), axis=1))
    np.testing.assert_allclose(radius[3:], expected, rtol=1e-6)


def test_closed_form_2x2_solves_match_lapack_and_keep_its_conventions():
    jacobian = random_jacobians(2000, seed=4)
    matrices, right = jacobian[:, :2, :2], jacobian[:, :2, 2:].copy()
    right[5, 0, 1] = np.inf  # read as zero, as linalg.solve_stack does
    np.testing.assert_allclose(
        linalg.solve_2x2(matrices, right),
        linalg.solve_stack(matrices, right),
        rtol=1e-9,
        atol=1e-12,
    )


def test_second_order_determinants_match_numpy():
    jacobian = random_jacobians(2000, seed=5)
    expected = np.ones(len(jacobian), dtype=bool)
    for block in (jacobian[:, :2, :2], jacobian[:, 2:, 2:]):
        expected &= (np.linalg.det(block) > 0) & (block[:, 1, 1] < 0)
    np.testing.assert_array_equal(linalg.second_order_conditions(jacobian), expected)
