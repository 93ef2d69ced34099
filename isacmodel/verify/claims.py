r"""The claims registry: every claim of the paper, with symbolic and numeric evidence.

A :class:`Claim` names a result of the paper (``prop3.ii``), states it in our
words, lists the conditions it assumes, and carries up to two checks:

* ``symbolic``: a sympy proof or disproof on the admissible domain (``True`` =
  proved, ``False`` = disproved, ``None`` = sympy cannot decide);
* ``numeric``: a function of a :class:`~isacmodel.verify.sampling.Sample` returning one
  **margin** per draw, positive where the claim holds (a claim with several parts
  returns the smallest part).  A draw passes when its margin exceeds
  :data:`TOLERANCE`, so a quantity that is zero up to rounding fails a strict
  inequality.  Margins of responses (reaction slopes, comparative statics) are
  divided by the equilibrium level they move, i.e. they are semi-elasticities
  :math:`d\ln s_i/dx`, so the tolerance is relative to the level: an equilibrium
  with almost no sharing still has a measurable, correctly signed response.

:func:`evaluate` turns a claim and the samples into an :class:`Evidence` record;
:func:`verify_all` evaluates the whole registry.  Each claim also records the
status **the book states** for it (``expected``); ``python -m isacmodel verify``
exits non-zero when a computed status differs, so the book cannot silently
contradict the code.

Statuses, from strongest to weakest: ``proved symbolically``, ``holds on all
draws``, ``holds on X% of draws``, ``fails`` (including ``disproved
symbolically``).  Tags: ``OK`` for the first two, ``PARTIAL``, ``FAILS``.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field, replace
from functools import cache, cached_property
from itertools import repeat

import numpy as np
import sympy as sp

from isacmodel.core.model import SYM
from isacmodel.core.params import ParamsBatch
from isacmodel.derive import bertrand, welfare
from isacmodel.solve import mechanism, nash, optima, sequential, volume
from isacmodel.verify import cache as store
from isacmodel.verify.sampling import Sample, draw_sample, draw_volume_sample

__all__ = [
    "ASSUMPTION_1",
    "CLAIMS",
    "DEFAULT_DRAWS",
    "DEFAULT_SEED",
    "TOLERANCE",
    "Claim",
    "Evidence",
    "Samples",
    "draw_samples",
    "evaluate",
    "evidence_markdown",
    "verify_all",
]

#: A draw passes a claim when its margin exceeds this (absolute) tolerance.
TOLERANCE = 1e-12
#: Draws per sample and base seed of the report the book states (and the CLI default).
DEFAULT_DRAWS = 10_000
DEFAULT_SEED = 20050601
ASSUMPTION_1 = "Assumption 1 (gamma <= gamma_bar)"


@dataclass(frozen=True)
class Claim:
    """One claim of the paper.

    Attributes
    ----------
    id : str
        Stable identifier (``prop3.ii``; ``text.*`` for claims made in the text).
    reference : str
        Where the paper makes it.
    statement : str
        Our statement (own words; Markdown with ``$...$`` math).
    conditions : tuple of str
        Conditions the paper assumes for it beyond admissibility.
    expected : str
        The status the book states: ``"proved"``, ``"holds"``, ``"partial"`` or ``"fails"``.
    symbolic : callable or None
        ``() -> bool | None``: sympy proof (True), disproof (False), undecided (None).
    numeric : callable or None
        ``(Sample) -> margins``.
    sample : str
        ``"symmetric"``, ``"asymmetric"`` (firm i larger), ``"optima"`` (symmetric
        draws where the coordinated optima of section 2.2 exist), ``"volume"``
        (section 4's model, interior equilibria) or ``"mechanism"`` (the optima
        sample without its Assumption-1 counterpart: Appendix B does not assume it).
    one_firm : callable or None
        ``(Sample) -> margins`` of the paper's one-firm version (firm j held fixed),
        for claims about comparative statics.
    note : str
        What the evidence shows, when it needs saying.
    domain : callable or None
        ``(Sample) -> bool mask``: the draws the claim speaks about (for example,
        where the leader-follower game has a solution); the others are left out
        and counted in :attr:`Evidence.n_outside`.
    """

    id: str
    reference: str
    statement: str
    conditions: tuple[str, ...]
    expected: str
    symbolic: Callable[[], bool | None] | None = None
    numeric: Callable[[Sample], np.ndarray] | None = None
    sample: str = "symmetric"
    one_firm: Callable[[Sample], np.ndarray] | None = None
    note: str = ""
    domain: Callable[[Sample], np.ndarray] | None = None


@dataclass(frozen=True)
class Evidence:
    """What the checks of one claim found.

    Attributes
    ----------
    claim : Claim
    status : str
        ``proved symbolically`` / ``disproved symbolically`` / ``holds on all draws`` /
        ``holds on X% of draws`` / ``fails``.
    tag : str
        ``OK``, ``PARTIAL`` or ``FAILS``.
    category : str
        ``proved``, ``holds``, ``partial`` or ``fails`` (compared with ``claim.expected``).
    symbolic : bool or None
        Outcome of the symbolic check (None if none or undecided).
    pass_rate : float or None
        Share of draws passing (None without a numeric check).
    n_draws : int
    seed : int
    tolerance : float
    worst_margin : float or None
        Smallest margin over the draws.
    worst_params : dict
        The parameters of that draw.
    pass_rate_dropped : float or None
        Pass rate over draws that violate Assumption 1 (symmetric claims).
    worst_dropped_params : dict
        A counterexample among those draws, if any fails.
    one_firm_pass_rate : float or None
        Pass rate of the paper's one-firm version (firm j held fixed).
    n_outside : int
        Draws of the sample outside the claim's domain (left out).
    """

    claim: Claim
    status: str
    tag: str
    category: str
    symbolic: bool | None
    pass_rate: float | None
    n_draws: int
    seed: int
    tolerance: float
    worst_margin: float | None
    worst_params: dict = field(default_factory=dict)
    pass_rate_dropped: float | None = None
    worst_dropped_params: dict = field(default_factory=dict)
    one_firm_pass_rate: float | None = None
    n_outside: int = 0

    @property
    def agrees(self) -> bool:
        """Whether the computed category is the one the book states."""
        return self.category == self.claim.expected


# ------------------------------------------------------------- symbolic helpers
def _domain() -> dict:
    """Substitutions putting every parameter strictly inside its admissible range.

    ``b2 = b1/(1+e)``, ``gamma = 1/(1+e)``, ``gamma1 = gamma2 + gamma3 + gap``,
    ``rho = 1/(1+e)``, decisions and other parameters positive; with positive
    symbols throughout, a rational function whose numerator and denominator
    expand to sums of positive terms is positive.
    """
    e = {name: sp.Symbol(f"e_{name}", positive=True) for name in ("b", "g", "r", "gap")}
    positive = {s: sp.Symbol(s.name, positive=True) for s in (
        SYM.b2, SYM.gamma, SYM.delta_d, SYM.delta_c, SYM.gamma2, SYM.gamma3, SYM.rho,
        SYM.s_i, SYM.s_j, SYM.t_i, SYM.t_j)}  # fmt: skip
    return {
        **positive,
        SYM.b2: SYM.b1 / (1 + e["b"]),
        SYM.gamma: 1 / (1 + e["g"]),
        SYM.rho: 1 / (1 + e["r"]),
        SYM.gamma1: positive[SYM.gamma2] + positive[SYM.gamma3] + e["gap"],
    }


def is_positive(expr: sp.Expr, extra: dict | None = None) -> bool:
    """Prove ``expr > 0`` on :func:`_domain` (after ``extra`` substitutions), or return False."""
    value = sp.sympify(expr)
    if extra:
        value = value.subs(extra)
    numerator, denominator = sp.fraction(sp.together(value.subs(_domain())))
    numerator, denominator = sp.expand(numerator), sp.expand(denominator)
    signs = [numerator.is_positive, denominator.is_positive]
    negated = [(-numerator).is_positive, (-denominator).is_positive]
    return bool(all(signs) or all(negated))


def _specialised(expr: sp.Expr) -> sp.Expr:
    return bertrand.specialise(expr)


def _price_slope(variable: sp.Symbol) -> sp.Expr:
    return _specialised(sp.diff(bertrand.price(), variable))


@cache
def _symbolic_prop1_own() -> bool:
    return is_positive(_price_slope(SYM.t_i))


@cache
def _symbolic_prop1_rival() -> bool:
    # Under Assumption 1 with slack: gamma = delta_d s_j + b2/(2 b1) - slack (s_j <= s_i).
    slack = sp.Symbol("slack", positive=True)
    expr = _price_slope(SYM.t_j).subs(SYM.gamma, SYM.delta_d * SYM.s_j + SYM.b2 / (2 * SYM.b1)
                                      - slack)  # fmt: skip
    numerator, denominator = sp.fraction(sp.factor(expr))
    return bool(sp.simplify(numerator - 2 * SYM.b1 * slack) == 0 and is_positive(denominator))


def _assumption_2_bracket_at_full_sharing() -> sp.Expr:
    gen = bertrand.general()
    bracket = -(2 * SYM.b1 * sp.diff(gen.g_i, SYM.s_i) + SYM.b2 * sp.diff(gen.g_j, SYM.s_i))
    bracket += SYM.b2 * SYM.delta_d * SYM.t_i
    return _specialised(bracket).subs({SYM.s_i: 1, SYM.s_j: 1})


@cache
def _full_sharing_is_assumption_2() -> bool:
    """At ``s_i = s_j = 1``, (4 b1^2 - b2^2) dp_i/ds_i is exactly Assumption 2's bracket."""
    p_si = _specialised(bertrand.first_order_conditions()[0])
    at_full_sharing = (4 * SYM.b1**2 - SYM.b2**2) * p_si.subs({SYM.s_i: 1, SYM.s_j: 1})
    return sp.simplify(at_full_sharing - _assumption_2_bracket_at_full_sharing()) == 0


