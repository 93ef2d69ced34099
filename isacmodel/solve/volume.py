r"""Section 4: volume-related security costs (Proposition 7), one interface for every family.

Firm ``i``'s marginal cost is :math:`F_i = (c - \hat\delta\, t_j s_j)\,\phi(t_i)`; the
model and every expression of the proof of Proposition 7 are derived in
:mod:`isacmodel.derive.volume` and re-exported here (:func:`prices`,
:func:`first_order_conditions` (17)-(18), :func:`printed_expressions`, ...).

:func:`solve_volume_nash` and :func:`solve_volume_nash_batch` find the symmetric
equilibrium; :func:`statics_delta_hat` and :func:`sharing_reaction_slope` give the
responses at an equilibrium; :func:`best_response_batch`, :func:`reaction_slopes` and
:func:`reaction_curve` give firm i's reaction function to any rival choice, and
:func:`sign_map` solves the model over the :math:`(\delta_d, \hat\delta)` plane.  Each
takes a :class:`~isacmodel.core.families.Specification`: under
:data:`~isacmodel.core.families.BASELINE` the exact polynomial path runs
(:mod:`isacmodel.solve.volume_polynomial`: (18) with (17) substituted is a polynomial
of degree 11 in the common investment), any other family goes to the Newton path
(:mod:`isacmodel.solve.volume_newton`).  The book's chapter ``chapters/volume.md``
shows them.
"""

from __future__ import annotations

import numpy as np

from isacmodel.core.families import BASELINE, Specification, require_specification
from isacmodel.core.params import Params, ParamsBatch, require_batch, require_params
from isacmodel.core.regimes import Regime
from isacmodel.derive.volume import (
    DELTA_HAT,
    MISPRINTS,
    C,
    f,
    first_order_conditions,
    marginal_cost,
    phi,
    phi_numeric,
    price,
    prices,
    printed_expressions,
    printed_price,
    profit,
    reduced_profit,
    sharing_given_investment,
    specialise,
)
from isacmodel.solve import volume_newton, volume_polynomial
from isacmodel.solve.nash import single_point_batch
from isacmodel.solve.results import BatchEquilibria, Equilibrium, EquilibriumError
from isacmodel.solve.volume_polynomial import ARGS, parameter_values
from isacmodel.solve.volume_responses import (
    NEGATIVE_COST,
    NO_SALE,
    best_response_radius,
    corner_labels,
    trace_reaction_curve,
)

__all__ = [
    "ARGS",
    "C",
    "DELTA_HAT",
    "MISPRINTS",
    "NEGATIVE_COST",
    "NO_SALE",
    "best_response_batch",
    "best_response_radius",
    "corner_labels",
    "f",
    "first_order_conditions",
    "marginal_cost",
    "parameter_values",
    "phi",
    "phi_numeric",
    "price",
    "prices",
    "printed_expressions",
    "printed_price",
    "profit",
    "reaction_curve",
    "reaction_slopes",
    "reduced_profit",
    "sharing_given_investment",
    "sharing_reaction_slope",
    "sharing_threshold",
    "sign_map",
    "solve_volume_nash",
    "solve_volume_nash_batch",
    "specialise",
    "statics_delta_hat",
]

#: The label of section 4's equilibria in ``Equilibrium.regime``: :class:`Regime` has no
#: member for section 4 yet, and the book's widgets show this label.
_REGIME = f"{Regime.NASH}, volume-related costs"


def _is_baseline(spec: Specification) -> bool:
    return require_specification(spec) == BASELINE


def solve_volume_nash_batch(
    batch: ParamsBatch, spec: Specification = BASELINE, *, check_global: bool = True
) -> BatchEquilibria:
    """Symmetric section-4 equilibria for many parameter points (vectorised).

    Takes the candidate with the lowest investment that satisfies the second-order
    conditions of (17)-(18), is stable under best-response dynamics, and has a
    positive margin :math:`p_i - F_i` and marginal cost.  Entries that are
    inadmissible, asymmetric (``a_i != a_j``; not solved yet) or have no such
    candidate are flagged in ``ok``/``reason``.

    Parameters
    ----------
    batch : ParamsBatch
    spec : Specification
        Leakage and volume-cost shape (the cost family reduces to :math:`k t^2/2`).
        The baseline runs the polynomial path (``corner``, ``residual`` and
        ``n_equilibria``, the number of stable candidates, set); others the Newton
        path of :func:`isacmodel.solve.volume_newton.solve_volume_nash_batch`.
    check_global : bool
        Newton path only: require each firm's choice to beat a grid over its own
        choices (the polynomial path finds every root instead).

    Returns
    -------
    BatchEquilibria
        Both columns hold the common choices; quantities are :math:`b_1 (p - F)`.
    """
    require_batch(batch)
    if _is_baseline(spec):
        return volume_polynomial.solve_volume_nash_batch(batch)
    return volume_newton.solve_volume_nash_batch(batch, spec, check_global=check_global)


