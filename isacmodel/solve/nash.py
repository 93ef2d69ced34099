r"""Section 2.1: the Bertrand-Nash equilibrium of the first stage, one interface for every family.

:func:`solve_nash` (one point) and :func:`solve_nash_batch` (many) take a
:class:`~isacmodel.core.families.Specification`.  Under the baseline the exact
polynomial backend runs (:mod:`isacmodel.solve.nash_polynomial`: the symmetric quintic
of the investment condition (6) along the sharing condition (5)); under any other
family the Newton backend (:mod:`isacmodel.solve.nash_newton`).  Both return
:class:`~isacmodel.solve.results.Equilibrium` / :class:`~isacmodel.solve.results.BatchEquilibria`.

Also here: every equilibrium of a point (:func:`nash_equilibria`), a firm's global best
response (:func:`best_response`), and comparative statics by the implicit function
theorem on the full four-equation system (:func:`statics`, :func:`comparative_statics`,
the equilibrium response) and by the paper's one-firm argument :math:`-M^{-1}(\partial^2
p_i/\partial s_i \partial x, \partial H_i/\partial x)` (:func:`one_firm_statics`, firm j
held fixed; Lemma 1, Propositions 2-3).  The two coincide for reaction-function slopes
(:func:`reaction_slopes`), not for parameters.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from isacmodel.core.families import BASELINE, Specification, require_specification
from isacmodel.core.model import PARAMETER_FIELDS
from isacmodel.core.params import (
    Params,
    ParamsBatch,
    require_batch,
    require_params,
    require_positive,
)
from isacmodel.core.regimes import Regime
from isacmodel.derive import bertrand
from isacmodel.numerics.linalg import (
    best_response_radius,
    reaction_matrices,
    second_order_conditions,
    solve_stack,
)
from isacmodel.numerics.polyroots import batch_real_roots  # re-exported for older callers
from isacmodel.solve import nash_newton
from isacmodel.solve.nash_newton import (
    STATICS_PARAMETERS,
    cross_partials,
    investment_condition_slope,
    no_sharing_investment,
    payoff,
    price_slopes,
    welfare_at,
)
from isacmodel.solve.nash_polynomial import (
    ARGS,
    RESIDUAL_TOLERANCE,
    best_response_batch,
    conditions_both,
    continue_asymmetric,
    evaluate_expressions,
    evaluate_rival,
    jacobians,
    single_point_batch,
    solve_polynomial_batch,
    symmetric_candidates,
    with_intercepts_swapped,
)
from isacmodel.solve.results import BatchEquilibria, Equilibrium, EquilibriumError, Pair

__all__ = [
    "ARGS",
    "PARAMETER_FIELDS",
    "RESIDUAL_TOLERANCE",
    "STATICS_PARAMETERS",
    "BestResponse",
    "batch_real_roots",
    "best_response",
    "best_response_batch",
    "comparative_statics",
    "comparative_statics_batch",
    "cross_partials",
    "evaluate_expressions",
    "evaluate_rival",
    "finite_difference_statics",
    "investment_condition_slope",
    "is_baseline",
    "jacobians",
    "nash_equilibria",
    "no_sharing_investment",
    "one_firm_statics",
    "one_firm_statics_batch",
    "payoff",
    "price_slopes",
    "reaction_matrices",
    "reaction_slopes",
    "single_point_batch",
    "solve_nash",
    "solve_nash_batch",
    "statics",
    "welfare_at",
    "with_intercepts_swapped",
]

#: Relative tolerance for "same profit" in the global best-response check.
GLOBAL_TOLERANCE = 1e-9


@dataclass(frozen=True)
class BestResponse:
    """Firm i's global best response to ``(s_j, t_j)``.

    Attributes
    ----------
    s, t : float
        Best sharing and investment.
    profit : float
        The profit they earn.
    corner : str
        ``""``, or ``"s_i = 1"`` / ``"s_i = 0"`` when the sharing constraint binds.
    candidates : int
        How many stationary points and kinks were compared.
    """

    s: float
    t: float
    profit: float
    corner: str
    candidates: int


def _check_rival(s_j: float, t_j: float) -> None:
    if not (np.isfinite(s_j) and 0 <= s_j <= 1):
        raise ValueError(f"s_j must be finite and in [0, 1] (got s_j={s_j})")
    if not (np.isfinite(t_j) and t_j >= 0):
        raise ValueError(f"t_j must be finite and non-negative (got t_j={t_j})")


def best_response(params: Params, s_j: float, t_j: float) -> BestResponse:
    r"""Firm i's global best response :math:`(s_i, t_i)` to the rival's ``(s_j, t_j)``.

    The candidates are every real non-negative root of the investment condition
    with the best sharing substituted (a cubic where sharing is interior, a line
    where it is capped at one), the kink where sharing reaches one, and
    ``t_i = 0``; the one with the highest profit wins.

    Raises
    ------
    EquilibriumError
        If the profit is unbounded in ``t_i`` (investment cost not convex enough:
        ``k (1 - rho y/(1+y)) <= 2 b1 (dp_i/dt_i)^2`` at the sharing level firm i
        would choose for large ``t_i``).
    ValueError
        If ``s_j`` or ``t_j`` is outside its domain.
    """
    _check_rival(s_j, t_j)
    batch = single_point_batch(params)
    s0, s1 = evaluate_expressions("sharing_response", batch, 0.0, s_j, 0.0, t_j)[:, 0]
    _require_bounded(params, batch, s_j, t_j, 1.0 if s1 > 0 else float(np.clip(s0, 0, 1)))
    s, t, profit, corner, count = best_response_batch(batch, np.array([s_j]), np.array([t_j]))
    return BestResponse(float(s[0]), float(t[0]), float(profit[0]), str(corner[0]), int(count[0]))


def _require_bounded(params: Params, batch: ParamsBatch, s_j, t_j, s_limit: float) -> None:
    dp_dt = evaluate_expressions("dp_dt", batch, s_limit, s_j, 1.0, t_j)[0, 0]
    y_j = params.delta_c * t_j * s_j
    curvature = params.k * (1 - params.rho * y_j / (1 + y_j))
    if curvature <= 2 * params.b1 * dp_dt**2:
        raise EquilibriumError(
            "firm i's profit is unbounded in t_i: the cost curvature "
            f"k (1 - rho y/(1+y)) = {curvature:.4g} does not exceed 2 b1 (dp_i/dt_i)^2 = "
            f"{2 * params.b1 * dp_dt**2:.4g} (raise k)",
            curvature=curvature,
            revenue_curvature=2 * params.b1 * dp_dt**2,
        )


def _equilibrium(params: Params, s: Pair, t: Pair, corner: str, check_global: bool):
    batch = single_point_batch(params)
    s_i, s_j = np.array([s[0]]), np.array([s[1]])
    t_i, t_j = np.array([t[0]]), np.array([t[1]])
    price = evaluate_expressions("price", batch, s_i, s_j, t_i, t_j)[0, 0]
    price_j = evaluate_rival("price", batch, s_i, s_j, t_i, t_j)[0, 0]
    profit = evaluate_expressions("profit", batch, s_i, s_j, t_i, t_j)[0, 0]
    profit_j = evaluate_rival("profit", batch, s_i, s_j, t_i, t_j)[0, 0]
    conditions = conditions_both(batch, s_i, s_j, t_i, t_j)[0]
    if corner:  # the sharing conditions do not hold with equality at a corner
        conditions = conditions[[1, 3]]
    jacobian = jacobians(batch, s_i, s_j, t_i, t_j)
    if corner:  # sharing is pinned: only the investment conditions respond
        second_order, radius = _investment_only_checks(jacobian[0])
    else:
        second_order, radius = (
            bool(second_order_conditions(jacobian)[0]),
            float(best_response_radius(jacobian)[0]),
        )
    global_br = None
    if check_global:
        global_br = _is_global(params, s, t, (profit, profit_j))
    return Equilibrium(
        regime=Regime.NASH,
        params=params,
        s=(float(s[0]), float(s[1])),
        t=(float(t[0]), float(t[1])),
        p=(float(price), float(price_j)),
        q=(float(params.b1 * price), float(params.b1 * price_j)),
        profit=(float(profit), float(profit_j)),
        corner=corner,
        residual=float(np.max(np.abs(conditions))),
        second_order=second_order,
        spectral_radius=radius,
        global_best_response=global_br,
    )


def _investment_only_checks(jacobian: np.ndarray) -> tuple[bool, float]:
    """Second-order condition and stability at a sharing corner, where only ``t`` responds.

    The reaction slopes are ``dt_i/dt_j = -H_i,tj / H_i,ti`` (and firm j's mirror);
    the best-response map's spectral radius is the root of their product's modulus.
    """
    h_ti, h_tj = jacobian[1, 1], jacobian[1, 3]
    h_j_tj, h_j_ti = jacobian[3, 3], jacobian[3, 1]
    second_order = bool(h_ti < 0 and h_j_tj < 0)
    with np.errstate(all="ignore"):
        radius = float(np.sqrt(abs((h_tj / h_ti) * (h_j_ti / h_j_tj))))
    return second_order, radius


def _is_global(params: Params, s: Pair, t: Pair, profits: Pair) -> bool:
    mirrored = params.replace(a_i=params.a_j, a_j=params.a_i)
    for firm_params, (s_j, t_j), own in ((params, (s[1], t[1]), profits[0]),
                                         (mirrored, (s[0], t[0]), profits[1])):  # fmt: skip
        try:
            response = best_response(firm_params, s_j, t_j)
        except EquilibriumError:  # the firm's profit is unbounded against this rival choice
            return False
        if response.profit > own + GLOBAL_TOLERANCE * max(1.0, abs(own)):
            return False
    return True


def nash_equilibria(params: Params, *, check_global: bool = True) -> list[Equilibrium]:
    r"""Every Nash equilibrium found, sorted by firm i's investment.

    For symmetric firms (``a_i == a_j``) these are all symmetric equilibria:
    every root of the symmetric investment condition in :math:`(0, \bar t)` and
    every full-sharing corner.  For different intercepts, each symmetric
    equilibrium of the average intercept is continued to the actual intercepts;
    branches that fail to converge, or converge to sharing outside ``(0, 1)`` (where
    the unconstrained conditions no longer describe an equilibrium), are dropped.

    Parameters
    ----------
    params : Params
    check_global : bool
        Check that each firm's choice is a global best response (slower).

    Returns
    -------
    list of Equilibrium
        Possibly empty.  Each carries ``stable``, ``second_order``, ``corner``
        and ``global_best_response``.
    """
    if require_params(params).a_i == params.a_j:
        return [_equilibrium(params, (s, s), (t, t), corner, check_global)
                for s, t, corner in symmetric_candidates(params)]  # fmt: skip
    mean = params.replace(a_i=(params.a_i + params.a_j) / 2, a_j=(params.a_i + params.a_j) / 2)
    found = []
    for start in nash_equilibria(mean, check_global=False):
        if start.corner:
            continue
        solution = continue_asymmetric(
            single_point_batch(params), np.array([[start.s[0], start.t[0]]])
        )
        if solution is None:
            continue
        s_i, t_i, s_j, t_j = solution[0]
        if 0 < s_i < 1 and 0 < s_j < 1 and t_i > 0 and t_j > 0:
            found.append(_equilibrium(params, (s_i, s_j), (t_i, t_j), "", check_global))
    return _distinct(sorted(found, key=lambda e: e.t[0]))


def _distinct(equilibria: list[Equilibrium]) -> list[Equilibrium]:
    """Drop repeats: continuation from two symmetric roots can reach the same point."""
    kept: list[Equilibrium] = []
    for candidate in equilibria:
        point = np.array([*candidate.s, *candidate.t])
        if not any(np.allclose(point, [*e.s, *e.t], rtol=1e-8, atol=1e-12) for e in kept):
            kept.append(candidate)
    return kept


def solve_nash(
    params: Params, spec: Specification = BASELINE, *, check_global: bool = True
) -> Equilibrium:
    """Solve for the Nash equilibrium of the first-stage game that the paper discusses.

    Among the interior equilibria returned by :func:`nash_equilibria`, the stable
    one with the lowest investment (the paper's comparative statics describe a
    stable interior equilibrium).  Under another specification: the equilibrium of
    :func:`solve_nash_batch` at the one point (Newton's method; its global check is a
    grid over each firm's own choices, so ``global_best_response`` is True).

    Parameters
    ----------
    params : Params
    spec : Specification
        The functional forms (:mod:`isacmodel.core.families`); the baseline by default.
    check_global : bool
        Also check global optimality of each firm's choice; the result's
        ``global_best_response`` records the outcome (it is not required).

    Returns
    -------
    Equilibrium

    Raises
    ------
    EquilibriumError
        When no stable interior equilibrium exists; ``diagnostics["found"]``
        lists what was found (corners, unstable roots).

    Examples
    --------
    >>> eq = solve_nash(Params())
    >>> round(eq.s[0], 4), round(eq.t[0], 4), eq.stable, eq.global_best_response
    (0.0508, 0.0773, True, True)
    """
    require_params(params)
    if not is_baseline(spec):
        return _newton_equilibrium(params, spec)
    found = nash_equilibria(params, check_global=check_global)
    chosen = [e for e in found if e.interior and e.stable and e.second_order
              and e.residual < RESIDUAL_TOLERANCE]  # fmt: skip
    if not chosen:
        described = "; ".join(e.summary() for e in found) or "none"
        raise EquilibriumError(
            f"no stable interior Nash equilibrium at {params}; found: {described}",
            found=found,
        )
    return chosen[0]


def _point(eq: Equilibrium) -> tuple[ParamsBatch, tuple[np.ndarray, ...]]:
    decisions = tuple(np.array([v]) for v in (eq.s[0], eq.s[1], eq.t[0], eq.t[1]))
    return single_point_batch(eq.params), decisions


def _check_variable(variable: str, allowed: tuple[str, ...]) -> None:
    if variable not in allowed:
        raise ValueError(f"variable must be one of {allowed} (got {variable!r})")


def _rhs_both(batch: ParamsBatch, variable: str, decisions) -> np.ndarray:
    """Differentiate all four conditions with respect to ``variable``; ``(n, 4)``."""
    own = evaluate_expressions(f"rhs:{variable}", batch, *decisions)
    rival_name = {"a_i": "a_j", "a_j": "a_i"}.get(variable, variable)
    rival = evaluate_rival(f"rhs:{rival_name}", batch, *decisions)
    return np.concatenate([own, rival]).T


def comparative_statics_batch(batch: ParamsBatch, decisions, variable: str) -> np.ndarray:
    r"""Total equilibrium derivatives for many points; rows ``(s_i, t_i, s_j, t_j)``.

    Parameters
    ----------
    batch : ParamsBatch
    decisions : tuple of arrays
        ``(s_i, s_j, t_i, t_j)`` at each point's equilibrium.
    variable : str
        One of :data:`isacmodel.derive.bertrand.COMPARATIVE_STATICS_PARAMETERS`.

    Returns
    -------
    numpy.ndarray
        Shape ``(n, 4)``: :math:`-J_x^{-1} J_\theta`.
    """
    _check_variable(variable, bertrand.COMPARATIVE_STATICS_PARAMETERS)
    jacobian = jacobians(batch, *decisions)
    rhs = _rhs_both(batch, variable, decisions)
    return -solve_stack(jacobian, rhs[..., None])[..., 0]


def one_firm_statics_batch(batch: ParamsBatch, decisions, variable: str) -> np.ndarray:
    r"""Compute the paper's one-firm responses for many points; rows ``(s_i, t_i)``.

    :math:`-M^{-1}` times firm i's right-hand side, firm j held fixed; for
    ``variable`` in ``("s_j", "t_j")`` these are reaction-function slopes.
    """
    allowed = ("s_j", "t_j", *bertrand.COMPARATIVE_STATICS_PARAMETERS)
    _check_variable(variable, allowed)
    jacobian = jacobians(batch, *decisions)
    if variable in ("s_j", "t_j"):
        rhs = jacobian[:, :2, {"s_j": 2, "t_j": 3}[variable]]
    else:
        rhs = evaluate_expressions(f"rhs:{variable}", batch, *decisions).T
    return -solve_stack(jacobian[:, :2, :2], rhs[..., None])[..., 0]


def comparative_statics(eq: Equilibrium, variable: str) -> dict[str, float]:
    r"""Differentiate the equilibrium in a parameter (implicit function theorem, both firms).

    Differentiates all four first-order conditions, so both firms adjust:
    :math:`dx/d\theta = -J_x^{-1} J_\theta` with :math:`x = (s_i, t_i, s_j, t_j)`.

    Parameters
    ----------
    eq : Equilibrium
        An interior equilibrium (from :func:`solve_nash`).
    variable : str
        One of :data:`isacmodel.derive.bertrand.COMPARATIVE_STATICS_PARAMETERS`.

    Returns
    -------
    dict
        ``{"s_i": ds_i/dθ, "t_i": ..., "s_j": ..., "t_j": ...}``.
    """
    if eq.corner:
        raise EquilibriumError(f"comparative statics need an interior equilibrium ({eq.corner})")
    derivative = comparative_statics_batch(*_point(eq), variable)[0]
    return dict(zip(("s_i", "t_i", "s_j", "t_j"), map(float, derivative), strict=True))


def one_firm_statics(eq: Equilibrium, variable: str) -> dict[str, float]:
    r"""Apply the paper's one-firm argument: :math:`-M^{-1}` times firm i's right-hand side.

    This is how firm i's choices respond when firm j's are held fixed.  For
    ``variable`` in ``("s_j", "t_j")`` it is the slope of firm i's reaction
    function (Lemma 1(ii), Proposition 2); for a parameter it ignores the rival's
    response, which :func:`comparative_statics` includes.

    Returns
    -------
    dict
        ``{"s_i": ..., "t_i": ...}``.
    """
    derivative = one_firm_statics_batch(*_point(eq), variable)[0]
    return {"s_i": float(derivative[0]), "t_i": float(derivative[1])}


def finite_difference_statics(params: Params, variable: str, step: float = 1e-5) -> dict:
    """Central finite differences of :func:`solve_nash` with respect to a parameter.

    The independent check of :func:`comparative_statics`; ``variable="a"`` moves
    both intercepts.
    """
    require_params(params)
    require_positive(step=step)
    _check_variable(variable, bertrand.COMPARATIVE_STATICS_PARAMETERS)
    names = ("a_i", "a_j") if variable == "a" else (variable,)

    def shifted(sign: float) -> Equilibrium:
        changes = {name: getattr(params, name) + sign * step for name in names}
        return solve_nash(params.replace(**changes), check_global=False)

    up, down = shifted(1.0), shifted(-1.0)
    values = {"s_i": (up.s[0], down.s[0]), "t_i": (up.t[0], down.t[0]),
              "s_j": (up.s[1], down.s[1]), "t_j": (up.t[1], down.t[1])}  # fmt: skip
    return {key: (hi - lo) / (2 * step) for key, (hi, lo) in values.items()}


# ------------------------------------------------------------- one interface per game
def is_baseline(spec: Specification | None) -> bool:
    """Whether ``spec`` is the baseline (``None`` counts; not a Specification: TypeError)."""
    return spec is None or require_specification(spec) == BASELINE


def solve_nash_batch(batch: ParamsBatch, spec: Specification = BASELINE) -> BatchEquilibria:
    """:func:`solve_nash` for many parameter points at once (vectorised numpy).

    Under the baseline (:func:`isacmodel.solve.nash_polynomial.solve_polynomial_batch`):
    symmetric entries (``a_i == a_j``) take the lowest stable interior root of the
    symmetric condition; asymmetric entries are continued from the symmetric
    equilibrium of their average intercept.  Entries that are inadmissible, have no
    stable interior equilibrium, or fail the second-order or residual checks are
    flagged in ``ok``/``reason``; the batch never raises for them.  (The global
    best-response check is left to :func:`solve_nash`.)  Under another specification:
    :func:`isacmodel.solve.nash_newton.solve_newton_batch` (lowest-sharing interior,
    locally concave, stable and grid-globally best equilibrium).

    Parameters
    ----------
    batch : ParamsBatch
    spec : Specification
        The functional forms; the baseline by default.

    Returns
    -------
    BatchEquilibria
        With ``params`` and ``spec`` set.
    """
    if is_baseline(spec):
        result = solve_polynomial_batch(require_batch(batch))
        return BatchEquilibria(**{**result.__dict__, "params": batch, "spec": BASELINE})
    return nash_newton.solve_newton_batch(require_batch(batch), spec).flag_inadmissible()


def _newton_equilibrium(params: Params, spec: Specification) -> Equilibrium:
    result = nash_newton.solve_newton_batch(single_point_batch(params), spec)
    if not result.ok[0]:
        raise EquilibriumError(
            f"no stable interior Nash equilibrium under {spec.name} at {params}: "
            f"{result.reason[0]}",
            spec=spec,
        )
    s_i, s_j, t_i, t_j = result.decisions()
    x = np.column_stack([s_i, t_i, s_j, t_j])
    conditions = nash_newton.both_conditions(spec, result.params, x)

    def pair(values: np.ndarray) -> Pair:
        return float(values[0, 0]), float(values[0, 1])

    return Equilibrium(
        regime=Regime.NASH, params=params, s=pair(result.s), t=pair(result.t),
        p=pair(result.p), q=pair(result.q), profit=pair(result.profit),
        residual=float(np.max(np.abs(conditions))), second_order=True,
        spectral_radius=float(result.spectral_radius[0]), global_best_response=True,
        extra={"spec": spec},
    )  # fmt: skip


def _as_batch(result: BatchEquilibria | Equilibrium) -> BatchEquilibria:
    if isinstance(result, Equilibrium):
        return BatchEquilibria.from_equilibrium(result)
    return result


def statics(
    result: BatchEquilibria | Equilibrium, variable: str, spec: Specification | None = None
) -> np.ndarray:
    r"""Total equilibrium derivatives in a parameter, both firms responding; ``(n, 4)``.

    :math:`dx/d\theta = -J_x^{-1} J_\theta` with :math:`x = (s_i, t_i, s_j, t_j)` and
    :math:`J` the Jacobian of both firms' first-order conditions (5)-(6).

    Parameters
    ----------
    result : BatchEquilibria or Equilibrium
        The equilibria (one row for an :class:`Equilibrium`).
    variable : str
        Under the baseline one of
        :data:`isacmodel.derive.bertrand.COMPARATIVE_STATICS_PARAMETERS`
        (:func:`comparative_statics_batch`), else of :data:`STATICS_PARAMETERS`.
    spec : Specification, optional
        Default: ``result.spec`` (the baseline if unset).
    """
    result = _as_batch(result)
    spec = result.spec if spec is None else spec
    if is_baseline(spec):
        return comparative_statics_batch(result.params, result.decisions(), variable)
    return nash_newton.statics(result, variable, spec)


def reaction_slopes(
    result: BatchEquilibria | Equilibrium, spec: Specification | None = None
) -> np.ndarray:
    r"""Slopes of firm i's reaction functions at the equilibria, ``(n, 2, 2)``.

    Rows ``(s_i, t_i)``, columns ``(s_j, t_j)``: entry ``[k, 1, 0]`` is
    :math:`\partial t_i/\partial s_j` at equilibrium ``k`` (Lemma 1(ii), Proposition 2),
    :math:`-M^{-1}` times the cross derivatives of firm i's conditions.  ``spec`` as
    for :func:`statics`.
    """
    result = _as_batch(result)
    spec = result.spec if spec is None else spec
    if is_baseline(spec):
        by_s = one_firm_statics_batch(result.params, result.decisions(), "s_j")
        by_t = one_firm_statics_batch(result.params, result.decisions(), "t_j")
        return np.stack([by_s, by_t], axis=-1)
    return nash_newton.reaction_slopes(result, spec)