@cache
def _symbolic_prop1_inverted_u() -> bool:
    p_si = _specialised(bertrand.first_order_conditions()[0])
    denominator = 4 * SYM.b1**2 - SYM.b2**2
    concave = is_positive(-sp.diff(p_si, SYM.s_i))
    rising_at_zero = is_positive(p_si.subs(SYM.s_i, 0))
    monotone_in_rival = (
        sp.simplify(sp.diff(p_si, SYM.s_j) - SYM.gamma3 * (2 * SYM.b1 + SYM.b2) / denominator) == 0
    )  # >= 0: the value at (1, s_j) is at most the value at (1, 1), negative by Assumption 2
    return bool(
        concave and rising_at_zero and monotone_in_rival and _full_sharing_is_assumption_2()
    )


@cache
def _symbolic_lemma1_i() -> bool:
    printed = {row.key: row.matches for row in bertrand.printed_expressions()}
    return bool(
        _full_sharing_is_assumption_2()
        and printed["lemma1-sharing"]
        and printed["lemma1-investment"]
    )


@cache
def _symbolic_negative_spillover() -> bool:
    """With ``delta_d < 0`` the sharing condition is negative at every symmetric ``s >= 0``."""
    s, e = sp.Symbol("s", nonnegative=True), sp.Symbol("e", positive=True)
    p_si = _specialised(bertrand.first_order_conditions()[0])
    symmetric = p_si.subs({SYM.s_i: s, SYM.s_j: s, SYM.delta_d: -e})
    at_zero = is_positive(-symmetric.subs(s, 0))
    positive_s = is_positive(-symmetric.subs(s, sp.Symbol("s_pos", positive=True)))
    return at_zero and positive_s


@cache
def _symbolic_cross_partial_si_tj() -> bool:
    """Disproof: the cross partial equals ``2 b1 dp_i/dt_j dp_i/ds_i``, zero where (5) holds."""
    cross = bertrand.strategic_cross_partials()["s_i t_j"]
    price = bertrand.price()
    identity = (
        sp.simplify(cross - 2 * SYM.b1 * sp.diff(price, SYM.t_j) * sp.diff(price, SYM.s_i)) == 0
    )
    return not identity  # False = disproved: not positive at an interior equilibrium


# -------------------------------------------------------------- numeric checks
def _at_equilibrium(expression: Callable[[], sp.Expr]) -> Callable[[Sample], np.ndarray]:
    """Margins: a (specialised) sympy expression evaluated at each draw's equilibrium."""

    @cache
    def function():
        return sp.lambdify(nash.ARGS, expression(), "numpy")

    def margins(sample: Sample) -> np.ndarray:
        values = [getattr(sample.params, f) for f in nash.PARAMETER_FIELDS]
        result = function()(*values, *sample.decisions)
        return np.broadcast_to(np.asarray(result, dtype=float), (len(sample),)).copy()

    return margins


def _numeric_dp_dt(which: str) -> Callable[[Sample], np.ndarray]:
    symbol = {"own": SYM.t_i, "rival": SYM.t_j}[which]
    return _at_equilibrium(lambda: _price_slope(symbol))


def _inverted_u(sample: Sample) -> np.ndarray:
    """``dp_i/ds_i`` at ``s_i = 0`` (must be > 0) and minus it at ``s_i = 1``; the smaller."""
    s_i, s_j, t_i, t_j = sample.decisions
    at_zero = nash.evaluate_expressions("conditions", sample.params, 0 * s_i, s_j, t_i, t_j)[0]
    at_one = nash.evaluate_expressions("conditions", sample.params, 0 * s_i + 1, s_j, t_i, t_j)[0]
    return np.minimum(at_zero, -at_one)


def _levels(sample: Sample) -> np.ndarray:
    """Firm i's equilibrium ``(s_i, t_i)``, ``(n, 2)``: the scale of its responses."""
    s_i, _, t_i, _ = sample.decisions
    return np.column_stack([s_i, t_i])


def _reaction(variable: str) -> Callable[[Sample], np.ndarray]:
    def margins(sample: Sample) -> np.ndarray:
        return np.min(sample.one_firm(variable) / _levels(sample), axis=1)

    return margins


def _all_reaction_slopes(sample: Sample) -> np.ndarray:
    return np.minimum(_reaction("s_j")(sample), _reaction("t_j")(sample))


def _cross_partial(name: str) -> Callable[[Sample], np.ndarray]:
    return _at_equilibrium(lambda: _specialised(bertrand.strategic_cross_partials()[name]))