def solve_volume_nash(
    params: Params, spec: Specification = BASELINE, *, check_global: bool = True
) -> Equilibrium:
    """Solve the symmetric Bertrand-Nash equilibrium of section 4 (volume-related costs).

    Quantities are :math:`b_1 (p_i - F_i)`, the demand at the second-stage prices.
    With ``check_global``, each firm's choice is compared with a 201 x 201 grid over
    its own decisions, the rival held at the equilibrium, by the one rule of every
    family (:func:`isacmodel.solve.volume_newton.is_global_best_response`: deviations
    count where both firms keep a positive margin).

    Raises
    ------
    EquilibriumError
        If there is no stable symmetric equilibrium with a positive margin.
    ValueError
        If ``a_i != a_j`` (not solved yet).
    """
    if require_params(params).a_i != params.a_j:
        raise ValueError(
            f"section 4 is solved for symmetric firms only (got a_i={params.a_i}, a_j={params.a_j})"
        )
    batch = single_point_batch(params)
    result = solve_volume_nash_batch(batch, spec, check_global=check_global)
    if not result.ok[0]:
        raise EquilibriumError(f"no section-4 equilibrium at {params}: {result.reason[0]}")
    s, t = float(result.s[0, 0]), float(result.t[0, 0])
    gain = float(result.profit[0, 0])
    is_global = None
    if check_global:
        is_global = bool(volume_newton.is_global_best_response(
            spec, parameter_values(batch), result.s[:, 0], result.t[:, 0], grid=(201, 201)
        )[0])  # fmt: skip
    residual = float("nan") if result.residual is None else float(result.residual[0])
    return Equilibrium(
        regime=_REGIME, params=params, s=(s, s), t=(t, t),
        p=(float(result.p[0, 0]),) * 2, q=(float(result.q[0, 0]),) * 2, profit=(gain, gain),
        corner=str(result.corner[0]), residual=residual, second_order=True,
        spectral_radius=float(result.spectral_radius[0]), global_best_response=is_global,
    )  # fmt: skip


def statics_delta_hat(batch: ParamsBatch, s, t, corner, spec: Specification = BASELINE):
    r"""Return the responses ``(ds/d hat_delta, dt/d hat_delta)`` at symmetric equilibria.

    The implicit function theorem on both firms' conditions (17)-(18); by symmetry
    both firms respond alike, so the 4 x 4 system reduces to
    :math:`(M + N)\,dx = -\partial(G, H)/\partial\hat\delta`.  Where sharing sits
    at a corner it does not respond and only the investment condition is used.
    ``s``, ``t`` and ``corner`` are per entry, shape ``(n,)``; the result ``(n, 2)``.
    """
    if _is_baseline(spec):
        return volume_polynomial.statics_delta_hat(batch, s, t, corner)
    return volume_newton.statics_delta_hat(batch, s, t, corner, spec)


def sharing_reaction_slope(batch: ParamsBatch, s, t, spec: Specification = BASELINE):
    r"""Return :math:`\partial s_i/\partial s_j` of firm i's reaction function at ``(s, t)``.

    Both conditions (17)-(18) respond (the implicit function theorem at a symmetric
    point with interior sharing).
    """
    if _is_baseline(spec):
        return volume_polynomial.sharing_reaction_slope(batch, s, t)
    n = len(batch)
    s, t = np.broadcast_to(s, (n,)), np.broadcast_to(t, (n,))
    return volume_newton.reaction_slopes(batch, s, t, s, t, np.full(n, ""), spec)[:, 0, 0]


