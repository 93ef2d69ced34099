r"""The claims of Appendix B (chapter ``mechanism.md``): the subsidy-tax scheme.

Checked on the ``mechanism`` sample (the optima sample, without an Assumption-1
counterpart: Appendix B does not assume it).  The welfare optimum comes from
:meth:`~isacmodel.verify.sampling.Sample.regime`; the scheme's own equilibrium and
the deviation gains are computed once per sample (:meth:`Sample.cached`).  Tests:
``tests/test_claims_mechanism.py``.
"""

from __future__ import annotations

import numpy as np
import sympy as sp

from isacmodel.core.regimes import Regime
from isacmodel.derive import welfare
from isacmodel.solve import mechanism
from isacmodel.verify.claims.common import NUMERIC_SLACK
from isacmodel.verify.claims.registry import TOLERANCE, Claim, register
from isacmodel.verify.sampling import Sample

__all__ = ["optimum_deviation_gain", "scheme_equilibrium"]

CHAPTER = "mechanism"
OPTIMUM = "isacmodel.solve.optima:solve_regime_batch"
GAIN = "isacmodel.solve.mechanism:deviation_gain_batch"
CURVATURE = "isacmodel.solve.mechanism:own_curvature_batch"
SUBSIDY = "isacmodel.solve.mechanism:subsidy_batch"


# ------------------------------------------------------------------- helpers
def optimum_deviation_gain(sample: Sample) -> np.ndarray:
    """Best unilateral welfare gain at the symmetric welfare optimum, relative to profits."""

    def compute(sample: Sample) -> np.ndarray:
        optimum = sample.regime(Regime.SOCIAL_OPTIMUM)
        gain = mechanism.deviation_gain_batch(sample.params, optimum.s[:, 0], optimum.t[:, 0])
        level = np.abs(optimum.profit.sum(axis=1))
        return gain / np.maximum(1.0, level)

    return sample.cached(("mechanism", "deviation gain"), compute)


def scheme_equilibrium(sample: Sample) -> np.ndarray:
    """Return the equilibrium under the scheme, by projected Newton from the market one."""

    def compute(sample: Sample) -> np.ndarray:
        s_i, s_j, t_i, t_j = sample.decisions
        start = np.column_stack([s_i, s_j, t_i, t_j])
        return mechanism.solve_mechanism_nash_batch(sample.params, start)

    return sample.cached(("mechanism", "equilibrium"), compute)


# ------------------------------------------------------------------- claims
def groves_proof() -> bool:
    """Proof that payoff plus subsidy is welfare, for every decision and general g, f."""
    return bool(sp.simplify(mechanism.payoff_with_subsidy() - welfare.welfare()) == 0)


register(Claim(
    id="appB.groves", reference="Appendix B, the subsidy (35)", chapter=CHAPTER,
    expected="proved",
    statement="With the subsidy (consumer surplus plus the rival's payoff), a firm's payoff "
    "plus subsidy equals total welfare for every choice of both firms.",
    symbolic=groves_proof, sample="mechanism",
    uses=("isacmodel.derive.welfare:welfare", "isacmodel.derive.mechanism:payoff_with_subsidy"),
))  # fmt: skip


def eq35_proof() -> bool:
    """Disproof of (35): its double integrals are not the gross utility the scheme needs."""
    printed = mechanism.printed_subsidy()
    return bool(sp.simplify(printed["printed"] - printed["gross utility"]) == 0)


register(Claim(
    id="appB.eq35", reference="Appendix B, eq. (35)", chapter=CHAPTER, expected="fails",
    statement="The printed subsidy, built from double integrals of the inverse demands, "
    "pays the surplus the firm neglects.", symbolic=eq35_proof, sample="mechanism",
    note="A double integral of an inverse demand has the wrong dimension (price "
    "times quantity squared); gross utility is a line integral.",
    uses=("isacmodel.derive.mechanism:printed_subsidy",),
))  # fmt: skip


def optimum_is_equilibrium(sample: Sample) -> np.ndarray:
    """Margins: no unilateral move, on a net or a small one, raises welfare at the optimum."""
    optimum = sample.regime(Regime.SOCIAL_OPTIMUM)
    curvature = mechanism.own_curvature_batch(sample.params, optimum.s[:, 0], optimum.t[:, 0],
                                              optimum.corner)  # fmt: skip
    scale = np.maximum(1.0, np.abs(optimum.profit.sum(axis=1)))
    return np.minimum(NUMERIC_SLACK - optimum_deviation_gain(sample), -curvature / scale)