def _statics(variable: str, sign: float) -> Callable[[Sample], np.ndarray]:
    """Margins ``sign * d ln(s_i, t_i)/d variable`` at the equilibrium (both firms adjust)."""

    def margins(sample: Sample) -> np.ndarray:
        return np.min(sign * sample.statics(variable)[:, :2] / _levels(sample), axis=1)

    return margins


def _one_firm(variable: str, sign: float) -> Callable[[Sample], np.ndarray]:
    def margins(sample: Sample) -> np.ndarray:
        return np.min(sign * sample.one_firm(variable) / _levels(sample), axis=1)

    return margins


def _size_statics(sample: Sample) -> np.ndarray:
    return np.minimum(_statics("a_i", 1.0)(sample), _statics("a", 1.0)(sample))


def _larger_firm(sample: Sample) -> np.ndarray:
    eq = sample.equilibria
    return np.minimum(eq.s[:, 0] / eq.s[:, 1] - 1, eq.t[:, 0] / eq.t[:, 1] - 1)


def _welfare_gain_from_sharing(sample: Sample) -> np.ndarray:
    """Relative welfare gain of the Nash equilibrium over the no-sharing equilibrium."""
    t_none, _ = optima.no_sharing_investment(sample.params)
    values = [getattr(sample.params, f) for f in nash.PARAMETER_FIELDS]
    zero = np.zeros(len(sample))
    function = welfare.compiled_numeric("welfare")
    with_sharing = function(*values, *sample.decisions)
    without = function(*values, zero, zero, t_none, t_none)
    return (with_sharing - without) / np.abs(without)


# ------------------------------------------------- section 2.2: Proposition 5
def _choices(sample: Sample) -> dict[str, tuple[np.ndarray, np.ndarray]]:
    """Each regime's common ``(s, t)`` per draw: the Nash equilibrium, the solved optima."""
    s, _, t, _ = sample.decisions
    choices = {"nash": (s, t)}
    for regime in ("joint profit", "social optimum", "collusion"):
        result = sample.regime(regime)
        choices[regime] = (result.s[:, 0], result.t[:, 0])
    return choices


def relative_gap(low: np.ndarray, high: np.ndarray) -> np.ndarray:
    """Relative margin of ``low < high``: zero for a tie, NaN only if an input is NaN."""
    scale = np.maximum(np.maximum(np.abs(low), np.abs(high)), 1e-300)
    return (high - low) / scale


def _held_fixed(variable: str, pairs: tuple[tuple[str, str], ...]):
    """Margins of orderings of one choice when the other is held at each regime's optimum.

    ``variable`` is the choice compared (``"s"``: sharing with investment held,
    ``"t"``: investment with sharing held); each pair ``(low, high)`` of regimes
    must satisfy ``low < high`` at all three held values (the Nash equilibrium's,
    the joint-profit ISA's and the planner's).
    """
    respond = {"s": optima.sharing_at_fixed_investment,
               "t": optima.investment_at_fixed_sharing}[variable]  # fmt: skip
    held_index = 1 if variable == "s" else 0

    def margins(sample: Sample) -> np.ndarray:
        choices = _choices(sample)
        regimes = {regime for pair in pairs for regime in pair}
        gaps = []
        for held in optima.PROPOSITION_5_REGIMES:
            value = choices[held][held_index]
            response = {r: respond(sample.params, r, value) for r in regimes}
            gaps += [relative_gap(response[low], response[high]) for low, high in pairs]
        return np.min(gaps, axis=0)

    return margins


def _optima_ordered(low: str, high: str) -> Callable[[Sample], np.ndarray]:
    """Margins of ``s_low < s_high`` and ``t_low < t_high`` at the regimes' optima."""

    def margins(sample: Sample) -> np.ndarray:
        choices = _choices(sample)
        return np.minimum(*(relative_gap(choices[low][k], choices[high][k]) for k in (0, 1)))

    return margins


def _regime_welfare(sample: Sample, regime: str) -> np.ndarray:
    """Welfare per draw at a regime's choices and prices (gross utility minus costs)."""
    eq = sample.regime(regime)
    s, t, q = eq.s[:, 0], eq.t[:, 0], eq.q[:, 0]
    gross = welfare.gross_utility_numeric(sample.params, s, s, t, t, q, q)
    return gross - np.sum(eq.p * eq.q, axis=1) + np.sum(eq.profit, axis=1)


def _welfare_loss_from_collusion(sample: Sample) -> np.ndarray:
    return relative_gap(
        _regime_welfare(sample, "collusion"), _regime_welfare(sample, "joint profit")
    )


def _nash_quantity_below_optimum(sample: Sample) -> np.ndarray:
    return relative_gap(sample.equilibria.q[:, 0], sample.regime("social optimum").q[:, 0])


def _comparison_28_29(sample: Sample) -> np.ndarray:
    """Slack of the (28)-vs-(29) inequality at the Nash equilibrium's sharing."""
    threshold = sp.lambdify((SYM.b1, SYM.b2), welfare.second_stage_comparison_threshold())
    s, _, _, _ = sample.decisions
    p = sample.params
    return threshold(p.b1, p.b2) - (p.gamma - p.delta_d * s)


def _coefficient(regime: str, kind: str = "revenue") -> sp.Expr:

    return (welfare.revenue_coefficient if kind == "revenue" else welfare.welfare_coefficient)(
        regime
    )


@cache
def _symbolic_28_29() -> bool:
    """Assumption 1 bounds gamma - delta_d s by b2/(2 b1), below the threshold of (28)-(29)."""
    bound = welfare.second_stage_comparison_threshold() - SYM.b2 / (2 * SYM.b1)
    return is_positive(bound)


@cache
def _symbolic_fixed_investment_jp_sw() -> bool:
    r"""Disproof: the planner weighs revenue more (c_SW > c_JP), so its cost motive counts less.

    Both objectives are :math:`c\,(a+B)^2 - 2f`; the sharing term of ``-2f``
    rises with ``s`` when :math:`\delta_c t > 0`.  At the ISA's best sharing the
    planner's derivative in ``s`` is :math:`(1 - c_{SW}/c_{JP})` times that rising
    cost term, negative: the planner wants less sharing than the ISA at the same ``t``.
    """
    return not is_positive(_coefficient("social optimum") - _coefficient("joint profit"))


@cache
def _symbolic_collusive_quantity() -> bool:
    """``q_NE - q_JP = (a + B) (b1/(2 b1 - b2) - 1/2) > 0``; both read off the derivations."""
    _, q_collusive = welfare.collusive_price()
    _, q_bertrand = welfare.regime_price_quantity("joint profit")
    return is_positive((q_bertrand - q_collusive) / welfare.L_I)


@cache
def _symbolic_collusive_welfare_fixed() -> bool:
    """At the same ``(s, t)`` welfare is ``w (a+B)^2 - 2 f``; ``w`` is lower with collusion."""
    bertrand_prices, collusive = (_coefficient(r, "welfare") for r in ("joint profit", "collusion"))
    return is_positive(bertrand_prices - collusive)


# ---------------------------------------------------- section 3: Proposition 6
def _solved(name: str) -> Callable[[Sample], np.ndarray]:
    """Domain: the draws where the other game (``sample.regime(name)``) has a solution."""

    def inside(sample: Sample) -> np.ndarray:
        return sample.regime(name).ok

    return inside