def best_response_batch(
    batch: ParamsBatch, s_j, t_j, spec: Specification = BASELINE
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    r"""Firm i's global best response ``(s_i, t_i, corner)`` to rival choices, vectorised.

    Candidates are the critical points of (17)-(18): interior sharing, and
    investment alone with sharing at 0 or 1, plus no investment; the one with the
    highest profit among those where both firms keep a positive margin (so that
    the second-stage prices apply) wins.  The baseline finds them as roots of
    cubics, other families by Newton steps from a grid of starts.

    Parameters
    ----------
    batch : ParamsBatch
        Section-4 parameter points (``n`` entries).
    s_j, t_j : array_like
        The rival's sharing and investment, broadcast to ``(n,)``.
    spec : Specification

    Returns
    -------
    s_i, t_i : ndarray
        The best response, NaN where ``corner`` is :data:`NO_SALE` or
        :data:`NEGATIVE_COST`.
    corner : ndarray of str
        ``"s_i = 0"``, ``"s_i = 1"`` or ``""`` (interior sharing), with ``"t_i = 0"``
        added when firm i does not invest; :data:`NO_SALE` when no candidate keeps
        both margins positive, :data:`NEGATIVE_COST` when
        :math:`c - \hat\delta t_j s_j \le 0`.
    """
    if _is_baseline(spec):
        return volume_polynomial.best_response_batch(batch, s_j, t_j)
    return volume_newton.best_response_batch(batch, s_j, t_j, spec)


def reaction_slopes(
    batch: ParamsBatch, s_i, t_i, s_j, t_j, corner, spec: Specification = BASELINE
) -> np.ndarray:
    r"""Return firm i's responses ``(n, 2, 2)``: rows ``(s_i, t_i)``, columns ``(s_j, t_j)``.

    The implicit function theorem on (17)-(18) at firm i's best response
    (``corner`` as :func:`best_response_batch` reports it).  A decision at a
    corner does not respond, and the other follows its own condition alone.
    ``[:, 0, 0]`` is the slope :math:`\partial s_i/\partial s_j` of the sharing
    reaction function (the rival's investment held fixed).
    """
    if _is_baseline(spec):
        return volume_polynomial.reaction_slopes(batch, s_i, t_i, s_j, t_j, corner)
    return volume_newton.reaction_slopes(batch, s_i, t_i, s_j, t_j, corner, spec)


def sharing_threshold(batch: ParamsBatch, t_j, spec: Specification = BASELINE) -> np.ndarray:
    r"""Return :math:`\hat\delta_0 = \delta_d/(b_1\phi(t_j))`, where (17)'s investment term flips.

    Below it, firm i's sharing from (17) rises with its own investment; above it,
    sharing falls with investment.  The proof of Proposition 7 leaves the sign of
    :math:`\delta_d - b_1\hat\delta\phi(t_j)` open.  Evaluated at :math:`t_0`, the
    investment of symmetric firms that do not share, it is exactly the spillover
    above which symmetric firms stop sharing (on that boundary neither spillover
    enters the payoffs, so investment is :math:`t_0` all along it).
    """
    if _is_baseline(spec):
        return np.asarray(batch.delta_d, dtype=float) / (np.asarray(batch.b1) * phi_numeric(t_j))
    return volume_newton.sharing_threshold(batch, t_j, spec)


def reaction_curve(
    batch: ParamsBatch, s_j_values, t_j, spec: Specification = BASELINE
) -> dict[str, np.ndarray]:
    r"""Firm i's sharing reaction function over a grid of the rival's sharing.

    Parameters
    ----------
    batch : ParamsBatch
        ``n`` section-4 parameter points.
    s_j_values : array_like
        The rival's sharing levels (``m`` values).
    t_j : array_like
        The rival's investment, held fixed along each curve, ``(n,)``.
    spec : Specification

    Returns
    -------
    dict
        ``s_i``, ``t_i``, ``slope`` (:math:`\partial s_i/\partial s_j`), ``corner``,
        each ``(n, m)``; ``interior`` marks points with sharing strictly inside
        (0, 1) and positive investment.
    """
    require_specification(spec)

    def best(points, s_j, t_j):
        return best_response_batch(points, s_j, t_j, spec)

    def slopes(points, s_i, t_i, s_j, t_j, corner):
        return reaction_slopes(points, s_i, t_i, s_j, t_j, corner, spec)

    return trace_reaction_curve(best, slopes, batch, s_j_values, t_j)


def sign_map(params: Params, delta_d, delta_hat, spec: Specification = BASELINE) -> dict:
    r"""Solve section 4 over a grid of :math:`(\delta_d, \hat\delta)` and sign the responses.

    Parameters
    ----------
    params : Params
        The other parameters (symmetric firms).
    delta_d, delta_hat : array_like
        Grid values (1-D); the result arrays have shape ``(len(delta_hat), len(delta_d))``.
    spec : Specification

    Returns
    -------
    dict
        ``s``, ``t`` (NaN where no equilibrium), ``ds``, ``dt`` (the responses to
        :math:`\hat\delta`, :func:`statics_delta_hat`), ``corner``, ``ok``, ``reason``,
        and ``threshold``: :math:`\delta_d - b_1\hat\delta\,\phi(t)`, positive exactly
        where firms share (at a symmetric equilibrium, (17) gives
        :math:`s = b_2 t\,[\delta_d - b_1\hat\delta\phi(t)]/(4b_1\gamma_1 - 2b_1\gamma_3
        - 2b_2\gamma_2 - b_2\gamma_3)`, a positive denominator).
    """
    dd, dh = np.meshgrid(np.asarray(delta_d, dtype=float), np.asarray(delta_hat, dtype=float))
    values = {name: np.full(dd.size, value) for name, value in params.as_dict().items()}
    values.update(delta_d=dd.ravel(), delta_hat=dh.ravel(), delta_c=np.zeros(dd.size))
    batch = ParamsBatch(**values)
    result = solve_volume_nash_batch(batch, spec)
    s, t = result.s[:, 0], result.t[:, 0]
    statics = np.full((dd.size, 2), np.nan)
    good = result.ok
    if good.any():
        chosen = ParamsBatch(**{name: v[good] for name, v in values.items()})
        statics[good] = statics_delta_hat(chosen, s[good], t[good], result.corner[good], spec)
    if _is_baseline(spec):
        phi_t = phi_numeric(t)
    else:
        phi_t = volume_newton.phi_values(t, spec)
    out = {
        "delta_d": dd, "delta_hat": dh, "s": s, "t": t, "ds": statics[:, 0], "dt": statics[:, 1],
        "corner": result.corner, "ok": result.ok, "reason": result.reason,
        "threshold": dd.ravel() - batch.b1 * dh.ravel() * phi_t,
    }  # fmt: skip
    return {k: (v.reshape(dd.shape) if k not in ("delta_d", "delta_hat") else v)
            for k, v in out.items()}  # fmt: skip