register(Claim(
    id="appB.implements", reference="Appendix B, text after (36)", chapter=CHAPTER,
    expected="partial",
    statement="With the subsidy and the tax (36) in place, the welfare optimum is a Nash "
    "equilibrium: no firm gains by a unilateral move.", numeric=optimum_is_equilibrium,
    sample="mechanism",
    note="Where it fails, welfare rises when one firm leaves the symmetric optimum: "
    "the planner's best point is asymmetric, so the symmetric optimum of (9) is not "
    "the welfare maximum.", uses=(GAIN, CURVATURE, OPTIMUM),
))  # fmt: skip


def scheme_equilibrium_found(sample: Sample) -> np.ndarray:
    """Domain: Newton converged to a symmetric point no unilateral move improves on."""
    point = scheme_equilibrium(sample)
    found = np.isfinite(point).all(axis=1) & (np.abs(point[:, 0] - point[:, 1]) < 1e-9)
    found &= np.abs(point[:, 2] - point[:, 3]) < 1e-9
    s, t = np.nan_to_num(point[:, 0]), np.nan_to_num(point[:, 2])
    gain = mechanism.deviation_gain_batch(sample.params, s, t)
    return found & (gain <= NUMERIC_SLACK * np.maximum(1.0, np.abs(gain)))


def budget_balance(sample: Sample) -> np.ndarray:
    """Margins of subsidy = tax (36) for each firm at the scheme's equilibrium (Appendix B)."""
    point = np.nan_to_num(scheme_equilibrium(sample))
    optimum = sample.regime(Regime.SOCIAL_OPTIMUM)
    opt = (optimum.s[:, 0], optimum.s[:, 0], optimum.t[:, 0], optimum.t[:, 0])
    tax = mechanism.subsidy_batch(sample.params, *opt)
    gaps = [np.abs(mechanism.subsidy_batch(sample.params, *point[:, order].T) - tax)
            for order in ([0, 1, 2, 3], [1, 0, 3, 2])]  # fmt: skip
    return NUMERIC_SLACK - np.max(gaps, axis=0) / np.maximum(1.0, np.abs(tax))


register(Claim(
    id="appB.budget", reference="Appendix B, text after (36)", chapter=CHAPTER,
    expected="partial",
    statement="At the equilibrium under the scheme, each firm's subsidy equals its tax, so "
    "the scheme costs the government nothing.", numeric=budget_balance, sample="mechanism",
    domain=scheme_equilibrium_found,
    note="The equilibrium is found from the market equilibrium by Newton steps on "
    "the welfare gradient, independently of the planner's solver; draws where "
    "that search does not end at an equilibrium are left out. Where it fails, the "
    "firms stop at a second, worse equilibrium of the scheme (a local welfare "
    "maximum), where subsidy and tax differ.",
    uses=(GAIN, "isacmodel.solve.mechanism:solve_mechanism_nash_batch", SUBSIDY, OPTIMUM),
))  # fmt: skip


def truthful_reports(sample: Sample) -> np.ndarray:
    """Margins of a zero slope of the tax (37) in the firm's own report, at truthful profiles."""
    optimum = sample.regime(Regime.SOCIAL_OPTIMUM)
    slope = mechanism.tax_report_slope_batch(sample.params, optimum.s[:, 0], optimum.t[:, 0],
                                             optimum.corner)  # fmt: skip
    tax = mechanism.subsidy_batch(sample.params, optimum.s[:, 0], optimum.s[:, 0],
                                  optimum.t[:, 0], optimum.t[:, 0])  # fmt: skip
    # an exact zero to rounding: near-zeros where the slope crosses zero prove nothing
    return 2 * TOLERANCE - np.abs(slope) / np.maximum(1.0, np.abs(tax))


def optimum_is_equilibrium_domain(sample: Sample) -> np.ndarray:
    """Domain: the draws where the welfare optimum is an equilibrium under the scheme."""
    return optimum_is_equilibrium(sample) > TOLERANCE


register(Claim(
    id="appB.truthful", reference="Appendix B, private information, (IC)", chapter=CHAPTER,
    expected="fails",
    statement="With privately known cost spillovers, reporting the truth is weakly dominant: "
    "a firm's tax (37) does not fall when it misreports.", numeric=truthful_reports,
    sample="mechanism", domain=optimum_is_equilibrium_domain,
    note="Necessary condition checked at truthful symmetric profiles: the tax's "
    "slope in the firm's own report must be zero (to rounding). It is not: the "
    "planner's optimum, and with it the tax, moves with the report.",
    uses=(GAIN, CURVATURE, SUBSIDY, "isacmodel.solve.mechanism:tax_report_slope_batch", OPTIMUM),
))  # fmt: skip