def _above_simultaneous(name: str, firm: int, fields: tuple[str, ...] = ("s", "t")):
    """Margins of ``x_game > x_nash`` for firm ``firm`` (0 = i, the leader) and each field."""

    def margins(sample: Sample) -> np.ndarray:
        game, simultaneous = sample.regime(name), sample.equilibria
        gaps = [
            relative_gap(getattr(simultaneous, f)[:, firm], getattr(game, f)[:, firm])
            for f in fields
        ]
        return np.min(gaps, axis=0)

    return margins


def _both_profits_higher(sample: Sample) -> np.ndarray:
    return np.minimum(*(_above_simultaneous("stackelberg", firm, ("profit",))(sample)
                        for firm in (0, 1)))  # fmt: skip


@cache
def _symbolic_stackelberg_terms_printed() -> bool:
    """Disproof of (15)-(16) as printed: the derivation has extra cost-spillover terms."""
    return all(sp.simplify(term) == 0 for term in sequential.omitted_cost_terms())


# ---------------------------------------------------- section 4: Proposition 7
def _volume_statics(column: int, sign: float) -> Callable[[Sample], np.ndarray]:
    """Margins ``sign * d ln(s or t)/d hat_delta`` at section 4's equilibria."""

    def margins(sample: Sample) -> np.ndarray:
        s, _, t, _ = sample.decisions
        statics = volume.statics_delta_hat(sample.params, s, t, sample.equilibria.corner)
        return sign * statics[:, column] / (s, t)[column]

    return margins


def _sharing_below_no_spillover(sample: Sample) -> np.ndarray:

    values = sample.params.as_dict()
    values["delta_hat"] = np.zeros(len(sample))
    without = volume.solve_volume_nash_batch(ParamsBatch(**values))
    return relative_gap(sample.decisions[0], without.s[:, 0])


def _eq32_at_equilibrium(sample: Sample) -> np.ndarray:
    """Value of (32), the cross derivative of the margin in t_i and hat_delta, per draw."""
    row = next(r for r in volume.printed_expressions() if r.key == "eq32")
    function = sp.lambdify(volume.ARGS, volume.specialise(row.derived), "numpy")
    s, _, t, _ = sample.decisions
    return np.asarray(function(*volume.parameter_values(sample.params), s, s, t, t), dtype=float)


#: Multiples of the threshold :math:`\delta_d/(b_1\phi(t))` that stand for a small and a
#: large volume spillover in the reaction-slope claims.
SMALL_DELTA_HAT, LARGE_DELTA_HAT = 0.5, 2.0


def _reaction_curve_slopes(multiple: float, sign: float) -> Callable[[Sample], np.ndarray]:
    """Margins ``sign * slope`` at the least favourable interior point of each curve."""

    def margins(sample: Sample) -> np.ndarray:
        curve = sample.reaction_curve(multiple)
        signed = np.where(curve["interior"], sign * curve["slope"], np.inf)
        return signed.min(axis=1)

    return margins


def _curve_has_interior(multiple: float) -> Callable[[Sample], np.ndarray]:
    """Domain: the draws whose reaction function has interior sharing somewhere."""

    def inside(sample: Sample) -> np.ndarray:
        return sample.reaction_curve(multiple)["interior"].any(axis=1)

    return inside


# ------------------------------------------- Appendix B: the subsidy-tax scheme
def _symbolic_groves() -> bool:
    """Proof that payoff plus subsidy is welfare, for every decision and general g, f."""
    return bool(sp.simplify(mechanism.payoff_with_subsidy() - welfare.welfare()) == 0)


def _symbolic_eq35() -> bool:
    """Disproof of (35): its double integrals are not the gross utility the scheme needs."""
    printed = mechanism.printed_subsidy()
    return bool(sp.simplify(printed["printed"] - printed["gross utility"]) == 0)


#: Relative slack for equalities computed along independent numeric paths.
NUMERIC_SLACK = 1e-9


def _optimum_deviation_gain(sample: Sample) -> np.ndarray:

    def compute(sample: Sample) -> np.ndarray:
        optimum = sample.regime("social optimum")
        gain = mechanism.deviation_gain_batch(sample.params, optimum.s[:, 0], optimum.t[:, 0])
        level = np.abs(optimum.profit.sum(axis=1))
        return gain / np.maximum(1.0, level)

    return sample.cached(("mechanism", "deviation gain"), compute)


def _optimum_is_equilibrium(sample: Sample) -> np.ndarray:
    """Margins: no unilateral move, on a net or a small one, raises welfare at the optimum."""
    optimum = sample.regime("social optimum")
    curvature = mechanism.own_curvature_batch(sample.params, optimum.s[:, 0], optimum.t[:, 0],
                                              optimum.corner)  # fmt: skip
    scale = np.maximum(1.0, np.abs(optimum.profit.sum(axis=1)))
    return np.minimum(NUMERIC_SLACK - _optimum_deviation_gain(sample), -curvature / scale)


def _scheme_equilibrium(sample: Sample) -> np.ndarray:
    """Return the equilibrium under the scheme, by projected Newton from the market one."""

    def compute(sample: Sample) -> np.ndarray:
        s_i, s_j, t_i, t_j = sample.decisions
        start = np.column_stack([s_i, s_j, t_i, t_j])
        return mechanism.solve_mechanism_nash_batch(sample.params, start)

    return sample.cached(("mechanism", "equilibrium"), compute)


def _scheme_equilibrium_found(sample: Sample) -> np.ndarray:
    """Domain: Newton converged to a symmetric point no unilateral move improves on."""
    point = _scheme_equilibrium(sample)
    found = np.isfinite(point).all(axis=1) & (np.abs(point[:, 0] - point[:, 1]) < 1e-9)
    found &= np.abs(point[:, 2] - point[:, 3]) < 1e-9
    s, t = np.nan_to_num(point[:, 0]), np.nan_to_num(point[:, 2])
    gain = mechanism.deviation_gain_batch(sample.params, s, t)
    return found & (gain <= NUMERIC_SLACK * np.maximum(1.0, np.abs(gain)))


def _budget_balance(sample: Sample) -> np.ndarray:
    """Margins of subsidy = tax (36) for each firm at the scheme's equilibrium."""
    point = np.nan_to_num(_scheme_equilibrium(sample))
    optimum = sample.regime("social optimum")
    opt = (optimum.s[:, 0], optimum.s[:, 0], optimum.t[:, 0], optimum.t[:, 0])
    tax = mechanism.subsidy_batch(sample.params, *opt)
    gaps = [np.abs(mechanism.subsidy_batch(sample.params, *point[:, order].T) - tax)
            for order in ([0, 1, 2, 3], [1, 0, 3, 2])]  # fmt: skip
    return NUMERIC_SLACK - np.max(gaps, axis=0) / np.maximum(1.0, np.abs(tax))


def _truthful_reports(sample: Sample) -> np.ndarray:
    """Margins of a zero slope of the tax in the firm's own report, at truthful profiles."""
    optimum = sample.regime("social optimum")
    slope = mechanism.tax_report_slope_batch(sample.params, optimum.s[:, 0], optimum.t[:, 0],
                                             optimum.corner)  # fmt: skip
    tax = mechanism.subsidy_batch(sample.params, optimum.s[:, 0], optimum.s[:, 0],
                                  optimum.t[:, 0], optimum.t[:, 0])  # fmt: skip
    # an exact zero to rounding: near-zeros where the slope crosses zero prove nothing
    return 2 * TOLERANCE - np.abs(slope) / np.maximum(1.0, np.abs(tax))


def _optimum_is_equilibrium_domain(sample: Sample) -> np.ndarray:
    """Domain: the draws where the welfare optimum is an equilibrium under the scheme."""
    return _optimum_is_equilibrium(sample) > TOLERANCE


def _investment_condition_b1(sample: Sample) -> np.ndarray:
    return -nash.evaluate_expressions("rhs:b1", sample.params, *sample.decisions)[1]


# -------------------------------------------------------------------- registry
def _claims() -> tuple[Claim, ...]:
    a1 = (ASSUMPTION_1,)
    return (
        Claim("prop1.i.own", "Proposition 1(i)",
              "A firm's price rises with its own investment: $\\partial p_i/\\partial t_i > 0$.",
              (), "proved", _symbolic_prop1_own, _numeric_dp_dt("own")),
        Claim("prop1.i.rival", "Proposition 1(i)",
              "A firm's price rises with its rival's investment: "
              "$\\partial p_i/\\partial t_j > 0$.",
              a1, "proved", _symbolic_prop1_rival, _numeric_dp_dt("rival"),
              note="Needs Assumption 1 with strict inequality (erratum E1)."),
        Claim("prop1.ii", "Proposition 1(ii)",
              "Price is an inverted U in own sharing: $\\partial p_i/\\partial s_i$ is positive at "
              "$s_i = 0$, negative at $s_i = 1$ and decreasing in between.",
              ("Assumption 2",), "proved", _symbolic_prop1_inverted_u, _inverted_u),
        Claim("lemma1.i", "Lemma 1(i)",
              "Under Assumption 2 full sharing is not a symmetric equilibrium; the interior "
              "equilibrium solves the two conditions of Lemma 1.",
              ("Assumption 2",), "proved", _symbolic_lemma1_i, None),
        Claim("lemma1.ii.s", "Lemma 1(ii)",
              "Reaction functions slope up in the rival's sharing: "
              "$\\partial s_i/\\partial s_j > 0$, $\\partial t_i/\\partial s_j > 0$.",
              (), "holds", None, _reaction("s_j")),
        Claim("lemma1.ii.t", "Lemma 1(ii)",
              "Reaction functions slope up in the rival's investment: "
              "$\\partial s_i/\\partial t_j > 0$, $\\partial t_i/\\partial t_j > 0$.",
              a1, "holds", None, _reaction("t_j")),
        Claim("prop2.i", "Proposition 2(i)",
              "More sharing by one firm leads the other to share and invest more.",
              (), "holds", None, _reaction("s_j")),
        Claim("prop2.ii", "Proposition 2(ii)",
              "More investment by one firm leads the other to share and invest more.",
              a1, "holds", None, _reaction("t_j")),
        Claim("prop2.iii", "Proposition 2(iii)",
              "Investment and sharing are strategic complements: all four reaction slopes are "
              "positive.", a1, "holds", None, _all_reaction_slopes),
        Claim("text.cross-partial.si-tj", "Section 2.1, text after Proposition 2",
              "$\\partial^2\\pi_i/\\partial s_i\\partial t_j > 0$ at the equilibrium.",
              (), "fails", _symbolic_cross_partial_si_tj, _cross_partial("s_i t_j"),
              note="It equals $2b_1\\,\\partial p_i/\\partial t_j\\,\\partial p_i/\\partial s_i$, "
              "which the sharing condition (5) sets to zero."),
        Claim("text.cross-partial.si-sj", "Section 2.1, text after Proposition 2",
              "$\\partial^2\\pi_i/\\partial s_i\\partial s_j > 0$ at the equilibrium.",
              (), "partial", None, _cross_partial("s_i s_j"),
              note="At the equilibrium it is proportional to $\\gamma_3$: zero when "
              "$\\gamma_3 = 0$, as at the baseline."),
        Claim("text.cross-partial.ti-tj", "Section 2.1, text after Proposition 2",
              "$\\partial^2\\pi_i/\\partial t_i\\partial t_j > 0$ when $\\gamma$ is small.",
              a1, "holds", None, _cross_partial("t_i t_j")),
        Claim("text.negative-spillover", "Section 2.1, text after Proposition 2",
              "With a negative demand spillover ($\\delta_d < 0$) the only symmetric "
              "equilibrium has no sharing.", (), "proved", _symbolic_negative_spillover, None),
        Claim("prop3.i", "Proposition 3(i)",
              "Less loyal consumers (larger $b_1$) lower sharing and investment: "
              "$ds/db_1 < 0$, $dt/db_1 < 0$.", (), "holds", None, _statics("b1", -1.0),
              one_firm=_one_firm("b1", -1.0)),
        Claim("prop3.i.step", "Appendix A, proof of Proposition 3(i)",
              "The step $\\partial H_i/\\partial b_1 < 0$ at the equilibrium.",
              (), "holds", None, _investment_condition_b1,
              note="True, but not for the reason printed: one of its three terms is positive."),
        Claim("prop3.ii", "Proposition 3(ii)",
              "More substitutable products (larger $b_2$) raise sharing and investment: "
              "$ds/db_2 > 0$, $dt/db_2 > 0$.", a1, "holds", None, _statics("b2", 1.0),
              one_firm=_one_firm("b2", 1.0)),
        Claim("prop4.i", "Proposition 4(i)",
              "Larger firms share and invest more: $ds_i/da_i > 0$, $dt_i/da_i > 0$, and both "
              "rise when both intercepts grow.", (), "holds", None, _size_statics,
              one_firm=_one_firm("a_i", 1.0)),
        Claim("prop4.i.asymmetric", "Proposition 4(i)",
              "In an equilibrium between a larger firm i ($a_i > a_j$) and a smaller firm j, "
              "the larger firm shares and invests more.", (), "holds", None, _larger_firm,
              sample="asymmetric"),
        Claim("prop4.ii.dd", "Proposition 4(ii)",
              "A larger demand spillover raises sharing and investment: "
              "$ds/d\\delta_d > 0$, $dt/d\\delta_d > 0$.", (), "holds", None,
              _statics("delta_d", 1.0), one_firm=_one_firm("delta_d", 1.0)),
        Claim("prop4.ii.dc", "Proposition 4(ii)",
              "A larger cost spillover raises sharing and investment: "
              "$ds/d\\delta_c > 0$, $dt/d\\delta_c > 0$.", (), "holds", None,
              _statics("delta_c", 1.0), one_firm=_one_firm("delta_c", 1.0)),
        Claim("prop4.iii", "Proposition 4(iii)",
              "A stronger business-stealing effect of the rival's investment (larger $\\gamma$) "
              "lowers sharing and investment: $ds/d\\gamma < 0$, $dt/d\\gamma < 0$.", (),
              "holds", None, _statics("gamma", -1.0), one_firm=_one_firm("gamma", -1.0)),
        Claim("prop5.i", "Proposition 5(i)",
              "Welfare at the symmetric Bertrand equilibrium is higher than at the Bertrand "
              "equilibrium in which nobody shares (investment re-optimised).", (), "holds",
              None, _welfare_gain_from_sharing),
        Claim("prop5.step.fixed-t.nash", "Section 2.2 and Appendix A, proof of Proposition 5",
              "Holding the common investment fixed, the market shares less than the ISA and the "
              "planner: $s_{NE}(t) < s_{JP}(t)$ and $s_{NE}(t) < s_{SW}(t)$.", (), "partial",
              None, _held_fixed("s", (("nash", "joint profit"), ("nash", "social optimum"))),
              sample="optima",
              note="Checked at the three regimes' optimal investments. The failures are ties at "
              "full sharing: at the planner's high investment all three regimes share fully."),
        Claim("prop5.step.fixed-t.jp-sw", "Appendix A, proof of Proposition 5",
              "Holding the common investment fixed, the ISA shares less than the planner: "
              "$s_{JP}(t) < s_{SW}(t)$.", (), "fails", _symbolic_fixed_investment_jp_sw,
              _held_fixed("s", (("joint profit", "social optimum"),)), sample="optima",
              note="Reversed: the cost-spillover term of (13) and (27) is the same, but the "
              "planner weighs revenue more, so at a fixed $t$ the ISA shares at least as much "
              "(strictly when $\\delta_c t > 0$)."),
        Claim("prop5.step.fixed-s.nash", "Appendix A, proof of Proposition 5",
              "Holding the common sharing fixed, the market invests less than the ISA and the "
              "planner: $t_{NE}(s) < t_{JP}(s)$ and $t_{NE}(s) < t_{SW}(s)$.", a1, "holds",
              None, _held_fixed("t", (("nash", "joint profit"), ("nash", "social optimum"))),
              sample="optima"),
        Claim("prop5.step.fixed-s.jp-sw", "Appendix A, proof of Proposition 5",
              "Holding the common sharing fixed, the ISA invests less than the planner: "
              "$t_{JP}(s) < t_{SW}(s)$.", (), "holds", None,
              _held_fixed("t", (("joint profit", "social optimum"),)), sample="optima"),
        Claim("prop5.step.eq28-eq29", "Appendix A, proof of Proposition 5",
              "The revenue term of the planner's investment condition (28) exceeds the "
              "market's (29) under Assumption 1: $\\gamma - \\delta_d s < (b_1 + 2b_2)/(3b_1)$.",
              a1, "proved", _symbolic_28_29, _comparison_28_29, sample="optima",
              note="The exact condition is $\\gamma - \\delta_d s < (b_1 + 2b_2)/(3b_1)$, "
              "weaker than Assumption 1's $b_2/(2b_1)$."),
        Claim("prop5.ii.jp-sw", "Proposition 5(ii)",
              "The planner's optimum has more sharing and investment than the joint-profit "
              "ISA's: $s_{JP} < s_{SW}$, $t_{JP} < t_{SW}$.", a1, "partial", None,
              _optima_ordered("joint profit", "social optimum"), sample="optima",
              note="Every failure is a tie at full sharing ($s_{JP} = s_{SW} = 1$); "
              "investment is always ordered."),
        Claim("prop5.ii.nash-jp", "Proposition 5(ii)",
              "The joint-profit ISA's optimum has more sharing and investment than the market "
              "equilibrium: $s_{NE} < s_{JP}$, $t_{NE} < t_{JP}$.", a1, "holds", None,
              _optima_ordered("nash", "joint profit"), sample="optima"),
        Claim("text.collusion.quantity", "Section 2.2, text after Proposition 5",
              "At the same sharing and investment, collusive pricing sells less than Bertrand "
              "pricing: $q_C = (a+B)/2 < b_1(a+B)/(2b_1 - b_2) = q_{NE}$.", (), "proved",
              _symbolic_collusive_quantity, None),
        Claim("text.collusion.welfare-fixed", "Section 2.2, text after Proposition 5",
              "At the same sharing and investment, collusive pricing lowers welfare.", (),
              "proved", _symbolic_collusive_welfare_fixed, None),
        Claim("text.collusion.welfare", "Section 2.2, text after Proposition 5",
              "An ISA that also colludes on price yields lower welfare than the joint-profit "
              "ISA at Bertrand prices, with sharing and investment re-optimised.", (), "partial",
              None, _welfare_loss_from_collusion, sample="optima",
              note="Fails for close substitutes ($b_2$ near $b_1$): collusion raises the ISA's "
              "revenue so much that it invests far more, and consumers gain more from the "
              "investment than they lose to the higher price."),
        Claim("text.quantity-below-optimum", "Section 2.2, text after Proposition 5",
              "The market equilibrium's output is below the planner's: $q_{NE} < q_{SW}$.", (),
              "holds", None, _nash_quantity_below_optimum, sample="optima"),
        Claim("prop6.proof.eq15-16", "Section 3, eqs. (15)-(16)",
              "The leader's first-order conditions are the simultaneous ones plus the price "
              "effects of the follower's responses, as printed.", (), "fails",
              _symbolic_stackelberg_terms_printed, None,
              note="The follower's responses also lower the leader's cost (through "
              "$y_j = \\delta_c t_j s_j$); that channel is missing from the print."),
        Claim("prop6", "Proposition 6",
              "The leader (the incumbent) shares and invests more than in the simultaneous "
              "game: $s_i^S > s_i^{NE}$, $t_i^S > t_i^{NE}$.", a1, "holds", None,
              _above_simultaneous("stackelberg", 0), domain=_solved("stackelberg")),
        Claim("text.sequential.follower", "Section 3, text after Proposition 6",
              "The follower (the entrant) also shares and invests more than in the simultaneous "
              "game.", (), "holds", None, _above_simultaneous("stackelberg", 1),
              domain=_solved("stackelberg")),
        Claim("text.sequential.profits", "Section 3, text after Proposition 6",
              "Both firms' profits are strictly higher in the sequential game.", (), "partial",
              None, _both_profits_higher, domain=_solved("stackelberg"),
              note="The failures are gains below the $10^{-12}$ resolution: the leader's gain "
              "is second order in its move, which is tiny where the follower barely reacts."),
        Claim("text.footnote-27", "Section 3, footnote 27",
              "If investments are chosen first and sharing second (both simultaneously), "
              "sharing and investment are higher than in the simultaneous game.", (),
              "partial", None, _above_simultaneous("technology first", 0),
              domain=_solved("technology first"),
              note="Equal when $\\gamma_3 = 0$: the rival's sharing then does not respond "
              "to a firm's investment, and the two games coincide."),
        Claim("prop7.i.sharing", "Proposition 7(i)",
              "A larger volume spillover $\\hat\\delta$ has an ambiguous effect on sharing: "
              "it raises it somewhere ($ds/d\\hat\\delta > 0$ is the check).", (), "fails",
              None, _volume_statics(0, 1.0), sample="volume",
              note="At every interior equilibrium drawn, sharing falls as $\\hat\\delta$ grows."),
        Claim("prop7.i.investment", "Proposition 7(i)",
              "A larger volume spillover has an ambiguous effect on investment: it raises it "
              "somewhere ($dt/d\\hat\\delta > 0$ is the check).", (), "partial", None,
              _volume_statics(1, 1.0), sample="volume",
              note="Ambiguous, but only just: investment rises on a tiny share of the draws."),
        Claim("prop7.ii", "Proposition 7(ii)",
              "Volume-related spillovers lower sharing compared with the same model without "
              "them: $s(\\hat\\delta) < s(0)$.", (), "holds", None,
              _sharing_below_no_spillover, sample="volume"),
        Claim("prop7.proof.eq32", "Appendix A, proof of Proposition 7(ii), eq. (32)",
              "The cross derivative of the margin, "
              "$\\partial^2(p_i - F_i)/\\partial t_i\\partial\\hat\\delta$, is positive.", (),
              "partial", None, _eq32_at_equilibrium, sample="volume",
              note="At a symmetric point it is "
              "$s[(2b_1^2 - b_2^2)t\\phi'(t) - b_1 b_2\\phi(t)]/D$, negative unless investment "
              "is large."),
        Claim("text.volume.slope-small", "Section 4, text after Proposition 7",
              "For small $\\hat\\delta$ the sharing reaction function slopes up: "
              "$\\partial s_i/\\partial s_j > 0$ along it.", (), "partial", None,
              _reaction_curve_slopes(SMALL_DELTA_HAT, 1.0), sample="volume",
              domain=_curve_has_interior(SMALL_DELTA_HAT),
              note="Checked along firm i's reaction function with $\\hat\\delta$ at half of "
              "$\\delta_d/(b_1\\phi(t))$, the rival's investment at its equilibrium level and "
              "its sharing on a grid of [0, 1]. Where it fails, investment falls as the rival "
              "shares more; the slope is tiny there."),
        Claim("text.volume.slope-large", "Section 4, text after Proposition 7",
              "For large $\\hat\\delta$ the sharing reaction function slopes down: "
              "$\\partial s_i/\\partial s_j < 0$ along it.", (), "fails", None,
              _reaction_curve_slopes(LARGE_DELTA_HAT, -1.0), sample="volume",
              domain=_curve_has_interior(LARGE_DELTA_HAT),
              note="Checked with $\\hat\\delta$ at twice $\\delta_d/(b_1\\phi(t))$. A "
              "downward slope needs the rival's sharing to raise the firm's investment with "
              "an elasticity above one; the leakage complementarity $\\gamma_3$ keeps the "
              "slope positive otherwise."),
        Claim("appB.groves", "Appendix B, the subsidy (35)",
              "With the subsidy (consumer surplus plus the rival's payoff), a firm's payoff "
              "plus subsidy equals total welfare for every choice of both firms.", (),
              "proved", _symbolic_groves, None, sample="mechanism"),
        Claim("appB.eq35", "Appendix B, eq. (35)",
              "The printed subsidy, built from double integrals of the inverse demands, "
              "pays the surplus the firm neglects.", (), "fails", _symbolic_eq35, None,
              sample="mechanism",
              note="A double integral of an inverse demand has the wrong dimension (price "
              "times quantity squared); gross utility is a line integral."),
        Claim("appB.implements", "Appendix B, text after (36)",
              "With the subsidy and the tax (36) in place, the welfare optimum is a Nash "
              "equilibrium: no firm gains by a unilateral move.", (), "partial", None,
              _optimum_is_equilibrium, sample="mechanism",
              note="Where it fails, welfare rises when one firm leaves the symmetric optimum: "
              "the planner's best point is asymmetric, so the symmetric optimum of (9) is not "
              "the welfare maximum."),
        Claim("appB.budget", "Appendix B, text after (36)",
              "At the equilibrium under the scheme, each firm's subsidy equals its tax, so "
              "the scheme costs the government nothing.", (), "partial", None,
              _budget_balance, sample="mechanism", domain=_scheme_equilibrium_found,
              note="The equilibrium is found from the market equilibrium by Newton steps on "
              "the welfare gradient, independently of the planner's solver; draws where "
              "that search does not end at an equilibrium are left out. Where it fails, the "
              "firms stop at a second, worse equilibrium of the scheme (a local welfare "
              "maximum), where subsidy and tax differ."),
        Claim("appB.truthful", "Appendix B, private information, (IC)",
              "With privately known cost spillovers, reporting the truth is weakly dominant: "
              "a firm's tax (37) does not fall when it misreports.", (), "fails", None,
              _truthful_reports, sample="mechanism", domain=_optimum_is_equilibrium_domain,
              note="Necessary condition checked at truthful symmetric profiles: the tax's "
              "slope in the firm's own report must be zero (to rounding). It is not: the "
              "planner's optimum, and with it the tax, moves with the report."),
    )  # fmt: skip


#: The registry, in the paper's order; ``CLAIMS["prop3.ii"]``.
CLAIMS: dict[str, Claim] = {claim.id: claim for claim in _claims()}


# ------------------------------------------------------------------ evaluation
@dataclass(frozen=True)
class Samples:
    """The samples the claims are checked on (one seed, offsets per sample).

    ``optima`` and ``optima_dropped`` keep only draws where the coordinated optima
    of section 2.2 exist (with and without Assumption 1); ``volume`` holds
    section 4's model (:func:`~isacmodel.verify.sampling.draw_volume_sample`).
    """

    symmetric: Sample
    dropped: Sample
    asymmetric: Sample
    optima: Sample
    optima_dropped: Sample
    volume: Sample

    def for_claim(self, claim: Claim) -> tuple[Sample, Sample | None]:
        """Return the sample a claim is checked on and its Assumption-1-violating counterpart."""
        return {
            "symmetric": (self.symmetric, self.dropped),
            "optima": (self.optima, self.optima_dropped),
            "asymmetric": (self.asymmetric, None),
            "volume": (self.volume, None),
            "mechanism": (self.optima, None),
        }[claim.sample]

    @property
    def seed(self) -> int:
        """The base seed."""
        return self.symmetric.seed

    @cached_property
    def fingerprint(self) -> str:
        """SHA-256 over every sample's seed and drawn parameters (keys the stored verdicts)."""
        every = (self.symmetric, self.dropped, self.asymmetric, self.optima,
                 self.optima_dropped, self.volume)  # fmt: skip
        digest = hashlib.sha256("".join(sample.fingerprint for sample in every).encode())
        return digest.hexdigest()


def draw_samples(n: int, seed: int) -> Samples:
    """Draw the samples of :class:`Samples`, ``n`` draws each.

    Kept on disk when ``ISACMODEL_CACHE`` is set (see :mod:`isacmodel.verify.cache`), so the
    chapters of one build draw them once.
    """
    return store.cached_call(_draw_samples, n, seed)


def _draw_samples(n: int, seed: int) -> Samples:
    return Samples(
        symmetric=draw_sample(n, seed),
        dropped=draw_sample(n, seed + 1, assumption_1=False),
        asymmetric=draw_sample(n, seed + 2, asymmetric=True),
        optima=draw_sample(n, seed + 3, optima_exist=True),
        optima_dropped=draw_sample(n, seed + 4, assumption_1=False, optima_exist=True),
        volume=draw_volume_sample(n, seed + 5),
    )


def _rate(margins: np.ndarray) -> float:
    return float(np.mean(margins > TOLERANCE))


def evaluate(claim: Claim, samples: Samples) -> Evidence:
    """Run a claim's checks and classify the result.

    The verdicts of registered claims are kept on disk when ``ISACMODEL_CACHE`` is set
    (keyed by the claim's id and :attr:`Samples.fingerprint`), so the book's
    verification page does not check again what the chapters have checked.

    Parameters
    ----------
    claim : Claim
    samples : Samples

    Returns
    -------
    Evidence
    """
    if CLAIMS.get(claim.id) is not claim:
        return _evaluate(claim, samples)
    stored = store.cached_call(_evaluate_registered, claim.id, samples.fingerprint, samples=samples)
    return replace(stored, claim=claim)


def _evaluate_registered(claim_id: str, fingerprint: str, *, samples: Samples) -> Evidence:
    """Evaluate a registered claim; the stored copy leaves the claim out (it does not pickle)."""
    return replace(_evaluate(CLAIMS[claim_id], samples), claim=None)


def _evaluate(claim: Claim, samples: Samples) -> Evidence:
    symbolic = claim.symbolic() if claim.symbolic else None
    sample, dropped_sample = samples.for_claim(claim)
    rate = worst = None
    worst_params: dict = {}
    dropped_rate = one_firm_rate = None
    dropped_params: dict = {}
    n_outside = 0
    if claim.numeric:
        margins, inside = _margins_in_domain(claim, sample, "in the sample")
        n_outside = len(sample) - len(inside)
        rate = _rate(margins)
        index = int(np.argmin(margins))
        worst, worst_params = float(margins[index]), sample.row(int(inside[index]))
        if dropped_sample is not None:
            dropped, inside_dropped = _margins_in_domain(
                claim, dropped_sample, "where Assumption 1 fails"
            )
            dropped_rate = _rate(dropped)
            if dropped_rate < 1:
                dropped_params = dropped_sample.row(int(inside_dropped[np.argmin(dropped)]))
        if claim.one_firm:
            one_firm_rate = _rate(claim.one_firm(sample))
    status, tag, category = _classify(symbolic, rate)
    return Evidence(
        claim=claim,
        status=status,
        tag=tag,
        category=category,
        symbolic=symbolic,
        pass_rate=rate,
        n_draws=len(sample) - n_outside if claim.numeric else 0,
        seed=sample.seed,
        tolerance=TOLERANCE,
        worst_margin=worst,
        worst_params=worst_params,
        pass_rate_dropped=dropped_rate,
        worst_dropped_params=dropped_params,
        one_firm_pass_rate=one_firm_rate,
        n_outside=n_outside,
    )


def _margins_in_domain(claim: Claim, sample: Sample, where: str) -> tuple[np.ndarray, np.ndarray]:
    """Return the claim's margins on the draws of its domain, and those draws' indices."""
    margins = claim.numeric(sample)
    inside = np.flatnonzero(claim.domain(sample)) if claim.domain else np.arange(len(sample))
    margins = margins[inside]
    if not len(margins):
        raise RuntimeError(f"{claim.id}: no draw {where} lies in the claim's domain")
    if not np.all(np.isfinite(margins)):
        raise RuntimeError(f"{claim.id}: non-finite margins {where}")
    return margins, inside


def _classify(symbolic: bool | None, rate: float | None) -> tuple[str, str, str]:
    if symbolic is True and rate in (None, 1.0):
        return "proved symbolically", "OK", "proved"
    if symbolic is False and rate in (None, 0.0):
        return "disproved symbolically", "FAILS", "fails"
    if symbolic is not None and rate is not None:
        return "symbolic and numeric checks disagree", "FAILS", "inconsistent"
    if rate is None:
        return "unchecked", "FAILS", "unchecked"
    if rate == 1.0:
        return "holds on all draws", "OK", "holds"
    if rate == 0.0:
        return "fails", "FAILS", "fails"
    return f"holds on {_percent(rate)} of draws", "PARTIAL", "partial"


def verify_all(
    n: int = DEFAULT_DRAWS, seed: int = DEFAULT_SEED, *, jobs: int = 1
) -> list[Evidence]:
    """Evaluate every claim of the registry.

    Parameters
    ----------
    n : int
        Draws per sample (each claim sees ``n`` admissible draws).
    seed : int
        Base seed; the result is a pure function of ``(n, seed)``.
    jobs : int
        Processes; above one, the groups of :func:`claim_groups` are evaluated in
        parallel (same results).

    Returns
    -------
    list of Evidence
        In registry order.
    """
    if jobs < 1:
        raise ValueError(f"jobs must be at least 1, got {jobs}")
    samples = draw_samples(n, seed)
    if jobs == 1:
        return [evaluate(claim, samples) for claim in CLAIMS.values()]
    with ProcessPoolExecutor(jobs) as pool:
        groups = pool.map(evaluate_group, claim_groups(), repeat(samples))
        stored = dict(pair for group in groups for pair in group)
    return [replace(stored[claim_id], claim=claim) for claim_id, claim in CLAIMS.items()]


def claim_groups() -> list[tuple[str, ...]]:
    """Return the claims' ids grouped by the sample they are checked on, largest group first.

    Claims on one sample share its solved regimes, so a group is the unit of work that
    :func:`verify_all` hands to a process.
    """
    groups: dict[str, list[str]] = {}
    for claim in CLAIMS.values():
        groups.setdefault(claim.sample, []).append(claim.id)
    return sorted((tuple(ids) for ids in groups.values()), key=len, reverse=True)


def evaluate_group(claim_ids: tuple[str, ...], samples: Samples) -> list[tuple[str, Evidence]]:
    """Evaluate registered claims as :func:`evaluate` does.

    Returns ``(id, evidence)`` pairs whose evidence leaves the claim out (it does not
    pickle, and this runs in another process).
    """
    return [(claim_id, replace(evaluate(CLAIMS[claim_id], samples), claim=None))
            for claim_id in claim_ids]  # fmt: skip


def _percent(rate: float | None) -> str:
    """One decimal, or two where one would round a partial rate to 0% or 100%."""
    if rate is None:
        return "–"
    digits = 2 if 0 < rate < 1 and not 0.001 <= rate <= 0.999 else 1
    return f"{100 * rate:.{digits}f}%"


def evidence_markdown(report: list[Evidence], *, references: bool = True) -> str:
    """Render evidence records as a Markdown table (for the book's pages).

    Columns: the claim (its id, and where the paper makes it if ``references``), our
    statement, the status, the pass rate, the pass rate where Assumption 1 fails (for
    claims that assume it) and the pass rate of the paper's one-firm argument
    (comparative statics).  The last two are left out when no record has them.
    """
    header = ["Claim", "Statement", "Status", "Pass rate", "Where A1 fails", "One firm"]
    table = []
    for evidence in report:
        claim = evidence.claim
        dropped = _percent(evidence.pass_rate_dropped) if ASSUMPTION_1 in claim.conditions else "–"
        name = f"`{claim.id}` ({claim.reference})" if references else f"`{claim.id}`"
        status = f"**{evidence.tag}** {evidence.status}"
        rates = [_percent(evidence.pass_rate), dropped, _percent(evidence.one_firm_pass_rate)]
        table.append([name, claim.statement, status, *rates])
    keep = [c for c in range(len(header)) if c < 4 or any(row[c] != "–" for row in table)]
    rows = [[row[c] for c in keep] for row in [header, *table]]
    lines = ["| " + " | ".join(rows[0]) + " |", "|" + "---|" * len(keep)]
    return "\n".join(lines + ["| " + " | ".join(row) + " |" for row in rows[1:]])
